"""A deflection is one case per exporter, goods heading and destination that collapsed (tester
F21): every neighbour that took the lost flow is a leg of it, the codes of one heading are one
case, two exporters are two cases; the strongest neighbour counts in full, the others at
`neighbour_weight`, goods on no CHPL or control list at `plain_goods_weight`; the case page
draws the collapse beside every neighbour's flow."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from tests.test_deflection import HEADER, series, step

from shadowtrade.cases import build_cases, list_cases
from shadowtrade.detect.alerts import alert_row
from shadowtrade.scanning import run_scan
from shadowtrade.schema import ALERTS
from shadowtrade.views import case_series
from shadowtrade.web.data import Filters, cases_page, filter_mask
from shadowtrade.workspace import Workspace


def _alert(detector: str, origin: str, via: str | None, hs: str, score: float,
           dest: str = "RUS") -> dict[str, object]:  # fmt: skip
    return alert_row(
        detector, (origin, via, hs, dest), score=score, origin=origin, destination=dest,
        hs_code=hs, period_start=date(2022, 3, 1), period_end=date(2022, 11, 1),
        summary=f"{detector} {origin} {hs} {via}", evidence={}, via=via,
    )  # fmt: skip


def _insert(ws: Workspace, alerts: list[dict[str, object]]) -> None:
    ws.raw.register("_new", pd.DataFrame(alerts)[list(ALERTS)])
    ws.raw.execute("INSERT INTO alerts SELECT * FROM _new")
    ws.raw.unregister("_new")


def _members(ws: Workspace, case_id: str) -> list[tuple[str, str, str | None, str]]:
    return [
        (str(r[0]), str(r[1]), r[2], str(r[3]))
        for r in ws.raw.execute(
            "SELECT m.role, a.detector, a.via, a.hs_code FROM case_alerts m JOIN alerts a"
            " USING (alert_id) WHERE m.case_id = ? ORDER BY a.score DESC",
            [case_id],
        ).fetchall()
    ]


@pytest.fixture
def grouped(ws: Workspace) -> Workspace:
    """LTU's yachts (8903) to RUS collapse and go to KAZ (890310 0.85, and its other line
    890399 0.60) and BLR (890310 0.84), with LTU's own new route to KAZ (route_break 0.30);
    POL's 890310 to RUS goes to KAZ too (0.70)."""
    _insert(ws, [
        _alert("deflection", "LTU", "KAZ", "890310", 0.85),
        _alert("deflection", "LTU", "BLR", "890310", 0.84),
        _alert("deflection", "LTU", "KAZ", "890399", 0.60),
        _alert("route_break", "LTU", None, "890310", 0.30, dest="KAZ"),
        _alert("deflection", "POL", "KAZ", "890310", 0.70),
    ])  # fmt: skip
    build_cases(ws)
    return ws


def test_two_neighbours_and_two_lines_of_one_collapse_are_one_case(grouped: Workspace) -> None:
    cases = list_cases(grouped).set_index("title")
    assert list(cases.index) == [
        "LTU → KAZ + BLR → RUS · HS 8903 Yachts and other vessels",
        "POL → KAZ → RUS · HS 8903 Yachts and other vessels",
    ]  # two exporters: two cases; LTU's two neighbours and two codes: one
    ltu = cases.loc["LTU → KAZ + BLR → RUS · HS 8903 Yachts and other vessels"]
    assert ltu["kind"] == "route" and ltu["alerts"] == 4 and ltu["lines"] == 3
    assert _members(grouped, str(ltu["case_id"])) == [
        ("route", "deflection", "KAZ", "890310"),
        ("route", "deflection", "BLR", "890310"),
        ("route", "deflection", "KAZ", "890399"),
        ("leg 1", "route_break", None, "890310"),  # the exporter's flow to a neighbour
    ]
    row = grouped.raw.execute(
        "SELECT origin, via, destination, goods, explanation FROM cases WHERE case_id = ?",
        [ltu["case_id"]],
    ).fetchone()
    assert row is not None
    assert row[:4] == ("LTU", "KAZ,BLR", "RUS", "8903")
    # KAZ, the strongest neighbour, in full; BLR at half; yachts on no list at 0.7.
    kaz, blr = 0.85 * 0.7, 0.84 * 0.5 * 0.7
    want = 1 - (1 - 0.8 * kaz) * (1 - 0.8 * blr) * (1 - 0.8 * 0.30)
    assert ltu["score"] == pytest.approx(round(want, 3))
    lines = {e["line"]: e["strength"] for e in json.loads(str(row[4]))}
    assert lines == {
        "exports move next door as a destination collapses (LTU, RUS→KAZ; its alert 0.85,"
        " goods on no CHPL or control list ×0.7)": round(kaz, 3),
        "exports move next door as a destination collapses (LTU, RUS→BLR; its alert 0.84,"
        " a further neighbour of the same collapse ×0.5, goods on no CHPL or control list"
        " ×0.7)": round(blr, 3),
        "a flow appears from nothing (LTU→KAZ)": 0.3,
    }
    assert str(ltu["summary"]).startswith(
        "One case for LTU's exports of HS 8903 to RUS, which collapsed: 2 neighbours took it"
        " (KAZ 0.85, BLR 0.84); 2 codes of the heading (890310, 890399). LTU → KAZ + BLR → RUS"
    )
    assert (": 4 alert(s) in 3 line(s) of evidence, 1 of them on a further neighbour of the same"
            " collapse (weighed less: not independent) — ") in str(ltu["summary"])  # fmt: skip
    pol = cases.loc["POL → KAZ → RUS · HS 8903 Yachts and other vessels"]
    assert pol["alerts"] == 1 and pol["score"] == pytest.approx(round(0.8 * 0.7 * 0.7, 3))
    assert str(pol["summary"]).startswith(
        "One case for POL's exports of HS 8903 to RUS, which collapsed: one neighbour took it"
        " (KAZ 0.70); code 890310."
    )


