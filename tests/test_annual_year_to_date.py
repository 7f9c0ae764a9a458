"""An annual row that is a year-to-date (tester2 D11): Armstat's file gives 2023 as January and a
'Year' row equal to January. Stored as the 2023 total, it read as a 90 % collapse of Armenia's
imports. Read at ingest as a year-to-date, said, and kept from the detectors' annual years."""

from __future__ import annotations

import json
from pathlib import Path

from tests.trade_builder import Trade, months

from shadowtrade.detect import annual_mirror, mirror_gap
from shadowtrade.scanning import run_scan
from shadowtrade.workspace import Workspace


def armstat_like(ws: Workspace, tmp_path: Path) -> None:
    """ARM's all-goods imports: 2021 and 2022 in twelve months and a 'Year' row each, 2023 in
    January only and a 'Year' row equal to January. One partner (IRN) traded in one month of
    2022 only: its 2022 'Year' row equals that month and is the whole year (ARM reported all
    twelve months of 2022). DEU reports its exports to ARM every month."""
    t = Trade()
    for y in ("2021", "2022"):
        t.series("Import", "ARM", "DEU", "TOTAL", months(f"{y}-01", f"{y}-12"), 10_600_000)
        t.series("Import", "ARM", "DEU", "TOTAL", [y], 12 * 10_600_000)
        t.series("Export", "DEU", "ARM", "TOTAL", months(f"{y}-01", f"{y}-12"), 10_000_000)
    t.series("Import", "ARM", "IRN", "TOTAL", ["202205"], 3_000_000)
    t.series("Import", "ARM", "IRN", "TOTAL", ["2022"], 3_000_000)
    t.series("Import", "ARM", "DEU", "TOTAL", ["202301"], 10_600_000)
    t.series("Import", "ARM", "DEU", "TOTAL", ["2023"], 10_600_000)
    t.series("Export", "DEU", "ARM", "TOTAL", months("2023-01", "2023-12"), 10_000_000)
    t.write(ws, tmp_path / "armstat.csv")


def test_a_year_to_date_is_read_said_and_stored(ws: Workspace, tmp_path: Path) -> None:
    armstat_like(ws, tmp_path)
    kinds = dict(
        ws.raw.execute(
            "SELECT reporter || ' ' || partner || ' ' || year(period), aggregate_kind"
            " FROM trade_aggregates WHERE freq = 'A'"
        ).fetchall()
    )
    assert kinds == {
        "ARM DEU 2021": "all_goods",
        "ARM DEU 2022": "all_goods",
        "ARM IRN 2022": "all_goods",  # one month of trade in a full year: the year's total
        "ARM DEU 2023": "year_to_date",
    }
    (profile,) = [
        json.loads(r[0]) for r in ws.raw.execute("SELECT profile FROM imports").fetchall()
    ]
    assert profile["year_to_date"] == [
        {"reporter": "ARM", "flow": "import", "year": 2023, "rows": 1, "months": ["2023-01"]}
    ]
    said = [w for w in profile["warnings"] if "year-to-date" in w]
    assert said == [
        "1 annual row equals the sum of only the months the file holds of its year: ARM import"
        " 2023 (1 month: 2023-01). Read as year-to-date (a partial year), not the year's total:"
        " kept apart in trade_aggregates as year_to_date, which the detectors do not read as a"
        " year"
    ]


def test_a_year_to_date_is_no_collapse(ws: Workspace, tmp_path: Path) -> None:
    """Read as ARM's 2023 imports, January's 10.6 M USD against DEU's 120 M USD of exports is a
    91 % gap; with a single year enough for an alert, the annual comparison flagged it."""
    armstat_like(ws, tmp_path)
    ctx = ws.scan_context
    with ctx.sharing():
        years = annual_mirror.annual_flows(ctx).to_pandas()
    arm = years[(years.reporter == "ARM") & (years.flow == "import")]
    assert sorted(arm.year) == [2021, 2022, 2022]  # from DEU both years, IRN in 2022; no 2023
    alerts = run_scan(ws, [mirror_gap.NAME], ["mirror_gap.min_years=1"])
    assert not len(alerts)
