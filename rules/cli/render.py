"""``ledger-rules render --operation NAME FILE``: a bare input -> the GraphQL request body to POST.

The body's ``query`` is the generated document of the operation and the input travels in ``variables``
(:func:`codegen.render`), written with exact decimals. A JSON array of inputs gives an array of bodies.
``ledger-rules check`` reaches the same verdict on the body as on the bare input with ``--operation``.
"""

from __future__ import annotations

import argparse
import json
import sys

from ledger.io.jsontext import decode_bytes, dumps, loads
from ledger.operations import UnknownOperation, operation_named
from rules.cli import UsageError


def register(sub) -> None:
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


def _read(path: str):
    try:
        data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    except OSError as exc:
        raise UsageError(f"cannot open {path}: {exc.strerror or exc}") from None
    try:
        return loads(decode_bytes(data))
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:  # the decoder's own depth guard (~1,000 levels); found by tests/test_fuzz.py
        raise UsageError(f"{path}: nested too deeply to read (see max_depth in docs/robustness.md)") from None


def _body(operation: str, value, path: str) -> dict:
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
    value = _read(args.file)
    if isinstance(value, list):
        out = [_body(args.operation, item, f"{args.file}[{i}]") for i, item in enumerate(value)]
    else:
        out = _body(args.operation, value, args.file)
    sys.stdout.write(dumps(out, indent=2) + "\n")
    return 0
