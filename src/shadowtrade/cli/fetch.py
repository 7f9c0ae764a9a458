"""`shadowtrade fetch`: the command function, registered in cli/inputs.py (docs/fetch.md)."""

from __future__ import annotations

import os
import sys
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import MofNCompleteColumn

from shadowtrade.cli.base import WorkspaceOpt
from shadowtrade.errors import ShadowtradeError
from shadowtrade.output import terminal_progress

err = Console(stderr=True)
out = Console(soft_wrap=True)
EXIT_STOPPED = 3  # stopped cleanly (throttled, out of quota): the same command resumes


def fail(exc: Exception, code: int = 2) -> NoReturn:
    """One line on stderr and `code` (2: bad input; 3: stopped cleanly, resumable)."""
    sys.stderr.write(f"error: {' '.join(str(exc).split())}\n")
    raise typer.Exit(code)


def fetch(
    source: Annotated[str, typer.Argument(help="comtrade or comext")],
    reporter: Annotated[
        list[str] | None, typer.Option("--reporter", help="Reporters, ISO3 (ARM,KGZ or repeat)")
    ] = None,
    partner: Annotated[
        list[str] | None, typer.Option("--partner", help="Partners, ISO3 (default: all)")
    ] = None,
    hs: Annotated[
        list[str] | None,
        typer.Option("--hs", help="HS codes (2/4/6 digits; CN8 for comext) (default: all goods)"),
    ] = None,
    flow: Annotated[
        list[str] | None,
        typer.Option(
            "--flow", help="export, import, re-export, re-import (default: export,import)"
        ),
    ] = None,
    freq: Annotated[str, typer.Option("--freq", help="M (monthly) or A (annual)")] = "M",
    since: Annotated[
        str | None, typer.Option("--since", help="First month YYYY-MM (or year)")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Last month YYYY-MM (or year) (default: --since)")
    ] = None,
    workspace: WorkspaceOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the planned requests; fetch nothing")
    ] = False,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Forget saved answers of this query; ask again")
    ] = False,
) -> None:
    """Fetch UN Comtrade or Eurostat Comext data into the workspace as one import.

    The query is split into requests within the service's limits; answers are saved as they
    come, so running the same command after an interruption or throttling continues where it
    stopped. Nothing lands in the tables until every request has answered. Comtrade uses the
    key in $COMTRADE_API_KEY (without one: the keyless preview, 500 records a request).
    """
    from shadowtrade.fetch import FetchStopped, build_query, client_for, run_fetch
    from shadowtrade.workspace import default_workspace

    key = os.environ.get("COMTRADE_API_KEY", "").strip() or None
    query = build_query(
        source.lower(),
        reporters=reporter,
        partners=partner,
        hs=hs,
        flows=flow,
        freq=freq,
        since=since,
        until=until,
        keyless=source.lower() == "comtrade" and key is None,
    )
    client = client_for(query.source, key)
    requests = client.plan(query)
    if query.source == "comtrade":
        err.print(
            "comtrade: using the API key in $COMTRADE_API_KEY"
            if key
            else "comtrade: no $COMTRADE_API_KEY, so the keyless preview endpoint is used: at"
            " most 500 records a request and tighter limits; a free key (comtradedeveloper."
            "un.org) allows 100,000 records a request and 500 requests a day"
        )
    n = len(requests)
    err.print(f"{query.describe()}: {n} request{'s'[: n != 1]}, within these limits:")
    for lim in client.limits():
        err.print(f"  {lim.value:,g} {lim.help} — {lim.source}", highlight=False)
    if dry_run:
        for r in requests:
            out.print(f"{r.index:4d}  {client.service}?{r.show()}", highlight=False)
        return
    ws_path = workspace if workspace is not None else default_workspace()
    with terminal_progress(err, MofNCompleteColumn()) as prog:
        task = prog.add_task(f"{query.source}: requests", total=len(requests))
        try:
            res = run_fetch(
                ws_path,
                query,
                client,
                progress=lambda done, total: prog.update(task, completed=done, total=total),
                notify=lambda msg: prog.console.print(msg, highlight=False),
                refresh=refresh,
            )
        except FetchStopped as exc:
            fail(exc, EXIT_STOPPED)
        except ShadowtradeError as exc:
            fail(exc)
    if res.empty:
        out.print(
            f"the service has no data for {query.describe()} ({res.requests} request"
            f"{'s'[: res.requests != 1]}, every answer empty); nothing landed in the workspace"
        )
        return
    how = (
        "complete file of an earlier run"
        if res.reused_file
        else f"{res.made} request{'s'[: res.made != 1]} now"
        + (f", {res.resumed} saved by an earlier run" if res.resumed else "")
    )
    out.print(f"fetched {res.rows:,} rows ({how}) → {res.file}")
    for note in res.notes:
        out.print(f"  note: {note}")
    ing = res.ingest or {}
    if ing.get("duplicate_of") is not None:
        out.print(f"  already ingested as import {ing['duplicate_of']}; nothing changed")
        return
    out.print(
        f"  ingested as import {ing.get('import_id')}: {ing.get('layout')} — read"
        f" {ing.get('rows_read', 0):,} rows: {ing.get('accepted', 0):,} accepted,"
        f" {ing.get('aggregates', 0):,} aggregates kept apart,"
        f" {ing.get('quarantined', 0):,} quarantined"
    )
    for reason, n in (ing.get("by_reason") or {}).items():
        out.print(f"  quarantined {n:,} × {reason}")
