"""unit_value on a hand-built market: one code, many ordinary routes, two odd ones."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from shadowtrade.scanning import run_scan, scan_workspace
from shadowtrade.workspace import Workspace

HEADER = "period,trade_flow,reporter_iso,partner_iso,commodity_code,trade_value_usd,netweight_kg\n"
PARTNERS = ["DEU", "FRA", "ITA", "ESP", "POL", "AUT", "NLD", "BEL", "SWE", "CZE", "HUN", "ROU"]


def route(rep: str, par: str, code: str, usd_per_kg: float, months: int = 6, start: int = 1) -> str:
    kg = 50_000.0
    return "".join(
        f"2023{m:02d},Export,{rep},{par},{code},{usd_per_kg * kg * (1 + 0.02 * m):.0f},{kg:.0f}\n"
        for m in range(start, start + months)
    )


# Log offsets of twelve ordinary steel-article routes around 4 USD/kg: a robust spread of
# about 0.45 (0.55 with SRB's routes), so that 9306's price (21 USD/kg before drift) sits
# between 3.25 and 3.5 SDs above the code's other routes.
SPREAD = [-0.8, -0.6, -0.4, -0.3, -0.2, -0.1, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8]


def _wide_market(
    ws: Workspace, tmp_path: Path, odd_start: int, odd_price: float = 21.0
) -> Workspace:
    text = HEADER
    for i, par in enumerate(PARTNERS):
        text += route("CHN", par, "732690", 4.0 * math.exp(SPREAD[i]))
        text += route("USA", par, "930690", 15.0 + 0.6 * i)
    text += route("SRB", "DEU", "732690", 4.0, months=12)
    # Steel articles at 21 USD/kg (25 with the drift of 2023-07…12): ammunition's price.
    text += route("SRB", "BGR", "732690", odd_price, start=odd_start)
    f = tmp_path / "w.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    return ws


def test_new_cover_route_at_the_controlled_price_needs_less_distance(
    ws: Workspace, tmp_path: Path
) -> None:
    """unit_value/3: 3.25–3.5 robust SDs above its code is under z_min_cover (3.5), but the
    route is new and priced within one SD of 9306's own median: z_min_cover_new (3.25)
    applies. (unit_value/4: the norm is the 13 other routes, the route itself left out.)"""
    _wide_market(ws, tmp_path, odd_start=7)
    alerts = run_scan(ws, ["unit_value"])
    assert len(alerts) == 1
    a = alerts.iloc[0]
    assert (a.origin, a.destination, a.hs_code, a.declared_hs_code) == (
        "SRB", "BGR", "9306", "732690",
    )  # fmt: skip
    ev = json.loads(a.evidence)
    z = ev["robust_z"]
    assert 3.25 <= z < 3.5
    assert (ev["code_routes"], ev["norm_routes"]) == (14, 13)
    fs = {f["name"]: f for f in ev["score_factors"]}
    assert fs["price_is_odd"]["weight"] == 3.25
    assert "needs 3.25, one as old as the data 3.5" in fs["price_is_odd"]["sentence"]
    assert fs["priced_like_controlled_goods"]["value"] == 1.0
    # 0.55 at 3.25, three z-units more give 1.
    assert a.score == pytest.approx(0.55 + (z - 3.25) / 3.0 * 0.45, abs=2e-3)
    # Without the new threshold the same route is not flagged: this is what catches it.
    assert run_scan(ws, ["unit_value"], ["unit_value.z_min_cover_new=3.5"]).empty


def test_standing_cover_route_at_the_controlled_price_keeps_the_old_threshold(
    ws: Workspace, tmp_path: Path
) -> None:
    """The same route from the data's first month: its price is no change, and z < 3.5."""
    _wide_market(ws, tmp_path, odd_start=1)
    assert run_scan(ws, ["unit_value"]).empty


def _market(ws: Workspace, tmp_path: Path, odd_start: int) -> Workspace:
    text = HEADER
    # Ordinary steel-article routes at 3–5 USD/kg, and ammunition routes at 15–22 USD/kg.
    for i, par in enumerate(PARTNERS):
        text += route("CHN", par, "732690", 3.0 + 0.2 * i)
        text += route("USA", par, "930690", 15.0 + 0.6 * i)
    # SRB's own ordinary steel exports run all year: its data begins in 2023-01.
    text += route("SRB", "DEU", "732690", 4.0, months=12)
    # Steel articles at 19 USD/kg: priced like ammunition.
    text += route("SRB", "BGR", "732690", 19.0, start=odd_start)
    # A short-lived odd route (two months) is not enough.
    text += route("SRB", "HRV", "732690", 25.0, months=2)
    f = tmp_path / "m.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    return ws


