"""A route one side alleges and another denies is two claims, one asserted and one denied (issue
21), also where the denial points back with the words before its verb ("В Анкаре эту информацию
опровергли", "Die Regierung in Tiflis weist die Vorwürfe zurück"), names the trade again ("der
Mandant habe nie Waren nach Russland geliefert") or is tagged on after the claim ("…, što
Ministarstvo odbrane Srbije odlučno poriče", "…, claims which Yerevan denies"). Also: a port told
"and on to" another end is a stop, and where goods turned up is the end; police at a place that
found goods by their count held them there; goods "of European origin" have a group as maker."""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims.extract import extract_all

Route = tuple[str | None, list[str], str | None, str]


def _routes(text: str, today: date) -> list[Route]:
    return [(h.origin, h.via, h.destination, h.stance) for h in extract_all(text, today=today)]


@pytest.mark.parametrize(
    ("text", "today", "route"),
    [
        (
            "Как сообщает Reuters со ссылкой на таможенные данные, турецкие компании во втором"
            " полугодии 2023 года поставили в Россию немецкие станки с ЧПУ на сумму свыше 20 млн"
            " долларов. В Анкаре эту информацию опровергли.",
            date(2024, 2, 8),
            ("DEU", ["TUR"], "RUS"),
        ),
        (
            "На засіданні комітету Верховної Ради народний депутат заявив, що протягом першого"
            " кварталу 2025 року до Росії через Грузію потрапило щонайменше 1 200 вантажівок"
            " турецького виробництва. У МЗС Грузії згодом це заперечили.",
            date(2025, 4, 8),
            ("TUR", ["GEO"], "RUS"),
        ),
        (
            "Nach Recherchen des Spiegel sollen deutsche Werkzeugmaschinen seit Mitte 2022 über"
            " Georgien und Armenien nach Russland gelangt sein. Die Regierung in Tiflis weist die"
            " Vorwürfe zurück.",
            date(2024, 1, 18),
            ("DEU", ["GEO", "ARM"], "RUS"),
        ),
        (
            "Selon des documents douaniers consultés par l'AFP, des pick-up japonais ont été"
            " acheminés vers la Libye via le port turc de Mersin depuis l'automne 2023. Le"
            " constructeur a démenti toute vente à des clients libyens.",
            date(2024, 5, 7),
            ("JPN", ["TUR"], "LBY"),
        ),
        (
            "Според разследване на БИРД български барут е стигал до Украйна през Полша и Румъния"
            " от началото на 2023 г. От „ВМЗ“ отричат да са продавали барут за Украйна.",
            date(2024, 2, 15),
            ("BGR", ["POL", "ROU"], "UKR"),
        ),
        (
            "Prema pisanju lista, srpska municija je tokom 2022. godine preko Turske i Pakistana"
            " stigla do Ukrajine, što Ministarstvo odbrane Srbije odlučno poriče.",
            date(2023, 6, 14),
            ("SRB", ["TUR", "PAK"], "UKR"),
        ),
        (
            "Ukraine's intelligence said Iranian drones reached Russia via Armenia in 2024, claims"
            " which Yerevan denies.",
            date(2024, 6, 14),
            ("IRN", ["ARM"], "RUS"),
        ),
    ],
)
def test_alleged_and_denied_is_two_claims(
    text: str, today: date, route: tuple[str, list[str], str]
) -> None:
    got = _routes(text, today)
    assert (*route, "asserted") in got, got
    assert (*route, "denied") in got, got
    # the denied claim keeps only the time its own words give (none here)
    denied = [h for h in extract_all(text, today=today) if h.stance == "denied"]
    assert all(h.period_start is None for h in denied)


@pytest.mark.parametrize(
    "text",
    [
        # the denier's own words only: one denied claim
        "The ministry denied that Serbian shells reached Ukraine via Bulgaria in 2023.",
        # the later sentence denies something else: the route stays asserted alone
        "Turkish firms shipped German machine tools to Russia in 2023. Ankara denied any"
        " wrongdoing.",
    ],
)
def test_one_side_only_is_one_claim(text: str) -> None:
    assert len(extract_all(text, today=date(2024, 6, 1))) == 1


