"""`route_break`: a route that was absent or small, then appears or jumps, and stays.

Every reported monthly series (reporter, partner, flow, six-digit code, and all-goods totals
where the data has them) gets its best single upward change point (`flows.change_points`: the
least-squares break in log value, computed for all series at once in SQL rather than one
`ruptures` call per series, so that it scales and runs on any Ibis backend). A month in which the
reporter reported nothing is missing, not zero. A break is flagged when the level after it is
several times the level before, the shift is large against the series' own noise (pooled t),
and the new level persists (most months after the break carry the flow). Controlled, CHPL and
cover codes score higher than ordinary goods: a new route of ammunition matters more than a new
route of furniture.

Series are at the level each reporter's data has (HS6, HS4 or HS2; one level per reporter,
direction and chapter, so that a series does not jump from one code to another between files);
a heading or chapter weighs as controlled when every child is, and names the listed items it
holds otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.detect import flows as fl
from shadowtrade.detect import levels as lv
from shadowtrade.detect.alerts import alert_row
from shadowtrade.detect.registry import Detector, TradeInputs, register
from shadowtrade.incremental import per_series
from shadowtrade.schema import ALERTS

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

NAME = "route_break"
KEYS = ["reporter", "partner", "flow", "code"]
MAX_SCORE = 0.9
FULL_MONTHS = 9.0  # months after a break from which it counts in full


def candidates(ws: Workspace, p: dict[str, Any]) -> ir.Table:
    f = fl.between_countries(ws, fl.monthly_flows(ws, with_totals=True))
    before, after = p["min_months_before"], p["min_months_after"]

    def breaks(restrict: Callable[[ir.Table], ir.Table]) -> ir.Table:
        s = restrict(f)  # a series needs its own rows and its reporter's calendar only
        cal = restrict(fl.reported_months(ws, with_totals=True, between=True))
        return fl.change_points(
            s, KEYS, cal, ["reporter", "flow"], min_before=before, min_after=after
        )

    cp = per_series(
        ws, "route_break_breaks", {"before": before, "after": after}, breaks, ("reporter",)
    )
    cp = fl.rising(cp, p)
    cp = cp.join(fl.code_weight(ws, cp.select("code")), "code")
    # Each factor is 1 for an unmistakable break: a 16-fold jump, t ≥ 10, every month after.
    # One series is one signal: a break alone tops out at MAX_SCORE, leaving the top of the
    # scale to findings that several series corroborate (mirror, transshipment).
    s_jump = (cp.jump / 4.0).clip(upper=1.0)
    s_t = (cp.t / 10.0).clip(upper=1.0)
    s_persist = cp.nonzero_after
    # A rise seen for a few months only (at the end of the data) is tentative.
    s_dur = 0.5 + 0.5 * (cp.n_after / FULL_MONTHS).clip(upper=1.0)
    score = MAX_SCORE * cp.weight * (0.35 + 0.65 * s_jump * s_t) * (0.5 + 0.5 * s_persist) * s_dur
    return cp.mutate(score=score.clip(0.0, 1.0))


def to_alerts(
    df: pd.DataFrame, levels: dict[tuple[str, str, str], int] | None = None
) -> pd.DataFrame:
    """Rows of the alert contract; `levels` names the HS level where it is coarser than HS6."""
    rows = []
    for r in df.to_dict("records"):
        export = r["flow"] in fl.EXPORTS
        origin, dest = (r["reporter"], r["partner"]) if export else (r["partner"], r["reporter"])
        brk, last = pd.Timestamp(r["break_period"]).date(), pd.Timestamp(r["last_period"]).date()
        code = r["code"]
        sides = [(r["reporter"], r["flow"])]
        at = lv.level_words(code, levels or {}, sides)
        what = "all goods" if code == "TOTAL" else f"HS {code}" + (f" ({at})" if at else "")
        before, after = float(r["usd_before"]), float(r["usd_after"])
        change = (
            "from nothing"
            if before <= 0
            else f"from {before / 1e6:,.2f} M USD a month ({after / before:,.1f}x)"
        )
        summary = (
            f"{r['reporter']}'s reported {r['flow']}s of {what} "
            f"{'to' if export else 'from'} {r['partner']} rose in {brk:%Y-%m} {change}"
            f" to {after / 1e6:,.2f} M USD a month, and carried on in"
            f" {r['nonzero_after']:.0%} of the {int(r['n_after'])} months to {last:%Y-%m}."
        )
        evidence = {
            "reporter": r["reporter"],
            "partner": r["partner"],
            "flow": r["flow"],
            "code": code,
            "break_month": f"{brk:%Y-%m}",
            "last_month": f"{last:%Y-%m}",
            "mean_usd_per_month_before": round(before, 2),
            "mean_usd_per_month_after": round(after, 2),
            "months_before": int(r["n_before"]),
            "months_after": int(r["n_after"]),
            "share_of_months_with_flow_before": round(float(r["nonzero_before"]), 3),
            "share_of_months_with_flow_after": round(float(r["nonzero_after"]), 3),
            "t_statistic": round(float(r["t"]), 2),
            "jump_log2": round(float(r["jump"]), 2) if math.isfinite(r["jump"]) else None,
            "code_category": r["category"],
            "code_weight": float(r["weight"]),
            **_listed(r),
            **({} if code == "TOTAL" else lv.level_evidence(code, levels or {}, sides)),
            "series": r.get("series"),
        }
        rows.append(
            alert_row(
                NAME,
                (r["reporter"], r["partner"], r["flow"], code, brk),
                score=r["score"],
                origin=origin,
                destination=dest,
                hs_code=None if code == "TOTAL" else code,
                period_start=brk,
                period_end=last,
                summary=summary,
                evidence=evidence,
            )
        )
    return pd.DataFrame(rows, columns=list(ALERTS))


def _listed(r: Mapping[Any, Any]) -> dict[str, Any]:
    """The control-list or CHPL items a heading or chapter holds (none at HS6)."""
    within = r.get("listed_within")
    return {"listed_items_within": within.split(",")} if isinstance(within, str) else {}


def detect(ws: Workspace, p: dict[str, Any]) -> ir.Table:
    c = candidates(ws, p)
    df = c.to_pandas()
    if len(df):
        f = fl.monthly_flows(ws, with_totals=True)
        keys = ibis.memtable(df[KEYS].drop_duplicates())  # not `c` again: it would rerun
        s = f.join(keys, KEYS).select(*KEYS, "period", "value").to_pandas()
        df = df.merge(fl.series_json(s, KEYS), on=KEYS, how="left")
    return ibis.memtable(to_alerts(df, lv.level_lookup(ws)))


DETECTOR = register(
    Detector(
        name=NAME,
        description="routes that appear or jump and persist (change point in the monthly series)",
        reads=("trade_flows", "trade_aggregates", "ref_control_list", "ref_cover_codes"),
        trade=TradeInputs(
            levels=(2, 4, 6), why_not=(("A", "a change point needs a monthly series"),)
        ),
        run=detect,
        parameters=fl.rise_parameters(min_t=4.0, min_months_after=4),
    )
)
