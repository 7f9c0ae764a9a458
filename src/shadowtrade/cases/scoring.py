"""A case's score: independent signals corroborating each other, a single weak one counting little.

The alerts of a case are sorted into lines of evidence that observe different things: each
detector on each leg of a route. The exporter's and the importer's records of one pattern (a
new route both report, a unit value both report) are one line, not two: they observe the same
flow, and a benign birth is in both books alike. Two sides count twice only where they
disagree, which is what the mirror detectors report (a mirror gap is its own line, and a
route_break the other side does not record carries that in its own score). A line is as
strong as its strongest alert. The case score is a discounted noisy-OR over its lines,

    score = 1 − Π (1 − d · s_line),

so one line of strength s gives d·s (d = 0.8 by default: a lone signal never reaches the top of
the list), two lines of 0.9 give 0.98, and weak lines add little. Consignment findings that
fall on a statistics case's route and goods (and statistics findings on a firm's consignments)
add one more line, since customs records and trade statistics are separate sources.

A deflection case (one exporter's collapse of one heading to one destination) holds a line per
neighbour that took the lost flow. They share the collapse, so they are not independent: the
strongest neighbour counts in full and each further one at `neighbour_weight` of its strength
(two neighbours of 0.85 and 0.74 give 1 − (1 − 0.8·0.85)(1 − 0.8·0.5·0.74) = 0.77, one alone
0.68). And the goods weigh: a heading that holds Common High Priority List or control-list
items (`listed`) counts in full, other goods' deflection lines at `plain_goods_weight` (0.7,
the weight the detectors give ordinary goods, `flows.ORDINARY_WEIGHT`): with the same
evidence, computers, phones and bearings rank above yachts and cartons.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from shadowtrade.cases.grouping import months_between
from shadowtrade.detect.alerts import finding_kind
from shadowtrade.detect.catalog import detector_words, detectors_where
from shadowtrade.detect.flows import ORDINARY_WEIGHT

MIRROR_DETECTORS = {"mirror_gap", "annual_mirror"}  # annual_mirror: mirror_gap's yearly alerts
# What each detector means is read from the registry (its source, sides and words).
SIDED_DETECTORS = detectors_where(sides="both")
STATISTICS_DETECTORS = detectors_where(source="statistics") | {"annual_mirror"}

DETECTOR_WORDS = {
    **detector_words(),
    "annual_mirror": "annual mirror gap",
    "consignments": "consignment records on the same route and goods",
    "statistics": "trade statistics on the same route and goods",
}


@dataclass(frozen=True)
class ScoringParams:
    discount: float = 0.8  # weight of one line of evidence in the noisy-OR
    cross_source_weight: float = 0.5  # weight of the other source's strongest finding
    neighbour_weight: float = 0.5  # a deflection's further neighbours of the same collapse
    # a deflection in goods with no CHPL or control-list item: as the detectors weigh them
    plain_goods_weight: float = ORDINARY_WEIGHT


def _side(detector: str, origin: object, evidence: str) -> str:
    """Which party's records a statistics finding rests on."""
    try:
        ev = json.loads(evidence) if isinstance(evidence, str) else {}
    except ValueError:
        ev = {}
    if detector in SIDED_DETECTORS:
        return ""  # both sides' records of one pattern: one line of evidence
    if detector in MIRROR_DETECTORS:
        exp = float(ev.get("exporter_reported_usd") or 0)
        imp = float(ev.get("importer_reported_usd") or 0)
        return "exporter" if exp > imp else "importer"
    return ""


