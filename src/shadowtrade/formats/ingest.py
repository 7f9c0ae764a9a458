"""Ingest one trade-statistics file into the workspace, atomically.

    sniff header → choose layout → stage rows as text (DuckDB read_csv, rejects kept)
    → canonicalise (Ibis) → split accepted / aggregate / quarantined → insert → record import

Everything between BEGIN and COMMIT: an error, Ctrl-C or a killed process leaves the workspace as
it was. Re-ingesting a file with the same sha256 changes nothing and says so.
"""

from __future__ import annotations

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
from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade import schema
from shadowtrade.errors import InputError, UnknownFormatError
from shadowtrade.formats.canonical import (
    ABSENT,
    GROUP_MARKERS,
    TOTAL_WORDS,
    canonicalise,
    parse,
)
from shadowtrade.formats.filescan import blank_lines, sha256_file
from shadowtrade.formats.layouts import BACI, Layout, comtrade_variant, detect_layout
from shadowtrade.formats.mapping import Mapping, load_mapping
from shadowtrade.formats.sniff import FileHead, sniff
from shadowtrade.reference import resolve_country

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

ProgressFn = Callable[[str, float], None]
TRADE_FORMATS = ("auto", "comtrade", "baci", "comext")
LATER_FORMATS = ("eu-fsf", "un-sc")

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
    # Earlier imports that already hold some of the same flows: import id → rows repeated.
    overlaps: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def unchanged(self) -> bool:
        return self.duplicate_of is not None


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
            except Exception:
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
        f"encoding={_sql_str(head.encoding)}",
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


def _country_map(ws: Workspace, parsed: ir.Table, baci_codes: dict[str, str]) -> ir.Table:
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
    for pair in pairs:
        key, alt = pair["k"], pair["a"]
        if key is None:
            continue
        iso3 = None
        for text in (key, alt):
            if iso3 is None and text is not None:
                if baci_codes:
                    iso3 = baci_codes.get(text.lstrip("0") or "0")
                iso3 = iso3 or resolve_country(text)
        rows.append((key, alt, iso3))
    df = pd.DataFrame(rows, columns=["_ckey", "_calt", "iso3"], dtype=object)
    ws.raw.register("_cmap_df", df)
    ws.raw.execute(
        "CREATE OR REPLACE TEMP TABLE _cmap AS SELECT _ckey::VARCHAR AS _ckey,"
        " _calt::VARCHAR AS _calt, iso3::VARCHAR AS iso3 FROM _cmap_df"
    )
    ws.raw.unregister("_cmap_df")
    return ws.con.table("_cmap")


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


def _aggregate_kind(c: ir.Table, *, codes: bool, annual: bool) -> ir.Table:
    """Tag accepted rows that total other rows, so trade_flows never counts a flow twice.

    `codes` / `annual` switch on the self-joins that find chapter or heading totals whose leaves
    are present, and annual totals whose months are present; files without mixed code lengths
    or mixed frequencies skip them.
    """
    key = ["reporter", "partner", "flow", "period", "freq"]
    j = c
    has_child: ir.BooleanValue = ibis.literal(False)
    has_months: ir.BooleanValue = ibis.literal(False)
    if codes:
        leaves = c.filter(~c._breakdown & c.hs_code.re_search(r"^\d+$"))
        parts = [
            leaves.filter(leaves.hs_code.length() > n).select(
                *key, hs_code=leaves.hs_code.substr(0, n)
            )
            for n in (2, 4, 6, 8)
        ]
        prefixes = parts[0].union(parts[1]).union(parts[2]).union(parts[3]).distinct()
        prefixes = prefixes.mutate(_has_child=ibis.literal(True))
        j = j.left_join(prefixes, [*key, "hs_code"]).select(j, "_has_child")
        has_child = j._has_child.fill_null(False)
    if annual:
        months = (
            c.filter(c.freq == "M")
            .select("reporter", "partner", "flow", "hs_code", _yr=c.period.year())
            .distinct()
            .mutate(_has_months=ibis.literal(True))
        )
        j = j.mutate(_yr=j.period.year())
        j = j.left_join(months, ["reporter", "partner", "flow", "hs_code", "_yr"]).select(
            j, "_has_months"
        )
        has_months = j._has_months.fill_null(False)
    kind = ibis.cases(
        (j.reporter.isin(GROUP_MARKERS) | j.partner.isin(GROUP_MARKERS), "country_group"),
        (j.hs_code.isin(TOTAL_WORDS), "all_goods"),
        (~j.hs_code.re_search(r"^\d+$"), "confidential_code"),
        (j._breakdown, "breakdown_detail"),
        (has_child, "code_total"),
        ((j.freq == "A") & has_months, "annual_total"),
        else_=ibis.null(str),
    )
    return j.mutate(aggregate_kind=kind)


