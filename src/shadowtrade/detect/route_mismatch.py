"""`route_mismatch`: consignments whose route or consignee does not fit their declared destination.

Two checks, both from the records themselves rather than from a list of suspect countries (so
they hold for any origin, transit and destination):

- the declared destination differs from the country of the importer — goods declared for one
  country and consigned to a party in another;
- a transit country that consignments between the same origin and destination never use: the
  usual routes are learnt per origin–destination pair, and a detour through a country that no
  other of the pair's consignments passes (with enough consignments to know) is flagged; a
  rare country added to the pair's usual corridor (a second hub) scores 0.6 of that.

Controlled, CHPL and cover codes weigh more in the score.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.detect.consignments import (
    code_weight_of,
    consignment_alert,
    weighted_shipments,
)
from shadowtrade.detect.registry import Detector, Parameter, register
from shadowtrade.schema import ALERTS

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

NAME = "route_mismatch"


def consignee_elsewhere(ws: Workspace) -> ir.Table:
    """Declared destination ≠ the importer's country."""
    s = weighted_shipments(ws)
    elsewhere = s.importer_country.notnull() & (s.importer_country != s.destination_country)
    return s.filter(s.destination_country.notnull() & elsewhere)


def unusual_transit(ws: Workspace, p: dict[str, Any]) -> ir.Table:
    """Consignments through a transit country that their origin–destination pair rarely uses."""
    s = weighted_shipments(ws)
    s = s.filter(s.origin_country.notnull() & s.destination_country.notnull())
    pair = s.group_by("origin_country", "destination_country").agg(pair_n=s.count())
    t = s.select(
        "shipment_id", "origin_country", "destination_country", transit=s.transit_countries.unnest()
    )
    use = t.group_by("origin_country", "destination_country", "transit").agg(via_n=t.count())
    use = use.join(pair, ["origin_country", "destination_country"])
    rare = use.filter(
        (use.pair_n >= p["min_pair_consignments"]) & (use.via_n <= p["max_transit_consignments"])
    )
    hit = t.join(rare, ["origin_country", "destination_country", "transit"])
    hit = hit.select("shipment_id", "transit", "via_n", "pair_n")
    # Does the consignment also pass a transit country its pair commonly uses? Then the rare
    # country is an extra hop on a known corridor, a weaker sign than a corridor never used.
    common = use.filter(use.via_n >= p["common_transit_share"] * use.pair_n)
    on_corridor = (
        t.join(common, ["origin_country", "destination_country", "transit"])
        .select("shipment_id", on_corridor=ibis.literal(True))
        .distinct()
    )
    hit = hit.left_join(on_corridor, "shipment_id").select(hit, on_corridor.on_corridor)
    return s.join(hit, "shipment_id")


def to_alerts(elsewhere: pd.DataFrame, rare: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for r in elsewhere.to_dict("records"):
        when = pd.Timestamp(r["date"]).date()
        party = r["importer"] or r["consignee"]
        rows.append(
            consignment_alert(
                NAME,
                "elsewhere",
                r,
                score=code_weight_of(r) * 0.75,
                via=r["importer_country"],
                entity=party,
                summary=(
                    f"Consignment {r['shipment_id']} of HS {r['code']} ({when}) is declared for"
                    f" {r['destination_country']} but consigned to {party or 'an importer'} in"
                    f" {r['importer_country']}."
                ),
                evidence={
                    "declared_destination": r["destination_country"],
                    "importer_country": r["importer_country"],
                    "transit_countries": list(r["transit_countries"] or []),
                    "value_usd": r["value_usd"],
                },
            )
        )
    for r in rare.to_dict("records"):
        when = pd.Timestamp(r["date"]).date()
        share = float(r["via_n"]) / float(r["pair_n"])
        on_corridor = bool(r["on_corridor"]) if not pd.isna(r["on_corridor"]) else False
        route = [r["origin_country"], *list(r["transit_countries"]), r["destination_country"]]
        rows.append(
            consignment_alert(
                NAME,
                "transit",
                r,
                score=code_weight_of(r) * 0.7 * (0.6 if on_corridor else 1.0),
                via=r["transit"],
                summary=(
                    f"Consignment {r['shipment_id']} of HS {r['code']} from"
                    f" {r['origin_country']} to {r['destination_country']} ({when}) passes"
                    f" {r['transit']}, which {int(r['via_n'])} of the pair's {int(r['pair_n'])}"
                    f" consignments ({share:.1%}) pass"
                    + (", as an extra hop on the pair's usual corridor." if on_corridor else ".")
                ),
                evidence={
                    "transit_country": r["transit"],
                    "consignments_of_pair": int(r["pair_n"]),
                    "consignments_through_it": int(r["via_n"]),
                    "route": route,
                    "also_on_usual_corridor": on_corridor,
                },
            )
        )
    return pd.DataFrame(rows, columns=list(ALERTS))


def detect(ws: Workspace, p: dict[str, Any]) -> ir.Table:
    return ibis.memtable(
        to_alerts(consignee_elsewhere(ws).to_pandas(), unusual_transit(ws, p).to_pandas())
    )


DETECTOR = register(
    Detector(
        name=NAME,
        description="consignments routed or consigned away from their declared destination",
        reads=("shipments", "ref_control_list", "ref_cover_codes"),
        run=detect,
        parameters=(
            Parameter(
                "min_pair_consignments", 30, "consignments of an origin–destination pair to learn"
            ),
            Parameter(
                "max_transit_consignments",
                1,
                "a transit country that at most this many of the pair's consignments pass",
            ),
            Parameter(
                "common_transit_share",
                0.2,
                "share of a pair's consignments that makes a transit country its usual corridor",
            ),
        ),
    )
)
