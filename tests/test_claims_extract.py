"""Allegation text → hypothesis: the seed article and sentences of other shapes, exact answers."""

from __future__ import annotations

from datetime import date

import pytest
from tests.conftest import SHARED

from shadowtrade.claims.extract import extract

TODAY = date(2026, 11, 26)


def test_seed_article() -> None:
    h = extract((SHARED / "seed-article.txt").read_text(encoding="utf-8"), today=TODAY)
    assert (h.origin, h.via, h.destination) == ("SRB", ["CZE", "BGR"], "UKR")
    assert h.categories == ["ammunition"]
    assert h.hs_codes[0] == "9306" and "930690" in h.hs_codes  # ammunition and its components
    # "as the war enters its fifth year" and "on May 9": from the war's start to that day.
    assert (h.period_start, h.period_end) == (date(2022, 2, 24), date(2026, 5, 9))
    assert any("supplying Ukraine" in e for e in h.evidence)


CASES = [
    ("Bulgarian firms have been shipping artillery shells to Ukraine through Romania since March"
     " 2023.", "BGR", ["ROU"], "UKR", ["9306"], date(2023, 3, 1), TODAY),
    ("Iran supplies drones to Russia via Armenia and Kazakhstan, according to officials, between"
     " 2022 and 2024.", "IRN", ["ARM", "KAZ"], "RUS", ["8806"], date(2022, 1, 1),
     date(2024, 12, 31)),
    ("North Korea sent millions of artillery rounds to Russia in 2023.", "PRK", [], "RUS",
     ["9306"], date(2023, 1, 1), date(2023, 12, 31)),
    ("Propellant made in China reached Russian arms factories through Kyrgyzstan in 2024.", "CHN",
     ["KGZ"], "RUS", ["3601"], date(2024, 1, 1), date(2024, 12, 31)),
    ("Turkish companies export fuzes and detonators to Azerbaijan.", "TUR", [], "AZE", ["3603"],
     None, None),
    ("Ammunition from Serbia was re-exported by Slovakia and Poland to Ukraine in June 2024.",
     "SRB", ["SVK", "POL"], "UKR", ["9306"], date(2024, 6, 1), date(2024, 6, 30)),
    ("Pakistan is arming Ukraine with 155mm shells.", "PAK", [], "UKR", ["9306"], None, None),
    ("Belarusian explosives reach Sudan via the United Arab Emirates.", "BLR", ["ARE"], "SDN",
     ["3602"], None, None),
    ("Hungary supplies rifles to Serbia.", "HUN", [], "SRB", ["9301", "9302", "9305"], None,
     None),
    ("According to the report, Indian companies sold drone parts to Israel during 2025.", "IND",
     [], "ISR", ["8806"], date(2025, 1, 1), date(2025, 12, 31)),
    ("Gunpowder is smuggled from Poland into Belarus through Lithuania, investigators said.",
     "POL", ["LTU"], "BLR", ["3601"], None, None),
    ("Mortar bombs made in Bosnia and Herzegovina were delivered to Ukraine from 2022 to 2024 via"
     " Croatia and Slovenia.", "BIH", ["HRV", "SVN"], "UKR", ["9306"], date(2022, 1, 1),
     date(2024, 12, 31)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "origin", "via", "destination", "codes", "start", "end"), CASES)
def test_sentences(
    text: str,
    origin: str,
    via: list[str],
    destination: str,
    codes: list[str],
    start: date | None,
    end: date | None,
) -> None:
    h = extract(text, today=TODAY)
    assert (h.origin, h.via, h.destination, h.hs_codes) == (origin, via, destination, codes)
    assert (h.period_start, h.period_end) == (start, end)


def test_a_country_only_talked_about_gets_no_role() -> None:
    h = extract(
        "The news sent shockwaves through Moscow. Serbia supplies shells to Ukraine.", today=TODAY
    )
    assert (h.origin, h.via, h.destination) == ("SRB", [], "UKR")
