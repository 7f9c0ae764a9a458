"""transshipment on hand-built legs: one and two intermediaries, and the look-alikes."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from tests.trade_builder import Trade, months

import shadowtrade
from shadowtrade.scanning import run_scan
from shadowtrade.workspace import Workspace

ALL = months("2021-01", "2023-12")
SHAPE = [1.0, 1.3, 0.8, 1.1, 0.7, 1.2, 0.9, 1.25, 0.85, 1.05, 0.75, 1.15]


def shaped(level: float, n: int) -> list[float]:
    return [level * SHAPE[i % 12] for i in range(n)]


@pytest.fixture
def legs(ws: Workspace, tmp_path: Path) -> Workspace:
    t = Trade()
    run = months("2022-07", "2023-12")
    # HUN imports ammunition from SRB from 2022-07 (only HUN reports it) and, two months later,
    # exports the same to UKR (only HUN reports it: UKR keeps arms imports confidential).
    t.series("Import", "HUN", "SRB", "930690", run, shaped(1_060_000, len(run)))
    onward = months("2022-09", "2024-02")
    t.series("Export", "HUN", "UKR", "930690", onward, shaped(950_000, len(onward)))
    # HUN's steady ammunition exports to POL: the baseline other destinations give.
    t.series("Export", "HUN", "POL", "930690", ALL, 300_000)
    # Every country reports every month (a month with no report is missing, not zero).
    for reporter in ("HUN", "ROU", "SVN", "AUT", "DEU"):
        t.series("Export", reporter, "ITA", "851712", ALL, 500_000)
        t.series("Import", reporter, "ITA", "851712", ALL, 530_000)
    # Two intermediaries: ROU → SVN → AUT → GEO, a month per hop, reported by exporters only.
    r2 = months("2022-04", "2023-09")
    t.series("Export", "ROU", "SVN", "930630", r2, shaped(800_000, len(r2)))
    r3 = months("2022-05", "2023-10")
    t.series("Export", "SVN", "AUT", "930630", r3, shaped(850_000, len(r3)))
    r4 = months("2022-07", "2023-12")
    t.series("Export", "AUT", "GEO", "930630", r4, shaped(900_000, len(r4)))
    # The intermediary's own growth: CZE's fuze imports from DEU jump, and so do its fuze
    # exports to every destination alike — nothing specific to one of them.
    grow = months("2022-07", "2023-12")
    t.series("Export", "DEU", "CZE", "360300", grow, shaped(1_000_000, len(grow)))
    for dest in ("POL", "AUT", "SVK", "HUN"):
        t.series("Export", "CZE", dest, "360300", ALL[:18], 100_000)
        t.series("Export", "CZE", dest, "360300", grow, shaped(330_000, len(grow)))
    # A steady hub: inflow and onward flow all along, no rise.
    t.series("Export", "CHN", "NLD", "851712", ALL, 2_000_000)
    t.series("Export", "NLD", "BEL", "851712", ALL, 600_000)
    return t.write(ws, tmp_path / "legs.csv")


@pytest.mark.spark_pass
def test_one_and_two_intermediaries(legs: Workspace) -> None:
    alerts = run_scan(legs, ["transshipment"])
    high = alerts[alerts.score >= 0.5]
    got = {(a.origin, a.via, a.destination, a.hs_code): a for a in high.itertuples()}
    assert ("SRB", "HUN", "UKR", "9306") in got
    a = got[("SRB", "HUN", "UKR", "9306")]
    ev = json.loads(a.evidence)
    assert ev["route"] == ["SRB", "HUN", "UKR"]
    assert ev["lag_months"] == 2
    assert (ev["inflow_break"], ev["outflow_break"]) == ("2022-07", "2022-09")
    # Inflow at FOB: HUN's CIF-valued imports / 1.06 = 1.0 M a month in shape; onward 0.95 M.
    assert ev["onward_share"] == pytest.approx(0.95, abs=0.01)
    assert ev["monthly_correlation"] == pytest.approx(1.0, abs=1e-6)
    assert ev["intermediary_other_exports_12m_before"] == pytest.approx(12 * 300_000)
    assert ev["intermediary_other_exports_12m_after"] == pytest.approx(12 * 300_000)
    assert a.period_start.isoformat() == "2022-07-01" and a.period_end.isoformat() == "2024-02-01"
    # The score is the product of its factors, each named with a sentence (issue 20).
    fs = ev["score_factors"]
    assert ev["scoring_version"] == "transshipment/11" and all(f["sentence"] for f in fs)
    # HUN sees one rising inflow of 9306 and one rising outflow: no other pair competes.
    rare = next(f for f in fs if f["name"] == "chain_is_rare")
    assert (ev["rising_inflows_at_hub"], ev["rising_outflows_at_hub"]) == (1, 1)
    assert ev["expected_chance_pairs"] == 0.0 and rare["value"] == 1.0
    assert a.score == pytest.approx(math.prod(f["value"] for f in fs), abs=1e-3)
    assert "2 month(s) later" in a.summary

    chain = [
        a
        for a in high.itertuples()
        if json.loads(a.evidence)["route"] == ["ROU", "SVN", "AUT", "GEO"]
    ]
    assert len(chain) == 1 and chain[0].via == "SVN" and chain[0].hs_code == "9306"
    assert json.loads(chain[0].evidence)["lag_months"] == 3


def test_look_alikes_stay_low(legs: Workspace) -> None:
    alerts = run_scan(legs, ["transshipment"])
    cze = alerts[alerts.via == "CZE"]
    assert (cze.score < 0.5).all()  # the intermediary's exports rose to everyone alike
    assert not (alerts.via == "NLD").any()  # a steady hub: no rise at all


def test_two_chains_through_one_new_hub_are_not_the_hubs_own_growth(
    ws: Workspace, tmp_path: Path
) -> None:
    """HUN, which exported no ammunition before, relays SRB's to UKR and BIH's to MDA from the
    same months: each chain's 'other destinations' are the other chain's single new route. One
    route's rise is not the hub's growth (transshipment/3): both chains score as chains, and
    the evidence names the destination left out of the test."""
    t = Trade()
    for reporter in ("HUN", "SRB", "BIH"):
        t.series("Export", reporter, "ITA", "851712", ALL, 500_000)
        t.series("Import", reporter, "ITA", "851712", ALL, 530_000)
    run, onward = months("2022-07", "2023-12"), months("2022-09", "2024-02")
    t.series("Export", "SRB", "HUN", "930690", run, shaped(1_000_000, len(run)))
    t.series("Export", "HUN", "UKR", "930690", onward, shaped(950_000, len(onward)))
    t.series("Export", "BIH", "HUN", "930690", run, shaped(700_000, len(run))[::-1])
    t.series("Export", "HUN", "MDA", "930690", onward, shaped(660_000, len(onward))[::-1])
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["transshipment"])
    got = {(a.origin, a.destination): a for a in alerts.itertuples()}
    for (origin, dest), other in ((("SRB", "UKR"), "MDA"), (("BIH", "MDA"), "UKR")):
        ev = json.loads(got[(origin, dest)].evidence)
        did = next(f for f in ev["score_factors"] if f["name"] == "not_the_hubs_own_growth")
        assert ev["other_destination_left_out"] == other
        assert did["value"] == 1.0 and f"less {other}" in did["sentence"]
        assert got[(origin, dest)].score >= 0.5


def test_an_outflow_dated_a_month_early_is_no_negative_lag(ws: Workspace, tmp_path: Path) -> None:
    """The outflow's break a month before the inflow's (booking slack): 'in the same month',
    lag 0, never '-1 month(s) later'."""
    t = Trade()
    for reporter in ("HUN", "SRB"):
        t.series("Export", reporter, "ITA", "851712", ALL, 500_000)
        t.series("Import", reporter, "ITA", "851712", ALL, 530_000)
    t.series("Export", "HUN", "POL", "930690", ALL, 300_000)
    t.series("Export", "SRB", "HUN", "930690", months("2022-08", "2023-12"), shaped(1e6, 17))
    t.series("Export", "HUN", "UKR", "930690", months("2022-07", "2023-12"), shaped(0.95e6, 18))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["transshipment"])
    a = alerts[(alerts.origin == "SRB") & (alerts.destination == "UKR")].iloc[0]
    ev = json.loads(a.evidence)
    assert ev["lag_months"] == 0 and ev["outflow_break_before_inflow_months"] == 1
    assert "in the same month" in a.summary and "-1" not in a.summary


@pytest.mark.parametrize(("code", "found"), [("930690", True), ("847989", False)])
def test_a_small_munitions_chain_is_a_chain(
    ws: Workspace, tmp_path: Path, code: str, found: bool
) -> None:
    """Legs of 70 k USD a month, under `min_value_usd` (100 k): ammunition (a heading listed
    whole at `controlled_leg_min_weight` or more) counts from `min_value_usd_controlled` (50 k),
    ordinary machines do not (outside world A22_s20: IRQ -> THA -> CAN 3603 at 50-60 k a month)."""
    t = Trade()
    for reporter in ("HUN", "SRB"):
        t.series("Export", reporter, "ITA", "851712", ALL, 500_000)
        t.series("Import", reporter, "ITA", "851712", ALL, 530_000)
    t.series("Export", "HUN", "POL", code, ALL, 30_000)
    run = months("2022-07", "2023-12")
    t.series("Export", "SRB", "HUN", code, run, shaped(70_000, len(run)))
    onward = months("2022-08", "2024-01")
    t.series("Export", "HUN", "UKR", code, onward, shaped(66_000, len(onward)))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["transshipment"])
    a = alerts[(alerts.origin == "SRB") & (alerts.destination == "UKR")]
    assert (len(a) == 1) is found
    if found:
        assert a.iloc[0].score >= 0.5


def _episode_world(ws: Workspace, tmp_path: Path, run: list[str]) -> Workspace:
    """SRB sells HUN a little ammunition now and then (40 k USD in one month of three, all
    along); in `run` it ships 1 M USD a month more, which HUN passes on to UKR two months
    later; then the sporadic trade goes on."""
    t = Trade()
    for reporter in ("HUN", "SRB"):
        t.series("Export", reporter, "ITA", "851712", ALL, 500_000)
        t.series("Import", reporter, "ITA", "851712", ALL, 530_000)
    t.series("Export", "HUN", "POL", "930690", ALL, 300_000)
    sporadic = [m for i, m in enumerate(ALL) if i % 3 == 0 and m not in run]
    t.series("Export", "SRB", "HUN", "930690", sporadic, 40_000)
    t.series("Export", "SRB", "HUN", "930690", run, shaped(1e6, len(run)))
    onward = [f"{pd.Period(m, 'M') + 2}" for m in run]
    t.series("Export", "HUN", "UKR", "930690", onward, shaped(0.95e6, len(onward)))
    return t.write(ws, tmp_path / "t.csv")


def test_an_inflow_that_ran_for_months_and_stopped_is_a_leg(ws: Workspace, tmp_path: Path) -> None:
    """An inflow that ran eight months on a route of sporadic small trade, a year of it before and
    more after: one upward shift over the whole series dates no rise there (the months after
    dilute it); the episode, ended by the series' downward shift, is the leg."""
    run = months("2022-01", "2022-08")
    alerts = run_scan(_episode_world(ws, tmp_path, run), ["transshipment"])
    a = alerts[(alerts.origin == "SRB") & (alerts.destination == "UKR")]
    assert len(a) == 1 and a.iloc[0].score >= 0.5
    ev = json.loads(a.iloc[0].evidence)
    assert (ev["inflow_break"], ev["outflow_break"], ev["lag_months"]) == ("2022-01", "2022-03", 2)


