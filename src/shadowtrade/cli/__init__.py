"""The `shadowtrade` command line: one thin function per command (DESIGN.md, "CLI contract"),
grouped by what the analyst is doing; `--help` lists them in the same groups."""

from __future__ import annotations

# isort: off
import shadowtrade.startup  # noqa: F401  (first: answers a Ctrl-C while the CLI loads)

# isort: on

# Each module registers its commands on `app` as it is imported, in this order.
from shadowtrade.cli import inputs, detection, parties, ranking, cases, serving  # noqa: F401, I001
from shadowtrade.cli.base import app, main

__all__ = ["app", "main"]
