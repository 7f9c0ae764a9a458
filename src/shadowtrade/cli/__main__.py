"""`python -m shadowtrade.cli`: the console script."""

from shadowtrade.cli import main

main()
