"""Errors on the browser's pages as pages (not JSON): what went wrong, in words, with what the
user had typed into the form shown back so that nothing is lost, and no internals."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from shadowtrade.web.messages import invalid_answer

if TYPE_CHECKING:
    from shadowtrade.web.access import User


def site_root(request: Request) -> dict[str, str]:
    """`root` for every template: the prefix the app is served under (`serve --root-path`,
    behind a reverse proxy), put before every link, form and file the pages name."""
    return {"root": str(request.scope.get("root_path") or "").rstrip("/")}


templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"),
                            context_processors=[site_root])  # fmt: skip
TITLES = {400: "Bad request", 401: "Log in needed", 403: "Not allowed", 404: "Not found",
          405: "Not allowed", 409: "Busy", 413: "Too large", 422: "Cannot use this input",
          503: "Busy"}  # fmt: skip
SECRET_FIELDS = {"token", "password"}


def error_page(
    request: Request, status: int, detail: str, user: User | None,
    submitted: list[tuple[str, str]] | None = None,
) -> HTMLResponse:  # fmt: skip
    """The error page; `submitted` is the form's text fields as sent (files and secrets left
    out), shown back to the user."""
    kept = [(k, v) for k, v in submitted or [] if k not in SECRET_FIELDS and v.strip()]
    return templates.TemplateResponse(
        request, "error.html",
        {"user": user, "status": status, "title": TITLES.get(status, "Error"), "detail": detail,
         "submitted": kept},
        status_code=status,
    )  # fmt: skip


async def form_fields(request: Request) -> list[tuple[str, str]]:
    """The text fields of a form the app has already read (nothing more is read here)."""
    form = getattr(request, "_form", None)
    if form is None:
        return []
    return [(k, v) for k, v in form.multi_items() if isinstance(v, str)]


def _is_page(request: Request) -> bool:
    from shadowtrade.web.deps import route_path

    path = route_path(request.scope)
    return not (path.startswith("/api/") or path in ("/openapi.json", "/healthz", "/readyz"))


async def _page_user(request: Request) -> User | None:
    from shadowtrade.web.deps import request_user, state

    hub = state(request).hub
    ws = hub.borrow()
    try:
        return request_user(request, ws)
    finally:
        hub.give_back(ws)


def install(app: FastAPI) -> None:
    """HTTP errors and invalid input on the pages answered with the error page (the API keeps
    its JSON)."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if not _is_page(request) or exc.status_code < 400:
            return await http_exception_handler(request, exc)
        return error_page(request, exc.status_code, str(exc.detail), await _page_user(request),
                          await form_fields(request))  # fmt: skip

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if not _is_page(request):
            return invalid_answer(exc)
        words = "; ".join(f"{'.'.join(str(x) for x in e.get('loc', ())[1:]) or 'input'}: "
                          f"{e.get('msg', 'invalid')}" for e in exc.errors())  # fmt: skip
        return error_page(request, 422, words, await _page_user(request),
                          await form_fields(request))  # fmt: skip
