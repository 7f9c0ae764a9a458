"""The `shadowtrade` command line: one thin function per command (DESIGN.md, "CLI contract")."""

from __future__ import annotations

# isort: off
import shadowtrade.startup  # noqa: F401  (first: answers a Ctrl-C while the CLI loads)

# isort: on

import functools
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import TaskID, TextColumn
from typer.core import TyperGroup, TyperOption

from shadowtrade.cli_fetch import fetch as fetch_command
from shadowtrade.errors import ShadowtradeError
from shadowtrade.output import OutputFormat, print_frame, terminal_progress, write_csv
from shadowtrade.schema import ALERT_DISPLAY_COLUMNS

if TYPE_CHECKING:
    from shadowtrade.formats.imports import FileIngestResult
    from shadowtrade.workspace import Workspace


class _PlainHelpGroup(TyperGroup):
    """Commands whose help shows no Python type noise: a flag shows no type (was `<bool>`),
    a repeatable option its element type (`<str>…`, was `<list[str]>`)."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:  # click's Context and Command
        cmd = super().get_command(ctx, cmd_name)
        if cmd is None:
            return None
        help_option = cmd.get_help_option(ctx)  # cached by the command once made
        params = [*cmd.params, *([help_option] if help_option is not None else [])]
        for param in params:
            if getattr(param, "metavar", "") is not None:
                continue
            if getattr(param, "is_flag", False):
                param.metavar = ""
            elif getattr(param, "multiple", False) and isinstance(param, TyperOption):
                element = re.sub(r"^<?list\[(.+)\]>?$", r"\1", param.display_type(ctx))
                param.metavar = f"<{element}>…"
        return cmd

    def invoke(self, ctx: Any) -> Any:  # click's Context
        """One error handler for every command: bad input or a workspace that cannot be used
        is one line on stderr and exit code 2 (the CLI contract), whichever command raised it."""
        try:
            return super().invoke(ctx)
        except ShadowtradeError as exc:
            _fail(exc)


app = typer.Typer(
    cls=_PlainHelpGroup,
    help="Find covert arms and dual-use trade pipelines in trade data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console(soft_wrap=True)

WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        envvar="SHADOWTRADE_WORKSPACE",
        help="Workspace folder (default: ./shadowtrade-workspace)",
    ),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="table, csv or jsonl")]
RawOpt = Annotated[
    bool,
    typer.Option(
        "--raw",
        help="CSV: write cells as they are (by default a cell starting with = + - @ tab or CR,"
        " which a spreadsheet would run as a formula, is prefixed with ')",
    ),
]


def _fail(exc: Exception) -> NoReturn:
    """One line on stderr, exit code 2 (the CLI contract for bad input); an error that a
    Ctrl-C caused inside a DuckDB statement is an interruption (exit 130), not bad input."""
    if _caused_by_interrupt(exc):
        raise typer.Exit(130)  # main() says it, once
    sys.stderr.write(f"error: {' '.join(_message(exc).split())}\n")
    raise typer.Exit(2)


def _caused_by_interrupt(exc: BaseException) -> bool:
    """Whether Ctrl-C is somewhere in the error's chain: DuckDB answers it inside a statement
    with its own InterruptException, which the readers may have wrapped as bad input."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, KeyboardInterrupt) or type(seen).__name__ == "InterruptException":
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _message(exc: Exception) -> str:
    """What went wrong, in the user's words: an operating-system error names its file
    ("missing.txt: no such file or directory"), not Python's errno form."""
    if isinstance(exc, OSError) and exc.strerror and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror[:1].lower()}{exc.strerror[1:]}"
    return str(exc)


def _folder(workspace: Path | None) -> Path:
    from shadowtrade.workspace import default_workspace

    return workspace if workspace is not None else default_workspace()


def _waiting(message: str) -> None:
    """A write waiting for another writer says so (on stderr), once."""
    err.print(message)


OPEN_WAIT_S = 60.0  # how long a command waits for another process to close the workspace


def _open(workspace: Path | None, *, read_only: bool = False) -> Workspace:
    """An existing workspace (waiting a while, with a message, for another process to close
    it), or a one-line error and exit code 2 (also while `shadowtrade serve` holds it)."""
    from shadowtrade.writelock import open_waiting

    return open_waiting(_folder(workspace), read_only=read_only, on_wait=_waiting,
                        wait_s=OPEN_WAIT_S)  # fmt: skip


def _print_file_result(f: Path, res: FileIngestResult, summary: str) -> None:
    """One ingested file: its summary and quarantine reasons, or that it was there already."""
    if res.duplicate_of is not None:
        out.print(f"{f}: already ingested as import {res.duplicate_of}; nothing changed")
        return
    out.print(f"{f}: {summary}")
    for reason, n in res.by_reason.items():
        out.print(f"  quarantined {n:,} × {reason}")


def _ingest_lists(files: list[Path], workspace: Path | None, fmt: str) -> None:
    from shadowtrade.formats.sanctions import ingest_list
    from shadowtrade.workspace import open_workspace

    for f in files:
        if not f.exists():
            _fail(ShadowtradeError(f"{f}: no such file"))
    with open_workspace(workspace) as ws:  # a workspace locked by another process: one line, exit 2
        for f in files:
            with err.status(f"reading {f.name}"):
                res = ingest_list(ws, f, fmt=fmt)
            _print_file_result(
                f,
                res,
                f"{fmt} — read {res.rows_read:,} records: {res.entities:,} listed parties,"
                f" {res.skipped:,} other records skipped, {res.quarantined:,} quarantined"
                f" ({res.seconds:.1f}s, import {res.import_id})",
            )
            for note in res.notes:
                out.print(f"  note: {note}")


