"""The benchmark's pandas notebook versions of mirror_gap and transshipment find exactly the
detectors' candidates, with the same scores, on a small world."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import shadowtrade
from shadowtrade.detect import mirror_gap, transshipment
from shadowtrade.synth import write_world
from shadowtrade.workspace import Workspace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import pandas_reference


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, pd.DataFrame]]:
    tmp = tmp_path_factory.mktemp("pandas")
    info = write_world("mixed", tmp / "w", seed=4)
    ws = shadowtrade.open(tmp / "ws")
    ws.ingest(info.trade_file)
    yield ws, pandas_reference.load_flows(ws.raw)
    ws.close()


def same(ours: pd.DataFrame, theirs: pd.DataFrame, keys: list[str]) -> None:
    both = ours[[*keys, "score"]].merge(
        theirs[[*keys, "score"]], on=keys, how="outer", indicator=True
    )
    assert (both["_merge"] == "both").all()
    assert both["score_x"].to_numpy() == pytest.approx(both["score_y"].to_numpy(), abs=1e-9)


def test_mirror_gap(world: tuple[Workspace, pd.DataFrame]) -> None:
    ws, flows = world
    p = mirror_gap.DETECTOR.params()
    ours = mirror_gap.candidates(ws, p).to_pandas()
    ours = ours.assign(first=pd.to_datetime(ours["first"]))
    assert len(ours) > 50
    same(
        ours,
        pandas_reference.mirror_gap(flows, p),
        ["exporter", "importer", "code", "direction", "first"],
    )


def test_transshipment(world: tuple[Workspace, pd.DataFrame]) -> None:
    ws, flows = world
    p = transshipment.DETECTOR.params()
    ours = transshipment.candidates(ws, p).to_pandas()
    ours = ours.assign(b2=ours["b2"].fillna(""), start=pd.to_datetime(ours["start"]))
    assert len(ours) >= 5 and ours["b2"].ne("").any()  # one and two intermediaries
    keys = ["a", "b1", "b2", "c", "h_in", "h_out", "start"]
    same(ours, pandas_reference.transshipment(flows, p), keys)
