"""The web app exposed to a network: bodies refused before they are read and counted while
they stream, a token cache random tokens cannot grow, writes by exact id only, errors without
internals, server-side sessions, security headers on every answer, offline docs, a health
endpoint and the server started by the same command as the container's."""

from __future__ import annotations

import asyncio
import gc
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.conftest import scanned_world, served

import shadowtrade
from shadowtrade.errors import InputError
from shadowtrade.web.access import Sessions, TokenCache, User, add_user
from shadowtrade.web.app import create_app
from shadowtrade.web.deps import upload_name
from shadowtrade.web.jobs import Jobs
from shadowtrade.web.messages import api_words, failure_words
from shadowtrade.web.pages import local_path

LIMIT = 100_000


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path, _ = scanned_world(tmp_path_factory, "seed-case")
    ws = shadowtrade.open(path)
    tokens = {role: add_user(ws, f"{role}-user", role) for role in ("viewer", "analyst", "admin")}
    ws.close()
    return path, tokens


@pytest.fixture(scope="module")
def app(world: tuple[Path, dict[str, str]]) -> FastAPI:
    return create_app(world[0], max_upload=LIMIT)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def _h(world: tuple[Path, dict[str, str]], role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world[1][role]}"}


class Streamed:
    """An ASGI request body of `total` bytes sent in chunks (no Content-Length: chunked), which
    counts how much of it the app asked for."""

    def __init__(self, total: int, chunk: int = 64 * 1024) -> None:
        self.total, self.chunk, self.consumed = total, chunk, 0

    async def receive(self) -> dict[str, Any]:
        # A well-formed multipart start (one file field), then the file's bytes without end.
        head = FILE_PART if self.consumed == 0 else b""
        n = min(self.chunk, self.total - self.consumed)
        self.consumed += n
        body = (head + b"x" * n)[:n]
        return {"type": "http.request", "body": body, "more_body": self.consumed < self.total}


FILE_PART = (b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
             b"Content-Type: text/csv\r\n\r\n")  # fmt: skip


def _call(app: FastAPI, method: str, path: str, headers: dict[str, str], body: Streamed
          ) -> tuple[int, dict[str, str], bytes]:  # fmt: skip
    """The app called as the server calls it, with a streamed body."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }  # fmt: skip
    out: dict[str, Any] = {"body": b""}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}
        else:
            out["body"] += message.get("body", b"")

    asyncio.run(app(scope, body.receive, send))  # type: ignore[arg-type]
    return out["status"], out["headers"], out["body"]


MULTIPART = {"content-type": "multipart/form-data; boundary=xyz", "transfer-encoding": "chunked"}


def test_an_upload_without_a_token_is_refused_before_its_body_is_read(
    app: FastAPI, world: Any
) -> None:
    for path in ("/api/v1/ingest", "/ingest"):
        gigabyte = Streamed(1 << 30)
        status, _, _ = _call(app, "POST", path, MULTIPART, gigabyte)
        assert status == (401 if path.startswith("/api") else 303)
        assert gigabyte.consumed < 1 << 20, gigabyte.consumed  # not one MB of it read
        assert gigabyte.consumed == 0
    # A viewer's upload: 403 from the headers alone, as is a random token's.
    for role, code in (("viewer", 403), ("analyst", 403)):
        body = Streamed(300 << 20)
        status, _, answer = _call(app, "POST", "/api/v1/ingest", {**MULTIPART, **_h(world, role)},
                                  body)  # fmt: skip
        assert (status, body.consumed) == (code, 0), answer
    body = Streamed(1 << 30)
    bad = {**MULTIPART, "authorization": "Bearer " + secrets.token_urlsafe(32)}
    assert _call(app, "POST", "/api/v1/check", bad, body)[0] == 401 and body.consumed == 0


def test_the_real_server_closes_the_connection_of_a_refused_upload(world: Any) -> None:
    """Over TCP, through uvicorn: the refusal also closes the connection, so the server does
    not go on reading (and discarding) the gigabyte; the client gets its 401 or 403 after a few
    MB at most have gone into the sockets' buffers."""
    with served(create_app(world[0], max_upload=LIMIT)) as url:
        port = int(url.rsplit(":", 1)[1])
        for extra, code in ((b"", b"401"), (f"Authorization: Bearer {world[1]['viewer']}\r\n"
                                            .encode(), b"403")):  # fmt: skip
            with socket.create_connection(("127.0.0.1", port), timeout=10) as c:
                c.sendall(b"POST /api/v1/ingest HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked"
                          b"\r\nContent-Type: multipart/form-data; boundary=xyz\r\n" + extra +
                          b"\r\n")  # fmt: skip
                frame = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"
                sent = 0
                try:
                    while sent < 1 << 30:
                        c.sendall(frame)
                        sent += 0x10000
                except OSError:
                    pass  # closed by the server
                assert sent < 64 << 20, f"{sent / 1e6:.0f} MB accepted"
                assert c.recv(100).startswith(b"HTTP/1.1 " + code)


