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

**Calibration (scoring_version unit_value/3).** Route prices differ persistently: within one
code some routes carry a dearer variant for years. What sets a scheme apart from that ordinary
spread is change and fit, so the score is the price score (the robust z, as before) times two
named factors, each in `score_factors` with its value, weight (a parameter) and a sentence:
`route_is_new` (1 for a route first seen at least `new_after_months` after the files holding its
reporter's chapter begin, `standing_route_weight` for one as old as the data: its age is
unknown, and an odd price it has always had is the ordinary spread) and
`priced_like_controlled_goods` (for a cover route: 1 within one robust standard deviation of the
controlled heading's median, falling by `closeness_penalty` at two; a cover route priced far
above the goods it may hide is no closer to them than to its own code). Version 3: a *new*
cover route priced within one robust SD of the controlled median — a change to the price of
what it may hide — needs `z_min_cover_new` robust SDs above its own code rather than
`z_min_cover` (a steel-article code at 4 USD/kg spread 0.5 in log puts 9306's 18 USD/kg at
about 3 SDs: under 3.5, the old threshold). Not lower: on the simulator's scheme-free worlds
ordinary new cover routes priced within one SD of the controlled median reach 2.6–3.0 SDs
above their code (dev seeds 4 and 5), as high as cover routes at 4.5 times their code's price.

**The norm without the odd routes (unit_value/4).** A thin code's median and spread are pulled
up by the schemes' own routes: the dev worlds' 732619 had 14 routes, 4 of them two schemes'
covers (both sides of each) at ammunition's price, which put them 2.0–2.1 robust SDs above the
code. So each route's norm is learnt from its code's *ordinary* routes: a first pass over all
routes marks the odd ones (`odd_z` robust SDs off the code, or a cover route `odd_z_cover` SDs
above it and within two SDs of a controlled heading's median), and a route that may be odd (1.5
SDs off the ordinary norm) is compared with the ordinary routes less its own pair (its record
and its partner's record of the same flow: leave-one-out). A code left with fewer than five
ordinary routes keeps the all-routes norm. The evidence gives `code_routes` and `norm_routes`.
Leaving out is done only in codes with fewer than 200 ordinary routes (unit_value/5): out of more,
2–4 routes move the median and MAD by at most two order statistics, and the exact join paired
every such route with all of its code's routes (60 M rows at 10.8 M trade rows; on that
scheme-free world scores moved by at most 0.005, and 2 of 436 alerts, all under 0.5, dropped).
Calibrated on the simulator's dev worlds only: the narrower norm lifts ordinary new cover
routes too (scheme-free dev seeds 4 and 5: two to 3.03 and 3.05 SDs), so `z_min_cover_new` is
3.25 (the planted covers found there sit at 3.42 and above); the eval family was not looked at.

**Covers that are half a code (unit_value/6).** Where schemes' covers make up half of a code's
routes (the dev 4.6 M-row world's 732690: 33 of 53 routes at ammunition's price) they pull its
median up and double its MAD, and none of them is `odd_z_cover` SDs off in the first pass. The
schemes push a cover code's prices up only, so a cover route's distance above its code is
measured in the spread of the code's routes at or below its median (the lower half's median
absolute deviation: the same as the MAD where the spread is symmetric). Dev 4.6 M-row world:
unit_value recall 17/29 → 23/29, all 58 alerts ≥ 0.5 planted; scheme-free dev 1–5 and the
10.8 M-row scheme-free world: no new alert ≥ 0.5 (6 → 5 there).

**Standing routes priced up month by month (unit_value/7).** A scheme run on a standing cover
route (shell bodies added to a steel-articles flow booked since 2019) leaves the route's price
over all its months ordinary. So each cover route with a year of weighed months learns its own
usual price (median and robust spread of its monthly log unit values, floored at `min_sigma`),
and months `shift_z` robust SDs above it and within one robust SD of a controlled heading's
median are priced like the goods it may hide; `min_months` of them worth `min_value_usd`, fewer
than half the route's months, make an alert (`price_rose_to_controlled_goods`: `shift_z` gives
0.55, three more 1). The months before an HS revision of a code it split are not read: the code
then held goods of other prices in a mix that changes month by month (on the 10.8 M-row
scheme-free world the simulator's 382499, which held 382489 and 240499 until 2022, gave 28
alerts ≥ 0.5 before this rule, none after). Dev 4.6 M-row world: the two schemes on standing
routes found (DEU → SGP and SAU → IND 732619, 0.57–0.77), no other alert; dev mixed and
scheme-free 1–5, the 10.8 M-row world and the real Eurostat export-ban download (15.9 k rows of
six cover codes): none.

**The route against its own traders' other prices (unit_value/8).** An exporter has a standing
price level per code (its quality and product mix: one country's steel articles are dearer than
another's to every destination), so a route far above its code may only carry its exporter's
usual price. A customs analyst compares the route with the same exporter's price of the code to
its other destinations, and with the importer's from its other origins. Each route over a
threshold gets both (medians of their routes' log unit values, both sides' records; a side needs
`peer_min` other partners, else it says nothing) and `agreement`: the smaller of the route's
distances from them, as a share of its distance from its code (clipped to 0–1). The factor
`unlike_its_traders_other_prices` is 1 − `peer_weight` × (1 − agreement): a route priced as its
exporter's other destinations keeps half its score; one with no such comparison keeps all of
it. A cover route priced like the controlled goods whose traders' other prices agree that it is
odd needs no less distance from its code, though: tried (2.5 robust SDs instead of 3.25 where
the route keeps 80 % of its distance from its traders' prices), on the dev worlds it caught no
planted cover that 3.25 misses and flagged ordinary ones at 2.6–3.05 SDs (their importers'
other origins sit at the code's norm, as most do). The evidence names the exporter's and
importer's other prices and how many partners they come from. Measured on the simulator's dev
worlds (whose exporters now have such levels): see docs/benchmarks.md.

**New routes against the code's standing routes (unit_value/9).** In a thin code, new routes at
one price can be much of the code: two schemes' covers (both sides' records) made 4 of 7 routes
of 382499 in a fresh dev world (mixed seed 12), so the code's median *was* ammunition's price
and the covers sat 0.0–0.2 robust SDs from it; in another (seed 11) 730490's three ordinary
routes at 1.2–4.7 USD/kg faced a cover at 18 and a transshipment leg at 58, which widened its
spread to 1.9 in log. A customs analyst reads a new route against the trade the code had before
it. So each code also gets the median of its standing routes (first seen within
`new_after_months` of the files, with `min_months` of data) and their robust SD where there are
five or more, floored at the data's typical spread within a code (the median of those SDs over
the codes that have five; `min_sigma` at least: two standing routes give a price, not a spread).
A new cover route priced within one robust SD of a controlled heading's median is measured
against them where that puts it further above its code (`robust_z_against_standing_routes`,
`standing_routes` in the evidence; the sentence says so), with the same threshold
(`z_min_cover_new`); a code needs `standing_min_routes` of them. Fresh dev mixed seeds 6–15 (the
worlds whose misses it was written from; the eval family not run): unit_value recall 40 → 43 of
50, 14 more alerts ≥ 0.5, all on planted schemes (other schemes' covers too); scheme-free dev
1–10 and a 2.8 M-row scheme-free dev world (seed 11, scale 20): no score moves. What it cannot
see: covers priced inside their code's ordinary spread even against a clean norm (7326 at 4
USD/kg puts 9306's 18 at 2.1–2.6 robust SDs; ordinary new cover routes reach 3.1 in the
scheme-free worlds), and a code with no standing route.

**Independent worlds (unit_value/10).** Read on worlds built by another generator (within-code
spread of log unit value about 0.57, reporters that begin mid-period), three general causes:
*(a) a thin code's spread is a noisy estimate.* The MAD of twenty flows is off by a quarter of
itself as often as not; a code whose few flows happen to sit close together (382499 there: 20
flows, spread under the 0.35 floor against the data's typical 0.55) makes its ordinary dearer
flows 3.3–3.6 robust SDs off, and three alerts ≥ 0.5 on a scheme-free world. So each code's
spread is pooled with the data's typical spread within a code (the median over codes with
`spread_typical_min_flows` flows in their norm) as if `spread_prior_flows` flows had shown it:
sigma² = (n·s² + k·t²)/(n + k), n the code's distinct flows (both sides' records of a flow are
one observation of its price). A code of many flows keeps its own; where no code has that many
flows, every code keeps its own. The evidence gives `code_flows`, `code_own_spread_log`,
`typical_spread_log`, `code_spread_log`, and the price factor's sentence says the pooling.
*(b) a flow's age is read from both of its records.* A reporter whose files begin mid-period
cannot date a flow its partner saw begin (VNM's files from 2022-08, BEL's from 2021: BEL saw
VNM → BEL 761699 begin in 2022-11); the flow's first month is the earlier of its two records'
and the files it is measured from the earlier of its two reporters'.
*(c) two records of one price are evidence of it.* The planted covers there sit 2.5–3.0 robust
SDs above their code (3.5–5 times its price), under `z_min_cover_new`, which the own
simulator's ordinary new cover routes reach alone. What an analyst accepts as a price and not a
slip of one customs record (a wrong weight, a unit change, weightless rows) is the two
countries' records of the flow agreeing on it, month after month. So a new flow whose two
records each hold `both_sides_min_months` months or more, within two robust SDs of a
controlled heading's median (the closeness factor as before), at `both_sides_min_ratio` times
the median of the code's standing routes (the trade the code had before it: "several times the
code's norm") and `z_min_cover_both_sides` robust SDs above them, is priced like the goods it
may hide: the price factor is then read from the smaller of the two records' distances above
the standing routes (2 gives 0.55, three more give 1), its sentence names both records, and the
evidence `both_records_priced_like_controlled`, `partner_record_usd_per_kg`,
`partner_record_months`. No new factor: the score is still the product of `price_is_odd`,
`route_is_new`, `unlike_its_traders_other_prices` and `priced_like_controlled_goods`.
Measured (unit_value rescanned alone): independent A worlds, scheme-free A1_s0 3 → 0 alerts ≥
0.5 and A2_s0 0 → 0; with 20 schemes, planted unit_value schemes found A1_s20 2/4 → 4/4 and
A2_s20 1/4 → 2/4, no alert ≥ 0.5 off a scheme. Own simulator, dev family at scale 1: mixed
seeds 6–15 unit_value recall 34/50 → 38/50 and 10 → 8 alerts ≥ 0.5 off every scheme (none new);
scheme-free dev 1–5: 0 → 0. What it cannot see: a cover declared under a code the reference does
not pair with the controlled heading (there: 731816 for 9301 at ten times its code, a plain
outlier at 0.23; ordinary flows at 10–15 times their code occur in the scheme-free worlds), and
goods declared at a price inside their code's spread (852589 as 854370 at 2.3 times it). The
ordinary flows that reach the rule's neighbourhood there are both-sided and persistent too
(IRN ← BRA 382499 at 3.1 and 2.8 times the standing routes, 1.9–2.1 SDs above them, 20 months):
the rule's margin on those worlds is the ratio and 2 SDs against the standing routes, not
one-sidedness.

