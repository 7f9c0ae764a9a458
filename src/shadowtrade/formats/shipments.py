"""Shipment-level records (customs declarations, bills of lading) → the `shipments` table.

No public standard exists (FORMATS.md), so columns are found by normalised header synonyms, or
named in a YAML mapping (`--mapping`; docs/shipments.md). CSV, Parquet and JSON Lines are read by
DuckDB as text, then every field is parsed in SQL: dates in ISO form or in the day-first or
month-first convention the mapping states, weights in kg, t or lb, values converted to USD (EUR
at the ECB monthly rate, or a rate the mapping gives), countries by code or name, transit
countries as a list. A row that fails goes to `quarantine` with its line, column, value and
reason; the file is one transaction, and the same file twice is a no-op.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml

from shadowtrade import schema
from shadowtrade.errors import InputError
from shadowtrade.formats.filescan import blank_lines, sha256_file
from shadowtrade.formats.imports import (
    FileIngestResult,
    earlier_import,
    next_import_id,
    record_import,
)
from shadowtrade.formats.layouts import normalise_header
from shadowtrade.reference import resolve_country

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

# Canonical role → header synonyms (normalised: lower case, letters and digits only).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "shipment_id": (
        "shipmentid",
        "declarationid",
        "declarationno",
        "declarationnumber",
        "entrynumber",
        "billoflading",
        "bolnumber",
        "consignmentid",
    ),
    "date": ("date", "declarationdate", "shipmentdate", "arrivaldate", "departuredate"),
    "exporter": ("exporter", "shipper", "sender", "seller", "sellerid", "consignor"),
    "exporter_country": (
        "exportercountry",
        "shippercountry",
        "sendercountry",
        "countryofdeparture",
        "countryofdispatch",
        "dispatchcountry",
    ),
    "importer": ("importer", "receiver", "buyer", "importerid"),
    "importer_country": ("importercountry", "receivercountry", "buyercountry"),
    "consignee": ("consignee",),
    "notify_party": ("notifyparty",),
    "origin_country": ("origincountry", "countryoforigin"),
    "destination_country": ("destinationcountry", "countryofdestination"),
    "transit_countries": ("transitcountries", "transitcountry", "transit", "via"),
    "hs_code": ("hscode", "hs", "hs6", "hs6code", "commoditycode", "tariffcode", "cmdcode"),
    "description": (
        "description",
        "goodsdescription",
        "productdescription",
        "commoditydescription",
    ),
    "value": ("valueusd", "value", "invoicevalue", "customsvalue", "itemprice"),
    "currency": ("currency", "valuecurrency", "invoicecurrency"),
    "net_weight": ("netweightkg", "netweight", "netmass", "netmasskg"),
    "gross_weight": ("grossweightkg", "grossweight", "grossmass", "grossmasskg"),
    "weight_unit": ("weightunit", "massunit"),
    "quantity": ("quantity", "qty", "supplementaryquantity"),
    "quantity_unit": ("quantityunit", "qtyunit"),
    "transport_mode": ("transportmode", "modeoftransport"),
    "carrier": ("carrier", "vessel", "carriername"),
    "invoice_no": ("invoiceno", "invoicenumber"),
    "end_user_certificate_no": (
        "endusercertificateno",
        "endusercertificate",
        "eucno",
        "euc",
        "certificateno",
    ),
    "certificate_date": ("certificatedate", "eucdate"),
}
REQUIRED = ("date", "hs_code")
COUNTRY_ROLES = ("exporter_country", "importer_country", "origin_country", "destination_country")
DATE_ORDERS = {
    # ISO is always accepted; the convention says how to read slashed and dotted dates.
    "dmy": ("%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y"),
    "mdy": ("%m/%d/%Y", "%m-%d-%Y", "%m.%d.%Y"),
    "iso": (),
}
ISO_DATES = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")
KG_PER_UNIT = {
    "kg": 1.0,
    "kgs": 1.0,
    "kilogram": 1.0,
    "kilograms": 1.0,
    "t": 1000.0,
    "tonne": 1000.0,
    "tonnes": 1000.0,
    "mt": 1000.0,
    "ton": 1000.0,
    "lb": 0.45359237,
    "lbs": 0.45359237,
    "pound": 0.45359237,
    "g": 0.001,
}


@dataclass(frozen=True)
class ShipmentMapping:
    """A YAML mapping for a shipment export whose columns are named otherwise."""

    name: str
    columns: dict[str, str] = field(default_factory=dict)  # role → source column
    constants: dict[str, str] = field(default_factory=dict)  # role → value for every row
    date_order: str = "dmy"
    usd_per_unit: float | None = None  # fixed rate for a currency with no shipped rates


def load_shipment_mapping(path: Path) -> ShipmentMapping:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read mapping: {exc}") from exc
    if not isinstance(doc, dict):
        raise InputError(f"{path}: a mapping is a YAML object")
    columns = {str(k): str(v) for k, v in (doc.get("columns") or {}).items()}
    constants = {str(k): str(v) for k, v in (doc.get("constants") or {}).items()}
    for role in [*columns, *constants]:
        if role not in SYNONYMS:
            raise InputError(f"{path}: unknown role {role!r}; roles: {', '.join(SYNONYMS)}")
    order = str(doc.get("date_order", "dmy"))
    if order not in DATE_ORDERS:
        raise InputError(f"{path}: date_order must be one of {', '.join(DATE_ORDERS)}")
    rate = doc.get("usd_per_unit")
    return ShipmentMapping(
        name=str(doc.get("name", path.stem)),
        columns=columns,
        constants=constants,
        date_order=order,
        usd_per_unit=None if rate is None else float(rate),
    )


ShipmentIngestResult = FileIngestResult


def _reader(path: Path) -> tuple[str, str]:
    """(DuckDB table function reading the file as text, kind)."""
    name = path.name.lower()
    p = str(path).replace("'", "''")
    if name.endswith(".parquet"):
        return f"read_parquet('{p}')", "parquet"
    if name.endswith((".jsonl", ".ndjson", ".json", ".jsonl.gz")):
        return f"read_json('{p}', format='newline_delimited')", "jsonl"
    # Quoting is RFC 4180 whatever the sniffer saw: a quoted field with a comma may first
    # appear far beyond the rows DuckDB samples.
    opts = "all_varchar=true, header=true, strict_mode=false, quote='\"', escape='\"'"
    return f"read_csv('{p}', {opts})", "csv"


def _roles(header: list[str], m: ShipmentMapping | None, path: Path) -> dict[str, str]:
    """role → source column."""
    by_norm = {normalise_header(h): h for h in header}
    roles: dict[str, str] = {}
    for role, names in SYNONYMS.items():
        hit = next((by_norm[n] for n in names if n in by_norm), None)
        if hit is not None:
            roles[role] = hit
    if m is not None:
        for role, col in m.columns.items():
            if col not in header:
                raise InputError(f"{path}: mapping names column {col!r}, which the file lacks")
            roles[role] = col
    missing = [r for r in REQUIRED if r not in roles and (m is None or r not in m.constants)]
    if missing:
        raise InputError(
            f"{path}: no column for {', '.join(missing)} (header: {', '.join(header)});"
            " name it in a mapping file (--mapping)"
        )
    return roles


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(role: str, roles: dict[str, str], m: ShipmentMapping | None) -> str:
    """SQL text of a role: the column trimmed (empty → NULL), or the mapping's constant."""
    if m is not None and role in m.constants and role not in roles:
        return "'" + m.constants[role].replace("'", "''") + "'"
    if role not in roles:
        return "NULL::VARCHAR"
    return f"nullif(trim(CAST({_q(roles[role])} AS VARCHAR)), '')"


