"""The FastAPI application: the REST API under /api/v1 and the analyst's pages, on one workspace.

Each worker thread talks to the workspace through its own DuckDB cursor (one database, many
connections); writes from the API happen in the library functions' own transactions, and every
write is recorded in the audit log with the user who made it.
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
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import ibis
import pandas as pd
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from shadowtrade import dictionary
from shadowtrade.cases import audit
from shadowtrade.errors import InputError, ShadowtradeError
from shadowtrade.web.access import (
    Sessions,
    TokenCache,
    User,
    add_user,
    list_users,
    revoke_user,
    token_digest,
    token_digests,
    user_by_digest,
)
from shadowtrade.web.data import (
    WEB_CACHE_DB,
    Filters,
    PageCache,
    alerts_page,
    cases_page,
    overview,
)
from shadowtrade.web.guard import BodyGuard
from shadowtrade.web.jobs import Job, Jobs
from shadowtrade.web.messages import api_words
from shadowtrade.web.security import Scope, SecurityHeaders, mount_docs
from shadowtrade.workspace import Workspace, open_workspace
from shadowtrade.writelock import WriterBusy, new_secret, writer_for

SESSION_COOKIE = "shadowtrade_session"  # a server-side session's id, never the token itself
DEFAULT_MAX_UPLOAD = 200 * 1024 * 1024
WRITE_WAIT_S = 30.0  # a write request waits this long for the writer, then answers 503
LOCAL_USER = User("local", "admin")  # a CLI process of the machine, writing through the server
ACTOR_HEADER = "x-shadowtrade-actor"  # who acts, for the local user only
UPLOAD_PATHS = ("/api/v1/ingest", "/ingest")  # bodies only an admin may send
FORM_LIMIT = 5 * 1024 * 1024  # any other body (JSON, a form): an article, 10,000 names
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
        dictionary.keep_types_in_cache(con)  # as open_workspace does: scans keep encoded keys
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


async def current_user(request: Request, ws: Annotated[Workspace, Depends(workspace)]) -> User:
    user = request_user(request, ws)
    if user is None:
        raise HTTPException(401, "a valid token is needed (Authorization: Bearer …)",
                            headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
    return user


def requires(role: str) -> Any:
    async def check(user: Annotated[User, Depends(current_user)]) -> User:
        if not user.may(role):
            raise HTTPException(403, f"{user.name} is a {user.role}; this needs {role}")
        return user

    return Depends(check)


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


Viewer = Annotated[User, requires("viewer")]
Analyst = Annotated[User, requires("analyst")]
Admin = Annotated[User, requires("admin")]
WS = Annotated[Workspace, Depends(workspace)]
ExactCaseId = Annotated[str, Depends(exact_case)]


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


class Page(BaseModel):
    page: int
    page_size: int
    total: int
    items: list[dict[str, Any]]


class TriageIn(BaseModel):
    status: str | None = Field(None, description="new, investigating, confirmed or dismissed")
    assignee: str | None = None
    note: str | None = None
    add_tags: list[str] = []
    remove_tags: list[str] = []


class CheckIn(BaseModel):
    text: str | None = Field(None, description="The allegation in words")
    origin: str | None = None
    via: list[str] = []
    destination: str | None = None
    goods: list[str] = Field([], description="Categories or HS codes")
    since: str | None = Field(None, description="YYYY-MM")
    until: str | None = Field(None, description="YYYY-MM")


class UserIn(BaseModel):
    name: str = Field(..., min_length=1, max_length=200)
    role: str = Field("viewer", description="viewer, analyst or admin")
    expires_at: datetime | None = Field(None, description="When the token stops working")


class ScreenIn(BaseModel):
    names: list[str] = Field(..., min_length=1, max_length=10_000)
    countries: list[str | None] | None = None
    threshold: float = Field(0.85, ge=0.0, le=1.0)


def _filter_query(
    detector: str | None = None, country: str | None = None,
    hs: Annotated[str | None, Query(description="HS code prefix")] = None,
    since: date | None = None, until: date | None = None,
    min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
    status: Annotated[str | None, Query(description="Case status")] = None,
) -> Filters:  # fmt: skip
    return Filters(detector=detector, country=country, hs=hs, since=since, until=until,
                   min_score=min_score, status=status)  # fmt: skip


@dataclass
class Paging:
    page: int
    page_size: int
    sort: str


def _page_query(
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
    sort: Annotated[str, Query(description="A column; '-' in front for descending")] = "-score",
) -> Paging:
    return Paging(page, page_size, sort)


FilterQuery = Annotated[Filters, Depends(_filter_query)]
PageQuery = Annotated[Paging, Depends(_page_query)]


def api_router() -> APIRouter:
    r = APIRouter(prefix="/api/v1")

    @r.get("/me", tags=["access"])
    def me(user: Viewer) -> dict[str, str]:
        return {"name": user.name, "role": user.role}

    @r.get("/overview", tags=["alerts"])
    def get_overview(user: Viewer, ws: WS) -> dict[str, Any]:
        o = overview(ws)
        return {"sizes": o["sizes"], "by_detector": records(o["by_detector"]),
                "by_status": records(o["by_status"]), "top_cases": records(o["top"])}  # fmt: skip

    @r.get("/alerts", tags=["alerts"])
    def get_alerts(request: Request, user: Viewer, ws: WS, f: FilterQuery, p: PageQuery) -> Page:
        df, total = alerts_page(ws, f, p.page, p.page_size, p.sort, state(request).cache)
        return Page(page=p.page, page_size=p.page_size, total=total, items=records(df))

    @r.get("/alerts/{alert_id}", tags=["alerts"])
    def get_alert(alert_id: str, user: Viewer, ws: WS) -> dict[str, Any]:
        from shadowtrade.detect.alerts import consignments_of

        df = ws.raw.execute("SELECT * FROM alerts WHERE alert_id = ?", [alert_id]).df()
        if df.empty:
            raise HTTPException(404, f"no alert {alert_id!r}")
        item = records(df)[0]
        item["evidence"] = json.loads(item["evidence"] or "{}")
        item["consignments"] = records(consignments_of(ws, alert_id))
        return item

    @r.get("/cases", tags=["cases"])
    def get_cases(
        request: Request, user: Viewer, ws: WS, f: FilterQuery, p: PageQuery,
        kind: str | None = None,
    ) -> Page:  # fmt: skip
        f.kind = kind
        df, total = cases_page(ws, f, p.page, p.page_size, p.sort, state(request).cache)
        return Page(page=p.page, page_size=p.page_size, total=total, items=records(df))

    @r.get("/cases/{case_id}", tags=["cases"])
    def get_case(case_id: str, user: Viewer, ws: WS) -> dict[str, Any]:
        from shadowtrade.cases import case_detail
        from shadowtrade.web.data import case_consignments, case_network, case_series

        d = case_detail(ws, case_id)
        cid = str(d["case_id"])
        return {
            "case_id": cid,
            "case": json.loads(pd.Series(d["case"]).to_json(date_format="iso"))
            if d["case"] else None,
            "triage": json.loads(pd.Series(d["triage"]).to_json(date_format="iso"))
            if d["triage"] else None,
            "explanation": d["explanation"],
            "alerts": records(_frame(d["alerts"])),
            "related": records(_frame(d["related"])),
            "audit": [_entry(e) for e in _log(d["audit"])],
            "series": case_series(ws, cid),
            "consignments": records(case_consignments(ws, cid)),
            "network": case_network(ws, cid),
        }  # fmt: skip

    @r.post("/cases/{case_id}/triage", tags=["cases"])
    def post_triage(
        case_id: ExactCaseId, body: TriageIn, request: Request, user: Analyst, ws: WS
    ) -> dict[str, Any]:
        from shadowtrade.cases import triage

        res = triage(ws, case_id, status=body.status, assignee=body.assignee, note=body.note,
                     add_tags=body.add_tags, remove_tags=body.remove_tags,
                     actor=acting(request, user), exact=True)  # fmt: skip
        state(request).cache.triaged(ws, case_id)
        res["changes"] = [list(c) for c in res["changes"]]  # type: ignore[attr-defined]
        return res

    @r.get("/audit", tags=["cases"])
    def get_audit(user: Viewer, ws: WS, case_id: str | None = None) -> dict[str, Any]:
        return {"entries": [_entry(e) for e in audit.entries(ws, case_id)],
                "problems": audit.verify(ws)}  # fmt: skip

    @r.post("/check", tags=["check"])
    def post_check(body: CheckIn, request: Request, user: Analyst, ws: WS) -> dict[str, Any]:
        if not body.text and not (body.origin and body.destination):
            raise InputError("give the allegation's text, or an origin and a destination")
        verdict = audited_check(ws, user, body.text, origin=body.origin,
                                via=",".join(body.via) or None, destination=body.destination,
                                goods=",".join(body.goods) or None, since=body.since,
                                until=body.until, actor=acting(request, user))  # fmt: skip
        return json.loads(json.dumps(verdict, default=str))  # type: ignore[no-any-return]

    @r.post("/screen", tags=["check"])
    def post_screen(body: ScreenIn, user: Viewer, ws: WS) -> dict[str, Any]:
        from shadowtrade.entities.screening import screen

        countries = body.countries or [None] * len(body.names)
        if len(countries) != len(body.names):
            raise InputError("countries must be as many as names")
        hits = screen(ws, body.names, countries, threshold=body.threshold)
        return {"matches": records(hits)}

    @r.post("/ingest", tags=["jobs"], status_code=202)
    async def post_ingest(
        request: Request, file: UploadFile, user: Admin, fmt: str = "auto"
    ) -> dict[str, Any]:
        st = state(request)
        path = await _save_upload(st, file)
        return submit_ingest(st, path, file.filename or path.name, fmt, user).as_dict()

    @r.post("/scan", tags=["jobs"], status_code=202)
    def post_scan(request: Request, user: Admin) -> dict[str, Any]:
        st = state(request)

        def work(job: Job) -> dict[str, Any]:
            from shadowtrade.scanning import scan_workspace

            ws = st.hub.fresh()
            try:
                # The detectors only read: the scan's writes (its alerts, the companies, the
                # cases with their new-evidence flags in the audit log) are each short and the
                # cases' and the log's go through the writer, so a triage waits for those, not
                # for the whole scan.
                with st.long_jobs:
                    res = scan_workspace(ws, on_step=lambda s: setattr(job, "stage", s))
                    with writer_for(st.hub.path).hold(f"a scan by {user.name}", timeout=math.inf):
                        st.cache.clear()
                        done = f"{len(res.alerts)} alerts, {len(res.cases)} cases"
                        audit.record(ws, actor=user.name, case_id="", action="scan",
                                     new_value=done)  # fmt: skip
                    prepare_pages(st)
                return {"alerts": len(res.alerts), "cases": len(res.cases),
                        "companies": res.companies}  # fmt: skip
            finally:
                ws.close()

        return st.jobs.submit("scan", user.name, work).as_dict()

    @r.get("/users", tags=["access"])
    def get_users(user: Admin, ws: WS) -> dict[str, Any]:
        """The users, their roles and their tokens' expiry (tokens are never shown again)."""
        return {"items": [{"name": n, "role": r, "created_at": c.isoformat(),
                           "expires_at": e.isoformat() if e else None}
                          for n, r, c, e in list_users(ws)]}  # fmt: skip

    @r.post("/users", tags=["access"], status_code=201)
    def post_user(body: UserIn, request: Request, user: Admin, ws: WS) -> dict[str, Any]:
        """Create a user, or issue a new token for one (the old token stops working); the
        token is in this answer only."""
        until = body.expires_at
        if until is not None and until.tzinfo is not None:  # stored as the server's local time
            until = until.astimezone().replace(tzinfo=None)
        token = add_user(ws, body.name, body.role, expires=until,
                         actor=acting(request, user))  # fmt: skip
        state(request).tokens.clear()
        return {"name": body.name.strip(), "role": body.role, "token": token,
                "expires_at": body.expires_at.isoformat() if body.expires_at else None}  # fmt: skip

    @r.delete("/users/{name}", tags=["access"])
    def delete_user(name: str, request: Request, user: Admin, ws: WS) -> dict[str, Any]:
        """Revoke a user: their token stops working at once."""
        revoke_user(ws, name, actor=acting(request, user))
        state(request).tokens.clear()
        return {"revoked": name}

    @r.get("/jobs/{job_id}", tags=["jobs"])
    def get_job(job_id: str, request: Request, user: Viewer) -> dict[str, Any]:
        job = state(request).jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r}")
        return job.as_dict()

    @r.get("/jobs", tags=["jobs"])
    def get_jobs(request: Request, user: Viewer, limit: int = 20) -> dict[str, Any]:
        """The latest jobs, newest first (what the pages' jobs tables refresh from): state,
        stage and progress, the file an ingest read; results stay at /jobs/{job_id}."""
        keep = ("job_id", "kind", "user", "state", "stage", "progress", "created_at",
                "finished_at", "error")  # fmt: skip
        items = []
        for job in state(request).jobs.all()[: max(1, min(limit, 100))]:
            d = job.as_dict()
            item = {k: d.get(k) for k in keep}
            item["file"] = (d.get("result") or {}).get("file")
            items.append(item)
        return {"items": items}

    return r


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