def _next_import_id(ws: Workspace) -> int:
    row = ws.raw.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()
    assert row is not None
    return int(row[0])


def check_file(
    path: Path, *, fmt: str = "auto", mapping: Mapping | None = None, encoding: str = "utf-8"
) -> tuple[FileHead, Layout, dict[str, str]]:
    """Everything that can be known about a file before reading it: its header and layout.

    Raises InputError (exit 2) with a one-line reason; the CLI runs it on every file first, so
    that one unreadable file among several changes nothing.
    """
    if fmt == "shipments":
        raise InputError(f"{path}: shipments are read by formats.shipments.ingest_shipments")
    if fmt in LATER_FORMATS:
        raise InputError(
            f"{path}: --format {fmt} is not available in this version; trade-statistics formats"
            f" are {', '.join(TRADE_FORMATS)} (or --mapping)"
        )
    if fmt not in TRADE_FORMATS:
        raise InputError(f"{path}: unknown --format {fmt!r}; use one of {', '.join(TRADE_FORMATS)}")
    if not path.exists():
        raise InputError(f"{path}: no such file")
    head = sniff(path, encoding)
    layout, found = _choose_layout(head, fmt, mapping)
    return head, layout, found


def ingest_file(
    ws: Workspace,
    path: Path,
    *,
    fmt: str = "auto",
    mapping: Path | None = None,
    encoding: str = "utf-8",
    progress: ProgressFn | None = None,
) -> IngestResult:
    """Ingest one file; raise InputError (exit 2) when it cannot be read at all."""
    started = time.perf_counter()
    started_at = datetime.now()
    mapping_spec = load_mapping(mapping) if mapping is not None else None
    head, layout, found = check_file(path, fmt=fmt, mapping=mapping_spec, encoding=encoding)
    layout_name = comtrade_variant(found) if layout.name == "comtrade" else layout.name
    baci_codes = _baci_country_map(path) if layout is BACI else {}
    hs_default = None
    m = re.search(r"BACI_HS(\d\d)_", path.name)
    if m:
        hs_default = BACI_VERSIONS.get(m.group(1))

    sha_box: dict[str, str] = {}
    sha_thread = threading.Thread(target=lambda: sha_box.update(sha=sha256_file(path)))
    sha_thread.start()
    result = IngestResult(file=path, sha256="", format=layout.source, layout=layout_name)
    ws.ensure_reference()
    try:
        with ws.transaction():
            import_id = _next_import_id(ws)
            result.import_id = import_id
            stage, rej, melt_cols = _stage(
                ws, head, layout, found, mapping_spec, import_id, progress
            )
            sha_thread.join()
            result.sha256 = sha_box.get("sha", "")
            if not result.sha256:
                raise InputError(f"{path}: cannot read file to compute its sha256")
            dup = ws.raw.execute(
                "SELECT import_id FROM imports WHERE sha256 = ? ORDER BY import_id LIMIT 1",
                [result.sha256],
            ).fetchone()
            if dup is not None:
                raise _Duplicate(int(dup[0]))
            _fault_point("staged")
            _load(
                ws,
                head,
                found,
                layout,
                mapping_spec,
                melt_cols,
                stage,
                rej,
                import_id,
                baci_codes,
                hs_default,
                result,
                progress,
            )
            _fault_point("before_commit")
            ws.raw.execute(
                "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, 'trade_flows', ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?)",
                [
                    import_id,
                    path.name,
                    str(path.resolve()),
                    result.sha256,
                    layout.source,
                    layout_name,
                    result.rows_read,
                    result.accepted,
                    result.aggregates,
                    result.quarantined,
                    result.skipped,
                    json.dumps(result.by_reason, sort_keys=True),
                    json.dumps({str(k): v for k, v in result.overlaps.items()}),
                    started_at,
                    datetime.now(),
                ],
            )
            for t in (
                f"_stage_{import_id}",
                rej,
                f"_rejscan_{import_id}",
                f"_canon_{import_id}",
                f"_parsed_{import_id}",
                f"_acc_{import_id}",
            ):
                ws.raw.execute(f"DROP TABLE IF EXISTS {t}")
    except _Duplicate as dup_exc:
        result.import_id = None
        result.duplicate_of = dup_exc.import_id
    finally:
        if sha_thread.is_alive():
            sha_thread.join()
    result.seconds = time.perf_counter() - started
    return result


