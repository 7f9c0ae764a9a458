"""What the web pages and the API list, as library functions: paginated, filtered and sorted
alerts and cases (held in memory by `PageCache`), the overview's counts and the map's routes.
The read queries the report shares with the web app (a case's series, consignments, firms and
network, the Sankey) live in `shadowtrade.views`."""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from shadowtrade.cases import audit
from shadowtrade.cases.audit import HEAD_FILE
from shadowtrade.cases.ranking import rank_keys, rank_sql
from shadowtrade.errors import InputError
from shadowtrade.views import CASE_ALERT_ROWS

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


CASE_KINDS = ("route", "pair", "party", "single")  # docs/contracts.md, `cases.kind`


def month_or_date(text: str, name: str, *, end: bool = False) -> date:
    """A filter's date from YYYY-MM (as the CLI takes months: its first day, or with `end` its
    last) or YYYY-MM-DD; anything else refused in words."""
    t = text.strip()
    try:
        if len(t) == 7:
            first = date.fromisoformat(t + "-01")
            if not end:
                return first
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        return date.fromisoformat(t)
    except ValueError:
        raise InputError(f"{name} {text!r}: give a month (YYYY-MM) or a day (YYYY-MM-DD)") from None


def check_filters(ws: Workspace, f: Filters) -> Filters:
    """Refuse a filter value that cannot match by its kind (an unknown detector, status or case
    kind, a country that is no ISO 3166 alpha-3 code), naming the values allowed: otherwise
    a typo answers as an empty table."""
    from shadowtrade.cases import STATUSES
    from shadowtrade.detect.catalog import all_detectors

    def allowed(field: str, value: str | None, values: tuple[str, ...] | list[str]) -> None:
        if value is not None and value not in values:
            raise InputError(f"{field} {value!r}: expected one of {', '.join(values)}")

    allowed("detector", f.detector, [d.name for d in all_detectors()])
    allowed("status", f.status, STATUSES)
    allowed("kind", f.kind, CASE_KINDS)
    if f.country is not None:
        code = f.country.strip().upper()
        sql = "SELECT 1 FROM ref_countries WHERE iso3 = ?"
        known = code.isascii() and code.isalpha() and len(code) == 3
        known = known and ws.raw.execute(sql, [code]).fetchone() is not None
        if not known:
            raise InputError(f"country {f.country!r} is not an ISO 3166 alpha-3 code (e.g. SRB,"
                             " KAZ; `shadowtrade query` on ref_countries lists them)")  # fmt: skip
        f.country = code
    return f


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
            # a deflection case's `via` lists its neighbours ('KAZ,BLR'): any of them matches
            add(f"(? IN ({alias}.origin, {alias}.destination)"
                f" OR list_contains(string_split({alias}.via, ','), ?))", c, c)  # fmt: skip
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
    if allowed is CASE_SORTS:  # then the cases' one ranking (cases/ranking.py)
        return f"{key}, {rank_sql(alias, after=col)}"
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
    c.period_end, t.assignee, coalesce(t.new_evidence, false) AS new_evidence"""
CASE_SOURCE = "cases c LEFT JOIN case_triage t USING (case_id)"


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
    last either way), then the strongest score, then the id; cases after the column by their
    ranking (cases/ranking.py)."""
    desc, col = sort.startswith("-"), sort.lstrip("-")
    keys, ascending = [col, "score", idcol], [not desc, False, True]
    if col == "score":
        keys, ascending = ["score", idcol], [not desc, True]
    if idcol == "case_id":
        rest, rest_ascending = rank_keys(after=col)
        keys, ascending = [col, *rest], [not desc, *rest_ascending]
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
        via = text("via")
        on((text("origin") == c).fillna(False) | (via == c).fillna(False)
           | via.str.contains(f"(?:^|,){c}(?:,|$)", regex=True).fillna(False)
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
            ORDER BY {rank_sql()} LIMIT {int(limit)}""",
        [min_score],
    ).fetchall()
    ref = {str(r[0]): (str(r[1] or ""), str(r[2])) for r in ws.raw.execute(
        "SELECT iso3, m49, name FROM ref_countries").fetchall()}  # fmt: skip
    routes = []
    for cid, score, kind, title, o, v, d in rows:
        # a deflection case's neighbours ('KAZ,BLR') each draw their own line to the case
        for via in str(v).split(",") if v else [None]:
            path = [c for c in (o, via, d) if c]
            routes.append({"case_id": cid, "url": f"/cases/{cid}",
                           "score": round(float(score), 3), "kind": kind, "title": title,
                           "countries": path,
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
