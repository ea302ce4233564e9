"""``ledger-rules rules``: the catalogue — code, name, severity, context needs, summary."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable

from rules.cli import Subcommands
from rules.families import default_registry
from rules.registry import Rule
from rules.selection import Selection

FAMILY_TITLES = {
    "FLD": "shape of the input",
    "BAL": "balance and amounts",
    "REG": "registerType by journal type",
    "TPY": "third parties",
    "INV": "invoices on entry lines",
    "TAX": "tax registers",
    "REF": "reference data",
    "PST": "posting sales invoices, sales account by VIES",
    "OIT": "open items on read invoices",
    "SET": "open-item settlement",
    "LET": "lettering / matching",
    "MAT": "Luca entry matches",
    "FEC": "French FEC files",
}


def render_markdown(specs: Iterable[Rule]) -> str:
    """The rule catalogue as Markdown: one table and one section per rule (docs/rules.md)."""
    out = [
        "# Rule catalogue",
        "",
        "Generated from the registry by `ledger-rules rules --format markdown > docs/rules.md`;",
        "a test fails when this file is stale. Codes never change; `ctx` = needs reference data.",
        "Each rule's Source cites the facts (`S12`) of [sources.md](sources.md), where every fact names",
        "the public page it comes from and how certain it is.",
        "",
    ]
    families: dict[str, list] = {}
    for spec in specs:
        families.setdefault(spec.family, []).append(spec)
    for family, members in families.items():
        out += [
            f"## {family}: {FAMILY_TITLES.get(family, family)}",
            "",
            "| code | name | severity | ctx | summary |",
            "|---|---|---|---|---|",
        ]
        for spec in members:
            ctx = ", ".join(spec.needs) if spec.needs else "—"
            out.append(f"| {spec.code} | {spec.name} | {spec.severity.value} | {ctx} | {spec.doc.summary} |")
        out.append("")
        for spec in members:
            out += [f"### {spec.code} {spec.name}", "", f"*{spec.severity.value}* — {spec.doc.summary}", ""]
            for title, text in spec.doc.sections:
                out += [f"**{title}.**", "", text, ""]
    return "\n".join(out).rstrip() + "\n"


def register(sub: Subcommands) -> None:
    parser = sub.add_parser("rules", help="list the rules")
    parser.add_argument("--select", metavar="CODES", help="only these codes or prefixes")
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="markdown is the generated docs/rules.md",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rules.cli import UsageError

    try:
        selection = Selection(args.select or ())
        selection.require_known(spec.code for spec in default_registry())
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    specs = [r for r in default_registry() if selection.enabled(r.code)]
    if args.format == "markdown":
        print(render_markdown(specs), end="")
        return 0
    if args.format == "json":
        print(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity.value,
                        "needs_context": r.needs_context,
                        "needs": list(r.needs),
                        "summary": r.doc.summary,
                    }
                    for r in specs
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    width = max((len(r.name) for r in specs), default=0)
    for r in specs:
        ctx = "ctx" if r.needs else "   "
        print(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {ctx}  {r.doc.summary}")
    return 0
