"""An Ibis expression's result as a pandas frame, without Ibis's per-value copy of ENUM keys.

A scan's stages keep their keys dictionary-encoded (dictionary.py), and Ibis's DuckDB backend
turns every dictionary-encoded column it fetches into Python objects one value at a time
(`to_pylist`): a fifth of a second for the 140 thousand flagged months route_break reads back,
several times the query itself. `fetch` has DuckDB decode the keys to strings in the query and
converts the rest exactly as Ibis does (nested columns and columns with nulls value by value,
the others as arrays, then Ibis's own type conversion), so the frame is the one `to_pandas`
gives. On another engine it is `to_pandas`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import pandas as pd
import pyarrow.types as pat

from shadowtrade.staging import duckdb_sql, quote_name

if TYPE_CHECKING:
    import ibis.expr.types as ir


def fetch(expr: ir.Table) -> pd.DataFrame:
    """`expr.to_pandas()`, with dictionary-encoded string columns decoded by the engine."""
    con = ibis.get_backend(expr)
    if con.name != "duckdb":
        frame: pd.DataFrame = expr.to_pandas()
        return frame
    from ibis.backends.duckdb.converter import DuckDBPandasData

    schema = expr.schema()
    cols = [
        f"CAST({quote_name(c)} AS VARCHAR) AS {quote_name(c)}" if t.is_string() else quote_name(c)
        for c, t in schema.items()
    ]
    sql = f"SELECT {', '.join(cols)} FROM ({duckdb_sql(con, expr)}) AS t"
    table = con.raw_sql(sql).fetch_arrow_table()
    df = pd.DataFrame(
        {
            name: (
                col.to_pylist()
                if pat.is_nested(col.type) or pat.is_dictionary(col.type) or col.null_count
                else col.to_pandas()
            )
            for name, col in zip(table.column_names, table.columns, strict=True)
        }
    )
    out: pd.DataFrame = DuckDBPandasData.convert_table(df, schema)
    return out
