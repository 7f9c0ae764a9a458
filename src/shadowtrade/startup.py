"""Imported first by the command line: a Ctrl-C while it loads ends in one line, not a traceback.

The console script spends a second or more importing; Python's default answer to Ctrl-C then is
a KeyboardInterrupt traceback from inside some library. Until `cli.main` takes over (and puts
Python's handler back), Ctrl-C exits at once with code 130: nothing has been opened yet.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path


def _interrupted_while_starting(_signum: int, _frame: object) -> None:
    sys.stderr.write("interrupted: nothing was changed\n")
    os._exit(130)


# The console script; or `python -m shadowtrade.cli`, whose packages Python imports while
# sys.argv[0] is still "-m" (the CLI is what imports this module).
if Path(sys.argv[0]).name == "shadowtrade" or sys.argv[0] == "-m":
    signal.signal(signal.SIGINT, _interrupted_while_starting)
