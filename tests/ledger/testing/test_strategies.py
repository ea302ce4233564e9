"""The public Hypothesis strategies (ledger.testing): argument checking, and the shape of what they draw.

Whether what they draw is VALID (or breaks exactly its rule) under the rule engine is
tests/rules/test_properties.py's business; here: arguments are refused when a strategy is BUILT,
amounts are exact, contexts and inputs load without a single shape problem.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ledger.context import LIST_KEYS
from ledger.enums import ExerciseStatus, JournalType
from ledger.io.context_file import context_from_dict, load_context
from ledger.io.jsontext import dumps, loads
from ledger.io.loading import Loader
from ledger.money import minor_unit_digits
from ledger.operations import operation
from ledger.reference import Organization
from ledger.testing import (
    BREAKABLE_CODES,
    FORMS,
    KINDS,
    UNAVOIDABLE,
    amounts,
    breaking,
    contexts,
    entries,
    scenarios,
    uuids_as_str,
)
from tests.helpers.budgets import examples

# Each example draws a whole organisation (or an input for one) and loads it: fewer than the profile's.
SETTINGS = examples(25)


# -- argument errors are raised when the strategy is built (no draw needed) -------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: amounts(currency="XXZ"),
        lambda: amounts(currency=978),
        lambda: amounts(min_value=1.5),
        lambda: amounts(max_value=True),
        lambda: amounts(min_value="0.001"),  # not a whole number of EUR cents
        lambda: amounts(currency="JPY", min_value="0.5"),
        lambda: amounts(min_value=5, max_value=1),
        lambda: amounts(min_value="NaN"),
        lambda: contexts(legislation="FRA"),
        lambda: contexts(legislation=None),
        lambda: contexts(currency="EURO"),
        lambda: contexts(year="2025"),
        lambda: contexts(year=1066),
        lambda: scenarios(kind="sales"),
        lambda: scenarios(kind=["general", "nope"]),
        lambda: scenarios(form="short"),
        lambda: scenarios(kind="sales-invoice-posting", form="ids"),
        lambda: scenarios(currency="XXZ"),
        lambda: entries(context="context.json"),
        lambda: entries(context={"journalTypes": 3}),  # not a valid context
        lambda: entries(context={}, kind="sales-invoice"),  # nothing to draw from
        lambda: entries(context={}),
        lambda: breaking("XYZ001"),
        lambda: breaking(None),
        lambda: breaking("TAX001", form="ids"),  # tax registers exist only in the full form
        lambda: breaking("BAL001", form="long"),
    ],
)
def test_bad_arguments_fail_when_the_strategy_is_built(build):
    with pytest.raises(InvalidArgument):
        build()


def test_a_context_missing_what_a_kind_needs_is_explained():
    ctx = {"journalTypes": [{"id": str(uuid.uuid4()), "code": "OD", "type": "GENERAL", "deactivated": False}]}
    with pytest.raises(InvalidArgument, match="fiscal year"):
        entries(context=ctx, kind="general")


def test_breakable_codes_and_unavoidable_table_agree():
    assert set(UNAVOIDABLE) == set(BREAKABLE_CODES)
    for code, also in UNAVOIDABLE.items():
        assert code not in also
        assert all(other in BREAKABLE_CODES for other in also)
    assert {"FLD001", "BAL007", "REG004", "TPY006", "INV007", "TAX007", "REF009"} <= set(BREAKABLE_CODES)
    assert breaking("bal001") is not None  # codes are case-insensitive


# -- amounts and ids ----------------------------------------------------------------------------------


@pytest.mark.parametrize("currency", ["EUR", "JPY", "BHD", "NOK"])
@SETTINGS
@given(data=st.data())
def test_amounts_are_exact_in_the_currency(currency, data):
    amount = data.draw(amounts(currency=currency, min_value=1, max_value="250000"))
    digits = minor_unit_digits(currency)
    assert isinstance(amount, Decimal)
    assert amount.as_tuple().exponent == -digits
    assert Decimal(1) <= amount <= Decimal(250000)


def test_amounts_shrink_to_the_smallest_positive_amount():
    from hypothesis import find

    assert find(amounts(), lambda a: True) == Decimal("0.01")
    assert find(amounts(currency="JPY"), lambda a: True) == Decimal(1)


@SETTINGS
@given(uuids_as_str())
def test_uuids_as_str(value):
    assert str(uuid.UUID(value)) == value


# -- contexts -----------------------------------------------------------------------------------------


def _load_without_problems(cls, value, path):
    loaded = Loader().load(cls, value, mode="read", path=path)
    assert loaded.problems == (), loaded.problems


@pytest.mark.parametrize("legislation,currency", [("FR", "EUR"), ("DE", "EUR"), ("ES", "JPY")])
@SETTINGS
@given(data=st.data())
def test_contexts_load_cleanly(legislation, currency, data):
    ctx_dict = data.draw(contexts(legislation=legislation, currency=currency))
    # JSON-ready: written with the library's exact JSON writer and read back as a context file.
    ctx = load_context(dumps(ctx_dict))
    assert ctx == context_from_dict(ctx_dict)
    # Not one shape problem, not even an unknown field (which context_from_dict tolerates).
    _load_without_problems(Organization, ctx_dict["organization"], "organization")
    for key, cls in LIST_KEYS.items():
        for i, record in enumerate(ctx_dict.get(key, ())):
            _load_without_problems(cls, record, f"{key}[{i}]")
    assert ctx.legislation_code == legislation and ctx.currency == currency
    active = {j.type for j in ctx.journals if not j.deactivated}
    assert active >= {
        JournalType.SALES_INVOICE,
        JournalType.PURCHASE_INVOICE,
        JournalType.GENERAL,
        JournalType.FINANCIAL,
        JournalType.CARRY_FORWARD,
    }
    assert [e.status for e in ctx.exercises].count(ExerciseStatus.OPEN) == 1
    ids = [r["id"] for key in LIST_KEYS for r in ctx_dict.get(key, ()) if "id" in r]
    assert len(ids) == len(set(ids)), "ids are unique"
    codes = [r["code"] for key in ("customers", "suppliers", "employees") for r in ctx_dict[key]]
    assert len(codes) == len(set(codes)) and all(len(c) <= 17 for c in codes)
    assert len(ctx.suppliers) >= 2 and ctx.customers and ctx.employees
    setup = ctx.organization.accounting_setup
    for account_id in (
        setup.default_sale_products_account_id,
        setup.intracommunity_account_id,
        setup.foreign_account_id,
    ):
        assert ctx.account(account_id) is not None
    assert ctx.has("sessions") and bool(ctx.sessions) == (legislation == "DE")


@examples(5)  # a whole organisation per example; only the year of its open exercise is looked at
@given(contexts(year=2027))
def test_contexts_year_option(ctx):
    open_year = [e for e in ctx["accountingExercises"] if e["status"] == "OPEN"][0]
    assert open_year["startDate"].startswith("2027-")


# -- drawn inputs load without shape problems ---------------------------------------------------------


@SETTINGS
@given(scenarios(kind=KINDS))
def test_valid_inputs_load_without_problems(scenario):
    op = operation(scenario.operation)
    loaded = Loader().load(op.model, scenario.input, mode="create")
    assert loaded.problems == ()
    assert scenario.operation in set(FORMS.values()) | {"postSalesInvoice"}
    # JSON-ready: exact JSON text (no float anywhere), read back unchanged.
    assert loads(dumps(scenario.input)) == scenario.input
    assert json.loads(dumps(scenario.input), parse_float=Decimal) == scenario.input


@SETTINGS
@given(data=st.data())
def test_entries_for_a_given_context(data):
    ctx = data.draw(contexts())
    values = data.draw(entries(context=ctx, kind="general", form="codes"))
    codes = {a["code"] for a in ctx["accountingAccounts"]}
    assert all(line["subAccountCode"] in codes for line in values["accountingEntryLines"])
    open_year = [e for e in ctx["accountingExercises"] if e["status"] == "OPEN"][0]
    assert open_year["startDate"] <= values["date"] <= open_year["endDate"]
    assert date.fromisoformat(values["date"])


@pytest.mark.parametrize("code", ["FLD001", "BAL001", "REG003", "TAX002", "REF009"])
@examples(5)  # run once per code above, each example a whole broken scenario
@given(data=st.data())
def test_breaking_draws_scenarios(code, data):
    scenario = data.draw(breaking(code))
    context, values, op = scenario
    assert isinstance(context, dict) and isinstance(values, dict)
    assert op in set(FORMS.values()) | {"postSalesInvoice"}
    if code == "FLD001":
        assert "query" in values


# -- the Hypothesis entry point ------------------------------------------------------------------------


def test_the_distribution_declares_the_setup_hook_as_a_hypothesis_entry_point():
    # The hook only runs for users if the installed metadata names it (pyproject.toml).
    import importlib.metadata

    hooks = {e.value for e in importlib.metadata.entry_points(group="hypothesis")}
    assert "ledger.testing.plugin:_hypothesis_setup_hook" in hooks


@pytest.mark.slow  # a fresh interpreter per program
@pytest.mark.parametrize(
    "program",
    [
        # A user's test module that imports the strategies first: Hypothesis is then imported by them, and
        # loads its entry points meanwhile. With the hook inside the strategies module this failed
        # (AttributeError: partially initialized module) -- found while reviewing issue 7's work.
        "import ledger.testing\nassert 'hypothesis' not in __import__('sys').modules  # costs nothing",
        "from ledger.testing import entries, scenarios; import hypothesis",
        # A strategy module first, then the plugin alone (the package must not import Hypothesis for it).
        "import ledger.testing.breakers",
        "import ledger.testing.plugin\nassert 'hypothesis' not in __import__('sys').modules",
        # Hypothesis first, then from_type through the entry point alone (no strategy module imported).
        "from hypothesis import strategies as st\n"
        "from ledger.entries import AccountingEntry, DeleteAccountingEntry\n"
        "assert isinstance(st.from_type(AccountingEntry).example(), AccountingEntry)\n"
        "assert st.from_type(DeleteAccountingEntry).example().id",
    ],
)
def test_the_package_imports_in_any_order_in_a_fresh_interpreter(program):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]


def test_setup_hook_registers_the_model_classes():
    from ledger.entries import AccountingEntry
    from ledger.inputs import EntryUsingCodes
    from ledger.testing.plugin import _hypothesis_setup_hook

    _hypothesis_setup_hook()

    @examples(5)  # the hook registered the classes: a handful of draws shows it
    @given(st.from_type(AccountingEntry), st.from_type(EntryUsingCodes))
    def check(entry, simplified):
        assert isinstance(entry, AccountingEntry) and entry.entry_type_is_general
        assert len(entry.lines) >= 2 and all(l.register_type is not None for l in entry.lines)
        assert isinstance(simplified, EntryUsingCodes) and simplified.journal_type_code

    check()
