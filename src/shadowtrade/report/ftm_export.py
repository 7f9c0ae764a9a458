"""FollowTheMoney export: the parties and consignments behind the alerts, for Aleph or the
OpenSanctions tools (`shadowtrade export --ftm --out FILE.ftm.json`).

Written with the `followthemoney` library, one entity a line:

- every consignment an alert names (its `shipment_id` or its evidence's consignment list) as an
  `EconomicActivity` — FtM's customs declaration: sender, receiver, date, HS code (`vedCode`),
  goods description, value (`invoiceAmount`, USD), origin, destination and trading countries,
  invoice number, transport mode and the alerts' summaries as its description; its end-user
  certificate as a `Contract` (FtM's `contract` is a reference to one, not a text);
- every company on those consignments as a `Company`, one per resolved company
  (`party_clusters`) with its other spellings as aliases;
- every listed party an alert matched, as the list has it (`Person`, `Organization`,
  `Company`, `LegalEntity`, `Vessel` …, with its programmes as notes and the topic `sanction`),
  linked to the company that matched it by an `UnknownLink` carrying the match score; the list's
  own owners, directors and relatives of those parties (`Ownership`, `Directorship`, `Family`
  …) and their addresses as `Address` entities — companies at one address point to one entity.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from shadowtrade.reference.loaders import countries

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

    from shadowtrade.workspace import Workspace

PREFIX = "shadowtrade"
LIST_SCHEMA = {"LegalEntity": "LegalEntity", "Person": "Person", "Organization": "Organization",
               "Company": "Company", "Vessel": "Vessel", "Airplane": "Airplane",
               "PublicBody": "PublicBody"}  # fmt: skip
FTM_RELATIONS = {
    "Ownership": ("owner", "asset"), "Directorship": ("director", "organization"),
    "Family": ("person", "relative"), "Associate": ("person", "associate"),
    "UnknownLink": ("subject", "object"), "Membership": ("member", "organization"),
    "Employment": ("employee", "employer"), "Representation": ("agent", "client"),
}  # fmt: skip


@dataclass
class ExportResult:
    path: Path
    by_schema: dict[str, int] = field(default_factory=dict)

    @property
    def entities(self) -> int:
        return sum(self.by_schema.values())


@lru_cache(maxsize=1)
def _iso2_of() -> dict[str, str]:
    c = countries()
    return {str(a): str(b).lower() for a, b in zip(c["iso3"], c["iso2"], strict=True)
            if isinstance(b, str) and len(b) == 2}  # fmt: skip


def iso2(code: object) -> str | None:
    """FtM's countries are ISO 3166-1 alpha-2 in lower case (from the shipped country table)."""
    return _iso2_of().get(code.upper()) if isinstance(code, str) else None


def _id(*parts: object) -> str:
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:16]
    return f"{PREFIX}-{digest}"


def _consignment_ids(ws: Workspace) -> list[str]:
    rows = ws.raw.execute(
        """SELECT DISTINCT shipment_id FROM (
             SELECT shipment_id FROM alerts WHERE shipment_id IS NOT NULL
             UNION ALL
             SELECT unnest(json_extract_string(evidence, '$.consignment_list[*].shipment_id'))
             FROM alerts WHERE json_valid(evidence)
           ) WHERE shipment_id IS NOT NULL ORDER BY 1"""
    ).fetchall()
    return [str(r[0]) for r in rows]


