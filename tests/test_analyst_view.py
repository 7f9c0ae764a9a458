"""The analyst's view on a hand-built cross-code leg with known sums: the leg's chart has each
code as its own series, the Sankey link carries the larger side's summed USD in the cover
code's colour, the map zooms to the flagged countries and links each case; names are escaped
before Plotly reads them; USD formatted; the overview's scan button and jobs list."""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import served

import shadowtrade
from shadowtrade.cases import build_cases
from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.output import usd
from shadowtrade.report.figures import (
    as_figure,
    figure_json,
    network_figure,
    plotly_text,
    sankey_figure,
    series_figure,
)
from shadowtrade.report.sections import case_section, cases_section
from shadowtrade.scanning import run_scan
from shadowtrade.synth.route_consignments import route_consignments
from shadowtrade.views import CONTROLLED_COLOUR, COVER_COLOURS, case_series, route_firms, sankey
from shadowtrade.web.access import add_user
from shadowtrade.web.app import create_app
from shadowtrade.web.data import map_routes
from shadowtrade.web.mapdata import bounds, places

HEADER = "period,trade_flow,reporter_iso,partner_iso,commodity_code,trade_value_usd,netweight_kg\n"
SERIES = [100_000, 200_000, 150_000, 300_000, 250_000, 120_000]  # 1,120,000 in all
EVIL = '<a href="https://evil.example/">click me</a>'
CAPITALS = {"SRB": (20.46, 44.82), "CZE": (14.42, 50.08)}  # Belgrade, Prague (lon, lat)


def _lines(flow: str, rep: str, par: str, code: str, scale: float = 1.0) -> str:
    return "".join(f"2023{i + 1:02d},{flow},{rep},{par},{code},{v * scale:.0f},{v / 20:.0f}\n"
                   for i, v in enumerate(SERIES))  # fmt: skip


@pytest.fixture(scope="module")
def leg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, dict[str, str]]]:
    """SRB declares 1,120,000 USD of steel articles (7326) to CZE, which records 1,187,200 USD
    of ammunition (9306, at CIF ×1.06) from SRB; neither side reports the other's code."""
    root = tmp_path_factory.mktemp("analyst")
    f = root / "leg.csv"
    f.write_text(HEADER + _lines("Export", "SRB", "CZE", "732690")
                 + _lines("Import", "CZE", "SRB", "930690", 1.06))  # fmt: skip
    ws = shadowtrade.open(root / "ws")
    assert ws.ingest(f).quarantined == 0
    # The firms behind it (the route's consignments, SRB → CZE → UKR, 2023-01 to 2023-03).
    route_consignments(ROUTE_TRUTH, seed=1).to_csv(root / "route.csv", index=False)
    assert ingest_shipments(ws, root / "route.csv").accepted == 6
    run_scan(ws, ["cross_code_mirror"])
    build_cases(ws)
    row = ws.raw.execute(
        "SELECT m.case_id FROM case_alerts m JOIN alerts a USING (alert_id)"
        " WHERE a.detector = 'cross_code_mirror'"
    ).fetchone()
    assert row is not None
    tokens = {r: add_user(ws, f"{r}-user", r) for r in ("viewer", "admin")}
    ws.close()
    yield root / "ws", str(row[0]), tokens


def test_usd_for_people() -> None:
    assert usd(1_187_200) == "1.2 M USD"
    assert usd(44_879_589) == "44.9 M USD"
    assert usd(613_707.89) == "613,708 USD"
    assert usd(2_540_000_000) == "2.5 bn USD"
    assert usd(None) == "" and usd(float("nan")) == ""


