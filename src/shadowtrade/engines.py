"""Which engine runs the detectors: DuckDB (embedded, the default) or Spark (`spark.py`).

Kept apart from `spark.py` so that choosing an engine does not import pyspark.
"""

from __future__ import annotations

import os

from shadowtrade.errors import WorkspaceError

ENGINES = ("duckdb", "spark")


def require_spark() -> None:
    """Stop with a clear error, before any work, when PySpark is not installed."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise WorkspaceError(
            "--engine spark needs pyspark (pip install 'pyspark>=4.0,<4.1') and Java 17"
        ) from exc


def engine_name(engine: str | None) -> str:
    """The engine asked for: the option, else `$SHADOWTRADE_ENGINE`, else duckdb."""
    name = (engine or os.environ.get("SHADOWTRADE_ENGINE") or "duckdb").lower()
    if name not in ENGINES:
        raise WorkspaceError(f"engine {name!r}: expected duckdb or spark")
    return name
