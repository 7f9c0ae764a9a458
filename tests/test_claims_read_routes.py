"""Known answers for the readings added after heldout112-119's texts with several routes
(issue 21, round 10).

Each text is written for the test (not a benchmark text) in the wording the batches showed.
"""

from __future__ import annotations

from datetime import date

import pytest

from shadowtrade.claims.extract import extract_all

TODAY = date(2025, 6, 1)


def _routes(text: str) -> list[tuple[object, ...]]:
    return [(h.origin, h.via, h.destination) for h in extract_all(text, today=TODAY)]


ALTERNATIVE_CONSIGNEES = [
    "In 2023 the firm sold German drone parts to a dealer in Almaty and to a dealer in Yerevan,"
    " which forwarded them to Russia.",
    "Im Jahr 2023 verkaufte die Firma deutsche Drohnenteile an einen Händler in Kasachstan und an"
    " einen Händler in Armenien, die sie nach Russland weiterleiteten.",
    "В 2023 году фирма продала немецкие запчасти для дронов компании в Казахстане и компании в"
    " Армении, которые переправили их в Россию.",
    "V roce 2023 firma prodala německé díly pro drony do Kazachstánu a do Arménie, odkud byly"
    " přeposlány do Ruska.",
    "En 2023, la société a vendu des pièces de drones allemandes à un négociant au Kazakhstan et"
    " à un négociant en Arménie, qui les ont réexpédiées vers la Russie.",
]  # fmt: skip


@pytest.mark.parametrize("text", ALTERNATIVE_CONSIGNEES)
def test_alternative_first_consignees_are_two_routes(text: str) -> None:
    """Read after heldout112-119 ('sent first to a company in Almaty and, on later occasions,
    to a company in Yerevan … forwarded to buyers in Russia'): consignees joined by "and", each
    after a destination cue of its own, are two ways to the end, not one chain of two stops."""
    assert _routes(text) == [("DEU", ["KAZ"], "RUS"), ("DEU", ["ARM"], "RUS")]


@pytest.mark.parametrize(
    "text",
    [
        "In 2023 the firm sold German drone parts to a dealer in Almaty and then to a dealer in"
        " Yerevan, which forwarded them to Russia.",
        "In 2023 German drone parts went through Kazakhstan and Armenia to Russia.",
    ],
)
def test_a_chain_of_stops_stays_one_route(text: str) -> None:
    assert _routes(text) == [("DEU", ["KAZ", "ARM"], "RUS")]


