"""What every web route needs: the workspace pool, the server's state, who is asking, and the
few actions routes share (an upload saved, an ingest submitted, a check audited).

The API routes (app.py), the pages (pages.py) and the error pages (error_pages.py) all import
from here and never from each other, so the web package has no import cycle.
"""

from __future__ import annotations

import gc
import hmac
import json
import logging
import math
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import ibis
import pandas as pd
from fastapi import Depends, HTTPException, Request, UploadFile
from fastapi.dependencies.models import Dependant
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from shadowtrade.cases import audit
from shadowtrade.claims.verdict import Verdict
from shadowtrade.errors import InputError, ShadowtradeError
from shadowtrade.web.access import (
    Sessions,
    TokenCache,
    User,
    token_digest,
    token_digests,
    user_by_digest,
)
from shadowtrade.web.data import (
    WEB_CACHE_DB,
    PageCache,
)
from shadowtrade.web.jobs import Job, Jobs
from shadowtrade.web.messages import upload_words
from shadowtrade.web.security import Scope
from shadowtrade.workspace import Workspace, open_workspace
from shadowtrade.writelock import new_secret, writer_for

SESSION_COOKIE = "shadowtrade_session"  # a server-side session's id, never the token itself


WRITE_WAIT_S = 30.0  # a write request waits this long for the writer, then answers 503


LOCAL_USER = User("local", "admin")  # a CLI process of the machine, writing through the server


ACTOR_HEADER = "x-shadowtrade-actor"  # who acts, for the local user only


log = logging.getLogger("shadowtrade.web")


class WorkspaceHub:
    """The workspace opened once; each request borrows a cursor-backed `Workspace` from a pool
    (a request's steps may run on different worker threads, never two requests on one cursor)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.base = open_workspace(path)
        # What the server derives from the workspace for its pages (never written to disk).
        self.base.raw.execute(f"ATTACH IF NOT EXISTS ':memory:' AS {WEB_CACHE_DB}")
        # Every write takes the workspace's one writer; a request waits at most this long.
        writer_for(path).timeout = WRITE_WAIT_S
        self._lock = threading.Lock()  # guards the pool and the base connection's cursor()
        self._pool: list[Workspace] = []

    def fresh(self) -> Workspace:
        """A workspace on a new cursor (for a request, or a background job's thread)."""
        with self._lock:
            cursor = self.base.raw.cursor()
        con = ibis.duckdb.from_connection(cursor)
        return Workspace(path=self.path, con=con, read_only=False, _ref_loaded=True)

    def borrow(self) -> Workspace:
        with self._lock:
            if self._pool:
                return self._pool.pop()
        return self.fresh()

    def give_back(self, ws: Workspace) -> None:
        with self._lock:
            self._pool.append(ws)


@dataclass
class AppState:
    hub: WorkspaceHub
    jobs: Jobs
    max_upload: int
    cache: PageCache
    tokens: TokenCache = field(default_factory=TokenCache)
    sessions: Sessions = field(default_factory=Sessions)
    secure_cookies: bool | None = None  # None: Secure when the request came over https
    # The secret a CLI process on this machine reads from `server.json` to send its writes
    # here (writelock.py): it acts as the local user, an admin naming the acting person.
    local_secret: str = field(default_factory=new_secret)
    # One long job (a scan or an ingest) at a time. A scan computes outside the writer and
    # takes it only for its writes, so triage and checks go on meanwhile; an ingest holds it.
    long_jobs: threading.Lock = field(default_factory=threading.Lock)
    # Run after the pages' tables are prepared (after a start, an ingest or a scan): the
    # pages add the making of the strongest cases' pages here.
    warmers: list[Callable[[Workspace, PageCache], object]] = field(default_factory=list)
    # Set while the pages' tables and the warmers' pages are made (after a start, an ingest
    # or a scan): what /readyz reports.
    preparing: threading.Event = field(default_factory=threading.Event)


def state(request: Request) -> AppState:
    """The server's shared state (hub, page cache, jobs) from a request."""
    st: AppState = request.app.state.shadowtrade
    return st


async def workspace(request: Request) -> AsyncIterator[Workspace]:
    """A workspace borrowed for the request (async: no worker-thread hop just to borrow)."""
    hub = state(request).hub
    ws = hub.borrow()
    try:
        yield ws
    finally:
        hub.give_back(ws)


def _bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if not auth.lower().startswith("bearer "):
        return None
    return auth[7:].strip() or None


def credential(request: Request) -> str | None:
    """The SHA-256 of the request's token: from `Authorization: Bearer`, or from the live
    server-side session its cookie names."""
    token = _bearer(request)
    if token:
        return token_digest(token)
    return state(request).sessions.digest(request.cookies.get(SESSION_COOKIE))


def user_of(st: AppState, ws: Workspace, digest: str | None) -> User | None:
    """The user of a token digest, through the bounded cache of known tokens."""
    if digest and hmac.compare_digest(digest, token_digest(st.local_secret)):
        return LOCAL_USER
    if not digest:
        return None
    user = st.tokens.user(digest, lambda d: user_by_digest(ws, d), lambda: token_digests(ws))
    return None if user is None or user.expired() else user


def request_user(request: Request, ws: Workspace) -> User | None:
    """The user behind the request's bearer token or session cookie, or None."""
    return user_of(state(request), ws, credential(request))


def known_user(request: Request, ws: Workspace, token: str | None) -> User | None:
    """A token's user (the token as given, e.g. on the login form)."""
    return user_of(state(request), ws, token_digest(token)) if token else None


# The two ways a request names its user, declared so that the OpenAPI schema has them as
# security schemes (/docs: the Authorize button, and "Try it out" sends the token). They read
# nothing themselves (auto_error off): `credential` does, for the routes and the body guard.
BEARER = HTTPBearer(auto_error=False, scheme_name="bearer",
                    description="A user's token: `Authorization: Bearer st_…`")  # fmt: skip
SESSION = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, scheme_name="session",
                       description="The session the login page opens (browsers only)")  # fmt: skip


