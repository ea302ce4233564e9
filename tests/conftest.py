"""Shared fixtures and the Hypothesis profiles.

Tests that read ../shared/ skip, saying why, when it is absent (a user's clone).

Hypothesis profiles (one place for what used to be repeated on every property test):

* every profile: no deadline (a shared CI machine or a loaded laptop makes any per-example deadline a
  flaky failure; the fuzz targets may legitimately take long on a 100,000-deep text) and no ``too_slow``
  health check (the structure-aware strategies draw whole organisations and entries, slower than
  Hypothesis's usual budget);
* "dev", the default: 60 examples a test, failures remembered in the local example database (.hypothesis/,
  ignored by git) so the next run replays them first;
* "ci", chosen when CI is set (CI sets CI=true): the same examples, no example database (a run must not
  depend on an earlier run's leftovers), and a failure prints the blob that reproduces it locally;
* "long": 20 times the examples for every test, for a deeper run before a release
  (``./dev test --hypothesis-profile long``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.helpers import EXAMPLES, SHARED
from tests.helpers.budgets import EVERYDAY, LONG_FACTOR

settings.register_profile(
    "dev", max_examples=EVERYDAY, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("ci", settings.get_profile("dev"), database=None, print_blob=True)
settings.register_profile("long", settings.get_profile("dev"), max_examples=EVERYDAY * LONG_FACTOR)
settings.load_profile("ci" if os.environ.get("CI", "").lower() not in ("", "0", "false") else "dev")


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(
            f"{SHARED} is absent: the shared research folder sits beside developer and CI clones only"
        )
    return SHARED


@pytest.fixture(scope="session")
def example_context():
    from ledger.io.context_file import load_context

    return load_context((EXAMPLES / "context.json").read_bytes())
