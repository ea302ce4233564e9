"""The shape of ledger.testing: one public module, one-way imports, nothing but ledger underneath.

ledger.testing's modules are read as source (their imports) and imported in fresh interpreters, so
what is checked is what a user's program gets, not what the suite happened to import before.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import ledger.testing
from tests.helpers import ROOT

PACKAGE = ROOT / "ledger" / "testing"


def _imported(path: Path) -> list[tuple[str, bool]]:
    """(module, at module level?) for every import in a source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, id(node) in top))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, id(node) in top) for alias in node.names)
    return found


MODULES = sorted(p for p in PACKAGE.glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_the_strategies_import_only_ledger(path):
    ours = [m for m, _top in _imported(path) if m.split(".")[0] in ("ledger", "rules", "codegen")]
    assert [m for m in ours if not m.startswith("ledger")] == []


@pytest.mark.parametrize("path", [p for p in MODULES if p.stem != "plugin"], ids=lambda p: p.stem)
def test_no_strategy_module_imports_the_plugin(path):
    # The plugin imports the strategies (when one is drawn); the other way round would be a circle.
    assert "ledger.testing.plugin" not in [m for m, _top in _imported(path)]


def test_the_plugin_and_the_package_import_nothing_of_the_strategies_at_import_time():
    for path in (PACKAGE / "plugin.py", PACKAGE / "__init__.py"):
        at_top = [m for m, top in _imported(path) if top]
        assert not [m for m in at_top if m.startswith(("ledger", "hypothesis"))], (path.name, at_top)


def test_every_public_name_resolves():
    assert sorted(ledger.testing.__all__) == sorted(set(ledger.testing.__all__))
    for name in ledger.testing.__all__:
        assert getattr(ledger.testing, name) is not None, name
    assert set(ledger.testing.__all__) <= set(dir(ledger.testing))
    with pytest.raises(AttributeError):
        ledger.testing.no_such_strategy  # noqa: B018


def test_the_names_come_from_the_subject_modules():
    from ledger.testing import breakers, organisations, payloads

    assert ledger.testing.breaking is breakers.breaking
    assert ledger.testing.contexts is organisations.contexts
    assert ledger.testing.scenarios is payloads.scenarios


def test_drawing_loads_no_rules_and_no_codegen_in_a_fresh_interpreter():
    program = (
        "import sys\n"
        "from ledger.testing import *\n"
        "scenario = breaking('INV009').example()\n"
        "scenario = scenarios().example()\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('rules', 'codegen'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