def _load(
    ws: Workspace,
    head: FileHead,
    found: dict[str, str],
    layout: Layout,
    mapping: Mapping | None,
    melt_cols: list[str],
    stage: str,
    rej: str,
    import_id: int,
    baci_codes: dict[str, str],
    hs_default: str | None,
    result: IngestResult,
    progress: ProgressFn | None,
) -> None:
    melting = mapping is not None and mapping.melt is not None
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

    fx = _fx_table(ws)
    header_names = {role: col for role, col in found.items()}
    delim = _delimiter(head, mapping)
    parsed_name = f"_parsed_{import_id}"
    big = head.path.stat().st_size >= _PROGRESS_MIN_BYTES
    with _progress_poller(ws, "reading", progress if big else None):
        _read(
            ws,
            head,
            f"CREATE TEMP TABLE {parsed_name} AS"
            f" {ibis.to_sql(parse(staged, layout, decimal_comma=delim == ';'), dialect='duckdb')}",
        )
    rejects = ws.con.sql(
        f"SELECT line, min(column_name) AS column_name, min(error_type) AS error_type,"
        f" min(csv_line) AS csv_line FROM {rej} GROUP BY line"
    )
    n_rejected = int(rejects.count().execute())
    if melting:
        n_read = ws.raw.execute(f"SELECT count(*) FROM {stage}").fetchone()
        ws.raw.execute(f"DROP TABLE {stage}")
        parsed = ws.con.table(parsed_name)
    else:
        n_read = ws.raw.execute(f"SELECT count(*) FROM {parsed_name}").fetchone()
        parsed = _numbered(ws, parsed_name)
    assert n_read is not None
    result.rows_read = int(n_read[0]) + n_rejected
    cmap = _country_map(ws, parsed, baci_codes)
    canon = canonicalise(
        parsed,
        layout,
        header_names=header_names,
        country_map=cmap,
        fx=fx,
        import_id=import_id,
        hs_version_default=hs_default,
    )
    canon_name = f"_canon_{import_id}"
    with _progress_poller(ws, "validating", progress if big else None):
        ws.raw.execute(f"CREATE TEMP TABLE {canon_name} AS {ibis.to_sql(canon, dialect='duckdb')}")
    ws.raw.execute(f"DROP TABLE {parsed_name}")
    c = ws.con.table(canon_name)
    ok = c.filter(c._reason.isnull())
    shape = ws.raw.execute(
        f"SELECT count(DISTINCT length(hs_code)) > 1, count(DISTINCT freq) > 1 FROM {canon_name}"
        " WHERE _reason IS NULL"
    ).fetchone()
    assert shape is not None
    accepted = _aggregate_kind(ok, codes=bool(shape[0]), annual=bool(shape[1]))
    if shape[0] or shape[1]:  # the self-joins are costly: run them once
        ws.raw.execute(
            f"CREATE TEMP TABLE _acc_{import_id} AS {ibis.to_sql(accepted, dialect='duckdb')}"
        )
        accepted = ws.con.table(f"_acc_{import_id}")
    cols = list(schema.TRADE_FLOWS)
    flows = accepted.filter(accepted.aggregate_kind.isnull()).select(*cols)
    aggs = accepted.filter(accepted.aggregate_kind.notnull()).select(*cols, "aggregate_kind")
    with _progress_poller(ws, "writing", progress if big else None):
        ws.raw.execute(f"INSERT INTO trade_flows BY NAME {ibis.to_sql(flows, dialect='duckdb')}")
        ws.raw.execute(
            f"INSERT INTO trade_aggregates BY NAME {ibis.to_sql(aggs, dialect='duckdb')}"
        )
    _fault_point("inserted")

    _write_quarantine(ws, c, rejects, head, import_id)

    counts = ws.raw.execute(
        f"SELECT count(*) FILTER (WHERE aggregate_kind IS NULL),"
        f" count(*) FILTER (WHERE aggregate_kind IS NOT NULL) FROM"
        f" ({ibis.to_sql(accepted.select('aggregate_kind'), dialect='duckdb')})"
    ).fetchone()
    assert counts is not None
    result.accepted, result.aggregates = int(counts[0]), int(counts[1])
    by_reason = ws.raw.execute(
        "SELECT reason, count(*) FROM quarantine WHERE import_file = ? GROUP BY reason ORDER BY 2"
        " DESC",
        [import_id],
    ).fetchall()
    result.by_reason = {str(r): int(n) for r, n in by_reason}
    result.quarantined = sum(result.by_reason.values())
    result.overlaps = _overlaps(ws, import_id, layout.source)


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


