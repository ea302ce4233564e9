"""Every file read stops at its limit and says so: ``max_document_bytes`` for a document (a source that
goes on past it, such as ``/dev/zero``, is read no further), ``max_file_bytes`` for a file read whole
(a context file, a saved response, render's input), ``max_source_bytes`` for a batch read whole (a JSON
array, a pipe the audit copies) and for a JSON Lines line that never ends. A closed standard input is a
one-line error.

The ``/dev/zero`` tests run the real program with a timeout: they finish because the read stops.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ledger.io.limits import DEFAULT_LIMITS, FileTooBig, Limits, read_whole
from ledger.io.sources import read_documents
from tests.helpers import EXAMPLES

ROOT = Path(__file__).resolve().parents[3]
ZERO = "/dev/zero"


def _run(argv: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("LEDGER_RULES_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "rules", *argv], capture_output=True, text=True, env=env, timeout=60, **kwargs
    )


needs_dev_zero = pytest.mark.skipif(not os.path.exists(ZERO), reason="no /dev/zero on this system")


@pytest.mark.slow  # subprocesses
@needs_dev_zero
@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--context", ZERO, str(EXAMPLES / "context.json")],
        ["context", "build", ZERO],
        ["render", "--operation", "createAccountingEntry", ZERO],
        ["post-sales-invoice", "--context", str(EXAMPLES / "context.json"), ZERO],
    ],
    ids=["check --context", "context build", "render", "post-sales-invoice"],
)
def test_a_file_read_whole_stops_at_max_file_bytes(argv):
    done = _run(argv)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "(max_file_bytes)" in done.stderr, done.stderr
    assert ZERO in done.stderr


@pytest.mark.slow  # subprocesses
@needs_dev_zero
def test_check_of_an_endless_document_stops_at_max_document_bytes():
    done = _run(["check", ZERO])
    assert done.returncode == 1
    assert done.stdout.startswith(
        f"{ZERO}: FLD001 [error] (document): document goes on past the limit of 33,554,432 bytes "
        "(max_document_bytes); it was read no further\n"
    )


@pytest.mark.slow  # subprocesses
@needs_dev_zero
def test_fix_of_an_endless_document_stops_and_writes_nothing():
    done = _run(["fix", ZERO])
    assert done.returncode == 1
    assert done.stdout == ""
    assert "max_document_bytes" in done.stderr and "nothing written" in done.stderr


@pytest.mark.slow  # a subprocess
@needs_dev_zero
def test_fix_of_an_endless_standard_input_stops_and_spools_no_further():
    with open(ZERO, "rb") as zero:
        done = _run(["fix", "-"], stdin=zero)
    assert done.returncode == 1 and done.stdout == ""
    assert "<stdin>: not fixed: document goes on past the limit" in done.stderr


@pytest.mark.slow  # subprocesses
@pytest.mark.parametrize(
    "argv", [["check", "-"], ["fix", "-"], ["audit", "-"], ["render", "--operation", "journalTypes"]]
)
def test_a_closed_standard_input_is_a_one_line_usage_error(argv):
    done = _run(argv, stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))
    assert done.returncode == 2
    assert done.stderr == "ledger-rules: error: cannot read standard input: it is closed\n"


def test_read_whole_reads_no_further_than_max_file_bytes():
    stream = io.BytesIO(b"x" * 100)
    with pytest.raises(FileTooBig, match=r"larger than the limit of 10 bytes \(max_file_bytes\)") as caught:
        read_whole(stream, Limits(max_file_bytes=10))
    assert caught.value.breach.limit == "max_file_bytes" and caught.value.breach.value == 10
    assert stream.tell() == 11  # the limit and one byte to know there is more
    assert read_whole(io.BytesIO(b"x" * 10), Limits(max_file_bytes=10)) == b"x" * 10


def test_a_document_on_a_pipe_beyond_the_limit_is_read_no_further():
    read, write = os.pipe()
    with open(write, "wb") as sink:
        sink.write(b'{"a": "' + b"b" * 200)  # a pipe cannot say its size
    with open(read, "rb") as stream:
        (document,) = read_documents("<pipe>", stream, limits=Limits(max_document_bytes=50))
    assert document.breach is not None and document.breach.limit == "max_document_bytes"
    assert document.error == (
        "document goes on past the limit of 50 bytes (max_document_bytes); it was read no further"
    )


def test_a_regular_file_beyond_the_limit_still_says_its_size(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b"\n\n" + b'{"a": "' + b"b" * 200 + b'"}')
    with open(path, "rb") as stream:
        (document,) = read_documents(str(path), stream, limits=Limits(max_document_bytes=50))
    assert document.error == "document is 209 bytes, beyond the limit of 50 (max_document_bytes)"


def _endless(head: bytes, filler: bytes) -> subprocess.Popen[bytes]:
    """A writer that sends ``head`` then ``filler`` forever, into a pipe (until its reader is gone)."""
    script = (
        f"import sys; out = sys.stdout.buffer; out.write({head!r}); block = {filler!r} * (1 << 20)\n"
        "try:\n    while True: out.write(block)\nexcept (BrokenPipeError, OSError): pass"
    )
    return subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def _run_on_endless(argv: list[str], head: bytes, filler: bytes) -> subprocess.CompletedProcess[str]:
    writer = _endless(head, filler)
    try:
        return _run(argv, stdin=writer.stdout)
    finally:
        writer.kill()
        writer.wait()


@pytest.mark.slow  # subprocesses reading a GiB
def test_check_of_an_endless_array_on_a_pipe_stops_at_max_source_bytes():
    done = _run_on_endless(["check", "-"], b"[", b" ")
    assert done.returncode == 1
    assert "(max_source_bytes)" in done.stdout and "source is larger than the limit" in done.stdout
    assert f"{DEFAULT_LIMITS.max_source_bytes:,} bytes" in done.stdout


@pytest.mark.slow  # subprocesses reading a GiB
def test_check_of_an_endless_json_lines_line_on_a_pipe_reports_the_lines_before_and_stops():
    done = _run_on_endless(["check", "-"], b'{"a": 1}\n', b"x")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("<stdin>:1: FLD001")  # the line before is still checked
    assert any(
        line.startswith("<stdin>:2: FLD001") and "without ending (max_source_bytes)" in line for line in lines
    )
    assert "2 documents checked" in done.stdout


@pytest.mark.slow  # subprocesses reading a GiB
def test_audit_of_an_endless_pipe_is_a_one_line_usage_error():
    done = _run_on_endless(["audit", "-"], b'{"a": 1}\n', b"x")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "(max_source_bytes)" in done.stderr, done.stderr
    assert "<stdin>" in done.stderr


def test_an_array_file_beyond_max_source_bytes_is_refused_unread(tmp_path):
    path = tmp_path / "batch.json"
    path.write_bytes(b"[" + b" " * 5000 + b"]")
    with open(path, "rb") as stream:
        limits = Limits(max_document_bytes=100, max_source_bytes=1000)
        documents = list(read_documents(str(path), stream, limits=limits))
        assert stream.tell() <= 101  # its first line's head; then the file system said its size
    assert [d.breach.limit for d in documents if d.breach] == ["max_source_bytes"]
    assert documents[0].error == "source is larger than the limit of 1,000 bytes (max_source_bytes)"


def test_an_array_within_max_source_bytes_is_read_as_before(tmp_path):
    path = tmp_path / "batch.json"
    path.write_bytes(b'[{"a": 1}, {"b": 2}]')
    with open(path, "rb") as stream:
        documents = list(read_documents(str(path), stream, limits=Limits(max_source_bytes=20)))
    assert [d.source for d in documents] == [f"{path}[0]", f"{path}[1]"]
    assert all(d.error is None for d in documents)
