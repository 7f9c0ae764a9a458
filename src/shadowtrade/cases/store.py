"""Building the `cases` table from the alerts, and reading it with the analyst's triage.

Every scan rebuilds `cases` and `case_alerts` from scratch (they are a function of the alerts
and of `party_clusters`); `case_triage` and `case_audit` are never rebuilt. Because case ids
come from the case key, a rebuild finds the same cases again: a dismissed case stays dismissed.
A triaged case whose alerts now include ones the analyst has not seen is flagged
(`new_evidence`) and the audit log records which alerts are new.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

from shadowtrade.cases import audit
from shadowtrade.cases.grouping import GroupingParams, group_alerts
from shadowtrade.cases.scoring import (
    ScoringParams,
    case_scores,
    cross_source_lines,
    evidence_lines,
    line_words,
)
from shadowtrade.errors import InputError
from shadowtrade.schema import CASES

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

SCAN_ACTOR = "scan"


def _labels(ws: Workspace) -> dict[str, str]:
    """Heading → words: its control-list category, the codes it is a cover for, or its text."""
    labels: dict[str, str] = {}
    hs = ws.raw.execute(
        "SELECT hscode, description FROM ref_hs WHERE length(hscode) = 4"
    ).fetchall()
    for code, text in hs:
        labels[code] = f"HS {code} {str(text).split(';')[0][:48]}"
    for code, covers in ws.raw.execute("SELECT hs_code, covers FROM ref_cover_codes").fetchall():
        labels[code[:4]] = (
            f"HS {code[:4]}, a civilian code used as cover for {covers.replace('|', ', ')}"
        )
    ctrl = ws.raw.execute("SELECT hs_code, category FROM ref_control_list").fetchall()
    for code, cat in sorted(ctrl, key=lambda r: -len(r[0])):
        words = str(cat).replace("_", " ")
        if words == "chpl":
            words = "Common High Priority List"
        if len(code) == 4:
            labels[code] = f"{words} (HS {code})"
        elif "includes" not in labels.get(code[:4], ""):
            base = labels.get(code[:4], f"HS {code[:4]}")
            labels[code[:4]] = f"{base} (includes {words} items)"
    return labels


def controlled_headings(ws: Workspace) -> set[str]:
    rows = ws.raw.execute("SELECT DISTINCT left(hs_code, 4) FROM ref_control_list").fetchall()
    return {str(r[0]) for r in rows}


def _alerts_fingerprint(ws: Workspace) -> str:
    row = ws.raw.execute(
        "SELECT count(*), coalesce(sum(hash(alert_id, score)), 0) FROM alerts"
    ).fetchone()
    clusters = ws.raw.execute(
        "SELECT count(*), coalesce(sum(hash(party, country, cluster_id)), 0) FROM party_clusters"
    ).fetchone()
    return f"{row}|{clusters}"


def _clusters(ws: Workspace) -> pd.DataFrame:
    df: pd.DataFrame = ws.raw.execute(
        "SELECT party, country, cluster_id, cluster_name, cluster_size, consignments"
        " FROM party_clusters"
    ).df()
    return df


def build_cases(
    ws: Workspace,
    grouping: GroupingParams | None = None,
    scoring: ScoringParams | None = None,
    *,
    now: datetime | None = None,
) -> pd.DataFrame:
    """Group the workspace's alerts into cases, score them, store them; the cases, best first."""
    when = (now or datetime.now()).replace(microsecond=0)
    alerts: pd.DataFrame = ws.raw.execute("SELECT * FROM alerts").df()
    clusters = _clusters(ws)
    members = group_alerts(alerts, clusters, controlled_headings(ws), grouping)
    a = alerts.merge(members, on="alert_id")
    lines = evidence_lines(a)
    extra, related = cross_source_lines(a, scoring)
    lines = pd.concat([lines, extra], ignore_index=True) if len(extra) else lines
    scores = case_scores(lines, scoring)
    cases = _describe(a, lines, related, scores, clusters, _labels(ws))
    cases["built_at"] = when

    prev = ws.raw.execute("SELECT case_id, alert_id FROM case_alerts").df()
    had_build = ws.raw.execute("SELECT count(*) FROM cases").fetchone()
    if had_build and had_build[0]:
        seen = prev.groupby("case_id")["alert_id"].agg(set).to_dict()
        grouped = members.groupby("case_id")["alert_id"].agg(set)
        cases["new_alerts"] = cases["case_id"].map(lambda c: len(grouped[c] - seen.get(c, set())))
    else:
        cases["new_alerts"] = 0
    cases = cases[list(CASES)]
    with ws.transaction():
        ws.raw.execute("DELETE FROM cases")
        ws.raw.execute("DELETE FROM case_alerts")
        if len(cases):
            ws.raw.register("_cases_df", cases)
            ws.raw.execute("INSERT INTO cases BY NAME SELECT * FROM _cases_df")
            ws.raw.unregister("_cases_df")
            ws.raw.register("_members_df", members[["case_id", "alert_id", "role"]])
            ws.raw.execute("INSERT INTO case_alerts BY NAME SELECT * FROM _members_df")
            ws.raw.unregister("_members_df")
        _flag_new_evidence(ws, members, when)
        ws.raw.execute(
            "INSERT OR REPLACE INTO meta VALUES ('cases_built_for', ?)", [_alerts_fingerprint(ws)]
        )
    return cases.sort_values(["score", "case_id"], ascending=[False, True], ignore_index=True)


