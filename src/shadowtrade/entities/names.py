"""Company and person names reduced to keys that survive scripts, spellings and legal forms.

"Југоимпорт СДПР а.д.", "JUGOIMPORT-SDPR AD" and "Jugoimport SDPR a.d." are one company; so are
"ТОВ Щедрий Хліб", "TOV Shchedryi Khlib" and "Ščedryj Xlib TOV". Three steps:

1. **Latin letters**: Cyrillic (Serbian, Russian, Ukrainian, Bulgarian …) and other scripts to
   ASCII with `rigour.text.ascii_text`, the transliteration of OpenSanctions' tooling.
2. **Legal forms out**: `rigour.names.remove_org_types` knows the Western forms and their long
   spellings ("Aktiengesellschaft", "Obshchestvo s ogranichennoy otvetstvennostyu"); the forms of
   the region it lacks (EOOD, OOD, DOOEL, TOV, PrAT, TOO …) are removed here as whole tokens.
3. **Loose spellings collapsed** (`skeleton`): each language romanises the same letter its own
   way and writers mix them — Щ as Shch, Sht, Šč or Sc; Х as Kh, H or X and Г as G or (in
   Ukrainian and Belarusian) H, so G, H, Kh and X fall together; Ж as Zh or Ž; Ђ as Dj
   or Đ; Ћ/Ч as C, Ć, Ch or Č; Й/Ы/Ї as Y, J or I; a hard C (Comercio) as К — so these are
   reduced to one letter each, the way a phonetic key would, but by the romanisation rules
   rather than English sound rules.

4. **Sound** (`sound`): a foreign name spelt by ear — "ИСЛАМИК РЕВОЛУШНАРИ ГУАРД КОРПС" is
   "islamik revolushnari guard korps" in Latin letters — keeps the consonants of the English
   spelling, so each word also has a phonetic code (Metaphone, jellyfish's implementation via
   `rigour.text.phonetics`, after the digraphs of Cyrillic romanisation are read as English
   letters: dzh → j, kh → h): ISLMK RFLXNR KRT KRPS for both spellings. Legal-form words are
   recognised by sound too ("kompani", "korporeishn", "colsed joint stock"; an abbreviation
   without vowels by its sound: ПДЖСК is PJSC, ЛК is LLC).

The tokens of the result, sorted, make the key (word order does not matter: "Petrov Ivan" and
"Ivan Petrov"). Keys are for blocking and for exact cross-script matches; scoring of near
matches is rapidfuzz's job on the same normalised text.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein, Levenshtein
from rigour.names import remove_org_types
from rigour.text import ascii_text
from rigour.text.phonetics import metaphone

# Legal forms of the region that rigour's list does not carry, as they appear in Latin letters
# after transliteration (Bulgarian, Macedonian, Ukrainian, Kazakh, Serbian and Croatian forms).
EXTRA_LEGAL_FORMS = frozenset({
    "eood", "ood", "ead", "ad", "et", "dooel", "doo", "dd", "tov", "prat", "pat", "vat", "tdv",
    "too", "ao", "zao", "oao", "pao", "ooo", "ip", "chp", "sp", "spzoo", "sro", "as", "kft",
    "zrt", "bv", "nv", "srl", "spa", "sas", "sarl", "gmbh", "ag", "llc", "ltd", "inc", "plc",
    "jsc", "ojsc", "cjsc", "pjsc", "co", "corp", "company", "limited", "fz", "fze", "fzco",
    "fzc", "pte", "bhd", "sdn", "pvt", "llp", "lp", "kg", "sl", "sa", "se", "oy", "ab", "aps",
    "pjs", "ltda", "pty",
    # Russian state and research enterprises as OFAC and the press romanise them: FSUE / FGUP
    # (federal state unitary enterprise, ФГУП), SUE / GUP, SRPE (state research and production
    # enterprise), NPP (НПП, research and production enterprise), FKP (federal state enterprise)
    "fsue", "fgup", "sue", "gup", "srpe", "npp", "fkp",
    # A concern (концерн: a group of enterprises under one head, "Kontsern Izhmash", "Kalashnikov
    # Concern") names the kind of company, as a holding's form does: not a word of its name.
    "kontsern", "koncern", "concern",
})  # fmt: skip
# Russian forms of non-profit bodies, abbreviated, that stand first ("НП «Ассоциация …»"): НП
# (non-commercial partnership), АНО (autonomous non-commercial organisation), НКО (non-commercial
# organisation). Taken out only first in a name of two words or more: elsewhere they are
# initials or words (Nguyen Van Ano). Their long spellings are in `_LEGAL_PHRASES`.
LEADING_LEGAL_FORMS = frozenset({"np", "ano", "nko"})
SOUND_SPELT = 55  # a word sounding like a legal-form word is one when spelt this alike (ratio)
SHORT_SOUND_SPELT = 70  # ... a word of three letters this alike (ЭУД, EOOD 86; SIR, SRO 67)
TRAILING_LEGAL_FORMS = frozenset({"ko"})  # CO as Cyrillic writes it: a form only at the end
# Long legal-form words: a token one typing slip from one of these is that word misspelt.
# "charity" and "limitada" are the single words rigour removes as organisation types (probed
# word by word): spelt by ear (ЧЕЈРИТИ) they are removed too, or the other side is left alone.
LONG_LEGAL_WORDS = ("company", "limited", "corporation", "incorporated", "aktsionernoe",
                    "obshchestvo", "tovaristvo", "gesellschaft", "kompaniya", "charity",
                    "limitada")  # fmt: skip
# Legal forms of several words, recognised word by word by sound (a slip in any word:
# "colsed joint stock company", "limited laiabiliti kompani"); the longest first.
LEGAL_PHRASES = (
    ("closed", "joint", "stock", "company"), ("open", "joint", "stock", "company"),
    ("public", "joint", "stock", "company"), ("limited", "liability", "partnership"),
    ("limited", "liability", "company"), ("public", "limited", "company"),
    ("joint", "stock", "company"), ("company", "limited"), ("private", "limited"),
    ("limited", "liability"), ("joint", "stock"), ("co", "ltd"),
)  # fmt: skip
# Legal forms of several words that the token rule cannot see as one (after `latin`).
_LEGAL_PHRASES = re.compile(
    r"\b(sp z o ?o|spolka z ograniczona odpowiedzialnoscia|gesellschaft mit beschrankter haftung"
    r"|s de rl de cv|s de r l de cv|sa de cv|s de rl|ltd sti|limited liability company"
    r"|joint stock company|public joint stock company|closed joint stock company"
    # non-commercial partnership and autonomous non-commercial organisation (НП, АНО) as
    # transliteration gives them, in any case ending (nekommercheskoe, nekommercheskogo ...)
    r"|nekommerchesk[a-z]* partnerstv[a-z]*|avtonomn[a-z]* nekommerchesk[a-z]* organizats[a-z]*"
    r"|non ?commercial partnership|non ?profit partnership)\b"
)
_PUNCT = re.compile(r"[^a-z0-9 ]+")
_NO_APOSTROPHES = str.maketrans("", "", "'`\u2019\u02bc\u02b9\u02bb")
_DOTTED = re.compile(r"\b([a-z])\.(?=[a-z]\.)")  # d.o.o. → doo, a.d. → ad
# Romanisation variants, longest first: each maps to the one letter the key keeps.
_LOOSE = (
    ("shch", "s"), ("sch", "s"), ("sht", "s"), ("sh", "s"), ("sc", "s"), ("zh", "z"), ("kh", "g"),
    ("ch", "c"), ("tch", "c"), ("ts", "c"), ("tz", "c"), ("dzh", "z"), ("dj", "d"), ("gj", "g"),
    ("kj", "k"), ("yu", "u"), ("ju", "u"), ("iu", "u"), ("ya", "a"), ("ja", "a"), ("ia", "a"),
    ("ye", "e"), ("je", "e"), ("ie", "e"), ("yo", "o"), ("jo", "o"), ("iy", "i"), ("yi", "i"),
    ("yj", "i"), ("ij", "i"), ("ii", "i"), ("y", "i"), ("j", "i"), ("ksh", "ks"), ("ks", "g"),
    ("x", "g"), ("w", "v"), ("ph", "f"), ("q", "k"), ("ck", "k"), ("gh", "g"), ("h", "g"),
)  # fmt: skip
_LOOSE_RE = re.compile("|".join(re.escape(a) for a, _ in _LOOSE))
# A hard C is the K of the languages that write Cyrillic (Comercio, Комерцио; Victor, Виктор):
# C before any letter but E, I and Y, where it is soft, and H and Z, where it is part of
# another sound (CH, Polish CZ), and not in SC, which the table above reads (CS is KS, read
# as X: ELECTRONICS, ЭЛЕКТРОНИКС); by the next letter alone, so a word split in two keeps its
# letters (CUBAN ACAN, CUBANACAN) and a slip beside it leaves it hard (CPONDURANGO,
# CONDURANGO); acronyms ending in C stay (IEC, IEK).
_HARD_C = re.compile(r"(?<!s)c(?=[abcdfgjklmnopqrstuvwx])")
_LOOSE_MAP = dict(_LOOSE)
_DOUBLE = re.compile(r"([a-z])\1+")


# Й is Y (Йона, Yona; Йемен, Yemen), as BGN/PCGN writes it, not I as `ascii_text` does.
_ASCII_OF: dict[int, str] = {ord("й"): "y", ord("Й"): "Y"}


def _to_ascii(text: str) -> str:
    """`rigour.text.ascii_text` one letter at a time, each letter's reading remembered: the same
    letters as a whole-string call, without its cost (a third of a millisecond a name)."""
    for ch in set(text):
        if ord(ch) > 127 and ord(ch) not in _ASCII_OF:
            _ASCII_OF[ord(ch)] = ascii_text(ch)
    return text.translate(_ASCII_OF)


def latin(name: str) -> str:
    """The name in lower-case ASCII, punctuation to spaces, dotted abbreviations joined."""
    text = (name if name.isascii() else _to_ascii(name)).lower()
    # Apostrophes are letters' marks (the soft sign of Stal'prom, the ayn of Qa'ida): drop them.
    text = text.translate(_NO_APOSTROPHES)
    if "." in text:
        text = _DOTTED.sub(r"\1", text).replace(".", "")
    return " ".join(_PUNCT.sub(" ", text).split())


def without_legal_form(text: str) -> str:
    """`text` (from `latin`) without legal forms, unless nothing else is left."""
    apart = _forms_apart(text.split())
    if len(apart) > 1:
        apart[-1] = _c_for_k(apart[-1])
    phrases_out = _LEGAL_PHRASES.sub(" ", " ".join(_without_phrases(apart)))
    kept = remove_org_types(phrases_out).lower()
    tokens = [
        t for t in _PUNCT.sub(" ", kept).split()
        if t not in EXTRA_LEGAL_FORMS and not _misspelt_legal_word(t)
    ]  # fmt: skip
    # A word read as a form by a slip or by ear only where it ends the name: one before a form
    # taken out is a name's word (GHALI, Iyad AG: IYAD is no EAD spelt by ear).
    ends = bool(tokens) and tokens[-1] == apart[-1]
    if len(tokens) > 1 and (
        tokens[-1] in TRAILING_LEGAL_FORMS
        or (ends and _swapped_form(tokens[-1]))
        or tokens[-1] in _SHORTENED_FORMS
        or (ends and _form_by_ear(tokens[-1]))
    ):
        tokens.pop()
    if len(tokens) > 1 and (_swapped_form(tokens[0]) or tokens[0] in LEADING_LEGAL_FORMS):
        tokens.pop(0)
    return " ".join(tokens) or text


@lru_cache(maxsize=10_000)
def _is_form(token: str) -> bool:
    """A token that is a legal form of its own (PLLC is no P moved into LLC)."""
    return token in EXTRA_LEGAL_FORMS or not remove_org_types(token).strip()


@lru_cache(maxsize=10_000)
def _c_for_k(token: str) -> str:
    """A short token that is a legal form once its K is read C, as Cyrillic writes the C of
    Latin forms (К.В. for C.V., К.А. for C.A., С.К.С. for S.C.S.), is that form; taken only
    last in a name (QA SEM is no C.A.)."""
    if len(token) > 3 or "k" not in token:
        return token
    c = token.replace("k", "c")
    return c if _is_form(c) else token


def _form_by_ear(token: str) -> bool:
    """A short last word that is a legal form written by ear: only O and A (ОО, ОА for OOO,
    OAO), or one sound with a form that has vowels, of two letters (УД for OOD, both AT) or
    spelt a little alike too (ЭУД for EOOD, С.ЕЙ.Р.Л. for SARL)."""
    if not 2 <= len(token) <= 5:
        return False
    if len(token) <= 3 and set(token) <= {"a", "o"}:
        return True
    forms = _VOWELLED_FORM_SOUNDS.get(sound(token), ())
    # three letters are a word as often as a form (SIR, SRO): there nearer spelling is asked
    alike = SOUND_SPELT if len(token) > 3 else SHORT_SOUND_SPELT
    return any(len(token) == 2 or fuzz.ratio(token, f) >= alike for f in forms)


def _forms_apart(tokens: list[str]) -> list[str]:
    """`tokens` with a legal form split by a stray space joined ("limi ted" → "limited"), one
    run into the name's first or last word split off ("gatewickllc" → "gatewick llc",
    "llcruschemtrade" → "llc ruschemtrade") and the space moved into a form last put back
    ("landmatic sllc" → "landmatics llc")."""
    out: list[str] = []
    i = 0
    last = len(tokens) - 1
    while i < len(tokens):
        t = tokens[i]
        if i < last and t + tokens[i + 1] in _LONG_FORMS:
            out.append(t + tokens[i + 1])
            i += 2
            continue
        if (
            i == last
            and i > 0
            and t[1:] in _MOVED_INTO_FORMS
            and not _is_form(t)
            and not _swapped_form(t)
        ):  # ASRL is SARL swapped, no A moved
            out[-1] += t[0]
            out.append(t[1:])
            i += 1
            continue
        # (one C-level test of all the forms first: most words end and start with none)
        if (i == last or (i == 0 and last > 0)) and len(t) >= 6:
            cut = None
            if t.endswith(_RUN_ON_FORMS):
                cut = next((f for f in _RUN_ON_FORMS if t.endswith(f) and len(t) - len(f) >= 4),
                           None)  # fmt: skip
            if cut is not None:
                out += [t[: -len(cut)], cut]
                i += 1
                continue
            if t.startswith(_RUN_ON_FORMS):
                cut = next((f for f in _RUN_ON_FORMS if t.startswith(f) and len(t) - len(f) >= 4),
                           None)  # fmt: skip
            if cut is not None:
                out += [cut, t[len(cut) :]]
                i += 1
                continue
        out.append(t)
        i += 1
    return out


def _without_phrases(tokens: list[str]) -> list[str]:
    """`tokens` without the LEGAL_PHRASES in them, each word recognised by its sound or, from
    four letters, with one typing slip ("joitn stokc company", "closrd joint stock")."""
    if len(tokens) < 2:
        return tokens
    words = [_phrase_words(t) for t in tokens]
    if not any(words):  # no word of a phrase here: the usual case
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for phrase in LEGAL_PHRASES if phrase_start(words[i]) else ():
            if len(phrase) <= len(tokens) - i and all(
                w in words[i + k] for k, w in enumerate(phrase)
            ):
                i += len(phrase)
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def phrase_start(words: frozenset[str]) -> bool:
    """Whether one of the words can open a multi-word legal form (JOINT STOCK COMPANY)."""
    return not _PHRASE_OPENING_WORDS.isdisjoint(words)


@lru_cache(maxsize=100_000)
def _phrase_words(token: str) -> frozenset[str]:
    """The words of LEGAL_PHRASES `token` can be: one sound, or one slip from four letters."""
    found = _PHRASE_WORDS_OF_SOUND.get(sound(token), _NO_WORDS)
    if len(token) < 4:
        return found
    # only words within a letter of its length can be one slip away
    slipped = [
        w for n in (len(token) - 1, len(token), len(token) + 1)
        for w in _PHRASE_WORDS_OF_LENGTH.get(n, ())
        if DamerauLevenshtein.distance(token, w, score_cutoff=1) <= 1
    ]  # fmt: skip
    return found.union(slipped) if slipped else found


@lru_cache(maxsize=100_000)
def _misspelt_legal_word(token: str) -> bool:
    """ "compaay", "limitzd", "corporaton": a long legal-form word with one slip in it; or
    one spelt by ear ("kompani", "korporeishn", "inkorporeited")."""
    if 3 <= len(token) <= 4:
        form = _SHORT_FORM_LETTERS.get("".join(sorted(token)))
        if form is not None and DamerauLevenshtein.distance(token, form) <= 1:
            return True
    if 3 <= len(token) <= 4 and any(
        Levenshtein.distance(token, f, score_cutoff=1) <= 1
        for f in _SHORT_FORM_SOUNDS.get(sound(token), ())
    ):
        return True
    if not _VOWEL.search(token) and (
        _FORM_OF_SOUND.get(sound(token), 9) <= len(token) + 1
        or skeleton(token).replace("c", "k") in _FORM_SKELETONS
    ):
        return True  # an abbreviation written by ear: ПДЖСК (pdzhsk) PJSC, ЛК (lk) LLC
    if len(token) < 5:
        return False
    # By sound, when spelt at least a little alike too (KURDI sounds like CHARITY, KRT)
    if any(fuzz.ratio(token, w) >= SOUND_SPELT for w in _LEGAL_SOUNDS.get(sound(token), ())):
        return True
    return len(token) >= 6 and any(
        DamerauLevenshtein.distance(token, w, score_cutoff=1) <= 1
        for n in (len(token) - 1, len(token), len(token) + 1)
        for w in _LONG_LEGAL_WORDS_OF_LENGTH.get(n, ())
    )


def _swapped_form(token: str) -> bool:
    """A legal form of three or four letters with two of them swapped (AZO for ZAO), taken
    as one only first or last in a name, where forms stand (PART is a word, not PRAT). One of
    four letters with one left out (LTA for LTDA, GMB for GMBH) is taken only last."""
    form = _SWAPPED_FORMS.get("".join(sorted(token))) if 3 <= len(token) <= 4 else None
    return form is not None and DamerauLevenshtein.distance(token, form) == 1


# Romanised Cyrillic digraphs read as the English letters they stand for, before Metaphone:
# Џ/ДЖ (dz, dzh) and Ж (zh) as j, Х (kh) as h, Ц (ts) as s, КШ (ksh) as k and sh, КВ before a
# vowel as QU (Аква, AQUA; Москва, MOSCOW), and Й/Ј
# ending a word (Компанј, Револушнариј) or after a vowel and before a consonant (Чејрити,
# Charity; Тејнкер, Tanker) as i.
_SOUND_DIGRAPHS = re.compile(
    r"dzh|dz|zh|kh|th|ksh|ks|kv(?=[aeiou])|ts|ij|iy|yi|j$|(?<=[aeou])j(?![aeiou])"
)
_SOUND_OF = {"dzh": "j", "dz": "j", "zh": "j", "kh": "h", "th": "t", "ksh": "ksh", "ks": "x",
             "kv": "q", "ts": "s", "ij": "i", "iy": "i", "yi": "i", "j": "i"}  # fmt: skip


@lru_cache(maxsize=300_000)
def sound(token: str) -> str:
    """Phonetic code of one Latin token (from `latin`): Metaphone after reading romanised
    Cyrillic digraphs as English letters ("revolushnari" and "revolutionary" → RFLXNR); H
    and G (K) are one sound, as Cyrillic writes H as Г or Х, and an opening vowel or W is
    one sound (Ould, Auld; Wali, Uali)."""
    if not token.isalpha():
        return token
    code = str(metaphone(_SOUND_DIGRAPHS.sub(lambda m: _SOUND_OF[m.group(0)], token)))
    code = code.replace("H", "K")
    return "A" + code[1:] if code[:1] in ("A", "E", "I", "O", "U", "W") else code


# English letters the Cyrillic press writes more than one way, as their Latin reading comes back
# from the Cyrillic: TH as Т, С or З (ЛЕЙС for LAYTH, ЗЕ for THE), W as В (КВАНГ for KWANG), CH as
# К or Х besides Ч (КЕМИКАЛ for CHEMICAL, ХАТАРОНГ for CHATURONG), GH as Г or not at all (РОЛИ
# for RALEIGH), TU before R as Ч (ФЬЮЧЕР for FUTURE), a soft C as С or Ц, and as К where the press
# follows the letter rather than the sound (КИПР for CYPRUS, К.И. for C.I.); and a doubled letter
# once (ХАМУД for HAMMOUD, РИЧИО for RICCIO).
_RENDERED = re.compile(r"th|ch|gh|tu(?=r)|w|c(?=[eiy])")
_RENDERINGS = {"th": ("t", "s", "z"), "ch": ("k", "h"), "gh": ("g", ""), "tu": ("ch",),
               "w": ("v",), "c": ("s", "ts", "k")}  # fmt: skip
_DOUBLED = re.compile(r"([a-z])\1")
_SEMIVOWELS = str.maketrans("", "", "WY")
RENDERED_SITES = 3  # the letters of a word rendered several ways that are tried, the first ones
RENDERED_SOUNDS = 64  # a name's renderings tried whole (`rendered_sounds`), at most


def loose_sound(code: str) -> str:
    """A phonetic code without its semivowels: across scripts Y and W come and go (КЮН for
    CHUN, ЕЈРУАЈС for AIRWAYS, ТЕЙУАСУЛ for TAWASUL), so they are not compared there."""
    return code.translate(_SEMIVOWELS) if len(code) > 1 else code


@lru_cache(maxsize=300_000)
def rendered_spellings(token: str) -> tuple[str, ...]:
    """A Latin token's likely Cyrillic renderings read back into Latin letters (`_RENDERINGS`,
    the first RENDERED_SITES such letters; the word with its doubled letters once too): "the"
    gives te, se, ze; "riccio" ricio, risio, ritsio, rikio."""
    once = _DOUBLED.sub(r"\1", token)
    spellings = [token] if once == token else [token, once]
    for base in tuple(spellings):
        found = [base]
        for m in reversed(list(_RENDERED.finditer(base))[:RENDERED_SITES]):
            found += [
                t[: m.start()] + r + t[m.end() :] for t in found for r in _RENDERINGS[m.group(0)]
            ]
        spellings += found[1:]
    return tuple(dict.fromkeys(s for s in spellings[1:] if s != token))


@lru_cache(maxsize=300_000)
def renderings(token: str) -> frozenset[str]:
    """The loose phonetic codes of the token and of its renderings (`rendered_spellings`):
    "layth" gives LT and LS, so ЛЕЙС (leis, LS) is LAYTH spelt by ear."""
    return frozenset(loose_sound(sound(t)) for t in (token, *rendered_spellings(token)) if t)


def loose_name_sound(text: str) -> str:
    """The loose phonetic codes of a name's words (a Latin text), sorted: a name in another
    script is compared by these with the listed names' `rendered_sounds`."""
    return " ".join(sorted(loose_sound(sound(w)) for w in text.split()))


