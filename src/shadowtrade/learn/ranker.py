"""Rank consignments for inspection by what past outcomes teach.

Customs services inspect a few percent of declarations; the results (fraud found or not) are
labels. A gradient-boosting model (scikit-learn's histogram gradient boosting) learns from them
which declarations to open next. What it sees, besides the declaration's own fields:

- **history** of each party and code — the smoothed share of fraud among earlier labelled
  declarations of the same importer, exporter, declarant, HS code, origin … (target encoding,
  out-of-fold on the training rows so that a row never sees its own label);
- **unit value**: log USD per kg and its robust z against the code's and the origin–code
  route's prices (as `consignment_anomaly` computes them);
- **detector scores**, where the unsupervised detectors flagged the consignment.

Each score comes with the features behind it: the drop in score when a feature is set to its
typical value (occlusion), largest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

RATES = (0.01, 0.02, 0.05, 0.10)
SMOOTHING = 20.0  # pseudo-count pulling a rare key's fraud rate toward the overall rate
FOLDS = 5
MAD_TO_SIGMA = 1.4826
MIN_SIGMA = 0.35


@dataclass
class Columns:
    """Which columns of a declaration table play which part."""

    label: str
    categorical: list[str]
    numeric: list[str]
    history: list[str]  # keys whose past fraud rate is learnt
    code: str | None = None  # HS code (for unit-value norms)
    origin: str | None = None
    value: str | None = None
    weight: str | None = None
    extra: list[str] = field(default_factory=list)  # precomputed features (detector scores)


def _rate_table(keys: pd.Series, y: pd.Series, prior: float) -> pd.DataFrame:
    g = (
        pd.DataFrame({"k": keys.to_numpy(), "y": y.to_numpy()})
        .groupby("k")["y"]
        .agg(["sum", "count"])
    )
    g["rate"] = (g["sum"] + SMOOTHING * prior) / (g["count"] + SMOOTHING)
    return g


def history_out_of_fold(train: pd.DataFrame, cols: Columns) -> pd.DataFrame:
    """Fraud rate and count per history key on `train`, each row from the other folds."""
    y = train[cols.label].astype(float)
    prior = float(y.mean())
    fold = np.random.default_rng(0).integers(0, FOLDS, size=len(train))
    out = {}
    for key in cols.history:
        k = train[key].astype(str)
        rate, count = np.full(len(train), prior), np.zeros(len(train))
        for f in range(FOLDS):
            inside = fold == f
            t = _rate_table(k[~inside], y[~inside], prior)
            rate[inside] = k[inside].map(t["rate"]).fillna(prior).to_numpy()
            count[inside] = k[inside].map(t["count"]).fillna(0).to_numpy()
        out[f"{key}__fraud_rate"], out[f"{key}__seen"] = rate, count
    return pd.DataFrame(out, index=train.index)


def history_from(train: pd.DataFrame, other: pd.DataFrame, cols: Columns) -> pd.DataFrame:
    """Fraud rate and count per history key on `other`, learnt from all of `train`."""
    y = train[cols.label].astype(float)
    prior = float(y.mean())
    out = {}
    for key in cols.history:
        t = _rate_table(train[key].astype(str), y, prior)
        k = other[key].astype(str)
        out[f"{key}__fraud_rate"] = k.map(t["rate"]).fillna(prior).to_numpy()
        out[f"{key}__seen"] = k.map(t["count"]).fillna(0).to_numpy()
    return pd.DataFrame(out, index=other.index)


def history_features(
    train: pd.DataFrame, other: pd.DataFrame, cols: Columns
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fraud rate and count per history key: out-of-fold on `train`, from all of it on `other`."""
    return history_out_of_fold(train, cols), history_from(train, other, cols)


def _key(df: pd.DataFrame, keys: list[str]) -> pd.Series:
    out = df[keys[0]].astype(str)
    for k in keys[1:]:
        out = out + "|" + df[k].astype(str)
    return out


def unit_value_features(train: pd.DataFrame, frame: pd.DataFrame, cols: Columns) -> pd.DataFrame:
    """log USD/kg of `frame` and its robust z against the code's and the route's prices, the
    norms learnt from `train`."""
    if not (cols.code and cols.value and cols.weight):
        return pd.DataFrame(index=frame.index)
    value, weight = cols.value, cols.weight

    def luv(df: pd.DataFrame) -> pd.Series:
        v = pd.to_numeric(df[value], errors="coerce")
        w = pd.to_numeric(df[weight], errors="coerce")
        return pd.Series(np.log(v.where(v > 0) / w.where(w > 0)), index=df.index)

    lt, lf = luv(train), luv(frame)
    feats = {"log_usd_per_kg": lf.to_numpy()}
    groups = [("code", [cols.code])]
    if cols.origin:
        groups.append(("route", [cols.origin, cols.code]))
    for name, keys in groups:
        known = pd.DataFrame({"k": _key(train, keys), "l": lt}).dropna()
        med = known.groupby("k")["l"].median()
        mad = (known["l"] - known["k"].map(med)).abs().groupby(known["k"]).median()
        kf = _key(frame, keys)
        m = kf.map(med).astype(float).to_numpy()
        sd = np.maximum(kf.map(mad).astype(float).to_numpy() * MAD_TO_SIGMA, MIN_SIGMA)
        feats[f"uv_z_{name}"] = (lf.to_numpy(dtype=float) - m) / sd
    return pd.DataFrame(feats, index=frame.index)


