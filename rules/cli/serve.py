"""``ledger-rules serve``: run the local fake of the Sage Active and Luca endpoints (docs/serve.md).

Each ``--context FILE`` seeds one organisation (repeat it for several; none: one empty organisation);
``--db`` keeps the state in a SQLite file that survives a restart (default ``:memory:``). A broken
context file, a database that cannot be opened or a server without the ``server`` extra installed is
one line and exit status 2, as everywhere in the CLI.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys

from rules.cli import Subcommands, UsageError
from rules.cli._common import _read_bounded


def register(sub: Subcommands) -> None:
    parser = sub.add_parser(
        "serve",
        help="a local, stateful fake of the Sage Active and Luca GraphQL endpoints",
        description="Serve GraphQL over HTTP at /graphql: mutations are checked by the rules and stored "
        "in SQLite, queries answer from the store; /_ledger/reset, /_ledger/state and /_ledger/requests "
        "are the operator's routes. Needs the server extra: pip install 'ledger-rules[server]'.",
    )
    parser.add_argument(
        "--context",
        metavar="FILE",
        action="append",
        default=[],
        help="seed an organisation from a context file (repeat for several organisations)",
    )
    parser.add_argument(
        "--db", metavar="PATH", default=":memory:", help="SQLite database file (default :memory:)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8000, help="port to listen on (default 8000; 0: any free port)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rules.serve import create_app
    from rules.serve.running import serve_forever

    contexts = [
        _read_bounded(
            path, cannot_open=f"cannot read context file {path}:", too_big=f"cannot read context file {path}:"
        )
        for path in args.context
    ]
    try:
        app = create_app(contexts, db=args.db)  # ContextError -> exit 2 in rules.cli
    except sqlite3.Error as exc:
        raise UsageError(f"cannot open database {args.db}: {exc}") from None
    for org_id, _ in app.store.organizations():
        print(f"ledger-rules serve: organisation {org_id}", file=sys.stderr)
    try:
        serve_forever(app, host=args.host, port=args.port)
    except RuntimeError as exc:  # uvicorn missing
        raise UsageError(str(exc)) from None
    finally:
        app.store.close()
    return 0