@pytest.fixture
def market(ws: Workspace, tmp_path: Path) -> Workspace:
    """The odd route begins in 2023-07, six months after SRB's data: a new route."""
    return _market(ws, tmp_path, odd_start=7)


def test_cover_route_as_old_as_the_data_stays_below_half(ws: Workspace, tmp_path: Path) -> None:
    """The same odd route from the data's first month: its price may be what it always was
    (the ordinary spread of route prices), so it keeps 0.65 of its score (0.66 → 0.43)."""
    alerts = run_scan(_market(ws, tmp_path, odd_start=1), ["unit_value"])
    assert len(alerts) == 1
    a = alerts.iloc[0]
    ev = json.loads(a.evidence)
    fs = {f["name"]: f for f in ev["score_factors"]}
    assert fs["route_is_new"]["value"] == 0.65
    assert "as old as the data (2023-01" in fs["route_is_new"]["sentence"]
    assert a.score == pytest.approx(fs["price_is_odd"]["value"] * 0.65, abs=1e-3)
    assert 0.3 < a.score < 0.5


@pytest.mark.spark_pass
def test_cover_route_priced_like_controlled_goods(market: Workspace) -> None:
    alerts = run_scan(market, ["unit_value"])
    assert len(alerts) == 1
    a = alerts.iloc[0]
    assert (a.origin, a.destination, a.hs_code, a.declared_hs_code) == (
        "SRB",
        "BGR",
        "9306",
        "732690",
    )
    ev = json.loads(a.evidence)
    assert ev["nearest_controlled_heading"] == "9306"
    assert 21.5 < ev["unit_value_usd_per_kg"] < 23.5  # 19 USD/kg with 2023-07…12 drift
    assert ev["code_median_usd_per_kg"] == pytest.approx(4.2, rel=0.1)
    assert a.score >= 0.5
    assert a.summary.startswith("SRB reported exports of HS 732690 to BGR at ")
    assert "the price range of HS 9306" in a.summary
    fs = {f["name"]: f for f in ev["score_factors"]}
    assert ev["scoring_version"] == "unit_value/14"
    assert fs["route_is_new"]["value"] == 1.0
    assert fs["route_is_new"]["sentence"] == "first seen in 2023-07, after the data began (2023-01)"
    assert fs["priced_like_controlled_goods"]["value"] == 1.0
    assert a.score == pytest.approx(fs["price_is_odd"]["value"], abs=1e-3)


@pytest.mark.spark_pass
def test_ordinary_spread_does_not_alert(ws: Workspace, tmp_path: Path) -> None:
    text = HEADER + "".join(
        route("CHN", par, "732690", 2.0 + 0.5 * i) for i, par in enumerate(PARTNERS)
    )
    f = tmp_path / "o.csv"
    f.write_text(text)
    ws.ingest(f)
    assert run_scan(ws, ["unit_value"]).empty


# It passed on Spark when written (2026-12-05); the filter is the one every mirror detector's
# tests run on Spark (`flows.between_countries`), so it runs on DuckDB only, for CI's time.
def test_a_flow_with_areas_nes_is_no_route_and_no_part_of_a_norm(
    ws: Workspace, tmp_path: Path
) -> None:
    """Two flows at 100 times the code's price: ITA's to SRB is an outlier; ITA's to 'Areas,
    nes' (XNS: undisclosed partners pooled, as reporters book confidential arms trade) is no
    route, so its value per kg is nobody's price and it raises nothing. Before, both alerted
    (the outside world A3_s0's ITA imports of 360690 from 'Areas, nes' at 632.5 USD per kg,
    one month of 4.16 M USD booked with 314 kg, scored 0.68). What was left out is said: the
    route, its value (400 USD/kg x 50 t x 1.02..1.12 over six months) and the partner."""
    text = HEADER + "".join(
        route("CHN", par, "732690", 2.0 + 0.5 * i) for i, par in enumerate(PARTNERS)
    )
    text += route("ITA", "SRB", "732690", 400.0) + route("ITA", "XNS", "732690", 400.0)
    f = tmp_path / "o.csv"
    f.write_text(text)
    ws.ingest(f)
    res = scan_workspace(ws, ["unit_value"])
    assert sorted(res.alerts.destination) == ["SRB"]
    (said,) = [i for i in res.inputs if i.detector == "unit_value"]
    assert said.remarks == [
        "left out 1 weighed route (128.4 M USD) booked with a partner or reporter that is no"
        " country (Areas, nes: 1): a pool of undisclosed partners has no route price and is no"
        " part of a code's norm"
    ]
    assert said.remarks[0] in said.sentence()
    assert scan_workspace(ws, ["unit_value"]).inputs[0].remarks == said.remarks  # said again


