"""The annual side of `mirror_gap`: mirror comparisons where one side reports only yearly totals.

National statistics often publish imports by partner only per year, and often only for all
goods (as Armenia, Kazakhstan, Kyrgyzstan and Uzbekistan do in `shared/data`), while the partner's
exports come monthly. Such routes cannot be compared month by month, so here each side is brought
to calendar years — annual records as they are, monthly series only for years in which the
reporter reported all twelve months — and years are compared against the pair's own learnt
ratio (or the code's, or all flows'). A gap must hold for consecutive years. Routes that both
sides report monthly are left to the monthly comparison; all-goods totals are only compared here.
A pair whose silent side's data names no flow with the other at all is not compared (no mirror
data: `flows.with_mirror`), and a year-to-date row (an annual row equal to the sum of the only
months its file holds of the year, tagged `year_to_date` at ingest) is no year's total.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir

from shadowtrade.detect import flows as fl
from shadowtrade.detect import levels as lv
from shadowtrade.staging import stage

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

ROUTE = ["exporter", "importer", "code"]
MAD_TO_SIGMA = 1.4826


def annual_flows(ws: ScanContext) -> ir.Table:
    """reporter, partner, flow, code, year, value: annual records and complete monthly years,
    of the route-years this comparison keeps (materialised, once per scan).

    Monthly goods rows of a route-year that both sides report monthly are left out before the
    aggregation: the monthly comparison owns those (`candidates` drops them all the same), and
    on data where most reporters report monthly they are nearly all the rows.
    """
    return ws.shared("annual_flows", lambda: _annual_flows(ws, lambda t: _outside_monthly(ws, t)))


def reported_years(ws: ScanContext) -> ir.Table:
    """reporter, flow, year: the years a reporter reported anything to a country in that
    direction, annual records and complete monthly years alike (its calendar: outside it a
    side is missing, not zero). Exports and imports."""
    months = fl.reported_months(ws, with_totals=True, between=True)
    months = months.select("reporter", "flow", year=months.period.year())
    from_months = months.join(_full_years(ws), ["reporter", "flow", "year"])
    _, yearly, totals = _annual_parts(ws)
    rec = [fl.between_countries(ws, t) for t in (yearly, totals)]
    cols = ["reporter", "flow", "year"]
    out = from_months.select(*cols).union(rec[0].select(*cols)).union(rec[1].select(*cols))
    return out.filter(out.flow.isin(["export", "import"])).distinct()


def series(ws: ScanContext, routes: ir.Table) -> ir.Table:
    """Both sides' annual values of the given routes, every year, for the evidence."""

    def of_routes(rows: ir.Table) -> ir.Table:
        exp = rows.filter(rows.flow == "export")
        imp = rows.filter(rows.flow == "import")
        r = routes.select(*ROUTE)
        exp = exp.join(r, [exp.reporter == r.exporter, exp.partner == r.importer, "code"])
        imp = imp.join(r, [imp.partner == r.exporter, imp.reporter == r.importer, "code"])
        return exp.select(*rows.columns).union(imp.select(*rows.columns))

    ann = _annual_flows(ws, every=of_routes)
    x = ann.filter(ann.flow == "export").select(
        "code", "year", "value", exporter=ann.reporter, importer=ann.partner, side=ibis.literal("x")
    )
    m = ann.filter(ann.flow == "import").select(
        "code", "year", "value", exporter=ann.partner, importer=ann.reporter, side=ibis.literal("m")
    )
    return x.union(m).join(routes, ROUTE)


def _annual_parts(ws: ScanContext) -> tuple[ir.Table, ir.Table, ir.Table]:
    """(complete monthly years' rows, annual records, annual all-goods totals), each with
    reporter, partner, flow, code, year, value and not yet summed."""
    monthly = fl.monthly_flows(ws, with_totals=True)
    m = monthly.mutate(year=monthly.period.year())
    m = m.join(_full_years(ws), ["reporter", "flow", "year"])
    cols = ["reporter", "partner", "flow", "code", "year", "value"]
    yearly = ws.shared("annual_records", lambda: _annual_records(ws))
    a = ws.table("trade_aggregates")
    a = a.filter((a.aggregate_kind == "all_goods") & (a.freq == "A") & (a.value_usd > 0))
    cells = a.select("reporter", "partner", "flow", "period", v=a.value_usd).distinct()
    totals = cells.group_by("reporter", "partner", "flow", year=cells.period.year()).agg(
        value=cells.v.max()
    )
    totals = totals.mutate(code=ibis.literal("TOTAL"))
    return m.select(*cols), yearly.select(*cols), totals.select(*cols)


