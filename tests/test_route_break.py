"""route_break on hand-built series, and on the real Eurostat exports to Russia's neighbours."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import SHARED
from tests.trade_builder import Trade, months

from shadowtrade.scanning import run_scan
from shadowtrade.workspace import Workspace

ALL = months("2021-01", "2023-12")
NOISE = [1.0, 1.1, 0.9, 1.05, 0.95, 1.0, 1.08, 0.92, 1.02, 0.98, 1.1, 0.9]


def _factors(alert: pd.Series) -> dict[str, dict[str, object]]:
    """An alert's score factors by name."""
    factors: list[dict[str, object]] = json.loads(alert.evidence)["score_factors"]
    return {str(f["name"]): f for f in factors}


def noisy(level: float, n: int) -> list[float]:
    return [level * NOISE[i % 12] for i in range(n)]


@pytest.fixture
def routes(ws: Workspace, tmp_path: Path) -> Workspace:
    t = Trade()
    # A new ammunition route: nothing in 2021–2022, about 500 k USD a month from 2023-01.
    t.series("Export", "SRB", "CZE", "930690", months("2023-01", "2023-12"), noisy(500_000, 12))
    t.series("Export", "SRB", "DEU", "851712", ALL, noisy(300_000, 36))  # SRB reports every month
    # Steady trade: no break.
    t.series("Export", "DEU", "FRA", "851712", ALL, noisy(200_000, 36))
    # Legitimate steady arms trade.
    t.series("Export", "USA", "POL", "930690", ALL, noisy(2_000_000, 36))
    # One large shipment, then nothing: not persistent.
    t.series("Export", "DEU", "POL", "930690", ["202212"], 3_000_000)
    # ITA reported nothing in 2022 (a missing year, not zeros), then carries on as before.
    ita = [p for p in ALL if not p.startswith("2022")]
    t.series("Export", "ITA", "ESP", "851712", ita, noisy(400_000, len(ita)))
    return t.write(ws, tmp_path / "routes.csv")


@pytest.mark.spark_pass
def test_new_route_alerts_with_its_break(routes: Workspace) -> None:
    alerts = run_scan(routes, ["route_break"])
    assert len(alerts) == 1
    a = alerts.iloc[0]
    assert (a.origin, a.destination, a.hs_code) == ("SRB", "CZE", "930690")
    assert a.period_start.isoformat() == "2023-01-01" and a.period_end.isoformat() == "2023-12-01"
    ev = json.loads(a.evidence)
    # Hand computation: 24 observable months before at zero; after, the 12 months' mean.
    assert ev["months_before"] == 24 and ev["months_after"] == 12
    assert ev["mean_usd_per_month_before"] == 0
    assert ev["mean_usd_per_month_after"] == pytest.approx(sum(noisy(500_000, 12)) / 12, rel=1e-6)
    assert ev["share_of_months_with_flow_after"] == 1.0
    # A birth alone stays below 0.5 however strong: controlled code (weight 1), 25-fold jump,
    # every month after, the only rise among SRB's chapter-93 exports: 0.45 × 1 × 1.
    assert a.score == pytest.approx(0.45)
    assert ev["scoring_version"] == "route_break/6"
    names = [f["name"] for f in ev["score_factors"]]
    assert names == ["jump_is_large", "shift_is_sharp", "flow_persists", "rise_lasts",
                     "birth_is_rare", "other_side_silent", "priced_off_its_code",
                     "code_weight"]  # fmt: skip
    assert all(f["sentence"] and 0 <= f["value"] <= 1 for f in ev["score_factors"])
    assert "rose in 2023-01 from nothing to 500,000 USD a month" in a.summary
    assert "fell back" not in a.summary


def test_factor_weights_are_parameters(routes: Workspace) -> None:
    """Halving the weight of persistence changes nothing here (every factor is 1), lowering
    max_score lowers the score in proportion."""
    a = run_scan(routes, ["route_break"], ["route_break.max_score=0.3"]).iloc[0]
    assert a.score == pytest.approx(0.3)


def test_a_birth_the_other_side_does_not_record_is_a_mirror_gap(
    ws: Workspace, tmp_path: Path
) -> None:
    """SRB's new ammunition exports to CZE, which reports its other imports every month but
    none of these (while it books its other ammunition imports by partner): the birth is
    one-sided, max_score + mirror_bonus = 0.9. Recorded by both
    sides, the same birth stays at 0.45 on each."""
    t = Trade()
    t.series("Export", "SRB", "DEU", "851712", ALL, noisy(300_000, 36))
    t.series("Import", "CZE", "DEU", "851712", ALL, noisy(300_000, 36))
    # CZE books its ammunition imports by partner (from the USA): its silence on SRB's says so.
    t.series("Import", "CZE", "USA", "930690", ALL, noisy(200_000, 36))
    t.series("Export", "SRB", "CZE", "930690", months("2023-01", "2023-12"), noisy(500_000, 12))
    t.both("BGR", "POL", "930690", months("2023-01", "2023-12"), noisy(500_000, 12))
    t.series("Export", "BGR", "DEU", "851712", ALL, noisy(300_000, 36))
    t.series("Import", "POL", "DEU", "851712", ALL, noisy(300_000, 36))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    one = alerts[alerts.origin == "SRB"].iloc[0]
    assert one.score == pytest.approx(0.9)
    fs = _factors(one)
    silent = fs["other_side_silent"]
    assert silent["value"] == 1.0
    assert "CZE's own records hold 0% of this flow" in silent["sentence"]
    both = alerts[alerts.origin == "BGR"]
    assert len(both) == 2 and (both.score < 0.5).all()  # each side's record of one birth


def test_a_partner_naming_its_partners_in_the_chapter_is_silent_on_an_ordinary_code(
    ws: Workspace, tmp_path: Path
) -> None:
    """CZE books its chapter-36 imports by partner (fuses, 360300, from the USA) but none of
    heading 3606. SRB's new exports of 360690 (an ordinary code, on no control list) to CZE,
    which CZE never records: its silence is a gap, one-sided, 0.9 × weight 0.7 = 0.63 (0.315
    before, when only a partner booking the heading itself counted; outside world A22_s20's
    planted phantom export BGD -> SRB 360690, SRB booking 3602-3604 by partner, 0.26 -> 0.52).
    BGR's new exports of 360200 (explosives, on the control list) to CZE stay unread: arms and
    explosives are often kept confidential heading by heading (DOMAIN.md), so CZE's silence
    on a heading it books to no one says nothing (0.45 × weight)."""
    t = Trade()
    new = months("2023-01", "2023-12")
    for c in ("SRB", "BGR", "USA"):
        t.both(c, "CZE", "851712", ALL, noisy(300_000, 36))
    t.both("USA", "CZE", "360300", ALL, noisy(200_000, 36))
    t.series("Export", "SRB", "CZE", "360690", new, noisy(500_000, 12))
    t.series("Export", "BGR", "CZE", "360200", new, noisy(500_000, 12))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    srb = alerts[(alerts.origin == "SRB") & (alerts.hs_code == "360690")].iloc[0]
    assert srb.score == pytest.approx(0.63)
    silent = _factors(srb)["other_side_silent"]
    assert silent["value"] == 1.0
    assert "CZE's own records hold 0% of this flow" in silent["sentence"]
    assert "names its partners in the code's chapter 36" in silent["sentence"]
    bgr = alerts[(alerts.origin == "BGR") & (alerts.hs_code == "360200")].iloc[0]
    assert bgr.score < 0.5
    silent = _factors(bgr)["other_side_silent"]
    assert silent["value"] == 0.0
    assert "none of this heading by partner country" in silent["sentence"]


