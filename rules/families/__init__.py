"""Rule families: one module per family (fld, bal, reg, …), and the registry of them all.

Each module of this package but those starting with ``_`` is a family: its rule functions carry the
:func:`rules.registry.rule` decorator's spec. :func:`default_registry` imports them in code order and
builds the :class:`~rules.registry.Registry` of every shipped rule. The discovery lives here, beside the
families, because each family imports :mod:`rules.registry` for its decorator: the registry module
itself imports no family.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType

from rules.registry import Registry

__all__ = ["default_registry", "family_modules"]


def family_modules() -> list[ModuleType]:
    """Import every family module of this package (one module per rule family), in code order."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
        if not info.name.startswith("_")
    ]


@cache
def default_registry() -> Registry:
    """The registry of every shipped rule, built once (it is immutable)."""
    return Registry.from_modules(family_modules())
