"""Known answers for the review of the seventh round's rules (issue 21): words those rules read
as places that are not ("советского производства" is Soviet, not of Soweto; "a Dubai-based
solar panel trader" is a trading firm's seat, not a monitoring panel's) and "the aggressor
state" read as Russia, which the reading must say, and not where the text names the state."""

from __future__ import annotations

from datetime import date

from shadowtrade.claims.extract import extract_all
from shadowtrade.claims.places import town_adjective

TODAY = date(2024, 6, 1)


def _routes(text: str) -> list[tuple[object, ...]]:
    return [(h.origin, tuple(h.via), h.destination) for h in extract_all(text, today=TODAY)]


def test_soviet_made_is_no_town_of_soweto() -> None:
    text = "Армения передала России артиллерийские снаряды советского производства в 2023 году."
    assert _routes(text) == [("ARM", (), "RUS")]
    assert town_adjective("советского", "ru") is None
    assert town_adjective("sovětské", "cs") is None


def test_a_countrys_own_adjective_is_no_towns() -> None:
    """A town named like a country's adjective (Americana, Albany) gives no town stem."""
    assert town_adjective("американського", "uk") is None
    assert town_adjective("albanske", "sr") is None
    assert town_adjective("brněnská", "cs") == ("CZE", "Brno")


def test_the_aggressor_state_named_beside_it_is_that_state() -> None:
    text = "Израиль поставил стране-агрессору Азербайджану беспилотники в 2023 году."
    assert _routes(text) == [("ISR", (), "AZE")]


def test_the_aggressor_state_read_as_russia_is_said() -> None:
    (h,) = extract_all(
        "КНДР передала державі-агресору артилерійські снаряди у 2023 році.", today=TODAY
    )
    assert (h.origin, h.destination) == ("PRK", "RUS")
    assert "destination: read 'державі-агресору' (the aggressor state) as RUS" in h.words.get(
        "countries_read", []
    )


def test_a_solar_panel_trader_is_a_firm_not_a_monitoring_panel() -> None:
    text = "A Dubai-based solar panel trader re-exported US microchips to Russia in 2023."
    assert _routes(text) == [("USA", ("ARE",), "RUS")]
    text = "A Dubai-based mission-critical systems supplier re-exported US microchips to Russia."
    assert _routes(text) == [("USA", ("ARE",), "RUS")]


def test_a_un_panel_is_still_where_the_speakers_are() -> None:
    text = "A Geneva-based UN panel of experts said Iranian drones reached Sudan via Chad in 2024."
    assert _routes(text) == [("IRN", ("TCD",), "SDN")]