def test_thin_code_norm_leaves_out_the_schemes_own_routes(ws: Workspace, tmp_path: Path) -> None:
    """A thin steel-article code (the dev worlds' 732619): ten ordinary routes at 2.5–6.6
    USD/kg (log 0.92–1.89), and two schemes' covers at ammunition's price, each recorded by
    both sides (four routes at about 19 USD/kg). Over all fourteen routes the median is
    log 1.5 and the spread 0.68 (the dev world's figures), which puts the covers about 2 robust
    SDs above the code: nothing. unit_value/4 learns the norm from the ten ordinary routes (each
    cover route's own pair and the other scheme's routes left out): the covers sit 5 SDs above
    it. Leaving out only the route's own pair is not enough: the other scheme's two routes
    still widen the norm (3.3 SDs)."""
    logs = [0.92, 0.98, 1.04, 1.05, 1.11, 1.17, 1.49, 1.53, 1.84, 1.89]
    text = HEADER
    for i, lg in enumerate(logs):
        text += route("CHN", PARTNERS[i], "732619", math.exp(lg), months=12)
    for i, par in enumerate(PARTNERS):
        text += route("USA", par, "930690", 15.0 + 0.6 * i, months=12)
    # Two schemes from 2023-07, each side reporting its half (exports and the mirror imports).
    for a, b in (("SRB", "BGR"), ("MKD", "EGY")):
        text += route(a, b, "732619", 17.0, start=7)
        text += route(a, "DEU", "851712", 3.0, months=12)  # their data begins in 2023-01
        text += "".join(
            f"2023{m:02d},Import,{b},{a},732619,{17.0 * 50_000 * (1 + 0.02 * m):.0f},50000\n"
            for m in range(7, 13)
        )
        # The importers' chapter-73 imports (another code) begin with the year too.
        text += "".join(
            f"2023{m:02d},Import,{b},DEU,730890,{3.0 * 50_000:.0f},50000\n" for m in range(1, 13)
        )
    f = tmp_path / "t.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    alerts = run_scan(ws, ["unit_value"])
    got = sorted((a.origin, a.destination, a.hs_code) for a in alerts.itertuples())
    # Both sides of both schemes, named as ammunition.
    assert got == [("MKD", "EGY", "9306")] * 2 + [("SRB", "BGR", "9306")] * 2
    for a in alerts.itertuples():
        ev = json.loads(a.evidence)
        # 14 routes of the code; the norm is the ten ordinary ones, the four cover routes
        # left out.
        assert (ev["code_routes"], ev["norm_routes"]) == (14, 10)
        assert ev["robust_z"] == pytest.approx(4.99, abs=0.01)
        assert a.score >= 0.8
    # The pair left out, but not the other scheme's routes (no route is odd enough):
    # (unit_value/9 off: against the ten standing routes the covers are far above too.)
    pair_only = [
        "unit_value.odd_z=99",
        "unit_value.odd_z_cover=99",
        "unit_value.standing_min_routes=99",
    ]
    for a in run_scan(ws, ["unit_value"], pair_only).itertuples():
        ev = json.loads(a.evidence)
        assert (ev["code_routes"], ev["norm_routes"]) == (14, 12)
        assert ev["robust_z"] == pytest.approx(3.28, abs=0.01)
        assert a.score < 0.6


