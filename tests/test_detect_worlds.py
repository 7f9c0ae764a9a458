"""All detectors on simulated worlds: planted schemes found, clean worlds quiet (issue 3)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import scanned_world

import shadowtrade
from shadowtrade.scanning import run_scan
from shadowtrade.synth import write_world
from shadowtrade.synth.evaluate import Evaluation, evaluate, load_truth


def scan_world(tmp_path: Path, scenario: str, seed: int) -> tuple[Evaluation, int]:
    info = write_world(scenario, tmp_path / "w", seed=seed)
    ws = shadowtrade.open(tmp_path / "ws")
    ws.ingest(info.trade_file)
    alerts = run_scan(ws)
    rows = ws.raw.execute("SELECT count(*) FROM trade_flows").fetchone()
    ws.close()
    assert rows is not None
    says_how_it_scores(alerts)
    return evaluate(alerts, load_truth(info.truth_file)), int(rows[0])


# Detectors whose score is the product of its factors (route_break and deflection take a
# weighted mean, which their factors' weights give).
PRODUCT_SCORED = {"mirror_gap", "cross_code_mirror", "transshipment", "unit_value"}


def says_how_it_scores(alerts: pd.DataFrame) -> None:
    """Every alert's evidence names its score factors and scoring version; where the score is
    their product, it is."""
    for a in alerts.itertuples():
        ev = json.loads(a.evidence)
        assert ev["score_factors"] and ev["scoring_version"].startswith(f"{a.detector}/"), a
        if a.detector in PRODUCT_SCORED:
            prod = math.prod(float(f["value"]) for f in ev["score_factors"])
            assert a.score == pytest.approx(min(1.0, prod), abs=2e-3), (a.detector, a.summary)


# Recall at alerts ≥ 0.5 per scheme kind on mixed seed 1 (issue 20's worlds, with ordinary
# route births): a new route both sides record is a plain birth and stays below 0.5 by design,
# and a cover code's unit value is caught by route_break only when it is far off the code.
# Both are below the 0.9 and open; the floors guard against losing more.
RECALL_FLOOR = {"new_route": 0.4, "unit_value": 0.4}


def test_mixed_world_recall_and_precision(tmp_path: Path) -> None:
    ev, _ = scan_world(tmp_path, "mixed", seed=1)
    for kind, (found, planted) in ev.recall.items():
        assert found >= RECALL_FLOOR.get(kind, 0.8) * planted, (kind, found, planted)
    matching = sum(m for m, _ in ev.precision.values())
    total = sum(n for _, n in ev.precision.values())
    assert total > 0 and matching >= 0.9 * total


def test_baseline_world_is_quiet(tmp_path: Path) -> None:
    """A scheme-free world with route births and deaths, an HS revision, a sanctions collapse
    and reporters that start or stop (issue 20): at most 5 alerts ≥ 0.5 per million rows (one
    at this size), and no case ≥ 0.5 made only of route births."""
    from shadowtrade.cases.store import build_cases

    info = write_world("baseline", tmp_path / "w", seed=2)
    ws = shadowtrade.open(tmp_path / "ws")
    try:
        ws.ingest(info.trade_file)
        alerts = run_scan(ws)
        build_cases(ws)
        rows = int(ws.raw.execute("SELECT count(*) FROM trade_flows").fetchone()[0])  # type: ignore[index]
        only_births = ws.raw.execute("""
            SELECT count(*) FROM cases c WHERE c.score >= 0.5 AND NOT EXISTS (
                SELECT 1 FROM case_alerts m JOIN alerts a USING (alert_id)
                WHERE m.case_id = c.case_id AND a.detector <> 'route_break')""").fetchone()
        births = ws.raw.execute(
            "SELECT count(*) FROM alerts WHERE detector = 'route_break'"
        ).fetchone()
    finally:
        ws.close()
    assert births is not None and births[0] > 10  # the world has ordinary births: teeth
    assert int((alerts.score >= 0.5).sum()) <= 5 * rows / 1e6 + 1
    assert only_births == (0,)


def test_seed_case_pipeline_leads_the_alerts_and_the_report(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from shadowtrade.report.html import write_workspace_report

    ws = shadowtrade.open(scanned_world(tmp_path_factory, "seed-case")[0])
    # (the order `run_scan` returns them in)
    alerts = ws.raw.execute("SELECT * FROM alerts ORDER BY score DESC, alert_id").df()
    top = alerts.head(12)
    routes = {
        (a.origin, a.via, a.destination, a.hs_code, a.declared_hs_code)
        for a in top.itertuples()
        if a.detector == "transshipment"
    }
    assert ("SRB", "CZE", "UKR", "9306", "7326") in routes
    assert ("SRB", "BGR", "UKR", "9306", "8487") in routes
    # The legs: each a new flow, below 0.5 alone where it is a plain birth (UKR books its arms
    # imports to no partner, so the onward legs show no mirror gap); the route case holds them.
    legs = {(a.origin, a.destination) for a in alerts[alerts.score >= 0.4].itertuples()}
    assert {("SRB", "CZE"), ("SRB", "BGR"), ("CZE", "UKR"), ("BGR", "UKR")} <= legs
    report = tmp_path / "report.html"
    write_workspace_report(ws, report)
    ws.close()
    html = report.read_text(encoding="utf-8")
    assert "route SRB → CZE → UKR" in html and "route SRB → BGR → UKR" in html
    # Every alert counted, not the 50 shown; scores as decimals (0.94 had shown as "1"); dates
    # as dates, and missing values as empty cells.
    assert f"<b>{len(alerts):,}</b>alerts" in html
    assert f"<td class='n'>{alerts.score.iloc[0]:.2f}</td>" in html
    assert "00:00:00</td>" not in html and "<td>None</td>" not in html
