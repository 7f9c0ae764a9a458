"""Shadowtrade's exception tree.

    ShadowtradeError (Exception)
     ├── InputError (ValueError)        bad input file, option or query: exit code 2
     │    └── UnknownFormatError        a file whose header no adapter recognises
     └── WorkspaceError (RuntimeError)  the workspace cannot be opened or is inconsistent

Every message names the file, row and column where they apply, and what to do next.
"""

from __future__ import annotations


class ShadowtradeError(Exception):
    """Base of every error Shadowtrade raises on purpose."""


class InputError(ShadowtradeError, ValueError):
    """The user's input (file, option, query) cannot be used as given."""


class UnknownFormatError(InputError):
    """No adapter recognises the file's header."""


class WorkspaceError(ShadowtradeError, RuntimeError):
    """The workspace is missing, locked or inconsistent."""