async def current_user(
    request: Request, ws: Annotated[Workspace, Depends(workspace)],
    _token: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)] = None,
    _session: Annotated[str | None, Depends(SESSION)] = None,
) -> User:  # fmt: skip
    """The API caller named by the bearer token (or the session cookie), or 401."""
    user = request_user(request, ws)
    if user is None:
        raise HTTPException(401, "a valid token is needed (Authorization: Bearer …)",
                            headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
    return user


def requires(role: str) -> Any:
    """A dependency that lets through users with at least `role`, and answers 403 otherwise."""

    async def check(user: Annotated[User, Depends(current_user)]) -> User:
        if not user.may(role):
            raise HTTPException(403, user.refused(f"this needs {role}"))
        return user

    return Depends(check)


async def known_query(request: Request, user: Annotated[User, Depends(current_user)]) -> None:
    """Refuse (422) a query parameter the route does not take, naming the ones it does: an
    unknown filter (`origin=CZE` where the filter is `country`) would otherwise be ignored and
    answer with everything. After the login check: a stranger hears 401 first."""
    from fastapi.routing import APIRoute

    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    accepted = list(dict.fromkeys(_query_names(route.dependant)))
    unknown = [k for k in dict.fromkeys(request.query_params.keys()) if k not in accepted]
    if unknown:
        # An HTTPException, not an InputError: api_words would cut the path like a file's.
        plural = "s" if len(unknown) > 1 else ""
        raise HTTPException(422, f"unknown query parameter{plural} {', '.join(unknown)}:"
                            f" {request.method} {route.path} accepts"
                            f" {', '.join(accepted) or 'none'}")  # fmt: skip


def _query_names(dependant: Dependant) -> Iterator[str]:
    """The query parameters a route reads: its own, then its dependencies' (the filters)."""
    for p in dependant.query_params:
        yield p.alias
    for sub in dependant.dependencies:
        yield from _query_names(sub)


def exact_case(case_id: str, ws: Annotated[Workspace, Depends(workspace)]) -> str:
    """A case id as written, for writes: reads accept a unique prefix, but a mistyped id on a
    write would silently change another case, so a write names its case exactly (else 404)."""
    if not is_case_id(ws, case_id):
        raise HTTPException(404, f"no case {case_id!r}: a write needs the exact case id "
                            "(GET /api/v1/cases lists them)")  # fmt: skip
    return case_id


def is_case_id(ws: Workspace, case_id: str) -> bool:
    """Whether a case (scanned, or kept only by its triage) has exactly this id."""
    return ws.raw.execute(
        "SELECT 1 FROM cases WHERE case_id = $1 UNION ALL SELECT 1 FROM case_triage"
        " WHERE case_id = $1 LIMIT 1", [case_id]
    ).fetchone() is not None  # fmt: skip


WS = Annotated[Workspace, Depends(workspace)]


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame as JSON-ready records (dates as ISO text, missing values as null)."""
    if df.empty:
        return []
    out: list[dict[str, Any]] = json.loads(
        df.to_json(orient="records", date_format="iso", force_ascii=False)
    )
    for r in out:
        for k in ("period_start", "period_end", "date", "certificate_date"):
            if isinstance(r.get(k), str):
                r[k] = r[k][:10]
    return out


def rebuild_stale_cases(hub: WorkspaceHub) -> None:
    """Cases that no longer match the alerts and companies (changed while no server ran, or
    never built) are rebuilt as the server starts, as the workspace's writer, so that its lists
    show what `shadowtrade cases` shows; the lists themselves read without the writer. A
    rebuild that cannot be done now (another writer, a broken audit log) is logged, and the
    server starts on the cases as they are."""
    from shadowtrade.cases import ensure_cases
    from shadowtrade.cases.store import cases_up_to_date

    ws = hub.fresh()
    try:
        if cases_up_to_date(ws):
            return
        log.warning("the cases do not match the alerts and companies (changed while no server"
                    " ran, or never built): rebuilding them")  # fmt: skip
        ensure_cases(ws)
    except ShadowtradeError as exc:
        log.warning("the cases were not rebuilt, the lists show them as they are: %s", exc)
    finally:
        ws.close()


def prepare_pages(st: AppState) -> None:
    """`PageCache.prepare` on a cursor of its own, then the warmers (in a thread: the server
    answers meanwhile). What they hold then lives until the next ingest or scan, so the
    garbage collector is told to stop walking it (`gc.freeze`, after the tables and again
    after the warmers): a full collection walked the held tables and pages, millions of
    objects, and stopped every request for 0.3-0.5 s each time (measured with 100,000
    alerts at load 10). Dropped tables are still freed by their reference counts; what an
    ingest or a scan dropped is collected once here (`gc.unfreeze`, then a collection)
    before the new tables are frozen."""
    st.preparing.set()
    try:
        gc.unfreeze()
        gc.collect()
        started = time.perf_counter()
        ws = st.hub.fresh()
        try:
            st.cache.prepare(ws)
            gc.freeze()
            for warm in st.warmers:
                warm(ws, st.cache)
            gc.freeze()
            log.info("the pages' tables and the strongest cases' pages made in %.1f s",
                     time.perf_counter() - started)  # fmt: skip
        finally:
            ws.close()
    except Exception:  # the pages make it themselves when asked (e.g. the app closed first)
        log.debug("preparing the pages' tables failed", exc_info=True)
    finally:
        st.preparing.clear()


def _ingest_formats() -> tuple[str, ...]:
    from shadowtrade.formats.ingest import TRADE_FORMATS
    from shadowtrade.formats.kinds import LIST_FORMATS

    return (*TRADE_FORMATS, "shipments", *LIST_FORMATS)


INGEST_FORMATS = _ingest_formats()  # what `shadowtrade ingest --format` takes


def check_format(fmt: str) -> None:
    """Refuse an ingest format no reader has (422), before the upload is kept."""
    if fmt not in INGEST_FORMATS:
        raise InputError(f"fmt {fmt!r}: expected one of {', '.join(INGEST_FORMATS)}")


@dataclass(frozen=True)
class ChosenMapping:
    """The column mapping an upload is read with: where it is, and how its user named it (a
    shipped mapping's name, or the uploaded mapping file's own name)."""

    path: Path
    shown: str


MAPPING_LIMIT = 64 * 1024  # a mapping file is a few dozen lines


def shipped_mapping_list() -> list[dict[str, str]]:
    """The shipped column mappings an upload may name: name and kind (trade or shipments)."""
    from shadowtrade.formats.mapping import shipped_kind, shipped_mappings

    return [{"name": n, "kind": shipped_kind(p)} for n, p in shipped_mappings().items()]


async def take_mapping(st: AppState, fmt: str, name: str,
                       file: UploadFile | None) -> ChosenMapping | None:  # fmt: skip
    """The mapping an upload names, a shipped one by `name` or an uploaded YAML `file`, checked
    as `shadowtrade ingest --mapping` checks it (the same reader, the same words, the file
    named by its own name) before the data file is kept: a job that can only fail is not
    started. None when neither is given; InputError (422) when it cannot be used."""
    from shadowtrade.formats.kinds import LIST_FORMATS
    from shadowtrade.formats.mapping import load_mapping, shipped_mapping, shipped_mappings
    from shadowtrade.formats.shipments import load_shipment_mapping

    name = name.strip()
    sent = file if file is not None and file.filename else None  # a form's empty file field
    if not name and sent is None:
        return None
    if name and sent is not None:
        raise InputError("give a shipped mapping or a mapping file, not both")
    if fmt in LIST_FORMATS:
        raise InputError(f"a sanctions list ({fmt}) is read without a column mapping")
    if sent is None:
        found = shipped_mapping(name)
        if found is None:
            names = ", ".join(shipped_mappings())
            raise InputError(f"mapping {name!r}: no shipped mapping has that name; the shipped"
                             f" ones are {names} (docs/mapping.md)")  # fmt: skip
        chosen = ChosenMapping(found[1], found[0])
    else:
        path = await _save_upload(st, sent, limit=MAPPING_LIMIT, what="mapping file")
        chosen = ChosenMapping(path, path.name)
    try:
        (load_shipment_mapping if fmt == "shipments" else load_mapping)(chosen.path)
    except ShadowtradeError as exc:
        if sent is not None:
            discard_upload(chosen.path)
        raise InputError(upload_words(str(exc), chosen.path, chosen.shown)) from exc
    return chosen


def discard_upload(path: Path) -> None:
    """Remove an upload that will not be read, and its folder."""
    path.unlink(missing_ok=True)
    path.parent.rmdir()


def submit_ingest(st: AppState, path: Path, filename: str, fmt: str, user: User,
                  mapping: ChosenMapping | None = None) -> Job:  # fmt: skip
    """Ingest an uploaded file in the background (with its column mapping, if any); the job
    reports progress and the summary, with the file's quarantined rows."""

    def work(job: Job) -> dict[str, Any]:
        from shadowtrade.formats.dispatch import ingest_any

        ws = st.hub.fresh()

        def progress(stage: str, pct: float) -> None:
            job.stage, job.progress = stage, pct

        try:
            with st.long_jobs, writer_for(st.hub.path).hold(f"an ingest by {user.name}",
                                                          timeout=math.inf):  # fmt: skip
                try:
                    res = ingest_any(ws, path, fmt, progress=progress,
                                     mapping=mapping.path if mapping else None)  # fmt: skip
                except ShadowtradeError as exc:  # said of the uploaded files, for the web
                    words = upload_words(str(exc), path, filename)
                    if mapping is not None:
                        words = upload_words(words, mapping.path, mapping.shown)
                    raise InputError(words) from exc
                st.cache.clear()
                with_mapping = f" (mapping {mapping.shown})" if mapping else ""
                audit.record(ws, actor=user.name, case_id="", action="ingest",
                             new_value=f"{filename}: import {res.get('import_id')}"
                             f"{with_mapping}")  # fmt: skip
            prepare_pages(st)
            res["file"] = filename
            if mapping is not None:
                res["mapping"] = mapping.shown
            if res.get("duplicate_of") is not None:  # as the CLI says it: nothing was read
                res["note"] = (f"already ingested as import {res['duplicate_of']} (same sha256);"
                               " nothing changed")  # fmt: skip
            res["quarantine"] = records(ws.raw.execute(
                'SELECT row_number, "column", value, reason FROM quarantine'
                " WHERE import_file = ? ORDER BY row_number LIMIT 200",
                [res.get("import_id")]).df()) if res.get("import_id") else []  # fmt: skip
            return res
        finally:
            ws.close()

    upload = path.relative_to(st.hub.path).as_posix()  # its import is found by it (jobs.py)
    return st.jobs.submit("ingest", user.name, work, file=filename, upload=upload)


def audited_check(
    ws: Workspace, user: User, text: str | None, *, origin: str | None = None,
    via: str | None = None, destination: str | None = None, goods: str | None = None,
    since: str | None = None, until: str | None = None, actor: str | None = None,
) -> Verdict:  # fmt: skip
    """Grade an allegation (text and/or fields, fields overriding) and log it under the user
    (or `actor`, who acts through the local user)."""
    from shadowtrade.claims.cli_input import hypothesis_from_options
    from shadowtrade.claims.grade import grade

    h = hypothesis_from_options(text, origin=origin, via=via, destination=destination,
                                goods=goods, since=since, until=until)  # fmt: skip
    verdict = grade(ws, h)
    audit.record(ws, actor=actor or user.name, case_id="", action="check",
                 new_value=f"{verdict['grade']}: {verdict['summary'][:200]}")  # fmt: skip
    return verdict


def acting(request: Request, user: User) -> str:
    """Who acts: the user, or for a CLI process writing through the server the person it
    names (`$SHADOWTRADE_USER`, else their login name)."""
    if user is LOCAL_USER:
        named = request.headers.get(ACTOR_HEADER, "").strip()
        if not named:
            raise InputError("a local write names its actor (X-Shadowtrade-Actor)")
        return named
    return user.name


def upload_name(filename: str | None) -> str:
    """The uploaded file's own name, safe as one path component (no folders, no '..')."""
    name = Path((filename or "").replace("\x00", "").replace("\\", "/")).name.strip()
    return name if name not in ("", ".", "..") else "upload"


async def _save_upload(st: AppState, file: UploadFile, *, limit: int | None = None,
                       what: str = "upload") -> Path:  # fmt: skip
    """Stream an upload into a folder of its own in the workspace's uploads folder, under the
    file's own name (which messages then show), refusing it (413) past the limit (the
    server's upload limit unless `limit`)."""
    limit = st.max_upload if limit is None else limit
    folder = st.hub.path / "uploads" / uuid.uuid4().hex[:12]
    folder.mkdir(parents=True)
    path = folder / upload_name(file.filename)
    size = 0
    with path.open("wb") as out:
        while chunk := await file.read(1 << 20):
            size += len(chunk)
            if size > limit:
                out.close()
                discard_upload(path)
                raise HTTPException(413, f"{what} larger than {limit:,} bytes")
            out.write(chunk)
    return path


def route_path(scope: Scope) -> str:
    """The request's path inside the app (without the proxy's --root-path prefix)."""
    path, root = str(scope.get("path", "")), str(scope.get("root_path", ""))
    return path[len(root) :] if root and path.startswith(root) else path
