"""The workspace report: what was ingested, what was quarantined, controlled-goods trade, alerts.

Charts are plotly figures with plotly.js inlined once, so the file opens offline.
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from shadowtrade.report.figures import USD_AXIS, USD_HOVER, plotly_text
from shadowtrade.report.page import figure_html, table_html, write_page
from shadowtrade.report.sections import cases_section, changes_section
from shadowtrade.schema import ALERT_DISPLAY_COLUMNS

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace


def _q(ws: Workspace, sql: str) -> pd.DataFrame:
    return ws.raw.execute(sql).df()


def controlled_monthly(ws: Workspace) -> pd.DataFrame:
    """Monthly value of controlled goods by category and reporting side."""
    return _q(
        ws,
        """
        SELECT f.period, c.category, f.flow, sum(f.value_usd) AS value_usd
        FROM trade_flows f JOIN ref_control_list c ON starts_with(f.hs_code, c.hs_code)
        WHERE f.freq = 'M' AND c.category <> 'chpl'
        GROUP BY ALL ORDER BY 1""",
    )


def _source(ws: Workspace) -> str:
    """The workspace a report is of: the served one where it was read from a server's copy."""
    if ws.copy_of is None:
        return str(ws.path)
    return f"{ws.copy_of} (read from a copy the running server made of it)"


def write_workspace_report(ws: Workspace, out: Path, *, extra_sections: str = "") -> None:
    """Write the whole-workspace report to `out`."""
    imports = _q(
        ws,
        "SELECT import_id, file_name, layout, rows_read, accepted, aggregates,"
        " quarantined, quarantine_by_reason FROM imports ORDER BY import_id",
    )
    totals = _q(
        ws,
        "SELECT count(*) AS rows, count(DISTINCT reporter) AS reporters,"
        " min(period) AS first, max(period) AS last, sum(value_usd) AS value"
        " FROM trade_flows",
    ).iloc[0]
    quarantine = _q(
        ws,
        'SELECT reason, "column", count(*) AS rows, any_value(value) AS example'
        " FROM quarantine GROUP BY ALL ORDER BY rows DESC",
    )
    shown = 50
    alerts = _q(
        ws,
        f"SELECT {', '.join(ALERT_DISPLAY_COLUMNS)} FROM alerts ORDER BY score DESC LIMIT {shown}",
    )
    counts = _q(
        ws, "SELECT count(*) AS n, count(*) FILTER (WHERE score >= 0.5) AS high FROM alerts"
    ).iloc[0]
    n_alerts, n_high = int(counts["n"]), int(counts["high"])
    top_controlled = _q(
        ws,
        """
        SELECT f.reporter, f.partner, f.flow, f.hs_code, c.category,
               count(*) AS months, sum(f.value_usd) AS value_usd
        FROM trade_flows f JOIN ref_control_list c ON starts_with(f.hs_code, c.hs_code)
        WHERE c.category <> 'chpl' GROUP BY ALL ORDER BY value_usd DESC LIMIT 25""",
    )
    cover = _q(
        ws,
        """
        SELECT f.reporter, f.partner, f.flow, f.hs_code, v.covers AS may_cover,
               sum(f.value_usd) AS value_usd, sum(f.value_usd) / nullif(sum(f.net_weight_kg), 0)
               AS usd_per_kg
        FROM trade_flows f JOIN ref_cover_codes v ON f.hs_code = v.hs_code
        GROUP BY ALL ORDER BY value_usd DESC LIMIT 25""",
    )

    monthly = controlled_monthly(ws)
    charts = ""
    if not monthly.empty:
        fig = go.Figure()
        for (cat, flow), g in monthly.groupby(["category", "flow"]):
            fig.add_trace(
                go.Scatter(
                    x=g["period"],
                    y=g["value_usd"],
                    mode="lines",
                    name=plotly_text(f"{cat} ({flow}s reported)"),
                    hovertemplate=USD_HOVER,
                )
            )
        fig.update_layout(
            title="Controlled goods: monthly value by category, as each side reports",
            yaxis=USD_AXIS,
        )
        charts += figure_html(fig)
    by_reporter = _q(
        ws,
        "SELECT reporter, sum(value_usd) AS v FROM trade_flows GROUP BY 1 ORDER BY 2 DESC LIMIT 20",
    )
    if not by_reporter.empty:
        charts += figure_html(
            go.Figure(
                go.Bar(
                    x=[plotly_text(r) for r in by_reporter["reporter"]],
                    y=by_reporter["v"],
                    name="reported trade",
                    hovertemplate=USD_HOVER,
                ),
                layout={"title": "Reported trade by reporter (top 20)", "yaxis": USD_AXIS},
            )
        )

    kpis = "".join(
        f"<span class='kpi'><b>{v}</b>{k}</span>"
        for k, v in (
            ("flows", f"{int(totals['rows']):,}"),
            ("reporters", f"{int(totals['reporters']):,}"),
            (
                "months",
                f"{totals['first']:%Y-%m} … {totals['last']:%Y-%m}" if totals["rows"] else "—",
            ),
            ("alerts", f"{n_alerts:,}"),
            ("alerts ≥ 0.5", f"{n_high:,}"),
        )
    )
    alerts_html = (
        table_html(alerts)
        if not alerts.empty
        else (
            "<p class='muted'>No detector has produced alerts in this workspace. Detectors"
            " arrive with the trade-detector issue; the tables below are the raw evidence they"
            " will read.</p>"
        )
    )
    alerts_note = (
        f"<p class='muted'>The {len(alerts):,} strongest of {n_alerts:,} alerts"
        f" ({n_high:,} score 0.5 or more).</p>"
        if n_alerts > len(alerts)
        else ""
    )
    body = f"""
<h1>Shadowtrade workspace report</h1>
<p class="muted">Workspace {html.escape(_source(ws))} · written {datetime.now():%Y-%m-%d %H:%M}</p>
<div>{kpis}</div>
{extra_sections}
{changes_section(ws)}
{cases_section(ws)}
<h2>Alerts</h2>{alerts_note}{alerts_html}
{consignment_section(ws)}
<h2>Controlled goods</h2>{charts}
<h3>Largest controlled-goods flows (HS 93, 36, 8710, 8806, 9013.10)</h3>
{table_html(top_controlled)}
<h3>Civilian-cover codes: largest flows and their unit values</h3>{table_html(cover)}
<h2>Ingested files</h2>{table_html(imports)}
<h2>Quarantine</h2>{table_html(quarantine)}
"""
    write_page(out, "Shadowtrade report", body)


