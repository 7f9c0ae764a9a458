"""Shipment-level records (customs declarations, bills of lading) → the `shipments` table.

No public standard exists (FORMATS.md), so columns are found by normalised header synonyms, or
named in a YAML mapping (`--mapping`; docs/shipments.md). Delimited text and JSON Lines are read
line by line (shipment_lines.py: a broken line is quarantined, never the file), Parquet as it
is; then every field is parsed in SQL: numbers and dates in the convention the file shows or the
mapping states (shipment_conventions.py, said and stored), weights in kg, t or lb, values in USD
(EUR at the ECB monthly rate, or a rate the mapping gives), countries by code or name, transit
countries as a list. A row that fails goes to `quarantine` with its line, column, value and
reason (NaN, infinities and negatives too); accepted + quarantined = the file's records; the
file is one transaction, and the same file twice is a no-op.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import yaml

from shadowtrade import schema
from shadowtrade.errors import InputError
from shadowtrade.formats.imports import (
    FileIngestResult,
    earlier_import,
    next_import_id,
    record_import,
)
from shadowtrade.formats.layouts import normalise_header
from shadowtrade.formats.mapping import shipped_kind, shipped_mappings
from shadowtrade.formats.shipment_conventions import (
    DATE_ORDERS,
    ISO_DATES,
    Conventions,
    number_sql,
    settle,
)
from shadowtrade.formats.shipment_lines import (
    digest,
    has_encoding_rejects,
    stage_json_lines,
    stage_lines,
)
from shadowtrade.formats.shipment_profile import accepted_notes
from shadowtrade.formats.shipment_roles import SYNONYMS
from shadowtrade.formats.sniff import FileHead, read_head, sniff
from shadowtrade.reference.loaders import marker_names, read_country, readings_note

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

HEAD_BYTES = 1 << 16  # what sniff reads of a file to find its header
REQUIRED = ("date", "hs_code")
COUNTRY_ROLES = ("exporter_country", "importer_country", "origin_country", "destination_country")
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
    date_order: str | None = None  # dmy | mdy | iso; None: decided from the file's dates
    usd_per_unit: float | None = None  # fixed rate for a currency with no shipped rates
    decimal: str | None = None  # ',' or '.'; None: decided from the file's numbers
    date_format: str | None = None  # one strptime format, e.g. '%d/%m/%y' for two-digit years
    # party roles whose values are identifiers (codes), not names: entity resolution matches
    # them exactly or not at all (entities/resolution.py)
    identifiers: tuple[str, ...] = ()


PARTY_ROLES = ("exporter", "importer", "consignee")


def load_shipment_mapping(path: Path | str) -> ShipmentMapping:
    """A YAML column mapping for shipment files whose headers the reader does not know."""
    path = Path(path)  # the Python API is also given plain strings
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
    order = doc.get("date_order")
    if order is not None and str(order) not in DATE_ORDERS:
        raise InputError(f"{path}: date_order must be one of {', '.join(DATE_ORDERS)}")
    decimal = doc.get("decimal")
    if decimal is not None and str(decimal) not in (",", "."):
        raise InputError(f"{path}: decimal must be ',' or '.'")
    date_format = doc.get("date_format")
    if date_format is not None and "%" not in str(date_format):
        raise InputError(f"{path}: date_format is a strptime format such as '%d/%m/%y'")
    rate = doc.get("usd_per_unit")
    identifiers = tuple(str(r) for r in (doc.get("identifiers") or []))
    for role in identifiers:
        if role not in PARTY_ROLES:
            raise InputError(f"{path}: identifiers are party roles: {', '.join(PARTY_ROLES)}")
    return ShipmentMapping(
        name=str(doc.get("name", path.stem)),
        columns=columns,
        constants=constants,
        date_order=None if order is None else str(order),
        usd_per_unit=None if rate is None else float(rate),
        decimal=None if decimal is None else str(decimal),
        date_format=None if date_format is None else str(date_format),
        identifiers=identifiers,
    )


ShipmentIngestResult = FileIngestResult


def _reader(path: Path) -> tuple[str, str]:
    """(DuckDB table function reading a Parquet file, or '' for text read line by line; kind)."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        return "read_parquet('" + str(path).replace("'", "''") + "')", "parquet"
    if name.endswith((".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz")):
        return "", "jsonl"
    return "", "csv"


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


def _date_sql(expr: str, formats: tuple[str, ...]) -> str:
    """The date, or NULL: ISO forms only for text that starts with a four-digit year (DuckDB's
    %Y also takes '1' of '1/1/23', the year 1), and no year outside 1900-2199."""
    iso = ", ".join(f"try_strptime({expr}, '{f}')" for f in ISO_DATES)
    tries = ", ".join(f"try_strptime({expr}, '{f}')" for f in formats)
    first = f"CASE WHEN regexp_matches({expr}, '^\\d{{4}}') THEN coalesce({iso}) END"
    day = f"CAST(coalesce({first}{', ' + tries if tries else ''}) AS DATE)"
    return f"CASE WHEN year({day}) BETWEEN 1900 AND 2199 THEN {day} END"


_TEMP_TABLES = (
    "_ship_raw",
    "_ship_rej",
    "_ship_text",
    "_ship_typed",
    "_ship_valued",
    "_ship_parsed",
    "_ship_cmap",
    "_ship_units",
)


def ingest_shipments(
    ws: Workspace, path: Path, *, mapping: Path | str | None = None
) -> ShipmentIngestResult:
    """Ingest one shipment file; raise InputError when it cannot be read at all.

    Every data record ends up accepted or in `quarantine` (accepted + quarantined = records);
    a file that is bad as a whole (header, required roles, conventions that cannot be settled)
    changes nothing.
    """
    started, started_at = time.perf_counter(), datetime.now()
    if not path.exists():
        raise InputError(f"{path}: no such file")
    m = load_shipment_mapping(mapping) if mapping is not None else None
    result = ShipmentIngestResult(file=path)
    sha256, truncated = digest(path)
    if truncated:
        raise InputError(
            f"{path}: the gzip file is cut short (its stream ends before the end-of-stream"
            " marker); nothing ingested: download it again"
        )
    result.duplicate_of = earlier_import(ws, sha256)
    if result.duplicate_of is not None:
        return result
    ws.ensure_reference()
    source, kind = _reader(path)
    notes: list[str] = []
    head = None
    roles: dict[str, str] = {}
    header: list[str] = []
    if kind == "csv":
        text, _ = read_head(path)
        if b"\n" not in text and len(text) >= HEAD_BYTES:
            raise InputError(
                f"{path}: row 1: the header is longer than {HEAD_BYTES // 1024} KiB (no line"
                " break in the file's first bytes); nothing ingested"
            )
        head = sniff(path)
        notes.extend(head.notes)
        header = list(head.header)
        roles = _roles(header, m, path)
    elif kind == "parquet":
        try:
            desc = ws.raw.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        except Exception as exc:  # duckdb raises its own error types for unreadable files
            raise InputError(f"{path}: cannot read as {kind}: {str(exc).splitlines()[0]}") from exc
        header = [r[0] for r in desc]
        roles = _roles(header, m, path)
    if m is not None and m.identifiers:
        notes.append(
            f"{' and '.join(m.identifiers)}: identifiers, not names (the mapping says so):"
            " entity resolution matches them exactly, never by spelling"
        )

    with ws.transaction():
        import_id = next_import_id(ws)
        if head is not None:
            records = _stage_csv(ws, head, import_id, notes)
        elif kind == "jsonl":
            staged, keys = stage_json_lines(
                ws, path, gz=_gzipped(path), raw="_ship_raw", rejects="_ship_rej"
            )
            records = staged.records
            roles = _roles(keys, m, path)  # refused inside the transaction: nothing written
            header = list(keys)
        else:
            records = _stage_records(ws, path, source, kind)
        texts = {r: _text(r, roles, m) for r in SYNONYMS}
        sel = ",\n".join(f"{expr} AS {_q('t_' + r)}" for r, expr in texts.items())
        ws.raw.execute(f"CREATE TEMP TABLE _ship_text AS SELECT _line, _rec, {sel} FROM _ship_raw")
        conv = settle(
            ws,
            "_ship_text",
            path,
            roles,
            delimiter=head.delimiter if head is not None else ",",
            decimal=m.decimal if m is not None else None,
            date_order=m.date_order if m is not None else None,
            date_format=m.date_format if m is not None else None,
        )
        notes.extend(conv.notes)
        notes.extend(unplaced_notes(ws, header, roles, m))
        _resolve_countries(ws, notes)
        _parse(ws, conv, m)
        notes.extend(accepted_notes(ws, roles, m))
        ws.raw.execute(
            "INSERT INTO quarantine BY NAME SELECT ?::BIGINT AS import_file, row_number,"
            ' "column", value, reason FROM (SELECT row_number, "column", value, reason'
            " FROM _ship_rej UNION ALL SELECT _line, _column, left(_value, 200), _reason"
            " FROM _ship_parsed WHERE _reason IS NOT NULL)",
            [import_id],
        )
        cols = ", ".join(_q(c) for c in schema.SHIPMENTS if c != "import_file")
        ws.raw.execute(
            f"INSERT INTO shipments BY NAME SELECT {cols}, {import_id}::BIGINT AS import_file"
            " FROM _ship_parsed WHERE _reason IS NULL"
        )
        by_reason = ws.raw.execute(
            "SELECT reason, count(*) FROM quarantine WHERE import_file = ? GROUP BY reason"
            " ORDER BY 2 DESC, 1",
            [import_id],
        ).fetchall()
        result.by_reason = {str(k): int(v) for k, v in by_reason}
        result.rows_read = records
        result.quarantined = sum(result.by_reason.values())
        result.accepted = _count(
            ws, f"SELECT count(*) FROM shipments WHERE import_file = {import_id}"
        )
        if result.accepted + result.quarantined != records:
            raise InputError(
                f"{path}: {records:,} records but {result.accepted:,} accepted and"
                f" {result.quarantined:,} quarantined; nothing ingested (report this file)"
            )
        result.notes = notes
        record_import(
            ws,
            import_id=import_id,
            path=path,
            sha256=sha256,
            fmt="shipments",
            layout=m.name if m is not None else f"shipments-{kind}",
            target_table="shipments",
            rows_read=result.rows_read,
            accepted=result.accepted,
            quarantined=result.quarantined,
            skipped=0,
            by_reason=result.by_reason,
            started_at=started_at,
            profile={
                "notes": notes,
                "identifiers": list(m.identifiers) if m is not None else [],
                "conventions": conv.as_profile(),
                "quarantine_by_reason": result.by_reason,
            },
        )
        for tmp in _TEMP_TABLES:
            ws.raw.execute(f"DROP TABLE IF EXISTS {tmp}")
        result.import_id = import_id
    result.seconds = time.perf_counter() - started
    return result


def _stage_csv(ws: Workspace, head: FileHead, import_id: int, notes: list[str]) -> int:
    """`_ship_raw` and `_ship_rej` from a delimited file, line by line (shipment_lines.py); a
    file with lines that are not UTF-8 is read from a copy in the encoding that explains them."""
    staged = stage_lines(ws, head, raw="_ship_raw", rejects="_ship_rej")
    if not has_encoding_rejects(ws, "_ship_rej"):
        return staged.records
    from shadowtrade.formats.encoding import transcode_to_utf8

    for t in ("_ship_raw", "_ship_rej"):
        ws.raw.execute(f"DROP TABLE {t}")
    tmp = ws.path / "tmp"
    tmp.mkdir(exist_ok=True)
    copy = tmp / f"transcoded-shipments-{import_id}.csv"
    try:
        tr = transcode_to_utf8(head.path, copy, gzipped=head.compression == "gzip", encoding=None)
        notes.append(tr.note(head.path))
        moved = dataclasses.replace(head, path=copy, compression="none")
        return stage_lines(ws, moved, raw="_ship_raw", rejects="_ship_rej").records
    finally:
        copy.unlink(missing_ok=True)


def _gzipped(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _stage_records(ws: Workspace, path: Path, source: str, kind: str) -> int:
    """`_ship_raw` and an empty `_ship_rej` from Parquet (a record's line is its position)."""
    try:
        ws.raw.execute(
            "CREATE TEMP TABLE _ship_raw AS SELECT row_number() OVER () AS _line,"
            f" row_number() OVER () - 1 AS _rec, * FROM {source}"
        )
    except Exception as exc:  # duckdb raises its own error types for unreadable files
        raise InputError(f"{path}: cannot read as {kind}: {str(exc).splitlines()[0]}") from exc
    ws.raw.execute(
        'CREATE TEMP TABLE _ship_rej (row_number BIGINT, "column" VARCHAR, value VARCHAR,'
        " reason VARCHAR)"
    )
    return _count(ws, "SELECT count(*) FROM _ship_raw")


# Roles whose absence changes what the rows say: left empty (said), never guessed.
_PARTY_ROLES = ("exporter", "importer", *COUNTRY_ROLES)


def unplaced_notes(
    ws: Workspace, header: list[str], roles: dict[str, str], m: ShipmentMapping | None
) -> list[str]:
    """What the reader could not place, said and stored (tester2 D29: Korean declarations read
    without their mapping had their won stored as US dollars and no destination, unsaid):
    values in a currency the file does not state (read as USD), the party and country roles
    no column fills (left empty), the columns no role reads, and the shipped mapping whose
    columns the header holds."""
    constants = m.constants if m is not None else {}
    notes: list[str] = []
    if m is None:
        for name, path in shipped_mappings().items():
            if shipped_kind(path) != "shipments":
                continue
            shipped = load_shipment_mapping(path)
            if shipped.columns and set(shipped.columns.values()) <= set(header):
                said = ", ".join(f"{k}: {v}" for k, v in shipped.constants.items())
                notes.append(
                    f"the header holds every column of the shipped mapping {name!r} ({said}):"
                    f" read without it; ingest with --mapping {name} to read the file as it says"
                )
    value = roles.get("value")
    if value is not None and "currency" not in constants:
        if "currency" not in roles:
            if "usd" not in normalise_header(value):
                notes.append(
                    f"{value!r}: the file states no currency (no currency column, no mapping"
                    " constant), so its values are read as US dollars; if they are not, give"
                    " the currency in a mapping (constants: currency, and usd_per_unit for a"
                    " currency without shipped rates)"
                )
        else:
            blank = _count(
                ws,
                "SELECT count(*) FROM _ship_text WHERE t_value IS NOT NULL AND t_currency IS NULL",
            )
            if blank:
                notes.append(
                    f"{blank:,} value(s) of {value!r} with an empty {roles['currency']!r} cell"
                    " read as US dollars"
                )
    empty = [r for r in _PARTY_ROLES if r not in roles and r not in constants]
    if empty:
        notes.append(
            f"no column for {', '.join(empty)} (and no mapping constant): left empty;"
            " name the columns in a mapping (--mapping) if the file holds them"
        )
    read = set(roles.values())
    unread = [h for h in header if h not in read and not h.startswith("_")]
    if unread:
        notes.append(
            f"{len(unread)} column(s) no role reads, not stored: "
            + ", ".join(unread[:15])
            + (f" and {len(unread) - 15} more" if len(unread) > 15 else "")
        )
    return notes


def _count(ws: Workspace, sql: str) -> int:
    row = ws.raw.execute(sql).fetchone()
    return int(row[0]) if row is not None else 0


def _resolve_countries(ws: Workspace, notes: list[str]) -> None:
    """Each distinct country text once, through the shared gazetteer; a name read by a looser
    rule than the table's (or refused) is said in `notes`."""
    parts = [f"SELECT t_{r} AS k FROM _ship_text" for r in COUNTRY_ROLES]
    parts.append(
        "SELECT trim(unnest(regexp_split_to_array(regexp_replace(t_transit_countries,"
        " '[\\[\\]\"'']', '', 'g'), '[;|,/]'))) AS k FROM _ship_text"
    )
    keys = ws.raw.execute(f"SELECT DISTINCT k FROM ({' UNION ALL '.join(parts)})").fetchall()
    said: dict[str, str] = {}
    rows = [(k, read_country(k, said)) for (k,) in keys if k]
    notes.extend(readings_note(said))
    df = pd.DataFrame(rows, columns=["k", "iso3"], dtype=object)
    ws.raw.register("_ship_cmap_df", df)
    ws.raw.execute(
        "CREATE TEMP TABLE _ship_cmap AS SELECT k::VARCHAR AS k, iso3::VARCHAR AS iso3"
        " FROM _ship_cmap_df"
    )
    ws.raw.unregister("_ship_cmap_df")
    notes.extend(_marker_notes(ws, rows))


def _marker_notes(ws: Workspace, read: list[tuple[str, str | None]]) -> list[str]:
    """Country texts that name no country but a marker ('ZZ', the code customs systems write
    for an unknown country, is XNS): the records are kept with the marker, and that is said."""
    names = marker_names()
    markers = [(k, i) for k, i in read if i is not None and i in names]
    if not markers:
        return []
    texts = ", ".join("'" + k.replace("'", "''") + "'" for k, _ in markers)
    hits = " OR ".join(f"t_{r} IN ({texts})" for r in COUNTRY_ROLES)
    n = _count(ws, f"SELECT count(*) FROM _ship_text WHERE {hits}")
    shown = "; ".join(f"{k!r} → {i} ({names[i]})" for k, i in sorted(markers)[:8])
    return [f"{n:,} record(s) name no country but a marker, kept with it: {shown}"]


def _parse(ws: Workspace, conv: Conventions, m: ShipmentMapping | None) -> None:
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
          {_date_sql("t_date", conv.date_formats)} AS date,
          {_date_sql("t_certificate_date", conv.date_formats)} AS certificate_date,
          {number_sql("t_value", conv.decimal)} AS _value_num,
          upper(coalesce(t_currency, 'USD')) AS _currency,
          {number_sql("t_net_weight", conv.decimal)} AS _net_num,
          {number_sql("t_gross_weight", conv.decimal)} AS _gross_num,
          {number_sql("t_quantity", conv.decimal)} AS quantity,
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


# Number roles and their parsed column: NaN, infinities and negatives are quarantined.
NUMBERS = (
    ("value", "_value_num"),
    ("net_weight", "_net_num"),
    ("gross_weight", "_gross_num"),
    ("quantity", "quantity"),
)


def _reason_sql() -> str:
    """(_column, _value, _reason) of the first failing check, NULL when the row is good."""
    checks = [
        ("date", "t_date", "t_date IS NULL", "missing_date"),
        ("date", "t_date", "date IS NULL", "bad_date"),
        ("hs_code", "t_hs_code", "length(hs_code) NOT BETWEEN 4 AND 10", "bad_hs_code"),
        *[
            check
            for role, num in NUMBERS
            for check in (
                (role, f"t_{role}", f"t_{role} IS NOT NULL AND {num} IS NULL", "bad_number"),
                (role, f"t_{role}", f"NOT isfinite({num})", "not_finite"),
                (role, f"t_{role}", f"{num} < 0", f"negative_{role.split('_')[-1]}"),
            )
        ],
        (
            "currency",
            "_currency",
            "t_value IS NOT NULL AND _value_num IS NOT NULL AND value_usd IS NULL",
            "no_exchange_rate",
        ),
        ("weight_unit", "t_weight_unit", "_kg IS NULL", "unknown_unit"),
        # Finite numbers can overflow once converted (1e308 t in kg, a huge value in USD).
        ("value", "t_value", "NOT isfinite(value_usd)", "not_finite"),
        ("net_weight", "t_net_weight", "NOT isfinite(net_weight_kg)", "not_finite"),
        ("gross_weight", "t_gross_weight", "NOT isfinite(gross_weight_kg)", "not_finite"),
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
