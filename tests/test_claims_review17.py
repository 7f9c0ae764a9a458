"""Known answers for the regressions a review found in the eighth round's claims rules (issue 21).

Each text is ordinary prose written for the test (not a benchmark text); each was read right
before the rule that broke it (a31e8c8, 214c1d4, 701198d, 9d1b9e4) and wrongly after.
"""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims.extract import extract_all

TODAY = date(2023, 9, 20)


def _read(text: str) -> list[tuple[object, ...]]:
    return [
        (h.origin, h.via, h.destination, h.hs_codes, str(h.period_start), str(h.period_end))
        for h in extract_all(text, today=TODAY)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "La Serbie a livré des obus à l'Ukraine via la Bulgarie précisément le 19 mai 2023.",
        "Сербия поставляла снаряды на Украину через Болгарию подчеркнуто 19 мая 2023 года.",
        "Сърбия е доставила снаряди за Украйна през България подчертано на 19 май 2023 г.",
    ],
)
def test_an_adverb_of_a_verb_of_stating_states_nothing(text: str) -> None:
    """'précisément le 19 mai', 'подчеркнуто 19 мая', 'подчертано на 19 май' are adverbs, no
    verb of stating: the day is the shipment's (after a31e8c8: no period, the day read as a
    statement's)."""
    got = extract_all(text, today=TODAY)
    assert [(h.origin, h.via, h.destination, h.hs_codes) for h in got] == [
        ("SRB", ["BGR"], "UKR", ["9306"])
    ]
    assert (str(got[0].period_start), str(got[0].period_end)) == ("2023-05-01", "2023-05-31")
    assert got[0].statement_date is None


def test_the_verb_precise_still_dates_the_statement() -> None:
    """'a précisé le 19 mai 2023 que' stays the statement's day (the fix keeps the verb)."""
    got = extract_all(
        "Le ministère a précisé le 19 mai 2023 que la Serbie avait livré des obus à l'Ukraine"
        " via la Bulgarie en 2022.",
        today=TODAY,
    )
    assert [(str(h.period_start), str(h.period_end), str(h.statement_date)) for h in got] == [
        ("2022-01-01", "2022-12-31", "2023-05-01")
    ]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Serbian producers of ammunition shipped it to Ukraine via Bulgaria in May 2023.",
         ["9306"]),
        ("Сербские производители боеприпасов отправили их на Украину через Болгарию в мае 2023"
         " года.", ["9306"]),
        ("Srpski proizvođači municije isporučili su je Ukrajini preko Bugarske u maju 2023.",
         ["9306"]),
        ("Iran, a maker of drones, sent them to Russia via Armenia in May 2023.", ["8806"]),
    ],
)  # fmt: skip
def test_a_maker_that_ships_what_it_makes_ships_those_goods(text: str, codes: list[str]) -> None:
    """The maker is the shipper and no other goods are named: its goods are the goods shipped
    (after 214c1d4: no goods at all, said nowhere)."""
    assert [h.hs_codes for h in extract_all(text, today=TODAY)] == [codes]


def test_a_maker_that_receives_other_goods_says_its_own_were_set_aside() -> None:
    """Makers of drones receiving machine tools: the drones are what they make, left out of the
    goods, and the reading says so."""
    (h,) = extract_all(
        "Российские производители беспилотников в 2023 году получали китайские станки через"
        " Казахстан.",
        today=TODAY,
    )
    assert (h.origin, h.via, h.destination) == ("CHN", ["KAZ"], "RUS")
    assert "8806" not in h.hs_codes and "8458" in h.hs_codes
    assert (
        "goods 'беспилотников' read as what the maker named before them makes ('производители'),"
        " not as goods traded" in h.words["goods_read"]
    )


def test_an_opening_with_a_count_is_no_dateline() -> None:
    """'NATO, 12 howitzers in May 2023.' opens a sentence, no dateline: neither a place of the
    tables nor a day and month alone (after a31e8c8: read as the text's day 2023-05-12, the
    period lost)."""
    got = extract_all(
        "NATO, 12 howitzers in May 2023. Serbia shipped them to Ukraine through Bulgaria.",
        today=TODAY,
    )
    assert [(h.origin, h.via, h.destination, str(h.period_start), str(h.period_end),
             h.statement_date) for h in got] == [
        ("SRB", ["BGR"], "UKR", "2023-05-01", "2023-05-31", None)
    ]  # fmt: skip


def test_a_capital_and_a_day_closed_by_a_full_stop_is_still_a_dateline() -> None:
    """'BELGRADE, 3 March 2023.' is a dateline: the text's day, 'in May' the May before it."""
    got = extract_all(
        "BELGRADE, 3 March 2023. Serbia shipped howitzers to Ukraine through Bulgaria in May.",
        today=TODAY,
    )
    assert [(str(h.period_start), str(h.statement_date)) for h in got] == [
        ("2022-05-01", "2023-03-03")
    ]


def test_a_ships_port_calls_are_stops() -> None:
    """'made port calls in Oman' is where the vessel stopped (after 701198d: set aside as the
    evidence's place, the route lost its stop)."""
    got = _read(
        "The vessel carrying drones from Iran made port calls in Oman before unloading them in"
        " Russia in May 2023."
    )
    assert got == [("IRN", ["OMN"], "RUS", ["8806"], "2023-05-01", "2023-05-31")]


def test_a_countrys_customs_data_showing_a_reexport_keep_it_as_origin() -> None:
    """Armenia's customs data show the re-export and no other origin is named: Armenia is the
    start (after 701198d: set aside, no claim read)."""
    got = _read(
        "Customs data from Armenia show machine tools were re-exported to Russia via Georgia."
    )
    assert [g[:3] for g in got] == [("ARM", ["GEO"], "RUS")]


def test_customs_data_beside_another_origin_are_the_evidences_place() -> None:
    """With the goods' own origin named ('German machine tools'), Armenia's customs data stay
    the evidence's place, no stop."""
    got = _read(
        "Customs data from Armenia show German machine tools were re-exported to Russia via"
        " Georgia."
    )
    assert [g[:3] for g in got] == [("DEU", ["GEO"], "RUS")]


def test_documents_from_this_summer_are_of_the_summer() -> None:
    """'Documents from this summer' is the season the documents are from, no start (after
    9d1b9e4: from June to the text's date); 'from this summer' after the verb still starts."""
    assert _read(
        "Documents from this summer show drones were shipped from Iran to Russia via Armenia."
    ) == [("IRN", ["ARM"], "RUS", ["8806"], "2023-06-01", "2023-08-31")]
    assert _read(
        "Dokumenty od letošního léta ukazují, že íránské drony putovaly do Ruska přes Arménii."
    ) == [("IRN", ["ARM"], "RUS", ["8806"], "2023-06-01", "2023-08-31")]
    assert _read("Drones have been shipped from Iran to Russia via Armenia from this summer.") == [
        ("IRN", ["ARM"], "RUS", ["8806"], "2023-06-01", "2023-09-20")
    ]
