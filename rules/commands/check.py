"""``ledger-rules check``: the pre-flight check of a batch of API requests."""

from __future__ import annotations

import argparse
import sys

from ledger.operations import BY_NAME
from rules.batch import check_many
from rules.cli import UsageError
from rules.commands._common import (
    add_engine_arguments,
    engine_from_args,
    iter_documents,
    load_context_file,
    open_sources,
)
from rules.report import WRITERS, Progress, Summary


def register(sub) -> None:
    parser = sub.add_parser(
        "check",
        help="check API requests before sending them",
        description="Check GraphQL request bodies (or bare inputs with --operation) offline. "
        "FILE may be a JSON document, a JSON array of documents, or JSON Lines; '-' is standard input.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE")
    parser.add_argument("--operation", metavar="NAME", help="operation of bare inputs, e.g. createAccountingEntry")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    add_engine_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.operation is not None and args.operation not in BY_NAME:
        raise UsageError(f"unknown operation {args.operation!r}; known: {', '.join(BY_NAME)}")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    context = load_context_file(args.context)
    engine = engine_from_args(args, context)  # validates the options once, before any output
    opened = open_sources(args.files)
    writer = WRITERS[args.format](sys.stdout)
    summary = Summary()
    progress = Progress(enabled=False if args.no_progress else None)
    documents = iter_documents(opened)
    if args.jobs == 1:
        reports = engine.check_documents(documents, operation=args.operation)
    else:
        reports = check_many(
            documents, context, jobs=args.jobs, operation=args.operation,
            select=engine.selection.select, ignore=engine.selection.ignore,
            severity=engine.severity, options=engine.options,
        )
    try:
        for report in reports:
            writer.write(report)
            summary.add(report)
            progress.tick()
    finally:
        progress.close()
    writer.close(summary)
    sys.stdout.flush()
    return summary.exit_status(args.strict)
