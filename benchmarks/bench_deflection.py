"""The deflection detector on real data: the Eurostat data-browser downloads of EU exports of the
export-ban codes (Council Regulation (EU) 833/2014) to Russia and its neighbours, 2020-01…2022-11
(`../shared/data/eurostat-export-ban-codes/`, 19 files, about 1.0 M monthly values).

Prints the shocked destinations, how many exporter–code–neighbour triples are flagged (and at
≥ 0.5), by neighbour, and what became of the triples whose exports to the neighbour were already
substantial (≥ 10,000 USD a month) before the shock: flat ones (× 0.67–1.5) must not be flagged.
Figures are appended to docs/benchmarks.md by hand (the sample checked against the raw sheets).

    python benchmarks/bench_deflection.py [--workspace DIR]   (ingests the files if DIR is new)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "eurostat-export-ban-codes"


def main() -> None:
    import pandas as pd

    import shadowtrade
    from shadowtrade.detect import deflection as dfl
    from shadowtrade.scanning import run_scan

    ap = argparse.ArgumentParser()
    ap.add_argument("--workspace", type=Path, default=None)
    args = ap.parse_args()
    root = args.workspace or Path(tempfile.mkdtemp()) / "ws"
    fresh = not (root / "shadowtrade.duckdb").exists()
    ws = shadowtrade.open(root)
    if fresh:
        t = time.perf_counter()
        for f in sorted(DATA.glob("*.xlsx")):
            ws.ingest(f)
        print(f"ingested {len(list(DATA.glob('*.xlsx')))} files in {time.perf_counter() - t:.0f} s")
    rows = ws.raw.execute("SELECT count(*) FROM trade_flows").fetchone()
    t = time.perf_counter()
    alerts = run_scan(ws, ["deflection"])
    took = time.perf_counter() - t
    p = dfl.DETECTOR.params(
        {"min_ratio": "1e-12", "min_rise_usd": "-1e12", "min_months_flowing": "0"}
    )
    with ws.sharing():
        every, shocked = dfl.candidates(ws, p)
        allt = every.to_pandas() if every is not None else pd.DataFrame()
    ws.close()
    print(f"{rows[0] if rows else 0:,} monthly rows; deflection scan {took:.1f} s")
    print("shocked destinations:")
    for s in shocked.itertuples():
        month = dfl._from_index(int(s.shock))
        print(
            f"  {s.dest} from {month:%Y-%m}: {s.before / 1e6:,.0f} → {s.after / 1e6:,.0f} M USD a"
            f" month ({s.ratio:.2f}), {s.exporters} exporters fell"
        )
    high = alerts[alerts.score >= 0.5]
    print(f"triples flagged: {len(alerts):,}, of which ≥ 0.5: {len(high):,}")
    print(f"  exporters {alerts.origin.nunique()}, codes {alerts.hs_code.nunique()}")
    by = alerts.groupby("via").agg(
        n=("alert_id", "size"), high=("score", lambda s: (s >= 0.5).sum())
    )
    for via, r in by.sort_values("n", ascending=False).iterrows():
        print(f"  to {via}: {r.n:,} triples, {r.high:,} ≥ 0.5")
    if allt.empty:
        return
    for c in ("reporter", "code", "partner"):
        allt[c] = allt[c].astype(str)
    flagged = set(zip(alerts.origin, alerts.hs_code, alerts.via, strict=True))
    allt["flagged"] = [
        (r, c, n) in flagged for r, c, n in zip(allt.reporter, allt.code, allt.partner, strict=True)
    ]
    print(f"triples whose code's flow to the destination collapsed: {len(allt):,}")
    big = allt[allt.b >= 10_000]
    ratio = big.a / big.b
    for name, m in (
        ("fell (< × 0.67)", ratio < 2 / 3),
        ("flat (× 0.67–1.5)", (ratio >= 2 / 3) & (ratio <= 1.5)),
        ("rose (> × 1.5)", ratio > 1.5),
    ):
        print(
            f"  neighbour ≥ 10,000 USD a month before, {name}: {int(m.sum()):,},"
            f" flagged {int(big[m].flagged.sum()):,}"
        )


if __name__ == "__main__":
    main()
