"""rules: the validators, the engine and the command line of ledger-rules.

The names users import::

    from rules import check, check_many, Engine, EngineConfig, Report, Violation, Severity, Options

:func:`check` is the one-call form; build an :class:`Engine` once and reuse it for batches (it compiles
its rule plans and indexes the context once). An :class:`EngineConfig` holds an engine's settings as one
frozen, picklable value (``Engine.from_config``; ``check_many(config=…)``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ledger.context import Context
from ledger.io.context_file import context_from_dict
from rules.batch import check_many
from rules.engine import Engine, EngineConfig, Report
from rules.env import Env, Options
from rules.families import default_registry
from rules.registry import Registry, Rule, rule
from rules.violation import Finding, Severity, Violation, finding


def _as_context(context: Context | dict | None) -> Context | None:
    if context is None or isinstance(context, Context):
        return context
    return context_from_dict(context)


def check(
    document: Any,
    *,
    operation: str | None = None,
    context: Context | dict | None = None,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    severity: dict[str, str] | None = None,
    options: Options | None = None,
) -> Report:
    """Check one document (a parsed JSON value, or JSON text) and return its :class:`Report`."""
    engine = Engine(
        context=_as_context(context), select=select, ignore=ignore, severity=severity, options=options
    )
    return engine.check(document, operation=operation)


def is_valid(document: Any, **kwargs: Any) -> bool:
    return check(document, **kwargs).valid


def iter_violations(document: Any, **kwargs: Any) -> Iterator[Violation]:
    yield from check(document, **kwargs).violations


__all__ = [
    "Engine",
    "EngineConfig",
    "Env",
    "Finding",
    "Options",
    "Registry",
    "Report",
    "Rule",
    "Severity",
    "Violation",
    "check",
    "check_many",
    "default_registry",
    "finding",
    "is_valid",
    "iter_violations",
    "rule",
]
