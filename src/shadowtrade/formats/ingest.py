"""Ingest one trade-statistics file into the workspace, atomically.

    sniff header → choose layout → stage rows as text (DuckDB read_csv, rejects kept)
    → settle the frequency → canonicalise (Ibis) → sort rows into flows, sums of breakdowns,
    aggregates, repeats and quarantine (row_kinds) → insert → profile → record import

Everything between BEGIN and COMMIT: an error, Ctrl-C or a killed process leaves the workspace as
it was. Re-ingesting a file with the same sha256 changes nothing and says so.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa

from shadowtrade import schema
from shadowtrade.errors import InputError, UnknownFormatError
from shadowtrade.formats.canonical import ABSENT, canonicalise, parse
from shadowtrade.formats.filescan import FileShape, blank_runs, scan_file
from shadowtrade.formats.kinds import LIST_FORMATS
from shadowtrade.formats.layouts import BACI, Layout, comtrade_variant, detect_layout
from shadowtrade.formats.line_endings import lf_copy_needed, to_lf
from shadowtrade.formats.mapping import Mapping, load_mapping
from shadowtrade.formats.profile import build_profile
from shadowtrade.formats.row_kinds import (
    describe_repeats,
    key_hash,
    recurring_hashes,
    repeated_keys,
    repeats,
    sort_rows,
)
from shadowtrade.formats.sniff import FileHead, sniff
from shadowtrade.reference.loaders import read_country, readings_note

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

ProgressFn = Callable[[str, float], None]
TRADE_FORMATS = ("auto", "comtrade", "baci", "comext")
# Every --format `shadowtrade ingest` takes, as an unknown one is answered.
ALL_FORMATS = (
    f"{', '.join(TRADE_FORMATS)} (trade statistics), shipments (customs or bill-of-lading"
    f" records), {', '.join(LIST_FORMATS)} (sanctions lists)"
)

# DuckDB's CSV reader error types → quarantine reasons.
READER_REASONS = {
    "MISSING COLUMNS": "missing_fields",
    "TOO MANY COLUMNS": "extra_fields",
    "INVALID ENCODING": "invalid_encoding",
    "INVALID UNICODE": "invalid_encoding",
    "UNQUOTED VALUE": "malformed_quoting",
    "LINE SIZE OVER MAXIMUM": "line_too_long",
    "CAST": "bad_value",
}
BACI_VERSIONS = {"92": "H0", "96": "H1", "02": "H2", "07": "H3", "12": "H4", "17": "H5", "22": "H6"}
_PROGRESS_MIN_BYTES = 16 << 20


@dataclass
class IngestResult:
    """What one ingest did, for the CLI summary, the API and tests."""

    file: Path
    sha256: str
    format: str
    layout: str
    import_id: int | None = None
    rows_read: int = 0
    accepted: int = 0
    aggregates: int = 0
    quarantined: int = 0
    skipped: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)
    duplicate_of: int | None = None
    # Rows summed into flows from their breakdowns, beyond the one flow row each sum became
    # (accepted + aggregates + quarantined + summed_away = rows_read).
    summed_away: int = 0
    summed_flows: int = 0  # flows made by summing breakdown rows
    summed_rows: int = 0  # the breakdown rows behind them
    one_part_flows: int = 0  # of those flows, the ones with a single part: nothing summed
    # Records the CSV reader found (rows and rejected lines; None for spreadsheets): compared
    # with the file's lines.
    records_read: int | None = None
    data_lines: int | None = None  # the file's non-blank lines after the header, from its bytes
    longest_line: int = 0  # bytes of the file's longest line, from its bytes
    # The lines of the LF copy read instead of a file with CR line breaks (line_endings.py).
    text_shape: FileShape | None = None
    # The stored file's bytes in one pass (sha256, lines, CRs): set before the file is read.
    source_shape: FileShape | None = None
    notes: list[str] = field(default_factory=list)  # warnings in plain words, said and stored
    columns: dict[str, str] = field(default_factory=dict)  # role → the file's column read for it
    profile: dict[str, Any] = field(default_factory=dict)  # what was read (formats/profile.py)
    # Earlier imports that already hold some of the same flows: import id → rows repeated.
    overlaps: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def unchanged(self) -> bool:
        return self.duplicate_of is not None


class _HiddenLines(Exception):
    """The reader found fewer records than the file has lines (records.py sets them aside)."""


class _Duplicate(Exception):
    def __init__(self, import_id: int) -> None:
        self.import_id = import_id


def _fault_point(name: str) -> None:
    """Let tests kill the process at a named step (SHADOWTRADE_FAULT=<step>)."""
    if os.environ.get("SHADOWTRADE_FAULT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def _progress_poller(ws: Workspace, label: str, progress: ProgressFn | None) -> Iterator[None]:
    """Report DuckDB's own progress on the running statement from a helper thread."""
    if progress is None:
        yield
        return
    stop = threading.Event()

    def poll() -> None:
        while not stop.wait(0.25):
            try:
                pct = float(ws.raw.query_progress())
            except duckdb.Error:  # the connection closed under the poller: the read is over
                return
            if pct >= 0:
                progress(label, min(pct, 100.0))

    th = threading.Thread(target=poll, daemon=True)
    th.start()
    try:
        yield
    finally:
        stop.set()
        th.join()
        progress(label, 100.0)


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _choose_layout(
    head: FileHead, fmt: str, mapping: Mapping | None
) -> tuple[Layout, dict[str, str]]:
    if mapping is not None:
        layout = mapping.layout()
        found: dict[str, str] = {}
        for role, cols in layout.roles.items():
            col = cols[0]
            if col not in head.header:
                raise InputError(
                    f"{head.path}: row 1: mapping {mapping.path.name} names column {col!r} for"
                    f" role {role!r}, but the header has {', '.join(head.header)}"
                )
            found[role] = col
        return layout, found
    hit = detect_layout(head.header, fmt)
    if hit is None:
        shown = ", ".join(head.header[:8]) + (" …" if len(head.header) > 8 else "")
        want = "Comtrade, BACI or Comext" if fmt == "auto" else fmt
        raise UnknownFormatError(
            f"{head.path}: row 1: header ({shown}) is not a known {want} layout; pass"
            " --mapping MAP.yaml to describe its columns (see docs/mapping.md)"
        )
    return hit


