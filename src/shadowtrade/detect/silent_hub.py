"""A re-export through a hub that reports nothing: the importer's records of the goods from
their origin track the origin's exports to the hub, month by month.

DOMAIN.md: importers record the country of origin, exporters the country of last known
destination. Origin O reports exports to hub H; H passes the goods on to K, and K books them
from O. Where H reports its exports, `attribution.py` reads H's record as the re-export's other
attribution. Where H's data holds no exports or re-exports (not a reporter, or not in those
months: family D of the outside generator has NLD as no reporter), or books those of the goods'
heading to no country ('Areas, nes': family A's ARE), that record is missing: K's
imports from O look unreported by O (`mirror_gap`'s unrecorded export) or born from nothing
on O's side (`route_break`'s birth the partner does not record). O's exports to H are then the
only other record of the goods, and they count only where K's imports from O track them month
by month (`tracking`): a shipment to a silent country that merely coincides with the gap
explains nothing. One rule for both detectors, with one set of parameters (each detector lists
`PARAMETERS` among its own).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.detect import flows as fl
from shadowtrade.detect.registry import Parameter
from shadowtrade.staging import stage

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

ROUTE = ["exporter", "importer", "code"]
CHANCE_VARIANCE = 19.0 / 9.0  # n × the variance of the correlation of n overlapping 3-sums
# The chance bar at most: uncapped it exceeds 1 below 9 whole sums (2 √(19 / 72) = 1.03 over 8),
# which no correlation reaches, and `silent_hub_min_months` would never take effect. 0.95 still
# keeps out the short chance trackings seen (0.88 over 8 sums).
CHANCE_CAP = 0.95

PARAMETERS = (
    Parameter(
        "silent_hub_min_corr",
        0.7,
        "least correlation (three-month sums, month by month) of an importer's imports"
        " from the origin with the origin's exports to a hub that reports no exports,"
        " to read them as one re-export",
    ),
    Parameter(
        "silent_hub_min_months",
        6,
        "whole three-month sums that correlation is read over (at least; 6 need 8 months)",
    ),
    Parameter(
        "silent_hub_chance_z",
        2.0,
        "how many times its chance spread between unrelated series (√(19 / 9n) over n"
        " overlapping three-month sums) the tracking correlation must reach, at most 0.95"
        " (uncapped the bar exceeds 1 below 9 sums): 0.95 up to 9 sums, 0.84 over 12, 0.7"
        " from 18",
    ),
    Parameter(
        "silent_hub_max_lag",
        3,
        "most months the importer's record trails the origin's exports to a silent hub",
    ),
)


# What a reading gives each target, in the order its callers attach them to their rows.
COLUMNS = (
    "hub_partner", "hub_corr", "hub_lag", "hub_points", "hub_shared_with", "hub_leg_usd",
    "hub_usd", "hub_leg_reported_usd", "hub_on_heading",
)  # fmt: skip


def tracking(
    ws: ScanContext,
    allf: ir.Table,
    targets: ir.Table,
    imports: ir.Table,
    keys: list[str],
    p: dict[str, Any],
    *,
    digits: int,
    taken: ir.Table | None = None,
) -> tuple[ir.Table, ir.Table]:
    """Per target O → K (`keys`, with `exporter` O, `importer` K, `code`, the months `first`
    to `last` it is read over, and `demand`, what no other record explains of it, in K's
    terms): the hub H whose data names no destination of its exports of the heading in those
    months (no exports at all, or `_unnamed_onward`), to which O's
    reported exports of the code K's imports from O (`imports`: exporter, importer, code,
    period, value) track (`hub_partner`), the correlation (`hub_corr`), the whole three-month
    sums it was read over (`hub_points`) and the lag in months (`hub_lag`); the leg over the
    target's months in K's terms (`hub_leg_usd`: times `attribution_markup`) and the part of
    it this target carries (`hub_usd`), shared with `hub_shared_with` other targets.

    The leg counts only where K's imports from O track it: a correlation of at least
    `silent_hub_min_corr` of their three-month sums (a shipment booked a month later stays
    within them) over the target's months, at least `silent_hub_min_months` whole sums, at
    the lag that fits best, 0 to `silent_hub_max_lag` months (the hub's dwell and the import
    booked a month later); of the hubs that pass, the one with the largest leg. Few sums can
    correlate highly by chance, so the correlation must also be `silent_hub_chance_z` times
    its chance spread between unrelated series over that many overlapping sums (√(19 / 9n),
    Bartlett): over 12 sums it must reach 0.84, from 18 the floor of 0.7 holds; the bar is
    capped at 0.95 (`CHANCE_CAP`), which it reaches below 10 sums: uncapped it exceeds 1
    below 9, and a near-perfect tracking of a short episode could never be read. The legs are
    O's exports under the code (`digits` 6), or under any code of its heading (4: the
    importer may book the goods under a sibling code). The importer is no hub of its own
    imports.

    One hub's leg explains at most itself in all (`_shared`): where several targets read the
    same leg, each month of it is shared among them in proportion to what each leaves
    unexplained; on the heading, of what the code's targets left of it (`taken`: per origin,
    hub, heading and month, what they took). The caller says where the sizes agree (a whole
    leg that carries less than the gap over `attribution_ratio` is some other shipment, as in
    `attribution.match`) and takes no more than its share. Second: what these targets take of
    each month of the legs (`_shared`), for the heading's pass."""
    lags = range(int(p["silent_hub_max_lag"]) + 1)
    un = targets.select(*keys, *[c for c in (*ROUTE, "first", "last") if c not in keys])
    un = un.pipe(stage)
    legs = ws.shared("silent_hub_legs", lambda: _silent_legs(ws, allf))
    same = legs.code.substr(0, digits) == un.code.substr(0, digits)
    legs = legs.semi_join(un, [legs._o == un.exporter, same]).pipe(stage)
    # Each candidate hub's leg at each lag over the target's months (zeros where none).
    lj = un.join(
        legs,
        [
            un.exporter == legs._o,
            # (The importer is no hub of its own imports: one that reports imports but no
            # exports would otherwise explain its own gap by the origin's record of it.)
            legs._h != un.importer,
            legs.code.substr(0, digits) == un.code.substr(0, digits),
            legs.period >= un.first - ibis.interval(months=max(lags)),
            legs.period <= un.last,
        ],
    )
    shifted = [
        lj.select(
            *keys,
            "first",
            "last",
            hub=lj._h,
            lag=ibis.literal(k),
            period=lj.period + ibis.interval(months=k),
            b=lj.value,
        )
        for k in lags
    ]
    b = shifted[0]
    for s in shifted[1:]:
        b = b.union(s)
    b = b.filter((b.period >= b.first) & (b.period <= b.last))
    b = b.group_by(*keys, "first", "last", "hub", "lag", "period").agg(b=b.b.sum()).pipe(stage)
    hubs = b.select(*keys, "first", "last", "hub", "lag").distinct()
    months = allf.select("period").distinct()
    grid = hubs.join(months, [months.period >= hubs.first, months.period <= hubs.last])
    grid = grid.select(*keys, "hub", "lag", "period")
    if missing := [c for c in ROUTE if c not in keys]:
        grid = grid.join(un.select(*keys, *missing), keys)
    a = imports.semi_join(un, ROUTE)
    a = a.group_by(*ROUTE, "period").agg(a=a.value.sum())
    g = grid.left_join(a, [*ROUTE, "period"]).select(grid, a=a.a.fill_null(0.0))
    g = g.left_join(b, [*keys, "hub", "lag", "period"]).select(g, b=b.b.fill_null(0.0))
    g = _mark_reported(ws, g, lags)
    # Three-month sums: a shipment the importer books a month later stays within them.
    over = ibis.window(group_by=[*keys, "hub", "lag"], order_by="period", preceding=2, following=0)
    whole = ibis.window(group_by=[*keys, "hub", "lag"])
    g = g.mutate(
        a3=g.a.sum().over(over),
        b3=g.b.sum().over(over),
        n3=g.reported.sum().over(over),
        leg=g.b.sum().over(whole),
    )
    g = g.pipe(stage)
    # (Whole sums only, of months both sides reported: the target's first months hold fewer.)
    w = g.filter(g.n3 == 3)
    fit = w.group_by(*keys, "hub", "lag").agg(
        fit_r=w.a3.corr(w.b3, how="pop"), leg=w.leg.max(), n=w.count()
    )
    # Above chance: overlapping three-month sums of unrelated series correlate by chance with
    # a spread of √(19 / 9n) over n sums (Bartlett: each sum shares two months with the next
    # and one with the one after), 0.47 over 9 sums, 0.24 over 36; few sums can show a high
    # correlation by chance, and the correlation must be `silent_hub_chance_z` such spreads,
    # or `CHANCE_CAP`, whichever is less.
    chance = p["silent_hub_chance_z"] * (CHANCE_VARIANCE / fit.n.cast("float64")).sqrt()
    chance = ibis.least(chance, CHANCE_CAP)  # (uncapped it exceeds 1 below 9 sums)
    fit = fit.filter(
        # (No correlation where either series is flat: NaN, which would pass every bar.)
        ~fit.fit_r.isnan()
        & (fit.fit_r >= p["silent_hub_min_corr"])
        & (fit.fit_r >= chance)
        & (fit.n >= p["silent_hub_min_months"])
        & (fit.leg > 0)
    ).pipe(stage)
    # Each hub at the lag that fits it best; then the hub that carries most of the target.
    best = fit.group_by(*keys, "hub").agg(best_r=fit.fit_r.max()).pipe(stage)
    at_best = fit.join(best, [*keys, "hub", fit.fit_r == best.best_r]).select(fit)
    at_best = (
        at_best.group_by(*keys, "hub")
        .agg(
            fit_r=at_best.fit_r.max(),
            lag=at_best.lag.min(),
            leg=at_best.leg.max(),
            n=at_best.n.max(),
        )
        .pipe(stage)
    )
    most = at_best.group_by(keys).agg(best_leg=at_best.leg.max()).pipe(stage)
    top = at_best.join(most, [*keys, at_best.leg == most.best_leg]).select(at_best)
    top = (
        top.group_by(keys)
        .agg(
            hub_partner=top.hub.min(),
            hub_corr=top.fit_r.max(),
            hub_lag=top.lag.min(),
            hub_points=top.n.max(),
            leg=top.leg.max(),
        )
        .pipe(stage)
    )
    carried, took = _shared(g, top, targets, keys, digits, taken)
    top = top.join(carried, keys)
    markup = p["attribution_markup"]
    out = top.select(
        *keys,
        "hub_partner",
        "hub_corr",
        "hub_lag",
        "hub_points",
        "hub_shared_with",
        hub_leg_usd=top.left_leg * markup,
        hub_usd=top.carried * markup,
        hub_leg_reported_usd=top.left_leg,
        hub_on_heading=ibis.literal(digits == 4),
    )
    return out, took


