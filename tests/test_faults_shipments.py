"""Shipments under hostile input (issue 18): numbers and dates in every convention, values that
are no numbers, broken lines, encodings, headers. Each case asserts the exact rows accepted,
quarantined (line, column, value, reason) and stored — or a refusal that changes nothing."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from tests.conftest import rows
from typer.testing import CliRunner

import shadowtrade
from shadowtrade.cli import app
from shadowtrade.errors import InputError
from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.workspace import Workspace

FAULTS = Path(__file__).parent / "data" / "faults" / "shipments"
TABLES = ("imports", "shipments", "quarantine")


def counts(ws: Workspace) -> dict[str, int]:
    return {t: int(rows(ws, f"SELECT count(*) FROM {t}")[0][0]) for t in TABLES}  # type: ignore[call-overload]


def write(tmp: Path, name: str, text: str | bytes) -> Path:
    f = tmp / name
    f.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return f


def mapping(tmp: Path, **keys: str) -> Path:
    f = tmp / "map.yaml"
    f.write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in keys.items()), encoding="utf-8")
    return f


def stored(ws: Workspace, cols: str = "shipment_id, value_usd, net_weight_kg") -> list[object]:
    return rows(ws, f"SELECT {cols} FROM shipments ORDER BY shipment_id")


def quarantined(ws: Workspace) -> list[object]:
    return rows(ws, 'SELECT row_number, "column", value, reason FROM quarantine ORDER BY 1')


def profile(ws: Workspace) -> dict[str, object]:
    got = rows(ws, "SELECT profile FROM imports ORDER BY import_id DESC LIMIT 1")
    return dict(json.loads(str(got[0][0])))


def refused(ws: Workspace, f: Path, match: str, **kw: Path) -> None:
    before = counts(ws)
    with pytest.raises(InputError, match=match):
        ingest_shipments(ws, f, **kw)
    assert counts(ws) == before


# --- numbers -------------------------------------------------------------------------------


def test_european_semicolon_file_reads_decimal_commas(ws: Workspace) -> None:
    r = ingest_shipments(ws, FAULTS / "european.csv")
    assert (r.rows_read, r.accepted, r.quarantined) == (3, 3, 0)
    assert stored(ws) == [("A", 1234.56, 15.2), ("B", 1234.56, 100.0), ("C", 61828.0, 0.5)]
    notes = profile(ws)["notes"]
    assert isinstance(notes, list)
    assert notes[0].startswith("numbers read with ',' as the decimal mark and '.' grouping")
    assert "so '61.828' is read as 61828" in notes[0]
    assert profile(ws)["conventions"]["decimal_mark"] == ","  # type: ignore[index]


def test_comma_file_reads_thousands_commas_and_says_so(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, "us.csv", 'ID,Date,HS Code,Value\nA,2023-01-02,732690,"95,000"\n')
    r = ingest_shipments(ws, f)
    assert r.accepted == 1 and stored(ws, "value_usd") == [(95000.0,)]
    assert r.notes[0] == (
        "1 value such as '95,000' (line 2, column Value) read with ',' grouping thousands (a"
        " ','-separated file, where a decimal comma would need quotes, and no number has a"
        " decimal comma)"
    )
    assert r.notes[1].startswith("'Value': the file states no currency")


def test_both_decimal_marks_refused_unless_the_mapping_says(ws: Workspace, tmp_path: Path) -> None:
    body = "ID;Date;HS Code;Value\nA;2023-01-02;732690;1,234.56\nB;2023-01-02;732690;15,2\n"
    f = write(tmp_path, "mixed.csv", body)
    refused(ws, f, r"decimal point, e\.g\. '1,234\.56' \(line 2, column Value\), and with a"
            r" decimal comma, e\.g\. '15,2' \(line 3")  # fmt: skip
    r = ingest_shipments(ws, f, mapping=mapping(tmp_path, decimal=","))
    # The mapping settles it: 15,2 is 15.2; 1,234.56 is no number with a decimal comma.
    assert (r.accepted, r.quarantined) == (1, 1)
    assert stored(ws, "shipment_id, value_usd") == [("B", 15.2)]
    assert quarantined(ws) == [(2, "value", "1,234.56", "bad_number")]


def test_ambiguous_thousands_in_a_semicolon_file_refused(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, "amb.csv", "ID;Date;HS Code;Net Weight\nA;2023-01-02;732690;1.234\n")
    refused(ws, f, r"'1\.234' \(line 2, column Net Weight\) may be a decimal or a number")
    ingest_shipments(ws, f, mapping=mapping(tmp_path, decimal=","))
    assert stored(ws, "net_weight_kg") == [(1234.0,)]


def test_nan_infinities_and_negatives_quarantined(ws: Workspace) -> None:
    r = ingest_shipments(ws, FAULTS / "not_finite.csv")
    assert (r.rows_read, r.accepted, r.quarantined) == (8, 2, 6)
    assert quarantined(ws) == [
        (3, "value", "NaN", "not_finite"),
        (4, "value", "inf", "not_finite"),
        (5, "net_weight", "-inf", "not_finite"),
        (6, "net_weight", "-3", "negative_weight"),
        (7, "value", "-10", "negative_value"),
        (8, "quantity", "-1", "negative_quantity"),
    ]
    assert stored(ws) == [("A", 100.0, 5.0), ("H", 1e5, 2.0)]
    n = rows(ws, "SELECT count(*) FROM shipments WHERE NOT isfinite(value_usd + net_weight_kg)")
    assert n == [(0,)]


def test_numbers_that_overflow_once_converted_quarantined(ws: Workspace, tmp_path: Path) -> None:
    body = (
        "ID,Date,HS Code,Net Weight,Weight Unit\n"
        "A,2023-01-02,732690,1e307,t\nB,2023-01-02,732690,2,t\n"
    )
    r = ingest_shipments(ws, write(tmp_path, "big.csv", body))
    assert (r.accepted, r.quarantined) == (1, 1)
    assert quarantined(ws) == [(2, "net_weight", "1e307", "not_finite")]
    assert stored(ws, "shipment_id, net_weight_kg") == [("B", 2000.0)]


# --- dates ---------------------------------------------------------------------------------


def test_two_digit_year_refused_unless_the_mapping_says(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, "yy.csv", "ID,Date,HS Code\nA,1/1/23,732690\nB,31/12/99,732690\n")
    refused(ws, f, r"the date '1/1/23' \(line 2, column Date\) has a two-digit year \(2 such")
    r = ingest_shipments(ws, f, mapping=mapping(tmp_path, date_format="%d/%m/%y"))
    assert r.accepted == 2
    assert stored(ws, "shipment_id, date") == [
        ("A", dt.date(2023, 1, 1)),
        ("B", dt.date(1999, 12, 31)),
    ]


@pytest.mark.parametrize(
    ("dates", "want"),
    [
        (["13/04/2023", "03/04/2023"], [dt.date(2023, 4, 13), dt.date(2023, 4, 3)]),
        (["04/13/2023", "03/04/2023"], [dt.date(2023, 4, 13), dt.date(2023, 3, 4)]),
        (["05/05/2023"], [dt.date(2023, 5, 5)]),  # the same date either way
    ],
)
def test_date_order_settled_by_the_file(
    ws: Workspace, tmp_path: Path, dates: list[str], want: list[dt.date]
) -> None:
    body = "".join(f"S{i},{d},732690\n" for i, d in enumerate(dates))
    ingest_shipments(ws, write(tmp_path, "d.csv", "ID,Date,HS Code\n" + body))
    assert [r[0] for r in stored(ws, "date")] == want


def test_ambiguous_or_mixed_date_orders_refused(ws: Workspace, tmp_path: Path) -> None:
    amb = write(tmp_path, "amb.csv", "ID,Date,HS Code\nA,03/04/2023,732690\nB,01/02/2023,732690\n")
    refused(ws, amb, r"'03/04/2023' \(line 2, column Date\) may be day-first or month-first")
    mixed = write(
        tmp_path, "mix.csv", "ID,Date,HS Code\nA,13/04/2023,732690\nB,04/13/2023,732690\n"
    )
    refused(ws, mixed, "dates are written day-first, e.g. '13/04/2023'")
    ingest_shipments(ws, amb, mapping=mapping(tmp_path, date_order="mdy"))
    assert [r[0] for r in stored(ws, "date")] == [dt.date(2023, 3, 4), dt.date(2023, 1, 2)]


# --- lines ---------------------------------------------------------------------------------


def _file(n: int, bad: dict[int, str]) -> str:
    """A header and n records; record i replaced by bad[i]."""
    lines = [bad.get(i, f"S{i},2023-01-02,732690,ok {i},{i + 1}") for i in range(n)]
    return "ID,Date,HS Code,Description,Value\n" + "\n".join(lines) + "\n"


def test_a_quote_that_never_closes_quarantines_its_line_only(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, "q.csv", _file(1000, {9: 'S9,2023-01-02,732690,"never closed,10'}))
    r = ingest_shipments(ws, f)
    assert (r.rows_read, r.accepted, r.quarantined) == (1000, 999, 1)
    assert quarantined(ws) == [(11, "*", 'S9,2023-01-02,732690,"never closed,10', "unclosed_quote")]
    assert rows(ws, "SELECT max(shipment_id), sum(value_usd) FROM shipments") == [
        ("S999", 500500.0 - 10)
    ]


def test_broken_lines_each_quarantined_and_the_rest_read(ws: Workspace, tmp_path: Path) -> None:
    bad = {
        1: 'S1,2023-01-02,732690,a "quoted" word,2',  # a quote inside a field: kept as written
        2: 'S2,2023-01-02,732690,"x"y,3',  # text after a closing quote
        3: "S3,2023-01-02,732690,ok,4,extra",
        4: "S4,2023-01-02",
        5: 'S5,2023-01-02,732690,"a, ""b""",6',  # RFC 4180: a quoted comma and quotes
        6: "S6,2023-01-02,732690," + "x" * (1 << 20) + ",7",  # over 1 MiB
    }
    r = ingest_shipments(ws, write(tmp_path, "b.csv", _file(8, bad)))
    assert (r.rows_read, r.accepted, r.quarantined) == (8, 4, 4)
    assert [(q[0], q[1], q[3]) for q in quarantined(ws)] == [  # type: ignore[index]
        (4, "*", "malformed_quoting"),
        (5, "*", "extra_fields"),
        (6, "*", "missing_fields"),
        (8, "*", "line_too_long"),
    ]
    assert stored(ws, "shipment_id, description") == [
        ("S0", "ok 0"), ("S1", 'a "quoted" word'), ("S5", 'a, "b"'), ("S7", "ok 7")
    ]  # fmt: skip