def test_a_chunked_body_over_the_limit_is_413_and_nothing_is_kept(
    app: FastAPI, client: TestClient, world: Any
) -> None:
    uploads = world[0] / "uploads"
    before = set(uploads.glob("*")) if uploads.exists() else set()
    log = len(client.get("/api/v1/audit", headers=_h(world, "admin")).json()["entries"])
    body = Streamed(50 << 20, chunk=16 * 1024)
    status, headers, answer = _call(app, "POST", "/api/v1/ingest",
                                    {**MULTIPART, **_h(world, "admin")}, body)  # fmt: skip
    assert status == 413, answer
    assert b"larger than 100,000 bytes" in answer
    # Reading stopped at the limit (+ the allowance for the form's own lines), not at 50 MB.
    assert LIMIT < body.consumed <= LIMIT + 64 * 1024 + 16 * 1024
    after = set(uploads.glob("*")) if uploads.exists() else set()
    assert after == before
    assert len(client.get("/api/v1/audit", headers=_h(world, "admin")).json()["entries"]) == log
    assert "content-security-policy" in headers
    # The same through the pages' upload: 413 as a page.
    body = Streamed(50 << 20, chunk=16 * 1024)
    status, headers, answer = _call(app, "POST", "/ingest", {**MULTIPART, **_h(world, "admin")},
                                    body)  # fmt: skip
    assert status == 413 and headers["content-type"].startswith("text/html")
    assert body.consumed <= LIMIT + 64 * 1024 + 16 * 1024


def test_other_bodies_stop_at_five_megabytes(world: Any) -> None:
    """A JSON body (not an upload) is read up to 5 MB, whatever the upload limit."""
    big = create_app(world[0], max_upload=100 << 20, pages=False)
    json_chunked = {"content-type": "application/json", "transfer-encoding": "chunked"}
    body = Streamed(1 << 30, chunk=64 * 1024)
    status, _, answer = _call(big, "POST", "/api/v1/check", {**json_chunked,
                              **_h(world, "analyst")}, body)  # fmt: skip
    assert status == 413, answer
    assert 5 << 20 < body.consumed <= (5 << 20) + 64 * 1024
    assert b"larger than 5,242,880 bytes" in answer


def _rss() -> int:
    gc.collect()
    return int(psutil.Process().memory_info().rss)


@pytest.mark.slow  # 10,000 requests: 35-75 s on a busy machine
def test_random_bad_tokens_do_not_grow_the_server(app: FastAPI) -> None:
    """10,000 requests, each with a new random 10 KB token: all 401, none remembered, and the
    process's memory stays within 20 MB of where it started (each cached miss would cost its
    token: 100 MB in all)."""

    async def run(n: int) -> list[int]:
        transport = httpx.ASGITransport(app=app)
        codes = []
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            for _ in range(n):
                token = secrets.token_urlsafe(7_500)  # 10,000 characters
                r = await c.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
                codes.append(r.status_code)
        return codes

    asyncio.run(run(200))  # warm up: code paths, pools, the allocator
    known = len(state_of(app).tokens)  # the fixture users' tokens, used by other tests
    start = _rss()
    codes = asyncio.run(run(10_000))
    grown = _rss() - start
    assert set(codes) == {401}
    assert len(state_of(app).tokens) == known
    assert grown < 20 * 1024 * 1024, f"RSS grew {grown / 1e6:.1f} MB"


