"""Trade detectors at the HS level each reporter's data has (issue 17): an HS4-only world finds
its planted schemes, a mirror of HS6 against HS4 compares at HS4 with the exact sums, a flow
given at two levels counts once, and the scan says what it read and skipped."""

from __future__ import annotations

import json
import math
from pathlib import Path

import ibis
import pytest
from tests.test_detect_worlds import RECALL_FLOOR
from tests.trade_builder import Trade, months

import shadowtrade
from shadowtrade.detect import flows as fl
from shadowtrade.detect import levels as lv
from shadowtrade.detect.mirror_gap import _sides
from shadowtrade.scanning import describe_scan, run_scan
from shadowtrade.synth import write_world
from shadowtrade.synth.evaluate import evaluate, load_truth, matches
from shadowtrade.workspace import Workspace

TRADE = ("cross_code_mirror", "mirror_gap", "route_break", "transshipment", "unit_value")
ALL = months("2022-01", "2023-12")
Y2023 = months("2023-01", "2023-12")


def test_hs4_world_every_trade_detector_finds_its_planted_scheme(tmp_path: Path) -> None:
    info = write_world("mixed", tmp_path / "w", seed=1, level=4)
    codes = {line.split(",")[20].strip('"') for line in info.trade_file.open().readlines()[1:]}
    assert {len(c) for c in codes} == {4}  # every code cut to its heading
    truth = load_truth(info.truth_file)
    assert truth["hs_level"] == 4
    ws = shadowtrade.open(tmp_path / "ws")
    try:
        ws.ingest(info.trade_file)
        alerts = run_scan(ws)
        accounts = {a.detector: a for a in describe_scan(ws)}
    finally:
        ws.close()
    ev = evaluate(alerts, truth)
    for kind, (found, planted) in ev.recall.items():  # floors of issue 20: test_detect_worlds
        assert found >= RECALL_FLOOR.get(kind, 0.8) * planted, (kind, found, planted)
    high = alerts[alerts.score >= 0.5]
    for det in TRADE:
        mine = [a for a in high.itertuples() if a.detector == det]
        hits = [a for a in mine if any(matches(a, s) for s in truth["schemes"])]
        assert hits, f"{det} found no planted scheme at HS4"
        assert len(hits) >= 0.8 * len(mine), (det, len(hits), len(mine))
        assert all(len(a.hs_code) == 4 for a in mine if isinstance(a.hs_code, str))
        assert accounts[det].used[0].level == 4 and not accounts[det].skipped
    mg = next(a for a in high.itertuples() if a.detector == "mirror_gap")
    assert f"(at HS4 ({mg.hs_code}), the level" in mg.summary
    assert json.loads(mg.evidence)["hs_level"] == 4


@pytest.fixture
def mixed_levels(ws: Workspace, tmp_path: Path) -> Workspace:
    t = Trade()
    # Matched trade that teaches the code's norm (CIF 6 % over FOB), at HS4 on both sides.
    for exporter in ("FRA", "ITA", "POL", "ESP"):
        t.both(exporter, "ARM", "8703", ALL, 100_000)
    # DEU reports six digits, ARM (HS4 only) the heading: in 2023 DEU exports 60 k + 40 k a
    # month of two subheadings; ARM records 10 k a month of them.
    t.series("Export", "DEU", "ARM", "870321", Y2023, 60_000)
    t.series("Export", "DEU", "ARM", "870322", Y2023, 40_000)
    t.series("Import", "ARM", "DEU", "8703", Y2023, 10_000)
    # DEU's six-digit trade with a six-digit partner stays at six digits.
    t.both("DEU", "GEO", "870321", ALL, 50_000)
    return t.write(ws, tmp_path / "mixed.csv")


def test_mirror_of_hs6_against_hs4_compares_at_hs4_with_the_exact_sums(
    mixed_levels: Workspace,
) -> None:
    alerts = run_scan(mixed_levels, ["mirror_gap"])
    assert [(a.origin, a.destination, a.hs_code) for a in alerts.itertuples()] == [
        ("DEU", "ARM", "8703")
    ]
    a = alerts.iloc[0]
    # Ordinary goods 0.7 × gap share (1 − 0.12 / 1.272) × size (0.6 + 0.4 × log10(gap / 250 k)
    # / 2), the gap in the exporter's terms: 1.2 M − 0.12 M / 1.06 = 1.087 M.
    share = 1 - 120_000 / 1_272_000
    gap = 12 * (100_000 - 10_000 / 1.06)
    assert a.score == pytest.approx(0.7 * share * (0.6 + 0.4 * math.log10(gap / 250e3) / 2))
    ev = json.loads(a.evidence)
    # DEU's 60 k + 40 k a month summed to HS4 against ARM's 10 k a month; the heading's norm
    # (learnt from the matched pairs) is CIF 6 % over FOB.
    assert ev["direction"] == "phantom"
    assert ev["exporter_reported_usd"] == 12 * 100_000
    assert ev["importer_reported_usd"] == 12 * 10_000
    assert ev["expected_import_to_export_ratio"] == pytest.approx(1.06, abs=1e-3)
    assert ev["gap_usd"] == pytest.approx(gap, rel=1e-3)
    assert ev["exporter_series"]["2023-01"] == 100_000 and len(ev["exporter_series"]) == 12
    assert ev["hs_level"] == 4
    assert ev["reported_levels"] == {"DEU export": 6, "ARM import": 4}
    assert "(at HS4 (8703), the level ARM reports (DEU's finer codes summed to HS4))" in a.summary
    # Where both sides report six digits, the comparison stays at six digits.
    with mixed_levels.sharing():
        _, x, _ = _sides(mixed_levels)
        got = x.group_by("exporter", "importer", "code").agg(v=x.value.sum()).to_pandas()
    sums = {(r.exporter, r.importer, r.code): r.v for r in got.itertuples()}
    assert sums[("DEU", "ARM", "8703")] == 12 * 100_000
    assert sums[("DEU", "GEO", "870321")] == 24 * 50_000
    assert not any(c == "870321" and i == "ARM" for _, i, c in sums)


