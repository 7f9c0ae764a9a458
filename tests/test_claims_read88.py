"""Known answers for the readings added after heldout88-95 (issue 21, seventh round).

Each text is written for the test (not a benchmark text) in the wording the batches showed:
a denial by calling the reports lies ("назвала «очередным вбросом» публикации"), a denial told
in the sentence after the claim ("These reports are baseless."), and the day of such a
statement ("в заявлении от 9 февраля"), which is no shipment time.
"""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims.extract import extract_all


def _read(text: str, today: date) -> list[tuple[object, ...]]:
    return [
        (h.origin, h.via, h.destination, str(h.period_start), str(h.period_end), h.stance)
        for h in extract_all(text, today=today)
    ]


CALLED_LIES = [
    ("Министерство иностранных дел Казахстана в заявлении от 4 марта назвало «дезинформацией»"
     " сообщения о том, что в прошлом году немецкие станки реэкспортировались через Казахстан"
     " в Россию."),
    ("Пресс-секретарь МИД Казахстана 4 марта назвала «очередной ложью» сообщения о том, что в"
     " прошлом году немецкие станки реэкспортировались через Казахстан в Россию."),
    ("Міністерство закордонних справ Казахстану 4 березня назвало «дезінформацією»"
     " повідомлення про те, що торік німецькі верстати реекспортувалися через Казахстан до"
     " Росії."),
    ("Министерството на външните работи на Казахстан нарече «дезинформация» публикациите,"
     " според които през миналата година германски металообработващи машини са реекспортирани"
     " през Казахстан за Русия."),
    ("Kazašské ministerstvo zahraničí 4. března označilo za „dezinformace“ zprávy, podle nichž"
     " se loni německé obráběcí stroje reexportovaly přes Kazachstán do Ruska."),
    ("Das kasachische Außenministerium hat Berichte als „Desinformation“ bezeichnet, wonach"
     " im vergangenen Jahr deutsche Werkzeugmaschinen über Kasachstan nach Russland"
     " reexportiert wurden."),
    ("Le ministère kazakh des Affaires étrangères a qualifié de « désinformation » les"
     " informations selon lesquelles des machines-outils allemandes auraient été réexportées"
     " vers la Russie via le Kazakhstan l'année dernière."),
]  # fmt: skip


@pytest.mark.parametrize("text", CALLED_LIES)
def test_reports_called_lies_are_denied(text: str) -> None:
    """Read after heldout88-95: a ministry that calls the reports 'disinformation', 'a lie' or
    'a fabrication' denies the claim they tell ('назвало «дезинформацией» сообщения', 'označilo
    za „dezinformace“ zprávy', 'als „Desinformation“ bezeichnet', 'qualifié de « désinformation
    »'); the day it did so ('в заявлении от 4 марта', '4 марта назвала') is no shipment time
    (before: asserted, and the period ran to the statement's day)."""
    got = _read(text, date(2024, 3, 5))
    assert got == [("DEU", ["KAZ"], "RUS", "2023-01-01", "2023-12-31", "denied")]


@pytest.mark.parametrize(
    "text",
    [
        ("The ministry has taken note of media reports alleging that Pakistani artillery"
         " shells were supplied to Ukraine through the United Kingdom in 2023. These reports"
         " are baseless."),
        ("Министерство ознакомилось с публикациями о том, что в 2023 году пакистанские снаряды"
         " поставлялись на Украину через Великобританию. Эти сообщения не соответствуют"
         " действительности."),
        ("Міністерство ознайомилося з публікаціями про те, що у 2023 році пакистанські снаряди"
         " постачалися в Україну через Велику Британію. Ці повідомлення є неправдивими."),
        ("Ministarstvo je upoznato sa napisima da su 2023. godine pakistanske granate isporučivane"
         " Ukrajini preko Velike Britanije. Ti navodi su neosnovani."),
        ("Министерството се запозна с публикациите, че през 2023 г. пакистански снаряди са"
         " доставяни на Украйна през Великобритания. Тези твърдения са неверни."),
        ("Ministerstvo se seznámilo se zprávami, že v roce 2023 byly pákistánské granáty dodávány"
         " na Ukrajinu přes Spojené království. Tato tvrzení jsou nepravdivá."),
        ("Das Ministerium hat Berichte zur Kenntnis genommen, wonach im Jahr 2023 pakistanische"
         " Granaten über Großbritannien in die Ukraine geliefert wurden. Diese Berichte sind"
         " haltlos."),
        ("Le ministère a pris note d'articles selon lesquels des obus pakistanais auraient été"
         " livrés à l'Ukraine via le Royaume-Uni en 2023. Ces allégations sont infondées."),
    ],
)  # fmt: skip
def test_reports_called_false_in_the_next_sentence_are_denied(text: str) -> None:
    """Read after heldout88-95: 'These reports are baseless.' after the sentence that tells
    the reports denies their claim, in each language (before: asserted)."""
    got = _read(text, date(2024, 3, 5))
    assert got == [("PAK", ["GBR"], "UKR", "2023-01-01", "2023-12-31", "denied")]