def _booked_after_the_end(ws: Workspace, tmp_path: Path, lag: int | None) -> pd.DataFrame:
    """SRB's new exports of 930690 to CZE from 2023-01, both records agreeing until 2023-10;
    SRB ships 10 M USD in each of the data's last two months, which CZE (whose files end in
    2023-12) books after its files end. The SRB -> CZE route_break alerts."""
    t = Trade()
    t.series("Export", "SRB", "DEU", "851712", ALL, noisy(300_000, 36))
    t.series("Import", "CZE", "DEU", "851712", ALL, noisy(300_000, 36))
    t.series("Import", "CZE", "USA", "930690", ALL, noisy(200_000, 36))
    early = noisy(500_000, 10)
    t.series("Export", "SRB", "CZE", "930690", months("2023-01", "2023-12"), [*early, 1e7, 1e7])
    t.series(
        "Import", "CZE", "SRB", "930690", months("2023-01", "2023-10"), [v * 1.06 for v in early]
    )
    settings = None if lag is None else [f"route_break.booking_lag_months={lag}"]
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"], settings)
    return alerts[(alerts.origin == "SRB") & (alerts.destination == "CZE")]


def test_exports_the_importer_books_after_its_files_end_are_no_mirror_gap(
    ws: Workspace, tmp_path: Path
) -> None:
    """The importer books a shipment up to two months after its exporter (goods in transit):
    the last two months of CZE's files are not compared, and the months before agree, so the
    birth is not one-sided (outside worlds A16_s0 CHN -> VNM 360320, A13_s0 DEU -> POL 760692)."""
    a = _booked_after_the_end(ws, tmp_path, None)
    silent = _factors(a.iloc[0])
    assert silent["other_side_silent"]["value"] == 0.0
    assert (a.score < 0.5).all()


def test_exports_booked_after_the_end_read_as_silence_without_the_lag(
    ws: Workspace, tmp_path: Path
) -> None:
    """The same with `booking_lag_months` 0: CZE's records hold a fifth of the flow, a gap."""
    a = _booked_after_the_end(ws, tmp_path, 0)
    silent = _factors(a.iloc[0])
    assert silent["other_side_silent"]["value"] > 0.5
    assert (a.score > 0.5).any()


def test_a_birth_the_other_side_books_under_a_sibling_code_is_no_mirror_gap(
    ws: Workspace, tmp_path: Path
) -> None:
    """The birth of the test above, but CZE books SRB's shipments under 930629, another code of
    the heading (a customs habit, DOMAIN.md): its records of the flow are complete, so the
    birth is not one-sided and stays at max_score (0.45), and the factor says where CZE booked
    it. Before related codes were read, CZE's 0 % under 930690 made it 0.9."""
    t = Trade()
    t.series("Export", "SRB", "DEU", "851712", ALL, noisy(300_000, 36))
    t.series("Import", "CZE", "DEU", "851712", ALL, noisy(300_000, 36))
    t.series("Import", "CZE", "USA", "930690", ALL, noisy(200_000, 36))
    new = months("2023-01", "2023-12")
    t.series("Export", "SRB", "CZE", "930690", new, noisy(500_000, 12))
    t.series("Import", "CZE", "SRB", "930629", new, noisy(530_000, 12))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    one = alerts[(alerts.origin == "SRB") & (alerts.hs_code == "930690")].iloc[0]
    assert one.score == pytest.approx(0.45)
    fs = _factors(one)
    silent = fs["other_side_silent"]
    assert silent["value"] == 0.0
    assert "under HS 930629, a related code" in silent["sentence"]


def test_an_import_birth_its_exporter_books_under_a_sibling_code_is_no_mirror_gap(
    ws: Workspace, tmp_path: Path
) -> None:
    """CZE's new imports of 930690 from SRB, which SRB reports under 930629 beside the 930629
    both sides have recorded all along, in data that also holds re-exports (SGP's): SRB's
    surplus under 930629 is the new flow, so the birth is not one-sided (0.45). Before, where
    the data held re-exports, CZE's own 930629 records were counted once per mirror direction
    of its imports (export and re-export): twice, which ate SRB's surplus and left the birth
    read as 40 % recorded (0.56)."""
    t = Trade()
    t.series("Re-export", "SGP", "DEU", "851712", ALL, noisy(300_000, 36))
    t.series("Import", "DEU", "SGP", "851712", ALL, noisy(310_000, 36))
    steady, new = noisy(300_000, 36), months("2023-01", "2023-12")
    t.series("Import", "CZE", "SRB", "930629", ALL, [v * 1.06 for v in steady])
    t.series("Import", "CZE", "SRB", "930690", new, noisy(530_000, 12))
    srb = [v + (500_000 * NOISE[i % 12] if i >= 24 else 0.0) for i, v in enumerate(steady)]
    t.series("Export", "SRB", "CZE", "930629", ALL, srb)  # the new flow under the sibling
    t.both("SRB", "POL", "930690", ALL, noisy(200_000, 36))  # SRB books 9306 by partner
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    one = alerts[(alerts.origin == "SRB") & (alerts.hs_code == "930690")].iloc[0]
    silent = _factors(one)["other_side_silent"]
    assert silent["value"] == 0.0
    assert "under HS 930629, a related code" in silent["sentence"]
    assert one.score == pytest.approx(0.45)


