"""Detector quality against planted truth, scan speed and memory, and the pandas comparison.

1. Quality: `mixed` seeds 1–5 of the evaluation seed family and `baseline` seeds 1–5
   (size `--quality-scale`):
   recall of planted schemes among alerts with score ≥ 0.5 per scheme kind, the share of those
   alerts that match a scheme per detector, and baseline alerts ≥ 0.5 per million rows.
2. Speed on a baseline world of `--rows` rows, each in its own process (peak memory its own):
   the floor — one DuckDB aggregation pass over trade_flows, the least any scan must pay —,
   `shadowtrade scan` of all detectors, and the pandas notebook version of mirror_gap
   (benchmarks/pandas_reference.py) against the Ibis detector alone. Targets (issue 3): full scan
   of 10 M rows under 5 minutes and 8 GB; Ibis at least 10x faster than pandas at 10 M rows.
Figures are appended to docs/benchmarks.md.

    python benchmarks/bench_detect.py [--rows 10000000] [--quality-scale 1]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from bench_ingest import CACHE, ROOT, run, world

PY = sys.executable
SHIPMENT_DETECTORS = [
    "description_mismatch",
    "document_reuse",
    "route_mismatch",
    "consignment_anomaly",
]
CONSIGNMENT_SCALE = 130  # about 5.06 million consignments


def quality(scale: float) -> list[str]:
    import shadowtrade
    from shadowtrade.detect.alerts import run_scan
    from shadowtrade.synth import write_world
    from shadowtrade.synth.evaluate import evaluate, load_truth

    recall: dict[str, list[int]] = {}
    precision: dict[str, list[int]] = {}
    base_alerts: dict[str, int] = {}
    by_detector: dict[tuple[str, str], list[int]] = {}
    base_rows = 0
    with tempfile.TemporaryDirectory() as tmp:
        # Mixed worlds of the evaluation seed family (never tuned on, issue 20); scheme-free
        # worlds of the development family, seeds 1–5.
        for scenario, seeds, family in (
            ("mixed", range(1, 6), "eval"),
            ("baseline", range(1, 6), "dev"),
        ):
            for seed in seeds:
                d = Path(tmp) / f"{scenario}{seed}"
                info = write_world(scenario, d / "w", seed=seed, scale=scale, family=family)
                ws = shadowtrade.open(d / "ws")
                ws.ingest(info.trade_file)
                alerts = run_scan(ws)
                rows = ws.raw.execute("SELECT count(*) FROM trade_flows").fetchone()
                ws.close()
                if scenario == "baseline":
                    base_rows += int(rows[0]) if rows else 0
                    for det, n in alerts[alerts.score >= 0.5].detector.value_counts().items():
                        base_alerts[str(det)] = base_alerts.get(str(det), 0) + int(n)
                    continue
                truth = load_truth(info.truth_file)
                ev = evaluate(alerts, truth)
                for det, own in alerts.groupby("detector"):
                    for k, (f, n) in evaluate(own, truth).recall.items():
                        cell = by_detector.setdefault((str(det), k), [0, 0])
                        cell[0] += f
                        cell[1] += n
                for k, (f, n) in ev.recall.items():
                    recall.setdefault(k, [0, 0])
                    recall[k][0] += f
                    recall[k][1] += n
                for k, (f, n) in ev.precision.items():
                    precision.setdefault(k, [0, 0])
                    precision[k][0] += f
                    precision[k][1] += n
    lines = [f"quality: mixed seeds 1–5 (eval family), baseline seeds 1–5, scale {scale}"]
    for k, (f, n) in sorted(recall.items()):
        lines.append(f"  recall {k:<18} {f:>3}/{n:<3} = {f / n:.2f} (target ≥ 0.9)")
    kinds = sorted(recall)
    lines.append("  recall by detector alone: " + ", ".join(kinds))
    for det in sorted({d for d, _ in by_detector}):
        cells = [by_detector.get((det, k), [0, recall[k][1]]) for k in kinds]
        lines.append(f"    {det:<18} " + "  ".join(f"{f:>2}/{n:<2}" for f, n in cells))
    tot_f = sum(f for f, _ in precision.values())
    tot_n = sum(n for _, n in precision.values())
    for k, (f, n) in sorted(precision.items()):
        lines.append(f"  alerts ≥ 0.5 matching a scheme {k:<18} {f:>3}/{n:<3} = {f / n:.2f}")
    lines.append(f"  all detectors: {tot_f}/{tot_n} = {tot_f / max(tot_n, 1):.2f} (target ≥ 0.8)")
    per_m = sum(base_alerts.values()) / base_rows * 1e6
    lines.append(
        f"  baseline: {sum(base_alerts.values())} alerts ≥ 0.5 in {base_rows:,} rows ="
        f" {per_m:.1f} per million (target ≤ 5); by detector {base_alerts or '{}'}"
    )
    return lines


def shipment_quality(scale: float) -> list[str]:
    """Shipment detectors on simulated consignments, seeds 1–5: recall per fraud kind."""
    import json

    import shadowtrade
    from shadowtrade.detect.alerts import run_scan
    from shadowtrade.formats.shipments import ingest_shipments
    from shadowtrade.synth.consignments import write_consignments
    from shadowtrade.synth.evaluate import evaluate_shipments

    recall: dict[str, list[int]] = {}
    precision: dict[str, list[int]] = {}
    consignments = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, 6):
            d = Path(tmp) / f"s{seed}"
            f, t = write_consignments(d, seed=seed, scale=scale)
            ws = shadowtrade.open(d / "ws")
            consignments += ingest_shipments(ws, f).accepted
            alerts = run_scan(ws, SHIPMENT_DETECTORS)
            ws.close()
            ev = evaluate_shipments(alerts, json.loads(t.read_text(encoding="utf-8")))
            for table, part in ((recall, ev.recall), (precision, ev.precision)):
                for k, (a, n) in part.items():
                    cell = table.setdefault(k, [0, 0])
                    cell[0] += a
                    cell[1] += n
    lines = [f"shipments: simulated consignments, seeds 1–5, {consignments:,} consignments"]
    for k, (a, n) in sorted(recall.items()):
        lines.append(f"  recall {k:<22} {a:>3}/{n:<3} = {a / n:.2f} (target ≥ 0.9)")
    for k, (a, n) in sorted(precision.items()):
        what = "of kind " + k[5:] if k.startswith("kind:") else "of detector " + k
        lines.append(
            f"  precision: alerts ≥ 0.5 {what:<34} matching a fraud {a:>3}/{n:<3} = {a / n:.2f}"
            + (" (target ≥ 0.8)" if k.startswith("kind:") else "")
        )
    return lines


def classifier_accuracy() -> list[str]:
    """The description classifier on the held-out labelled set and on simulated descriptions."""
    import pandas as pd

    from shadowtrade.classify.hs_text import hs_text_model
    from shadowtrade.synth.consignments import GIVEAWAY, simulate

    model = hs_text_model()
    held = pd.read_csv(ROOT / "tests" / "data" / "hs_descriptions_labelled.csv", dtype=str)
    lines = ["description classifier (top-1; targets: chapter ≥ 0.85, heading ≥ 0.7)"]

    def line(name: str, texts: list[str], truth: pd.Series) -> str:
        pred = model.predict(texts)["heading_1"]
        truth = truth.reset_index(drop=True)
        h = (pred == truth).mean()
        c = (pred.str.slice(0, 2) == truth.str.slice(0, 2)).mean()
        return f"  {name:<58} n={len(texts):>5}  chapter {c:.3f}  heading {h:.3f}"

    lines.append(line("held-out hand-labelled set (tests/data)", held["description"].tolist(),
                      held["heading"]))  # fmt: skip
    df, _ = simulate(1)
    bg = df[df["shipment_id"].str.startswith("C")].drop_duplicates("description")
    lines.append(line("simulated background descriptions (tariff-text variants)",
                      bg["description"].tolist(), bg["hs_code"].str.slice(0, 4)))  # fmt: skip
    give = [(t, h) for h, texts in GIVEAWAY.items() for t in texts]
    lines.append(line("simulated giveaway descriptions (hidden heading)", [t for t, _ in give],
                      pd.Series([h for _, h in give])))  # fmt: skip
    return lines


def shipment_speed() -> list[str]:
    """Ingest and scan of about 5 million simulated consignments, each step its own process."""
    d = CACHE / f"consignments_s{CONSIGNMENT_SCALE}"
    f = d / "shipments.csv"
    if not f.exists():
        code = (
            "from pathlib import Path; from shadowtrade.synth.consignments import"
            f" write_consignments as w; w(Path({str(d)!r}), seed=1, scale={CONSIGNMENT_SCALE})"
        )
        subprocess.run([PY, "-c", code], check=True)
    with f.open("rb") as fh:
        n = sum(1 for _ in fh) - 1
    ws = CACHE / "consignments-ws"
    shutil.rmtree(ws, ignore_errors=True)
    ingest_s, ingest_mb = run(
        [PY, "-m", "shadowtrade.cli", "ingest", str(f), "--format", "shipments",
         "--workspace", str(ws)]
    )  # fmt: skip
    det = [a for d in SHIPMENT_DETECTORS for a in ("--detector", d)]
    scan_s, scan_mb = run([PY, "-m", "shadowtrade.cli", "scan", *det, "--workspace", str(ws)])
    shutil.rmtree(ws, ignore_errors=True)
    total = ingest_s + scan_s
    return [
        f"shipments speed: {n:,} simulated consignments ({f.stat().st_size / 1e9:.2f} GB CSV)",
        f"  ingest --format shipments  {ingest_s:7.1f} s  peak {ingest_mb:6.0f} MB",
        f"  scan (4 shipment detectors) {scan_s:6.1f} s  peak {scan_mb:6.0f} MB",
        f"  together {total:7.1f} s = {total / 60:.1f} min, peak {max(ingest_mb, scan_mb):,.0f} MB"
        " (target: under 10 min and 8 GB for 5 M)",
    ]


def workspace_copy(rows: int, name: str = "scan-run") -> tuple[Path, int]:
    """A fresh copy of the cached baseline world's ingested workspace, and its row count."""
    f, n = world(rows)
    ws_dir = f.parent / "ws"
    if not (ws_dir / "shadowtrade.duckdb").exists():
        subprocess.run(
            [PY, "-m", "shadowtrade.cli", "ingest", str(f), "--workspace", str(ws_dir)], check=True
        )
    tmp = CACHE / name
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(ws_dir, tmp)
    return tmp, n


