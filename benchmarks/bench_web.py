"""The web app under load: 100,000 alerts and about 10,000 cases in the workspace, 20 concurrent
clients on loopback asking for random pages of the alerts and cases pages (HTML), case pages
(HTML: charts, consignments, network, audit check) and /api/v1/alerts (JSON), sorted and
filtered as an analyst would, while a writer triages cases through the API all along (one
triage every WRITE_INTERVAL_S: every write takes the workspace's one writer and the server
patches its held tables). Prints each endpoint's median and 95th percentile, the ratio to a
baseline measured in the same run under the same load (the cheapest authenticated endpoint,
/api/v1/me, which pays only for HTTP, the token check and the server's queueing), the server's
CPU time per request (from /proc: what a page costs, which other work on a shared machine does
not inflate as it does latency), and the writes' latencies and answers. Targets: p95 under
300 ms for the alerts and cases pages, under 600 ms for a case page; every write answered 200
and the audit chain verified at the end. Timing starts once the server says its pages are
prepared (/readyz: the held tables and the WARM_CASES strongest cases' pages, made after a
start, an ingest or a scan); how long that took is printed first. Case pages are also
reported apart for the cases made then and for the others, made at their first visit."""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np
import pandas as pd

from shadowtrade.cases import build_cases, triage
from shadowtrade.web.access import add_user
from shadowtrade.web.pages import WARM_CASES
from shadowtrade.workspace import open_workspace

CLIENTS = 20
REQUESTS_PER_CLIENT = 40
N_ALERTS = 100_000
WRITE_INTERVAL_S = 0.5  # the concurrent writer's pause between two triages
TARGET_MS = {"page": 300, "cases": 300, "case": 600}
SEEN: set[str] = set()
CASE_FIRST: list[float] = []
CASE_AGAIN: list[float] = []
CASE_COLD: list[float] = []  # pages of cases past the WARM_CASES strongest


def _world(path: Path) -> tuple[int, list[str]]:
    """100,000 alerts on 45 countries and 5 headings (about 10,000 cases, 300 triaged through
    the library, so that the audit log covers them); the case ids, best first."""
    rng = np.random.default_rng(3)
    countries = np.array([f"C{i:02d}" for i in range(45)])
    o = rng.choice(countries, N_ALERTS)
    d = rng.choice(countries, N_ALERTS)
    d = np.where(d == o, np.roll(countries, 1)[rng.integers(0, 45, N_ALERTS)], d)
    heads = rng.choice(["9306", "3601", "7326", "8479", "2002"], N_ALERTS)
    detector = rng.choice(["route_break", "mirror_gap", "unit_value"], N_ALERTS)
    start = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 60, N_ALERTS) * 30, "D")
    reporter = np.where(rng.random(N_ALERTS) < 0.5, o, d)
    alerts = pd.DataFrame({
        "alert_id": [f"a{i:06d}" for i in range(N_ALERTS)], "detector": detector,
        "score": rng.random(N_ALERTS).round(4), "origin": o, "via": None, "destination": d,
        "hs_code": heads + "90", "declared_hs_code": None,
        "period_start": start.normalize(), "period_end": (start + pd.Timedelta(days=400)),
        "entity": None, "shipment_id": None,
        "summary": [f"{a} reported a finding on {b}" for a, b in zip(o, d, strict=True)],
        "evidence": [f'{{"reporter": "{r}"}}' for r in reporter],
    })  # fmt: skip
    ws = open_workspace(path)
    try:
        ws.raw.register("_a", alerts)
        ws.raw.execute("INSERT INTO alerts BY NAME SELECT * FROM _a")
        cases = build_cases(ws)
        triaged = cases["case_id"].sample(300, random_state=1)
        for i, cid in enumerate(triaged):
            status = ("investigating", "confirmed", "dismissed")[i % 3]
            triage(ws, cid, status=status, assignee="ana", actor="bench")
    finally:
        ws.close()
    return N_ALERTS, [str(c) for c in cases["case_id"]]


