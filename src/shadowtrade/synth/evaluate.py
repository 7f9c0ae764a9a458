"""Alerts against a simulated world's ground truth: recall per scheme kind, precision per detector.

An alert matches a planted scheme when its origin and destination are two countries on the
scheme's route in order (a leg, or the route end to end), its via (if any) is on the route, one of
its 4-digit codes (hs_code or declared_hs_code) is the scheme's controlled or declared code, and
its period overlaps the scheme's (one month of slack for booking lags). This is the matching rule
of issue 3: origin, via, destination, 4-digit HS code and overlapping period.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from shadowtrade.detect.alerts import finding_kind


@dataclass
class Evaluation:
    recall: dict[str, tuple[int, int]]  # kind → (found, planted)
    precision: dict[str, tuple[int, int]]  # detector → (matching, alerts ≥ threshold)
    missed: list[dict[str, Any]]
    false_alerts: pd.DataFrame


def _month(s: str) -> pd.Timestamp:
    return pd.Timestamp(s + "-01") if len(s) == 7 else pd.Timestamp(s)


def matches(alert: Any, scheme: dict[str, Any]) -> bool:
    """Whether an alert names a planted scheme: its countries on the scheme's route, in order."""
    route = [scheme["origin"], *scheme["via"], scheme["destination"]]
    if alert.origin not in route or alert.destination not in route:
        return False
    if route.index(alert.origin) >= route.index(alert.destination):
        return False
    if isinstance(alert.via, str) and alert.via not in route:
        return False
    codes = {c[:4] for c in (scheme["hs_code"], scheme["declared_hs_code"]) if c}
    codes |= {leg["declared_hs_code"][:4] for leg in scheme.get("legs", [])}
    got = {c[:4] for c in (alert.hs_code, alert.declared_hs_code) if isinstance(c, str)}
    if not codes & got:
        return False
    s0 = _month(scheme["period_start"]) - pd.DateOffset(months=1)
    s1 = _month(scheme["period_end"]) + pd.DateOffset(months=4)
    return bool(pd.Timestamp(alert.period_start) <= s1 and pd.Timestamp(alert.period_end) >= s0)


def evaluate(alerts: pd.DataFrame, truth: dict[str, Any], threshold: float = 0.5) -> Evaluation:
    """Recall per scheme kind and precision of the alerts at the threshold, against the planted
    truth."""
    high = alerts[alerts["score"] >= threshold]
    schemes = truth["schemes"]
    recall: dict[str, tuple[int, int]] = {}
    missed = []
    for s in schemes:
        found = any(matches(a, s) for a in high.itertuples())
        f, n = recall.get(s["kind"], (0, 0))
        recall[s["kind"]] = (f + int(found), n + 1)
        if not found:
            missed.append(s)
    ok = [any(matches(a, s) for s in schemes) for a in high.itertuples()]
    high = high.assign(_match=pd.Series(ok, index=high.index, dtype=bool))
    precision = {
        str(d): (int(g["_match"].sum()), len(g)) for d, g in high.groupby("detector", sort=True)
    }
    return Evaluation(recall, precision, missed, high[~high["_match"]].drop(columns="_match"))


def load_truth(path: Path) -> dict[str, Any]:
    """A world's `truth.json`: its planted schemes."""
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def _alert_shipments(alert: Any) -> set[str]:
    """The consignments an alert names: its own, or those listed in its evidence."""
    ids = {alert.shipment_id} if isinstance(alert.shipment_id, str) else set()
    try:
        ev = json.loads(alert.evidence)
    except (TypeError, ValueError):
        return ids
    for c in ev.get("consignment_list") or []:
        if isinstance(c, dict) and c.get("shipment_id"):
            ids.add(str(c["shipment_id"]))
    return ids


def fraud_hit(f: dict[str, Any], ids: set[str], entity: object) -> bool:
    """Whether an alert naming consignments `ids` and party `entity` finds fraud `f`."""
    return bool(ids & set(f["shipment_ids"])) or (
        f["kind"] == "pass_through" and entity == f.get("firm")
    )


