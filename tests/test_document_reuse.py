"""document_reuse on hand-built consignments with known answers, and the legitimate cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.scanning import run_scan
from shadowtrade.workspace import Workspace

HEADER = (
    "shipment_id,date,exporter,exporter_country,consignee,destination_country,origin_country,"
    "hs_code,value_usd,net_weight_kg,invoice_no,end_user_certificate_no,certificate_date\n"
)
ROWS = [
    # One certificate, three consignees in two countries: reuse.
    "S1,2023-02-01,Krušik a.d.,SRB,Alfa s.r.o.,CZE,SRB,930690,500000,20000,I-1,EUC-2023/017,"
    "2023-01-10",
    "S2,2023-03-01,Krušik a.d.,SRB,Beta OOD,BGR,SRB,930690,400000,16000,I-2,euc 2023-017,"
    "2023-01-10",
    "S3,2023-04-01,Krušik a.d.,SRB,Gamma a.s.,CZE,SRB,930690,300000,12000,I-3,EUC2023017,"
    "2023-01-10",
    # One consignment declared on two lines: same certificate and invoice, not reuse.
    "S4,2023-05-02,Arsenal AD,BGR,Delta LLC,USA,BGR,930621,100000,5000,I-9,EUC-55,2023-04-01",
    "S5,2023-05-02,Arsenal AD,BGR,Delta LLC,USA,BGR,930629,80000,4000,I-9,EUC-55,2023-04-01",
    # A certificate dated after the shipment.
    "S6,2023-06-01,Arsenal AD,BGR,Epsilon SA,FRA,BGR,360100,90000,6000,I-10,EUC-77,2023-06-20",
    # Two certificates that look alike (letter O for zero) from one exporter to two consignees.
    "S7,2023-07-01,Zbrojovka s.r.o.,CZE,Omega Ltd,GBR,CZE,930690,60000,3000,I-11,EUC-4401,"
    "2023-06-01",
    "S8,2023-07-15,Zbrojovka s.r.o.,CZE,Sigma Ltd,IRL,CZE,930690,60000,3000,I-12,EUC-44O1,"
    "2023-06-01",
    # Certificates issued in sequence (one digit apart) are not alike.
    "S11,2023-09-01,Zbrojovka s.r.o.,CZE,Tau Ltd,GBR,CZE,930690,60000,3000,I-13,EUC-5501,"
    "2023-08-01",
    "S12,2023-09-02,Zbrojovka s.r.o.,CZE,Phi Ltd,GBR,CZE,930690,60000,3000,I-14,EUC-5502,"
    "2023-08-01",
    # One invoice number on consignments between different parties.
    "S9,2023-08-01,Steel Co,DEU,Kappa GmbH,AUT,DEU,732690,20000,9000,INV-777,,",
    "S10,2023-08-05,Other Co,POL,Lambda sp. z o.o.,POL,POL,732690,20000,9000,INV-777,,",
]


@pytest.fixture
def papers(ws: Workspace, tmp_path: Path) -> Workspace:
    f = tmp_path / "s.csv"
    f.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    r = ingest_shipments(ws, f, mapping=None)
    assert (r.accepted, r.quarantined) == (12, 0)
    return ws


@pytest.mark.spark_pass
def test_reuse_misdating_and_near_duplicates(papers: Workspace) -> None:
    alerts = run_scan(papers, ["document_reuse"])
    ev = {a.alert_id: json.loads(a.evidence) for a in alerts.itertuples()}
    by_summary = {a.summary: a for a in alerts.itertuples()}
    assert len(alerts) == 4

    cert = next(a for a in alerts.itertuples() if ev[a.alert_id].get("number") == "EUC-2023/017")
    e = ev[cert.alert_id]
    # The three spellings are one number; three consignees, two countries, 1.2 M USD.
    assert (e["consignments"], e["distinct_recipients"], e["distinct_destinations"]) == (3, 3, 2)
    assert e["value_usd"] == 1_200_000
    assert [c["shipment_id"] for c in e["consignment_list"]] == ["S1", "S2", "S3"]
    assert cert.score >= 0.8 and cert.entity == "Krušik a.d." and cert.hs_code == "930690"

    late = next(a for a in alerts.itertuples() if a.shipment_id == "S6")
    assert ev[late.alert_id]["days_shipment_after_certificate"] == -19
    assert late.score >= 0.8
    assert "dated 2023-06-20, 19 days after the shipment" in late.summary

    near = next(s for s in by_summary if "look alike" in s)
    assert "EUC4401 and EUC44O1" in near

    inv = next(a for a in alerts.itertuples() if ev[a.alert_id].get("number") == "INV-777")
    assert ev[inv.alert_id]["distinct_recipients"] == 2
    assert inv.score < 0.8  # ordinary goods weigh less than ammunition


def test_one_consignment_on_two_lines_is_not_reuse(papers: Workspace) -> None:
    alerts = run_scan(papers, ["document_reuse"])
    text = " ".join(alerts.summary)
    assert "EUC-55" not in text and "I-9" not in text


def test_empty_shipments_table(ws: Workspace) -> None:
    assert run_scan(ws, ["document_reuse"]).empty


def test_a_certificate_number_with_one_character_inserted(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "ins.csv"
    f.write_text(
        HEADER + "A1,2023-02-01,Arms Co,SRB,Alfa s.r.o.,CZE,SRB,930690,50000,2000,I-1,EUC-2023/017,"
        "2023-01-10\n"
        + "A2,2023-03-01,Arms Co,SRB,Beta OOD,BGR,SRB,930690,50000,2000,I-2,EUC-2023/0177,"
        "2023-01-10\n"
        + "A3,2023-03-05,Arms Co,SRB,Gamma AD,BGR,SRB,930690,50000,2000,I-3,EUC-2023/018,"
        "2023-01-10\n",
        encoding="utf-8",
    )
    ingest_shipments(ws, f)
    alerts = run_scan(ws, ["document_reuse"])
    near = [json.loads(a.evidence) for a in alerts.itertuples() if "look alike" in a.summary]
    # 017 → 0177 is an insertion; 017 and 018 are numbers in sequence, not alike.
    assert [(e["doc_a"], e["doc_b"]) for e in near] == [("EUC2023017", "EUC20230177")]
