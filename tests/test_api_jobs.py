"""The API's jobs and users as a team sees them across a restart: the jobs' history kept in the
workspace (an unfinished job read back as interrupted), a duplicate upload said to change
nothing, a scan's progress by its steps, and the last admin kept."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import DATA, finished_job

import shadowtrade
from shadowtrade.web.access import add_user
from shadowtrade.web.app import create_app

TRADE = DATA / "layouts" / "comtradr_v1_monthly_hs4_mot_only.csv"


@pytest.fixture
def team(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    ws = shadowtrade.open(tmp_path / "ws")
    tokens = {"boss": add_user(ws, "boss", "admin"), "vic": add_user(ws, "vic", "viewer")}
    ws.close()
    return tmp_path / "ws", tokens


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_jobs_outlive_the_server_and_a_duplicate_upload_says_nothing_changed(
    team: tuple[Path, dict[str, str]],
) -> None:
    path, tokens = team
    boss = _h(tokens["boss"])
    with TestClient(create_app(path)) as client:
        first = client.post("/api/v1/ingest", headers=boss,
                            files={"file": ("cars.csv", TRADE.read_bytes())}).json()  # fmt: skip
        done = finished_job(client, first["job_id"], boss)
        assert done["state"] == "done" and done["note"] is None, done
        again = client.post("/api/v1/ingest", headers=boss,
                            files={"file": ("copy.csv", TRADE.read_bytes())}).json()  # fmt: skip
        dup = finished_job(client, again["job_id"], boss)
        import_id = done["result"]["import_id"]
        said = f"already ingested as import {import_id} (same sha256); nothing changed"
        assert dup["state"] == "done" and dup["result"]["duplicate_of"] == import_id
        assert dup["note"] == said and dup["result"]["note"] == said
        listed = client.get("/api/v1/jobs", headers=boss).json()["items"]
        assert [(j["file"], j["note"]) for j in listed] == [("copy.csv", said), ("cars.csv", None)]
        # The ingest page's jobs table says it too (not just "done" and the file's name).
        page = client.get("/ingest", headers=boss)
        assert f"copy.csv: {said}" in page.text
    # A job that was running when its server died (its record as the job's thread wrote it).
    from shadowtrade.web.jobs import Job, JobStore

    crashed = shadowtrade.open(path)
    JobStore(lambda: crashed).save(Job(job_id="deadbeef0001", kind="scan", user="boss",
                                       state="running", stage="scanning"))  # fmt: skip
    crashed.close()
    with TestClient(create_app(path, pages=False)) as client:
        listed = client.get("/api/v1/jobs", headers=_h(tokens["vic"])).json()["items"]
        got = [(j["job_id"], j["kind"], j["user"], j["file"], j["state"]) for j in listed]
        assert got == [
            ("deadbeef0001", "scan", "boss", None, "interrupted"),
            (again["job_id"], "ingest", "boss", "copy.csv", "done"),
            (first["job_id"], "ingest", "boss", "cars.csv", "done"),
        ]
        old = client.get(f"/api/v1/jobs/{first['job_id']}", headers=boss).json()
        assert old["result"]["import_id"] == import_id and old["finished_at"] is not None
        dead = client.get("/api/v1/jobs/deadbeef0001", headers=boss).json()
        assert dead["error"].startswith("the server stopped while this job was running")
    # The interruption was written back: a third start reads it so, from the table.
    ws = shadowtrade.open(path)
    row = ws.raw.execute("SELECT state FROM jobs WHERE job_id = 'deadbeef0001'").fetchone()
    ws.close()
    assert row == ("interrupted",)


def test_the_last_admin_cannot_revoke_or_demote_themselves(
    team: tuple[Path, dict[str, str]],
) -> None:
    path, tokens = team
    boss = _h(tokens["boss"])
    with TestClient(create_app(path, pages=False)) as client:
        r = client.delete("/api/v1/users/boss", headers=boss)
        assert r.status_code == 409, r.text
        assert r.json() == {"detail": "boss is the last admin: revoking boss would leave nobody"
                            " who may manage users, ingest files or run scans; make another user"
                            " an admin first; to stop boss's token, issue boss a new one"
                            " instead"}  # fmt: skip
        r = client.post("/api/v1/users", headers=boss, json={"name": "boss", "role": "viewer"})
        assert r.status_code == 409 and "making boss a viewer" in r.json()["detail"]
        assert client.get("/api/v1/me", headers=boss).json() == {"name": "boss", "role": "admin"}
        # With a second admin, boss may go.
        ada = client.post("/api/v1/users", headers=boss, json={"name": "ada", "role": "admin"})
        assert ada.status_code == 201
        assert client.delete("/api/v1/users/boss", headers=boss).status_code == 200
        users = client.get("/api/v1/users", headers=_h(ada.json()["token"])).json()["items"]
        names = [u["name"] for u in users]
        assert names == ["ada", "vic"]


def test_a_scan_reports_its_step_as_progress(
    team: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The progress of a scan job while it is in each of its three steps: step k of 3."""
    path, tokens = team
    app = create_app(path, pages=False)
    seen: list[tuple[str, float]] = []

    def scan(ws: Any, on_step: Any) -> Any:
        for stage in ("scanning", "mirror_gap (1 of 4) on DuckDB", "route_break (3 of 4) on DuckDB",
                      "resolving shipment parties into companies",
                      "grouping alerts into cases"):  # fmt: skip
            on_step(stage)
            job = app.state.shadowtrade.jobs.all()[0]
            seen.append((job.stage, job.progress))
        return SimpleNamespace(alerts=[], cases=[], companies=None, not_run={})

    monkeypatch.setattr("shadowtrade.scanning.scan_workspace", scan)
    boss = _h(tokens["boss"])
    with TestClient(app) as client:
        job = client.post("/api/v1/scan", headers=boss).json()
        assert finished_job(client, job["job_id"], boss)["progress"] == 100.0
    # Steps 1-3 of 3 begun: 0, 33.3, 66.7; inside step 1 its detectors: the 3rd of 4 begun,
    # two of four done (16.7 = 33.3 x 2/4); then 100 when done.
    assert [p for _, p in seen] == [0.0, 0.0, 16.7, 33.3, 66.7]


