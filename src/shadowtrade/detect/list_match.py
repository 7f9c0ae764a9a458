"""`list_match`: parties in the shipment records that match a sanctions list.

Every exporter, importer and consignee named in `shipments` (with the country the record gives
it) is screened against `list_entities` (`entities.screening`: keys that survive scripts,
spellings and legal forms; rapidfuzz scores; the country as corroboration). One alert per party
and listed entity, with the consignments the party appears on as evidence.

Runs on DuckDB under either engine: the screening's blocking is DuckDB SQL over the workspace's
own tables (`entities.screening.blocking_sql`), and a list of parties fits one machine even when
the declarations do not — the parties are the distinct names, gathered by an Ibis expression.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.detect.aggregates import with_most_frequent
from shadowtrade.detect.alerts import alert_row, factor, scored
from shadowtrade.detect.registry import Detector, Parameter, register
from shadowtrade.entities.screening import screen
from shadowtrade.schema import ALERTS

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

NAME = "list_match"
SCORING_VERSION = "list_match/1"  # the product of the factors in `score_factors`
MAX_LISTED_CONSIGNMENTS = 20
PARTY_SCHEMATA = ("LegalEntity", "Company", "Organization", "Person", "PublicBody")


def parties(ws: ScanContext) -> pd.DataFrame:
    """Each party name with its country and role, the consignments it is on and their span."""
    s = ws.table("shipments")
    roles = [
        s.select(party=s.exporter, country=s.exporter_country, role=ibis.literal("exporter"),
                 shipment_id=s.shipment_id, date=s.date, hs_code=s.hs_code,
                 origin=s.origin_country, destination=s.destination_country),
        s.select(party=s.importer, country=s.importer_country, role=ibis.literal("importer"),
                 shipment_id=s.shipment_id, date=s.date, hs_code=s.hs_code,
                 origin=s.origin_country, destination=s.destination_country),
        s.select(party=s.consignee, country=s.importer_country, role=ibis.literal("consignee"),
                 shipment_id=s.shipment_id, date=s.date, hs_code=s.hs_code,
                 origin=s.origin_country, destination=s.destination_country),
    ]  # fmt: skip
    u = ibis.union(*roles).filter(ibis._.party.notnull() & (ibis._.party.strip() != ""))
    g = u.group_by("party", "country").agg(
        roles=u.role.collect(distinct=True),
        consignments=u.shipment_id.nunique(),
        first=u.date.min(),
        last=u.date.max(),
        ids=u.shipment_id.collect(distinct=True),
    )
    g = with_most_frequent(g, u, ["party", "country"], {"hs_code": "hs_code", "origin": "origin",
                                                        "destination": "destination"})  # fmt: skip
    out: pd.DataFrame = g.to_pandas()
    return out


def to_alerts(found: pd.DataFrame, who: pd.DataFrame) -> pd.DataFrame:
    """Rows of the alert contract for each shipment party that matches a listed entity, with the
    consignments it appears on."""
    rows = []
    j = found.merge(who, left_on=["query", "query_country"], right_on=["party", "country"])
    for r in j.to_dict("records"):
        ids = sorted(str(x) for x in r["ids"])[:MAX_LISTED_CONSIGNMENTS]
        roles = "/".join(sorted(str(x) for x in r["roles"]))
        listed = bool(r.get("listed", True))  # False: a registry record around listed parties
        first, last = pd.Timestamp(r["first"]).date(), pd.Timestamp(r["last"]).date()
        rows.append(
            alert_row(
                NAME,
                (r["party"], r["country"], r["list"], r["entity_id"]),
                score=float(r["score"]),
                origin=r["origin"],
                destination=r["destination"],
                hs_code=r["hs_code"],
                period_start=first,
                period_end=last,
                entity=r["party"],
                summary=(
                    f"{r['party']} ({r['country'] or 'country unknown'}; {roles} on"
                    f" {int(r['consignments'])} consignments, {first} to {last}) matches"
                    f"{'' if listed else ' a record NOT LISTED on'}"
                    f" {r['list']} entry {r['entity_id']} {r['primary_name']!r}"
                    f" ({r['schema']}; {r['programs'] or 'no programme given'}):"
                    f" {r['explanation']}."
                ),
                evidence={
                    "party": r["party"],
                    "party_country": r["country"],
                    "roles": roles,
                    "list": r["list"],
                    "entity_id": r["entity_id"],
                    "listed": listed,
                    "listed_name": r["listed_name"],
                    "primary_name": r["primary_name"],
                    "programs": r["programs"],
                    "listed_countries": [
                        str(x) for x in (r["countries"] if r["countries"] is not None else [])
                    ],
                    "match_score": round(float(r["score"]), 3),
                    "explanation": r["explanation"],
                    "consignments": int(r["consignments"]),
                    "consignment_list": [{"shipment_id": i} for i in ids],
                    **scored(
                        [
                            factor(
                                "name_match",
                                float(r["score"]),
                                1.0,
                                f"the screening's match score: {r['explanation']}",
                            )
                        ],
                        SCORING_VERSION,
                    ),
                },
            )
        )
    return pd.DataFrame(rows, columns=list(ALERTS))


def detect(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """The detector's run: every shipment party screened against the lists in the workspace."""
    empty = ibis.memtable(pd.DataFrame(columns=list(ALERTS)))
    if int(ws.table("list_entities").count().to_pyarrow().as_py()) == 0:
        return empty
    who = parties(ws)
    if who.empty:
        return empty
    found = screen(ws, who["party"].tolist(), who["country"].tolist(), threshold=p["min_score"])
    return ibis.memtable(to_alerts(found, who))


DETECTOR = register(
    Detector(
        source="lists",
        words="party on a sanctions list",
        name=NAME,
        description="shipment parties that match a sanctions list across scripts and spellings",
        reads=("shipments", "list_entities"),
        run=detect,
        parameters=(Parameter("min_score", 0.85, "match score from which a party is reported"),),
        engines=("duckdb",),
    )
)
