"""Commands that run and read the detectors: `detectors`, `scan`, `alerts`, `alert`, `synth`."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from shadowtrade.errors import ShadowtradeError
from shadowtrade.output import OutputFormat, print_frame
from shadowtrade.schema import ALERT_DISPLAY_COLUMNS

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace


from shadowtrade.cli.base import (
    FormatOpt,
    RawOpt,
    WorkspaceOpt,
    app,
    err,
    fail,
    open_existing,
    open_for_writing,
    out,
)

PANEL = "Detection"  # where `shadowtrade --help` lists these commands


@app.command(rich_help_panel=PANEL)
def detectors() -> None:
    """List each detector: what it finds, its parameters and their defaults."""
    from shadowtrade.detect.catalog import all_detectors

    found = all_detectors()
    for d in found:
        out.print(f"[bold]{d.name}[/bold] — {d.description} (runs on {', '.join(d.engines)})")
        for p in d.parameters:
            out.print(f"    {d.name}.{p.name} = {p.default!r}  {p.help}")


def _print_increment(ws: Workspace) -> None:
    """What an incremental scan recomputed, one line per part of its state."""
    row = ws.raw.execute("SELECT value FROM meta WHERE key = 'scan_state'").fetchone()
    done = json.loads(row[0]).get("recomputed", {}) if row else {}
    for part, what in sorted(done.items()):
        err.print(f"incremental: {part}: {what}")


def _progress(update: Callable[[str], None]) -> Callable[[str], None]:
    """Each step of the scan (each detector as it starts): the spinner's text on a terminal;
    elsewhere (a log file, a pipe, where the spinner shows nothing) one line per step, with
    the seconds since the scan began, so that a long scan is never silent."""
    t0 = time.perf_counter()

    def step(what: str) -> None:
        if err.is_terminal:
            update(what)
        else:
            err.print(f"scan: {what} ({time.perf_counter() - t0:,.0f} s)", highlight=False,
                      markup=False, soft_wrap=True)  # fmt: skip

    return step


@app.command(rich_help_panel=PANEL)
def scan(
    workspace: WorkspaceOpt = None,
    detector: Annotated[
        list[str] | None, typer.Option("--detector", help="Run only these detectors")
    ] = None,
    settings: Annotated[
        list[str] | None, typer.Option("--set", help="NAME.PARAM=VALUE, e.g. x.min_months=4")
    ] = None,
    out_file: Annotated[Path | None, typer.Option("--out", help=".csv, .jsonl or .parquet")] = None,
    engine: Annotated[
        str | None,
        typer.Option(help="duckdb (default) or spark; also $SHADOWTRADE_ENGINE"),
    ] = None,
    incremental: Annotated[
        bool,
        typer.Option(
            "--incremental",
            help="Recompute only what the imports since the last incremental scan touch"
            " (the first builds the state); same alerts as a full scan",
        ),
    ] = False,
) -> None:
    """Run the detectors, store their alerts in the workspace, optionally write them out."""
    from shadowtrade.detect.alerts import write_alerts
    from shadowtrade.engines import engine_name
    from shadowtrade.scan_changes import tracking
    from shadowtrade.scanning import scan_workspace

    engine = engine_name(engine)
    with open_for_writing(workspace, "a scan") as ws:
        with err.status("scanning") as status, tracking(ws) as tracked:
            try:
                res = scan_workspace(
                    ws, detector, settings, engine=engine, incremental=incremental,
                    on_step=_progress(status.update),
                )  # fmt: skip
            finally:
                if engine == "spark":  # stopped in order: no heartbeat to a driver gone
                    from shadowtrade.spark import stop_session

                    stop_session()
            if incremental:
                _print_increment(ws)
        if out_file is not None:
            write_alerts(res.alerts, out_file)
    alerts = res.alerts
    for inputs in res.inputs:  # what each trade detector that ran read and skipped
        if inputs.detector not in res.not_run:
            err.print(inputs.sentence(), highlight=False)
    by_reason: dict[str, list[str]] = {}
    for name, why in res.not_run.items():  # detectors with nothing to read
        by_reason.setdefault(why, []).append(name)
    for why, names in by_reason.items():
        err.print(f"{', '.join(names)}: not run, {why}", highlight=False)
    if res.companies is not None:
        err.print(f"shipment parties resolved into {res.companies:,} companies (party_clusters)")
        for note in res.resolution_notes:
            err.print(note, highlight=False, markup=False, soft_wrap=True)
    err.print(f"{len(res.cases):,} cases; `shadowtrade cases` lists them")
    if tracked.changes is not None:
        for line in tracked.changes.sentences():
            err.print(line, highlight=False, markup=False, soft_wrap=True)
    by_det = alerts.groupby("detector").size().to_dict() if len(alerts) else {}
    strong = int((alerts["score"] >= 0.5).sum()) if len(alerts) else 0
    out.print(
        f"{len(alerts):,} alerts ({strong:,} with score ≥ 0.5): "
        + (", ".join(f"{k} {v:,}" for k, v in by_det.items()) or "no detector fired")
    )


@app.command(rich_help_panel=PANEL)
def alerts(
    workspace: WorkspaceOpt = None,
    top: Annotated[int | None, typer.Option(help="Only the N highest-scoring alerts")] = None,
    detector: Annotated[str | None, typer.Option(help="Only this detector's alerts")] = None,
    fmt: FormatOpt = OutputFormat.table,
    raw: RawOpt = False,
) -> None:
    """List stored alerts, highest score first."""
    from shadowtrade.detect.alerts import read_alerts

    with open_existing(workspace) as ws:
        df = read_alerts(ws, top, detector).to_pandas()
    if fmt is OutputFormat.table:
        df = df[list(ALERT_DISPLAY_COLUMNS)]
    print_frame(df, fmt, title="alerts", raw=raw)


@app.command(rich_help_panel=PANEL)
def alert(
    alert_id: Annotated[str, typer.Argument(help="An alert_id from `shadowtrade alerts`")],
    workspace: WorkspaceOpt = None,
) -> None:
    """One alert in full: its summary, its evidence, and the consignments and papers behind it."""
    from rich.syntax import Syntax

    from shadowtrade.detect.alerts import consignments_of

    with open_existing(workspace) as ws:
        t = ws.table("alerts")
        found = t.filter(t.alert_id == alert_id).to_pandas()
        if found.empty:
            fail(ShadowtradeError(f"no alert {alert_id!r} in this workspace"))
        a = found.iloc[0]
        rows = consignments_of(ws, alert_id)
    out.print(f"[bold]{a['detector']}[/bold] · score {a['score']:.2f} · {a['alert_id']}")
    out.print(str(a["summary"]), markup=False, highlight=False)
    _print_score_factors(a["evidence"])
    evidence = json.dumps(json.loads(a["evidence"] or "{}"), indent=2, ensure_ascii=False)
    if out.is_terminal:
        out.print(Syntax(evidence, "json", word_wrap=True))
    else:  # a file or a pipe gets the JSON as it is: no padding, no wrapping at 80 columns
        out.out(evidence, highlight=False)
    if len(rows):
        print_frame(rows, OutputFormat.table, title="consignments and shared papers")


def _print_score_factors(evidence: str | None) -> None:
    """The alert's score factors as a table: what the score is made of, and why."""
    from rich.table import Table

    from shadowtrade.detect.alerts import score_factors

    factors, version = score_factors(evidence)
    if not factors:
        return
    table = Table(title=f"score factors ({version})" if version else "score factors")
    for col in ("factor", "value", "weight", "why"):
        table.add_column(col, justify="right" if col in ("value", "weight") else "left")
    for f in factors:
        v, w = f.get("value"), f.get("weight")
        table.add_row(
            str(f["name"]),
            f"{v:.2f}" if isinstance(v, int | float) else str(v),
            f"{w:g}" if isinstance(w, int | float) else str(w),
            str(f.get("sentence", "")),
        )
    out.print(table)


