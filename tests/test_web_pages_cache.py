"""The pages' held tables: a page read from the server's cache (a mask and a held sort order
over the alerts or cases table in memory) is the same page, in the same order, as the SQL
query without the cache gives; a triage patches the held rows and the status filter follows."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date

import numpy as np
import pandas as pd
import pytest

from shadowtrade.cases import build_cases, triage
from shadowtrade.web.data import (
    ALERT_SORTS,
    CASE_SORTS,
    Filters,
    PageCache,
    alerts_page,
    cases_page,
)
from shadowtrade.workspace import Workspace, open_workspace

N = 600


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """600 alerts with ties in score, missing vias and declared codes, on 6 countries."""
    rng = np.random.default_rng(5)
    countries = np.array(["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"])
    o = rng.choice(countries, N)
    d = np.where(rng.choice(countries, N) == o, "ZZZ", rng.choice(countries, N))
    via = np.where(rng.random(N) < 0.3, rng.choice(countries, N), None)
    start = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 30, N) * 30, "D")
    alerts = pd.DataFrame({
        "alert_id": [f"a{i:04d}" for i in range(N)],
        "detector": rng.choice(["route_break", "mirror_gap", "unit_value"], N),
        "score": rng.choice([0.2, 0.5, 0.5, 0.9, 0.75], N), "origin": o, "via": via,
        "destination": d, "hs_code": rng.choice(["930690", "360100", "847990"], N),
        "declared_hs_code": np.where(rng.random(N) < 0.2, "732690", None),
        "period_start": start.normalize(), "period_end": start + pd.Timedelta(days=200),
        "entity": None, "shipment_id": None, "summary": "x", "evidence": "{}",
    })  # fmt: skip
    ws = open_workspace(tmp_path_factory.mktemp("pages") / "ws")
    ws.raw.register("_a", alerts)
    ws.raw.execute("INSERT INTO alerts BY NAME SELECT * FROM _a")
    cases = build_cases(ws)
    for i, cid in enumerate(cases["case_id"][::7]):
        triage(ws, str(cid), status=("investigating", "dismissed")[i % 2], actor="t")
    yield ws
    ws.close()


FILTERS = [
    Filters(), Filters(detector="mirror_gap"), Filters(country="bbb"), Filters(hs="93"),
    Filters(hs="7326"), Filters(since=date(2021, 6, 1)), Filters(until=date(2020, 9, 1)),
    Filters(min_score=0.5), Filters(status="investigating"), Filters(status="new"),
    Filters(kind="pair"), Filters(country="AAA", min_score=0.75, detector="route_break"),
]  # fmt: skip


def _ids(df: pd.DataFrame, col: str) -> list[str]:
    return [str(v) for v in df[col]]


@pytest.mark.parametrize("table", ["alerts", "cases"])
def test_a_held_page_is_the_page_sql_gives(world: Workspace, table: str) -> None:
    fetch, sorts, idcol = ((alerts_page, ALERT_SORTS, "alert_id") if table == "alerts"
                           else (cases_page, CASE_SORTS, "case_id"))  # fmt: skip
    cache, compared = PageCache(), 0
    # every sort in both directions, each with a third of the filters (in turn)
    combos = [(f, desc + col) for k, (col, desc) in enumerate(itertools.product(sorts, "+-"))
              for f in FILTERS[k % 3 :: 3]]  # fmt: skip
    for f, sort in combos:
        sort = sort.lstrip("+")
        want, total = fetch(world, f, 2, 40, sort)
        got, held_total = fetch(world, f, 2, 40, sort, cache)
        assert held_total == total, (f.key(), sort)
        assert _ids(got, idcol) == _ids(want, idcol), (f.key(), sort)
        compared += len(want)
    assert compared > 500  # the pages compared were not empty


def test_a_triage_moves_a_case_in_the_held_status_filter(world: Workspace) -> None:
    cache = PageCache()
    f = Filters(status="confirmed")
    assert cases_page(world, f, cache=cache)[1] == 0
    first = str(cases_page(world, Filters(), cache=cache)[0]["case_id"].iloc[0])
    triage(world, first, status="confirmed", actor="t")
    cache.triaged(world, first)
    page, total = cases_page(world, f, cache=cache)
    assert total == 1 and list(page["case_id"]) == [first] and page["status"].iloc[0] == "confirmed"
    held, _ = alerts_page(world, Filters(status="confirmed"), size=500, cache=cache)
    want, _ = alerts_page(world, Filters(status="confirmed"), size=500)
    assert len(held) > 0 and _ids(held, "alert_id") == _ids(want, "alert_id")


def test_many_case_pages_push_out_old_pages_not_what_every_page_reads() -> None:
    cache = PageCache(maxsize=2)  # at most 8 case pages
    cache.static(("case table",), dict)
    for i in range(20):
        cache.static(("case page", f"C-{i}"), lambda: {"page": 1})
    assert cache.holds(static=("case table",))
    assert [cache.holds(static=("case page", f"C-{i}")) for i in range(20)] == [False] * 12 + [
        True
    ] * 8


def test_a_triage_drops_only_its_own_cases_state(world: Workspace) -> None:
    """A case's held triage and log stay across another case's triage and go with its own;
    a state read while its case was written is not kept."""
    cache = PageCache()
    ids = [str(c) for c in cases_page(world, Filters(), size=3, cache=cache)[0]["case_id"]]
    a, b, c = ids
    for cid in ids:
        cache.case_state(cid, lambda cid=cid: {"case_id": cid})
    triage(world, a, note="seen", actor="t")
    cache.triaged(world, a)
    assert not cache.holds(state=a) and cache.holds(state=b) and cache.holds(state=c)

    def read_across_a_write() -> dict[str, str]:
        triage(world, a, note="again", actor="t")
        cache.triaged(world, a)
        return {"case_id": a}

    cache.case_state(a, read_across_a_write)
    assert not cache.holds(state=a)
    cache.clear()
    assert not cache.holds(state=b)


def test_the_audit_verdict_is_computed_once_for_readers_at_once(world: Workspace) -> None:
    """After a write every reader asks for the audit check at once: one computes it, the
    others wait for its verdict; a write made meanwhile makes it computed again."""
    import threading
    import time

    cache = PageCache()
    calls: list[int] = []

    def check() -> list[str]:
        calls.append(1)
        time.sleep(0.2)
        return ["a problem"]

    got: list[list[str]] = []
    readers = [threading.Thread(target=lambda: got.append(cache.verified(world, check)))
               for _ in range(6)]  # fmt: skip
    for t in readers:
        t.start()
    for t in readers:
        t.join()
    assert len(calls) == 1 and got == [["a problem"]] * 6
    first = str(cases_page(world, Filters(), size=1, cache=cache)[0]["case_id"].iloc[0])
    triage(world, first, note="checked", actor="t")
    cache.triaged(world, first)  # computes the verdict for the log as the write left it
    assert cache.holds(verified=world) and cache.verified(world, check) == []
    assert len(calls) == 1


def test_states_read_at_once_equal_each_cases_own(world: Workspace) -> None:
    """The warmed cases' triage and log (two queries for all) are what each case's page
    reads alone; a case written while they were read is not kept from that read."""
    from shadowtrade.web.pages import _exact_case_state, case_states_of

    cache = PageCache()
    ids = [str(c) for c in cases_page(world, Filters(), size=500, cache=cache)[0]["case_id"]]
    together = case_states_of(world, ids)
    alone = {c: _exact_case_state(world, cache, c) for c in ids}
    assert together == alone
    assert sum(bool(s["audit"]) for s in together.values()) >= 5  # triaged cases' logs
    assert sum(s["triage"] is not None for s in together.values()) >= 5

    def read_while_one_is_written() -> dict[str, dict[str, object]]:
        triage(world, ids[0], note="meanwhile", actor="t")
        cache.triaged(world, ids[0])
        return together

    assert cache.case_states(read_while_one_is_written) == len(ids) - 1
    assert not cache.holds(state=ids[0]) and cache.holds(state=ids[1])
