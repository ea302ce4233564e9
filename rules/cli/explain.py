"""``ledger-rules explain CODE|NAME``: a rule's documentation, found by its code (``BAL001``, any case)
or its name (``unbalanced-entry``), the two ways a report shows a rule."""

from __future__ import annotations

import argparse
import textwrap

from ledger.io.loading import closest
from rules.cli import Subcommands, UsageError
from rules.families import default_registry
from rules.registry import Rule


def render_rule(spec: Rule) -> str:
    lines = [f"{spec.code} {spec.name} [{spec.severity.value}]", "", spec.doc.summary, ""]
    if spec.needs:
        lines += [f"Needs reference data: {', '.join(spec.needs)} (skipped without them).", ""]
    for title, text in spec.doc.sections:
        lines.append(f"{title}:")
        lines.append(textwrap.indent(text, "    "))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def register(sub: Subcommands) -> None:
    parser = sub.add_parser(
        "explain",
        help="show a rule's documentation",
        description="Show a rule's documentation. The ids in its Source section (S1, S2, ...) are facts "
        "listed in docs/sources.md, each with the public page it comes from and its certainty.",
    )
    parser.add_argument("code", metavar="CODE|NAME", help="a rule's code (BAL001) or name (unbalanced-entry)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    registry = default_registry()
    spec = registry.find(args.code)
    if spec is None:
        word = args.code.strip()
        # A hyphenated word, or one without a digit, was meant as a name; anything else as a code.
        names = "-" in word or not any(ch.isdigit() for ch in word)
        choices = [r.name for r in registry] if names else [r.code for r in registry]
        suggestion = closest(word.lower() if names else word.upper(), choices)
        raise UsageError(f"no rule {args.code!r}" + (f"; did you mean {suggestion}?" if suggestion else ""))
    print(render_rule(spec), end="")
    return 0
