"""Screening names against the sanctions lists in `list_entities`.

Every listed name and alias, and every name screened, is reduced to its key
(`parties.names.name_key`: script, spelling, legal form and word order removed). Candidates are
found by blocking — a listed name and a screened name that share a key token which is not common
on the lists — so that a million names are not compared with a hundred thousand one by one.
Each candidate is scored with rapidfuzz (token-sort ratio on the keys, and on the Latin texts
with legal forms removed; the better of the two), then a country on both sides that agrees adds
and one that disagrees subtracts. Every match carries its explanation.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

from shadowtrade.parties.names import latin, name_key, without_legal_form

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

MIN_TOKEN = 3  # shorter key tokens do not block (initials, numbers)
COMMON_SHARE = 0.002  # a token on more than this share of listed names does not block alone
COUNTRY_AGREES = 0.05
COUNTRY_DIFFERS = 0.10
SHORT_NAME = 6  # a one-word name shorter than this is weak evidence on its own ("Alpha")
SHORT_NAME_FACTOR = 0.85


def listed_names(ws: Workspace) -> pd.DataFrame:
    """One row per listed name or alias with its entity's list, id, schema, countries."""
    df = ws.raw.execute(
        "SELECT list, entity_id, schema, name AS primary_name, programs, countries,"
        " list_value(name) || coalesce(aliases, []) AS names FROM list_entities"
    ).df()
    df = df.explode("names").rename(columns={"names": "listed_name"})
    df = df[df["listed_name"].notna() & (df["listed_name"] != "")]
    df = df.drop_duplicates(["list", "entity_id", "listed_name"]).reset_index(drop=True)
    df["key"] = [name_key(n) for n in df["listed_name"]]
    df["text"] = [without_legal_form(latin(n)) for n in df["listed_name"]]
    return df[df["key"] != ""].reset_index(drop=True)


def _tokens(keys: pd.Series) -> pd.DataFrame:
    t = pd.DataFrame({"row": keys.index, "token": keys.str.split(" ")}).explode("token")
    return t[t["token"].str.len() >= MIN_TOKEN]


def screen(
    ws: Workspace,
    names: Sequence[str],
    countries: Sequence[str | None] | None = None,
    *,
    threshold: float = 0.85,
    schemata: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Matches of `names` (optionally with their ISO3 countries) against the lists, best first.

    Columns: query, query_country, score, list, entity_id, schema, primary_name, listed_name,
    programs, countries, explanation.
    """
    listed = listed_names(ws)
    if schemata is not None:
        listed = listed[listed["schema"].isin(list(schemata))].reset_index(drop=True)
    cols = ["query", "query_country", "score", "list", "entity_id", "schema", "primary_name",
            "listed_name", "programs", "countries", "explanation"]  # fmt: skip
    if listed.empty or not names:
        return pd.DataFrame(columns=cols)
    q = pd.DataFrame({"query": list(names)})
    q["query_country"] = list(countries) if countries is not None else None
    q = q.drop_duplicates(["query", "query_country"]).reset_index(drop=True)
    q["key"] = [name_key(n) for n in q["query"]]
    q["text"] = [without_legal_form(latin(n)) for n in q["query"]]
    q = q[q["key"] != ""]
    lt, qt = _tokens(listed["key"]), _tokens(q["key"])
    freq = lt.groupby("token")["row"].nunique()
    rare = freq[freq <= max(3, COMMON_SHARE * len(listed))].index
    # Exact keys always pair; otherwise a shared rare token.
    exact = q.reset_index().merge(listed.reset_index(), on="key", suffixes=("_q", "_l"))
    shared = qt[qt["token"].isin(rare)].merge(lt, on="token", suffixes=("_q", "_l"))
    pairs = pd.concat(
        [
            exact[["index_q", "index_l"]].set_axis(["qi", "li"], axis=1),
            shared[["row_q", "row_l"]].set_axis(["qi", "li"], axis=1),
        ]
    ).drop_duplicates()
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    pairs = pairs.sort_values(["qi", "li"])
    c = pd.concat(
        [
            q.loc[pairs["qi"], ["query", "query_country", "key", "text"]].reset_index(drop=True),
            listed.loc[pairs["li"]]
            .reset_index(drop=True)
            .rename(columns={"key": "listed_key", "text": "listed_text"}),
        ],
        axis=1,
    )
    # Element-wise scores in rapidfuzz's C loop, on both cores.
    key_score = cpdist(c["key"], c["listed_key"], scorer=fuzz.token_sort_ratio, workers=-1)
    text_score = cpdist(c["text"], c["listed_text"], scorer=fuzz.token_sort_ratio, workers=-1)
    best = (np.maximum(key_score, text_score) / 100).tolist()
    short = [len(k.split()) == 1 and len(k) < SHORT_NAME for k in c["listed_key"]]
    c["short_name"] = short
    c["name_score"] = [
        b * (SHORT_NAME_FACTOR if w else 1.0) for b, w in zip(best, short, strict=True)
    ]
    agree = [
        None if not qc or lc is None or isinstance(lc, str) or not len(lc) else qc in list(lc)
        for qc, lc in zip(c["query_country"], c["countries"], strict=True)
    ]
    c["country_agrees"] = agree
    adj = [COUNTRY_AGREES if a else (-COUNTRY_DIFFERS if a is False else 0.0) for a in agree]
    c["score"] = [min(1.0, max(0.0, s + d)) for s, d in zip(c["name_score"], adj, strict=True)]
    c = c[c["score"] >= threshold]
    c["explanation"] = [
        _explain(r) for r in c[["key", "listed_key", "name_score", "country_agrees",
                                "listed_name", "short_name"]].to_dict("records")
    ]  # fmt: skip
    c = c.sort_values(["query", "score"], ascending=[True, False])
    c = c.drop_duplicates(["query", "query_country", "list", "entity_id"])
    return c.sort_values("score", ascending=False, kind="stable")[cols].reset_index(drop=True)


def _explain(r: Mapping[Hashable, object]) -> str:
    how = (
        "same name once script, spelling, legal form and word order are set aside"
        if r["key"] == r["listed_key"]
        else f"names {float(r['name_score']):.0%} alike (token-sort ratio)"  # type: ignore[arg-type]
    )
    country = {True: "; country agrees", False: "; country differs", None: ""}[
        r["country_agrees"]  # type: ignore[index]
    ]
    short = "; a short one-word name, weak on its own" if r["short_name"] else ""
    return f"matches listed name {r['listed_name']!r}: {how}{short}{country}"
