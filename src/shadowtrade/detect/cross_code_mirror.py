"""`cross_code_mirror`: goods shipped "under the guise of civilian goods", seen in mirror data.

Importer B records imports from A under a controlled heading (9306, 3601–3603, 9305 …) that A does
not report exporting to B, while over the same months A reports exports to B under a civilian
code that plausibly covers them (reference `cover_codes`) and that B does not report importing.
The two unmatched series must agree in value (the import side CIF, a few per cent above FOB) and
move together month by month. Legitimate look-alikes fail one of the tests: where A reports its
controlled exports, or B records the civilian imports, the goods are matched on both sides.

**Covers the reference does not list (cross_code_mirror/2).** The reference pairs each cover
code with the controlled headings it is known to hide; a cover hides whatever fits its
description, and controlled items include the Common High Priority List's six-digit codes
(circuits, bearings, machine tools), which the reference pairs with nothing. So the same reading
runs on any listed item the importer records (a controlled heading, or a listed six-digit code)
against any six-digit code of another heading that the exporter reports and the importer does
not record. A route trades many codes and has several one-sided series, one of which may agree
with the listed imports in total by chance, so such a pair must also move as one flow's two
records do: `unlisted_min_common_months` (5) months in common, a month-by-month correlation
beyond what chance gives that many months (Fisher's z of the correlation times the square root
of the months in common less three at least `unlisted_chance_z`, 4.5: 0.997 over five months,
0.935 over ten, 0.83 over seventeen; a scan tries thousands of one-sided pairs, so the bar is
one that chance passes a few times in a million), counted from `unlisted_min_correlation` (0.8) to
`unlisted_full_correlation` (0.95) in place of the reference pairs' 0.6 + 0.4 x correlation
(evidence `correlation_chance_z`); the pair counts `unlisted_cover_weight` (0.8), as
two headings' records of one flow may also be a classification difference (factor
`cover_in_reference`, evidence `cover_in_reference`, `months_in_common`); per exporter,
importer and listed item the best such code is kept. Six-digit data only. Read on the outside
worlds (family A): the planted cover schemes under unlisted codes (850440 for 853690, 854370 for
853400, 847990 for 848620) correlate at 0.998-1.00 over 5-18 months (Fisher's bar 6.6 and
more); the chance pairings of 15 scheme-free worlds reach 0.84-0.94 over 5-7 months (bar
1.9-2.5), one of them (A1_s0 CHN <- BEL 901310 against 860691, 0.94 over five months) 0.55
without a bar, and on mixed world A3_s20 CHN <- CAN 848640 against 841330 (CAN books the goods
as 848610, a sibling), 0.97 over 7 months, bar 4.1, 0.69 at a bar of 4.

HS levels: the flows are read at the level each reporter's data has; controlled headings are
four-digit, and a cover code is compared at six digits or, where either side reports only
headings, at four (7326 ↔ 9306), always at the finest level both sides share. HS2 data is left
out: a chapter cannot tell a controlled heading from its cover.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.detect import flows as fl
from shadowtrade.detect import levels as lv
from shadowtrade.detect.alerts import alert_row, factor, scored
from shadowtrade.detect.registry import Detector, Parameter, TradeInputs, register
from shadowtrade.results import fetch
from shadowtrade.schema import ALERTS
from shadowtrade.staging import stage

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

NAME = "cross_code_mirror"
SCORING_VERSION = "cross_code_mirror/2"  # the product of the factors in `score_factors`


def _monthly(flows: ir.Table, flow: str, code: ir.StringValue, name: str) -> ir.Table:
    """Monthly value and weight of one flow direction, keyed by exporter, importer and code."""
    f = flows.filter(flows.flow == flow)
    exporter = f.reporter if flow == "export" else f.partner
    importer = f.partner if flow == "export" else f.reporter
    return f.group_by(exporter=exporter, importer=importer, code=code, period=f.period).agg(
        **{f"{name}_v": f.value.sum(), f"{name}_w": f.kg.sum()}
    )


def candidates(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """Exporter, importer, controlled heading, cover code with the figures and a score."""
    # cover code → each controlled heading it may cover ('9306|9305' → two rows); at four
    # digits too (7326 ↔ 9306), for reporters whose data is no finer than headings.
    pairs6 = fl.covered_headings(ws).distinct()
    pairs = pairs6.union(
        pairs6.select(cover_code=pairs6.cover_code.substr(0, 4), heading=pairs6.heading)
    ).distinct()
    headings = pairs6.select("heading").distinct()
    cover4 = pairs6.select(h4=pairs6.cover_code.substr(0, 4))
    # The monthly flows of those headings and of the cover codes' headings (each reporter at
    # its own level, each flow once), kept: the four sides below read them.
    wanted = headings.heading.name("h4").as_table().union(cover4)
    mf = fl.monthly_flows(ws)
    flows = mf.filter((mf.code.length() >= 4) & mf.code.substr(0, 4).isin(wanted.h4)).pipe(stage)

    ctrl = flows.filter(flows.code.substr(0, 4).isin(headings.heading))
    ci = _monthly(ctrl, "import", ctrl.code.substr(0, 4), "ci")
    cx = _monthly(ctrl, "export", ctrl.code.substr(0, 4), "cx")
    civ = flows.filter(flows.code.substr(0, 4).isin(cover4.h4))
    vi = _monthly(civ, "import", civ.code, "vi")
    vx0 = _monthly(civ, "export", civ.code, "vx")
    if not lv.all_hs6(ws):
        # Like with like: a cover code at the finest level both sides report its chapter at.
        keys = ["exporter", "importer", "code", "period"]
        vi = lv.to_common_level(ws, vi, other="exporter", other_flow="export", keys=keys,
                                sums=["vi_v", "vi_w"])  # fmt: skip
        vx0 = lv.to_common_level(ws, vx0, other="importer", other_flow="import", keys=keys,
                                 sums=["vx_v", "vx_w"])  # fmt: skip
    vi = vi.filter(vi.code.isin(pairs.cover_code))
    vxj = vx0.join(pairs, vx0.code == pairs.cover_code)
    vx = vxj.select(
        "exporter", "importer", "period", "vx_v", "vx_w", "heading", cover_code=vxj.code
    )
    listed = _match(vx, ci, cx, vi, p).mutate(
        listed_cover=ibis.literal(True), chance_z=ibis.null("float64")
    )
    if p["unlisted_cover_weight"] <= 0 or not lv.all_hs6(ws):
        return listed
    return listed.union(_unlisted(ws, pairs6, p).select(*listed.columns))


def _unlisted(ws: ScanContext, reference_pairs: ir.Table, p: dict[str, Any]) -> ir.Table:
    """The same reading for a civilian code the reference does not pair with the listed goods.

    The importer's side is any listed item (a controlled heading, or a listed six-digit code:
    the Common High Priority List's circuits, machine tools …), the exporter's any six-digit
    code of another heading that the importer does not record: a cover hides whatever
    fits its description, not only the reference's examples. Per exporter, importer and listed
    item, the civilian code that reads best is kept."""
    ref = ws.table("ref_control_list")
    l4 = ref.filter(ref.hs_code.length() == 4).select(h=ref.hs_code)
    l6 = ref.filter(ref.hs_code.length() == 6).select(h=ref.hs_code)
    mf = fl.monthly_flows(ws)
    f6 = mf.filter(mf.code.length() == 6)
    h4 = f6.code.substr(0, 4).cast("string")
    in4 = h4.isin(l4.h)
    f6 = f6.mutate(
        lkey=ibis.ifelse(in4, h4, f6.code.cast("string")), listed=in4 | f6.code.isin(l6.h)
    )
    ctrl = f6.filter(f6.listed)
    ci = _monthly(ctrl, "import", ctrl.lkey, "ci")
    cx = _monthly(ctrl, "export", ctrl.lkey, "cx")
    # Routes with enough unmatched-looking listed imports to read at all.
    tot = ci.group_by("exporter", "importer", "code").agg(t=ci.ci_v.sum())
    routes = tot.filter(tot.t >= p["min_value_usd"]).select(
        _e="exporter", _i="importer", heading="code"
    )
    # the code declared may be listed itself (an inverter, 850440, for printed circuits)
    civ = f6
    vi = _monthly(civ, "import", civ.code, "vi")
    vx0 = _monthly(civ, "export", civ.code, "vx")
    vxj = vx0.join(routes, [vx0.exporter == routes._e, vx0.importer == routes._i])
    vxj = vxj.filter(vxj.code.substr(0, 4).cast("string") != vxj.heading.substr(0, 4))
    # pairs the reference holds are read by the reference path
    refp = reference_pairs.select(_rc=reference_pairs.cover_code, _rh=reference_pairs.heading)
    vxj = vxj.anti_join(refp, [vxj.code == refp._rc, vxj.heading == refp._rh])
    vx = vxj.select(
        "exporter", "importer", "period", "vx_v", "vx_w", "heading", cover_code=vxj.code
    )
    g = _match(vx, ci, cx, vi, p)
    # Any two unmatched series of a route may agree in total by chance (the pair trades many
    # codes); the two records of one flow also agree month by month. So an unlisted pair
    # must move as one flow: `unlisted_min_common_months` months in common, and a correlation
    # counted from `unlisted_min_correlation` (0) to `unlisted_full_correlation` (in full),
    # in place of the reference pairs' 0.6 + 0.4 x correlation.
    corr = ibis.ifelse(g.corr.isnull() | g.corr.isnan(), 0.0, g.corr)
    lo, hi = p["unlisted_min_correlation"], p["unlisted_full_correlation"]
    # ... and beyond what chance gives that many months (Fisher's z of the correlation times
    # the square root of the months in common less three: a route's many one-sided series
    # give one pair at 0.94 over five months by chance, none at 0.99).
    r = corr.clip(upper=0.9999)
    z = (
        ((1 + r) / (1 - r)).ln()
        / 2
        * (g.common.fill_null(0) - 3).clip(lower=0).cast("float64").sqrt()
    )
    move = ibis.ifelse(z >= p["unlisted_chance_z"], ((corr - lo) / (hi - lo)).clip(0, 1), 0.0)
    agreement = (1 - (g.ratio / 0.94).ln().abs() / ibis.literal(2.0).ln()).clip(lower=0)
    span = (g.months / 6.0).clip(upper=1.0)
    score = agreement * move * (0.5 + 0.5 * span) * p["unlisted_cover_weight"]
    g = g.filter(g.common.fill_null(0) >= p["unlisted_min_common_months"])
    g = g.mutate(score=score.clip(0, 1), listed_cover=ibis.literal(False), chance_z=z)
    g = g.filter(g.score > 0)
    best = ibis.row_number().over(
        group_by=[g.exporter, g.importer, g.heading], order_by=[ibis.desc(g.score), g.cover_code]
    )
    g = g.mutate(_rank=best)
    return g.filter(g._rank == 0).drop("_rank")


def _match(vx: ir.Table, ci: ir.Table, cx: ir.Table, vi: ir.Table, p: dict[str, Any]) -> ir.Table:
    """Civilian exports (`vx`, per exporter, importer, listed heading and cover code) matched
    with the listed imports (`ci`) the exporter does not report (`cx`) and checked against the
    importer's records of the civilian code (`vi`): each pair's figures and its score."""
    keys = ["exporter", "importer", "heading", "cover_code"]
    # Civilian exports per route and cover code, over the months they run.
    spans = vx.group_by(*keys).agg(
        first=vx.period.min(),
        last=vx.period.max(),
        vx=vx.vx_v.sum(),
        vx_w=vx.vx_w.sum(),
        months=vx.period.nunique(),
    )

    def within(side: ir.Table, value: str, code_col: str) -> ir.Table:
        """The other series summed over the span, plus one month for booking lags."""
        s = side.rename(_e="exporter", _i="importer", _c="code", _p="period")
        j = spans.join(
            s,
            [
                spans.exporter == s._e,
                spans.importer == s._i,
                spans[code_col] == s._c,
                s._p >= spans.first,
                s._p <= spans.last + ibis.interval(months=1),
            ],
        )
        return j.group_by(*keys).agg(**{value: j[f"{value}_v"].sum()})

    g = spans
    for side, value, code_col in (
        (ci, "ci", "heading"),
        (cx, "cx", "heading"),
        (vi, "vi", "cover_code"),
    ):
        w = within(side, value, code_col)
        g = g.left_join(w, keys).select(g, w[value])
    g = g.mutate(ci=g.ci.fill_null(0), cx=g.cx.fill_null(0), vi=g.vi.fill_null(0))

    # Month-by-month co-movement of the two unmatched series.
    cih = ci.rename(_e="exporter", _i="importer", _h="code", _p="period")
    jm = vx.join(
        cih,
        [vx.exporter == cih._e, vx.importer == cih._i, vx.heading == cih._h, vx.period == cih._p],
    )
    pair_m = jm.group_by(*keys).agg(
        corr=jm.vx_v.corr(jm.ci_v, how="pop"), ci_w=jm.ci_w.sum(), common=jm.count()
    )
    g = g.left_join(pair_m, keys).select(g, pair_m.corr, pair_m.ci_w, pair_m.common)

    g = g.filter(
        (g.months >= p["min_months"])
        & (g.ci >= p["min_value_usd"])
        & (g.cx <= p["max_matched_share"] * g.ci)
        & (g.vi <= p["max_matched_share"] * g.vx)
    )
    ratio = g.vx / g.ci
    # Value agreement: FOB exports are typically 3–10 % below CIF imports (ratio ≈ 0.94).
    agreement = (1 - (ratio / 0.94).ln().abs() / ibis.literal(2.0).ln()).clip(lower=0)
    # A flat series has no correlation: NaN, which the engine orders above every number, so
    # that a clip turned it into a perfect score (a 98-fold value gap scored 1.0).
    corr = ibis.ifelse(g.corr.isnull() | g.corr.isnan(), 0.0, g.corr).clip(lower=0)
    span = (g.months / 6.0).clip(upper=1.0)
    score = (agreement * (0.6 + 0.4 * corr) * (0.5 + 0.5 * span)).clip(0, 1)
    return g.mutate(ratio=ratio, score=score).filter(score > 0)


def _factors(r: dict[Any, Any], p: dict[str, Any] | None = None) -> dict[str, object]:
    """The score's factors (it is their product): values that agree as one flow's two records
    would, series that move together, a span long enough to be a pattern, and a civilian code
    the reference pairs with the listed goods (or not: `unlisted_cover_weight`)."""
    p = p or DETECTOR.params()
    ratio, months = float(r["ratio"]), int(r["months"])
    listed = bool(r.get("listed_cover", True))
    lo, hi = float(p["unlisted_min_correlation"]), float(p["unlisted_full_correlation"])
    agree = max(0.0, 1 - abs(math.log(ratio / 0.94)) / math.log(2.0))
    corr = r["corr"]
    c = 0.0 if corr is None or pd.isna(corr) else max(0.0, float(corr))
    return scored(
        [
            factor(
                "values_agree",
                agree,
                0.94,
                f"the civilian-code exports are {ratio:.2f} times the controlled-code imports"
                " (FOB against CIF: about 0.94 for one flow; a twofold difference scores 0)",
            ),
            factor(
                "move_together",
                0.6 + 0.4 * c,
                0.4,
                "no month-by-month correlation (flat or too few months in common)"
                if c == 0.0
                else f"the two series correlate at {c:.2f} month by month (0.6, and 0.4 of it)",
            )
            if listed
            else factor(
                "move_together",
                min(1.0, max(0.0, (c - lo) / (hi - lo))),
                hi,
                f"the two series correlate at {c:.2f} month by month over"
                f" {int(r.get('common') or 0)} months in common (Fisher's z times the root of"
                f" the months less three: {float(r.get('chance_z') or 0.0):.1f}, chance under"
                f" {float(p['unlisted_chance_z']):g}): a pair the reference does not name must"
                f" move as one flow's two records ({lo:g} counts as nothing, {hi:g} in full)",
            ),
            factor(
                "span",
                0.5 + 0.5 * min(1.0, months / 6.0),
                6,
                f"{months} months (half, and the other half at six months or more)",
            ),
            factor(
                "cover_in_reference",
                1.0 if listed else float(p["unlisted_cover_weight"]),
                float(p["unlisted_cover_weight"]),
                f"the reference pairs HS {r['cover_code']} with HS {r['heading']} as a known cover"
                if listed
                else f"HS {r['cover_code']} is no cover the reference pairs with HS"
                f" {r['heading']}: a cover hides whatever fits its description, but two"
                " headings' records of one flow may also be a classification difference,"
                f" so it counts {float(p['unlisted_cover_weight']):g}",
            ),
        ],
        SCORING_VERSION,
    )


def detect(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """The detector's run: each candidate as an alert."""
    return ibis.memtable(to_alerts(fetch(candidates(ws, p)), p))


