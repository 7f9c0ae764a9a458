"""Blank-line positions, whatever the chunking (property test against a plain split)."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from shadowtrade.formats.filescan import BlankLineFinder, blank_lines, sha256_file


def expected(data: bytes) -> list[int]:
    lines = data.split(b"\n")[:-1]  # the part after the last newline is not a complete line
    return [i + 1 for i, line in enumerate(lines) if line in (b"", b"\r")]


@given(
    st.lists(st.sampled_from([b"", b"\r", b"a,b", b"1,2\r", b"x"]), max_size=30),
    st.booleans(),
    st.integers(min_value=1, max_value=9),
)
def test_blank_lines_any_chunking(lines: list[bytes], trailing: bool, size: int) -> None:
    data = b"\n".join(lines) + (b"\n" if trailing else b"")
    finder = BlankLineFinder()
    for i in range(0, len(data), size):
        finder.feed(data[i : i + size])
    assert finder.lines == expected(data)


def test_scan_plain_and_gzip(tmp_path: Path) -> None:
    data = b"h\n1\n\n2\r\n\r\n3\n"
    plain, gz = tmp_path / "f.csv", tmp_path / "f.csv.gz"
    plain.write_bytes(data)
    gz.write_bytes(gzip.compress(data))
    assert blank_lines(plain, gzipped=False) == blank_lines(gz, gzipped=True) == [3, 5]
    assert sha256_file(plain) == hashlib.sha256(data).hexdigest()
    assert sha256_file(gz) == hashlib.sha256(gz.read_bytes()).hexdigest()
