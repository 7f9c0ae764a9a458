"""A delimited shipments file read line by line: one physical line is one record.

DuckDB's CSV reader lets one opening quote that never closes swallow the rest of the file
(issue 18: "read 10 rows" of a 1,000-row file), and two stray quotes fold rows together. Here the
file is first read as lines (no quoting at all), so every line is accounted for; each line is
then split into fields in SQL, honouring RFC 4180 quotes within the line. A line whose quotes do
not close, whose field count differs from the header's, which is too long or not text in any
encoding is quarantined with its line number and the reading resumes on the next line. A field
cannot span lines: such a record is quarantined line by line, never merged silently.

The lines the reader returned are checked against the line breaks counted in the file's bytes;
any difference refuses the file (nothing is written).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from shadowtrade.errors import InputError
from shadowtrade.formats.sniff import FileHead

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

# Longest line read as a record; a longer one is quarantined as `line_too_long` (memory stays
# bounded whatever the file holds).
MAX_LINE_BYTES = 1 << 20
# A separator no text line holds: each physical line is read as one column.
_NO_SEPARATOR = "\x1e\x1f\x1e"
_READER_REASONS = {
    "INVALID ENCODING": "invalid_encoding",
    "INVALID UNICODE": "invalid_encoding",
    "LINE SIZE OVER MAXIMUM": "line_too_long",
    "TOO MANY COLUMNS": "malformed_line",
}


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


_EMPTY_RUN = re.compile(rb"\n\n+")
_RUN_BATCH = 1 << 20


@dataclass
class LineBreaks:
    """What one pass over the bytes found: line breaks (LF, CR LF and a lone CR each count once,
    as DuckDB's reader splits lines), whether the text ends with one, and its empty lines."""

    breaks: int = 0
    ends_with_break: bool = False
    empty: int = 0

    @property
    def lines(self) -> int:
        return self.breaks + (0 if self.ends_with_break else 1)


def scan_line_breaks(
    path: Path, *, gzipped: bool, on_runs: Callable[[list[tuple[int, int]]], None]
) -> LineBreaks:
    """Count the file's line breaks and hand `on_runs` its empty lines as (first line, count)
    runs, in batches: a file of a billion blank lines is a few runs, never a billion rows."""
    found = LineBreaks()
    after_break = True  # an empty first line counts as empty
    runs: list[tuple[int, int]] = []
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            if chunk.endswith(b"\r"):
                chunk += fh.read(1)  # never split a CR LF between chunks
            text = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")  # one byte a break
            pos = 0
            if after_break and text.startswith(b"\n"):
                # Breaks right after the previous chunk's: each ends an empty line.
                lead = len(text) - len(text.lstrip(b"\n"))
                runs.append((found.breaks + 1, lead))
                found.empty += lead
                found.breaks += lead
                pos = lead
            for m in _EMPTY_RUN.finditer(text, pos):
                # Break number b ends line b; each break after the first of a run ends an
                # empty line.
                before = found.breaks + text.count(b"\n", pos, m.start())
                n = m.end() - m.start()
                runs.append((before + 2, n - 1))
                found.empty += n - 1
                found.breaks = before + n
                pos = m.end()
                if len(runs) >= _RUN_BATCH:
                    on_runs(runs)
                    runs = []
            found.breaks += text.count(b"\n", pos)
            after_break = text.endswith(b"\n")
    if runs:
        on_runs(runs)
    found.ends_with_break = after_break and found.breaks > 0
    return found


def digest(path: Path) -> tuple[str, bool]:
    """(sha256 of the stored bytes, whether a gzip stream ends before its end-of-stream marker,
    as a cut download does) in one pass that keeps nothing of the text."""
    sha = hashlib.sha256()
    inflate: Any = None
    with path.open("rb") as fh:
        first = True
        while chunk := fh.read(1 << 22):
            if first and chunk[:2] == b"\x1f\x8b":
                inflate = zlib.decompressobj(wbits=31)
            first = False
            sha.update(chunk)
            data = chunk
            while inflate is not None and data:  # concatenated members each start a stream
                inflate.decompress(data, 1 << 22)
                while inflate.unconsumed_tail:
                    inflate.decompress(inflate.unconsumed_tail, 1 << 22)
                data = inflate.unused_data
                if inflate.eof and data:
                    inflate = zlib.decompressobj(wbits=31)
    return sha.hexdigest(), inflate is not None and not inflate.eof


@dataclass
class StagedLines:
    """What staging found: the data records (non-blank lines after the header)."""

    records: int


def _number_lines(ws: Workspace, path: Path, *, gz: bool, raw: str, encoding: str) -> None:
    """`{raw}_num` (`_line`, `line`): every non-empty line the reader returned at its line in
    the file, and `{raw}_lrej`, DuckDB's rejects (lines too long, not UTF-8)."""
    lines, rej, scan = f"{raw}_lines", f"{raw}_lrej", f"{raw}_lrejscan"
    opts = ", ".join(
        [
            f"delim={_sql_str(_NO_SEPARATOR)}",
            "quote=''",
            "escape=''",
            "header=false",
            "auto_detect=false",
            "columns={'line': 'VARCHAR'}",
            "store_rejects=true",
            f"rejects_table={_sql_str(rej)}",
            f"rejects_scan={_sql_str(scan)}",
            "strict_mode=false",
            f"max_line_size={MAX_LINE_BYTES}",
            f"compression={_sql_str('gzip' if gz else 'none')}",
            f"encoding={_sql_str(encoding)}",
        ]
    )
    try:
        # Empty lines are left out as they are read (their places come from the byte scan).
        ws.raw.execute(
            f"CREATE TEMP TABLE {lines} AS SELECT line FROM read_csv({_sql_str(str(path))},"
            f" {opts}) WHERE line IS NOT NULL"
        )
    except Exception as exc:  # duckdb's own error types for unreadable files
        raise InputError(f"{path}: cannot read as text: {str(exc).splitlines()[0]}") from exc
    n_rows = _scalar(ws, f"SELECT count(*) FROM {lines}")
    n_rej = _scalar(ws, f"SELECT count(DISTINCT line) FROM {rej}")
    empty = f"{raw}_empty"
    ws.raw.execute(f"CREATE TEMP TABLE {empty} (first BIGINT, n BIGINT)")

    def keep(runs: list[tuple[int, int]]) -> None:
        batch = pa.table({"first": [r[0] for r in runs], "n": [r[1] for r in runs]})
        ws.raw.register("_empty_batch", batch)
        ws.raw.execute(f"INSERT INTO {empty} SELECT * FROM _empty_batch")
        ws.raw.unregister("_empty_batch")

    shape = scan_line_breaks(path, gzipped=gz, on_runs=keep)
    if n_rows + n_rej + shape.empty != shape.lines:
        raise InputError(
            f"{path}: the reader returned {n_rows + n_rej + shape.empty:,} lines but the file"
            f" has {shape.lines:,}; nothing ingested (report this file: its line breaks are not"
            " read as written)"
        )
    # Skipped lines (empty runs and rejected lines) in order: the k-th row read sits after every
    # skipped segment that starts at line s with s - 1 - (lines skipped before it) < k.
    base = _scalar(ws, f"SELECT coalesce(min(rowid), 0) FROM {lines}")
    ws.raw.execute(
        f"""CREATE TEMP TABLE {raw}_num AS
        WITH seg AS (
          SELECT first, n FROM {empty}
          UNION ALL SELECT DISTINCT line, 1 FROM {rej}),
        pos AS (
          SELECT first - 1 - (sum(n) OVER (ORDER BY first) - n) AS a,
                 sum(n) OVER (ORDER BY first) AS j
          FROM seg),
        gap AS (SELECT a, max(j) AS j FROM pos GROUP BY a),
        l AS (SELECT rowid - {base} + 1 AS k, line FROM {lines})
        SELECT l.k + coalesce(gap.j, 0) AS _line, l.line
        FROM l ASOF LEFT JOIN gap ON l.k > gap.a"""
    )
    for t in (lines, empty, scan):
        ws.raw.execute(f"DROP TABLE IF EXISTS {t}")


def _reader_rejects(raw: str, first: int) -> str:
    """SQL of the reader's rejects from line `first` on, as quarantine rows."""
    reasons = ", ".join(f"({_sql_str(k)}, {_sql_str(v)})" for k, v in _READER_REASONS.items())
    return f"""SELECT line::BIGINT AS row_number, '*' AS "column",
               left(CAST(min(csv_line) AS VARCHAR), 200) AS value,
               coalesce(min(r.reason), 'malformed_line') AS reason
        FROM {raw}_lrej LEFT JOIN (VALUES {reasons}) r(error_type, reason) USING (error_type)
        WHERE line >= {first} GROUP BY line"""


def stage_lines(
    ws: Workspace, head: FileHead, *, raw: str, rejects: str, encoding: str = "utf-8"
) -> StagedLines:
    """Create `raw` (`_line`, `_rec` and one text column per header name, for every line whose
    fields parse) and `rejects` (row_number, column, value, reason) for every line that does not.
    """
    path, rej = head.path, f"{raw}_lrej"
    _number_lines(ws, path, gz=head.compression == "gzip", raw=raw, encoding=encoding)
    if _scalar(ws, f"SELECT count(*) FROM {rej} WHERE line = 1"):
        raise InputError(f"{path}: row 1: the header line cannot be read as text")
    first = ws.raw.execute(f"SELECT line FROM {raw}_num WHERE _line = 1").fetchone()
    whole = next(csv.reader([str(first[0]) if first else ""], delimiter=head.delimiter), [])
    if len(whole) != len(head.header):
        raise InputError(
            f"{path}: row 1: the header has {len(whole):,} columns but {len(head.header):,} were"
            " read from its start (a header longer than 64 KiB?); nothing ingested"
        )
    d = _sql_str(head.delimiter)
    cls = "[^" + ("\\t" if head.delimiter == "\t" else head.delimiter) + '"]'
    notd = "[^" + ("\\t" if head.delimiter == "\t" else head.delimiter) + "]"
    sep = "[" + ("\\t" if head.delimiter == "\t" else head.delimiter) + "]"
    field = f'(?:"(?:[^"]|"")*"|{cls}{notd}*|)'
    full = _sql_str(f"{field}(?:{sep}{field})*")
    each = _sql_str(f"({field}){sep}")
    n = len(head.header)
    ws.raw.execute(
        f"""CREATE TEMP TABLE {raw}_rec AS
        SELECT _line, line,
          CASE WHEN NOT contains(line, '"') THEN string_split(line, {d})
               WHEN regexp_full_match(line, {full}) THEN list_transform(
                 regexp_extract_all(line || {d}, {each}, 1),
                 f -> CASE WHEN starts_with(f, '"') THEN replace(f[2:-2], '""', '"') ELSE f END)
          END AS _f
        FROM {raw}_num
        WHERE _line > 1 AND NOT regexp_full_match(line, '\\s*')"""
    )
    records = _scalar(ws, f"SELECT count(*) FROM {raw}_rec") + _scalar(
        ws, f"SELECT count(DISTINCT line) FROM {rej} WHERE line > 1"
    )
    ws.raw.execute(
        f"""CREATE TEMP TABLE {rejects} AS
        {_reader_rejects(raw, 2)}
        UNION ALL
        SELECT _line, '*', left(line, 200),
          CASE WHEN _f IS NULL AND (length(line) - length(replace(line, '"', ''))) % 2 = 1
                 THEN 'unclosed_quote'
               WHEN _f IS NULL THEN 'malformed_quoting'
               WHEN len(_f) < {n} THEN 'missing_fields'
               ELSE 'extra_fields' END
        FROM {raw}_rec WHERE _f IS NULL OR len(_f) <> {n}"""
    )
    cols = ", ".join(f"_f[{i + 1}] AS {_q(h)}" for i, h in enumerate(head.header))
    ws.raw.execute(
        f"""CREATE TEMP TABLE {raw} AS
        SELECT _line, row_number() OVER (ORDER BY _line) - 1 AS _rec, {cols}
        FROM {raw}_rec WHERE len(_f) = {n}"""
    )
    for t in (f"{raw}_num", f"{raw}_rec", rej):
        ws.raw.execute(f"DROP TABLE IF EXISTS {t}")
    return StagedLines(records=records)


# More distinct keys than this across a JSON Lines file is no table of records.
MAX_JSON_KEYS = 500


def stage_json_lines(
    ws: Workspace, path: Path, *, gz: bool, raw: str, rejects: str
) -> tuple[StagedLines, list[str]]:
    """JSON Lines as `stage_lines` reads delimited text: `raw` with one text column per key (in
    the order keys first appear; arrays and objects as JSON text), `rejects` for lines that are
    not JSON (`bad_json`) or not an object (`not_an_object`); and the keys."""
    rej = f"{raw}_lrej"
    _number_lines(ws, path, gz=gz, raw=raw, encoding="utf-8")
    ws.raw.execute(
        f"""CREATE TEMP TABLE {raw}_rec AS
        SELECT _line, line,
          CASE WHEN NOT json_valid(line) THEN 'bad_json'
               WHEN json_type(line) <> 'OBJECT' THEN 'not_an_object' END AS _bad
        FROM {raw}_num WHERE NOT regexp_full_match(line, '\\s*')"""
    )
    keys = [
        str(k)
        for (k,) in ws.raw.execute(
            f"SELECT k FROM (SELECT unnest(json_keys(line)) AS k, _line FROM {raw}_rec"
            f" WHERE _bad IS NULL) GROUP BY k ORDER BY min(_line), k LIMIT {MAX_JSON_KEYS + 1}"
        ).fetchall()
    ]
    if len(keys) > MAX_JSON_KEYS:
        raise InputError(
            f"{path}: the lines hold more than {MAX_JSON_KEYS} different keys: not a table of"
            " records; nothing ingested"
        )
    records = _scalar(ws, f"SELECT count(*) FROM {raw}_rec") + _scalar(
        ws, f"SELECT count(DISTINCT line) FROM {rej}"
    )
    ws.raw.execute(
        f"""CREATE TEMP TABLE {rejects} AS
        {_reader_rejects(raw, 1)}
        UNION ALL
        SELECT _line, '*', left(line, 200), _bad FROM {raw}_rec WHERE _bad IS NOT NULL"""
    )
    cols = ", ".join(
        f"json_extract_string(line, {_sql_str(_json_path(k))}) AS {_q(k)}" for k in keys
    )
    ws.raw.execute(
        f"""CREATE TEMP TABLE {raw} AS
        SELECT _line, row_number() OVER (ORDER BY _line) - 1 AS _rec{", " + cols if cols else ""}
        FROM {raw}_rec WHERE _bad IS NULL"""
    )
    for t in (f"{raw}_num", f"{raw}_rec", rej):
        ws.raw.execute(f"DROP TABLE IF EXISTS {t}")
    return StagedLines(records=records), keys


def _json_path(key: str) -> str:
    return '$."' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def has_encoding_rejects(ws: Workspace, rejects: str) -> bool:
    """Whether `stage_lines` put lines that are not UTF-8 into `rejects`."""
    return bool(_scalar(ws, f"SELECT count(*) FROM {rejects} WHERE reason = 'invalid_encoding'"))


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _scalar(ws: Workspace, sql: str) -> int:
    row = ws.raw.execute(sql).fetchone()
    return int(row[0]) if row is not None and row[0] is not None else 0
