"""Request bodies: who may send one, and how much of it is read.

An ASGI middleware in front of the app: a request that must come from a known user (every
write, every upload) is answered 401/403 from its headers alone, before one byte of its body
is read; and every body is counted as it streams in (chunked bodies have no Content-Length to
check), the answer becoming 413 the moment the count passes the limit. Nothing past the limit
is read, and the app's half-parsed form (a temporary file) is dropped with the request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.responses import Response

from shadowtrade.web.security import ASGIApp, Message, Receive, Scope, Send

# Decides from the request's headers whether its body may be read: None to go on, or the
# response refusing it (401, 403, a redirect to the login page).
Gate = Callable[[Scope], Awaitable[Response | None]]
# The response to a body over the limit (JSON for the API, a page for the browser).
TooLarge = Callable[[Scope, int], Response]


class BodyTooLarge(Exception):
    """Raised inside the app's body reading when the limit is passed (answered with 413)."""


@dataclass
class _Counter:
    read: int = 0
    tripped: bool = False
    started: bool = False


class BodyGuard:
    def __init__(self, app: ASGIApp, *, limit: Callable[[Scope], int], gate: Gate,
                 too_large: TooLarge) -> None:  # fmt: skip
        self.app = app
        self.limit = limit
        self.gate = gate
        self.too_large = too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        refusal = await self.gate(scope)
        if refusal is not None:
            await _closing(refusal)(scope, _no_body, send)
            return
        limit = self.limit(scope)
        length = dict(scope.get("headers", [])).get(b"content-length", b"")
        if length.isdigit() and int(length) > limit:
            await _closing(self.too_large(scope, limit))(scope, _no_body, send)
            return
        count = _Counter()

        async def counted() -> Message:
            if count.tripped:
                raise BodyTooLarge
            message = await receive()
            if message["type"] == "http.request":
                count.read += len(message.get("body", b""))
                if count.read > limit:
                    count.tripped = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            # Once the limit is passed, whatever the app answers (its form parser fails with a
            # 400) is replaced by the 413.
            if count.tripped:
                if message["type"] == "http.response.start" and not count.started:
                    count.started = True
                    await _closing(self.too_large(scope, limit))(scope, _no_body, send)
                return
            count.started = count.started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded_send)
        except BodyTooLarge:
            if not count.started:
                count.started = True
                await _closing(self.too_large(scope, limit))(scope, _no_body, send)


def _closing(response: Response) -> Response:
    """A refusal that also ends the connection: the server would otherwise read the rest of
    the body (to discard it) to keep the connection open for a next request."""
    response.headers["connection"] = "close"
    return response


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}
