"""The expansion reports problems as data; ``rules`` gives them codes (``rules.families._shared``).

``ledger.books.expansion`` belongs to the model of the books and must not reach up into ``rules``: a
fresh interpreter that imports it has no ``rules`` module loaded. Each kind of problem has exactly one
code, reported at the user's path, and the unknown-journal / unknown-account wording is the same on a
simplified input (from the expansion) and on a full entry (from REF001 / REF003).
"""

from __future__ import annotations

import inspect
import subprocess
import sys
import uuid
from decimal import Decimal

import pytest

import rules.families.reg as reg
from ledger.books.expansion import (
    ExpansionProblem,
    ProblemKind,
    account_not_found,
    journal_not_found,
)
from ledger.io.context_file import context_from_dict
from rules.engine import EXPANSION_CODES, Engine
from rules.families import default_registry
from rules.registry import rules_in
from rules.violation import as_finding
from tests.helpers import ROOT

BOOKS = sorted(p.stem for p in (ROOT / "ledger" / "books").glob("*.py") if p.stem != "__init__")

_PROGRAM = """
import importlib, sys
importlib.import_module(sys.argv[1])
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in ("rules", "codegen"))))
"""


@pytest.mark.parametrize("module", [f"ledger.books.{m}" for m in BOOKS])
def test_the_books_import_nothing_from_rules_or_codegen(module):
    assert "expansion" in BOOKS
    result = subprocess.run(
        [sys.executable, "-c", _PROGRAM, module], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == ""


def test_every_kind_has_one_registered_code():
    assert set(EXPANSION_CODES) == set(ProblemKind)
    registry = default_registry()
    assert all(code in registry for code in EXPANSION_CODES.values())
    assert len(set(EXPANSION_CODES.values())) == len(ProblemKind)


def test_as_finding_keeps_the_problem_and_prefixes_its_path():
    problem = ExpansionProblem(
        ProblemKind.LINES_MERGED, "accountingEntryLines[2]", "m", "h", (("lines", "2, 3"),)
    )
    found = as_finding(problem, "entries[4].")
    assert (found.path, found.message, found.hint, found.figures) == (
        "entries[4].accountingEntryLines[2]",
        "m",
        "h",
        (("lines", "2, 3"),),
    )


def test_reg_holds_only_the_reg_rules():
    rule_functions = {spec.check.__name__ for spec in rules_in(reg)}
    own = {
        name
        for name, value in vars(reg).items()
        if inspect.isfunction(value) and value.__module__ == reg.__name__
    }
    assert own == rule_functions
    assert {spec.code[:3] for spec in rules_in(reg)} == {"REG"}


# -- one wording for an unknown journal or account, on simplified and full inputs ------------------------


def uid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ledger-rules-expansion-problems/{name}"))


CONTEXT = context_from_dict(
    {
        "journalTypes": [
            {"id": uid("j/OD"), "code": "OD", "name": "OD", "type": "GENERAL", "deactivated": False}
        ],
        "accountingAccounts": [
            {
                "id": uid(f"a/{code}"),
                "code": code,
                "name": code,
                "accountLevel": "SUB_ACCOUNT",
                "subAccountType": nature,
                "deactivated": False,
            }
            for code, nature in (("512000", "BANK"), ("706000", "REVENUE"))
        ],
    }
)


def lines(first_account: dict) -> list[dict]:
    return [
        {**first_account, "debitAmount": Decimal(10), "creditAmount": Decimal(0)},
        {"subAccountCode": "706000", "debitAmount": Decimal(0), "creditAmount": Decimal(10)},
    ]


def violations(document: dict, operation: str, select: str):
    return Engine(context=CONTEXT, select=select).check(document, operation=operation).violations


@pytest.mark.parametrize(
    "operation, header, first, path, expected",
    [
        (
            "createAccountingEntryUsingCodes",
            {"journalTypeCode": "VT"},
            {"subAccountCode": "512000"},
            "journalTypeCode",
            journal_not_found("journalTypeCode", "VT", by_code=True),
        ),
        (
            "createAccountingEntryUsingCodes",
            {"journalTypeCode": "OD"},
            {"subAccountCode": "4110"},
            "accountingEntryLines[0].subAccountCode",
            account_not_found("accountingEntryLines[0].subAccountCode", "4110", by_code=True),
        ),
    ],
)
def test_simplified_inputs_report_the_expansions_problem_under_its_code(
    operation, header, first, path, expected
):
    document = {"date": "2025-03-01", **header, "accountingEntryLines": lines(first)}
    (violation,) = violations(document, operation, "REF001,REF003")
    assert violation.code == EXPANSION_CODES[expected.kind]
    assert (violation.path, violation.message, violation.hint) == (path, expected.message, expected.hint)


def test_ref001_and_ref003_on_a_full_entry_use_the_same_words_as_the_expansion():
    journal, account = uid("j/none"), uid("a/none")
    document = {
        "date": "2025-03-01",
        "entryType": "GENERAL",
        "journalTypeId": journal,
        "accountingEntryLines": [
            {"subAccountId": account, "debitAmount": Decimal(10), "creditAmount": Decimal(0)},
            {"subAccountId": uid("a/706000"), "debitAmount": Decimal(0), "creditAmount": Decimal(10)},
        ],
    }
    found = {v.code: v for v in violations(document, "createAccountingEntry", "REF001,REF003")}
    expected = {
        "REF001": journal_not_found("journalTypeId", journal, by_code=False),
        "REF003": account_not_found("accountingEntryLines[0].subAccountId", account, by_code=False),
    }
    assert {c: (v.path, v.message, v.hint) for c, v in found.items()} == {
        c: (p.path, p.message, p.hint) for c, p in expected.items()
    }
    assert expected["REF001"].message == f"journal {journal} is not among the organisation's journals"
    assert expected["REF003"].hint == "use the id of an existing sub-account (query accountingAccounts)"
