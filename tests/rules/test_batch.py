"""``check --jobs N`` and ``check_many(jobs=N)``: the same bytes and reports as one process, in input order.

The parallel path ships raw lines to the workers, which parse, check and render; these tests hold it to
the serial path byte for byte, for every output format and every kind of input, across chunk boundaries
(``rules.batch.CHUNK`` is made tiny so a small batch spans many chunks).
"""

from __future__ import annotations

import io
import itertools
import json
import subprocess
import sys

import pytest

import rules.batch
from ledger.io.jsontext import dumps
from ledger.io.sources import RawDocument, RawText, parse_text, read_documents, split_documents
from rules import check_many
from rules.engine import Engine
from rules.report import JsonWriter, Summary
from tests.helpers import EXAMPLES
from tests.helpers.seed import seed001

QUERY = "mutation ($values: AccountingEntryCreateGLDtoInput!) { createAccountingEntry(input: $values) { id number } }"
CONTEXT = str(EXAMPLES / "context.json")


def _body(i: int) -> dict:
    values = seed001()
    if i % 4 != 3:
        values["accountingEntryLines"][0]["accountingEntryThirdParty"]["code"] = "BAGUES"  # else a warning
    if i % 3 == 0:  # unbalanced: an error
        values["accountingEntryLines"][2]["creditAmount"] += 1 + i
    return {"query": QUERY, "variables": {"values": values}}


def _lines(n: int) -> list[bytes]:
    lines = [dumps(_body(i)).encode() for i in range(n)]
    lines[7] = b'{"query": "mutation { createAccountingEntry(input: {}) { id } }", oops\n'  # not JSON
    lines[11] = b"\xff\xfe not UTF-8"
    lines[13] = b'{"values": {"entryType": "GENERAL"}}'  # a bare input and no --operation
    lines[17] = b"[1, 2, 3]"
    return lines


@pytest.fixture
def sources(tmp_path):
    """Every kind of input the CLI reads, with valid, invalid and unreadable documents."""
    lines = _lines(40)
    main = tmp_path / "batch.jsonl"
    # blank lines (including white space only) are not documents but count in line numbers
    main.write_bytes(b"\n".join(lines[:20]) + b"\n\n  \t\n" + b"\n".join(lines[20:]) + b"\n")
    sniffed = tmp_path / "sniffed.txt"  # JSON Lines recognised by content, a BOM on its first line
    sniffed.write_bytes(b"\xef\xbb\xbf" + b"\n".join(_lines(20)[5:15]) + b"\n")
    array = tmp_path / "array.json"
    array.write_text(dumps([_body(i) for i in range(9)], indent=1))
    single = tmp_path / "single.json"
    single.write_text(dumps(_body(3), indent=2))
    one_line = tmp_path / "one-line.json"
    one_line.write_text(dumps(_body(0)) + "\n\n")
    broken = tmp_path / "broken.json"
    broken.write_text('[{"query": "x"}, oops]')
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    return {
        "main": main,
        "sniffed": sniffed,
        "array": array,
        "single": single,
        "one_line": one_line,
        "broken": broken,
        "empty": empty,
    }


