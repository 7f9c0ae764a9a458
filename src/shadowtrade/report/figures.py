"""The Plotly figures of cases, routes and checks, built once for the HTML report and the web
pages (which draw the same JSON with the vendored plotly.js).

Plotly reads a subset of HTML inside every text it draws (trace names, labels, titles, hover
text): a consignee named `<a href=…>click me</a>` would be drawn as a link. Every name that
comes from the data therefore goes through `plotly_text` before it reaches a figure; only the
markup written here (`<br>`, `<b>`) is left for Plotly to read. Money is shown as USD with
thousands separators, or in millions / billions (`usd`).
"""

from __future__ import annotations

import html
import json
import math
from datetime import date, datetime
from typing import Any

import numpy as np
import plotly.graph_objects as go

from shadowtrade.output import usd
from shadowtrade.views import OTHER_COLOUR

USD_AXIS: dict[str, Any] = {"exponentformat": "B", "ticksuffix": " USD",
                            "separatethousands": True}  # fmt: skip
USD_HOVER = "%{fullData.name}<br>%{x}: %{y:,.0f} USD<extra></extra>"


def plotly_text(value: object) -> str:
    """A name as Plotly must see it to draw it as written: `<`, `>` and `&` escaped."""
    return html.escape(str(value), quote=False)


Figure = dict[str, Any]  # {"data": [traces], "layout": {...}}: Plotly's own JSON shape


def _figure(data: list[dict[str, Any]], layout: dict[str, Any], *, title: str | None = None,
            height: int = 360) -> Figure:  # fmt: skip
    """A figure spec as plain data: the pages serialise it directly (no graph-object build per
    request); `as_figure` makes the checked plotly object for the report."""
    base: dict[str, Any] = {
        "template": "none", "height": height, "font": {"size": 12},
        "margin": {"l": 80, "r": 20, "t": 40 if title else 10, "b": 40},
        "legend": {"orientation": "h", "y": -0.15}, "hoverlabel": {"namelength": -1},
    }  # fmt: skip
    if title:
        base["title"] = {"text": plotly_text(title)}
    return {"data": data, "layout": {**base, **layout}}


def as_figure(spec: Figure) -> go.Figure:
    """The spec as a plotly figure (every property checked by plotly)."""
    return go.Figure(spec)


def series_figure(chart: dict[str, Any]) -> Figure:
    """One evidence series of a case (`views.case_series`): lines over months in USD, or bars
    of unit values in USD/kg. Each name in `series` is its own trace (a cross-code leg's codes
    are separate series: the evidence is that they differ)."""
    x = [plotly_text(v) for v in chart["x"]]
    if chart["kind"] == "unit_value":
        traces = [{"type": "bar", "x": x, "y": y, "name": plotly_text(name),
                   "hovertemplate": "%{x}: %{y:,.2f} USD/kg<extra></extra>"}
                  for name, y in chart["series"].items()]  # fmt: skip
        yaxis: dict[str, Any] = {"title": {"text": "USD/kg"}, "separatethousands": True}
    else:
        traces = [{"type": "scatter", "x": x, "y": y, "name": plotly_text(name),
                   "mode": "lines+markers", "hovertemplate": USD_HOVER}
                  for name, y in chart["series"].items()]  # fmt: skip
        yaxis = USD_AXIS
    return _figure(traces, {"yaxis": yaxis, "showlegend": True}, title=str(chart["title"]),
                   height=340)  # fmt: skip


def sankey_figure(s: dict[str, Any]) -> Figure:
    """The flagged routes' flows (`views.sankey`): nodes labelled with their value, links
    coloured by the goods they carry as declared (controlled goods red, each cover code its
    own colour), values in USD on hover."""
    colour = {g["goods"]: g["colour"] for g in s.get("goods", [])}
    goods = s.get("link_goods", [""] * len(s["value"]))
    values = s.get("node_value", [None] * len(s["nodes"]))
    trace = {
        "type": "sankey", "orientation": "h", "valueformat": ",.0f", "valuesuffix": " USD",
        "textfont": {"color": "#1d2433", "size": 12},
        "node": {"label": [f"{plotly_text(n)} · {usd(v)}"
                           for n, v in zip(s["nodes"], values, strict=True)],
                 "pad": 14, "thickness": 14, "color": "#98a2b3",
                 "hovertemplate": "%{label}<extra></extra>"},
        "link": {"source": s["source"], "target": s["target"], "value": s["value"],
                 "label": [plotly_text(g) for g in goods],
                 "color": [colour.get(g, OTHER_COLOUR) for g in goods],
                 "customdata": [plotly_text(t)
                                for t in s.get("link_text", [""] * len(s["value"]))],
                 "hovertemplate": "%{customdata}<extra></extra>"},
    }  # fmt: skip
    legend = "   ".join(
        f"<span style='color:{g['colour'].replace('0.55', '1')}'>■</span> {plotly_text(g['goods'])}"
        for g in s.get("goods", [])
    )
    notes = [{"text": legend, "x": 0, "y": -0.08, "xref": "paper", "yref": "paper",
              "xanchor": "left", "showarrow": False}] if legend else []  # fmt: skip
    return _figure([trace], {"annotations": notes}, height=440)


