"""The web app under load: 100,000 alerts and about 10,000 cases in the workspace, 20 concurrent
clients on loopback asking for random pages of the alerts page (HTML) and of /api/v1/alerts
(JSON), sorted and filtered as an analyst would. Prints each endpoint's median and 95th
percentile, and the ratio to a baseline measured in the same run under the same load: the
cheapest authenticated endpoint (/api/v1/me), which pays only for HTTP, the token check and
the server's queueing. Target: the 95th percentile under 300 ms."""

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

from shadowtrade.cases import build_cases
from shadowtrade.web.access import add_user
from shadowtrade.workspace import open_workspace

CLIENTS = 20
REQUESTS_PER_CLIENT = 40
N_ALERTS = 100_000


def _world(path: Path) -> tuple[int, int]:
    """100,000 alerts on 45 countries and 5 headings (about 10,000 cases)."""
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
            ws.raw.execute("INSERT INTO case_triage VALUES (?, ?, 'ana', [], false, [], now(),"
                           " 'bench')", [cid, status])  # fmt: skip
    finally:
        ws.close()
    return N_ALERTS, len(cases)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _url(rng: random.Random, kind: str, pages: int) -> str:
    sort = rng.choice(["-score", "-score", "detector", "-period_start", "origin"])
    extra = rng.choice(["", "", f"&country=C{rng.randrange(45):02d}", "&detector=mirror_gap",
                        "&hs=9306", "&min_score=0.8", "&status=investigating"])  # fmt: skip
    page = rng.randint(1, pages)
    if kind == "page":
        return f"/alerts?page={page}&sort={sort}{extra}"
    if kind == "api":
        return f"/api/v1/alerts?page={page}&page_size=50&sort={sort}{extra}"
    return "/api/v1/me"


async def _client(base: str, token: str, kind: str, seed: int, out: list[float]) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=60, cookies={"shadowtrade_token": token},
                                 headers={"Authorization": f"Bearer {token}"}) as c:  # fmt: skip
        for _ in range(REQUESTS_PER_CLIENT):
            url = _url(rng, kind, N_ALERTS // 50 // 4)
            t0 = time.perf_counter()
            r = await c.get(url)
            out.append(time.perf_counter() - t0)
            if r.status_code != 200:
                raise RuntimeError(f"{url}: {r.status_code} {r.text[:200]}")


async def _load(base: str, token: str, kind: str) -> list[float]:
    lat: list[float] = []
    await asyncio.gather(*(_client(base, token, kind, i, lat) for i in range(CLIENTS)))
    return lat


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "ws"
        t0 = time.perf_counter()
        n_alerts, n_cases = _world(path)
        print(f"workspace: {n_alerts:,} alerts, {n_cases:,} cases (built in"
              f" {time.perf_counter() - t0:.1f} s)", flush=True)  # fmt: skip
        ws = open_workspace(path)
        token = add_user(ws, "bench", "viewer")
        ws.close()
        port = _free_port()
        exe = Path(sys.executable).with_name("shadowtrade")
        cmd = [str(exe), "serve", "--port", str(port), "--workspace", str(path)]
        server = subprocess.Popen(cmd, env={**os.environ}, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/openapi.json", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            asyncio.run(_load(base, token, "page"))  # warm-up: templates, plans, caches
            results = {k: asyncio.run(_load(base, token, k)) for k in ("base", "page", "api")}
        finally:
            server.terminate()
            server.wait(10)
    p95 = {k: float(np.percentile(v, 95)) * 1000 for k, v in results.items()}
    p50 = {k: float(np.percentile(v, 50)) * 1000 for k, v in results.items()}
    names = {"base": "/api/v1/me (baseline)", "page": "alerts page (HTML)",
             "api": "/api/v1/alerts?page=…"}  # fmt: skip
    print(f"{CLIENTS} concurrent clients × {REQUESTS_PER_CLIENT} requests each, loopback:")
    for k in ("base", "page", "api"):
        ratio = p95[k] / p95["base"]
        verdict = "" if k == "base" else (" — within 300 ms" if p95[k] < 300 else " — OVER 300 ms")
        print(f"  {names[k]}: p50 {p50[k]:.0f} ms, p95 {p95[k]:.0f} ms ({ratio:.1f}x the"
              f" baseline's p95){verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
