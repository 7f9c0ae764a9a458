"""Print a DataFrame as a Rich table, CSV (with header) or JSON Lines: the CLI's three formats."""

from __future__ import annotations

import sys
from enum import StrEnum

import pandas as pd
from rich.console import Console
from rich.table import Table


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


def _dates_as_dates(df: pd.DataFrame) -> pd.DataFrame:
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


def print_frame(df: pd.DataFrame, fmt: OutputFormat, *, title: str | None = None) -> None:
    df = _dates_as_dates(df)
    if fmt is OutputFormat.csv:
        df.to_csv(sys.stdout, index=False)
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
        table.add_row(*(_cell(v) for v in row))
    Console(width=200).print(table)


def _cell(v: object) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return ""
    if isinstance(v, float):
        return f"{v:,.2f}" if abs(v) < 1e15 else f"{v:.4g}"
    return str(v)
