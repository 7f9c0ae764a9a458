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
from shadowtrade.detect.registry import Detector, all_detectors
from shadowtrade.errors import InputError

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace


def alert_id(detector: str, *parts: object) -> str:
    """Stable id: the same finding on the same data gets the same id."""
    text = "|".join([detector, *("" if p is None else str(p) for p in parts)])
    return hashlib.sha1(text.encode()).hexdigest()[:16]


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
        "evidence": json.dumps(_clean(evidence), sort_keys=True, allow_nan=False),
    }


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


def run_scan(
    ws: Workspace,
    names: list[str] | None = None,
    settings: list[str] | None = None,
    *,
    engine: str | None = None,
    incremental: bool = False,
) -> pd.DataFrame:
    """Run the named detectors (all by default), replace their alerts in the workspace.

    With engine "spark" the detectors read the workspace's tables as Parquet on Spark (a
    detector that needs DuckDB runs on DuckDB) and the alerts are also written to Parquet.
    `incremental` keeps the monthly flows and the per-series change points between scans and
    recomputes only what the imports since the last such scan touch (incremental.py); the
    alerts are those of a full scan. `engine` None: `$SHADOWTRADE_ENGINE`, else DuckDB."""
    from shadowtrade.engines import engine_name

    engine = engine_name(engine)
    known = {d.name: d for d in all_detectors()}
    for n in names or []:
        if n not in known:
            raise InputError(f"unknown detector {n!r}; detectors: {', '.join(known) or 'none'}")
    chosen: list[Detector] = [known[n] for n in names] if names else list(known.values())
    overrides = parse_overrides(settings or [])
    for det in overrides:
        if det not in known:
            raise InputError(f"--set names unknown detector {det!r}")
    source = ws
    if engine == "spark":
        from shadowtrade.spark import spark_workspace

        source = spark_workspace(ws)
    frames = []
    inc = None
    if incremental:
        if engine != "duckdb":
            raise InputError("incremental scans run on DuckDB, where their state is kept")
        from shadowtrade.detect.flows import aggregate_monthly, encode_keys
        from shadowtrade.incremental import begin, monthly

        inc = begin(ws)
    params = {}
    for d in chosen:
        try:
            params[d.name] = d.params(overrides.get(d.name))
        except (KeyError, ValueError) as exc:
            raise InputError(f"--set {d.name}: {exc}") from exc
    with source.sharing():
        ws.increment = inc
        try:
            if inc is not None:
                state = monthly(ws, inc, lambda rows: aggregate_monthly(ws, rows))
                ws.provide("monthly_native", encode_keys(ws, state))
            for d in chosen:
                on = source if source.engine in d.engines else ws
                frames.append(conform(d.run(on, params[d.name]).to_pandas(), d.name))
        finally:
            ws.increment = None
    alerts = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=list(schema.ALERTS))
    )
    with ws.transaction():
        for d in chosen:
            ws.raw.execute("DELETE FROM alerts WHERE detector = ?", [d.name])
        if len(alerts):
            ws.raw.register("_alerts_df", alerts)
            ws.raw.execute("INSERT INTO alerts BY NAME SELECT * FROM _alerts_df")
            ws.raw.unregister("_alerts_df")
        if inc is not None:
            from shadowtrade.incremental import save

            save(ws, inc)
    if engine == "spark":
        from shadowtrade.spark import mirror_to_parquet

        mirror_to_parquet(ws, ("alerts",))
    return alerts.sort_values(["score", "alert_id"], ascending=[False, True], ignore_index=True)


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
    t = ws.table("alerts")
    if detector:
        t = t.filter(t.detector == detector)
    t = t.order_by([ibis.desc("score"), "alert_id"])
    return t.limit(top) if top else t


CONSIGNMENT_COLUMNS = (
    "shipment_id", "date", "exporter", "consignee", "origin_country", "transit_countries",
    "destination_country", "hs_code", "description", "value_usd", "net_weight_kg",
    "invoice_no", "end_user_certificate_no", "certificate_date",
)  # fmt: skip


def consignments_of(ws: Workspace, alert_id: str) -> pd.DataFrame:
    """The consignments an alert rests on: its own consignment, the ones named in its
    evidence, and every consignment carrying the same invoice or certificate number."""
    t = ws.table("alerts")
    found = t.filter(t.alert_id == alert_id).to_pandas()
    if found.empty:
        raise KeyError(alert_id)
    a = found.iloc[0]
    ids = {str(a["shipment_id"])} if a["shipment_id"] else set()
    evidence = json.loads(a["evidence"] or "{}")
    for item in evidence.get("consignment_list") or []:
        ids.add(str(item.get("shipment_id")))
    s = ws.table("shipments")
    own = s.filter(s.shipment_id.isin(list(ids))) if ids else s.limit(0)
    docs = own.select("invoice_no", "end_user_certificate_no").to_pandas()
    inv = [x for x in docs["invoice_no"].dropna() if x]
    euc = [x for x in docs["end_user_certificate_no"].dropna() if x]
    related = s.filter(s.invoice_no.isin(inv) | s.end_user_certificate_no.isin(euc))
    both = own.union(related) if (inv or euc) else own
    picked = both.select(*CONSIGNMENT_COLUMNS).distinct().order_by(["date", "shipment_id"])
    rows: pd.DataFrame = picked.to_pandas()
    return rows


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
