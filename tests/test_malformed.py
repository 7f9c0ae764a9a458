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
    f = write(tmp_path, f"{HEADER}\n{GOOD}\n{GOOD}\n202301,X,SRB,CZ")
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
    body = [GOOD, "1,2", GOOD, "1,2,3", "202301,X,SRB,CZE,930690,-5,10", GOOD]
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
    f = write(tmp_path, f"{HEADER}\n{GOOD}\n{HEADER}\n{GOOD.replace('1000', '2000')}\n")
    r = ws.ingest(f)
    assert (r.accepted, r.quarantined) == (2, 1)
    assert quarantine(ws) == [(3, "cmdCode", "cmdCode", "repeated_header")]


def test_empty_file(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file is empty"):
        ws.ingest(write(tmp_path, ""))


def test_non_utf8_row(ws: Workspace, tmp_path: Path) -> None:
    f = write(
        tmp_path, (HEADER + "\n" + GOOD + "\n").encode() + b"202301,X,SRB,CZE,930690,1000,1\xff\n"
    )
    r = ws.ingest(f)
    assert (r.accepted, r.quarantined) == (1, 1)
    assert quarantine(ws)[0][0] == 3 and quarantine(ws)[0][3] == "invalid_encoding"


def test_non_utf8_header(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path, b"period,fl\xf6w\n2023,X\n")
    with pytest.raises(InputError, match="row 1: header is not UTF-8"):
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
    body = f"{GOOD}\n\n{GOOD}\n\n\n1,2\n202301,X,SRB,ZZZ,930690,1000,10\n\n{GOOD}\n"
    f = write(tmp_path, HEADER + "\n" + body)
    r = ws.ingest(f)
    assert (r.rows_read, r.accepted, r.quarantined) == (5, 3, 2)
    assert [(q[0], q[3]) for q in quarantine(ws)] == [(7, "missing_fields"), (8, "unknown_country")]


def test_latin1_file_with_encoding_option(ws: Workspace, tmp_path: Path) -> None:
    text = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n"
    text += '"Tchéquie","Côte d\'Ivoire","930690","EXPORT","Total","Aug. 2024",100\n'
    f = write(tmp_path, text.encode("latin-1"))
    r = ws.ingest(f)  # read as UTF-8: the row is quarantined, not mangled
    assert r.by_reason == {"invalid_encoding": 1}
    ws2 = shadowtrade.open(tmp_path / "ws2")
    r2 = ws2.ingest(f, encoding="latin-1")
    assert (r2.accepted, r2.quarantined) == (1, 0)
    assert rows(ws2, "SELECT reporter, partner FROM trade_flows") == [("CZE", "CIV")]
    ws2.close()


def test_unknown_encoding(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown --encoding 'koi8-r'"):
        ws.ingest(write(tmp_path, f"{HEADER}\n{GOOD}\n"), encoding="koi8-r")


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
