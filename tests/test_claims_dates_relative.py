"""Known answers for relative periods read after heldout160-167 (issue 21, session 24): "the
past two years" in the eight languages, "since October last year", and the licensing record's
time kept apart from the shipments'."""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims import dates

TODAY = date(2024, 10, 30)


def _spans(text: str, lang: str, today: date = TODAY) -> list[tuple[date, date]]:
    return [(s.start, s.end) for s in dates.spans(text, lang, today) if not s.statement]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("over the past two years", "en"),
     ("за последние два года", "ru"),
     ("протягом останніх двох років", "uk"),
     ("u poslednje dve godine", "sr"),
     ("през последните две години", "bg"),
     ("v posledních dvou letech", "cs"),
     ("in den vergangenen zwei Jahren", "de"),
     ("au cours des deux dernières années", "fr")],
)  # fmt: skip
def test_the_past_two_years_in_eight_languages(text: str, lang: str) -> None:
    """From the text's month two years back to its date (the English reading's convention;
    before, only English was read and the other seven gave no period)."""
    assert _spans(f"Die Lieferungen {text}.", lang) == [(date(2022, 10, 1), TODAY)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("since October last year", "en"),
     ("з жовтня минулого року", "uk"),
     ("seit Oktober letzten Jahres", "de")],
)  # fmt: skip
def test_since_a_month_of_last_year_in_the_texts_own_month(text: str, lang: str) -> None:
    """Dated in October, "since October last year" runs from October a year before to the
    text's date (before: that one October only)."""
    today = date(2023, 10, 3)
    assert _spans(text, lang, today) == [(date(2022, 10, 1), today)]
    assert _spans("in October last year", "en", today) == [(date(2022, 10, 1), date(2022, 10, 31))]


def test_the_licensing_records_past_years_are_no_period() -> None:
    """ "no licence was issued over the past five years": the licensing record's time, not the
    shipments' (a denial's period stays unsaid)."""
    text = "The ministry said no export licence for Thailand was issued over the past five years."
    assert _spans(text, "en") == []
    without = "Over the past five years the firm shipped shells to Ukraine without export licences."
    assert _spans(without, "en") == [(date(2019, 10, 1), TODAY)]
    assert _spans("Shipments went on over the past five years.", "en") == [
        (date(2019, 10, 1), TODAY)
    ]


def test_between_last_august_and_january() -> None:
    """Read after heldout171: two months without a year after "between last": the August before
    the January that ends the text's winter."""
    got = _spans("31 shipments routed between last August and January", "en", date(2023, 3, 9))
    assert got == [(date(2022, 8, 1), date(2023, 1, 31))]


def test_a_hearings_date_is_the_statements() -> None:
    """ "as the Committee heard last week" dates the hearing, not the shipments."""
    got = _spans("between July 2022 and June 2024, as the Committee heard last week", "en",
                 date(2025, 10, 14))  # fmt: skip
    assert got == [(date(2022, 7, 1), date(2024, 6, 30))]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("dass italienische Werkzeugmaschinen 2023 über Georgien nach Russland gelangten", "de"),
     ("Chinese drones 2023 through Kazakhstan", "en")],
)  # fmt: skip
def test_a_bare_year_before_the_routes_preposition_is_when(text: str, lang: str) -> None:
    assert _spans(text, lang) == [(date(2023, 1, 1), date(2023, 12, 31))]


def test_od_lonska_runs_from_last_year() -> None:
    assert _spans("od loňska se stroje dostávají přes Kazachstán", "cs", date(2023, 10, 12)) == [
        (date(2022, 1, 1), date(2023, 10, 12))
    ]
