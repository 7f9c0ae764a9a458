"""deflection on a hand-built exporter: its exports to Russia collapse in 2022-03; of four codes
only one moves to Kazakhstan beyond every trend the data shows."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from shadowtrade.detect.deflection import neighbours
from shadowtrade.scanning import run_scan
from shadowtrade.workspace import Workspace

HEADER = "period,trade_flow,reporter_iso,partner_iso,commodity_code,trade_value_usd,netweight_kg\n"
MONTHS = [(y, m) for y in (2021, 2022) for m in range(1, 13)]
SHOCK = MONTHS.index((2022, 3))


def series(par: str, code: str, value: Callable[[int], float], rep: str = "DEU") -> str:
    return "".join(
        f"{y}{m:02d},Export,{rep},{par},{code},{value(i):.0f},{value(i) / 20:.0f}\n"
        for i, (y, m) in enumerate(MONTHS)
        if value(i) > 0
    )


def step(before: float, after: float) -> Callable[[int], float]:
    return lambda i: before if i < SHOCK else after


def _exporters(ws: Workspace, tmp_path: Path, others_deflect: bool) -> Workspace:
    text = HEADER
    for code in ("847130", "850440", "870323"):
        text += series("RUS", code, step(100_000, 4_000))  # the code's exports to RUS collapse
    text += series("KAZ", "847130", step(3_000, 90_000))  # deflected: 30-fold next door
    text += series("KGZ", "847130", step(20_000, 21_000))  # flat: no deflection
    text += series("KAZ", "850440", step(5_000, 150_000))  # 30-fold, but so is ...
    text += series("USA", "850440", step(50_000, 1_500_000))  # ... the code everywhere
    text += series("KAZ", "870323", lambda i: 2_000 * 1.15**i)  # its own steady growth
    text += series("RUS", "901380", step(50_000, 50_000))  # no collapse to RUS ...
    text += series("ARM", "901380", step(2_000, 80_000))  # ... so a rise is no deflection
    # A shock is common to exporters: FRA's and ITA's exports to RUS collapse too (and nothing
    # moves next door); their flows elsewhere keep their calendars complete.
    for rep in ("FRA", "ITA"):
        text += series("RUS", "847130", step(80_000, 2_000), rep)
        text += series("USA", "847130", step(30_000, 30_000), rep)
        if others_deflect:
            text += series("KAZ", "847130", step(1_000, 60_000), rep)
    f = tmp_path / "d.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    return ws


@pytest.fixture
def exporter(ws: Workspace, tmp_path: Path) -> Workspace:
    """DEU alone moves one code to KAZ: a lone coincidence."""
    return _exporters(ws, tmp_path, others_deflect=False)


def test_only_the_deflected_code_is_flagged(exporter: Workspace) -> None:
    alerts = run_scan(exporter, ["deflection"])
    got = [(a.origin, a.hs_code, a.destination, a.via) for a in alerts.itertuples()]
    assert got == [("DEU", "847130", "RUS", "KAZ")]
    a = alerts.iloc[0]
    ev = json.loads(a.evidence)
    assert ev["shock_month"] == "2022-03"
    assert str(a.period_start) == "2022-03-01" and str(a.period_end) == "2022-12-01"
    assert ev["destination_usd_per_month_before"] == 100_000
    assert ev["destination_usd_per_month_after"] == 4_000
    assert ev["neighbour_usd_per_month_before"] == 3_000
    assert ev["neighbour_usd_per_month_after"] == 90_000
    assert ev["control_rise_log2"] is None  # DEU exports 847130 nowhere else
    fs = {f["name"]: f["value"] for f in ev["score_factors"]}
    assert fs["destination_collapsed"] == 0.96
    # log2((90,000 + 5,000) / (3,000 + 5,000)) = 3.57 of the 4 that count in full
    assert fs["rise_beyond_trend"] == pytest.approx(3.570 / 4, abs=1e-3)
    assert fs["absorbs_lost_flow"] == pytest.approx(87_000 / 96_000, abs=1e-4)
    assert fs["pattern_is_broad"] == 0.0  # no other code, no other exporter
    assert fs["rise_persists"] == 1.0  # it ran in each of the 10 months after
    strength = (0.96 + 3.570 / 4 + 1.0 + 0.5 * 87_000 / 96_000) / 3.5
    assert a.score == pytest.approx(0.45 * strength, abs=1e-3)  # alone: below 0.5
    assert a.summary.startswith(
        "DEU's exports of HS 847130 to RUS fell 96% from 2022-03 (100,000 → 4,000 USD a month),"
        " while its exports of the same code to KAZ rose"
    )
    assert ev["series"]["RUS 2022-03"] == 4_000 and ev["series"]["KAZ 2022-03"] == 90_000


def test_several_exporters_moving_one_code_is_a_pattern(ws: Workspace, tmp_path: Path) -> None:
    """FRA and ITA move 847130 to KAZ as DEU does: each triple has two other exporters, which
    count in full (full_exporters 3), and scores (0.45 + 0.5) × strength."""
    alerts = run_scan(_exporters(ws, tmp_path, others_deflect=True), ["deflection"])
    assert sorted(alerts["origin"]) == ["DEU", "FRA", "ITA"]
    for a in alerts.itertuples():
        ev = json.loads(a.evidence)
        fs = {f["name"]: f for f in ev["score_factors"]}
        assert fs["pattern_is_broad"]["value"] == 1.0
        assert "2 other exporter(s) moved this code there" in fs["pattern_is_broad"]["sentence"]
        assert a.score >= 0.5 and a.via == "KAZ" and a.hs_code == "847130"


def test_within_trend_is_not_flagged_but_a_lower_bar_flags_it(exporter: Workspace) -> None:
    """870323's exports to KAZ grew 15 % a month all along: its rise after 2022-03 is its
    trend. Asking for no rise beyond trend (min_ratio 1) flags it and the DiD case too."""
    loose = run_scan(exporter, ["deflection"], ["deflection.min_ratio=0.5"])
    assert {(a.hs_code, a.via) for a in loose.itertuples()} >= {("870323", "KAZ")}


def test_neighbours_are_within_two_land_borders() -> None:
    near = neighbours("RUS", 2)
    assert {"KAZ", "GEO", "BLR", "KGZ", "ARM", "UZB"} <= near
    assert "RUS" not in near and "USA" not in near
    assert neighbours("RUS", 1) >= {"KAZ", "GEO", "BLR"} and "ARM" not in neighbours("RUS", 1)
    assert "ARE" in neighbours("RUS", 1, "ARE, TUR")


def test_cli_alert_shows_the_score_factors(
    exporter: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`shadowtrade alert ID` prints what the score is made of: each factor, its value, its
    weight and the sentence, under the scoring version."""
    from typer.testing import CliRunner

    from shadowtrade.cli import app, base

    # The console's width was fixed when the CLI was first imported (COLUMNS then, else the
    # terminal's or 80): set it, so that the row is not wrapped whatever ran before.
    monkeypatch.setattr(base.out, "_width", 200)

    alert_id = str(run_scan(exporter, ["deflection"]).iloc[0].alert_id)
    exporter.close()
    res = CliRunner().invoke(
        app, ["alert", alert_id, "-w", str(tmp_path / "ws")], env={"COLUMNS": "200"}
    )
    assert res.exit_code == 0, res.output
    assert "score factors (deflection/3)" in res.output
    line = next(x for x in res.output.splitlines() if "destination_collapsed" in x)
    assert "0.96" in line and "the code's exports to RUS fell by 96%" in line
    assert "pattern_is_broad" in res.output and "0.00" in res.output


