"""One scan, as every front end runs it: detectors, then companies, then cases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from shadowtrade.detect.inputs import DetectorInputs
    from shadowtrade.workspace import Workspace


@dataclass
class ScanResult:
    alerts: pd.DataFrame  # this scan's alerts, best first
    companies: int | None  # resolved companies (None when there were no shipments to resolve)
    cases: pd.DataFrame  # every case after the scan, best first
    # Per trade detector: what it read of trade_flows (rows, HS levels, reporters) and what it
    # skipped, and why (detect/inputs.py); `.sentence()` of each is what the CLI prints.
    inputs: list[DetectorInputs] = field(default_factory=list)


def scan_workspace(
    ws: Workspace,
    detectors: list[str] | None = None,
    settings: list[str] | None = None,
    *,
    engine: str | None = None,
    incremental: bool = False,
    on_step: Callable[[str], None] | None = None,
) -> ScanResult:
    """Run the detectors (all by default) on the engine asked for (`engine`, else
    `$SHADOWTRADE_ENGINE`, else DuckDB); after a full scan of a workspace with shipments,
    resolve their parties into companies; then regroup the alerts into cases. `incremental`:
    recompute only what the imports since the last incremental scan touch (incremental.py)."""
    import shadowtrade.detect  # noqa: F401  (registers the detectors)
    from shadowtrade.cases import build_cases
    from shadowtrade.detect.alerts import run_scan
    from shadowtrade.engines import engine_name, require_spark

    step = on_step or (lambda _: None)
    name = engine_name(engine)
    if name == "spark":
        require_spark()
        step("mirroring the tables to Parquet and starting Spark")
    step(
        "scanning"
        + (" on Spark" if name == "spark" else "")
        + (" incrementally" if incremental else "")
    )
    alerts = run_scan(ws, detectors, settings, engine=name, incremental=incremental)
    inputs = describe_scan(ws, detectors)
    companies = None
    row = ws.raw.execute("SELECT count(*) FROM shipments").fetchone()
    if not detectors and row is not None and row[0]:
        from shadowtrade.entities.resolution import resolve_workspace

        step("resolving shipment parties into companies" + (" on Spark" if name == "spark" else ""))
        companies = resolve_workspace(ws, engine=name)
    step("grouping alerts into cases")
    return ScanResult(alerts, companies, build_cases(ws), inputs)


def describe_scan(ws: Workspace, detectors: list[str] | None = None) -> list[DetectorInputs]:
    """What each trade detector among `detectors` (all by default) reads of the workspace's
    trade_flows and what it cannot use, and why (one pass over the raw table's keys)."""
    import shadowtrade.detect  # noqa: F401  (registers the detectors)
    from shadowtrade.detect.inputs import describe
    from shadowtrade.detect.registry import all_detectors

    chosen = [d for d in all_detectors() if not detectors or d.name in detectors]
    with ws.sharing():
        return describe(ws, chosen)
