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
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict

import pandas as pd

from shadowtrade.cases import audit
from shadowtrade.cases.grouping import DEFLECTION, NO_CODE, GroupingParams, group_alerts
from shadowtrade.cases.ranking import rank_frame, rank_sql
from shadowtrade.cases.scoring import (
    ScoringParams,
    case_scores,
    cross_source_lines,
    evidence_lines,
    line_words,
)
from shadowtrade.errors import InputError
from shadowtrade.schema import CASES
from shadowtrade.writelock import writing

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

SCAN_ACTOR = "scan"


class CaseNotFound(InputError):
    """No case has this id (or, where prefixes are allowed, starts with it): HTTP 404."""

    http_status = 404


LABEL_CHARS = 60


def cut_words(text: str, most: int = LABEL_CHARS) -> str:
    """`text` whole, or cut at the last word boundary within `most` characters with an ellipsis
    (a description cut mid-word, 'of vu', reads as a typo)."""
    if len(text) <= most:
        return text
    head = text[: most + 1].rsplit(" ", 1)[0] if " " in text[:most] else text[:most]
    return head.rstrip(" ,;:(") + "…"


def _labels(ws: Workspace) -> tuple[dict[str, str], dict[str, str]]:
    """Heading → words: its control-list category or its text; and, for the headings of the
    civilian codes known as covers, the cover words — a loaded claim, said only of a case in
    which a finding ties the heading to the controlled goods (`_describe`)."""
    labels: dict[str, str] = {}
    covered: dict[str, str] = {}
    hs = ws.raw.execute(
        "SELECT hscode, description FROM ref_hs WHERE length(hscode) = 4"
    ).fetchall()
    for code, text in hs:
        labels[code] = f"HS {code} {cut_words(str(text).split(';')[0])}"
    for code, covers in ws.raw.execute("SELECT hs_code, covers FROM ref_cover_codes").fetchall():
        covered[code[:4]] = (
            f"HS {code[:4]}, a civilian code used as cover for {covers.replace('|', ', ')}"
        )
    ctrl = ws.raw.execute("SELECT hs_code, category FROM ref_control_list").fetchall()
    for code, cat in sorted(ctrl, key=lambda r: -len(r[0])):
        words = str(cat).replace("_", " ")
        if words == "chpl":
            words = "Common High Priority List"
        if len(code) == 4:
            labels[code] = f"{words} (HS {code})"
            covered.pop(code, None)  # controlled itself: its category says it
            continue
        for book in (labels, covered):
            if (book is labels or code[:4] in book) and "includes" not in book.get(code[:4], ""):
                base = book.get(code[:4], f"HS {code[:4]}")
                book[code[:4]] = f"{base} (includes {words} items)"
    return labels, covered


def _declared_as(a: pd.DataFrame, goods: pd.Series, covered: dict[str, str]) -> pd.Series:
    """The words ', declared as HS 7616' for a case titled by the controlled heading whose strongest
    two-code finding has the goods booked under another heading (a unit value priced like
    ammunition, a cross-code mirror gap): the heading in the records is what an analyst looks
    up, and the controlled heading is only the finding's reading of it. A case titled by the
    cover heading already names both ("a civilian code used as cover for …")."""
    two = a[a["declared_hs_code"].notna() & a["hs_code"].notna()]
    first = two.groupby("case_id", sort=False).head(1).set_index("case_id")
    h = goods.reindex(first.index)
    code = first["hs_code"].astype(str).str[:4]
    declared = first["declared_hs_code"].astype(str).str[:4]
    # Only where the case is titled by the finding's reading (hs_code): the other heading is then
    # the declared one. A case titled by the declared heading names what the records hold.
    other = declared.where(code == h)
    keep = other.notna() & (other != h) & ~h.isin(list(covered))
    return ((", declared as HS " + other[keep]).reindex(goods.index).fillna("")).astype("object")


