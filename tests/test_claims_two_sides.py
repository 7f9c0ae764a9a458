"""A route one side alleges and another denies is two claims, one asserted on the allegation's
words and one denied with only the time its own words give (issue 21): the denial tagged on
after a name with an apostrophe or a quoted word ("ce qu'Ankara a démenti", "назвао „лажима“"),
a news outlet passing the report on ("Kako prenosi agencija"), a denial of what it names someone
as alleging ("the Russian embassy's claims that …"), a denial followed by who alleged it ("…,
after a think tank said …", "jak tvrdila média"), another speaker after "whereas", and a bare
later denial ("Budapest dementiert."). A denial of unattributed reports stays one denied claim.
Also: the whole of last year in several languages, and town names the tables lacked."""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims import dates, places
from shadowtrade.claims.extract import Hypothesis, extract_all

TODAY = date(2024, 6, 20)


def _month(d: date | None) -> str | None:
    return f"{d:%Y-%m}" if d else None


def _read(text: str) -> list[tuple[str | None, list[str], str | None, str | None, str]]:
    """(origin, via, destination, first month, stance) of each claim read."""
    hyps: list[Hypothesis] = extract_all(text, today=TODAY)
    return [(h.origin, list(h.via), h.destination, _month(h.period_start), h.stance) for h in hyps]


@pytest.mark.parametrize(
    ("text", "route", "start"),
    [
        # a denial tagged on after a name with an apostrophe
        (
            "Selon un rapport de l'ONU, des drones de fabrication turque ont été livrés au Mali via"
            " Niamey depuis mars 2023, ce qu'Ankara a démenti.",
            ("TUR", ["NER"], "MLI"),
            "2023-03",
        ),
        (
            "Selon le gouvernement nigérien, des fusils venus de Libye transitent par le Tchad vers"
            " le Niger depuis janvier 2024, ce que N'Djamena a fermement démenti.",
            ("LBY", ["TCD"], "NER"),
            "2024-01",
        ),
        # a news agency passes the report on; the denial is tagged on
        (
            "Kako prenosi agencija, srpska municija od januara 2023. preko Rumunije stiže do"
            " Ukrajine, što Beograd odlučno odbacuje.",
            ("SRB", ["ROU"], "UKR"),
            "2023-01",
        ),
        # the denial word in quotes
        (
            "Према писању медија, српска муниција је током 2023. преко Турске стигла до Украјине,"
            " што је министар назвао „лажима“.",
            ("SRB", ["TUR"], "UKR"),
            "2023-01",
        ),
    ],
)
def test_a_denial_tagged_on_after_a_reported_route_is_a_second_claim(
    text: str, route: tuple[str, list[str], str], start: str
) -> None:
    assert _read(text) == [(*route, start, "asserted"), (*route, None, "denied")]


@pytest.mark.parametrize(
    ("text", "route", "start"),
    [
        (
            "Министерството на външните работи отхвърли твърденията на руското посолство, че от"
            " март 2024 г. български гранати са доставяни на Украйна през Румъния.",
            ("BGR", ["ROU"], "UKR"),
            "2024-03",
        ),
        (
            "The Turkish trade ministry rejected a US Treasury assertion that Turkish firms shipped"
            " microchips to Russia in the last quarter of 2023.",
            ("TUR", [], "RUS"),
            "2023-10",
        ),
        (
            "Beograd je odbacio navode ukrajinske strane da srpske rakete od marta 2024. preko"
            " Kazahstana stižu u Rusiju.",
            ("SRB", ["KAZ"], "RUS"),
            "2024-03",
        ),
    ],
)
def test_a_denial_of_what_a_named_side_alleges_is_two_claims(
    text: str, route: tuple[str, list[str], str], start: str
) -> None:
    """The time inside the allegation is the allegation's; the alleger's own country ("руското
    посолство") is no stop."""
    assert _read(text) == [(*route, start, "asserted"), (*route, None, "denied")]


def test_a_denial_of_unattributed_reports_stays_one_denied_claim() -> None:
    text = (
        "Kazakhstan's trade ministry rejected reports that German lathes had been re-exported"
        " to Russia through Almaty in 2023."
    )
    assert _read(text) == [("DEU", ["KAZ"], "RUS", "2023-01", "denied")]


