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
        # A note of what the figures include names no other country (Eurostat's labels; the
        # qualifier rule had quarantined 42 more rows of the real relational download).
        ("Sudan (incl. South Sudan 'SS' -> 2012)", "SDN", "before the parentheses"),
        ("Soudan (incl. Soudan du Sud 'SS' -> 2012)", "SDN", "before the parentheses"),
        (
            "United States (incl. Navassa Island (part of 'UM') from 1995 -> 2000)",
            "USA",
            "before the parentheses",
        ),
        ("Panama (incl. Panama Canal Zone 'PZ' from 1981)", "PAN", "before the parentheses"),
        # A name several countries share, and the parenthesis names one of them (Kyrgyzstan's
        # imports from North Korea, quarantined as 'the parts name different countries').
        ("Korea (DPRK)", "PRK", "'Korea' names several countries; 'DPRK' in parentheses"),
        # Ceuta's figures held Melilla's until 1998: still Ceuta, never Spain.
        ("Ceuta (incl. Melilla 'XL' -> 1998)", "XCE", "before the parentheses, 'Ceuta'"),
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


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        # Eurostat's partners of their own (XC, XL), outside the EU's customs territory
        ("Ceuta", "XCE"),
        ("Melilla", "XME"),
        ("XL", "XME"),
        ("Spain (incl. Canary Islands 'XB' from 1997)", "ESP"),
        # ISO 3166's user-assigned code for an unknown country (customs declarations)
        ("ZZ", "XNS"),
        # groups a national office defines (Kazakhstan's, Uzbekistan's import tables)
        ("Non-EU countries", "XNU"),
        ("Non-EAEU countries", "XNE"),
        ("Rest of the world", "XRW"),
        ("Other countries", "XOT"),
        # a partner "America" is the continent (Kyrgyzstan: 99 M EUR beside the US's 80 M)
        ("America", "XAR"),
        ("United States", "USA"),
        # Eurostat's French export (eu_year_export)
        (
            "Pays et territoires non précisés pour des raisons commerciales ou militaires dans"
            " le cadre des échanges avec les pays tiers",
            "XCF",
        ),
        ("Avitaillement et soutage dans le cadre des échanges intra-UE", "XBK"),
        ("Pays et territoires non déterminés dans le cadre des échanges intra-UE", "XNS"),
        ("Iles Turks-et-Caïcos", "TCA"),
        ("Iles Falkland (Malouines)", "FLK"),
        # a former country's ISO numeric code no successor reuses (stat.uz's tables: 530)
        ("530", "ANT"),
        ("810", "SUN"),
        ("104", "MMR"),  # Burma's code is Myanmar's
    ],
)
def test_markers_and_territories_the_real_files_name(name: str, iso3: str) -> None:
    assert resolve_country(name) == iso3


def test_ceuta_and_melilla_do_not_collide_with_spain(ws: Workspace, tmp_path: Path) -> None:
    """Eurostat's EU exports of 2015 to Spain, Ceuta and Melilla (eurostat_relational_all.csv
    lines 4097, 4231, 4104): read all as ESP, three values of one key, none kept."""
    f = tmp_path / "rel.csv"
    f.write_text(
        "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n"
        "EU27_2020,Spain (incl. Canary Islands 'XB' from 1997),TOTAL,EXPORT,Total,"
        "Jan.-Dec. 2015,158152557794\n"
        "EU27_2020,Melilla,TOTAL,EXPORT,Total,Jan.-Dec. 2015,537652394\n"
        "EU27_2020,Ceuta (incl. Melilla 'XL' -> 1998),TOTAL,EXPORT,Total,Jan.-Dec. 2015,"
        "660294746\n",
        encoding="utf-8",
    )
    r = ws.ingest(f)
    assert r.quarantined == 0
    got = rows(ws, "SELECT partner FROM trade_aggregates ORDER BY value_usd DESC")
    assert got == [("ESP",), ("XCE",), ("XME",)]
    note = next(n for n in r.notes if "read by a looser rule" in n)
    assert "→ XCE (the name before the parentheses, 'Ceuta')" in note


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


