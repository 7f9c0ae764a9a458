"""Spreadsheets into the workspace: the entry points `ingest_file` dispatches to.

    workbook (python-calamine) → a reader → one record per value cell (`Records`)
    → `ingest_records` (the same checks, quarantine, profile and transaction as a CSV)

Readers: the Eurostat data browser's download (formats/databrowser; also its CSV save) and a
table described by a YAML mapping (formats/mapped_sheet).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from shadowtrade.errors import InputError
from shadowtrade.formats.databrowser import (
    EUROSTAT_CSV,
    EUROSTAT_XLSX,
    is_databrowser_csv,
    read_databrowser_csv,
    read_databrowser_workbook,
)
from shadowtrade.formats.mapped_sheet import read_mapped_csv, read_mapped_workbook
from shadowtrade.formats.mapping import Mapping, load_mapping
from shadowtrade.formats.sheets import Records, load_sheets

if TYPE_CHECKING:
    from shadowtrade.formats.ingest import IngestResult
    from shadowtrade.workspace import Workspace

__all__ = [
    "EUROSTAT_CSV",
    "EUROSTAT_XLSX",
    "SPREADSHEET_SUFFIXES",
    "Records",
    "ingest_databrowser_csv",
    "ingest_mapped_csv",
    "ingest_spreadsheet",
    "is_databrowser_csv",
    "load_sheets",
    "read_databrowser_csv",
    "read_databrowser_workbook",
    "read_mapped_csv",
    "read_mapped_workbook",
    "read_spreadsheet",
]

ProgressFn = Callable[[str, float], None]
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")


def read_spreadsheet(path: Path, mapping: Path | Mapping | None = None) -> Records:
    """A spreadsheet file's records: a data-browser download, or the mapping's table."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    spec = load_mapping(mapping) if isinstance(mapping, Path) else mapping
    if spec is not None:
        return read_mapped_workbook(path, spec)
    return read_databrowser_workbook(path)


def ingest_spreadsheet(
    ws: Workspace,
    path: Path,
    *,
    fmt: str = "auto",
    mapping: Path | None = None,
    progress: ProgressFn | None = None,
) -> IngestResult:
    """Ingest an XLSX/ODS/XLS file: read it here, validate and store through `ingest_records`."""
    if fmt not in ("auto", "comext") and mapping is None:
        raise InputError(
            f"{path}: --format {fmt}: a spreadsheet is read as a Eurostat data-browser download"
            " (--format auto or comext) or through --mapping MAP.yaml"
        )
    if progress is not None:
        progress("reading", 0.0)
    rec = read_spreadsheet(path, mapping)
    if progress is not None:
        progress("reading", 100.0)
    return _ingest(ws, path, rec, progress)


def ingest_databrowser_csv(
    ws: Workspace, path: Path, progress: ProgressFn | None = None
) -> IngestResult:
    """Ingest one data-browser sheet saved as CSV."""
    rec = read_databrowser_csv(path)
    return _ingest(ws, path, rec, progress)


def ingest_mapped_csv(
    ws: Workspace, path: Path, mapping: Path, progress: ProgressFn | None = None
) -> IngestResult:
    """Ingest a CSV with a title block above its table, through a mapping with `header_row:`
    (or whose header is not on line 1)."""
    rec = read_mapped_csv(path, load_mapping(mapping))
    return _ingest(ws, path, rec, progress)


def _ingest(ws: Workspace, path: Path, rec: Records, progress: ProgressFn | None) -> IngestResult:
    from shadowtrade.formats.ingest import ingest_records

    return ingest_records(
        ws,
        path,
        rec.table,
        layout=rec.layout,
        layout_name=rec.layout_name,
        rows_read=rec.rows_read,
        skipped=rec.skipped,
        notes=rec.notes,
        progress=progress,
    )