SELLERS_SEAT = [
    ("In 2023 the man bought drone engines from dealers in Germany and the Netherlands and sent"
     " them to Russia through Kazakhstan.", ["DEU", "NLD"]),
    ("Im Jahr 2023 soll er Kugellager bei Lieferanten in Italien und der Schweiz erworben und über"
     " Kasachstan nach Russland weitergeleitet haben.", ["ITA", "CHE"]),
    ("В 2023 году посредники закупили подшипники у производителей в Чехии и Польше и перепродали"
     " их через Казахстан в Россию.", ["CZE", "POL"]),
    ("У 2023 році посередники закупили підшипники у виробників у Чехії та Польщі й перепродали їх"
     " через Казахстан до Росії.", ["CZE", "POL"]),
    ("V roce 2023 firma nakoupila ložiska od výrobců v Německu a Polsku a přeprodala je přes"
     " Kazachstán do Ruska.", ["DEU", "POL"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "origins"), SELLERS_SEAT)
def test_sellers_seat_is_the_origin(text: str, origins: list[str]) -> None:
    """Read after heldout112-119 ('у производителей в Чехии и Польше' read as stops, 'bei
    Lieferanten in Italien und der Schweiz' as origin and end): where the sellers the goods were
    bought from sit, with the countries listed after it, is the origin, one route each."""
    assert _routes(text) == [(o, ["KAZ"], "RUS") for o in origins]


def test_a_seller_beside_the_goods_maker_is_a_stop() -> None:
    text = (
        "In 2023 the firm bought Japanese cameras from a distributor in Dubai and sent them to"
        " Russia."
    )
    assert _routes(text) == [("JPN", ["ARE"], "RUS")]


def test_a_country_made_compound_after_for_is_the_maker() -> None:
    """Read after heldout118 ('arranged for U.S.-made digital oscilloscopes to be shipped to
    Russia by way of …': 'for U.S.' was a destination, and the second route was lost)."""
    text = (
        "In 2023 the firm shipped German chips to Russia via Armenia. The same consignee also"
        " arranged for U.S.-made oscilloscopes to be shipped to Russia by way of a freight"
        " forwarder in Dubai."
    )
    assert _routes(text) == [("DEU", ["ARM"], "RUS"), ("USA", ["ARE"], "RUS")]


@pytest.mark.parametrize(
    "text",
    [
        "The broker sent American chips to a consignee in Hong Kong. From there, the chips were"
        " re-exported to Russia between March and August 2024. Japanese cameras went to Iran"
        " through Oman in 2021.",
        "Der Händler schickte amerikanische Chips an einen Empfänger in Hongkong. Von dort wurden"
        " die Chips zwischen März und August 2024 nach Russland weitergeleitet. Japanische Kameras"
        " gingen 2021 über Oman in den Iran.",
    ],
)
def test_a_later_leg_hands_its_time_to_the_route(text: str) -> None:
    """Read after heldout118 ('From there, … re-exported to end users in Russia between March
    2022 and August 2023': the later leg handed its end to the route but not its time)."""
    got = extract_all(text, today=TODAY)
    assert (got[0].origin, got[0].via, got[0].destination) == ("USA", ["HKG"], "RUS")
    assert (got[0].period_start, got[0].period_end) == (date(2024, 3, 1), date(2024, 8, 31))


@pytest.mark.parametrize(
    "text",
    [
        "Rifles made in Serbia were sold to a broker in Kenya and trucked into South Sudan,"
        " although it is not clear when.",
        "Puške proizvedene u Srbiji prodate su posredniku u Keniji i prebačene u Južni Sudan, iako"
        " nije jasno kada.",
    ],
)
def test_not_clear_is_no_denial(text: str) -> None:
    """Read after heldout118 ('although it was not clear when they left Ukraine' made the
    route denied): what is not clear is not known, not denied."""
    got = extract_all(text, today=TODAY)
    assert [(h.origin, h.via, h.destination, h.stance) for h in got] == [
        ("SRB", ["KEN"], "SSD", "asserted")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In 2023 Japanese cameras reached rebels in Myanmar through Singapore. Chinese drone motors"
        " were moved through Thailand to the same group.",
        "В 2023 году японские камеры были доставлены в Мьянму через Сингапур. Китайские моторы для"
        " дронов шли через Таиланд к тем же получателям.",
        "Im Jahr 2023 gelangten japanische Kameras über Singapur nach Myanmar. Chinesische"
        " Drohnenmotoren wurden über Thailand an dieselbe Gruppe geliefert.",
    ],
)
def test_the_same_receiver_is_the_route_before_its_end(text: str) -> None:
    """Read after heldout118 ('brushless motors …, of Chinese origin, had been moved overland
    through Thailand to the same group'): a second route with its own origin and stop that goes
    to "the same" receiver ends where the first does (it was lost, its stop merged into the
    first route)."""
    assert _routes(text) == [("JPN", ["SGP"], "MMR"), ("CHN", ["THA"], "MMR")]