def _baci_country_map(path: Path) -> dict[str, str]:
    """BACI's release country table beside the data file, when present: code → ISO3."""
    out: dict[str, str] = {}
    for cand in sorted(path.parent.glob("country_codes_V*.csv")):
        df = pd.read_csv(cand, dtype=str, keep_default_na=False)
        cols = {c.lower(): c for c in df.columns}
        if "country_code" in cols and "country_iso3" in cols:
            for code, iso3 in zip(df[cols["country_code"]], df[cols["country_iso3"]], strict=True):
                if iso3 and code:
                    out[str(int(code))] = iso3.upper()
    return out


def _stage(
    ws: Workspace,
    head: FileHead,
    layout: Layout,
    found: dict[str, str],
    mapping: Mapping | None,
    import_id: int,
    progress: ProgressFn | None,
) -> tuple[str, str, list[str]]:
    """The scan of the file's needed columns as text, the rejects table and the melt columns.

    Files that need a melt are staged into a temp table (returned by name); others return the
    scan's SQL, which `_load` parses in the same pass as it reads.
    """
    idx = {h: i for i, h in enumerate(head.header)}
    select: list[str] = []
    for role, col in found.items():
        select.append(f'c{idx[col]} AS "r_{role}"')
    melt_cols: list[str] = []
    for role, val in layout.constants.items():
        select.append(f'{_sql_str(val)} AS "r_{role}"')
    if mapping is not None:
        for n, col in enumerate(mapping.melt_columns(head.header)):
            select.append(f'c{idx[col]} AS "m{n}"')
            melt_cols.append(col)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(head.header))) + "}"
    stage, rej, scan = f"_stage_{import_id}", f"_rej_{import_id}", f"_rejscan_{import_id}"
    delim = _delimiter(head, mapping)
    opts = [
        f"delim={_sql_str(delim)}",
        "quote='\"'",
        "escape='\"'",
        "header=true",
        "auto_detect=false",
        f"columns={columns}",
        "store_rejects=true",
        f"rejects_table={_sql_str(rej)}",
        f"rejects_scan={_sql_str(scan)}",
        f"compression={_sql_str('gzip' if head.compression == 'gzip' else 'none')}",
        f"encoding={_sql_str('latin-1' if head.encoding == 'latin-1' else 'utf-8')}",
        # The strict reader rejects a line with more fields than the header (TOO MANY
        # COLUMNS → extra_fields); the lenient one drops the extra fields without a word.
        "strict_mode=true",
        "null_padding=false",
        "nullstr=[" + ", ".join(_sql_str(v) for v in ABSENT) + "]",
    ]
    scan_sql = (
        f"SELECT {', '.join(select)} FROM read_csv({_sql_str(str(head.path))}, {', '.join(opts)})"
    )
    if not melt_cols:
        # Read and parse in one pass (see _load): nothing to stage.
        return scan_sql, rej, melt_cols
    big = head.path.stat().st_size >= _PROGRESS_MIN_BYTES
    with _progress_poller(ws, "reading", progress if big else None):
        _read(ws, head, f"CREATE TEMP TABLE {stage} AS {scan_sql}")
    return stage, rej, melt_cols


def _delimiter(head: FileHead, mapping: Mapping | None) -> str:
    """The mapping's delimiter when it sets one, else the one detected in the header."""
    return mapping.delimiter if mapping is not None and mapping.delimiter else head.delimiter


def _read(ws: Workspace, head: FileHead, sql: str) -> None:
    """Run the statement that scans the file; a reader failure names the file."""
    try:
        ws.raw.execute(sql)
    except Exception as exc:
        msg = str(exc).splitlines()[0]
        raise InputError(f"{head.path}: cannot read as delimited text: {msg}") from exc


def _country_map(
    ws: Workspace, parsed: ir.Table, baci_codes: dict[str, str], notes: list[str] | None = None
) -> ir.Table:
    """Resolve each distinct country text once: (`_ckey`, `_calt`, `iso3`) as a temp table.

    `_ckey` is the row's chosen country text, `_calt` the fallback column's text (or NULL); the
    first of the two that resolves wins. BACI's own country table, when present, comes first.
    """
    pairs = (
        parsed.select(k=parsed._rep_raw, a=parsed._rep_alt)
        .union(parsed.select(k=parsed._par_raw, a=parsed._par_alt))
        .distinct()
        .to_pyarrow()
        .to_pylist()
    )
    rows = []
    loose: dict[str, str] = {}  # names read by a looser rule than the table's → what was said
    for pair in pairs:
        key, alt = pair["k"], pair["a"]
        if key is None:
            continue
        iso3 = None
        for text in (key, alt):
            if iso3 is None and text is not None:
                if baci_codes:
                    iso3 = baci_codes.get(text.lstrip("0") or "0")
                if iso3 is None:
                    iso3 = read_country(text, loose)
        rows.append((key, alt, iso3))
    if notes is not None:
        notes.extend(readings_note(loose))
        notes.extend(_shared_readings_note(rows, loose))
    df = pd.DataFrame(rows, columns=["_ckey", "_calt", "iso3"], dtype=object)
    ws.raw.register("_cmap_df", df)
    ws.raw.execute(
        "CREATE OR REPLACE TEMP TABLE _cmap AS SELECT _ckey::VARCHAR AS _ckey,"
        " _calt::VARCHAR AS _calt, iso3::VARCHAR AS iso3 FROM _cmap_df"
    )
    ws.raw.unregister("_cmap_df")
    return ws.con.table("_cmap")


