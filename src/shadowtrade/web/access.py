"""Who may do what: a token per user, a role per token.

viewer reads; analyst also triages cases and runs allegation checks; admin also ingests files,
runs scans and manages users. Only each token's SHA-256 is stored in the workspace (`users`).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from shadowtrade.errors import InputError

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

ROLES = ("viewer", "analyst", "admin")
# An admin token that would leave no working admin token sooner than this is refused unless
# the issuer says so (`allow_admin_lapse`): the web app and the API then have no admin.
ADMIN_LAPSE_BOUND = timedelta(days=7)


@dataclass(frozen=True)
class User:
    name: str
    role: str
    expires: datetime | None = None  # the token's expiry (None: until revoked)

    def refused(self, needs: str) -> str:
        """Why a request is refused: "ana is an analyst; ingest needs admin"."""
        return f"{self.name} is {role_words(self.role)}; {needs}"

    def expired(self) -> bool:
        return self.expires is not None and self.expires <= datetime.now()

    def may(self, role: str) -> bool:
        """Whether this user's role includes `role`'s rights."""
        return ROLES.index(self.role) >= ROLES.index(role)


def token_digest(token: str) -> str:
    """A token's SHA-256 (hex): the only form in which tokens are stored or cached."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(ws: Workspace, name: str, role: str, *, expires: datetime | None = None,
             actor: str = "admin", allow_admin_lapse: bool = False) -> str:  # fmt: skip
    """Create (or re-issue) a user's token, valid until `expires` (None: until revoked), as the
    workspace's one writer and in the audit log; the token, shown once. A token that would
    leave no working admin token within ADMIN_LAPSE_BOUND is refused (`AdminLapse`) unless
    `allow_admin_lapse` (`admin_lapse` then says it, for a warning)."""
    from shadowtrade.cases import audit
    from shadowtrade.writelock import writing

    name = name.strip()
    if not name:
        raise InputError("a user needs a name")
    if role not in ROLES:
        raise InputError(f"role {role!r}: expected one of {', '.join(ROLES)}")
    token = "st_" + secrets.token_urlsafe(24)
    now = datetime.now().replace(microsecond=0)
    if expires is not None and expires <= now:
        raise InputError(f"expiry {expires:%Y-%m-%d %H:%M} is in the past")
    until = f", until {expires:%Y-%m-%d %H:%M}" if expires else ""

    def work() -> None:
        audit.ensure_intact(ws)
        if role != "admin":
            _keep_an_admin(ws, name, f"making {name} {role_words(role)}")
        elif not allow_admin_lapse and (lapse := admin_lapse(ws, name, role, expires)):
            raise AdminLapse(
                f"{lapse}, less than {ADMIN_LAPSE_BOUND.days} days from now: then nobody could"
                " manage users, ingest files or run scans from the web app or the API; give a"
                f" later expiry ({ADMIN_LAPSE_BOUND.days} days or more, or none) or make another"
                " user an admin first, or pass --allow-admin-lapse to issue it anyway"
            )
        with ws.transaction():
            ws.raw.execute("DELETE FROM users WHERE name = ?", [name])
            ws.raw.execute(
                "INSERT INTO users (name, role, token_sha256, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)", [name, role, token_digest(token), now, expires],
            )  # fmt: skip
            audit.append(ws, actor=actor, case_id="", action="user_add",
                         new_value=f"{name} ({role}{until})")  # fmt: skip
        audit.sync_head_file(ws)

    writing(ws, work, f"adding user {name}")
    return token


def revoke_user(ws: Workspace, name: str, *, actor: str = "admin") -> None:
    """Remove a user: their token stops working at once (as the one writer, logged)."""
    from shadowtrade.cases import audit
    from shadowtrade.writelock import writing

    def work() -> None:
        audit.ensure_intact(ws)
        row = ws.raw.execute("SELECT role FROM users WHERE name = ?", [name]).fetchone()
        if row is None:
            raise UnknownUser(f"no user {name!r}")
        _keep_an_admin(ws, name, f"revoking {name}")
        with ws.transaction():
            ws.raw.execute("DELETE FROM users WHERE name = ?", [name])
            audit.append(ws, actor=actor, case_id="", action="user_revoke",
                         old_value=f"{name} ({row[0]})")  # fmt: skip
        audit.sync_head_file(ws)

    writing(ws, work, f"revoking user {name}")


