"""How a fetch can end early.

    ShadowtradeError
     ├── InputError (ValueError)
     │    └── ServiceError        the service refused or failed (4xx/5xx, an error body, a bad
     │                            key, an unreadable answer): exit 2 with the service's message
     └── FetchStopped             throttled past the retries, or out of quota: exit 3; the
                                  completed requests are saved and the same command resumes

`ThrottledAnswer` is internal: one 429 / quota answer, which the runner retries or turns into
`FetchStopped`.
"""

from __future__ import annotations

from shadowtrade.errors import InputError, ShadowtradeError


class ServiceError(InputError):
    """The service answered with an error; the message is the service's own."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class FetchStopped(ShadowtradeError):
    """The fetch stopped cleanly before its end; running the same command again continues."""


class ThrottledAnswer(Exception):
    """One throttling answer: 'Rate limit is exceeded' (retry after a wait) or an exhausted
    quota (retrying today is pointless)."""

    def __init__(self, message: str, *, retry_after: float | None, quota: bool) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        self.quota = quota