@pytest.mark.parametrize(
    "text",
    [
        "У 2024 році японські модулі пам'яті потрапили до Росії через Казахстан.",
        "Im Jahr 2024 gelangten japanische Speichermodule über Kasachstan nach Russland.",
    ],
)
def test_memory_modules_are_integrated_circuits(text: str) -> None:
    """Read after heldout116 ('а японські модулі пам'яті — через компанії в ОАЕ': no goods, so
    the second route was merged into the first and Japan read as a stop)."""
    got = extract_all(text, today=TODAY)
    assert [(h.origin, h.via, h.destination, h.hs_codes) for h in got] == [
        ("JPN", ["KAZ"], "RUS", ["8542"])
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In 2024 South African shells were first delivered to Czechia, and from there via Poland to"
        " Ukraine. Turkish shells took another route, through Bulgaria.",
        "У 2024 році південноафриканські снаряди спершу доставляли до Чехії, а звідти — через"
        " Польщу в Україну. Турецькі снаряди ідуть іншим шляхом — через Болгарію.",
    ],
)
def test_from_there_with_a_stop_and_another_way(text: str) -> None:
    """Read after heldout115 ('спершу доставляються до Чехії, а звідти — через Польщу в
    Україну. Турецькі … снаряди … ідуть іншим шляхом — через Болгарію'): a later leg opened by
    "from there" with a stop of its own goes on from the first consignee (it was handed to the
    next route), and a route told as "another way" ends where the one before it ends."""
    assert _routes(text) == [("ZAF", ["CZE", "POL"], "UKR"), ("TUR", ["BGR"], "UKR")]


@pytest.mark.parametrize(
    "text",
    [
        "In 2023 Serbian shells were sold to Turkish brokers and ended up in Ukraine. The shells"
        " were moved from Turkey through Romania.",
        "Srpske artiljerijske granate su 2023. prodate turskim posrednicima i završile su u"
        " Ukrajini. Artiljerijske granate su iz Turske prebačene preko Rumunije.",
        "В 2023 году сербские снаряды были проданы турецким посредникам и оказались в Украине. Из"
        " Турции снаряды перевезли через Румынию.",
    ],
)
def test_a_leg_from_a_stop_adds_its_stops(text: str) -> None:
    """Read after heldout114 ('granate su iz Turske prebačene kopnom i preko Rumunije' after a
    route with Turkey as its stop was lost): the same goods taken on from a stop of the route
    told before, with no end of their own, add their stops to that route."""
    assert _routes(text) == [("SRB", ["TUR", "ROU"], "UKR")]


def test_a_route_without_an_end_goes_where_the_route_before_it_goes() -> None:
    """Found by the twenty-second session on the whole benchmark (+24 claims of 4,556 read
    right, one lost): a later route with its own maker and goods but no end ("Officers also said
    that rifle ammunition produced in Brazil had been moved through Paraguay") ends where the
    route told before it ends, and the reading says so; a later sentence that starts at the first
    route's stop (Kazakh imports from Czechia) is no route of its own."""
    story = (
        "Police said on Monday that detonators sold by a Chilean supplier had been smuggled across"
        " Bolivia into Peru. Officers also said that rifle ammunition produced in Brazil had been"
        " moved through Paraguay."
    )
    hyps = extract_all(story, today=TODAY)
    assert [(h.origin, h.via, h.destination, h.hs_codes) for h in hyps] == [
        ("CHL", ["BOL"], "PER", ["3603"]),
        ("BRA", ["PRY"], "PER", ["9306"]),
    ]
    assert "countries_read" not in hyps[0].words
    assert hyps[1].words["countries_read"] == [
        "destination PER: the route's own sentence names no end; read as the end of the route"
        " told before it ('into Peru')"
    ]
    leg = (
        "Reexport českých obráběcích strojů do Ruska přes Kazachstán pokračuje. Kazašský dovoz"
        " soustruhů z Česka od jara 2023 vzrostl čtyřnásobně."
    )  # (the second sentence's part reads Kazakhstan as the maker and Czechia as a stop)
    assert [(h.origin, h.via, h.destination) for h in extract_all(leg, today=TODAY)] == [
        ("CZE", ["KAZ"], "RUS")
    ]