@pytest.mark.parametrize(
    ("text", "route", "start"),
    [
        (
            "Kyrgyz officials denied that a Bishkek-based firm had re-exported German-made"
            " microchips to Russia, after a think tank said the company handled shipments in the"
            " first half of 2023.",
            ("DEU", ["KGZ"], "RUS"),
            "2023-01",
        ),
        (
            "Ministerstvo zahraničí uvedlo, že české pušky nikdy nebyly dodány do Ázerbájdžánu"
            " přes Izrael v roce 2023, jak tvrdila arménská média.",
            ("CZE", ["ISR"], "AZE"),
            None,
        ),
    ],
)
def test_a_denial_followed_by_who_alleged_it_is_two_claims(
    text: str, route: tuple[str, list[str], str], start: str | None
) -> None:
    got = _read(text)
    assert [g[:3] for g in got] == [route, route]
    assert [g[4] for g in got] == ["asserted", "denied"]
    if start:
        assert got[0][3] == start and got[1][3] is None


def test_another_speakers_denial_after_whereas_is_a_second_claim() -> None:
    """ "…, whereas the defence maintains that the cargo never left Georgia": the prosecution's
    route keeps its time; the defence's denial gives none."""
    text = (
        "The prosecution alleges that between March 2023 and January 2024 the accused shipped"
        " Austrian rifles to Russia via Georgia, whereas the defence maintains that the rifles"
        " never left Georgia."
    )
    assert _read(text) == [
        ("AUT", ["GEO"], "RUS", "2023-03", "asserted"),
        ("AUT", ["GEO"], "RUS", None, "denied"),
    ]


def test_a_bare_later_denial_denies_the_route_told() -> None:
    text = (
        "Jetzt heißt es wieder, ungarische Drohnenteile gingen über Serbien nach Russland."
        " Budapest dementiert."
    )
    assert _read(text) == [
        ("HUN", ["SRB"], "RUS", None, "asserted"),
        ("HUN", ["SRB"], "RUS", None, "denied"),
    ]


@pytest.mark.parametrize(
    ("words", "lang"),
    [
        ("весь прошлый год", "ru"),
        ("весь минулий рік", "uk"),
        ("celý loňský rok", "cs"),
        ("през цялата минала година", "bg"),
        ("das ganze letzte Jahr", "de"),
        ("tout au long de l'année dernière", "fr"),
    ],
)
def test_the_whole_of_last_year(words: str, lang: str) -> None:
    (span,) = dates.spans(words, lang, date(2023, 10, 12))
    assert (span.start, span.end) == (date(2022, 1, 1), date(2022, 12, 31))


@pytest.mark.parametrize(
    ("words", "lang", "iso3"),
    [
        ("через Жешув", "ru", "POL"),
        ("през Жешов", "bg", "POL"),
        ("via le port de Djeddah", "fr", "SAU"),
        ("z Plzně", "cs", "CZE"),
        ("iz Novog Sada", "sr", "SRB"),
        ("z Uherského Brodu", "cs", "CZE"),
    ],
)
def test_towns_the_tables_lacked(words: str, lang: str, iso3: str) -> None:
    assert [m.iso3 for m in places.mentions(words, lang)] == [iso3]


@pytest.mark.parametrize(
    ("text", "route"),
    [
        # the denying clause after "док" / "zatímco" at the end of the route's own sentence
        (
            "Према наводима руских медија, српска муниција од јануара 2024. преко Бугарске стиже у"
            " Украјину, док Министарство одбране Србије тврди да ниједан метак није извезен у"
            " зону сукоба.",
            ("SRB", ["BGR"], "UKR"),
        ),
        (
            "Podle opozice se přes přístav Poti do Ruska od ledna 2024 dostaly stovky evropských"
            " nákladních aut, zatímco vláda v Tbilisi jakýkoli reexport popírá.",
            (None, ["GEO"], "RUS"),
        ),
        # a later sentence that denies any lot of the trade told ("жодних поставок")
        (
            "З січня 2024 року в РФ через Вірменію заходять ізраїльські тепловізори. Посольство"
            " Ізраїлю каже, що жодних поставок не було.",
            ("ISR", ["ARM"], "RUS"),
        ),
    ],
)
def test_a_denial_by_another_after_the_route_is_a_second_claim(
    text: str, route: tuple[str | None, list[str], str]
) -> None:
    assert _read(text) == [(*route, "2024-01", "asserted"), (*route, None, "denied")]


