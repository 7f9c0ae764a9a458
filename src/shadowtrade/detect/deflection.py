"""`deflection`: an exporter's flows of a code to a destination collapse while its flows of the
same code to that destination's neighbours rise in the same months, beyond their own trend.

This is the signature the sanctions-evasion studies read in trade statistics: after 2022-03 EU
exports of export-ban codes to Russia fall, and the same exporters' exports of the same codes to
Armenia, Kyrgyzstan, Kazakhstan and Georgia jump. A rise alone is a route birth (route_break);
a fall alone is a sanctions shock. Together, on one exporter and one code, they say the trade
moved next door.

1. **Shocks.** A destination is shocked in the month `t` where the mean monthly inflow of all
   exports to it in the data (every reporter, every code) over the `window_months` after `t`
   is lowest against the `window_months` before; it counts where that ratio is at most
   `1 − min_destination_fall`, and a shock is common to the exporters: at least
   `min_exporters`, and `min_exporter_share` of those that sent anything, lost as much (one
   line's death is no shock). The totals are those of the reporters that reported in every
   month (one that starts or stops reporting would make a shock of its own silence); each
   exporter's means are over its own reported months (missing is not zero).
2. **Neighbours** of a shocked destination: the countries within `border_hops` land borders of
   it (shipped `country_geo.csv`), plus `extra_neighbours`; never the exporter itself.
3. **Each exporter, code and neighbour** (a triple): the code's mean monthly exports to the
   destination before and after `t` must fall by `min_fall` or more, and its exports to the
   neighbour must rise by `min_rise_usd` a month or more and by `min_ratio`-fold or more
   *beyond the trend* — difference in differences: the log rise less the largest of (a) the
   same code's rise to the exporter's other destinations (outside the shocked destination's
   neighbourhood, where the data has them), (b) the neighbour series' own growth within the
   year before `t`, projected over the gap between the windows, and (c) zero.

**Score (scoring_version deflection/1).** One coincidence is ordinary: routes are born and die
every month, and a shock kills many at once, so somewhere next door a route of the same code
will be born in the same months. What the sanctions studies describe is a pattern: the same
exporter moving many of its codes to the same neighbour, or several exporters moving the same
code there. So the score is `(max_score + breadth_bonus × broad) × strength`, where strength is
the weighted mean of named factors in `score_factors` (weights are parameters):
`destination_collapsed` (the share of the code's flow to the destination lost),
`rise_beyond_trend` (the excess log2 rise, 16-fold beyond trend counting in full),
`rise_persists` (the share of the months after in which the neighbour's flow ran; it must run in
`min_months_flowing` at least: one shipment is no route) and `absorbs_lost_flow` (the
neighbour's added flow as a share of the flow the destination lost);
and `broad` is the factor `pattern_is_broad`: the larger of (codes the exporter moved to the
same neighbour − `coincident_codes`) / (`full_codes` − `coincident_codes`) — a large exporter
sees two or three coincidences after a shock by chance — and (other exporters that moved this
code there) / (`full_exporters` − 1), between 0 and 1. With `max_score` 0.45 a lone triple
stays below 0.5 however strong.

**Chance learnt from the data (deflection/2).** How many of an exporter's codes chance moves to
one partner after a shock depends on the exporter and the data: a large exporter in a world of
many route births sees more than three (the simulator's 4.5 M-row world: 15 alerts at 0.5 or
more, no deflection planted). So the number counted as chance is learnt per exporter and
shocked destination: the most of the same collapsed codes that rose as much, by the same test
(the rise beyond the series' own trend of the year before, `min_rise_usd`, `min_ratio`,
`min_months_flowing`), to any one of its *ordinary* partners (neither neighbours nor shocked) in
the same months, and never fewer than `coincident_codes`, which stays the floor
(`chance_codes_per_partner` in the evidence; the factor's sentence names it). The busiest
partner, not the mean: a large neighbour draws more births than the average partner (on the dev
worlds the mean, 0.1–0.3 codes per partner, lifted three benign triples to 0.5); and the floor:
with a floor of one code, the dev family's 4.6 M-row world gave one benign triple at 0.52 (two
codes to CHN where the busiest ordinary partner drew one). Codes beyond it count,
`full_codes − coincident_codes` of them in full. Where the exporter's
collapsed codes reach fewer than `min_control_partners` ordinary partners (the Eurostat
downloads hold only Russia and its neighbours) `coincident_codes` stays the chance.

**History and shape (deflection/3).** The two windows' means hide two ordinary stories. A
flow that ran at the same level before the year before (2020 at 5–12 M USD a month, nothing in
2021, back in 2022) resumed: it was not born. So the neighbour's mean over the
`history_months` before the year before (the exporter's reported months there, at least
`min_months_before` of them) is a second baseline: `rise_beyond_trend` counts the lesser of the
rise beyond the trend and the rise above that earlier level, and where the flow after is less
than `min_ratio` times it the summary says it resumed. And a mean rise made of one or two
deliveries is no monthly flow: `rise_persists` counts the months after that carried the rise
(the level before plus a quarter of the mean rise or more) on the same flow whose mean made
it, not the months in which anything ran, and where the largest two months hold
`max_burst_share` of the added flow or more the summary says so ("92% of it in 2022-04 and
2022-05"). Neither a resumption nor such a burst is a route that moved: `pattern_is_broad`
does not lift them (its sentence says why), so they score as a lone triple, below 0.5.
The windows are aggregated once, for the codes whose exports to a shocked destination
collapsed only (found first from the rows to the shocked destinations): the other codes cannot
deflect, and most export rows are theirs.

**One case per collapse (cases/grouping.py, cases/scoring.py).** An alert is one exporter,
code and neighbour; an analyst triages the collapse. The alerts of one exporter, one goods
heading (its HS6 subheadings and CN8 lines alike) and one destination that collapsed are one
route case (key `deflection|exporter|destination|heading`), whatever neighbours took the flow:
its `via` lists them strongest first ('KAZ,BLR'), its title names them ('LTU → KAZ + BLR →
RUS · HS 8903 …'), its summary says what was grouped (each neighbour with its best score, the
codes of the heading), and its page draws the collapsing flow beside every neighbour's. The
findings on the exporter's flow to each neighbour (a route_break there) are the case's legs.
The neighbours share one collapse, so they are not independent lines of evidence: the lines on
the strongest neighbour's leg count in full, those on each further neighbour's leg at
`neighbour_weight` (0.5) of their strength, in the discounted noisy-OR of docs/cases.md — one
neighbour at 0.85 gives 0.8 × 0.85 = 0.68, a second at 0.84 lifts it to 0.79. And the goods
weigh there: a deflection in a heading that holds Common High Priority List items
(`reference/data/chpl.csv`: 8471 computers, 8517 phones, 8542 circuits, 8482 bearings …) or
control-list items counts in full, one in other goods (yachts, cartons, textiles) at
`plain_goods_weight` (0.7, the weight the detectors give ordinary goods): with the same
evidence the high-priority goods rank first, and strong evidence on plain goods can still
outrank weak evidence on listed ones. Both are `cases.scoring.ScoringParams`; each weighed
line says its weights in the case's explanation. On the 19 Eurostat export-ban downloads
(1,284 deflection alerts, 581 at 0.5 or more) this gives 779 cases with a deflection, 185 at
0.5 or more (one case per neighbour and code heading gave 1,232 and 343); 143 of the 185 hold
two neighbours or more, and 6 of the top 20 are CHPL goods (1 before).

All steps are Ibis expressions over the shared monthly flows; the shock search reads one small
table (destination × month totals) in pandas.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from shadowtrade.detect import flows as fl
from shadowtrade.detect.alerts import alert_row
from shadowtrade.detect.registry import Detector, Parameter, TradeInputs, register
from shadowtrade.results import fetch
from shadowtrade.schema import ALERTS
from shadowtrade.staging import stage

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

NAME = "deflection"
SCORING_VERSION = "deflection/3"
TRIPLE = ["reporter", "code", "dest", "partner"]


def _month_index(d: ir.DateValue) -> ir.IntegerValue:
    return d.year() * 12 + d.month() - 1


def _from_index(i: int) -> pd.Timestamp:
    return pd.Timestamp(year=i // 12, month=i % 12 + 1, day=1)


def _exports(ws: ScanContext) -> ir.Table:
    f = fl.between_countries(ws, fl.monthly_flows(ws))
    f = f.filter(f.flow.isin(list(fl.EXPORTS)) & (f.value > 0))
    return f.select("reporter", "partner", "code", "period", "value", m=_month_index(f.period))


def steady_totals(f: ir.Table, cal: ir.Table) -> pd.DataFrame:
    """reporter, partner, m, value: all exports of each reporter to each partner per month, for
    the reporters that reported in every month of the data (a reporter that starts or stops
    reporting would make a shock of its own silence); all reporters where none did."""
    span = cal.agg(lo=cal.m.min(), hi=cal.m.max())
    n = cal.group_by("reporter").agg(n=cal.count()).cross_join(span)
    steady = n.filter(n.n == n.hi - n.lo + 1).select("reporter")
    g = f.group_by("reporter", "partner", "m").agg(value=f.value.sum())
    out = fetch(g.join(steady, "reporter"))
    if out.empty:
        out = fetch(g)
    for c in ("reporter", "partner"):
        out[c] = out[c].astype(str)
    return out


def shocks(totals: pd.DataFrame, p: Mapping[str, Any]) -> pd.DataFrame:
    """`totals` (reporter, partner, m: month index, value) → one row per shocked destination:
    dest, shock (month index), before, after (mean monthly inflow), ratio and exporters (how
    many fell). A shock is common to the exporters: at least `min_exporters`, and
    `min_exporter_share` of those that sent anything before, lost `min_destination_fall` of
    their flow, as did the total; one line's death is no shock. A month with no row counts as
    zero (the reporters kept are those that reported every month)."""
    cols = ["dest", "shock", "before", "after", "ratio", "exporters"]
    w, rows = int(p["window_months"]), []
    if totals.empty:
        return pd.DataFrame(columns=cols)
    lo, hi = int(totals["m"].min()), int(totals["m"].max())
    keep = 1.0 - float(p["min_destination_fall"])
    for dest, g in totals.groupby("partner", sort=True):
        # Reporters (sorted, as a pivot sorts them) by months, zero where no row: summed into
        # place from the rows' positions, not pivoted (a pivot per destination cost a second of
        # a 10 M-row scan).
        reps, ri = np.unique(g["reporter"].to_numpy(), return_inverse=True)
        arr = np.zeros((len(reps), hi - lo + 1))
        np.add.at(arr, (ri, g["m"].to_numpy(int) - lo), g["value"].to_numpy(float))
        best: dict[str, Any] | None = None
        for t in range(lo + int(p["min_months_before"]), hi - int(p["min_months_after"]) + 2):
            before = arr[:, max(0, t - w - lo) : t - lo].mean(axis=1)
            after = arr[:, t - lo : min(hi, t + w - 1) - lo + 1].mean(axis=1)
            total_b, total_a = float(before.sum()), float(after.sum())
            sent = before > 0
            fell = sent & (after <= keep * before)
            if total_b <= 0 or total_a > keep * total_b:
                continue
            if fell.sum() < int(p["min_exporters"]):
                continue
            if fell.sum() < float(p["min_exporter_share"]) * sent.sum():
                continue
            if best is None or total_a / total_b < best["ratio"]:
                best = {"dest": str(dest), "shock": t, "before": total_b, "after": total_a,
                        "ratio": total_a / total_b, "exporters": int(fell.sum())}  # fmt: skip
        if best is not None:
            rows.append(best)
    return pd.DataFrame(rows, columns=cols)


@cache
def _borders() -> dict[str, set[str]]:
    from shadowtrade.reference.loaders import DATA_DIR

    geo = pd.read_csv(DATA_DIR / "country_geo.csv", keep_default_na=False, na_values=[""])
    return {
        str(r.iso3): set(str(r.borders).split("|")) if isinstance(r.borders, str) else set()
        for r in geo.itertuples()
    }


def neighbours(dest: str, hops: int, extra: str = "") -> set[str]:
    """Countries within `hops` land borders of `dest`, and the `extra` ones (comma-separated)."""
    borders, seen, ring = _borders(), {dest}, {dest}
    for _ in range(hops):
        ring = {n for c in ring for n in borders.get(c, set())} - seen
        seen |= ring
    return (seen - {dest}) | {x.strip() for x in extra.split(",") if x.strip()}


def roles(shocked: pd.DataFrame, partners: list[str], p: Mapping[str, Any]) -> pd.DataFrame:
    """One row per (shocked destination, partner in the data): its role — 'destination',
    'neighbour', or 'control' (every other partner that is itself no shocked destination) —
    and the window bounds as month indexes (b0 ≤ before < shock ≤ after < a1; h = the middle
    of the before window)."""
    w, out = int(p["window_months"]), []
    shocked_set = set(shocked["dest"])
    for s in shocked.itertuples():
        near = neighbours(str(s.dest), int(p["border_hops"]), str(p["extra_neighbours"]))
        for partner in partners:
            if partner == s.dest:
                role = "destination"
            elif partner in shocked_set:
                continue  # shocked itself: no haven
            elif partner in near:
                role = "neighbour"
            else:
                role = "control"
            t = int(str(s.shock))
            out.append({"partner": partner, "dest": str(s.dest), "role": role, "shock": t,
                        "b0": t - w, "h": t - w // 2, "a1": t + w})  # fmt: skip
    return pd.DataFrame(out, columns=["partner", "dest", "role", "shock", "b0", "h", "a1"])


def candidates(ws: ScanContext, p: Mapping[str, Any]) -> tuple[ir.Table | None, pd.DataFrame]:
    """Flagged triples (exporter, code, destination, neighbour) with their window means, and
    the shocked destinations."""
    f = _exports(ws)
    cal = fl.reported_months(ws, between=True)
    cal = cal.filter(cal.flow.isin(list(fl.EXPORTS)))
    cal = cal.select("reporter", m=_month_index(cal.period)).distinct()
    totals = steady_totals(f, cal)
    shocked = shocks(totals, p)
    r = roles(shocked, sorted(set(totals["partner"])), p)
    if r.empty or not (r["role"] == "neighbour").any():
        return None, shocked
    rt = ibis.memtable(r)
    zero = ibis.literal(0.0)
    # Months each exporter reported exports in each window: means per observed month.
    win = ibis.memtable(r[["dest", "shock", "b0", "h", "a1"]].drop_duplicates())
    cw = cal.cross_join(win)
    months = cw.group_by("reporter", "dest").agg(
        mb=cw.count(where=(cw.m >= cw.b0) & (cw.m < cw.shock)),
        mh1=cw.count(where=(cw.m >= cw.b0) & (cw.m < cw.h)),
        mh2=cw.count(where=(cw.m >= cw.h) & (cw.m < cw.shock)),
        ma=cw.count(where=(cw.m >= cw.shock) & (cw.m < cw.a1)),
    )

    def windows(j: ir.Table) -> ir.Table:
        before = (j.m >= j.b0) & (j.m < j.shock)
        after = (j.m >= j.shock) & (j.m < j.a1)
        g = j.group_by("reporter", "code", "dest", "partner", "role", "shock").agg(
            before=j.value.sum(where=before).fill_null(zero),
            after=j.value.sum(where=after).fill_null(zero),
            h1=j.value.sum(where=before & (j.m < j.h)).fill_null(zero),
            h2=j.value.sum(where=before & (j.m >= j.h)).fill_null(zero),
            last=j.m.max(where=after),
            flowing=j.count(where=after),
        )
        g = g.join(months, ["reporter", "dest"])
        g = g.filter((g.mb >= p["min_months_before"]) & (g.ma >= p["min_months_after"]))
        return g.mutate(
            b=g.before / g.mb,
            a=g.after / g.ma,
            b1=g.h1 / ibis.greatest(g.mh1, 1),
            b2=g.h2 / ibis.greatest(g.mh2, 1),
        )

    # First the codes whose exports to a shocked destination collapsed (rows to the shocked
    # destinations only); then the windows of those codes alone to every other partner: the
    # other codes cannot deflect, and most export rows are theirs.
    dr = rt.filter(rt.role == "destination")
    d = windows(f.join(dr, "partner"))
    d = d.filter((d.b >= p["min_before_usd"]) & (d.a <= d.b * (1.0 - p["min_fall"])))
    d = d.select("reporter", "code", "dest", d_before="b", d_after="a").pipe(stage)
    lo, hi = int(r["b0"].min()), int(r["a1"].max())
    fc = f.filter((f.m >= lo) & (f.m < hi))
    fc = fc.semi_join(d.select("reporter", "code").distinct(), ["reporter", "code"])
    # Each collapsed (exporter, code, destination) with the destination's other partners,
    # staged, then joined with the exports on exporter, code and partner at once: joined on
    # the partner first, DuckDB paired every export row with every shocked destination (80 M
    # rows on a 9.2 M-row world) before it kept the collapsed codes.
    dk = d.select("reporter", "code", "dest").distinct()
    pk = dk.join(rt.filter(rt.role != "destination"), "dest").pipe(stage)
    j = fc.join(pk, ["reporter", "code", "partner"])
    g = windows(j).pipe(stage)
    c = g.filter(g.role == "control")
    s = p["min_rise_usd"] / 2.0
    ln2 = math.log(2.0)
    # How many of the same collapsed codes rose as much to one ordinary partner (no neighbour
    # of the shocked destination, no shocked one) in the same months, at the most: the
    # coincidences the data itself gives this exporter (chance_codes).
    c_rise = ((c.a + s) / (c.b + s)).ln() / ln2
    c_pre = 2.0 * ((c.b2 + s) / (c.b1 + s)).ln() / ln2
    c_rose = (
        (c.a - c.b >= p["min_rise_usd"])
        & (c_rise - ibis.greatest(c_pre, ibis.literal(0.0)) >= math.log2(float(p["min_ratio"])))
        & (c.flowing >= p["min_months_flowing"])
    )
    per = c.group_by("reporter", "dest", "partner").agg(rises=c_rose.cast("int64").sum())
    chance = per.group_by("reporter", "dest").agg(
        control_rises=per.rises.max(), control_partners=per.count()
    )
    c = c.group_by("reporter", "code", "dest").agg(c_before=c.b.sum(), c_after=c.a.sum())
    n = g.filter(g.role == "neighbour")
    n = n.join(d, ["reporter", "code", "dest"])
    n = n.left_join(c, ["reporter", "code", "dest"])
    n = n.drop(*[x for x in n.columns if x.endswith("_right")])
    n = n.left_join(chance, ["reporter", "dest"])
    n = n.drop(*[x for x in n.columns if x.endswith("_right")])
    rise = ((n.a + s) / (n.b + s)).ln() / ln2
    has_control = n.c_before.fill_null(0.0) >= p["min_before_usd"]
    control = ibis.ifelse(
        has_control,
        ((n.c_after.fill_null(0.0) + s) / (n.c_before.fill_null(0.0) + s)).ln() / ln2,
        0.0,
    )
    # The before window's halves are window/2 months apart; the windows' centres about
    # `window_months` apart: the growth within the year before, projected, is twice it.
    pretrend = 2.0 * ((n.b2 + s) / (n.b1 + s)).ln() / ln2
    trend = ibis.greatest(control, pretrend, ibis.literal(0.0))
    n = n.mutate(rise=rise, control_rise=control, has_control=has_control, pretrend=pretrend)
    n = n.mutate(excess=n.rise - trend)
    n = n.filter(
        (n.a - n.b >= p["min_rise_usd"])
        & (n.excess >= math.log2(float(p["min_ratio"])))
        & (n.flowing >= p["min_months_flowing"])
    )
    return n, shocked


def shape(
    r: Mapping[str, Any], values: Mapping[str, float], months: set[int] | None, p: Mapping[str, Any]
) -> dict[str, Any]:
    """What the neighbour's monthly series says beyond the two windows' means (`values`: its
    'YYYY-MM' → USD; `months`: the month indexes the exporter reported, None if unknown):

    - `earlier`: its mean over the `history_months` before the year before the shock (the
      exporter's reported months there; None with fewer than `min_months_before`), and
      `earlier_span`; `resumed` where the mean after is less than `min_ratio` times it: the flow
      came back to a level it already had, it was not born;
    - `rise_months`: the months after in which the flow carried the rise (ran at the level
      before plus a quarter of the mean rise or more), over the same flow whose mean made the
      rise; `burst_share` and `burst_months`: the share of the added flow that came in its
      largest two months, and which; `burst` where that share is `max_burst_share` or more
      (one or two deliveries, no monthly flow)."""
    shock, w = int(r["shock"]), int(p["window_months"])
    b0, a1 = shock - w, shock + w
    by = {int(k[:4]) * 12 + int(k[5:7]) - 1: float(v) for k, v in values.items()}
    lo = b0 - int(p["history_months"])
    known = months if months is not None else set()
    hist = sorted(m for m in known if lo <= m < b0)
    earlier = (
        sum(by.get(m, 0.0) for m in hist) / len(hist)
        if months is not None and len(hist) >= int(p["min_months_before"])
        else None
    )
    s = float(p["min_rise_usd"]) / 2.0
    b, a = float(r["b"]), float(r["a"])
    resumed = earlier is not None and (a + s) / (earlier + s) < float(p["min_ratio"])
    after = sorted(m for m in known if shock <= m < a1) if months is not None else []
    if not after:
        after = sorted(m for m in by if shock <= m < a1)
    bar = b + (a - b) / 4.0
    rise_months = sum(1 for m in after if by.get(m, 0.0) > 0 and by.get(m, 0.0) >= bar)
    added = sorted(((max(0.0, by.get(m, 0.0) - b), m) for m in after), reverse=True)
    total = sum(x for x, _ in added)
    top = [x for x in added[:2] if x[0] > 0]
    burst_share = sum(x for x, _ in top) / total if total > 0 else 0.0
    return {
        "earlier": earlier,
        "earlier_span": (
            f"{_from_index(hist[0]):%Y-%m}…{_from_index(hist[-1]):%Y-%m}"
            if earlier is not None
            else None
        ),
        "earlier_excess": math.log2((a + s) / (earlier + s)) if earlier is not None else None,
        "resumed": resumed,
        "rise_months": rise_months,
        "burst_share": burst_share,
        "burst_months": " and ".join(f"{_from_index(m):%Y-%m}" for m in sorted(m for _, m in top)),
        "burst": len(after) > 2 and burst_share >= float(p["max_burst_share"]),
    }


def factors(
    r: Mapping[str, Any], p: Mapping[str, Any], sh: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The named factors of a deflection's strength, each in [0, 1] with its weight (a
    parameter) and a sentence built with the number. With the series' `shape`, the rise counts
    only as far as it goes beyond the level the flow ran at before the year before too, and it
    persists in the months that carried the rise (the flow whose mean made it)."""
    fall = 1.0 - float(r["d_after"]) / float(r["d_before"])
    lost = float(r["d_before"]) - float(r["d_after"])
    added = float(r["a"]) - float(r["b"])
    absorbed = min(1.0, added / lost) if lost > 0 else 1.0
    excess = float(r["excess"])
    rise_words = (
        f"its exports to {r['partner']} rose {2**excess:,.1f}-fold beyond their trend"
        " (16-fold counts in full)"
    )
    if sh is not None and sh["earlier_excess"] is not None:
        past = float(sh["earlier_excess"])
        rise_words = (
            f"its exports to {r['partner']} rose {2**excess:,.1f}-fold beyond their trend, and"
            f" {2**past:,.1f}-fold its earlier level ({_usd(float(sh['earlier']))} USD a month"
            f" in {sh['earlier_span']}); the lesser counts, 16-fold in full"
        )
        excess = min(excess, past)
    ma, flowing = max(1, int(r["ma"])), int(r["flowing"])
    persist = min(1.0, flowing / ma)
    persist_words = (
        f"the flow to {r['partner']} ran in {flowing} of the {int(r['ma'])} months after"
    )
    if sh is not None:
        persist = min(1.0, int(sh["rise_months"]) / ma)
        persist_words = (
            f"the flow to {r['partner']} carried the rise in {int(sh['rise_months'])} of the"
            f" {int(r['ma'])} months after (ran in {flowing})"
        )
    return [
        {
            "name": "destination_collapsed",
            "value": round(max(0.0, min(1.0, fall)), 4),
            "weight": p["w_collapse"],
            "sentence": f"the code's exports to {r['dest']} fell by {fall:.0%}",
        },
        {
            "name": "rise_beyond_trend",
            "value": round(max(0.0, min(1.0, excess / 4.0)), 4),
            "weight": p["w_rise"],
            "sentence": rise_words,
        },
        {
            "name": "rise_persists",
            "value": round(persist, 4),
            "weight": p["w_persist"],
            "sentence": persist_words,
        },
        {
            "name": "absorbs_lost_flow",
            "value": round(max(0.0, absorbed), 4),
            "weight": p["w_absorb"],
            "sentence": f"the added flow to {r['partner']} is {absorbed:.0%} of the flow lost to"
            f" {r['dest']}",
        },
    ]


def breadth(df: pd.DataFrame) -> pd.DataFrame:
    """`df` (flagged triples) with `other_codes` (the exporter's other codes flagged with the
    same destination and neighbour) and `other_exporters` (other exporters of this code)."""
    out = df.copy()
    for c in TRIPLE:
        out[c] = out[c].astype(str)
    out["other_codes"] = out.groupby(["reporter", "dest", "partner"])["code"].transform("size") - 1
    out["other_exporters"] = out.groupby(["code", "dest", "partner"])["code"].transform("size") - 1
    return out


def broad_factor(
    r: Mapping[str, Any], p: Mapping[str, Any], sh: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """How far the rise is shared by other codes or other exporters (a general shift, not one
    route's deflection), as a score factor. A resumption or a burst of one or two deliveries
    (`shape`) is no route that moved: the pattern does not lift it."""
    codes, exporters = int(r["other_codes"]), int(r["other_exporters"])
    lone, learnt = chance_codes(r, p)
    # Codes beyond chance: full_codes − coincident_codes of them count in full.
    span = max(1.0, float(p["full_codes"]) - float(p["coincident_codes"]))
    value = max(
        (codes + 1 - lone) / span,
        exporters / max(1, int(p["full_exporters"]) - 1),
        0.0,
    )
    chance = (
        f"; {lone:g} counted as chance: the most of its collapsed codes that rose as much to one"
        f" of its {int(r['control_partners'])} ordinary partners is {int(r['control_rises'])},"
        f" and {float(p['coincident_codes']):g} is the floor"
        if learnt
        else f"; {lone:g} counted as chance (too few ordinary partners to learn it)"
    )
    why_not = (
        "a resumption of the flow's earlier level"
        if sh is not None and sh["resumed"]
        else "one or two deliveries, not a monthly flow"
        if sh is not None and sh["burst"]
        else None
    )
    return {
        "name": "pattern_is_broad",
        "value": 0.0 if why_not else round(min(1.0, value), 4),
        "weight": p["breadth_bonus"],
        "sentence": f"{r['reporter']} moved {codes} other code(s) to {r['partner']} alike, and"
        f" {exporters} other exporter(s) moved this code there (a lone coincidence stays below"
        f" 0.5{chance})" + (f"; not counted: {why_not}" if why_not else ""),
    }


def chance_codes(r: Mapping[str, Any], p: Mapping[str, Any]) -> tuple[float, bool]:
    """(codes of this exporter that chance moves to one partner after the shock, learnt from the
    data or not): the most of its collapsed codes that rose as much to any one of its ordinary
    partners, where it has `min_control_partners` of them, and never fewer than
    `coincident_codes` (the floor the scheme-free worlds set); else `coincident_codes`."""
    n = r.get("control_partners")
    if n is None or pd.isna(n) or int(n) < int(p["min_control_partners"]):
        return float(p["coincident_codes"]), False
    return max(float(p["coincident_codes"]), float(r["control_rises"])), True


def score_of(fs: list[dict[str, Any]], broad: dict[str, Any], p: Mapping[str, Any]) -> float:
    """(max_score + breadth_bonus × broad) × the weighted mean of the factors."""
    total = sum(f["weight"] for f in fs) or 1.0
    strength = float(sum(f["weight"] * f["value"] for f in fs) / total)
    cap = float(p["max_score"]) + float(p["breadth_bonus"]) * float(broad["value"])
    return round(min(1.0, cap * strength), 4)


def _usd(x: float) -> str:
    return f"{x / 1e6:,.2f} M" if x >= 1e6 else f"{x:,.0f}"


def year_words(partner: str, before: float, year: float) -> str:
    """The summary's clause on the neighbour's flow within the year before (`year`: its growth
    over that year, `before`: its mean): nothing where it took nothing ('from nothing' says it);
    flat where the ratio shown reads ×0.9 to ×1.1, else up or down."""
    if before < 1.0:
        return ""
    if 0.9 <= round(year, 1) <= 1.1:
        return f"; the year before, its exports to {partner} were flat (×{year:,.1f})"
    way = "up" if year > 1.1 else "down"
    return f"; the year before, its exports to {partner} were {way} (×{year:,.1f}) within that year"


def to_alerts(
    df: pd.DataFrame,
    series: dict[tuple[str, ...], dict[str, float]],
    p: Mapping[str, Any],
    calendars: Mapping[str, set[int]] | None = None,
) -> pd.DataFrame:
    """Rows of the alert contract, with the score factors and each route's monthly series
    (`calendars`: each exporter's reported month indexes, for the history before the year
    before and the months after)."""
    rows = []
    for rec in breadth(df).to_dict("records"):
        r = {str(k): v for k, v in rec.items()}
        key = (r["reporter"], r["code"], r["dest"], r["partner"])
        mine = series.get(key, {})
        values = {k[-7:]: v for k, v in mine.items() if k.startswith(f"{r['partner']} ")}
        sh = shape(r, values, None if calendars is None else calendars.get(r["reporter"]), p)
        fs = factors(r, p, sh)
        broad = broad_factor(r, p, sh)
        shock = _from_index(int(r["shock"]))
        last = _from_index(int(r["last"])) if not pd.isna(r["last"]) else shock
        trend = (
            f"its other destinations {2 ** float(r['control_rise']):,.1f}-fold"
            if bool(r["has_control"])
            else "no other destination of the code in the data"
        )
        rose = (
            f"from nothing to {_usd(float(r['a']))} USD a month"
            if float(r["b"]) < 1.0
            else f"from next to nothing ({_usd(float(r['b']))}) to {_usd(float(r['a']))} USD a"
            " month"
            if float(r["b"]) < float(r["a"]) / 100
            else f"{float(r['a']) / float(r['b']):,.1f}-fold, from {_usd(float(r['b']))} to"
            f" {_usd(float(r['a']))} USD a month"
        )
        grew = year_words(str(r["partner"]), float(r["b"]), 2 ** (float(r["pretrend"]) / 2))
        caveats = ""
        if sh["resumed"]:
            caveats += (
                f" But it ran at {_usd(float(sh['earlier']))} USD a month in"
                f" {sh['earlier_span']}: a resumption, not a new route."
            )
        if sh["burst"]:
            caveats += (
                f" {sh['burst_share']:.0%} of it in {sh['burst_months']}: one or two deliveries,"
                " not a monthly flow."
            )
        summary = (
            f"{r['reporter']}'s exports of HS {r['code']} to {r['dest']} fell"
            f" {1 - float(r['d_after']) / float(r['d_before']):.0%} from {shock:%Y-%m}"
            f" ({_usd(float(r['d_before']))} → {_usd(float(r['d_after']))} USD a month), while"
            f" its exports of the same code to {r['partner']} rose {rose} ({trend}{grew}).{caveats}"
        )
        evidence = {
            "exporter": r["reporter"],
            "code": r["code"],
            "destination": r["dest"],
            "neighbour": r["partner"],
            "shock_month": f"{shock:%Y-%m}",
            "window_months": int(p["window_months"]),
            "destination_usd_per_month_before": round(float(r["d_before"]), 2),
            "destination_usd_per_month_after": round(float(r["d_after"]), 2),
            "neighbour_usd_per_month_before": round(float(r["b"]), 2),
            "neighbour_usd_per_month_after": round(float(r["a"]), 2),
            "neighbour_rise_log2": round(float(r["rise"]), 3),
            "control_rise_log2": round(float(r["control_rise"]), 3)
            if bool(r["has_control"])
            else None,
            "pretrend_log2": round(float(r["pretrend"]), 3),
            "excess_rise_log2": round(float(r["excess"]), 3),
            "chance_codes_per_partner": round(chance_codes(r, p)[0], 3),
            "neighbour_usd_per_month_earlier": round(float(sh["earlier"]), 2)
            if sh["earlier"] is not None
            else None,
            "earlier_months": sh["earlier_span"],
            "resumed": bool(sh["resumed"]),
            "rise_months": int(sh["rise_months"]),
            "largest_two_months_share": round(float(sh["burst_share"]), 4),
            "score_factors": [*fs, broad],
            "scoring_version": SCORING_VERSION,
            "series": mine,
        }
        rows.append(
            alert_row(
                NAME,
                (*key, shock.date()),
                score=score_of(fs, broad, p),
                origin=r["reporter"],
                via=r["partner"],
                destination=r["dest"],
                hs_code=r["code"],
                period_start=shock.date(),
                period_end=last.date(),
                summary=summary,
                evidence=evidence,
            )
        )
    return pd.DataFrame(rows, columns=list(ALERTS))


def monthly_series(ws: ScanContext, df: pd.DataFrame) -> dict[tuple[str, ...], dict[str, float]]:
    """Per flagged triple: the monthly values to the destination and to the neighbour
    ('DEST YYYY-MM' and 'NEIGHBOUR YYYY-MM' keys), to recheck the finding by hand."""
    if df.empty:
        return {}
    f = _exports(ws)
    k = pd.DataFrame({
        "reporter": df["reporter"].astype(str), "code": df["code"].astype(str),
    }).drop_duplicates()  # fmt: skip
    want = set(df["dest"].astype(str)) | set(df["partner"].astype(str))
    s = f.join(fl.keys_table(ws, k, {"reporter": "country", "code": "hs6"}), ["reporter", "code"])
    s = s.filter(s.partner.isin(sorted(want)))
    rows = s.select("reporter", "code", "partner", "period", "value").to_pandas()
    for c in ("reporter", "code", "partner"):
        rows[c] = rows[c].astype(str)
    # A month's exports and re-exports are one value: summed (each overwrote the other, which
    # one depending on the order the rows came back in).
    rows = rows.groupby(["reporter", "code", "partner", "period"], as_index=False)["value"].sum()
    by: dict[tuple[str, str, str], dict[str, float]] = {}
    cols = rows[["reporter", "code", "partner", "period", "value"]]
    for rep, code, par, period, value in cols.itertuples(index=False):
        month = f"{pd.Timestamp(period):%Y-%m}"
        by.setdefault((str(rep), str(code), str(par)), {})[month] = round(float(value), 2)
    out: dict[tuple[str, ...], dict[str, float]] = {}
    for rep, code, dest, par in df[TRIPLE].astype(str).itertuples(index=False):
        d = by.get((rep, code, dest), {})
        n = by.get((rep, code, par), {})
        out[(rep, code, dest, par)] = {
            **{f"{dest} {m}": v for m, v in sorted(d.items())},
            **{f"{par} {m}": v for m, v in sorted(n.items())},
        }
    return out


def detect(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """The detector's run: each exporter-code-neighbour triple that deflects as an alert."""
    n, _ = candidates(ws, p)
    if n is None:
        return ibis.memtable(pd.DataFrame(columns=list(ALERTS)))
    df = fetch(n)
    return ibis.memtable(to_alerts(df, monthly_series(ws, df), p, calendars(ws, df)))


def calendars(ws: ScanContext, df: pd.DataFrame) -> dict[str, set[int]]:
    """The month indexes in which each flagged exporter reported exports between countries
    (missing is not zero: the history and the months after are read over these)."""
    if df.empty:
        return {}
    cal = fl.reported_months(ws, between=True)
    cal = cal.filter(cal.flow.isin(list(fl.EXPORTS)))
    cal = cal.filter(cal.reporter.isin(sorted(set(df["reporter"].astype(str)))))
    rows = fetch(cal.select("reporter", m=_month_index(cal.period)).distinct())
    out: dict[str, set[int]] = {}
    for rep, m in zip(rows["reporter"].astype(str), rows["m"], strict=True):
        out.setdefault(rep, set()).add(int(m))
    return out


DETECTOR = register(
    Detector(
        source="statistics",
        words="exports move next door as a destination collapses",
        sides="route",
        evidence_fields=(
            "shock_month",
            "destination_usd_per_month_before",
            "destination_usd_per_month_after",
            "neighbour_usd_per_month_before",
            "neighbour_usd_per_month_after",
            "series",
        ),
        name=NAME,
        description="an exporter's flows of a code to a destination collapse while its flows"
        " of the same code to the destination's neighbours rise beyond their trend",
        reads=("trade_flows",),
        trade=TradeInputs(
            levels=(2, 4, 6), why_not=(("A", "a shock month needs a monthly series"),)
        ),
        run=detect,
        parameters=(
            Parameter("window_months", 12, "months before and after a shock compared"),
            Parameter("min_months_before", 6, "reported months needed before a shock"),
            Parameter("min_months_after", 4, "reported months needed after a shock"),
            Parameter(
                "min_destination_fall",
                0.5,
                "share of all exports to a destination lost after the shock month for it to"
                " count as shocked",
            ),
            Parameter(
                "min_exporters", 3, "exporters whose flow to a destination must fall for a shock"
            ),
            Parameter(
                "min_exporter_share",
                0.5,
                "share of a destination's exporters whose flow must fall for a shock",
            ),
            Parameter("min_fall", 0.5, "share of the code's exports to the destination lost"),
            Parameter("min_before_usd", 10_000.0, "mean monthly USD to the destination before"),
            Parameter("min_rise_usd", 10_000.0, "USD a month the neighbour's flow must gain"),
            Parameter("min_ratio", 2.0, "fold rise to the neighbour beyond its trend"),
            Parameter("border_hops", 2, "land borders from the destination to a neighbour"),
            Parameter(
                "extra_neighbours",
                "",
                "usual intermediaries of every shocked destination, ISO3 comma-separated",
            ),
            Parameter(
                "max_score",
                0.45,
                "score of the strongest lone deflection (one exporter, one code): below 0.5,"
                " since a route is born next door somewhere whenever many die",
            ),
            Parameter(
                "breadth_bonus",
                0.5,
                "added to max_score when the exporter moved other codes, or other exporters this"
                " code, to the same neighbour",
            ),
            Parameter(
                "coincident_codes",
                3,
                "codes of one exporter to one neighbour that chance gives a large exporter after a"
                " shock (the simulator's scheme-free worlds: up to 3); the pattern counts above",
            ),
            Parameter(
                "min_control_partners",
                5,
                "ordinary partners (no neighbour, not shocked) an exporter's collapsed codes need"
                " for the coincidences chance gives it to be learnt from the data (else"
                " coincident_codes)",
            ),
            Parameter(
                "full_codes", 10, "codes of one exporter to one neighbour that count in full"
            ),
            Parameter(
                "full_exporters", 3, "exporters of one code to one neighbour that count in full"
            ),
            Parameter("w_collapse", 1.0, "weight of the share lost to the destination"),
            Parameter("w_rise", 1.0, "weight of the neighbour's rise beyond trend"),
            Parameter(
                "min_months_flowing",
                2,
                "months after the shock in which the neighbour's flow ran (one shipment is no"
                " route)",
            ),
            Parameter(
                "w_persist", 1.0, "weight of the share of months after that carried the rise"
            ),
            Parameter(
                "history_months",
                24,
                "months before the year before the shock whose level the neighbour's flow is"
                " weighed against (back at a level it had is a resumption, not a new route)",
            ),
            Parameter(
                "max_burst_share",
                0.75,
                "share of the added flow in its largest two months from which the rise is one"
                " or two deliveries, not a monthly flow (the pattern does not lift it)",
            ),
            Parameter("w_absorb", 0.5, "weight of the lost flow's share the neighbour took"),
        ),
    )
)