def _silent_legs(ws: ScanContext, allf: ir.Table) -> ir.Table:
    """(`code`, `period`, `value`, `_o`, `_h`): the exports between countries to a hub whose
    data names no destination of the heading's exports that month: it reported no exports at
    all, or booked the heading's onward flows to no country (`_unnamed_onward`). The same for
    every target: computed once per scan (`ws.shared`; each of the scan's four trackings
    passed over every export for it, 0.6 CPU-s a pass at 9.2 M rows)."""
    f = fl.between_countries(ws, allf)
    legs = f.filter(f.flow == "export").select(
        "code", "period", "value", _o=f.reporter, _h=f.partner
    )
    cal = fl.reported_months(ws)
    calx = cal.filter(cal.flow.isin(["export", "re-export"])).select(_h="reporter", period="period")
    unnamed = ws.shared("silent_hub_unnamed", lambda: _unnamed_onward(ws, allf))
    return legs.anti_join(calx.distinct(), ["_h", "period"]).union(
        legs.semi_join(
            unnamed,
            [
                legs._h == unnamed._h,
                legs.period == unnamed.period,
                legs.code.substr(0, 4) == unnamed._h4,
            ],
        ),
        distinct=False,
    )


def _unnamed_onward(ws: ScanContext, allf: ir.Table) -> ir.Table:
    """(`_h`, `period`, `_h4`): the months in which a country reported exports or re-exports of
    the heading, all to partners that are no country ('Areas, nes', a withheld partner): its
    data names no destination of them, and it is as silent on them as a country that reports
    no exports (a hub that reports re-exports to a country records where the goods went). Read
    outside world A1_s0: ARE reports every month, but books SWE's 360410 as imports from and
    re-exports to 'Areas, nes'; FRA's imports of them from SWE were read as SWE's unreported
    exports, 41.8 M USD. (`allf` is the scan's monthly flows: shared by both detectors.)"""
    onward = allf.filter(allf.flow.isin(["export", "re-export"]))
    onward = onward.select(
        _h=onward.reporter,
        period=onward.period,
        _h4=onward.code.substr(0, 4),
        named=onward.partner.isin(fl.countries_only(ws).iso3).cast("int8"),
    )
    by_heading = onward.group_by("_h", "period", "_h4").agg(named=onward.named.max())
    return by_heading.filter(by_heading.named == 0).select("_h", "period", "_h4")


