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
from shadowtrade.detect.catalog import all_detectors
from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.scanning import run_scan
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


def _pairs(df: pd.DataFrame) -> set[tuple[tuple[str, str], tuple[str, str]]]:
    """Every pair of (party, country) records put in one cluster."""
    out = set()
    for _, g in df.groupby("cluster_id"):
        recs = sorted(zip(g["party"], g["country"], strict=True))
        out |= {(a, b) for i, a in enumerate(recs) for b in recs[i + 1 :]}
    return out


def test_entity_resolution_runs_on_spark(both: tuple[pd.DataFrame, pd.DataFrame, Path]) -> None:
    """splink's Spark backend: with the same model the same companies as on DuckDB; trained on
    each engine (u from random pairs, which each engine samples its own way), nearly the same."""
    from shadowtrade.entities.resolution import party_records, resolve
    from shadowtrade.spark import spark_session

    _, _, ws_path = both
    ws = shadowtrade.open(ws_path, read_only=True)
    try:
        records = party_records(ws)
        written = ws.raw.execute("SELECT party, country, cluster_id FROM party_clusters").df()
    finally:
        ws.close()
    assert len(records) > 300 and len(written) == len(records)
    duck, _ = resolve(records, train=False)
    spark, _ = resolve(records, train=False, spark=spark_session())
    assert _pairs(duck) == _pairs(spark) and len(_pairs(duck)) > 20
    trained, _ = resolve(records)  # DuckDB, trained as the Spark scan's was
    a, b = _pairs(trained), _pairs(written)
    assert 2 * len(a & b) / (len(a) + len(b)) >= 0.8, (len(a), len(b), len(a & b))