def submit_ingest(st: AppState, path: Path, filename: str, fmt: str, user: User) -> Job:
    """Ingest an uploaded file in the background; the job reports progress and the summary,
    with the file's quarantined rows."""

    def work(job: Job) -> dict[str, Any]:
        from shadowtrade.formats.dispatch import ingest_any

        ws = st.hub.fresh()

        def progress(stage: str, pct: float) -> None:
            job.stage, job.progress = stage, pct

        try:
            with st.long_jobs, writer_for(st.hub.path).hold(f"an ingest by {user.name}",
                                                          timeout=math.inf):  # fmt: skip
                res = ingest_any(ws, path, fmt, progress=progress)
                st.cache.clear()
                audit.record(ws, actor=user.name, case_id="", action="ingest",
                             new_value=f"{filename}: import {res.get('import_id')}")  # fmt: skip
            prepare_pages(st)
            res["file"] = filename
            res["quarantine"] = records(ws.raw.execute(
                'SELECT row_number, "column", value, reason FROM quarantine'
                " WHERE import_file = ? ORDER BY row_number LIMIT 200",
                [res.get("import_id")]).df()) if res.get("import_id") else []  # fmt: skip
            return res
        finally:
            ws.close()

    return st.jobs.submit("ingest", user.name, work)


def audited_check(
    ws: Workspace, user: User, text: str | None, *, origin: str | None = None,
    via: str | None = None, destination: str | None = None, goods: str | None = None,
    since: str | None = None, until: str | None = None, actor: str | None = None,
) -> dict[str, Any]:  # fmt: skip
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