def test_covers_half_of_a_code_are_left_out_by_the_lower_half_spread(
    ws: Workspace, tmp_path: Path
) -> None:
    """unit_value/6: a steel-article code whose routes are half covers (the dev 4.6 M-row
    world's 732690: 33 of 53 routes at ammunition's price). Ten ordinary routes at log 0.9–1.8
    (about 2.5–6 USD/kg; 1.02–1.92 with the 2023 drift) and four schemes' covers recorded by
    both sides (eight routes at 17 USD/kg from 2023-07: log 3.01 with the drift). Over all 18
    routes the median is 1.87 and the MAD-based spread 1.19: the covers sit 0.96 SDs above the
    code, never `odd_z_cover` (1.5) off, and would stay in the norm. Measured in the spread of
    the routes at or below the median (0.67), they are 1.70 SDs above it and left out: the
    norm is the ten ordinary routes (median 1.47, spread 0.37), and the covers sit 4.14 robust
    SDs above them."""
    logs = [0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8]
    text = HEADER
    for i, lg in enumerate(logs):
        text += route("CHN", PARTNERS[i], "732690", math.exp(lg), months=12)
    for i, par in enumerate(PARTNERS):
        text += route("USA", par, "930690", 15.0 + 0.6 * i, months=12)
    for a, b in (("SRB", "BGR"), ("MKD", "EGY"), ("BIH", "JOR"), ("MNE", "PAK")):
        text += route(a, b, "732690", 17.0, start=7)
        text += route(a, "DEU", "851712", 3.0, months=12)  # their data begins in 2023-01
        text += "".join(
            f"2023{m:02d},Import,{b},{a},732690,{17.0 * 50_000 * (1 + 0.02 * m):.0f},50000\n"
            for m in range(7, 13)
        )
        text += "".join(
            f"2023{m:02d},Import,{b},DEU,730890,{3.0 * 50_000:.0f},50000\n" for m in range(1, 13)
        )
    f = tmp_path / "h.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    # unit_value/10's rule on both records off (it scores these higher, below).
    alerts = run_scan(ws, ["unit_value"], ["unit_value.both_sides_min_ratio=99"])
    got = sorted((a.origin, a.destination, a.hs_code) for a in alerts.itertuples())
    schemes = [("BIH", "JOR"), ("MKD", "EGY"), ("MNE", "PAK"), ("SRB", "BGR")]
    assert got == sorted([(a, b, "9306") for a, b in schemes] * 2)
    for a in alerts.itertuples():
        ev = json.loads(a.evidence)
        assert (ev["code_routes"], ev["norm_routes"]) == (18, 10)
        assert ev["robust_z"] == pytest.approx(4.14, abs=0.01)
        assert ev["scoring_version"] == "unit_value/14"
        # New, within one SD of 9306's median: 0.55 at z_min_cover_new (3.25), +0.45 per 3.
        assert a.score == pytest.approx(0.55 + (4.14 - 3.25) / 3 * 0.45, abs=2e-3)
    # Both records of each cover agree, at about four times the ten standing routes: the
    # price factor is read from them where that scores higher.
    both = run_scan(ws, ["unit_value"])
    assert len(both) == 8 and (both.score > 0.6835 + 0.1).all()
    assert all(json.loads(e)["both_records_priced_like_controlled"] for e in both.evidence)
    # Without leaving them out (no cover route is odd), the covers are the code's norm (and
    # unit_value/9 off: against the ten standing routes they are far above too).
    off = ["unit_value.odd_z_cover=99", "unit_value.standing_min_routes=99"]
    assert run_scan(ws, ["unit_value"], off).empty


def test_standing_cover_route_priced_like_controlled_goods_in_some_months(
    ws: Workspace, tmp_path: Path
) -> None:
    """unit_value/7: SRB has exported steel articles (732690) to BGR at 4 USD/kg every month of
    2022–2023; in five months of 2023 at 20 USD/kg, ammunition's price (USA's 930690 routes:
    median 19.6 USD/kg). Over the 24 months the route's price is ordinary for its code; month by
    month five months sit ln(20 / 4) / 0.35 = 4.6 robust SDs (the floor: its other months do not
    vary) above the route's own usual price: score (4.6 - 3) / 3 × 0.45 + 0.55 = 0.79. The same
    months at 8 USD/kg (twice its price, nowhere near 9306's) and a route with ten months of
    history (too short to know its usual price) give nothing."""
    text = HEADER
    for i, par in enumerate(PARTNERS):
        text += route("USA", par, "930690", 15.0 + 0.6 * i)
    up = {"202303", "202305", "202306", "202309", "202311"}
    kg = 50_000.0
    for y in (2022, 2023):
        for m in range(1, 13):
            p = f"{y}{m:02d}"
            for par, dear in (("BGR", 20.0), ("ROU", 8.0)):
                price = dear if p in up else 4.0
                text += f"{p},Export,SRB,{par},732690,{price * kg:.0f},{kg:.0f}\n"
            if y == 2023 and m >= 3:  # ten months only
                price = 20.0 if p in up else 4.0
                text += f"{p},Export,SRB,HUN,732690,{price * kg:.0f},{kg:.0f}\n"
    f = tmp_path / "shift.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    alerts = run_scan(ws, ["unit_value"])
    shifts = alerts[alerts.summary.str.contains("usual month")]
    assert list(zip(shifts.origin, shifts.destination, strict=True)) == [("SRB", "BGR")]
    a = shifts.iloc[0]
    assert (a.hs_code, a.declared_hs_code) == ("9306", "732690")
    assert str(a.period_start) == "2023-03-01" and str(a.period_end) == "2023-11-01"
    ev = json.loads(a.evidence)
    assert ev["months_priced_like_controlled"] == 5 and ev["route_months"] == 24
    assert ev["route_median_usd_per_kg"] == pytest.approx(4.0, rel=1e-3)
    assert ev["unit_value_usd_per_kg"] == pytest.approx(20.0, rel=1e-3)
    z = math.log(20.0 / 4.0) / 0.35
    assert ev["robust_z"] == pytest.approx(z, abs=0.01)
    assert a.score == pytest.approx((z - 3.0) / 3.0 * 0.45 + 0.55, abs=1e-3)
    assert [f["name"] for f in ev["score_factors"]] == ["price_rose_to_controlled_goods"]
    assert ev["scoring_version"] == "unit_value/14"


