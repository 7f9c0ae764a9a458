"""FtM export: every entity a line of the file references is a line of the file."""

from __future__ import annotations

import json
from pathlib import Path

from followthemoney import model

from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.report.ftm_export import export_ftm
from shadowtrade.scanning import run_scan
from shadowtrade.workspace import Workspace

HEADER = (
    "shipment_id,date,exporter,exporter_country,importer,importer_country,consignee,"
    "origin_country,destination_country,transit_countries,hs_code,description,value_usd,"
    "net_weight_kg,transport_mode,invoice_no,end_user_certificate_no,certificate_date\n"
)
# One end-user certificate on three consignments to three consignees in three countries.
ROWS = [
    "E1,2023-02-01,Krusik ad,SRB,Alfa s.r.o.,CZE,Alfa s.r.o.,SRB,CZE,,930690,SHELLS,90000,5000,"
    "road,INV-1,EUC IND 047639,2023-01-10",
    "E2,2023-02-20,Krusik ad,SRB,Beta OOD,BGR,Beta OOD,SRB,BGR,,930690,SHELLS,80000,4000,"
    "sea,INV-2,EUC-IND-047639,2023-01-10",
    "E3,2023-03-15,Krusik ad,SRB,Gamma SRL,ROU,Gamma SRL,SRB,ROU,,930690,SHELLS,70000,3500,"
    ",INV-3,EUC IND 047639,2023-01-10",
]


def test_export_holds_every_entity_it_references(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    assert ingest_shipments(ws, f).accepted == 3
    alerts = run_scan(ws, ["document_reuse"])
    assert len(alerts) >= 1
    out = tmp_path / "x.ftm.json"
    res = export_ftm(ws, out)
    proxies = [model.get_proxy(json.loads(line)) for line in out.read_text("utf-8").splitlines()]
    assert len(proxies) == res.entities
    ids = {p.id for p in proxies}
    references = [
        (p.schema.name, prop.name, value)
        for p in proxies
        for prop, value in p.itervalues()
        if prop.type.name == "entity"
    ]
    assert references  # senders, receivers, contracts
    dangling = [r for r in references if r[2] not in ids]
    assert dangling == []
    acts = {p.first("recordId"): p for p in proxies if p.schema.name == "EconomicActivity"}
    assert set(acts) == {"E1", "E2", "E3"}
    contracts = {p.id: p for p in proxies if p.schema.name == "Contract"}
    # Two spellings of the one certificate are two documents as written; each is an entity.
    assert {c.first("name") for c in contracts.values()} == {"EUC IND 047639", "EUC-IND-047639"}
    e1 = acts["E1"]
    assert contracts[e1.first("contract")].first("title") == "End-user certificate EUC IND 047639"
    assert "by road" in e1.first("summary")
    assert acts["E3"].first("summary") == "930690 consignment, 70000.00 USD"


def test_missing_cells_are_left_out_not_written_as_nan(ws: Workspace, tmp_path: Path) -> None:
    """A declaration with no description or invoice number (the Korean customs data has
    neither) has no goodsDescription or ccdNumber: before, both were the text "nan"."""
    rows = [r.replace(",SHELLS,", ",,").replace(",INV-", ",X").replace(",X1,", ",,") for r in ROWS]
    f = tmp_path / "s.csv"
    f.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    assert ingest_shipments(ws, f).accepted == 3
    run_scan(ws, ["document_reuse"])
    out = tmp_path / "x.ftm.json"
    export_ftm(ws, out)
    proxies = [model.get_proxy(json.loads(line)) for line in out.read_text("utf-8").splitlines()]
    values = [v for p in proxies for _, v in p.itervalues()]
    assert "nan" not in values and "NaN" not in values
    acts = {p.first("recordId"): p for p in proxies if p.schema.name == "EconomicActivity"}
    assert acts["E1"].get("goodsDescription") == [] and acts["E1"].get("ccdNumber") == []
    assert acts["E2"].first("ccdNumber") == "X2"
