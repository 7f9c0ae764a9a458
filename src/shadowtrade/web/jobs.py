"""Long work (ingest, scan) in the background, with a job resource to poll."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from shadowtrade.errors import ShadowtradeError
from shadowtrade.web.messages import failure_words

log = logging.getLogger("shadowtrade.web.jobs")


@dataclass
class Job:
    job_id: str
    kind: str
    user: str
    state: str = "queued"  # queued | running | done | failed
    stage: str = ""
    progress: float = 0.0  # percent
    created_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    finished_at: datetime | None = None
    result: dict[str, Any] | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Jobs:
    """Jobs run one at a time in a worker thread (DuckDB takes one writer at a time anyway)."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._writer = threading.Lock()

    def submit(self, kind: str, user: str, work: Callable[[Job], dict[str, Any]]) -> Job:
        job = Job(job_id=uuid.uuid4().hex[:12], kind=kind, user=user)
        with self._lock:
            self._jobs[job.job_id] = job

        def run() -> None:
            with self._writer:
                job.state = "running"
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
                    job.finished_at = datetime.now().replace(microsecond=0)

        threading.Thread(target=run, name=f"job-{job.job_id}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: j.created_at, reverse=True)
