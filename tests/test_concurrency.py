"""Many analysts at once against one real server (issue 19): 5 users send 50 parallel
triages, notes and allegation checks while a CLI `triage` runs beside them. No answer is a
500, every write is in the log exactly once, the audit chain verifies, and every case's
state is the one its last logged write set."""

from __future__ import annotations

import io
import json
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pandas as pd
import pytest
from tests._processes import EXE, HOLD_FILE, HOLD_WRITER, holder_target, holding, run_beside

from shadowtrade.cases import audit, build_cases, list_cases
from shadowtrade.web.access import add_user
from shadowtrade.workspace import open_workspace
from shadowtrade.writelock import served_by

COUNTRIES = ["SRB", "CZE", "BGR", "UKR", "DEU", "POL", "TUR", "ARE", "CHN", "IND"]
CASES_WRITTEN = 6  # few cases, so that writes to one case race each other
STATUSES = ("investigating", "confirmed", "dismissed", "new")


def _world(path: Path, n: int = 400) -> list[str]:
    """A small workspace of alerts between real countries, grouped into cases; the case ids,
    best first."""
    rng = np.random.default_rng(7)
    o = rng.choice(COUNTRIES, n)
    d = np.array([rng.choice([c for c in COUNTRIES if c != x]) for x in o])
    start = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 30, n) * 30, "D")
    alerts = pd.DataFrame({
        "alert_id": [f"a{i:05d}" for i in range(n)],
        "detector": rng.choice(["route_break", "mirror_gap", "unit_value"], n),
        "score": rng.random(n).round(4), "origin": o, "via": None, "destination": d,
        "hs_code": rng.choice(["930690", "360100", "732690"], n), "declared_hs_code": None,
        "period_start": start.normalize(), "period_end": start + pd.Timedelta(days=300),
        "entity": None, "shipment_id": None,
        "summary": [f"{a}→{b}" for a, b in zip(o, d, strict=True)],
        "evidence": [f'{{"reporter": "{a}"}}' for a in o],
    })  # fmt: skip
    ws = open_workspace(path)
    try:
        ws.raw.register("_a", alerts)
        ws.raw.execute("INSERT INTO alerts BY NAME SELECT * FROM _a")
        build_cases(ws)
        return [str(c) for c in list_cases(ws)["case_id"]]
    finally:
        ws.close()


def _analyst(path: Path) -> dict[str, str]:
    """The request headers of a new analyst, ana, of the workspace."""
    ws = open_workspace(path)
    try:
        return {"Authorization": f"Bearer {add_user(ws, 'ana', 'analyst')}"}
    finally:
        ws.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Any:
    path = tmp_path / "ws"
    case_ids = _world(path)
    ws = open_workspace(path)
    tokens = {f"analyst{i}": add_user(ws, f"analyst{i}", "analyst") for i in range(1, 5)}
    tokens["boss"] = add_user(ws, "boss", "admin")
    ws.close()
    port = _free_port()
    exe = Path(sys.executable).with_name("shadowtrade")
    env = {**os.environ, "SHADOWTRADE_MEMORY_LIMIT": "1GB"}
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--workspace", str(path)],
                            env=env, stderr=subprocess.PIPE, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/openapi.json", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not start")
        yield path, base, tokens, case_ids, proc
    finally:
        proc.terminate()
        proc.wait(20)
    assert served_by(path) is None  # the advertisement goes with the server


def _write(base: str, token: str, op: tuple[str, Any]) -> tuple[int, Any]:
    kind, arg = op
    h = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=h, timeout=120) as c:
        if kind == "check":
            r = c.post("/api/v1/check", json={"origin": "SRB", "via": [arg],
                                              "destination": "UKR", "goods": ["9306"]})  # fmt: skip
        else:
            cid, body = arg
            r = c.post(f"/api/v1/cases/{cid}/triage", json=body)
    return r.status_code, r.json() if r.headers.get("content-type", "").startswith("appl") else r


