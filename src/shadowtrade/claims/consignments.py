"""What shipment records say of a claim's route, beside the trade statistics.

Trade statistics count a country pair's trade; shipment records (`shipments`, one row per
consignment) name each consignment's origin, the countries it passed and its destination, so
they can show a route, or show that the goods took another one. For the claim "origin O
supplies destination D through B1, B2 … with goods G in a period" the check reads the
consignments of G (their HS code under a claimed heading, or under the code it was declared
under before an HS revision, by the consignment's date; any code for an all-goods claim) dated
in the period:

- **from O to D**: a consignment's origin is `origin_country` (else the exporter's country),
  its destination `destination_country` (else the importer's country);
- **through B**: B among its `transit_countries`, or B the exporter's country where that is not
  the origin (a re-exporter in B selling goods of O's origin);
- **its route is shown** where it names transit countries or the exporter's country; one that
  names neither says nothing of the way it came (counted apart, never as direct); records none
  of which names a country between origin and destination (no transit, no re-exporter: a
  layout that cannot hold one) show no route at all;
- **legs** O → B (destination B) and B → D (leaving B: exporter's country or origin B), said.

Alerts on those consignments (their `shipment_id`, or a consignment their evidence lists: a
reused certificate, a listed exporter) are route evidence through the intermediary the
consignment passed (`alerts_on`), whatever pair the alert itself names.

Weight: each consignment on the claimed route is a declaration of it, so n of them are route
evidence scoring 1 − 0.5ⁿ (one: 0.5, enough to support a claim; three: 0.88); a claim naming no
intermediary counts every consignment from O to D. Against a named intermediary: where at
least MIN_RECORDS consignments of G from O to D show their route and none passes B, a route
carrying one consignment in five would have shown in them with probability 1 − 0.8ⁿ; the
records then contradict the claim with confidence 0.9 × that (the records are read as a fair
sample of the pair's trade, as the summary says).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from shadowtrade.claims.extract import Hypothesis
    from shadowtrade.claims.grade import Goods
    from shadowtrade.workspace import Workspace

MIN_RECORDS = 5  # fewer consignments with their route shown cannot tell a route is absent
ROUTE_SHARE = 0.2  # the share of the pair's consignments a route must carry to be seen
AGAINST_BASE = 0.9  # a contradiction's confidence when the records are many


def holds_shipments(ws: Workspace) -> int:
    """How many consignments the workspace holds (0 without a `shipments` table)."""
    found = ws.raw.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'shipments'"
    ).fetchone()
    if not found or not found[0]:
        return 0
    row = ws.raw.execute("SELECT count(*) FROM shipments").fetchone()
    return int(row[0]) if row else 0


def _goods_sql(goods: Goods) -> str:
    """SQL: a consignment of the claimed goods (a predecessor code before its revision)."""
    if goods.total:
        return "TRUE"
    parts = [f"starts_with(coalesce(hs_code, ''), '{c}')" for c in goods.headings]
    parts += [f"(starts_with(coalesce(hs_code, ''), '{b.before}') AND date < DATE '{b.until}')"
              for b in goods.bridges]  # fmt: skip
    return "(" + " OR ".join(parts or ["FALSE"]) + ")"


def _between(r: pd.Series) -> list[str]:
    """The countries a consignment passed between its origin and its destination."""
    ends = {r["o"], r["d"]}
    out = [r["x"]] if isinstance(r["x"], str) and r["x"] not in ends else []
    out += [str(c) for c in r["t"] if c and c not in ends]
    return list(dict.fromkeys(out))


def read(
    ws: Workspace, h: Hypothesis, goods: Goods, origins: list[str], start: date, end: date
) -> dict[str, Any] | None:
    """The shipment-records evidence item of the claim (`kind` 'consignments'), None where the
    workspace holds no shipment records."""
    if not holds_shipments(ws) or h.origin is None or h.destination is None:
        return None
    vias = list(h.via or [])
    ends = sorted({*origins, h.destination, *vias})
    df = ws.raw.execute(
        f"""SELECT shipment_id, date, hs_code, coalesce(value_usd, 0) AS value,
                   coalesce(origin_country, exporter_country) AS o,
                   coalesce(destination_country, importer_country) AS d,
                   exporter_country AS x, coalesce(transit_countries, []) AS t,
                   {_goods_sql(goods)} AS own
            FROM shipments
            WHERE date BETWEEN ? AND ?
              AND (list_contains(?, coalesce(origin_country, exporter_country))
                   OR list_contains(?, exporter_country))
              AND list_contains(?, coalesce(destination_country, importer_country))""",
        [start, end, ends, ends, ends],
    ).df()
    held = ws.raw.execute(f"SELECT count(*) FROM shipments WHERE {_goods_sql(goods)}").fetchone()
    routed = ws.raw.execute(
        "SELECT count(*) FROM shipments WHERE len(coalesce(transit_countries, [])) > 0"
        " OR exporter_country NOT IN (coalesce(origin_country, exporter_country),"
        " coalesce(destination_country, importer_country))"
    ).fetchone()
    can_route = bool(routed and routed[0])  # some record names a way: the layout holds one
    df["between"] = [_between(r) for _, r in df.iterrows()] if len(df) else []
    df["shown"] = [can_route and (bool(len(t)) or isinstance(x, str))
                   for t, x in zip(df["t"], df["x"], strict=True)]  # fmt: skip
    pair = df[df["o"].isin(origins) & (df["d"] == h.destination)]
    mine = pair[pair["own"].astype(bool)]
    through = {b: mine[_mask(mine, [b in w for w in mine["between"]])] for b in vias}
    # A boolean mask, not a list of column names (an empty frame's column is of object type).
    shown = mine[mine["shown"].astype(bool)]
    others: Counter[str] = Counter(w[0] for w in shown["between"] if w and not set(w) & set(vias))
    on_route = pd.concat(list(through.values())) if vias else mine
    legs = []
    for b in vias:
        first = df[df["o"].isin(origins) & (df["d"] == b) & df["own"].astype(bool)]
        second = df[((df["x"] == b) | (df["o"] == b)) & (df["d"] == h.destination)
                    & df["own"].astype(bool)]  # fmt: skip
        legs += [_leg(f"{h.origin} → {b}", first), _leg(f"{b} → {h.destination}", second)]
    n_shown = len(shown)
    against = (
        round(AGAINST_BASE * (1 - (1 - ROUTE_SHARE) ** n_shown), 2)
        if vias and n_shown >= MIN_RECORDS and all(t.empty for t in through.values())
        else None
    )
    route_any = (pair[_mask(pair, [bool(set(w) & set(vias)) for w in pair["between"]])]
                 if vias else pair)  # fmt: skip
    other_goods = (
        Counter(str(c) for c in route_any.loc[~route_any["own"].astype(bool), "hs_code"])
        if on_route.empty
        else Counter()
    )
    return {
        "kind": "consignments",
        "route": " → ".join([h.origin, *([" / ".join(vias)] if vias else []), h.destination]),
        "codes": ["TOTAL"] if goods.total else list(goods.headings),
        "held": int(held[0]) if held else 0,
        "consignments": len(mine),
        "usd": round(float(mine["value"].sum())),
        "route_shown": n_shown,
        "through": {b: len(t) for b, t in through.items()},
        "direct": int(sum(1 for w in shown["between"] if not w)),
        "through_others": dict(others.most_common()),
        "route_unshown": len(mine) - n_shown,
        "records_name_routes": can_route,
        "on_route": len(on_route),
        "on_route_usd": round(float(on_route["value"].sum())),
        "shipment_ids": [str(s) for s in on_route.sort_values("date")["shipment_id"].head(5)],
        "legs": legs,
        "other_goods_on_route": dict(other_goods.most_common(5)),
        "score": round(1 - 0.5 ** len(on_route), 3),
        "score_by_via": {b: round(1 - 0.5 ** len(t), 3) for b, t in through.items()},
        "against": against,
        "ids_by_via": {b: [str(x) for x in t["shipment_id"]] for b, t in through.items()},
    }


def alerts_on(ws: Workspace, ids: list[str]) -> pd.DataFrame:
    """The alerts about any of these consignments: by their `shipment_id`, or listing one in
    their evidence's `consignment_list` (document_reuse, list_match …)."""
    if not ids:
        return ws.raw.execute("SELECT * FROM alerts LIMIT 0").df()
    return ws.raw.execute(
        """SELECT * FROM alerts WHERE list_contains(?, shipment_id) OR list_has_any(?,
             coalesce(json_extract_string(evidence, '$.consignment_list[*].shipment_id'), []))""",
        [ids, ids],
    ).df()


