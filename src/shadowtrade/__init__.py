"""Shadowtrade: find covert arms and dual-use trade pipelines in trade data.

import shadowtrade
ws = shadowtrade.open("shadowtrade-workspace")
ws.ingest("comtrade.csv")
ws.scan()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shadowtrade.errors import InputError, ShadowtradeError, UnknownFormatError, WorkspaceError

if TYPE_CHECKING:
    from shadowtrade.facade import Shadowtrade, open
    from shadowtrade.workspace import Workspace

    open_workspace = open

__version__ = "0.1.0"
__all__ = [
    "InputError",
    "Shadowtrade",
    "ShadowtradeError",
    "UnknownFormatError",
    "Workspace",
    "WorkspaceError",
    "__version__",
    "open",
    "open_workspace",
]


def __getattr__(name: str) -> Any:
    """The façade (and with it Ibis, DuckDB and pandas) is imported on first use, so that the
    command line starts light and a Ctrl-C while it starts is answered in one line."""
    if name in ("open", "open_workspace", "Shadowtrade"):
        from shadowtrade import facade

        return facade.open if name != "Shadowtrade" else facade.Shadowtrade
    if name == "Workspace":
        from shadowtrade import workspace

        return workspace.Workspace
    raise AttributeError(f"module 'shadowtrade' has no attribute {name!r}")