def test_a_lumpy_order_over_a_few_months_is_no_leg(ws: Workspace, tmp_path: Path) -> None:
    """The same shape over four months is a lumpy order delivered in parts, not a route that
    ran and stopped (`min_episode_months`)."""
    run = months("2022-01", "2022-04")
    alerts = run_scan(_episode_world(ws, tmp_path, run), ["transshipment"])
    assert not ((alerts.origin == "SRB") & (alerts.destination == "UKR")).any()


def test_legs_of_a_heading_a_revision_created_are_no_chain(ws: Workspace, tmp_path: Path) -> None:
    """8806 (drones) exists from HS 2022: inflow and outflow both 'rise' in 2022-01-03."""
    t = Trade()
    for reporter in ("SGP", "ITA"):
        t.series("Export", reporter, "FRA", "851712", ALL, 500_000)
        t.series("Import", reporter, "FRA", "851712", ALL, 530_000)
    t.series("Export", "SGP", "ITA", "880622", months("2022-01", "2023-12"), shaped(1e6, 24))
    t.series("Export", "ITA", "KOR", "880622", months("2022-03", "2023-12"), shaped(0.9e6, 22))
    assert run_scan(t.write(ws, tmp_path / "t.csv"), ["transshipment"]).empty


def _rises_14_months_apart(
    ws: Workspace, tmp_path: Path, outflow: Callable[[int], float]
) -> pd.DataFrame:
    """DEU's exports of machine parts to ARM rise in 2021-09, ARM's exports of them to RUS
    in 2022-11 (month i of the outflow worth `outflow(i)`); the transshipment alerts."""
    t = Trade()
    for reporter in ("DEU", "ARM"):
        t.series("Export", reporter, "ITA", "851712", ALL, 500_000)
        t.series("Import", reporter, "ITA", "851712", ALL, 530_000)
    inflow = months("2021-09", "2023-12")
    t.series("Export", "DEU", "ARM", "848340", inflow, shaped(1e6, len(inflow)))
    onward = months("2022-11", "2023-12")
    t.series("Export", "ARM", "RUS", "848340", onward, [outflow(i) for i in range(len(onward))])
    return run_scan(t.write(ws, tmp_path / "t.csv"), ["transshipment"])


