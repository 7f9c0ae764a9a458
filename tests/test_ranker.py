"""The inspection ranker: known metric values, and it learns a planted pattern."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from shadowtrade.learn.ranker import Columns, Ranker, at_inspection_rates, history_features


def test_precision_and_recall_at_inspection_rates() -> None:
    scores = np.arange(100, dtype=float)[::-1]  # row 0 ranks first
    labels = np.zeros(100, dtype=bool)
    labels[[0, 1, 5, 50]] = True
    m = at_inspection_rates(scores, labels, (0.01, 0.02, 0.1))
    assert m == {0.01: (1.0, 0.25), 0.02: (1.0, 0.5), 0.1: (0.3, 0.75)}


def _declarations(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    importer = rng.integers(0, 200, n).astype(str)
    code = rng.choice(["732690", "848790", "950300", "610910"], n)
    kg = rng.lognormal(6, 1, n)
    usd_per_kg = np.where(code == "732690", 4.0, 20.0) * rng.lognormal(0, 0.1, n)
    # Planted: importers 0–19 cheat half the time; anyone declaring a third of the usual
    # price cheats.
    cheap = rng.random(n) < 0.05
    usd_per_kg[cheap] /= 3
    bad = (importer.astype(int) < 20) & (rng.random(n) < 0.5)
    return pd.DataFrame(
        {
            "importer": importer,
            "code": code,
            "kg": kg,
            "usd": kg * usd_per_kg,
            "fraud": (bad | cheap).astype(int),
        }
    )


def test_history_is_out_of_fold_on_training_rows() -> None:
    train = pd.DataFrame({"k": ["a"] * 50 + ["b"] * 50, "y": [1] * 50 + [0] * 50})
    cols = Columns(label="y", categorical=[], numeric=[], history=["k"])
    tr, other = history_features(train, pd.DataFrame({"k": ["a", "zzz"]}), cols)
    # A row never sees its own label, but a 50-row key is learnt well from the other folds.
    assert tr["k__fraud_rate"][:50].min() > 0.6
    assert other["k__fraud_rate"].iloc[0] > tr["k__fraud_rate"][:50].min()
    assert other["k__fraud_rate"].iloc[1] == 0.5  # unseen key: the overall rate
    assert other["k__seen"].tolist() == [50.0, 0.0]


def test_ranker_learns_party_history_and_prices() -> None:
    train, test = _declarations(6000, 1), _declarations(3000, 2)
    cols = Columns(
        label="fraud",
        categorical=["code"],
        numeric=["kg", "usd"],
        history=["importer"],
        code="code",
        value="usd",
        weight="kg",
    )
    ranker = Ranker(cols).fit(train)
    s = ranker.score(test)
    y = test["fraud"].to_numpy().astype(bool)
    m = at_inspection_rates(s, y, (0.04, 0.1))
    # Base rate ≈ 0.1. The cheap 5 % are all fraud; the bad importers' rows are half fraud,
    # so the best possible precision at 10 % is about 0.75.
    assert m[0.04][0] >= 0.9, m
    assert m[0.1][0] >= 0.65, m
    why = ranker.explain(test.iloc[np.argsort(-s)[:20]])
    named = {f for row in why for f, _ in row}
    assert named & {"importer__fraud_rate", "uv_z_code", "log_usd_per_kg"}


def test_rank_command_learns_from_outcomes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console
    from typer.testing import CliRunner

    from shadowtrade.cli import app, ranking

    terminal = io.StringIO()  # what a user at a terminal sees while rank works
    monkeypatch.setattr(ranking, "err", Console(file=terminal, force_terminal=True, width=120))

    train, new = _declarations(4000, 3), _declarations(1000, 4)
    new["id"] = [f"N{i}" for i in range(len(new))]
    train["id"] = [f"T{i}" for i in range(len(train))]
    train.to_csv(tmp_path / "past.csv", index=False)
    new.drop(columns="fraud").to_csv(tmp_path / "new.csv", index=False)
    out = tmp_path / "ranked.csv"
    res = CliRunner().invoke(
        app,
        ["rank", str(tmp_path / "past.csv"), "--score", str(tmp_path / "new.csv"),
         "--label", "fraud", "--ignore", "id", "--out", str(out), "--top", "3"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "inspect first" in res.output and "because" in res.output
    shown = terminal.getvalue()
    for stage in ("reading past.csv", "learning from 4,000 labelled", "scoring 1,000", "top 3"):
        assert stage in shown, stage
    ranked = pd.read_csv(out).merge(new[["id", "fraud"]], on="id")
    assert ranked["rank"].tolist() == list(range(1, len(new) + 1))
    assert ranked["fraud"].head(40).mean() >= 0.9  # the cheap 5 % come first
    bad = CliRunner().invoke(
        app, ["rank", str(tmp_path / "past.csv"), "--score", str(tmp_path / "new.csv"),
              "--label", "nope"],
    )  # fmt: skip
    assert bad.exit_code == 2 and "no column 'nope'" in bad.output
