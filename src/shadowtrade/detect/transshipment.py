"""`transshipment`: goods that flow into an intermediary and on to a destination, in step.

Each leg (source → target, 4-digit heading, month) is built from whichever side reports it: the
source's exports or re-exports, or the target's imports brought to FOB with a typical CIF
markup, taking the larger, so that the intermediary's own import and export reports suffice
when the origin or the destination reports nothing (or keeps arms imports confidential).
Every leg gets its best upward change point (`flows.change_points`). A candidate is a rising
inflow A → B and a rising outflow B → C (A ≠ C) of the same heading, or of a heading the inflow's
civilian code may cover, that starts 0–3 months later (one month of slack each way for booking),
carries a plausible share of the inflow onward, and moves with it month by month. Real series
date their rises loosely (tiny early shipments, a hub's slow start), so legs whose rises are
dated up to `max_break_gap_months` apart also match where they move together month by month:
a correlation of `min_comovement` or more over `min_comovement_months` in common at a shipping
lag of 0 to `max_lag_months` + 1; the alert then states that lag (never the gap, never
negative) and `matched_by: co-movement`. The
difference-in-differences test: B's exports of the heading to its other destinations must not
have risen alike (B's own growth explains nothing that is specific to C), and B's pre-break
exports to C are its baseline. The one other destination that rose most is left out of that
test (transshipment/3): a jump carried by a single route is that route's own birth (or another
scheme through the same hub), not growth of B's trade; broad growth shows without it.
Chains through two intermediaries (A → B1 → B2 → C) join three
rising legs. Controlled, CHPL and cover headings weigh more in the score.

**Calibration (scoring_version transshipment/2).** The more routes a world holds, the more
ordinary births meet at a hub in the same months. The score's `chain_is_rare` factor is
1 / (1 + E), E the expected number of other pairs of rising legs (of the chain's headings, into
its first intermediary and out of its last, in the data scanned) that would fall within the
chain's window by chance: E = (n_in × n_out − 1) × (W / T) per hop, W the window in months
(`max_lag_months` + 3 for rises in step, 2 × `max_break_gap_months` + 1 for a co-movement
match), T the months the data spans. It is 1 where the hub sees one rise in and one out, a
fraction where a large economy sees a dozen of each.

**Re-export hubs (scoring_version transshipment/4).** An intermediary that passes goods
through as a rule (the Netherlands, Singapore, the UAE …) relays ordinary trade in many headings
from many origins; a chain through it is then its ordinary re-export, not evidence of a scheme.
Which intermediaries do so is measured in the data scanned, never taken from a list: of an
intermediary's rising inflows, the share that flow on in step (a one-hop chain within the lag
window at a plausible onward share) beyond chance, the chain's own inflow left out:
(through − 1 − chance) / (in − 1). Chance is measured too: the inflows that meet a rising
outflow of their heading at a plausible share in placebo windows as wide as the real one but
months off it (outflows rising 5 to 10 months before the inflow or 9 to 14 after), the two
averaged, so that a large economy's many unrelated births do not make it a hub. The share
makes a hub level, 0 at `hub_min_rate` and 1 at `hub_pass_rate`, over `hub_min_headings`
headings at least (a neighbour relaying two rerouted routes is no hub). The factor
`not_a_hubs_ordinary_re_export` is 1 − `hub_discount` × level (of the chain's intermediary
with the higher level), and 1 where something marks the chain beyond a hub's ordinary trade:
controlled or listed goods (a code weight above ordinary goods'; a cover code's heading passed
on as itself is civilian goods a hub re-exports), a cover code on a leg
(inflow and outflow headings differ), or deflection (the origin's own flows of the heading to
the destination fell by half or more over the 12 months from the outflow's rise, against the
12 before: the sanctions-evasion signature). The evidence gives the measured figures
(`re_export_hub_measured`, `intermediary_pass_through_rate`, `marked_beyond_re_export`,
`origin_direct_12m_before` / `_after`). A higher unit value onward is not yet read (legs carry
values only).

**Same goods on both legs (scoring_version transshipment/5).** Goods passed on in the same
state keep their six-digit code. Where both legs of a chain of one heading are reported at six
digits, `same_goods_on_both_legs` is `other_goods_factor` + (1 − `other_goods_factor`) × the
share of value the legs have in common over six-digit codes (sum of the smaller of the two
legs' shares per code, each leg read over the 12 months from its rise): 1 where they carry the
same codes, `other_goods_factor` where the inflow is 880692 and the outflow 880693. A factor,
not a filter: national classifications may differ. It is 1 where a leg has no six-digit report
or the headings differ (a cover code). The evidence gives `six_digit_value_shared` and each
leg's leading code.

**Ordinary goods that nothing marks (scoring_version transshipment/6).** A chain of ordinary
goods (a heading with no control-list, CHPL or cover code in it) is two ordinary route births
that meet at a third country unless something marks it: a cover code on a leg (the headings
differ) or deflection (the origin's own flows of the heading to the destination fell by half or
more over the 12 months from the outflow's rise). Unmarked, it takes the factor
`marked_beyond_ordinary_trade` = `unmarked_ordinary_factor` (0.65: with ordinary goods' code
weight 0.7 it stays below 0.5, as a plain route birth does); marked, or of other goods, 1.
Outside worlds with ordinary re-exports and coincident births (family A and D seeds read for
this rule) showed such chains at 0.52–0.63 with every other factor near 1.

**A deflection alone does not mark ordinary goods (scoring_version transshipment/9, issue 20).**
When a destination's trade is cut (a sanctions shock, DOMAIN.md's Russia-bound goods), its
suppliers' direct flows stop and much of its ordinary trade reroutes through its neighbours:
every such reroute is a chain whose origin's direct flows fell as it rose. What a shock
restricts, and evasion moves, are listed goods (the control list, the CHPL the BIS/FinCEN
transshipment alerts name) and goods under cover codes; for ordinary goods a deflection is the
shock's signature, not the chain's. So a chain of ordinary goods that only a deflection marks
takes `deflected_ordinary_factor` (0.65, as if unmarked: below 0.5); a cover code on a leg still
marks it in full, a deflection still lifts a re-export hub's discount, and the `deflection`
detector reads ordinary goods moved next door against chance and breadth (a lone exporter, code
and neighbour stays below 0.5 there too). Listed goods (a heading's weight above ordinary goods',
or a heading that holds listed items) are untouched. Outside worlds family A (a shock on RUS
from 2022-03, 66 legitimate reroutes of uncontrolled goods through its neighbours in each):
read scheme-free worlds A24_s0 and A28_s0 held 3 and 7 such chains at 0.50-0.66 (GBR -> KGZ ->
RUS 8433, DEU -> TUR -> RUS 8523, USA -> ARM -> RUS 8417 ...), every one a reroute of the shock,
and no planted scheme of the read mixed worlds was such a chain. Alerts >= 0.5 per million rows
before -> after: A24_s0 7.19 -> 4.11, A26_s0 7.34 -> 1.05, A28_s0 9.56 -> 2.12, fresh A29_s0
6.27 -> 4.18, A22_s0 6.19 unchanged; mixed A22_s20 and A28_s20 the same recall (13 and 14 of
20), A28_s20's share of alerts >= 0.5 on schemes 0.889 -> 0.976.
A heading that holds listed items among others (8536 and its CHPL items 853669, 853690) is
listed goods only where the legs carry them: a chain whose legs both carry mostly an unlisted
six-digit code of it (853650; `unlisted_legs_are_ordinary`) is of ordinary goods, and the two
rules above apply to it (read outside world A24_s0: FRA -> KGZ -> RUS 8536, both legs 853650, a
reroute of the shock on RUS, 0.62). A leg with no six-digit report keeps its heading's reading.

**A leg that ran and stopped (legs' episodes; the score unchanged).** Goods shipped for some
months on a route that also carries ordinary sporadic trade, before and after them (a contract
that ended, a scheme wound up), make no rise one upward shift over the whole series can date:
the months after dilute it (outside world A7_s20: USA -> VNM 930510, 0.17 M USD a month for
seven months between sporadic 50 k shipments, passed on to RUS three months later; the
series' best single shift was a 2024 blip). So a leg whose whole series shows no rise is also
read up to its best downward shift (the first month of the lower level after it), and the best
upward shift before that month is its rise, held to the same tests (`min_ratio`, `min_t`,
`min_persistence`, `min_value_usd`) over the episode, which must run `min_episode_months`: a
lumpy order delivered over a few months is no route (A7_s20's ESP -> USA 930510, a benign
flow's four-month lump, made a false two-hop chain at 0.61 before that floor). The episode must
also have ended: its level `min_ratio` times the level after the fall, as the rise is over the
level before (A3_s20's KOR -> SGP 9013, a growing flow with a dip in 2024-07, read as an episode
of 2022-06 to 2024-06, made a false chain through SGP at 0.54 before that test). A leg keeps one
rise: the episode only where the whole series has none. Outside read worlds A1, A3, A6-A8
(docs/benchmarks.md, 2026-12-06, issue 20, helper s23): measured there.

**One inflow is carried on once (scoring_version transshipment/7, issue 20).** A hub cannot
pass on more than it took in. Where one rising inflow meets two rising outflows (read outside
world A9_s0: JPN -> FRA 7304 at 0.14 M USD a month, FRA's 9306 to SAU and its 9305 to ZAF at
0.16 M each, 226 % of the inflow between them, both chains at 0.52), it is at most one chain:
the chain that scores best keeps the inflow (a chain whose legs rose in step ranks before one
matched by co-movement alone: its rises dated months apart), and each other chain's onward
share is read against what the chains above it leave of the inflow, on the same scale (a
fourfold gap scores 0, nothing left scores 0). The factor `inflow_not_carried_on_elsewhere` is that
reading over the chain's own `onward_share_near_one`, at most 1 (never raised), and 1 where no
chain above it shares its inflow; the evidence gives `inflow_carried_on_by_higher_chains_usd`.
Chains whose first outflow from the hub is the same (a two-hop chain and its first hop's own
chain) carry the same goods on and do not compete; an outflow fed by two inflows is not
touched (a hub may gather goods from several origins).

**Goods cannot flow on before they arrive (issue 20).** A match by co-movement reads rises
dated apart as loosely dated (tiny shipments before a real rise, a hub's slow start). An outflow
whose rise is dated before the inflow's, and that in the months between already ran at
`max_ahead_level` (0.5) of its later level or more while carrying more than `max_onward_share`
times what the inflow brought in them, is the hub's trade from elsewhere: no chain. Read on the
outside worlds (family A, 23 worlds): no co-movement match at 0.3 or more was a planted scheme;
the six the rule removes had run at 0.54-3.96 times their later level in the months between,
the inflow at a quarter of that or less (A7_s0 JPN -> TUR -> BEL 8542, 15 months, 0.53; fresh
A17_s0 USA -> DEU -> KWT 9305, 8 months, 0.71); no other alert moved. An inflow that rose first
and ran alone for months is left as it was: a hub's imports may rise before its onward trade
does, and the real data the co-movement match was written for dates them so.

**Cover chains into goods the intermediary already shipped (scoring_version transshipment/8,
issue 20).** Where the headings differ (a cover code on a leg) and the last intermediary
exported the outflow's heading to its other destinations in the 12 months before the outflow
rose (the one that rose most left out, as for its growth), a new customer for goods of its own
explains the outflow as well as the inflow under another code does: an arms maker's exports are
no onward leg of a civilian inflow. The factor `not_the_intermediarys_own_goods` is 1 −
`own_goods_discount` (0.35) × those exports over a year of the outflow (counted up to 1); 1 for
chains of one heading (a hub re-exports what it also makes: a planted chain of one heading went
through an intermediary that had shipped 15 years of it) and where it shipped none. Read on the
outside worlds (family A, 23 worlds): every planted cover chain at 0.4 or more (four) went
through an intermediary that had shipped none of the heading; most false ones had shipped 0.5-95
years of the outflow (A6_s0 SGP -> DEU 8543 -> USA 9306, 45 times; A9_s0 JPN -> FRA 7304 -> SAU
9306, 9 times; fresh A18_s0 ITA -> CHN 7326 -> KAZ 9306, 65 times): five false chains at 0.50-0.59
on the scheme-free worlds fall to 0.33-0.45, no planted scheme's score moves.

**A leg of munitions-list goods counts from less (issue 20).** A leg's rise needs
`min_value_usd` (100 k USD) a month after it, so that small ordinary flows (a reroute of a few
machines through Russia's neighbours) make no chain. A pipeline of ammunition or propellants is
worth following at less: a leg whose heading the control list holds whole at
`controlled_leg_min_weight` (0.9) or more (9301, 9305, 9306, 3601-3603, 8710) counts from
`min_value_usd_controlled` (50 k); the chain is then scored as any other. The hub's census
(`chain_is_rare`'s rising legs, the re-export hub's in-step inflows) stays at `min_value_usd`,
a chain's own smaller legs counted with it: small legs make no other chain less rare (a first
try without this took AUT -> FRA -> TUR 3603 in A24_s20 from 0.57 to 0.44). Outside world A22_s20
(family A, fresh): IRQ -> THA -> CAN 3603 at 50-60 k USD a month, no leg before, 0.69 after.
The same floor for every heading (tried at 50 k) added chains of ordinary goods to RUS through
its neighbours at 0.05-0.08 M USD a month on the scheme-free worlds.

**A leg that ran before at its later size is no new route (scoring_version transshipment/10,
issue 20).** Many flows are intermittent (DOMAIN.md): a route that ran now and then before its
change point, at about the size it ships after it, did not start there; it runs more often, and
a month's mean over the months before (zeros counted) rises several-fold without any new trade.
Third-country routing is "a route that did not exist starts and persists". So each leg's level
in the months it ran after its rise is read against its level in the months it ran before
(nothing before: no reading); the factor `legs_are_new_routes` is `standing_leg_factor` (0.6)
where the later level is no higher, 1 where it is `min_ratio` (2.5, the rise's own bar) times
the earlier or more, log-linear in between, and the chain takes its lower leg's (the first and
the last leg). Tiny shipments before a real rise are far under its later level and leave it at 1.
The evidence gives each leg's share of months run before and that ratio
(`inflow_ran_before_share`, `inflow_rise_over_level_when_running_before`, and the outflow's).
Outside worlds family A (read): A32_s0's IND -> SGP -> GBR 8532 (both legs from the data's first
months at 0.72 and 0.53 M USD a month when they ran, 0.83 and 0.58 after: 0.51) and A22_s0's
GBR -> CAN -> CHN 7326 (inflow 0.17 M before, 0.20 M after: 0.55); every planted chain of the
read mixed worlds A22_s20 and A29_s20 had legs that never ran before or ran at a quarter of their
later size or less. Alerts >= 0.5 per million rows before -> after: A22_s0 4.13 -> 3.10, A32_s0
6.12 -> 5.10, A24_s0 3.08, A31_s0 3.09 and fresh A33_s0 4.11, A34_s0 1.11 unchanged; A22_s20
and A29_s20 recall 13 and 17 of 20 as before (no planted scheme's best score moved), share of
alerts >= 0.5 on schemes 0.897 -> 0.921 and 0.933; no score rose.

**Goods flow on at a higher unit value (scoring_version transshipment/11, issue 20).** Routed
goods flow on "often with higher unit values onward" (DOMAIN.md): the intermediary's margin,
its freight, goods assembled or repacked. An outflow worth the inflow up to `onward_markup`
(1.25) times it carries the inflow on in full: `onward_share_near_one` is 1 from 100 % to 125 %,
and falls on the same log scale as before beyond either end (a fourfold gap below the inflow or
above the markup scores 0); one inflow's chains are read against what is left of it on the same
scale. Read mixed world A22_s20: its planted CHE -> CHN -> UZB 9306 ran at 132 % of its inflow
(0.80 before, 0.96 now): 0.48 -> 0.58. Alerts >= 0.5 per million rows unchanged on A22_s0
(3.10), A24_s0 (3.08), A31_s0 (3.09), A32_s0 (4.08) and fresh A33_s0 (4.11) and A34_s0 (1.11):
about 30-40 chains per world rose, none across 0.5 (the highest false one below it, A24_s0's
BEL -> DEU -> CAN 9305, 0.45 -> 0.47); A22_s20 recall 13 -> 14 of 20 (transshipment 2 -> 3 of
4), A29_s20 17 of 20.

Legs are headings, so six-digit and HS4-only reporters are read alike; HS2 data is left out (a
chapter mixes headings whose flows onward do not follow one another) and the scan says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.detect import flows as fl
from shadowtrade.detect import levels as lv
from shadowtrade.detect import route_break
from shadowtrade.detect.alerts import alert_row
from shadowtrade.detect.registry import Detector, Parameter, TradeInputs, register
from shadowtrade.incremental import per_series
from shadowtrade.results import fetch
from shadowtrade.schema import ALERTS
from shadowtrade.staging import stage

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

NAME = "transshipment"
SCORING_VERSION = "transshipment/11"  # the product of the factors in `score_factors`
LEG = ["src", "dst", "h4"]
CIF_MARKUP = 1.06  # typical CIF over FOB (DOMAIN.md: 2–10 %)
FULL_MONTHS = 9.0  # months of onward flow after which a rise counts in full
MIN_CORR_MONTHS = 3  # months in common before a month-by-month correlation means anything


def legs(ws: ScanContext) -> tuple[ir.Table, ir.Table]:
    """(monthly leg values, observable months per source/target pair)."""
    allf = fl.monthly_flows(ws)
    f = fl.between_countries(ws, allf)
    if not lv.all_hs6(ws):
        # Legs are headings: six-digit and four-digit data alike; a chapter mixes headings
        # whose flows onward do not follow one another (`describe` says it is left out).
        f = f.filter(f.code.length() >= 4)
    f = f.mutate(h4=ws.encode(f.code.substr(0, 4), "hs4"))
    # Both sides in one aggregation (a union of the two, not an outer join of two).
    out = f.filter(f.flow.isin(fl.EXPORTS))
    inn = f.filter(f.flow == "import")
    sides = out.select(
        src=out.reporter,
        dst=out.partner,
        h4=out.h4,
        period=out.period,
        xv=out.value,
        mv=ibis.literal(0.0),
    ).union(
        inn.select(
            src=inn.partner,
            dst=inn.reporter,
            h4=inn.h4,
            period=inn.period,
            xv=ibis.literal(0.0),
            mv=inn.value,
        )
    )
    j = sides.group_by(*LEG, "period").agg(xv=sides.xv.sum(), mv=sides.mv.sum() / CIF_MARKUP)
    series = j.select(*LEG, "period", value=ibis.greatest(j.xv, j.mv)).pipe(stage)
    cal = fl.reported_months(ws)
    pairs = series.select("src", "dst").distinct()
    calx = cal.filter(cal.flow.isin(fl.EXPORTS)).select(src="reporter", period="period")
    calm = cal.filter(cal.flow == "import").select(dst="reporter", period="period")
    observable = (
        pairs.join(calx, "src")
        .select("src", "dst", "period")
        .union(pairs.join(calm, "dst").select("src", "dst", "period"))
        .distinct()
    )
    return series, observable


def rising_legs(
    ws: ScanContext, series: ir.Table, observable: ir.Table, p: dict[str, Any]
) -> ir.Table:
    """Legs with a rise. A leg's change point needs its own months and its ends' calendars
    only: an incremental scan recomputes those of legs with a reporter that sent new rows."""
    before, after = p["min_months_before"], p["min_months_after"]

    def breaks(restrict: Callable[[ir.Table], ir.Table]) -> ir.Table:
        return fl.change_points(
            restrict(series),
            LEG,
            restrict(observable),
            ["src", "dst"],
            min_before=before,
            min_after=after,
        )

    def episodes(restrict: Callable[[ir.Table], ir.Table]) -> ir.Table:
        # A leg whose goods ran for some months and stopped, on a route with
        # ordinary sporadic trade before and after (a one-off contract, a scheme that ended):
        # one upward shift over the whole series dates no rise there, its later months dilute
        # the episode. The series' best downward shift (the first month of the lower level
        # after it) ends the episode; the best upward shift before that month is its rise.
        s, obs = restrict(series), restrict(observable)
        down = fl.change_points(
            s, LEG, obs, ["src", "dst"], min_before=before + after, min_after=after,
            downward=True,
        )  # fmt: skip
        down = down.select(*LEG, _fall=down.break_period, fall_usd=down.usd_after)
        cut = s.join(down, LEG)
        cut = cut.filter(cut.period < cut._fall).select(*LEG, "period", "value")
        rise = fl.change_points(cut, LEG, obs, ["src", "dst"], min_before=before, min_after=after)
        return rise.join(down.select(*LEG, "fall_usd"), LEG)

    cp = per_series(
        ws, "transshipment_legs", {"before": before, "after": after}, breaks, ("src", "dst")
    )
    # A leg of munitions-list goods counts from a lower monthly value (`min_value_usd_controlled`)
    # than ordinary goods: a pipeline of ammunition at 60 k USD a month is a pipeline.
    low = {**p, "min_value_usd": min(p["min_value_usd"], p["min_value_usd_controlled"])}
    controlled = _controlled_headings(ws, p)

    def enough(t: ir.Table) -> ir.Table:
        # the heading read as a string: the control list's headings are not in the scan's
        # dictionary of the data's codes
        t = t.left_join(controlled, t.h4.substr(0, 4) == controlled.c_h4)
        keep = (t.usd_after >= p["min_value_usd"]) | t.c_h4.notnull()
        return t.filter(keep).drop(*[c for c in t.columns if c.endswith("_right") or c == "c_h4"])

    up = enough(fl.rising(cp, low))
    ep = per_series(
        ws, "transshipment_episodes", {"before": before, "after": after}, episodes,
        ("src", "dst"),
    )  # fmt: skip
    # An episode only where the whole series shows no rise (a leg keeps one rise), only one
    # that ran `min_episode_months` (a lumpy order delivered over a few months is no route),
    # and only one that fell back: its level `min_ratio` times the level after its end, as the
    # rise is over the level before (a growing flow's dip is no end of an episode).
    ep = enough(fl.rising(ep, low))
    floor = p["floor_usd"]
    fell = (ep.usd_after + floor) / (ep.fall_usd + floor) >= p["min_ratio"]
    ep = ep.filter((ep.n_after >= p["min_episode_months"]) & fell)
    ep = ep.anti_join(up, LEG)
    up = up.union(ep.select(*up.columns))
    # A heading an HS revision created (8806 drones in 2022) rises with the revision on
    # every route: that is no leg of a scheme.
    rev = route_break.revision_births(before).rename(h4="code")
    up = up.left_join(rev, [up.h4 == rev.h4, up.break_period < rev.until])
    return up.filter(up.until.isnull()).drop(
        *[c for c in up.columns if c.endswith("_right") or c == "until"]
    )


def _legs_ran_before(cand: ir.Table, r: ir.Table, p: dict[str, Any]) -> ir.Table:
    """`cand` with `f_new` (the factor `legs_are_new_routes`) and, per leg, `in_ran_ratio` /
    `out_ran_ratio` (its level in the months it ran after its rise over its level in the months
    it ran before: null where it never ran before) and `in_ran_before` / `out_ran_before` (the
    share of observable months before its rise that it ran in).

    Many flows are intermittent (DOMAIN.md): a route that ran now and then before its "rise", at
    about the size it ships after it, did not start; it runs more often. A leg's factor is
    `standing_leg_factor` where it ran before at its later size or more, 1 where its later size
    is `min_ratio` (the rise's own bar) times that or more, in between on a log scale; the chain
    takes its lower leg's (the first and the last leg; a two-hop chain's middle leg is not read).
    Tiny shipments before a real rise are far under its later size and leave the factor at 1."""
    ran = r.filter(r.nonzero_before > 0)
    ratio = (ran.usd_after / ran.nonzero_after) / (ran.usd_before / ran.nonzero_before)
    ran = ran.select(*LEG, _q=ratio, _nzb=ran.nonzero_before)
    floor = p["standing_leg_factor"]

    def factor(q: ir.FloatingValue) -> ir.FloatingValue:
        f = floor + (1.0 - floor) * q.ln() / ibis.literal(float(p["min_ratio"])).ln()
        return ibis.ifelse(q.isnull(), 1.0, f.clip(floor, 1.0))

    i = ran.rename(_ia="src", _ib="dst", _ih="h4", in_ran_ratio="_q", in_ran_before="_nzb")
    c = cand.left_join(i, [cand.a == i._ia, cand.b1 == i._ib, cand.h_in == i._ih])
    c = c.drop("_ia", "_ib", "_ih")
    o = ran.rename(_ob="src", _oc="dst", _oh="h4", out_ran_ratio="_q", out_ran_before="_nzb")
    c = c.left_join(o, [c.last_b == o._ob, c.c == o._oc, c.h_out == o._oh])
    c = c.drop("_ob", "_oc", "_oh")
    c = c.mutate(f_new_in=factor(c.in_ran_ratio), f_new_out=factor(c.out_ran_ratio))
    return c.mutate(f_new=ibis.least(c.f_new_in, c.f_new_out))


def _controlled_headings(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """Headings (column `c_h4`) listed whole on the control list at `controlled_leg_min_weight`
    or more: chapter 93's arms and ammunition, 3601-3603, 8710."""
    cl = ws.table("ref_control_list")
    cl = cl.filter((cl.hs_code.length() == 4) & (cl.weight >= p["controlled_leg_min_weight"]))
    return cl.select(c_h4=cl.hs_code).distinct()