def _list_format(files: list[Path]) -> str | None:
    from shadowtrade.formats.dispatch import list_format

    return list_format(files)


def _ingest_shipments(files: list[Path], workspace: Path | None, mapping: Path | None) -> None:
    """`ingest --format shipments`: customs or bill-of-lading records into `shipments`."""
    from shadowtrade.formats.shipments import ingest_shipments, load_shipment_mapping
    from shadowtrade.workspace import open_workspace

    if mapping is not None:
        load_shipment_mapping(mapping)
    files = _expand(files)
    missing = [f for f in files if not f.exists()]
    if missing:
        raise ShadowtradeError(f"{missing[0]}: no such file")
    with open_workspace(workspace) as ws:
        for f in files:
            res = ingest_shipments(ws, f, mapping=mapping)
            _print_file_result(
                f,
                res,
                f"shipments — read {res.rows_read:,} rows: {res.accepted:,} accepted,"
                f" {res.quarantined:,} quarantined ({res.seconds:.1f}s, import {res.import_id})",
            )
            for note in res.notes:
                out.print(f"  note: {note}")


def _removing_a_new_empty_workspace(command: Callable[..., None]) -> Callable[..., None]:
    """The command, run so that a failure leaves no new, empty workspace behind."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        from shadowtrade.workspace import removed_if_left_empty

        with removed_if_left_empty(kwargs.get("workspace")):
            command(*args, **kwargs)

    return run


@app.command()
@_removing_a_new_empty_workspace
def ingest(
    files: Annotated[list[Path], typer.Argument(help="Files to ingest (CSV, plain or gzip)")],
    workspace: WorkspaceOpt = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="auto|comtrade|baci|comext|shipments|ofac-sdn|eu-fsf|un-sc|ftm"
        ),
    ] = "auto",
    mapping: Annotated[Path | None, typer.Option("--mapping", help="YAML column mapping")] = None,
    encoding: Annotated[
        str,
        typer.Option(
            help="Text encoding: auto (UTF-8, other encodings detected and said), utf-8,"
            " latin-1 or cp1252"
        ),
    ] = "auto",
) -> None:
    """Ingest trade-statistics files; each file is one transaction; re-ingesting is a no-op."""
    from shadowtrade.formats.dispatch import ingest_file, precheck
    from shadowtrade.formats.ingest import ALL_FORMATS, TRADE_FORMATS
    from shadowtrade.formats.kinds import LIST_FORMATS
    from shadowtrade.formats.mapping import load_mapping
    from shadowtrade.formats.profile import render as render_profile
    from shadowtrade.workspace import open_workspace

    if fmt == "shipments":
        _ingest_shipments(files, workspace, mapping)
        return
    if fmt == "auto":
        fmt = _list_format(files) or fmt
    if fmt in LIST_FORMATS:
        _ingest_lists(files, workspace, fmt)
        return
    if fmt not in TRADE_FORMATS:
        _fail(ShadowtradeError(f"unknown --format {fmt!r}; use one of {ALL_FORMATS}"))
    # Check every file up front so that an unreadable one changes nothing.
    spec = load_mapping(mapping) if mapping else None
    files = _expand(files)
    for f in files:
        precheck(f, fmt=fmt, mapping=spec, encoding=encoding)
    with open_workspace(workspace) as ws:
        for f in files:
            with terminal_progress(err, TextColumn("{task.percentage:>5.1f}%")) as prog:
                task = prog.add_task(f"{f.name}: reading", total=100)

                def show(stage: str, pct: float, _task: TaskID = task, _name: str = f.name) -> None:
                    prog.update(_task, description=f"{_name}: {stage}", completed=pct)

                res = ingest_file(ws, f, fmt=fmt, mapping=mapping, encoding=encoding, progress=show)
            if res.unchanged:
                out.print(
                    f"{f}: already ingested as import {res.duplicate_of} (same sha256);"
                    " nothing changed"
                )
                continue
            out.print(
                f"{f}: {res.layout} — read {res.rows_read:,} rows: {res.accepted:,} accepted,"
                f" {res.aggregates:,} aggregates kept apart, {res.quarantined:,} quarantined"
                + (f", {res.summed_away:,} summed into flows" if res.summed_away else "")
                + (f", {res.skipped:,} empty cells skipped" if res.skipped else "")
                + f" ({res.seconds:.1f}s, import {res.import_id})",
                highlight=False,
            )
            for line in render_profile(res.profile):
                out.print(f"  {line}", highlight=False, markup=False)


DATA_SUFFIXES = (
    ".csv", ".csv.gz", ".tsv", ".tsv.gz", ".txt", ".txt.gz", ".dat", ".dat.gz", ".xlsx", ".xlsm",
    ".ods",
)  # fmt: skip


def _expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the data files below it, in name order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            # BACI's release country table sits beside its data files and is read with them.
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.name.endswith(DATA_SUFFIXES)
                and not f.name.startswith("country_codes_V")
            )
            if not found:
                raise ShadowtradeError(f"{p}: folder holds no {', '.join(DATA_SUFFIXES)} files")
            out.extend(found)
        else:
            out.append(p)
    return out


@app.command()
def imports(
    workspace: WorkspaceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    raw: RawOpt = False,
    detail: Annotated[
        int | None,
        typer.Option("--detail", help="Show one import's profile: what was read, and warnings"),
    ] = None,
) -> None:
    """List what was ingested: file, sha256, rows read, accepted, quarantined by reason."""
    from shadowtrade.workspace import run_read_only_query

    if detail is not None:
        _import_detail(workspace, fmt, detail)
        return
    df = run_read_only_query(
        workspace,
        "SELECT import_id, file_name, format, layout, sha256, rows_read, accepted, aggregates,"
        " quarantined, skipped, quarantine_by_reason, overlapping_imports, finished_at"
        " FROM imports ORDER BY import_id",
    )
    if fmt is OutputFormat.table:  # a screen-wide summary; csv and jsonl keep every detail
        df["sha256"] = df["sha256"].str.slice(0, 12)
        df["overlapping_imports"] = df["overlapping_imports"].map(_overlap_summary)
        df["finished_at"] = df["finished_at"].dt.strftime("%Y-%m-%d %H:%M")
    print_frame(df, fmt, title="imports", raw=raw)


def _import_detail(workspace: Path | None, fmt: OutputFormat, import_id: int) -> None:
    """One import's row and its profile (formats/profile.py), as text or JSON."""
    from shadowtrade.formats.profile import render as render_profile
    from shadowtrade.workspace import run_read_only_query

    df = run_read_only_query(
        workspace,
        "SELECT import_id, file_name, path, format, layout, target_table, sha256, rows_read,"
        f" accepted, aggregates, quarantined, skipped, profile, finished_at FROM imports"
        f" WHERE import_id = {int(import_id)}",
    )
    if df.empty:
        _fail(ShadowtradeError(f"no import {import_id}; `shadowtrade imports` lists them"))
        return
    row = df.iloc[0]
    prof = json.loads(row["profile"]) if isinstance(row["profile"], str) else {}
    if fmt is not OutputFormat.table:  # one JSON object: the import's row with its profile
        record = {str(k): v for k, v in row.items() if k != "profile"}
        record["profile"] = prof
        print(json.dumps(record, default=str))
        return
    out.print(
        f"import {row['import_id']}: {row['file_name']} ({row['format']}, {row['layout']}) →"
        f" {row['target_table']}, {row['finished_at']:%Y-%m-%d %H:%M}",
        highlight=False,
        markup=False,
    )
    out.print(f"  path: {row['path']}\n  sha256: {row['sha256']}", highlight=False, markup=False)
    out.print(
        f"  read {row['rows_read']:,} rows: {row['accepted']:,} accepted, {row['aggregates']:,}"
        f" aggregates kept apart, {row['quarantined']:,} quarantined"
        + (f", {prof.get('summed_away', 0):,} summed into flows" if prof.get("summed_away") else "")
        + (f", {row['skipped']:,} empty cells skipped" if row["skipped"] else ""),
        highlight=False,
    )
    if not prof:
        out.print("  (imported by an earlier version: no profile was recorded)")
    for line in render_profile(prof):
        out.print(f"  {line}", highlight=False, markup=False)


