"""Running detectors and storing their alerts (the alert contract of DESIGN.md)."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade import schema
from shadowtrade.errors import InputError

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace


def alert_id(detector: str, *parts: object) -> str:
    """Stable id: the same finding on the same data gets the same id."""
    text = "|".join([detector, *("" if p is None else str(p) for p in parts)])
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def factor(name: str, value: float, weight: float, sentence: str) -> dict[str, object]:
    """One named factor of an alert's score: its value (four places), the parameter or constant
    behind it, and a sentence with the number, as `score_factors` holds them."""
    return {"name": name, "value": round(float(value), 4), "weight": weight, "sentence": sentence}


def scored(factors: list[dict[str, object]], version: str, cap: float = 1.0) -> dict[str, object]:
    """The evidence fields that say how an alert was scored: its factors (the score is their
    product, capped at 1 or at `cap`, said as `score_cap`) and the scoring version."""
    return {
        "score_factors": factors,
        "scoring_version": version,
        **({"score_cap": cap} if cap < 1.0 else {}),
    }


def product(factors: list[dict[str, object]], cap: float = 1.0) -> float:
    """The score the factors give: their product, capped at 1 (or at `cap`)."""
    return min(cap, math.prod(float(str(f["value"])) for f in factors))


def alert_row(
    detector: str,
    key: tuple[object, ...],
    *,
    score: float,
    origin: str | None,
    destination: str | None,
    hs_code: str | None,
    period_start: object,
    period_end: object,
    summary: str,
    evidence: Mapping[str, object],
    via: str | None = None,
    declared_hs_code: str | None = None,
    entity: str | None = None,
    shipment_id: str | None = None,
) -> dict[str, object]:
    """One alert-contract row; `key` identifies the finding (it makes the stable alert_id)."""
    return {
        "alert_id": alert_id(detector, *key),
        "detector": detector,
        "score": float(score),
        "origin": origin,
        "via": via,
        "destination": destination,
        "hs_code": hs_code,
        "declared_hs_code": declared_hs_code,
        "period_start": period_start,
        "period_end": period_end,
        "entity": entity,
        "shipment_id": shipment_id,
        "summary": summary,
        "evidence": _evidence_json(evidence),
    }


def _evidence_json(evidence: Mapping[str, object]) -> str:
    """Evidence as strict JSON. Most evidence is clean already and is written as it is; walking
    every value first (`_clean`) cost a second per ten thousand alerts with monthly series."""
    try:
        return json.dumps(evidence, sort_keys=True, allow_nan=False)
    except (ValueError, TypeError):  # a NaN or infinity, or keys that do not sort together
        return json.dumps(_clean(evidence), sort_keys=True, allow_nan=False)


def _clean(value: object) -> object:
    """Evidence as strict JSON: NaN (a missing series or ratio) becomes null."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def conform(df: pd.DataFrame, detector: str) -> pd.DataFrame:
    """Exactly the alert contract's columns and types; a missing column is a detector bug."""
    missing = [c for c in schema.ALERTS if c not in df.columns]
    if missing:
        raise RuntimeError(f"detector {detector} returned no {', '.join(missing)} column(s)")
    out = df[list(schema.ALERTS)].copy()
    out["score"] = out["score"].astype(float).clip(0.0, 1.0)
    for c in ("period_start", "period_end"):
        out[c] = pd.to_datetime(out[c]).dt.date
    return out


def parse_overrides(settings: list[str]) -> dict[str, dict[str, str]]:
    """['mirror_gap.min_months=4'] → {'mirror_gap': {'min_months': '4'}}."""
    out: dict[str, dict[str, str]] = {}
    for s in settings:
        name, eq, value = s.partition("=")
        det, dot, param = name.partition(".")
        if not eq or not dot or not det or not param:
            raise InputError(f"--set {s!r}: expected NAME.PARAM=VALUE")
        out.setdefault(det, {})[param] = value
    return out


def write_alerts(df: pd.DataFrame, out: Path) -> None:
    """Alerts to .csv, .jsonl or .parquet, chosen by the file name."""
    name = out.name.lower()
    if name.endswith(".csv"):
        from shadowtrade.output import write_csv

        write_csv(df, out)  # formula cells neutralised (output.py)
    elif name.endswith(".jsonl"):
        df.to_json(out, orient="records", lines=True, date_format="iso", force_ascii=False)
    elif name.endswith(".parquet"):
        df.to_parquet(out, index=False)
    else:
        raise InputError(f"{out}: --out must end in .csv, .jsonl or .parquet")


