"""What every command shares: the Typer app, the consoles, the common options, the one error
handler (bad input or an unusable workspace: one line, exit code 2; Ctrl-C: one line, exit
130) and the console script's `main`."""

from __future__ import annotations

# isort: off
import shadowtrade.startup  # noqa: F401  (first: answers a Ctrl-C while the CLI loads)

# isort: on

import re
import signal
import sys
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from typer.core import TyperGroup, TyperOption

from shadowtrade.errors import ShadowtradeError
from shadowtrade.output import OutputFormat
from shadowtrade.write_journal import caused_by_interrupt as _caused_by_interrupt
from shadowtrade.write_journal import interrupted_line

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace


class PlainHelpGroup(TyperGroup):
    """Commands whose help shows no Python type noise: a flag shows no type (was `<bool>`),
    a repeatable option its element type (`<str>…`, was `<list[str]>`)."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:  # click's Context and Command
        cmd = super().get_command(ctx, cmd_name)
        if cmd is None:
            return None
        help_option = cmd.get_help_option(ctx)  # cached by the command once made
        params = [*cmd.params, *([help_option] if help_option is not None else [])]
        for param in params:
            if getattr(param, "metavar", "") is not None:
                continue
            if getattr(param, "is_flag", False):
                param.metavar = ""
            elif getattr(param, "multiple", False) and isinstance(param, TyperOption):
                element = re.sub(r"^<?list\[(.+)\]>?$", r"\1", param.display_type(ctx))
                param.metavar = f"<{element}>…"
        return cmd

    def get_help_option(self, ctx: Any) -> Any:  # click's Context and Option
        """The group's own --help, shown without a type like its commands' (was `<bool>`)."""
        option = super().get_help_option(ctx)
        if option is not None and option.metavar is None:
            option.metavar = ""
        return option

    def invoke(self, ctx: Any) -> Any:  # click's Context
        """One error handler for every command: bad input or a workspace that cannot be used
        is one line on stderr and exit code 2 (the CLI contract), whichever command raised it."""
        try:
            return super().invoke(ctx)
        except ShadowtradeError as exc:
            fail(exc)


app = typer.Typer(
    cls=PlainHelpGroup,
    help="Find covert arms and dual-use trade pipelines in trade data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


err = Console(stderr=True)


out = Console(soft_wrap=True)


WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        envvar="SHADOWTRADE_WORKSPACE",
        help="Workspace folder (default: ./shadowtrade-workspace)",
    ),
]


FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="table, csv or jsonl")]


RawOpt = Annotated[
    bool,
    typer.Option(
        "--raw",
        help="CSV: write cells as they are (by default a cell starting with = + - @ tab or CR,"
        " which a spreadsheet would run as a formula, is prefixed with ')",
    ),
]


def fail(exc: Exception) -> NoReturn:
    """One line on stderr, exit code 2 (the CLI contract for bad input); an error that a
    Ctrl-C caused inside a DuckDB statement is an interruption (exit 130), not bad input."""
    if _caused_by_interrupt(exc):
        raise typer.Exit(130)  # main() says it, once
    sys.stderr.write(f"error: {' '.join(_message(exc).split())}\n")
    raise typer.Exit(2)


def _message(exc: Exception) -> str:
    """What went wrong, in the user's words: an operating-system error names its file
    ("missing.txt: no such file or directory"), not Python's errno form."""
    if isinstance(exc, OSError) and exc.strerror and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror[:1].lower()}{exc.strerror[1:]}"
    return str(exc)


def folder_of(workspace: Path | None) -> Path:
    """The workspace folder a command works on: `--workspace`, else the default."""
    from shadowtrade.workspace import default_workspace

    return workspace if workspace is not None else default_workspace()


def say_waiting(message: str) -> None:
    """A write waiting for another writer says so (on stderr), once."""
    err.print(message)


OPEN_WAIT_S = 60.0  # how long a command waits for another process to close the workspace


def open_existing(workspace: Path | None) -> Workspace:
    """An existing workspace, read-only (waiting a while, with a message, for another process
    to close it), or a one-line error and exit code 2. While `shadowtrade serve` holds it, a
    snapshot the server makes of it (snapshot.py), said on stderr. A command that writes opens
    with `open_for_writing`."""
    from shadowtrade.writelock import Served, open_waiting

    try:
        return open_waiting(folder_of(workspace), read_only=True, on_wait=say_waiting,
                            wait_s=OPEN_WAIT_S)  # fmt: skip
    except Served as served:
        from shadowtrade.cases.triage import current_actor
        from shadowtrade.snapshot import open_served

        err.print(f"the workspace is open in `shadowtrade serve` at {served.info.url}: reading"
                  " a copy the server made of it now", highlight=False)  # fmt: skip
        ws = open_served(served.info, actor=current_actor(), on_wait=say_waiting)
        ws.copy_of = folder_of(workspace)
        return ws


def open_for_writing(workspace: Path | None, what: str, *,
                     create: bool = False) -> AbstractContextManager[Workspace]:  # fmt: skip
    """The workspace as its one writer (writelock.open_to_write): another writer or another
    process holding the file is waited for, saying so once ("waiting for another writer (pid
    …: a scan) …"); `shadowtrade serve` holding it is one line and exit code 2. `what` is
    what the waiting one is told this command is doing."""
    from shadowtrade.writelock import open_to_write

    return open_to_write(folder_of(workspace), what, say_waiting, create=create)


def main() -> None:
    """The console script: one line and exit 130 on Ctrl-C, whenever it comes."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        code = app(standalone_mode=False)  # usage errors come back here, not as a panel
    except (KeyboardInterrupt, typer.Abort):
        _interrupted()
    except SystemExit as exc:  # Typer answers Ctrl-C with a silent exit 130
        if exc.code == 130:
            _interrupted()
        raise
    except Exception as exc:
        usage = _usage_error(exc)
        if usage is not None:
            sys.stderr.write(usage + "\n")
            sys.exit(2)
        # DuckDB turns Ctrl-C inside a statement into its own error
        if "interrupt" not in str(exc).lower() and not _caused_by_interrupt(exc):
            raise
        _interrupted()
    if code == 130:  # Typer's answer to Ctrl-C, returned rather than raised here
        _interrupted()
    sys.exit(code if isinstance(code, int) else 0)


def _usage_error(exc: Exception) -> str | None:
    """One line for a usage error (unknown command or option, bad choice, missing
    argument), with the help to read; None for any other error. Click's usage errors are
    told by their exit code 2 (Typer ships its own copy of click's exception classes)."""
    if getattr(exc, "exit_code", None) != 2 or not hasattr(exc, "format_message"):
        return None
    ctx = getattr(exc, "ctx", None)
    where = getattr(ctx, "command_path", None) or "shadowtrade"
    return f"error: {' '.join(str(exc.format_message()).split())} (see `{where} --help`)"


def _interrupted() -> NoReturn:
    # DuckDB answers Ctrl-C inside a statement with its own error and may also leave Python's
    # interrupt pending: raised while this exit unwinds, it would replace exit 130 with death by
    # SIGINT after the rollback was already said (seen under load in test_atomic). Ignored from
    # here on, a pending or second Ctrl-C cannot interrupt the exit.
    # What it says comes from the transactions' own record (write_journal.py): a write that
    # committed just before the signal is said to have completed, with what it wrote.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stderr.write(interrupted_line() + "\n")  # one line however long (no console wrapping)
    sys.exit(130)
