"""Shipped reference data: HS nomenclature, countries, control lists, cover codes, FX rates.

Each file's source, version and licence are in `data/SOURCES.md`.
"""

from shadowtrade.reference.loaders import (
    DATA_DIR,
    control_list,
    countries,
    country_keys,
    cover_codes,
    eur_usd_monthly,
    hs_concordance,
    hs_nomenclature,
    normalise_country_key,
    resolve_country,
)

__all__ = [
    "DATA_DIR",
    "control_list",
    "countries",
    "country_keys",
    "cover_codes",
    "eur_usd_monthly",
    "hs_concordance",
    "hs_nomenclature",
    "normalise_country_key",
    "resolve_country",
]