def _overlap_summary(doc: str | None) -> str:
    """'{"1": 28, "2": 30}' → '58 rows, 2 imports'."""
    found = json.loads(doc) if doc else {}
    if not found:
        return ""
    return f"{sum(found.values()):,} rows, {len(found)} import{'s' if len(found) > 1 else ''}"


app.command("fetch")(fetch_command)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="One SQL statement (read-only)")],
    workspace: WorkspaceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    raw: RawOpt = False,
    limit: Annotated[
        int, typer.Option(help="Most rows shown as a table (0: all); csv and jsonl write all")
    ] = 1000,
) -> None:
    """Run one read-only SELECT on the workspace: no writes, no other files, no network."""
    from shadowtrade.workspace import query_rows

    cap = limit if fmt is OutputFormat.table and limit > 0 else None
    df, more = query_rows(workspace, sql, limit=cap)
    print_frame(df, fmt, raw=raw)
    if more:
        err.print(f"showing the first {cap:,} rows: --limit N for more, or --format csv for all")


@app.command()
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


@app.command()
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
    from shadowtrade.scanning import scan_workspace

    engine = engine_name(engine)
    with _open(workspace) as ws:
        with err.status("scanning") as status:
            res = scan_workspace(
                ws, detector, settings, engine=engine, incremental=incremental,
                on_step=status.update,
            )  # fmt: skip
            if incremental:
                _print_increment(ws)
        if out_file is not None:
            write_alerts(res.alerts, out_file)
    alerts = res.alerts
    for inputs in res.inputs:  # what each trade detector read and skipped
        err.print(inputs.sentence(), highlight=False)
    if res.companies is not None:
        err.print(f"shipment parties resolved into {res.companies:,} companies (party_clusters)")
    flagged = int((res.cases["new_alerts"] > 0).sum()) if len(res.cases) else 0
    err.print(f"{len(res.cases):,} cases ({flagged:,} with new alerts since the last scan);"
              " `shadowtrade cases` lists them")  # fmt: skip
    by_det = alerts.groupby("detector").size().to_dict() if len(alerts) else {}
    strong = int((alerts["score"] >= 0.5).sum()) if len(alerts) else 0
    out.print(
        f"{len(alerts):,} alerts ({strong:,} with score ≥ 0.5): "
        + (", ".join(f"{k} {v:,}" for k, v in by_det.items()) or "no detector fired")
    )


@app.command()
def alerts(
    workspace: WorkspaceOpt = None,
    top: Annotated[int | None, typer.Option(help="Only the N highest-scoring alerts")] = None,
    detector: Annotated[str | None, typer.Option(help="Only this detector's alerts")] = None,
    fmt: FormatOpt = OutputFormat.table,
    raw: RawOpt = False,
) -> None:
    """List stored alerts, highest score first."""
    from shadowtrade.detect.alerts import read_alerts

    with _open(workspace, read_only=True) as ws:
        df = read_alerts(ws, top, detector).to_pandas()
    if fmt is OutputFormat.table:
        df = df[list(ALERT_DISPLAY_COLUMNS)]
    print_frame(df, fmt, title="alerts", raw=raw)


