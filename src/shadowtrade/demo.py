"""`shadowtrade demo`: the main job on the embedded default, end to end, in well under 2 minutes."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from rich.console import Console

from shadowtrade.detect.catalog import all_detectors
from shadowtrade.formats.dispatch import ingest_file
from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.report.html import truth_section, write_workspace_report
from shadowtrade.report.sections import check_section
from shadowtrade.scanning import scan_workspace
from shadowtrade.synth import write_world
from shadowtrade.synth.consignments import write_consignments
from shadowtrade.synth.route_consignments import write_route_consignments
from shadowtrade.web.access import add_user
from shadowtrade.workspace import open_workspace

# The seed allegation lives beside the repository as ../shared/data (research data is not
# copied in), so an installed package looks for it where a user is likely to have it.
SEED_ARTICLE_NAME = "seed-article.txt"
SHARED_DATA_ENV = "SHADOWTRADE_SHARED_DATA"


def seed_article_places() -> list[Path]:
    """Where the demo looks for the seed article, in order: $SHADOWTRADE_SHARED_DATA, the
    shared data folder beside the current folder or one of its parents, and beside the
    checkout this module was loaded from."""
    places: list[Path] = []
    if os.environ.get(SHARED_DATA_ENV):
        places.append(Path(os.environ[SHARED_DATA_ENV]) / SEED_ARTICLE_NAME)
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents):
        places.append(folder / "shared" / "data" / SEED_ARTICLE_NAME)
    here = Path(__file__).resolve()
    if len(here.parents) > 3:
        places.append(here.parents[3] / "shared" / "data" / SEED_ARTICLE_NAME)
    return list(dict.fromkeys(places))


def find_seed_article() -> Path | None:
    """The first of `seed_article_places` that exists, or None."""
    return next((p for p in seed_article_places() if p.is_file()), None)


def run_demo(out_dir: Path, workspace: Path | None, *, console: Console) -> Path:
    """Synthesise seed-case, ingest it, run the detectors, write the report; return its path."""
    t0 = time.perf_counter()
    world_dir = out_dir / "world"
    ws_path = workspace if workspace is not None else out_dir / "workspace"
    console.print(f"[bold]1/4[/bold] simulating the seed-case world into {world_dir}")
    info = write_world("seed-case", world_dir, seed=1)
    console.print(f"     {info.rows:,} Comtrade rows, {len(info.truth)} planted schemes")
    console.print(f"[bold]2/4[/bold] ingesting into workspace {ws_path}")
    ws = open_workspace(ws_path)
    check_html = ""
    try:
        res = ingest_file(ws, info.trade_file)
        if res.unchanged:
            console.print(f"     already ingested as import {res.duplicate_of}")
        else:
            console.print(
                f"     {res.accepted:,} accepted, {res.aggregates:,} aggregates,"
                f" {res.quarantined:,} quarantined ({res.seconds:.1f}s)"
            )
        ships_file, _ = write_consignments(world_dir, seed=1)
        ships = ingest_shipments(ws, ships_file)
        route = ingest_shipments(ws, write_route_consignments(world_dir, seed=1))
        console.print(
            f"     {ships.accepted:,} simulated consignments with planted document, route,"
            f" price and description frauds ({ships.quarantined:,} quarantined)"
        )
        console.print(
            f"     {route.accepted:,} consignments along the planted routes, firm to firm"
            " (`shadowtrade network` follows them)"
        )
        detectors = all_detectors()
        console.print("[bold]3/4[/bold] running detectors: " + ", ".join(d.name for d in detectors))
        scanned = scan_workspace(ws)
        found, companies = scanned.alerts, scanned.companies or 0
        multi = ws.raw.execute(
            "SELECT count(DISTINCT cluster_id) FROM party_clusters WHERE cluster_size > 1"
        ).fetchone()
        console.print(
            f"     shipment parties resolved into {companies:,} companies (splink);"
            f" {multi[0] if multi else 0:,} written in more than one script or spelling"
        )
        console.print(f"     {len(found):,} alerts; the strongest of each detector:")
        for a in found.drop_duplicates("detector").to_dict("records"):
            console.print(f"       {a['score']:.2f} {a['detector']}: {a['summary']}")
        routes = found[(found.detector == "transshipment") & (found.score >= 0.5)]
        console.print("     routes through intermediaries (transshipment alerts ≥ 0.5):")
        for a in routes.to_dict("records"):
            ev = json.loads(a["evidence"])
            code = a["declared_hs_code"]
            declared = f"declared {code}, " if isinstance(code, str) else ""
            console.print(
                f"       {a['score']:.2f} {' → '.join(ev['route'])}: HS {a['hs_code']}"
                f" ({declared}lag {ev['lag_months']} month(s),"
                f" {ev['onward_share']:.0%} flows on)"
            )
        cases = scanned.cases
        console.print(
            f"     {len(cases):,} cases (alerts grouped by route, country pair or company);"
            " the five strongest:"
        )
        for c in cases.head(5).to_dict("records"):
            console.print(f"       {c['score']:.2f} {c['case_id']} {c['title']}"
                          f" ({c['alerts']} alerts, {c['lines']} lines of evidence)")  # fmt: skip
        article = find_seed_article()
        if article is None:
            console.print(
                f"     the seed allegation ({SEED_ARTICLE_NAME}) was not found (looked in"
                f" ${SHARED_DATA_ENV}, ./shared/data and its parents' shared/data): the"
                " allegation check is left out of this demo; run"
                " `shadowtrade check --file <article>` on the workspace to add it"
            )
        else:
            from shadowtrade.claims.extract import extract
            from shadowtrade.claims.grade import grade

            verdict = grade(ws, extract(article.read_text(encoding="utf-8")))
            check_html = check_section(verdict, article.name)
            h = verdict["hypothesis"]
            console.print(
                f"     the seed allegation ({article.name}): {h['origin']} →"
                f" {' / '.join(h['via'])} → {h['destination']}, HS {', '.join(h['hs_codes'])},"
                f" {h['period_start']} to {h['period_end']}:"
                f" [bold]{verdict['grade']}[/bold] (confidence {verdict['confidence']:.2f})"
            )
            console.print(f"       {verdict['summary']}")
        top = ws.raw.execute("""
            SELECT f.reporter, f.partner, f.flow, f.hs_code, c.category,
                   count(*) AS months, round(sum(f.value_usd) / 1e6, 1) AS musd
            FROM trade_flows f JOIN ref_control_list c ON starts_with(f.hs_code, c.hs_code)
            WHERE c.category = 'ammunition' AND f.period >= DATE '2023-01-01'
            GROUP BY ALL ORDER BY musd DESC LIMIT 8""").fetchall()
        console.print("     largest ammunition flows reported since 2023 (USD million):")
        for r in top:
            console.print(
                f"       {r[0]} {r[2]}s {r[3]} {'to' if r[2] == 'export' else 'from'}"
                f" {r[1]}: {r[6]:,} over {r[5]} months"
            )
    finally:
        ws.close()
    report = out_dir / "report.html"
    ws = open_workspace(ws_path, read_only=True)
    try:
        write_workspace_report(
            ws, report, extra_sections=check_html + truth_section(info.truth_file)
        )
    finally:
        ws.close()
    console.print(f"[bold]4/4[/bold] report written to {report}")
    ws = open_workspace(ws_path)
    try:
        token = add_user(ws, "demo", "admin")
    finally:
        ws.close()
    console.print(f"done in {time.perf_counter() - t0:.1f}s")
    console.print(
        f"the web app: [bold]shadowtrade serve --workspace {ws_path}[/bold], then open"
        f" http://127.0.0.1:8000/ and log in as demo (admin) with the token {token}"
    )
    return report