def parse_expiry(text: str, now: datetime | None = None) -> datetime:
    """A token's expiry from a date, a date and time, or a duration from now (30d, 12h)."""
    from datetime import timedelta

    t = text.strip()
    units = {"d": "days", "h": "hours", "m": "minutes"}
    if t[:-1].isdigit() and t[-1:].lower() in units:
        base = (now or datetime.now()).replace(microsecond=0)
        return base + timedelta(**{units[t[-1].lower()]: int(t[:-1])})
    try:
        return datetime.fromisoformat(t)
    except ValueError:
        raise InputError(
            f"expiry {text!r}: give a date (2027-03-31), a date and time"
            " (2027-03-31T18:00) or a duration (30d, 12h)"
        ) from None


def role_words(role: str) -> str:
    """'an analyst', 'a viewer'."""
    return f"{'an' if role[:1].lower() in 'aeiou' else 'a'} {role}"


class LastAdmin(InputError):
    """The change would leave no admin whose token works (HTTP 409)."""

    http_status = 409


def _keep_an_admin(ws: Workspace, name: str, change: str) -> None:
    """Refuse a change that takes the admin role from `name` when no other admin's token
    works: nobody could then manage users, ingest or scan from the web app or the API."""
    row = ws.raw.execute(
        "SELECT count(*) FILTER (WHERE name = $1), count(*) FILTER (WHERE name <> $1)"
        " FROM users WHERE role = 'admin' AND (expires_at IS NULL OR expires_at >"
        " now()::TIMESTAMP)", [name]
    ).fetchone()  # fmt: skip
    if row is not None and row[0] and not row[1]:
        raise LastAdmin(
            f"{name} is the last admin: {change} would leave nobody who may manage users,"
            " ingest files or run scans; make another user an admin first"
            + (f"; to stop {name}'s token, issue {name} a new one instead" if "revok" in change
               else "")
        )  # fmt: skip


class AdminLapse(InputError):
    """The token would leave no working admin token soon (HTTP 409)."""

    http_status = 409


def admin_lapse(ws: Workspace, name: str, role: str, expires: datetime | None,
                *, would: bool = True) -> str | None:  # fmt: skip
    """When issuing `name` an admin token until `expires` leaves the workspace without a
    working admin token within ADMIN_LAPSE_BOUND, that in words ("boss would hold the last
    admin token, and it would expire …"; `would=False`: as done); else None."""
    if role != "admin" or expires is None:
        return None
    now = datetime.now()
    others = [r[0] for r in ws.raw.execute(
        "SELECT expires_at FROM users WHERE role = 'admin' AND name <> ?"
        " AND (expires_at IS NULL OR expires_at > ?)", [name.strip(), now]).fetchall()]  # fmt: skip
    if any(e is None for e in others):
        return None
    lapse = max([expires, *others])
    if lapse >= now + ADMIN_LAPSE_BOUND:
        return None
    w, hold, expire = ("would ", "hold", "expire") if would else ("", "holds", "expires")
    if lapse == expires:
        return (f"{name.strip()} {w}{hold} the last admin token, and it {w}{expire}"
                f" {expires:%Y-%m-%d %H:%M}")  # fmt: skip
    return (f"{name.strip()}'s admin token {w}{expire} {expires:%Y-%m-%d %H:%M} and the other"
            f" admins' by {lapse:%Y-%m-%d %H:%M}")  # fmt: skip


def admin_lapse_warning(
    ws: Workspace, name: str, role: str, expires: datetime | None
) -> str | None:
    """What an admin token issued with `allow_admin_lapse` leaves, as a warning; else None."""
    lapse = admin_lapse(ws, name, role, expires, would=False)
    return None if lapse is None else (
        f"{lapse}: then nobody can manage users, ingest files or run scans from the web app or"
        " the API, until an admin token is issued on the server's machine (shadowtrade users"
        " add NAME --role admin)")  # fmt: skip


class UnknownUser(InputError):
    """No user has this name (HTTP 404)."""

    http_status = 404


