"""Known readings the outside writers' texts showed the rules lacked (issue 21): where goods were
hidden is no goods of the route ("hidden in rice and used clothing", "Hinter den Reifen"); a
chemical-weapons precursor is no arms; radio modules, electron microscopes, aluminium powder,
measuring and test instruments have their own headings; a group of countries named as the sender
("from the EU") is kept apart from the origin; "Anfang des Monats" is the text's month."""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims import goods
from shadowtrade.claims.extract import extract_all

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("text", "headings"),
    [
        (
            "The court found that between January 2023 and May 2024 the defendants sent 1.2 million"
            " rounds of 9mm ammunition from Miami to Haiti, hidden in rice and used clothing.",
            ["9306"],
        ),
        (
            "Georgian border guards at Upper Lars found 600 German-made thermal sights hidden among"
            " car tyres in a lorry heading north into Russia.",
            ["9013"],
        ),
        (
            "He bought 9 mm pistols in 2021 and packed them inside used refrigerators and shipped"
            " them to Haiti by way of the Dominican Republic.",
            ["9302"],
        ),
        (
            "Das Hauptzollamt Hamburg stellte einen Container sicher. Hinter den Reifen fanden die"
            " Beamten 120 Elektromotoren für Drohnen, die über Mersin nach Bischkek gehen sollten.",
            ["8501"],
        ),
        # (the hiding place named, the goods after a verb: the goods stand)
        ("Hidden in the consignment were 600 Serbian shells bound for Kenya via Uganda.", ["9306"]),
        (
            "The Estonian customs blocked the transit through Narva of three tonnes of"
            " Dutch-produced thionyl chloride, a chemical weapons precursor,"
            " consigned to a buyer in Russia.",
            ["2812"],
        ),
        (
            "Vexor Chem denied that it had shipped triethanolamine, a listed chemical-weapons"
            " precursor, to Syria via Lebanon in 2025.",
            ["2922"],
        ),
    ],
)
def test_goods_of_the_route(text: str, headings: list[str]) -> None:
    (h,) = extract_all(text, today=TODAY)
    assert [c[:4] for c in h.hs_codes] == headings


@pytest.mark.parametrize(
    ("text", "lang", "headings"),
    [
        ("Mikroelektronik und Funkmodule eines bayerischen Herstellers", "de", ["8542", "8517"]),
        ("американские микросхемы и радиомодули", "ru", ["8542", "8517"]),
        ("Elektronenmikroskope", "de", ["9012"]),
        ("14 tonnes of Chinese-made aluminium powder", "en", ["7603"]),
        ("smokeless powder", "en", ["3601"]),
        ("Werkzeugmaschinen und Messgeräte aus deutscher Fertigung", "de", ["8457", "9031"]),
        ("American-made semiconductor test equipment", "en", ["9030"]),
        ("1,180 thermal imaging sights", "en", ["9013"]),
        ("des terminaux satellitaires de fabrication canadienne", "fr", ["8517"]),
        ("mehrere Fässer Hydrazin aus den Niederlanden", "de", ["2825"]),
        ("2.5 tonnes of phosphorus trichloride", "en", ["2812"]),
        ("lithium-ion battery packs", "en", ["8507"]),
        # (motors listed with drone parts are drone parts; alone they are motors)
        ("FPV frames, brushless motors and flight controllers", "en", ["8807", "8807", "8807"]),
        ("300 brushless motors", "en", ["8501"]),
    ],
)
def test_goods_words(text: str, lang: str, headings: list[str]) -> None:
    assert [p.heading for p in goods.find(text, lang)] == headings


@pytest.mark.parametrize(
    "text",
    [
        "Exports of chips from the EU to Kazakhstan rose sevenfold, and most of them were"
        " re-exported to Russia.",
        "Seit Kriegsbeginn sind die Exporte von Halbleitern aus der EU nach Kasachstan um das"
        " Zehnfache gestiegen. Ein Großteil davon wird nach Russland weitergeleitet.",
    ],
)
def test_a_group_named_as_sender_is_kept_apart(text: str) -> None:
    """ "from the EU": the words read hold the cue; the group sends the goods (it was dropped,
    and with it the claim). No one country is the origin: `origin_group` holds the group."""
    (h,) = extract_all(text, today=TODAY)
    assert (h.origin, h.origin_group, h.via, h.destination) == (None, "EUU", ["KAZ"], "RUS")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        (
            "At the start of the month, officials announced that China supplied machine tools to"
            " Russia in 2023.",
            (date(2023, 1, 1), date(2023, 12, 31)),
        ),
        (
            "Anfang des Monats teilte das Ministerium mit, Iran habe Drohnen nach Russland"
            " geliefert.",
            (None, None),
        ),
    ],
)
def test_the_start_of_the_month_of_a_statement_is_no_period(
    text: str, period: tuple[date | None, date | None]
) -> None:
    """A review's guard: "at the start of the month" read as the text's month stretched the
    shipments' year to the statement, or gave a statement's month as the period (tried this
    session and dropped)."""
    (h,) = extract_all(text, today=TODAY)
    assert (h.period_start, h.period_end) == period


@pytest.mark.parametrize(
    "text",
    [
        "Genuinely asking: why did Kyrgyzstan's imports of washing machines from the EU triple"
        " last year? Does anyone actually track where they end up?",
        "Хтось може пояснити, чи справді Угорщина знову заблокувала транш з Європейського фонду"
        " миру на боєприпаси для України?",
    ],
)
def test_a_group_as_the_source_of_imports_or_an_adjective_is_no_sender(text: str) -> None:
    """A country's imports "from the EU" are its trade figures; "з Європейського фонду" names a
    fund: neither makes the EU the sender of a route (both texts claim nothing)."""
    assert extract_all(text, today=TODAY) == []


