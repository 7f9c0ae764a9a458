"""Report sections for cases and for an allegation check, shared by the workspace report and
`shadowtrade check --report`."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pandas as pd

from shadowtrade.cases.ranking import rank_sql
from shadowtrade.claims.notes import read_notes
from shadowtrade.report.figures import flows_figure, network_figure, sankey_figure, series_figure
from shadowtrade.report.page import figure_html, table_html

if TYPE_CHECKING:
    from shadowtrade.claims.verdict import Verdict
    from shadowtrade.workspace import Workspace


def cases_section(ws: Workspace, top: int = 25) -> str:
    """The strongest cases with their triage, and how many there are by status and kind."""
    n = ws.raw.execute("SELECT count(*) FROM cases").fetchone()
    if not n or not n[0]:
        return ""
    by = ws.raw.execute(
        """SELECT c.kind, coalesce(t.status, 'new') AS status, count(*) AS cases,
                  count(*) FILTER (WHERE c.score >= 0.5) AS "score ≥ 0.5"
           FROM cases c LEFT JOIN case_triage t USING (case_id) GROUP BY ALL ORDER BY 1, 2"""
    ).df()
    best = ws.raw.execute(
        f"""SELECT c.case_id, round(c.score, 2) AS score, coalesce(t.status, 'new') AS status,
                   c.title, c.alerts, c.lines, c.period_start, c.period_end, t.assignee,
                   c.summary
            FROM cases c LEFT JOIN case_triage t USING (case_id)
            ORDER BY {rank_sql("c")} LIMIT {int(top)}"""
    ).df()
    best["score"] = best["score"].map(lambda v: f"{v:.2f}")
    from shadowtrade.views import sankey

    flows = sankey(ws)
    chart = figure_html(sankey_figure(flows)) if flows["value"] else ""
    return f"""
<h2>Cases</h2>
<p class="muted">{n[0]:,} cases: alerts grouped by route, country pair or company. A case
scores higher the more independent lines of evidence agree (several detectors, both reporting
sides, consignments and statistics); `shadowtrade case ID` shows why.</p>
{table_html(by)}
<h3>Strongest cases</h3>{table_html(best, max_rows=top)}
<h3>Flows of controlled and cover goods on the flagged routes</h3>
<p class="muted">Each leg's value over its case's months: the larger of the two sides' reports
(the same goods reported under two codes count once), coloured by the goods as declared.</p>
{chart or "<p class='muted'>none</p>"}
"""


def changes_section(ws: Workspace) -> str:
    """The section "since the last scan": what the latest scan changed (scan_changes.py), as
    stored with it; nothing before any scan."""
    from shadowtrade.scan_changes import SHOWN, read

    ch = read(ws)
    if ch is None:
        return ""
    if ch.get("previous_at") is None:
        return (f"<h2>Since the last scan</h2><p class='muted'>The scan of {html.escape(ch['at'])}"
                f" was this workspace's first ({ch['alerts']:,} alerts, {ch['cases']:,} cases):"
                " nothing to compare it with.</p>")  # fmt: skip
    step = f"{ch.get('score_step', 0.05):g}"
    counts = pd.DataFrame(
        [
            ("alerts", ch["new_alerts"], ch["gone_alerts"], ch["rescored_alerts"], ""),
            ("cases", ch["new_cases"], ch["gone_cases"],
             f"{ch['rescored_cases']:,} ({ch.get('nudged_cases', 0):,} more by less)",
             f"{ch['cases_with_new_alerts']:,} earlier cases hold new alerts;"
             f" {ch['flagged_for_triage']:,} of them triaged, flagged for their analyst"),
        ],
        columns=["", "new", "gone", f"score changed by {step} or more", "new evidence"],
    )  # fmt: skip
    by = ", ".join(f"{d} {n:,}" for d, n in ch.get("new_alerts_by_detector", {}).items())
    parts = [
        f"<h2>Since the last scan</h2><p class='muted'>The scan of {html.escape(ch['at'])}"
        f" against the one of {html.escape(str(ch['previous_at']))}, by alert and case id"
        + (f"; new alerts by detector: {html.escape(by)}" if by else "")
        + ".</p>",
        table_html(counts),
    ]
    titles = {
        "new_cases": "Strongest new cases",
        "cases_with_new_alerts": "Earlier cases with new alerts",
        "rescored_cases": f"Largest case score changes (by {step} or more)",
        "gone_cases": "Cases the latest scan no longer produces",
    }
    for key, title in titles.items():
        rows = ch.get("examples", {}).get(key) or []
        if rows:
            parts.append(f"<h3>{title} (up to {SHOWN})</h3>{table_html(pd.DataFrame(rows))}")
    return "\n".join(parts)


def check_section(verdict: Verdict, source: str | None = None) -> str:
    """An allegation check: the hypothesis, the grade and why, and the evidence for and against."""
    h = verdict["hypothesis"]
    grade = str(verdict["grade"])
    hyp = _hypothesis_parts(h)
    others = _hypotheses_table(verdict.get("hypotheses") or [])
    ev = verdict["evidence"]
    cases = pd.DataFrame([e for e in ev if e["kind"] == "case"])
    alerts = pd.DataFrame([e for e in ev if e["kind"] == "alert"])
    flows = pd.DataFrame([e for e in ev if e["kind"] == "flows"])
    chart = ""
    if len(flows):
        title = "Flows on each leg of the alleged route"
        legs = [{str(k): v for k, v in r.items()} for r in flows.to_dict("records")]
        chart = figure_html(flows_figure(legs, title=title))
        flows = flows.assign(
            codes=flows["codes"].map(", ".join),
            growth=flows["change"],  # 'new flow' from nothing, never a made-up factor
            bridged=flows["bridged"].map(
                lambda bs: "; ".join(f"{b['before']} before {b['until'][:7]}" for b in bs)
            ),
            compared=flows["compared"].map(compared_words),
        ).drop(columns=["kind", "change"])
        if "cover_codes" in flows:
            flows = flows.assign(cover_codes=flows["cover_codes"].map(", ".join))
    if len(cases):
        cases = cases[["case_id", "score", "status", "title"]].assign(
            score=cases["score"].map(lambda v: f"{v:.2f}")
        )
    if len(alerts):
        alerts = alerts[["score", "detector", "origin", "via", "destination", "hs_code",
                         "declared_hs_code", "period_start", "period_end", "summary"]]  # fmt: skip
        alerts = alerts.assign(score=alerts["score"].map(lambda v: f"{v:.2f}"))
    src = f"<p class='muted'>Allegation: {html.escape(source)}</p>" if source else ""
    return f"""