def test_report_case_alerts_show_the_score_factors(exporter: Workspace) -> None:
    """The HTML report's case section lists each alert's factors beside its score."""
    from shadowtrade.cases.store import build_cases
    from shadowtrade.report.sections import case_section

    alert_id = str(run_scan(exporter, ["deflection"]).iloc[0].alert_id)
    build_cases(exporter)
    found = exporter.raw.execute(
        "SELECT case_id FROM case_alerts WHERE alert_id = ?", [alert_id]
    ).fetchone()
    assert found is not None
    html = case_section(exporter, str(found[0]))
    assert "destination_collapsed 0.96 × 1.0: the code&#x27;s exports to RUS fell by 96%" in html
    assert "(deflection/3)" in html


ORDINARY = ["USA", "BRA", "JPN", "AUS", "MEX", "ZAF"]  # none within two borders of RUS
CODES = ["847130", "850440", "870323", "901380", "852580", "854140"]


def _broad_exporter(ws: Workspace, tmp_path: Path, births: bool) -> Workspace:
    """DEU's exports of six codes to RUS collapse in 2022-03 and all six rise 30-fold to KAZ.
    Each code goes at a steady 100 k a month to two of six ordinary partners; with `births`,
    it is also born (0 → 20 k a month) to the other four in 2022-03: each ordinary partner
    sees four of DEU's collapsed codes rise in the same months by chance."""
    text = HEADER
    for k, code in enumerate(CODES):
        text += series("RUS", code, step(100_000, 4_000))
        text += series("KAZ", code, step(3_000, 90_000))
        for j, par in enumerate(ORDINARY):
            if (j + k) % 3 == 0:
                text += series(par, code, step(100_000, 100_000))
            elif births:
                text += series(par, code, step(0, 20_000))
    for rep in ("FRA", "ITA"):
        text += series("RUS", "847130", step(80_000, 2_000), rep)
        text += series("USA", "847130", step(30_000, 30_000), rep)
    f = tmp_path / "b.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    return ws


def _broad(ws: Workspace) -> dict[str, dict[str, object]]:
    alerts = run_scan(ws, ["deflection"])
    assert sorted(alerts["hs_code"]) == sorted(CODES) and set(alerts["via"]) == {"KAZ"}
    out = {}
    for a in alerts.itertuples():
        ev = json.loads(a.evidence)
        out[a.hs_code] = {"score": a.score, "chance": ev["chance_codes_per_partner"]} | next(
            f for f in ev["score_factors"] if f["name"] == "pattern_is_broad"
        )
    return out


def test_chance_codes_are_learnt_from_the_exporters_ordinary_partners(
    ws: Workspace, tmp_path: Path
) -> None:
    """deflection/2: six codes moved to KAZ; chance is what the same collapsed codes did
    towards DEU's six ordinary partners in the same months. Born to four partners each, four
    of them to each partner: four of the six codes are chance, (6 − 4) / (10 − 3) counts.
    Flat towards them: the floor, coincident_codes (3), is chance: 3 / 7 (as deflection/1
    took whatever the data)."""
    got = _broad(_broad_exporter(ws, tmp_path, births=True))
    for g in got.values():
        assert g["chance"] == 4.0
        assert g["value"] == pytest.approx(2 / 7, abs=1e-4)
        assert "4 counted as chance: the most of its collapsed codes" in str(g["sentence"])
        assert "one of its 6 ordinary partners is 4, and 3 is the floor" in str(g["sentence"])


def test_no_chance_rises_make_the_pattern_count_in_full(ws: Workspace, tmp_path: Path) -> None:
    got = _broad(_broad_exporter(ws, tmp_path, births=False))
    for g in got.values():
        assert g["chance"] == 3.0
        assert g["value"] == pytest.approx(3 / 7, abs=1e-4)
        assert float(str(g["score"])) >= 0.5
