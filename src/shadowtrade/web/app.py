"""The FastAPI application: the REST API under /api/v1 and the analyst's pages, on one workspace.

Each worker thread talks to the workspace through its own DuckDB cursor (one database, many
connections); writes from the API happen in the library functions' own transactions, and every
write is recorded in the audit log with the user who made it.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Depends, FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from shadowtrade.cases import audit
from shadowtrade.errors import InputError, ShadowtradeError
from shadowtrade.web.access import (
    Sessions,
    User,
    add_user,
    admin_lapse_warning,
    list_users,
    revoke_user,
)
from shadowtrade.web.data import (
    Filters,
    PageCache,
    alerts_page,
    cases_page,
    check_filters,
    month_or_date,
    overview,
)
from shadowtrade.web.deps import (
    INGEST_FORMATS,
    LOCAL_USER,
    WS,
    AppState,
    WorkspaceHub,
    _save_upload,
    acting,
    audited_check,
    check_format,
    credential,
    exact_case,
    known_query,
    prepare_pages,
    rebuild_stale_cases,
    records,
    requires,
    route_path,
    shipped_mapping_list,
    state,
    submit_ingest,
    take_mapping,
    user_of,
)
from shadowtrade.web.guard import BodyGuard
from shadowtrade.web.jobs import Job, Jobs, JobStore, scan_progress
from shadowtrade.web.messages import api_words, invalid_answer
from shadowtrade.web.security import Scope, SecurityHeaders, mount_docs
from shadowtrade.writelock import WriterBusy, writer_for

DEFAULT_MAX_UPLOAD = 200 * 1024 * 1024
UPLOAD_PATHS = ("/api/v1/ingest", "/ingest")  # bodies only an admin may send
FORM_LIMIT = 5 * 1024 * 1024  # any other body (JSON, a form): an article, 10,000 names


Viewer = Annotated[User, requires("viewer")]
Analyst = Annotated[User, requires("analyst")]
Admin = Annotated[User, requires("admin")]
ExactCaseId = Annotated[str, Depends(exact_case)]


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
    goods: list[str] = Field([], description="Control categories, HS codes, TOTAL, or goods"
                             " words as the text reader reads them ('computers', 'мотоциклы':"
                             " each said in hypothesis.words.goods_read)")  # fmt: skip
    since: str | None = Field(None, description="YYYY-MM")
    until: str | None = Field(None, description="YYYY-MM")


class UserIn(BaseModel):
    name: str = Field(..., min_length=1, max_length=200)
    role: str = Field("viewer", description="viewer, analyst or admin")
    expires_at: datetime | None = Field(None, description="When the token stops working")
    allow_admin_lapse: bool = Field(
        False, description="Issue an admin token that leaves no working admin token within 7"
        " days (refused otherwise, 409); the answer then holds a warning")  # fmt: skip


class SnapshotIn(BaseModel):
    folder: str = Field(..., description="An empty folder of the CLI process, absolute")


class ScreenIn(BaseModel):
    names: list[str] = Field(..., min_length=1, max_length=10_000)
    countries: list[str | None] | None = None
    threshold: float = Field(0.85, ge=0.0, le=1.0)


def _filter_query(
    ws: WS,
    detector: Annotated[str | None, Query(description="A detector's name (GET /api/v1/"
                                          "overview counts them)")] = None,
    country: Annotated[str | None, Query(description="ISO 3166 alpha-3: origin, via or"
                                         " destination")] = None,
    hs: Annotated[str | None, Query(description="HS code prefix")] = None,
    since: Annotated[str | None, Query(description="YYYY-MM or YYYY-MM-DD: periods ending"
                                       " on or after it")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM (its last day) or YYYY-MM-DD:"
                                       " periods starting on or before it")] = None,
    min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
    status: Annotated[str | None, Query(description="Case status: new, investigating,"
                                        " confirmed or dismissed")] = None,
) -> Filters:  # fmt: skip
    f = Filters(detector=detector, country=country, hs=hs,
                since=month_or_date(since, "since") if since else None,
                until=month_or_date(until, "until", end=True) if until else None,
                min_score=min_score, status=status)  # fmt: skip
    return check_filters(ws, f)


@dataclass
class Paging:
    page: int
    page_size: int
    sort: str


def _page_query(
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
    sort: Annotated[
        str,
        Query(
            description="A column; '-' in front for descending (cases then"
            " by score, lines of evidence, alerts, case id)"
        ),
    ] = "-score",
) -> Paging:
    return Paging(page, page_size, sort)


FilterQuery = Annotated[Filters, Depends(_filter_query)]
PageQuery = Annotated[Paging, Depends(_page_query)]


def api_router() -> APIRouter:  # noqa: C901 (a route table: each handler's branches count here)
    """The REST API under /api/v1, one nested handler per route."""
    r = APIRouter(prefix="/api/v1", dependencies=[Depends(known_query)])

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
        kind: Annotated[str | None, Query(description="route, pair, party or single")] = None,
    ) -> Page:  # fmt: skip
        f.kind = kind
        check_filters(ws, f)
        df, total = cases_page(ws, f, p.page, p.page_size, p.sort, state(request).cache)
        return Page(page=p.page, page_size=p.page_size, total=total, items=records(df))

    @r.get("/cases/{case_id}", tags=["cases"])
    def get_case(case_id: str, user: Viewer, ws: WS) -> dict[str, Any]:
        from shadowtrade.cases import case_detail
        from shadowtrade.views import case_consignments, case_network, case_series

        d = case_detail(ws, case_id)
        cid = str(d["case_id"])
        return {
            "case_id": cid,
            "case": _case_row(d["case"], d["explanation"]) if d["case"] else None,
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
        # (an intermediary and a destination without an origin: graded from the stop on)
        if not body.text and not (body.destination and (body.origin or body.via)):
            raise InputError(
                "give the allegation's text, or a destination and an origin or an intermediary"
            )
        verdict = audited_check(ws, user, body.text, origin=body.origin,
                                via=",".join(body.via) or None, destination=body.destination,
                                goods=",".join(body.goods) or None, since=body.since,
                                until=body.until, actor=acting(request, user))  # fmt: skip
        return json.loads(json.dumps(verdict, default=str))  # type: ignore[no-any-return]

    @r.post("/local/snapshot", include_in_schema=False)
    def post_snapshot(body: SnapshotIn, request: Request, user: Viewer, ws: WS) -> dict[str, str]:
        """A copy of the workspace for a read-only CLI command while this server holds it
        (snapshot.py): for `shadowtrade` processes of this machine, by the advertised secret."""
        from shadowtrade.snapshot import copy_into

        if user is not LOCAL_USER:
            raise HTTPException(403, "a snapshot is for shadowtrade commands on the server's"
                                " machine (the secret it advertises), not for a user")  # fmt: skip
        with writer_for(state(request).hub.path).hold("a snapshot for a read-only command"):
            copy_into(ws, Path(body.folder))
        return {"folder": body.folder}

    @r.post("/screen", tags=["check"])
    def post_screen(body: ScreenIn, user: Viewer, ws: WS) -> dict[str, Any]:
        from shadowtrade.entities.screening import screen

        countries = body.countries or [None] * len(body.names)
        if len(countries) != len(body.names):
            raise InputError("countries must be as many as names")
        hits = screen(ws, body.names, countries, threshold=body.threshold)
        return {"matches": records(hits)}

    @r.get("/mappings", tags=["jobs"])
    def get_mappings(user: Viewer) -> dict[str, Any]:
        """The column mappings shipped with Shadowtrade (docs/mapping.md), which an upload may
        name: `kind` trade (trade statistics) or shipments (`fmt=shipments`)."""
        return {"items": shipped_mapping_list()}

    @r.post("/ingest", tags=["jobs"], status_code=202)
    async def post_ingest(
        request: Request,
        file: UploadFile,
        user: Admin,
        fmt: Annotated[str, Query(description=f"One of {', '.join(INGEST_FORMATS)}")] = "auto",
        mapping: Annotated[str, Query(description="A shipped column mapping's name (GET"
                                      " /api/v1/mappings), for a layout not recognised")] = "",
        mapping_file: Annotated[UploadFile | None, File(description="Or a YAML column mapping"
                                                        " (docs/mapping.md)")] = None,
    ) -> dict[str, Any]:  # fmt: skip
        st = state(request)
        check_format(fmt)  # before a byte is kept: a job that can only fail is not started
        chosen = await take_mapping(st, fmt, mapping, mapping_file)  # checked as the CLI does
        path = await _save_upload(st, file)
        return submit_ingest(st, path, file.filename or path.name, fmt, user, chosen).as_dict()

    def step(job: Job, stage: str) -> None:
        """A scan's step as its stage, and as its progress (step k of 3 begun)."""
        job.stage = stage
        pct = scan_progress(stage)
        if pct is not None:
            job.progress = pct

    @r.post("/scan", tags=["jobs"], status_code=202)
    def post_scan(request: Request, user: Admin) -> dict[str, Any]:
        st = state(request)

        def work(job: Job) -> dict[str, Any]:
            from shadowtrade.scan_changes import tracking
            from shadowtrade.scanning import scan_workspace

            ws = st.hub.fresh()
            try:
                # The detectors only read: the scan's writes (its alerts, the companies, the
                # cases with their new-evidence flags in the audit log) are each short and the
                # cases' and the log's go through the writer, so a triage waits for those, not
                # for the whole scan.
                with st.long_jobs:
                    with tracking(ws) as tracked:  # what changed since the last scan, stored
                        res = scan_workspace(ws, on_step=lambda s: step(job, s))
                    with writer_for(st.hub.path).hold(f"a scan by {user.name}", timeout=math.inf):
                        st.cache.clear()
                        done = f"{len(res.alerts)} alerts, {len(res.cases)} cases"
                        audit.record(ws, actor=user.name, case_id="", action="scan",
                                     new_value=done)  # fmt: skip
                    prepare_pages(st)
                changes = tracked.changes
                note = f"{len(res.alerts):,} alerts, {len(res.cases):,} cases" + (
                    "" if changes is None or changes.first else
                    f"; since the last scan {changes.new_alerts:,} new alerts,"
                    f" {changes.gone_alerts:,} gone, {changes.new_cases:,} new cases"
                )  # fmt: skip
                return {"alerts": len(res.alerts), "cases": len(res.cases),
                        "companies": res.companies, "not_run": res.not_run, "note": note,
                        "changes": changes.as_dict() if changes else None}  # fmt: skip
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
        warning = admin_lapse_warning(ws, body.name, body.role, until) \
            if body.allow_admin_lapse else None  # fmt: skip
        token = add_user(ws, body.name, body.role, expires=until, actor=acting(request, user),
                         allow_admin_lapse=body.allow_admin_lapse)  # fmt: skip
        state(request).tokens.clear()
        expiry = body.expires_at.isoformat() if body.expires_at else None
        answer = {"name": body.name.strip(), "role": body.role, "token": token,
                  "expires_at": expiry}  # fmt: skip
        return answer | ({"warning": warning} if warning else {})

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
        return {**job.as_dict(), "note": job.note}

    @r.get("/jobs", tags=["jobs"])
    def get_jobs(
        request: Request, user: Viewer, limit: Annotated[int, Query(ge=1, le=100)] = 20
    ) -> dict[str, Any]:
        """The latest jobs, newest first, this server's and earlier ones' (what the pages'
        jobs tables refresh from): state, stage and progress, the file an ingest read, a note
        (a duplicate upload changed nothing); results stay at /jobs/{job_id}."""
        keep = ("job_id", "kind", "user", "state", "stage", "progress", "created_at",
                "started_at", "finished_at", "error")  # fmt: skip
        items = []
        for job in state(request).jobs.all()[:limit]:
            d = job.as_dict()
            item = {k: d.get(k) for k in keep}
            item["file"] = job.file or (job.result or {}).get("file")
            item["note"] = job.note
            items.append(item)
        return {"items": items}

    return r