def test_rejecting_the_allegation_in_the_strongest_terms_denies_it() -> None:
    """Read after heldout88-95: 'rejects in the strongest terms the allegation that …' is a
    denial (before: asserted; five words between the verb and 'allegation' were too many)."""
    got = _read(
        "The Foreign Ministry rejects in the strongest terms the allegation that its territory"
        " was used to move Iranian drones to Russia in 2023.",
        date(2024, 3, 5),
    )
    assert got == [("IRN", [], "RUS", "2023-01-01", "2023-12-31", "denied")]


@pytest.mark.parametrize(
    "text",
    [
        "З серпня 2023 року КНДР передала державі-агресору понад мільйон артилерійських снарядів.",
        "С августа 2023 года КНДР передала государству-агрессору более миллиона снарядов.",
    ],
)
def test_the_aggressor_state_and_lower_case_russia_are_russia(text: str) -> None:
    """Read after heldout88-95: Ukrainian news names Russia 'держава-агресор' ('державі-
    агресору'), Russian 'государство-агрессор': the country's name, in every case, as the
    lower-case 'росії' is (before: no claim; a lower-case form was taken for an adjective)."""
    assert _read(text, date(2024, 1, 26)) == [
        ("PRK", [], "RUS", "2023-08-01", "2024-01-26", "asserted")
    ]


def test_during_the_same_period_dates_the_second_route() -> None:
    """Read after heldout88-95: 'протягом того ж періоду' (during the same period) gives the
    second route the first one's time (before: no period)."""
    got = _read(
        "З серпня 2023 року КНДР передала росії понад мільйон снарядів. Крім того, протягом того"
        " ж періоду росія отримувала від Ірану мінометні міни.",
        date(2024, 1, 26),
    )
    assert got == [
        ("PRK", [], "RUS", "2023-08-01", "2024-01-26", "asserted"),
        ("IRN", [], "RUS", "2023-08-01", "2024-01-26", "asserted"),
    ]


LICENSED_THEN_DENIED = [
    ("BGR", "The Ministry of Economy of Bulgaria confirmed that in 2023 it issued export licences "
         "for artillery shells to a trader in Poland, but rejected reports that the shells "
         "were forwarded from there to Ukraine."),
    ("BGR", "Министерство экономики Болгарии подтвердило, что в 2023 году выдало лицензии на "
         "экспорт артиллерийских снарядов в Польшу, но отвергло сообщения о том, что они были "
         "переправлены оттуда на Украину."),
    ("BGR", "Міністерство економіки Болгарії підтвердило, що у 2023 році видало ліцензії на "
         "експорт артилерійських снарядів до Польщі, але відкинуло повідомлення, що їх звідти "
         "переправили в Україну."),
    ("SRB", "Министарство привреде потврдило је да је 2023. године издало дозволе за извоз "
         "артиљеријских граната у Пољску, али је одбацило тврдње да су оне одатле преусмерене "
         "у Украјину."),
    ("BGR", "Министерството на икономиката потвърди, че през 2023 г. е разрешило износа на "
         "артилерийски снаряди за Полша, но отхвърли твърденията, че те са препратени оттам за "
         "Украйна."),
    ("CZE", "Ministerstvo průmyslu potvrdilo, že v roce 2023 povolilo vývoz dělostřeleckých "
         "granátů do Polska, odmítlo však zprávy, že byly odtud přeposlány na Ukrajinu."),
]  # fmt: skip


