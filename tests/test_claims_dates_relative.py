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