def test_a_stop_told_as_the_last_leg_is_the_end() -> None:
    """Twenty-second session: an end read from a buyer's name ("its Emirati customer") gives way
    to a stop told as the goods' last leg ("flown on to Sudan"); the old end is a stop. The
    base code read Bulgaria -> Sudan -> UAE."""
    text = (
        "Mortar rounds made in Bulgaria were sold to a Gulf distributor in 2023 and later flown on"
        " to Sudan, the investigators said. The Bulgarian maker said it had a valid end-user"
        " certificate from its Emirati customer."
    )
    assert _routes(text) == [("BGR", ["ARE"], "SDN")]


def test_a_clause_that_leaves_the_time_unsaid_denies_nothing() -> None:
    """ "… although police did not say when": what was left unsaid is no denial of the sale."""
    text = (
        "Police said rifles bought in Arizona were driven into Sonora in spring 2024. Grenades"
        " from Guatemalan army stocks were sold to a cartel in Mexico, although police did not"
        " say when."
    )
    hyps = {h.origin: h for h in extract_all(text, today=TODAY)}
    assert {o: h.stance for o, h in hyps.items()} == {"USA": "asserted", "GTM": "asserted"}
    # (Mexico is the country's own name, though a Mexican state shares it: no region said)
    assert "countries_read" not in hyps["GTM"].words


def test_the_one_other_country_named_is_the_maker_of_a_route_without_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A route with a stop and an end but no maker read ("rifles made at state arsenals") comes
    from the one other country the text names, and the reading says so; the base code gave no
    hypothesis. A market with no stop stays refused (no route). (The learned table refitted on
    the batches to heldout199 reads Brazil as the origin first: it is turned off here so that
    the rule is what is tested.)"""
    from shadowtrade.claims import extract as ex

    text = (
        "Brazil's defence ministry denied on Friday that rifles made at state arsenals had been"
        " trucked to Venezuela through Guyana in 2023."
    )
    (learned,) = extract_all(text, today=TODAY)
    assert (learned.origin, learned.via, learned.destination) == ("BRA", ["GUY"], "VEN")
    monkeypatch.setattr(ex, "_learned", lambda *_: [])
    (h,) = extract_all(text, today=TODAY)
    assert (h.origin, h.via, h.destination, h.stance) == ("BRA", ["GUY"], "VEN", "denied")
    assert h.words["countries_read"] == [
        "origin BRA: the text names no maker on the route; read as the one other country it"
        " names ('Brazil')"
    ]
    market = "Prices for second-hand Toyota Land Cruisers in Almaty rose 12% in February."
    assert extract_all(market, today=TODAY) == []


def test_goods_that_leave_from_where_the_route_ended_go_on_with_it() -> None:
    """ "From Dalian the items were shipped … to Nampo" after a route that ended in Dalian is
    the same goods' next leg: one route, the old end a stop (the base code gave three)."""
    text = (
        "Between August 2020 and March 2021 the accused bought 38 oscilloscopes from a"
        " distributor in Germany. The items were air-freighted to Singapore and then shipped on"
        " to Dalian, China. From Dalian the items were shipped by a vessel to Nampo, North Korea."
    )
    assert _routes(text) == [("DEU", ["SGP", "CHN"], "PRK")]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        (
            "Компанії з Гонконгу у 2023 році закуповували американські мікросхеми в Азії. Далі ці"
            " компоненти переправлялися до Душанбе, а звідти вантажівками — до отримувачів у"
            " Росії.",
            ["8542"],
        ),
        (
            "In 2024 the company bought Chinese drones. They were shipped to Egypt aboard a cargo"
            " ship and then flown on to Sudan.",
            ["8806"],
        ),
    ],
)
def test_a_vehicle_the_route_travels_in_is_no_goods(text: str, codes: list[str]) -> None:
    """Twenty-second session (+10 claims of the whole benchmark, none lost): a vehicle read as
    goods in a clause of its own ("а звідти вантажівками", "aboard a cargo ship") is the means
    of carriage when the route's sentences read together show it beside other goods; the base
    code added 8704 and 8901 to the chips and the drones."""
    (h,) = extract_all(text, today=TODAY)
    assert h.hs_codes == codes