def _raw(df: pd.DataFrame, cols: Columns, cats: dict[str, pd.Index]) -> pd.DataFrame:
    x = pd.DataFrame(index=df.index)
    for c in cols.categorical:
        x[c] = pd.Categorical(df[c].astype(str), categories=cats[c]).codes.astype(float)
        x.loc[x[c] < 0, c] = np.nan
    for c in cols.numeric:
        x[c] = pd.to_numeric(df[c], errors="coerce")
    for c in cols.extra:
        x[c] = pd.to_numeric(df[c], errors="coerce").fillna(0.0)
    return x


def _categories(train: pd.DataFrame, cols: Columns, max_levels: int) -> dict[str, pd.Index]:
    """Each categorical's most frequent levels (HistGradientBoosting takes at most 255)."""
    return {
        c: pd.Index(train[c].astype(str).value_counts().index[:max_levels])
        for c in cols.categorical
    }


@dataclass
class Ranker:
    """A fitted inspection ranker; `plain` = raw columns only (the baseline)."""

    cols: Columns
    plain: bool = False
    model: HistGradientBoostingClassifier | None = None
    train: pd.DataFrame | None = None
    cats: dict[str, pd.Index] = field(default_factory=dict)
    features: list[str] = field(default_factory=list)
    typical: pd.Series | None = None

    def _features(self, df: pd.DataFrame, *, fitting: bool) -> pd.DataFrame:
        assert self.train is not None
        x = _raw(df, self.cols, self.cats)
        if self.plain:
            return x
        h = (
            history_out_of_fold(self.train, self.cols)
            if fitting
            else history_from(self.train, df, self.cols)
        )
        return pd.concat([x, h, unit_value_features(self.train, df, self.cols)], axis=1)

    def fit(self, train: pd.DataFrame, valid: pd.DataFrame | None = None, seed: int = 0) -> Ranker:
        self.train = train
        self.cats = _categories(train, self.cols, 250)
        x = self._features(train, fitting=True)
        self.features = list(x.columns)
        cat_mask = [c in self.cols.categorical for c in self.features]
        model = HistGradientBoostingClassifier(
            learning_rate=0.05,
            max_iter=600,
            max_leaf_nodes=31,
            l2_regularization=1.0,
            categorical_features=cat_mask,
            early_stopping=True,
            validation_fraction=0.15,
            n_iter_no_change=30,
            random_state=seed,
        )
        if valid is not None:
            # Fit on train + valid (later months are closer to the test period), still with
            # early stopping on a held-back fraction.
            xv = self._features(valid, fitting=False)
            x = pd.concat([x, xv])
            y = pd.concat([train[self.cols.label], valid[self.cols.label]])
        else:
            y = train[self.cols.label]
        model.fit(x, y.astype(int))
        self.model = model
        self.typical = x.median(numeric_only=True)
        return self

    def score(self, df: pd.DataFrame) -> np.ndarray:
        assert self.model is not None
        return np.asarray(self.model.predict_proba(self._features(df, fitting=False))[:, 1])

    def explain(self, df: pd.DataFrame, top: int = 3) -> list[list[tuple[str, float]]]:
        """Per row, the features whose replacement by a typical value lowers the score most."""
        assert self.model is not None and self.typical is not None
        x = self._features(df, fitting=False)
        base = self.model.predict_proba(x)[:, 1]
        drops = np.zeros((len(x), len(self.features)))
        for j, f in enumerate(self.features):
            xj = x.copy()
            xj[f] = self.typical.get(f, np.nan)
            drops[:, j] = base - self.model.predict_proba(xj)[:, 1]
        order = np.argsort(-drops, axis=1)[:, :top]
        return [
            [(self.features[j], round(float(drops[i, j]), 4)) for j in order[i] if drops[i, j] > 0]
            for i in range(len(x))
        ]


def at_inspection_rates(
    scores: np.ndarray, labels: np.ndarray, rates: Sequence[float] = RATES
) -> dict[float, tuple[float, float]]:
    """Precision and recall of fraud when the top `rate` share of declarations is inspected."""
    order = np.argsort(-scores, kind="stable")
    y = np.asarray(labels)[order]
    total = max(int(y.sum()), 1)
    out = {}
    for r in rates:
        k = max(1, round(r * len(y)))
        hits = int(y[:k].sum())
        out[r] = (hits / k, hits / total)
    return out


def columns_for(
    frame: pd.DataFrame, label: str, roles: dict[str, str], *, skip: Sequence[str] = ()
) -> Columns:
    """Columns of a labelled declaration file: numbers are numeric features, text columns
    categorical ones whose fraud history is learnt; `roles` (a shipment mapping's role →
    column) names the code, origin, value and weight for the unit-value features."""
    ignore = {label, *skip, roles.get("shipment_id", ""), roles.get("date", "")}
    numeric, categorical = [], []
    for c in frame.columns:
        if c in ignore:
            continue
        as_number = pd.to_numeric(frame[c], errors="coerce")
        id_like = c in roles.values() and c not in (roles.get("value"), roles.get("net_weight"))
        if as_number.notna().mean() > 0.95 and not id_like:
            numeric.append(c)
        else:
            categorical.append(c)
    return Columns(
        label=label,
        categorical=categorical,
        numeric=numeric,
        history=categorical,
        code=roles.get("hs_code"),
        origin=roles.get("origin_country"),
        value=roles.get("value") or roles.get("value_usd"),
        weight=roles.get("net_weight") or roles.get("net_weight_kg"),
    )
