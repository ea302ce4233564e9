"""The loader: exact decimals, shape problems with paths, lossless dump."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger import AccountingEntry, EntryMatchInput, Fault, Loader, dump, load
from ledger.io.jsontext import DuplicateKeyDict, dumps, loads
from tests.helpers.seed import seed001


def test_numbers_are_decimals_from_their_text():
    value = loads('{"a": 0.1, "b": 1E2, "c": 12345678901234567890123456789, "d": 0.30000000000000004}')
    assert value == {
        "a": Decimal("0.1"),
        "b": Decimal("1E2"),
        "c": Decimal("12345678901234567890123456789"),
        "d": Decimal("0.30000000000000004"),
    }
    assert all(isinstance(v, Decimal) for v in value.values())
    assert loads("0.1") + loads("0.2") == Decimal("0.3")


def test_huge_integers_do_not_hit_the_int_string_limit():
    assert loads("1" * 5000) == Decimal("1" * 5000)


def test_duplicate_keys_are_remembered_and_reported():
    value = loads('{"date": "2024-01-01", "date": "2024-02-01"}')
    assert isinstance(value, DuplicateKeyDict) and value.duplicate_keys == ("date",)
    problems = load(AccountingEntry, value).problems
    assert any(
        p.fault is Fault.INVALID and p.path == "date" and "more than once" in p.message for p in problems
    )


def test_round_trip_of_the_seed_example():
    loaded = load(AccountingEntry, seed001())
    assert loaded.problems == ()
    again = load(AccountingEntry, loads(dumps(dump(loaded.model))))
    assert again.problems == () and again.model == loaded.model


def test_invalid_values_are_held_as_none_not_raised():
    doc = seed001()
    doc["accountingEntryLines"][0]["debitAmount"] = "oops"
    loaded = Loader().load(AccountingEntry, doc)
    assert loaded.model.lines[0].debit_amount is None
    assert [p.path for p in loaded.problems] == ["accountingEntryLines[0].debitAmount"]


def test_read_mode_accepts_read_only_fields_and_does_not_require():
    doc = {"id": "9b2f6d0e-1111-4c1c-8d5b-0f0e0d0c0b0a", "number": 785, "isClosed": False}
    assert load(AccountingEntry, doc, mode="read").problems == ()
    faults = {p.fault for p in load(AccountingEntry, doc).problems}
    assert faults == {Fault.READ_ONLY, Fault.MISSING}


def test_absent_and_empty_lists_differ():
    assert load(AccountingEntry, {}).model.accounting_entry_lines is None
    assert load(AccountingEntry, {"accountingEntryLines": []}).model.accounting_entry_lines == ()


def test_luca_ids_are_opaque_and_cents_are_integers():
    loaded = load(EntryMatchInput, {"postingLines": [{"id": "JeCRVx"}], "accountId": "24HJA4y"})
    assert loaded.problems == () and loaded.model.posting_lines[0].id == "JeCRVx"


def test_dumps_refuses_floats():
    with pytest.raises(TypeError):
        dumps({"amount": 1.5})


def test_a_uuid_with_a_final_newline_is_not_a_uuid():
    # The pattern used to be matched with ^…$, and "$" also matches before a final newline.
    doc = seed001()
    doc["journalTypeId"] = doc["journalTypeId"] + "\n"
    problems = load(AccountingEntry, doc).problems
    assert [(p.fault, p.path) for p in problems] == [(Fault.INVALID, "journalTypeId")]


def test_floats_from_json_load_are_read_as_the_decimals_they_print():
    """Issue 13 item 3: ``check(json.load(f))`` reads 1824.67 as 1824.67, and a real fault shows."""
    import json

    from rules import check
    from tests.helpers.entries import entry, line

    text = dumps(entry("VTE", [line("41100000", debit="1824.67"), line("70600000", credit="1824.66")]))
    floats, exact = json.loads(text), json.loads(text, parse_float=Decimal)
    assert isinstance(floats["accountingEntryLines"][0]["debitAmount"], float)
    assert check(floats, operation="createAccountingEntry").codes() == ["BAL001"]
    assert check(floats, operation="createAccountingEntry") == check(exact, operation="createAccountingEntry")
    assert dump(load(AccountingEntry, floats).model)["accountingEntryLines"][0]["debitAmount"] == Decimal(
        "1824.67"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1824.67, Decimal("1824.67")),
        (0.1, Decimal("0.1")),
        (100.0, Decimal("100.0")),
        (123456789012.345, Decimal("123456789012.345")),  # 15 significant digits: still exact
        (1e22, Decimal("1E+22")),
    ],
)
def test_float_with_at_most_15_significant_digits_is_its_repr(value, expected):
    from ledger.io.jsontext import float_as_decimal

    number = float_as_decimal(value)
    assert number == expected and str(number) == str(expected)


@pytest.mark.parametrize("value", [0.1 + 0.2, 1234567890123.4567, float("nan"), float("inf"), float("-inf")])
def test_float_beyond_15_significant_digits_is_fld003_naming_parse_float(value):
    from ledger.io.jsontext import float_as_decimal

    assert float_as_decimal(value) is None
    problems = load(AccountingEntry, seed001() | _first_debit(value)).problems
    (problem,) = [p for p in problems if p.path == "accountingEntryLines[0].debitAmount"]
    assert problem.fault is Fault.INVALID
    assert "binary float" in problem.message
    assert problem.hint is not None and "json.load(f, parse_float=Decimal)" in problem.hint


def _first_debit(value: float) -> dict:
    lines = [dict(line) for line in seed001()["accountingEntryLines"]]
    lines[0]["debitAmount"] = value
    return {"accountingEntryLines": lines}