def test_names_are_escaped_before_plotly() -> None:
    net = {"nodes": [{"id": EVIL, "x": 0.0, "y": 0.0, "country": "SRB", "kind": "company"},
                     {"id": "Acme & Co", "x": 1.0, "y": 1.0, "country": None, "kind": "listed"}],
           "edges": [{"source": EVIL, "target": "Acme & Co"}]}  # fmt: skip
    fig = as_figure(network_figure(net))  # plotly checks every property
    assert list(fig.data[1].text) == [
        '&lt;a href="https://evil.example/"&gt;click me&lt;/a&gt; (SRB)',
        "Acme &amp; Co",
    ]
    chart = {"kind": "mirror", "title": f"{EVIL} → CZE", "x": ["2023-01"],
             "series": {f"{EVIL} reports exports": [1.0]}}  # fmt: skip
    s = as_figure(series_figure(chart))
    assert s.data[0].name == plotly_text(EVIL) + " reports exports"
    assert "<a" not in s.layout.title.text and "&lt;a href" in s.layout.title.text
    sk = as_figure(
        sankey_figure(
            {
                "nodes": [EVIL, "UKR (destination)"],
                "node_value": [5.0, 5.0],
                "source": [0],
                "target": [1],
                "value": [5],
                "link_goods": ["HS 9306 ammunition"],
                "link_text": [EVIL],
                "goods": [{"goods": "HS 9306 ammunition", "colour": CONTROLLED_COLOUR}],
            }
        )
    )
    assert sk.data[0].node.label[0] == plotly_text(EVIL) + " · 5 USD"
    assert sk.data[0].link.customdata[0] == plotly_text(EVIL)
    page_json = figure_json(network_figure(net))  # what the pages embed
    assert "<" not in page_json and ">" not in page_json and "&" not in page_json
    assert json.loads(page_json)["data"][1]["text"] == list(fig.data[1].text)
    gap = {"kind": "mirror", "title": "t", "x": ["2023-01"], "series": {"s": [float("nan")]}}
    assert json.loads(figure_json(series_figure(gap)))["data"][0]["y"] == [None]
    every_text = json.dumps([fig.to_plotly_json(), s.to_plotly_json(), sk.to_plotly_json()])
    assert "<a href" not in every_text and "click me</a>" not in every_text


def test_cross_code_leg_has_a_series_per_code(leg: tuple[Path, str, dict[str, str]]) -> None:
    path, cid, _ = leg
    ws = shadowtrade.open(path, read_only=True)
    try:
        charts = case_series(ws, cid)
        html = case_section(ws, cid)
    finally:
        ws.close()
    mirror = [c for c in charts if c["kind"] == "mirror"]
    assert len(mirror) == 1 and mirror[0]["codes"] == ["7326", "9306"]
    series = mirror[0]["series"]
    assert set(series) == {"SRB reports exports of HS 7326", "CZE reports imports of HS 9306"}
    assert sum(series["SRB reports exports of HS 7326"]) == 1_120_000
    assert sum(series["CZE reports imports of HS 9306"]) == 1_187_200
    assert mirror[0]["x"] == [f"2023-{m:02d}" for m in range(1, 7)]
    fig = as_figure(series_figure(mirror[0]))
    assert [t.name for t in fig.data] == list(series)
    assert fig.layout.yaxis.ticksuffix == " USD"
    assert "SRB reports exports of HS 7326" in html  # the report draws the same figure
    assert "Firms on the route" in html and "Novastal 103 s.r.o." in html


def test_case_names_the_firms_on_its_legs(leg: tuple[Path, str, dict[str, str]]) -> None:
    path, cid, _ = leg
    ws = shadowtrade.open(path, read_only=True)
    try:
        firms = route_firms(ws, cid)
    finally:
        ws.close()
    sent = route_consignments(ROUTE_TRUTH, seed=1).iloc[0::2]  # SRB → CZE, declared 7326
    expected = sent.groupby("exporter")["value_usd"].agg(["count", "sum"])
    assert list(firms["leg"]) == ["SRB → CZE", "SRB → CZE"]
    assert set(firms["importer"]) == {"Novastal 103 s.r.o."} and set(firms["headings"]) == {"7326"}
    got = firms.set_index("exporter")
    assert sorted(got["consignments"]) == [1, 2] and set(got.index) == set(expected.index)
    for name, row in expected.iterrows():
        assert got.loc[name, "consignments"] == row["count"]
        assert got.loc[name, "value_usd"] == pytest.approx(row["sum"])


def test_sankey_link_is_the_larger_sum_in_the_cover_colour(
    leg: tuple[Path, str, dict[str, str]],
) -> None:
    ws = shadowtrade.open(leg[0], read_only=True)
    try:
        s = sankey(ws)
        report = cases_section(ws)
    finally:
        ws.close()
    assert "SRB (origin) · 1.2 M USD" in report  # the report draws the same Sankey
    assert s["nodes"] == ["SRB (origin)", "CZE (destination)"]
    assert (s["source"], s["target"], s["value"]) == ([0], [1], [1_187_200])
    assert s["node_value"] == [1_187_200, 1_187_200]
    assert s["link_goods"] == ["HS 7326 declared (a cover for 9306)"]
    assert s["goods"] == [{"goods": "HS 7326 declared (a cover for 9306)",
                           "colour": COVER_COLOURS[0]}]  # fmt: skip
    assert s["link_text"] == [
        "SRB → CZE: 1.2 M USD, the larger of the two reports. SRB reports exports of"
        " HS 7326 1.1 M USD; CZE reports imports of HS 9306 1.2 M USD"
    ]
    fig = as_figure(sankey_figure(s))
    assert list(fig.data[0].node.label) == ["SRB (origin) · 1.2 M USD",
                                            "CZE (destination) · 1.2 M USD"]  # fmt: skip
    assert list(fig.data[0].link.color) == [COVER_COLOURS[0]]
    assert fig.data[0].valuesuffix == " USD"


