"""Case forms generated from the nominative for every country (issue 21): one test a language,
each on countries that have no hand-written forms in country_words.csv."""

from __future__ import annotations

import pytest

from shadowtrade.claims.inflect import languages_of, name_forms, sr_to_cyrillic, sr_to_latin
from shadowtrade.claims.places import mentions
from shadowtrade.reference.loaders import country_words


def _found(text: str, lang: str) -> list[tuple[str, str]]:
    return [(m.text, m.iso3) for m in mentions(text, lang)]


def test_generated_countries_have_no_hand_written_forms() -> None:
    words = country_words()
    # (their demonyms may be hand-written, and English variants such as "KSA")
    hand = set(words[(words["names"] != "") & (words["lang"] != "en")]["iso3"])
    assert not {"MNG", "TJK", "CYP", "LBN", "TCD", "SAU"} & hand


def test_russian_cases() -> None:
    text = "Груз шёл через Таджикистан в Монголию, затем из Монголии на Кипр и с Кипра в Чад."
    assert _found(text, "ru") == [
        ("Таджикистан", "TJK"), ("Монголию", "MNG"), ("Монголии", "MNG"),
        ("Кипр", "CYP"), ("Кипра", "CYP"), ("Чад", "TCD"),
    ]  # fmt: skip
    assert _found("поставки в Северную Македонию и Саудовскую Аравию", "ru") == [
        ("Северную Македонию", "MKD"), ("Саудовскую Аравию", "SAU"),
    ]  # fmt: skip


def test_ukrainian_cases() -> None:
    text = "через Таджикистан до Монголії, з Кіпру та Лівану до Північної Македонії"
    assert _found(text, "uk") == [
        ("Таджикистан", "TJK"), ("Монголії", "MNG"), ("Кіпру", "CYP"),
        ("Лівану", "LBN"), ("Північної Македонії", "MKD"),
    ]  # fmt: skip


def test_serbian_cases_in_both_scripts() -> None:
    cyr = "преко Таџикистана у Монголију и из Либана у Северну Македонију"
    lat = "preko Tadžikistana u Mongoliju i iz Libana u Severnu Makedoniju"
    want = ["TJK", "MNG", "LBN", "MKD"]
    assert [i for _, i in _found(cyr, "sr")] == want
    assert [i for _, i in _found(lat, "sr")] == want
    assert [i for _, i in _found("преко Кипра у Либан", "sr")] == ["CYP", "LBN"]  # Кипар
    assert sr_to_latin("Џибути Њујорк") == "Džibuti Njujork"
    assert sr_to_cyrillic("Džibuti Njujork") == "Џибути Њујорк"


def test_bulgarian_nominatives() -> None:
    text = "барут за Израел през Кипър, Ливан и Северна Македония"
    assert [i for _, i in _found(text, "bg")] == ["ISR", "CYP", "LBN", "MKD"]


def test_czech_cases() -> None:
    text = "z Mongolska přes Tádžikistán do Libanonu, na Kypr a do Saúdské Arábie"
    assert _found(text, "cs") == [
        ("Mongolska", "MNG"), ("Tádžikistán", "TJK"), ("Libanonu", "LBN"),
        ("Kypr", "CYP"), ("Saúdské Arábie", "SAU"),
    ]  # fmt: skip
    assert name_forms("Kuba", "cs") == ["Kuba", "Kube", "Kubou", "Kubu", "Kuby", "Kubě"]


def test_generated_forms_need_a_capital() -> None:
    """'čad' (soot) and 'kuba' in running text are not countries; 'Čad' is."""
    assert _found("ulica je puna čad", "sr") == []
    assert [i for _, i in _found("Preko Čada", "sr")] == ["TCD"]


LATIN = ("cs", "sr", "de", "fr")


@pytest.mark.parametrize(
    ("name", "langs"),
    [("Монголія", ("uk",)), ("Монголија", ("sr",)), ("Кипър", ("bg",)), ("Kypr", LATIN),
     ("Saúdská Arábie", ("cs",)), ("Saudi-Arabien", LATIN), ("Bośnia i Hercegowina", ())],
)  # fmt: skip
def test_language_of_a_nominative(name: str, langs: tuple[str, ...]) -> None:
    assert languages_of(name) == langs


