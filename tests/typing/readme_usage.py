"""The README's library section, as a user's code would write it: type-checked with ``mypy --strict``
by tests/test_tooling.py (pytest does not collect this file; nothing here runs).

What it proves: every name the README imports is explicitly exported (``__all__``), and the calls it
shows type-check against the signatures the packages ship (``py.typed``). When the README's library
section changes, change this file with it.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ledger import AccountingEntry, load_context
from rules import Engine, Report, Violation, check, check_many


def readme_library_section(body: dict[str, Any], entry_input: dict[str, Any], documents: list[Any]) -> None:
    report = check(body)  # one GraphQL request body (dict, str or bytes)
    valid: bool = report.valid
    for v in report.violations:  # frozen Violation(code, name, severity, path, message, hint, figures)
        shown: Violation = v
        print(shown.code, shown.name, shown.severity, shown.path, shown.message, shown.hint, shown.figures)
    as_json: dict[str, Any] = report.to_dict()  # the JSON report element for this document

    context = load_context(open("context.json", "rb").read())
    engine = Engine(
        context=context,
        select=["BAL", "REG"],
        ignore=["BAL003"],
        severity={"TAX002": "error"},
    )
    checked: Report = engine.check(entry_input, operation="createAccountingEntry")
    for report in check_many(documents, context, jobs=2):  # in input order, on 2 processes
        print(report.valid)
    print(valid, as_json, checked.valid)


def readme_property_testing() -> st.SearchStrategy[AccountingEntry]:
    # "with Hypothesis installed, st.from_type(AccountingEntry) works out of the box"
    return st.from_type(AccountingEntry)
