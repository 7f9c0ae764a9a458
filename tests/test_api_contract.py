"""The REST API's answers to bad parameters (422 naming what is allowed, in one body shape for
every 4xx) and its OpenAPI schema's security schemes (so that /docs can send a token)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import shadowtrade
from shadowtrade.web.access import add_user
from shadowtrade.web.app import create_app


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    path = tmp_path_factory.mktemp("contract") / "ws"
    ws = shadowtrade.open(path)
    # Two alerts, one ending in February 2022 and one in March (for the month filters).
    ws.raw.execute(
        "INSERT INTO alerts (alert_id, detector, score, origin, via, destination, hs_code,"
        " period_start, period_end, summary, evidence) VALUES"
        " ('a1', 'mirror_gap', 0.9, 'SRB', NULL, 'KAZ', '9306', '2022-02-01', '2022-02-28',"
        "  'x', '{}'),"
        " ('a2', 'transshipment', 0.8, 'SRB', 'CZE', 'BGR', '9306', '2022-03-01', '2022-03-31',"
        "  'y', '{}')"
    )
    token = add_user(ws, "boss", "admin")
    ws.close()
    with TestClient(create_app(path, pages=False)) as client:
        yield client, {"Authorization": f"Bearer {token}"}


def _get(api: tuple[TestClient, dict[str, str]], url: str) -> tuple[int, Any]:
    client, h = api
    r = client.get(url, headers=h)
    return r.status_code, r.json()


def test_unknown_values_are_422_naming_the_allowed_ones(api: Any) -> None:
    assert _get(api, "/api/v1/alerts?detector=bogus") == (422, {"detail": (
        "detector 'bogus': expected one of consignment_anomaly, cross_code_mirror, deflection,"
        " description_mismatch, document_reuse, list_match, mirror_gap, route_break,"
        " route_mismatch, transshipment, unit_value")})  # fmt: skip
    assert _get(api, "/api/v1/alerts?status=bogus") == (422, {"detail": (
        "status 'bogus': expected one of new, investigating, confirmed, dismissed")})  # fmt: skip
    assert _get(api, "/api/v1/cases?kind=bogus") == (422, {"detail": (
        "kind 'bogus': expected one of route, pair, party, single")})  # fmt: skip
    code, body = _get(api, "/api/v1/alerts?country=ZZZ")
    assert code == 422 and body["detail"].startswith("country 'ZZZ' is not an ISO 3166 alpha-3")
    assert _get(api, "/api/v1/alerts?country=kaz")[1]["total"] == 1  # lower case is still KAZ
    assert _get(api, "/api/v1/alerts?detector=mirror_gap")[1]["total"] == 1


def test_months_as_the_cli_gives_them(api: Any) -> None:
    # since: periods ending on or after the month's first day; until: starting by its last.
    assert [a["alert_id"] for a in _get(api, "/api/v1/alerts?since=2022-03")[1]["items"]] == ["a2"]
    assert [a["alert_id"] for a in _get(api, "/api/v1/alerts?until=2022-02")[1]["items"]] == ["a1"]
    assert _get(api, "/api/v1/alerts?since=2022-02-28")[1]["total"] == 2
    code, body = _get(api, "/api/v1/alerts?since=March")
    assert (code, body["detail"]) == (422, "since 'March': give a month (YYYY-MM) or a day"
                                           " (YYYY-MM-DD)")  # fmt: skip


def test_ingest_format_and_jobs_limit_refused_at_once(api: Any) -> None:
    client, h = api
    r = client.post("/api/v1/ingest?fmt=bogus", headers=h, files={"file": ("a.csv", b"a\n1\n")})
    assert r.status_code == 422 and r.json() == {"detail": (
        "fmt 'bogus': expected one of auto, comtrade, baci, comext, shipments, ofac-sdn, eu-fsf,"
        " un-sc, ftm")}  # fmt: skip
    assert client.get("/api/v1/jobs", headers=h).json()["items"] == []  # no job was started
    code, body = _get(api, "/api/v1/jobs?limit=0")
    assert code == 422
    assert body["detail"] == "limit: Input should be greater than or equal to 1 (got '0')"
    assert body["errors"][0]["loc"] == ["query", "limit"]  # FastAPI's list, under its own key


def test_every_4xx_body_has_a_sentence_as_detail(api: Any) -> None:
    client, h = api
    answers = [
        client.get("/api/v1/alerts", headers=h, params={"page_size": 0}),
        client.get("/api/v1/alerts", headers=h, params={"sort": "bogus"}),
        client.get("/api/v1/alerts", headers=h, params={"min_score": "high"}),
        client.post("/api/v1/users", headers=h, json={}),
        client.post("/api/v1/screen", headers=h, json={"names": []}),
        client.get("/api/v1/alerts"),
        client.get("/api/v1/jobs/nope", headers=h),
        client.delete("/api/v1/users/nobody", headers=h),
    ]
    assert [r.status_code for r in answers] == [422, 422, 422, 422, 422, 401, 404, 404]
    for r in answers:
        assert isinstance(r.json()["detail"], str) and r.json()["detail"], r.text
    assert answers[3].json()["detail"] == "name: Field required"


def test_openapi_has_the_bearer_and_session_schemes(api: Any) -> None:
    client, _ = api
    schema = client.get("/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    bearer = {"type": "http", "scheme": "bearer",
              "description": "A user's token: `Authorization: Bearer st_…`"}  # fmt: skip
    assert schemes["bearer"] == bearer
    assert (schemes["session"]["type"], schemes["session"]["in"]) == ("apiKey", "cookie")
    assert schema["paths"]["/api/v1/alerts"]["get"]["security"] == [{"bearer": []},
                                                                     {"session": []}]  # fmt: skip
    assert schema["paths"]["/api/v1/scan"]["post"]["security"] == [{"bearer": []},
                                                                   {"session": []}]  # fmt: skip


def test_unknown_query_parameters_are_422_naming_the_accepted_ones(api: Any) -> None:
    # An analyst who filters by a name the API does not know gets no unfiltered answer.
    code, body = _get(api, "/api/v1/alerts?origin=CZE")
    assert code == 422
    assert body["detail"] == (
        "unknown query parameter origin: GET /api/v1/alerts accepts detector, country, hs,"
        " since, until, min_score, status, page, page_size, sort"
    )
    code, body = _get(api, "/api/v1/cases?country=SRB&destination=KAZ&Kind=route")
    assert code == 422
    assert body["detail"] == (
        "unknown query parameters destination, Kind: GET /api/v1/cases accepts kind, detector,"
        " country, hs, since, until, min_score, status, page, page_size, sort"
    )
    assert _get(api, "/api/v1/jobs?limits=5")[0] == 422
    assert _get(api, "/api/v1/overview?x=1")[1]["detail"] == (
        "unknown query parameter x: GET /api/v1/overview accepts none"
    )
    # The accepted ones still filter.
    assert _get(api, "/api/v1/alerts?country=CZE&page=1")[1]["total"] == 1


def test_a_structured_check_takes_goods_words(api: Any) -> None:
    # The words the check page read from a text ("computers") can be sent back as goods.
    client, h = api
    claim = {"origin": "LTU", "destination": "RUS", "goods": ["computers"]}
    r = client.post("/api/v1/check", headers=h, json=claim)
    assert r.status_code == 200, r.text
    hyp = r.json()["hypothesis"]
    assert (hyp["categories"], hyp["hs_codes"]) == (["chpl"], ["8471"])
    assert hyp["words"]["goods_read"] == ["goods 'computers' read as HS 8471 (computers)"]
    r = client.post("/api/v1/check", headers=h, json=claim | {"goods": ["stuff"]})
    assert r.status_code == 422 and "goods: 'stuff' is neither an HS code" in r.json()["detail"]
    # an intermediary and a destination with no origin: graded from the stop on
    stop_only = {"via": ["LTU"], "destination": "RUS", "goods": ["computers"]}
    r = client.post("/api/v1/check", headers=h, json=stop_only)
    assert r.status_code == 200, r.text
    assert r.json()["hypothesis"]["origin"] is None
    assert "names no origin: it is graded from LTU on" in r.json()["summary"]
    r = client.post("/api/v1/check", headers=h, json={"destination": "RUS"})
    assert r.status_code == 422 and "or an intermediary" in r.json()["detail"]
