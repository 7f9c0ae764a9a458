"""The read queries every front end shares: a case's legs, their monthly series as each side
reports them, the consignments, firms and company network behind a case, the Sankey of the
flagged routes, and everything a case page shows (`case_static`). The web app, the report and
the API render these; none of them keeps its own copy of a query."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from shadowtrade.cases.ranking import rank_sql
from shadowtrade.cases.store import related_cases
from shadowtrade.detect.alerts import CONSIGNMENT_COLUMNS, alert_consignments
from shadowtrade.output import usd

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

# The Sankey's colours, which the report's figures share: controlled goods red, each cover
# code its own colour, other goods grey.
CONTROLLED_COLOUR = "rgba(180,35,24,0.55)"
COVER_COLOURS = ("rgba(23,92,211,0.55)", "rgba(14,147,132,0.55)", "rgba(121,40,202,0.55)",
                 "rgba(181,71,8,0.55)", "rgba(102,112,133,0.55)")  # fmt: skip
OTHER_COLOUR = "rgba(152,162,179,0.55)"

# Each case's alerts with their role: the join, or the server's copy of it sorted by case
# (`PageCache.case_rows`), where one case's rows are found without reading the others'.
CASE_ALERT_ROWS = (
    "(SELECT m.case_id, m.role, a.* FROM case_alerts m JOIN alerts a USING (alert_id))"
)


def _case_legs(ws: Workspace, case_ids: list[str], rows: str = CASE_ALERT_ROWS) -> pd.DataFrame:
    """Each case's legs with the 4-digit codes its alerts name on them. A deflection's legs are
    the exporter's two flows, to the neighbour (`via`) and to the destination that collapsed:
    the goods did not go on from the neighbour to the destination in its finding."""
    if not case_ids:
        return pd.DataFrame(columns=["case_id", "o", "d", "heading", "start", "end"])
    marks = ", ".join("?" for _ in case_ids)
    legs: pd.DataFrame = ws.raw.execute(
        f"""
        WITH a AS (
            SELECT * FROM {rows} r WHERE r.case_id IN ({marks}) AND r.entity IS NULL),
        legs AS (
            SELECT case_id, origin AS o, destination AS d, left(hs_code, 4) AS heading,
                   period_start, period_end FROM a WHERE via IS NULL
            UNION ALL SELECT case_id, origin, destination, left(declared_hs_code, 4),
                   period_start, period_end FROM a WHERE via IS NULL
            UNION ALL SELECT case_id, origin, via, left(coalesce(declared_hs_code, hs_code), 4),
                   period_start, period_end FROM a WHERE via IS NOT NULL
            UNION ALL SELECT case_id, CASE WHEN detector = 'deflection' THEN origin ELSE via END,
                   destination, left(hs_code, 4), period_start, period_end
                   FROM a WHERE via IS NOT NULL)
        SELECT case_id, o, d, heading, min(period_start) AS start, max(period_end) AS "end"
        FROM legs WHERE heading IS NOT NULL GROUP BY ALL""",
        case_ids,
    ).df()
    return legs


def legs_of(case_id: str, alerts: pd.DataFrame) -> pd.DataFrame:
    """One case's legs from its alerts, as `_case_legs` gives them but without a query (a
    case has a few alerts: plain Python, not pandas, which costs more on frames this small)."""
    found: dict[tuple[str, str, str], list[Any]] = {}
    cols = ["entity", "origin", "via", "destination", "hs_code", "declared_hs_code",
            "period_start", "period_end"]  # fmt: skip
    detectors = alerts["detector"].tolist() if "detector" in alerts else [None] * len(alerts)
    for detector, entity, o, v, d, hs, declared, start, end in zip(
        detectors, *(alerts[c].tolist() for c in cols), strict=True
    ):
        if _present(entity):
            continue
        if _present(v) and detector == "deflection":
            steps = [(o, v, hs), (o, d, hs)]
        elif _present(v):
            steps = [(o, v, declared if _present(declared) else hs), (v, d, hs)]
        else:
            steps = [(o, d, hs), (o, d, declared)]
        for a, b, code in steps:
            if not _present(code):
                continue
            key = (a, b, str(code)[:4])
            if key in found:
                found[key][0] = min(found[key][0], start)
                found[key][1] = max(found[key][1], end)
            else:
                found[key] = [start, end]
    return pd.DataFrame(
        [(case_id, o, d, h, s, e) for (o, d, h), (s, e) in sorted(found.items())],
        columns=["case_id", "o", "d", "heading", "start", "end"],
    )


def _present(v: object) -> bool:
    return v is not None and not (isinstance(v, float) and v != v) and v is not pd.NaT


def _by_leg(legs: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
    """Each leg's headings, legs in their first row's order."""
    out: dict[tuple[str, str], set[str]] = {}
    for o, d, h in zip(legs["o"], legs["d"], legs["heading"], strict=True):
        out.setdefault((str(o), str(d)), set()).add(str(h))
    return {k: sorted(v) for k, v in out.items()}


def _mirror_chart(ws: Workspace, o: str, d: str, heads: list[str], s: pd.DataFrame
                  ) -> dict[str, Any]:  # fmt: skip
    """One leg as each side reports it. Missing is not zero: a side that reports nothing in
    this direction in the workspace is not drawn (a note and the title say so), and a month
    in which its reporter reported nothing at all is a gap; a month it reported other flows
    but not this leg is a zero."""
    months = reported_months(ws, o, d)
    x = [str(p)[:7] for p in s["period"]]
    series: dict[str, list[float | None]] = {}
    notes = []
    for side, who, verb, col in (("exporter", o, "exports", "exporter_reported"),
                                 ("importer", d, "imports", "importer_reported")):  # fmt: skip
        if not months[side]:
            notes.append(f"{who} reports no {verb} in this workspace")
            continue
        said = months[side]
        values = [(None if m not in said else 0.0) if pd.isna(v) else float(round(v))
                  for m, v in zip(x, s[col], strict=True)]  # fmt: skip
        gaps = sum(1 for m in x if m not in months[side])
        if gaps:
            notes.append(f"{who} reported nothing in {gaps} of these {len(x)} months (gaps, not"
                         " zeros)")  # fmt: skip
        series[f"{who} reports {verb}"] = values
    title = f"{o} → {d}, HS {', '.join(heads)}: as each side reports"
    return {"kind": "mirror", "codes": heads, "notes": notes,
            "title": f"{title} ({'; '.join(notes)})" if notes else title,
            "x": x, "series": series}  # fmt: skip


def reported_months(ws: Workspace, o: str, d: str) -> dict[str, set[str]]:
    """The months (YYYY-MM) in which `o` reported any monthly export and `d` any monthly
    import, to any partner in any code: what tells a missing report from a zero."""
    rows = ws.raw.execute(
        """SELECT DISTINCT reporter = ? AND flow IN ('export', 're-export') AS exporter,
                  strftime(period, '%Y-%m') AS month
           FROM trade_flows
           WHERE freq = 'M' AND ((reporter = ? AND flow IN ('export', 're-export'))
                                 OR (reporter = ? AND flow IN ('import', 're-import')))""",
        [o, o, d],
    ).fetchall()
    found: dict[str, set[str]] = {"exporter": set(), "importer": set()}
    for exporter, month in rows:
        found["exporter" if exporter else "importer"].add(str(month))
    return found


def leg_rows(ws: Workspace, o: str, d: str, headings: list[str]) -> pd.DataFrame:
    """period, side ('exporter': o's exports to d; 'importer': d's imports from o), heading,
    value_usd: o → d in the headings, each flow counted once at one level per reporter, as the
    detectors and the allegation check count it. A reporter whose data holds a heading both as
    HS4 totals and as their CN8 lines (two Eurostat downloads) is read at one level: summing
    both drew every such leg at twice its value.

    The rule is `levels.levels` and `levels.cut_to_levels` (claims/grade.py reads through them)
    in one query on the leg's two reporters: each code cut to the coarsest level at which its
    reporter gives the chapter in that direction (positive monthly rows, any partner), summed
    per original level, and the level whose rows carry more kept. Through Ibis the levels of the
    whole table were worked out again for every leg (0.3 s a leg: a report's Sankey of 49 legs
    took 16 s instead of 1)."""
    cols = ["period", "side", "heading", "value_usd"]
    if not headings:
        return pd.DataFrame(columns=cols)
    like = " OR ".join("starts_with(hs_code, ?)" for _ in headings)
    chapters = sorted({h[:2] for h in headings})
    chapter = " OR ".join("starts_with(hs_code, ?)" for _ in chapters)
    df: pd.DataFrame = ws.raw.execute(
        f"""
        WITH leg AS (
            SELECT reporter, flow, period, hs_code AS code, left(hs_code, 4) AS heading,
                   value_usd AS value
            FROM trade_flows
            WHERE freq = 'M' AND ((reporter = ? AND partner = ? AND flow IN ('export', 're-export'))
                OR (reporter = ? AND partner = ? AND flow IN ('import', 're-import')))
              AND ({like})),
        lv AS (
            SELECT reporter, flow, left(hs_code, 2) AS chapter,
                   min(least(length(hs_code), 6)) AS level
            FROM trade_flows
            WHERE freq = 'M' AND value_usd > 0 AND reporter IN (?, ?) AND ({chapter})
              AND (length(hs_code) IN (2, 4) OR length(hs_code) >= 6)
            GROUP BY ALL),
        cut AS (
            SELECT l.reporter, l.flow, l.period, l.heading, length(l.code) AS own,
                   CASE WHEN lv.level IS NOT NULL AND length(l.code) > lv.level
                        THEN left(l.code, lv.level) ELSE l.code END AS code,
                   sum(l.value) AS value
            FROM leg l LEFT JOIN lv ON lv.reporter = l.reporter AND lv.flow = l.flow
                                   AND lv.chapter = left(l.code, 2)
            GROUP BY ALL),
        one AS (
            SELECT reporter, flow, period, heading, code, max(value) AS value FROM cut
            GROUP BY ALL)
        SELECT period, CASE WHEN reporter = ? THEN 'exporter' ELSE 'importer' END AS side,
               heading, sum(value) AS value_usd
        FROM one GROUP BY ALL ORDER BY period, side, heading""",
        [o, d, d, o, *headings, o, d, *chapters, o],
    ).df()
    if df.empty:
        return pd.DataFrame(columns=cols)
    df["period"] = pd.to_datetime(df["period"])
    return df[cols]


def leg_series(ws: Workspace, o: str, d: str, headings: list[str]) -> pd.DataFrame:
    """Monthly value of o → d in the headings, as the exporter and as the importer report it
    (NaN where that side reports no flow of the leg that month), one level per reporter."""
    rows = leg_rows(ws, o, d, headings)
    if rows.empty:
        return pd.DataFrame(columns=["period", "exporter_reported", "importer_reported"])
    wide = rows.pivot_table(index="period", columns="side", values="value_usd", aggfunc="sum")
    wide = wide.reindex(columns=["exporter", "importer"]).add_suffix("_reported")
    return wide.reset_index().rename_axis(columns=None)


def leg_codes(ws: Workspace, o: str, d: str, headings: list[str]) -> pd.DataFrame:
    """Monthly value of o → d by 4-digit heading, as the exporter (`side` 'exporter') and as the
    importer reports it: a cross-code leg shows each side's code apart (one level per
    reporter, `leg_rows`)."""
    rows = leg_rows(ws, o, d, headings)
    out: pd.DataFrame = rows.groupby(["period", "side", "heading"], as_index=False).agg(
        value_usd=("value_usd", "sum")
    )
    return out


def goods_names(ws: Workspace) -> dict[str, str]:
    """What a 4-digit heading is, in the words of the shipped lists: a controlled category, or
    a civilian cover for a controlled heading."""
    names: dict[str, str] = {}
    for h, cat in ws.raw.execute(
        "SELECT DISTINCT left(hs_code, 4), category FROM ref_control_list"
        " WHERE category <> 'chpl' ORDER BY 1, 2"
    ).fetchall():
        names.setdefault(str(h), f"HS {h} {str(cat).replace('_', ' ')}")
    for h, covers in ws.raw.execute(
        "SELECT left(hs_code, 4), string_agg(DISTINCT covers, '|' ORDER BY covers)"
        " FROM ref_cover_codes GROUP BY 1"
    ).fetchall():
        if str(h) not in names:
            cover = ", ".join(sorted(set(str(covers).split("|"))))
            names[str(h)] = f"HS {h} declared (a cover for {cover})"
    return names


def sankey(ws: Workspace, min_score: float = 0.5, limit: int = 40) -> dict[str, Any]:
    """Origin → intermediary → destination flows of the flagged cases' goods (controlled and
    cover codes). Each leg is one link valued at the larger of the two sides' reports over the
    case's months (the same goods reported under two codes are counted once), labelled with the
    goods as the exporter declared them; `goods` gives each its colour (controlled goods red,
    each cover code its own), `link_text` both sides' figures by code."""
    cases = ws.raw.execute(
        f"""SELECT case_id, kind, origin, via, destination FROM cases
            WHERE kind IN ('route', 'pair') AND score >= ? ORDER BY {rank_sql()}
            LIMIT {int(limit)}""",
        [min_score],
    ).df()
    legs = _case_legs(ws, list(cases["case_id"]))
    names = goods_names(ws)
    nodes: list[str] = []
    links: dict[tuple[int, int], dict[str, Any]] = {}

    def node(label: str) -> int:
        if label not in nodes:
            nodes.append(label)
        return nodes.index(label)

    def by_code(side: pd.Series) -> str:
        found = [f"HS {h} {usd(float(v))}" for h, v in side.items() if v > 0]
        return ", ".join(found) or "nothing"

    for (o, d), g in legs.groupby(["o", "d"], sort=True):
        s = leg_codes(ws, str(o), str(d), sorted(set(g["heading"])))
        s = s[(s["period"] >= g["start"].min()) & (s["period"] <= g["end"].max())]
        exp = s[s["side"] == "exporter"].groupby("heading")["value_usd"].sum()
        imp = s[s["side"] == "importer"].groupby("heading")["value_usd"].sum()
        value = float(max(exp.sum(), imp.sum()))
        if value <= 0:
            continue
        declared = str((exp if exp.sum() > 0 else imp).idxmax())
        routes = cases[cases["case_id"].isin(set(g["case_id"]))]
        vias = {v for x in routes["via"].dropna() for v in str(x).split(",")}  # 'KAZ,BLR'
        is_first = (routes["origin"] == o).any()
        is_via_out = o in vias
        src = node(f"{o} (intermediary)" if is_via_out and not is_first else f"{o} (origin)")
        is_via_in = d in vias
        dst = node(f"{d} (intermediary)" if is_via_in else f"{d} (destination)")
        text = (f"{o} → {d}: {usd(value)}, the larger of the two reports. {o} reports exports"
                f" of {by_code(exp)}; {d} reports imports of {by_code(imp)}")  # fmt: skip
        link = links.setdefault((src, dst), {"value": 0.0, "goods": names.get(declared,
                                             f"HS {declared}"), "text": []})  # fmt: skip
        link["value"] += value
        link["text"].append(text)
    goods = sorted({v["goods"] for v in links.values()}, key=lambda x: ("cover" in x, x))
    palette = iter(COVER_COLOURS)
    colours = {gd: CONTROLLED_COLOUR if "cover" not in gd else next(palette, OTHER_COLOUR)
               for gd in goods}  # fmt: skip
    inflow = [0.0] * len(nodes)
    outflow = [0.0] * len(nodes)
    for (s_, t_), v in links.items():
        outflow[s_] += v["value"]
        inflow[t_] += v["value"]
    return {
        "nodes": nodes,
        "node_value": [round(max(a, b)) for a, b in zip(inflow, outflow, strict=True)],
        "source": [s for s, _ in links],
        "target": [t for _, t in links],
        "value": [round(v["value"]) for v in links.values()],
        "link_goods": [v["goods"] for v in links.values()],
        "link_text": ["; ".join(v["text"]) for v in links.values()],
        "goods": [{"goods": gd, "colour": colours[gd]} for gd in goods],
    }