def test_map_zooms_to_the_flagged_countries_and_links_cases(
    leg: tuple[Path, str, dict[str, str]], tmp_path: Path
) -> None:
    import shutil

    copy = tmp_path / "ws"
    shutil.copytree(leg[0], copy)
    ws = shadowtrade.open(copy)
    try:
        # A party case far away (a firm in the USA shipping to KOR) is shown, not zoomed to.
        ws.raw.execute(
            "INSERT INTO cases SELECT * REPLACE ('C-party00001' AS case_id, 'party' AS kind,"
            " 'Acme 1 Inc. (USA)' AS title, 'USA' AS origin, NULL AS via, 'KOR' AS destination,"
            " 0.9 AS score) FROM cases LIMIT 1"
        )
        m = map_routes(ws)
    finally:
        ws.close()
    by_kind = {r["kind"]: r for r in m["routes"]}
    assert by_kind["pair"]["countries"] == ["SRB", "CZE"]
    assert by_kind["pair"]["m49"] == ["688", "203"]
    assert by_kind["pair"]["url"] == f"/cases/{leg[1]}"
    assert by_kind["party"]["url"] == "/cases/C-party00001"
    assert by_kind["party"]["countries"] == ["USA", "KOR"]
    (w, s), (e, n) = m["bounds"]
    for lon, lat in CAPITALS.values():
        assert w < lon < e and s < lat < n
    assert e - w < 30 and n - s < 20  # the region, not the world (nor the USA)
    names = {c["iso3"]: c for c in m["countries"]}
    assert set(names) == {"SRB", "CZE", "USA", "KOR"}
    assert names["CZE"]["name"] == "Czechia"
    # Label points inside each country's own box (France's: not pulled to French Guiana).
    for code in ("688", "203", "250", "840", "643"):
        p = places()[code]
        assert p.box[0] <= p.lon <= p.box[2] or p.box[2] > 180
        assert p.box[1] <= p.lat <= p.box[3]
    assert places()["250"].lon > -5  # metropolitan France


def _client(path: Path) -> TestClient:
    return TestClient(create_app(path))


def test_pages_draw_from_files_and_format_usd(leg: tuple[Path, str, dict[str, str]]) -> None:
    path, cid, tokens = leg
    with _client(path) as c:
        viewer = {"Authorization": f"Bearer {tokens['viewer']}"}
        page = c.get("/", headers=viewer).text
        assert "data-map=" in page and "data-figure=" in page and "/static/charts.js" in page
        assert not re.search(r"<script>", page)  # no inline script
        assert "scan-button" not in page  # viewers do not scan
        case = c.get(f"/cases/{cid}", headers=viewer).text
        assert "SRB reports exports of HS 7326" in case and "/static/charts.js" in case
        assert "Firms on the route" in case and "Novastal 103 s.r.o." in case
        sent = route_consignments(ROUTE_TRUTH, seed=1).iloc[0::2]
        top = usd(float(sent.groupby("exporter")["value_usd"].sum().max()))
        assert f'<td class="n">{top}</td>' in case  # USD formatted in the table
        assert c.get("/static/charts.js").status_code == 200
        alerts = c.get("/alerts", headers=viewer).text
        assert "<script>" not in alerts


def test_admin_sees_the_scan_button_and_the_jobs_list(
    leg: tuple[Path, str, dict[str, str]],
) -> None:
    path, _, tokens = leg
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    with _client(path) as c:
        page = c.get("/", headers=admin).text
        assert 'id="scan-button"' in page and 'id="jobs-table"' in page
        assert c.get("/api/v1/jobs", headers=admin).json() == {"items": []}
        assert c.get("/api/v1/jobs").status_code == 401


