"""Leave-one-batch-out measure of the learned role table inside the whole reading (issue 21).

For each seen held-out batch, the role table is refitted on every other seen text (dev and the
other seen batches) and the batch is read with it, so the table has not seen the batch (the
hand-written rules have: they were tuned on each batch after its blind run, so the rules' part is
an upper bound and the figure compares settings of the table, not the whole reading's accuracy).
Prints all-five-right claims and claimless texts refused per batch, for each setting of
`extract.END_OVER_NONE` given.

    python benchmarks/lobo_claim_roles.py [--end-over-none 0 2 ...] [--batches heldout4 ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_claims import FIRST_BLIND_RUN, load, score  # noqa: E402
from shadowtrade.claims import extract, roles  # noqa: E402
from train_claim_roles import examples, fit, write  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--end-over-none", nargs="*", type=float, default=[0.0])
    ap.add_argument(
        "--batches",
        nargs="*",
        default=[s for s in FIRST_BLIND_RUN if s not in ("heldout", "heldout2", "heldout3")],
    )
    args = ap.parse_args()
    rows = [r for r in load() if r["split"] in {"dev", *FIRST_BLIND_RUN}]
    feats, labels, groups = examples(rows)
    totals = {x: [0, 0, 0, 0] for x in args.end_over_none}
    with tempfile.TemporaryDirectory() as tmp:
        for g in args.batches:
            keep = [i for i, x in enumerate(groups) if x != g]
            vec, model = fit([feats[i] for i in keep], [labels[i] for i in keep])
            out = Path(tmp) / "weights.csv"
            write(vec, model, out)
            roles.WEIGHTS_FILE = out
            roles._weights.cache_clear()
            part = [r for r in rows if r["split"] == g]
            line = [f"{g:10s}"]
            for x in args.end_over_none:
                extract.END_OVER_NONE = x
                s = score(part, False)
                right = round(s["all five"] * s["claims"])
                for k, v in enumerate((right, s["claims"], s["refused"], s["no_claim"])):
                    totals[x][k] += v
                line.append(f"x={x:g}: {right}/{s['claims']}, refused {s['refused']}")
            print("  ".join(line), flush=True)
    for x, (a, b, c, d) in totals.items():
        print(f"END_OVER_NONE={x:g}: all five {a}/{b} = {a / b:.1%}; claimless refused {c}/{d}")


if __name__ == "__main__":
    main()