def test_a_looser_reading_that_joins_two_names_in_one_code_is_said(
    ws: Workspace, tmp_path: Path
) -> None:
    """Two names of one file read as one code make their rows one key: said with the names,
    and the conflict quarantined (as 'Ceuta (incl. Melilla …)' beside Spain's rows was)."""
    f = tmp_path / "rel.csv"
    f.write_text(
        "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n"
        "Lithuania,Germany (incl. German Democratic Republic),930690,EXPORT,Total,Jan. 2022,10\n"
        "Lithuania,Germany,930690,EXPORT,Total,Jan. 2022,20\n"
        "Lithuania,Poland,930690,EXPORT,Total,Jan. 2022,30\n",
        encoding="utf-8",
    )
    r = ws.ingest(f)
    assert (r.accepted, r.by_reason) == (1, {"duplicate_key": 2})
    note = next(n for n in r.notes if "give a code the file also names" in n)
    assert note.startswith("1 name(s) read by a looser rule")
    assert "'Germany (incl. German Democratic Republ…' → DEU beside 'Germany'" in note


def test_eurostat_partner_refused_by_its_qualifier_is_quarantined_and_said(
    ws: Workspace, tmp_path: Path
) -> None:
    f = tmp_path / "rel.csv"
    f.write_text(
        "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n"
        "Lithuania,Korea (North),930690,EXPORT,Total,Jan. 2022,10\n"
        "Lithuania,Congo (Dem. Rep.),930690,EXPORT,Total,Jan. 2022,20\n",
        encoding="utf-8",
    )
    r = ws.ingest(f)
    assert (r.accepted, r.quarantined) == (1, 1)
    assert rows(ws, "SELECT partner FROM trade_flows") == [("PRK",)]
    note = next(n for n in r.notes if "read by a looser rule" in n)
    assert "'Korea (North)' → PRK (read as 'North Korea')" in note
    assert "'Congo (Dem. Rep.)' unknown ('Congo' with 'Dem. Rep.' may be another" in note


def test_shipment_countries_say_how_a_name_was_read(ws: Workspace, tmp_path: Path) -> None:
    from shadowtrade.formats.shipments import ingest_shipments

    f = tmp_path / "declarations.csv"
    f.write_text(
        "Declaration ID,Date,Exporter,Exporter Country,Importer,Importer Country,HS Code,"
        "Goods Description,Value,Currency,Net Weight,Weight Unit\n"
        'D1,2023-03-14,A,Serbia,B,"Virgin Islands (British)",732690,steel,1000,USD,5,kg\n'
        'D2,2023-03-15,A,Serbia,C,"Korea (North)",732690,steel,1000,USD,5,kg\n',
        encoding="utf-8",
    )
    r = ingest_shipments(ws, f)
    assert (r.accepted, r.quarantined) == (2, 0)
    got = rows(ws, "SELECT importer_country FROM shipments ORDER BY shipment_id")
    assert got == [("VGB",), ("PRK",)]  # was GBR ('British') and KOR
    note = next(n for n in r.notes if "read by a looser rule" in n)
    assert "'Virgin Islands (British)' → VGB (read as 'British Virgin Islands')" in note


def test_list_countries_say_how_a_name_was_read() -> None:
    from shadowtrade.formats.list_xml import iso3_countries

    said: dict[str, str] = {}
    got = iso3_countries(["Korea (North)", "Germany", "Congo (Kinshasa)"], said)
    assert got == ["PRK", "DEU", "COD"]
    assert sorted(said) == ["Congo (Kinshasa)", "Korea (North)"]


def test_check_options_read_the_qualifier_and_say_it() -> None:
    from shadowtrade.claims.cli_input import hypothesis_from_options
    from shadowtrade.errors import InputError

    h = hypothesis_from_options(None, origin="Russia", destination="Korea (North)")
    assert h.destination == "PRK"
    assert h.words["countries_read"] == ["'Korea (North)' → PRK (read as 'North Korea')"]
    with pytest.raises(InputError, match="may be another country than KOR"):
        hypothesis_from_options(None, origin="Russia", destination="Korea (Dem. Rep.)")


def test_network_command_says_why_a_country_is_unknown(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from shadowtrade.cli import app

    res = CliRunner().invoke(
        app, ["network", "--origin", "Congo (Dem. Rep.)", "--destination", "UKR",
              "-w", str(tmp_path / "none")],
    )  # fmt: skip
    assert res.exit_code != 0
    assert "may be another country than COG" in res.output
