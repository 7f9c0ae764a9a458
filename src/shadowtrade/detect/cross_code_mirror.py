"""`cross_code_mirror`: goods shipped "under the guise of civilian goods", seen in mirror data.

Importer B records imports from A under a controlled heading (9306, 3601–3603, 9305 …) that A does
not report exporting to B, while over the same months A reports exports to B under a civilian
code that plausibly covers them (reference `cover_codes`) and that B does not report importing.
The two unmatched series must agree in value (the import side CIF, a few per cent above FOB) and
move together month by month. Legitimate look-alikes fail one of the tests: where A reports its
controlled exports, or B records the civilian imports, the goods are matched on both sides.

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
SCORING_VERSION = "cross_code_mirror/1"  # the product of the factors in `score_factors`


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
    pair_m = jm.group_by(*keys).agg(corr=jm.vx_v.corr(jm.ci_v, how="pop"), ci_w=jm.ci_w.sum())
    g = g.left_join(pair_m, keys).select(g, pair_m.corr, pair_m.ci_w)

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


def _factors(r: dict[Any, Any]) -> dict[str, object]:
    """The score's factors (it is their product): values that agree as one flow's two records
    would, series that move together, and a span long enough to be a pattern."""
    ratio, months = float(r["ratio"]), int(r["months"])
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
            ),
            factor(
                "span",
                0.5 + 0.5 * min(1.0, months / 6.0),
                6,
                f"{months} months (half, and the other half at six months or more)",
            ),
        ],
        SCORING_VERSION,
    )


def detect(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """The detector's run: each candidate as an alert."""
    return ibis.memtable(to_alerts(fetch(candidates(ws, p))))


def to_alerts(df: pd.DataFrame) -> pd.DataFrame:
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
            **_factors(r),
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
                "max_matched_share",
                0.2,
                "largest share of each series that the other side may report before the goods"
                " count as matched",
            ),
        ),
    )
)