def _related(ws: ScanContext) -> ir.Table:
    """Inflow heading → outflow heading: itself, or the controlled headings a cover code hides."""
    cov = fl.covered_headings(ws)
    pairs = cov.select(h_in=cov.cover_code.substr(0, 4), h_out=cov.heading)
    return pairs.distinct()


def _months_between(a: ir.DateValue, b: ir.DateValue) -> ir.IntegerValue:
    return (b.year() - a.year()) * 12 + b.month() - a.month()


def _same(a: ir.Table, b: ir.Table, keys: list[str]) -> list[ir.BooleanValue]:
    """Join predicates for one candidate: equal keys, and b2 equal or both missing."""
    return [*(a[k] == b[k] for k in keys if k != "b2"), a.b2.identical_to(b.b2)]


def candidates(
    ws: ScanContext, p: dict[str, Any], parts: tuple[ir.Table, ir.Table] | None = None
) -> ir.Table:
    """Chains of an inflow into a hub and an outflow from it (one or two hops) that rise together,
    with their lag and co-movement."""
    series, observable = parts if parts is not None else legs(ws)
    r = rising_legs(ws, series, observable, p).pipe(stage)
    rel = _related(ws)

    def link(inflow: ir.Table, outflow: ir.Table, wide: bool = False) -> ir.Table:
        """Inflow X → B and outflow B → Y of the same or a covered heading, starting in step
        (`in_window`), or — `wide` — with rises dated up to `max_break_gap_months` apart, to be
        kept only where the two series move together month by month."""
        i = inflow
        o = outflow.rename(
            o_src="src",
            o_dst="dst",
            o_h4="h4",
            o_break="break_period",
            o_after="usd_after",
            o_months="n_after",
        )
        same = i.join(o, [i.dst == o.o_src, i.h4 == o.o_h4, i.src != o.o_dst])
        cov = i.join(rel, i.h4 == rel.h_in).join(
            o, [i.dst == o.o_src, rel.h_out == o.o_h4, i.src != o.o_dst]
        )
        cols = [*i.columns, "o_dst", "o_h4", "o_break", "o_after", "o_months"]
        both = same.select(*cols).union(cov.select(*cols))
        lag = _months_between(both.break_period, both.o_break)
        in_window = (lag >= -1) & (lag <= p["max_lag_months"] + 1)
        both = both.mutate(lag=lag, in_window=in_window)
        if not wide:
            return both.filter(both.in_window)
        gap = p["max_break_gap_months"]
        return both.filter(both.in_window | ((both.lag >= -gap) & (both.lag <= gap)))

    base = r.select("src", "dst", "h4", "break_period", "usd_after", "n_after")
    hop = link(base, base)
    one = link(base, base, wide=True)
    one = one.select(
        a="src",
        b1="dst",
        # No second intermediary: a null of the countries' dictionary, so that `last_b` (b2
        # or b1) stays a key of it and the joins of the chains with the legs compare keys, not
        # strings (a string b2 cast the legs' 5 million keys to text in each such join).
        b2=ws.encode(ibis.null("str"), "country"),
        c="o_dst",
        h_in="h4",
        h_out="o_h4",
        start="break_period",
        out_start="o_break",
        in_after="usd_after",
        out_after="o_after",
        out_months="o_months",
        lag="lag",
        in_window="in_window",
    )
    # Two intermediaries: A → B1 → B2 → C with each hop in step.
    mid = hop.select(
        a="src",
        b1="dst",
        b2="o_dst",
        h_in="h4",
        h_mid="o_h4",
        start="break_period",
        mid_start="o_break",
        in_after="usd_after",
        lag1="lag",
    )
    o2 = base.rename(
        b2x="src",
        c="dst",
        h_out="h4",
        out_start="break_period",
        out_after="usd_after",
        out_months="n_after",
    )
    two = mid.join(o2, [mid.b2 == o2.b2x, mid.h_mid == o2.h_out, mid.a != o2.c, mid.b1 != o2.c])
    two = two.mutate(lag2=_months_between(two.mid_start, two.out_start))
    two = two.filter((two.lag2 >= -1) & (two.lag2 <= p["max_lag_months"] + 1))
    two = two.select(
        "a",
        "b1",
        "b2",
        "c",
        "h_in",
        "h_out",
        "start",
        "out_start",
        "in_after",
        "out_after",
        "out_months",
        lag=two.lag1 + two.lag2,
        in_window=ibis.literal(True),
    )
    cand = one.union(two)
    cand = cand.mutate(onward_share=cand.out_after / cand.in_after)
    cand = cand.filter(
        (cand.onward_share >= p["min_onward_share"]) & (cand.onward_share <= p["max_onward_share"])
    )
    last_b = ibis.coalesce(cand.b2, cand.b1)
    # Cached at each step: the joins below read `cand` again and again.
    cand = cand.mutate(last_b=last_b).pipe(stage)
    # The hub's census (its rising legs, how many flow on in step) is taken at the ordinary
    # floor: munitions legs admitted from `min_value_usd_controlled` become chains of their own
    # without making another chain's hub look busier.
    mv = p["min_value_usd"]
    census = r.filter(r.usd_after >= mv)
    hubs = _pass_through(cand.filter((cand.in_after >= mv) & (cand.out_after >= mv)), census, p)

    # Month-by-month co-movement of inflow and (lagged) outflow after the inflow's break.
    s_in = series.rename(i_src="src", i_dst="dst", i_h4="h4", i_p="period", i_v="value")
    s_out = series.rename(o_src="src", o_dst="dst", o_h4="h4", o_p="period", o_v="value")
    keys = ["a", "b1", "b2", "c", "h_in", "h_out", "start"]
    ji = cand.join(
        s_in,
        [
            cand.a == s_in.i_src,
            cand.b1 == s_in.i_dst,
            cand.h_in == s_in.i_h4,
            s_in.i_p >= cand.start,
        ],
    )
    ji = ji.select(*keys, "lag", period=ji.i_p, v_in=ji.i_v)
    jo = cand.join(
        s_out,
        [
            cand.last_b == s_out.o_src,
            cand.c == s_out.o_dst,
            cand.h_out == s_out.o_h4,
            s_out.o_p >= cand.start,
        ],
    )
    # Cross-correlation: the outflow shifted back by each lag within two months of the lag
    # between the breaks (a break's month is itself uncertain by a month or so); the best lag
    # and its correlation are kept.
    lags = ibis.memtable({"xl": list(range(-1, 2 * p["max_lag_months"] + 3))})
    # Legs matched by co-movement alone (rises dated far apart) are read at the shipping lags
    # of the window, 0 to max_lag_months + 1, never negative.
    jo = jo.select(*keys, "lag", "in_window", o_p=jo.o_p, v_out=jo.o_v).cross_join(lags)
    jo = jo.filter(
        jo.in_window & ((jo.xl - jo.lag).abs() <= 2)
        | ~jo.in_window & (jo.xl >= 0) & (jo.xl <= p["max_lag_months"] + 1)
    )
    jo = jo.select(*keys, "xl", period=jo.o_p - ibis.interval(months=1) * jo.xl, v_out=jo.v_out)
    jj = ji.join(
        jo,
        [*_same(ji, jo, keys), ji.period == jo.period],
    )
    cc = jj.group_by([*keys, "xl"]).agg(
        corr=jj.v_in.corr(jj.v_out, how="pop"), common_months=jj.count()
    )
    # Two points always correlate at ±1 (give or take rounding, which then picked the lag):
    # a correlation needs MIN_CORR_MONTHS months in common. Ranked to 1e-9, ties to the
    # smallest lag, so that the choice does not hang on the order of a sum.
    cc = cc.mutate(corr=ibis.ifelse(cc.common_months >= MIN_CORR_MONTHS, cc.corr, None))
    ranked = ibis.ifelse(cc.corr.isnull() | cc.corr.isnan(), -1.0, cc.corr.round(9))
    cc = cc.mutate(rank=ibis.row_number().over(group_by=keys, order_by=[ibis.desc(ranked), cc.xl]))
    corr = cc.filter(cc.rank == 0).select(*keys, "corr", "common_months", corr_lag="xl")
    cand = cand.left_join(corr, _same(cand, corr, keys))
    cand = cand.select(*[c for c in cand.columns if not c.endswith("_right")])
    moved = (
        cand.corr.notnull()
        & (cand.corr >= p["min_comovement"])
        & (cand.common_months >= p["min_comovement_months"])
    )
    cand = cand.filter(cand.in_window | moved.fill_null(False)).pipe(stage)
    cand = _not_ahead(cand, series, p).pipe(stage)

    # Difference in differences: B's exports of the heading to other destinations, before and
    # after the outflow's break, against the rise to C.
    sx = series.rename(x_src="src", x_dst="dst", x_h4="h4", x_p="period", x_v="value")
    # The year's bounds as dates, once per chain: the join below gives millions of rows (5.7 M
    # at 9.2 M monthly rows), and month arithmetic on each cost 1.2 operator-seconds.
    year = ibis.interval(months=12)
    wide = cand.mutate(
        _x_lo=(cand.out_start - year).cast("date"), _x_hi=(cand.out_start + year).cast("date")
    )
    jd = wide.join(
        sx, [wide.last_b == sx.x_src, wide.h_out == sx.x_h4, wide.c != sx.x_dst, wide.a != sx.x_dst]
    )
    pre = (jd.x_p < jd.out_start) & (jd.x_p >= jd._x_lo)
    post = (jd.x_p >= jd.out_start) & (jd.x_p < jd._x_hi)
    per = jd.group_by([*keys, "x_dst"]).agg(
        _xb=jd.x_v.sum(where=pre).fill_null(0.0), _xa=jd.x_v.sum(where=post).fill_null(0.0)
    )
    # transshipment/3: the other destination that rose most is left out of the hub's growth. A
    # jump carried by one route is that route's own story (another birth, another scheme
    # through the same hub), not growth of the hub's trade in the heading; broad growth still
    # shows without it. (Two destinations rising by exactly the same sum: either is left out.)
    top = ibis.struct({"dst": per.x_dst.cast("string"), "b": per._xb, "a": per._xa})
    rise = ibis.ifelse(per._xa > per._xb, per._xa - per._xb, 0.0)
    did = per.group_by(keys).agg(
        others_before=per._xb.sum(),
        others_after=per._xa.sum(),
        _top=top.argmax(rise),
        _top_rise=rise.max(),
    )
    did = did.mutate(
        top_dst=ibis.ifelse(did._top_rise > 0, did._top.dst, ibis.null("str")),
        top_before=ibis.ifelse(did._top_rise > 0, did._top.b, 0.0),
        top_after=ibis.ifelse(did._top_rise > 0, did._top.a, 0.0),
    ).drop("_top", "_top_rise")
    cand = cand.left_join(did, _same(cand, did, keys))
    cand = cand.select(*[c for c in cand.columns if not c.endswith("_right")])
    floor = p["floor_usd"] * 12
    ob = cand.others_before.fill_null(0.0) - cand.top_before.fill_null(0.0)
    oa = cand.others_after.fill_null(0.0) - cand.top_after.fill_null(0.0)
    others_jump = ((oa.clip(lower=0.0) + floor) / (ob.clip(lower=0.0) + floor)).log2()
    # transshipment/8: a chain whose headings differ (a cover code on a leg) into goods the
    # last intermediary already exported to its other destinations in the 12 months before:
    # its own goods' new customer, not the inflow under another code (`_maker_sentence`).
    made = (ob.clip(lower=0.0) / (12.0 * cand.out_after)).clip(upper=1.0)
    s_made = ibis.ifelse(cand.h_in != cand.h_out, 1.0 - p["own_goods_discount"] * made, 1.0)
    cand = cand.mutate(others_jump=others_jump, own_made=made, f_made=s_made)

    cand = cand.join(fl.code_weight(ws, cand.select(code=cand.h_out)).rename(h_out="code"), "h_out")
    cand = _competing(cand, census, series, p)
    cand = _through_hub(cand, hubs, series, p).pipe(stage)  # read twice by _same_goods
    cand = _same_goods(ws, cand, p)
    cand = _legs_ran_before(cand, r, p)
    corr_v = cand.corr.fill_null(0.0)
    corr_v = ibis.ifelse(corr_v.isnan(), 0.0, corr_v)  # a flat series has no correlation
    share = cand.onward_share
    # Onward flows carry the inflow or a little more (margins, assembly; DOMAIN.md: often with
    # higher unit values onward): 1 from the inflow up to `onward_markup` times it, a fourfold
    # difference beyond either end scores nothing.
    s_share = _share_factor(share, p["onward_markup"])
    s_corr = (0.6 + 0.4 * corr_v).clip(0.0, 1.0)
    s_did = (1 - cand.others_jump.clip(lower=0.0) / 2.0).clip(0.0, 1.0)
    hops = ibis.ifelse(cand.b2.isnull(), 1, 2)
    best_lag = cand.corr_lag.fill_null(cand.lag)
    s_lag = ibis.ifelse((best_lag >= 0) & (best_lag <= p["max_lag_months"] * hops), 1.0, 0.8)
    # A rise seen for a few months only (at the end of the data) is tentative.
    s_dur = 0.5 + 0.5 * (cand.out_months / FULL_MONTHS).clip(upper=1.0)
    s_rare = 1.0 / (1.0 + cand.chance_pairs)
    s_hub = 1.0 - p["hub_discount"] * cand.hub_strength
    # transshipment/6: ordinary goods that nothing marks (no cover code on a leg, no
    # deflection) are two ordinary route births that meet at a third country.
    ordinary = (cand.category == "ordinary") | _unlisted_legs(cand, p)
    s_plain = ibis.cases(
        (ordinary & cand.marked_by.isnull(), p["unmarked_ordinary_factor"]),
        # a deflection alone is the shock's: ordinary goods reroute after it as a rule
        (ordinary & (cand.marked_by == "deflection"), p["deflected_ordinary_factor"]),
        else_=1.0,
    )
    score = (
        cand.weight * s_share * s_corr * s_did * s_lag * s_dur * s_rare * s_hub * cand.f_goods
        * s_plain * cand.f_made * cand.f_new
    )  # fmt: skip
    cand = cand.mutate(
        score=score.clip(0.0, 1.0), f_share=s_share, markup=ibis.literal(p["onward_markup"]),
        f_corr=s_corr, f_did=s_did, f_lag=s_lag,
        f_dur=s_dur, f_rare=s_rare, f_hub=s_hub, f_plain=s_plain,
    )  # fmt: skip
    cand = _inflow_left(cand.pipe(stage), p["onward_markup"])
    return cand.filter(cand.score >= p["min_score"])


