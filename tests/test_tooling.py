"""The project's own checkers, run as the suite's tests: types, lint, format and the layer order.

Each test runs one tool of the virtual environment (found next to the running Python, so the suite
uses the versions the ``test`` extra installed) with the configuration in pyproject.toml, and fails
with the tool's own output. Caches go to temporary directories: the suite writes nothing into the tree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
README_USAGE = ROOT / "tests" / "typing" / "readme_usage.py"


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / name
    assert executable.is_file(), f"{name} is not installed next to {sys.executable} (the test extra)"
    return subprocess.run(
        [str(executable), *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False
    )


def assert_passes(result: subprocess.CompletedProcess[str]) -> None:
    command = " ".join(Path(result.args[0]).name if i == 0 else a for i, a in enumerate(result.args))
    assert result.returncode == 0, (
        f"`{command}` exited with {result.returncode}:\n{result.stdout}{result.stderr}"
    )


def test_mypy_passes_over_the_packages(tmp_path: Path) -> None:
    # No paths: the packages and the settings are pyproject's [tool.mypy].
    assert_passes(run_tool("mypy", "--cache-dir", str(tmp_path)))


def test_readme_library_section_passes_mypy_strict(tmp_path: Path) -> None:
    # As a user's project sees an installed package: its own modules' errors are not the user's
    # (follow_imports=silent), but every name must be exported explicitly and every call must type-check.
    assert_passes(
        run_tool(
            "mypy", "--strict", "--follow-imports=silent", "--cache-dir", str(tmp_path), str(README_USAGE)
        )
    )


def test_ruff_check_is_clean() -> None:
    assert_passes(run_tool("ruff", "check", "--no-cache", "."))


def test_ruff_format_leaves_every_file_as_it_is() -> None:
    assert_passes(run_tool("ruff", "format", "--check", "--no-cache", "."))


def test_import_contracts_are_kept() -> None:
    # The layer order, "ledger uses only ledger", no circles: [tool.importlinter] in pyproject.toml.
    assert_passes(run_tool("lint-imports", "--no-cache"))
