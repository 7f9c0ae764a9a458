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

import numpy as np

_CHUNK = 1 << 22
_BLANK_RUN = re.compile(rb"\n(?:\r?\n)+")


class BlankLineFinder:
    """Fed a file's bytes in order, collects its empty lines as runs (first line, count).

    The line after the j-th newline is line j + 1; it is empty when the newline is followed by
    another newline (or by CR LF). Runs keep memory flat: a 100 KB gzip of 100 million blank
    lines is one run, not 100 million numbers.
    """

    def __init__(self) -> None:
        self.runs: list[tuple[int, int]] = []
        # A virtual newline (number 0) before the first byte makes an empty first line line 1.
        self._newlines = 0  # real newlines in the bytes fed so far
        self._tail = b"\n"  # the last two bytes fed, for runs split across chunks

    @property
    def count(self) -> int:
        return sum(n for _, n in self.runs)

    @property
    def lines(self) -> list[int]:
        """Every empty line's number (for small inputs and tests)."""
        return [first + i for first, n in self.runs for i in range(n)]

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        if b"\n\n" in data or b"\n\r\n" in data:
            before = self._newlines - self._tail.count(b"\n")  # the number of the newline
            pos, at = 0, before  # before `data` starts is `before`; `at`: the one at `pos` - 1
            for m in _BLANK_RUN.finditer(data):
                at += data.count(b"\n", pos, m.start() + 1)
                pos = m.start() + 1
                self._add(at + 1, m.group().count(b"\n") - 1)
        self._newlines += chunk.count(b"\n")
        self._tail = data[-2:]

    def _add(self, first: int, n: int) -> None:
        """Record a run, merged with the last one where they touch (a run split across chunks
        is seen twice: once cut, once whole)."""
        if self.runs:
            last_first, last_n = self.runs[-1]
            if first <= last_first + last_n:
                end = max(last_first + last_n, first + n)
                self.runs[-1] = (last_first, end - last_first)
                return
        self.runs.append((first, n))


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
        longest_line: int = 0,
        text_bytes: int = 0,
        carriage_returns: int = 0,
        crlf: int = 0,
    ) -> None:
        self.text_bytes = text_bytes  # of the decompressed text
        # CR bytes anywhere in the text, and CR LF pairs: which CRs end lines (line_endings.py)
        self.carriage_returns = carriage_returns
        self.crlf = crlf
        self.sha256 = sha256
        self.longest_line = longest_line  # bytes of the longest line, its line break excluded
        self.newlines = newlines
        self.blanks = blanks
        self.ends_with_newline = ends_with_newline
        self.truncated_gzip = truncated_gzip

    @property
    def lines(self) -> int:
        """Physical lines, a last line without its line break included."""
        return self.newlines + (0 if self.ends_with_newline else 1)


class _TextLines:
    """Counts the lines, blank lines, CRs and CR LF pairs, the longest line and the last byte of
    the (decompressed) text fed to it."""

    def __init__(self) -> None:
        self.finder = BlankLineFinder()
        self.newlines = 0
        self.cr = 0
        self.crlf = 0
        self.last = b""
        self.longest = 0
        self.bytes = 0
        self._open = 0  # bytes of the current line fed so far (it started in an earlier chunk)

    def feed(self, data: bytes) -> None:
        if data:
            self.newlines += data.count(b"\n")
            self.cr += data.count(b"\r")
            self.crlf += data.count(b"\r\n") + (self.last == b"\r" and data[:1] == b"\n")
            self.finder.feed(data)
            self.last = data[-1:]
            self.bytes += len(data)
            self._measure(data)

    def _measure(self, data: bytes) -> None:
        """The longest line so far, from the newlines' positions (vectorised: no loop over
        lines); a line split across chunks is measured whole."""
        at = np.flatnonzero(np.frombuffer(data, np.uint8) == 10)
        if not len(at):
            self._open += len(data)
            self.longest = max(self.longest, self._open)
            return
        first = self._open + int(at[0])
        inner = int(np.diff(at).max()) - 1 if len(at) > 1 else 0
        self.longest = max(self.longest, first, inner)
        self._open = len(data) - int(at[-1]) - 1
        self.longest = max(self.longest, self._open)


def _inflate_into(inflate: zlib._Decompress, data: bytes, text: _TextLines) -> zlib._Decompress:
    """Feed the text inflated from `data` at most _CHUNK bytes at a time (a gzip bomb never
    sits in memory whole); concatenated gzip members each start a new stream."""
    while True:
        out = inflate.decompress(data, _CHUNK)
        text.feed(out)
        data = inflate.unconsumed_tail
        if inflate.eof:
            data = inflate.unused_data
            if not data:
                return inflate
            inflate = zlib.decompressobj(wbits=31)
        elif not data and not out:
            return inflate


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
            inflate = _inflate_into(inflate, chunk, text)
    truncated = inflate is not None and not inflate.eof
    return FileShape(
        digest.hexdigest(),
        text.newlines,
        text.finder.count,
        text.last == b"\n",
        truncated_gzip=truncated,
        longest_line=text.longest,
        text_bytes=text.bytes,
        carriage_returns=text.cr,
        crlf=text.crlf,
    )


def blank_runs(path: Path, *, gzipped: bool) -> list[tuple[int, int]]:
    """The file's empty lines as runs (first line, count), of the decompressed text for gzip."""
    finder = BlankLineFinder()
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            finder.feed(chunk)
    return finder.runs


def blank_lines(path: Path, *, gzipped: bool) -> list[int]:
    """Line numbers of the file's empty lines (small files; see `blank_runs`)."""
    return [f + i for f, n in blank_runs(path, gzipped=gzipped) for i in range(n)]