def _shared_readings_note(
    rows: list[tuple[str, str | None, str | None]], loose: dict[str, str]
) -> list[str]:
    """Names read by a looser rule to a code the file also names as the table writes it: their
    rows of one flow become one key, kept once when the values agree and quarantined as
    conflicting when not (tester2 D7: 'Ceuta (incl. Melilla …)' read as Spain beside Spain's
    own rows, and the EU's exports to Spain lost). Said, so that the reading can be checked."""
    exact: dict[str, set[str]] = {}  # code → the names the table holds as written
    for key, _, iso3 in rows:
        if iso3 is not None and key not in loose:
            exact.setdefault(iso3, set()).add(key)
    shared = []
    for key, _, iso3 in rows:
        if iso3 is not None and key in loose and exact.get(iso3):
            others = sorted(exact[iso3])
            shown = key if len(key) <= 40 else key[:39] + "…"
            shared.append(f"{shown!r} → {iso3} beside {', '.join(repr(o) for o in others[:3])}")
    if not shared:
        return []
    shared.sort()
    return [
        f"{len(shared)} name(s) read by a looser rule give a code the file also names as the"
        " table writes it: their rows of one flow are one key (kept once if the values agree,"
        " quarantined as conflicting if not): "
        + "; ".join(shared[:8])
        + (f"; and {len(shared) - 8} more" if len(shared) > 8 else "")
    ]


def _fx_table(ws: Workspace) -> ir.Table:
    """Monthly rates, plus annual means for complete years (for annual EUR data)."""
    ws.raw.execute(
        """CREATE OR REPLACE TEMP TABLE _fx AS
        SELECT period, 'M' AS freq, usd_per_eur FROM ref_eur_usd
        UNION ALL
        SELECT make_date(year(period), 1, 1), 'A', avg(usd_per_eur) FROM ref_eur_usd
        GROUP BY year(period) HAVING count(*) = 12"""
    )
    return ws.con.table("_fx")


def _next_import_id(ws: Workspace) -> int:
    row = ws.raw.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()
    assert row is not None
    return int(row[0])


def check_file(
    path: Path, *, fmt: str = "auto", mapping: Mapping | None = None, encoding: str = "auto"
) -> tuple[FileHead, Layout, dict[str, str]]:
    """Everything that can be known about a file before reading it: its header and layout.

    Raises InputError (exit 2) with a one-line reason; the CLI runs it on every file first, so
    that one unreadable file among several changes nothing.
    """
    if fmt == "shipments":
        raise InputError(f"{path}: shipments are read by formats.shipments.ingest_shipments")
    if fmt in LIST_FORMATS:
        raise InputError(
            f"{path}: --format {fmt} is a sanctions-list format, read by"
            " formats.dispatch.ingest_any (as `shadowtrade ingest` does), not as trade statistics"
        )
    if fmt not in TRADE_FORMATS:
        raise InputError(f"{path}: unknown --format {fmt!r}; use one of {ALL_FORMATS}")
    if not path.exists():
        raise InputError(f"{path}: no such file")
    head = sniff(path, encoding)
    layout, found = _choose_layout(head, fmt, mapping)
    return head, layout, found


_ENCODING_ERRORS = ("INVALID ENCODING", "INVALID UNICODE")


class _NotUtf8(Exception):
    """The reader found lines that are not UTF-8: read a transcoded copy instead."""


@dataclass
class _Job:
    """Everything `_load` needs to read one file's records (or a staged table of them)."""

    head: FileHead
    layout: Layout
    found: dict[str, str]
    mapping: Mapping | None
    import_id: int
    baci_codes: dict[str, str] = field(default_factory=dict)
    hs_default: str | None = None
    progress: ProgressFn | None = None
    # A staged table of records with `_rec`, `_line`, `_where` (ingest_records) instead of a file.
    records: str | None = None
    transcoded: bool = False
    set_aside: bool = False  # lines that hid others were set aside (records.py)


def ingest_delimited(
    ws: Workspace,
    path: Path,
    *,
    fmt: str = "auto",
    mapping: Path | None = None,
    encoding: str = "auto",
    progress: ProgressFn | None = None,
    query: dict[str, Any] | None = None,
) -> IngestResult:
    """Ingest one delimited trade file read by its header; raise InputError (exit 2) when it
    cannot be read at all. `formats.dispatch.ingest_file` sends spreadsheets and the Eurostat
    data browser's CSV to their reader (formats/spreadsheet) and every other file here;
    `query` (what `shadowtrade fetch` asked a service for) is kept in the import's profile.
    """
    mapping_spec = load_mapping(mapping) if mapping is not None else None
    head, layout, found = check_file(path, fmt=fmt, mapping=mapping_spec, encoding=encoding)
    layout_name = comtrade_variant(found) if layout.name == "comtrade" else layout.name
    hs_default = None
    m = re.search(r"BACI_HS(\d\d)_", path.name)
    if m:
        hs_default = BACI_VERSIONS.get(m.group(1))
    result = IngestResult(file=path, sha256="", format=layout.source, layout=layout_name)
    result.notes.extend(head.notes)
    baci_codes = _baci_country_map(path) if layout is BACI else {}

    def load(import_id: int) -> None:
        lf_copy = _scratch_file(ws, f"lf-{import_id}.csv")
        try:
            read_head = head
            shape = result.source_shape
            lone_cr_breaks = (
                None
                if shape is None
                else lf_copy_needed(cr=shape.carriage_returns, crlf=shape.crlf, lf=shape.newlines)
            )
            if lone_cr_breaks is not None:
                # CR LF or CR line breaks anywhere in the file: read an LF copy, same lines
                # (formats/line_endings.py); a CR alone in a file with LFs stays in its line.
                ends = to_lf(
                    path, lf_copy, gzipped=head.compression == "gzip", lone_cr_breaks=lone_cr_breaks
                )
                result.notes.append(ends.note(path.name))
                read_head = dataclasses.replace(head, path=lf_copy, compression="none")
                result.text_shape = scan_file(lf_copy)
                result.data_lines = result.text_shape.lines - 1 - result.text_shape.blanks
                result.longest_line = result.text_shape.longest_line
            _load_any_encoding(read_head, import_id)
        finally:
            lf_copy.unlink(missing_ok=True)

    def _load_any_encoding(head: FileHead, import_id: int) -> None:
        job = _Job(head, layout, found, mapping_spec, import_id, baci_codes, hs_default, progress)
        if head.encoding in ("auto", "utf-8", "latin-1") and head.header_encoding == "utf-8":
            try:
                _load_every_line(ws, job, result)
                return
            except _NotUtf8:
                pass
        # Not (all) UTF-8: read a UTF-8 copy, every line where it was (formats/encoding.py).
        from shadowtrade.formats.encoding import transcode_to_utf8

        copy = _scratch_file(ws, f"transcoded-{import_id}.csv")
        try:
            legacy = None if head.encoding in ("auto", "utf-8") else head.encoding
            tr = transcode_to_utf8(
                head.path, copy, gzipped=head.compression == "gzip", encoding=legacy
            )
            result.notes.append(tr.note(path))
            job.head = dataclasses.replace(head, path=copy, compression="none", encoding="utf-8")
            job.transcoded = True
            _load_every_line(ws, job, result)
        finally:
            copy.unlink(missing_ok=True)

    return _ingest(ws, path, result, load, query=query)


