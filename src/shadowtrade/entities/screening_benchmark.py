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
from rapidfuzz.process import cdist
from rapidfuzz.utils import default_process
from rigour.text import ascii_text

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
    # One screen per threshold, as `shadowtrade screen --threshold T` runs: the fast pass's
    # margins and the name's own floor follow the threshold, so a screen at 0.80 cut at 0.85
    # is not what a screen at 0.85 finds.
    found = pd.concat(
        [
            screen_against(listed, q["query"].tolist(), q["country"].tolist(), threshold=t,
                           every_name=True).assign(threshold=t)
            for t in thresholds
        ]
    )  # fmt: skip
    hits = q.merge(found, left_on=["query", "country"], right_on=["query", "query_country"])
    # A leave-one-out alias must be found through its entity's other names, not itself.
    hits = hits[~((hits["entity_id_x"] == hits["entity_id_y"])
                  & (hits["listed_name"] == hits["removed"]))]  # fmt: skip
    hits = hits[["qid", "entity_id_x", "entity_id_y", "score", "threshold"]]
    rows = []
    for t in thresholds:
        h = hits[hits["threshold"] == t]
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


# ---------------------------------------------------------------------------------------------
# Kinds benchmark (issue 22): queries made by rules written from how names are mistyped and
# how the Russian, Serbian and Bulgarian press spell English words by sound — not from the
# matcher's normaliser, which never sees these tables.

NEAR_DUPLICATE = 90  # token-set ratio from which a held-out name is a listed name again
KINDS = ("cyrillic_phonetic", "short_word_typo", "keyboard_typo", "split_merge",
         "stray_punctuation", "legal_form_typo", "order_case_form")  # fmt: skip
# English letter groups → their sound in Cyrillic, as a journalist writes a foreign name: the
# first spelling is the usual one, the others turn up too. Longest groups first.
RESPELL: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tion", ("шн", "цион", "шен", "ция", "тион")), ("sion", ("жн", "шн", "сион")),
    ("ture", ("чер", "тур")), ("tch", ("ч",)), ("sch", ("ш", "сх")), ("ght", ("йт", "т")),
    ("sh", ("ш",)), ("ch", ("ч", "х", "к")), ("th", ("т", "з", "с")), ("ph", ("ф",)),
    ("wh", ("у", "в")), ("ck", ("к",)), ("qu", ("кв",)), ("kh", ("х",)), ("gh", ("г", "")),
    ("zh", ("ж",)), ("ee", ("и",)), ("ea", ("и", "е")), ("oo", ("у",)),
    ("ou", ("ау", "у", "оу")), ("ai", ("ей", "аи", "е")), ("ay", ("ей", "ай")), ("oa", ("о",)),
    ("ey", ("ей", "и")), ("ie", ("и", "ие")), ("ue", ("ю", "уе")), ("au", ("о", "ау")),
    ("ng", ("нг",)), ("x", ("кс",)), ("w", ("в", "у")), ("q", ("к",)), ("j", ("дж",)),
    ("a", ("а", "э", "ей")), ("i", ("и", "ай")), ("o", ("о", "а")), ("u", ("у", "а", "ю")),
    ("h", ("х", "г")), ("b", ("б",)), ("d", ("д",)), ("f", ("ф",)), ("k", ("к",)),
    ("l", ("л",)), ("m", ("м",)), ("n", ("н",)), ("p", ("п",)), ("r", ("р",)), ("s", ("с",)),
    ("t", ("т",)), ("v", ("в",)), ("z", ("з",)), ("g", ("г",)),
)  # fmt: skip
VOWELS_USUAL = 0.92  # a vowel keeps its usual spelling this often (English vowels are read
# several ways, but the press writes most foreign names vowel for vowel)
SOFT_C = ("с", "ц")  # c before e, i, y
SOFT_G = ("дж", "г")  # g before e, i, y
# Letters each press writes its own way: Serbian has ј for й and џ for дж and no э;
# Bulgarian has no э either.
PRESS = {
    "ru": {},
    "sr": {"й": "ј", "дж": "џ", "э": "е", "ю": "ју", "ция": "ција", "я": "ја"},
    "bg": {"э": "е"},
}
QWERTY = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
LEGAL_WORDS_TYPO = ("COMPANY", "LIMITED", "CORPORATION", "INCORPORATED", "CLOSED", "JOINT",
                    "STOCK", "LIABILITY", "PUBLIC", "OPEN", "HOLDING", "PRIVATE")  # fmt: skip


