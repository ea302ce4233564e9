"""GraphQL literals typed as the field descriptions (and so the generated schema) type them.

An enum value inside a literal is written bare (``entryType: GENERAL``), a string is quoted; a variable's
JSON has only strings. The loader reads both forms with one notion of each field's type, the one the
schema is generated from, so the literal form and the variables form of a valid request give the same
report, and every literal document the tool calls valid is valid for graphql-core against that schema.
"""

from __future__ import annotations

from graphql import parse, validate
from hypothesis import given

from codegen.schema import build_schema
from ledger.io.context_file import context_from_dict
from ledger.operations import BY_NAME
from ledger.testing import KINDS, scenarios
from rules.engine import Engine
from tests.helpers.graphql_literals import as_literal_request, as_variables_request

JOURNAL = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
ACCOUNT = "9b2f6d0e-1111-4c1c-8d5b-0f0e0d0c0b0a"


def test_enum_typed_text_fields_take_bare_enum_literals() -> None:
    """entryType and regimeType are enums for the API: written bare they are neither FLD003 nor FLD008."""
    document = {
        "query": "mutation { createAccountingEntry(input: {"
        f'date: "2025-01-01", journalTypeId: "{JOURNAL}", entryType: GENERAL, accountingEntryLines: []'
        "}) { id } }"
    }
    codes = [v.code for v in Engine().check(document).violations]
    assert "FLD003" not in codes and "FLD008" not in codes
    quoted = Engine().check({"query": document["query"].replace("GENERAL", '"GENERAL"')})
    assert [(v.code, v.path) for v in quoted.violations if v.code in ("FLD003", "FLD008")] == [
        ("FLD003", "entryType")
    ]
    other = Engine().check({"query": document["query"].replace("GENERAL", "OPENING")})
    assert [v.code for v in other.violations if v.code in ("FLD003", "FLD008")] == ["FLD008"]


def test_quoted_enum_in_a_literal_is_one_fld003() -> None:
    """A server refuses a string where an enum is expected: `registerType: "UNDEFINED"` is FLD003, once,
    and names the bare spelling; the same string in `variables` is right (JSON has no enums)."""
    query = (
        "mutation { createAccountingEntry(input: {"
        f'date: "2025-01-01", journalTypeId: "{JOURNAL}", entryType: GENERAL, accountingEntryLines: '
        f'[{{accountId: "{ACCOUNT}", debitAmount: 1, creditAmount: 0, registerType: "UNDEFINED"}}]'
        "}) { id } }"
    )
    report = Engine().check({"query": query})
    faults = [v for v in report.violations if v.code in ("FLD003", "FLD004")]
    assert [(v.code, v.path) for v in faults] == [("FLD003", "accountingEntryLines[0].registerType")]
    assert "registerType: UNDEFINED" in (faults[0].hint or "")
    bare = Engine().check({"query": query.replace('"UNDEFINED"', "UNDEFINED")})
    assert not [v for v in bare.violations if v.path.endswith("registerType")]


def test_the_schema_types_enum_text_fields_as_enums() -> None:
    """One description: the generated schema's types of entryType and regimeType are the enums the
    loader accepts bare."""
    schema = build_schema()
    entry = schema.get_type("AccountingEntryCreateGLDtoInput")
    assert str(entry.fields["entryType"].type) == "EntryType"  # type: ignore[union-attr]


@given(scenarios(kind=KINDS, form="full"))
def test_literal_and_variables_forms_give_identical_reports(scenario) -> None:
    """For drawn valid inputs, the request written as an inline literal reports exactly what the same
    request with its input in `variables` reports; and graphql-core finds the literal document valid
    against the generated schema."""
    context, values, operation = scenario
    op = BY_NAME[operation]
    engine = Engine(context=context_from_dict(context))
    by_variables = engine.check(as_variables_request(op, values))
    literal_request = as_literal_request(op, values)
    by_literal = engine.check(literal_request)
    assert by_literal.valid and by_variables.valid
    assert [v.to_dict() for v in by_literal.violations] == [v.to_dict() for v in by_variables.violations]
    assert by_literal.skipped_rules == by_variables.skipped_rules
    assert validate(build_schema(), parse(literal_request["query"])) == []