def _cpu_s(pid: int) -> float:
    """CPU seconds a process has used (user + system), from /proc: what a page costs the
    server, which other work on a shared machine does not inflate as it does latency."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_ready(base: str, pid: int, started: float) -> tuple[float, float, float]:
    """Wait for the server to answer, then for its pages' tables and the strongest cases'
    pages (/readyz, made in a thread after the start): the bench measures the server as it
    runs between scans, the start's own work is reported apart. Seconds to each, and the
    server's CPU seconds by then."""
    answering = None
    for _ in range(3000):
        try:
            r = httpx.get(f"{base}/readyz", timeout=1)
            answering = answering or time.perf_counter() - started
            if r.status_code == 200:
                return answering, time.perf_counter() - started, _cpu_s(pid)
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not get ready in 300 s")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _url(rng: random.Random, kind: str, pages: int, case_ids: list[str]) -> str:
    sort = rng.choice(["-score", "-score", "detector", "-period_start", "origin"])
    extra = rng.choice(["", "", f"&country=C{rng.randrange(45):02d}", "&detector=mirror_gap",
                        "&hs=9306", "&min_score=0.8", "&status=investigating"])  # fmt: skip
    page = rng.randint(1, pages)
    if kind == "page":
        return f"/alerts?page={page}&sort={sort}{extra}"
    if kind == "cases":
        sort = rng.choice(["-score", "-score", "-alerts", "-period_start", "title"])
        extra = rng.choice(["", "", f"&country=C{rng.randrange(45):02d}", "&hs=9306",
                            "&min_score=0.8", "&status=investigating"])  # fmt: skip
        return f"/cases?page={rng.randint(1, len(case_ids) // 50 // 4)}&sort={sort}{extra}"
    if kind == "case":  # the strong cases are read most
        return f"/cases/{case_ids[min(int(rng.expovariate(1 / 200)), len(case_ids) - 1)]}"
    if kind == "api":
        return f"/api/v1/alerts?page={page}&page_size=50&sort={sort}{extra}"
    return "/api/v1/me"


def _http(base: str, token: str) -> httpx.AsyncClient:
    auth = {"Authorization": f"Bearer {token}"}
    return httpx.AsyncClient(base_url=base, timeout=60, headers=auth)


