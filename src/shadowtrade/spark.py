"""The Spark engine: the workspace's tables as Parquet datasets, read by the same detector
expressions through Ibis's PySpark backend on a `SparkSession`.

Ingest, cases and the web app stay on the embedded DuckDB file; `scan --engine spark` mirrors
the tables the detectors read to Parquet (trade flows partitioned by year and HS chapter; a
table already mirrored and unchanged is not written again), runs the detectors on Spark
(`local[*]`, or the cluster `SPARK_MASTER` names) and writes their alerts back to the workspace
and to Parquet beside the other tables.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import ibis

from shadowtrade.scan_context import ScanContext
from shadowtrade.staging import SparkStager, register
from shadowtrade.workspace import Workspace

if TYPE_CHECKING:
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

PARQUET_DIR = "parquet"
# The tables any detector reads, and how each is laid out on disk.
MIRRORED = (
    "trade_flows", "trade_aggregates", "shipments", "list_entities", "party_clusters",
    "ref_control_list", "ref_cover_codes", "ref_countries", "ref_hs", "ref_country_keys",
)  # fmt: skip
PARTITIONS = {
    "trade_flows": ("year", "chapter"),
    "trade_aggregates": ("year",),
    "shipments": ("year",),
}
PARTITION_SQL = {
    "year": "year({date}) AS year",
    "chapter": "left(hs_code, 2) AS chapter",
}
DATE_COLUMN = {"trade_flows": "period", "trade_aggregates": "period", "shipments": "date"}


def spark_session(app: str = "shadowtrade") -> SparkSession:
    """A session for `SPARK_MASTER` (default `local[*]`), usable offline: loopback address, a
    fresh warehouse folder, no UI, UTC, and ANSI mode off so that x / 0 is NULL as in DuckDB."""
    from pyspark import SparkConf
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    quiet = f"-Dlog4j2.configurationFile=file:{_log_config()}"
    # SPARK_MASTER, else the master spark-submit passed, else all local cores.
    master = os.environ.get("SPARK_MASTER") or SparkConf().get("spark.master", None) or "local[*]"
    settings = {
        "spark.master": master,
        "spark.app.name": app,
        "spark.sql.warehouse.dir": _warehouse(),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.ansi.enabled": "false",
        # Constraint propagation grows without bound on long chains of derived columns (the
        # mirror-gap episodes): a known Catalyst blow-up; the detectors do not need it.
        "spark.sql.constraintPropagation.enabled": "false",
        "spark.sql.autoBroadcastJoinThreshold": os.environ.get("SHADOWTRADE_SPARK_BROADCAST", "-1"),
        "spark.driver.memory": os.environ.get("SHADOWTRADE_SPARK_MEMORY", "4g"),
        "spark.sql.shuffle.partitions": os.environ.get("SHADOWTRADE_SPARK_PARTITIONS", "8"),
        # splink's string-similarity functions (entity resolution on Spark), shipped with it.
        "spark.jars": similarity_jar_location(),
        # Spark's own logging: errors only, without the RPC noise it ignores itself (LOG4J).
        "spark.driver.extraJavaOptions": quiet,
        "spark.executor.extraJavaOptions": quiet,
    }
    conf = SparkConf().setAll(list(settings.items()))
    _start_jvm(conf)  # its stderr without the JVM's start notice (JVM_NOTICES)
    session = SparkSession.builder.config(conf=conf).getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    if not _sessions:  # stopped before the JVM goes (see `stop_session`)
        atexit.register(stop_session)
    _sessions[:] = [session]
    return session


# What the JVM itself writes to stderr as it starts, before any logger exists (so LOG4J cannot
# filter it): Spark's launcher adds the incubator module its vectorised BLAS uses, and the JVM
# says "WARNING: Using incubator modules: jdk.incubator.vector" at the start of every scan.
JVM_NOTICES = (b"WARNING: Using incubator modules:",)


def _start_jvm(conf: SparkConf) -> None:
    """Start PySpark's JVM (its gateway) with its stderr passed on line by line to this
    process's stderr, without JVM_NOTICES. Nothing when a JVM runs already: this process's, or
    the one spark-submit started (its stderr is not ours to read)."""
    from pyspark import SparkContext
    from pyspark.java_gateway import launch_gateway

    if SparkContext._gateway is not None or "PYSPARK_GATEWAY_PORT" in os.environ:
        return
    read, write = os.pipe()
    _jvm_stderr.start(read)  # reading before the JVM starts: a long error never blocks it
    try:
        gateway = launch_gateway(conf, popen_kwargs={"stderr": write})  # type: ignore[no-untyped-call]
    finally:
        os.close(write)  # the JVM holds its own copy
    SparkContext._gateway = gateway
    SparkContext._jvm = gateway.jvm


class _JvmStderr:
    """The JVM's stderr, passed on to this process's (fd 2) as each line comes, its start
    notices left out; `drain` waits until what the JVM wrote so far is passed on."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._marker = b""
        self._seen = threading.Event()

    def start(self, fd: int) -> None:
        self._thread = threading.Thread(target=self._forward, args=(fd,), daemon=True,
                                        name="spark-stderr")  # fmt: skip
        self._thread.start()

    def _forward(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as pipe:
            for line in pipe:
                if self._marker and line.strip() == self._marker:
                    self._seen.set()
                elif not line.startswith(JVM_NOTICES):
                    view = memoryview(line)
                    while view:
                        view = view[os.write(2, view) :]

    def drain(self, timeout: float = 5.0) -> None:
        """Wait (at most `timeout` s) until the JVM's stderr so far is passed on: a line it
        writes last comes back through the pipe after all the others. For a stop, after which
        the process may end before the reader's next turn."""
        from pyspark import SparkContext

        jvm = SparkContext._jvm
        if self._thread is None or not self._thread.is_alive() or jvm is None:
            return
        self._seen.clear()
        self._marker = f"shadowtrade-stderr-drained-{os.getpid()}".encode()
        err = jvm.java.lang.System.err
        err.println(self._marker.decode())
        err.flush()
        self._seen.wait(timeout)


_jvm_stderr = _JvmStderr()


# Spark's log4j2 configuration for a scan: errors that matter, on stderr, one short line each
# (the loggers PySpark's gateway and the REPL start Spark's logging with at the root's level,
# or Spark resets the root to WARN and says so).
# Without it Spark prints its default profile's banner, a WARN per missing native library and,
# on a loaded machine, stack traces of two messages it then ignores itself: the RPC inbox's
# "Ignoring error … Cannot find endpoint: spark://CoarseGrainedScheduler" (in local mode there
# is no such endpoint; a block manager re-registering after a slow heartbeat asks for it) and
# the executor's "Issue communicating with driver in heartbeater" (a late heartbeat, retried;
# also at a stop without `SparkSession.stop`). Tester 10 saw 7 of them on one scan.
LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = stderr
appender.stderr.type = Console
appender.stderr.name = stderr
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = spark %p %c{1}: %m%n%ex{3}
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = error
logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer
logger.gateway.level = error
logger.inbox.name = org.apache.spark.rpc.netty.Inbox
logger.inbox.level = off
logger.heartbeat.name = org.apache.spark.executor.Executor
logger.heartbeat.level = error
"""
_sessions: list[SparkSession] = []  # the session this process started, to stop it


@cache
def _log_config() -> str:
    """The log4j2 file Spark's JVM reads: written once per process, in the temp folder, and
    removed when the process ends."""
    fd, path = tempfile.mkstemp(prefix="shadowtrade-log4j2-", suffix=".properties")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(LOG4J)
    atexit.register(lambda: Path(path).unlink(missing_ok=True))
    return path


def stop_session() -> None:
    """Stop this process's Spark session, if one runs: executors and the driver part in order,
    so that no heartbeat is sent to a driver already gone; its warehouse folder goes with it."""
    while _sessions:
        _sessions.pop().stop()
        _jvm_stderr.drain()  # what the stop said, before the process ends
    while _warehouses:
        shutil.rmtree(_warehouses.pop(), ignore_errors=True)


_warehouses: list[str] = []  # the warehouse folders this process made (one per session)


def _warehouse() -> str:
    """A fresh, empty warehouse folder for a session (the scans keep no Spark tables in it), to
    be removed when it stops: each scan on Spark left one in the temporary folder before."""
    folder = tempfile.mkdtemp(prefix="shadowtrade-spark-")
    _warehouses.append(folder)
    return folder


def _fingerprint(ws: Workspace, table: str) -> str:
    sql = f'SELECT count(*), coalesce(sum(hash(t)), 0) FROM "{table}" t'
    row = ws.raw.execute(sql).fetchone()
    return f"{row[0]}:{row[1]}" if row else "0:0"


def mirror_to_parquet(ws: Workspace, tables: tuple[str, ...] = MIRRORED) -> dict[str, str]:
    """Write the workspace's tables as Parquet datasets under `<workspace>/parquet/`; the
    folder of each table written (unchanged tables are left as they are)."""
    root = ws.path / PARQUET_DIR
    root.mkdir(exist_ok=True)
    manifest_file = root / "_manifest.json"
    manifest = json.loads(manifest_file.read_text()) if manifest_file.exists() else {}
    out = {}
    for table in tables:
        dest = root / table
        stamp = _fingerprint(ws, table)
        if manifest.get(table) == stamp and dest.exists():
            out[table] = str(dest)
            continue
        tmp = root / f".{table}.writing"
        shutil.rmtree(tmp, ignore_errors=True)
        # An empty table is one file, so that its schema survives (no partition to write).
        parts = PARTITIONS.get(table, ()) if not stamp.startswith("0:") else ()
        if parts:
            date = DATE_COLUMN[table]
            extra = ", ".join(PARTITION_SQL[p].format(date=date) for p in parts)
            # Rows sorted by partition: each folder then gets one or a few files, not one per
            # buffer flush (unsorted, a 48 M-row table came out as 43,579 files of ~25 kB, and
            # Spark pays a task's worth of overhead for every file it opens).
            keys = ", ".join(parts)
            ws.raw.execute(
                f"COPY (SELECT *, {extra} FROM \"{table}\" ORDER BY {keys}) TO '{tmp}'"
                f" (FORMAT parquet, PARTITION_BY ({keys}), WRITE_PARTITION_COLUMNS false)"
            )
        else:
            tmp.mkdir(parents=True)
            ws.raw.execute(f"COPY \"{table}\" TO '{tmp / 'data.parquet'}' (FORMAT parquet)")
        shutil.rmtree(dest, ignore_errors=True)
        tmp.rename(dest)
        manifest[table] = stamp
        out[table] = str(dest)
    manifest_file.write_text(json.dumps(manifest, indent=1))
    return out


def spark_context(ws: Workspace, session: SparkSession | None = None) -> ScanContext:
    """What a scan reads, on Spark: the workspace's tables mirrored to Parquet, registered as
    views and read through Ibis's PySpark backend (no DuckDB: `raw` is not available)."""
    folders = mirror_to_parquet(ws)
    session = session or spark_session()
    con = ibis.pyspark.connect(session)
    register(con, SparkStager(session))  # stages cut Spark's plans (staging.py)
    for table, folder in folders.items():
        t = con.read_parquet(folder, table_name=f"_pq_{table}")
        parts = [p for p in PARTITIONS.get(table, ()) if p in t.columns]
        con.create_view(table, t.drop(*parts) if parts else t, overwrite=True)
    return ScanContext(con=con, path=ws.path, engine="spark", remarks=ws.scan_context.remarks)
