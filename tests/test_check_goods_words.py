"""A structured check takes the goods words the free-text reader understands ('computers',
'мотоциклы', 'heat exchangers'), so that what the check page read from a text can be sent back
in its goods field; each word is said with the heading it was read as."""

from __future__ import annotations

import pytest

from shadowtrade.claims.cli_input import hypothesis_from_options
from shadowtrade.errors import InputError


def test_goods_words_are_read_as_the_text_reader_reads_them() -> None:
    h = hypothesis_from_options(None, origin="LTU", destination="RUS", goods="computers")
    assert (h.categories, h.hs_codes) == (["chpl"], ["8471"])
    assert h.words["goods"] == ["computers"]
    assert h.words["goods_read"] == ["goods 'computers' read as HS 8471 (computers)"]
    h = hypothesis_from_options(None, origin="LTU", destination="RUS",
                                goods="motorcycles, 8703, military_vehicles")  # fmt: skip
    assert h.hs_codes[:2] == ["8711", "8703"] and "8710" in h.hs_codes
    assert h.categories == ["military_vehicles"]
    # In the text's language, and words the vocabulary lacks through the description classifier
    # (as after a demonym in a text: "Swedish heat exchangers").
    text = "Литовские мотоциклы шли в Россию через Казахстан."
    assert hypothesis_from_options(text, goods="мотоциклы").hs_codes == ["8711"]
    assert hypothesis_from_options(None, origin="LTU", destination="RUS",
                                   goods="Motorräder").hs_codes == ["8711"]  # fmt: skip
    assert hypothesis_from_options(None, origin="SWE", destination="KAZ",
                                   goods="heat exchangers").hs_codes == ["8419"]  # fmt: skip


def test_what_the_text_reader_read_can_be_given_back() -> None:
    text = "Since mid-2022, Lithuanian motorcycles have been going to Russia via Kazakhstan."
    read = hypothesis_from_options(text)
    again = hypothesis_from_options(text, goods=",".join(read.words["goods"]))
    assert (again.categories, again.hs_codes) == (read.categories, read.hs_codes) == ([], ["8711"])


def test_words_that_name_no_goods_are_refused() -> None:
    with pytest.raises(InputError) as exc:
        hypothesis_from_options(None, origin="LTU", destination="RUS", goods="the usual stuff")
    assert str(exc.value) == (
        "--goods: 'the usual stuff' is neither an HS code, TOTAL (all goods), goods words the"
        " text reader knows ('computers', 'motorcycles') nor one of ammunition, arms,"
        " explosives_propellants, aircraft_drones, military_vehicles, optics_sights"
    )