def rendered_sounds(text: str) -> tuple[str, ...]:
    """A name's (a Latin text's) words as the Cyrillic press may render them, by their loose
    phonetic codes (`renderings`), sorted and joined: its own first, then every combination of
    its words' renderings if there are at most RENDERED_SOUNDS, else each word's renderings with
    the other words as they are. "MARIO RICCIO" gives "MR RKS", "MR RS", "MR RTS"."""
    words = text.split()
    own = [loose_sound(sound(w)) for w in words]
    options = [sorted(renderings(w) - {o}) for w, o in zip(words, own, strict=True)]
    combos: Iterable[Sequence[str]]
    if math.prod(len(o) + 1 for o in options) <= RENDERED_SOUNDS:
        combos = itertools.product(*([o, *alt] for o, alt in zip(own, options, strict=True)))
    else:
        combos = ([*own[:i], a, *own[i + 1 :]] for i, alt in enumerate(options) for a in alt)
    out = [" ".join(sorted(own))]
    out += [" ".join(sorted(c)) for c in combos]
    return tuple(dict.fromkeys(x for x in out))


def written_form(token: str) -> bool:
    """A token that is a legal form as written (here or in rigour's list: GMBH, OJSC), not one
    read as a form through a slip or by ear (PROT, KOMPANI)."""
    return _is_form(token)


