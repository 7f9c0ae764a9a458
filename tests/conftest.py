from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from hypothesis import settings

import shadowtrade
from shadowtrade.workspace import Workspace

# CI (`.ci/run` sets HYPOTHESIS_PROFILE=ci) draws the same examples on every run, so that a
# submission's result does not hang on a random draw; `make test` on a developer's machine
# draws new ones each time, which is how the properties find new counterexamples.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    w = shadowtrade.open(tmp_path / "ws")
    yield w
    w.close()


def rows(ws: Workspace, sql: str) -> list[tuple[object, ...]]:
    return ws.raw.execute(sql).fetchall()


@contextmanager
def served(app: object) -> Iterator[str]:
    """The ASGI app served by uvicorn in a thread on a free loopback port; its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


REPO = Path(__file__).resolve().parents[1]


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every process of this test run sees: under pytest-xdist, the parent of the
    workers' own temporary folders (made by the controlling process)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / "built-once"
    folder.mkdir(exist_ok=True)
    return folder


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """`build(folder)` run once per test run, whichever process asks first (the others wait
    for it on a file lock), so that a world several test files scan is built and scanned once,
    not once per file. What it built is read-only to its users: a test that writes copies it.
    A build that fails leaves nothing, and the next process to ask builds again. (It is built
    where it stays: a workspace records the paths of the files it read.)"""
    root = shared_folder(tmp_path_factory)
    folder = root / name
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (folder / ".built").exists():
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                try:
                    build(folder)
                except BaseException:
                    shutil.rmtree(folder, ignore_errors=True)
                    raise
                (folder / ".built").touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder


def scanned_world(
    tmp_path_factory: pytest.TempPathFactory, scenario: str, seed: int = 1
) -> tuple[Path, Path]:
    """(a workspace of this test's own, the world's folder): the simulated world ingested and
    scanned (detectors, then cases: `Workspace.scan`), built once per test run and copied."""

    def build(folder: Path) -> None:
        from shadowtrade.synth import write_world

        info = write_world(scenario, folder / "w", seed=seed)
        ws = shadowtrade.open(folder / "ws")
        try:
            ws.ingest(info.trade_file)
            ws.scan()
        finally:
            ws.close()

    built = built_once(tmp_path_factory, f"{scenario}-{seed}", build)
    mine = tmp_path_factory.mktemp(f"{scenario}-{seed}") / "ws"
    shutil.copytree(built / "ws", mine)
    return mine, built / "w"


@dataclass(frozen=True)
class DemoRun:
    """One `shadowtrade demo` from the built wheel, run in a folder outside the checkout."""

    out: Path  # the demo's output folder (world/, workspace/, report.html): read-only
    output: str  # what it printed
    package_file: str  # where the installed package's __init__ was loaded from


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The demo as a user who pip-installed the wheel gets it: the wheel is built from this
    checkout (setuptools fetched by pip as a user's build would), installed into a folder of
    its own (its dependencies come from the test venv) and its console script is run from
    an unrelated folder. Run once per test run (`built_once`) for the tests that need its
    output."""
    root = built_once(tmp_path_factory, "demo", _run_the_demo_from_the_wheel)
    said = json.loads((root / "demo.json").read_text(encoding="utf-8"))
    return DemoRun(root / "elsewhere" / "demo", said["output"], said["package_file"])


def _run_the_demo_from_the_wheel(root: Path) -> None:
    source = root / "source"  # a copy, so the build leaves nothing in the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(root / "dist"), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    wheel = next((root / "dist").glob("shadowtrade-*.whl"))
    site = root / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "SHADOWTRADE_SHARED_DATA": str(SHARED),
           "COLUMNS": "250", "NO_COLOR": "1"}  # fmt: skip
    where = subprocess.run(
        [sys.executable, "-c", "import shadowtrade; print(shadowtrade.__file__)"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    res = subprocess.run(
        [str(site / "bin" / "shadowtrade"), "demo", "--out", "demo"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert res.returncode == 0, res.stdout + res.stderr
    said = {"output": res.stdout, "package_file": where}
    (root / "demo.json").write_text(json.dumps(said), encoding="utf-8")


def finished_job(client: Any, job_id: str, headers: dict[str, str]) -> dict[str, Any]:
    """A web job's record once it is done or failed (polled through the API for up to 60 s)."""
    for _ in range(600):
        j: dict[str, Any] = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
        if j["state"] in ("done", "failed"):
            return j
        time.sleep(0.1)
    raise AssertionError("the job did not finish")
