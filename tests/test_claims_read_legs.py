"""Known answers for the readings added after heldout176-183's misses (issue 21, session 26):
first legs told before "from there", a verb of going on, places named with a lower-case common
word, declared ends the goods never reached, the target of weapons, whom goods were bought for
before their diversion, a payer's seat, a town's adjective of two words, a party named by its
town after "to a", a works' country as origin,
a port or crossing after a stop's cue, quoted covers the text corrects, and wrecks.

Each text is written for the test (not a benchmark text) in the wording the batches showed.
Each fails at the session's start code (358ab57) but for the guards: the review's texts, the
talks that continue, "через неделю", "у Дубаю", and the first and third "from there" texts.
"""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims import places
from shadowtrade.claims.extract import extract_all

TODAY = date(2025, 6, 1)


def _read(text: str) -> list[tuple[object, ...]]:
    return [(h.origin, sorted(h.via), h.destination) for h in extract_all(text, today=TODAY)]


def _notes(text: str) -> str:
    return " ".join(
        str(n) for h in extract_all(text, today=TODAY) for n in h.words.get("countries_read", [])
    )


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a first end told before "odtud" / "von dort", the learned table finishing the origin
        ("Podle policie brněnská firma prodávala do Rakouska ložiska, která se odtud přes "
         "Slovinsko dostala do Srbska.", [("CZE", ["AUT", "SVN"], "SRB")]),
        ("Laut Anklage sollen Drehmaschinen eines sächsischen Herstellers zunächst nach Baku und "
         "von dort über Teheran nach Russland gelangt sein.", [("DEU", ["AZE", "IRN"], "RUS")]),
        # a place of no role right before "from there"
        ("Японські підшипники продали дилеру в Сінгапурі, а звідти через Казахстан вони "
         "потрапили в рф.", [("JPN", ["KAZ", "SGP"], "RUS")]),
    ],
)  # fmt: skip
def test_a_first_leg_before_from_there_is_a_stop(text: str, want: list[object]) -> None:
    assert _read(text) == want


def test_a_lot_that_was_to_go_on_is_the_route_before() -> None:
    """ "Zásilka měla pokračovat přes …": a sentence with a verb of going on continues the lot
    held in the sentence before; the airport named with "letišti" in lower case is a stop."""
    text = ("Celníci na letišti Václava Havla zadrželi zásilku nočních zaměřovačů francouzské "
            "výroby. Zásilka měla pokračovat přes Baku do Teheránu.")  # fmt: skip
    assert _read(text) == [("FRA", ["AZE", "CZE"], "IRN")]


def test_continuing_talks_is_no_leg() -> None:
    """ "will continue consultations with …": a verb of going on without a leg after it."""
    text = ("Kazakhstan does not permit its territory to be used to circumvent sanctions. The "
            "ministry will continue consultations with the envoy, whose next visit to Astana is "
            "expected in the autumn.")  # fmt: skip
    assert _read(text) == []


@pytest.mark.parametrize(
    ("words", "lang", "iso3"),
    [("na letišti Václava Havla", "cs", "CZE"), ("u luku Bar", "sr", "MNE"),
     ("в Шанхаї", "uk", "CHN"), ("в Шанхае", "ru", "CHN"), ("у Дубаю", "ru", "ARE"),
     ("u Čačku", "sr", "SRB"), ("из Крагујевца", "sr", "SRB"), ("через «Жайсан»", "ru", "KAZ")],
)  # fmt: skip
def test_place_forms(words: str, lang: str, iso3: str) -> None:
    """A port named with its common word in lower case, a "-ай" name whose "й" the case ending
    replaces, a fleeting vowel ("Čačak" → "Čačku"), a crossing of the place table."""
    assert [m.iso3 for m in places.mentions(words, lang)] == [iso3]


def test_a_town_of_two_words_has_an_adjective() -> None:
    """ "Нови Сад" → "новосадска", "Stara Zagora" → "старозагорска"."""
    assert [m.iso3 for m in places.mentions("једна новосадска фирма", "sr")] == ["SRB"]
    assert [m.iso3 for m in places.mentions("старозагорска фирма", "bg")] == ["BGR"]


def test_a_declared_end_with_another_end_after_it_is_on_paper() -> None:
    """ "declared for transit to Kazakhstan, but … a buyer in St Petersburg": the declared end is
    the papers'; where no other end follows ("declared for transit to Kaliningrad") it stays."""
    text = ("Latvian customs seized 30 pallets of machine tools at the Terehova crossing on 3 "
            "March. The goods, of Italian origin, had been declared for transit to Kazakhstan, but "
            "the invoices named a buyer in Moscow.")  # fmt: skip
    assert _read(text) == [("ITA", ["LVA"], "RUS")]
    assert "false papers" in _notes(text)


