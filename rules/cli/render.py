"""``ledger-rules render --operation NAME FILE``: a bare input -> the GraphQL request body to POST.

The body's ``query`` is the generated document of the operation and the input travels in ``variables``
(:func:`codegen.render`), written with exact decimals. A JSON array of inputs gives an array of bodies.
``ledger-rules check`` reaches the same verdict on the body as on the bare input with ``--operation``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ledger.io.jsontext import dumps
from ledger.operations import UnknownOperation, operation_named
from rules.cli import Subcommands, UsageError
from rules.cli._common import read_json_file


def register(sub: Subcommands) -> None:
    parser = sub.add_parser(
        "render",
        help="turn a bare input into a GraphQL request body (query + variables)",
        description='Print the request body {"query": ..., "variables": ...} for a bare input '
        "(mutations) or for the variables of a generated query. '-' reads standard input.",
    )
    parser.add_argument(
        "--operation",
        metavar="NAME",
        required=True,
        help="operation or query, e.g. createAccountingEntryUsingCodes, journalTypes",
    )
    parser.add_argument("file", metavar="FILE", nargs="?", default="-")
    parser.set_defaults(func=run)


def _body(operation: str, value: Any, path: str) -> dict:
    from codegen import render

    try:
        query, variables = render(operation, value)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{path}: {exc}") from None
    return {"query": query, "variables": variables}


def run(args: argparse.Namespace) -> int:
    # codegen is imported when rendering, not at each CLI start (see rules.cli.audit).
    from codegen.surface import BY_NAME

    try:
        operation_named(args.operation, BY_NAME)  # render also knows the queries: codegen's root fields
    except UnknownOperation as exc:
        raise UsageError(str(exc)) from None
    value = read_json_file(args.file)
    out: list[dict] | dict
    if isinstance(value, list):
        out = [_body(args.operation, item, f"{args.file}[{i}]") for i, item in enumerate(value)]
    else:
        out = _body(args.operation, value, args.file)
    sys.stdout.write(dumps(out, indent=2) + "\n")
    return 0