@pytest.mark.spark_pass
def test_legs_whose_rises_are_months_apart_match_by_moving_together(
    ws: Workspace, tmp_path: Path
) -> None:
    """DEU's exports of machine parts to ARM rise in 2021-09; ARM's exports of them to RUS rise
    only in 2022-11, 14 months later, but from then on follow the inflow a month behind, month
    by month: one chain, lag 1 month (never the 14 between the rises), matched by co-movement.
    Without the co-movement (a flat outflow), no chain."""
    # The outflow in month m is 0.9 of the inflow in month m - 1.
    alerts = _rises_14_months_apart(ws, tmp_path, lambda i: 0.9e6 * SHAPE[(i + 13) % 12])
    a = alerts[(alerts.origin == "DEU") & (alerts.destination == "RUS")].iloc[0]
    ev = json.loads(a.evidence)
    assert ev["matched_by"] == "co-movement"
    assert (ev["inflow_break"], ev["outflow_break"]) == ("2021-09", "2022-11")
    assert ev["lag_months"] == 1 and ev["monthly_correlation"] == pytest.approx(1.0, abs=1e-6)
    assert (
        "1 month(s) later (the two move together month by month, correlation 1.00, though"
        " their rises are dated 14 months apart)" in a.summary
    )


def test_legs_months_apart_that_do_not_move_together_are_no_chain(
    ws: Workspace, tmp_path: Path
) -> None:
    # The outflow's own rhythm, unrelated to the inflow's.
    alerts = _rises_14_months_apart(ws, tmp_path, lambda i: 0.9e6 * (1.2 if i % 3 else 0.7))
    assert alerts[(alerts.origin == "DEU") & (alerts.destination == "RUS")].empty


def _outflow_ahead(
    ws: Workspace, tmp_path: Path, settings: list[str] | None = None
) -> pd.DataFrame:
    """ARM's exports of machine parts to RUS run from 2021-09 at 0.9 M USD a month; DEU's
    exports of them to ARM begin only in 2022-11, and from then on the outflow follows the
    inflow a month behind, month by month. The transshipment alerts."""
    t = Trade()
    for reporter in ("DEU", "ARM"):
        t.series("Export", reporter, "ITA", "851712", ALL, 500_000)
        t.series("Import", reporter, "ITA", "851712", ALL, 530_000)
    inflow = months("2022-11", "2023-12")
    t.series("Export", "DEU", "ARM", "848340", inflow, shaped(1e6, len(inflow)))
    ahead = months("2021-09", "2022-11")
    t.series("Export", "ARM", "RUS", "848340", ahead, shaped(0.9e6, len(ahead)))
    onward = months("2022-12", "2023-12")
    t.series("Export", "ARM", "RUS", "848340", onward, [0.9e6 * SHAPE[i % 12] for i in range(13)])
    return run_scan(t.write(ws, tmp_path / "t.csv"), ["transshipment"], settings=settings)