@pytest.mark.parametrize(("home", "text"), LICENSED_THEN_DENIED)
def test_a_licensed_export_and_its_denied_onward_leg(home: str, text: str) -> None:
    """Read after heldout88-95: a government that says it licensed an export ('povolilo vývoz
    … do Polska', 'издало дозволе за извоз', 'issued export licences') is that export's origin
    (its name's country, else the country of the text's language), and what it admits is
    asserted, the onward leg it rejects denied ('odmítlo však zprávy', 'rejected reports'; before:
    one denied route without the stop, or no claim)."""
    assert _read(text, date(2024, 3, 5)) == [
        (home, [], "POL", "2023-01-01", "2023-12-31", "asserted"),
        (home, ["POL"], "UKR", "None", "None", "denied"),
    ]


def test_a_fronted_denied_clause_is_the_denial() -> None:
    """Read after heldout88-95: 'Dass die Maschinen … nach Russland gelangten, bestritt er
    jedoch.' denies the leg it fronts; the admitted delivery to Armenia ('räumte … ein') is
    asserted (before: one asserted route through Armenia)."""
    got = _read(
        "Vor Gericht räumte der Angeklagte ein, im Jahr 2023 deutsche Drehmaschinen nach Armenien"
        " geliefert zu haben. Dass die Maschinen von dort nach Russland gelangten, bestritt er"
        " jedoch.",
        date(2024, 3, 5),
    )
    assert got == [
        ("DEU", [], "ARM", "2023-01-01", "2023-12-31", "asserted"),
        ("DEU", ["ARM"], "RUS", "None", "None", "denied"),
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Policie obvinila jednatele brněnské firmy, která v roce 2023 vyvážela přes Arménii do"
         " Ruska obráběcí stroje.", ("CZE", ["ARM"], "RUS", "brněnské", "Brno")),
        ("Agencija je utvrdila da su puške iz kragujevačke fabrike tokom 2023. godine stizale u"
         " Libiju preko Egipta.", ("SRB", ["EGY"], "LBY", "kragujevačke", "Kragujevac")),
        ("Прокуратурата обвини управителя на варненска фирма, че през 2023 г. е изнасял"
         " дронове през Турция за Грузия.", ("BGR", ["TUR"], "GEO", "варненска", "Варна")),
        ("Ermittler werfen einem Münchner Halbleiterhersteller vor, im Jahr 2023 Mikrochips über"
         " die Türkei nach Russland geliefert zu haben.",
         ("DEU", ["TUR"], "RUS", "Münchner", "münchen")),
    ],
)  # fmt: skip
def test_a_maker_named_by_its_towns_adjective(text: str, want: tuple[object, ...]) -> None:
    """Read after heldout88-95 (log 6's largest open class): a firm or works named by its town's
    adjective ('brněnské firmy', 'iz kragujevačke fabrike', 'варненска фирма', 'eines Münchner
    Halbleiterherstellers') is of that town's country, made from the city table by rule and
    said in countries_read (before: the origin unread or a stop taken for it)."""
    (h,) = extract_all(text, today=date(2024, 3, 5))
    origin, via, dest, word, town = want
    assert (h.origin, h.via, h.destination) == (origin, via, dest)
    assert (
        f"origin: read '{word}' as {origin} ({town}), the adjective of a town"
        in h.words["countries_read"]
    )