def _cli(capsys, *args: str) -> tuple[int, str]:
    from rules.cli import main

    status = main(["check", *args, "--no-progress"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err, captured.err
    return status, captured.out


@pytest.fixture
def tiny_chunks(monkeypatch):
    monkeypatch.setattr(rules.batch, "CHUNK", 3)


@pytest.mark.parametrize("output", ["text", "json", "jsonl"])
def test_jobs_output_is_byte_identical_for_every_format_and_input_kind(sources, capsys, tiny_chunks, output):
    runs = [
        [str(sources["main"])],
        [str(sources["main"]), "--context", CONTEXT],
        [str(path) for path in sources.values()],  # several files: indexes run on across them
        [str(sources["array"])],
        [str(sources["single"])],
        [str(sources["empty"])],
    ]
    for files in runs:
        serial = _cli(capsys, *files, "--format", output)
        for jobs in ("2", "3"):
            assert _cli(capsys, *files, "--format", output, "--jobs", jobs) == serial, (files, jobs)
    # the run over the main file really holds what it should: the unparseable line is FLD001 at its own
    # document index and line number, as in the serial path
    status, text = _cli(capsys, str(sources["main"]), "--format", "jsonl", "--jobs", "2")
    results = [json.loads(line) for line in text.splitlines()]
    assert status == 1 and len(results) == 40 and [r["document"] for r in results] == list(range(40))
    assert results[7]["source"] == f"{sources['main']}:8"
    assert [v["code"] for v in results[7]["violations"]] == ["FLD001"]
    assert "not valid JSON" in results[7]["violations"][0]["message"]
    assert results[20]["source"] == f"{sources['main']}:24"  # after the three blank lines
    assert {v["code"] for r in results for v in r["violations"]} >= {"FLD001", "BAL001", "TPY007"}


def test_jobs_output_is_byte_identical_with_more_documents_than_the_look_ahead(tmp_path, capsys, tiny_chunks):
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"\n".join(_lines(150)) + b"\n")
    for output in ("text", "json", "jsonl"):
        serial = _cli(capsys, str(path), "--format", output, "--context", CONTEXT)
        assert _cli(capsys, str(path), "--format", output, "--context", CONTEXT, "--jobs", "2") == serial


@pytest.mark.slow  # subprocesses
def test_jobs_on_standard_input_as_a_user_runs_it(sources):
    data = sources["main"].read_bytes()
    outputs = {}
    for jobs in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-m", "rules", "check", "-", "--format", "jsonl", "--jobs", jobs],
            input=data,
            capture_output=True,
            timeout=120,
        )
        assert b"Traceback" not in result.stderr, result.stderr
        outputs[jobs] = (result.returncode, result.stdout)
    assert outputs["1"] == outputs["2"]
    status, stdout = outputs["2"]
    first = json.loads(stdout.splitlines()[0])
    assert status == 1 and first["source"] == "<stdin>:1" and len(stdout.splitlines()) == 40


def test_progress_ticks_once_per_document_on_the_parallel_path(sources, capsys, monkeypatch, tiny_chunks):
    import rules.cli.check as command
    from rules.report import Progress

    ticks = []

    class Counting(Progress):
        def tick(self) -> None:
            ticks.append(self.count)
            super().tick()

    monkeypatch.setattr(command, "Progress", Counting)
    status, _ = _cli(capsys, str(sources["main"]), "--jobs", "2")
    assert status == 1 and ticks == list(range(40))


# -- the library API ------------------------------------------------------------------------------------


def _mixed_documents() -> list:
    lines = _lines(20)
    return [
        _body(0),  # a parsed value
        dumps(_body(1)),  # text
        lines[2],  # bytes
        lines[7],  # bytes that are not JSON
        "not json at all",
        RawDocument("given", _body(3)),
        RawDocument("broken", error="not valid JSON: whatever"),
        RawText("line-source", lines[4]),
        RawText("line-broken", lines[11]),
    ] * 3


def test_check_many_gives_the_same_reports_in_input_order(example_context):
    documents = _mixed_documents()
    serial = list(check_many(documents, example_context))
    assert [r.document for r in serial] == list(range(len(documents)))
    for chunk_size in (1, 2, 4, 100):
        parallel = list(check_many(documents, example_context, jobs=2, chunk_size=chunk_size))
        assert parallel == serial, chunk_size
    assert [r.source for r in serial[:9]] == [
        "<document 0>",
        "<document 1>",
        "<document 2>",
        "<document 3>",
        "<document 4>",
        "given",
        "broken",
        "line-source",
        "line-broken",
    ]
    assert [r.codes() for r in serial[3:5]] == [["FLD001"], ["FLD001"]]


