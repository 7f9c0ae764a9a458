"""Build reference/data/countries.csv from pycountry (ISO 3166) plus the trade-statistics codes and
English name variants and demonyms that analysts' sources use.

Run once after changing the tables below: `python scripts/build_countries.py`.
"""

from __future__ import annotations

import csv
import gettext
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src/shadowtrade/reference/data/countries.csv"

# Comtrade / BACI numeric codes that differ from ISO 3166 numeric (UN Comtrade reference tables;
# FORMATS.md lists France 251, USA 842, Italy 381, Switzerland 757, India 699, Norway 579).
COMTRADE_CODE = {
    "FRA": 251,
    "USA": 842,
    "ITA": 381,
    "CHE": 757,
    "IND": 699,
    "NOR": 579,
    "TWN": 490,
}
# Former or combined reporters still found in historical files, mapped to their successor.
EXTRA_NUMERIC = {
    "BEL": [58],  # Belgium-Luxembourg (before 1999)
    "ZAF": [711],  # Southern African Customs Union (South Africa's reporting before 2000)
    "USA": [841],  # USA incl. Puerto Rico and US Virgin Islands (before 1981)
    "DEU": [276, 280],
    "SDN": [736],
    "ETH": [230],
    "SRB": [688, 891],  # Serbia; Serbia and Montenegro (2003–2005)
}

# English variants beyond pycountry's name / official name / common name.
VARIANTS = {
    "CZE": ["Czech Republic", "Czechia", "the Czech Republic"],
    "RUS": ["Russia", "Russian Federation", "Russian Federation (Russia)"],
    "GBR": ["United Kingdom", "UK", "Great Britain", "Britain"],
    "USA": ["United States", "USA", "US", "United States of America", "America"],
    "KOR": ["South Korea", "Korea, Republic of", "Rep. of Korea", "Republic of Korea", "Korea"],
    "PRK": ["North Korea", "Dem. People's Rep. of Korea", "DPRK", "Korea, DPR of"],
    "IRN": ["Iran", "Iran (Islamic Rep. of)"],
    "SYR": ["Syria"],
    "MDA": ["Moldova", "Rep. of Moldova", "Republic of Moldova"],
    "FRO": ["Faeroe Islands"],
    "TUR": ["Turkey", "Türkiye", "Turkiye"],
    "TWN": ["Taiwan", "Other Asia, nes", "Chinese Taipei"],
    "VNM": ["Vietnam", "Viet Nam"],
    "LAO": ["Laos", "Lao People's Dem. Rep."],
    "BOL": ["Bolivia", "Bolivia (Plurinational State of)"],
    "VEN": ["Venezuela"],
    "TZA": ["Tanzania", "United Rep. of Tanzania"],
    "COD": [
        "DR Congo",
        "Dem. Rep. of the Congo",
        "Congo, Democratic Republic",
        "Democratic Republic of the Congo",
        "Congo, Democratic Republic of",
    ],
    "COG": ["Congo", "Republic of the Congo"],
    "CIV": ["Côte d'Ivoire", "Cote d'Ivoire", "Côte d’Ivoire", "Ivory Coast", "Cote d' Ivoire"],
    "MKD": [
        "North Macedonia",
        "Macedonia",
        "FYR Macedonia",
        "TFYR of Macedonia",
        "Former Yugoslav Republic of Macedonia",
        "FYR of Macedonia",
    ],
    "BIH": ["Bosnia and Herzegovina", "Bosnia Herzegovina", "Bosnia"],
    "HKG": ["Hong Kong", "China, Hong Kong SAR", "SAR-Hong Kong", "Hong Kong SAR"],
    "MAC": ["Macao", "Macau", "China, Macao SAR"],
    "ARE": ["UAE", "United Arab Emirates", "the Emirates"],
    "NLD": ["Netherlands", "Holland", "the Netherlands"],
    "IRL": ["Ireland", "Ireland (Eire)", "Eire"],
    "KGZ": ["Kyrgyzstan", "Kyrgyz Republic", "Kirghizia"],
    "BLR": ["Belarus", "Byelorussia"],
    "MMR": ["Myanmar", "Burma"],
    "SWZ": ["Eswatini", "Swaziland"],
    "CPV": ["Cabo Verde", "Cape Verde"],
    "TLS": ["Timor-Leste", "East Timor"],
    "VAT": ["Holy See", "Vatican", "Vatican City State", "Vatican City"],
    "FSM": ["Micronesia", "FS Micronesia"],
    "BRN": ["Brunei", "Brunei Darussalam"],
    "CHN": ["China", "PRC", "People's Republic of China"],
    "GRC": ["Greece", "Hellas"],
    "XKX": ["Kosovo"],
    "VIR": ["Virgin Islands, United States", "US Virgin Islands", "United States Virgin Islands"],
    "LBY": ["Libya", "Libyan Arab Jamahiriya"],
    "VGB": ["British Virgin Islands", "Virgin Islands, British"],
    "CCK": ["Cocos Islands", "Keeling Islands"],
    "PSE": [
        "Palestine",
        "State of Palestine",
        "Occupied Palestinian Territory",
        "Palestinian Territory, Occupied",
    ],
    # Ceuta and Melilla are partners of their own in Eurostat's geonomenclature (XC, XL: outside
    # the EU's customs territory), rows of their own beside Spain's: see NON_COUNTRIES.
    "ESP": ["Spain", "Canary Islands"],
    "SHN": ["Saint Helena"],
    "KNA": ["Saint Kitts and Nevis", "St Kitts and Nevis"],
    "FLK": ["Falkland Islands"],
    "SGS": ["South Georgia and South Sandwich Islands"],
    "BVT": ["Bouvet", "Bouvet Island"],
    "ASM": ["American Samoa", "Eastern Samoa"],
    "HMD": ["Heard Island and McDonald Islands"],
}

