"""What a detector reads during a scan: tables on one engine, and the scan's shared stages.

A scan runs many detectors over the same monthly flows; the first to need a stage (the monthly
flows, the HS levels each reporter uses) builds it and the others reuse it. The context holds
that per-scan state — the stages, the small frames read off them, the key encoding of a DuckDB
scan, an incremental scan's state — apart from the workspace, which holds the connection and
its transactions. The DuckDB context reads the workspace's own file; the Spark context
(spark.py) reads its Parquet mirror through Ibis's PySpark backend. Detectors receive either
and cannot tell them apart, except by `engine`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from shadowtrade import dictionary
from shadowtrade.errors import WorkspaceError
from shadowtrade.staging import release, stage

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb
    import ibis
    import ibis.expr.types as ir
    from ibis.backends import BaseBackend

    from shadowtrade.incremental import Increment


@dataclass
class ScanContext:
    """The tables a scan reads (`table`), on `engine`, with its shared per-scan state."""

    con: BaseBackend
    path: Path
    engine: str = "duckdb"
    # The workspace's DuckDB connection: incremental state and plain-SQL reads live there.
    duck: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)
    increment: Increment | None = field(default=None, repr=False)  # in an incremental scan
    _shared: dict[str, ibis.Table] | None = field(default=None, repr=False)
    _provided: dict[str, ibis.Table] = field(default_factory=dict, repr=False)
    _frames: dict[str, Any] = field(default_factory=dict, repr=False)
    _encoding: bool = field(default=False, repr=False)  # inside a DuckDB `sharing`: see encode
    # The workspace's transactions: the incremental state a DuckDB scan keeps in its file.
    begin_writes: Callable[[], AbstractContextManager[object]] | None = field(
        default=None, repr=False
    )
    # What each detector of this scan says beside its alerts (`remark`): the scan's account
    # (detect/inputs.py) prints it. A Spark scan's context shares its workspace's dict.
    remarks: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def remark(self, detector: str, sentences: list[str]) -> None:
        """What `detector` wants said of this scan beyond its alerts (what it could not compare,
        and why): replaces what it said before; kept until the scan's sharing ends."""
        self.remarks[detector] = list(sentences)

    @property
    def raw(self) -> duckdb.DuckDBPyConnection:
        """The workspace's DuckDB connection (a DuckDB scan only)."""
        if self.duck is None:
            raise WorkspaceError(f"this step needs DuckDB, not the {self.engine} engine")
        return self.duck

    def transaction(self) -> AbstractContextManager[object]:
        """Writes that commit together (the workspace's transaction; a DuckDB scan only)."""
        if self.begin_writes is None:
            raise WorkspaceError(f"this step writes to the workspace, not the {self.engine} engine")
        return self.begin_writes()

    def table(self, name: str) -> ibis.Table:
        return self.con.table(name)

    @property
    def in_scan(self) -> bool:
        """Inside `sharing`: stages and frames are kept for the other detectors."""
        return self._shared is not None

    @contextmanager
    def sharing(self) -> Iterator[None]:
        """Within, a table made by `shared` is computed once and reused, so that detectors run
        together read the monthly flows once; the tables are released on exit, as the data may
        change afterwards."""
        outer = self._shared is not None
        if not outer:
            self._shared, self._frames = {}, {}
            if self.engine == "duckdb":
                dictionary.define(self.raw)
                self._encoding = True
        try:
            yield
        finally:
            if not outer:
                kept, self._shared = self._shared or {}, None
                self._provided, self._frames = {}, {}
                self._encoding = False
                self.remarks.clear()
                for t in kept.values():
                    release(t)

    def encode(self, value: ir.StringValue, kind: str) -> ir.StringValue:
        """`value` (a key column: kind 'country', 'flow', 'hs6' or 'hs4') dictionary-encoded
        inside a DuckDB scan (dictionary.py), else itself. (Tables an incremental scan keeps
        between scans still hold strings: they are written through Ibis's schema.)"""
        if not self._encoding:
            return value
        return dictionary.encode(value, kind)

    def provide(self, name: str, table: ibis.Table) -> None:
        """Inside `sharing`: `shared(name)` returns this stored table (an incremental scan's
        maintained state) instead of computing it."""
        self._provided[name] = table

    def shared(self, name: str, build: Callable[[], ibis.Table]) -> ibis.Table:
        """`build()` materialised; inside `sharing`, once per name."""
        if name in self._provided:
            return self._provided[name]
        if self._shared is None:
            return stage(build())
        if name not in self._shared:
            self._shared[name] = stage(build())
        return self._shared[name]

    def frame(self, name: str, build: Callable[[], Any]) -> Any:
        """A small frame read off the shared stages (`build()`); inside `sharing`, once per
        name, else every time."""
        if self._shared is None:
            return build()
        if name not in self._frames:
            self._frames[name] = build()
        return self._frames[name]
