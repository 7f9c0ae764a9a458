"""Sanctions lists into `list_entities`: OFAC SDN (legacy CSV trio or `sdn.xml`), the EU and UN
consolidated lists (XML, `formats.list_xml`) and FollowTheMoney JSON Lines.

    ingest_list(ws, Path("sdn.csv"), fmt="ofac-sdn")      # alt.csv and add.csv read from beside it
    ingest_list(ws, Path("sdn.xml"), fmt="ofac-sdn")
    ingest_list(ws, Path("eu.xml"), fmt="eu-fsf")         # or fmt="un-sc" for the UN list
    ingest_list(ws, Path("entities.ftm.json"), fmt="ftm")  # any OpenSanctions dataset
    ingest_list(ws, Path("x_entities.delta.json"), fmt="ftm")  # its changes, after it

One row per listed party: its names, aliases (OFAC alternate names and the "a.k.a." names in
its remarks; FtM names, aliases, previous and weak names), countries as ISO3 (addresses,
nationality, flag), programmes and the listing date where the list gives one. FollowTheMoney
entities are read through the `followthemoney` library; `Sanction` entities lend their
programme and start date to the party they designate; relationship and address entities are
counted as skipped (the network is built from them later). Bad rows go to `quarantine` with the
file's line; one transaction per list; the same files twice change nothing.

An OpenSanctions delta file (lines `{"op": "ADD"|"MOD"|"DEL", "entity": …}`) changes the FtM
lists loaded before it: an ADD or MOD entity replaces the record (or relationship) of its id, a
DEL removes it and a removed party's relations; what changed is said and stored in the import's
profile. A delta for a workspace that holds no FtM list is refused (load the full export first).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import time
from collections import Counter
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
from shadowtrade.formats.kinds import LIST_FORMATS
from shadowtrade.formats.list_xml import PARSERS, ParsedList, iso3_countries
from shadowtrade.reference.loaders import readings_note

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

OFAC_EMPTY = "-0-"
OFAC_FIELDS = {"sdn.csv": 12, "alt.csv": 5, "add.csv": 6}
OFAC_SCHEMA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
_AKA = re.compile(r"(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*'([^']+)'", re.IGNORECASE)
_PROGRAM = re.compile(r"[A-Z0-9][A-Z0-9_-]*")
PARTY_SCHEMATA = ("LegalEntity", "Vessel", "Airplane")
# OpenSanctions topics that put a party on a list. The others an export gives (sanction.linked,
# poi, role.pep, corp.disqual …) describe a party around the listed ones, or none (a registry
# record such as ext_ru_egrul's): such a party is kept, with `listed` false. Only in a file that
# marks listings (a listing topic or a Sanction on some party): one that marks none, hand-made or
# from another tool, cannot tell listed from not, and all its parties stay listed.
LISTING_TOPICS = frozenset({"sanction", "sanction.counter", "debarment", "export.control"})


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


def parse_ofac(sdn: Path) -> ParsedList:  # noqa: C901 (one pass over the SDN layout's 3 files)
    """The SDN trio: `sdn.csv` with `alt.csv` and `add.csv` beside it (either may be absent)."""
    entities: dict[str, dict[str, Any]] = {}
    rejects: list[dict[str, Any]] = []
    duplicates: list[tuple[str, int, int]] = []
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
        if num in entities:
            # Never replace the earlier party (and hand it the later one's aliases): the first
            # is kept and the repeat quarantined, naming the line of the first.
            first = entities[num]["_line"]
            reject("sdn.csv", line, "ent_num", f"{num} (also line {first})", "duplicate_entity")
            duplicates.append((num, first, line))
            continue
        remarks = _ofac(row[11]) or ""
        entities[num] = {
            "_line": line,
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
    readings: dict[str, str] = {}
    for e in entities.values():
        texts = e.pop("country_texts")
        for place in dict.fromkeys(e.pop("addresses")):
            digest = hashlib.sha256(" ".join(place.lower().split()).encode()).hexdigest()
            relations.append({"list": "ofac-sdn", "source_id": e["entity_id"],
                              "target_id": f"addr:{digest[:12]}", "relation": "address",
                              "role": None, "target_name": place})  # fmt: skip
        out.append({**e, "countries": iso3_countries(texts, readings)})
    parsed = ParsedList(out, rejects, read, relations=relations, readings=readings)
    from shadowtrade.formats.encoding import is_utf8

    for f in _files_of(sdn, "ofac-sdn"):
        if not is_utf8(f, gzipped=False):
            parsed.notes.append(
                f"{f.name} is not entirely UTF-8: its undecodable bytes read as U+FFFD"
            )
    if duplicates:
        num, first, line = duplicates[0]
        parsed.notes.append(
            f"{len(duplicates):,} ent_num repeated in sdn.csv, e.g. {num} on lines {first} and"
            f" {line}: the first row kept, the repeat quarantined as duplicate_entity (alt.csv"
            " and add.csv rows of that number stay with the first)"
        )
    return parsed


# Longest FtM line read: a longer one is quarantined (a hostile line cannot exhaust memory).
MAX_FTM_LINE = 8 << 20


def _capped_lines(path: Path, out: ParsedList) -> Iterator[tuple[int, str | None, str]]:
    """(line number, text — None when the line is over MAX_FTM_LINE —, the line's start); lines
    that are not UTF-8 are read with U+FFFD for their bad bytes, and that is said."""
    not_utf8: list[int] = []
    yield from _lines_of(path, not_utf8)
    if not_utf8:
        out.notes.append(
            f"{len(not_utf8):,} line(s) are not UTF-8 (e.g. line {not_utf8[0]}): their"
            " undecodable bytes read as U+FFFD"
        )


def _lines_of(path: Path, not_utf8: list[int]) -> Iterator[tuple[int, str | None, str]]:
    with path.open("rb") as fh:
        number = 0
        while chunk := fh.readline(MAX_FTM_LINE + 1):
            number += 1
            if len(chunk) > MAX_FTM_LINE and not chunk.endswith(b"\n"):
                start = chunk[:200].decode("utf-8", errors="replace")
                while chunk and not chunk.endswith(b"\n"):
                    chunk = fh.readline(1 << 20)
                yield number, None, start
                continue
            try:
                yield number, chunk.decode("utf-8"), ""
            except UnicodeDecodeError:
                not_utf8.append(number)
                yield number, chunk.decode("utf-8", errors="replace"), ""


def _ftm_fragments(path: Path, out: ParsedList) -> dict[str, tuple[Any, list[int], dict[str, Any]]]:
    """Every entity of the file by id: fragments of one id merged with followthemoney's own
    `EntityProxy.merge` (an OpenSanctions export may give one entity in several lines), with
    the lines it came from and its caption and datasets. Bad lines go to `out.rejects`."""
    from followthemoney import model
    from followthemoney.exc import FollowTheMoneyException, InvalidData

    found: dict[str, tuple[Any, list[int], dict[str, Any]]] = {}
    for line, text, start in _capped_lines(path, out):
        if text is None:
            out.rows_read += 1
            out.reject(line, "*", start, "line_too_long")
            continue
        if not text.strip():
            continue
        out.rows_read += 1
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            out.reject(line, "*", text, "bad_json")
            continue
        except RecursionError:
            out.reject(line, "*", text, "too_deeply_nested")
            continue
        if not isinstance(data, dict):
            out.reject(line, "*", text, "not_an_object")
            continue
        if _is_delta_line(data):
            data = _unwrap_delta_line(data, line, out)
            if data is None:
                continue
        schema = data.get("schema")
        if not isinstance(schema, str) or model.get(schema) is None:
            out.reject(line, "schema", str(schema), "unknown_schema")
            continue
        try:
            proxy = model.get_proxy(data, cleaned=False)
        except (FollowTheMoneyException, KeyError, TypeError, ValueError, AttributeError) as exc:
            out.reject(line, "*", f"{exc}: {text}", "bad_entity")
            continue
        if not isinstance(proxy.id, str) or not proxy.id:
            out.reject(line, "id", "", "missing_id")
            continue
        caption = data.get("caption") if isinstance(data.get("caption"), str) else None
        datasets = [str(d) for d in data.get("datasets") or [] if isinstance(d, str | int)]
        if proxy.id not in found:
            found[proxy.id] = (proxy, [line], {"caption": caption, "datasets": datasets})
            continue
        first, lines, meta = found[proxy.id]
        try:
            first.merge(proxy)
        except InvalidData:
            out.reject(
                line,
                "schema",
                f"{proxy.id}: {proxy.schema.name} cannot merge with the {first.schema.name} of"
                f" line {lines[0]}",
                "conflicting_fragment",
            )
            continue
        lines.append(line)
        meta["caption"] = meta["caption"] or caption
        meta["datasets"] = list(dict.fromkeys([*meta["datasets"], *datasets]))
    merged = [(pid, lines) for pid, (_, lines, _) in found.items() if len(lines) > 1]
    if merged:
        pid, lines = merged[0]
        out.notes.append(
            f"{len(merged):,} entit{'y' if len(merged) == 1 else 'ies'} given in several"
            f" fragments merged into one (followthemoney's merge), e.g. {pid!r} from lines"
            f" {', '.join(map(str, lines))}"
        )
    return found


DELTA_OPS = ("ADD", "MOD", "DEL")


def _is_delta_line(data: dict[str, Any]) -> bool:
    """A line of an OpenSanctions delta file: {"op": "ADD"|"MOD"|"DEL", "entity": {…}}."""
    return set(data) == {"op", "entity"} and isinstance(data["entity"], dict)


def _unwrap_delta_line(data: dict[str, Any], line: int, out: ParsedList) -> dict[str, Any] | None:
    """The entity an ADD or MOD line gives (read as any FtM line); None for a DEL line (its id
    noted in `out.deleted`) or a line that cannot be read (quarantined)."""
    op, entity = str(data["op"]).upper(), dict(data["entity"])
    if op not in DELTA_OPS:
        out.reject(line, "op", str(data["op"]), "unknown_delta_op")
        return None
    out.delta_ops[op] = out.delta_ops.get(op, 0) + 1
    eid = entity.get("id")
    if not isinstance(eid, str) or not eid:
        out.reject(line, "id", json.dumps(entity)[:200], "missing_id")
        return None
    out.changed.append(eid)
    if op == "DEL":
        out.deleted.append(eid)
        out.skipped += 1
        return None
    return entity


def _refuse_not_ftm(path: Path, out: ParsedList) -> None:
    """A file none of whose lines is a FollowTheMoney entity is no FtM export (an index of
    delta files, a JSON document over several lines): refused, not recorded as an import of
    rejects."""
    reasons = Counter(str(r["reason"]) for r in out.rejects)
    shown = ", ".join(f"{n:,} {r}" for r, n in reasons.most_common())
    whole = ""
    try:
        with path.open("rb") as fh:
            head = fh.read(1 << 20)
        if len(head) < 1 << 20:
            doc = json.loads(head)
            if isinstance(doc, dict):
                whole = f"; it is one JSON document with keys {', '.join(list(doc)[:5])}"
    except (OSError, ValueError):
        pass
    raise InputError(
        f"{path}: no line is a FollowTheMoney entity ({out.rows_read:,} line(s): {shown}){whole};"
        " --format ftm reads one JSON entity per line, as OpenSanctions' entities.ftm.json;"
        " nothing ingested"
    )


def parse_ftm(path: Path) -> ParsedList:
    """FollowTheMoney entities, one JSON object per line (an OpenSanctions export)."""
    out = ParsedList()
    parties: dict[str, dict[str, Any]] = {}
    sanctions: list[tuple[list[str], list[str], list[str]]] = []
    links: list[dict[str, Any]] = []
    addresses: dict[str, str] = {}
    party_addresses: list[tuple[str, str]] = []
    fragments = _ftm_fragments(path, out)
    if not fragments and out.rows_read and not out.delta_ops:
        _refuse_not_ftm(path, out)
    for pid, (proxy, lines, meta) in fragments.items():
        if proxy.schema.is_a("Sanction"):
            sanctions.append((proxy.get("entity"), proxy.get("program"), proxy.get("startDate")))
            out.skipped += len(lines)
            continue
        if proxy.schema.edge and proxy.schema.edge_source and proxy.schema.edge_target:
            for src in proxy.get(proxy.schema.edge_source):
                for dst in proxy.get(proxy.schema.edge_target):
                    links.append({"source_id": src, "target_id": dst,
                                  "relation": proxy.schema.name,
                                  "role": "; ".join(proxy.get("role", quiet=True)
                                                    or proxy.get("relationship", quiet=True))
                                  or None,
                                  "target_name": None, **_relation_terms(proxy)})  # fmt: skip
            continue
        if proxy.schema.is_a("Address"):
            addresses[pid] = (proxy.first("full") or proxy.caption or "").strip()
            continue
        if not any(proxy.schema.is_a(s) for s in PARTY_SCHEMATA):
            out.skipped += len(lines)
            continue
        party_addresses += [(pid, a) for a in proxy.get("addressEntity")]
        names = proxy.get("name")
        if not names:
            for line in lines:
                out.reject(line, "name", pid, "missing_name")
            continue
        caption = str(meta["caption"] or names[0])
        aliases = [
            n
            for n in [*names, *proxy.get("alias"), *proxy.get("previousName"),
                      *proxy.get("weakAlias")]
            if n != caption
        ]  # fmt: skip
        datasets = meta["datasets"] or [path.stem.split(".")[0]]
        parties[pid] = {
            "list": f"ftm:{datasets[0]}",
            "entity_id": pid,
            "schema": proxy.schema.name,
            "name": caption,
            "aliases": list(dict.fromkeys(aliases)),
            "countries": iso3_countries(list(proxy.countries), out.readings),
            "programs": "; ".join(proxy.get("program") or proxy.get("topics")),
            "listed_on": _first_date(proxy.get("createdAt")),
            "listed": bool(proxy.get("program"))
            or not LISTING_TOPICS.isdisjoint(proxy.get("topics")),
        }
    for targets, programs, starts in sanctions:
        for t in targets:
            if t not in parties:
                continue
            p = parties[t]
            p["listed"] = True  # a Sanction names it
            known = [x for x in p["programs"].split("; ") if x]
            p["programs"] = "; ".join(dict.fromkeys([*known, *programs]))
            start = _first_date(starts)
            if start and (p["listed_on"] is None or start < p["listed_on"]):
                p["listed_on"] = start
    if not any(p["listed"] for p in parties.values()):
        for p in parties.values():  # a file that marks no listing cannot tell listed from not
            p["listed"] = True
    for pid, aid in party_addresses:
        if aid in addresses:
            links.append({"source_id": pid, "target_id": aid, "relation": "address",
                          "role": None, "target_name": addresses[aid]})  # fmt: skip
    lists = {pid: p["list"] for pid, p in parties.items()}
    out.relations = [
        {**x, "list": lists.get(x["source_id"]) or lists.get(x["target_id"]) or "ftm"}
        for x in links
    ]
    out.entities = list(parties.values())
    return out


def _relation_terms(proxy: Any) -> dict[str, str | None]:
    """An FtM relationship's id and terms as the list gives them: Ownership's percentage and
    share count, any Interval's start and end dates (several values joined with '; ')."""

    def said(prop: str) -> str | None:
        return "; ".join(proxy.get(prop, quiet=True)) or None

    return {"relation_id": proxy.id, "percentage": said("percentage"),
            "shares_count": said("sharesCount"), "start_date": said("startDate"),
            "end_date": said("endDate")}  # fmt: skip


def _delta_note(ws: Workspace, path: Path, parsed: ParsedList) -> str:
    """What an OpenSanctions delta file changes in the loaded FtM lists, said and stored; a
    delta for a workspace that holds no FtM list is refused (there is nothing to change)."""
    ops = ", ".join(f"{parsed.delta_ops.get(op, 0):,} {op}" for op in DELTA_OPS)
    row = ws.raw.execute("SELECT count(*) FROM list_entities WHERE list LIKE 'ftm:%'").fetchone()
    if not row or not row[0]:
        raise InputError(
            f"{path}: an OpenSanctions delta file ({ops}): changes to a FollowTheMoney list, and"
            " this workspace holds none to change; ingest the dataset's full entities.ftm.json"
            " first, then its delta files in the order of their version names; nothing ingested"
        )
    if not parsed.delta_ops:
        return "an empty OpenSanctions delta file: no change to the loaded lists"
    held = {
        str(r[0])
        for r in ws.raw.execute(
            "SELECT entity_id FROM list_entities WHERE list LIKE 'ftm:%'"
            " AND entity_id IN (SELECT unnest(?::VARCHAR[]))",
            [parsed.changed],
        ).fetchall()
    }
    absent = [e for e in parsed.deleted if e not in held]
    replaced = sum(1 for e in parsed.entities if e["entity_id"] in held)
    said = (
        f"an OpenSanctions delta file ({ops}) applied to the loaded FtM lists: {replaced:,}"
        f" listed part{'y' if replaced == 1 else 'ies'} replaced by the version given,"
        f" {len(parsed.entities) - replaced:,} added, {len(parsed.deleted) - len(absent):,}"
        " removed with their relations"
    )
    if absent:
        said += (
            f"; {len(absent):,} DEL id(s) not in the workspace (nothing to remove), e.g."
            f" {absent[0]!r}"
        )
    return said


def _remove_changed(ws: Workspace, parsed: ParsedList) -> None:
    """Before a delta's entities go in: the FtM records and relationships it replaces or deletes
    go out, and the links of a deleted party with them."""
    ids = [parsed.changed]
    ws.raw.execute(
        "DELETE FROM list_entities WHERE list LIKE 'ftm:%'"
        " AND entity_id IN (SELECT unnest(?::VARCHAR[]))",
        ids,
    )
    ws.raw.execute(
        "DELETE FROM list_relations WHERE relation_id IN (SELECT unnest(?::VARCHAR[]))", ids
    )
    ws.raw.execute(
        "DELETE FROM list_relations WHERE list LIKE 'ftm%' AND (source_id IN"
        " (SELECT unnest(?::VARCHAR[])) OR target_id IN (SELECT unnest(?::VARCHAR[])))",
        [parsed.deleted, parsed.deleted],
    )


def _keep_first_of_each_id(parsed: ParsedList) -> None:
    """A list that names one id twice (XML lists; sdn.csv is checked as it is read): the first
    record is kept, each repeat quarantined naming the first's line — never replaced."""
    first: dict[str, int] = {}
    kept: list[dict[str, Any]] = []
    repeats: list[tuple[str, int, int]] = []
    for e in parsed.entities:
        eid, line = str(e["entity_id"]), int(e.get("_line") or 0)
        if eid in first:
            parsed.reject(line, "entity_id", f"{eid} (also line {first[eid]})", "duplicate_entity")
            repeats.append((eid, first[eid], line))
            continue
        first[eid] = line
        kept.append(e)
    if repeats:
        eid, a, b = repeats[0]
        parsed.notes.append(
            f"{len(repeats):,} id(s) repeated, e.g. {eid!r} on lines {a} and {b}: the first record"
            " kept, each repeat quarantined as duplicate_entity"
        )
    parsed.entities = kept


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
    delta = fmt == "ftm" and (bool(parsed.delta_ops) or path.name.lower().endswith(".delta.json"))
    if parsed.rows_read == 0 and not delta:
        raise InputError(f"{path}: no records")
    _keep_first_of_each_id(parsed)
    result.notes = [*parsed.notes, *readings_note(parsed.readings)]
    if delta:
        result.notes.append(_delta_note(ws, path, parsed))
    rows = pd.DataFrame(
        parsed.entities, columns=[c for c in schema.LIST_ENTITIES if c != "import_file"]
    )
    if fmt != "ftm":
        rows["list"] = fmt
        rows["listed"] = True  # every record of OFAC's, the EU's and the UN's lists is a listing
    unlisted = int((rows["listed"] == False).sum())  # noqa: E712 (a column of booleans)
    if unlisted:
        result.notes.append(
            f"{unlisted:,} of {len(rows):,} parties are in the file without a listing (no"
            f" sanction, debarment or export-control topic, no Sanction naming them: e.g."
            f" registry records of the network around listed parties): kept with listed = false;"
            f" screening shows them as 'not listed', never as list hits"
        )
    rejects = pd.DataFrame(parsed.rejects, columns=["row_number", "column", "value", "reason"])
    with ws.transaction():
        import_id = next_import_id(ws)
        rows["import_file"] = import_id
        rows["listed_on"] = pd.to_datetime(rows["listed_on"]).dt.date
        if delta:
            _remove_changed(ws, parsed)
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
            profile={"notes": result.notes},
        )
        result.import_id = import_id
    result.seconds = time.perf_counter() - started
    return result