def test_a_code_an_hs_group_joins_by_hundreds_is_no_related_code(
    ws: Workspace, tmp_path: Path
) -> None:
    """The one-sided birth above (SRB's new 930621 cartridges to CZE), while CZE books
    semiconductor transducers (854151) from SRB that SRB does not report. The concordance joins
    854151 with 930621 only through a many-to-many group (854151 draws from 157 HS 2017 codes):
    no classification habit, so CZE's transducers are no record of the cartridges and the
    birth stays one-sided (0.9). Before links were limited to new codes with a few
    predecessors, they made it 0.45 and named 854151 'a related code'."""
    from shadowtrade.detect.related_codes import revision_links

    links = revision_links()
    assert "854151" not in set(links[links.code == "930621"].related)
    assert {"852580", "880211"} <= set(links[links.code == "880621"].related)  # drones, HS 2022
    t = Trade()
    t.series("Export", "SRB", "DEU", "851712", ALL, noisy(300_000, 36))
    t.series("Import", "CZE", "DEU", "851712", ALL, noisy(300_000, 36))
    t.series("Import", "CZE", "USA", "930621", ALL, noisy(200_000, 36))
    new = months("2023-01", "2023-12")
    t.series("Export", "SRB", "CZE", "930621", new, noisy(500_000, 12))
    t.series("Import", "CZE", "SRB", "854151", new, noisy(530_000, 12))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    one = alerts[(alerts.origin == "SRB") & (alerts.hs_code == "930621")].iloc[0]
    assert one.score == pytest.approx(0.9)
    silent = _factors(one)["other_side_silent"]
    assert silent["value"] == 1.0
    assert "854151" not in silent["sentence"]


def test_a_re_export_the_importer_books_under_the_origin_is_no_mirror_gap(
    ws: Workspace, tmp_path: Path
) -> None:
    """The same one-sided birth as a re-export from SGP: CZE records re-exported goods under
    their country of origin, so its silence towards SGP is how a re-export looks (0.45, not
    0.9)."""
    t = Trade()
    t.series("Re-export", "SGP", "DEU", "851712", ALL, noisy(300_000, 36))  # SGP reports
    t.series("Import", "CZE", "DEU", "851712", ALL, noisy(300_000, 36))
    t.series("Import", "CZE", "USA", "930690", ALL, noisy(200_000, 36))
    t.series("Re-export", "SGP", "CZE", "930690", months("2023-01", "2023-12"), noisy(500_000, 12))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    one = alerts[(alerts.origin == "SGP") & (alerts.destination == "CZE")].iloc[0]
    assert one.score == pytest.approx(0.45)
    fs = _factors(one)
    assert fs["other_side_silent"]["value"] == 0.0
    assert fs["other_side_silent"]["sentence"].startswith("a re-export: CZE records such goods")


def _re_export_through_bel(ws: Workspace, tmp_path: Path, origin_reports: bool) -> pd.DataFrame:
    """route_break's 930690 alerts, by origin, destination and reporter, on a new re-export
    TUR → BEL → CZE from 2023-01 that BEL reports as ordinary exports and CZE books from TUR,
    beside SRB's new exports to CZE. TUR reports its exports to BEL (`origin_reports`), or
    reports nothing at all and BEL records its imports from TUR."""
    t = Trade()
    new = months("2023-01", "2023-12")
    for c in ("BEL", "TUR", "SRB", "USA") if origin_reports else ("BEL", "SRB", "USA"):
        t.both(c, "CZE", "851712", ALL, noisy(300_000, 36))
    t.both("USA", "CZE", "930690", ALL, noisy(200_000, 36))
    if origin_reports:
        t.both("TUR", "BEL", "930690", new, noisy(500_000, 12))
    else:
        t.series("Import", "BEL", "TUR", "930690", new, noisy(530_000, 12))
    t.series("Export", "BEL", "CZE", "930690", new, noisy(520_000, 12))
    t.series("Import", "CZE", "TUR", "930690", new, noisy(550_000, 12))
    t.series("Export", "SRB", "CZE", "930690", new, noisy(500_000, 12))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    a = alerts[alerts.hs_code == "930690"]
    a = a.assign(reporter=[json.loads(e)["reporter"] for e in a.evidence])
    return a.set_index(["origin", "destination", "reporter"])


def test_a_re_export_booked_under_origin_and_consignment_is_no_mirror_gap(
    ws: Workspace, tmp_path: Path
) -> None:
    """A new re-export TUR → BEL → CZE from 2023-01 that BEL reports as ordinary exports (as EU
    members do): CZE books the goods from TUR, the origin. BEL's new exports have no mirror in
    CZE's imports from BEL, nor CZE's new imports from TUR in TUR's exports to CZE; each has it
    under the other attribution, with TUR's exports to BEL as the third leg. Both births stay
    at max_score (0.45, not 0.9), and the factor says where the flow was recorded. SRB's new
    exports to CZE beside it, which CZE records from no one (its imports from USA are matched
    by the USA's reports, and TUR exports nothing to SRB), stay a one-sided birth."""
    a = _re_export_through_bel(ws, tmp_path, origin_reports=True)
    for key, words in [
        (("BEL", "CZE", "BEL"), "CZE books 6.60 M USD of it from TUR"),
        (("TUR", "CZE", "CZE"), "BEL reports 6.23 M USD of it as its exports to CZE"),
    ]:
        one = a.loc[key]
        assert one.score == pytest.approx(0.45), key
        fs = _factors(one)
        silent = fs["other_side_silent"]
        assert silent["value"] == 0.0
        assert words in silent["sentence"], silent["sentence"]
        assert "read as one re-export recorded under origin and consignment" in silent["sentence"]
    srb = a.loc[("SRB", "CZE", "SRB")]
    assert srb.score >= 0.5
    fs = _factors(srb)
    assert fs["other_side_silent"]["value"] == 1.0
    assert "origin and consignment" not in fs["other_side_silent"]["sentence"]


def test_a_re_export_the_importer_books_from_the_origin_under_a_sibling_code_is_no_mirror_gap(
    ws: Workspace, tmp_path: Path
) -> None:
    """The new re-export TUR → BEL → CZE, with CZE booking the goods from TUR under another
    subheading of the heading (930630 for BEL's 930690): still one re-export under origin and
    consignment, each side's records of the pair summed over the related codes (the outside
    world A3_s0: KAZ's new exports of 853222 to RUS, which RUS books from JPN under 853224,
    scored 0.56 as a birth RUS never records)."""
    t = Trade()
    new = months("2023-01", "2023-12")
    for c in ("BEL", "TUR", "USA"):
        t.both(c, "CZE", "851712", ALL, noisy(300_000, 36))
    t.both("USA", "CZE", "930690", ALL, noisy(200_000, 36))
    t.both("TUR", "BEL", "930690", new, noisy(500_000, 12))
    t.series("Export", "BEL", "CZE", "930690", new, noisy(520_000, 12))
    t.series("Import", "CZE", "TUR", "930630", new, noisy(550_000, 12))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    one = alerts[(alerts.origin == "BEL") & (alerts.destination == "CZE")].iloc[0]
    assert one.hs_code == "930690" and one.score == pytest.approx(0.45)
    fs = _factors(one)
    silent = fs["other_side_silent"]
    assert silent["value"] == 0.0
    assert "CZE books 6.60 M USD of it from TUR" in silent["sentence"], silent["sentence"]