def _not_ahead(cand: ir.Table, series: ir.Table, p: dict[str, Any]) -> ir.Table:
    """`cand` without the co-movement matches whose outflow ran ahead of the inflow.

    Goods cannot flow on before they arrive (issue 20). A match by co-movement reads rises dated
    apart as loosely dated (tiny shipments before a real rise, a hub's slow start); an outflow
    whose rise is dated months before the inflow's and that already ran, in those months, at
    `max_ahead_level` of its later level or more while carrying more than `max_onward_share`
    times what the inflow brought in them, is the hub's trade from elsewhere, not the inflow
    carried on (outside worlds A7_s0: TUR's exports of 8542 to BEL at 0.14-0.19 M USD a month
    from 2022-11, JPN's into TUR about 0.01 M until 2024-02; A17_s0: DEU -> KWT 9305 eight
    months before USA -> DEU). Chains whose legs rose in step (`in_window`) are not read."""
    keys = ["a", "b1", "b2", "c", "h_in", "h_out", "start"]
    early = cand.filter(~cand.in_window & (cand.out_start < cand.start))
    early = early.select(*keys, "last_b", "out_start", "out_after").pipe(stage)

    def before(src: str, dst: str, h: str, name: str) -> ir.Table:
        s = series.rename(_s="src", _d="dst", _h="h4", _p="period", _v="value")
        j = early.join(
            s,
            [early[src] == s._s, early[dst] == s._d, early[h] == s._h,
             s._p >= early.out_start, s._p < early.start],
        )  # fmt: skip
        return j.group_by(keys).agg(**{name: j._v.sum()})

    out_pre, in_pre = (
        before("last_b", "c", "h_out", "_out_pre"),
        before("a", "b1", "h_in", "_in_pre"),
    )
    e = early.left_join(out_pre, _same(early, out_pre, keys))
    e = e.select(*[c for c in e.columns if not c.endswith("_right")])
    e = e.left_join(in_pre, _same(e, in_pre, keys))
    e = e.select(*[c for c in e.columns if not c.endswith("_right")])
    o, i = e._out_pre.fill_null(0.0), e._in_pre.fill_null(0.0)
    months = _months_between(e.out_start, e.start).cast("float64")
    ahead = (o / months >= p["max_ahead_level"] * e.out_after) & (o > p["max_onward_share"] * i)
    gone = e.filter(ahead).select(*keys).mutate(_gone=ibis.literal(True))
    c = cand.left_join(gone, _same(cand, gone, keys))
    c = c.select(*[x for x in c.columns if not x.endswith("_right")])
    return c.filter(c._gone.isnull()).drop("_gone")


