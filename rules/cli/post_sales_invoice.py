"""``ledger-rules post-sales-invoice FILE --context FILE``: simulate posting a sales invoice offline.

Prints the accounting entries ``postSalesInvoice`` would create (see :mod:`ledger.books.posting`) as a JSON
array on standard output — by default as GraphQL request bodies for ``createAccountingEntry`` (so the
output can be piped straight into ``ledger-rules check``), or with ``--output input`` as the bare
input objects (the value of the ``input`` variable). Exit status 0; any problem with the invoice file,
the context or the posting itself (a missing account, customer, tax…) is one line on standard error
and exit status 2.
"""

from __future__ import annotations

import argparse
import sys

from ledger.books.posting import ROUNDINGS, PostingError, load_sales_invoice, post_sales_invoice
from ledger.books.sales_accounts import POLICIES
from ledger.io.jsontext import dumps
from ledger.io.loading import dump
from ledger.operations import BY_NAME
from rules.cli import Subcommands, UsageError
from rules.cli._common import read_context_file, read_json_file

QUERY = BY_NAME["createAccountingEntry"].request_query("input")


def register(sub: Subcommands) -> None:
    parser = sub.add_parser(
        "post-sales-invoice",
        help="simulate postSalesInvoice: print the accounting entries it would create",
        description="Build, offline, the accounting entries that posting a sales invoice creates.",
    )
    parser.add_argument("file", metavar="FILE", help="the sales invoice (JSON object; '-' for stdin)")
    parser.add_argument("--context", metavar="FILE", required=True, help="reference data of the organisation")
    parser.add_argument("--rounding", choices=ROUNDINGS, default="line", help="VAT rounding (default: line)")
    parser.add_argument(
        "--policy",
        choices=POLICIES,
        default="vies",
        help="sales-account selection: VIES rule (default) or the legacy rule",
    )
    parser.add_argument(
        "--journal", metavar="ID", help="the SALES_INVOICE journal (default: the first active one)"
    )
    parser.add_argument("--description", metavar="TEXT", help="accountingEntryDescription (≤200)")
    parser.add_argument(
        "--output",
        choices=("request", "input"),
        default="request",
        help="GraphQL request bodies (default) or bare createAccountingEntry inputs",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    data = read_json_file(args.file)
    context = read_context_file(args.context)
    try:
        invoice = load_sales_invoice(data)
        result = post_sales_invoice(
            invoice,
            context,
            rounding=args.rounding,
            policy=args.policy,
            journal_type_id=args.journal,
            description=args.description,
        )
    except PostingError as exc:
        raise UsageError(f"{args.file}: cannot post: {exc}") from None
    inputs = [dump(entry) for entry in result.entries]
    if args.output == "request":
        out = [{"query": QUERY, "variables": {"input": value}} for value in inputs]
    else:
        out = inputs
    print(dumps(out, indent=2))
    for note in result.notes:
        print(f"ledger-rules: note: {note}", file=sys.stderr)
    return 0
