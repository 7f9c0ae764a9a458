"""The company network: resolved companies, their countries, the consignments between them and
the links the lists record (owners, directors, associates), as a networkx graph.

Nodes are `company:<cluster id>` (one company under all its spellings, from `party_clusters`;
a party not yet resolved is its own company), `country:<ISO3>`, `listed:<list>:<id>` for a
listed party with a relation, and — on request — `consignment:<id>`. Edges:

- `trade` company → company, the consignments from exporter to importer aggregated: how many,
  value, headings, first and last date (a consignee other than the importer counts too);
- `based_in` company → country;
- `relation` between listed parties (FtM Ownership, Directorship, Family, Associate,
  UnknownLink kept at list ingest in `list_relations`), and `same_as` from a company to the
  listed party it matches (`list_match` alerts at 0.85 or more).

On top: the paths from an origin's exporters to a destination's importers through intermediary
companies in other countries, and the intermediaries that look like pass-throughs (goods of the
same heading in and out within days; `consignment_anomaly`'s pass-through rule).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx
import pandas as pd

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

MAX_PATHS = 50


def _count(ws: Workspace, table: str) -> int:
    row = ws.raw.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def company_of(ws: Workspace) -> str:
    """SQL for a (party, country) → company id and name mapping, resolved where possible."""
    if _count(ws, "party_clusters"):
        return (
            "SELECT party, country, cluster_id AS company, cluster_name AS company_name"
            " FROM party_clusters"
        )
    return (
        "SELECT DISTINCT party, country, 'U-' || md5(party || '|' || coalesce(country, ''))[:10]"
        " AS company, party AS company_name FROM (SELECT exporter AS party, exporter_country AS"
        " country FROM shipments UNION SELECT importer, importer_country FROM shipments UNION"
        " SELECT consignee, importer_country FROM shipments WHERE consignee IS NOT NULL)"
    )


def trade_edges(ws: Workspace) -> pd.DataFrame:
    """Consignments aggregated per (seller company, buyer company), both resolved."""
    sql = f"""
        WITH c AS ({company_of(ws)}),
        legs AS (
            SELECT exporter AS seller, exporter_country AS seller_country, importer AS buyer,
                   importer_country AS buyer_country, * EXCLUDE (exporter, importer)
            FROM shipments
            UNION ALL
            SELECT exporter, exporter_country, consignee, importer_country,
                   * EXCLUDE (exporter, importer)
            FROM shipments WHERE consignee IS NOT NULL AND consignee <> importer
        )
        SELECT s.company AS seller, any_value(s.company_name) AS seller_name,
               any_value(legs.seller_country) AS seller_country,
               b.company AS buyer, any_value(b.company_name) AS buyer_name,
               any_value(legs.buyer_country) AS buyer_country,
               count(DISTINCT shipment_id) AS consignments, sum(value_usd) AS value_usd,
               list(DISTINCT substr(hs_code, 1, 4) ORDER BY substr(hs_code, 1, 4)) AS headings,
               min(date) AS first, max(date) AS last
        FROM legs
        JOIN c s ON s.party = legs.seller AND s.country IS NOT DISTINCT FROM legs.seller_country
        JOIN c b ON b.party = legs.buyer AND b.country IS NOT DISTINCT FROM legs.buyer_country
        GROUP BY s.company, b.company
    """
    return ws.raw.execute(sql).df()


def build_graph(ws: Workspace, *, consignments: bool = False) -> nx.MultiDiGraph:
    """The network of the workspace (consignment nodes too when asked: one per shipment)."""
    g = nx.MultiDiGraph()
    edges = trade_edges(ws)
    for side in ("seller", "buyer"):
        for r in (
            edges[[side, f"{side}_name", f"{side}_country"]]
            .drop_duplicates(side)
            .itertuples(index=False)
        ):
            company, name, country = r
            g.add_node(f"company:{company}", kind="company", name=name, country=country)
            if country:
                g.add_node(f"country:{country}", kind="country", name=country)
                g.add_edge(f"company:{company}", f"country:{country}", kind="based_in")
    for e in edges.to_dict("records"):
        g.add_edge(
            f"company:{e['seller']}", f"company:{e['buyer']}", kind="trade",
            consignments=int(e["consignments"]), value_usd=float(e["value_usd"] or 0.0),
            headings=list(e["headings"]), first=str(e["first"]), last=str(e["last"]),
        )  # fmt: skip
    _add_list_links(ws, g)
    if consignments:
        _add_consignments(ws, g)
    g.graph["covers"] = cover_headings(ws)
    return g


def cover_headings(ws: Workspace) -> dict[str, set[str]]:
    """Civilian headings that may hide controlled ones (shipped `cover_codes`): 7326 → {9306}.
    A route's first leg declared under 7326 and its second under 9306 carry the same goods."""
    found: dict[str, set[str]] = {}
    for h, covers in ws.raw.execute(
        "SELECT left(hs_code, 4), covers FROM ref_cover_codes"
    ).fetchall():
        found.setdefault(str(h), set()).update(str(c)[:4] for c in str(covers).split("|") if c)
    return found


