"""`route_mismatch`: consignments whose route or consignee does not fit their declared destination.

Two checks, both from the records themselves rather than from a list of suspect countries (so
they hold for any origin, transit and destination):

- the declared destination differs from the country of the importer — goods declared for one
  country and consigned to a party in another;
- a transit country that consignments between the same origin and destination never use: the
  usual routes are learnt per origin–destination pair, and a detour through a country that no
  other of the pair's consignments passes (with enough consignments to know) is flagged; a
  rare country added to the pair's usual corridor (a second hub) scores 0.6 of that;
- a route that geography does not explain, judged even for a pair with no history: a transit
  country farther from the origin than the destination is (the goods went past it), or a route
  through its transit countries far longer than the direct one (great-circle distances between
  country centroids, `reference/data/country_geo.csv`). A transit country on the pair's own
  usual corridor is not judged (the pair's usual detours are its own); one that the origin's or
  the destination's other consignments pass is a known hub and scores 0.6 of that.

Controlled, CHPL and cover codes weigh more in the score.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.detect.alerts import factor, product, scored
from shadowtrade.detect.consignments import (
    code_weight_of,
    consignment_alert,
    weighted_shipments,
)
from shadowtrade.detect.registry import Detector, Parameter, register
from shadowtrade.reference.loaders import DATA_DIR
from shadowtrade.schema import ALERTS

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

NAME = "route_mismatch"
SCORING_VERSION = "route_mismatch/1"  # the product of the factors in `score_factors`
EARTH_KM = 6371.0
KNOWN_HUB_FACTOR = 0.6


@cache
def centroids() -> pd.DataFrame:
    """iso3, lat, lon of each country's centroid (see reference/data/SOURCES.md)."""
    geo = pd.read_csv(DATA_DIR / "country_geo.csv", keep_default_na=False, na_values=[""])
    return geo[["iso3", "lat", "lon"]].dropna().reset_index(drop=True)


def great_circle_km(
    lat1: ir.FloatingValue, lon1: ir.FloatingValue, lat2: ir.FloatingValue, lon2: ir.FloatingValue
) -> ir.FloatingValue:
    """Haversine distance in km between two points given in degrees."""
    p1, p2 = lat1.radians(), lat2.radians()
    dlat, dlon = (lat2 - lat1).radians(), (lon2 - lon1).radians()
    a = (dlat / 2).sin() ** 2 + p1.cos() * p2.cos() * (dlon / 2).sin() ** 2
    return 2 * EARTH_KM * a.sqrt().asin()


def consignee_elsewhere(ws: ScanContext) -> ir.Table:
    """Declared destination ≠ the importer's country."""
    s = weighted_shipments(ws)
    elsewhere = s.importer_country.notnull() & (s.importer_country != s.destination_country)
    return s.filter(s.destination_country.notnull() & elsewhere)


