"""Screening and list_match on the real OFAC SDN and OpenSanctions samples, with known answers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import SHARED
from typer.testing import CliRunner

from shadowtrade.cli import app
from shadowtrade.entities.screening import (
    COMMON_NAME_CAP,
    WORD_ALIKE,
    _may_be_alike,
    _tokens,
    screen,
    word_similarity,
)
from shadowtrade.formats.sanctions import ingest_list
from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.scanning import run_scan
from shadowtrade.workspace import Workspace

INTER_TOBACCO = {("ofac-sdn", "32733"), ("ftm:eu_fsf", "NK-2GdmHtZTeNXjNVrBGEXZNj")}


@pytest.fixture
def listed(ws: Workspace) -> Workspace:
    ingest_list(ws, SHARED / "ofac-sdn" / "sdn.csv", fmt="ofac-sdn")
    ingest_list(ws, SHARED / "opensanctions" / "t1_entities.ftm.json", fmt="ftm")
    return ws


def _hits(found: object, query: str) -> set[tuple[str, str]]:
    f = found[found["query"] == query]  # type: ignore[index]
    return set(zip(f["list"], f["entity_id"], strict=True))


def test_cross_script_and_spelling_matches(listed: Workspace) -> None:
    queries = [
        "Интер Тобако ООО",  # Russian Cyrillic, Russian legal form
        "INTER TOBACCO LLC",
        "Виталий Юрьевич Кузьменко",  # a listed person, Cyrillic
        "KUZMENKO Vitalij",  # Latin, surname first
        "Banco Nacional de Cuba S.A.",
        "Acme Widgets Ltd",  # nobody
        "Inter Trade LLC",  # a look-alike of a listed name
    ]
    found = screen(listed, queries)
    assert _hits(found, "Интер Тобако ООО") == INTER_TOBACCO
    assert _hits(found, "INTER TOBACCO LLC") == INTER_TOBACCO
    assert _hits(found, "Виталий Юрьевич Кузьменко") == {
        ("ftm:eu_fsf", "NK-2Ka3UvopqbpZmVDFjWd4LA")
    }
    assert ("ftm:eu_fsf", "NK-2Ka3UvopqbpZmVDFjWd4LA") in _hits(found, "KUZMENKO Vitalij")
    assert ("ofac-sdn", "306") in _hits(found, "Banco Nacional de Cuba S.A.")
    assert _hits(found, "Acme Widgets Ltd") == set()
    assert _hits(found, "Inter Trade LLC") == set()
    row = found[found["query"] == "Интер Тобако ООО"].iloc[0]
    assert "script, spelling, legal form and word order" in row["explanation"]


def test_country_corroborates_or_counts_against(listed: Workspace) -> None:
    found = screen(listed, ["Banco Nacional de Cuba", "Banco Nacional de Cuba"], ["ESP", "CUB"])
    by_country = dict(zip(found["query_country"], found["score"], strict=True))
    assert by_country == {"ESP": 1.0, "CUB": pytest.approx(0.9)}  # listed addresses: CH, ES, JP, PA


def test_list_match_on_shipment_parties(listed: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text(
        "shipment_id,date,exporter,exporter_country,consignee,importer_country,origin_country,"
        "destination_country,hs_code,value_usd,net_weight_kg\n"
        "L1,2023-02-01,Alfa s.r.o.,CZE,Интер Тобако ООО,BLR,CZE,BLR,854231,50000,20\n"
        "L2,2023-03-01,Alfa s.r.o.,CZE,INTER TOBACCO LLC,BLR,CZE,BLR,854231,60000,25\n"
        "L3,2023-03-05,Alfa s.r.o.,CZE,Inter Trade LLC,BLR,CZE,BLR,854231,60000,25\n",
        encoding="utf-8",
    )
    ingest_shipments(listed, f)
    alerts = run_scan(listed, ["list_match"])
    # Both spellings of the consignee match both lists; the exporter "Alfa" does not match the
    # listed vessel alias "ALPHA" (vessels are not parties to a consignment).
    assert sorted(alerts["entity"]) == sorted(["INTER TOBACCO LLC", "Интер Тобако ООО"] * 2)
    ev = json.loads(alerts.iloc[0]["evidence"])
    assert ev["consignment_list"][0]["shipment_id"] in {"L1", "L2"}
    assert (alerts["score"] == 1.0).all()


def test_screen_command(listed: Workspace, tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text(
        "id,name,country\nq7,Интер Тобако ООО,Belarus\nq8,Acme Widgets Ltd,USA\n", "utf-8"
    )
    wsdir = str(listed.path)
    listed.close()
    res = CliRunner().invoke(app, ["screen", str(names), "-w", wsdir, "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert list(rows[0]) == ["query", "query_id", "list", "entity_id", "name", "listed",
                             "score", "name_score", "explanation"]  # fmt: skip
    assert {(r["query"], r["query_id"], float(r["score"])) for r in rows} == {
        ("Интер Тобако ООО", "q7", 1.0)
    }
    assert len(rows) == 2  # one per list
    assert "Acme" not in res.output
    empty = CliRunner().invoke(app, ["screen", str(names), "-w", str(tmp_path / "new")])
    assert empty.exit_code == 2


def test_screen_shows_the_score_the_threshold_is_held_to(listed: Workspace, tmp_path: Path) -> None:
    # The tester's F12: 0.8547621706595224 shown at --threshold 0.5, nothing at 0.85: the
    # country (Russia on both sides) lifts the score; the name alone (0.738, VKO unmatched;
    # 0.805 before КОНЦЕРН was read as the kind of company, tester2 D15) is what the threshold
    # is held to. Both are shown, named, to three places.
    names = tmp_path / "names.csv"
    names.write_text("id,name,country\na1,АО Концерн ВКО Алмаз-Антей,Russia\n", "utf-8")
    wsdir = str(listed.path)
    listed.close()
    low = CliRunner().invoke(
        app, ["screen", str(names), "-w", wsdir, "--format", "csv", "--threshold", "0.5"]
    )
    assert low.exit_code == 0, low.output
    row = next(r for r in csv.DictReader(io.StringIO(low.output)) if r["entity_id"] == "16865")
    assert (row["score"], row["name_score"]) == ("0.788", "0.738")
    assert (
        "country agrees (0.788 with it; the threshold applies to the name alone, 0.738)"
        in (row["explanation"])
    )
    default = CliRunner().invoke(app, ["screen", str(names), "-w", wsdir, "--format", "csv"])
    assert default.exit_code == 0 and "16865" not in default.output


@pytest.fixture(scope="module")
def ofac_names() -> object:
    """The real OFAC SDN list's names and aliases, with their keys (no workspace needed)."""
    import pandas as pd

    from shadowtrade.entities.screening import names_of_entities
    from shadowtrade.formats.sanctions import parse_ofac

    df = pd.DataFrame(parse_ofac(SHARED / "ofac-sdn" / "sdn.csv").entities)
    df["list"] = "ofac-sdn"
    return names_of_entities(df)