def test_unloaded_near_a_town_is_a_stop() -> None:
    text = (
        "Customs says 12 containers of Korean microchips declared for transit to Tajikistan "
        "were unloaded near Tashkent in March 2024 and reloaded onto trucks bound for Kazan."
    )
    assert _read(text) == [("KOR", ["UZB"], "RUS")]


def test_what_weapons_strike_is_no_stop() -> None:
    text = ("Parts for the drones now hitting Ukraine's ports are shipped from Iran to Russia "
            "across the Caspian, officials said.")  # fmt: skip
    assert _read(text) == [("IRN", [], "RUS")]
    assert "target" in _notes(text)


def test_whom_goods_were_bought_for_before_their_diversion_is_no_stop() -> None:
    text = ("Bulgarian shells purchased for Ukraine were diverted at Constanta to a buyer in "
            "Sudan in 2024.")  # fmt: skip
    assert _read(text) == [("BGR", ["ROU"], "SDN")]
    assert "meant for" in _notes(text)
    # bought in a country ("achetés aux Émirats") is no purpose
    text = ("Des camions japonais achetés aux Émirats arabes unis sont acheminés vers le Tchad, "
            "puis revendus au Soudan.")  # fmt: skip
    assert _read(text)[0][1] == ["ARE", "TCD"]


def test_a_firm_that_only_paid_is_no_stop() -> None:
    text = ("Изтекли документи показват, че пловдивска фирма е платила за италиански двигатели, "
            "доставени през Гърция в Либия.")  # fmt: skip
    assert _read(text) == [("ITA", ["GRC"], "LBY")]
    assert "who paid" in _notes(text)


def test_a_party_named_by_its_town_after_to_a_is_the_end() -> None:
    text = ("Leaked invoices show a Georgian importer paid for Swiss-made lathes in 2024, then "
            "re-invoiced them to a Novosibirsk company.")  # fmt: skip
    assert _read(text) == [("CHE", ["GEO"], "RUS")]


def test_goods_from_a_works_in_a_country_come_from_there() -> None:
    text = ("Municija iz fabrike u istočnoj Bosni je preko luke Ploče izvezena u Egipat, iako je "
            "na papiru kupac bila firma sa Malte.")  # fmt: skip
    assert _read(text) == [("BIH", ["HRV"], "EGY")]


def test_a_quoted_cover_the_text_corrects_is_no_goods() -> None:
    text = ("so the 'medical equipment' that left Gdansk in May was actually Chinese drone motors "
            "headed for Minsk?")  # fmt: skip
    h = extract_all(text, today=TODAY)[0]
    assert (h.origin, h.destination, h.hs_codes) == ("CHN", "BLR", ["8807"])


def test_downed_drones_are_where_goods_were_found() -> None:
    text = ("Analysis of downed Geran drones shows Swiss-made chips bought through Hong Kong "
            "distributors and shipped on to Russia.")  # fmt: skip
    h = extract_all(text, today=TODAY)[0]
    assert (h.origin, h.via, h.destination, h.hs_codes) == ("CHE", ["HKG"], "RUS", ["8542"])


def test_a_makers_demonym_beats_the_place_the_goods_left() -> None:
    """ "shell bodies of Bulgarian manufacture, which had come by ferry from Tallinn": the maker
    is the origin, the place they left a stop; "made by a Dutch firm" likewise."""
    text = (
        "Finnish customs seized crates of 122mm shell bodies of Serbian manufacture, which had "
        "come by ferry from Tallinn to Helsinki and were bound for a buyer in Murmansk."
    )
    assert _read(text) == [("SRB", ["EST", "FIN"], "RUS")]
    text = ("Das Landgericht verurteilte einen Händler, der Mikrochips eines US-Herstellers von "
            "Hamburg aus über Georgien nach Russland geliefert hatte.")  # fmt: skip
    assert _read(text)[0][:2] == ("USA", ["DEU", "GEO"])


def test_first_of_all_sold_to_a_firm_is_a_stop() -> None:
    """ "Първоначално те са били продадени на фирма в Йордания": "originally" names a stop of the
    route told before."""
    text = (
        "Според разследване пушки, произведени в България, са се появили в ръцете на бойци в "
        "Йемен. Първоначално те са били продадени на фирма в Оман, която ги е препродала."
    )
    assert _read(text) == [("BGR", ["OMN"], "YEM")]


def test_after_a_week_is_no_way_through() -> None:
    """ "через неделю уже была в Москве": "через" before a time means "after", no stop."""
    text = "партия из Гуанчжоу зашла в Казахстан, а через неделю уже была в Москве."
    assert all("RUS" not in via for _, via, _ in _read(text))


