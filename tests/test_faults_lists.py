"""Sanctions lists under hostile input (issue 18): repeated ids, FtM fragments, bad FtM lines,
a locked workspace. Each case asserts the exact parties kept, the quarantine and the counts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import rows
from typer.testing import CliRunner

import shadowtrade
from shadowtrade.cli import app
from shadowtrade.formats.sanctions import MAX_FTM_LINE, ingest_list
from shadowtrade.workspace import Workspace

FAULTS = Path(__file__).parent / "data" / "faults" / "lists"


def quarantined(ws: Workspace) -> list[object]:
    return rows(ws, 'SELECT row_number, "column", value, reason FROM quarantine ORDER BY 1')


def test_repeated_ofac_ent_num_keeps_the_first_with_its_aliases(ws: Workspace) -> None:
    r = ingest_list(ws, FAULTS / "ofac" / "sdn.csv", fmt="ofac-sdn")
    assert (r.rows_read, r.entities, r.accepted, r.quarantined) == (5, 2, 4, 1)
    got = rows(ws, "SELECT entity_id, name, aliases FROM list_entities ORDER BY 1")
    # 10's alt.csv alias stays with the party first listed as 10, not with the repeat.
    assert got == [("10", "FIRST TRADING LLC", ["FIRST ALIAS"]), ("11", "OTHER CO", [])]
    assert quarantined(ws) == [(3, "sdn.csv:ent_num", "10 (also line 1)", "duplicate_entity")]
    assert r.notes == [
        "1 ent_num repeated in sdn.csv, e.g. 10 on lines 1 and 3: the first row kept, the repeat"
        " quarantined as duplicate_entity (alt.csv and add.csv rows of that number stay with the"
        " first)"
    ]


def test_repeated_xml_id_keeps_the_first(ws: Workspace) -> None:
    r = ingest_list(ws, FAULTS / "eu_repeat.xml", fmt="eu-fsf")
    assert (r.rows_read, r.entities, r.quarantined) == (3, 2, 1)
    got = rows(ws, "SELECT entity_id, name FROM list_entities ORDER BY 1")
    assert got == [("EU.1", "First Holding"), ("EU.2", "Second Holding")]
    assert quarantined(ws) == [(9, "entity_id", "EU.1 (also line 3)", "duplicate_entity")]


def _ftm(*entities: object) -> str:
    return "".join(json.dumps(e) + "\n" for e in entities)


def test_ftm_fragments_of_one_id_merged(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "frag.ftm.json"
    f.write_text(
        _ftm(
            {
                "id": "p1",
                "schema": "LegalEntity",
                "caption": "Acme",
                "datasets": ["ds"],
                "properties": {"name": ["Acme"], "country": ["ru"]},
            },
            {"id": "p2", "schema": "Person", "properties": {"name": ["Ivan Petrov"]}},
            {
                "id": "p1",
                "schema": "Company",
                "datasets": ["other"],
                "properties": {"name": ["Acme LLC"], "alias": ["ACME"], "country": ["by"]},
            },
        ),
        encoding="utf-8",
    )
    r = ingest_list(ws, f, fmt="ftm")
    assert (r.rows_read, r.entities, r.accepted, r.quarantined) == (3, 2, 3, 0)
    got = rows(
        ws, "SELECT entity_id, list, schema, name, aliases, countries FROM list_entities ORDER BY 1"
    )
    assert got[0][:5] == ("p1", "ftm:ds", "Company", "Acme", ["Acme LLC", "ACME"])
    assert sorted(got[0][5]) == ["BLR", "RUS"]  # type: ignore[call-overload]
    assert got[1][:4] == ("p2", "ftm:frag", "Person", "Ivan Petrov")
    assert r.notes == [
        "1 entity given in several fragments merged into one (followthemoney's merge), e.g."
        " 'p1' from lines 1, 3"
    ]


def test_ftm_fragments_that_cannot_merge_quarantined(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "clash.ftm.json"
    f.write_text(
        _ftm(
            {"id": "x", "schema": "Person", "properties": {"name": ["A"]}},
            {"id": "x", "schema": "Vessel", "properties": {"name": ["B"]}},
        ),
        encoding="utf-8",
    )
    r = ingest_list(ws, f, fmt="ftm")
    assert (r.entities, r.quarantined) == (1, 1)
    assert rows(ws, "SELECT name, schema FROM list_entities") == [("A", "Person")]
    assert quarantined(ws) == [
        (2, "schema", "x: Vessel cannot merge with the Person of line 1", "conflicting_fragment")
    ]


def test_bad_ftm_lines_quarantined_not_a_traceback(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "bad.ftm.json"
    good = {"id": "ok", "schema": "Person", "properties": {"name": ["Good Person"]}}
    lines = [
        json.dumps(good),
        "[1,2,3]",
        "[" * 100_000 + "]" * 100_000,
        "42",
        '{"id": "s", "schema": "NoSuchSchema"}',
        "{not json",
        "",
        '{"schema": "Person", "properties": {"name": ["No Id"]}}',
        '{"id": "big", "schema": "Person", "properties": {"name": ["' + "x" * MAX_FTM_LINE + '"]}}',
        '{"id": "n", "schema": "Person", "properties": {}}',
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = ingest_list(ws, f, fmt="ftm")
    assert (r.rows_read, r.entities, r.accepted, r.quarantined) == (9, 1, 1, 8)
    got = [(q[0], q[1], q[3]) for q in quarantined(ws)]  # type: ignore[index]
    assert got == [
        (2, "*", "not_an_object"),
        (3, "*", "too_deeply_nested"),
        (4, "*", "not_an_object"),
        (5, "schema", "unknown_schema"),
        (6, "*", "bad_json"),
        (8, "id", "missing_id"),
        (9, "*", "line_too_long"),
        (10, "name", "missing_name"),
    ]
    assert rows(ws, "SELECT max(length(value)) FROM quarantine") == [(200,)]
    assert rows(ws, "SELECT name FROM list_entities") == [("Good Person",)]


def test_list_ingest_on_a_locked_workspace_waits_and_says_so(tmp_path: Path) -> None:
    """Another process holding the DuckDB file: the list ingest waits, says so in one line,
    and ingests once the file is free (as a triage does; it failed with exit 2 before the
    tenth session's one way of opening for writing)."""
    wsdir = tmp_path / "ws"
    shadowtrade.open(wsdir).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
         " time.sleep(3); c.close()", str(wsdir / "shadowtrade.duckdb")],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        res = CliRunner().invoke(
            app, ["ingest", "--format", "ofac-sdn", str(FAULTS / "ofac" / "sdn.csv"),
                  "-w", str(wsdir)],
        )  # fmt: skip
        assert holder.wait(timeout=60) == 0
    finally:
        holder.kill()
        holder.wait()
    assert res.exit_code == 0, res.output
    assert res.stderr.count("waiting for another process to close the workspace") == 1
    w = shadowtrade.open(wsdir)
    try:
        assert rows(w, "SELECT count(*) FROM imports") == [(1,)]
    finally:
        w.close()


