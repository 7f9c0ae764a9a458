"""What the web app's users read when something fails: the library's message in the API's
words, with no traceback and no absolute path (the server's log keeps those)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from shadowtrade.errors import ShadowtradeError

_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/~])/(?:[^\s/'\"`:]+/)+([^\s/'\"`:]+)")


def api_words(message: str) -> str:
    """A library message as the API's users read it: options named as fields ('--status'
    → 'status'), the CLI's pointers as the API's, and no absolute path (a file's name only)."""
    message = _ABSOLUTE_PATH.sub(lambda m: m.group(1), message)
    message = re.sub(r"\(see `shadowtrade (\w+)[^`]*`\)", r"(GET /api/v1/\1 lists them)", message)
    return re.sub(r"(?<![\w-])--([a-z][a-z0-9-]*)", lambda m: m.group(1).replace("-", "_"),
                  message)  # fmt: skip


def failure_words(exc: BaseException) -> str:
    """One line for a failed request or job: a ShadowtradeError's own message in API words,
    anything else only as 'an internal error' (its traceback goes to the server's log)."""
    if isinstance(exc, ShadowtradeError) and str(exc):
        return api_words(str(exc).splitlines()[0])
    return f"internal error ({type(exc).__name__}); the server's log has the details"


def validation_words(errors: Sequence[Any]) -> str:
    """FastAPI's list of invalid fields as one line: "limit: Input should be greater than or
    equal to 1 (got '0'); name: Field required"."""
    parts = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", ())]
        where = ".".join(loc[1:] if len(loc) > 1 else loc) or "input"
        given = e.get("input")
        got = f" (got {given!r})" if isinstance(given, str | int | float) and len(
            repr(given)) <= 60 else ""  # fmt: skip
        parts.append(f"{where}: {e.get('msg', 'invalid')}{got}")
    return "; ".join(parts) or "invalid input"


def invalid_answer(exc: RequestValidationError) -> JSONResponse:
    """An API's 422 for invalid fields in the one shape of every 4xx answer: `detail` a
    sentence; FastAPI's own list of the fields kept under `errors`."""
    errors = jsonable_encoder(exc.errors())
    return JSONResponse({"detail": validation_words(errors), "errors": errors}, status_code=422)
