"""Malformed files: each gives its documented exit-2 error or quarantine reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import rows
from typer.testing import CliRunner

import shadowtrade
from shadowtrade.cli import app
from shadowtrade.errors import InputError, UnknownFormatError
from shadowtrade.workspace import Workspace

HEADER = "period,flowCode,reporterISO,partnerISO,cmdCode,primaryValue,netWgt"
GOOD = "202301,X,SRB,CZE,930690,1000,10"
# The same flow in other months: a file that repeats one flow key is another test's subject.
GOOD2 = GOOD.replace("202301", "202302")
GOOD3 = GOOD.replace("202301", "202303")


def write(tmp_path: Path, text: str | bytes, name: str = "f.csv") -> Path:
    p = tmp_path / name
    if isinstance(text, str):
        p.write_text(text, encoding="utf-8")
    else:
        p.write_bytes(text)
    return p


def quarantine(ws: Workspace) -> list[tuple[object, ...]]:
    return rows(ws, 'SELECT row_number, "column", value, reason FROM quarantine ORDER BY 1')


def test_wrong_delimiter_in_rows(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, f"{HEADER}\n{GOOD}\n202301;X;SRB;CZE;930690;1000;10\n")
    r = ws.ingest(f)
    assert (r.accepted, r.quarantined) == (1, 1)
    assert quarantine(ws)[0][0] == 3 and quarantine(ws)[0][3] == "missing_fields"


def test_semicolon_file_is_read(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, HEADER.replace(",", ";") + "\n" + GOOD.replace(",", ";") + "\n")
    assert ws.ingest(f).accepted == 1


def test_single_column_header_is_an_error(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, "period flowCode reporterISO\n202301 X SRB\n")
    with pytest.raises(InputError, match="row 1: header has a single column"):
        ws.ingest(f)


def test_truncated_last_line(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, f"{HEADER}\n{GOOD}\n{GOOD2}\n202301,X,SRB,CZ")
    r = ws.ingest(f)
    assert (r.accepted, r.quarantined) == (2, 1)
    assert quarantine(ws) == [(4, "cmdCode", "202301,X,SRB,CZ", "missing_fields")]


def test_bad_number(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, f"{HEADER}\n{GOOD}\n202301,X,SRB,CZE,930690,12x4,10\n")
    ws.ingest(f)
    assert quarantine(ws) == [(3, "primaryValue", "12x4", "bad_number")]


def test_unknown_country(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, f"{HEADER}\n202301,X,SRB,QQQ,930690,1000,10\n{GOOD}\n")
    ws.ingest(f)
    assert quarantine(ws) == [(2, "partnerISO", "QQQ", "unknown_country")]


def test_row_numbers_survive_reader_rejects(ws: Workspace, tmp_path: Path) -> None:
    body = [GOOD, "1,2", GOOD2, "1,2,3", "202301,X,SRB,CZE,930690,-5,10", GOOD3]
    f = write(tmp_path, HEADER + "\n" + "\n".join(body) + "\n")
    r = ws.ingest(f)
    assert r.rows_read == 6 and r.accepted == 3
    assert [(q[0], q[3]) for q in quarantine(ws)] == [
        (3, "missing_fields"),
        (5, "missing_fields"),
        (6, "negative_value"),
    ]


def test_duplicate_column_in_header(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, HEADER + ",cmdCode\n" + GOOD + ",930690\n")
    with pytest.raises(InputError, match="row 1, column 8: duplicate column name 'cmdCode'"):
        ws.ingest(f)


def test_repeated_header_row(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, f"{HEADER}\n{GOOD}\n{HEADER}\n{GOOD2.replace('1000', '2000')}\n")
    r = ws.ingest(f)
    assert (r.accepted, r.quarantined) == (2, 1)
    assert quarantine(ws) == [(3, "cmdCode", "cmdCode", "repeated_header")]


def test_empty_file(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file is empty"):
        ws.ingest(write(tmp_path, ""))


def test_non_utf8_row_is_read_in_the_encoding_that_explains_it(
    ws: Workspace, tmp_path: Path
) -> None:
    header = "period,flowCode,reporterISO,partnerDesc,cmdCode,primaryValue"
    body = b"202301,X,SRB,Czechia,930690,1000\n" + "202301,X,SRB,Côte d'Ivoire,930690,7\n".encode(
        "cp1252"
    )
    f = write(tmp_path, (header + "\n").encode() + body)
    r = ws.ingest(f)
    assert (r.accepted, r.quarantined) == (2, 0)
    assert rows(ws, "SELECT partner, value_usd FROM trade_flows ORDER BY 2") == [
        ("CIV", 7.0),
        ("CZE", 1000.0),
    ]
    assert any("1 line read as Windows-1252" in w and "Côte" in w for w in r.notes)
    stored = rows(ws, "SELECT profile FROM imports")[0][0]
    assert "read as Windows-1252" in str(stored)


def test_bytes_no_encoding_explains_are_quarantined(ws: Workspace, tmp_path: Path) -> None:
    # 0x81 is undefined in Windows-1252, the encoding that explains the other line's 0xe9.
    f = write(
        tmp_path,
        (HEADER + "\n" + GOOD + "\n").encode()
        + b"202302,X,SRB,CZE,930690,1000,10\xe9\n"
        + b"202303,X,SRB,CZE,930690,1000,1\x81\n",
    )
    r = ws.ingest(f)
    assert r.by_reason == {"bad_number": 1, "invalid_encoding": 1}
    assert [(q[0], q[3]) for q in quarantine(ws)] == [(3, "bad_number"), (4, "invalid_encoding")]


def test_non_utf8_header(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, b"period,fl\xf6w\n2023,X\n")
    with pytest.raises(InputError, match="row 1: header is not UTF-8"):
        ws.ingest(f, encoding="utf-8")
    # auto: the header is decoded (and then is no known layout, which the message shows)
    with pytest.raises(UnknownFormatError, match=r"header \(period, flöw\) is not a known"):
        ws.ingest(f)


def test_unknown_format(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError, match="is not a known Comtrade, BACI or Comext layout"):
        ws.ingest(write(tmp_path, "a,b,c\n1,2,3\n"))


def test_bad_period_and_flow(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, f"{HEADER}\n202313,X,SRB,CZE,930690,1,1\n202301,Q,SRB,CZE,930690,1,1\n")
    ws.ingest(f)
    assert [(q[1], q[3]) for q in quarantine(ws)] == [
        ("period", "bad_period"),
        ("flowCode", "bad_flow"),
    ]


def test_cli_exit_2_one_line_and_workspace_untouched(tmp_path: Path) -> None:
    good = write(tmp_path, f"{HEADER}\n{GOOD}\n", "good.csv")
    bad = write(tmp_path, "a,b\n1,2\n", "bad.csv")
    wsdir = tmp_path / "ws"
    res = CliRunner().invoke(app, ["ingest", str(good), str(bad), "--workspace", str(wsdir)])
    assert res.exit_code == 2
    assert "bad.csv: row 1: header (a, b) is not a known" in res.output
    assert not (wsdir / "shadowtrade.duckdb").exists()


def test_row_numbers_count_blank_lines(ws: Workspace, tmp_path: Path) -> None:
    body = f"{GOOD}\n\n{GOOD2}\n\n\n1,2\n202301,X,SRB,ZZZ,930690,1000,10\n\n{GOOD3}\n"
    f = write(tmp_path, HEADER + "\n" + body)
    r = ws.ingest(f)
    assert (r.rows_read, r.accepted, r.quarantined) == (5, 3, 2)
    assert [(q[0], q[3]) for q in quarantine(ws)] == [(7, "missing_fields"), (8, "unknown_country")]


def test_latin1_file_with_encoding_option(ws: Workspace, tmp_path: Path) -> None:
    text = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n"
    text += '"Tchéquie","Côte d\'Ivoire","930690","EXPORT","Total","Aug. 2024",100\n'
    f = write(tmp_path, text.encode("latin-1"))
    r = ws.ingest(f)  # detected: read with a warning naming the encoding
    assert (r.accepted, r.quarantined) == (1, 0)
    assert any("read as" in w for w in r.notes)
    ws2 = shadowtrade.open(tmp_path / "ws2")
    r2 = ws2.ingest(f, encoding="latin-1")  # named: read as such, nothing to say
    assert (r2.accepted, r2.quarantined) == (1, 0)
    assert rows(ws2, "SELECT reporter, partner FROM trade_flows") == [("CZE", "CIV")]
    ws2.close()


def test_unknown_encoding(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown --encoding 'koi8-z': not a Python codec"):
        ws.ingest(write(tmp_path, f"{HEADER}\n{GOOD}\n"), encoding="koi8-z")


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("columns: {country: x}", "unknown role 'country'"),
        (
            "columns: {partner: p}\nconstants: {reporter: ARM, flow: import, hs_code: TOTAL}",
            "role 'period or year' is neither a column nor a constant",
        ),
        ("columns: [1, 2", "not valid YAML"),
        ("melt: {role: value, columns: {a: b}}", "melt.role must be 'flow' or 'period'"),
    ],
)
def test_mapping_errors_name_the_key(
    tmp_path: Path, ws: Workspace, yaml_text: str, message: str
) -> None:
    m = write(tmp_path, yaml_text, "m.yaml")
    with pytest.raises(InputError, match=message):
        ws.ingest(write(tmp_path, f"{HEADER}\n{GOOD}\n"), mapping=m)


def test_mapping_column_missing_from_file(tmp_path: Path, ws: Workspace) -> None:
    m = write(
        tmp_path,
        "columns: {partner: country, period: period, value: v}\n"
        "constants: {reporter: ARM, flow: import, hs_code: TOTAL}\n",
        "m.yaml",
    )
    with pytest.raises(InputError, match=r"mapping m\.yaml names column 'country' for role"):
        ws.ingest(write(tmp_path, "period,v\n2020,1\n"), mapping=m)


def test_semicolon_file_with_decimal_commas(ws: Workspace, tmp_path: Path) -> None:
    head = HEADER.replace(",", ";")
    f = write(
        tmp_path, f"{head}\n202301;X;SRB;CZE;930690;1.234,5;10,25\n202301;M;CZE;SRB;930690;99.5;3\n"
    )
    r = ws.ingest(f)
    assert (r.accepted, r.quarantined) == (2, 0)
    assert rows(ws, "SELECT value_usd, net_weight_kg FROM trade_flows ORDER BY flow") == [
        (1234.5, 10.25),
        (99.5, 3.0),
    ]


def test_cli_skip_unrecognised_ingests_the_rest_and_lists_the_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    write(folder, f"{HEADER}\n{GOOD}\n", "a_good.csv")
    write(folder, "country,export,import\nArmenia,1,2\n", "b_unknown.csv")
    write(folder, f"{HEADER}\n{GOOD2}\n", "c_good.csv")
    wsdir = tmp_path / "ws"
    res = CliRunner().invoke(app, ["ingest", str(folder), "-w", str(wsdir)])
    assert res.exit_code == 2  # the default stays all-or-nothing, and says the way out
    assert "b_unknown.csv: row 1: header (country, export, import)" in res.output
    assert "--skip-unrecognised" in res.output
    assert not (wsdir / "shadowtrade.duckdb").exists()
    res = CliRunner().invoke(app, ["ingest", str(folder), "--skip-unrecognised", "-w", str(wsdir)])
    assert res.exit_code == 0, res.output
    assert f"1 file(s) skipped, not recognised: {folder / 'b_unknown.csv'}" in res.output
    ws = shadowtrade.open(wsdir)
    try:
        assert rows(ws, "SELECT file_name FROM imports ORDER BY 1") == [
            ("a_good.csv",),
            ("c_good.csv",),
        ]
    finally:
        ws.close()