def ingest_records(
    ws: Workspace,
    path: Path,
    records: pa.Table,
    *,
    layout: Layout,
    layout_name: str,
    rows_read: int,
    skipped: int,
    notes: list[str],
    progress: ProgressFn | None = None,
    query: dict[str, Any] | None = None,
) -> IngestResult:
    """Ingest records a reader has already taken out of a file (a spreadsheet's cells).

    `records` holds one row per value: text columns `r_<role>` for the layout's roles, `_line`
    (the row in the source shown in quarantine) and `_where` (e.g. the sheet and column).
    `rows_read` counts every value cell read, `skipped` the missing ones among them. From here
    on the rows go through the same checks, sums and bookkeeping as a CSV file's.
    """
    found = {c[2:]: c[2:] for c in records.column_names if c.startswith("r_")}
    head = FileHead(path=path, compression="none", delimiter=",", header=[], has_bom=False)
    result = IngestResult(file=path, sha256="", format=layout.source, layout=layout_name)
    result.notes.extend(notes)

    def load(import_id: int) -> None:
        name = f"_stage_{import_id}"
        ws.raw.register("_records_in", records)
        ws.raw.execute(
            f"CREATE TEMP TABLE {name} AS SELECT (row_number() OVER () - 1)::BIGINT AS _rec, *"
            " FROM _records_in"
        )
        ws.raw.unregister("_records_in")
        job = _Job(head, layout, found, None, import_id, progress=progress, records=name)
        _load(ws, job, result)
        result.rows_read = rows_read
        result.skipped = skipped

    return _ingest(ws, path, result, load, query=query)


def _ingest(
    ws: Workspace,
    path: Path,
    result: IngestResult,
    load: Callable[[int], None],
    *,
    query: dict[str, Any] | None,
) -> IngestResult:
    """One import in one transaction: the sha256 check, `load`, the profile, the imports row."""
    started = time.perf_counter()
    started_at = datetime.now()
    sha_box: dict[str, FileShape] = {}
    sha_thread = threading.Thread(target=lambda: sha_box.update(shape=scan_file(path)))
    sha_thread.start()
    ws.ensure_reference()
    try:
        with ws.transaction("ingest") as write:
            import_id = _next_import_id(ws)
            result.import_id = import_id
            sha_thread.join()
            shape = sha_box.get("shape")
            result.sha256 = shape.sha256 if shape is not None else ""
            if shape is not None and shape.truncated_gzip:
                raise InputError(
                    f"{path}: the gzip file is cut short (its stream ends before the"
                    " end-of-stream marker, as an interrupted download does); nothing ingested:"
                    " download it again"
                )
            if not result.sha256:
                raise InputError(f"{path}: cannot read file to compute its sha256")
            if shape is not None and not (shape.newlines == 0 and shape.ends_with_newline):
                result.data_lines = shape.lines - 1 - shape.blanks
                result.longest_line = shape.longest_line
            dup = ws.raw.execute(
                "SELECT import_id FROM imports WHERE sha256 = ? ORDER BY import_id LIMIT 1",
                [result.sha256],
            ).fetchone()
            if dup is not None:
                raise _Duplicate(int(dup[0]))
            _fault_point("staged")
            result.source_shape = shape
            load(import_id)
            if shape is not None:
                result.notes.extend(_line_checks(result.text_shape or shape, result))
            result.profile = build_profile(ws, f"_final_{import_id}", result, query=query)
            _fault_point("before_commit")
            ws.raw.execute(
                "INSERT INTO imports BY NAME SELECT ? AS import_id, ? AS file_name, ? AS path,"
                " ? AS sha256, ? AS format, ? AS layout, 'trade_flows' AS target_table,"
                " ? AS rows_read, ? AS accepted, ? AS aggregates, ? AS quarantined,"
                " ? AS skipped, ? AS quarantine_by_reason, ? AS overlapping_imports,"
                " ? AS started_at, ? AS finished_at, ? AS profile",
                [
                    import_id, path.name, str(path.resolve()), result.sha256, result.format,
                    result.layout, result.rows_read, result.accepted, result.aggregates,
                    result.quarantined, result.skipped,
                    json.dumps(result.by_reason, sort_keys=True),
                    json.dumps({str(k): v for k, v in result.overlaps.items()}),
                    started_at, datetime.now(), json.dumps(result.profile, default=str),
                ],
            )  # fmt: skip
            for t in ("_stage", "_rej", "_rejscan", "_canon", "_parsed", "_reps", "_final"):
                ws.raw.execute(f"DROP TABLE IF EXISTS {t}_{import_id}")
            write.wrote = (
                f"import {import_id} of {path.name}: {result.accepted:,} rows accepted,"
                f" {result.aggregates:,} aggregates, {result.quarantined:,} quarantined"
            )
    except _Duplicate as dup_exc:
        result.import_id = None
        result.duplicate_of = dup_exc.import_id
    finally:
        if sha_thread.is_alive():
            sha_thread.join()
    result.seconds = time.perf_counter() - started
    return result


