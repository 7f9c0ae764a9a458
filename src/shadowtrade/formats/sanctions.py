"""Sanctions lists into `list_entities`: OFAC SDN (legacy CSV trio or `sdn.xml`), the EU and UN
consolidated lists (XML, `formats.list_xml`) and FollowTheMoney JSON Lines.

    ingest_list(ws, Path("sdn.csv"), fmt="ofac-sdn")      # alt.csv and add.csv read from beside it
    ingest_list(ws, Path("sdn.xml"), fmt="ofac-sdn")
    ingest_list(ws, Path("eu.xml"), fmt="eu-fsf")         # or fmt="un-sc" for the UN list
    ingest_list(ws, Path("entities.ftm.json"), fmt="ftm")  # any OpenSanctions dataset

One row per listed party: its names, aliases (OFAC alternate names and the "a.k.a." names in
its remarks; FtM names, aliases, previous and weak names), countries as ISO3 (addresses,
nationality, flag), programmes and the listing date where the list gives one. FollowTheMoney
entities are read through the `followthemoney` library; `Sanction` entities lend their
programme and start date to the party they designate; relationship and address entities are
counted as skipped (the network is built from them later). Bad rows go to `quarantine` with the
file's line; one transaction per list; the same files twice change nothing.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from shadowtrade import schema
from shadowtrade.errors import InputError
from shadowtrade.formats.imports import (
    FileIngestResult,
    earlier_import,
    next_import_id,
    record_import,
)
from shadowtrade.formats.list_xml import PARSERS, ParsedList, iso3_countries

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

LIST_FORMATS = ("ofac-sdn", "eu-fsf", "un-sc", "ftm")
OFAC_EMPTY = "-0-"
OFAC_FIELDS = {"sdn.csv": 12, "alt.csv": 5, "add.csv": 6}
OFAC_SCHEMA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
_AKA = re.compile(r"(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*'([^']+)'", re.IGNORECASE)
_PROGRAM = re.compile(r"[A-Z0-9][A-Z0-9_-]*")
PARTY_SCHEMATA = ("LegalEntity", "Vessel", "Airplane")


@dataclass
class ListIngestResult(FileIngestResult):
    entities: int = 0  # listed parties (records of a party's aliases and addresses fold in)
    relations: int = 0  # owners, directors, family, associates, addresses


def _ofac(value: str) -> str | None:
    v = value.strip()
    return None if v in ("", OFAC_EMPTY) else v


def _ofac_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        for row in reader:
            if row and any(c.strip() for c in row):
                yield reader.line_num, row


def parse_ofac(sdn: Path) -> ParsedList:
    """The SDN trio: `sdn.csv` with `alt.csv` and `add.csv` beside it (either may be absent)."""
    entities: dict[str, dict[str, Any]] = {}
    rejects: list[dict[str, Any]] = []
    read = 0

    def reject(file: str, line: int, column: str, value: str, reason: str) -> None:
        rejects.append(
            {"row_number": line, "column": f"{file}:{column}", "value": value, "reason": reason}
        )

    for line, row in _ofac_rows(sdn):
        read += 1
        if len(row) != OFAC_FIELDS["sdn.csv"]:
            reject("sdn.csv", line, "*", ",".join(row)[:200], "wrong_field_count")
            continue
        num, name = _ofac(row[0]), _ofac(row[1])
        if num is None or not num.isdigit():
            reject("sdn.csv", line, "ent_num", row[0], "bad_entity_number")
            continue
        if name is None:
            reject("sdn.csv", line, "sdn_name", row[1], "missing_name")
            continue
        remarks = _ofac(row[11]) or ""
        entities[num] = {
            "entity_id": num,
            "schema": OFAC_SCHEMA.get((_ofac(row[2]) or "").lower(), "LegalEntity"),
            "name": name,
            "aliases": [a.strip() for a in _AKA.findall(remarks)],
            "country_texts": [_ofac(row[9])],
            "addresses": [],
            "programs": "; ".join(_PROGRAM.findall(_ofac(row[3]) or "")),
            "listed_on": None,
        }
    for file, name_col, country_col in (("alt.csv", 3, None), ("add.csv", None, 4)):
        path = sdn.parent / file
        if not path.exists():
            continue
        for line, row in _ofac_rows(path):
            read += 1
            if len(row) != OFAC_FIELDS[file]:
                reject(file, line, "*", ",".join(row)[:200], "wrong_field_count")
                continue
            num = _ofac(row[0])
            if num is None or num not in entities:
                reject(file, line, "ent_num", row[0], "unknown_entity")
                continue
            if name_col is not None:
                alias = _ofac(row[name_col])
                if alias and alias not in entities[num]["aliases"]:
                    entities[num]["aliases"].append(alias)
            if country_col is not None:
                entities[num]["country_texts"].append(_ofac(row[country_col]))
                place = ", ".join(x for x in (_ofac(row[2]), _ofac(row[3]), _ofac(row[4])) if x)
                if _ofac(row[2]):  # a street address, not a country alone, can be shared
                    entities[num]["addresses"].append(place)
    out, relations = [], []
    for e in entities.values():
        texts = e.pop("country_texts")
        for place in dict.fromkeys(e.pop("addresses")):
            digest = hashlib.sha256(" ".join(place.lower().split()).encode()).hexdigest()
            relations.append({"list": "ofac-sdn", "source_id": e["entity_id"],
                              "target_id": f"addr:{digest[:12]}", "relation": "address",
                              "role": None, "target_name": place})  # fmt: skip
        out.append({**e, "countries": iso3_countries(texts)})
    return ParsedList(out, rejects, read, relations=relations)


def parse_ftm(path: Path) -> ParsedList:
    """FollowTheMoney entities, one JSON object per line (an OpenSanctions export)."""
    from followthemoney import model
    from followthemoney.exc import FollowTheMoneyException

    parties: dict[str, dict[str, Any]] = {}
    sanctions: list[tuple[list[str], list[str], list[str]]] = []
    links: list[dict[str, Any]] = []
    addresses: dict[str, str] = {}
    party_addresses: list[tuple[str, str]] = []
    rejects: list[dict[str, Any]] = []
    read = skipped = 0
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            read += 1
            try:
                data = json.loads(text)
                proxy = model.get_proxy(data, cleaned=False)
            except json.JSONDecodeError:
                rejects.append(
                    {"row_number": line, "column": "*", "value": text[:200], "reason": "bad_json"}
                )
                continue
            except (FollowTheMoneyException, KeyError, TypeError, ValueError):
                value = str(data.get("schema")) if isinstance(data, dict) else text[:200]
                rejects.append(
                    {"row_number": line, "column": "schema", "value": value,
                     "reason": "unknown_schema"}
                )  # fmt: skip
                continue
            if proxy.id is None:
                rejects.append(
                    {"row_number": line, "column": "id", "value": "", "reason": "missing_id"}
                )
                continue
            if proxy.schema.is_a("Sanction"):
                sanctions.append(
                    (proxy.get("entity"), proxy.get("program"), proxy.get("startDate"))
                )
                skipped += 1
                continue
            if proxy.schema.edge and proxy.schema.edge_source and proxy.schema.edge_target:
                for src in proxy.get(proxy.schema.edge_source):
                    for dst in proxy.get(proxy.schema.edge_target):
                        links.append({"source_id": src, "target_id": dst,
                                      "relation": proxy.schema.name,
                                      "role": "; ".join(proxy.get("role", quiet=True)
                                                        or proxy.get("relationship", quiet=True))
                                      or None,
                                      "target_name": None})  # fmt: skip
                continue
            if proxy.schema.is_a("Address"):
                addresses[proxy.id] = (proxy.first("full") or proxy.caption or "").strip()
                continue
            if not any(proxy.schema.is_a(s) for s in PARTY_SCHEMATA):
                skipped += 1
                continue
            party_addresses += [(proxy.id, a) for a in proxy.get("addressEntity")]
            names = proxy.get("name")
            if not names:
                rejects.append(
                    {"row_number": line, "column": "name", "value": proxy.id,
                     "reason": "missing_name"}
                )  # fmt: skip
                continue
            caption = str(data.get("caption") or names[0])
            aliases = [
                n
                for n in [*names, *proxy.get("alias"), *proxy.get("previousName"),
                          *proxy.get("weakAlias")]
                if n != caption
            ]  # fmt: skip
            datasets = data.get("datasets") or [path.stem.split(".")[0]]
            parties[proxy.id] = {
                "list": f"ftm:{datasets[0]}",
                "entity_id": proxy.id,
                "schema": proxy.schema.name,
                "name": caption,
                "aliases": list(dict.fromkeys(aliases)),
                "countries": iso3_countries(list(proxy.countries)),
                "programs": "; ".join(proxy.get("program") or proxy.get("topics")),
                "listed_on": _first_date(proxy.get("createdAt")),
            }
    for targets, programs, starts in sanctions:
        for t in targets:
            if t not in parties:
                continue
            p = parties[t]
            known = [x for x in p["programs"].split("; ") if x]
            p["programs"] = "; ".join(dict.fromkeys([*known, *programs]))
            start = _first_date(starts)
            if start and (p["listed_on"] is None or start < p["listed_on"]):
                p["listed_on"] = start
    for pid, aid in party_addresses:
        if aid in addresses:
            links.append({"source_id": pid, "target_id": aid, "relation": "address",
                          "role": None, "target_name": addresses[aid]})  # fmt: skip
    lists = {pid: p["list"] for pid, p in parties.items()}
    relations = [
        {**x, "list": lists.get(x["source_id"]) or lists.get(x["target_id"]) or "ftm"}
        for x in links
    ]
    return ParsedList(list(parties.values()), rejects, read, skipped, relations)


def _first_date(values: list[str]) -> date | None:
    days = []
    for v in values:
        try:
            days.append(date.fromisoformat(v[:10]))
        except ValueError:
            continue
    return min(days) if days else None


def _files_of(path: Path, fmt: str) -> list[Path]:
    if fmt == "ofac-sdn" and path.suffix.lower() != ".xml":
        return [p for p in (path, path.parent / "alt.csv", path.parent / "add.csv") if p.exists()]
    return [path]


def ingest_list(ws: Workspace, path: Path, *, fmt: str) -> ListIngestResult:
    """Ingest one sanctions list; raise InputError when it cannot be read at all."""
    started, started_at = time.perf_counter(), datetime.now()
    if fmt not in LIST_FORMATS:
        raise InputError(
            f"{path}: unknown list format {fmt!r}; use one of {', '.join(LIST_FORMATS)}"
        )
    if not path.exists():
        raise InputError(f"{path}: no such file")
    xml = fmt in ("eu-fsf", "un-sc") or (fmt == "ofac-sdn" and path.suffix.lower() == ".xml")
    if fmt == "ofac-sdn" and not xml and path.name.lower() != "sdn.csv":
        raise InputError(
            f"{path}: --format ofac-sdn reads sdn.xml, or sdn.csv with alt.csv and add.csv"
            " beside it"
        )
    result = ListIngestResult(file=path)
    h = hashlib.sha256()
    for f in _files_of(path, fmt):
        h.update(f.read_bytes())
    sha = h.hexdigest()
    result.duplicate_of = earlier_import(ws, sha)
    if result.duplicate_of is not None:
        return result
    if xml:
        parsed = PARSERS[fmt](path)
    else:
        parsed = parse_ofac(path) if fmt == "ofac-sdn" else parse_ftm(path)
    if parsed.rows_read == 0:
        raise InputError(f"{path}: no records")
    rows = pd.DataFrame(
        parsed.entities, columns=[c for c in schema.LIST_ENTITIES if c != "import_file"]
    )
    if fmt != "ftm":
        rows["list"] = fmt
    rejects = pd.DataFrame(parsed.rejects, columns=["row_number", "column", "value", "reason"])
    with ws.transaction():
        import_id = next_import_id(ws)
        rows["import_file"] = import_id
        rows["listed_on"] = pd.to_datetime(rows["listed_on"]).dt.date
        ws.raw.register("_list_rows", rows)
        cast = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in schema.LIST_ENTITIES.items())
        ws.raw.execute(f"INSERT INTO list_entities BY NAME SELECT {cast} FROM _list_rows")
        ws.raw.unregister("_list_rows")
        if parsed.relations:
            rel = pd.DataFrame(parsed.relations, columns=[c for c in schema.LIST_RELATIONS
                                                          if c != "import_file"])  # fmt: skip
            rel["import_file"] = import_id
            ws.raw.register("_list_rel", rel)
            ws.raw.execute("INSERT INTO list_relations BY NAME SELECT * FROM _list_rel")
            ws.raw.unregister("_list_rel")
        result.relations = len(parsed.relations)
        if len(rejects):
            q = rejects.assign(import_file=import_id)
            ws.raw.register("_list_q", q)
            ws.raw.execute("INSERT INTO quarantine BY NAME SELECT * FROM _list_q")
            ws.raw.unregister("_list_q")
        result.rows_read = parsed.rows_read
        result.quarantined = len(rejects)
        result.skipped = parsed.skipped
        result.accepted = result.rows_read - result.quarantined - result.skipped
        result.entities = len(rows)
        counts = rejects["reason"].value_counts()
        result.by_reason = {str(k): int(counts[k]) for k in sorted(counts.index)}
        record_import(
            ws,
            import_id=import_id,
            path=path,
            sha256=sha,
            fmt=fmt,
            layout=fmt,
            target_table="list_entities",
            rows_read=result.rows_read,
            accepted=result.accepted,
            quarantined=result.quarantined,
            skipped=result.skipped,
            by_reason=result.by_reason,
            started_at=started_at,
        )
        result.import_id = import_id
    result.seconds = time.perf_counter() - started
    return result
