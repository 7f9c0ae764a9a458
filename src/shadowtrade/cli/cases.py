"""Commands an analyst triages with: `check`, `cases`, `case`, `triage`, `report`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from shadowtrade.errors import ShadowtradeError
from shadowtrade.output import OutputFormat, print_frame
from shadowtrade.schema import ALERT_DISPLAY_COLUMNS

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace


from shadowtrade.cli.base import (
    FormatOpt,
    RawOpt,
    WorkspaceOpt,
    app,
    err,
    fail,
    folder_of,
    open_existing,
    open_for_writing,
    out,
    say_waiting,
)

PANEL = "Cases"  # where `shadowtrade --help` lists these commands


@app.command(rich_help_panel=PANEL)
def check(
    text: Annotated[str | None, typer.Argument(help="The allegation, in words")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Read the allegation from a file")
    ] = None,
    origin: Annotated[str | None, typer.Option(help="Origin country")] = None,
    via: Annotated[str | None, typer.Option(help="Intermediaries, comma-separated")] = None,
    destination: Annotated[str | None, typer.Option(help="Destination country")] = None,
    goods: Annotated[
        str | None,
        typer.Option(
            help="Goods: categories, HS codes or goods words (computers), comma-separated"
        ),
    ] = None,
    since: Annotated[str | None, typer.Option(help="Period start, YYYY-MM")] = None,
    until: Annotated[str | None, typer.Option(help="Period end, YYYY-MM")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print DESIGN.md's JSON object")] = False,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Also write the check as an HTML report")
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Test an allegation against the data: supported, inconclusive or contradicted, and why."""
    from shadowtrade.claims.cli_input import hypothesis_from_options
    from shadowtrade.claims.grade import grade, to_json

    try:
        words = file.read_text(encoding="utf-8") if file is not None else text
        h = hypothesis_from_options(words, origin=origin, via=via, destination=destination,
                                    goods=goods, since=since, until=until)  # fmt: skip
    except (OSError, ShadowtradeError) as exc:
        fail(exc)
    from shadowtrade.claims.notes import read_notes

    for n, one in enumerate([h, *h.others]):  # what a looser rule read, said
        for note in read_notes(one.words):
            err.print(f"note: {note}" if n == 0 else f"note (claim {n + 1}): {note}")
    with open_existing(workspace) as ws:
        verdict = grade(ws, h)
    if report_file is not None:
        from shadowtrade.report.page import write_page
        from shadowtrade.report.sections import check_section

        source = str(file) if file is not None else (text or "options")
        write_page(report_file, "Shadowtrade allegation check", check_section(verdict, source))
        err.print(f"wrote {report_file}")
    if as_json:
        print(to_json(verdict))
        return
    out.print(f"[bold]{verdict['grade'].upper()}[/bold] (confidence {verdict['confidence']:.2f})")
    out.print(verdict["summary"])
    for e in verdict["evidence"]:
        if e["kind"] == "alert":
            out.print(f"  {e['score']:.2f} {e['detector']}: {e['summary']}")
        elif e["kind"] == "case":
            out.print(f"  case {e['case_id']} ({e['status']}, score {e['score']:.2f}):"
                      f" {e['title']}")  # fmt: skip
        elif e["kind"] == "consignments":  # shipment records of the claim's pair and route
            through = "".join(f", {n} through {b}" for b, n in e["through"].items())
            out.print(f"  consignments {e['route']} ({', '.join(e['codes'])}):"
                      f" {e['consignments']:,} in the period, {e['usd']:,} USD"
                      f"{through}")  # fmt: skip
        else:
            codes = ", ".join(e["codes"]) + "".join(
                f"; {b['before']} before {b['until'][:7]}" for b in e.get("bridged", [])
            )
            if e.get("reported_by") is None and "months_during" in e:  # nothing to compare
                out.print(f"  flows {e['leg']} ({codes}): {e.get('change', '')}")
                continue
            months = (f" ({e['months_during']} month(s) in the data)", f" ({e['months_before']})"
                      ) if "months_during" in e else ("", "")  # fmt: skip
            per = " a month" if str(e.get("change", "")).startswith("×") and months[0] else ""
            out.print(f"  flows {e['leg']} ({codes}): {e['usd_during']:,} USD in the period"
                      f"{months[0]}, {e['usd_before']:,} USD before{months[1]}"
                      f" ({e.get('change', '')}{per})")  # fmt: skip
    for other in verdict.get("hypotheses", [])[1:]:  # the text's further claims, one line each
        out.print(f"and: [bold]{other['grade'].upper()}[/bold] (confidence"
                  f" {other['confidence']:.2f}) {other['summary']}")  # fmt: skip