# Demonyms and adjectives as they appear in news text ("Serbian companies").
DEMONYMS = {
    "AFG": ["Afghan"],
    "ALB": ["Albanian"],
    "DZA": ["Algerian"],
    "AGO": ["Angolan"],
    "ARG": ["Argentine", "Argentinian"],
    "ARM": ["Armenian"],
    "AUS": ["Australian"],
    "AUT": ["Austrian"],
    "AZE": ["Azerbaijani", "Azeri"],
    "BHR": ["Bahraini"],
    "BGD": ["Bangladeshi"],
    "BLR": ["Belarusian"],
    "BEL": ["Belgian"],
    "BIH": ["Bosnian"],
    "BRA": ["Brazilian"],
    "BGR": ["Bulgarian"],
    "KHM": ["Cambodian"],
    "CMR": ["Cameroonian"],
    "CAN": ["Canadian"],
    "CHL": ["Chilean"],
    "CHN": ["Chinese"],
    "COL": ["Colombian"],
    "HRV": ["Croatian"],
    "CUB": ["Cuban"],
    "CYP": ["Cypriot"],
    "CZE": ["Czech"],
    "DNK": ["Danish"],
    "EGY": ["Egyptian"],
    "EST": ["Estonian"],
    "ETH": ["Ethiopian"],
    "FIN": ["Finnish"],
    "FRA": ["French"],
    "GEO": ["Georgian"],
    "DEU": ["German"],
    "GHA": ["Ghanaian"],
    "GRC": ["Greek"],
    "HUN": ["Hungarian"],
    "ISL": ["Icelandic"],
    "IND": ["Indian"],
    "IDN": ["Indonesian"],
    "IRN": ["Iranian"],
    "IRQ": ["Iraqi"],
    "IRL": ["Irish"],
    "ISR": ["Israeli"],
    "ITA": ["Italian"],
    "JPN": ["Japanese"],
    "JOR": ["Jordanian"],
    "KAZ": ["Kazakh", "Kazakhstani"],
    "KEN": ["Kenyan"],
    "KWT": ["Kuwaiti"],
    "KGZ": ["Kyrgyz"],
    "LVA": ["Latvian"],
    "LBN": ["Lebanese"],
    "LBY": ["Libyan"],
    "LTU": ["Lithuanian"],
    "LUX": ["Luxembourgish"],
    "MYS": ["Malaysian"],
    "MLI": ["Malian"],
    "MLT": ["Maltese"],
    "MEX": ["Mexican"],
    "MDA": ["Moldovan"],
    "MNG": ["Mongolian"],
    "MNE": ["Montenegrin"],
    "MAR": ["Moroccan"],
    "MMR": ["Burmese"],
    "NLD": ["Dutch"],
    "NZL": ["New Zealand"],
    "NGA": ["Nigerian"],
    "PRK": ["North Korean"],
    "MKD": ["Macedonian", "North Macedonian"],
    "NOR": ["Norwegian"],
    "OMN": ["Omani"],
    "PAK": ["Pakistani"],
    "PSE": ["Palestinian"],
    "PER": ["Peruvian"],
    "PHL": ["Philippine", "Filipino"],
    "POL": ["Polish"],
    "PRT": ["Portuguese"],
    "QAT": ["Qatari"],
    "ROU": ["Romanian"],
    "RUS": ["Russian"],
    "SAU": ["Saudi", "Saudi Arabian"],
    "SRB": ["Serbian", "Serb"],
    "SGP": ["Singaporean"],
    "SVK": ["Slovak", "Slovakian"],
    "SVN": ["Slovenian", "Slovene"],
    "SOM": ["Somali"],
    "ZAF": ["South African"],
    "KOR": ["South Korean"],
    "SSD": ["South Sudanese"],
    "ESP": ["Spanish"],
    "LKA": ["Sri Lankan"],
    "SDN": ["Sudanese"],
    "SWE": ["Swedish"],
    "CHE": ["Swiss"],
    "SYR": ["Syrian"],
    "TWN": ["Taiwanese"],
    "TJK": ["Tajik", "Tajikistani"],
    "TZA": ["Tanzanian"],
    "THA": ["Thai"],
    "TUN": ["Tunisian"],
    "TUR": ["Turkish"],
    "TKM": ["Turkmen"],
    "UGA": ["Ugandan"],
    "UKR": ["Ukrainian"],
    "ARE": ["Emirati"],
    "GBR": ["British"],
    "USA": ["American", "US"],
    "URY": ["Uruguayan"],
    "UZB": ["Uzbek"],
    "VEN": ["Venezuelan"],
    "VNM": ["Vietnamese"],
    "YEM": ["Yemeni"],
    "ZMB": ["Zambian"],
    "ZWE": ["Zimbabwean"],
    "XKX": ["Kosovar", "Kosovan"],
    "AND": ["Andorran"],
    "BLZ": ["Belizean"],
    "BOL": ["Bolivian"],
    "ECU": ["Ecuadorian"],
    "ERI": ["Eritrean"],
    "MOZ": ["Mozambican"],
    "NPL": ["Nepalese", "Nepali"],
    "NER": ["Nigerien"],
    "RWA": ["Rwandan"],
    "SEN": ["Senegalese"],
    "TCD": ["Chadian"],
}

