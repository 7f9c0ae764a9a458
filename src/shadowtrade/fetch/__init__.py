"""`shadowtrade fetch`: UN Comtrade and Eurostat Comext straight into the workspace.

A query is split into requests within the service's published limits (`limits`), made one by
one with their answers saved in the workspace folder (`state`), and, once complete, written in
the service's published layout and ingested as one ordinary import (`run`).
"""

from __future__ import annotations

from shadowtrade.fetch.comext import ComextClient
from shadowtrade.fetch.comtrade import ComtradeClient
from shadowtrade.fetch.errors import FetchStopped, ServiceError
from shadowtrade.fetch.plan import Request, ServiceClient
from shadowtrade.fetch.query import FetchQuery, build_query
from shadowtrade.fetch.run import FetchResult, run_fetch

__all__ = [
    "ComextClient",
    "ComtradeClient",
    "FetchQuery",
    "FetchResult",
    "FetchStopped",
    "Request",
    "ServiceClient",
    "ServiceError",
    "build_query",
    "client_for",
    "run_fetch",
]


def client_for(source: str, key: str | None = None) -> ServiceClient:
    """The client of `source`; Comtrade uses `key` (None: the keyless preview)."""
    return ComtradeClient(key) if source == "comtrade" else ComextClient()