@pytest.mark.parametrize(
    ("text", "route"),
    [
        (
            "Georgian officials rejected claims that Poti has become a hub for Western car parts"
            " bound for Russia.",
            (None, ["GEO"], "RUS", "denied"),
        ),
        (
            "The Ministry of Foreign Affairs of Kazakhstan categorically rejects media reports"
            " alleging that Kazakh territory has been used to move Western-made electronic"
            " components to the Russian Federation.",
            (None, ["KAZ"], "RUS", "denied"),
        ),
    ],
)
def test_a_stop_the_rules_read_is_no_learned_origin(
    text: str, route: tuple[str | None, list[str], str, str]
) -> None:
    """The speaker's country named again as the stop by a hub or its territory ("Georgian
    officials … Poti has become a hub", "Kazakh territory has been used"): the learned table
    took it for the origin; the route's origin is unknown (the goods are "Western")."""
    (h,) = extract_all(text, today=TODAY)
    assert (h.origin, h.via, h.destination, h.stance) == route


def test_a_suspended_hyphen_names_both_makers() -> None:
    """ "Japanese- and Taiwanese-built": the first maker was lost (only "Taiwanese-built" read)."""
    hs = extract_all(
        "Japanese- and Taiwanese-built CNC machining centres have been reaching"
        " Russian defence plants through Kyrgyzstan since early 2023.",
        today=TODAY,
    )
    assert [(h.origin, h.via, h.destination) for h in hs] == [
        ("JPN", ["KGZ"], "RUS"),
        ("TWN", ["KGZ"], "RUS"),
    ]


def test_the_report_names_a_group_sender() -> None:
    """The report's reading of a claim with a group as the sender says so (not a bare "—")."""
    from shadowtrade.report.sections import _hypothesis_parts

    parts = _hypothesis_parts(
        {"origin": None, "origin_group": "EUU", "via": ["KAZ"], "destination": "RUS",
         "hs_codes": ["8542"], "words": {"origin": "from the EU"}}
    )  # fmt: skip
    row = parts[parts["part"] == "origin"].iloc[0]
    assert row["read as"] == "EUU (a group of countries: graded as its member states)"
    assert row["from the words"] == "from the EU"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the hiding place is only the first goods after the cue, with those listed with it
        (
            "Скрити в пратка резервни части, снаряди от България бяха изпратени в Украйна през"
            " Румъния.",
            ("BGR", ["ROU"], "UKR", "9306"),
        ),
        (
            "Versteckt in Lastwagen mit Obst kamen Drohnen aus dem Iran nach Russland.",
            ("IRN", [], "RUS", "8806"),
        ),
        (
            "Versteckt unter Kohle gelangten Granaten aus Nordkorea nach Russland.",
            ("PRK", [], "RUS", "9306"),
        ),
        # "covertly" is no hiding place; "Hinter den Kulissen" is an idiom
        (
            "Иран скрытно в прошлом году передал России беспилотники через Каспийское море.",
            ("IRN", [], "RUS", "8806"),
        ),
        (
            "Hinter den Kulissen liefert China Drohnen an Russland über Kasachstan.",
            ("CHN", ["KAZ"], "RUS", "8806"),
        ),
        # money, a request or speakers "from the EU" send no goods
        ("Funding from the EU helped Moldova buy radars from France.", ("FRA", [], "MDA", "8526")),
        (
            "Представители из ЕС заявили, что Армения реэкспортирует в Россию микросхемы.",
            ("ARM", [], "RUS", "8542"),
        ),
        # 'marked' before a quote is a cover only on crates, boxes …
        (
            'The minister said the deal marked "the start of deliveries of drones to Russia" from'
            " Iran.",
            ("IRN", [], "RUS", "8806"),
        ),
        (
            "North Korea supplied non-nuclear weapons and shells to Russia.",
            ("PRK", [], "RUS", "9301 9306"),
        ),
    ],
)
def test_the_reviews_guards(text: str, want: tuple[str, list[str], str, str]) -> None:
    """A read-only review's texts (its own, never the benchmark) that the session's first
    version misread: goods lost behind a hiding place, adverbs and idioms taken for one, the EU
    as a sender of money or speakers, "marked" in another sense, "non-nuclear weapons"."""
    (h,) = extract_all(text, today=TODAY)
    assert (h.origin, h.via, h.destination, " ".join(sorted({c[:4] for c in h.hs_codes}))) == want


def test_electric_motors_of_another_use_stay_motors() -> None:
    assert [p.heading for p in goods.find("drone parts and electric motors for its trams")] == [
        "8807",
        "8501",
    ]


def test_the_cli_takes_a_group_sender_from_the_text() -> None:
    """A review's find: the check's input refused "EU exports of machine tools to Russia" with
    "no origin" once the group moved to `origin_group`; an --origin option replaces the group."""
    from shadowtrade.claims.cli_input import hypothesis_from_options

    h = hypothesis_from_options("EU exports of machine tools to Russia rose in 2023.")
    assert (h.origin, h.origin_group, h.destination) == (None, "EUU", "RUS")
    h = hypothesis_from_options("EU exports of machine tools to Russia rose in 2023.", origin="DEU")
    assert (h.origin, h.origin_group) == ("DEU", None)