def to_alerts(df: pd.DataFrame, p: dict[str, Any] | None = None) -> pd.DataFrame:
    """Rows of the alert contract, with the evidence to recheck by hand (one per candidate)."""
    rows = []
    for r in df.to_dict("records"):
        start, end = pd.Timestamp(r["first"]).date(), pd.Timestamp(r["last"]).date()
        a, b, ci, vx = r["exporter"], r["importer"], float(r["ci"]), float(r["vx"])
        summary = (
            f"{b} recorded {ci / 1e6:,.1f} M USD of HS {r['heading']} imports from {a} over"
            f" {int(r['months'])} months ({start:%Y-%m}–{end:%Y-%m}) that {a} does not report,"
            f" while {a} reported {vx / 1e6:,.1f} M USD of {r['cover_code']} exports to {b}"
            f" that {b} does not record."
        )
        corr = r["corr"]
        evidence = {
            **_factors(r, p),
            "cover_in_reference": bool(r.get("listed_cover", True)),
            "controlled_imports_usd": round(ci, 2),
            "controlled_exports_reported_usd": round(float(r["cx"]), 2),
            "cover_exports_usd": round(vx, 2),
            "cover_imports_reported_usd": round(float(r["vi"]), 2),
            "value_ratio_cover_to_controlled": round(float(r["ratio"]), 3),
            "expected_ratio_fob_cif": 0.94,
            "cover_exports_kg": round(float(r["vx_w"] or 0.0), 1),
            "controlled_imports_kg": round(float(r["ci_w"] or 0.0), 1),
            "monthly_correlation": None if pd.isna(corr) else round(float(corr), 3),
            "months": int(r["months"]),
            "months_in_common": None if pd.isna(r.get("common")) else int(r["common"]),
            **(
                {}
                if r.get("listed_cover", True) or pd.isna(r.get("chance_z"))
                else {"correlation_chance_z": round(float(r["chance_z"]), 2)}
            ),
        }
        rows.append(
            alert_row(
                NAME,
                (a, b, r["heading"], r["cover_code"], start),
                score=r["score"],
                origin=a,
                destination=b,
                hs_code=r["heading"],
                declared_hs_code=r["cover_code"],
                period_start=start,
                period_end=end,
                summary=summary,
                evidence=evidence,
            )
        )
    return pd.DataFrame(rows, columns=list(ALERTS))