def test_a_second_neighbour_finds_the_case(grouped: Workspace) -> None:
    """`via` lists the neighbours: the web's and the API's country filter finds the case by
    any of them, in SQL and on the server's held copy alike."""
    found, n = cases_page(grouped, Filters(country="BLR"), 1, 10)
    assert n == 1 and list(found["title"]) == [
        "LTU → KAZ + BLR → RUS · HS 8903 Yachts and other vessels"
    ]
    held = grouped.raw.execute("SELECT * FROM cases ORDER BY case_id").df()
    for country, titles in (("BLR", 1), ("KAZ", 2), ("LT", 0)):
        assert filter_mask(held, Filters(country=country), cases=True).sum() == titles


def test_chpl_goods_rank_above_plain_goods_on_the_same_evidence(ws: Workspace) -> None:
    """8471 (computers) holds CHPL items, 8903 (yachts) none: the same deflection scores
    0.8 × 0.8 against 0.8 × 0.8 × 0.7."""
    _insert(ws, [
        _alert("deflection", "LTU", "KAZ", "847130", 0.80),
        _alert("deflection", "LTU", "KAZ", "890310", 0.80),
    ])  # fmt: skip
    build_cases(ws)
    cases = list_cases(ws)
    assert list(zip(cases["score"], cases["title"].str.split(" · ").str[1].str[:7],
                    strict=True)) == [(0.64, "HS 8471"), (0.448, "HS 8903")]  # fmt: skip


def test_the_case_page_draws_the_collapse_beside_every_neighbour(
    ws: Workspace, tmp_path: Path
) -> None:
    """DEU's 847130 to RUS collapses in 2022-03 and rises to KAZ and to KGZ (FRA and ITA move
    theirs to KAZ too): one case, one chart with the collapse and both neighbours' flows."""
    text = HEADER + series("RUS", "847130", step(100_000, 4_000))
    text += series("KAZ", "847130", step(3_000, 90_000))
    text += series("KGZ", "847130", step(2_000, 70_000))
    for rep in ("FRA", "ITA"):
        text += series("RUS", "847130", step(80_000, 2_000), rep)
        text += series("USA", "847130", step(30_000, 30_000), rep)
        text += series("KAZ", "847130", step(1_000, 60_000), rep)
    f = tmp_path / "d.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    run_scan(ws, ["deflection"])
    build_cases(ws)
    row = ws.raw.execute(
        "SELECT case_id, via, alerts FROM cases WHERE origin = 'DEU' AND destination = 'RUS'"
    ).fetchall()
    assert len(row) == 1 and row[0][1:] == ("KAZ,KGZ", 2)
    charts = case_series(ws, str(row[0][0]))
    first = charts[0]
    assert first["kind"] == "deflection"
    assert first["title"] == (
        "DEU's exports of HS 8471 as DEU reports them: to RUS, which collapsed, beside KAZ and KGZ"
    )
    assert list(first["series"]) == ["DEU → RUS (collapsed)", "DEU → KAZ", "DEU → KGZ"]
    assert sum(first["series"]["DEU → KGZ"]) == 14 * 2_000 + 10 * 70_000
    assert sum(first["series"]["DEU → RUS (collapsed)"]) == 14 * 100_000 + 10 * 4_000
    assert [c["kind"] for c in charts].count("deflection") == 1
