"""What the web app's users read when something fails: the library's message in the API's
words, with no traceback and no absolute path (the server's log keeps those)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
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


WEB_MAPPING = ("; this file needs a column mapping (a YAML file that names its columns, see"
               " docs/mapping.md): upload it again with one, a shipped mapping chosen by name or"
               " a mapping file (the form's mapping fields; the API's mapping and"
               " mapping_file)")  # fmt: skip


def upload_words(message: str, saved: Path, filename: str) -> str:
    """An ingest's failure as the person who uploaded the file reads it: the file named by its
    own name (not where the server saved it), and the CLI's advice to pass --mapping replaced
    by what to do on the web."""
    for form in {str(saved), str(saved.absolute()), str(saved.resolve())}:
        message = message.replace(form, filename)
    first, *rest = message.split("\n", 1)
    if "--mapping" not in first:
        return message
    kept = [c for c in first.split("; ") if "--mapping" not in c]
    head = "; ".join(kept) if kept else first.split(" --mapping")[0]
    head = re.sub(r"\s*(or through|or|through)$", "", head.rstrip())
    return head + WEB_MAPPING + ("\n" + rest[0] if rest else "")


# The check form's fields by the CLI options the library's messages name.
_FORM_FIELDS = {"goods": "goods", "origin": "origin", "destination": "destination", "via": "via",
                "since": "from", "until": "to"}  # fmt: skip
_OPTION = re.compile(r"(?:\b(?:with|in) )?--(goods|origin|destination|via|since|until)\b")


def form_words(message: str) -> str:
    """A check's message as the web page's user reads it: the CLI's options ('give them with
    --goods') named as the form's fields ('give them in the goods field')."""

    def field(m: re.Match[str]) -> str:
        name = _FORM_FIELDS[m.group(1)]
        return f"in the {name} field" if m.group(0).startswith(("with", "in")) else (
            f"the {name} field")  # fmt: skip

    return _OPTION.sub(field, message)