def _pick(rng: np.random.Generator, options: tuple[str, ...], usual: float = 0.67) -> str:
    """The usual spelling (two times in three unless told), another one otherwise."""
    if len(options) == 1 or rng.random() < usual:
        return options[0]
    return options[int(rng.integers(1, len(options)))]


def respell_word(word: str, rng: np.random.Generator, press: str = "ru") -> str:
    """An English (or any Latin) word written by sound in Cyrillic: "revolutionary" →
    "револушнари", "engineering" → "енджиниринг", "company" → "компани"."""
    w = word.lower()
    out: list[str] = []
    i = 0
    while i < len(w):
        ch = w[i]
        nxt = w[i + 1] if i + 1 < len(w) else ""
        if not ch.isalpha():
            out.append(ch)
            i += 1
            continue
        if ch == nxt and ch not in "aeiou":  # double consonants written once or twice
            out.append(respell_word(ch, rng, press) if rng.random() < 0.3 else "")
            i += 1
            continue
        group = next((g for g, _ in RESPELL if len(g) > 1 and w.startswith(g, i)), None)
        if group is not None:
            out.append(_pick(rng, dict(RESPELL)[group]))
            i += len(group)
            continue
        if ch == "c" and nxt in ("e", "i", "y"):
            out.append(_pick(rng, SOFT_C))
            i += 1
            continue
        if ch == "g" and nxt in ("e", "i", "y"):
            out.append(_pick(rng, SOFT_G))
            i += 1
            continue
        if ch == "c":
            out.append("к")
            i += 1
            continue
        if ch == "y":
            start = i == 0
            out.append("й" if start and nxt in "aeiou" else _pick(rng, ("и", "й")))
            i += 1
            continue
        if ch == "e":
            if i == 0:
                out.append(_pick(rng, ("е", "э")))
            elif i == len(w) - 1 and len(w) > 3 and w[i - 1] not in "aeiou":
                out.append(_pick(rng, ("", "е")))  # a silent final e
            else:
                out.append(_pick(rng, ("е", "э"), VOWELS_USUAL))
            i += 1
            continue
        spellings = dict(RESPELL).get(ch)
        out.append(ch if spellings is None else _pick(rng, spellings, _usual(ch)))
        i += 1
    text = "".join(out)
    for a, b in sorted(PRESS[press].items(), key=lambda kv: -len(kv[0])):
        text = text.replace(a, b)
    return text


def _usual(letter: str) -> float:
    return VOWELS_USUAL if letter in "aeiou" else 0.67


def respell(name: str, rng: np.random.Generator) -> str:
    """A whole name by sound in Russian, Serbian or Bulgarian press style, in capitals (as
    documents have it) or title case; "SURNAME, Given" loses its comma and is reordered half
    the time, as an article writes a person."""
    press = ("ru", "sr", "bg")[int(rng.integers(3))]
    if "," in name and rng.random() < 0.5:
        last, _, given = name.partition(",")
        name = f"{given.strip()} {last.strip()}"
    words = re.split(r"(\W+)", name)
    out = "".join(respell_word(w, rng, press) if w.isalpha() else w for w in words)
    return out.upper() if rng.random() < 0.7 else out.title()