def _share_factor(share: ir.FloatingValue, markup: float) -> ir.FloatingValue:
    """`onward_share_near_one`: 1 for an outflow worth the inflow up to `markup` times it (goods
    carried on at a higher unit value, DOMAIN.md), falling on a log scale to 0 at a fourfold gap
    below the inflow or above that markup (transshipment/11)."""
    gap = ibis.ifelse(share > 1.0, (share / markup).clip(lower=1.0).ln(), share.ln().abs())
    return (1 - gap / ibis.literal(4.0).ln()).clip(0.0, 1.0)


def _inflow_left(cand: ir.Table, markup: float) -> ir.Table:
    """`cand` with `inflow_taken_usd` (what the same inflow's chains ranked above it carry on a
    month) and the factor `f_left`, applied to the score.

    One inflow is carried on once (issue 20): a hub cannot pass on more than it took in. Where
    the same rising inflow meets two rising outflows (outside world A9_s0: JPN -> FRA 7304 at
    0.14 M USD a month, FRA's 9306 to SAU and 9305 to ZAF at 0.16 M each, 226 % of it between
    them), it is at most one chain. Chains are ranked by how they were matched (legs that rose
    in step before a match by co-movement alone), then by score; the first keeps the inflow,
    and each other chain's onward share is read against what the chains above it leave of the
    inflow (the same scale: a fourfold gap scores 0, nothing left scores 0). Never raised:
    `f_left` is that reading over the chain's own `onward_share_near_one`, at most 1. Chains
    whose first outflow from the hub is the same (a two-hop chain and its first hop's chain)
    carry the same goods on and do not compete."""
    grp = ["a", "b1", "h_in", "start"]
    # A chain's first outflow from the hub: to its next stop, in its outflow's heading. A
    # two-hop chain and the one-hop chain of its first hop carry the same goods on, not two
    # outflows.
    nxt = ibis.coalesce(cand.b2, cand.c)
    # (Materialised, a table apart: a join of a table with its own derivative takes the key
    # columns from the wrong side.)
    o = cand.select(
        *[cand[k].name(f"_o_{k}") for k in grp],
        _o_next=nxt, _o_h=cand.h_out, _o_score=cand.score, _o_out=cand.out_after,
        _o_step=cand.in_window,
    ).pipe(stage)  # fmt: skip
    other = (o._o_next != nxt) | (o._o_h != cand.h_out)
    # Ranked by how they were matched, then by score: an outflow that rose in step with the
    # inflow reads it before one matched by co-movement alone (rises dated months apart).
    ranked_above = (o._o_step & ~cand.in_window) | (
        (o._o_step == cand.in_window) & (o._o_score > cand.score)
    )
    j = cand.join(o, [*(cand[k] == o[f"_o_{k}"] for k in grp), ranked_above, other])
    keys = ["a", "b1", "b2", "c", "h_in", "h_out", "start"]
    above = j.group_by(keys).agg(inflow_taken_usd=j._o_out.sum())
    cand = cand.left_join(above, _same(cand, above, keys))
    cand = cand.select(*[c for c in cand.columns if not c.endswith("_right")])
    taken = cand.inflow_taken_usd.fill_null(0.0)
    left = cand.in_after - taken
    share_left = cand.out_after / ibis.greatest(left, ibis.literal(1e-9))
    s_left = ibis.ifelse(left > 0, _share_factor(share_left, markup), 0.0)
    f_left = ibis.ifelse(
        taken > 0,
        ibis.least(ibis.literal(1.0), s_left / ibis.greatest(cand.f_share, ibis.literal(1e-9))),
        1.0,
    )
    return cand.mutate(
        inflow_taken_usd=taken, f_left=f_left, score=(cand.score * f_left).clip(0.0, 1.0)
    )


