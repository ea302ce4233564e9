"""Fixtures of the family tables."""

from __future__ import annotations

import pytest

from rules.engine import Engine


@pytest.fixture(scope="module")
def engine():
    # FLD and BAL only: the FLD and BAL tables (test_fld.py, test_bal.py) stay about these two families;
    # the other families have their own tables and engines.
    return Engine(select=["FLD", "BAL"])
