"""`shadowtrade rank`: learn from past inspection outcomes and rank new declarations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import TextColumn

from shadowtrade.errors import ShadowtradeError
from shadowtrade.output import OutputFormat, print_frame, terminal_progress, write_csv

if TYPE_CHECKING:
    pass


from shadowtrade.cli.base import app, err

PANEL = "Parties"  # where `shadowtrade --help` lists these commands


@app.command(rich_help_panel=PANEL)
def rank(
    labelled: Annotated[list[Path], typer.Argument(help="Declarations with known outcomes")],
    score_file: Annotated[Path, typer.Option("--score", help="Declarations to rank")],
    label: Annotated[str, typer.Option(help="Outcome column (1 = fraud found)")],
    mapping: Annotated[
        Path | None, typer.Option(help="Shipment mapping naming code, origin, value, weight")
    ] = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="Write every score (.csv)")] = None,
    top: Annotated[int, typer.Option(help="Show the N highest-ranked")] = 20,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Columns not to learn from (other outcomes, notes)"),
    ] = None,
) -> None:
    """Learn from past inspection outcomes and rank new declarations for inspection."""
    import pandas as pd

    from shadowtrade.formats.shipments import load_shipment_mapping
    from shadowtrade.learn.ranker import Ranker, columns_for

    files = [*labelled, score_file]
    # redirect_stderr=False: an error line goes out as it is, not through the bar
    counter = TextColumn("step {task.completed}/{task.total}")
    with terminal_progress(err, counter, redirect_stderr=False) as prog:
        step = prog.add_task("reading", total=len(files) + 3)

        def stage(description: str) -> None:
            prog.update(step, description=f"rank: {description}")
            prog.refresh()  # each stage drawn, however short

        for f in files:
            if not f.exists():
                raise ShadowtradeError(f"{f}: no such file")
        roles = load_shipment_mapping(mapping).columns if mapping else {}
        frames = []
        for f in files:
            stage(f"reading {f.name}")
            frames.append(pd.read_csv(f, dtype=str))
            prog.advance(step)
        train, new = pd.concat(frames[:-1], ignore_index=True), frames[-1]
        if label not in train.columns:
            raise ShadowtradeError(f"{labelled[0]}: no column {label!r}")
        train[label] = pd.to_numeric(train[label], errors="coerce").fillna(0).gt(0).astype(int)
        skip = [c for c in train.columns if c not in new.columns] + list(ignore or [])
        cols = columns_for(train, label, roles, skip=skip)
        stage(f"learning from {len(train):,} labelled declarations")
        ranker = Ranker(cols).fit(train)
        prog.advance(step)
        stage(f"scoring {len(new):,} declarations")
        scores = ranker.score(new)
        prog.advance(step)
        order = scores.argsort()[::-1]
        ranked = new.iloc[order].assign(score=scores[order].round(4))
        ranked.insert(0, "rank", range(1, len(ranked) + 1))
        if out_file is not None:
            write_csv(ranked, out_file)
        head = ranked.head(top).copy()
        stage(f"explaining the top {len(head):,}")
        why = ranker.explain(head.drop(columns=["rank", "score"]))
        prog.advance(step)
    head["because"] = ["; ".join(f"{f} (+{d:.2f})" for f, d in w) for w in why]
    key = roles.get("shipment_id") or new.columns[0]
    print_frame(head[["rank", key, "score", "because"]], OutputFormat.table, title="inspect first")
