"""Fit the learned role table (`claim_role_weights.csv`) on the allegations already seen.

Every country mention in a labelled text is one example: its role is the one the text's labels
give its country (origin, via, destination) or `none` (a text without a claim, a country outside
the route). Only the splits named on the command line are read (default: dev and every
held-out batch whose blind run is recorded in bench_claims.FIRST_BLIND_RUN); a batch not yet
run blind must never be among them. Prints a leave-one-batch-out accuracy of the mention roles.

    python benchmarks/train_claim_roles.py [--splits dev heldout ...] [--out FILE] [--cv]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from bench_claims import FIRST_BLIND_RUN, load  # noqa: E402
from shadowtrade.claims import places, roles  # noqa: E402
from shadowtrade.claims.extract import _sentences  # noqa: E402
from shadowtrade.claims.language import detect  # noqa: E402

C = 0.5  # inverse regularisation: a few hundred texts, thousands of word features
MIN_WEIGHT = 0.1  # weights below this are left out of the shipped table


def label_of(r: dict[str, Any], iso3: str) -> str:
    for c in r["claims"]:
        if c["origin"] == iso3:
            return "origin"
        if iso3 in c["via"]:
            return "via"
        if c["destination"] == iso3:
            return "destination"
    return "none"


def examples(rows: list[dict[str, Any]]) -> tuple[list[list[str]], list[str], list[str]]:
    feats, labels, groups = [], [], []
    for r in rows:
        lang = detect(r["text"])
        order = 0
        for s in _sentences(r["text"]):
            for m in places.mentions(s, lang):
                feats.append(roles.features(s, m, lang, order))
                labels.append(label_of(r, m.iso3))
                groups.append(r["split"])
                order += 1
    return feats, labels, groups


def fit(feats: list[list[str]], labels: list[str]) -> tuple[DictVectorizer, LogisticRegression]:
    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(f, 1) for f in feats])
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit(x, labels)
    return vec, model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--splits", nargs="*", default=["dev", *FIRST_BLIND_RUN])
    ap.add_argument("--out", type=Path, default=roles.WEIGHTS_FILE)
    ap.add_argument("--cv", action="store_true", help="leave-one-batch-out accuracy")
    args = ap.parse_args()
    rows = [r for r in load() if r["split"] in set(args.splits)]
    feats, labels, groups = examples(rows)
    print(f"{len(rows)} texts, {len(feats)} mentions from {len(set(groups))} splits")
    if args.cv:
        for g in sorted(set(groups) - {"dev"}):
            tr = [i for i, x in enumerate(groups) if x != g]
            te = [i for i, x in enumerate(groups) if x == g]
            vec, model = fit([feats[i] for i in tr], [labels[i] for i in tr])
            pred = model.predict(vec.transform([dict.fromkeys(feats[i], 1) for i in te]))
            ok = sum(p == labels[i] for p, i in zip(pred, te, strict=True))
            print(f"  {g:10s} mention roles right {ok}/{len(te)} = {ok / len(te):.1%}")
    vec, model = fit(feats, labels)
    write(vec, model, args.out)
    print(f"wrote {args.out}")


def write(vec: DictVectorizer, model: LogisticRegression, out: Path) -> None:
    """The weights as a table: feature, role, weight (the intercepts as feature "(intercept)")."""
    names = vec.get_feature_names_out()
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["feature", "role", "weight"])
        for k, role in enumerate(model.classes_):
            w.writerow(["(intercept)", role, f"{model.intercept_[k]:.4f}"])
            for j in range(len(names)):
                if abs(model.coef_[k, j]) >= MIN_WEIGHT:
                    w.writerow([names[j], role, f"{model.coef_[k, j]:.4f}"])


if __name__ == "__main__":
    main()
