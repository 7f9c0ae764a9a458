"""What the pages and the API show, as library functions: paginated alerts and cases, the
overview's counts, map routes and Sankey flows, a case's evidence series, consignments and
company network. The front ends only render these."""

from __future__ import annotations

import itertools
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from shadowtrade.cases import audit
from shadowtrade.cases.audit import HEAD_FILE
from shadowtrade.cases.store import related_cases
from shadowtrade.detect.alerts import CONSIGNMENT_COLUMNS, alert_consignments
from shadowtrade.errors import InputError
from shadowtrade.report.figures import CONTROLLED_COLOUR, COVER_COLOURS, OTHER_COLOUR

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

ALERT_SORTS = ("score", "detector", "origin", "via", "destination", "hs_code", "period_start",
               "period_end", "status")  # fmt: skip
CASE_SORTS = ("score", "kind", "title", "alerts", "lines", "period_start", "period_end", "status")
MAX_PAGE_SIZE = 500


class PageCache:
    """The alerts and cases tables as the pages show them (joined with cases and triage), held
    in memory with the row order of every filter and sort asked for, so that paging costs a
    slice. The server holds the workspace's only write lock, so every change goes through it:
    it calls `clear()` after each write (triage, ingest, scan)."""

    def __init__(self, maxsize: int = 128, case_pages: int | None = None) -> None:
        self._lock = threading.Lock()
        self._orders: OrderedDict[tuple[object, ...], np.ndarray] = OrderedDict()
        self._frames: dict[str, pd.DataFrame] = {}
        self._values: dict[tuple[object, ...], object] = {}
        self._generation = 0  # bumped by clear(): a result computed across a write is dropped
        self._writes = 0  # writes seen (triages, clears): part of the audit verdict's key
        self.maxsize = maxsize
        # What a case page shows that only an ingest or a scan changes (its alerts, series,
        # consignments, firms, network): kept across triages, dropped by clear().
        self._static: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._static_generation = 0
        self._pending: dict[tuple[object, ...], threading.Event] = {}
        self._copies = itertools.count(1)
        self._verified: tuple[tuple[object, ...], tuple[str, ...]] | None = None
        self._verifying: tuple[tuple[object, ...], threading.Event] | None = None
        self.case_pages = 4 * maxsize if case_pages is None else case_pages
        # Each case's triage and log as its page shows them, kept until a write to that case
        # (`triaged`) or a scan or an ingest (`clear`); the writes each case has had since
        # the last clear, so that a state read across a write to its case is not kept.
        self._states: OrderedDict[str, object] = OrderedDict()
        self._case_writes: dict[str, int] = {}

    def _get(self, store: MutableMapping[Any, Any], key: object, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in store:
                if isinstance(store, OrderedDict):
                    store.move_to_end(key)
                return store[key]
            generation = self._generation
        value = compute()
        with self._lock:
            if generation == self._generation:
                store[key] = value
                while isinstance(store, OrderedDict) and len(store) > self.maxsize:
                    store.popitem(last=False)
        return value

    def frame(self, table: str, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        df: pd.DataFrame = self._get(self._frames, table, compute)
        return df

    def order(self, key: tuple[object, ...], compute: Callable[[], np.ndarray]) -> np.ndarray:
        rows: np.ndarray = self._get(self._orders, key, compute)
        return rows

    def value(self, key: tuple[object, ...], compute: Callable[[], object]) -> object:
        return self._get(self._values, key, compute)

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._writes += 1
            self._orders.clear()
            self._frames.clear()
            self._values.clear()
            self._static_generation += 1
            self._static.clear()
            self._states.clear()
            self._case_writes.clear()

    def case_state(self, case_id: str, compute: Callable[[], object]) -> object:
        """A case's triage and log as its page shows them (`compute`), kept until a write to
        this case (`triaged`) or a scan or an ingest (`clear`): a triage of one case does not
        make every other case's page read its state again. A state read while its case was
        written is not kept."""
        with self._lock:
            if case_id in self._states:
                self._states.move_to_end(case_id)
                return self._states[case_id]
            version = (self._static_generation, self._case_writes.get(case_id, 0))
        value = compute()
        with self._lock:
            if version == (self._static_generation, self._case_writes.get(case_id, 0)):
                self._states[case_id] = value
                while len(self._states) > 8 * self.case_pages:
                    self._states.popitem(last=False)
        return value

    def static(self, key: tuple[object, ...], compute: Callable[[], object]) -> object:
        """A value that only an ingest or a scan changes (`clear()`), not a triage; computed
        once when several requests ask for it at the same moment (the others wait for it)."""
        with self._lock:
            if key in self._static:
                self._static.move_to_end(key)
                return self._static[key]
            generation = self._static_generation
            pending = self._pending.get(key)
            computing = pending is None
            if pending is None:
                pending = self._pending[key] = threading.Event()
        if not computing:
            pending.wait(timeout=60)
            with self._lock:
                if key in self._static:
                    return self._static[key]
            return compute()  # the first request failed, or a scan dropped its result
        try:
            value = compute()
            with self._lock:
                if generation == self._static_generation:
                    self._static[key] = value
                    self._evict_case_pages()
        finally:
            with self._lock:
                self._pending.pop(key, None)
            pending.set()
        return value

    def case_rows(self, ws: Workspace) -> str:
        """Where each case's alerts are read from: a copy of the join sorted by case in the
        server's in-memory database `webcache` (made once after each ingest or scan, in about
        a second for 100,000 alerts), where DuckDB skips every other case's rows by their
        row groups' min and max; the join itself where no such database is attached."""
        n = f"{id(self):x}_{next(self._copies)}"  # apps in one process share the database
        name = self.static(("case alert rows",), lambda: copy_case_rows(ws, n))
        return str(name)

    def case_table(self, ws: Workspace) -> dict[str, dict[str, Any]]:
        """Every case's row by id (what a case page heads with), read once per scan."""

        def read() -> dict[str, dict[str, Any]]:
            found = ws.raw.execute("SELECT * FROM cases")
            names = [c[0] for c in found.description or []]
            return {str(r[0]): dict(zip(names, r, strict=True)) for r in found.fetchall()}

        held: dict[str, dict[str, Any]] = self.static(("case table",), read)  # type: ignore[assignment]
        return held

    def case_states(self, compute: Callable[[], Mapping[str, object]]) -> int:
        """Many cases' states read at once (`compute`: by case id, as `case_state` would read
        each): kept for the cases not written meanwhile and not held yet. Returns how many."""
        with self._lock:
            generation, writes = self._static_generation, dict(self._case_writes)
        states = compute()
        kept = 0
        with self._lock:
            if generation != self._static_generation:
                return 0
            for case_id, value in states.items():
                if self._case_writes.get(case_id, 0) == writes.get(case_id, 0) and (
                    case_id not in self._states
                ):
                    self._states[case_id] = value
                    kept += 1
            while len(self._states) > 8 * self.case_pages:
                self._states.popitem(last=False)
        return kept

    def holds(
        self,
        *,
        order: tuple[object, ...] | None = None,
        value: tuple[object, ...] | None = None,
        state: str | None = None,
        static: tuple[object, ...] | None = None,
        verified: Workspace | None = None,
    ) -> bool:
        """Whether what is named is held (a page that needs nothing else is answered without
        a worker thread): a table's row order (its frame too), a value (not None), a case's
        state (not None), a value only a scan changes, the audit check's verdict for the
        workspace as it is now."""
        with self._lock:
            if order is not None and (order not in self._orders or order[0] not in self._frames):
                return False
            if value is not None and self._values.get(value) is None:
                return False
            if state is not None and self._states.get(state) is None:
                return False
            if static is not None and static not in self._static:
                return False
            known = self._verified
        return verified is None or (known is not None and known[0] == self._check_key(verified))

    def _check_key(self, ws: Workspace) -> tuple[object, ...]:
        try:
            st = (Path(ws.path) / HEAD_FILE).stat()
            head: tuple[object, ...] = (st.st_size, st.st_mtime_ns)
        except OSError:
            head = ()
        return ("audit check", self._writes, self._static_generation, *head)

    def verified(self, ws: Workspace, check: Callable[[], list[str]]) -> list[str]:
        """The audit check's problems, computed again after any write: a triage or a scan
        (this cache's generation), any audit entry (it rewrites the head file, whose size and
        time are part of the key). The server holds the workspace's only connection, so the
        log cannot change otherwise. Computed once per key: requests that ask while it is
        being computed wait for that verdict (after a write every page asks at once)."""
        key = self._check_key(ws)
        with self._lock:
            known, pending = self._verified, self._verifying
            if known is not None and known[0] == key:
                return list(known[1])
            computing = pending is None or pending[0] != key
            if computing:
                pending = self._verifying = (key, threading.Event())
        assert pending is not None
        if not computing:
            pending[1].wait(timeout=60)
            with self._lock:
                known = self._verified
            if known is not None and known[0] == key:
                return list(known[1])
            return check()  # the first request's check failed
        try:
            problems = check()
            with self._lock:
                self._verified = (key, tuple(problems))
        finally:
            with self._lock:
                if self._verifying is pending:
                    self._verifying = None
            pending[1].set()
        return problems

    def prepare(self, ws: Workspace) -> None:
        """Make what every case page reads (the sorted copy of the cases' alerts, the case
        rows, which tables hold rows, the audit check's verdict) before a page asks: after the
        server starts and after each ingest or scan, so that the first visitors do not all
        wait for it."""
        alerts_page(ws, Filters(), cache=self)  # the tables' frames and first orders
        cases_page(ws, Filters(), cache=self)
        self.case_rows(ws)
        self.case_table(ws)
        for table in ("trade_flows", "shipments"):
            self.has_rows(ws, table)
        self.verified(ws, lambda: audit.verify(ws))

    def has_rows(self, ws: Workspace, table: str) -> bool:
        """Whether a table holds any row (only an ingest or a scan adds some)."""

        def any_row() -> bool:
            row = ws.raw.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()
            return bool(row and row[0])

        return bool(self.static(("has rows", table), any_row))

    def _evict_case_pages(self) -> None:
        """Drop the least recently read case pages past the limit (call holding the lock);
        what every page reads (the copy of the cases' alerts, the case rows) stays."""
        if len(self._static) <= self.case_pages:  # no list of every key per page made
            return
        pages = [k for k in self._static if k[:1] == ("case page",)]
        for key in pages[: max(0, len(pages) - self.case_pages)]:
            del self._static[key]

    def triaged(self, ws: Workspace, case_id: str) -> None:
        """After one case's triage (call holding the workspace's writer, right after the write):
        that case's triage columns in the held tables are patched from its row (its alerts
        share its status, so the alerts are not read again), and only the row orders that
        depend on triage (a status filter, a sort by a triage column) are dropped, so that a
        team's triages do not make every page recompute the whole table. Of the case states
        only this case's is dropped (a triage writes its own case's row and log). The case's
        state and the audit verdict are dealt with first: pages wait for the verdict while
        it is computed, and the patch takes longer."""
        with self._lock:
            self._generation += 1
            self._writes += 1
            self._case_writes[case_id] = self._case_writes.get(case_id, 0) + 1
            self._states.pop(case_id, None)
            self._values.clear()
        # The audit check's verdict for the log as this write left it, made here once rather
        # than by the next page of every reader.
        self.verified(ws, lambda: audit.verify(ws))
        fresh = ws.raw.execute(
            f"SELECT {CASE_COLUMNS} FROM {CASE_SOURCE} WHERE c.case_id = ?", [case_id]
        ).df()
        with self._lock:
            held = dict(self._frames)
        patched: dict[str, pd.DataFrame | None] = {}  # made outside the lock: pages read on
        for table, frame in held.items():
            mask = (frame["case_id"] == case_id).to_numpy(dtype=bool)
            if not mask.any():
                continue
            if len(fresh) != 1:  # not the rows held: read it all again
                patched[table] = None
                continue
            new = frame.copy(deep=False)  # a request may still read `frame`
            for col in sorted(TRIAGE_COLUMNS & set(frame.columns)):
                values = frame[col].to_numpy(dtype=object, copy=True)
                values[mask] = fresh[col].iloc[0]
                new[col] = values
            patched[table] = new
        with self._lock:
            self._generation += 1
            for table, made in patched.items():
                if made is None or self._frames.get(table) is not held[table]:
                    self._frames.pop(table, None)  # changed meanwhile: read it all again
                else:
                    self._frames[table] = made
            for key in [k for k in self._orders if _depends_on_triage(k)]:
                del self._orders[key]
            self._values.clear()


TRIAGE_COLUMNS = {"status", "assignee", "new_evidence"}
WEB_CACHE_DB = "webcache"  # the server's in-memory database (WorkspaceHub attaches it)


def copy_case_rows(ws: Workspace, n: str) -> str:
    """A copy of each case's alerts sorted by case, in the in-memory `webcache`, named by
    `n` ('<cache>_<count>'); the cache's copy before the last is dropped (a request may still
    read the last)."""
    attached = ws.raw.execute(
        "SELECT 1 FROM duckdb_databases() WHERE database_name = ?", [WEB_CACHE_DB]
    ).fetchone()
    if not attached:
        return CASE_ALERT_ROWS
    name = f"{WEB_CACHE_DB}.case_alert_rows_{n}"
    ws.raw.execute(f"CREATE TABLE {name} AS SELECT * FROM {CASE_ALERT_ROWS}"
                   " ORDER BY case_id, score DESC, alert_id")  # fmt: skip
    owner, count = n.rsplit("_", 1)
    if count.isdigit() and int(count) > 2:
        ws.raw.execute(f"DROP TABLE IF EXISTS {WEB_CACHE_DB}.case_alert_rows_{owner}_"
                       f"{int(count) - 2}")  # fmt: skip
    return name


def _depends_on_triage(key: tuple[object, ...]) -> bool:
    """Whether a held row order (table, filter key, sort) changes with a case's triage."""
    _, fkey, sort = key
    status = fkey[6] if isinstance(fkey, tuple) and len(fkey) > 6 else None
    return status is not None or str(sort).lstrip("-") in TRIAGE_COLUMNS


@dataclass
class Filters:
    """Filters shared by the alerts and cases tables."""

    detector: str | None = None
    country: str | None = None  # origin, via or destination
    hs: str | None = None  # prefix of hs_code or declared_hs_code
    since: date | None = None  # period_end on or after
    until: date | None = None  # period_start on or before
    min_score: float | None = None
    status: str | None = None
    kind: str | None = None  # cases only
    params: list[object] = field(default_factory=list)

    def key(self) -> tuple[object, ...]:
        return (self.detector, self.country, self.hs, self.since, self.until, self.min_score,
                self.status, self.kind)  # fmt: skip

    def where(self, alias: str, *, cases: bool = False) -> str:
        """The SQL conditions (parameters collected in `params`)."""
        self.params = []
        conds = ["true"]

        def add(sql: str, *values: object) -> None:
            conds.append(sql)
            self.params.extend(values)

        if self.detector:
            col = f"{alias}.detectors" if cases else f"{alias}.detector"
            add(f"contains({col}, ?)" if cases else f"{col} = ?", self.detector)
        if self.country:
            c = self.country.upper()
            add(f"(? IN ({alias}.origin, {alias}.via, {alias}.destination))", c)
        if self.hs and not cases:
            add(f"(starts_with({alias}.hs_code, ?) OR starts_with({alias}.declared_hs_code, ?))",
                self.hs, self.hs)  # fmt: skip
        if self.hs and cases:
            add(f"starts_with({alias}.goods, ?)", self.hs[:4])
        if self.since:
            add(f"{alias}.period_end >= ?", self.since)
        if self.until:
            add(f"{alias}.period_start <= ?", self.until)
        if self.min_score is not None:
            add(f"{alias}.score >= ?", self.min_score)
        if self.status:
            add("coalesce(t.status, 'new') = ?", self.status)
        if self.kind and cases:
            add(f"{alias}.kind = ?", self.kind)
        return " AND ".join(conds)


def _order(sort: str, allowed: tuple[str, ...], alias: str) -> str:
    desc = sort.startswith("-")
    col = sort.lstrip("-")
    if col not in allowed:
        raise InputError(f"sort {sort!r}: expected one of {', '.join(allowed)} (- for descending)")
    expr = "coalesce(t.status, 'new')" if col == "status" else f"{alias}.{col}"
    key = f"{expr} {'DESC' if desc else 'ASC'} NULLS LAST"
    return f"{key}, {alias}.score DESC" if col != "score" else key


def _page(page: int, size: int) -> tuple[int, int]:
    if page < 1:
        raise InputError("page numbers start at 1")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InputError(f"page size must be between 1 and {MAX_PAGE_SIZE}")
    return size, (page - 1) * size


ALERT_COLUMNS = """a.alert_id, a.score, a.detector, a.origin, a.via, a.destination, a.hs_code,
    a.declared_hs_code, a.period_start, a.period_end, a.entity, a.shipment_id, a.summary,
    m.case_id, coalesce(t.status, 'new') AS status"""
ALERT_SOURCE = """alerts a LEFT JOIN case_alerts m USING (alert_id)
    LEFT JOIN case_triage t ON t.case_id = m.case_id"""
CASE_COLUMNS = """c.case_id, c.score, coalesce(t.status, 'new') AS status, c.kind, c.title,
    c.origin, c.via, c.destination, c.goods, c.alerts, c.lines, c.detectors, c.period_start,
    c.period_end, t.assignee, coalesce(t.new_evidence, false) OR c.new_alerts > 0 AS new_evidence"""
CASE_SOURCE = "cases c LEFT JOIN case_triage t USING (case_id)"
# Each case's alerts with their role: the join, or the server's copy of it sorted by case
# (`PageCache.case_rows`), where one case's rows are found without reading the others'.
CASE_ALERT_ROWS = (
    "(SELECT m.case_id, m.role, a.* FROM case_alerts m JOIN alerts a USING (alert_id))"
)


def _paged(
    ws: Workspace, f: Filters, page: int, size: int, sort: str, cache: PageCache | None, *,
    table: str,
) -> tuple[pd.DataFrame, int]:  # fmt: skip
    """One page of a filtered, sorted table: the ordered ids (cached), then the page's rows."""
    limit, offset = _page(page, size)
    cases = table == "cases"
    alias, idcol = ("c", "case_id") if cases else ("a", "alert_id")
    columns, source = (CASE_COLUMNS, CASE_SOURCE) if cases else (ALERT_COLUMNS, ALERT_SOURCE)
    where = f.where(alias, cases=cases)
    order = f"{_order(sort, CASE_SORTS if cases else ALERT_SORTS, alias)}, {alias}.{idcol}"
    params = list(f.params)

    if cache is None:
        df: pd.DataFrame = ws.raw.execute(
            f"SELECT {columns}, count(*) OVER () AS total FROM {source} WHERE {where}"
            f" ORDER BY {order} LIMIT {limit} OFFSET {offset}",
            params,
        ).df()
        total = int(df["total"].iloc[0]) if len(df) else _count(ws, source, where, params)
        return df.drop(columns="total"), total
    base = cache.frame(table, lambda: ws.raw.execute(
        f"SELECT {columns} FROM {source} ORDER BY {alias}.{idcol}").df())  # fmt: skip
    # The order of the whole table by the sort (held per sort), then the filter's rows in it:
    # the same rows in the same order as the SQL above, at the cost of a mask, not a query.
    ranked = cache.order((table, None, sort), lambda: sorted_positions(base, sort, idcol))
    rows = cache.order((table, f.key(), sort),
                       lambda: ranked[filter_mask(base, f, cases=cases)[ranked]])  # fmt: skip
    chosen = rows[offset : offset + limit]
    return base.iloc[chosen].reset_index(drop=True), len(rows)


def sorted_positions(base: pd.DataFrame, sort: str, idcol: str) -> np.ndarray:
    """Row positions of a held table in the order `_order` gives in SQL: the column (nulls
    last either way), then the strongest score, then the id."""
    desc, col = sort.startswith("-"), sort.lstrip("-")
    keys, ascending = [col, "score", idcol], [not desc, False, True]
    if col == "score":
        keys, ascending = ["score", idcol], [not desc, True]
    frame = base[keys].reset_index(drop=True)
    ordered = frame.sort_values(keys, ascending=ascending, na_position="last", kind="stable")
    return np.asarray(ordered.index, dtype=np.int64)


def filter_mask(base: pd.DataFrame, f: Filters, *, cases: bool) -> np.ndarray:
    """Which rows of a held table pass the filters, as `Filters.where` decides in SQL (a
    missing value passes no condition)."""
    keep = np.ones(len(base), dtype=bool)

    def text(col: str) -> pd.Series:
        # missing stays missing (NaN or NA), and passes no condition, as in SQL; a column held
        # as text already is not converted (that cost 10-50 ms a filter on 100,000 alerts)
        column = base[col]
        return column if isinstance(column.dtype, pd.StringDtype) else column.astype("string")

    def on(cond: pd.Series) -> None:
        nonlocal keep
        keep &= cond.fillna(False).to_numpy(dtype=bool)

    if f.detector:
        if cases:
            on(text("detectors").str.contains(f.detector, regex=False))
        else:
            on(text("detector") == f.detector)
    if f.country:
        c = f.country.upper()
        on((text("origin") == c).fillna(False) | (text("via") == c).fillna(False)
           | (text("destination") == c).fillna(False))  # fmt: skip
    if f.hs and not cases:
        on(text("hs_code").str.startswith(f.hs).fillna(False)
           | text("declared_hs_code").str.startswith(f.hs).fillna(False))  # fmt: skip
    if f.hs and cases:
        on(text("goods").str.startswith(f.hs[:4]))
    if f.since:
        on(pd.to_datetime(base["period_end"]) >= pd.Timestamp(f.since))
    if f.until:
        on(pd.to_datetime(base["period_start"]) <= pd.Timestamp(f.until))
    if f.min_score is not None:
        on(base["score"] >= f.min_score)
    if f.status:
        on(text("status") == f.status)
    if f.kind and cases:
        on(text("kind") == f.kind)
    return keep


def alerts_page(
    ws: Workspace, f: Filters, page: int = 1, size: int = 50, sort: str = "-score",
    cache: PageCache | None = None,
) -> tuple[pd.DataFrame, int]:  # fmt: skip
    """One page of alerts (with their case and its status) and the number of matching alerts."""
    return _paged(ws, f, page, size, sort, cache, table="alerts")


def cases_page(
    ws: Workspace, f: Filters, page: int = 1, size: int = 50, sort: str = "-score",
    cache: PageCache | None = None,
) -> tuple[pd.DataFrame, int]:  # fmt: skip
    """One page of cases with their triage, and the number of matching cases."""
    return _paged(ws, f, page, size, sort, cache, table="cases")


def _count(ws: Workspace, source: str, where: str, params: list[object]) -> int:
    row = ws.raw.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()
    return int(row[0]) if row else 0


def overview(ws: Workspace) -> dict[str, Any]:
    """Counts by detector and by status, the top cases, and the table sizes."""
    q = ws.raw.execute
    by_detector = q(
        "SELECT detector, count(*) AS alerts, count(*) FILTER (WHERE score >= 0.5) AS strong"
        " FROM alerts GROUP BY 1 ORDER BY 2 DESC"
    ).df()
    by_status = q(
        "SELECT coalesce(t.status, 'new') AS status, count(*) AS cases FROM cases c"
        " LEFT JOIN case_triage t USING (case_id) GROUP BY 1 ORDER BY 2 DESC"
    ).df()
    sizes = {
        name: int((q(f"SELECT count(*) FROM {name}").fetchone() or [0])[0])
        for name in ("trade_flows", "shipments", "list_entities", "alerts", "cases")
    }
    top, _ = cases_page(ws, Filters(), 1, 10)
    return {"by_detector": by_detector, "by_status": by_status, "sizes": sizes, "top": top}


def map_routes(ws: Workspace, min_score: float = 0.5, limit: int = 200) -> dict[str, Any]:
    """The overview's map: the flagged cases (route, pair and party) with their countries in
    order, their ISO numeric codes (the world-atlas shapes' ids) and a link to the case; a label
    point for every country on them; and the box the map zooms to: the flagged region, i.e. the
    route and pair cases' countries (every case's when only party cases are flagged)."""
    from shadowtrade.web.mapdata import bounds, places

    rows = ws.raw.execute(
        f"""SELECT case_id, score, kind, title, origin, via, destination FROM cases
            WHERE kind IN ('route', 'pair', 'party') AND score >= ?
            ORDER BY score DESC, case_id LIMIT {int(limit)}""",
        [min_score],
    ).fetchall()
    ref = {str(r[0]): (str(r[1] or ""), str(r[2])) for r in ws.raw.execute(
        "SELECT iso3, m49, name FROM ref_countries").fetchall()}  # fmt: skip
    routes = []
    for cid, score, kind, title, o, v, d in rows:
        path = [c for c in (o, v, d) if c]
        routes.append({"case_id": cid, "url": f"/cases/{cid}", "score": round(float(score), 3),
                       "kind": kind, "title": title, "countries": path,
                       "m49": [ref.get(c, ("", ""))[0] for c in path]})  # fmt: skip
    at = places()
    countries = []
    for iso3 in sorted({c for r in routes for c in r["countries"]}):
        code, name = ref.get(iso3, ("", iso3))
        if code in at:
            countries.append({"iso3": iso3, "m49": code, "name": name, "lon": at[code].lon,
                              "lat": at[code].lat})  # fmt: skip
    region = [c for r in routes if r["kind"] != "party" for c in r["m49"]]
    return {"routes": routes, "countries": countries,
            "bounds": bounds(region or [c for r in routes for c in r["m49"]])}  # fmt: skip


def _case_legs(ws: Workspace, case_ids: list[str], rows: str = CASE_ALERT_ROWS) -> pd.DataFrame:
    """Each case's legs with the 4-digit codes its alerts name on them."""
    if not case_ids:
        return pd.DataFrame(columns=["case_id", "o", "d", "heading", "start", "end"])
    marks = ", ".join("?" for _ in case_ids)
    legs: pd.DataFrame = ws.raw.execute(
        f"""
        WITH a AS (
            SELECT * FROM {rows} r WHERE r.case_id IN ({marks}) AND r.entity IS NULL),
        legs AS (
            SELECT case_id, origin AS o, destination AS d, left(hs_code, 4) AS heading,
                   period_start, period_end FROM a WHERE via IS NULL
            UNION ALL SELECT case_id, origin, destination, left(declared_hs_code, 4),
                   period_start, period_end FROM a WHERE via IS NULL
            UNION ALL SELECT case_id, origin, via, left(coalesce(declared_hs_code, hs_code), 4),
                   period_start, period_end FROM a WHERE via IS NOT NULL
            UNION ALL SELECT case_id, via, destination, left(hs_code, 4), period_start,
                   period_end FROM a WHERE via IS NOT NULL)
        SELECT case_id, o, d, heading, min(period_start) AS start, max(period_end) AS "end"
        FROM legs WHERE heading IS NOT NULL GROUP BY ALL""",
        case_ids,
    ).df()
    return legs


def legs_of(case_id: str, alerts: pd.DataFrame) -> pd.DataFrame:
    """One case's legs from its alerts, as `_case_legs` gives them but without a query (a
    case has a few alerts: plain Python, not pandas, which costs more on frames this small)."""
    found: dict[tuple[str, str, str], list[Any]] = {}
    cols = ["entity", "origin", "via", "destination", "hs_code", "declared_hs_code",
            "period_start", "period_end"]  # fmt: skip
    for entity, o, v, d, hs, declared, start, end in zip(
        *(alerts[c].tolist() for c in cols), strict=True
    ):
        if _present(entity):
            continue
        if _present(v):
            steps = [(o, v, declared if _present(declared) else hs), (v, d, hs)]
        else:
            steps = [(o, d, hs), (o, d, declared)]
        for a, b, code in steps:
            if not _present(code):
                continue
            key = (a, b, str(code)[:4])
            if key in found:
                found[key][0] = min(found[key][0], start)
                found[key][1] = max(found[key][1], end)
            else:
                found[key] = [start, end]
    return pd.DataFrame(
        [(case_id, o, d, h, s, e) for (o, d, h), (s, e) in sorted(found.items())],
        columns=["case_id", "o", "d", "heading", "start", "end"],
    )


def _present(v: object) -> bool:
    return v is not None and not (isinstance(v, float) and v != v) and v is not pd.NaT


def _by_leg(legs: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
    """Each leg's headings, legs in their first row's order."""
    out: dict[tuple[str, str], set[str]] = {}
    for o, d, h in zip(legs["o"], legs["d"], legs["heading"], strict=True):
        out.setdefault((str(o), str(d)), set()).add(str(h))
    return {k: sorted(v) for k, v in out.items()}


def leg_series(ws: Workspace, o: str, d: str, headings: list[str]) -> pd.DataFrame:
    """Monthly value of o → d in the headings, as the exporter and as the importer report it."""
    if not headings:
        return pd.DataFrame(columns=["period", "exporter_reported", "importer_reported"])
    like = " OR ".join("starts_with(hs_code, ?)" for _ in headings)
    df: pd.DataFrame = ws.raw.execute(
        f"""
        SELECT period,
               sum(value_usd) FILTER (WHERE reporter = ? AND flow IN ('export', 're-export'))
                   AS exporter_reported,
               sum(value_usd) FILTER (WHERE reporter = ? AND flow IN ('import', 're-import'))
                   AS importer_reported
        FROM trade_flows
        WHERE freq = 'M' AND ((reporter = ? AND partner = ?) OR (reporter = ? AND partner = ?))
          AND ({like})
        GROUP BY period ORDER BY period""",
        [o, d, o, d, d, o, *headings],
    ).df()
    return df.fillna(0.0)


def leg_codes(ws: Workspace, o: str, d: str, headings: list[str]) -> pd.DataFrame:
    """Monthly value of o → d by 4-digit heading, as the exporter (`side` 'exporter') and as the
    importer reports it: a cross-code leg shows each side's code apart."""
    if not headings:
        return pd.DataFrame(columns=["period", "side", "heading", "value_usd"])
    like = " OR ".join("starts_with(hs_code, ?)" for _ in headings)
    df: pd.DataFrame = ws.raw.execute(
        f"""
        SELECT period, CASE WHEN reporter = ? THEN 'exporter' ELSE 'importer' END AS side,
               left(hs_code, 4) AS heading, sum(value_usd) AS value_usd
        FROM trade_flows
        WHERE freq = 'M' AND ((reporter = ? AND partner = ? AND flow IN ('export', 're-export'))
            OR (reporter = ? AND partner = ? AND flow IN ('import', 're-import')))
          AND ({like})
        GROUP BY ALL ORDER BY period, side, heading""",
        [o, o, d, d, o, *headings],
    ).df()
    return df


def goods_names(ws: Workspace) -> dict[str, str]:
    """What a 4-digit heading is, in the words of the shipped lists: a controlled category, or
    a civilian cover for a controlled heading."""
    names: dict[str, str] = {}
    for h, cat in ws.raw.execute(
        "SELECT DISTINCT left(hs_code, 4), category FROM ref_control_list"
        " WHERE category <> 'chpl' ORDER BY 1, 2"
    ).fetchall():
        names.setdefault(str(h), f"HS {h} {str(cat).replace('_', ' ')}")
    for h, covers in ws.raw.execute(
        "SELECT left(hs_code, 4), string_agg(DISTINCT covers, '|' ORDER BY covers)"
        " FROM ref_cover_codes GROUP BY 1"
    ).fetchall():
        if str(h) not in names:
            cover = ", ".join(sorted(set(str(covers).split("|"))))
            names[str(h)] = f"HS {h} declared (a cover for {cover})"
    return names


def sankey(ws: Workspace, min_score: float = 0.5, limit: int = 40) -> dict[str, Any]:
    """Origin → intermediary → destination flows of the flagged cases' goods (controlled and
    cover codes). Each leg is one link valued at the larger of the two sides' reports over the
    case's months (the same goods reported under two codes are counted once), labelled with the
    goods as the exporter declared them; `goods` gives each its colour (controlled goods red,
    each cover code its own), `link_text` both sides' figures by code."""
    from shadowtrade.report.figures import usd

    cases = ws.raw.execute(
        f"""SELECT case_id, kind, origin, via, destination FROM cases
            WHERE kind IN ('route', 'pair') AND score >= ? ORDER BY score DESC, case_id
            LIMIT {int(limit)}""",
        [min_score],
    ).df()
    legs = _case_legs(ws, list(cases["case_id"]))
    names = goods_names(ws)
    nodes: list[str] = []
    links: dict[tuple[int, int], dict[str, Any]] = {}

    def node(label: str) -> int:
        if label not in nodes:
            nodes.append(label)
        return nodes.index(label)

    def by_code(side: pd.Series) -> str:
        found = [f"HS {h} {usd(float(v))}" for h, v in side.items() if v > 0]
        return ", ".join(found) or "nothing"

    for (o, d), g in legs.groupby(["o", "d"], sort=True):
        s = leg_codes(ws, str(o), str(d), sorted(set(g["heading"])))
        s = s[(s["period"] >= g["start"].min()) & (s["period"] <= g["end"].max())]
        exp = s[s["side"] == "exporter"].groupby("heading")["value_usd"].sum()
        imp = s[s["side"] == "importer"].groupby("heading")["value_usd"].sum()
        value = float(max(exp.sum(), imp.sum()))
        if value <= 0:
            continue
        declared = str((exp if exp.sum() > 0 else imp).idxmax())
        routes = cases[cases["case_id"].isin(set(g["case_id"]))]
        is_first = (routes["origin"] == o).any()
        is_via_out = (routes["via"] == o).any()
        src = node(f"{o} (intermediary)" if is_via_out and not is_first else f"{o} (origin)")
        is_via_in = (routes["via"] == d).any()
        dst = node(f"{d} (intermediary)" if is_via_in else f"{d} (destination)")
        text = (f"{o} → {d}: {usd(value)}, the larger of the two reports. {o} reports exports"
                f" of {by_code(exp)}; {d} reports imports of {by_code(imp)}")  # fmt: skip
        link = links.setdefault((src, dst), {"value": 0.0, "goods": names.get(declared,
                                             f"HS {declared}"), "text": []})  # fmt: skip
        link["value"] += value
        link["text"].append(text)
    goods = sorted({v["goods"] for v in links.values()}, key=lambda x: ("cover" in x, x))
    palette = iter(COVER_COLOURS)
    colours = {gd: CONTROLLED_COLOUR if "cover" not in gd else next(palette, OTHER_COLOUR)
               for gd in goods}  # fmt: skip
    inflow = [0.0] * len(nodes)
    outflow = [0.0] * len(nodes)
    for (s_, t_), v in links.items():
        outflow[s_] += v["value"]
        inflow[t_] += v["value"]
    return {
        "nodes": nodes,
        "node_value": [round(max(a, b)) for a, b in zip(inflow, outflow, strict=True)],
        "source": [s for s, _ in links],
        "target": [t for _, t in links],
        "value": [round(v["value"]) for v in links.values()],
        "link_goods": [v["goods"] for v in links.values()],
        "link_text": ["; ".join(v["text"]) for v in links.values()],
        "goods": [{"goods": gd, "colour": colours[gd]} for gd in goods],
    }


def case_series(
    ws: Workspace,
    case_id: str,
    rows: str = CASE_ALERT_ROWS,
    legs: pd.DataFrame | None = None,
    known: tuple[dict[str, Any] | None, pd.DataFrame] | None = None,
) -> list[dict[str, Any]]:
    """The evidence series of a case as charts: for each leg, the exporter's against the
    importer's report (each code its own series where the leg carries several: on a cross-code
    leg the evidence is that the two sides' codes differ); for a route, the inflow against the
    onward flow; unit values against their code's range. `known`: the case's row and its
    alerts, when already read."""
    charts: list[dict[str, Any]] = []
    legs = _case_legs(ws, [case_id], rows) if legs is None else legs
    per_leg = dict(sorted(_by_leg(legs).items()))
    read: dict[tuple[str, str], pd.DataFrame] = {}  # each leg's series read once

    def series_of(o: str, d: str) -> pd.DataFrame:
        if (o, d) not in read:
            read[(o, d)] = leg_series(ws, o, d, per_leg.get((o, d), []))
        return read[(o, d)]

    for (o, d), heads in per_leg.items():
        if len(heads) > 1:
            charts.extend(_codes_chart(ws, o, d, heads))
            continue
        s = series_of(o, d)
        if len(s):
            charts.append({
                "kind": "mirror", "codes": heads,
                "title": f"{o} → {d}, HS {', '.join(heads)}: as each side reports",
                "x": [str(p)[:7] for p in s["period"]],
                "series": {f"{o} reports exports": s["exporter_reported"].round().tolist(),
                           f"{d} reports imports": s["importer_reported"].round().tolist()},
            })  # fmt: skip
    if known is None:
        case = ws.raw.execute(
            "SELECT kind, origin, via, destination FROM cases WHERE case_id = ?", [case_id]
        ).fetchone()
    else:
        row = known[0]
        case = (row["kind"], row["origin"], row["via"], row["destination"]) if row else None
    if case and case[0] == "route":
        _, o, v, d = case
        first, second = per_leg.get((o, v), []), per_leg.get((v, d), [])
        a, b = series_of(o, v), series_of(v, d)
        if len(a) and len(b):
            both = a.merge(b, on="period", how="outer", suffixes=("_in", "_out")).fillna(0.0)
            both = both.sort_values("period")
            inflow = both[["exporter_reported_in", "importer_reported_in"]].max(axis=1)
            onward = both[["exporter_reported_out", "importer_reported_out"]].max(axis=1)
            charts.append({
                "kind": "route", "title": f"Inflow {o} → {v} against onward flow {v} → {d}",
                "x": [str(p)[:7] for p in both["period"]],
                "series": {
                    f"inflow into {v} (HS {', '.join(first)})": inflow.round().tolist(),
                    f"onward to {d} (HS {', '.join(second)})": onward.round().tolist(),
                },
            })  # fmt: skip
    if known is None:
        uv = ws.raw.execute(
            f"""SELECT r.origin, r.destination, r.evidence FROM {rows} r
                WHERE r.case_id = ? AND r.detector = 'unit_value'""",
            [case_id],
        ).fetchall()
    else:
        a = known[1][known[1]["detector"] == "unit_value"]
        uv = list(zip(a["origin"], a["destination"], a["evidence"], strict=True))
    for o, d, ev in uv:
        e = json.loads(ev or "{}")
        labels = [f"{o} → {d} as reported", f"typical for HS {e.get('code', '')}"]
        values = [e.get("unit_value_usd_per_kg"), e.get("code_median_usd_per_kg")]
        if e.get("controlled_median_usd_per_kg"):
            labels.append(f"typical for HS {e.get('nearest_controlled_heading')}")
            values.append(e["controlled_median_usd_per_kg"])
        title = f"Unit value, USD/kg ({e.get('reporter')} reports {e.get('flow')}s)"
        charts.append({"kind": "unit_value", "title": title, "x": labels,
                       "series": {"USD/kg": values}})  # fmt: skip
    return charts


def _codes_chart(ws: Workspace, o: str, d: str, heads: list[str]) -> list[dict[str, Any]]:
    """One leg's chart with a series per (side, heading) that carries any value."""
    s = leg_codes(ws, o, d, heads)
    if s.empty:
        return []
    wide = s.pivot_table(index="period", columns=["side", "heading"], values="value_usd",
                         aggfunc="sum").fillna(0.0).sort_index()  # fmt: skip
    series: dict[str, list[float]] = {}
    for side, who, verb in (("exporter", o, "exports"), ("importer", d, "imports")):
        for h in heads:
            if (side, h) in wide.columns and wide[(side, h)].sum() > 0:
                series[f"{who} reports {verb} of HS {h}"] = wide[(side, h)].round().tolist()
    return [{
        "kind": "mirror", "codes": heads,
        "title": f"{o} → {d}: each side's report by code (HS {', '.join(heads)})",
        "x": [str(p)[:7] for p in wide.index], "series": series,
    }]  # fmt: skip


def case_consignments(
    ws: Workspace, case_id: str, limit: int = 200, rows: str = CASE_ALERT_ROWS
) -> pd.DataFrame:
    """The consignments a case's alerts name, with their papers (the alerts' own
    implementation, `detect.alerts.alert_consignments`)."""
    return alert_consignments(ws, rows, "r.case_id = ?", [case_id], limit)


def case_network(
    ws: Workspace, case_id: str, limit: int = 60, rows: str = CASE_ALERT_ROWS,
    consignments: pd.DataFrame | None = None, listed: bool = True,
) -> dict[str, Any]:  # fmt: skip
    """The companies around a case's consignments (`consignments`: up to 500 of them, as
    `case_consignments` reads them): who shipped to whom, with positions for a drawing
    (networkx spring layout) and the listed parties they matched (`listed`: False when the
    case is known to have no list match)."""
    cons = (case_consignments(ws, case_id, limit=500, rows=rows) if consignments is None
            else consignments)  # fmt: skip
    matches = (
        ws.raw.execute(
            f"""SELECT r.entity, json_extract_string(r.evidence, '$.list') AS list,
                   json_extract_string(r.evidence, '$.entity_id') AS entity_id
            FROM {rows} r WHERE r.case_id = ? AND r.detector = 'list_match'""",
            [case_id],
        ).fetchall()
        if listed
        else []
    )
    g: nx.Graph = nx.Graph()
    for r in cons.itertuples() if len(cons) else ():
        for n, c in ((r.exporter, r.origin), (r.consignee, r.destination)):
            if isinstance(n, str):
                g.add_node(n, country=c, kind="company")
        if isinstance(r.exporter, str) and isinstance(r.consignee, str):
            w = g.get_edge_data(r.exporter, r.consignee, {"consignments": 0})["consignments"]
            g.add_edge(r.exporter, r.consignee, consignments=w + 1)
    for entity, lst, eid in matches:
        node = f"{lst} {eid}"
        g.add_node(node, country=None, kind="listed")
        if isinstance(entity, str):
            g.add_node(entity, country=g.nodes.get(entity, {}).get("country"), kind="company")
            g.add_edge(entity, node, consignments=0)
    if g.number_of_nodes() > limit:
        keep = sorted(g.degree, key=lambda x: -x[1])[:limit]
        g = g.subgraph([n for n, _ in keep]).copy()
    pos = nx.spring_layout(g, seed=1) if g.number_of_nodes() else {}
    return {
        "nodes": [
            {"id": n, "x": float(pos[n][0]), "y": float(pos[n][1]), **g.nodes[n]} for n in g.nodes
        ],
        "edges": [{"source": a, "target": b, **g.edges[a, b]} for a, b in g.edges],
    }


def route_firms(
    ws: Workspace, case_id: str, limit: int = 40, rows: str = CASE_ALERT_ROWS,
    legs: pd.DataFrame | None = None, case_row: dict[str, Any] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """The firms that shipped a route or pair case's goods on its legs in its months, from the
    consignments (a leg's headings as the case's alerts name them, cover codes included): who
    is behind the flows the statistics show."""
    case = ws.raw.execute(
        "SELECT kind, period_start, period_end FROM cases WHERE case_id = ?", [case_id]
    ).fetchone() if case_row is None else (
        case_row["kind"], case_row["period_start"], case_row["period_end"])  # fmt: skip
    columns = ["leg", "exporter", "importer", "headings", "consignments", "value_usd", "first",
               "last"]  # fmt: skip
    if case is None or case[0] not in ("route", "pair"):
        return pd.DataFrame(columns=columns)
    legs = _case_legs(ws, [case_id], rows) if legs is None else legs
    found = []
    for (o, d), heads in _by_leg(legs).items():
        found.append(ws.raw.execute(
            f"""SELECT exporter_country || ' → ' || importer_country AS leg, exporter, importer,
                       string_agg(DISTINCT left(hs_code, 4), ', ' ORDER BY left(hs_code, 4))
                           AS headings,
                       count(*) AS consignments, sum(value_usd) AS value_usd,
                       min(date) AS first, max(date) AS last
                FROM shipments
                WHERE exporter_country = ? AND importer_country = ?
                  AND left(hs_code, 4) IN ({", ".join("?" for _ in heads)})
                  AND date >= ? AND date < ? + INTERVAL 1 MONTH
                GROUP BY ALL ORDER BY value_usd DESC LIMIT {int(limit)}""",
            [o, d, *heads, case[1], case[2]],
        ).df())  # fmt: skip
    found = [f for f in found if len(f)]
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=columns)


def case_alerts_of(ws: Workspace, case_ids: list[str], rows: str = CASE_ALERT_ROWS
                   ) -> dict[str, pd.DataFrame]:  # fmt: skip
    """Several cases' alerts in one query, each case's as `case_static` reads it (best first,
    without the case id); an empty frame for a case without alerts."""
    df = ws.raw.execute(
        f"SELECT * FROM {rows} r WHERE r.case_id IN (SELECT unnest(?::VARCHAR[]))"
        " ORDER BY r.case_id, r.score DESC, r.alert_id", [case_ids]
    ).df()  # fmt: skip
    ids = df["case_id"].to_numpy(dtype=object)
    alerts = df.drop(columns="case_id")
    out: dict[str, pd.DataFrame] = {}
    if len(ids):  # the rows come grouped by case: cut where the case id changes
        cut = np.flatnonzero(ids[1:] != ids[:-1]) + 1
        for a, b in zip(np.r_[0, cut], np.r_[cut, len(ids)], strict=True):
            out[str(ids[a])] = alerts.iloc[a:b].reset_index(drop=True)
    return {c: out.get(c, alerts.iloc[0:0].reset_index(drop=True)) for c in case_ids}


def case_static(
    ws: Workspace, case_id: str, rows: str = CASE_ALERT_ROWS, *, flows: bool = True,
    shipments: bool = True, cases: Mapping[str, dict[str, Any]] | None = None,
    alerts: pd.DataFrame | None = None,
) -> dict[str, Any]:  # fmt: skip
    """What a case page shows that only a scan or an ingest changes, its alerts read once: the
    case's row and explanation, its alerts (best first) and related cases, the series and
    firms of its legs, its consignments (the network's 500, the table's 200). Queries known
    to find nothing are not run: none when the alerts name no consignment or list match, no
    series when the workspace holds no trade flows (`flows` False), no firms when it holds no
    shipments (`shipments` False). `cases`: every case's row by id, when held; `alerts`: the
    case's alerts, when read with other cases' (`case_alerts_of`)."""
    if cases is not None:
        row = cases.get(case_id)
    else:
        found = ws.raw.execute("SELECT * FROM cases WHERE case_id = ?", [case_id])
        names = [c[0] for c in found.description or []]
        first = found.fetchone()
        row = dict(zip(names, first, strict=True)) if first else None
    if alerts is None:
        alerts = ws.raw.execute(
            f"SELECT * EXCLUDE (case_id) FROM {rows} r WHERE r.case_id = ?", [case_id]
        ).df()
    if rows == CASE_ALERT_ROWS:  # the sorted copy keeps its order; the join has none
        alerts = alerts.sort_values(
            ["score", "alert_id"], ascending=[False, True], kind="stable", ignore_index=True
        )
    related = related_cases(ws, row)
    legs = legs_of(case_id, alerts)
    named = alerts["shipment_id"].notna().any() or alerts["evidence"].astype("string").str.contains(
        "consignment_list", regex=False).fillna(False).any()  # fmt: skip
    consignments = (case_consignments(ws, case_id, limit=500, rows=rows) if named
                    else pd.DataFrame(columns=list(CONSIGNMENT_COLUMNS)))  # fmt: skip
    listed = bool((alerts["detector"] == "list_match").any())
    return {
        "case": row,
        "explanation": json.loads(str(row["explanation"])) if row else [],
        "alerts": alerts,
        "related": related,
        "series": case_series(
            ws, case_id, rows, legs if flows else legs.head(0), known=(row, alerts)
        ),
        "consignments": consignments.head(200),
        "firms": route_firms(
            ws, case_id, rows=rows, legs=legs if shipments else legs.head(0), case_row=row
        ),
        "network": case_network(ws, case_id, rows=rows, consignments=consignments, listed=listed),
    }
