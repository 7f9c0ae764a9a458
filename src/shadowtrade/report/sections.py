"""Report sections for cases and for an allegation check, shared by the workspace report and
`shadowtrade check --report`."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pandas as pd
import plotly.graph_objects as go

from shadowtrade.report.page import figure_html, table_html

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace


def cases_section(ws: Workspace, top: int = 25) -> str:
    """The strongest cases with their triage, and how many there are by status and kind."""
    n = ws.raw.execute("SELECT count(*) FROM cases").fetchone()
    if not n or not n[0]:
        return ""
    by = ws.raw.execute(
        """SELECT c.kind, coalesce(t.status, 'new') AS status, count(*) AS cases,
                  count(*) FILTER (WHERE c.score >= 0.5) AS score_0_5_or_more
           FROM cases c LEFT JOIN case_triage t USING (case_id) GROUP BY ALL ORDER BY 1, 2"""
    ).df()
    best = ws.raw.execute(
        f"""SELECT c.case_id, round(c.score, 2) AS score, coalesce(t.status, 'new') AS status,
                   c.title, c.alerts, c.lines, c.period_start, c.period_end, t.assignee,
                   c.summary
            FROM cases c LEFT JOIN case_triage t USING (case_id)
            ORDER BY c.score DESC, c.case_id LIMIT {int(top)}"""
    ).df()
    best["score"] = best["score"].map(lambda v: f"{v:.2f}")
    return f"""
<h2>Cases</h2>
<p class="muted">{n[0]:,} cases: alerts grouped by route, country pair or company. A case
scores higher the more independent lines of evidence agree (several detectors, both reporting
sides, consignments and statistics); `shadowtrade case ID` shows why.</p>
{table_html(by)}
<h3>Strongest cases</h3>{table_html(best, max_rows=top)}
"""


def check_section(verdict: dict[str, Any], source: str | None = None) -> str:
    """An allegation check: the hypothesis, the grade and why, and the evidence for and against."""
    h = verdict["hypothesis"]
    grade = str(verdict["grade"])
    hyp = pd.DataFrame([{
        "origin": h.get("origin"), "via": ", ".join(h.get("via") or []) or "—",
        "destination": h.get("destination"), "goods (HS)": ", ".join(h.get("hs_codes") or []),
        "period": f"{h.get('period_start') or '…'} to {h.get('period_end') or '…'}",
    }])  # fmt: skip
    ev = verdict["evidence"]
    cases = pd.DataFrame([e for e in ev if e["kind"] == "case"])
    alerts = pd.DataFrame([e for e in ev if e["kind"] == "alert"])
    flows = pd.DataFrame([e for e in ev if e["kind"] == "flows"])
    chart = ""
    if len(flows):
        fig = go.Figure([
            go.Bar(name="before the period (as many months)", x=flows["leg"],
                   y=flows["usd_before"]),
            go.Bar(name="during the period", x=flows["leg"], y=flows["usd_during"]),
        ])  # fmt: skip
        fig.update_layout(barmode="group", title="Flows on each leg of the alleged route",
                          yaxis_title="USD")  # fmt: skip
        chart = figure_html(fig)
        flows = flows.assign(
            codes=flows["codes"].map(", ".join),
            growth=flows["growth"].map(lambda g: "" if pd.isna(g) else f"×{g:.2f}"),
        ).drop(columns="kind")
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
<h3>Hypothesis</h3>{table_html(hyp)}
<h3>Cases holding the evidence</h3>{table_html(cases)}
<h3>Alerts on the route and its legs</h3>{table_html(alerts)}
<h3>Raw flows: the period against as many months before</h3>{chart}{table_html(flows)}
"""