def controlled_headings(ws: Workspace) -> set[str]:
    """The 4-digit headings of the shipped control list, its CHPL items included (what makes a
    case about arms or the dual-use goods found in Russian weapons)."""
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
    listed = controlled_headings(ws)
    members = group_alerts(alerts, clusters, listed, grouping)
    a = alerts.merge(members, on="alert_id")
    lines = evidence_lines(a, scoring, listed)
    extra, related = cross_source_lines(a, scoring)
    lines = pd.concat([lines, extra], ignore_index=True) if len(extra) else lines
    scores = case_scores(lines, scoring)
    labels, covered = _labels(ws)
    cases = _describe(a, lines, related, scores, clusters, labels, covered)
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

    def store() -> None:
        flag = _unseen(ws, members)
        if flag:
            audit.ensure_intact(ws)  # the flags are logged: never on a broken chain
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
            _flag_new_evidence(ws, flag, when)
            ws.raw.execute(
                "INSERT OR REPLACE INTO meta VALUES ('cases_built_for', ?)",
                [_alerts_fingerprint(ws)],
            )
        if flag:
            audit.sync_head_file(ws)

    writing(ws, store, "the cases")
    return rank_frame(cases)


def _unseen(ws: Workspace, members: pd.DataFrame) -> dict[str, list[str]]:
    """Triaged cases not yet flagged whose alerts include ones the analyst has not
    acknowledged: case → those alerts."""
    triaged = ws.raw.execute(
        "SELECT case_id, acknowledged_alerts, new_evidence FROM case_triage"
    ).fetchall()
    current = members.groupby("case_id")["alert_id"].agg(set).to_dict()
    out = {}
    for cid, acknowledged, flagged in triaged:
        unseen = sorted(current.get(cid, set()) - set(acknowledged or []))
        if unseen and not flagged:
            out[str(cid)] = unseen
    return out


def _flag_new_evidence(ws: Workspace, unseen: dict[str, list[str]], when: datetime) -> None:
    """Flag and log them, once (inside the cases' transaction)."""
    for cid, alerts in unseen.items():
        ws.raw.execute("UPDATE case_triage SET new_evidence = true WHERE case_id = ?", [cid])
        shown = ", ".join(alerts[:10]) + (" …" if len(alerts) > 10 else "")
        audit.append(ws, actor=SCAN_ACTOR, case_id=cid, action="new_evidence",
                     new_value=f"{len(alerts)} new alert(s): {shown}", at=when)  # fmt: skip


