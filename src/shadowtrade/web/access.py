"""Who may do what: a token per user, a role per token.

viewer reads; analyst also triages cases and runs allegation checks; admin also ingests files,
runs scans and manages users. Only each token's SHA-256 is stored in the workspace (`users`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from shadowtrade.errors import InputError

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

ROLES = ("viewer", "analyst", "admin")


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def may(self, role: str) -> bool:
        """Whether this user's role includes `role`'s rights."""
        return ROLES.index(self.role) >= ROLES.index(role)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(ws: Workspace, name: str, role: str) -> str:
    """Create (or re-issue) a user's token; the token, shown once."""
    name = name.strip()
    if not name:
        raise InputError("a user needs a name")
    if role not in ROLES:
        raise InputError(f"--role {role!r}: expected one of {', '.join(ROLES)}")
    token = "st_" + secrets.token_urlsafe(24)
    with ws.transaction():
        ws.raw.execute("DELETE FROM users WHERE name = ?", [name])
        ws.raw.execute(
            "INSERT INTO users VALUES (?, ?, ?, ?)",
            [name, role, _digest(token), datetime.now().replace(microsecond=0)],
        )
    return token


def list_users(ws: Workspace) -> list[tuple[str, str, datetime]]:
    rows = ws.raw.execute("SELECT name, role, created_at FROM users ORDER BY name").fetchall()
    return [(str(r[0]), str(r[1]), r[2]) for r in rows]


def authenticate(ws: Workspace, token: str | None) -> User | None:
    """The user a token belongs to, or None."""
    if not token:
        return None
    row = ws.raw.execute(
        "SELECT name, role FROM users WHERE token_sha256 = ?", [_digest(token)]
    ).fetchone()
    return User(str(row[0]), str(row[1])) if row else None
