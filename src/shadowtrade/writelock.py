"""One writer at a time, by design: every write to a workspace is serialised here.

Inside a process, writes to one workspace folder take that folder's `WorkspaceWriter`: a
re-entrant thread lock, and while it is held an exclusive `flock` on `<folder>/write.lock`, the
lock shared with every other Shadowtrade process (a CLI `triage` next to `shadowtrade serve`,
two CLI commands). Whoever waits says so ("waiting for another writer …") instead of failing;
the server's requests wait a bounded time and then answer 503.

DuckDB lets one process at a time open the file read-write, so a server keeps it for its life.
It advertises itself in `<folder>/server.json` (URL, pid and a secret readable only by the
workspace's owner); a CLI write that finds a live server sends the write through the server,
where it takes the same writer as the server's own requests.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import duckdb

from shadowtrade.errors import WorkspaceError
from shadowtrade.workspace import LOCK_FILE

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

SERVER_FILE = "server.json"
T = TypeVar("T")


class WriterBusy(WorkspaceError):
    """Another writer held the workspace for longer than this write may wait (HTTP 503)."""

    http_status = 503


class WriteConflict(WorkspaceError):
    """A write kept conflicting with another one and was given up, nothing written (HTTP 409)."""

    http_status = 409


class WorkspaceWriter:
    """The writer of one workspace folder in this process (see the module docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.timeout: float | None = None  # None: wait as long as it takes (the CLI)
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
        self.made_folder = False  # the outermost hold with `create` made the folder

    def acquire(self, what: str = "a write", *, timeout: float | None = None,
                on_wait: Callable[[str], None] | None = None,
                create: bool = False) -> None:  # fmt: skip
        """Take the writer (re-entrant in one thread), waiting at most `timeout` seconds (None:
        this writer's default; `math.inf`: as long as it takes); `on_wait` hears once who
        holds it. `create`: the folder is made when missing (a first ingest)."""
        limit = self.timeout if timeout is None else timeout
        if limit is not None and math.isinf(limit):
            limit = None
        deadline = None if limit is None else time.monotonic() + limit
        if not self._thread_lock.acquire(timeout=-1 if limit is None else limit):
            raise WriterBusy(f"the workspace is busy with another write for over {limit:.0f} s;"
                             " try again shortly")  # fmt: skip
        try:
            if self._depth == 0:
                self._lock_file(what, deadline, on_wait, create)
            self._depth += 1
        except BaseException:
            self._thread_lock.release()
            raise

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            with suppress(OSError):
                os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
        self._thread_lock.release()

    @contextmanager
    def hold(self, what: str = "a write", *, timeout: float | None = None,
             on_wait: Callable[[str], None] | None = None,
             create: bool = False) -> Iterator[None]:  # fmt: skip
        self.acquire(what, timeout=timeout, on_wait=on_wait, create=create)
        try:
            yield
        finally:
            self.release()

    def run(self, work: Callable[[], T], what: str = "a write", *, attempts: int = 3) -> T:
        """`work()` holding the writer; a DuckDB write conflict is retried (the work re-reads
        what it changes), and after `attempts` it is given up with nothing written."""
        with self.hold(what):
            for attempt in range(attempts):
                try:
                    return work()
                except (duckdb.TransactionException, duckdb.ConstraintException) as exc:
                    if attempt == attempts - 1:
                        raise WriteConflict(
                            f"{what} conflicted with another write {attempts}"
                            " times and was not written; try again"
                        ) from exc
                    time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _lock_file(self, what: str, deadline: float | None,
                   on_wait: Callable[[str], None] | None, create: bool) -> None:  # fmt: skip
        path = self.folder / LOCK_FILE
        self.made_folder, told = False, False
        while True:
            fd = self._open_lock_file(path, create)
            told = _flock_waiting(fd, path, deadline, on_wait, told)
            if _is_at(fd, path):
                break
            # A failed first ingest removed its new workspace, this lock file with it, while
            # we waited (open_to_write): the lock is the one the folder holds now, if any.
            os.close(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}: {what}".encode(), 0)
        self._fd = fd

    def _open_lock_file(self, path: Path, create: bool) -> int:
        """The lock file, opened (made with its folder under `create`, again if a failed first
        ingest removed them between the two steps)."""
        while True:
            if create:
                self.made_folder = _made_folder(self.folder) or self.made_folder
            elif not self.folder.is_dir():
                raise self._missing()
            try:
                return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except FileNotFoundError:
                if not create:
                    raise self._missing() from None
            except OSError as exc:
                raise WorkspaceError(
                    f"cannot open the workspace's write lock {path}: {exc}"
                ) from exc

    def _missing(self) -> WorkspaceError:
        return WorkspaceError(f"no workspace at {self.folder}: run `shadowtrade ingest` or"
                              " `shadowtrade demo` first, or pass --workspace DIR")  # fmt: skip


def _made_folder(folder: Path) -> bool:
    """Make the workspace folder; whether it was made here (not there already)."""
    try:
        folder.mkdir(parents=True)
    except FileExistsError:
        return False
    return True


def _flock_waiting(fd: int, path: Path, deadline: float | None,
                   on_wait: Callable[[str], None] | None, told: bool) -> bool:  # fmt: skip
    """The lock file's exclusive flock, waited for until `deadline` (said once through
    `on_wait`); whether the wait was said."""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return told
        except BlockingIOError:
            if deadline is not None and time.monotonic() > deadline:
                os.close(fd)
                raise WriterBusy(f"another process ({_holder(path)}) is writing to the"
                                 " workspace; try again shortly") from None  # fmt: skip
            if on_wait is not None and not told:
                on_wait(f"waiting for another writer ({_holder(path)}) …")
                told = True
            time.sleep(0.05)


def _is_at(fd: int, path: Path) -> bool:
    """Whether the open lock file is still the one at `path` (not removed or replaced)."""
    try:
        there = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (there.st_dev, there.st_ino) == (mine.st_dev, mine.st_ino)


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip() or "a process"
    except OSError:
        return "a process"


_writers: dict[Path, WorkspaceWriter] = {}
_registry = threading.Lock()


def writer_for(folder: str | Path) -> WorkspaceWriter:
    """This process's writer of a workspace folder (one per folder)."""
    key = Path(folder).resolve()
    with _registry:
        if key not in _writers:
            _writers[key] = WorkspaceWriter(key)
        return _writers[key]


def writing(ws: Workspace, work: Callable[[], T], what: str = "a write") -> T:
    """`work()` as the workspace's one writer, conflicts retried."""
    return writer_for(ws.path).run(work, what)


# --- the server's advertisement, for CLI writes while it runs -------------------------------


@dataclass(frozen=True)
class ServerInfo:
    url: str
    pid: int
    secret: str


def new_secret() -> str:
    """The secret a running server advertises to local CLI processes, which show it back to
    write through the server."""
    return secrets.token_urlsafe(32)


@contextmanager
def advertise(folder: str | Path, url: str, secret: str) -> Iterator[None]:
    """While inside, `<folder>/server.json` tells CLI processes where the server is."""
    path = Path(folder) / SERVER_FILE
    tmp = path.with_name(f".{SERVER_FILE}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"url": url, "pid": os.getpid(), "secret": secret}, f)
    os.replace(tmp, path)
    try:
        yield
    finally:
        info = served_by(folder)
        if info is not None and info.pid == os.getpid():
            path.unlink(missing_ok=True)


def served_by(folder: str | Path) -> ServerInfo | None:
    """The live server advertised in the workspace folder, if any."""
    path = Path(folder) / SERVER_FILE
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        info = ServerInfo(str(d["url"]), int(d["pid"]), str(d["secret"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(info.pid, 0)
    except ProcessLookupError:
        return None  # a server killed without cleaning up
    except PermissionError:
        pass  # alive, another user's
    return info


class Served(WorkspaceError):
    """The workspace is held by a running `shadowtrade serve` (its address in `info`)."""

    def __init__(self, info: ServerInfo) -> None:
        super().__init__(
            f"the workspace is open in `shadowtrade serve` at {info.url} (pid {info.pid}):"
            " use the web app or the API, or stop the server"
        )
        self.info = info


def open_waiting(folder: str | Path, *, read_only: bool = False,
                 on_wait: Callable[[str], None] | None = None,
                 wait_s: float | None = None, create: bool = False) -> Workspace:  # fmt: skip
    """Open an existing workspace (`create`: or a new one), waiting (at most `wait_s`, None: as
    long as it takes) while another process has the DuckDB file open; `Served` when that
    process is an advertised server (it keeps the file while it runs)."""
    from shadowtrade.workspace import open_workspace

    told = False
    deadline = None if wait_s is None else time.monotonic() + wait_s
    while True:
        info = served_by(folder)
        if info is not None and info.pid != os.getpid():
            raise Served(info)
        try:
            return open_workspace(folder, read_only=read_only, create=create and not read_only)
        except WorkspaceError as exc:
            if "lock" not in str(exc).lower():
                raise
            if deadline is not None and time.monotonic() > deadline:
                raise
            if on_wait is not None and not told:
                on_wait("waiting for another process to close the workspace …")
                told = True
            time.sleep(0.2)


@contextmanager
def open_to_write(folder: str | Path, what: str, on_wait: Callable[[str], None] | None = None,
                  *, create: bool = False) -> Iterator[Workspace]:  # fmt: skip
    """The workspace opened read-write as its one writer, closed and released on exit: the one
    way a command opens a workspace to write. Another writer (`write.lock`) or another process
    holding the DuckDB file is waited for, and said through `on_wait`, never DuckDB's "Could
    not set lock". While another process holds the DuckDB file, `write.lock` is let go: that
    process (a demo, a fetch, a notebook with the file open) may need the writer lock to finish
    and close the file, and would wait for us as we wait for it.

    `create`: a first ingest makes the folder and the workspace. A workspace this call made is
    removed again when the block fails having committed no import, before the writer lock is
    let go (`remove_new_workspace`): a failed ingest leaves the folder as it was, and no other
    writer can have opened the workspace in between."""
    from shadowtrade.workspace import DB_FILE, remove_new_workspace

    writer = writer_for(folder)
    told = made_folder = False
    while True:
        with writer.hold(what, on_wait=on_wait, create=create):
            made_folder = made_folder or writer.made_folder
            new = create and not (Path(folder) / DB_FILE).exists()
            try:
                ws = open_waiting(folder, create=create, wait_s=0.0)
            except WorkspaceError as exc:
                if "lock" not in str(exc).lower():
                    raise
            else:
                failed = True
                try:
                    yield ws
                    failed = False
                except BaseException as exc:
                    failed = getattr(exc, "exit_code", 1) != 0  # typer.Exit(0) is no failure
                    raise
                finally:
                    if new and failed:
                        remove_new_workspace(ws, with_folder=made_folder, say=on_wait)
                    else:
                        ws.close()
                return
        if on_wait is not None and not told:
            on_wait("waiting for another process to close the workspace …")
            told = True
        time.sleep(0.2)