def state_of(app: FastAPI) -> Any:
    return app.state.shadowtrade


def test_token_cache_is_bounded_and_keeps_no_misses() -> None:
    cache = TokenCache(maxsize=3)
    users = {f"d{i}": User(f"u{i}", "viewer") for i in range(5)}
    looked: list[str] = []

    def lookup(d: str) -> User | None:
        looked.append(d)
        return users.get(d)

    assert cache.user("nobody", lookup) is None and cache.user("nobody", lookup) is None
    assert looked == ["nobody", "nobody"] and len(cache) == 0  # misses asked again, not kept
    for i in range(5):
        assert cache.user(f"d{i}", lookup) == users[f"d{i}"]
    assert len(cache) == 3
    looked.clear()
    cache.user("d4", lookup)
    cache.user("d0", lookup)  # dropped as the oldest: looked up again
    assert looked == ["d0"]
    cache.clear()
    assert len(cache) == 0
    # With the stored digests known, a token no user has costs no lookup at all.
    reads: list[int] = []

    def stored() -> frozenset[str]:
        reads.append(1)
        return frozenset(users)

    looked.clear()
    assert [cache.user(d, lookup, stored) for d in ("x", "y", "d1")] == [None, None, users["d1"]]
    assert looked == ["d1"] and len(reads) == 1  # the digests read once
    users["d9"] = User("u9", "admin")  # a user added (through the server, which clears)
    assert cache.user("d9", lookup, stored) is None
    cache.clear()
    assert cache.user("d9", lookup, stored) == users["d9"] and len(reads) == 2


