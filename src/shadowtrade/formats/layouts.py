"""Trade-statistics input layouts as data: which header names fill which canonical role.

Header names are compared after `normalise_header` (lower-case, letters and digits only), so the
Comtrade API's `netWgt`, the legacy API's `Netweight (kg)` and a client library's `netweight_kg`
meet under one key. Columns are never recognised by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NON_ALNUM = re.compile(r"[^a-z0-9]")


def normalise_header(name: str) -> str:
    """'Trade Value (US$)' → 'tradevalueus'; 'trade_value_usd' → 'tradevalueusd'."""
    return _NON_ALNUM.sub("", name.strip().lstrip("\ufeff").lower())


@dataclass(frozen=True)
class Layout:
    """One family of input files: role → header synonyms, units, and how periods are written."""

    name: str
    source: str
    roles: dict[str, tuple[str, ...]]
    # Each inner tuple is satisfied when any one of its roles is present.
    required: tuple[tuple[str, ...], ...]
    period_style: str  # comtrade | year | comext_bulk | eurostat_relational | mapping
    value_scale: float = 1.0
    weight_scale: float = 1.0
    currency: str = "USD"
    # Distinctive roles: a header must carry one of these for the layout to be considered at all.
    signature: tuple[str, ...] = field(default_factory=tuple)
    # Roles with one value for the whole file (BACI lists exports only).
    constants: dict[str, str] = field(default_factory=dict)

    def match(self, header: list[str]) -> dict[str, str] | None:
        """Role → original header name, or None when a required role is missing."""
        norm = {normalise_header(h): h for h in header}
        found: dict[str, str] = {}
        for role, synonyms in self.roles.items():
            for syn in synonyms:
                if syn in norm:
                    found[role] = norm[syn]
                    break
        if self.signature and not any(r in found for r in self.signature):
            return None
        for group in self.required:
            if not any(r in found for r in group):
                return None
        return found


COMTRADE = Layout(
    name="comtrade",
    source="comtrade",
    roles={
        "reporter_iso": ("reporteriso",),
        "reporter_code": ("reportercode",),
        "reporter_name": ("reporterdesc", "reporter", "reportername"),
        "partner_iso": ("partneriso",),
        "partner_code": ("partnercode",),
        "partner_name": ("partnerdesc", "partner", "partnername"),
        "flow": (
            "flowcode",
            "tradeflowcode",
            "tradeflowcodes",
            "tradecode",
            "rgcode",
            "flowdesc",
            "tradeflow",
            "flow",
        ),
        "period": ("period",),
        # comtradr writes `period` as an ISO date and `period_desc` as YYYYMM (or a month name)
        "period_desc": ("perioddesc",),
        "year": ("refyear", "year", "yr"),
        "month": ("refmonth", "month"),
        "freq": ("freqcode", "frequency", "freq"),
        "hs_code": ("cmdcode", "commoditycode", "cmdcodes", "commodity_code"),
        "hs_version": ("classificationcode", "classification", "pfcode"),
        "value": ("primaryvalue", "tradevalueus", "tradevalueusd", "tradevalue"),
        "value_cif": ("cifvalue", "ciftradevalueus", "ciftradevalueusd"),
        "value_fob": ("fobvalue", "fobtradevalueus", "fobtradevalueusd"),
        "weight": ("netwgt", "netweightkg", "netweight"),
        "quantity": ("qty",),
        "quantity_unit": ("qtyunitabbr", "qtyunit", "qtdesc"),
        "partner2": ("partner2code", "2ndpartnercode", "secondpartnercode"),
        "customs": ("customscode", "customsproccode"),
        "mot": ("motcode", "modeoftransportcode"),
        "mos": ("moscode",),
    },
    required=(
        ("reporter_iso", "reporter_code", "reporter_name"),
        ("partner_iso", "partner_code", "partner_name"),
        ("flow",),
        ("period", "year"),
        ("hs_code",),
        ("value", "value_cif", "value_fob"),
    ),
    signature=("hs_code",),
    period_style="comtrade",
)

BACI = Layout(
    name="baci",
    source="baci",
    roles={
        "year": ("t",),
        "reporter_code": ("i",),
        "partner_code": ("j",),
        "hs_code": ("k",),
        "value": ("v",),
        "weight": ("q",),
    },
    required=(("year",), ("reporter_code",), ("partner_code",), ("hs_code",), ("value",)),
    signature=("reporter_code",),
    period_style="year",
    constants={"flow": "export"},  # i is the exporter, j the importer; values are FOB
    value_scale=1000.0,  # thousands of USD
    weight_scale=1000.0,  # metric tonnes
)

COMEXT_BULK = Layout(
    name="comext-bulk",
    source="comext",
    roles={
        "reporter_iso": ("declarantiso",),
        "reporter_code": ("declarant",),
        "partner_iso": ("partneriso",),
        "partner_code": ("partner",),
        "flow": ("flow",),
        "period": ("period",),
        "hs_code": ("productnc",),
        "value": ("valueineuros", "valueineur"),
        "weight": ("quantityinkg",),
        "quantity": ("supquantity",),
        "quantity_unit": ("suppunit",),
        "mos": ("statregime",),
        "trade_type": ("tradetype",),
    },
    required=(
        ("reporter_iso", "reporter_code"),
        ("partner_iso", "partner_code"),
        ("flow",),
        ("period",),
        ("hs_code",),
        ("value",),
    ),
    signature=("hs_code",),
    period_style="comext_bulk",
    currency="EUR",
)

COMEXT_RELATIONAL = Layout(
    name="comext-relational",
    source="comext",
    roles={
        "reporter_name": ("reporter",),
        "partner_name": ("partner",),
        "hs_code": ("product",),
        "flow": ("flow",),
        "period": ("period",),
        "value": ("valueineur", "valueineuros"),
        "weight": ("quantityinkg", "quantityin100kg"),
        "mos": ("statprocedure",),
    },
    required=(
        ("reporter_name",),
        ("partner_name",),
        ("hs_code",),
        ("flow",),
        ("period",),
        ("value",),
    ),
    signature=("value",),
    period_style="eurostat_relational",
    currency="EUR",
)

LAYOUTS: tuple[Layout, ...] = (COMTRADE, BACI, COMEXT_BULK, COMEXT_RELATIONAL)
FORMAT_NAMES: dict[str, tuple[Layout, ...]] = {
    "comtrade": (COMTRADE,),
    "baci": (BACI,),
    "comext": (COMEXT_BULK, COMEXT_RELATIONAL),
}


def detect_layout(header: list[str], fmt: str = "auto") -> tuple[Layout, dict[str, str]] | None:
    """The layout whose roles best cover the header, or None."""
    candidates = LAYOUTS if fmt == "auto" else FORMAT_NAMES.get(fmt, ())
    best: tuple[int, Layout, dict[str, str]] | None = None
    for layout in candidates:
        found = layout.match(header)
        if found is None:
            continue
        score = len(found)
        if best is None or score > best[0]:
            best = (score, layout, found)
    return None if best is None else (best[1], best[2])


def comtrade_variant(found: dict[str, str]) -> str:
    """Name the Comtrade layout a file is in, for the import summary and the profile.

    comtrade-plus: the API's camelCase columns (comtradeapicall's DataFrame, the web download);
    comtrade-plus-bulk: the same without ISO and name columns (bulk files); comtradr: the R
    client's snake_case renaming of either API; comtrade-legacy: the pre-2021 API's headers.
    """
    value_col = found.get("value", found.get("value_cif", ""))
    if value_col == "primaryValue":
        named = "reporter_iso" in found or "reporter_name" in found
        return "comtrade-plus" if named else "comtrade-plus-bulk"
    if "(" in value_col or " " in value_col:
        return "comtrade-legacy"
    if value_col in ("primary_value", "trade_value_usd") or "period_desc" in found:
        return "comtradr"
    return "comtrade-snake"