def case_series(
    ws: Workspace,
    case_id: str,
    rows: str = CASE_ALERT_ROWS,
    legs: pd.DataFrame | None = None,
    known: tuple[dict[str, Any] | None, pd.DataFrame] | None = None,
) -> list[dict[str, Any]]:
    """The evidence series of a case as charts: for each leg, the exporter's against the
    importer's report (each code its own series where the leg carries several: on a cross-code
    leg the evidence is that the two sides' codes differ); for a route, the inflow against the
    onward flow; unit values against their code's range. `known`: the case's row and its
    alerts, when already read."""
    charts: list[dict[str, Any]] = []
    legs = _case_legs(ws, [case_id], rows) if legs is None else legs
    per_leg = dict(sorted(_by_leg(legs).items()))
    read: dict[tuple[str, str], pd.DataFrame] = {}  # each leg's series read once

    def series_of(o: str, d: str) -> pd.DataFrame:
        if (o, d) not in read:
            read[(o, d)] = leg_series(ws, o, d, per_leg.get((o, d), []))
        return read[(o, d)]

    for (o, d), heads in per_leg.items():
        if len(heads) > 1:
            charts.extend(_codes_chart(ws, o, d, heads))
            continue
        s = series_of(o, d)
        if len(s):
            charts.append(_mirror_chart(ws, o, d, heads, s))
    if known is None:
        case = ws.raw.execute(
            "SELECT kind, origin, via, destination FROM cases WHERE case_id = ?", [case_id]
        ).fetchone()
    else:
        row = known[0]
        case = (row["kind"], row["origin"], row["via"], row["destination"]) if row else None
    if case and case[0] == "route":
        _, o, v, d = case
        first, second = per_leg.get((o, v), []), per_leg.get((v, d), [])
        a, b = series_of(o, v), series_of(v, d)
        if len(a) and len(b):
            both = a.merge(b, on="period", how="outer", suffixes=("_in", "_out")).fillna(0.0)
            both = both.sort_values("period")
            inflow = both[["exporter_reported_in", "importer_reported_in"]].max(axis=1)
            onward = both[["exporter_reported_out", "importer_reported_out"]].max(axis=1)
            charts.append({
                "kind": "route", "title": f"Inflow {o} → {v} against onward flow {v} → {d}",
                "x": [str(p)[:7] for p in both["period"]],
                "series": {
                    f"inflow into {v} (HS {', '.join(first)})": inflow.round().tolist(),
                    f"onward to {d} (HS {', '.join(second)})": onward.round().tolist(),
                },
            })  # fmt: skip
    if known is None:
        found = ws.raw.execute(
            f"""SELECT r.origin, r.via, r.destination, max(r.score) FROM {rows} r
                WHERE r.case_id = ? AND r.detector = 'deflection' GROUP BY ALL""",
            [case_id],
        ).fetchall()
    else:
        a = known[1][known[1]["detector"] == "deflection"]
        found = [] if a.empty else list(zip(a["origin"], a["via"], a["destination"], a["score"],
                                             strict=True))  # fmt: skip
    # One chart per collapse: the flow that collapsed and every neighbour's, strongest first.
    collapses: dict[tuple[str, str], dict[str, float]] = {}
    for o, v, d, score in found:
        got = collapses.setdefault((o, d), {})
        got[v] = max(float(score), got.get(v, 0.0))
    for (o, d), scored in sorted(collapses.items(), reverse=True):
        vs = sorted(scored, key=lambda v: (-scored[v], v))
        heads = sorted({h for leg in [(o, d), *((o, v) for v in vs)] for h in per_leg.get(leg, [])})
        chart = _deflection_chart(ws, o, vs, d, heads, series_of(o, d),
                                  [series_of(o, v) for v in vs])  # fmt: skip
        if chart is not None:
            charts.insert(0, chart)  # the whole finding first
    if known is None:
        uv = ws.raw.execute(
            f"""SELECT r.origin, r.destination, r.evidence FROM {rows} r
                WHERE r.case_id = ? AND r.detector = 'unit_value'""",
            [case_id],
        ).fetchall()
    else:
        a = known[1][known[1]["detector"] == "unit_value"]
        uv = list(zip(a["origin"], a["destination"], a["evidence"], strict=True))
    for o, d, ev in uv:
        charts.append(unit_value_chart(o, d, json.loads(ev or "{}")))
    for o, d in _all_goods_legs(ws, case_id, rows, None if known is None else known[1]):
        charts.extend(all_goods_charts(ws, o, d))
    return charts