def test_a_flow_given_at_two_levels_counts_once(ws: Workspace, tmp_path: Path) -> None:
    six = Trade().series("Export", "KAZ", "RUS", "870321", ["202301"], 60_000)
    six.series("Export", "KAZ", "RUS", "870322", ["202301"], 40_000)
    six.series("Export", "KAZ", "RUS", "850440", ["202301"], 7_000)
    six.write(ws, tmp_path / "six.csv")
    # A second file of the same reporter at HS4 (and a chapter row): the same flow again.
    four = Trade().series("Export", "KAZ", "RUS", "8703", ["202301"], 100_000)
    four.series("Export", "KAZ", "RUS", "27", ["202301"], 5_000)
    four.write(ws, tmp_path / "four.csv")
    with ws.sharing():
        assert not lv.all_hs6(ws)
        got = fl.monthly_flows(ws).to_pandas()
        accounts = {a.detector: a for a in describe_scan(ws)}
    values = dict(zip(got["code"].astype(str), got["value"], strict=True))
    # 8703 once (100 k: not 100 k + 60 k + 40 k); 85 still at six digits; 27 a chapter.
    assert values == {"8703": 100_000, "850440": 7_000, "27": 5_000}
    tr = accounts["transshipment"]
    assert [(p.level, p.rows) for p in tr.used] == [(6, 3), (4, 1)]
    assert [(p.level, p.rows) for p in tr.skipped] == [(2, 1)]
    assert "a chapter mixes headings" in tr.sentence()
    assert tr.mixed_reporters == ["KAZ"]
    assert accounts["route_break"].coarse_reporters == {2: ["KAZ"], 4: ["KAZ"]}
    assert "skipped" not in accounts["route_break"].sentence()


def test_coarse_codes_take_their_weight_from_the_listed_children(ws: Workspace) -> None:
    codes = ibis.memtable({"code": ["93", "9306", "8542", "7326", "8703"]})
    got = fl.code_weight(ws, codes).to_pandas().set_index("code")
    assert got.loc["9306", "category"] == "ammunition" and got.loc["9306", "weight"] == 1.0
    # Every heading of chapter 93 is listed: the chapter is controlled.
    assert got.loc["93", "category"] == "ammunition" and got.loc["93", "weight"] == 1.0
    # 8542 holds four CHPL tier-1 circuits among other goods: halfway to ordinary goods.
    assert got.loc["8542", "category"] == "contains_chpl"
    assert got.loc["8542", "weight"] == pytest.approx((0.9 + 0.7) / 2)
    assert got.loc["8542", "listed_within"] == "854231,854232,854233,854239"
    assert got.loc["7326", "category"] == "cover"  # 732690 is a cover code of 9306
    assert got.loc["8703", "category"] == "ordinary" and got.loc["8703", "weight"] == 0.7


def test_a_code_on_two_lists_weighs_once(ws: Workspace) -> None:
    """880730 (drone parts) and 901310 (telescopic sights) are on the control list and on the
    CHPL: one row each, at the weightiest listing. Two rows joined every finding on them twice
    (mirror_gap wrote one alert twice on a simulated world)."""
    codes = ibis.memtable({"code": ["880730", "901310", "880730"]})
    got = fl.code_weight(ws, codes).to_pandas()
    assert sorted(got["code"]) == ["880730", "901310"]
    w = got.set_index("code")
    # (880730's listed weight 0.6 is taken up to ordinary goods' 0.7: a listing never weighs
    # less than no listing, `flows.listed_weight`.)
    assert w.loc["880730", "weight"] == 0.7 and w.loc["880730", "category"] == "chpl"
    assert w.loc["901310", "weight"] == 1.0 and w.loc["901310", "category"] == "optics_sights"
