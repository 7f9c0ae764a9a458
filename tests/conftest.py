from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import shadowtrade
from shadowtrade.workspace import Workspace

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    w = shadowtrade.open(tmp_path / "ws")
    yield w
    w.close()


def rows(ws: Workspace, sql: str) -> list[tuple[object, ...]]:
    return ws.raw.execute(sql).fetchall()