def test_fifty_parallel_writes_and_a_cli_triage_lose_nothing(server: Any) -> None:
    path, base, tokens, case_ids, _ = server
    rng = random.Random(5)
    targets = case_ids[:CASES_WRITTEN]
    users = sorted(tokens)
    ops: list[tuple[str, str, Any]] = []  # (user, kind, arg)
    for i in range(50):
        user = users[i % len(users)]
        if i % 5 == 4:
            ops.append((user, "check", rng.choice(["CZE", "BGR", "POL"])))
        elif i % 5 == 3:
            ops.append((user, "note", (rng.choice(targets), {"note": f"w{i}"})))
        else:
            body = {"status": rng.choice(STATUSES), "note": f"w{i}"}
            ops.append((user, "status", (rng.choice(targets), body)))
    cli_case = targets[0]
    exe = Path(sys.executable).with_name("shadowtrade")
    env = {**os.environ, "SHADOWTRADE_USER": "cli-ana", "SHADOWTRADE_MEMORY_LIMIT": "1GB"}
    cli = subprocess.Popen([str(exe), "triage", cli_case[:7], "--status", "confirmed", "--note",
                            "w-cli", "--workspace", str(path)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(lambda o: _write(base, tokens[o[0]], (o[1], o[2])), ops))
    out, err = cli.communicate(timeout=120)

    codes = Counter(code for code, _ in results)
    assert codes == {200: 50}, [r for r in results if r[0] != 200][:3]
    assert cli.returncode == 0, err
    assert f"{cli_case}: " in out and "note: w-cli" in out

    h = {"Authorization": f"Bearer {tokens['boss']}"}
    log = httpx.get(f"{base}/api/v1/audit", headers=h, timeout=60).json()
    assert log["problems"] == []
    entries = log["entries"]
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    notes = Counter(e["new_value"] for e in entries if e["action"] == "note")
    wanted = {f"w{i}" for i, (_, kind, _) in enumerate(ops) if kind != "check"} | {"w-cli"}
    assert set(notes) == wanted and set(notes.values()) == {1}  # each write exactly once
    checks = [e for e in entries if e["action"] == "check"]
    assert len(checks) == 10 and {e["actor"] for e in checks} <= set(users)
    cli_entries = [e for e in entries if e["actor"] == "cli-ana"]
    assert {e["action"] for e in cli_entries} <= {"status", "note"} and cli_entries

    # Each case's state is the one its last applied write (the newest note in the log) set.
    requested = {f"w{i}": arg[1].get("status") for i, (_, kind, arg) in enumerate(ops)
                 if kind != "check"} | {"w-cli": "confirmed"}  # fmt: skip
    for cid in targets:
        mine = [e for e in entries if e["case_id"] == cid]
        statuses = [requested[e["new_value"]] for e in mine if e["action"] == "note"]
        statuses = [s for s in statuses if s is not None]
        state = httpx.get(f"{base}/api/v1/cases/{cid}", headers=h, timeout=60).json()["triage"]
        if statuses:
            assert state["status"] == statuses[-1], cid
        changes = [e for e in mine if e["action"] == "status"]
        if changes:
            assert changes[-1]["new_value"] == state["status"]

    # Users change while the server runs: added and revoked through it from the CLI.
    res = subprocess.run([str(exe), "users", "add", "dora", "--role", "viewer", "--expires", "1d",
                          "--workspace", str(path)], env=env, capture_output=True, text=True,
                         timeout=120)  # fmt: skip
    assert res.returncode == 0, res.stderr
    dora = res.stdout.split("token ")[1].strip()
    assert httpx.get(f"{base}/api/v1/me", headers={"Authorization": f"Bearer {dora}"},
                     timeout=60).json()["name"] == "dora"  # fmt: skip
    res = subprocess.run([str(exe), "users", "revoke", "dora", "--workspace", str(path)],
                         env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert httpx.get(f"{base}/api/v1/me", headers={"Authorization": f"Bearer {dora}"},
                     timeout=60).status_code == 401  # fmt: skip
    listed = httpx.get(f"{base}/api/v1/users", headers=h, timeout=60).json()["items"]
    assert sorted(u["name"] for u in listed) == users


def test_the_chain_verifies_in_the_file_after_the_server_stops(server: Any) -> None:
    path, base, tokens, case_ids, proc = server
    h = {"Authorization": f"Bearer {tokens['analyst1']}"}

    def note(i: int) -> int:
        r = httpx.post(f"{base}/api/v1/cases/{case_ids[i % 2]}/triage", json={"note": f"n{i}"},
                       headers=h, timeout=60)  # fmt: skip
        return r.status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        assert list(pool.map(note, range(20))) == [200] * 20
    # A prefix on a write is refused: it would change a case the writer did not name.
    r = httpx.post(f"{base}/api/v1/cases/{case_ids[0][:7]}/triage", json={"note": "x"},
                   headers=h, timeout=60)  # fmt: skip
    assert r.status_code == 404
    proc.terminate()
    proc.wait(20)
    ws = open_workspace(path, read_only=True)
    try:
        log = audit.entries(ws)
        assert audit.verify(ws) == [] and len(log) == 20 + 5  # the notes and the 5 users
        assert sorted(e.new_value or "" for e in log if e.action == "note") == sorted(
            f"n{i}" for i in range(20)
        )
    finally:
        ws.close()
    assert (path / audit.HEAD_FILE).read_text().startswith(f"{len(log)}:")


@pytest.mark.parametrize(("holder", "said"), [
    (HOLD_WRITER, "waiting for another writer (pid"),
    (HOLD_FILE, "waiting for another process to close the workspace"),
])  # fmt: skip
def test_a_cli_triage_waits_for_another_writer_and_says_so(
    tmp_path: Path, holder: str, said: str
) -> None:
    path = tmp_path / "ws"
    cid = _world(path, n=60)[0]
    env = {**os.environ, "SHADOWTRADE_USER": "ana", "COLUMNS": "200"}
    command = ["triage", cid, "--status", "confirmed", "-w", str(path)]
    run = run_beside([holder, *holder_target(holder, path)], command, env, timeout=120)
    assert said in run.said and run.waited  # it waits, and says so, instead of failing
    assert run.returncode == 0, run.err
    assert f"{cid}: confirmed" in run.out
    ws = open_workspace(path, read_only=True)
    try:
        assert [(e.actor, e.action, e.new_value) for e in audit.entries(ws)] == [
            ("ana", "status", "confirmed")
        ]
        assert audit.verify(ws) == []
    finally:
        ws.close()


def test_listing_current_cases_neither_waits_for_nor_blocks_a_writer(tmp_path: Path) -> None:
    """`cases` and `case` on current cases open the workspace read-only: a writer holding the
    lock (the server's scan between its writes) holds neither up, and neither takes the lock
    (both took it to list: a listing waited behind every ingest and scan)."""
    path = tmp_path / "ws"
    case_ids = _world(path, n=60)
    env = {**os.environ, "COLUMNS": "200"}
    with holding(HOLD_WRITER, str(path), "a long scan"):
        listing = subprocess.run([str(EXE), "cases", "--format", "csv", "-w", str(path)],
                                 env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
        one = subprocess.run([str(EXE), "case", case_ids[0], "-w", str(path)], env=env,
                             capture_output=True, text=True, timeout=60)  # fmt: skip
    assert listing.returncode == 0 and listing.stderr == "", listing.stderr
    assert list(pd.read_csv(io.StringIO(listing.stdout))["case_id"]) == case_ids
    assert one.returncode == 0 and one.stderr == "", one.stderr
    assert case_ids[0] in one.stdout


def test_listing_stale_cases_rebuilds_them_as_the_writer_and_says_so(tmp_path: Path) -> None:
    """Cases older than the alerts are rebuilt before they are listed: only then does `cases`
    take the writer lock, saying why, and it waits for the writer holding it."""
    path = tmp_path / "ws"
    _stale_world(path)
    env = {**os.environ, "COLUMNS": "200"}
    run = run_beside([HOLD_WRITER, str(path), "a long scan"],
                     ["cases", "--format", "csv", "-w", str(path)], env, timeout=120,
                     lines=2)  # fmt: skip
    rebuilding, waiting = run.said.splitlines()
    assert rebuilding.startswith("the cases do not match the alerts and companies (changed since"
                                 " the cases were built, or never built): rebuilding them as the"
                                 " workspace's writer"), run.said  # fmt: skip
    assert run.waited and waiting.startswith("waiting for another writer (pid"), run.said
    assert "a long scan" in waiting
    assert run.returncode == 0, run.err
    assert pd.read_csv(io.StringIO(run.out))["alerts"].sum() == 59
    assert _cases_up_to_date(path)


def test_a_server_started_on_stale_cases_lists_them_rebuilt(tmp_path: Path) -> None:
    """The web app and the API list cases without the writer lock; cases that no longer match
    the alerts (changed while no server ran) are rebuilt once as the server starts, so that
    its lists show what `shadowtrade cases` shows (they showed the stale cases until a scan)."""
    from fastapi.testclient import TestClient

    from shadowtrade.web.app import create_app

    path = tmp_path / "ws"
    _stale_world(path)
    h = _analyst(path)
    with TestClient(create_app(path, pages=False)) as c:
        listed = c.get("/api/v1/cases?page_size=500", headers=h).json()["items"]
        assert sum(r["alerts"] for r in listed) == 59


def _stale_world(path: Path) -> None:
    """A world of 60 alerts grouped into cases, then one alert gone: cases that no longer match
    the alerts (59 alerts, cases of 60)."""
    _world(path, n=60)
    ws = open_workspace(path)
    try:
        ws.raw.execute("DELETE FROM alerts WHERE alert_id = 'a00000'")
    finally:
        ws.close()


def _cases_up_to_date(path: Path) -> bool:
    from shadowtrade.cases.store import cases_up_to_date

    ws = open_workspace(path, read_only=True)
    try:
        return cases_up_to_date(ws)
    finally:
        ws.close()


def test_reading_commands_while_serving_read_a_copy_the_server_makes(
    server: Any, tmp_path: Path
) -> None:
    """Tester F16: `check`, `case`, `query` refused to run while the server held the workspace
    (DuckDB lets no other process open the file); they write nothing, so they now read a copy
    the server makes (said on stderr), removed when the command ends."""
    path, base, tokens, case_ids, _ = server
    exe = Path(sys.executable).with_name("shadowtrade")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "COLUMNS": "300", "TMPDIR": str(scratch)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        res = subprocess.run([str(exe), *args, "-w", str(path)], capture_output=True, text=True,
                             timeout=300, env=env)  # fmt: skip
        assert res.returncode == 0, res.stderr
        assert f"the workspace is open in `shadowtrade serve` at {base}: reading a copy" in (
            " ".join(res.stderr.split()))  # fmt: skip
        return res

    assert run("query", "select count(*) as n from alerts", "--format", "csv").stdout == "n\n400\n"
    assert case_ids[0] in run("case", case_ids[0]).stdout
    verdict = json.loads(run("check", "--origin", "SRB", "--destination", "UKR", "--goods",
                             "9306", "--json").stdout)  # fmt: skip
    assert verdict["hypothesis"]["hs_codes"] == ["9306"] and verdict["grade"]
    # A report written from the copy names the served workspace (tester D20: it named the copy).
    report = tmp_path / "r.html"
    run("report", "--out", str(report))
    page = report.read_text(encoding="utf-8")
    assert f"Workspace {path} (read from a copy the running server made of it)" in page
    assert "shadowtrade-snapshot-" not in page
    assert list(scratch.iterdir()) == []  # each copy went with its command
    # `users list` reads through the server.
    res = subprocess.run([str(exe), "users", "list", "-w", str(path)], capture_output=True,
                         text=True, timeout=120, env={**os.environ, "COLUMNS": "300"})  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert all(name in res.stdout for name in tokens)
    # A copy is for the machine's own commands (the advertised secret), not for a user.
    r = httpx.post(f"{base}/api/v1/local/snapshot", json={"folder": str(scratch)},
                   headers={"Authorization": f"Bearer {tokens['boss']}"}, timeout=60)  # fmt: skip
    assert r.status_code == 403 and list(scratch.iterdir()) == []


def test_pages_held_in_memory_follow_each_triage(tmp_path: Path) -> None:
    """A triage patches its case's rows in the held tables (no full recompute): every list
    shows the new state at once, filtered and sorted by it too."""
    from fastapi.testclient import TestClient

    from shadowtrade.web.app import create_app

    path = tmp_path / "ws"
    case_ids = _world(path, n=200)
    h = _analyst(path)
    with TestClient(create_app(path, pages=False)) as c:
        cases = c.get("/api/v1/cases?page_size=500", headers=h).json()
        alerts = c.get("/api/v1/alerts?page_size=500&sort=status", headers=h).json()
        n_alerts = {r["case_id"]: r["alerts"] for r in cases["items"]}
        assert {r["status"] for r in cases["items"]} == {"new"} and alerts["total"] == 200
        frame = c.app.state.shadowtrade.cache._frames["cases"]  # type: ignore[attr-defined]
        for i, cid in enumerate(case_ids[:3]):
            r = c.post(f"/api/v1/cases/{cid}/triage", headers=h,
                       json={"status": "dismissed", "assignee": f"ana{i}"})  # fmt: skip
            assert r.status_code == 200
            got = c.get("/api/v1/cases?status=dismissed&page_size=500", headers=h).json()
            assert sorted(x["case_id"] for x in got["items"]) == sorted(case_ids[: i + 1])
            assert {x["assignee"] for x in got["items"]} == {f"ana{j}" for j in range(i + 1)}
            got = c.get("/api/v1/alerts?status=dismissed&page_size=500", headers=h).json()
            assert got["total"] == sum(n_alerts[x] for x in case_ids[: i + 1])
            top = c.get("/api/v1/alerts?page_size=500&sort=status", headers=h).json()["items"]
            assert {x["case_id"] for x in top[: got["total"]]} == set(case_ids[: i + 1])
        # The held cases table was patched, not read again.
        assert c.app.state.shadowtrade.cache._frames["cases"] is not frame  # type: ignore[attr-defined]
        assert len(c.app.state.shadowtrade.cache._frames["cases"]) == len(frame)  # type: ignore[attr-defined]


def test_tokens_expire_and_revoked_users_are_out_at_once(tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    from fastapi.testclient import TestClient

    from shadowtrade.errors import InputError
    from shadowtrade.web.access import parse_expiry
    from shadowtrade.web.app import create_app

    now = datetime(2026, 12, 2, 12, 0)
    assert parse_expiry("30d", now) == datetime(2027, 1, 1, 12, 0)
    assert parse_expiry("12h", now) == datetime(2026, 12, 3, 0, 0)
    assert parse_expiry("2027-03-31") == datetime(2027, 3, 31)
    with pytest.raises(InputError, match="duration"):
        parse_expiry("soon")
    path = tmp_path / "ws"
    _world(path, n=40)
    ws = open_workspace(path)
    admin = add_user(ws, "boss", "admin")
    with pytest.raises(InputError, match="in the past"):
        add_user(ws, "late", "viewer", expires=datetime.now() - timedelta(hours=1))
    ws.close()
    h = {"Authorization": f"Bearer {admin}"}
    with TestClient(create_app(path, pages=False)) as c:
        soon = (datetime.now() + timedelta(seconds=2)).isoformat()
        r = c.post("/api/v1/users", headers=h, json={"name": "tmp", "role": "viewer",
                                                      "expires_at": soon})  # fmt: skip
        assert r.status_code == 201
        tmp = {"Authorization": f"Bearer {r.json()['token']}"}
        r = c.post("/api/v1/users", headers=h, json={"name": "eve", "role": "analyst"})
        eve = {"Authorization": f"Bearer {r.json()['token']}"}
        assert c.get("/api/v1/me", headers=tmp).json()["name"] == "tmp"  # now cached
        assert c.get("/api/v1/me", headers=eve).json()["role"] == "analyst"
        assert c.get("/api/v1/users", headers=eve).status_code == 403
        assert c.delete("/api/v1/users/eve", headers=h).json() == {"revoked": "eve"}
        assert c.get("/api/v1/me", headers=eve).status_code == 401
        assert c.delete("/api/v1/users/eve", headers=h).status_code == 404
        time.sleep(2.5)
        assert c.get("/api/v1/me", headers=tmp).status_code == 401  # expired, though cached
        listed = c.get("/api/v1/users", headers=h).json()["items"]
        assert [(u["name"], u["expires_at"] is not None) for u in listed] == [
            ("boss", False), ("tmp", True)
        ]  # fmt: skip
        log = c.get("/api/v1/audit", headers=h).json()
        assert [(e["action"], e["actor"]) for e in log["entries"]] == [
            ("user_add", "admin"), ("user_add", "boss"), ("user_add", "boss"),
            ("user_revoke", "boss"),
        ]  # fmt: skip
        assert log["problems"] == []


def test_a_case_page_asked_for_by_many_at_once_is_computed_once() -> None:
    import threading

    from shadowtrade.web.data import PageCache

    cache, calls = PageCache(), []

    def compute() -> object:
        calls.append(threading.get_ident())
        time.sleep(0.3)
        return {"page": 1}

    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda _: cache.static(("case page", "C-1"), compute), range(8)))
    assert got == [{"page": 1}] * 8 and len(calls) == 1
    cache.clear()  # an ingest or a scan drops it
    assert cache.static(("case page", "C-1"), compute) == {"page": 1} and len(calls) == 2