def test_an_outflow_that_ran_before_the_inflow_is_no_chain(ws: Workspace, tmp_path: Path) -> None:
    """Goods cannot flow on before they arrive: an outflow that ran at its level for 14 months
    before the inflow rose is the hub's trade from elsewhere, though it moves with the inflow
    after (outside worlds A7_s0, A8_s0). With the rule off (`max_ahead_level` above any level),
    the co-movement match is made (the next test)."""
    alerts = _outflow_ahead(ws, tmp_path)
    assert alerts[(alerts.origin == "DEU") & (alerts.destination == "RUS")].empty


def test_an_outflow_ahead_is_matched_with_the_rule_off(ws: Workspace, tmp_path: Path) -> None:
    off = _outflow_ahead(ws, tmp_path, ["transshipment.max_ahead_level=1000"])
    a = off[(off.origin == "DEU") & (off.destination == "RUS")]
    assert len(a) == 1 and json.loads(a.iloc[0].evidence)["matched_by"] == "co-movement"


@pytest.mark.parametrize("maker", [False, True])
def test_a_cover_chain_into_goods_the_intermediary_already_exported(
    ws: Workspace, tmp_path: Path, maker: bool
) -> None:
    """SRB's steel articles (732690) into HUN rise in 2022-07 and HUN's ammunition (930690) to
    UKR two months later: a cover code on a leg. Where HUN exported 930690 to POL and AUT all
    along (1.2 M USD a month, more than a year of the outflow in the 12 months before it), the
    outflow may be its own goods' new customer (outside worlds A6_s0 SGP -> DEU 8543 -> USA 9306,
    A9_s0 JPN -> FRA 7304 -> SAU 9306): the factor is 1 - own_goods_discount; where it exported
    none, 1."""
    t = Trade()
    for reporter in ("HUN", "SRB"):
        t.series("Export", reporter, "ITA", "851712", ALL, 500_000)
        t.series("Import", reporter, "ITA", "851712", ALL, 530_000)
    run = months("2022-07", "2023-12")
    t.series("Export", "SRB", "HUN", "732690", run, shaped(1e6, len(run)))
    onward = months("2022-09", "2023-12")
    t.series("Export", "HUN", "UKR", "930690", onward, shaped(0.95e6, len(onward)))
    if maker:
        for dest in ("POL", "AUT"):
            t.series("Export", "HUN", dest, "930690", ALL, 600_000)
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["transshipment"])
    a = alerts[(alerts.origin == "SRB") & (alerts.destination == "UKR")].iloc[0]
    ev = json.loads(a.evidence)
    assert (ev["inflow_heading"], ev["outflow_heading"]) == ("7326", "9306")
    f = next(f for f in ev["score_factors"] if f["name"] == "not_the_intermediarys_own_goods")
    if maker:
        assert f["value"] == pytest.approx(0.65)
        assert "a year of this outflow or more" in f["sentence"]
    else:
        assert f["value"] == 1.0 and a.score >= 0.5
        assert "exported no HS 9306" in f["sentence"]


def _busy_hub(ws: Workspace, tmp_path: Path, settings: list[str] | None = None) -> pd.DataFrame:
    """TUR's ammunition imports rise from four exporters and its exports to three
    destinations, at different months of 2021-2023; one pair (POL → TUR in 2022-07, TUR →
    AZE in 2022-08) carries on in step. The transshipment alerts."""
    t = Trade()
    for reporter in ("TUR", "BEL", "ESP", "NLD", "POL"):
        t.series("Export", reporter, "ITA", "851712", ALL, 500_000)
        t.series("Import", reporter, "ITA", "851712", ALL, 530_000)
    for src, start in (("BEL", "2021-09"), ("ESP", "2022-02"), ("POL", "2022-07"),
                       ("NLD", "2023-03")):  # fmt: skip
        run = months(start, "2023-12")
        t.series("Export", src, "TUR", "930690", run, shaped(1_000_000, len(run)))
    for dst, start in (("IRQ", "2021-07"), ("AZE", "2022-08"), ("KAZ", "2023-07")):
        run = months(start, "2023-12")
        t.series("Export", "TUR", dst, "930690", run, shaped(950_000, len(run)))
    return run_scan(t.write(ws, tmp_path / "t.csv"), ["transshipment"], settings)


def test_a_chain_through_a_hub_of_many_births_weighs_the_pairs_chance_gives(
    ws: Workspace, tmp_path: Path
) -> None:
    """Four rising inflows and three rising outflows of 9306 at TUR in 36 months: the 11 other
    pairs each fall within the chain's six-month window with a chance of 6/36, so about 1.83
    would by chance, and the chain's rarity factor is 1 / 2.83 (issue 20: calibrated against
    the births the data holds). With the calibration off the same chain scores 2.83 times
    higher."""
    alerts = _busy_hub(ws, tmp_path)
    a = alerts[(alerts.origin == "POL") & (alerts.destination == "AZE")].iloc[0]
    ev = json.loads(a.evidence)
    assert (ev["rising_inflows_at_hub"], ev["rising_outflows_at_hub"]) == (4, 3)
    assert ev["expected_chance_pairs"] == pytest.approx(11 * 6 / 36, abs=1e-3)
    rare = next(f for f in ev["score_factors"] if f["name"] == "chain_is_rare")
    assert rare["value"] == pytest.approx(1 / (1 + 11 / 6), abs=1e-4)
    assert "4 rising inflow(s) of HS 9306 into TUR and 3 rising outflow(s)" in rare["sentence"]
    assert a.score == pytest.approx(math.prod(f["value"] for f in ev["score_factors"]), abs=1e-3)
    off = _busy_hub(ws, tmp_path, ["transshipment.chance_weight=0"])
    b = off[(off.origin == "POL") & (off.destination == "AZE")].iloc[0]
    assert b.score == pytest.approx(a.score * (1 + 11 / 6), abs=1e-3)
    assert b.score >= 0.5 > a.score


