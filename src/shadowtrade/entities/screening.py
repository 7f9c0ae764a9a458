"""Screening names against the sanctions lists in `list_entities`.

Every listed name and alias, and every name screened, is reduced to its key
(`entities.names.name_key`: script, spelling, legal form and word order removed). Candidates are
found by blocking — a listed name and a screened name that share a key token which is not common
on the lists — so that a million names are not compared with a hundred thousand one by one.
Each candidate is scored with rapidfuzz (token-sort ratio on the keys, and on the Latin texts
with legal forms removed; the better of the two), then a country on both sides that agrees adds
and one that disagrees subtracts; the name alone must reach the threshold (a country ranks a
match, it does not make one). Every match carries its explanation.

Words are paired one to one, each pair scored by the best of: spelling (rapidfuzz ratio on the
romanisation skeletons), sound (Metaphone codes, `entities.names.sound`: a name spelt by ear in
Cyrillic, "ИСЛАМИК РЕВОЛУШНАРИ", meets its English spelling) and two letters swapped (SYK for
SKY). Before pairing, words split or run together are read as the listed name has them ("SECHI,N"
→ "sechin", "IRA NSPACE" → "iran space"); the blocking also meets them through the name's letters
run together and through the words' sounds.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar, cast

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein, Levenshtein
from rapidfuzz.process import cdist, cpdist

from shadowtrade.entities.names import (
    latin,
    loose_name_sound,
    loose_sound,
    name_parts,
    patronymic_at,
    patronymic_stem,
    rendered_sounds,
    rendered_spellings,
    renderings,
    skeleton,
    sound,
    written_form,
)

if TYPE_CHECKING:
    import duckdb

    from shadowtrade.scan_context import ScanContext
    from shadowtrade.workspace import Workspace

MIN_TOKEN = 3  # shorter key tokens do not block (initials, numbers)
MIN_DELETION_TOKEN = 3  # tokens this long also block through their one-letter deletions
MIN_COMPACT_DELETION = 5  # names this long (letters run together) block through their deletions
MIN_RENDERED_SOUND = 3  # a name's loose sound blocks from this many letters (`_rendered_blocks`)
PAIR_WORDS = 4  # pairs of the first this many words block too (names made of common words)
PAIR_PREFIX = 4  # ... by their first this many letters
SHORT_WORD_OUT = 4  # names of two words or more block without one of their words this short
COMMON_SHARE = 0.0005  # a blocking key on more than this share of listed names does not block
RARE_MIN = 20  # ... but one on this many names always does, however short the list
NUMBERS_DIFFER_FACTOR = 0.7
PREFILTER_MARGIN = 0.06  # pairs this far below the threshold on the fast pass are not weighed
SPELLING_MARGIN = 0.02  # ... this far on the spelling of their words (keys, Latin texts)
COMPACT_MARGIN = 0.02  # ... and on their letters run together
WORD_ALIKE = 0.7  # two words less alike than this do not count as one word spelt two ways
COUNTRY_AGREES = 0.05
COUNTRY_DIFFERS = 0.10
SHORT_NAME = 6  # a one-word name shorter than this is weak evidence on its own ("Alpha")
SHORT_NAME_FACTOR = 0.85
COMMON_NAME_CAP = 0.95  # a person named by given name and surname alone scores at most this
SWAPPED_SHORT_MIN = 4  # ... unless of this many letters or more, two of them swapped (RIGC, IRGC)
SOUND_ALIKE = 0.9  # two words that sound alike count as this alike (× their codes' ratio)
SOUND_ALIKE_ACROSS = 0.95  # ... or this, a name in another script than the listed one: there a
# spelling by sound is what is expected (a Cyrillic name for a Latin one is a rendering)
SOUND_ALONE = 5  # a name in another script whose words are alike to the listed name's by sound
# alone is the listed name when their sounds have this many letters (ЗАРСЕКУРАЈТИ, ZORSECURITY:
# SRSKRT) ...
SOUND_ALONE_SPELT = 0.62  # ... or when their letters are this alike too, as one of its
# renderings: a name spelt by ear keeps most of its letters (САДЕЙФ, SADAF 0.73; РИСИО, RICCIO
# 1.0 as РИСИО renders it), and a sound of a few letters is shared by many names (ЗОМЕКС, CIMEX
# 0.36, both SMKS; КОПЕТ, KPD 0.5, both KPT; words of up to three letters, whatever their sound:
# КУ, HUA, both K; АЛИ, OIL, both AL) ...
SOUND_ONLY_ACROSS = 0.85  # ... else the two words are alike this much × SOUND_ALIKE_ACROSS
SOUND_ONLY = "by sound only"  # how such words are alike (`word_similarity`)
SPELT_ALIKE = 0.8  # a name none of whose words is spelt at least this alike to its partner ...
SOUND_ONLY_FACTOR = 0.95  # ... is alike by sound only, and weighs this much (NIPL, NAPOLI)
MIN_SOUND = 3  # ... when both phonetic codes have at least this many letters
SOUND_NEEDS_SPELLING = 0.55  # two words alike by sound are one word spelt by ear only when
# spelt at least this alike too (REVOLUSHNARI, REVOLUTIONARY 0.83; not FERSU, VORRES 0.4)
SWAPPED = 0.85  # two words the same but for two neighbouring letters swapped (SYK, SKY)
SHORT_WORD_WEIGHT = 2.0  # an unseen word of one or two letters (EL, AD) weighs no more
KEYBOARD_SLIP = 0.9  # two words of four letters or more one struck neighbouring key apart
# (MEGS for MEGA, AL-DHAEI for AL-DHARI): the commonest typing slip, nearer than any other
# one-letter change (a plain ratio gives MEGS, MEGA 0.75)
QWERTY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


LISTED_VALUES = (
    "list, entity_id, schema, name, aliases, programs, countries, coalesce(listed, true)"
)
LISTED_FRAMES = 4  # `listed_names` frames kept, by their rows' fingerprint
_NAMES: OrderedDict[tuple[object, ...], pd.DataFrame] = OrderedDict()


def listed_names(ws: Workspace | ScanContext) -> pd.DataFrame:
    """One row per listed name or alias with its entity's list, id, schema, countries, and
    whether the entity is listed (`list_entities.listed`; NULL, from an older import: listed).
    Kept for the next call while `list_entities` holds the same rows in the same order (their
    count and a hash of each row with its position, in DuckDB: milliseconds), so that the web
    app's screen page and a scan after a screening read and key the lists once."""
    key = _list_stamp(ws)
    with _INDEXES_LOCK:
        found = _NAMES.get(key)
        if found is not None:
            _NAMES.move_to_end(key)
            return found.copy(deep=False)  # (copy-on-write: the caller's changes stay its own)
    names = names_of_entities(
        ws.raw.execute(f"SELECT {LISTED_VALUES} AS listed FROM list_entities").df()
    )
    if _list_stamp(ws) == key:  # (not kept if a list was written to meanwhile)
        with _INDEXES_LOCK:
            _NAMES[key] = names
            while len(_NAMES) > LISTED_FRAMES:
                _NAMES.popitem(last=False)
    return names.copy(deep=False)


def _list_stamp(ws: Workspace | ScanContext) -> tuple[object, ...]:
    """The number of `list_entities` rows and a hash of each with its position, combined."""
    stamp = ws.raw.execute(
        f"SELECT count(*), bit_xor(hash(rowid, {LISTED_VALUES})) FROM list_entities"
    ).fetchone()
    return tuple(stamp) if stamp is not None else ()


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
    parts = [name_parts(n) for n in df["listed_name"]]
    df["key"], df["text"] = [k for k, _, _ in parts], [t for _, t, _ in parts]
    df["forms"] = [forms_taken_out(w, t) for _, t, w in parts]
    df = df[df["key"] != ""].reset_index(drop=True)
    return with_sound_and_compact(df)


def with_sound_and_compact(df: pd.DataFrame) -> pd.DataFrame:
    """`df` (with `text`) with `sound` (its words' phonetic codes, sorted) and `compact` (its
    words' skeletons run together in their order): the forms that meet a name spelt by ear
    and one whose words are split or run together; `sorted_text` (its words sorted, for a
    token-sort ratio as a plain one); and, with `forms`, the key and sound of
    its whole Latin text (`whole_key`, `whole_sound`: `_whole_forms`); `rendered`, the name's
    loose sounds as the Cyrillic press may render it (`names.rendered_sounds`), on which a name
    in another script is blocked and first compared."""
    toks = [_tokens(t) for t in df["text"]]
    df["rendered"] = [rendered_sounds(t) for t in df["text"]]
    df["sound"] = [" ".join(sorted(s)) for _, s in toks]
    df["compact"] = ["".join(k) for k, _ in toks]
    df["sorted_text"] = [" ".join(sorted(t.split())) for t in df["text"]]
    if "forms" in df.columns:
        whole = [_whole_forms(k, s, f) for (k, s), f in zip(toks, df["forms"], strict=True)]
        df["whole_key"], df["whole_sound"] = [k for k, _ in whole], [s for _, s in whole]
    return df


