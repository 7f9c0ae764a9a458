"""The Eurostat data browser's downloads: an XLSX workbook (one table per sheet) or one sheet
saved as CSV by Excel or LibreOffice.

    workbook (python-calamine, sheets parsed on several threads) → per sheet: title block,
    column header, row labels, value block → one record per non-missing cell (numpy masks, no
    per-cell Python loop) → `ingest_records` (same validation, quarantine and transaction as CSV)

A data-browser sheet looks like this (DS-045409, one sheet per product):

    Data extracted on 21/01/2023 20:35:13 from [ESTAT]
    Dataset:            EU trade since 1988 by HS2-4-6 and CN8 [DS-045409__custom_4624976]
    PRODUCT [PRODUCT]   .  Food preparations, n.e.s. [2106]
    FLOW                .  EXPORT
    INDICATORS          .  VALUE_IN_EUROS
    TIME                TIME                 2020-01   2020-02 …
    FREQ (Labels)       FREQ (Labels)        Monthly   Monthly …
    REPORTER (Labels)   PARTNER (Labels)
    Austria             Armenia              :         4162 …
    …
    (blank row, then the legend: "Special value", ": not available")

The product, flow and indicator come from each sheet's title rows (never from the file name); a
dimension may instead be a row label column. ':' cells are counted as skipped, not stored.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from shadowtrade.errors import InputError
from shadowtrade.formats.layouts import Layout
from shadowtrade.formats.sheets import (
    Records,
    Sheet,
    Words,
    cell_text,
    cells_text,
    col_letter,
    csv_text,
    load_sheets,
    value_text,
)

MISSING = ":"

EUROSTAT_XLSX = Layout(
    name="eurostat-xlsx",
    source="comext",
    roles={
        "reporter_name": ("reporter",),
        "partner_name": ("partner",),
        "hs_code": ("product",),
        "flow": ("flow",),
        "period": ("time",),
        "value": ("valueineuros",),
    },
    required=(),
    period_style="comtrade",
    currency="EUR",
)
EUROSTAT_CSV = Layout(
    name="eurostat-csv",
    source=EUROSTAT_XLSX.source,
    roles=EUROSTAT_XLSX.roles,
    required=(),
    period_style="comtrade",
    currency="EUR",
)

# Data-browser dimension codes → the role they fill.
_DIM_ROLES = {
    "REPORTER": "reporter_name",
    "DECLARANT": "reporter_name",
    "PARTNER": "partner_name",
    "PRODUCT": "hs_code",
    "FLOW": "flow",
    "INDICATORS": "indicator",
    "INDICATOR": "indicator",
}
_ROLE_WORDS = {
    "reporter_name": "reporter",
    "partner_name": "partner",
    "hs_code": "product",
    "flow": "flow",
    "indicator": "indicator",
}
_VALUE_INDICATORS = {"valueineuros", "valueineur"}
_PERIOD_RX = re.compile(r"^(\d{4})(?:-?M?(\d{2}))?$")
_CODE_RX = re.compile(r"\[([^\[\]]+)\]\s*$")


@dataclass
class _Block:
    """One data-browser table, ready to flatten: row labels and the value cells."""

    sheet: str
    fixed: dict[str, str]  # role → text, from the title rows
    row_roles: list[str]  # roles of the row-label columns, in order
    labels: np.ndarray  # (n, len(row_roles)) object: the row labels
    values: np.ndarray  # (n, P) object: the value cells
    periods: list[str]  # P period texts as written ('2020-01')
    columns: list[str]  # P column letters ('C')
    lines: np.ndarray  # (n,) int64: 1-based sheet row of each data row
    flag_cells: int = 0


def _dim(label: str) -> str:
    """'PRODUCT [PRODUCT]' → 'PRODUCT', 'REPORTER (Labels)' → 'REPORTER', 'Dataset:' → 'DATASET'."""
    return re.split(r"\s*[\[(:]", label.strip(), maxsplit=1)[0].strip().upper()


def _code(label: str) -> str:
    """'Food preparations, n.e.s. [2106]' → '2106'; a bare code stays as it is."""
    m = _CODE_RX.search(label)
    return m.group(1).strip() if m else label.strip()


def _time_row(rows: list[list[Any]]) -> int | None:
    """Index of the 'TIME' header row of a data-browser table, or None."""
    for i, r in enumerate(rows[:60]):
        if r and cell_text(r[0]).upper() == "TIME":
            return i
    return None


def is_databrowser_sheet(rows: list[list[Any]]) -> bool:
    """A data-browser table: a 'TIME' column header followed by a '… (Labels)' row header."""
    t = _time_row(rows)
    if t is None:
        return False
    return any(
        r
        and re.search(r"\((labels|codes)\)\s*$", cell_text(r[0]), re.I)
        and _dim(cell_text(r[0])) != "FREQ"
        for r in rows[t + 1 : t + 6]
    )


def _parse_block(sheet: Sheet, where: str) -> _Block:
    """One data-browser table; InputError naming file, sheet, row and column when it is not one."""
    rows = sheet.rows
    t = _time_row(rows)
    if t is None:
        raise InputError(f"{where}: no 'TIME' header row: not a Eurostat data-browser table")
    fixed: dict[str, str] = {}
    for r in rows[:t]:
        key = cell_text(r[0]) if r else ""
        val = next((x for x in (cell_text(v) for v in r[1:]) if x), "") if key else ""
        if val:
            fixed[_dim(key)] = val
    # The row-label header: first row below TIME whose first cell names a row dimension.
    lab = next(
        (
            i
            for i in range(t + 1, min(len(rows), t + 8))
            if rows[i]
            and re.search(r"\((labels|codes)\)\s*$", cell_text(rows[i][0]), re.I)
            and _dim(cell_text(rows[i][0])) != "FREQ"
        ),
        None,
    )
    if lab is None:
        raise InputError(
            f"{where}: row {sheet.first_row + t + 1}: no '… (Labels)' row header below 'TIME'"
        )
    header = [cell_text(v) for v in rows[lab]]
    n_dims = 0
    while n_dims < len(header) and header[n_dims]:
        n_dims += 1
    row_roles = []
    for c, h in enumerate(header[:n_dims]):
        role = _DIM_ROLES.get(_dim(h))
        if role is None:
            raise InputError(
                f"{where}: row {sheet.first_row + lab + 1} column {col_letter(c)}: unknown row"
                f" dimension {h!r} (known: {', '.join(sorted(_DIM_ROLES))})"
            )
        row_roles.append(role)
    for code in fixed:
        role = _DIM_ROLES.get(code)
        if role is not None and role in row_roles:
            raise InputError(f"{where}: {code} is both a title row and a row label")
    time_cells = [cell_text(v) for v in rows[t]]
    pcols = [c for c in range(n_dims, len(time_cells)) if time_cells[c]]
    if not pcols:
        raise InputError(f"{where}: row {sheet.first_row + t + 1}: no period under 'TIME'")
    periods = []
    for c in pcols:
        if _PERIOD_RX.match(time_cells[c]) is None:
            raise InputError(
                f"{where}: row {sheet.first_row + t + 1} column {col_letter(c)}: period"
                f" {time_cells[c]!r} is neither a month (2020-01) nor a year (2020)"
            )
        periods.append(time_cells[c])
    # Flag columns (the browser's "show flags" option): no period above them.
    flag_cols = [c for c in range(pcols[0], len(time_cells)) if c not in set(pcols)]
    end = lab + 1
    while end < len(rows) and all(cell_text(v) for v in rows[end][:n_dims]):
        end += 1
    width = max(len(time_cells), 1)
    pad = [""] * width
    body = [(list(r) + pad)[:width] for r in rows[lab + 1 : end]]
    grid = np.array(body, dtype=object).reshape(len(body), width)
    # Figures below the blank row that ends the table would be lost: refuse instead.
    for i in range(end, len(rows)):
        r = rows[i]
        if any(_is_figure(r[c]) for c in pcols if c < len(r)):
            raise InputError(
                f"{where}: row {sheet.first_row + i + 1}: figures below the blank row that ends"
                " the table; remove the blank row or split the sheet"
            )
    flags = 0
    if flag_cols and len(body):
        fl = grid[:, flag_cols]
        flags = int(np.count_nonzero((fl != "") & (fl != None)))  # noqa: E711 (elementwise)
    labels = grid[:, :n_dims]
    labels = cells_text(labels)
    return _Block(
        sheet=sheet.name,
        fixed=fixed,
        row_roles=row_roles,
        labels=labels,
        values=grid[:, pcols],
        periods=periods,
        columns=[col_letter(sheet.first_col + c) for c in pcols],
        lines=np.arange(lab + 1, end, dtype=np.int64) + sheet.first_row + 1,
        flag_cells=flags,
    )


def _is_figure(v: Any) -> bool:
    """A number cell, or a number written as text (a CSV save: '5,000')."""
    return isinstance(v, float | int) or bool(
        isinstance(v, str) and re.fullmatch(r"\s*-?[\d.,\s]*\d[\d.,\s]*", v)
    )


def _period_code(text: str) -> str:
    """'2020-01' / '2020M01' → '202001'; '2020' → '2020' (the canonicaliser's comtrade style)."""
    m = _PERIOD_RX.match(text)
    assert m is not None
    return m.group(1) + (m.group(2) or "")


def _fixed(b: _Block, role: str) -> str:
    """The title-row text of a role (the product's code, the flow in lower case)."""
    word = next(w for k, w in b.fixed.items() if _DIM_ROLES.get(k) == role)
    if role == "hs_code":
        return _code(word)
    return word.lower() if role == "flow" else word


def _check_block(b: _Block, where: str) -> str:
    """Every role is given once (title row or row label) and the indicator is a value; the
    indicator's text."""
    label = f"{where}: sheet {b.sheet!r}"
    roles = set(b.row_roles) | {_DIM_ROLES[k] for k in b.fixed if k in _DIM_ROLES}
    for need in ("reporter_name", "partner_name", "hs_code", "flow", "indicator"):
        if need not in roles:
            raise InputError(f"{label}: no {_ROLE_WORDS[need]} in its title rows or row labels")
    if "indicator" in b.row_roles:
        raise InputError(
            f"{label}: INDICATORS as a row label is not supported; download one indicator"
            " (VALUE_IN_EUROS) per sheet"
        )
    ind = next(v for k, v in b.fixed.items() if _DIM_ROLES.get(k) == "indicator")
    if re.sub(r"[^a-z]", "", ind.lower()) not in _VALUE_INDICATORS:
        raise InputError(
            f"{label}: indicator {ind!r}: only VALUE_IN_EUROS sheets are trade values; download"
            " the values (quantities are not read from the data browser)"
        )
    return ind


_TEXT_ROLES = ("reporter_name", "partner_name", "hs_code", "flow")


def _flatten(blocks: list[_Block], where: str, thousands: str | None) -> Records:
    """Every data-browser block → one record per non-missing value cell, plus the notes."""
    words = {r: Words() for r in (*_TEXT_ROLES, "period", "where")}
    codes: dict[str, list[np.ndarray]] = {r: [] for r in words}
    vals: list[np.ndarray] = []
    lines: list[np.ndarray] = []
    cells = missing = empty = flags = 0
    indicators: Counter[str] = Counter()
    datasets = {b.fixed["DATASET"] for b in blocks if "DATASET" in b.fixed}
    for b in blocks:
        indicators[_check_block(b, where)] += 1
        v = b.values
        cells += v.size
        is_missing = v == MISSING
        ri, ci = np.nonzero(~is_missing)
        cand = v[ri, ci]
        # Empty cells are rare: test only the cells that are not ':'.
        is_empty = np.fromiter((c == "" or c is None for c in cand), bool, count=len(cand))
        keep = ~is_empty
        ri, ci, cand = ri[keep], ci[keep], cand[keep]
        missing += int(np.count_nonzero(is_missing))
        empty += int(np.count_nonzero(is_empty))
        flags += b.flag_cells
        vals.append(cand)
        lines.append(b.lines[ri])
        for role in _TEXT_ROLES:
            if role in b.row_roles:
                col = b.labels[:, b.row_roles.index(role)].tolist()
                if role == "hs_code":
                    col = [_code(c) for c in col]
                codes[role].append(words[role].codes(col)[ri])
            else:
                codes[role].append(np.full(len(ri), words[role].code(_fixed(b, role)), np.int32))
        codes["period"].append(words["period"].codes([_period_code(p) for p in b.periods])[ci])
        at = f"sheet {b.sheet!r} " if b.sheet else ""
        where_words = [f"{at}column {c} '{p}'" for c, p in zip(b.columns, b.periods, strict=True)]
        codes["where"].append(words["where"].codes(where_words)[ci])
    n = sum(len(x) for x in vals)
    arrays = {f"r_{role}": words[role].column(codes[role]) for role in (*_TEXT_ROLES, "period")}
    all_vals = np.concatenate(vals) if vals else np.empty(0, dtype=object)
    arrays["r_value"], n_marked = value_text(all_vals, thousands)
    arrays["_line"] = pa.array(
        np.concatenate(lines) if lines else np.empty(0, np.int64), pa.int64()
    )
    arrays["_where"] = words["where"].column(codes["where"])

    # The periods that hold a figure (a column of ':' or empty cells holds none).
    used: list[int] = np.unique(np.concatenate(codes["period"])).tolist() if codes["period"] else []
    months = sorted({words["period"].words[i] for i in used})
    products = sorted(words["hs_code"].words)
    by_len = Counter(len(c) for c in products)
    lens = ", ".join(
        f"{k:,} {'CN8' if n == 8 else f'HS{n}' if n in (2, 4, 6) else f'{n}-character'}"
        for n, k in sorted(by_len.items(), reverse=True)
    )
    all_periods = sorted({_period_code(p) for b in blocks for p in b.periods})
    notes = [
        f"Eurostat data browser: {len(blocks):,} sheet(s)"
        + (f" of {'; '.join(sorted(datasets))}" if datasets else "")
        + f"; {len(products):,} product(s) ({lens}), taken from each sheet's title rows"
        f"; flow {', '.join(sorted(w.upper() for w in words['flow'].words))}"
        f"; indicator {', '.join(sorted(indicators))} (EUR, converted to USD at the month's ECB"
        " rate)"
        + (
            f"; period columns {_show_period(all_periods[0])}…{_show_period(all_periods[-1])}"
            f" ({len(all_periods)}), figures in {len(months)} of them"
            if all_periods
            else ""
        )
        + f"; {len(words['reporter_name'].words):,} reporter and"
        f" {len(words['partner_name'].words):,} partner labels",
        f"{cells:,} value cells read: {n:,} figures, {missing:,} missing (':', not available)"
        " counted as skipped, not stored",
    ]
    if empty:
        notes.append(f"{empty:,} empty value cells: counted as skipped, not stored")
    if flags:
        notes.append(
            f"{flags:,} flags in the browser's flag columns (e.g. 'p' provisional) were not stored"
        )
    if n_marked:
        notes.append(
            f"{n_marked:,} figures were written with thousands separators ('8{thousands}813'),"
            " as a spreadsheet saves a CSV 'as shown': read as plain numbers"
        )
    return Records(
        table=pa.table(arrays),
        layout=EUROSTAT_XLSX,
        layout_name=EUROSTAT_XLSX.name,
        rows_read=cells,
        skipped=missing + empty,
        notes=notes,
    )


def _show_period(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == 6 else code


def read_databrowser_workbook(path: Path) -> Records:
    """Every data-browser table in an XLSX download; the Summary and Structure pages are noted."""
    sheets = load_sheets(path)
    blocks, other = [], []
    for sh in sheets:
        if is_databrowser_sheet(sh.rows):
            blocks.append(_parse_block(sh, f"{path}: sheet {sh.name!r}"))
        else:
            other.append(sh.name)
    if not blocks:
        raise InputError(
            f"{path}: no sheet is a Eurostat data-browser table (a 'TIME' row above a"
            " '… (Labels)' row); for another layout pass --mapping MAP.yaml with 'sheet:' and"
            " 'header_row:' (see docs/mapping.md)"
        )
    rec = _flatten(blocks, str(path), thousands=None)
    if other:
        known = {"Summary": "contents", "Structure": "structure"}
        said = [f"{n!r} ({known[n]} page)" if n in known else repr(n) for n in other]
        rec.notes.append(f"sheets not read, holding no data-browser table: {', '.join(said)}")
    rec.notes.extend(_summary_mismatches(sheets, blocks))
    return rec


def _summary_mismatches(sheets: list[Sheet], blocks: list[_Block]) -> list[str]:
    """Cross-check the download's Summary page (sheet → product) against each sheet's title."""
    summary = next((s for s in sheets if s.name == "Summary"), None)
    if summary is None:
        return []
    listed = {
        cell_text(r[1]): cell_text(r[2])
        for r in summary.rows
        if len(r) > 2 and cell_text(r[1]).startswith("Sheet ")
    }
    bad = [
        b.sheet
        for b in blocks
        if b.sheet in listed and "PRODUCT" in b.fixed and listed[b.sheet] != b.fixed["PRODUCT"]
    ]
    if not bad:
        return []
    return [
        f"{len(bad)} sheet(s) name another product on the Summary page than in their own title"
        f" rows (e.g. {bad[0]!r}); each sheet's title rows were used"
    ]


def is_databrowser_csv(path: Path) -> bool:
    """The CSV starts with the data browser's title block ('Data extracted on …', 'Dataset:')."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    text = head.decode("utf-8-sig", errors="replace").lstrip('"')
    return text.startswith("Data extracted on") or bool(re.match(r"^Dataset:\s*[,;\t]", text))


def read_databrowser_csv(path: Path) -> Records:
    """One data-browser sheet saved as CSV (Excel or LibreOffice, ',' or ';' separated)."""
    text, encoding = csv_text(path)
    lines = text.splitlines()
    time_line = next((ln for ln in lines[:60] if re.match(r'^"?TIME"?[,;\t]', ln)), None)
    if time_line is None:
        raise InputError(f"{path}: no 'TIME' header row: not a Eurostat data-browser CSV")
    delim = time_line[4 + time_line.startswith('"') * 2]
    rows: list[list[Any]] = list(csv.reader(io.StringIO(text), delimiter=delim))
    sheet = Sheet(path.stem, rows, 0, 0)
    block = _parse_block(sheet, str(path))
    block.sheet = ""  # one sheet: the file is the sheet
    rec = _flatten([block], str(path), thousands="," if delim == "," else ".")
    rec.layout, rec.layout_name = EUROSTAT_CSV, EUROSTAT_CSV.name
    if encoding != "utf-8":
        rec.notes.append(
            f"read as {encoding} (Windows Latin-1, what Excel writes for a plain CSV): the file"
            " is not UTF-8"
        )
    if delim != ",":
        rec.notes.append(f"separator {delim!r}, decimal comma (a continental spreadsheet's CSV)")
    return rec
