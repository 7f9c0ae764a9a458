"""What the web pages say to a person who uses only the browser: a failed upload named by its
own name with what to do on the web, the check page's advice in the form's words, and a
sentence instead of an empty chart when there are no flows."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import shadowtrade
from shadowtrade.web.access import add_user
from shadowtrade.web.app import create_app


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    # A workspace given by a relative path, as `shadowtrade serve --workspace w1` gives it.
    root = tmp_path_factory.mktemp("wording")
    ws = shadowtrade.open(root / "w1")
    token = add_user(ws, "boss", "admin")
    ws.close()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        with TestClient(create_app(root.joinpath("w1").relative_to(root))) as client:
            yield client, {"Authorization": f"Bearer {token}"}


def _job(client: TestClient, h: dict[str, str], job_id: str) -> dict[str, Any]:
    for _ in range(300):
        j: dict[str, Any] = client.get(f"/api/v1/jobs/{job_id}", headers=h).json()
        if j["state"] in ("done", "failed"):
            return j
        time.sleep(0.1)
    raise AssertionError("the job did not finish")


def test_a_failed_upload_names_the_file_and_says_what_to_do_on_the_web(web: Any) -> None:
    client, h = web
    r = client.post("/ingest", headers=h, follow_redirects=False,
                    files={"file": ("small.csv", b"reporter,partner\nfoo,bar\n")})  # fmt: skip
    assert r.status_code == 303
    job = _job(client, h, r.headers["location"].split("job=")[1])
    assert job["state"] == "failed"
    assert job["error"] == (
        "small.csv: row 1: header (reporter, partner) is not a known Comtrade, BACI or Comext"
        " layout; this file needs a column mapping (a YAML file that names its columns, see"
        " docs/mapping.md): upload it again with one, a shipped mapping chosen by name or a"
        " mapping file (the form's mapping fields; the API's mapping and mapping_file)"
    )


def test_the_check_page_speaks_of_its_fields_and_draws_no_empty_chart(web: Any) -> None:
    client, h = web
    page = client.post("/check", headers=h, data={"origin": "SRB", "destination": "KAZ"}).text
    assert "give them in the goods field (HS codes" in page and "--goods" not in page
    assert 'id="flows"' not in page
    assert "No flows to draw: the claim names no goods" in page
    claim = {"origin": "SRB", "destination": "KAZ", "goods": "9306"}
    page = client.post("/check", headers=h, data=claim).text
    assert 'id="flows"' not in page and "data-figure=" not in page
    assert ("No flows to draw: the workspace holds no trade in these goods on the claim's"
            " route, in the period or in as many months before it.") in page  # fmt: skip


def test_the_login_page_shows_the_command_as_code_not_backticks(web: Any) -> None:
    client, _ = web
    page = client.get("/login").text
    assert "`" not in page
    assert (
        "Paste the token <code>shadowtrade users add NAME --role viewer|analyst|admin</code>"
        " printed for you." in page
    )
