"""Incremental scans: what the imports since the last scan touch, and the state kept between
scans so that only that part is recomputed.

The state lives in the workspace (DuckDB):

- `state_monthly_flows`: the monthly flows every trade detector starts from (the costliest pass
  over the raw table). A cell is one reporter's month; a new import re-aggregates only the cells
  it brings rows to, from all the rows of those cells, so the table always equals a full
  aggregation.
- `state_<stage>` tables of per-series stages (`per_series`): the change point of every monthly
  series. A series depends on its own rows and its reporters' calendars only, so the series of
  reporters the new rows do not touch keep their stored result, which is the one a full scan
  would compute.
- `meta` key `scan_state`: for the monthly table and each stage, the last import it includes
  (its watermark) and the row counts up to it — an import removed since would leave the part
  stale, so it is rebuilt — and each stage's parameters; the reference version.

Everything downstream of these (norms, linking, scoring, evidence) reruns in full over the
maintained tables: it reads aggregates, not the raw rows. Each step deletes and re-inserts what
it recomputes, so a scan stopped halfway is repaired by the next one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir

from shadowtrade.errors import InputError

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

MONTHLY = "state_monthly_flows"
MONTHLY_VERSION = "2"  # of its columns: another version is rebuilt
STATE_KEY = "scan_state"
SOURCES = ("trade_flows", "trade_aggregates")


@dataclass
class Increment:
    """One incremental scan: the state it found and what it recomputed."""

    watermark: int  # the last import file in the workspace
    state: dict[str, Any]  # the state the previous scan left (empty: none)
    parts: dict[str, dict[str, Any]] = field(default_factory=dict)  # the state after this scan
    recomputed: dict[str, str] = field(default_factory=dict)  # part → what was recomputed
    _reporters: dict[int, list[str]] = field(default_factory=dict, repr=False)


def _read_state(ws: ScanContext) -> dict[str, Any]:
    ws.raw.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    row = ws.raw.execute("SELECT value FROM meta WHERE key = ?", [STATE_KEY]).fetchone()
    return dict(json.loads(row[0])) if row else {}


def _counts(ws: ScanContext, upto: int) -> dict[str, int]:
    out = {}
    for t in SOURCES:
        row = ws.raw.execute(f"SELECT count(*) FROM {t} WHERE import_file <= ?", [upto]).fetchone()
        out[t] = int(row[0]) if row else 0
    return out


def begin(ws: ScanContext) -> Increment:
    """Read the state of the last incremental scan (if any) for this one."""
    from shadowtrade.workspace import reference_version

    if ws.engine != "duckdb":
        raise InputError("incremental scans keep their state in the DuckDB workspace: use"
                         " --engine duckdb, or a full scan on Spark")  # fmt: skip
    row = ws.raw.execute(
        "SELECT max(m) FROM (SELECT max(import_file) AS m FROM trade_flows"
        " UNION ALL SELECT max(import_file) FROM trade_aggregates)"
    ).fetchone()
    watermark = int(row[0]) if row and row[0] is not None else 0
    state = _read_state(ws)
    if state.get("reference") != reference_version():
        state = {}  # reference tables (countries, codes) changed: everything is rebuilt
    return Increment(watermark, state, dict(state.get("parts", {})))


def _since(ws: ScanContext, inc: Increment, part: str, fingerprint: str, table: str) -> int | None:
    """The watermark from which `part` can be brought up to date, or None: rebuild it."""
    old = inc.state.get("parts", {}).get(part)
    if not old or old.get("fingerprint") != fingerprint or table not in ws.con.list_tables():
        return None
    wm = int(old["watermark"])
    return wm if _counts(ws, wm) == old["counts"] else None


def _reporters(ws: ScanContext, inc: Increment, since: int) -> list[str]:
    """Reporters with rows imported after `since` (trade flows or all-goods aggregates)."""
    if since not in inc._reporters:
        found: set[str] = set()
        for t in SOURCES:
            got = ws.raw.execute(f"SELECT DISTINCT reporter FROM {t} WHERE import_file > ?",
                                 [since]).fetchall()  # fmt: skip
            found |= {str(r[0]) for r in got}
        inc._reporters[since] = sorted(found)
    return inc._reporters[since]


def _done(ws: ScanContext, inc: Increment, part: str, fingerprint: str, what: str) -> None:
    inc.parts[part] = {"fingerprint": fingerprint, "watermark": inc.watermark,
                       "counts": _counts(ws, inc.watermark)}  # fmt: skip
    inc.recomputed[part] = what


def monthly(
    ws: ScanContext,
    inc: Increment,
    build: Callable[[Callable[[ir.Table], ir.Table] | None], ir.Table],
) -> ir.Table:
    """`state_monthly_flows` brought up to date: rebuilt in full, or only the reporter-months
    the new rows fall in re-aggregated from all their rows. `build(rows)` aggregates the raw
    rows that `rows` keeps (all of them for None)."""
    since = _since(ws, inc, "monthly", MONTHLY_VERSION, MONTHLY)
    if since is None:
        ws.con.create_table(MONTHLY, build(None), overwrite=True)
        _done(ws, inc, "monthly", MONTHLY_VERSION, "rebuilt")
        return ws.table(MONTHLY)
    tf = ws.table("trade_flows")
    new = tf.filter((tf.import_file > since) & (tf.freq == "M"))
    cells = new.select("reporter", "period").distinct()
    ws.con.create_table("_state_cells", cells, temp=True, overwrite=True)
    cells_t = ws.table("_state_cells")
    # Only those reporter-months' raw rows are read and summed.
    fresh = build(lambda t: t.semi_join(cells_t, ["reporter", "period"]))
    _replace(
        ws, MONTHLY, fresh, "(reporter, period) IN (SELECT (reporter, period) FROM _state_cells)"
    )
    row = ws.raw.execute("SELECT count(*) FROM _state_cells").fetchone()
    ws.raw.execute("DROP TABLE IF EXISTS _state_cells")
    _done(
        ws,
        inc,
        "monthly",
        MONTHLY_VERSION,
        f"{int(row[0]) if row else 0} reporter-months re-aggregated",
    )
    return ws.table(MONTHLY)


def _replace(
    ws: ScanContext, table: str, fresh: ir.Table, stale: str, args: list[str] | None = None
) -> int:
    """Replace the rows of `table` matching the SQL condition `stale` with `fresh` (computed
    first, then swapped in one transaction); the number of rows written."""
    ws.con.create_table("_state_fresh", fresh, temp=True, overwrite=True)
    with ws.transaction():
        ws.raw.execute(f"DELETE FROM {table} WHERE {stale}", args or [])
        ws.raw.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _state_fresh")
    row = ws.raw.execute("SELECT count(*) FROM _state_fresh").fetchone()
    ws.raw.execute("DROP TABLE IF EXISTS _state_fresh")
    return int(row[0]) if row else 0


def per_series(
    ws: ScanContext,
    stage: str,
    params: dict[str, Any],
    compute: Callable[[Callable[[ir.Table], ir.Table]], ir.Table],
    reporter_columns: tuple[str, ...],
) -> ir.Table:
    """The output of a per-series stage (one row per series), stored between scans.

    `compute(restrict)` builds the stage, applying `restrict` to each input it reads. A series
    is touched by the new rows when one of its `reporter_columns` (in the inputs and in the
    output) names a reporter that sent them. Outside an incremental scan this is `compute` of
    everything; in one, untouched series keep their stored row and the others are recomputed."""
    inc: Increment | None = ws.increment
    if inc is None:
        return compute(lambda t: t)
    table = f"state_{stage}"
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode())
    fp = digest.hexdigest()[:16]
    since = _since(ws, inc, stage, fp, table)
    if since is None:
        ws.con.create_table(table, compute(lambda t: t), overwrite=True)
        n = int(ws.table(table).count().execute())
        _done(ws, inc, stage, fp, f"rebuilt ({n:,} rows)")
        return ws.table(table)
    reporters = _reporters(ws, inc, since)
    if reporters:

        def restrict(t: ir.Table) -> ir.Table:
            return t.filter(ibis.or_(*[t[c].isin(reporters) for c in reporter_columns]))

        marks = ", ".join("?" for _ in reporters)
        where = " OR ".join(f'"{c}" IN ({marks})' for c in reporter_columns)
        fresh = _replace(ws, table, compute(restrict), where, reporters * len(reporter_columns))
    else:
        fresh = 0
    total = int(ws.table(table).count().execute())
    _done(ws, inc, stage, fp, f"{fresh:,} of {total:,} rows recomputed (those of the"
          f" {len(reporters)} reporter(s) with new rows)")  # fmt: skip
    return ws.table(table)


def save(ws: ScanContext, inc: Increment) -> None:
    """Record the state the scan left: the next one starts from here."""
    from shadowtrade.workspace import reference_version

    value = json.dumps(
        {"reference": reference_version(), "parts": inc.parts, "recomputed": inc.recomputed},
        sort_keys=True,
    )
    _read_state(ws)
    ws.raw.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [STATE_KEY, value])
