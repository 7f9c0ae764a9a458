"""What a rescan changed (scan_changes.py): new, gone and rescored alerts and cases, earlier
cases with new alerts, triaged cases flagged; printed by `scan`, stored, shown by `report`.
Tester 10: after a second Eurostat import, 49 new cases, 54 new alerts and 19 case score
changes appeared nowhere, and the 49 brand-new cases were all marked `new_evidence`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from shadowtrade.cases import build_cases, list_cases, triage
from shadowtrade.cli import app
from shadowtrade.scan_changes import SCORE_STEP, read, tracking
from shadowtrade.workspace import Workspace, open_workspace

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def _alert(aid: str, origin: str, destination: str, hs: str, score: float) -> dict[str, object]:
    start = pd.Timestamp("2022-01-01")
    return {
        "alert_id": aid, "detector": "route_break", "score": score, "origin": origin,
        "via": None, "destination": destination, "hs_code": hs, "declared_hs_code": None,
        "period_start": start, "period_end": start + pd.Timedelta(days=300), "entity": None,
        "shipment_id": None, "summary": f"{origin}→{destination} {hs}",
        "evidence": f'{{"reporter": "{origin}"}}',
    }  # fmt: skip


def _insert(ws: Workspace, rows: list[dict[str, object]]) -> None:
    ws.raw.register("_a", pd.DataFrame(rows))
    ws.raw.execute("INSERT INTO alerts BY NAME SELECT * FROM _a")
    ws.raw.unregister("_a")


def _case_of(ws: Workspace, alert_id: str) -> str:
    row = ws.raw.execute("SELECT case_id FROM case_alerts WHERE alert_id = ?", [alert_id])
    found = row.fetchone()
    assert found is not None
    return str(found[0])


def test_a_rescan_says_what_is_new_gone_rescored_and_flagged(tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "ws")
    try:
        _insert(ws, [
            _alert("a1", "SRB", "UKR", "930690", 0.6), _alert("a2", "SRB", "UKR", "930690", 0.5),
            _alert("b1", "CZE", "TUR", "360100", 0.4), _alert("b2", "CZE", "TUR", "360100", 0.3),
            _alert("c1", "BGR", "ARE", "732690", 0.7), _alert("c2", "BGR", "ARE", "732690", 0.2),
        ])  # fmt: skip
        build_cases(ws)
        case_a, case_b, case_c = (_case_of(ws, x) for x in ("a1", "b1", "c1"))
        assert len({case_a, case_b, case_c}) == 3
        triage(ws, case_a, status="investigating", actor="ana")  # an analyst has seen A
        before = list_cases(ws).set_index("case_id")["score"]

        with tracking(ws) as tracked:
            # A gains an alert (new evidence on a triaged case), D is a brand-new route,
            # C's alerts are gone, one of B's alerts is rescored by 0.3 and one by 0.01.
            _insert(ws, [_alert("a3", "SRB", "UKR", "930690", 0.55),
                         _alert("d1", "IND", "POL", "930690", 0.8),
                         _alert("d2", "IND", "POL", "930690", 0.6)])  # fmt: skip
            ws.raw.execute("DELETE FROM alerts WHERE alert_id IN ('c1', 'c2')")
            ws.raw.execute("UPDATE alerts SET score = 0.7 WHERE alert_id = 'b1'")
            ws.raw.execute("UPDATE alerts SET score = 0.31 WHERE alert_id = 'b2'")
            build_cases(ws)
        ch = tracked.changes
        assert ch is not None and not ch.first
        case_d = _case_of(ws, "d1")
        after = list_cases(ws).set_index("case_id")
        assert (ch.new_alerts, ch.gone_alerts, ch.rescored_alerts) == (3, 2, 1)
        assert ch.new_alerts_by_detector == {"route_break": 3}
        assert (ch.new_cases, ch.gone_cases) == (1, 1)
        assert ch.cases_with_new_alerts == 1 and ch.flagged_for_triage == 1
        both = before.index.intersection(after.index)
        moved = (after.loc[both, "score"] - before[both]).abs() >= SCORE_STEP - 1e-9
        assert ch.rescored_cases == int(moved.sum()) >= 1  # B at least: 0.4 → 0.7
        changed = after.loc[both, "score"] != before[both]
        assert ch.nudged_cases == int((changed & ~moved).sum())
        assert [r["case_id"] for r in ch.examples["new_cases"]] == [case_d]
        assert [r["case_id"] for r in ch.examples["gone_cases"]] == [case_c]
        assert [(r["case_id"], r["new_alerts"]) for r in ch.examples["cases_with_new_alerts"]] == [
            (case_a, 1)
        ]
        # new_evidence is news for an analyst who has seen the case, not a brand-new case.
        assert bool(after.loc[case_a, "new_evidence"]) is True
        assert bool(after.loc[case_d, "new_evidence"]) is False
        assert bool(after.loc[case_b, "new_evidence"]) is False
        stored = read(ws)
        assert stored is not None and stored["new_cases"] == 1 and stored["gone_alerts"] == 2
        # Temporary copies are gone once compared.
        assert ws.raw.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '_before_%'"
        ).fetchone() == (0,)
    finally:
        ws.close()


def test_scan_prints_the_changes_and_the_report_shows_them(tmp_path: Path) -> None:
    d = str(tmp_path / "ws")
    assert (
        runner.invoke(app, ["ingest", str(DATA / "comtrade_plus_sample.csv"), "-w", d]).exit_code
        == 0
    )
    first = runner.invoke(app, ["scan", "-w", d])
    assert first.exit_code == 0, first.output
    assert "first scan of this workspace:" in first.output
    again = runner.invoke(app, ["scan", "-w", d])  # the same data: nothing changed
    assert again.exit_code == 0, again.output
    assert "since the last scan (" in again.output
    assert "alerts 0 new, 0 gone, 0 rescored by 0.05 or more" in again.output
    assert (
        "cases 0 new, 0 gone, 0 rescored by 0.05 or more (0 more by less); 0 earlier"
        in again.output
    )
    assert "scan: unit_value (" in first.output and ") on DuckDB (" in first.output  # progress
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["report", "-w", d, "--out", str(out)])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "<h2>Since the last scan</h2>" in page and "score changed by 0.05 or more" in page
