"""The fuzz suite: hostile and broken input never crashes ledger-rules, and never changes its mind.

Structure-aware: documents start VALID (the bundled batch, the seed 001 entry, ``ledger.testing``
scenarios, and model-shaped inputs for every operation and record class) and are then broken part by
part — keys deleted, items duplicated, values retyped into any JSON value (control characters, quotes,
``1e999999999``, 5,000 digits, deep nests), unknown keys added — and as TEXT: a key repeated, ``NaN``
tokens, truncation, random bytes, other encodings. Plus raw random bytes and random JSON.

Invariants (docs/robustness.md):

* no exception escapes :meth:`Engine.check`, :func:`read_documents`, :meth:`Loader.load`,
  :meth:`Intake.resolve`, :func:`fix_document`; :func:`load_context` raises only ContextError;
  :func:`codegen.render` raises only KeyError (unknown operation), TypeError (a value JSON cannot carry
  exactly) or ValueError (variables the document does not declare);
* every document of a source gets exactly one report;
* the same input gives a byte-identical report: twice in one engine and in a fresh engine;
* the CLI exits with 0, 1 or 2 only, and never prints a traceback or an "internal error";
* a request the GraphQL spec refuses is one FLD001, whatever its variables hold; N aliases of one
  variable are one FLD001 beyond ``max_root_fields``, else the one-field report repeated per alias;
* a source that never ends (a pipe, a device) costs bounded reading: an endless line, array or document
  stops every reader at a limit that names itself, and endless lines are reported one by one, each
  after a bounded read.

The mutators (``tests.helpers.fuzzing``) take a :class:`Chooser`, so that Hypothesis drives them here (and
shrinks failures) while ``benchmarks/fuzz_long.py`` drives the very same mutators with a seeded
``random.Random`` for its million-document run. Every crash either run ever found is pinned below as a plain regression test.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ledger.entries
import ledger.inputs
import ledger.luca
import ledger.reference
from ledger.context import ContextError
from ledger.io.context_file import context_from_dict, load_context
from ledger.io.jsontext import dumps, loads
from ledger.io.limits import FileTooBig, Limits, read_whole
from ledger.io.loading import Loader
from ledger.io.requests import Intake
from ledger.io.sources import read_documents
from ledger.operations import BY_NAME
from ledger.testing import scenarios  # noqa: E402  (valid documents for the structure-aware fuzzing)
from rules.audit import Auditor
from rules.engine import Engine
from rules.fixing import fix_document
from tests.helpers import EXAMPLES, ROOT
from tests.helpers.budgets import examples
from tests.helpers.fuzzing import (
    BATCH,
    CONTEXT,
    CONTEXT_DICT,
    KEYS,
    MODELS,
    DrawChooser,
    EndlessSource,
    RandomChooser,
    corrupt_text,
    endless_lines,
    endless_sources,
    fuzzed_document,
    fuzzed_text,
    json_line,
    mutate,
    nest,
    plain_copy,
    random_value,
    shaped_value,
)

# -- the invariants ---------------------------------------------------------------------------------

ENGINE = Engine()
ENGINE_CTX = Engine(context=CONTEXT)


def report_text(report) -> str:
    return json.dumps(report.to_dict(), sort_keys=False)


def assert_stable(document: Any, operation: str | None, *, with_context: bool) -> Any:
    """Check a document three times (twice in a warm engine, once in a fresh one): identical reports."""
    engine = ENGINE_CTX if with_context else ENGINE
    first = engine.check(document, operation=operation)
    again = engine.check(document, operation=operation)
    fresh = Engine(context=CONTEXT if with_context else None).check(document, operation=operation)
    assert report_text(first) == report_text(again) == report_text(fresh)
    codes = first.codes()
    if "FLD001" in codes:  # an unreadable document has exactly that one violation
        assert codes == ["FLD001"] and not first.valid
    for violation in first.violations:
        assert violation.code in ENGINE.registry and violation.message.isprintable()
        assert violation.hint is None or violation.hint.isprintable()
    return first


@given(st.data(), st.booleans())
def test_check_survives_structural_mutations(data, with_context):
    document, operation = fuzzed_document(DrawChooser(data))
    assert_stable(document, operation, with_context=with_context)


@given(st.data(), st.booleans())
def test_check_survives_corrupted_text(data, with_context):
    text, operation = fuzzed_text(DrawChooser(data))
    report = assert_stable(text, operation, with_context=with_context)
    assert report_text(report) == report_text(assert_stable(text, operation, with_context=with_context))


@examples(30)  # each example a whole drawn scenario, mutated and checked
@given(scenarios(), st.data())
def test_check_survives_mutated_strategy_scenarios(scenario, data):
    # ledger.testing draws an organisation and an input VALID for it: unbroken it has no error;
    # broken it may have any, but the engine neither raises nor changes its mind.
    context = context_from_dict(scenario.context)
    engine = Engine(context=context)
    assert engine.check(scenario.input, operation=scenario.operation).valid
    c = DrawChooser(data)
    document = scenario.input
    for _ in range(c.integer(1, 2)):
        document = mutate(document, c)
    first = engine.check(document, operation=scenario.operation)
    assert report_text(first) == report_text(
        Engine(context=context).check(document, operation=scenario.operation)
    )
    text = corrupt_text(dumps(document), c)
    assert report_text(engine.check(text, operation=scenario.operation)) == report_text(
        engine.check(text, operation=scenario.operation)
    )


@given(st.binary(max_size=300) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_check_survives_raw_bytes(data):
    assert_stable(data, None, with_context=False)
    assert_stable(data, "createAccountingEntry", with_context=True)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.text(max_size=20)
    | st.integers().map(Decimal)
    | st.decimals(allow_nan=False, allow_infinity=False),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=25,
)


@given(JSON, st.sampled_from([None] + sorted(BY_NAME)))
def test_check_survives_random_json(value, operation):
    assert_stable(value, operation, with_context=False)
    assert_stable(dumps(value), operation, with_context=True)


@examples(30)  # up to six documents per example, each read, checked and reported
@given(st.data(), st.integers(1, 6), st.sampled_from(["x.json", "x.jsonl", "x"]))
def test_every_document_of_a_source_gets_exactly_one_report(data, count, name):
    c = DrawChooser(data)
    documents = [fuzzed_document(c)[0] for _ in range(count)]
    # JSON Lines of one-line documents: one report per non-blank line, whatever each line holds.
    lines = [json_line(d) for d in documents]
    lines = [line for line in lines if line.strip()]
    # (encoded with "replace": a lone surrogate would make the whole source one FLD001 "not UTF-8")
    stream = io.BytesIO("\n".join(lines).encode("utf-8", "replace"))
    raws = list(read_documents(name, stream, lines=True))
    assert len(raws) == len(lines)
    reports = list(ENGINE.check_documents(raws))
    assert [r.document for r in reports] == list(range(len(lines)))
    # An array: one report per element.
    array = dumps(documents).encode("utf-8", "replace")
    raws = list(read_documents(name.replace("jsonl", "json"), io.BytesIO(array)))
    assert len(raws) == len(documents) and all(r.error is None or "(max_" in r.error for r in raws)
    # Corrupted: any number of documents, but each one gets its report and nothing escapes.
    broken = corrupt_text(dumps(documents), c)
    raws = list(read_documents(name, io.BytesIO(broken)))
    blank = not broken.removeprefix(b"\xef\xbb\xbf").strip()  # a blank source is 0 documents, like []
    assert (raws or blank) and len(list(ENGINE_CTX.check_documents(raws))) == len(raws)


@given(st.data(), st.sampled_from(MODELS), st.sampled_from(["create", "read"]))
def test_loader_never_raises_for_any_model(data, cls, mode):
    c = DrawChooser(data)
    value = mutate(shaped_value(cls, c), c) if c.chance(2) else shaped_value(cls, c)
    loaded = Loader().load(cls, value, mode=mode)
    assert loaded.model is None or isinstance(loaded.model, cls)
    for problem in loaded.problems:
        assert problem.message.isprintable()


@given(st.data())
def test_load_context_raises_only_context_error(data):
    c = DrawChooser(data)
    broken = mutate(CONTEXT_DICT, c)
    for attempt in (lambda: context_from_dict(broken), lambda: load_context(corrupt_text(dumps(broken), c))):
        try:
            attempt()
        except ContextError as exc:
            assert str(exc)


# GraphQL: queries assembled from valid and broken parts.
_OPERATION_HEADS = (
    "mutation",
    "mutation M",
    "query",
    "subscription",
    "",
    "mutation ($values: X!)",
    "mutation M($v: Int)",
)
_ARGUMENTS = (
    "",
    "()",
    "input: $values",
    "input: $v",
    "input: $missing",
    "entryMatch: $values",
    "id: $values",
    "id: 1e999999999",
    'input: {date: "2024-01-01", date: "2024-01-02"}',
    "input: {accountingEntryLines: [{debitAmount: 0.1}, {creditAmount: 1E2}]}",
    "input: {debitAmount: 1e400, x: [1, [2, [3]]]}",
    "input: {journalTypeId: GENERAL}",
    'id: "4LCGvv"',
    "id: 4LCGvv",
    "input: null",
    "input: [1, 2]",
    "input: " + "[" * 70 + "]" * 70,
    "input: " + "{a: " * 70 + "1" + "}" * 70,
)


@st.composite
def graphql_bodies(draw):
    head = draw(st.sampled_from(_OPERATION_HEADS))
    fields = draw(
        st.lists(
            st.sampled_from(
                sorted(BY_NAME) + ["accountingEntryById", "createAccountingEntryy", "__typename"]
            ),
            min_size=0,
            max_size=3,
        )
    )
    selections = " ".join(
        f"a{i}: {name}{(lambda a: f'({a})' if a not in ('', '()') else a)(draw(st.sampled_from(_ARGUMENTS)))} {{ id }}"
        for i, name in enumerate(fields)
    )
    query = f"{head} {{ {selections} }}"
    if draw(st.booleans()):
        query += draw(
            st.sampled_from(
                (" fragment F on Mutation { id }", " query Q { a }", " mutation { ...F }", "{", "#")
            )
        )
    if draw(st.booleans()):
        query = query[: draw(st.integers(0, len(query)))]
    if draw(st.booleans()):
        query = query.replace("{ id }", "{ ...F }")
    body: dict[str, Any] = {"query": query}
    if draw(st.booleans()):
        body["variables"] = draw(
            st.one_of(st.dictionaries(st.sampled_from(["values", "v", "x"]), JSON, max_size=2), JSON)
        )
    if draw(st.booleans()):
        body["operationName"] = draw(st.sampled_from(["M", "Q", "", None, 7]))
    return body


@examples(80)  # one request body resolved: cheap, and GraphQL has many shapes
@given(graphql_bodies())
def test_intake_resolves_any_graphql_body_without_raising(body):
    resolution = Intake().resolve(body)
    assert (resolution.error is None) or not resolution.targets
    for target in resolution.targets:
        assert target.operation.name in BY_NAME
    assert_stable(body, None, with_context=False)


@given(st.data())
def test_fix_never_raises_and_writes_json(data):
    c = DrawChooser(data)
    document, operation = fuzzed_document(c)
    context = CONTEXT if c.chance(2) else None
    if operation is not None and operation not in BY_NAME:  # a caller's error: KeyError (see below)
        operation = None
    result = fix_document(document, operation=operation, context=context)
    dumps(result.document, indent=2)  # what `ledger-rules fix` prints: must be writable
    for change in result.changes:
        change.describe()


@given(
    st.data(), st.sampled_from(sorted(__import__("codegen.surface", fromlist=["BY_NAME"]).BY_NAME) + ["nope"])
)
def test_render_raises_only_documented_errors(data, operation):
    from codegen import render

    c = DrawChooser(data)
    value = fuzzed_document(c)[0] if c.chance(2) else random_value(c)
    try:
        query, variables = render(operation, value)
    except (KeyError, TypeError, ValueError):
        return
    dumps({"query": query, "variables": variables})
    if (
        operation in BY_NAME and isinstance(value, dict) and "query" not in value
    ):  # same verdict as the bare input
        body = ENGINE.check({"query": query, "variables": variables})
        bare = ENGINE.check(value, operation=operation)
        assert body.valid == bare.valid


# -- the command line -------------------------------------------------------------------------------


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    from rules.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


@examples(25)  # each example runs the whole CLI in process
@given(st.data())
def test_cli_exits_0_1_or_2_in_process(data):
    c = DrawChooser(data)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, c.pick(("in.json", "in.jsonl", "in.txt")))
        Path(path).write_bytes(
            fuzzed_text(c)[0]
            if c.chance(2)
            else dumps(fuzzed_document(c)[0]).encode("utf-8", "surrogatepass")
        )
        context = str(EXAMPLES / "context.json")
        for argv in (
            ["check", path, "--format", "json"],
            ["check", path, "--context", context, "--format", "jsonl"],
            ["check", path, "--operation", "createAccountingEntry"],
            ["fix", path, "--context", context, "--operation", "createAccountingEntry"],
            ["render", "--operation", c.pick(sorted(BY_NAME)), path],
            ["audit", path, "--format", "json"],
            ["check", path, "--context", path],  # a broken context is a usage error
        ):
            status, _, err = run_cli(argv)
            assert status in (0, 1, 2), (argv, status, err)
            assert "Traceback" not in err and "internal error" not in err, (argv, err)


@pytest.mark.slow  # subprocesses
def test_cli_subprocess_on_fuzzed_files(tmp_path):
    """The real program, on a few fuzzed files: exit status 0, 1 or 2 and no traceback."""
    c = RandomChooser(random.Random(20240601))
    files = []
    for i in range(6):
        path = tmp_path / f"doc{i}.json"
        path.write_bytes(
            fuzzed_text(c)[0] if i % 2 else dumps(fuzzed_document(c)[0]).encode("utf-8", "surrogatepass")
        )
        files.append(str(path))
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    files.append(str(tmp_path / "deep.json"))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("LEDGER_RULES_DEBUG", None)
    for argv in (
        ["check", *files, "--context", str(EXAMPLES / "context.json"), "--format", "json"],
        ["audit", *files],
        ["fix", files[1], "--operation", "createAccountingEntry"],
        ["render", "--operation", "createAccountingEntry", files[0]],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "rules", *argv], capture_output=True, text=True, env=env, timeout=120
        )
        assert done.returncode in (0, 1, 2), (argv, done.stderr)
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr, (argv, done.stderr)


# -- unbounded input: sources that never end ------------------------------------------------------------

#: Small limits, so that an endless source reaches them in microseconds.
TIGHT = Limits(max_document_bytes=256, max_source_bytes=64 * 1024, max_file_bytes=4096)
#: What a buffered reader reads ahead of what it hands out, plus a source's head.
READ_AHEAD = 16 * 1024
#: The most a reader may take from an endless source before it must have stopped.
STOP_BY = TIGHT.max_source_bytes + TIGHT.max_document_bytes + READ_AHEAD


def endless(head: bytes, pattern: bytes, cap: int = STOP_BY) -> tuple[EndlessSource, io.BufferedReader]:
    raw = EndlessSource(head, pattern, cap)
    return raw, io.BufferedReader(raw)


@examples(60)  # each example reads at most ~80 KiB
@given(endless_sources())
def test_an_endless_line_stops_check_at_a_limit(source):
    raw, stream = endless(*source)
    documents = list(read_documents("<pipe>", stream, limits=TIGHT))
    assert raw.consumed <= STOP_BY
    last = documents[-1]
    assert last.breach is not None and last.breach.limit in {"max_document_bytes", "max_source_bytes"}, (
        last.error
    )
    assert f"({last.breach.limit})" in (last.error or "")


@examples(60)
@given(endless_sources())
def test_an_endless_source_stops_audit_at_max_source_bytes(source):
    raw, stream = endless(*source)
    reports = Auditor(Engine(limits=TIGHT)).audit_sources([("<pipe>", stream)])
    assert raw.consumed <= STOP_BY
    assert len(reports) == 1 and reports[0].codes() == ["FLD001"]
    assert "(max_source_bytes)" in reports[0].violations[0].message


@examples(30)
@given(endless_sources())
def test_an_endless_file_read_whole_stops_at_max_file_bytes(source):
    raw, stream = endless(*source)
    with pytest.raises(FileTooBig, match=r"\(max_file_bytes\)"):
        read_whole(stream, TIGHT)
    assert raw.consumed <= TIGHT.max_file_bytes + READ_AHEAD


@examples(40)
@given(endless_lines())
def test_endless_json_lines_are_reported_one_by_one_after_bounded_reads(source):
    head, pattern = source
    raw, stream = endless(head, pattern, cap=4 << 20)
    documents = read_documents("<pipe>", stream, lines=True, limits=TIGHT)
    seen = list(itertools.islice(documents, 25))
    assert len(seen) == 25  # a stream that never ends goes on being reported
    # one line's worth of reading per document, plus the read-ahead: no document waits for the end
    assert raw.consumed <= len(head) + 25 * len(pattern) + READ_AHEAD
    oversized = len(pattern) - 1 > TIGHT.max_document_bytes
    body = [d for d in seen if d.source != "<pipe>:1" or not head.strip()]
    assert all(
        (d.breach is not None and d.breach.limit == "max_document_bytes") == oversized for d in body[1:]
    )


# -- regressions: every crash the fuzzing found ---------------------------------------------------------


def _body_with(amount_text: str) -> str:
    body = plain_copy(BATCH[0])
    body["variables"]["values"]["accountingEntryLines"][0]["debitAmount"] = Decimal(0)
    return dumps(body).replace('"debitAmount": 0', f'"debitAmount": {amount_text}', 1)


@pytest.mark.parametrize("amount", ["1e999999999", "-1e999999999"])
def test_regression_huge_exponent_overflowed_abs_in_bal(amount):
    # Found by the fuzzer: abs(Decimal("1e999999999")) raises decimal.Overflow (BAL007's out_of_range,
    # BAL001). The document is now FLD001 (max_number_exponent), and out_of_range uses copy_abs().
    report = ENGINE.check(_body_with(amount))
    assert report.codes() == ["FLD001"] and "max_number_exponent" in report.violations[0].message
    from rules.families.bal import out_of_range

    assert out_of_range(Decimal(amount)) == "its magnitude is 10^15 or more"


def test_regression_integer_id_with_a_huge_exponent_hung_the_loader():
    # Found by probing: the loader turned an integral Decimal id into str(int(value)); int() of
    # 1e999999999 never returns, and str() of an int over 4,300 digits raises ValueError.
    from ledger.luca import EntryMatchDestroy, PostingLine

    for text in ("1e999999999", "9" * 5000):
        body = {"query": f"mutation {{ bookkeepingEntryMatchDestroy(id: {text}) {{ id }} }}"}
        assert ENGINE.check(body).codes() == ["FLD001"]
        loaded = Loader().load(EntryMatchDestroy, {"id": Decimal(text)})
        assert loaded.model.id is None and [p.fault.value for p in loaded.problems] == ["invalid"]
        loaded = Loader().load(PostingLine, {"amountCents": Decimal(text)}, mode="read")
        assert loaded.model.amount_cents is None
    assert Loader().load(EntryMatchDestroy, {"id": Decimal("1E+2")}).model.id == "100"


def test_regression_exceeds_minor_unit_quantize_raised_invalid_operation():
    # quantize() to 0.01 under a 40-digit precision raised InvalidOperation for an amount with 50
    # integer digits and 3 decimals (BAL006 runs it before BAL007's range check).
    from ledger.money import exceeds_minor_unit, round_to_minor_unit

    assert exceeds_minor_unit(Decimal("1" * 50 + ".123"), "EUR")
    assert not exceeds_minor_unit(Decimal("1" * 50 + ".120"), "EUR")
    assert exceeds_minor_unit(Decimal("1e-999999999"), "EUR")  # instant: digits are read, not scaled
    assert round_to_minor_unit(Decimal("1" * 50 + ".125"), "EUR") == Decimal("1" * 50 + ".13")
    report = ENGINE.check(_body_with("1" * 50 + ".123"))
    assert "BAL007" in report.codes()


def test_regression_deep_nesting_is_fld001_naming_the_limit():
    for text in ("[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000):
        report = ENGINE.check(text)
        assert report.codes() == ["FLD001"] and "max_depth" in report.violations[0].message


def test_regression_oversized_first_line_of_an_array_file_is_not_dropped():
    # The size check reads lines in bounded chunks; a one-line (minified) array bigger than the limit
    # is a batch, not a document, and must still be read whole.
    from ledger.io.limits import Limits

    documents = [BATCH[0]] * 5
    text = dumps(documents).encode("utf-8")
    limits = Limits(max_document_bytes=len(dumps(BATCH[0]).encode()) + 10)
    raws = list(read_documents("batch.json", io.BytesIO(text), limits=limits))
    assert len(raws) == 5 and all(r.error is None for r in raws)


def test_regression_control_characters_in_a_key_made_a_multi_line_message():
    # Found by the fuzzer: an unknown key "\n" gave the message "`\n` is not a field…" on two lines
    # (and "\x1b[31m" would colour a terminal). Messages quoting user text are escaped to one line.
    for key in ("\n", "\x1b[31m", "a\u2028b", "\ud800"):
        report = ENGINE.check({key: None}, operation="bookkeepingEntryMatchCreate")
        messages = [v.message for v in report.violations]
        assert all(m.isprintable() for m in messages) and any(repr(key)[1:-1] in m for m in messages)


def test_fix_document_rejects_an_unknown_operation_name_as_a_caller_error():
    # Not a document fault: the CLI validates --operation before reading (exit 2); the Python API
    # raises KeyError, as codegen.render does for an unknown operation.
    with pytest.raises(KeyError):
        fix_document({"journalTypeId": None}, operation="unknownOperation")


def test_regression_load_context_let_recursion_error_escape():
    # Found by the fuzzer: a context text nested ~1,000 deep raised RecursionError, not ContextError.
    with pytest.raises(ContextError, match="nested too deeply"):
        load_context(b"[" * 100_000 + b"]" * 100_000)


def test_regression_fix_crashed_on_a_null_input_and_on_deep_documents():
    # Found by the fuzzer: fix_document called .get on a None input ("variables": {"values": null}),
    # and copy.deepcopy recursed past the interpreter's limit on a deep document.
    body = {"query": BATCH[0]["query"], "variables": {"values": None}}
    result = fix_document(body)
    assert result.changes == () and "not a JSON object" in result.notes[0]
    deep = nest({"journalTypeId": None}, 5000, RandomChooser(random.Random(1)))
    result = fix_document(deep, operation="createAccountingEntry")
    assert result.changes == () and "max_depth" in result.notes[0]


def test_regression_dumps_recursed_until_the_interpreter_aborted():
    # Found by the fuzzer: `fix` writing back a ~600-level document made the recursive indented writer
    # overflow the C stack (a fatal error, not even an exception). The writer is now iterative.
    deep: list = []
    inner = deep
    for _ in range(100_000):
        inner.append([])
        inner = inner[0]
    assert dumps(deep) == "[" * 100_001 + "]" * 100_001
    # (indented output is quadratic by nature — level k carries 2k spaces — so a shallower one here)
    shallow = nest([], 3000, RandomChooser(random.Random(0)))
    assert dumps(shallow, indent=2).count("\n") == 2 * 3000
    assert (
        dumps({"a": [Decimal("1E+2"), {}, []]}, indent=2) == '{\n  "a": [\n    1E+2,\n    {},\n    []\n  ]\n}'
    )


def test_regression_render_recursed_on_a_deep_input():
    # Found by the fuzzer: `ledger-rules render` on a ~900-level document hit RecursionError in the
    # recursive copy (an "internal error", exit 2). render() now refuses it with a ValueError.
    from codegen import render

    deep = nest({}, 900, RandomChooser(random.Random(2)))
    with pytest.raises(ValueError, match="max_depth"):
        render("bookkeepingEntryMatchDestroy", deep)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "deep.json")
        Path(path).write_text(dumps(deep))
        status, _, err = run_cli(["render", "--operation", "createAccountingEntry", path])
        assert status == 2 and "max_depth" in err and "internal error" not in err


EDGE_FILES = {
    "empty.json": b"",
    "blank.json": b" \n\n \r\n",
    "bom.json": b"\xef\xbb\xbf",
    "empty-array.json": b"[]",
    "empty-object.json": b"{}",
    "null.json": b"null",
    "number.json": b"1e999999999",
    "nan.json": b"NaN",
    "trailing-comma.json": b"[{},]",
    "utf16.json": '{"query": "x"}'.encode("utf-16"),
    "latin1.json": '{"description": "é"}'.encode("latin-1"),
    "deep.json": b"[" * 5000 + b"]" * 5000,
    "deep900.json": b"[" * 900 + b"]" * 900,
    "lines.jsonl": b'{}\n\n[]\nnot json\n{"query": 1}\n',
    "crcrlf.json": dumps(BATCH[:2]).replace(", ", ",\r\r\n").encode(),
}


@pytest.mark.parametrize("name", sorted(EDGE_FILES))
def test_cli_on_edge_case_files(name):
    # Found this way: `fix` on an empty array raised IndexError (an "internal error", exit 2).
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        Path(path).write_bytes(EDGE_FILES[name])
        for argv in (
            ["check", path],
            ["check", path, "--context", str(EXAMPLES / "context.json"), "--format", "json"],
            ["fix", path, "--operation", "createAccountingEntry"],
            ["audit", path],
            ["render", "--operation", "createAccountingEntry", path],
            ["check", path, "--context", path],
        ):
            status, _, err = run_cli(argv)
            assert status in (0, 1, 2) and "internal error" not in err and "Traceback" not in err, (argv, err)


@pytest.mark.parametrize(
    "query",
    [
        "mutation { createAccountingEntry { id } }",
        "mutation ($v: X!) { createAccountingEntry singIds(input: $v) { id } }",
        "mutation { createAccountingEntry }",
    ],
)
def test_regression_a_root_field_without_arguments_crashed_the_intake(query):
    # Found by benchmarks/fuzz_long.py (seed 1, document 32627): graphql-core leaves `arguments` None
    # when a field has no parentheses, and the intake iterated over it.
    report = ENGINE.check({"query": query, "variables": {"v": {}}})
    assert report.codes() == ["FLD001"] and "has no `input` argument" in report.violations[0].message


HUGE_EXPONENTS = ["1e-9999999999999999999", "1e99999999999999999999999", "-2.5E+100000000000000000000"]


@pytest.mark.parametrize("literal", HUGE_EXPONENTS)
def test_regression_an_exponent_no_decimal_can_hold_is_fld001_not_a_crash(literal):
    # Found by benchmarks/fuzz_long.py (seed 12, documents 79337 and 307708): Decimal() refuses an
    # exponent beyond about ±10^18 with InvalidOperation, which escaped Engine.check (the CLI stopped
    # the batch with "internal error").
    values = f'{{"date": "2024-03-01", "journalTypeId": "x", "accountingEntryLines": [{{"debitAmount": {literal}}}]}}'
    as_variable = f'{{"query": "mutation ($v: X!) {{ createAccountingEntry(input: $v) {{ id }} }}", "variables": {{"v": {values}}}}}'
    as_literal = (
        '{"query": "mutation { createAccountingEntry(input: {accountingEntryLines: [{debitAmount: '
        + literal
        + '}]}) { id } }"}'
    )
    for text in (as_variable, as_literal):
        for engine in (ENGINE, ENGINE_CTX):
            report = engine.check(text)
            assert report.codes() == ["FLD001"], (text, report.violations)
            assert "max_number_exponent" in report.violations[0].message
    # kept as its text, and written back as the number literal it was
    assert dumps(loads(values)) == dumps(loads(dumps(loads(values))))
    assert literal in dumps(loads(values))
    # the other roads: a direct load says what is wrong with the field; a context refuses it
    loaded = Loader().load(ledger.entries.AccountingEntryLine, loads(f'{{"debitAmount": {literal}}}'))
    assert any(p.path == "debitAmount" and "must be a JSON number" in p.message for p in loaded.problems)
    with pytest.raises(ContextError):
        load_context(f'{{"organization": {{"currency": "EUR", "legislationCode": {literal}}}}}')


@pytest.mark.slow  # subprocesses
def test_regression_an_exponent_no_decimal_can_hold_does_not_stop_a_batch_or_an_audit(tmp_path):
    good = dumps(BATCH[0])
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        f'{{"query": "mutation {{ deleteAccountingEntry(input: {{id: 1e-9999999999999999999}}) {{ id }} }}"}}\n{good}\n'
    )
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text('{"id": "a", "number": 1e99999999999999999999999}\n{"id": "b"}\n')
    for argv, count in ((["check", str(batch)], 2), (["audit", str(ledger)], 2)):
        done = subprocess.run(
            [sys.executable, "-m", "rules", *argv, "--format", "jsonl", "--no-progress"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1 and "internal error" not in done.stderr, (argv, done.stderr)
        reports = [json.loads(line) for line in done.stdout.splitlines()]
        assert len(reports) == count
        assert [v["code"] for v in reports[0]["violations"]] == ["FLD001"]
        assert "max_number_exponent" in reports[0]["violations"][0]["message"]


# -- issue 13: invalid GraphQL documents (item 2) and amplification (item 5) --------------------------

_DELETE_TYPE = "AccountingEntryDeleteGLDtoInput"
_GRAPHQL_FAULTS = (
    # (what the GraphQL spec refuses, a query text with a `{fields}` slot for the root selections)
    ("unused variable", f"mutation ($v: {_DELETE_TYPE}!, $unused: Int) {{{{ {{fields}} }}}}"),
    ("undeclared variable", "mutation {{ {fields} }}"),
    ("mutation field under query", f"query ($v: {_DELETE_TYPE}!) {{{{ {{fields}} }}}}"),
    (
        "duplicate argument",
        f"mutation ($v: {_DELETE_TYPE}!) {{{{ {{fields}} x: deleteAccountingEntry(input: $v, input: $v) {{{{ id }}}} }}}}",
    ),
    (
        "fragment cycle",
        f"mutation ($v: {_DELETE_TYPE}!) {{{{ {{fields}} }}}} fragment A on Mutation {{{{ ...B }}}} fragment B on Mutation {{{{ ...A }}}}",
    ),
)


@examples(40)  # one small document per example
@given(st.sampled_from(_GRAPHQL_FAULTS), st.integers(1, 4), JSON)
def test_fuzz_invalid_graphql_documents_are_one_fld001(fault, count, value):
    """Whatever the variables hold, a document the GraphQL spec refuses is one FLD001, stably."""
    _, template = fault
    fields = " ".join(f"a{i}: deleteAccountingEntry(input: $v) {{ id }}" for i in range(count))
    body = {"query": template.format(fields=fields), "variables": {"v": value}}
    report = Engine().check(body)
    assert report.codes() == ["FLD001"]
    assert report.violations[0].message.startswith("the query is not valid GraphQL: ")
    assert_stable(body, None, with_context=False)


@examples(40)  # up to 30 aliases of one drawn input
@given(st.integers(1, 30), st.integers(1, 30), JSON | st.fixed_dictionaries({"id": JSON}))
def test_fuzz_aliases_of_one_variable_repeat_one_report(count, limit, value):
    """N aliases of one variable: beyond max_root_fields one FLD001 naming it; within it, exactly the
    one-field report repeated under each alias's path (the value is checked once)."""
    fields = " ".join(f"a{i}: deleteAccountingEntry(input: $v) {{ id }}" for i in range(count))
    body = {"query": f"mutation ($v: {_DELETE_TYPE}!) {{ {fields} }}", "variables": {"v": value}}
    engine = Engine(limits=Limits(max_root_fields=limit))
    report = engine.check(body)
    if count > limit:
        assert report.codes() == ["FLD001"] and "(max_root_fields)" in report.violations[0].message
        return
    one = {"query": f"mutation ($v: {_DELETE_TYPE}!) {{ a0: deleteAccountingEntry(input: $v) {{ id }} }}"}
    alone = engine.check({**one, "variables": {"v": value}}).violations
    if [v.code for v in alone] == ["FLD001"]:  # the document itself is refused (a limit): once, not per alias
        assert report.codes() == ["FLD001"]
        return
    prefix = "" if count == 1 else "a{}."
    expected = [(v.code, prefix.format(i) + v.path, v.message) for i in range(count) for v in alone]
    assert [(v.code, v.path, v.message) for v in report.violations] == expected
