"""`consignment_anomaly`: consignments priced or weighed unlike their code, and pass-through firms.

- **Unit value**: each consignment's USD per kg against its six-digit code's distribution over
  all consignments (median and MAD of log unit value, as customs valuation control does), where
  the code has enough consignments to know its range, and against its own route's prices where
  the route has a history; far outside both is flagged either way (too cheap hides value or
  declares lighter goods, too dear prices goods like something else), and so is a consignment
  far outside a steady route's prices that is also unusual, if not extreme, for its code.
- **Pass-through**: a company that receives goods and ships the same heading on within days —
  most of its outbound consignments follow an inbound one of the same heading and a similar
  weight — to a single destination country, whether it collects from one origin or several.
  That is a forwarding shell's pattern, not a manufacturer's (which transforms what it
  receives) or a distributor's (which sells to many countries).

**Calibration (scoring_version consignment_anomaly/2).** A price is odd only against a range
that holds: where many of a code's consignments stray as far as this one, the code spans grades,
units or careless declarations, and one more stray says little. So the price score (0.55 at
`z_min` robust SDs, 0.1 more per SD, times the code's control weight) is multiplied by
`code_range_holds`: 1 where at most `ordinary_stray_share` of the code's *other* consignments sit
`z_min` robust SDs or more from its norm, falling with the square root of that share's excess
beyond it (a quarter of them: 0.28). On the Korean declarations (shared/data, CTGAN-synthesised
from real ones) half the codes' prices share one value and a quarter of their consignments stray;
the alerts >= 0.5 matched the fraud label no more often than its base rate (0.20 against 0.22).
Each alert's `score_factors` names the three factors with their values and sentences.

Companies are matched by name as written; entity resolution across spellings is issue 5's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.detect import flows as fl
from shadowtrade.detect.aggregates import with_most_frequent
from shadowtrade.detect.alerts import alert_row, factor, product, scored
from shadowtrade.detect.consignments import (
    code_weight_of,
    consignment_alert,
    weighted_shipments,
)
from shadowtrade.detect.registry import Detector, Parameter, register
from shadowtrade.schema import ALERTS

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

NAME = "consignment_anomaly"
MAD_TO_SIGMA = 1.4826
SCORING_VERSION = "consignment_anomaly/2"  # the product of the factors in `score_factors`


def unit_value_outliers(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """Consignments priced far from their code's robust norm (and their route's), in robust SDs."""
    s = weighted_shipments(ws)
    s = s.filter((s.value_usd > 0) & (s.net_weight_kg > 0))
    s = s.mutate(luv=(s.value_usd / s.net_weight_kg).ln())
    t = s.mutate(lr=s.luv)
    floor = ibis.literal(p["min_sigma"])
    norms = fl.robust_norms(t, ["code"], p["min_code_consignments"], "c")
    route = ["origin_country", "destination_country", "code"]
    own = fl.robust_norms(t, route, p["min_route_consignments"], "r")
    # How many consignments each norm rests on, for the evidence.
    n_code = t.group_by("code").agg(c_n=t.count())
    n_route = t.group_by(route).agg(r_n=t.count())
    own = own.join(n_route, route)
    j = s.join(norms, "code").join(n_code, "code")
    j = j.left_join(own, route).select(j, own.r_med, own.r_mad, own.r_n)
    route_floor = ibis.literal(p["route_min_sigma"])
    j = j.mutate(
        z=(j.luv - j.c_med) / ibis.greatest(j.c_mad * MAD_TO_SIGMA, floor),
        z_route=(j.luv - j.r_med) / ibis.greatest(j.r_mad * MAD_TO_SIGMA, route_floor),
    )
    # How many of the code's consignments stray as far: the code's range holds, or it does not.
    j = j.mutate(_far=(j.z.abs() >= p["z_min"]).cast("int64"))
    strays = j.group_by("code").agg(c_far=j._far.sum())
    j = j.join(strays, "code")
    j = j.mutate(c_far_others=j.c_far - j._far).drop("_far")
    # Far from the code's range, and — where the route has a history — from the route's own
    # prices too: a route that always trades a cheap grade of the code is not an anomaly.
    new_or_odd = j.z_route.isnull() | (j.z_route.abs() >= p["z_min_route"])
    code_wide = (j.z.abs() >= p["z_min"]) & new_or_odd
    # Or far from a steady route's own prices while already unusual for the code: a code as
    # broad as "other articles of iron or steel" spans grades, a route keeps to its own.
    route_break = (j.z_route.abs() >= p["z_route_alone"]) & (j.z.abs() >= p["z_min_with_route"])
    return j.filter(code_wide | route_break.fill_null(False))


def pass_through(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """Firms that ship on what they receive, within days and in like weight: a consignment in, one
    out."""
    s = weighted_shipments(ws).mutate(h4=ibis._.code.substr(0, 4))
    inbound = s.filter(s.recipient.notnull()).select(
        firm="recipient",
        h4="h4",
        in_date="date",
        in_kg="net_weight_kg",
        in_origin="origin_country",
        in_id="shipment_id",
    )
    outbound = s.filter(s.exporter.notnull()).select(
        firm="exporter",
        h4="h4",
        out_date="date",
        out_kg="net_weight_kg",
        out_dest="destination_country",
        out_id="shipment_id",
        weight="weight",
        value="value_usd",
    )
    firms = outbound.group_by("firm").agg(
        outs=outbound.count(),
        dests=outbound.out_dest.nunique(),
        value=outbound.value.sum(),
        weight=outbound.weight.max(),
        first=outbound.out_date.min(),
        last=outbound.out_date.max(),
    )
    firms = with_most_frequent(firms, outbound, ["firm"], {"dest": "out_dest"})
    ins = inbound.group_by("firm").agg(ins=inbound.count(), origins=inbound.in_origin.nunique())
    firms = firms.join(ins, "firm")
    firms = firms.filter(
        (firms.outs >= p["min_consignments"])
        & (firms.dests == 1)
        & (firms.origins <= p["max_origins"])
    )
    j = outbound.join(
        inbound,
        [
            outbound.firm == inbound.firm,
            outbound.h4 == inbound.h4,
            outbound.out_date >= inbound.in_date,
            outbound.out_date <= inbound.in_date + ibis.interval(days=p["max_days"]),
        ],
    )
    kg_ok = (j.out_kg / j.in_kg).between(1 / 1.25, 1.25)
    j = j.filter(kg_ok.fill_null(False))
    matched = j.group_by("firm").agg(
        matched=j.out_id.nunique(),
        lag_days=j.out_date.delta(j.in_date, unit="day").median(),
    )
    f = firms.join(matched, "firm")
    f = f.mutate(share=f.matched / f.outs)
    return f.filter(f.share >= p["min_matched_share"])


def per_kg(usd: float) -> str:
    """A price per kg to three significant digits below 1 USD ('0.00118', not '0.00': a ratio
    against 0.00 reads as nonsense), to the cent above."""
    return f"{usd:,.2f}" if usd >= 1 else f"{usd:.3g}"


def price_factors(r: Mapping[Any, Any], p: dict[str, Any]) -> list[dict[str, object]]:
    """The named factors of a price outlier's score (their product): how far the price sits, the
    code's control weight, and whether the code's range holds at all."""
    z = float(r["z"])
    zr = float(r["z_route"]) if r["z_route"] is not None and not pd.isna(r["z_route"]) else 0.0
    z_eff = max(abs(z), 0.6 * abs(zr))
    w = code_weight_of(r)
    others = int(r["c_n"]) - 1
    strays = int(r["c_far_others"])
    share = strays / others if others > 0 else 0.0
    ordinary = float(p["ordinary_stray_share"])
    # A consignment flagged against its steady route's own prices, not the code's range (the
    # path for codes that span grades, which stray by nature), does not rest on that range.
    on_route = abs(z) < float(p["z_min"])
    holds = 1.0 if on_route or share <= ordinary else math.sqrt(ordinary / share)
    return [
        factor(
            "price_distance",
            min(1.0, 0.55 + 0.1 * (z_eff - 3.0)),
            p["z_min"],
            f"{z_eff:.1f} robust standard deviations from the code's norm"
            + (" (0.6 of its distance from the route's own prices)" if z_eff > abs(z) else "")
            + "; 3 gives 0.55, each more 0.1, up to 1",
        ),
        factor(
            "code_weight",
            w,
            1.0,
            f"HS {r['code']} weighs {w:g} (controlled goods up to 1, cover codes"
            f" {fl.COVER_WEIGHT:g}, other goods {fl.ORDINARY_WEIGHT:g})",
        ),
        factor(
            "code_range_holds",
            holds,
            ordinary,
            "flagged against its route's own steady prices, not the code's range: the code's"
            f" strays ({strays:,} of {others:,}) do not weigh"
            if on_route
            else f"{strays:,} of the code's {others:,} other consignments ({share:.1%})"
            f" sit {p['z_min']:g} or more robust standard deviations from its norm"
            + (
                f"; above {ordinary:.0%} the code's range is a weak norm"
                if holds < 1
                else f" (at most {ordinary:.0%}: the range holds)"
            ),
        ),
    ]


def to_alerts(uv: pd.DataFrame, pt: pd.DataFrame, p: dict[str, Any]) -> pd.DataFrame:
    """Rows of the alert contract for the price outliers and the pass-throughs, with their
    evidence."""
    rows = []
    for r in uv.to_dict("records"):
        when = pd.Timestamp(r["date"]).date()
        z = float(r["z"])
        zr = float(r["z_route"]) if r["z_route"] is not None and not pd.isna(r["z_route"]) else 0.0
        price, typical = math.exp(float(r["luv"])), math.exp(float(r["c_med"]))
        fs = price_factors(r, p)
        score = product(fs)
        holds = float(str(fs[-1]["value"]))
        strays = int(r["c_far_others"]) / max(1, int(r["c_n"]) - 1)
        rows.append(
            consignment_alert(
                NAME,
                "unit_value",
                r,
                score=score,
                summary=(
                    f"Consignment {r['shipment_id']} of HS {r['code']} ({when}) is declared at"
                    f" {per_kg(price)} USD/kg against {per_kg(typical)} USD/kg typical for the"
                    f" code (over {int(r['c_n']):,} consignments)"
                    f" ({'above' if z > 0 else 'below'} its range, robust z {z:+.1f}"
                    + (f"; {zr:+.1f} against the route's own prices)" if zr else ")")
                    + (
                        f"; {strays:.0%} of the code's other consignments stray as far, so its"
                        " range is a weak norm."
                        if holds < 1
                        else "."
                    )
                ),
                evidence={
                    "unit_value_usd_per_kg": round(price, 4),
                    "code_median_usd_per_kg": round(typical, 4),
                    "robust_z": round(z, 2),
                    "route_median_usd_per_kg": (
                        round(math.exp(float(r["r_med"])), 4) if zr else None
                    ),
                    "route_robust_z": round(zr, 2) if zr else None,
                    "code_consignments": int(r["c_n"]),
                    "code_consignments_as_far": int(r["c_far_others"]),
                    "route_consignments": int(r["r_n"]) if zr else None,
                    "value_usd": r["value_usd"],
                    "net_weight_kg": r["net_weight_kg"],
                    **scored(fs, SCORING_VERSION),
                },
            )
        )
    for r in pt.to_dict("records"):
        share = float(r["share"])
        w = code_weight_of(r)
        outs = int(r["outs"])
        fs = [
            factor(
                "share_passed_on",
                0.45 + 0.5 * share,
                p["min_matched_share"],
                f"{share:.0%} of its outbound consignments follow an inbound one of the same"
                f" heading and weight within {p['max_days']} days (0.45 and half the share)",
            ),
            factor(
                "consignments_seen",
                min(1.0, 0.7 + 0.05 * outs),
                p["min_consignments"],
                f"{outs} outbound consignments (0.7, and 0.05 more each, up to 1)",
            ),
            factor("code_weight", w, 1.0, "the control weight of the goods it ships"),
        ]
        score = product(fs)
        first, last = pd.Timestamp(r["first"]).date(), pd.Timestamp(r["last"]).date()
        rows.append(
            alert_row(
                NAME,
                ("pass_through", r["firm"]),
                score=score,
                origin=None,
                destination=r["dest"],
                hs_code=None,
                period_start=first,
                period_end=last,
                entity=r["firm"],
                summary=(
                    f"{r['firm']} shipped {int(r['matched'])} of its {int(r['outs'])} consignments"
                    f" to {r['dest']} within {int(r['lag_days'])} days (median) of receiving the"
                    f" same goods from {int(r['origins'])} origin countr"
                    f"{'y' if int(r['origins']) == 1 else 'ies'}, {first} to {last}."
                ),
                evidence={
                    "outbound_consignments": int(r["outs"]),
                    "matched_to_an_inbound": int(r["matched"]),
                    "median_days_between": float(r["lag_days"]),
                    "inbound_consignments": int(r["ins"]),
                    "origin_countries": int(r["origins"]),
                    "destination": r["dest"],
                    "outbound_value_usd": round(float(r["value"]), 2),
                    **scored(fs, SCORING_VERSION),
                },
            )
        )
    return pd.DataFrame(rows, columns=list(ALERTS))


def detect(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """The detector's run: price outliers and pass-throughs as alerts."""
    return ibis.memtable(
        to_alerts(unit_value_outliers(ws, p).to_pandas(), pass_through(ws, p).to_pandas(), p)
    )


