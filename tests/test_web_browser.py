"""The web app in a real browser (Playwright driving Debian's chromium) on the demo world: the
overview's map and Sankey, the top case's charts, triage kept across a reload, the allegation
check on the seed article. Screenshots of each page go to build/screenshots/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from tests.conftest import SHARED, DemoRun, served

from shadowtrade.web.access import add_user
from shadowtrade.web.app import create_app
from shadowtrade.workspace import open_workspace

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, demo_run: DemoRun
) -> Iterator[tuple[str, str]]:
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(demo_run.out / "workspace", root / "workspace")  # the pages write to it
    ws = open_workspace(root / "workspace")
    token = add_user(ws, "ana", "analyst")
    ws.close()
    with served(create_app(root / "workspace")) as url:
        yield url, token


@pytest.fixture(scope="module")
def page(server: tuple[str, str]) -> Iterator[Page]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        pg = browser.new_page(viewport={"width": 1300, "height": 1000})
        base, token = server
        pg.goto(f"{base}/")
        assert "/login" in pg.url  # no token, no page
        pg.fill("input[name=token]", token)
        pg.click("button[type=submit]")
        pg.wait_for_url(f"{base}/")
        yield pg
        browser.close()


def test_overview_draws_the_map_and_the_sankey(page: Page) -> None:
    page.wait_for_selector("#map-svg path.route", timeout=30_000)
    assert page.locator("#map-svg path.country").count() > 150  # world-atlas shapes, offline
    assert page.locator("#map-svg path.route").count() >= 2  # the two seed routes at least
    # Zoomed to the flagged region, its countries labelled, each route a link to its case.
    assert page.locator("#map-svg").get_attribute("data-zoom") == "flagged"
    shown = set(page.locator("#map-svg text.country-label").all_text_contents())
    assert {"Serbia", "Czechia", "Bulgaria", "Ukraine"} <= shown
    hrefs = page.locator("#map-svg a.route-link.route").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(hrefs) == 2 and all(h.startswith("/cases/C-") for h in hrefs)
    assert page.locator("#map-svg a.route-link.party").count() >= 1  # party cases too
    page.click("#map-zoom")  # and back out to the whole world
    assert page.locator("#map-svg").get_attribute("data-zoom") == "world"
    page.click("#map-zoom")
    assert page.locator("#map-svg").get_attribute("data-zoom") == "flagged"
    page.wait_for_selector("#sankey .sankey-node", timeout=30_000)
    labels = page.locator("#sankey .sankey-node").all_text_contents()
    assert any("SRB (origin)" in x and "M USD" in x for x in labels)
    assert any("UKR" in x for x in labels)
    colours = page.locator("#sankey .sankey-link").evaluate_all(
        "links => links.map(l => getComputedStyle(l).fill)"
    )
    assert len(set(colours)) == 3  # ammunition, and each of the two cover codes
    page.screenshot(path=str(SHOTS / "overview.png"), full_page=True)


def test_top_case_charts_and_triage_kept_across_a_reload(
    page: Page, server: tuple[str, str]
) -> None:
    base, _ = server
    page.goto(f"{base}/")
    page.locator("table a[href^='/cases/C-']").first.click()
    page.wait_for_selector("#series .chart .main-svg", timeout=30_000)
    assert page.locator("#series .chart").count() >= 2
    title = page.locator("h1").inner_text()
    assert title.startswith("SRB → ") and "ammunition" in title
    page.screenshot(path=str(SHOTS / "case.png"), full_page=True)
    page.select_option("#triage select[name=status]", "investigating")
    page.fill("#triage textarea[name=note]", "routes match the seed article")
    page.click("#triage button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == "investigating"
    page.reload()
    assert page.locator("#status").inner_text() == "investigating"
    assert "ana" in page.locator("ol.audit").inner_text()
    page.screenshot(path=str(SHOTS / "case-triaged.png"), full_page=True)


def test_tables_page_on_the_server(page: Page, server: tuple[str, str]) -> None:
    base, _ = server
    page.goto(f"{base}/alerts?size=20")
    assert page.locator("#alerts tbody tr").count() == 20
    page.click("#alerts th a:has-text('detector')")
    page.wait_for_load_state()
    column = page.locator("#alerts tbody tr td:nth-child(4)").all_text_contents()
    assert column == sorted(column)
    page.screenshot(path=str(SHOTS / "alerts.png"), full_page=True)
    page.goto(f"{base}/cases?status=investigating")
    assert page.locator("#cases tbody tr").count() == 1
    page.screenshot(path=str(SHOTS / "cases.png"), full_page=True)


def test_allegation_check_on_the_seed_article(page: Page, server: tuple[str, str]) -> None:
    base, _ = server
    page.goto(f"{base}/check")
    page.fill("#check textarea[name=text]", (SHARED / "seed-article.txt").read_text("utf-8"))
    page.click("#check button[type=submit]")
    page.wait_for_selector("#grade", timeout=30_000)
    assert page.locator("#grade").inner_text() == "SUPPORTED"
    assert page.locator("#check input[name=via]").input_value() == "CZE,BGR"
    page.wait_for_selector("#flows .main-svg", timeout=30_000)
    page.screenshot(path=str(SHOTS / "check.png"), full_page=True)
    page.goto(f"{base}/ingest")
    page.screenshot(path=str(SHOTS / "ingest.png"), full_page=True)