# A re-export hub measured from the data (transshipment/4): NLD passes on, a month later,
# what it takes in from six origins in six ordinary headings; the chain under test is a
# seventh such re-export, or controlled goods, or a deflection, through the same hub.
HUB_TRADE = (
    ("BRA", "0901", "DEU"),
    ("VNM", "6403", "FRA"),
    ("CHN", "9403", "ESP"),
    ("THA", "4011", "POL"),
    ("CHL", "0806", "SWE"),
    ("MAR", "6204", "AUT"),
)


def _hub(
    ws: Workspace, tmp_path: Path, chain: tuple[str, str, str, str], out_code: str | None = None
) -> pd.DataFrame:
    """The hub's six re-exports rising from 2022-01 to 2022-06, and `chain` (origin, code,
    destination, intermediary) rising from 2022-07 in step, the outflow under `out_code` if
    given; the transshipment alerts."""
    t = Trade()
    origin, code, dest, via = chain
    for reporter in {"NLD", "HUN", origin, *(o for o, _, _ in HUB_TRADE)}:
        t.series("Export", reporter, "ITA", "851712", ALL, 500_000)
        t.series("Import", reporter, "ITA", "851712", ALL, 530_000)
    for k, (src, heading, dst) in enumerate(HUB_TRADE):
        run = months(f"2022-0{k + 1}", "2023-12")
        t.series("Export", src, "NLD", f"{heading}10", run, shaped(1e6, len(run)))
        onward = months(f"2022-0{k + 2}", "2023-12")
        t.series("Export", "NLD", dst, f"{heading}10", onward, shaped(0.9e6, len(onward)))
    run = months("2022-07", "2023-12")
    t.series("Export", origin, via, code, run, shaped(1e6, len(run)))
    onward = months("2022-08", "2023-12")
    t.series("Export", via, dest, out_code or code, onward, shaped(0.95e6, len(onward)))
    if origin == "ITA" and dest == "RUS":
        # The origin's own supply to the destination, until it stops (a sanctions shock).
        t.series("Export", "ITA", "RUS", code, months("2021-01", "2022-06"), 900_000)
    return run_scan(t.write(ws, tmp_path / "t.csv"), ["transshipment"])


def _chain(alerts: pd.DataFrame, origin: str, dest: str) -> tuple[Any, dict[str, Any]]:
    a = alerts[(alerts.origin == origin) & (alerts.destination == dest)].iloc[0]
    ev = json.loads(a.evidence)
    hub = next(f for f in ev["score_factors"] if f["name"] == "not_a_hubs_ordinary_re_export")
    assert a.score == pytest.approx(math.prod(f["value"] for f in ev["score_factors"]), abs=1e-3)
    return a, {**ev, "hub": hub}


def test_ordinary_goods_through_a_re_export_hub_are_its_ordinary_re_export(
    ws: Workspace, tmp_path: Path
) -> None:
    """Prepared fruit from USA into NLD and on to IDN a month later: every other factor near
    1, but NLD passes on all six of its other rising inflows (six headings, six origins, none
    by chance): a full re-export hub, and the chain its ordinary re-export, scored half."""
    a, ev = _chain(_hub(ws, tmp_path, ("USA", "200899", "IDN", "NLD")), "USA", "IDN")
    assert (ev["intermediary_rising_inflows"], ev["intermediary_inflows_flowing_on"]) == (7, 7)
    assert ev["intermediary_pass_through_rate"] == 1.0
    assert ev["re_export_hub_measured"] == "NLD" and ev["marked_beyond_re_export"] is None
    assert ev["hub"]["value"] == 0.5
    assert ev["hub"]["sentence"] == (
        "7 of the 7 rising inflows into NLD flow on in step (7 heading(s), 7 origin(s)), 0.0 of"
        " them by chance: 100% beyond chance, this one left out: a re-export hub, and this"
        " chain its ordinary re-export"
    )
    # Ordinary goods that nothing marks take the plain factor too (transshipment/6).
    plain = next(f for f in ev["score_factors"] if f["name"] == "marked_beyond_ordinary_trade")
    assert plain["value"] == 0.65 and plain["sentence"].startswith("ordinary goods, and nothing")
    assert 0.16 < a.score < 0.33  # 0.5 to 1 without the hub factor and the plain factor


def test_controlled_goods_or_a_deflection_through_a_hub_are_no_ordinary_re_export(
    ws: Workspace, tmp_path: Path
) -> None:
    """Through the same hub, ammunition (controlled goods) keeps its score, and so do tools
    whose direct supply from ITA to RUS stopped (deflection) as far as the hub goes: the hub's
    ordinary trade does not explain them. But a deflection alone does not mark ordinary goods
    (transshipment/9: the test below)."""
    a, ev = _chain(_hub(ws, tmp_path, ("SRB", "930690", "UKR", "NLD")), "SRB", "UKR")
    assert ev["marked_beyond_re_export"] == "goods" and ev["hub"]["value"] == 1.0
    assert "but the goods are controlled" in ev["hub"]["sentence"] and a.score >= 0.5
    plain = next(f for f in ev["score_factors"] if f["name"] == "marked_beyond_ordinary_trade")
    assert (plain["value"], plain["sentence"]) == (
        1.0,
        f"the goods are listed ({ev['code_category'].replace('_', ' ')}), not ordinary trade",
    )
    a, ev = _chain(_hub(ws, tmp_path, ("ITA", "846729", "RUS", "NLD")), "ITA", "RUS")
    assert ev["marked_beyond_re_export"] == "deflection" and ev["hub"]["value"] == 1.0
    # The 12 months before NLD's outflow rose (2021-08 to 2022-07) held 11 of ITA's own.
    assert (ev["origin_direct_12m_before"], ev["origin_direct_12m_after"]) == (
        pytest.approx(11 * 900_000),
        0.0,
    )
    assert "ITA's own flows to RUS fell from 9.90 to 0.00 M USD" in ev["hub"]["sentence"]