# Capitals often used as metonyms for governments ("Belgrade", "Kyiv").
CAPITALS = {
    "SRB": ["Belgrade", "Beograd"],
    "UKR": ["Kyiv", "Kiev"],
    "RUS": ["Moscow", "the Kremlin", "Kremlin"],
    "CZE": ["Prague"],
    "BGR": ["Sofia"],
    "USA": ["Washington"],
    "GBR": ["London"],
    "FRA": ["Paris"],
    "DEU": ["Berlin"],
    "POL": ["Warsaw"],
    "HUN": ["Budapest"],
    "ROU": ["Bucharest"],
    "SVK": ["Bratislava"],
    "TUR": ["Ankara"],
    "CHN": ["Beijing"],
    "IRN": ["Tehran"],
    "PRK": ["Pyongyang"],
    "BLR": ["Minsk"],
    "KAZ": ["Astana"],
    "KGZ": ["Bishkek"],
    "ARM": ["Yerevan"],
    "GEO": ["Tbilisi"],
    "ARE": ["Abu Dhabi", "Dubai"],
    "ISR": ["Jerusalem"],
    "AZE": ["Baku"],
    "UZB": ["Tashkent"],
    "MDA": ["Chisinau"],
    "BIH": ["Sarajevo"],
    "MKD": ["Skopje"],
    "MNE": ["Podgorica"],
    "HRV": ["Zagreb"],
    "SVN": ["Ljubljana"],
    "AUT": ["Vienna"],
    "ITA": ["Rome"],
    "ESP": ["Madrid"],
    "JPN": ["Tokyo"],
    "KOR": ["Seoul"],
    "IND": ["New Delhi"],
    "PAK": ["Islamabad"],
    "SAU": ["Riyadh"],
    "EGY": ["Cairo"],
    "SYR": ["Damascus"],
    "NLD": ["Amsterdam", "The Hague"],
    "BEL": ["Brussels"],
    "GRC": ["Athens"],
    "ALB": ["Tirana"],
    "LTU": ["Vilnius"],
    "LVA": ["Riga"],
    "EST": ["Tallinn"],
    "FIN": ["Helsinki"],
    "SWE": ["Stockholm"],
}

