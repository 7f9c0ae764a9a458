"""What an analyst asks a service for, checked, and its identity (the name of its saved state)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from shadowtrade.errors import InputError

SOURCES = ("comtrade", "comext")
FLOWS = ("export", "import", "re-export", "re-import")
_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
_CODE = re.compile(r"^\d{2,8}$")


@dataclass(frozen=True)
class FetchQuery:
    """One fetch: source, countries (ISO3), HS codes, flows, frequency and period range.

    Empty `reporters` or `partners` mean "all" (the service's default when the filter is left
    out). `since` and `until` are 'YYYY-MM' (monthly) or 'YYYY' (annual).
    """

    source: str
    reporters: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    hs: tuple[str, ...] = ()
    flows: tuple[str, ...] = ("export", "import")
    freq: str = "M"
    since: str = ""
    until: str = ""
    keyless: bool = field(default=False, compare=True)

    def periods(self) -> list[str]:
        """Every period of the range, as 'YYYY-MM' (monthly) or 'YYYY' (annual), in order."""
        y0, m0 = _parse_month(self.since, "--since")
        y1, m1 = _parse_month(self.until, "--until")
        if self.freq == "A":
            return [str(y) for y in range(y0, y1 + 1)]
        out = []
        y, m = y0, m0
        while (y, m) <= (y1, m1):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, as recorded with the import."""
        d = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}

    def key(self) -> str:
        """A short digest naming the fetch's files: the same query resumes the same state."""
        blob = json.dumps(self.as_dict(), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:12]

    def describe(self) -> str:
        """'monthly ARM, KGZ → RUS, HS 8703, export, 2021-01…2023-06' (for messages)."""
        who = ", ".join(self.reporters) or "all reporters"
        to = ", ".join(self.partners) or "all partners"
        codes = "HS " + ", ".join(self.hs) if self.hs else "all goods"
        freq = "monthly" if self.freq == "M" else "annual"
        span = self.since if self.since == self.until else f"{self.since}…{self.until}"
        return f"{freq} {who} → {to}, {codes}, {', '.join(self.flows)}, {span}"


def _parse_month(text: str, option: str) -> tuple[int, int]:
    m = _MONTH.match(text.strip())
    if not m:
        raise InputError(f"{option} {text!r}: give a month as YYYY-MM (or a year as YYYY)")
    month = int(m.group(2) or 1)
    if not 1 <= month <= 12:
        raise InputError(f"{option} {text!r}: month {month} is not 01…12")
    return int(m.group(1)), month


def _split(values: list[str] | None) -> tuple[str, ...]:
    """['ARM,KGZ', 'rus'] → ('ARM', 'KGZ', 'RUS'): options may repeat or hold commas."""
    out: list[str] = []
    for v in values or []:
        out.extend(p.strip().upper() for p in v.split(",") if p.strip())
    return tuple(dict.fromkeys(out))


def build_query(
    source: str,
    *,
    reporters: list[str] | None = None,
    partners: list[str] | None = None,
    hs: list[str] | None = None,
    flows: list[str] | None = None,
    freq: str = "M",
    since: str | None = None,
    until: str | None = None,
    keyless: bool = False,
) -> FetchQuery:
    """A checked query; InputError (exit 2) names the option and value that cannot be used."""
    from shadowtrade.reference.loaders import countries

    if source not in SOURCES:
        raise InputError(f"unknown source {source!r}: use one of {', '.join(SOURCES)}")
    freq = freq.upper()
    if freq not in ("M", "A"):
        raise InputError(f"--freq {freq!r}: use M (monthly) or A (annual)")
    if not since:
        raise InputError("--since is required: the first month (YYYY-MM) or year (YYYY)")
    until = until or since
    known = set(countries()["iso3"].dropna())
    reps, parts = _split(reporters), _split(partners)
    for option, found in (("--reporter", reps), ("--partner", parts)):
        for c in found:
            if c not in known:
                raise InputError(f"{option} {c!r}: not an ISO3 country code (e.g. DEU, RUS)")
    codes = tuple(c.replace(".", "") for c in _split(hs))
    longest = 6 if source == "comtrade" else 8
    for c in codes:
        if not _CODE.match(c) or len(c) % 2 or len(c) > longest:
            raise InputError(
                f"--hs {c!r}: give HS codes of 2, 4 or 6 digits"
                + (" (or CN8 codes of 8 digits for comext)" if source == "comext" else "")
            )
    fl = tuple(f.lower() for f in _split(flows)) or ("export", "import")
    for f in fl:
        if f not in FLOWS:
            raise InputError(f"--flow {f!r}: use one of {', '.join(FLOWS)}")
    if source == "comext" and {"re-export", "re-import"} & set(fl):
        raise InputError("--flow: Comext publishes imports and exports only (no re-exports)")
    q = FetchQuery(
        source=source,
        reporters=reps,
        partners=parts,
        hs=codes,
        flows=fl,
        freq=freq,
        since=since if freq == "M" else since[:4],
        until=until if freq == "M" else until[:4],
        keyless=keyless,
    )
    if freq == "M":
        for option, text in (("--since", q.since), ("--until", q.until)):
            if len(text) != 7:
                raise InputError(f"{option} {text!r}: monthly data needs a month, YYYY-MM")
    if not q.periods():
        raise InputError(f"--since {q.since} is after --until {q.until}")
    return q


def service_codes(isos: tuple[str, ...], column: str, service: str, option: str) -> list[str]:
    """ISO3 → the codes a service names areas by (`column` of the shipped country table:
    Comtrade's own numbers such as France 251, or Comext's two letters); a country the service
    has no code for is refused with the option that named it."""
    from shadowtrade.reference.loaders import countries

    table = countries().set_index("iso3")[column]
    out = []
    for iso in isos:
        code = table.get(iso, "")
        if not code:
            raise InputError(f"{option} {iso}: {service} has no code for it")
        out.append(code)
    return out