def _frame(v: object) -> pd.DataFrame:
    """A table of `case_detail`'s (typed `object` there, or a frame: either reads)."""
    assert isinstance(v, pd.DataFrame)
    return v


def _log(v: object) -> list[audit.AuditEntry]:
    """The audit log of `case_detail`'s (a tuple or a list of entries)."""
    assert isinstance(v, list | tuple)
    return list(v)


def _entry(e: audit.AuditEntry) -> dict[str, Any]:
    return {"seq": e.seq, "at": e.at.isoformat(), "actor": e.actor, "case_id": e.case_id,
            "action": e.action, "old_value": e.old_value, "new_value": e.new_value}  # fmt: skip


def upload_name(filename: str | None) -> str:
    """The uploaded file's own name, safe as one path component (no folders, no '..')."""
    name = Path((filename or "").replace("\x00", "").replace("\\", "/")).name.strip()
    return name if name not in ("", ".", "..") else "upload"


async def _save_upload(st: AppState, file: UploadFile) -> Path:
    """Stream an upload into a folder of its own in the workspace's uploads folder, under the
    file's own name (which messages then show), refusing it (413) past the limit."""
    folder = st.hub.path / "uploads" / uuid.uuid4().hex[:12]
    folder.mkdir(parents=True)
    path = folder / upload_name(file.filename)
    size = 0
    with path.open("wb") as out:
        while chunk := await file.read(1 << 20):
            size += len(chunk)
            if size > st.max_upload:
                out.close()
                path.unlink(missing_ok=True)
                folder.rmdir()
                raise HTTPException(413, f"upload larger than {st.max_upload:,} bytes")
            out.write(chunk)
    return path


