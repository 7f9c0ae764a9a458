"""Files whose lines end in CR LF (Windows, Excel) or CR alone (old Mac): an LF copy.

DuckDB's strict CSV reader handles a clean CR LF file, but one line with too few or too many
fields in it stops the whole read ("CSV Parser state machine reached an invalid state"), and
a CR alone is not a line break to it at all. Such files are read from a copy in which every
CR LF and every lone CR is one LF: the copy has the same lines in the same order, so the
quarantine's line numbers still point into the original file, line by line.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1 << 22


@dataclass
class LineEndings:
    """How many line breaks of each kind a file had (counted while copying)."""

    crlf: int = 0
    cr: int = 0
    lf: int = 0

    def note(self, name: str) -> str:
        """What was done, said to the user and stored in the import's profile."""
        kinds = [
            f"{n:,} {what}"
            for n, what in ((self.crlf, "CR LF (Windows)"), (self.cr, "CR alone"), (self.lf, "LF"))
            if n
        ]
        return (
            f"{name}: line breaks are {', '.join(kinds)}: read from a copy with every line"
            " break as LF (line numbers unchanged)"
        )


def has_carriage_return(head: bytes) -> bool:
    """Whether the file's first bytes hold a CR (the file then needs `to_lf`)."""
    return b"\r" in head


class LfWriter:
    """Fed a text's bytes in order, yields them with CR LF and lone CR turned into LF.

    A CR at the end of one chunk may be the first half of a CR LF split across chunks: it is
    held back until the next byte is seen.
    """

    def __init__(self) -> None:
        self.counts = LineEndings()
        self._held_cr = False

    def feed(self, chunk: bytes) -> bytes:
        if self._held_cr:
            chunk = b"\r" + chunk
            self._held_cr = False
        if chunk.endswith(b"\r"):
            chunk = chunk[:-1]
            self._held_cr = True
        crlf = chunk.count(b"\r\n")
        total_cr = chunk.count(b"\r")
        self.counts.crlf += crlf
        self.counts.cr += total_cr - crlf
        self.counts.lf += chunk.count(b"\n") - crlf
        return chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")

    def close(self) -> bytes:
        if self._held_cr:
            self._held_cr = False
            self.counts.cr += 1
            return b"\n"
        return b""


def to_lf(path: Path, out: Path, *, gzipped: bool, chunk: int = _CHUNK) -> LineEndings:
    """Write `out` (uncompressed): `path`'s text with every line break as LF."""
    writer = LfWriter()
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as src, out.open("wb") as dst:
        for data in iter(lambda: src.read(chunk), b""):
            dst.write(writer.feed(data))
        dst.write(writer.close())
    return writer.counts