def floor(ws: Path) -> tuple[float, float]:
    """One DuckDB aggregation pass over trade_flows, into a table inside DuckDB (fetching
    millions of groups into Python would time the transfer, not the pass)."""
    db = str(ws / "shadowtrade.duckdb")
    floor_code = (
        f"import duckdb; c = duckdb.connect({db!r}); c.execute(\"SET memory_limit='3GB'\"); "
        'c.execute("CREATE TEMP TABLE floor AS SELECT reporter, partner, flow,'
        " substr(hs_code, 1, 6) AS code, period, sum(value_usd) AS v, sum(net_weight_kg) AS kg"
        ' FROM trade_flows GROUP BY ALL")'
    )
    return run([PY, "-c", floor_code])


def speed(rows: int) -> list[str]:
    tmp, n = workspace_copy(rows)
    db = str(tmp / "shadowtrade.duckdb")
    floor_s, floor_mb = floor(tmp)
    scan_s, scan_mb = run([PY, "-m", "shadowtrade.cli", "scan", "--workspace", str(tmp)])
    import duckdb

    with duckdb.connect(db, read_only=True) as c:
        got = c.execute(
            "SELECT detector, count(*) FROM alerts WHERE score >= 0.5 GROUP BY ALL"
        ).fetchall()
    high = sum(int(k) for _, k in got)
    compared = []
    for det in ("mirror_gap", "transshipment"):
        ibis_code = (
            f"import shadowtrade; from shadowtrade.detect import {det} as d; "
            f"ws = shadowtrade.open({str(tmp)!r}); "
            "d.candidates(ws, d.DETECTOR.params()).to_pandas()"
        )
        ibis_s, ibis_mb = run([PY, "-c", ibis_code])
        pandas_code = (
            f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import duckdb; "
            f"import pandas_reference as pr; from shadowtrade.detect import {det} as d; "
            f"c = duckdb.connect({db!r}, read_only=True); "
            f"pr.{det}(pr.load_flows(c), d.DETECTOR.params())"
        )
        pd_s, pd_mb = run([PY, "-c", pandas_code])
        compared += [
            f"  {det + ', Ibis on DuckDB':<36} {ibis_s:7.1f} s  peak {ibis_mb:6.0f} MB",
            f"  {det + ', pandas notebook':<36} {pd_s:7.1f} s  peak {pd_mb:6.0f} MB"
            f"  → Ibis {pd_s / ibis_s:.1f}x faster (target ≥ 10x at 10 M rows)",
        ]
    shutil.rmtree(tmp, ignore_errors=True)
    return [
        f"speed: baseline world, {n:,} rows",
        f"  floor: one DuckDB aggregation pass  {floor_s:7.1f} s  peak {floor_mb:6.0f} MB",
        f"  shadowtrade scan (all detectors)    {scan_s:7.1f} s  peak {scan_mb:6.0f} MB"
        f"  = {scan_s / floor_s:.1f}x the floor (target: under 300 s and 8 GB at 10 M rows)",
        f"  alerts ≥ 0.5 on this scheme-free world: {high} = {high / n * 1e6:.2f} per million"
        f" rows (target ≤ 5); by detector {dict(got) or '{}'}",
        *compared,
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--quality-scale", type=float, default=1.0)
    ap.add_argument("--skip-quality", action="store_true")
    args = ap.parse_args()
    lines = [] if args.skip_quality else [*quality(args.quality_scale), *shipment_quality(1.0)]
    if not args.skip_quality:
        from bench_korean import run as korean

        lines += [*classifier_accuracy(), *korean("Fraud")]
    print("\n".join(lines), flush=True)
    ship = shipment_speed()
    print("\n".join(ship), flush=True)
    lines += ship
    sp = speed(args.rows)
    print("\n".join(sp))
    lines += sp
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as fh:
        fh.write(
            f"\n### {date.today()} — detectors, {machine}\n\n```\n" + "\n".join(lines) + "\n```\n"
        )


if __name__ == "__main__":
    main()
