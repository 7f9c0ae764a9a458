"""Grade a hypothesis against the workspace: supported, inconclusive or contradicted, and why.

For "origin O supplies destination D through B1, B2 … with goods G in a period":

- **route evidence**: alerts of any detector naming O, an intermediary B and D (`transshipment`,
  `deflection` — O's exports to D collapsed as those to B rose —, `route_mismatch` …) in G's
  family (or declared under one of G's cover codes), period overlapping;
- **the alert's own change** (its rise, break or start, `period_start`) must fall in the claimed
  period for the alert to count: one that rose before the period is said, not counted; an alert
  read from annual figures (evidence `comparison` 'annual') dates its change only to its year,
  so it counts in a period overlapping that year;
- **leg evidence**: alerts of any detector with no intermediary on the legs O → B, B → D and
  O → D (`route_break`, `mirror_gap`, `cross_code_mirror`, `unit_value` …) in G's family or,
  on O → B, in one of its cover codes;
- **the raw flows** on each leg in the period against the same number of months before it
  (the counterfactual), controlled codes of G and, on O → B, its cover codes. Each leg is read
  from one side (never both added): the exporter's, else the importer's, and a side only where
  its reporter reports that direction of trade both in the period and before it (a reporter
  that stopped reporting is silent, not a collapse); neither: the leg is not comparable, and
  the summary says so. Monthly rows where the side has them, else annual rows: then the whole
  years the period touches against as many years before (each flow's `compared` says which).
  A period running past the data's last month is cut there (and said). Each window is compared
  per month over the months the side reports in it (`months_during`, `months_before`; an
  annual row reports 12), so a window the data holds only in part is not read as a fall, and
  a window the data does not hold at all is 'not in the data', never 0 USD. Each reporter's
  rows are read at one HS level per chapter, as the detectors read them (`levels`): HS4 totals
  and their CN8 lines from two downloads are never summed;
- **HS revisions**: a code an HS revision created (8807 in HS 2022) is read before the revision
  under the codes it came from (8803), from the shipped concordance
  (`shadowtrade.reference.hs_concordance`, the one route_break's `new_codes` reads); an old
  code is bridged only when all its links (`n:n` slices aside) go into the claimed code, else
  it holds other goods too; a row is read under the old code by its `hs_version` where it names
  one (a 2022 row in HS 2017), else by its date; the summary names every bridge;
- **all goods**: `--goods TOTAL` (or `all`) grades on the all-goods totals (`trade_aggregates`,
  kind `all_goods`) and on alerts of any code on the route;
- **other intermediaries**: route alerts O → X → D through a country the hypothesis does not
  name;
- **cases**: the cases holding the cited alerts, with the analyst's triage status.
- **shipment records**: where the workspace holds consignments, those of the goods from O to D
  in the period, the ones through each named intermediary and the way the others came
  (`claims/consignments.py`, an evidence item of kind 'consignments', said in the summary);
  consignments on the claimed route are route evidence, and many that show their route with
  none through a named intermediary contradict it (where no alert on that route reaches 0.3
  and no flow into D grew). Where the statistics lack the goods the summary says the records
  were read instead.
- **country groups**: an origin the country tables mark as a group (EUU, EMU) is read as its
  member states the workspace holds as reporters (`country_groups.csv`), said in the summary;
  a group no member of which reports stands for itself.

Supported: every named intermediary has route evidence at 0.5 or more (or both of its legs
have), or — with none named — O → D has; its confidence is the mean of that evidence's scores
(each alert's score already weighs the data it rests on). Contradicted: the workspace holds
trade of O, D and the intermediaries in the period, no alert on the hypothesis's routes reaches
0.3, and the controlled flows into D from the named intermediaries did not grow (grow: the
period's value a month above 1.5 times that before; a flow from nothing is a new flow, grown).
A named leg whose flow per month fell in the period (below 1/1.5 of before) keeps a claim
from being supported on its alerts (said). A claim naming no intermediary is also supported on
two lines together (`_borne_out`): the flow O → D grew in the period, compared over 3 months or
more, and an alert on O → D with its change in the period reaches 0.3; its confidence is the
mean of that alert's score and 0.6 × the comparison's weight (as below). Neither line alone
supports: trade that grew is not covert, and a weak alert is weak. Otherwise inconclusive.

Confidence of a contradiction rests on the raw-flow comparison, so it weighs how long and how
full that comparison is: `(0.6 + 0.3 × (1 − s / 0.3)) × √(min(n, 12) / 12) × f`, where s is the
strongest alert on the routes, n the period's months (the noise of a mean over n months falls
as 1/√n; a year counts in full) and f the share of the 2n months compared in which a country of
the claim reports trade in the workspace. A period under 3 months shows no trend at all: it
never contradicts (inconclusive, and the summary says so).

Inconclusive, and the summary says which, whenever the workspace cannot judge the claim from the
raw flows: the text names no goods (none is assumed), the workspace holds no trade in the
claimed goods (nor in their cover codes; else the months it holds them), none in the period,
none reported by or with one of the countries, or a leg that neither of its countries reports
(EU statistics hold EU → ARM, never ARM → RUS). Alerts on the route still count then: they can
support the claim (never contradict it), and the summary says what the flows cannot show. A
denied claim ("Serbia denied shipping …") is graded on what it denies, and the summary says
that the data supports or contradicts the denied claim. A text with several claims gets one
verdict per claim.
"""

from __future__ import annotations

import json
import math
from collections.abc import Hashable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from shadowtrade.claims import consignments
from shadowtrade.claims.extract import Hypothesis
from shadowtrade.claims.verdict import Grade, Verdict

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

SUPPORT = 0.5
ANY_SIGNAL = 0.3
GROWN = 1.5  # the period's value above this multiple of the value before: the flow grew
MIN_TREND_MONTHS = 3  # a shorter period shows no trend: its flows never contradict
FULL_MONTHS = 12  # a comparison over this many months (or more) counts in full
FLOWS_LINE = 0.6  # what a full comparison of the flows weighs as a line of evidence
ALL_GOODS = ("TOTAL", "ALL")  # --goods words for an all-goods claim
EARLY, LATE = date(1900, 1, 1), date(2100, 1, 1)
HS_EDITIONS = {1996: "H1", 2002: "H2", 2007: "H3", 2012: "H4", 2017: "H5", 2022: "H6"}


@dataclass
class Bridge:
    """Before `until`, the claimed code `code` was declared under `before` (an HS revision)."""

    code: str
    before: str
    until: date

    def words(self) -> str:
        return f"HS {self.code} was {self.before} before {self.until:%Y-%m}"

    @property
    def version(self) -> str:
        """The HS edition (`trade_flows.hs_version`, 'H6' …) that introduced `code`."""
        return HS_EDITIONS.get(self.until.year, "H9")

    def sql(self) -> str:
        """SQL: a row declared under `before` in an edition older than the revision; the row's
        `hs_version` decides where it names one, else its date (the edition then in force)."""
        return (f"(starts_with(hs_code, '{self.before}') AND CASE WHEN"
                f" regexp_full_match(coalesce(hs_version, ''), 'H[0-9]') THEN hs_version <"
                f" '{self.version}' ELSE period < DATE '{self.until}' END)")  # fmt: skip


