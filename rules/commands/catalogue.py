"""``ledger-rules rules``: the catalogue — code, name, severity, context needs, summary."""

from __future__ import annotations

import argparse
import json

from rules.registry import default_registry
from rules.selection import Selection


def register(sub) -> None:
    parser = sub.add_parser("rules", help="list the rules")
    parser.add_argument("--select", metavar="CODES", help="only these codes or prefixes")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rules.cli import UsageError

    try:
        selection = Selection(args.select or ())
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    specs = [r for r in default_registry() if selection.enabled(r.code)]
    if args.format == "json":
        print(json.dumps([
            {"code": r.code, "name": r.name, "severity": r.severity.value,
             "needs_context": r.needs_context, "needs": list(r.needs), "summary": r.doc.summary}
            for r in specs
        ], indent=2, ensure_ascii=False))
        return 0
    width = max((len(r.name) for r in specs), default=0)
    for r in specs:
        ctx = "ctx" if r.needs else "   "
        print(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {ctx}  {r.doc.summary}")
    return 0
