"""Alerts → cases: which findings concern the same route, the same country pair or the same firm.

Three kinds of case, each with a key that does not depend on alert ids or periods, so the same
data always gives the same case and an analyst's triage stays attached to it across rescans:

- **route** (origin, intermediary, destination, goods heading): transshipment findings, and the
  country-pair findings on either leg of the route (in the same goods, or in the cover code
  the route's first leg was declared under) when the route's own evidence is strong enough.
  A deflection is one route case per exporter, goods heading and destination that collapsed
  (`deflection|O|D|heading`): every neighbour that took the lost flow is a leg of the one
  collapse, and the codes of one heading (CN8 lines, HS6 subheadings) are one case, not one
  case per neighbour or code; its legs are the exporter's flows to each neighbour;
- **pair** (origin, destination, goods heading): findings on one country pair. Findings in a
  civilian code and in a controlled one are one case when a finding ties the two codes together
  (a cross-code mirror gap, a unit value priced like the controlled heading);
- **party** (a resolved company): consignment findings about one firm, whatever the spelling or
  script its name is written in on each consignment (`party_clusters`).

Alerts are few compared with the trade tables (one per finding), so the grouping runs in pandas
and networkx on the alerts table, not in Ibis.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from shadowtrade.entities.names import name_key

NO_CODE = "----"
DEFLECTION = "deflection"  # the case key's first word for a deflection's route case


@dataclass(frozen=True)
class GroupingParams:
    """How findings are put together; data so that the docs and the CLI can list them."""

    route_min_score: float = 0.5  # a route absorbs its legs' findings only from this score
    period_slack_months: int = 3  # a leg's findings may start or end this far outside the route's


def case_id(key: str) -> str:
    """Stable case id from the case key (kind and the countries, heading or firm)."""
    return "C-" + hashlib.sha256(key.encode()).hexdigest()[:10]


def _heading(code: object) -> str | None:
    return code[:4] if isinstance(code, str) and len(code) >= 4 else None


def months_between(a: pd.Series, b: pd.Series) -> pd.Series:
    """Whole months from b to a, row by row."""
    months: pd.Series = (a.dt.year - b.dt.year) * 12 + (a.dt.month - b.dt.month)
    return months


def _pair_families(pair: pd.DataFrame, controlled: set[str]) -> pd.Series:
    """The goods heading of each pair finding's case: headings tied by a finding that names two
    codes form one family, named by its controlled heading (or its lowest one)."""
    g: nx.Graph = nx.Graph()
    nodes = pair.assign(
        h1=pair["hs_code"].map(_heading).fillna(NO_CODE),
        h2=pair["declared_hs_code"].map(_heading),
    )
    for o, d, h1, h2 in zip(nodes["origin"], nodes["destination"], nodes["h1"], nodes["h2"],
                            strict=True):  # fmt: skip
        g.add_node((o, d, h1))
        if isinstance(h2, str):
            g.add_edge((o, d, h1), (o, d, h2))
    family: dict[tuple[str, str, str], str] = {}
    for comp in nx.connected_components(g):
        heads = sorted({h for _, _, h in comp})
        ctrl = [h for h in heads if h in controlled]
        name = ctrl[0] if ctrl else heads[0]
        for node in comp:
            family[node] = name
    return pd.Series(
        [
            family[(o, d, h)]
            for o, d, h in zip(nodes["origin"], nodes["destination"], nodes["h1"], strict=True)
        ],
        index=pair.index,
        dtype="object",
    )


def _party_keys(alerts: pd.DataFrame, clusters: pd.DataFrame) -> pd.Series:
    """Each consignment finding's company: the resolved cluster of its party, choosing the
    cluster in the finding's origin, intermediary or destination country when the same name
    exists in several countries; the party's name key where resolution has not run."""
    a = alerts[["entity", "origin", "via", "destination"]].reset_index()
    if not clusters.empty:
        m = a.merge(clusters, left_on="entity", right_on="party", how="left")
        rank = (
            (m["country"] == m["origin"]).astype(int) * 4
            + (m["country"] == m["via"]).astype(int) * 2
            + (m["country"] == m["destination"]).astype(int)
        )
        m = m.assign(_rank=rank).sort_values(
            ["index", "_rank", "consignments", "cluster_id"], ascending=[True, False, False, True]
        )
        best = m.drop_duplicates("index").set_index("index")["cluster_id"]
    else:
        best = pd.Series(index=a["index"], dtype="object")
    keys = best.reindex(alerts.index)
    missing = keys.isna()
    if missing.any():
        keys[missing] = alerts.loc[missing, "entity"].map(lambda n: "name:" + name_key(str(n)))
    return keys.astype(str)


