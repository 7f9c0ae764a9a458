"""A screening benchmark built from a sanctions list's own names: anyone can rebuild it.

From the public OFAC SDN list (or any list in `list_entities` form) the entities are split, by a
hash of their id, into the **indexed** nine tenths — the list screened against — and the
**held-out** tenth, whose names are distractors: real names of the same kind (people, firms,
vessels of the same programmes) that are *not* on the indexed list.

Positive queries, each with the indexed entity it must find:

- **variants**: a listed name or alias as it turns up in trade papers — in the other script
  (Latin names of parties from Cyrillic-writing countries in Russian, Ukrainian, Serbian,
  Bulgarian or Macedonian Cyrillic by cyrtranslit, Cyrillic names in Latin), a person's
  "SURNAME, Given" as "Given Surname", another legal form ("LLC" ↔ "Limited Liability Company",
  none), case and punctuation changed, or one typing slip in a long word; one or two at a time;
- **aliases**: leave-one-out — each alias of an entity that shares a word of four letters or
  more with another of its names (the spelling variants: GARIYEV / GARIEV, LAND METICS /
  LANDMATICS; not the unrelated cover names a list also records), queried with that exact alias
  string taken out of the index, so it must be found through the entity's other names.

Negative queries: every held-out entity's names (with the same kinds of variation) and synthetic
company names (coined words with common trade words and legal forms of many countries). A
held-out name whose key equals an indexed name's key is the same name listed twice and is left
out (counted). Recall is the share of positives whose entity is matched at the threshold; the
false-positive rate is the share of negatives with any match at the threshold.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Hashable
from dataclasses import dataclass

import cyrtranslit
import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from shadowtrade.entities.names import name_key
from shadowtrade.entities.screening import names_of_entities, screen_against

HELD_OUT_SHARE = 0.10
SPELLING_ALIKE = 60
CYRILLIC_LANGUAGE = {"RUS": "ru", "UKR": "ua", "BLR": "ru", "SRB": "sr", "BGR": "bg",
                     "MKD": "mk", "KAZ": "ru", "KGZ": "ru", "TJK": "ru"}  # fmt: skip
LEGAL_FORM_SPELLINGS = (
    ("LLC", "LIMITED LIABILITY COMPANY", "L.L.C."), ("LTD", "LIMITED", "LTD."),
    ("JSC", "JOINT STOCK COMPANY", "AO"), ("CO., LTD.", "COMPANY LIMITED", "CO LTD"),
    ("GMBH", "G.M.B.H.", "GESELLSCHAFT MIT BESCHRANKTER HAFTUNG"), ("S.A.", "SA", ""),
    ("OOO", "LLC", "O.O.O."), ("INC.", "INCORPORATED", "INC"), ("FZE", "FZCO", "FZ-LLC"),
)  # fmt: skip
TRADE_WORDS = ("TRADING", "TRADE", "LOGISTICS", "GLOBAL", "INTERNATIONAL", "METAL", "TECH",
               "SYSTEMS", "GROUP", "INDUSTRIES", "ENERGY", "SHIPPING", "MARINE", "AVIATION",
               "ENGINEERING", "SERVICES", "HOLDING", "INVEST", "CONSULTING", "IMPORT EXPORT",
               "GENERAL TRADING", "ELECTRONICS", "COMPONENTS", "SUPPLY", "MACHINERY", "PETROLEUM",
               "CHEMICALS", "STEEL", "TRANSPORT", "DEVELOPMENT", "EQUIPMENT", "AGRO")  # fmt: skip
SYNTHETIC_FORMS = ("LLC", "LTD", "GMBH", "S.R.O.", "D.O.O.", "OOD", "OOO", "TOV", "FZE",
                   "SARL", "S.A.", "B.V.", "CO., LTD.", "JSC", "A.S.", "SP. Z O.O.", "KFT.",
                   "")  # fmt: skip
# Coined words of two or three syllables from about 2,000 (consonant-vowel with an optional
# closing consonant): millions of possible names, so two firms share one no more often than
# real firms do.
_CONSONANTS = "bdfgklmnprstvz"
SYLLABLES = tuple(c + v + e for c in _CONSONANTS for v in "aeiou" for e in ("", *"lnrsx")) + tuple(
    v for v in "aeiou"
)
ENGLISH_WORDS = frozenset({
    "the", "of", "and", "for", "company", "joint", "stock", "limited", "liability", "bank",
    "corporation", "group", "international", "trading", "industrial", "open", "closed", "public",
    "state", "federal", "research", "institute", "plant", "factory", "association", "foreign",
    "economic", "development", "holding", "investment", "shipping", "airlines", "service",
    "services", "management", "agency", "center", "centre", "ministry", "national", "llc",
    "jsc", "ltd", "co", "inc", "pte", "corp", "technologies", "trade",
})  # fmt: skip


@dataclass
class ScreeningBenchmark:
    """The index (listed entities) and the labelled queries."""

    indexed: pd.DataFrame  # list_entities rows
    queries: pd.DataFrame  # query, country, family, entity_id (None for negatives), removed
    same_name_dropped: int


def _held_out(entity_id: str) -> bool:
    h = int(hashlib.sha256(entity_id.encode()).hexdigest()[:8], 16)
    return h / 0xFFFFFFFF < HELD_OUT_SHARE


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _words(name: str) -> list[str]:
    return sorted(w.lower() for w in re.findall(r"\w+", name))


def _one_word_apart(a: str, b: str) -> bool:
    """Two names of as many words (in any order), all the same but one, which is spelt two ways
    (the two spellings at least 60 % alike by Indel distance: Gaddafi / Ghadaffi, not Sabri /
    Hassan)."""
    wa, wb = _words(a), _words(b)
    if len(wa) != len(wb) or len(wa) < 2:
        return False
    rest_a, rest_b = list(wa), list(wb)
    for w in wa:
        if w in rest_b:
            rest_b.remove(w)
            rest_a.remove(w)
    return len(rest_b) == 1 and fuzz.ratio(rest_a[0], rest_b[0]) >= SPELLING_ALIKE


def _in_english(name: str) -> bool:
    """A name written in English words: a Cyrillic document translates it, not spells it out."""
    return bool(set(_words(name)) & ENGLISH_WORDS)


def _typo(name: str, rng: np.random.Generator) -> str:
    words = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]{7,}", name)]
    if not words:
        return name
    s, e = words[int(rng.integers(len(words)))]
    i = int(rng.integers(s + 1, e - 1))
    kind = int(rng.integers(3))
    if kind == 0:  # a letter dropped
        return name[:i] + name[i + 1 :]
    if kind == 1:  # two letters swapped
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    letter = "abcdefghijklmnopqrstuvwxyz"[int(rng.integers(26))]
    letter = letter.upper() if name[i].isupper() else letter
    return name[:i] + letter + name[i + 1 :]


def _legal_form(name: str, rng: np.random.Generator) -> str:
    upper = name.upper()
    for spellings in LEGAL_FORM_SPELLINGS:
        for s in spellings:
            if s and re.search(rf"(^|\s){re.escape(s)}($|\s)", upper):
                other = spellings[int(rng.integers(len(spellings)))]
                return re.sub(rf"(^|\s){re.escape(s)}($|\s)", rf"\g<1>{other}\g<2>", upper,
                              count=1, flags=re.IGNORECASE).strip()  # fmt: skip
    return f"{name} {SYNTHETIC_FORMS[int(rng.integers(len(SYNTHETIC_FORMS) - 1))]}"


def variant(
    name: str, schema: str, countries: list[str], rng: np.random.Generator, *, changes: int = 1
) -> str:
    """`name` as it might be written on a trade document: one or more realistic changes."""
    lang = next((CYRILLIC_LANGUAGE[c] for c in countries if c in CYRILLIC_LANGUAGE), None)
    kinds = ["case", "typo"]
    if _is_cyrillic(name) or (lang and (schema == "Person" or not _in_english(name))):
        kinds += ["script", "script", "script"]
    if schema == "Person" and "," in name:
        kinds += ["order", "order"]
    if schema in ("LegalEntity", "Organization", "Company"):
        kinds += ["form", "form"]
    out = name
    for kind in rng.choice(kinds, size=min(changes, len(set(kinds))), replace=False):
        if kind == "script":
            out = (
                cyrtranslit.to_latin(out, lang or "ru")
                if _is_cyrillic(out)
                else cyrtranslit.to_cyrillic(out.lower(), lang or "ru").upper()
            )
        elif kind == "order":
            last, _, given = out.partition(",")
            out = f"{given.strip()} {last.strip()}"
        elif kind == "form":
            out = _legal_form(out, rng)
        elif kind == "typo":
            out = _typo(out, rng)
        else:
            out = out.title() if rng.random() < 0.5 else out.replace("-", " ").replace(".", "")
    return out


def _names(entity: dict[Hashable, object]) -> list[str]:
    aliases = entity["aliases"]
    return (
        [str(entity["name"]), *(str(a) for a in aliases)]
        if isinstance(aliases, (list, np.ndarray))
        else [str(entity["name"])]
    )


def synthetic_companies(n: int, rng: np.random.Generator) -> list[str]:
    """Company names that are on no list: a coined word, trade words and a legal form."""
    out: set[str] = set()
    while len(out) < n:
        coined = "".join(rng.choice(SYLLABLES, size=int(rng.integers(2, 4)))).upper()
        words = rng.choice(TRADE_WORDS, size=int(rng.integers(1, 3)), replace=False)
        form = SYNTHETIC_FORMS[int(rng.integers(len(SYNTHETIC_FORMS)))]
        out.add(" ".join([coined, *words, form]).strip())
    return sorted(out)


def build(
    entities: pd.DataFrame, *, seed: int = 1, variants_per_name: int = 1, synthetic: int = 5000
) -> ScreeningBenchmark:
    """The benchmark from `list_entities`-shaped rows (one list)."""
    rng = np.random.default_rng(seed)
    held = entities["entity_id"].map(_held_out)
    indexed, out = entities[~held].reset_index(drop=True), entities[held]
    queries: list[dict[str, object]] = []

    def country(cs: list[str]) -> str | None:
        return str(cs[int(rng.integers(len(cs)))]) if len(cs) and rng.random() < 0.7 else None

    for e in indexed.to_dict("records"):
        names, cs, schema = _names(e), [str(c) for c in e["countries"]], str(e["schema"])
        for n in names:
            for _ in range(variants_per_name):
                changes = 1 if rng.random() < 0.6 else 2
                queries.append({"query": variant(n, schema, cs, rng, changes=changes),
                                "country": country(cs), "family": "variant",
                                "entity_id": e["entity_id"], "removed": None})  # fmt: skip
        for i, alias in enumerate(names[1:], start=1):
            others = [m for j, m in enumerate(names) if j != i]
            if any(_one_word_apart(alias, m) for m in others) and name_key(alias) not in {
                name_key(m) for m in others
            }:
                queries.append({"query": alias, "country": country(cs), "family": "alias",
                                "entity_id": e["entity_id"], "removed": alias})  # fmt: skip
    indexed_keys = set(names_of_entities(indexed)["key"])
    dropped = 0
    for e in out.to_dict("records"):
        cs, schema = [str(c) for c in e["countries"]], str(e["schema"])
        for n in _names(e):
            if name_key(n) in indexed_keys:
                dropped += 1
                continue
            changes = int(rng.integers(0, 2))
            q = variant(n, schema, cs, rng, changes=changes) if changes else n
            queries.append({"query": q, "country": country(cs), "family": "held-out entity",
                            "entity_id": None, "removed": None})  # fmt: skip
    for n in synthetic_companies(synthetic, rng):
        queries.append({"query": n, "country": None, "family": "synthetic company",
                        "entity_id": None, "removed": None})  # fmt: skip
    return ScreeningBenchmark(indexed, pd.DataFrame(queries), dropped)


def evaluate(bench: ScreeningBenchmark, thresholds: tuple[float, ...]) -> pd.DataFrame:
    """Recall and false-positive rate per query family and threshold."""
    listed = names_of_entities(bench.indexed)
    q = bench.queries.reset_index(drop=True)
    q["qid"] = np.arange(len(q))
    found = screen_against(listed, q["query"].tolist(), q["country"].tolist(),
                           threshold=min(thresholds), every_name=True)  # fmt: skip
    hits = q.merge(found, left_on=["query", "country"], right_on=["query", "query_country"])
    # A leave-one-out alias must be found through its entity's other names, not itself.
    hits = hits[~((hits["entity_id_x"] == hits["entity_id_y"])
                  & (hits["listed_name"] == hits["removed"]))]  # fmt: skip
    hits = hits[["qid", "entity_id_x", "entity_id_y", "score"]]
    rows = []
    for t in thresholds:
        h = hits[hits["score"] >= t]
        correct = set(h.loc[h["entity_id_x"] == h["entity_id_y"], "qid"])
        any_hit = set(h["qid"])
        for family, g in q.groupby("family"):
            positive = g["entity_id"].notna().all()
            n = len(g)
            share = (g["qid"].isin(correct) if positive else g["qid"].isin(any_hit)).mean()
            rows.append({"threshold": t, "family": family, "queries": n,
                         "measure": "recall" if positive else "false-positive rate",
                         "value": float(share)})  # fmt: skip
        pos = q[q["entity_id"].notna()]
        neg = q[q["entity_id"].isna()]
        rows.append(
            {
                "threshold": t,
                "family": "all positives",
                "queries": len(pos),
                "measure": "recall",
                "value": float(pos["qid"].isin(correct).mean()),
            }
        )
        rows.append({"threshold": t, "family": "all negatives", "queries": len(neg),
                     "measure": "false-positive rate",
                     "value": float(neg["qid"].isin(any_hit).mean())})  # fmt: skip
    return pd.DataFrame(rows)