def consignment_section(ws: Workspace) -> str:
    """Shipment-level alerts with the consignment and its papers beside each, and the
    party-level ones (pass-through firms, reused certificates) — empty without shipments."""
    n = int(_q(ws, "SELECT count(*) AS n FROM shipments").iloc[0]["n"])
    if n == 0:
        return ""
    by_detector = _q(
        ws,
        "SELECT detector, count(*) AS alerts, count(*) FILTER (WHERE score >= 0.5)"
        ' AS "score ≥ 0.5" FROM alerts WHERE detector IN'
        " ('description_mismatch', 'document_reuse', 'route_mismatch', 'consignment_anomaly')"
        " GROUP BY ALL ORDER BY 1",
    )
    consignments = _q(
        ws,
        """
        SELECT round(a.score, 2) AS score, a.detector, s.shipment_id, s.date, s.exporter,
               s.consignee, s.origin_country AS origin,
               array_to_string(s.transit_countries, ' > ') AS transit,
               s.destination_country AS destination, s.hs_code, s.description,
               s.value_usd, s.net_weight_kg, s.invoice_no,
               s.end_user_certificate_no AS certificate, s.certificate_date, a.summary
        FROM alerts a JOIN shipments s USING (shipment_id)
        WHERE a.score >= 0.5 ORDER BY a.score DESC, a.alert_id LIMIT 40""",
    )
    parties = _q(
        ws,
        """
        SELECT round(score, 2) AS score, detector, entity, destination, period_start,
               period_end, summary
        FROM alerts WHERE shipment_id IS NULL AND score >= 0.5 AND detector IN
            ('document_reuse', 'consignment_anomaly')
        ORDER BY score DESC, alert_id LIMIT 25""",
    )
    return f"""
<h2>Consignments</h2>
<p class="muted">{n:,} consignments in the workspace. Each alert below names the consignment
it rests on, with its route, goods description and papers; `shadowtrade alert ID` shows every
consignment that shares its invoice or certificate.</p>
{table_html(by_detector)}
<h3>Flagged consignments (score ≥ 0.5)</h3>{table_html(consignments)}
<h3>Firms and documents across consignments</h3>{table_html(parties)}
"""


def truth_section(truth_file: Path) -> str:
    """The planted schemes of a simulated world, for demo reports."""
    doc = json.loads(truth_file.read_text(encoding="utf-8"))
    rows = pd.DataFrame(doc.get("schemes", []))
    if rows.empty:
        return ""
    rows["via"] = rows["via"].map(lambda v: ", ".join(v))
    cols = [
        "scheme_id",
        "kind",
        "origin",
        "via",
        "destination",
        "hs_code",
        "declared_hs_code",
        "period_start",
        "period_end",
        "monthly_value_usd",
    ]
    return (
        f"<h2>Planted schemes (simulated world '{html.escape(doc['scenario'])}',"
        f" seed {doc['seed']})</h2>{table_html(rows[cols])}"
    )
