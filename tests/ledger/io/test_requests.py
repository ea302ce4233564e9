"""GraphQL request intake and document splitting."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from ledger.io.jsontext import dumps, loads
from ledger.io.requests import Intake
from ledger.io.sources import read_documents
from rules.engine import Engine
from tests.helpers import ROOT
from tests.helpers.seed import seed001

QUERY = "mutation ($values: AccountingEntryCreateGLDtoInput!) { createAccountingEntry(input: $values) { id number } }"


def body(values=None, query=QUERY):
    return {"query": query, "variables": {"values": values if values is not None else seed001()}}


def test_request_body_is_checked_as_its_operation():
    report = Engine().check(body())
    assert report.operation == "createAccountingEntry"
    assert report.valid, report.violations


def test_inline_literal_amounts_are_read_exactly_from_their_text():
    query = 'mutation { deleteAccountingEntry(input: {id: "9b2f6d0e-1111-4c1c-8d5b-0f0e0d0c0b0a"}) { id } }'
    resolution = Intake().resolve({"query": query})
    assert resolution.error is None and resolution.targets[0].operation.name == "deleteAccountingEntry"
    literal = "mutation { openItemSettlement(input: {openItemLinkagePaidAmounts: [{paidAmount: 0.30000000000000004}]}) { id } }"
    (target,) = Intake().resolve({"query": literal}).targets
    amount = target.value["openItemLinkagePaidAmounts"][0]["paidAmount"]
    assert amount == Decimal("0.30000000000000004") and isinstance(amount, Decimal)


def test_unknown_operation_is_fld001_with_a_suggestion():
    report = Engine().check({"query": "mutation { createAccountingEntri(input: {}) { id } }"})
    (violation,) = report.violations
    assert violation.code == "FLD001" and "createAccountingEntri" in violation.message
    assert violation.hint == "did you mean createAccountingEntry?"


def test_unparsable_query_is_fld001_naming_the_place():
    seed000 = "query($id: ID!){ bookkeepingJournal(id: 4LCGvv) { id } }"
    (violation,) = Engine().check({"query": seed000}).violations
    assert violation.code == "FLD001" and "line 1" in violation.message


def test_missing_variable_is_fld001():
    (violation,) = Engine().check({"query": QUERY, "variables": {}}).violations
    assert violation.code == "FLD001" and "$values" in violation.message


def test_bare_enum_literal_for_an_id_is_refused():
    query = 'mutation { bookkeepingEntryMatchCreate(entryMatch: {postingLines: [{id: JeCRVx}, {id: "gYCr2n"}], accountId: "24HJA4y"}) { id } }'
    report = Engine(select=["FLD"]).check({"query": query})
    assert [(v.code, v.path) for v in report.violations] == [("FLD003", "postingLines[0].id")]


def test_seed_values_form_and_bare_input_with_operation():
    engine = Engine()
    assert engine.check({"values": seed001()}, operation="createAccountingEntry").valid
    assert engine.check(seed001(), operation="createAccountingEntry").valid


def test_several_operations_need_an_operation_name():
    query = "mutation A { deleteAccountingEntry(input: $v) { id } } mutation B { deleteAccountingEntry(input: $v) { id } }"
    (violation,) = Engine().check({"query": query, "variables": {"v": {"id": "x"}}}).violations
    assert violation.code == "FLD001" and "operationName" in violation.message


def test_two_root_fields_prefix_their_paths():
    query = (
        "mutation ($a: AccountingEntryDeleteGLDtoInput!, $b: AccountingEntryDeleteGLDtoInput!) "
        "{ first: deleteAccountingEntry(input: $a) { id } second: deleteAccountingEntry(input: $b) { id } }"
    )
    report = Engine().check({"query": query, "variables": {"a": {"id": "bad"}, "b": {"id": "also bad"}}})
    assert [v.path for v in report.violations] == ["first.id", "second.id"]


def _docs(text: bytes, name="batch.json"):
    return list(read_documents(name, io.BytesIO(text)))


def test_a_query_is_worked_out_once_but_each_document_meets_its_errors_in_field_order():
    intake = Intake()
    query = "mutation ($a: X!) { one: deleteAccountingEntry(input: $a) { id } two: noSuchMutation { id } }"
    first = intake.resolve({"query": query, "variables": {}})  # the first field's variable is missing
    assert "variable $a" in first.error
    second = intake.resolve({"query": query, "variables": {"a": "x"}})  # the same plan, the next error
    assert "unknown operation `noSuchMutation`" in second.error and second.hint
    again = intake.resolve({"query": query, "variables": {}})
    assert (again.error, again.hint) == (first.error, first.hint)


def test_literal_inputs_are_a_new_value_for_every_document():
    # The engine walks inputs built from the query text against the limits: they must not be shared.
    query = 'mutation { deleteAccountingEntry(input: {id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301"}) { id } }'
    intake = Intake()
    one, two = (intake.resolve({"query": query}).targets[0].value for _ in range(2))
    assert one == two and one is not two


def test_array_json_lines_and_single_documents():
    assert [d.source for d in _docs(b'[{"a": 1}, {"b": 2}]')] == ["batch.json[0]", "batch.json[1]"]
    lines = _docs(b'{"a": 1}\n\n{"b": 2}\nnot json\n{"c": 3}\n', "batch.jsonl")
    assert [d.source for d in lines] == ["batch.jsonl:1", "batch.jsonl:3", "batch.jsonl:4", "batch.jsonl:5"]
    assert lines[2].error and "not valid JSON" in lines[2].error and lines[3].value == {"c": Decimal(3)}
    single = _docs(b'{\n  "a": 1\n}\n')
    assert [(d.source, d.value) for d in single] == [("batch.json", {"a": Decimal(1)})]


def test_json_lines_detected_without_extension_and_bom_dropped():
    docs = _docs(b'\xef\xbb\xbf{"a": 1}\n{"b": 2}\n', "batch.txt")
    assert [d.value for d in docs] == [{"a": 1}, {"b": 2}]


def test_broken_file_is_one_document_with_an_error():
    (doc,) = _docs(b'[{"a": 1},')
    assert doc.error and "line 1" in doc.error
    assert _docs(b"  \n") == []  # a blank file holds no documents, as [] (issue 13 item 16)
    (latin1,) = _docs('[{"a": "é"}]'.encode("latin-1"))
    assert "UTF-8" in latin1.error


def test_bytes_that_are_not_utf8_are_worded_the_same_by_check_the_reader_and_audit():
    from ledger.io.sources import JsonEntriesReader

    data = '{"description": "é"}'.encode("latin-1")  # 0xe9 at offset 17, not UTF-8
    expected = "not UTF-8 text: byte 0xe9 at offset 17"
    (document,) = _docs(data)
    assert document.error == expected
    (fld001,) = Engine().check(data).violations
    assert (fld001.code, fld001.message) == ("FLD001", expected)
    (record,) = list(JsonEntriesReader().read("ledger.json", data))
    assert record.error == expected


def test_render_like_round_trip_through_text():
    text = dumps(body())
    assert Engine().check(text).valid


# -- a JSON array is validated whole, then decoded one element at a time -----------------------------


def test_element_spans_split_exactly_and_refuse_what_loads_refuses():
    import json as stdlib_json

    from ledger.io.jsontext import element_spans, loads

    text = ' [ {"a": 1.10}, [1, 2] ,"x", 12345678901234567890123456789012345678901234567890 ] '
    spans = element_spans(text)
    assert [loads(text[s:e]) for s, e in spans] == loads(text)
    for broken in ('[{"a": 1}, {"b": }]', "[1, 2", "[1 2]", "[1] x", '[NaN, 1e999999999, {"a": 1'):
        with pytest.raises(stdlib_json.JSONDecodeError) as ours:
            element_spans(broken)
        try:
            loads(broken)
        except stdlib_json.JSONDecodeError as theirs:
            assert (ours.value.msg, ours.value.pos) == (theirs.msg, theirs.pos)
        else:
            raise AssertionError(f"loads accepted {broken!r}")


def test_a_large_array_is_not_held_parsed_while_it_is_checked():
    # Parsed elements cost ~5x their text; holding them all made a 170 MB array peak near 1 GB. Now the
    # reader holds the text (and the caller's bytes) plus one element: measured ~3x the bytes.
    import tracemalloc

    body = (ROOT / "examples" / "batch.json").read_bytes()
    elements = [body.strip()[1:-1]] * 60  # ~60 x 23 documents, all the example's
    data = b"[" + b",\n".join(elements) + b"]"
    tracemalloc.start()
    try:
        count = sum(1 for document in read_documents("big.json", io.BytesIO(data)) if document.value)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 60 * len(loads((ROOT / "examples" / "batch.json").read_text(encoding="utf-8")))
    assert peak < 4 * len(data), f"peak {peak:,} bytes for {len(data):,} bytes of array"
