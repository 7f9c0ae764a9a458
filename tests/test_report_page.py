"""Report tables as people read them: known frames, known cells."""

from __future__ import annotations

import pandas as pd

from shadowtrade.output import cell_text
from shadowtrade.report.page import table_html


def test_table_cells_keep_scores_dates_and_missing_values_readable() -> None:
    df = pd.DataFrame(
        {
            "score": [0.94, 0.5],
            "period_start": pd.to_datetime(["2022-03-01", "2022-04-01"]),
            "assignee": [None, "ana"],
            "value_usd": [1_580_000.0, float("nan")],
            "months": [1200, 3],
        }
    )
    html = table_html(df)
    assert "<td class='n'>0.94</td>" in html and "<td class='n'>0.50</td>" in html
    assert "<td>2022-03-01</td>" in html and "00:00:00" not in html
    assert "<td></td>" in html and "None" not in html and "nan" not in html
    assert "<td class='n'>1.6 M USD</td>" in html
    assert "<td class='n'>1,200</td>" in html


def test_cell_text() -> None:
    assert cell_text(0.94) == "0.94"
    assert cell_text(0.0) == "0.00"
    assert cell_text(0.004) == "0.004"
    assert cell_text(1_234_567.891) == "1,234,567.89"
    assert cell_text(None) == cell_text(pd.NA) == cell_text(pd.NaT) == cell_text(float("nan")) == ""
    assert cell_text(2022) == "2022" and cell_text(930690) == "930690"  # years, HS codes
    assert cell_text("x") == "x"
