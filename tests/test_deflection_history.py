"""deflection weighs the longer history and the shape of the rise: a neighbour flow that ran at
the same level before the year before the shock resumed (F1), and a rise made of one or two
deliveries is no monthly flow (F23). Both stay alerts, said so, and score as a lone triple."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from shadowtrade.detect.deflection import year_words
from shadowtrade.scanning import run_scan
from shadowtrade.workspace import Workspace

HEADER = "period,trade_flow,reporter_iso,partner_iso,commodity_code,trade_value_usd,netweight_kg\n"
MONTHS = [(y, m) for y in (2020, 2021, 2022) for m in range(1, 13)]
SHOCK = MONTHS.index((2022, 3))


def series(par: str, code: str, value: Callable[[int], float], rep: str = "DEU") -> str:
    return "".join(
        f"{y}{m:02d},Export,{rep},{par},{code},{value(i):.0f},{value(i) / 20:.0f}\n"
        for i, (y, m) in enumerate(MONTHS)
        if value(i) > 0
    )


def step(before: float, after: float) -> Callable[[int], float]:
    return lambda i: before if i < SHOCK else after


def _scan(ws: Workspace, tmp_path: Path, kaz: Callable[[int], float]) -> dict[str, Any]:
    """DEU's 847130 to RUS collapses, its flow to KAZ is `kaz`; FRA and ITA move the code to
    KAZ from next to nothing (so DEU's triple would count as part of a broad pattern)."""
    text = HEADER + series("RUS", "847130", step(100_000, 4_000)) + series("KAZ", "847130", kaz)
    for rep in ("FRA", "ITA"):
        text += series("RUS", "847130", step(80_000, 2_000), rep)
        text += series("USA", "847130", step(30_000, 30_000), rep)
        text += series("KAZ", "847130", step(1_000, 60_000), rep)
    f = tmp_path / "d.csv"
    f.write_text(text)
    assert ws.ingest(f).quarantined == 0
    alerts = run_scan(ws, ["deflection"])
    by = {a.origin: a for a in alerts.itertuples()}
    assert set(by) == {"DEU", "FRA", "ITA"}
    for rep in ("FRA", "ITA"):  # the others' triples: a new monthly flow, broad, unchanged
        assert by[rep].score >= 0.5
        assert "resum" not in by[rep].summary and "% of it in" not in by[rep].summary
    a = by["DEU"]
    ev = json.loads(a.evidence)
    return {"alert": a, "ev": ev, "f": {f["name"]: f for f in ev["score_factors"]}}


def test_a_flow_that_ran_before_the_year_before_resumed(ws: Workspace, tmp_path: Path) -> None:
    """KAZ took 90,000 USD a month all through 2020, nothing in 2021, 90,000 again from 2022-03:
    not 'rose from next to nothing' but a resumption at its 2020 level."""
    in_2021 = [i for i, (y, _) in enumerate(MONTHS) if y == 2021]
    got = _scan(ws, tmp_path, lambda i: 0 if i in in_2021 or i in (24, 25) else 90_000)
    a, ev, f = got["alert"], got["ev"], got["f"]
    # 2020-01…2021-02 (the 14 months before the year before): 12 at 90,000, two at nothing
    assert ev["neighbour_usd_per_month_earlier"] == pytest.approx(12 * 90_000 / 14, abs=0.01)
    assert ev["earlier_months"] == "2020-01…2021-02"
    assert "from nothing" in a.summary
    assert "the year before" not in a.summary  # nothing then: 'from nothing' says it
    assert "But it ran at 77,143 USD a month in 2020-01…2021-02: a resumption" in a.summary
    # log2((90,000 + 5,000) / (77,143 + 5,000)) = 0.21 of the 4 that count in full
    assert f["rise_beyond_trend"]["value"] == pytest.approx(0.0524, abs=1e-4)
    assert "1.2-fold its earlier level" in f["rise_beyond_trend"]["sentence"]
    assert f["pattern_is_broad"]["value"] == 0.0
    assert "not counted: a resumption" in f["pattern_is_broad"]["sentence"]
    assert a.score < 0.5


def test_a_rise_of_two_deliveries_is_no_monthly_flow(ws: Workspace, tmp_path: Path) -> None:
    """KAZ took 3,000 USD every month, and 3.5 M and 1.8 M in 2022-04 and 2022-05: the mean
    rise is two deliveries; persistence counts the months that carried the rise (2 of 10), not
    the months the small flow ran (10 of 10)."""
    big = {MONTHS.index((2022, 4)): 3_500_000, MONTHS.index((2022, 5)): 1_800_000}
    got = _scan(ws, tmp_path, lambda i: big.get(i, 3_000))
    a, f = got["alert"], got["f"]
    assert f["rise_persists"]["value"] == 0.2
    assert "carried the rise in 2 of the 10 months" in f["rise_persists"]["sentence"]
    assert "100% of it in 2022-04 and 2022-05" in a.summary
    assert "not a monthly flow" in a.summary
    assert f["pattern_is_broad"]["value"] == 0.0
    assert "not counted: one or two deliveries" in f["pattern_is_broad"]["sentence"]
    assert a.score < 0.5


def test_a_steady_rise_is_said_plainly(ws: Workspace, tmp_path: Path) -> None:
    """The same code at 3,000 then 90,000 every month, nothing earlier to resume: no caveat,
    the breadth counts; and the year before is said as what grew ('flat')."""
    got = _scan(ws, tmp_path, lambda i: 3_000 if i < SHOCK else 90_000)
    a, f = got["alert"], got["f"]
    assert f["rise_persists"]["value"] == 1.0 and f["pattern_is_broad"]["value"] == 1.0
    assert "the year before, its exports to KAZ were flat (×1.0)" in a.summary
    assert "resum" not in a.summary and "deliver" not in a.summary
    assert a.score >= 0.5


@pytest.mark.parametrize(
    ("before", "year", "said"),
    [
        (0.0, 1.0, ""),
        (3_000.0, 1.0, "; the year before, its exports to KAZ were flat (×1.0)"),
        (3_000.0, 0.86, "; the year before, its exports to KAZ were flat (×0.9)"),
        (3_000.0, 0.6, "; the year before, its exports to KAZ were down (×0.6) within that year"),
        (3_000.0, 2.3, "; the year before, its exports to KAZ were up (×2.3) within that year"),
    ],
)
def test_the_year_before_says_what_grew(before: float, year: float, said: str) -> None:
    """'down (×0.9)' contradicted itself: what reads ×0.9 to ×1.1 is flat."""
    assert year_words("KAZ", before, year) == said
