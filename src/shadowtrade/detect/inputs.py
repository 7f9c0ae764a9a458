"""What each trade detector read of `trade_flows`, and what it could not use and why.

A scan that finds nothing must say whether it had nothing to read: HS4-only data, annual data
for a detector that needs months, codes of no HS level. `describe` reads the scan's profile of
the raw table (rows per frequency, reporter, flow, chapter and level: `levels.profile`) and
each detector's declared inputs (`registry.TradeInputs`), and returns one `DetectorInputs` per
trade detector: data for the web app and the API, and a sentence for the CLI.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from shadowtrade.detect import levels as lv

if TYPE_CHECKING:
    from shadowtrade.detect.registry import Detector
    from shadowtrade.scan_context import ScanContext

FREQ_WORDS = {"M": "monthly", "A": "annual", "any": "monthly or annual"}


@dataclass
class Part:
    """Rows of one frequency and HS level (level None: codes of no level), and from how many
    reporters; `reason` why they were not used (empty when used)."""

    freq: str
    level: int | None
    rows: int
    reporters: int
    reason: str = ""


@dataclass
class DetectorInputs:
    detector: str
    used: list[Part] = field(default_factory=list)
    skipped: list[Part] = field(default_factory=list)
    # Reporters whose data of a chapter is coarser than HS6, by level (compared at that level).
    coarse_reporters: dict[int, list[str]] = field(default_factory=dict)
    # Reporters with rows of one chapter at two levels (cut to the coarser, each flow once).
    mixed_reporters: list[str] = field(default_factory=list)
    # What the detector said of its run beyond its alerts (ScanContext.remark): pairs it could
    # not compare, and why.
    remarks: list[str] = field(default_factory=list)
    # All-goods totals read from trade_aggregates (rows, reporters), for a detector that reads
    # them (TradeInputs.totals); None otherwise.
    totals: tuple[int, int] | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sentence(self) -> str:
        """'mirror_gap: 182,304 monthly rows at HS6 from 41 reporters, 2,493 at HS4 from 2
        reporters (HS4 only: ARM, KAZ; compared at HS4); skipped 1,204 annual rows of 3
        reporters: …'."""
        used = []
        last_freq = ""
        for p in self.used:
            what = "rows" if p.freq != last_freq else ""
            freq = FREQ_WORDS[p.freq] + " " if p.freq != last_freq else ""
            used.append(
                f"{p.rows:,} {freq}{what}{' ' if what else ''}at HS{p.level} from"
                f" {p.reporters:,} reporter{'s' if p.reporters != 1 else ''}"
            )
            last_freq = p.freq
        if self.totals is not None and self.totals[0]:
            rows, reps = self.totals
            used.append(f"{rows:,} all-goods totals from {reps:,} reporter{'s' * (reps != 1)}")
        text = f"{self.detector}: " + (", ".join(used) if used else "nothing it can use")
        notes = []
        for level, who in sorted(self.coarse_reporters.items()):
            notes.append(f"HS{level} only: {_names(who)}; compared at HS{level}")
        if self.mixed_reporters:
            notes.append(
                f"{_names(self.mixed_reporters)} report some chapters at two levels: cut to the"
                " coarser, each flow counted once"
            )
        if notes:
            text += " (" + "; ".join(notes) + ")"
        for p in self.skipped:
            at = "" if p.level is None else f" at HS{p.level}"
            text += (
                f"; skipped {p.rows:,} {FREQ_WORDS.get(p.freq, p.freq)} rows{at} of"
                f" {p.reporters:,} reporter{'s' if p.reporters != 1 else ''}: {p.reason}"
            )
        for said in self.remarks:
            text += f"; {said}"
        return text


def _names(who: list[str], most: int = 6) -> str:
    shown = ", ".join(who[:most])
    return shown + (f" and {len(who) - most} more" if len(who) > most else "")


def describe(ws: ScanContext, detectors: list[Detector]) -> list[DetectorInputs]:
    """One account per trade detector among `detectors` of what it read and skipped."""
    trade = [d for d in detectors if d.trade is not None]
    if not trade:
        return []
    df = lv.profile_frame(ws)
    df = df.assign(
        level=df["level"].where(df["level"].isin(lv.LEVELS), 0),
        zero=df["rows"] - df["positive"],
    )
    monthly = df[(df["freq"] == "M") & (df["positive"] > 0) & (df["level"] > 0)]
    by_rc = monthly.groupby(["reporter", "flow", "chapter"], as_index=False)["level"].agg(
        ["min", "nunique"]
    )
    mixed = sorted({str(r) for r in by_rc.loc[by_rc["nunique"] > 1, "reporter"]})
    totals = _all_goods_totals(ws) if any(d.trade and d.trade.totals for d in trade) else None
    out = []
    for d in trade:
        assert d.trade is not None
        why = dict(d.trade.why_not)
        acc = DetectorInputs(d.name, mixed_reporters=mixed, remarks=ws.remarks.get(d.name, []))
        acc.totals = totals if d.trade.totals else None
        for (freq_key, level_key), g in df[df["positive"] > 0].groupby(["freq", "level"]):
            freq, lvl = str(freq_key), int(str(level_key)) or None
            rows, reporters = int(g["positive"].sum()), int(g["reporter"].nunique())
            if lvl is None:
                why_code = "codes of 3 or 5 digits are no HS level"
                acc.skipped.append(Part(str(freq), None, rows, reporters, why_code))
            elif freq not in d.trade.freqs:
                reason = why.get(str(freq), f"this detector needs {FREQ_WORDS['M']} data")
                acc.skipped.append(Part(str(freq), lvl, rows, reporters, reason))
            elif lvl not in d.trade.levels:
                reason = why.get(str(lvl), f"this detector does not read HS{lvl}")
                acc.skipped.append(Part(str(freq), lvl, rows, reporters, reason))
            else:
                acc.used.append(Part(str(freq), lvl, rows, reporters))
        zero = df[df["zero"] > 0]
        if len(zero):
            n, who = int(zero["zero"].sum()), int(zero["reporter"].nunique())
            acc.skipped.append(Part("any", None, n, who, "no value above zero"))
        for coarse in (4, 2):
            if coarse in d.trade.levels:
                names = sorted({str(r) for r in by_rc.loc[by_rc["min"] == coarse, "reporter"]})
                if names:
                    acc.coarse_reporters[coarse] = names
        acc.used.sort(key=lambda p: (p.freq != "M", -(p.level or 0)))
        out.append(acc)
    return out


def _all_goods_totals(ws: ScanContext) -> tuple[int, int]:
    """(rows, reporters) of the all-goods totals above zero in `trade_aggregates`."""
    a = ws.table("trade_aggregates")
    a = a.filter((a.aggregate_kind == "all_goods") & (a.value_usd > 0))
    df = a.aggregate(rows=a.count(), reporters=a.reporter.nunique()).to_pandas()
    return int(df["rows"].iloc[0]), int(df["reporters"].iloc[0])


def frame(accounts: list[DetectorInputs]) -> pd.DataFrame:
    """The accounts as rows (detector, used, freq, level, rows, reporters, reason)."""
    rows = [
        {"detector": a.detector, "used": used, **asdict(p)}
        for a in accounts
        for used, parts in ((True, a.used), (False, a.skipped))
        for p in parts
    ]
    return pd.DataFrame(rows, columns=["detector", "used", "freq", "level", "rows", "reporters",
                                       "reason"])  # fmt: skip