def network_figure(net: dict[str, Any], *, title: str | None = None) -> Figure:
    """The parties around a case (`views.case_network`): who shipped to whom; listed parties
    red by their list name, the parties the list relates them to orange, each relation's terms
    on hover at its middle (an ended one dotted grey). Names are escaped (they come from
    consignments and lists)."""
    at = {n["id"]: n for n in net["nodes"]}
    # consignments and matches; the list's relations in force; ended ones (dotted)
    styles = {"trade": {"color": "#c0c7d4", "width": 1},
              "relation": {"color": "#b54708", "width": 1.5},
              "ended": {"color": "#98a2b3", "width": 1, "dash": "dot"}}  # fmt: skip
    lines: dict[str, tuple[list[float | None], list[float | None]]] = {k: ([], []) for k in styles}
    mid_x, mid_y, mid_text = [], [], []
    for e in net["edges"]:
        a, b = at[e["source"]], at[e["target"]]
        style = "trade" if "relation" not in e else "ended" if e.get("ended") else "relation"
        lines[style][0].extend([a["x"], b["x"], None])
        lines[style][1].extend([a["y"], b["y"], None])
        if "relation" in e:
            mid_x.append((a["x"] + b["x"]) / 2)
            mid_y.append((a["y"] + b["y"]) / 2)
            mid_text.append(plotly_text(e["relation"]))
    names = [plotly_text(n.get("label") or n["id"]) + (f" ({plotly_text(n['country'])})"
             if n.get("country") else "") for n in net["nodes"]]  # fmt: skip
    colour = {"listed": "#b42318", "related": "#dc6803"}
    # the consignments' lines first and the parties second, always (data[1] is the names)
    traces = [
        {"type": "scatter", "x": lines["trade"][0], "y": lines["trade"][1], "mode": "lines",
         "line": styles["trade"], "hoverinfo": "skip"},
        {"type": "scatter", "x": [n["x"] for n in net["nodes"]],
         "y": [n["y"] for n in net["nodes"]], "mode": "markers+text", "text": names,
         "textposition": "top center", "hovertemplate": "%{text}<extra></extra>",
         "marker": {"size": 11, "color": [colour.get(str(n.get("kind")), "#175cd3")
                                          for n in net["nodes"]]}},
        *({"type": "scatter", "x": xs_, "y": ys_, "mode": "lines", "line": styles[k],
           "hoverinfo": "skip"} for k, (xs_, ys_) in lines.items() if xs_ and k != "trade"),
        *([{"type": "scatter", "x": mid_x, "y": mid_y, "mode": "markers+text",
            "text": mid_text, "textposition": "middle center", "textfont": {"size": 9},
            "marker": {"size": 5, "color": "#b54708"},
            "hovertemplate": "%{text}<extra></extra>"}] if mid_x else []),
    ]  # fmt: skip
    xs = [float(n["x"]) for n in net["nodes"]] or [0.0]
    ys = [float(n["y"]) for n in net["nodes"]] or [0.0]
    pad_x, pad_y = 0.25 * (max(xs) - min(xs) or 1.0), 0.12 * (max(ys) - min(ys) or 1.0)
    layout = {"showlegend": False,
              "xaxis": {"visible": False, "range": [min(xs) - pad_x, max(xs) + pad_x]},
              "yaxis": {"visible": False, "range": [min(ys) - pad_y, max(ys) + pad_y]}}  # fmt: skip
    return _figure(traces, layout, title=title, height=420)


def flows_figure(flows: list[dict[str, Any]], *, title: str | None = None) -> Figure:
    """An allegation check's legs: the period's value against as many months before, in USD."""
    legs = [plotly_text(f["leg"]) for f in flows]
    traces = [
        {"type": "bar", "name": "before the period (as many months)", "x": legs,
         "y": [f["usd_before"] for f in flows], "hovertemplate": USD_HOVER},
        {"type": "bar", "name": "during the period", "x": legs,
         "y": [f["usd_during"] for f in flows], "hovertemplate": USD_HOVER},
    ]  # fmt: skip
    return _figure(traces, {"barmode": "group", "yaxis": USD_AXIS}, title=title)


def _plain(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _finite(value: Any) -> Any:
    """NaN and infinities as null (JSON has no NaN; plotly draws a gap)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def figure_json(spec: Figure) -> str:
    """The figure as the web pages' charts.js draws it; `<`, `>` and `&` written as \\u003c
    etc., as plotly's own JSON does, so the text is inert wherever it is embedded."""
    text = json.dumps(_finite(spec), default=_plain, ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def is_usd_column(name: object) -> bool:
    """A table column of USD amounts (`value_usd`, `usd_during`; not `usd_per_kg`)."""
    text = str(name)
    return "usd" in text and "per" not in text
