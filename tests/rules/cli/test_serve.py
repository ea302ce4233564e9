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
