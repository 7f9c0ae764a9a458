"""Two processes at one workspace: another process holding it (its writer lock, its DuckDB
file, or both) until the test lets go, and a CLI command run beside it. The write-waits and
the concurrency tests share this one harness."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

EXE = Path(sys.executable).with_name("shadowtrade")

# A process holding the writer lock (`write.lock`) and the DuckDB file read-write, as a CLI
# scan or ingest does. argv: the workspace folder, what it says it is doing.
HOLD_WRITER_AND_FILE = """
import sys
from shadowtrade.writelock import open_to_write
with open_to_write(sys.argv[1], sys.argv[2]):
    print("held", flush=True)
    sys.stdin.readline()
"""

# A process holding the writer lock only (the server's scan between its writes). argv: the
# workspace folder, what it says it is doing.
HOLD_WRITER = """
import sys
from shadowtrade.writelock import writer_for
with writer_for(sys.argv[1]).hold(sys.argv[2]):
    print("held", flush=True)
    sys.stdin.readline()
"""

# A process with the DuckDB file open read-write and no writer lock (an older CLI, a notebook):
# DuckDB's own lock only. argv: the DuckDB file.
HOLD_FILE = """
import sys, duckdb
c = duckdb.connect(sys.argv[1])
print("held", flush=True)
sys.stdin.readline()
"""


def holder_target(holder: str, folder: Path) -> list[str]:
    """The holder script's arguments: the DuckDB file for HOLD_FILE, else the folder and what
    the holder says it is doing."""
    if holder is HOLD_FILE:
        return [str(folder / "shadowtrade.duckdb")]
    return [str(folder), "a scan"]


@contextmanager
def holding(script: str, *args: str, ready: str = "held") -> Iterator[subprocess.Popen[str]]:
    """Another process running `script` with `args`, entered once it printed `ready`; told to
    go on (a line on its stdin) when the block ends, unless `let_go` did so already."""
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdin is not None and proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == ready
        yield proc
    finally:
        if not proc.stdin.closed:
            let_go(proc)
        proc.wait(30)


def let_go(proc: subprocess.Popen[str]) -> None:
    """Tell a holding process to go on."""
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.close()


def start_cli(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """`shadowtrade <args>` started, its output read by the caller."""
    return subprocess.Popen([str(EXE), *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


@dataclass(frozen=True)
class Beside:
    """What a CLI command did while another process held the workspace, then after."""

    said: str  # the first line(s) it wrote on stderr while the other process held on
    waited: bool  # it was still running then: it waited instead of failing
    out: str  # the rest of its output once the other process let go
    err: str
    returncode: int


def run_beside(holder: list[str], args: list[str], env: dict[str, str],
               timeout: float = 180, lines: int = 1) -> Beside:  # fmt: skip
    """`shadowtrade <args>` started while a process (`holder`: its script and arguments) holds
    the workspace: its first `lines` stderr lines then, and how it ends once the holder lets
    go."""
    with holding(*holder):
        cli = start_cli(args, env)
        assert cli.stderr is not None
        said = "".join(cli.stderr.readline() for _ in range(lines))
        waited = cli.poll() is None
    out, err = cli.communicate(timeout=timeout)
    return Beside(said, waited, out, err, cli.returncode)
