"""Shared view of the `shipments` table for the shipment detectors.

Each consignment with its six-digit `code`, its `recipient` (the consignee, else the importer)
and the `weight` of its code (controlled, CHPL and cover codes weigh more; `flows.code_weight`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir

from shadowtrade.detect import flows as fl

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace


def weighted_shipments(ws: Workspace) -> ir.Table:
    s = ws.table("shipments")
    s = s.mutate(code=s.hs_code.substr(0, 6), recipient=ibis.coalesce(s.consignee, s.importer))
    w = fl.code_weight(ws, s.select("code"))
    return s.left_join(w, "code").select(s, w.weight)
