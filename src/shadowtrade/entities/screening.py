"""Screening names against the sanctions lists in `list_entities`.

Every listed name and alias, and every name screened, is reduced to its key
(`entities.names.name_key`: script, spelling, legal form and word order removed). Candidates are
found by blocking — a listed name and a screened name that share a key token which is not common
on the lists — so that a million names are not compared with a hundred thousand one by one.
Each candidate is scored with rapidfuzz (token-sort ratio on the keys, and on the Latin texts
with legal forms removed; the better of the two), then a country on both sides that agrees adds
and one that disagrees subtracts. Every match carries its explanation.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.process import cdist, cpdist

from shadowtrade.entities.names import name_forms

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace

MIN_TOKEN = 3  # shorter key tokens do not block (initials, numbers)
MIN_DELETION_TOKEN = 5  # tokens this long also block through their one-letter deletions
PAIR_WORDS = 4  # pairs of the first this many words block too (names made of common words)
PAIR_PREFIX = 4  # ... by their first this many letters
COMMON_SHARE = 0.0005  # a blocking key on more than this share of listed names does not block
RARE_MIN = 20  # ... but one on this many names always does, however short the list
NUMBERS_DIFFER_FACTOR = 0.7
PREFILTER_MARGIN = 0.06  # pairs this far below the threshold on the fast pass are not weighed
WORD_ALIKE = 0.7  # two words less alike than this do not count as one word spelt two ways
COUNTRY_AGREES = 0.05
COUNTRY_DIFFERS = 0.10
SHORT_NAME = 6  # a one-word name shorter than this is weak evidence on its own ("Alpha")
SHORT_NAME_FACTOR = 0.85


def listed_names(ws: Workspace) -> pd.DataFrame:
    """One row per listed name or alias with its entity's list, id, schema, countries."""
    return names_of_entities(
        ws.raw.execute(
            "SELECT list, entity_id, schema, name, aliases, programs, countries FROM list_entities"
        ).df()
    )


def names_of_entities(entities: pd.DataFrame) -> pd.DataFrame:
    """`list_entities` rows (list, entity_id, schema, name, aliases, programs, countries) as
    one row per name or alias, with the key and Latin text each is compared on."""
    df = entities.rename(columns={"name": "primary_name"})
    df["names"] = [
        [n, *(list(a) if a is not None and not isinstance(a, float) else [])]
        for n, a in zip(df["primary_name"], df["aliases"], strict=True)
    ]
    df = df.drop(columns=["aliases"]).explode("names").rename(columns={"names": "listed_name"})
    df = df[df["listed_name"].notna() & (df["listed_name"] != "")]
    df = df.drop_duplicates(["list", "entity_id", "listed_name"]).reset_index(drop=True)
    forms = [name_forms(n) for n in df["listed_name"]]
    df["key"], df["text"] = [k for k, _ in forms], [t for _, t in forms]
    return df[df["key"] != ""].reset_index(drop=True)


def blocking_sql(table: str) -> str:
    """(row, block) for each `key` of `table`: its words, each long word's one-letter deletions
    (two words one typing slip apart share one of them) and each pair of its first words by
    their first letters ("CK INTERNAIONAL" still meets "CK INTERNATIONAL"). In DuckDB, on all
    cores: a million names give some thirty million keys."""
    words = f"SELECT row, unnest(string_split(key, ' ')) AS t FROM {table}"
    deletions = (
        "list_transform(range(0, length(t) + 1), i -> '~' || CASE WHEN i = length(t) THEN t"
        " ELSE substr(t, 1, i) || substr(t, i + 2) END)"
    )
    first_words = f"list_filter(string_split(key, ' ')[1:{PAIR_WORDS}], x -> length(x) >= 2)"
    head = (
        f"list_sort(list_distinct(list_transform({first_words}, x -> substr(x, 1, {PAIR_PREFIX}))))"
    )
    pairs = (
        "flatten(list_transform(range(1, len(h) + 1),"
        " i -> list_transform(h[i + 1:], y -> h[i] || '+' || y)))"
    )
    return f"""
        SELECT DISTINCT row, block FROM (
            SELECT row, t AS block FROM ({words}) WHERE length(t) >= {MIN_TOKEN}
            UNION ALL
            SELECT row, unnest({deletions}) FROM ({words}) WHERE length(t) >= {MIN_DELETION_TOKEN}
            UNION ALL
            SELECT row, unnest({pairs}) FROM (SELECT row, {head} AS h FROM {table})
        )"""


