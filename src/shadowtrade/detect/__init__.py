"""Detectors: one module each, registered in `registry`; each writes rows of the alert contract."""

from shadowtrade.detect import (
    cross_code_mirror,  # noqa: F401  (registers the detector)
    unit_value,  # noqa: F401  (registers the detector)
)
