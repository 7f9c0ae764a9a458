"""What this process has written to a workspace and what it is writing now, so that the one line
a Ctrl-C gets (cli.base) says truly whether a write was rolled back or had completed, and what it
wrote.

Every transaction (Workspace.transaction) is begun here and ended committed or rolled back. Its
COMMIT and the record of it are one step for Ctrl-C (`interrupts_held`): an interrupt arriving
between them is raised once both are done, so the record never lags the database.
"""

from __future__ import annotations

import signal
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

KEPT = 5  # the latest committed writes named in the message (a server commits many)


@dataclass
class Write:
    """One transaction: what it is for and, once its writer says so, what it wrote."""

    name: str = ""  # "ingest", "" when unnamed
    wrote: str = ""  # in words, set by the writer before it commits ("import 2 of x.csv: …")

    def words(self) -> str:
        if self.wrote:
            return self.wrote
        return f"a write ({self.name})" if self.name else "a write"


_lock = threading.Lock()
_open: list[Write] = []
_committed: deque[Write] = deque(maxlen=KEPT)
_stopped: list[Write] = []  # rolled back because of an interruption


def begun(name: str) -> Write:
    """A transaction opened: in progress until it is committed or rolled back."""
    write = Write(name)
    with _lock:
        _open.append(write)
    return write


def committed(write: Write) -> None:
    """`write`'s COMMIT returned: it is in the workspace."""
    with _lock:
        _open.remove(write)
        _committed.append(write)


def rolled_back(write: Write, because: BaseException | None) -> None:
    """`write` was not committed; an interruption among `because`'s causes makes it one the
    message names as rolled back (an error's rollback, a re-ingested file's, is not)."""
    with _lock:
        if write in _open:
            _open.remove(write)
        if because is not None and caused_by_interrupt(because):
            _stopped.append(write)


def caused_by_interrupt(exc: BaseException) -> bool:
    """Whether Ctrl-C is somewhere in the error's chain: DuckDB answers it inside a statement
    with its own InterruptException, which the readers may have wrapped as bad input."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, KeyboardInterrupt) or type(seen).__name__ == "InterruptException":
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def interrupted_line() -> str:
    """The one line a Ctrl-C gets: the write it stopped, rolled back (or still open when the
    process ends, which keeps nothing of it), or else the writes that completed before it."""
    with _lock:
        stopped = [*_stopped, *_open]
        done = "; ".join(w.words() for w in _committed)
    if stopped:
        names = ", ".join(sorted({w.name for w in stopped if w.name}))
        what = f"the write in progress ({names})" if names else "a write in progress"
        kept = f"; writes done before it are kept: {done}" if done else (
            "; writes already done are kept")  # fmt: skip
        return f"interrupted: {what} was rolled back{kept}"
    if done:
        return f"interrupted after the write completed (kept): {done}"
    return "interrupted: no write was in progress; writes already done are kept"


def forget() -> None:
    """Start afresh (tests running several commands in one process)."""
    with _lock:
        _open.clear()
        _committed.clear()
        _stopped.clear()


def interrupts_held() -> Callable[[], None]:
    """Hold Ctrl-C from now until the returned function is called, which raises it then if it
    came (through whatever handler is back in place). Only the main thread receives signals;
    elsewhere nothing is held."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.getsignal(signal.SIGINT)
    if previous is None:  # a handler not set from Python cannot be put back
        return lambda: None
    came: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, _frame: came.append(signum))

    def release() -> None:
        signal.signal(signal.SIGINT, previous)
        if came:
            signal.raise_signal(signal.SIGINT)

    return release
