"""CLI writes while `shadowtrade serve` holds the workspace: sent to the server's API.

DuckDB lets one process open the workspace read-write, and a running server keeps it open. A
CLI `triage` or `users` command that finds the server's advertisement (`server.json`, see
writelock.py) sends the same write to the server, authenticated by the advertised secret and
naming the person acting; there it takes the workspace's one writer like any request. A busy
writer (503) is waited for, with a message, instead of failing.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

from shadowtrade.errors import InputError, WorkspaceError
from shadowtrade.writelock import ServerInfo


def call(info: ServerInfo, method: str, path: str, body: dict[str, Any] | None = None, *,
         actor: str, on_wait: Callable[[str], None] | None = None,
         options: Mapping[str, str] | None = None) -> Any:  # fmt: skip
    """One API call to the local server as the person `actor`; its JSON answer. `options`
    names the CLI option each API field was given by (`allow_admin_lapse` →
    `--allow-admin-lapse`): the server's refusals name fields, the CLI's user typed options."""
    data = json.dumps(body).encode("utf-8") if body is not None else None
    headers = {"Authorization": f"Bearer {info.secret}", "X-Shadowtrade-Actor": actor,
               "Content-Type": "application/json"}  # fmt: skip
    told = False
    while True:
        req = urllib.request.Request(info.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=300) as resp:
                return json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            detail = cli_words(_detail(exc), options or {})
            if exc.code == 503:
                if on_wait is not None and not told:
                    on_wait(f"waiting for another writer (the server says: {detail}) …")
                    told = True
                time.sleep(1.0)
                continue
            if exc.code in (400, 404, 422):
                raise InputError(detail) from None
            raise WorkspaceError(f"the server at {info.url} refused: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise WorkspaceError(f"the workspace is served at {info.url} (pid {info.pid}), which"
                                 f" does not answer: {exc}") from None  # fmt: skip


def cli_words(message: str, options: Mapping[str, str]) -> str:
    """An API message as the CLI's user reads it: each API field in `options` named as the
    option it was given by."""
    for field, option in options.items():
        message = re.sub(rf"(?<![\w-]){re.escape(field)}(?![\w-])", option, message)
    return message


def _detail(exc: urllib.error.HTTPError) -> str:
    try:
        d = json.loads(exc.read().decode("utf-8"))
        return str(d.get("detail") if isinstance(d, dict) else d)
    except (ValueError, OSError):
        return f"HTTP {exc.code}"


def quoted(part: str) -> str:
    """One path segment of a URL, every reserved character escaped."""
    return urllib.parse.quote(part, safe="")


def triage(info: ServerInfo, ident: str, *, actor: str, on_wait: Callable[[str], None],
           **change: Any) -> dict[str, Any]:  # fmt: skip
    """The CLI's triage through the server: the id (or unique prefix) resolved by a read,
    then the write on the exact id."""
    case = call(info, "GET", f"/api/v1/cases/{quoted(ident)}", actor=actor)
    cid = str(case["case_id"])
    res: dict[str, Any] = call(info, "POST", f"/api/v1/cases/{quoted(cid)}/triage", change,
                               actor=actor, on_wait=on_wait)  # fmt: skip
    res["changes"] = [tuple(c) for c in res["changes"]]
    return res