@app.command()
def alert(
    alert_id: Annotated[str, typer.Argument(help="An alert_id from `shadowtrade alerts`")],
    workspace: WorkspaceOpt = None,
) -> None:
    """One alert in full: its summary, its evidence, and the consignments and papers behind it."""
    from rich.syntax import Syntax

    from shadowtrade.detect.alerts import consignments_of

    with _open(workspace, read_only=True) as ws:
        t = ws.table("alerts")
        found = t.filter(t.alert_id == alert_id).to_pandas()
        if found.empty:
            _fail(ShadowtradeError(f"no alert {alert_id!r} in this workspace"))
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


@app.command()
def screen(
    names_file: Annotated[
        Path,
        typer.Argument(
            help="CSV with a 'name' (and optional 'country') column, or one name per line"
        ),
    ],
    workspace: WorkspaceOpt = None,
    threshold: Annotated[float, typer.Option(help="Match score to report (0–1)")] = 0.85,
    fmt: FormatOpt = OutputFormat.table,
    raw: RawOpt = False,
) -> None:
    """Screen names against the sanctions lists in the workspace, across scripts and spellings."""
    import pandas as pd

    from shadowtrade.entities.screening import screen as screen_names
    from shadowtrade.reference.loaders import resolve_country

    if not names_file.exists():
        _fail(ShadowtradeError(f"{names_file}: no such file"))
    text = names_file.read_text(encoding="utf-8")
    first = text.splitlines()[0].strip().lower() if text.strip() else ""
    if first.split(",")[0].strip('"') == "name" or ",name" in first:
        df = pd.read_csv(names_file, dtype=str, keep_default_na=False)
        if "name" not in df.columns:
            _fail(ShadowtradeError(f"{names_file}: no 'name' column in the header"))
        names = df["name"].tolist()
        countries = [resolve_country(c) if c else None for c in df.get("country", [""] * len(df))]
        ids = df["id"].tolist() if "id" in df.columns else [str(i) for i in range(1, len(df) + 1)]
    else:
        names = [line.strip() for line in text.splitlines() if line.strip()]
        countries = [None] * len(names)
        ids = [str(i) for i in range(1, len(names) + 1)]
    with _open(workspace, read_only=True) as ws:
        if ws.raw.execute("SELECT count(*) FROM list_entities").fetchone()[0] == 0:  # type: ignore[index]
            _fail(
                ShadowtradeError(
                    "no sanctions list in this workspace: ingest one with --format"
                    " ofac-sdn, eu-fsf, un-sc or ftm"
                )
            )
        with err.status(f"screening {len(names):,} names"):
            found = screen_names(ws, names, countries, threshold=threshold)
    queries = pd.DataFrame({"query": names, "query_country": countries, "query_id": ids})
    rows = queries.merge(found, on=["query", "query_country"]).rename(
        columns={"listed_name": "name"}
    )
    rows = rows.sort_values(["score", "query_id"], ascending=[False, True], kind="stable")
    cols = ["query", "query_id", "list", "entity_id", "name", "score", "explanation"]
    print_frame(rows[cols].reset_index(drop=True), fmt, title="list matches", raw=raw)


@app.command()
def rank(
    labelled: Annotated[list[Path], typer.Argument(help="Declarations with known outcomes")],
    score_file: Annotated[Path, typer.Option("--score", help="Declarations to rank")],
    label: Annotated[str, typer.Option(help="Outcome column (1 = fraud found)")],
    mapping: Annotated[
        Path | None, typer.Option(help="Shipment mapping naming code, origin, value, weight")
    ] = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="Write every score (.csv)")] = None,
    top: Annotated[int, typer.Option(help="Show the N highest-ranked")] = 20,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Columns not to learn from (other outcomes, notes)"),
    ] = None,
) -> None:
    """Learn from past inspection outcomes and rank new declarations for inspection."""
    import pandas as pd

    from shadowtrade.formats.shipments import load_shipment_mapping
    from shadowtrade.learn.ranker import Ranker, columns_for

    files = [*labelled, score_file]
    # redirect_stderr=False: an error line goes out as it is, not through the bar
    counter = TextColumn("step {task.completed}/{task.total}")
    with terminal_progress(err, counter, redirect_stderr=False) as prog:
        step = prog.add_task("reading", total=len(files) + 3)

        def stage(description: str) -> None:
            prog.update(step, description=f"rank: {description}")
            prog.refresh()  # each stage drawn, however short

        for f in files:
            if not f.exists():
                raise ShadowtradeError(f"{f}: no such file")
        roles = load_shipment_mapping(mapping).columns if mapping else {}
        frames = []
        for f in files:
            stage(f"reading {f.name}")
            frames.append(pd.read_csv(f, dtype=str))
            prog.advance(step)
        train, new = pd.concat(frames[:-1], ignore_index=True), frames[-1]
        if label not in train.columns:
            raise ShadowtradeError(f"{labelled[0]}: no column {label!r}")
        train[label] = pd.to_numeric(train[label], errors="coerce").fillna(0).gt(0).astype(int)
        skip = [c for c in train.columns if c not in new.columns] + list(ignore or [])
        cols = columns_for(train, label, roles, skip=skip)
        stage(f"learning from {len(train):,} labelled declarations")
        ranker = Ranker(cols).fit(train)
        prog.advance(step)
        stage(f"scoring {len(new):,} declarations")
        scores = ranker.score(new)
        prog.advance(step)
        order = scores.argsort()[::-1]
        ranked = new.iloc[order].assign(score=scores[order].round(4))
        ranked.insert(0, "rank", range(1, len(ranked) + 1))
        if out_file is not None:
            write_csv(ranked, out_file)
        head = ranked.head(top).copy()
        stage(f"explaining the top {len(head):,}")
        why = ranker.explain(head.drop(columns=["rank", "score"]))
        prog.advance(step)
    head["because"] = ["; ".join(f"{f} (+{d:.2f})" for f, d in w) for w in why]
    key = roles.get("shipment_id") or new.columns[0]
    print_frame(head[["rank", key, "score", "because"]], OutputFormat.table, title="inspect first")