# Codes that are not countries: explicit markers, never null (Comtrade special areas and groups).
NON_COUNTRIES = [
    # iso3, iso2, m49, comtrade_code, name, kind, variants
    ("WLD", "", "", 0, "World", "aggregate", ["World", "W00", "Total", "All partners", "WORLD"]),
    (
        "EUU",
        "EU",
        "",
        97,
        "European Union",
        "aggregate",
        [
            "EU",
            "EU-27",
            "EU27",
            "EU27_2020",
            "EU28",
            "European Union",
            "European Union - 27 countries",
            "Union européenne - 27 pays",
            "European Union (EU)",
            "Intra-EU27",
            "Intra-EU",
            "Intra-UE27",
        ],
    ),
    (
        "EMU",
        "",
        "",
        "",
        "Euro area",
        "aggregate",
        ["Euro area", "Euro area - 20 countries", "EA20", "EA19"],
    ),
    (
        "XNS",
        "",
        "",
        899,
        "Areas, nes",
        "non_country",
        [
            "Areas, nes",
            "Areas nes",
            "Areas not elsewhere specified",
            "_X",
            "X1",
            "Unknown country",
            "Unknown",
            "Countries and territories not specified within the framework of extra-Union trade",
            "Countries and territories not specified within the framework of intra-Union trade",
            "Pays et territoires non déterminés dans le cadre des échanges avec les pays tiers",
            "Pays et territoires non déterminés dans le cadre des échanges intra-UE",
            # ISO 3166's user-assigned code customs systems write for an unknown country
            "ZZ",
        ],
    ),
    (
        "XBK",
        "",
        "",
        837,
        "Bunkers",
        "non_country",
        [
            "Bunkers",
            "Ship stores and bunkers",
            "XZ",
            "Stores and provisions within the framework of intra-Union trade",
            "Stores and provisions within the framework of extra-Union trade",
            "Avitaillement et soutage dans le cadre des échanges intra-UE",
            "Avitaillement et soutage dans le cadre des échanges avec les pays tiers",
        ],
    ),
    ("XFZ", "", "", 838, "Free zones", "non_country", ["Free zones", "Free Zones"]),
    ("XSC", "", "", 839, "Special categories", "non_country", ["Special categories"]),
    (
        "XOE",
        "",
        "",
        568,
        "Other Europe, nes",
        "non_country",
        ["Other Europe, nes", "Europe, nes", "Europe EFTA, nes"],
    ),
    ("XOF", "", "", 577, "Other Africa, nes", "non_country", ["Other Africa, nes", "Africa, nes"]),
    ("XOC", "", "", 527, "Oceania, nes", "non_country", ["Oceania, nes"]),
    (
        "XAM",
        "",
        "",
        637,
        "North America and Central America, nes",
        "non_country",
        [
            "North America and Central America, nes",
            "Rest of America, nes",
            "LAIA, nes",
            "CACM, nes",
        ],
    ),
    (
        "XCF",
        "",
        "",
        "",
        "Confidential countries",
        "non_country",
        [
            "Confidential",
            "Secret",
            "QU",
            "QV",
            "QW",
            "QX",
            "QY",
            "QZ",
            "Countries and territories not specified for commercial or military reasons in the framework of extra-Union trade",
            "Countries and territories not specified for commercial or military reasons in the framework of intra-Union trade",
            "Pays et territoires non précisés pour des raisons commerciales ou militaires dans le cadre des échanges avec les pays tiers",
            "Pays et territoires non précisés pour des raisons commerciales ou militaires dans le cadre des échanges intra-UE",
        ],
    ),
    (
        "XEX",
        "",
        "",
        "",
        "Extra-EU",
        "aggregate",
        ["Extra-EU27", "Extra-EU", "Extra-EU28", "Extra-UE27"],
    ),
    ("XHS", "", "", "", "High seas", "non_country", ["High seas", "Haute mer"]),
    # Parts of a country that trade statistics report as partners of their own (Eurostat's
    # geonomenclature: Ceuta XC, Melilla XL, outside the EU's customs territory): never read
    # as the country, whose own rows the same file holds (Spain's exports would collide).
    ("XCE", "XC", "", "", "Ceuta", "territory", ["Ceuta", "Сеута"]),
    ("XME", "XL", "", "", "Melilla", "territory", ["Melilla", "Мелилья"]),
    # Groups a national office defines in its own file (Kazakhstan's, Uzbekistan's converted
    # import tables): totals of partners it does not list, kept apart as aggregates.
    ("XRW", "", "", "", "Rest of the world", "aggregate", ["Rest of the world"]),
    ("XOT", "", "", "", "Other countries", "aggregate", ["Other countries"]),
    ("XNU", "", "", "", "Non-EU countries", "aggregate", ["Non-EU countries"]),
    ("XNE", "", "", "", "Non-EAEU countries", "aggregate", ["Non-EAEU countries"]),
    # Continents and trade blocs that national statistics report as partners.
    ("XAF", "", "", "", "Africa", "aggregate", ["Africa"]),
    ("XAS", "", "", "", "Asia", "aggregate", ["Asia"]),
    ("XEP", "", "", "", "Europe", "aggregate", ["Europe"]),
    ("XAU", "", "", "", "Australia and Oceania", "aggregate", ["Australia and Oceania", "Oceania"]),
    ("XAR", "", "", "", "America", "aggregate", ["America", "Americas"]),
    (
        "XEA",
        "",
        "",
        "",
        "Eurasian Economic Union",
        "aggregate",
        ["Eurasian Economic Union", "EAEU", "EAEU countries"],
    ),
    (
        "XCI",
        "",
        "",
        "",
        "Commonwealth of Independent States",
        "aggregate",
        ["Commonwealth of Independent States", "CIS", "CIS countries"],
    ),
    (
        "XSO",
        "",
        "",
        "",
        "Shanghai Cooperation Organisation",
        "aggregate",
        ["Shanghai Cooperation Organisation", "SCO"],
    ),
]
EXTRA_NON_COUNTRY_CODES = {"XOE": [492, 697], "XAM": [636, 473, 471], "XOF": [472], "XNS": [898]}