def test_blank_lines_and_crlf_keep_line_numbers(ws: Workspace, tmp_path: Path) -> None:
    text = "ID,Date,HS Code\r\nA,2023-01-02,732690\r\n\r\n   \r\nB,bad,732690\r\n"
    r = ingest_shipments(ws, write(tmp_path, "crlf.csv", text))
    assert (r.rows_read, r.accepted, r.quarantined) == (2, 1, 1)
    assert quarantined(ws) == [(5, "date", "bad", "bad_date")]


def test_non_utf8_byte_deep_in_the_file_decoded_and_said(ws: Workspace, tmp_path: Path) -> None:
    text = _file(5000, {}).encode() + b"S5000,2023-01-02,732690,Cura\xe7ao,1\n"
    r = ingest_shipments(ws, write(tmp_path, "latin.csv", text))
    assert (r.rows_read, r.accepted, r.quarantined) == (5001, 5001, 0)
    assert r.notes[0] == (
        "latin.csv is not entirely UTF-8: 1 line read as Windows-1252 (e.g. 'Curaçao') — 1"
        " country name(s) read in it (0 in Windows-1251)"
    )
    assert rows(ws, "SELECT description FROM shipments WHERE shipment_id = 'S5000'") == [
        ("Curaçao",)
    ]


def test_a_byte_no_encoding_explains_is_quarantined(ws: Workspace, tmp_path: Path) -> None:
    text = _file(3, {}).encode() + b"S3,2023-01-02,732690,bad \x81 byte,1\n"
    r = ingest_shipments(ws, write(tmp_path, "x81.csv", text))
    assert (r.rows_read, r.accepted, r.quarantined) == (4, 3, 1)
    assert [(q[0], q[3]) for q in quarantined(ws)] == [(5, "invalid_encoding")]  # type: ignore[index]