def evidence_lines(
    alerts: pd.DataFrame, params: ScoringParams | None = None, listed: set[str] | None = None
) -> pd.DataFrame:
    """`alerts` (with `case_id`, `role`) → one row per case and line: `case_id`, `line`
    (detector, leg, side or finding), `strength` (best score), `alerts`, `best_alert`.
    A deflection's lines are weighed by `deflection_weights` (`listed`: the headings that
    hold CHPL or control-list items)."""
    if alerts.empty:
        return pd.DataFrame(columns=["case_id", "line", "detector", "strength", "alerts",
                                     "best_alert"])  # fmt: skip
    a = alerts.copy()
    leg = a["origin"].fillna("?") + "→" + a["destination"].fillna("?")
    leg = leg.where(a["detector"] != "transshipment", "route")
    defl = a["detector"] == "deflection"
    leg = leg.where(
        ~defl, a["origin"].fillna("?") + ", " + a["destination"].fillna("?") + "→"
        + a["via"].fillna("?")
    )  # fmt: skip
    side = [
        _side(d, o, e) for d, o, e in zip(a["detector"], a["origin"], a["evidence"], strict=True)
    ]
    finding = [
        finding_kind(d, e) if d not in STATISTICS_DETECTORS else d
        for d, e in zip(a["detector"], a["evidence"], strict=True)
    ]
    is_stat = a["detector"].isin(list(STATISTICS_DETECTORS))
    det = a["detector"].where(~a["detector"].isin(list(MIRROR_DETECTORS)), "mirror_gap")
    a["line"] = (
        det
        + ":"
        + pd.Series(finding, index=a.index).where(~is_stat, "")
        + ":"
        + (leg.where(is_stat, "") + ":" + pd.Series(side, index=a.index))
    )
    a["heading"] = a["hs_code"].str[:4].fillna("")
    a["to"] = a["via"].where(defl, a["destination"]).fillna("")  # the leg's far end
    a = a.sort_values(["case_id", "line", "score", "alert_id"], ascending=[True, True, False, True])
    lines = a.groupby(["case_id", "line"], sort=True).agg(
        detector=("detector", "first"),
        strength=("score", "max"),
        alerts=("alert_id", "size"),
        best_alert=("alert_id", "first"),
        heading=("heading", "first"),
        to=("to", "first"),
    )
    lines = deflection_weights(lines.reset_index(), params or ScoringParams(), listed or set())
    return lines.drop(columns=["heading", "to"])


def deflection_weights(lines: pd.DataFrame, p: ScoringParams, listed: set[str]) -> pd.DataFrame:
    """A deflection case's neighbours share one collapse: the lines on its strongest neighbour's
    leg (the deflection and the other findings on the exporter's flow there) count in full,
    those on each further neighbour's leg at `neighbour_weight`; in goods that hold no CHPL
    or control-list item the deflection lines count at `plain_goods_weight`. A weighed line
    says so in a fifth field of its key (`line_words` reads it as a note)."""
    defl = lines["detector"] == "deflection"
    if not defl.any():
        return lines
    d = lines[defl].sort_values(["case_id", "strength", "line"], ascending=[True, False, True])
    strongest = d.drop_duplicates("case_id").set_index("case_id")["to"]
    neighbours = set(zip(d["case_id"], d["to"], strict=True))
    in_case = lines["case_id"].isin(strongest.index)
    further = (
        pd.Series(
            [
                (c, t) in neighbours and t != strongest.get(c)
                for c, t in zip(lines["case_id"], lines["to"], strict=True)
            ],
            index=lines.index,
        )
        & in_case
        & lines["detector"].isin(list(STATISTICS_DETECTORS))
    )
    plain = defl & ~lines["heading"].isin(listed)
    weight = pd.Series(1.0, index=lines.index)
    weight[further] *= p.neighbour_weight
    weight[plain] *= p.plain_goods_weight
    moved = weight != 1.0
    if not moved.any():
        return lines
    notes = [
        ", ".join(
            x for x in (
                f"its alert {s:.2f}",
                f"a further neighbour of the same collapse ×{p.neighbour_weight:g}" if f else "",
                f"goods on no CHPL or control list ×{p.plain_goods_weight:g}" if pl else "",
            ) if x
        )
        for s, f, pl in zip(lines.loc[moved, "strength"], further[moved], plain[moved],
                            strict=True)
    ]  # fmt: skip
    out = lines.copy()
    out.loc[moved, "strength"] = lines.loc[moved, "strength"].astype(float) * weight[moved]
    out.loc[moved, "line"] = [
        ":".join([*line.split(":"), "", "", ""][:4]) + ":" + note
        for line, note in zip(lines.loc[moved, "line"], notes, strict=True)
    ]
    return out


def combine(strengths: pd.Series, discount: float) -> float:
    """Discounted noisy-OR of the lines' strengths."""
    s = strengths.clip(0.0, 1.0).to_numpy(dtype=float) * discount
    return float(1.0 - np.prod(1.0 - s))


def case_scores(lines: pd.DataFrame, params: ScoringParams | None = None) -> pd.Series:
    """Score per case_id from its lines (`combine`, vectorised over all cases)."""
    p = params or ScoringParams()
    if lines.empty:
        return pd.Series(dtype=float)
    s = lines["strength"].astype(float).clip(0.0, 1.0) * p.discount
    logs = pd.Series(np.log1p(-s.clip(upper=1 - 1e-12).to_numpy()), index=lines.index)
    total = logs.groupby(lines["case_id"]).sum()
    return pd.Series(1.0 - np.exp(total.to_numpy()), index=total.index)