def _describe(
    a: pd.DataFrame,
    lines: pd.DataFrame,
    related: pd.DataFrame,
    scores: pd.Series,
    clusters: pd.DataFrame,
    labels: dict[str, str],
    covered: dict[str, str] | None = None,
) -> pd.DataFrame:
    """One row per case: title, countries, goods, figures, summary and explanation. A heading
    known as a cover is called one (`covered`) only in a case where a finding ties two codes
    (a cross-code mirror gap, a unit value priced like the controlled heading: a declared code
    beside the code); a deflection or a route break of ordinary goods keeps the goods' text."""
    a = a.assign(
        period_start=pd.to_datetime(a["period_start"]), period_end=pd.to_datetime(a["period_end"])
    ).sort_values(["case_id", "score", "alert_id"], ascending=[True, False, True])
    g = a.groupby("case_id", sort=True)
    top = g.head(1).set_index("case_id")
    df = pd.DataFrame({
        "alerts": g.size(), "period_start": g["period_start"].min(),
        "period_end": g["period_end"].max(),
        "detectors": g["detector"].agg(lambda s: ",".join(sorted(set(s)))),
    })  # fmt: skip
    df["kind"] = top["kind"]
    parts = top["case_key"].str.split("|")
    df["origin"], df["via"], df["destination"] = top["origin"], top["via"], top["destination"]
    df["goods"], df["entity"] = None, None
    route, pair = df["kind"] == "route", df["kind"] == "pair"
    df.loc[route, "via"] = parts[route].str[2]
    df.loc[route, "destination"] = parts[route].str[3]
    df.loc[route, "goods"] = parts[route].str[4]
    df.loc[pair, "destination"] = parts[pair].str[2]
    df.loc[pair, "goods"] = parts[pair].str[3]
    df.loc[route | pair, "origin"] = parts[route | pair].str[1]
    deflected = top["case_key"].str.startswith(DEFLECTION + "|")
    grouped = _deflection_groups(a[a["case_id"].isin(set(df.index[deflected]))])
    if deflected.any():
        df.loc[deflected, "destination"] = parts[deflected].str[2]
        df.loc[deflected, "goods"] = parts[deflected].str[3]
        df.loc[deflected, "via"] = grouped["via"].reindex(df.index[deflected])
    tied = set(a.loc[a["declared_hs_code"].notna(), "case_id"]) if covered else set()
    label = pd.Series(
        [
            ALL_GOODS
            if h == NO_CODE
            else ((covered or {}).get(h) if c in tied else None) or labels.get(h, f"HS {h}")
            if isinstance(h, str)
            else ""
            for c, h in zip(df.index, df["goods"], strict=True)
        ],
        index=df.index,
        dtype="object",
    )
    label = label + _declared_as(a, df["goods"], covered or {})
    via = df["via"].fillna("").str.replace(",", " + ")
    df["title"] = (df["origin"].fillna("?") + " → " + via.where(via == "", via + " → ")
                   + df["destination"].fillna("?") + " · " + label)  # fmt: skip
    single = df["kind"] == "single"
    df.loc[single, "title"] = (top["detector"] + ": " + top["summary"]).str[:120][single]
    party = df["kind"] == "party"
    if party.any():
        df.loc[party, ["title", "entity", "origin", "destination"]] = _party_titles(
            a[a["kind"] == "party"], parts[party].str[1], clusters
        )
    ls = lines.assign(
        words=lines["line"].map(line_words), strength=lines["strength"].astype(float).round(3)
    ).sort_values(["case_id", "strength"], ascending=[True, False])
    expl: dict[str, list[dict[str, Any]]] = {}
    for c, w, st, b in zip(ls["case_id"], ls["words"], ls["strength"], ls["best_alert"],
                           strict=True):  # fmt: skip
        expl.setdefault(str(c), []).append({"line": w, "strength": float(st), "alert_id": str(b)})
    df["explanation_list"] = pd.Series([expl.get(str(c), []) for c in df.index], index=df.index)
    df["lines"] = df["explanation_list"].map(len)
    df["explanation"] = df["explanation_list"].map(lambda x: json.dumps(x, ensure_ascii=False))
    df["score"] = scores.reindex(df.index).fillna(0.0).astype(float).round(4)
    df["related"] = (
        related.groupby("case_id")["related_id"]
        .agg(lambda s: ",".join(sorted(set(s))))
        .reindex(df.index)
    )
    df["summary"] = [
        _summary(t, s, e, n, p, q)
        for t, s, e, n, p, q in zip(df["title"], top["summary"].reindex(df.index),
                                    df["explanation_list"], df["alerts"], df["period_start"],
                                    df["period_end"], strict=True)
    ]  # fmt: skip
    if deflected.any():
        said = grouped["words"].reindex(df.index[deflected])
        df.loc[deflected, "summary"] = said + " " + df.loc[deflected, "summary"]
    df["new_alerts"] = 0
    df = df.reset_index()
    for col in ("period_start", "period_end"):
        df[col] = df[col].dt.date
    return df[[c for c in CASES if c != "built_at"]]


def _deflection_groups(a: pd.DataFrame) -> pd.DataFrame:
    """Per deflection case: `via`, its neighbours strongest first ('KAZ,BLR'), and `words`,
    what the case put together: the exporter's collapse of one heading to one destination,
    each neighbour that took it with its best score, and the codes of the heading found."""
    d = a[a["detector"] == "deflection"]
    if d.empty:
        return pd.DataFrame(columns=["via", "words"])
    best = d.sort_values(
        ["case_id", "score", "via"], ascending=[True, False, True]
    ).drop_duplicates(["case_id", "via"])
    rows = {}
    for cid, g in best.groupby("case_id", sort=True):
        o, dest = g["origin"].iloc[0], g["destination"].iloc[0]
        codes = sorted(set(d.loc[d["case_id"] == cid, "hs_code"].dropna().astype(str)))
        heading = codes[0][:4] if codes else "?"
        legs = ", ".join(f"{v} {s:.2f}" for v, s in zip(g["via"], g["score"], strict=True))
        n = len(g)
        took = (f"{n} neighbours took it ({legs})" if n > 1
                else f"one neighbour took it ({legs})")  # fmt: skip
        lines = (f"; {len(codes)} codes of the heading ({', '.join(codes)})" if len(codes) > 1
                 else f"; code {codes[0]}" if codes else "")  # fmt: skip
        rows[cid] = {
            "via": ",".join(g["via"]),
            "words": (f"One case for {o}'s exports of HS {heading} to {dest}, which collapsed:"
                      f" {took}{lines}."),
        }  # fmt: skip
    return pd.DataFrame.from_dict(rows, orient="index")


