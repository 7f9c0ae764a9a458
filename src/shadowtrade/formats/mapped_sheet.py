"""Spreadsheet tables that no built-in layout knows, described by the user's YAML mapping
(docs/mapping.md): a national statistics office's wide table under a title block, in a workbook
(`sheet:`) or a CSV, its column names on `header_row:` or found by looking for them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from shadowtrade.errors import InputError
from shadowtrade.formats.mapping import Mapping
from shadowtrade.formats.sheets import (
    Records,
    Words,
    cell_text,
    cells_text,
    col_letter,
    csv_text,
    load_sheets,
    open_workbook,
    value_text,
)


def _find_header(rows: list[list[Any]], mapping: Mapping, where: str) -> int:
    """0-based header row: the mapping's `header_row`, else the first row holding every column
    the mapping names (and, for a melt by pattern, at least one matching column)."""
    if mapping.header_row is not None:
        i = mapping.header_row - 1
        if i >= len(rows):
            raise InputError(f"{where}: header_row {mapping.header_row} is below the last row")
        return i
    need = set(mapping.columns.values())
    if mapping.melt is not None:
        need |= set(mapping.melt.columns)
    for i, r in enumerate(rows[:200]):
        cells = {_header_text(v, mapping) for v in r}
        if not need <= cells:
            continue
        if mapping.melt is not None and mapping.melt.pattern is not None:
            rx = re.compile(mapping.melt.pattern)
            if not any(rx.fullmatch(c) for c in cells):
                continue
        return i
    raise InputError(
        f"{where}: no row among the first 200 holds every column the mapping"
        f" {mapping.path.name} names ({', '.join(sorted(need))}); set 'header_row:'"
    )


def _header_text(v: Any, mapping: Mapping) -> str:
    """A header cell as text; a date-typed header (a month typed as a date) as a period."""
    if isinstance(v, dt.datetime | dt.date):
        if mapping.period_style == "eurostat_relational":
            return v.strftime("%b %Y")
        return v.strftime("%Y%m")
    return cell_text(v)


def read_mapped_sheet(
    path: Path,
    mapping: Mapping,
    rows: list[list[Any]],
    sheet: str | None,
    *,
    thousands: str | None = None,
) -> Records:
    """A table under a header block, described by the mapping: one record per (row, melted
    column) or per row; blank rows and note rows below the table are counted and said.

    `sheet` is None for a CSV (the file is the sheet); `thousands` is the CSV's thousands mark,
    for figures written as text.
    """
    label = f"sheet {sheet!r}" if sheet is not None else "the file"
    where = f"{path}: sheet {sheet!r}" if sheet is not None else str(path)
    at = f"sheet {sheet!r} " if sheet is not None else ""
    h = _find_header(rows, mapping, where)
    header = [_header_text(v, mapping) for v in rows[h]]
    idx = {name: i for i, name in reversed(list(enumerate(header))) if name}
    layout = mapping.layout()
    found: dict[str, int] = {}
    for role, cols in layout.roles.items():
        if cols[0] not in idx:
            raise InputError(
                f"{where}: row {h + 1}: mapping {mapping.path.name} names column {cols[0]!r}"
                f" for role {role!r}, but the header has {', '.join(c for c in header if c)}"
            )
        found[role] = idx[cols[0]]
    melt = mapping.melt_columns([c for c in header if c]) if mapping.melt else {}
    melt_idx = [idx[c] for c in melt]
    width = len(header)
    body = [list(r) + [""] * (width - len(r)) for r in rows[h + 1 :]]
    grid = np.array(body, dtype=object).reshape(len(body), width) if body else None
    notes: list[str] = [f"column names read from row {h + 1} of {label}"]
    if grid is None or not len(grid):
        raise InputError(f"{where}: no rows below the header on row {h + 1}")
    used = sorted(set(found.values()) | set(melt_idx))
    blank = cells_text(grid[:, used]) == ""
    keep = ~blank.all(axis=1)
    # Note rows ("Source: …") fill only the first column: no figure and no other field.
    fig_idx = melt_idx or ([found["value"]] if "value" in found else [])
    fig_blank = cells_text(grid[:, fig_idx]) == ""
    note_rows = keep & fig_blank.all(axis=1) & (blank.sum(axis=1) >= len(used) - 1)
    n_blank, n_note = int((~keep).sum()), int(note_rows.sum())
    keep &= ~note_rows
    grid = grid[keep]
    line_no = np.nonzero(keep)[0].astype(np.int64) + h + 2
    if n_blank:
        notes.append(f"{n_blank:,} blank row(s) in the table: not read")
    if n_note:
        notes.append(
            f"{n_note:,} row(s) with text in one column and no figure (notes such as"
            " 'Source: …'): not read"
        )
    as_text = cells_text
    n_marked = 0
    arrays: dict[str, pa.Array] = {}
    consts = dict(layout.constants)
    if not melt:
        for role, c in found.items():
            arrays[f"r_{role}"] = pa.array(as_text(grid[:, c]), type=pa.string())
        for role, val in consts.items():
            arrays[f"r_{role}"] = pa.array([val] * len(grid), type=pa.string())
        if "value" in found:
            arrays["r_value"], n_marked = value_text(as_text(grid[:, found["value"]]), thousands)
        arrays["_line"] = pa.array(line_no, type=pa.int64())
        vcol = header[found["value"]] if "value" in found else ""
        arrays["_where"] = pa.array([f"{at}column {vcol!r}"] * len(grid), type=pa.string())
        rows_read, skipped = len(grid), 0
    else:
        assert mapping.melt is not None
        cells = grid[:, melt_idx]
        texts = as_text(cells)
        absent = np.isin(texts, list(mapping.missing_values))
        ri, ci = np.nonzero(~absent)
        for role, c in found.items():
            arrays[f"r_{role}"] = pa.array(as_text(grid[:, c])[ri], type=pa.string())
        for role, val in consts.items():
            arrays[f"r_{role}"] = pa.array([val] * len(ri), type=pa.string())
        melt_words = Words()
        arrays[f"r_{mapping.melt.role}"] = melt_words.column(
            [melt_words.codes(list(melt.values()))[ci]]
        )
        arrays["r_value"], n_marked = value_text(texts[ri, ci], thousands)
        arrays["_line"] = pa.array(line_no[ri], type=pa.int64())
        where_words = Words()
        arrays["_where"] = where_words.column(
            [
                where_words.codes(
                    [
                        f"{at}column {col_letter(i)} {c!r}"
                        for i, c in zip(melt_idx, melt, strict=True)
                    ]
                )[ci]
            ]
        )
        rows_read, skipped = int(cells.size), int(absent.sum())
        notes.append(
            f"{len(grid):,} rows × {len(melt_idx)} {mapping.melt.role} columns ="
            f" {rows_read:,} cells: {rows_read - skipped:,} figures, {skipped:,} missing"
            f" ({', '.join(repr(m) for m in mapping.missing_values)}) counted as skipped"
        )
    if n_marked:
        notes.append(
            f"{n_marked:,} figures were written with thousands separators ('1{thousands}520'):"
            " read as plain numbers"
        )
    return Records(
        table=pa.table(arrays),
        layout=layout,
        layout_name=layout.name,
        rows_read=rows_read,
        skipped=skipped,
        notes=notes,
    )


def read_mapped_csv(path: Path, mapping: Mapping) -> Records:
    """A CSV whose table sits under a title block (a national office's download): the header
    row found as in a spreadsheet, the separator the one under which the header is found."""
    text, encoding = csv_text(path)
    tried = [mapping.delimiter] if mapping.delimiter else [",", ";", "\t", "|"]
    error: InputError | None = None
    for delim in tried:
        rows: list[list[Any]] = list(csv.reader(io.StringIO(text), delimiter=delim))
        try:
            _find_header(rows, mapping, str(path))
        except InputError as exc:
            error = error or exc
            continue
        rec = read_mapped_sheet(path, mapping, rows, None, thousands="," if delim == "," else ".")
        if delim != ",":
            rec.notes.append(f"separator {delim!r}" + (", decimal comma" if delim == ";" else ""))
        if encoding != "utf-8":
            rec.notes.append(f"read as {encoding} (Windows Latin-1): the file is not UTF-8")
        if mapping.sheet is not None:
            rec.notes.append(f"the mapping's 'sheet: {mapping.sheet}' does not apply to a CSV")
        return rec
    assert error is not None
    raise error


def read_mapped_workbook(path: Path, mapping: Mapping) -> Records:
    """The mapping's sheet (by name or 1-based number; the first sheet by default)."""
    wb = open_workbook(path)
    names = list(wb.sheet_names)
    sheet = mapping.sheet
    if sheet is None:
        name = names[0]
    elif isinstance(sheet, int):
        if not 1 <= sheet <= len(names):
            raise InputError(f"{path}: sheet {sheet}: the workbook has {len(names)} sheet(s)")
        name = names[sheet - 1]
    else:
        name = sheet
    (sh,) = load_sheets(path, [name])
    rec = read_mapped_sheet(path, mapping, sh.rows, name)
    if len(names) > 1:
        others = [n for n in names if n != name]
        rec.notes.append(
            f"read sheet {name!r} only (the mapping's 'sheet:'); not read: "
            + ", ".join(map(repr, others))
        )
    return rec
