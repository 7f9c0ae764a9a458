"""Sanctions lists published as XML: the EU consolidated list (FSF), the UN Security Council
consolidated list and OFAC's `sdn.xml`, read into the records of `list_entities`.

Each layout is read element by element (lxml's `iterparse`, so a 30 MB list is never a tree in
memory) with namespaces ignored — the EU and OFAC files change theirs between releases. Every
record keeps its names and aliases (EU `nameAlias` in every language and script, UN
`NAME_ORIGINAL_SCRIPT` and `ALIAS_NAME`, OFAC `aka`), its countries as ISO3 (citizenship,
nationality, addresses, birth places), its programmes and its listing date. A record without a
name is quarantined with its line and element; XML that is not well formed, or a file whose root
is not the layout asked for, is an `InputError` naming the file, line and element, raised before
anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from shadowtrade.errors import InputError
from shadowtrade.reference.loaders import read_country

XML_LIST_FORMATS = {"eu-fsf": "export", "un-sc": "CONSOLIDATED_LIST", "ofac-sdn": "sdnList"}
EU_SCHEMA = {"person": "Person", "enterprise": "Organization"}
OFAC_COUNTRY_LISTS = (
    ("addressList", "address"),
    ("nationalityList", "nationality"),
    ("citizenshipList", "citizenship"),
    ("placeOfBirthList", "placeOfBirthItem"),
)
OFAC_XML_SCHEMA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}


@dataclass
class ParsedList:
    """Records of one list file: listed parties, rejected records, records read and skipped."""

    entities: list[dict[str, Any]] = field(default_factory=list)
    rejects: list[dict[str, Any]] = field(default_factory=list)  # row_number, column, value, reason
    rows_read: int = 0
    skipped: int = 0
    relations: list[dict[str, Any]] = field(default_factory=list)  # schema.LIST_RELATIONS rows
    notes: list[str] = field(default_factory=list)  # what was decided, said and stored
    # Country names read by a looser rule than the table's (or refused) → what to say.
    readings: dict[str, str] = field(default_factory=dict)
    # An OpenSanctions delta file (lines {"op": ADD|MOD|DEL, "entity": …}): each op's count,
    # the ids its DEL lines remove and the ids of every entity it gives (`formats.sanctions`).
    delta_ops: dict[str, int] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def reject(self, line: int, column: str, value: str, reason: str) -> None:
        self.rejects.append(
            {"row_number": line, "column": column, "value": value[:200], "reason": reason}
        )


def iso3_countries(texts: list[str | None], said: dict[str, str]) -> list[str]:
    """Distinct ISO3 codes of country names or codes, in order; unknown texts left out; how a
    name the table does not hold as written was read goes into `said`."""
    out: list[str] = []
    for t in texts:
        iso3 = read_country(t.strip(), said) if t and t.strip() else None
        if iso3 and len(iso3) == 3 and not iso3.startswith("X") and iso3 not in out:
            out.append(iso3)
    return out


def _local(el: Any) -> str:
    return str(etree.QName(el).localname)


def _kids(el: Any, name: str) -> list[Any]:
    return [c for c in el if isinstance(c.tag, str) and _local(c) == name]


def _text(el: Any, name: str) -> str | None:
    for c in _kids(el, name):
        t = (c.text or "").strip()
        if t:
            return t
    return None


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _entries(path: Path, fmt: str, entry_tags: tuple[str, ...]) -> Iterator[Any]:
    """The entry elements of `path`, cleared after use; root and well-formedness checked."""
    root_tag = XML_LIST_FORMATS[fmt]
    context = etree.iterparse(
        str(path), events=("start", "end"), resolve_entities=False, no_network=True,
        huge_tree=True, remove_comments=True,
    )  # fmt: skip
    depth = 0
    try:
        for event, el in context:
            if event == "start":
                if depth == 0 and _local(el) != root_tag:
                    raise InputError(
                        f"{path}: line {el.sourceline}: root element <{_local(el)}> is not the"
                        f" <{root_tag}> of a {fmt} list"
                    )
                depth += 1
                continue
            depth -= 1
            if _local(el) in entry_tags:
                yield el
                el.clear(keep_tail=True)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        reason = re.sub(r",? line \d+, column \d+$", "", str(exc.msg))
        raise InputError(
            f"{path}: line {line}, column {column}: not well-formed XML ({reason})"
        ) from exc


def parse_eu_fsf(path: Path) -> ParsedList:
    """EU FSF: `sanctionEntity` with `nameAlias`, `subjectType`, `regulation`, `citizenship` …"""
    out = ParsedList()
    for el in _entries(path, "eu-fsf", ("sanctionEntity",)):
        out.rows_read += 1
        eid = el.get("logicalId") or el.get("euReferenceNumber") or ""
        where = f"sanctionEntity[logicalId={eid}]"
        if not eid:
            out.reject(el.sourceline, "sanctionEntity@logicalId", "", "missing_id")
            continue
        names = []
        for a in _kids(el, "nameAlias"):
            whole = (a.get("wholeName") or "").strip()
            if not whole:
                parts = [a.get(k) or "" for k in ("firstName", "middleName", "lastName")]
                whole = " ".join(p.strip() for p in parts if p.strip())
            if whole and whole not in names:
                names.append(whole)
        if not names:
            out.reject(el.sourceline, f"{where}/nameAlias", eid, "missing_name")
            continue
        subject = _kids(el, "subjectType")
        code = (subject[0].get("code") or "").lower() if subject else ""
        regs = _kids(el, "regulation")
        programs = [r.get("programme") for r in regs if r.get("programme")]
        listed = _day(el.get("designationDate")) or min(
            (d for r in regs if (d := _day(r.get("publicationDate"))) is not None), default=None
        )
        country_texts: list[str | None] = []
        for tag in ("citizenship", "address", "birthdate", "identification"):
            for c in _kids(el, tag):
                country_texts.append(c.get("countryIso2Code") or c.get("countryDescription"))
        out.entities.append({
            "_line": el.sourceline,
            "list": "eu-fsf", "entity_id": eid, "schema": EU_SCHEMA.get(code, "LegalEntity"),
            "name": names[0], "aliases": names[1:],
            "countries": iso3_countries(country_texts, out.readings),
            "programs": "; ".join(dict.fromkeys(p for p in programs if p)), "listed_on": listed,
        })  # fmt: skip
    return out


def parse_un_sc(path: Path) -> ParsedList:
    """UN SC: `INDIVIDUALS/INDIVIDUAL` and `ENTITIES/ENTITY` with aliases and addresses."""
    out = ParsedList()
    for el in _entries(path, "un-sc", ("INDIVIDUAL", "ENTITY")):
        out.rows_read += 1
        kind = _local(el)
        eid = _text(el, "DATAID") or ""
        if not eid:
            out.reject(el.sourceline, f"{kind}/DATAID", "", "missing_id")
            continue
        parts = [_text(el, k) for k in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        name = " ".join(p for p in parts if p)
        if not name:
            out.reject(el.sourceline, f"{kind}[DATAID={eid}]/FIRST_NAME", eid, "missing_name")
            continue
        aliases = []
        original = _text(el, "NAME_ORIGINAL_SCRIPT")
        if original:
            aliases.append(original)
        for a in _kids(el, f"{kind}_ALIAS"):
            alias = _text(a, "ALIAS_NAME")
            if alias and alias != name and alias not in aliases:
                aliases.append(alias)
        country_texts: list[str | None] = []
        for tag in ("NATIONALITY", "CITIZENSHIP"):
            for c in _kids(el, tag):
                country_texts.extend((v.text or "") for v in _kids(c, "VALUE"))
        for tag in (f"{kind}_ADDRESS", f"{kind}_PLACE_OF_BIRTH"):
            for c in _kids(el, tag):
                country_texts.append(_text(c, "COUNTRY"))
        out.entities.append({
            "_line": el.sourceline,
            "list": "un-sc", "entity_id": _text(el, "REFERENCE_NUMBER") or eid,
            "schema": "Person" if kind == "INDIVIDUAL" else "Organization",
            "name": name, "aliases": aliases,
            "countries": iso3_countries(country_texts, out.readings),
            "programs": _text(el, "UN_LIST_TYPE") or "", "listed_on": _day(_text(el, "LISTED_ON")),
        })  # fmt: skip
    return out


def parse_ofac_xml(path: Path) -> ParsedList:
    """OFAC `sdn.xml`: `sdnEntry` with `programList`, `akaList`, `addressList`, nationalities."""
    out = ParsedList()
    for el in _entries(path, "ofac-sdn", ("sdnEntry", "publshInformation")):
        if _local(el) == "publshInformation":
            continue
        out.rows_read += 1
        uid = _text(el, "uid") or ""
        if not uid.isdigit():
            out.reject(el.sourceline, "sdnEntry/uid", uid, "bad_entity_number")
            continue
        name = _ofac_name(el)
        if not name:
            out.reject(el.sourceline, f"sdnEntry[uid={uid}]/lastName", uid, "missing_name")
            continue
        aliases = []
        for lst in _kids(el, "akaList"):
            for a in _kids(lst, "aka"):
                alias = _ofac_name(a)
                if alias and alias != name and alias not in aliases:
                    aliases.append(alias)
        country_texts: list[str | None] = []
        for lst, item in OFAC_COUNTRY_LISTS:
            for group in _kids(el, lst):
                country_texts.extend(_text(i, "country") for i in _kids(group, item))
        country_texts.extend(_text(v, "vesselFlag") for v in _kids(el, "vesselInfo"))
        programs = [p.text.strip() for g in _kids(el, "programList") for p in _kids(g, "program")
                    if p.text and p.text.strip()]  # fmt: skip
        out.entities.append({
            "_line": el.sourceline,
            "list": "ofac-sdn", "entity_id": uid,
            "schema": OFAC_XML_SCHEMA.get((_text(el, "sdnType") or "").lower(), "LegalEntity"),
            "name": name, "aliases": aliases,
            "countries": iso3_countries(country_texts, out.readings),
            "programs": "; ".join(programs), "listed_on": None,
        })  # fmt: skip
    return out


def _ofac_name(el: Any) -> str | None:
    """OFAC writes a person "LAST, First" (as in its CSV) and anything else as `lastName`."""
    last, first = _text(el, "lastName"), _text(el, "firstName")
    if last and first:
        return f"{last}, {first}"
    return last or first


PARSERS: dict[str, Callable[[Path], ParsedList]] = {
    "eu-fsf": parse_eu_fsf,
    "un-sc": parse_un_sc,
    "ofac-sdn": parse_ofac_xml,
}


def xml_list_format(path: Path) -> str | None:
    """The list layout of an XML file from its root element, or None when it is none of them."""
    try:
        for _, el in etree.iterparse(str(path), events=("start",), resolve_entities=False,
                                     no_network=True):  # fmt: skip
            root = _local(el)
            return next((f for f, r in XML_LIST_FORMATS.items() if r == root), None)
    except etree.XMLSyntaxError:
        return None
    return None
