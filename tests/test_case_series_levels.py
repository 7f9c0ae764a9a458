"""A case's evidence series read one level per reporter (tester F26's twin on the case page and
in the report): the Eurostat downloads hold LTU's exports of 8708 as HS4 totals (one file) and
as their CN8 lines (another), and the charts summed both, drawing every flow at twice its
value. They now cut each reporter's rows to one level, as the detectors and the check do."""

from __future__ import annotations

from datetime import date

import pandas as pd

from shadowtrade.cases import build_cases
from shadowtrade.detect.alerts import alert_row
from shadowtrade.schema import ALERTS
from shadowtrade.views import case_series, leg_codes, leg_series
from shadowtrade.workspace import Workspace

MONTHS = [date(y, m, 1) for y in (2021, 2022) for m in range(1, 13)]


def _both_levels(ws: Workspace) -> None:
    """LTU → RUS 8708: 1,000 a month in 2021, 100 in 2022; LTU → ARM: 10, then 800. Each month
    once as the HS4 total (import 1) and once as its two CN8 lines, 3/4 and 1/4 (import 2)."""
    rows = []
    for partner, before, after in (("RUS", 1_000.0, 100.0), ("ARM", 10.0, 800.0)):
        for p in MONTHS:
            v = before if p.year == 2021 else after
            for code, share, imp in (("8708", 1.0, 1), ("87089997", 0.75, 2),
                                     ("87083091", 0.25, 2)):  # fmt: skip
                rows.append({"source": "comext", "reporter": "LTU", "partner": partner,
                             "flow": "export", "period": p, "freq": "M", "hs_code": code,
                             "hs_version": "H6", "value_usd": v * share, "net_weight_kg": None,
                             "quantity": None, "quantity_unit": None,
                             "import_file": imp})  # fmt: skip
    ws.raw.register("_flows", pd.DataFrame(rows))
    ws.raw.execute("INSERT INTO trade_flows BY NAME SELECT * FROM _flows")
    alert = alert_row(
        "deflection", ("LTU", "8708"), score=0.9, origin="LTU", destination="RUS", via="ARM",
        hs_code="8708", period_start=date(2022, 1, 1), period_end=date(2022, 12, 1),
        summary="LTU's 8708 moved from RUS to ARM", evidence={},
    )  # fmt: skip
    ws.raw.register("_alerts", pd.DataFrame([alert])[list(ALERTS)])
    ws.raw.execute("INSERT INTO alerts SELECT * FROM _alerts")


def test_a_flow_held_at_two_levels_is_drawn_once(ws: Workspace) -> None:
    _both_levels(ws)
    s = leg_series(ws, "LTU", "ARM", ["8708"])
    assert s["exporter_reported"].tolist() == [10.0] * 12 + [800.0] * 12  # not 20 and 1,600
    assert s["importer_reported"].isna().all()  # ARM reports nothing
    codes = leg_codes(ws, "LTU", "RUS", ["8708"])
    assert set(codes["heading"]) == {"8708"} and codes["value_usd"].sum() == 12 * 1_100
    build_cases(ws)
    (cid,) = ws.raw.execute("SELECT case_id FROM cases").fetchone() or ()
    charts = {c["title"]: c for c in case_series(ws, str(cid))}
    collapse = charts[
        "LTU's exports of HS 8708 as LTU reports them: to RUS, which collapsed, beside ARM"
    ]
    assert sum(collapse["series"]["LTU → RUS (collapsed)"]) == 12 * 1_000 + 12 * 100
    assert sum(collapse["series"]["LTU → ARM"]) == 12 * 10 + 12 * 800
    mirror = charts["LTU → ARM, HS 8708: as each side reports (ARM reports no imports in this"
                    " workspace)"]  # fmt: skip
    assert sum(mirror["series"]["LTU reports exports"]) == 12 * 10 + 12 * 800