# Each query, the OFAC entity it must find at the default threshold, and a word of the
# explanation that says how (issue 22's kinds).
KINDS = [
    # Foreign names spelt by sound in Cyrillic, as the Russian, Serbian, Bulgarian press writes.
    ("ИСЛАМИК РЕВОЛУТИОНАРЙ ГУАРД КОРПС", "10391", "by sound"),
    ("Исламик Револушнари Гард Корпс", "10391", "by sound"),
    ("АТОМИК ФУЕЛ ДЕВЕЛОПМЕНТ ЕНГИНЕЕРИНГ КОМПАНЙ", "25651", "by sound"),
    ("ДАНДОНГ ХОНГКСИАНГ ИНДУСТРИАЛ ДЕВЕЛОПМЕНТ КО ЛТД", "20564", ""),
    ("ИРАН СПЕЈС АЏЕНСИ", "27324", "by sound"),
    ("ГИЛБЕРТО ДЖОС РОДРИГУЕЗ ОРЕДЖЮЛА", "4107", "os~ose"),  # J as ДЖ: 0.70 when read as Ж
    ("ДЖОРДЖ ДЖУЛИО ГРАДЖАЛЕС МЕДЖИА", "8938", "ori~orge"),
    # ... with English vowels read their own way (one sound, whatever the vowels, across
    # scripts), Ј for the Y of a diphthong, КШ, a hard C as К and Й as Y
    ("ПЕТРОЧЕМ САУТ ИСТ ЛТД", "30643", "ist~east by sound"),
    ("Кари Оцен Шиппинг Адженси", "19586", "by sound"),
    ("ИРГК ЕЈР ФОРС АЛ-ГАДИР МИСИЛЕ КОМАНД", "12056", "fors~force by sound"),
    ("РЕКОНСТРУКШН ФАУНДАШН", "7132", "by sound"),
    ("КУБЕНАТУР", "621", "kubenatur~kubanatur by sound"),
    ("ЙОНА СТАР КОМПАНЙ", "20219", "same name"),
    # Legal forms written by ear (ПЏС = PJS, ЛК = LLC) or a letter short (LTA = LTDA)
    ("ПЕРСИА ХОРМОЗ ШИП РЕПЕЈР ЈАРД КОМПАНЈ ПЏС", "25475", "repeir~repair"),
    ("СУН ПРОПЕРТИЕС ЛК", "27033", "same name"),
    ("ESMERALDAS NARAPAY LTA", "23616", "same name"),
    # Typos in short and common words; a stray comma or space inside a word.
    ("SYK TRADE COMPANY", "23671", "sik~ski"),
    ("IAM BUKHORI JAMAAT", "23965", "am~imam"),  # the Latin spelling, where skeletons differ
    ("PARTIZAN TEH DOO BEOGRAD", "23284", "teg~tec"),
    ("DANDONG HOGXIANG INDUSTRIAL DEVELOPMENT CO LTD", "20564", ""),
    ("SECHI,N, Igor", "16692", "read as one word"),
    ("IRA NSPACE AGENCY", "27324", "read as 'iran space'"),
    ("ATOMIC FUELDEVELOPMENT ENGINEERING COMPANY", "25651", "read as two words"),
    # A slip in the legal form, or a legal form spelt by ear or run into the name.
    ("COLSED JOINT STOCK COMPANY ABSOLUTBANK", "32682", "same name"),
    ("ABSOLUTBANK KLOUZD DZHOINT STOK KOMPANI", "32682", "same name"),
    ("IRAN SPACE AGENCY LIMI TED", "27324", "same name"),
    # Fourth session. TH as С or З, W as В, Y and W dropped, Г hard before E and I:
    ("АБУ ЛЕЙС АЛ-ФИЛИСТИНИ", "12919", "leis~laitg by sound"),
    ("АЛ-КА'ИДА ИН ЗЕ ИНДИАН СУБКОНТИНЕНТ", "20159", "ze~tge as rendered in Cyrillic"),
    ("Ким, Кванг Кюн", "17617", "kun~cun by sound"),
    ("ИМАД АБДУЛ-ГЕЈНИ САБУНИ", "15227", "geini~gani by sound"),
    # ... a short one-word name in the other script with its very sound is not discounted
    ("Нпк", "11618", "npk~npc by sound"),
    # ... legal forms by ear (CHARITY, OOD, OAO; C.V. written К.В.)
    ("АЛ-БУСТАН ЧЕЈРИТИ", "22257", "same name"),
    ("Еуробет Уд", "32016", "same name"),
    ("БЕЛАРУСКАЛИ ОО", "32746", "same name"),
    ("ТАТЕС ДЕСАРРОЛЛО, С.А. ДЕ К.В.", "12278", "same name"),
    # Two letters swapped in a common short word: blocked through the deletions of the whole
    # name's letters (every word of it is common on the list)
    ("OAMR, Mohammed", "6635", "oamr~omar"),
    # Slips in legal-form phrases and forms run into, or split from, the name
    ("JOITN STOCK COMPANY SANATORIUM MISKHOR", "25179", "same name"),
    ("CLOSRD JOINT-STOCK COMPANY NEW OIL COMPANY", "32680", "same name"),
    ("LIMITED L,IABILITY COMPANY GAZPROM BURENIYE", "24185", "same name"),
    ("LLCRUSCHEMTRADE", "21107", "same name"),
    ("LANDMATIC SLLC", "34485", "same name"),
    ("PERSIA INTERNATIONAL BANK PL", "25679", "same name"),
    ("LEBEDEV, DmitriAlekseevich", "21166", "read as two words"),
    # Fifth session. X written КС; a word the other name lost as a legal form (AB of ABU, PROT
    # a slip of PORT, not of PrAT; CORP with a stray I); one neighbouring key struck (S for A)
    ("СИМЕКС", "535", "simeg~cimeg by sound"),
    ("SALAH AB MUHAMAD", "10934", "read as words, not legal forms: ab~abu"),
    ("PROT OF YEVPATORIA", "18320", "read as words, not legal forms: prot~port"),
    ("MEGS GROUP S.R.L.", "13065", "megs~mega neighbouring key"),
    # Sixth session. One name lost words as legal forms that the other kept (a slip in the
    # form's words, or one word read as a form): weighed on the whole names, not dropped by
    # the fast pass on the names without their forms
    ("PROT OF FEODOSIA", "18321", "read as words, not legal forms: prot~port"),
    ("AB DERGHAM", "19449", "read as words, not legal forms: ab~abu"),
    ("KOREA EXPO JOIBT VENTURE", "24917", "joint~joibt"),
    (
        "OBSHCHESTVO S OGRANIXHENNOI OTVETSTVENNOSTYU RUSSKOE VREMYA",
        "16809",
        "ogranichennoi~ogranixhennoi",
    ),
    ("ОБШЧЕСТВО С ОГРАНИХЕНАИ ОТВЕТСТВЕННОСТЙУ АЙНТЕР ТОБАККО", "32733", "ainter~inter by sound"),
    ("ПАРТ ОФ ЈАЛТА", "18315", "part~port"),
    # ... a letter left out of a short name whose words are all common (KIM, CHOL): blocked by
    # its letters run together, one letter short of KIM CHOL's
    ("KM, Chol", "23483", "km~kim"),
    ("PO, Kog", "11275", "kog~kong"),
    # Seventh session. A slip in a short word of a short name of two words or more: blocked by
    # its letters run together (five letters, or four against five: MNANU, MANNU; ELTI, ELTIO)
    ("MNA, Nu", "6924", "mna~man"),
    ("DO TI", "22424", "do~don letter left out"),
    ("OO, Ye Wn", "31134", "vn~vin letter left out"),
    # ... a word before a legal form is no form spelt by ear (IYAD before AG is no EAD)
    ("GHALI, Iad ag", "15832", "ad~iad"),
    # ... a one-word name of four letters typed with all of them, two swapped, is not discounted
    # as short (at the threshold: a screener looks at it)
    ("RIGC", "10391", "rigc~irgc letters swapped"),
    ("LGBC", "10118", "lgbc~glbc letters swapped"),
    # ... a legal form of four letters or more the listed name has, typed first or last with a
    # slip (a neighbouring key, a letter left out): no word of the name
    ("REYCO GMNBH.", "16012", "a legal form typed with a slip: gmnbh~gmbh"),
    ("INT LTD EOPD", "32062", "a legal form typed with a slip: eopd~eood"),
    ("OJC IZHMASH", "16911", "a legal form typed with a slip: ojc~ojsc"),
    # Eighth session. A slip in a short word of a name whose other words are common (PARS,
    # BANK-E, HOLDING): blocked by the name without that word, with its first letter
    ("PARS TIE COMPANY", "30392", "te~tile"),
    ("BANK-E TT", "13137", "t~tat letter left out"),
    # ... or a short word more or less (read as a form on one side only)
    ("SG HOLDING LIMITED", "16830", "stg~sg"),
    ("RAMIREZ Y CIA. LDA.", "9948", "read as words, not legal forms: cia"),
    ("AL-SANHAJI, Abu 'Ad Al-Rahman Ali", "27000", "ad~abd"),
    # Ninth session. A name spelt by ear whose words are each common or short: blocked, and
    # first compared, by the loose sound of all its words against the listed name's renderings
    ("ДЕЙ ЛИСИНГ КОМПАНЙ", "25629", "lising~leasing by sound"),
    ("САДЕЙФ КО.", "30371", "sadeif~sadaf by sound"),
    ("ЗАРСЕКУРАЈТИ", "21333", "zarsekuraiti~zorsekuriti by sound"),
    # ... TU before R as Ч, CH as К, a soft C as С and a doubled letter once, GH unwritten and
    # TH as С, Г hard before E against a TH as З
    ("ФАЧЕРБАНК", "25577", "facerbank~futurebank by sound"),
    ("КЕ ФОНГ", "11276", "ke~ce as rendered in Cyrillic"),
    ("РИСИО, МЕЈРИО", "16129", "risio~rikcio as rendered in Cyrillic"),
    ("ХАМИС ЕЈСАФИ", "12607", "eisafi~gatgafi by sound"),
    ("АЛ-ХУРАНИ, ГЕЙЗАМ АХМАД", "21907", "geizam~gaitgam by sound"),
    ("ЗАЛИЭНА ДЕ ЭСМЕРЕЙЛДАС ЛТДА. К.И.", "23624", "ki~ci as rendered in Cyrillic"),
    # Russian state and research enterprises' forms (FSUE, SRPE, NPP) are forms, not names:
    # 'Bazalt' is listed as 'FSUE SRPE BAZALT' (a new-user test found it at 0.73, on a person)
    ("Bazalt", "16862", "same name"),
    ("НПП Базальт", "16862", "same name"),
]


