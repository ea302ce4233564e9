"""Generated documentation stays in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rules.cli.catalogue import render_markdown
from rules.families import default_registry

ROOT = Path(__file__).resolve().parents[1]


def test_rule_catalogue_page_is_fresh():
    expected = render_markdown(list(default_registry()))
    actual = (ROOT / "docs/rules.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "docs/rules.md is stale: run `ledger-rules rules --format markdown > docs/rules.md`"
    )


def test_every_rule_has_a_section_in_the_catalogue_page():
    page = (ROOT / "docs/rules.md").read_text(encoding="utf-8")
    for spec in default_registry():
        assert f"### {spec.code} {spec.name}" in page


MARKDOWN = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "benchmarks" / "README.md"]


@pytest.mark.parametrize("page", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_point_at_files_that_exist(page):
    # A newcomer follows these links from the README; a renamed document must not leave one dangling.
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8"))
    local = [t for t in targets if "://" not in t and not t.startswith("mailto:")]
    missing = [t for t in local if not (page.parent / t).exists()]
    assert not missing, f"{page.name} links to missing files: {missing}"


def test_every_command_in_the_readme_table_exists():
    from rules.cli import build_parser

    table = [
        line
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
    ]
    named = {re.match(r"\| `([a-z-]+)", line).group(1) for line in table}
    parser = build_parser()
    commands = set(next(a for a in parser._actions if a.dest == "command").choices)
    assert named and named <= commands, named - commands
