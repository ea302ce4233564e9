"""Hypothesis's entry point for ledger-rules: ``st.from_type()`` draws valid model objects.

Hypothesis runs the ``hypothesis`` entry points of installed packages WHILE it is being imported
(``[project.entry-points.hypothesis]`` in pyproject.toml). That is why this hook lives apart from the
strategies and imports them only when a strategy is first drawn: the strategy modules import Hypothesis, so
an entry point inside one of them was loaded from a half-initialised module (importing the strategies
before Hypothesis failed with an AttributeError). For the same reason :mod:`ledger.testing` loads its
public names lazily, and no strategy module imports this one: the dependency goes one way, from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from ledger.entries import DeleteAccountingEntry


def _models(model_class: type, **options: Any) -> SearchStrategy[Any]:
    """Valid models of ``model_class``: :func:`ledger.testing.scenarios` inputs, loaded."""
    from ledger.io.loading import load
    from ledger.testing.payloads import scenarios

    return scenarios(**options).map(lambda scenario: load(model_class, scenario.input).model)


def _delete_inputs() -> SearchStrategy[DeleteAccountingEntry]:
    from ledger.entries import DeleteAccountingEntry
    from ledger.testing.values import uuids_as_str

    return uuids_as_str().map(lambda id: DeleteAccountingEntry(id=id))


def _hypothesis_setup_hook() -> None:
    """Let ``st.from_type(AccountingEntry)`` (and the simplified inputs) draw valid models.

    Hypothesis calls this through its entry point when it is imported; calling it by hand has the same
    effect, and calling it twice is harmless. Every strategy is deferred: no strategy module is imported
    until one is drawn. The drawn models are loaded from :func:`ledger.testing.scenarios` inputs, so they
    are valid too; use ``scenarios`` directly when you also need the context.
    """
    from hypothesis import strategies as st

    from ledger.entries import AccountingEntry, DeleteAccountingEntry
    from ledger.inputs import EntryUsingCodes, EntryUsingIds, PostSalesInvoice

    st.register_type_strategy(AccountingEntry, st.deferred(lambda: _models(AccountingEntry, form="full")))
    st.register_type_strategy(EntryUsingIds, st.deferred(lambda: _models(EntryUsingIds, form="ids")))
    st.register_type_strategy(EntryUsingCodes, st.deferred(lambda: _models(EntryUsingCodes, form="codes")))
    st.register_type_strategy(
        PostSalesInvoice, st.deferred(lambda: _models(PostSalesInvoice, kind="sales-invoice-posting"))
    )
    st.register_type_strategy(DeleteAccountingEntry, st.deferred(_delete_inputs))
