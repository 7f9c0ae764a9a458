"""Simulated consignments with planted document and routing frauds, and their ground truth.

    write_consignments(Path("world"), seed=1)  →  world/shipments.csv, world/shipments_truth.json

Consignments follow simulated trade lines (countries sized by trade, codes with their unit
values, intermittent monthly flows split into one to three consignments), between companies
whose names carry their country's legal forms, some in Cyrillic. Each pair of countries has
its usual routes: direct, or through one or two fixed transit countries. Controlled goods
(chapters 93 and 36) carry an end-user certificate, issued in sequence and dated 10–120 days
before shipment. Frauds are planted with their truth (FRAUD_KINDS).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import cyrtranslit
import numpy as np
import pandas as pd

from shadowtrade.classify.hs_text import legal_text
from shadowtrade.detect.route_mismatch import centroids
from shadowtrade.reference import control_list, cover_codes
from shadowtrade.synth.world import MONTHS, background_lines, build_world

FRAUD_KINDS = (
    "euc_reuse",  # one certificate on consignments to several consignees in other countries
    "euc_after_shipment",  # a certificate dated after the goods left
    "destination_mismatch",  # declared for one country, consigned to a party in another
    "unusual_transit",  # routed through a country the pair never uses
    "pass_through",  # a new firm that ships each lot of controlled goods on within days
    "mispriced",  # a cover-code consignment at the unit value of the goods it hides
    "cover_description",  # controlled goods under a cover code, described as what they are
    "vague_description",  # a high-value cover-code consignment described as "spare parts"
    "route_past_destination",  # routed through countries beyond the declared destination
)
# What the goods hidden under each cover code are called on a careless (or honest) invoice.
GIVEAWAY = {
    "9306": ("152MM SHELL BODIES, UNFILLED", "PROJECTILE BODIES 155 MM, FORGED",
             "CARTRIDGE CASES 7.62X39, BRASS", "FUZE BODIES TYPE M739",
             "TAIL UNITS FOR 120MM MORTAR BOMBS", "ROCKET MOTOR CASINGS 122MM",
             "PRIMERS FOR 12.7MM CARTRIDGES", "DRIVING BANDS FOR ARTILLERY SHELLS",
             "HAND GRENADE BODIES, STEEL", "BULLET JACKETS 5.45MM"),
    "3601": ("NITROCELLULOSE PROPELLANT, SINGLE BASE", "SMOKELESS POWDER FOR CARTRIDGES",
             "PROPELLANT GRAINS FOR ROCKET MOTORS"),
    "3602": ("CAST EXPLOSIVE CHARGES RDX/TNT", "DEMOLITION BLOCKS, EXPLOSIVE",
             "EXPLOSIVE FILL FOR SHELLS"),
    "3603": ("DETONATORS FOR FUZES", "PERCUSSION PRIMERS FOR SHELLS"),
    "9305": ("MORTAR TUBES 82MM", "GUN BARRELS 30MM", "BARREL BLANKS FOR MACHINE GUNS"),
    "9301": ("MORTAR TUBES 82MM",),
    "8710": ("ARMOURED HULL PARTS FOR APC", "TRACK LINKS FOR ARMOURED VEHICLES"),
}  # fmt: skip
VAGUE = ("SPARE PARTS", "METAL PRODUCTS", "PARTS AS PER INVOICE", "INDUSTRIAL GOODS",
         "GENERAL CARGO", "EQUIPMENT AND ACCESSORIES")  # fmt: skip
PACKING = ("", "", "", " IN CARTONS", " ON PALLETS", " IN BULK", " PACKED IN BOXES")
LEGAL_FORMS = {
    "SRB": ("d.o.o.", "a.d."), "MKD": ("DOOEL", "AD"), "BIH": ("d.o.o.",), "HRV": ("d.o.o.",),
    "SVN": ("d.o.o.",), "CZE": ("s.r.o.", "a.s."), "SVK": ("s.r.o.", "a.s."),
    "BGR": ("OOD", "EOOD", "AD"), "RUS": ("ООО", "АО"), "UKR": ("ТОВ", "ПрАТ"),
    "BLR": ("ООО", "ОАО"), "KAZ": ("ТОО", "АО"), "DEU": ("GmbH", "AG"), "AUT": ("GmbH",),
    "CHE": ("AG", "GmbH"), "POL": ("sp. z o.o.", "S.A."), "FRA": ("SAS", "SA"),
    "ITA": ("S.r.l.", "S.p.A."), "ESP": ("S.L.", "S.A."), "NLD": ("B.V.",), "BEL": ("BV", "SA"),
    "ROU": ("S.R.L.", "S.A."), "HUN": ("Kft.", "Zrt."), "TUR": ("A.Ş.", "Ltd. Şti."),
    "USA": ("LLC", "Inc."), "GBR": ("Ltd", "PLC"),
}  # fmt: skip
# Countries whose firms write their names in Cyrillic (with cyrtranslit's language code):
# such a firm appears in Latin letters on LATIN_SHARE of its consignments, transliterated by
# its language's rules. Serbian firms use either script: half of them write Cyrillic.
CYRILLIC = {"RUS": "ru", "UKR": "ua", "BLR": "by", "KAZ": "ru", "BGR": "bg", "SRB": "sr",
            "MKD": "mk"}  # fmt: skip
LEGAL_FORMS_CYRILLIC = {"BGR": ("ООД", "ЕООД", "АД"), "SRB": ("д.о.о.", "а.д."),
                        "MKD": ("ДООЕЛ", "АД")}  # fmt: skip
LATIN_SHARE = 0.4
ROOTS_LATIN = ("Metal", "Tehno", "Prom", "Inter", "Euro", "Balkan", "Nova", "Delta", "Alfa",
               "Sigma", "Stal", "Mont", "Trade", "Logistik", "Servis", "Precision")  # fmt: skip
ROOTS_CYRILLIC = ("Металл", "Техно", "Пром", "Интер", "Снаб", "Сталь", "Торг", "Логистик",
                  "Сервис", "Альфа", "Дельта", "Нова")  # fmt: skip
ROOTS_BY_LANGUAGE = {
    "sr": ("Метал", "Техно", "Пром", "Интер", "Југо", "Балкан", "Челик", "Монт", "Трејд",
           "Сервис", "Нова", "Делта"),
    "mk": ("Метал", "Техно", "Пром", "Интер", "Вардар", "Балкан", "Челик", "Монт", "Трејд",
           "Сервис", "Нова", "Ѓорѓи"),
    "bg": ("Метал", "Техно", "Пром", "Интер", "Щит", "Балкан", "Стомана", "Търг", "Сервиз",
           "Нова", "Делта", "Жар"),
    "ua": ("Метал", "Техно", "Пром", "Інтер", "Сталь", "Торг", "Логістик", "Сервіс", "Альфа",
           "Дельта", "Нова", "Щедр"),
}  # fmt: skip
FIRMS_PER_COUNTRY = 12
LINES_PER_SCALE = 700
COVER_UV = {"732690": 4.0, "761699": 9.0, "848790": 25.0, "382499": 2.2}
AMMUNITION_UV = 18.0
CONSIGNMENT_USD = 40_000.0  # median value of a consignment


@dataclass
class Fraud:
    """One planted fraud, as written to shipments_truth.json."""

    fraud_id: str
    kind: str
    shipment_ids: list[str]
    origin: str | None
    via: str | None
    destination: str | None
    hs_code: str
    firm: str | None = None
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _firm_names(rng: np.random.Generator, country: str, n: int) -> list[tuple[str, str]]:
    """n firms of a country: (name as the firm writes it, its Latin transliteration)."""
    lang = CYRILLIC.get(country)
    names: dict[str, str] = {}
    while len(names) < n:
        cyrillic = lang is not None and (country != "SRB" or len(names) % 2 == 0)
        forms = (LEGAL_FORMS_CYRILLIC.get(country) if cyrillic else None) or LEGAL_FORMS.get(
            country, ("Ltd",)
        )
        roots = ROOTS_BY_LANGUAGE.get(lang or "", ROOTS_CYRILLIC) if cyrillic else ROOTS_LATIN
        a, b = rng.choice(roots, size=2, replace=False)
        local = f"{a}{str(b).lower()} {int(rng.integers(1, 99))} {rng.choice(forms)}"
        names[local] = cyrtranslit.to_latin(local, lang) if cyrillic and lang else local
    return sorted(names.items())


def _description_variants(text: str) -> list[str]:
    """How a declarant may write a code's tariff text: its head noun, the full text, or the
    text with its qualifier first — upper case, as invoices and manifests are."""
    parts = [x.strip() for x in legal_text(text).replace(",", ";").split(";") if x.strip()]
    if not parts:
        return ["GOODS"]
    head = parts[0]
    out = [head, " ".join(parts[:2]), " ".join(parts[1:2] + parts[:1])]
    return [re.sub(r"\s+", " ", x).upper()[:70] for x in out]


def _descriptions(
    rng: np.random.Generator, code: np.ndarray, hs_desc: dict[str, str]
) -> np.ndarray:
    """A description per consignment from its code's text; a few background consignments
    (0.5 %) carry vague descriptions, as real manifests do."""
    variants = {c: _description_variants(hs_desc.get(c, "goods")) for c in np.unique(code)}
    c = code.astype(str)
    # Licensed goods (controlled and cover codes) are described in full by honest declarants:
    # never by a head noun alone ("machinery parts"), never vaguely.
    listed = control_list()["hs_code"].tolist()
    sensitive = np.isin(c, list(cover_codes()["hs_code"])) | np.array(
        [x.startswith(tuple(listed)) for x in c], dtype=bool
    )
    k = np.where(sensitive, 1, rng.integers(0, 3, size=len(code)))
    pack = rng.choice(PACKING, size=len(code))
    text = np.array([variants[x][i] for x, i in zip(c, k, strict=True)], dtype=object)
    out = text + pack
    vague = (rng.random(len(code)) < 0.005) & ~sensitive
    out[vague] = rng.choice(VAGUE, size=int(vague.sum()))
    return np.asarray(out, dtype=object)


def simulate(
    seed: int, scale: float = 1.0, *, frauds_per_kind: int = 5
) -> tuple[pd.DataFrame, list[Fraud]]:
    """The consignments of one simulated world and the frauds planted among them."""
    ss = np.random.SeedSequence([seed, 7919])
    s_world, s_lines, s_rest = ss.spawn(3)
    world = build_world(np.random.default_rng(s_world), scale)
    rng = np.random.default_rng(s_rest)
    lines = background_lines(
        np.random.default_rng(s_lines), world, int(LINES_PER_SCALE * scale)
    ).reset_index(drop=True)
    spellings = {c: _firm_names(rng, c, FIRMS_PER_COUNTRY) for c in world.countries}
    firms = {c: [local for local, _ in v] for c, v in spellings.items()}

    # Active months per line, then one to three consignments per active month.
    n_l, n_t = len(lines), len(MONTHS)
    active = rng.random((n_l, n_t)) < lines["p_active"].to_numpy()[:, None]
    li, mi = np.nonzero(active)
    per = rng.integers(1, 4, size=len(li))
    li, mi = np.repeat(li, per), np.repeat(mi, per)
    n = len(li)
    ex = lines["exporter"].to_numpy()[li]
    im = lines["importer"].to_numpy()[li]
    code = lines["hs_code"].to_numpy()[li].astype(str)
    # A consignment is a lot, not the month's flow: tens of thousands of USD typically
    # (a container or a truck), never more than the line's monthly trade.
    monthly = lines["base_value"].to_numpy()[li] * rng.lognormal(0.0, 0.4, n) / 2.0
    value = np.minimum(monthly, rng.lognormal(np.log(CONSIGNMENT_USD), 1.1, n))
    uv = lines["uv"].to_numpy()[li] * rng.lognormal(0.0, 0.1, n)
    dates = MONTHS[mi] + pd.to_timedelta(rng.integers(0, 28, n), unit="D")
    ids = np.array([f"C{i:07d}" for i in range(1, n + 1)])
    pick = rng.integers(0, FIRMS_PER_COUNTRY, size=(2, n))
    local_table = np.array([firms[c] for c in world.countries])
    latin_table = np.array([[latin for _, latin in spellings[c]] for c in world.countries])
    cidx = {c: i for i, c in enumerate(world.countries)}
    ex_i = np.array([cidx[c] for c in ex])
    im_i = np.array([cidx[c] for c in im])
    latin = rng.random((2, n)) < LATIN_SHARE
    exporter = np.where(latin[0], latin_table[ex_i, pick[0]], local_table[ex_i, pick[0]])
    importer = np.where(latin[1], latin_table[im_i, pick[1]], local_table[im_i, pick[1]])
    # Usual routes per pair: direct, through V1, or through V1 then V2 (fixed per pair).
    pairs = pd.DataFrame({"e": ex, "i": im}).drop_duplicates()
    vias = {}
    for e, i in pairs.itertuples(index=False):
        others = [c for c in world.countries if c not in (e, i)]
        v = rng.choice(others, size=2, replace=False)
        vias[(str(e), str(i))] = (str(v[0]), str(v[1]))
    kind = rng.choice(3, size=n, p=[0.6, 0.3, 0.1])
    v1 = np.array([vias[(e, i)][0] for e, i in zip(ex, im, strict=True)])
    v2 = np.array([vias[(e, i)][1] for e, i in zip(ex, im, strict=True)])
    transit = np.where(
        kind == 0, "", np.where(kind == 1, v1, np.char.add(np.char.add(v1, ";"), v2))
    )
    controlled = np.char.startswith(code, "93") | np.char.startswith(code, "36")
    cert_no = np.where(
        controlled, [f"EUC/{c}/{k:06d}" for c, k in zip(im, range(n), strict=True)], ""
    )
    cert_date = dates - pd.to_timedelta(rng.integers(10, 121, n), unit="D")
    df = pd.DataFrame(
        {
            "shipment_id": ids,
            "date": dates.date,
            "exporter": exporter,
            "exporter_country": ex,
            "importer": importer,
            "importer_country": im,
            "consignee": importer,
            "origin_country": ex,
            "destination_country": im,
            "transit_countries": transit,
            "hs_code": code,
            "description": _descriptions(rng, code, world.hs_desc),
            "value_usd": np.round(value, 2),
            "net_weight_kg": np.round(value / uv, 1),
            "invoice_no": [
                f"INV-{d.year}-{k:07d}" for d, k in zip(dates, range(1, n + 1), strict=True)
            ],
            "end_user_certificate_no": cert_no,
            "certificate_date": pd.Series(cert_date.date).where(controlled, None).to_numpy(),
        }
    )
    out, frauds = _plant(rng, df, list(world.countries), firms, vias, frauds_per_kind)
    # The same firm in two scripts: ground truth for entity resolution across spellings.
    out.attrs["firm_spellings"] = [
        {"country": c, "names": [local, latin]}
        for c, v in sorted(spellings.items())
        for local, latin in v
        if local != latin
    ]
    return out, frauds


class _Rows:
    """Rows of the background table as dicts, made on demand (a few dozen of millions are
    read or changed while planting), written back by `frame`."""

    def __init__(self, df: pd.DataFrame) -> None:
        self.df = df
        self.touched: dict[int, dict[str, Any]] = {}

    def __getitem__(self, i: int) -> dict[str, Any]:
        if i not in self.touched:
            self.touched[i] = {str(k): v for k, v in self.df.iloc[i].items()}
        return self.touched[i]

    def where(self, mask: np.ndarray) -> np.ndarray:
        """Indices where `mask` holds, or every index when it holds nowhere."""
        hit = np.flatnonzero(mask)
        return hit if len(hit) else np.arange(len(self.df))

    def frame(self) -> pd.DataFrame:
        out = self.df.copy()
        for i, r in self.touched.items():
            out.iloc[i] = pd.Series(r)[out.columns].to_numpy()
        return out


def _plant(
    rng: np.random.Generator,
    df: pd.DataFrame,
    countries: list[str],
    firms: dict[str, list[str]],
    vias: dict[tuple[str, str], tuple[str, str]],
    k: int,
) -> tuple[pd.DataFrame, list[Fraud]]:
    """Add fraudulent consignments (new rows, new ids) and change a few existing ones."""
    frauds: list[Fraud] = []
    new: list[dict[str, Any]] = []
    records = _Rows(df)
    controlled = np.flatnonzero(df["end_user_certificate_no"].to_numpy() != "")
    codes = df["hs_code"].to_numpy()
    pair_of = df["origin_country"].to_numpy() + ">" + df["destination_country"].to_numpy()
    pair_n = df.groupby(["origin_country", "destination_country"]).size()
    busy = [(str(p[0]), str(p[1])) for p, n in pair_n.items() if n >= 40 and isinstance(p, tuple)]
    by_code = df.groupby("hs_code").size()
    luv = pd.Series(np.log(df["value_usd"] / df["net_weight_kg"]), index=df.index)
    by_code_luv = luv.groupby(df["hs_code"])
    med, spread = by_code_luv.median(), by_code_luv.std()
    cheap_codes = sorted(  # cheap per kg, well traded, one grade (a price range to stand out of)
        str(c)
        for c in med.index
        if np.exp(med[c]) * 3 < AMMUNITION_UV and by_code[c] >= 30 and spread[c] < 0.5
    )
    route_n = df.groupby(["origin_country", "destination_country", "hs_code"]).size()

    def row(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
        r = {**base, **changes}
        r["shipment_id"] = f"F{len(new) + 1:06d}"
        r["invoice_no"] = f"INV-F-{len(new) + 1:06d}"
        new.append(r)
        return r

    def other(*avoid: str) -> str:
        return str(rng.choice([c for c in countries if c not in avoid]))

    def days(base: Any, d: int) -> Any:
        return (pd.Timestamp(base) + pd.Timedelta(days=d)).date()

    def firm(country: str, j: int | None = None) -> str:
        names = firms[country]
        return names[int(rng.integers(0, len(names))) if j is None else j]

    for j in range(k):
        fid = f"{j + 1:02d}"
        # euc_reuse: the number of one consignment on two more, to consignees elsewhere.
        b = records[int(rng.choice(controlled))]
        number = str(b["end_user_certificate_no"])
        ids = [str(b["shipment_id"])]
        for spelling, lag in ((number.replace("/", "-"), 20), (number.replace("/", " "), 45)):
            c = other(b["origin_country"], b["destination_country"])
            f = firm(c)
            ids.append(
                row(
                    b,
                    date=days(b["date"], lag),
                    importer=f,
                    consignee=f,
                    importer_country=c,
                    destination_country=c,
                    end_user_certificate_no=spelling,
                )["shipment_id"]
            )
        frauds.append(
            Fraud(
                f"euc-{fid}",
                "euc_reuse",
                ids,
                b["origin_country"],
                None,
                None,
                b["hs_code"],
                firm=b["exporter"],
            )
        )
        # euc_after_shipment: a certificate dated after the goods left.
        i = int(rng.choice(controlled))
        records[i]["certificate_date"] = days(records[i]["date"], int(rng.integers(5, 40)))
        b = records[i]
        frauds.append(
            Fraud(
                f"late-{fid}",
                "euc_after_shipment",
                [b["shipment_id"]],
                b["origin_country"],
                None,
                b["destination_country"],
                b["hs_code"],
            )
        )
        # destination_mismatch: declared for D, consigned to a firm in E.
        b = records[int(rng.choice(controlled))]
        e = other(b["origin_country"], b["destination_country"])
        r = row(
            b,
            importer=firm(e, 0),
            consignee=firm(e, 0),
            importer_country=e,
            date=days(b["date"], 3),
            end_user_certificate_no=f"EUC/{e}/D{fid}",
        )
        frauds.append(
            Fraud(
                f"dest-{fid}",
                "destination_mismatch",
                [r["shipment_id"]],
                b["origin_country"],
                e,
                b["destination_country"],
                b["hs_code"],
            )
        )
        # unusual_transit: ammunition on a busy pair, through a country the pair never uses.
        o, dest = busy[int(rng.integers(0, len(busy)))]
        b = records[int(np.flatnonzero(pair_of == f"{o}>{dest}")[0])]
        v = other(o, dest, *vias.get((o, dest), ()))
        kg = float(rng.uniform(1_000, 6_000))
        r = row(
            b,
            transit_countries=v,
            date=days(b["date"], 7),
            hs_code="930690",
            description="ARTILLERY AMMUNITION, COMPLETE ROUNDS",
            net_weight_kg=round(kg, 1),
            value_usd=round(kg * AMMUNITION_UV, 2),
            end_user_certificate_no=f"EUC/{dest}/V{fid}",
            certificate_date=days(b["date"], -30),
        )
        frauds.append(
            Fraud(f"transit-{fid}", "unusual_transit", [r["shipment_id"]], o, v, dest, "930690")
        )
        # pass_through: a new firm in B receives ammunition from one to three origins (A …)
        # and ships each lot on to C within days.
        a = other()
        bb = other(a)
        c = other(a, bb)
        origins = [a]
        for _ in range(int(rng.integers(0, 3))):
            origins.append(other(bb, c, *origins))
        shell = f"Transit {fid} {LEGAL_FORMS.get(bb, ('Ltd',))[0]}"
        start = pd.Timestamp(MONTHS[int(rng.integers(12, len(MONTHS) - 6))])
        ids = []
        for lot in range(5):
            kg = float(rng.uniform(2_000, 8_000))
            when = start + pd.Timedelta(days=14 * lot)
            src = origins[lot % len(origins)]
            common = {
                "transit_countries": "",
                "hs_code": "930690",
                "origin_country": src,
                "description": "AMMUNITION FOR SMALL ARMS, 7.62X39MM",
            }
            inbound = row(
                records[0],
                **common,
                date=when.date(),
                exporter=firm(src, 1),
                exporter_country=src,
                importer=shell,
                consignee=shell,
                importer_country=bb,
                destination_country=bb,
                value_usd=round(kg * AMMUNITION_UV, 2),
                net_weight_kg=round(kg, 1),
                end_user_certificate_no=f"EUC/{bb}/T{fid}{lot}",
                certificate_date=(when - pd.Timedelta(days=30)).date(),
            )
            outbound = row(
                records[0],
                **common,
                date=(when + pd.Timedelta(days=int(rng.integers(2, 7)))).date(),
                exporter=shell,
                exporter_country=bb,
                importer=firm(c, 2),
                consignee=firm(c, 2),
                importer_country=c,
                destination_country=c,
                value_usd=round(kg * AMMUNITION_UV * 1.1, 2),
                net_weight_kg=round(kg * 0.99, 1),
                end_user_certificate_no=f"EUC/{c}/S{fid}{lot}",
                certificate_date=(when - pd.Timedelta(days=20)).date(),
            )
            ids += [inbound["shipment_id"], outbound["shipment_id"]]
        frauds.append(
            Fraud(
                f"shell-{fid}",
                "pass_through",
                ids,
                a,
                bb,
                c,
                "930690",
                firm=shell,
                extra={"origins": ",".join(origins)},
            )
        )
        # mispriced: a cheap cover code declared at ammunition's unit value. Only codes far
        # cheaper per kg than ammunition can hide it by price, and a code needs consignments
        # enough to have a known price range.
        cheap = [x for x in sorted(COVER_UV) if COVER_UV[x] * 3 < AMMUNITION_UV]
        known = [x for x in cheap if by_code.get(x, 0) >= 30]
        if not known:  # this world trades no cover code enough: any cheap, well-traded code
            known = [x for x in cheap_codes if x.startswith(("72", "73", "76", "84"))][:5]
        cover = str(rng.choice(known or cheap))
        plain = records.where(codes == cover)
        steady = [  # on a route with a price history of its own where there is one
            i for i in plain if route_n.get((*pair_of[i].split(">"), cover), 0) >= 6
        ]
        plain = np.asarray(steady) if steady else plain
        b = records[int(plain[int(rng.integers(0, len(plain)))])]
        kg = float(rng.uniform(5_000, 20_000))
        r = row(
            b,
            hs_code=cover,
            net_weight_kg=round(kg, 1),
            value_usd=round(kg * AMMUNITION_UV, 2),
            date=days(b["date"], 5),
        )
        frauds.append(
            Fraud(
                f"price-{fid}",
                "mispriced",
                [r["shipment_id"]],
                b["origin_country"],
                None,
                b["destination_country"],
                cover,
            )
        )
        # cover_description: controlled goods under a cover code, described as what they are.
        cov = cover_codes()
        cv = {str(k): v for k, v in cov.iloc[int(rng.integers(0, len(cov)))].items()}
        hidden = [h for h in str(cv["covers"]).split("|") if h in GIVEAWAY]
        heading = str(rng.choice(hidden)) if hidden else "9306"
        plain = records.where(codes == cv["hs_code"])
        b = records[int(plain[int(rng.integers(0, len(plain)))])]
        kg = float(rng.uniform(1_000, 12_000))
        r = row(
            b,
            hs_code=str(cv["hs_code"]),
            description=f"{rng.choice(GIVEAWAY[heading])}{rng.choice(PACKING)}",
            net_weight_kg=round(kg, 1),
            value_usd=round(kg * COVER_UV.get(str(cv["hs_code"]), 8.0) * 1.5, 2),
            date=days(b["date"], 9),
        )
        frauds.append(
            Fraud(
                f"desc-{fid}",
                "cover_description",
                [r["shipment_id"]],
                b["origin_country"],
                None,
                b["destination_country"],
                str(cv["hs_code"]),
                extra={"hidden_heading": heading, "description": r["description"]},
            )
        )
        # vague_description: a valuable cover-code consignment described as nothing in particular.
        cv = {str(k): v for k, v in cov.iloc[int(rng.integers(0, len(cov)))].items()}
        plain = records.where(codes == cv["hs_code"])
        b = records[int(plain[int(rng.integers(0, len(plain)))])]
        value = float(rng.uniform(250_000, 2_000_000))
        r = row(
            b,
            hs_code=str(cv["hs_code"]),
            description=str(rng.choice(VAGUE)),
            value_usd=round(value, 2),
            net_weight_kg=round(value / (COVER_UV.get(str(cv["hs_code"]), 8.0) * 1.3), 1),
            date=days(b["date"], 11),
        )
        frauds.append(
            Fraud(
                f"vague-{fid}",
                "vague_description",
                [r["shipment_id"]],
                b["origin_country"],
                None,
                b["destination_country"],
                str(cv["hs_code"]),
            )
        )
    for j in range(k):
        frauds.append(_past_destination(rng, df, records, controlled, row, firms, f"{j + 1:02d}"))
    out = pd.concat([records.frame(), pd.DataFrame(new, columns=df.columns)], ignore_index=True)
    return out, frauds


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle km between two (lat, lon) points in degrees."""
    p1, p2 = np.radians(a[0]), np.radians(b[0])
    dlat, dlon = np.radians(b[0] - a[0]), np.radians(b[1] - a[1])
    h = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return float(2 * 6371.0 * np.arcsin(np.sqrt(h)))