@pytest.mark.parametrize(("query", "entity", "how"), KINDS)
def test_kinds_of_variant_find_their_entity(
    ofac_names: object, query: str, entity: str, how: str
) -> None:
    from shadowtrade.entities.screening import screen_against

    found = screen_against(ofac_names, [query])  # type: ignore[arg-type]
    assert len(found), query
    best = found.iloc[0]
    assert best["entity_id"] == entity, found[["listed_name", "score"]].head(3)
    assert best["score"] >= 0.85
    assert how in best["explanation"]
    if query == "Нпк":
        assert "short one-word" not in best["explanation"]


LOOK_ALIKES = [
    "ISLAMIC CULTURE CENTER",
    "SKY WINGS AVIATION",  # SKY BLUE BIRD AVIATION shares two words of three
    "PART OF YALTA",  # PART is a word, not a slip of the legal form PRAT
    "IEK",  # an acronym ending in K is not EP-IEC: a C ending a word stays C
    "MEGZ GROUP S.R.L.",  # Z is no neighbour of A on the keyboard: MEGA GROUP stays apart
    "SEG",  # three letters, two swapped: ESG is another acronym as often as a slip
    "TRADING SARA",  # SARA is no slip of SARL (A and L are no neighbours): TRADING SARL apart
    # In another script, a short sound alone with the letters apart is weak: many names share
    # it (ЗАМАКС and CIMEX, both SMKS, 0.81; КУТЕКУ, KADEK and GATEWICK, all KTK)
    "ЗАМАКС",
    "КУТЕКУ",
]


