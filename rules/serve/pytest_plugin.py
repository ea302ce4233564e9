"""The pytest plugin (entry point ``pytest11``): a fake server per test session, for your own tests.

Active only when ledger-rules is installed with the ``server`` extra: without uvicorn the plugin
registers nothing, not even its options, so installing ledger-rules alone changes no one's test run.
The fixtures live in :mod:`rules.serve.pytest_fixtures`, which :func:`pytest_configure` registers by
name (so neither module imports the other).
With it, three fixtures::

    def test_my_exporter_posts_a_valid_invoice(ledger_server, ledger_context):
        body = my_exporter.invoice_request(...)
        assert_valid_payload(body, context=ledger_context)          # offline: the rules' verdict
        response = ledger_server.client.post(body)                  # online: the fake's answer
        assert response.status == 200 and not response.errors
        assert ledger_server.state()["organizations"][0]["entries"]

* ``ledger_context`` — the :class:`~ledger.context.Context` of the file named by ``--ledger-context``
  or the ini option ``ledger_context`` (None when neither is set);
* ``ledger_server`` — a :class:`~rules.serve.pytest_fixtures.LedgerServer`: a server on a free port
  in a thread, started once per session, seeded from the same file and RESET before each test;
  ``url``, ``graphql_url``,
  ``organization_id``, a ``client`` for that organisation (:class:`rules.serve.client.Client`),
  ``state()`` and ``requests()`` (the log of what your code sent);
* :func:`assert_valid_payload` — fails the test with the violations listed, one per line, when the
  rules find an error in a request body (importable: ``from rules.serve.pytest_plugin import
  assert_valid_payload``).
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ledger.context import Context


def _enabled() -> bool:
    return importlib.util.find_spec("uvicorn") is not None


def assert_valid_payload(body: Any, *, context: Context | None = None, operation: str | None = None) -> None:
    """Fail (``pytest.fail``) when ``body`` (a request body, or a bare input with ``operation``) has
    an error under the rules, listing every violation as ``check`` prints it."""
    from rules.engine import Engine

    report = Engine(context=context).check(body, operation=operation)
    if not report.valid:
        lines = [f"{v.code} [{v.severity.value}] {v.path}: {v.message}" for v in report.violations]
        pytest.fail("the payload is not valid:\n  " + "\n  ".join(lines), pytrace=False)


def pytest_addoption(parser: pytest.Parser) -> None:
    if not _enabled():
        return
    group = parser.getgroup("ledger-rules")
    group.addoption(
        "--ledger-context",
        dest="ledger_context",
        metavar="FILE",
        help="context file seeding the ledger_server and ledger_context fixtures",
    )
    parser.addini("ledger_context", "context file seeding the ledger_server and ledger_context fixtures")


def pytest_configure(config: pytest.Config) -> None:
    if _enabled():
        config.pluginmanager.import_plugin("rules.serve.pytest_fixtures")
