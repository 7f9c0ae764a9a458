"""Detectors: one module each, registered in `registry`; `catalog` imports them all.

Each writes rows of the alert contract. This package's initialiser imports nothing, so that a
detector module importing a helper of the package does not run the other detectors first.
"""