<h2>Allegation check</h2>{src}
<p><span class="grade {grade}">{grade.upper()}</span> confidence {verdict["confidence"]:.2f}</p>
<p>{html.escape(str(verdict["summary"]))}</p>
<h3>Hypothesis</h3>
<p>{_stance_words(h)}</p>{table_html(hyp)}{others}
<h3>Cases holding the evidence</h3>{table_html(cases)}
<h3>Alerts on the route and its legs</h3>{table_html(alerts)}
<h3>Raw flows: the period against as many months before</h3>{chart}{table_html(flows)}
{_records_html([e for e in ev if e["kind"] == "consignments"])}"""


def _records_html(items: list[dict[str, Any]]) -> str:
    """The shipment records the check read (claims/consignments.py): the consignments of the
    pair in the period, which way they came, and those on the claimed route."""
    if not items:
        return ""

    def counts(d: dict[str, int]) -> str:
        return ", ".join(f"{k}: {n:,}" for k, n in d.items()) or "—"

    rows = [{"route": e["route"], "codes": ", ".join(e["codes"]),
             "consignments": f"{e['consignments']:,}", "usd": f"{e['usd']:,}",
             "through the named": counts(e["through"]), "direct": f"{e['direct']:,}",
             "through others": counts(e["through_others"]),
             "naming no route": f"{e['route_unshown']:,}",
             "on the route": ", ".join(e["shipment_ids"]) or "—",
             "legs": "; ".join(f"{x['leg']} {x['consignments']:,}" for x in e["legs"]) or "—"}
            for e in items]  # fmt: skip
    return ("<h3>Shipment records: the consignments of the goods in the period</h3>"
            + table_html(pd.DataFrame(rows)))  # fmt: skip


def compared_words(c: Any) -> str:
    """A leg's `compared` spans in words ('2022-01…2022-12 against 2021-01…2021-12, by month'),
    never the dict itself."""
    if not isinstance(c, dict):
        return "" if c is None else str(c)
    by = {"months": "by month", "whole years": "by whole year"}.get(str(c.get("by")), "")
    during, before = (str(c.get(k, "")).replace("..", "…") for k in ("during", "before"))
    return f"{during} against {before}" + (f", {by}" if by else "")


def _stance_words(h: dict[str, Any]) -> str:
    if h.get("stance") == "denied":
        return ("Stance: <b>denied</b>. The text denies this claim; the grade says whether the"
                " data support or contradict the claim it denies.")  # fmt: skip
    return "Stance: <b>asserted</b>. The text alleges this claim."


def _period(h: dict[str, Any]) -> str:
    if not h.get("period_start") and not h.get("period_end"):
        return "any date"
    return f"{h.get('period_start') or '…'} to {h.get('period_end') or '…'}"


def _group(h: dict[str, Any]) -> str | None:
    """A group named as the sender ("EU exports"): no one country, graded as its members."""
    g = h.get("origin_group")
    return f"{g} (a group of countries: graded as its member states)" if g else None


def _hypothesis_parts(h: dict[str, Any]) -> pd.DataFrame:
    """Each part of the hypothesis, what it was read as, and the words of the text it rests on
    (so a reader can see why the check read the text so, and what to correct)."""
    words = h.get("words") or {}
    via_words = words.get("via") or []
    goods_words = words.get("goods") or []
    rows = [
        ("origin", h.get("origin") or _group(h) or "—", words.get("origin")),
        ("intermediaries", ", ".join(h.get("via") or []) or "none", "; ".join(via_words)),
        ("destination", h.get("destination") or "—", words.get("destination")),
        (
            "goods (HS)",
            ", ".join(h.get("hs_codes") or []) or "none",
            "; ".join(dict.fromkeys(goods_words)),
        ),  # a word read twice is shown once
        ("period", _period(h), words.get("period")),
    ]
    if h.get("statement_date"):
        rows.append(("statement date (not the period)", str(h["statement_date"]), None))
    rows += [("note", n, None) for n in read_notes(words)]
    return pd.DataFrame([{"part": p, "read as": v, "from the words": w or "—"} for p, v, w in rows])


def _hypotheses_table(verdicts: list[Verdict]) -> str:
    """Every claim a text makes, one hypothesis each with its own grade; empty for one claim."""
    if len(verdicts) < 2:
        return ""
    rows = []
    for n, v in enumerate(verdicts, 1):
        h = v["hypothesis"]
        route = " → ".join(
            [
                h.get("origin") or h.get("origin_group") or "?",
                *(h.get("via") or []),
                h.get("destination") or "?",
            ]
        )
        rows.append({
            "#": n, "stance": h.get("stance") or "asserted", "route": route,
            "goods (HS)": ", ".join(h.get("hs_codes") or []) or "none", "period": _period(h),
            "grade": v["grade"], "confidence": f"{float(v['confidence']):.2f}",
            "summary": v["summary"],
        })  # fmt: skip
    return (f"<h3>All {len(rows)} hypotheses in the text</h3><p class='muted'>The text makes"
            " several claims; each is graded on its own (the first is detailed on this page)."
            f"</p>{table_html(pd.DataFrame(rows))}")  # fmt: skip


def _factor_text(evidence: str | None) -> str:
    """An alert's score factors in one cell: 'name value × weight: sentence', one per line."""
    from shadowtrade.detect.alerts import score_factors

    factors, version = score_factors(evidence)
    parts = [
        f"{f['name']} {float(str(f.get('value', 0))):.2f} × {f.get('weight')}:"
        f" {f.get('sentence', '')}"
        for f in factors
    ]
    return "; ".join(parts) + (f" ({version})" if version else "")


