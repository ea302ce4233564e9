"""Every module imports on its own, first thing in a fresh interpreter.

The suite imports modules in one order; a user's program imports them in another. An import cycle that
the suite's order hides (as the Hypothesis entry point inside the strategies module did) fails only there.
One interpreter checks every module, each with the project's own modules (and Hypothesis, whose entry
points load ours while it is imported) forgotten first; other libraries stay loaded, which keeps this
to seconds.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT

_PROGRAM = """
import importlib, sys
failed = []
# _hypothesis_globals counts whether Hypothesis is being imported (its entry points must not draw then):
# forgotten with Hypothesis, or a second import of Hypothesis would believe it is not initialising.
ours = ("ledger", "rules", "codegen", "hypothesis", "_hypothesis_globals", "benchmarks")
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m.split(".")[0] in ours]:  # forget what came before
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
print("\\n".join(failed))
"""


def modules() -> list[str]:
    names = []
    for package in ("ledger", "rules", "codegen"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__main__":
                continue  # runs the CLI
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


@pytest.mark.slow  # a fresh interpreter
def test_every_module_imports_first():
    names = modules()
    assert {"ledger.testing.payloads", "rules.engine", "codegen"} <= set(names)
    result = subprocess.run(
        [sys.executable, "-c", _PROGRAM, *names], capture_output=True, text=True, cwd=ROOT, timeout=600
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "", result.stdout
