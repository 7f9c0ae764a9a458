"""Column layouts of the workspace's canonical tables (DESIGN.md, "Canonical tables").

Kept as data so that the workspace, the adapters, the docs and the tests share one definition.
"""

from __future__ import annotations

TRADE_FLOWS: dict[str, str] = {
    "source": "VARCHAR",
    "reporter": "VARCHAR",
    "partner": "VARCHAR",
    "flow": "VARCHAR",
    "period": "DATE",
    "freq": "VARCHAR",
    "hs_code": "VARCHAR",
    "hs_version": "VARCHAR",
    "value_usd": "DOUBLE",
    "net_weight_kg": "DOUBLE",
    "quantity": "DOUBLE",
    "quantity_unit": "VARCHAR",
    "import_file": "BIGINT",
}

# Aggregates (World partner, all-goods totals, chapter totals where leaves exist, annual totals
# where months exist, breakdowns by customs procedure or transport mode) are kept apart from
# trade_flows so that summing trade_flows never counts a flow twice.
TRADE_AGGREGATES: dict[str, str] = {**TRADE_FLOWS, "aggregate_kind": "VARCHAR"}

QUARANTINE: dict[str, str] = {
    "import_file": "BIGINT",
    "row_number": "BIGINT",
    "column": "VARCHAR",
    "value": "VARCHAR",
    "reason": "VARCHAR",
}

IMPORTS: dict[str, str] = {
    "import_id": "BIGINT",
    "file_name": "VARCHAR",
    "path": "VARCHAR",
    "sha256": "VARCHAR",
    "format": "VARCHAR",
    "layout": "VARCHAR",
    "target_table": "VARCHAR",
    "rows_read": "BIGINT",
    "accepted": "BIGINT",
    "aggregates": "BIGINT",
    "quarantined": "BIGINT",
    "skipped": "BIGINT",
    "quarantine_by_reason": "VARCHAR",
    "overlapping_imports": "VARCHAR",
    "started_at": "TIMESTAMP",
    "finished_at": "TIMESTAMP",
    # JSON: what was read and every reinterpretation in words (formats/profile.py)
    "profile": "VARCHAR",
}

SHIPMENTS: dict[str, str] = {
    "shipment_id": "VARCHAR",
    "date": "DATE",
    "exporter": "VARCHAR",
    "exporter_country": "VARCHAR",
    "importer": "VARCHAR",
    "importer_country": "VARCHAR",
    "consignee": "VARCHAR",
    "notify_party": "VARCHAR",
    "origin_country": "VARCHAR",
    "destination_country": "VARCHAR",
    "transit_countries": "VARCHAR[]",
    "hs_code": "VARCHAR",
    "description": "VARCHAR",
    "value_usd": "DOUBLE",
    "net_weight_kg": "DOUBLE",
    "gross_weight_kg": "DOUBLE",
    "quantity": "DOUBLE",
    "quantity_unit": "VARCHAR",
    "transport_mode": "VARCHAR",
    "carrier": "VARCHAR",
    "invoice_no": "VARCHAR",
    "end_user_certificate_no": "VARCHAR",
    "certificate_date": "DATE",
    "import_file": "BIGINT",
}

LIST_ENTITIES: dict[str, str] = {
    "list": "VARCHAR",
    "entity_id": "VARCHAR",
    "schema": "VARCHAR",
    "name": "VARCHAR",
    "aliases": "VARCHAR[]",
    "countries": "VARCHAR[]",
    "programs": "VARCHAR",
    "listed_on": "DATE",
    "import_file": "BIGINT",
    # False for a record a file carries without listing it: an OpenSanctions entity with no
    # sanction, debarment or export-control topic and no Sanction naming it (a company-registry
    # record of the network around a listed party). NULL in workspaces ingested before: listed.
    "listed": "BOOLEAN",
}

# Links the lists record between listed parties (FtM Ownership, Directorship, Family, Associate,
# UnknownLink …) and from a party to its address (`relation` = 'address', the address's text in
# `target_name`): the officers, owners and shared addresses of the company network.
LIST_RELATIONS: dict[str, str] = {
    "list": "VARCHAR",
    "source_id": "VARCHAR",
    "target_id": "VARCHAR",
    "relation": "VARCHAR",
    "role": "VARCHAR",
    "target_name": "VARCHAR",
    "import_file": "BIGINT",
    # The relationship's own id (FtM Ownership, Directorship …): what a delta file names.
    "relation_id": "VARCHAR",
    # FtM Ownership's share of the asset ("51", "25-50%": as the list writes it), its share
    # count, and any relation's start and end dates (ISO, as precise as the list gives them).
    # A relation with an end date has ended: an owner then is no owner now.
    "percentage": "VARCHAR",
    "shares_count": "VARCHAR",
    "start_date": "VARCHAR",
    "end_date": "VARCHAR",
}

# One row per shipment party (name as written, country) with the company it was resolved to.
PARTY_CLUSTERS: dict[str, str] = {
    "party": "VARCHAR",
    "country": "VARCHAR",
    "cluster_id": "VARCHAR",
    "cluster_name": "VARCHAR",
    "cluster_size": "BIGINT",
    "consignments": "BIGINT",
    # "identifier (exact)", "name (splink)", or why a chain of names was refused as one firm
    "matched_by": "VARCHAR",
}

