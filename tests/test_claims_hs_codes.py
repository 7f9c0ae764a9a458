"""An HS code written in an allegation is read as its heading (a new-user test found 'HS 8419'
and 'industrial heat exchangers (HS 8419)' read as 'goods unstated')."""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims.extract import extract_all
from shadowtrade.claims.goods import find


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        ("Germany exported industrial heat exchangers (HS 8419) to Kyrgyzstan.", "en", "8419"),
        ("Exports under HS code 8542 to Armenia tripled.", "en", "8542"),
        ("Экспорт по коду ТН ВЭД 8542 в Казахстан вырос.", "ru", "8542"),
        ("Les exportations du code SH 8419.50 vers l'Arménie ont doublé.", "fr", "8419"),
        # Words the classifier reads otherwise take the heading the writer gives them.
        ("Poland sent machine parts (HS 8487) to Belarus.", "en", "8487"),
    ],
)
def test_a_written_hs_code_is_the_goods_heading(text: str, lang: str, want: str) -> None:
    assert [g.heading for g in find(text, lang)] == [want]


def test_numbers_that_are_no_heading_are_no_goods() -> None:
    assert find("The HS 2022 revision created new codes.", "en") == []
    assert [g.heading for g in find("In 2023, 1,200 trucks left Hamburg.", "en")] == ["8704"]


def test_the_claim_carries_the_written_heading() -> None:
    (h,) = extract_all(
        "Germany exported industrial heat exchangers (HS 8419) to Russia via Kyrgyzstan in 2023.",
        today=date(2024, 3, 1),
    )
    assert (h.origin, h.via, h.destination, h.hs_codes) == ("DEU", ["KGZ"], "RUS", ["8419"])