@app.command()
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
        _fail(ShadowtradeError(f"unknown scenario {scenario!r}; choose {', '.join(SCENARIOS)}"))
    t0 = time.perf_counter()
    if level not in LEVELS:
        _fail(ShadowtradeError(f"--level {level}: choose {', '.join(map(str, LEVELS))}"))
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


@app.command()
def resolve(
    workspace: WorkspaceOpt = None, fmt: FormatOpt = OutputFormat.table, raw: RawOpt = False
) -> None:
    """Resolve shipment parties into companies (splink): one company under all its spellings."""
    from shadowtrade.entities.resolution import resolve_workspace

    with _open(workspace) as ws:
        with err.status("resolving parties"):
            n = resolve_workspace(ws)
        multi = ws.raw.execute(
            "SELECT cluster_id, any_value(cluster_name) AS company, any_value(country) AS country,"
            " string_agg(party, ' | ' ORDER BY party) AS spellings, sum(consignments)::BIGINT"
            " AS consignments FROM party_clusters GROUP BY cluster_id"
            " HAVING count(*) > 1 ORDER BY consignments DESC"
        ).df()
        parties = ws.raw.execute("SELECT count(*) FROM party_clusters").fetchone()
    out.print(
        f"{parties[0] if parties else 0:,} party spellings resolved into {n:,} companies;"
        f" {len(multi):,} companies appear under more than one spelling"
    )
    if len(multi):
        print_frame(multi.head(50) if fmt is OutputFormat.table else multi, fmt,
                    title="companies under several spellings", raw=raw)  # fmt: skip


@app.command()
def network(
    origin: Annotated[str, typer.Option(help="Origin country (ISO3 or name)")],
    destination: Annotated[str, typer.Option(help="Destination country (ISO3 or name)")],
    hs: Annotated[
        list[str] | None, typer.Option("--hs", help="Only legs carrying these 4-digit headings")
    ] = None,
    via: Annotated[int, typer.Option(help="Most intermediary companies on a path")] = 2,
    workspace: WorkspaceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    raw: RawOpt = False,
) -> None:
    """Company paths from an origin's exporters to a destination's importers, and pass-throughs."""
    import pandas as pd

    from shadowtrade.entities.network import build_graph, company_paths, pass_through_companies
    from shadowtrade.reference.loaders import resolve_country

    a, b = resolve_country(origin), resolve_country(destination)
    if a is None or b is None:
        _fail(ShadowtradeError(f"unknown country {origin if a is None else destination!r}"))
    with _open(workspace, read_only=True) as ws:
        g = build_graph(ws)
        paths = company_paths(g, str(a), str(b), max_intermediaries=via,
                              headings={h[:4] for h in hs} if hs else None)  # fmt: skip
        through = pass_through_companies(ws)
    rows = pd.DataFrame(
        [{"path": " → ".join(f"{n} ({c})" for n, c in zip(p.names, p.countries, strict=True)),
          "headings": ", ".join(p.headings), "declared": " → ".join(p.declared),
          "weakest_leg_consignments": p.consignments,
          "weakest_leg_usd": round(p.value_usd)} for p in paths],
        columns=["path", "headings", "declared", "weakest_leg_consignments",
                 "weakest_leg_usd"],
    )  # fmt: skip
    out.print(
        f"network: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges;"
        f" {len(rows):,} paths {a} → {b} through intermediaries"
    )
    print_frame(rows, fmt, title=f"company paths {a} → {b}", raw=raw)
    if len(through):
        cols = [c for c in ("firm", "company", "dest", "outs", "origins", "matched", "lag_days",
                            "value") if c in through.columns]  # fmt: skip
        print_frame(through[cols], fmt, title="pass-through companies", raw=raw)


@app.command()
def export(
    out_file: Annotated[Path, typer.Option("--out", help="FollowTheMoney JSON Lines to write")],
    ftm: Annotated[bool, typer.Option("--ftm", help="FollowTheMoney entities")] = True,
    workspace: WorkspaceOpt = None,
) -> None:
    """Export the alerts' parties and consignments as FollowTheMoney entities (Aleph, yente)."""
    from shadowtrade.report.ftm_export import export_ftm

    if not ftm:
        _fail(ShadowtradeError("only --ftm export is available"))
    with _open(workspace, read_only=True) as ws, err.status("exporting"):
        res = export_ftm(ws, out_file)
    counts = ", ".join(f"{v:,} {k}" for k, v in sorted(res.by_schema.items()))
    out.print(f"wrote {res.entities:,} entities to {out_file}: {counts or 'none'}")


