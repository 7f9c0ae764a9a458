"""Shared building blocks of the trade-statistics detectors, all Ibis expressions.

- `monthly_flows`: monthly flows as each reporter reports them, at the HS level its data has
  (HS6, with CN8 and national 10-digit codes folded to HS6; HS4; HS2), one value per flow;
- `levels`, `to_common_level`: the level each reporter reports a chapter at, and a mirror's two
  sides cut to the finest level both share;
- `reported_months`: the months in which a reporter reported anything in a direction — a month
  outside them is missing, not zero (DOMAIN.md, "Missing is not zero") — from one small table
  per scan;
- `code_weight`: how much a code matters to an arms-diversion analyst (controlled headings, CHPL
  items and civilian-cover codes weigh more than ordinary goods);
- `change_points`: the least-squares single upward change point of every monthly series at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.detect import levels as lv
from shadowtrade.detect.registry import Parameter
from shadowtrade.staging import stage

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

# Weight of a code that is neither controlled, CHPL nor a cover code.
ORDINARY_WEIGHT = 0.7
# A cover code weighs this much: it matters only because of what it may hide.
COVER_WEIGHT = 0.85
# A month below this share of a series' largest month weighs next to nothing in its break.
FLOOR_SHARE = 0.02
EXPORTS = ("export", "re-export")


def countries_only(ws: ScanContext) -> ir.Table:
    """ISO3 codes of real (or former) countries and of territories reported apart (Ceuta):
    partners such as 'Areas, nes' are not routes."""
    c = ws.table("ref_countries")
    c = c.filter(c.kind.isin(["country", "former_country", "territory"]))
    return c.select(iso3=ws.encode(c.iso3, "country"))


def monthly_flows(ws: ScanContext, *, with_totals: bool = False) -> ir.Table:
    """Monthly reported flows: reporter, partner, flow, code, period, value, kg, and the value
    and kg of the rows that carry a weight (kg_value, kg_known). The code is at the level the
    reporter reports that chapter in that direction (`levels`): six digits for most data, four
    or two where a reporter's data is no finer.

    Materialised, and computed once per scan (`ScanContext.shared`): every trade detector starts
    from this aggregation, the costliest pass over the raw table. Data at six digits only (the
    usual case) is used as aggregated; otherwise each row is cut to its reporter's level and
    each flow counted once (`_at_levels`).

    With `with_totals`, all-goods totals (code 'TOTAL', from `trade_aggregates`) join the rows,
    each cell once: files that repeat a cell (a concatenated export beside its parts) are not
    counted twice.
    """
    native = ws.shared("monthly_native", lambda: aggregate_monthly(ws))
    if lv.all_hs6(ws):
        out = native
    else:
        out = ws.shared("monthly_flows", lambda: lv.cut_to_levels(ws, native))
    if with_totals:
        tot = _monthly_totals(ws)
        none = ibis.null("float64")
        total = ws.encode(ibis.literal("TOTAL"), "hs6")
        tot = tot.mutate(code=total, kg=none, kg_value=none, kg_known=none)
        out = out.union(tot.select(*out.columns))
    return out


def weighed_routes(ws: ScanContext) -> ir.Table:
    """One row per reporter, partner, flow and code that carries a weight in some month, from
    the months that carry one: value and kg summed, months counted, first and last month; and
    from all its months, weighed or not, `seen_first`, `seen_last` and `seen_months` (a month
    booked without a weight is still a month the route traded: its age is read from them).
    Computed once per scan: the unit-value norms and route_break's price factor both read it
    (staging the weighed monthly rows again for the latter cost 3 CPU-s at 10 M rows)."""

    def build() -> ir.Table:
        f = monthly_flows(ws)
        w = f.kg_known > 0
        g = f.group_by("reporter", "partner", "flow", "code").agg(
            value=f.kg_value.sum(where=w),
            kg=f.kg_known.sum(where=w),
            months=f.period.count(where=w),
            first=f.period.min(where=w),
            last=f.period.max(where=w),
            seen_first=f.period.min(),
            seen_last=f.period.max(),
            seen_months=f.count(),
        )
        return g.filter(g.months > 0)

    return ws.shared("weighed_routes", build)


def _monthly_totals(ws: ScanContext) -> ir.Table:
    """reporter, partner, flow, period, value: monthly all-goods totals, one per cell."""
    a = ws.table("trade_aggregates")
    a = a.filter((a.aggregate_kind == "all_goods") & (a.freq == "M") & (a.value_usd > 0))
    cells = a.select("reporter", "partner", "flow", "period", v=a.value_usd).distinct()
    e = ws.encode
    return cells.group_by(
        reporter=e(cells.reporter, "country"),
        partner=e(cells.partner, "country"),
        flow=e(cells.flow, "flow"),
        period=cells.period,
    ).agg(value=cells.v.max())


def reported_months(
    ws: ScanContext, *, with_totals: bool = False, between: bool = False
) -> ir.Table:
    """reporter, flow, period: the months in which each reporter reported anything in that
    direction in `monthly_flows(ws, with_totals=...)`, or in its flows between countries only
    (`between`).

    Read off one small table that is computed once per scan (each calendar taken from the
    monthly flows themselves cost a pass over them).
    """
    months = ws.shared("reported_months", lambda: _reported_months(ws))
    if between:
        months = months.filter(months.between)
    out = months.select("reporter", "flow", "period")
    if with_totals:
        tot = _monthly_totals(ws)
        if between:
            tot = between_countries(ws, tot)
        out = out.union(tot.select("reporter", "flow", "period"))
    return out.distinct()


def _reported_months(ws: ScanContext) -> ir.Table:
    f = monthly_flows(ws)
    c = countries_only(ws)
    both = f.reporter.isin(c.iso3) & f.partner.isin(c.iso3)
    return f.select("reporter", "flow", "period", between=both).distinct()


def named_partners(ws: ScanContext) -> ir.Table:
    """reporter, side ('export' or 'import'), partner: each partner a reporter's data names in
    that direction, in any code, period or frequency (`trade_flows` and `trade_aggregates`
    alike, a reported zero included). Computed once per scan.

    A mirror needs both sides' data on the pair: where a reporter's data names other partners
    in a direction and never this one, its silence on the pair is outside what the data holds
    (a download of the EU's imports from Kyrgyzstan only says nothing of its imports from
    Armenia), not a record of zero (DOMAIN.md, "Missing is not zero")."""

    def build() -> ir.Table:
        parts = []
        for name in ("trade_flows", "trade_aggregates"):
            t = ws.table(name)
            side = ibis.cases(
                (t.flow.isin(["export", "re-export"]), "export"),
                (t.flow.isin(["import", "re-import"]), "import"),
                else_=ibis.null("str"),
            )
            parts.append(t.select("reporter", "partner", side=side).distinct())
        u = parts[0].union(parts[1])
        u = u.filter(u.side.notnull())
        e = ws.encode
        return u.select(
            reporter=e(u.reporter, "country"), side=u.side, partner=e(u.partner, "country")
        ).distinct()

    return ws.shared("named_partners", build)


# A reporter whose data in a direction names fewer than this share of the partners that name
# it in the other direction holds a selection of partners (a download of some of them), not
# all of its trade.
MIN_SCOPE_SHARE = 0.5


def partner_scope(ws: ScanContext) -> ir.Table:
    """reporter, side, scope_share: of the reporters whose data names this one in the other
    direction (its mirror partners: they report exports to it, for its imports), the share its
    own data names in this direction. Near 1 for a reporter's full statistics; near 0 for a
    download of its trade with a few partners (the Eurostat file of the member states' imports
    from Kyrgyzstan only, beside Armenia's statistics naming them all)."""
    n = named_partners(ws)
    other = ibis.ifelse(n.side == "export", "import", "export")
    said = n.select(reporter=n.partner, side=other, partner=n.reporter).distinct()
    told = n.mutate(_told=ibis.literal(1))
    j = said.left_join(told, ["reporter", "side", "partner"])
    j = j.select(said, _told=j._told.fill_null(0))
    g = j.group_by("reporter", "side").agg(mirrors=j.count(), named=j._told.sum())
    return g.select("reporter", "side", scope_share=g.named / g.mirrors)


def with_mirror(ws: ScanContext, ep: ir.Table, keep_unmirrored: bool) -> ir.Table:
    """`ep` (episodes with exporter, importer, direction) with `mirrored`: false where the
    silent side's data names the other side nowhere in that direction (any code, any period)
    and names fewer than `MIN_SCOPE_SHARE` of its mirror partners (`partner_scope`): its
    data is a selection of partners that leaves the pair out, and its silence is no record.
    Without `keep_unmirrored`, the mirrored episodes only. A silent side whose data covers its
    partners (it names most of those who name it) records nothing from this one: a gap."""
    named = named_partners(ws)
    named = named.mutate(_named=ibis.literal(True))
    scope = partner_scope(ws)
    ph = ep.direction == "phantom"
    silent = ibis.ifelse(ph, ep.importer, ep.exporter)
    counter = ibis.ifelse(ph, ep.exporter, ep.importer)
    ep = ep.mutate(_silent=silent, _counter=counter, _sflow=ibis.ifelse(ph, "import", "export"))
    j = ep.left_join(
        named,
        [ep._silent == named.reporter, ep._sflow == named.side, ep._counter == named.partner],
    )
    j = j.select(ep, _named=j._named.fill_null(False))
    k = j.left_join(scope, [j._silent == scope.reporter, j._sflow == scope.side])
    covers = k.scope_share.fill_null(1.0) >= MIN_SCOPE_SHARE
    out = k.select(j, mirrored=k._named | covers)
    out = out.drop("_silent", "_counter", "_sflow", "_named")
    return out if keep_unmirrored else out.filter(out.mirrored)


def encode_keys(ws: ScanContext, flows: ir.Table) -> ir.Table:
    """Monthly flows read from a stored table (an incremental scan's state, kept as strings)
    with their keys dictionary-encoded for the scan, materialised."""
    e = ws.encode
    return flows.mutate(
        reporter=e(flows.reporter, "country"),
        partner=e(flows.partner, "country"),
        flow=e(flows.flow, "flow"),
        code=e(flows.code, "hs6"),
    ).pipe(stage)


def keys_table(ws: ScanContext, df: pd.DataFrame, kinds: Mapping[str, str]) -> ir.Table:
    """`df` (keys of flagged rows, read off the scan's own tables) as a table whose `kinds`
    columns (column → dictionary kind) are dictionary-encoded like the scan's stages: a join of
    plain strings with encoded keys casts every row of the big side to a string (3 CPU-s of
    route_break's 10 M-row mirror check went on that). Values must come from the scan's data."""
    t = ibis.memtable(df)
    return t.mutate(**{c: ws.encode(t[c], k) for c, k in kinds.items()})


ROUTE_KINDS = {"reporter": "country", "partner": "country", "flow": "flow", "code": "hs6"}


def usable_code(code: ir.StringValue) -> ir.BooleanValue:
    """A code at an HS level: a chapter (2 digits), a heading (4) or six digits or more (CN8 and
    national codes are folded to HS6). Codes of 3 or 5 digits are no level and are not used."""
    n = code.length()
    return (n >= 6) | (n == 4) | (n == 2)


def aggregate_monthly(
    ws: ScanContext, rows: Callable[[ir.Table], ir.Table] | None = None
) -> ir.Table:
    """The aggregation behind `monthly_flows`, from the raw rows (not materialised), each code
    at its own level (CN8 and longer folded to HS6, HS4 and HS2 as they are); `rows` restricts
    the raw rows first (an incremental scan re-aggregates a few reporter-months)."""
    f = ws.table("trade_flows")
    f = f.filter((f.freq == "M") & usable_code(f.hs_code) & (f.value_usd > 0))
    if rows is not None:
        f = rows(f)
    e = ws.encode  # keys dictionary-encoded in a DuckDB scan (dictionary.py)
    out = f.select(
        reporter=e(f.reporter, "country"),
        partner=e(f.partner, "country"),
        flow=e(f.flow, "flow"),
        period=f.period,
        code=e(f.hs_code.substr(0, 6), "hs6"),
        value=f.value_usd,
        kg=f.net_weight_kg,
    )
    weighed = out.kg > 0
    return out.group_by("reporter", "partner", "flow", "period", "code").agg(
        value=out.value.sum(),
        kg=out.kg.sum(),
        # Value and weight of the rows with a weight: unit values use these alone.
        kg_value=out.value.sum(where=weighed),
        kg_known=out.kg.sum(where=weighed),
    )


def between_countries(ws: ScanContext, flows: ir.Table) -> ir.Table:
    """Flows whose reporter and partner are both countries."""
    c = countries_only(ws)
    return flows.filter(flows.reporter.isin(c.iso3) & flows.partner.isin(c.iso3))


def covered_headings(ws: ScanContext) -> ir.Table:
    """Each civilian cover code with each controlled heading it may hide (`ref_cover_codes`
    lists them as "9306|9305"; split on a comma, which no engine reads as a pattern)."""
    cov = ws.table("ref_cover_codes")
    return cov.select(
        cover_code=cov.hs_code, heading=cov.covers.replace("|", ",").split(",").unnest()
    )


def listed_weight(weight: ir.Value) -> ir.FloatingValue:
    """A listed item's weight on the trade detectors' scale: its control-list weight (how surely
    trade under the code is military: 0.3 for air guns, 1 for ammunition), never below
    ORDINARY_WEIGHT: a listing must not lower a finding's score under that of unlisted goods
    (an air gun's 0.3 against ordinary goods' 0.7 did: the read outside world A1_s20's planted
    phantom export of 930400, 9.6 M USD, scored 0.17; CHPL tier-4 items weighed 0.4)."""
    w = weight.cast("float64")
    # (`greatest` skips a NULL on DuckDB: an unlisted code keeps its NULL for the coalesce.)
    return ibis.ifelse(w.isnull(), ibis.null("float64"), ibis.greatest(w, ORDINARY_WEIGHT))


def code_weight(ws: ScanContext, codes: ir.Table) -> ir.Table:
    """`codes` (column `code`: six digits, a heading, a chapter or 'TOTAL') with `weight`,
    `category` and `listed_within` added.

    Controlled headings and subheadings and CHPL items take their control-list weight (never
    below ORDINARY_WEIGHT: `listed_weight`), cover codes (and at four digits their headings)
    COVER_WEIGHT, other goods ORDINARY_WEIGHT. A
    heading or chapter whose every child is controlled is controlled (chapter 93); one that
    holds listed items among others (8542 and its CHPL circuits) weighs halfway between its
    weightiest item and ordinary goods, and `listed_within` names the items.
    """
    cl = ws.table("ref_control_list")
    # One row per listed code, its weightiest listing: a code on two lists (880730 drone parts
    # on the control list and the CHPL) would otherwise join twice and double every finding.
    cl = cl.group_by("hs_code").agg(weight=cl.weight.max(), category=cl.category.argmax(cl.weight))
    w4 = cl.filter(cl.hs_code.length() == 4).select(h4=cl.hs_code, w4=cl.weight, c4=cl.category)
    w6 = cl.filter(cl.hs_code.length() == 6).select(h6=cl.hs_code, w6=cl.weight, c6=cl.category)
    cov = ws.table("ref_cover_codes")
    cov6 = cov.select(hc=cov.hs_code, is_cover=ibis.literal(True))
    cov4 = cov.select(hc=cov.hs_code.substr(0, 4), is_cover=ibis.literal(True))
    cov = cov6.union(cov4).distinct()
    coarse = lv.coarse_weights()
    coarse = coarse.select(hk=coarse.code, wk=coarse.weight, ck=coarse.category,
                           whole=coarse.whole, listed_within=coarse.listed_within)  # fmt: skip
    c = codes.select("code").distinct()
    j = c.left_join(w4, c.code.substr(0, 4) == w4.h4).select(c.code, w4.w4, w4.c4)
    j = j.left_join(w6, j.code == w6.h6).select(j.code, j.w4, j.c4, w6.w6, w6.c6)
    j = j.left_join(cov, j.code == cov.hc).select(j, cov.is_cover)
    j = j.left_join(coarse, j.code == coarse.hk).select(
        j, coarse.wk, coarse.ck, coarse.whole, coarse.listed_within
    )
    whole = j.whole.fill_null(False)
    null = ibis.null("float64")
    wk = listed_weight(j.wk)
    weight = ibis.coalesce(
        listed_weight(j.w6),
        listed_weight(j.w4),
        ibis.ifelse(whole, wk, null),
        ibis.ifelse(j.is_cover.notnull(), COVER_WEIGHT, null),
        # Partly listed: halfway between the weightiest item within and ordinary goods.
        (wk + ORDINARY_WEIGHT) / 2.0,
        ORDINARY_WEIGHT,
    )
    category = ibis.coalesce(
        j.c6,
        j.c4,
        ibis.ifelse(whole, j.ck, ibis.null("str")),
        ibis.ifelse(j.is_cover.notnull(), "cover", ibis.null("str")),
        j.ck,
        ibis.literal("ordinary"),
    )
    return j.select("code", weight=weight, category=category, listed_within=j.listed_within)


def change_points(
    series: ir.Table,
    keys: list[str],
    months: ir.Table,
    month_keys: list[str],
    *,
    min_before: int,
    min_after: int,
    coverage: ir.Table | None = None,
    coverage_keys: tuple[str, ...] = (),
    floor_share: float = FLOOR_SHARE,
    downward: bool = False,
    regular_min_before: int | None = None,
    absent_chance: float = 0.05,
) -> ir.Table:
    """The best single upward shift of every monthly series, by least squares (`downward`: the
    best downward shift, whose month is the first non-zero month of the lower level).

    `series` holds keys, `period` and `value` (> 0, months with no row are zero where `months`
    says the series was observable, and unknown elsewhere). `months` lists the observable
    months per `month_keys` (a subset of `keys`). The series runs from the first observable
    month to its own last non-zero month, so a route that starts and later stops is a segment
    that rises, not a level diluted by the months after it ended. For each candidate break τ (a
    non-zero month) on y = ln(1 + value / scale): the mean before and after, the L2 gain
    n_b·n_a/n·(ȳ_a − ȳ_b)² (the criterion of a one-break least-squares segmentation), Welch-free
    pooled t, mean USD before and after, and the share of non-zero months after. The τ with the
    largest gain is kept.

    The scale is `floor_share` of the series' largest month (at least 1,000 USD): the log is
    weighed by value, so that a few tiny shipments before a rise count as the nothing they
    nearly are and do not pull the break back to the first of them (a least-squares break in
    plain log value dates a rise by its first small shipment).

    `coverage` (columns `month_keys`, `coverage_keys`, `first`, `last`: the months the files
    holding the series cover) makes months before a file's first month unobservable: a series
    that starts with the file that holds it has no months before it, and is no birth.

    `regular_min_before`: a series first seen fewer than `min_before` observable months in, but
    at least this many, may still break at its first month where it is regular: at the share of
    months it ran from that month on, it would have shown in the months before but for a chance
    of `absent_chance` or less ((1 − share)^months). A route that runs nearly every month and is
    absent from its files' first months did not run then; one that runs now and then may have
    been absent by chance.
    """
    cal = months.select(*month_keys, "period").distinct()
    cal = cal.mutate(idx=ibis.row_number().over(group_by=month_keys, order_by="period"))
    s = series.join(cal, [*month_keys, "period"])
    if coverage is not None:
        # Calendar months before each file's first month: subtracted from the month index.
        cov = coverage.select(*month_keys, *coverage_keys, "first", "last")
        before = cal.join(cov, month_keys).filter(lambda t: t.period < t.first)
        skip = before.group_by([*month_keys, *coverage_keys]).agg(_skip=before.count())
        s = s.left_join(skip, [*month_keys, *coverage_keys])
        s = s.drop(*[c for c in s.columns if c.endswith("_right")])
        s = s.mutate(idx=s.idx - s._skip.fill_null(0)).drop("_skip")
    w_all = ibis.window(group_by=keys)
    scale = ibis.greatest(s.value.max().over(w_all) * floor_share, ibis.literal(1000.0))
    s = s.mutate(y=(1 + s.value / scale).ln())
    w_cum = ibis.window(group_by=keys, order_by="period", preceding=None, following=0)
    s = s.mutate(
        cy=s.y.sum().over(w_cum),
        cv=s.value.sum().over(w_cum),
        # rows so far (y is never null: value > 0): a row number needs no running aggregate
        cn=ibis.row_number().over(group_by=keys, order_by="period") + 1,
        ty=s.y.sum().over(w_all),
        ty2=(s.y * s.y).sum().over(w_all),
        tv=s.value.sum().over(w_all),
        tn=s.y.count().over(w_all),
        last_idx=s.idx.max().over(w_all),
        last_period=s.period.max().over(w_all),
    )
    n_b = s.idx.cast("float64")
    n_a = (s.last_idx - s.idx + 1).cast("float64")
    sb = s.cy - s.y
    mb = ibis.ifelse(n_b > 0, sb / n_b, 0.0)
    ma = (s.ty - sb) / n_a
    diff = ma - mb
    c = s.mutate(
        n_before=n_b,
        n_after=n_a,
        mean_before=mb,
        mean_after=ma,
        gain=n_b * n_a / (n_b + n_a) * diff * diff,
    )
    shifted = (c.mean_after < c.mean_before) if downward else (c.mean_after > c.mean_before)
    enough_before = c.n_before >= min_before
    if regular_min_before is not None:
        # the series' first month (no row before it), where a series that regular would have
        # shown in the observable months before it but for `absent_chance`
        share = ((c.tn - c.cn + 1).cast("float64") / c.n_after).clip(upper=0.999)
        regular = (1.0 - share).ln() * c.n_before <= math.log(absent_chance)
        enough_before = enough_before | ((c.n_before >= regular_min_before) & (c.cn == 1) & regular)
    c = c.filter(enough_before & (c.n_after >= min_after) & shifted)
    # The break with the largest gain per series, ties to the earliest (smaller n_before): one
    # hash aggregation of one struct (eight arg-max aggregates cost half as much again, and
    # could each break an exact tie differently); ranking the rows by a window sorted them all
    # again, at twice the cost. The struct holds what the kept break's figures are made of, and
    # they are computed for it alone (for every candidate month they cost a tenth of the pass).
    key = c.gain - c.n_before * 1e-9
    best = ibis.struct(
        {
            "break_period": c.period,
            **{k: c[k] for k in ("n_before", "n_after", "mean_before", "mean_after")},
            "vb": c.cv - c.value,  # USD before the break
            "cb": c.cn - 1,  # rows (non-zero months) before the break
        }
    )
    out = c.group_by(keys).agg(
        _best=best.argmax(key),
        total_usd=c.tv.max(),
        last_period=c.last_period.max(),
        _ty2=c.ty2.max(),
        _tn=c.tn.max(),
    )
    b = out.unpack("_best")
    n_b, n_a, mb, ma = b.n_before, b.n_after, b.mean_before, b.mean_after
    sse = (b._ty2 - mb * mb * n_b - ma * ma * n_a).clip(lower=0.0)
    sigma = (sse / (n_b + n_a - 2).clip(lower=1.0)).sqrt()
    se = sigma * (1.0 / n_b.clip(lower=1.0) + 1.0 / n_a).sqrt()
    return b.select(
        *keys,
        "break_period",
        "n_before",
        "n_after",
        t=(ma - mb) / ibis.greatest(se, ibis.literal(0.05)),
        usd_before=ibis.ifelse(n_b > 0, b.vb / n_b, 0.0),
        usd_after=(b.total_usd - b.vb) / n_a,
        nonzero_before=ibis.ifelse(n_b > 0, b.cb / n_b, 0.0),
        nonzero_after=(b._tn - b.cb) / n_a,
        total_usd=b.total_usd,
        last_period=b.last_period,
    )


def series_json(df: pd.DataFrame, keys: list[str], value: str = "value") -> pd.DataFrame:
    """keys + `series`: {'YYYY-MM': value} per key, for the evidence of flagged rows only."""
    if df.empty:
        return pd.DataFrame(columns=[*keys, "series"])
    d = df.assign(_m=pd.to_datetime(df["period"]).dt.strftime("%Y-%m"))
    d = d.groupby([*keys, "_m"])[value].sum().reset_index().sort_values(by=[*keys, "_m"])
    # One dict per key from slices of two arrays (a pandas apply per group costs ten times more
    # for the ten thousand series a large scan flags).
    first = d[keys].ne(d[keys].shift()).any(axis=1).to_numpy()
    starts = first.nonzero()[0].tolist()
    ends = [*starts[1:], len(d)]
    months = d["_m"].tolist()
    values = d[value].round(0).tolist()
    out = d.loc[first, keys].reset_index(drop=True)
    series = [
        dict(zip(months[a:b], values[a:b], strict=True)) for a, b in zip(starts, ends, strict=True)
    ]
    out["series"] = pd.Series(series, index=out.index, dtype=object)
    return out


def rise_parameters(*, min_t: float, min_months_after: int) -> tuple[Parameter, ...]:
    """The parameters of a rise found by `change_points` (route_break, transshipment legs)."""
    return (
        Parameter("min_ratio", 2.5, "level after the break over the level before"),
        Parameter("min_t", min_t, "pooled t of the shift in log value"),
        Parameter("min_persistence", 0.6, "share of months after the break with the flow"),
        Parameter("min_months_before", 6, "observable months before the break"),
        Parameter("min_months_after", min_months_after, "months from the break to the last"),
        Parameter("min_value_usd", 100_000.0, "mean monthly value after the break"),
        Parameter("floor_usd", 20_000.0, "added to both levels so that tiny series do not jump"),
    )


def rising(cp: ir.Table, p: dict[str, Any]) -> ir.Table:
    """Change points that are real rises: several-fold, sharp against the noise, persistent."""
    floor = p["floor_usd"]
    cp = cp.mutate(jump=((cp.usd_after + floor) / (cp.usd_before + floor)).log2())
    return cp.filter(
        (cp.jump >= ibis.literal(p["min_ratio"]).log2())
        & (cp.t >= p["min_t"])
        & (cp.nonzero_after >= p["min_persistence"])
        & (cp.usd_after >= p["min_value_usd"])
    )


def robust_norms(t: ir.Table, by: list[str], min_n: int, tag: str) -> ir.Table:
    """Median and MAD of `t.lr` per `by` (columns {tag}_med, {tag}_mad), where n ≥ min_n."""
    med = t.group_by(by).agg(**{f"{tag}_med": t.lr.median(), "_n": t.count()})
    j = t.join(med, by)
    mad = j.group_by(by).agg(**{f"{tag}_mad": (j.lr - j[f"{tag}_med"]).abs().median()})
    out = med.join(mad, by)
    return out.filter(out._n >= min_n).drop("_n")


def islands(t: ir.Table, by: list[str], step: ir.IntegerValue) -> ir.Table:
    """`t` with `island`: rows of consecutive `step` values per `by` share one island id."""
    t = t.mutate(_step=step)
    rn = ibis.row_number().over(group_by=by, order_by=t._step)
    return t.mutate(island=t._step - rn).drop("_step")
