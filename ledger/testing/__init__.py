"""Hypothesis strategies for property-testing code that produces Sage Active payloads.

This is the public entry point for users' own property tests (``pip install 'ledger-rules[hypothesis]'``).
It draws organisations (the ``--context`` document), entries that are VALID for them under every FLD,
BAL, REG, TPY, INV, TAX and REF rule (and PST001's sales-account choice), and inputs that break exactly
one named rule::

    from ledger.testing import scenarios, breaking

    @given(scenarios(kind="sales-invoice", form="full"))
    def test_my_exporter_round_trips(scenario):
        context, values, operation = scenario
        ...

Design
------
* **Everything is a plain JSON-ready value.** A context is the ``--context`` dict and a drawn input is
  the dict you would put under ``variables.values``; amounts are :class:`~decimal.Decimal` (write them
  with :func:`ledger.io.jsontext.dumps`, which keeps them exact), dates are ``YYYY-MM-DD`` strings, ids
  are UUID strings. Nothing of this package's own classes leaks into what you draw, except the
  :class:`Scenario` named tuple that groups ``(context, input, operation)``.
* **Amounts come from integers of minor units** (:func:`amounts`), never from ``st.decimals()`` or floats,
  so every drawn amount is exact in the currency and shrinks towards one minor unit.
* **Ids are derived, not guessed**: a context draws ONE uuid and derives every id from it with
  ``uuid5(drawn, name)``. Ids are therefore unique, reproducible from the Hypothesis database, and a
  failing example shrinks to a readable organisation.
* **Generation reads the context like a user's own would be read**: :func:`entries` accepts any context
  dict (yours, assembled from the API's responses, or one drawn by :func:`contexts`) and finds the
  journals, accounts, third parties and taxes it needs by their API types (``SALES_INVOICE``,
  ``subAccountType``…). A context that lacks something a kind needs is refused when the strategy is BUILT.
* **Simplest first**: every choice is drawn so that Hypothesis shrinks towards the smallest entry — one
  tax rate, the first third party, the entry dated the first open day, one-minor-unit differences.
* **Breaking one rule** (:func:`breaking`) starts from a valid drawn input and applies ONE targeted
  mutation. Where a rule cannot be broken without another one also firing, :data:`UNAVOIDABLE` says
  which, and why (see its table).
* **Only the model**: the strategies import :mod:`ledger` alone, never the rules; running the engine on
  what they draw is the tests' job.

Argument errors raise :class:`hypothesis.errors.InvalidArgument` when the strategy is built, not when it
is drawn from, as Hypothesis's own strategies do. Only Hypothesis's public API is used.

Layout
------
One subject per module, imported one way (each only from those above it):

* :mod:`ledger.testing.kinds` — the entry kinds, the create forms, :class:`Scenario`;
* :mod:`ledger.testing.values` — ids, exact amounts, the argument checks the strategies share;
* :mod:`ledger.testing.organisations` — drawing a context, and reading one for what each kind needs;
* :mod:`ledger.testing.payloads` — valid inputs (:func:`entries`, :func:`scenarios`);
* :mod:`ledger.testing.breakers` — :func:`breaking` and :data:`UNAVOIDABLE`;
* :mod:`ledger.testing.plugin` — Hypothesis's entry point (``st.from_type(AccountingEntry)``), which
  imports none of the above until a strategy is drawn.

Use this package, not its modules: the names below are the public API. They are loaded on first use
(PEP 562), and that is not a detail: Hypothesis imports its entry point :mod:`ledger.testing.plugin`
WHILE Hypothesis itself is being imported, and importing a submodule runs its package first — a package
that imported the strategies (hence Hypothesis) here would run inside a half-imported Hypothesis. So
``import ledger.testing`` costs nothing and works before or after ``import hypothesis``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ledger.testing.breakers import BREAKABLE_CODES, UNAVOIDABLE, breaking
    from ledger.testing.kinds import ENTRY_KINDS, FORMS, KINDS, Scenario
    from ledger.testing.organisations import contexts
    from ledger.testing.payloads import entries, scenarios
    from ledger.testing.values import amounts, uuids_as_str

__all__ = [
    "BREAKABLE_CODES",
    "ENTRY_KINDS",
    "FORMS",
    "KINDS",
    "Scenario",
    "UNAVOIDABLE",
    "amounts",
    "breaking",
    "contexts",
    "entries",
    "scenarios",
    "uuids_as_str",
]

#: The module each public name lives in.
_HOMES = {
    "BREAKABLE_CODES": "breakers",
    "UNAVOIDABLE": "breakers",
    "breaking": "breakers",
    "ENTRY_KINDS": "kinds",
    "FORMS": "kinds",
    "KINDS": "kinds",
    "Scenario": "kinds",
    "contexts": "organisations",
    "entries": "payloads",
    "scenarios": "payloads",
    "amounts": "values",
    "uuids_as_str": "values",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        module = importlib.import_module(f"{__name__}.{home}")
    except ModuleNotFoundError as exc:
        if exc.name != "hypothesis":
            raise  # Hypothesis is there but failed to import: its own error says why
        raise ImportError(
            "ledger.testing needs Hypothesis, an optional extra: pip install 'ledger-rules[hypothesis]'"
        ) from exc
    return getattr(module, name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
