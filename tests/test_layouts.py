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
from shadowtrade.formats.profile import render
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
        "one_part": 0,
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


PLUS_MINI = (
    "freqCode,period,flowCode,reporterISO,partnerISO,customsCode,motCode,cmdCode,primaryValue"
)


def _mini(tmp_path: Path, body: str, name: str = "m.csv") -> Path:
    f = tmp_path / name
    f.write_text(PLUS_MINI + "\n" + body)
    return f


def test_two_cuts_of_one_flow_are_not_both_summed(ws: Workspace, tmp_path: Path) -> None:
    # No grand total: the flow by mode of transport (customs total) and by customs procedure
    # (transport total) each add up to 1,000; the crossed parts too.
    body = (
        "M,202201,X,ARM,RUS,C00,1000,870323,300\n"
        "M,202201,X,ARM,RUS,C00,3200,870323,700\n"
        "M,202201,X,ARM,RUS,C01,0,870323,600\n"
        "M,202201,X,ARM,RUS,C02,0,870323,400\n"
        "M,202201,X,ARM,RUS,C01,1000,870323,180\n"
        "M,202201,X,ARM,RUS,C01,3200,870323,420\n"
    )
    r = ws.ingest(_mini(tmp_path, body))
    assert rows(ws, "SELECT value_usd FROM trade_flows") == [(1000.0,)]
    # the customs cut (first by name) is summed; the other four parts are kept apart
    assert (r.accepted, r.summed_away, r.aggregates) == (1, 1, 4)
    got = rows(ws, "SELECT aggregate_kind, sum(value_usd) FROM trade_aggregates GROUP BY 1")
    assert got == [("breakdown_detail", 1600.0)]


def test_domestic_exports_are_part_of_exports(ws: Workspace, tmp_path: Path) -> None:
    body = (
        "M,202201,X,ARM,RUS,C00,0,870323,1000\n"
        "M,202201,DX,ARM,RUS,C00,0,870323,700\n"
        "M,202201,RX,ARM,RUS,C00,0,870323,300\n"
        "M,202201,DX,ARM,GEO,C00,0,870323,50\n"
    )
    r = ws.ingest(_mini(tmp_path, body))
    got = rows(ws, "SELECT partner, flow, value_usd FROM trade_flows ORDER BY 1, 2")
    # with X present, DX is its part (kept apart); alone, DX is the export flow, said so
    assert got == [("GEO", "export", 50.0), ("RUS", "export", 1000.0), ("RUS", "re-export", 300.0)]
    assert rows(ws, "SELECT flow, value_usd, aggregate_kind FROM trade_aggregates") == [
        ("export", 700.0, "breakdown_detail")
    ]
    assert r.quarantined == 0
    assert any("domestic exports or foreign imports" in w for w in r.profile["warnings"])


def test_annual_code_beside_a_monthly_period_is_a_bad_period(ws: Workspace, tmp_path: Path) -> None:
    r = ws.ingest(_mini(tmp_path, "A,202203,X,ARM,RUS,C00,0,870323,2000\n"))
    assert (r.accepted, r.by_reason) == (0, {"bad_period": 1})


def test_continental_numbers_are_read_by_the_file_s_convention(
    ws: Workspace, tmp_path: Path
) -> None:
    head = "period;flowCode;reporterISO;partnerISO;cmdCode;primaryValue;netWgt\n"
    f = tmp_path / "de.csv"
    f.write_text(
        head + "202201;X;ARM;RUS;870323;1.307.319;4.195\n202202;X;ARM;RUS;870323;61.828;99\n"
    )
    r = ws.ingest(f)
    got = rows(ws, "SELECT value_usd, net_weight_kg FROM trade_flows ORDER BY period")
    assert got == [(1_307_319.0, 4195.0), (61_828.0, 99.0)]
    assert any("'.' as a thousands mark" in n for n in r.notes)
    # no decimal comma and no repeated '.' group anywhere: '.' is the decimal point, said so
    g = tmp_path / "dot.csv"
    g.write_text(head + "202201;X;ARM;GEO;870323;61.828;4.5\n")
    r = ws.ingest(g)
    assert rows(ws, "SELECT value_usd FROM trade_flows WHERE partner = 'GEO'") == [(61.828,)]
    assert any("read as 61.828" in n for n in r.notes)