@app.command(rich_help_panel=PANEL)
def synth(
    scenario: Annotated[str, typer.Option(help="baseline | seed-case | mixed")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the world into")],
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same bytes)")] = 1,
    scale: Annotated[float, typer.Option(help="Size multiplier; 70 gives ~10M rows")] = 1.0,
    level: Annotated[
        int, typer.Option(help="HS level of the codes written: 6, or 4 / 2 (cut and summed)")
    ] = 6,
    shipments: Annotated[
        bool,
        typer.Option(
            "--shipments", help="Also write consignments with planted frauds (shipments.csv)"
        ),
    ] = False,
) -> None:
    """Write a simulated world (Comtrade CSV) with its planted schemes in truth.json."""
    from shadowtrade.synth import LEVELS, SCENARIOS, write_world
    from shadowtrade.synth.consignments import write_consignments

    if scenario not in SCENARIOS:
        fail(ShadowtradeError(f"unknown scenario {scenario!r}; choose {', '.join(SCENARIOS)}"))
    t0 = time.perf_counter()
    if level not in LEVELS:
        fail(ShadowtradeError(f"--level {level}: choose {', '.join(map(str, LEVELS))}"))
    with err.status(f"simulating {scenario} (seed {seed}, scale {scale}, HS{level})"):
        info = write_world(scenario, out_dir, seed=seed, scale=scale, level=level)
    out.print(
        f"wrote {info.rows:,} rows to {info.trade_file} and {len(info.truth)} planted"
        f" schemes to {info.truth_file} ({time.perf_counter() - t0:.1f}s)"
    )
    if shipments:
        with err.status("simulating consignments"):
            f, t = write_consignments(out_dir, seed=seed, scale=scale)
        out.print(f"wrote consignments to {f} and their planted frauds to {t}")
