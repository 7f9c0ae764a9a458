"""Spreadsheets: Eurostat data-browser downloads (XLSX, or one sheet saved as CSV) and wide tables
of national statistics offices described by a YAML mapping.

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
import datetime as dt
import io
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shadowtrade.errors import InputError
from shadowtrade.formats.layouts import Layout
from shadowtrade.formats.mapping import Mapping, load_mapping

if TYPE_CHECKING:
    from shadowtrade.formats.ingest import IngestResult
    from shadowtrade.workspace import Workspace

ProgressFn = Callable[[str, float], None]
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
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
class Records:
    """What a reader found: one row per value cell, and how every cell was accounted for."""

    table: pa.Table
    layout: Layout
    layout_name: str
    rows_read: int
    skipped: int
    notes: list[str] = field(default_factory=list)


@dataclass
class _Sheet:
    name: str
    rows: list[list[Any]]
    first_row: int  # 0-based sheet row of rows[0]
    first_col: int  # 0-based sheet column of rows[r][0]


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


def col_letter(i: int) -> str:
    """0-based column index → spreadsheet letters: 0 → 'A', 27 → 'AB'."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _text(v: Any) -> str:
    """A label cell as text (labels are text, but a code may have been typed as a number)."""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    return "" if v is None else str(v).strip()


def _texts(a: np.ndarray) -> np.ndarray:
    """`_text` over an object array (labels are nearly always str already: kept as they are)."""
    flat = [v.strip() if type(v) is str else _text(v) for v in a.ravel().tolist()]
    out = np.empty(len(flat), dtype=object)
    out[:] = flat
    return out.reshape(a.shape)


def _dim(label: str) -> str:
    """'PRODUCT [PRODUCT]' → 'PRODUCT', 'REPORTER (Labels)' → 'REPORTER', 'Dataset:' → 'DATASET'."""
    return re.split(r"\s*[\[(:]", label.strip(), maxsplit=1)[0].strip().upper()


def _code(label: str) -> str:
    """'Food preparations, n.e.s. [2106]' → '2106'; a bare code stays as it is."""
    m = _CODE_RX.search(label)
    return m.group(1).strip() if m else label.strip()


# ---------------------------------------------------------------------------------------------
# Reading workbooks


def _open_workbook(path: Path) -> Any:
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for unreadable files
        raise InputError(f"{path}: cannot read as a spreadsheet: {exc}") from exc


def load_sheets(path: Path, names: Sequence[str] | None = None) -> list[_Sheet]:
    """The workbook's sheets (all, or `names`) as rows of cells, parsed on up to 4 threads.

    Calamine parses a sheet without holding the GIL, so a 100-sheet download is read in about
    half the time on two cores; each thread opens its own handle on the file.
    """
    wb = _open_workbook(path)
    wanted = list(wb.sheet_names if names is None else names)
    for n in wanted:
        if n not in wb.sheet_names:
            raise InputError(
                f"{path}: no sheet {n!r}; the workbook has {', '.join(map(repr, wb.sheet_names))}"
            )
    workers = max(1, min(4, os.cpu_count() or 1, len(wanted)))

    def part(k: int) -> list[tuple[int, _Sheet]]:
        book = wb if k == 0 else _open_workbook(path)
        out = []
        for i in range(k, len(wanted), workers):
            try:
                sh = book.get_sheet_by_name(wanted[i])
                rows = sh.to_python(skip_empty_area=False)
            except Exception as exc:
                raise InputError(f"{path}: sheet {wanted[i]!r}: cannot read: {exc}") from exc
            out.append((i, _Sheet(wanted[i], rows, 0, 0)))
        return out

    if workers == 1:
        parts = [part(0)]
    else:
        with ThreadPoolExecutor(workers) as ex:
            parts = list(ex.map(part, range(workers)))
    return [s for _, s in sorted((p for ps in parts for p in ps), key=lambda p: p[0])]


