"""``ledger-rules serve``'s refusals: one line and exit status 2 (the serving itself is tested over HTTP
in tests/rules/serve)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.cli import main


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--context", "{missing}"], "cannot read context file"),
        (["--context", "{broken}"], "invalid context"),
        (["--db", "{folder}/no/such/folder/x.db"], "cannot open database"),
    ],
)
def test_serve_refuses_with_one_line(tmp_path: Path, capsys, arguments: list[str], message: str) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"journalTypes": 3}')
    values = {"missing": str(tmp_path / "missing.json"), "broken": str(broken), "folder": str(tmp_path)}
    status = main(["serve", *(a.format(**values) for a in arguments)])
    err = capsys.readouterr().err
    assert status == 2 and message in err and len(err.strip().splitlines()) == 1


@pytest.mark.slow  # a subprocess
def test_serve_serves_until_stopped(tmp_path: Path) -> None:
    import re
    import signal
    import subprocess
    import sys

    from rules.serve.client import Client
    from tests.helpers import EXAMPLES

    command = [
        sys.executable,
        "-m",
        "rules",
        "serve",
        "--context",
        str(EXAMPLES / "context.json"),
        "--port",
        "0",
    ]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        organisation, url = None, None
        for line in process.stderr:
            organisation = organisation or (re.findall(r"organisation (\S+)", line) or [None])[0]
            found = re.search(r"running on (http://\S+)", line)
            if found:
                url = found.group(1)
                break
        assert organisation and url, "the server did not say where it listens"
        client = Client(url, organisation)
        listed = client.graphql("{ organizations { nodes { id } } }").data
        assert listed == {"organizations": {"nodes": [{"id": organisation}]}}
        client.close()
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C: uvicorn shuts down, then the CLI's usual 130
        assert process.wait(timeout=30) == 130
