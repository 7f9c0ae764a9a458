"""The description → HS heading classifier: held-out accuracy, no leakage, explanations."""

from __future__ import annotations

import pandas as pd
import pytest
from tests.conftest import DATA

from shadowtrade.classify.hs_text import (
    hs_text_model,
    legal_text,
    normalise,
    trade_terms,
    training_corpus,
)
from shadowtrade.reference import hs_nomenclature

LABELLED = DATA / "hs_descriptions_labelled.csv"


@pytest.fixture(scope="module")
def held_out() -> pd.DataFrame:
    return pd.read_csv(LABELLED, dtype=str)


def test_held_out_set_is_not_in_the_training_texts(held_out: pd.DataFrame) -> None:
    corpus = set(training_corpus()["text"])
    assert len(held_out) == 293
    assert not {normalise(d) for d in held_out["description"]} & corpus


def test_accuracy_on_the_held_out_labelled_set(held_out: pd.DataFrame) -> None:
    pred = hs_text_model().predict(held_out["description"].tolist())["heading_1"]
    heading = (pred == held_out["heading"]).mean()
    chapter = (pred.str.slice(0, 2) == held_out["heading"].str.slice(0, 2)).mean()
    # Measured 0.867 and 0.901 (README); the acceptance floor is 0.7 and 0.85.
    assert heading >= 0.7, heading
    assert chapter >= 0.85, chapter


def test_trade_terms_name_real_headings() -> None:
    hs = hs_nomenclature()
    headings = set(hs.loc[hs["level"] == "4", "hscode"])
    terms = trade_terms()
    assert len(terms) > 1500
    assert set(terms["heading"]) <= headings


def test_negative_clauses_do_not_teach_the_opposite() -> None:
    assert "breeding" not in legal_text("Horses; live, other than pure-bred breeding animals")
    assert "n.e.c" not in legal_text("Articles of iron or steel n.e.c.")


def test_readings_and_the_words_behind_them() -> None:
    m = hs_text_model()
    got = m.predict(["152MM SHELL BODIES, UNFILLED", "smokeless rifle powder", "ball bearings"])
    assert got["heading_1"].tolist() == ["9306", "3601", "8482"]
    words = m.explain("152MM SHELL BODIES, UNFILLED", "9306")
    assert "shell bodies" in words
    best = m.best_among(["steel forgings for 155mm shells"], ["9306", "3601", "9301"])
    assert best["heading"].tolist() == ["9306"]
