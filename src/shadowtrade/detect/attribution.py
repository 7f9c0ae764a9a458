"""One re-export booked under two attributions: the rule that reads a hub's surplus exports into
an importer and the importer's surplus imports from the origin as one flow, not two gaps.

DOMAIN.md: importers record the country of origin, exporters the country of last known
destination. Origin O reports exports to hub H; H reports the goods as its exports to K (as EU
members report re-exports); K books them from O. Code by code that is a surplus of H's exports
to K over what K books from H, beside a surplus of K's imports from O over what O reports, of
the same size in the same months. A detector that sees one of the two (`mirror_gap`'s phantom
or unrecorded export, `route_break`'s birth that the partner does not record) asks this module
how much of it the other explains.

The rule (`match`), for a target flow and its partners' complementary differences, time bucket
by time bucket:
- a partner's difference counts only where the third leg is there (O's reported exports of the
  goods to H), and no further than that leg times `attribution_markup` (the hub's margin and
  the freight) over the leg's scope (the bucket, or the target's whole period);
- a partner whose differences, summed where it has a leg, are more than `attribution_ratio`
  times what the leg can carry (leg × `attribution_markup`) is a flow of its own, not the
  re-export's other record (a large route's timing noise beside a small leg): it neither
  explains the target nor counts in the partners' whole below; what other flows' records
  claim of a partner's differences (`claimed`: mirror_gap's other origins re-exported
  through the same hub) counts neither in that reading nor in the whole; so is a partner
  whose differences are more than `attribution_ratio` times the target's own in the buckets
  where it has them and the buckets next to them (a re-export's other record is no larger
  than the re-export in the months it ran; a booking lag may cross one boundary);
- bucket by bucket, the matched amount is no more than the target's own (the months agree);
- it explains the target only where the sizes agree: the counted differences at least the
  target's size over `attribution_ratio`, and the partners' whole differences (before the cap:
  capped, an unrelated surplus five times the target would look its size) at most
  `attribution_ratio` times it. The whole is read beyond each bucket's noise (`raw`) even where
  a detector counts a steady difference in full: a larger pool must not undo a match.

Each detector reads the partners' differences in its own terms (`mirror_gap` against the pair's
learnt ratio and spread, over six-month windows; `route_break` at the typical CIF margin, over
quarters) and says the reading in its summary or factor sentence ("read as one re-export
recorded under origin and consignment"). One set of parameters serves both: each detector lists
`PARAMETERS` among its own, so `shadowtrade detectors` shows them and `--set` changes them per
detector.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from shadowtrade.detect.registry import Parameter
from shadowtrade.staging import stage

PARAMETERS = (
    Parameter(
        "attribution_ratio",
        2.0,
        "largest ratio, either way, of a gap to the partners' complementary gaps that"
        " read it as one re-export under two attributions",
    ),
    Parameter(
        "attribution_markup",
        1.3,
        "most a hub's exports to the importer exceed its inflow from the origin (margin"
        " and freight), in attribution matching",
    ),
)

READING = "read as one re-export recorded under origin and consignment"


def match(
    own: ir.Table,
    differences: ir.Table,
    legs: ir.Table,
    keys: list[str],
    p: dict[str, Any],
    *,
    bounded: bool = True,
) -> ir.Table:
    """Per target (`keys`): `matched`, the part of it that its partners' differences explain
    (in the target's units), `own_all` and `sup_all` (its size and the differences counted),
    and the partner holding most of them (`attribution_partner`, its share `top_usd`).
    Targets with nothing matched, or whose sizes disagree, are left out.

    `own`: keys, `w` (a time bucket), `own` (the target's amount in it, ≥ 0).
    `differences`: keys, `w`, `counterpart` (the partner), `pv` (its complementary difference
    beyond noise in the bucket), and optionally `raw`, the difference that counts in the
    partners' whole (`pv` where absent), and `claimed`, the part of `pv` other flows' records
    account for, which does not count when the partner is read as a flow of its own (none
    where absent).
    `legs`: keys, `counterpart`, `leg` (the third leg's value), and `w` where the leg is read
    bucket by bucket; without `w` it holds over the target's whole period.

    `bounded` False reads what is only possible (`route_break`'s `possible_re_export_factor`):
    the partners' differences hold the target bucket by bucket (`matched` at least its size
    over `attribution_ratio`) with a leg that can carry it, but they are larger than it, so
    the sizes cannot agree: no partner is left out for being larger than the target in its
    months, and the partners' whole has no upper bound. A hub that re-exports several origins'
    goods to one importer, or a pair with a difference of its own beside the re-export, looks
    so (read outside worlds A24_s0, A31_s0, A33_s0)."""
    scope = [*keys, "counterpart", *(["w"] if "w" in legs.columns else [])]
    if "raw" not in differences.columns:
        differences = differences.mutate(raw=differences.pv)
    if "claimed" not in differences.columns:
        differences = differences.mutate(claimed=ibis.literal(0.0))
    d = differences.filter(differences.pv > 0)
    legs = legs.filter(legs.leg > 0)
    lj = d.join(legs, scope).select(*keys, "w", "counterpart", "pv", "raw", "claimed", "leg")
    lj = lj.pipe(stage)
    # A partner whose differences are more than `attribution_ratio` times what its third leg
    # can carry is a flow of its own (a large route's timing noise beside a small leg): it
    # neither explains the target nor counts in the partners' whole. (What other records
    # claim of the differences, `claimed`, is theirs, not this flow's.)
    carried = lj.select(*scope, "leg").distinct()
    carried = carried.group_by(*keys, "counterpart").agg(leg_p=carried.leg.sum())
    diff_p = lj.group_by(*keys, "counterpart").agg(pv_p=(lj.pv - lj.claimed).sum())
    own_flow = diff_p.join(carried, [*keys, "counterpart"])
    own_flow = own_flow.filter(
        own_flow.pv_p > p["attribution_ratio"] * p["attribution_markup"] * own_flow.leg_p
    )
    # So is a partner whose differences are more than `attribution_ratio` times the target's
    # own in the buckets where it has them and the buckets next to them (a booking lag may
    # carry the goods across a boundary; both detectors' buckets step by a quarter): a
    # re-export's other record is no larger than the re-export in the months it ran (read
    # outside world A7_s0: AUS's 2.3 M USD surplus from CHN in one quarter, beside NLD's 0.5 M
    # of RUS goods that AUS books from RUS, pushed the partners' whole past the bound and undid
    # the RUS match; A8_s0: USA books NLD's 2023-Q4 re-exports of VNM's 880629 in 2024-Q1).
    pw = lj.select(*keys, "w", "counterpart", d=lj.pv - lj.claimed).distinct()
    pv_p = pw.group_by(*keys, "counterpart").agg(pv_w=pw.d.sum())
    step = ibis.interval(months=3)
    near = pw.select(*keys, "counterpart", "w")
    near = near.union(near.mutate(w=near.w - step)).union(near.mutate(w=near.w + step))
    near = near.distinct()
    ob = own.select(*keys, "w", "own")
    near = near.join(ob, [*keys, "w"]).select(near, ob.own)
    own_p = near.group_by(*keys, "counterpart").agg(own_w=near.own.sum())
    pw = pv_p.left_join(own_p, [*keys, "counterpart"]).select(pv_p, own_p.own_w)
    off = pw.filter(pw.pv_w > p["attribution_ratio"] * pw.own_w.fill_null(0.0))
    own_flow = own_flow.select(*keys, "counterpart")
    if bounded:
        own_flow = own_flow.union(off.select(*keys, "counterpart"))
    own_flow = own_flow.select(*keys, "counterpart").distinct().pipe(stage)
    lj = lj.anti_join(own_flow, [*keys, "counterpart"]).pipe(stage)
    per_scope = lj.group_by(scope).agg(pv_scope=lj.pv.sum())
    lj = lj.join(per_scope, scope)
    cap = ibis.least(1.0, p["attribution_markup"] * lj.leg / lj.pv_scope)
    lj = lj.select(*keys, "w", "counterpart", "raw", support=lj.pv * cap).pipe(stage)
    per_w = lj.group_by(*keys, "w").agg(s_w=lj.support.sum(), raw_w=lj.raw.sum()).pipe(stage)
    per_p = lj.group_by(*keys, "counterpart").agg(s_p=lj.support.sum())
    top = per_p.group_by(keys).agg(
        attribution_partner=per_p.counterpart.argmax(per_p.s_p), top_usd=per_p.s_p.max()
    )
    # (Names distinct without regard to case: Spark reads `s` and `S` as one column.)
    t = own.left_join(per_w, [*keys, "w"]).select(own, per_w.s_w, per_w.raw_w)
    s_w = t.s_w.fill_null(0.0)
    tot = t.group_by(keys).agg(
        own_all=t.own.sum(),
        sup_all=s_w.sum(),
        raw_all=t.raw_w.fill_null(0.0).sum(),
        matched=ibis.least(t.own, s_w).sum(),
    )
    tot = tot.pipe(stage)
    r = p["attribution_ratio"]
    if bounded:
        agree = (tot.sup_all * r >= tot.own_all) & (tot.own_all * r >= tot.raw_all)
    else:
        agree = tot.matched * r >= tot.own_all
    tot = tot.filter(agree & (tot.matched > 0))
    return tot.join(top, keys).select(
        *keys, "matched", "own_all", "sup_all", "attribution_partner", "top_usd"
    )
