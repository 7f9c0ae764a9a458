"""cross_code_mirror on hand-built tables with hand-computed answers, and on seed-case."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import shadowtrade
from shadowtrade.scanning import run_scan
from shadowtrade.synth import write_world
from shadowtrade.workspace import Workspace

HEADER = "period,trade_flow,reporter_iso,partner_iso,commodity_code,trade_value_usd,netweight_kg\n"
MONTHS = [f"2023{m:02d}" for m in range(1, 7)]
SERIES = [100_000, 200_000, 150_000, 300_000, 250_000, 120_000]


def lines(flow: str, rep: str, par: str, code: str, scale: float = 1.0, lag: int = 0) -> str:
    out = []
    for i, v in enumerate(SERIES):
        month = f"2023{i + 1 + lag:02d}"
        out.append(f"{month},{flow},{rep},{par},{code},{v * scale:.0f},{v / 20:.0f}\n")
    return "".join(out)


@pytest.fixture
def tiny(ws: Workspace, tmp_path: Path) -> Workspace:
    text = HEADER
    # A: SRB declares steel articles, CZE records ammunition; neither reports the other: alert.
    text += lines("Export", "SRB", "CZE", "732690") + lines("Import", "CZE", "SRB", "930690", 1.06)
    # B: the exporter also reports the ammunition exports: matched, no alert.
    text += lines("Export", "BGR", "ROU", "732690") + lines("Import", "ROU", "BGR", "930690", 1.06)
    text += lines("Export", "BGR", "ROU", "930690", 1.0)
    # C: the importer records the steel imports (a CIF/FOB gap only): no alert.
    text += lines("Export", "POL", "HUN", "732690") + lines("Import", "HUN", "POL", "732690", 1.06)
    text += lines("Import", "HUN", "POL", "930690", 1.06)
    # D: like A, but the importer books every shipment one month late: still an alert.
    text += lines("Export", "SRB", "SVK", "761699") + lines(
        "Import", "SVK", "SRB", "930690", 1.06, lag=1
    )
    f = tmp_path / "tiny.csv"
    f.write_text(text)
    r = ws.ingest(f)
    assert r.quarantined == 0
    return ws


@pytest.mark.spark_pass
def test_hand_built_cases(tiny: Workspace) -> None:
    alerts = run_scan(tiny, ["cross_code_mirror"])
    got = {(a.origin, a.destination, a.hs_code, a.declared_hs_code): a for a in alerts.itertuples()}
    assert set(got) == {("SRB", "CZE", "9306", "732690"), ("SRB", "SVK", "9306", "761699")}
    a = got[("SRB", "CZE", "9306", "732690")]
    ev = json.loads(a.evidence)
    # Hand computation: exports 1.12 M USD, imports 1.06 × that; ratio 1/1.06 = 0.943 against
    # the expected 0.94; the two series move together exactly (correlation 1).
    assert ev["cover_exports_usd"] == 1_120_000
    assert ev["controlled_imports_usd"] == pytest.approx(1_187_200)
    assert ev["value_ratio_cover_to_controlled"] == pytest.approx(0.943, abs=1e-3)
    assert ev["monthly_correlation"] == pytest.approx(1.0)
    assert a.score == pytest.approx(1 - abs(math.log(0.9434 / 0.94)) / math.log(2), abs=0.01)
    assert a.period_start.isoformat() == "2023-01-01" and a.period_end.isoformat() == "2023-06-01"
    assert "CZE recorded 1.2 M USD of HS 9306 imports from SRB over 6 months" in a.summary
    lagged = got[("SRB", "SVK", "9306", "761699")]
    assert 0.5 < lagged.score < a.score  # the lag lowers the monthly correlation, not the sums


def test_alerts_are_stored_and_stable(tiny: Workspace) -> None:
    first = run_scan(tiny, ["cross_code_mirror"])
    again = run_scan(tiny, ["cross_code_mirror"])
    assert list(first["alert_id"]) == list(again["alert_id"])
    n = tiny.raw.execute("SELECT count(*) FROM alerts").fetchone()
    assert n == (2,)


def test_seed_case_top_alerts_name_the_pipeline(tmp_path: Path) -> None:
    info = write_world("seed-case", tmp_path / "w", seed=1)
    ws = shadowtrade.open(tmp_path / "ws")
    ws.ingest(info.trade_file)
    alerts = run_scan(ws, ["cross_code_mirror"])
    ws.close()
    top = {
        (a.origin, a.destination, a.hs_code, a.declared_hs_code)
        for a in alerts[alerts.score >= 0.5].itertuples()
    }
    assert top == {("SRB", "CZE", "9306", "732690"), ("SRB", "BGR", "9306", "848790")}


def test_baseline_world_gives_no_alerts(tmp_path: Path) -> None:
    info = write_world("baseline", tmp_path / "w", seed=1)
    ws = shadowtrade.open(tmp_path / "ws")
    ws.ingest(info.trade_file)
    alerts = run_scan(ws, ["cross_code_mirror"])
    ws.close()
    assert (alerts["score"] >= 0.5).sum() == 0


def test_runs_on_real_samples(ws: Workspace) -> None:
    from tests.conftest import DATA, SHARED

    ws.ingest(SHARED / "eurostat-russia-neighbours/eurostat_relational_all.csv")
    ws.ingest(DATA / "comtrade_plus_sample.csv")
    ws.ingest(DATA / "BACI_HS22_Y2022_V202401_sample.csv")
    alerts = run_scan(ws)
    assert list(alerts.columns) == [
        "alert_id",
        "detector",
        "score",
        "origin",
        "via",
        "destination",
        "hs_code",
        "declared_hs_code",
        "period_start",
        "period_end",
        "entity",
        "shipment_id",
        "summary",
        "evidence",
    ]
    assert not (alerts.detector == "cross_code_mirror").any()  # no cover-code series here
    # Well-formed: scores in [0, 1], unique ids, one sentence, strict JSON evidence, dates.
    assert alerts.score.between(0, 1).all()
    assert alerts.alert_id.is_unique
    assert alerts.summary.str.len().gt(20).all()
    assert all(isinstance(json.loads(e), dict) for e in alerts.evidence)
    assert (alerts.period_start <= alerts.period_end).all()
    assert set(alerts.detector) <= {
        "cross_code_mirror",
        "mirror_gap",
        "route_break",
        "transshipment",
        "unit_value",
    }
    assert (alerts.detector == "route_break").sum() > 20  # the Eurostat 2022 jumps


def test_a_flat_series_has_no_correlation_and_no_free_score(ws: Workspace, tmp_path: Path) -> None:
    """The importer records the same ammunition value every month: the correlation of the two
    unmatched series is undefined (NaN). It counts as none: a 98-fold value gap gives no alert
    (it scored 1.0), and agreeing values score on their agreement alone (0.6 × span)."""
    text = HEADER
    flat = "".join(f"{m},Import,CHN,DEU,930690,100000,5000\n" for m in MONTHS)
    text += lines("Export", "DEU", "CHN", "732690", 50.0) + flat
    same = "".join(f"{m},Import,CZE,SRB,930690,185000,9000\n" for m in MONTHS)
    text += lines("Export", "SRB", "CZE", "732690", 1.0) + same
    f = tmp_path / "flat.csv"
    f.write_text(text)
    ws.ingest(f)
    alerts = run_scan(ws, ["cross_code_mirror"])
    got = {(a.origin, a.destination): a for a in alerts.itertuples()}
    assert ("DEU", "CHN") not in got
    srb = got[("SRB", "CZE")]
    ev = json.loads(srb.evidence)
    ratio = sum(SERIES) / (6 * 185_000)
    agreement = 1 - abs(math.log(ratio / 0.94)) / math.log(2)
    assert ev["value_ratio_cover_to_controlled"] == pytest.approx(ratio, abs=1e-3)
    assert srb.score == pytest.approx(agreement * 0.6 * 1.0, abs=1e-6)
    # The evidence names the three factors; their product is the score.
    fs = {f["name"]: f for f in ev["score_factors"]}
    assert ev["scoring_version"] == "cross_code_mirror/2"
    assert fs["values_agree"]["value"] == pytest.approx(agreement, abs=1e-4)
    assert fs["move_together"]["value"] == 0.6
    assert "no month-by-month correlation" in fs["move_together"]["sentence"]
    assert fs["span"]["value"] == 1.0 and fs["span"]["sentence"].startswith("6 months")


def test_a_cover_the_reference_does_not_pair_must_move_as_one_flow(
    ws: Workspace, tmp_path: Path
) -> None:
    """A listed item the importer records (853690, a CHPL item) that the exporter reports under
    a civilian code the reference pairs with nothing (850440), month by month the same flow:
    an alert, its code pair said to be unlisted and counted `unlisted_cover_weight` (0.8). A
    route whose two unmatched series agree in total but not month by month is no flow seen
    twice: no alert (the pair trades many codes; one may match the total by chance)."""
    text = HEADER
    text += lines("Export", "SVN", "NOR", "850440") + lines("Import", "NOR", "SVN", "853690", 1.06)
    shuffled = [SERIES[i] for i in (3, 0, 5, 1, 4, 2)]
    text += "".join(
        f"{m},Export,ITA,CHN,854370,{v},{v / 20:.0f}\n"
        for m, v in zip(MONTHS, shuffled, strict=True)
    )
    text += lines("Import", "CHN", "ITA", "854110", 1.06)
    f = tmp_path / "unlisted.csv"
    f.write_text(text)
    ws.ingest(f)
    alerts = run_scan(ws, ["cross_code_mirror"])
    got = {(a.origin, a.destination, a.hs_code, a.declared_hs_code): a for a in alerts.itertuples()}
    assert set(got) == {("SVN", "NOR", "853690", "850440")}
    a = got[("SVN", "NOR", "853690", "850440")]
    ev = json.loads(a.evidence)
    agreement = 1 - abs(math.log((1 / 1.06) / 0.94)) / math.log(2)
    assert ev["cover_in_reference"] is False
    assert ev["months_in_common"] == 6
    assert a.score == pytest.approx(agreement * 1.0 * 1.0 * 0.8, abs=1e-3)
    fs = {f["name"]: f for f in ev["score_factors"]}
    assert fs["cover_in_reference"]["value"] == 0.8
    assert "no cover the reference pairs" in fs["cover_in_reference"]["sentence"]
    assert fs["move_together"]["value"] == pytest.approx(1.0)
    # with the weight at 0 only the reference's pairs are read
    off = run_scan(ws, ["cross_code_mirror"], ["cross_code_mirror.unlisted_cover_weight=0"])
    assert off.empty


def test_an_unlisted_pair_must_beat_chance(ws: Workspace, tmp_path: Path) -> None:
    """Five months that correlate at 0.99 (Fisher's z x sqrt(5 - 3) = 3.7) are what a route's
    many one-sided series give by chance: under `unlisted_chance_z` (4.5), no alert; with the bar
    at 0, the same pair is read (0.8 of its agreement)."""
    text = HEADER
    x = [100_000, 200_000, 150_000, 300_000, 250_000]
    y = [125_000, 190_000, 160_000, 300_000, 240_000]
    for i, (a, b) in enumerate(zip(x, y, strict=True)):
        text += f"2023{i + 1:02d},Export,BEL,CHN,860691,{a},{a / 20:.0f}\n"
        text += f"2023{i + 1:02d},Import,CHN,BEL,901310,{b * 1.06:.0f},{b / 20:.0f}\n"
    f = tmp_path / "chance.csv"
    f.write_text(text)
    ws.ingest(f)
    assert run_scan(ws, ["cross_code_mirror"]).empty
    loose = run_scan(ws, ["cross_code_mirror"], ["cross_code_mirror.unlisted_chance_z=0"])
    assert len(loose) == 1
    ev = json.loads(loose.iloc[0].evidence)
    assert ev["correlation_chance_z"] == pytest.approx(3.72, abs=0.01)
    assert ev["monthly_correlation"] == pytest.approx(0.99, abs=0.005)
