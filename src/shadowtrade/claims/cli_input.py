"""A hypothesis from the `check` command's text or options (options override the text)."""

from __future__ import annotations

from datetime import date
from typing import Any

from shadowtrade.claims.extract import Hypothesis, extract, month_end
from shadowtrade.claims.goods import CATEGORY_CODES, read_words
from shadowtrade.errors import InputError
from shadowtrade.reference.loaders import read_country


def _country(text: str, option: str, said: dict[str, str]) -> str:
    """ISO3 of an option's country; how a name the table does not hold was read goes into
    `said` (the command says it), why one was refused into the error."""
    iso3 = read_country(text.strip(), said)
    if iso3 is None or len(iso3) != 3 or iso3.startswith("X"):
        why = said.pop(text.strip(), "")
        raise InputError(f"--{option}: unknown country {text!r}" + (f": {why}" if why else ""))
    return iso3


def _month(text: str, option: str, *, end: bool) -> date:
    try:
        year, month = (int(x) for x in text.split("-")[:2])
        return month_end(year, month) if end else date(year, month, 1)
    except ValueError as exc:
        raise InputError(f"--{option}: {text!r} is not YYYY-MM") from exc


def _goods_words(h: Hypothesis, given: str, words: dict[str, Any]) -> None:
    """Goods given as words ("computers", "мотоциклы"): read as the text reader reads them (in
    the text's language, else English), what each was read as said in `goods_read`."""
    from shadowtrade.claims.language import detect

    for lang in dict.fromkeys((h.language, detect(given))):
        categories, codes, phrases = read_words(given, lang)
        if codes:
            break
    if not codes:
        raise InputError(
            f"--goods: {given!r} is neither an HS code, TOTAL (all goods), goods words the text"
            f" reader knows ('computers', 'motorcycles') nor one of {', '.join(CATEGORY_CODES)}"
        )
    h.categories += [c for c in categories if c not in h.categories]
    h.hs_codes += [c for c in codes if c not in h.hs_codes]
    as_read = ", ".join(f"HS {p.heading} ({p.term})" for p in phrases)
    words.setdefault("goods_read", []).append(f"goods {given!r} read as {as_read}")


def hypothesis_from_options(
    text: str | None,
    *,
    origin: str | None = None,
    via: str | None = None,
    destination: str | None = None,
    goods: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Hypothesis:
    """The hypothesis of a text and/or explicit fields, the fields taking precedence."""
    h = extract(text) if text else Hypothesis()
    words = dict(h.words) if h.words else {"origin": None, "via": [], "destination": None,
                                           "goods": [], "period": None}  # fmt: skip
    said: dict[str, str] = {}  # option countries read by a looser rule → what to say
    read: list[str] = list(words.get("countries_read") or [])  # the text's own (extract.py)
    if origin:
        # the option replaces the text's origin and what was said of it
        read = [n for n in read if not n.startswith(("origin ", "no origin "))]
        h.origin = _country(origin, "origin", said)
        h.origin_group = None  # (the option replaces a group the text named as the sender)
        words["origin"] = origin
    if via is not None:
        h.via = [_country(v, "via", said) for v in via.split(",") if v.strip()]
        words["via"] = [v.strip() for v in via.split(",") if v.strip()]
    if destination:
        h.destination = _country(destination, "destination", said)
        words["destination"] = destination
    read += [said[k] for k in sorted(said)]
    words.pop("countries_read", None)
    if read:
        words["countries_read"] = read
    if goods:
        words["goods"] = [g.strip() for g in goods.split(",") if g.strip()]
        h.categories, h.hs_codes = [], []
        for g in (x.strip() for x in goods.split(",") if x.strip()):
            if g.upper() in ("TOTAL", "ALL"):  # an all-goods claim: graded on the totals
                h.hs_codes.append("TOTAL")
            elif g.replace(".", "").isdigit():
                h.hs_codes.append(g.replace(".", ""))
            elif g in CATEGORY_CODES:
                h.categories.append(g)
                h.hs_codes += [c for c in CATEGORY_CODES[g] if c not in h.hs_codes]
            else:
                _goods_words(h, g, words)
    if since:
        h.period_start = _month(since, "since", end=False)
    if until:
        h.period_end = _month(until, "until", end=True)
    if since or until:
        words["period"] = f"{since or '…'} to {until or '…'}"
    h.words = words
    # (a route with a stop and an end but no origin is graded from the stop on: said in the
    # reading, `countries_read`)
    sender = h.origin or h.origin_group  # (a group named as the sender: "EU exports")
    if (sender is None and not h.via) or h.destination is None:
        what = "no origin" if h.destination else "no destination" if sender else "no claim"
        raise InputError(
            f"{what}: the text does not say who ships what to whom"
            " (give --origin and --destination, or a text that names them)"
        )
    return h