def test_one_slip_is_no_vowel_for_another() -> None:
    from shadowtrade.entities.screening import _one_slip

    assert _one_slip("prot", "port") and _one_slip("ab", "abu") and _one_slip("ciorp", "corp")
    assert not _one_slip("part", "port") and not _one_slip("prat", "port")


def test_a_concern_is_no_word_of_the_name(ofac_names: object) -> None:
    from shadowtrade.entities.screening import screen_against

    # tester2 D15: "Izhmash" missed OPEN JOINT STOCK COMPANY 'KONTSERN IZHMASH' (0.744):
    # KONTSERN weighed as a rare word of the name
    found = screen_against(ofac_names, ["Izhmash"])  # type: ignore[arg-type]
    assert {"16911", "18318"} <= set(found["entity_id"])


def test_the_exact_name_of_a_non_commercial_partnership_is_found(ws: Workspace) -> None:
    # tester2 D15: the partnership's exact name without its form (НЕКОММЕРЧЕСКОЕ ПАРТНЕРСТВО)
    # scored 0.729 and another company ranked first
    ingest_list(ws, SHARED / "opensanctions" / "zala_entities.ftm.json", fmt="ftm")
    queries = ["Ассоциация беспилотных систем", "Associatsiya Bespilotnykh Sistem"]
    found = screen(ws, queries)
    for q in queries:
        best = found[found["query"] == q].iloc[0]
        assert best["entity_id"] == "NK-SiYwWfxwLVrVeFswsvAvsm"
        assert best["score"] >= 0.95