# Languages whose ISO 3166 names (from pycountry's gettext catalogues) are accepted as spellings:
# Eurostat exports in French and German; national statistics in Russian, Ukrainian, Bulgarian, Serbian.
LANGUAGES = ("fr", "de", "es", "it", "ru", "uk", "bg", "sr", "sr@latin", "cs", "pl", "hr", "sk")


# Names in other languages that real files use and the ISO catalogues lack (Eurostat's French
# export, Russian national statistics), checked by hand against the files that hold them.
OTHER_NAMES = {
    "BLR": ["Biélorussie"],
    "MDA": ["Moldavie"],
    "MNP": ["Северные Марианские острова"],
    "SYR": ["Syrie"],
    "LAO": ["Laos"],
    "KNA": ["Saint-Christophe-et-Nevis"],
    "TLS": ["Timor-Oriental"],
    "TKL": ["Tokélaou"],
    # Eurostat's French export (eu_year_export): names the ISO catalogues write otherwise
    "TCA": ["Iles Turks-et-Caïcos"],
    "FLK": ["Iles Falkland (Malouines)"],
    "CCK": ["Iles Cocos (ou Iles Keeling)"],
    "SGS": ["Iles Géorgie du Sud et Sandwich du Sud"],
    "HMD": ["Iles Heard et McDonald"],
    "VIR": ["Iles Vierges des Etats-Unis"],
    "SXM": ["Sint-Maarten (partie néerlandaise)"],
    "PSE": ["Territoire palestinien occupé (Cisjordanie (incl. Jérusalem-Est) et bande de Gaza)"],
}