# --- files bad as a whole ------------------------------------------------------------------


def test_duplicate_header_names_both_columns(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, "dup.csv", "ID,Date,HS Code,Value,value\nA,2023-01-02,732690,1,2\n")
    refused(ws, f, r"row 1, column 5: duplicate column name 'value' \(also column 4\)")


def test_files_bad_as_a_whole_change_nothing(ws: Workspace, tmp_path: Path) -> None:
    refused(ws, write(tmp_path, "one.csv", "just one column\nx\n"), "header has a single column")
    refused(ws, write(tmp_path, "nohs.csv", "ID,Date\nA,2023-01-02\n"), "no column for hs_code")
    whole = gzip.compress(_file(2000, {}).encode())
    refused(ws, write(tmp_path, "cut.csv.gz", whole[: len(whole) // 2]), "gzip file is cut short")


def test_cli_says_one_line_and_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    wsdir = str(tmp_path / "ws")
    f = write(tmp_path, "yy.csv", "ID,Date,HS Code\nA,1/1/23,732690\n")
    res = runner.invoke(app, ["ingest", "--format", "shipments", str(f), "-w", wsdir])
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit)  # no traceback
    assert re.fullmatch(
        r"error: \S*yy\.csv: the date '1/1/23' \(line 2, column Date\).*\n", res.stderr
    )
    ok = runner.invoke(
        app, ["ingest", "--format", "shipments", str(FAULTS / "european.csv"), "-w", wsdir]
    )
    assert ok.exit_code == 0
    assert "  note: numbers read with ',' as the decimal mark" in ok.stdout
    detail = runner.invoke(app, ["imports", "--detail", "1", "-w", wsdir])
    assert "note: 3 dates written with dots read day-first" in detail.stdout
    assert "reporters" not in detail.stdout  # a shipments import has no trade profile


# --- property: every record accounted for ------------------------------------------------

HEADER = "ID,Date,HS Code,Description,Value,Net Weight\n"


@st.composite
def corrupted_files(draw: st.DrawFn) -> bytes:
    """Valid records, then random corruptions: quotes, delimiters, bytes, blank lines, cuts."""
    n = draw(st.integers(1, 25))
    lines = [
        f"S{i},2023-0{1 + i % 9}-1{i % 10},7326{i % 90:02d},goods {i},{i * 10 + 1},{i + 0.5}"
        for i in range(n)
    ]
    data = bytearray((HEADER + "\n".join(lines) + "\n").encode())
    start = len(HEADER)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(start, max(start, len(data) - 1)))
        kind = draw(
            st.sampled_from(["quote", "delim", "byte", "blank", "cut", "semicolon", "date"])
        )
        if kind == "cut":
            del data[draw(st.integers(at, len(data))) :]
        elif kind == "date":  # a date in another convention: two-digit year, or ambiguous
            other = draw(st.sampled_from([b"1/2/23", b"03/04/2023", b"13/04/2023", b"04/13/2023"]))
            data[:] = re.sub(rb"2023-0\d-1\d", other, bytes(data), count=1)
        else:
            insert = {
                "quote": b'"',
                "delim": b",",
                "byte": bytes([draw(st.integers(0, 255))]),
                "blank": b"\n\n",
                "semicolon": b";",
            }[kind]
            data[at:at] = insert
    return bytes(data)


def _records(data: bytes) -> int:
    """The file's data records: non-blank lines after the header (LF, CR LF or CR breaks)."""
    return sum(1 for line in data.splitlines()[1:] if line.strip())


@pytest.fixture(scope="module")
def one_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """One workspace for every example (opening one costs a second): each ingest is checked
    by the change it makes to the table counts."""
    w = shadowtrade.open(tmp_path_factory.mktemp("prop") / "ws")
    yield w
    w.close()


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=corrupted_files())
def test_every_record_accepted_or_quarantined_or_the_file_refused(
    one_ws: Workspace, tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    f = tmp_path_factory.mktemp("p") / "s.csv"
    f.write_bytes(data)
    before = counts(one_ws)
    try:
        r = ingest_shipments(one_ws, f)
    except InputError as exc:
        event(f"refused: {str(exc).split(': ', 2)[1][:30]}")
        assert "\n" not in str(exc) and str(f) in str(exc)
        assert counts(one_ws) == before
        return
    if r.duplicate_of is not None:  # hypothesis drew the same bytes again
        assert counts(one_ws) == before
        return
    event("some quarantined" if r.quarantined else "all accepted")
    assert r.accepted + r.quarantined == r.rows_read == _records(data)
    assert counts(one_ws) == {
        "imports": before["imports"] + 1,
        "shipments": before["shipments"] + r.accepted,
        "quarantine": before["quarantine"] + r.quarantined,
    }
    bad = rows(one_ws, "SELECT count(*) FROM shipments WHERE NOT isfinite(value_usd)")
    assert bad == [(0,)]


def test_json_lines_bad_lines_quarantined_one_by_one(ws: Workspace, tmp_path: Path) -> None:
    good = {"shipment_id": "J1", "date": "2023-05-02", "hs_code": "930690", "value_usd": 10}
    lines = [
        json.dumps(good),
        "{not json",
        "[1, 2]",
        "",
        json.dumps({**good, "shipment_id": "J2", "net_weight_kg": "NaN", "extra": {"a": 1}}),
        json.dumps({**good, "shipment_id": "J3", "transit_countries": ["Poland", "Slovakia"]}),
    ]
    f = write(tmp_path, "s.jsonl", "\n".join(lines) + "\n")
    r = ingest_shipments(ws, f)
    assert (r.rows_read, r.accepted, r.quarantined) == (5, 2, 3)
    assert quarantined(ws) == [
        (2, "*", "{not json", "bad_json"),
        (3, "*", "[1, 2]", "not_an_object"),
        (5, "net_weight", "NaN", "not_finite"),
    ]
    assert stored(ws, "shipment_id, transit_countries") == [("J1", []), ("J3", ["POL", "SVK"])]


def test_header_over_64_kib_refused_not_cut(ws: Workspace, tmp_path: Path) -> None:
    header = ",".join(["ID", "Date", "HS Code", *(f"col{i}" for i in range(12_000))])
    f = write(tmp_path, "wide.csv", header + "\nA,2023-01-01,732690" + "," * 12_000 + "\n")
    refused(ws, f, r"row 1: the header is longer than 64 KiB")


def test_many_extra_fields_quarantined_line_by_line(ws: Workspace, tmp_path: Path) -> None:
    body = "".join(f"S{i},2023-01-01,732690" + ",x" * 10_000 + "\n" for i in range(150))
    r = ingest_shipments(ws, write(tmp_path, "extra.csv", "ID,Date,HS Code\n" + body))
    assert (r.rows_read, r.accepted, r.quarantined) == (150, 0, 150)
    assert r.by_reason == {"extra_fields": 150}
    assert rows(ws, "SELECT max(length(value)) FROM quarantine") == [(200,)]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cents=st.lists(st.integers(0, 10**9), min_size=1, max_size=15),
    continental=st.booleans(),
    grouped=st.booleans(),
)
def test_numbers_read_back_in_either_convention(
    one_ws: Workspace,
    tmp_path_factory: pytest.TempPathFactory,
    cents: list[int],
    continental: bool,
    grouped: bool,
) -> None:
    """Values written with two decimals, in the continental or the English convention, with or
    without thousands marks, in a ';' file, read back exactly."""
    texts = [f"{c / 100:,.2f}" if grouped else f"{c / 100:.2f}" for c in cents]
    if continental:
        texts = [t.replace(",", " ").replace(".", ",").replace(" ", ".") for t in texts]
    body = "".join(f"N{i};2023-01-02;732690;{t}\n" for i, t in enumerate(texts))
    f = tmp_path_factory.mktemp("n") / "n.csv"
    f.write_text("ID;Date;HS Code;Value\n" + body, encoding="utf-8")
    r = ingest_shipments(one_ws, f)
    if r.duplicate_of is not None:
        return
    got = rows(one_ws, f"SELECT value_usd FROM shipments WHERE import_file = {r.import_id}")
    assert sorted(v for (v,) in got) == pytest.approx(sorted(c / 100 for c in cents))