def candidate_pairs(listed_keys: Sequence[str], query_keys: Sequence[str]) -> pd.DataFrame:
    """(qi, li) positions of query and listed names worth scoring: the same key, or a shared
    blocking key that few listed names carry (a common word alone finds too many)."""
    import duckdb

    limit = max(RARE_MIN, int(COMMON_SHARE * len(listed_keys)))
    lk = pd.DataFrame({"row": np.arange(len(listed_keys)), "key": list(listed_keys)})
    qk = pd.DataFrame({"row": np.arange(len(query_keys)), "key": list(query_keys)})
    con = duckdb.connect()
    try:
        con.execute(f"SET threads TO {os.cpu_count() or 2}")
        con.register("lk", lk)
        con.register("qk", qk)
        con.execute(f"CREATE TEMP TABLE lb AS {blocking_sql('lk')}")
        con.execute(
            "CREATE TEMP TABLE rare AS SELECT block, row FROM lb WHERE block IN"
            f" (SELECT block FROM lb GROUP BY block HAVING count(*) <= {limit})"
        )
        pairs = con.execute(
            f"""
            SELECT DISTINCT qb.row AS qi, rare.row AS li
            FROM ({blocking_sql("qk")}) qb JOIN rare USING (block)
            UNION
            SELECT qk.row, lk.row FROM qk JOIN lk USING (key)
            ORDER BY qi, li
            """
        ).df()
    finally:
        con.close()
    return pd.DataFrame(pairs)


def exhaustive_pairs(threshold: float) -> Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame]:
    """Every (query, listed) pair whose fast score can pass `threshold`, found by comparing all
    with all (rapidfuzz `cdist`): the reference the blocking is measured against."""

    def pairs(listed: pd.DataFrame, q: pd.DataFrame) -> pd.DataFrame:
        cutoff = max(0.0, threshold - PREFILTER_MARGIN) * 100
        found = []
        for start in range(0, len(q), 1000):  # a thousand queries at a time: bounded memory
            part = q.iloc[start : start + 1000]
            hit = np.zeros((len(part), len(listed)), dtype=bool)
            for col in ("key", "text"):
                hit |= cdist(part[col].tolist(), listed[col].tolist(),
                             scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, dtype=np.uint8,
                             workers=-1) > 0  # fmt: skip
            qi, li = np.nonzero(hit)
            found.append(pd.DataFrame({"qi": qi + start, "li": li}))
        return pd.concat(found, ignore_index=True)

    return pairs


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
    return screen_against(
        listed_names(ws), names, countries, threshold=threshold, schemata=schemata
    )