def _past_destination(
    rng: np.random.Generator,
    df: pd.DataFrame,
    records: _Rows,
    controlled: np.ndarray,
    row: Any,
    firms: dict[str, list[str]],
    fid: str,
) -> Fraud:
    """Ammunition declared for D and routed through one to three countries beyond D (farther
    from the origin than D, among the nearest to D), through which no background consignment
    passes; D is a country the origin has sent fewer than five consignments to, so the pair has
    next to no history to learn its routes from."""
    geo = centroids()
    at = {str(c): (float(la), float(lo)) for c, la, lo in geo.itertuples(index=False)}
    used = {t for v in df["transit_countries"] for t in str(v).split(";") if t}
    pair_n = df.groupby(["origin_country", "destination_country"]).size()
    while True:
        b = records[int(rng.choice(controlled))]
        o = str(b["origin_country"])
        rare = [c for c in sorted(firms) if c != o and c in at and pair_n.get((o, c), 0) < 5]
        if o not in at or not rare:
            continue
        dest = str(rng.choice(rare))
        direct = _km(at[o], at[dest])
        beyond = sorted(
            (_km(at[dest], xy), c)
            for c, xy in at.items()
            if c not in used and c not in (o, dest) and _km(at[o], xy) >= 1.5 * max(direct, 300)
        )
        if beyond:
            break
    n = int(rng.integers(1, 4))
    vias = [c for _, c in beyond[: n + 2]]
    vias = [str(c) for c in rng.choice(vias, size=min(n, len(vias)), replace=False)]
    vias.sort(key=lambda c: -_km(at[dest], at[c]))  # out to the farthest, then back towards D
    kg = float(rng.uniform(1_000, 6_000))
    buyer = firms[dest][int(rng.integers(0, len(firms[dest])))]
    r = row(
        b,
        importer=buyer,
        consignee=buyer,
        importer_country=dest,
        destination_country=dest,
        transit_countries=";".join(vias),
        date=(pd.Timestamp(b["date"]) + pd.Timedelta(days=13)).date(),
        hs_code="930690",
        description="ARTILLERY AMMUNITION, COMPLETE ROUNDS",
        net_weight_kg=round(kg, 1),
        value_usd=round(kg * AMMUNITION_UV, 2),
        end_user_certificate_no=f"EUC/{dest}/P{fid}",
        certificate_date=(pd.Timestamp(b["date"]) - pd.Timedelta(days=20)).date(),
    )
    return Fraud(
        f"past-{fid}",
        "route_past_destination",
        [r["shipment_id"]],
        o,
        vias[0],
        dest,
        "930690",
        extra={"route": ";".join([o, *vias, dest])},
    )


def write_consignments(out_dir: Path, *, seed: int = 1, scale: float = 1.0) -> tuple[Path, Path]:
    """Write `shipments.csv` and `shipments_truth.json`; same seed and scale, same bytes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    df, frauds = simulate(seed, scale)
    f = out_dir / "shipments.csv"
    df.to_csv(f, index=False)
    t = out_dir / "shipments_truth.json"
    doc = {
        "seed": seed,
        "scale": scale,
        "kinds": list(FRAUD_KINDS),
        "frauds": [asdict(x) for x in frauds],
        "firm_spellings": df.attrs.get("firm_spellings", []),
    }
    t.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return f, t
