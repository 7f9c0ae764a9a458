"""route_break on hand-built series, and on the real Eurostat exports to Russia's neighbours."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import SHARED
from tests.trade_builder import Trade, months

from shadowtrade.detect.alerts import run_scan
from shadowtrade.workspace import Workspace

ALL = months("2021-01", "2023-12")
NOISE = [1.0, 1.1, 0.9, 1.05, 0.95, 1.0, 1.08, 0.92, 1.02, 0.98, 1.1, 0.9]


def noisy(level: float, n: int) -> list[float]:
    return [level * NOISE[i % 12] for i in range(n)]


@pytest.fixture
def routes(ws: Workspace, tmp_path: Path) -> Workspace:
    t = Trade()
    # A new ammunition route: nothing in 2021–2022, about 500 k USD a month from 2023-01.
    t.series("Export", "SRB", "CZE", "930690", months("2023-01", "2023-12"), noisy(500_000, 12))
    t.series("Export", "SRB", "DEU", "851712", ALL, noisy(300_000, 36))  # SRB reports every month
    # Steady trade: no break.
    t.series("Export", "DEU", "FRA", "851712", ALL, noisy(200_000, 36))
    # Legitimate steady arms trade.
    t.series("Export", "USA", "POL", "930690", ALL, noisy(2_000_000, 36))
    # One large shipment, then nothing: not persistent.
    t.series("Export", "DEU", "POL", "930690", ["202212"], 3_000_000)
    # ITA reported nothing in 2022 (a missing year, not zeros), then carries on as before.
    ita = [p for p in ALL if not p.startswith("2022")]
    t.series("Export", "ITA", "ESP", "851712", ita, noisy(400_000, len(ita)))
    return t.write(ws, tmp_path / "routes.csv")


def test_new_route_alerts_with_its_break(routes: Workspace) -> None:
    alerts = run_scan(routes, ["route_break"])
    assert len(alerts) == 1
    a = alerts.iloc[0]
    assert (a.origin, a.destination, a.hs_code) == ("SRB", "CZE", "930690")
    assert a.period_start.isoformat() == "2023-01-01" and a.period_end.isoformat() == "2023-12-01"
    ev = json.loads(a.evidence)
    # Hand computation: 24 observable months before at zero; after, the 12 months' mean.
    assert ev["months_before"] == 24 and ev["months_after"] == 12
    assert ev["mean_usd_per_month_before"] == 0
    assert ev["mean_usd_per_month_after"] == pytest.approx(sum(noisy(500_000, 12)) / 12, rel=1e-6)
    assert ev["share_of_months_with_flow_after"] == 1.0
    assert a.score >= 0.9  # controlled code, 25-fold jump, every month after
    assert "rose in 2023-01 from nothing to 0.50 M USD a month" in a.summary


def test_real_eurostat_2022_jump(ws: Workspace) -> None:
    """EU members' exports to KGZ, ARM and KAZ jumped in 2022 (EBRD, Kiel studies); RUS fell."""
    ws.ingest(SHARED / "eurostat-russia-neighbours/eurostat_relational_all.csv")
    alerts = run_scan(ws, ["route_break"])
    years = pd.to_datetime(alerts["period_start"]).dt.year
    for dest in ("KGZ", "ARM", "KAZ"):
        hits = alerts[(alerts.destination == dest) & (years == 2022)]
        assert len(hits) >= 5, dest
    kgz = alerts[(alerts.destination == "KGZ") & (alerts.score >= 0.5)]
    assert {"DEU", "POL", "ITA", "CZE"} <= set(kgz.origin)
    assert (pd.to_datetime(kgz["period_start"]).dt.year == 2022).mean() >= 0.8
    assert not (alerts.destination == "RUS").any()  # exports to Russia fell: no upward break
    # Steady routes: member states whose exports in 2023 stayed within ±30 % of 2019–2021.
    t = ws.table("trade_aggregates")
    y = t.filter((t.aggregate_kind == "all_goods") & (t.freq == "M") & (t.flow == "export"))
    cells = (
        y.select("reporter", "partner", "period", "value_usd")
        .distinct()
        .to_pandas()
        .assign(year=lambda d: pd.to_datetime(d["period"]).dt.year)
    )
    pre = cells[cells.year <= 2021].groupby(["reporter", "partner"])["value_usd"].mean()
    post = cells[cells.year == 2023].groupby(["reporter", "partner"])["value_usd"].mean()
    ratio = (post / pre).dropna()
    steady = set(ratio[(ratio > 0.7) & (ratio < 1.3)].index)
    assert len(steady) >= 10
    flagged = set(zip(alerts.origin, alerts.destination, strict=True))
    assert not steady & flagged
