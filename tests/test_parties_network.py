"""Entity resolution (splink), the company network, list relations and the FtM export."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from followthemoney import model
from tests.conftest import SHARED, rows
from typer.testing import CliRunner

import shadowtrade
from shadowtrade.cli import app
from shadowtrade.entities.network import build_graph, company_paths, pass_through_companies
from shadowtrade.entities.resolution import (
    MATCHED_BY_IDENTIFIER,
    MATCHED_BY_NAME,
    bounded_clusters,
    features,
    identifier_columns,
    is_code,
    pairwise_scores,
    party_records,
    resolve,
    resolve_workspace,
)
from shadowtrade.errors import InputError
from shadowtrade.formats.sanctions import ingest_list
from shadowtrade.formats.shipments import ingest_shipments, load_shipment_mapping
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


# Import declarations naming parties by opaque 7-character codes: sellers in CHN that share the
# digit 1 and one importer, two codes one letter apart (KILND1W, KILND1V: one key once loose
# spellings collapse), a seller booked under two countries of departure, an all-letter code.
DECLARATIONS = [
    "K1,2021-01-04,KILND1W,CHN,QLRUBN9,KOR,,CHN,KOR,850440,,1000,10",
    "K2,2021-01-05,KILND1V,CHN,QLRUBN9,KOR,,CHN,KOR,850440,,1000,10",
    "K3,2021-01-06,FQKH1PD,CHN,QLRUBN9,KOR,,CHN,KOR,850440,,1000,10",
    "K4,2021-01-07,AI1JGDK,CHN,QLRUBN9,KOR,,CHN,KOR,850440,,1000,10",
    "K5,2021-01-08,XUR1GYY,CHN,QLRUBN9,KOR,,CHN,KOR,850440,,1000,10",
    "K6,2021-01-09,IS1YATG,CHN,7JD1S2X,KOR,,CHN,KOR,850440,,1000,10",
    "K7,2021-01-10,LETKC3T,CHN,7JD1S2X,KOR,,CHN,KOR,850440,,1000,10",
    "K8,2021-01-11,LETKC3T,USA,7JD1S2X,KOR,,USA,KOR,850440,,1000,10",
    "K9,2021-01-12,QWERTYU,JPN,8WDKMC6,KOR,,JPN,KOR,850440,,1000,10",
    "K10,2021-01-13,0VKY2BR,BEL,8WDKMC6,KOR,,BEL,KOR,850440,,1000,10",
    "K11,2021-01-14,GKLIYC0,CHN,8WDKMC6,KOR,,CHN,KOR,850440,,1000,10",
    "K12,2021-01-15,F3VHSLH,CHN,QLRUBN1,KOR,,CHN,KOR,850440,,1000,10",
]


def test_identifiers_are_matched_exactly_never_by_a_shared_digit(
    ws: Workspace, tmp_path: Path
) -> None:
    """Codes are one party each (one code under two countries is one), never joined by a
    look-alike letter or the digit they share; the user is told they were read as codes."""
    f = tmp_path / "k.csv"
    f.write_text(HEADER + "\n".join(DECLARATIONS) + "\n", encoding="utf-8")
    assert ingest_shipments(ws, f).accepted == len(DECLARATIONS)
    assert identifier_columns(ws) == {"exporter": 7}  # 12 sellers; importers are too few
    records = party_records(ws)
    assert records["identifier"].all()  # QLRUBN9 & co. by their own shape, QWERTYU by column's
    resolved, _ = resolve(records)
    parties = resolved.groupby("cluster_id")["party"].nunique()
    assert parties.max() == 1 and len(parties) == 15  # 11 sellers, 4 importers
    letk = resolved[resolved["party"] == "LETKC3T"]
    assert sorted(letk["country"]) == ["CHN", "USA"] and letk["cluster_id"].nunique() == 1
    assert set(resolved["matched_by"]) == {MATCHED_BY_IDENTIFIER}
    path = str(ws.path)
    ws.close()
    res = CliRunner().invoke(app, ["resolve", "-w", path])
    assert res.exit_code == 0, res.output
    said = " ".join(res.output.split())
    assert "resolved into 15 companies; 0 companies appear under more than one spelling" in said
    assert "15 party names read as identifiers (codes of letters and digits; the exporter" \
        " column holds codes of 7 characters): matched exactly" in said, said  # fmt: skip


def test_codes_and_the_numbers_of_a_name() -> None:
    assert [is_code(n) for n in ("KILND1W", "0VKY2BR", "QWERTYU", "3M", "Metaltehno 42 OOO")] \
        == [True, True, False, False, False]  # fmt: skip
    feats = features(pd.DataFrame({"party": ["X5B Trading", "Y5C Trading", "Metaltehno 42 OOO"],
                                   "country": "SRB", "partner_names": [[], [], []]}))  # fmt: skip
    # the digit inside a token belongs to it: X5B and Y5C do not share a number "5"
    # (the tokens as the name key spells them: loose spellings collapsed, x → g, y → i)
    assert list(feats["numbers"]) == ["g5b", "i5c", "42"]


def _names(keys: list[str], countries: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"unique_id": range(len(keys)), "key": keys, "country": countries})


def _pairs(links: list[tuple[int, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(links, columns=["unique_id_l", "unique_id_r", "match_probability"])


def test_a_chain_of_names_is_refused_as_one_firm() -> None:
    """Connected components chain pairs; a component of more name keys or countries than one
    firm has is refused, and only its stronger links (else its exact keys) hold together."""
    # 30 names chained at 0.95; 0-2 are one firm's spellings linked at 0.999.
    n = 30
    names = _names([f"firm {i}" for i in range(n)], ["CHN"] * n)
    chain = [(i, i + 1, 0.95) for i in range(n - 1)] + [(0, 1, 0.999), (1, 2, 0.999)]
    got = bounded_clusters(names, _pairs(chain))
    assert {got[i][0] for i in (0, 1, 2)} == {0}
    assert len({got[i][0] for i in range(3, n)}) == n - 3  # the rest one firm each
    assert got[5][1] == ("name (splink): chain of 30 name keys in 1 countries at p >= 0.9"
                         " refused as one firm; kept the links at p >= 0.99")  # fmt: skip
    # 3 spellings in one country hold together as splink joined them.
    small = bounded_clusters(_names(["a", "b", "c"], ["SRB"] * 3),
                             _pairs([(0, 1, 0.95), (1, 2, 0.95)]))  # fmt: skip
    assert small == {0: (0, MATCHED_BY_NAME), 1: (0, MATCHED_BY_NAME), 2: (0, MATCHED_BY_NAME)}
    # 8 keys in 8 countries, however sure: too many countries; one key twice holds together.
    spread = _names([f"k{i}" for i in range(8)] + ["k0"], [f"C{i}" for i in range(8)] + ["C1"])
    sure = [(i, i + 1, 0.99999) for i in range(8)]
    got = bounded_clusters(spread, _pairs(sure))
    assert {got[0][0], got[8][0]} == {0} and len({got[i][0] for i in range(9)}) == 8
    assert got[3][1].endswith("refused as one firm; kept exact keys only")


def test_korean_declarations_resolve_to_one_party_per_code(ws: Workspace) -> None:
    """The real anonymised declarations (seller and importer IDs): no two codes are one
    company, however many countries of departure a seller ID is booked under."""
    f = SHARED / "korean-customs-synthetic/df_syn_valid_eng.csv"
    mapping = Path(__file__).resolve().parents[1] / "src/shadowtrade/formats/mappings"
    r = ingest_shipments(ws, f, mapping=mapping / "korean_customs_declarations.yaml")
    assert "exporter and importer: identifiers, not names (the mapping says so): entity" \
        " resolution matches them exactly, never by spelling" in r.notes  # fmt: skip
    assert identifier_columns(ws) == {"exporter": 7, "importer": 7}  # and found in the data
    n = resolve_workspace(ws)
    (names,) = rows(ws, "SELECT count(DISTINCT party) FROM party_clusters")[0]
    assert n == names > 4000
    assert rows(ws, "SELECT count(*) FROM (SELECT cluster_id FROM party_clusters"
                " GROUP BY 1 HAVING count(DISTINCT party) > 1)") == [(0,)]  # fmt: skip


def test_a_mapping_declares_identifier_columns(ws: Workspace, tmp_path: Path) -> None:
    """A party column the mapping declares as identifiers is matched exactly, whatever its
    values look like: two registry entries one letter apart stay two (joined as names)."""
    lines = [
        "R1,2024-01-03,Omega Trading Ltd,CHN,Sigma Corp,KOR,,CHN,KOR,850440,converters,1000,10",
        "R2,2024-01-04,Omega Tradng Ltd,CHN,Sigma Corp,KOR,,CHN,KOR,850440,converters,1000,10",
    ]
    f = tmp_path / "r.csv"
    f.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    other = shadowtrade.open(tmp_path / "names")
    try:
        ingest_shipments(other, f)
        resolve_workspace(other)
        assert rows(other, "SELECT count(DISTINCT cluster_id) FROM party_clusters"
                    " WHERE country = 'CHN'") == [(1,)]  # fmt: skip
    finally:
        other.close()
    m = tmp_path / "m.yaml"
    m.write_text("name: registry\nidentifiers: [exporter]\n", encoding="utf-8")
    r = ingest_shipments(ws, f, mapping=m)
    assert any("exporter: identifiers, not names (the mapping says so)" in n for n in r.notes)
    resolve_workspace(ws)
    assert rows(ws, "SELECT party, matched_by FROM party_clusters WHERE country = 'CHN'"
                " ORDER BY 1") == [("Omega Trading Ltd", MATCHED_BY_IDENTIFIER),
                                   ("Omega Tradng Ltd", MATCHED_BY_IDENTIFIER)]  # fmt: skip
    assert rows(ws, "SELECT count(DISTINCT cluster_id) FROM party_clusters") == [(3,)]
    with pytest.raises(InputError, match="identifiers are party roles"):
        bad = tmp_path / "bad.yaml"
        bad.write_text("identifiers: [hs_code]\n", encoding="utf-8")
        load_shipment_mapping(bad)


def test_no_path_says_what_links_the_two_countries(trade: Workspace) -> None:
    """Tester D24: `network --origin CHN --destination KOR` printed '0 paths' and an empty
    table, saying nothing of the direct trade. Where no company path runs through an
    intermediary, the output says so and counts the direct links."""
    path = str(trade.path)
    trade.close()
    res = CliRunner().invoke(app, ["network", "--origin", "CZE", "--destination", "UKR",
                                   "-w", path])  # fmt: skip
    assert res.exit_code == 0, res.output
    said = " ".join(res.output.split())
    assert "0 paths CZE → UKR through intermediaries" in said
    assert (
        "no company outside CZE and UKR links them within 2 intermediaries; the network holds 1"
        " direct link(s) from CZE's companies to UKR's"
    ) in said
    res = CliRunner().invoke(app, ["network", "--origin", "UKR", "--destination", "SRB",
                                   "-w", path])  # fmt: skip
    said = " ".join(res.output.split())
    assert "no company of UKR trades straight with one of SRB either" in said