DETECTOR = register(
    Detector(
        source="statistics",
        words="exported under a civilian code, imported under a controlled one",
        sides="mirror",
        name=NAME,
        description="controlled-code imports that the exporter reports under a civilian code",
        reads=("trade_flows", "ref_cover_codes"),
        trade=TradeInputs(
            levels=(4, 6),
            why_not=(
                ("2", "controlled headings and their cover codes are four- and six-digit codes"),
                ("A", "the two unmatched series must move together month by month"),
            ),
        ),
        run=detect,
        parameters=(
            Parameter("min_months", 3, "months the civilian exports must run"),
            Parameter("min_value_usd", 250_000.0, "smallest controlled-import total to consider"),
            Parameter(
                "unlisted_cover_weight",
                0.8,
                "factor on a civilian code the reference does not pair with the listed goods"
                " (0 reads only the reference's pairs)",
            ),
            Parameter(
                "unlisted_min_correlation",
                0.8,
                "an unlisted pair's month-by-month correlation that counts as nothing",
            ),
            Parameter(
                "unlisted_full_correlation",
                0.95,
                "an unlisted pair's month-by-month correlation that counts in full",
            ),
            Parameter(
                "unlisted_min_common_months",
                5,
                "months an unlisted pair's two series must share",
            ),
            Parameter(
                "unlisted_chance_z",
                4.5,
                "Fisher's z of an unlisted pair's correlation times the square root of its"
                " months in common less three, under which it is chance",
            ),
            Parameter(
                "max_matched_share",
                0.2,
                "largest share of each series that the other side may report before the goods"
                " count as matched",
            ),
        ),
    )
)
