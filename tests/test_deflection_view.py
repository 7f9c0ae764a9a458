"""A deflection case shows the whole finding (tester F19): the exporter's flow to the
destination that collapsed beside its flow to the neighbour, on the case page and in the
browser; no leg from the neighbour on to the destination, which the finding never claims."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import served
from tests.test_deflection import _exporters

import shadowtrade
from shadowtrade.cases import build_cases
from shadowtrade.scanning import run_scan
from shadowtrade.views import case_series
from shadowtrade.web.access import add_user
from shadowtrade.web.app import create_app
from shadowtrade.workspace import Workspace

TITLE = "DEU's exports of HS 8471 as DEU reports them: to RUS, which collapsed, beside KAZ"


@pytest.fixture
def deflected(ws: Workspace, tmp_path: Path) -> tuple[Path, str, str]:
    """DEU, FRA and ITA move 847130 from RUS to KAZ in 2022-03 (test_deflection's world):
    DEU's case, closed, with a viewer's token."""
    _exporters(ws, tmp_path, others_deflect=True)
    run_scan(ws, ["deflection"])
    build_cases(ws)
    row = ws.raw.execute(
        "SELECT case_id FROM cases WHERE origin = 'DEU' AND via = 'KAZ' AND destination = 'RUS'"
    ).fetchone()
    assert row is not None
    token = add_user(ws, "viewer-user", "viewer")
    ws.close()  # the fixture's close after it is harmless
    return tmp_path / "ws", str(row[0]), token


def test_the_collapse_is_drawn_beside_the_neighbour(deflected: tuple[Path, str, str]) -> None:
    root, cid, token = deflected
    ws = shadowtrade.open(root, read_only=True)
    try:
        charts = case_series(ws, cid)
    finally:
        ws.close()
    first = charts[0]
    assert first["kind"] == "deflection" and first["title"] == TITLE
    series = first["series"]
    assert list(series) == ["DEU → RUS (collapsed)", "DEU → KAZ"]
    # 14 months at 100,000 then 10 at 4,000; 14 at 3,000 then 10 at 90,000 (2021-01…2022-12)
    assert sum(series["DEU → RUS (collapsed)"]) == 14 * 100_000 + 10 * 4_000
    assert sum(series["DEU → KAZ"]) == 14 * 3_000 + 10 * 90_000
    assert first["x"][0] == "2021-01" and first["x"][-1] == "2022-12" and len(first["x"]) == 24
    titles = [c["title"] for c in charts]
    assert not any(t.startswith("KAZ → RUS") for t in titles)  # no onward leg is claimed
    assert any(t.startswith("DEU → RUS") for t in titles)  # the collapsing leg's own chart
    with TestClient(create_app(root)) as c:
        page = c.get(f"/cases/{cid}", headers={"Authorization": f"Bearer {token}"}).text
    assert TITLE.replace("'", "&#39;") in page or TITLE in page


@pytest.mark.browser
def test_the_browser_draws_both_flows(deflected: tuple[Path, str, str]) -> None:
    from playwright.sync_api import sync_playwright

    root, cid, token = deflected
    errors: list[str] = []
    with served(create_app(root)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page: Any = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/login")
        page.fill("input[name=token]", token)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/cases/{cid}")
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.legendtext'))"
            ".some(t => t.textContent === 'DEU → RUS (collapsed)')",
            timeout=20_000,
        )
        legend = page.locator(".legendtext").all_text_contents()
        browser.close()
    assert "DEU → RUS (collapsed)" in legend and "DEU → KAZ" in legend
    assert errors == []
