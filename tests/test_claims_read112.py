"""Known answers for the readings added after heldout112-115 (issue 21, round 9b).

Each text is written for the test (not a benchmark text) in the wording the batches showed.
"""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims.extract import extract_all

TODAY = date(2025, 6, 1)


def _goods(text: str) -> list[tuple[object, ...]]:
    return [(h.origin, h.via, h.destination, h.hs_codes) for h in extract_all(text, today=TODAY)]


NEW_GOODS_WORDS = [
    ("Bulgarian integrated circuits reached Russia via Georgia.", ["8542"]),
    ("Български интегрални схеми са стигнали в Русия през Грузия.", ["8542"]),
    ("Tschechische integrierte Schaltkreise gelangten über Georgien nach Russland.", ["8542"]),
    ("Des circuits intégrés tchèques sont arrivés en Russie via la Géorgie.", ["8542"]),
    ("Bulgarian thermal imaging cores reached Russia via Georgia.", ["8525"]),
    ("Американски термовизијски нишани стигли су у Русију преко Грузије.", ["9013"]),
    ("Bulgarian detonating cord reached Russia via Georgia.", ["3603"]),
    ("Bulgarian Starlink terminals reached Russia via Georgia.", ["8517"]),
    ("Bulgarian satellite terminals reached Russia via Georgia.", ["8517"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "codes"), NEW_GOODS_WORDS)
def test_goods_words_read_after_heldout112(text: str, codes: list[str]) -> None:
    """Read after heldout112-115: 'интегрални схеми', 'integrierte Schaltkreise', 'circuits
    intégrés', 'thermal imaging cores', 'термовизијских нишана', 'detonating cord' and
    'Starlink terminals' were no goods (the route's goods were empty or the truck's)."""
    origin = "SRB" if "Американски" not in text else "USA"
    origin = "BGR" if text.startswith(("Bulgarian", "Български")) else origin
    origin = "CZE" if text.startswith(("Tschech", "Des circuits")) else origin
    got = _goods(text)
    assert [h[1:] for h in got] == [(["GEO"], "RUS", codes)]
    assert got[0][0] == origin


AIRCRAFT_PARTS = [
    "A Canadian firm sent spare parts for utility helicopters to Syria via Cyprus.",
    "A Canadian firm sent turbine components for civil and military aircraft to Syria via Cyprus.",
    "A Canadian firm sent spare parts for the helicopters to Syria via Cyprus.",
]  # fmt: skip


@pytest.mark.parametrize("text", AIRCRAFT_PARTS)
def test_parts_for_aircraft_are_parts(text: str) -> None:
    """Read after heldout112-115: 'spare parts for utility helicopters' and 'components for
    civil and military aircraft' were the helicopters or aircraft themselves (8802): an adjective
    between 'parts for' and the vehicle now keeps the parts' heading 8807."""
    assert _goods(text) == [("CAN", ["CYP"], "SYR", ["8807"])]


def test_helicopters_without_parts_stay_helicopters() -> None:
    assert _goods("A Canadian firm sent helicopters to Syria via Cyprus.") == [
        ("CAN", ["CYP"], "SYR", ["8802"])
    ]


GOODS_IN_THE_NEXT_SENTENCE = [
    # the route's only goods word is the truck that was stopped
    ("Таможенники задержали грузовой автомобиль, следовавший из Китая в Россию через "
     "Казахстан. В грузе обнаружено 2 140 тепловизионных прицелов.", ("CHN", ["KAZ"], "RUS",
     ["9013"])),
    # a sentence that adds only a stop comes between
    ("At least 60 railcars came in from China through Kazakhstan and went on to Astrakhan. The "
     "shipper is a trading company in Urumqi. What is in the drums: nitrocellulose.",
     ("CHN", ["KAZ"], "RUS", ["3912"])),
]  # fmt: skip


@pytest.mark.parametrize(("text", "want"), GOODS_IN_THE_NEXT_SENTENCE)
def test_goods_named_in_a_sentence_of_no_country(text: str, want: tuple[object, ...]) -> None:
    """Read after heldout112-115: a route told with no goods (or only the vehicle) takes the
    goods of the next sentence that names no country ('В грузе … обнаружено …')."""
    assert _goods(text) == [want]


def test_goods_of_a_later_sentence_do_not_replace_goods_read() -> None:
    text = "Serbian rifles reached Russia via Georgia. Prices for drones have risen sharply."
    assert _goods(text) == [("SRB", ["GEO"], "RUS", ["9303"])]

