"""The one order cases are listed in: the CLI's `cases` and `scan`, the API and the web list,
the HTML report, the map and the flows chart.

The strongest score first; equal scores by more lines of evidence (independent findings, the
list's `lines`), then more alerts, then the case id: a tie is broken by what the analyst sees in
the list, and the same way in every place that lists cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

# The ranking's keys, each with whether the larger value comes first.
RANK: tuple[tuple[str, bool], ...] = (
    ("score", True),
    ("lines", True),
    ("alerts", True),
    ("case_id", False),
)
RANK_WORDS = "score, then more lines of evidence, then more alerts, then case id"


def rank_sql(alias: str = "", *, after: str | None = None) -> str:
    """The ranking as ORDER BY terms on the cases table (`alias`: its name in the query, "c");
    `after`: a column already sorted on before these (the web list's chosen sort), left out."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(
        f"{prefix}{col} {'DESC' if larger_first else 'ASC'} NULLS LAST"
        for col, larger_first in RANK
        if col != after
    )


def rank_keys(*, after: str | None = None) -> tuple[list[str], list[bool]]:
    """The ranking as pandas sort keys and their `ascending` flags (missing values last, as
    `rank_sql` puts them), `after` left out as there."""
    keys = [(col, not larger_first) for col, larger_first in RANK if col != after]
    return [k for k, _ in keys], [a for _, a in keys]


def rank_frame(cases: pd.DataFrame) -> pd.DataFrame:
    """Rows of the cases table (with score, lines, alerts, case_id) in the ranking's order."""
    keys, ascending = rank_keys()
    return cases.sort_values(
        keys, ascending=ascending, na_position="last", kind="stable", ignore_index=True
    )


def ranked_ids(rows: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Case ids in the ranking's order, from each case's row by id."""

    def key(cid: str) -> tuple[float, int, int, str]:
        row = rows[cid]
        return (-float(row.get("score") or 0.0), -int(row.get("lines") or 0),
                -int(row.get("alerts") or 0), cid)  # fmt: skip

    return sorted(rows, key=key)
