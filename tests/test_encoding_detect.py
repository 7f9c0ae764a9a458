"""Short files in Windows-1251 or -1250: the encoding is found from the country names they hold,
and --encoding takes any Python codec (said and stored)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import rows

from shadowtrade.errors import InputError
from shadowtrade.formats.encoding import choose_legacy_encoding
from shadowtrade.workspace import Workspace

HEADER = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n"
RU = [
    ("Германия", "Армения"),
    ("Германия", "Казахстан"),
    ("Польша", "Киргизия"),
    ("Литва", "Беларусь"),
]
CS = [
    ("Německo", "Arménie"),
    ("Česko", "Kazachstán"),
    ("Polsko", "Kyrgyzstán"),
    ("Slovensko", "Bělorusko"),
]


def _file(tmp_path: Path, pairs: list[tuple[str, str]], encoding: str) -> Path:
    text = HEADER + "".join(
        f"{r},{p},930690,EXPORT,Total,{m},{1000 + i}\n"
        for m in ("Jan. 2022", "Feb. 2022", "Mar. 2022")
        for i, (r, p) in enumerate(pairs)
    )
    path = tmp_path / f"rel_{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("pairs", "encoding", "shown", "pair_iso"),
    [
        (
            RU,
            "cp1251",
            "Windows-1251",
            {("DEU", "ARM"), ("DEU", "KAZ"), ("POL", "KGZ"), ("LTU", "BLR")},
        ),
        (
            CS,
            "cp1250",
            "Windows-1250",
            {("DEU", "ARM"), ("CZE", "KAZ"), ("POL", "KGZ"), ("SVK", "BLR")},
        ),
    ],
)
def test_twelve_line_file_read_in_the_encoding_its_country_names_fit(
    ws: Workspace,
    tmp_path: Path,
    pairs: list[tuple[str, str]],
    encoding: str,
    shown: str,
    pair_iso: set[tuple[str, str]],
) -> None:
    r = ws.ingest(_file(tmp_path, pairs, encoding))
    assert (r.rows_read, r.accepted, r.quarantined) == (12, 12, 0)
    assert set(rows(ws, "SELECT DISTINCT reporter, partner FROM trade_flows")) == pair_iso
    note = next(n for n in r.notes if "not entirely UTF-8" in n)
    assert f"12 lines read as {shown}" in note and "country name(s) read in it" in note
    assert f"read as {shown}" in str(rows(ws, "SELECT profile FROM imports")[0][0])


def test_country_names_decide_where_the_detector_cannot() -> None:
    sample = "Česko,Bělorusko\n".encode("cp1250")
    assert choose_legacy_encoding(sample)[0] == "cp1250"
    assert choose_legacy_encoding("Германия,Беларусь\n".encode("cp1251"))[0] == "cp1251"
    # No country name: a few accented bytes stay Windows-1252.
    assert choose_legacy_encoding("Société Générale\n".encode("cp1252"))[0] == "cp1252"


@pytest.mark.parametrize("name", ["cp1251", "windows-1251"])
def test_any_python_codec_named_is_used_and_said(ws: Workspace, tmp_path: Path, name: str) -> None:
    r = ws.ingest(_file(tmp_path, RU, "cp1251"), encoding=name)
    assert (r.accepted, r.quarantined) == (12, 0)
    note = next(n for n in r.notes if "not entirely UTF-8" in n)
    assert "12 lines read as Windows-1251" in note and "--encoding cp1251 as given" in note
    assert "--encoding cp1251 as given" in str(rows(ws, "SELECT profile FROM imports")[0][0])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nonesuch", "not a Python codec name"),
        ("utf-16", "convert it to UTF-8 first"),
        # Python's bytes-to-bytes codecs: refused in one line (was a raw LookupError).
        ("rot13", "--encoding 'rot13' is not a text encoding"),
        ("hex", "--encoding 'hex' is not a text encoding"),
        ("base64", "--encoding 'base64' is not a text encoding"),
    ],
)
def test_unusable_encoding_refused(ws: Workspace, tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        ws.ingest(_file(tmp_path, RU, "cp1251"), encoding=name)


def test_utf8_sig_is_utf8_with_its_bom(ws: Workspace, tmp_path: Path) -> None:
    """--encoding utf-8-sig reads a UTF-8 file with a BOM (was refused as not writing ASCII as
    single bytes)."""
    r = ws.ingest(_file(tmp_path, RU, "utf-8-sig"), encoding="utf-8-sig")
    assert (r.accepted, r.quarantined) == (12, 0)
    got = rows(ws, "SELECT DISTINCT reporter, partner FROM trade_flows ORDER BY 1, 2")
    assert got == [("DEU", "ARM"), ("DEU", "KAZ"), ("LTU", "BLR"), ("POL", "KGZ")]


def test_non_text_codec_refused_in_one_line_by_the_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from shadowtrade.cli import app

    f = _file(tmp_path, RU, "utf-8")
    res = CliRunner().invoke(
        app, ["ingest", str(f), "-w", str(tmp_path / "w"), "--encoding", "rot13"]
    )
    assert res.exit_code != 0
    assert "--encoding 'rot13' is not a text encoding" in res.output
    assert not isinstance(res.exception, LookupError)
