"""Response headers that make the pages safe to expose, and the offline API docs.

Every response carries a strict Content-Security-Policy: scripts only from this server (the
vendored files) and, for the few inline `<script>` blocks left in the templates, their SHA-256
hashes computed from the templates themselves at start-up, so no inline script that is not in
a template can run. Styles may be inline (Plotly and Swagger UI set style attributes). The
pages may not be framed, content types are not sniffed and no referrer leaves the site.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

HERE = Path(__file__).parent
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def inline_script_hashes(templates: Path = HERE / "templates") -> list[str]:
    """CSP sources ('sha256-…') of the templates' static inline scripts (those without Jinja
    expressions inside: only their text is known before rendering)."""
    found = set()
    for t in sorted(templates.glob("*.html")):
        for body in _INLINE_SCRIPT.findall(t.read_text(encoding="utf-8")):
            if "{{" in body or "{%" in body:
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            found.add(f"'sha256-{digest}'")
    return sorted(found)


def content_security_policy(script_hashes: list[str]) -> str:
    """The Content-Security-Policy header: own scripts only, and the inline ones by hash."""
    script = " ".join(["'self'", *script_hashes])
    return "; ".join([
        "default-src 'self'",
        f"script-src {script}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])  # fmt: skip


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response (errors included)."""

    def __init__(self, app: ASGIApp, csp: str | None = None) -> None:
        self.app = app
        policy = csp if csp is not None else content_security_policy(inline_script_hashes())
        self.headers = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


_DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="icon" href="data:,">
{head}</head>
<body>{body}</body></html>
"""


def mount_docs(app: FastAPI) -> None:
    """/docs (Swagger UI, started by static/docs.js) and /redoc (ReDoc) from the vendored files
    in static/vendor: no inline script, nothing fetched from another site."""

    def page(request: Request, title: str, head: str, body: str) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        html = _DOCS_PAGE.format(title=title, head=head, body=body).replace("{root}", root)
        return HTMLResponse(html.replace("{openapi}", root + (app.openapi_url or "")))

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        head = '<link rel="stylesheet" href="{root}/static/vendor/swagger-ui.css">\n'
        body = ('<div id="swagger-ui" data-openapi="{openapi}"></div>'
                '<script src="{root}/static/vendor/swagger-ui-bundle.js"></script>'
                '<script src="{root}/static/docs.js"></script>')  # fmt: skip
        return page(request, f"{app.title} – API", head, body)

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        # ReDoc 3 is an ES module that starts itself on the <redoc> element; its telemetry is
        # switched off (and the policy's connect-src would stop it anyway).
        script = "{root}/static/vendor/redoc.standalone.js"
        body = ('<redoc spec-url="{openapi}" disable-telemetry="true"></redoc>'
                f'<script type="module" src="{script}"></script>')  # fmt: skip
        return page(request, f"{app.title} – API reference", "", body)
