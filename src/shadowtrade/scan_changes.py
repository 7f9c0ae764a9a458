"""What a scan changed against the scan before it, said and kept with the scan.

A rescan after a new import rewrites `alerts` and `cases` whole; without a comparison the
analyst cannot tell what is new (tester 10: 49 new cases, 54 new alerts and 19 changed case
scores after a second Eurostat import appeared nowhere). `tracking(ws)` copies the previous
scan's alert ids and scores, cases and case members into temporary tables before the scan;
after it, `compare` counts in DuckDB, by the stable alert and case ids:

- alerts new, gone, and rescored by at least `SCORE_STEP`;
- cases new (no such case before), gone, rescored by at least `SCORE_STEP`;
- cases with new evidence: cases of the previous scan that now hold alerts they did not
  (a brand-new case is new, not new evidence), and of those, the triaged cases this scan
  flagged for their analyst (`case_triage.new_evidence`).

The summary is stored in `meta` (key `scan_changes`, JSON) so that the report and the API
read what the CLI printed; `read` returns it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

SCORE_STEP = 0.05  # a score change smaller than this is not reported
META_KEY = "scan_changes"
SHOWN = 10  # examples kept per list
_BEFORE = ("_before_alerts", "_before_cases", "_before_members", "_before_flagged")


@dataclass
class ScanChanges:
    """One scan against the scan before it (counts, with the strongest examples)."""

    at: str  # when this scan's comparison was made (ISO, seconds)
    previous_at: str | None  # when the previous scan built its cases; None: first scan
    alerts: int  # alerts after the scan
    cases: int
    new_alerts: int = 0
    gone_alerts: int = 0
    rescored_alerts: int = 0
    new_cases: int = 0
    gone_cases: int = 0
    rescored_cases: int = 0
    nudged_cases: int = 0  # cases whose score moved, by less than SCORE_STEP
    cases_with_new_alerts: int = 0  # cases of the previous scan now holding alerts they did not
    flagged_for_triage: int = 0  # of those, triaged cases this scan flagged `new_evidence`
    new_alerts_by_detector: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def first(self) -> bool:
        return self.previous_at is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at, "previous_at": self.previous_at, "alerts": self.alerts,
            "cases": self.cases, "new_alerts": self.new_alerts, "gone_alerts": self.gone_alerts,
            "rescored_alerts": self.rescored_alerts, "new_cases": self.new_cases,
            "gone_cases": self.gone_cases, "rescored_cases": self.rescored_cases,
            "nudged_cases": self.nudged_cases,
            "cases_with_new_alerts": self.cases_with_new_alerts,
            "flagged_for_triage": self.flagged_for_triage, "score_step": SCORE_STEP,
            "new_alerts_by_detector": self.new_alerts_by_detector, "examples": self.examples,
        }  # fmt: skip

    def sentences(self) -> list[str]:
        """What the CLI prints: one line of counts per kind, nothing hidden."""
        if self.first:
            return [f"first scan of this workspace: {self.alerts:,} alerts, {self.cases:,} cases;"
                    " the next scan is compared with this one"]  # fmt: skip
        by = ", ".join(f"{d} {n:,}" for d, n in self.new_alerts_by_detector.items())
        step = f"by {SCORE_STEP:g} or more"
        return [
            f"since the last scan ({self.previous_at}): alerts {self.new_alerts:,} new"
            + (f" ({by})" if by else "")
            + f", {self.gone_alerts:,} gone, {self.rescored_alerts:,} rescored {step}",
            f"since the last scan: cases {self.new_cases:,} new, {self.gone_cases:,} gone,"
            f" {self.rescored_cases:,} rescored {step} ({self.nudged_cases:,} more by less);"
            f" {self.cases_with_new_alerts:,} earlier"
            f" case(s) with new evidence (new alerts), {self.flagged_for_triage:,} of them"
            " triaged and flagged for their analyst",
        ]


@dataclass
class Tracked:
    """Filled in when the scan inside `tracking` has finished."""

    changes: ScanChanges | None = None


def _has(ws: Workspace, table: str) -> bool:
    row = ws.raw.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
        [table],
    ).fetchone()
    return bool(row and row[0])


def snapshot(ws: Workspace) -> None:
    """Copy what the next comparison needs of the current scan into temporary tables."""
    ws.raw.execute("CREATE OR REPLACE TEMP TABLE _before_alerts AS"
                   " SELECT alert_id, detector, score FROM alerts")  # fmt: skip
    ws.raw.execute("CREATE OR REPLACE TEMP TABLE _before_cases AS"
                   " SELECT case_id, score, title, built_at FROM cases")  # fmt: skip
    ws.raw.execute("CREATE OR REPLACE TEMP TABLE _before_members AS"
                   " SELECT case_id, alert_id FROM case_alerts")  # fmt: skip
    ws.raw.execute("CREATE OR REPLACE TEMP TABLE _before_flagged AS"
                   " SELECT case_id FROM case_triage WHERE new_evidence")  # fmt: skip


def _drop(ws: Workspace) -> None:
    for t in _BEFORE:
        ws.raw.execute(f"DROP TABLE IF EXISTS temp.{t}")


def _count(ws: Workspace, sql: str) -> int:
    row = ws.raw.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _rows(ws: Workspace, sql: str) -> list[dict[str, Any]]:
    cur = ws.raw.execute(sql + f" LIMIT {SHOWN}")
    names = [d[0] for d in cur.description or []]
    return [
        {n: (round(v, 4) if isinstance(v, float) else v) for n, v in zip(names, r, strict=True)}
        for r in cur.fetchall()
    ]


# Pairs of scores that moved by at least SCORE_STEP (rounding kept out of the comparison).
_MOVED = f"abs(a.score - b.score) >= {SCORE_STEP} - 1e-9"
_NEW_MEMBERS = """SELECT m.case_id, count(*) AS new_alerts FROM case_alerts m
    JOIN _before_cases c USING (case_id)
    ANTI JOIN _before_members p ON p.case_id = m.case_id AND p.alert_id = m.alert_id
    GROUP BY m.case_id"""


def compare(ws: Workspace, previous_at: str | None) -> ScanChanges:
    """The workspace's scan now against the snapshot taken before it (`snapshot`)."""
    now = datetime.now().isoformat(timespec="seconds")
    ch = ScanChanges(now, previous_at, _count(ws, "SELECT count(*) FROM alerts"),
                     _count(ws, "SELECT count(*) FROM cases"))  # fmt: skip
    if previous_at is None:
        return ch
    new_alerts = "FROM alerts a ANTI JOIN _before_alerts b USING (alert_id)"
    ch.new_alerts = _count(ws, f"SELECT count(*) {new_alerts}")
    ch.new_alerts_by_detector = {
        str(d): int(n)
        for d, n in ws.raw.execute(
            f"SELECT detector, count(*) AS n {new_alerts} GROUP BY 1 ORDER BY n DESC, 1"
        ).fetchall()
    }
    ch.gone_alerts = _count(ws, "SELECT count(*) FROM _before_alerts b ANTI JOIN alerts a"
                                " USING (alert_id)")  # fmt: skip
    ch.rescored_alerts = _count(ws, "SELECT count(*) FROM alerts a JOIN _before_alerts b"
                                    f" USING (alert_id) WHERE {_MOVED}")  # fmt: skip
    new_cases = "FROM cases a ANTI JOIN _before_cases b USING (case_id)"
    ch.new_cases = _count(ws, f"SELECT count(*) {new_cases}")
    ch.gone_cases = _count(ws, "SELECT count(*) FROM _before_cases b ANTI JOIN cases a"
                               " USING (case_id)")  # fmt: skip
    rescored = f"FROM cases a JOIN _before_cases b USING (case_id) WHERE {_MOVED}"
    ch.rescored_cases = _count(ws, f"SELECT count(*) {rescored}")
    nudged = f"a.score <> b.score AND NOT {_MOVED}"
    ch.nudged_cases = _count(ws, "SELECT count(*) FROM cases a JOIN _before_cases b"
                                 f" USING (case_id) WHERE {nudged}")  # fmt: skip
    ch.cases_with_new_alerts = _count(ws, f"SELECT count(*) FROM ({_NEW_MEMBERS})")
    ch.flagged_for_triage = _count(ws, "SELECT count(*) FROM case_triage t ANTI JOIN"
                                       " _before_flagged f USING (case_id)"
                                       " WHERE t.new_evidence")  # fmt: skip
    sql = {
        "new_cases": f"SELECT a.case_id, a.title, a.score, a.alerts {new_cases}"
        " ORDER BY a.score DESC, a.case_id",
        "rescored_cases": "SELECT a.case_id, a.title, b.score AS score_before,"
        f" a.score AS score_now {rescored} ORDER BY abs(a.score - b.score) DESC, a.case_id",
        "cases_with_new_alerts": "SELECT n.case_id, c.title, c.score, n.new_alerts"
        f" FROM ({_NEW_MEMBERS}) n JOIN cases c USING (case_id)"
        " ORDER BY n.new_alerts DESC, c.score DESC, n.case_id",
        "gone_cases": "SELECT b.case_id, b.title, b.score FROM _before_cases b"
        " ANTI JOIN cases a USING (case_id) ORDER BY b.score DESC, b.case_id",
    }
    ch.examples = {name: _rows(ws, q) for name, q in sql.items()}
    return ch


