"""Read-only commands while `shadowtrade serve` holds the workspace: a snapshot made by the server.

DuckDB lets no other process open a database file that one process has open read-write, not
even read-only, and a running server keeps the workspace open for its life. A command that only
reads (`check`, `alerts`, `cases`, `case`, `query`, `report`) asks the server, through the
secret it advertises (writelock.py, web/delegate.py), to copy the workspace into a folder of the
command's: one `COPY FROM DATABASE` (one transaction, so the copy is as the workspace was at one
moment) taken as the workspace's writer, with the audit log's head beside it, so that the audit
check reads the copy as it reads the workspace. The command then opens the copy read-only and
the copy is removed when the command ends.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from shadowtrade.errors import InputError

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace
    from shadowtrade.writelock import ServerInfo

SNAPSHOT_PATH = "/api/v1/local/snapshot"  # the server's route (the local secret only)


def copy_into(ws: Workspace, folder: Path) -> None:
    """Copy the workspace into `folder` (an empty folder of the caller's): its database and the
    audit log's head. Call holding the workspace's writer (no write between the two)."""
    from shadowtrade.cases.audit import HEAD_FILE
    from shadowtrade.workspace import DB_FILE

    if not folder.is_absolute() or not folder.is_dir() or any(folder.iterdir()):
        raise InputError(f"a snapshot goes into an empty folder given by its absolute path,"
                         f" not {str(folder)!r}")  # fmt: skip
    name = f"snapshot_{secrets.token_hex(6)}"
    target = str(folder / DB_FILE).replace("'", "''")
    row = ws.raw.execute("SELECT current_database()").fetchone()
    assert row is not None
    source = str(row[0]).replace('"', '""')
    ws.raw.execute(f"ATTACH '{target}' AS {name}")
    try:
        ws.raw.execute(f'COPY FROM DATABASE "{source}" TO {name}')
    finally:
        ws.raw.execute(f"DETACH {name}")
    head = Path(ws.path) / HEAD_FILE
    if head.exists():
        shutil.copyfile(head, folder / HEAD_FILE)


def open_served(info: ServerInfo, *, actor: str,
                on_wait: Callable[[str], None] | None = None) -> Workspace:  # fmt: skip
    """A read-only snapshot of the workspace the server at `info` holds, made by the server
    into a temporary folder that is removed when this process ends."""
    from shadowtrade.web import delegate
    from shadowtrade.workspace import open_workspace

    folder = Path(tempfile.mkdtemp(prefix="shadowtrade-snapshot-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.chmod(folder, 0o700)
    delegate.call(info, "POST", SNAPSHOT_PATH, {"folder": str(folder)}, actor=actor,
                  on_wait=on_wait)  # fmt: skip
    return open_workspace(folder, read_only=True)
