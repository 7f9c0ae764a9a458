"""Files whose lines end in CR LF (Windows, Excel) or CR alone (old Mac): an LF copy.

DuckDB's strict CSV reader handles a clean CR LF file, but one line with too few or too many
fields in it stops the whole read ("CSV Parser state machine reached an invalid state"), and
a CR alone is not a line break to it at all. Such files are read from a copy with the same
lines in the same order, so the quarantine's line numbers still point into the original file.

Which CRs are line breaks is decided from the whole file (`filescan.scan_file` counts them):
a file with no LF at all ends its lines in CR alone, and every CR becomes LF; in a file with
LFs only CR LF pairs become LF, and a CR alone is a byte of its line (a field holding it), left
as it is: reading it as a line break would split a good row in two and shift every later line.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1 << 22


@dataclass
class LineEndings:
    """How many line breaks of each kind a file had (counted while copying); `cr` counts the
    lone CRs, turned into LF or kept inside their lines as `lone_cr_breaks` says."""

    crlf: int = 0
    cr: int = 0
    lf: int = 0
    lone_cr_breaks: bool = True

    def note(self, name: str) -> str:
        """What was done, said to the user and stored in the import's profile."""
        lone = "CR alone" if self.lone_cr_breaks else None
        kinds = [
            f"{n:,} {what}"
            for n, what in ((self.crlf, "CR LF (Windows)"), (self.cr, lone), (self.lf, "LF"))
            if n and what
        ]
        kept = (
            f"; {self.cr:,} CR alone inside lines kept as they are (the file's lines end in LF)"
            if self.cr and not self.lone_cr_breaks
            else ""
        )
        return (
            f"{name}: line breaks are {', '.join(kinds)}: read from a copy with every line"
            f" break as LF (line numbers unchanged){kept}"
        )


def lf_copy_needed(*, cr: int, crlf: int, lf: int) -> bool | None:
    """From the whole file's counts of CR bytes, CR LF pairs and LF bytes: None when it is read
    as it is (no CR, or CRs alone inside the lines of an LF file), else whether a lone CR is a
    line break in its copy (True: the file has no LF at all)."""
    if cr == 0:
        return None
    if lf == 0:
        return True
    return False if crlf else None


class LfWriter:
    """Fed a text's bytes in order, yields them with CR LF turned into LF, and a lone CR too
    when `lone_cr_breaks` (a file without LF).

    A CR at the end of one chunk may be the first half of a CR LF split across chunks: it is
    held back until the next byte is seen.
    """

    def __init__(self, *, lone_cr_breaks: bool = True) -> None:
        self.counts = LineEndings(lone_cr_breaks=lone_cr_breaks)
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
        chunk = chunk.replace(b"\r\n", b"\n")
        return chunk.replace(b"\r", b"\n") if self.counts.lone_cr_breaks else chunk

    def close(self) -> bytes:
        if self._held_cr:
            self._held_cr = False
            self.counts.cr += 1
            return b"\n" if self.counts.lone_cr_breaks else b"\r"
        return b""


def to_lf(
    path: Path, out: Path, *, gzipped: bool, lone_cr_breaks: bool = True, chunk: int = _CHUNK
) -> LineEndings:
    """Write `out` (uncompressed): `path`'s text with CR LF (and, when `lone_cr_breaks`, a CR
    alone) as LF."""
    writer = LfWriter(lone_cr_breaks=lone_cr_breaks)
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as src, out.open("wb") as dst:
        for data in iter(lambda: src.read(chunk), b""):
            dst.write(writer.feed(data))
        dst.write(writer.close())
    return writer.counts
