"""The same detectors on Spark (local mode) and on DuckDB give the same alerts on the same world:
ids, columns, scores and evidence, detector by detector (issue 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from tests.alert_compare import _close, _records
from typer.testing import CliRunner

import shadowtrade
from shadowtrade.cli import app
from shadowtrade.detect.alerts import run_scan
from shadowtrade.detect.registry import all_detectors
from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.synth import write_world
from shadowtrade.synth.consignments import write_consignments

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame, Path]:
    root = tmp_path_factory.mktemp("spark")
    info = write_world("seed-case", root / "w", seed=1, scale=0.3)
    shipments, _ = write_consignments(root / "s", seed=1, scale=0.15)
    ws = shadowtrade.open(root / "ws")
    ws.ingest(info.trade_file)
    ingest_shipments(ws, shipments)
    duck = run_scan(ws)
    ws.close()
    res = CliRunner().invoke(app, ["scan", "--engine", "spark", "-w", str(root / "ws")])
    assert res.exit_code == 0, res.output
    ws = shadowtrade.open(root / "ws", read_only=True)
    try:
        spark = ws.raw.execute("SELECT * FROM alerts").df()
    finally:
        ws.close()
    return duck, spark, root / "ws"


def test_every_detector_gives_the_same_alerts_on_both_engines(
    both: tuple[pd.DataFrame, pd.DataFrame, Path],
) -> None:
    duck, spark, _ = both
    assert len(duck) > 100  # the world raises alerts of every kind: the comparison has teeth
    kinds = {
        "mirror_gap",
        "transshipment",
        "cross_code_mirror",
        "unit_value",
        "route_break",
        "description_mismatch",
        "document_reuse",
        "route_mismatch",
        "consignment_anomaly",
    }
    assert set(duck["detector"]) >= kinds
    for det in all_detectors():
        d = _records(duck[duck["detector"] == det.name])
        s = _records(spark[spark["detector"] == det.name])
        assert d.keys() == s.keys(), det.name
        for alert_id, row in d.items():
            other = s[alert_id]
            for col, v in row.items():
                assert _close(v, other[col]), (det.name, alert_id, col, v, other[col])


def test_spark_scan_writes_the_tables_and_alerts_as_parquet(
    both: tuple[pd.DataFrame, pd.DataFrame, Path],
) -> None:
    _, spark, ws_path = both
    root = ws_path / "parquet"
    years = sorted(p.name for p in (root / "trade_flows").iterdir() if p.is_dir())
    assert years[0].startswith("year=") and len(years) >= 5
    chapters = {p.name for p in (root / "trade_flows" / years[-1]).iterdir()}
    assert "chapter=93" in chapters
    alerts = pd.read_parquet(root / "alerts")
    assert len(alerts) == len(spark) and set(alerts["alert_id"]) == set(spark["alert_id"])
    manifest = json.loads((root / "_manifest.json").read_text())
    assert {"trade_flows", "shipments", "alerts"} <= manifest.keys()
