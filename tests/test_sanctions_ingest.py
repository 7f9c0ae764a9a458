"""Sanctions lists: the real OFAC SDN trio and OpenSanctions FtM files, and malformed records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import SHARED, rows

from shadowtrade.errors import InputError
from shadowtrade.formats.sanctions import ingest_list
from shadowtrade.workspace import Workspace

SDN = SHARED / "ofac-sdn" / "sdn.csv"
FTM = SHARED / "opensanctions"


def test_ofac_sdn_trio(ws: Workspace) -> None:
    r = ingest_list(ws, SDN, fmt="ofac-sdn")
    assert r.entities == 9043
    assert r.accepted + r.quarantined + r.skipped == r.rows_read == 35079
    assert r.by_reason == {"duplicate_entity": 1, "unknown_entity": 1, "wrong_field_count": 1}
    by_schema = dict(rows(ws, "SELECT schema, count(*) FROM list_entities GROUP BY 1"))
    assert by_schema == {"Person": 4643, "LegalEntity": 3700, "Vessel": 420, "Airplane": 280}
    # sdn.csv gives ent_num 2677 twice: AL-ZOMOR on line 57, HAMER AND NAIL CONSTRUCTION on the
    # last line. The first is kept with its own alt.csv aliases; the repeat is quarantined.
    zomor = rows(ws, "SELECT name, aliases[1] FROM list_entities WHERE entity_id = '2677'")
    assert zomor == [("AL-ZOMOR, Abboud Abdul Latif Hassan", "ZUMAR, Abbud")]
    dup = rows(ws, "SELECT row_number, value FROM quarantine WHERE reason = 'duplicate_entity'")
    assert dup == [(9044, "2677 (also line 57)")]
    assert r.notes and "2677 on lines 57 and 9044" in r.notes[0]
    bnc = rows(
        ws,
        "SELECT name, aliases, countries, programs FROM list_entities"
        " WHERE list = 'ofac-sdn' AND entity_id = '306'",
    )
    # The alias from alt.csv and the one in the remarks ("a.k.a. 'BNC'"), address countries.
    assert bnc == [
        ("BANCO NACIONAL DE CUBA", ["BNC", "NATIONAL BANK OF CUBA"], ["CHE", "ESP", "JPN", "PAN"],
         "CUBA")
    ]  # fmt: skip
    q = rows(ws, 'SELECT "column", reason FROM quarantine ORDER BY reason')
    assert q == [
        ("sdn.csv:ent_num", "duplicate_entity"),
        ("add.csv:ent_num", "unknown_entity"),
        ("add.csv:*", "wrong_field_count"),
    ]
    again = ingest_list(ws, SDN, fmt="ofac-sdn")
    assert again.duplicate_of == r.import_id
    assert rows(ws, "SELECT count(*) FROM list_entities") == [(9043,)]


def test_opensanctions_ftm(ws: Workspace) -> None:
    t1 = ingest_list(ws, FTM / "t1_entities.ftm.json", fmt="ftm")
    assert (t1.rows_read, t1.entities, t1.skipped, t1.quarantined) == (7, 6, 0, 0)  # + 1 address
    zala = ingest_list(ws, FTM / "zala_entities.ftm.json", fmt="ftm")
    # 17 parties, 21 relations and 11 addresses kept; 41 Sanction and 1 Passport records skipped
    assert (zala.rows_read, zala.entities, zala.skipped, zala.relations) == (91, 17, 42, 32)
    inter = rows(
        ws,
        "SELECT list, schema, countries, listed_on FROM list_entities"
        " WHERE entity_id = 'NK-2GdmHtZTeNXjNVrBGEXZNj'",
    )
    assert inter[0][:3] == ("ftm:eu_fsf", "Organization", ["BLR"])
    aliases = rows(
        ws, "SELECT aliases FROM list_entities WHERE entity_id = 'NK-2GdmHtZTeNXjNVrBGEXZNj'"
    )
    assert any("Интер Тобако" in a for a in aliases[0][0])  # the Cyrillic name kept as an alias
    # Sanction entities lend their programme and start date to the party they designate.
    designated = rows(
        ws,
        "SELECT count(*) FROM list_entities WHERE programs LIKE '%Autonomous (Russia)%'"
        " AND listed_on IS NOT NULL",
    )
    assert designated[0][0] >= 1


def test_bad_ftm_records_are_quarantined_with_their_line(ws: Workspace, tmp_path: Path) -> None:
    good = {"id": "p1", "schema": "Person", "properties": {"name": ["Ivan Petrov"]}}
    f = tmp_path / "mixed.ftm.json"
    f.write_text(
        json.dumps(good) + "\n"
        + "{not json\n"
        + "\n"
        + json.dumps({"id": "x", "schema": "Spaceship", "properties": {}}) + "\n"
        + json.dumps({"id": "c1", "schema": "Company", "properties": {}}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    r = ingest_list(ws, f, fmt="ftm")
    assert (r.rows_read, r.entities, r.quarantined) == (4, 1, 3)
    assert rows(ws, "SELECT row_number, reason FROM quarantine ORDER BY row_number") == [
        (2, "bad_json"),
        (4, "unknown_schema"),
        (5, "missing_name"),
    ]


def test_unreadable_list_changes_nothing(ws: Workspace, tmp_path: Path) -> None:
    empty = tmp_path / "empty.ftm.json"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="no records"):
        ingest_list(ws, empty, fmt="ftm")
    with pytest.raises(InputError, match=r"reads sdn\.xml, or sdn\.csv"):
        ingest_list(ws, empty, fmt="ofac-sdn")
    assert rows(ws, "SELECT count(*) FROM imports") == [(0,)]
    assert rows(ws, "SELECT count(*) FROM list_entities") == [(0,)]


def test_file_with_no_ftm_entity_is_refused_naming_it(ws: Workspace, tmp_path: Path) -> None:
    # OpenSanctions' delta index: one JSON document over several lines, no entity in it.
    index = tmp_path / "delta.json"
    index.write_text(
        '{"versions": \n    {\n    "20240527134702-zbn":"https://example.org/a.json",\n'
        '    "20240527194702-wnk":"https://example.org/b.json"\n    },\n'
        '"updated_at": "2024-05-29"}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as exc:
        ingest_list(ws, index, fmt="ftm")
    message = str(exc.value)
    assert message.startswith(
        f"{index}: no line is a FollowTheMoney entity (6 line(s): 6 bad_json)"
    )
    assert "one JSON document with keys versions, updated_at" in message
    assert rows(ws, "SELECT count(*) FROM imports") == [(0,)]
    assert rows(ws, "SELECT count(*) FROM quarantine") == [(0,)]


def test_ftm_ownership_keeps_share_and_dates(ws: Workspace) -> None:
    # tester2 D14: zala_entities.ftm.json gives Zakharov three holdings in LLC CST (50 %, 48 %
    # and 51 %), two of them ended; each is its own relation with its percentage and dates.
    ingest_list(ws, FTM / "zala_entities.ftm.json", fmt="ftm")
    held = rows(
        ws,
        "SELECT percentage, shares_count, start_date, end_date FROM list_relations"
        " WHERE source_id = 'NK-aU5ybkbRFJucf8YMwsJvDw' AND target_id = 'NK-abdzbEBkqyT29GyREbiURZ'"
        " AND relation = 'Ownership' ORDER BY percentage",
    )
    assert held == [
        ("48", "6233.77", "2015-11-25", "2023-12-21"),
        ("50", "6494.29", "2015-11-25", "2023-03-02"),
        ("51", "6624.16", "2015-11-25", None),
    ]
    ended = rows(
        ws,
        "SELECT shares_count, end_date FROM list_relations"
        " WHERE target_id = 'NK-cWSvGMvufNH5KwEV88FwTA'",
    )
    assert ended == [("37000", "2005-11-03")]
    ids = rows(
        ws, "SELECT count(DISTINCT relation_id) FROM list_relations WHERE relation <> 'address'"
    )
    assert ids == [(21,)]


def test_opensanctions_delta_files_change_the_loaded_list(ws: Workspace) -> None:
    # tester2 D13: the delta files were refused as "unknown_schema". Read in the order of their
    # version names, they add, replace and delete entities of the list loaded before them.
    deltas = FTM / "t2_deltas"
    wnk = deltas / "20240527194702-wnk_entities.delta.json"
    with pytest.raises(InputError) as exc:
        ingest_list(ws, wnk, fmt="ftm")
    assert "an OpenSanctions delta file (2 ADD, 0 MOD, 0 DEL)" in str(exc.value)
    assert "ingest the dataset's full entities.ftm.json first" in str(exc.value)
    assert rows(ws, "SELECT count(*) FROM imports") == [(0,)]
    ingest_list(ws, FTM / "t1_entities.ftm.json", fmt="ftm")
    before = rows(ws, "SELECT count(*) FROM list_entities")[0][0]
    empty = ingest_list(ws, deltas / "20240527134702-zbn_entities.delta.json", fmt="ftm")
    assert empty.notes == ["an empty OpenSanctions delta file: no change to the loaded lists"]
    assert ingest_list(ws, wnk, fmt="ftm").entities == 2
    mod = ingest_list(ws, deltas / "20240528014702-pfh_entities.delta.json", fmt="ftm")
    assert mod.notes[-1] == (
        "an OpenSanctions delta file (1 ADD, 1 MOD, 0 DEL) applied to the loaded FtM lists:"
        " 1 listed party replaced by the version given, 0 added, 0 removed with their relations"
    )
    # the MOD's version replaced the ADD's: one record, of the list the MOD names
    aqi = "SELECT list FROM list_entities WHERE entity_id = 'NK-2T3S8Hu29ktYnKSTgQp2wL'"
    assert rows(ws, aqi) == [("ftm:eu_fsf",)]
    # the ADD of NK-500Poltergeist has a caption but no name: quarantined as any FtM line
    assert mod.by_reason == {"missing_name": 1}
    gone = ingest_list(ws, deltas / "20240528074703-npf_entities.delta.json", fmt="ftm")
    assert gone.notes[-1] == (
        "an OpenSanctions delta file (0 ADD, 0 MOD, 1 DEL) applied to the loaded FtM lists:"
        " 0 listed parties replaced by the version given, 0 added, 0 removed with their"
        " relations; 1 DEL id(s) not in the workspace (nothing to remove), e.g."
        " 'NK-500Poltergeist'"
    )
    ingest_list(ws, deltas / "20240528134729-3iv_entities.delta.json", fmt="ftm")
    assert rows(ws, "SELECT count(*) FROM list_entities")[0][0] == before + 3
    stored = rows(ws, "SELECT profile FROM imports ORDER BY import_id DESC LIMIT 1")[0][0]
    assert "applied to the loaded FtM lists" in stored


def test_delta_replaces_a_relation_and_deletes_a_party_with_its_links(
    ws: Workspace, tmp_path: Path
) -> None:
    ingest_list(ws, FTM / "zala_entities.ftm.json", fmt="ftm")
    cst, stake = "NK-abdzbEBkqyT29GyREbiURZ", "ru-dfe0a021cb69f99e198bb8cbbcb93e81130b32a7"
    ended = {"id": stake, "schema": "Ownership", "properties": {
        "owner": ["NK-aU5ybkbRFJucf8YMwsJvDw"], "asset": [cst], "percentage": ["51"],
        "startDate": ["2015-11-25"], "endDate": ["2024-05-01"]}}  # fmt: skip
    mod = tmp_path / "1-mod_entities.delta.json"
    mod.write_text(json.dumps({"op": "MOD", "entity": ended}) + "\n", encoding="utf-8")
    ingest_list(ws, mod, fmt="ftm")
    assert rows(ws, f"SELECT end_date FROM list_relations WHERE relation_id = '{stake}'") == [
        ("2024-05-01",)
    ]
    links = f"SELECT count(*) FROM list_relations WHERE source_id = '{cst}' OR target_id = '{cst}'"
    assert rows(ws, links)[0][0] > 0
    dele = tmp_path / "2-del_entities.delta.json"
    dele.write_text(json.dumps({"op": "DEL", "entity": {"id": cst}}) + "\n", encoding="utf-8")
    r = ingest_list(ws, dele, fmt="ftm")
    assert "1 removed with their relations" in r.notes[-1]
    assert rows(ws, links) == [(0,)]
    assert rows(ws, f"SELECT count(*) FROM list_entities WHERE entity_id = '{cst}'") == [(0,)]
