"""Detectors: one module each, registered in `registry`; each writes rows of the alert contract."""

from shadowtrade.detect import (  # noqa: F401  (importing a module registers its detector)
    consignment_anomaly,
    cross_code_mirror,
    deflection,
    description_mismatch,
    document_reuse,
    list_match,
    mirror_gap,
    route_break,
    route_mismatch,
    transshipment,
    unit_value,
)
