"""description_mismatch on hand-built consignments with known answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.scanning import run_scan
from shadowtrade.workspace import Workspace

HEADER = "shipment_id,date,exporter,origin_country,destination_country,hs_code,description,"
HEADER += "value_usd,net_weight_kg\n"
ROWS = [
    # Shell bodies under the steel-articles cover code: a giveaway, the cover named.
    'G1,2023-02-01,Krušik a.d.,SRB,CZE,732690,"152MM SHELL BODIES, UNFILLED",90000,5000',
    # The same text under ammunition's own code: honest.
    'G2,2023-02-02,Krušik a.d.,SRB,CZE,930690,"152MM SHELL BODIES, UNFILLED",90000,5000',
    # "Armoured" safes are safes: the text fits its own heading, no alert.
    "G3,2023-02-03,Safe Co,DEU,AUT,830300,ARMOURED OR REINFORCED SAFES,20000,3000",
    # Smokeless powder under "chemical preparations n.e.c.".
    "G4,2023-02-04,Chem AD,BGR,ROU,382499,SMOKELESS POWDER FOR CARTRIDGES,50000,2000",
    # Ordinary goods described as what they are.
    "G5,2023-02-05,Toy Ltd,CHN,DEU,950300,PLASTIC BUILDING BLOCKS,10000,800",
    # Vague: valuable cover-code consignment; valuable ordinary one; cheap cover one.
    "V1,2023-03-01,Metal DOO,SRB,BGR,848790,SPARE PARTS,800000,30000",
    "V2,2023-03-02,Food Co,FRA,ESP,160417,GENERAL CARGO,800000,30000",
    "V3,2023-03-03,Metal DOO,SRB,BGR,848790,SPARE PARTS,5000,200",
]


@pytest.mark.spark_pass
def test_giveaways_and_vague_descriptions(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    assert ingest_shipments(ws, f).accepted == len(ROWS)
    alerts = run_scan(ws, ["description_mismatch"])
    by_id = {a.shipment_id: a for a in alerts.itertuples()}
    assert set(by_id) == {"G1", "G4", "V1", "V2"}
    g1 = json.loads(by_id["G1"].evidence)
    assert g1["read_as_heading"] == "9306"
    assert g1["declared_code_is_cover_for_heading"] is True
    assert "shell bodies" in g1["words"]
    assert by_id["G1"].score >= 0.75
    assert json.loads(by_id["G4"].evidence)["read_as_heading"] == "3601"
    assert by_id["G4"].score >= 0.75
    # A vague text on a cover code is a red flag; on ordinary goods it stays below 0.5.
    assert by_id["V1"].score >= 0.6
    assert by_id["V2"].score == 0.45
    assert "SPARE PARTS" in by_id["V1"].summary
