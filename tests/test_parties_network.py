"""Entity resolution (splink), the company network, list relations and the FtM export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from followthemoney import model
from tests.conftest import SHARED, rows
from typer.testing import CliRunner

from shadowtrade.cli import app
from shadowtrade.entities.network import build_graph, company_paths, pass_through_companies
from shadowtrade.entities.resolution import (
    pairwise_scores,
    party_records,
    resolve,
    resolve_workspace,
)
from shadowtrade.formats.sanctions import ingest_list
from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.report.ftm_export import export_ftm
from shadowtrade.scanning import run_scan
from shadowtrade.synth.consignments import write_consignments
from shadowtrade.workspace import Workspace

HEADER = (
    "shipment_id,date,exporter,exporter_country,importer,importer_country,consignee,"
    "origin_country,destination_country,hs_code,description,value_usd,net_weight_kg\n"
)
# Krušik (SRB) ships shells' parts to Alfa (CZE), which ships the same heading on to Kyiv within
# days. A second route through Beta (BGR); a direct SRB → UKR flow; Gamma (CZE) sells steel to
# Alfa, written there in Cyrillic.
LINES = [
    "N1,2024-01-03,Krušik a.d.,SRB,Alfa s.r.o.,CZE,,SRB,CZE,930690,shell parts,100000,1000",
    "N2,2024-01-08,Alfa s.r.o.,CZE,Arsenal TOV,UKR,,CZE,UKR,930690,shell parts,110000,1000",
    "N3,2024-02-03,Krušik a.d.,SRB,Alfa s.r.o.,CZE,,SRB,CZE,930690,shell parts,90000,900",
    "N4,2024-02-07,Alfa s.r.o.,CZE,Arsenal TOV,UKR,,CZE,UKR,930690,shell parts,95000,900",
    "N5,2024-03-03,Krušik a.d.,SRB,Alfa s.r.o.,CZE,,SRB,CZE,930690,shell parts,80000,800",
    "N6,2024-03-06,Alfa s.r.o.,CZE,Arsenal TOV,UKR,,CZE,UKR,930690,shell parts,85000,800",
    "N7,2024-03-10,Krušik a.d.,SRB,Beta OOD,BGR,,SRB,BGR,930690,shell parts,50000,500",
    "N8,2024-03-20,Beta OOD,BGR,Arsenal TOV,UKR,,BGR,UKR,930690,shell parts,52000,500",
    "N9,2024-03-21,Krušik a.d.,SRB,Arsenal TOV,UKR,,SRB,UKR,930690,shell parts,10000,100",
    "N10,2024-03-22,Gamma s.r.o.,CZE,Алфа с.р.о.,CZE,,CZE,CZE,732690,steel,5000,900",
]


@pytest.fixture
def trade(ws: Workspace, tmp_path: Path) -> Workspace:
    f = tmp_path / "n.csv"
    f.write_text(HEADER + "\n".join(LINES) + "\n", encoding="utf-8")
    assert ingest_shipments(ws, f).accepted == len(LINES)
    return ws


def test_resolution_joins_scripts_and_keeps_numbers_apart(ws: Workspace, tmp_path: Path) -> None:
    """On a simulated world, F1 ≥ 0.9 against the truth of which spellings are one firm."""
    f, truth_file = write_consignments(tmp_path / "w", seed=3)
    ingest_shipments(ws, f)
    records = party_records(ws)
    resolved, _ = resolve(records)
    truth = [{(n, s["country"]) for n in s["names"]}
             for s in json.loads(truth_file.read_text())["firm_spellings"]]  # fmt: skip
    scores = pairwise_scores(resolved, truth)
    assert scores["f1"] >= 0.9, scores
    assert scores["true_pairs"] >= 50
    # Firms told apart by a number are never joined.
    for _, g in resolved.groupby("cluster_id"):
        assert g["numbers"].nunique(dropna=False) == 1


def test_clusters_stored_and_network_paths(trade: Workspace) -> None:
    n = resolve_workspace(trade)
    assert n == 5  # Krušik, Alfa (two scripts), Arsenal, Beta, Gamma
    alfa = rows(trade, "SELECT DISTINCT cluster_id FROM party_clusters WHERE country = 'CZE'"
                " AND party IN ('Alfa s.r.o.', 'Алфа с.р.о.')")  # fmt: skip
    assert len(alfa) == 1
    g = build_graph(trade)
    paths = company_paths(g, "SRB", "UKR")
    assert [p.countries for p in paths] == [["SRB", "CZE", "UKR"], ["SRB", "BGR", "UKR"]]
    assert paths[0].names[1] == "Alfa s.r.o." and paths[0].consignments == 3
    assert paths[0].headings == ["9306"]
    assert company_paths(g, "SRB", "UKR", headings={"7326"}) == []
    through = pass_through_companies(trade)
    assert list(through["firm"]) == ["Alfa s.r.o."]  # in and out within days, one destination


def test_list_relations_and_ftm_export_round_trip(trade: Workspace, tmp_path: Path) -> None:
    z = ingest_list(trade, SHARED / "opensanctions" / "zala_entities.ftm.json", fmt="ftm")
    assert z.relations > 0
    kinds = dict(rows(trade, "SELECT relation, count(*) FROM list_relations GROUP BY 1"))
    assert kinds["Ownership"] == 14 and kinds["Directorship"] == 3 and kinds["Family"] == 4
    # A consignee spelt as a listed company makes a list_match alert.
    listed = rows(trade, "SELECT name FROM list_entities WHERE schema = 'Company' LIMIT 1")[0][0]
    f = tmp_path / "m.csv"
    f.write_text(
        HEADER + f"M1,2024-04-01,Alfa s.r.o.,CZE,{listed},RUS,,CZE,RUS,880730,parts,70000,70\n",
        encoding="utf-8",
    )
    ingest_shipments(trade, f)
    resolve_workspace(trade)
    run_scan(trade)
    assert rows(trade, "SELECT count(*) FROM alerts WHERE detector = 'list_match'")[0][0] >= 1
    out = tmp_path / "x.ftm.json"
    res = export_ftm(trade, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == res.entities > 0
    ids = set()
    proxies = []
    for line in lines:
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.to_dict() == data  # the library reads back exactly what was written
        ids.add(proxy.id)
        proxies.append(proxy)
    for p in proxies:  # every reference points at an entity in the file
        for prop, value in p.itervalues():
            if prop.type.name == "entity":
                assert value in ids, (p.schema.name, prop.name, value)
    schemata = {p.schema.name for p in proxies}
    assert {"EconomicActivity", "Company", "UnknownLink"} <= schemata
    m1 = next(p for p in proxies if p.schema.name == "EconomicActivity" and
              p.first("recordId") == "M1")  # fmt: skip
    assert m1.first("vedCode") == "880730" and m1.first("destinationCountry") == "ru"
    link = next(p for p in proxies if p.schema.name == "UnknownLink")
    target = next(p for p in proxies if p.id == link.first("object"))
    assert "sanction" in target.get("topics")


def test_resolution_of_parties_without_partners_and_names_in_several_countries(
    ws: Workspace, tmp_path: Path
) -> None:
    """Import declarations that name the importer only (no seller) give parties without a
    partner: resolved, not a crash (the real Korean declarations crashed `resolve`). One name
    booked under two countries is one spelling of one company, not two."""
    f = tmp_path / "d.csv"
    lines = [
        "D1,2024-01-03,,,Omega Trading,KOR,,CHN,KOR,850440,converters,1000,10",
        "D2,2024-01-04,,,Omega Trading,KOR,,DEU,KOR,850440,converters,1000,10",
        "D3,2024-01-05,Xin Ltd,CHN,Omega Trading,KOR,,CHN,KOR,850440,converters,1000,10",
        "D4,2024-01-06,Xin Ltd,HKG,Sigma Corp,KOR,,CHN,KOR,850440,converters,1000,10",
        "D5,2024-01-07,,,Tau Imports,KOR,,JPN,KOR,850440,converters,1000,10",
    ]
    f.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    assert ingest_shipments(ws, f).accepted == len(lines)
    records = party_records(ws)
    tau = records.loc[records["party"] == "Tau Imports", "partner_names"]
    assert [list(x) for x in tau] == [[]]
    path = str(ws.path)
    ws.close()
    res = CliRunner().invoke(app, ["resolve", "-w", path])
    assert res.exit_code == 0, res.output
    said = " ".join(res.output.split())
    assert "5 party records (4 distinct names, each with a country)" in said, said
    assert "0 companies appear under more than one spelling" in said, said


def test_cli_resolve_network_export(trade: Workspace, tmp_path: Path) -> None:
    path = str(trade.path)
    trade.close()
    res = CliRunner().invoke(app, ["resolve", "-w", path])
    assert res.exit_code == 0, res.output
    said = " ".join(res.output.split())
    assert "6 party records (6 distinct names, each with a country)" in said
    assert "resolved into 5 companies" in said
    assert "1 companies appear under more than one spelling" in said
    res = CliRunner().invoke(app, ["network", "--origin", "Serbia", "--destination", "UKR",
                                   "-w", path, "--format", "csv"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "Krušik a.d. (SRB) → Alfa s.r.o. (CZE) → Arsenal TOV (UKR)" in res.output
    assert CliRunner().invoke(app, ["scan", "-w", path]).exit_code == 0
    target = tmp_path / "out.ftm.json"
    res = CliRunner().invoke(app, ["export", "--ftm", "--out", str(target), "-w", path])
    assert res.exit_code == 0, res.output
    written = int(res.output.split("wrote ")[1].split(" entities")[0].replace(",", ""))
    assert written == len(target.read_text(encoding="utf-8").splitlines())