def test_a_write_needs_the_exact_case_id(client: TestClient, world: Any) -> None:
    h = _h(world, "analyst")
    cid = client.get("/api/v1/cases?kind=route", headers=h).json()["items"][0]["case_id"]
    prefix = cid[:-3]
    before = client.get(f"/api/v1/cases/{cid}", headers=h).json()
    r = client.post(f"/api/v1/cases/{prefix}/triage", headers=h, json={"note": "typo"})
    assert r.status_code == 404, r.text
    assert "exact case id" in r.json()["detail"]
    assert client.get(f"/api/v1/cases/{cid}", headers=h).json()["audit"] == before["audit"]
    # Reads still take a unique prefix; the exact id writes.
    assert client.get(f"/api/v1/cases/{prefix}", headers=h).json()["case_id"] == cid
    r = client.post(f"/api/v1/cases/{cid}/triage", headers=h, json={"note": "exact"})
    assert r.status_code == 200, r.text
    # The page's form too.
    r = client.post(f"/cases/{prefix}/triage", headers=h, data={"note": "typo"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]


ABSOLUTE = re.compile(r"(?<![\w.:/])/(?:tmp|home|root|work|usr|var)/")


def test_errors_carry_no_traceback_and_no_path(client: TestClient, world: Any) -> None:
    admin = _h(world, "admin")
    bad = b"period,reporterCode\n202301,999999\n"
    job = client.post("/api/v1/ingest", files={"file": ("broken.csv", bad)}, headers=admin).json()
    for _ in range(300):
        j = client.get(f"/api/v1/jobs/{job['job_id']}", headers=admin).json()
        if j["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert j["state"] == "failed" and j["error"].startswith("broken.csv: "), j["error"]
    text = str(j)
    assert "Traceback" not in text and "trace" not in (j["result"] or {})
    assert not ABSOLUTE.search(text) and str(world[0]) not in text, text
    # API words, not the CLI's.
    cid = client.get("/api/v1/cases", headers=admin).json()["items"][0]["case_id"]
    r = client.post(f"/api/v1/cases/{cid}/triage", headers=admin, json={"status": "bogus"})
    assert r.status_code == 422
    assert r.json()["detail"].startswith("status 'bogus': expected one of"), r.json()
    r = client.get("/api/v1/cases/C-none", headers=admin)
    assert r.status_code in (404, 422) and "shadowtrade cases" not in r.json()["detail"]
    assert "GET /api/v1/cases" in r.json()["detail"]


def test_job_failures_in_words() -> None:
    jobs = Jobs()

    def crash(job: Any) -> dict[str, Any]:
        raise RuntimeError("/srv/secret/place/workspace.duckdb: internal detail")

    def refuse(job: Any) -> dict[str, Any]:
        raise InputError("/srv/data/uploads/1a2b_file.csv: line 3, column period: bad")

    a, b = jobs.submit("scan", "x", crash), jobs.submit("ingest", "x", refuse)
    for _ in range(100):
        if a.finished_at and b.finished_at:
            break
        time.sleep(0.02)
    assert a.error == "internal error (RuntimeError); the server's log has the details"
    assert b.error == "1a2b_file.csv: line 3, column period: bad"
    assert a.result is None and b.result is None
    assert api_words("--status 'x' (see `shadowtrade cases --status new`)") == (
        "status 'x' (GET /api/v1/cases lists them)")  # fmt: skip
    assert failure_words(ValueError("/etc/passwd")) == (
        "internal error (ValueError); the server's log has the details")  # fmt: skip
    assert api_words("HS 93/06 in 2023-01, see https://example.org/a/b") == (
        "HS 93/06 in 2023-01, see https://example.org/a/b")  # fmt: skip


def test_security_headers_on_every_answer(client: TestClient, world: Any) -> None:
    answers = [client.get("/api/v1/alerts"), client.get("/api/v1/me", headers=_h(world, "viewer")),
               client.get("/login"), client.get("/static/app.js"), client.get("/nowhere"),
               client.get("/docs"), client.get("/healthz")]  # fmt: skip
    assert [r.status_code for r in answers] == [401, 200, 200, 200, 404, 200, 200]
    for r in answers:
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert "unsafe-eval" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"
    assert client.get("/healthz").json() == {"status": "ok"}


def test_docs_are_served_from_vendored_files(client: TestClient) -> None:
    for path, assets in (("/docs", ["swagger-ui-bundle.js", "swagger-ui.css"]),
                         ("/redoc", ["redoc.standalone.js"])):  # fmt: skip
        page = client.get(path).text
        assert "<script>" not in page  # no inline script
        urls = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert urls and all(u.startswith("/static/") or u == "data:," for u in urls), urls
        for a in assets:
            assert f"/static/vendor/{a}" in urls
            r = client.get(f"/static/vendor/{a}")
            assert r.status_code == 200 and len(r.content) > 100_000
    assert client.get("/static/docs.js").status_code == 200


def test_sessions_are_server_side_expire_and_end_at_logout(app: FastAPI, world: Any) -> None:
    token = world[1]["analyst"]
    with TestClient(app) as c:
        r = c.post("/login", data={"token": token, "next": "/cases"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/cases"
        cookie = r.headers["set-cookie"]
        sid = c.cookies["shadowtrade_session"]
        assert token not in cookie and sid != token and len(sid) >= 40
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=43200" in cookie
        assert "Secure" not in cookie  # plain http here, and not forced
        assert c.get("/api/v1/me").json()["name"] == "analyst-user"
        assert c.get("/cases", follow_redirects=False).status_code == 200
        c.get("/logout", follow_redirects=False)
        c.cookies.set("shadowtrade_session", sid)  # the old cookie, replayed: revoked
        assert c.get("/api/v1/me").status_code == 401
        assert c.get("/cases", follow_redirects=False).status_code == 303
        c.cookies.set("shadowtrade_session", token)  # the raw token is no session
        assert c.get("/api/v1/me").status_code == 401
    sessions = Sessions(lifetime_s=0.05)
    sid = sessions.open("t")
    assert sessions.digest(sid) is not None
    time.sleep(0.06)
    assert sessions.digest(sid) is None and len(sessions) == 0
    secure = create_app(world[0], max_upload=LIMIT, secure_cookies=True)
    with TestClient(secure) as c:
        r = c.post("/login", data={"token": token}, follow_redirects=False)
        assert "Secure" in r.headers["set-cookie"]


def test_errors_on_pages_are_pages_that_keep_the_input(client: TestClient, world: Any) -> None:
    viewer = _h(world, "viewer")
    r = client.post("/check", headers=viewer, data={"text": "Rifles went from SRB to UKR"})
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert "Not allowed" in r.text and "Rifles went from SRB to UKR" in r.text
    r = client.get("/cases/C-doesnotexist", headers=viewer)
    assert r.status_code == 404 and "<h1>Not found</h1>" in r.text
    # The check form is not offered to a viewer.
    assert 'id="check"' not in client.get("/check", headers=viewer).text
    assert 'id="check"' in client.get("/check", headers=_h(world, "analyst")).text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_server_command_answers_on_healthz(tmp_path: Path) -> None:
    """`shadowtrade serve`, as the container's CMD runs it (behind a proxy: --root-path and
    forwarded headers), answers /healthz and serves the API under the prefix."""
    shadowtrade.open(tmp_path / "ws").close()  # its own workspace: the fixture's is held here
    port = _free_port()
    script = Path(sys.executable).parent / "shadowtrade"  # the console script, as in the image
    entry = [str(script)] if script.exists() else [sys.executable, "-m", "shadowtrade.cli"]
    cmd = [*entry, "serve", "--workspace", str(tmp_path / "ws"),
           "--host", "127.0.0.1", "--port", str(port), "--root-path", "/shadowtrade",
           "--proxy-headers", "--forwarded-allow-ips", "127.0.0.1"]  # fmt: skip
    env = {**os.environ, "SHADOWTRADE_MEMORY_LIMIT": "2GB"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                r = httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                time.sleep(0.1)
        assert r.status_code == 200 and r.json() == {"status": "ok"}
        assert httpx.get(f"{base}/api/v1/alerts").status_code == 401
        docs = httpx.get(f"{base}/docs").text
        assert '"/shadowtrade/static/vendor/swagger-ui-bundle.js"' in docs
        assert 'data-openapi="/shadowtrade/openapi.json"' in docs
    finally:
        proc.terminate()
        proc.wait(10)


def test_an_uploaded_file_keeps_its_name_and_no_folder() -> None:
    assert upload_name("<img src=x onerror=alert('fname')>.csv") == (
        "<img src=x onerror=alert('fname')>.csv")  # fmt: skip
    assert upload_name("../../etc/passwd") == "passwd"
    assert upload_name("C:\\Users\\ana\\comtrade.csv") == "comtrade.csv"
    assert [upload_name(n) for n in ("..", ".", "", None, "a/..", "x\x00.csv")] == [
        "upload", "upload", "upload", "upload", "upload", "x.csv"]  # fmt: skip


def test_login_redirects_stay_on_the_site() -> None:
    assert local_path("/cases?status=new") and local_path("/")
    for elsewhere in ("//evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example",
                      "evil.example", ""):  # fmt: skip
        assert not local_path(elsewhere), elsewhere


def test_a_server_error_says_nothing_inside_and_carries_the_headers(world: Any) -> None:
    app = create_app(world[0], max_upload=LIMIT, pages=False)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError(f"{world[0]}/shadowtrade.duckdb: a detail for the log only")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/boom")
    assert r.status_code == 500 and r.text == "Internal Server Error"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
