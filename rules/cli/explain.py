"""``ledger-rules explain CODE``: a rule's documentation."""

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
    parser.add_argument("code", metavar="CODE")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    registry = default_registry()
    code = args.code.strip().upper()
    if code not in registry:
        suggestion = closest(code, [r.code for r in registry])
        raise UsageError(f"no rule {args.code!r}" + (f"; did you mean {suggestion}?" if suggestion else ""))
    print(render_rule(registry.get(code)), end="")
    return 0