def _competing(cand: ir.Table, r: ir.Table, series: ir.Table, p: dict[str, Any]) -> ir.Table:
    """+ n_in, n_out, chance_pairs: how many rising legs of the chain's headings enter its first
    intermediary and leave its last in the data scanned, and how many pairs of them would fall
    as close together as this chain's by chance.

    A hub through which many routes of a heading are born (a large economy in a large world)
    offers many pairs of unrelated births in the same months; one that sees a single rise in
    and a single rise out offers one. Each of the n_in × n_out − 1 other pairs falls within
    the chain's window (W months: the lag window, or the co-movement gap either way) with
    probability W / T, T the months the data spans, once per hop: the expected number of
    such pairs, E, is what the chain competes with, and the rarity factor is 1 / (1 + E)."""
    n_in = r.group_by(rin_b="dst", rin_h="h4").agg(n_in=r.count())
    n_out = r.group_by(rout_b="src", rout_h="h4").agg(n_out=r.count())
    span = series.agg(lo=series.period.min(), hi=series.period.max())
    span = span.select(span_months=_months_between(span.lo, span.hi) + 1)
    c = cand.left_join(n_in, [cand.b1 == n_in.rin_b, cand.h_in == n_in.rin_h])
    c = c.left_join(n_out, [c.last_b == n_out.rout_b, c.h_out == n_out.rout_h])
    c = c.drop("rin_b", "rin_h", "rout_b", "rout_h").cross_join(span)
    # The census counts legs at the ordinary floor; a chain's own leg under it counts too.
    mv = p["min_value_usd"]
    ni = c.n_in.fill_null(0) + (c.in_after < mv).cast("int64")
    no = c.n_out.fill_null(0) + (c.out_after < mv).cast("int64")
    ni, no = ibis.greatest(ni, 1), ibis.greatest(no, 1)
    window = ibis.ifelse(c.in_window, p["max_lag_months"] + 3, 2 * p["max_break_gap_months"] + 1)
    per_hop = (window / c.span_months.cast("float64")).clip(upper=1.0)
    hops = ibis.ifelse(c.b2.isnull(), 1, 2)
    chance = (ni * no - 1).cast("float64") * per_hop.pow(hops) * p["chance_weight"]
    return c.mutate(n_in=ni, n_out=no, chance_pairs=chance).drop("span_months")


def _pass_through(cand: ir.Table, r: ir.Table, p: dict[str, Any]) -> ir.Table:
    """Per intermediary: its rising inflows (`hub_in`), how many of them flow on in step to
    some destination (`hub_through`: one-hop links within the lag window at a plausible onward
    share), of how many headings and origins those are (`hub_headings`, `hub_origins`), and
    how many would by chance (`hub_chance`).

    A re-export hub passes a steady share of whatever it takes in on to its customers, across
    many codes and partners; an intermediary that relays one scheme passes one. A large
    economy sees many births of every heading, some of which meet by chance: the chance count
    is measured in the data, as the inflows that meet a rising outflow of their heading at a
    plausible share in placebo windows as wide as the real one but months off it (outflows
    rising 5 to 10 months before the inflow, or 9 to 14 after), the two averaged."""
    one = cand.filter(cand.b2.isnull() & cand.in_window)
    through = one.select(hb=one.b1, ha=one.a, hh=one.h_in, hs=one.start).distinct()
    n = through.group_by("hb").agg(
        hub_through=through.count(),
        hub_headings=through.hh.nunique(),
        hub_origins=through.ha.nunique(),
    )
    i = r.select("src", "dst", "h4", "break_period", "usd_after")
    o = r.select(o_src="src", o_dst="dst", o_h4="h4", o_break="break_period", o_after="usd_after")
    pl = i.join(o, [i.dst == o.o_src, i.h4 == o.o_h4, i.src != o.o_dst])
    lag = _months_between(pl.break_period, pl.o_break)
    share = pl.o_after / pl.usd_after
    w = p["max_lag_months"] + 2  # the real window: lags -1 .. max_lag_months + 1
    placebo = ((lag >= -w - 4) & (lag <= -5)) | ((lag >= 9) & (lag <= 8 + w))
    pl = pl.filter(placebo & (share >= p["min_onward_share"]) & (share <= p["max_onward_share"]))
    met = pl.select(hb=pl.dst, ha=pl.src, hh=pl.h4, hs=pl.break_period).distinct()
    chance = met.group_by("hb").agg(hub_chance=met.count() / 2.0)
    rin = r.group_by(hb="dst").agg(hub_in=r.count())
    j = rin.left_join(n, "hb").drop("hb_right").left_join(chance, "hb").drop("hb_right")
    j = j.select(
        "hb",
        "hub_in",
        hub_chance=j.hub_chance.fill_null(0.0),
        hub_through=j.hub_through.fill_null(0),
        hub_headings=j.hub_headings.fill_null(0),
        hub_origins=j.hub_origins.fill_null(0),
    )
    # Beyond chance, leaving out the chain's own inflow ((through − 1 − chance) / (in − 1)):
    # an intermediary that relays one scheme and nothing else is no hub.
    excess = (j.hub_through - 1 - j.hub_chance).clip(lower=0.0)
    rate = ibis.ifelse(j.hub_in > 1, excess / (j.hub_in - 1).cast("float64"), 0.0)
    lo, full = p["hub_min_rate"], p["hub_pass_rate"]
    level = ((rate - lo) / (full - lo)).clip(lower=0.0, upper=1.0)
    level = ibis.ifelse(j.hub_headings >= p["hub_min_headings"], level, 0.0)
    return j.mutate(hub_rate=rate, hub_level=level)


