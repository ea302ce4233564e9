"""Request documents validated as the GraphQL spec says, and the work per request bounded.

graphql-core's specified rules run on every query (once per query text and operationName), against the
generated schema where it applies (ledger.io.requests says which rules do not, and why); each error is
FLD001 with the rule's own message. A request selects at most ``max_root_fields`` root fields, and a
variable that several fields use is checked once.
"""

from __future__ import annotations

import pytest

from ledger.io.limits import Limits
from ledger.io.requests import Intake
from rules.engine import Engine

ID = "9b2f6d0e-1111-4c1c-8d5b-0f0e0d0c0b0a"
DELETE = {"id": ID}
DELETE_TYPE = "AccountingEntryDeleteGLDtoInput"


def _fld001(document: dict, engine: Engine | None = None) -> str:
    report = (engine or Engine()).check(document)
    assert report.codes() == ["FLD001"], report.codes()
    return report.violations[0].message


@pytest.mark.parametrize(
    ("query", "variables", "says"),
    [
        (  # declared but unused
            f"mutation ($v: {DELETE_TYPE}!, $unused: Int) {{ deleteAccountingEntry(input: $v) {{ id }} }}",
            {"v": DELETE},
            "Variable '$unused' is never used.",
        ),
        (  # used but undeclared
            "mutation { deleteAccountingEntry(input: $v) { id } }",
            {"v": DELETE},
            "Variable '$v' is not defined.",
        ),
        (  # a mutation field under `query`
            f'query {{ deleteAccountingEntry(input: {{id: "{ID}"}}) {{ id }} }}',
            None,
            "Cannot query field 'deleteAccountingEntry' on type 'Query'.",
        ),
        (  # duplicate arguments
            f'mutation {{ deleteAccountingEntry(input: {{id: "{ID}"}}, input: {{id: "{ID}"}}) {{ id }} }}',
            None,
            "There can be only one argument named 'input'.",
        ),
        (  # a fragment cycle
            f'mutation {{ deleteAccountingEntry(input: {{id: "{ID}"}}) {{ ...A }} }} '
            "fragment A on AccountingEntryGLDto { ...B } fragment B on AccountingEntryGLDto { ...A }",
            None,
            "Cannot spread fragment 'A' within itself via 'B'.",
        ),
    ],
    ids=[
        "unused-variable",
        "undeclared-variable",
        "mutation-under-query",
        "duplicate-argument",
        "fragment-cycle",
    ],
)
def test_invalid_graphql_documents_are_fld001_with_the_rules_message(query, variables, says) -> None:
    document = {"query": query} if variables is None else {"query": query, "variables": variables}
    message = _fld001(document)
    assert message.startswith("the query is not valid GraphQL: ") and says in message, message


def test_schema_free_validation_still_refuses_what_needs_no_schema() -> None:
    """An Intake built without a schema runs the rules that read the document alone."""
    body = {
        "query": "mutation ($v: X!, $w: X!) { deleteAccountingEntry(input: $v) { id } }",
        "variables": {"v": DELETE},
    }
    resolution = Intake().resolve(body)
    assert resolution.error is not None and "Variable '$w' is never used." in resolution.error
    # What needs the schema does not run without one: the mutation field under `query` resolves.
    query = {"query": f'query {{ deleteAccountingEntry(input: {{id: "{ID}"}}) {{ id }} }}'}
    assert Intake().resolve(query).error is None


def test_variable_type_names_are_not_judged_against_the_generated_schema() -> None:
    """Input type names are the generated schema's assumption (Luca publishes none): `$v: X!` passes."""
    report = Engine().check(
        {"query": "mutation ($v: X!) { deleteAccountingEntry(input: $v) { id } }", "variables": {"v": DELETE}}
    )
    assert report.valid, report.codes()


def test_a_variable_without_a_value_takes_its_declared_default() -> None:
    query = f'mutation ($v: {DELETE_TYPE} = {{id: "{ID}"}}) {{ deleteAccountingEntry(input: $v) {{ id }} }}'
    assert Engine().check({"query": query}).valid
    bad = query.replace(ID, "not-a-uuid")
    assert Engine().check({"query": bad}).codes() == ["FLD003"]
    # A value given in `variables` wins over the default.
    assert Engine().check({"query": bad, "variables": {"v": DELETE}}).valid


def test_root_fields_beyond_max_root_fields_are_one_fld001_naming_the_limit() -> None:
    fields = " ".join(f"a{i}: deleteAccountingEntry(input: $v) {{ id }}" for i in range(6))
    document = {"query": f"mutation ($v: {DELETE_TYPE}!) {{ {fields} }}", "variables": {"v": DELETE}}
    assert Engine(limits=Limits(max_root_fields=6)).check(document).valid
    report = Engine(limits=Limits(max_root_fields=5)).check(document)
    assert report.codes() == ["FLD001"]
    violation = report.violations[0]
    assert "more than 5 root fields" in violation.message and "(max_root_fields)" in violation.message
    assert violation.hint and "robustness" in violation.hint
    resolution = Intake(limits=Limits(max_root_fields=5)).resolve(document)
    assert resolution.breach is not None and resolution.breach.limit == "max_root_fields"


def test_a_variable_used_by_many_root_fields_is_checked_once(monkeypatch) -> None:
    """1,000 aliases of one variable: one load, findings repeated under each alias's path."""
    engine = Engine()
    loads = []
    original = engine._loader.load

    def counting(model, value, **kwargs):
        loads.append(value)
        return original(model, value, **kwargs)

    monkeypatch.setattr(engine._loader, "load", counting)
    fields = " ".join(f"a{i}: deleteAccountingEntry(input: $v) {{ id }}" for i in range(1000))
    report = engine.check(
        {"query": f"mutation ($v: {DELETE_TYPE}!) {{ {fields} }}", "variables": {"v": {"id": "nope"}}}
    )
    assert len(loads) == 1
    assert [(v.code, v.path) for v in report.violations] == [("FLD003", f"a{i}.id") for i in range(1000)]
