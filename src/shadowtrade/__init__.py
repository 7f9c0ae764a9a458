"""Shadowtrade: find covert arms and dual-use trade pipelines in trade data.

import shadowtrade
ws = shadowtrade.open("shadowtrade-workspace")
ws.ingest("comtrade.csv")
"""

from shadowtrade.errors import InputError, ShadowtradeError, UnknownFormatError, WorkspaceError
from shadowtrade.workspace import Workspace, open_workspace

open = open_workspace

__version__ = "0.1.0"
__all__ = [
    "InputError",
    "ShadowtradeError",
    "UnknownFormatError",
    "Workspace",
    "WorkspaceError",
    "__version__",
    "open",
    "open_workspace",
]