def test_a_re_exports_first_leg_under_the_importers_sibling_code_is_its_leg(
    ws: Workspace, tmp_path: Path
) -> None:
    """The new re-export TUR → BEL → CZE of the test above, but TUR reports its exports to BEL
    under 930630, the code CZE books the goods from TUR under, and BEL its exports to CZE under
    930690: the first leg is read under the series' code and its related codes, as the
    partners' records are (outside read world A7_s0: HKG re-exports DEU's 842952 to BRA, which
    books them from DEU as 842930, scored 0.55 as a birth DEU never records; and RUS's 848610
    from the USA, NLD's re-exports of the USA's 848690, 0.53)."""
    t = Trade()
    new = months("2023-01", "2023-12")
    for c in ("BEL", "TUR", "USA"):
        t.both(c, "CZE", "851712", ALL, noisy(300_000, 36))
    t.both("USA", "CZE", "930690", ALL, noisy(200_000, 36))
    t.both("TUR", "BEL", "930630", new, noisy(500_000, 12))
    t.series("Export", "BEL", "CZE", "930690", new, noisy(520_000, 12))
    t.series("Import", "CZE", "TUR", "930630", new, noisy(550_000, 12))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    one = alerts[(alerts.origin == "BEL") & (alerts.destination == "CZE")].iloc[0]
    assert one.hs_code == "930690" and one.score == pytest.approx(0.45)
    fs = _factors(one)
    silent = fs["other_side_silent"]
    assert silent["value"] == 0.0
    assert "CZE books 6.60 M USD of it from TUR" in silent["sentence"], silent["sentence"]


def test_a_siblings_re_export_through_the_same_hub_does_not_undo_a_match_on_the_code(
    ws: Workspace, tmp_path: Path
) -> None:
    """The new re-export TUR → BEL → CZE under 930690, beside a second one, SRB → BEL → CZE
    under 930630, a sibling: CZE books each from its origin. BEL's 930690 series is matched
    by TUR on the code's legs; read at once with the sibling's legs, SRB's surplus would count
    too and swell the partners' whole past `attribution_ratio` (outside read world A7_s0:
    NLD -> USA 842951, CHN's goods, beside NLD's 842952 of HKG's, rose to 0.51): the legs
    under related codes are read only for the series the code leaves unmatched."""
    t = Trade()
    new = months("2023-01", "2023-12")
    for c in ("BEL", "TUR", "SRB", "USA"):
        t.both(c, "CZE", "851712", ALL, noisy(300_000, 36))
    t.both("USA", "CZE", "930690", ALL, noisy(200_000, 36))
    t.both("TUR", "BEL", "930690", new, noisy(500_000, 12))
    t.series("Export", "BEL", "CZE", "930690", new, noisy(520_000, 12))
    t.series("Import", "CZE", "TUR", "930690", new, noisy(550_000, 12))
    t.both("SRB", "BEL", "930630", new, noisy(600_000, 12))
    t.series("Export", "BEL", "CZE", "930630", new, noisy(620_000, 12))
    t.series("Import", "CZE", "SRB", "930630", new, noisy(660_000, 12))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    one = alerts[
        (alerts.origin == "BEL") & (alerts.destination == "CZE") & (alerts.hs_code == "930690")
    ].iloc[0]
    fs = _factors(one)
    silent = fs["other_side_silent"]
    assert silent["value"] == 0.0
    assert "from TUR" in silent["sentence"], silent["sentence"]


# It passed on Spark when written (2026-12-05, with the file's other tests); the price norms'
# expressions run on Spark in every test of this file that flags a weighed series, so it runs
# on DuckDB only, for CI's time.
def test_a_price_is_read_in_its_codes_own_spread_and_under_the_partners_code(
    ws: Workspace, tmp_path: Path
) -> None:
    """Four new routes SRB → CZE beside standing routes of their codes. 851712's routes cost
    about 60 USD per kg, but SRB reports its new exports under 851762 (about 6 USD per kg) and
    CZE books them under 851712 at 6.36: priced as the partner's code's goods, a
    classification difference, not a cover (the outside world A1_s0's DEU imports of 853224
    from USA, booked by the USA under 853223, scored 0.62 on their price alone). 940540's
    routes are priced 2, 20 or 200 USD per kg: the new flow at 2, ten times under the median,
    is within the code's own spread (under one robust standard deviation): no corroboration.
    732690's routes cost 3–4 USD per kg: the new flow at 40 is many standard deviations off,
    a price that corroborates in full (at least 0.5). Before, all three read the fixed tenfold
    ramp alone, and the first two scored above 0.5. 901380's routes cost about 100: the new
    flow at 5 is as far off but cheaper, which no cover looks like, and counts a quarter
    (route_break/5; A3_s0's MYS -> NLD 854929 at a tenth of its code's price scored 0.58)."""
    t = Trade()
    new = months("2023-01", "2023-12")
    t.both("SRB", "CZE", "300490", ALL, noisy(300_000, 36))  # both report from the start
    t.both("SRB", "DEU", "851770", ALL, noisy(200_000, 36))  # SRB books heading 8517
    partners = ["AUT", "BEL", "DNK", "ESP", "FIN", "GRC", "HUN", "IRL", "LTU", "POL", "PRT", "SWE"]
    for i, c in enumerate(partners):
        level = noisy(300_000, 36)
        t.series("Export", "DEU", c, "851712", ALL, level, usd_per_kg=55.0 + i)
        t.series("Export", "FRA", c, "851762", ALL, level, usd_per_kg=5.0 + 0.2 * i)
        t.series("Export", "ITA", c, "732690", ALL, level, usd_per_kg=3.0 + 0.1 * i)
        t.series("Export", "ESP", c, "940540", ALL, level, usd_per_kg=(2.0, 20.0, 200.0)[i % 3])
        t.series("Export", "JPN", c, "901380", ALL, level, usd_per_kg=100.0 + 2 * i)
    flow = noisy(500_000, 12)
    t.series("Export", "SRB", "CZE", "851762", new, flow, usd_per_kg=6.0)
    t.series("Import", "CZE", "SRB", "851712", new, [v * 1.06 for v in flow], usd_per_kg=6.36)
    for code, uv in (("732690", 40.0), ("940540", 2.0), ("901380", 5.0)):
        t.series("Export", "SRB", "CZE", code, new, flow, usd_per_kg=uv)
        t.series("Import", "CZE", "SRB", code, new, [v * 1.06 for v in flow], usd_per_kg=uv)
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    a = alerts[(alerts.origin == "SRB") & (alerts.destination == "CZE")]
    a = a.assign(reporter=[json.loads(e)["reporter"] for e in a.evidence])
    a = a.set_index(["hs_code", "reporter"])

    def priced(code: str) -> dict[str, object]:
        fs = json.loads(a.loc[(code, "CZE")].evidence)["score_factors"]
        return {f["name"]: f for f in fs}["priced_off_its_code"]

    sibling = priced("851712")
    assert sibling["value"] == 0.0
    assert "HS 851762, the related code the partner books it under" in str(sibling["sentence"])
    assert a.loc[("851712", "CZE")].score < 0.5
    wide = priced("940540")
    assert wide["value"] == 0.0
    assert "robust standard deviations off the code's route prices" in str(wide["sentence"])
    assert a.loc[("940540", "CZE")].score < 0.5
    assert priced("732690")["value"] == 1.0
    assert a.loc[("732690", "CZE")].score >= 0.5
    cheap = priced("901380")  # a twentieth of its code's price: not what a cover looks like
    assert cheap["value"] == 0.25
    assert "cheaper than the code's goods, so it counts ×0.25" in str(cheap["sentence"])
    assert a.loc[("901380", "CZE")].score < 0.5