def test_seasons_and_reports_dates() -> None:
    """ "au cours de l'été" is the last summer; "reports this week say" dates the reports."""
    h = extract_all(
        "Selon une ONG, des drones turcs auraient été livrés au Mali via Niamey au cours de l'été.",
        today=date(2022, 11, 29),
    )[0]
    assert (h.period_start, h.period_end) == (date(2022, 6, 1), date(2022, 8, 31))
    h = extract_all(
        "Reports this week say British-made engine parts were sold to a distributor in Istanbul "
        "last year and passed on to Iran.",
        today=date(2023, 12, 13),
    )[0]
    assert (h.period_start, h.period_end) == (date(2022, 1, 1), date(2022, 12, 31))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # "on paper" as "officially": no party of the papers after it
        ("On paper, German exports of machine tools to Kyrgyzstan jumped tenfold in 2023, and much "
         "of it went on to Russia.", [("DEU", ["KGZ"], "RUS")]),
        # "continued to flow": another lot with goods of its own, and "to" of the infinitive
        ("Iran sent Shahed drones to Russia in 2022. Western air-defence missiles continued to "
         "flow into Ukraine via Poland.", [("IRN", [], "RUS")]),
        # trucks the goods, "у 2023" no leg (the verb of flooding, "Китай завалив Росію
        # вантажівками", was read by the first learned table only; the one refitted in the
        # twenty-eighth session refuses it, and "завалити" is as often said of strikes)
        ("Китай у 2023 році постачав Росії вантажівки через Казахстан.",
         [("CHN", ["KAZ"], "RUS")]),
        # a plant the goods passed, their maker read otherwise
        ("Chinese-made drone components were trucked to Russia from a plant in Kazakhstan.",
         [("CHN", ["KAZ"], "RUS")]),
        # a declared end with only stops after it stays the end
        ("Declared for export to Armenia, the drones were flown from Israel via Georgia in 2023.",
         [("ISR", ["GEO"], "ARM")]),
        # a payer that took delivery and sold on is a stop
        ("A Turkish company paid for the German machine tools, took delivery of them and sold them "
         "to a Russian buyer.", [("DEU", ["TUR"], "RUS")]),
        # "a striking rise" strikes nothing
        ("A striking rise in Kazakhstan's imports of German washing machines followed, and many "
         "were re-exported to Russia.", [("DEU", ["KAZ"], "RUS")]),
        # "Парк" is no fleeting-vowel form of a town outside the Slavic lands
        ("Резидент белорусского Парка высоких технологий поставлял микросхемы из Китая в Россию.",
         [("CHN", ["BLR"], "RUS")]),
        # "stellte sicher, dass" (ensured) holds nothing
        ("Ein Händler am Flughafen Frankfurt stellte sicher, dass die Chips aus den USA über die "
         "Türkei nach Russland gelangten.", [("USA", ["TUR"], "RUS")]),
    ],
)  # fmt: skip
def test_guards_from_the_review(text: str, want: list[object]) -> None:
    """Readings the rules above must leave alone (a read-only review's texts, session 26)."""
    assert _read(text) == want


def test_a_further_lot_in_the_same_sentence_is_a_route_of_its_own() -> None:
    """ "… through Kazakhstan in 2023 and sent a further batch via Armenia this spring": one
    claim per way, between the same ends (said)."""
    text = ("Prosecutors allege that the suspects shipped Italian-made lathes to Russia through "
            "Kazakhstan in 2023 and sent a further batch via Armenia this spring.")  # fmt: skip
    assert _read(text) == [("ITA", ["KAZ"], "RUS"), ("ITA", ["ARM"], "RUS")]
    assert "further lot" in _notes(text)


def test_a_courts_seat_is_the_exporters_country_where_no_maker_is_named() -> None:
    """ "Krajský soud v Ostravě … vyvezla do Gruzie …, odkud …": the firm tried there is taken for
    the exporter (a guess, said); a maker named keeps its own origin."""
    text = ("Krajský soud v Ostravě odsoudil jednatele firmy, která v roce 2023 vyvezla do Gruzie "
            "náhradní díly pro vrtulníky, odkud byly přeposlány do Ruska.")  # fmt: skip
    (h,) = extract_all(text, today=TODAY)
    assert (h.origin, h.via, h.destination) == ("CZE", ["GEO"], "RUS")
    assert any("is a guess" in n for n in h.words["countries_read"])
    text = ("Le tribunal correctionnel de Lyon a condamné un négociant pour avoir exporté des "
            "drones chinois vers le Soudan en transitant par le Tchad.")  # fmt: skip
    assert _read(text) == [("CHN", ["TCD"], "SDN")]