def test_czech_trucks_in_the_genitive_are_trucks() -> None:
    """ "stovky … nákladních aut" are lorries (8704), not cars."""
    (h, _) = extract_all(
        "Podle opozice se přes přístav Poti do Ruska od ledna 2024 dostaly stovky evropských"
        " nákladních aut, zatímco vláda v Tbilisi jakýkoli reexport popírá.",
        today=TODAY,
    )
    assert h.hs_codes == ["8704"]


@pytest.mark.parametrize(
    "text",
    [
        # a denial tagged on with its own noun
        "Ukraine's intelligence said Iranian drone engines had been reaching Russia through"
        " Armenia since January 2024, an allegation Yerevan rejected on Tuesday, insisting no"
        " such engines had crossed Armenian territory.",
        "Lithuania said Iranian drone engines had been reaching Russia through Armenia since"
        " January 2024, a charge Yerevan rejected.",
        # a later sentence that names the report with a pronoun
        "Telegram-Kanäle berichten, seit Januar 2024 rollten iranische Drohnen über Armenien nach"
        " Russland. Jerewan nennt das „Fake“.",
        "OSINT folks traced Iranian drones moving through Armenia to Russia since January 2024."
        " Yerevan says none of it ever went to Russia.",
    ],
)
def test_a_tagged_or_pointing_denial_is_a_second_claim(text: str) -> None:
    assert _read(text) == [
        ("IRN", ["ARM"], "RUS", "2024-01", "asserted"),
        ("IRN", ["ARM"], "RUS", None, "denied"),
    ]


@pytest.mark.parametrize(
    ("text", "stances"),
    [
        # the outlet that reports the denial is no alleger
        (
            "В Астане опровергли, что китайские чипы идут в Россию через Казахстан, как сообщает"
            " ТАСС.",
            ["denied"],
        ),
        # a quantifier over what was done about the goods, not whether they went
        (
            "Iranian drones reached Russia via Armenia in 2024, and none of the shipments were"
            " declared to customs.",
            ["asserted"],
        ),
        (
            "Китайские микросхемы поступали в Россию через Казахстан, никаких лицензий у"
            " поставщиков не было.",
            ["asserted"],
        ),
        ("Čínské čipy proudí do Ruska přes Kazachstán bez žádných prostředníků.", ["asserted"]),
        # a reportative modal after the denial is no allegation of the route
        (
            "Kasachstan bestreitet, dass chinesische Chips über Kasachstan nach Russland gelangten."
            " Die Regierung in Astana soll die Zollkontrollen verschärft haben.",
            ["denied"],
        ),
        # what was said after the denial stops the trade, it alleges nothing
        (
            "Moscow denied buying Iranian drones via Armenia, after Iranian officials said"
            " Tehran had halted all exports.",
            ["denied"],
        ),
        # a demonym alone names no alleger
        (
            "Astana denied European reports that Chinese chips reached Russia via Kazakhstan in"
            " 2024.",
            ["denied"],
        ),
    ],
)
def test_what_is_no_second_side_stays_one_claim(text: str, stances: list[str]) -> None:
    """Guards from a read-only review of the two-sides rules (none of these texts has a side
    that alleges what the other denies)."""
    assert [h.stance for h in extract_all(text, today=TODAY)] == stances


def test_an_english_possessive_alleger_is_a_second_side() -> None:
    """ "rejected the Russian embassy's claims that …": the possessive is inside the denial's
    words (it was read as no denial at all)."""
    text = (
        "Ankara rejected the Russian embassy's claims that Turkish firms shipped drones to Russia"
        " in 2024."
    )
    assert _read(text) == [
        ("TUR", [], "RUS", "2024-01", "asserted"),
        ("TUR", [], "RUS", None, "denied"),
    ]


def test_dismissed_findings_are_denied() -> None:
    text = (
        "Kazakh officials dismissed findings that Chinese chips reached Russia via Kazakhstan in"
        " 2024."
    )
    assert [h.stance for h in extract_all(text, today=TODAY)] == ["denied"]
