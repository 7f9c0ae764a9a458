"""One entry for every input: trade statistics, shipment records or a sanctions list, chosen
by `fmt` or recognised from the file (an XML list by its root element, an FtM file by its name,
OFAC's `sdn.csv`); the CLI, the web app and the API all ingest through here."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shadowtrade.errors import InputError
from shadowtrade.formats.ingest import IngestResult, ProgressFn, check_file, ingest_delimited
from shadowtrade.formats.kinds import LIST_FORMATS
from shadowtrade.formats.mapping import Mapping, load_mapping
from shadowtrade.formats.spreadsheet import (
    SPREADSHEET_SUFFIXES,
    ingest_databrowser_csv,
    ingest_mapped_csv,
    ingest_spreadsheet,
    is_databrowser_csv,
)

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace


def ingest_file(
    ws: Workspace,
    path: Path,
    *,
    fmt: str = "auto",
    mapping: Path | None = None,
    encoding: str = "auto",
    progress: ProgressFn | None = None,
    query: dict[str, Any] | None = None,
) -> IngestResult:
    """Ingest one trade-statistics file: a workbook, a data browser's CSV save or a mapped
    table under a title block through its reader (formats/spreadsheet), any other delimited
    file by its header (formats/ingest). Raise InputError (exit 2) when it cannot be read."""
    spec = load_mapping(mapping) if mapping is not None else None
    if spec is not None:
        spec.check_file_name(path)
    reader = _sheet_reader(path, fmt, spec)
    if reader == "workbook":
        return ingest_spreadsheet(ws, path, fmt=fmt, mapping=mapping, progress=progress)
    if reader == "databrowser":
        return ingest_databrowser_csv(ws, path, progress=progress)
    if reader == "mapped":
        assert mapping is not None
        return ingest_mapped_csv(ws, path, mapping, progress=progress)
    return ingest_delimited(
        ws, path, fmt=fmt, mapping=mapping, encoding=encoding, progress=progress, query=query
    )


def precheck(
    path: Path, *, fmt: str = "auto", mapping: Mapping | None = None, encoding: str = "auto"
) -> None:
    """`check_file` for any trade file: spreadsheets and data-browser CSVs are checked by
    their reader when read (their layout is in title rows, not a header line)."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if mapping is not None:
        mapping.check_file_name(path)
    if _sheet_reader(path, fmt, mapping) is None:
        check_file(path, fmt=fmt, mapping=mapping, encoding=encoding)


def _sheet_reader(path: Path, fmt: str, mapping: Mapping | None) -> str | None:
    """Which reader of formats/spreadsheet a file needs ('workbook', 'databrowser' for a data
    browser's CSV save, 'mapped' for a mapped table under a title block), or None for the CSV
    reader here."""
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        return "workbook"
    if mapping is None and fmt in ("auto", "comext"):
        return "databrowser" if is_databrowser_csv(path) else None
    if mapping is not None and _under_title_block(path, mapping):
        return "mapped"
    return None


def _under_title_block(path: Path, mapping: Mapping) -> bool:
    """A mapped table whose header is not the file's first line (a national office's CSV with
    title lines above it): `header_row:` says so, or a later line among the first 50 holds
    every mapped column while the first does not."""
    if mapping.header_row is not None:
        return mapping.header_row != 1
    import csv
    import io

    from shadowtrade.formats.encoding import guess_legacy_encoding
    from shadowtrade.formats.sniff import read_head

    head, _ = read_head(path)
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = head.decode(guess_legacy_encoding(head), errors="replace")
    lines = text.splitlines()[:50]
    wanted = set(mapping.columns.values())
    for n, line in enumerate(lines):
        delim = max(",;\t|", key=line.count)
        cells = {c.strip() for c in next(csv.reader(io.StringIO(line), delimiter=delim), [])}
        if wanted <= cells:
            return n > 0
    return False


def list_format(files: list[Path]) -> str | None:
    """The sanctions-list layout shared by all `files` (XML by its root element), if any."""
    from shadowtrade.formats.list_xml import xml_list_format

    found = set()
    for f in files:
        name = f.name.lower()
        if name.endswith(".xml") and f.exists():
            found.add(xml_list_format(f))
        elif name.endswith((".ftm.json", ".ftm.jsonl")):
            found.add("ftm")
        elif name == "sdn.csv":
            found.add("ofac-sdn")
        else:
            found.add(None)
    return found.pop() if len(found) == 1 else None


def ingest_result(
    ws: Workspace,
    path: Path,
    fmt: str = "auto",
    *,
    progress: Callable[[str, float], None] | None = None,
    **options: Any,
) -> tuple[Any, str, str]:
    """Ingest one file of any supported kind: its result, the format it was read as and the
    table it fills. `options` (mapping, encoding, query) are the trade-statistics reader's."""
    if fmt == "auto":
        fmt = list_format([path]) or fmt
    if fmt == "shipments":
        from shadowtrade.formats.shipments import ingest_shipments

        return ingest_shipments(ws, path, **options), fmt, "shipments"
    if fmt in LIST_FORMATS:
        from shadowtrade.formats.sanctions import ingest_list

        if options:
            raise InputError(f"{path}: a sanctions list is read without {', '.join(options)}")
        return ingest_list(ws, path, fmt=fmt), fmt, "list_entities"
    return ingest_file(ws, path, fmt=fmt, progress=progress, **options), fmt, "trade_flows"


def ingest_any(
    ws: Workspace,
    path: Path,
    fmt: str = "auto",
    *,
    progress: Callable[[str, float], None] | None = None,
    query: dict[str, Any] | None = None,
    mapping: Path | None = None,
) -> dict[str, Any]:
    """Ingest one file of any supported kind; a summary of what it did (JSON-ready).

    `query`: what a service was asked for (`shadowtrade fetch`), kept in the import's profile.
    `mapping`: a YAML column mapping (trade statistics or shipments), as `ingest --mapping`.
    """
    options: dict[str, Any] = {"query": query} if query is not None else {}
    if mapping is not None:
        options["mapping"] = mapping
    res, fmt, table = ingest_result(ws, path, fmt, progress=progress, **options)
    out = {k: (str(v) if isinstance(v, Path) else v) for k, v in dataclasses.asdict(res).items()}
    # The line count of a CRLF file's converted copy serves the ingest's own checks only; it
    # is no JSON (it had made every CRLF upload's job a server error).
    out.pop("text_shape", None)
    out.pop("source_shape", None)
    profile = out.get("profile")
    if isinstance(profile, dict) and profile:
        from shadowtrade.formats.profile import render

        out["profile_lines"] = render(profile)
    out["format"] = fmt if fmt != "auto" else out.get("format", fmt)
    out["table"] = table
    return out
