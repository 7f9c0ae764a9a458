"""Opening the workspace: a folder holding a DuckDB file, reached through Ibis.

The workspace keeps every canonical table (schema.py) and the shipped reference tables. Writes
happen inside explicit transactions so that a failed or killed ingest leaves no trace.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import ibis
import pandas as pd

from shadowtrade import schema, write_journal
from shadowtrade.errors import InputError, WorkspaceError
from shadowtrade.reference import (
    DATA_DIR,
    control_list,
    countries,
    country_keys,
    cover_codes,
    eur_usd_monthly,
    hs_concordance,
    hs_nomenclature,
)
from shadowtrade.scan_context import ScanContext
from shadowtrade.write_journal import Write

if TYPE_CHECKING:
    import duckdb
    import ibis.expr.types as ir
    from ibis.backends.duckdb import Backend as DuckDBBackend

    from shadowtrade.incremental import Increment

DEFAULT_WORKSPACE = "shadowtrade-workspace"
DB_FILE = "shadowtrade.duckdb"
LOCK_FILE = "write.lock"  # the writers' lock beside it (writelock.py)


def default_workspace() -> Path:
    """`$SHADOWTRADE_WORKSPACE` or `./shadowtrade-workspace`."""
    return Path(os.environ.get("SHADOWTRADE_WORKSPACE", DEFAULT_WORKSPACE))


@dataclass
class Workspace:
    """A workspace folder and its open Ibis connection."""

    path: Path
    con: DuckDBBackend
    read_only: bool = False
    _ref_loaded: bool = field(default=False, repr=False)
    scan_engine: str | None = None  # the engine `scan()` uses (None: $SHADOWTRADE_ENGINE)
    # What a DuckDB scan of this workspace reads, and its per-scan state (scan_context.py).
    scan_context: ScanContext = field(init=False, repr=False)
    recovered: list[str] = field(default_factory=list)  # what opening repaired (in words)
    # The workspace this one is a read-only copy of (a snapshot a running server made), which
    # what is written from it names as its source.
    copy_of: Path | None = None

    engine = "duckdb"  # the workspace's own engine; a Spark scan reads a ScanContext

    def __post_init__(self) -> None:
        self.scan_context = ScanContext(
            con=self.con, path=self.path, duck=self.raw, begin_writes=self.transaction
        )

    @property
    def raw(self) -> duckdb.DuckDBPyConnection:
        """The underlying DuckDB connection, for transactions and file scans."""
        con: duckdb.DuckDBPyConnection = self.con.con
        return con

    def table(self, name: str) -> ibis.Table:
        return self.con.table(name)

    @contextmanager
    def transaction(self, name: str = "") -> Iterator[Write]:
        """All writes inside commit together or not at all (`name`: what for, in the Ctrl-C
        message and tests' fault points; a kill inside DuckDB's COMMIT is repaired on the next
        open, see `recover_interrupted_imports`). The writer may say what it wrote in the
        Write yielded; the journal (write_journal.py) records the end, so that a Ctrl-C is
        told truly whether the write landed: one arriving from COMMIT until it is recorded
        waits until then."""
        write = write_journal.begun(name)
        self.raw.execute("BEGIN TRANSACTION")
        try:
            yield write
            release = write_journal.interrupts_held()
        except BaseException as exc:
            self.raw.execute("ROLLBACK")
            write_journal.rolled_back(write, exc)
            raise
        try:
            _kill_during_commit(name)
            self.raw.execute("COMMIT")
            write_journal.committed(write)
        except BaseException as exc:
            write_journal.rolled_back(write, exc)
            raise
        finally:
            release()

    # A detector, or a test, given the workspace reads through its scan context.
    def sharing(self) -> AbstractContextManager[None]:
        return self.scan_context.sharing()

    def shared(self, name: str, build: Callable[[], ibis.Table]) -> ibis.Table:
        return self.scan_context.shared(name, build)

    def encode(self, value: ir.StringValue, kind: str) -> ir.StringValue:
        return self.scan_context.encode(value, kind)

    def provide(self, name: str, table: ibis.Table) -> None:
        self.scan_context.provide(name, table)

    def frame(self, name: str, build: Callable[[], Any]) -> Any:
        return self.scan_context.frame(name, build)

    @property
    def increment(self) -> Increment | None:
        return self.scan_context.increment

    def ensure_reference(self) -> None:
        """Store the shipped reference tables in the workspace when missing or out of date.

        They live in the workspace (not only in memory) so that `shadowtrade query` can join them.
        """
        if self._ref_loaded or self.read_only:
            return
        version = reference_version()
        self.raw.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        row = self.raw.execute("SELECT value FROM meta WHERE key = 'reference_version'").fetchone()
        if row is None or row[0] != version:
            frames: dict[str, pd.DataFrame] = {
                "ref_countries": countries(),
                "ref_hs": hs_nomenclature(),
                "ref_hs_concordance": hs_concordance(),
                "ref_country_keys": country_keys(),
                "ref_control_list": control_list(),
                "ref_cover_codes": cover_codes(),
                "ref_eur_usd": eur_usd_monthly(),
            }
            with self.transaction("reference") as write:
                write.wrote = "the shipped reference tables"
                for name, df in frames.items():
                    self.raw.register(f"_{name}_df", df)
                    self.raw.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _{name}_df")
                    self.raw.unregister(f"_{name}_df")
                self.raw.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('reference_version', ?)", [version]
                )
        self._ref_loaded = True

    def close(self) -> None:
        self.con.disconnect()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        """`with shadowtrade.open(path) as ws:` closes the connection however the block ends."""
        self.close()


def _kill_during_commit(name: str) -> None:
    """Tests' fault point inside COMMIT: `SHADOWTRADE_FAULT=commit:<name>:<ms>` kills the
    process that many milliseconds after the named transaction's COMMIT starts (DuckDB's
    commit itself is not atomic on a kill)."""
    fault = os.environ.get("SHADOWTRADE_FAULT", "")
    if fault.startswith("commit:") and name and fault.split(":")[1] == name:
        delay = float(fault.split(":")[2]) / 1000
        threading.Timer(delay, os.kill, (os.getpid(), signal.SIGKILL)).start()


def open_workspace(
    path: str | Path | None = None,
    *,
    read_only: bool = False,
    create: bool = True,
    engine: str | None = None,
    kind: type[Workspace] = Workspace,
) -> Workspace:
    """Open (and if needed create) the workspace at `path`; `engine` ("duckdb" or "spark") is
    the one `ws.scan()` runs the detectors on (the workspace itself is always the DuckDB file).

    `read_only` opens the DuckDB file read-only: any write statement then fails in DuckDB itself.
    `kind`: the class of the object returned (the façade, `facade.Shadowtrade`, passes itself).
    """
    ws_path = Path(path) if path is not None else default_workspace()
    db = ws_path / DB_FILE
    if read_only or not create:
        if not db.exists():
            raise WorkspaceError(
                f"no workspace at {ws_path}: run `shadowtrade ingest` or `shadowtrade demo` first,"
                " or pass --workspace DIR"
            )
    else:
        ws_path.mkdir(parents=True, exist_ok=True)
    try:
        con = ibis.duckdb.connect(str(db), read_only=read_only)
    except Exception as exc:  # duckdb raises IOException for locks and corrupt files
        raise WorkspaceError(f"cannot open workspace {db}: {exc}") from exc
    # Bound DuckDB's memory so large ingests spill to disk instead of growing without limit.
    con.con.execute(f"SET memory_limit = '{os.environ.get('SHADOWTRADE_MEMORY_LIMIT', '3GB')}'")
    # Track query progress for the CLI's progress bars without DuckDB printing its own.
    con.con.execute("SET enable_progress_bar = true")
    con.con.execute("SET enable_progress_bar_print = false")
    ws = kind(path=ws_path, con=con, read_only=read_only, scan_engine=engine)
    if not read_only:
        for name in schema.TABLES:
            ws.raw.execute(schema.create_sql(name))
        present: dict[str, set[str]] = {}
        for table, column in ws.raw.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main'"
        ).fetchall():
            present.setdefault(table, set()).add(column)
        for name in schema.TABLES:
            for stmt in schema.missing_columns_sql(name, present.get(name, set())):
                ws.raw.execute(stmt)
        ws.ensure_reference()
        ws.recovered = recover_interrupted_imports(ws)
    elif _interrupted_rows(ws):
        # Rows of an ingest killed inside COMMIT: repair through a brief read-write open (when
        # no other process holds the file), so that a read-only reader never counts them.
        ws.close()
        try:
            open_workspace(ws_path, create=False).close()
        except WorkspaceError as exc:
            raise WorkspaceError(
                f"{ws_path} holds rows of an interrupted ingest that no import records; open it"
                f" once for writing to remove them ({exc})"
            ) from exc
        return open_workspace(ws_path, read_only=True, engine=engine, kind=kind)
    return ws


def remove_new_workspace(ws: Workspace, *, with_folder: bool,
                         say: Callable[[str], None] | None = None) -> None:  # fmt: skip
    """Remove a workspace this process made for a write that failed, and close it; kept when the
    write committed an import (a multi-file ingest's earlier files). Call holding its writer
    lock (writelock.open_to_write), so that no other writer has opened it. Its files go while
    this connection still holds DuckDB's lock on them, so that a process opening the file
    without the writer lock (a demo, the Python API) cannot open it meanwhile; the folder goes
    too, its lock file with it, when the write made it and nothing else is in it. A removal
    that fails is said through `say`, never raised over the write's own error."""
    import duckdb

    folder = Path(ws.path)
    try:
        with suppress(duckdb.Error):  # a transaction the failure left open (none: an error)
            ws.raw.execute("ROLLBACK")
        row = ws.raw.execute("SELECT count(*) FROM imports").fetchone()
        if row is None or row[0]:
            return
        ws.raw.execute("CHECKPOINT")  # nothing left for the close to write
        for name in (DB_FILE, DB_FILE + ".wal"):
            (folder / name).unlink(missing_ok=True)
    except (duckdb.Error, OSError) as exc:
        if say is not None:
            say(f"the new workspace at {folder} could not be removed after the failure: {exc}")
        return
    finally:
        ws.close()
    with suppress(OSError):  # another writer may be making it again: theirs now
        tmp = folder / "tmp"
        if tmp.is_dir() and not any(tmp.iterdir()):
            tmp.rmdir()
        if with_folder and {p.name for p in folder.iterdir()} <= {LOCK_FILE}:
            (folder / LOCK_FILE).unlink(missing_ok=True)
            folder.rmdir()


def _interrupted_rows(ws: Workspace) -> dict[str, int]:
    """Rows tagged with an import id that `imports` does not hold, per table.

    Import ids are given out as max(import_id) + 1 inside the ingest's transaction, so the rows
    of an ingest that never committed its `imports` row carry an id above every recorded one;
    a range test keeps the check cheap on large tables (DuckDB skips row groups by min/max).
    """
    tables = [n for n, cols in schema.TABLES.items() if "import_file" in cols and n != "imports"]
    listed = ws.raw.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'")
    present = {r[0] for r in listed.fetchall()}
    if "imports" not in present:
        return {}
    top = ws.raw.execute("SELECT coalesce(max(import_id), 0) FROM imports").fetchone()
    last = int(top[0]) if top else 0
    found: dict[str, int] = {}
    for name in tables:
        if name not in present:
            continue
        row = ws.raw.execute(
            f'SELECT count(*) FROM "{name}" WHERE import_file > ?', [last]
        ).fetchone()
        if row and row[0]:
            found[name] = int(row[0])
    return found


def recover_interrupted_imports(ws: Workspace) -> list[str]:
    """Remove the rows of an ingest killed inside COMMIT, say so on stderr and store it.

    DuckDB's COMMIT is not atomic under kill -9: a large insert written to the database file
    before the commit record can survive while the small `imports` row of the same transaction
    is lost. Such rows belong to no import; they are deleted here, on every read-write open,
    before anything else reads the workspace.
    """
    found = _interrupted_rows(ws)
    if not found:
        return []
    top = ws.raw.execute("SELECT coalesce(max(import_id), 0) FROM imports").fetchone()
    last = int(top[0]) if top else 0
    parts = ", ".join(f"{n:,} rows of {t}" for t, n in found.items())
    message = (
        f"recovered from an interrupted ingest: removed {parts} that no committed import"
        f" records (import ids above {last}); the workspace is as it was before that ingest"
    )
    with ws.transaction():
        for name in found:
            ws.raw.execute(f'DELETE FROM "{name}" WHERE import_file > ?', [last])
        ws.raw.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        ws.raw.execute(
            "INSERT OR REPLACE INTO meta VALUES ('last_recovery', ?)",
            [f"{datetime.now().isoformat(timespec='seconds')} {message}"],
        )
    ws.raw.execute("CHECKPOINT")
    sys.stderr.write(f"warning: {ws.path}: {message}\n")
    return [message]


def reference_version() -> str:
    """A digest of the shipped reference files: a change re-creates the workspace's copies."""
    digest = hashlib.sha256()
    for f in sorted(DATA_DIR.glob("*.csv")):
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


def run_read_only_query(ws_path: str | Path | None, sql: str, *,
                        opener: Callable[[], Workspace] | None = None) -> pd.DataFrame:  # fmt: skip
    """Run one SQL statement on a read-only connection (see `query_rows`); every row."""
    return query_rows(ws_path, sql, limit=None, opener=opener)[0]


def query_rows(
    ws_path: str | Path | None,
    sql: str,
    *,
    limit: int | None,
    opener: Callable[[], Workspace] | None = None,
) -> tuple[pd.DataFrame, bool]:
    """Run one SQL statement on a read-only connection; writes are refused with a clear error.
    The rows (at most `limit`) and whether there were more.

    Read-only is not a sandbox: DuckDB's `COPY … TO`, `EXPORT DATABASE`, `read_csv('/etc/…')`
    and `INSTALL` reach the file system and the network from any connection. So exactly one
    SELECT-like statement is run, with external access switched off and the configuration
    locked so that the statement cannot switch it back on.

    `opener` opens the workspace read-only (the CLI's waits for another process and names a
    running server, as every other command does).
    """
    import duckdb

    try:
        statements = duckdb.extract_statements(sql)
    except Exception as exc:
        raise InputError(f"query failed: {str(exc).splitlines()[0]}") from exc
    if len(statements) != 1:
        raise InputError(
            f"query refused: {len(statements)} statements; `shadowtrade query` runs exactly one"
        )
    kind = statements[0].type
    if kind not in (duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN):
        raise InputError(
            "query refused: the workspace is opened read-only; `shadowtrade query` runs one"
            f" SELECT statement, not {kind.name} (no writes, file or network access)"
        )
    ws = opener() if opener is not None else open_workspace(ws_path, read_only=True)
    ws.raw.execute("SET enable_external_access = false")
    ws.raw.execute("SET lock_configuration = true")
    try:
        try:
            cursor = ws.raw.execute(sql)
            if limit is None:
                return cursor.df(), False
            rows = cursor.fetchmany(limit + 1)
            names = [d[0] for d in cursor.description or []]
            return pd.DataFrame(rows[:limit], columns=names), len(rows) > limit
        except Exception as exc:
            msg = str(exc).splitlines()[0]
            if "read-only" in msg.lower() or "read only" in msg.lower():
                raise InputError(
                    "query refused: the workspace is opened read-only; `shadowtrade query` runs"
                    " SELECT statements only"
                ) from exc
            raise InputError(f"query failed: {msg}") from exc
    finally:
        ws.close()