def _flag_new_evidence(ws: Workspace, members: pd.DataFrame, when: datetime) -> None:
    """Triaged cases with alerts the analyst has not acknowledged: flag and log them once."""
    triaged = ws.raw.execute(
        "SELECT case_id, acknowledged_alerts, new_evidence FROM case_triage"
    ).fetchall()
    current = members.groupby("case_id")["alert_id"].agg(set).to_dict()
    for cid, acknowledged, flagged in triaged:
        unseen = sorted(current.get(cid, set()) - set(acknowledged or []))
        if unseen and not flagged:
            ws.raw.execute("UPDATE case_triage SET new_evidence = true WHERE case_id = ?", [cid])
            shown = ", ".join(unseen[:10]) + (" …" if len(unseen) > 10 else "")
            audit.append(ws, actor=SCAN_ACTOR, case_id=cid, action="new_evidence",
                         new_value=f"{len(unseen)} new alert(s): {shown}", at=when)  # fmt: skip


def _describe(
    a: pd.DataFrame,
    lines: pd.DataFrame,
    related: pd.DataFrame,
    scores: pd.Series,
    clusters: pd.DataFrame,
    labels: dict[str, str],
) -> pd.DataFrame:
    """One row per case: title, countries, goods, figures, summary and explanation."""
    rows = []
    rel = related.groupby("case_id")["related_id"].agg(lambda s: ",".join(sorted(set(s))))
    by_line = {c: g.sort_values("strength", ascending=False) for c, g in lines.groupby("case_id")}
    names = (
        clusters[clusters["party"] == clusters["cluster_name"]]
        .drop_duplicates("cluster_id")
        .set_index("cluster_id")
        if len(clusters) else pd.DataFrame()
    )  # fmt: skip
    for cid, g in a.groupby("case_id", sort=True):
        g = g.sort_values(["score", "alert_id"], ascending=[False, True])
        top = g.iloc[0]
        kind = str(top["kind"])
        key_parts = str(top["case_key"]).split("|")
        origin = via = destination = goods = entity = None
        if kind == "route":
            origin, via, destination, goods = key_parts[1:5]
            title = f"{origin} → {via} → {destination} · {labels.get(goods, 'HS ' + goods)}"
        elif kind == "pair":
            origin, destination, goods = key_parts[1:4]
            title = f"{origin} → {destination} · {labels.get(goods, 'HS ' + goods)}"
        elif kind == "party":
            ref = key_parts[1]
            spellings = sorted(set(g["entity"].dropna()))
            if ref in names.index:
                named = names.loc[ref]
                entity, country = str(named["cluster_name"]), str(named["country"])
                size = int(str(named["cluster_size"]))
                title = f"{entity} ({country})" + (f" · {size} spellings" if size > 1 else "")
            else:
                entity = spellings[0]
                title = entity
            origin = _most_common(g["origin"])
            destination = _most_common(g["destination"])
        else:
            origin, via, destination = top["origin"], top["via"], top["destination"]
            title = f"{top['detector']}: {top['summary']}"[:120]
        ls = by_line.get(cid, pd.DataFrame(columns=["line", "strength", "best_alert"]))
        explanation = [
            {"line": line_words(str(r.line)), "strength": round(float(str(r.strength)), 3),
             "alert_id": str(r.best_alert)}
            for r in ls.itertuples()
        ]  # fmt: skip
        start = pd.to_datetime(g["period_start"]).min()
        end = pd.to_datetime(g["period_end"]).max()
        period = f"{start:%Y-%m}–{end:%Y-%m}" if pd.notna(start) else "no period"
        shown = "; ".join(f"{e['line']} {e['strength']:.2f}" for e in explanation[:4])
        more = f"; {len(explanation) - 4} more" if len(explanation) > 4 else ""
        summary = (
            f"{title}, {period}: {len(g)} alert(s) in {len(explanation)} independent line(s)"
            f" of evidence — {shown}{more}. Strongest: {top['summary']}"
        )
        rows.append({
            "case_id": cid, "kind": kind, "title": title, "origin": _none(origin),
            "via": _none(via), "destination": _none(destination), "goods": goods,
            "entity": entity, "score": round(float(scores.get(cid, 0.0)), 4),
            "alerts": len(g), "lines": len(explanation),
            "detectors": ",".join(sorted(set(g["detector"]))),
            "period_start": start, "period_end": end, "summary": summary,
            "explanation": json.dumps(explanation, ensure_ascii=False),
            "related": rel.get(cid), "new_alerts": 0,
        })  # fmt: skip
    df = pd.DataFrame(rows, columns=[c for c in CASES if c != "built_at"])
    for col in ("period_start", "period_end"):
        df[col] = pd.to_datetime(df[col]).dt.date
    return df


