"""Entity resolution of shipment parties (splink): pairwise precision, recall and F1 against the
simulated worlds' truth of which spellings are one firm (`firm_spellings`), seeds 1–5."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from shadowtrade.entities import screening_benchmark as sb
from shadowtrade.entities.resolution import pairwise_scores, party_records, resolve
from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.synth.consignments import write_consignments
from shadowtrade.workspace import open_workspace

SEEDS = (1, 2, 3, 4, 5)
HARDER = "--harder" in sys.argv


def _harder(
    records: pd.DataFrame, truth: list[set[tuple[str, str]]], rng: np.random.Generator
) -> tuple[pd.DataFrame, list[set[tuple[str, str]]]]:
    """A third spelling of every firm already written two ways: its Latin name with a typing
    slip, another legal form, or case and punctuation changed (as a clerk would type it)."""
    extra, groups = [], []
    present = set(zip(records["party"], records["country"], strict=True))
    by_key = records.set_index(["party", "country"])
    for group in truth:
        members = sorted(group & present)
        if not members:
            groups.append(group)
            continue
        name, country = next((m for m in members if m[0].isascii()), members[0])
        third = sb.variant(name, "LegalEntity", [], rng)
        if (third, country) in present or third == name:
            groups.append(group)
            continue
        row = by_key.loc[(name, country)]
        extra.append({"party": third, "country": country, "consignments": 1,
                      "partner_names": list(row["partner_names"])[:1]})  # fmt: skip
        groups.append(group | {(third, country)})
    return pd.concat([records, pd.DataFrame(extra)], ignore_index=True), groups


def main() -> None:
    totals = {"tp": 0.0, "found": 0, "true": 0}
    for seed in SEEDS:
        with tempfile.TemporaryDirectory() as d:
            f, truth_file = write_consignments(Path(d), seed=seed)
            ws = open_workspace(Path(d) / "ws")
            try:
                ingest_shipments(ws, f)
                records = party_records(ws)
            finally:
                ws.close()
            doc = json.loads(truth_file.read_text(encoding="utf-8"))
            truth = [{(n, s["country"]) for n in s["names"]} for s in doc["firm_spellings"]]
            if HARDER:
                records, truth = _harder(records, truth, np.random.default_rng(seed))
            started = time.perf_counter()
            resolved, _ = resolve(records)
            seconds = time.perf_counter() - started
            s = pairwise_scores(resolved, truth)
            totals["tp"] += s["precision"] * s["found_pairs"]
            totals["found"] += int(s["found_pairs"])
            totals["true"] += int(s["true_pairs"])
            print(f"seed {seed}: {len(records):,} party spellings, {s['true_pairs']:.0f} true"
                  " pairs,"
                  f" precision {s['precision']:.3f} recall {s['recall']:.3f} F1 {s['f1']:.3f}"
                  f" ({seconds:.1f}s)")  # fmt: skip
    p = totals["tp"] / max(1, totals["found"])
    r = totals["tp"] / max(1, totals["true"])
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"all seeds: pairwise precision {p:.3f}, recall {r:.3f}, F1 {f1:.3f} (target ≥ 0.9)")


if __name__ == "__main__":
    main()
