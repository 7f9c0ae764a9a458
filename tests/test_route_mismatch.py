"""route_mismatch on hand-built consignments: consignee elsewhere, a detour the pair never takes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.scanning import run_scan
from shadowtrade.workspace import Workspace

HEADER = (
    "shipment_id,date,exporter,importer,importer_country,origin_country,destination_country,"
    "transit_countries,hs_code,value_usd\n"
)


@pytest.fixture
def routes(ws: Workspace, tmp_path: Path) -> Workspace:
    lines = []
    # DEU → KAZ: 30 consignments, 18 direct and 12 through POL; one more through RUS.
    for i in range(30):
        via = "POL" if i % 5 < 2 else ""
        lines.append(
            f"R{i},2023-03-{i % 28 + 1:02d},Maschinen AG,Astana LLP,KAZ,DEU,KAZ,{via},847990,20000"
        )
    lines.append("X1,2023-04-02,Maschinen AG,Astana LLP,KAZ,DEU,KAZ,RUS,847990,90000")
    # Declared for ARM, consigned to a party in GEO.
    lines.append("X2,2023-04-03,Shell Works,Tbilisi Trade LLC,GEO,CZE,ARM,,930690,250000")
    # A pair with few consignments: nothing is learnt, nothing is flagged.
    lines.append("Y1,2023-04-04,A,B,FIN,SWE,FIN,EST,847990,1000")
    f = tmp_path / "r.csv"
    f.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    r = ingest_shipments(ws, f)
    assert (r.accepted, r.quarantined) == (33, 0)
    return ws


@pytest.mark.spark_pass
def test_consignee_elsewhere_and_rare_transit(routes: Workspace) -> None:
    alerts = run_scan(routes, ["route_mismatch"])
    got = {a.shipment_id: a for a in alerts.itertuples()}
    assert set(got) == {"X1", "X2"}
    x1 = got["X1"]
    assert (x1.origin, x1.via, x1.destination) == ("DEU", "RUS", "KAZ")
    ev = json.loads(x1.evidence)
    # Hand count: the pair has 31 consignments, one of them through RUS; POL (12/31) is usual.
    assert (ev["consignments_of_pair"], ev["consignments_through_it"]) == (31, 1)
    assert ev["route"] == ["DEU", "RUS", "KAZ"]
    x2 = got["X2"]
    assert (x2.origin, x2.via, x2.destination) == ("CZE", "GEO", "ARM")
    assert x2.score == pytest.approx(0.75)  # ammunition weight 1 × 0.75
    assert x1.score == pytest.approx(0.85 * 0.7)  # cover code 847990
    assert "declared for ARM but consigned to Tbilisi Trade LLC in GEO" in x2.summary


def test_empty_shipments_table(ws: Workspace) -> None:
    assert run_scan(ws, ["route_mismatch"]).empty


@pytest.fixture
def geography(ws: Workspace, tmp_path: Path) -> Workspace:
    lines = [
        # Declared for BGR, routed past it through ROU, MDA and UKR: a pair with no history.
        "G1,2024-05-02,Krusik ad,Sofia Trade OOD,BGR,SRB,BGR,ROU;MDA;UKR,930690,250000",
        # SRB → DEU through HUN: on the way.
        "G2,2024-05-03,Krusik ad,Berlin GmbH,DEU,SRB,DEU,HUN,930690,250000",
        # CZE → ARM through ARE, three times: the pair's own corridor, however long.
        *(
            f"G3{i},2024-05-0{i + 4},Alfa s.r.o.,Yerevan LLC,ARM,CZE,ARM,ARE,930690,9000"
            for i in range(3)
        ),
        # SRB → ARM through TUR three times makes TUR a hub of SRB's trade; SRB → BGR through
        # TUR (past BGR) is then a known hub's detour: flagged, weaker.
        *(
            f"G4{i},2024-06-0{i + 1},Krusik ad,Yerevan LLC,ARM,SRB,ARM,TUR,930690,9000"
            for i in range(3)
        ),
        "G5,2024-06-09,Krusik ad,Sofia Trade OOD,BGR,SRB,BGR,TUR,930690,9000",
    ]
    f = tmp_path / "g.csv"
    f.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    assert ingest_shipments(ws, f).accepted == 9
    return ws


def test_route_past_destination_without_history(geography: Workspace) -> None:
    alerts = run_scan(geography, ["route_mismatch"])
    got = {a.shipment_id: a for a in alerts.itertuples()}
    assert set(got) == {"G1", "G5"}
    g1 = got["G1"]
    assert (g1.origin, g1.via, g1.destination) == ("SRB", "UKR", "BGR")
    assert g1.score == pytest.approx(0.7)  # ammunition weight 1 × 0.7, no known hub
    ev = json.loads(g1.evidence)
    # Centroids (country_geo.csv): SRB 44.02N 21.01E, BGR 43N 25E, ROU 46N 25E, MDA 47N 29E,
    # UKR 49N 32E; haversine by hand: 341, 384, 326, 315 and 858 km.
    assert ev["route"] == ["SRB", "ROU", "MDA", "UKR", "BGR"]
    assert ev["past_destination"] is True and ev["known_hub"] is False
    assert ev["direct_km"] == pytest.approx(341, abs=2)
    assert ev["origin_to_transit_km"] == pytest.approx(1006, abs=2)
    assert ev["route_km"] == pytest.approx(384 + 326 + 315 + 858, abs=4)
    assert "went past their declared destination" in g1.summary
    g5 = got["G5"]
    assert json.loads(g5.evidence)["known_hub"] is True
    assert g5.score == pytest.approx(0.7 * 0.6)
    assert "TUR is a hub of SRB's or BGR's other consignments" in g5.summary