def test_registry_records_are_no_list_hits(ws: Workspace, tmp_path: Path) -> None:
    # tester2 D17: zala_entities.ftm.json carries the company graph around ZALA: EGRUL records
    # with no sanction (ИЖТЕЛЕКОМ, СПС, ЦСТ 5920040846) and a partnership only linked to one
    # (topic sanction.linked). They were screened as "matches listed name" at 1.0.
    ingest_list(ws, SHARED / "opensanctions" / "zala_entities.ftm.json", fmt="ftm")
    unlisted = ws.raw.execute("SELECT entity_id FROM list_entities WHERE NOT listed ORDER BY 1")
    assert [r[0] for r in unlisted.fetchall()] == [
        "NK-56Edov9bas9puzaChH5pBy", "NK-9Xa4Kg7Y7nfccE7VcZt6Q6", "NK-SiYwWfxwLVrVeFswsvAvsm",
        "ru-inn-5920040846",
    ]  # fmt: skip
    assert ws.raw.execute("SELECT count(*) FROM list_entities WHERE listed").fetchone() == (13,)
    found = screen(ws, ["Izhtelekom", "Zala Aero"])
    izh = found[found["query"] == "Izhtelekom"].iloc[0]
    assert (izh["entity_id"], bool(izh["listed"])) == ("NK-56Edov9bas9puzaChH5pBy", False)
    assert izh["explanation"].startswith("NOT LISTED")
    assert "linked to listed Alexander Vyacheslavovich ZAKHAROV (Ownership)" in izh["explanation"]
    zala = found[found["query"] == "Zala Aero"]
    assert zala["listed"].all() and zala["explanation"].str.startswith("matches listed name").all()
    names = tmp_path / "names.csv"
    names.write_text("name\nIzhtelekom\n", "utf-8")
    wsdir = str(ws.path)
    ws.close()
    res = CliRunner().invoke(app, ["screen", str(names), "-w", wsdir, "--format", "csv"])
    assert res.exit_code == 0, res.output
    (row,) = list(csv.DictReader(io.StringIO(res.output)))
    assert row["listed"] == "NO (record around listed parties)"


def test_list_match_says_a_registry_record_is_not_listed(ws: Workspace, tmp_path: Path) -> None:
    # tester2 D17: a shipment party matching an EGRUL record of the ZALA file was a list hit
    ingest_list(ws, SHARED / "opensanctions" / "zala_entities.ftm.json", fmt="ftm")
    f = tmp_path / "s.csv"
    f.write_text(
        "shipment_id,date,exporter,exporter_country,consignee,importer_country,origin_country,"
        "destination_country,hs_code,value_usd,net_weight_kg\n"
        "Z1,2023-02-01,Alfa s.r.o.,CZE,ООО Ижтелеком,RUS,CZE,RUS,854231,50000,20\n",
        encoding="utf-8",
    )
    ingest_shipments(ws, f)
    alerts = run_scan(ws, ["list_match"])
    (alert,) = alerts[alerts["entity"] == "ООО Ижтелеком"].to_dict("records")
    assert "matches a record NOT LISTED on ftm:ext_ru_egrul" in alert["summary"]
    assert json.loads(alert["evidence"])["listed"] is False


def test_only_a_file_marking_listings_has_unlisted_parties(ws: Workspace, tmp_path: Path) -> None:
    # (tester2 D17) a party without a listing topic is unlisted only where the file marks
    # listings on others; a file marking none (hand-made, another tool) cannot tell
    def entity(i: str, topics: list[str]) -> str:
        props = {"name": [f"Firma {i}"], "topics": topics}
        return json.dumps({"id": i, "schema": "Company", "properties": props, "datasets": ["x"]})

    marked, unmarked = tmp_path / "marked.json", tmp_path / "unmarked.json"
    marked.write_text(entity("a1", ["sanction"]) + "\n" + entity("a2", []) + "\n", "utf-8")
    unmarked.write_text(entity("b1", []) + "\n" + entity("b2", ["role.pep"]) + "\n", "utf-8")
    said = ingest_list(ws, marked, fmt="ftm").notes
    ingest_list(ws, unmarked, fmt="ftm")
    got = ws.raw.execute("SELECT entity_id, listed FROM list_entities ORDER BY 1").fetchall()
    assert got == [("a1", True), ("a2", False), ("b1", True), ("b2", True)]
    assert any(n.startswith("1 of 2 parties are in the file without a listing") for n in said)