def _summary(title: str, strongest: str, explanation: list[dict[str, Any]], n: int,
             start: pd.Timestamp, end: pd.Timestamp) -> str:  # fmt: skip
    period = f"{start:%Y-%m}–{end:%Y-%m}" if pd.notna(start) else "no period"
    shown = "; ".join(f"{e['line']} {e['strength']:.2f}" for e in explanation[:4])
    more = f"; {len(explanation) - 4} more" if len(explanation) > 4 else ""
    shared = sum(1 for e in explanation if "a further neighbour of the same collapse" in e["line"])
    kind = (f"line(s) of evidence, {shared} of them on a further neighbour of the same collapse"
            " (weighed less: not independent)" if shared
            else "independent line(s) of evidence")  # fmt: skip
    return (f"{title}, {period}: {n} alert(s) in {len(explanation)} {kind} — {shown}{more}."
            f" Strongest: {strongest}")  # fmt: skip


# A pair or route case whose findings name no code: they are on the all-goods totals (a
# reporter's TOTAL, kept in trade_aggregates), and its title says so.
ALL_GOODS = "all goods"


def _party_titles(a: pd.DataFrame, refs: pd.Series, clusters: pd.DataFrame) -> pd.DataFrame:
    """Title, entity and most frequent origin and destination of each company case."""
    canon = (
        clusters[clusters["party"] == clusters["cluster_name"]]
        .drop_duplicates("cluster_id")
        .set_index("cluster_id")
        if len(clusters) else pd.DataFrame(columns=["cluster_name", "country", "cluster_size"])
    )  # fmt: skip
    # A cluster's records are (name, country): its spellings are its distinct names, and one
    # name booked under several countries is one spelling in several countries.
    spread = (clusters.groupby("cluster_id").agg(names=("party", "nunique"),
                                                 countries=("country", "nunique"))
              if len(clusters) else pd.DataFrame(columns=["names", "countries"]))  # fmt: skip
    g = a.groupby("case_id")
    first_name = g["entity"].agg(lambda s: sorted(set(s.dropna()))[0])
    rows = []
    for cid, ref in refs.items():
        if ref in canon.index:
            named = canon.loc[ref]
            entity = str(named["cluster_name"])
            title = f"{entity} ({named['country']})" + _spread_words(
                int(spread.loc[ref, "names"]), int(spread.loc[ref, "countries"])
            )
        else:
            entity = title = str(first_name.get(cid))
        rows.append((title, entity))
    out = pd.DataFrame(rows, index=refs.index, columns=["title", "entity"])
    out["origin"] = g["origin"].agg(_most_common).reindex(refs.index)
    out["destination"] = g["destination"].agg(_most_common).reindex(refs.index)
    return out


def _spread_words(names: int, countries: int) -> str:
    """' · 3 spellings', ' · 1 name, 5 countries', ' · 3 spellings, 2 countries', or ''."""
    if names <= 1 and countries <= 1:
        return ""
    said = f"{names} spellings" if names > 1 else "1 name"
    return f" · {said}" + (f", {countries} countries" if countries > 1 else "")


def _most_common(s: pd.Series) -> str | None:
    c = Counter(x for x in s if isinstance(x, str))
    return c.most_common(1)[0][0] if c else None


def cases_up_to_date(ws: Workspace) -> bool:
    """Whether the cases were built from the alerts and resolved parties the workspace holds."""
    row = ws.raw.execute("SELECT value FROM meta WHERE key = 'cases_built_for'").fetchone()
    return row is not None and row[0] == _alerts_fingerprint(ws)


def ensure_cases(ws: Workspace) -> None:
    """Rebuild the cases when the alerts or the resolved parties changed since the last build."""
    if not cases_up_to_date(ws):
        if ws.read_only:
            return
        build_cases(ws)


STATUS_SQL = "coalesce(t.status, 'new')"


