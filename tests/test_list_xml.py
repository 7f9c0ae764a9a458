"""EU, UN and OFAC XML lists: known records from the hand-written samples, malformed files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.conftest import rows
from typer.testing import CliRunner

from shadowtrade.cli import app
from shadowtrade.errors import InputError
from shadowtrade.formats.list_xml import xml_list_format
from shadowtrade.formats.sanctions import ingest_list
from shadowtrade.workspace import Workspace

LISTS = Path(__file__).parent / "data" / "lists"


def _listed(ws: Workspace) -> list[tuple[object, ...]]:
    return rows(
        ws,
        "SELECT entity_id, schema, name, aliases, countries, programs, listed_on"
        " FROM list_entities ORDER BY entity_id",
    )


def _ingest(ws: Workspace, name: str, fmt: str) -> list[tuple[object, ...]]:
    r = ingest_list(ws, LISTS / name, fmt=fmt)
    assert (r.rows_read, r.entities, r.quarantined) == (3, 2, 1)
    return _listed(ws)


def test_eu_fsf(ws: Workspace) -> None:
    got = _ingest(ws, "eu_fsf_sample.xml", "eu-fsf")
    assert got == [
        ("154001", "Organization", "Joint Stock Company Kalashnikov Concern",
         ["АО «Концерн Калашников»", "Concern Kalashnikov JSC"], ["RUS"], "UKR",
         date(2014, 9, 12)),
        ("160101", "Person", "Ivan Petrovich Sidorenko", ["Иван Петрович Сидоренко"], ["RUS"],
         "UKR", date(2022, 2, 25)),
    ]  # fmt: skip
    q = rows(ws, 'SELECT row_number, "column", value, reason FROM quarantine')
    assert q == [(25, "sanctionEntity[logicalId=170001]/nameAlias", "170001", "missing_name")]


def test_un_sc(ws: Workspace) -> None:
    got = _ingest(ws, "un_sc_sample.xml", "un-sc")
    assert got == [
        ("KPe.001", "Organization", "KOREA MINING DEVELOPMENT TRADING CORPORATION",
         ["CHANGGWANG SINYONG CORPORATION", "EXTERNAL TECHNOLOGY GENERAL CORPORATION", "KOMID"],
         ["PRK"], "DPRK", date(2009, 4, 24)),
        ("KPi.033", "Person", "RI WON HO", ["리원호"], ["PRK", "SYR"], "DPRK",
         date(2016, 11, 30)),
    ]  # fmt: skip
    assert rows(ws, 'SELECT "column", reason FROM quarantine') == [
        ("ENTITY[DATAID=110408]/FIRST_NAME", "missing_name")
    ]


def test_ofac_xml(ws: Workspace) -> None:
    r = ingest_list(ws, LISTS / "sdn_sample.xml", fmt="ofac-sdn")
    assert (r.rows_read, r.entities, r.quarantined) == (3, 3, 0)
    got = rows(
        ws,
        "SELECT entity_id, schema, name, aliases, countries, programs FROM list_entities"
        " ORDER BY entity_id::INT",
    )
    assert got == [
        ("36", "LegalEntity", "AEROCARIBBEAN AIRLINES", ["AERO-CARIBBEAN"], ["CUB"], "CUBA"),
        ("7191", "Person", "SIDORENKO, Ivan Petrovich", ["SIDARENKA, Ivan"], ["RUS"],
         "RUSSIA-EO14024; UKRAINE-EO13661"),
        ("9999", "Vessel", "SEA PHOENIX", [], ["MLT"], "IRAN"),
    ]  # fmt: skip


def test_the_same_person_across_lists_screens_as_one(ws: Workspace) -> None:
    """The EU's Cyrillic alias and OFAC's Belarusian-style spelling both reach the person."""
    from shadowtrade.entities.screening import screen

    for f, fmt in (("eu_fsf_sample.xml", "eu-fsf"), ("sdn_sample.xml", "ofac-sdn")):
        ingest_list(ws, LISTS / f, fmt=fmt)
    found = screen(ws, ["Сидоренко Иван Петрович", "Kalašnikov Concern AO"])
    hits = set(zip(found["query"], found["list"], found["entity_id"], strict=True))
    assert ("Сидоренко Иван Петрович", "eu-fsf", "160101") in hits
    assert ("Сидоренко Иван Петрович", "ofac-sdn", "7191") in hits
    assert ("Kalašnikov Concern AO", "eu-fsf", "154001") in hits


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        ('<export xmlns="x"><sanctionEntity logicalId="1">\n<nameAlias wholeName="A"/>\n</export>',
         "eu-fsf", "line 3, column 10: not well-formed XML (Opening and ending tag mismatch:"
         " sanctionEntity line 1 and export)"),
        ("<CONSOLIDATED_LIST><ENTITIES/></CONSOLIDATED_LIST>", "eu-fsf",
         "root element <CONSOLIDATED_LIST> is not the <export> of a eu-fsf list"),
        ("not xml at all", "un-sc", "line 1, column 1: not well-formed XML"),
    ],
)  # fmt: skip
def test_malformed_xml_changes_nothing(
    ws: Workspace, tmp_path: Path, text: str, fmt: str, message: str
) -> None:
    ingest_list(ws, LISTS / "sdn_sample.xml", fmt="ofac-sdn")
    before = rows(ws, "SELECT count(*) FROM list_entities UNION ALL SELECT count(*) FROM imports")
    bad = tmp_path / "list.xml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        ingest_list(ws, bad, fmt=fmt)
    assert str(bad) in str(exc.value) and message in str(exc.value)
    after = rows(ws, "SELECT count(*) FROM list_entities UNION ALL SELECT count(*) FROM imports")
    assert after == before


def test_a_list_broken_half_way_changes_nothing(ws: Workspace, tmp_path: Path) -> None:
    """Good entries first, then broken XML: none of the good entries stays behind."""
    good = (LISTS / "eu_fsf_sample.xml").read_text(encoding="utf-8")
    bad = tmp_path / "eu.xml"
    bad.write_text(good.replace("</export>", "<sanctionEntity logicalId='9'><oops></export>"))
    with pytest.raises(InputError, match="not well-formed"):
        ingest_list(ws, bad, fmt="eu-fsf")
    assert rows(ws, "SELECT count(*) FROM list_entities") == [(0,)]
    assert rows(ws, "SELECT count(*) FROM quarantine") == [(0,)]


def test_auto_format_and_cli(tmp_path: Path) -> None:
    assert xml_list_format(LISTS / "un_sc_sample.xml") == "un-sc"
    assert xml_list_format(LISTS / "eu_fsf_sample.xml") == "eu-fsf"
    assert xml_list_format(LISTS / "sdn_sample.xml") == "ofac-sdn"
    wsdir = str(tmp_path / "ws")
    res = CliRunner().invoke(app, ["ingest", str(LISTS / "un_sc_sample.xml"), "-w", wsdir])
    assert res.exit_code == 0, res.output
    assert "un-sc — read 3 records: 2 listed parties" in res.output
    # The import's detail says the same, in a list's words: not 'empty cells skipped', and
    # not 'imported by an earlier version' (tester D18).
    res = CliRunner().invoke(app, ["imports", "--detail", "1", "-w", wsdir])
    assert res.exit_code == 0, res.output
    assert "read 3 records: 2 listed parties, 0 other records skipped, 1 quarantined" in (
        res.output
    )
    assert "empty cells" not in res.output and "earlier version" not in res.output
    bad = tmp_path / "bad.xml"
    bad.write_text("<export><sanctionEntity>", encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", str(bad), "--format", "eu-fsf", "-w", wsdir])
    assert res.exit_code == 2
    assert "bad.xml: line 1" in res.output
