"""The loader's compiled fast path (ledger.io.compiled_load) gives exactly what the generic walk gives.

Its contract: the very model the generic loader builds when that reports no problem, and DOUBT (then
the generic walk runs) otherwise. So for every input, ``load(..., bounded=True)`` — fast path first —
must equal ``load(...)``, problems included; and on valid documents the fast path must actually be
taken (else these tests would pass on a fast path that always doubts).
"""

from __future__ import annotations

from decimal import Decimal
from itertools import islice

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from benchmarks.generate import read_entries, requests
from ledger.entries import AccountingEntry, EntryThirdParty
from ledger.io.compiled_load import DOUBT
from ledger.io.jsontext import DuplicateKeyDict, EnumLiteral, NonFinite, dumps
from ledger.io.limits import DEFAULT_LIMITS, first_breach
from ledger.io.loading import Loader, _plan
from ledger.operations import operation
from ledger.testing import FORMS, breaking, scenarios
from tests.helpers.budgets import examples
from tests.helpers.fuzzing import MODELS, DrawChooser, disagreement, mutate, shaped_value
from tests.helpers.seed import seed001

# Both loaders run on each drawn scenario: fewer examples than the profile's.
SOME = examples(40)


def fast_of(loader: Loader, cls: type, mode: str):
    return _plan(cls, mode, loader._plans, DEFAULT_LIMITS).fast()


def assert_same(cls: type, value, mode: str = "create") -> None:
    """Both roads give the same model (same exact digits) and the same problems."""
    assert disagreement(cls, value, mode) is None


def assert_fast(cls: type, value, mode: str = "create") -> None:
    """A valid value: the fast path vouches for it, and agrees with the generic walk."""
    loader = Loader()
    assert Loader().load(cls, value, mode=mode).problems == ()
    assert fast_of(loader, cls, mode)(value) is not DOUBT
    assert_same(cls, value, mode)


def test_valid_batch_documents_take_the_fast_path():
    for body in islice(requests(300, seed=7), 300):
        values = body["variables"]["values"]
        name = (
            "createAccountingEntryUsingCodes"
            if "createAccountingEntryUsingCodes" in body["query"]
            else "createAccountingEntry"
        )
        assert_fast(operation(name).model, values)


def test_read_entries_take_the_fast_path_in_read_mode():
    for entry in islice(read_entries(200, seed=3), 200):
        assert_fast(AccountingEntry, entry, mode="read")


def test_the_seed_example_takes_the_fast_path():
    assert_fast(AccountingEntry, seed001())


_UUID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


def _third_party(**changes):
    value = {"thirdPartyId": _UUID, "origin": "CUSTOMER", "socialName": "Lumen", "code": "LUMEN"}
    value.update(changes)
    return {k: v for k, v in value.items() if v is not _DROP}


_DROP = object()

#: Values the generic walk reports (or treats specially): the fast path must doubt every one of them.
DOUBTFUL = {
    "unknown key": _third_party(socialname="x"),
    "read-only key in a create input": _third_party(id=_UUID),
    "required field absent": _third_party(origin=_DROP),
    "required field null": _third_party(thirdPartyId=None),
    "uuid with a final newline": _third_party(thirdPartyId=_UUID + "\n"),
    "uuid too short": _third_party(thirdPartyId=_UUID[:-1]),
    "enum value unknown": _third_party(origin="customer"),
    "NaN token where a string belongs": _third_party(socialName=NonFinite("NaN")),
    "string too long": _third_party(code="X" * 18),
    "number where a string belongs": _third_party(socialName=Decimal(1)),
    "list where a string belongs": _third_party(socialName=["Lumen"]),
    "repeated key": DuplicateKeyDict(list(_third_party().items()) + [("code", "OTHER")], ("code",)),
}


@pytest.mark.parametrize("name", sorted(DOUBTFUL))
def test_the_fast_path_doubts_what_the_generic_walk_reports(name):
    value = DOUBTFUL[name]
    assert fast_of(Loader(), EntryThirdParty, "create")(value) is DOUBT
    assert Loader().load(EntryThirdParty, value).problems  # ... and the generic walk has a word for it
    assert_same(EntryThirdParty, value)


def test_a_bare_enum_literal_is_left_to_the_generic_walk_which_accepts_it():
    value = _third_party(origin=EnumLiteral("CUSTOMER"))  # from a GraphQL literal, e.g. {origin: CUSTOMER}
    assert fast_of(Loader(), EntryThirdParty, "create")(value) is DOUBT
    assert Loader().load(EntryThirdParty, value, bounded=True).problems == ()
    assert_same(EntryThirdParty, value)