def legal_form_token(token: str) -> bool:
    """A token that is a legal form: listed, misspelt, spelt by ear or with two letters
    swapped ("ldt", "jcs", "plk", "serl")."""
    return token in EXTRA_LEGAL_FORMS or _misspelt_legal_word(token)


_LEGAL_SOUNDS: dict[str, list[str]] = {}
for _w in LONG_LEGAL_WORDS:
    _LEGAL_SOUNDS.setdefault(sound(_w), []).append(_w)
_LONG_FORMS = frozenset({*LONG_LEGAL_WORDS, *(w for p in LEGAL_PHRASES for w in p if len(w) > 3),
                        "gmbh", "llc", "ltd", "jsc", "pjsc", "ooo", "eood"})  # fmt: skip
_RUN_ON_FORMS = ("company", "limited", "gmbh", "pjsc", "llc", "ltd", "jsc", "fzco", "fze", "eood",
                 "ooo", "oao", "zao", "dooel", "doo")  # fmt: skip
_MOVED_INTO_FORMS = frozenset(f for f in EXTRA_LEGAL_FORMS if len(f) >= 3 and f not in ("ead",))
# Short forms by their letters (LDT is LTD) and, where their code is long enough to mean
# something, by their sound and one letter changed (PLK is PLC, SERL is SARL; PART is not PRAT).
_SHORT_FORM_LETTERS = {
    "".join(sorted(f)): f
    for f in sorted(EXTRA_LEGAL_FORMS)
    if 3 <= len(f) <= 4 and len(set(f)) == len(f) and not set(f) & set("aeiouy")
}  # fmt: skip (PART is no slip of PRAT)
_SWAPPED_FORMS = {"".join(sorted(f)): f for f in sorted(EXTRA_LEGAL_FORMS) if 3 <= len(f) <= 4}
# Forms of three or four letters with one letter left out (LTA, LDA for LTDA; OA for OAO, PL
# for PLC, FC for FZC), where that is no other form: taken only last in a name.
_SHORTENED_FORMS = (
    frozenset(f[:i] + f[i + 1 :] for f in EXTRA_LEGAL_FORMS if len(f) in (3, 4)
              for i in range(len(f)))
    - EXTRA_LEGAL_FORMS
)  # fmt: skip
_VOWELLED_FORM_SOUNDS: dict[str, list[str]] = {}
for _f in sorted(EXTRA_LEGAL_FORMS):
    if len(_f) >= 3 and re.search("[aeiou]", _f) and len(sound(_f)) >= 2:
        _VOWELLED_FORM_SOUNDS.setdefault(sound(_f), []).append(_f)