**Goods a cover code may hide beyond the reference's examples (unit_value/11).** The reference
pairs each cover code with the controlled headings it is known to hide (847990 with 9305 and
9306), and the both-records rule asked for a price within two robust SDs of one of them. Read
on the outside worlds A1-A12 (family A), the cover codes' new flows both records price at 3
times the code's standing routes and 2 robust SDs above them, six months each, were 26, every
one a planted scheme, none ordinary (seven scheme-free worlds and the mixed worlds' ordinary
flows); among them unmanned aircraft declared as 847990 at 460-900 USD/kg, 3-6 robust SDs
above 9305's median: a cover hides whatever fits its description, not only the reference's
example. So a new cover flow both records price more than two robust SDs from every heading
the code is paired with is read by the same rule at `both_sides_far_min_ratio` (4) times the
standing routes rather than 3 (a less specific price needs more distance); no closeness
factor (it is priced like none of them), the sentence says so, and the evidence gives
`both_records_far_from_controlled`. Codes outside the cover list are left as they were: there
ordinary new flows both records price at 4 times their code's standing routes are common (35
in the seven scheme-free worlds).

**A partner that reported in few of the flow's months (unit_value/12).** Missing is not zero
(DOMAIN.md): the both-records rule asked each record for `both_sides_min_months` months, and a
partner whose files begin within the flow's months cannot hold that many. Outside world A10_s20:
TUN -> GBR 382499 at 3.7 times the code's standing routes for eight months (a planted cover
of 360350), GBR reporting from the seventh, its record both of its months at the same price;
not flagged as a new cover route read alone (2.75 robust SDs above its code, under 3.25). The
partner's record now needs as many months as the partner reported in that direction in the
flow's span, up to `both_sides_min_months` and
`both_sides_partner_min_months` (2) at least, and is read from all its weighed routes (a
record of two months is no route of its own to flag), at the same price against the code's
norms. A partner that reported all along still needs six months; a partner that reported
nothing leaves the flow one record (no agreement to read). Read worlds A1-A12: that flow
unflagged -> 0.63, no other unit_value alert at 0.3 or more moved.

**A regular route absent from the files' first months (unit_value/13).** A route first seen
within `new_after_months` (6) of the files was read as old as the data (its age unknown). But a
route that runs in nearly every month of its span and is absent from the files' first months did
not run then: a standing route that regular would have shown in them. So a route first seen
`new_min_gap_months` (2) or more after the files begin, with `min_months` of data, takes the full
age factor where a route of its own regularity (the share of months it ran from its first to its
last, read from the better of its two records) would have been absent from all the months
between with a chance of `absent_chance` (0.05) or less; the factor's sentence says so. Only the
age factor: the rules for new cover routes (`z_min_cover_new`, both records priced alike) and
the code's standing routes keep `new_after_months`, the months they were calibrated on (with
them too, an ordinary both-sided flow at 3 times its code, regular from 2021-06, rose to 0.55 on
outside world A13_s0). Outside world A8_s20 (family A): CZE -> BGR 880730 declared as 847990 at
581 USD/kg, +7.3 robust SDs, running in every month from 2021-05 (the files from 2021-01), was
read as old as the data (0.455).