def _date_sql(expr: str, order: str) -> str:
    fmts = [*ISO_DATES, *DATE_ORDERS[order]]
    tries = ", ".join(f"try_strptime({expr}, '{f}')" for f in fmts)
    return f"CAST(coalesce({tries}) AS DATE)"


def _number_sql(expr: str) -> str:
    return f"TRY_CAST(replace(replace({expr}, ' ', ''), ',', '') AS DOUBLE)"


def ingest_shipments(
    ws: Workspace, path: Path, *, mapping: Path | None = None
) -> ShipmentIngestResult:
    """Ingest one shipment file; raise InputError when it cannot be read at all."""
    started, started_at = time.perf_counter(), datetime.now()
    if not path.exists():
        raise InputError(f"{path}: no such file")
    m = load_shipment_mapping(mapping) if mapping is not None else None
    result = ShipmentIngestResult(file=path)
    sha = sha256_file(path)
    result.duplicate_of = earlier_import(ws, sha)
    if result.duplicate_of is not None:
        return result
    ws.ensure_reference()
    source, kind = _reader(path)
    try:
        header = [r[0] for r in ws.raw.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    except Exception as exc:  # duckdb raises its own error types for unreadable files
        raise InputError(f"{path}: cannot read as {kind}: {str(exc).splitlines()[0]}") from exc
    roles = _roles(header, m, path)
    order = m.date_order if m is not None else "dmy"

    with ws.transaction():
        import_id = next_import_id(ws)
        ws.raw.execute(
            f"CREATE TEMP TABLE _ship_raw AS SELECT row_number() OVER () - 1 AS _rec, *"
            f" FROM {source}"
        )
        t = {r: _text(r, roles, m) for r in SYNONYMS}
        sel = ",\n".join(f"{expr} AS {_q('t_' + r)}" for r, expr in t.items())
        ws.raw.execute(f"CREATE TEMP TABLE _ship_text AS SELECT _rec, {sel} FROM _ship_raw")
        result.rows_read = int(ws.raw.execute("SELECT count(*) FROM _ship_text").fetchone()[0])  # type: ignore[index]
        _resolve_countries(ws)
        _parse(ws, order, m)
        rejects = ws.raw.execute(
            "SELECT _rec, _column, _value, _reason FROM _ship_parsed WHERE _reason IS NOT NULL"
        ).df()
        lines = _lines(rejects["_rec"].tolist(), path, kind)
        if len(rejects):
            q = pd.DataFrame(
                {
                    "import_file": import_id,
                    "row_number": lines,
                    "column": rejects["_column"],
                    "value": rejects["_value"].astype(str).str.slice(0, 200),
                    "reason": rejects["_reason"],
                }
            )
            ws.raw.register("_ship_q", q)
            ws.raw.execute("INSERT INTO quarantine BY NAME SELECT * FROM _ship_q")
            ws.raw.unregister("_ship_q")
        cols = ", ".join(_q(c) for c in schema.SHIPMENTS if c != "import_file")
        ws.raw.execute(
            f"INSERT INTO shipments BY NAME SELECT {cols}, {import_id}::BIGINT AS import_file"
            " FROM _ship_parsed WHERE _reason IS NULL"
        )
        result.quarantined = len(rejects)
        result.accepted = result.rows_read - result.quarantined
        result.by_reason = {str(k): int(v) for k, v in rejects["_reason"].value_counts().items()}
        record_import(
            ws,
            import_id=import_id,
            path=path,
            sha256=sha,
            fmt="shipments",
            layout=m.name if m is not None else f"shipments-{kind}",
            target_table="shipments",
            rows_read=result.rows_read,
            accepted=result.accepted,
            quarantined=result.quarantined,
            skipped=0,
            by_reason=result.by_reason,
            started_at=started_at,
        )
        for tmp in (
            "_ship_raw",
            "_ship_text",
            "_ship_typed",
            "_ship_valued",
            "_ship_parsed",
            "_ship_cmap",
            "_ship_units",
        ):
            ws.raw.execute(f"DROP TABLE IF EXISTS {tmp}")
        result.import_id = import_id
    result.seconds = time.perf_counter() - started
    return result


def _resolve_countries(ws: Workspace) -> None:
    """Each distinct country text once, through the shared gazetteer."""
    parts = [f"SELECT t_{r} AS k FROM _ship_text" for r in COUNTRY_ROLES]
    parts.append(
        "SELECT trim(unnest(regexp_split_to_array(regexp_replace(t_transit_countries,"
        " '[\\[\\]\"'']', '', 'g'), '[;|,/]'))) AS k FROM _ship_text"
    )
    keys = ws.raw.execute(f"SELECT DISTINCT k FROM ({' UNION ALL '.join(parts)})").fetchall()
    rows = [(k, resolve_country(k)) for (k,) in keys if k]
    df = pd.DataFrame(rows, columns=["k", "iso3"], dtype=object)
    ws.raw.register("_ship_cmap_df", df)
    ws.raw.execute(
        "CREATE TEMP TABLE _ship_cmap AS SELECT k::VARCHAR AS k, iso3::VARCHAR AS iso3"
        " FROM _ship_cmap_df"
    )
    ws.raw.unregister("_ship_cmap_df")


def _parse(ws: Workspace, order: str, m: ShipmentMapping | None) -> None:
    """Typed columns and, for a bad row, the first failing column, its value and the reason."""
    units = ", ".join(f"('{u}', {f})" for u, f in KG_PER_UNIT.items())
    rate = "NULL::DOUBLE" if m is None or m.usd_per_unit is None else str(float(m.usd_per_unit))
    ws.raw.execute(f"CREATE TEMP TABLE _ship_units AS SELECT * FROM (VALUES {units}) u(unit, kg)")
    country_joins = " ".join(
        f"LEFT JOIN _ship_cmap c_{r} ON c_{r}.k = s.t_{r}" for r in COUNTRY_ROLES
    )
    country_cols = ", ".join(f"c_{r}.iso3 AS {r}" for r in COUNTRY_ROLES)
    transit_parts = (
        "regexp_split_to_array(regexp_replace(coalesce(t_transit_countries, ''),"
        " '[\\[\\]\"'']', '', 'g'), '[;|,/]')"
    )
    ws.raw.execute(
        f"""CREATE TEMP TABLE _ship_typed AS
        SELECT s.*,
          {_date_sql("t_date", order)} AS date,
          {_date_sql("t_certificate_date", order)} AS certificate_date,
          {_number_sql("t_value")} AS _value_num,
          upper(coalesce(t_currency, 'USD')) AS _currency,
          {_number_sql("t_net_weight")} AS _net_num,
          {_number_sql("t_gross_weight")} AS _gross_num,
          {_number_sql("t_quantity")} AS quantity,
          u.kg AS _kg,
          regexp_replace(coalesce(t_hs_code, ''), '[^0-9]', '', 'g') AS hs_code,
          {country_cols},
          list_filter(list_transform({transit_parts},
              x -> map_extract_value(cm.mp, trim(x))), x -> x IS NOT NULL)
            AS transit_countries,
          len(list_filter({transit_parts}, x -> trim(x) <> '')) AS _n_transit
        FROM _ship_text s
        LEFT JOIN _ship_units u ON u.unit = lower(coalesce(s.t_weight_unit, 'kg'))
        {country_joins},
        (SELECT map(list(k), list(iso3)) AS mp FROM _ship_cmap WHERE iso3 IS NOT NULL) cm"""
    )
    ws.raw.execute(
        f"""CREATE TEMP TABLE _ship_valued AS
        SELECT t.*,
          _net_num * _kg AS net_weight_kg, _gross_num * _kg AS gross_weight_kg,
          _value_num * CASE WHEN _currency = 'USD' THEN 1.0
               WHEN _currency = 'EUR' THEN fx.usd_per_eur
               ELSE {rate} END AS value_usd
        FROM _ship_typed t
        LEFT JOIN ref_eur_usd fx ON fx.period = date_trunc('month', t.date)"""
    )
    ws.raw.execute(
        f"""CREATE TEMP TABLE _ship_parsed AS
        SELECT v.*,
          coalesce(t_shipment_id, 'row-' || CAST(_rec + 1 AS VARCHAR)) AS shipment_id,
          t_exporter AS exporter, t_importer AS importer, t_consignee AS consignee,
          t_notify_party AS notify_party, t_description AS description,
          t_quantity_unit AS quantity_unit, t_transport_mode AS transport_mode,
          t_carrier AS carrier, t_invoice_no AS invoice_no,
          t_end_user_certificate_no AS end_user_certificate_no,
          {_reason_sql()}
        FROM _ship_valued v"""
    )


def _reason_sql() -> str:
    """(_column, _value, _reason) of the first failing check, NULL when the row is good."""
    checks = [
        ("date", "t_date", "t_date IS NULL", "missing_date"),
        ("date", "t_date", "date IS NULL", "bad_date"),
        ("hs_code", "t_hs_code", "length(hs_code) NOT BETWEEN 4 AND 10", "bad_hs_code"),
        ("value", "t_value", "t_value IS NOT NULL AND _value_num IS NULL", "bad_number"),
        ("value", "t_value", "_value_num < 0", "negative_value"),
        (
            "currency",
            "_currency",
            "t_value IS NOT NULL AND _value_num IS NOT NULL AND value_usd IS NULL",
            "no_exchange_rate",
        ),
        (
            "net_weight",
            "t_net_weight",
            "t_net_weight IS NOT NULL AND _net_num IS NULL",
            "bad_number",
        ),
        (
            "gross_weight",
            "t_gross_weight",
            "t_gross_weight IS NOT NULL AND _gross_num IS NULL",
            "bad_number",
        ),
        ("weight_unit", "t_weight_unit", "_kg IS NULL", "unknown_unit"),
        ("quantity", "t_quantity", "t_quantity IS NOT NULL AND quantity IS NULL", "bad_number"),
        (
            "certificate_date",
            "t_certificate_date",
            "t_certificate_date IS NOT NULL AND certificate_date IS NULL",
            "bad_date",
        ),
        *[
            (r, f"t_{r}", f"t_{r} IS NOT NULL AND {r} IS NULL", "unknown_country")
            for r in COUNTRY_ROLES
        ],
        (
            "transit_countries",
            "t_transit_countries",
            "len(transit_countries) < _n_transit",
            "unknown_country",
        ),
    ]

    def case(pick: int) -> str:
        whens = " ".join(
            f"WHEN {cond} THEN {[repr(col), val, repr(reason)][pick]}"
            for col, val, cond, reason in checks
        )
        return f"CASE {whens} END"

    return f"{case(0)} AS _column, CAST({case(1)} AS VARCHAR) AS _value, {case(2)} AS _reason"


def _lines(recs: list[Any], path: Path, kind: str) -> list[int]:
    """1-based file line of each record: CSV counts the header and blank lines."""
    if kind != "csv":
        return [int(r) + 1 for r in recs]
    if not recs:
        return []
    blanks = sorted(blank_lines(path, gzipped=path.name.endswith(".gz")))
    out = []
    for r in recs:
        line = int(r) + 2
        for b in blanks:
            if b <= line:
                line += 1
            else:
                break
        out.append(line)
    return out