def _mark_reported(ws: ScanContext, g: ir.Table, lags: range) -> ir.Table:
    """`g` (exporter O, importer K, lag, period: K's month) with `reported`, 1 where K reported
    imports in the month and O exports (between countries) in the leg's month (the month less
    the lag), else 0.

    A month either side did not report holds no record of the goods, not a record of none: read
    as zero on both series (K's imports are read only in months O reported, and O's leg is
    empty when O is silent), a stretch of such months correlates by itself (ROU silent in two
    four-month stretches read as tracking its unrelated exports to NLD, 0.98). The three-month
    sums that hold such a month are left out of the tracking."""
    cal = fl.reported_months(ws, between=True)
    k_in = cal.filter(cal.flow == "import").select(_k="reporter", _kp="period", _kin=1)
    o_out = cal.filter(cal.flow == "export")
    o_out = ibis.union(
        *[
            o_out.select(
                _o="reporter", _lag=ibis.literal(k), _op=o_out.period + ibis.interval(months=k)
            )
            for k in lags
        ]
    ).mutate(_oout=1)
    g = g.left_join(k_in, [g.importer == k_in._k, g.period == k_in._kp]).select(g, k_in._kin)
    g = g.left_join(
        o_out, [g.exporter == o_out._o, g.lag == o_out._lag, g.period == o_out._op]
    ).select(g, o_out._oout)
    return g.mutate(reported=g._kin.fill_null(0) * g._oout.fill_null(0)).drop("_kin", "_oout")