@dataclass
class Goods:
    """What the claim's goods are in the workspace: HS headings (with the codes they were
    declared under before a revision, and their cover codes), or all goods."""

    total: bool = False
    headings: list[str] = field(default_factory=list)
    covers: list[str] = field(default_factory=list)
    bridges: list[Bridge] = field(default_factory=list)

    @property
    def table(self) -> str:
        return "trade_aggregates" if self.total else "trade_flows"

    @property
    def scope(self) -> str:
        """The rows of `table` that can hold the claim's trade at all."""
        return "aggregate_kind = 'all_goods'" if self.total else "TRUE"

    def own_sql(self) -> str:
        """SQL: a row of the claimed goods (their predecessors before the revision)."""
        if self.total:
            return "TRUE"
        parts = [f"starts_with(hs_code, '{c}')" for c in self.headings]
        parts += [b.sql() for b in self.bridges]
        return "(" + " OR ".join(parts) + ")"

    def with_covers_sql(self) -> str:
        if self.total or not self.covers:
            return self.own_sql()
        covers = [f"starts_with(hs_code, '{c}')" for c in self.covers]
        return "(" + " OR ".join([self.own_sql(), *covers]) + ")"

    def names(self) -> str:
        return "all goods" if self.total else "HS " + ", ".join(self.headings)


def _headings(h: Hypothesis) -> list[str]:
    """The HS headings of the claimed goods (none when the text names no goods)."""
    return sorted({c[:4] for c in h.hs_codes if c.upper() not in ALL_GOODS})


def _goods(ws: Workspace, h: Hypothesis) -> Goods:
    if any(c.upper() in ALL_GOODS for c in h.hs_codes):
        return Goods(total=True)
    headings = _headings(h)
    return Goods(headings=headings, covers=_cover_codes(ws, headings),
                 bridges=predecessors(tuple(headings)))  # fmt: skip


def _cover_codes(ws: Workspace, headings: list[str]) -> list[str]:
    rows = ws.raw.execute("SELECT hs_code, covers FROM ref_cover_codes").fetchall()
    return sorted({str(c) for c, covers in rows if set(str(covers).split("|")) & set(headings)})


@cache
def predecessors(codes: tuple[str, ...]) -> list[Bridge]:
    """The codes the claimed codes were declared under before each HS revision that created
    them, latest revision first, chained back through earlier revisions. An old code is bridged
    only when every one of its links (`n:n` slices aside) goes into the claimed code: 846390
    went to 8485 and stayed 846390 ('n:1' both), so it holds other goods as well. Where
    every subheading of an old heading went into the claimed code, the heading stands for them
    (statistics kept at four digits can then be read)."""
    from shadowtrade.reference import hs_concordance

    c = hs_concordance()
    c = c.assign(year=c["adjustment"].str.slice(0, 4).astype(int))
    valid = {code: (LATE, code) for code in codes}  # code → (in force before, claimed code)
    out: list[Bridge] = []
    for year in sorted(c["year"].unique(), reverse=True):
        rev = c[c["year"] == year]
        since = date(int(year), 1, 1)
        old_subs = rev.groupby(rev["code_before"].str.slice(0, 4))["code_before"].agg(set)
        whole_links = rev[rev["relationship"] != "n:n"]
        went_to = whole_links.groupby("code_before")["code_after"].agg(set)
        for code, (until, root) in list(valid.items()):
            if until <= since:
                continue
            links = rev[rev["code_after"].str.startswith(code)
                        & ~rev["code_before"].str.startswith(code)
                        & (rev["relationship"] != "n:n")]  # fmt: skip
            olds = {o for o in links["code_before"]
                    if all(a.startswith(code) for a in went_to.get(o, set()))}  # fmt: skip
            for head in sorted({o[:4] for o in olds}):
                whole = old_subs.get(head, set()) <= olds
                for old in [head] if whole else sorted(o for o in olds if o.startswith(head)):
                    if old not in valid:
                        valid[old] = (since, root)
                        out.append(Bridge(code=root, before=old, until=since))
    return out


def _family(code: object, goods: Goods, start: object = None) -> bool:
    """Whether an alert's code is of the claimed goods (or a cover code, or a predecessor of
    them for an alert that starts before the revision)."""
    if goods.total:
        return True
    if not isinstance(code, str) or not code:
        return False
    if any(code.startswith(h) for h in goods.headings) or any(
        code.startswith(c) or c.startswith(code) for c in goods.covers
    ):
        return True
    begins = start.date() if isinstance(start, pd.Timestamp) else EARLY  # NaT is no Timestamp
    return any(begins < b.until and (code.startswith(b.before) or b.before.startswith(code))
               for b in goods.bridges)  # fmt: skip


def grade(ws: Workspace, h: Hypothesis) -> Verdict:
    """The verdict as DESIGN.md's `check --json` object; a text with several claims adds
    `hypotheses` (one verdict per claim, the first repeated at the top level)."""
    first = _grade_one(ws, h)
    if h.others:
        first["hypotheses"] = [first.copy()] + [_grade_one(ws, o) for o in h.others]
    return first


def _as_graded(h: Hypothesis) -> Hypothesis:
    """The claim the data is read for: a group named as the sender ("EU exports") stands in
    for the origin, read as its member states (`_members`)."""
    if h.origin is None and h.origin_group:
        return replace(h, origin=h.origin_group)
    return h


def _route_alerts(ws: Workspace, h: Hypothesis, goods: Goods) -> pd.DataFrame:
    """Alerts of every detector overlapping the period, on the claim's countries and goods."""
    start, end = h.period_start or EARLY, h.period_end or LATE
    names = [m for c in (h.origin, *h.via, h.destination) if c for m in _members(ws, c)]
    names = names or ["?"]  # none: no alert
    # (an origin unknown: the alerts from any origin into the named stops and end)
    origin_in = "TRUE" if h.origin is None else f"origin IN ({', '.join('?' for _ in names)})"
    alerts = ws.raw.execute(
        f"SELECT * FROM alerts WHERE period_end >= ? AND period_start <= ? AND {origin_in}"
        f" AND destination IN ({', '.join('?' for _ in names)})",
        [start, end, *([] if h.origin is None else names), *names],
    ).df()
    fam = pd.Series(
        [_family(c, goods, s) or _family(d, goods, s) for c, d, s in
         zip(alerts["hs_code"], alerts["declared_hs_code"], alerts["period_start"], strict=True)],
        index=alerts.index, dtype=bool,
    )  # fmt: skip
    return alerts[fam]  # a boolean mask: an empty list would select no columns