def test_cover_route_unlike_its_exporters_other_destinations_keeps_its_score(
    ws: Workspace, tmp_path: Path
) -> None:
    """unit_value/8: SRB's new steel-article route to BGR at 21 USD/kg, 3.25-4 robust SDs
    above its code. SRB sells the same code to DEU and AUT at 4 USD/kg, the code's own price:
    the route is as unlike its exporter's other destinations as it is unlike the code
    (agreement 1), so the factor is 1 and the evidence gives their price. BGR imports the code
    from no one else: that side says nothing."""
    _wide_market(ws, tmp_path, odd_start=7)
    f = tmp_path / "aut.csv"
    f.write_text(HEADER + route("SRB", "AUT", "732690", 4.0, months=12))
    assert ws.ingest(f).quarantined == 0
    alerts = run_scan(ws, ["unit_value"])
    assert len(alerts) == 1
    a = alerts.iloc[0]
    assert (a.origin, a.destination, a.hs_code) == ("SRB", "BGR", "9306")
    ev = json.loads(a.evidence)
    z = ev["robust_z"]
    assert 3.25 <= z < 4.0
    assert ev["exporter_other_destinations"] == 2
    # 4 USD/kg with 2023-01…12 drift (1 + 0.02 m: 1.13 over the year).
    assert ev["exporter_other_median_usd_per_kg"] == pytest.approx(4.0 * 1.13, abs=0.01)
    assert ev["importer_other_origins"] == 0
    assert ev["importer_other_median_usd_per_kg"] is None
    fs = {f["name"]: f for f in ev["score_factors"]}
    peer = fs["unlike_its_traders_other_prices"]
    assert peer["value"] == 1.0 and peer["weight"] == 0.5
    assert peer["sentence"].startswith("its exporter's to other destinations 4.5 USD/kg (2):")
    assert "100% of its distance from the code" in peer["sentence"]
    assert a.score == pytest.approx(0.55 + (z - 3.25) / 3.0 * 0.45, abs=2e-3)


def test_route_priced_like_its_exporters_other_destinations_is_its_level(
    ws: Workspace, tmp_path: Path
) -> None:
    """unit_value/8: JPN's steel articles are dear everywhere (22 USD/kg to ROU, PRT and GRC
    since 2023-01: its product mix). Its new route to KOR at the same price sits far above the
    code, within 9306's range, and would score over 0.5; but it is priced as JPN's other
    destinations are (agreement 0): JPN's standing price level explains it, and it keeps
    1 - peer_weight (0.5) of its score."""
    _wide_market(ws, tmp_path, odd_start=1)
    text = HEADER
    for par in ("ROU", "PRT", "GRC"):
        text += route("JPN", par, "732690", 22.0, months=12)
    text += route("JPN", "KOR", "732690", 22.0, start=7)
    f = tmp_path / "jpn.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    alerts = run_scan(ws, ["unit_value"])
    kor = alerts[alerts.destination == "KOR"]
    assert len(kor) == 1
    a = kor.iloc[0]
    ev = json.loads(a.evidence)
    assert ev["exporter_other_destinations"] == 3
    fs = {f["name"]: f for f in ev["score_factors"]}
    peer = fs["unlike_its_traders_other_prices"]
    assert peer["value"] == pytest.approx(0.5, abs=0.02)
    assert a.score < 0.5
    alone = run_scan(ws, ["unit_value"], ["unit_value.peer_weight=0"])
    alone = alone[alone.destination == "KOR"]
    assert alone.iloc[0].score >= 0.5
    assert a.score == pytest.approx(alone.iloc[0].score * peer["value"], abs=2e-3)