def test_a_syllable_more_is_another_name_across_scripts(ofac_names: object) -> None:
    from shadowtrade.entities.names import latin
    from shadowtrade.entities.screening import screen_against

    # tester2 D16: АЭРОСКАН met AEROSKYONE CO. LTD (18929) at 0.95 "by sound": their codes are
    # one once Y is dropped, but YO is a syllable AEROSKAN lacks
    found = screen_against(ofac_names, ["Аэроскан"])  # type: ignore[arg-type]
    assert "18929" not in set(found["entity_id"])

    def alike(a: str, b: str) -> float:
        la, lb = latin(a), latin(b)
        (ka,), (sa,) = _tokens(la)
        (kb,), (sb,) = _tokens(lb)
        return word_similarity(ka, sa, kb, sb, la, lb, True)[0]

    assert alike("Аэроскан", "AEROSKYONE") < 0.85
    # renderings where a Y or W comes and goes inside a syllable stay one word by sound
    for cyrillic, english in (("КЮН", "CHUN"), ("ЕЈРУАЈС", "AIRWAYS"), ("ТЕЙУАСУЛ", "TAWASUL"),
                              ("РЕВОЛУШНАРИ", "REVOLUTIONARY")):  # fmt: skip
        assert alike(cyrillic, english) >= 0.95, cyrillic


def test_a_given_name_and_surname_alone_is_no_exact_match(ws: Workspace) -> None:
    # tester2 D16: "Alexander Zakharov" and "Maria Zakharova", among the commonest Russian
    # names, scored 1.0 against listed people, as an exact full name does
    ingest_list(ws, SHARED / "opensanctions" / "zala_entities.ftm.json", fmt="ftm")
    full = "Захаров Александр Вячеславович"
    found = screen(ws, ["Alexander Zakharov", "Мария Захарова", full], [None, "RUS", None])
    best = found.sort_values("score").drop_duplicates("query", keep="last").set_index("query")
    assert best.loc["Alexander Zakharov", "entity_id"] == "NK-aU5ybkbRFJucf8YMwsJvDw"
    assert best.loc["Мария Захарова", "entity_id"] == "NK-2Tbri3s6GgNtAwsSXh4qpL"
    for q in ("Alexander Zakharov", "Мария Захарова"):  # a country is no second identifier
        assert best.loc[q, "score"] == best.loc[q, "name_score"] == 0.95
        assert "confirm with a second identifier" in best.loc[q, "explanation"]
    assert best.loc[full, "score"] == 1.0  # the full name with the patronymic
    assert "second identifier" not in best.loc[full, "explanation"]


def test_numbers_inside_a_word_tell_two_ships_apart(ofac_names: object) -> None:
    from shadowtrade.entities.screening import screen_against

    # YARD NO.2656 (Latin text "no2656") is listed, and so are 2655 and 2657: hull numbers
    found = screen_against(ofac_names, ["YARD NO.2656 HYUNDAI M.D."], threshold=0.5)  # type: ignore[arg-type]
    assert found.iloc[0]["listed_name"] == "YARD NO.2656 HYUNDAI M.D."
    others = found.iloc[1:]
    assert len(others) >= 2
    assert (others["score"] < 0.7).all()
    assert others["explanation"].str.contains("numbers in the names differ").all()


@pytest.mark.parametrize("query", LOOK_ALIKES)
def test_look_alikes_stay_apart(ofac_names: object, query: str) -> None:
    from shadowtrade.entities.screening import screen_against

    assert screen_against(ofac_names, [query]).empty  # type: ignore[arg-type]


def test_a_name_listed_for_many_entities_blocks_as_one(ofac_names: object) -> None:
    from shadowtrade.entities.screening import screen_against

    # AL-AQSA E.V. is an alias of eight entities (the branches): its letters run together are
    # one listed spelling, not 22 names, so they still block a slip in AQSA
    found = screen_against(ofac_names, ["AL-ASQA E.V."])  # type: ignore[arg-type]
    assert "7638" in set(found["entity_id"])
    assert "aska~aksa letters swapped" in found.iloc[0]["explanation"]


def test_a_country_ranks_a_match_but_does_not_make_one(ofac_names: object) -> None:
    from shadowtrade.entities.screening import screen_against

    # IRGC-QF's name is 80 % alike; Iran on both sides adds 0.05 (0.848), which ranks a match
    # but does not lift a name under the threshold over it
    query = ["ISLAMIC REVOLUTIONARY GUARD CORPS SPACE FORCE"]
    at_84 = screen_against(ofac_names, query, ["IRN"], threshold=0.84)  # type: ignore[arg-type]
    assert "12055" in set(at_84["entity_id"])  # ... AEROSPACE FORCE: 93 % alike, 0.98
    assert "10465" not in set(at_84["entity_id"])
    at_79 = screen_against(ofac_names, query, ["IRN"], threshold=0.79)  # type: ignore[arg-type]
    qf = at_79[at_79["entity_id"] == "10465"].iloc[0]
    assert qf["score"] == pytest.approx(0.848, abs=0.002) and "country agrees" in qf["explanation"]


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@st.composite
def _word_and_slip(draw: st.DrawFn) -> tuple[str, str]:
    """A word and the same word after one or two slips (a letter left out, added, changed, or
    two neighbours swapped), as the words of a listed name and its variant are."""
    word = draw(st.text(alphabet=LETTERS, min_size=1, max_size=10))
    slipped = list(word)
    for _ in range(draw(st.integers(1, 2))):
        at = draw(st.integers(0, max(len(slipped) - 1, 0)))
        kind = draw(st.sampled_from(["drop", "add", "change", "swap"]))
        if kind == "drop" and len(slipped) > 1:
            del slipped[at]
        elif kind == "add":
            slipped.insert(at, draw(st.sampled_from(LETTERS)))
        elif kind == "change" and slipped:
            slipped[at] = draw(st.sampled_from(LETTERS))
        elif kind == "swap" and at + 1 < len(slipped):
            slipped[at], slipped[at + 1] = slipped[at + 1], slipped[at]
    return word, "".join(slipped)