def test_an_interrupted_job_is_told_by_what_the_workspace_holds_of_its_work(
    team: tuple[Path, dict[str, str]],
) -> None:
    """Jobs left running by a server that died, read back at the next start: an ingest whose
    import the workspace recorded, and a scan whose alerts and cases were written, have
    nothing to redo; an ingest whose import is not there, a scan after which nothing was
    written and a job still queued are to be run again."""
    import shutil
    from datetime import datetime, timedelta

    from shadowtrade.formats.dispatch import ingest_any
    from shadowtrade.scan_changes import tracking
    from shadowtrade.scanning import scan_workspace
    from shadowtrade.web.jobs import Job, JobStore

    path, tokens = team
    ws = shadowtrade.open(path)
    begun = datetime.now().replace(microsecond=0) - timedelta(seconds=1)
    kept = path / "uploads" / "0123456789ab" / "cars.csv"
    kept.parent.mkdir(parents=True)
    shutil.copy(TRADE, kept)
    import_id = ingest_any(ws, kept)["import_id"]
    with tracking(ws):
        scan_workspace(ws)
    time.sleep(1.1)  # a scan begun after the last one wrote anything
    later = datetime.now().replace(microsecond=0)
    ws.close()
    store = JobStore(lambda: shadowtrade.open(path))
    running = {"state": "running", "user": "boss"}
    store.save(Job(job_id="a00000000001", kind="ingest", file="cars.csv", started_at=begun,
                   upload="uploads/0123456789ab/cars.csv", **running))  # fmt: skip
    store.save(Job(job_id="a00000000002", kind="ingest", file="lost.csv", started_at=begun,
                   upload="uploads/ba9876543210/lost.csv", **running))  # fmt: skip
    store.save(Job(job_id="a00000000003", kind="scan", started_at=begun, **running))
    store.save(Job(job_id="a00000000004", kind="scan", started_at=later, **running))
    store.save(Job(job_id="a00000000005", kind="ingest", user="boss", file="next.csv",
                   state="queued", upload="uploads/00000000000f/next.csv"))  # fmt: skip
    stopped = "the server stopped while this job was"
    with TestClient(create_app(path, pages=False)) as client:
        said = {j["job_id"]: (j["state"], j["error"]) for j in
                client.get("/api/v1/jobs", headers=_h(tokens["vic"])).json()["items"]}  # fmt: skip
    assert said == {
        "a00000000001": ("interrupted", f"{stopped} running; its import was recorded (import"
                                        f" {import_id}): nothing to redo"),
        "a00000000002": ("interrupted", f"{stopped} running; nothing was written: upload the"
                                        " file again"),
        "a00000000003": ("interrupted", f"{stopped} running; its alerts and cases were written:"
                                        " nothing to redo"),
        "a00000000004": ("interrupted", f"{stopped} running; nothing was written: run it again"),
        "a00000000005": ("interrupted", f"{stopped} queued; nothing was written: upload the"
                                        " file again"),
    }  # fmt: skip
