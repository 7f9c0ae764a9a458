"""The analyst's triage of a case: status, assignee, tags and notes, each change logged.

A triage action also acknowledges the case's current alerts, which clears the new-evidence flag
until a later scan brings alerts the analyst has not seen.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from shadowtrade.cases import audit
from shadowtrade.cases.store import ensure_cases, find_case
from shadowtrade.errors import InputError
from shadowtrade.writelock import writing

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

STATUSES = ("new", "investigating", "confirmed", "dismissed")


def current_actor() -> str:
    """Who is acting: `$SHADOWTRADE_USER`, else the login name."""
    return os.environ.get("SHADOWTRADE_USER") or getpass.getuser()


def triage(
    ws: Workspace,
    ident: str,
    *,
    status: str | None = None,
    assignee: str | None = None,
    note: str | None = None,
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
    actor: str | None = None,
    now: datetime | None = None,
    exact: bool = False,
) -> dict[str, object]:
    """Apply one triage action to a case (an id, or with `exact` false a unique prefix of one)
    as the workspace's one writer; the case's triage row after it. Refused on a broken audit
    chain (`AuditBroken`)."""
    if status is not None and status not in STATUSES:
        raise InputError(f"--status {status!r}: expected one of {', '.join(STATUSES)}")
    if status is None and assignee is None and not note and not add_tags and not remove_tags:
        raise InputError("nothing to change: give --status, --assignee, --note or --tag")
    who = (actor or current_actor()).strip()
    if not who:
        raise InputError("the acting user's name is empty: set SHADOWTRADE_USER")
    ensure_cases(ws)
    cid = find_case(ws, ident, exact=exact)
    when = (now or datetime.now()).replace(microsecond=0)

    def work() -> dict[str, object]:
        audit.ensure_intact(ws)
        return _apply(ws, cid, status, assignee, note, add_tags, remove_tags, who, when)

    return writing(ws, work, f"triage of {cid} by {who}")


def _apply(ws: Workspace, cid: str, status: str | None, assignee: str | None, note: str | None,
           add_tags: Sequence[str], remove_tags: Sequence[str], who: str,
           when: datetime) -> dict[str, object]:  # fmt: skip
    """The change, read and written as the workspace's one writer (retried whole on a
    conflict)."""
    row = ws.raw.execute(
        "SELECT status, assignee, tags, new_evidence FROM case_triage WHERE case_id = ?", [cid]
    ).fetchone()
    old_status, old_assignee, old_tags, flagged = row if row else ("new", None, [], False)
    tags = list(old_tags or [])
    tags += [t for t in add_tags if t and t not in tags]
    tags = [t for t in tags if t not in set(remove_tags)]
    current = [
        str(r[0])
        for r in ws.raw.execute(
            "SELECT alert_id FROM case_alerts WHERE case_id = ? ORDER BY alert_id", [cid]
        ).fetchall()
    ]
    changes: list[tuple[str, str | None, str | None]] = []
    if status is not None and status != old_status:
        changes.append(("status", old_status, status))
    if assignee is not None and (assignee or None) != old_assignee:
        changes.append(("assignee", old_assignee, assignee or None))
    if tags != list(old_tags or []):
        changes.append(("tags", ",".join(old_tags or []), ",".join(tags)))
    if note:
        changes.append(("note", None, note))
    if flagged:
        changes.append(("acknowledged", None, f"{len(current)} alert(s) seen"))
    new_assignee = (assignee or None) if assignee is not None else old_assignee
    with ws.transaction():
        ws.raw.execute("DELETE FROM case_triage WHERE case_id = ?", [cid])
        ws.raw.execute(
            "INSERT INTO case_triage VALUES (?, ?, ?, ?, false, ?, ?, ?)",
            [cid, status or old_status, new_assignee, tags, current, when, who],
        )
        for action, old, new in changes:
            audit.append(ws, actor=who, case_id=cid, action=action, old_value=old,
                         new_value=new, at=when)  # fmt: skip
    audit.sync_head_file(ws)
    return {"case_id": cid, "status": status or old_status, "assignee": new_assignee,
            "tags": tags, "changes": changes}  # fmt: skip