# A variant of the test above (the same expressions, the first leg read from the hub's imports
# as well): it passed on Spark when written (2026-12-05) and runs on DuckDB only for CI's time.
def test_a_re_export_from_an_origin_that_reports_nothing_is_no_mirror_gap(
    ws: Workspace, tmp_path: Path
) -> None:
    """The re-export TUR → BEL → CZE above, TUR not a reporter (as most origins of a hub's
    re-exports in the outside worlds: COL → NLD → USA in A1_s0 scored 0.61): the first leg is
    BEL's record of its imports from TUR. BEL's new exports to CZE have their mirror in CZE's
    imports from TUR (TUR reports none): 0.45, the leg said as BEL's; before, the leg was read
    from TUR's exports only and the birth was one-sided (0.9 × strength). SRB's new exports to
    CZE beside it, whose goods no hub recorded coming in, stay a one-sided birth."""
    a = _re_export_through_bel(ws, tmp_path, origin_reports=False)
    bel = a.loc[("BEL", "CZE", "BEL")]
    assert bel.score == pytest.approx(0.45)
    ev = json.loads(bel.evidence)
    silent = {f["name"]: f for f in ev["score_factors"]}["other_side_silent"]
    assert silent["value"] == 0.0, silent["sentence"]
    assert "CZE books 6.60 M USD of it from TUR" in silent["sentence"]
    assert (
        "TUR reports no exports of it to BEL: the first leg as BEL's imports" in silent["sentence"]
    )
    assert ev["attribution_leg_by_hub"] is True and ev["attribution_partner"] == "TUR"
    srb = a.loc[("SRB", "CZE", "SRB")]
    assert srb.score >= 0.5
    assert "attribution_usd" not in json.loads(srb.evidence)


def test_a_re_export_beside_a_larger_difference_is_a_possible_re_export(
    ws: Workspace, tmp_path: Path
) -> None:
    """The new re-export TUR → BEL → CZE (BEL reports ordinary exports, CZE books TUR), and
    beside it CZE books 800 k USD a month more from the USA than the USA reports, which also
    sends BEL 400 k a month of the code: each partner's difference is within twice BEL's new
    flow, but together they are more than twice it, so the sizes cannot be matched (outside
    worlds A24_s0: NLD's exports of 846012 to TUR, ESP's goods, beside the USA's own surplus
    at TUR; A31_s0: NLD -> USA 870893, KOR's goods, beside the USA's standing surplus from
    KOR; A33_s0: HKG re-exporting several origins' 292023 to KOR). Possibly one re-export, not
    shown: BEL's silence counts half, 0.45 + 0.45 × 0.5 = 0.675 (0.9 before). SRB's new
    exports to CZE, which no partner's records could hold, stay a one-sided birth (0.9)."""
    t = Trade()
    new = months("2023-01", "2023-12")
    for c in ("BEL", "TUR", "SRB", "USA"):
        t.both(c, "CZE", "851712", ALL, noisy(300_000, 36))
    t.series("Export", "USA", "CZE", "930690", ALL, noisy(200_000, 36))
    usa = [
        v * 1.06 + (800_000 if p >= "202301" else 0.0)
        for p, v in zip(ALL, noisy(200_000, 36), strict=True)
    ]
    t.series("Import", "CZE", "USA", "930690", ALL, usa)
    t.both("USA", "BEL", "930690", ALL, noisy(400_000, 36))
    t.both("TUR", "BEL", "930690", new, noisy(500_000, 12))
    t.series("Export", "BEL", "CZE", "930690", new, noisy(520_000, 12))
    t.series("Import", "CZE", "TUR", "930690", new, noisy(550_000, 12))
    t.series("Export", "SRB", "CZE", "930690", new, noisy(500_000, 12))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    a = alerts[alerts.hs_code == "930690"]
    a = a.assign(reporter=[json.loads(e)["reporter"] for e in a.evidence])
    a = a.set_index(["origin", "destination", "reporter"])
    bel = a.loc[("BEL", "CZE", "BEL")]
    assert bel.score == pytest.approx(0.675)
    ev = json.loads(bel.evidence)
    assert ev["scoring_version"] == "route_break/6"
    assert "attribution_usd" not in ev
    assert ev["possible_re_export_partner"] in ("TUR", "USA")
    assert ev["possible_re_export_usd"] == pytest.approx(sum(noisy(520_000, 12)), rel=1e-6)
    silent = {f["name"]: f for f in ev["score_factors"]}["other_side_silent"]
    assert silent["value"] == 0.5
    assert "CZE's own records hold 0% of this flow" in silent["sentence"]
    assert (
        "possibly one re-export, not shown, so the silence counts 0.5 times" in silent["sentence"]
    )
    srb = a.loc[("SRB", "CZE", "SRB")]
    assert srb.score == pytest.approx(0.9)
    assert "possible_re_export_usd" not in json.loads(srb.evidence)


def test_a_hubs_re_export_booked_under_the_origin_is_no_mirror_gap(
    ws: Workspace, tmp_path: Path
) -> None:
    """The re-export above through SGP, which reports the goods as re-exports (RX), not as
    exports: CZE's new imports from TUR have their mirror in SGP's re-exports to CZE (CZE books
    nothing from SGP), with TUR's exports to SGP as the third leg: 0.45 and said as
    re-exports. Before, only a hub's exports were read, and the birth was one-sided (0.9)."""
    t = Trade()
    new = months("2023-01", "2023-12")
    for c in ("TUR", "USA"):
        t.both(c, "CZE", "851712", ALL, noisy(300_000, 36))
    t.series("Re-export", "SGP", "DEU", "851712", ALL, noisy(300_000, 36))  # SGP reports
    t.series("Import", "DEU", "SGP", "851712", ALL, noisy(310_000, 36))
    t.both("USA", "CZE", "930690", ALL, noisy(200_000, 36))
    t.both("TUR", "SGP", "930690", new, noisy(500_000, 12))
    t.series("Re-export", "SGP", "CZE", "930690", new, noisy(520_000, 12))
    t.series("Import", "CZE", "TUR", "930690", new, noisy(550_000, 12))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    a = alerts[alerts.hs_code == "930690"]
    a = a.assign(reporter=[json.loads(e)["reporter"] for e in a.evidence])
    one = a.set_index(["origin", "destination", "reporter"]).loc[("TUR", "CZE", "CZE")]
    silent = _factors(one)["other_side_silent"]
    assert silent["value"] == 0.0, silent["sentence"]
    assert "SGP reports 6.23 M USD of it as its re-exports to CZE" in silent["sentence"]
    assert one.score == pytest.approx(0.45)


