"""The triage audit log: append-only and hash-chained, so that a changed past shows.

Each entry's hash covers its own fields, its number (the count of entries up to it) and the
previous entry's hash. The library offers no way to change or remove an entry: `append` adds one
inside the caller's transaction (`record` in one of its own), `entries` returns frozen copies,
and `verify` recomputes the chain. Behind the library's back (raw SQL on the DuckDB file):

- an edited or deleted entry breaks the chain at that entry;
- removing the newest entries shows against the chain's head, kept twice: in `meta` (written in
  the same transaction as the entry) and in the file `audit-head` beside the database (written
  after the commit); deleting the head row as well still leaves the file, and a `meta` marker
  says the file must exist;
- the triage state (`case_triage`) is what the log says it is: `verify` replays the log's status,
  assignee, tag and new-evidence changes and names the case and the entry where a row differs
  (an UPDATE back to `new` on a dismissed case, a deleted triage row).

A write first checks the chain (`ensure_intact`) and refuses to extend a broken one: appending
would seal the damage under a fresh, valid-looking head. `seq` has a unique index, and every
write goes through the workspace's one writer (writelock.py).
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from shadowtrade.errors import WorkspaceError

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

GENESIS = "0" * 64
HEAD_FILE = "audit-head"


class AuditBroken(WorkspaceError):
    """The audit log's chain does not verify, so nothing more is written to it (HTTP 409)."""

    http_status = 409


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


def ensure_unique_seq(ws: Workspace) -> None:
    """A unique index on `case_audit.seq` (skipped where duplicates already exist: `verify`
    reports them)."""
    import duckdb

    with suppress(duckdb.ConstraintException):
        ws.raw.execute("CREATE UNIQUE INDEX IF NOT EXISTS case_audit_seq ON case_audit (seq)")


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
    """Add one entry at the end of the log (call inside the change's transaction, as the
    workspace's writer, after `ensure_intact`)."""
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
    ws.raw.execute("INSERT OR REPLACE INTO meta VALUES ('audit_head_file', ?)", [HEAD_FILE])
    return AuditEntry(seq, when, actor, case_id, action, old_value, new_value, prev, digest)


def record(
    ws: Workspace,
    *,
    actor: str,
    case_id: str,
    action: str,
    old_value: str | None = None,
    new_value: str | None = None,
) -> AuditEntry:
    """One entry in a transaction of its own, as the workspace's writer (a check, an ingest,
    a scan, a user change)."""
    from shadowtrade.writelock import writing

    def work() -> AuditEntry:
        ensure_intact(ws)
        with ws.transaction():
            e = append(ws, actor=actor, case_id=case_id, action=action, old_value=old_value,
                       new_value=new_value)  # fmt: skip
        sync_head_file(ws)
        return e

    return writing(ws, work, f"the audit log ({action} by {actor})")


def sync_head_file(ws: Workspace) -> None:
    """Copy the committed head to `audit-head` beside the database (call after the commit;
    the file only moves forward)."""
    row = ws.raw.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
    if row is None:
        return
    path = Path(ws.path) / HEAD_FILE
    kept = _read_head_file(path)
    if kept is not None and kept[0] > int(str(row[0]).split(":")[0]):
        return
    tmp = path.with_name(f".{HEAD_FILE}.{os.getpid()}")
    tmp.write_text(str(row[0]), encoding="utf-8")
    os.replace(tmp, path)


def _read_head_file(path: Path) -> tuple[int, str] | None:
    try:
        seq, digest = path.read_text(encoding="utf-8").strip().split(":")
        return int(seq), digest
    except (OSError, ValueError):
        return None


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
    """Problems found in the chain, its head and the triage it covers (empty when every entry
    is as written and every triage row is what the log says)."""
    key, state = str(Path(ws.path).resolve()), _fingerprint(ws)
    known = _verified.get(key)
    if known is not None and known[0] == state:
        return list(known[1])
    log = entries(ws)
    # A broken chain is reported alone: the triage it no longer covers would only echo it.
    problems = _chain_problems(log) or _head_problems(ws, log) or _triage_problems(ws, log)
    _verified[key] = (state, tuple(problems))
    return problems


# The last verdict per workspace, with the fingerprint of everything it read: a server verifies
# on every case page and before every write, and the whole chain is recomputed only when a
# byte of the log, the triage, the head or its file changed.
_verified: dict[str, tuple[tuple[object, ...], tuple[str, ...]]] = {}


