"""Reading spreadsheets and their CSV saves into columns: the pieces the data-browser reader
(formats/databrowser) and the mapping reader (formats/mapped_sheet) share.

Cells come from python-calamine as Python values (float, str, date); the readers turn them into
numpy object arrays and select cells with masks, and build the output columns as Arrow arrays
from small-integer codes (`Words`), so that a million cells cost no per-cell Python objects
beyond calamine's own.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shadowtrade.errors import InputError
from shadowtrade.formats.layouts import Layout


@dataclass
class Records:
    """What a reader found: one row per value cell, and how every cell was accounted for."""

    table: pa.Table
    layout: Layout
    layout_name: str
    rows_read: int
    skipped: int
    notes: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]
    first_row: int  # 0-based sheet row of rows[0]
    first_col: int  # 0-based sheet column of rows[r][0]


def col_letter(i: int) -> str:
    """0-based column index → spreadsheet letters: 0 → 'A', 27 → 'AB'."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def cell_text(v: Any) -> str:
    """A label cell as text (labels are text, but a code may have been typed as a number)."""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    return "" if v is None else str(v).strip()


def cells_text(a: np.ndarray) -> np.ndarray:
    """`cell_text` over an object array (labels are nearly always str already: kept as they are)."""
    flat = [v.strip() if type(v) is str else cell_text(v) for v in a.ravel().tolist()]
    out = np.empty(len(flat), dtype=object)
    out[:] = flat
    return out.reshape(a.shape)


def open_workbook(path: Path) -> Any:
    """A spreadsheet (xlsx, xlsm, ods) opened with calamine, or an error naming the file."""
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for unreadable files
        raise InputError(f"{path}: cannot read as a spreadsheet: {exc}") from exc


def load_sheets(path: Path, names: Sequence[str] | None = None) -> list[Sheet]:
    """The workbook's sheets (all, or `names`) as rows of cells, parsed on up to 4 threads.

    Calamine parses a sheet without holding the GIL, so a 100-sheet download is read in about
    half the time on two cores; each thread opens its own handle on the file.
    """
    wb = open_workbook(path)
    wanted = list(wb.sheet_names if names is None else names)
    for n in wanted:
        if n not in wb.sheet_names:
            raise InputError(
                f"{path}: no sheet {n!r}; the workbook has {', '.join(map(repr, wb.sheet_names))}"
            )
    workers = max(1, min(4, os.cpu_count() or 1, len(wanted)))

    def part(k: int) -> list[tuple[int, Sheet]]:
        book = wb if k == 0 else open_workbook(path)
        out = []
        for i in range(k, len(wanted), workers):
            try:
                sh = book.get_sheet_by_name(wanted[i])
                rows = sh.to_python(skip_empty_area=False)
            except Exception as exc:
                raise InputError(f"{path}: sheet {wanted[i]!r}: cannot read: {exc}") from exc
            out.append((i, Sheet(wanted[i], rows, 0, 0)))
        return out

    if workers == 1:
        parts = [part(0)]
    else:
        with ThreadPoolExecutor(workers) as ex:
            parts = list(ex.map(part, range(workers)))
    return [s for _, s in sorted((p for ps in parts for p in ps), key=lambda p: p[0])]


def value_text(vals: np.ndarray, thousands: str | None) -> tuple[pa.Array, int]:
    """Cells (floats, or text from a CSV) → the number as text; how many lost a thousands mark.

    Excel and LibreOffice save a CSV "as shown": the browser's '#,##0' format writes 8813 as
    '8,813' (';'-separated locales: '8.813'). Those marks are removed, and the count said.
    """
    try:
        nums = vals.astype(np.float64)
    except (TypeError, ValueError):
        pass
    else:
        return pa.array(nums, type=pa.float64()).cast(pa.string()), 0
    text = pa.array([cell_text(v) for v in vals], type=pa.string())
    if thousands is None:
        return text, 0
    dec = "." if thousands == "," else ","
    rx = rf"^-?\d{{1,3}}(\{thousands}\d{{3}})+(\{dec}\d+)?$"
    marked = pc.match_substring_regex(text, rx)
    n = int(pc.sum(marked).as_py() or 0)
    if n:
        text = pc.if_else(marked, pc.replace_substring(text, thousands, ""), text)
    if dec == ",":
        text = pc.replace_substring_regex(text, r"^(-?\d+),(\d+)$", r"\1.\2")
    return text, n


class Words:
    """Distinct texts of one output column and their codes: a column of a million records is
    built from small-integer codes, one Python string per distinct value (not per cell)."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self._index: dict[str, int] = {}

    def code(self, word: str) -> int:
        i = self._index.get(word)
        if i is None:
            i = self._index[word] = len(self.words)
            self.words.append(word)
        return i

    def codes(self, words: Sequence[str]) -> np.ndarray:
        return np.fromiter((self.code(w) for w in words), dtype=np.int32, count=len(words))

    def column(self, codes: list[np.ndarray]) -> pa.Array:
        idx = np.concatenate(codes) if codes else np.empty(0, np.int32)
        arr = pa.DictionaryArray.from_arrays(
            pa.array(idx, type=pa.int32()), pa.array(self.words, type=pa.string())
        )
        return arr.cast(pa.string())


def csv_text(path: Path) -> tuple[str, str]:
    """The file's text and its encoding: UTF-8 (with or without BOM) or Windows-1252, which is
    what Excel's plain "CSV (Comma delimited)" writes."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"