def test_a_route_without_a_maker_comes_from_the_route_told_before_it() -> None:
    """Twenty-second session: a later route with its own stop and end but no maker, of the same
    goods ("Bereits 2021 hatte er Drehmaschinen über eine Firma in Dubai an einen Abnehmer im
    Iran geliefert"), comes from where the route told before it comes, and the reading says so;
    the base code dropped it. Other goods are not given that maker (see the review's cases)."""
    text = (
        "Nach Feststellungen des Gerichts exportierte der Angeklagte 2022 Werkzeugmaschinen aus"
        " Deutschland über Litauen nach Russland. Bereits 2021 hatte er Werkzeugmaschinen über"
        " eine Firma in Dubai an einen Abnehmer im Iran geliefert."
    )
    hyps = extract_all(text, today=TODAY)
    assert _routes(text) == [("DEU", ["LTU"], "RUS"), ("DEU", ["ARE"], "IRN")]
    assert hyps[1].words["countries_read"][0] == (
        "origin DEU: the route's own sentences name no maker; read as the maker of the route told"
        " before it ('aus Deutschland')"
    )


def test_a_route_without_a_maker_through_the_end_before_it_goes_on_from_there() -> None:
    """A later route with no maker whose stops hold the end of the route told before it
    ("… из Мађарске у Србију. Роба је требало да преко Београда и Истанбула буде отпремљена
    примаоцу у Москви") is that route going on: one route, not a second from the same maker."""
    text = (
        "Према документацији, амерички термовизијски нишани стигли су у марту 2025. из Мађарске"
        " у Србију. Роба је требало да преко Београда и Истанбула буде отпремљена примаоцу у"
        " Москви."
    )
    assert _routes(text) == [("USA", ["HUN", "SRB", "TUR"], "RUS")]


