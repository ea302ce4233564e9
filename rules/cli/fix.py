"""``ledger-rules fix``: apply the documented defaults (see :mod:`rules.fixing`) and say what changed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ledger.io.jsontext import dumps
from ledger.operations import UnknownOperation, operation_named
from rules.cli import Subcommands, UsageError
from rules.cli._common import iter_documents, load_context_file, open_sources


def register(sub: Subcommands) -> None:
    parser = sub.add_parser(
        "fix",
        help="fill the documented defaults into create inputs",
        description="Apply only documented, safe defaults (entryType, invoice dates, registerType, "
        "regimeType, deductible; with --context the third-party fields and the expansion of simplified "
        "inputs). Never changes an amount, an account or a date you gave.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--context", metavar="FILE")
    parser.add_argument("--operation", metavar="NAME", help="operation of bare inputs")
    parser.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rules.fixing import fix_document  # only when fixing (see rules.cli.audit)

    if args.operation is not None:
        try:
            operation_named(args.operation)
        except UnknownOperation as exc:
            raise UsageError(str(exc)) from None
    context = load_context_file(args.context)
    documents = list(iter_documents(open_sources([args.file])))
    fixed: list[Any] = []  # each document fixed, or None where it could not be read
    status = 0
    for raw in documents:
        if raw.error is not None:
            print(f"{raw.source}: not fixed: {raw.error}", file=sys.stderr)
            fixed.append(None)
            status = 1
            continue
        result = fix_document(raw.value, operation=args.operation, context=context)
        for change in result.changes:
            print(f"{raw.source}: fixed {change.describe()}", file=sys.stderr)
        for note in result.notes:
            print(f"{raw.source}: {note}", file=sys.stderr)
        fixed.append(result.document)
    # (an empty array has no documents: write it back as it was; found by tests/test_fuzz.py)
    output = dumps(fixed if len(documents) != 1 or documents[0].source.endswith("]") else fixed[0], indent=2)
    if args.output:
        try:
            Path(args.output).write_text(output + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(output + "\n")
    return status
