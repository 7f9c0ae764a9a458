"""Reference data: complete, sourced, and every spelling resolves the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shadowtrade.reference import (
    DATA_DIR,
    control_list,
    countries,
    cover_codes,
    eur_usd_monthly,
    hs_nomenclature,
    resolve_country,
)


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("SRB", "SRB"),
        ("RS", "SRB"),
        ("688", "SRB"),
        ("891", "SRB"),
        ("Serbia", "SRB"),
        ("Serbian", "SRB"),
        ("Сербия", "SRB"),
        ("Србија", "SRB"),
        ("Belgrade", None),
        ("Czechia", "CZE"),
        ("Czech Republic", "CZE"),
        ("the Czech Republic", "CZE"),
        ("Tchéquie", "CZE"),
        ("Czech", "CZE"),
        ("251", "FRA"),
        ("250", "FRA"),
        ("842", "USA"),
        ("381", "ITA"),
        ("757", "CHE"),
        ("699", "IND"),
        ("579", "NOR"),
        ("490", "TWN"),
        ("040", "AUT"),
        ("EL", "GRC"),
        ("Türkiye", "TUR"),
        ("Ukraine", "UKR"),
        ("Ukrainian", "UKR"),
        ("Україна", "UKR"),
        ("Bulgaria", "BGR"),
        ("България", "BGR"),
        ("Russian Federation (Russia)", "RUS"),
        ("Korea, Rep.", None),
        ("Rep. of Korea", "KOR"),
        ("St Lucia", "LCA"),
        ("Côte d’Ivoire", "CIV"),
        ("Germany (incl. German Democratic Republic 'DD' from 1991)", "DEU"),
        ("0", "WLD"),
        ("W00", "WLD"),
        ("World", "WLD"),
        ("899", "XNS"),
        ("Areas, nes", "XNS"),
        ("_X", "XNS"),
        ("837", "XBK"),
        ("838", "XFZ"),
        ("97", "EUU"),
        ("European Union - 27 countries (AT, BE, BG)", "EUU"),
        ("Extra-EU27 (from 2020)", "XEX"),
        ("Commonwealth of Independent States", "XCI"),
        ("QQQ", None),
        ("", None),
    ],
)
def test_country_spellings(text: str, iso3: str | None) -> None:
    # Capitals are kept for reading news text, not as country codes in trade data.
    assert resolve_country(text) == iso3


@given(
    st.sampled_from(
        [
            "Czech Republic",
            "Bosnia and Herzegovina",
            "Kyrgyzstan",
            "Serbia",
            "United Arab Emirates",
            "Viet Nam",
        ]
    ),
    st.sampled_from([str.upper, str.lower, str.title, lambda s: f"  {s} ", lambda s: s]),
)
def test_resolution_ignores_case_and_spacing(name: str, change: object) -> None:
    assert callable(change)
    assert resolve_country(change(name)) == resolve_country(name) is not None


def test_every_country_has_codes_and_every_marker_is_explicit() -> None:
    c = countries()
    assert c["iso3"].is_unique
    real = c[c["kind"] == "country"]
    assert len(real) >= 249
    assert (real["m49"].str.len() == 3).sum() >= 249
    assert set(c[c["kind"] == "aggregate"]["iso3"]) >= {"WLD", "EUU", "EMU"}
    for iso3 in c["iso3"]:
        assert resolve_country(iso3) == iso3


def test_hs_nomenclature_is_complete_at_2_4_6_digits() -> None:
    hs = hs_nomenclature()
    counts = hs["level"].value_counts().to_dict()
    assert counts == {"2": 97, "4": 1229, "6": 5613, "5": 1}  # '5' is the TOTAL row
    assert hs.set_index("hscode").loc["930690", "description"].startswith("Ammunition")
    assert "880610" in set(hs["hscode"])  # HS2022 drones


def test_control_list_categories_and_sources() -> None:
    cl = control_list()
    cats = set(cl["category"])
    assert cats == {
        "arms",
        "ammunition",
        "explosives_propellants",
        "military_vehicles",
        "aircraft_drones",
        "optics_sights",
        "chpl",
    }
    assert (cl["source"].str.len() > 10).all()
    chpl = cl[cl["category"] == "chpl"]
    assert len(chpl) == 50
    assert set(chpl["tier"]) == {"1", "2", "3.A", "3.B", "4.A", "4.B"}
    hs6 = set(hs_nomenclature()["hscode"])
    assert all(code in hs6 for code in cl["hs_code"])


def test_cover_codes_name_what_they_cover_and_why() -> None:
    cc = cover_codes()
    hs6 = set(hs_nomenclature()["hscode"])
    assert {"732690", "761699", "382499", "848790", "847990"} <= set(cc["hs_code"])
    for row in cc.itertuples():
        assert row.hs_code in hs6
        assert row.reason and row.source
        assert all(c[:2] in ("93", "36", "87") for c in row.covers.split("|"))


def test_fx_table_is_monthly_and_plausible() -> None:
    fx = eur_usd_monthly()
    assert len(fx) == 334 and fx["period"].is_unique
    assert fx["usd_per_eur"].between(0.82, 1.6).all()


def test_every_reference_file_is_documented() -> None:
    sources = (DATA_DIR / "SOURCES.md").read_text()
    for f in DATA_DIR.glob("*.csv"):
        assert f"`{f.name}`" in sources, f.name


def test_hs_concordance_links_versions() -> None:
    from shadowtrade.reference import hs_concordance

    c = hs_concordance()
    assert set(c["adjustment"]) == {
        "1996 to 1992",
        "2002 to 1996",
        "2007 to 2002",
        "2012 to 2007",
        "2017 to 2012",
        "2022 to 2017",
    }
    assert (c["code_after"].str.len() == 6).all()
    # HS2022's new drone heading 8806 came out of 8802 (aircraft) in HS2017.
    drones = c[c["code_after"] == "880610"]["code_before"]
    assert drones.str.startswith("8802").any()


def test_workspace_holds_the_reference_tables(tmp_path: Path) -> None:
    import shadowtrade

    ws = shadowtrade.open(tmp_path / "ws")
    n = {
        t: ws.raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
        for t in (
            "ref_hs",
            "ref_countries",
            "ref_control_list",
            "ref_cover_codes",
            "ref_eur_usd",
            "ref_country_keys",
            "ref_hs_concordance",
        )
    }
    ws.close()
    assert n["ref_hs"] == 6940 and n["ref_control_list"] == 65 and n["ref_eur_usd"] == 334