def _all_goods_legs(
    ws: Workspace, case_id: str, rows: str, alerts: pd.DataFrame | None
) -> list[tuple[str, str]]:
    """The country pairs of a case's findings on all goods (statistics alerts naming no code:
    a reporter's TOTAL, held in trade_aggregates), each leg of a route apart."""
    if alerts is None:
        found = ws.raw.execute(
            f"""SELECT r.origin, r.via, r.destination FROM {rows} r WHERE r.case_id = ?
                AND r.entity IS NULL AND r.hs_code IS NULL AND r.declared_hs_code IS NULL""",
            [case_id],
        ).fetchall()
    else:
        cols = ["entity", "hs_code", "declared_hs_code", "origin", "via", "destination"]
        if not set(cols) <= set(alerts.columns):  # a caller's partial frame: no such finding
            return []
        mine = alerts[alerts["entity"].isna() & alerts["hs_code"].isna()
                      & alerts["declared_hs_code"].isna()]  # fmt: skip
        found = list(zip(mine["origin"], mine["via"], mine["destination"], strict=True))
    legs: list[tuple[str, str]] = []
    for o, v, d in found:
        steps = [(o, v), (v, d)] if _present(v) else [(o, d)]
        legs += [(str(a), str(b)) for a, b in steps if _present(a) and _present(b)]
    return list(dict.fromkeys(legs))


