"""Known readings of a route that one side alleges and another denies (issue 21): one claim
asserted on the allegation's words and one denied, each with the time its own words give; a
later denial that points back to the route told, to a direct trade or to its speaker's
territory. The labelled benchmark's writers give such a text both claims."""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims.extract import extract_all

TODAY = date(2025, 6, 1)


def read(text: str) -> list[tuple[object, ...]]:
    return [
        (h.origin, h.via, h.destination, h.stance,
         h.period_start.isoformat()[:7] if h.period_start else None)
        for h in extract_all(text, today=TODAY)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the allegation and its denial in one sentence: both, the time on neither side
        (
            "Pakistani 155mm shells are reaching Ukraine via Britain, a Pakistani broadcaster"
            " reported; Islamabad called the report baseless.",
            [("PAK", ["GBR"], "UKR", "asserted", None), ("PAK", ["GBR"], "UKR", "denied", None)],
        ),
        # the denial first, the allegation after "but": the time is the allegation's
        (
            "Tehran denied supplying drones to Moscow, but a Western official said at least 400"
            " Iranian drones had been delivered to Russia since August 2024.",
            [("IRN", [], "RUS", "asserted", "2024-08"), ("IRN", [], "RUS", "denied", None)],
        ),
    ],
)
def test_an_alleged_route_denied_is_two_claims(
    text: str, expected: list[tuple[object, ...]]
) -> None:
    assert read(text) == expected


def test_a_plain_denial_stays_one_claim() -> None:
    """A speaker who denies with no one alleging: one denied claim, its time kept."""
    text = (
        "Serbia's defence ministry said it had never exported ammunition to Ukraine via Bulgaria"
        " in 2023."
    )
    assert read(text) == [("SRB", ["BGR"], "UKR", "denied", "2023-01")]


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        # pointing back to the route told: the whole route denied
        (
            "Prema pisanju jednog britanskog lista, municija proizvedena u Kragujevcu stigla je do"
            " Ukrajine preko Češke i Slovačke tokom 2023. godine. Ministarstvo odbrane Srbije"
            " odbacilo je te navode kao potpuno netačne.",
            ("SRB", ["CZE", "SVK"], "UKR"),
        ),
        # a direct sale denied: the route without its stops
        (
            "Des cartouches fabriquées en Serbie ont été retrouvées chez des groupes armés au"
            " Burkina"
            " Faso ; elles auraient transité par le port d'Abidjan en 2024, selon le rapport d'une"
            " ONG. Belgrade, de son côté, dément toute vente directe au Burkina Faso.",
            ("SRB", [], "BFA"),
        ),
        (
            "Nach Recherchen des Senders sollen Nachtsichtgeräte eines bayerischen Herstellers"
            " zwischen Sommer 2022 und Frühjahr 2023 über Zwischenhändler in Dubai nach Russland"
            " gelangt sein. Das Unternehmen erklärte, es habe zu keinem Zeitpunkt direkt an"
            " russische Kunden geliefert.",
            ("DEU", [], "RUS"),
        ),
        # the speaker's own territory denied: the route through it
        (
            "Open-source tracking suggests North Korean artillery shells began moving by rail to"
            " Russia through the Tumangang-Khasan crossing in August. Beijing has denied that any"
            " such trains crossed Chinese territory.",
            ("PRK", ["CHN"], "RUS"),
        ),
    ],
)
def test_a_later_denial_adds_the_route_denied(text: str, denied: tuple[object, ...]) -> None:
    got = read(text)
    assert [g[:3] for g in got if g[3] == "denied"] == [denied]
    assert next(g for g in got if g[3] == "denied")[4] is None  # (the denial gives no time)
    assert any(g[3] == "asserted" for g in got)


def test_a_later_sentence_without_a_denial_adds_nothing() -> None:
    text = (
        "Prema pisanju jednog britanskog lista, municija proizvedena u Kragujevcu stigla je do"
        " Ukrajine preko Češke i Slovačke tokom 2023. godine. Ministarstvo odbrane Srbije nije"
        " želelo da komentariše."
    )
    assert [g[3] for g in read(text)] == ["asserted"]