def case_section(ws: Workspace, case_id: str) -> str:
    """One case for a report: summary, the lines behind its score, triage and log, the evidence
    series as charts, alerts, consignments and the parties' network."""
    from shadowtrade.cases import case_detail
    from shadowtrade.views import case_consignments, case_network, case_series, route_firms

    d = case_detail(ws, case_id)
    cid = str(d["case_id"])
    c, t = d["case"], d["triage"]
    head = f"<h1>{cid}</h1><p>The latest scan no longer produces this case.</p>"
    if isinstance(c, dict):
        head = (f"<h1>{html.escape(str(c['title']))}</h1><p class='muted'>{cid} · {c['kind']}"
                f" case · score {float(c['score']):.2f}</p>"
                f"<p>{html.escape(str(c['summary']))}</p>")  # fmt: skip
    lines = pd.DataFrame(d["explanation"])
    status = (f"{t['status']}, assignee {t['assignee'] or 'none'}" if isinstance(t, dict)
              else "new (not yet triaged)")  # fmt: skip
    log = pd.DataFrame([{"seq": e.seq, "at": f"{e.at:%Y-%m-%d %H:%M}", "actor": e.actor,
                         "action": e.action, "from": e.old_value, "to": e.new_value}
                        for e in d["audit"]])  # fmt: skip
    charts = "".join(figure_html(series_figure(s)) for s in case_series(ws, cid))
    net = case_network(ws, cid)
    network = ""
    if net["nodes"]:
        network = figure_html(network_figure(net, title="Parties: who shipped to whom"))
    on_legs = route_firms(ws, cid)
    firms = f"<h2>Firms on the route's legs</h2>{table_html(on_legs)}" if len(on_legs) else ""
    alerts = d["alerts"]
    assert isinstance(alerts, pd.DataFrame)
    cols = ["role", "score", "detector", "origin", "via", "destination", "hs_code",
            "declared_hs_code", "period_start", "period_end", "summary"]  # fmt: skip
    shown = alerts[cols].assign(
        score=alerts["score"].map(lambda v: f"{v:.2f}"),
        score_factors=alerts["evidence"].map(_factor_text),
    )
    return f"""{head}
<h2>Why this score</h2>{table_html(lines)}
<h2>Triage</h2><p>{html.escape(status)}</p>{table_html(log)}
<h2>Evidence series</h2>{charts or "<p class='muted'>none</p>"}
<h2>Alerts</h2>{table_html(shown)}
{firms}
<h2>Consignments and documents</h2>{table_html(case_consignments(ws, cid))}
{network}
"""