def test_an_english_name_in_lower_case_is_a_word_in_other_languages() -> None:
    """Serbian "mali" (small) is not Mali; "Mali" is, and the language's own lower-case
    forms ("росію", "srpski") still count."""
    assert _found("mali broj kamiona preko Mali i Srbije", "sr") == [
        ("Mali", "MLI"), ("Srbije", "SRB")
    ]  # fmt: skip
    assert [i for _, i in _found("возить німецькі авто в росію", "uk")] == ["DEU", "RUS"]


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [("zbraně do Bolívie", "cs", [("Bolívie", "BOL")]),
     ("Waffen nach Tansania", "de", [("Tansania", "TZA")]),
     ("через Лаос", "ru", [("Лаос", "LAO")]),
     ("в Южно-Африканскую Республику", "ru", [("Южно-Африканскую Республику", "ZAF")]),
     ("до Танзанії", "uk", [("Танзанії", "TZA")]),
     ("en Bolivie", "fr", [("Bolivie", "BOL")])],
)  # fmt: skip
def test_cldr_names_and_their_cases(text: str, lang: str, want: list[tuple[str, str]]) -> None:
    """Each country's CLDR name in the language (country_adjectives.csv), with its case forms:
    the country table's names miss "Bolívie" (it has the official "Bolívie, Mnohonárodní stát")."""
    assert _found(text, lang) == want


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [("from Bratislava to Tripoli via Valletta", "en",
      [("Bratislava", "SVK"), ("Tripoli", "LBY"), ("Valletta", "MLT")]),
     ("через Валлетту в Триполи", "ru", [("Валлетту", "MLT"), ("Триполи", "LBY")]),
     ("via N'Djamena", "en", [("N'Djamena", "TCD")])],
)  # fmt: skip
def test_capitals_name_their_country(text: str, lang: str, want: list[tuple[str, str]]) -> None:
    """Every capital from GeoNames (capital_words.csv), even one another country shares as a
    town's name (Tripoli, Lebanon) or of under 100,000 people (Valletta)."""
    assert _found(text, lang) == want


def test_english_demonyms_of_small_countries() -> None:
    want = [("Swazi", "SWZ"), ("Seychellois", "SYC")]
    assert _found("Swazi troops and Seychellois banks", "en") == want


def test_serbian_declines_borrowed_names_in_vowels() -> None:
    """Serbian declines "Džibuti" → "Džibutija", "Mali" → "Malija", "Peru" → "Perua" (Russian
    and Ukrainian leave them as they are); "Togo" is left alone ("Toga" is "of that")."""
    from shadowtrade.claims import places

    got = [(m.text, m.iso3) for m in places.mentions("preko Džibutija iz Malija u Peru", "sr")]
    assert got == [("Džibutija", "DJI"), ("Malija", "MLI"), ("Peru", "PER")]
    assert [m.iso3 for m in places.mentions("преко Џибутија у Перуу", "sr")] == ["DJI", "PER"]
    assert places.mentions("od Toga", "sr") == []


def test_adjectives_of_names_in_ia_and_in_a_vowel_and_ya() -> None:
    """Гвинея → гвинейский (not гвинеийский), Черногория → черногорский, Чорногорія →
    чорногорський; Нигер keeps нигерский against Нигерия's shorter form."""
    from shadowtrade.claims.places import mentions

    assert [m.iso3 for m in mentions("транзитом через гвинейский порт", "ru")] == ["GIN"]
    assert [m.iso3 for m in mentions("через чорногорський порт Бар", "uk")] == ["MNE"]
    assert [m.iso3 for m in mentions("черногорские власти", "ru")] == ["MNE"]
    assert [m.iso3 for m in mentions("нигерские военные", "ru")] == ["NER"]
    assert [m.iso3 for m in mentions("нигерийские военные", "ru")] == ["NGA"]


@pytest.mark.parametrize(
    ("text", "iso3"),
    [("через посередників у Гонконзі", "HKG"), ("у Чеській Республіці", "CZE"),
     ("у Південно-Африканській Республіці", "ZAF"), ("у Коста-Риці", "CRI"),
     ("у Домініканській Республіці", "DOM"), ("в Америці", "USA")],
)  # fmt: skip
def test_ukrainian_locative_softens_g_k_kh(text: str, iso3: str) -> None:
    """Ukrainian softens a last г / к / х before the locative's -і (Гонконг → у Гонконзі,
    Республіка → у Республіці, Коста-Рика → у Коста-Риці), in hand-written forms and in the
    generated ones alike."""
    assert [i for _, i in _found(text, "uk")] == [iso3]


@pytest.mark.parametrize(
    ("text", "lang", "iso3"),
    [("munice jihoafrické výroby", "cs", "ZAF"), ("южноафриканские снаряды", "ru", "ZAF"),
     ("південно-африканські снаряди", "uk", "ZAF"), ("južnoafrička municija", "sr", "ZAF"),
     ("централноафрикански оръжия", "bg", "CAF"), ("dominikanische Zigarren", "de", "DOM"),
     ("des armes centrafricaines", "fr", "CAF")],
)  # fmt: skip
def test_the_adjective_of_an_adjective_republic_is_its_demonym(
    text: str, lang: str, iso3: str
) -> None:
    """A name that is an adjective and "republic" ("Jihoafrická republika", "République
    centrafricaine", "Zentralafrikanische Republik") gives that adjective, ending free, as the
    country's own ("jihoafrické výroby"); "Demokratická republika Kongo" gives none."""
    assert [(i, m.kind) for m in mentions(text, lang) for i in [m.iso3]] == [(iso3, "demonym")]
    assert mentions("demokratické volby", "cs") == []