def _mask(df: pd.DataFrame, keep: list[bool]) -> pd.Series:
    """A boolean mask (a bare empty list would select no columns of an empty frame)."""
    return pd.Series(keep, index=df.index, dtype=bool)


def _leg(name: str, rows: pd.DataFrame) -> dict[str, Any]:
    return {"leg": name, "consignments": len(rows), "usd": round(float(rows["value"].sum()))}


def words(item: dict[str, Any], what: str, span: str) -> list[str]:
    """The records' evidence in sentences (which records were read, and what they show)."""
    route = item["route"].split(" → ")
    o, d = route[0], route[-1]
    if not item["consignments"]:
        out = [f"The shipment records hold no consignment of {what} from {o} to {d} {span}"
               f" ({item['held']:,} of {what} in all)."]  # fmt: skip
        if item["other_goods_on_route"]:
            codes = ", ".join(item["other_goods_on_route"])
            n = sum(item["other_goods_on_route"].values())
            out.append(f"On the route they hold {n} consignment(s) of other goods"
                       f" (HS {codes}).")  # fmt: skip
    else:
        how = []
        if item["direct"]:
            how.append(f"{item['direct']:,} direct")
        how += [f"{n:,} through {c}" for c, n in list(item["through_others"].items())[:4]]
        if item["route_unshown"] and item["records_name_routes"]:
            how.append(f"{item['route_unshown']:,} naming no route")
        named = "; ".join(f"{n:,} through {b}" for b, n in item["through"].items())
        out = [f"The shipment records hold {item['consignments']:,} consignment(s) of {what}"
               f" from {o} to {d} {span} ({_usd(item['usd'])})"
               + (f": {named}" if named else "")
               + (f" ({', '.join(how)})." if how else ".")]  # fmt: skip
    if not item["records_name_routes"]:
        out.append("No record names a country between a consignment's origin and its"
                   " destination (no transit country, no re-exporter), so the records show"
                   " no route.")  # fmt: skip
    if item["through"]:
        on = ", ".join(item["shipment_ids"])
        if item["on_route"]:
            out.append(f"Consignments on the claimed route: {on} (route evidence"
                       f" {item['score']:.2f}).")  # fmt: skip
        legs = "; ".join(f"{x['leg']} {x['consignments']} ({_usd(x['usd'])})"
                         for x in item["legs"])  # fmt: skip
        out.append(f"Consignments of {what} on each leg: {legs}.")
    elif item["consignments"]:
        out.append(f"Consignments from {o} to {d}: evidence {item['score']:.2f}.")
    if item["against"] is not None:
        vias = " / ".join(item["through"])
        out.append(f"None of the {item['route_shown']:,} that show their route passes {vias}:"
                   f" a route carrying one consignment in {round(1 / ROUTE_SHARE)} would show"
                   f" in them with probability {1 - (1 - ROUTE_SHARE) ** item['route_shown']:.2f}"
                   " (the records read as a fair sample of the pair's trade).")  # fmt: skip
    return out


def _usd(x: float) -> str:
    return f"{x / 1e6:.2f} M USD" if x >= 1e6 else f"{x:,.0f} USD"