def group_alerts(
    alerts: pd.DataFrame,
    clusters: pd.DataFrame,
    controlled: set[str],
    params: GroupingParams | None = None,
) -> pd.DataFrame:
    """One row per alert with its case: `alert_id`, `case_id`, `case_key`, `kind`
    (route|pair|party|single) and `role` (route, leg 1, leg 2, pair, party)."""
    p = params or GroupingParams()
    if alerts.empty:
        return pd.DataFrame(columns=["alert_id", "case_id", "case_key", "kind", "role"])
    a = alerts.copy()
    a["period_start"] = pd.to_datetime(a["period_start"])
    a["period_end"] = pd.to_datetime(a["period_end"])
    has_entity = a["entity"].notna() & (a["entity"].astype(str) != "")
    is_route = ~has_entity & a["via"].notna() & a["origin"].notna() & a["destination"].notna()
    is_pair = ~has_entity & ~is_route & a["origin"].notna() & a["destination"].notna()
    out = pd.DataFrame(index=a.index, columns=["case_key", "kind", "role"], dtype="object")

    # Routes: one case per (origin, via, destination, heading of the goods that flow on); a
    # deflection one per (exporter, destination that collapsed, heading), whatever neighbours.
    route = a[is_route]
    heading = route["hs_code"].map(_heading).fillna(NO_CODE)
    route_key = (
        "route|" + route["origin"] + "|" + route["via"] + "|" + route["destination"] + "|"
        + heading
    ).where(
        route["detector"] != "deflection",
        DEFLECTION + "|" + route["origin"] + "|" + route["destination"] + "|" + heading,
    )  # fmt: skip
    _assign(out, route_key, "route", "route")

    # Pairs: a family of tied headings per country pair.
    pair = a[is_pair]
    if len(pair):
        fam = _pair_families(pair, controlled)
        pair_key = "pair|" + pair["origin"] + "|" + pair["destination"] + "|" + fam
        _assign(out, pair_key, "pair", "pair")
        _attach_legs(a, out, route, route_key, pair, pair_key, p)

    party = a[has_entity]
    if len(party):
        pk = "party|" + _party_keys(party, clusters)
        _assign(out, pk, "party", "party")
    rest = out["case_key"].isna()
    out.loc[rest, "case_key"] = "single|" + a.loc[rest, "alert_id"]
    out.loc[rest, "kind"] = "single"
    out.loc[rest, "role"] = "single"
    out["alert_id"] = a["alert_id"]
    out["case_id"] = out["case_key"].map(case_id)
    return out[["alert_id", "case_id", "case_key", "kind", "role"]].reset_index(drop=True)


def _assign(out: pd.DataFrame, keys: pd.Series, kind: str, role: str) -> None:
    out.loc[keys.index, "case_key"] = keys
    out.loc[keys.index, "kind"] = kind
    out.loc[keys.index, "role"] = role


def _attach_legs(
    a: pd.DataFrame,
    out: pd.DataFrame,
    route: pd.DataFrame,
    route_key: pd.Series,
    pair: pd.DataFrame,
    pair_key: pd.Series,
    p: GroupingParams,
) -> None:
    """Move each pair case that is a leg of a strong route case into that route case (the
    strongest one when several routes share the leg). A deflection's legs are the exporter's
    flows to each of its neighbours: the goods are not said to go on to the destination."""
    if route.empty:
        return
    r = route.assign(key=route_key)
    codes = r.assign(c1=r["hs_code"].map(_heading), c2=r["declared_hs_code"].map(_heading)).melt(
        id_vars=["key"], value_vars=["c1", "c2"], value_name="heading"
    )
    codes = codes.dropna(subset=["heading"])[["key", "heading"]].drop_duplicates()
    routes = r.groupby("key").agg(
        start=("period_start", "min"), end=("period_end", "max"), score=("score", "max")
    )
    routes = routes[routes["score"] >= p.route_min_score]
    if routes.empty:
        return
    r = r[r["key"].isin(routes.index)]
    onward = r[~r["key"].str.startswith(DEFLECTION + "|")]
    legs = (
        pd.concat(
            [
                r.assign(o=r["origin"], d=r["via"], role="leg 1"),
                onward.assign(o=onward["via"], d=onward["destination"], role="leg 2"),
            ],
            ignore_index=True,
        )[["key", "o", "d", "role"]]
        .drop_duplicates()
        .merge(routes.reset_index(), on="key")
        .merge(codes, on="key")
    )
    pr = pair.assign(
        pkey=pair_key,
        h1=pair["hs_code"].map(_heading),
        h2=pair["declared_hs_code"].map(_heading),
    )
    groups = pr.groupby("pkey").agg(
        o=("origin", "first"),
        d=("destination", "first"),
        pstart=("period_start", "min"),
        pend=("period_end", "max"),
    )
    heads = pr.melt(id_vars=["pkey"], value_vars=["h1", "h2"], value_name="heading").dropna()
    heads = heads[["pkey", "heading"]].drop_duplicates()
    cand = groups.reset_index().merge(heads, on="pkey").merge(legs, on=["o", "d", "heading"])
    slack = p.period_slack_months
    cand = cand[
        (months_between(cand["pstart"], cand["end"]) <= slack)
        & (months_between(cand["start"], cand["pend"]) <= slack)
    ]
    if cand.empty:
        return
    best = cand.sort_values(["pkey", "score", "key"], ascending=[True, False, True])
    best = best.drop_duplicates("pkey").set_index("pkey")
    moved = pair_key[pair_key.isin(best.index)]
    out.loc[moved.index, "case_key"] = moved.map(best["key"]).to_numpy()
    out.loc[moved.index, "kind"] = "route"
    out.loc[moved.index, "role"] = moved.map(best["role"]).to_numpy()
