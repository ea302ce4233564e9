"""``rules.cli._common.read_json_file``: the one reader of a single JSON file, for three commands.

``render``, ``post-sales-invoice`` and ``context build`` each read one JSON file; they share the
reader, so a broken file gets the same one-line usage error (exit status 2) from all three.
"""

from __future__ import annotations

import io
import sys
from decimal import Decimal

import pytest

from rules.cli import UsageError, main
from rules.cli._common import read_json_file
from tests.helpers import EXAMPLES

COMMANDS = {
    "render": ["render", "--operation", "createAccountingEntry"],
    "post-sales-invoice": ["post-sales-invoice", "--context", str(EXAMPLES / "context.json")],
    "context build": ["context", "build"],
}

BROKEN = {
    "not JSON": (b'{"a": ', "not valid JSON: Expecting value at line 1 column 7"),
    "not UTF-8": (b'{"a": "\xe9"}', "not UTF-8 text (byte 7)"),
    "too deep": (
        b"[" * 100_000 + b"]" * 100_000,
        "nested too deeply to read (see max_depth in docs/robustness.md)",
    ),
}


def test_reads_one_document_with_exact_decimals(tmp_path):
    path = tmp_path / "doc.json"
    path.write_bytes(b'{"amount": 0.10, "items": [1, 2]}')
    assert read_json_file(str(path)) == {"amount": Decimal("0.10"), "items": [1, 2]}


def test_dash_reads_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'["from stdin"]')))
    assert read_json_file("-") == ["from stdin"]


def test_a_missing_file_is_a_usage_error(tmp_path):
    missing = tmp_path / "absent.json"
    with pytest.raises(UsageError, match=rf"^cannot open {missing}: No such file or directory$"):
        read_json_file(str(missing))


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_a_usage_error_naming_it(tmp_path, case):
    data, message = BROKEN[case]
    path = tmp_path / "broken.json"
    path.write_bytes(data)
    with pytest.raises(UsageError) as caught:
        read_json_file(str(path))
    assert str(caught.value) == f"{path}: {message}"


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", [*BROKEN, "missing"])
def test_every_single_file_command_says_the_same(tmp_path, capsys, command, case):
    path = tmp_path / "input.json"
    if case == "missing":
        expected = f"cannot open {path}: No such file or directory"
    else:
        data, message = BROKEN[case]
        path.write_bytes(data)
        expected = f"{path}: {message}"
    assert main([*COMMANDS[command], str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"ledger-rules: error: {expected}\n" and captured.out == ""