def _line_checks(shape: FileShape, result: IngestResult) -> list[str]:
    """Warnings when the file's lines and the records read disagree, or its last line has no
    line break (plain delimited files only: the reader's records are compared to the lines)."""
    if result.records_read is None or (shape.newlines == 0 and shape.ends_with_newline):
        return []
    out: list[str] = []
    expected = shape.lines - 1 - shape.blanks  # the header is line 1
    hidden = expected - result.records_read
    if hidden > 0:
        out.append(
            f"the file has {expected:,} data lines but {result.records_read:,} records were read:"
            f" {hidden:,} line break(s) lie inside quoted fields — fields that span lines, or a"
            " quote that never closes (a line cut inside quotes) hiding the lines after it"
        )
    if not shape.ends_with_newline and shape.lines > 1:
        out.append(
            f"the file does not end with a line break: its last line (line {shape.lines:,}) may"
            " have been cut short — check its last value"
        )
    return out


def _resolve_frequency(ws: Workspace, parsed_name: str, result: IngestResult) -> None:
    """Settle the rows whose own fields cannot tell monthly from annual (ISO dates alone).

    The file decides, and says so: dates in several months of the year make a monthly file;
    otherwise the frequency the file's other rows state; otherwise annual, with a warning.
    """
    row = ws.raw.execute(
        f"SELECT count(*) FILTER (WHERE freq IS NULL AND _period_ok),"
        f" count(*) FILTER (WHERE freq IS NULL AND _period_ok AND _month <> 1),"
        f" count(*) FILTER (WHERE freq = 'M'), count(*) FILTER (WHERE freq = 'A')"
        f" FROM {parsed_name}"
    ).fetchone()
    assert row is not None
    unknown, not_january, monthly, annual = (int(v) for v in row)
    if not unknown:
        return
    if not_january or (monthly and monthly >= annual):
        freq = "M"
        why = (
            "its periods are dates in several months of the year"
            if not_january
            else "the file's other rows are monthly"
        )
    elif annual:
        freq, why = "A", "the file's other rows are annual"
    else:
        freq, why = "A", "every period is 1 January and no column gives a month or frequency"
    word = "monthly" if freq == "M" else "annual"
    result.notes.append(
        f"{unknown:,} rows give their period as a date with no frequency: read as {word}"
        f" because {why}"
    )
    ws.raw.execute(
        f"UPDATE {parsed_name} SET freq = '{freq}', period = CASE WHEN '{freq}' = 'A'"
        f" THEN make_date(_year, 1, 1) ELSE period END WHERE freq IS NULL AND _period_ok"
    )
    ws.raw.execute(f"UPDATE {parsed_name} SET freq = 'M' WHERE freq IS NULL")


_PLAIN_THOUSANDS = r"^\s*-?\d{1,3}(,\d{3})+(\.\d+)?\s*$"
_DOT_GROUPS = r"^\s*-?\d{1,3}(\.\d{3})+\s*$"  # '1.307.319' or the ambiguous '61.828'
_MANY_DOTS = r"\d\.\d{3}\.\d"  # '1.307.319': a decimal point cannot repeat


def _rows(n: int) -> str:
    return f"{n:,} row{'' if n == 1 else 's'}"


def _settle_numbers(
    ws: Workspace, parsed_name: str, result: IngestResult, *, decimal_comma: bool
) -> None:
    """Decide how the file writes its numbers, and say whatever was read other than plainly.

    A ';'-separated file may write '1.234,5' (decimal comma, '.' grouping thousands) or '1234.5'.
    One file uses one convention: a decimal comma anywhere among its numbers, or a number with
    several '.' groups, makes it continental and every '.' a thousands mark ('61.828' is then
    61828); otherwise '.' is the decimal point. Thousands commas ('1,234,567') in a ','-file,
    CIF/FOB values standing in for a missing primary value and codes that lost a leading zero
    are read and counted.
    """
    raws = ("_value_raw", "_weight_raw", "_qty_raw")
    if decimal_comma:
        checks = " OR ".join(f"contains({r}, ',')" for r in raws)
        many = " OR ".join(f"regexp_matches({r}, '{_MANY_DOTS}')" for r in raws)
        groups = " OR ".join(f"regexp_matches({r}, '{_DOT_GROUPS}')" for r in raws)
        row = ws.raw.execute(
            f"SELECT count(*) FILTER (WHERE {checks}), count(*) FILTER (WHERE {many}),"
            f" count(*) FILTER (WHERE {groups}) FROM {parsed_name}"
        ).fetchone()
        commas, many_dots, dotted = (int(v) for v in row) if row else (0, 0, 0)
        if commas or many_dots:
            ws.raw.execute(f"UPDATE {parsed_name} SET _v = _v_eu, _w = _w_eu, _q = _q_eu")
            result.notes.append(
                "';'-separated with continental numbers: ',' read as the decimal mark and '.'"
                f" as a thousands mark ({commas:,} rows with a decimal comma, {dotted:,} with"
                " '.' groups)"
            )
        elif dotted:
            result.notes.append(
                f"';'-separated, but no number has a decimal comma: '.' read as the decimal"
                f" point, so {dotted:,} rows with numbers such as '61.828' are read as 61.828"
                " (pass a mapping if '.' groups thousands in this file)"
            )
    else:
        checks = " OR ".join(f"regexp_matches({r}, '{_PLAIN_THOUSANDS}')" for r in raws)
        row = ws.raw.execute(
            f"SELECT count(*) FILTER (WHERE {checks}) FROM {parsed_name}"
        ).fetchone()
        if row and row[0]:
            result.notes.append(
                f"{_rows(int(row[0]))} {'writes' if row[0] == 1 else 'write'} numbers with"
                " thousands commas ('1,234,567'): read as plain numbers"
            )
    row = ws.raw.execute(
        f"SELECT count(*) FILTER (WHERE _from_cif_fob), count(*) FILTER (WHERE"
        rf" regexp_matches(_hs_raw, '^\d+$') AND length(_hs_raw) % 2 = 1),"
        rf" min(_hs_raw) FILTER (WHERE regexp_matches(_hs_raw, '^\d+$')"
        f" AND length(_hs_raw) % 2 = 1) FROM {parsed_name}"
    ).fetchone()
    if row and row[0]:
        result.notes.append(
            f"{_rows(int(row[0]))} {'has' if row[0] == 1 else 'have'} no primary value: their"
            " CIF value (imports) or FOB value (exports) is used"
        )
    if row and row[1]:
        result.notes.append(
            f"{int(row[1]):,} codes have an odd number of digits, a leading zero lost to a"
            f" spreadsheet (e.g. '{row[2]}'): read with the zero put back ('0{row[2]}')"
        )


