"""The names of the input formats that are not trade statistics, shared by every reader."""

from __future__ import annotations

LIST_FORMATS = ("ofac-sdn", "eu-fsf", "un-sc", "ftm")