def _fingerprint(ws: Workspace) -> tuple[object, ...]:
    row = ws.raw.execute(
        """SELECT (SELECT count(*) FROM case_audit),
                  (SELECT sum(hash(seq, "at", actor, case_id, "action", old_value,
                                   new_value, prev_hash, "hash")) FROM case_audit),
                  (SELECT count(*) FROM case_triage),
                  (SELECT sum(hash(case_id, status, assignee, tags, new_evidence))
                     FROM case_triage),
                  (SELECT string_agg(key || '=' || value, ',' ORDER BY key) FROM meta
                    WHERE key IN ('audit_head', 'audit_head_file'))"""
    ).fetchone()
    try:
        kept = (Path(ws.path) / HEAD_FILE).read_text(encoding="utf-8")
    except OSError:
        kept = None
    return (*(row or ()), kept)


def ensure_intact(ws: Workspace) -> None:
    """Refuse to write on a broken chain (`AuditBroken` naming the first problem)."""
    ensure_unique_seq(ws)
    problems = verify(ws)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise AuditBroken(f"the audit log does not verify: {problems[0]}{more}; nothing was"
                          " written (a new entry would seal the damage)")  # fmt: skip


def _chain_problems(log: tuple[AuditEntry, ...]) -> list[str]:
    prev = GENESIS
    for i, e in enumerate(log, start=1):
        if e.seq == i - 1:
            return [f"entry {e.seq} appears twice"]
        if e.seq != i:
            return [f"entry {i} is missing (next entry is {e.seq})"]
        if e.prev_hash != prev:
            return [f"entry {e.seq}: the entry before it was changed or removed"]
        if _digest(prev, e.seq, e.at, e.actor, e.case_id, e.action, e.old_value,
                   e.new_value) != e.hash:  # fmt: skip
            return [f"entry {e.seq} ({e.action} on {e.case_id}) was changed"]
        prev = e.hash
    return []


def _head_problems(ws: Workspace, log: tuple[AuditEntry, ...]) -> list[str]:
    last = log[-1] if log else None
    end = last.seq if last else 0
    meta = dict(ws.raw.execute(
        "SELECT key, value FROM meta WHERE key IN ('audit_head', 'audit_head_file')"
    ).fetchall())  # fmt: skip
    head = meta.get("audit_head")
    if head is not None and head != (f"{last.seq}:{last.hash}" if last else ""):
        return [f"entries after {end} were removed (the log ended at entry"
                f" {str(head).split(':')[0]})"]  # fmt: skip
    kept = _read_head_file(Path(ws.path) / HEAD_FILE)
    if kept is not None:
        seq, digest = kept
        if seq > end:
            return [f"entries after {end} were removed (the head kept beside the database is"
                    f" entry {seq})"]  # fmt: skip
        if log[seq - 1].hash != digest:
            return [f"entry {seq} was changed (its hash differs from the head kept beside the"
                    " database)"]  # fmt: skip
    elif "audit_head_file" in meta:
        return [f"the head kept beside the database ({HEAD_FILE}) was removed"]
    if head is None and log:
        return [f"the chain's head record was removed (the log now ends at entry {end};"
                " newer entries may have been removed with it)"]  # fmt: skip
    return []


def _triage_problems(ws: Workspace, log: tuple[AuditEntry, ...]) -> list[str]:
    """Replay the log's triage changes and compare with `case_triage`."""
    said: dict[str, dict[str, tuple[object, int]]] = {}
    for e in log:
        if not e.case_id:
            continue
        c = said.setdefault(e.case_id, {})
        if e.action == "status":
            c["status"] = (e.new_value, e.seq)
        elif e.action == "assignee":
            c["assignee"] = (e.new_value, e.seq)
        elif e.action == "tags":
            c["tags"] = (e.new_value or "", e.seq)
        elif e.action == "new_evidence":
            c["new_evidence"] = (True, e.seq)
        elif e.action == "acknowledged":
            c["new_evidence"] = (False, e.seq)
    rows = {
        str(r[0]): {"status": r[1], "assignee": r[2], "tags": ",".join(r[3] or []),
                    "new_evidence": bool(r[4])}
        for r in ws.raw.execute(
            "SELECT case_id, status, assignee, tags, new_evidence FROM case_triage"
        ).fetchall()
    }  # fmt: skip
    default: dict[str, object] = {"status": "new", "assignee": None, "tags": "",
                                  "new_evidence": False}  # fmt: skip
    problems = []
    for cid in sorted(set(said) | set(rows)):
        logged, row = said.get(cid, {}), rows.get(cid)
        for field, empty in default.items():
            want, seq = logged.get(field, (empty, 0))
            have = row[field] if row is not None else empty
            if have != want:
                where = f"entry {seq}" if seq else "no entry"
                problems.append(f"case {cid}: triage {field} is {have!r} but the log says"
                                f" {want!r} ({where})")  # fmt: skip
    return problems
