"""Goods description → HS heading, learnt from the HS nomenclature's own texts.

A declaration's free-text description is the one field a falsifier writes for a reader, and it
often gives away goods the declared code does not name. This model reads the description and
ranks the 1,229 HS 2022 headings. It trains, in a few seconds and without downloads, on:

- every heading's and subheading's legal text (`hs2022.csv`), with the clauses that name what
  a code is *not* ("other than …", "excluding …", "n.e.c.") removed so that they do not teach
  the opposite;
- the trade names of goods under each heading (`hs_trade_terms.csv`, Shadowtrade's list of how
  goods are called on invoices: "riflescope", "lipo battery", "smokeless powder").

Words and character n-grams (robust to plurals, spelling and run-together calibres) feed a
linear support-vector machine; the score of a heading is its decision value, and the words
behind it are the largest products of weight and feature, so every prediction can be explained.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Sequence
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from shadowtrade.reference.loaders import DATA_DIR, hs_nomenclature

TERMS_FILE = DATA_DIR / "hs_trade_terms.csv"
MODEL_VERSION = "2"
PRUNE = 0.01

_NEGATIVE_CLAUSE = re.compile(
    r"\b(other than|excluding|not including|except|but not)\b[^;:]*", re.IGNORECASE
)
_BOILERPLATE = re.compile(
    r"\b(n\.?e\.?c|n\.?e\.?s|nes|whether or not|heading no\.?|chapter|n\.?o\.?s)\b\.?",
    re.IGNORECASE,
)
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[a-zA-Z])|(?<=[a-zA-Z])(?=\d)")


_PACKING = re.compile(
    r"\b(packed\s+)?(in|on)\s+(bulk|cartons?|boxes|box|pallets?|bags|sacks|drums|crates|cases"
    r"|containers?|rolls|coils|bundles|reels)\b",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """Lower case, packing phrases dropped ('… IN CARTONS' says how, not what), digits
    parted from letters ('155MM' → '155 mm'), punctuation to spaces."""
    t = _DIGIT_LETTER.sub(" ", _PACKING.sub(" ", str(text))).lower()
    return re.sub(r"[^\w.%]+", " ", t).strip()


def legal_text(text: str) -> str:
    """An HS text without the clauses that describe what its code excludes."""
    return _BOILERPLATE.sub(" ", _NEGATIVE_CLAUSE.sub(" ", text))


def trade_terms() -> pd.DataFrame:
    """Trade names per heading: columns heading, term (one row per term)."""
    df = pd.read_csv(TERMS_FILE, dtype=str, keep_default_na=False)
    df["term"] = df["terms"].str.split("|")
    out = df.explode("term")[["heading", "term"]]
    out = out[out["term"].str.strip() != ""]
    return out.reset_index(drop=True)


def training_corpus() -> pd.DataFrame:
    """Texts and their heading: headings, subheadings (legal text) and trade terms."""
    hs = hs_nomenclature()
    heads = hs[hs["level"] == "4"]
    subs = hs[hs["level"] == "6"]
    parts = [
        pd.DataFrame({"text": heads["description"].map(legal_text), "heading": heads["hscode"]}),
        pd.DataFrame({"text": subs["description"].map(legal_text), "heading": subs["parent"]}),
        trade_terms().rename(columns={"term": "text"}),
    ]
    corpus = pd.concat(parts, ignore_index=True)
    corpus["text"] = corpus["text"].map(normalise)
    return corpus[corpus["text"] != ""].reset_index(drop=True)


class HsTextModel:
    """A fitted description → heading classifier."""

    def __init__(self) -> None:
        # scikit-learn loads in about a second: only scans that read descriptions pay for it.
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion

        self.features = FeatureUnion(
            [
                (
                    "words",
                    TfidfVectorizer(
                        ngram_range=(1, 2),
                        sublinear_tf=True,
                        token_pattern=r"(?u)\b[a-z][a-z\-]+\b",
                    ),
                ),
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char_wb", ngram_range=(3, 4), sublinear_tf=True, min_df=2
                    ),
                ),
            ]
        )
        self.headings: np.ndarray = np.array([])
        self.weights = sp.csr_matrix((0, 0), dtype=np.float32)
        self.bias: np.ndarray = np.array([])

    def fit(self, corpus: pd.DataFrame) -> HsTextModel:
        """One linear SVM per heading (one against the rest, on both cores); weights below
        PRUNE are dropped, which keeps the model a few MB instead of 1,229 dense rows."""
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.svm import LinearSVC

        x = self.features.fit_transform(corpus["text"])
        svm = OneVsRestClassifier(LinearSVC(C=0.7), n_jobs=2).fit(x, corpus["heading"])
        coef = np.vstack([e.coef_ for e in svm.estimators_]).astype(np.float32)
        coef[np.abs(coef) < PRUNE] = 0.0
        self.weights = sp.csr_matrix(coef)
        self.bias = np.array([float(e.intercept_[0]) for e in svm.estimators_], dtype=np.float32)
        self.headings = np.asarray(svm.classes_)
        return self

    def scores(self, descriptions: Sequence[str]) -> np.ndarray:
        """Decision values: one row per description, one column per heading."""
        x = self.features.transform([normalise(d) for d in descriptions])
        return np.asarray((x @ self.weights.T).toarray() + self.bias)

    def predict(self, descriptions: Sequence[str], *, top: int = 2) -> pd.DataFrame:
        """heading_1…heading_top and score_1…score_top for each description, best first."""
        return self.top_of(self.scores(descriptions), top=top)

    def best_among(self, descriptions: Sequence[str], headings: Sequence[str]) -> pd.DataFrame:
        """The best-scoring heading among `headings` (e.g. the controlled ones) and its score."""
        return self.best_of(self.scores(descriptions), headings)

    def top_of(self, scores: np.ndarray, *, top: int = 2) -> pd.DataFrame:
        """`predict` from a matrix of `scores` already computed."""
        order = np.argsort(-scores, axis=1)[:, :top]
        out = {}
        for k in range(top):
            out[f"heading_{k + 1}"] = self.headings[order[:, k]]
            out[f"score_{k + 1}"] = np.take_along_axis(scores, order[:, k : k + 1], axis=1)[:, 0]
        return pd.DataFrame(out)

    def best_of(self, scores: np.ndarray, headings: Sequence[str]) -> pd.DataFrame:
        """`best_among` from a matrix of `scores` already computed."""
        cols = np.flatnonzero(np.isin(self.headings, list(headings)))
        s = scores[:, cols]
        i = np.argmax(s, axis=1)
        return pd.DataFrame({"heading": self.headings[cols][i], "score": s[np.arange(len(i)), i]})

    def score_of(self, descriptions: Sequence[str], headings: Sequence[str]) -> np.ndarray:
        """Each description's score for its paired heading (−inf for an unknown heading)."""
        col = {h: i for i, h in enumerate(self.headings)}
        idx = np.array([col.get(h, -1) for h in headings])
        s = self.scores(descriptions)
        out = s[np.arange(len(idx)), np.maximum(idx, 0)]
        return np.where(idx >= 0, out, -np.inf)

    @cached_property
    def feature_names(self) -> np.ndarray:
        """Names of the features ("words__…", "chars__…"), built once per model."""
        return np.asarray(self.features.get_feature_names_out())

    def explain(self, description: str, heading: str, *, n: int = 4) -> list[str]:
        """The words and fragments of `description` that most raise `heading`'s score."""
        x = self.features.transform([normalise(description)]).tocsr()
        k = int(np.flatnonzero(self.headings == heading)[0])
        w = self.weights[k].toarray().ravel()
        contrib = x.data * w[x.indices]
        names = [str(n).split("__", 1) for n in self.feature_names[x.indices]]
        # Whole words read as reasons; character fragments only where no word helped, and
        # only fragments of four characters or more.
        positive = [i for i in range(len(contrib)) if contrib[i] > 0]
        words = [i for i in positive if names[i][0] == "words"]
        chars = [i for i in positive if len(names[i][1].strip()) >= 4]
        order = sorted(words or chars, key=lambda i: -contrib[i])
        seen: list[str] = []
        for i in order:
            wd = names[i][1].strip()
            if wd and not any(wd in s or s in wd for s in seen):
                seen.append(wd)
            if len(seen) == n:
                break
        return seen


def _fingerprint() -> str:
    h = hashlib.sha256(MODEL_VERSION.encode())
    for f in (DATA_DIR / "hs2022.csv", TERMS_FILE):
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def model_cache_dir() -> Path:
    """Where fitted models are kept: $SHADOWTRADE_CACHE, else ~/.cache/shadowtrade."""
    root = os.environ.get("SHADOWTRADE_CACHE") or Path.home() / ".cache" / "shadowtrade"
    return Path(root) / "models"


def hs_text_model() -> HsTextModel:
    """The fitted model: from memory, else from the cache when its training data has not
    changed (the file name carries a hash of it), else fitted now (about 20 s) and cached."""
    return _load(model_cache_dir() / f"hs_text_{_fingerprint()}.pkl")


@cache
def _load(path: Path) -> HsTextModel:
    if path.exists():
        with path.open("rb") as fh:
            model: HsTextModel = pickle.load(fh)
        return model
    model = HsTextModel().fit(training_corpus())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(model, fh)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home: the model is refitted next run, nothing is lost
    return model