def store(ws: Workspace, changes: ScanChanges) -> None:
    """Keep the summary with the workspace (`meta`), for the report and the API."""
    ws.raw.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    ws.raw.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                   [META_KEY, json.dumps(changes.as_dict(), default=str)])  # fmt: skip


def read(ws: Workspace) -> dict[str, Any] | None:
    """The last scan's stored summary (`ScanChanges.as_dict`), None before any."""
    if not _has(ws, "meta"):
        return None
    row = ws.raw.execute("SELECT value FROM meta WHERE key = ?", [META_KEY]).fetchone()
    if row is None:
        return None
    found: dict[str, Any] = json.loads(row[0])
    return found


def _previous_scan(ws: Workspace) -> str | None:
    """When the scan before this one ran; None when there was none (nothing to compare)."""
    stored = read(ws)
    if stored is not None:
        return str(stored["at"])
    row = ws.raw.execute("SELECT max(built_at) FROM cases").fetchone()
    if row and row[0] is not None:
        return str(row[0])
    built = ws.raw.execute("SELECT count(*) FROM meta WHERE key = 'cases_built_for'").fetchone()
    return "an earlier scan" if built and built[0] else None


@contextmanager
def tracking(ws: Workspace) -> Iterator[Tracked]:
    """Around a scan: snapshot before it; after it, compare and store (`Tracked.changes`).
    A scan that fails stores nothing."""
    from shadowtrade.writelock import writing

    previous_at = _previous_scan(ws)
    snapshot(ws)
    box = Tracked()
    try:
        yield box
        box.changes = compare(ws, previous_at)
        changes = box.changes
        writing(ws, lambda: store(ws, changes), "the scan's changes")
    finally:
        _drop(ws)
