"""One entry for every input: trade statistics, shipment records or a sanctions list, chosen
by `fmt` or recognised from the file (an XML list by its root element, an FtM file by its name,
OFAC's `sdn.csv`); the CLI, the web app and the API all ingest through here."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

LIST_FORMATS = ("ofac-sdn", "eu-fsf", "un-sc", "ftm")


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


def ingest_any(
    ws: Workspace,
    path: Path,
    fmt: str = "auto",
    *,
    progress: Callable[[str, float], None] | None = None,
    query: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Ingest one file of any supported kind; a summary of what it did (JSON-ready).

    `query`: what a service was asked for (`shadowtrade fetch`), kept in the import's profile.
    """
    if fmt == "auto":
        fmt = list_format([path]) or fmt
    if fmt == "shipments":
        from shadowtrade.formats.shipments import ingest_shipments

        res: Any = ingest_shipments(ws, path)
        table = "shipments"
    elif fmt in LIST_FORMATS:
        from shadowtrade.formats.sanctions import ingest_list

        res = ingest_list(ws, path, fmt=fmt)
        table = "list_entities"
    else:
        from shadowtrade.formats.ingest import ingest_file

        res = ingest_file(ws, path, fmt=fmt, progress=progress, query=query)
        table = "trade_flows"
    out = {k: (str(v) if isinstance(v, Path) else v) for k, v in dataclasses.asdict(res).items()}
    profile = out.get("profile")
    if isinstance(profile, dict) and profile:
        from shadowtrade.formats.profile import render

        out["profile_lines"] = render(profile)
    out["format"] = fmt if fmt != "auto" else out.get("format", fmt)
    out["table"] = table
    return out