def all_goods_rows(ws: Workspace, o: str, d: str) -> pd.DataFrame:
    """o → d in all goods as each side reports it (trade_aggregates' all-goods totals): side
    ('exporter': o's exports to d; 'importer': d's imports from o), freq ('M' or 'A'), period,
    value_usd."""
    df: pd.DataFrame = ws.raw.execute(
        """SELECT CASE WHEN reporter = ? THEN 'exporter' ELSE 'importer' END AS side, freq,
                  period, sum(value_usd) AS value_usd
           FROM trade_aggregates
           WHERE aggregate_kind = 'all_goods' AND freq IN ('M', 'A')
             AND ((reporter = ? AND partner = ? AND flow IN ('export', 're-export'))
                  OR (reporter = ? AND partner = ? AND flow IN ('import', 're-import')))
           GROUP BY ALL ORDER BY period""",
        [o, o, d, d, o],
    ).df()
    return df


def all_goods_charts(ws: Workspace, o: str, d: str) -> list[dict[str, Any]]:
    """A leg in all goods, as each side reports it: by year (a side reporting months counts
    the sum of its months, a year with fewer than 12 said), and the months the exporter or the
    importer reports, beside the other side's yearly figure ÷ 12 where it reports only years
    (Eurostat's monthly exports against Armenia's yearly imports)."""
    rows = all_goods_rows(ws, o, d)
    if rows.empty:
        return []
    rows["year"] = pd.to_datetime(rows["period"]).dt.year
    who = {"exporter": (o, "exports"), "importer": (d, "imports")}
    years = sorted(int(y) for y in rows["year"].unique())
    yearly: dict[str, list[float | None]] = {}
    notes: list[str] = []
    monthly = {s for s in who if ((rows["side"] == s) & (rows["freq"] == "M")).any()}
    for side, (name, verb) in who.items():
        mine = rows[rows["side"] == side]
        if mine.empty:
            notes.append(f"{name} reports no {verb} in this workspace")
            continue
        freq = "M" if side in monthly else "A"
        held = mine[mine["freq"] == freq].groupby("year")
        totals, counts = held["value_usd"].sum(), held.size()
        short = [f"{y} ({int(counts[y])} months)" for y in years
                 if freq == "M" and y in counts.index and counts[y] < 12]  # fmt: skip
        if short:
            notes.append(f"{name}'s months do not cover the whole of {', '.join(short)}")
        label = f"{name} reports {verb}" + (" (sum of its months)" if freq == "M" else " (yearly)")
        yearly[label] = [float(round(totals[y])) if y in totals.index else None for y in years]
    title = f"{o} → {d}, all goods: as each side reports, by year"
    charts: list[dict[str, Any]] = [{
        "kind": "mirror", "codes": [], "notes": notes, "x": [str(y) for y in years],
        "title": f"{title} ({'; '.join(notes)})" if notes else title, "series": yearly,
    }]  # fmt: skip
    for side in sorted(monthly):
        name, verb = who[side]
        other = "importer" if side == "exporter" else "exporter"
        months = rows[(rows["side"] == side) & (rows["freq"] == "M")]
        x = [str(p)[:7] for p in months["period"]]
        series: dict[str, list[float | None]] = {
            f"{name} reports {verb}": [float(round(v)) for v in months["value_usd"]]
        }
        twelfth = rows[(rows["side"] == other) & (rows["freq"] == "A")]
        if other not in monthly and not twelfth.empty:
            per_year = dict(zip(twelfth["year"], twelfth["value_usd"], strict=True))
            oname, overb = who[other]
            series[f"{oname} reports {overb} by year only: its yearly figure ÷ 12"] = [
                float(round(per_year[y] / 12)) if y in per_year else None
                for y in pd.to_datetime(months["period"]).dt.year
            ]
        charts.append({"kind": "mirror", "codes": [], "notes": [], "x": x, "series": series,
                       "title": f"{o} → {d}, all goods: {name}'s months"})  # fmt: skip
    return charts


