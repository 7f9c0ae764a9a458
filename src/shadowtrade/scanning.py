"""One scan, as every front end runs it: detectors, then companies, then cases.

The scan is owned here (engine choice, parameters, incremental state, writing the alerts);
`detect.alerts` keeps only the alert contract the detectors write to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from shadowtrade import schema
from shadowtrade.detect import finer_codes
from shadowtrade.detect.alerts import conform, parse_overrides
from shadowtrade.detect.catalog import all_detectors
from shadowtrade.engines import engine_name
from shadowtrade.errors import InputError
from shadowtrade.results import fetch

if TYPE_CHECKING:
    from shadowtrade.detect.inputs import DetectorInputs
    from shadowtrade.detect.registry import Detector
    from shadowtrade.workspace import Workspace


@dataclass
class ScanResult:
    alerts: pd.DataFrame  # this scan's alerts, best first
    companies: int | None  # resolved companies (None when there were no shipments to resolve)
    cases: pd.DataFrame  # every case after the scan, best first
    # Per trade detector: what it read of trade_flows (rows, HS levels, reporters) and what it
    # skipped, and why (detect/inputs.py); `.sentence()` of each is what the CLI prints.
    inputs: list[DetectorInputs] = field(default_factory=list)
    # Detectors not run because the workspace holds none of what they read, with the reason
    # (a workspace of trade statistics only has no consignments for the shipment detectors).
    not_run: dict[str, str] = field(default_factory=dict)
    # What resolution did beyond matching names: identifiers matched exactly, chains refused
    resolution_notes: list[str] = field(default_factory=list)


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
    from shadowtrade.cases.store import build_cases
    from shadowtrade.engines import require_spark

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
    inputs: list[DetectorInputs] = []

    def describe_inputs() -> None:  # inside the scan: its profile of the raw table is read once
        inputs.extend(describe_scan(ws, detectors))

    not_run: dict[str, str] = {}
    alerts = run_scan(
        ws, detectors, settings, engine=name, incremental=incremental, then=describe_inputs,
        not_run=not_run, on_step=on_step,
    )  # fmt: skip
    companies = None
    notes: list[str] = []
    row = ws.raw.execute("SELECT count(*) FROM shipments").fetchone()
    if not detectors and row is not None and row[0]:
        from shadowtrade.entities.resolution import resolution_notes, resolve_workspace

        step("resolving shipment parties into companies" + (" on Spark" if name == "spark" else ""))
        companies = resolve_workspace(ws, engine=name)
        notes = resolution_notes(ws)
    step("grouping alerts into cases")
    return ScanResult(alerts, companies, build_cases(ws), inputs, not_run, notes)


def describe_scan(ws: Workspace, detectors: list[str] | None = None) -> list[DetectorInputs]:
    """What each trade detector among `detectors` (all by default) reads of the workspace's
    trade_flows and what it cannot use, and why (one pass over the raw table's keys)."""
    from shadowtrade.detect.inputs import describe

    chosen = [d for d in all_detectors() if not detectors or d.name in detectors]
    with ws.scan_context.sharing():
        return describe(ws.scan_context, chosen)


# What must hold rows for a detector of each source to find anything: each group is one need,
# met when any of its tables holds a row. Trade statistics land in `trade_flows` (by code) or
# in `trade_aggregates` (all-goods totals, such as the Eurostat and national downloads), and
# the statistics detectors read both.
REQUIRED_ROWS: dict[str, tuple[tuple[str, ...], ...]] = {
    "statistics": (("trade_flows", "trade_aggregates"),),
    "consignments": (("shipments",),),
    "lists": (("shipments",), ("list_entities",)),
}
_NEED_NOUN = {  # what the user is told the workspace lacks, per need's first table
    "trade_flows": "trade statistics",
    "shipments": "shipment records",
    "list_entities": "sanctions-list entries",
}


def _unmet_needs(ws: Workspace, chosen: list[Detector]) -> dict[str, list[str]]:
    """Per chosen detector whose inputs hold no rows, what it lacks (one probe per table)."""
    tables = sorted({t for d in chosen for need in REQUIRED_ROWS.get(d.source, ()) for t in need})
    holds: dict[str, bool] = {}
    for t in tables:
        row = ws.raw.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchone()
        holds[t] = bool(row is not None and row[0])
    unmet: dict[str, list[str]] = {}
    for d in chosen:
        lacks = [_NEED_NOUN[need[0]] for need in REQUIRED_ROWS.get(d.source, ())
                 if not any(holds[t] for t in need)]  # fmt: skip
        if lacks:
            unmet[d.name] = [f"the workspace holds no {' and no '.join(lacks)}"]
            continue
        empty = [what for table, cols, what in d.needs_values
                 if not _has_values(ws, table, cols)]  # fmt: skip
        if empty:
            unmet[d.name] = [f"no {NOUN_OF_TABLE.get(t, t)} has {what}"
                             for t, _, what in d.needs_values if what in empty]  # fmt: skip
    return unmet


NOUN_OF_TABLE = {"shipments": "shipment record"}


def _has_values(ws: Workspace, table: str, columns: tuple[str, ...]) -> bool:
    """Whether any row of `table` holds a non-empty value in one of `columns`."""
    have = {str(r[0]) for r in ws.raw.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
    ).fetchall()}  # fmt: skip
    cols = [c for c in columns if c in have]
    if not cols:
        return False
    test = " OR ".join(
        f'("{c}" IS NOT NULL AND trim(CAST("{c}" AS VARCHAR)) <> \'\')' for c in cols
    )
    row = ws.raw.execute(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {test})").fetchone()
    return bool(row is not None and row[0])