def _scratch_file(ws: Workspace, name: str) -> Path:
    """A path in the workspace's tmp folder for a copy of the file being read."""
    tmp = ws.path / "tmp"
    tmp.mkdir(exist_ok=True)
    return tmp / name


def _drop_read_tables(ws: Workspace, import_id: int, parsed_name: str, rej: str) -> None:
    """Drop what one read of the file made, before it is read again another way."""
    for t in (parsed_name, rej, f"_rejscan_{import_id}", f"_stage_{import_id}"):
        ws.raw.execute(f"DROP TABLE IF EXISTS {t}")


def _may_hold_many_extra_fields(head: FileHead, longest_line: int) -> bool:
    """A line over 2 KB and four times the header's length may carry thousands of fields more
    than the header. DuckDB's strict reader stores one reject per extra field, each with the
    whole line (150 lines of 10,000 extra fields: 17 GB, six minutes), so such a file's lines
    are checked for extra fields first (records.py) and those lines never reach the reader."""
    header_bytes = len(head.delimiter.join(head.header).encode())
    return longest_line > max(2048, 4 * header_bytes)


def _load_every_line(ws: Workspace, job: _Job, result: IngestResult) -> None:
    """`_load`; when the reader's records fall short of the file's lines, again on a copy with
    the lines that hid others set aside and quarantined by number (formats/records.py); a file
    with an outlying long line goes there at once (its lines' fields are counted first)."""
    if not _may_hold_many_extra_fields(job.head, result.longest_line):
        try:
            _load(ws, job, result)
            return
        except _HiddenLines:
            pass
    from shadowtrade.formats.records import describe, write_without_hiding_lines

    copy = _scratch_file(ws, f"records-{job.import_id}.csv")
    try:
        found = write_without_hiding_lines(
            job.head.path,
            copy,
            gzipped=job.head.compression == "gzip",
            delimiter=_delimiter(job.head, job.mapping),
            fields=len(job.head.header),
        )
        if found:
            ws.raw.executemany(
                'INSERT INTO quarantine (import_file, row_number, "column", value, reason)'
                " VALUES (?, ?, NULL, ?, ?)",
                [[job.import_id, f.line, f.snippet, f.reason] for f in found],
            )
            result.notes.append(describe(found))
            head = dataclasses.replace(job.head, path=copy, compression="none")
        else:
            head = job.head
        try:
            _load(ws, dataclasses.replace(job, head=head, set_aside=True), result)
        except _NotUtf8:
            # The file is read again from a UTF-8 copy, whose pass sets the same lines aside:
            # take this pass's rows and note back so that they are not counted twice.
            if found:
                ws.raw.executemany(
                    "DELETE FROM quarantine WHERE import_file = ? AND row_number = ?"
                    " AND reason = ?",
                    [[job.import_id, f.line, f.reason] for f in found],
                )
                result.notes.remove(describe(found))
            raise
    finally:
        copy.unlink(missing_ok=True)
    result.rows_read += len(found)
    if result.records_read is not None:
        result.records_read += len(found)


