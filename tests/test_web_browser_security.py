"""The web app's defences in a real browser (Playwright driving Debian's chromium), with every
request to another host aborted: a file name and a format value made of HTML render as text
and run nothing, the Content-Security-Policy is sent and nothing on the pages breaks it, and
the API docs render from the vendored files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

import pytest
from playwright.sync_api import BrowserContext, Page, Route, sync_playwright
from tests.conftest import scanned_world, served

import shadowtrade
from shadowtrade.web.access import add_user
from shadowtrade.web.app import create_app

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
XSS_NAME = "<img src=x onerror=alert('fname')>.csv"
XSS_FMT = "<img src=x onerror=alert('fmt')>"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    path, _ = scanned_world(tmp_path_factory, "seed-case")
    ws = shadowtrade.open(path)
    tokens = {role: add_user(ws, f"{role}-user", role) for role in ("viewer", "admin")}
    ws.close()
    with served(create_app(path)) as url:
        yield url, tokens


def _offline(route: Route) -> None:
    """Requests to this machine go on; anything else is aborted (no network)."""
    host = urlparse(route.request.url).hostname
    if host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()


@pytest.fixture(scope="module")
def browser_context() -> Iterator[BrowserContext]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1300, "height": 1000})
        context.route("**/*", _offline)
        yield context
        browser.close()


class Watched:
    """A page with every dialog (alert) and every CSP violation the console reports kept."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.violations: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", self._console)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(message.text)


def _login(w: Watched, base: str, token: str) -> None:
    w.page.goto(f"{base}/login")
    w.page.fill("input[name=token]", token)
    w.page.click("button[type=submit]")
    w.page.wait_for_url(f"{base}/")


def test_html_in_a_file_name_and_a_format_value_renders_as_text(
    browser_context: BrowserContext, server: tuple[str, dict[str, str]]
) -> None:
    base, tokens = server
    w = Watched(browser_context.new_page())
    _login(w, base, tokens["admin"])
    page = w.page
    response = page.goto(f"{base}/ingest")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # An upload through the page whose file name is HTML (a file no adapter knows: the job
    # fails and says the name).
    page.set_input_files("#upload input[name=file]", files=[
        {"name": XSS_NAME, "mimeType": "text/csv", "buffer": b"alpha,beta\n1,2\n"}])  # fmt: skip
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#job-error", timeout=30_000)
    assert XSS_NAME in page.locator("#job-error").inner_text()
    assert page.locator("#job img").count() == 0
    # A crafted format value is refused at once (422, before any job or file exists), in the
    # API's JSON and, sent through the page's form, on an error page that shows it as text.
    plain = {"name": "plain.csv", "mimeType": "text/csv", "buffer": b"a,b\n1,2\n"}
    answer = page.request.post(f"{base}/api/v1/ingest?fmt={quote(XSS_FMT)}",
                               multipart={"file": plain})  # fmt: skip
    assert answer.status == 422 and XSS_FMT in answer.json()["detail"], answer.text()
    page.goto(f"{base}/ingest")
    page.eval_on_selector(
        "#upload select[name=fmt]", "(s, v) => { s.options[0].value = v; }", XSS_FMT
    )
    page.set_input_files("#upload input[name=file]", files=[plain])
    page.click("#upload button[type=submit]")
    page.wait_for_selector("main", timeout=30_000)
    assert XSS_FMT in page.locator("main").inner_text()
    assert page.locator("main img").count() == 0
    viewer = Watched(browser_context.browser.new_context().new_page())  # type: ignore[union-attr]
    viewer.page.context.route("**/*", _offline)
    _login(viewer, base, tokens["viewer"])
    viewer.page.goto(f"{base}/ingest")
    # The jobs table (server-rendered) shows the file's name as text too.
    table = viewer.page.locator("table").last.inner_text()
    assert XSS_NAME in table and viewer.page.locator("table img").count() == 0
    viewer.page.screenshot(path=str(SHOTS / "ingest-xss-as-text.png"), full_page=True)
    page.wait_for_timeout(500)  # an onerror handler would have fired by now
    assert w.dialogs == [] and viewer.dialogs == []
    assert w.violations == [] and viewer.violations == []
    viewer.page.context.close()


def test_pages_draw_under_the_policy(
    browser_context: BrowserContext, server: tuple[str, dict[str, str]]
) -> None:
    """The overview (map, Sankey), a case's Plotly charts and the check page work with no
    inline script and no eval allowed: nothing the policy blocks."""
    base, tokens = server
    w = Watched(browser_context.new_page())
    _login(w, base, tokens["viewer"])
    w.page.wait_for_selector("#map-svg path.route", timeout=30_000)
    w.page.wait_for_selector("#sankey .sankey-node", timeout=30_000)
    w.page.locator("table a[href^='/cases/C-']").first.click()
    w.page.wait_for_selector("#series .chart .main-svg", timeout=30_000)
    w.page.goto(f"{base}/check")
    assert w.page.locator("#check").count() == 0  # a viewer is not offered the check form
    assert w.violations == [], w.violations
    assert w.dialogs == []


def test_docs_render_with_the_network_disabled(
    browser_context: BrowserContext, server: tuple[str, dict[str, str]]
) -> None:
    base, _ = server
    w = Watched(browser_context.new_page())
    outside: list[str] = []
    w.page.on("requestfailed", lambda r: outside.append(r.url))
    response = w.page.goto(f"{base}/docs")
    assert response is not None and "content-security-policy" in response.headers
    w.page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert w.page.locator(".swagger-ui .opblock").count() >= 10
    assert "/api/v1/alerts" in w.page.locator(".swagger-ui").inner_text()
    w.page.screenshot(path=str(SHOTS / "docs-offline.png"))
    w.page.goto(f"{base}/redoc")
    w.page.wait_for_selector("[data-section-id]", timeout=30_000)
    assert w.page.locator("[data-section-id]").count() >= 5  # ReDoc's sections (one per tag)
    text = w.page.locator("body").inner_text()  # the schema's description and tags, rendered
    assert "Covert arms and dual-use trade pipelines" in text
    assert all(f"\n{tag}\n" in text for tag in ("access", "alerts", "cases", "check", "jobs"))
    w.page.screenshot(path=str(SHOTS / "redoc-offline.png"))
    # ReDoc's "API docs by Redocly" logo points at its CDN: the policy stops it, and ReDoc hides it.
    logo = "https://cdn.redoc.ly/redoc/logo-mini"
    assert [u for u in outside if not u.startswith(logo)] == [], outside
    assert [v for v in w.violations if logo not in v] == [], w.violations
