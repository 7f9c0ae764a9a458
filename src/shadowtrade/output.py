"""Print a DataFrame as a Rich table, CSV (with header) or JSON Lines: the CLI's three formats;
and amounts in USD as people read them (`usd`)."""

from __future__ import annotations

import numbers
import sys
from enum import StrEnum
from pathlib import Path
from typing import TextIO

import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table


def terminal_progress(
    console: Console, counter: ProgressColumn, *, redirect_stderr: bool = True
) -> Progress:
    """The CLI's progress bar: stage, bar, `counter`, time; drawn only at a terminal and
    cleared when done, so that pipes and files get the results alone."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        counter,
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
        redirect_stderr=redirect_stderr,
    )


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


def dates_as_dates(df: pd.DataFrame) -> pd.DataFrame:
    """DATE columns come back from the engine as midnight timestamps: show them as dates."""
    out = df
    for col in df.columns:
        s = df[col]
        if (
            pd.api.types.is_datetime64_any_dtype(s)
            and s.dropna().dt.normalize().eq(s.dropna()).all()
        ):
            out = out.assign(**{str(col): s.dt.strftime("%Y-%m-%d").where(s.notna(), None)})
    return out


# OWASP's rule for CSV injection: a cell starting with one of these is run as a formula by
# spreadsheet programs (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`); a leading ' makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with every text cell that a spreadsheet would run as a formula prefixed by `'`.

    Only text columns are touched: a negative number in a numeric column stays a number.
    """
    out = df
    for col in df.columns:
        s = df[col]
        if s.dtype != object and not pd.api.types.is_string_dtype(s):
            continue
        text = s.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS))
        if text.any():
            out = out.assign(**{str(col): s.where(~text, "'" + s.astype(str))})
    return out


def write_csv(df: pd.DataFrame, target: Path | TextIO, *, raw: bool = False) -> None:
    """CSV with a header; formulas neutralised unless `raw`."""
    (df if raw else neutralise_formulas(df)).to_csv(target, index=False)


def print_frame(
    df: pd.DataFrame, fmt: OutputFormat, *, title: str | None = None, raw: bool = False
) -> None:
    """`df` on stdout; CSV cells that would run as spreadsheet formulas are neutralised unless
    `raw` (`--raw`)."""
    df = dates_as_dates(df)
    if fmt is OutputFormat.csv:
        write_csv(df, sys.stdout, raw=raw)
        return
    if fmt is OutputFormat.jsonl:
        if len(df):
            text = df.to_json(orient="records", lines=True, date_format="iso", force_ascii=False)
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    table = Table(title=title, show_lines=False)
    for col in df.columns:
        numeric = pd.api.types.is_numeric_dtype(df[col])
        table.add_column(str(col), justify="right" if numeric else "left", overflow="fold")
    for row in df.itertuples(index=False):
        table.add_row(*(cell_text(v) for v in row))
    Console(width=200).print(table)


def cell_text(v: object) -> str:
    """A table cell for people: empty for a missing value, decimals with thousands separators
    and two places (a score of 0.94 stays 0.94), integers as written."""
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and pd.isna(v)):
        return ""
    if isinstance(v, numbers.Integral) and not isinstance(v, bool):
        return str(int(v))  # a year or an HS code is no amount: no thousands separator
    if isinstance(v, float):
        if abs(v) >= 1e15:
            return f"{v:.4g}"
        return f"{v:,.2f}" if abs(v) >= 0.01 or v == 0 else f"{v:.2g}"
    return str(v)


def usd(value: float | None) -> str:
    """USD for people: 1.2 bn USD, 44.9 M USD, 613,708 USD."""
    if value is None or value != value:
        return ""
    v = float(value)
    if abs(v) >= 1e9:
        return f"{v / 1e9:,.1f} bn USD"
    if abs(v) >= 1e6:
        return f"{v / 1e6:,.1f} M USD"
    return f"{v:,.0f} USD"