# ---------------------------------------------------------------------------------------------
# The Eurostat data-browser layout


def _time_row(rows: list[list[Any]]) -> int | None:
    """Index of the 'TIME' header row of a data-browser table, or None."""
    for i, r in enumerate(rows[:60]):
        if r and _text(r[0]).upper() == "TIME":
            return i
    return None


def is_databrowser_sheet(rows: list[list[Any]]) -> bool:
    """A data-browser table: a 'TIME' column header followed by a '… (Labels)' row header."""
    t = _time_row(rows)
    if t is None:
        return False
    return any(
        r
        and re.search(r"\((labels|codes)\)\s*$", _text(r[0]), re.I)
        and _dim(_text(r[0])) != "FREQ"
        for r in rows[t + 1 : t + 6]
    )


def _parse_block(sheet: _Sheet, where: str) -> _Block:
    """One data-browser table; InputError naming file, sheet, row and column when it is not one."""
    rows = sheet.rows
    t = _time_row(rows)
    if t is None:
        raise InputError(f"{where}: no 'TIME' header row: not a Eurostat data-browser table")
    fixed: dict[str, str] = {}
    for r in rows[:t]:
        key = _text(r[0]) if r else ""
        val = next((x for x in (_text(v) for v in r[1:]) if x), "") if key else ""
        if val:
            fixed[_dim(key)] = val
    # The row-label header: first row below TIME whose first cell names a row dimension.
    lab = next(
        (
            i
            for i in range(t + 1, min(len(rows), t + 8))
            if rows[i]
            and re.search(r"\((labels|codes)\)\s*$", _text(rows[i][0]), re.I)
            and _dim(_text(rows[i][0])) != "FREQ"
        ),
        None,
    )
    if lab is None:
        raise InputError(
            f"{where}: row {sheet.first_row + t + 1}: no '… (Labels)' row header below 'TIME'"
        )
    header = [_text(v) for v in rows[lab]]
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
    time_cells = [_text(v) for v in rows[t]]
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
    while end < len(rows) and all(_text(v) for v in rows[end][:n_dims]):
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
    labels = _texts(labels)
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


def _value_text(vals: np.ndarray, thousands: str | None) -> tuple[pa.Array, int]:
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
    text = pa.array([_text(v) for v in vals], type=pa.string())
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


class _Words:
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
    words = {r: _Words() for r in (*_TEXT_ROLES, "period", "where")}
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
    arrays["r_value"], n_marked = _value_text(all_vals, thousands)
    arrays["_line"] = pa.array(
        np.concatenate(lines) if lines else np.empty(0, np.int64), pa.int64()
    )
    arrays["_where"] = words["where"].column(codes["where"])

    months = sorted(words["period"].words)
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


