"""Lines that would hide other lines from the CSV reader, set aside so that reading resumes.

A trade-statistics record sits on one line. A quote that opens and never closes on its line
makes the reader swallow every following line into one field (one stray quote dropped the rest of
a 184 k-row file); two stray quotes fold the lines between them into one record; a line longer
than the reader's buffer vanishes without a reject. The ingest notices such a file because the
reader's records fall short of the file's lines (filescan.py counts them from the bytes). Then
this pass writes a copy in which each such line is replaced by an empty line, so every other
line keeps its number and its record, and the set-aside lines are quarantined by number.

The pass is plain Python over the file's lines; it runs only for a file whose records and
lines disagree, which no well-formed file does.
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Longer lines are set aside: DuckDB's reader loses lines over its 32 MB buffer without a
# reject, and no trade-statistics record comes near this length.
MAX_LINE_BYTES = 8 << 20
SNIPPET_CHARS = 200


@dataclass(frozen=True)
class SetAside:
    line: int  # 1-based line number in the file
    reason: str  # unbalanced_quote | line_too_long | extra_fields
    snippet: str  # the line's first characters, for the quarantine's `value`


def _lines(fh: io.BufferedIOBase) -> Iterator[bytes]:
    """The file's lines with their line breaks, an over-long one in pieces of at most
    MAX_LINE_BYTES + 1 bytes (so that a 1 GB line never sits in memory whole)."""
    while True:
        piece = fh.readline(MAX_LINE_BYTES + 1)
        if not piece:
            return
        yield piece


_QUOTED = re.compile(rb'"(?:[^"]|"")*"')


def field_count(line: bytes, delimiter: bytes) -> int:
    """Fields on one line whose quotes balance: delimiters outside quoted fields, plus one."""
    if b'"' in line:
        line = _QUOTED.sub(b"", line)
    return line.count(delimiter) + 1


def write_without_hiding_lines(
    src: Path, out: Path, *, gzipped: bool, delimiter: str = ",", fields: int | None = None
) -> list[SetAside]:
    """Copy `src` (decompressed) to `out` with every line whose quotes do not balance, that is
    longer than MAX_LINE_BYTES, or (`fields` given) that has more fields than the header,
    replaced by an empty line; those lines, in order.

    DuckDB's strict reader stores one reject per extra field, each with the whole line: 150
    lines of 10,000 extra fields took 17 GB and six minutes, so such lines never reach it.
    The header (line 1) is kept as it is: a header is checked when the file is opened.
    """
    delim = delimiter.encode()
    found: list[SetAside] = []
    opener = gzip.open if gzipped else open
    with opener(src, "rb") as fh, out.open("wb") as dst:
        number = 0
        long_line: int | None = None  # the number of the over-long line being skipped
        for piece in _lines(fh):
            ends = piece.endswith(b"\n")
            if long_line is not None:  # the rest of an over-long line
                if ends:
                    long_line = None
                    dst.write(b"\n")
                continue
            number += 1
            if number > 1 and not ends and len(piece) > MAX_LINE_BYTES:
                found.append(SetAside(number, "line_too_long", _snippet(piece)))
                long_line = number
                continue
            if number > 1 and piece.count(b'"') % 2:
                found.append(SetAside(number, "unbalanced_quote", _snippet(piece)))
                dst.write(b"\n" if ends else b"")
                continue
            if (
                number > 1
                and fields is not None
                and piece.count(delim) >= fields
                and field_count(piece.rstrip(b"\r\n"), delim) > fields
            ):
                found.append(SetAside(number, "extra_fields", _snippet(piece)))
                dst.write(b"\n" if ends else b"")
                continue
            dst.write(piece)
    return found


def _snippet(piece: bytes) -> str:
    return piece[: SNIPPET_CHARS * 4].decode("utf-8", "replace").strip()[:SNIPPET_CHARS]


def describe(found: list[SetAside]) -> str:
    """One sentence for the import's profile."""
    quotes = [s.line for s in found if s.reason == "unbalanced_quote"]
    longs = [s.line for s in found if s.reason == "line_too_long"]
    wide = [s.line for s in found if s.reason == "extra_fields"]
    parts = []
    if quotes:
        parts.append(
            f"{len(quotes):,} line(s) open a quote that does not close on the line"
            f" (line {_some(quotes)}): quarantined as unbalanced_quote"
        )
    if longs:
        parts.append(
            f"{len(longs):,} line(s) longer than {MAX_LINE_BYTES >> 20} MB (line {_some(longs)}):"
            " quarantined as line_too_long"
        )
    if wide:
        parts.append(
            f"{len(wide):,} line(s) with more fields than the header (line {_some(wide)}):"
            " quarantined as extra_fields before the CSV reader, which stores one error per"
            " extra field"
        )
    hiding = " — the CSV reader would have folded the lines after them into one record or lost"
    return (
        "; ".join(parts)
        + (hiding + " them" if quotes or longs else "")
        + "; every other line was read as its own record"
    )


def _some(lines: list[int]) -> str:
    shown = ", ".join(f"{n:,}" for n in lines[:5])
    return shown + (f" and {len(lines) - 5:,} more" if len(lines) > 5 else "")
