"""What a rule reports: :class:`Finding` (from the rule) and :class:`Violation` (to the user).

A rule function only knows WHERE and WHAT (path, message, hint, figures); it yields :class:`Finding`
objects. The rule runner (:meth:`rules.runner.Runner.violation`, the one place a violation is built,
for every scope) turns each into a :class:`Violation` by adding the rule's code, name and the severity
in force (users may re-grade rules), putting message and hint on one line each, and mapping the path
back to the user's own input (an expansion's line, an entry of a ledger). Violations are frozen values with full equality, so tests can assert
whole lists of them (the Django system-checks idea).
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

import attrs

from ledger.books.expansion import ExpansionProblem
from ledger.money import format_amount


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise ValueError(f"unknown severity {text!r}; use error, warning or info") from None


def _figure_text(value: Any) -> str:
    if isinstance(value, Decimal):
        return format_amount(value)
    return str(value)


def _figures(value: Any) -> tuple[tuple[str, str], ...]:
    if isinstance(value, dict):
        value = value.items()
    return tuple((str(k), _figure_text(v)) for k, v in value)


@attrs.frozen
class Finding:
    """A rule's observation, before the engine attaches code, name and severity."""

    path: str
    message: str
    hint: str | None = None
    figures: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_figures)


def finding(path: str, message: str, hint: str | None = None, **figures: Any) -> Finding:
    """Shorthand for rules: ``yield finding("date", "…", "…", debit=total)``."""
    return Finding(path, message, hint, figures)


def as_finding(problem: ExpansionProblem, prefix: str = "") -> Finding:
    """The finding of an expansion problem, its path put under ``prefix`` (e.g. ``entries[3].``)."""
    return Finding(prefix + problem.path, problem.message, problem.hint, problem.figures)


@attrs.frozen
class Violation:
    code: str
    name: str
    severity: Severity
    path: str
    message: str
    hint: str | None = None
    figures: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_figures)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def figure(self, name: str) -> str | None:
        for key, value in self.figures:
            if key == name:
                return value
        return None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "path": self.path,
            "message": self.message,
        }
        if self.hint:
            out["hint"] = self.hint
        if self.figures:
            out["figures"] = dict(self.figures)
        return out
