"""The REST API: tokens and roles, paging and filters, triage and checks through the API, jobs,
the upload limit, and no server error anywhere in the OpenAPI schema (schemathesis)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from tests.conftest import DATA, SHARED, finished_job, scanned_world

import shadowtrade
from shadowtrade.web.access import add_user
from shadowtrade.web.app import create_app
from shadowtrade.web.deps import records

ARTICLE = SHARED / "seed-article.txt"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path, _ = scanned_world(tmp_path_factory, "seed-case")
    ws = shadowtrade.open(path)
    tokens = {role: add_user(ws, f"{role}-user", role) for role in ("viewer", "analyst", "admin")}
    ws.close()
    return path, tokens


@pytest.fixture(scope="module")
def client(world: tuple[Path, dict[str, str]]) -> Iterator[TestClient]:
    app = create_app(world[0], max_upload=100_000)
    with TestClient(app) as c:
        yield c


def _h(world: tuple[Path, dict[str, str]], role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world[1][role]}"}


def test_no_token_401_wrong_role_403(client: TestClient, world: Any) -> None:
    assert client.get("/api/v1/alerts").status_code == 401
    assert client.get("/api/v1/alerts", headers={"Authorization": "Bearer nope"}).status_code == 401
    viewer = _h(world, "viewer")
    assert client.get("/api/v1/alerts", headers=viewer).status_code == 200
    cid = client.get("/api/v1/cases", headers=viewer).json()["items"][0]["case_id"]
    r = client.post(f"/api/v1/cases/{cid}/triage", json={"status": "dismissed"}, headers=viewer)
    assert r.status_code == 403 and " is a viewer; this needs analyst" in r.json()["detail"]
    r = client.post("/api/v1/ingest", files={"file": ("x.csv", b"a,b\n1,2\n")}, headers=viewer)
    assert r.status_code == 403
    analyst = _h(world, "analyst")
    r = client.post("/api/v1/ingest", files={"file": ("x.csv", b"a,b\n1,2\n")}, headers=analyst)
    assert r.status_code == 403 and " is an analyst; " in r.json()["detail"]  # not "a analyst"
    assert client.post("/api/v1/scan", headers=_h(world, "analyst")).status_code == 403
    r = client.post("/api/v1/check", json={"text": "x"}, headers=viewer)
    assert r.status_code == 403


def test_alerts_are_paged_filtered_and_sorted_on_the_server(client: TestClient, world: Any) -> None:
    h = _h(world, "viewer")
    first = client.get("/api/v1/alerts?page=1&page_size=5", headers=h).json()
    second = client.get("/api/v1/alerts?page=2&page_size=5", headers=h).json()
    assert first["total"] == second["total"] > 10
    scores = [a["score"] for a in first["items"] + second["items"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == 10
    assert not {a["alert_id"] for a in first["items"]} & {a["alert_id"] for a in second["items"]}
    tr = client.get("/api/v1/alerts?detector=transshipment&country=CZE&sort=period_start",
                    headers=h).json()  # fmt: skip
    assert tr["total"] >= 1
    assert all(a["detector"] == "transshipment" and "CZE" in (a["origin"], a["via"],
               a["destination"]) for a in tr["items"])  # fmt: skip
    starts = [a["period_start"] for a in tr["items"]]
    assert starts == sorted(starts)
    hs = client.get("/api/v1/alerts?hs=9306&min_score=0.5&page_size=500", headers=h).json()
    assert all(a["score"] >= 0.5 and "9306" in (a["hs_code"] or "") + (a["declared_hs_code"] or "")
               for a in hs["items"])  # fmt: skip
    bad = client.get("/api/v1/alerts?sort=password", headers=h)
    assert bad.status_code == 422 and "sort" in bad.json()["detail"]


def test_triage_and_check_through_the_api_are_audited(client: TestClient, world: Any) -> None:
    analyst = _h(world, "analyst")
    cases = client.get("/api/v1/cases?kind=route", headers=analyst).json()["items"]
    cid = cases[0]["case_id"]
    assert cases[0]["title"].startswith("SRB → ")
    body = {"status": "confirmed", "note": "both legs seen", "add_tags": ["seed"]}
    r = client.post(f"/api/v1/cases/{cid}/triage", headers=analyst, json=body)
    assert r.status_code == 200, r.text
    detail = client.get(f"/api/v1/cases/{cid}", headers=analyst).json()
    assert detail["triage"]["status"] == "confirmed"
    assert [e["action"] for e in detail["audit"]][-3:] == ["status", "tags", "note"]
    assert all(e["actor"] == "analyst-user" for e in detail["audit"])
    assert {s["kind"] for s in detail["series"]} >= {"mirror", "route"}
    assert client.get("/api/v1/cases?status=confirmed", headers=analyst).json()["total"] == 1
    v = client.post("/api/v1/check", headers=analyst,
                    json={"text": ARTICLE.read_text(encoding="utf-8")}).json()  # fmt: skip
    assert v["grade"] == "supported" and v["hypothesis"]["via"] == ["CZE", "BGR"]
    log = client.get("/api/v1/audit", headers=analyst).json()
    assert log["problems"] == [] and log["entries"][-1]["action"] == "check"
    assert client.get("/api/v1/cases/C-none", headers=analyst).status_code == 404


def test_ingest_job_and_the_upload_limit(client: TestClient, world: Any) -> None:
    admin = _h(world, "admin")
    ws_path = world[0]
    before = set((ws_path / "uploads").glob("*")) if (ws_path / "uploads").exists() else set()
    sizes = client.get("/api/v1/overview", headers=admin).json()["sizes"]
    log = len(client.get("/api/v1/audit", headers=admin).json()["entries"])
    big = b"x" * 200_000
    r = client.post("/api/v1/ingest", files={"file": ("big.csv", big)}, headers=admin)
    assert r.status_code == 413
    after = set((ws_path / "uploads").glob("*")) if (ws_path / "uploads").exists() else set()
    assert after == before  # nothing kept
    assert client.get("/api/v1/overview", headers=admin).json()["sizes"] == sizes
    assert len(client.get("/api/v1/audit", headers=admin).json()["entries"]) == log
    r = client.post("/api/v1/screen", json={"names": ["Acme Widgets Ltd"]}, headers=admin)
    assert r.status_code == 200 and r.json()["matches"] == []
    bad = "period,reporterCode\n202301,999999\n"
    r = client.post("/api/v1/ingest", files={"file": ("broken.csv", bad.encode())}, headers=admin)
    assert r.status_code == 202
    job = finished_job(client, r.json()["job_id"], admin)
    assert job["state"] == "failed" and "broken.csv" in job["error"]
    # A good file: the job reports its progress to the end, the summary and the quarantine.
    # (The sample mixes day-first and month-first dates, which only a mapping may settle; here
    # its one bad row is a 30 February.)
    sample = (DATA / "bill_of_lading_sample.csv").read_bytes().replace(b"13/01/2023", b"02/30/2023")
    r = client.post("/api/v1/ingest?fmt=shipments", headers=admin,
                    files={"file": ("bol.csv", sample)})  # fmt: skip
    job = finished_job(client, r.json()["job_id"], admin)
    assert job["state"] == "done" and job["progress"] == 100.0, job
    res = job["result"]
    assert (res["table"], res["accepted"], res["quarantined"]) == ("shipments", 2, 1)
    assert len(res["quarantine"]) == 1 and res["quarantine"][0]["row_number"] > 1
    log = client.get("/api/v1/audit", headers=admin).json()["entries"]
    assert log[-1]["action"] == "ingest" and log[-1]["actor"] == "admin-user"
    # A trade file: the job's result carries the import's profile, in the words the CLI prints.
    trade = (DATA / "layouts" / "comtradr_v1_monthly_hs4_mot_only.csv").read_bytes()
    r = client.post("/api/v1/ingest", headers=admin, files={"file": ("cars.csv", trade)})
    job = finished_job(client, r.json()["job_id"], admin)
    assert job["state"] == "done", job
    lines = job["result"]["profile_lines"]
    assert "monthly: 12 flows, 2022-01 … 2022-12 (12 periods)" in lines
    assert any("split by mode of transport and there is no total row" in x for x in lines)
    # The same file with Windows line endings: its job's result is JSON too (the file's
    # internal line count had made GET /jobs/{id} a 500 for every CRLF upload).
    crlf = trade.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n").replace(b"2022", b"2021")
    r = client.post("/api/v1/ingest", headers=admin, files={"file": ("cars_crlf.csv", crlf)})
    job = finished_job(client, r.json()["job_id"], admin)
    assert job["state"] == "done" and job["result"]["accepted"] == 12, job


def test_no_server_error_anywhere_in_the_schema(world: tuple[Path, dict[str, str]]) -> None:
    """Every operation of the OpenAPI schema with generated parameters and bodies (schemathesis
    strategies, run by hypothesis): no answer is a server error."""
    app = create_app(world[0], max_upload=100_000)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    headers = _h(world, "admin")
    seen = []
    for result in schema.get_all_operations():
        op = result.ok()
        # Background jobs (ingest, scan) are tested above; fuzzing them would rescan for minutes.
        if op.path in ("/api/v1/ingest", "/api/v1/scan"):
            continue
        seen.append(f"{op.method.upper()} {op.path}")

        @given(case=op.as_strategy())
        @settings(max_examples=15, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def run(case: Any) -> None:
            response = case.call(headers=headers)
            assert response.status_code < 500, (case.method, case.formatted_path,
                                                 response.text[:300])  # fmt: skip

        run()
    assert len(seen) >= 10, seen


def _charts(charts: list[dict[str, Any]]) -> list[str]:
    """Charts in any order (the unit-value charts came in the join's order)."""
    return sorted(json.dumps(c, sort_keys=True) for c in charts)


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(list(df.columns), ignore_index=True) if len(df) else df


def test_a_case_page_read_once_shows_what_each_query_showed(client: TestClient) -> None:
    """`case_static` (the case's alerts read once, from the sorted copy in `webcache`) gives
    every case the alerts, legs, series, consignments, firms and network that the separate
    queries on the join give."""
    from shadowtrade.cases import case_detail
    from shadowtrade.views import (
        _case_legs,
        case_alerts_of,
        case_consignments,
        case_network,
        case_series,
        case_static,
        legs_of,
        route_firms,
    )
    from shadowtrade.web.data import PageCache, copy_case_rows
    from shadowtrade.web.pages import case_page_parts

    hub = client.app.state.shadowtrade.hub  # type: ignore[attr-defined]
    scanned = hub.borrow()
    rows = copy_case_rows(scanned, "test_1")
    assert rows.startswith("webcache.")
    ids = [str(r[0]) for r in scanned.raw.execute(
        "SELECT case_id FROM cases ORDER BY score DESC, case_id LIMIT 12").fetchall()]  # fmt: skip
    legs_seen = charts_seen = 0
    batch = case_alerts_of(scanned, [*ids, "C-none"], rows)  # the warmed pages' one query
    cache = PageCache()
    assert batch["C-none"].empty and list(batch["C-none"].columns) == list(batch[ids[0]].columns)
    for cid in ids:
        got, old = case_static(scanned, cid, rows), case_detail(scanned, cid)
        pd.testing.assert_frame_equal(got["alerts"], old["alerts"])  # type: ignore[arg-type]
        # the same rows and values (a column all missing in one case is read as None, in a
        # batch as NaN)
        assert records(batch[cid]) == records(got["alerts"]) and len(batch[cid]) > 0
        assert case_page_parts(scanned, cache, cid, batch[cid]) == case_page_parts(
            scanned, cache, cid
        )
        want_legs = _sorted(_case_legs(scanned, [cid]))
        pd.testing.assert_frame_equal(_sorted(legs_of(cid, got["alerts"])), want_legs,
                                      check_dtype=False)  # fmt: skip
        assert _charts(got["series"]) == _charts(case_series(scanned, cid))
        pd.testing.assert_frame_equal(got["consignments"], case_consignments(scanned, cid),
                                      check_dtype=False)  # fmt: skip
        pd.testing.assert_frame_equal(_sorted(got["firms"]), _sorted(route_firms(scanned, cid)),
                                      check_dtype=False)  # fmt: skip
        assert got["network"] == case_network(scanned, cid)
        legs_seen += len(want_legs)
        charts_seen += len(got["series"])
    hub.give_back(scanned)
    assert len(ids) == 12 and legs_seen > 12 and charts_seen > 12


def test_a_case_page_shows_each_alerts_score_factors(client: TestClient, world: Any) -> None:
    """The case page's "why this score" tables: every factor of every alert that has them
    (name, value, weight, sentence, the scoring version), as the alert's evidence holds them."""
    from markupsafe import escape

    from shadowtrade.detect.alerts import score_factors

    h = _h(world, "viewer")
    shown = 0
    for detector in ("transshipment", "route_break"):
        alerts = client.get(f"/api/v1/alerts?detector={detector}&page_size=2", headers=h).json()
        for item in alerts["items"]:
            ev = client.get(f"/api/v1/alerts/{item['alert_id']}", headers=h).json()["evidence"]
            factors, version = score_factors(json.dumps(ev))
            assert factors and version and version.startswith(detector)
            page = client.get(f"/cases/{item['case_id']}", headers=h).text
            table = page.split(f'data-alert="{item["alert_id"]}"', 1)[1].split("</table>", 1)[0]
            heading = page.split(f'data-alert="{item["alert_id"]}"', 1)[0].rsplit("<h3", 1)[1]
            assert f"scoring {version}" in heading
            rows = table.split("<tr>")[2:]  # after the header's row
            assert len(rows) == len(factors)
            for row, f in zip(rows, factors, strict=True):
                assert f"<td>{escape(str(f['name']))}</td>" in row
                assert f"{float(f['value']):.2f}" in row and f"{f['weight']:g}" in row  # type: ignore[arg-type]
                assert str(escape(str(f["sentence"]))) in row
            shown += len(factors)
    assert shown >= 8


def test_pages_under_a_proxy_prefix_link_only_inside_it(world: Any) -> None:
    """Served under `--root-path /st` (a reverse proxy's prefix): every link, form and file
    the main pages name starts with the prefix and answers (no 404); the redirects keep it;
    the scripts build their URLs from the prefix the page carries."""
    import re

    app = create_app(world[0], max_upload=100_000)
    with TestClient(app, root_path="/st") as c:
        h = _h(world, "analyst")
        login = c.get("/st/alerts", follow_redirects=False)
        assert login.status_code == 303 and login.headers["location"].startswith("/st/login?")
        cid = c.get("/st/api/v1/cases", headers=h).json()["items"][0]["case_id"]
        pages = ["/st/", "/st/alerts", "/st/cases", f"/st/cases/{cid}", "/st/check", "/st/ingest",
                 "/st/alerts?sort=origin&page=2"]  # fmt: skip
        seen: set[str] = set()
        for page in pages:
            r = c.get(page, headers=h)
            assert r.status_code == 200, page
            assert 'data-root="/st"' in r.text
            for link in re.findall(r'(?:href|src|action)=["\']([^"\']+)["\']', r.text):
                if link.startswith(("data:", "#", "?", "http")):
                    continue
                assert link.startswith("/st/"), (page, link)
                seen.add(link.split("#")[0])
        assert {"/st/static/app.css", "/st/plotly.min.js", f"/st/cases/{cid}/triage",
                "/st/docs", "/st/logout"} <= seen  # fmt: skip
        for link in sorted(seen - {"/st/logout"}):
            assert c.get(link, headers=h, follow_redirects=False).status_code != 404, link
        saved = c.post(f"/st/cases/{cid}/triage", data={"note": "under a prefix"}, headers=h,
                       follow_redirects=False)  # fmt: skip
        assert saved.status_code == 303 and saved.headers["location"] == f"/st/cases/{cid}"
    static = Path(shadowtrade.__file__).parent / "web" / "static"
    for js in ("app.js", "charts.js"):
        text = (static / js).read_text()
        assert not re.search(r"fetch\(\s*[\"'`]/", text) and not re.search(r"href: `/", text)


def test_a_triage_during_a_long_scan_is_written_at_once(
    client: TestClient, world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scan job computes outside the workspace's writer: a triage sent while the scan's
    detectors run is answered 200 at once (before: it waited for the whole scan, then 503),
    and after the scan the triage and the scan are both in a log that verifies."""
    import threading

    import shadowtrade.scanning as scanning
    from shadowtrade.writelock import writer_for

    real, running, finish = scanning.scan_workspace, threading.Event(), threading.Event()

    def slow_scan(ws: Any, *args: Any, **kwargs: Any) -> Any:
        running.set()
        finish.wait(30)  # the detectors' long computation
        return real(ws, ["mirror_gap"], **kwargs)

    monkeypatch.setattr(scanning, "scan_workspace", slow_scan)
    writer = writer_for(world[0])
    monkeypatch.setattr(writer, "timeout", 2.0)  # a write that waits on the scan: 503 in 2 s
    admin, analyst = _h(world, "admin"), _h(world, "analyst")
    cid = client.get("/api/v1/cases", headers=analyst).json()["items"][1]["case_id"]
    job = client.post("/api/v1/scan", headers=admin).json()["job_id"]
    assert running.wait(10)
    t0 = time.perf_counter()
    r = client.post(f"/api/v1/cases/{cid}/triage", json={"note": "during the scan"},
                    headers=analyst)  # fmt: skip
    took = time.perf_counter() - t0
    finish.set()
    assert r.status_code == 200 and took < 2.0, (r.status_code, took)
    for _ in range(600):
        state = client.get(f"/api/v1/jobs/{job}", headers=admin).json()
        if state["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert state["state"] == "done", state
    changes = state["result"]["changes"]  # the scan against the one that built the world's cases
    assert changes["previous_at"] is not None and changes["gone_alerts"] >= 0, changes
    assert state["note"].endswith(  # what the jobs tables show for the scan
        f"since the last scan {changes['new_alerts']:,} new alerts,"
        f" {changes['gone_alerts']:,} gone, {changes['new_cases']:,} new cases"
    ), state
    log = client.get("/api/v1/audit", headers=analyst).json()
    assert log["problems"] == []
    actions = [(e["case_id"], e["action"], e["new_value"]) for e in log["entries"]]
    assert (cid, "note", "during the scan") in actions
    assert any(a == "scan" for _, a, _ in actions)


def test_readyz_says_when_the_strongest_cases_pages_are_made(
    client: TestClient, world: Any
) -> None:
    """/readyz (no login) answers 503 while the pages' tables and the strongest cases' pages
    are made after a start, then 200; the strongest case's page is then held."""
    import time

    st = client.app.state.shadowtrade  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while (r := client.get("/readyz")).status_code == 503 and time.monotonic() < deadline:
        assert r.json() == {"pages": "preparing"}
        time.sleep(0.2)
    assert r.status_code == 200 and r.json() == {"pages": "ready"}
    best = client.get("/api/v1/cases?sort=-score&page_size=1", headers=_h(world, "viewer"))
    cid = best.json()["items"][0]["case_id"]
    assert st.cache.holds(static=("case page", cid))


def test_a_case_reads_as_the_list_gives_it(client: TestClient, world: Any) -> None:
    # Dates as the list gives them (a day, not a timestamp); the explanation as JSON, not a
    # JSON string inside the JSON.
    viewer = _h(world, "viewer")
    listed = client.get("/api/v1/cases?kind=route", headers=viewer).json()["items"][0]
    detail = client.get(f"/api/v1/cases/{listed['case_id']}", headers=viewer).json()
    case = detail["case"]
    assert (case["period_start"], case["period_end"]) == (listed["period_start"],
                                                          listed["period_end"])  # fmt: skip
    assert len(case["period_start"]) == 10 and case["period_start"].endswith("-01")
    assert isinstance(case["explanation"], list) and case["explanation"] == detail["explanation"]
    assert set(case["explanation"][0]) == {"line", "strength", "alert_id"}