def _add_list_links(ws: Workspace, g: nx.MultiDiGraph) -> None:
    if _count(ws, "list_relations"):
        rel = ws.raw.execute(
            "SELECT r.list, r.source_id, r.target_id, r.relation, r.role,"
            " s.name AS source_name, t.name AS target_name FROM list_relations r"
            " LEFT JOIN list_entities s ON s.list = r.list AND s.entity_id = r.source_id"
            " LEFT JOIN list_entities t ON t.list = r.list AND t.entity_id = r.target_id"
        ).df()
        for r in rel.to_dict("records"):
            a, b = f"listed:{r['list']}:{r['source_id']}", f"listed:{r['list']}:{r['target_id']}"
            g.add_node(a, kind="listed", name=r["source_name"] or r["source_id"])
            g.add_node(b, kind="listed", name=r["target_name"] or r["target_id"])
            g.add_edge(a, b, kind="relation", relation=r["relation"], role=r["role"])
    matches = ws.raw.execute(
        f"""WITH c AS ({company_of(ws)})
        SELECT DISTINCT c.company, json_extract_string(a.evidence, '$.list') AS list,
               json_extract_string(a.evidence, '$.entity_id') AS entity_id, a.score
        FROM alerts a JOIN c ON c.party = a.entity AND c.country IS NOT DISTINCT FROM
            json_extract_string(a.evidence, '$.party_country')
        WHERE a.detector = 'list_match' AND a.score >= 0.85"""
    ).df()
    for r in matches.to_dict("records"):
        node = f"listed:{r['list']}:{r['entity_id']}"
        if not g.has_node(node):
            g.add_node(node, kind="listed", name=r["entity_id"])
        g.add_edge(f"company:{r['company']}", node, kind="same_as", score=float(r["score"]))


def _add_consignments(ws: Workspace, g: nx.MultiDiGraph) -> None:
    rows = ws.raw.execute(
        f"""WITH c AS ({company_of(ws)})
        SELECT s.shipment_id, s.date, s.hs_code, s.value_usd, e.company AS seller,
               i.company AS buyer
        FROM shipments s
        JOIN c e ON e.party = s.exporter AND e.country IS NOT DISTINCT FROM s.exporter_country
        JOIN c i ON i.party = s.importer AND i.country IS NOT DISTINCT FROM s.importer_country"""
    ).df()
    for r in rows.to_dict("records"):
        node = f"consignment:{r['shipment_id']}"
        g.add_node(node, kind="consignment", date=str(r["date"]), hs_code=r["hs_code"],
                   value_usd=float(r["value_usd"] or 0.0))  # fmt: skip
        g.add_edge(f"company:{r['seller']}", node, kind="sent")
        g.add_edge(node, f"company:{r['buyer']}", kind="received")


