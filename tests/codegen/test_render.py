"""codegen.render and `ledger-rules render`: inputs travel in variables, exactly, and check the same.

The Hypothesis strategies here are derived from the model's own field metadata (``api_fields``), so
they cover every field of every operation input; they are deliberately simple (the shared
``ledger.testing`` module, for users, is written separately).
"""

from __future__ import annotations

import string
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codegen import render
from codegen.documents import document_text
from ledger.fields import Kind, api_fields
from ledger.inputs import EntryUsingCodes, LineUsingCodes
from ledger.io.jsontext import dumps, loads
from ledger.io.loading import Loader
from ledger.luca import EntryMatchDestroy
from ledger.operations import OPERATIONS
from rules.cli import main
from rules.engine import Engine
from tests.helpers import EXAMPLES
from tests.helpers.budgets import examples

# Everything that breaks hand-built GraphQL: quotes, backslashes, newlines, braces, `#`, `$`, and
# non-ASCII text (accents, CJK, emoji, a right-to-left mark).
HOSTILE = '"\\\n\r\t{}[]()#$:,!@ éàœ€日本語🙂\u200f' + "'"
hostile_text = st.text(
    alphabet=st.sampled_from(HOSTILE) | st.characters(blacklist_categories=("Cs",)), max_size=40
)

_IDS = st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=10)
_DECIMALS = st.integers(-(10**13), 10**13).map(lambda cents: Decimal(cents) / 100)


def _leaf(field):
    kind = field.kind
    if kind is Kind.DECIMAL:
        return _DECIMALS
    if kind is Kind.INT:
        return st.integers(-(10**9), 10**9)
    if kind is Kind.STRING:
        return hostile_text
    if kind is Kind.DATE:
        return st.dates()
    if kind is Kind.UUID:
        return st.uuids().map(str)
    if kind is Kind.ID:
        return _IDS
    if kind is Kind.BOOL:
        return st.booleans()
    if kind is Kind.ENUM:
        return st.sampled_from(list(field.enum))
    if kind is Kind.ID_LIST:
        return st.lists(_IDS, max_size=3).map(tuple)
    raise AssertionError(kind)


def models(cls, *, depth: int = 0):
    """Create-mode instances of a model class: each writable field absent (None) or a valid value."""
    fields = {}
    for attr, field in api_fields(cls):
        if field.read_only:
            continue
        if field.kind is Kind.OBJECT:
            value = models(field.model, depth=depth + 1)
        elif field.kind is Kind.LIST:
            value = st.lists(models(field.model, depth=depth + 1), max_size=3 if depth == 0 else 2).map(tuple)
        else:
            value = _leaf(field)
        fields[attr] = st.none() | value
    return st.builds(cls, **fields)


OBJECT_OPERATIONS = [op for op in OPERATIONS if not op.scalar_argument]


@st.composite
def operations_and_models(draw):
    op = draw(st.sampled_from(OBJECT_OPERATIONS))
    return op, draw(models(op.model))


@examples(100)  # one model rendered and loaded back: cheap, and hostile strings need many draws
@given(operations_and_models())
def test_any_model_renders_to_variables_that_load_back_equal(case):
    op, model = case
    query, variables = render(op.name, model)
    assert query == document_text(op.name)  # the document never depends on the input
    assert list(variables) == [op.argument]
    wire = loads(dumps({"query": query, "variables": variables}))  # through JSON text, exactly
    loaded = Loader().load(op.model, wire["variables"][op.argument], mode="create")
    assert loaded.model == model


