"""``ledger-rules settle``: predict what an open-item settlement will book ([SA-settle-preview], S30, S31, S32, S34).

Reads ONE settlement (a GraphQL request body for ``salesOpenItemSettlement``,
``purchaseOpenItemSettlement`` or ``openItemSettlement``, or a bare input with ``--operation``), checks
it with every rule (SET and the others) against the context, and — when it has no error — prints as
JSON the bank entry the server will create, the open items afterwards and the lettering
(:func:`ledger.books.settlement.simulate_settlement`). Exit 0 = predicted; 1 = the settlement has errors
(the violations are printed instead) or cannot be simulated with this context; 2 = usage.
"""

from __future__ import annotations

import argparse
import sys

from ledger.books.settlement import SettlementError, simulate_settlement
from ledger.inputs import SETTLEMENT_INPUTS
from ledger.io.jsontext import dumps
from ledger.io.loading import Loader
from ledger.io.requests import Intake
from ledger.operations import BY_NAME
from rules.cli import Subcommands, UsageError
from rules.cli._common import engine_from_args, iter_documents, open_sources, read_context_file

SETTLEMENT_OPERATIONS = [op.name for op in BY_NAME.values() if op.model in SETTLEMENT_INPUTS]


def register(sub: Subcommands) -> None:
    parser = sub.add_parser(
        "settle",
        help="predict the bank entry and open items of a settlement",
        description="Check an open-item settlement and predict the bank entry, the open items' paid "
        "amounts and statuses, and the lettering it produces. Needs --context with openItems and "
        "paymentMethods.",
    )
    parser.add_argument("file", metavar="FILE", help="the settlement ('-' = standard input)")
    parser.add_argument("--context", metavar="FILE", required=True, help="reference data (JSON)")
    parser.add_argument(
        "--operation",
        metavar="NAME",
        choices=SETTLEMENT_OPERATIONS,
        help="operation of a bare input: " + ", ".join(SETTLEMENT_OPERATIONS),
    )
    parser.add_argument("--strict", action="store_true", help="warnings also prevent the prediction")
    parser.set_defaults(
        func=run,
        select=None,
        ignore=None,
        severity=[],
        currency=None,
        tax_rounding="half-up",
        tax_tolerance="0",
        sales_account_policy="vies",
    )


def run(args: argparse.Namespace) -> int:
    context = read_context_file(args.context)
    for key in ("openItems", "paymentMethods"):
        if not context.has(key):
            raise UsageError(f"the context has no {key}: settle needs openItems and paymentMethods")
    engine = engine_from_args(args, context)
    documents = list(iter_documents(open_sources([args.file])))
    if len(documents) != 1:
        raise UsageError(f"settle reads one settlement; {args.file} holds {len(documents)} documents")
    raw = documents[0]
    report = engine.check(raw, operation=args.operation)
    failing = [v for v in report.violations if v.is_error or (args.strict and v.severity.value == "warning")]
    out: dict = {
        "source": raw.source,
        "operation": report.operation,
        "valid": not failing,
        "violations": [v.to_dict() for v in report.violations],
    }
    if failing:
        return _emit(out, 1)
    resolution = Intake().resolve(raw.value, args.operation)
    targets = [t for t in resolution.targets if t.operation.model in SETTLEMENT_INPUTS]
    if len(targets) != 1:
        raise UsageError(
            f"the document must hold exactly one settlement operation ({', '.join(SETTLEMENT_OPERATIONS)})"
        )
    target = targets[0]
    settlement = Loader().load(target.operation.model, target.value).model
    try:
        result = simulate_settlement(settlement, context)
    except SettlementError as exc:
        out["valid"] = False
        out["error"] = str(exc)
        return _emit(out, 1)
    out.update(result.to_dict())
    return _emit(out, 0)


def _emit(out: dict, status: int) -> int:
    sys.stdout.write(dumps(out, indent=2) + "\n")
    sys.stdout.flush()
    return status
