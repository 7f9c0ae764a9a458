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
    assert _goods(text) == [("SRB", ["GEO"], "RUS", ["9301"])]


def test_months_to_a_month_count_eighteen() -> None:
    """Read after heldout112-115: 'in the eighteen months to June 2024' was June 2024 alone
    (the numbers stopped at twelve); now January 2023 to June 2024."""
    text = "Kyrgyz firms moved Taiwanese chips to Russia in the eighteen months to June 2024."
    (h,) = extract_all(text, today=TODAY)
    assert (h.origin, h.via, h.destination) == ("TWN", ["KGZ"], "RUS")
    assert (h.period_start, h.period_end) == (date(2023, 1, 1), date(2024, 6, 30))


FINAL_RECEIVER = [
    "Pakistani cartridges were shipped to Oman. The final recipient was a company in Yemen.",
    "Pakistani cartridges were manifested for onward carriage to Oman. It was established that "
    "they were ultimately destined for recipients in Yemen.",
    "Пакистански патрони бяха изпратени за Оман. Крайният получател е дружество в Йемен.",
    "Des munitions pakistanaises ont été expédiées vers Oman. Le destinataire final se trouvait "
    "au Yémen.",
]  # fmt: skip


@pytest.mark.parametrize("text", FINAL_RECEIVER)
def test_the_final_receiver_makes_the_first_consignee_a_stop(text: str) -> None:
    """Read after heldout112-115: a later sentence naming the final receiver ('the final
    recipient', 'ultimately destined for', 'крайният получател', 'destinataire final') was
    another claim or lost; the first consignee is now a stop on the way there."""
    assert _goods(text) == [("PAK", ["OMN"], "YEM", ["9306"])]


def test_a_final_report_is_no_receiver() -> None:
    text = "Pakistani cartridges were shipped to Oman. The final report was published in Yemen."
    assert _goods(text) == [("PAK", [], "OMN", ["9306"])]


def test_goods_that_land_elsewhere_in_a_later_sentence() -> None:
    """Read after heldout112-115: 'Die Dinger landen in Russland' (and the other languages'
    'end up' verbs, `END_UP`) after exports to Kyrgyzstan did not continue the route (only the
    English 'end up' did)."""
    text = ("Die deutschen Exporte von Funkgeräten nach Kirgistan sind 2023 stark gestiegen. "
            "Die Dinger landen in Russland.")  # fmt: skip
    assert _goods(text) == [("DEU", ["KGZ"], "RUS", ["8525"])]


def test_countries_before_the_final_receivers_words_are_not_their_place() -> None:
    """'Yerevan may not know the end users': the city named before the words is no final
    receiver (heldout86's z86-018 lost its second route to that reading)."""
    text = "Taiwanese chips reach Russia through Armenia. Yerevan may not know the end users."
    assert _goods(text) == [("TWN", ["ARM"], "RUS", ["8542"])]


PORT_BETWEEN = [
    "Chinese engines were shipped to Iran. From there they were carried across the Caspian to "
    "the port of Makhachkala.",
    "Двигуни, виготовлені в Китаї, постачалися до Ірану. Звідти вони перевозилися Каспійським "
    "морем до порту Махачкала.",
]  # fmt: skip


@pytest.mark.parametrize("text", PORT_BETWEEN)
def test_a_port_between_the_cue_and_its_city(text: str) -> None:
    """Read after heldout112-115: 'до порту Махачкала' left the city of no role (the cue's
    word and the city had the port between them); so did 'to the port of'."""
    assert _goods(text) == [("CHN", ["IRN"], "RUS", ["8407"])]


def test_a_final_receiver_of_the_sellers_word_is_no_new_end() -> None:
    """A demonym after the final receiver's words ('the final recipient was a Turkish firm', as
    the exporter says to deny the onward leg) is not taken as the route's new end."""
    text = (
        "Партида барут, произведена в България, е изнесена за Турция, откъдето е била препратена "
        "към Азербайджан. Износителят твърди, че крайният получател е бил турска фирма."
    )
    assert _goods(text) == [("BGR", ["TUR"], "AZE", ["3601"])]


END_UP_IN_THE_CLAUSE = [
    ("Used Korean cars shipped to Kyrgyzstan have been ending up in Russia.",
     ("KOR", ["KGZ"], "RUS", ["8703"])),
    ("Pistole vyrobené v Česku, vyvezené do Peru, končí u gangů v Ekvádoru.",
     ("CZE", ["PER"], "ECU", ["9302"])),
    ("Německé vysílačky vyvezené do Kyrgyzstánu končí v Rusku.",
     ("DEU", ["KGZ"], "RUS", ["8525"])),
    ("Des fusils tchèques exportés au Pérou finissent en Équateur.",
     ("CZE", ["PER"], "ECU", ["9301"])),
]  # fmt: skip


@pytest.mark.parametrize(("text", "want"), END_UP_IN_THE_CLAUSE)
def test_where_goods_end_up_is_the_destination(text: str, want: tuple[object, ...]) -> None:
    """Read after heldout112-115: 'have been ending up in Russia', 'končí … v Ekvádoru' after
    'exported to' in the same clause made the place a stop and the first consignee the end;
    now the place they end up in is the end and the first consignee a stop."""
    assert _goods(text) == [want]


RECEIVER_IN = [
    ("Obžalovaný prodal rozbušky vyrobené v České republice společnosti se sídlem v Nairobi. "
     "Odtud byly rozbušky převezeny do Somálska.", ("CZE", ["KEN"], "SOM", ["3603"])),
    ("Der Angeklagte lieferte deutsche Funkgeräte an einen Abnehmer in Eriwan. Von dort wurden "
     "sie nach Russland weitergeleitet.", ("DEU", ["ARM"], "RUS", ["8525"])),
]  # fmt: skip


@pytest.mark.parametrize(("text", "want"), RECEIVER_IN)
def test_a_receiver_named_by_its_place(text: str, want: tuple[object, ...]) -> None:
    """Read after heldout112-115: 'společnosti se sídlem v Nairobi' after a sale (and the
    receiver nouns of each language before a place: 'příjemci v', 'получателю в', 'an einen
    Abnehmer in', RECEIVER_IN) left the place of no role; the receiver's place is the end (a
    later leg from there then makes it a stop)."""
    assert _goods(text) == [want]