def test_check_many_indexes_run_on_across_chunks():
    # Regression: each chunk after the first skipped one index (the counter was zipped with a slice).
    reports = list(check_many([_body(1)] * 10, jobs=2, chunk_size=3, select=["BAL"]))
    assert [r.document for r in reports] == list(range(10))
    assert [r.source for r in reports] == [f"<document {i}>" for i in range(10)]


def test_check_many_settings_reach_the_workers():
    documents = [_body(0), _body(1)]
    reports = list(
        check_many(documents, jobs=2, chunk_size=1, select=["BAL"], severity={"BAL001": "warning"})
    )
    assert [r.codes() for r in reports] == [["BAL001"], []]
    assert reports[0].valid and reports[0].violations[0].severity.value == "warning"


def test_check_many_look_ahead_is_bounded_on_an_endless_stream():
    pulled = 0
    body = dumps(_body(1))

    def endless():
        nonlocal pulled
        for _ in itertools.count():
            pulled += 1
            yield body

    reports = check_many(endless(), jobs=2, chunk_size=4)
    first = list(itertools.islice(reports, 10))
    assert [r.document for r in first] == list(range(10))
    # 10 reports need 3 chunks back; at most 2 x jobs chunks are in flight beyond what was consumed,
    # one more is being gathered, and the reading thread holds READ_AHEAD documents (and one it waits
    # to hand over)
    assert pulled <= 4 * (3 + 2 * 2 + 1) + rules.batch.READ_AHEAD + 1
    reports.close()  # shuts the pool down


def test_the_pool_also_works_without_fork(monkeypatch, sources, capsys, example_context):
    # macOS and Windows start workers with spawn: the settings and the context are pickled to them.
    import multiprocessing

    monkeypatch.setattr(rules.batch, "_start_method", lambda: multiprocessing.get_context("spawn"))
    documents = _mixed_documents()[:9]
    assert list(check_many(documents, example_context, jobs=2, chunk_size=2)) == list(
        check_many(documents, example_context)
    )
    files = [str(sources["main"]), str(sources["array"]), "--context", CONTEXT, "--format", "text"]
    assert _cli(capsys, *files, "--jobs", "2") == _cli(capsys, *files)


def test_jobs_auto_is_one_process_per_usable_cpu_and_gives_the_same_output(sources, capsys, monkeypatch):
    from rules.cli import check as check_command

    monkeypatch.setattr(check_command, "usable_cpus", lambda: 3)
    seen = []
    real = check_command.render_many
    monkeypatch.setattr(check_command, "render_many", lambda *a, **k: seen.append(k["jobs"]) or real(*a, **k))
    files = [str(sources["main"]), "--context", CONTEXT, "--format", "jsonl"]
    assert _cli(capsys, *files, "--jobs", "auto") == _cli(capsys, *files)
    assert seen == [3]


@pytest.mark.parametrize("value", ["0", "-1", "many", "1.5"])
def test_jobs_refuses_what_is_not_a_count_or_auto(value, capsys):
    from rules.cli import main

    status = main(["check", "--jobs", value, "-"])
    assert status == 2 and "--jobs" in capsys.readouterr().err


def test_usable_cpus_counts_at_least_one():
    from rules.cli.check import usable_cpus

    assert usable_cpus() >= 1


def test_check_many_rejects_bad_arguments():
    with pytest.raises(ValueError):
        list(check_many([], jobs=0))
    with pytest.raises(ValueError):
        list(check_many([_body(0)], jobs=2, chunk_size=0))


# -- the pieces -----------------------------------------------------------------------------------------