class ShadowtradeApp(FastAPI):
    """FastAPI with the security headers outside everything, the server-error answer too."""

    def build_middleware_stack(self) -> Any:
        return SecurityHeaders(super().build_middleware_stack())


def create_app(
    workspace_path: Path, *, max_upload: int = DEFAULT_MAX_UPLOAD, pages: bool = True,
    secure_cookies: bool | None = None, session_hours: float = 12.0,
) -> FastAPI:  # fmt: skip
    """The app on one workspace (created if missing). `secure_cookies`: session cookies only
    over https (True), never marked so (False), or as the request came (None: set it behind a
    TLS proxy that forwards X-Forwarded-Proto)."""
    from shadowtrade import __version__

    app = ShadowtradeApp(title="Shadowtrade", version=__version__, docs_url=None, redoc_url=None,
                  description="Covert arms and dual-use trade pipelines: alerts, cases, triage,"
                  " allegation checks, screening.")  # fmt: skip
    st = AppState(WorkspaceHub(workspace_path), Jobs(), max_upload, PageCache(case_pages=1500),
                  sessions=Sessions(lifetime_s=session_hours * 3600),
                  secure_cookies=secure_cookies)  # fmt: skip
    app.state.shadowtrade = st
    # The body guard runs before the app reads a byte; the headers go on every answer.
    app.add_middleware(BodyGuard, limit=lambda scope: body_limit(scope, max_upload),
                       gate=lambda scope: _gate(app, scope),
                       too_large=lambda scope, limit: _too_large(scope, limit))  # fmt: skip

    @app.exception_handler(ShadowtradeError)
    async def bad_input(request: Request, exc: ShadowtradeError) -> JSONResponse:
        # Errors that carry their HTTP status (a busy or conflicting write: 503 / 409, a broken
        # audit chain: 409, an unknown case or user: 404) answer with it.
        code = getattr(exc, "http_status", 422 if isinstance(exc, InputError) else 400)
        retry = {"Retry-After": "2"} if isinstance(exc, WriterBusy) else None
        return JSONResponse({"detail": api_words(str(exc))}, status_code=code,
                            headers=retry)  # fmt: skip

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        """For the reverse proxy and the container: the server answers (no login needed)."""
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> JSONResponse:
        """Whether the pages' tables and the strongest cases' pages are made (503 while they
        are, after a start, an ingest or a scan: pages answer meanwhile, slower)."""
        if st.preparing.is_set():
            return JSONResponse({"pages": "preparing"}, status_code=503)
        return JSONResponse({"pages": "ready"})

    app.include_router(api_router())
    mount_docs(app)
    if pages:
        from shadowtrade.web import error_pages
        from shadowtrade.web.pages import mount_pages

        mount_pages(app)
        error_pages.install(app)
    else:
        from fastapi.staticfiles import StaticFiles

        app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")),
                  name="static")  # fmt: skip
    st.preparing.set()  # from now, not from when the thread starts
    threading.Thread(target=prepare_pages, args=(st,), daemon=True, name="prepare").start()
    return app