def line_words(line: str) -> str:
    """A line key in words: 'route_break:::CHE→CZE:importer' → 'a flow appears from nothing
    (CHE→CZE, importer's records)'."""
    det, finding, leg, side, note = [*line.split(":"), "", "", "", ""][:5]
    words = DETECTOR_WORDS.get(det, det)
    if finding and finding != det:
        words += f" [{finding.replace('_', ' ')}]"
    detail = [x for x in (leg if leg != "route" else "", f"{side}'s records" if side else "") if x]
    said = ", ".join(detail) + ("; " if detail and note else "") + note  # note: how it is weighed
    return words + (f" ({said})" if said else "")


def _legs(alerts: pd.DataFrame) -> pd.DataFrame:
    """Each alert's (o, d, heading) legs: a route finding covers both of its legs."""
    a = alerts.assign(
        h1=alerts["hs_code"].map(lambda c: c[:4] if isinstance(c, str) else None),
        h2=alerts["declared_hs_code"].map(lambda c: c[:4] if isinstance(c, str) else None),
    )
    direct = a.assign(o=a["origin"], d=a["destination"])
    routed = a[a["via"].notna()]
    frames = [
        direct,
        routed.assign(o=routed["origin"], d=routed["via"]),
        routed.assign(o=routed["via"], d=routed["destination"]),
    ]
    legs = pd.concat(frames, ignore_index=True).melt(
        id_vars=["case_id", "alert_id", "score", "o", "d", "period_start", "period_end"],
        value_vars=["h1", "h2"],
        value_name="heading",
    )
    return legs.dropna(subset=["o", "d", "heading"]).drop(columns="variable")


def cross_source_lines(
    alerts: pd.DataFrame, params: ScoringParams | None = None, slack_months: int = 3
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Statistics cases and consignment cases that agree: same country pair, same goods heading,
    overlapping months. Returns (extra lines, related case pairs `case_id`, `related_id`)."""
    p = params or ScoringParams()
    empty = pd.DataFrame(columns=["case_id", "line", "detector", "strength", "alerts",
                                  "best_alert"])  # fmt: skip
    if alerts.empty:
        return empty, pd.DataFrame(columns=["case_id", "related_id"])
    stat = alerts["detector"].isin(list(STATISTICS_DETECTORS))
    s_legs, c_legs = _legs(alerts[stat]), _legs(alerts[~stat])
    m = s_legs.merge(c_legs, on=["o", "d", "heading"], suffixes=("_s", "_c"))
    if m.empty:
        return empty, pd.DataFrame(columns=["case_id", "related_id"])
    ps = pd.to_datetime
    gap1 = months_between(ps(m["period_start_c"]), ps(m["period_end_s"]))
    gap2 = months_between(ps(m["period_start_s"]), ps(m["period_end_c"]))
    m = m[(gap1 <= slack_months) & (gap2 <= slack_months) & (m["case_id_s"] != m["case_id_c"])]
    if m.empty:
        return empty, pd.DataFrame(columns=["case_id", "related_id"])
    to_stat = m.sort_values("score_c", ascending=False).drop_duplicates("case_id_s")
    to_ship = m.sort_values("score_s", ascending=False).drop_duplicates("case_id_c")
    extra = pd.concat(
        [
            pd.DataFrame({
                "case_id": to_stat["case_id_s"], "line": "consignments:::",
                "detector": "consignments", "strength": p.cross_source_weight * to_stat["score_c"],
                "alerts": 1, "best_alert": to_stat["alert_id_c"],
            }),
            pd.DataFrame({
                "case_id": to_ship["case_id_c"], "line": "statistics:::",
                "detector": "statistics", "strength": p.cross_source_weight * to_ship["score_s"],
                "alerts": 1, "best_alert": to_ship["alert_id_s"],
            }),
        ],
        ignore_index=True,
    )  # fmt: skip
    related = pd.concat(
        [
            m[["case_id_s", "case_id_c"]].set_axis(["case_id", "related_id"], axis=1),
            m[["case_id_c", "case_id_s"]].set_axis(["case_id", "related_id"], axis=1),
        ],
        ignore_index=True,
    ).drop_duplicates()
    return extra, related