def _through_hub(cand: ir.Table, hubs: ir.Table, series: ir.Table, p: dict[str, Any]) -> ir.Table:
    """+ hub (the chain's intermediary that passes goods on most as a rule), its figures
    (`_pass_through`), hub_strength, marked_by, direct_before, direct_after.

    A chain through a re-export hub is its ordinary re-export unless something marks it:
    controlled or listed goods (a code weight above ordinary goods'; a cover code's heading
    passed on as itself is civilian goods a hub re-exports), a cover code on a leg
    (inflow and outflow headings differ), or deflection (the origin's own flows of the
    heading to the destination fell by half or more over the 12 months from the outflow's
    rise, against the 12 before). `hub_strength` is the hub's level where nothing marks it."""
    figures = [x for x in hubs.columns if x != "hb"]
    h1 = hubs.rename(**{f"{x}_1": x for x in figures})
    h2 = hubs.rename(hb2="hb", **{f"{x}_2": x for x in figures})
    c = cand.left_join(h1, cand.b1 == h1.hb).drop("hb")
    c = c.left_join(h2, c.b2 == h2.hb2).drop("hb2")
    second = c.b2.notnull() & (c.hub_level_2.fill_null(0.0) > c.hub_level_1.fill_null(0.0))
    c = c.mutate(
        hub=ibis.ifelse(second, c.b2, c.b1),
        **{x: ibis.ifelse(second, c[f"{x}_2"], c[f"{x}_1"]) for x in figures},
    ).drop(*[f"{x}_{n}" for x in figures for n in (1, 2)])
    # The origin's direct flows of the outflow's heading to the destination, around its rise.
    sd = series.rename(d_src="src", d_dst="dst", d_h4="h4", d_p="period", d_v="value")
    keys = ["a", "b1", "b2", "c", "h_in", "h_out", "start"]
    one = c.select(*keys, "out_start").distinct()
    jd = one.join(sd, [one.a == sd.d_src, one.c == sd.d_dst, one.h_out == sd.d_h4])
    pre = (jd.d_p < jd.out_start) & (jd.d_p >= jd.out_start - ibis.interval(months=12))
    post = (jd.d_p >= jd.out_start) & (jd.d_p < jd.out_start + ibis.interval(months=12))
    direct = jd.group_by(keys).agg(
        direct_before=jd.d_v.sum(where=pre).fill_null(0.0),
        direct_after=jd.d_v.sum(where=post).fill_null(0.0),
    )
    c = c.left_join(direct, _same(c, direct, keys))
    c = c.select(*[x for x in c.columns if not x.endswith("_right")])
    before = c.direct_before.fill_null(0.0)
    after = c.direct_after.fill_null(0.0)
    deflected = (before >= p["floor_usd"] * 12) & (after <= 0.5 * before)
    # Controlled or listed goods; not a cover code's heading passed on as itself (civilian
    # goods a hub re-exports as its ordinary trade: A3_s0's car parts IDN -> BEL -> HUN, 0.64).
    marked_by = ibis.cases(
        ((c.weight > fl.ORDINARY_WEIGHT) & (c.category != "cover"), "goods"),
        (c.h_in != c.h_out, "cover"),
        (deflected, "deflection"),
        else_=ibis.null("str"),
    )
    level = c.hub_level.fill_null(0.0)
    return c.mutate(
        direct_before=before,
        direct_after=after,
        marked_by=marked_by,
        hub_rate=c.hub_rate.fill_null(0.0),
        hub_strength=ibis.ifelse(marked_by.isnull(), level, 0.0),
    )


def _same_goods(ws: ScanContext, cand: ir.Table, p: dict[str, Any]) -> ir.Table:
    """+ six_in_usd, six_out_usd, six_shared (share of value under six-digit codes the legs have
    in common), in_top_hs6, out_top_hs6, f_goods.

    Goods passed on in the same state keep their six-digit code; a chain of one heading whose
    inflow and outflow sit under different six-digit codes (e.g. 880692 in, 880693 out) is
    weaker evidence, though not none: national classifications differ. Each leg is read over
    the 12 months from its own rise, both sides' reports summed (imports at FOB); the legs
    share sum(min(share in, share out)) of their value over the codes. Where a leg has no
    six-digit report, or the headings differ (a cover code), the factor is 1."""
    keys = ["a", "b1", "b2", "c", "h_in", "h_out", "start"]
    one = cand.filter(cand.h_in == cand.h_out).select(*keys, "last_b", "out_start").distinct()
    one = one.pipe(stage)
    # The chains' legs only, cut before anything is computed per row: read whole, every
    # route's six-digit flows went through two range joins (2.7 operator-seconds at 9 M rows).
    lk = one.select(src=one.a, dst=one.b1, h4=one.h_in).union(
        one.select(src=one.last_b, dst=one.c, h4=one.h_out)
    )
    lk = lk.distinct().pipe(stage)
    f = fl.between_countries(ws, fl.monthly_flows(ws))
    f = f.filter(f.code.length() == 6)
    out = f.filter(f.flow.isin(fl.EXPORTS))
    out = out.semi_join(lk, [out.reporter == lk.src, out.partner == lk.dst])
    inn = f.filter(f.flow == "import")
    inn = inn.semi_join(lk, [inn.partner == lk.src, inn.reporter == lk.dst])
    six = out.select(
        s_src=out.reporter, s_dst=out.partner, s_code=out.code, s_p=out.period, s_v=out.value,
    ).union(
        inn.select(
            s_src=inn.partner, s_dst=inn.reporter, s_code=inn.code, s_p=inn.period,
            s_v=inn.value / CIF_MARKUP,
        )
    )  # fmt: skip
    six = six.mutate(s_h4=ws.encode(six.s_code.substr(0, 4), "hs4"))
    six = six.semi_join(lk, [six.s_src == lk.src, six.s_dst == lk.dst, six.s_h4 == lk.h4])
    six = six.pipe(stage)
    year = ibis.interval(months=12)

    def leg(src: str, dst: str, h: str, begin: str, side: str) -> ir.Table:
        j = one.join(
            six,
            [
                one[src] == six.s_src,
                one[dst] == six.s_dst,
                one[h] == six.s_h4,
                six.s_p >= one[begin],
                six.s_p < one[begin] + year,
            ],
        )
        g = j.group_by([*keys, "s_code"]).agg(v=j.s_v.sum())
        return g.select(
            *keys,
            "s_code",
            v_in=g.v if side == "in" else ibis.literal(0.0),
            v_out=g.v if side == "out" else ibis.literal(0.0),
        )

    both = leg("a", "b1", "h_in", "start", "in").union(
        leg("last_b", "c", "h_out", "out_start", "out")
    )
    per = both.group_by([*keys, "s_code"]).agg(v_in=both.v_in.sum(), v_out=both.v_out.sum())
    tot = per.group_by(keys).agg(
        six_in_usd=per.v_in.sum(),
        six_out_usd=per.v_out.sum(),
        in_top_hs6=per.s_code.cast("string").argmax(per.v_in),
        out_top_hs6=per.s_code.cast("string").argmax(per.v_out),
    )
    per = per.join(tot, _same(per, tot, keys))
    shared = ibis.least(
        per.v_in / ibis.ifelse(per.six_in_usd > 0, per.six_in_usd, ibis.null("float64")),
        per.v_out / ibis.ifelse(per.six_out_usd > 0, per.six_out_usd, ibis.null("float64")),
    )
    per = per.mutate(_shared=shared.fill_null(0.0))
    sh = per.group_by(keys).agg(
        six_shared=per._shared.sum(),
        six_in_usd=per.six_in_usd.max(),
        six_out_usd=per.six_out_usd.max(),
        in_top_hs6=per.in_top_hs6.max(),
        out_top_hs6=per.out_top_hs6.max(),
    )
    c = cand.left_join(sh, _same(cand, sh, keys))
    c = c.select(*[x for x in c.columns if not x.endswith("_right")])
    read = (c.six_in_usd.fill_null(0.0) > 0) & (c.six_out_usd.fill_null(0.0) > 0)
    shared_v = c.six_shared.fill_null(0.0).clip(0.0, 1.0)
    floor = p["other_goods_factor"]
    return c.mutate(
        six_in_usd=c.six_in_usd.fill_null(0.0),
        six_out_usd=c.six_out_usd.fill_null(0.0),
        six_shared=ibis.ifelse(read, shared_v, ibis.null("float64")),
        f_goods=ibis.ifelse(read, floor + (1.0 - floor) * shared_v, 1.0),
    )


def _hub_sentence(r: dict[Any, Any]) -> str:
    """Words for the re-export hub factor."""
    hub = r["hub"]
    seen = (
        f"{int(r['hub_through'] or 0)} of the {int(r['hub_in'] or 0)} rising inflows into {hub}"
        f" flow on in step ({int(r['hub_headings'] or 0)} heading(s),"
        f" {int(r['hub_origins'] or 0)} origin(s)), {float(r['hub_chance'] or 0):.1f} of them by"
        f" chance: {float(r['hub_rate']):.0%} beyond chance, this one left out"
    )
    mark = r.get("marked_by")
    why = {
        "goods": "but the goods are controlled or listed, which a hub's ordinary trade does not"
        " explain",
        "cover": f"but the inflow's heading ({r['h_in']}) may cover the outflow's"
        f" ({r['h_out']}), which a hub's ordinary trade does not explain",
        "deflection": f"but {r['a']}'s own flows to {r['c']} fell from"
        f" {float(r['direct_before']) / 1e6:,.2f} to {float(r['direct_after']) / 1e6:,.2f} M USD"
        " over the 12 months around the rise (deflection), which a hub's ordinary trade does"
        " not explain",
    }
    level = r["hub_level"]
    if pd.isna(level) or float(level) == 0.0:
        return f"{seen}: no re-export hub"
    if isinstance(mark, str):
        return f"{seen}: a re-export hub, {why[mark]}"
    return f"{seen}: a re-export hub, and this chain its ordinary re-export"