def test_a_birth_that_tracks_the_origins_exports_to_a_silent_hub_is_no_mirror_gap(
    ws: Workspace, tmp_path: Path
) -> None:
    """NLD reports nothing (not a reporter). From 2022-01 CHE reports 1.0–1.6 M USD a month of
    930690 exports to NLD; NLD passes 60 % of them on to ITA a month later, and ITA books them
    from CHE, the origin: ITA's imports from CHE are born from nothing while CHE records none of
    them (0.80 before, as a one-sided birth: max_score plus the bonus, times a strength of 8/9,
    ROU's rise beside it halving its rarity). They track CHE's exports to NLD month by month
    (correlation 1.0 of three-month sums, one month later) and are less than they carry: one
    re-export through a silent hub, as mirror_gap reads it (`silent_hub.py`), said so, and the
    birth stays under max_score (0.40). ROU's new imports beside its own exports to NLD, which
    move otherwise, stay a one-sided birth (0.80)."""
    new = months("2022-01", "2023-12")
    che = [1_000_000 * (1 + 0.6 * ((i * 7) % 5) / 4) for i in range(len(new))]
    rou_leg = [1_500_000 * (1 + 0.6 * ((i * 5 + 2) % 7) / 6) for i in range(len(new))]
    rou = [1_000_000 * (1 + 0.6 * ((i * 3) % 4) / 3) for i in range(len(new))]
    t = Trade()
    t.series("Export", "CHE", "NLD", "930690", new, che)
    t.series("Import", "ITA", "CHE", "930690", new[1:], [0.6 * 1.06 * v for v in che[:-1]])
    t.series("Export", "ROU", "NLD", "930690", new, rou_leg)
    t.series("Import", "ITA", "ROU", "930690", new, rou)
    for other in ("CHE", "ROU", "USA"):
        t.both(other, "ITA", "851712", ALL, noisy(100_000, 36))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    a = alerts[alerts.hs_code == "930690"].set_index(["origin", "destination"])
    one = a.loc[("CHE", "ITA")]
    ev = json.loads(one.evidence)
    assert ev["reporter"] == "ITA" and ev["flow"] == "import"
    silent = {f["name"]: f for f in ev["score_factors"]}["other_side_silent"]
    assert silent["value"] == 0.0, silent["sentence"]
    assert (
        "ITA's imports of it track CHE's reported exports of the code to NLD, whose data names"
        " no destination of its exports of the heading in those months, month by month"
        " (correlation 1.00, 1 month(s) later)"
    ) in silent["sentence"]
    assert "read as one re-export recorded under origin and consignment" in silent["sentence"]
    assert ev["attribution_partner"] == "NLD" and ev["attribution_hub_silent"] is True
    assert ev["attribution_track_correlation"] == pytest.approx(1.0, abs=0.01)
    assert ev["attribution_track_lag_months"] == 1
    assert one.score == pytest.approx(0.40)
    rou_birth = a.loc[("ROU", "ITA")]
    fs = _factors(rou_birth)
    assert fs["other_side_silent"]["value"] == 1.0
    assert "origin and consignment" not in fs["other_side_silent"]["sentence"]
    assert rou_birth.score == pytest.approx(0.80)


def test_one_silent_hubs_leg_is_shared_among_the_births_that_track_it(
    ws: Workspace, tmp_path: Path
) -> None:
    """The birth above, but ITA, AUT, ESP and PRT each book 90 % of CHE's exports to NLD from
    CHE a month later: 3.6 times what NLD received. Each tracks the leg; counted whole for
    each, each birth was read as recorded in full (0.45). The leg explains at most itself in
    all: each gets a quarter of it (the four leave the same unexplained), 34 % of its flow, so
    CHE's records and the re-export hold under half of it and the birth is partly one-sided
    (other_side_silent 0.4, score 0.63), said so."""
    new = months("2022-01", "2023-12")
    che = [1_000_000 * (1 + 0.6 * ((i * 7) % 5) / 4) for i in range(len(new))]
    t = Trade()
    t.series("Export", "CHE", "NLD", "930690", new, che)
    for k in ("ITA", "AUT", "ESP", "PRT"):
        t.series("Import", k, "CHE", "930690", new[1:], [0.9 * 1.06 * v for v in che[:-1]])
        for other in ("CHE", "USA"):
            t.both(other, k, "851712", ALL, noisy(100_000, 36))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    births = alerts[(alerts.hs_code == "930690") & (alerts.origin == "CHE")]
    births = births[births.destination != "NLD"]
    assert len(births) == 4
    for one in births.itertuples():
        ev = json.loads(one.evidence)
        assert ev["attribution_hub_silent"] is True and ev["attribution_hub_shared_with"] == 3
        assert ev["attribution_usd"] == pytest.approx(ev["attribution_hub_leg_usd"] / 4, rel=1e-6)
        silent = {f["name"]: f for f in ev["score_factors"]}["other_side_silent"]
        assert "is shared with 3 other flow(s) that track it" in silent["sentence"]
        assert silent["value"] == pytest.approx(0.4, abs=0.02)
        assert one.score == pytest.approx(0.63, abs=0.005)


def _reporting(t: Trade, reporter: str, flow: str = "Export") -> Trade:
    """A steady series that makes `reporter` report every month of ALL (in chapter 85)."""
    return t.series(flow, reporter, "DEU", "851712", ALL, noisy(300_000, 36))


def test_rise_after_tiny_flows_is_dated_by_its_value(ws: Workspace, tmp_path: Path) -> None:
    """A handful of tiny shipments before the rise (as in a re-export hub's car exports) do not
    pull the break back to the first of them."""
    t = _reporting(Trade(), "ARE")
    tiny = ["202103", "202106", "202109", "202111", "202202", "202204"]
    t.series("Export", "ARE", "RUS", "870323", tiny, [4_000, 6_000, 3_000, 9_000, 5_000, 7_000])
    t.series("Export", "ARE", "RUS", "870323", months("2022-07", "2023-12"), noisy(2e6, 18))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    a = alerts[alerts.destination == "RUS"].iloc[0]
    assert a.period_start.isoformat() == "2022-07-01"
    assert "rose in 2022-07" in a.summary
    # The summary's figures and fold are the evidence's means; a figure under 1 M USD is in
    # whole dollars (it read '0.00 M USD (436.2x)'); the factor's fold counts the floor.
    ev = json.loads(a.evidence)
    before, after = ev["mean_usd_per_month_before"], ev["mean_usd_per_month_after"]
    assert 0 < before < 10_000
    assert (f"from {before:,.0f} USD a month to {after / 1e6:,.2f} M USD a month"
            f" ({after / before:,.1f} times the mean month before)") in a.summary  # fmt: skip
    jump = next(f for f in ev["score_factors"] if f["name"] == "jump_is_large")
    assert (
        f"rose {(after + 20_000) / (before + 20_000):,.1f}-fold with 20,000 USD added"
        in (jump["sentence"])
    )