def list_cases(ws: Workspace, top: int | None = None, status: str | None = None) -> pd.DataFrame:
    """Cases with their triage, best first (cases/ranking.py)."""
    sql = f"""
        SELECT c.case_id, round(c.score, 3) AS score, {STATUS_SQL} AS status, c.kind, c.title,
               c.alerts, c.lines, c.detectors, c.period_start, c.period_end,
               t.assignee, coalesce(t.new_evidence, false) AS new_evidence,
               array_to_string(t.tags, ',') AS tags, c.summary
        FROM cases c LEFT JOIN case_triage t USING (case_id)"""
    params: list[object] = []
    if status:
        sql += f" WHERE {STATUS_SQL} = ?"
        params.append(status)
    sql += f" ORDER BY {rank_sql('c')}"
    if top:
        sql += f" LIMIT {int(top)}"
    df: pd.DataFrame = ws.raw.execute(sql, params).df()
    return df


def find_case(ws: Workspace, ident: str, *, exact: bool = False) -> str:
    """A case id from an id or a unique prefix of one (any case); with `exact`, only the id
    itself (writes from the API: a mistyped id must not change another case)."""
    want = ident.strip()
    rows = ws.raw.execute(
        "SELECT case_id FROM cases WHERE starts_with(lower(case_id), lower(?)) UNION"
        " SELECT case_id FROM case_triage WHERE starts_with(lower(case_id), lower(?))",
        [want, want],
    ).fetchall()
    ids = sorted({str(r[0]) for r in rows})
    exact_ids = [i for i in ids if i.lower() == want.lower()]
    if exact_ids:
        return exact_ids[0]
    if exact:
        raise CaseNotFound(f"no case {ident!r} (a write needs the whole case id)")
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise CaseNotFound(f"no case {ident!r} in this workspace (see `shadowtrade cases`)")
    raise InputError(f"{ident!r} matches {len(ids)} cases: {', '.join(ids[:5])}")


def case_state(ws: Workspace, ident: str) -> dict[str, object]:
    """What a triage changes about one case: its triage row and its audit log (the rest of
    `case_detail` changes only with a scan)."""
    cid = find_case(ws, ident)
    triage = ws.raw.execute("SELECT * FROM case_triage WHERE case_id = ?", [cid]).df()
    return {"case_id": cid, "triage": triage.iloc[0].to_dict() if len(triage) else None,
            "audit": audit.entries(ws, cid)}  # fmt: skip


def related_cases(ws: Workspace, row: Mapping[Any, Any] | None) -> pd.DataFrame:
    """The cases named in a case row's `related` list, strongest first (cases/ranking.py;
    none for no row)."""
    related_ids = [r for r in str((row or {}).get("related") or "").split(",") if r]
    if not related_ids:
        return pd.DataFrame(columns=["case_id", "score", "kind", "title"])
    return ws.raw.execute(
        "SELECT case_id, round(score, 3) AS score, kind, title FROM cases"
        f" WHERE case_id IN ({', '.join('?' for _ in related_ids)}) ORDER BY {rank_sql()}",
        related_ids,
    ).df()


class CaseDetail(TypedDict):
    """Everything about one case, as the CLI's `case`, the API and the report show it."""

    case_id: str
    case: dict[str, Any] | None  # the `cases` row
    triage: dict[str, Any] | None  # the `case_triage` row (None: never triaged)
    alerts: pd.DataFrame  # its alerts with their role, best first
    explanation: list[dict[str, Any]]  # why the case scores as it does
    related: pd.DataFrame  # the cases its row names as related, strongest first
    audit: tuple[audit.AuditEntry, ...]  # its audit log, oldest first


def case_detail(ws: Workspace, ident: str) -> CaseDetail:
    """Everything about one case: its row, triage, alerts, lines, related cases, audit log."""
    state = case_state(ws, ident)
    cid = str(state["case_id"])
    case = ws.raw.execute("SELECT * FROM cases WHERE case_id = ?", [cid]).df()
    alerts = ws.raw.execute(
        "SELECT m.role, a.* FROM case_alerts m JOIN alerts a USING (alert_id)"
        " WHERE m.case_id = ? ORDER BY a.score DESC, a.alert_id",
        [cid],
    ).df()
    row = {str(k): v for k, v in case.iloc[0].items()} if len(case) else None
    related = related_cases(ws, row)
    triage = state["triage"]
    entries = state["audit"]
    assert triage is None or isinstance(triage, dict)
    assert isinstance(entries, tuple)
    return CaseDetail(
        case_id=cid,
        case=row,
        triage=triage,
        alerts=alerts,
        explanation=json.loads(str(row["explanation"])) if row else [],
        related=related,
        audit=entries,
    )