def _goods_sentence(r: dict[Any, Any]) -> str:
    """Words for the same-goods factor."""
    if r["h_in"] != r["h_out"]:
        return "the legs are of different headings (a cover code), not compared at six digits"
    shared = r.get("six_shared")
    if shared is None or pd.isna(shared):
        return "a leg has no six-digit report, so its goods are not compared (1)"
    if float(shared) >= 0.999:
        return f"both legs carry the same six-digit code(s) (leading {r['in_top_hs6']})"
    if float(shared) >= 0.9:
        return (
            f"{float(shared):.0%} of the legs' value lies under six-digit codes they share"
            f" (leading {r['in_top_hs6']} in, {r['out_top_hs6']} on)"
        )
    return (
        f"{float(shared):.0%} of the legs' value lies under six-digit codes they share (inflow"
        f" mostly {r['in_top_hs6']}, outflow mostly {r['out_top_hs6']}): goods passed on keep"
        " their code, though national classifications may differ"
    )


def _unlisted_legs(cand: ir.Table, p: dict[str, Any]) -> ir.BooleanValue:
    """A heading that holds listed items (8536 and its CHPL switches 853669, 853690) whose legs
    both carry mostly an unlisted six-digit code (853650): ordinary goods."""
    within = "," + cand.listed_within.fill_null("") + ","

    def unlisted(code: ir.StringValue) -> ir.BooleanValue:
        return code.notnull() & ~within.contains("," + code.fill_null("") + ",")

    return (
        (p["unlisted_legs_are_ordinary"] > 0)
        & cand.category.startswith("contains_")
        & unlisted(cand.in_top_hs6)
        & unlisted(cand.out_top_hs6)
    ).fill_null(False)


def _plain_sentence(r: dict[Any, Any]) -> str:
    """Words for the factor of ordinary goods that nothing marks."""
    category = str(r["category"])
    if category == "cover":
        return "the heading is a cover code's (civilian goods that may hide controlled ones)"
    if category.startswith("contains_") and float(r["f_plain"]) < 1.0:
        listed = category.removeprefix("contains_").replace("_", " ")
        return (
            f"the heading holds listed items ({listed}: {r['listed_within']}), but both legs"
            f" carry mostly {r['in_top_hs6']}"
            + ("" if r["out_top_hs6"] == r["in_top_hs6"] else f" and {r['out_top_hs6']}")
            + ", not listed: ordinary goods that "
            + (
                "only a deflection marks, a shock's ordinary reroute"
                if r.get("marked_by") == "deflection"
                else "nothing marks"
            )
            + ", which alone stay below 0.5"
        )
    if category.startswith("contains_"):
        listed = category.removeprefix("contains_").replace("_", " ")
        return f"the heading holds listed items ({listed}), not only ordinary goods"
    if category != "ordinary":
        return f"the goods are listed ({category.replace('_', ' ')}), not ordinary trade"
    mark = r.get("marked_by")
    if mark == "cover":
        return f"ordinary goods, but the inflow's heading ({r['h_in']}) may cover the outflow's"
    if mark == "deflection" and float(r["f_plain"]) < 1.0:
        return (
            f"ordinary goods, and only a deflection marks the chain ({r['a']}'s own flows to"
            f" {r['c']} fell by half or more as it rose): ordinary goods reroute through a"
            " third country when their destination's trade is cut, which alone stays below 0.5"
        )
    if mark == "deflection":
        return (
            f"ordinary goods, but {r['a']}'s own flows to {r['c']} fell by half or more as the"
            " chain rose (deflection)"
        )
    return (
        "ordinary goods, and nothing marks the chain (no cover code on a leg, no deflection):"
        " two ordinary route births that meet at a third country, which alone stay below 0.5"
    )


def _less_top(r: dict[Any, Any]) -> str:
    """Words for the other destination left out of the hub's growth, if one rose."""
    top = r.get("top_dst")
    if not isinstance(top, str):
        return ""
    return f" (less {top}, the one that rose most: one route's rise is not the hub's growth)"


def _factors(r: dict[Any, Any]) -> list[dict[str, Any]]:
    """The score's factors (it is their product), each with a sentence."""
    corr = r["corr"]
    corr_words = (
        "no month-by-month correlation (too few months in common)"
        if pd.isna(corr)
        else (f"inflow and outflow correlate at {float(corr):.2f} month by month")
    )
    items = [
        ("code_weight", r["weight"], f"the heading is {str(r['category']).replace('_', ' ')}"),
        ("onward_share_near_one", r["f_share"],
         f"{float(r['onward_share']):.0%} of the inflow flows on (in full from 100% to"
         f" {float(r['markup']):.0%}: goods carried on at a higher unit value; a fourfold gap"
         " beyond either scores 0)"),
        ("moves_with_inflow", r["f_corr"], corr_words),
        ("not_the_hubs_own_growth", r["f_did"],
         f"the intermediary's exports to its other destinations{_less_top(r)} changed"
         f" {2 ** float(r['others_jump']):,.1f}-fold over the same months"),
        ("lag_in_window", r["f_lag"], "the best lag lies within the window (else 0.8)"),
        ("rise_lasts", r["f_dur"],
         f"{int(r['out_months'])} month(s) of onward flow ({FULL_MONTHS:.0f} count in full)"),
        ("chain_is_rare", r["f_rare"],
         f"{int(r['n_in'])} rising inflow(s) of HS {r['h_in']} into {r['b1']} and"
         f" {int(r['n_out'])} rising outflow(s) of HS {r['h_out']} from"
         f" {r['b2'] if isinstance(r['b2'], str) else r['b1']} in this data: about"
         f" {float(r['chance_pairs']):.2f} other pair(s) would fall this close by chance"
         " (1 / (1 + that))"),
        ("not_a_hubs_ordinary_re_export", r["f_hub"], _hub_sentence(r)),
        ("same_goods_on_both_legs", r["f_goods"], _goods_sentence(r)),
        ("marked_beyond_ordinary_trade", r["f_plain"], _plain_sentence(r)),
        ("inflow_not_carried_on_elsewhere", r["f_left"], _left_sentence(r)),
        ("not_the_intermediarys_own_goods", r["f_made"], _maker_sentence(r)),
        ("legs_are_new_routes", r["f_new"], _new_sentence(r)),
    ]  # fmt: skip
    return [
        {"name": n, "value": round(float(v), 4), "weight": 1.0, "sentence": w} for n, v, w in items
    ]


def _new_sentence(r: dict[Any, Any]) -> str:
    """Why `legs_are_new_routes` is what it is."""
    last = r["b2"] if isinstance(r["b2"], str) else r["b1"]
    said = []
    for leg, src, dst in (("in", r["a"], r["b1"]), ("out", last, r["c"])):
        q = r.get(f"{leg}_ran_ratio")
        if q is None or pd.isna(q):
            continue
        size = f"{1 / float(q):.0%} of its size after it" if float(q) > 1 else "its size after it"
        said.append(
            f"{src} -> {dst} ran in {float(r[f'{leg}_ran_before']):.0%} of the months before its"
            f" rise, at {size} in the months it ran"
            + (
                ": small trade before a real rise"
                if float(r[f"f_new_{leg}"]) >= 1.0
                else ": a route that runs more often, not a new one"
            )
        )
    if not said:
        return "neither leg ran before its rise: routes that did not exist start"
    return (
        "; ".join(said)
        + " (least where a leg ran at its later size, 1 from a rise of min_ratio times it)"
    )


def _maker_sentence(r: dict[Any, Any]) -> str:
    """Why `not_the_intermediarys_own_goods` is what it is."""
    last = r["b2"] if isinstance(r["b2"], str) else r["b1"]
    if r["h_in"] == r["h_out"]:
        return "one heading on both legs (read for chains whose headings differ)"
    made = float(r["own_made"] or 0.0)
    if made <= 0:
        return (
            f"{last} exported no HS {r['h_out']} to its other destinations{_less_top(r)} in the"
            " 12 months before the outflow rose: goods it did not ship before"
        )
    much = (
        "a year of this outflow or more" if made >= 1 else f"{made:.0%} of a year of this outflow"
    )
    return (
        f"{last} exported HS {r['h_out']} to its other destinations{_less_top(r)} in the 12"
        f" months before the outflow rose, {much}: a new customer for goods of its own may"
        " explain the outflow without the inflow under another code"
    )


def _left_sentence(r: dict[Any, Any]) -> str:
    """Why `inflow_not_carried_on_elsewhere` is what it is."""
    taken = float(r["inflow_taken_usd"])
    if taken <= 0:
        return "no chain ranked above it carries the same inflow on"
    left = float(r["in_after"]) - taken
    return (
        f"the same inflow's chains ranked above it carry {taken / 1e6:,.2f} M USD a month of"
        " it on, "
        + (
            f"leaving {left / 1e6:,.2f} M USD, of which this outflow is"
            f" {float(r['out_after']) / left:.0%} (one inflow is carried on once)"
            if left > 0
            else "all of it (one inflow is carried on once)"
        )
    )


def _maybe(v: Any) -> float | None:
    """A figure rounded to three places, or None."""
    return None if v is None or pd.isna(v) else round(float(v), 3)


