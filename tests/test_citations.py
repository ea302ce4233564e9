"""Citations users can follow: every source the shipped text cites is in docs/sources.md.

docs/sources.md lists public pages (``### N. [PAGE-ID] title`` with the page's URL under it) and, under
each, facts (``- **S12** (certainty) text``). Rule documentation, help texts, comments and docs cite
those ids. These tests keep the two in step and keep out citations of files that do not ship (the
research notes the rules were first written from).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rules.families import default_registry

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "docs" / "sources.md"

# What ships: the three packages, the docs and the README (text files only).
SHIPPED_DIRS = ("ledger", "rules", "codegen", "docs")
TEXT_SUFFIXES = {".py", ".md", ".graphql", ".json", ".txt", ".toml", ".cfg"}

PAGE_HEADING = re.compile(r"^### (\d+)\. \[([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+)\] \S", re.MULTILINE)
FACT_LINE = re.compile(r"^- \*\*(S\d+)\*\* \((high|medium|low)\b", re.MULTILINE)
FACT_ID = re.compile(r"(?<![A-Za-z0-9_])S\d+(?![0-9A-Za-z_])")
# A page id is a bracketed, hyphenated upper-case name: ``[SA-entry-v0]``, ``[BOFIP-FEC]``.
PAGE_ID = re.compile(r"\[([A-Z][A-Z0-9]+(?:-[A-Za-z0-9]+)+)\]")
URL = re.compile(r"<?https?://[^\s>]+>?")

# Citations of files that never ship: the research catalogue and contract (and their numbering,
# ``D29`` = a fact of that catalogue), a third-party copy cited by a private short name, the seed files.
FORBIDDEN = {
    "domain.md": re.compile(r"domain\.md"),
    "interfaces.md": re.compile(r"interfaces\.md"),
    "[SKILL]": re.compile(r"\[SKILL\]"),
    "D<number> citation": re.compile(r"(?<![A-Za-z0-9_])D\d+(?![0-9])"),
    "seed file": re.compile(r"\bseeds?[ _]?\d{3}\b|\b\d{3}_[0-9a-f]{16}\.txt\b|\bseeds/", re.IGNORECASE),
}


def shipped_files() -> list[Path]:
    files = [ROOT / "README.md"]
    for top in SHIPPED_DIRS:
        files += [
            p
            for p in sorted((ROOT / top).rglob("*"))
            if p.is_file() and p.suffix in TEXT_SUFFIXES and "__pycache__" not in p.parts
        ]
    return files


def sources_text() -> str:
    return SOURCES.read_text(encoding="utf-8")


def page_sections(text: str) -> dict[str, str]:
    """Page id -> the text under its heading, up to the next heading."""
    matches = list(PAGE_HEADING.finditer(text))
    sections = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        body = text[match.end() : end]
        body = body.split("\n## ", 1)[0]  # a page ends where a new part of the document begins
        sections[match.group(2)] = body
    return sections


def fact_ids(text: str) -> list[str]:
    return [m.group(1) for m in FACT_LINE.finditer(text)]


def test_every_page_has_a_url_and_the_pages_are_numbered_in_order():
    text = sources_text()
    numbers = [int(m.group(1)) for m in PAGE_HEADING.finditer(text)]
    assert numbers == list(range(1, len(numbers) + 1))
    sections = page_sections(text)
    assert len(sections) == len(numbers), "two pages share an id"
    no_url = [page for page, body in sections.items() if not URL.search(body)]
    assert no_url == []


def test_fact_ids_are_unique_and_each_has_a_certainty():
    text = sources_text()
    ids = fact_ids(text)
    assert ids, "docs/sources.md lists no facts"
    assert len(ids) == len(set(ids)), "a fact id is used twice"
    # Every bold fact id at the start of a bullet is matched by FACT_LINE, i.e. has a certainty.
    bullets = re.findall(r"^- \*\*(S\d+)\*\*", text, re.MULTILINE)
    assert bullets == ids


@pytest.fixture(scope="module")
def known_ids() -> set[str]:
    text = sources_text()
    return set(fact_ids(text)) | set(page_sections(text))


@pytest.mark.parametrize("rule", list(default_registry()), ids=lambda rule: rule.code)
def test_rule_source_cites_known_facts(rule, known_ids):
    source = rule.doc.source or ""
    facts = FACT_ID.findall(source)
    assert facts, f"{rule.code}'s Source cites no fact of docs/sources.md: {source!r}"
    cited = set(facts) | set(PAGE_ID.findall(source))
    assert cited <= known_ids, f"{rule.code} cites unknown ids {sorted(cited - known_ids)}"
    assert "docs/sources.md" in source, f"{rule.code}'s Source does not say where its ids are listed"


def test_every_id_cited_in_shipped_text_exists(known_ids):
    unknown = []
    for path in shipped_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for cited in FACT_ID.findall(text) + PAGE_ID.findall(text):
            if cited not in known_ids:
                unknown.append(f"{path.relative_to(ROOT)}: {cited}")
    assert unknown == []


def test_every_fact_is_cited_or_supports_another():
    """A fact nobody cites is either dead or a citation someone forgot; ids cited only inside
    docs/sources.md count (a fact may rest on another)."""
    known = set(fact_ids(sources_text()))
    cited = set()
    for path in shipped_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        if path == SOURCES:
            text = FACT_LINE.sub("", text)  # a fact's own heading does not cite it
        cited |= set(FACT_ID.findall(text))
    assert sorted(known - cited, key=lambda s: int(s[1:])) == []


@pytest.mark.parametrize("name", sorted(FORBIDDEN))
def test_no_shipped_file_cites_what_does_not_ship(name):
    pattern = FORBIDDEN[name]
    hits = []
    for path in shipped_files():
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if pattern.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert hits == []


def test_the_forbidden_patterns_catch_what_they_are_for():
    """The guards above are only as good as their patterns: each must fire on the old citations and
    stay silent on rule codes and ordinary text."""
    old = {
        "domain.md": "see domain.md §5",
        "interfaces.md": "(interfaces.md)",
        "[SKILL]": "[SKILL] 13",
        "D<number> citation": "seed 001 (H); D29, D30, D41 (M).",
        "seed file": "Source: seed 004; 001_1b7395cc5b0881ce.txt",
    }
    for name, text in old.items():
        assert FORBIDDEN[name].search(text), name
    harmless = "FLD001 and FLD008; TAX003, S29 and [SA-entry-v0]; DE, D-A-CH; a seedless grape"
    assert [name for name, pattern in FORBIDDEN.items() if pattern.search(harmless)] == []


def test_explain_shows_ids_a_user_can_look_up(capsys, known_ids):
    from rules.cli import main

    assert main(["explain", "TPY003"]) == 0
    out = capsys.readouterr().out
    source = out.split("Source:", 1)[1]
    cited = set(FACT_ID.findall(source))
    assert cited and cited <= known_ids
    assert "docs/sources.md" in source
