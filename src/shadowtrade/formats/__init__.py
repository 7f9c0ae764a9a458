"""Input adapters: one layout per source, chosen from the header; validation and quarantine."""

from shadowtrade.formats.dispatch import ingest_file
from shadowtrade.formats.ingest import IngestResult
from shadowtrade.formats.layouts import LAYOUTS, Layout, detect_layout

__all__ = ["LAYOUTS", "IngestResult", "Layout", "detect_layout", "ingest_file"]
