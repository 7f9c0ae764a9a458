"""A learned second reading of a country's role, for the texts the hand-written rules refuse.

The rules (`extract.py`) give a role only where a cue they know stands next to a country; each
fresh batch of allegations brought wordings they had not met ("waved through", "ending up in",
"par l'intermédiaire de"), and a third of their misses on first blind runs were whole texts
refused. This module scores each country mention as origin, intermediary, destination or none
with a linear model over the words around it (the tokens before and after, the mention's own
ending, which carries the case in the Slavic languages, and whether it is a name or a
demonym). The weights are a plain table, `reference/data/claim_role_weights.csv`, fitted by
`benchmarks/train_claim_roles.py` (scikit-learn's logistic regression) on the labelled
allegations whose errors have been read (dev and the seen held-out batches, never a batch
before its blind run), so a reading can be explained by the words that weighed most.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from shadowtrade.claims.places import Mention
from shadowtrade.reference.loaders import DATA_DIR

__all__ = ["ROLES", "RoleScore", "features", "score"]
ROLES = ("origin", "via", "destination", "none")
WEIGHTS_FILE = DATA_DIR / "claim_role_weights.csv"
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
BEFORE, AFTER = 5, 3  # tokens read on each side of a mention


@dataclass(frozen=True)
class RoleScore:
    """One mention's role probabilities and the features that pushed its best role most."""

    mention: Mention
    probs: dict[str, float]
    because: tuple[str, ...]

    @property
    def best(self) -> str:
        return max(self.probs, key=lambda r: self.probs[r])


def features(text: str, m: Mention, lang: str, order: int) -> list[str]:
    """The words around one mention, as named features (the same at training and use)."""
    before = [t.lower() for t in _TOKEN.findall(text[max(0, m.start - 80) : m.start])][-BEFORE:]
    after = [t.lower() for t in _TOKEN.findall(text[m.end : m.end + 60])][:AFTER]
    word = m.text.lower()
    out = [f"kind={m.kind}", f"order={min(order, 3)}", f"lang={lang}", "bias"]
    out += [f"suf2={lang}:{word[-2:]}", f"suf1={lang}:{word[-1:]}"]
    out += [f"b{i}={t}" for i, t in enumerate(reversed(before), 1) if i <= 2]
    out += [f"a{i}={t}" for i, t in enumerate(after, 1) if i <= 2]
    out += [f"B={t}" for t in before] + [f"A={t}" for t in after]
    if len(before) >= 2:
        out.append(f"bb={before[-2]}_{before[-1]}")
    if m.text[:1].islower():
        out.append("lower")
    return out


Weights = tuple[dict[str, dict[str, float]], dict[str, float]]


def read_weights(path: Path, comment: str | None = None) -> Weights:
    """A linear role table (feature, role, weight; '(intercept)' rows): per feature its weight
    for each role, and the intercepts (shared with the second stage, `stage.py`)."""
    table = pd.read_csv(path, dtype={"feature": str, "role": str, "weight": float},
                        keep_default_na=False, comment=comment)  # fmt: skip
    w: dict[str, dict[str, float]] = defaultdict(dict)
    intercept: dict[str, float] = dict.fromkeys(ROLES, 0.0)
    for f, r, x in table.itertuples(index=False):
        if f == "(intercept)":
            intercept[r] = x
        else:
            w[f][r] = x
    return dict(w), intercept


@cache
def _weights() -> Weights:
    return read_weights(WEIGHTS_FILE)


def score(text: str, m: Mention, lang: str, order: int) -> RoleScore:
    """Probabilities of the four roles for mention `m` (softmax of the table's linear sums)."""
    w, intercept = _weights()
    feats = [f for f in features(text, m, lang, order) if f in w]
    sums = {r: intercept[r] + sum(w[f].get(r, 0.0) for f in feats) for r in ROLES}
    top = max(sums.values())
    exp = {r: math.exp(s - top) for r, s in sums.items()}
    total = sum(exp.values())
    probs = {r: e / total for r, e in exp.items()}
    best = max(probs, key=lambda r: probs[r])
    because = tuple(sorted(feats, key=lambda f: -w[f].get(best, 0.0))[:3])
    return RoleScore(m, probs, because)