def _full_years(ws: ScanContext) -> ir.Table:
    """reporter, flow, year: years in which the reporter reported all twelve months."""
    cal = fl.reported_months(ws, with_totals=True)
    full = cal.group_by("reporter", "flow", year=cal.period.year()).agg(n=cal.period.nunique())
    return full.filter(full.n == 12).drop("n")


def _annual_records(ws: ScanContext) -> ir.Table:
    """The raw table's annual rows, each code at its level (CN8 folded to HS6; few; kept, as
    two stages read them)."""
    t = ws.table("trade_flows")
    t = t.filter((t.freq == "A") & fl.usable_code(t.hs_code) & (t.value_usd > 0))
    return t.select(
        "reporter",
        "partner",
        "flow",
        code=t.hs_code.substr(0, 6),
        year=t.period.year(),
        value=t.value_usd,
    )


def _outside_monthly(ws: ScanContext, rows: ir.Table) -> ir.Table:
    """Complete monthly years' rows, without the goods rows of route-years whose other side
    also reports goods monthly that year (a row's own side does, by the row itself)."""
    mf = fl.reported_months(ws)  # the months of goods rows
    other = ibis.cases(
        (mf.flow == "import", "export"), (mf.flow == "export", "import"), else_=ibis.null("str")
    )
    # (partner P, flow f, year y): a row of flow f to or from P in y is the monthly comparison's.
    taken = mf.select(partner=mf.reporter, flow=other, year=mf.period.year())
    taken = taken.filter(taken.flow.notnull()).distinct()
    goods = rows.filter(rows.code != "TOTAL").anti_join(taken, ["partner", "flow", "year"])
    return goods.union(rows.filter(rows.code == "TOTAL"))


def _annual_flows(
    ws: ScanContext,
    monthly: Callable[[ir.Table], ir.Table] = lambda t: t,
    every: Callable[[ir.Table], ir.Table] = lambda t: t,
) -> ir.Table:
    """Exports and imports per year, one value per cell; `monthly` restricts the complete
    monthly years' rows, `every` all rows, before they are summed."""
    cell = ["reporter", "partner", "flow", "code", "year"]
    m, yearly, totals = (
        every(p.filter(p.flow.isin(["export", "import"]))) for p in _annual_parts(ws)
    )
    m = monthly(m)
    sums = [t.group_by(cell).agg(value=t.value.sum()) for t in (m, yearly)]
    both = sums[0].union(sums[1]).union(totals)
    # One value per cell: an annual record and the sum of the same year's months agree, or the
    # annual record is the later revision; the larger is kept.
    out = both.group_by(cell).agg(value=both.value.max())
    if not lv.all_hs6_any(ws):
        # Each reporter's codes at the coarsest level its annual and monthly data have, each
        # flow once.
        out = lv.cut_to_levels(ws, out, "A", cell, ("value",))
    return fl.between_countries(ws, out)