def _load(ws: Workspace, job: _Job, result: IngestResult) -> None:
    """Read, check and sort the file's records; insert flows, aggregates and quarantine."""
    head, import_id, layout, mapping = job.head, job.import_id, job.layout, job.mapping
    melting = mapping is not None and mapping.melt is not None
    rej = f"_rej_{import_id}"
    parsed_name = f"_parsed_{import_id}"
    if job.records is not None:
        staged = ws.con.table(job.records)
        stage = job.records
    else:
        stage, rej, _ = _stage(ws, head, layout, job.found, mapping, import_id, job.progress)
        # Without a melt, `stage` is the scan itself: the file is parsed as it is read.
        staged = _numbered(ws, stage) if melting else ws.con.sql(stage)
    if melting:
        assert mapping is not None and mapping.melt is not None
        melt = mapping.melt_columns(head.header)
        names = {f"m{n}": val for n, val in enumerate(melt.values())}
        long = staged.pivot_longer(list(names), names_to="_mcol", values_to="r_value")
        long = long.mutate(
            **{f"r_{mapping.melt.role}": long._mcol.cases(*names.items(), else_=None)}
        )
        absent = long.r_value.strip().isin(list(mapping.missing_values)) | long.r_value.isnull()
        result.skipped = int(long.filter(absent).count().execute())
        staged = long.filter(~absent).drop("_mcol")
        result.notes.append(
            f"a wide table: {len(names)} value columns ({mapping.melt.role}) turned into rows;"
            f" {result.skipped:,} empty cells skipped (cells holding"
            f" {', '.join(repr(v) for v in mapping.missing_values)}: the mapping's"
            " missing_values)"
        )

    fx = _fx_table(ws)
    delim = _delimiter(head, mapping) if job.records is None else ","
    big = job.records is None and head.path.stat().st_size >= _PROGRESS_MIN_BYTES
    with _progress_poller(ws, "reading", job.progress if big else None):
        _read(
            ws,
            head,
            f"CREATE TEMP TABLE {parsed_name} AS"
            f" {ibis.to_sql(parse(staged, layout, decimal_comma=delim == ';'), dialect='duckdb')}",
        )
    if job.records is None:
        rejects = ws.con.sql(
            f"SELECT line, min(column_name) AS column_name, min(error_type) AS error_type,"
            f" min(csv_line) AS csv_line FROM {rej} GROUP BY line"
        )
        if not job.transcoded and head.encoding in ("auto", "utf-8"):
            bad_enc = ws.raw.execute(
                f"SELECT count(*) FROM {rej} WHERE error_type IN"
                f" ({', '.join(_sql_str(e) for e in _ENCODING_ERRORS)})"
            ).fetchone()
            if bad_enc is not None and bad_enc[0]:
                _drop_read_tables(ws, import_id, parsed_name, rej)
                raise _NotUtf8
    else:
        rejects = ibis.memtable(
            {"line": [], "column_name": [], "error_type": [], "csv_line": []},
            schema={"line": "int64", "column_name": "string", "error_type": "string",
                    "csv_line": "string"},
        )  # fmt: skip
    n_rejected = int(rejects.count().execute())
    # Rows read: the file's records, or for a wide table its value cells (empty ones included).
    n_read = ws.raw.execute(f"SELECT count(*) FROM {parsed_name}").fetchone()
    assert n_read is not None
    if melting:
        ws.raw.execute(f"DROP TABLE {stage}")
    result.rows_read = int(n_read[0]) + n_rejected + result.skipped
    if job.records is None and not melting:
        result.records_read = int(n_read[0]) + n_rejected
        short = result.data_lines is not None and result.records_read < result.data_lines
        if short and not job.set_aside:
            _drop_read_tables(ws, import_id, parsed_name, rej)
            raise _HiddenLines
    _resolve_frequency(ws, parsed_name, result)
    _settle_numbers(ws, parsed_name, result, decimal_comma=delim == ";")
    result.columns = dict(job.found)
    parsed = _numbered(ws, parsed_name, record=not melting and job.records is None)
    cmap = _country_map(ws, parsed, job.baci_codes, result.notes)
    canon = canonicalise(
        parsed,
        layout,
        header_names=dict(job.found),
        country_map=cmap,
        fx=fx,
        import_id=import_id,
        hs_version_default=job.hs_default,
    )
    canon_name = f"_canon_{import_id}"
    with _progress_poller(ws, "validating", job.progress if big else None):
        _create_temp(ws, canon_name, canon.mutate(_h=key_hash(canon)))
    ws.raw.execute(f"DROP TABLE {parsed_name}")
    c = ws.con.table(canon_name)
    shape = ws.raw.execute(
        f"SELECT count(DISTINCT length(hs_code)) > 1, count(DISTINCT freq) > 1,"
        f" bool_or(_breakdown) FROM {canon_name} WHERE _reason IS NULL"
    ).fetchone()
    assert shape is not None
    ok = c.filter(c._reason.isnull())
    # The repeats' group-by over every row runs once: the sort and the quarantine read its result.
    # First the rows whose key hash recurs (a narrow group-by), then their keys themselves.
    hashes_name = f"_rephash_{import_id}"
    keys_name, reps_name = f"_repkeys_{import_id}", f"_reps_{import_id}"
    _create_temp(ws, hashes_name, recurring_hashes(ok))
    maybe = ok.semi_join(ws.con.table(hashes_name), "_h")
    _create_temp(ws, keys_name, repeated_keys(maybe))
    _create_temp(ws, reps_name, repeats(maybe, ws.con.table(keys_name)))
    ws.raw.execute(f"DROP TABLE {keys_name}")
    ws.raw.execute(f"DROP TABLE {hashes_name}")
    involved = ws.con.table(reps_name)
    n_rep = ws.raw.execute(f"SELECT count(*) FROM {reps_name}").fetchone()
    assert n_rep is not None
    sorted_rows = sort_rows(
        ok,
        involved if n_rep[0] else None,
        has_breakdowns=bool(shape[2]),
        codes=bool(shape[0]),
        annual=bool(shape[1]),
    )
    final_name = f"_final_{import_id}"
    ws.raw.execute(
        f"CREATE TEMP TABLE {final_name} AS {ibis.to_sql(sorted_rows, dialect='duckdb')}"
    )
    final = ws.con.table(final_name)
    cols = list(schema.TRADE_FLOWS)
    flows = final.filter(final.aggregate_kind.isnull()).select(*cols)
    aggs = final.filter(final.aggregate_kind.notnull()).select(*cols, "aggregate_kind")
    with _progress_poller(ws, "writing", job.progress if big else None):
        ws.raw.execute(f"INSERT INTO trade_flows BY NAME {ibis.to_sql(flows, dialect='duckdb')}")
        ws.raw.execute(
            f"INSERT INTO trade_aggregates BY NAME {ibis.to_sql(aggs, dialect='duckdb')}"
        )
    _fault_point("inserted")

    _write_quarantine(ws, job, c, involved, int(n_rep[0]), rejects)

    counts = ws.raw.execute(
        f"SELECT count(*) FILTER (WHERE aggregate_kind IS NULL),"
        f" count(*) FILTER (WHERE aggregate_kind IS NOT NULL), coalesce(sum(_n - 1), 0),"
        f" count(*) FILTER (WHERE _summed), coalesce(sum(_n) FILTER (WHERE _summed), 0),"
        f" count(*) FILTER (WHERE _summed AND _n = 1)"
        f" FROM {final_name}"
    ).fetchone()
    assert counts is not None
    result.accepted, result.aggregates = int(counts[0]), int(counts[1])
    result.summed_away = int(counts[2])
    result.summed_flows, result.summed_rows = int(counts[3]), int(counts[4])
    result.one_part_flows = int(counts[5])
    by_reason = ws.raw.execute(
        "SELECT reason, count(*) FROM quarantine WHERE import_file = ? GROUP BY reason ORDER BY 2"
        " DESC",
        [import_id],
    ).fetchall()
    result.by_reason = {str(r): int(n) for r, n in by_reason}
    result.quarantined = sum(result.by_reason.values())
    result.overlaps = _overlaps(ws, import_id, layout.source)