def unusual_transit(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
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


def _distance(t: ir.Table, a: str, b: str, name: str, geo: ir.Table) -> ir.Table:
    """`t` with column `name`: km between the centroids of countries `t[a]` and `t[b]`."""
    ga = geo.view().rename(a_lat="lat", a_lon="lon", a_iso="iso3")
    gb = geo.view().rename(b_lat="lat", b_lon="lon", b_iso="iso3")
    j = t.left_join(ga, t[a] == ga.a_iso).select(t, ga.a_lat, ga.a_lon)
    j = j.left_join(gb, j[b] == gb.b_iso).select(j, gb.b_lat, gb.b_lon)
    km = great_circle_km(j.a_lat, j.a_lon, j.b_lat, j.b_lon)
    return j.select(*t.columns, **{name: km})


def far_route(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """Consignments whose transit countries geography does not explain (see the module
    docstring), one row per consignment, the transit that goes farthest past the destination
    (or adds most to the route) first; with the route's and the direct distance."""
    s = weighted_shipments(ws)
    s = s.filter(
        s.origin_country.notnull()
        & s.destination_country.notnull()
        & (s.transit_countries.length() > 0)
    )
    geo = ibis.memtable(centroids())
    legs = s.select(
        "shipment_id", "origin_country", "destination_country", route=s.transit_countries,
        transit=s.transit_countries,
    ).unnest("transit", offset="pos")  # fmt: skip
    legs = legs.mutate(
        leg_from=ibis.ifelse(legs.pos == 0, legs.origin_country, legs.route[legs.pos - 1]),
        last=legs.pos == legs.route.length() - 1,
    )
    legs = _distance(legs, "leg_from", "transit", "leg_km", geo)
    legs = _distance(legs, "transit", "destination_country", "onward_km", geo)
    legs = _distance(legs, "origin_country", "transit", "out_km", geo)
    legs = _distance(legs, "origin_country", "destination_country", "direct_km", geo)
    legs = legs.mutate(part_km=legs.leg_km + ibis.ifelse(legs.last, legs.onward_km, 0.0))
    route = legs.group_by("shipment_id").agg(
        route_km=legs.part_km.sum(), unknown=legs.part_km.isnull().sum()
    )
    # The pair's usual corridor: transit countries enough of the pair's other consignments pass.
    use = legs.group_by("origin_country", "destination_country", "transit").agg(
        via_n=legs.shipment_id.nunique()
    )
    usual = use.filter(use.via_n - 1 >= p["corridor_consignments"]).select(
        "origin_country", "destination_country", "transit", usual=ibis.literal(True)
    )
    # Known hubs: transit countries the origin's or the destination's other consignments pass.
    from_o = legs.group_by("origin_country", "transit").agg(o_n=legs.shipment_id.nunique())
    to_d = legs.group_by("destination_country", "transit").agg(d_n=legs.shipment_id.nunique())
    j = legs.left_join(usual, ["origin_country", "destination_country", "transit"]).select(
        legs, usual.usual
    )
    j = j.left_join(from_o, ["origin_country", "transit"]).select(j, from_o.o_n)
    j = j.left_join(to_d, ["destination_country", "transit"]).select(j, to_d.d_n)
    j = j.join(route, "shipment_id")
    direct = ibis.greatest(j.direct_km, p["min_direct_km"])
    past = j.out_km >= p["past_destination_factor"] * direct
    detour = (j.route_km >= p["detour_factor"] * direct) & (
        j.route_km - j.direct_km >= p["min_detour_km"]
    )
    known = ibis.greatest(j.o_n.fill_null(0), j.d_n.fill_null(0)) - 1 >= p["hub_consignments"]
    j = j.filter(j.usual.isnull() & (j.unknown == 0) & j.direct_km.notnull() & (past | detour))
    j = j.mutate(past=past, known_hub=known, excess=j.out_km / direct + (j.onward_km / direct))
    ranked = j.mutate(
        rank=ibis.row_number().over(
            group_by="shipment_id", order_by=[j.known_hub, j.past.desc(), j.excess.desc()]
        )
    )
    first = ranked.filter(ranked.rank == 0).drop("rank", "route", "leg_from", "last")
    first = first.select(
        "shipment_id", "transit", "out_km", "onward_km", "direct_km", "route_km", "past",
        "known_hub",
    )  # fmt: skip
    return s.join(first, "shipment_id")


def to_alerts(
    elsewhere: pd.DataFrame, rare: pd.DataFrame, far: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Rows of the alert contract for consignees elsewhere than the destination, unusual transits
    and routes past the destination."""
    rows = []
    for r in elsewhere.to_dict("records"):
        when = pd.Timestamp(r["date"]).date()
        party = r["importer"] or r["consignee"]
        fs = [
            factor(
                "consigned_elsewhere",
                0.75,
                1.0,
                "goods declared for one country but consigned to a party in another",
            ),
            _goods_weight(r),
        ]
        rows.append(
            consignment_alert(
                NAME,
                "elsewhere",
                r,
                score=product(fs),
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
                    **scored(fs, SCORING_VERSION),
                },
            )
        )
    for r in rare.to_dict("records"):
        when = pd.Timestamp(r["date"]).date()
        share = float(r["via_n"]) / float(r["pair_n"])
        on_corridor = bool(r["on_corridor"]) if not pd.isna(r["on_corridor"]) else False
        route = [r["origin_country"], *list(r["transit_countries"]), r["destination_country"]]
        fs = [
            factor(
                "rare_transit",
                0.7,
                1.0,
                f"{int(r['via_n'])} of the pair's {int(r['pair_n'])} consignments pass"
                f" {r['transit']}",
            ),
            factor(
                "off_the_usual_corridor",
                0.6 if on_corridor else 1.0,
                0.6,
                "an extra hop on the pair's usual corridor (0.6)"
                if on_corridor
                else "not on the pair's usual corridor",
            ),
            _goods_weight(r),
        ]
        rows.append(
            consignment_alert(
                NAME,
                "transit",
                r,
                score=product(fs),
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
                    **scored(fs, SCORING_VERSION),
                },
            )
        )
    flagged = set(rare["shipment_id"])
    for r in (far if far is not None else pd.DataFrame()).to_dict("records"):
        if r["shipment_id"] in flagged:  # already an alert about its transit country
            continue
        rows.append(_far_alert(r))
    return pd.DataFrame(rows, columns=list(ALERTS))


def _goods_weight(r: Mapping[Hashable, Any]) -> dict[str, object]:
    w = code_weight_of(r)
    return factor("goods_weight", w, 1.0, f"the goods weigh {w:g}")


def _far_alert(r: Mapping[Hashable, Any]) -> dict[str, object]:
    when = pd.Timestamp(r["date"]).date()
    route = [r["origin_country"], *list(r["transit_countries"]), r["destination_country"]]
    known = bool(r["known_hub"])
    o, d, t = r["origin_country"], r["destination_country"], r["transit"]
    out_km, direct_km, route_km = (round(float(r[k])) for k in ("out_km", "direct_km", "route_km"))
    why = (
        f"{t} lies {out_km:,} km from {o}, farther than {d} ({direct_km:,} km): the goods went"
        " past their declared destination"
        if bool(r["past"])
        else f"the route is {route_km:,} km against {direct_km:,} km direct"
    )
    fs = [
        factor("off_the_map", 0.7, 1.0, why),
        factor(
            "no_known_hub",
            KNOWN_HUB_FACTOR if known else 1.0,
            KNOWN_HUB_FACTOR,
            f"{t} is a hub of the origin's or destination's other consignments"
            if known
            else f"no other consignment from {o} or to {d} passes {t}",
        ),
        _goods_weight(r),
    ]
    return consignment_alert(
        NAME,
        "geography",
        r,
        score=product(fs),
        via=t,
        summary=(
            f"Consignment {r['shipment_id']} of HS {r['code']} ({when}) declared from {o} to {d}"
            f" is routed {' → '.join(route)}: {why}"
            + (
                f"; {t} is a hub of {o}'s or {d}'s other consignments."
                if known
                else f"; no other consignment from {o} or to {d} passes {t}."
            )
        ),
        evidence={
            "route": route,
            "transit_country": t,
            "past_destination": bool(r["past"]),
            "origin_to_transit_km": out_km,
            "direct_km": direct_km,
            "route_km": route_km,
            "known_hub": known,
            "distances": "great-circle between country centroids (country_geo.csv)",
            **scored(fs, SCORING_VERSION),
        },
    )


def detect(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """The detector's run: the three route checks as alerts."""
    return ibis.memtable(
        to_alerts(
            consignee_elsewhere(ws).to_pandas(),
            unusual_transit(ws, p).to_pandas(),
            far_route(ws, p).to_pandas(),
        )
    )


DETECTOR = register(
    Detector(
        needs_values=(
            (
                "shipments",
                ("transit_countries", "destination_country"),
                "a transit or destination country",
            ),
        ),
        source="consignments",
        words="route or consignee does not fit the declaration",
        finding_kinds=("unusual_transit", "destination_mismatch"),
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
            Parameter(
                "corridor_consignments",
                1,
                "other consignments of the pair through a country that make it the pair's own"
                " detour, not judged by geography",
            ),
            Parameter(
                "past_destination_factor",
                1.2,
                "a transit country this many times farther from the origin than the destination",
            ),
            Parameter(
                "detour_factor", 2.0, "a route this many times longer than the direct distance"
            ),
            Parameter("min_detour_km", 800, "... and at least this many km longer"),
            Parameter("min_direct_km", 300, "direct distances shorter than this count as this"),
            Parameter(
                "hub_consignments",
                3,
                "other consignments from the origin or to the destination that make a transit"
                " country a known hub",
            ),
        ),
    )
)
