"""``--select`` / ``--ignore`` by code prefix, where the more specific prefix wins (the flake8 rule).

``select=["BAL"], ignore=["BAL003"]`` runs every BAL rule but BAL003; ``select=["BAL003"],
ignore=["BAL"]`` runs only BAL003. With no select, everything is selected. When a select and an ignore
prefix are equally long, the ignore wins (the safer reading of a contradiction).

A prefix that matches no rule is an error (:meth:`Selection.require_known`), never an empty match:
``select=["BAL999"]`` would otherwise turn every check off and report every document valid, and a
mistyped ignore would silently keep the rule it meant to drop. The engine calls it with its registry,
so the library raises ValueError and the CLI turns that into a usage error (exit 2), as for severities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from ledger.spelling import closest

_PREFIX = re.compile(r"^[A-Z]{1,3}\d{0,3}$")


def parse_codes(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """``"BAL, tax002"`` -> ``("BAL", "TAX002")``; raise ValueError on anything that is not a prefix."""
    if text is None:
        return ()
    items = text.split(",") if isinstance(text, str) else list(text)
    codes = []
    for item in items:
        code = item.strip().upper()
        if not code:
            continue
        if not _PREFIX.match(code):
            raise ValueError(f"{item.strip()!r} is not a rule code or prefix (e.g. BAL or TAX002)")
        codes.append(code)
    return tuple(codes)


def _longest(code: str, prefixes: tuple[str, ...]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


@attrs.frozen
class Selection:
    select: tuple[str, ...] = attrs.field(default=(), converter=parse_codes)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=parse_codes)

    def enabled(self, code: str) -> bool:
        selected = _longest(code, self.select) if self.select else 0
        ignored = _longest(code, self.ignore)
        if selected < 0:  # a select list was given and nothing in it matches
            return False
        return ignored < selected  # -1 when no ignore prefix matches

    def require_known(self, codes: Iterable[str]) -> None:
        """Raise ValueError naming the first select or ignore prefix that matches none of ``codes``."""
        known = tuple(codes)
        for option, prefixes in (("select", self.select), ("ignore", self.ignore)):
            for prefix in prefixes:
                if not any(code.startswith(prefix) for code in known):
                    suggestion = closest(prefix, (*known, *dict.fromkeys(code[:3] for code in known)))
                    hint = f"; did you mean {suggestion}?" if suggestion else ""
                    raise ValueError(f"{option} {prefix!r} matches no rule code{hint}")
