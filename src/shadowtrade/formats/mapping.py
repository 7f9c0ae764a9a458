"""User-supplied YAML column mappings for CSV layouts that no built-in adapter knows.

A mapping names which source column fills each canonical role, which roles are constant for the
whole file, and optionally how to turn several value columns into rows ("melt": one column per
flow, or one column per period). For spreadsheets it also says which sheet to read and on which
row the column names stand (a national office's table sits under a title block). See
docs/mapping.md for the worked examples.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from shadowtrade.errors import InputError
from shadowtrade.formats.layouts import Layout
from shadowtrade.formats.shipment_roles import SYNONYMS

ROLES = (
    "reporter",
    "partner",
    "flow",
    "period",
    "year",
    "month",
    "hs_code",
    "hs_version",
    "value",
    "weight",
    "quantity",
    "quantity_unit",
)
# Mapping roles → the roles the canonicaliser reads (country roles accept any code or name).
_ROLE_TARGET = {"reporter": "reporter_name", "partner": "partner_name"}
PERIOD_STYLES = ("comtrade", "year", "comext_bulk", "eurostat_relational")


@dataclass(frozen=True)
class Melt:
    """Turn value columns into rows: each chosen column becomes one row per source row."""

    role: str  # flow | period
    columns: dict[str, str] = field(default_factory=dict)  # source column → role value
    pattern: str | None = None  # or: every column whose name matches; the name is the value


@dataclass(frozen=True)
class Mapping:
    """A parsed mapping file."""

    path: Path
    name: str
    source: str
    columns: dict[str, str]
    constants: dict[str, str]
    melt: Melt | None
    missing_values: tuple[str, ...]
    value_scale: float
    weight_scale: float
    currency: str
    period_style: str
    delimiter: str | None
    # Spreadsheets: which sheet (name, or 1-based number; default the first) and which 1-based
    # row holds the column names (default: the first row holding every mapped column).
    sheet: str | int | None = None
    header_row: int | None = None
    # The file names (shell patterns) the mapping is written for, when its constants say what
    # the file does not (`flow: import` on a table that names no flow): two tables of one
    # office with the same columns hold different flows, and only the name tells them apart.
    files: tuple[str, ...] = ()
    files_why: str = ""

    def check_file_name(self, file: Path) -> None:
        """Refuse a file the mapping is not written for (`files:`): its constants would
        misname what the file holds (Uzbekistan's exports read as its imports)."""
        if not self.files or any(fnmatch.fnmatch(file.name, p) for p in self.files):
            return
        why = f" ({self.files_why})" if self.files_why else ""
        raise InputError(
            f"{file}: mapping {self.name!r} is written for {', '.join(self.files)} only{why};"
            f" {file.name} is not one of them, and its constants"
            f" ({', '.join(f'{k}: {v}' for k, v in self.constants.items())}) may not hold for"
            f" it. If the file is that table under another name, copy the mapping and add the"
            f" name to its `files:` list (docs/mapping.md)"
        )

    def layout(self) -> Layout:
        roles: dict[str, tuple[str, ...]] = {
            _ROLE_TARGET.get(r, r): (c,) for r, c in self.columns.items()
        }
        return Layout(
            name=f"mapping:{self.name}",
            source=self.source,
            roles=roles,
            required=(),
            period_style=self.period_style,
            value_scale=self.value_scale,
            weight_scale=self.weight_scale,
            currency=self.currency,
            constants={_ROLE_TARGET.get(r, r): v for r, v in self.constants.items()},
        )

    def melt_columns(self, header: list[str]) -> dict[str, str]:
        """Source column → role value for the melt, resolved against the file's header."""
        if self.melt is None:
            return {}
        if self.melt.pattern is not None:
            rx = re.compile(self.melt.pattern)
            cols = {h: h for h in header if rx.fullmatch(h)}
        else:
            cols = dict(self.melt.columns)
        missing = [c for c in cols if c not in header]
        if missing or not cols:
            raise InputError(
                f"{self.path}: melt columns {missing or '(none matched)'} not in the file's header"
                f" {header}"
            )
        return cols


SHIPPED = Path(__file__).parent / "mappings"  # the worked mappings shipped with Shadowtrade


def shipped_mappings() -> dict[str, Path]:
    """The mappings shipped with Shadowtrade by name (the file's name without `.yaml`): the
    docs' worked examples, which `--mapping NAME` and the web app's upload form offer."""
    return {p.stem: p for p in sorted(SHIPPED.glob("*.yaml"))}


def shipped_mapping(name: str) -> tuple[str, Path] | None:
    """The shipped mapping called `name` — its file's name without `.yaml`, or the `name:` the
    mapping gives itself (which `imports` shows: 'korean-customs-declarations' for
    korean_customs_declarations.yaml) — as (file name, path); None if none is."""
    shipped = shipped_mappings()
    if name in shipped:
        return name, shipped[name]
    for stem, path in shipped.items():
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if isinstance(doc, dict) and str(doc.get("name", "")) == name:
            return stem, path
    return None


def shipped_kind(path: Path) -> str:
    """'shipments' for a mapping of shipment records (`ingest --format shipments`), else
    'trade' (trade statistics): what the shipped mapping's roles are."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    roles = {*(doc.get("columns") or {}), *(doc.get("constants") or {})}
    return "trade" if roles <= set(ROLES) else "shipments"


def mapping_file(given: str | Path) -> Path:
    """The mapping `--mapping` names: a YAML file, or when no file has that path a shipped
    mapping's name (`shipped_mappings`). A name that is neither is refused with the names."""
    path = Path(given)
    if path.exists():
        return path
    shipped = shipped_mappings()
    found = shipped_mapping(str(given))
    if found is not None:
        return found[1]
    if path.suffix.lower() in (".yaml", ".yml") or len(path.parts) > 1:
        return path  # a file's path: its reader says that it cannot be read
    raise InputError(
        f"mapping {str(given)!r}: no such file, and no shipped mapping has that name; the"
        f" shipped ones are {', '.join(shipped)} (docs/mapping.md)"
    )


def _err(path: Path, msg: str) -> InputError:
    return InputError(f"{path}: mapping error: {msg}")


def load_mapping(path: Path) -> Mapping:
    """Parse and check a mapping file; every mistake names the key at fault."""
    try:
        doc: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read mapping file: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise _err(path, f"not valid YAML: {exc}") from exc
    if not isinstance(doc, dict):
        raise _err(path, "top level must be a mapping of keys")
    columns = {str(k): str(v) for k, v in (doc.get("columns") or {}).items()}
    constants = {str(k): str(v) for k, v in (doc.get("constants") or {}).items()}
    for role in (*columns, *constants):
        if role not in ROLES:
            hint = " (a mapping of shipment records: --format shipments reads it)" if (
                role in SYNONYMS) else ""  # fmt: skip
            raise _err(path, f"unknown role {role!r}{hint}; roles are {', '.join(ROLES)}")
    melt = None
    if "melt" in doc:
        m = doc["melt"] or {}
        role = str(m.get("role", ""))
        if role not in ("flow", "period"):
            raise _err(path, "melt.role must be 'flow' or 'period'")
        melt = Melt(
            role=role,
            columns={str(k): str(v) for k, v in (m.get("columns") or {}).items()},
            pattern=m.get("pattern"),
        )
        if not melt.columns and not melt.pattern:
            raise _err(path, "melt needs 'columns' or 'pattern'")
    provided = set(columns) | set(constants) | ({melt.role, "value"} if melt else set())
    for group in (
        ("reporter",),
        ("partner",),
        ("flow",),
        ("period", "year"),
        ("hs_code",),
        ("value",),
    ):
        if not provided & set(group):
            raise _err(path, f"role {' or '.join(group)!r} is neither a column nor a constant")
    style = str(doc.get("period_style", "comtrade"))
    if style not in PERIOD_STYLES:
        raise _err(path, f"period_style must be one of {', '.join(PERIOD_STYLES)}")
    currency = str(doc.get("currency", "USD")).upper()
    if currency not in ("USD", "EUR"):
        raise _err(path, "currency must be USD or EUR")
    delimiter = doc.get("delimiter")
    sheet = doc.get("sheet")
    if sheet is not None and not isinstance(sheet, int | str):
        raise _err(path, "sheet must be a sheet name or a 1-based sheet number")
    files = doc.get("files") or []
    if isinstance(files, str):
        files = [files]
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise _err(path, "files must be a file name or a list of file names (shell patterns)")
    header_row = doc.get("header_row")
    if header_row is not None and (
        isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1
    ):
        raise _err(path, "header_row must be a row number, 1 for the first row")
    return Mapping(
        path=path,
        name=str(doc.get("name", path.stem)),
        source=str(doc.get("source", path.stem)),
        columns=columns,
        constants=constants,
        melt=melt,
        missing_values=tuple(str(v) for v in doc.get("missing_values", ["", "-", ":"])),
        value_scale=float(doc.get("value_scale", 1.0)),
        weight_scale=float(doc.get("weight_scale", 1.0)),
        currency=currency,
        period_style=style,
        delimiter=None if delimiter is None else str(delimiter),
        sheet=sheet,
        header_row=header_row,
        files=tuple(files),
        files_why=str(doc.get("files_why", "")),
    )
