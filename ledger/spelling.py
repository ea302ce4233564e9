"""The closest spelling of a mistyped name, for "did you mean …?" hints (fields, enum values,
operations, rule codes, context keys): one measure of "close" for every hint the project gives."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The closest spelling among ``choices`` (for "did you mean …?" hints), or None."""
    choices = list(choices)
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not found:  # case-only differences ("DebitAmount") are common and below the ratio cutoff
        lowered = {c.lower(): c for c in choices}
        return lowered.get(word.lower())
    return found[0]


__all__ = ["closest"]