ALERTS: dict[str, str] = {
    "alert_id": "VARCHAR",
    "detector": "VARCHAR",
    "score": "DOUBLE",
    "origin": "VARCHAR",
    "via": "VARCHAR",
    "destination": "VARCHAR",
    "hs_code": "VARCHAR",
    "declared_hs_code": "VARCHAR",
    "period_start": "DATE",
    "period_end": "DATE",
    "entity": "VARCHAR",
    "shipment_id": "VARCHAR",
    "summary": "VARCHAR",
    "evidence": "VARCHAR",
}

# Cases: rebuilt from the alerts by every scan (cases/store.py).
CASES: dict[str, str] = {
    "case_id": "VARCHAR",
    "kind": "VARCHAR",
    "title": "VARCHAR",
    "origin": "VARCHAR",
    "via": "VARCHAR",
    "destination": "VARCHAR",
    "goods": "VARCHAR",
    "entity": "VARCHAR",
    "score": "DOUBLE",
    "alerts": "BIGINT",
    "lines": "BIGINT",
    "detectors": "VARCHAR",
    "period_start": "DATE",
    "period_end": "DATE",
    "summary": "VARCHAR",
    "explanation": "VARCHAR",
    "related": "VARCHAR",
    "new_alerts": "BIGINT",
    "built_at": "TIMESTAMP",
}

CASE_ALERTS: dict[str, str] = {"case_id": "VARCHAR", "alert_id": "VARCHAR", "role": "VARCHAR"}

# The analyst's triage: kept across rescans, keyed by the stable case id.
CASE_TRIAGE: dict[str, str] = {
    "case_id": "VARCHAR",
    "status": "VARCHAR",
    "assignee": "VARCHAR",
    "tags": "VARCHAR[]",
    "new_evidence": "BOOLEAN",
    "acknowledged_alerts": "VARCHAR[]",
    "updated_at": "TIMESTAMP",
    "updated_by": "VARCHAR",
}

# Append-only, hash-chained record of every triage change and every scan finding new evidence.
CASE_AUDIT: dict[str, str] = {
    "seq": "BIGINT",
    "at": "TIMESTAMP",
    "actor": "VARCHAR",
    "case_id": "VARCHAR",
    "action": "VARCHAR",
    "old_value": "VARCHAR",
    "new_value": "VARCHAR",
    "prev_hash": "VARCHAR",
    "hash": "VARCHAR",
}

# Web and API users: a token per user (only its SHA-256 is kept), a role and an optional expiry.
USERS: dict[str, str] = {
    "name": "VARCHAR",
    "role": "VARCHAR",
    "token_sha256": "VARCHAR",
    "created_at": "TIMESTAMP",
    "expires_at": "TIMESTAMP",  # NULL: valid until revoked
}

# The web app's background jobs (ingest, scan), kept across server restarts (web/jobs.py):
# state queued | running | done | failed | interrupted; result as JSON text.
JOBS: dict[str, str] = {
    "job_id": "VARCHAR",
    "kind": "VARCHAR",
    "user": "VARCHAR",
    "file": "VARCHAR",
    "state": "VARCHAR",
    "stage": "VARCHAR",
    "progress": "DOUBLE",
    "created_at": "TIMESTAMP",
    "started_at": "TIMESTAMP",
    "finished_at": "TIMESTAMP",
    "result": "VARCHAR",
    "error": "VARCHAR",
    "upload": "VARCHAR",  # an ingest's saved upload, under the workspace: its import is found by it
}

# The alert columns a person reads first (CLI table, report), in that order.
ALERT_DISPLAY_COLUMNS = (
    "score",
    "detector",
    "origin",
    "via",
    "destination",
    "hs_code",
    "declared_hs_code",
    "period_start",
    "period_end",
    "summary",
)

TABLES: dict[str, dict[str, str]] = {
    "imports": IMPORTS,
    "trade_flows": TRADE_FLOWS,
    "trade_aggregates": TRADE_AGGREGATES,
    "quarantine": QUARANTINE,
    "shipments": SHIPMENTS,
    "list_entities": LIST_ENTITIES,
    "list_relations": LIST_RELATIONS,
    "party_clusters": PARTY_CLUSTERS,
    "alerts": ALERTS,
    "cases": CASES,
    "case_alerts": CASE_ALERTS,
    "case_triage": CASE_TRIAGE,
    "case_audit": CASE_AUDIT,
    "users": USERS,
    "jobs": JOBS,
}


def missing_columns_sql(name: str, present: set[str]) -> list[str]:
    """ALTER statements adding the columns a workspace made by an older version lacks."""
    return [
        f'ALTER TABLE "{name}" ADD COLUMN "{c}" {t}'
        for c, t in TABLES[name].items()
        if c not in present
    ]


def create_sql(name: str) -> str:
    """The CREATE TABLE statement of one canonical table."""
    cols = ", ".join(f'"{c}" {t}' for c, t in TABLES[name].items())
    return f'CREATE TABLE IF NOT EXISTS "{name}" ({cols})'