def _create_temp(ws: Workspace, name: str, expr: ir.Table) -> None:
    ws.raw.execute(f"CREATE TEMP TABLE {name} AS {ibis.to_sql(expr, dialect='duckdb')}")


def _overlaps(ws: Workspace, import_id: int, source: str) -> dict[int, int]:
    """Rows of this import whose flow an earlier import of the same source already holds.

    Both are kept (nothing is dropped), but sums over both would count those flows twice, so
    the analyst is told: typically a concatenated file ingested beside its parts.
    """
    earlier = ws.raw.execute(
        "SELECT count(*) FROM imports WHERE format = ? AND import_id <> ?", [source, import_id]
    ).fetchone()
    if earlier is None or earlier[0] == 0:
        return {}
    key = "source, reporter, partner, flow, period, freq, hs_code"
    found: dict[int, int] = {}
    for table in ("trade_flows", "trade_aggregates"):
        for other, n in ws.raw.execute(
            f"SELECT o.import_file, count(*) FROM (SELECT DISTINCT {key} FROM {table}"
            f" WHERE import_file = ?) AS n JOIN (SELECT DISTINCT {key}, import_file FROM {table}"
            f" WHERE import_file <> ? AND source = ?) AS o USING ({key}) GROUP BY 1",
            [import_id, import_id, source],
        ).fetchall():
            found[int(other)] = found.get(int(other), 0) + int(n)
    return dict(sorted(found.items()))


def _with_line(t: ir.Table, lines: ir.Table | None) -> ir.Table:
    """`t` with `_line`, the file line of each record (`_line_numbers`)."""
    if "_line" in t.columns:
        return t
    if lines is None:
        return t.mutate(_line=t._rec + 2)
    j = t.asof_join(lines, on=t._rec >= lines.a)
    return j.select(*t.columns, _line=j._rec + 2 + j.j.fill_null(0))


def _write_quarantine(
    ws: Workspace, job: _Job, c: ir.Table, involved: ir.Table, n_rep: int, rejects: ir.Table
) -> None:
    """Validation failures, repeated flow keys and reader rejects, one row each, at their line."""
    bad = c.filter(c._reason.notnull())
    n_bad = int(bad.count().execute())
    lines = None
    if "_line" not in c.columns:
        lines = _line_numbers(rejects, job.head, has_bad=bool(n_bad or n_rep))
    bad = _with_line(bad, lines)
    parts = [
        bad.select(
            row_number=bad._line,
            column=bad._where if "_where" in bad.columns else bad._column,
            value=bad._value,
            reason=bad._reason,
        )
    ]
    if n_rep:
        rep = describe_repeats(_with_line(involved, lines))
        parts.append(
            rep.select(
                row_number=rep._line,
                column=rep._where if "_where" in rep.columns else rep._column,
                value=rep._value,
                reason=ibis.literal("duplicate_key"),
            )
        )
    positional = {f"c{i}": h for i, h in enumerate(job.head.header)}
    if positional:
        parts.append(
            rejects.select(
                row_number=rejects.line.cast("int64"),
                column=ibis.map(positional).get(rejects.column_name, rejects.column_name),
                value=rejects.csv_line.strip().substr(0, 200),
                reason=rejects.error_type.cases(*READER_REASONS.items(), else_="malformed_row"),
            )
        )
    allq = parts[0]
    for part in parts[1:]:
        # distinct=False: melted records of one source line may quarantine identically.
        allq = allq.union(part, distinct=False)
    allq = allq.mutate(import_file=ibis.literal(job.import_id, "int64"))
    ws.raw.execute(f"INSERT INTO quarantine BY NAME {ibis.to_sql(allq, dialect='duckdb')}")


def _numbered(ws: Workspace, table: str, *, record: bool = True) -> ir.Table:
    """The table with `_id`, each row's 0-based index, and (`record`) `_rec` equal to it: the
    record index in the file (a melted table carries its source `_rec` already).

    Tables written inside a transaction number their rows from a transaction-local base, and
    DuckDB keeps insertion order, so the index is the row id minus the smallest row id.
    """
    base = ws.raw.execute(f"SELECT coalesce(min(rowid), 0) FROM {table}").fetchone()
    assert base is not None
    rec = f"rowid - {int(base[0])} AS _rec, " if record else ""
    return ws.con.sql(f"SELECT {rec}rowid - {int(base[0])} AS _id, * FROM {table}")


def _line_numbers(rejects: ir.Table, head: FileHead, *, has_bad: bool) -> ir.Table | None:
    """For files with skipped lines: (a, j) such that record k sits on line k + 2 + j(k).

    Skipped lines are the reader's rejects and blank lines (which the reader passes over but
    counts). With skipped lines r_1 < … < r_m, the j-th is preceded by a_j = r_j − 1 − j records;
    record k is preceded by every skipped line with a_j ≤ k (an as-of join on a). Skipped lines
    come as runs (first line, count): the lines of a run share one `a`, and the last of them
    gives its `j`. Blank lines are looked for only when some record is quarantined.
    """
    skipped = rejects.select(first=rejects.line.cast("int64"), n=ibis.literal(1, "int64"))
    if has_bad:
        runs = blank_runs(head.path, gzipped=head.compression == "gzip")
        if runs:
            firsts, counts = zip(*runs, strict=True)
            blank_table = ibis.memtable(
                {"first": list(firsts), "n": list(counts)}, schema={"first": "int64", "n": "int64"}
            )
            skipped = skipped.union(blank_table)
    if int(skipped.count().execute()) == 0:
        return None
    # j after each run (lines skipped up to its last line) and a = first - 1 - (j before it + 1).
    upto = skipped.n.sum().over(ibis.window(order_by=[skipped.first], rows=(None, 0)))
    pos = skipped.select(first=skipped.first, n=skipped.n, j=upto.cast("int64"))
    pos = pos.select(a=pos.first - 1 - (pos.j - pos.n + 1), j=pos.j)
    # Consecutive skipped lines share an `a`: the as-of join must see the last of them.
    return pos.group_by("a").agg(j=pos.j.max())