def candidates(ws: ScanContext, p: dict[str, Any], *, keep_unmirrored: bool = False) -> ir.Table:
    """Route-years where the exporter's and importer's annual records disagree beyond the
    tolerance, with the figures behind each. A pair whose silent side's data names no flow with
    the other at all has no mirror data (`mirrored` false; left out unless `keep_unmirrored`)."""
    ann = annual_flows(ws)
    x = ann.filter(ann.flow == "export").select(
        "code", "year", exporter=ann.reporter, importer=ann.partner, X=ann.value
    )
    m = ann.filter(ann.flow == "import").select(
        "code", "year", exporter=ann.partner, importer=ann.reporter, M=ann.value
    )
    if not lv.all_hs6_any(ws):
        # Like with like: each side at the finest level both report the chapter at.
        keys = ["exporter", "importer", "code", "year"]
        x = lv.to_common_level(ws, x, other="importer", other_flow="import", keys=keys,
                               sums=["X"], freq="A")  # fmt: skip
        m = lv.to_common_level(ws, m, other="exporter", other_flow="export", keys=keys,
                               sums=["M"], freq="A")  # fmt: skip
    # Years each side reported at all in that direction: outside them a side is missing.
    years = reported_years(ws).pipe(stage)
    calx = years.filter(years.flow == "export").select(exporter="reporter", year="year")
    calm = years.filter(years.flow == "import").select(importer="reporter", year="year")
    # Years in which both sides report goods monthly belong to the monthly comparison.
    mf = fl.monthly_flows(ws)
    mx = mf.filter(mf.flow == "export").select(exporter="reporter", year=mf.period.year())
    mm = mf.filter(mf.flow == "import").select(importer="reporter", year=mf.period.year())
    mx = mx.distinct().mutate(mx=ibis.literal(True)).pipe(stage)
    mm = mm.distinct().mutate(mm=ibis.literal(True)).pipe(stage)

    j = x.outer_join(m, [*ROUTE, "year"])
    g = j.select(
        exporter=ibis.coalesce(j.exporter, j.exporter_right),
        importer=ibis.coalesce(j.importer, j.importer_right),
        code=ibis.coalesce(j.code, j.code_right),
        year=ibis.coalesce(j.year, j.year_right),
        X=j.X.fill_null(0.0),
        M=j.M.fill_null(0.0),
    ).pipe(stage)
    g = g.join(calx, ["exporter", "year"]).join(calm, ["importer", "year"])
    g = g.left_join(mx, ["exporter", "year"]).select(g, mx.mx)
    g = g.left_join(mm, ["importer", "year"]).select(g, mm.mm)
    monthly = (g.code != "TOTAL") & g.mx.notnull() & g.mm.notnull()
    g = g.filter(~monthly).drop("mx", "mm").pipe(stage)

    matched = g.filter((g.X > 0) & (g.M > 0))
    matched = matched.mutate(lr=(matched.M / matched.X).ln())

    pair = fl.robust_norms(matched, ["exporter", "importer"], p["min_norm_years"], "p")
    code = fl.robust_norms(matched, ["code"], p["min_norm_windows"], "c")
    g = g.left_join(pair, ["exporter", "importer"]).select(g, pair.p_med, pair.p_mad)
    g = g.left_join(code, "code").select(g, code.c_med, code.c_mad)
    glob_med = matched.lr.median().as_scalar()
    g = g.mutate(
        expected=ibis.coalesce(g.p_med, g.c_med, glob_med),
        spread=ibis.greatest(
            ibis.coalesce(g.p_mad, g.c_mad, ibis.literal(0.2)) * MAD_TO_SIGMA,
            ibis.literal(p["min_spread"]),
        ),
    )
    me = g.X * g.expected.exp()
    xe = g.M / g.expected.exp()
    dev = ((g.M + 0.01 * me + 1.0) / (me + 1.0)).ln() / g.spread
    share = p["min_gap_share_annual"]
    phantom = (p["min_gap_usd"] <= g.X) & ((1 - g.M / me) >= share) & (dev <= -p["min_z"])
    unrec = (p["min_gap_usd"] <= g.M) & ((1 - g.X / xe) >= share) & (dev >= p["min_z"])
    f = g.mutate(
        direction=ibis.cases((phantom, "phantom"), (unrec, "unrecorded"), else_=ibis.null("str"))
    )
    f = f.filter(f.direction.notnull())
    f = fl.islands(f, [*ROUTE, "direction"], f.year)
    ep = f.group_by(*ROUTE, "direction", "island").agg(
        first_year=f.year.min(),
        last_year=f.year.max(),
        years=f.count(),
        x_usd=f.X.sum(),
        m_usd=f.M.sum(),
        expected=f.expected.max(),
        spread=f.spread.max(),
        from_pair=f.p_med.notnull().any(),
    )
    ep = ep.filter(ep.years >= p["min_years"])
    fx = ep.expected.exp()
    ph = ep.direction == "phantom"
    # The gap in the terms of the side that reported the flow: a phantom export's in the
    # exporter's (what it reported less what the importer recorded, brought back by the ratio),
    # never more than what was exported; an unrecorded export's in the importer's.
    gap = ibis.ifelse(ph, ep.x_usd - ep.m_usd / fx, ep.m_usd - ep.x_usd * fx)
    base = ibis.ifelse(ph, ep.x_usd, ep.m_usd)
    ep = ep.mutate(gap_usd=gap, gap_share=(gap / base).clip(0.0, 1.0))
    ep = ep.filter(ep.gap_usd >= p["min_gap_usd"])
    ep = ep.join(fl.code_weight(ws, ep.select("code")), "code")
    s_size = ((ep.gap_usd / p["min_gap_usd"]).log10() / 2.0).clip(0.0, 1.0)
    # A norm learnt from the pair's own other years is stronger evidence than a code's norm.
    s_norm = ibis.ifelse(ep.from_pair, 1.0, 0.8)
    score = ep.weight * ep.gap_share * (0.6 + 0.4 * s_size) * s_norm
    ep = ep.mutate(score=score.clip(0.0, 1.0), f_size=0.6 + 0.4 * s_size, f_norm=s_norm)
    return fl.with_mirror(ws, ep, keep_unmirrored)
