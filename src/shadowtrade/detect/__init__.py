"""Detectors: one module each, registered in `registry`; each writes rows of the alert contract."""