def route_path(scope: Scope) -> str:
    """The request's path inside the app (without the proxy's --root-path prefix)."""
    path, root = str(scope.get("path", "")), str(scope.get("root_path", ""))
    return path[len(root) :] if root and path.startswith(root) else path


async def _gate(app: FastAPI, scope: Scope) -> Response | None:
    """Refuse a body from its headers: the API's writes need a known user (401), uploads an
    admin (403); the pages' forms (except the login's) send their user to the login page."""
    path = route_path(scope)
    if path in ("/login", "/logout"):
        return None
    request = Request(scope)
    st: AppState = app.state.shadowtrade

    def lookup() -> User | None:
        ws = st.hub.borrow()
        try:
            return user_of(st, ws, credential(request))
        finally:
            st.hub.give_back(ws)

    user = await run_in_threadpool(lookup)
    api = path.startswith("/api/")
    if user is None:
        if api:
            detail = "a valid token is needed (Authorization: Bearer …)"
            return JSONResponse({"detail": detail}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
        return RedirectResponse(scope.get("root_path", "") + "/login", 303)
    if path in UPLOAD_PATHS and not user.may("admin"):
        detail = f"{user.name} is a {user.role}; an upload needs admin"
        if api:
            return JSONResponse({"detail": detail}, status_code=403)
        from shadowtrade.web.error_pages import error_page

        return error_page(request, 403, detail, user)
    return None


def body_limit(scope: Scope, max_upload: int) -> int:
    """The most of a request's body that is read: an upload's limit (plus room for the form's
    own lines) on the upload routes, FORM_LIMIT on every other."""
    if route_path(scope) in UPLOAD_PATHS:
        return max_upload + 64 * 1024
    return min(FORM_LIMIT, max_upload + 64 * 1024)


def _too_large(scope: Scope, limit: int) -> Response:
    if route_path(scope) in UPLOAD_PATHS:
        limit -= 64 * 1024  # the upload's own limit, as --max-upload-mb gives it
    detail = f"body larger than {limit:,} bytes: nothing was read past it or kept"
    if route_path(scope).startswith("/api/"):
        return JSONResponse({"detail": detail}, status_code=413)
    from shadowtrade.web.error_pages import error_page

    return error_page(Request(scope), 413, detail, None)