def test_an_allegation_told_in_the_next_sentence_is_asserted_with_its_time() -> None:
    text = (
        "Die Regierung in Ankara bestreitet, dass türkische Drohnen über Somalia an die"
        " Huthi-Miliz im Jemen gelangt seien. Ein UN-Expertengremium hatte zuvor berichtet,"
        " mindestens sechs der Fluggeräte seien im ersten Quartal 2025 über den Hafen Berbera"
        " verschifft worden."
    )
    assert read(text) == [
        ("TUR", ["SOM"], "YEM", "asserted", "2025-01"),
        ("TUR", ["SOM"], "YEM", "denied", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the report denied is inside the denial: no one else alleges it
        "Japan's trade ministry on Monday dismissed as groundless a Ukrainian intelligence report"
        " claiming that ball bearings from Japanese manufacturers were reaching Russian tank"
        " plants through Kyrgyzstan. Tokyo tightened export controls on bearings in 2022.",
        "Ein Regierungssprecher wies am Mittwoch Berichte zurück, wonach Werkzeugmaschinen"
        " baden-württembergischer Hersteller über Singapur an das Militär in Myanmar gelangt"
        " seien. Die deutschen Maschinenbauexporte nach Südostasien waren im dritten Quartal"
        " insgesamt gestiegen.",
    ],
)
def test_a_denial_takes_no_time_from_other_sentences(text: str) -> None:
    assert [(g[3], g[4]) for g in read(text)] == [("denied", None)]


def test_counsel_for_a_firm_is_not_where_the_goods_went() -> None:
    text = (
        "Counsel for a Jebel Ali trading firm told the court on Monday that his client had never"
        " re-exported ammunition to Yemen."
    )
    assert all(h.destination != "ARE" for h in extract_all(text, today=TODAY))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a later sentence denies one stop: the route through it is denied, the route told stands
        (
            "Das Staatssekretariat für Wirtschaft SECO hat nach eigenen Angaben Hinweise darauf,"
            " dass"
            " im Winter 2023 Schweizer Präzisions-Werkzeugmaschinen über Armenien nach Russland"
            " gelangt sind. Für die in Medienberichten genannte Route über die Türkei lägen"
            " hingegen"
            " keine Hinweise vor, teilte das SECO am Montag in Bern mit.",
            [
                ("CHE", ["ARM"], "RUS", "asserted", "2023-12"),
                ("CHE", ["TUR"], "RUS", "denied", None),
            ],
        ),
        (
            "SEOUL, May 15 - North Korea shipped several million artillery shells to Russia in the"
            " second half of 2023, South Korea's military said. Asked about earlier reports that"
            " part"
            " of the ammunition had been moved overland through China, a spokesman said there was"
            " no"
            " indication that the shells had been routed through Chinese territory.",
            [("PRK", [], "RUS", "asserted", "2023-07"), ("PRK", ["CHN"], "RUS", "denied", None)],
        ),
        # ... and where the denial was read into the route, its stop leaves it
        (
            "Our field researchers documented 7.62 x 39 mm cartridges, headstamped by a Serbian"
            " factory and bearing lot numbers from 2021, among materiel recovered from a militant"
            " camp in northern Burkina Faso. The most plausible pathway, in our assessment, ran"
            " through Côte d'Ivoire, where a licensed importer took delivery of a matching lot late"
            " in 2021. Contrary to claims made in several regional outlets, we found no indication"
            " that the ammunition passed through Ghana, and the Ghanaian authorities' import"
            " records contain no Serbian cartridges for the period.",
            [
                ("SRB", ["CIV"], "BFA", "asserted", "2021-01"),
                ("SRB", ["GHA"], "BFA", "denied", None),
            ],
        ),
    ],
)
def test_a_stop_denied_is_a_route_of_its_own(text: str, expected: list[tuple[object, ...]]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # the speaker's own framing of a denial is no allegation
        "The defence minister said Serbian shells had never reached Ukraine via Bulgaria in 2024.",
        "According to the ministry, Serbian shells were never delivered to Ukraine via Bulgaria.",
        # the denier goes on speaking after "but"
        "Iran denied supplying drones to Russia, but said arms deliveries agreed before the war"
        " were legal.",
        # the denier's next sentence, in plain speech
        "Serbia denied selling shells to Ukraine in 2024. The ministry said all its shipments went"
        " to NATO members.",
    ],
)
def test_a_denial_framed_by_its_speaker_stays_one_claim(text: str) -> None:
    assert [g[3] for g in read(text)] == ["denied"]