def _deflection_chart(
    ws: Workspace, o: str, vs: list[str], d: str, heads: list[str], to_dest: pd.DataFrame,
    to_next: list[pd.DataFrame],
) -> dict[str, Any] | None:  # fmt: skip
    """A deflection on one chart: the exporter's flow to the destination that collapsed beside
    its flow to each neighbour that took it, as the exporter reports them (the finding is the
    exporter's). A month in which it reported no export at all is a gap, one with other
    exports a zero."""
    if to_dest.empty and all(f.empty for f in to_next):
        return None
    said = reported_months(ws, o, d)["exporter"]
    got = {
        name: {str(p)[:7]: float(x) for p, x in zip(f["period"], f["exporter_reported"],
                                                     strict=True) if pd.notna(x)}
        for name, f in ((d, to_dest), *zip(vs, to_next, strict=True))
    }  # fmt: skip
    seen = sorted(set().union(*got.values()))
    if not seen:
        return None
    x = sorted({m for m in said if seen[0] <= m <= seen[-1]} | set(seen))
    series = {
        f"{o} → {name}{' (collapsed)' if name == d else ''}": [
            float(round(got[name][m])) if m in got[name] else (0.0 if m in said else None)
            for m in x
        ]
        for name in (d, *vs)
    }
    beside = vs[0] if len(vs) == 1 else ", ".join(vs[:-1]) + " and " + vs[-1]
    return {"kind": "deflection", "codes": heads, "notes": [],
            "title": f"{o}'s exports of HS {', '.join(heads)} as {o} reports them: to {d},"
                     f" which collapsed, beside {beside}",
            "x": x, "series": series}  # fmt: skip