def _in_period(alerts: pd.DataFrame, h: Hypothesis) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the alerts whose own change — a deflection's or a route break's rise, the start of
    the pattern they saw — falls in the claimed period, those whose change came before it).
    An alert that overlaps the period but rose before it says nothing of what happened in the
    period: a claim for 2022-H2 is not supported by a rise in 2022-03."""
    if h.period_start is None or alerts.empty:
        return alerts, alerts.iloc[0:0]
    starts = pd.to_datetime(alerts["period_start"])
    # An alert read from annual figures dates its change only to its first year: the change
    # may lie in any month of that year, so it falls in a period overlapping the year.
    yearly = pd.Series([_annual(e) for e in alerts.get("evidence", [None] * len(alerts))],
                       index=alerts.index, dtype=bool)  # fmt: skip
    starts = starts.where(~yearly, starts + pd.offsets.YearEnd(0))
    before = (starts < pd.Timestamp(h.period_start)).fillna(False).astype(bool)
    return alerts[~before], alerts[before]


def _annual(evidence: object) -> bool:
    """Whether an alert was read from annual figures (its evidence's `comparison`)."""
    if not isinstance(evidence, str) or '"annual"' not in evidence:
        return False
    try:
        return bool(json.loads(evidence).get("comparison") == "annual")
    except (ValueError, AttributeError):
        return False


def _earlier_words(earlier: pd.DataFrame) -> list[str]:
    """Say the alerts on the route whose change lies before the claimed period."""
    if earlier.empty:
        return []
    top = earlier.sort_values("score", ascending=False).iloc[0]
    return [f"{len(earlier)} alert(s) on the route show a change that began before the period"
            f" (the strongest: {top['detector']} {float(top['score']):.2f}, from"
            f" {pd.Timestamp(top['period_start']):%Y-%m}); a change before the period does not"
            " count for it."]  # fmt: skip


def _fell(h: Hypothesis, flows: list[dict[str, Any]], through_others: bool) -> list[str]:
    """The claim's legs (through each named intermediary, else origin → destination) whose
    flow per month fell in the period against before (below 1/GROWN of it): flows that
    shrank where the claim says goods moved pull the grade down. With no intermediary named
    and route alerts through others (`through_others`), the direct flow falling is the
    pattern itself (goods re-routed), not against it."""
    legs = {f"{b} → {h.destination}" for b in h.via}
    legs |= {f"{h.origin} → {b}" for b in h.via} if h.origin else set()
    if not h.via:
        legs = set() if through_others else {f"{h.origin} → {h.destination}"}
    return [f"{f['leg']} fell ({f['change']} a month)" for f in flows
            if f["leg"] in legs and f["reported_by"] and f["usd_per_month_before"] > 0
            and f["usd_per_month_during"] * GROWN < f["usd_per_month_before"]]  # fmt: skip


def _grade_one(ws: Workspace, h: Hypothesis) -> Verdict:
    goods = _goods(ws, h)
    if not goods.total and not goods.headings:
        summary = (_summary_line(_as_graded(h), "inconclusive") + " The text names no goods, so"
                   " the check cannot tell which flows to look at; give them with --goods (HS"
                   " codes, a category, or TOTAL for all goods).")  # fmt: skip
        if _has_totals(ws):
            summary += (" The workspace holds all-goods totals (trade_aggregates): --goods TOTAL"
                        " grades the claim on them.")  # fmt: skip
        return _verdict(h, "inconclusive", 0.0, [], summary)
    claimed = h  # (as read: a group sender stays `origin_group`, graded as its members)
    h, cut = _cut_at_data_end(ws, _as_graded(h), goods)
    start, end = h.period_start or EARLY, h.period_end or LATE
    origins = _members(ws, h.origin) if h.origin else []
    alerts, earlier = _in_period(_route_alerts(ws, h, goods), h)
    on_via = alerts["via"].notna()
    # an origin unknown: any origin's route through the named stops is the claim's
    from_origin = alerts["origin"].notna() if h.origin is None else alerts["origin"].isin(origins)
    route = alerts[on_via & from_origin & (alerts["destination"] == h.destination)]
    legs = alerts[~on_via]
    vias = h.via or []
    per_via, evidence = _through_named(h, origins, route, legs)
    direct = legs[legs["origin"].isin(origins) & (legs["destination"] == h.destination)]
    evidence += [_alert(a) for a in direct.sort_values("score", ascending=False)
                 .head(3).to_dict("records")]  # fmt: skip
    alert_signal = max(per_via.values(), default=0.0)  # the named routes' alerts alone
    records, records_said = _records_of(ws, h, goods, origins, (start, end), per_via, evidence)
    others = route[~route["via"].isin(vias)] if vias else route.iloc[0:0]
    notes: list[str] = [cut] if cut else []
    notes += _group_words(h.origin, origins)
    if h.origin is None:
        notes.append(
            f"The claim names no origin: it is graded from {' / '.join(vias)} on, on the legs"
            " into the destination and on route alerts from any origin."
        )
    if not vias:  # no intermediary named: the routes through any country are the claim's
        best_routes = route.sort_values("score", ascending=False).head(3)
        evidence += [_alert(a) for a in best_routes.to_dict("records")]
        if len(best_routes):
            top = best_routes.iloc[0]
            notes.append(f"The strongest route evidence runs through {top['via']}"
                         f" ({top['detector']}, {float(top['score']):.2f}),"
                         " not directly.")  # fmt: skip
    other_vias = sorted(others.loc[others["score"] >= SUPPORT, "via"].dropna().unique())
    evidence += _cases_of(ws, [e["alert_id"] for e in evidence])
    flows = _leg_flows(ws, h, goods)
    evidence += flows
    evidence += [records] if records else []
    if vias:
        supported = all(s >= SUPPORT for s in per_via.values())
        signal = max(per_via.values(), default=0.0)
    else:
        best = max([float(route["score"].max()) if len(route) else 0.0,
                    float(direct["score"].max()) if len(direct) else 0.0,
                    records["score"] if records else 0.0])  # fmt: skip
        supported, signal = best >= SUPPORT, best
    notes += _earlier_words(earlier)
    top_earlier = earlier.sort_values("score", ascending=False).head(3)
    evidence += [{**_alert(a), "before_period": True} for a in top_earlier.to_dict("records")]
    fell = _fell(h, flows, through_others=not vias and len(route) > 0)
    if supported and fell:
        supported = False
        notes.append(f"The flows do not bear the alerts out: {'; '.join(fell)} in the period"
                     " against before, so the alerts alone do not support the claim.")  # fmt: skip
    notes += [b.words() + " (HS revision): flows before then are read under it."
              for b in goods.bridges]  # fmt: skip
    notes += _unbridged(h, goods)
    if goods.total and _has_totals(ws):
        notes.append("All goods: graded on the all-goods totals (trade_aggregates) and on alerts"
                     " of any code on the route.")  # fmt: skip
    notes += _annual_words(flows)
    grown = any(f["leg"].endswith(f"→ {h.destination}") and f["reported_by"]
                and f["usd_per_month_during"] > GROWN * f["usd_per_month_before"]
                for f in flows)  # fmt: skip
    # The records contradict a named route they would have shown, where no alert and no
    # growth of the flows speaks for it.
    against = (records["against"] if records and not supported and not grown
               and alert_signal < ANY_SIGNAL else None)  # fmt: skip
    gaps = (_missing_data(ws, h, goods, records) or _unseen_legs(flows)) + _not_in_data(flows)
    covers_only = _covers_only(ws, goods)
    if covers_only and not any("itself" in g for g in gaps):
        gaps.insert(0, covers_only)  # said first: the flows shown are not the goods' own
    if gaps:
        seen = [_flow_words(f, covers_only=bool(covers_only)) for f in flows if f["usd_during"]]
        shown = [f"What the data does show: {'; '.join(seen)}."] if seen else []
        shown += _reported_zeros(flows)
        said = _alert_words(per_via, signal, bool(vias), bool(records))
        if supported:
            conf = sum(per_via.values()) / len(per_via) if per_via else signal
            summary = " ".join([_summary_line(h, "supported"), *said, *gaps, *records_said,
                                _rests_on(evidence), *notes, *shown])  # fmt: skip
            return _verdict(claimed, "supported", min(0.99, conf), evidence, summary)
        if against is not None:
            summary = " ".join([_summary_line(h, "contradicted"), *records_said, *gaps, *notes,
                                *shown])  # fmt: skip
            return _verdict(claimed, "contradicted", against, evidence, summary)
        summary = " ".join([_summary_line(h, "inconclusive"), *gaps, *records_said,
                            *(said if len(alerts) or records else []), *notes, *shown])  # fmt: skip
        return _verdict(claimed, "inconclusive", round(0.5 * signal, 2), evidence, summary)
    if covers_only:
        notes.insert(0, covers_only)
    covered = _data_covers(ws, h, goods, start, end)
    months = _months(h)
    strongest = max([signal] + [e["score"] for e in evidence if e["kind"] == "alert"])
    quiet = covered and strongest < ANY_SIGNAL and not grown  # nothing for the claim
    verdict: Grade
    borne = _borne_out(h, flows, direct, months) if not supported else None
    if supported:
        verdict = "supported"
        confidence = min(0.99, sum(per_via.values()) / len(per_via) if per_via else signal)
    elif borne is not None:
        share = _reported_share(ws, h, goods)
        weight = math.sqrt(min(months, FULL_MONTHS) / FULL_MONTHS) * share
        verdict, confidence = "supported", round((borne[0] + FLOWS_LINE * weight) / 2, 2)
        notes.append(borne[1] + f" (confidence: the mean of the alert's {borne[0]:.2f} and the"
                     f" flows' {FLOWS_LINE * weight:.2f}, {FLOWS_LINE} × the comparison's"
                     f" weight ×{weight:.2f}).")  # fmt: skip
    elif quiet and h.period_start is not None and months >= MIN_TREND_MONTHS:
        share = _reported_share(ws, h, goods)
        weight = math.sqrt(min(months, FULL_MONTHS) / FULL_MONTHS) * share
        verdict = "contradicted"
        confidence = round((0.6 + 0.3 * (1 - strongest / ANY_SIGNAL)) * weight, 2)
        notes.append(f"The comparison rests on {months} month(s) against as many before,"
                     f" with trade reported in {share:.0%} of them"
                     f" (confidence ×{weight:.2f}).")  # fmt: skip
    elif against is not None:
        verdict, confidence = "contradicted", against
    else:
        verdict, confidence = "inconclusive", round(0.5 * max(signal, 0.2), 2)
        if h.period_start is None:
            notes.append("The claim gives no period, so no flows are compared: the flows"
                         " neither contradict nor support it (--since YYYY-MM gives"
                         " one).")  # fmt: skip
        elif quiet:
            notes.append(f"The period is {months} month(s): fewer than {MIN_TREND_MONTHS}"
                         " show no trend, so the flows neither contradict nor support the"
                         " claim.")  # fmt: skip
    summary = _summary(h, verdict, per_via, other_vias, covered, grown, signal, bool(flows))
    return _verdict(claimed, verdict, float(confidence), evidence,
                    " ".join([summary, *records_said, *notes]))  # fmt: skip


def _through_named(
    h: Hypothesis, origins: list[str], route: pd.DataFrame, legs: pd.DataFrame
) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """Each named intermediary's strongest alert evidence (a route alert through it, else the
    weaker of its two legs' best), and the alerts cited for it (three of each kind)."""
    per_via: dict[str, float] = {}
    evidence: list[dict[str, Any]] = []
    for b in h.via or []:
        r = route[route["via"] == b]
        # (an origin unknown: the onward leg alone is the named stop's evidence)
        first = legs[legs["origin"].isin(origins) & (legs["destination"] == b)]
        if h.origin is None:
            first = legs[(legs["origin"] == b) & (legs["destination"] == h.destination)]
        second = legs[(legs["origin"] == b) & (legs["destination"] == h.destination)]
        best_route = float(r["score"].max()) if len(r) else 0.0
        best_legs = min(float(first["score"].max()) if len(first) else 0.0,
                        float(second["score"].max()) if len(second) else 0.0)  # fmt: skip
        per_via[b] = max(best_route, best_legs)
        for frame in (r, first, second):
            evidence += [_alert(a) for a in frame.sort_values("score", ascending=False)
                         .head(3).to_dict("records")]  # fmt: skip
    return per_via, evidence


def _borne_out(
    h: Hypothesis, flows: list[dict[str, Any]], direct: pd.DataFrame, months: int
) -> tuple[float, str] | None:
    """(the alert's score, the sentence) where a claim naming no intermediary is borne out by
    two lines together: the flow from origin to destination grew in the period (above GROWN
    times before, over MIN_TREND_MONTHS or more, read from a side that reports both windows)
    and an alert on that pair, its change in the period, reaches ANY_SIGNAL. The flow is the
    claim itself there, as it is not for a route through others; neither line alone supports."""
    if h.via or h.period_start is None or months < MIN_TREND_MONTHS or direct.empty:
        return None
    leg = f"{h.origin} → {h.destination}"
    rose = [f for f in flows if f["leg"] == leg and f["reported_by"]
            and f["usd_per_month_during"] > GROWN * f["usd_per_month_before"]]  # fmt: skip
    top = direct.sort_values("score", ascending=False).iloc[0]
    if not rose or float(top["score"]) < ANY_SIGNAL:
        return None
    return float(top["score"]), (
        f"Two lines bear the claim out: {leg} grew in the period ({rose[0]['change']} a month),"
        f" and {top['detector']} on that pair scores {float(top['score']):.2f}")  # fmt: skip


def _cut_at_data_end(ws: Workspace, h: Hypothesis, goods: Goods) -> tuple[Hypothesis, str]:
    """The claim with its period cut at the last month the workspace holds (a claim 'since
    spring 2022' on data ending 2022-11 is compared over 2022-03..2022-11, not to today), and
    the sentence that says so; the claim itself where the data runs to its end or holds
    nothing in it."""
    if h.period_start is None:
        return h, ""
    row = ws.raw.execute(
        f"SELECT max(CASE WHEN freq = 'M' THEN last_day(period)"
        f" ELSE last_day(period + INTERVAL 11 MONTH) END) FROM {goods.table} WHERE {goods.scope}"
    ).fetchone()
    last = row[0] if row else None
    if last is None or last < h.period_start or (h.period_end and h.period_end <= last):
        return h, ""
    return replace(h, period_end=last), (
        f"The period is cut at the data's end ({last:%Y-%m}): the workspace holds no trade after"
        " it, so the flows are compared up to then.")  # fmt: skip


def _unbridged(h: Hypothesis, goods: Goods) -> list[str]:
    """A claimed heading an HS revision created within the comparison without a clean
    predecessor (8806 drones came out of slices of 8802 and 8525): said, since its flows
    before the revision are missing by construction."""
    from shadowtrade.detect.route_break import new_codes

    if h.period_start is None or goods.total:
        return []
    before = _window(h)[0]
    bridged = {b.code for b in goods.bridges}
    created = new_codes()
    return [f"HS {c} was created by the HS {created[c].year} revision out of parts of other"
            f" codes that cannot be told apart: its flows before {created[c]:%Y-%m} are"
            " missing, not zero." for c in goods.headings
            if c in created and c not in bridged and created[c].date() > before]  # fmt: skip


def _months(h: Hypothesis) -> int:
    """The period's months (to today when it has no end)."""
    if h.period_start is None:
        return FULL_MONTHS  # no period: the whole record, compared as a year would be
    end = h.period_end or date.today()
    return max(1, (end.year - h.period_start.year) * 12 + end.month - h.period_start.month + 1)


def _window(h: Hypothesis) -> tuple[date, date, date]:
    """(the comparison's first month, the period's start, its end)."""
    assert h.period_start is not None
    end = h.period_end or date.today()
    before = (pd.Timestamp(h.period_start) - pd.DateOffset(months=_months(h))).date()
    return before, h.period_start, end


def _reported_share(ws: Workspace, h: Hypothesis, goods: Goods) -> float:
    """Share of the 2n months compared in which a country of the claim reports any trade in the
    workspace (an annual row reports its 12 months)."""
    if h.period_start is None:
        return 1.0
    before, _, end = _window(h)
    names = [m for c in (h.origin, *h.via, h.destination) if c for m in _members(ws, c)]
    names = names or ["?"]
    row = ws.raw.execute(
        f"""SELECT count(DISTINCT month) FROM (
              SELECT CASE WHEN freq = 'M' THEN [date_trunc('month', period)]
                     ELSE [date_trunc('year', period) + to_months(i) FOR i IN range(12)] END
                     AS months
              FROM {goods.table} WHERE {goods.scope}
                AND reporter IN ({", ".join("?" for _ in names)})
                AND period BETWEEN date_trunc('year', ?::DATE) AND ?),
            unnest(months) AS t(month) WHERE month BETWEEN ? AND ?""",
        [*names, before, end, before, end],
    ).fetchone()
    compared = 2 * _months(h)
    return min(1.0, float(row[0] if row else 0) / compared)


def _alert_words(
    per_via: dict[str, float], signal: float, named: bool, records: bool = False
) -> list[str]:
    what = "alert or shipment record" if records else "alert"
    if not named:
        return [f"The strongest {what} on the route scores {signal:.2f}."]
    return [f"Through {b}: the strongest route or leg {what} scores {s:.2f}"
            + (" (enough)." if s >= SUPPORT else " (not enough).")
            for b, s in per_via.items()]  # fmt: skip


def _verdict(
    h: Hypothesis, grade_: Grade, confidence: float, evidence: list[dict[str, Any]], summary: str
) -> Verdict:
    if h.stance == "denied":
        said = {"supported": "supports", "contradicted": "contradicts"}.get(grade_)
        summary = (
            f"The text denies this claim; the data {said} the denied claim. " if said else
            "The text denies this claim; the data neither supports nor contradicts it. "
        ) + summary  # fmt: skip
    hyp = {k: v for k, v in asdict(h).items() if k not in ("evidence", "others")}
    for k in ("period_start", "period_end", "statement_date"):
        hyp[k] = str(getattr(h, k)) if getattr(h, k) else None
    hyp["words"] = h.words or {"origin": None, "via": [], "destination": None, "goods": [],
                               "period": None}  # fmt: skip
    return {"hypothesis": hyp, "grade": grade_, "confidence": round(confidence, 2),
            "evidence": evidence, "summary": summary}  # fmt: skip


def _missing_data(
    ws: Workspace, h: Hypothesis, goods: Goods, records: dict[str, Any] | None = None
) -> list[str]:
    """What the workspace lacks to judge the claim from its raw flows: trade in those goods,
    trade in the period, trade of every country named, a leg someone reports. Each sentence is
    computed from the rows there are. Empty when the flows can judge the claim. Where shipment
    records hold the goods (`records`), only the statistics lack them: said so."""
    start, end = h.period_start or EARLY, h.period_end or LATE
    own, cover = goods.own_sql(), goods.with_covers_sql()
    row = ws.raw.execute(
        f"""SELECT count(*) FILTER (WHERE {own}),
                   count(*) FILTER (WHERE {cover}),
                   count(*) FILTER (WHERE {cover} AND (period BETWEEN ? AND ? OR (freq <> 'M'
                                    AND period BETWEEN date_trunc('year', ?::DATE) AND ?))),
                   min(period) FILTER (WHERE {own}), max(period) FILTER (WHERE {own}),
                   count(DISTINCT date_trunc('month', period)) FILTER (WHERE {own}),
                   min(period) FILTER (WHERE {cover}), max(period) FILTER (WHERE {cover}),
                   count(DISTINCT date_trunc('month', period)) FILTER (WHERE {cover})
            FROM {goods.table} WHERE {goods.scope}""",
        [start, end, start, end],
    ).fetchone()
    n_own, n_cover, in_period, first, last, n_months, cfirst, clast, c_months = row or (0,) * 9
    span = _span_words(h)
    what = goods.names()
    if not n_cover:
        if goods.total:
            return ["The workspace holds no all-goods totals (trade_aggregates), so the"
                    " flows cannot weigh the whole trade of an all-goods claim (HS codes given"
                    " with --goods can be weighed)."]  # fmt: skip
        if records and records["held"]:
            return [f"The trade statistics hold no trade in {what} (nor in the codes it is"
                    " declared under), so the flows can say nothing about these goods; the"
                    " shipment records are read instead."]  # fmt: skip
        return [f"The workspace holds no trade in {what} (nor in the codes it is declared"
                " under), so the data can say nothing about these goods."]  # fmt: skip
    if not in_period:
        if n_own:
            return [f"The workspace holds trade in {what} in {n_months} month(s) from"
                    f" {first:%Y-%m} to {last:%Y-%m}, but none {span}."]  # fmt: skip
        return [f"The workspace holds no trade in {what} itself; the codes it may be declared"
                f" under ({', '.join(goods.covers)}) hold trade in {c_months} month(s) from"
                f" {cfirst:%Y-%m} to {clast:%Y-%m}, but none {span}."]  # fmt: skip
    if not _data_covers(ws, h, goods, start, end):
        names = [c for c in (h.origin, *h.via, h.destination) if c]
        missing = [c for c in names if not _reported(ws, goods, c, start, end)]
        if not names:
            return ["The claim names no origin or destination."]
        return [f"The workspace holds no trade reported by or with {', '.join(missing)} {span}."]
    unseen = [f"{a} → {b}" for a, b in _legs(h)
              if not _leg_observable(ws, goods, a, b, start, end)]  # fmt: skip
    if unseen:
        return [f"Neither country of {', '.join(unseen)} reports its trade in the workspace"
                f" {span} and no other report names that trade, so the route cannot be"
                " seen in the flows."]  # fmt: skip
    return []


def _legs(h: Hypothesis) -> list[tuple[str, str]]:
    if h.destination is None:
        return []
    if h.origin is None:  # graded from the stops on
        return [(b, h.destination) for b in h.via]
    if not h.via:
        return [(h.origin, h.destination)]
    return [(h.origin, b) for b in h.via] + [(b, h.destination) for b in h.via]


def _leg_observable(ws: Workspace, goods: Goods, a: str, b: str, start: date, end: date) -> bool:
    """Whether the workspace could show trade from a to b: a reports its exports or b its
    imports (then no flow between them is a zero). EU
    statistics hold EU → ARM but neither ARM → RUS nor its absence; Kyrgyz imports say nothing
    of Kyrgyz exports."""
    row = ws.raw.execute(
        f"SELECT count(*) FROM {goods.table} WHERE {goods.scope}"
        " AND ((list_contains(?, reporter) AND flow = 'export')"
        " OR (list_contains(?, reporter) AND flow = 'import'))"
        " AND period BETWEEN date_trunc('year', ?::DATE) AND ?",
        [_members(ws, a), _members(ws, b), start, end],
    ).fetchone()
    return bool(row and row[0])


def _span_words(h: Hypothesis) -> str:
    if h.period_start or h.period_end:
        return f"in {h.period_start or '…'} to {h.period_end or '…'}"
    return "at any date"


def _reported(ws: Workspace, goods: Goods, country: str, start: date, end: date) -> bool:
    row = ws.raw.execute(
        f"SELECT count(*) FROM {goods.table} WHERE {goods.scope}"
        " AND (list_contains(?, reporter) OR list_contains(?, partner))"
        " AND period BETWEEN date_trunc('year', ?::DATE) AND ?",
        [_members(ws, country), _members(ws, country), start, end],
    ).fetchone()
    return bool(row and row[0])


def _summary_line(h: Hypothesis, verdict: str) -> str:
    middle = [" / ".join(h.via)] if h.via else []
    route = " → ".join([h.origin or "?", *middle, h.destination or "?"])
    total = any(c.upper() in ALL_GOODS for c in h.hs_codes)
    goods = "all goods" if total else ", ".join(h.hs_codes) or "goods unstated"
    return f"{route} ({goods}) is {verdict}."


def _alert(a: Mapping[Hashable, Any]) -> dict[str, Any]:
    keep = ("alert_id", "detector", "score", "origin", "via", "destination", "hs_code",
            "declared_hs_code", "period_start", "period_end", "summary")  # fmt: skip
    out: dict[str, Any] = {str(k): (None if pd.isna(a[k]) else a[k]) for k in keep}
    out["score"] = round(float(a["score"]), 3)
    for k in ("period_start", "period_end"):
        out[k] = str(pd.Timestamp(a[k]).date()) if out[k] is not None else None
    return {"kind": "alert", **out}


def _cases_of(ws: Workspace, alert_ids: list[str]) -> list[dict[str, Any]]:
    """The cases (with their triage) that hold the alerts cited as evidence."""
    if not alert_ids:
        return []
    rows = ws.raw.execute(
        f"""
        SELECT c.case_id, round(c.score, 3) AS score, c.kind, c.title,
               coalesce(t.status, 'new') AS status, list(m.alert_id ORDER BY m.alert_id) AS cited
        FROM case_alerts m JOIN cases c USING (case_id) LEFT JOIN case_triage t USING (case_id)
        WHERE m.alert_id IN ({", ".join("?" for _ in alert_ids)})
        GROUP BY ALL ORDER BY score DESC, case_id""",
        alert_ids,
    ).fetchall()
    return [
        {"kind": "case", "case_id": r[0], "score": float(r[1]), "case_kind": r[2],
         "title": r[3], "status": r[4], "alert_ids": list(r[5])}
        for r in rows
    ]  # fmt: skip


def _leg_flows(ws: Workspace, h: Hypothesis, goods: Goods) -> list[dict[str, Any]]:
    """Value on each leg in the period against as long a time before it, read from one side:
    a side counts only where its reporter reports trade in that direction (any goods, any
    partner) both in the period and before it, so a reporter that stopped reporting reads as
    silent, not as a collapse; the exporter's side first, and a side whose report names the
    leg before one that does not. Monthly rows compare the period's months with as many before;
    annual rows compare the whole years the period touches with as many years before (a year
    row cannot be cut into months). Neither side usable: the leg is not comparable."""
    if h.period_start is None or h.destination is None or not (h.origin or h.via):
        return []
    before, start, end = _window(h)
    first_year, last_year = start.year, end.year
    years = last_year - first_year + 1
    lowest = min(before, date(first_year - years, 1, 1))
    origin, cover = h.origin, goods.with_covers_sql() if not goods.total else goods.own_sql()
    legs = [(origin, b, cover) for b in h.via] if origin else []
    legs += [(b, h.destination, goods.own_sql()) for b in h.via]
    legs += [(origin, h.destination, goods.own_sql())] if origin else []
    out = []
    for i, (a, b, like) in enumerate(legs):
        rows = ws.raw.execute(
            f"""
            WITH r AS (
                SELECT CASE WHEN flow = 'export' THEN 'exporter' ELSE 'importer' END AS side,
                       CASE WHEN freq = 'M' THEN 'monthly' ELSE 'annual' END AS figures,
                       CASE WHEN freq = 'M' THEN
                              CASE WHEN period BETWEEN $start AND $end THEN 'during'
                                   WHEN period >= $before AND period < $start THEN 'before' END
                            ELSE
                              CASE WHEN year(period) BETWEEN $y1 AND $y2 THEN 'during'
                                   WHEN year(period) BETWEEN $y0 AND $y1 - 1 THEN 'before' END
                       END AS w,
                       coalesce(list_contains(CASE WHEN flow = 'export' THEN $b ELSE $a END,
                                              partner) AND {like}, FALSE) AS on_leg,
                       period
                FROM {goods.table}
                WHERE {goods.scope}
                  AND ((list_contains($a, reporter) AND flow = 'export')
                       OR (list_contains($b, reporter) AND flow = 'import'))
                  AND period >= $lowest AND period <= $end)
            SELECT side, figures, count(DISTINCT period) FILTER (WHERE w = 'during'),
                   count(DISTINCT period) FILTER (WHERE w = 'before')
            FROM r WHERE w IS NOT NULL GROUP BY side, figures
            ORDER BY count(DISTINCT w) = 2 DESC, bool_or(on_leg) DESC, side = 'exporter' DESC,
                     figures = 'monthly' DESC""",
            {"a": _members(ws, a), "b": _members(ws, b), "start": start, "end": end,
             "before": before, "lowest": lowest,
             "y0": first_year - years, "y1": first_year, "y2": last_year},
        ).fetchall()  # fmt: skip
        # Months of the side's report in each window (an annual row reports 12): a window it
        # does not report is not in the data, not a zero.
        per = 1 if rows and rows[0][1] == "monthly" else 12
        n_during, n_before = (rows[0][2] * per, rows[0][3] * per) if rows else (0, 0)
        row = rows[0] if rows and n_during and n_before else None
        side, figures = (str(row[0]), str(row[1])) if row else (None, None)
        missing = ("in the period" if not any(r[2] for r in rows)
                   else "before the period" if not any(r[3] for r in rows) else None)  # fmt: skip
        during = prior = 0.0
        level: int | None = None
        if side and figures:
            pair = (_members(ws, a), _members(ws, b))
            value = _leg_values(ws, goods, like, pair if side == "exporter" else pair[::-1],
                                "export" if side == "exporter" else "import", figures,
                                lowest, end)  # fmt: skip
            level = _level(ws, goods, pair[0] if side == "exporter" else pair[1],
                           "export" if side == "exporter" else "import", figures)  # fmt: skip
            if figures == "monthly":
                during = float(value[(value["period"] >= start)]["value"].sum())
                prior = float(value[(value["period"] >= before)
                                    & (value["period"] < start)]["value"].sum())  # fmt: skip
            else:
                year = value["period"].map(lambda d: d.year)
                during = float(value[year.between(first_year, last_year)]["value"].sum())
                prior = float(value[year.between(first_year - years, first_year - 1)]
                              ["value"].sum())  # fmt: skip
        first_leg = i < len(h.via)
        codes = ["TOTAL"] if goods.total else goods.headings + (
            goods.covers if first_leg else [])  # fmt: skip
        monthly_during = during / n_during if side else 0.0
        monthly_before = prior / n_before if side else 0.0
        out.append({
            "kind": "flows", "leg": f"{a} → {b}", "codes": codes,
            "cover_codes": goods.covers if first_leg and not goods.total else [],
            "usd_during": round(during), "usd_before": round(prior),
            "months_during": n_during if side else 0, "months_before": n_before if side else 0,
            "usd_per_month_during": round(monthly_during),
            "usd_per_month_before": round(monthly_before),
            "growth": round(monthly_during / monthly_before, 2)
                      if monthly_before > 0 and side else None,
            "change": _change(monthly_during, monthly_before) if side else
                      f"not in the data {missing}" if missing else "not comparable",
            "bridged": [{"code": x.code, "before": x.before, "until": str(x.until)}
                        for x in goods.bridges if x.until > before],
            "reported_by": side, "figures": figures, "hs_level": level,
            "compared": _compared(figures, before, start, end),
        })  # fmt: skip
    return out


def _leg_values(
    ws: Workspace,
    goods: Goods,
    like: str,
    pair: tuple[list[str], list[str]],
    flow: str,
    figures: str,
    lowest: date,
    end: date,
) -> pd.DataFrame:
    """period, value: one reporter's rows of the leg (the claimed codes, `like`) by period, each
    flow counted once at one level, as the detectors count it (`levels.cut_to_levels`): a
    reporter whose data holds a heading both as HS4 totals and as their CN8 lines (two
    downloads) is read at one level, never both summed. All-goods totals have no levels."""
    from shadowtrade.detect import levels as lv

    reporter, partner = pair
    freq = "freq = 'M'" if figures == "monthly" else "freq <> 'M'"
    sql = (f"SELECT reporter, partner, flow, period, hs_code AS code, value_usd AS value"
           f" FROM {goods.table} WHERE {goods.scope} AND {freq}"
           f" AND reporter IN ({_quote(reporter)})"
           f" AND partner IN ({_quote(partner)}) AND flow = {_quote([flow])}"
           f" AND period BETWEEN DATE '{lowest}' AND DATE '{end}' AND {like}")  # fmt: skip
    if goods.total:
        df = ws.raw.execute(f"SELECT period, sum(value) AS value FROM ({sql}) GROUP BY period").df()
    else:
        ctx = ws.scan_context
        cut = lv.cut_to_levels(ctx, ctx.con.sql(sql), "M" if figures == "monthly" else "A",
                               sums=("value",))  # fmt: skip
        df = ctx.con.execute(cut.group_by("period").agg(value=cut.value.sum()))
    df["period"] = pd.to_datetime(df["period"]).dt.date
    return df


def _level(
    ws: Workspace, goods: Goods, reporters: list[str], flow: str, figures: str
) -> int | None:
    """The HS level the leg was read at: the level the reporter gives the claimed headings'
    chapters in (`levels.level_lookup`, the detectors' choice); None for all-goods totals."""
    from shadowtrade.detect import levels as lv

    if goods.total:
        return None
    lookup = lv.level_lookup(ws.scan_context, "M" if figures == "monthly" else "A")
    found = [lookup.get((r, flow, c[:2])) for r in reporters for c in goods.headings]
    return min((x for x in found if x is not None), default=None)


def _quote(texts: list[str]) -> str:
    return ", ".join("'" + t.replace("'", "''") + "'" for t in texts)


def _members(ws: Workspace, country: str) -> list[str]:
    """The countries whose statistics stand for `country`: a group the country tables define
    (EUU, EMU) is read as its member states the workspace holds as reporters (EU statistics
    report by member, never as 'EUU'); any other country, or a group held as a reporter
    itself, stands for itself."""
    from shadowtrade.reference.loaders import country_groups

    members = country_groups().get(country)
    if not members:
        return [country]
    held = {str(r) for (r,) in ws.raw.execute("SELECT DISTINCT reporter FROM trade_flows"
                                              " UNION SELECT DISTINCT reporter FROM"
                                              " trade_aggregates").fetchall()}  # fmt: skip
    if country in held or not held & set(members):
        return [country]
    return sorted(held & set(members))


def _records_of(
    ws: Workspace,
    h: Hypothesis,
    goods: Goods,
    origins: list[str],
    span: tuple[date, date],
    per_via: dict[str, float],
    evidence: list[dict[str, Any]],
) -> tuple[dict[str, Any] | None, list[str]]:
    """The shipment records' evidence item and sentences (None, [] without records). Raises
    each named intermediary's score (`per_via`) to that of the consignments declared through it
    and of the alerts on them, and cites those alerts (`evidence`)."""
    in_records = _record_members(h.origin, origins)
    records = consignments.read(ws, h, goods, in_records, *span)
    if records is None:
        return None, []
    said = consignments.words(records, goods.names(), _span_words(h))
    if in_records != origins:
        said.insert(0, f"In the shipment records {h.origin} is read as its {len(in_records)}"
                       " member state(s).")  # fmt: skip
    for b, ids in records.pop("ids_by_via").items():
        on = consignments.alerts_on(ws, ids).sort_values("score", ascending=False)
        per_via[b] = max([per_via[b], records["score_by_via"][b], *on["score"].head(1)])
        cited = {e["alert_id"] for e in evidence}
        evidence += [_alert(a) for a in on.head(3).to_dict("records") if a["alert_id"] not in cited]
        said += [f"Alerts on the consignments through {b}: " + ", ".join(
            f"{a['detector']} {float(a['score']):.2f}" for a in on.head(3).to_dict("records")
        ) + "."] if len(on) else []  # fmt: skip
    return records, said


def _record_members(country: str | None, members: list[str]) -> list[str]:
    """The countries that stand for a group in shipment records: its member states (records
    name each consignment's own country, never 'EUU'), where the statistics did not already
    read it as its members."""
    from shadowtrade.reference.loaders import country_groups

    if country is None or members != [country]:
        return members
    return sorted(country_groups().get(country) or members)


def _group_words(country: str | None, members: list[str]) -> list[str]:
    """Say how a group was read (never a silent 0 USD for a code no reporter has)."""
    if not country or members == [country]:
        return []
    return [
        f"{country} is read as its {len(members)} member state(s) as they report"
        f" ({', '.join(members)}): the workspace holds no {country} reporter."
    ]


def _compared(figures: str | None, before: date, start: date, end: date) -> dict[str, str]:
    """The two spans a leg's comparison read, and by what unit (months or whole years)."""
    if figures == "annual":
        y1, y2 = start.year, end.year
        y0 = y1 - (y2 - y1 + 1)

        def span(a: int, b: int) -> str:
            return str(a) if a == b else f"{a}..{b}"

        return {"during": span(y1, y2), "before": span(y0, y1 - 1), "by": "whole years"}
    last = (pd.Timestamp(start) - pd.DateOffset(months=1)).date()
    return {"during": f"{start:%Y-%m}..{end:%Y-%m}", "before": f"{before:%Y-%m}..{last:%Y-%m}",
            "by": "months"}  # fmt: skip


def _flow_words(f: dict[str, Any], covers_only: bool = False) -> str:
    """One leg's comparison in words, with the HS level it was read at where it is coarser than
    HS6; a leg read in cover codes only (the workspace holds none of the goods themselves) is
    labelled so, never shown as the goods' own trade."""
    coarse = f.get("hs_level") and f["hs_level"] < 6  # HS6 and finer: the usual, unsaid
    level = f"; read at HS{f['hs_level']}, the level its reporter gives" if coarse else ""
    label = f"{f['leg']} in cover codes only" if covers_only and f.get("cover_codes") else f["leg"]
    return (f"{label} {_usd(f['usd_per_month_during'])} a month over the"
            f" {f['months_during']} month(s) of the period the data holds, against"
            f" {_usd(f['usd_per_month_before'])} a month over {f['months_before']} month(s)"
            f" before ({f['change']}{level})")  # fmt: skip


def _usd(x: float) -> str:
    return f"{x / 1e6:.2f} M USD" if x >= 1e6 else f"{x:,.0f} USD"


def _has_totals(ws: Workspace) -> bool:
    row = ws.raw.execute(
        "SELECT count(*) FROM trade_aggregates WHERE aggregate_kind = 'all_goods'"
    ).fetchone()
    return bool(row and row[0])


def _rests_on(evidence: list[dict[str, Any]]) -> str:
    """What a grade resting on alerts alone rests on: the alerts' codes, so that an all-goods
    claim says which goods its support covers (one story, never 'the data can say nothing'
    beside 'supported')."""
    alerts = [e for e in evidence if e["kind"] == "alert" and not e.get("before_period")]
    codes = sorted({str(e["hs_code"]) for e in alerts if e.get("hs_code")})
    held = sum(e["on_route"] for e in evidence if e["kind"] == "consignments")
    records = f" and on {held} consignment(s) on the route in the shipment records" if held else ""
    if not codes:
        return f"The grade rests on the alerts{records}."
    shown = ", ".join(codes[:12]) + (f" and {len(codes) - 12} more" if len(codes) > 12 else "")
    return f"The grade rests on the alerts, in {len(codes)} HS code(s): {shown}{records}."


def _reported_zeros(flows: list[dict[str, Any]]) -> list[str]:
    """A leg its reporter reports (in the period and before) with none of the goods in the
    period: a reported zero, said, since it is evidence, not a gap."""
    out = []
    for f in flows:
        if not f["reported_by"] or f["usd_during"]:
            continue
        exporter, importer = f["leg"].split(" → ")
        who, what = ((exporter, "exports") if f["reported_by"] == "exporter"
                     else (importer, "imports"))  # fmt: skip
        before = (f"none in the {f['months_before']} month(s) before either"
                  if not f["usd_before"] else
                  f"against {_usd(f['usd_per_month_before'])} a month before")  # fmt: skip
        out.append(f"{f['leg']}: {who} reports its {what} in the {f['months_during']} month(s)"
                   f" of the period, and none of these goods on this leg: a reported zero"
                   f" ({before}).")  # fmt: skip
    return out


def _covers_only(ws: Workspace, goods: Goods) -> str:
    """The sentence, said first, for goods the workspace holds no trade in while their cover
    codes hold some: the flows shown are then of those civilian codes, not of the goods."""
    if goods.total or not goods.covers:
        return ""
    row = ws.raw.execute(
        f"SELECT count(*) FILTER (WHERE {goods.own_sql()}),"
        f" count(*) FILTER (WHERE {goods.with_covers_sql()}) FROM {goods.table}"
        f" WHERE {goods.scope}"
    ).fetchone()
    if not row or row[0] or not row[1]:
        return ""
    what = goods.names()
    return (f"The workspace holds no trade in {what} itself; the flows shown on the first leg"
            f" are of the codes it may be declared under ({', '.join(goods.covers)}), not of"
            f" {what}.")  # fmt: skip


def _unseen_legs(flows: list[dict[str, Any]]) -> list[str]:
    """A sentence for the legs no side reports both in the period and before it."""
    unseen = [f["leg"] for f in flows if f["change"] == "not comparable"]
    if not unseen:
        return []
    return [f"Neither country of {', '.join(unseen)} reports that direction of its trade both"
            " in the period and before it, so that flow cannot be compared."]  # fmt: skip


def _not_in_data(flows: list[dict[str, Any]]) -> list[str]:
    """A sentence for each leg whose window before the period (or the period itself) lies
    outside the months the workspace holds for it: not in the data, not a zero."""
    out = []
    for f in flows:
        if f["reported_by"] is None and f["change"] == "not in the data before the period":
            out.append(f"{f['leg']} before the period ({f['compared']['before']}) is not in the"
                       " data (neither country reports it then), not a zero.")  # fmt: skip
    return out


def _annual_words(flows: list[dict[str, Any]]) -> list[str]:
    """Say where annual figures made the comparison one of whole years, not of months."""
    return [f"{f['leg']} has annual figures only: whole years {f['compared']['during']} are"
            f" compared with {f['compared']['before']}." for f in flows
            if f["figures"] == "annual"]  # fmt: skip


def _change(during: float, prior: float) -> str:
    """The comparison in words: 'new flow' from nothing (no made-up factor), 'no trade' in
    either, else the factor."""
    if prior > 0:
        return f"×{during / prior:.2f}"
    return "new flow" if during > 0 else "no trade"


def _data_covers(ws: Workspace, h: Hypothesis, goods: Goods, start: date, end: date) -> bool:
    """Whether the workspace has trade reported by or with every country of the hypothesis."""
    names = [c for c in (h.origin, h.destination, *h.via) if c]
    if not names:
        return False
    return all(_reported(ws, goods, c, start, end) for c in dict.fromkeys(names))


def _summary(
    h: Hypothesis,
    verdict: str,
    per_via: dict[str, float],
    other_vias: list[str],
    covered: bool,
    grown: bool,
    signal: float,
    compared: bool,
) -> str:
    parts = [_summary_line(h, verdict)]
    for b, s in per_via.items():
        parts.append(
            f"Through {b}: the strongest route or leg evidence scores {s:.2f}"
            + (" (enough)." if s >= SUPPORT else " (not enough).")
        )
    if other_vias:
        parts.append(f"The data shows the same pattern through {', '.join(other_vias)} instead.")
    if not covered:
        parts.append("The workspace lacks trade data for some of these countries in the period.")
    elif verdict != "supported" and not grown and compared:
        parts.append(
            ("Flows" if any(c.upper() in ALL_GOODS for c in h.hs_codes) else "Controlled flows")
            + " into the destination on the named legs did not grow against as many months"
            " before the period."
        )
    if not per_via:
        parts.append(f"No intermediary named; direct and route evidence scores {signal:.2f}.")
    return " ".join(parts)


def to_json(verdict: Verdict) -> str:
    """The verdict as `check --json` prints it (dates as ISO text, scripts kept)."""
    return json.dumps(verdict, ensure_ascii=False, default=str)