def _adjacent(ch: str, rng: np.random.Generator) -> str:
    for row in QWERTY:
        j = row.find(ch.lower())
        if j >= 0:
            near = [row[k] for k in (j - 1, j + 1) if 0 <= k < len(row)]
            got = near[int(rng.integers(len(near)))]
            return got.upper() if ch.isupper() else got
    return ch


def _word_spans(name: str, lo: int, hi: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", name) if lo <= len(m[0]) <= hi]


def keyboard_typo(name: str, rng: np.random.Generator) -> str | None:
    """One slip of the finger in a word of four letters or more: a neighbouring key struck
    instead of the right one, or as well, or a letter left out."""
    spans = _word_spans(name, 4, 99)
    if not spans:
        return None
    s, e = spans[int(rng.integers(len(spans)))]
    i = int(rng.integers(s + 1, e))
    kind = int(rng.integers(3))
    if kind == 0:
        return name[:i] + _adjacent(name[i], rng) + name[i + 1 :]
    if kind == 1:
        return name[:i] + _adjacent(name[i], rng) + name[i:]
    return name[:i] + name[i + 1 :]


def short_word_typo(name: str, rng: np.random.Generator) -> str | None:
    """A slip in a word of three or four letters: two letters swapped (SKY → SYK) or one left
    out (HONG → HOG)."""
    spans = _word_spans(name, 3, 4)
    if not spans:
        return None
    s, e = spans[int(rng.integers(len(spans)))]
    if rng.random() < 0.6:
        i = int(rng.integers(s, e - 1))
        if name[i] == name[i + 1]:
            return None
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    i = int(rng.integers(s + 1, e))
    return name[:i] + name[i + 1 :]


def split_merge(name: str, rng: np.random.Generator) -> str | None:
    """A space added inside a long word, two words run together, or a space moved by one
    letter (IRAN SPACE → IRA NSPACE)."""
    kind = int(rng.integers(3))
    if kind == 0:
        spans = _word_spans(name, 6, 99)
        if not spans:
            return None
        s, e = spans[int(rng.integers(len(spans)))]
        i = int(rng.integers(s + 2, e - 2))
        return name[:i] + " " + name[i:]
    gaps = [m.start() for m in re.finditer(r"(?<=[A-Za-z]{3}) (?=[A-Za-z]{3})", name)]
    if not gaps:
        return None
    g = gaps[int(rng.integers(len(gaps)))]
    if kind == 1:
        return name[:g] + name[g + 1 :]
    if rng.random() < 0.5:  # the space one letter to the left
        return name[: g - 1] + " " + name[g - 1] + name[g + 1 :]
    return name[:g] + name[g + 1] + " " + name[g + 2 :]


def stray_punctuation(name: str, rng: np.random.Generator) -> str | None:
    """A comma, full stop, hyphen or space inside a word (SECHIN → SECHI,N)."""
    spans = _word_spans(name, 5, 99)
    if not spans:
        return None
    s, e = spans[int(rng.integers(len(spans)))]
    i = int(rng.integers(s + 1, e))
    return name[:i] + str(rng.choice([",", ".", "-", " ", ", "])) + name[i:]


def legal_form_typo(name: str, rng: np.random.Generator) -> str | None:
    """A slip in a legal-form word (COLSED JOINT STOCK COMPANY, LIMTED, COMPAMY)."""
    spans = [
        (m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", name)
        if m[0].upper() in LEGAL_WORDS_TYPO
    ]  # fmt: skip
    if not spans:
        return None
    s, e = spans[int(rng.integers(len(spans)))]
    kind = int(rng.integers(3))
    i = int(rng.integers(s + 1, e - 1))
    if kind == 0:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if kind == 1:
        return name[:i] + _adjacent(name[i], rng) + name[i + 1 :]
    return name[:i] + name[i + 1 :]


def order_case_form(name: str, schema: str, rng: np.random.Generator) -> str | None:
    """Word order, case and legal form changed (the kinds any screening handles)."""
    if schema == "Person" and "," in name:
        last, _, given = name.partition(",")
        out = f"{given.strip()} {last.strip()}"
    elif schema in ("LegalEntity", "Organization", "Company"):
        out = _legal_form(name, rng)
    else:
        out = name
    return out.title() if rng.random() < 0.5 else out.lower()


def kind_variant(name: str, schema: str, kind: str, rng: np.random.Generator) -> str | None:
    """`name` changed in the way `kind` says, or None when the name has nothing to change."""
    if kind == "cyrillic_phonetic":
        return respell(name, rng) if re.search(r"[A-Za-z]{3}", name) else None
    if kind == "order_case_form":
        return order_case_form(name, schema, rng)
    fn = {"short_word_typo": short_word_typo, "keyboard_typo": keyboard_typo,
          "split_merge": split_merge, "stray_punctuation": stray_punctuation,
          "legal_form_typo": legal_form_typo}[kind]  # fmt: skip
    return fn(name, rng)


def build_kinds(
    entities: pd.DataFrame, *, seed: int, per_kind: int = 300, negatives_per_kind: int = 300
) -> ScreeningBenchmark:
    """Per kind, `per_kind` variants of indexed entities' names (each must find its entity)
    and `negatives_per_kind` of held-out entities' names (on no indexed list: any match is a
    false positive). Names are drawn at random; a name the kind cannot change is skipped."""
    rng = np.random.default_rng(seed)
    held = entities["entity_id"].map(_held_out)
    indexed, out = entities[~held].reset_index(drop=True), entities[held]
    indexed_keys = set(names_of_entities(indexed)["key"])

    def pool(df: pd.DataFrame) -> list[tuple[str, str, str]]:
        return [(n, str(e["entity_id"]), str(e["schema"])) for e in df.to_dict("records")
                for n in _names(e) if str(e["schema"]) in ("Person", "LegalEntity")
                and not _is_cyrillic(n)]  # fmt: skip

    pos_pool = pool(indexed)
    neg_pool = [p for p in pool(out) if name_key(p[0]) not in indexed_keys]
    # A held-out name that is an indexed name spelt a little differently ("FOZ, Samer" beside
    # "FOZ, Amer", "HARAKAT UL JIHAD AL ISLAMI" beside "HARKAT-UL-JIHAD-AL ISLAMI") is the same
    # name listed twice, not a look-alike: judged by rapidfuzz's token-set ratio (≥ 90, so a
    # name inside another counts too: SHAHID FOUNDATION, AL-SHAHID FOUNDATION) on plain
    # lower-case ASCII words, independent of the matcher.
    plain = [ascii_text(n).lower() for n in names_of_entities(indexed)["listed_name"]]
    near = cdist([ascii_text(n).lower() for n, _, _ in neg_pool], plain,
                 scorer=fuzz.token_set_ratio, processor=default_process,
                 score_cutoff=NEAR_DUPLICATE, dtype=np.uint8, workers=-1).max(axis=1)  # fmt: skip
    neg_pool = [p for p, m in zip(neg_pool, near, strict=True) if m < NEAR_DUPLICATE]
    dropped = len(pool(out)) - len(neg_pool)
    queries: list[dict[str, object]] = []
    for kind in KINDS:
        for wanted, names, positive in ((per_kind, pos_pool, True),
                                        (negatives_per_kind, neg_pool, False)):  # fmt: skip
            got = 0
            for i in rng.permutation(len(names)):
                if got == wanted:
                    break
                n, eid, schema = names[int(i)]
                q = kind_variant(n, schema, kind, rng)
                if q is None or q == n or (not positive and name_key(q) in indexed_keys):
                    continue  # a look-alike changed into a listed name is that name
                queries.append({"query": q, "country": None, "family": kind if positive else
                                f"look-alike: {kind}", "entity_id": eid if positive else None,
                                "removed": None, "source_name": n})  # fmt: skip
                got += 1
    return ScreeningBenchmark(indexed, pd.DataFrame(queries), dropped)
