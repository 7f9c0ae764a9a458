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
    "text",
    [
        "Der Zoll am Flughafen Leipzig/Halle hat Anfang des Monats eine Sendung von 800"
        " Funkgeräten aus den USA sichergestellt, die über Eriwan für einen Empfänger in Moskau"
        " bestimmt war.",
        "Агенция „Митници“ задържа в началото на месеца на ГКПП „Капитан Андреево“ 18 тона"
        " турски взривни вещества, предназначени за получател в Сърбия.",
        "Officers at Poti seized Iranian drone parts bound for Russia earlier this month.",
    ],
)
def test_the_start_of_the_month_is_the_texts_month(text: str) -> None:
    (h,) = extract_all(text, today=date(2024, 8, 13))
    assert (h.period_start, h.period_end) == (date(2024, 8, 1), date(2024, 8, 13))


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
