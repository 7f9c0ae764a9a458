"""Run a fetch: plan the requests, make the ones not saved yet (paced, 429s retried), then
land the whole answer as one ordinary import.

All or nothing: the tables change only when every request has answered, in the ingest's one
transaction. A service error stops the fetch with exit 2 and lands nothing; a throttling answer
past the retries (or an exhausted quota) stops it with `FetchStopped`. In both cases the
requests already answered stay saved under `<workspace>/fetched/`, and the same command
continues from the first missing one.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shadowtrade.fetch import limits as L
from shadowtrade.fetch.errors import FetchStopped, ServiceError, ThrottledAnswer
from shadowtrade.fetch.plan import Request, ServiceClient
from shadowtrade.fetch.query import FetchQuery
from shadowtrade.fetch.state import FetchState

# Looked up at call time, so that tests (and the CLI's) can replace the waiting.
SLEEP: Callable[[float], None] = time.sleep
CLOCK: Callable[[], float] = time.monotonic
Progress = Callable[[int, int], None]  # (requests answered, requests planned)
Notify = Callable[[str], None]


@dataclass
class FetchResult:
    """What a fetch did: requests planned, saved earlier, made now; rows; where they landed."""

    query: FetchQuery
    requests: int = 0
    resumed: int = 0  # answered in an earlier run, read from the saved parts
    made: int = 0  # answered in this run
    rows: int = 0
    file: Path | None = None
    ingest: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    reused_file: bool = False  # the complete file of an earlier run, ingested again

    @property
    def empty(self) -> bool:
        return self.rows == 0 and self.file is None


@dataclass
class Pacer:
    """Keeps at least `seconds` between two requests; `sleep` and `clock` are injectable."""

    seconds: float
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: float | None = None

    def wait(self) -> None:
        if self._last is not None:
            left = self._last + self.seconds - self.clock()
            if left > 0:
                self.sleep(left)
        self._last = self.clock()


def notes_for(client: ServiceClient) -> list[str]:
    """Every reinterpretation the written file makes of the service's answer, in words."""
    if client.source == "comext":
        return [
            "Comext API quantities (QUANTITY_IN_100KG) were multiplied by 100 into"
            " QUANTITY_IN_KG; annual periods are written YYYY52 as in the bulk files"
        ]
    return []


def run_fetch(
    workspace: Path,
    query: FetchQuery,
    client: ServiceClient,
    *,
    progress: Progress | None = None,
    notify: Notify | None = None,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
    refresh: bool = False,
) -> FetchResult:
    """Fetch `query` into `workspace` (a folder; its DuckDB file is opened only to ingest)."""
    say = notify or (lambda _msg: None)
    requests = client.plan(query)
    state = FetchState(workspace, query)
    result = FetchResult(query=query, requests=len(requests), notes=notes_for(client))
    if refresh:
        state.clear()
    if state.csv.exists():
        result.reused_file = True
        result.file = state.csv
        result.resumed = len(requests)
        with state.csv.open(encoding="utf-8") as f:
            result.rows = max(0, sum(1 for _ in f) - 1)
        result.ingest = _ingest(workspace, state, query, client, result)
        return result
    state.start(requests)
    done = state.done()
    result.resumed = len(done & {r.index for r in requests})
    if progress:
        progress(result.resumed, len(requests))
    pacer = Pacer(client.pause.value, sleep or SLEEP, clock or CLOCK)
    for req in requests:
        if req.index in done:
            continue
        rows = _call_with_retries(client, req, len(requests), pacer, state, say)
        state.save(req.index, rows)
        result.made += 1
        if progress:
            progress(result.resumed + result.made, len(requests))
    rows = state.load()
    result.rows = len(rows)
    if not len(rows):
        state.clear()  # nothing to keep: the next run asks again (the data may be published)
        return result
    record = {
        "query": query.as_dict(),
        "service": client.service,
        "requests": [dict(params=r.params) for r in requests],
        "rows": len(rows),
        "notes": result.notes,
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    state.finish(rows, record)
    result.file = state.csv
    result.ingest = _ingest(workspace, state, query, client, result)
    return result


def _call_with_retries(
    client: ServiceClient,
    req: Request,
    total: int,
    pacer: Pacer,
    state: FetchState,
    say: Notify,
) -> Any:
    """One request's rows; a 429 is retried after the wait the service asks (else a doubling
    backoff), then the fetch stops with what it has saved."""
    for attempt in range(L.RETRIES_AFTER_429 + 1):
        pacer.wait()
        try:
            return client.call(req)
        except ThrottledAnswer as answer:
            saved = len(state.done())
            if answer.quota or attempt == L.RETRIES_AFTER_429:
                tried = "" if answer.quota else f" after {L.RETRIES_AFTER_429} retries"
                raise FetchStopped(
                    f"{client.source} throttled request {req.index} of {total}{tried}"
                    f" ({answer.message}); {saved} completed request"
                    f"{'' if saved == 1 else 's'} saved in {state.parts}; nothing was written"
                    " to the workspace's tables. Run the same command again to continue from"
                    f" request {req.index}"
                    + (" once the quota is replenished" if answer.quota else "")
                ) from None
            wait = answer.retry_after or L.BACKOFF_SECONDS * 2**attempt
            say(
                f"request {req.index} of {total} throttled ({answer.message}): waiting"
                f" {wait:.0f} s, retry {attempt + 1} of {L.RETRIES_AFTER_429}"
            )
            pacer.sleep(wait)
        except ServiceError as exc:
            saved = len(state.done())
            raise ServiceError(
                f"{exc} (request {req.index} of {total}: {req.show()}); nothing was written to"
                f" the workspace's tables; {saved} completed request"
                f"{'' if saved == 1 else 's'} saved for the next run",
                exc.status,
            ) from None
    raise AssertionError("unreachable")  # the loop returns or raises


def _ingest(
    workspace: Path,
    state: FetchState,
    query: FetchQuery,
    client: ServiceClient,
    result: FetchResult,
) -> dict[str, Any]:
    """Ingest the complete file as an ordinary import, with the query recorded when the ingest
    takes it (`query=`; until then it is recorded beside the file, in <name>.json)."""
    from shadowtrade.formats.dispatch import ingest_any
    from shadowtrade.workspace import open_workspace

    recorded = {**query.as_dict(), "service": client.service, "requests": result.requests}
    if result.notes:
        recorded["notes"] = result.notes
    ws = open_workspace(workspace)
    try:
        if "query" in inspect.signature(ingest_any).parameters:
            return ingest_any(ws, state.csv, client.source, query=recorded)  # type: ignore[call-arg,unused-ignore]
        return ingest_any(ws, state.csv, client.source)
    finally:
        ws.close()