_VOWEL = re.compile(r"[aeiouy]")
_SHORT_FORM_SOUNDS: dict[str, list[str]] = {}
for _f in sorted(EXTRA_LEGAL_FORMS):
    if len(sound(_f)) >= 3:
        _SHORT_FORM_SOUNDS.setdefault(sound(_f), []).append(_f)
# The sound of each form written without vowels (PJSC, JSC), with its length: a token without
# vowels that sounds like one (a code of three letters at least), and is not much longer, is
# that form written by ear; so is one with its skeleton (LLC and LK are both lk).
_FORM_OF_SOUND: dict[str, int] = {}
for _f in sorted(EXTRA_LEGAL_FORMS, key=len, reverse=True):
    if not _VOWEL.search(_f) and len(sound(_f)) >= 3:
        _FORM_OF_SOUND[sound(_f)] = len(_f)
_PHRASE_VOCABULARY = frozenset(w for p in LEGAL_PHRASES for w in p)
_PHRASE_WORD_SOUND = {w: sound(w) for w in _PHRASE_VOCABULARY}
# The same words looked up by their sound and by their length (`_phrase_words`: a million
# names' words are not each compared with every phrase word)
_NO_WORDS: frozenset[str] = frozenset()
_PHRASE_WORDS_OF_SOUND = {
    c: frozenset(w for w in _PHRASE_VOCABULARY if _PHRASE_WORD_SOUND[w] == c)
    for c in set(_PHRASE_WORD_SOUND.values())
}
_PHRASE_WORDS_OF_LENGTH: dict[int, tuple[str, ...]] = {}
for _w in sorted(_PHRASE_VOCABULARY):
    _PHRASE_WORDS_OF_LENGTH[len(_w)] = (*_PHRASE_WORDS_OF_LENGTH.get(len(_w), ()), _w)
