"""Known answers for the readings added in session 27 (issue 21): goods told in a sentence that
names no place, a lot the next sentence opens with a pronoun or after its source, where goods
were loaded, stops joined by "or", the goal of the goods, a party "to a … in" a place, and a
held cover that is not other goods.

Each text is written for the test (not a benchmark text) in the wording the batches showed.
Each fails at the session's start code (fb33537) but for the guards, the loading port that is a
stop and "Singapore Customs". The guards come from a read-only review of the first version.
"""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims.extract import extract_all

TODAY = date(2025, 6, 1)


def _read(text: str) -> list[tuple[object, ...]]:
    return [(h.origin, sorted(h.via), h.destination) for h in extract_all(text, today=TODAY)]


def _goods(text: str) -> list[list[str]]:
    return [sorted(h.hs_codes) for h in extract_all(text, today=TODAY)]


def _notes(text: str, key: str) -> str:
    return " ".join(str(n) for h in extract_all(text, today=TODAY) for n in h.words.get(key, []))


def test_goods_of_a_sentence_without_a_place_are_the_routes() -> None:
    """A route whose own sentences name no goods takes those of the text's other sentences,
    said in the notes (a cover is no goods)."""
    text = ("Inspectors found 900 unfilled shell bodies under the furniture fittings. Officials "
            "say the shipment had come from Turkey and was bound for Egypt.")  # fmt: skip
    assert _read(text) == [("TUR", [], "EGY")]
    assert _goods(text) == [["9306"]]
    assert "shell bodies" in _notes(text, "goods_read")


def test_a_route_told_with_a_pronoun_goes_on_with_the_lot_found_before() -> None:
    """ "Rifle sights were found. They were shipped …": the pronoun opens on the lot."""
    text = ("Border guards found 40 rifle scopes in a van. They had been routed from Minsk through "
            "Kazakhstan to a buyer in Kabul.")  # fmt: skip
    assert _read(text) == [("BLR", ["KAZ"], "AFG")]
    assert _goods(text) != [[]]


def test_the_lot_after_its_source() -> None:
    """ "According to the bill of lading, the container …" opens on the lot all the same; the
    port where goods were loaded is where they start when nothing else says so (said)."""
    text = ("X-ray inspection revealed 800 mortar fuzes. According to the bill of lading, the "
            "container had been loaded in Mersin and was bound for Benghazi.")  # fmt: skip
    assert _read(text) == [("TUR", [], "LBY")]
    assert "loaded in Mersin" in _notes(text, "countries_read")


def test_a_loading_port_is_a_stop_where_a_maker_is_named() -> None:
    text = (
        "Finnish customs stopped a lorry bound for St Petersburg carrying night-vision "
        "goggles of French manufacture. The consignment had been loaded in Tallinn."
    )
    assert _read(text) == [("FRA", ["EST", "FIN"], "RUS")]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The ministry has no information that German machine tools reached Russia via Armenia "
         "or Kazakhstan.", [("DEU", ["ARM"], "RUS"), ("DEU", ["KAZ"], "RUS")]),
        ("Laut Bericht gelangten japanische Kugellager über Georgien oder Armenien nach Russland.",
         [("JPN", ["GEO"], "RUS"), ("JPN", ["ARM"], "RUS")]),
        # guard: "and" between stops is one route
        ("Japanese bearings reached Russia via Georgia and Armenia in 2023.",
         [("JPN", ["ARM", "GEO"], "RUS")]),
    ],
)  # fmt: skip
def test_stops_joined_by_or_are_two_ways(text: str, want: list[object]) -> None:
    assert _read(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("На пристанище Варна е задържана пратка китайски лагери, предназначена за получател в "
         "Грузия. Според разследващите крайната цел е била Русия.",
         [("CHN", ["BGR", "GEO"], "RUS")]),
        ("The firm shipped German lathes to Armenia in 2023. Their ultimate goal was Russia.",
         [("DEU", ["ARM"], "RUS")]),
    ],
)  # fmt: skip
def test_the_goal_of_the_goods_is_the_end(text: str, want: list[object]) -> None:
    assert _read(text) == want


def test_a_party_to_a_unit_in_a_place_is_the_end() -> None:
    text = ("American aircraft parts were exported to a company in Kuala Lumpur. That company "
            "re-exported the parts to an aviation maintenance unit in Tehran.")  # fmt: skip
    assert _read(text) == [("USA", ["MYS"], "IRN")]