def translations(name: str) -> list[str]:
    out = []
    for lang in LANGUAGES:
        try:
            t = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        v = t.gettext(name)
        if v != name:
            out.append(v)
    return sorted(set(out))


def main() -> None:
    rows = []
    for c in pycountry.countries:
        iso3 = c.alpha_3
        names = {c.name}
        for attr in ("official_name", "common_name"):
            v = getattr(c, attr, None)
            if v:
                names.add(v)
        names.update(VARIANTS.get(iso3, []))
        names.discard(c.name)
        numeric = int(c.numeric)
        comtrade = COMTRADE_CODE.get(iso3, numeric)
        extra = [str(n) for n in EXTRA_NUMERIC.get(iso3, [])]
        if comtrade != numeric:
            extra.append(str(numeric))
        rows.append(
            [
                iso3,
                c.alpha_2,
                f"{numeric:03d}",
                str(comtrade),
                c.name,
                "country",
                "|".join(sorted(names)),
                "|".join(DEMONYMS.get(iso3, [])),
                "|".join(CAPITALS.get(iso3, [])),
                "|".join(extra),
                "|".join(sorted(set(translations(c.name)) | set(OTHER_NAMES.get(iso3, [])))),
            ]
        )
    rows.append(
        [
            "XKX",
            "XK",
            "",
            "412",
            "Kosovo",
            "country",
            "Kosovo",
            "|".join(DEMONYMS["XKX"]),
            "Pristina",
            "",
            "Kosovo|Kosova|Косово",
        ]
    )
    # A former country's ISO numeric code, when no current country and no other former one
    # holds it (530 Netherlands Antilles in stat.uz's tables; 810 USSR, 200 Czechoslovakia in
    # old Comtrade data); a code reused by a successor (104 Burma, now Myanmar's) stays theirs.
    taken = {int(r[2]) for r in rows if r[2]} | {int(r[3]) for r in rows if r[3]}
    taken |= {int(c) for r in rows for c in r[9].split("|") if c}
    historic = [h for h in pycountry.historic_countries if h.alpha_3 not in {r[0] for r in rows}]
    numerics = [int(h.numeric) for h in historic if getattr(h, "numeric", None)]
    for h in historic:
        n = int(h.numeric) if getattr(h, "numeric", None) else None
        own = n is not None and n not in taken and numerics.count(n) == 1
        m49 = f"{n:03d}" if own and n is not None else ""
        rows.append([h.alpha_3, "", m49, "", h.name, "former_country", "", "", "", "", ""])
    for iso3, iso2, m49, ct, name, kind, variants in NON_COUNTRIES:
        rows.append(
            [
                iso3,
                iso2,
                str(m49),
                str(ct),
                name,
                kind,
                "|".join(variants),
                "",
                "",
                "|".join(str(n) for n in EXTRA_NON_COUNTRY_CODES.get(iso3, [])),
                "",
            ]
        )
    rows.sort(key=lambda r: r[0])
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(
            [
                "iso3",
                "iso2",
                "m49",
                "comtrade_code",
                "name",
                "kind",
                "variants",
                "demonyms",
                "capitals",
                "other_codes",
                "names_other_languages",
            ]
        )
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