_LONG_LEGAL_WORDS_OF_LENGTH: dict[int, tuple[str, ...]] = {}
for _w in LONG_LEGAL_WORDS:
    _LONG_LEGAL_WORDS_OF_LENGTH[len(_w)] = (*_LONG_LEGAL_WORDS_OF_LENGTH.get(len(_w), ()), _w)
_PHRASE_OPENING_WORDS = frozenset(p[0] for p in LEGAL_PHRASES)


@lru_cache(maxsize=300_000)
def skeleton(token: str) -> str:
    """One token with romanisation variants reduced (Shchedryi and Ščedryj → sedri). ДЖ and
    Џ (dzh, dz) are an English J first (Джулио, Julio), then J goes the way of the others."""
    t = token.replace("dzh", "j").replace("dz", "j") if "dz" in token else token
    t = _HARD_C.sub("k", t) if "c" in t else t
    t = _LOOSE_RE.sub(lambda m: _LOOSE_MAP[m.group(0)], t)
    return _DOUBLE.sub(r"\1", t)


@lru_cache(maxsize=200_000)
def name_parts(name: str) -> tuple[str, str, str]:
    """(key, text, Latin): the key below, the Latin text without legal forms it is made from
    and the whole Latin text (`latin`), whose other words are the forms taken out."""
    whole = latin(name)
    text = without_legal_form(whole)
    return " ".join(sorted(skeleton(t) for t in text.split())), text, whole