def run_scan(
    ws: Workspace,
    names: list[str] | None = None,
    settings: list[str] | None = None,
    *,
    engine: str | None = None,
    incremental: bool = False,
    then: Callable[[], None] | None = None,
    not_run: dict[str, str] | None = None,
    on_step: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Run the named detectors (all by default), replace their alerts in the workspace.
    `then` runs after the detectors, while the scan's shared tables are still held (what
    reads them again, such as `describe_scan`, reads them without another pass).

    With engine "spark" the detectors read the workspace's tables as Parquet on Spark (a
    detector that needs DuckDB runs on DuckDB) and the alerts are also written to Parquet.
    `incremental` keeps the monthly flows and the per-series change points between scans and
    recomputes only what the imports since the last such scan touch (incremental.py); the
    alerts are those of a full scan. `engine` None: `$SHADOWTRADE_ENGINE`, else DuckDB.
    A detector whose inputs hold no rows (`REQUIRED_ROWS`) is not run (it could find nothing)
    and its old alerts go; `not_run`, when given, receives its name and why. `on_step` hears
    each detector as it starts ("route_break (4 of 11) on Spark")."""
    engine = engine_name(engine)
    known = {d.name: d for d in all_detectors()}
    for n in names or []:
        if n not in known:
            raise InputError(f"unknown detector {n!r}; detectors: {', '.join(known) or 'none'}")
    chosen: list[Detector] = [known[n] for n in names] if names else list(known.values())
    overrides = parse_overrides(settings or [])
    for det in overrides:
        if det not in known:
            raise InputError(f"--set names unknown detector {det!r}")
    local = ws.scan_context  # DuckDB: the workspace's own file
    source = local
    if engine == "spark":
        from shadowtrade.spark import spark_context

        source = spark_context(ws)
    frames = []
    inc = None
    if incremental:
        if engine != "duckdb":
            raise InputError("incremental scans run on DuckDB, where their state is kept")
        from shadowtrade.detect.flows import aggregate_monthly, encode_keys
        from shadowtrade.incremental import begin, monthly

        inc = begin(local)
    params = {}
    for d in chosen:
        try:
            params[d.name] = d.params(overrides.get(d.name))
        except (KeyError, ValueError) as exc:
            raise InputError(f"--set {d.name}: {exc}") from exc
    with source.sharing():
        local.increment = inc
        try:
            if inc is not None:
                state = monthly(local, inc, lambda rows: aggregate_monthly(local, rows))
                local.provide("monthly_native", encode_keys(local, state))
            unmet = _unmet_needs(ws, chosen)
            runs = [d.name for d in chosen if d.name not in unmet]
            for d in chosen:
                if d.name in unmet:
                    if not_run is not None:
                        not_run[d.name] = "; ".join(unmet[d.name])
                    continue
                # A detector that needs DuckDB runs there, on a Spark scan too.
                on = source if source.engine in d.engines else local
                if on_step is not None:
                    where = "Spark" if on.engine == "spark" else "DuckDB"
                    on_step(f"{d.name} ({runs.index(d.name) + 1} of {len(runs)}) on {where}")
                frames.append(conform(fetch(d.run(on, params[d.name])), d.name))
            if then is not None:
                with local.sharing():
                    then()
        finally:
            local.increment = None
    alerts = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=list(schema.ALERTS))
    )
    alerts = finer_codes.annotate(ws.raw, alerts)  # an HS6 figure summed from some CN8 lines
    with ws.transaction():
        for d in chosen:
            ws.raw.execute("DELETE FROM alerts WHERE detector = ?", [d.name])
        if len(alerts):
            ws.raw.register("_alerts_df", alerts)
            ws.raw.execute("INSERT INTO alerts BY NAME SELECT * FROM _alerts_df")
            ws.raw.unregister("_alerts_df")
        if inc is not None:
            from shadowtrade.incremental import save

            save(local, inc)
    if engine == "spark":
        from shadowtrade.spark import mirror_to_parquet

        mirror_to_parquet(ws, ("alerts",))
    return alerts.sort_values(["score", "alert_id"], ascending=[False, True], ignore_index=True)