def test_new_routes_that_are_much_of_a_thin_code_are_read_against_its_standing_routes(
    ws: Workspace, tmp_path: Path
) -> None:
    """unit_value/9: 732690 has three routes as old as the data (3, 4 and 5 USD/kg) and three
    new ones from 2023-07 at ammunition's price (18 USD/kg, 21 with the drift). Half of the
    code's routes, the new ones set its median and spread: about 0.7 robust SDs above, no
    alert before. Against the standing routes (median 4 USD/kg; three routes have a price but
    no spread, so the floor: min_sigma, as no code here has five standing routes of its own
    spread above it) each sits 4 or more SDs above: flagged, the evidence says so."""
    text = HEADER
    for i, par in enumerate(PARTNERS):
        text += route("USA", par, "930690", 15.0 + 0.6 * i)
    for par, price in (("DEU", 3.0), ("FRA", 4.0), ("ITA", 5.0)):
        text += route("CHN", par, "732690", price, months=12)
    for exp, imp in (("SRB", "AUT"), ("BIH", "HUN"), ("MKD", "ROU")):
        # The exporter's chapter 73 is in the files from 2023-01: its cover route is new.
        text += route(exp, "DEU", "730890", 1.5, months=12)
        text += route(exp, imp, "732690", 18.0, months=6, start=7)
    f = tmp_path / "thin.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    alerts = run_scan(ws, ["unit_value"])
    got = {(a.origin, a.destination): a for a in alerts.itertuples()}
    assert set(got) == {("SRB", "AUT"), ("BIH", "HUN"), ("MKD", "ROU")}
    for a in got.values():
        assert (a.hs_code, a.declared_hs_code) == ("9306", "732690")
        ev = json.loads(a.evidence)
        assert ev["standing_routes"] == 3
        assert ev["standing_routes_median_usd_per_kg"] == pytest.approx(
            4.0 * (1 + 0.02 * 6.5), rel=0.01
        )
        z = math.log(ev["unit_value_usd_per_kg"] / ev["standing_routes_median_usd_per_kg"]) / 0.35
        assert ev["robust_z_against_standing_routes"] == pytest.approx(z, abs=0.02)
        assert ev["robust_z"] == ev["robust_z_against_standing_routes"]
        assert z > 4.0
        # The code's median over all its routes sits between the two prices.
        assert 5.0 < ev["code_median_usd_per_kg"] < 18.0
        fs = {f["name"]: f for f in ev["score_factors"]}
        assert "3 routes as old as the data" in fs["price_is_odd"]["sentence"]
        assert a.score == pytest.approx(min(1.0, 0.55 + (z - 3.25) / 3.0 * 0.45), abs=5e-3)
        assert a.score >= 0.5
    # unit_value/9 off: the new routes are the code's norm, and nothing is flagged.
    assert run_scan(ws, ["unit_value"], ["unit_value.standing_min_routes=99"]).empty


def imports(rep: str, par: str, code: str, usd_per_kg: float, months: int, start: int) -> str:
    """The importer's record of a flow (`route` writes the exporter's)."""
    return route(rep, par, code, usd_per_kg, months, start).replace(",Export,", ",Import,")


def _both_records_market(
    ws: Workspace,
    tmp_path: Path,
    *,
    importer_records: bool = True,
    months: int = 6,
    price: float = 14.0,
    ammunition: float = 15.0,
) -> Workspace:
    """Twelve standing steel-article flows around 4 USD/kg (robust spread about 0.5 in log),
    ammunition at 15–22 USD/kg, and SRB → BGR steel articles at 14 USD/kg from 2023-07: about
    3.6 times the standing flows' median and 2.4 robust SDs above them, under the 3.25 a new
    cover route needs alone. SRB's files begin with that flow (2023-07); BGR's, which record
    imports from DEU all year, begin in 2023-01."""
    text = HEADER
    for i, par in enumerate(PARTNERS):
        text += route("CHN", par, "732690", 4.0 * math.exp(SPREAD[i]), months=12)
        text += route("USA", par, "930690", ammunition + 0.6 * i)
    text += imports("BGR", "DEU", "732690", 4.0, months=12, start=1)
    text += route("SRB", "BGR", "732690", price, months=months, start=7)
    if importer_records:
        text += imports("BGR", "SRB", "732690", price + 1.0, months=months, start=7)
    f = tmp_path / "b.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    return ws


def test_new_flow_both_records_price_like_the_controlled_goods(
    ws: Workspace, tmp_path: Path
) -> None:
    """unit_value/10: both records of the new flow, six months each, at 3 times the standing
    flows' median or more and 2 robust SDs above them: each is flagged, 0.55 at 2 SDs. SRB's
    own files begin with the flow, BGR's in 2023-01: the flow is dated from both records."""
    alerts = run_scan(_both_records_market(ws, tmp_path), ["unit_value"])
    assert sorted(zip(alerts.origin, alerts.destination, alerts.hs_code, strict=True)) == [
        ("SRB", "BGR", "9306"), ("SRB", "BGR", "9306"),
    ]  # fmt: skip
    for a in alerts.itertuples():
        ev = json.loads(a.evidence)
        assert ev["both_records_priced_like_controlled"] is True
        assert ev["partner_record_months"] == 6
        fs = {f["name"]: f for f in ev["score_factors"]}
        assert fs["route_is_new"]["value"] == 1.0
        assert fs["route_is_new"]["sentence"].endswith("after the data began (2023-01)")
        odd = fs["price_is_odd"]
        assert odd["weight"] == 2.0
        assert odd["sentence"].startswith("both records of this new flow price it like HS 9306")
        z = float(odd["sentence"].split("the smaller distance ")[1].split(" robust")[0])
        assert 2.0 <= z < 3.25
        assert odd["value"] == pytest.approx(0.55 + (z - 2.0) / 3.0 * 0.45, abs=0.01)
        assert a.score >= 0.5
    # The same flow without the rule: under the 3.25 a new cover route needs alone.
    assert run_scan(ws, ["unit_value"], ["unit_value.both_sides_min_ratio=5"]).empty