CASE_TABLE_COLUMNS = (
    "case_id", "score", "status", "kind", "title", "alerts", "lines", "period_start",
    "period_end", "assignee", "new_evidence",
)  # fmt: skip


@app.command(rich_help_panel=PANEL)
def cases(
    workspace: WorkspaceOpt = None,
    top: Annotated[int | None, typer.Option(help="Only the N highest-scoring cases")] = None,
    status: Annotated[
        str | None, typer.Option(help="Only cases in this status (new, investigating, …)")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
    raw: RawOpt = False,
) -> None:
    """List cases (alerts grouped by route, country pair or company), best first: by score, equal
    scores by more lines of evidence, then more alerts, then case id."""
    from shadowtrade.cases import STATUSES, list_cases

    if status is not None and status not in STATUSES:
        fail(ShadowtradeError(f"--status {status!r}: expected one of {', '.join(STATUSES)}"))
    from shadowtrade.cases.audit import verify

    with _with_current_cases(workspace, "listing cases") as ws:
        df = list_cases(ws, top, status)
        problems = verify(ws)
    if fmt is OutputFormat.table:
        df = df[list(CASE_TABLE_COLUMNS)]
    print_frame(df, fmt, title="cases", raw=raw)
    _audit_verdict(problems)


@contextmanager
def _with_current_cases(workspace: Path | None, what: str) -> Iterator[Workspace]:
    """The workspace with its cases current, to read them: opened read-only when they are (a
    listing neither waits for a writer nor holds one up); as the one writer, rebuilding them,
    only when the alerts or the companies changed since they were built (said on stderr)."""
    from shadowtrade.cases import ensure_cases
    from shadowtrade.cases.store import cases_up_to_date

    with open_existing(workspace) as ws:
        if cases_up_to_date(ws):
            yield ws
            return
    err.print("the cases do not match the alerts and companies (changed since the cases were"
              " built, or never built): rebuilding them as the workspace's writer …")  # fmt: skip
    with open_for_writing(workspace, f"{what} (rebuilding the cases)") as ws:
        ensure_cases(ws)
        yield ws


def _audit_verdict(problems: list[str]) -> None:
    """A broken audit chain: said on stderr, exit code 2 (the triage shown may be forged)."""
    for p in problems:
        err.print(f"[red]audit log check failed:[/red] {p}")
    if problems:
        raise typer.Exit(2)


@app.command(rich_help_panel=PANEL)
def case(
    case_id: Annotated[str, typer.Argument(help="A case id (or its first characters)")],
    workspace: WorkspaceOpt = None,
) -> None:
    """One case in full: summary, why it scores as it does, triage, alerts, related cases, log."""
    import pandas as pd

    from shadowtrade.cases import case_detail
    from shadowtrade.cases.audit import verify

    with _with_current_cases(workspace, f"showing case {case_id}") as ws:
        d = case_detail(ws, case_id)
        problems = verify(ws)
    c, t = d["case"], d["triage"]
    if c is None:
        out.print(f"[bold]{d['case_id']}[/bold]: the latest scan no longer produces this case;"
                  " its triage and log are kept.")  # fmt: skip
    else:
        assert isinstance(c, dict)
        out.print(f"[bold]{c['title']}[/bold] · {d['case_id']} · {c['kind']} case ·"
                  f" score {c['score']:.2f}")  # fmt: skip
        out.print(str(c["summary"]))
        out.print(
            "[bold]Why this score[/bold] (lines of evidence, strongest first;"
            " a line weighed down says why):"
        )
        for e in d["explanation"]:
            out.print(f"  {e['strength']:.2f}  {e['line']}  [dim]{e['alert_id']}[/dim]")
    if isinstance(t, dict):
        flag = " · [bold red]new evidence since last triage[/bold red]" if t["new_evidence"] else ""
        tags = ", ".join(t["tags"]) if t["tags"] is not None and len(t["tags"]) else "none"
        out.print(f"[bold]Triage[/bold]: {t['status']} · assignee {t['assignee'] or 'none'} ·"
                  f" tags {tags}{flag}")  # fmt: skip
    else:
        out.print("[bold]Triage[/bold]: new (not yet triaged)")
    alerts_df = d["alerts"]
    assert isinstance(alerts_df, pd.DataFrame)
    if len(alerts_df):
        print_frame(alerts_df[["role", "alert_id", *ALERT_DISPLAY_COLUMNS]], OutputFormat.table,
                    title="alerts")  # fmt: skip
    related = d["related"]
    if len(related):
        print_frame(related, OutputFormat.table, title="related cases (the other data source)")
    log = d["audit"]
    if log:
        out.print("[bold]Audit log[/bold]")
        for entry in log:
            change = (
                f"{entry.old_value} → {entry.new_value}"
                if entry.old_value
                else (entry.new_value or "")
            )
            out.print(
                f"  #{entry.seq} {entry.at:%Y-%m-%d %H:%M} {entry.actor}: {entry.action} {change}"
            )
    _audit_verdict(problems)


@app.command(rich_help_panel=PANEL)
def triage(
    case_id: Annotated[str, typer.Argument(help="A case id (or its first characters)")],
    status: Annotated[
        str | None, typer.Option(help="new, investigating, confirmed or dismissed")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note for the case's log")] = None,
    assignee: Annotated[str | None, typer.Option(help="Who works the case ('' to clear)")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Add a tag")] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Set a case's status, assignee, tags or add a note; every change goes to the audit log.
    Waits for another writer; while `shadowtrade serve` runs, the change goes through it."""
    from shadowtrade.cases import triage as apply_triage
    from shadowtrade.cases.triage import current_actor
    from shadowtrade.web import delegate
    from shadowtrade.writelock import Served, open_to_write

    who = current_actor()
    change = {"status": status, "assignee": assignee, "note": note, "add_tags": tag or [],
              "remove_tags": untag or []}  # fmt: skip
    try:
        with open_to_write(folder_of(workspace), f"triage of {case_id} by {who}",
                           say_waiting) as ws:  # fmt: skip
            res = apply_triage(ws, case_id, status=status, assignee=assignee, note=note,
                               add_tags=tag or (), remove_tags=untag or (),
                               actor=who)  # fmt: skip
    except Served as served:
        res = delegate.triage(served.info, case_id, actor=who, on_wait=say_waiting, **change)
    changes = res["changes"]
    assert isinstance(changes, list)
    done = "; ".join(f"{a}: {o} → {n}" if o else f"{a}: {n}" for a, o, n in changes)
    out.print(f"{res['case_id']}: {res['status']} ({done or 'nothing changed'})")


@app.command(rich_help_panel=PANEL)
def report(
    out_file: Annotated[Path, typer.Option("--out", help="HTML file to write")] = Path(
        "shadowtrade-report.html"
    ),
    case_id: Annotated[str | None, typer.Option("--case", help="Report one case")] = None,
    check_text: Annotated[
        str | None, typer.Option("--check", help="Report an allegation check of this text")
    ] = None,
    check_file: Annotated[
        Path | None, typer.Option("--check-file", help="Report an allegation check of a file")
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Write one self-contained HTML file (charts embedded, opens offline, printable): the whole
    workspace, one case (--case) or an allegation check (--check / --check-file)."""
    from shadowtrade.report.html import write_workspace_report
    from shadowtrade.report.page import write_page
    from shadowtrade.report.sections import case_section, check_section

    ws = open_existing(workspace)
    try:
        if case_id is not None:
            write_page(out_file, f"Shadowtrade case {case_id}", case_section(ws, case_id))
        elif check_text is not None or check_file is not None:
            from shadowtrade.claims.extract import extract
            from shadowtrade.claims.grade import grade

            words = check_file.read_text(encoding="utf-8") if check_file else str(check_text)
            verdict = grade(ws, extract(words))
            source = str(check_file) if check_file else words[:200]
            write_page(out_file, "Shadowtrade allegation check", check_section(verdict, source))
        else:
            write_workspace_report(ws, out_file)
    except (ShadowtradeError, OSError) as exc:
        fail(exc)
    finally:
        ws.close()
    out.print(f"wrote {out_file}")