@examples(100)  # one model rendered and loaded back: cheap, and hostile strings need many draws
@given(description=hostile_text, code=hostile_text, journal=hostile_text)
def test_hostile_strings_survive_in_variables_and_never_reach_the_document(description, code, journal):
    entry = EntryUsingCodes(
        journal_type_code=journal,
        description=description,
        accounting_entry_lines=(
            LineUsingCodes(sub_account_code=code, debit_amount=Decimal("1.10"), credit_amount=Decimal("0")),
        ),
    )
    query, variables = render("createAccountingEntryUsingCodes", entry)
    wire = loads(dumps({"query": query, "variables": variables}))
    assert wire["query"] == document_text("createAccountingEntryUsingCodes")
    value = wire["variables"]["input"]
    assert value["description"] == description
    assert value["journalTypeCode"] == journal
    assert value["accountingEntryLines"][0]["subAccountCode"] == code
    assert value["accountingEntryLines"][0]["debitAmount"] == Decimal("1.10")
    assert str(value["accountingEntryLines"][0]["debitAmount"]) == "1.10"
    for text in (description, code, journal):
        # None of quote, backslash, `#` or non-ASCII ever occurs in a generated document, so a
        # string holding one cannot have been spliced into it.
        if any(ch in text for ch in '"\\#') or any(ord(ch) > 127 for ch in text):
            assert text not in query


def test_decimals_stay_exact():
    value = {
        "salesInvoiceId": "96771689-53b9-4f4c-add3-40eb31e38254",
        "journalTypeId": "6fdf8926-cfdd-4ef8-8f89-39d6bfa622da",
        "accountingEntryDescription": "Sales Invoice No. 0007 27/06/2024",
    }
    query, variables = render("postSalesInvoice", value)
    assert variables == {"input": value}
    settle = {
        "entryDate": "2024-01-01",
        "paymentMethodId": "815c1835-90dd-4e62-8504-79a3f97fac67",
        "thirdPartyId": "815c1835-9cb5-4e62-8504-79a3f97fac67",
        "salesOpenItemLinkagePaidAmounts": [
            {
                "openItemId": "815c1835-a4e7-4e62-8504-79a3f97fac67",
                "paidAmount": Decimal("0.1000000000000000055511151231257827"),
            }
        ],
    }
    _, variables = render("salesOpenItemSettlement", settle)
    assert "0.1000000000000000055511151231257827" in dumps(variables)


def test_render_refuses_floats_and_wrong_models():
    with pytest.raises(TypeError, match="binary float"):
        render("createAccountingEntryUsingIds", {"accountingEntryLines": [{"debitAmount": 0.1}]})
    with pytest.raises(TypeError, match="EntryUsingIds"):
        render("createAccountingEntryUsingIds", EntryUsingCodes())
    with pytest.raises(KeyError, match="unknown operation"):
        render("createAccountingEntryUsingNames", {})
    with pytest.raises(ValueError, match=r"\$where"):
        render("journalTypes", {"where": {}})
    with pytest.raises(ValueError, match=r"needs \$id"):
        render("bookkeepingJournal", {})


def test_scalar_argument_and_seed_wrapper():
    query, variables = render("bookkeepingEntryMatchDestroy", EntryMatchDestroy(id="kQBSpD"))
    assert variables == {"id": "kQBSpD"}
    assert render("bookkeepingEntryMatchDestroy", "kQBSpD")[1] == variables
    assert render("bookkeepingEntryMatchDestroy", {"id": "kQBSpD"})[1] == variables
    with pytest.raises(ValueError, match="only `id`"):
        render("bookkeepingEntryMatchDestroy", {"id": "kQBSpD", "reason": "x"})
    inner = {"id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427"}
    assert render("deleteAccountingEntry", {"values": inner})[1] == {"input": inner}
    assert render("journalTypes", {"first": 500, "after": "abc"})[1] == {"first": 500, "after": "abc"}
    assert render("journalTypes")[1] == {}


def _violations(report):
    return [(v.code, v.path, v.severity) for v in report.violations]