def test_a_town_adjective_before_a_court_is_who_judges() -> None:
    """Read after heldout88-95: 'Софийският градски съд' (the Sofia City Court) judges; its
    adjective is no maker, as 'Albanska policija' stays Albania's police."""
    (h,) = extract_all(
        "Софийският градски съд осъди управител на варненска фирма, изнасял през 2023 г. дронове"
        " през Турция за Грузия.",
        today=date(2024, 3, 5),
    )
    assert (h.origin, h.via, h.destination) == ("BGR", ["TUR"], "GEO")
    assert "варненска" in str(h.words["origin"])


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Prosecutors say the firm shipped Taiwanese chips to Russia through Turkey in 2023,"
         " listing a retailer in Germany as the purchaser on the invoices.",
         ("TWN", ["TUR"], "RUS")),
        ("Podle obžaloby firma v roce 2023 vyvezla do Ruska přes Srbsko české zaměřovače, označené"
         " jako lovecké vybavení pro odběratele v Maďarsku.", ("CZE", ["SRB"], "RUS")),
        ("Според обвинението през 2023 г. той е препратил германски стругове към Русия през"
         " Грузия, като в документите е посочил фиктивен получател в Армения.",
         ("DEU", ["GEO"], "RUS")),
        ("In 2023 customs stopped trucks carrying Polish drone parts declared for Kazakhstan but"
         " in fact destined for Russia via Lithuania.", ("POL", ["LTU"], "RUS")),
    ],
)  # fmt: skip
def test_the_false_papers_buyer_is_no_place_of_the_route(
    text: str, want: tuple[object, ...]
) -> None:
    """Read after heldout88-95: the buyer the false papers named ('listing a retailer in Germany
    as the purchaser', 'označené jako lovecké vybavení pro odběratele v Maďarsku', 'фиктивен
    получател в Армения', 'declared for Kazakhstan but in fact destined for Russia') is no stop
    and no end, said in countries_read (before: a stop, or the end)."""
    (h,) = extract_all(text, today=date(2024, 3, 5))
    assert (h.origin, h.via, h.destination) == want
    assert any("false papers" in n for n in h.words["countries_read"])


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("МИД Азербайджана назвал «ложью» сообщения ряда армянских и западных СМИ о якобы имевшем"
         " место осенью 2022 года транзите через территорию Азербайджана в Россию иранских"
         " беспилотников.", ("IRN", ["AZE"], "RUS", "denied")),
        ("МЗС Азербайджану назвало «брехнею» повідомлення низки вірменських та західних ЗМІ про"
         " нібито транзит восени 2022 року через територію Азербайджану до Росії іранських"
         " безпілотників.", ("IRN", ["AZE"], "RUS", "denied")),
        ("Iranian drone engines reached Yemen via Oman in 2024, the Djibouti-based UN inspection"
         " mechanism said.", ("IRN", ["OMN"], "YEM", "asserted")),
    ],
)  # fmt: skip
def test_the_press_and_monitors_named_by_a_country_are_who_report(
    text: str, want: tuple[object, ...]
) -> None:
    """Read after heldout88-95: 'армянских и западных СМИ', 'вірменських та західних ЗМІ' (the
    press of a country and of others) and 'the Djibouti-based UN inspection mechanism' report;
    they are no stop (before: Armenia and Djibouti were read as stops)."""
    (h,) = extract_all(text, today=date(2024, 1, 26))
    assert (h.origin, h.via, h.destination, h.stance) == want


def test_a_hanging_hyphen_seats_both_firms() -> None:
    """Read after heldout88-95: 'Hong Kong- and UAE-based companies' are seated in both places,
    both stops (before: the UAE only)."""
    (h,) = extract_all(
        "Treasury sanctioned Hong Kong- and UAE-based companies that procured Japanese machine"
        " tools for Russia in 2023.",
        today=date(2024, 1, 26),
    )
    assert (h.origin, sorted(h.via), h.destination) == ("JPN", ["ARE", "HKG"], "RUS")


@pytest.mark.parametrize(
    ("text", "today", "period"),
    [
        ("Česká optika putovala loni přes Kazachstán do Ruska; ministerstvo o tom 7. února"
         " informovalo partnery.", date(2025, 2, 10), ("2024-01-01", "2024-12-31")),
        ("Le gouvernement togolais a formellement démenti, le 9 juillet, que des munitions de"
         " fabrication turque aient transité par le port de Lomé à destination du Niger au"
         " printemps.", date(2025, 7, 10), ("2025-03-01", "2025-05-31")),
    ],
)  # fmt: skip
def test_the_day_a_government_informed_or_denied_is_no_shipment_time(
    text: str, today: date, period: tuple[str, str]
) -> None:
    """Read after heldout88-95: the day before 'informovalo' (informed) and the day set off by
    commas after 'a démenti,' are the statement's, not the shipments' (before: the period ran
    to that day)."""
    (h,) = extract_all(text, today=today)
    assert (str(h.period_start), str(h.period_end)) == period


def test_bulgarian_na_after_a_spokesman_is_of_the_firm() -> None:
    """Read after heldout88-95: 'Говорител на българска оръжейна компания' is the spokesman OF a
    Bulgarian firm, the seller, not a shipment TO Bulgaria; with the admission and the denial
    after it, two claims (before: one denied route ending in Ukraine, Poland and Bulgaria ends)."""
    got = _read(
        "Говорител на българска оръжейна компания потвърди, че през 2023 г. фирмата е продала"
        " снаряди на търговец в Чехия, но отрече те да са препратени оттам към Украйна.",
        date(2024, 3, 5),
    )
    assert got == [
        ("BGR", [], "CZE", "2023-01-01", "2023-12-31", "asserted"),
        ("BGR", ["CZE"], "UKR", "None", "None", "denied"),
    ]
