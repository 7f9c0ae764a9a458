"""Dictionary-encoded key columns for a DuckDB scan.

The trade detectors group, join and sort tens of millions of monthly rows by country, flow and
HS code. As DuckDB ENUMs those keys are one or two bytes instead of strings, and every pass over
the monthly flows (the change-point windows above all) runs about twice as fast. Ibis reads an
ENUM as a string, so the detectors' expressions do not change: `Workspace.encode` wraps a key
in a macro that casts it to the scan's dictionary, and is the identity on Spark and outside a
scan. A scan's stages keep the ENUMs (staging.py); tables that outlive a scan (an incremental
scan's state) are written through Ibis's schema and so hold plain strings, which the scan
re-encodes as it reads them.

Each dictionary is sorted, so ENUM order is string order: sorting or comparing encoded keys
gives the same answer as on the strings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ibis

if TYPE_CHECKING:
    import duckdb
    import ibis.expr.types as ir

# kind → the columns whose values it holds (each read with its own SELECT DISTINCT, which
# DuckDB answers from its dictionary-compressed storage almost for free; a UNION of them
# would hash every row).
_VALUES = {
    "country": [
        ("ref_countries", "iso3"),
        ("trade_flows", "reporter"),
        ("trade_flows", "partner"),
        ("trade_aggregates", "reporter"),
        ("trade_aggregates", "partner"),
    ],
    "flow": [("trade_flows", "flow"), ("trade_aggregates", "flow")],
    "hs6": [("trade_flows", "substr(hs_code, 1, 6)")],
    "hs4": [("trade_flows", "substr(hs_code, 1, 4)")],
}
_EXTRA = {"hs6": {"TOTAL"}}  # the code of all-goods totals
# A code is compared at the level a reporter reports (flows.py): HS6 rows of one reporter may be
# cut to the HS4 heading or HS2 chapter another reports, so those prefixes are keys too (taken
# from the distinct codes, not from another pass over the rows).
_PREFIXES = {"hs6": (4, 2), "hs4": (2,)}


def _macro(kind: str) -> Callable[[ir.StringValue], ir.StringValue]:
    """An Ibis call of the DuckDB macro `st_dict_<kind>` (typed as a string, which it reads as)."""

    def call(value: str) -> str:
        return value  # never run: `builtin` names a function the engine already has

    udf: Callable[[ir.StringValue], ir.StringValue] = ibis.udf.scalar.builtin(
        call, name=f"st_dict_{kind}"
    )
    return udf


_ENCODERS = {kind: _macro(kind) for kind in _VALUES}


def define(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the encoding macros from the values now in the workspace (a few ms: DuckDB
    reads distinct values of dictionary-compressed columns almost for free)."""
    for kind, columns in _VALUES.items():
        found = set(_EXTRA.get(kind, set()))
        for table, column in columns:
            rows = con.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall()
            found.update(str(v) for (v,) in rows if v is not None)
        for n in _PREFIXES.get(kind, ()):
            found.update({v[:n] for v in found if len(v) > n and v[:n].isdigit()})
        # Sorted as DuckDB sorts strings (by bytes): ENUM order is then string order.
        ordered = sorted(found, key=lambda v: v.encode())
        values = ", ".join("'" + v.replace("'", "''") + "'" for v in ordered)
        body = f"CAST(x AS ENUM({values}))" if values else "x"  # no values: nothing to encode
        con.execute(f"CREATE OR REPLACE TEMP MACRO st_dict_{kind}(x) AS {body}")


def encode(value: ir.StringValue, kind: str) -> ir.StringValue:
    """`value` through the `kind` macro (defined by `define`)."""
    return _ENCODERS[kind](value)