ROUTE_TRUTH = {
    "schemes": [
        {"scheme_id": "s1", "kind": "transshipment", "origin": "SRB", "via": ["CZE"],
         "destination": "UKR", "hs_code": "930690", "declared_hs_code": "732690",
         "period_start": "2023-01", "period_end": "2023-03", "monthly_value_usd": 1_000_000.0},
        {"scheme_id": "s1x", "kind": "cross_code_mirror", "origin": "SRB", "via": [],
         "destination": "CZE", "hs_code": "930690", "declared_hs_code": "732690",
         "period_start": "2023-01", "period_end": "2023-03", "monthly_value_usd": 1_000_000.0},
    ]
}  # fmt: skip


def test_route_consignments_follow_the_planted_route() -> None:
    df = route_consignments(ROUTE_TRUTH, seed=1)
    assert len(df) == 6  # one route (the cross-code leg is no route), two legs a month
    first, second = df.iloc[0::2], df.iloc[1::2]
    assert set(first["hs_code"]) == {"732690"} and set(second["hs_code"]) == {"930690"}
    assert set(first["exporter_country"]) == {"SRB"} and set(first["importer_country"]) == {"CZE"}
    assert first["importer"].nunique() == 1 and set(second["exporter"]) == set(first["importer"])
    assert set(second["importer_country"]) == {"UKR"} and set(second["origin_country"]) == {"SRB"}
    lag = pd.to_datetime(second["date"]).values - pd.to_datetime(first["date"]).values
    assert all(2 <= d.astype("timedelta64[D]").astype(int) <= 9 for d in lag)
    assert (first["end_user_certificate_no"] == "").all()
    assert second["end_user_certificate_no"].str.startswith("EUC/UKR/").all()
    assert all(40_000 <= v <= 60_000 for v in first["value_usd"])  # 5% ± 20% of the month
    assert route_consignments(ROUTE_TRUTH, seed=1).equals(df)  # same seed, same rows


