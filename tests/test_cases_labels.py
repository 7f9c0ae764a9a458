"""Case titles: a heading known as a civilian cover for arms is called one only where a finding
ties it to the controlled goods; descriptions are cut at a word, not mid-word (tester F20)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from shadowtrade.cases import build_cases, list_cases
from shadowtrade.cases.store import cut_words
from shadowtrade.detect.alerts import alert_row
from shadowtrade.schema import ALERTS
from shadowtrade.workspace import Workspace


def _alert(detector: str, n: int, origin: str, dest: str, hs: str | None, *, via: str | None = None,
           declared: str | None = None) -> dict[str, object]:  # fmt: skip
    return alert_row(
        detector, (n,), score=0.8, origin=origin, destination=dest, hs_code=hs,
        period_start=date(2022, 3, 1), period_end=date(2022, 11, 1), summary=f"{detector} {n}",
        evidence={}, via=via, declared_hs_code=declared,
    )  # fmt: skip


def test_cover_words_only_where_a_finding_ties_the_codes(ws: Workspace) -> None:
    """870899 is shipped as a cover for 8710 (armoured-vehicle parts). LTU's car parts deflected
    to ARM are car parts, and so are DEU's to KAZ; a route declared as 870899 whose goods are
    8710 ties them."""
    rows = pd.DataFrame([
        _alert("deflection", 1, "LTU", "RUS", "870899", via="ARM"),
        _alert("route_break", 2, "DEU", "KAZ", "870899"),
        _alert("transshipment", 3, "POL", "UKR", "870899", via="CZE", declared="871000"),
    ])[list(ALERTS)]  # fmt: skip
    ws.raw.register("_new", rows)
    ws.raw.execute("INSERT INTO alerts SELECT * FROM _new")
    build_cases(ws)
    titles = sorted(list_cases(ws)["title"])
    assert titles == [
        "DEU → KAZ · HS 8708 Motor vehicles",
        "LTU → ARM → RUS · HS 8708 Motor vehicles",
        "POL → CZE → UKR · HS 8708, a civilian code used as cover for 8710",
    ]


def test_descriptions_are_cut_at_a_word() -> None:
    text = "Conveyor or transmission belts or belting, of vulcanised rubber"
    assert cut_words(text, 48) == "Conveyor or transmission belts or belting, of…"
    assert cut_words(text) == "Conveyor or transmission belts or belting, of vulcanised…"
    assert cut_words("short", 48) == "short"


def test_a_case_on_the_all_goods_totals_is_titled_all_goods(ws: Workspace) -> None:
    # tester2 D27: mirror_gap and route_break on Eurostat's TOTAL (no HS code) read "HS ----"
    rows = pd.DataFrame([
        _alert("mirror_gap", 1, "LTU", "ARM", None),
        _alert("route_break", 2, "LTU", "ARM", None),
    ])[list(ALERTS)]  # fmt: skip
    ws.raw.register("_new", rows)
    ws.raw.execute("INSERT INTO alerts SELECT * FROM _new")
    build_cases(ws)
    assert list(list_cases(ws)["title"]) == ["LTU → ARM · all goods"]


def test_a_case_titled_by_the_controlled_heading_names_the_heading_the_goods_were_booked_under(
    ws: Workspace,
) -> None:
    """A unit value priced like ammunition reads the goods as 9306, but SRB booked them as
    761699: the title names both, so the analyst finds the records (world A1_s20's S08 was
    titled 'ammunition (HS 9306)' alone; the route break of the same goods joins that case). A
    case titled by the declared heading itself names no other."""
    rows = pd.DataFrame([
        _alert("unit_value", 1, "CHN", "SRB", "9306", declared="761699"),
        _alert("route_break", 2, "CHN", "SRB", "761699"),
        _alert("route_break", 3, "KOR", "ARE", "848790"),
    ])[list(ALERTS)]  # fmt: skip
    ws.raw.register("_new", rows)
    ws.raw.execute("INSERT INTO alerts SELECT * FROM _new")
    build_cases(ws)
    titles = sorted(list_cases(ws)["title"])
    assert len(titles) == 2, titles
    assert titles[0] == "CHN → SRB · ammunition (HS 9306), declared as HS 7616", titles
    assert titles[-1].startswith("KOR → ARE · HS 8487 ") and "declared" not in titles[-1]
