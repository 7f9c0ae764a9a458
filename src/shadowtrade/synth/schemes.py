"""Planted diversion schemes: the flows they add and the ground truth they leave in truth.json.

Each scheme returns true shipments (exporter, importer, month, value, weight) with the code each
side declares and whether each side reports; the reporting model then turns them into reports
exactly like background trade, so a scheme is only visible the way it would be in real data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import pairwise

import numpy as np
import pandas as pd

from shadowtrade.synth.world import (
    CONFIDENTIAL_ARMS_IMPORTERS,
    CONTROLLED_CODES,
    CORE_COUNTRIES,
    MONTHS,
    UNIT_VALUE,
    World,
)

EVENT_COLUMNS = [
    "exporter",
    "importer",
    "month",
    "value",
    "weight",
    "hs_exp",
    "hs_imp",
    "exp_reports",
    "imp_reports",
    "scheme_id",
]
COVER_FOR = {
    "930690": ("732690", "732619", "761699", "848790", "847990", "841210"),
    "930630": ("741980", "740921", "732690"),
    "930621": ("732690", "848790"),
    "930629": ("732690", "741980"),
    "360100": ("382499",),
    "360200": ("382499", "290420"),
    "360340": ("854390", "848790"),
    "360350": ("854390",),
    "930591": ("847990", "730490"),
    "930190": ("730490",),
}
KINDS = ("cross_code_mirror", "transshipment", "unit_value", "new_route", "phantom_export")


@dataclass
class Truth:
    """One planted scheme, as written to truth.json."""

    scheme_id: str
    kind: str
    origin: str
    via: list[str]
    destination: str
    hs_code: str
    declared_hs_code: str | None
    period_start: str
    period_end: str
    monthly_value_usd: float
    notes: str = ""
    legs: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _uv(code: str) -> float:
    return UNIT_VALUE.get(code[:4], 20.0)


def _months(start: int, end: int) -> np.ndarray:
    return np.arange(start, end + 1)


def _series(rng: np.random.Generator, n: int, level: float, growth: float = 0.03) -> np.ndarray:
    """A covert series: starts, ramps up, noisy; never zero once running."""
    ramp = np.minimum(1.0, 0.35 + np.arange(n) / 6.0) * (1.0 + growth) ** np.arange(n)
    out: np.ndarray = level * ramp * rng.lognormal(0.0, 0.25, size=n)
    return out


def _events(
    exporter: str,
    importer: str,
    months: np.ndarray,
    value: np.ndarray,
    uv: float,
    hs_exp: str,
    hs_imp: str,
    exp_rep: bool,
    imp_rep: bool,
    sid: str,
    rng: np.random.Generator,
) -> pd.DataFrame:
    weight = value / (uv * rng.lognormal(0.0, 0.1, size=len(value)))
    return pd.DataFrame(
        {
            "exporter": exporter,
            "importer": importer,
            "month": months,
            "value": value,
            "weight": weight,
            "hs_exp": hs_exp,
            "hs_imp": hs_imp,
            "exp_reports": exp_rep,
            "imp_reports": imp_rep,
            "scheme_id": sid,
        }
    )


def _ym(i: int) -> str:
    return MONTHS[int(i)].strftime("%Y-%m")


@dataclass(frozen=True)
class Route:
    """Where and when a scheme runs, and its typical monthly value."""

    sid: str
    origin: str
    destination: str
    start: int
    end: int
    level: float


def direct_scheme(
    rng: np.random.Generator,
    kind: str,
    r: Route,
    h: str,
    *,
    exporter_declares: str,
    importer_declares: str,
    importer_reports: bool = True,
    growth: float = 0.03,
    notes: str = "",
) -> tuple[pd.DataFrame, Truth]:
    """One leg, origin → destination, of goods `h` declared as each side says.

    cross_code_mirror: the exporter declares a civilian code, the importer the controlled one;
    unit_value: both declare the civilian code, at the controlled goods' value per kg;
    new_route: a controlled route with no history; phantom_export: the importer never records it.
    """
    m = _months(r.start, r.end)
    v = _series(rng, len(m), r.level, growth)
    ev = _events(
        r.origin,
        r.destination,
        m,
        v,
        _uv(h),
        exporter_declares,
        importer_declares,
        True,
        importer_reports,
        r.sid,
        rng,
    )
    declared = exporter_declares if exporter_declares != h else None
    truth = Truth(
        r.sid,
        kind,
        r.origin,
        [],
        r.destination,
        h,
        declared,
        _ym(r.start),
        _ym(r.end),
        float(v.mean()),
        notes,
    )
    return ev, truth


def transshipment(
    rng: np.random.Generator,
    sid: str,
    a: str,
    vias: list[str],
    c: str,
    h: str,
    start: int,
    end: int,
    level: float,
    first_leg_cover: str | None,
    dest_reports: bool,
) -> tuple[list[pd.DataFrame], Truth]:
    """A → B1 (→ B2) → C with a 1–3 month lag at each hop and a margin added on the way."""
    m = _months(start, end)
    v = _series(rng, len(m), level)
    route = [a, *vias, c]
    out = []
    lag_total = 0
    legs = []
    for hop, (src, dst) in enumerate(pairwise(route)):
        lag = 0 if hop == 0 else int(rng.integers(1, 4))
        lag_total += lag
        mm = m + lag_total
        keep = mm < len(MONTHS)
        value = v[keep] * (1.0 + 0.12) ** hop
        hs_exp = first_leg_cover if (hop == 0 and first_leg_cover) else h
        imp_rep = dest_reports if dst == c else True
        out.append(_events(src, dst, mm[keep], value, _uv(h), hs_exp, h, True, imp_rep, sid, rng))
        legs.append({"from": src, "to": dst, "lag_months": str(lag), "declared_hs_code": hs_exp})
    end_m = min(end + lag_total, len(MONTHS) - 1)
    return out, Truth(
        sid,
        "transshipment",
        a,
        list(vias),
        c,
        h,
        first_leg_cover,
        _ym(start),
        _ym(end_m),
        float(v.mean()),
        f"route {' -> '.join(route)}; destination reports: {dest_reports}",
        legs,
    )


def seed_case(rng: np.random.Generator) -> tuple[list[pd.DataFrame], list[Truth]]:
    """Ammunition components from SRB through CZE and BGR to UKR under civilian cover, 2023 on."""
    start = int(np.flatnonzero(pd.Timestamp("2023-01-01") == MONTHS)[0])
    end = len(MONTHS) - 4
    events: list[pd.DataFrame] = []
    truths: list[Truth] = []
    for n, (via, cover, level) in enumerate(
        (("CZE", "732690", 2_400_000.0), ("BGR", "848790", 1_600_000.0))
    ):
        legs, t = transshipment(
            rng,
            f"seed-{n + 1}",
            "SRB",
            [via],
            "UKR",
            "930690",
            start,
            end,
            level,
            first_leg_cover=cover,
            dest_reports=False,
        )
        t.notes += f"; SRB declares {cover}, {via} records 930690 (cross-code mirror on leg 1)"
        events.extend(legs)
        truths.append(t)
        truths.append(
            Truth(
                f"seed-{n + 1}x",
                "cross_code_mirror",
                "SRB",
                [],
                via,
                "930690",
                cover,
                t.period_start,
                MONTHS[end].strftime("%Y-%m"),
                t.monthly_value_usd,
                "first leg of " + t.scheme_id,
            )
        )
    return events, truths


def _reports_most(world: World, x: str, start: int, end: int) -> bool:
    """`x` reports in most months of `start`..`end`."""
    if x in world.non_reporters:
        return False
    gone = world.missing_months.get(x, set())
    return sum(m in gone for m in range(start, end + 1)) <= 0.2 * (end - start + 1)


def _can_show_export(world: World, x: str, start: int, end: int) -> bool:
    """`x` reports then and books its arms exports by partner (not to 'Areas, nes')."""
    return x not in world.suppressors and _reports_most(world, x, start, end)


def _can_show_silence(world: World, x: str, start: int, end: int) -> bool:
    """`x` reports then and records arms imports at all (by partner or to 'Areas, nes'), so
    that what it does not record can be read against what it does."""
    return x not in CONFIDENTIAL_ARMS_IMPORTERS and _reports_most(world, x, start, end)


def _visible_phantom(
    world: World, pool: list[str], s_i: int, a: str, b: str, start: int, end: int
) -> tuple[str, str]:
    """Exporter and importer of a phantom export that leaves a trace: the exporter records it
    by partner and the importer's silence can be read against what it does record (an exporter
    booking to 'Areas, nes', an importer that keeps every arms import confidential, or a side
    not reporting in those months would leave nothing any detector could tell from ordinary
    data). Where one cannot, the next country of the pool that can plays the part; no random
    draw, so the other schemes stay as they were."""
    turn = [pool[(s_i + k) % len(pool)] for k in range(len(pool))]
    if not _can_show_export(world, a, start, end):
        a = next((x for x in turn if x != b and _can_show_export(world, x, start, end)), a)
    if not _can_show_silence(world, b, start, end):
        b = next((x for x in turn if x != a and _can_show_silence(world, x, start, end)), b)
    return a, b


def random_schemes(
    rng: np.random.Generator, world: World, n: int
) -> tuple[list[pd.DataFrame], list[Truth]]:
    """Schemes of every kind on random routes among the core countries (actor-neutral)."""
    pool = [c for c in CORE_COUNTRIES if c in world.countries]
    events: list[pd.DataFrame] = []
    truths: list[Truth] = []
    for s_i in range(n):
        kind = KINDS[s_i % len(KINDS)]
        a, b, c, d = (str(x) for x in rng.choice(pool, size=4, replace=False))
        if kind == "phantom_export" and a in world.suppressors:
            # A phantom export is one the exporter records; an exporter that books its arms
            # exports to 'Areas, nes' records none to B, and the scheme would leave no trace.
            a = next((x for x in (c, d) if x not in world.suppressors), a)
        if kind in ("transshipment", "new_route"):
            # An intermediary (or a new route's exporter) that books its arms trade to 'Areas,
            # nes' leaves no by-partner trace of the scheme: no detector could see it.
            open_books = [x for x in pool if x not in world.suppressors and x not in (a, c, d)]
            if kind == "transshipment":
                b = b if b not in world.suppressors else open_books[s_i % len(open_books)]
                others = [x for x in open_books if x != b]
                d = d if d not in world.suppressors else others[s_i % len(others)]
            elif a in world.suppressors:
                a = next(x for x in open_books if x != b)
        h = str(rng.choice(CONTROLLED_CODES))
        cover = str(rng.choice(COVER_FOR[h]))
        start = int(rng.integers(15, 50))
        end = min(len(MONTHS) - 5, start + int(rng.integers(9, 25)))
        level = float(rng.lognormal(np.log(900_000.0), 0.6))
        if kind == "phantom_export":
            a, b = _visible_phantom(world, pool, s_i, a, b, start, end)
        route = Route(f"s{s_i + 1:02d}", a, b, start, end, level)
        if kind == "transshipment":
            vias = [b] if rng.random() < 0.6 else [b, d]
            legs, t = transshipment(
                rng,
                route.sid,
                a,
                vias,
                c,
                h,
                start,
                end,
                level,
                first_leg_cover=cover if rng.random() < 0.3 else None,
                dest_reports=bool(rng.random() < 0.5),
            )
            events.extend(legs)
        else:
            if kind == "cross_code_mirror":
                declared = (cover, h)
                note = f"{a} reports {cover} exports, {b} reports {h} imports"
            elif kind == "unit_value":
                # Only meaningful where the controlled goods are worth far more per kg.
                cheap = sorted(
                    {
                        x
                        for codes in COVER_FOR.values()
                        for x in codes
                        if world.code_uv.get(x, 99.0) * 3 < _uv("930690")
                    }
                )
                h, cover = "930690", str(rng.choice(cheap))
                declared, note = (cover, cover), f"{cover} declared at the unit value of {h}"
            else:
                declared, note = (h, h), ""
            ev, t = direct_scheme(
                rng,
                kind,
                route,
                h,
                exporter_declares=declared[0],
                importer_declares=declared[1],
                importer_reports=kind != "phantom_export"
                and not (kind == "new_route" and rng.random() < 0.5),
                growth=0.05 if kind == "new_route" else 0.03,
                notes=note,
            )
            events.append(ev)
        truths.append(t)
    return events, truths
