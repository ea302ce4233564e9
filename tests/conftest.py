"""Shared fixtures. Tests that read ../shared/ skip, saying why, when it is absent (a user's clone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, SHARED


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
