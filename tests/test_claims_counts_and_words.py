"""Goods words and dates the outside writers' texts showed the rules lacked (issue 21): gearboxes
(8483; listed with helicopter parts, helicopter parts), camera lenses (9002), hexamine (2921),
rotor blades, German fuze components, Slavic mortar bombs, Czech case forms of machining centres
and drone parts; a word spelled out in full beats a stem with an open ending ("Aluminiumpulver"
is aluminium powder, 7603, not unwrought aluminium); "since at least September", "po celý rok
2024", "since January to re-export …"; a round count is no year ("2000 детонатора")."""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims import dates, goods


@pytest.mark.parametrize(
    ("text", "lang", "headings"),
    [
        ("bearings and gearbox parts", "en", ["8482", "8483"]),
        ("Getriebe und Kugellager", "de", ["8483", "8482"]),
        ("более 500 объективов японского производства", "ru", ["9002"]),
        ("объективно говоря, снаряды", "ru", ["9306"]),
        ("italijanski heksamin", "sr", ["2921"]),
        ("23 Container mit Zünderbauteilen aus Südkorea", "de", ["3603"]),
        ("makedonske mine za minobacače", "sr", ["9306"]),
        ("17 Tonnen Aluminiumpulver und Ammoniumnitrat", "de", ["7603", "3102"]),
        ("40 obráběcích center a 12 tisíc ložisek", "cs", ["8457", "8482"]),
        ("české součástky do dronů", "cs", ["8807"]),
        # gearboxes listed with helicopter parts are helicopter parts
        ("rotor blades, gearboxes and other helicopter spare parts", "en", ["8807"] * 3),
        ("listy rotorů a části převodovek", "cs", ["8807", "8807"]),
    ],
)
def test_goods_words(text: str, lang: str, headings: list[str]) -> None:
    assert [g.heading for g in goods.find(text, lang)] == headings


TODAY = date(2024, 4, 18)


@pytest.mark.parametrize(
    ("text", "lang", "period"),
    [
        ("ložiska proudila po celý rok 2024.", "cs", (date(2024, 1, 1), TODAY)),
        ("shipped since at least September.", "en", (date(2023, 9, 1), TODAY)),
        (
            "it had blocked 58 attempts since January to re-export chips",
            "en",
            (date(2024, 1, 1), TODAY),
        ),
        ("с марта по май", "ru", (date(2023, 3, 1), date(2023, 5, 31))),
        ("since 2000 the plant", "en", (date(2000, 1, 1), TODAY)),
    ],
)
def test_periods(text: str, lang: str, period: tuple[date, date]) -> None:
    (span,) = dates.spans(text, lang, TODAY)
    assert (span.start, span.end) == period


def test_a_round_count_is_no_year() -> None:
    text = (
        "Митничари откриха в камион, пътуващ от Гърция за Северна Македония, 2000 детонатора без"
        " придружителни документи."
    )
    assert dates.spans(text, "bg", date(2022, 12, 1)) == []


@pytest.mark.parametrize(
    ("text", "lang", "headings"),
    [
        # a read-only review's guards: an adjective, gearboxes of another use
        ("Objektiv gesehen lieferten deutsche Firmen Drohnen", "de", ["8806"]),
        ("aircraft parts and gearboxes for cement mixers", "en", ["8807", "8483"]),
    ],
)
def test_goods_words_guards(text: str, lang: str, headings: list[str]) -> None:
    assert [g.heading for g in goods.find(text, lang)] == headings


def test_a_round_count_after_a_year_word_is_no_year() -> None:
    assert dates.spans("За последний год 2000 дронов", "ru", TODAY) == []


def test_since_at_least_in_german() -> None:
    (span,) = dates.spans("Seit mindestens März liefern", "de", TODAY)
    assert span.start == date(2024, 3, 1)