def test_according_to_a_report_in_a_place_is_no_end() -> None:
    """Guard: "according to a report in Kyiv" names a source, not where the goods went."""
    text = "According to a report in Kyiv, Serbian shells went to Ukraine via Bulgaria."
    assert _read(text) == [("SRB", ["BGR"], "UKR")]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a German verb at the clause's end, far from the customs office's town
        ("Das Hauptzollamt Bremen hat Anfang Mai im Hafen einen Container mit 900 elektrischen "
         "Zündern sichergestellt. Absender war eine Firma in Izmir, Empfänger ein Händler in "
         "Bengasi.",
         [("TUR", ["DEU"], "LBY")]),
        # a town's adjective before an airport: a stop, not the goods' maker
        ("Der Zoll am Münchner Flughafen hat 40 Zielfernrohre aus US-amerikanischer Produktion "
         "sichergestellt, die über die Türkei nach Russland gelangen sollten.",
         [("USA", ["DEU", "TUR"], "RUS")]),
        # a place's customs named after it
        ("Singapore Customs seized 300 drone motors from China bound for a buyer in Yangon.",
         [("CHN", ["SGP"], "MMR")]),
        # Bulgarian "откриха" (found)
        ("Митнически служители на пристанище Бургас откриха в контейнер от Китай 200 кг "
         "детонатори. Пратката е трябвало да продължи към Грузия.",
         [("CHN", ["BGR"], "GEO")]),
    ],
)  # fmt: skip
def test_where_customs_held_the_goods_is_a_stop(text: str, want: list[object]) -> None:
    assert _read(text) == want


def test_a_place_left_after_a_maker_is_a_stop() -> None:
    """The goods' maker read first, a later sentence's place they left is a stop (said); a
    later sentence with goods of its own is another route (guard)."""
    text = (
        "Finnish customs seized night-vision goggles of American manufacture bound for St "
        "Petersburg. The goods had left Rotterdam with a freight forwarder earlier this month."
    )
    assert _read(text) == [("USA", ["FIN", "NLD"], "RUS")]
    assert "NLD ('left Rotterdam') read as a stop" in _notes(text, "countries_read")
    other = (
        "Iranian drones reached Russia via Armenia. Shells from North Korea also went to Russia."
    )
    assert _read(other) == [("IRN", ["ARM"], "RUS"), ("PRK", [], "RUS")]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a pronoun that is not the lot
        ("Inspectors found 40 handguns in the truck. They said the company had also sent a "
         "consignment from Serbia to Hungary in 2023.", [("SRB", [], "HUN", [])]),
        ("It is also alleged that the firm shipped a cargo from Turkey to Syria.",
         [("TUR", [], "SYR", [])]),
        # an aim, not a place
        ("US chips were shipped from Hong Kong to Kazakhstan in 2023. The ultimate goal was to "
         "evade sanctions against Russia.", [("USA", ["HKG"], "KAZ", ["8542"])]),
        # a customs office that held nothing
        ("US chips reached Russia via Kazakhstan in 2023. Dubai Customs said it had detected no "
         "irregularities.", [("USA", ["KAZ"], "RUS", ["8542"])]),
        # goods of an unrelated sentence
        ("Howitzer sales rose 40% last year. Separately, a ship carrying cargo travelled from "
         "Turkey to Syria in 2024.", [("TUR", [], "SYR", [])]),
    ],
)  # fmt: skip
def test_guards_from_the_review(text: str, want: list[object]) -> None:
    got = [(h.origin, sorted(h.via), h.destination, sorted(h.hs_codes))
           for h in extract_all(text, today=TODAY)]  # fmt: skip
    assert got == want


def test_unloaded_is_not_loaded_and_a_stop_keeps_the_routes_time() -> None:
    assert not any(
        "loaded in" in n
        for h in extract_all(
            "The shells were unloaded in Constanta and reached Ukraine via Moldova in 2024.",
            today=TODAY,
        )
        for n in h.words.get("countries_read", [])
    )
    (h,) = extract_all(
        "Czech-made rifles were sold to Nigeria in 2022. The goods left Slovakia in May.",
        today=TODAY,
    )
    assert (h.origin, h.via, h.destination) == ("CZE", ["SVK"], "NGA")
    assert (str(h.period_start), str(h.period_end)) == ("2022-01-01", "2022-12-31")
