"""Nothing silent (issue 21): goods the reader leaves out of a route, because the text names them
as the cover the goods were declared under, a name it then rejects, the wreck other goods were
found in or where they were hidden, and motors it reads as drone parts, are said in the
hypothesis's notes ("goods_read") with the reason; goods kept in the route are not."""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims.extract import extract_all
from shadowtrade.claims.notes import read_notes

TODAY = date(2025, 6, 1)


def _notes(text: str) -> list[str]:
    (h,) = extract_all(text, today=TODAY)
    return [n for n in read_notes(h.words) if n.startswith("goods ")]


@pytest.mark.parametrize(
    ("text", "heading", "words", "why"),
    [
        (
            "Shells declared as tractor parts went from Bulgaria to Turkey in 2023.",
            "9306",
            "tractor",
            "the cover the goods were declared under",
        ),
        (
            "Serbian shells hidden among car tyres reached Ukraine through Romania in 2024.",
            "9306",
            "tyres",
            "where other goods were hidden",
        ),
        (
            "Component analysis of downed Shahed-type drones showed US chips shipped via Hong Kong"
            " to Iran.",
            "8542",
            "drones",
            "the wreck other goods were found in",
        ),
        (
            "Bulgarische Granaten wurden 2023 als „Autoteile“ deklariert und über Ungarn nach"
            " Serbien gebracht.",
            "9306",
            "Autoteile",
            "the cover the goods were declared under",
        ),
    ],
)
def test_goods_left_out_of_the_route_are_said(
    text: str, heading: str, words: str, why: str
) -> None:
    (h,) = extract_all(text, today=TODAY)
    assert [c[:4] for c in h.hs_codes][:1] == [heading]
    said = [n for n in read_notes(h.words) if why in n]
    assert said, read_notes(h.words)
    assert any(words.split()[0] in n for n in said)


def test_motors_listed_with_drone_parts_are_said_as_drone_parts() -> None:
    notes = _notes(
        "Turkish firms shipped brushless motors, flight controllers and carbon-fibre frames to"
        " Russia via Kazakhstan in 2024."
    )
    assert any("'brushless motors' read as aircraft or drone parts (8807)" in n for n in notes)


@pytest.mark.parametrize(
    "text",
    [
        "Bulgaria shipped shells and car tyres to Turkey in 2023.",
        "Hidden in the consignment were 600 shells that went from Bulgaria to Turkey in 2023.",
        "Turkish firms shipped electric motors for trams to Russia via Kazakhstan in 2024.",
    ],
)
def test_goods_kept_in_the_route_get_no_such_note(text: str) -> None:
    assert not [n for n in _notes(text) if "not as goods traded" in n or "drone parts" in n]


def test_a_cover_the_text_negates_is_said_as_a_name_the_goods_were_not() -> None:
    (h,) = extract_all(
        "Bulgarian shells went to Turkey in 2023; the cargo was declared as tractor parts.",
        today=TODAY,
    )
    notes = read_notes(h.words)
    assert any("the cover the goods were declared under" in n for n in notes), notes
    (h,) = extract_all(
        "Bulgarian shells went to Turkey in 2023, although the cargo was never declared as"
        " tractor parts.",
        today=TODAY,
    )
    notes = read_notes(h.words)
    assert not any("the cover the goods were declared under" in n for n in notes), notes
