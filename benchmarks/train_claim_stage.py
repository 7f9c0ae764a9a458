"""Fit the second stage of the allegation reading (`claim_stage_weights.csv`, claims/stage.py).

One example per (hypothesis the rules give, country the text names): its features are
`stage.example`'s (the rules' role of the country in that hypothesis, the role table's
probabilities, mention kind, count and order, other hypotheses' roles, the words around it), its
label the country's role in the labelled claim that hypothesis is paired with (the pairing of
`bench_claims.match`: each labelled claim takes the free hypothesis with most fields right).
Only the outside batches heldout120-127 are read by default: the rules were tuned by hand on
every batch before them, where the rules' role looks far more reliable than it is on new text
(`--seen` adds them, each feature read twice, shared and per kind of batch; the shipped table is
fitted without). The countries are `extract.stage_mentions`' (route mentions, dateline off), a
country another hypothesis of the text has left out (`stage.candidates`).

`--lobo` measures leave-one-batch-out (fit on seven of the batches, read the eighth): claims with
all five fields right and each field, rules alone against rules + second stage. `--check SPLIT..`
reads other splits with the table fitted on all the batches (none of them trained on).

    python benchmarks/train_claim_stage.py [--lobo] [--check dev heldout ...] [--out FILE]
        [--cache FILE.pkl]  # the rules' hypotheses by text id, to skip re-reading (development)
"""

from __future__ import annotations

import argparse
import csv
import pickle
import sys
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from bench_claims import FIELDS, field_right, load  # noqa: E402
from shadowtrade.claims import stage  # noqa: E402
from shadowtrade.claims.extract import Hypothesis, extract_all, stage_mentions  # noqa: E402
from shadowtrade.claims.language import detect  # noqa: E402

BATCHES = [f"heldout{n}" for n in range(120, 128)]
C = 0.3  # inverse regularisation: about 2,000 examples, a few thousand features
MIN_WEIGHT = 0.005  # weights below this are left out of the shipped table
Weights = tuple[dict[str, dict[str, float]], dict[str, float]]


def pairs(labels: list[dict[str, Any]], hyps: list[Hypothesis]) -> list[Hypothesis | None]:
    """bench_claims.match's pairing: per labelled claim, its hypothesis (None: none left)."""
    out: list[Hypothesis | None] = []
    free = list(hyps)
    for label in labels:
        if not free:
            out.append(None)
            continue
        best = max(free, key=lambda h: sum(field_right(label, h).values()))
        free.remove(best)
        out.append(best)
    return out


def role_in(label: dict[str, Any], iso3: str) -> str:
    if label["origin"] == iso3:
        return "origin"
    if label["destination"] == iso3:
        return "destination"
    return "via" if iso3 in label["via"] else "none"


def rules(rows: list[dict[str, Any]], cache: Path | None) -> dict[str, list[Hypothesis]]:
    """The rules' hypotheses of each text (the second stage off)."""
    got: dict[str, Any] = pickle.loads(cache.read_bytes()) if cache else {}
    out = {}
    for r in rows:
        if r["id"] not in got:
            today = date.fromisoformat(r["date"])
            got[r["id"]] = extract_all(r["text"], today=today, second_stage=False)
        x = got[r["id"]]
        out[r["id"]] = x if isinstance(x, list) else []
    return out


_FOUND: dict[str, dict[str, stage.Country]] = {}


def found_in(r: dict[str, Any]) -> dict[str, stage.Country]:
    if r["id"] not in _FOUND:
        lang = detect(r["text"])
        read = stage_mentions(r["text"], lang, date.fromisoformat(r["date"]))
        _FOUND[r["id"]] = stage.countries(read, lang)
    return _FOUND[r["id"]]


def examples(
    rows: list[dict[str, Any]], hyps: dict[str, list[Hypothesis]]
) -> tuple[list[dict[str, float]], list[str], list[str]]:
    feats, labels, groups = [], [], []
    for r in rows:
        hs = hyps[r["id"]]
        if not r["claims"] or not hs:
            continue
        lang = detect(r["text"])
        found = found_in(r)
        if not stage.applies(hs, found):
            continue
        for label, h in zip(r["claims"], pairs(r["claims"], hs), strict=True):
            if h is None:
                continue
            for x, c in stage.candidates(h, found, hs).items():
                feats.append(stage.example(h, c, stage.candidates(h, found, hs), hs, lang))
                labels.append(role_in(label, x))
                groups.append(r["split"])
    return feats, labels, groups


def fit(
    feats: list[dict[str, float]], labels: list[str], c: float = C, seen: list[bool] | None = None
) -> Weights:
    """Multinomial logistic regression. With `seen` (a flag per example: from a batch the rules
    were tuned on), every feature is read twice, once shared and once for its kind of batch
    (seen or outside), so the outside batches' own weights can differ where the rules' role is
    less reliable on them; the table keeps the shared weight plus the outside one (a new text is
    an outside one)."""
    if seen is not None:
        feats = [{**f, **{f"{'seen' if s else 'new'}|{k}": v for k, v in f.items()}}
                 for f, s in zip(feats, seen, strict=True)]  # fmt: skip
    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, labels)
    names = vec.get_feature_names_out()
    w: dict[str, dict[str, float]] = {}
    intercept = dict.fromkeys(("origin", "via", "destination", "none"), 0.0)
    for k, role in enumerate(model.classes_):
        intercept[role] = float(model.intercept_[k])
        raw: dict[str, float] = {}
        for j, name in enumerate(names):
            if str(name).startswith("seen|"):
                continue
            key = str(name).removeprefix("new|")
            raw[key] = raw.get(key, 0.0) + float(model.coef_[k, j])
        for key, x in raw.items():
            if abs(x) >= MIN_WEIGHT:
                w.setdefault(key, {})[role] = x
    return w, intercept


