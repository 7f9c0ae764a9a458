"""Every detector the package ships, each module imported once so that it registers itself.

The scan, the cases' scoring and the front ends ask here for the list. The registry below it
only holds what has registered, so asking it directly could miss a detector nobody imported
yet; the package's `__init__` imports nothing, so a detector module importing its helpers
(`flows`, `levels`) never runs the others first.
"""

from __future__ import annotations

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
from shadowtrade.detect.registry import Detector, registered


def all_detectors() -> list[Detector]:
    """Every detector, by name."""
    return registered()


def detector_words() -> dict[str, str]:
    """name → the finding in a few words, for every detector that has them."""
    return {d.name: d.words for d in all_detectors() if d.words}


def detectors_where(*, source: str | None = None, sides: str | None = None) -> set[str]:
    """Names of the detectors of a source and/or a kind of sides."""
    return {
        d.name
        for d in all_detectors()
        if (source is None or d.source == source) and (sides is None or d.sides == sides)
    }
