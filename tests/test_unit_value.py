"""unit_value on a hand-built market: one code, many ordinary routes, two odd ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shadowtrade.detect.alerts import run_scan
from shadowtrade.workspace import Workspace

HEADER = "period,trade_flow,reporter_iso,partner_iso,commodity_code,trade_value_usd,netweight_kg\n"
PARTNERS = ["DEU", "FRA", "ITA", "ESP", "POL", "AUT", "NLD", "BEL", "SWE", "CZE", "HUN", "ROU"]


def route(rep: str, par: str, code: str, usd_per_kg: float, months: int = 6, start: int = 1) -> str:
    kg = 50_000.0
    return "".join(
        f"2023{m:02d},Export,{rep},{par},{code},{usd_per_kg * kg * (1 + 0.02 * m):.0f},{kg:.0f}\n"
        for m in range(start, start + months)
    )


def _market(ws: Workspace, tmp_path: Path, odd_start: int) -> Workspace:
    text = HEADER
    # Ordinary steel-article routes at 3–5 USD/kg, and ammunition routes at 15–22 USD/kg.
    for i, par in enumerate(PARTNERS):
        text += route("CHN", par, "732690", 3.0 + 0.2 * i)
        text += route("USA", par, "930690", 15.0 + 0.6 * i)
    # SRB's own ordinary steel exports run all year: its data begins in 2023-01.
    text += route("SRB", "DEU", "732690", 4.0, months=12)
    # Steel articles at 19 USD/kg: priced like ammunition.
    text += route("SRB", "BGR", "732690", 19.0, start=odd_start)
    # A short-lived odd route (two months) is not enough.
    text += route("SRB", "HRV", "732690", 25.0, months=2)
    f = tmp_path / "m.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    return ws


@pytest.fixture
def market(ws: Workspace, tmp_path: Path) -> Workspace:
    """The odd route begins in 2023-07, six months after SRB's data: a new route."""
    return _market(ws, tmp_path, odd_start=7)


def test_cover_route_as_old_as_the_data_stays_below_half(ws: Workspace, tmp_path: Path) -> None:
    """The same odd route from the data's first month: its price may be what it always was
    (the ordinary spread of route prices), so it keeps 0.65 of its score (0.66 → 0.43)."""
    alerts = run_scan(_market(ws, tmp_path, odd_start=1), ["unit_value"])
    assert len(alerts) == 1
    a = alerts.iloc[0]
    ev = json.loads(a.evidence)
    fs = {f["name"]: f for f in ev["score_factors"]}
    assert fs["route_is_new"]["value"] == 0.65
    assert "as old as the data (2023-01" in fs["route_is_new"]["sentence"]
    assert a.score == pytest.approx(fs["price_is_odd"]["value"] * 0.65, abs=1e-3)
    assert 0.3 < a.score < 0.5


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
    assert 21.5 < ev["unit_value_usd_per_kg"] < 23.5  # 19 USD/kg with 2023-07…12 drift
    assert ev["code_median_usd_per_kg"] == pytest.approx(4.2, rel=0.1)
    assert a.score >= 0.5
    assert a.summary.startswith("SRB reported exports of HS 732690 to BGR at ")
    assert "the price range of HS 9306" in a.summary
    fs = {f["name"]: f for f in ev["score_factors"]}
    assert ev["scoring_version"] == "unit_value/2"
    assert fs["route_is_new"]["value"] == 1.0
    assert fs["route_is_new"]["sentence"] == "first seen in 2023-07, after the data began (2023-01)"
    assert fs["priced_like_controlled_goods"]["value"] == 1.0
    assert a.score == pytest.approx(fs["price_is_odd"]["value"], abs=1e-3)


def test_ordinary_spread_does_not_alert(ws: Workspace, tmp_path: Path) -> None:
    text = HEADER + "".join(
        route("CHN", par, "732690", 2.0 + 0.5 * i) for i, par in enumerate(PARTNERS)
    )
    f = tmp_path / "o.csv"
    f.write_text(text)
    ws.ingest(f)
    assert run_scan(ws, ["unit_value"]).empty
