"""`route_break`: a route that was absent or small, then appears or jumps, and stays.

Every reported monthly series (reporter, partner, flow, six-digit code, and all-goods totals
where the data has them) gets its best single upward change point (`flows.change_points`: the
least-squares break computed for all series at once in SQL, so that it scales and runs on any
Ibis backend), on a log scale weighed by value: months under 2 % of the series' largest month
count as the nothing they nearly are, so a few tiny shipments before a rise do not date it. A
month in which the reporter reported nothing is missing, not zero, and so is every month before
the first month of the files that hold the series' chapter (a file that starts in 2017 says
nothing of 2016: its first month is no birth). A code that an HS revision created (8806
unmanned aircraft in HS 2022, from the shipped concordance) rising within `min_months_before`
months of the revision is the revision, not a route. A break is flagged when the level after
it is several times the level before, the shift is large against the series' own noise (pooled
t), and the new level persists. A rise that later falls back is said so: the best downward
break from the rise to the end of the file's coverage ("rose in 2022-07 … fell back in
2023-08"), found only where the reporter went on reporting.
A break needs `min_months_before` (6) observable months before it, but a series first seen
`regular_min_months_before` (3) or more months into its files may be born at its first month
where it is regular: at the share of months it ran from that month on, it would have shown in
the months before but for a chance of `absent_chance` (0.05) or less (a route that runs nearly
every month and is absent from its files' first months did not run then; the evidence gives
`absent_before_chance`). Outside worlds family A (files from 2021-01): EGY -> LBY 850440 in
every month from 2021-05, FRA -> IDN 382499 from 2021-06, planted covers, were no candidates.
Three months before, not two (issue 20, s31): a series that ran in every month of a short run
passes the chance bar with two months before it (its share is clipped to 0.999), and of the
benign births the rule made at 0.4 or more on the outside worlds A22-A27_s0 (six, 0.40-0.48:
short runs such as SWE -> USA 930120, four to seven months at 100 %) five were first seen two
months into their files; the schemes the rule reaches start four or five months in.

**Calibration (scoring_version route_break/6).** A new route is not evidence of diversion by
itself: routes are born and die every month in real trade, on control-list codes as well. The
score is `(max_score + corroboration_bonus × c) × code weight × strength`, where strength is
the weighted mean of named factors (each in `score_factors` with its value, weight and a
sentence; the weights are parameters): the jump's size, its sharpness against the noise, the
share of months the flow ran, how long the rise was seen, and how rare it is *in the data
scanned*: the share of comparable series (same reporter, direction and HS chapter) that did
not rise alike. With `max_score` 0.45 a birth both sides record stays below 0.5 however
strong: the exporter's and the importer's records of one new flow are one observation (and one
line of evidence in a case). Only a birth that carries its own corroboration rises above 0.5,
`c` being the stronger of two factors: `other_side_silent` (the partner reports that heading by
partner country in those months, or for an ordinary code, on no control list, any heading of its
chapter, but records under a tenth of this flow: a mirror gap; never for a re-export, whose
importer records the goods under their country of origin, not the hub) and
`priced_off_its_code` (the new flow's goods cost ten times their code's median per kg, or a tenth:
a cover code at the price of what it may hide; version 5 keeps a quarter, `price_below_share`, of a
price below the code's median, since controlled goods under a civilian code cost more per kg than
the code's own goods: every cover DOMAIN.md names, and in the read worlds A1-A3 every planted birth
the factor lifted by more than 0.1, while the two benign births of A3_s0 at 0.52-0.58 were priced
at a fifth and a tenth of their codes'). Version 4 reads that price in the data scanned: no more
than the code's own spread of route prices allows (0 within `price_z_min` robust standard
deviations of its routes' log unit values, in full from `price_z_full`: a mixed six-digit code
whose ordinary routes differ tenfold holds such a price without any cover), and where the partner
books the flow under a related code, against that code's prices too, the nearer reading counting
(goods classified elsewhere are priced as that code's: the outside generator's family A books 4 %
of pairs under a sibling code, and four births of its read worlds A1_s0 and A3_s0 at 0.51–0.62 were
such a classification difference priced against the wrong code). Other corroboration (onward flow,
a cover-code mirror) comes from the other detectors and lifts the case, not this alert.
The partner's records of the new flow include what it books under related codes (another code
of the heading, or one an HS revision links: `related_codes.py`) beyond what this side reports
there: a partner that classifies the goods elsewhere records them, and its silence under this
code is no mirror gap (the factor's sentence names the code). Scheme-free dev worlds 2 and 3
rewritten with importers booking 3 % of their codes under a sibling, or three reporters on
HS 2017: five such births at 0.57–0.59 → 0.45 or less.
An importer books a shipment up to `booking_lag_months` (2) after its exporter (goods in
transit cross a month's end, DOMAIN.md), so an export in the last months of the importer's files
may be booked after them: an export series' own value is compared only up to that many months
before the importer's last month, with the importer's records to the series' end, which hold its
bookings of those months (outside worlds A16_s0: CHN -> VNM 360320, both records agreeing until
28 M USD in the data's last month, 0.62 -> 0.31; A13_s0: DEU -> POL 760692, 0.51 -> 0.26; on 23
read family-A worlds no route_break alert rose and no planted scheme's score moved). A
re-export's two attributions are still matched over the whole series: their sizes must agree.

A hub's re-export is one flow under two attributions (DOMAIN.md: importers record the country
of origin, exporters the country of last known destination): origin O reports exports to hub
H, H reports the goods as exports to K (as EU members do), K books them from O. So the birth of
H's exports to K has its mirror in K's imports from O beyond what O reports, and the birth of
K's imports from O in H's exports to K beyond what K books from H (`_attribution`, as
mirror_gap reads it), or in H's re-exports to K where H reports them apart (flow RX, as SGP
and HKG do; K books none of them from H): each such partner counts only where O reports
exports of the code to H in those months (the third leg), no further than that leg times
`attribution_markup`, beyond the pair's noise (where O reports no such exports, not being a
reporter or not in those months, the leg is H's imports of the code from O, at FOB: said in the
sentence, `attribution_leg_by_hub`; for a series the code's legs leave unmatched, the legs under
its related codes too, as the partners' records are read: HKG re-exports DEU's 842952 to BRA,
which books them from DEU as 842930, in read outside world A7_s0); quarter by quarter no more
than the new
flow's own (the months agree), and only where the partners' whole differences are within
`attribution_ratio` of the new flow either way (the sizes agree). What matches counts in the
partner's records of the birth, and the factor's sentence says where it was recorded, in that
country's own terms ("CZE books 6.60 M USD of it from TUR …: read as one re-export recorded
under origin and consignment"). A birth the importer records from no one stays one-sided.
A partner silent on a heading it books to no one says nothing where the code is controlled (arms
and explosives are kept confidential heading by heading, DOMAIN.md); for an ordinary code, a
partner that names its partners in the code's chapter keeps nothing of it confidential, and its
silence is read (as mirror_gap reads a silent side by the chapter's coverage; the sentence says
so). Outside world A22_s20, read: the planted phantom export BGD -> SRB 360690, SRB booking
3602-3604 by partner but no 3606, 0.26 -> 0.52, and CHL -> PHL 360610 0.29 -> 0.58; of the
benign births of eight read worlds four moved, 0.24-0.31 -> 0.25-0.30, none near 0.5.
Where the sizes cannot agree because the partners' differences are larger than the new flow,
the reading is only possible (route_break/6, issue 20): a partner's difference holds the flow
quarter by quarter (at least its size over `attribution_ratio`) with a first leg that can carry
it, but beside other differences (a hub that re-exports several origins' goods to one importer,
or a pair with a gap of its own beside the re-export), and `other_side_silent` counts
`possible_re_export_factor` (0.5) times, as mirror_gap reads a re-export hidden in a pair's
spread; the sentence and the evidence (`possible_re_export_usd`, `possible_re_export_partner`)
say so. Read outside worlds, scheme-free: A24_s0 NLD -> TUR 846012 (ESP's goods, which TUR
books from ESP, beside the USA's own surplus at TUR of the same size) 0.51 -> 0.39; A31_s0
NLD -> USA 870893 (KOR's goods, beside the USA's standing surplus from KOR) 0.51 -> 0.38;
A33_s0 KOR <- NLD 292023 (HKG's re-exports of several origins' goods to KOR, 2.7 times NLD's
share) 0.54 -> 0.41; no other alert of eight read worlds moved, no planted one.
The rule is `attribution.py`'s, one for mirror_gap and route_break, with one set of parameters.
Where H reports nothing (not a reporter, or not in those months), its record is missing: the
birth of K's imports from O is then read as the re-export where K's imports from O track O's
exports of the code (or of its heading) to H month by month, the rule mirror_gap reads an
unrecorded export by (`silent_hub.py`, one for both, with its parameters; said in the factor's
sentence, "ITA's imports of it track CHE's reported exports of the code to NLD, whose data
names no destination of its exports of the heading in those months, month by month (correlation
1.00, 1 month(s) later)", and
stored: `attribution_hub_silent`, `attribution_track_correlation`,
`attribution_track_lag_months`). One hub's leg explains at most itself: where several births
track it, each month of it is shared among them by what each leaves unexplained (the sentence
says so; `attribution_hub_leg_usd`, `attribution_hub_shared_with`), and over few months the
tracking must beat what chance gives that many three-month sums (`silent_hub_chance_z`,
`attribution_track_points`). The outside generator's family D has NLD as no reporter: its
read world D3-s0's route_break alerts ≥ 0.5 fall 17 → 5 (all alerts ≥ 0.5 36 → 24), D2-s0's,
D2-s20's and family A's A1_s0, A1_s20, A2_s20's are unchanged; with the shared leg and the
chance bar, 7 (two NLD re-exports whose 10 and 15 three-month sums correlate 0.89 and 0.72,
under their bar).

Series are at the level each reporter's data has (HS6, HS4 or HS2; one level per reporter,
direction and chapter, so that a series does not jump from one code to another between files);
a heading or chapter weighs as controlled when every child is, and names the listed items it
holds otherwise.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from shadowtrade import staging
from shadowtrade.detect import attribution as at
from shadowtrade.detect import flows as fl
from shadowtrade.detect import levels as lv
from shadowtrade.detect import related_codes as rc
from shadowtrade.detect import silent_hub as sh
from shadowtrade.detect import unit_value as uv
from shadowtrade.detect.alerts import alert_row
from shadowtrade.detect.registry import Detector, Parameter, TradeInputs, register
from shadowtrade.incremental import per_series
from shadowtrade.results import fetch
from shadowtrade.schema import ALERTS

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

NAME = "route_break"
KEYS = ["reporter", "partner", "flow", "code"]
SCORING_VERSION = "route_break/6"
FULL_MONTHS = 9.0  # months after a break from which it counts in full
MIN_MONTHS_AFTER_FALL = 2  # observable months after a collapse before it is one
CIF_MARKUP = 1.06  # typical CIF over FOB (DOMAIN.md: 2–10 %)


def candidates(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """Rising series with their code weight and how many comparable series (same reporter,
    direction and HS chapter) could break and did rise in this scan."""
    f = fl.between_countries(ws, fl.monthly_flows(ws, with_totals=True))
    f = f.mutate(chapter=f.code.substr(0, 2))
    before, after = p["min_months_before"], p["min_months_after"]

    def breaks(restrict: Callable[[ir.Table], ir.Table]) -> ir.Table:
        s = restrict(f)  # a series needs its own rows and its reporter's calendar only
        cal = restrict(fl.reported_months(ws, with_totals=True, between=True))
        return fl.change_points(
            s,
            KEYS,
            cal,
            ["reporter", "flow"],
            min_before=before,
            min_after=after,
            coverage=restrict(lv.coverage(ws)),
            coverage_keys=("chapter",),
            regular_min_before=regular,
            absent_chance=chance,
        )

    regular, chance = p["regular_min_months_before"], p["absent_chance"]
    stage = {"before": before, "after": after, "regular": regular, "chance": chance, "version": 3}
    cp = per_series(ws, "route_break_breaks", stage, breaks, ("reporter",)).pipe(staging.stage)
    group = ["reporter", "flow", "chapter"]
    cp = cp.mutate(chapter=cp.code.substr(0, 2))
    up = fl.rising(cp, p)
    n_series = cp.group_by(group).agg(comparable_series=cp.count())
    n_rises = up.group_by(group).agg(comparable_rises=up.count())
    up = up.join(n_series, group).join(n_rises, group)
    up = up.drop(*[c for c in up.columns if c.endswith("_right")])
    return up.join(fl.code_weight(ws, up.select("code")), "code")


def new_codes() -> dict[str, pd.Timestamp]:
    """Codes (six digits, and four-digit headings) that an HS revision created, with the month
    the revision took effect: a code of HS 2022 (8806 unmanned aircraft) has no flows before
    2022 because it did not exist, and its first months are no route birth."""
    from shadowtrade.reference import hs_concordance

    c = hs_concordance()
    out: dict[str, pd.Timestamp] = {}
    for adj, g in c.groupby("adjustment"):
        year = int(str(adj)[:4])
        after, before = set(g["code_after"]), set(g["code_before"])
        for code in after - before:
            out[code] = pd.Timestamp(f"{year}-01-01")
        for head in {a[:4] for a in after} - {b[:4] for b in before}:
            out[head] = pd.Timestamp(f"{year}-01-01")
    return out


def revision_births(min_months: int) -> ir.Table:
    """code (six digits or a heading), until: codes an HS revision created, and the month
    before which a rise of theirs is the revision itself (`min_months` after it)."""
    rows = [(c, (t + pd.DateOffset(months=min_months)).date()) for c, t in new_codes().items()]
    df = pd.DataFrame(rows, columns=["code", "until"])
    return ibis.memtable(df, schema={"code": "string", "until": "date"})


def _months(a: pd.Timestamp, b: pd.Timestamp) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _collapse(
    series: dict[str, float],
    observable: list[pd.Timestamp],
    brk: pd.Timestamp,
    p: dict[str, Any],
    labels: list[str] | None = None,
) -> dict[str, Any] | None:
    """The month a rise fell back, if it did: the best least-squares downward break on the
    observable months from the rise to the end of the file's coverage (months without a row
    there are zero), with at least MIN_MONTHS_AFTER_FALL months after it and a level after it
    `min_ratio` times below the level before it. None when the rise carried on. `labels`:
    the observable months as 'YYYY-MM' (the series' keys), when the caller has them."""
    start = bisect.bisect_left(observable, brk)
    months = observable[start:]
    if len(months) < 2 + MIN_MONTHS_AFTER_FALL:
        return None
    names = (labels or [f"{m:%Y-%m}" for m in observable])[start:]
    v = np.array([series.get(m, 0.0) for m in names])
    scale = max(1000.0, fl.FLOOR_SHARE * float(v.max()))
    y = np.log1p(v / scale)
    n = len(y)
    # Every split k (2 ≤ k ≤ n − MIN_MONTHS_AFTER_FALL) at once, from running sums: the mean
    # before and after, and the least-squares gain k(n − k)/n (a − b)²; the first largest
    # gain among the downward splits wins.
    k = np.arange(2, n - MIN_MONTHS_AFTER_FALL + 1)
    csum = np.cumsum(y)
    a = csum[k - 1] / k
    b = (csum[-1] - csum[k - 1]) / (n - k)
    gain = np.where(a > b, k * (n - k) / n * (a - b) ** 2, -1.0)
    if not len(k) or gain.max() < 0:
        return None
    at = int(k[int(np.argmax(gain))])
    during, after = float(v[:at].mean()), float(v[at:].mean())
    floor = p["floor_usd"]
    if (during + floor) / (after + floor) < p["min_ratio"]:
        return None
    return {
        "fall_month": months[at],
        "usd_after_fall": after,
        "usd_during": during,
        "months_during": at,
        "share_during": float((v[:at] > 0).mean()),
        "months_after_fall": n - at,
    }


def _money(usd: float) -> str:
    """A monthly figure as people read it: millions from 1 M USD, whole dollars below (0.01 M
    USD hid 5,370 USD)."""
    return f"{usd / 1e6:,.2f} M USD" if abs(usd) >= 1e6 else f"{usd:,.0f} USD"


def factors(r: Mapping[Any, Any], p: dict[str, Any]) -> list[dict[str, Any]]:
    """The named factors of a break's strength, each a value in [0, 1], a weight (a detector
    parameter) and a sentence: the explanation is built with the number."""
    jump = float(r["jump"]) if math.isfinite(r["jump"]) else 8.0
    n_after = int(r["n_after"])
    others = max(0, int(r["comparable_rises"]) - 1)
    n_cmp = max(1, int(r["comparable_series"]))
    return [
        {
            "name": "jump_is_large",
            "value": min(1.0, jump / 4.0),
            "weight": p["w_jump"],
            "sentence": f"the level rose {2**jump:,.1f}-fold with {p['floor_usd']:,.0f} USD"
            " added to each side, so that a tiny series does not count as a jump (16-fold"
            " counts in full)",
        },
        {
            "name": "shift_is_sharp",
            "value": min(1.0, float(r["t"]) / 10.0),
            "weight": p["w_sharp"],
            "sentence": f"the shift is {float(r['t']):.1f} times its noise (t; 10 counts in full)",
        },
        {
            "name": "flow_persists",
            "value": float(r["nonzero_after"]),
            "weight": p["w_persist"],
            "sentence": f"the flow ran in {float(r['nonzero_after']):.0%} of the months after",
        },
        {
            "name": "rise_lasts",
            "value": min(1.0, n_after / FULL_MONTHS),
            "weight": p["w_duration"],
            "sentence": f"{n_after} month(s) after the rise ({FULL_MONTHS:.0f} count in full)",
        },
        {
            "name": "birth_is_rare",
            "value": 1.0 - others / n_cmp,
            "weight": p["w_rarity"],
            "sentence": f"{others} of the {n_cmp} comparable series (same reporter, direction"
            " and HS chapter) also rose in this data",
        },
    ]


def score_of(
    r: Mapping[Any, Any], fs: list[dict[str, Any]], p: dict[str, Any], corroborated: float = 0.0
) -> float:
    """(max_score + corroboration_bonus × corroborated) × code weight × the weighted mean of
    the factors.

    A break both sides record, however strong, stays below 0.5: a route is born somewhere
    every month, and the two records of one birth are one observation. Only a birth the other
    side does not record (`mirror_silence`: a mirror gap), or whose goods are priced far off
    their code (`unit_values`: a cover code at the price of what it may hide), rises above it;
    `corroborated` is the stronger of the two factors."""
    total = sum(f["weight"] for f in fs) or 1.0
    strength = sum(f["weight"] * f["value"] for f in fs) / total
    cap = p["max_score"] + p["corroboration_bonus"] * corroborated
    return float(min(1.0, max(0.0, cap * float(r["weight"]) * strength)))


MIRROR_FLOWS = {"export": ("import",), "re-export": ("import",), "import": ("export", "re-export")}


def _due(k: pd.DataFrame, cal: ir.Table, p: dict[str, Any]) -> pd.DataFrame:
    """`k` with `own_hi`, the last month of the series' own value compared with the other side's
    records: for an export series, no later than `booking_lag_months` before the importer's last
    month. The importer books a shipment up to that many months after the exporter (goods in
    transit cross a month's end, DOMAIN.md), so an export in the last months of the importer's
    files may be booked after them: its silence there is no mirror gap (outside worlds A16_s0:
    CHN's exports of 360320 to VNM, both records agreeing until 28 M USD in the data's last
    month; A13_s0: DEU -> POL 760692, two months before the end). The importer's records are
    read to the end of the series (`hi`): they hold its bookings of the months compared."""
    k = k.assign(own_hi=k["hi"])
    lag = int(p["booking_lag_months"])
    if lag <= 0 or k.empty:
        return k
    imp = cal.filter(cal.flow == "import")
    last = fetch(imp.group_by("reporter").agg(due_last=imp.period.max()))
    last = last.assign(partner=last["reporter"].astype(str)).drop(columns="reporter")
    last["due_last"] = pd.to_datetime(last["due_last"]) - pd.DateOffset(months=lag)
    k = k.merge(last, on="partner", how="left")
    exp = k["flow"].isin(list(fl.EXPORTS)) & k["due_last"].notna()
    cut = pd.to_datetime(k["due_last"]).dt.date
    k.loc[exp, "own_hi"] = [min(h, c) for h, c in zip(k.loc[exp, "hi"], cut[exp], strict=True)]
    return k.drop(columns="due_last")


def mirror_silence(
    ws: ScanContext, df: pd.DataFrame, p: dict[str, Any]
) -> dict[tuple[str, ...], dict[str, Any]]:
    """Per flagged series: what the other side recorded of the same flow (same code, or its
    heading where the other side reports at HS4) in the months after the break in which that
    side reported anything: `share` (its total over this side's, imports brought to FOB) and
    `months` observed. A birth only one side records is a mirror gap, not an ordinary route.

    One query for all flagged series (a 10 M-row world flags about ten thousand): the months
    the other side reported, this side's value in them, the other side's records of the code
    or its heading in them, and how many partners the other side books that heading to."""
    if df.empty:
        return {}
    k = df[[*KEYS, "break_period", "last_period"]].astype({c: str for c in KEYS})
    k = k.drop_duplicates(KEYS)
    k["lo"] = pd.to_datetime(k.pop("break_period")).dt.date
    k["hi"] = pd.to_datetime(k.pop("last_period")).dt.date
    k["h4"] = k["code"].where(k["code"] == "TOTAL", k["code"].str[:4])
    # The months each series' other side reported in a mirror direction, from the break on.
    cal = fl.reported_months(ws, with_totals=True, between=True)
    k = _due(k, cal, p)
    # Mirror directions the data holds (keys are dictionary-encoded: only known values).
    present = set(fetch(cal.select("flow").distinct())["flow"].astype(str))
    pairs = [(f, m) for f, ms in MIRROR_FLOWS.items() for m in ms if m in present]
    mirror = pd.DataFrame(pairs, columns=["flow", "mflow"])
    km = fl.keys_table(ws, k.merge(mirror, on="flow"), {**fl.ROUTE_KINDS, "mflow": "flow"})
    seen = km.join(
        cal,
        [km.partner == cal.reporter, km.mflow == cal.flow, cal.period >= km.lo,
         cal.period <= km.hi],
    ).select(*KEYS, period=cal.period).distinct()  # fmt: skip
    seen = seen.pipe(staging.stage)
    months = seen.group_by(KEYS).agg(months=seen.count())
    f = fl.monthly_flows(ws, with_totals=True)
    own_rows = f.join(seen, [*KEYS, "period"])
    # This side's value against the other side's own records: up to `own_hi` (`_due`, an export
    # the importer may book after its files). A re-export's two attributions are matched over
    # the whole series, as before (`_attribution`, `_silent_hub`: their sizes must agree).
    due = km.select(*KEYS, "own_hi").distinct()
    mine = own_rows.join(due, KEYS)
    mine = mine.filter(mine.period <= mine.own_hi)
    own = mine.group_by(KEYS).agg(own_usd=mine.value.sum())
    # The other side's records of the code, or of its heading, in those months.
    heading = ws.encode(km.h4, "hs6")  # a heading (or TOTAL) as a code of the dictionary
    kc = km.select(*KEYS, "mflow", c=km.code).union(km.select(*KEYS, "mflow", c=heading))
    kc = kc.distinct()
    theirs = kc.join(
        f, [kc.partner == f.reporter, kc.reporter == f.partner, kc.mflow == f.flow, kc.c == f.code]
    ).select(*KEYS, period=f.period, value=f.value)  # fmt: skip
    theirs = theirs.join(seen, [*KEYS, "period"])
    recorded = theirs.group_by(KEYS).agg(recorded=theirs.value.sum())
    # Whether the other side books the heading to any partner country but this reporter: one
    # that books it to 'Areas, nes' only (confidential arms trade) says nothing by its silence.
    g = fl.between_countries(ws, fl.monthly_flows(ws))
    g = g.mutate(h4=g.code.substr(0, 4))
    kh = km.select("partner", "mflow", "h4").distinct()
    g = g.join(kh, [g.reporter == kh.partner, g.flow == kh.mflow, g.h4 == kh.h4])
    named = g.select(other=g.reporter, mflow=g.flow, h4=g.h4, booked=g.partner).distinct()
    b = km.join(named, [km.partner == named.other, km.mflow == named.mflow, km.h4 == named.h4])
    b = b.filter(b.booked != b.reporter)
    books = b.group_by(KEYS).agg(books=b.booked.nunique())
    # And whether it books the code's chapter to any partner country but this reporter: for an
    # ordinary code (no control-list item), a side that names its partners in the chapter
    # keeps none of it confidential, and its silence on this heading is a gap (as mirror_gap
    # reads a silent side by the chapter's coverage).
    g2 = fl.between_countries(ws, fl.monthly_flows(ws))
    g2 = g2.mutate(h2=g2.code.substr(0, 2))
    kc2 = km.select("partner", "mflow", h2=km.code.substr(0, 2)).distinct()
    g2 = g2.join(kc2, [g2.reporter == kc2.partner, g2.flow == kc2.mflow, g2.h2 == kc2.h2])
    named2 = g2.select(other=g2.reporter, mflow=g2.flow, h2=g2.h2, booked=g2.partner).distinct()
    b2 = km.join(
        named2,
        [km.partner == named2.other, km.mflow == named2.mflow,
         km.code.substr(0, 2) == named2.h2],
    )  # fmt: skip
    b2 = b2.filter(b2.booked != b2.reporter)
    books_ch = b2.group_by(KEYS).agg(books_chapter=b2.booked.nunique())
    related = _related_surplus(ws, km, f, seen)
    attributed, possible = _attribution(ws, km, f, seen, own_rows, p)
    keys = fl.keys_table(ws, k[KEYS], fl.ROUTE_KINDS)
    out_t = keys
    for t in (months, own, recorded, books, books_ch, related, attributed, possible):
        out_t = out_t.left_join(t, KEYS).select(
            *out_t.columns, *[c for c in t.columns if c not in KEYS]
        )
    out_t = out_t.pipe(staging.stage)
    # What the other side's records leave of the new flow, in this side's terms: what the
    # silent-hub reading may explain.
    markup = ibis.ifelse(out_t.flow.isin(list(fl.EXPORTS)), CIF_MARKUP, 1.0)
    related_usd = ibis.ifelse(
        out_t.code == "TOTAL",
        0.0,
        (out_t.related_theirs.fill_null(0.0) / markup - out_t.related_mine.fill_null(0.0)).clip(
            lower=0.0
        ),
    )
    got_all = (
        out_t.recorded.fill_null(0.0) / markup + related_usd + out_t.attribution_usd.fill_null(0.0)
    )
    out_t = out_t.mutate(
        related_usd=related_usd,
        got_all=got_all,
        left_usd=(out_t.own_usd.fill_null(0.0) - got_all).clip(lower=0.0),
    )
    hub = _silent_hub(ws, km, out_t, own_rows, p)
    out_t = out_t.left_join(hub, KEYS).select(out_t, *[hub[c] for c in sh.COLUMNS])
    res = fetch(out_t)
    ordinary = {
        tuple(str(r[c]) for c in KEYS): str(r["category"]) == "ordinary"
        for r in df[[*KEYS, "category"]].to_dict("records")
    }
    out: dict[tuple[str, ...], dict[str, Any]] = {}
    for r in res.to_dict("records"):
        key = tuple(str(r[c]) for c in KEYS)
        n = 0 if pd.isna(r["months"]) else int(r["months"])
        if r["flow"] == "re-export":
            # The importer of a re-export records the goods' country of origin as its partner
            # (DOMAIN.md), not the hub: its silence towards the hub is how re-exports look.
            out[key] = {"share": None, "months": n, "re_export": True}
            continue
        own_usd = 0.0 if pd.isna(r["own_usd"]) else float(r["own_usd"])
        booked = not pd.isna(r["books"]) and int(r["books"]) > 0
        by_chapter = (
            not booked
            and ordinary.get(key, False)
            and not pd.isna(r["books_chapter"])
            and int(r["books_chapter"]) > 0
        )
        if n < 3 or own_usd <= 0 or (not (booked or by_chapter) and r["code"] != "TOTAL"):
            out[key] = {"share": None, "months": n}
            continue
        # What the other side records: the code, brought to this side's valuation; what it
        # books under related codes beyond what this side reports under them (this flow
        # classified elsewhere, related_codes.py); and the same flow booked under the other
        # attribution (origin or consignment) by the partners of a re-export (`_attribution`),
        # all in this side's terms (`got_all`, worked in the query above).
        related = float(r["related_usd"])
        att = 0.0 if pd.isna(r["attribution_usd"]) else float(r["attribution_usd"])
        got_all = float(r["got_all"])
        # Where no partner's record holds it, a hub that reports nothing: this side's imports
        # from the origin track the origin's exports to it (`silent_hub.py`), where the sizes
        # agree as in `attribution.match`.
        # (The whole leg must agree in size; the flow takes no more than its share of it.)
        left = float(r["left_usd"])
        leg = 0.0 if pd.isna(r["hub_leg_usd"]) else float(r["hub_leg_usd"])
        by_hub = att <= 0 and leg > 0 and leg * p["attribution_ratio"] >= left
        if by_hub:
            att = min(float(r["hub_usd"]), left)
            got_all += att
        entry: dict[str, Any] = {"share": float(got_all / own_usd), "months": n}
        entry["importer"] = str(r["partner"] if r["flow"] in fl.EXPORTS else r["reporter"])
        if by_chapter:
            entry["books_chapter_only"] = True
            entry["chapter"] = str(r["code"])[:2]
        entry["direct_share"] = float((got_all - att) / own_usd)
        if related > 0:
            entry["related_usd"] = related
            entry["related_code"] = str(r["related_code"])
        maybe = 0.0 if pd.isna(r["possible_usd"]) else float(r["possible_usd"])
        if att <= 0 and maybe > 0:
            entry["possible_usd"] = maybe
            entry["possible_partner"] = str(r["possible_partner"])
        if by_hub:
            entry["attribution_usd"] = att
            entry["attribution_partner"] = hub = str(r["hub_partner"])
            entry["attribution_hub_silent"] = True
            entry["attribution_track_correlation"] = round(float(r["hub_corr"]), 3)
            entry["attribution_track_lag_months"] = lag = int(r["hub_lag"])
            entry["attribution_track_points"] = int(r["hub_points"])
            entry["attribution_hub_leg_usd"] = round(leg, 2)
            entry["attribution_hub_shared_with"] = int(r["hub_shared_with"])
            track = sh.track_words(
                str(r["partner"]), hub, float(r["hub_corr"]), lag, on_heading=sh.on_heading(r)
            )
            entry["attribution_said"] = (
                f"{r['reporter']}'s imports of it {track}; {hub}'s exports would hold"
                f" {_money(att)} of it, but its data holds none{sh.share_words(r)}"
            )
        elif att > 0:
            entry["attribution_usd"] = att
            entry["attribution_partner"] = t = str(r["attribution_partner"])
            # The amounts in the partner's own terms: the importer books at CIF what the
            # hub's series holds at FOB, and the other way round.
            if r["flow"] == "export":  # the hub's series: the importer books the origin
                entry["attribution_said"] = (
                    f"{r['partner']} books {_money(att * CIF_MARKUP)} of it from {t}"
                )
            else:  # the importer's series from the origin: the hub reports the export
                rx = r.get("attribution_as_re_exports")
                as_what = "re-exports" if rx is not None and not pd.isna(rx) and rx else "exports"
                entry["attribution_said"] = (
                    f"{t} reports {_money(att / CIF_MARKUP)} of it as its {as_what} to"
                    f" {r['reporter']}"
                )
            by_hub_rec = r.get("attribution_leg_by_hub")
            if by_hub_rec is not None and not pd.isna(by_hub_rec) and by_hub_rec:
                # The origin reports nothing of the first leg: the hub's imports stand for it.
                o, h = (t, r["reporter"]) if r["flow"] == "export" else (r["partner"], t)
                entry["attribution_leg_by_hub"] = True
                entry["attribution_said"] += (
                    f" ({o} reports no exports of it to {h}: the first leg as {h}'s imports"
                    " record it)"
                )
        out[key] = entry
    return out


def _attribution(
    ws: ScanContext,
    km: ir.Table,
    f: ir.Table,
    seen: ir.Table,
    own_rows: ir.Table,
    p: dict[str, Any],
) -> tuple[ir.Table, ir.Table]:
    """Per flagged series (KEYS): `attribution_usd`, the part of the new flow that its
    partners record under the re-export's other attribution, and `attribution_partner`; and,
    for the series whose partners' differences hold the flow but are too large to agree with it
    in size (`attribution.match`, `bounded` False), `possible_usd` and `possible_partner`.

    A hub H re-exports goods of origin O to K: H reports exports to K, and K books the imports
    from O (the country of origin). The birth of H's exports to K has no mirror in K's imports
    from H; it has one in K's imports from O beyond what O reports (an export series), and the
    birth of K's imports from O has one in H's exports to K beyond what K books from H (an
    import series). Each such partner T counts only where the third leg is there (O's reported
    exports of the code to H in the months the other side reported, or the two before), and
    no further than that leg times `attribution_markup`; a partner's difference counts beyond
    the noise (a quarter of what both sides record: about twice the usual spread). Quarter by
    quarter the matched part is no more than the new flow's own (the months must agree), and
    it counts only where the partners' whole differences are within `attribution_ratio` of
    the new flow, either way (the sizes must agree): `attribution.match`. The partners'
    records count under the series' code and its related codes (`related_codes`) alike."""
    e = km.filter(km.flow.isin(["export", "import"]) & (km.code != "TOTAL"))
    exp_series = e.flow == "export"
    e = e.select(
        *KEYS,
        lo=e.lo.cast("date"),  # (null-typed where no series has a mirror direction)
        hi=e.hi.cast("date"),
        k_imp=ibis.ifelse(exp_series, e.partner, e.reporter),
        k_self=ibis.ifelse(exp_series, e.reporter, e.partner),
    )
    e = e.distinct()  # (km holds a row per mirror flow; a memtable alone is not staged)
    # The partners' records of the series' code or of a related code (`related_codes`): K may
    # book the goods of origin O under another subheading than the hub's (A3_s0: KAZ's new
    # exports of 853222 to RUS, which RUS books from JPN under 853224, scored 0.56 as a birth
    # RUS never records). Two readings (`_r`): the code alone, and the code with its related
    # codes summed; per partner and quarter the larger difference counts (summed, a sibling's
    # large two-way trade may swamp the code's own difference: A2_s0's BEL -> CAN 852719, which
    # CAN books from CHN, lost its reading).
    codes = e.select("code").distinct()
    related = rc.related_pairs(ws, codes, f.select("code"))
    own = codes.select("code", c2=codes.code)
    booked = (
        own.mutate(_r=0)
        .union(own.mutate(_r=1))
        .union(related.select("code", "c2", _r=ibis.literal(1)))
    )
    spots = e.select(_k=e.k_imp, code=e.code).distinct().join(booked, "code")
    spots = spots.select("_k", "_r", _c=spots.code, _c2=spots.c2)
    xs = f.filter(f.flow.isin(fl.EXPORTS))
    xs = xs.join(spots, [xs.partner == spots._k, xs.code == spots._c2])
    rx = xs.flow == "re-export"
    xs = xs.select(
        _k=xs.partner,
        _t=xs.reporter,
        _c=spots._c,
        _r=spots._r,
        _p=xs.period,
        X=ibis.ifelse(rx, 0.0, xs.value),
        R=ibis.ifelse(rx, xs.value, 0.0),
        M=0.0,
    )
    ms = f.filter(f.flow == "import")
    ms = ms.join(spots, [ms.reporter == spots._k, ms.code == spots._c2])
    ms = ms.select(_k=ms.reporter, _t=ms.partner, _c=spots._c, _r=spots._r, _p=ms.period,
                   X=0.0, R=0.0, M=ms.value)  # fmt: skip
    u = xs.union(ms)
    sm = seen.join(e, KEYS).select(*KEYS, "k_imp", "k_self", period=seen.period)
    # Only the partners' months the series read (`sm`): summed for every month K trades the
    # code, 3.4 M groups of which the join below kept a tenth (2.6 of 4.1 CPU-s at 9.2 M rows).
    need = sm.select(_k=sm.k_imp, _c=sm.code, _p=sm.period).distinct()
    u = u.semi_join(need, ["_k", "_c", "_p"])
    kt = u.group_by("_k", "_t", "_c", "_r", "_p").agg(X=u.X.sum(), R=u.R.sum(), M=u.M.sum())
    kt = kt.pipe(staging.stage)
    j = sm.join(kt, [sm.k_imp == kt._k, sm.code == kt._c, sm.period == kt._p, kt._t != sm.k_self])
    is_exp = j.flow == "export"
    # In this side's terms: an export series' in FOB, an import series' in CIF. A hub that
    # reports the goods as re-exports (RX) sends them to K as surely as one that reports
    # exports, and K books them under their origin: for an import series (K's birth from O)
    # the hub's re-exports to K count with its exports. (For an export series, the origin's
    # re-exports to K are no record K books from it.)
    mx, xm = j.M / CIF_MARKUP, ibis.ifelse(is_exp, j.X, j.X + j.R) * CIF_MARKUP
    noise = 0.27 * ibis.ifelse(is_exp, ibis.least(j.X, mx), ibis.least(xm, j.M))
    diff = ibis.ifelse(is_exp, mx - j.X, xm - j.M) - noise
    d = j.select(*KEYS, t=j._t, r=j._r, q=j.period.truncate("Q"), d=diff)
    d = d.group_by(*KEYS, "t", "r", "q").agg(d=d.d.sum())
    d = d.group_by(*KEYS, "t", "q").agg(d=d.d.max())
    d = d.filter(d.d > 0).pipe(staging.stage)
    # The third leg: the origin O's exports of the code to the hub H.
    tl = d.select(*KEYS, "t").distinct().join(e, KEYS)
    tl = tl.mutate(
        le=ibis.ifelse(tl.flow == "export", tl.t, tl.partner),
        li=ibis.ifelse(tl.flow == "export", tl.reporter, tl.t),
    )

    def leg(flow: str, by: str, to: str, scale: float, codes: ir.Table) -> ir.Table:
        """The first leg as one side records it: `by` reports `flow` with `to`, over the
        series' months and the two before, in FOB terms (`scale`), under `codes` (code, c2:
        the series' code and the codes its leg is read under)."""
        rows = f.filter(f.flow == flow)
        rows = rows.join(codes, rows.code == codes.c2).select(rows, _lc=codes.code)
        j = tl.join(
            rows,
            [tl[by] == rows.reporter, tl[to] == rows.partner, tl.code == rows._lc,
             rows.period >= tl.lo - ibis.interval(months=2), rows.period <= tl.hi],
        )  # fmt: skip
        return j.group_by(*KEYS, counterpart=j.t).agg(leg=(j.value / scale).sum())

    def legs_under(codes: ir.Table) -> ir.Table:
        """The origin's reported exports to the hub; where it reports none (not a reporter, or
        not in those months), the leg as the hub records it: its imports from the origin."""
        reported = leg("export", "le", "li", 1.0, codes)
        by_hub = leg("import", "li", "le", CIF_MARKUP, codes)
        by_hub = by_hub.anti_join(reported, [*KEYS, "counterpart"])
        return reported.mutate(hub_rec=False).union(by_hub.mutate(hub_rec=True)).pipe(staging.stage)

    diffs = d.select(*KEYS, w=d.q, counterpart=d.t, pv=d.d)
    ownq = own_rows.group_by(*KEYS, w=own_rows.period.truncate("Q")).agg(own=own_rows.value.sum())
    legs_code = legs_under(own)
    got = at.match(ownq, diffs, legs_code.drop("hub_rec"), KEYS, p).pipe(staging.stage)
    # For the series the code's legs leave unmatched, the legs under the code and its related
    # codes too, as the partners' records are read (as mirror_gap reads the heading after the
    # code): the hub may book the goods under the sibling the importer uses or the origin's
    # (outside read world A7_s0: HKG re-exports DEU's 842952 to BRA, which books them from DEU
    # as 842930, scored 0.55 as a birth DEU never records). Not at once: a sibling's own
    # re-exports through the same hub would swell the partners' whole and undo a match on the
    # code (A7_s0's NLD -> USA 842951, CHN's goods, beside NLD's 842952 of HKG's).
    legs = legs_under(own.union(related.select("code", "c2")).distinct())
    got_rel = at.match(ownq, diffs, legs.drop("hub_rec"), KEYS, p).anti_join(got, KEYS)
    got = got.union(got_rel).pipe(staging.stage)
    # Where the sizes cannot agree, the reading is only possible: a partner's differences hold
    # the flow quarter by quarter with a first leg that carries it, but they are larger than the
    # flow (a hub re-exporting several origins' goods to one importer; a pair with a difference
    # of its own beside the re-export), so the silence counts less, not at all less
    # (`possible_re_export_factor`, as mirror_gap reads a re-export hidden in a pair's spread).
    maybe = at.match(ownq, diffs, legs.drop("hub_rec"), KEYS, p, bounded=False)
    maybe = maybe.anti_join(got, KEYS).select(
        *KEYS, possible_usd=maybe.matched, possible_partner=maybe.attribution_partner
    )
    # Whether the partner holding most of it reported the goods as re-exports (its sentence),
    # and whether its leg is the hub's record only (the origin reports none).
    rxp = j.filter(j._r == 0).group_by(*KEYS, _t=j._t).agg(rx=j.R.sum(), x=j.X.sum())
    got = got.left_join(rxp, [*[got[k] == rxp[k] for k in KEYS], got.attribution_partner == rxp._t])
    hr = legs.select(*KEYS, _lt=legs.counterpart, _hr=legs.hub_rec)
    got = got.left_join(hr, [*[got[k] == hr[k] for k in KEYS], got.attribution_partner == hr._lt])
    shown = got.select(
        *[got[k] for k in KEYS],
        got.attribution_partner,
        attribution_usd=got.matched,
        attribution_as_re_exports=(got.rx.fill_null(0.0) > got.x.fill_null(0.0)),
        attribution_leg_by_hub=got._hr.fill_null(False),
    )
    return shown, maybe


def _silent_hub(
    ws: ScanContext, km: ir.Table, out_t: ir.Table, own_rows: ir.Table, p: dict[str, Any]
) -> ir.Table:
    """Per flagged import series K ← O (KEYS) that no partner's record explains: the reading of
    a re-export through a hub H that reports nothing (`silent_hub.tracking`, as mirror_gap
    reads it): K's monthly imports from O, in the months O reported, track O's exports of the
    code (or of its heading) to H over the months from the break on. `hub_leg_usd` is what the
    leg carries, in K's terms, `hub_usd` this flow's share of it where other flows read the
    same leg (by what each leaves unexplained, `demand`); the caller takes no more of it than
    the flow left unexplained."""
    open_ = out_t.filter(
        (out_t.flow == "import")
        & (out_t.code != "TOTAL")
        & out_t.attribution_usd.isnull()
        & (out_t.left_usd > 0)
    ).select(*KEYS, demand=out_t.left_usd)
    span = km.select(*KEYS, first=km.lo.cast("date"), last=km.hi.cast("date")).distinct()
    targets = span.join(open_, KEYS)
    targets = targets.mutate(exporter=targets.partner, importer=targets.reporter)
    rows = own_rows.filter(own_rows.flow == "import")
    imports = rows.select("code", "period", "value", exporter=rows.partner, importer=rows.reporter)
    return sh.on_code_or_heading(ws, fl.monthly_flows(ws), targets, imports, KEYS, p)


def _related_surplus(ws: ScanContext, km: ir.Table, f: ir.Table, seen: ir.Table) -> ir.Table:
    """Per flagged series (KEYS): the other side's records of the pair under related codes
    (`related_theirs`) and this side's own under the same codes (`related_mine`), in the months
    the other side reported, summed over the codes where the other side records more; and the
    code where it records most more (`related_code`)."""
    pairs = km.select("reporter", "partner").distinct()
    mine = f.semi_join(pairs, [f.reporter == pairs.reporter, f.partner == pairs.partner])
    theirs = f.semi_join(pairs, [f.reporter == pairs.partner, f.partner == pairs.reporter])
    near = mine.select("code").union(theirs.select("code"))
    rp = rc.related_pairs(ws, km.filter(km.code != "TOTAL").select("code"), near)
    # Staged: left an expression, DuckDB joined the series with both sides' records on the
    # pair and flow first (tens of millions of rows at 10 M) and only then kept the related
    # codes, half of route_break's time; as a table it joins on all four keys at once.
    kr = km.join(rp, "code").select(*KEYS, "mflow", c2=rp.c2).pipe(staging.stage)

    def records(side: ir.Table, own: bool) -> ir.Table:
        """The side's records of each series' pair under its related codes: this side's own
        (reporter, partner, flow as the series) or the other's (the pair reversed, the
        mirror flow), as `mine` or `theirs`."""
        by, to, flow = ("reporter", "partner", "flow") if own else ("partner", "reporter", "mflow")
        # `kr` holds a row per mirror direction (an import's: export and re-export); this
        # side's own records are read once, not once per direction.
        k = kr.select(*KEYS, "c2").distinct() if own else kr
        j = k.join(side, [k[by] == side.reporter, k[to] == side.partner,
                          k[flow] == side.flow, k.c2 == side.code])  # fmt: skip
        value, zero = j.value, ibis.literal(0.0)
        return j.select(*KEYS, "c2", period=j.period,
                        theirs=zero if own else value, mine=value if own else zero)  # fmt: skip

    t, o = records(theirs, own=False), records(mine, own=True)
    u = t.union(o).join(seen, [*KEYS, "period"])
    per = u.group_by(*KEYS, "c2").agg(theirs=u.theirs.sum(), mine=u.mine.sum())
    per = per.filter(per.theirs > per.mine)
    return per.group_by(KEYS).agg(
        related_theirs=per.theirs.sum(),
        related_mine=per.mine.sum(),
        related_code=per.c2.argmax(per.theirs - per.mine),
    )


def unit_values(
    ws: ScanContext, df: pd.DataFrame, related: Mapping[tuple[str, ...], str] | None = None
) -> dict[tuple[str, ...], dict[str, Any]]:
    """Per flagged series: the unit value (USD per kg, rows with a weight) of its months from
    the break on, the median and robust spread of its code's route unit values in the data
    scanned, and those of the related code its partner books the flow under (`related`, per
    series: a classification difference prices the goods as that code's)."""
    related = related or {}
    codes = sorted({str(c) for c in df["code"] if c != "TOTAL"} | set(related.values()))
    if not codes:
        return {}
    # The flagged codes and series are joined, not listed as literals: a list of a thousand
    # codes compared row by row with the dictionary-encoded codes costs half a minute at 10 M
    # rows. The codes' norms come from the scan's shared weighed routes, the series' own months
    # from the monthly flows joined with the flagged series; one row per series back.
    routes = fl.weighed_routes(ws)
    flagged = fl.keys_table(ws, pd.DataFrame({"code": codes}), {"code": "hs6"})
    routes = routes.filter(routes.code.isin(flagged.code) & (routes.value > 0))
    # The code's ordinary spread of route prices, robustly: the median absolute deviation of
    # log unit value (as unit_value reads it), so that a code whose routes differ tenfold in
    # price is not read as a cover by a route at a tenth of its median.
    med = routes.group_by("code").agg(median_uv=(routes.value / routes.kg).median())
    sp = uv.spread(routes.mutate(log_uv=(routes.value / routes.kg).ln()), "code")
    med = med.join(sp, "code").select("code", "median_uv", routes=sp.n_routes, sd=sp.sigma)
    norms = {
        str(c): (float(m), int(n), float(sd))
        for c, m, n, sd in fetch(med)[["code", "median_uv", "routes", "sd"]].itertuples(index=False)
    }
    keys = df[[*KEYS, "break_period"]].astype({k: str for k in KEYS}).drop_duplicates(KEYS)
    keys["break_period"] = pd.to_datetime(keys["break_period"]).dt.date
    f = fl.monthly_flows(ws)
    j = f.join(fl.keys_table(ws, keys, fl.ROUTE_KINDS), KEYS)
    j = j.filter((j.kg_known > 0) & (j.period >= j.break_period))  # the months from the break on
    own = fetch(j.group_by(KEYS).agg(kg_value=j.kg_value.sum(), kg_known=j.kg_known.sum()))
    out: dict[tuple[str, ...], dict[str, Any]] = {}
    for r in own.to_dict("records"):
        k = tuple(str(r[c]) for c in KEYS)
        code = k[3]
        median_uv, n_routes, sd = norms.get(code, (0.0, 0, 0.0))
        if r["kg_known"] <= 0 or n_routes < 5 or median_uv <= 0 or r["kg_value"] <= 0:
            continue
        out[k] = {
            "uv": float(r["kg_value"] / r["kg_known"]),
            "median_uv": median_uv,
            "routes": n_routes,
            "robust_sd": sd,
        }
        rel = related.get(k)
        rel_median, rel_routes, rel_sd = norms.get(rel or "", (0.0, 0, 0.0))
        if rel and rel_routes >= 5 and rel_median > 0:
            out[k].update(
                related_code=rel,
                related_median_uv=rel_median,
                related_routes=rel_routes,
                related_robust_sd=rel_sd,
            )
    return out


def _priced_off(
    usd_per_kg: float, median: float, sd: float | None, p: dict[str, Any]
) -> tuple[float, float]:
    """How far off a code's prices `usd_per_kg` lies (0–1), and its robust z (NaN without a
    spread)."""
    off = abs(math.log(usd_per_kg / median))
    value = min(1.0, max(0.0, (off - math.log(3.0)) / (math.log(10.0) - math.log(3.0))))
    if sd is None:
        return value, math.nan
    z = off / max(float(sd), 0.05)
    within = (z - p["price_z_min"]) / (p["price_z_full"] - p["price_z_min"])
    return min(value, max(0.0, within)), z


def price_factor(
    m: dict[str, Any] | None, p: dict[str, Any] | None = None
) -> tuple[float, dict[str, Any]]:
    """1 when the new flow's goods cost 10 times their code's median per kg (a tenth counts
    `price_below_share` of it: a cover prices controlled goods dearer), 0 within 3 times of
    it: the spread of prices within one code (DOMAIN.md: 2–5x); and no more than the code's
    own spread allows: 0 within `price_z_min` robust standard deviations of
    the code's route prices, in full from `price_z_full` (a code whose ordinary routes differ
    tenfold, as mixed six-digit codes do, holds such prices without any cover). Where the
    partner books the flow under a related code, the price is read against that code too, and
    the nearer reading counts: goods classified elsewhere are priced as that code's."""
    p = p or DETECTOR.params()
    if not m:
        words = "too few weighed routes of this code to compare its price"
        return 0.0, {"name": "priced_off_its_code", "value": 0.0, "sentence": words}
    words = (
        f"{m['uv']:,.2f} USD per kg after the rise against a median of"
        f" {m['median_uv']:,.2f} over the code's {m['routes']} routes"
    )
    fixed, _ = _priced_off(m["uv"], m["median_uv"], None, p)
    value, z = _priced_off(m["uv"], m["median_uv"], m.get("robust_sd"), p)
    if value < fixed:
        words += (
            f", {z:.1f} robust standard deviations off the code's route prices (their"
            f" ordinary spread: {p['price_z_min']:g} count as nothing,"
            f" {p['price_z_full']:g} in full)"
        )
    rel = m.get("related_code")
    median = m["median_uv"]  # the reading that counts: the code's, or the related code's
    if rel and value > 0:
        rel_value, _ = _priced_off(m["uv"], m["related_median_uv"], m["related_robust_sd"], p)
        if rel_value < value:
            value, median = rel_value, m["related_median_uv"]
            words += (
                f"; HS {rel}, the related code the partner books it under, has a median of"
                f" {m['related_median_uv']:,.2f} over {m['related_routes']} routes: priced as"
                " that code's goods (a classification difference, not a cover)"
            )
    if value > 0 and m["uv"] < median:
        value *= p["price_below_share"]
        words += (
            f"; cheaper than the code's goods, so it counts ×{p['price_below_share']:g}:"
            " controlled goods under a civilian code cost more per kg than what the code"
            " holds (shell bodies as 7326, casings as 7616, fuze parts as 8487)"
        )
    return value, {"name": "priced_off_its_code", "value": value, "sentence": words}


def silence_factor(
    m: dict[str, Any] | None, partner: str, possible_factor: float = 1.0
) -> tuple[float, dict[str, Any]]:
    """1 when the other side records under a tenth of the flow, 0 from half of it up; times
    `possible_factor` where a partner's records could hold the flow as a re-export under the
    other attribution but beside larger differences of their own (`possible_usd`)."""
    share = (m or {}).get("share")
    if (m or {}).get("re_export"):
        value, words = (
            0.0,
            f"a re-export: {partner} records such goods under their country of origin, so its"
            " silence towards the re-exporter says nothing",
        )
    elif share is None:
        value, words = (
            0.0,
            (
                f"{partner} reported too few months after the break, or none of this heading by"
                " partner country, to compare"
            ),
        )
    else:
        value = min(1.0, max(0.0, (0.5 - share) / 0.4))
        direct = (m or {}).get("direct_share", share)
        words = f"{partner}'s own records hold {direct:.0%} of this flow in the months it reported"
        if m and m.get("books_chapter_only"):
            words += (
                f" (it books none of this heading to other partners, but names its partners in"
                f" the code's chapter {m['chapter']}, and the code is on no control list: nothing"
                " it keeps confidential)"
            )
        if m and m.get("related_usd"):
            words += (
                f", {_money(float(m['related_usd']))} of it under HS {m['related_code']}, a"
                " related code (a classification difference, not a gap)"
            )
        if m and m.get("attribution_usd"):
            words += f", and {m['attribution_said']} ({share:.0%} in all): {at.READING}, not a gap"
        elif m and m.get("possible_usd") and value > 0:
            value *= possible_factor
            words += (
                f"; the two records of {m['possible_partner']}'s trade with {m['importer']}"
                f" differ by enough to hold {_money(float(m['possible_usd']))} of it under the"
                " other attribution (origin or consignment), with a first leg that could carry"
                " it, beside larger"
                " differences of their own that cannot be matched to it by size (several"
                " origins' goods through one hub, or another flow's gap): possibly one"
                f" re-export, not shown, so the silence counts {possible_factor:g} times"
            )
    return value, {"name": "other_side_silent", "value": value, "sentence": words}


def _absent_before(r: Mapping[Any, Any], p: dict[str, Any]) -> dict[str, Any]:
    """A birth fewer than `min_months_before` months into its files (a regular series, see
    `flows.change_points`): the chance that a series that regular was absent from them."""
    n = int(r["n_before"])
    if n >= p["min_months_before"]:
        return {}
    share = min(0.999, float(r["nonzero_after"]))
    return {"absent_before_chance": round((1.0 - share) ** n, 6)}


def to_alerts(
    df: pd.DataFrame,
    levels: dict[tuple[str, str, str], int] | None = None,
    p: dict[str, Any] | None = None,
    observable: Mapping[tuple[str, str, str], list[pd.Timestamp]] | None = None,
    mirror: Mapping[tuple[str, ...], dict[str, Any]] | None = None,
    prices: Mapping[tuple[str, ...], dict[str, Any]] | None = None,
) -> pd.DataFrame:
    """Rows of the alert contract; `levels` names the HS level where it is coarser than HS6,
    `observable` the months each (reporter, flow, chapter) could be seen in (for a collapse)."""
    p = p or DETECTOR.params()
    rows = []
    labels: dict[tuple[Any, Any, str], list[str]] = {}
    month_label: dict[pd.Timestamp, str] = {}  # a few dozen months, formatted once each
    for r in df.to_dict("records"):
        export = r["flow"] in fl.EXPORTS
        origin, dest = (r["reporter"], r["partner"]) if export else (r["partner"], r["reporter"])
        brk, last = pd.Timestamp(r["break_period"]), pd.Timestamp(r["last_period"])
        code = r["code"]
        series = r.get("series") if isinstance(r.get("series"), dict) else {}
        at_key = (r["reporter"], r["flow"], str(code)[:2])
        obs = (observable or {}).get(at_key, [])
        if obs and at_key not in labels:  # one calendar serves every series of its chapter
            labels[at_key] = [month_label.get(m) or month_label.setdefault(m, f"{m:%Y-%m}")
                              for m in obs]  # fmt: skip
        fall = _collapse(series, obs, brk, p, labels.get(at_key)) if series and obs else None
        if fall is not None and fall["months_during"] < p["min_months_after"]:
            continue  # up and down again within a few months: a spike, not a new route
        if fall is not None:
            r = {**r, "nonzero_after": fall["share_during"], "n_after": fall["months_during"],
                 "usd_after": fall["usd_during"]}  # fmt: skip
            last = fall["fall_month"] - pd.DateOffset(months=1)
        sides = [(r["reporter"], r["flow"])]
        at = lv.level_words(code, levels or {}, sides)
        what = "all goods" if code == "TOTAL" else f"HS {code}" + (f" ({at})" if at else "")
        before, after = float(r["usd_before"]), float(r["usd_after"])
        fold = "" if before <= 0 else f" ({after / before:,.1f} times the mean month before)"
        change = "from nothing" if before <= 0 else f"from {_money(before)} a month"
        ran = f"ran in {r['nonzero_after']:.0%} of the {int(r['n_after'])} months to {last:%Y-%m}"
        if fall is None:
            tail = f", and {ran}."
        else:
            tail = (
                f", {ran}, and fell back in {fall['fall_month']:%Y-%m} to"
                f" {_money(fall['usd_after_fall'])} a month"
                f" ({fall['months_after_fall']} month(s) observed after)."
            )
        summary = (
            f"{r['reporter']}'s reported {r['flow']}s of {what} "
            f"{'to' if export else 'from'} {r['partner']} rose in {brk:%Y-%m} {change}"
            f" to {_money(after)} a month{fold}{tail}"
        )
        fs = factors(r, p)
        silent, f_silent = silence_factor(
            (mirror or {}).get(tuple(str(r[k]) for k in KEYS)),
            str(r["partner"]),
            p["possible_re_export_factor"],
        )
        priced, f_priced = price_factor((prices or {}).get(tuple(str(r[k]) for k in KEYS)), p)
        score = score_of(r, fs, p, max(silent, priced))
        fs.append({**f_silent, "weight": p["corroboration_bonus"]})
        fs.append({**f_priced, "weight": p["corroboration_bonus"]})
        fs.append({
            "name": "code_weight",
            "value": float(r["weight"]),
            "weight": p["max_score"],
            "sentence": f"the code is {str(r['category']).replace('_', ' ')}"
            f" (weight {float(r['weight']):.2f}); a break alone scores at most"
            f" {p['max_score']:.2f} × this weight",
        })  # fmt: skip
        evidence = {
            "reporter": r["reporter"],
            "partner": r["partner"],
            "flow": r["flow"],
            "code": code,
            "break_month": f"{brk:%Y-%m}",
            "last_month": f"{last:%Y-%m}",
            "mean_usd_per_month_before": round(before, 2),
            "mean_usd_per_month_after": round(after, 2),
            "months_before": int(r["n_before"]),
            **_absent_before(r, p),
            "months_after": int(r["n_after"]),
            "share_of_months_with_flow_before": round(float(r["nonzero_before"]), 3),
            "share_of_months_with_flow_after": round(float(r["nonzero_after"]), 3),
            "t_statistic": round(float(r["t"]), 2),
            "jump_log2": round(float(r["jump"]), 2) if math.isfinite(r["jump"]) else None,
            "code_category": r["category"],
            "code_weight": float(r["weight"]),
            "comparable_series": int(r["comparable_series"]),
            "comparable_rises": int(r["comparable_rises"]),
            **(
                {}
                if fall is None
                else {
                    "fall_month": f"{fall['fall_month']:%Y-%m}",
                    "mean_usd_per_month_after_fall": round(fall["usd_after_fall"], 2),
                    "months_after_fall": int(fall["months_after_fall"]),
                }
            ),
            **_listed(r),
            **({} if code == "TOTAL" else lv.level_evidence(code, levels or {}, sides)),
            **_attribution_evidence((mirror or {}).get(tuple(str(r[k]) for k in KEYS))),
            "score_factors": [{**f, "value": round(float(f["value"]), 4)} for f in fs],
            "scoring_version": SCORING_VERSION,
            "series": r.get("series"),
        }
        rows.append(
            alert_row(
                NAME,
                (r["reporter"], r["partner"], r["flow"], code, brk.date()),
                score=score,
                origin=origin,
                destination=dest,
                hs_code=None if code == "TOTAL" else code,
                period_start=brk.date(),
                period_end=last.date(),
                summary=summary,
                evidence=evidence,
            )
        )
    return pd.DataFrame(rows, columns=list(ALERTS))


def not_revisions(df: pd.DataFrame, p: dict[str, Any]) -> pd.DataFrame:
    """Breaks that are no HS revision: a code the revision created rising within
    `min_months_before` months of the revision is the revision, not a new route."""
    created = new_codes()
    if df.empty:
        return df
    since = df["code"].astype(str).map(created)
    brk = pd.to_datetime(df["break_period"])
    months = (brk.dt.year - since.dt.year) * 12 + (brk.dt.month - since.dt.month)
    born = since.notna() & (months < p["min_months_before"])
    kept: pd.DataFrame = df[~born.fillna(False).astype(bool)]
    return kept


def _attribution_evidence(m: Mapping[str, Any] | None) -> dict[str, Any]:
    """The part of the new flow read as one re-export under two attributions, and by whom: the
    partner that records it (`attribution_partner`), or the hub that reports nothing whose leg
    the flow tracks (`attribution_hub_silent`, with the correlation and lag of the tracking);
    or, where that reading is only possible, the part a partner's records could hold and the
    partner (`possible_re_export_usd`, `possible_re_export_partner`)."""
    if m and not m.get("attribution_usd") and m.get("possible_usd"):
        return {
            "possible_re_export_usd": round(float(m["possible_usd"]), 2),
            "possible_re_export_partner": m["possible_partner"],
        }
    if not m or not m.get("attribution_usd"):
        return {}
    out = {
        "attribution_usd": round(float(m["attribution_usd"]), 2),
        "attribution_partner": m["attribution_partner"],
        "attribution_hub_silent": bool(m.get("attribution_hub_silent", False)),
        "attribution_leg_by_hub": bool(m.get("attribution_leg_by_hub", False)),
    }
    if m.get("attribution_hub_silent"):
        for k in ("track_correlation", "track_lag_months", "track_points", "hub_leg_usd",
                  "hub_shared_with"):  # fmt: skip
            out[f"attribution_{k}"] = m[f"attribution_{k}"]
    return out


def _listed(r: Mapping[Any, Any]) -> dict[str, Any]:
    """The control-list or CHPL items a heading or chapter holds (none at HS6)."""
    within = r.get("listed_within")
    return {"listed_items_within": within.split(",")} if isinstance(within, str) else {}


def observable_months(
    ws: ScanContext, reporters: list[str]
) -> dict[tuple[str, str, str], list[pd.Timestamp]]:
    """(reporter, flow, chapter) → the months it could be seen in: its reporter reported that
    month, inside the coverage of the files holding the chapter (totals: 'TO', every month)."""
    cal = fl.reported_months(ws, with_totals=True, between=True)
    cal = fetch(cal.filter(cal.reporter.isin(reporters)))
    cov = lv.coverage(ws)
    cov = fetch(cov.filter(cov.reporter.isin(reporters)))
    for d in (cal, cov):
        for c in ("reporter", "flow"):
            d[c] = d[c].astype(str)
    cal["period"] = pd.to_datetime(cal["period"])
    out: dict[tuple[str, str, str], list[pd.Timestamp]] = {}
    chapters: dict[tuple[str, str], pd.DataFrame] = {
        (str(k[0]), str(k[1])): g for k, g in cov.groupby(["reporter", "flow"])
    }
    for (rep, flow), g in cal.groupby(["reporter", "flow"]):
        months = sorted(g["period"])
        out[(str(rep), str(flow), "TO")] = months
        cov_of = chapters.get((str(rep), str(flow)))
        if cov_of is None:
            continue
        spans = zip(cov_of["chapter"], cov_of["first"], cov_of["last"], strict=True)
        for ch, first, last in spans:
            a = bisect.bisect_left(months, pd.Timestamp(first))
            b = bisect.bisect_right(months, pd.Timestamp(last))
            out[(str(rep), str(flow), str(ch))] = months[a:b]
    return out


def detect(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """The detector's run: each route's rise or collapse as an alert, with its mirror and prices."""
    c = candidates(ws, p)
    df = not_revisions(fetch(c), p)
    observable: dict[tuple[str, str, str], list[pd.Timestamp]] = {}
    mirror: dict[tuple[str, ...], dict[str, Any]] = {}
    prices: dict[tuple[str, ...], dict[str, Any]] = {}
    if len(df):
        f = fl.monthly_flows(ws, with_totals=True)
        keys = fl.keys_table(ws, df[KEYS].drop_duplicates(), fl.ROUTE_KINDS)  # not `c` again
        s = fetch(f.join(keys, KEYS).select(*KEYS, "period", "value"))
        df = df.merge(fl.series_json(s, KEYS), on=KEYS, how="left")
        observable = observable_months(ws, sorted({str(x) for x in df["reporter"]}))
        mirror = mirror_silence(ws, df, p)
        related = {k: str(m["related_code"]) for k, m in mirror.items() if m.get("related_usd")}
        prices = unit_values(ws, df, related)
    return ibis.memtable(to_alerts(df, lv.level_lookup(ws), p, observable, mirror, prices))


DETECTOR = register(
    Detector(
        source="statistics",
        words="a flow appears from nothing",
        sides="both",
        evidence_fields=("series",),
        name=NAME,
        description="routes that appear or jump and persist (change point in the monthly series)",
        reads=("trade_flows", "trade_aggregates", "ref_control_list", "ref_cover_codes"),
        trade=TradeInputs(
            levels=(2, 4, 6), why_not=(("A", "a change point needs a monthly series"),)
        ),
        run=detect,
        parameters=(
            *fl.rise_parameters(min_t=4.0, min_months_after=4),
            Parameter(
                "max_score",
                0.45,
                "score of the strongest break alone, times the code"
                " weight: below 0.5, since a route is born somewhere every month",
            ),
            Parameter(
                "corroboration_bonus",
                0.45,
                "added to max_score when the other side does not"
                " record the new flow or its goods are priced far off their code",
            ),
            Parameter(
                "price_z_min",
                2.0,
                "robust standard deviations of the code's route prices within which a new"
                " flow's price corroborates nothing",
            ),
            Parameter(
                "price_z_full",
                3.5,
                "robust standard deviations of the code's route prices from which a new"
                " flow's price corroborates in full",
            ),
            Parameter(
                "price_below_share",
                0.25,
                "share of the price factor kept when the new flow's goods are cheaper than"
                " their code's: a cover prices controlled goods dearer than the code's own",
            ),
            Parameter(
                "booking_lag_months",
                2,
                "months an importer may book a shipment after its exporter: an export in the"
                " importer's last that many months of files is not compared with its records",
            ),
            Parameter(
                "regular_min_months_before",
                3,
                "observable months before a series' first month from which a regular series"
                " (`absent_chance`) may be born there, fewer than min_months_before",
            ),
            Parameter(
                "absent_chance",
                0.05,
                "chance, at the series' own regularity from its first month, that it would have"
                " shown in none of the observable months before, under which it was born there",
            ),
            Parameter("w_jump", 1.0, "weight of the jump's size in the break's strength"),
            Parameter("w_sharp", 1.0, "weight of the shift against the series' noise (t)"),
            Parameter("w_persist", 1.0, "weight of the share of months the flow ran after"),
            Parameter("w_duration", 0.5, "weight of the months the rise was seen for"),
            Parameter("w_rarity", 1.0, "weight of how few comparable series rose alike"),
            Parameter(
                "possible_re_export_factor",
                0.5,
                "share of other_side_silent kept where a partner's records could hold the flow"
                " as a re-export under the other attribution, beside larger differences that"
                " cannot be matched to it by size",
            ),
            *at.PARAMETERS,
            *sh.PARAMETERS,
        ),
    )
)
