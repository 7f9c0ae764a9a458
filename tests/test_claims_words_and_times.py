"""Known readings of goods words, place words and times the outside writers' texts used and the
tables lacked (issue 21): vacuum pumps, spectrometers, thionyl chloride, parts of machine tools,
turbine blades, Bulgarian counted forms ("40 000 патрона", "120 автомата"); South Africa's and
the Emirates' adjectives; a town that makes arms (Kazanlak); "over the past N months" in
Ukrainian and German, "l'année écoulée"; deliveries that "began in April" run from April on."""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims import dates, goods, places


@pytest.mark.parametrize(
    ("text", "lang", "headings"),
    [
        ("британські вакуумні насоси", "uk", ["8414"]),
        ("Elektronenmikroskope und Spektrometer", "de", ["9012", "9027"]),  # electron: 9012
        ("three tonnes of Dutch-produced thionyl chloride", "en", ["2812"]),
        ("Dutch-made ball bearings and CNC spare parts", "en", ["8482", "8466"]),
        ("закуповувала підшипники та вузли до верстатів", "uk", ["8482", "8466"]),
        ("UK-made aero-engine turbine blades", "en", ["8411"]),
        ("wind turbine blades", "en", []),
        ("камион с 40 000 патрона", "bg", ["9306"]),
        ("120 автомата „Калашников“", "bg", ["9301"]),
        ("2 400 електромотора и полетни контролера за дронове", "bg", ["8807", "8807"]),  # listed
        ("British-made radio components", "en", ["8525"]),
    ],
)
def test_goods_words(text: str, lang: str, headings: list[str]) -> None:
    assert [p.heading for p in goods.find(text, lang)] == headings


@pytest.mark.parametrize(
    ("text", "lang", "iso3"),
    [
        ("des obus de fabrication sud-africaine", "fr", "ZAF"),
        ("südafrikanische Granaten", "de", "ZAF"),
        ("южноафрикански снаряди", "bg", "ZAF"),
        ("južnoafričke granate", "sr", "ZAF"),
        ("jihoafrické granáty", "cs", "ZAF"),
        ("емирски посредници", "bg", "ARE"),
        ("emirátské firmy", "cs", "ARE"),
        ("барут от завод край Казанлък", "bg", "BGR"),
    ],
)
def test_place_words(text: str, lang: str, iso3: str) -> None:
    assert [m.iso3 for m in places.mentions(text, lang)] == [iso3]


@pytest.mark.parametrize(
    ("text", "lang", "today", "span"),
    [
        ("впродовж останніх шести місяців", "uk", date(2024, 9, 10), ("2024-04", "2024-09")),
        ("in den vergangenen zwölf Monaten", "de", date(2026, 5, 10), ("2025-06", "2026-05")),
        ("au cours de l'année écoulée", "fr", date(2023, 6, 10), ("2022-06", "2023-06")),
        ("deliveries began in April", "en", date(2022, 12, 10), ("2022-04", "2022-12")),
        (
            "доставките са започнали още през април",
            "bg",
            date(2022, 12, 10),
            ("2022-04", "2022-12"),
        ),
        # arriving is no beginning: that month only
        ("the shipment arrived in April", "en", date(2022, 12, 10), ("2022-04", "2022-04")),
    ],
)
def test_times(text: str, lang: str, today: date, span: tuple[str, str]) -> None:
    got = [(s.start.isoformat()[:7], s.end.isoformat()[:7]) for s in dates.spans(text, lang, today)]
    assert got == [span]