def read_alerts(ws: Workspace, top: int | None = None, detector: str | None = None) -> ir.Table:
    """The stored alerts, best first (optionally one detector's, the top N)."""
    t = ws.table("alerts")
    if detector:
        t = t.filter(t.detector == detector)
    t = t.order_by([ibis.desc("score"), "alert_id"])
    return t.limit(top) if top else t


CONSIGNMENT_COLUMNS = (
    "shipment_id", "date", "exporter", "consignee", "origin", "transit", "destination",
    "hs_code", "description", "value_usd", "net_weight_kg", "invoice_no",
    "end_user_certificate_no", "certificate_date",
)  # fmt: skip


def alert_consignments(
    ws: Workspace, rows: str, where: str, params: list[object], limit: int | None = None
) -> pd.DataFrame:
    """The consignments that alerts rest on — each alert's own consignment and those its
    evidence lists (`consignment_list`) — with their papers, by date. The one implementation
    behind `shadowtrade alert ID`, the API, the web case page and the report.

    `rows`: a relation of alert rows (`shipment_id`, `evidence` and what `where` reads);
    `where`: the SQL condition that picks the alerts, with `params` for its `?`s.
    """
    sql = f"""
        WITH ids AS (
            SELECT r.shipment_id AS id FROM {rows} r
            WHERE ({where}) AND r.shipment_id IS NOT NULL
            UNION
            SELECT json_extract_string(c.value, '$.shipment_id')
            FROM {rows} r, json_each(r.evidence, '$.consignment_list') AS c
            WHERE ({where}))
        SELECT s.shipment_id, s.date, s.exporter, s.consignee, s.origin_country AS origin,
               array_to_string(s.transit_countries, ' > ') AS transit,
               s.destination_country AS destination, s.hs_code, s.description, s.value_usd,
               s.net_weight_kg, s.invoice_no, s.end_user_certificate_no, s.certificate_date
        FROM shipments s JOIN ids ON s.shipment_id = ids.id
        ORDER BY s.date, s.shipment_id{f" LIMIT {int(limit)}" if limit is not None else ""}"""
    df: pd.DataFrame = ws.raw.execute(sql, [*params, *params]).df()
    return df


def consignments_of(ws: Workspace, alert_id: str) -> pd.DataFrame:
    """The consignments one alert rests on, with their papers (`alert_consignments`)."""
    row = ws.raw.execute("SELECT count(*) FROM alerts WHERE alert_id = ?", [alert_id]).fetchone()
    if not row or not row[0]:
        raise KeyError(alert_id)
    return alert_consignments(ws, "alerts", "r.alert_id = ?", [alert_id])


def finding_kind(detector: str, evidence: str) -> str:
    """What kind of finding a shipment alert reports, read from its evidence: the sub-kinds a
    detector covers (a cover description or a vague one, a reused certificate or a late one …)."""
    try:
        ev = json.loads(evidence) if isinstance(evidence, str) else {}
    except ValueError:
        ev = {}
    if detector == "description_mismatch":
        return "cover_description" if "read_as_heading" in ev else "vague_description"
    if detector == "document_reuse":
        return "euc_after_shipment" if "certificate_date" in ev else "euc_reuse"
    if detector == "route_mismatch":
        return "destination_mismatch" if "declared_destination" in ev else "unusual_transit"
    if detector == "consignment_anomaly":
        return "pass_through" if "outbound_consignments" in ev else "mispriced"
    return detector


def score_factors(evidence: str | None) -> tuple[list[dict[str, object]], str | None]:
    """An alert's named score factors (name, value, weight, sentence) and its scoring version,
    read from its evidence; none for a detector that does not write them. One reading for the
    CLI, the report and the web app."""
    try:
        ev = json.loads(evidence) if evidence else {}
    except ValueError:
        return [], None
    if not isinstance(ev, dict):
        return [], None
    fs = ev.get("score_factors")
    factors = [f for f in fs if isinstance(f, dict) and "name" in f] if isinstance(fs, list) else []
    version = ev.get("scoring_version")
    return factors, str(version) if version else None
