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
    [("nonesuch", "not a Python codec name"), ("utf-16", "convert it to UTF-8 first")],
)
def test_unusable_encoding_refused(ws: Workspace, tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        ws.ingest(_file(tmp_path, RU, "cp1251"), encoding=name)
