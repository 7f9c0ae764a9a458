"""`unit_value`: flows whose value per kg is far outside their HS code's range.

Unit values vary by orders of magnitude across codes and by a factor of 2–5 within one (DOMAIN.md),
so each route's unit value (its value over its weight across the months it runs) is compared
with its own code's distribution across all routes, robustly: median and MAD of log unit value.
A civilian-cover route whose unit value sits in the range of the controlled goods it may hide
(reference `cover_codes`) is named with that controlled heading — the signature of shell bodies
declared as steel articles. Routes need several months of data, so one odd shipment is not enough.

A reporter whose data is no finer than headings is compared with the heading's distribution,
learnt from every reporter's routes summed to the heading; a heading mixes subheadings of
different prices, so a plain outlier needs a wider spread (`min_sigma_heading`), while a cover
heading priced like the controlled goods it may hide (7326 at the price of 9306) keeps the
code's. HS2 data is left out: values per kg within a chapter differ by orders of magnitude.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.detect import flows as fl
from shadowtrade.detect import levels as lv
from shadowtrade.detect.alerts import alert_row
from shadowtrade.detect.registry import Detector, Parameter, TradeInputs, register
from shadowtrade.schema import ALERTS

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

NAME = "unit_value"
MAD_TO_SIGMA = 1.4826  # MAD of a normal distribution × 1.4826 = its standard deviation


def _routes(ws: Workspace) -> ir.Table:
    """One row per reporter, partner, flow and 6-digit code: value, kg, months, log unit value,
    from the rows that carry a weight (read from the scan's shared monthly flows, one row per
    month: a count of rows is the count of months). Materialised: the spreads read it thrice."""
    f = fl.monthly_flows(ws)
    f = f.filter(f.kg_known > 0)
    r = f.group_by("reporter", "partner", "flow", "code").agg(
        value=f.kg_value.sum(),
        kg=f.kg_known.sum(),
        months=f.count(),
        first=f.period.min(),
        last=f.period.max(),
    )
    return r.mutate(log_uv=(r.value / r.kg).ln()).cache()


def _spread(routes: ir.Table, by: str) -> ir.Table:
    """Median and robust standard deviation (MAD × 1.4826) of log unit value per `by`."""
    med = routes.group_by(by).agg(med=routes.log_uv.median(), n_routes=routes.count())
    j = routes.join(med, by)
    dev = j.group_by(by).agg(mad=(j.log_uv - j.med).abs().median())
    return med.join(dev, by).mutate(sigma=dev.mad * MAD_TO_SIGMA)


def _heading_norm_routes(routes: ir.Table) -> ir.Table:
    """Routes a heading's norm is learnt from where some reporters report only headings: those
    at four digits, and the six-digit routes of the others summed to their heading."""
    six = routes.filter(routes.code.length() == 6)
    h = six.group_by("reporter", "partner", "flow", code=six.code.substr(0, 4)).agg(
        value=six.value.sum(), kg=six.kg.sum()
    )
    h = h.select("code", log_uv=(h.value / h.kg).ln())
    return routes.select("code", "log_uv").union(h)


def candidates(ws: Workspace, p: dict[str, Any]) -> ir.Table:
    routes = _routes(ws)
    norm_routes = routes
    if not lv.all_hs6(ws):
        # A chapter mixes goods whose values per kg differ by orders of magnitude: no norm.
        routes = routes.filter(routes.code.length() >= 4).cache()
        norm_routes = _heading_norm_routes(routes)
    stats = _spread(norm_routes, "code")
    r = routes.join(stats, "code")
    # A heading mixes subheadings of different prices: as a plain outlier its spread has a
    # wider floor. A cover route priced like the goods it may hide (below) is a sharper signal
    # and keeps the code's floor (zc).
    sigma = ibis.greatest(r.sigma, ibis.literal(p["min_sigma"]))
    if lv.all_hs6(ws):
        r = r.mutate(z=(r.log_uv - r.med) / sigma)
        r = r.mutate(zc=r.z)
    else:
        floor = ibis.ifelse(r.code.length() < 6, p["min_sigma_heading"], p["min_sigma"])
        r = r.mutate(
            z=(r.log_uv - r.med) / ibis.greatest(r.sigma, floor), zc=(r.log_uv - r.med) / sigma
        )

    # Controlled headings' typical unit value, for cover-code routes (at four digits too).
    cover = fl.covered_headings(ws)
    pairs = cover.select(code=cover.cover_code, heading=cover.heading)
    pairs = pairs.union(pairs.mutate(code=pairs.code.substr(0, 4))).distinct()
    ctrl_routes = routes.mutate(heading=routes.code.substr(0, 4))
    ctrl = _spread(ctrl_routes.filter(ctrl_routes.heading.isin(pairs.heading)), "heading")
    ctrl = ctrl.select("heading", ctrl_med="med", ctrl_sigma="sigma")
    cov = r.join(pairs, "code").join(ctrl, "heading")
    csig = ibis.greatest(cov.ctrl_sigma, ibis.literal(p["min_sigma"]))
    cov = cov.mutate(ctrl_z=(cov.log_uv - cov.ctrl_med) / csig)
    # The nearest controlled heading for each cover route.
    best = cov.mutate(
        rank=ibis.row_number().over(
            group_by=["reporter", "partner", "flow", "code"], order_by=cov.ctrl_z.abs()
        )
    )
    best = best.filter(best.rank == 0).select(
        "reporter", "partner", "flow", "code", "heading", "ctrl_med", "ctrl_z"
    )
    keys = ["reporter", "partner", "flow", "code"]
    r = r.left_join(best, keys).select(r, best.heading, best.ctrl_med, best.ctrl_z)
    matches = r.ctrl_z.notnull() & (r.ctrl_z.abs() <= 2.0) & (r.zc > 0)
    r = r.mutate(matches_controlled=matches.fill_null(False))
    r = r.filter(
        (r.months >= p["min_months"])
        & (r.value >= p["min_value_usd"])
        & (r.n_routes >= 5)
        & ((r.z.abs() >= p["z_min"]) | (r.matches_controlled & (r.zc >= p["z_min_cover"])))
    )
    # Outliers: z_min gives 0.21, z_min + 3 gives 0.7. A cover route priced like the controlled
    # goods it may hide: z_min_cover gives 0.55, rising to 1 three z-units higher.
    outlier = ((r.z.abs() - p["z_min"]) / 3.0 * 0.7 + 0.3).clip(upper=1.0) * 0.7
    covered = ((r.zc - p["z_min_cover"]) / 3.0 * 0.45 + 0.55).clip(upper=1.0)
    score = ibis.cases((r.matches_controlled, covered), else_=outlier)
    return r.mutate(score=score)


def to_alerts(
    df: pd.DataFrame, levels: dict[tuple[str, str, str], int] | None = None
) -> pd.DataFrame:
    """Rows of the alert contract; `levels` names the HS level where it is coarser than HS6."""
    rows = []
    for r in df.to_dict("records"):
        export = r["flow"] in ("export", "re-export")
        origin, dest = (r["reporter"], r["partner"]) if export else (r["partner"], r["reporter"])
        sides = [(r["reporter"], r["flow"])]
        at = lv.level_words(r["code"], levels or {}, sides)
        at = (
            f" ({at}; typical value of the heading learnt from every reporter's routes)"
            if at
            else ""
        )
        uv, typical = math.exp(float(r["log_uv"])), math.exp(float(r["med"]))
        start, end = pd.Timestamp(r["first"]).date(), pd.Timestamp(r["last"]).date()
        covered = bool(r["matches_controlled"])
        summary = (
            f"{r['reporter']} reported {r['flow']}s of HS {r['code']} "
            f"{'to' if export else 'from'} {r['partner']} at {uv:,.1f} USD/kg over"
            f" {int(r['months'])} months ({start:%Y-%m}–{end:%Y-%m}), against {typical:,.1f} USD/kg"
            f" typical for the code{at}"
            + (
                f", the price range of HS {r['heading']} ({math.exp(float(r['ctrl_med'])):,.1f}"
                " USD/kg)."
                if covered
                else "."
            )
        )
        evidence = {
            "reporter": r["reporter"],
            "flow": r["flow"],
            "code": r["code"],
            "unit_value_usd_per_kg": round(uv, 3),
            "code_median_usd_per_kg": round(typical, 3),
            "robust_z": round(float(r["zc"] if covered else r["z"]), 2),
            "code_routes": int(r["n_routes"]),
            "value_usd": round(float(r["value"]), 2),
            "net_weight_kg": round(float(r["kg"]), 1),
            "months": int(r["months"]),
            "nearest_controlled_heading": r["heading"] if isinstance(r["heading"], str) else None,
            "controlled_median_usd_per_kg": (
                round(math.exp(float(r["ctrl_med"])), 3) if covered else None
            ),
            **lv.level_evidence(r["code"], levels or {}, sides),
        }
        rows.append(
            alert_row(
                NAME,
                (r["reporter"], r["partner"], r["flow"], r["code"], start),
                score=r["score"],
                origin=origin,
                destination=dest,
                hs_code=r["heading"] if covered else r["code"],
                declared_hs_code=r["code"] if covered else None,
                period_start=start,
                period_end=end,
                summary=summary,
                evidence=evidence,
            )
        )
    return pd.DataFrame(rows, columns=list(ALERTS))


def detect(ws: Workspace, p: dict[str, Any]) -> ir.Table:
    return ibis.memtable(to_alerts(candidates(ws, p).to_pandas(), lv.level_lookup(ws)))


DETECTOR = register(
    Detector(
        name=NAME,
        description="routes whose value per kg is far outside their HS code's range",
        reads=("trade_flows", "ref_cover_codes"),
        trade=TradeInputs(
            levels=(4, 6),
            why_not=(
                ("2", "values per kg within a chapter differ by orders of magnitude"),
                ("A", "a route needs months of data, so that one odd shipment is not enough"),
            ),
        ),
        run=detect,
        parameters=(
            Parameter("z_min", 4.0, "robust z (MAD-based) of log unit value to flag"),
            Parameter(
                "z_min_cover",
                3.5,
                "robust z enough for a cover-code route priced like its controlled goods",
            ),
            Parameter("min_sigma", 0.35, "floor on a code's spread of log unit value"),
            Parameter(
                "min_sigma_heading",
                1.0,
                "floor on a heading's spread, where a reporter reports only headings (its"
                " subheadings' prices differ)",
            ),
            Parameter("min_months", 3, "months a route must have data"),
            Parameter("min_value_usd", 250_000.0, "smallest route total to consider"),
        ),
    )
)