def name_forms(name: str) -> tuple[str, str]:
    """(key, text): the key below and the Latin text without legal forms it is made from."""
    key, text, _ = name_parts(name)
    return key, text


_FORM_SKELETONS = frozenset(
    skeleton(f).replace("c", "k")
    for f in EXTRA_LEGAL_FORMS
    if not re.search("[aeiou]", f) and len(f) >= 3
)


def name_key(name: str) -> str:
    """Script-, spelling-, legal-form- and word-order-independent key of a name."""
    return name_forms(name)[0]


# Patronymics by their endings in Latin letters (`latin`): Russian -ович/-евич/-овна/-евна/-ична
# (ovich, evich, ovna, evna, ichna; ovic, evic as ISO 9 writes -вич, not last), Ukrainian
# -ович/-йович/-івна/-ївна (ovych, yovych, ivna, yivna), Belarusian -авіч/-аўна (avich, auna,
# euna); the short Russian ones whole (Ильич, Кузьмич, Фомич, Лукич, Никитич, Саввич). The
# Bulgarian (and Macedonian) patronymic is the father's name with -ов/-ев(а): a surname's
# ending, so it is known only by its place (`patronymic_at`).
_PATRONYMIC_ENDING = re.compile(
    r"(?:[oe]v[iy]t?ch|[oe]vic|av[iy]t?ch|avic|[oe]vn[ae]|ichna|ivna|[ae]una)$"
)
_SHORT_PATRONYMICS = frozenset(
    {"ilich", "ilyich", "iljich", "kuzmich", "fomich", "lukich", "nikitich", "savvich", "savich"}
)  # fmt: skip (Ilić: a surname)
_BULGARIAN_PATRONYMIC = re.compile(r"(?:ov|ev|ova|eva)$")
_BULGARIAN_SURNAME = re.compile(r"(?:ov|ev|ova|eva|ski|ska|sky|skiy)$")
MIN_PATRONYMIC = 6  # letters of a word read as a patronymic by its ending (a root and -ovich)


