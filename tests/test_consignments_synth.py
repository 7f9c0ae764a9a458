"""Simulated consignments: deterministic, truth consistent with the file, frauds found."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import shadowtrade
from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.scanning import run_scan
from shadowtrade.synth.consignments import FRAUD_KINDS, write_consignments
from shadowtrade.synth.evaluate import evaluate_shipments

SHIPMENT_DETECTORS = [
    "description_mismatch",
    "document_reuse",
    "route_mismatch",
    "consignment_anomaly",
]


def test_same_seed_same_bytes_and_truth_matches_file(tmp_path: Path) -> None:
    f1, t1 = write_consignments(tmp_path / "a", seed=2)
    f2, _ = write_consignments(tmp_path / "b", seed=2)
    assert f1.read_bytes() == f2.read_bytes()
    df = pd.read_csv(f1, dtype=str)
    truth = json.loads(t1.read_text(encoding="utf-8"))
    assert sorted({f["kind"] for f in truth["frauds"]}) == sorted(FRAUD_KINDS)
    ids = set(df["shipment_id"])
    assert df["shipment_id"].is_unique
    for f in truth["frauds"]:
        assert set(f["shipment_ids"]) <= ids
    # Legal forms in local script where the country writes Cyrillic, and the same firms in
    # their language's Latin transliteration on other consignments.
    assert df["exporter"].str.contains("ООО|ТОВ|ТОО|АО|ЕООД|д.о.о.").any()
    assert df["exporter"].str.contains(r"d\.o\.o\.|s\.r\.o\.|GmbH|EOOD|TOV").any()
    spellings = truth["firm_spellings"]
    assert {"RUS", "UKR", "BGR", "SRB"} <= {f["country"] for f in spellings}
    for f in spellings[:20]:
        local, latin = f["names"]
        assert not any("а" <= ch <= "я" for ch in latin.lower())
        assert (df["exporter"] == local).any() or (df["importer"] == local).any()
    both = [f for f in spellings if (df["exporter"] == f["names"][1]).any()]
    assert len(both) >= 10
    # Routed past the destination through countries no background consignment passes.
    background = df[df["shipment_id"].str.startswith("C")]["transit_countries"].dropna()
    used = {t for v in background for t in v.split(";")}
    past = [f for f in truth["frauds"] if f["kind"] == "route_past_destination"]
    assert len(past) == 5
    for f in past:
        route = f["extra"]["route"].split(";")
        assert (route[0], route[-1]) == (f["origin"], f["destination"])
        assert 1 <= len(route) - 2 <= 3 and not set(route[1:-1]) & used


def test_shipment_detectors_find_the_planted_frauds(tmp_path: Path) -> None:
    f, t = write_consignments(tmp_path / "w", seed=1)
    ws = shadowtrade.open(tmp_path / "ws")
    r = ingest_shipments(ws, f)
    assert r.quarantined == 0
    alerts = run_scan(ws, SHIPMENT_DETECTORS)
    ws.close()
    ev = evaluate_shipments(alerts, json.loads(t.read_text(encoding="utf-8")))
    assert r.quarantined == 0
    for kind in FRAUD_KINDS:
        found, planted = ev.recall[kind]
        assert found >= 0.9 * planted, (kind, found, planted)
    for det, (ok, n) in ev.precision.items():
        assert ok >= 0.8 * n, (det, ok, n)
    # Every alert says how it was scored: named factors whose product (capped at 1, or at the
    # score_cap it states) is its score, and the detector's scoring version.
    for a in alerts.itertuples():
        evidence = json.loads(a.evidence)
        factors = evidence["score_factors"]
        assert evidence["scoring_version"].startswith(f"{a.detector}/")
        assert factors and all(f["sentence"] for f in factors), a.alert_id
        prod = 1.0
        for f in factors:
            prod *= f["value"]
        cap = evidence.get("score_cap", 1.0)
        assert a.score == pytest.approx(min(cap, prod), abs=2e-3), (a.detector, a.summary)
