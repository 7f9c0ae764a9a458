"""Materialised stages of a scan, made through Ibis's public API only.

Detectors build a stage (the monthly flows of every route, the rising legs of every hub) and
read it several times; left as an expression it would be recomputed at every read. Ibis's own
`.cache()` materialises it, but not as the scan needs: on DuckDB it creates the table from the
Ibis schema and inserts into it, which turns dictionary-encoded keys (dictionary.py: ENUMs,
read by Ibis as strings) back into strings and so halves the speed of every later pass; on
Spark it caches a view whose whole plan Spark's analyser expands again wherever it is read, so
plans grow stage after stage until the driver runs out of memory.

`stage(expr)` keeps both properties without overriding any private Ibis method, so that Ibis
can move with its releases: on DuckDB the compiled expression is copied with CREATE TEMP
TABLE … AS, which keeps DuckDB's column types (a temporary table, as `.cache()` makes: it works
on a read-only workspace and inside a transaction on the workspace's file); on Spark a
temporary view of the expression is checkpointed (materialised in the executors, plan cut)
under the stage's name. A stage is
dropped when the last expression that reads it is garbage-collected (as Ibis does for
`.cache()`), or at once by `release`.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import sys
import weakref
from typing import TYPE_CHECKING, Protocol

import duckdb
import ibis
import ibis.expr.operations as ops
from ibis.backends.sql.datatypes import DuckDBType

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from ibis.backends import BaseBackend
    from pyspark.sql import SparkSession

_NAMES = itertools.count()
_TEMP = ("temp", "main")  # DuckDB's catalog of temporary objects


class Stager(Protocol):
    """How one engine materialises a stage and drops it. A stager holds no connection (it is
    given one), so that registering it keeps no connection alive."""

    def materialise(self, con: BaseBackend, name: str, expr: ir.Table) -> ir.Table: ...

    def drop(self, con: BaseBackend, name: str) -> None: ...


class DuckDBStager:
    """Stages as DuckDB temporary tables that keep their column types (ENUM keys above all)."""

    def materialise(self, con: BaseBackend, name: str, expr: ir.Table) -> ir.Table:
        # Strings keep DuckDB's own type (an ENUM stays an ENUM); other columns take the type
        # Ibis expects, which DuckDB's may differ from (year() is BIGINT there, int32 in Ibis).
        cols = []
        for col, dtype in expr.schema().items():
            q = quote_name(col)
            typed = DuckDBType.from_ibis(dtype).sql(dialect="duckdb")
            cols.append(q if dtype.is_string() else f"CAST({q} AS {typed}) AS {q}")
        con.raw_sql(
            f"CREATE TEMP TABLE {quote_name(name)} AS "
            f"SELECT {', '.join(cols)} FROM ({duckdb_sql(con, expr)}) AS t"
        )
        # The table's schema is the expression's (strings read as strings, the rest cast above),
        # nullable as DuckDB describes every column: asking DuckDB for it again (`con.table`)
        # cost 80 ms a stage, 3 CPU-s over the 36 stages of a 10 M-row scan.
        schema = ibis.schema({c: t.copy(nullable=True) for c, t in expr.schema().items()})
        namespace = ops.Namespace(catalog=_TEMP[0], database=_TEMP[1])
        return ops.DatabaseTable(name, schema=schema, source=con, namespace=namespace).to_expr()

    def drop(self, con: BaseBackend, name: str) -> None:
        # A closed connection took its temporary tables with it: nothing left to drop.
        with contextlib.suppress(duckdb.ConnectionException):
            con.drop_table(name, database=_TEMP, force=True)


class SparkStager:
    """Stages as checkpointed Spark DataFrames: the plan is cut, so later stages stay small."""

    def __init__(self, session: SparkSession) -> None:
        self.session = session
        self._frames: dict[str, object] = {}

    def materialise(self, con: BaseBackend, name: str, expr: ir.Table) -> ir.Table:
        view = f"{name}_source"
        con.create_view(view, expr, overwrite=True)
        df = self.session.table(view).localCheckpoint(eager=True)
        df.createOrReplaceTempView(name)
        self.session.catalog.dropTempView(view)
        self._frames[name] = df
        return con.table(name)

    def drop(self, con: BaseBackend, name: str) -> None:
        self.session.catalog.dropTempView(name)
        df = self._frames.pop(name, None)
        if df is not None:
            df.unpersist()  # type: ignore[attr-defined]


# Keyed by the connection object's identity: Ibis backends compare equal when they were opened
# with the same arguments, so a WeakKeyDictionary would hand a closed connection's stager to a
# new connection to the same file. An entry goes when its connection is collected.
_STAGERS: dict[int, tuple[weakref.ref[BaseBackend], Stager]] = {}
# Each stage not yet dropped: its connection (held until the stage is dropped), its stager and
# the finaliser that drops it when nothing reads it any more.
_LIVE: dict[str, tuple[BaseBackend, Stager, weakref.finalize[..., object]]] = {}
_DUCKDB = DuckDBStager()


def register(con: BaseBackend, stager: Stager) -> None:
    """Stage expressions of `con` with `stager` (DuckDB connections need no registration)."""
    _STAGERS[id(con)] = (weakref.ref(con, functools.partial(_forget, id(con))), stager)


def _forget(key: int, _gone: object) -> None:
    if _STAGERS is not None:  # None while the interpreter shuts down
        _STAGERS.pop(key, None)


def _stager(con: BaseBackend) -> Stager:
    entry = _STAGERS.get(id(con))
    if entry is not None and entry[0]() is con:
        return entry[1]
    if con.name != "duckdb":
        raise TypeError(f"no stager registered for the {con.name} backend")
    return _DUCKDB


def stage(expr: ir.Table) -> ir.Table:
    """`expr` materialised on its own engine; read it as often as needed."""
    con = ibis.get_backend(expr)
    stager = _stager(con)
    name = f"st_stage_{next(_NAMES)}"
    table = stager.materialise(con, name, expr)
    finaliser = weakref.finalize(table.op(), _drop, name)
    _LIVE[name] = (con, stager, finaliser)
    return table


def release(table: ir.Table) -> None:
    """Drop a stage now rather than when it is garbage-collected (a no-op for other tables)."""
    name = getattr(table.op(), "name", None)
    entry = _LIVE.get(name) if isinstance(name, str) else None
    if entry is not None:
        entry[2]()  # runs `_drop` once and detaches the finaliser


def live() -> list[str]:
    """The names of the stages not yet dropped (for tests and diagnostics)."""
    return sorted(_LIVE)


def _drop(name: str) -> None:
    entry = _LIVE.pop(name, None)
    if entry is None:
        return
    try:
        entry[1].drop(entry[0], name)
    except Exception:
        # At interpreter shutdown the connection may be gone before the stage: nothing to drop.
        if not sys.is_finalizing():
            raise


def quote_name(name: str) -> str:
    """A table or column name quoted for DuckDB's SQL."""
    return '"' + name.replace('"', '""') + '"'


def duckdb_sql(con: BaseBackend, expr: ir.Table) -> str:
    """The expression's SQL, for a query run on the connection directly, with the in-memory
    tables it reads registered first: Ibis registers them only when it executes an expression
    itself, and a LIMIT 0 read of each does that without reading anything."""
    for memtable in expr.op().find(ops.InMemoryTable):
        con.execute(memtable.to_expr().limit(0))
    return str(con.compile(expr))