@settings(max_examples=3000, deadline=None)
@given(_word_and_slip())
def test_the_fast_rejection_never_drops_a_pair_the_full_comparison_keeps(
    pair: tuple[str, str],
) -> None:
    """`_may_be_alike` only saves time: every pair of words `word_similarity` finds
    WORD_ALIKE alike passes it (a pair it rejected would be a match lost)."""
    a, b = pair
    (x,), (sx,) = _tokens(a)
    (y,), (sy,) = _tokens(b)
    sim, _ = word_similarity(x, sx, y, sy, a, b)
    if sim >= WORD_ALIKE:
        assert _may_be_alike(x, sx, y, sy, a, b), (a, b, sim)


def test_where_a_patronymic_stands() -> None:
    from shadowtrade.entities.names import latin, patronymic_at

    def at(name: str) -> int | None:
        return patronymic_at(tuple(latin(name).split()))

    assert at("KOVALCHUK, Yuri Valentinovich") == 2
    assert at("Аркадий Романович Ротенберг") == 1
    assert at("Олена Андріївна Петренко") == 1  # Ukrainian, a woman's
    assert at("Аляксандр Рыгоравіч Лукашэнка") == 1  # Belarusian
    assert at("Roman Arkadyevich Abramovich") == 1  # the surname ends as one too
    assert at("PEEVSKI, Delyan Slavchev") == 2  # Bulgarian: by its place
    assert at("Делян Славчев Пеевски") == 1
    assert at("Roman Abramovich") is None  # two words: a surname
    assert at("Ана Марија Петровић") is None  # Serbian -ić last: a surname
    assert at("Mohammed Ali Hassan") is None


# (query, the OFAC entity it must find at the default threshold); the listed name has a
# patronymic the query lacks, or the other way round (the tester's F24: 0.79 and 0.82 before)
PATRONYMIC_ON_ONE_SIDE = [
    ("Yuri Kovalchuk", "16680"),  # KOVALCHUK, Yuri Valentinovich
    ("Kovalchuk Yuriy", "16680"),
    ("Ротенберг Аркадий Романович", "16669"),  # ROTENBERG, Arkady
    ("Arkadiy Romanovich Rotenberg", "16669"),
    ("Delyan Peevski", "32059"),  # PEEVSKI, Delyan Slavchev (Bulgarian)
]
# A patronymic spelt by ear or with a slip still pairs with the listed one (the kinds
# benchmark's variants, seeds 1 and 91): it is nearer the patronymic than its stem
PATRONYMIC_MISSPELT = [
    ("SHAKUTA, Dmitry Viktorovicgh", "32271"),
    ("Ейлексеи Серджиевайч Маренетс", "26173"),  # MORENETS, Aleksei Sergeyevich
    ("Антонов, Йевгени Йувеналивик", "19328"),  # ANTONOV, Yevgeni Yuvenalievich
    ("Владимир Василйевик Русакевик", "10140"),  # RUSAKEVICH, Vladimir Vasilyevich
    ("ДМИТРЈ ЈУРИВИЧ ГОРА", "32675"),  # GORA, Dmitry Yurievich
    ("MENYAILO, Sergei Ivanvich", "16934"),
    ("GRABCHAK, Evgeniy Petrovoch", "23546"),
]


@pytest.mark.parametrize(("query", "entity"), PATRONYMIC_MISSPELT)
def test_a_misspelt_patronymic_still_pairs(ofac_names: object, query: str, entity: str) -> None:
    from shadowtrade.entities.screening import screen_against

    found = screen_against(ofac_names, [query])  # type: ignore[arg-type]
    assert entity in set(found["entity_id"]), query


@pytest.mark.parametrize(("query", "entity"), PATRONYMIC_ON_ONE_SIDE)
def test_a_patronymic_on_one_side_only_is_missing_not_different(
    ofac_names: object, query: str, entity: str
) -> None:
    from shadowtrade.entities.screening import screen_against

    found = screen_against(ofac_names, [query])  # type: ignore[arg-type]
    assert len(found), query
    best = found.iloc[0]
    # a given name and surname alone is held below an exact full name (tester2 D16)
    assert best["entity_id"] == entity
    assert best["score"] == (1.0 if len(query.split()) > 2 else COMMON_NAME_CAP)
    assert "on one side only, not counted" in best["explanation"]


