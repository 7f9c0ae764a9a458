"""Every trade layout as real clients write it (tests/data/layouts, written by
scripts/make_layout_fixtures.py in the published column layouts): what is read, summed, kept
apart and quarantined, with known answers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.conftest import rows
from typer.testing import CliRunner

from shadowtrade.cli import app
from shadowtrade.workspace import Workspace

LAYOUTS = Path(__file__).resolve().parent / "data" / "layouts"


def profile(ws: Workspace, import_id: int) -> dict[str, object]:
    got = rows(ws, f"SELECT profile FROM imports WHERE import_id = {import_id}")
    return dict(json.loads(str(got[0][0])))


def balanced(r: object) -> bool:
    """accepted + aggregates + quarantined + summed away (+ skipped cells) = rows read."""
    return bool(
        r.accepted + r.aggregates + r.quarantined + r.summed_away + r.skipped  # type: ignore[attr-defined]
        == r.rows_read  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize(
    ("name", "layout"),
    [
        ("comtrade_plus_api_monthly_hs6_totals.csv", "comtrade-plus"),
        ("comtradeapicall_dataframe_annual_hs4.csv", "comtrade-plus"),
        ("comtrade_plus_bulk_breakdown_only.tsv", "comtrade-plus-bulk"),
        ("comtrade_plus_mixed_totals_breakdowns.csv", "comtrade-plus"),
        ("comtradr_v1_monthly_hs4_mot_only.csv", "comtradr"),
        ("comtradr_iso_period_monthly_hs4.csv", "comtradr"),
        ("comtradr_legacy_annual_hs2_latin1.csv", "comtradr"),
        ("BACI_HS17_Y2021_V202401_fixture.csv", "baci"),
        ("comext_bulk_cn8.dat", "comext-bulk"),
        ("comtrade_plus_cut_download.csv", "comtrade-plus"),
        ("comtrade_plus_repeated_keys.csv", "comtrade-plus"),
    ],
)
def test_each_layout_is_recognised_and_accounted_for(ws: Workspace, name: str, layout: str) -> None:
    r = ws.ingest(LAYOUTS / name)
    assert r.layout == layout
    assert balanced(r)
    stored = profile(ws, r.import_id)  # type: ignore[arg-type]
    assert stored["layout"] == layout and stored["rows_read"] == r.rows_read


def test_breakdown_only_file_gives_summed_flows(ws: Workspace) -> None:
    r = ws.ingest(LAYOUTS / "comtrade_plus_bulk_breakdown_only.tsv")
    # 3 months × (ARM→RUS in 3 modes + ARM←GEO in 2 modes) = 15 rows → 6 flows
    assert (r.rows_read, r.accepted, r.aggregates, r.summed_away) == (15, 6, 0, 9)
    got = rows(
        ws,
        "SELECT flow, partner, period, value_usd, net_weight_kg FROM trade_flows"
        " ORDER BY flow, period",
    )
    assert got == [
        ("export", "RUS", dt.date(2022, 1, 1), 10_000.0, 100.0),
        ("export", "RUS", dt.date(2022, 2, 1), 20_000.0, 100.0),
        ("export", "RUS", dt.date(2022, 3, 1), 30_000.0, 100.0),
        # the import parts carry no weight: the sum has none rather than a partial one
        ("import", "GEO", dt.date(2022, 1, 1), 4_000.0, None),
        ("import", "GEO", dt.date(2022, 2, 1), 4_000.0, None),
        ("import", "GEO", dt.date(2022, 3, 1), 4_000.0, None),
    ]
    p = profile(ws, r.import_id)  # type: ignore[arg-type]
    assert p["summed_from_breakdowns"] == {
        "flows": 6,
        "rows": 15,
        "split_by": ["mode of transport"],
    }
    assert (
        "every row is split by mode of transport and there is no total row: summed into 6 flows"
        in p["warnings"]  # type: ignore[operator]
    )


def test_totals_with_breakdowns_keep_the_totals(ws: Workspace) -> None:
    r = ws.ingest(LAYOUTS / "comtrade_plus_mixed_totals_breakdowns.csv")
    # ARM→RUS: the TOTAL MOT row is the flow, its two parts kept apart; ARM→GEO: parts summed.
    got = rows(ws, "SELECT partner, period, value_usd FROM trade_flows ORDER BY partner, period")
    assert got == [
        ("GEO", dt.date(2022, 1, 1), 300.0),
        ("GEO", dt.date(2022, 2, 1), 300.0),
        ("RUS", dt.date(2022, 1, 1), 900.0),
        ("RUS", dt.date(2022, 2, 1), 900.0),
    ]
    kinds = rows(
        ws, "SELECT aggregate_kind, count(*), sum(value_usd) FROM trade_aggregates GROUP BY 1"
    )
    assert kinds == [("breakdown_detail", 4, 1800.0)]
    assert (r.accepted, r.aggregates, r.summed_away, r.quarantined) == (4, 4, 2, 0)


def test_comtradr_monthly_file_with_iso_period_is_monthly(ws: Workspace) -> None:
    r = ws.ingest(LAYOUTS / "comtradr_iso_period_monthly_hs4.csv")
    assert (r.accepted, r.quarantined) == (24, 0)
    got = rows(
        ws,
        "SELECT freq, count(*), min(period), max(period), count(DISTINCT period),"
        " sum(value_usd) FILTER (WHERE year(period) = 2022) FROM trade_flows GROUP BY 1",
    )
    assert got == [("M", 24, dt.date(2021, 1, 1), dt.date(2022, 12, 1), 24, 19_800_000.0)]
    p = profile(ws, r.import_id)  # type: ignore[arg-type]
    assert p["frequency"] == {"M": {"rows": 24, "from": "2021-01", "to": "2022-12", "periods": 24}}
    assert p["hs_levels"] == {"4": {"rows": 24, "reporters": 1}}
    assert "HS4 only: the trade detectors run at HS4 for this reporter" in p["warnings"]  # type: ignore[operator]


def test_iso_dates_alone_are_settled_by_the_file_and_said(ws: Workspace, tmp_path: Path) -> None:
    head = "period,trade_flow,reporter_iso,partner_iso,commodity_code,trade_value_usd\n"
    monthly = tmp_path / "m.csv"
    monthly.write_text(
        head + "2021-01-01,Export,ARM,RUS,8703,5\n2021-02-01,Export,ARM,RUS,8703,6\n"
    )
    r = ws.ingest(monthly)
    assert rows(ws, "SELECT DISTINCT freq FROM trade_flows") == [("M",)]
    assert any("read as monthly because its periods are dates in several" in w for w in r.notes)
    annual = tmp_path / "a.csv"
    annual.write_text(head + "2020-01-01,Export,ARM,GEO,8703,5\n2021-01-01,Export,ARM,GEO,8703,6\n")
    r = ws.ingest(annual)
    got = rows(ws, "SELECT DISTINCT freq FROM trade_flows WHERE partner = 'GEO'")
    assert got == [("A",)]
    assert any("read as annual because every period is 1 January" in w for w in r.notes)


def test_comtradr_v1_write_csv_mot_only(ws: Workspace) -> None:
    r = ws.ingest(LAYOUTS / "comtradr_v1_monthly_hs4_mot_only.csv")
    assert (r.rows_read, r.accepted, r.summed_away, r.quarantined) == (24, 12, 12, 0)
    got = rows(ws, "SELECT period, value_usd FROM trade_flows WHERE month(period) IN (1, 12)")
    assert sorted(got) == [(dt.date(2022, 1, 1), 1000.0), (dt.date(2022, 12, 1), 1011.0)]
    assert any("row index" in w for w in r.notes)


def test_duplicate_keys_are_quarantined_with_their_lines(ws: Workspace) -> None:
    r = ws.ingest(LAYOUTS / "comtrade_plus_repeated_keys.csv")
    # 870323 twice with equal values: the first kept; 870324 twice with different values: none.
    got = rows(ws, "SELECT hs_code, value_usd FROM trade_flows ORDER BY 1")
    assert got == [("870323", 1000.0), ("870340", 700.0)]
    q = rows(ws, "SELECT row_number, reason, value FROM quarantine ORDER BY 1")
    assert [(n, reason) for n, reason, _ in q] == [
        (3, "duplicate_key"),
        (4, "duplicate_key"),
        (5, "duplicate_key"),
    ]
    assert "same values in rows 2, 3; the first is kept" in str(q[0][2])
    assert "conflicting values in rows 4, 5; none is kept" in str(q[1][2])
    assert (r.accepted, r.quarantined) == (2, 3)


def test_cut_download_keeps_every_whole_line(ws: Workspace) -> None:
    r = ws.ingest(LAYOUTS / "comtrade_plus_cut_download.csv")
    assert (r.rows_read, r.accepted + r.aggregates, r.quarantined) == (6, 5, 1)
    assert rows(ws, "SELECT row_number, reason FROM quarantine") == [(7, "missing_fields")]


def test_latin1_names_in_a_utf8_file_are_read_with_a_warning(ws: Workspace) -> None:
    r = ws.ingest(LAYOUTS / "comtradr_legacy_annual_hs2_latin1.csv")
    assert (r.accepted, r.quarantined) == (4, 0)
    got = rows(ws, "SELECT partner, sum(value_usd) FROM trade_flows GROUP BY 1 ORDER BY 1")
    assert got == [("CIV", 175_000.0), ("RUS", 1_750_000.0)]
    assert any("2 lines read as Windows-1252 (e.g. 'Côte')" in w for w in r.notes)


def test_baci_and_comext_values(ws: Workspace) -> None:
    ws.ingest(LAYOUTS / "BACI_HS17_Y2021_V202401_fixture.csv")
    got = rows(
        ws,
        "SELECT reporter, partner, hs_code, value_usd, net_weight_kg FROM trade_flows"
        " ORDER BY 1, 3",
    )
    assert got == [
        ("ARM", "RUS", "870323", 1_234_500.0, 56_700.0),
        ("ARM", "RUS", "870324", 10_250.0, None),
        ("GEO", "RUS", "870323", 880_000.0, 40_000.0),
        ("USA", "ARM", "870323", 2_000_500.0, 90_125.0),
    ]
    r = ws.ingest(LAYOUTS / "comext_bulk_cn8.dat")
    assert (r.accepted, r.aggregates) == (4, 3)
    codes = rows(ws, "SELECT DISTINCT hs_code FROM trade_flows WHERE source = 'comext'")
    assert codes == [("87032310",)]  # CN8 kept; the detectors fold it to HS6
    kinds = rows(ws, "SELECT aggregate_kind, count(*) FROM trade_aggregates GROUP BY 1 ORDER BY 1")
    assert kinds == [("annual_total", 2), ("confidential_code", 1)]


def test_cli_prints_the_profile_and_imports_detail(tmp_path: Path) -> None:
    runner = CliRunner()
    wsdir = str(tmp_path / "ws")
    res = runner.invoke(
        app, ["ingest", str(LAYOUTS / "comtradr_v1_monthly_hs4_mot_only.csv"), "-w", wsdir]
    )
    assert res.exit_code == 0, res.output
    assert (
        "every row is split by mode of transport and there is no total row: summed into 12"
        in res.output
    )
    assert "monthly: 12 flows, 2022-01 … 2022-12 (12 periods)" in res.output
    res = runner.invoke(app, ["imports", "--detail", "1", "-w", wsdir])
    assert res.exit_code == 0, res.output
    assert "summed from breakdowns: 24 rows into 12 flows" in res.output
    assert "HS4 only" in res.output
    res = runner.invoke(app, ["imports", "--detail", "7", "-w", wsdir])
    assert res.exit_code == 2


def test_comext_bulk_statistical_regimes_are_parts_of_one_flow(
    ws: Workspace, tmp_path: Path
) -> None:
    f = tmp_path / "c.dat"
    f.write_text(
        "DECLARANT_ISO,PARTNER_ISO,PRODUCT_NC,FLOW,STAT_REGIME,PERIOD,VALUE_IN_EUROS,QUANTITY_IN_KG\n"
        "DE,RU,87032310,2,1,202201,1000,100\n"
        "DE,RU,87032310,2,2,202201,300,30\n"
        "DE,AM,87032310,2,1,202201,50,5\n"
    )
    r = ws.ingest(f)
    assert (r.accepted, r.summed_away, r.quarantined) == (2, 1, 0)
    got = rows(ws, "SELECT partner, net_weight_kg FROM trade_flows ORDER BY 1")
    assert got == [("ARM", 5.0), ("RUS", 130.0)]


def test_cli_reads_a_mapped_table_under_a_title_block(tmp_path: Path) -> None:
    sheets = Path(__file__).resolve().parent / "data" / "spreadsheets"
    res = CliRunner().invoke(
        app,
        [
            "ingest",
            str(sheets / "national_exports_by_partner.csv"),
            "--mapping",
            str(sheets / "national_exports.yaml"),
            "-w",
            str(tmp_path / "ws"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "read 15 rows: 9 accepted" in res.output
    assert "column names read from row 5 of the file" in res.output
