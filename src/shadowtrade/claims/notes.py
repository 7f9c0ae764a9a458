"""The notes a claim's reading leaves beside its words: every reinterpretation said.

A hypothesis's `words` hold, under these keys, what a looser rule read and from which words
(a country guessed or taken from another sentence, goods carried from the sentence before, a
period borrowed from the route before, a stance set by a later sentence). The CLI, the report
and the API show them all; this module is their one list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

READ_NOTES = ("countries_read", "goods_read", "period_read", "stance_read")


def read_notes(words: Mapping[str, Any]) -> list[str]:
    """Every note of a hypothesis's words, in the order of `READ_NOTES`."""
    return [str(n) for key in READ_NOTES for n in (words.get(key) or [])]
