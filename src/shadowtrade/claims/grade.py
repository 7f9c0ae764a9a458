"""Grade a hypothesis against the workspace: supported, inconclusive or contradicted, and why.

For "origin O supplies destination D through B1, B2 … with goods G in a period":

- **route evidence**: `transshipment` alerts O → B → D in G's family (or declared under one of
  G's cover codes), period overlapping;
- **leg evidence**: alerts on the legs O → B, B → D and O → D (`route_break`, `mirror_gap`,
  `cross_code_mirror`, `unit_value`) in G's family or, on O → B, in one of its cover codes;
- **the raw flows** on each leg in the period against the same number of months before it
  (the counterfactual), controlled codes of G and, on O → B, its cover codes;
- **other intermediaries**: transshipment alerts O → X → D through a country the hypothesis
  does not name;
- **cases**: the cases holding the cited alerts, with the analyst's triage status.

Supported: every named intermediary has route evidence at 0.5 or more (or both of its legs
have), or — with none named — O → D has. Contradicted: the workspace holds trade of O, D and the
intermediaries in the period, no alert on the hypothesis's routes reaches 0.3, and the
controlled flows into D from the named intermediaries did not grow. Otherwise inconclusive.

Inconclusive, and the summary says which, whenever the workspace cannot judge the claim at all:
the text names no goods (none is assumed), the workspace holds no trade in the claimed goods (nor
in their cover codes), none in the period, none reported by or with one of the countries, or
a leg that neither of its countries reports (EU statistics hold EU → ARM, never ARM → RUS). A
denied claim ("Serbia denied shipping …") is graded on what it denies, and the summary says that
the data supports or contradicts the denied claim. A text with several claims gets one verdict
per claim.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from shadowtrade.claims.extract import Hypothesis
from shadowtrade.claims.verdict import Grade, Verdict

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

SUPPORT = 0.5
ANY_SIGNAL = 0.3
LEG_DETECTORS = ("route_break", "mirror_gap", "cross_code_mirror", "unit_value")


def _headings(h: Hypothesis) -> list[str]:
    """The HS headings of the claimed goods (none when the text names no goods)."""
    return sorted({c[:4] for c in h.hs_codes})


def _cover_codes(ws: Workspace, headings: list[str]) -> list[str]:
    rows = ws.raw.execute("SELECT hs_code, covers FROM ref_cover_codes").fetchall()
    return sorted({str(c) for c, covers in rows if set(str(covers).split("|")) & set(headings)})


def _family(code: object, headings: list[str], covers: list[str]) -> bool:
    if not isinstance(code, str) or not code:
        return False
    return any(code.startswith(h) for h in headings) or any(
        code.startswith(c) or c.startswith(code) for c in covers
    )


def grade(ws: Workspace, h: Hypothesis) -> Verdict:
    """The verdict as DESIGN.md's `check --json` object; a text with several claims adds
    `hypotheses` (one verdict per claim, the first repeated at the top level)."""
    first = _grade_one(ws, h)
    if h.others:
        first["hypotheses"] = [first.copy()] + [_grade_one(ws, o) for o in h.others]
    return first


def _grade_one(ws: Workspace, h: Hypothesis) -> Verdict:
    headings = _headings(h)
    gaps = _missing_data(ws, h, headings)
    if gaps:
        flows = _leg_flows(ws, h, headings, _cover_codes(ws, headings)) if headings else []
        seen = [
            f"{f['leg']} {f['usd_during'] / 1e6:.1f} M USD in the period against"
            f" {f['usd_before'] / 1e6:.1f} M USD before"
            for f in flows
            if f["usd_during"]
        ]
        shown = f" What the data does show: {'; '.join(seen)}." if seen else ""
        summary = _summary_line(h, "inconclusive") + " " + " ".join(gaps) + shown
        return _verdict(h, "inconclusive", 0.0, flows, summary)
    covers = _cover_codes(ws, headings)
    start = h.period_start or date(1900, 1, 1)
    end = h.period_end or date(2100, 1, 1)
    alerts = ws.raw.execute(
        "SELECT * FROM alerts WHERE period_end >= ? AND period_start <= ?", [start, end]
    ).df()
    fam = pd.Series(
        [_family(c, headings, covers) or _family(d, headings, covers)
         for c, d in zip(alerts["hs_code"], alerts["declared_hs_code"], strict=True)],
        index=alerts.index, dtype=bool,
    )  # fmt: skip
    alerts = alerts[fam]  # a boolean mask: an empty list would select no columns
    route = alerts[(alerts["detector"] == "transshipment") & (alerts["origin"] == h.origin)
                   & (alerts["destination"] == h.destination)]  # fmt: skip
    evidence: list[dict[str, Any]] = []
    per_via: dict[str, float] = {}
    vias = h.via or []
    for b in vias:
        r = route[route["via"] == b]
        legs = alerts[alerts["detector"].isin(LEG_DETECTORS)]
        first = legs[(legs["origin"] == h.origin) & (legs["destination"] == b)]
        second = legs[(legs["origin"] == b) & (legs["destination"] == h.destination)]
        best_route = float(r["score"].max()) if len(r) else 0.0
        best_legs = min(float(first["score"].max()) if len(first) else 0.0,
                        float(second["score"].max()) if len(second) else 0.0)  # fmt: skip
        per_via[b] = max(best_route, best_legs)
        for frame in (r, first, second):
            evidence += [_alert(a) for a in frame.sort_values("score", ascending=False)
                         .head(3).to_dict("records")]  # fmt: skip
    direct = alerts[alerts["detector"].isin(LEG_DETECTORS) & (alerts["origin"] == h.origin)
                    & (alerts["destination"] == h.destination)]  # fmt: skip
    evidence += [_alert(a) for a in direct.sort_values("score", ascending=False)
                 .head(3).to_dict("records")]  # fmt: skip
    others = route[~route["via"].isin(vias)] if vias else route.iloc[0:0]
    other_vias = sorted(others.loc[others["score"] >= SUPPORT, "via"].dropna().unique())
    evidence += _cases_of(ws, [e["alert_id"] for e in evidence])
    flows = _leg_flows(ws, h, headings, covers)
    evidence += flows
    covered = _data_covers(ws, h, start, end)
    if vias:
        supported = all(s >= SUPPORT for s in per_via.values())
        signal = max(per_via.values(), default=0.0)
    else:
        best = max([float(route["score"].max()) if len(route) else 0.0,
                    float(direct["score"].max()) if len(direct) else 0.0])  # fmt: skip
        supported, signal = best >= SUPPORT, best
    grown = any(f["leg"].endswith(f"→ {h.destination}") and f["growth"] is not None
                and f["growth"] > 1.5 for f in flows)  # fmt: skip
    verdict: Grade
    if supported:
        verdict = "supported"
        confidence = min(0.99, sum(per_via.values()) / len(per_via) if per_via else signal)
    elif covered and signal < ANY_SIGNAL and not grown:
        verdict, confidence = "contradicted", round(0.6 + 0.3 * (1 - signal / ANY_SIGNAL), 2)
    else:
        verdict, confidence = "inconclusive", round(0.5 * max(signal, 0.2), 2)
    summary = _summary(h, verdict, per_via, other_vias, covered, grown, signal)
    return _verdict(h, verdict, float(confidence), evidence, summary)


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


def _missing_data(ws: Workspace, h: Hypothesis, headings: list[str]) -> list[str]:
    """What the workspace lacks to judge the claim at all: goods named, trade in those goods,
    trade in the period, trade of every country named. Empty when the claim can be judged."""
    if not headings:
        return ["The text names no goods, so the check cannot tell which flows to look at;"
                " give them with --goods."]  # fmt: skip
    start = h.period_start or date(1900, 1, 1)
    end = h.period_end or date(2100, 1, 1)
    covers = _cover_codes(ws, headings)
    like = " OR ".join(f"starts_with(hs_code, '{c}')" for c in headings + covers)
    goods, in_period = ws.raw.execute(
        f"SELECT count(*) FILTER (WHERE {like}),"
        f" count(*) FILTER (WHERE ({like}) AND period BETWEEN ? AND ?) FROM trade_flows",
        [start, end],
    ).fetchone() or (0, 0)
    span = _span_words(h)
    codes = ", ".join(headings)
    if not goods:
        return [f"The workspace holds no trade in HS {codes} (nor in the codes it is declared"
                " under), so the data can say nothing about these goods."]  # fmt: skip
    if not in_period:
        return [f"The workspace holds trade in HS {codes}, but none {span}."]
    if not _data_covers(ws, h, start, end):
        names = [c for c in (h.origin, *h.via, h.destination) if c]
        missing = [c for c in names if not _reported(ws, c, start, end)]
        return [f"The workspace holds no trade reported by or with {', '.join(missing)} {span}."]
    unseen = [f"{a} → {b}" for a, b in _legs(h) if not _leg_observable(ws, a, b, start, end)]
    if unseen:
        return [f"Neither country of {', '.join(unseen)} reports its trade in the workspace"
                f" {span} and no other report names that trade, so the route cannot be"
                " seen."]  # fmt: skip
    return []


def _legs(h: Hypothesis) -> list[tuple[str, str]]:
    if h.origin is None or h.destination is None:
        return []
    if not h.via:
        return [(h.origin, h.destination)]
    return [(h.origin, b) for b in h.via] + [(b, h.destination) for b in h.via]


def _leg_observable(ws: Workspace, a: str, b: str, start: date, end: date) -> bool:
    """Whether the workspace could show trade from a to b: one of them reports its trade (then
    no flow between them is a zero), or some flow between them is there. EU statistics hold
    EU → ARM but neither ARM → RUS nor its absence."""
    row = ws.raw.execute(
        "SELECT count(*) FROM trade_flows WHERE (reporter IN (?, ?)"
        " OR (reporter = ? AND partner = ?) OR (reporter = ? AND partner = ?))"
        " AND period BETWEEN ? AND ?",
        [a, b, a, b, b, a, start, end],
    ).fetchone()
    return bool(row and row[0])


def _span_words(h: Hypothesis) -> str:
    if h.period_start or h.period_end:
        return f"in {h.period_start or '…'} to {h.period_end or '…'}"
    return "at any date"


def _reported(ws: Workspace, country: str, start: date, end: date) -> bool:
    row = ws.raw.execute(
        "SELECT count(*) FROM trade_flows WHERE (reporter = ? OR partner = ?)"
        " AND period BETWEEN ? AND ?",
        [country, country, start, end],
    ).fetchone()
    return bool(row and row[0])


def _summary_line(h: Hypothesis, verdict: str) -> str:
    middle = [" / ".join(h.via)] if h.via else []
    route = " → ".join([h.origin or "?", *middle, h.destination or "?"])
    return f"{route} ({', '.join(h.hs_codes) or 'goods unstated'}) is {verdict}."


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


def _leg_flows(
    ws: Workspace, h: Hypothesis, headings: list[str], covers: list[str]
) -> list[dict[str, Any]]:
    """Value on each leg in the period against as many months before it."""
    if h.period_start is None or h.origin is None or h.destination is None:
        return []
    end = h.period_end or date.today()
    months = max(1, (end.year - h.period_start.year) * 12 + end.month - h.period_start.month + 1)
    before = pd.Timestamp(h.period_start) - pd.DateOffset(months=months)
    legs = [(h.origin, b, headings + covers) for b in h.via]
    legs += [(b, h.destination, headings) for b in h.via] + [(h.origin, h.destination, headings)]
    out = []
    for a, b, codes in legs:
        like = " OR ".join(f"starts_with(hs_code, '{c}')" for c in codes)
        sql = f"""
            SELECT sum(value_usd) FILTER (WHERE period >= ?) AS during,
                   sum(value_usd) FILTER (WHERE period < ?) AS before
            FROM trade_flows
            WHERE ((reporter = ? AND partner = ? AND flow = 'export')
                OR (reporter = ? AND partner = ? AND flow = 'import'))
              AND period >= ? AND period <= ? AND ({like})"""
        row = ws.raw.execute(
            sql, [h.period_start, h.period_start, a, b, b, a, before.date(), end]
        ).fetchone()
        during, prior = (float(row[0] or 0.0), float(row[1] or 0.0)) if row else (0.0, 0.0)
        growth = during / prior if prior > 0 else (None if during == 0 else float("inf"))
        out.append({"kind": "flows", "leg": f"{a} → {b}", "codes": codes,
                    "usd_during": round(during), "usd_before": round(prior),
                    "growth": None if growth is None else (999.0 if growth == float("inf")
                                                           else round(growth, 2))})  # fmt: skip
    return out


def _data_covers(ws: Workspace, h: Hypothesis, start: date, end: date) -> bool:
    """Whether the workspace has trade reported by or with every country of the hypothesis."""
    names = [c for c in (h.origin, h.destination, *h.via) if c]
    if not names:
        return False
    got = ws.raw.execute(
        "SELECT count(DISTINCT c) FROM (SELECT reporter AS c FROM trade_flows WHERE period"
        " BETWEEN ? AND ? UNION SELECT partner FROM trade_flows WHERE period BETWEEN ? AND ?)"
        f" WHERE c IN ({', '.join('?' for _ in names)})",
        [start, end, start, end, *names],
    ).fetchone()
    return bool(got and got[0] == len(set(names)))


def _summary(
    h: Hypothesis,
    verdict: str,
    per_via: dict[str, float],
    other_vias: list[str],
    covered: bool,
    grown: bool,
    signal: float,
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
    elif verdict != "supported" and not grown:
        parts.append(
            "Controlled flows into the destination on the named legs did not grow against as many"
            " months before the period."
        )
    if not per_via:
        parts.append(f"No intermediary named; direct and route evidence scores {signal:.2f}.")
    return " ".join(parts)


def to_json(verdict: Verdict) -> str:
    """The verdict as `check --json` prints it (dates as ISO text, scripts kept)."""
    return json.dumps(verdict, ensure_ascii=False, default=str)