@pytest.mark.parametrize(
    "amount,why",
    [
        (True, "a bool is not a number"),
        (1.5, "a binary float"),
        ("12.50", "a string"),
        (Decimal("NaN"), "not finite"),
        (NonFinite("Infinity"), "the Infinity token"),
    ],
)
def test_the_fast_path_doubts_amounts_that_are_not_exact_numbers(amount, why):
    entry = seed001()
    entry["accountingEntryLines"][0]["debitAmount"] = amount
    assert fast_of(Loader(), AccountingEntry, "create")(entry) is DOUBT, why
    assert_same(AccountingEntry, entry)


def test_an_integer_amount_is_taken_as_its_decimal():
    entry = seed001()
    entry["accountingEntryLines"][0]["debitAmount"] = 1824
    entry["accountingEntryLines"][1]["creditAmount"] = 1824
    model = fast_of(Loader(), AccountingEntry, "create")(entry)
    assert model.lines[0].debit_amount == Decimal(1824) and isinstance(model.lines[0].debit_amount, Decimal)
    assert_same(AccountingEntry, entry)


def test_a_fault_deep_inside_sends_the_whole_document_to_the_generic_walk():
    entry = next(
        body["variables"]["values"]
        for body in requests(50, seed=1)
        if '"accountingEntryTaxes"' in dumps(body)
    )
    invoice_line = next(line for line in entry["accountingEntryLines"] if "accountingEntryInvoice" in line)
    invoice_line["accountingEntryInvoice"]["accountingEntryTaxes"][0]["taxType"] = "vat"
    assert fast_of(Loader(), AccountingEntry, "create")(entry) is DOUBT
    loaded = Loader().load(AccountingEntry, entry, bounded=True)
    assert [p.path.rsplit(".", 1)[-1] for p in loaded.problems] == ["taxType"]
    assert_same(AccountingEntry, entry)


@pytest.mark.parametrize("form", list(FORMS))
@SOME
@given(data=st.data())
def test_drawn_valid_inputs_take_the_fast_path(form, data):
    scenario = data.draw(scenarios(form=form))
    assert_fast(operation(scenario.operation).model, scenario.input)


@pytest.mark.parametrize("code", ["FLD002", "FLD003", "FLD004", "FLD005", "FLD006", "FLD007"])
@examples(10)  # run once per breakable code, each example a whole broken scenario loaded twice
@given(data=st.data())
def test_inputs_drawn_to_break_a_shape_rule_load_the_same_both_ways(code, data):
    scenario = data.draw(breaking(code))
    assert_same(operation(scenario.operation).model, scenario.input)


@SOME
@given(st.data(), st.sampled_from(MODELS), st.sampled_from(["create", "read"]))
def test_mutated_model_shaped_values_load_the_same_both_ways(data, cls, mode):
    c = DrawChooser(data)
    value = mutate(shaped_value(cls, c), c) if c.chance(2) else shaped_value(cls, c)
    # bounded=True is only for values proven within the number limits (the engine's FLD001 check).
    assume(isinstance(value, dict) and first_breach(value, DEFAULT_LIMITS) is None)
    assert_same(cls, value, mode)


@SOME
@given(st.data())
def test_mutated_valid_entries_load_the_same_both_ways(data):
    c = DrawChooser(data)
    value = mutate(seed001(), c)
    assume(isinstance(value, dict) and first_breach(value, DEFAULT_LIMITS) is None)
    assert_same(AccountingEntry, value)


def test_a_class_that_contains_itself_compiles_and_loads():
    # No API class is recursive today; the compiler still must not loop or use a half-built function.
    from typing import ClassVar

    import attrs

    from ledger.fields import Kind, api

    @attrs.frozen
    class Node:
        graphql_name: ClassVar[str] = "Node"
        name: str | None = api("name", Kind.STRING, required=True)
        child: object = api("child", Kind.OBJECT)

    object.__setattr__(attrs.fields(Node).child.metadata["api"], "model", Node)  # the self-reference
    value = {"name": "a", "child": {"name": "b", "child": {"name": "c"}}}
    model = fast_of(Loader(), Node, "create")(value)
    assert model == Node(name="a", child=Node(name="b", child=Node(name="c")))
    assert_same(Node, value)
    assert fast_of(Loader(), Node, "create")({"name": "a", "child": {"child": {}}}) is DOUBT
    assert_same(Node, {"name": "a", "child": {"child": {}}})
