"""Passes over a file's raw bytes: its sha256, and the numbers of its blank lines.

DuckDB's CSV reader skips blank lines but counts them in the line numbers of its rejects; to
report every quarantined row at its true line, the ingest needs to know where blank lines are.
That pass runs only when some row is quarantined.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import zlib
from pathlib import Path

_CHUNK = 1 << 22
_NEWLINE_BEFORE_EMPTY = re.compile(rb"\n(?=\r?\n)")


class BlankLineFinder:
    """Fed a file's bytes in order, collects the 1-based numbers of its empty lines.

    The line after the j-th newline is line j + 1; it is empty when the newline is followed by
    another newline (or by CR LF). Chunks without such a pair cost two C-speed scans.
    """

    def __init__(self) -> None:
        self.lines: list[int] = []
        # A virtual newline before the first byte makes an empty first line line 1.
        self._newlines = 0  # newlines in the bytes fed so far (not counting the virtual one)
        self._tail = b"\n"  # the last two bytes fed, for pairs split across chunks

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk[:2]
        split_pair = b"\n\n" in data or b"\n\r\n" in data
        if split_pair or b"\n\n" in chunk or b"\n\r\n" in chunk:
            self._record(self._tail + chunk)
        self._newlines += chunk.count(b"\n")
        self._tail = (self._tail + chunk)[-2:]

    def _record(self, data: bytes) -> None:
        before = self._newlines - self._tail.count(b"\n")  # newlines ahead of `data`
        last = self.lines[-1] if self.lines else 0
        pos, n = 0, before
        for m in _NEWLINE_BEFORE_EMPTY.finditer(data):
            n += data.count(b"\n", pos, m.start() + 1)
            pos = m.start() + 1
            if n + 1 > last:  # a pair inside the tail was recorded with the previous chunk
                self.lines.append(n + 1)
                last = n + 1


def sha256_file(path: Path) -> str:
    """The file's sha256, as stored bytes (compressed files are hashed compressed)."""
    return scan_file(path).sha256


class FileShape:
    """One pass over a file's stored bytes: its sha256 and its lines (of the decompressed text
    for gzip) — to tell whether the reader found every line's record, whether the file ends with
    a line break (a download cut mid-line does not) and whether a gzip stream is whole."""

    def __init__(
        self,
        sha256: str,
        newlines: int,
        blanks: int,
        ends_with_newline: bool,
        truncated_gzip: bool = False,
    ) -> None:
        self.sha256 = sha256
        self.newlines = newlines
        self.blanks = blanks
        self.ends_with_newline = ends_with_newline
        self.truncated_gzip = truncated_gzip

    @property
    def lines(self) -> int:
        """Physical lines, a last line without its line break included."""
        return self.newlines + (0 if self.ends_with_newline else 1)


class _TextLines:
    """Counts the lines, blank lines and last byte of the (decompressed) text fed to it."""

    def __init__(self) -> None:
        self.finder = BlankLineFinder()
        self.newlines = 0
        self.last = b""

    def feed(self, data: bytes) -> None:
        if data:
            self.newlines += data.count(b"\n")
            self.finder.feed(data)
            self.last = data[-1:]


def scan_file(path: Path) -> FileShape:
    """The file's sha256 (of the stored bytes) and its text's lines; a gzip stream that ends
    before its end-of-stream marker (a cut download) is marked `truncated_gzip`."""
    digest = hashlib.sha256()
    text = _TextLines()
    inflate: zlib._Decompress | None = None
    first = True
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            if first:
                if chunk[:2] == b"\x1f\x8b":
                    inflate = zlib.decompressobj(wbits=31)
                first = False
            digest.update(chunk)
            if inflate is None:
                text.feed(chunk)
                continue
            data = chunk
            while data:  # concatenated gzip members: each starts a new stream
                text.feed(inflate.decompress(data))
                data = inflate.unused_data
                if inflate.eof and data:
                    inflate = zlib.decompressobj(wbits=31)
    truncated = inflate is not None and not inflate.eof
    return FileShape(
        digest.hexdigest(),
        text.newlines,
        len(text.finder.lines),
        text.last == b"\n",
        truncated_gzip=truncated,
    )


def blank_lines(path: Path, *, gzipped: bool) -> list[int]:
    """Line numbers of the file's empty lines (of the decompressed text for gzip files)."""
    finder = BlankLineFinder()
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            finder.feed(chunk)
    return finder.lines
