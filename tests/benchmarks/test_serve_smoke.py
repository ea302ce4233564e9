"""The server benchmark's code path on a few documents (no timing assertions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import serve

pytestmark = pytest.mark.slow


def test_the_server_benchmark_runs_and_every_generated_document_is_stored(tmp_path: Path, capsys) -> None:
    out = tmp_path / "serve.json"
    assert serve.main(["--documents", "30", "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert figures["documents"] == 30 and figures["check_invalid"] == 0
    assert figures["serve_statuses"] == {"200": 30} and figures["serve_rejected"] == 0
    assert "server / check" in capsys.readouterr().out
