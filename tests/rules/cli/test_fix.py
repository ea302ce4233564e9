"""``ledger-rules fix``: the output keeps the input's form, and nothing the input held is lost.

``fix -o x x`` rewrites ``x``: JSON Lines stay JSON Lines (a line that cannot be read is copied as it
is), what cannot be carried over stops the fix with nothing written, and the write is atomic.
"""

from __future__ import annotations

import io
import os
import sys

import pytest

from ledger.io.jsontext import dumps, loads
from ledger.io.limits import DEFAULT_LIMITS
from rules.cli import main

OPERATION = ["--operation", "createAccountingEntry"]


def _bare_input() -> dict:
    # A bare createAccountingEntry input without entryType nor registerType: fix fills both.
    return {
        "journalTypeId": "VTE",
        "date": "2023-03-01",
        "description": "sale",
        "accountingEntryLines": [
            {"accountId": "411000", "debitAmount": "120.00", "creditAmount": "0"},
            {"accountId": "706000", "debitAmount": "0", "creditAmount": "120.00"},
        ],
    }


def _json_lines_with_a_broken_line() -> list[bytes]:
    """Physical lines: a fixable line (after a BOM, CRLF), a broken one, blank ones, an already fixed
    one written compactly, a line that is not UTF-8, and a last line without its newline."""
    fixable = dumps(_bare_input()).encode()
    done = dumps({**_bare_input(), "entryType": "GENERAL"}).replace(", ", ",").replace(": ", ":").encode()
    return [
        b"\xef\xbb\xbf" + fixable + b"\r\n",
        b'{"journalTypeId": "VTE", "date": \n',
        b"\n",
        b"  \t\r\n",
        done + b"\n",
        b"\xff\xfe not text\n",
        fixable,
    ]


def _fixed_lines() -> set[int]:
    return {0, 4, 6}  # what fix changes: the lines without registerType (line 4 has its entryType)


def test_fix_in_place_keeps_json_lines_and_copies_a_broken_line_unchanged(tmp_path, capsys):
    lines = _json_lines_with_a_broken_line()
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"".join(lines))
    status = main(["fix", *OPERATION, "-o", str(path), str(path)])
    err = capsys.readouterr().err
    assert status == 1  # two lines could not be fixed
    out = path.read_bytes().splitlines(keepends=True)
    assert len(out) == len(lines)
    for number, (before, after) in enumerate(zip(lines, out)):
        if number not in _fixed_lines():
            assert after == before, number  # byte-identical, blank and broken lines included
            continue
        body = after.rstrip(b"\r\n")
        assert after[len(body) :] == before[len(before.rstrip(b"\r\n")) :]  # the line's own ending
        assert body.startswith(b"\xef\xbb\xbf") == (number == 0)
        fixed = loads(body.removeprefix(b"\xef\xbb\xbf").decode())
        assert fixed["entryType"] == "GENERAL"
        assert [line["registerType"] for line in fixed["accountingEntryLines"]] == ["UNDEFINED"] * 2
        assert {k: v for k, v in fixed.items() if k != "entryType"} | {"accountingEntryLines": None} == (
            _bare_input() | {"accountingEntryLines": None}
        )
    assert f"{path}:2: not fixed: not valid JSON" in err and "(line copied unchanged)" in err
    assert f"{path}:6: not fixed: not UTF-8 text" in err
    assert sorted(os.listdir(tmp_path)) == ["batch.jsonl"]  # no temporary file left behind


def test_fix_of_json_lines_on_standard_input_writes_json_lines(monkeypatch, capsysbinary):
    lines = _json_lines_with_a_broken_line()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"".join(lines))))
    assert main(["fix", *OPERATION, "-"]) == 1
    out = capsysbinary.readouterr().out.splitlines(keepends=True)
    assert [n for n, (a, b) in enumerate(zip(lines, out)) if a != b] == sorted(_fixed_lines())
    assert len(out) == len(lines)


def test_fix_in_place_leaves_a_broken_single_document_as_it_was(tmp_path, capsys):
    path = tmp_path / "entry.json"
    broken = b'{\n  "journalTypeId": "VTE",\n  "date": \n'
    path.write_bytes(broken)
    assert main(["fix", *OPERATION, "-o", str(path), str(path)]) == 1
    assert path.read_bytes() == broken
    err = capsys.readouterr().err
    assert f"{path}: not fixed: not valid JSON" in err and "nothing written" in err


def test_fix_to_standard_output_writes_nothing_for_a_broken_single_document(tmp_path, capsysbinary):
    path = tmp_path / "entry.json"
    path.write_bytes(b'{"journalTypeId": ')
    assert main(["fix", *OPERATION, str(path)]) == 1
    assert capsysbinary.readouterr().out == b""  # not `null`


def test_fix_in_place_keeps_a_file_whose_line_is_beyond_the_size_limit(tmp_path, capsys):
    # The splitter does not keep a line beyond max_document_bytes: it cannot be copied, so nothing is.
    path = tmp_path / "batch.jsonl"
    original = (
        dumps(_bare_input()).encode()
        + b"\n"
        + b'{"x": "'
        + b"a" * DEFAULT_LIMITS.max_document_bytes
        + b'"}\n'
    )
    path.write_bytes(original)
    assert main(["fix", *OPERATION, "-o", str(path), str(path)]) == 1
    assert path.read_bytes() == original
    assert "max_document_bytes" in capsys.readouterr().err


def test_fix_in_place_keeps_an_array_and_the_file_mode(tmp_path):
    path = tmp_path / "batch.json"
    path.write_text(dumps([_bare_input(), _bare_input()]))
    path.chmod(0o640)
    assert main(["fix", *OPERATION, "-o", str(path), str(path)]) == 0
    fixed = loads(path.read_text())
    assert [doc["entryType"] for doc in fixed] == ["GENERAL", "GENERAL"]
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("failure", ["fsync", "write"])
def test_fix_write_failing_midway_leaves_the_original_intact(tmp_path, monkeypatch, capsys, failure):
    lines = _json_lines_with_a_broken_line()
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"".join(lines))
    if failure == "fsync":  # the disk refuses after the whole text was written to the new file

        def refuse(fd: int) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", refuse)
    else:  # the process is stopped after a part of the output was written (Ctrl-C, a signal)
        from rules.cli import fix

        real = fix._json_lines

        def interrupted(*args, **kwargs):
            pieces = real(*args, **kwargs)
            yield next(pieces)
            yield next(pieces)
            raise KeyboardInterrupt

        monkeypatch.setattr(fix, "_json_lines", interrupted)
    status = main(["fix", *OPERATION, "-o", str(path), str(path)])
    assert status == (2 if failure == "fsync" else 130)
    assert path.read_bytes() == b"".join(lines)
    assert sorted(os.listdir(tmp_path)) == ["batch.jsonl"]
    if failure == "fsync":
        assert f"cannot write {path}: No space left on device" in capsys.readouterr().err