REPORT = "Serbian shells reached Ukraine via Bulgaria in 2024, the FT reported. "


@pytest.mark.parametrize(
    "later",
    [
        "The company denied any wrongdoing.",
        "Reuters could not independently verify the report.",
    ],
)
def test_a_later_denial_of_something_else_adds_no_claim(later: str) -> None:
    assert read(REPORT + later) == [("SRB", ["BGR"], "UKR", "asserted", "2024-01")]


def test_a_later_denial_of_any_export_to_the_end_denies_the_route() -> None:
    """ "directly or indirectly": every way to the end, the stop told among them."""
    text = REPORT + "Belgrade denied exporting directly or indirectly to Ukraine."
    assert read(text) == [
        ("SRB", ["BGR"], "UKR", "asserted", "2024-01"),
        ("SRB", ["BGR"], "UKR", "denied", None),
    ]


def test_another_side_denying_a_stop_leaves_the_route_told() -> None:
    """The report's own stop stands; the denial is a claim of its own, with its own time."""
    text = REPORT + (
        "Bulgaria's economy minister denied that any shells had been re-exported via Bulgaria in"
        " 2023."
    )
    assert read(text) == [
        ("SRB", ["BGR"], "UKR", "asserted", "2024-01"),
        ("SRB", ["BGR"], "UKR", "denied", "2023-01"),
    ]


@pytest.mark.parametrize(
    ("text", "via"),
    [
        # the speaker is the country before the denial word, not the first place named
        (
            "Chinese drones reached Russia via Kazakhstan in 2024, the FT reported. Speaking in"
            " Vienna, the Kazakh foreign minister denied that any such goods crossed Kazakh"
            " territory.",
            ["KAZ"],
        ),
        (
            "Serbian shells reached Ukraine via Bulgaria and Poland in 2024, the FT reported."
            " Poland"
            " denied that it was a transit country for the shipments.",
            ["POL"],
        ),
    ],
)
def test_a_speaker_denying_its_own_ground(text: str, via: list[str]) -> None:
    assert [g[1] for g in read(text) if g[3] == "denied"] == [via]


@pytest.mark.parametrize(
    "text",
    [
        # the allegation after "contrary to"
        "The Minister told the House that Canadian-made aircraft engine parts sold to a"
        " distributor in Istanbul had not been re-exported to Iran, contrary to press reports"
        " this summer.",
        # a later denial of "any re-export"
        "Selon notre analyse, les exportations françaises de pièces d'hélicoptères vers les"
        " Émirats arabes unis ont triplé en 2023, et une partie aurait été réexpédiée vers la"
        " Libye, en violation de l'embargo. Abou Dhabi dément toute réexportation.",
    ],
)
def test_an_alleged_route_and_its_denial(text: str) -> None:
    assert sorted(g[3] for g in read(text)) == ["asserted", "denied"]


@pytest.mark.parametrize(
    "text",
    [
        # another speaker after "although" alleges the deliveries the denial names
        "Iran denied supplying drones to Russia, although US officials say the deliveries began"
        " in August 2022.",
        # a report after "but"
        "Serbia denied selling ammunition to Ukraine, but the Financial Times reported that"
        " Serbian shells were delivered via Bulgaria since March 2023.",
    ],
)
def test_an_allegation_after_the_denial_s_turn(text: str) -> None:
    assert sorted(g[3] for g in read(text)) == ["asserted", "denied"]


def test_officials_after_a_semicolon_may_be_the_denier_s_own() -> None:
    text = (
        "Serbia denies that its ammunition reached Ukraine; officials say the shipments went to"
        " Bulgaria in 2024."
    )
    assert [g[3] for g in read(text)] == ["denied"]