@pytest.mark.parametrize(("code", "listed"), [("846729", False), ("848230", True)])
def test_a_deflection_alone_does_not_mark_ordinary_goods(
    ws: Workspace, tmp_path: Path, code: str, listed: bool
) -> None:
    """Issue 20 (outside worlds A24_s0, A28_s0: after the shock on RUS, ordinary goods rerouted
    through its neighbours, GBR -> KGZ -> RUS 8433 at 0.66): ITA's direct supply to RUS stops
    as its flows through NLD rise. For ordinary goods (846729 tools) that is a shock's reroute:
    the deflection lifts the hub's discount but marks nothing else, and the chain takes
    `deflected_ordinary_factor` (0.65), below 0.5 (at 1, as before, 0.5 or more). Spherical
    roller bearings (848230, on the CHPL, in a heading that holds listed items) keep the
    deflection's mark in full."""
    a, ev = _chain(_hub(ws, tmp_path, ("ITA", code, "RUS", "NLD")), "ITA", "RUS")
    assert ev["marked_beyond_re_export"] == "deflection" and ev["hub"]["value"] == 1.0
    assert ev["scoring_version"] == "transshipment/11"
    plain = next(f for f in ev["score_factors"] if f["name"] == "marked_beyond_ordinary_trade")
    if listed:
        assert ev["code_category"] == "contains_chpl" and plain["value"] == 1.0
        assert a.score >= 0.5
        return
    assert ev["code_category"] == "ordinary" and plain["value"] == 0.65
    assert plain["sentence"].startswith("ordinary goods, and only a deflection marks the chain")
    assert "ITA's own flows to RUS fell by half or more" in plain["sentence"]
    assert a.score < 0.5
    off = run_scan(ws, ["transshipment"], ["transshipment.deflected_ordinary_factor=1"])
    b = off[(off.origin == "ITA") & (off.destination == "RUS")].iloc[0]
    assert b.score == pytest.approx(a.score / 0.65, abs=1e-3) and b.score >= 0.5


def test_a_cover_codes_goods_passed_on_as_themselves_through_a_hub_are_its_re_export(
    ws: Workspace, tmp_path: Path
) -> None:
    """Steel articles (732690, a cover code's heading: civilian goods that may hide shell
    bodies) from USA into NLD and on to IDN as the same goods: the hub's ordinary re-export,
    scored half (the read outside world A3_s0's car parts IDN -> BEL -> HUN scored 0.64 as
    marked by their goods). (Ammunition through the same hub keeps its score: the test below.)"""
    a, ev = _chain(_hub(ws, tmp_path, ("USA", "732690", "IDN", "NLD")), "USA", "IDN")
    assert ev["code_category"] == "cover" and ev["marked_beyond_re_export"] is None
    assert ev["hub"]["value"] == 0.5 and a.score < 0.5
    assert ev["hub"]["sentence"].endswith("a re-export hub, and this chain its ordinary re-export")
    plain = next(f for f in ev["score_factors"] if f["name"] == "marked_beyond_ordinary_trade")
    assert plain["value"] == 1.0  # no ordinary goods: the code weight says what they are


def test_ordinary_goods_that_nothing_marks_stay_below_half(ws: Workspace, tmp_path: Path) -> None:
    """Machine tools from KOR into HUN and on to CHN a month later: HUN's only rising inflow
    (no re-export hub), every other factor near 1, but ordinary goods with no cover code on a
    leg and no deflection: two ordinary route births that meet (transshipment/6). With the
    factor off (1) the same chain scores 0.5 or more."""
    a, ev = _chain(_hub(ws, tmp_path, ("KOR", "846729", "CHN", "HUN")), "KOR", "CHN")
    plain = next(f for f in ev["score_factors"] if f["name"] == "marked_beyond_ordinary_trade")
    assert ev["code_category"] == "ordinary" and ev["marked_beyond_re_export"] is None
    assert plain["value"] == 0.65 and ev["hub"]["value"] == 1.0
    assert a.score < 0.5
    off = run_scan(ws, ["transshipment"], ["transshipment.unmarked_ordinary_factor=1"])
    b = off[(off.origin == "KOR") & (off.destination == "CHN")].iloc[0]
    assert b.score == pytest.approx(a.score / 0.65, abs=1e-3) and b.score >= 0.5


@pytest.mark.parametrize(("code", "listed"), [("853650", False), ("853690", True)])
def test_unlisted_goods_in_a_heading_with_listed_items_are_ordinary(
    ws: Workspace, tmp_path: Path, code: str, listed: bool
) -> None:
    """Issue 20 (outside world A24_s0: FRA -> KGZ -> RUS 8536 at 0.62, both legs 853650, a
    shock's reroute): heading 8536 holds CHPL items (853669 plugs and sockets, 853690 other
    apparatus), not 853650 (other switches). A chain whose legs both carry mostly an unlisted
    code of such a heading is of ordinary goods (`unlisted_legs_are_ordinary`): unmarked here,
    it takes 0.65 and stays below 0.5; the same chain of 853690 is listed goods and keeps its
    score."""
    a, ev = _chain(_hub(ws, tmp_path, ("KOR", code, "CHN", "HUN")), "KOR", "CHN")
    plain = next(f for f in ev["score_factors"] if f["name"] == "marked_beyond_ordinary_trade")
    assert ev["code_category"] == "contains_chpl" and ev["marked_beyond_re_export"] is None
    assert ev["inflow_leading_hs6"] == ev["outflow_leading_hs6"] == code
    if listed:
        assert plain["value"] == 1.0 and a.score >= 0.5
        return
    assert plain["value"] == 0.65 and a.score < 0.5
    assert plain["sentence"].startswith(
        "the heading holds listed items (chpl: 853669,853690), but both legs carry mostly 853650,"
        " not listed: ordinary goods that nothing marks"
    )
    off = run_scan(ws, ["transshipment"], ["transshipment.unlisted_legs_are_ordinary=0"])
    b = off[(off.origin == "KOR") & (off.destination == "CHN")].iloc[0]
    assert b.score == pytest.approx(a.score / 0.65, abs=1e-3) and b.score >= 0.5


