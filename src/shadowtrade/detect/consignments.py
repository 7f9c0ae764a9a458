"""Shared view of the `shipments` table for the shipment detectors.

Each consignment with its six-digit `code`, its `recipient` (the consignee, else the importer)
and the `weight` of its code (controlled, CHPL and cover codes weigh more; `flows.code_weight`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.detect import flows as fl
from shadowtrade.detect.alerts import alert_row

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext


def weighted_shipments(ws: ScanContext) -> ir.Table:
    """The shipments with their HS6 code, recipient (consignee, else importer) and control
    weight."""
    s = ws.table("shipments")
    s = s.mutate(code=s.hs_code.substr(0, 6), recipient=ibis.coalesce(s.consignee, s.importer))
    w = fl.code_weight(ws, s.select("code"))
    return s.left_join(w, "code").select(s, w.weight)


def consignment_alert(
    detector: str,
    kind: str,
    r: Mapping[Any, Any],
    *,
    score: float,
    summary: str,
    evidence: Mapping[str, object],
    via: str | None = None,
    entity: str | None = None,
    hs_code: str | None = None,
) -> dict[str, object]:
    """An alert about one consignment `r` (a row of weighted_shipments): its route, code, date,
    exporter (or `entity`) and id fill the contract's columns. With `hs_code` (the code the
    goods really seem to be), the consignment's own code goes to `declared_hs_code`."""
    when = pd.Timestamp(r["date"]).date()
    return alert_row(
        detector,
        (kind, r["shipment_id"], via),
        score=max(0.0, min(1.0, score)),
        origin=r["origin_country"],
        via=via,
        destination=r["destination_country"],
        hs_code=hs_code if hs_code is not None else r["code"],
        declared_hs_code=r["code"] if hs_code is not None else None,
        period_start=when,
        period_end=when,
        entity=entity if entity is not None else r["exporter"],
        shipment_id=r["shipment_id"],
        summary=summary,
        evidence=evidence,
    )


def code_weight_of(r: Mapping[Any, Any]) -> float:
    """The row's code weight, or the ordinary weight where the code is unknown."""
    w = r.get("weight")
    return float(w) if w is not None and not pd.isna(w) else fl.ORDINARY_WEIGHT
