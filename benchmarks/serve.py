"""The server benchmark: createAccountingEntry through HTTP, against ``check`` of the same documents.

::

    python -m benchmarks.serve [--documents 2000] [--json OUT]

Generates N seeded request bodies (:func:`benchmarks.generate.requests`, valid for the example
organisation), then, in ONE run on the same bytes:

1. ``check`` in process: :meth:`rules.engine.Engine.check` of each body's text, with the example
   context and every rule — the work the server's engine does for each mutation;
2. the server: a fresh ``:memory:`` server (uvicorn in a thread of this process), and each body POSTed
   to ``/graphql`` in turn over ONE keep-alive connection (:class:`rules.serve.client.Client`), each
   response read before the next request — requests per second as a client sees them, HTTP parsing,
   GraphQL execution, the check, SQLite writes and the request log included.

It prints both rates and their ratio (time per document, server / check): the price of the fake's
realism on top of the rules. Client and server share the process, and so the CPU: on a busy machine
the figures move; compare the ratio, measured in one run, rather than the absolute rates.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from benchmarks import generate
from ledger.io.context_file import load_context
from rules.engine import Engine
from rules.serve import ServerThread, create_app
from rules.serve.client import Client


def measure(documents: int, *, seed: int = 0) -> dict[str, Any]:
    context_bytes = generate.EXAMPLE_CONTEXT.read_bytes()
    bodies = [generate.to_json(body).encode() for body in generate.requests(documents, seed=seed)]

    engine = Engine(context=load_context(context_bytes))
    start = time.perf_counter()
    invalid = sum(not engine.check(body).valid for body in bodies)
    check_seconds = time.perf_counter() - start

    app = create_app([context_bytes])
    statuses: dict[int, int] = {}
    rejected = 0
    with ServerThread(app) as server:
        client = Client(server.url, app.store.organizations()[0][0])
        client.post(bodies[0])  # connection and engine warmed up, then back to the seed
        client.reset()
        start = time.perf_counter()
        for body in bodies:
            response = client.post(body)
            statuses[response.status] = statuses.get(response.status, 0) + 1
            rejected += bool(response.errors)
        serve_seconds = time.perf_counter() - start
        client.close()
    app.store.close()
    return {
        "documents": documents,
        "check_seconds": check_seconds,
        "check_per_second": documents / check_seconds,
        "check_invalid": invalid,
        "serve_seconds": serve_seconds,
        "serve_per_second": documents / serve_seconds,
        "serve_statuses": {str(k): v for k, v in sorted(statuses.items())},
        "serve_rejected": rejected,
        "ratio": serve_seconds / check_seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000, help="request bodies (default 2000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", metavar="OUT", help="write the figures as JSON here")
    args = parser.parse_args(argv)
    figures = measure(args.documents, seed=args.seed)
    print(
        f"{figures['documents']} createAccountingEntry documents\n"
        f"  check in process      {figures['check_per_second']:>9,.0f} documents/s\n"
        f"  server over HTTP      {figures['serve_per_second']:>9,.0f} requests/s "
        f"(keep-alive; statuses {figures['serve_statuses']}, {figures['serve_rejected']} rejected)\n"
        f"  time per document: server / check = {figures['ratio']:.1f}x"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