def test_thousands_commas_fallbacks_and_lost_zeros_are_said(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "c.csv"
    f.write_text(
        "period,flowCode,reporterISO,partnerISO,cmdCode,primaryValue,cifvalue,fobvalue\n"
        '202201,X,ARM,RUS,870323,"1,234,567",,\n'
        "202201,M,ARM,RUS,870323,,5000,\n"
        "202201,X,ARM,RUS,10121,10,,\n"
    )
    r = ws.ingest(f)
    got = rows(ws, "SELECT flow, hs_code, value_usd FROM trade_flows ORDER BY 1, 2")
    assert got == [
        ("export", "010121", 10.0),
        ("export", "870323", 1_234_567.0),
        ("import", "870323", 5000.0),
    ]
    said = " | ".join(r.notes)
    assert "1 row writes numbers with thousands commas" in said
    assert "1 row has no primary value: their CIF value" in said
    assert "e.g. '10121'): read with the zero put back ('010121')" in said


def _warned(r: object, text: str) -> bool:
    return any(text in w for w in r.profile["warnings"])  # type: ignore[attr-defined]


def test_a_runaway_quote_is_set_aside_and_a_cut_last_line_is_said(
    ws: Workspace, tmp_path: Path
) -> None:
    head = "period,flowCode,reporterISO,partnerISO,cmdCode,cmdDesc,primaryValue\n"
    f = tmp_path / "q.csv"
    f.write_text(
        head + '202201,X,ARM,RUS,870323,"cars",10\n'
        '202202,X,ARM,RUS,870323,"cars cut here\n'
        '202203,X,ARM,RUS,870323,"cars",30\n'
        '202204,X,ARM,RUS,870323,"cars",40\n'
    )
    r = ws.ingest(f)
    # The quote that never closes hid lines 4 and 5 from the reader: its line is set aside,
    # the two after it are read as their own records.
    assert (r.rows_read, r.accepted, r.by_reason) == (4, 3, {"unbalanced_quote": 1})
    assert _warned(r, "1 line(s) open a quote that does not close on the line (line 3)")
    q = ws.raw.execute("SELECT row_number, reason FROM quarantine WHERE import_file = ?",
                       [r.import_id]).fetchall()  # fmt: skip
    assert q == [(3, "unbalanced_quote")]
    g = tmp_path / "cut.csv"
    g.write_text(head + '202201,X,ARM,GEO,870323,"cars",10\n202202,X,ARM,GEO,870323,"cars",5')
    r = ws.ingest(g)
    assert _warned(r, "does not end with a line break: its last line (line 3)")


def test_partial_sums_partial_years_and_totals_only_are_said(ws: Workspace, tmp_path: Path) -> None:
    body = "M,202201,X,ARM,RUS,C00,3200,870323,700\nM,202201,X,ARM,RUS,C00,1000,870323,x\n"
    r = ws.ingest(_mini(tmp_path, body, "p.csv"))
    assert _warned(r, "1 flow summed from its parts while a part was quarantined")
    months = "".join(f"M,2022{m:02d},X,ARM,GEO,C00,0,870323,100\n" for m in range(1, 7))
    r = ws.ingest(_mini(tmp_path, months + "A,2022,X,ARM,GEO,C00,0,870323,5000\n", "y.csv"))
    assert _warned(r, "the months hold 600 of 5,000 USD")
    r = ws.ingest(_mini(tmp_path, "M,202201,X,ARM,W00,C00,0,TOTAL,9\n", "t.csv"))
    assert _warned(r, "every row is a total, kept apart")


def test_flows_held_at_another_level_by_an_earlier_import_are_said(
    ws: Workspace, tmp_path: Path
) -> None:
    ws.ingest(_mini(tmp_path, "M,202201,X,ARM,RUS,C00,0,8703,900\n", "hs4.csv"))
    r = ws.ingest(_mini(tmp_path, "M,202201,X,ARM,RUS,C00,0,870323,900\n", "hs6.csv"))
    assert _warned(r, "1 flow of this file (HS6 monthly) is a part or total of a flow import 1")
    r = ws.ingest(_mini(tmp_path, "A,2022,X,ARM,RUS,C00,0,870323,9000\n", "year.csv"))
    assert _warned(r, "(HS6 annual) is a part or total of a flow import 2 holds (HS6 monthly)")


def test_a_cut_gzip_changes_nothing_and_a_whole_one_is_counted(
    ws: Workspace, tmp_path: Path
) -> None:
    import gzip

    from shadowtrade.errors import InputError

    head = "period,trade_flow,reporter_iso,partner_iso,commodity_code,trade_value_usd\n"
    body = "".join(f"202201,Export,ARM,RUS,{100000 + i},{i + 1}\n" for i in range(6000))
    text = (head + body).encode()  # 230 kB: the cut lies beyond the header's first 64 kB
    whole = gzip.compress(text)
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    with pytest.raises(InputError, match="the gzip file is cut short"):
        ws.ingest(cut)
    assert rows(ws, "SELECT count(*) FROM imports") == [(0,)]
    assert rows(ws, "SELECT count(*) FROM trade_flows") == [(0,)]
    ok = tmp_path / "ok.csv.gz"
    ok.write_bytes(whole)
    r = ws.ingest(ok)
    assert (r.accepted, r.quarantined) == (6000, 0) and not _warned(r, "data lines but")


def test_one_part_per_flow_is_not_called_summed_and_totals_name_their_countries(
    ws: Workspace, tmp_path: Path
) -> None:
    # A national yearly file: STAT_PROCEDURE NORMAL only, all-goods totals only.
    f = tmp_path / "kaz_import_yearly.csv"
    f.write_text(
        "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n"
        "Kazakhstan,Albania,TOTAL,IMPORT,NORMAL,Y2019,397957.62\n"
        "Kazakhstan,Algeria,TOTAL,IMPORT,NORMAL,Y2019,87173.6\n"
        "Kazakhstan,Germany,TOTAL,IMPORT,NORMAL,Y2020,1000\n",
        encoding="utf-8",
    )
    r = ws.ingest(f)
    assert (r.accepted, r.aggregates, r.quarantined) == (0, 3, 0)
    p = profile(ws, r.import_id)  # type: ignore[arg-type]
    assert (p["aggregate_reporters"], p["aggregate_partners"]) == (1, 3)
    warned = " | ".join(p["warnings"])  # type: ignore[arg-type]
    assert "3 rows each one part (by" in warned and "nothing summed" in warned
    assert "summed into" not in warned
    shown = "\n".join(render(p))
    assert "flows: none; the aggregates name 1 reporter, 3 partners" in shown
    assert "summed from breakdowns" not in shown and "0 reporters" not in shown
