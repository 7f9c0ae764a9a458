"""Aggregates every engine computes the same way.

DuckDB's `mode()` has no PySpark counterpart in Ibis, and its choice among equally frequent
values is arbitrary; `most_frequent` names the most frequent value and breaks ties by the
smallest, on any engine.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir


def most_frequent(t: ir.Table, keys: list[str], column: str, name: str) -> ir.Table:
    """Per group of `keys`, the most frequent non-null value of `column` (ties: the smallest),
    as a table of the keys and `name`, to join back to the group's aggregates."""
    counts = t.filter(t[column].notnull()).group_by([*keys, column]).agg(_n=ibis._.count())
    w = ibis.window(group_by=keys, order_by=[ibis.desc("_n"), column])
    ranked = counts.mutate(_r=ibis.row_number().over(w))
    return ranked.filter(ranked._r == 0).select(*keys, **{name: ranked[column]})


def with_most_frequent(
    g: ir.Table, t: ir.Table, keys: list[str], columns: dict[str, str]
) -> ir.Table:
    """`g` (aggregates of `t` by `keys`) with the most frequent value of each column of `t`
    (name in `g` → column of `t`)."""
    for name, column in columns.items():
        g = g.left_join(most_frequent(t, keys, column, name), keys)
        g = g.drop(*[f"{k}_right" for k in keys if f"{k}_right" in g.columns])
    return g