def _shared(
    g: ir.Table,
    top: ir.Table,
    targets: ir.Table,
    keys: list[str],
    digits: int,
    taken: ir.Table | None,
) -> tuple[ir.Table, ir.Table]:
    """Per target (`keys`): the part of its hub's leg it carries (`carried`), the leg over its
    months less what targets of the code took of it (`left_leg`), and how many other targets
    read the same leg (`hub_shared_with`, those of the code that took of it included); and
    per origin, hub, heading and month of the leg, what these targets take of it (at most
    what each leaves unexplained that month) and how many (`_e`, `_h`, `_p`, `_m`, `used`,
    `users`).

    One hub's leg of X explains at most X in all: each month of the leg (O's exports of the
    code, or heading, to H) is shared among the targets that read it in that month (each at
    its own lag), in proportion to what each leaves unexplained a month (`demand` over its
    months). A target alone keeps the whole leg over its months. The targets are those one
    detector reads (mirror_gap's unrecorded episodes, route_break's import births): the two
    detectors read the same goods each in its own terms, so a leg is not shared across them.
    The heading's leg holds the code's: a target read on the heading (the code leaves it
    unread) shares only what the code's targets left of each month (`taken`), and counts
    them among those it shares with; before, the code's leg was counted once on each level."""
    chosen = top.select(*keys, hub=top.hub_partner, lag=top.hub_lag)
    rows = g.join(chosen, [*keys, "hub", "lag"]).select(g)
    per_month = targets.select(*keys, "demand")
    rows = rows.join(per_month, keys)
    months = ibis.window(group_by=keys)
    # The leg's own month (the target's month less its lag), as a month index.
    rows = rows.mutate(
        rate=rows.demand / rows.period.count().over(months),
        leg_month=rows.period.year() * 12 + rows.period.month() - rows.lag,
        prefix=rows.code.substr(0, digits),
    )
    rows = rows.mutate(h4=rows.code.substr(0, 4))
    if taken is None:
        rows = rows.mutate(avail=rows.b, earlier=ibis.literal(0, "int64"))
    else:
        t = taken
        rows = rows.left_join(
            t,
            [rows.exporter == t._e, rows.hub == t._h, rows.h4 == t._p, rows.leg_month == t._m],
        ).select(rows, _used=t.used, _users=t.users)
        rows = rows.mutate(
            avail=(rows.b - rows._used.fill_null(0.0)).clip(lower=0.0),
            earlier=rows._users.fill_null(0).cast("int64"),
        )
    pool = ibis.window(group_by=["exporter", "hub", "prefix", "leg_month"])
    rows = rows.mutate(
        whole=rows.rate.sum().over(pool), sharers=rows.period.count().over(pool)
    ).pipe(stage)
    share = ibis.ifelse(rows.whole > 0, rows.rate / rows.whole, 0.0)
    rows = rows.mutate(carried=rows.avail * share)
    rows = rows.mutate(used=ibis.least(rows.carried, rows.rate))
    carried = rows.group_by(keys).agg(
        carried=rows.carried.sum(),
        left_leg=rows.avail.sum(),
        hub_shared_with=(rows.sharers - 1 + rows.earlier).max(),
    )
    took = rows.group_by(_e=rows.exporter, _h=rows.hub, _p=rows.h4, _m=rows.leg_month).agg(
        used=rows.used.sum(), users=rows.count()
    )
    return carried, took


