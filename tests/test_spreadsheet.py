"""Spreadsheets: the Eurostat data-browser download (XLSX and its CSV saves) and a national
office's wide table through a mapping; the 19 real downloads, counted independently."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from conftest import SHARED, rows
from shadowtrade.errors import InputError
from shadowtrade.formats.spreadsheet import (
    is_databrowser_csv,
    read_databrowser_csv,
    read_spreadsheet,
)
from shadowtrade.workspace import Workspace

SHEETS = Path(__file__).parent / "data" / "spreadsheets"
REAL = SHARED / "eurostat-export-ban-codes"


def _fixtures() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_fixtures", SHEETS / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _rate(ws: Workspace, month: str) -> float:
    (r,) = rows(ws, f"SELECT usd_per_eur FROM ref_eur_usd WHERE period = DATE '{month}-01'")[0]
    return float(r)  # type: ignore[arg-type]


def test_databrowser_xlsx_every_cell_accounted_for(ws: Workspace) -> None:
    res = ws.ingest(SHEETS / "eurostat_databrowser_small.xlsx")
    # 6 + 2 rows × 4 months = 32 cells: 19 figures, 13 ':'
    assert (res.layout, res.format) == ("eurostat-xlsx", "comext")
    assert (res.rows_read, res.skipped) == (32, 13)
    assert (res.accepted, res.aggregates, res.quarantined) == (18, 0, 1)
    assert res.by_reason == {"unknown_country": 1}
    # Product from the title rows (CN8 kept as written), EUR → USD at the month's rate.
    got = rows(
        ws,
        "SELECT value_usd, freq, flow, hs_code FROM trade_flows WHERE reporter = 'AUT'"
        " AND partner = 'RUS' AND period = DATE '2021-12-01'",
    )
    assert len(got) == 1
    assert got[0][0] == pytest.approx(184854 * _rate(ws, "2021-12"))
    assert got[0][1:] == ("M", "export", "84122180")
    assert rows(ws, "SELECT DISTINCT hs_code FROM trade_flows ORDER BY 1") == [
        ("84122180",),
        ("8471",),
    ]
    got = rows(ws, "SELECT value_usd FROM trade_flows WHERE reporter = 'CZE' ORDER BY period")
    assert got[0][0] == pytest.approx(77.5 * _rate(ws, "2021-12"))
    # Long Eurostat labels resolve: France's and Germany's footnoted names.
    assert rows(ws, "SELECT count(*) FROM trade_flows WHERE reporter IN ('DEU', 'FRA')") == [(7,)]
    # The ships' stores partner is no country: quarantined at its sheet row and column.
    assert rows(ws, 'SELECT row_number, "column", value, reason FROM quarantine') == [
        (17, "sheet 'Sheet 1' column C '2021-12'", "Stores and provisions", "unknown_country")
    ]
    notes = " | ".join(res.notes)
    assert "2 sheet(s)" in notes and "(1 CN8, 1 HS4)" in notes
    assert "flow EXPORT" in notes and "indicator VALUE_IN_EUROS" in notes
    assert "period columns 2021-12…2022-03 (4)" in notes
    assert "32 value cells read: 19 figures, 13 missing" in notes
    assert "'Summary' (contents page)" in notes
    again = ws.ingest(SHEETS / "eurostat_databrowser_small.xlsx")
    assert again.duplicate_of == res.import_id


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("eurostat_databrowser_sheet1_excel.csv", "('8,813')"),
        ("eurostat_databrowser_sheet1_libreoffice_de.csv", "read as cp1252"),
    ],
)
def test_databrowser_csv_save_reads_like_the_sheet(ws: Workspace, name: str, said: str) -> None:
    path = SHEETS / name
    assert is_databrowser_csv(path)
    assert not is_databrowser_csv(Path(__file__).parent / "data" / "comtrade_plus_sample.csv")
    res = ws.ingest(path)
    assert (res.layout, res.rows_read, res.skipped) == ("eurostat-csv", 24, 10)
    assert (res.accepted, res.quarantined) == (13, 1)
    assert said in " | ".join(res.notes)
    # Thousands marks and the decimal comma read back to the sheet's own numbers.
    got = dict(
        rows(
            ws,
            "SELECT strftime(period, '%Y-%m'), value_usd FROM trade_flows WHERE reporter = 'DEU'"
            " AND partner = 'RUS'",
        )
    )
    assert got["2021-12"] == pytest.approx(1250000 * _rate(ws, "2021-12"))
    assert got["2022-03"] == pytest.approx(12.5 * _rate(ws, "2022-03"))
    assert rows(ws, 'SELECT row_number, "column" FROM quarantine') == [(17, "column C '2021-12'")]


def test_national_table_through_mapping(ws: Workspace) -> None:
    res = ws.ingest(
        SHEETS / "national_exports_by_partner.xlsx", mapping=SHEETS / "national_exports.yaml"
    )
    # 5 data rows × 3 months = 15 cells: 10 figures ('-', '…' and '' skipped).
    assert (res.layout, res.rows_read, res.skipped) == ("mapping:national-exports", 15, 5)
    assert (res.accepted, res.quarantined) == (9, 1)
    assert rows(ws, 'SELECT row_number, "column", value, reason FROM quarantine') == [
        (11, "sheet 'Exports 2023' column C 'Jan 2023'", "Narnia", "unknown_country")
    ]
    got = rows(
        ws,
        "SELECT reporter, partner, flow, strftime(period, '%Y-%m'), hs_code, value_usd FROM"
        " trade_flows WHERE partner = 'KGZ' ORDER BY period",
    )
    assert got == [
        ("KAZ", "KGZ", "export", "2023-01", "8471", 12000.0),
        ("KAZ", "KGZ", "export", "2023-02", "8471", 9500.0),
        ("KAZ", "KGZ", "export", "2023-03", "8471", 14250.0),
    ]
    notes = " | ".join(res.notes)
    assert "column names read from row 5 of sheet 'Exports 2023'" in notes
    assert "2 blank row(s)" in notes and "1 row(s) with text in one column" in notes
    assert "not read: 'Notes'" in notes


def test_mapping_header_row_and_sheet_number(tmp_path: Path) -> None:
    text = (SHEETS / "national_exports.yaml").read_text(encoding="utf-8")
    ok = tmp_path / "ok.yaml"
    ok.write_text(text.replace("sheet: Exports 2023", "sheet: 2\nheader_row: 5"), "utf-8")
    rec = read_spreadsheet(SHEETS / "national_exports_by_partner.xlsx", ok)
    assert (rec.rows_read, rec.skipped, rec.table.num_rows) == (15, 5, 10)
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(text.replace("sheet: Exports 2023", "sheet: 2\nheader_row: 4"), "utf-8")
    with pytest.raises(InputError, match=r"row 4: mapping wrong.yaml names column 'Partner'"):
        read_spreadsheet(SHEETS / "national_exports_by_partner.xlsx", wrong)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text + "header_row: 0\n", "utf-8")
    with pytest.raises(InputError, match="header_row must be a row number"):
        read_spreadsheet(SHEETS / "national_exports_by_partner.xlsx", bad)
    missing = tmp_path / "missing.yaml"
    missing.write_text(text.replace("sheet: Exports 2023", "sheet: Imports"), "utf-8")
    with pytest.raises(InputError, match="no sheet 'Imports'; the workbook has 'Notes'"):
        read_spreadsheet(SHEETS / "national_exports_by_partner.xlsx", missing)


def test_databrowser_refuses_what_it_cannot_read_whole(tmp_path: Path) -> None:
    fx = _fixtures()
    sheet = fx.databrowser_sheet(fx.PRODUCT1, fx.SHEET1_ROWS)
    qty = [list(r) for r in sheet]
    qty[6][2] = "QUANTITY_IN_100KG"
    fx.write_xlsx(tmp_path / "qty.xlsx", [("Sheet 1", qty)])
    with pytest.raises(InputError, match=r"sheet 'Sheet 1': indicator 'QUANTITY_IN_100KG'"):
        read_spreadsheet(tmp_path / "qty.xlsx")
    # A figure below the blank row that ends the table would be lost: refused, row named.
    below = [list(r) for r in sheet] + [["Austria", "Georgia", 5.0, ":", ":", ":"]]
    fx.write_xlsx(tmp_path / "below.xlsx", [("Sheet 1", below)])
    with pytest.raises(InputError, match=r"sheet 'Sheet 1': row 21: figures below the blank"):
        read_spreadsheet(tmp_path / "below.xlsx")
    fx.write_csv(tmp_path / "below.csv", below, delim=",", encoding="utf-8", bom=True)
    with pytest.raises(InputError, match=r"below.csv: row 21: figures below the blank"):
        read_databrowser_csv(tmp_path / "below.csv")
    quarter = [list(r) for r in sheet]
    quarter[8][3] = "2022-Q1"
    fx.write_xlsx(tmp_path / "quarter.xlsx", [("Sheet 1", quarter)])
    with pytest.raises(InputError, match=r"row 9 column D: period '2022-Q1'"):
        read_spreadsheet(tmp_path / "quarter.xlsx")
    fx.write_xlsx(tmp_path / "other.xlsx", [("Data", [["a", "b"], [1.0, 2.0]])])
    with pytest.raises(InputError, match="no sheet is a Eurostat data-browser table"):
        read_spreadsheet(tmp_path / "other.xlsx")


def test_databrowser_csv_and_xlsx_records_agree() -> None:
    xlsx = read_spreadsheet(SHEETS / "eurostat_databrowser_small.xlsx").table
    sheet1 = xlsx.filter(xlsx["r_hs_code"].to_numpy(zero_copy_only=False) == "84122180")
    for name in ("excel", "libreoffice_de"):
        csv_rec = read_databrowser_csv(SHEETS / f"eurostat_databrowser_sheet1_{name}.csv").table
        keys = ["r_reporter_name", "r_partner_name", "r_period", "_line"]
        a = sorted(
            zip(*(sheet1[k].to_pylist() for k in keys), sheet1["r_value"].to_pylist(), strict=True)
        )
        b = sorted(
            zip(
                *(csv_rec[k].to_pylist() for k in keys), csv_rec["r_value"].to_pylist(), strict=True
            )
        )
        assert [(*k, float(v)) for *k, v in a] == [(*k, float(v)) for *k, v in b]


def _count_cells(path: Path) -> tuple[int, int]:
    """Figures and ':' cells of the data sheets, from the raw sheet XML (not through calamine).

    Figures are the numeric cells (`t="n"`); ':' cells in column A are the legend below the
    table ("':' not available"), not values.
    """
    figures = missing = 0
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.startswith("xl/worksheets/sheet"):
                continue
            xml = z.read(name)
            figures += xml.count(b't="n"')
            legend = len(re.findall(rb'<c r="A\d+"[^>]*><is><t>:</t>', xml))
            missing += xml.count(b"<t>:</t>") - legend
    return figures, missing


@pytest.mark.skipif(not REAL.is_dir(), reason="shared Eurostat downloads not present")
def test_all_19_real_downloads_every_value_lands(ws: Workspace) -> None:
    files = sorted(REAL.glob("*.xlsx"))
    assert len(files) == 19
    expected = {f.name: _count_cells(f) for f in files}
    ws.ensure_reference()
    results = [ws.ingest(f) for f in files]
    for f, res in zip(files, results, strict=True):
        figures, missing = expected[f.name]
        landed = ws.raw.execute(
            "SELECT (SELECT count(*) FROM trade_flows WHERE import_file = $1)"
            " + (SELECT count(*) FROM trade_aggregates WHERE import_file = $1)"
            " + (SELECT count(*) FROM quarantine WHERE import_file = $1)",
            [res.import_id],
        ).fetchone()
        assert landed is not None
        assert landed[0] == figures, f.name
        assert (res.rows_read, res.skipped) == (figures + missing, missing), f.name
    total = sum(n for n, _ in expected.values())
    assert total == 1_019_866
    # Every Eurostat country label resolves: nothing quarantined.
    assert rows(ws, "SELECT count(*) FROM quarantine") == [(0,)]
    assert rows(
        ws, "SELECT count(DISTINCT reporter), count(DISTINCT partner) FROM trade_flows"
    ) == [(27, 7)]
    # (Its speed is no test's business: a CPU-time bound here failed CI on a busy machine,
    # 61.5 s against 60; `make bench` measures ingest speed.)


def test_national_csv_under_a_title_block(ws: Workspace) -> None:
    from shadowtrade.formats.spreadsheet import ingest_mapped_csv

    path = SHEETS / "national_exports_by_partner.csv"
    res = ingest_mapped_csv(ws, path, SHEETS / "national_exports.yaml")
    assert (res.rows_read, res.skipped, res.accepted, res.quarantined) == (15, 5, 9, 1)
    got = dict(
        rows(
            ws,
            "SELECT partner || ' ' || hs_code || ' ' || strftime(period, '%Y-%m'), value_usd"
            " FROM trade_flows",
        )
    )
    # '1.520,4' (';'-separated, decimal comma) is 1520.4 thousand USD.
    assert got["RUS 8471 2023-01"] == pytest.approx(1_520_400.0)
    assert got["CHN 8703 2023-01"] == pytest.approx(2_000_500.0)
    assert got["KGZ 8471 2023-03"] == pytest.approx(14_250.0)
    notes = " | ".join(res.notes)
    assert "column names read from row 5 of the file" in notes
    assert "separator ';', decimal comma" in notes and "read as cp1252" in notes
    assert rows(ws, 'SELECT row_number, "column", value FROM quarantine') == [
        (11, "column C 'Jan 2023'", "Narnia")
    ]


def test_databrowser_flag_columns_are_counted_not_read(tmp_path: Path) -> None:
    """The browser's "show flags" option puts a flag column (no period above it) after each
    month; its flags are said, and never taken for figures."""
    fx = _fixtures()
    sheet = fx.databrowser_sheet(fx.PRODUCT1, fx.SHEET1_ROWS)
    flagged = []
    for i, r in enumerate(sheet):
        out = list(r[:2])
        for v in r[2:]:
            flag = "p" if i > 10 and isinstance(v, int | float) and v > 100000 else ""
            out += [v, flag]
        flagged.append(out)
    fx.write_xlsx(tmp_path / "flags.xlsx", [("Sheet 1", flagged)])
    rec = read_spreadsheet(tmp_path / "flags.xlsx")
    assert (rec.rows_read, rec.skipped, rec.table.num_rows) == (24, 10, 14)
    assert "6 flags in the browser's flag columns" in " | ".join(rec.notes)
    assert sorted(set(rec.table["_where"].to_pylist()))[:2] == [
        "sheet 'Sheet 1' column C '2021-12'",
        "sheet 'Sheet 1' column E '2022-01'",
    ]


def test_databrowser_other_arrangement_with_codes(tmp_path: Path) -> None:
    """Dimensions may sit in the title rows or as row labels, written as codes: here the
    partner is fixed and each row is a reporter × product."""
    fx = _fixtures()
    sheet = [
        ["Data extracted on 21/01/2023 20:35:13 from [ESTAT]", "", "", ""],
        ["PARTNER", "", "RU", ""],
        ["FLOW", "", "1", ""],  # Comext's code for IMPORT
        ["INDICATORS", "", "VALUE_IN_EUROS", ""],
        ["", "", "", ""],
        ["TIME", "TIME", "2022-01", "2022-02"],
        ["REPORTER (Codes)", "PRODUCT (Codes)", "", ""],
        ["EL", "27090090", 1000.0, ":"],
        ["DE", "2709", ":", 250.0],
    ]
    fx.write_xlsx(tmp_path / "codes.xlsx", [("Sheet 1", sheet)])
    rec = read_spreadsheet(tmp_path / "codes.xlsx")
    got = sorted(
        zip(
            *(rec.table[c].to_pylist() for c in ("r_reporter_name", "r_partner_name", "r_hs_code")),
            rec.table["r_flow"].to_pylist(),
            rec.table["r_period"].to_pylist(),
            rec.table["r_value"].to_pylist(),
            strict=True,
        )
    )
    assert got == [
        ("DE", "RU", "2709", "1", "202202", "250"),
        ("EL", "RU", "27090090", "1", "202201", "1000"),
    ]
    assert (rec.rows_read, rec.skipped) == (4, 2)


@pytest.mark.skipif(not REAL.is_dir(), reason="shared Eurostat downloads not present")
def test_databrowser_counts_the_months_that_hold_figures(ws: Workspace) -> None:
    # Download 01's 2022-12 column holds no figure: 36 period columns, figures in 35.
    res = ws.ingest(REAL / "01_4624976_spreadsheet.xlsx")
    notes = " | ".join(res.notes)
    assert "period columns 2020-01…2022-12 (36), figures in 35 of them" in notes
    assert rows(ws, "SELECT count(DISTINCT period), max(period) FROM trade_flows") == [
        (35, dt.date(2022, 11, 1))
    ]