def _frame(v: object) -> pd.DataFrame:
    """A table of `case_detail`'s (typed `object` there, or a frame: either reads)."""
    assert isinstance(v, pd.DataFrame)
    return v


def _case_row(row: dict[str, object], explanation: object) -> dict[str, Any]:
    """A case's row as the cases list gives it (days as YYYY-MM-DD), its explanation as JSON
    (the column keeps it as text)."""
    item = records(pd.DataFrame([row]))[0]
    item["explanation"] = explanation
    return item


def _log(v: object) -> list[audit.AuditEntry]:
    """The audit log of `case_detail`'s (a tuple or a list of entries)."""
    assert isinstance(v, list | tuple)
    return list(v)


def _entry(e: audit.AuditEntry) -> dict[str, Any]:
    return {"seq": e.seq, "at": e.at.isoformat(), "actor": e.actor, "case_id": e.case_id,
            "action": e.action, "old_value": e.old_value, "new_value": e.new_value}  # fmt: skip


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
    hub = WorkspaceHub(workspace_path)
    rebuild_stale_cases(hub)
    st = AppState(hub, Jobs(JobStore(hub.fresh)), max_upload, PageCache(case_pages=1500),
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

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return invalid_answer(exc)  # the pages answer with a page (error_pages.install)

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
        detail = user.refused("an upload needs admin")
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