def test_rendered_bodies_check_like_bare_inputs(example_context):
    """Every input of the bundled batch: same verdict as a rendered body and as a bare input."""
    from ledger.io.requests import Intake

    engine = Engine(context=example_context)
    intake = Intake()
    compared = 0
    for document in loads((EXAMPLES / "batch.json").read_text(encoding="utf-8")):
        resolution = intake.resolve(document)
        if resolution.error:
            continue
        for target in resolution.targets:
            query, variables = render(target.operation.name, target.value)
            body = loads(dumps({"query": query, "variables": variables}))
            rendered = engine.check(body)
            bare = engine.check(target.value, operation=target.operation.name)
            assert _violations(rendered) == _violations(bare)
            assert rendered.valid == bare.valid
            compared += 1
    assert compared >= 10


def test_render_cli_output_is_accepted_by_check(tmp_path, capsys):
    bare = {
        "date": "2025-01-31",
        "journalTypeCode": "OD",
        "description": 'Régul. "TVA" {#1}\\n',
        "accountingEntryLines": [
            {"subAccountCode": "445660", "debitAmount": Decimal("100.005"), "creditAmount": 0},
            {"subAccountCode": "445710", "debitAmount": 0, "creditAmount": Decimal("100.00")},
        ],
    }
    bare_file = tmp_path / "entry.json"
    bare_file.write_text(dumps(bare), encoding="utf-8")
    assert main(["render", "--operation", "createAccountingEntryUsingCodes", str(bare_file)]) == 0
    text = capsys.readouterr().out
    body = loads(text)
    assert body["query"] == document_text("createAccountingEntryUsingCodes")
    assert body["variables"]["input"] == bare
    assert "100.005" in text  # written exactly, never through float
    body_file = tmp_path / "body.json"
    body_file.write_text(text, encoding="utf-8")

    status_body = main(["check", "--format", "json", str(body_file)])
    report_body = loads(capsys.readouterr().out)
    status_bare = main(
        ["check", "--format", "json", "--operation", "createAccountingEntryUsingCodes", str(bare_file)]
    )
    report_bare = loads(capsys.readouterr().out)
    assert status_body == status_bare == 1  # BAL001 and BAL006 on both
    codes_body = [(v["code"], v["path"]) for v in report_body["results"][0]["violations"]]
    codes_bare = [(v["code"], v["path"]) for v in report_bare["results"][0]["violations"]]
    assert codes_body == codes_bare and ("BAL006", "accountingEntryLines[0].debitAmount") in codes_body


def test_render_cli_arrays_and_errors(tmp_path, capsys):
    many = tmp_path / "many.json"
    many.write_text('[{"id": "kQBSpD"}, {"id": "zdKSq6"}]', encoding="utf-8")
    assert main(["render", "--operation", "bookkeepingEntryMatchDestroy", str(many)]) == 0
    bodies = loads(capsys.readouterr().out)
    assert [b["variables"] for b in bodies] == [{"id": "kQBSpD"}, {"id": "zdKSq6"}]
    assert main(["render", "--operation", "nope", str(many)]) == 2
    assert "unknown operation 'nope'" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["render", "--operation", "postSalesInvoice", str(broken)]) == 2
    assert "broken.json: not valid JSON" in capsys.readouterr().err
    assert main(["render", "--operation", "postSalesInvoice", str(tmp_path / "missing.json")]) == 2


# The shared user-facing strategies (ledger.testing): valid inputs for a drawn organisation, and
# inputs that break one rule. Rendering must not change any verdict, with the context in play.
from ledger.io.context_file import context_from_dict  # noqa: E402
from ledger.testing import breaking, scenarios  # noqa: E402


@st.composite
def _scenarios_valid_or_broken(draw):
    if draw(st.booleans()):
        return draw(scenarios())
    return draw(breaking(draw(st.sampled_from(["BAL001", "BAL006", "REG003", "REF001", "FLD005"]))))


@examples(40)  # each example a whole scenario, checked twice
@given(_scenarios_valid_or_broken())
def test_rendering_shared_strategy_inputs_keeps_the_verdict(scenario):
    context, value, operation = scenario
    engine = Engine(context=context_from_dict(context))
    query, variables = render(operation, value)
    body = loads(dumps({"query": query, "variables": variables}))
    assert _violations(engine.check(body)) == _violations(engine.check(value, operation=operation))
