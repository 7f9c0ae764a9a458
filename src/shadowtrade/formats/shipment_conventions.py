"""How a shipments file writes its numbers and dates, decided from the whole file and said.

A European export writes `1.234,56` and `15,2`; an American one `1,234.56` and `03/14/2023`.
Read with the wrong convention, every value is silently wrong (issue 18: `1.234,56` became
1.23456, `15,2` kg became 152 kg, `1/1/23` the year 1). One file uses one convention, so every
number column (value, weights, quantity) is looked at together: a value only one convention can
read (`15,2`, `1.234,56`, `12.5`, `1,234,567`) settles it; values that fit both (`1,234`,
`61.828`) follow the file's evidence, or the delimiter's custom in a ','-file; evidence both ways,
or ambiguity in a file whose delimiter says nothing, is refused unless the mapping says
(`decimal: ','`). Dates likewise: a first number above 12 makes the file day-first, a second
above 12 month-first, dotted dates are day-first by convention; ambiguity left, or two-digit
years, is refused unless the mapping says (`date_order`, `date_format`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shadowtrade.errors import InputError

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

NUMBER_ROLES = ("value", "net_weight", "gross_weight", "quantity")
DATE_ROLES = ("date", "certificate_date")
DATE_ORDERS = {
    # ISO is always accepted; the convention says how to read slashed and dotted dates.
    "dmy": ("%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y"),
    "mdy": ("%m/%d/%Y", "%m-%d-%Y", "%m.%d.%Y"),
    "iso": (),
}
ISO_DATES = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")
NON_FINITE = ("nan", "inf", "infinity")

# Number shapes (spaces and a leading sign removed first). A group of three digits after a
# single separator, with one to three digits before it not starting with 0, fits both readings.
_G = r"[1-9]\d{0,2}"
_NUMBER_CLASSES = (
    ("comma_groups", rf"^{_G}(,\d{{3}}){{2,}}$|^{_G}(,\d{{3}})+\.\d+$", "."),
    ("dot_groups", rf"^{_G}(\.\d{{3}}){{2,}}$|^{_G}(\.\d{{3}})+,\d+$", ","),
    ("dot_ambiguous", rf"^{_G}\.\d{{3}}$", None),
    ("comma_ambiguous", rf"^{_G},\d{{3}}$", None),
    ("dot_decimal", r"^\d+\.\d+$", "."),
    ("comma_decimal", r"^\d+,\d+$", ","),
)
_VALID = {
    ".": r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[+-]?\.\d+$",
    ",": r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$|^[+-]?,\d+$",
}
_SCIENTIFIC = r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$"


def _s(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _clean(expr: str) -> str:
    """The text with spaces (also no-break and thin spaces) taken out."""
    return f"regexp_replace({expr}, '[\\s\\x{{a0}}\\x{{202f}}]', '', 'g')"


def number_sql(expr: str, decimal: str) -> str:
    """SQL reading `expr` with `decimal` as the decimal mark; NULL when it is no number in that
    convention. NaN and infinities are read (as themselves) so that they can be quarantined."""
    c = _clean(expr)
    plain = (
        f"replace({c}, ',', '')" if decimal == "." else f"replace(replace({c}, '.', ''), ',', '.')"
    )
    words = ", ".join(_s(w) for w in NON_FINITE)
    return (
        f"CASE WHEN regexp_matches({c}, {_s(_VALID[decimal])}) THEN TRY_CAST({plain} AS DOUBLE)"
        f" WHEN regexp_matches({c}, {_s(_SCIENTIFIC)}) THEN TRY_CAST({c} AS DOUBLE)"
        f" WHEN ltrim(lower({c}), '+-') IN ({words}) THEN TRY_CAST({c} AS DOUBLE) END"
    )


@dataclass
class Conventions:
    """The decimal mark and date formats a file is read with, and why, in words."""

    decimal: str = "."
    date_order: str = "iso"
    date_formats: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    def as_profile(self) -> dict[str, Any]:
        return {
            "decimal_mark": self.decimal,
            "date_order": self.date_order,
            "date_formats": [*ISO_DATES, *self.date_formats],
        }


@dataclass(frozen=True)
class _Seen:
    count: int
    line: int
    value: str
    column: str

    def example(self) -> str:
        return f"{self.value!r} (line {self.line}, column {self.column})"


def _classes(ws: Workspace, table: str, roles: dict[str, str], sql: str) -> dict[str, _Seen]:
    """Per class of `sql` (a CASE over `v`): how many values, and the first one."""
    parts = [
        f"SELECT _line, {_s(roles[r])} AS col, t_{r} AS v FROM {table} WHERE t_{r} IS NOT NULL"
        for r in roles
    ]
    if not parts:
        return {}
    got = ws.raw.execute(
        f"SELECT k, count(*), min(_line), arg_min(v, _line), arg_min(col, _line) FROM"
        f" (SELECT _line, col, v, {sql} AS k FROM ({' UNION ALL '.join(parts)}))"
        " WHERE k IS NOT NULL GROUP BY k"
    ).fetchall()
    return {str(k): _Seen(int(n), int(line), str(v), str(col)) for k, n, line, v, col in got}


def settle_numbers(
    ws: Workspace,
    table: str,
    path: Path,
    roles: dict[str, str],
    *,
    delimiter: str,
    decimal: str | None,
) -> tuple[str, list[str]]:
    """The decimal mark of the file's numbers ('.' or ','), and what was decided, in words."""
    cols = {r: roles[r] for r in NUMBER_ROLES if r in roles}
    v = f"ltrim({_clean('v')}, '+-')"
    whens = " ".join(
        f"WHEN regexp_matches({v}, {_s(rx)}) THEN {_s(k)}" for k, rx, _ in _NUMBER_CLASSES
    )
    seen = _classes(ws, table, cols, f"CASE {whens} END")
    if decimal is not None:
        return decimal, [f"numbers read with {decimal!r} as the decimal mark, as the mapping says"]
    points = [seen[k] for k, _, d in _NUMBER_CLASSES if d == "." and k in seen]
    commas = [seen[k] for k, _, d in _NUMBER_CLASSES if d == "," and k in seen]
    way_out = "; say which in a mapping file (decimal: ',' or decimal: '.')"
    if points and commas:
        raise InputError(
            f"{path}: numbers are written with a decimal point, e.g. {points[0].example()}, and"
            f" with a decimal comma, e.g. {commas[0].example()}; nothing ingested{way_out}"
        )
    amb_dot, amb_comma = seen.get("dot_ambiguous"), seen.get("comma_ambiguous")
    if commas:
        n = sum(s.count for s in commas)
        note = (
            f"numbers read with ',' as the decimal mark and '.' grouping thousands: {n:,} values"
            f" only that convention reads, e.g. {commas[0].example()}"
        )
        if amb_dot is not None:
            note += f"; so {amb_dot.value!r} is read as {amb_dot.value.replace('.', '')}"
        return ",", [note]
    if points:
        notes = []
        if amb_comma is not None or "comma_groups" in seen:
            first = amb_comma or seen["comma_groups"]
            notes.append(
                f"numbers read with '.' as the decimal point and ',' grouping thousands, e.g."
                f" {first.example()} as {first.value.replace(',', '')}"
            )
        return ".", notes
    if amb_dot is not None and amb_comma is not None:
        raise InputError(
            f"{path}: {amb_dot.example()} and {amb_comma.example()} cannot both group"
            f" thousands, and no number in the file tells which mark is decimal; nothing"
            f" ingested{way_out}"
        )
    amb = amb_dot or amb_comma
    if amb is None:
        return ".", []
    if delimiter != ",":
        raise InputError(
            f"{path}: {amb.example()} may be a decimal or a number with a thousands mark, and no"
            f" number in this {delimiter!r}-separated file tells which; nothing ingested{way_out}"
        )
    if amb is amb_comma:
        return ".", [
            f"{_values(amb.count)} such as {amb.example()} read with ',' grouping thousands"
            " (a ','-separated file, where a decimal comma would need quotes, and no number"
            " has a decimal comma)"
        ]
    return ".", [
        f"{_values(amb.count)} such as {amb.example()} read with '.' as the decimal point"
        " (a ','-separated file, and no number has a decimal comma)"
    ]


