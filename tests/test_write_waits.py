"""Every CLI command that writes opens the workspace one way (writelock.open_to_write): an
ingest while another process scans waits and says so, as a triage does, instead of failing
with DuckDB's "Could not set lock … Conflicting lock is held" (tester 10: exit 2 on the real
Eurostat downloads during a scan)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests._processes import (
    EXE,
    HOLD_FILE,
    HOLD_WRITER_AND_FILE,
    holder_target,
    holding,
    let_go,
    run_beside,
    start_cli,
)

from shadowtrade.workspace import open_workspace

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "comtrade_plus_sample.csv"

ENV = {**os.environ, "COLUMNS": "200", "SHADOWTRADE_MEMORY_LIMIT": "1GB"}


def _workspace(path: Path) -> None:
    open_workspace(path).close()


def _imports(path: Path) -> int:
    """How many imports the workspace records."""
    ws = open_workspace(path, read_only=True)
    try:
        row = ws.raw.execute("SELECT count(*) FROM imports").fetchone()
        return int(row[0]) if row else 0
    finally:
        ws.close()


@pytest.mark.parametrize(("holder", "said"), [
    (HOLD_WRITER_AND_FILE, "waiting for another writer (pid"),
    (HOLD_FILE, "waiting for another process to close the workspace"),
])  # fmt: skip
def test_an_ingest_during_a_scan_waits_and_then_ingests(
    tmp_path: Path, holder: str, said: str
) -> None:
    path = tmp_path / "ws"
    _workspace(path)
    run = run_beside([holder, *holder_target(holder, path)],
                     ["ingest", str(SAMPLE), "-w", str(path)], ENV)  # fmt: skip
    assert said in run.said and run.waited, run.said  # it waits, and says so, instead of failing
    if holder is HOLD_WRITER_AND_FILE:
        assert "a scan" in run.said  # who holds it, in words
    assert run.returncode == 0, run.err
    assert "Could not set lock" not in run.err
    assert "accepted" in run.out and "import 1)" in run.out
    assert _imports(path) == 1


def test_a_scan_waits_for_an_ingest_and_names_it(tmp_path: Path) -> None:
    """The scan is a writer too: it waits for the ingest holding the workspace, naming it."""
    path = tmp_path / "ws"
    _workspace(path)
    run = run_beside([HOLD_WRITER_AND_FILE, str(path), "an ingest of x.csv"],
                     ["scan", "-w", str(path)], ENV)  # fmt: skip
    assert "waiting for another writer (pid" in run.said and "an ingest of x.csv" in run.said
    assert run.waited
    assert run.returncode == 0, run.err


def test_an_ingest_while_serving_says_where_the_server_is(tmp_path: Path) -> None:
    """`shadowtrade serve` keeps the file for its life: waiting would never end, so the ingest
    says where the server is, in one line (not DuckDB's lock error). The advertisement names a
    live process (this test's own), as a running server's does."""
    path = tmp_path / "ws"
    _workspace(path)
    url = "http://127.0.0.1:9"
    (path / "server.json").write_text(json.dumps({"url": url, "pid": os.getpid(),
                                                  "secret": "s"}))  # fmt: skip
    res = subprocess.run([str(EXE), "ingest", str(SAMPLE), "-w", str(path)], env=ENV,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert res.returncode == 2
    assert f"error: the workspace is open in `shadowtrade serve` at {url}" in res.stderr
    assert "Could not set lock" not in res.stderr


BAD = "no,trade,here\n1,2,3\n"


@pytest.mark.parametrize("fmt", [
    [],  # refused before the workspace is opened (its header is no known layout)
    ["--format", "shipments"],  # refused by the ingest, in the new workspace it made
])  # fmt: skip
def test_a_failed_first_ingest_leaves_no_folder_behind(tmp_path: Path, fmt: list[str]) -> None:
    """The writer lock is taken in the new folder before the workspace is made: a first ingest
    that fails takes the lock file and the folder away with the empty workspace."""
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD)
    path = tmp_path / "new"
    res = subprocess.run([str(EXE), "ingest", *fmt, str(bad), "-w", str(path)], env=ENV,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert res.returncode == 2, res.stderr
    assert not path.exists()


# Another process making a new workspace as its writer: it takes the lock in the new folder and,
# when the test says, makes the workspace and writes to it (a user added: no import).
MAKE_AND_WRITE = """
import sys
from pathlib import Path
from shadowtrade.web.access import add_user
from shadowtrade.workspace import open_workspace
from shadowtrade.writelock import writer_for
Path(sys.argv[1]).mkdir()
with writer_for(sys.argv[1]).hold("making the workspace"):
    print("held", flush=True)
    sys.stdin.readline()
    ws = open_workspace(sys.argv[1])
    add_user(ws, "ana", "analyst")
    ws.close()
"""


def test_a_failed_first_ingest_keeps_what_another_process_wrote_meanwhile(tmp_path: Path) -> None:
    """The ingest found no workspace when it started and waited for another writer, which made
    the workspace and wrote to it: the ingest's failure leaves that workspace as it was (it was
    removed: whether the workspace was new was judged before the wait)."""
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD)
    path = tmp_path / "new"
    command = ["ingest", "--format", "shipments", str(bad), "-w", str(path)]
    run = run_beside([MAKE_AND_WRITE, str(path)], command, ENV)
    assert "waiting for another writer (pid" in run.said and run.waited, run.said
    assert "making the workspace" in run.said
    assert run.returncode == 2 and "no column for date, hs_code" in run.err, run.err
    ws = open_workspace(path, read_only=True)
    try:
        assert ws.raw.execute("SELECT name FROM users").fetchall() == [("ana",)]
    finally:
        ws.close()


def test_a_failed_and_a_good_first_ingest_at_once_leave_the_good_one(tmp_path: Path) -> None:
    """Two first ingests into one new folder at the same moment, one of them failing: the good
    one's workspace stands, under the folder's own lock file, whichever took the writer first
    (the failed one cleaned up after letting the writer go: it took away the folder and the
    lock file the other was waiting on, which then failed, or wrote holding a lock file no
    other process could see). Three rounds, as the order between the two is not fixed."""
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD)
    for n in range(3):
        path = tmp_path / f"new{n}"
        failing = start_cli(["ingest", "--format", "shipments", str(bad), "-w", str(path)], ENV)
        good = start_cli(["ingest", str(SAMPLE), "-w", str(path)], ENV)
        _, failed_err = failing.communicate(timeout=180)
        out, err = good.communicate(timeout=180)
        assert failing.returncode == 2 and "no column for date" in failed_err, failed_err
        assert good.returncode == 0, err
        assert "import 1)" in out
        assert (path / "write.lock").is_file()
        assert _imports(path) == 1


# A process as `demo`, `fetch` or the Python API are: the DuckDB file open read-write first,
# then the writer lock for one write (cases, the audit log), then closed.
FILE_THEN_WRITER = """
import sys, time
from shadowtrade.workspace import open_workspace
from shadowtrade.writelock import writer_for
ws = open_workspace(sys.argv[1])
print("opened", flush=True)
sys.stdin.readline()
writer_for(sys.argv[1]).acquire("the demo's cases", timeout=20)
print("got the writer", flush=True)
writer_for(sys.argv[1]).release()
ws.close()
"""


def test_a_writer_waiting_for_the_file_lets_the_writer_lock_go(tmp_path: Path) -> None:
    """No deadlock (review 10): a scan waiting for the file held by a demo used to keep
    `write.lock`, which the demo needed before it could close the file."""
    path = tmp_path / "ws"
    _workspace(path)
    with holding(FILE_THEN_WRITER, str(path), ready="opened") as demo:
        scan = subprocess.Popen(
            [sys.executable, "-c", "import sys\nfrom shadowtrade.writelock import open_to_write\n"
             "with open_to_write(sys.argv[1], 'a scan', print):\n    print('scan opened')",
             str(path)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert scan.stdout is not None
        said = scan.stdout.readline().strip()
        assert said == "waiting for another process to close the workspace …"
        let_go(demo)
        assert demo.stdout is not None
        assert demo.stdout.read().strip() == "got the writer" and demo.wait(60) == 0
    rest, _ = scan.communicate(timeout=60)
    assert rest.strip() == "scan opened" and scan.returncode == 0
