"""The parties drawn on a case page around a list match (tester2 D26): the listed party was a
bare id ('ftm:mc_fund_freezes NK-nR5AXM9AVPq4pQaSPSaVam') and the list's ownership and
directorship links were not drawn. Now the list's name, and its relations two steps out, each
with its terms; an ended holding said to be ended."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
from tests.conftest import SHARED

from shadowtrade.cases import build_cases
from shadowtrade.detect.alerts import alert_row
from shadowtrade.formats.sanctions import ingest_list
from shadowtrade.report.figures import as_figure, network_figure
from shadowtrade.schema import ALERTS
from shadowtrade.views import case_network, relation_words
from shadowtrade.workspace import Workspace

KALASHNIKOV = "NK-nR5AXM9AVPq4pQaSPSaVam"
CST = "NK-abdzbEBkqyT29GyREbiURZ"  # LLC CST (ZALA)
ZAKHAROV = "NK-aU5ybkbRFJucf8YMwsJvDw"


def test_a_list_match_is_drawn_by_name_with_the_lists_relations(ws: Workspace) -> None:
    ingest_list(ws, SHARED / "opensanctions" / "zala_entities.ftm.json", fmt="ftm")
    lst = ws.raw.execute(
        "SELECT list FROM list_entities WHERE entity_id = ?", [KALASHNIKOV]
    ).fetchone()
    assert lst is not None
    alert = alert_row(
        "list_match", ("Kontsern Kalashnikov AO", KALASHNIKOV), score=1.0, origin="RUS",
        destination="ARM", entity="Kontsern Kalashnikov AO", hs_code=None,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 1, 1), summary="Kontsern Kalashnikov AO is listed",
        evidence={"list": lst[0], "entity_id": KALASHNIKOV, "party_country": "RUS"},
    )  # fmt: skip
    ws.raw.register("_new", pd.DataFrame([alert])[list(ALERTS)])
    ws.raw.execute("INSERT INTO alerts SELECT * FROM _new")
    build_cases(ws)
    cid = str(ws.raw.execute("SELECT case_id FROM cases").fetchall()[0][0])
    net = case_network(ws, cid)
    label = {n["id"].split(" ", 1)[-1]: n.get("label") for n in net["nodes"]}
    assert label[KALASHNIKOV].startswith("JSC Kalashnikov Concern (listed: ")
    assert label[CST] is not None and not label[CST].startswith("ftm:")
    assert label[ZAKHAROV].split(" (")[0] == "Alexander Vyacheslavovich ZAKHAROV"
    edges = {frozenset(x.split(" ", 1)[-1] for x in (e["source"], e["target"])): e
             for e in net["edges"]}  # fmt: skip
    assert edges[frozenset({KALASHNIKOV, CST})]["relation"].split("; ") == [
        "Ownership: subsidiary of", "Ownership 49 % since 2016-03-29"]  # fmt: skip
    held = edges[frozenset({ZAKHAROV, CST})]["relation"].split("; ")
    assert "Ownership 51 % since 2015-11-25" in held
    assert "Ownership 50 % 2015-11-25 – 2023-03-02 (ended)" in held
    assert edges[frozenset({ZAKHAROV, CST})]["ended"] is False  # the 51 % holding is current
    fig = as_figure(network_figure(net))  # plotly checks every property
    shown = json.dumps(fig.to_plotly_json(), ensure_ascii=False)
    assert "JSC Kalashnikov Concern (listed: " in shown and "Ownership 51 %" in shown


def test_relation_words() -> None:
    assert relation_words("Ownership", None, "100", None, "2005-11-03") == (
        "Ownership 100 % until 2005-11-03 (ended)"
    )
    assert relation_words("Directorship", "Leader or official of", None, None, None) == (
        "Directorship: Leader or official of"
    )


def test_a_long_programme_list_is_cut_and_counted() -> None:
    from shadowtrade.views import _first_programs

    assert _first_programs("sanction; debarment") == "sanction; debarment"
    long = "; ".join(["sanction", "x" * 70, "RUSSIA-EO14024"])
    assert _first_programs(long) == "sanction; 2 more"


def test_a_relation_kept_before_its_terms_were_says_so(ws: Workspace) -> None:
    import networkx as nx

    from shadowtrade.views import _add_list_relations

    ws.raw.execute(
        "INSERT INTO list_relations (list, source_id, target_id, relation) VALUES"
        " ('ftm:x', 'a', 'b', 'Ownership')"
    )
    g: nx.Graph = nx.Graph()
    _add_list_relations(ws, g, [("ftm:x", "a")])
    assert g.edges["ftm:x a", "ftm:x b"]["relation"] == (
        "Ownership (terms not kept: the list was ingested by an earlier version)"
    )
