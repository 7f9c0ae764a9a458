"""The triage audit log: append-only and hash-chained, so that a changed past shows.

Each entry's hash covers its own fields and the previous entry's hash. The library offers no
way to change or remove an entry: `append` adds one inside the caller's transaction, `entries`
returns frozen copies, and `verify` recomputes the chain; an entry edited or deleted behind the
library's back (raw SQL on the DuckDB file) breaks the chain at that entry, and removing the
newest entries shows against the chain's head, kept in `meta`. `shadowtrade query`
opens the workspace read-only, so it cannot write either.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    case_id: str
    action: str
    old_value: str | None
    new_value: str | None
    prev_hash: str
    hash: str


def _digest(prev_hash: str, seq: int, at: datetime, actor: str, case_id: str, action: str,
            old: str | None, new: str | None) -> str:  # fmt: skip
    body = json.dumps([prev_hash, seq, at.isoformat(), actor, case_id, action, old, new],
                      ensure_ascii=False)  # fmt: skip
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    ws: Workspace,
    *,
    actor: str,
    case_id: str,
    action: str,
    old_value: str | None = None,
    new_value: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry at the end of the log (call inside the change's transaction)."""
    last = ws.raw.execute("SELECT seq, hash FROM case_audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (int(last[0]) + 1, str(last[1])) if last else (1, GENESIS)
    when = (at or datetime.now()).replace(microsecond=0)
    digest = _digest(prev, seq, when, actor, case_id, action, old_value, new_value)
    ws.raw.execute(
        "INSERT INTO case_audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, when, actor, case_id, action, old_value, new_value, prev, digest],
    )
    # The head of the chain, kept apart: removing the newest entries shows against it.
    ws.raw.execute("INSERT OR REPLACE INTO meta VALUES ('audit_head', ?)", [f"{seq}:{digest}"])
    return AuditEntry(seq, when, actor, case_id, action, old_value, new_value, prev, digest)


def entries(ws: Workspace, case_id: str | None = None) -> tuple[AuditEntry, ...]:
    """The log (of one case, or all), oldest first, as read-only copies."""
    sql = "SELECT * FROM case_audit"
    params: list[object] = []
    if case_id is not None:
        sql += " WHERE case_id = ?"
        params.append(case_id)
    rows = ws.raw.execute(sql + " ORDER BY seq", params).fetchall()
    return tuple(
        AuditEntry(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]) for r in rows
    )


def verify(ws: Workspace) -> list[str]:
    """Problems found in the chain (empty when every entry is as written)."""
    problems = []
    prev = GENESIS
    log = entries(ws)
    for i, e in enumerate(log, start=1):
        if e.seq != i:
            problems.append(f"entry {i} is missing (next entry is {e.seq})")
            break
        if e.prev_hash != prev:
            problems.append(f"entry {e.seq}: the entry before it was changed or removed")
            break
        if _digest(prev, e.seq, e.at, e.actor, e.case_id, e.action, e.old_value,
                   e.new_value) != e.hash:  # fmt: skip
            problems.append(f"entry {e.seq} ({e.action} on {e.case_id}) was changed")
            break
        prev = e.hash
    head = ws.raw.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
    last = log[-1] if log else None
    if not problems and head and head[0] != (f"{last.seq}:{last.hash}" if last else ""):
        problems.append(f"entries after {last.seq if last else 0} were removed"
                        f" (the log ended at entry {str(head[0]).split(':')[0]})")  # fmt: skip
    return problems
