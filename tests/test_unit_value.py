"""unit_value on a hand-built market: one code, many ordinary routes, two odd ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shadowtrade.detect.alerts import run_scan
from shadowtrade.workspace import Workspace

HEADER = "period,trade_flow,reporter_iso,partner_iso,commodity_code,trade_value_usd,netweight_kg\n"
PARTNERS = ["DEU", "FRA", "ITA", "ESP", "POL", "AUT", "NLD", "BEL", "SWE", "CZE", "HUN", "ROU"]


def route(rep: str, par: str, code: str, usd_per_kg: float, months: int = 6) -> str:
    kg = 50_000.0
    return "".join(
        f"2023{m:02d},Export,{rep},{par},{code},{usd_per_kg * kg * (1 + 0.02 * m):.0f},{kg:.0f}\n"
        for m in range(1, months + 1)
    )


@pytest.fixture
def market(ws: Workspace, tmp_path: Path) -> Workspace:
    text = HEADER
    # Ordinary steel-article routes at 3–5 USD/kg, and ammunition routes at 15–22 USD/kg.
    for i, par in enumerate(PARTNERS):
        text += route("CHN", par, "732690", 3.0 + 0.2 * i)
        text += route("USA", par, "930690", 15.0 + 0.6 * i)
    # Steel articles at 19 USD/kg: priced like ammunition.
    text += route("SRB", "BGR", "732690", 19.0)
    # A short-lived odd route (two months) is not enough.
    text += route("SRB", "HRV", "732690", 25.0, months=2)
    f = tmp_path / "m.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    return ws


def test_cover_route_priced_like_controlled_goods(market: Workspace) -> None:
    alerts = run_scan(market, ["unit_value"])
    assert len(alerts) == 1
    a = alerts.iloc[0]
    assert (a.origin, a.destination, a.hs_code, a.declared_hs_code) == (
        "SRB",
        "BGR",
        "9306",
        "732690",
    )
    ev = json.loads(a.evidence)
    assert ev["nearest_controlled_heading"] == "9306"
    assert 19.0 < ev["unit_value_usd_per_kg"] < 21.5  # 19 USD/kg with the monthly drift
    assert ev["code_median_usd_per_kg"] == pytest.approx(4.2, rel=0.1)
    assert a.score >= 0.5
    assert a.summary.startswith("SRB reported exports of HS 732690 to BGR at ")
    assert "the price range of HS 9306" in a.summary


def test_ordinary_spread_does_not_alert(ws: Workspace, tmp_path: Path) -> None:
    text = HEADER + "".join(
        route("CHN", par, "732690", 2.0 + 0.5 * i) for i, par in enumerate(PARTNERS)
    )
    f = tmp_path / "o.csv"
    f.write_text(text)
    ws.ingest(f)
    assert run_scan(ws, ["unit_value"]).empty