def unit_value_chart(o: str, d: str, e: dict[str, Any]) -> dict[str, Any]:
    """A unit_value alert's price against what it is compared with: the route's own usual month
    (a standing cover route priced anew) or the code's other routes, and the controlled goods'."""
    labels = [f"{o} → {d} as reported"]
    values = [e.get("unit_value_usd_per_kg")]
    if e.get("route_median_usd_per_kg") is not None:
        labels.append(f"{o} → {d} in its usual month")
        values.append(e["route_median_usd_per_kg"])
    else:
        labels.append(f"typical for HS {e.get('code', '')}")
        values.append(e.get("code_median_usd_per_kg"))
    if e.get("controlled_median_usd_per_kg"):
        labels.append(f"typical for HS {e.get('nearest_controlled_heading')}")
        values.append(e["controlled_median_usd_per_kg"])
    title = f"Unit value, USD/kg ({e.get('reporter')} reports {e.get('flow')}s)"
    return {"kind": "unit_value", "title": title, "x": labels, "series": {"USD/kg": values}}


def _codes_chart(ws: Workspace, o: str, d: str, heads: list[str]) -> list[dict[str, Any]]:
    """One leg's chart with a series per (side, heading) that carries any value."""
    s = leg_codes(ws, o, d, heads)
    if s.empty:
        return []
    wide = s.pivot_table(index="period", columns=["side", "heading"], values="value_usd",
                         aggfunc="sum").sort_index()  # fmt: skip
    x = [str(p)[:7] for p in wide.index]
    series: dict[str, list[float | None]] = {}
    months = reported_months(ws, o, d)
    notes = []
    for side, who, verb in (("exporter", o, "exports"), ("importer", d, "imports")):
        if not months[side]:  # not drawn as zeros: missing is not zero
            notes.append(f"{who} reports no {verb} in this workspace")
        said = months[side]
        for h in heads:
            if (side, h) in wide.columns and wide[(side, h)].sum() > 0:
                # a month its reporter reported nothing at all is a gap, other months a zero
                series[f"{who} reports {verb} of HS {h}"] = [
                    (None if m not in said else 0.0) if pd.isna(v) else float(round(v))
                    for m, v in zip(x, wide[(side, h)], strict=True)
                ]
    title = f"{o} → {d}: each side's report by code (HS {', '.join(heads)})"
    return [{
        "kind": "mirror", "codes": heads, "notes": notes,
        "title": f"{title} ({'; '.join(notes)})" if notes else title,
        "x": x, "series": series,
    }]  # fmt: skip


def case_consignments(
    ws: Workspace, case_id: str, limit: int = 200, rows: str = CASE_ALERT_ROWS
) -> pd.DataFrame:
    """The consignments a case's alerts name, with their papers (the alerts' own
    implementation, `detect.alerts.alert_consignments`)."""
    return alert_consignments(ws, rows, "r.case_id = ?", [case_id], limit)


def case_network(
    ws: Workspace, case_id: str, limit: int = 60, rows: str = CASE_ALERT_ROWS,
    consignments: pd.DataFrame | None = None, listed: bool = True,
) -> dict[str, Any]:  # fmt: skip
    """The companies around a case's consignments (`consignments`: up to 500 of them, as
    `case_consignments` reads them): who shipped to whom, with positions for a drawing
    (networkx spring layout) and the listed parties they matched (`listed`: False when the
    case is known to have no list match)."""
    cons = (case_consignments(ws, case_id, limit=500, rows=rows) if consignments is None
            else consignments)  # fmt: skip
    matches = (
        ws.raw.execute(
            f"""SELECT r.entity, json_extract_string(r.evidence, '$.list') AS list,
                   json_extract_string(r.evidence, '$.entity_id') AS entity_id
            FROM {rows} r WHERE r.case_id = ? AND r.detector = 'list_match'""",
            [case_id],
        ).fetchall()
        if listed
        else []
    )
    g: nx.Graph = nx.Graph()
    for r in cons.itertuples() if len(cons) else ():
        for n, c in ((r.exporter, r.origin), (r.consignee, r.destination)):
            if isinstance(n, str):
                g.add_node(n, country=c, kind="company")
        if isinstance(r.exporter, str) and isinstance(r.consignee, str):
            w = g.get_edge_data(r.exporter, r.consignee, {"consignments": 0})["consignments"]
            g.add_edge(r.exporter, r.consignee, consignments=w + 1)
    for entity, lst, eid in matches:
        node = f"{lst} {eid}"
        g.add_node(node, country=None, kind="listed")
        if isinstance(entity, str):
            g.add_node(entity, country=g.nodes.get(entity, {}).get("country"), kind="company")
            g.add_edge(entity, node, consignments=0)
    _add_list_relations(ws, g, [(str(lst), str(eid)) for _, lst, eid in matches])
    if g.number_of_nodes() > limit:
        keep = sorted(g.degree, key=lambda x: -x[1])[:limit]
        g = g.subgraph([n for n, _ in keep]).copy()
    pos = nx.spring_layout(g, seed=1) if g.number_of_nodes() else {}
    return {
        "nodes": [
            {"id": n, "x": float(pos[n][0]), "y": float(pos[n][1]), **g.nodes[n]} for n in g.nodes
        ],
        "edges": [{"source": a, "target": b, **g.edges[a, b]} for a, b in g.edges],
    }