def test_network_follows_a_route_through_its_cover_code(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from shadowtrade.cli import app
    from shadowtrade.entities.network import build_graph, company_paths
    from shadowtrade.entities.resolution import resolve_workspace

    f = tmp_path / "route.csv"
    route_consignments(ROUTE_TRUTH, seed=1).to_csv(f, index=False)
    ws = shadowtrade.open(tmp_path / "ws")
    try:
        assert ingest_shipments(ws, f).accepted == 6
        resolve_workspace(ws)
        g = build_graph(ws)
        paths = company_paths(g, "SRB", "UKR")
        assert company_paths(g, "SRB", "UKR", headings={"9306"}) == paths
        assert company_paths(g, "SRB", "UKR", headings={"7326"}) == []  # 9306 leg: no 7326
    finally:
        ws.close()
    # Two exporters, one broker in CZE, two importers: 4 paths, each declared 7326 then 9306.
    assert len(paths) == 4
    assert {tuple(p.countries) for p in paths} == {("SRB", "CZE", "UKR")}
    assert {p.names[1] for p in paths} == {"Novastal 103 s.r.o."}
    assert all(p.headings == ["9306"] and p.declared == ["7326", "9306"] for p in paths)
    res = CliRunner().invoke(app, ["network", "--origin", "SRB", "--destination", "UKR",
                                   "-w", str(tmp_path / "ws"), "--format", "csv"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "4 paths SRB → UKR through intermediaries" in res.output
    assert "Novastal 103 s.r.o. (CZE)" in res.output and "7326 → 9306" in res.output


@pytest.fixture(scope="module")
def browser_page(leg: tuple[Path, str, dict[str, str]]) -> Iterator[tuple[Any, str]]:
    """Chromium (Debian's) on a server over the hand-built leg's workspace."""
    from playwright.sync_api import sync_playwright

    with served(create_app(leg[0])) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield browser.new_page(), url
        browser.close()


@pytest.mark.browser
def test_plotly_draws_an_escaped_name_as_text(browser_page: tuple[Any, str]) -> None:
    from shadowtrade.web.pages import PLOTLY_JS

    page, _ = browser_page
    page.set_content("<div id='net' style='width:600px;height:400px'></div>")
    page.add_script_tag(path=str(PLOTLY_JS))
    net = {"nodes": [{"id": EVIL, "x": 0.0, "y": 0.0, "kind": "company"},
                     {"id": "Acme", "x": 1.0, "y": 1.0, "kind": "company"}],
           "edges": [{"source": EVIL, "target": "Acme"}]}  # fmt: skip
    draw = """fig => Plotly.newPlot('net', fig.data, fig.layout).then(() => [
        document.querySelectorAll('#net text a').length,
        Array.from(document.querySelectorAll('#net text'), t => t.textContent).join('|')])"""
    links, text = page.evaluate(draw, json.loads(figure_json(network_figure(net))))
    assert links == 0 and EVIL in text  # drawn as written, no link
    raw = json.loads(figure_json(network_figure(net)))
    raw["data"][1]["text"][0] = EVIL  # the same name not escaped: Plotly makes it a link
    links, text = page.evaluate(draw, raw)
    assert links == 1 and "click me" in text and EVIL not in text


@pytest.mark.browser
def test_scan_button_shows_progress_and_the_jobs_table_refreshes(
    browser_page: tuple[Any, str], leg: tuple[Path, str, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The page's side of a scan: the job runs through the server's own scan job, with the
    scan itself stood in by one that takes its three steps and waits in the second until the
    page has shown it (a real scan is tested by the scanning tests; here it would cost half a
    minute)."""
    import threading
    from types import SimpleNamespace

    shown = threading.Event()  # the page has shown step 2: the stand-in may go on

    def three_steps(ws: object, on_step: Any = None, **_: object) -> SimpleNamespace:
        on_step("scanning")
        time.sleep(0.5)
        on_step("resolving shipment parties into companies")
        shown.wait(30)
        on_step("grouping alerts into cases")
        time.sleep(0.5)
        return SimpleNamespace(alerts=[None] * 7, cases=[None] * 3, companies=2, not_run={})

    monkeypatch.setattr("shadowtrade.scanning.scan_workspace", three_steps)
    page, base = browser_page
    page.goto(f"{base}/login")
    page.fill("input[name=token]", leg[2]["admin"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert page.locator("#jobs-table tbody").inner_text().strip() == "none yet"
    page.click("#scan-button")
    seen = []
    for _ in range(300):
        done = page.locator("#scan-progress[data-done]").count()  # before the text: no race
        text = page.locator("#scan-progress").inner_text().strip()
        if not seen or seen[-1] != text:
            seen.append(text)
        if "step 2 of 3" in text:
            shown.set()
        if done:
            break
        time.sleep(0.1)
    assert any(t.startswith("running: step 2 of 3, resolving shipment parties") for t in seen), seen
    assert re.fullmatch(r"done in \d+ s: 7 alerts, 3 cases\. Reload for the new figures\.",
                        seen[-1]), seen  # fmt: skip
    page.wait_for_function(
        "() => document.querySelector('#jobs-table tbody').textContent.includes('done')",
        timeout=20_000,
    )
    cells = page.locator("#jobs-table tbody tr").first.locator("td").all_text_contents()
    assert cells[1:4] == ["scan", "admin-user", "done"]
    items = page.request.get(f"{base}/api/v1/jobs").json()["items"]  # the session's cookie
    assert [(j["kind"], j["state"]) for j in items] == [("scan", "done")]
    assert "result" not in items[0] and "trace" not in json.dumps(items)


@given(st.text())
def test_plotly_text_is_inert_and_reversible(name: str) -> None:
    shown = plotly_text(name)
    assert "<" not in shown and ">" not in shown
    assert html.unescape(shown) == name  # Plotly decodes the entities: drawn as written


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(sorted(places())), min_size=1, max_size=6, unique=True))
def test_map_bounds_hold_every_flagged_label(codes: list[str]) -> None:
    box = bounds(codes)
    assert box is not None
    (w, s), (e, n) = box
    for c in codes:
        p = places()[c]
        assert s <= p.lat <= n
        assert w <= p.lon <= e or p.box[2] > 180 or e - w >= 180  # across 180°: clamped box


def test_unit_value_chart_compares_a_standing_route_with_its_own_usual_month() -> None:
    """unit_value/7's alerts compare a route's months with the route's own usual price; the
    others with the code's other routes: the chart shows what the alert was compared with."""
    from shadowtrade.views import unit_value_chart

    own = unit_value_chart("DEU", "SGP", {
        "reporter": "DEU", "flow": "export", "code": "732619", "unit_value_usd_per_kg": 52.0,
        "route_median_usd_per_kg": 4.1, "nearest_controlled_heading": "9306",
        "controlled_median_usd_per_kg": 48.0,
    })  # fmt: skip
    assert own["x"] == ["DEU → SGP as reported", "DEU → SGP in its usual month",
                        "typical for HS 9306"]  # fmt: skip
    assert own["series"]["USD/kg"] == [52.0, 4.1, 48.0]
    code = unit_value_chart("DEU", "SGP", {
        "reporter": "SGP", "flow": "import", "code": "732619", "unit_value_usd_per_kg": 52.0,
        "code_median_usd_per_kg": 3.9,
    })  # fmt: skip
    assert code["x"] == ["DEU → SGP as reported", "typical for HS 732619"]
    assert code["series"]["USD/kg"] == [52.0, 3.9]
    assert code["title"] == "Unit value, USD/kg (SGP reports imports)"


def test_a_side_that_reports_nothing_is_not_drawn_as_zero(tmp_path: Path) -> None:
    """SRB reports 9306 exports to KAZ and CZE for six months. KAZ reports nothing at all;
    CZE reports the leg in months 1-4, only other flows in month 5 (a zero) and nothing in
    month 6 (a gap). Missing is not zero (DOMAIN.md)."""
    f = tmp_path / "legs.csv"
    cze = "".join(f"2023{m:02d},Import,CZE,SRB,930690,{v},{v / 20:.0f}\n"
                  for m, v in zip(range(1, 5), SERIES, strict=False))  # fmt: skip
    f.write_text(HEADER + _lines("Export", "SRB", "KAZ", "930690") + _lines("Export", "SRB", "CZE",
                 "930690") + cze + "202305,Import,CZE,DEU,847130,5000,10\n")  # fmt: skip
    ws = shadowtrade.open(tmp_path / "ws")
    try:
        assert ws.ingest(f).quarantined == 0
        legs = pd.DataFrame([("C-x", "SRB", "KAZ", "9306"), ("C-x", "SRB", "CZE", "9306")],
                            columns=["case_id", "o", "d", "heading"])  # fmt: skip
        none = pd.DataFrame(columns=["detector", "origin", "destination", "evidence"])
        charts = case_series(ws, "C-x", legs=legs, known=(None, none))
    finally:
        ws.close()
    cze_chart, kaz = charts  # legs in order of their countries
    assert kaz["series"] == {"SRB reports exports": [float(v) for v in SERIES]}
    assert kaz["notes"] == ["KAZ reports no imports in this workspace"]
    assert kaz["title"].endswith("(KAZ reports no imports in this workspace)")
    assert cze_chart["series"]["CZE reports imports"] == [*map(float, SERIES[:4]), 0.0, None]
    assert cze_chart["notes"] == ["CZE reported nothing in 1 of these 6 months (gaps, not zeros)"]
    fig = json.loads(figure_json(series_figure(kaz)))  # the web page and the report draw this
    assert [t["name"] for t in fig["data"]] == ["SRB reports exports"]


def test_the_by_code_chart_draws_a_month_not_reported_as_a_gap(tmp_path: Path) -> None:
    """A leg with two headings (one chart, a series per side and heading): CZE reports 9306
    imports in months 1-4, only other flows in month 5 (a zero) and nothing in month 6 (a gap,
    not a zero: review 10)."""
    f = tmp_path / "legs.csv"
    cze = "".join(f"2023{m:02d},Import,CZE,SRB,930690,{v},{v / 20:.0f}\n"
                  for m, v in zip(range(1, 5), SERIES, strict=False))  # fmt: skip
    f.write_text(HEADER + _lines("Export", "SRB", "CZE", "930690") + _lines("Export", "SRB", "CZE",
                 "360100", 0.5) + cze + "202305,Import,CZE,DEU,847130,5000,10\n")  # fmt: skip
    ws = shadowtrade.open(tmp_path / "ws")
    try:
        assert ws.ingest(f).quarantined == 0
        legs = pd.DataFrame([("C-x", "SRB", "CZE", "9306"), ("C-x", "SRB", "CZE", "3601")],
                            columns=["case_id", "o", "d", "heading"])  # fmt: skip
        none = pd.DataFrame(columns=["detector", "origin", "destination", "evidence"])
        (chart,) = case_series(ws, "C-x", legs=legs, known=(None, none))
    finally:
        ws.close()
    assert chart["series"]["CZE reports imports of HS 9306"] == [*map(float, SERIES[:4]), 0.0,
                                                                  None]  # fmt: skip
    assert chart["series"]["SRB reports exports of HS 3601"] == [v * 0.5 for v in SERIES]
    assert "CZE reports imports of HS 3601" not in chart["series"]