def _none(v: object) -> object:
    return None if v is None or (isinstance(v, float) and pd.isna(v)) else v


def _most_common(s: pd.Series) -> str | None:
    c = Counter(x for x in s if isinstance(x, str))
    return c.most_common(1)[0][0] if c else None


def ensure_cases(ws: Workspace) -> None:
    """Rebuild the cases when the alerts or the resolved parties changed since the last build."""
    row = ws.raw.execute("SELECT value FROM meta WHERE key = 'cases_built_for'").fetchone()
    if row is None or row[0] != _alerts_fingerprint(ws):
        if ws.read_only:
            return
        build_cases(ws)


STATUS_SQL = "coalesce(t.status, 'new')"


def list_cases(ws: Workspace, top: int | None = None, status: str | None = None) -> pd.DataFrame:
    """Cases with their triage, best first."""
    sql = f"""
        SELECT c.case_id, round(c.score, 3) AS score, {STATUS_SQL} AS status, c.kind, c.title,
               c.alerts, c.lines, c.detectors, c.period_start, c.period_end,
               t.assignee, coalesce(t.new_evidence, false) OR c.new_alerts > 0 AS new_evidence,
               array_to_string(t.tags, ',') AS tags, c.summary
        FROM cases c LEFT JOIN case_triage t USING (case_id)"""
    params: list[object] = []
    if status:
        sql += f" WHERE {STATUS_SQL} = ?"
        params.append(status)
    sql += " ORDER BY c.score DESC, c.case_id"
    if top:
        sql += f" LIMIT {int(top)}"
    df: pd.DataFrame = ws.raw.execute(sql, params).df()
    return df


def find_case(ws: Workspace, ident: str) -> str:
    """A case id from an id or a unique prefix of one (any case)."""
    want = ident.strip()
    rows = ws.raw.execute(
        "SELECT case_id FROM cases WHERE starts_with(lower(case_id), lower(?)) UNION"
        " SELECT case_id FROM case_triage WHERE starts_with(lower(case_id), lower(?))",
        [want, want],
    ).fetchall()
    ids = sorted({str(r[0]) for r in rows})
    exact = [i for i in ids if i.lower() == want.lower()]
    if exact:
        return exact[0]
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise InputError(f"no case {ident!r} in this workspace (see `shadowtrade cases`)")
    raise InputError(f"{ident!r} matches {len(ids)} cases: {', '.join(ids[:5])}")


def case_detail(ws: Workspace, ident: str) -> dict[str, object]:
    """Everything about one case: its row, triage, alerts, lines, related cases, audit log."""
    cid = find_case(ws, ident)
    case = ws.raw.execute("SELECT * FROM cases WHERE case_id = ?", [cid]).df()
    triage = ws.raw.execute("SELECT * FROM case_triage WHERE case_id = ?", [cid]).df()
    alerts = ws.raw.execute(
        "SELECT m.role, a.* FROM case_alerts m JOIN alerts a USING (alert_id)"
        " WHERE m.case_id = ? ORDER BY a.score DESC, a.alert_id",
        [cid],
    ).df()
    row = case.iloc[0].to_dict() if len(case) else None
    related_ids = [r for r in str((row or {}).get("related") or "").split(",") if r]
    related = (
        ws.raw.execute(
            "SELECT case_id, round(score, 3) AS score, kind, title FROM cases"
            f" WHERE case_id IN ({', '.join('?' for _ in related_ids)}) ORDER BY score DESC",
            related_ids,
        ).df()
        if related_ids
        else pd.DataFrame(columns=["case_id", "score", "kind", "title"])
    )
    return {
        "case_id": cid,
        "case": row,
        "triage": triage.iloc[0].to_dict() if len(triage) else None,
        "alerts": alerts,
        "explanation": json.loads(str(row["explanation"])) if row else [],
        "related": related,
        "audit": audit.entries(ws, cid),
    }