@dataclass
class CompanyPath:
    """Companies from an origin's exporter to a destination's importer, and the weakest leg."""

    companies: list[str]
    names: list[str]
    countries: list[str]
    consignments: int  # on the weakest leg
    value_usd: float  # on the weakest leg
    headings: list[str]  # headings every leg carries (a cover code counts as what it hides)
    declared: list[str] = field(default_factory=list)  # each leg's headings as declared


def company_paths(
    g: nx.MultiDiGraph,
    origin: str,
    destination: str,
    *,
    max_intermediaries: int = 2,
    headings: set[str] | None = None,
) -> list[CompanyPath]:
    """Trade paths origin exporter → intermediaries (outside both countries) → destination
    importer, strongest first; only legs carrying one of `headings` when given. A leg declared
    under a civilian cover code (the graph's `covers`, from `build_graph`) carries the goods it
    may hide too: SRB → CZE under 7326 then CZE → UKR under 9306 is one path of 9306."""
    covers: dict[str, set[str]] = g.graph.get("covers", {})
    trade = nx.DiGraph()
    for a, b, d in g.edges(data=True):
        if d.get("kind") != "trade":
            continue
        declared = set(d["headings"])
        goods = declared.union(*(covers.get(h, set()) for h in declared))
        hs = goods if headings is None else goods & headings
        if hs:
            trade.add_edge(a, b, consignments=d["consignments"], value_usd=d["value_usd"], hs=hs,
                           declared=declared)  # fmt: skip
    country = {n: d.get("country") for n, d in g.nodes(data=True)}
    sources = [n for n in trade if country.get(n) == origin]
    targets = {n for n in trade if country.get(n) == destination}
    found: list[CompanyPath] = []
    for s in sources:
        for path in nx.all_simple_paths(trade, s, targets, cutoff=max_intermediaries + 1):
            middle = path[1:-1]
            if not middle or any(country.get(m) in (origin, destination) for m in middle):
                continue
            legs = [trade.edges[a, b] for a, b in itertools.pairwise(path)]
            common = set.intersection(*(leg["hs"] for leg in legs))
            if not common:
                continue
            weakest = min(legs, key=lambda leg: leg["value_usd"])
            as_declared = [
                ", ".join(sorted(h for h in leg["declared"]
                                 if h in common or covers.get(h, set()) & common))
                for leg in legs
            ]  # fmt: skip
            found.append(CompanyPath(
                companies=path, names=[g.nodes[n].get("name", n) for n in path],
                countries=[country.get(n) or "" for n in path],
                consignments=int(weakest["consignments"]), value_usd=float(weakest["value_usd"]),
                headings=sorted(common), declared=as_declared,
            ))  # fmt: skip
    found.sort(key=lambda p: p.value_usd, reverse=True)
    return found[:MAX_PATHS]


def direct_links(
    g: nx.MultiDiGraph, origin: str, destination: str, headings: set[str] | None = None
) -> int:
    """The network's trade links straight from an origin's companies to a destination's (one
    carrying one of `headings` when given): what there is where no company path runs through
    an intermediary. (Links, not consignments: a link's count spans all its headings, and a
    consignment to a consignee other than its importer makes two links.)"""
    country = {n: d.get("country") for n, d in g.nodes(data=True)}
    links = [
        d
        for a, b, d in g.edges(data=True)
        if d.get("kind") == "trade"
        and country.get(a) == origin
        and country.get(b) == destination
        and (headings is None or set(d["headings"]) & headings)
    ]
    return len(links)


def pass_through_companies(ws: Workspace) -> pd.DataFrame:
    """Intermediaries that ship on what they receive, within days (consignment_anomaly's rule
    with its defaults), with their company id."""
    from shadowtrade.detect.consignment_anomaly import DETECTOR, pass_through

    found: pd.DataFrame = pass_through(ws.scan_context, DETECTOR.params(None)).to_pandas()
    if found.empty:
        return found
    ids = ws.raw.execute(company_of(ws)).df()
    out: pd.DataFrame = found.merge(ids, left_on="firm", right_on="party", how="left")
    return out.drop(columns="party")
