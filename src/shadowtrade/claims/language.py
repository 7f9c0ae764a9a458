"""The language of an allegation, among the ones the check reads (py3langid, restricted).

py3langid (a maintained fork of langid.py: a naive-Bayes model over byte n-grams, pure Python
and numpy, 4.5 MB) is restricted to the languages the check has words for plus their close
neighbours, which are then folded in: Croatian and Bosnian read as Serbian (Latin script),
Slovak as Czech, Macedonian as Bulgarian.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

LANGUAGES = ("en", "ru", "uk", "sr", "bg", "cs", "de", "fr")
_NEIGHBOURS = {"hr": "sr", "bs": "sr", "sk": "cs", "mk": "bg"}
MIN_CYRILLIC = 40  # Cyrillic letters a text needs before the letters it lacks tell its language


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages([*LANGUAGES, *_NEIGHBOURS])
    return ident


def detect(text: str) -> str:
    """Two-letter code of the text's language (one of LANGUAGES); English when unsure."""
    sample = text[:3000].strip()
    if not sample:
        return "en"
    lang, _ = _identifier().classify(sample)
    lang = _NEIGHBOURS.get(str(lang), str(lang))
    # Ђ and Ћ are Serbian's own letters (no other Cyrillic alphabet read here has them), and Ј
    # is Serbian's or Macedonian's: a text with them is not Russian or Ukrainian, whatever its
    # n-grams say ("Бугарски детонатори … стижу у Израел", where Ј is missing, stays a guess).
    if lang in ("ru", "uk", "bg") and re.search(r"[ђћЂЋ]", sample):
        return "sr"
    if lang in ("ru", "uk") and re.search(r"[јЈ]", sample):
        return "sr"
    # Serbian Cyrillic has none of the letters ъ ь щ я ю й ы э ё є і ї, and a Russian, Ukrainian
    # or Bulgarian sentence of some length nearly always has one ("Бугарски детонатори … стижу у
    # Израел преко Кипра" is Serbian, whatever its n-grams say).
    cyrillic = re.findall(r"[а-яА-ЯђћјљњџЂЋЈЉЊЏ]", sample)
    if (
        lang in ("ru", "uk", "bg")
        and len(cyrillic) >= MIN_CYRILLIC
        and not re.search(r"[ъьщяюйыэёєіїЪЬЩЯЮЙЫЭЁЄІЇ]", sample)
        # unless its little words are Bulgarian's ("… са били продадени … през 2024 г.")
        and len(re.findall(BG_WORDS, sample, re.I)) <= len(re.findall(SR_WORDS, sample, re.I))
    ):
        return "sr"
    return lang


# Little words of Bulgarian and of Serbian that the other language does not use so.
BG_WORDS = r"(?<!\w)(?:през|са|които|който|която|което|че|ще|от|към|чрез|г\.)(?!\w)"
SR_WORDS = r"(?<!\w)(?:су|је|из|преко|током|који|која|које|ће|од|што|ка|године)(?!\w)"