async def _client(c: httpx.AsyncClient, kind: str, seed: int, out: list[float],
                  case_ids: list[str]) -> None:  # fmt: skip
    rng = random.Random(seed)
    async with c:
        for _ in range(REQUESTS_PER_CLIENT):
            url = _url(rng, kind, N_ALERTS // 50 // 4, case_ids)
            first = url not in SEEN
            SEEN.add(url)
            t0 = time.perf_counter()
            r = await c.get(url)
            out.append(time.perf_counter() - t0)
            if kind == "case":  # a case's first page computes what only a scan changes
                (CASE_FIRST if first else CASE_AGAIN).append(out[-1])
                if case_ids.index(url.rsplit("/", 1)[1]) >= WARM_CASES:
                    CASE_COLD.append(out[-1])
            if r.status_code != 200:
                raise RuntimeError(f"{url}: {r.status_code} {r.text[:200]}")


async def _writer(c: httpx.AsyncClient, case_ids: list[str], stop: asyncio.Event,
                  out: list[tuple[float, int]]) -> None:  # fmt: skip
    """Triage random cases through the API until told to stop: (latency, status) of each."""
    rng = random.Random(99)
    async with c:
        while not stop.is_set():
            cid = case_ids[rng.randrange(len(case_ids))]
            body = {"status": rng.choice(["investigating", "confirmed", "dismissed", "new"]),
                    "note": f"bench write {len(out)}"}  # fmt: skip
            t0 = time.perf_counter()
            r = await c.post(f"/api/v1/cases/{cid}/triage", json=body)
            out.append((time.perf_counter() - t0, r.status_code))
            await asyncio.sleep(WRITE_INTERVAL_S)


async def _load(base: str, token: str, kind: str, case_ids: list[str],
                writer_token: str | None = None,
                writes: list[tuple[float, int]] | None = None) -> list[float]:  # fmt: skip
    """The clients' latencies, with the writer running beside them when given its token. The
    HTTP clients are made before any request is timed: making one (its TLS context) takes the
    bench's event loop for 20-100 ms, which, made as each client started, was counted in the
    answers the other clients were waiting for (each phase's first 20 answers: 1-3 s)."""
    lat: list[float] = []
    stop = asyncio.Event()
    clients = [_http(base, token) for _ in range(CLIENTS)]
    writer = _http(base, writer_token) if writer_token and writes is not None else None
    writing = (asyncio.create_task(_writer(writer, case_ids, stop, writes))
               if writer is not None and writes is not None else None)  # fmt: skip
    await asyncio.gather(*(_client(c, kind, i, lat, case_ids) for i, c in enumerate(clients)))
    stop.set()
    if writing is not None:
        await writing
    return lat


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "ws"
        t0 = time.perf_counter()
        n_alerts, case_ids = _world(path)
        print(f"workspace: {n_alerts:,} alerts, {len(case_ids):,} cases (built in"
              f" {time.perf_counter() - t0:.1f} s)", flush=True)  # fmt: skip
        ws = open_workspace(path)
        token = add_user(ws, "bench", "viewer")
        writer_token = add_user(ws, "bench-writer", "analyst")
        ws.close()
        writes: list[tuple[float, int]] = []
        port = _free_port()
        exe = Path(sys.executable).with_name("shadowtrade")
        cmd = [str(exe), "serve", "--port", str(port), "--workspace", str(path)]
        started = time.perf_counter()
        server = subprocess.Popen(cmd, env={**os.environ}, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            ready = _wait_ready(base, server.pid, started)
            print(f"server: answering after {ready[0]:.1f} s, pages prepared (/readyz) after"
                  f" {ready[1]:.1f} s, {ready[2]:.1f} CPU-s; load {os.getloadavg()[0]:.1f}",
                  flush=True)  # fmt: skip
            asyncio.run(_load(base, token, "page", case_ids))  # warm-up: templates, plans, caches
            results, cpu = {}, {}
            for k in ("base", "page", "cases", "case", "api"):
                t1, c1, n1 = time.perf_counter(), _cpu_s(server.pid), len(writes)
                results[k] = asyncio.run(_load(base, token, k, case_ids, writer_token, writes))
                cpu[k] = (_cpu_s(server.pid) - c1, len(writes) - n1)
                print(f"  {k}: p95 {np.percentile(results[k], 95) * 1000:.0f} ms"
                      f" ({time.perf_counter() - t1:.0f} s)", flush=True)  # fmt: skip
            audit_log = httpx.get(f"{base}/api/v1/audit", timeout=120,
                                  headers={"Authorization": f"Bearer {token}"}).json()  # fmt: skip
        finally:
            server.terminate()
            server.wait(10)
    p95 = {k: float(np.percentile(v, 95)) * 1000 for k, v in results.items()}
    p50 = {k: float(np.percentile(v, 50)) * 1000 for k, v in results.items()}
    names = {"base": "/api/v1/me (baseline)", "page": "alerts page (HTML)",
             "cases": "cases page (HTML)", "case": "case page (HTML)",
             "api": "/api/v1/alerts?page=…"}  # fmt: skip
    print(f"{CLIENTS} concurrent clients × {REQUESTS_PER_CLIENT} requests each, loopback, with"
          f" a writer triaging a case every {WRITE_INTERVAL_S} s:")  # fmt: skip
    for k in ("base", "page", "cases", "case", "api"):
        ratio = p95[k] / p95["base"]
        target = TARGET_MS.get(k)
        verdict = "" if target is None else (f" — within {target} ms" if p95[k] < target
                                             else f" — OVER {target} ms")  # fmt: skip
        per = cpu[k][0] / (CLIENTS * REQUESTS_PER_CLIENT) * 1000
        print(f"  {names[k]}: p50 {p50[k]:.0f} ms, p95 {p95[k]:.0f} ms ({ratio:.1f}x the"
              f" baseline's p95){verdict}; server CPU {cpu[k][0]:.1f} s for"
              f" {CLIENTS * REQUESTS_PER_CLIENT} requests and {cpu[k][1]} writes"
              f" ({per:.0f} ms a request)")  # fmt: skip
    cold = f"past the {WARM_CASES:,} strongest (made at their first visit)"
    for name, lat in (
        ("first visits", CASE_FIRST),
        ("repeat visits", CASE_AGAIN),
        (cold, CASE_COLD),
    ):
        if lat:
            print(f"    case pages, {name}: {len(lat)}, p50 {np.percentile(lat, 50) * 1000:.0f} ms,"
                  f" p95 {np.percentile(lat, 95) * 1000:.0f} ms")  # fmt: skip
    wl = np.array([t for t, _ in writes]) * 1000
    codes = sorted({c for _, c in writes})
    print(f"  writes: {len(writes)} triages, answers {codes}, p50 {np.percentile(wl, 50):.0f} ms,"
          f" p95 {np.percentile(wl, 95):.0f} ms; audit log {len(audit_log['entries'])} entries,"
          f" problems: {audit_log['problems'] or 'none'}")  # fmt: skip


if __name__ == "__main__":
    main()