def _whole_forms(
    skeletons: tuple[str, ...], sounds: tuple[str, ...], forms: str
) -> tuple[str, str]:
    """(key, sound) of a name's whole Latin text, the words taken out as legal forms (`forms`)
    put back: where one name lost a word as a form and the other kept it (PROT OF FEODOSIA,
    PORT OF FEODOSIA; a slip in OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU), the names
    without their forms are far apart and the whole names near."""
    if not forms:
        return " ".join(sorted(skeletons)), " ".join(sorted(sounds))
    fk, fs = _tokens(forms)
    return " ".join(sorted(skeletons + fk)), " ".join(sorted(sounds + fs))


@lru_cache(maxsize=300_000)
def _tokens(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(skeletons, sounds) of the words of a name's Latin text, in their order."""
    words = text.split()
    return tuple(skeleton(w) for w in words), tuple(sound(w) for w in words)


def blocking_sql(
    table: str, *, distinct: bool = True, listed: bool = True, rendered: str | None = None
) -> str:
    """(row, block) for each `key` of `table`: its words, each long word's one-letter deletions
    (two words one typing slip apart share one of them), each pair of its first words by
    their first letters ("CK INTERNAIONAL" still meets "CK INTERNATIONAL"), pairs of its words'
    phonetic codes (`sound`; one code alone is too common to block) and its letters run
    together (`compact`: "SECHI,N" meets "SECHIN"), with their one-letter deletions. In
    DuckDB, on all cores: a million names give some sixty million keys. `rendered` names a
    table of (row, block) keys made in Python: the names' loose sounds (`_rendered_blocks`)."""
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
    # ... and by their first consonants: a slip in a vowel of a common word ("SSLMAN, Shadi",
    # "SALMAN, Shadi") leaves the pair's consonants as they were.
    consonants = (
        f"list_sort(list_distinct(list_filter(list_transform({first_words},"
        f" x -> substr(regexp_replace(x, '[aeiou]', '', 'g'), 1, {PAIR_PREFIX})),"
        " x -> length(x) >= 2)))"
    )
    # ... and by their sounds ("PARS MKS" and "PARS MCS"); a short word by its letters in
    # alphabetical order (MNA, MAN).
    sounds = (
        f"list_sort(list_distinct(list_filter(string_split(sound, ' ')[1:{PAIR_WORDS}],"
        " x -> length(x) >= 2)))"
    )
    # ... and the one-letter deletions of its letters run together: two names one slip apart
    # anywhere (a letter struck, added, swapped or a space moved: OAMR / OMAR MOHAMMED, J AN M /
    # J AND M) share one even when every word of theirs is common on the lists; a name one
    # letter shorter than those gives its letters as they are (KM CHOL meets KIM CHOL's
    # deletion kmcol).
    compact_deletions = (
        "list_transform(range(0, length(compact) + 1), i -> '#' || CASE WHEN i = length(compact)"
        " THEN compact ELSE substr(compact, 1, i) || substr(compact, i + 2) END)"
    )
    # ... and, for a name of two words or more, its key without one of its short words (of
    # up to SHORT_WORD_OUT letters) with that word's first letter, and, without the letter,
    # against the other side's whole key: a slip in a short word of a name whose other words
    # agree (PARS TIE / PARS TILE, BANK-E TT / BANK-E TAT), or a short word lost or read as a
    # form (ABU 'AD / ABU 'ABD, SG HOLDING / HOLDING), where each of those words alone is
    # common. The listed side gives 'D' without a word and 'W' whole, the query side the other
    # way round.
    dropped, whole = ("D", "W") if listed else ("W", "D")
    rest = "array_to_string(list_concat(k[1:i - 1], k[i + 1:]), ' ')"
    short_out = (
        f"flatten(list_transform(list_filter(range(1, len(k) + 1), i -> length(k[i]) <= "
        f"{SHORT_WORD_OUT}), i -> ['S' || {rest} || '|' || k[i][1], '{dropped}' || {rest}]))"
    )
    short_words = f"""
            UNION ALL
            SELECT row, '{whole}' || key FROM {table}
            UNION ALL
            SELECT row, unnest({short_out}) FROM (
                SELECT row, string_split(key, ' ') AS k FROM {table} WHERE contains(key, ' ')
            )"""
    return f"""
        SELECT {"DISTINCT" if distinct else ""} row, block FROM (
            SELECT row, t AS block FROM ({words}) WHERE length(t) >= {MIN_TOKEN}
            UNION ALL
            SELECT row, unnest({deletions}) FROM ({words}) WHERE length(t) >= {MIN_DELETION_TOKEN}
            UNION ALL
            SELECT row, unnest({pairs}) FROM (SELECT row, {head} AS h FROM {table})
            UNION ALL
            SELECT row, '^' || unnest({pairs}) FROM (SELECT row, {consonants} AS h FROM {table})
            UNION ALL
            SELECT row, '&' || unnest({pairs}) FROM (SELECT row, {sounds} AS h FROM {table})
            UNION ALL
            SELECT row, '%' || list_aggregate(list_sort(string_split(t, '')), 'string_agg', '')
            FROM ({words}) WHERE length(t) BETWEEN 3 AND 4

            UNION ALL
            SELECT row, '=' || compact FROM {table} WHERE length(compact) >= {MIN_TOKEN + 2}

            UNION ALL
            SELECT row, unnest({compact_deletions}) FROM {table}
            WHERE length(compact) >= {MIN_COMPACT_DELETION}
            UNION ALL
            SELECT row, '#' || compact FROM {table}
            WHERE length(compact) = {MIN_COMPACT_DELETION - 1}
            {short_words}
            {f"UNION ALL SELECT row, block FROM {rendered}" if rendered else ""}
        )"""


def candidate_pairs(listed: pd.DataFrame, queries: pd.DataFrame) -> pd.DataFrame:
    """(qi, li) positions of query and listed names (each with `key`, `sound`, `compact`)
    worth scoring: the same key, or a shared blocking key that few listed names carry (a
    common word alone finds too many). Listed names are counted once per spelling (key,
    sound and letters): a name that is an alias of many entities (AL-AQSA, under eight of
    its branches) is one name, and its blocking keys as rare as its spelling is. The listed
    side's blocking keys are made once per listed frame (`listed_index`)."""
    return _candidate_pairs(listed_index(listed), queries)


def _candidate_pairs(index: ListedIndex, queries: pd.DataFrame) -> pd.DataFrame:
    """`candidate_pairs` against the listed names of `index`."""
    cols = ["key", "sound", "compact"]
    qk = queries[cols].reset_index(drop=True).assign(row=np.arange(len(queries)))
    other = np.flatnonzero(_in_other_script(queries["query"]))
    loose = [loose_name_sound(t) for t in queries["text"].to_numpy(dtype=object)[other]]
    con = index.cursor()
    try:
        con.register("qk", qk)
        con.register("qr", _rendered_blocks(other, [(x,) for x in loose]))
        # (query, spelling) pairs are distinct after the UNION, and each listed name has one
        # spelling: so are (query, listed name) pairs. Sorted in numpy, not by DuckDB.
        pairs = con.execute(
            f"""
            SELECT qi, rows.row AS li FROM (
                SELECT DISTINCT qb.row AS qi, rare.row AS u
                FROM ({blocking_sql("qk", distinct=False, listed=False, rendered="qr")}) qb
                JOIN rare USING (block)
                UNION
                SELECT qk.row, lk.row FROM qk JOIN lk USING (key)
            ) JOIN rows USING (u)
            """
        ).fetchnumpy()
    finally:
        con.close()
    qi, li = np.asarray(pairs["qi"]), np.asarray(pairs["li"])
    order = np.lexsort((li, qi))
    return pd.DataFrame({"qi": qi[order], "li": li[order]})


class ListedIndex:
    """What screening needs of the listed names that does not depend on the queries, made once
    per listed frame (`listed_index`): the blocking keys of each listed spelling and the rare
    ones among them (`candidate_pairs`), in a DuckDB database of their own; the word weights
    (`word_weights`); and the columns and per-name facts the scoring reads, as numpy arrays."""

    def __init__(self, listed: pd.DataFrame) -> None:
        self.size = len(listed)
        self._listed = listed[["key", "sound", "compact", "rendered"]]
        self._db: duckdb.DuckDBPyConnection | None = None
        self._lock = threading.Lock()
        self.weights = word_weights(listed["key"])
        self.top = max(self.weights.values(), default=1.0) + 1.0
        self.columns = {
            c: listed[c].to_numpy(dtype=object)
            for c in ("key", "sorted_text", "sound", "compact", "whole_key", "whole_sound",
                      "text", "forms", "rendered")
        }  # fmt: skip
        self.other_script = _in_other_script(listed["listed_name"])
        self.person = (listed["schema"] == "Person").to_numpy(dtype=bool)
        self.core = _without_patronymic(listed["text"], listed["key"])
        self.forms = _factorized(listed["forms"])  # (to tell which names differ in their forms)
        self.letters = _factorized(_letters(listed["text"]))  # (`_swapped_acronym`)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection of its own (the web app screens on threads) to the database of the
        listed spellings' blocking keys, made on first use (not by a caller that brings its own
        candidates): tables `lk` (row, key, sound, compact of each spelling), `rows` (row: each
        listed name's position, u: its spelling) and `rare` (block, row: the blocking keys that
        at most max(RARE_MIN, COMMON_SHARE × names) listed spellings carry, with those)."""
        with self._lock:
            if self._db is None:
                self._db = self._blocking(self._listed)
            return self._db.cursor()

    @staticmethod
    def _blocking(listed: pd.DataFrame) -> duckdb.DuckDBPyConnection:
        import duckdb

        limit = max(RARE_MIN, int(COMMON_SHARE * len(listed)))
        cols = ["key", "sound", "compact"]
        # (the three joined by a character none has: a third of the cost of a MultiIndex)
        joined = listed["key"].astype(str) + "\x1f" + listed["sound"].astype(str) + "\x1f"
        spelling: np.ndarray = (
            pd.factorize(joined + listed["compact"].astype(str))[0]
            if len(listed)
            else np.zeros(0, dtype=np.int64)
        )
        rows = pd.DataFrame({"row": np.arange(len(listed)), "u": spelling})
        lk = listed[cols].assign(u=spelling).drop_duplicates("u").rename(columns={"u": "row"})
        db = duckdb.connect()
        db.execute(f"SET threads TO {os.cpu_count() or 2}")
        db.register("_lk", lk)
        db.register("_rows", rows)
        db.register("lr", _rendered_blocks(spelling, listed["rendered"].tolist()))
        db.execute("CREATE TABLE lk AS SELECT * FROM _lk")
        db.execute("CREATE TABLE rows AS SELECT * FROM _rows")
        db.execute(f"CREATE TEMP TABLE lb AS {blocking_sql('lk', rendered='lr')}")
        db.execute(
            "CREATE TABLE rare AS SELECT block, row FROM lb WHERE block IN"
            f" (SELECT block FROM lb GROUP BY block HAVING count(*) <= {limit})"
        )
        db.execute("DROP TABLE lb")
        for name in ("_lk", "_rows", "lr"):
            db.unregister(name)
        return db


# The columns a `ListedIndex` is made from: a listed frame whose columns hold the same values
# gets the same index back.
INDEXED_COLUMNS = ("listed_name", "schema", "key", "text", "sound", "compact", "sorted_text",
                   "forms", "whole_key", "whole_sound", "rendered")  # fmt: skip
LISTED_INDEXES = 8  # listed frames whose index is kept (the least recently used goes first)
INDEXED_NAMES = 200_000  # ... and names in them (the OFAC list's index holds some 50 MB)
_INDEXES: OrderedDict[tuple[object, ...], ListedIndex] = OrderedDict()
_INDEXES_LOCK = threading.Lock()


def listed_index(listed: pd.DataFrame) -> ListedIndex:
    """The `ListedIndex` of `listed` (a frame of `names_of_entities`' columns, with `rendered`
    and `forms`, positions 0..n-1), made on first use and kept for the next frame holding the
    same values (`_fingerprint`): the same list screened again, by any caller, does not pay for
    it again; a list changed in any of `INDEXED_COLUMNS` (a name added, one edited) gets its
    own."""
    key = _fingerprint(listed)
    with _INDEXES_LOCK:
        found = _INDEXES.get(key)
        if found is not None:
            _INDEXES.move_to_end(key)
            return found
    made = ListedIndex(listed)
    with _INDEXES_LOCK:
        _INDEXES[key] = made
        while len(_INDEXES) > 1 and (
            len(_INDEXES) > LISTED_INDEXES or sum(x.size for x in _INDEXES.values()) > INDEXED_NAMES
        ):
            _INDEXES.popitem(last=False)
    return made


def _fingerprint(listed: pd.DataFrame) -> tuple[object, ...]:
    """The length and a digest of each of `INDEXED_COLUMNS` of `listed`: Arrow-backed strings
    by their buffers (milliseconds for the OFAC list's 24,000 names), other columns by their
    values' hashes."""
    return (len(listed), *(_column_digest(listed[c]) for c in INDEXED_COLUMNS))


def _column_digest(col: pd.Series) -> object:
    """A digest of a column's values: equal digests, equal values (two columns holding the same
    values may differ, which costs a cache miss only)."""
    if isinstance(col.dtype, pd.StringDtype) and col.dtype.storage == "pyarrow":
        import pyarrow as pa

        chunks = col.array.__arrow_array__().chunks
        if all(pa.types.is_string(c.type) or pa.types.is_large_string(c.type) for c in chunks):
            digest = hashlib.blake2b(digest_size=20)
            for chunk in chunks:
                # its buffers (validity, offsets, letters), where its values start in them and
                # how many there are
                digest.update(f"{chunk.type}|{chunk.offset}|{len(chunk)}|".encode())
                for buf in chunk.buffers():
                    digest.update(b"-" if buf is None else buf)
            return "arrow", digest.hexdigest()
    values = col.to_numpy(dtype=object)
    try:
        return "values", str(col.dtype), hash(tuple(values.tolist()))
    except TypeError:  # unhashable values (lists): by their text
        return "text", str(col.dtype), hash(tuple(repr(v) for v in values.tolist()))


def _rendered_blocks(
    rows: Sequence[int] | np.ndarray, sounds: Sequence[tuple[str, ...]]
) -> pd.DataFrame:
    """(row, block) for names in another script (the query's side) or their Cyrillic renderings
    (the listed side, `names.rendered_sounds`): the loose sounds of their words, sorted, where
    these have MIN_RENDERED_SOUND letters at least. A name spelt by ear whose every word is
    common or short (ДЕЙ ЛИСИНГ, DAY LEASING; САДЕЙФ, SADAF; РИСИО МЕЈРИО, RICCIO MARIO) meets its
    listed name by how both sound, where none of its words' spellings is near enough."""
    keys = [
        (r, x)
        for r, xs in zip(np.asarray(rows).tolist(), sounds, strict=True)
        for x in xs
        if len(x) - x.count(" ") >= MIN_RENDERED_SOUND
    ]
    out = pd.DataFrame(
        {
            "row": np.array([r for r, _ in keys], dtype=np.int64),
            "block": pd.array(["$" + x for _, x in keys], dtype="string"),
        }
    )  # fmt: skip (typed: an empty table must not turn the blocking's rows into text)
    return out.drop_duplicates(ignore_index=True)


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
    ws: Workspace | ScanContext,
    names: Sequence[str],
    countries: Sequence[str | None] | None = None,
    *,
    threshold: float = 0.85,
    schemata: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Matches of `names` (optionally with their ISO3 countries) against the lists, best first.

    Columns: query, query_country, score (the name's, moved by a country that agrees or
    differs: the ranking), name_score (the name's alone: what the threshold is applied to),
    list, entity_id, schema, primary_name, listed_name, programs, countries, listed (False:
    a record the file carries without listing it, e.g. a registry record), explanation (for
    such a record, with the listed parties the file links it to: `_linked_to_listed`).
    """
    found = screen_against(
        listed_names(ws), names, countries, threshold=threshold, schemata=schemata
    )
    unlisted = ~found["listed"].astype(bool)
    if unlisted.any():
        links = _linked_to_listed(ws, found.loc[unlisted, ["list", "entity_id"]])
        found.loc[unlisted, "explanation"] = [
            e + (f"; linked to listed {links[k]}" if k in links else "; linked to no listed party")
            for e, k in zip(
                found.loc[unlisted, "explanation"],
                zip(found.loc[unlisted, "list"], found.loc[unlisted, "entity_id"], strict=True),
                strict=True,
            )
        ]
    return found


def _linked_to_listed(
    ws: Workspace | ScanContext, records: pd.DataFrame
) -> dict[tuple[str, str], str]:
    """For records (list, entity_id) not listed: the listed parties `list_relations` links each
    to, with the relation ("Aleksandr Vyacheslavovich Zakharov (Ownership)"), a few at most.
    An FtM file's links carry the list of their source's first dataset, and its ids are its
    own: within FtM lists a link is followed whatever list it is filed under."""
    ws.raw.register("_unlisted", records.drop_duplicates())
    try:
        rows = ws.raw.execute(
            """
            SELECT u.list, u.entity_id, e.name, string_agg(DISTINCT r.relation, ', ') AS how
            FROM _unlisted u
            JOIN list_relations r ON u.entity_id IN (r.source_id, r.target_id)
                AND r.relation <> 'address' AND (r.list = u.list OR (r.list LIKE 'ftm:%'
                AND u.list LIKE 'ftm:%'))
            JOIN list_entities e ON coalesce(e.listed, true)
                AND (e.list = u.list OR (e.list LIKE 'ftm:%' AND u.list LIKE 'ftm:%'))
                AND e.entity_id = CASE WHEN r.source_id = u.entity_id THEN r.target_id
                                       ELSE r.source_id END
            GROUP BY ALL ORDER BY u.list, u.entity_id, e.name
            """
        ).fetchall()
    finally:
        ws.raw.unregister("_unlisted")
    out: dict[tuple[str, str], list[str]] = {}
    for lst, eid, name, how in rows:
        out.setdefault((lst, eid), []).append(f"{name} ({how})")
    return {k: ", ".join(v[:3]) + (f" and {len(v) - 3} more" if len(v) > 3 else "")
            for k, v in out.items()}  # fmt: skip


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
    cols = ["query", "query_country", "score", "name_score", "list", "entity_id", "schema",
            "primary_name", "listed_name", "programs", "countries", "listed",
            "explanation"]  # fmt: skip
    if "listed" not in listed.columns:  # names read from a list's own file: all listed
        listed = listed.assign(listed=True)
    if listed.empty or not names:
        return pd.DataFrame(columns=cols)
    q = pd.DataFrame({"query": list(names)})
    q["query_country"] = list(countries) if countries is not None else None
    q = q.drop_duplicates(["query", "query_country"]).reset_index(drop=True)
    forms = _across_cores(_forms_range, len(q), q["query"].tolist())
    for k, col in enumerate(("key", "text", "sound", "compact", "forms", "whole_key",
                             "whole_sound", "sorted_text")):  # fmt: skip
        q[col] = [f[k] for f in forms]
    q = q[q["key"] != ""].reset_index(drop=True)
    if "forms" not in listed.columns:
        listed = listed.assign(
            forms=[
                forms_taken_out(latin(n), t)
                for n, t in zip(listed["listed_name"], listed["text"], strict=True)
            ]
        )
    if "rendered" not in listed.columns:
        listed = with_sound_and_compact(listed)
    index = listed_index(listed)
    pairs = _candidate_pairs(index, q) if candidates is None else candidates(listed, q)
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    qi, li = pairs["qi"].to_numpy(), pairs["li"].to_numpy()
    # Fast pass in rapidfuzz's C loop on both cores: token-sort ratio on keys and Latin texts.
    # Words alike by sound weigh SOUND_ALIKE at most (`word_similarity`), so do their codes here;
    # spellings need to come nearer the threshold than sounds and words run together.
    keep = np.zeros(len(qi), dtype=bool)
    # Names in two scripts: sounds weigh as in `soft_tfidf`.
    across = _in_other_script(q["query"])[qi] != index.other_script[li]
    sound_weight = np.where(across, SOUND_ALIKE_ACROSS, SOUND_ALIKE)
    # Keys, sounds and sorted texts are sorted already: their token-sort ratio is their plain
    # ratio (the words sorted once per name, not once per pair: a third of this pass's time).
    passes = (("key", fuzz.ratio, 1.0, SPELLING_MARGIN),
              ("sorted_text", fuzz.ratio, 1.0, SPELLING_MARGIN),
              ("sound", fuzz.ratio, sound_weight, PREFILTER_MARGIN),
              ("compact", fuzz.ratio, 1.0, COMPACT_MARGIN))  # fmt: skip
    for col, scorer, weight, margin in passes:
        a, b = q[col].to_numpy(dtype=object), index.columns[col]
        got = cpdist(a[qi], b[li], scorer=scorer, workers=-1) / 100 * weight
        keep |= got >= threshold - margin
    # ... and, where one name lost words as legal forms that the other kept (PROT OF FEODOSIA;
    # a slip in OBSHCHESTVO S OGRANICHENNOY ...), on the whole names: `soft_tfidf` pairs such
    # words with the other's (`forms_taken_out`), so the names without their forms undersell it.
    qforms = _codes_in(q["forms"], index.forms[1])
    other = np.flatnonzero(~keep & (qforms[qi] != index.forms[0][li]))
    whole_passes = (("whole_key", 1.0, SPELLING_MARGIN),
                    ("whole_sound", sound_weight[other], PREFILTER_MARGIN))  # fmt: skip
    for col, weight, margin in whole_passes:
        a, b = q[col].to_numpy(dtype=object), index.columns[col]
        got = cpdist(a[qi[other]], b[li[other]], scorer=fuzz.ratio, workers=-1) / 100 * weight
        keep[other] |= got >= threshold - margin
    # ... and, a name in another script, on its loose sound against the listed name's Cyrillic
    # renderings (`names.rendered_sounds`): ФАЧЕРБАНК (FXRBNK) is FUTUREBANK (FTRBNK, FXRBNK).
    acr = np.flatnonzero(~keep & across)
    if len(acr):
        keep[acr] = _rendered_near(q, index.columns["rendered"], qi[acr], li[acr],
                                   threshold - PREFILTER_MARGIN)  # fmt: skip
    # ... and, a listed person, on the keys without the patronymic one name gives (`soft_tfidf`
    # does not count it against the other): YURI KOVALCHUK, KOVALCHUK YURI VALENTINOVICH.
    person = index.person
    qcore, lcore = _without_patronymic(q["text"], q["key"]), index.core
    qkey, lkey = q["key"].to_numpy(dtype=object), index.columns["key"]
    lacks = np.flatnonzero(~keep & person[li] & ((qcore[qi] != qkey[qi]) | (lcore[li] != lkey[li])))
    if len(lacks):
        got = cpdist(qcore[qi[lacks]], lcore[li[lacks]], scorer=fuzz.ratio, workers=-1) / 100
        keep[lacks] |= got >= threshold - SPELLING_MARGIN
    # ... and short one-word names with the same letters, for `_swapped_acronym` (RIGC, IRGC)
    ql, ll = _codes_in(_letters(q["text"]), index.letters[1])[qi], index.letters[0][li]
    keep |= (ql == ll) & (ql >= 0)
    qi, li, across = qi[keep], li[keep], across[keep]
    weights, top = index.weights, index.top
    # Python lists, not the frames' (Arrow-backed) columns: a million pairs are walked here.
    qt, lt = q["text"].to_numpy(dtype=object), index.columns["text"]
    qf, lf = q["forms"].to_numpy(dtype=object), index.columns["forms"]
    job = (qt[qi].tolist(), lt[li].tolist(), across.tolist(), weights, top, qf[qi].tolist(),
           lf[li].tolist(), threshold - 1e-9, person[li].tolist())  # fmt: skip
    # Only the pairs whose words alone reach the threshold come back: the discounts below and
    # a country can only lower a name's score, so the others are no match (nine in ten pairs).
    soft = _across_cores(_soft_range, len(qi), job)
    if not soft:
        return pd.DataFrame(columns=cols)
    passed = np.fromiter((i for i, _, _ in soft), dtype=np.int64, count=len(soft))
    qi, li, across = qi[passed], li[passed], across[passed]
    c = pd.concat(
        [
            q.loc[qi, ["query", "query_country", "key", "text", "forms"]].reset_index(drop=True),
            listed.loc[li]
            .drop(
                columns=["sound", "compact", "whole_key", "whole_sound", "sorted_text", "rendered"]
            )
            .reset_index(drop=True)
            .rename(columns={"key": "listed_key", "text": "listed_text", "forms": "listed_forms"}),
        ],
        axis=1,
    )
    texts, listed_texts = c["text"].tolist(), c["listed_text"].tolist()
    best = [s for _, s, _ in soft]
    c["differing"] = [d for _, _, d in soft]
    # ... unless written in the other script with the very sound of the listed name: a
    # rendering (НПК for NPC, КОДЖЕН for KOGEN), as strong as the short name itself; or
    # typed with all its letters, two swapped (`_swapped_acronym`).
    short = [
        " " not in k and len(k) < SHORT_NAME and not (a and _one_sound(t, lt))
        and not _swapped_acronym(t, lt)
        for k, a, t, lt in zip(c["listed_key"].tolist(), across.tolist(), texts, listed_texts,
                               strict=True)
    ]  # fmt: skip
    c["short_name"] = short
    numbers = [
        _numbers_differ(_numbers(a), _numbers(b)) for a, b in zip(texts, listed_texts, strict=True)
    ]
    c["numbers_differ"] = numbers
    c["name_score"] = [
        b * (SHORT_NAME_FACTOR if w else 1.0) * (NUMBERS_DIFFER_FACTOR if n else 1.0)
        for b, w, n in zip(best, short, numbers, strict=True)
    ]
    # A person named by two words at most (given name and surname) is no exact match of one
    # listed person: many people share such a name (Alexander Zakharov, Maria Zakharova).
    c["given_and_surname"] = (c["schema"] == "Person") & (c["text"].str.count(" ") <= 1)
    c["name_score"] = c["name_score"].where(
        ~c["given_and_surname"], c["name_score"].clip(upper=COMMON_NAME_CAP)
    )
    agree = [
        None
        if not isinstance(qc, str) or not qc or lc is None or isinstance(lc, str) or not len(lc)
        else qc in list(lc)
        for qc, lc in zip(c["query_country"], c["countries"], strict=True)
    ]
    c["country_agrees"] = agree
    adj = [COUNTRY_AGREES if a else (-COUNTRY_DIFFERS if a is False else 0.0) for a in agree]
    c["score"] = [
        min(COMMON_NAME_CAP if g else 1.0, max(0.0, s + d))
        for s, d, g in zip(c["name_score"], adj, c["given_and_surname"], strict=True)
    ]  # (a country is no second identifier of a person: the cap holds)
    # A country corroborates a name, it does not make one: the name alone reaches the threshold
    # (BANDAR IMAM PETROCHEMICAL, 0.83 alike to BANDAR IMAM KIMIYA PETROCHEMICAL COMPANY, is
    # not lifted over it by Iran on both sides); a country that agrees ranks it higher.
    # (0.85 × w / w is 0.8499…: a score at the threshold passes.)
    c = c[(c["score"] >= threshold - 1e-9) & (c["name_score"] >= threshold - 1e-9)]
    c["explanation"] = [
        _explain(r) for r in c[["key", "listed_key", "score", "name_score", "country_agrees",
                                "listed_name", "short_name", "numbers_differ",
                                "differing", "listed", "programs",
                                "given_and_surname"]].to_dict("records")
    ]  # fmt: skip
    c = c.sort_values(["query", "score"], ascending=[True, False])
    if not every_name:
        c = c.drop_duplicates(["query", "query_country", "list", "entity_id"])
    ranked: pd.DataFrame = c.sort_values("score", ascending=False, kind="stable")[cols]
    return ranked.reset_index(drop=True)


PARALLEL = 200_000  # from this many names or pairs the Python steps use every core

# The work of `_across_cores`, set before its worker processes fork so that they inherit it
# rather than receive it pickled.
_JOB: object = None
T = TypeVar("T")


def _across_cores(fn: Callable[[int, int], list[T]], n: int, job: object) -> list[T]:
    """fn(start, end) over 0..n, split over the cores when n is large: forked processes, each
    a contiguous share (the per-name and per-pair steps are Python, one core each)."""
    global _JOB
    workers = min(os.cpu_count() or 1, 8)
    _JOB = job
    try:
        if n < PARALLEL or workers < 2:
            return fn(0, n)
        import multiprocessing

        step = -(-n // workers)
        spans = [(i, min(i + step, n)) for i in range(0, n, step)]
        with multiprocessing.get_context("fork").Pool(len(spans)) as pool:
            parts = pool.starmap(fn, spans)
        return [r for part in parts for r in part]
    finally:
        _JOB = None


def _soft_range(start: int, end: int) -> list[tuple[int, float, str]]:
    """(pair, score, words apart) of the pairs start..end of the job (`soft_tfidf`) that
    score at least the job's cut."""
    job = cast(
        tuple[
            list[str], list[str], list[bool], Mapping[str, float], float, list[str], list[str],
            float, list[bool],
        ],
        _JOB,
    )  # fmt: skip
    texts, listed_texts, across, weights, top, forms, listed_forms, cut, person = job
    out = []
    for i in range(start, end):
        score, apart = soft_tfidf(
            texts[i], listed_texts[i], weights, top, across[i], forms[i], listed_forms[i],
            person[i],
        )  # fmt: skip
        if score >= cut:
            out.append((i, score, apart))
    return out


def forms_taken_out(whole: str, text: str) -> str:
    """The words of a name's Latin text (`whole`, from `latin`) taken out as legal forms (AB,
    AO, PROT), space-separated: those its text without legal forms (`text`) lacks."""
    out = whole.split()
    kept = text.split()
    if len(out) == len(kept):
        return ""
    for w in kept:
        if w in out:
            out.remove(w)
    return " ".join(out)


def _forms_range(start: int, end: int) -> list[tuple[str, str, str, str, str, str, str, str]]:
    """(key, text, sound, compact, forms taken out, whole key, whole sound, sorted text) of the
    names start..end of the job."""
    out = []
    for name in cast(list[str], _JOB)[start:end]:
        key, text, whole = name_parts(name)
        skeletons, sounds = _tokens(text)
        forms = forms_taken_out(whole, text)
        sound_text = " ".join(sorted(sounds))
        wkey, wsound = _whole_forms(skeletons, sounds, forms) if forms else (key, sound_text)
        out.append((key, text, sound_text, "".join(skeletons), forms, wkey, wsound,
                    " ".join(sorted(text.split()))))  # fmt: skip
    return out


def _without_patronymic(texts: pd.Series, keys: pd.Series) -> np.ndarray:
    """The key of each name's Latin text without its patronymic (`names.patronymic_at`), or its
    key if it has none. Only names of three words or more can hold one (a million names: the
    others are not looked at one by one)."""
    out = keys.to_numpy(dtype=object).copy()
    text = texts.to_numpy(dtype=object)
    for i in np.flatnonzero(texts.str.count(" ").to_numpy() >= 2):
        words = tuple(text[i].split())
        at = patronymic_at(words)
        if at is not None:
            out[i] = " ".join(sorted(skeleton(w) for w in words[:at] + words[at + 1 :]))
    return out


def _rendered_near(
    q: pd.DataFrame, rendered: np.ndarray, qi: np.ndarray, li: np.ndarray, cut: float
) -> np.ndarray:
    """For pairs (qi, li) of a query in another script and a listed name: whether the query's
    loose sound (`names.loose_name_sound`) is at least `cut` alike (ratio × SOUND_ALIKE_ACROSS,
    as in `word_similarity`) to one of the listed name's renderings (`rendered`, by position)."""
    texts = q["text"].to_numpy(dtype=object)
    loose = {i: loose_name_sound(texts[i]) for i in np.unique(qi).tolist()}
    n = np.fromiter((len(rendered[i]) for i in li.tolist()), dtype=np.int64, count=len(li))
    a = [loose[i] for i, k in zip(qi.tolist(), n.tolist(), strict=True) for _ in range(k)]
    b = [x for i in li.tolist() for x in rendered[i]]
    got = cpdist(a, b, scorer=fuzz.ratio, workers=-1) / 100 * SOUND_ALIKE_ACROSS
    best = np.zeros(len(li))
    np.maximum.at(best, np.repeat(np.arange(len(li)), n), got)
    near: np.ndarray = best >= cut
    return near


def _factorized(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(codes, distinct values) of a listed column, a missing value coded -1 (`pd.factorize`)."""
    codes, uniques = pd.factorize(values)
    return codes, pd.Index(uniques)


def _codes_in(values: pd.Series, uniques: pd.Index) -> np.ndarray:
    """Codes of query values among a listed column's (`_factorized`): a value the column has
    gets its code, a missing one -1 and any other len(uniques), which no listed value has (as
    one `pd.factorize` of both sides would tell equal values)."""
    codes: np.ndarray = uniques.get_indexer(pd.Index(values))
    codes[(codes < 0) & values.notna().to_numpy(dtype=bool)] = len(uniques)
    return codes


def _in_other_script(names: pd.Series) -> np.ndarray:
    """Names with letters of a script other than Latin (Cyrillic, Greek, Arabic …)."""
    found: np.ndarray = names.str.contains("[\u0370-\u1dbf\u2c00-\ufaff]", regex=True).to_numpy(
        dtype=bool
    )
    return found


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
    score, name_score = float(r["score"]), float(r["name_score"])  # type: ignore[arg-type]
    if country and round(score, 3) != round(name_score, 3):
        # the country moves the score that ranks; the threshold is held to the name's alone
        country += (
            f" ({score:.3f} with it; the threshold applies to the name alone, {name_score:.3f})"
        )
    short = "; a short one-word name, weak on its own" if r["short_name"] else ""
    numbers = "; but the numbers in the names differ" if r["numbers_differ"] else ""
    if r.get("given_and_surname"):
        numbers += (
            f"; a given name and surname only, which many people share: at most"
            f" {COMMON_NAME_CAP}, confirm with a second identifier (date of birth, INN, passport)"
        )
    if not bool(r.get("listed", True)):
        topics = str(r.get("programs") or "").strip()
        return (
            f"NOT LISTED: in the file as a record around listed parties, without a listing"
            f" ({'topics ' + topics if topics else 'no sanction, no topic'}): matches its name"
            f" {r['listed_name']!r}: {how}{short}{numbers}{country}"
        )
    return f"matches listed name {r['listed_name']!r}: {how}{short}{numbers}{country}"


def word_weights(keys: pd.Series) -> dict[str, float]:
    """Inverse document frequency of each key word on the lists: "trading" weighs little,
    "rosoboronexport" much; a word no listed name has weighs most."""
    df = keys.str.split(" ").explode().value_counts()
    n = float(len(keys))
    return {str(t): math.log((n + 1) / (c + 0.5)) for t, c in df.items()}


@lru_cache(maxsize=500_000)
def word_similarity(
    x: str, sx: str, y: str, sy: str, lx: str = "", ly: str = "", across: bool = False
) -> tuple[float, str]:
    """How alike two words are (skeletons `x`, `y`; phonetic codes `sx`, `sy`; Latin words
    `lx`, `ly`), and how: "" by spelling, "by sound" or "letters swapped". In two scripts
    (`across`) sounds weigh more, and one sound is one word whatever its vowels: a name spelt
    by ear keeps the consonants and reads the vowels its own way (ЕЙЛ for AL, ТЕЈ for TAI)."""
    sound_alike = SOUND_ALIKE_ACROSS if across else SOUND_ALIKE
    best, how = fuzz.ratio(x, y) / 100, ""
    if best == 1.0:
        return best, how
    lx, ly = lx or x, ly or y
    if (lx, ly) != (x, y):  # the skeletons can collapse one word more than the other (IAM, AM)
        best = max(best, fuzz.ratio(lx, ly) / 100)
    if across:  # spelt as one of the other's Cyrillic renderings: ЗЕ for THE
        rendered = [*(fuzz.ratio(lx, r) for r in rendered_spellings(ly)),
                    *(fuzz.ratio(ly, r) for r in rendered_spellings(lx))]  # fmt: skip
        if max(rendered, default=0) / 100 > best:
            best, how = max(rendered) / 100, "as rendered in Cyrillic"
    spelt = best
    if min(len(lx), len(ly)) >= 4:  # one letter struck for another in a short word: KHSN, KHAN
        best = max(best, Levenshtein.normalized_similarity(lx, ly))
    if (
        best < SWAPPED
        and min(len(lx), len(ly)) >= 2
        and max(len(lx), len(ly)) <= 4
        and (Levenshtein.distance(lx, ly, weights=(1, 1, 2), score_cutoff=1) == 1)
    ):  # a short word with one letter left out: AB for ABU, ON for ONG
        best, how = SWAPPED, "letter left out"
    if not across and best < KEYBOARD_SLIP and _keyboard_slip(lx, ly):
        best, how = KEYBOARD_SLIP, "neighbouring key"
    swapped = len(lx) == len(ly) >= 3 and sorted(lx) == sorted(ly)
    if swapped and best < SWAPPED and DamerauLevenshtein.distance(lx, ly, score_cutoff=1) == 1:
        best, how = SWAPPED, "letters swapped"
    if across and sx and sy and best < sound_alike and _rendered_alike(sx, sy, lx, ly):
        short = max(len(lx), len(ly)) <= 3  # a short word: ЗЕ, THE; ДЕЙ, DAY
        if short or len(sx) >= 2:
            if spelt < SOUND_ALONE_SPELT and (short or len(loose_sound(sx)) < SOUND_ALONE):
                return max(best, sound_alike * SOUND_ONLY_ACROSS), SOUND_ONLY
            return sound_alike, "by sound"
        return (best + sound_alike) / 2, "by sound"
    if sx == sy and len(sx) >= 2 and max(len(lx), len(ly)) <= 3:  # EL and AL, UL and OL
        return max(best, (best + sound_alike) / 2), "by sound"
    if (
        len(sx) >= MIN_SOUND
        and len(sy) >= MIN_SOUND
        and spelt >= SOUND_NEEDS_SPELLING
        and not (across and _syllable_more(sx, sy, lx, ly))
    ):
        by_sound = sound_alike * fuzz.ratio(sx, sy) / 100
        if by_sound > best:
            best, how = by_sound, "by sound"
    return best, how


def _may_be_alike(x: str, sx: str, y: str, sy: str, lx: str, ly: str) -> bool:
    """False only for two words of one script that `word_similarity` cannot find WORD_ALIKE
    alike, by a few C-level tests (three in four word pairs of the names weighed are
    unalike). Each of its ways is let through: a ratio of skeletons or Latin words at
    WORD_ALIKE (a letter left out of a short word is 0.8 at least, a neighbouring key 0.75),
    Levenshtein from four letters, two letters swapped, one sound, or codes alike enough
    that their ratio × SOUND_ALIKE reaches it."""
    if sx == sy:
        return True
    lx, ly = lx or x, ly or y
    cut = WORD_ALIKE * 100 - 0.1
    if fuzz.ratio(x, y) >= cut or fuzz.ratio(lx, ly) >= cut:
        return True
    near = WORD_ALIKE - 1e-3
    if min(len(lx), len(ly)) >= 4 and Levenshtein.normalized_similarity(lx, ly) >= near:
        return True
    if len(lx) == len(ly) and sorted(lx) == sorted(ly):
        return True
    return fuzz.ratio(sx, sy) >= cut / SOUND_ALIKE


def _keyboard_slip(x: str, y: str) -> bool:
    """Two words of four letters or more one slip of the finger apart on a QWERTY keyboard: a
    neighbouring key struck instead of the right one (MEGS, MEGA) or beside it (SARKL, SARL:
    the extra letter next to one of its neighbours in the word). Not in the first letter,
    which typists seldom miss and which makes another name (SAMER, AMER; SONATA, DONATA)."""
    if min(len(x), len(y)) < 4 or abs(len(x) - len(y)) > 1 or x[0] != y[0]:
        return False
    if len(x) == len(y):
        diff = [(p, q) for p, q in zip(x, y, strict=True) if p != q]
        return len(diff) == 1 and diff[0][1] in _NEIGHBOURS.get(diff[0][0], "")
    long, short = (x, y) if len(x) > len(y) else (y, x)
    i = next((k for k in range(len(short)) if long[k] != short[k]), len(short))
    if i == 0 or long[:i] + long[i + 1 :] != short:
        return False
    near = _NEIGHBOURS.get(long[i], "")
    return (i > 0 and long[i - 1] in near) or (i + 1 < len(long) and long[i + 1] in near)


_NEIGHBOURS = {
    ch: "".join(row[k] for k in (j - 1, j + 1) if 0 <= k < len(row))
    for row in QWERTY_ROWS
    for j, ch in enumerate(row)
}


def _one_sound(a: str, b: str) -> bool:
    """Two names (Latin texts) of one word each with one phonetic code of three letters at least
    (KUKO and KIKO, both KK, are two names)."""
    sa, sb = _tokens(a)[1], _tokens(b)[1]
    return len(sa) == 1 and sa == sb and len(sa[0]) >= MIN_SOUND


def _rendered_alike(sx: str, sy: str, lx: str, ly: str) -> bool:
    """Two words in two scripts that one Cyrillic rendering can give: one loose phonetic code
    (`names.loose_sound`), or one word's code among the other's renderings (LEIS, LAYTH)."""
    if sx == sy:
        return True
    if _syllable_more(sx, sy, lx, ly):
        return False
    lsx, lsy = loose_sound(sx), loose_sound(sy)
    if lsx and (lsx == lsy or lsx in renderings(ly) or lsy in renderings(lx)):
        return True
    # Г is hard before E and I too (ГЕЈНИ for GHANI), where Metaphone reads a G as J
    hx, hy = _HARD_G.sub("gu", lx), _HARD_G.sub("gu", ly)
    if (hx, hy) == (lx, ly):
        return False
    lhx, lhy = loose_sound(sound(hx)), loose_sound(sound(hy))
    return lhx == lhy or lhx in renderings(hy) or lhy in renderings(hx)


_HARD_G = re.compile(r"g(?=[eiy])")
# Vowels and the semivowels that stand for them across scripts (Й, Ј, Ю as y, j, yu; W as У)
_SYLLABLE = re.compile(r"[aeiouyjw]+")


def _syllable_more(sx: str, sy: str, lx: str, ly: str) -> bool:
    """Two words in two scripts whose phonetic codes differ only by a Y or W that brings a
    syllable of its own (`_syllables`): АЭРОСКАН and AEROSKYONE, two names."""
    return sx != sy and loose_sound(sx) == loose_sound(sy) and _syllables(lx) != _syllables(ly)


def _syllables(word: str) -> int:
    """The vowel groups of a Latin word, semivowels counted as vowels: a rendering keeps them
    (КЮН, CHUN: 1; ЕЈРУАЈС, AIRWAYS: 2; ТЕЙУАСУЛ, TAWASUL: 2) where a loose phonetic code,
    which drops Y and W, does not see a syllable more (АЭРОСКАН 3, AEROSKYONE 4: another
    name, sounding alike only once the YO is dropped). tester2 D16."""
    return len(_SYLLABLE.findall(word))


def rejoined(
    a: tuple[str, ...],
    sa: tuple[str, ...],
    wa: list[str],
    b: tuple[str, ...],
    sb: tuple[str, ...],
    wb: list[str],
) -> tuple[list[str], list[str], list[str], list[str]]:
    """The words of name a (skeletons `a`, sounds `sa`, Latin words `wa`) as name b has them,
    where a splits one of b's words ("seci n"), runs two together ("sinaiprovince") or moves
    the space between two ("ira nspace"); with a note of each change for the explanation."""
    known = set(b)
    if known.issuperset(a):  # every word of a is one of b's: nothing to re-read
        return list(a), list(sa), wa, []
    # two words run together, as their skeletons joined or as the skeleton of their letters
    # joined (DMITRIALEKSEEVICH: "ia" is one letter of the skeleton only once they meet)
    pair_at, run_together = _run_together(b, tuple(wb))
    ta: list[str] = []
    tsa: list[str] = []
    twa: list[str] = []
    notes: list[str] = []
    i = 0
    while i < len(a):
        if a[i] not in known and i + 1 < len(a):
            merged = skeleton(wa[i] + wa[i + 1])
            if merged in known and a[i + 1] not in known:
                ta.append(merged)
                tsa.append(sound(wa[i] + wa[i + 1]))
                twa.append(wa[i] + wa[i + 1])
                notes.append(f"'{wa[i]} {wa[i + 1]}' read as one word")
                i += 2
                continue
            j = pair_at.get(merged, -1)
            if j >= 0 and (a[i], a[i + 1]) != (b[j], b[j + 1]):
                ta += [b[j], b[j + 1]]
                tsa += [sb[j], sb[j + 1]]
                twa += [wb[j], wb[j + 1]]
                notes.append(f"'{wa[i]} {wa[i + 1]}' read as '{wb[j]} {wb[j + 1]}'")
                i += 2
                continue
        if a[i] not in known and a[i] in run_together:
            j = run_together[a[i]]
            ta += [b[j], b[j + 1]]
            tsa += [sb[j], sb[j + 1]]
            twa += [wb[j], wb[j + 1]]
            notes.append(f"'{wa[i]}' read as two words")
            i += 1
            continue
        ta.append(a[i])
        tsa.append(sa[i])
        twa.append(wa[i])
        i += 1
    return ta, tsa, twa, notes


@lru_cache(maxsize=100_000)
def _run_together(b: tuple[str, ...], wb: tuple[str, ...]) -> tuple[dict[str, int], dict[str, int]]:
    """For `rejoined`, once per listed name (each is weighed against many queries): the
    position of each two neighbouring words of a name (skeletons `b`, Latin words `wb`) by
    their skeletons joined, and by those or the skeleton of their letters joined."""
    pair_at = {b[j] + b[j + 1]: j for j in range(len(b) - 1)}
    return pair_at, {skeleton(wb[j] + wb[j + 1]): j for j in range(len(b) - 1)} | pair_at


def soft_tfidf(
    a: str,
    b: str,
    weights: Mapping[str, float],
    unseen: float,
    across: bool = False,
    forms_a: str = "",
    forms_b: str = "",
    person: bool = False,
) -> tuple[float, str]:
    """Similarity of two names (their Latin texts without legal forms): the words of the two
    paired one to one, most alike first (`word_similarity`; a pair counts when at least
    WORD_ALIKE alike), each weighted by its rarity — SoftTFIDF (Cohen, Ravikumar & Fienberg
    2003) made symmetric; with the words left without a close partner, spelt apart or read
    otherwise, for the explanation. A word no listed name has weighs `unseen`. Names written
    in two scripts (`across`) are expected to be spelt by sound: sounds weigh more and a name
    alike by sound only is not discounted. A word left without a partner may pair with a word
    the other name lost as a legal form (`forms_a`, `forms_b`, from `forms_taken_out`: AB of
    SALAH AB MUHAMAD is ABU struck short, not the Swedish AB; CSC is CJSC): it weighs then as
    its partner does. Names of a person (`person`) are weighed without the patronymic one of
    them gives and the other lacks (`names.patronymic_at`): missing, not different; a
    patronymic pairs with no given name (ARKADI is no ARKADYEVICH)."""
    if a == b:
        return 1.0, ""
    ka, sa = _tokens(a)
    tb, sb = _tokens(b)
    lb = b.split()
    ta, tsa, la, notes = rejoined(ka, sa, a.split(), tb, sb, lb)
    wa = [weights.get(t) or _weight(t, weights, unseen, w) for t, w in zip(ta, la, strict=True)]
    wb = [weights.get(t) or _weight(t, weights, unseen, w) for t, w in zip(tb, lb, strict=True)]
    pa, pb = (patronymic_at(tuple(la)), patronymic_at(tuple(lb))) if person else (None, None)
    scored = _alike_pairs((ta, tsa, la, pa), (tb, sb, lb, pb), across)
    scored.sort(key=_by_similarity, reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    got = 0.0
    apart: list[str] = []
    spelt = False
    for sim, how, i, j in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        got += sim * (wa[i] + wb[j])
        spelt = spelt or (how not in ("by sound", SOUND_ONLY) and sim >= SPELT_ALIKE)
        if sim < 1.0 or how:
            apart.append(f"{ta[i]}~{tb[j]}" + (f" {how}" if how else ""))
    total = sum(wa) + sum(wb)
    read: list[str] = []
    slipped: list[str] = []
    for mine, used, other_forms, tw, tt, ts, tl in (
        (tb, used_b, forms_a, wb, tb, sb, lb),
        (ta, used_a, forms_b, wa, ta, tsa, la),
    ):
        for f in other_forms.split() if other_forms and len(used) < len(mine) else ():
            k = _form_slipped(f, tl, used)
            if k is not None:  # the other's form typed with a slip here (GMNBH, EOPD): no word
                used.add(k)
                total -= tw[k]
                slipped.append(f"{tl[k]}~{f}")
                continue
            kf, sf = skeleton(f), sound(f)
            pair = max(
                ((*word_similarity(kf, sf, tt[k], ts[k], f, tl[k], across), k)
                 for k in range(len(mine)) if k not in used
                 and (across or _may_be_alike(kf, sf, tt[k], ts[k], f, tl[k]))),
                default=None,
            )  # fmt: skip
            if pair is None or pair[0] < SPELT_ALIKE:
                continue
            sim, how, k = pair
            if how == "by sound" and not across and not _one_slip(f, tl[k]):
                continue  # PART and PORT, in one script, are two words; ПАРТ is PORT by ear
            used.add(k)
            got += sim * 2 * tw[k]
            total += tw[k]
            read.append(f if f == tl[k] else f"{f}~{tl[k]}")
    # A patronymic one name gives and the other, which has none, lacks is information missing
    # there (Yuri Kovalchuk, KOVALCHUK, Yuri Valentinovich); two that differ count against.
    lacking, weight = _lacking_patronymic((pa, la, wa, used_a), (pb, lb, wb, used_b))
    total -= weight
    notes += [f"patronymic {lacking} on one side only, not counted"] if lacking else []
    if read:
        notes.append("read as words, not legal forms: " + ", ".join(read))
    if slipped:
        notes.append("a legal form typed with a slip: " + ", ".join(slipped))
    apart += [t for i, t in enumerate(ta) if i not in used_a]
    apart += [t for j, t in enumerate(tb) if j not in used_b]
    score = got / total if total else 0.0
    if not spelt and score and not across:  # NIPL and NAPOLI: one sound, two names
        score *= SOUND_ONLY_FACTOR
        notes.append("alike by sound only")

    return score, ", ".join(notes + apart[:4])


# Word pairs already weighed, by their Latin words (which give their skeletons and sounds): the
# same pair comes back in many name pairs (a listed name's words against many queries').
ALIKE_SEEN = 1_000_000  # word pairs remembered, in each script setting, before starting afresh
_ALIKE: dict[tuple[str, str], tuple[float, str] | None] = {}
_ALIKE_ACROSS: dict[tuple[str, str], tuple[float, str] | None] = {}
_UNSEEN = (-1.0, "")


def _alike_words(
    x: str, sx: str, y: str, sy: str, lx: str, ly: str, across: bool
) -> tuple[float, str] | None:
    """`word_similarity` of two words if it is at least WORD_ALIKE, else None; words of one
    script set aside first where `_may_be_alike` shows they cannot be."""
    if not across and not _may_be_alike(x, sx, y, sy, lx, ly):
        return None
    sim, how = word_similarity(x, sx, y, sy, lx, ly, across)
    return (sim, how) if sim >= WORD_ALIKE else None


Words = tuple[Sequence[str], Sequence[str], Sequence[str], int | None]  # skeletons, sounds,
# Latin words, and where the name's patronymic stands (None: it has none, or is no person's)


def _alike_pairs(a: Words, b: Words, across: bool) -> list[tuple[float, str, int, int]]:
    """(similarity, how, i, j) of the pairs of words of a and b at least WORD_ALIKE alike
    (`word_similarity`). A patronymic pairs with no given name (`_patronymic_apart`); two
    patronymics are as alike as their stems (`_alike_patronymics`)."""
    (ta, tsa, la, pa), (tb, sb, lb, pb) = a, b
    scored: list[tuple[float, str, int, int]] = []
    seen = _ALIKE_ACROSS if across else _ALIKE
    patronymics = pa is not None or pb is not None
    for i, (x, sx, lx) in enumerate(zip(ta, tsa, la, strict=True)):
        for j, (y, sy, ly) in enumerate(zip(tb, sb, lb, strict=True)):
            if patronymics:
                hit = _alike_patronymics(i, j, pa, pb, lx, ly, across)
            elif x == y:
                hit = (1.0, "")
            else:
                hit = seen.get((lx, ly), _UNSEEN)
                if hit is _UNSEEN:
                    hit = _alike_words(x, sx, y, sy, lx, ly, across)
                    if len(seen) >= ALIKE_SEEN:
                        seen.clear()
                    seen[lx, ly] = hit
            if hit is not None:
                scored.append((hit[0], hit[1], i, j))
    return scored


def _patronymic_apart(i: int, j: int, pa: int | None, pb: int | None, lx: str, ly: str) -> bool:
    """Whether words i and j (Latin `lx`, `ly`) of two person names whose patronymics stand at
    `pa`, `pb` cannot pair: one a patronymic, the other no nearer to it than to its stem, the
    father's given name (ARKADI is ARKADYEVICH's ARKADY, not the patronymic; VIKTOROVICGH,
    typed with a slip, and SERDZHIEVAICH, spelt by ear, are patronymics)."""
    if i == pa and j != pb:
        return _nearer_the_stem(lx, ly)
    return j == pb and i != pa and _nearer_the_stem(ly, lx)


def _nearer_the_stem(patronymic: str, word: str) -> bool:
    """Whether `word` is a given name: at most a letter longer than the stem of `patronymic`
    (`names.patronymic_stem`) and at least as alike to it as to the whole patronymic (a
    patronymic spelt by ear keeps its length: YUVENALIVIK is YUVENALIEVICH, not YUVENALI)."""
    stem = patronymic_stem(patronymic)
    return len(word) <= len(stem) + 1 and fuzz.ratio(word, stem) >= fuzz.ratio(word, patronymic)


Side = tuple[int | None, list[str], list[float], set[int]]  # patronymic, words, weights, paired


def _lacking_patronymic(a: Side, b: Side) -> tuple[str, float]:
    """(the patronymic, its weight) that one name gives unpaired and the other, having none,
    lacks, set paired; or ("", 0) when each has one, or neither."""
    for (at, words, weights, paired), (other, *_) in ((a, b), (b, a)):
        if at is not None and other is None and at not in paired:
            paired.add(at)
            return words[at], weights[at]
    return "", 0.0


def _alike_patronymics(
    i: int, j: int, pa: int | None, pb: int | None, lx: str, ly: str, across: bool
) -> tuple[float, str] | None:
    """`_alike_words` of words i and j (Latin `lx`, `ly`) of two person names whose patronymics
    stand at `pa`, `pb`: None if they cannot pair (`_patronymic_apart`); two patronymics by
    their stems (`names.patronymic_stem`): their shared ending makes any two look alike
    (IVANOVICH, VALENTINOVICH 0.7)."""
    if _patronymic_apart(i, j, pa, pb, lx, ly):
        return None
    x, y = (patronymic_stem(lx), patronymic_stem(ly)) if (i, j) == (pa, pb) else (lx, ly)
    if x == y:
        return 1.0, ""
    return _alike_words(skeleton(x), sound(x), skeleton(y), sound(y), x, y, across)


def _form_slipped(form: str, words: list[str], used: set[int]) -> int | None:
    """The position of the word, first or last in a name of two words or more and paired with
    none, that is `form` (a legal form as written, of four letters or more, the other name
    lost: GMBH, OJSC, EOOD; not PROT, a word read as one) typed with one slip — a neighbouring
    key struck instead or beside it (GMNBH, EOPD, OJSVC), a letter left out (CSC, OJC) or two
    swapped; None if there is none."""
    if len(form) < 4 or len(words) < 2 or not written_form(form):
        return None
    for k in (0, len(words) - 1):
        w = words[k]
        if k in used or w == form or abs(len(w) - len(form)) > 1:
            continue
        left_out = len(w) == len(form) - 1 and Levenshtein.distance(w, form, score_cutoff=1) == 1
        swapped = sorted(w) == sorted(form) and DamerauLevenshtein.distance(w, form) == 1
        if left_out or swapped or _keyboard_slip(w, form):
            return k
    return None


def _one_slip(a: str, b: str) -> bool:
    """Two words one typing slip apart (a letter left out, added, struck for another or two
    swapped: AB, ABU; PROT, PORT), but not one vowel put for another (PART, PORT: two words)."""
    if DamerauLevenshtein.distance(a, b, score_cutoff=1) != 1:
        return False
    if len(a) != len(b):
        return True
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return not (len(diff) == 1 and diff[0][0] in "aeiouy" and diff[0][1] in "aeiouy")


def _by_similarity(scored: tuple[float, str, int, int]) -> tuple[float, int, int]:
    """Most alike first; among equals, the later words first (as the sort of (sim, i, j))."""
    return scored[0], scored[2], scored[3]


def _weight(token: str, weights: Mapping[str, float], unseen: float, written: str = "") -> float:
    """A word's weight (`word_weights`); an unseen one weighs `unseen`, or SHORT_WORD_WEIGHT
    if written with one or two letters (KHN, whose skeleton is GN, is a word of three)."""
    got = weights.get(token)
    if got is not None:
        return got
    return min(unseen, SHORT_WORD_WEIGHT) if len(written or token) <= 2 else unseen


def _numbers_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and a != b


@lru_cache(maxsize=300_000)
def _numbers(text: str) -> frozenset[str]:
    """The numbers in a name (hull 455, branch 215), also inside a word (YARD NO.2656, whose
    Latin text has "no2656"): identifiers, so two that differ are two."""
    if not _DIGIT.search(text):
        return _NO_NUMBERS
    return frozenset(_DIGITS.findall(text))


_DIGIT = re.compile("[0-9]")
_DIGITS = re.compile("[0-9]+")
_NO_NUMBERS: frozenset[str] = frozenset()


def _letters(texts: pd.Series) -> pd.Series:
    """The letters, sorted, of each one-word name short enough to be discounted as short (None
    for the rest: most names)."""
    t = texts.astype(object)
    short = t.str.len().between(SWAPPED_SHORT_MIN, SHORT_NAME + 1) & ~t.str.contains(" ")
    out = pd.Series(None, index=texts.index, dtype=object)
    out[short] = ["".join(sorted(x)) for x in t[short]]
    return out


def _swapped_acronym(a: str, b: str) -> bool:
    """Two one-word names (Latin texts) of SWAPPED_SHORT_MIN letters or more, the same letters
    with two neighbours swapped (RIGC, IRGC): a short name typed with every letter, so not
    discounted as short. From four letters only: a random four-letter acronym is one of the
    OFAC list's 303 four-letter names by one swap 0.2 % of the time, a three-letter one one of
    its 402 three-letter names 4 % of the time (and 2.4 % exactly)."""
    return (
        len(a) == len(b) >= SWAPPED_SHORT_MIN
        and " " not in a
        and " " not in b
        and sorted(a) == sorted(b)
        and DamerauLevenshtein.distance(a, b, score_cutoff=1) == 1
    )