@pytest.mark.parametrize("fmt", ["ofac-sdn", "ftm"])
def test_same_list_twice_changes_nothing(ws: Workspace, fmt: str, tmp_path: Path) -> None:
    f = FAULTS / "ofac" / "sdn.csv"
    if fmt == "ftm":
        f = tmp_path / "one.ftm.json"
        f.write_text(_ftm({"id": "a", "schema": "Person", "properties": {"name": ["A"]}}))
    first = ingest_list(ws, f, fmt=fmt)
    again = ingest_list(ws, f, fmt=fmt)
    assert again.duplicate_of == first.import_id
    assert rows(ws, "SELECT count(*) FROM imports") == [(1,)]


def test_ftm_line_not_utf8_read_and_said(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "latin.ftm.json"
    f.write_bytes(
        b'{"id": "a", "schema": "Person", "properties": {"name": ["Ana"]}}\n'
        b'{"id": "b", "schema": "Person", "properties": {"name": ["Jos\xe9"]}}\n'
    )
    r = ingest_list(ws, f, fmt="ftm")
    assert (r.entities, r.quarantined) == (2, 0)
    assert rows(ws, "SELECT name FROM list_entities ORDER BY 1") == [("Ana",), ("Jos\ufffd",)]
    assert r.notes == [
        "1 line(s) are not UTF-8 (e.g. line 2): their undecodable bytes read as U+FFFD"
    ]


def test_ofac_csv_not_utf8_said(ws: Workspace, tmp_path: Path) -> None:
    sdn = tmp_path / "sdn.csv"
    sdn.write_bytes(b'12,"CAF\xc9 TRADING",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n')
    r = ingest_list(ws, sdn, fmt="ofac-sdn")
    assert r.entities == 1
    assert rows(ws, "SELECT name FROM list_entities") == [("CAF\ufffd TRADING",)]
    assert r.notes == ["sdn.csv is not entirely UTF-8: its undecodable bytes read as U+FFFD"]
