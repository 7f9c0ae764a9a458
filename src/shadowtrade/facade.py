"""The one way into a workspace for every front end: open it, then ingest, scan, list cases, check.

`Workspace` (workspace.py) is the connection and its transactions and imports nothing above it;
this façade adds the operations, each of which lives in its own layer below (formats, scanning,
cases, claims). The CLI, the web app, the report and library users reach them through here:

    import shadowtrade
    ws = shadowtrade.open("shadowtrade-workspace")
    ws.ingest("comtrade.csv")
    ws.scan()
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ibis
import pandas as pd

from shadowtrade.cases.store import ensure_cases, list_cases
from shadowtrade.claims.extract import extract
from shadowtrade.claims.grade import grade
from shadowtrade.claims.verdict import Verdict
from shadowtrade.detect.alerts import read_alerts
from shadowtrade.formats.dispatch import ingest_result
from shadowtrade.scanning import scan_workspace
from shadowtrade.workspace import Workspace, open_workspace


class Shadowtrade(Workspace):
    """A workspace with the operations an analyst runs on it."""

    def ingest(self, path: str | Path, fmt: str = "auto", **options: Any) -> Any:
        """Ingest one file of any kind (trade statistics, shipments, a sanctions list), chosen
        by `fmt` or recognised from the file, through the dispatch every front end uses; the
        reader's result (accepted, quarantined, …)."""
        return ingest_result(self, Path(path), fmt, **options)[0]

    def scan(
        self,
        detectors: list[str] | None = None,
        engine: str | None = None,
        *,
        incremental: bool = False,
    ) -> ibis.Table:
        """Run the detectors (all by default) on `engine` (or the one the workspace was opened
        with), resolve parties, rebuild the cases; the alerts. `incremental`: recompute only
        what the imports since the last incremental scan touch (same alerts as a full scan)."""
        scan_workspace(self, detectors, engine=engine or self.scan_engine, incremental=incremental)
        return read_alerts(self)

    def cases(self, top: int | None = None, status: str | None = None) -> pd.DataFrame:
        """The cases with their triage, best first."""
        ensure_cases(self)
        return list_cases(self, top, status)

    def check(self, text: str) -> Verdict:
        """Grade an allegation in words against the workspace (DESIGN.md's `check --json`)."""
        return grade(self, extract(text))


def open(
    path: str | Path | None = None,
    *,
    read_only: bool = False,
    create: bool = True,
    engine: str | None = None,
) -> Shadowtrade:
    """Open (and if needed create) the workspace at `path` (see `workspace.open_workspace`)."""
    ws = open_workspace(path, read_only=read_only, create=create, engine=engine, kind=Shadowtrade)
    assert isinstance(ws, Shadowtrade)
    return ws