**A route's age from all its months, weighed or not (unit_value/14, issue 20).** A route's price
is read from the months that carry a weight, but a month booked without one is still a month the
route traded: its age (`route_is_new`, the new-route rules, the code's standing routes) is read
from its first month in either record with any value (`flows.weighed_routes`' `seen_first`,
`seen_last`, `seen_months`), not from its first weighed month, and the factor's sentence names
that month. Outside world A32_s0 (family A, read): SGP's imports of 901780 from HKG, booked
from the data's first month (2021-01) but weighed only from 2021-07, at 1,018 USD/kg against
the code's 34 (+6.0 robust SDs), was read as new: 0.54 -> 0.35.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.detect import flows as fl
from shadowtrade.detect import levels as lv
from shadowtrade.detect.alerts import alert_row
from shadowtrade.detect.registry import Detector, Parameter, TradeInputs, register
from shadowtrade.schema import ALERTS
from shadowtrade.staging import stage

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

NAME = "unit_value"
SCORING_VERSION = "unit_value/14"
MAD_TO_SIGMA = 1.4826  # MAD of a normal distribution × 1.4826 = its standard deviation
# Codes with this many ordinary routes or more keep their ordinary norm for every route: leaving
# a route's own pair (2-4 of them) out would move the median by at most two order statistics.
LOO_MAX_ROUTES = 200


def _routes(ws: ScanContext) -> ir.Table:
    """One row per reporter, partner, flow and 6-digit code: value, kg, months, log unit value,
    from the rows that carry a weight (read from the scan's shared monthly flows, one row per
    month: a count of rows is the count of months: the scan's shared weighed routes).
    Materialised: the spreads read it thrice. Between countries only: a flow booked to or from
    'Areas, nes' (confidential partners, the outside worlds' arms trade) pools undisclosed
    routes, so its value per kg is no route's price, nor part of any code's norm (A3_s0: ITA's
    imports of 360690 from 'Areas, nes', 4.16 M USD booked with 314 kg in one month, 0.68)."""
    r = fl.between_countries(ws, fl.weighed_routes(ws))
    return r.mutate(log_uv=(r.value / r.kg).ln()).pipe(stage)


def spread(routes: ir.Table, by: str) -> ir.Table:
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
    h = h.select("reporter", "partner", "code", log_uv=(h.value / h.kg).ln())
    return routes.select("reporter", "partner", "code", "log_uv").union(h)


def _cover_pairs(ws: ScanContext, routes: ir.Table) -> tuple[ir.Table, ir.Table]:
    """(cover code → controlled heading it may hide, at six and four digits; each controlled
    heading's median and robust SD of log unit value over its routes)."""
    cover = fl.covered_headings(ws)
    pairs = cover.select(code=cover.cover_code, heading=cover.heading)
    pairs = pairs.union(pairs.mutate(code=pairs.code.substr(0, 4))).distinct()
    ctrl_routes = routes.mutate(heading=routes.code.substr(0, 4))
    ctrl = spread(ctrl_routes.filter(ctrl_routes.heading.isin(pairs.heading)), "heading")
    ctrl = ctrl.select("heading", ctrl_med="med", ctrl_sigma="sigma")
    return pairs, ctrl


def _norm(
    routes: ir.Table, norm_routes: ir.Table, pairs: ir.Table, ctrl: ir.Table, p: dict[str, Any]
) -> ir.Table:
    """Each route worth a look (`min_months`, `min_value_usd`) with its norm (med, sigma,
    n_routes: the routes it was learnt from) and the code's route count (n_all).

    unit_value/4: a thin code's median and spread are pulled up by the schemes' own routes (a
    steel-article code with 14 routes, 4 of them two schemes' both sides at ammunition's price).
    So the norm is learnt from the code's ordinary routes only: a first pass over all routes
    marks the odd ones (`odd_z` robust SDs off the code, or a cover route `odd_z_cover` SDs
    above it and within two SDs of a controlled heading's median), and each route is then
    compared with the others less its own pair (its own record and its partner's record of the
    same flow: leave-one-out). A code left with fewer than five ordinary routes keeps the
    all-routes norm."""
    keys = ["reporter", "partner", "code"]
    first = spread(norm_routes, "code")
    # unit_value/6: the schemes this looks for push a cover code's prices up only, and where
    # half of a code's routes are covers at the controlled price they double its MAD, so that
    # none of them is `odd_z_cover` SDs off. A cover route's distance above its code is
    # therefore measured in the spread of the code's routes at or below its median (the lower
    # half's median absolute deviation, the same as the MAD for a symmetric spread).
    lo = norm_routes.join(first.select("code", "med"), "code")
    lo = lo.filter(lo.log_uv <= lo.med)
    lo = lo.group_by("code").agg(lo_mad=(lo.med - lo.log_uv).median())
    nr = norm_routes.join(first, "code").left_join(lo, "code")
    nr = nr.drop(*[c for c in nr.columns if c.endswith("_right")])
    lo_sigma = ibis.coalesce(nr.lo_mad * MAD_TO_SIGMA, nr.sigma)
    nr = nr.mutate(
        z1_up=(nr.log_uv - nr.med) / ibis.greatest(lo_sigma, ibis.literal(p["min_sigma"]))
    )
    z1 = (nr.log_uv - nr.med) / ibis.greatest(nr.sigma, ibis.literal(p["min_sigma"]))
    nr = nr.mutate(z1=z1)
    cj = nr.join(pairs, "code").join(ctrl, "heading")
    csig = ibis.greatest(cj.ctrl_sigma, ibis.literal(p["min_sigma"]))
    like = cj.filter(
        (((cj.log_uv - cj.ctrl_med) / csig).abs() <= 2.0) & (cj.z1_up >= p["odd_z_cover"])
    )
    odd = like.select(*keys).distinct()
    clean = nr.filter(nr.z1.abs() < p["odd_z"]).anti_join(odd, keys)
    clean = clean.select(c_rep="reporter", c_par="partner", c_code="code", c_uv="log_uv").pipe(
        stage
    )
    cs = spread(clean.select(code="c_code", log_uv="c_uv"), "code")
    cs = cs.select("code", c_med="med", c_sigma="sigma", c_n="n_routes")
    fs = first.select("code", f_med="med", f_sigma="sigma", n_all="n_routes")
    route_keys = ["reporter", "partner", "flow", "code"]
    r = routes.filter((routes.months >= p["min_months"]) & (routes.value >= p["min_value_usd"]))
    r = r.select(*route_keys, "log_uv").join(fs, "code").left_join(cs, "code")
    r = r.drop(*[c for c in r.columns if c.endswith("_right")])
    # The code's ordinary routes, else (fewer than five) all its routes.
    ok = r.c_n.fill_null(0) >= 5
    r = r.mutate(
        med=ibis.ifelse(ok, r.c_med, r.f_med),
        sigma=ibis.ifelse(ok, r.c_sigma, r.f_sigma),
        n_routes=ibis.ifelse(ok, r.c_n, r.n_all),
    )
    # A route that may be odd (1.5 robust SDs off) is compared with the others less its own
    # pair (both orientations): leave-one-out, computed only where it can matter, i.e. in a
    # code with fewer than LOO_MAX_ROUTES ordinary routes (leaving 2-4 out of more moves the
    # median and MAD by at most two order statistics, and the join would pair every such route
    # with all of its code's routes: 60 M rows at 10 M trade rows).
    zr = (r.log_uv - r.med) / ibis.greatest(r.sigma, ibis.literal(p["min_sigma"]))
    near = r.filter(ok & (r.c_n < LOO_MAX_ROUTES) & (zr.abs() >= 1.5)).select(*route_keys)
    on = [
        near.code == clean.c_code,
        ~(
            ((clean.c_rep == near.reporter) & (clean.c_par == near.partner))
            | ((clean.c_rep == near.partner) & (clean.c_par == near.reporter))
        ),
    ]
    j = near.join(clean, on)
    med = j.group_by(route_keys).agg(l_med=j.c_uv.median(), l_n=j.count())
    j2 = j.join(med, route_keys)
    mad = j2.group_by(route_keys).agg(l_mad=(j2.c_uv - j2.l_med).abs().median())
    loo = med.join(mad, route_keys)
    loo = loo.filter(loo.l_n >= 5)
    out = r.left_join(loo, route_keys).select(r, loo.l_med, loo.l_mad, loo.l_n)
    use = out.l_n.notnull()
    out = out.select(
        *route_keys,
        "n_all",
        med=ibis.ifelse(use, out.l_med, out.med),
        sigma=ibis.ifelse(use, out.l_mad * MAD_TO_SIGMA, out.sigma),
        n_routes=ibis.ifelse(use, out.l_n, out.n_routes),
        ok=out.c_n.fill_null(0) >= 5,
    )
    return _shrunk_spread(out, norm_routes, clean, cs, p)


def _flows_per_code(t: ir.Table, rep: str, par: str, code: str) -> ir.Table:
    """code, n_flows: distinct country pairs per code (both sides' records of a flow are one
    observation of its price, not two)."""
    a, b = t[rep], t[par]
    key = ibis.ifelse(a < b, a.concat("|", b), b.concat("|", a))
    return t.group_by(code=t[code]).agg(n_flows=key.nunique())


def _shrunk_spread(
    out: ir.Table, norm_routes: ir.Table, clean: ir.Table, cs: ir.Table, p: dict[str, Any]
) -> ir.Table:
    """unit_value/10: a code's spread drawn towards the data's typical spread within a code.

    A median absolute deviation from twenty flows is a noisy spread (its standard error is about
    a quarter of itself): a thin code whose few flows happen to sit close together gets a narrow
    spread, and then its ordinary dearer flows look 3.5 robust SDs off (an independent world's
    382499: 20 flows, MAD-spread 0.35 in log against a typical 0.55). So the code's spread is
    pooled with the typical one, as if `spread_prior_flows` flows had shown the typical spread:
    sigma² = (n·s² + k·t²) / (n + k), n the code's distinct flows (country pairs, both sides'
    records counting once), t the median spread over the codes with `spread_typical_min_flows`
    flows or more in their norm (`min_sigma` at least). A code of many flows keeps its own, and
    so does every code where no code has that many flows (no typical spread to learn)."""
    cf = _flows_per_code(clean, "c_rep", "c_par", "c_code").rename(c_flows="n_flows")
    af = _flows_per_code(norm_routes, "reporter", "partner", "code").rename(a_flows="n_flows")
    typ = cs.join(cf, "code")
    typ = typ.filter(typ.c_flows >= p["spread_typical_min_flows"])
    typical = typ.aggregate(t_sigma=typ.c_sigma.median())
    o = out.left_join(cf, "code").select(out, cf.c_flows)
    o = o.left_join(af, "code").select(o, af.a_flows).cross_join(typical)
    t = ibis.greatest(o.t_sigma.fill_null(p["min_sigma"]), ibis.literal(p["min_sigma"]))
    s = ibis.greatest(o.sigma.fill_null(0.0), ibis.literal(p["min_sigma"]))
    n = ibis.ifelse(o.ok, o.c_flows, o.a_flows).fill_null(0).cast("float64")
    k = float(p["spread_prior_flows"])
    # No code with enough flows to show the typical spread: each code keeps its own.
    known = o.t_sigma.notnull()
    pooled = ibis.ifelse(known, ((n * s * s + k * t * t) / (n + k)).sqrt(), o.sigma)
    return o.select(
        "reporter", "partner", "flow", "code", "n_all", "med", "n_routes",
        own_sigma=o.sigma, typical_sigma=ibis.ifelse(known, t, ibis.null("float64")),
        n_flows=n.cast("int64"), sigma=pooled,
    )  # fmt: skip


def candidates(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """Routes whose value per kg sits far from their code's robust norm, in robust SDs."""
    routes = _routes(ws)
    norm_routes = routes.select("reporter", "partner", "code", "log_uv")
    if not lv.all_hs6(ws):
        # A chapter mixes goods whose values per kg differ by orders of magnitude: no norm.
        routes = routes.filter(routes.code.length() >= 4).pipe(stage)
        norm_routes = _heading_norm_routes(routes)
    pairs, ctrl = _cover_pairs(ws, routes)
    norm = _norm(routes, norm_routes, pairs, ctrl, p).pipe(stage)
    r = routes.join(norm, ["reporter", "partner", "flow", "code"])
    r = _with_age(ws, r, p, routes)
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

    # unit_value/9: a new route against the code's standing routes (as old as the data).
    st = _standing_norm(ws, routes, p)
    r = r.left_join(st, "code")
    r = r.drop(*[c for c in r.columns if c.endswith("_right")])
    r = r.mutate(z_st=(r.log_uv - r.st_med) / r.st_sigma)

    cov = r.join(pairs, "code").join(ctrl, "heading")
    csig = ibis.greatest(cov.ctrl_sigma, ibis.literal(p["min_sigma"]))
    cov = cov.mutate(ctrl_z=(cov.log_uv - cov.ctrl_med) / csig, ctrl_csig=csig)
    # The nearest controlled heading for each cover route (at four digits too).
    best = cov.mutate(
        rank=ibis.row_number().over(
            group_by=["reporter", "partner", "flow", "code"], order_by=cov.ctrl_z.abs()
        )
    )
    best = best.filter(best.rank == 0).select(
        "reporter", "partner", "flow", "code", "heading", "ctrl_med", "ctrl_z", "ctrl_csig"
    )
    keys = ["reporter", "partner", "flow", "code"]
    r = r.left_join(best, keys).select(r, best.heading, best.ctrl_med, best.ctrl_z, best.ctrl_csig)
    # A new route's distance above its code is also read against the code's standing routes
    # (unit_value/9): where new routes at one price are many of a thin code's routes, they are
    # its median and spread, and only the routes the code had before show the change.
    by_st = r.is_new & r.z_st.notnull() & (r.z_st > r.zc)
    zc_new = ibis.ifelse(by_st, r.z_st, r.zc)
    matches = r.ctrl_z.notnull() & (r.ctrl_z.abs() <= 2.0) & (zc_new > 0)
    r = r.mutate(matches_controlled=matches.fill_null(False))
    # A new cover route priced at the controlled goods' own median (within one robust SD) is
    # a change that fits what it may hide: it needs less distance from its own code
    # (z_min_cover_new) than a route that always had its price (z_min_cover).
    fits = r.matches_controlled & r.is_new & (r.ctrl_z.abs() <= 1.0)
    r = r.mutate(z_cover=ibis.ifelse(fits, p["z_min_cover_new"], p["z_min_cover"]))
    used = (fits & by_st).fill_null(False)
    r = r.mutate(zc=ibis.ifelse(used, zc_new, r.zc), standing_used=used)
    r = _both_sides(ws, r, routes, p)
    r = r.filter(
        (r.months >= p["min_months"])
        & (r.value >= p["min_value_usd"])
        & (r.n_routes >= 5)
        & ((r.z.abs() >= p["z_min"]) | (r.matches_controlled & (r.zc >= r.z_cover)) | r.both_sides)
    ).pipe(stage)
    # unit_value/8: each of them against its exporter's and importer's other prices.
    r = _with_peers(routes, r, p)
    # Outliers: z_min gives 0.21, z_min + 3 gives 0.7. A cover route priced like the controlled
    # goods it may hide: its threshold (z_cover) gives 0.55, rising to 1 three z-units higher.
    outlier = ((r.z.abs() - p["z_min"]) / 3.0 * 0.7 + 0.3).clip(upper=1.0) * 0.7
    covered = ((r.zc - r.z_cover) / 3.0 * 0.45 + 0.55).clip(upper=1.0)
    # unit_value/10: a new flow both records price like the controlled goods, at several times
    # the code's standing routes: the smaller of the two records' distances above them
    # (`z_min_cover_both_sides` gives 0.55, three more give 1).
    both = ((r.both_z - p["z_min_cover_both_sides"]) / 3.0 * 0.45 + 0.55).clip(upper=1.0)
    both = ibis.ifelse(r.both_sides, both, 0.0)
    # (against the score the route would have without it: a flow priced far from the controlled
    # goods is no cover route priced like them, unit_value/11)
    alone = ibis.ifelse(r.matches_controlled, covered, outlier)
    r = r.mutate(both_used=r.both_sides & (both > alone))
    price = ibis.cases((r.both_used, both), (r.matches_controlled, covered), else_=outlier)
    age = ibis.ifelse(r.is_new | r.new_by_regularity, 1.0, p["standing_route_weight"])
    far = (r.ctrl_z.abs() - 1.0).clip(lower=0.0, upper=1.0).fill_null(0.0)
    close = ibis.ifelse(r.matches_controlled, 1.0 - p["closeness_penalty"] * far, 1.0)
    own = ibis.ifelse(r.has_peers, 1.0 - p["peer_weight"] * (1.0 - r.agreement), 1.0)
    r = r.mutate(price_score=price, age_factor=age, close_factor=close, peer_factor=own)
    return r.mutate(score=r.price_score * r.age_factor * r.close_factor * r.peer_factor)


def _both_sides(ws: ScanContext, r: ir.Table, routes: ir.Table, p: dict[str, Any]) -> ir.Table:
    """unit_value/10: `r` with `both_sides`, `both_z` and the partner's record of the flow.

    A price the two countries' customs records of one flow both show, month after month, is no
    recording slip of one side (a wrong weight, a unit change, weightless rows). So a new flow
    (dated from both records) whose two records each sit, over `both_sides_min_months` months
    or more, within two robust SDs of a controlled heading's median (the closeness factor takes
    its toll beyond one), at `both_sides_min_ratio`
    times the median of the code's standing routes (the trade the code had before it) or more
    and `z_min_cover_both_sides` robust SDs above them, is priced like the goods it may hide;
    `both_z` is the smaller of the two records' distances above the standing routes.
    unit_value/11: a cover flow whose records lie further than two robust SDs from every
    controlled heading the code is paired with qualifies at `both_sides_far_min_ratio` times.

    unit_value/12: missing is not zero (DOMAIN.md). A partner that reported in fewer of the
    flow's months than `both_sides_min_months` (its files begin, or stop, within them) cannot
    hold more months of it: its record needs as many months as it reported in the flow's span,
    `both_sides_partner_min_months` at least, read from all its weighed routes (not only those
    long enough to be flagged themselves), at the same price against the code's norms."""
    exp = r.flow.isin(fl.EXPORTS)
    r = r.mutate(
        b_org=ibis.ifelse(exp, r.reporter, r.partner),
        b_dst=ibis.ifelse(exp, r.partner, r.reporter),
        b_exp=exp,
    )
    # unit_value/11: a price far from every controlled heading the reference pairs the code
    # with (goods dearer or cheaper than those) counts at `both_sides_far_min_ratio` times.
    above = r.log_uv - r.st_med
    near = r.ctrl_z.abs() <= 2.0
    far = r.ctrl_z.notnull() & ~near & (above >= math.log(p["both_sides_far_min_ratio"]))
    ok = (
        r.is_new
        & (r.months >= p["both_sides_min_months"])
        & (near | far)
        & (r.z_st >= p["z_min_cover_both_sides"])
        & (above >= math.log(p["both_sides_min_ratio"]))
    ).fill_null(False)
    r = r.mutate(b_ok=ok)
    keys = ["reporter", "partner", "flow", "code"]
    q = r.filter(r.b_ok).select(
        *keys, "b_org", "b_dst", "b_exp", "first", "last", "st_med", "st_sigma", "ctrl_med",
        "ctrl_csig",
    )  # fmt: skip
    # The partner's record of the same flow: any weighed route in the other direction.
    o = routes.select(
        o_rep=routes.reporter, o_flow=routes.flow, o_code=routes.code, o_uv=routes.log_uv,
        o_months=routes.months, o_exp=routes.flow.isin(fl.EXPORTS),
        o_org=ibis.ifelse(routes.flow.isin(fl.EXPORTS), routes.reporter, routes.partner),
        o_dst=ibis.ifelse(routes.flow.isin(fl.EXPORTS), routes.partner, routes.reporter),
    )  # fmt: skip
    on = [q.b_org == o.o_org, q.b_dst == o.o_dst, q.code == o.o_code, q.b_exp != o.o_exp]
    j = q.join(o, on)
    o_above = j.o_uv - j.st_med
    o_near = ((j.o_uv - j.ctrl_med) / j.ctrl_csig).abs() <= 2.0
    o_far = ~o_near & (o_above >= math.log(p["both_sides_far_min_ratio"]))
    j = j.filter(
        ((o_above / j.st_sigma) >= p["z_min_cover_both_sides"])
        & (o_above >= math.log(p["both_sides_min_ratio"]))
        & (o_near | o_far).fill_null(False)
    )
    # The months of the flow's span in which the partner reported anything in that direction.
    cal = fl.reported_months(ws, between=True)
    cal = cal.select(c_rep=cal.reporter, c_flow=cal.flow, c_period=cal.period)
    spans = j.select(*keys, "o_rep", "o_flow", "first", "last").distinct()
    sj = spans.join(
        cal,
        [spans.o_rep == cal.c_rep, spans.o_flow == cal.c_flow, cal.c_period >= spans["first"],
         cal.c_period <= spans["last"]],
    )  # fmt: skip
    seen = sj.group_by(*keys, "o_rep", "o_flow").agg(o_reported=sj.c_period.nunique())
    j = j.left_join(seen, [*keys, "o_rep", "o_flow"]).select(j, seen.o_reported)
    need = ibis.greatest(
        ibis.least(j.o_reported.fill_null(0), p["both_sides_min_months"]),
        p["both_sides_partner_min_months"],
    )
    j = j.filter(j.o_months >= need)
    m = j.group_by(m_rep=j.reporter, m_par=j.partner, m_flow=j.flow, m_code=j.code).agg(
        m_z=((j.o_uv - j.st_med) / j.st_sigma).max(),
        m_uv=j.o_uv.max(),
        m_months=j.o_months.max(),
        m_reporter=j.o_rep.max(),
    )
    on = [r.reporter == m.m_rep, r.partner == m.m_par, r.flow == m.m_flow, r.code == m.m_code]
    jr = r.left_join(m, on).select(r, m.m_z, m.m_uv, m.m_months, m.m_reporter)
    both = jr.b_ok & jr.m_z.notnull()
    return jr.mutate(
        both_sides=both,
        both_z=ibis.ifelse(both, ibis.least(jr.z_st, jr.m_z), ibis.null("float64")),
    ).drop("b_org", "b_dst", "b_exp", "b_ok")


def _standing_norm(ws: ScanContext, routes: ir.Table, p: dict[str, Any]) -> ir.Table:
    """code, st_med, st_n, st_sigma: each code's median log unit value over its standing routes
    (first seen within `new_after_months` of the files holding their reporter's chapter, with
    `min_months` of data: one shipment is not a route's price), and their robust SD where there
    are five or more, floored at the data's own typical spread within a code (the median of
    those SDs over the codes that have five; `min_sigma` at least): a code with two standing
    routes has a price, not a spread of its own."""
    aged = _with_age(ws, routes.filter(routes.months >= p["min_months"]), p, routes)
    st = aged.filter(~aged.is_new)
    med = st.group_by("code").agg(st_med=st.log_uv.median(), st_n=st.count())
    j = st.join(med, "code")
    mad = j.group_by("code").agg(st_mad=(j.log_uv - j.st_med).abs().median())
    n = med.join(mad, "code").filter(med.st_n >= p["standing_min_routes"])
    n = n.mutate(st_sd=ibis.ifelse(n.st_n >= 5, n.st_mad * MAD_TO_SIGMA, ibis.null("float64")))
    pooled = n.st_sd.median()
    floor = ibis.greatest(pooled.fill_null(p["min_sigma"]), ibis.literal(p["min_sigma"]))
    return n.select(
        "code",
        "st_med",
        "st_n",
        st_sigma=ibis.greatest(n.st_sd.fill_null(0.0), floor),
    ).pipe(stage)


def _with_peers(routes: ir.Table, r: ir.Table, p: dict[str, Any]) -> ir.Table:
    """unit_value/8: `r` with its exporter's median log unit value of the code to its other
    destinations and its importer's from other origins (both sides' records, routes of
    `min_months`), how many there were, and `agreement`: how far the route sits from those
    prices as a share of how far it sits from its code's norm (the smaller of the two sides
    that have `peer_min` partners; 1: unlike them as much as unlike the code; 0: priced as they
    are, so that its exporter's or importer's standing price level explains it)."""
    exp = routes.flow.isin(("export", "re-export"))
    o = routes.filter(routes.months >= p["min_months"])
    o = o.select(
        o_org=ibis.ifelse(exp, o.reporter, o.partner),
        o_dst=ibis.ifelse(exp, o.partner, o.reporter),
        o_code=o.code,
        o_uv=o.log_uv,
    )
    keys = ["reporter", "partner", "flow", "code"]
    rexp = r.flow.isin(("export", "re-export"))
    c = r.select(
        *keys,
        c_org=ibis.ifelse(rexp, r.reporter, r.partner),
        c_dst=ibis.ifelse(rexp, r.partner, r.reporter),
    )

    def side(same: str, other: str, tag: str) -> ir.Table:
        j = c.join(o, [c[f"c_{same}"] == o[f"o_{same}"], c.code == o.o_code])
        j = j.filter(j[f"o_{other}"] != j[f"c_{other}"])
        return j.group_by(keys).agg(
            **{f"{tag}_med": j.o_uv.median(), f"{tag}_n": j[f"o_{other}"].nunique()}
        )

    e, i = side("org", "dst", "exp"), side("dst", "org", "imp")
    out = r.left_join(e, keys).select(r, e.exp_med, e.exp_n)
    out = out.left_join(i, keys).select(out, i.imp_med, i.imp_n)
    sigma = ibis.greatest(out.sigma, ibis.literal(p["min_sigma"]))
    ref = ibis.ifelse(out.matches_controlled, out.zc, out.z)
    sign = ibis.ifelse(ref >= 0, 1.0, -1.0)

    def share(med: ir.FloatingValue, n: ir.IntegerValue) -> ir.FloatingValue:
        # A side with too few partners says nothing: it takes no part in the minimum (2.0).
        ok = n.fill_null(0) >= p["peer_min"]
        z = (out.log_uv - med) / sigma * sign
        return ibis.ifelse(ok, (z / ref.abs()).clip(lower=0.0, upper=1.0), 2.0)

    e_sh, i_sh = share(out.exp_med, out.exp_n), share(out.imp_med, out.imp_n)
    least = ibis.least(e_sh, i_sh)
    return out.mutate(
        exp_share=e_sh,
        imp_share=i_sh,
        has_peers=least <= 1.0,
        agreement=ibis.ifelse(least <= 1.0, least, 1.0),
    )


def _with_age(ws: ScanContext, r: ir.Table, p: dict[str, Any], routes: ir.Table) -> ir.Table:
    """`r` with `is_new`: the flow was first seen `new_after_months` or more after the files
    holding its reporter's chapter in that direction begin (months before them are unknown).

    unit_value/10: a flow's age is read from both sides' records of it (`routes`): its first
    month is the earlier of the two records' first months, and the files it is measured from
    are the earlier of the two reporters' (a reporter that begins reporting mid-period cannot
    date a flow its partner saw begin: VNM's files of 2022-08 on against BEL's of 2021)."""
    cov = lv.coverage(ws)
    cov = cov.select("reporter", "flow", "chapter", cov_first=cov.first)

    def flow_of(t: ir.Table) -> tuple[ir.StringValue, ir.StringValue]:
        exp = t.flow.isin(("export", "re-export"))
        return ibis.ifelse(exp, t.reporter, t.partner), ibis.ifelse(exp, t.partner, t.reporter)

    # unit_value/14: a flow's age from all its months, weighed or not (a month booked without a
    # weight is a month it traded); its price from the weighed ones.
    o = routes.select(
        "reporter", "partner", "flow", "code",
        first=routes.seen_first, last=routes.seen_last, months=routes.seen_months,
    )  # fmt: skip
    org, dst = flow_of(o)
    o = o.mutate(a_org=org, a_dst=dst, chapter=o.code.substr(0, 2))
    o = o.left_join(cov, ["reporter", "flow", "chapter"])
    pair = o.group_by("a_org", "a_dst", a_code=o.code).agg(
        a_first=o.first.min(),
        cov_first=o.cov_first.min(),
        a_last=o.last.max(),
        a_months=o.months.max(),
    )
    org, dst = flow_of(r)
    rr = r.mutate(r_org=org, r_dst=dst)
    on = [rr.r_org == pair.a_org, rr.r_dst == pair.a_dst, rr.code == pair.a_code]
    j = rr.left_join(pair, on).select(rr, pair.a_first, pair.cov_first, pair.a_last, pair.a_months)
    j = j.drop("r_org", "r_dst")

    def month(d: ir.DateValue) -> ir.IntegerValue:
        return d.year() * 12 + d.month()

    first = ibis.coalesce(j.a_first, j.first)
    gap = month(first) - month(j.cov_first)
    # unit_value/13: a regular flow absent from the files' first months began after them. A
    # flow that ran in a share `presence` of its months would have shown in the `gap` months
    # before its first with a chance of 1 - (1 - presence)^gap; where a standing flow that
    # regular would have been seen there with `absent_chance` or less left to chance (and it
    # ran `min_months` or more), its price is no price it always had: `new_by_regularity`
    # lifts the age factor only. `is_new`, which the new-route price rules and the code's
    # standing routes read, keeps `new_after_months` (read on outside world A13_s0: a flow
    # both records price at 3 times its code, regular from 2021-06, passed the both-records
    # rule at 0.55 when it counted as new for those rules too).
    span = month(j.a_last) - month(j.a_first) + 1
    presence = (j.a_months.cast("float64") / span.cast("float64")).clip(upper=0.999)
    regular = (
        (gap >= p["new_min_gap_months"])
        & (j.a_months >= p["min_months"])
        & ((1.0 - presence).ln() * gap.cast("float64") <= math.log(p["absent_chance"]))
    )
    late = (gap >= p["new_after_months"]).fill_null(False)
    return j.mutate(
        is_new=late,
        new_by_regularity=(regular.fill_null(False) & ~late),
        ran_share=presence,
        age_first=first,
    ).drop("a_first", "a_last", "a_months")


def _split_codes() -> ir.Table:
    """code, since: six-digit codes an HS revision split (a code it created came out of them),
    with the first month of the latest such revision (the shipped concordance)."""
    from shadowtrade.reference import hs_concordance

    c = hs_concordance()
    out: dict[str, pd.Timestamp] = {}
    for adj, g in c.groupby("adjustment"):
        since = pd.Timestamp(f"{int(str(adj)[:4])}-01-01")
        created = set(g["code_after"]) - set(g["code_before"])
        for code in g[g["code_after"].isin(created)]["code_before"]:
            out[str(code)] = max(out.get(str(code), since), since)
    df = pd.DataFrame([(k, v.date()) for k, v in out.items()], columns=["code", "since"])
    return ibis.memtable(df, schema={"code": "string", "since": "date"})


def price_shifts(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """unit_value/7: months in which a cover route with a history of its own was priced like the
    controlled goods it may hide, far above the route's own usual price.

    A scheme run on a standing route (shell bodies added to an old steel-articles flow) leaves
    the route's price over all its months ordinary; month by month it shows. Each cover route
    (six digits) with `shift_min_route_months` months that carry a weight has its own norm, the
    median and robust spread of its monthly log unit values (floored at `min_sigma`); a month is
    priced up where it sits `shift_z` robust SDs above that norm and within one robust SD of a
    controlled heading's median. A route needs `min_months` such months worth `min_value_usd`
    (fewer than half its months, else they are its norm)."""
    pairs = fl.covered_headings(ws)
    pairs = pairs.select(code=pairs.cover_code, heading=pairs.heading)
    f = fl.monthly_flows(ws)
    f = f.filter(f.kg_known > 0)
    f = f.join(pairs.select("code").distinct(), "code")
    # A code an HS revision split held goods of other prices before it, in a mix that changes
    # month by month (the simulator's 382499 held 382489 and 240499 until 2022): its months
    # before the revision are not read.
    split = _split_codes().rename(s_code="code")
    f = f.left_join(split, f.code == split.s_code)
    f = f.filter(split.since.isnull() | (f.period >= split.since))
    f = f.select(
        "reporter", "partner", "flow", "code", "period", value="kg_value", kg="kg_known",
        lu=(f.kg_value / f.kg_known).ln(),
    ).pipe(stage)  # fmt: skip
    keys = ["reporter", "partner", "flow", "code"]
    own = f.group_by(keys).agg(r_med=f.lu.median(), r_months=f.count())
    own = own.filter(own.r_months >= p["shift_min_route_months"])
    j = f.join(own, keys)
    mad = j.group_by(keys).agg(r_mad=(j.lu - j.r_med).abs().median())
    own = own.join(mad, keys)
    wr = fl.weighed_routes(ws)  # the controlled headings' norms, as in `candidates`
    _, ctrl = _cover_pairs(ws, wr.mutate(log_uv=(wr.value / wr.kg).ln()))
    m = f.join(own, keys).join(pairs, "code").join(ctrl, "heading")
    sigma = ibis.greatest(m.r_mad * MAD_TO_SIGMA, ibis.literal(p["min_sigma"]))
    csig = ibis.greatest(m.ctrl_sigma, ibis.literal(p["min_sigma"]))
    m = m.mutate(up_z=(m.lu - m.r_med) / sigma, ctrl_z=(m.lu - m.ctrl_med) / csig)
    m = m.filter((m.up_z >= p["shift_z"]) & (m.ctrl_z.abs() <= 1.0))
    g = m.group_by([*keys, "heading"]).agg(
        months=m.period.nunique(),
        value=m.value.sum(),
        kg=m.kg.sum(),
        first=m.period.min(),
        last=m.period.max(),
        z=m.up_z.median(),
        ctrl_med=m.ctrl_med.max(),
        r_med=m.r_med.max(),
        r_sigma=sigma.max(),
        r_months=m.r_months.max(),
    )
    g = g.filter(
        (g.months >= p["min_months"])
        & (g.value >= p["min_value_usd"])
        & (g.months * 2 < g.r_months)
    )
    # One heading per route: the one with the most months priced like it.
    g = g.mutate(rank=ibis.row_number().over(group_by=keys, order_by=[g.months.desc(), g.heading]))
    g = g.filter(g.rank == 0).drop("rank")
    price = ((g.z - p["shift_z"]) / 3.0 * 0.45 + 0.55).clip(upper=1.0)
    return g.mutate(log_uv=(g.value / g.kg).ln(), price_score=price, score=price)


def shifts_to_alerts(df: pd.DataFrame, p: dict[str, Any] | None = None) -> pd.DataFrame:
    """Alert rows of `price_shifts`, one per route."""
    p = p or DETECTOR.params()
    rows = []
    for r in df.to_dict("records"):
        export = r["flow"] in ("export", "re-export")
        origin, dest = (r["reporter"], r["partner"]) if export else (r["partner"], r["reporter"])
        uv, usual = math.exp(float(r["log_uv"])), math.exp(float(r["r_med"]))
        ctrl = math.exp(float(r["ctrl_med"]))
        start, end = pd.Timestamp(r["first"]).date(), pd.Timestamp(r["last"]).date()
        n, total = int(r["months"]), int(r["r_months"])
        summary = (
            f"{r['reporter']} reported {r['flow']}s of HS {r['code']} "
            f"{'to' if export else 'from'} {r['partner']} at {uv:,.1f} USD/kg in {n} months of"
            f" {start:%Y-%m}–{end:%Y-%m}, against {usual:,.1f} USD/kg in the route's usual month"
            f" ({total} months): the price range of HS {r['heading']} ({ctrl:,.1f} USD/kg)."
        )
        z = float(r["z"])
        evidence = {
            "reporter": r["reporter"],
            "flow": r["flow"],
            "code": r["code"],
            "comparison": "the route's own months",
            "unit_value_usd_per_kg": round(uv, 3),
            "route_median_usd_per_kg": round(usual, 3),
            "robust_z": round(z, 2),
            "months_priced_like_controlled": n,
            "route_months": total,
            "value_usd": round(float(r["value"]), 2),
            "net_weight_kg": round(float(r["kg"]), 1),
            "months": n,
            "nearest_controlled_heading": r["heading"],
            "controlled_median_usd_per_kg": round(ctrl, 3),
            "score_factors": [
                {
                    "name": "price_rose_to_controlled_goods",
                    "value": round(float(r["price_score"]), 4),
                    "weight": p["shift_z"],
                    "sentence": f"in {n} of its {total} months priced a median {z:.1f} robust"
                    f" standard deviations above the route's own usual price and within one of"
                    f" HS {r['heading']}'s median ({p['shift_z']:g} gives 0.55, three more give 1)",
                }
            ],
            "scoring_version": SCORING_VERSION,
        }
        rows.append(
            alert_row(
                NAME,
                (r["reporter"], r["partner"], r["flow"], r["code"], "shift", start),
                score=r["score"],
                origin=origin,
                destination=dest,
                hs_code=r["heading"],
                declared_hs_code=r["code"],
                period_start=start,
                period_end=end,
                summary=summary,
                evidence=evidence,
            )
        )
    return pd.DataFrame(rows, columns=list(ALERTS))


def factors(r: Mapping[Any, Any], p: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The score's named factors (the score is their product), each with its value, the
    parameter behind it and a sentence built with the number."""
    p = p or DETECTOR.params()
    covered = bool(r["matches_controlled"])
    both = bool(r.get("both_used"))
    z = float(r["both_z"] if both else r["zc"] if covered else r["z"])
    seen = r.get("age_first")  # the flow's first month in either record, weighed or not
    first = pd.Timestamp(r["first"] if seen is None or pd.isna(seen) else seen)
    since = r.get("cov_first")
    since_txt = f"{pd.Timestamp(since):%Y-%m}" if since is not None and not pd.isna(since) else "?"
    out = [
        {
            "name": "price_is_odd",
            "value": round(float(r["price_score"]), 4),
            "weight": p["z_min_cover_both_sides"]
            if both
            else float(r["z_cover"])
            if covered
            else p["z_min"],
            "sentence": (
                (
                    f"both records of this new flow price it like HS {r['heading']}"
                    if covered
                    else f"both records of this new flow price it at several times its code,"
                    f" {float(r['ctrl_z']):+.1f} robust SDs from HS {r['heading']}'s median"
                    " (the controlled goods the code is known to hide: these are dearer or"
                    " cheaper goods)"
                )
                + f": this one at"
                f" {math.exp(float(r['log_uv'] - r['st_med'])):.1f} times the median of the"
                f" code's {int(r['st_n'])} routes as old as the data"
                f" ({math.exp(float(r['st_med'])):,.1f} USD/kg) in {int(r['months'])} months,"
                f" {r['m_reporter']}'s at {math.exp(float(r['m_uv'] - r['st_med'])):.1f} times in"
                f" {int(r['m_months'])}; the smaller distance {z:.1f} robust SDs"
                f" ({p['z_min_cover_both_sides']:g} gives 0.55, three more give 1; each record"
                f" needs {p['both_sides_min_ratio' if covered else 'both_sides_far_min_ratio']:g}"
                f" times and {p['both_sides_min_months']} months)"
                if both
                else (
                    f"priced {z:.1f} robust standard deviations above its code"
                    + (
                        f"'s {int(r['st_n'])} routes as old as the data (median"
                        f" {math.exp(float(r['st_med'])):,.1f} USD/kg; the code's new routes"
                        " are much of its norm)"
                        if bool(r.get("standing_used"))
                        else ""
                    )
                    + ", in the range of a"
                    f" controlled heading ({float(r['z_cover']):g} gives 0.55, three more give 1"
                    + (
                        "; a new route priced within one robust SD of the controlled median needs"
                        f" {p['z_min_cover_new']:g}, one as old as the data {p['z_min_cover']:g})"
                        if bool(r["is_new"])
                        else ")"
                    )
                    if covered
                    else f"priced {z:+.1f} robust standard deviations off its code ({p['z_min']}"
                    " gives 0.21, three more give 0.7)"
                )
                + _spread_words(r, p)
            ),
        },
        {
            "name": "route_is_new",
            "value": round(float(r["age_factor"]), 4),
            "weight": p["standing_route_weight"],
            "sentence": (
                (
                    f"first seen in {first:%Y-%m}, after the data began ({since_txt}), and ran in"
                    f" {float(r['ran_share']):.0%} of its months since: a standing route that"
                    " regular would have shown before (unit_value/13)"
                )
                if bool(r.get("new_by_regularity"))
                else f"first seen in {first:%Y-%m}, after the data began ({since_txt})"
                if bool(r["is_new"])
                else f"as old as the data ({first:%Y-%m}; the files begin {since_txt}): an odd"
                " price a route has always had is the ordinary spread of prices"
            ),
        },
    ]
    out.append(_peer_factor(r, p, z))
    if covered:
        cz = float(r["ctrl_z"])
        out.append(
            {
                "name": "priced_like_controlled_goods",
                "value": round(float(r["close_factor"]), 4),
                "weight": p["closeness_penalty"],
                "sentence": f"{cz:+.1f} robust standard deviations from HS {r['heading']}'s"
                " median (within 1 counts in full)",
            }
        )
    return out


def _spread_words(r: Mapping[Any, Any], p: dict[str, Any]) -> str:
    """How the code's spread was taken (unit_value/10), where it was pooled."""
    own, typ, n = r.get("own_sigma"), r.get("typical_sigma"), r.get("n_flows")
    if own is None or typ is None or n is None or pd.isna(own) or pd.isna(typ) or pd.isna(n):
        return ""
    return (
        f"; the code's spread {float(r['sigma']):.2f} in log: its own {float(own):.2f} from"
        f" {int(n)} flows pooled with the data's typical {float(typ):.2f} as"
        f" {p['spread_prior_flows']} flows"
    )


def _peer_factor(r: Mapping[Any, Any], p: dict[str, Any], z: float) -> dict[str, Any]:
    """The factor from the route's exporter's other destinations and its importer's other
    origins (unit_value/8), with a sentence giving their prices."""
    parts = []
    for tag, who in (("exp", "its exporter's to other destinations"), ("imp", "its importer's")):
        n = r.get(f"{tag}_n")
        n = 0 if n is None or pd.isna(n) else int(n)
        if n >= p["peer_min"]:
            uv = math.exp(float(r[f"{tag}_med"]))
            what = who if tag == "exp" else f"{who} from other origins"
            parts.append(f"{what} {uv:,.1f} USD/kg ({n})")
    if not bool(r["has_peers"]):
        sentence = (
            f"fewer than {p['peer_min']} other destinations of its exporter or origins of its"
            " importer trade the code: no comparison with their prices"
        )
    else:
        share = float(r["agreement"])
        sentence = (
            "; ".join(parts) + f": priced {share * abs(z):.1f} robust SDs away from them,"
            f" {share:.0%} of its distance from the code"
        )
    return {
        "name": "unlike_its_traders_other_prices",
        "value": round(float(r["peer_factor"]), 4),
        "weight": p["peer_weight"],
        "sentence": sentence,
    }


def _opt_usd(v: Any) -> float | None:
    return None if v is None or pd.isna(v) else round(math.exp(float(v)), 3)


def to_alerts(
    df: pd.DataFrame,
    levels: dict[tuple[str, str, str], int] | None = None,
    p: dict[str, Any] | None = None,
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
            "code_routes": int(r["n_all"]),
            "standing_routes": None if pd.isna(r.get("st_n")) else int(r["st_n"]),
            "standing_routes_median_usd_per_kg": _opt_usd(r.get("st_med")),
            "robust_z_against_standing_routes": None
            if pd.isna(r.get("z_st"))
            else round(float(r["z_st"]), 2),
            "norm_routes": int(r["n_routes"]),
            "code_flows": int(r["n_flows"]),
            "code_spread_log": round(float(r["sigma"]), 3),
            "code_own_spread_log": None
            if pd.isna(r["own_sigma"])
            else round(float(r["own_sigma"]), 3),
            "typical_spread_log": None
            if pd.isna(r["typical_sigma"])
            else round(float(r["typical_sigma"]), 3),
            "both_records_priced_like_controlled": bool(r["both_used"]) and covered,
            "both_records_far_from_controlled": bool(r["both_used"]) and not covered,
            "partner_record_usd_per_kg": _opt_usd(r["m_uv"]) if bool(r["both_used"]) else None,
            "partner_record_months": int(r["m_months"]) if bool(r["both_used"]) else None,
            "value_usd": round(float(r["value"]), 2),
            "net_weight_kg": round(float(r["kg"]), 1),
            "months": int(r["months"]),
            "nearest_controlled_heading": r["heading"] if isinstance(r["heading"], str) else None,
            "controlled_median_usd_per_kg": (
                round(math.exp(float(r["ctrl_med"])), 3) if covered else None
            ),
            "exporter_other_destinations": int(0 if pd.isna(r["exp_n"]) else r["exp_n"]),
            "exporter_other_median_usd_per_kg": _opt_usd(r["exp_med"]),
            "importer_other_origins": int(0 if pd.isna(r["imp_n"]) else r["imp_n"]),
            "importer_other_median_usd_per_kg": _opt_usd(r["imp_med"]),
            **lv.level_evidence(r["code"], levels or {}, sides),
            "score_factors": factors(r, p),
            "scoring_version": SCORING_VERSION,
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


def pooled_partner_remarks(ws: ScanContext) -> list[str]:
    """The scan's account of the weighed routes `_routes` leaves out, booked with a reporter or
    partner that is no country ('Areas, nes', special categories): how many, their value, and
    the partners' names. Empty where there are none."""
    r = fl.weighed_routes(ws)
    c = fl.countries_only(ws)
    out = r.filter(~(r.reporter.isin(c.iso3) & r.partner.isin(c.iso3)))
    ref = ws.table("ref_countries")
    names = ref.select(code=ws.encode(ref.iso3, "country"), name=ref.name)
    pooled = out.filter(~out.partner.isin(c.iso3))
    pooled = pooled.left_join(names, pooled.partner == names.code)
    by_name = pooled.group_by(name=pooled.name.fill_null("unknown partner code")).agg(
        routes=pooled.count()
    )
    total = out.aggregate(routes=out.count(), value=out.value.sum()).to_pandas()
    n = int(total["routes"].iloc[0] or 0)
    if not n:
        return []
    named = by_name.to_pandas().sort_values(["routes", "name"], ascending=[False, True])
    who = "; ".join(f"{row.name}: {row.routes:,}" for row in named.head(6).itertuples())
    more = f" and {len(named) - 6} more" if len(named) > 6 else ""
    value = float(total["value"].iloc[0] or 0)
    return [
        f"left out {n:,} weighed route{'s' * (n != 1)} ({value / 1e6:,.1f} M USD) booked with a"
        f" partner or reporter that is no country ({who}{more}): a pool of undisclosed partners"
        " has no route price and is no part of a code's norm"
    ]


def detect(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """The detector's run: each outlying route as an alert, and each standing cover route's
    months priced like the controlled goods; what it left out said as a remark."""
    ws.remark(NAME, pooled_partner_remarks(ws))
    routes = to_alerts(candidates(ws, p).to_pandas(), lv.level_lookup(ws), p)
    shifts = shifts_to_alerts(price_shifts(ws, p).to_pandas(), p)
    parts = [d for d in (routes, shifts) if len(d)]
    return ibis.memtable(pd.concat(parts, ignore_index=True) if parts else routes)


DETECTOR = register(
    Detector(
        source="statistics",
        words="unit value outside the code's range",
        sides="both",
        evidence_fields=(
            "unit_value_usd_per_kg",
            "code_median_usd_per_kg",
            "robust_z",
            "value_usd",
            "net_weight_kg",
            "months",
        ),
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
            Parameter(
                "z_min_cover_new",
                3.25,
                "robust z enough for a new cover-code route priced within one robust SD of the"
                " controlled goods' median (a change that fits what it may hide)",
            ),
            Parameter("min_sigma", 0.35, "floor on a code's spread of log unit value"),
            Parameter(
                "z_min_cover_both_sides",
                2.0,
                "robust SDs above the code's standing routes that both records of a new cover"
                " flow priced like the controlled goods need (unit_value/10; 2 gives 0.55)",
            ),
            Parameter(
                "both_sides_min_ratio",
                3.0,
                "times the code's standing routes' median price both records of such a flow"
                " need (several times the code's norm)",
            ),
            Parameter(
                "both_sides_far_min_ratio",
                4.0,
                "times the code's standing routes' median price both records of a new cover"
                " flow need where it lies more than two robust SDs from every controlled heading"
                " the code may hide (unit_value/11)",
            ),
            Parameter(
                "both_sides_min_months",
                6,
                "months each record of such a flow needs (a price held, not a slip)",
            ),
            Parameter(
                "both_sides_partner_min_months",
                2,
                "months the partner's record needs where the partner reported in fewer of the"
                " flow's months than both_sides_min_months (it cannot hold more; unit_value/12)",
            ),
            Parameter(
                "spread_prior_flows",
                20,
                "flows' worth of the data's typical spread within a code pooled with each code's"
                " own spread (a thin code's spread is a noisy estimate; unit_value/10)",
            ),
            Parameter(
                "spread_typical_min_flows",
                20,
                "flows a code needs in its norm for its spread to count towards the data's"
                " typical spread within a code",
            ),
            Parameter(
                "min_sigma_heading",
                1.0,
                "floor on a heading's spread, where a reporter reports only headings (its"
                " subheadings' prices differ)",
            ),
            Parameter("min_months", 3, "months a route must have data"),
            Parameter("min_value_usd", 250_000.0, "smallest route total to consider"),
            Parameter(
                "standing_route_weight",
                0.65,
                "score factor of a route as old as the data (an odd price it has always had is"
                " the ordinary spread); a route first seen later counts 1",
            ),
            Parameter(
                "new_after_months",
                6,
                "months after the files begin from which a route's first month makes it new",
            ),
            Parameter(
                "new_min_gap_months",
                2,
                "months after the files begin from which a regular route (`absent_chance`) is new",
            ),
            Parameter(
                "absent_chance",
                0.05,
                "chance, at the route's own regularity, that a standing route shows in none of"
                " the months between the files' start and its first month, under which it is new",
            ),
            Parameter(
                "odd_z",
                3.0,
                "robust SDs off its code (first pass, all routes) that leave a route out of the"
                " code's norm",
            ),
            Parameter(
                "odd_z_cover",
                1.5,
                "robust SDs above its code (first pass) that leave a cover route priced within"
                " two SDs of a controlled heading's median out of the code's norm",
            ),
            Parameter(
                "shift_z",
                3.0,
                "robust SDs above a cover route's own usual monthly price that mark a month"
                " priced like the controlled goods (standing routes, unit_value/7)",
            ),
            Parameter(
                "shift_min_route_months",
                12,
                "months with a weight a cover route needs to learn its own usual price",
            ),
            Parameter(
                "standing_min_routes",
                1,
                "standing routes (as old as the data) a code needs for a new cover route to be"
                " read against them too (unit_value/9)",
            ),
            Parameter(
                "peer_min",
                2,
                "other destinations of the exporter (other origins of the importer) of the code"
                " needed to compare a route's price with theirs (unit_value/8)",
            ),
            Parameter(
                "peer_weight",
                0.5,
                "lost by a route priced as its exporter's other destinations or its importer's"
                " other origins are (their standing price level explains it); nothing when it"
                " is as unlike them as unlike its code",
            ),
            Parameter(
                "closeness_penalty",
                0.3,
                "lost by a cover route priced two robust SDs from the controlled goods' median"
                " (nothing within one)",
            ),
        ),
    )
)