def screen_against(
    listed: pd.DataFrame,
    names: Sequence[str],
    countries: Sequence[str | None] | None = None,
    *,
    threshold: float = 0.85,
    schemata: Sequence[str] | None = None,
    every_name: bool = False,
    candidates: Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """`screen` against listed names already read (`listed_names`, `names_of_entities`);
    `every_name` keeps each matching name of an entity, not only its best; `candidates` (listed
    and query names with their `key` and `text` → qi, li) replaces the blocking, e.g. by every
    pair (`exhaustive_pairs`) to measure what the blocking loses."""
    if schemata is not None:
        listed = listed[listed["schema"].isin(list(schemata))]
    listed = listed.reset_index(drop=True)
    cols = ["query", "query_country", "score", "list", "entity_id", "schema", "primary_name",
            "listed_name", "programs", "countries", "explanation"]  # fmt: skip
    if listed.empty or not names:
        return pd.DataFrame(columns=cols)
    q = pd.DataFrame({"query": list(names)})
    q["query_country"] = list(countries) if countries is not None else None
    q = q.drop_duplicates(["query", "query_country"]).reset_index(drop=True)
    forms = [name_forms(n) for n in q["query"]]
    q["key"], q["text"] = [k for k, _ in forms], [t for _, t in forms]
    q = q[q["key"] != ""]
    q = q.reset_index(drop=True)
    if candidates is None:
        pairs = candidate_pairs(listed["key"].tolist(), q["key"].tolist())
    else:
        pairs = candidates(listed, q)
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    qi, li = pairs["qi"].to_numpy(), pairs["li"].to_numpy()
    # Fast pass in rapidfuzz's C loop on both cores: token-sort ratio on keys and Latin texts.
    qkeys, lkeys = q["key"].to_numpy(dtype=object), listed["key"].to_numpy(dtype=object)
    qtext, ltext = q["text"].to_numpy(dtype=object), listed["text"].to_numpy(dtype=object)
    fast = (
        np.maximum(
            cpdist(qkeys[qi], lkeys[li], scorer=fuzz.token_sort_ratio, workers=-1),
            cpdist(qtext[qi], ltext[li], scorer=fuzz.token_sort_ratio, workers=-1),
        )
        / 100
    )
    keep = fast >= threshold - PREFILTER_MARGIN
    qi, li = qi[keep], li[keep]
    c = pd.concat(
        [
            q.loc[qi, ["query", "query_country", "key", "text"]].reset_index(drop=True),
            listed.loc[li]
            .reset_index(drop=True)
            .rename(columns={"key": "listed_key", "text": "listed_text"}),
        ],
        axis=1,
    )
    weights = word_weights(listed["key"])
    top = max(weights.values(), default=1.0) + 1.0
    soft = [soft_tfidf(a, b, weights, top) for a, b in zip(c["key"], c["listed_key"], strict=True)]
    best = [s for s, _ in soft]
    c["differing"] = [d for _, d in soft]
    short = [len(k.split()) == 1 and len(k) < SHORT_NAME for k in c["listed_key"]]
    c["short_name"] = short
    numbers = [
        _numbers_differ(_numbers(a), _numbers(b))
        for a, b in zip(c["text"], c["listed_text"], strict=True)
    ]
    c["numbers_differ"] = numbers
    c["name_score"] = [
        b * (SHORT_NAME_FACTOR if w else 1.0) * (NUMBERS_DIFFER_FACTOR if n else 1.0)
        for b, w, n in zip(best, short, numbers, strict=True)
    ]
    agree = [
        None
        if not isinstance(qc, str) or not qc or lc is None or isinstance(lc, str) or not len(lc)
        else qc in list(lc)
        for qc, lc in zip(c["query_country"], c["countries"], strict=True)
    ]
    c["country_agrees"] = agree
    adj = [COUNTRY_AGREES if a else (-COUNTRY_DIFFERS if a is False else 0.0) for a in agree]
    c["score"] = [min(1.0, max(0.0, s + d)) for s, d in zip(c["name_score"], adj, strict=True)]
    c = c[c["score"] >= threshold]
    c["explanation"] = [
        _explain(r) for r in c[["key", "listed_key", "name_score", "country_agrees", "listed_name",
                                "short_name", "numbers_differ", "differing"]].to_dict("records")
    ]  # fmt: skip
    c = c.sort_values(["query", "score"], ascending=[True, False])
    if not every_name:
        c = c.drop_duplicates(["query", "query_country", "list", "entity_id"])
    ranked: pd.DataFrame = c.sort_values("score", ascending=False, kind="stable")[cols]
    return ranked.reset_index(drop=True)


def _explain(r: Mapping[Hashable, object]) -> str:
    how = (
        "same name once script, spelling, legal form and word order are set aside"
        if r["key"] == r["listed_key"]
        else f"names {float(r['name_score']):.0%} alike, rare words weighing most"  # type: ignore[arg-type]
    )
    if r["differing"]:
        how += f" (unmatched or spelt apart: {r['differing']})"
    country = {True: "; country agrees", False: "; country differs", None: ""}[
        r["country_agrees"]  # type: ignore[index]
    ]
    short = "; a short one-word name, weak on its own" if r["short_name"] else ""
    numbers = "; but the numbers in the names differ" if r["numbers_differ"] else ""
    return f"matches listed name {r['listed_name']!r}: {how}{short}{numbers}{country}"


def word_weights(keys: pd.Series) -> dict[str, float]:
    """Inverse document frequency of each key word on the lists: "trading" weighs little,
    "rosoboronexport" much; a word no listed name has weighs most."""
    df = keys.str.split(" ").explode().value_counts()
    n = float(len(keys))
    return {str(t): math.log((n + 1) / (c + 0.5)) for t, c in df.items()}


def soft_tfidf(a: str, b: str, weights: Mapping[str, float], unseen: float) -> tuple[float, str]:
    """Similarity of two keys: the words of the two names paired one to one, most alike first
    (a pair counts when at least WORD_ALIKE alike), each weighted by its rarity — SoftTFIDF
    (Cohen, Ravikumar & Fienberg 2003) made symmetric; with the words left without a close
    partner or spelt apart, for the explanation. A word no listed name has weighs `unseen`."""
    ta, tb = a.split(" "), b.split(" ")
    wa = [weights.get(t, unseen) for t in ta]
    wb = [weights.get(t, unseen) for t in tb]
    sims = sorted(
        ((fuzz.ratio(x, y) / 100, i, j) for i, x in enumerate(ta) for j, y in enumerate(tb)),
        reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    got = 0.0
    apart: list[str] = []
    for sim, i, j in sims:
        if sim < WORD_ALIKE:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        got += sim * (wa[i] + wb[j])
        if sim < 1.0:
            apart.append(f"{ta[i]}~{tb[j]}")
    apart += [t for i, t in enumerate(ta) if i not in used_a]
    apart += [t for j, t in enumerate(tb) if j not in used_b]
    total = sum(wa) + sum(wb)
    return (got / total if total else 0.0), ", ".join(apart[:4])


def _numbers_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and a != b


def _numbers(text: str) -> frozenset[str]:
    """The numbers in a name (hull 455, branch 215): identifiers, so two that differ are two."""
    return frozenset(t for t in text.split() if t.isdigit())