def export_ftm(ws: Workspace, out: Path) -> ExportResult:
    """Write the FtM entities of the workspace's alerts to `out` (JSON Lines)."""
    from followthemoney import model

    entities: dict[str, EntityProxy] = {}

    def make(schema: str, key: tuple[object, ...]) -> EntityProxy:
        eid = _id(schema, *key)
        if eid not in entities:
            e = model.make_entity(schema)
            e.id = eid
            entities[eid] = e
        return entities[eid]

    ids = _consignment_ids(ws)
    ws.raw.register("_export_ids", pd.DataFrame({"shipment_id": ids}))
    consignments = ws.raw.execute(
        "SELECT s.* FROM shipments s JOIN _export_ids USING (shipment_id) ORDER BY shipment_id"
    ).df()
    summaries = ws.raw.execute(
        """SELECT shipment_id, list(DISTINCT summary) AS summaries FROM (
             SELECT shipment_id, summary FROM alerts WHERE shipment_id IS NOT NULL
             UNION ALL
             SELECT unnest(json_extract_string(evidence, '$.consignment_list[*].shipment_id')),
                    summary FROM alerts WHERE json_valid(evidence)
           ) GROUP BY shipment_id"""
    ).df()
    ws.raw.unregister("_export_ids")
    said = dict(zip(summaries["shipment_id"], summaries["summaries"], strict=True))
    clusters = ws.raw.execute(
        "SELECT party, country, cluster_id, cluster_name FROM party_clusters"
    ).df()
    cluster_of = {
        (p, c): (cid, name) for p, c, cid, name in clusters.itertuples(index=False, name=None)
    }
    spellings = clusters.groupby("cluster_id")["party"].agg(list).to_dict()

    def company(name: object, country: object) -> EntityProxy | None:
        if not isinstance(name, str) or not name.strip():
            return None
        cid, main = cluster_of.get((name, country), (None, name))
        e = make("Company", ("cluster", cid) if cid else ("party", name, country))
        e.add("name", main)
        for alias in spellings.get(cid, [name]) if cid else [name]:
            if alias != main:
                e.add("alias", alias)
        e.add("country", iso2(country))
        return e

    for r in _records(consignments):
        act = make("EconomicActivity", ("consignment", r["shipment_id"]))
        seller = company(r["exporter"], r["exporter_country"])
        buyer = company(r["importer"], r["importer_country"])
        consignee = company(r["consignee"], r["importer_country"])
        if seller is not None:
            act.add("sender", seller.id)
        if buyer is not None:
            act.add("receiver", buyer.id)
        if consignee is not None and consignee is not buyer:
            act.add("contractHolder", consignee.id)
        act.add("recordId", str(r["shipment_id"]))
        act.add("date", _day(r["date"]))
        act.add("vedCode", r["hs_code"])
        act.add("goodsDescription", r["description"])
        act.add("invoiceAmount", _amount(r["value_usd"]))
        act.add("originCountry", iso2(r["origin_country"]))
        act.add("destinationCountry", iso2(r["destination_country"]))
        act.add("departureCountry", iso2(r["exporter_country"]))
        for via in r["transit_countries"] if r["transit_countries"] is not None else []:
            act.add("tradingCountry", iso2(via))
        act.add("ccdNumber", r["invoice_no"])
        certificate = _certificate(make, r)
        if certificate is not None:
            act.add("contract", certificate.id)
        mode = f" by {r['transport_mode']}" if isinstance(r["transport_mode"], str) else ""
        act.add("summary", f"{r['hs_code']} consignment{mode}, {_amount(r['value_usd'])} USD")
        for s in said.get(r["shipment_id"], []):
            act.add("description", s)
    _listed(ws, make, company)
    out.parent.mkdir(parents=True, exist_ok=True)
    result = ExportResult(out)
    with out.open("w", encoding="utf-8") as fh:
        for e in sorted(entities.values(), key=lambda x: (x.schema.name, str(x.id))):
            fh.write(json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
            result.by_schema[e.schema.name] = result.by_schema.get(e.schema.name, 0) + 1
    return result


def _listed(ws: Workspace, make: Any, company: Any) -> None:
    """Listed parties matched by alerts, their link to the company, their relations."""
    matches = ws.raw.execute(
        """SELECT a.entity, json_extract_string(a.evidence, '$.party_country') AS country,
                  a.score, a.summary, l.*
           FROM alerts a JOIN list_entities l
             ON l.list = json_extract_string(a.evidence, '$.list')
            AND l.entity_id = json_extract_string(a.evidence, '$.entity_id')
           WHERE a.detector = 'list_match'"""
    ).df()
    listed: dict[tuple[str, str], Any] = {}
    for r in _records(matches):
        key = (r["list"], r["entity_id"])
        if key not in listed:
            listed[key] = _listed_entity(make, r)
        firm = company(r["entity"], r["country"])
        if firm is None:
            continue
        link = make("UnknownLink", ("match", firm.id, listed[key].id))
        link.add("subject", firm.id)
        link.add("object", listed[key].id)
        link.add("role", f"name matches the {r['list']} entry ({float(r['score']):.2f})")
        link.add("description", r["summary"])
    if not listed:
        return
    rel = ws.raw.execute(
        "SELECT r.*, e.schema, e.name, e.aliases, e.countries, e.programs, e.listed_on"
        " FROM list_relations r LEFT JOIN list_entities e"
        " ON e.list = r.list AND e.entity_id = CASE WHEN r.relation = 'address' THEN NULL"
        " ELSE r.target_id END"
    ).df()
    for r in _records(rel):
        src = listed.get((r["list"], r["source_id"]))
        if src is None:
            continue
        if r["relation"] == "address":
            addr = make("Address", ("address", r["list"], r["target_id"]))
            addr.add("full", r["target_name"])
            if src.schema.is_a("Thing") and "addressEntity" in src.schema.properties:
                src.add("addressEntity", addr.id)
            continue
        if r["relation"] not in FTM_RELATIONS or pd.isna(r["schema"]):
            continue
        other = listed.get((r["list"], r["target_id"])) or _listed_entity(
            make, {**r, "entity_id": r["target_id"]}
        )
        a, b = FTM_RELATIONS[r["relation"]]
        link = make(r["relation"], ("relation", src.id, other.id, r["relation"]))
        link.add(a, src.id)
        link.add(b, other.id)
        if r["role"]:
            prop = "role" if "role" in link.schema.properties else "relationship"
            link.add(prop, r["role"], quiet=True)


def _certificate(make: Any, r: Mapping[Hashable, Any]) -> Any:
    """The end-user certificate as a `Contract` entity: `EconomicActivity.contract` is a
    reference, so the number written there as text pointed to no entity in the file."""
    number = r["end_user_certificate_no"]
    if not isinstance(number, str) or not number.strip():
        return None
    c = make("Contract", ("end-user certificate", number))
    c.add("title", f"End-user certificate {number}")
    c.add("name", number)
    c.add("type", "end-user certificate")
    c.add("contractDate", _day(r.get("certificate_date")))
    return c


def _listed_entity(make: Any, r: Mapping[Hashable, Any]) -> Any:
    e = make(LIST_SCHEMA.get(str(r["schema"]), "LegalEntity"), ("listed", r["list"],
                                                                 r["entity_id"]))  # fmt: skip
    e.add("name", r["name"])
    for alias in r["aliases"] if r["aliases"] is not None else []:
        e.add("alias", alias)
    for c in r["countries"] if r["countries"] is not None else []:
        e.add("country", iso2(c))
    e.add("topics", "sanction")
    e.add("notes", f"{r['list']} entry {r['entity_id']}; programmes: {r['programs'] or 'none'}")
    if r.get("listed_on") is not None and not pd.isna(r["listed_on"]):
        e.add("createdAt", _day(r["listed_on"]))
    return e


def _records(df: pd.DataFrame) -> list[dict[Hashable, Any]]:
    """The rows with missing cells as None, which FtM leaves out: a pandas NaN would be written
    as the text "nan" (a customs declaration number "nan" that Aleph or yente would index)."""
    return df.astype(object).where(df.notna(), None).to_dict("records")


def _day(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(pd.Timestamp(value).date())  # type: ignore[arg-type]


def _amount(value: object) -> str | None:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    return f"{float(value):.2f}"  # type: ignore[arg-type]
