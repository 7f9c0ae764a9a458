"""Long work (ingest, scan) in the background, with a job resource to poll.

Each job's record (kind, user, file, state, stage, result, error, times) is kept in the
workspace's `jobs` table, so that the history outlives the server. Records are written as the
workspace's one writer, like every other write, by the job's own thread: when it is queued,
when it starts and when it ends (progress stays in memory). A job that was queued or running
when the server stopped is read back at the next start as `interrupted`, with what the
workspace holds of its work: an ingest's import may have committed, a scan's alerts and cases
may have been written, before the server stopped.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from shadowtrade.errors import ShadowtradeError
from shadowtrade.web.messages import failure_words

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

log = logging.getLogger("shadowtrade.web.jobs")

STATES = ("queued", "running", "done", "failed", "interrupted")
HISTORY = 1000  # the latest jobs read back at a start (older ones are read when asked for)
# The steps `scanning.scan_workspace` reports, in order: a scan's progress is the steps begun.
SCAN_STEPS = ("scanning", "resolving", "grouping")


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass
class Job:
    job_id: str
    kind: str
    user: str
    file: str | None = None  # the uploaded file's own name (an ingest)
    upload: str | None = None  # where the upload was saved, under the workspace (an ingest)
    state: str = "queued"  # queued | running | done | failed | interrupted
    stage: str = ""
    progress: float = 0.0  # percent
    # To the microsecond: jobs started in the same second keep their order (shown to the second).
    created_at: datetime = field(default_factory=datetime.now)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    result: dict[str, Any] | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def note(self) -> str | None:
        """What a person must know besides the state (a duplicate upload changed nothing)."""
        return str(self.result["note"]) if self.result and self.result.get("note") else None


_DETECTOR_STAGE = re.compile(r"\((\d+) of (\d+)\)")  # "mirror_gap (3 of 6) on DuckDB"


def scan_progress(stage: str) -> float | None:
    """A scan's progress from its stage: step k of 3 begun → 100·(k-1)/3 percent; inside the
    first step (scanning), detector i of n begun → 100/3·(i-1)/n. None for another stage."""
    for k, step in enumerate(SCAN_STEPS):
        if stage.startswith(step):
            return round(100.0 * k / len(SCAN_STEPS), 1)
    m = _DETECTOR_STAGE.search(stage)
    if m and 0 < int(m.group(1)) <= int(m.group(2)):
        return round(100.0 / len(SCAN_STEPS) * (int(m.group(1)) - 1) / int(m.group(2)), 1)
    return None


COLUMNS = ("job_id", "kind", "user", "file", "state", "stage", "progress", "created_at",
           "started_at", "finished_at", "result", "error", "upload")  # fmt: skip
_NAMES = ", ".join(f'"{c}"' for c in COLUMNS)  # "user" is an SQL keyword: every name quoted


class JobStore:
    """The workspace's `jobs` table. `connect` gives a workspace on a cursor of its own (closed
    after each use): a job's thread is not a request's."""

    def __init__(self, connect: Callable[[], Workspace]) -> None:
        self.connect = connect

    def save(self, job: Job, *, wait: float = math.inf) -> None:
        """Write the job's record, as the workspace's one writer (waiting at most `wait` s)."""
        from shadowtrade.writelock import writer_for

        d = job.as_dict()
        d["result"] = json.dumps(job.result, default=str) if job.result is not None else None
        ws = self.connect()
        try:
            what = f"recording job {job.job_id}"
            with writer_for(ws.path).hold(what, timeout=wait), ws.transaction():
                ws.raw.execute("DELETE FROM jobs WHERE job_id = ?", [job.job_id])
                ws.raw.execute(
                    f"INSERT INTO jobs ({_NAMES}) VALUES ({', '.join('?' for _ in COLUMNS)})",
                    [d[c] for c in COLUMNS],
                )
        finally:
            ws.close()

    def interrupted(self, job: Job) -> Job:
        """`interrupted(job)`, told by what the workspace holds of its work."""
        ws = self.connect()
        try:
            return interrupted(job, ws)
        finally:
            ws.close()

    def load(self, job_id: str | None = None, limit: int = HISTORY) -> list[Job]:
        """The latest `limit` jobs (or the one named), newest first."""
        ws = self.connect()
        try:
            if job_id is not None:
                rows = ws.raw.execute(f"SELECT {_NAMES} FROM jobs WHERE job_id = ?", [job_id])
            else:
                rows = ws.raw.execute(f"SELECT {_NAMES} FROM jobs ORDER BY created_at DESC,"
                                      f" job_id DESC LIMIT {int(limit)}")  # fmt: skip
            found = rows.fetchall()
        finally:
            ws.close()
        jobs = []
        for r in found:
            d = dict(zip(COLUMNS, r, strict=True))
            d["result"] = json.loads(d["result"]) if d["result"] else None
            d["progress"] = float(d["progress"] or 0.0)
            d["stage"] = d["stage"] or ""
            jobs.append(Job(**d))
        return jobs


def interrupted(job: Job, ws: Workspace) -> Job:
    """A job the server stopped during (read back queued or running), said in words with what
    the workspace holds of its work (`advice`), so that nothing is redone or left undone."""
    was = job.state
    job.state = "interrupted"
    job.error = f"the server stopped while this job was {was}; {advice(ws, job)}"
    return job


def advice(ws: Workspace, job: Job) -> str:
    """What the workspace holds of an interrupted job's work, and what to do. An ingest's
    import is recorded in `imports` with its file, in the transaction of its rows; a scan
    writes its alerts in one transaction, then its cases stamped with their time."""
    again = "upload the file again" if job.kind == "ingest" else "run it again"
    nothing = f"nothing was written: {again}"
    if job.started_at is None:  # still queued: never began
        return nothing
    if job.kind == "ingest":
        import_id = _import_of(ws, job)
        return f"its import was recorded (import {import_id}): nothing to redo" if import_id \
            else nothing  # fmt: skip
    if _scanned_since(ws, job.started_at):
        return "its alerts and cases were written: nothing to redo"
    from shadowtrade.cases.store import cases_up_to_date

    if not cases_up_to_date(ws):  # alerts written since the cases were built
        return "its alerts were written but not grouped into cases: run it again"
    return nothing


def _scanned_since(ws: Workspace, started: datetime) -> bool:
    """Whether a scan's last write, what it changed (`scan_changes`, even of no alert), or
    its cases are stamped at or after `started`."""
    from shadowtrade.scan_changes import read

    stamps = [str((read(ws) or {}).get("at") or "")]
    built = ws.raw.execute("SELECT max(built_at) FROM cases").fetchone()
    stamps.append(built[0].isoformat() if built and built[0] is not None else "")
    return any(at and datetime.fromisoformat(at) >= started for at in stamps)


def _import_of(ws: Workspace, job: Job) -> int | None:
    """The import an ingest job recorded: of its saved upload (wherever the workspace is now),
    or for a record made before uploads were kept with their job, of its file since it began."""
    if job.upload is not None:
        escaped = re.sub(r"([!%_])", r"!\1", job.upload.replace("\\", "/"))
        row = ws.raw.execute(
            "SELECT max(import_id) FROM imports WHERE replace(path, '\\', '/') LIKE ? ESCAPE '!'",
            ["%/" + escaped],
        ).fetchone()
    else:
        row = ws.raw.execute(
            "SELECT max(import_id) FROM imports WHERE file_name = ? AND started_at >= ?",
            [job.file, job.started_at],
        ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


class Jobs:
    """Jobs run one at a time in a worker thread (DuckDB takes one writer at a time anyway);
    with a `store`, their records are kept in the workspace and read back at a start."""

    def __init__(self, store: JobStore | None = None) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._writer = threading.Lock()
        self.store = store
        if store is not None:
            self._read_back(store)

    def _read_back(self, store: JobStore) -> None:
        """The history of earlier servers; their unfinished jobs marked interrupted (and that
        written back, if the writer is free within the server's usual wait)."""
        for job in reversed(store.load()):  # oldest first: the dict keeps the order made
            if job.state in ("queued", "running"):
                store.interrupted(job)
                try:
                    store.save(job, wait=30.0)
                except ShadowtradeError as exc:  # shown as interrupted anyway; written next start
                    log.warning("job %s: could not record it as interrupted: %s", job.job_id, exc)
            self._jobs[job.job_id] = job

    def _save(self, job: Job) -> None:
        if self.store is None:
            return
        try:
            self.store.save(job)
        except Exception:  # the job goes on; its record is written at its next change
            log.exception("job %s: its record could not be written", job.job_id)

    def submit(self, kind: str, user: str, work: Callable[[Job], dict[str, Any]], *,
               file: str | None = None, upload: str | None = None) -> Job:  # fmt: skip
        job = Job(job_id=uuid.uuid4().hex[:12], kind=kind, user=user, file=file, upload=upload)
        with self._lock:
            self._jobs[job.job_id] = job

        def run() -> None:
            self._save(job)  # queued (waits for the writer: an ingest holds it to its end)
            with self._writer:
                job.state, job.started_at = "running", _now()
                self._save(job)
                try:
                    job.result = work(job)
                    job.state, job.progress = "done", 100.0
                except Exception as exc:  # reported through the job resource, in words
                    job.state = "failed"
                    job.error = failure_words(exc)
                    if isinstance(exc, ShadowtradeError):  # the input's fault: said in words
                        log.info("job %s (%s by %s): %s", job.job_id, kind, user, exc)
                    else:  # ours: the traceback for the server's log only
                        log.exception("job %s (%s by %s) failed", job.job_id, kind, user)
                finally:
                    job.finished_at = _now()
                    self._save(job)

        threading.Thread(target=run, name=f"job-{job.job_id}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None and self.store is not None:  # older than the history read at the start
            found = self.store.load(job_id)
            job = self.store.interrupted(found[0]) if found and found[0].state in (
                "queued", "running") else (found[0] if found else None)  # fmt: skip
        return job

    def all(self) -> list[Job]:
        """Every job held, newest first (in the order they were made)."""
        with self._lock:
            return list(reversed(self._jobs.values()))
