"""What a rule sees besides its subject: the operation, the context, the options, the mode.

Every rule function is called as ``rule(subject, env)``. :class:`Env` carries what the rule may look at
(the operation being checked, the organisation's reference data, the :class:`Options` the user set, whether
the subject is a create input or an entry read back from the API, and which values the loader could not
read), and shares between the rules of one subject the facts several of them derive from it. It lives
apart from the engine so that the rule families can name it without importing the engine that imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

import attrs

from ledger.context import Context
from ledger.money import DEFAULT_CURRENCY, ROUNDING_MODES
from ledger.operations import Operation

__all__ = ["Env", "Options"]


def _rounding(value: str) -> str:
    if value not in ROUNDING_MODES:
        raise ValueError(f"unknown rounding {value!r}; use one of {', '.join(ROUNDING_MODES)}")
    return value


def _policy(value: str) -> str:
    if value not in ("vies", "legacy"):
        raise ValueError(f"unknown sales-account policy {value!r}; use vies or legacy")
    return value


@attrs.frozen
class Options:
    """Settings for rules whose behaviour the public docs leave open (each rule's doc says which)."""

    currency: str | None = None  # overrides the context's organisation currency (default EUR)
    tax_rounding: str = attrs.field(default="half-up", converter=_rounding)  # TAX002
    tax_tolerance: Decimal = attrs.field(default=Decimal(0), converter=Decimal)  # TAX002
    sales_account_policy: str = attrs.field(default="vies", converter=_policy)  # PST001


_Subject = TypeVar("_Subject")
_Fact = TypeVar("_Fact")


@attrs.frozen
class Env:
    """What a rule may look at besides its subject."""

    operation: Operation | None
    context: Context | None
    options: Options
    mode: str = "create"  # "create" for inputs, "read" for entries read back from the API
    #: Paths (relative to the subject) of the values the loader reported as unreadable (FLD002–FLD007):
    #: they are None in the model, and a rule that would report "missing" there defers to the FLD code.
    faulted: frozenset = frozenset()
    # Facts several rules derive from the same subject (its amounts, its accounts): one slot per kind
    # of fact holding (subject, value), so each is computed once per subject and never outlives the
    # next subject — an Env reused over a whole ledger (audit) holds one entry's facts, not all.
    _derived: dict = attrs.field(factory=dict, init=False, eq=False, repr=False)

    def derived(self, key: str, subject: _Subject, compute: Callable[[_Subject], _Fact]) -> _Fact:
        """``compute(subject)``, computed once per subject (by identity) and shared by the rules."""
        slot = self._derived.get(key)
        if slot is not None and slot[0] is subject:
            return slot[1]
        value = compute(subject)
        self._derived[key] = (subject, value)
        return value

    @property
    def currency(self) -> str:
        if self.options.currency:
            return self.options.currency.upper()
        if self.context is not None:
            return self.context.currency
        return DEFAULT_CURRENCY
