"""The HTML page shell and its pieces: tables, plotly figures, one self-contained file."""

from __future__ import annotations

import html
import numbers
from pathlib import Path
from typing import Any, cast

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from shadowtrade.output import cell_text, dates_as_dates, usd
from shadowtrade.report.figures import as_figure, is_usd_column

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;
max-width:1100px;color:#1d2433;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d5dae3}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}td,th{padding:.25rem .6rem;
border-bottom:1px solid #e6e9ef;text-align:left}th{background:#f3f5f9}td.n{text-align:right}
.muted{color:#667085}.kpi{display:inline-block;margin-right:2rem}
.kpi b{font-size:1.4rem;display:block}
.grade{display:inline-block;padding:.2rem .7rem;border-radius:.3rem;color:#fff;font-weight:600}
.supported{background:#b42318}.inconclusive{background:#b54708}.contradicted{background:#175cd3}
@media print{.plot{page-break-inside:avoid}}
"""


def table_html(df: pd.DataFrame, max_rows: int = 50) -> str:
    """A frame as an escaped HTML table (USD columns formatted), at most `max_rows` rows."""
    if df.empty:
        return "<p class='muted'>none</p>"
    df = dates_as_dates(df)  # DATE columns arrive as midnight timestamps
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    money = [is_usd_column(c) for c in df.columns]
    for row in df.head(max_rows).itertuples(index=False):
        cells = []
        for v, is_money in zip(row, money, strict=True):
            text = cell_text(v)
            number = isinstance(v, numbers.Real) and not isinstance(v, bool) and text != ""
            if number and is_money:
                cells.append(f"<td class='n'>{usd(float(cast(float, v)))}</td>")
            elif isinstance(v, numbers.Integral) and not isinstance(v, bool):
                cells.append(f"<td class='n'>{int(v):,}</td>")  # counts in the report's tables
            elif number:
                cells.append(f"<td class='n'>{text}</td>")
            else:
                cells.append(f"<td>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = f"<p class='muted'>{len(df) - max_rows:,} more rows</p>" if len(df) > max_rows else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def figure_html(fig: go.Figure | dict[str, Any]) -> str:
    """A figure (or a report/figures.py spec) as a div for a page that inlines plotly.js."""
    if isinstance(fig, dict):
        fig = as_figure(fig)
    fig.update_layout(
        margin={"l": 40, "r": 20, "t": 40, "b": 40}, height=380, template="plotly_white"
    )
    div: str = fig.to_html(full_html=False, include_plotlyjs=False)
    return f"<div class='plot'>{div}</div>"


def write_page(out: Path, title: str, body: str) -> None:
    """One self-contained HTML file: styles and plotly.js inlined, so it opens offline."""
    doc = (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{CSS}</style>"
        f"<script>{get_plotlyjs()}</script></head><body>{body}</body></html>"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(doc, encoding="utf-8")