_DATE_CLASSES = (
    ("iso", r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T].*)?$|^\d{8}$"),
    ("two_digit_year", r"^\d{1,2}[./-]\d{1,2}[./-]\d{2}$"),
    ("dotted", r"^\d{1,2}\.\d{1,2}\.\d{4}$"),
)


def settle_dates(
    ws: Workspace,
    table: str,
    path: Path,
    roles: dict[str, str],
    *,
    date_order: str | None,
    date_format: str | None,
) -> tuple[str, tuple[str, ...], list[str]]:
    """(order, strptime formats tried after ISO, notes) for the file's dates."""
    cols = {r: roles[r] for r in DATE_ROLES if r in roles}
    whens = " ".join(
        f"WHEN regexp_matches(trim(v), {_s(rx)}) THEN {_s(k)}" for k, rx in _DATE_CLASSES
    )
    rx = r"'^(\d{1,2})[/-](\d{1,2})[/-]\d{4}$'"
    first, second = (f"regexp_extract(trim(v), {rx}, {g})" for g in (1, 2))
    sql = (
        f"CASE {whens} WHEN TRY_CAST({first} AS INT) > 12 THEN 'day_first'"
        f" WHEN TRY_CAST({second} AS INT) > 12 THEN 'month_first'"
        f" WHEN {first} <> '' AND TRY_CAST({first} AS INT) <> TRY_CAST({second} AS INT)"
        " THEN 'ambiguous' END"
    )
    seen = _classes(ws, table, cols, sql)
    if date_format is not None:
        return "format", (date_format,), [f"dates read as {date_format!r}, as the mapping says"]
    two = seen.get("two_digit_year")
    if two is not None:
        raise InputError(
            f"{path}: the date {two.example()} has a two-digit year ({_dates(two.count)});"
            " nothing ingested; say how to read them in a mapping file (date_format: '%d/%m/%y'"
            " reads 00-68 as 2000-2068 and 69-99 as 1969-1999)"
        )
    if date_order is not None:
        said = (
            []
            if date_order == "iso"
            else [f"dates read {_ORDER_WORDS[date_order]}, as the mapping says"]
        )
        return date_order, DATE_ORDERS[date_order], said
    day = [s for k in ("day_first", "dotted") if (s := seen.get(k)) is not None]
    month = seen.get("month_first")
    way_out = "; say which in a mapping file (date_order: dmy or date_order: mdy)"
    if day and month is not None:
        raise InputError(
            f"{path}: dates are written day-first, e.g. {day[0].example()}, and month-first, e.g."
            f" {month.example()}; nothing ingested{way_out}"
        )
    if month is not None:
        return (
            "mdy",
            DATE_ORDERS["mdy"],
            [
                f"dates read month-first (MM/DD/YYYY): {month.count:,} have a second number"
                f" above 12, e.g. {month.example()}"
            ],
        )
    amb = seen.get("ambiguous")
    if day:
        notes = []
        if "day_first" in seen:
            s = seen["day_first"]
            notes.append(
                f"dates read day-first (DD/MM/YYYY): {s.count:,} have a first number above 12,"
                f" e.g. {s.example()}"
            )
        if "dotted" in seen:
            notes.append(
                f"{seen['dotted'].count:,} dates written with dots read day-first (DD.MM.YYYY),"
                f" the convention of dotted dates, e.g. {seen['dotted'].example()}"
            )
        return "dmy", DATE_ORDERS["dmy"], notes
    if amb is not None:
        raise InputError(
            f"{path}: the date {amb.example()} may be day-first or month-first, and no date in"
            f" the file has a number above 12 to tell ({_dates(amb.count)}); nothing"
            f" ingested{way_out}"
        )
    # ISO dates only, or dates such as 05/05/2023 that read the same either way.
    return "iso", DATE_ORDERS["dmy"], []


def _values(n: int) -> str:
    return f"{n:,} value{'' if n == 1 else 's'}"


def _dates(n: int) -> str:
    return f"{n:,} such date{'' if n == 1 else 's'}"


_ORDER_WORDS = {"dmy": "day-first", "mdy": "month-first", "iso": "as ISO dates"}


def settle(
    ws: Workspace,
    table: str,
    path: Path,
    roles: dict[str, str],
    *,
    delimiter: str,
    decimal: str | None = None,
    date_order: str | None = None,
    date_format: str | None = None,
) -> Conventions:
    """Both conventions of the file's text table `table` (`_line`, `t_<role>` columns)."""
    mark, number_notes = settle_numbers(
        ws, table, path, roles, delimiter=delimiter, decimal=decimal
    )
    order, formats, date_notes = settle_dates(
        ws, table, path, roles, date_order=date_order, date_format=date_format
    )
    return Conventions(mark, order, formats, [*number_notes, *date_notes])
