"""CR LF, CR-alone and mixed line breaks: bad lines are quarantined one by one, at their line."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.conftest import DATA, rows

import shadowtrade
from shadowtrade.formats.line_endings import LfWriter, lf_copy_needed, to_lf
from shadowtrade.workspace import Workspace


def _lines_with_two_bad() -> list[bytes]:
    """The Comtrade+ sample with line 8 cut short and line 9 given an extra field."""
    lines = (DATA / "comtrade_plus_sample.csv").read_bytes().splitlines()
    lines[7] = b",".join(lines[7].split(b",")[:-10])
    lines[8] = lines[8] + b",extra"
    return lines


def _write(path: Path, lines: list[bytes], ends: list[bytes]) -> Path:
    path.write_bytes(b"".join(line + ends[i % len(ends)] for i, line in enumerate(lines)))
    return path


@pytest.mark.parametrize(
    "ends",
    [[b"\r\n"], [b"\r"], [b"\r\n", b"\n"]],
    ids=["crlf", "cr", "crlf+lf"],
)
def test_bad_lines_quarantined_whatever_the_line_breaks(
    ws: Workspace, tmp_path: Path, ends: list[bytes]
) -> None:
    lines = _lines_with_two_bad()
    r = ws.ingest(_write(tmp_path / "bad.csv", lines, ends))
    got = rows(ws, 'SELECT row_number, "column", reason FROM quarantine ORDER BY row_number')
    assert got == [(8, "netWgt", "missing_fields"), (9, None, "extra_fields")]
    # The same counts as the file with LF line breaks.
    lf = shadowtrade.open(tmp_path / "ws_lf")
    try:
        r_lf = lf.ingest(_write(tmp_path / "bad_lf.csv", lines, [b"\n"]))
    finally:
        lf.close()
    assert (
        (r.rows_read, r.accepted, r.aggregates, r.quarantined)
        == (
            r_lf.rows_read,
            r_lf.accepted,
            r_lf.aggregates,
            r_lf.quarantined,
        )
        == (9, 2, 5, 2)
    )
    assert any("line breaks are" in n and "read from a copy" in n for n in r.notes)


def test_to_lf_counts_each_kind(tmp_path: Path) -> None:
    src = tmp_path / "x.csv"
    src.write_bytes(b"a,b\r\n1,2\r3,4\n5,6\r")
    out = tmp_path / "y.csv"
    ends = to_lf(src, out, gzipped=False, chunk=3)
    assert out.read_bytes() == b"a,b\n1,2\n3,4\n5,6\n"
    assert (ends.crlf, ends.cr, ends.lf) == (1, 2, 1)


_line = st.binary(max_size=12).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b""))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_line, st.sampled_from([b"\r\n", b"\r", b"\n"])), max_size=20),
    st.integers(min_value=1, max_value=7),
)
def test_lf_writer_keeps_every_line_whatever_the_chunks(
    pieces: list[tuple[bytes, bytes]], size: int
) -> None:
    # A CR line break before an empty LF line is one CR LF: that input reads as one line break.
    assume(not any(a[1] == b"\r" and b == (b"", b"\n") for a, b in pairwise(pieces)))
    data = b"".join(line + end for line, end in pieces)
    w = LfWriter()
    out = b"".join(w.feed(data[i : i + size]) for i in range(0, len(data), size)) + w.close()
    assert out == b"".join(line + b"\n" for line, _ in pieces)
    assert w.counts.crlf == sum(end == b"\r\n" for _, end in pieces)
    assert w.counts.cr == sum(end == b"\r" for _, end in pieces)
    assert w.counts.lf == sum(end == b"\n" for _, end in pieces)


def test_lone_cr_in_a_field_of_an_lf_file_stays_in_its_row(ws: Workspace, tmp_path: Path) -> None:
    """A CR inside a quoted field of an LF file is a byte of the field, not a line break: the
    row is read whole and the bad line 8 keeps its number (every CR as LF had quarantined the
    row as two bad lines and put line 8 at 9)."""
    lines = _lines_with_two_bad()[:8]  # header + 7 rows, line 8 short
    f = lines[2].split(b",")
    f[21] = b'"rifle\rparts"'
    lines[2] = b",".join(f)
    r = ws.ingest(_write(tmp_path / "cr_field.csv", lines, [b"\n"]))
    got = rows(ws, 'SELECT row_number, "column", reason FROM quarantine ORDER BY row_number')
    assert got == [(8, "netWgt", "missing_fields")]
    assert (r.rows_read, r.quarantined) == (7, 1)
    assert not any("line breaks are" in n for n in r.notes)  # read as it is: no copy


def test_first_cr_after_64_kib_is_still_seen(ws: Workspace, tmp_path: Path) -> None:
    """CR LF line breaks that start after the sniffer's 64 KiB head: the whole file's bytes
    decide, the bad line is quarantined at its number (was: the whole file refused)."""
    lines = _lines_with_two_bad()
    f = lines[1].split(b",")
    f[21] = b'"' + b"x" * 70_000 + b'"'
    lines[1] = b",".join(f)
    data = b"".join(line + (b"\n" if i < 3 else b"\r\n") for i, line in enumerate(lines))
    (tmp_path / "late.csv").write_bytes(data)
    r = ws.ingest(tmp_path / "late.csv")
    got = rows(ws, 'SELECT row_number, "column", reason FROM quarantine ORDER BY row_number')
    assert got == [(8, "netWgt", "missing_fields"), (9, None, "extra_fields")]
    assert any("7 CR LF (Windows), 3 LF" in n for n in r.notes), r.notes


@pytest.mark.parametrize(
    ("cr", "crlf", "lf", "want"),
    [
        (0, 0, 5, None),  # LF file
        (3, 0, 0, True),  # CR alone ends the lines: every CR is a break
        (3, 3, 3, False),  # CR LF file: the pairs become LF
        (4, 3, 5, False),  # CR LF and LF, one CR inside a line: kept
        (1, 0, 5, None),  # LF file with one CR in a field: read as it is
    ],
)
def test_which_crs_are_line_breaks(cr: int, crlf: int, lf: int, want: bool | None) -> None:
    assert lf_copy_needed(cr=cr, crlf=crlf, lf=lf) is want


def test_lf_writer_keeps_a_lone_cr_when_the_file_has_lf() -> None:
    w = LfWriter(lone_cr_breaks=False)
    out = b"".join(w.feed(c) for c in (b"a,b\r", b"\n1,x\ry\r", b"\n2,z\n")) + w.close()
    assert out == b"a,b\n1,x\ry\n2,z\n"
    assert (w.counts.crlf, w.counts.cr, w.counts.lf) == (2, 1, 1)
    assert "1 CR alone inside lines kept" in w.counts.note("f.csv")
