"""The pytest plugin, as a user meets it: a test file of theirs, run by pytest in a fresh process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES

pytestmark = pytest.mark.slow

USER_TESTS = """
from ledger.io.jsontext import loads
from rules.serve.pytest_plugin import assert_valid_payload

BATCH = loads(open("batch.json", encoding="utf-8").read())


def test_stored_then_reset_before_the_next_test(ledger_server, ledger_context):
    assert_valid_payload(BATCH[1], context=ledger_context)
    response = ledger_server.client.post(BATCH[1])
    assert response.status == 200 and not response.errors
    assert len(ledger_server.state()["organizations"][0]["entries"]) == 1
    assert [r["operations"] for r in ledger_server.requests()] == [["createAccountingEntry"]]


def test_the_server_was_reset(ledger_server):
    assert ledger_server.state()["organizations"][0]["entries"] == []
    assert ledger_server.graphql_url.endswith("/graphql")


def test_an_invalid_payload_fails_with_its_violations(ledger_context):
    assert_valid_payload(BATCH[15], context=ledger_context)
"""


def test_the_fixtures_in_a_users_test_run(tmp_path: Path) -> None:
    (tmp_path / "batch.json").write_bytes((EXAMPLES / "batch.json").read_bytes())
    (tmp_path / "context.json").write_bytes((EXAMPLES / "context.json").read_bytes())
    (tmp_path / "pytest.ini").write_text("[pytest]\nledger_context = context.json\n")
    (tmp_path / "test_user.py").write_text(USER_TESTS)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_user.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "1 failed, 2 passed" in run.stdout and "warning" not in run.stdout, run.stdout + run.stderr
    assert "BAL001 [error] accountingEntryLines: entry is unbalanced" in run.stdout
