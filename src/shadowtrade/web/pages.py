"""The analyst's pages: server-rendered (Jinja2) with a little JavaScript for charts and the map.

Front-end code comes vendored: plotly.js from the plotly Python package, d3, topojson-client and
the world-atlas country shapes from npm (licences beside them in static/vendor/). Nothing is
fetched from the network at run time.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import pandas as pd
import plotly
from fastapi import Depends, FastAPI, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from shadowtrade.cases import STATUSES, audit
from shadowtrade.cases.ranking import ranked_ids
from shadowtrade.errors import ShadowtradeError
from shadowtrade.output import usd
from shadowtrade.report.figures import (
    Figure,
    figure_json,
    flows_figure,
    is_usd_column,
    network_figure,
    sankey_figure,
    series_figure,
)
from shadowtrade.schema import ALERT_DISPLAY_COLUMNS
from shadowtrade.views import case_alerts_of, case_static, sankey
from shadowtrade.web.access import User
from shadowtrade.web.data import (
    Filters,
    PageCache,
    alerts_page,
    cases_page,
    map_routes,
    overview,
)
from shadowtrade.web.deps import (
    INGEST_FORMATS,
    SESSION_COOKIE,
    _save_upload,
    audited_check,
    check_format,
    is_case_id,
    known_user,
    records,
    request_user,
    shipped_mapping_list,
    state,
    submit_ingest,
    take_mapping,
    workspace,
)
from shadowtrade.web.error_pages import site_root
from shadowtrade.web.messages import api_words, form_words
from shadowtrade.workspace import Workspace

HERE = Path(__file__).parent
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
templates = Jinja2Templates(directory=str(HERE / "templates"), context_processors=[site_root])
templates.env.filters["urlencode_merge"] = lambda q, **kw: urlencode({**q, **kw})
templates.env.filters["usd"] = usd
templates.env.filters["form_words"] = form_words
templates.env.tests["usd_column"] = is_usd_column
templates.env.auto_reload = False  # the templates ship with the package: no stat per page
WARM_CASES = 1000  # the strongest cases whose pages are made after a start, ingest or scan


class LoginNeeded(Exception):
    pass


def local_path(target: str) -> bool:
    """Whether a redirect target stays on this site: a path, not '//host' or '/\\host' (which
    browsers read as another host), and no control characters."""
    return (target.startswith("/") and target[1:2] not in ("/", "\\")
            and not any(c < " " for c in target))  # fmt: skip


async def page_user(request: Request, ws: Annotated[Workspace, Depends(workspace)]) -> User:
    """The signed-in user of a page, or a redirect to the login page."""
    user = request_user(request, ws)
    if user is None:
        raise LoginNeeded
    return user


PageUser = Annotated[User, Depends(page_user)]
WS = Annotated[Workspace, Depends(workspace)]


def _render(request: Request, name: str, user: User | None, **ctx: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"user": user, **ctx})


def _int(v: str | None, default: int) -> int:
    try:
        return int(v) if v else default
    except ValueError:
        return default


def _filters(q: dict[str, str]) -> Filters:
    def d(v: str | None) -> date | None:
        try:
            return date.fromisoformat(v + "-01" if v and len(v) == 7 else v) if v else None
        except ValueError:
            return None

    score = q.get("min_score")
    try:
        min_score = float(score) if score else None
    except ValueError:
        min_score = None
    return Filters(detector=q.get("detector") or None, country=q.get("country") or None,
                   hs=q.get("hs") or None, since=d(q.get("since")), until=d(q.get("until")),
                   min_score=min_score, status=q.get("status") or None,
                   kind=q.get("kind") or None)  # fmt: skip


def _cell(column: str, v: object, links: dict[str, str]) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "<td></td>"
    if column == "score" and isinstance(v, float):
        return f"<td class='n'>{v:.2f}</td>"
    if isinstance(v, bool):
        return f"<td>{'yes' if v else ''}</td>"
    if isinstance(v, int | float) and is_usd_column(column):
        return f"<td class='n'>{usd(v)}</td>"
    if isinstance(v, int | float):
        return f"<td class='n'>{v:,}</td>"
    text = html.escape(str(v))
    if column in links:
        return f"<td><a href='{links[column]}{text}'>{text}</a></td>"
    return f"<td>{text}</td>"


def rows_html(rows: list[dict[str, Any]], columns: list[str], links: dict[str, str]) -> Markup:
    """A table body rendered in one pass (the big tables' rows: Jinja per cell costs more than
    the query behind them)."""
    out = []
    for r in rows:
        flag = " class='flag'" if r.get("new_evidence") else ""
        out.append(f"<tr{flag}>" + "".join(_cell(c, r.get(c), links) for c in columns) + "</tr>")
    return Markup("\n".join(out))


def _pager(q: dict[str, str], page: int, size: int, total: int) -> dict[str, Any]:
    last = max(1, -(-total // size))

    def link(p: int, **extra: str) -> str:
        return "?" + urlencode({**q, "page": str(p), **extra})

    return {"page": page, "last": last, "total": total, "prev": link(page - 1) if page > 1
            else None, "next": link(page + 1) if page < last else None, "link": link}  # fmt: skip


def _table_page(
    request: Request, user: User, ws: Workspace, fetch: Callable[..., tuple[Any, int]],
    columns: list[str], template: str, **extra: Any,
) -> HTMLResponse:  # fmt: skip
    """A filtered, sorted page of the alerts or cases table, paged on the server."""
    q = dict(request.query_params)
    page, size = max(1, _int(q.get("page"), 1)), min(500, max(1, _int(q.get("size"), 50)))
    sort = q.get("sort") or "-score"
    try:
        df, total = fetch(ws, _filters(q), page, size, sort, state(request).cache)
    except ShadowtradeError as exc:
        raise HTTPException(422, str(exc)) from exc
    body = rows_html(records(df), columns, {"case_id": f"{site_root(request)['root']}/cases/"})
    return _render(request, template, user, body=body, q=q, sort=sort, columns=columns,
                   pg=_pager(q, page, size, total), statuses=STATUSES,
                   table_id=template.removesuffix(".html"), **extra)  # fmt: skip


def _figures(figs: Iterable[Figure]) -> str:
    """Several figures as one JSON list for charts.js (each Plotly's own JSON)."""
    return "[" + ",".join(figure_json(f) for f in figs) + "]"


def _jobs(request: Request, user: User) -> list[dict[str, Any]]:
    """The latest jobs, for the overview's refreshing jobs table (admins start scans there)."""
    if not user.may("admin"):
        return []
    return [j.as_dict() for j in state(request).jobs.all()[:10]]


def alert_factors(alerts: Any) -> list[dict[str, Any]]:
    """Each alert's score factors as the "why this score" tables show them (the alerts whose
    detector writes them: route_break, transshipment, unit_value, deflection), best first;
    values and weights as text."""
    from shadowtrade.detect.alerts import score_factors

    out = []
    for alert_id, detector, score, evidence in zip(
        alerts["alert_id"], alerts["detector"], alerts["score"], alerts["evidence"], strict=True
    ):
        factors, version = score_factors(evidence if isinstance(evidence, str) else None)
        if not factors:
            continue
        rows = [{"name": str(f["name"]), "value": _number(f.get("value"), "{:.2f}"),
                 "weight": _number(f.get("weight"), "{:g}"),
                 "sentence": str(f.get("sentence") or "")} for f in factors]  # fmt: skip
        out.append({"alert_id": str(alert_id), "detector": str(detector), "score": float(score),
                    "version": version, "factors": rows})  # fmt: skip
    return out


def _number(v: object, fmt: str) -> str:
    return fmt.format(v) if isinstance(v, int | float) and not isinstance(v, bool) else str(v)


def _table_held(request: Request, table: str) -> bool:
    """Whether the page asked for is a slice of what the cache holds."""
    q = dict(request.query_params)
    sort = q.get("sort") or "-score"
    return state(request).cache.holds(order=(table, _filters(q).key(), sort))


def _exact_case_state(ws: Workspace, cache: PageCache, case_id: str) -> dict[str, Any] | None:
    """`case_state` of a case the latest scan made, named by its whole id (as every link on
    the pages names it), without the prefix search; None for any other id."""
    ids = cache.static(("case ids",), lambda: frozenset(
        str(r[0]) for r in ws.raw.execute("SELECT case_id FROM cases").fetchall()))  # fmt: skip
    if not isinstance(ids, frozenset) or case_id not in ids:
        return None
    found = ws.raw.execute("SELECT * FROM case_triage WHERE case_id = ?", [case_id])
    row = found.fetchone()
    names = [c[0] for c in found.description or []]
    return {"case_id": case_id, "triage": dict(zip(names, row, strict=True)) if row else None,
            "audit": audit.entries(ws, case_id)}  # fmt: skip


def case_page_parts(
    ws: Workspace, cache: PageCache, cid: str, alerts: pd.DataFrame | None = None
) -> dict[str, Any]:
    """What a case page shows that only a scan or an ingest changes, ready to render
    (`case_static`'s parts as records and figure JSON); `alerts`: the case's alerts, when
    read with other cases'."""
    full = case_static(ws, cid, cache.case_rows(ws), flows=cache.has_rows(ws, "trade_flows"),
                       shipments=cache.has_rows(ws, "shipments"), cases=cache.case_table(ws),
                       alerts=alerts)  # fmt: skip
    return {"case": full["case"], "explanation": full["explanation"],
            "alerts": records(full["alerts"]), "related": records(full["related"]),
            "figures": _figures(series_figure(c) for c in full["series"]),
            "series_notes": [n for c in full["series"] for n in c.get("notes", [])],
            "consignments": records(full["consignments"]), "firms": records(full["firms"]),
            "network": figure_json(network_figure(full["network"])),
            "factors": alert_factors(full["alerts"]),
            # findings on trade statistics (no party named): a case without a chart then
            # lacks the series, not statistics
            "statistics": bool(full["alerts"]["entity"].isna().any())}  # fmt: skip


def warm_case_pages(ws: Workspace, cache: PageCache, limit: int = WARM_CASES) -> int:
    """Make the pages of the `limit` strongest cases (what analysts open most) after a start,
    an ingest or a scan, so that their first visitors do not wait for them: their triage and
    log (two queries for all), then what only a scan changes, their alerts read in batches
    of 100 cases (one query each, not one per case). A page or state computed across the
    next scan, or a state across a write to its case, is not kept. Returns the pages made."""
    table = cache.case_table(ws)
    best = ranked_ids(table)[:limit]
    cache.case_states(lambda: case_states_of(ws, best))  # their triage and log, at once
    made = 0
    for start in range(0, len(best), 100):
        batch = [c for c in best[start : start + 100] if not cache.holds(static=("case page", c))]
        if not batch:
            continue
        for cid, alerts in case_alerts_of(ws, batch, cache.case_rows(ws)).items():
            cache.static(("case page", cid), partial(case_page_parts, ws, cache, cid, alerts))
            made += 1
    return made


def case_states_of(ws: Workspace, case_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Several cases' triage and log in two queries, each as `_exact_case_state` reads it."""
    found = ws.raw.execute(
        "SELECT * FROM case_triage WHERE case_id IN (SELECT unnest(?::VARCHAR[]))", [case_ids]
    )
    names = [c[0] for c in found.description or []]
    triaged = {str(r[0]): dict(zip(names, r, strict=True)) for r in found.fetchall()}
    logs: dict[str, list[audit.AuditEntry]] = {}
    wanted = set(case_ids)
    for e in audit.entries(ws):  # oldest first, as each case's own log
        if e.case_id in wanted:
            logs.setdefault(e.case_id, []).append(e)
    return {c: {"case_id": c, "triage": triaged.get(c), "audit": tuple(logs.get(c, ()))}
            for c in case_ids}  # fmt: skip


def mount_pages(app: FastAPI) -> None:  # noqa: C901 (a route table, as api_router)
    """The HTML pages and static files, one nested handler per page."""
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.state.shadowtrade.warmers.append(warm_case_pages)

    @app.exception_handler(LoginNeeded)
    async def to_login(request: Request, exc: LoginNeeded) -> Response:
        root = site_root(request)["root"]
        return RedirectResponse(f"{root}/login?" + urlencode({"next": request.url.path}), 303)

    @app.get("/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(PLOTLY_JS, media_type="text/javascript")

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str = "") -> HTMLResponse:
        next = next or site_root(request)["root"] + "/"
        return _render(request, "login.html", None, next=next, error=None)

    @app.post("/login", include_in_schema=False)
    def login(
        request: Request, ws: WS, token: Annotated[str, Form()], next: Annotated[str, Form()] = ""
    ) -> Response:
        if known_user(request, ws, token.strip()) is None:
            return _render(request, "login.html", None, next=next, error="unknown token")
        home = site_root(request)["root"] + "/"
        target = next if local_path(next) else home
        resp = RedirectResponse(target, 303)
        st = state(request)
        secure = st.secure_cookies if st.secure_cookies is not None else (
            request.url.scheme == "https")  # fmt: skip
        # The cookie holds a server-side session's id (the token stays on the server).
        resp.set_cookie(SESSION_COOKIE, st.sessions.open(token.strip()), httponly=True,
                        samesite="strict", secure=secure,
                        max_age=int(st.sessions.lifetime_s))  # fmt: skip
        return resp

    @app.get("/logout", include_in_schema=False)
    def logout(request: Request) -> Response:
        state(request).sessions.revoke(request.cookies.get(SESSION_COOKIE))
        resp = RedirectResponse(site_root(request)["root"] + "/login", 303)
        resp.delete_cookie(SESSION_COOKIE, httponly=True, samesite="strict")
        return resp

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, user: PageUser, ws: WS) -> HTMLResponse:
        o = overview(ws)
        flows = sankey(ws)
        return _render(request, "overview.html", user, o=o,
                       by_detector=records(o["by_detector"]), by_status=records(o["by_status"]),
                       top=records(o["top"]), mapdata=json.dumps(map_routes(ws)),
                       sankey=figure_json(sankey_figure(flows)), sankey_empty=not flows["value"],
                       jobs=_jobs(request, user))  # fmt: skip

    # The three big pages are async: a page whose data the cache holds is a slice and a render,
    # answered on the event loop (no worker thread to wake: under load each hand-over waits
    # for a core); a page that needs a query is computed in a worker thread.
    @app.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
    async def alerts(request: Request, user: PageUser, ws: WS) -> HTMLResponse:
        sql = "SELECT DISTINCT detector FROM alerts ORDER BY 1"

        def render() -> HTMLResponse:
            detectors = state(request).cache.static(
                ("detectors",), lambda: [str(r[0]) for r in ws.raw.execute(sql).fetchall()]
            )
            columns = ["case_id", "status", *ALERT_DISPLAY_COLUMNS]
            return _table_page(request, user, ws, alerts_page, columns, "alerts.html",
                               detectors=detectors)  # fmt: skip

        held = _table_held(request, "alerts") and state(request).cache.holds(static=("detectors",))
        return render() if held else await run_in_threadpool(render)

    @app.get("/cases", response_class=HTMLResponse, include_in_schema=False)
    async def cases(request: Request, user: PageUser, ws: WS) -> HTMLResponse:
        columns = ["case_id", "score", "status", "kind", "title", "alerts", "lines",
                   "period_start", "period_end", "assignee", "new_evidence"]  # fmt: skip

        def render() -> HTMLResponse:
            return _table_page(request, user, ws, cases_page, columns, "cases.html")

        return render() if _table_held(request, "cases") else await run_in_threadpool(render)

    @app.get("/cases/{case_id}", response_class=HTMLResponse, include_in_schema=False)
    async def case(case_id: str, request: Request, user: PageUser, ws: WS) -> HTMLResponse:
        cache = state(request).cache
        held = cache.holds(state=case_id, static=("case page", case_id), verified=ws)
        if held:
            return _case_page(case_id, request, user, ws)
        return await run_in_threadpool(_case_page, case_id, request, user, ws)

    def _case_page(case_id: str, request: Request, user: User, ws: Workspace) -> HTMLResponse:
        from shadowtrade.cases.store import case_state

        cache = state(request).cache
        try:
            # A case's triage and log change only with a write to it, after which the server
            # drops its held state (PageCache.triaged / clear): held between writes.
            exact = cache.case_state(case_id, lambda: _exact_case_state(ws, cache, case_id))
            d = exact if isinstance(exact, dict) else case_state(ws, case_id)
        except ShadowtradeError as exc:
            raise HTTPException(404, str(exc)) from exc
        cid = str(d["case_id"])
        page = cache.static(("case page", cid), lambda: case_page_parts(ws, cache, cid))
        assert isinstance(page, dict)
        d = {**d, "case": page["case"], "explanation": page["explanation"]}
        return _render(request, "case.html", user, d=d, cid=cid,
                       alerts=page["alerts"], related=page["related"], figures=page["figures"],
                       consignments=page["consignments"], firms=page["firms"],
                       network=page["network"], factors=page["factors"], statuses=STATUSES,
                       series_notes=page.get("series_notes", []),
                       statistics=page.get("statistics", False),
                       problems=cache.verified(ws, lambda: audit.verify(ws)))  # fmt: skip

    @app.post("/cases/{case_id}/triage", include_in_schema=False)
    def triage_form(
        case_id: str, request: Request, user: PageUser, ws: WS,
        status: Annotated[str, Form()] = "", assignee: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "", tag: Annotated[str, Form()] = "",
    ) -> Response:  # fmt: skip
        from shadowtrade.cases import triage

        if not user.may("analyst"):
            raise HTTPException(403, user.refused("triage needs analyst"))
        if not is_case_id(ws, case_id):  # a write names its case exactly
            raise HTTPException(404, f"no case {case_id!r}: a change needs the exact case id")
        row = ws.raw.execute("SELECT status, assignee FROM case_triage WHERE case_id = ?",
                             [case_id]).fetchone()  # fmt: skip
        old_status, old_assignee = row if row else ("new", None)
        try:
            triage(ws, case_id,
                   status=status if status and status != old_status else None,
                   assignee=assignee if assignee != (old_assignee or "") else None,
                   note=note or None, add_tags=[t.strip() for t in tag.split(",") if t.strip()],
                   actor=user.name)  # fmt: skip
            state(request).cache.triaged(ws, case_id)
        except ShadowtradeError as exc:
            if "nothing to change" not in str(exc):  # busy writer 503, broken audit log 409
                raise HTTPException(getattr(exc, "http_status", 422), str(exc)) from exc
        return RedirectResponse(f"{site_root(request)['root']}/cases/{case_id}", 303)

    @app.get("/check", response_class=HTMLResponse, include_in_schema=False)
    def check_form(request: Request, user: PageUser) -> HTMLResponse:
        return _render(request, "check.html", user, verdict=None, text="", h=None, error=None)

    @app.post("/check", response_class=HTMLResponse, include_in_schema=False)
    def check(
        request: Request, user: PageUser, ws: WS,
        text: Annotated[str, Form()] = "", origin: Annotated[str, Form()] = "",
        via: Annotated[str, Form()] = "", destination: Annotated[str, Form()] = "",
        goods: Annotated[str, Form()] = "", since: Annotated[str, Form()] = "",
        until: Annotated[str, Form()] = "",
    ) -> HTMLResponse:  # fmt: skip
        if not user.may("analyst"):
            raise HTTPException(403, user.refused("a check needs analyst"))
        try:
            verdict = audited_check(ws, user, text or None, origin=origin or None,
                                    via=via or None, destination=destination or None,
                                    goods=goods or None, since=since or None,
                                    until=until or None)  # fmt: skip
        except ShadowtradeError as exc:
            return _render(request, "check.html", user, verdict=None, text=text, h=None,
                           error=form_words(str(exc)))  # fmt: skip
        ev = verdict["evidence"]
        legs = [e for e in ev if e["kind"] == "flows"]
        # A chart only of flows there are (an empty one drew bare axes from -1 to 6).
        drawn = any(e.get(k) for e in legs for k in ("usd_during", "usd_before"))
        return _render(request, "check.html", user, verdict=verdict, text=text,
                       h=verdict["hypothesis"], error=None,
                       cases=[e for e in ev if e["kind"] == "case"],
                       alerts=[e for e in ev if e["kind"] == "alert"],
                       flows=legs, flows_json=json.dumps(legs),
                       flows_figure=figure_json(flows_figure(legs)) if drawn else None,
                       no_goods=not verdict["hypothesis"].get("hs_codes"))  # fmt: skip

    def ingest_page(request: Request, user: User, error: str | None = None,
                    fmt: str = "auto", mapping: str = "") -> HTMLResponse:  # fmt: skip
        """The upload form (with what it held and why it was refused, if it was) and the
        jobs."""
        jobs = [j.as_dict() for j in state(request).jobs.all()[:50]]
        return templates.TemplateResponse(
            request, "ingest.html",
            {"user": user, "jobs": jobs, "formats": INGEST_FORMATS,
             "mappings": shipped_mapping_list(), "error": error,
             "chosen": {"fmt": fmt, "mapping": mapping}},
            status_code=422 if error else 200,
        )  # fmt: skip

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_form(request: Request, user: PageUser) -> HTMLResponse:
        return ingest_page(request, user)

    @app.post("/ingest", include_in_schema=False)
    async def ingest_upload(
        request: Request, user: PageUser, file: UploadFile,
        fmt: Annotated[str, Form()] = "auto", mapping: Annotated[str, Form()] = "",
        mapping_file: UploadFile | None = None,
    ) -> Response:  # fmt: skip
        if not user.may("admin"):
            raise HTTPException(403, user.refused("ingest needs admin"))
        st = state(request)
        try:
            check_format(fmt)
            chosen = await take_mapping(st, fmt, mapping, mapping_file)  # as the CLI checks it
        except ShadowtradeError as exc:  # said in the form, which keeps what it held
            return ingest_page(request, user, api_words(str(exc)), fmt, mapping)
        path = await _save_upload(st, file)
        job = submit_ingest(st, path, file.filename or path.name, fmt, user, chosen)
        return RedirectResponse(f"{site_root(request)['root']}/ingest?job={job.job_id}", 303)