def patronymic_ending(word: str) -> bool:
    """A Latin word (from `latin`) that ends as an East Slavic patronymic (Valentinovich,
    Romanovna, Volodymyrovych, Alyaksandravich, Ilyich): a patronymic, or a surname made from
    one (Abramovich, Petrovic), as its place in the name tells (`patronymic_at`)."""
    return word in _SHORT_PATRONYMICS or (
        len(word) >= MIN_PATRONYMIC and _PATRONYMIC_ENDING.search(word) is not None
    )


def patronymic_stem(word: str) -> str:
    """A patronymic without its ending: the father's name it is made from (Valentinovich →
    valentin, Slavchev → slavch), which tells two patronymics apart (Ivanovich and
    Valentinovich share their -ovich, not their father)."""
    m = _PATRONYMIC_ENDING.search(word) or _BULGARIAN_PATRONYMIC.search(word)
    return word[: m.start()] if m and m.start() >= 2 else word


@lru_cache(maxsize=200_000)
def patronymic_at(words: tuple[str, ...]) -> int | None:
    """The position of a person's patronymic among the Latin words of their name, or None. A
    patronymic follows the given name, so it is never the first word, and it needs a surname
    beside it: a name of three words at least ("Yuri Valentinovich Kovalchuk", "KOVALCHUK, Yuri
    Valentinovich"; "Roman Abramovich" has none). Of two words that end as one, the first that
    is not first in the name (the second of "Roman Arkadyevich Abramovich"). A Bulgarian one,
    the father's name with the surname's -ov/-ev, in a name of three words whose given name
    is the one word without such an ending: second before a surname ("Delyan Slavchev Peevski"),
    or last after one ("PEEVSKI, Delyan Slavchev"). -vic last is the Serbian and Croatian
    surname (Ana Marija Petrović), not -вич in Latin letters (-vich)."""
    if len(words) < 3:
        return None
    last = len(words) - 1
    for i in range(1, len(words)):
        if patronymic_ending(words[i]) and not (i == last and words[i].endswith("vic")):
            return i
    if len(words) != 3:
        return None
    surname = [_BULGARIAN_SURNAME.search(w) is not None and len(w) >= 5 for w in words]
    if surname == [False, True, True] and _BULGARIAN_PATRONYMIC.search(words[1]):
        return 1
    if surname == [True, False, True] and _BULGARIAN_PATRONYMIC.search(words[2]):
        return 2
    return None
