"""Generated documentation stays in step with the code."""

from __future__ import annotations

from pathlib import Path

from rules.commands.catalogue import render_markdown
from rules.registry import default_registry

ROOT = Path(__file__).resolve().parents[1]


def test_rule_catalogue_page_is_fresh():
    expected = render_markdown(list(default_registry()))
    actual = (ROOT / "docs/rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run `ledger-rules rules --format markdown > docs/rules.md`"


def test_every_rule_has_a_section_in_the_catalogue_page():
    page = (ROOT / "docs/rules.md").read_text(encoding="utf-8")
    for spec in default_registry():
        assert f"### {spec.code} {spec.name}" in page
