"""Known answers for the readings added after heldout96-103 (issue 21, eighth round).

Each text is written for the test (not a benchmark text) in the wording the batches showed:
the day a government stated or clarified something ('a indiqué le 19 mai que', 'заявила на
брифинге 13 июня', 'На 16 октомври министерството уточни'), a news agency's dateline closed by
a full stop ('АСТАНА, 5 ноября.') and a press release's heading ('Press release No. 241, 3
October 2023.'), none of them a shipment time.
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


STATED_ON_A_DAY = [
    ("The ministry clarified on 19 May that German machine tools were re-exported to Russia via"
     " Kazakhstan in 2023."),
    ("Представитель министерства уточнил 19 мая, что в 2023 году немецкие станки"
     " реэкспортировались в Россию через Казахстан."),
    ("Официальный представитель министерства заявила на брифинге 19 мая, что в 2023 году"
     " немецкие станки реэкспортировались в Россию через Казахстан."),
    ("Міністерство 19 травня зазначило, що у 2023 році німецькі верстати реекспортувалися до"
     " Росії через Казахстан."),
    ("Министарство је 19. маја навело да су немачке машине алатке током 2023. године"
     " реекспортоване у Русију преко Казахстана."),
    ("Ministarstvo je 19. maja navelo da su nemačke mašine alatke tokom 2023. godine"
     " reeksportovane u Rusiju preko Kazahstana."),
    ("На 19 май министерството уточни, че през 2023 г. германски металообработващи машини са"
     " реекспортирани в Русия през Казахстан."),
    ("Ministerstvo 19. května upřesnilo, že německé obráběcí stroje byly v roce 2023"
     " reexportovány do Ruska přes Kazachstán."),
    ("Le ministère a indiqué le 19 mai que des machines-outils allemandes avaient été"
     " réexportées vers la Russie via le Kazakhstan en 2023."),
]  # fmt: skip


@pytest.mark.parametrize("text", STATED_ON_A_DAY)
def test_the_day_a_ministry_stated_or_clarified_is_no_shipment_time(text: str) -> None:
    """Read after heldout96-103: the day before or after a verb of stating ('a indiqué le 19
    mai', 'уточни', 'upřesnilo', 'navelo'), also with where it was said between ('заявила на
    брифинге 19 мая'), is the statement's (before: the period ran from the shipments' year to
    that day, or was that day; German 'präzisierte am 19. Mai' was read right before)."""
    got = _read(text, date(2024, 5, 20))
    assert got == [("DEU", ["KAZ"], "RUS", "2023-01-01", "2023-12-31", "asserted")]


@pytest.mark.parametrize(
    "text",
    [
        ("АСТАНА, 5 ноября. Немецкие грузовики реэкспортировались через Казахстан в Россию,"
         " сообщили источники."),
        ("Press release No. 12, 5 November 2024. German trucks were re-exported to Russia via"
         " Kazakhstan, the ministry found."),
    ],
)  # fmt: skip
def test_an_agency_dateline_or_a_press_release_heading_is_the_texts_day(text: str) -> None:
    """Read after heldout96-103: a dateline closed by a full stop ('АСТАНА, 5 ноября.') and a
    press release's heading with its number and day are the text's own day, not the period
    (before: the period was that day)."""
    got = _read(text, date(2024, 11, 5))
    assert got == [("DEU", ["KAZ"], "RUS", "None", "None", "asserted")]


MAKERS_OF_DRONES_RECEIVE = [
    "In 2023 Chinese machine tools reached makers of drones in Russia via Kazakhstan.",
    ("Российские производители беспилотников в 2023 году получали китайские станки через"
     " Казахстан."),
    "Російські виробники дронів у 2023 році отримували китайські верстати через Казахстан.",
    ("Ruski proizvođači dronova su tokom 2023. preko Kazahstana dobijali kineske mašine"
     " alatke."),
    ("Руски производители на дронове през 2023 г. са получавали китайски металообработващи"
     " машини през Казахстан."),
    "Ruští výrobci dronů v roce 2023 získávali čínské obráběcí stroje přes Kazachstán.",
    ("Les fabricants de drones russes ont reçu en 2023 des machines-outils chinoises via le"
     " Kazakhstan."),
]  # fmt: skip


@pytest.mark.parametrize("text", MAKERS_OF_DRONES_RECEIVE)
def test_the_goods_a_maker_makes_are_no_goods_shipped(text: str) -> None:
    """Read after heldout96-103: goods named after a maker noun ('производители беспилотников',
    'виробники дронів', 'výrobci dronů', 'fabricants de drones', 'makers of drones') say who
    receives, not what is shipped (before: drones 8806 were added, and the maker's demonym was
    read as the drones' origin, China as the end)."""
    hyps = extract_all(text, today=date(2024, 5, 20))
    assert _read(text, date(2024, 5, 20)) == [
        ("CHN", ["KAZ"], "RUS", "2023-01-01", "2023-12-31", "asserted")
    ]
    assert hyps[0].hs_codes == ["8457", "8458", "8459"]


def test_german_makers_of_drones_name_no_drones() -> None:
    """The same in German ('Hersteller von Drohnen'): no drones among the goods (before: 8806;
    the route of this wording is still read wrong, with Kazakhstan as the end)."""
    text = ("Russische Hersteller von Drohnen erhielten 2023 chinesische Werkzeugmaschinen über"
            " Kasachstan.")  # fmt: skip
    hyps = extract_all(text, today=date(2024, 5, 20))
    assert [h.hs_codes for h in hyps] == [["8457", "8458", "8459"]]


def test_bulgarian_armed_forces_are_no_arms() -> None:
    """Bulgarian 'въоръжени сили' (armed forces) and 'въоръжени групи' (armed groups) are who
    receives, not arms (before: 'въоръжени' read as weapons 9301); 'въоръжение' still is."""
    text = ("През 2023 г. германски металообработващи машини са доставени на руските въоръжени"
            " сили през Казахстан.")  # fmt: skip
    hyps = extract_all(text, today=date(2024, 5, 20))
    assert [h.hs_codes for h in hyps] == [["8457", "8458", "8459"]]
    text = "През 2023 г. Сърбия е доставяла въоръжение на Украйна през Полша."
    hyps = extract_all(text, today=date(2024, 5, 20))
    assert [h.hs_codes for h in hyps] == [["9301"]]


EVIDENCE_FROM_PLACES = [
    ("Analysts at the institute, who also examined port calls in Oman, argue that German machine"
     " tools were funnelled to Russia via Kazakhstan in 2023."),
    ("Drawing on shipping records from Azerbaijan, the centre concludes that German machine tools"
     " were funnelled to Russia via Kazakhstan in 2023."),
    ("A report by a Vienna-based institute concludes that German machine tools were routed to"
     " Russia through Kazakhstan in 2023."),
    ("Oslanjajući se na carinske podatke iz Turske i Gruzije, autori izveštaja navode da su"
     " nemačke mašine alatke tokom 2023. stizale u Rusiju preko Kazahstana."),
    ("S'appuyant sur des entretiens menés à Ankara et à Tbilissi, l'institut conclut que des"
     " machines-outils allemandes ont atteint la Russie via le Kazakhstan en 2023."),
    ("The study finds that German machine tools reached Russia via Kazakhstan in 2023, while"
     " noting that neighbouring Uzbekistan had tightened its own export controls."),
]  # fmt: skip


@pytest.mark.parametrize("text", EVIDENCE_FROM_PLACES)
def test_where_a_reports_evidence_came_from_is_no_stop(text: str) -> None:
    """Read after heldout96-103: the places of what a report drew on ('port calls in Oman',
    'shipping records from Azerbaijan', 'carinske podatke iz Turske i Gruzije', 'entretiens
    menés à Ankara et à Tbilissi'), where the institute sits ('a Vienna-based institute') and a
    government that 'tightened its own export controls' are no stops, and the reading says so
    (before: each was read as a stop; Russian, Ukrainian, Bulgarian, Czech and German wordings
    of the same were read right before)."""
    hyps = extract_all(text, today=date(2024, 5, 20))
    assert _read(text, date(2024, 5, 20)) == [
        ("DEU", ["KAZ"], "RUS", "2023-01-01", "2023-12-31", "asserted")
    ]
    assert any(
        "evidence" in note or "who speaks" in note or "tightened" in note
        for note in hyps[0].words.get("countries_read", [])
    )


SINCE_THIS_SUMMER = [
    "Chinese drones have gone to Russia via Kyrgyzstan since this summer.",
    "Китайские дроны с этого лета идут в Россию через Киргизию.",
    "Китайські дрони з цього літа йдуть до Росії через Киргизстан.",
    "Kineski dronovi od ovog leta idu u Rusiju preko Kirgistana.",
    "Китайски дронове от това лято отиват в Русия през Киргизстан.",
    "Čínské drony putovaly od letošního léta do Ruska přes Kyrgyzstán.",
    "Des drones chinois arrivent en Russie via le Kirghizistan depuis cet été.",
]


@pytest.mark.parametrize("text", SINCE_THIS_SUMMER)
def test_since_this_summer_runs_to_the_texts_date(text: str) -> None:
    """Read after heldout96-103: 'since this summer', 'с этого лета', 'od letošního léta',
    'depuis cet été' run from the season's start to the text's date (before: the summer only;
    German 'seit diesem Sommer' was read right before)."""
    got = _read(text, date(2024, 11, 6))
    assert got == [("CHN", ["KGZ"], "RUS", "2024-06-01", "2024-11-06", "asserted")]