@pytest.mark.spark_pass
def test_rise_then_collapse_is_reported(ws: Workspace, tmp_path: Path) -> None:
    t = _reporting(Trade(), "ARE")
    t.series("Export", "ARE", "RUS", "870323", months("2022-07", "2023-07"), noisy(2e6, 13))
    t.series("Export", "ARE", "RUS", "870323", months("2023-08", "2023-12"), 10_000)
    a = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"]).iloc[0]
    assert a.period_start.isoformat() == "2022-07-01"
    assert a.period_end.isoformat() == "2023-07-01"
    ev = json.loads(a.evidence)
    assert ev["fall_month"] == "2023-08" and ev["months_after_fall"] == 5
    assert ev["months_after"] == 13 and ev["share_of_months_with_flow_after"] == 1.0
    assert ev["mean_usd_per_month_after_fall"] == pytest.approx(10_000)
    assert "ran in 100% of the 13 months to 2023-07, and fell back in 2023-08 to 10,000 USD" in (
        a.summary
    )


def test_route_that_stops_collapses_to_nothing(ws: Workspace, tmp_path: Path) -> None:
    t = _reporting(Trade(), "ARE")
    t.series("Export", "ARE", "RUS", "870323", months("2022-07", "2023-06"), noisy(2e6, 12))
    a = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"]).iloc[0]
    ev = json.loads(a.evidence)
    assert ev["fall_month"] == "2023-07" and ev["mean_usd_per_month_after_fall"] == 0
    assert ev["months_after_fall"] == 6


def test_no_collapse_where_the_reporter_stops_reporting(ws: Workspace, tmp_path: Path) -> None:
    """ARE's books end in 2023-06: the months after are unknown, not a collapse."""
    t = Trade()
    first = months("2021-01", "2023-06")
    t.series("Export", "ARE", "DEU", "851712", first, noisy(300_000, len(first)))
    t.series("Export", "ARE", "RUS", "870323", months("2022-07", "2023-06"), noisy(2e6, 12))
    t.series("Export", "DEU", "FRA", "851712", ALL, noisy(300_000, 36))
    a = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"]).iloc[0]
    assert "fall_month" not in json.loads(a.evidence)
    assert a.period_end.isoformat() == "2023-06-01"


def test_a_file_start_is_no_birth(ws: Workspace, tmp_path: Path) -> None:
    """ARE's chapter-87 file starts in 2022-01; its other file (chapter 85) in 2021-01. A car
    route that starts with the file that holds it has no observed months before it."""
    _reporting(Trade(), "ARE").write(ws, tmp_path / "a.csv")
    cars = months("2022-01", "2023-12")
    Trade().series("Export", "ARE", "RUS", "870323", cars, noisy(2e6, 24)).write(
        ws, tmp_path / "b.csv"
    )
    assert run_scan(ws, ["route_break"]).empty


def test_the_same_route_in_a_longer_file_is_a_birth(ws: Workspace, tmp_path: Path) -> None:
    t = _reporting(Trade(), "ARE")
    t.series("Export", "ARE", "RUS", "870323", months("2022-01", "2023-12"), noisy(2e6, 24))
    a = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"]).iloc[0]
    assert a.period_start.isoformat() == "2022-01-01"


def test_a_regular_route_absent_from_the_files_first_months_is_a_birth(
    ws: Workspace, tmp_path: Path
) -> None:
    """Issue 20 (outside world A9_s20: EGY -> LBY 850440 in every month from 2021-05, the files
    from 2021-01): a route that runs in every month from its first and is absent from the four
    observable months before did not run then (a standing route that regular shows in them but
    for a chance of 0): it is a birth, though under `min_months_before` (6) months in."""
    t = _reporting(Trade(), "EGY")
    t.series("Export", "EGY", "LBY", "850440", months("2021-05", "2023-12"), noisy(2e6, 32))
    a = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"]).iloc[0]
    assert a.period_start.isoformat() == "2021-05-01"
    assert json.loads(a.evidence)["months_before"] == 4


def test_a_route_in_the_files_second_month_is_no_birth(ws: Workspace, tmp_path: Path) -> None:
    """One month before a route's first tells too little (`regular_min_months_before`, 3)."""
    t = _reporting(Trade(), "EGY")
    t.series("Export", "EGY", "LBY", "850440", months("2021-02", "2023-12"), noisy(2e6, 35))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    assert alerts[alerts.destination == "LBY"].empty


@pytest.mark.parametrize(("first", "months_before"), [("2021-03", None), ("2021-04", 3)])
def test_a_regular_route_needs_three_months_before_its_first(
    ws: Workspace, tmp_path: Path, first: str, months_before: int | None
) -> None:
    """Issue 20 (outside worlds A22-A27_s0): a route that runs in every month from its first
    passes the chance bar (`absent_chance`) with any months before it, its share clipped to
    0.999; six benign short runs at 0.40-0.48 were first seen two months into their files. Two
    observable months before are too few (`regular_min_months_before`, 3): first seen in
    2021-03 it is no birth, in 2021-04 (three months before) it is."""
    t = _reporting(Trade(), "EGY")
    run = months(first, "2023-12")
    t.series("Export", "EGY", "LBY", "850440", run, noisy(2e6, len(run)))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    lby = alerts[alerts.destination == "LBY"]
    if months_before is None:
        assert lby.empty
        old = run_scan(ws, ["route_break"], ["route_break.regular_min_months_before=2"])
        assert old[old.destination == "LBY"].period_start.iloc[0].isoformat() == f"{first}-01"
    else:
        a = lby.iloc[0]
        assert a.period_start.isoformat() == f"{first}-01"
        assert json.loads(a.evidence)["months_before"] == months_before


@pytest.mark.parametrize(("first", "born"), [("2021-03", False), ("2021-04", True)])
def test_an_irregular_series_needs_more_months_before(first: str, born: bool) -> None:
    """A series that runs in three months of four would be absent from two months before its
    first by a chance of about (1/4)^2 = 0.06, from three of about 0.016: only the latter is
    under `absent_chance` (0.05) and lets the first month be the break (flows.change_points)."""
    import ibis

    from shadowtrade.detect import flows as fl

    cal = pd.DataFrame({"k": "a", "period": pd.to_datetime([f"{m}01" for m in ALL])})
    span = [m for m in ALL if m >= first.replace("-", "")]
    on = [m for i, m in enumerate(span) if i % 4 != 3]
    s = pd.DataFrame({"k": "a", "period": pd.to_datetime([f"{m}01" for m in on]), "value": 1e6})
    cp = fl.change_points(
        ibis.memtable(s), ["k"], ibis.memtable(cal), ["k"], min_before=6, min_after=4,
        regular_min_before=2, absent_chance=0.05,
    ).to_pandas()  # fmt: skip
    first_month = pd.Timestamp(f"{first}-01")
    assert (cp.break_period.iloc[0] == first_month) is born if len(cp) else not born