def test_new_flow_both_records_price_far_from_the_controlled_goods(
    ws: Workspace, tmp_path: Path
) -> None:
    """unit_value/11: the same flow at 18 USD/kg where ammunition costs 60-67 USD/kg (more than
    two robust SDs from it): 4.5 times the standing flows' median, 3 robust SDs above them,
    under the 4 of a plain outlier. A cover hides more than the reference's example: both
    records are flagged under the cover code itself, without the closeness factor; at 3.6
    times (14 USD/kg) they are not (a price like no paired heading's needs 4 times)."""
    market = _both_records_market(ws, tmp_path, price=18.0, ammunition=60.0)
    alerts = run_scan(market, ["unit_value"])
    assert sorted(zip(alerts.origin, alerts.destination, alerts.hs_code, strict=True)) == [
        ("SRB", "BGR", "732690"), ("SRB", "BGR", "732690"),
    ]  # fmt: skip
    for a in alerts.itertuples():
        ev = json.loads(a.evidence)
        assert ev["both_records_far_from_controlled"] is True
        assert ev["both_records_priced_like_controlled"] is False
        assert a.declared_hs_code is None
        fs = {f["name"]: f for f in ev["score_factors"]}
        assert "priced_like_controlled_goods" not in fs
        odd = fs["price_is_odd"]
        assert "robust SDs from HS 9306's median" in odd["sentence"]
        assert "each record needs 4 times" in odd["sentence"]
        assert a.score >= 0.5
    assert run_scan(ws, ["unit_value"], ["unit_value.both_sides_far_min_ratio=5"]).empty


def test_new_flow_both_records_price_far_from_the_controlled_goods_needs_four_times(
    ws: Workspace, tmp_path: Path
) -> None:
    market = _both_records_market(ws, tmp_path, price=14.0, ammunition=60.0)
    assert run_scan(market, ["unit_value"]).empty


def _partner_reports_late_market(
    ws: Workspace, tmp_path: Path, *, partner_from: int, partner_records_from: int
) -> Workspace:
    """The flow of `_both_records_market` (SRB → BGR steel articles at 14 USD/kg, 2023-07…12),
    SRB's files from 2023-01 (its exports to DEU), BGR's from `partner_from` (its imports from
    DEU), BGR's record of the flow from `partner_records_from`."""
    text = HEADER
    for i, par in enumerate(PARTNERS):
        text += route("CHN", par, "732690", 4.0 * math.exp(SPREAD[i]), months=12)
        text += route("USA", par, "930690", 15.0 + 0.6 * i)
    text += route("SRB", "DEU", "732690", 4.0, months=12)
    text += imports("BGR", "DEU", "732690", 4.0, months=13 - partner_from, start=partner_from)
    text += route("SRB", "BGR", "732690", 14.0, months=6, start=7)
    n = 13 - partner_records_from
    text += imports("BGR", "SRB", "732690", 15.0, months=n, start=partner_records_from)
    f = tmp_path / "late.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    return ws


def test_a_partner_that_began_reporting_late_needs_only_its_months(
    ws: Workspace, tmp_path: Path
) -> None:
    """unit_value/12: missing is not zero. BGR's files begin in 2023-11, the fifth of the flow's
    six months; its record holds both of its months at the flow's price. The exporter's record
    is flagged as priced like the goods both records show (BGR's two months are too few to be a
    route of their own); BGR reporting all year with the same two months of the flow is not
    enough (it could have recorded six)."""
    market = _partner_reports_late_market(ws, tmp_path, partner_from=11, partner_records_from=11)
    alerts = run_scan(market, ["unit_value"])
    assert list(zip(alerts.origin, alerts.destination, alerts.hs_code, strict=True)) == [
        ("SRB", "BGR", "9306")
    ]
    ev = json.loads(alerts.evidence.iloc[0])
    assert ev["reporter"] == "SRB"
    assert ev["both_records_priced_like_controlled"] is True
    assert ev["partner_record_months"] == 2
    assert alerts.score.iloc[0] >= 0.5


def test_a_partner_that_reported_all_along_needs_six_months(ws: Workspace, tmp_path: Path) -> None:
    market = _partner_reports_late_market(ws, tmp_path, partner_from=1, partner_records_from=11)
    assert run_scan(market, ["unit_value"]).empty


def test_one_record_or_few_months_is_not_enough(ws: Workspace, tmp_path: Path) -> None:
    """The exporter's record alone (the other side may have booked another price, weight or
    code), or both records for only four months: no alert."""
    assert run_scan(
        _both_records_market(ws, tmp_path, importer_records=False), ["unit_value"]
    ).empty


