"""A fetch as a list of requests, each within the service's limits, and the protocol a service
client follows (plan the requests, make one, say where the answer lands)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from shadowtrade.errors import InputError
from shadowtrade.fetch.limits import Limit
from shadowtrade.fetch.query import FetchQuery


@dataclass(frozen=True)
class Request:
    """One call to the service: its 1-based number in the plan and the parameters it sends
    (the key is never among them)."""

    index: int
    params: tuple[tuple[str, str], ...]

    def param(self, name: str) -> list[str]:
        return [v for k, v in self.params if k == name]

    def show(self) -> str:
        """'period=202101,…,202112&reporterCode=51,417': the query string, commas left readable
        (the service receives them percent-encoded)."""
        return "&".join(f"{k}={v}" for k, v in self.params)


class ServiceClient(Protocol):
    """What the runner needs from a service."""

    source: str  # 'comtrade' | 'comext': also the `ingest --format` of the written file
    service: str  # the endpoint, recorded with the import
    pause: Limit  # seconds between two requests

    def plan(self, query: FetchQuery) -> list[Request]: ...

    def call(self, request: Request) -> pd.DataFrame:
        """The answer's rows in the layout written to the fetched file (all strings), or an
        empty frame; raises ServiceError or ThrottledAnswer."""
        ...

    def limits(self) -> list[Limit]: ...


def groups(values: Sequence[str], size: int) -> list[list[str]]:
    """['a','b','c'], 2 → [['a','b'], ['c']]."""
    return [list(values[i : i + size]) for i in range(0, len(values), size)]


def group_sizes(
    dims: dict[str, tuple[int, bool]], cap: int, *, why: str
) -> tuple[dict[str, int], int]:
    """How many values of each dimension one request may carry so that one period stays under
    `cap` records: dims maps name → (count or bound, splittable). The largest splittable group is
    halved until it fits; returns the group sizes and the records one period can reach."""
    sizes = {k: n for k, (n, _) in dims.items()}
    while (per := math.prod(sizes.values())) > cap:
        can = [k for k, (_, split) in dims.items() if split and sizes[k] > 1]
        if not can:
            raise InputError(
                f"this query cannot be split into requests of at most {cap:,} records"
                f" (one period alone can hold {per:,}): {why}"
            )
        k = max(can, key=lambda name: sizes[name])
        sizes[k] = math.ceil(sizes[k] / 2)
    return sizes, per
