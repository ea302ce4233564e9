"""``ledger-rules check``: the pre-flight check of a batch of API requests."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import closing

from rules.batch import render_many
from rules.cli import Subcommands, UsageError
from rules.cli._common import (
    add_engine_arguments,
    engine_from_args,
    iter_documents,
    iter_split_documents,
    load_context_file,
    open_sources,
)
from rules.report import WRITERS, Progress, Summary


def register(sub: Subcommands) -> None:
    parser = sub.add_parser(
        "check",
        help="check API requests before sending them",
        description="Check GraphQL request bodies (or bare inputs with --operation) offline. "
        "FILE may be a JSON document, a JSON array of documents, or JSON Lines; '-' is standard input.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE")
    parser.add_argument(
        "--operation", metavar="NAME", help="operation of bare inputs, e.g. createAccountingEntry"
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="worker processes, or 'auto' for one per CPU this process may use (default 1)",
    )
    add_engine_arguments(parser)
    parser.set_defaults(func=run)


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the system has one: a container or
    ``taskset`` limits it, and os.cpu_count() would count the whole machine)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _jobs(value: str) -> int:
    if value.strip().lower() == "auto":
        return usable_cpus()
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of processes or 'auto', not {value!r}") from None


def run(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    context = load_context_file(args.context)
    # The configuration is built once (and validated: codes, options, the operation's name, before
    # any output); this process checks with its engine, or the workers build theirs from its config.
    engine = engine_from_args(args, context, operation=args.operation)
    opened = open_sources(args.files)
    writer = WRITERS[args.format](sys.stdout)
    summary = Summary()
    progress = Progress(enabled=False if args.no_progress else None)
    try:
        if args.jobs == 1:
            for report in engine.check_documents(iter_documents(opened)):
                writer.write(report)
                summary.add(report)
                progress.tick()
        else:
            # The workers parse, check and render (rules.batch); this process only splits the input
            # into documents and writes the rendered texts in input order.
            chunks = render_many(
                iter_split_documents(opened), args.format, jobs=args.jobs, config=engine.config
            )
            with closing(chunks):  # an early exit (closed pipe, Ctrl-C) shuts the pool down at once
                for texts, part in chunks:
                    for text in texts:
                        writer.write_rendered(text)
                        progress.tick()
                    summary.merge(part)
    finally:
        progress.close()
    writer.close(summary)
    sys.stdout.flush()
    return summary.exit_status(args.strict)
