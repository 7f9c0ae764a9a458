"""consignment_anomaly on hand-built consignments: a mispriced one and a pass-through firm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.scanning import run_scan
from shadowtrade.workspace import Workspace

HEADER = (
    "shipment_id,date,exporter,consignee,origin_country,destination_country,hs_code,value_usd,"
    "net_weight_kg\n"
)


@pytest.fixture
def consignments(ws: Workspace, tmp_path: Path) -> Workspace:
    lines = []
    # 30 consignments of steel articles at 3–5 USD/kg, and one at 40 USD/kg.
    for i in range(30):
        usd_per_kg = 3.0 + 2.0 * (i % 10) / 9
        lines.append(
            f"N{i},2023-01-{i % 28 + 1:02d},Mill {i % 5},Buyer {i % 7},DEU,FRA,"
            f"732690,{10_000 * usd_per_kg:.0f},10000"
        )
    lines.append("M1,2023-02-01,Mill 1,Buyer 1,SRB,CZE,732690,400000,10000")
    # A firm that receives fuze parts from SRB and ships them on to UKR within a week, 4 times.
    for k in range(4):
        day = 1 + 7 * k
        lines.append(f"I{k},2023-03-{day:02d},Krušik a.d.,Transit Co,SRB,HUN,360340,50000,1000")
        lines.append(f"O{k},2023-03-{day + 3:02d},Transit Co,Kyiv Buyer,HUN,UKR,360340,52000,990")
    # A distributor: receives from one origin, ships to three countries — not a pass-through.
    for k in range(4):
        lines.append(f"J{k},2023-04-{1 + k:02d},Maker,Distrib,ITA,AUT,847990,10000,100")
        dest = ("SVN", "HRV", "HUN", "SVN")[k]
        lines.append(f"K{k},2023-04-{3 + k:02d},Distrib,Shop {k},AUT,{dest},847990,11000,100")
    f = tmp_path / "c.csv"
    f.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    r = ingest_shipments(ws, f)
    assert r.quarantined == 0
    return ws


def test_mispriced_consignment_and_pass_through(consignments: Workspace) -> None:
    alerts = run_scan(consignments, ["consignment_anomaly"])
    assert len(alerts) == 2
    uv = alerts[alerts.shipment_id == "M1"].iloc[0]
    ev = json.loads(uv.evidence)
    assert ev["unit_value_usd_per_kg"] == 40.0
    assert 3.0 < ev["code_median_usd_per_kg"] < 5.0
    assert ev["robust_z"] > 4
    # The norm says what it rests on: the code's 31 consignments; the route SRB -> CZE has one.
    assert ev["code_consignments"] == 31
    assert "typical for the code (over 31 consignments)" in uv.summary
    pt = alerts[alerts.entity == "Transit Co"].iloc[0]
    ev = json.loads(pt.evidence)
    assert (ev["outbound_consignments"], ev["matched_to_an_inbound"]) == (4, 4)
    assert ev["median_days_between"] == 3 and ev["destination"] == "UKR"
    # Fuzes (3603) weigh 0.9; every consignment matched: × 0.95; 4 consignments: × 0.9.
    assert pt.score == pytest.approx(0.9 * 0.95 * 0.9)
    assert "Distrib" not in set(alerts.entity)


def test_empty_shipments_table(ws: Workspace) -> None:
    assert run_scan(ws, ["consignment_anomaly"]).empty


def test_prices_below_a_dollar_keep_their_digits(ws: Workspace, tmp_path: Path) -> None:
    """Cheap goods (0.001 USD/kg, as in a synthetic customs set) are said to three significant
    digits: 'against 0.00 USD/kg typical' read as nonsense (tester D4)."""
    lines = [f"N{i},2023-01-{i % 28 + 1:02d},Mill,Buyer,DEU,FRA,940330,{1 + i % 3},1000"
             for i in range(30)]  # fmt: skip
    lines.append("M1,2023-02-01,Mill,Buyer,DEU,FRA,940330,900,1000")
    f = tmp_path / "c.csv"
    f.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    ingest_shipments(ws, f)
    alerts = run_scan(ws, ["consignment_anomaly"])
    uv = alerts[alerts.shipment_id == "M1"].iloc[0]
    assert "declared at 0.9 USD/kg against 0.002 USD/kg typical" in uv.summary