def evaluate_shipments(
    alerts: pd.DataFrame, truth: dict[str, Any], threshold: float = 0.5
) -> Evaluation:
    """Shipment alerts against shipments_truth.json: an alert matches a fraud when it names one
    of the fraud's consignments, or (pass-through) the fraud's firm as its entity."""
    high = alerts[alerts["score"] >= threshold]
    frauds = truth["frauds"]
    named = [(_alert_shipments(a), a.entity) for a in high.itertuples()]
    hit = fraud_hit

    recall: dict[str, tuple[int, int]] = {}
    missed = []
    for f in frauds:
        found = any(hit(f, ids, ent) for ids, ent in named)
        a, n = recall.get(f["kind"], (0, 0))
        recall[f["kind"]] = (a + int(found), n + 1)
        if not found:
            missed.append(f)
    ok = [any(hit(f, ids, ent) for f in frauds) for ids, ent in named]
    high = high.assign(_match=pd.Series(ok, index=high.index, dtype=bool))
    precision = {
        str(d): (int(g["_match"].sum()), len(g)) for d, g in high.groupby("detector", sort=True)
    }
    # Per fraud kind: each alert counts for the kind of finding it reports (its sub-kind).
    kinds = [
        finding_kind(str(d), str(e))
        for d, e in zip(high["detector"], high["evidence"], strict=True)
    ]
    high_k = high.assign(_kind=kinds)
    for k, g in high_k.groupby("_kind", sort=True):
        precision[f"kind:{k}"] = (int(g["_match"].sum()), len(g))
    return Evaluation(recall, precision, missed, high[~high["_match"]].drop(columns="_match"))


@dataclass
class CaseRanking:
    """Where each planted scheme's best case ranks against cases made only of noise."""

    scheme_scores: dict[str, float]  # scheme_id → score of its best case (0 when none)
    noise_max: float  # the best score of a case with no alert matching any scheme
    noise_cases: int
    above_noise: int  # schemes whose case outranks every noise-only case

    @property
    def share(self) -> float:
        return self.above_noise / len(self.scheme_scores) if self.scheme_scores else 1.0


def evaluate_cases(
    alerts: pd.DataFrame, members: pd.DataFrame, cases: pd.DataFrame, truth: dict[str, Any]
) -> CaseRanking:
    """Cases against the planted schemes: a scheme's case is the best case holding an alert that
    matches it (issue 3's matching rule); a noise-only case holds no matching alert at all."""
    a = alerts.merge(members[["alert_id", "case_id"]], on="alert_id")
    score = cases.set_index("case_id")["score"]
    schemes = truth["schemes"]
    hits = {s["scheme_id"]: set() for s in schemes}  # type: dict[str, set[str]]
    matched_cases: set[str] = set()
    for row in a.itertuples():
        for s in schemes:
            if matches(row, s):
                hits[s["scheme_id"]].add(str(row.case_id))
                matched_cases.add(str(row.case_id))
    best = {k: max((float(score[c]) for c in v), default=0.0) for k, v in hits.items()}
    noise = score[~score.index.isin(list(matched_cases))]
    noise_max = float(noise.max()) if len(noise) else 0.0
    above = sum(1 for v in best.values() if v > noise_max)
    return CaseRanking(best, noise_max, len(noise), above)


def evaluate_party_cases(
    alerts: pd.DataFrame, members: pd.DataFrame, cases: pd.DataFrame, truth: dict[str, Any]
) -> CaseRanking:
    """Cases against shipments_truth.json's frauds, as `evaluate_cases` does for schemes."""
    a = alerts.merge(members[["alert_id", "case_id"]], on="alert_id")
    score = cases.set_index("case_id")["score"]
    hits: dict[str, set[str]] = {str(f["fraud_id"]): set() for f in truth["frauds"]}
    matched: set[str] = set()
    for row in a.itertuples():
        ids = _alert_shipments(row)
        for f in truth["frauds"]:
            if fraud_hit(f, ids, row.entity):
                hits[str(f["fraud_id"])].add(str(row.case_id))
                matched.add(str(row.case_id))
    best = {k: max((float(score[c]) for c in v), default=0.0) for k, v in hits.items()}
    noise = score[~score.index.isin(list(matched))]
    noise_max = float(noise.max()) if len(noise) else 0.0
    return CaseRanking(best, noise_max, len(noise), sum(1 for v in best.values() if v > noise_max))