def test_a_code_created_by_a_revision_is_no_birth(ws: Workspace, tmp_path: Path) -> None:
    """8806 (unmanned aircraft) exists from HS 2022: its flows from 2022-01 replace those of the
    codes it was split from; an older code with the same series is a birth."""
    t = _reporting(Trade(), "CHN")
    y22 = months("2022-01", "2023-12")
    t.series("Export", "CHN", "RUS", "880622", y22, noisy(1e6, 24))
    t.series("Export", "CHN", "RUS", "852580", months("2021-01", "2021-12"), noisy(1e6, 12))
    t.series("Export", "CHN", "KAZ", "880240", y22, noisy(1e6, 24))
    alerts = run_scan(t.write(ws, tmp_path / "t.csv"), ["route_break"])
    assert set(alerts.hs_code) == {"880240"}


def test_real_eurostat_2022_jump(ws: Workspace) -> None:
    """EU members' exports to KGZ, ARM and KAZ jumped in 2022 (EBRD, Kiel studies); RUS fell."""
    ws.ingest(SHARED / "eurostat-russia-neighbours/eurostat_relational_all.csv")
    alerts = run_scan(ws, ["route_break"])
    years = pd.to_datetime(alerts["period_start"]).dt.year
    for dest in ("KGZ", "ARM", "KAZ"):
        hits = alerts[(alerts.destination == dest) & (years == 2022)]
        assert len(hits) >= 5, dest
    # A rise alone scores below 0.5 (route_break/2): the 15 strongest rises to KGZ.
    kgz = alerts[alerts.destination == "KGZ"].nlargest(15, "score")
    assert {"DEU", "POL", "ITA", "CZE"} <= set(kgz.origin)
    assert (pd.to_datetime(kgz["period_start"]).dt.year == 2022).mean() >= 0.75
    assert not (alerts.destination == "RUS").any()  # exports to Russia fell: no upward break
    # Steady routes: member states whose exports in 2023 stayed within ±30 % of 2019–2021.
    t = ws.table("trade_aggregates")
    y = t.filter((t.aggregate_kind == "all_goods") & (t.freq == "M") & (t.flow == "export"))
    cells = (
        y.select("reporter", "partner", "period", "value_usd")
        .distinct()
        .to_pandas()
        .assign(year=lambda d: pd.to_datetime(d["period"]).dt.year)
    )
    pre = cells[cells.year <= 2021].groupby(["reporter", "partner"])["value_usd"].mean()
    post = cells[cells.year == 2023].groupby(["reporter", "partner"])["value_usd"].mean()
    ratio = (post / pre).dropna()
    steady = set(ratio[(ratio > 0.7) & (ratio < 1.3)].index)
    assert len(steady) >= 10
    flagged = set(zip(alerts.origin, alerts.destination, strict=True))
    assert not steady & flagged


def test_months_the_origin_did_not_report_make_no_tracking(ws: Workspace, tmp_path: Path) -> None:
    """Review of issue 20: ROU reports nothing at all in 2022-07–10 and 2023-05–08. ITA's
    imports of 930690 from ROU (born 2022) were read only in the months ROU reported and as
    zero in the others, as ROU's exports to NLD (no reporter) were: the two eight zero months
    made ROU's exports to NLD, which move otherwise, "track" ITA's imports (correlation 0.98
    over 22 sums), and the birth was read as a re-export through NLD (0.45). The sums that
    hold a month either side did not report are left out: no tracking, the birth stands
    (0.9)."""
    new = months("2022-01", "2023-12")
    gap = set(months("2022-07", "2022-10")) | set(months("2023-05", "2023-08"))
    rou_leg = [1_500_000 * (1 + 0.6 * ((i * 5 + 2) % 7) / 6) for i in range(len(new))]
    rou = [1_000_000 * (1 + 0.6 * ((i * 3) % 4) / 3) for i in range(len(new))]
    t = Trade()
    keep = [i for i, p in enumerate(new) if p not in gap]
    t.series("Export", "ROU", "NLD", "930690", [new[i] for i in keep], [rou_leg[i] for i in keep])
    t.series("Import", "ITA", "ROU", "930690", new, rou)
    full = noisy(100_000, 36)
    for other in ("CHE", "USA"):
        t.both(other, "ITA", "851712", ALL, full)
    ka = [i for i, p in enumerate(ALL) if p not in gap]
    t.series("Export", "ROU", "ITA", "851712", [ALL[i] for i in ka], [full[i] for i in ka])
    t.series("Import", "ITA", "ROU", "851712", ALL, [v * 1.06 for v in full])
    t.series("Export", "ROU", "DEU", "851712", [ALL[i] for i in ka], [full[i] for i in ka])
    alerts = run_scan(t.write(ws, tmp_path / "co_missing.csv"), ["route_break"])
    got = alerts[(alerts.hs_code == "930690") & (alerts.destination == "ITA")]
    assert len(got) == 1
    a = got.iloc[0]
    ev = json.loads(a.evidence)
    assert ev.get("attribution_hub_silent") is None
    assert ev.get("attribution_partner") is None
    assert "whose data names no destination" not in a.summary
    assert a.score == pytest.approx(0.9, abs=0.01)


def test_a_price_below_is_read_against_the_median_that_counted() -> None:
    """The quarter kept for a price below its code (route_break/5) is read against the reading
    that counts: where the partner's related code prices the goods nearer, that code's median
    (review of the first version: a flow five times dearer than the related code was cut as
    'cheaper' against its own code's median, and one cheaper than the related code was not)."""
    from shadowtrade.detect.route_break import DETECTOR, price_factor

    p = DETECTOR.params()
    both = {"routes": 10, "robust_sd": 0.3, "related_code": "999999", "related_routes": 10}
    dearer = {**both, "uv": 1.0, "median_uv": 20.0, "related_median_uv": 0.2,
              "related_robust_sd": 0.3}  # fmt: skip
    value, f = price_factor(dearer, p)
    assert value == pytest.approx(0.424, abs=0.01) and "cheaper" not in str(f["sentence"])
    cheaper = {**both, "uv": 100.0, "median_uv": 10.0, "related_median_uv": 500.0,
               "related_robust_sd": 0.3}  # fmt: skip
    value, f = price_factor(cheaper, p)
    assert value == pytest.approx(0.424 * 0.25, abs=0.01) and "cheaper" in str(f["sentence"])