def test_two_patronymics_that_differ_count_against(ofac_names: object) -> None:
    from shadowtrade.entities.screening import screen_against

    # Ivanovich is not Valentinovich (their -ovich made them 0.7 alike, and the name 0.91)
    found = screen_against(ofac_names, ["Kovalchuk Yuri Ivanovich"], threshold=0.5)  # type: ignore[arg-type]
    hit = found[found["entity_id"] == "16680"].iloc[0]
    assert hit["score"] < 0.75 and "ivanovic, valentinovic" in hit["explanation"]
    # a given name is no patronymic: Arkady Rotenberg is not his son Igor Arkadyevich (0.76)
    son = screen_against(ofac_names, ["Arkady Rotenberg"], threshold=0.5)  # type: ignore[arg-type]
    assert son[son["entity_id"] == "24183"]["score"].max() < 0.6


# The tester's innocent look-alikes of listed Russian persons and companies (F24)
PERSON_LOOK_ALIKES = ["Rotenberg Dental Clinic GmbH", "Timchenko Natalia", "Kalashnikov Vodka GmbH",
                      "Wagner Logistik GmbH", "Gaz Group Energy LLC", "Almaz Jewellery Ltd",
                      "Evro Polis Bakery", "Oleg Deribas", "Ivan Petrov"]  # fmt: skip


def test_person_look_alikes_stay_apart(ofac_names: object) -> None:
    from shadowtrade.entities.screening import screen_against

    assert screen_against(ofac_names, PERSON_LOOK_ALIKES).empty  # type: ignore[arg-type]


def test_a_listed_frame_screened_again_gets_the_same_answer_from_its_index(
    ofac_names: object,
) -> None:
    import pandas as pd

    from shadowtrade.entities.screening import listed_index, screen_against

    queries = ["НПП Базальт", "ИСЛАМИК РЕВОЛУТИОНАРЙ ГУАРД КОРПС", "Izhmash", "Ivan Petrov"]
    first = screen_against(ofac_names, queries)  # type: ignore[arg-type]
    again = screen_against(ofac_names, queries)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(first, again)
    assert {"16862", "10391", "16911", "18318"} <= set(first["entity_id"])
    assert "Ivan Petrov" not in set(first["query"])
    # the listed side is made once: a frame holding the same values gets the same index
    assert listed_index(ofac_names.copy()) is listed_index(ofac_names)  # type: ignore[attr-defined]


def _entities(*names: tuple[str, str, str]) -> object:
    """`names_of_entities` of (entity_id, name, schema) entities of a made-up list."""
    import pandas as pd

    from shadowtrade.entities.screening import names_of_entities

    rows = [{"list": "x", "entity_id": i, "schema": s, "name": n, "aliases": None,
             "programs": "", "countries": None} for i, n, s in names]  # fmt: skip
    return names_of_entities(pd.DataFrame(rows))


def test_a_listed_frame_changed_is_screened_as_it_is_now() -> None:
    import pandas as pd

    from shadowtrade.entities.screening import screen_against

    listed = _entities(("e1", "ZORBULAK TRADING LLC", "Company"),
                       ("e2", "KESTRAVIN SHIPPING", "Company"))  # fmt: skip
    queries = ["Zorbulak Trading", "Kestravin Shipping Co", "Vantoriel Holdings"]

    def found(frame: object) -> dict[str, str]:
        got = screen_against(frame, queries)  # type: ignore[arg-type]
        return dict(zip(got["query"], got["entity_id"], strict=True))

    assert found(listed) == {"Zorbulak Trading": "e1", "Kestravin Shipping Co": "e2"}
    # a name added (a new frame, one row longer)
    more = pd.concat([listed, _entities(("e3", "VANTORIEL HOLDINGS", "Company"))],  # type: ignore[list-item]
                     ignore_index=True)  # fmt: skip
    assert found(more) == {"Zorbulak Trading": "e1", "Kestravin Shipping Co": "e2",
                           "Vantoriel Holdings": "e3"}  # fmt: skip
    # a name edited in place: the same frame, as long as it was
    edited = _entities(("e2", "VANTORIEL HOLDINGS", "Company"))
    for col in listed.columns:  # type: ignore[attr-defined]
        listed.at[1, col] = edited.at[0, col]  # type: ignore[attr-defined]
    assert found(listed) == {"Zorbulak Trading": "e1", "Vantoriel Holdings": "e2"}


def test_a_workspace_screened_again_reads_its_lists_as_they_are_now(
    ws: Workspace, tmp_path: Path
) -> None:
    import pandas as pd

    def entity(i: str, name: str) -> str:
        props = {"name": [name], "topics": ["sanction"]}
        return json.dumps({"id": i, "schema": "Company", "properties": props, "datasets": ["x"]})

    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(entity("z1", "Zorbulak Trading LLC") + "\n", "utf-8")
    second.write_text(entity("v1", "Vantoriel Holdings") + "\n", "utf-8")
    queries = ["Zorbulak Trading", "Vantoriel Holdings"]
    ingest_list(ws, first, fmt="ftm")
    before = screen(ws, queries)
    pd.testing.assert_frame_equal(before, screen(ws, queries))
    assert before["entity_id"].tolist() == ["z1"]
    ingest_list(ws, second, fmt="ftm")
    assert sorted(screen(ws, queries)["entity_id"]) == ["v1", "z1"]
