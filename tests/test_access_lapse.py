"""The last admin's token and its expiry: a token that would leave the workspace without a
working admin token within ADMIN_LAPSE_BOUND is refused, with why, unless the issuer says so
explicitly (then issued with a warning); through the API and the CLI alike."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import shadowtrade
from shadowtrade.cli import app as cli
from shadowtrade.web.access import add_user, list_users
from shadowtrade.web.app import create_app


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    ws = shadowtrade.open(tmp_path / "ws")
    add_user(ws, "boss", "admin")
    ws.close()
    return tmp_path / "ws"


def _expiry(path: Path, name: str) -> datetime | None:
    ws = shadowtrade.open(path)
    try:
        return {n: e for n, _, _, e in list_users(ws)}[name]
    finally:
        ws.close()


def test_the_last_admin_cannot_give_themselves_a_short_lived_token_by_the_api(
    ws_path: Path,
) -> None:
    ws = shadowtrade.open(ws_path)
    token = add_user(ws, "boss", "admin")
    ws.close()
    h = {"Authorization": f"Bearer {token}"}
    soon = (datetime.now() + timedelta(days=2)).replace(microsecond=0)
    with TestClient(create_app(ws_path, pages=False)) as client:
        short = {"name": "boss", "role": "admin", "expires_at": soon.isoformat()}
        r = client.post("/api/v1/users", headers=h, json=short)
        assert r.status_code == 409, r.text
        assert r.json() == {"detail": (
            f"boss would hold the last admin token, and it would expire {soon:%Y-%m-%d %H:%M},"
            " less than 7 days from now: then nobody could manage users, ingest files or run"
            " scans from the web app or the API; give a later expiry (7 days or more, or none)"
            " or make another user an admin first, or pass allow_admin_lapse to issue it anyway"
        )}  # fmt: skip
        assert client.get("/api/v1/me", headers=h).status_code == 200  # the old token works
        # 30 days, another admin without expiry, or another user's short token: all fine.
        later = (datetime.now() + timedelta(days=30)).replace(microsecond=0)
        ok = client.post("/api/v1/users", headers=h, json=short | {"name": "eve", "role": "viewer"})
        assert ok.status_code == 201 and "warning" not in ok.json()
        ok = client.post("/api/v1/users", headers=h, json=short | {"expires_at": later.isoformat()})
        assert ok.status_code == 201 and "warning" not in ok.json()
        h = {"Authorization": f"Bearer {ok.json()['token']}"}
        # Said explicitly: issued, and the answer warns.
        r = client.post("/api/v1/users", headers=h, json=short | {"allow_admin_lapse": True})
        assert r.status_code == 201, r.text
        assert r.json()["warning"] == (
            f"boss holds the last admin token, and it expires {soon:%Y-%m-%d %H:%M}: then nobody"
            " can manage users, ingest files or run scans from the web app or the API, until an"
            " admin token is issued on the server's machine (shadowtrade users add NAME --role"
            " admin)"
        )
    assert _expiry(ws_path, "boss") == soon


def test_the_cli_refuses_it_too_and_issues_it_when_told(ws_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["users", "add", "boss", "--role", "admin", "--expires", "12h",
                              "-w", str(ws_path)])  # fmt: skip
    assert res.exit_code == 2, res.output
    words = " ".join(res.output.split())
    assert "boss would hold the last admin token, and it would expire" in words
    assert "or pass --allow-admin-lapse to issue it anyway" in words
    assert _expiry(ws_path, "boss") is None  # unchanged
    res = runner.invoke(cli, ["users", "add", "boss", "--role", "admin", "--expires", "12h",
                              "--allow-admin-lapse", "-w", str(ws_path)])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "warning: boss holds the last admin token, and it expires" in " ".join(
        res.output.split()
    )
    assert _expiry(ws_path, "boss") is not None


def test_the_cli_through_a_running_server_names_its_own_option(ws_path: Path) -> None:
    """The server refuses in the API's words (`allow_admin_lapse`); the CLI that sent the
    change says its own option (`--allow-admin-lapse`), as it does without a server."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    exe = Path(sys.executable).with_name("shadowtrade")
    env = {**os.environ, "SHADOWTRADE_MEMORY_LIMIT": "1GB"}
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--workspace", str(ws_path)],
                            env=env, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(300):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1).is_success:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not start")
        res = subprocess.run([str(exe), "users", "add", "boss", "--role", "admin", "--expires",
                              "12h", "--workspace", str(ws_path)], env=env, capture_output=True,
                             text=True, timeout=120)  # fmt: skip
    finally:
        proc.terminate()
        proc.wait(20)
    assert res.returncode == 2, res.stderr
    words = " ".join(res.stderr.split())
    assert "boss would hold the last admin token, and it would expire" in words
    assert "or pass --allow-admin-lapse to issue it anyway" in words
    assert "allow_admin_lapse" not in words
    assert _expiry(ws_path, "boss") is None  # unchanged
