"""Commands that bring data in and show what came in: `ingest`, `imports`, `fetch`, `query`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import TaskID, TextColumn

from shadowtrade.cli.fetch import fetch as fetch_command
from shadowtrade.errors import ShadowtradeError, UnknownFormatError
from shadowtrade.output import OutputFormat, print_frame, terminal_progress

if TYPE_CHECKING:
    from shadowtrade.formats.imports import FileIngestResult


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

PANEL = "Inputs"  # where `shadowtrade --help` lists these commands


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

    for f in files:
        if not f.exists():
            fail(ShadowtradeError(f"{f}: no such file"))
    with open_for_writing(workspace, _ingest_words(files), create=True) as ws:
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


def _ingest_words(files: list[Path]) -> str:
    """What another command waiting for this ingest is told it is."""
    more = f" and {len(files) - 1} more" if len(files) > 1 else ""
    return f"an ingest of {files[0].name if files else 'files'}{more}"


def _list_format(files: list[Path]) -> str | None:
    from shadowtrade.formats.dispatch import list_format

    return list_format(files)


def _ingest_shipments(files: list[Path], workspace: Path | None, mapping: Path | None) -> None:
    """`ingest --format shipments`: customs or bill-of-lading records into `shipments`."""
    from shadowtrade.formats.shipments import ingest_shipments, load_shipment_mapping

    if mapping is not None:
        load_shipment_mapping(mapping)
    files = _expand(files)
    missing = [f for f in files if not f.exists()]
    if missing:
        raise ShadowtradeError(f"{missing[0]}: no such file")
    with open_for_writing(workspace, _ingest_words(files), create=True) as ws:
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


@app.command(rich_help_panel=PANEL)
def ingest(
    files: Annotated[list[Path], typer.Argument(help="Files to ingest (CSV, plain or gzip)")],
    workspace: WorkspaceOpt = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="auto|comtrade|baci|comext|shipments|ofac-sdn|eu-fsf|un-sc|ftm"
        ),
    ] = "auto",
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            help="YAML column mapping: a file, or a shipped mapping's name"
            " (uzbekistan_imports_wide, armenia_trade_by_country, bill_of_lading_us,"
            " korean_customs_declarations; docs/mapping.md)",
        ),
    ] = None,
    encoding: Annotated[
        str,
        typer.Option(
            help="Text encoding: auto (UTF-8, other encodings detected and said), or any"
            " Python codec name: utf-8, latin-1, cp1252, cp1250, cp1251, koi8_r, iso8859_2…"
            " (the lines that are not UTF-8 are read in it; said and stored)"
        ),
    ] = "auto",
    skip_unrecognised: Annotated[
        bool,
        typer.Option(
            "--skip-unrecognised",
            help="Ingest the files whose layout is recognised and list the others as skipped"
            " (default: one unrecognised file refuses the whole command, nothing ingested)",
        ),
    ] = False,
) -> None:
    """Ingest trade-statistics files; each file is one transaction; re-ingesting is a no-op."""
    from shadowtrade.formats.dispatch import ingest_file, precheck
    from shadowtrade.formats.ingest import ALL_FORMATS, TRADE_FORMATS
    from shadowtrade.formats.kinds import LIST_FORMATS
    from shadowtrade.formats.mapping import load_mapping, mapping_file
    from shadowtrade.formats.profile import render as render_profile

    if mapping is not None:  # a file, or a shipped mapping by name
        mapping = mapping_file(mapping)
    if fmt == "shipments":
        _ingest_shipments(files, workspace, mapping)
        return
    if fmt == "auto":
        fmt = _list_format(files) or fmt
    if fmt in LIST_FORMATS:
        _ingest_lists(files, workspace, fmt)
        return
    if fmt not in TRADE_FORMATS:
        fail(ShadowtradeError(f"unknown --format {fmt!r}; use one of {ALL_FORMATS}"))
    # Check every file up front so that an unreadable one changes nothing.
    spec = load_mapping(mapping) if mapping else None
    files = _expand(files)
    skipped: list[tuple[Path, str]] = []
    for f in files:
        try:
            precheck(f, fmt=fmt, mapping=spec, encoding=encoding)
        except UnknownFormatError as exc:
            if not skip_unrecognised:
                if len(files) > 1:
                    raise UnknownFormatError(
                        f"{exc}; nothing ingested (pass --skip-unrecognised to ingest the"
                        " recognised files and list the others)"
                    ) from exc
                raise
            skipped.append((f, str(exc)))
    files = [f for f in files if f not in {s for s, _ in skipped}]
    for _f, why in skipped:
        err.print(f"skipped (--skip-unrecognised): {why}", highlight=False, markup=False)
    if not files:
        fail(ShadowtradeError(f"no file recognised: {len(skipped)} skipped, nothing ingested"))
    with open_for_writing(workspace, _ingest_words(files), create=True) as ws:
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
    if skipped:
        out.print(
            f"{len(skipped)} file(s) skipped, not recognised: "
            + ", ".join(str(f) for f, _ in skipped),
            highlight=False,
            markup=False,
        )


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


@app.command(rich_help_panel=PANEL)
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
        opener=lambda: open_existing(workspace),
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
        opener=lambda: open_existing(workspace),
    )
    if df.empty:
        fail(ShadowtradeError(f"no import {import_id}; `shadowtrade imports` lists them"))
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
    from shadowtrade.formats.kinds import LIST_FORMATS

    listed = str(row["format"]) in LIST_FORMATS
    if listed:  # a list's records: its parties, and records of other kinds (sanctions, ids)
        read = (
            f"  read {row['rows_read']:,} records: {row['accepted']:,} listed parties,"
            f" {row['skipped']:,} other records skipped, {row['quarantined']:,} quarantined"
        )
    else:
        summed = prof.get("summed_away")
        read = (
            f"  read {row['rows_read']:,} rows: {row['accepted']:,} accepted,"
            f" {row['aggregates']:,} aggregates kept apart, {row['quarantined']:,} quarantined"
            + (f", {summed:,} summed into flows" if summed else "")
            + (f", {row['skipped']:,} empty cells skipped" if row["skipped"] else "")
        )
    out.print(read, highlight=False)
    if not prof and not listed:
        out.print("  (no reading profile was recorded for this import)")
    for line in render_profile(prof):
        out.print(f"  {line}", highlight=False, markup=False)


def _overlap_summary(doc: str | None) -> str:
    """'{"1": 28, "2": 30}' → '58 rows, 2 imports'."""
    found = json.loads(doc) if doc else {}
    if not found:
        return ""
    return f"{sum(found.values()):,} rows, {len(found)} import{'s' if len(found) > 1 else ''}"


app.command("fetch", rich_help_panel=PANEL)(fetch_command)


@app.command(rich_help_panel=PANEL)
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
    df, more = query_rows(workspace, sql, limit=cap, opener=lambda: open_existing(workspace))
    print_frame(df, fmt, raw=raw)
    if more:
        err.print(f"showing the first {cap:,} rows: --limit N for more, or --format csv for all")