def test_an_end_read_at_a_go_between_is_a_stop() -> None:
    """An end read at shell companies ("vendues à des sociétés écrans établies à Erevan") is a
    stop where a plain end was read before it ("se sont retrouvées en Russie"); the base code
    read France -> Russia -> Armenia."""
    text = (
        "Des pièces détachées d'hélicoptères de fabrication française se sont retrouvées en"
        " Russie au second semestre 2023 après avoir été vendues à des sociétés écrans établies à"
        " Erevan."
    )
    assert _routes(text) == [("FRA", ["ARM"], "RUS")]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a denial told after a route is no leg of it
        (
            "Chinese drones were shipped to Kazakhstan in 2023. Kazakh officials denied that any"
            " goods went via Kazakhstan to Russia.",
            [("CHN", [], "KAZ", "asserted"), ("CHN", ["KAZ"], "RUS", "denied")],
        ),
        # other goods are another supplier's: no maker borrowed
        (
            "Chinese chips were shipped to Kazakhstan. Oil was sent via Kazakhstan to Azerbaijan.",
            [("CHN", [], "KAZ", "asserted")],
        ),
        # "the named buyers" is no "did not name": the denial stands
        (
            "Officials said that Serbian ammunition was not shipped to the named buyers in Ukraine"
            " via Bulgaria.",
            [("SRB", ["BGR"], "UKR", "denied")],
        ),
        # dealers reached later are the end, told in order
        (
            "Die Werkzeugmaschinen aus Deutschland wurden nach Kasachstan geliefert und landeten"
            " später bei Händlern in Russland.",
            [("DEU", ["KAZ"], "RUS", "asserted")],
        ),
    ],
)
def test_the_session_rules_keep_out_of_texts_they_were_not_meant_for(
    text: str, want: list[tuple[object, ...]]
) -> None:
    """A review (helper, twenty-second session) found these read wrongly by the session's first
    versions of its rules: a denial merged into an asserted route, oil given the chips' maker, a
    real denial undone by "named", German dealers read as a stop."""
    got = [(h.origin, h.via, h.destination, h.stance) for h in extract_all(text, today=TODAY)]
    assert got == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the stop's cue told again after "and": two ways
        (
            "Аналіз митних даних свідчить, що протягом 2023 року мікросхеми американського"
            " виробництва потрапляли до Росії двома шляхами: через посередників у Гонконгу та"
            " через турецькі логістичні компанії.",
            [("USA", ["HKG"], "RUS"), ("USA", ["TUR"], "RUS")],
        ),
        (
            "Flugmotoren aus österreichischer Produktion gelangten zwischen Sommer 2023 und"
            " Frühjahr 2024 sowohl über Dubai als auch über Istanbul in den Iran.",
            [("AUT", ["ARE"], "IRN"), ("AUT", ["TUR"], "IRN")],
        ),
        # a part of the goods "also" through another stop, in a sentence of its own
        (
            "Soud uznal obžalovaného vinným, že vyvezl do Arménie kuličková ložiska z české"
            " produkce, která byla následně dodána odběratelům v Rusku. Část zboží podle rozsudku"
            " putovala rovněž přes Gruzii.",
            [("CZE", ["ARM"], "RUS"), ("CZE", ["GEO"], "RUS")],
        ),
        # one way: another cue ("through … and across"), or a leg told after ("и после")
        (
            "Semi-automatic rifles bought in Texas were trucked through Mexico and across"
            " Guatemala before being handed over to gangs in Honduras.",
            [("USA", ["MEX", "GTM"], "HND")],
        ),
        (
            "Казват, че от февруари насам китайски дронове влизат през пристанище Бургас и после"
            " с тирове през Румъния към Молдова.",
            [("CHN", ["BGR", "ROU"], "MDA")],
        ),
    ],
)
def test_a_stop_told_as_another_way_is_a_route_of_its_own(
    text: str, want: list[tuple[object, ...]]
) -> None:
    """Two stops each led in by the same cue, or the second set apart by "part"/"also", are
    alternative ways of the same goods (one claim each); a chain of stops stays one route."""
    assert _routes(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a customs notice: the port where the goods were held is a stop
        (
            "Агенция „Митници“: на пристанище Варна е задържан контейнер с 3 тона барут,"
            " деклариран като „химически продукти“. Контейнерът е пристигнал от Истанбул и е"
            " трябвало да продължи за Батуми.",
            [("TUR", ["BGR"], "GEO")],
        ),
        # the country whose customs held them
        (
            "Uprava carina Srbije: na graničnom prelazu Batrovci zaplenjeno je 40 dronova kineskog"
            " porekla, deklarisanih kao igračke, koji su iz Zagreba putovali ka Skoplju.",
            [("CHN", ["SRB", "HRV"], "MKD")],
        ),
        # a ship's flag, a sea and a place the goods were never unloaded are no stops
        (
            "In January, the Cameroon-flagged bulk carrier Ocean Pearl loaded Egyptian ammonium"
            " nitrate at Damietta, turned off its AIS transponder in the Red Sea and discharged"
            " the cargo at Hodeidah, Yemen.",
            [("EGY", [], "YEM")],
        ),
        (
            "Municija proizvedena u Valjevu stigla je preko luke Bar u Crnoj Gori do Libije."
            " Izvozna dozvola je glasila na kupca u Egiptu, ali teret nikada nije iskrcan u"
            " Aleksandriji.",
            [("SRB", ["MNE"], "LBY")],
        ),
    ],
)
def test_where_the_goods_were_held_is_a_stop(text: str, want: list[tuple[object, ...]]) -> None:
    """A place where the route's goods were seized, held or unloaded (or the country whose
    customs held them), in a country of no role on any route read, is a stop of that route."""
    assert _routes(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Artillery shells made at the Wah ordnance complex in Pakistan were trucked into"
            " Ukraine from the Romanian port of Constanța during the spring of 2023.",
            [("PAK", ["ROU"], "UKR")],
        ),
        (
            "Des cartouches de 7,62 mm fabriquées au Soudan ont été acheminées vers la République"
            " centrafricaine via le Tchad au cours de l'été 2023.",
            [("SDN", ["TCD"], "CAF")],
        ),
        (
            "Des camions achetés aux Émirats arabes unis ont été livrés en Libye.",
            [("ARE", [], "LBY")],
        ),
        # a plant's words, then a stop and the end: the end is no maker
        (
            "Ministarstvo je demantovalo navode da je municija proizvedena u srpskim fabrikama"
            " preko Gruzije stigla u Jermeniju.",
            [("SRB", ["GEO"], "ARM")],
        ),
    ],
)
def test_the_country_of_the_plant_the_goods_were_made_at_is_their_maker(
    text: str, want: list[tuple[object, ...]]
) -> None:
    """ "made at the Wah ordnance complex in Pakistan", "fabriquées au Soudan", "achetés aux
    Émirats" (as "bought in" in the other languages): the origin, not a stop or the end."""
    assert _routes(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "The Minister told the committee that night-vision goggles manufactured in Australia"
            " and exported under licence to Indonesia had subsequently been located in Myanmar.",
            [("AUS", ["IDN"], "MMR")],
        ),
        (
            "Colombian prosecutors said that detonators manufactured in Brazil and sold to a"
            " mining company in Bolivia had been diverted during the first half of 2024 to"
            " dissident factions in Colombia's southwest.",
            [("BRA", ["BOL"], "COL")],
        ),
        # the end reached first, then how: no reorder
        (
            "thai-made ammo keeps turning up in myanmar, smuggled over from bangladesh since"
            " january",
            [("THA", ["BGD"], "MMR")],
        ),
    ],
)
def test_a_country_the_goods_went_on_to_after_the_end_is_the_end(
    text: str, want: list[tuple[object, ...]]
) -> None:
    """ "exported to Indonesia … subsequently located in Myanmar": Myanmar is the end and
    Indonesia a stop (said in countries_read), not the reverse."""
    hyps = extract_all(text, today=TODAY)
    assert [(h.origin, h.via, h.destination) for h in hyps] == want
    if want[0][1] and "located" in text:
        assert "is a stop on the way" in hyps[0].words["countries_read"][0]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the cue told again alone is a chain
        (
            "Serbian shells were trucked through Hungary and through Slovakia to Poland, and from"
            " there to Ukraine, in 2023.",
            [("SRB", ["HUN", "SVK", "POL"], "UKR")],
        ),
        # another case, other goods: no stop of this route
        (
            "Serbian-made artillery shells were exported to Turkey and then delivered to Ukraine"
            " in 2023. In a separate case, customs officers at the port of Rotterdam seized a"
            " shipment of drones last year.",
            [("SRB", ["TUR"], "UKR")],
        ),
        # a court's seizure of assets is no place of the goods
        (
            "Chinese drone components were sold via Kazakhstan to Russia in 2024. A court in"
            " Frankfurt later ordered the seizure of the intermediary's assets.",
            [("CHN", ["KAZ"], "RUS")],
        ),
    ],
)
def test_the_session_rules_keep_out_of_chains_money_and_other_cases(
    text: str, want: list[tuple[object, ...]]
) -> None:
    """A review (helper, twenty-third session) found these read wrongly by the first versions
    of the two-ways and the held-at rules: a chain told with its cue repeated split in two, a
    payment's way taken for the goods', another case's port and a court's seizure as stops."""
    assert _routes(text) == want


def test_a_payments_way_is_no_other_way_of_the_goods() -> None:
    """ "Часть денег также шла через Кипр" (part of the money): not a second route of the goods
    (the old reading, Cyprus a stop of the one route, is kept as it was)."""
    routes = _routes(
        "Американская электроника поступала в Россию через Армению в 2023 году. Часть денег"
        " также шла через Кипр."
    )
    assert len(routes) == 1
    assert routes[0][0] == "USA" and "ARM" in routes[0][1] and routes[0][2] == "RUS"