def test_split_then_parse_text_is_read_documents():
    data = b"\xef\xbb\xbf" + b"\n".join(_lines(20)) + b"\n\n"
    split = list(split_documents("b.txt", io.BytesIO(data)))
    assert all(type(item) is RawText for item in split) and split[0].data.startswith(b"{")
    parsed = [parse_text(item) for item in split]
    assert parsed == list(read_documents("b.txt", io.BytesIO(data)))
    assert parsed[11].error.startswith("not UTF-8 text: byte 0xff")
    array = dumps([_body(0), "text", _body(1), [[[[]]]]], indent=2).encode()
    assert all(type(item) is RawDocument for item in split_documents("a.json", io.BytesIO(array)))
    deferred = list(split_documents("a.json", io.BytesIO(array), defer=True))
    assert all(type(item) is RawText and type(item.data) is str for item in deferred)
    assert [parse_text(item) for item in deferred] == list(read_documents("a.json", io.BytesIO(array)))
    deep = b'[{"a": 1}, ' + b"[" * 600 + b"]" * 600 + b"]"  # parsed here: too deep to parse elsewhere
    kinds = [type(item) for item in split_documents("d.json", io.BytesIO(deep), defer=True)]
    assert kinds == [RawText, RawDocument]
    assert [
        item if type(item) is RawDocument else parse_text(item)
        for item in split_documents("d.json", io.BytesIO(deep), defer=True)
    ] == list(read_documents("d.json", io.BytesIO(deep)))
    broken = b"[" + dumps(_body(0)).encode() + b", oops]"
    assert list(split_documents("b.json", io.BytesIO(broken), defer=True)) == list(
        read_documents("b.json", io.BytesIO(broken))
    )


def _cut(items: list, size: int) -> list[tuple[int, int]]:
    """``(start, length)`` of the chunks a fast input makes: each sent once it is full, the rest last."""
    from rules.batch import _Chunker

    chunker, cut = _Chunker(size), []
    for item in items:
        chunker.add(item)
        if chunker.full:
            start, chunk = chunker.take()
            cut.append((start, len(chunk)))
    if chunker.documents:
        start, chunk = chunker.take()
        cut.append((start, len(chunk)))
    return cut


def test_chunks_are_cut_by_count_and_by_bytes(monkeypatch):
    monkeypatch.setattr(rules.batch, "CHUNK_BYTES", 10)
    items = [RawText("a", b"1234"), RawText("b", "56789"), {"x": 1}, RawText("c", b"0" * 20), "xy", b"z"]
    assert _cut(items, 3) == [(0, 3), (3, 1), (4, 2)]
    monkeypatch.setattr(rules.batch, "CHUNK_BYTES", 1000)
    assert _cut(items, 4) == [(0, 4), (4, 2)]
    assert _cut([], 4) == []


def test_json_writer_writes_what_json_dump_writes(example_context):
    engine = Engine(context=example_context)
    batch = io.BytesIO((EXAMPLES / "batch.json").read_bytes())
    reports = list(engine.check_documents(read_documents("b.json", batch)))
    violations = [v for r in reports for v in r.violations]
    assert any(v.hint for v in violations) and any(v.figures for v in violations)
    reports.append(engine.check({"query": QUERY, "variables": {"values": {"description": "Écart «x»\n"}}}))
    for subset in (reports, reports[:1], []):
        summary = Summary()
        for report in subset:
            summary.add(report)
        expected = io.StringIO()
        json.dump(
            {"version": 1, "results": [r.to_dict() for r in subset], "summary": summary.to_dict()},
            expected,
            ensure_ascii=False,
            indent=2,
        )
        expected.write("\n")
        for rendered in (False, True):
            out = io.StringIO()
            writer = JsonWriter(out)
            for report in subset:
                writer.write_rendered(writer.render(report)) if rendered else writer.write(report)
            writer.close(summary)
            assert out.getvalue() == expected.getvalue()


def test_summary_merge_is_adding_the_reports():
    engine = Engine()
    reports = [engine.check(_body(i)) for i in range(7)]
    whole, first, second = Summary(), Summary(), Summary()
    for i, report in enumerate(reports):
        whole.add(report)
        (first if i < 3 else second).add(report)
    first.merge(second)
    assert first.to_dict() == whole.to_dict() and first.infos == whole.infos