def relation_words(relation: str, role: object, percentage: object, start: object,
                   end: object) -> str:  # fmt: skip
    """One list relationship in words: 'Ownership 51 % since 2015-11-25', 'Ownership 50 %
    2015-11-25 – 2023-03-02 (ended)', 'Directorship: ГЕНЕРАЛЬНЫЙ ДИРЕКТОР'."""
    words = str(relation) + (f": {role}" if _present(role) and role else "")
    if _present(percentage) and percentage:
        words += f" {str(percentage).rstrip('%')} %"
    began, ended = _present(start) and bool(start), _present(end) and bool(end)
    if began and ended:
        words += f" {start} – {end} (ended)"
    elif ended:
        words += f" until {end} (ended)"
    elif began:
        words += f" since {start}"
    return words


def _add_list_relations(
    ws: Workspace, g: nx.Graph, listed: list[tuple[str, str]], hops: int = 2
) -> None:
    """The list's own relations around the listed parties a case matched (owners,
    subsidiaries, directors, family: `list_relations`, addresses left out), `hops` steps out:
    each listed node named as the list names it, each link with its terms (an ended one said
    to be ended, `ended` True). Nodes are '<list> <id>', as the matched ones."""
    if not listed:
        return
    # one node per listed id: the matched party's, else the list its record is in
    node_of = {eid: f"{lst} {eid}" for lst, eid in listed}
    names = set(node_of.values())
    frontier = set(node_of)
    seen: set[str] = set()
    drawn: set[object] = set()
    for _ in range(hops):
        todo = sorted(frontier - seen)
        if not todo:
            break
        seen |= set(todo)
        rel = ws.raw.execute(
            """SELECT DISTINCT r.list, r.source_id, r.target_id, r.relation, r.role,
                      r.percentage, r.start_date, r.end_date, r.relation_id
               FROM list_relations r
               WHERE r.relation <> 'address' AND (r.source_id IN (SELECT unnest(?::VARCHAR[]))
                     OR r.target_id IN (SELECT unnest(?::VARCHAR[])))
               ORDER BY ALL""",
            [todo, todo],
        ).fetchall()
        frontier = set()
        ends = sorted({str(x) for r in rel for x in r[1:3]} - set(node_of))
        for eid, lst in ws.raw.execute(
            "SELECT entity_id, min(list) FROM list_entities"
            " WHERE entity_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY entity_id",
            [ends],
        ).fetchall():
            node_of[str(eid)] = f"{lst} {eid}"
        for lst, src, dst, relation, role, pct, start, end, rid in rel:
            key = rid or (src, dst, relation, role, pct, start, end)
            if key in drawn:
                continue  # met again from its other end, a step further out
            drawn.add(key)
            a = node_of.setdefault(str(src), f"{lst} {src}")
            b = node_of.setdefault(str(dst), f"{lst} {dst}")
            for n in (a, b):
                if not g.has_node(n):
                    g.add_node(n, country=None, kind="related")
            frontier |= {str(src), str(dst)}
            words = relation_words(relation, role, pct, start, end)
            if not rid:  # list_relations rows kept before a relationship's terms were
                words += " (terms not kept: the list was ingested by an earlier version)"
            ended = _present(end) and bool(end)
            if g.has_edge(a, b) and "relation" in g.edges[a, b]:
                e = g.edges[a, b]
                e["relation"] = f"{e['relation']}; {words}"
                e["ended"] = bool(e["ended"]) and ended
            else:
                g.add_edge(a, b, consignments=0, relation=words, ended=ended)
        names |= {n for n in g.nodes if g.nodes[n].get("kind") in ("listed", "related")}
    _name_listed(ws, g, sorted(names))


def _name_listed(ws: Workspace, g: nx.Graph, nodes: list[str]) -> None:
    """A listed node's label: its name on the list and its programmes, not its bare id."""
    ids = [n.split(" ", 1)[1] for n in nodes if " " in n]
    found: dict[str, tuple[str, str | None]] = {}
    for eid, name, programs in ws.raw.execute(
        "SELECT entity_id, first(name), first(programs) FROM list_entities"
        " WHERE entity_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY entity_id",
        [ids],
    ).fetchall():
        found[str(eid)] = (str(name), programs)
    for n in nodes:
        eid = n.split(" ", 1)[1] if " " in n else n
        if eid in found:
            name, programs = found[eid]
            g.nodes[n]["label"] = name + (f" (listed: {_first_programs(programs)})"
                                          if programs else "")  # fmt: skip
        else:
            g.nodes[n]["label"] = f"{n} (not in the workspace's lists)"


def _first_programs(programs: str, width: int = 60) -> str:
    """A party's programmes cut to `width` at a '; ', with how many more are left out (an
    OpenSanctions party may carry dozens, each a sentence long)."""
    parts = [p for p in programs.split("; ") if p]
    shown: list[str] = []
    for p in parts:
        if shown and len("; ".join([*shown, p])) > width:
            break
        shown.append(p)
    more = len(parts) - len(shown)
    return "; ".join(shown) + (f"; {more} more" if more else "")