def corrected(
    r: dict[str, Any], hs: list[Hypothesis], weights: Weights, margin: float
) -> list[Hypothesis]:
    """The text's hypotheses with their routes as the second stage (these weights) reads them."""
    lang = detect(r["text"])
    found = found_in(r)
    if not hs or not stage.applies(hs, found):
        return hs
    out = []
    for h in hs:
        cands = stage.candidates(h, found, hs)
        probs, why = {}, {}
        for x, c in cands.items():
            probs[x], why[x] = stage.probabilities(stage.example(h, c, cands, hs, lang), weights)
        got = stage.assemble(h, cands, probs, why, margin)
        if got is not None:
            h = replace(h, origin=got.origin, via=got.via, destination=got.destination)
        out.append(h)
    return out


def tally(rows: list[dict[str, Any]], hyps: dict[str, list[Hypothesis]]) -> Counter[str]:
    right: Counter[str] = Counter()
    for r in rows:
        for label, h in zip(r["claims"], pairs(r["claims"], hyps[r["id"]]), strict=True):
            right["claims"] += 1
            if h is None:
                continue
            ok = field_right(label, h)
            right.update(f for f in FIELDS if ok[f])
            right["all five"] += all(ok[f] for f in FIELDS)
    return right


def show(name: str, before: Counter[str], after: Counter[str]) -> None:
    n = before["claims"]
    cells = "  ".join(f"{f} {before[f]}->{after[f]}" for f in (*FIELDS, "all five"))
    print(f"  {name:11s} {n:4d} claims  {cells}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lobo", action="store_true", help="leave-one-batch-out over the batches")
    ap.add_argument(
        "--seen", action="store_true", help="also fit on the batches the rules were tuned on"
    )
    ap.add_argument("--check", nargs="*", default=[], help="other splits to read (not fitted)")
    ap.add_argument("--cache", type=Path, action="append", default=[])
    ap.add_argument("--margin", type=float, default=0.0)
    ap.add_argument("--C", type=float, default=C)
    ap.add_argument("--out", type=Path, default=stage.WEIGHTS_FILE)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    every = load()
    rows = [r for r in every if r["split"] in BATCHES]
    seen_rows = [r for r in every if r["split"] not in BATCHES] if args.seen else []
    cache: dict[str, Any] = {}
    for f in args.cache:
        cache.update(pickle.loads(f.read_bytes()))
    tmp = Path("/tmp") / "claim_stage_cache.pkl"
    if cache:
        tmp.write_bytes(pickle.dumps(cache))
    hyps = rules(rows + seen_rows, tmp if cache else None)
    feats, labels, groups = examples(rows + seen_rows, hyps)
    seen = [g not in BATCHES for g in groups] if args.seen else None
    print(f"{len(rows)} texts of {len(BATCHES)} batches (+{len(seen_rows)} seen), "
          f"{len(feats)} examples ({Counter(labels)})")  # fmt: skip

    def fitted(keep: list[int]) -> Weights:
        flags = [seen[i] for i in keep] if seen else None
        return fit([feats[i] for i in keep], [labels[i] for i in keep], args.C, flags)

    if args.lobo:
        total_b: Counter[str] = Counter()
        total_a: Counter[str] = Counter()
        for g in BATCHES:
            weights = fitted([i for i, x in enumerate(groups) if x != g])
            test = [r for r in rows if r["split"] == g]
            after = {r["id"]: corrected(r, hyps[r["id"]], weights, args.margin) for r in test}
            b, a = tally(test, hyps), tally(test, after)
            show(g, b, a)
            total_b += b
            total_a += a
        show("all eight", total_b, total_a)
    weights = fitted(list(range(len(feats))))
    if args.check:
        check = [r for r in every if r["split"] in set(args.check)]
        chyps = rules(check, tmp if cache else None)
        after = {r["id"]: corrected(r, chyps[r["id"]], weights, args.margin) for r in check}
        show("check", tally(check, chyps), tally(check, after))
    if not args.no_write:
        write(weights, args.out, len(rows), len(feats), args)
        print(f"wrote {args.out}")


def write(weights: Weights, out: Path, texts: int, n: int, args: argparse.Namespace) -> None:
    """The weights as a table: feature, role, weight (the intercepts as feature "(intercept)")."""
    w, intercept = weights
    seen = " plus the seen batches dev-heldout119, flagged (--seen)" if args.seen else ""
    with out.open("w", newline="", encoding="utf-8") as fh:
        fh.write(
            f"# fitted by benchmarks/train_claim_stage.py (LogisticRegression, C={args.C}) "
            f"on {BATCHES[0]}-{BATCHES[-1]} ({texts} texts){seen}: {n} examples\n"
        )
        out_csv = csv.writer(fh)
        out_csv.writerow(["feature", "role", "weight"])
        for role, x in intercept.items():
            out_csv.writerow(["(intercept)", role, f"{x:.4f}"])
        for f in sorted(w):
            for role, x in w[f].items():
                out_csv.writerow([f, role, f"{x:.4f}"])


if __name__ == "__main__":
    main()
