"""How many examples a property test draws: the Hypothesis profiles' one knob, and a test's own share.

The profiles themselves are registered in ``tests/conftest.py``: "dev" (the default), "ci" (chosen when
the CI variable is set) and "long" (a deeper local run: ``./dev test --hypothesis-profile long``). They
differ only in how many examples a test draws and in where failures are remembered; deadline and health
checks are the same everywhere.

Most property tests use the profile's number. A test whose examples cost far more than usual (a whole
organisation drawn, every rule run) or far less (a few bytes through one reader) asks for its own number
with :func:`examples`, written as what it draws under dev and ci, and the long profile multiplies it like
every other test's.
"""

from __future__ import annotations

from hypothesis import settings

#: Examples per test under the dev and ci profiles: the suite's everyday depth.
EVERYDAY = 60

#: The long profile draws this many times more, for every test (the old LEDGER_FUZZ_SCALE=20).
LONG_FACTOR = 20


def examples(everyday: int) -> settings:
    """Settings for a test that draws ``everyday`` examples under dev and ci, scaled by the loaded profile."""
    scale = settings.default.max_examples / EVERYDAY
    return settings(max_examples=max(1, round(everyday * scale)))
