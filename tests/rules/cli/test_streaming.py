"""Results stream: ``--format jsonl`` prints and flushes each result as soon as it is known (with
``--jobs``, in input order as soon as every document before it is done); ``--format json`` writes its
``results`` as they come and the summary last.

The subprocess tests feed standard input one document at a time and read the output line by line,
each wait bounded by a timeout: a result that arrives only when the input ends fails them.
"""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from ledger.io.jsontext import dumps
from rules.engine import Engine
from rules.report import JsonWriter, Summary
from tests.helpers.entries import entry, line

ROOT = Path(__file__).resolve().parents[3]
WAIT = 60.0  # seconds: generous, only to keep a broken build from hanging the suite


def _body(amount: str) -> bytes:
    """A request body whose entry balances when ``amount`` is 100.00."""
    values = entry("VTE", [line("411000", debit=amount), line("706000", credit="100.00")])
    query = "mutation ($values: CreateAccountingEntryInput!) { createAccountingEntry(input: $values) { id } }"
    return dumps({"query": query, "variables": {"values": values}}).encode() + b"\n"


class _Lines:
    """The lines a subprocess writes, each read with a deadline."""

    def __init__(self, stream) -> None:
        self.fd = stream.fileno()
        self.buffer = b""

    def next(self) -> dict:
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([self.fd], [], [], WAIT)
            assert ready, "no result within the timeout while the input is still open"
            chunk = os.read(self.fd, 1 << 16)
            assert chunk, "the output ended"
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return json.loads(line)


@pytest.mark.slow  # a subprocess
@pytest.mark.skipif(sys.platform == "win32", reason="select() on pipes")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_results_appear_while_standard_input_is_still_open(jobs):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONUNBUFFERED", None)  # the program's own flushing is what is tested
    process = subprocess.Popen(
        [sys.executable, "-m", "rules", "check", "-", "--format", "jsonl", "--jobs", jobs, "--no-progress"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        out = _Lines(process.stdout)
        # The first document's result needs the second line (or the end of input): it decides whether
        # standard input is JSON Lines or one document.
        for amount in ("100.00", "99.00"):
            process.stdin.write(_body(amount))
            process.stdin.flush()
        assert [out.next()["document"], out.next()["document"]] == [0, 1]
        # From then on, each document's result comes before the next document is sent.
        for index, amount in enumerate(("100.00", "98.00", "100.00"), start=2):
            process.stdin.write(_body(amount))
            process.stdin.flush()
            result = out.next()
            assert result["document"] == index and result["valid"] == (amount == "100.00")
        process.stdin.close()
        assert process.wait(timeout=WAIT) == 1  # two unbalanced entries
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_json_writer_writes_each_result_before_the_batch_ends():
    engine = Engine()
    out = io.StringIO()
    writer = JsonWriter(out)
    summary = Summary()
    reports = [engine.check(json.loads(_body(a)), index=i) for i, a in enumerate(("100.00", "90.00"))]
    for report in reports:
        before = out.tell()
        writer.write(report)
        summary.add(report)
        assert JsonWriter.render(report) in out.getvalue()[before:]  # written now, not kept
    assert '"summary"' not in out.getvalue()
    writer.close(summary)
    report = json.loads(out.getvalue())
    assert list(report) == ["version", "results", "summary"]
    assert [r["document"] for r in report["results"]] == [0, 1] and report["summary"]["documents"] == 2