def _summary_mismatches(sheets: list[_Sheet], blocks: list[_Block]) -> list[str]:
    """Cross-check the download's Summary page (sheet → product) against each sheet's title."""
    summary = next((s for s in sheets if s.name == "Summary"), None)
    if summary is None:
        return []
    listed = {
        _text(r[1]): _text(r[2])
        for r in summary.rows
        if len(r) > 2 and _text(r[1]).startswith("Sheet ")
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


# ---------------------------------------------------------------------------------------------
# A data-browser sheet saved as CSV


def _csv_text(path: Path) -> tuple[str, str]:
    """The file's text and its encoding: UTF-8 (with or without BOM) or Windows-1252, which is
    what Excel's plain "CSV (Comma delimited)" writes."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


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
    text, encoding = _csv_text(path)
    lines = text.splitlines()
    time_line = next((ln for ln in lines[:60] if re.match(r'^"?TIME"?[,;\t]', ln)), None)
    if time_line is None:
        raise InputError(f"{path}: no 'TIME' header row: not a Eurostat data-browser CSV")
    delim = time_line[4 + time_line.startswith('"') * 2]
    rows: list[list[Any]] = list(csv.reader(io.StringIO(text), delimiter=delim))
    sheet = _Sheet(path.stem, rows, 0, 0)
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


# ---------------------------------------------------------------------------------------------
# Other spreadsheets, through a YAML mapping


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
    return _text(v)


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
    blank = _texts(grid[:, used]) == ""
    keep = ~blank.all(axis=1)
    # Note rows ("Source: …") fill only the first column: no figure and no other field.
    fig_idx = melt_idx or ([found["value"]] if "value" in found else [])
    fig_blank = _texts(grid[:, fig_idx]) == ""
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
    as_text = _texts
    n_marked = 0
    arrays: dict[str, pa.Array] = {}
    consts = dict(layout.constants)
    if not melt:
        for role, c in found.items():
            arrays[f"r_{role}"] = pa.array(as_text(grid[:, c]), type=pa.string())
        for role, val in consts.items():
            arrays[f"r_{role}"] = pa.array([val] * len(grid), type=pa.string())
        if "value" in found:
            arrays["r_value"], n_marked = _value_text(as_text(grid[:, found["value"]]), thousands)
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
        melt_words = _Words()
        arrays[f"r_{mapping.melt.role}"] = melt_words.column(
            [melt_words.codes(list(melt.values()))[ci]]
        )
        arrays["r_value"], n_marked = _value_text(texts[ri, ci], thousands)
        arrays["_line"] = pa.array(line_no[ri], type=pa.int64())
        where_words = _Words()
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
    text, encoding = _csv_text(path)
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
    wb = _open_workbook(path)
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


# ---------------------------------------------------------------------------------------------
# Entry points


def read_spreadsheet(path: Path, mapping: Path | Mapping | None = None) -> Records:
    """A spreadsheet file's records: a data-browser download, or the mapping's table."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    spec = load_mapping(mapping) if isinstance(mapping, Path) else mapping
    if spec is not None:
        return read_mapped_workbook(path, spec)
    return read_databrowser_workbook(path)


def ingest_spreadsheet(
    ws: Workspace,
    path: Path,
    *,
    fmt: str = "auto",
    mapping: Path | None = None,
    progress: ProgressFn | None = None,
) -> IngestResult:
    """Ingest an XLSX/ODS/XLS file: read it here, validate and store through `ingest_records`."""
    if fmt not in ("auto", "comext") and mapping is None:
        raise InputError(
            f"{path}: --format {fmt}: a spreadsheet is read as a Eurostat data-browser download"
            " (--format auto or comext) or through --mapping MAP.yaml"
        )
    if progress is not None:
        progress("reading", 0.0)
    rec = read_spreadsheet(path, mapping)
    if progress is not None:
        progress("reading", 100.0)
    return _ingest(ws, path, rec, progress)


def ingest_databrowser_csv(
    ws: Workspace, path: Path, progress: ProgressFn | None = None
) -> IngestResult:
    """Ingest one data-browser sheet saved as CSV."""
    rec = read_databrowser_csv(path)
    return _ingest(ws, path, rec, progress)


def ingest_mapped_csv(
    ws: Workspace, path: Path, mapping: Path, progress: ProgressFn | None = None
) -> IngestResult:
    """Ingest a CSV with a title block above its table, through a mapping with `header_row:`
    (or whose header is not on line 1)."""
    rec = read_mapped_csv(path, load_mapping(mapping))
    return _ingest(ws, path, rec, progress)


def _ingest(ws: Workspace, path: Path, rec: Records, progress: ProgressFn | None) -> IngestResult:
    from shadowtrade.formats.ingest import ingest_records

    return ingest_records(
        ws,
        path,
        rec.table,
        layout=rec.layout,
        layout_name=rec.layout_name,
        rows_read=rec.rows_read,
        skipped=rec.skipped,
        notes=rec.notes,
        progress=progress,
    )
