"""Country names real files write differently from the table: each read by a stated rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import rows

from shadowtrade.reference.loaders import EXACT, resolve_country, resolve_country_how
from shadowtrade.workspace import Workspace


@pytest.mark.parametrize(
    ("name", "iso3", "rule"),
    [
        ("Biélorussie (Belarus)", "BLR", "parentheses"),
        ("Belarus (Belorussia)", "BLR", "parentheses"),
        ("République arabe syrienne (Syrie)", "SYR", "parentheses"),
        ("Moldavie, République de", "MDA", "inverted"),
        ("Korea, République de", "KOR", "inverted"),
        ("Congo, Democratic Republic of the", "COD", "read as"),
        ("Congo, République démocratique du", "COD", "read as"),
        ("Северные Марианские острова", "MNP", EXACT),
        ("Wallis and Futuna Islands", "WLF", "without 'Islands'"),
        ("Svalbard and Jan Mayen Islands", "SJM", "without 'Islands'"),
        ("Wallis-et-Futuna", "WLF", "hyphens"),
        ("Iles Salomon", "SLB", "inverted"),
        ("Germany (incl. German Democratic Republic)", "DEU", "before the parentheses"),
    ],
)
def test_name_read_by_its_rule(name: str, iso3: str, rule: str) -> None:
    got, how = resolve_country_how(name)
    assert got == iso3
    assert rule in how
    assert resolve_country(name) == iso3


@pytest.mark.parametrize(
    "name",
    [
        "Serbia (Kosovo)",  # two countries: neither is taken
        "Congo, Republic of the Moon",
        "Rest of the world",
        "Virgin Islands",  # British or US: not guessed
    ],
)
def test_ambiguous_or_unknown_names_stay_unknown(name: str) -> None:
    assert resolve_country_how(name)[0] is None


@pytest.mark.parametrize(
    ("name", "iso3", "rule"),
    [
        # The qualifier joined to the name first: not the country of the bare name.
        ("Korea (North)", "PRK", "read as 'North Korea'"),
        ("Korea (South)", "KOR", "read as 'South Korea'"),
        ("Korea (Democratic People's Republic of)", "PRK", "Democratic People's Republic"),
        ("Sudan (South)", "SSD", "read as 'South Sudan'"),
        ("Guinea (Equatorial)", "GNQ", "read as 'Equatorial Guinea'"),
        ("Virgin Islands (British)", "VGB", "read as 'British Virgin Islands'"),
        ("Samoa (American)", "ASM", "read as 'American Samoa'"),
        # A capital in the parenthesis names its country (capital_words.csv).
        ("Congo (Kinshasa)", "COD", "capital of COD"),
        ("Congo (Brazzaville)", "COG", "capital of COG"),
        # A qualifier no other country of that name holds leaves the name before it.
        ("Sudan (former)", "SDN", "before the parentheses"),
    ],
)
def test_parenthesis_qualifier_read_with_the_name(name: str, iso3: str, rule: str) -> None:
    got, how = resolve_country_how(name)
    assert (got, rule in how) == (iso3, True), how


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("Congo (Dem. Rep.)", "may be another country than COG"),  # 'Dem.': COD's word
        ("Korea (Dem. Rep.)", "may be another country than KOR"),
        ("France (Berlin)", "capital of DEU, not FRA"),
        ("Virgin Islands (American)", ""),  # a demonym alone is no country (was USA)
    ],
)
def test_parenthesis_qualifier_that_may_name_another_country_is_unknown(
    name: str, why: str
) -> None:
    got, how = resolve_country_how(name)
    assert got is None
    assert why in how


def test_ingest_says_which_names_were_read_how(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "rel.csv"
    f.write_text(
        "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n"
        "Lithuania,Biélorussie (Belarus),930690,EXPORT,Total,Jan. 2022,10\n"
        'Lithuania,"Moldavie, République de",930690,EXPORT,Total,Jan. 2022,20\n'
        "Lithuania,Wallis and Futuna Islands,930690,EXPORT,Total,Jan. 2022,30\n"
        "Lithuania,Северные Марианские острова,930690,EXPORT,Total,Jan. 2022,40\n"
        "Lithuania,Svalbard and Jan Mayen Islands,930690,EXPORT,Total,Jan. 2022,50\n",
        encoding="utf-8",
    )
    r = ws.ingest(f)
    assert (r.accepted, r.quarantined) == (5, 0)
    got = rows(ws, "SELECT partner FROM trade_flows ORDER BY value_usd")
    assert got == [("BLR",), ("MDA",), ("WLF",), ("MNP",), ("SJM",)]
    note = next(n for n in r.notes if "read by a looser rule" in n)
    assert note.startswith("4 country name(s)")
    assert "'Wallis and Futuna Islands' → WLF (without 'Islands'" in note
    assert "'Biélorussie (Belarus)' → BLR" in note and "MNP" not in note
