"""Properties of the entry rules, driven by the public strategies (ledger.testing).

(a) No false positives: every valid input drawn — each kind, each form, several legislations and
    currencies, and inputs drawn from the bundled example context — passes every rule: no error, no
    warning (info notes, such as INV008's "lines merged", are not faults).
(b) Each rule fires: for every code of FLD, BAL, REG, TPY, INV, TAX, REF, the input drawn to break it
    reports that code, and any other fault reported is one UNAVOIDABLE[code] declares.
(c) The model round trip: load -> dump -> load gives the same model, and dump gives the input back.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.io.context_file import context_from_dict
from ledger.io.jsontext import loads
from ledger.io.loading import dump, load
from ledger.operations import operation
from ledger.testing import (
    BREAKABLE_CODES,
    ENTRY_KINDS,
    FORMS,
    UNAVOIDABLE,
    breaking,
    entries,
    scenarios,
)
from rules.engine import Engine
from rules.families import default_registry
from rules.violation import Severity
from tests.helpers import EXAMPLES
from tests.helpers.budgets import examples

FAMILIES = ("FLD", "BAL", "REG", "TPY", "INV", "TAX", "REF")
# Each example draws an organisation and runs every rule on an input valid for it: a few examples each.
FEW = examples(6)


def _faults(scenario):
    """The report, and its violations that are faults (errors and warnings, not info notes)."""
    report = Engine(context=context_from_dict(scenario.context)).check(
        scenario.input, operation=scenario.operation
    )
    return report, [v for v in report.violations if v.severity is not Severity.INFO]


def _describe(violations) -> str:
    return "; ".join(f"{v.code} {v.path}: {v.message}" for v in violations)


# -- (a) valid inputs are valid ------------------------------------------------------------------------


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("kind", ENTRY_KINDS)
@FEW
@given(data=st.data())
def test_valid_entries_have_no_fault(kind, form, data):
    scenario = data.draw(scenarios(kind=kind, form=form))
    assert scenario.operation == FORMS[form]
    report, faults = _faults(scenario)
    assert faults == [], _describe(faults)
    assert not report.skipped_rules or not any(c[:3] in FAMILIES for c in report.skipped_rules), (
        "the drawn context gives every key the entry rules need",
        report.skipped_rules,
    )


@FEW
@given(scenarios(kind="sales-invoice-posting"))
def test_valid_sales_invoice_postings_have_no_fault(scenario):
    assert scenario.operation == "postSalesInvoice"
    report, faults = _faults(scenario)
    assert faults == [], _describe(faults)


@pytest.mark.parametrize("legislation,currency", [("DE", "EUR"), ("ES", "JPY"), ("FR", "BHD"), ("PT", "EUR")])
@FEW
@given(data=st.data())
def test_valid_entries_in_other_legislations_and_currencies(legislation, currency, data):
    scenario = data.draw(scenarios(legislation=legislation, currency=currency))
    report, faults = _faults(scenario)
    assert faults == [], _describe(faults)


EXAMPLE_CONTEXT = loads((EXAMPLES / "context.json").read_text(encoding="utf-8"))  # exact decimals


@pytest.mark.parametrize("form", list(FORMS))
@examples(8)  # as FEW: a user's own context and entries drawn for it
@given(data=st.data())
def test_entries_drawn_from_a_users_own_context_are_valid(form, data):
    # The bundled example is a hand-written context (closed 2024, a deactivated journal, products…),
    # not one of ours: entries() must read it the way it reads a drawn one.
    values = data.draw(entries(context=EXAMPLE_CONTEXT, form=form))
    report = Engine(context=context_from_dict(EXAMPLE_CONTEXT)).check(values, operation=FORMS[form])
    faults = [v for v in report.violations if v.severity is not Severity.INFO]
    assert faults == [], _describe(faults)


# -- (b) each rule fires on the input drawn to break it ------------------------------------------------


def test_every_code_of_the_entry_families_can_be_broken():
    registered = {r.code for r in default_registry() if r.code[:3] in FAMILIES}
    assert registered - set(BREAKABLE_CODES) == set(), "breaking() lacks a mutation for these codes"


@pytest.mark.parametrize("code", BREAKABLE_CODES)
@examples(5)  # run once per breakable code, each example a whole broken scenario
@given(data=st.data())
def test_broken_input_reports_exactly_its_code(code, data):
    scenario = data.draw(breaking(code))
    report, faults = _faults(scenario)
    assert code in report.codes(), f"{code} not reported; got {_describe(report.violations)}"
    others = {v.code for v in faults} - {code} - UNAVOIDABLE[code]
    assert not others, f"breaking {code} also reported {sorted(others)}: {_describe(faults)}"


#: What a message must not read like: a Python spelling of a value, or "a" before a vowel.
PYTHON_SPELLING = re.compile(r"Decimal\(|<class |\bNone\b|\bTrue\b|\bFalse\b")
WRONG_ARTICLE = re.compile(r"\ba [aeiouAEIOU]")


@pytest.mark.parametrize("code", BREAKABLE_CODES)
@examples(2)  # two broken scenarios per code: every message of every entry rule is read
@given(data=st.data())
def test_messages_never_show_python_spellings_or_a_before_a_vowel(code, data):
    report, _ = _faults(data.draw(breaking(code)))
    for v in report.violations:
        for text in (v.message, v.hint or ""):
            assert not PYTHON_SPELLING.search(text), f"{v.code}: {text}"
            assert not WRONG_ARTICLE.search(text), f"{v.code}: {text}"


# -- (c) load -> dump -> load --------------------------------------------------------------------------


@examples(30)  # a scenario drawn, loaded, dumped and loaded again
@given(scenarios(kind=ENTRY_KINDS + ("sales-invoice-posting",)))
def test_load_dump_load_round_trip(scenario):
    model_class = operation(scenario.operation).model
    first = load(model_class, scenario.input)
    assert first.problems == ()
    dumped = dump(first.model)
    assert dumped == scenario.input  # nothing lost, nothing added
    second = load(model_class, dumped)
    assert second.problems == () and second.model == first.model