def route_firms(
    ws: Workspace, case_id: str, limit: int = 40, rows: str = CASE_ALERT_ROWS,
    legs: pd.DataFrame | None = None, case_row: dict[str, Any] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """The firms that shipped a route or pair case's goods on its legs in its months, from the
    consignments (a leg's headings as the case's alerts name them, cover codes included): who
    is behind the flows the statistics show."""
    case = ws.raw.execute(
        "SELECT kind, period_start, period_end FROM cases WHERE case_id = ?", [case_id]
    ).fetchone() if case_row is None else (
        case_row["kind"], case_row["period_start"], case_row["period_end"])  # fmt: skip
    columns = ["leg", "exporter", "importer", "headings", "consignments", "value_usd", "first",
               "last"]  # fmt: skip
    if case is None or case[0] not in ("route", "pair"):
        return pd.DataFrame(columns=columns)
    legs = _case_legs(ws, [case_id], rows) if legs is None else legs
    found = []
    for (o, d), heads in _by_leg(legs).items():
        found.append(ws.raw.execute(
            f"""SELECT exporter_country || ' → ' || importer_country AS leg, exporter, importer,
                       string_agg(DISTINCT left(hs_code, 4), ', ' ORDER BY left(hs_code, 4))
                           AS headings,
                       count(*) AS consignments, sum(value_usd) AS value_usd,
                       min(date) AS first, max(date) AS last
                FROM shipments
                WHERE exporter_country = ? AND importer_country = ?
                  AND left(hs_code, 4) IN ({", ".join("?" for _ in heads)})
                  AND date >= ? AND date < ? + INTERVAL 1 MONTH
                GROUP BY ALL ORDER BY value_usd DESC LIMIT {int(limit)}""",
            [o, d, *heads, case[1], case[2]],
        ).df())  # fmt: skip
    found = [f for f in found if len(f)]
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=columns)


def case_alerts_of(ws: Workspace, case_ids: list[str], rows: str = CASE_ALERT_ROWS
                   ) -> dict[str, pd.DataFrame]:  # fmt: skip
    """Several cases' alerts in one query, each case's as `case_static` reads it (best first,
    without the case id); an empty frame for a case without alerts."""
    df = ws.raw.execute(
        f"SELECT * FROM {rows} r WHERE r.case_id IN (SELECT unnest(?::VARCHAR[]))"
        " ORDER BY r.case_id, r.score DESC, r.alert_id", [case_ids]
    ).df()  # fmt: skip
    ids = df["case_id"].to_numpy(dtype=object)
    alerts = df.drop(columns="case_id")
    out: dict[str, pd.DataFrame] = {}
    if len(ids):  # the rows come grouped by case: cut where the case id changes
        cut = np.flatnonzero(ids[1:] != ids[:-1]) + 1
        for a, b in zip(np.r_[0, cut], np.r_[cut, len(ids)], strict=True):
            out[str(ids[a])] = alerts.iloc[a:b].reset_index(drop=True)
    return {c: out.get(c, alerts.iloc[0:0].reset_index(drop=True)) for c in case_ids}


def case_static(
    ws: Workspace, case_id: str, rows: str = CASE_ALERT_ROWS, *, flows: bool = True,
    shipments: bool = True, cases: Mapping[str, dict[str, Any]] | None = None,
    alerts: pd.DataFrame | None = None,
) -> dict[str, Any]:  # fmt: skip
    """What a case page shows that only a scan or an ingest changes, its alerts read once: the
    case's row and explanation, its alerts (best first) and related cases, the series and
    firms of its legs, its consignments (the network's 500, the table's 200). Queries known
    to find nothing are not run: none when the alerts name no consignment or list match, no
    series when the workspace holds no trade flows (`flows` False), no firms when it holds no
    shipments (`shipments` False). `cases`: every case's row by id, when held; `alerts`: the
    case's alerts, when read with other cases' (`case_alerts_of`)."""
    if cases is not None:
        row = cases.get(case_id)
    else:
        found = ws.raw.execute("SELECT * FROM cases WHERE case_id = ?", [case_id])
        names = [c[0] for c in found.description or []]
        first = found.fetchone()
        row = dict(zip(names, first, strict=True)) if first else None
    if alerts is None:
        alerts = ws.raw.execute(
            f"SELECT * EXCLUDE (case_id) FROM {rows} r WHERE r.case_id = ?", [case_id]
        ).df()
    if rows == CASE_ALERT_ROWS:  # the sorted copy keeps its order; the join has none
        alerts = alerts.sort_values(
            ["score", "alert_id"], ascending=[False, True], kind="stable", ignore_index=True
        )
    related = related_cases(ws, row)
    legs = legs_of(case_id, alerts)
    named = alerts["shipment_id"].notna().any() or alerts["evidence"].astype("string").str.contains(
        "consignment_list", regex=False).fillna(False).any()  # fmt: skip
    consignments = (case_consignments(ws, case_id, limit=500, rows=rows) if named
                    else pd.DataFrame(columns=list(CONSIGNMENT_COLUMNS)))  # fmt: skip
    listed = bool((alerts["detector"] == "list_match").any())
    return {
        "case": row,
        "explanation": json.loads(str(row["explanation"])) if row else [],
        "alerts": alerts,
        "related": related,
        "series": case_series(
            ws, case_id, rows, legs if flows else legs.head(0), known=(row, alerts)
        ),
        "consignments": consignments.head(200),
        "firms": route_firms(
            ws, case_id, rows=rows, legs=legs if shipments else legs.head(0), case_row=row
        ),
        "network": case_network(ws, case_id, rows=rows, consignments=consignments, listed=listed),
    }
