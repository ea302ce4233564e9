"""``ledger-rules context build RESPONSES... [-o OUT]``: a context file from saved API responses;
``context fetch --url URL``: the same, from the responses of a server (:mod:`rules.serve.fetch`).

Run the generated reference-data queries (``codegen/generated/``) against your organisation, save the
responses (``accountingEntries`` too: its invoices' open items become ``openItems``), and assemble them
here (:func:`codegen.build_context`); the result is what ``check
--context`` reads. A response of an unknown shape is a usage error (exit 2) naming the file; so are
responses of two organisations, unless ``--organization ID`` says which one the context is for.
"""

from __future__ import annotations

import argparse
import http.client
import os
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
    # -- context fetch (the local fake server's issue): its own block, its work in rules.serve.fetch --
    fetch = actions.add_parser(
        "fetch",
        help="run the generated reference-data queries against a server and write the context file",
        description="Run the generated reference-data queries (every page) against the GraphQL endpoint "
        "URL and assemble the context file, as `context build` does with saved responses. The headers "
        "come from the environment: " + ", ".join(f"{n} ({h})" for h, n in FETCH_HEADERS) + ".",
    )
    fetch.add_argument(
        "--url", required=True, metavar="URL", help="the GraphQL endpoint (http://127.0.0.1:8000/graphql)"
    )
    fetch.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    fetch.add_argument(
        "--organization", metavar="ID", help="the organisation (default: LEDGER_RULES_ORGANIZATION_ID)"
    )
    fetch.set_defaults(func=run_fetch)


#: Request header -> the environment variable ``context fetch`` takes it from.
FETCH_HEADERS = (
    ("Authorization", "LEDGER_RULES_AUTHORIZATION"),
    ("X-TenantId", "LEDGER_RULES_TENANT_ID"),
    ("X-OrganizationId", "LEDGER_RULES_ORGANIZATION_ID"),
    ("x-api-key", "LEDGER_RULES_API_KEY"),
)


def run_fetch(args: argparse.Namespace) -> int:
    from codegen import ResponseError
    from rules.serve.client import Client
    from rules.serve.fetch import FetchError, fetch_context

    headers = {header: os.environ.get(name, "") for header, name in FETCH_HEADERS}
    organization = args.organization or headers["X-OrganizationId"] or None
    if organization and not headers["X-OrganizationId"]:
        headers["X-OrganizationId"] = organization
    try:
        context = fetch_context(Client.for_endpoint(args.url, headers), organization)
    except (ResponseError, FetchError) as exc:
        raise UsageError(str(exc)) from None
    except (OSError, http.client.HTTPException) as exc:
        raise UsageError(f"cannot reach {args.url}: {exc}") from None
    return _write_context(context, args.output)


def run_build(args: argparse.Namespace) -> int:
    from codegen import ResponseError, build_context  # when building, not at each CLI start

    try:
        context = build_context(
            ((path, read_json_file(path)) for path in args.responses), organization=args.organization
        )
    except ResponseError as exc:
        raise UsageError(str(exc)) from None
    return _write_context(context, args.output)


def _write_context(context: dict, output: str | None) -> int:
    text = dumps(context, indent=2) + "\n"
    if output:
        write_atomically(output, [text.encode("utf-8")])
        counts = [f"{len(v)} {k}" for k, v in context.items() if isinstance(v, list)]
        counts += [f"{len(v)} luca.{k}" for k, v in context.get("luca", {}).items()]
        if "organization" in context:
            counts.insert(0, "organization")
        print(f"wrote {output}: {', '.join(counts) or 'nothing'}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