def on_code_or_heading(
    ws: ScanContext,
    allf: ir.Table,
    targets: ir.Table,
    imports: ir.Table,
    keys: list[str],
    p: dict[str, Any],
) -> ir.Table:
    """`tracking` on the code, and on its heading for the targets the code leaves unread, of
    what the code's targets left of the legs (one leg is not counted on both levels)."""
    hub, took = tracking(ws, allf, targets, imports, keys, p, digits=6)
    hub = hub.pipe(stage)
    rest = targets.anti_join(hub, keys)
    on_heading, _ = tracking(ws, allf, rest, imports, keys, p, digits=4, taken=took.pipe(stage))
    return hub.union(on_heading).pipe(stage)


def lag_words(lag: int) -> str:
    """The lag of the importer's record behind the leg, in words."""
    return "in the same month" if lag == 0 else f"{lag} month(s) later"


def track_words(origin: str, hub: str, corr: float, lag: int, *, on_heading: bool) -> str:
    """How the importer's records track the origin's exports to the silent hub (a clause):
    of the code, or of its heading where the leg was read there (`hub_on_heading`)."""
    level = "heading" if on_heading else "code"
    return (
        f"track {origin}'s reported exports of the {level} to {hub}, whose data names no"
        " destination of its exports of the heading in those months, month by month"
        f" (correlation {corr:.2f}, {lag_words(lag)})"
    )


def on_heading(r: Mapping[Any, Any]) -> bool:
    """Whether the row's silent-hub leg was read on the heading (`hub_on_heading`)."""
    v = r.get("hub_on_heading")
    return v is not None and not pd.isna(v) and bool(v)


def share_words(r: Mapping[Any, Any]) -> str:
    """Where the hub's leg is shared with other flows read to come through it, a clause that
    says so (empty where the leg is this flow's alone). The leg and this flow's part of it are
    the origin's reported amounts; what the part may explain at the importer's prices
    (`attribution_markup` times it, margin and freight) is said apart."""
    others = r.get("hub_shared_with")
    if others is None or pd.isna(others) or int(others) <= 0:
        return ""
    reported = float(r["hub_leg_reported_usd"])
    in_k = float(r["hub_leg_usd"])
    part = float(r["hub_usd"]) * reported / in_k if in_k > 0 else 0.0
    return (
        f"; its leg, {reported / 1e6:,.2f} M USD over these months as reported, is shared"
        f" with {int(others)} other flow(s) that track it, in proportion to what each leaves"
        f" unexplained: {part / 1e6:,.2f} M USD of it to this one (up to"
        f" {float(r['hub_usd']) / 1e6:,.2f} M USD at the importer's prices, margin and freight"
        " included)"
    )
