"""Where a finding sits in a ledger: the ``entries[N]`` prefix of a path, made and taken apart in ONE place.

A rule that looks at a whole ledger (the lettering of API entries, a FEC file) reports a path that
starts with the entry it is about, ``entries[3].accountingEntryLines[1]``; the audit attaches the
finding to that entry's report with the rest of the path, so a ledger finding reads exactly like a
document finding. :func:`entry_path` writes the prefix and :func:`split_entry_path` reads it back;
nothing else spells ``entries[``.
"""

from __future__ import annotations

import re

_ENTRY_PATH = re.compile(r"^entries\[([0-9]+)\](?:\.(.*))?$", re.DOTALL)


def entry_path(index: int, rest: str = "") -> str:
    """``entry_path(3, "accountingEntryLines[1]")`` -> ``entries[3].accountingEntryLines[1]``."""
    return f"entries[{index}].{rest}" if rest else f"entries[{index}]"


def split_entry_path(path: str) -> tuple[int | None, str]:
    """The inverse of :func:`entry_path`: ``(3, "accountingEntryLines[1]")``; ``(None, path)`` for a
    path that names no entry (a finding about the whole file)."""
    match = _ENTRY_PATH.match(path)
    if match is None:
        return None, path
    return int(match.group(1)), match.group(2) or ""


__all__ = ["entry_path", "split_entry_path"]