def test_both_records_for_four_months_are_not_enough(ws: Workspace, tmp_path: Path) -> None:
    assert run_scan(_both_records_market(ws, tmp_path, months=4), ["unit_value"]).empty


def test_thin_code_spread_is_pooled_with_the_typical_spread(ws: Workspace, tmp_path: Path) -> None:
    """unit_value/10: tyres (401110) from 24 flows spread about 0.6 in log set the typical
    spread; twelve flows of 382499 sit close together (own spread under the 0.35 floor), and
    SRB's at e^1.5 times them is 4.3 floored SDs off: an alert on its own spread only. Pooled
    with the typical spread as 20 flows, the spread is about 0.5 and the flow under z_min 4."""
    text = HEADER
    for i, par in enumerate(PARTNERS):
        for exp in ("CHN", "USA"):
            shift = 0.05 if exp == "USA" else 0.0
            text += route(exp, par, "401110", 3.0 * math.exp(1.1 * SPREAD[i] + shift), months=12)
        text += route("CHN", par, "382499", 3.0 * math.exp(0.1 * SPREAD[i]), months=12)
    text += route("SRB", "DEU", "382499", 3.0 * math.exp(1.5), months=12)
    f = tmp_path / "p.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    assert run_scan(ws, ["unit_value"]).empty
    alerts = run_scan(ws, ["unit_value"], ["unit_value.spread_prior_flows=0"])
    assert list(alerts.declared_hs_code.fillna(alerts.hs_code)) == ["382499"]
    ev = json.loads(alerts.iloc[0].evidence)
    assert ev["code_flows"] == 12
    assert ev["code_own_spread_log"] < 0.35
    t = ev["typical_spread_log"]
    assert 0.5 < t < 0.8
    pooled = math.sqrt((12 * 0.35**2 + 20 * t**2) / 32)
    z_pooled = math.log(ev["unit_value_usd_per_kg"] / ev["code_median_usd_per_kg"]) / pooled
    assert ev["robust_z"] >= 4.0 > z_pooled


@pytest.mark.parametrize("start", [4, 2])
def test_a_regular_route_absent_from_the_first_months_is_new(
    ws: Workspace, tmp_path: Path, start: int
) -> None:
    """unit_value/13: the odd route begins in 2023-04 (three months after SRB's data) and runs
    in every one of its six months: a standing route that regular would have shown in 2023-01
    to 03 (chance 0 at its regularity), so it is new, not as old as the data. One month after
    the data's start (2023-02) is too soon to tell (`new_min_gap_months` 2): as old as it."""
    alerts = run_scan(_market(ws, tmp_path, odd_start=start), ["unit_value"])
    a = alerts[alerts.destination == "BGR"].iloc[0]
    fs = {f["name"]: f for f in json.loads(a.evidence)["score_factors"]}
    if start == 4:
        assert fs["route_is_new"]["value"] == 1.0
        assert fs["route_is_new"]["sentence"].startswith(
            "first seen in 2023-04, after the data began (2023-01), and ran in 100% of its months"
        )
        assert a.score >= 0.5
    else:
        assert fs["route_is_new"]["value"] == 0.65
        assert "as old as the data (2023-02" in fs["route_is_new"]["sentence"]


def test_a_route_booked_without_a_weight_in_its_first_months_is_as_old_as_them(
    ws: Workspace, tmp_path: Path
) -> None:
    """unit_value/14: SRB's odd route to BGR is booked from 2023-01, but with a weight only from
    2023-07 (outside world A32_s0: SGP's imports of 901780 from HKG, from the data's first month,
    weighed from 2021-07). A month booked without a weight is a month the route traded: it is
    as old as the data, and keeps 0.65 of its score, as the same route weighed from 2023-01
    does (the fixture `market`'s route, weighed and booked from 2023-07, is new: 1)."""
    _market(ws, tmp_path, odd_start=7)
    early = "".join(f"20230{m},Export,SRB,BGR,732690,{19.0 * 50_000:.0f},\n" for m in range(1, 7))
    f = tmp_path / "early.csv"
    f.write_text(HEADER + early)
    assert ws.ingest(f).quarantined == 0
    alerts = run_scan(ws, ["unit_value"])
    assert len(alerts) == 1
    a = alerts.iloc[0]
    ev = json.loads(a.evidence)
    assert 21.5 < ev["unit_value_usd_per_kg"] < 23.5  # the weighed months' price, as before
    fs = {f["name"]: f for f in ev["score_factors"]}
    assert fs["route_is_new"]["value"] == 0.65
    assert "as old as the data (2023-01; the files begin 2023-01)" in fs["route_is_new"]["sentence"]
    assert a.score == pytest.approx(fs["price_is_odd"]["value"] * 0.65, abs=1e-3)
    assert a.score < 0.5