def test_controlled_goods_through_a_new_intermediary_stay_high(
    ws: Workspace, tmp_path: Path
) -> None:
    """Ammunition through HUN, whose only rising inflow is this one: no re-export hub."""
    a, ev = _chain(_hub(ws, tmp_path, ("SRB", "930690", "UKR", "HUN")), "SRB", "UKR")
    assert ev["re_export_hub_measured"] == "HUN" and ev["intermediary_pass_through_rate"] == 0.0
    assert ev["hub"]["value"] == 1.0 and ev["hub"]["sentence"].endswith(": no re-export hub")
    assert a.score >= 0.5


def test_legs_under_different_six_digit_codes_are_weaker_evidence(
    ws: Workspace, tmp_path: Path
) -> None:
    """Ammunition through HUN: in as 930690, on as 930630 (one heading, other goods at six
    digits). Goods passed on keep their code, so the chain scores `other_goods_factor` (0.6)
    of the same chain with one code on both legs, the factor said with both codes."""
    same, ev_same = _chain(_hub(ws, tmp_path, ("SRB", "930690", "UKR", "HUN")), "SRB", "UKR")
    goods = next(f for f in ev_same["score_factors"] if f["name"] == "same_goods_on_both_legs")
    assert goods["value"] == 1.0 and ev_same["six_digit_value_shared"] == 1.0
    assert goods["sentence"] == "both legs carry the same six-digit code(s) (leading 930690)"
    fresh = shadowtrade.open(tmp_path / "ws2")  # a workspace of its own: no 930690 onward
    try:
        alerts = _hub(fresh, tmp_path, ("SRB", "930690", "UKR", "HUN"), out_code="930630")
    finally:
        fresh.close()
    other, ev = _chain(alerts, "SRB", "UKR")
    goods = next(f for f in ev["score_factors"] if f["name"] == "same_goods_on_both_legs")
    assert goods["value"] == 0.6 and ev["six_digit_value_shared"] == 0.0
    assert (ev["inflow_leading_hs6"], ev["outflow_leading_hs6"]) == ("930690", "930630")
    assert goods["sentence"].startswith(
        "0% of the legs' value lies under six-digit codes they share (inflow mostly 930690,"
        " outflow mostly 930630)"
    )
    assert other.score == pytest.approx(0.6 * same.score, abs=1e-3)
    assert other.score < same.score - 0.3  # 0.95 → 0.57: controlled goods, still high


def _one_inflow(ws: Workspace, path: Path, onward_to: dict[str, float]) -> pd.DataFrame:
    """HUN takes in 1.0 M USD a month of ammunition from SRB from 2022-07 and, two months later,
    sends it on at the given monthly levels; the transshipment alerts."""
    t = Trade()
    run = months("2022-07", "2023-12")
    t.series("Import", "HUN", "SRB", "930690", run, shaped(1_060_000, len(run)))
    onward = months("2022-09", "2024-02")
    for dest, level in onward_to.items():
        t.series("Export", "HUN", dest, "930690", onward, shaped(level, len(onward)))
    t.series("Export", "HUN", "POL", "930690", ALL, 300_000)
    for reporter in ("HUN", "SRB", "POL"):
        t.series("Export", reporter, "ITA", "851712", ALL, 500_000)
        t.series("Import", reporter, "ITA", "851712", ALL, 530_000)
    return run_scan(t.write(ws, path), ["transshipment"])


def test_one_inflow_carried_on_to_two_destinations_is_one_chain(
    ws: Workspace, tmp_path: Path
) -> None:
    """HUN takes in 1.0 M USD a month of ammunition from SRB and sends 0.95 M a month to UKR and
    0.7 M to MDA: together 165 % of the inflow, more than it took in (read outside world A9_s0:
    JPN -> FRA 7304 on to SAU and to ZAF, 226 % between them). One inflow is carried on once:
    the better chain keeps it (its factor 1, said; `chain_is_rare` still counts the other
    rising outflow); the other is read against what is left (0.05 M) and falls to nothing.
    Alone, each is a chain at 0.5 or more."""
    both = _one_inflow(ws, tmp_path / "both.csv", {"UKR": 950_000, "MDA": 700_000})
    a, ev = _chain(both, "SRB", "UKR")
    assert a.score >= 0.5 and ev["inflow_carried_on_by_higher_chains_usd"] == 0.0
    left = next(f for f in ev["score_factors"] if f["name"] == "inflow_not_carried_on_elsewhere")
    assert left["value"] == 1.0
    assert left["sentence"] == "no chain ranked above it carries the same inflow on"
    other = both[(both.origin == "SRB") & (both.destination == "MDA")]
    assert other.empty or other.score.max() < 0.05
    for dest, level in (("UKR", 950_000), ("MDA", 700_000)):
        fresh = shadowtrade.open(tmp_path / f"ws_{dest}")
        try:
            alone = _one_inflow(fresh, tmp_path / f"{dest}.csv", {dest: level})
        finally:
            fresh.close()
        b, _ = _chain(alone, "SRB", dest)
        assert b.score >= 0.5