@app.command()
def check(
    text: Annotated[str | None, typer.Argument(help="The allegation, in words")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Read the allegation from a file")
    ] = None,
    origin: Annotated[str | None, typer.Option(help="Origin country")] = None,
    via: Annotated[str | None, typer.Option(help="Intermediaries, comma-separated")] = None,
    destination: Annotated[str | None, typer.Option(help="Destination country")] = None,
    goods: Annotated[
        str | None, typer.Option(help="Goods: categories or HS codes, comma-separated")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Period start, YYYY-MM")] = None,
    until: Annotated[str | None, typer.Option(help="Period end, YYYY-MM")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print DESIGN.md's JSON object")] = False,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Also write the check as an HTML report")
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Test an allegation against the data: supported, inconclusive or contradicted, and why."""
    from shadowtrade.claims.cli_input import hypothesis_from_options
    from shadowtrade.claims.grade import grade, to_json

    try:
        words = file.read_text(encoding="utf-8") if file is not None else text
        h = hypothesis_from_options(words, origin=origin, via=via, destination=destination,
                                    goods=goods, since=since, until=until)  # fmt: skip
    except (OSError, ShadowtradeError) as exc:
        _fail(exc)
    with _open(workspace, read_only=True) as ws:
        verdict = grade(ws, h)
    if report_file is not None:
        from shadowtrade.report.page import write_page
        from shadowtrade.report.sections import check_section

        source = str(file) if file is not None else (text or "options")
        write_page(report_file, "Shadowtrade allegation check", check_section(verdict, source))
        err.print(f"wrote {report_file}")
    if as_json:
        print(to_json(verdict))
        return
    out.print(f"[bold]{verdict['grade'].upper()}[/bold] (confidence {verdict['confidence']:.2f})")
    out.print(verdict["summary"])
    for e in verdict["evidence"]:
        if e["kind"] == "alert":
            out.print(f"  {e['score']:.2f} {e['detector']}: {e['summary']}")
        elif e["kind"] == "case":
            out.print(f"  case {e['case_id']} ({e['status']}, score {e['score']:.2f}):"
                      f" {e['title']}")  # fmt: skip
        else:
            out.print(f"  flows {e['leg']} ({', '.join(e['codes'])}): {e['usd_during']:,} USD in"
                      f" the period, {e['usd_before']:,} USD before")  # fmt: skip
    for other in verdict.get("hypotheses", [])[1:]:  # the text's further claims, one line each
        out.print(f"and: [bold]{other['grade'].upper()}[/bold] (confidence"
                  f" {other['confidence']:.2f}) {other['summary']}")  # fmt: skip


CASE_TABLE_COLUMNS = (
    "case_id", "score", "status", "kind", "title", "alerts", "lines", "period_start",
    "period_end", "assignee", "new_evidence",
)  # fmt: skip


@app.command()
def cases(
    workspace: WorkspaceOpt = None,
    top: Annotated[int | None, typer.Option(help="Only the N highest-scoring cases")] = None,
    status: Annotated[
        str | None, typer.Option(help="Only cases in this status (new, investigating, …)")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
    raw: RawOpt = False,
) -> None:
    """List cases (alerts grouped by route, country pair or company), best first."""
    from shadowtrade.cases import STATUSES, ensure_cases, list_cases

    if status is not None and status not in STATUSES:
        _fail(ShadowtradeError(f"--status {status!r}: expected one of {', '.join(STATUSES)}"))
    from shadowtrade.cases.audit import verify

    with _open(workspace) as ws:
        ensure_cases(ws)
        df = list_cases(ws, top, status)
        problems = verify(ws)
    if fmt is OutputFormat.table:
        df = df[list(CASE_TABLE_COLUMNS)]
    print_frame(df, fmt, title="cases", raw=raw)
    _audit_verdict(problems)


def _audit_verdict(problems: list[str]) -> None:
    """A broken audit chain: said on stderr, exit code 2 (the triage shown may be forged)."""
    for p in problems:
        err.print(f"[red]audit log check failed:[/red] {p}")
    if problems:
        raise typer.Exit(2)


@app.command()
def case(
    case_id: Annotated[str, typer.Argument(help="A case id (or its first characters)")],
    workspace: WorkspaceOpt = None,
) -> None:
    """One case in full: summary, why it scores as it does, triage, alerts, related cases, log."""
    import pandas as pd

    from shadowtrade.cases import case_detail, ensure_cases
    from shadowtrade.cases.audit import verify

    with _open(workspace) as ws:
        ensure_cases(ws)
        d = case_detail(ws, case_id)
        problems = verify(ws)
    c, t = d["case"], d["triage"]
    if c is None:
        out.print(f"[bold]{d['case_id']}[/bold]: the latest scan no longer produces this case;"
                  " its triage and log are kept.")  # fmt: skip
    else:
        assert isinstance(c, dict)
        out.print(f"[bold]{c['title']}[/bold] · {d['case_id']} · {c['kind']} case ·"
                  f" score {c['score']:.2f}")  # fmt: skip
        out.print(str(c["summary"]))
        out.print("[bold]Why this score[/bold] (independent lines of evidence, strongest first):")
        for e in d["explanation"]:
            out.print(f"  {e['strength']:.2f}  {e['line']}  [dim]{e['alert_id']}[/dim]")
    if isinstance(t, dict):
        flag = " · [bold red]new evidence since last triage[/bold red]" if t["new_evidence"] else ""
        tags = ", ".join(t["tags"]) if t["tags"] is not None and len(t["tags"]) else "none"
        out.print(f"[bold]Triage[/bold]: {t['status']} · assignee {t['assignee'] or 'none'} ·"
                  f" tags {tags}{flag}")  # fmt: skip
    else:
        out.print("[bold]Triage[/bold]: new (not yet triaged)")
    alerts_df = d["alerts"]
    assert isinstance(alerts_df, pd.DataFrame)
    if len(alerts_df):
        print_frame(alerts_df[["role", "alert_id", *ALERT_DISPLAY_COLUMNS]], OutputFormat.table,
                    title="alerts")  # fmt: skip
    related = d["related"]
    if len(related):
        print_frame(related, OutputFormat.table, title="related cases (the other data source)")
    log = d["audit"]
    if log:
        out.print("[bold]Audit log[/bold]")
        for entry in log:
            change = (
                f"{entry.old_value} → {entry.new_value}"
                if entry.old_value
                else (entry.new_value or "")
            )
            out.print(
                f"  #{entry.seq} {entry.at:%Y-%m-%d %H:%M} {entry.actor}: {entry.action} {change}"
            )
    _audit_verdict(problems)


@app.command()
def triage(
    case_id: Annotated[str, typer.Argument(help="A case id (or its first characters)")],
    status: Annotated[
        str | None, typer.Option(help="new, investigating, confirmed or dismissed")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note for the case's log")] = None,
    assignee: Annotated[str | None, typer.Option(help="Who works the case ('' to clear)")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Add a tag")] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Set a case's status, assignee, tags or add a note; every change goes to the audit log.
    Waits for another writer; while `shadowtrade serve` runs, the change goes through it."""
    from shadowtrade.cases import triage as apply_triage
    from shadowtrade.cases.triage import current_actor
    from shadowtrade.web import delegate
    from shadowtrade.writelock import Served, open_to_write

    who = current_actor()
    change = {"status": status, "assignee": assignee, "note": note, "add_tags": tag or [],
              "remove_tags": untag or []}  # fmt: skip
    try:
        with open_to_write(_folder(workspace), f"triage of {case_id} by {who}",
                           _waiting) as ws:  # fmt: skip
            res = apply_triage(ws, case_id, status=status, assignee=assignee, note=note,
                               add_tags=tag or (), remove_tags=untag or (),
                               actor=who)  # fmt: skip
    except Served as served:
        res = delegate.triage(served.info, case_id, actor=who, on_wait=_waiting, **change)
    changes = res["changes"]
    assert isinstance(changes, list)
    done = "; ".join(f"{a}: {o} → {n}" if o else f"{a}: {n}" for a, o, n in changes)
    out.print(f"{res['case_id']}: {res['status']} ({done or 'nothing changed'})")


@app.command()
def report(
    out_file: Annotated[Path, typer.Option("--out", help="HTML file to write")] = Path(
        "shadowtrade-report.html"
    ),
    case_id: Annotated[str | None, typer.Option("--case", help="Report one case")] = None,
    check_text: Annotated[
        str | None, typer.Option("--check", help="Report an allegation check of this text")
    ] = None,
    check_file: Annotated[
        Path | None, typer.Option("--check-file", help="Report an allegation check of a file")
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Write one self-contained HTML file (charts embedded, opens offline, printable): the whole
    workspace, one case (--case) or an allegation check (--check / --check-file)."""
    from shadowtrade.report.html import write_workspace_report
    from shadowtrade.report.page import write_page
    from shadowtrade.report.sections import case_section, check_section

    ws = _open(workspace, read_only=True)
    try:
        if case_id is not None:
            write_page(out_file, f"Shadowtrade case {case_id}", case_section(ws, case_id))
        elif check_text is not None or check_file is not None:
            from shadowtrade.claims.extract import extract
            from shadowtrade.claims.grade import grade

            words = check_file.read_text(encoding="utf-8") if check_file else str(check_text)
            verdict = grade(ws, extract(words))
            source = str(check_file) if check_file else words[:200]
            write_page(out_file, "Shadowtrade allegation check", check_section(verdict, source))
        else:
            write_workspace_report(ws, out_file)
    except (ShadowtradeError, OSError) as exc:
        _fail(exc)
    finally:
        ws.close()
    out.print(f"wrote {out_file}")


users_app = typer.Typer(
    cls=_PlainHelpGroup, help="Web and API users: a token per user, a role per token."
)
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user's name (shown in the audit log)")],
    role: Annotated[str, typer.Option(help="viewer, analyst or admin")] = "viewer",
    expires: Annotated[
        str | None,
        typer.Option(
            help="When the token stops working: a date (2027-03-31), a date and time,"
            " or a duration such as 30d or 12h (default: until revoked)"
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Create a user (or issue a new token for one); the token is printed once. Works while
    `shadowtrade serve` runs (the change goes through the server)."""
    from shadowtrade.web.access import add_user, parse_expiry

    until = parse_expiry(expires) if expires else None
    body: dict[str, object] = {"name": name, "role": role,
                               "expires_at": until.isoformat() if until else None}  # fmt: skip
    token = str(_user_write(workspace, f"adding user {name}", "POST", "/api/v1/users", body,
                            lambda ws, who: add_user(ws, name, role, expires=until,
                                                     actor=who))["token"])  # fmt: skip
    until_words = f", until {until:%Y-%m-%d %H:%M}" if until else ""
    out.print(f"{name} ({role}{until_words}): token {token}")
    err.print("keep it: only its SHA-256 is stored; `users add` again issues a new one")


@users_app.command("revoke")
def users_revoke(
    name: Annotated[str, typer.Argument(help="The user whose token stops working")],
    workspace: WorkspaceOpt = None,
) -> None:
    """Remove a user: their token stops working at once (also while the server runs)."""
    from urllib.parse import quote

    from shadowtrade.web.access import revoke_user

    _user_write(workspace, f"revoking user {name}", "DELETE",
                f"/api/v1/users/{quote(name, safe='')}", None,
                lambda ws, who: revoke_user(ws, name, actor=who))  # fmt: skip
    out.print(f"{name}: revoked")


def _user_write(workspace: Path | None, what: str, method: str, path: str,
                body: dict[str, object] | None,
                local: Callable[[Workspace, str], object]) -> dict[str, object]:  # fmt: skip
    """A user change on the workspace as its one writer, or through the running server."""
    from shadowtrade.cases.triage import current_actor
    from shadowtrade.web import delegate
    from shadowtrade.writelock import Served, open_to_write

    who = current_actor()
    try:
        with open_to_write(_folder(workspace), what, _waiting) as ws:
            res = local(ws, who)
            return {"token": res}
    except Served as served:
        answer: dict[str, object] = delegate.call(served.info, method, path, body, actor=who,
                                                  on_wait=_waiting)  # fmt: skip
        return answer


@users_app.command("list")
def users_list(workspace: WorkspaceOpt = None) -> None:
    """The users, their roles and their tokens' expiry (also while the server runs)."""
    import pandas as pd

    from shadowtrade.cases.triage import current_actor
    from shadowtrade.web import delegate
    from shadowtrade.web.access import list_users
    from shadowtrade.writelock import Served, open_waiting

    columns = ["name", "role", "created_at", "expires_at"]
    try:
        ws = open_waiting(_folder(workspace), read_only=True, on_wait=_waiting)
    except Served as served:
        items = delegate.call(served.info, "GET", "/api/v1/users", actor=current_actor())
        frame = pd.DataFrame(items["items"], columns=columns)
    else:
        try:
            frame = pd.DataFrame(list_users(ws), columns=columns)
        finally:
            ws.close()
    print_frame(frame, OutputFormat.table, title="users")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    max_upload_mb: Annotated[int, typer.Option(help="Largest accepted upload, MB")] = 200,
    workspace: WorkspaceOpt = None,
    root_path: Annotated[
        str, typer.Option(help="Path prefix under which a reverse proxy serves the app")
    ] = "",
    proxy_headers: Annotated[
        bool, typer.Option(help="Trust X-Forwarded-For/-Proto from --forwarded-allow-ips")
    ] = False,
    forwarded_allow_ips: Annotated[
        str, typer.Option(help="The proxy's addresses, comma-separated")
    ] = "127.0.0.1",
    secure_cookies: Annotated[
        bool | None,
        typer.Option(
            "--secure-cookies/--no-secure-cookies",
            help="Session cookies only over https (default: as the request came)",
        ),
    ] = None,
) -> None:
    """Serve the web app and the REST API (/api/v1, schema at /openapi.json) on the workspace.
    For a team: behind a reverse proxy that terminates TLS (docs/deploy.md)."""
    import uvicorn

    from shadowtrade.web.app import create_app
    from shadowtrade.workspace import default_workspace
    from shadowtrade.writelock import advertise

    ws_path = workspace if workspace is not None else default_workspace()
    _check_port_free(host, port)
    application = create_app(ws_path, max_upload=max_upload_mb * 1024 * 1024,
                             secure_cookies=secure_cookies)  # fmt: skip
    err.print(f"Shadowtrade on http://{host}:{port}/ (API at /api/v1, docs at /docs);"
              " log in with a token from `shadowtrade users add NAME --role …`")  # fmt: skip
    # CLI writes (`triage`, `users`) find the server here and go through its one writer.
    local = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    secret = application.state.shadowtrade.local_secret
    with advertise(ws_path, f"http://{local}:{port}", secret):
        uvicorn.run(application, host=host, port=port, log_level="warning",
                    root_path=root_path, proxy_headers=proxy_headers,
                    forwarded_allow_ips=forwarded_allow_ips)  # fmt: skip


def _check_port_free(host: str, port: int) -> None:
    """Refuse a busy address before the banner says the server is there (uvicorn would
    print its own error only after it)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            raise ShadowtradeError(
                f"cannot serve on {host}:{port}: {reason} (another server? choose --port)"
            ) from exc


@app.command()
def demo(
    workspace: WorkspaceOpt = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for the demo world and report")
    ] = Path("shadowtrade-demo"),
) -> None:
    """Simulate the seed-case world, ingest it, run the detectors and write a report."""
    from shadowtrade.demo import run_demo

    run_demo(out_dir, workspace, console=out)


def main() -> None:
    """The console script: one line and exit 130 on Ctrl-C, whenever it comes."""
    import signal

    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        code = app(standalone_mode=False)  # usage errors come back here, not as a panel
    except (KeyboardInterrupt, typer.Abort):
        _interrupted()
    except SystemExit as exc:  # Typer answers Ctrl-C with a silent exit 130
        if exc.code == 130:
            _interrupted()
        raise
    except Exception as exc:
        usage = _usage_error(exc)
        if usage is not None:
            sys.stderr.write(usage + "\n")
            sys.exit(2)
        # DuckDB turns Ctrl-C inside a statement into its own error
        if "interrupt" not in str(exc).lower() and not _caused_by_interrupt(exc):
            raise
        _interrupted()
    if code == 130:  # Typer's answer to Ctrl-C, returned rather than raised here
        _interrupted()
    sys.exit(code if isinstance(code, int) else 0)


def _usage_error(exc: Exception) -> str | None:
    """One line for a usage error (unknown command or option, bad choice, missing
    argument), with the help to read; None for any other error. Click's usage errors are
    told by their exit code 2 (Typer ships its own copy of click's exception classes)."""
    if getattr(exc, "exit_code", None) != 2 or not hasattr(exc, "format_message"):
        return None
    ctx = getattr(exc, "ctx", None)
    where = getattr(ctx, "command_path", None) or "shadowtrade"
    return f"error: {' '.join(str(exc.format_message()).split())} (see `{where} --help`)"


def _interrupted() -> NoReturn:
    err.print("interrupted: a write in progress was rolled back; writes already done are kept")
    sys.exit(130)


if __name__ == "__main__":
    main()
