"""What several test modules share, in one place: the repository's paths here, and the base documents
and organisations the rule tables start from in the modules beside this one (``seed``: seed 001 with real
ids; ``entries``: the REG/TPY/INV/TAX/REF tables' organisation and builders; ``read_entries``: entries as
read from the API, for OIT, SET and LET; ``sales``: the example organisation for PST and the posting
simulator; ``fuzzing``: the fuzzers' mutators and material, shared with benchmarks/fuzz_long.py;
``budgets``: a property test's own number of examples under the Hypothesis profiles).

Test modules import these (``from tests.helpers.seed import seed001``), never one another.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"
