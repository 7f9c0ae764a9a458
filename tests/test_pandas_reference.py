"""The benchmark's pandas notebook version of mirror_gap finds exactly the detector's alerts."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

import shadowtrade
from shadowtrade.detect import mirror_gap
from shadowtrade.synth import write_world

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import pandas_reference


def test_same_alerts_on_a_small_world(tmp_path: Path) -> None:
    info = write_world("mixed", tmp_path / "w", seed=3)
    ws = shadowtrade.open(tmp_path / "ws")
    ws.ingest(info.trade_file)
    p = mirror_gap.DETECTOR.params()
    ours = mirror_gap.candidates(ws, p).to_pandas()
    theirs = pandas_reference.mirror_gap(pandas_reference.load_flows(ws.raw), p)
    ws.close()
    keys = ["exporter", "importer", "code", "direction", "first"]
    ours = ours.assign(first=pd.to_datetime(ours["first"]))
    both = ours[[*keys, "score"]].merge(
        theirs[[*keys, "score"]], on=keys, how="outer", indicator=True
    )
    assert len(ours) > 50
    assert (both["_merge"] == "both").all()
    assert both["score_x"].to_numpy() == pytest.approx(both["score_y"].to_numpy(), abs=1e-9)