def _intermittent_inflow(
    ws: Workspace, tmp_path: Path, before: float, settings: list[str] | None = None
) -> pd.DataFrame:
    """SRB's ammunition into HUN from 2022-07 every month (about 1 M USD), passed on to UKR two
    months later; before it, SRB shipped HUN `before` USD in 2021-03 and 2021-05 only."""
    t = Trade()
    for reporter in ("HUN", "SRB"):
        t.series("Export", reporter, "ITA", "851712", ALL, 500_000)
        t.series("Import", reporter, "ITA", "851712", ALL, 530_000)
    t.series("Export", "HUN", "POL", "930690", ALL, 300_000)
    t.series("Export", "SRB", "HUN", "930690", ["2021-03", "2021-05"], before)
    run = months("2022-07", "2023-12")
    t.series("Export", "SRB", "HUN", "930690", run, shaped(1e6, len(run)))
    onward = months("2022-09", "2023-12")
    t.series("Export", "HUN", "UKR", "930690", onward, shaped(0.95e6, len(onward)))
    return run_scan(t.write(ws, tmp_path / "t.csv"), ["transshipment"], settings)


def _new_routes(alerts: pd.DataFrame) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """The SRB -> HUN -> UKR alert, its evidence and its factor legs_are_new_routes."""
    a = alerts[(alerts.origin == "SRB") & (alerts.destination == "UKR")]
    assert len(a) == 1
    ev = json.loads(a.iloc[0].evidence)
    f = next(f for f in ev["score_factors"] if f["name"] == "legs_are_new_routes")
    return a.iloc[0], ev, f


@pytest.mark.parametrize("before", [1e6, 20_000.0])
def test_an_inflow_that_ran_now_and_then_at_its_later_size_is_no_new_route(
    ws: Workspace, tmp_path: Path, before: float
) -> None:
    """Many flows are intermittent (DOMAIN.md). SRB shipped HUN 1 M USD of ammunition in two
    months of 2021, the size it ships every month from 2022-07: the route did not start in
    2022-07, it runs more often (outside world A32_s0: IND -> SGP -> GBR 8532, both legs from the
    data's first months at their later size). The leg's factor is standing_leg_factor + (1 -
    standing_leg_factor) x ln(q) / ln(min_ratio), q its level in the months it ran after over
    that before (here about 1: 0.6). Two shipments of 20 k before it are tiny ones before a real
    rise: factor 1. With the rule off (standing_leg_factor 1) the chain scores 1 / 0.6 as much."""
    a, ev, f = _new_routes(_intermittent_inflow(ws, tmp_path, before))
    assert ev["inflow_break"] == "2022-07" and ev["outflow_ran_before_share"] is None
    q = sum(shaped(1e6, 18)) / 18 / before
    assert ev["inflow_ran_before_share"] == pytest.approx(2 / 18, abs=1e-3)
    assert ev["inflow_rise_over_level_when_running_before"] == pytest.approx(q, rel=1e-3)
    off, _, f_off = _new_routes(
        _intermittent_inflow(ws, tmp_path, before, ["transshipment.standing_leg_factor=1"])
    )
    assert f_off["value"] == 1.0
    if before == 1e6:
        assert f["value"] == pytest.approx(0.6 + 0.4 * math.log(q) / math.log(2.5), abs=1e-4)
        assert f["sentence"].startswith("SRB -> HUN ran in 11% of the months before its rise")
        assert "runs more often, not a new one" in f["sentence"]
        assert a.score == pytest.approx(off.score * f["value"], rel=1e-3)
    else:
        assert f["value"] == 1.0 and a.score == pytest.approx(off.score) and a.score >= 0.5
        assert "at 2% of its size after it in the months it ran: small trade" in f["sentence"]


@pytest.mark.parametrize("onward", [1.2, 2.5, 0.6])
def test_an_outflow_worth_a_little_more_than_its_inflow_carries_it_on(
    ws: Workspace, tmp_path: Path, onward: float
) -> None:
    """Goods flow on, often at higher unit values (DOMAIN.md): an outflow worth up to
    onward_markup (1.25) times its inflow carries it on in full (outside world A22_s20: CHE ->
    CHN -> UZB 9306, a planted chain whose outflow ran at 132 % of its inflow, 0.48 -> 0.58);
    beyond the markup, and below the inflow, a fourfold gap scores 0, log-linear."""
    t = Trade()
    for reporter in ("HUN", "SRB"):
        t.series("Export", reporter, "ITA", "851712", ALL, 500_000)
        t.series("Import", reporter, "ITA", "851712", ALL, 530_000)
    t.series("Export", "HUN", "POL", "930690", ALL, 300_000)
    run = months("2022-07", "2023-12")
    t.series("Export", "SRB", "HUN", "930690", run, [1e6] * len(run))
    onward_run = months("2022-09", "2023-12")
    t.series("Export", "HUN", "UKR", "930690", onward_run, [onward * 1e6] * len(onward_run))
    a, ev, _ = _new_routes(run_scan(t.write(ws, tmp_path / "t.csv"), ["transshipment"]))
    assert ev["onward_share"] == pytest.approx(onward, abs=1e-3)
    f = next(f for f in ev["score_factors"] if f["name"] == "onward_share_near_one")
    gap = math.log(max(onward / 1.25, 1.0)) if onward > 1 else abs(math.log(onward))
    assert f["value"] == pytest.approx(1 - gap / math.log(4.0), abs=1e-3)
    assert ("in full from 100% to 125%") in f["sentence"]
    if onward == 1.2:
        assert f["value"] == 1.0 and a.score >= 0.5
