"""``ledger-rules context build RESPONSES... [-o OUT]``: a context file from saved API responses.

Run the generated reference-data queries (``codegen/generated/``) against your organisation, save the
responses (``accountingEntries`` too: its invoices' open items become ``openItems``), and assemble them
here (:func:`codegen.build_context`); the result is what ``check
--context`` reads. A response of an unknown shape is a usage error (exit 2) naming the file; so are
responses of two organisations, unless ``--organization ID`` says which one the context is for.
"""

from __future__ import annotations

import argparse
import sys

from ledger.io.jsontext import dumps
from rules.cli import Subcommands, UsageError
from rules.cli._common import read_json_file, write_atomically


def register(sub: Subcommands) -> None:
    parser = sub.add_parser(
        "context",
        help="work with context files (reference data)",
        description="Context files describe an organisation's reference data (see the README).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    build = actions.add_parser(
        "build",
        help="assemble a context file from saved responses of the generated queries",
        description="Assemble a context file from saved JSON responses to the generated reference-data "
        "queries (journalTypes, accountingAccounts, customers, ..., accountingEntries for the open items, "
        "and Luca's bookkeepingJournal).",
    )
    build.add_argument("responses", nargs="+", metavar="RESPONSE", help="saved response files (JSON)")
    build.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    build.add_argument(
        "--organization",
        metavar="ID",
        help="the organisation the context is for, when the organizations responses list several",
    )
    build.set_defaults(func=run_build)


def run_build(args: argparse.Namespace) -> int:
    from codegen import ResponseError, build_context  # when building, not at each CLI start

    try:
        context = build_context(
            ((path, read_json_file(path)) for path in args.responses), organization=args.organization
        )
    except ResponseError as exc:
        raise UsageError(str(exc)) from None
    text = dumps(context, indent=2) + "\n"
    if args.output:
        write_atomically(args.output, [text.encode("utf-8")])
        counts = [f"{len(v)} {k}" for k, v in context.items() if isinstance(v, list)]
        counts += [f"{len(v)} luca.{k}" for k, v in context.get("luca", {}).items()]
        if "organization" in context:
            counts.insert(0, "organization")
        print(f"wrote {args.output}: {', '.join(counts) or 'nothing'}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