def list_users(ws: Workspace) -> list[tuple[str, str, datetime, datetime | None]]:
    """Name, role, created and expiry (None: until revoked) of every user."""
    rows = ws.raw.execute(
        "SELECT name, role, created_at, expires_at FROM users ORDER BY name"
    ).fetchall()
    return [(str(r[0]), str(r[1]), r[2], r[3]) for r in rows]


def authenticate(ws: Workspace, token: str | None) -> User | None:
    """The user a token belongs to, or None."""
    return user_by_digest(ws, token_digest(token)) if token else None


def user_by_digest(ws: Workspace, digest: str) -> User | None:
    """The user whose token has this SHA-256, or None."""
    row = ws.raw.execute(
        "SELECT name, role, expires_at FROM users WHERE token_sha256 = ?"
        " AND (expires_at IS NULL OR expires_at > now()::TIMESTAMP)", [digest]
    ).fetchone()  # fmt: skip
    return User(str(row[0]), str(row[1]), row[2]) if row else None


def token_digests(ws: Workspace) -> frozenset[str]:
    """Every stored token's SHA-256 (a few per user)."""
    return frozenset(str(r[0]) for r in ws.raw.execute("SELECT token_sha256 FROM users").fetchall())


class TokenCache:
    """Known tokens' users, by the token's SHA-256: bounded (least recently used first out),
    and unknown tokens are never stored. With `stored` (every stored digest, read once until
    the next clear), a token no user has is refused without asking the database: random tokens
    cost neither memory nor a query. Cleared when users change (they change only through the
    server while it runs)."""

    def __init__(self, maxsize: int = 1024) -> None:
        self.maxsize = maxsize
        self._lock = threading.Lock()
        self._users: OrderedDict[str, User] = OrderedDict()
        self._stored: frozenset[str] | None = None
        self._generation = 0

    def user(
        self, digest: str, lookup: Callable[[str], User | None],
        stored: Callable[[], frozenset[str]] | None = None,
    ) -> User | None:  # fmt: skip
        with self._lock:
            if digest in self._users:
                self._users.move_to_end(digest)
                return self._users[digest]
            generation, known = self._generation, self._stored
        if stored is not None:
            if known is None:
                known = stored()
                with self._lock:
                    if generation == self._generation:
                        self._stored = known
            if digest not in known:
                return None
        found = lookup(digest)
        if found is not None:
            with self._lock:
                if generation == self._generation:  # not across a change of users
                    self._users[digest] = found
                    while len(self._users) > self.maxsize:
                        self._users.popitem(last=False)
        return found

    def __len__(self) -> int:
        return len(self._users)

    def clear(self) -> None:
        with self._lock:
            self._users.clear()
            self._stored = None
            self._generation += 1


@dataclass(frozen=True)
class Session:
    digest: str  # the SHA-256 of the token that opened it: the user is checked on each use
    expires: float  # time.time() seconds


class Sessions:
    """Browser sessions held by the server: the cookie carries a random session id, never the
    token. Sessions expire, logging out revokes one, and the store is bounded (the oldest
    sessions are dropped first). A restart logs everyone out."""

    def __init__(self, lifetime_s: float = 12 * 3600, maxsize: int = 10_000) -> None:
        self.lifetime_s = lifetime_s
        self.maxsize = maxsize
        self._lock = threading.Lock()
        self._by_id: OrderedDict[str, Session] = OrderedDict()

    def open(self, token: str) -> str:
        sid = secrets.token_urlsafe(32)
        with self._lock:
            self._by_id[sid] = Session(token_digest(token), time.time() + self.lifetime_s)
            while len(self._by_id) > self.maxsize:
                self._by_id.popitem(last=False)
        return sid

    def digest(self, sid: str | None) -> str | None:
        """The token digest behind a live session id, or None (unknown or expired)."""
        if not sid:
            return None
        with self._lock:
            s = self._by_id.get(sid)
            if s is None:
                return None
            if s.expires <= time.time():
                del self._by_id[sid]
                return None
            return s.digest

    def revoke(self, sid: str | None) -> None:
        with self._lock:
            self._by_id.pop(sid or "", None)

    def __len__(self) -> int:
        return len(self._by_id)