def _write_quarantine(
    ws: Workspace, c: ir.Table, rejects: ir.Table, head: FileHead, import_id: int
) -> None:
    """Validation failures (record index → file line) and reader rejects, one row each."""
    bad = c.filter(c._reason.notnull())
    n_bad = int(bad.count().execute())
    lines = _line_numbers(rejects, head, has_bad=bool(n_bad))
    if lines is None:
        qrows = bad.select(
            row_number=bad._rec + 2, column=bad._column, value=bad._value, reason=bad._reason
        )
    else:
        j = bad.asof_join(lines, on=bad._rec >= lines.a)
        qrows = j.select(
            row_number=j._rec + 2 + j.j.fill_null(0),
            column=j._column,
            value=j._value,
            reason=j._reason,
        )
    positional = {f"c{i}": h for i, h in enumerate(head.header)}
    reader = rejects.select(
        row_number=rejects.line.cast("int64"),
        column=ibis.map(positional).get(rejects.column_name, rejects.column_name),
        value=rejects.csv_line.strip().substr(0, 200),
        reason=rejects.error_type.cases(*READER_REASONS.items(), else_="malformed_row"),
    )
    # union(distinct=False): melted records of one source line may quarantine identically.
    allq = qrows.union(reader, distinct=False).mutate(import_file=ibis.literal(import_id, "int64"))
    ws.raw.execute(f"INSERT INTO quarantine BY NAME {ibis.to_sql(allq, dialect='duckdb')}")


def _numbered(ws: Workspace, table: str) -> ir.Table:
    """The table with `_rec`, each row's 0-based record index in the file.

    Tables written inside a transaction number their rows from a transaction-local base, and
    DuckDB keeps insertion order, so the index is the row id minus the smallest row id.
    """
    base = ws.raw.execute(f"SELECT coalesce(min(rowid), 0) FROM {table}").fetchone()
    assert base is not None
    return ws.con.sql(f"SELECT rowid - {int(base[0])} AS _rec, * FROM {table}")


def _line_numbers(rejects: ir.Table, head: FileHead, *, has_bad: bool) -> ir.Table | None:
    """For files with skipped lines: (a, j) such that record k sits on line k + 2 + j(k).

    Skipped lines are the reader's rejects and blank lines (which the reader passes over but
    counts). With skipped lines r_1 < … < r_m, the j-th is preceded by a_j = r_j − 1 − j records;
    record k is preceded by every skipped line with a_j ≤ k (an as-of join on a). Blank lines
    are looked for only when some record is quarantined.
    """
    skipped = rejects.select(line=rejects.line.cast("int64"))
    if has_bad:
        blanks = blank_lines(head.path, gzipped=head.compression == "gzip")
        if blanks:
            blank_table = ibis.memtable({"line": blanks}, schema={"line": "int64"})
            skipped = skipped.union(blank_table)
    if int(skipped.count().execute()) == 0:
        return None
    w = ibis.row_number().over(order_by=skipped.line) + 1
    pos = skipped.select(line=skipped.line, j=w.cast("int64"))
    pos = pos.select(a=pos.line - 1 - pos.j, j=pos.j)
    # Consecutive skipped lines share an `a`: the as-of join must see the last of them.
    return pos.group_by("a").agg(j=pos.j.max())