DETECTOR = register(
    Detector(
        source="consignments",
        words="consignment price or pass-through firm",
        finding_kinds=("mispriced", "pass_through"),
        name=NAME,
        description="consignments priced unlike their code; firms that pass goods straight on",
        reads=("shipments", "ref_control_list", "ref_cover_codes"),
        run=detect,
        parameters=(
            Parameter("z_min", 3.0, "robust z of a consignment's log USD/kg to flag"),
            Parameter("z_min_route", 3.0, "robust z against its own route's prices as well"),
            Parameter("min_route_consignments", 5, "consignments a route needs for its prices"),
            Parameter("min_sigma", 0.35, "floor on a code's spread of log unit value"),
            Parameter("route_min_sigma", 0.15, "floor on a route's spread of log unit value"),
            Parameter("z_route_alone", 6.0, "robust z against a steady route's prices to flag"),
            Parameter("z_min_with_route", 2.0, "robust z against the code that must go with it"),
            Parameter("min_code_consignments", 20, "consignments a code needs for its range"),
            Parameter(
                "ordinary_stray_share",
                0.02,
                "share of a code's consignments as far off that still leaves its range a norm",
            ),
            Parameter("min_consignments", 3, "outbound consignments of a pass-through firm"),
            Parameter("max_days", 14, "days from receiving to shipping on"),
            Parameter("max_origins", 5, "origin countries a pass-through firm receives from"),
            Parameter("min_matched_share", 0.8, "share of outbound consignments that follow"),
        ),
    )
)