def to_alerts(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of the alert contract, with the chain's legs, lag and score factors."""
    rows = []
    for r in df.to_dict("records"):
        b2 = r["b2"] if isinstance(r["b2"], str) else None
        route = " → ".join(x for x in (r["a"], r["b1"], b2, r["c"]) if x)
        start = pd.Timestamp(r["start"]).date()
        end = pd.Timestamp(r["end"]).date() if "end" in r and r["end"] is not None else start
        corr = r["corr"]
        lag = int(r["lag"])
        in_window = bool(r.get("in_window", True))
        if not in_window:
            # Matched by co-movement: the lag is the one at which the legs move together.
            gap, lag = lag, int(r["corr_lag"])
        # The lag is never negative: an outflow whose break is dated a month before the
        # inflow's (booking slack) rose in the same month as far as the data can tell.
        when = f"{lag} month(s) later" if lag > 0 else "in the same month"
        if not in_window:
            when += (
                f" (the two move together month by month, correlation {float(corr):.2f},"
                f" though their rises are dated {abs(gap)} months apart)"
            )
        summary = (
            f"Flows of HS {r['h_in']} from {r['a']} into {r['b1']} rose from {start:%Y-%m} to"
            f" {r['in_after'] / 1e6:,.2f} M USD a month and, {when},"
            f" {(b2 or r['b1'])}'s flows of HS {r['h_out']} to {r['c']} rose to"
            f" {r['out_after'] / 1e6:,.2f} M USD a month ({r['onward_share']:.0%} of the inflow;"
            f" route {route})."
        )
        evidence = {
            "route": [x for x in (r["a"], r["b1"], b2, r["c"]) if x],
            "inflow_heading": r["h_in"],
            "outflow_heading": r["h_out"],
            "inflow_break": f"{start:%Y-%m}",
            "outflow_break": f"{pd.Timestamp(r['out_start']):%Y-%m}",
            "lag_months": max(0, lag),
            "outflow_break_before_inflow_months": max(0, -lag),
            "matched_by": "rises in step" if in_window else "co-movement",
            "inflow_usd_per_month_after": round(float(r["in_after"]), 2),
            "outflow_usd_per_month_after": round(float(r["out_after"]), 2),
            "onward_share": round(float(r["onward_share"]), 3),
            "inflow_carried_on_by_higher_chains_usd": round(float(r["inflow_taken_usd"]), 2),
            "monthly_correlation": None if pd.isna(corr) else round(float(corr), 3),
            "best_correlation_lag_months": None if pd.isna(r["corr_lag"]) else int(r["corr_lag"]),
            "intermediary_other_exports_12m_before": round(float(r["others_before"] or 0.0), 2),
            "intermediary_other_exports_12m_after": round(float(r["others_after"] or 0.0), 2),
            "other_destination_left_out": r["top_dst"] if isinstance(r["top_dst"], str) else None,
            "other_destinations_jump_log2": round(float(r["others_jump"]), 2),
            "rising_inflows_at_hub": int(r["n_in"]),
            "rising_outflows_at_hub": int(r["n_out"]),
            "expected_chance_pairs": round(float(r["chance_pairs"]), 3),
            "code_category": r["category"],
            "re_export_hub_measured": r["hub"],
            "intermediary_rising_inflows": int(r["hub_in"] or 0),
            "intermediary_inflows_flowing_on": int(r["hub_through"] or 0),
            "intermediary_inflows_flowing_on_by_chance": round(float(r["hub_chance"] or 0.0), 2),
            "intermediary_pass_through_rate": round(float(r["hub_rate"]), 3),
            "marked_beyond_re_export": r["marked_by"] if isinstance(r["marked_by"], str) else None,
            "origin_direct_12m_before": round(float(r["direct_before"]), 2),
            "origin_direct_12m_after": round(float(r["direct_after"]), 2),
            "six_digit_value_shared": None
            if pd.isna(r["six_shared"])
            else round(float(r["six_shared"]), 3),
            "inflow_leading_hs6": r["in_top_hs6"] if isinstance(r["in_top_hs6"], str) else None,
            "outflow_leading_hs6": r["out_top_hs6"] if isinstance(r["out_top_hs6"], str) else None,
            "inflow_ran_before_share": _maybe(r.get("in_ran_before")),
            "inflow_rise_over_level_when_running_before": _maybe(r.get("in_ran_ratio")),
            "outflow_ran_before_share": _maybe(r.get("out_ran_before")),
            "outflow_rise_over_level_when_running_before": _maybe(r.get("out_ran_ratio")),
            "score_factors": _factors(r),
            "scoring_version": SCORING_VERSION,
            "inflow_series": r.get("inflow_series"),
            "outflow_series": r.get("outflow_series"),
        }
        rows.append(
            alert_row(
                NAME,
                (r["a"], r["b1"], b2, r["c"], r["h_in"], r["h_out"], start),
                score=r["score"],
                origin=r["a"],
                via=r["b1"],
                destination=r["c"],
                hs_code=r["h_out"],
                declared_hs_code=r["h_in"] if r["h_in"] != r["h_out"] else None,
                period_start=start,
                period_end=end,
                summary=summary,
                evidence=evidence,
            )
        )
    return pd.DataFrame(rows, columns=list(ALERTS))


def detect(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """The detector's run: each chain as an alert, with its legs' monthly series."""
    parts = legs(ws)
    c = candidates(ws, p, parts)
    df = fetch(c)
    if len(df):
        series, _ = parts
        need = pd.concat(
            [
                df[["a", "b1", "h_in"]].set_axis(LEG, axis=1),
                df.assign(lb=df["b2"].fillna(df["b1"]))[["lb", "c", "h_out"]].set_axis(LEG, axis=1),
            ]
        ).drop_duplicates()
        keys = fl.keys_table(ws, need, {"src": "country", "dst": "country", "h4": "hs4"})
        s = fetch(series.join(keys, LEG).select(*LEG, "period", "value"))
        js = fl.series_json(s, LEG)
        last = s.groupby(LEG, as_index=False)["period"].max()
        df["lb"] = df["b2"].fillna(df["b1"])
        df = df.merge(
            js.set_axis(["a", "b1", "h_in", "inflow_series"], axis=1),
            on=["a", "b1", "h_in"],
            how="left",
        )
        df = df.merge(
            js.set_axis(["lb", "c", "h_out", "outflow_series"], axis=1),
            on=["lb", "c", "h_out"],
            how="left",
        )
        df = df.merge(
            last.set_axis(["lb", "c", "h_out", "end"], axis=1), on=["lb", "c", "h_out"], how="left"
        )
    return ibis.memtable(to_alerts(df))


DETECTOR = register(
    Detector(
        source="statistics",
        words="inflow and onward flow rise together",
        sides="route",
        name=NAME,
        description="inflows into an intermediary that flow on to a destination in step",
        reads=("trade_flows", "ref_cover_codes", "ref_control_list", "ref_countries"),
        trade=TradeInputs(
            levels=(4, 6),
            why_not=(
                (
                    "2",
                    "a leg is a heading, and a chapter mixes headings whose flows onward do"
                    " not follow one another",
                ),
                ("A", "legs that rise in step need monthly series"),
            ),
        ),
        run=detect,
        parameters=(
            Parameter("max_lag_months", 3, "months between the inflow's rise and the outflow's"),
            Parameter(
                "max_break_gap_months",
                18,
                "rises dated this many months apart still match where the legs move together",
            ),
            Parameter(
                "min_comovement",
                0.7,
                "month-by-month correlation (at a lag of 0 to max_lag_months + 1) that matches"
                " legs whose rises are dated apart",
            ),
            Parameter(
                "min_comovement_months", 6, "months in common for such a correlation to count"
            ),
            Parameter(
                "max_ahead_level",
                0.5,
                "a co-movement match whose outflow rose first is no chain where the outflow"
                " already ran at this share of its later level before the inflow's rise,"
                " carrying more than max_onward_share times the inflow in those months",
            ),
            *fl.rise_parameters(min_t=3.0, min_months_after=3),
            Parameter(
                "min_value_usd_controlled",
                50_000.0,
                "mean monthly value after the break for a leg of munitions-list goods (a heading"
                " listed whole at controlled_leg_min_weight or more), in place of min_value_usd",
            ),
            Parameter(
                "controlled_leg_min_weight",
                0.9,
                "control-list weight from which a whole heading's legs take"
                " min_value_usd_controlled (arms 9301 and 9305, ammunition, 3601-3603, 8710)",
            ),
            Parameter(
                "min_episode_months",
                6,
                "months a leg's rise that later fell back must run (an episode on a route with"
                " sporadic trade before and after it; a lumpy order runs fewer)",
            ),
            Parameter(
                "onward_markup",
                1.25,
                "an outflow worth up to this many times its inflow carries it on in full (a"
                " higher unit value onward); the factor falls beyond it and below the inflow",
            ),
            Parameter("min_onward_share", 0.3, "outflow over inflow, lowest"),
            Parameter("max_onward_share", 2.5, "outflow over inflow, highest"),
            Parameter("min_score", 0.05, "candidates scoring below are not reported"),
            Parameter(
                "chance_weight",
                1.0,
                "multiplies the expected number of unrelated pairs of rises at the chain's"
                " hub that fall as close by chance (rarity factor 1 / (1 + that); 0: off)",
            ),
            Parameter(
                "hub_min_rate",
                0.05,
                "share of an intermediary's other rising inflows that flow on in step beyond"
                " chance below which it is no re-export hub",
            ),
            Parameter(
                "hub_pass_rate",
                0.12,
                "that share at which it counts in full as a re-export hub",
            ),
            Parameter(
                "hub_min_headings", 5, "headings it must pass on to count as a re-export hub"
            ),
            Parameter(
                "hub_discount",
                0.5,
                "score taken off an unmarked chain through a full re-export hub (its ordinary"
                " re-export; 0: off)",
            ),
            Parameter(
                "unmarked_ordinary_factor",
                0.65,
                "score factor for a chain of ordinary goods (no control-list, CHPL or cover"
                " heading) that nothing marks: no cover code on a leg, no deflection (1: off)",
            ),
            Parameter(
                "unlisted_legs_are_ordinary",
                1,
                "1: a chain in a heading that holds listed items, whose legs both carry mostly"
                " an unlisted six-digit code, is of ordinary goods (0: off)",
            ),
            Parameter(
                "deflected_ordinary_factor",
                0.65,
                "score factor for a chain of ordinary goods marked by deflection alone (the"
                " origin's direct flows fell as the chain rose): a shock's ordinary reroute"
                " (1: deflection marks it in full)",
            ),
            Parameter(
                "own_goods_discount",
                0.35,
                "a chain whose headings differ loses this share of its score where its last"
                " intermediary exported the outflow's heading to its other destinations in the 12"
                " months before, a year of the outflow or more (less in proportion; 0: off)",
            ),
            Parameter(
                "standing_leg_factor",
                0.6,
                "score factor for a chain whose leg ran before its rise, in the months it ran,"
                " at its later size or more (an intermittent route that runs more often, not a"
                " new one); 1 where its later size is min_ratio times that or more (1: off)",
            ),
            Parameter(
                "other_goods_factor",
                0.6,
                "score factor for a chain of one heading whose legs share none of their"
                " six-digit codes' value (1 where they share all of it; in between, linear)",
            ),
        ),
    )
)