@pytest.mark.parametrize(
    ("text", "route"),
    [
        (
            "The committee heard that Indian-made explosives had been shipped to Jebel Ali and on"
            " to Novorossiysk over the past year.",
            ("IND", ["ARE"], "RUS"),
        ),
        (
            "Police in Mombasa said they had found 1,200 assault rifles hidden among sacks of rice"
            " in containers that arrived from Bandar Abbas, apparently bound for Somalia.",
            ("IRN", ["KEN"], "SOM"),
        ),
        (
            "Swiss bearings turned up in Iran after being sold to Turkey in 2024.",
            ("CHE", ["TUR"], "IRN"),
        ),
        (
            "По данным таможенной статистики, в 2023 году через Казахстан в Россию было ввезено"
            " подшипников европейского производства почти на 40 млн долларов.",
            (None, ["KAZ"], "RUS"),
        ),
    ],
)
def test_stops_and_group_makers(text: str, route: tuple[str | None, list[str], str]) -> None:
    (h,) = extract_all(text, today=date(2025, 3, 26))
    assert (h.origin, h.via, h.destination) == route


def test_a_group_maker_is_kept_as_the_origin_group() -> None:
    (h,) = extract_all(
        "Microelectronics of European origin have been re-exported through Kazakh territory to"
        " the Russian Federation, the report says.",
        today=date(2024, 6, 1),
    )
    assert (h.origin, h.origin_group, h.via, h.destination) == (None, "EUU", ["KAZ"], "RUS")


@pytest.mark.parametrize(
    "text",
    [
        # journalists who saw papers, not police who held goods there
        "Journalists in Berlin said they had seen 40 invoices showing Bulgarian shells went to"
        " Ukraine via Poland in 2023.",
        # officials of an origin, not goods of it
        "European officials of Polish origin said Bulgarian shells went to Ukraine via Romania.",
    ],
)
def test_no_stop_or_group_from_other_words(text: str) -> None:
    for h in extract_all(text, today=date(2024, 6, 1)):
        assert "DEU" not in h.via and h.origin_group is None


def test_the_same_company_named_again_is_the_supplier_told_before() -> None:
    text = (
        "Министарство трговине демантује наводе да је једна српска компанија извозила барут у"
        " Азербејџан преко Грузије. Министарство истовремено потврђује да је иста компанија"
        " прошле године, уз све потребне дозволе, директно испоручила барут Јерменији."
    )
    got = _routes(text, date(2025, 3, 1))
    assert ("SRB", ["GEO"], "AZE", "denied") in got
    assert ("SRB", [], "ARM", "asserted") in got


ROUTE = "Turkish firms shipped drones to Russia via Armenia in 2024. "


@pytest.mark.parametrize(
    "later",
    [
        # a read-only review's guards: no denial verb, a denial said not to have been made, a
        # refusal to deny
        "This is not the first such case.",
        "That did not stop the trade.",
        "It is not illegal.",
        "Das ist nicht verboten.",
        "Cela n'a pas freiné le commerce.",
        "The ministry refused to deny it.",
        "The ministry declined to deny the report.",
        "Officials did not deny the report.",
    ],
)
def test_a_later_sentence_that_denies_nothing_adds_no_claim(later: str) -> None:
    assert [s for *_, s in _routes(ROUTE + later, date(2025, 1, 1))] == ["asserted"]


@pytest.mark.parametrize(
    ("text", "route"),
    [
        # "claims" marks the allegation; the tag denies it
        (
            "Bulgarian explosives were shipped to Ukraine via Romania in 2023, claims Sofia"
            " denies.",
            ("BGR", ["ROU"], "UKR"),
        ),
        # the tag says itself that it was alleged
        (
            "Armenian firms re-exported German chips to Russia in 2024, an allegation Yerevan"
            " rejected.",
            ("DEU", ["ARM"], "RUS"),
        ),
    ],
)
def test_a_tagged_denial_keeps_the_allegation(
    text: str, route: tuple[str | None, list[str], str]
) -> None:
    got = _routes(text, date(2025, 1, 1))
    assert (*route, "asserted") in got and (*route, "denied") in got, got


@pytest.mark.parametrize(
    ("text", "route"),
    [
        # people counted, not goods: no stop where they were found
        (
            "Turkish rifles were shipped to Libya in 2023. Police in Greece found 40 documents"
            " about the deal.",
            ("TUR", [], "LBY"),
        ),
        # money of a group's origin is no maker of the goods
        (
            "Chinese drones, paid with funds of European origin, went to Russia via Kazakhstan.",
            ("CHN", ["KAZ"], "RUS"),
        ),
        # a matter that surfaced in talks is no end of the goods
        (
            "Chinese chips were sold to Kazakhstan in 2023 before the issue surfaced in talks with"
            " the United States.",
            ("CHN", [], "KAZ"),
        ),
    ],
)
def test_the_reviews_guards(text: str, route: tuple[str | None, list[str], str]) -> None:
    assert [r[:3] for r in _routes(text, date(2025, 1, 1))] == [route]
