"""``ledger-rules serve``: a local, stateful fake of the Sage Active and Luca GraphQL endpoints.

The server sits on top of everything else, in the ``rules`` layer, because what it does is what the
rest of the project already knows: the generated schema (:mod:`codegen`) is what it executes, the
engine (:mod:`rules.engine`) is what accepts or rejects a mutation, and the simulators of
:mod:`ledger.books` are what a mutation does to the books. Its own modules, one job each:

* :mod:`rules.serve.store` — the state, in SQLite (a file or ``:memory:``);
* :mod:`rules.serve.books` — one organisation's books over the store: its context, engine, entries;
* :mod:`rules.serve.schema` — the executable copy of the generated schema;
* :mod:`rules.serve.filters` — ``where:``, ``order:`` and cursor pages of ``accountingEntries``;
* :mod:`rules.serve.resolvers` — the root fields;
* :mod:`rules.serve.settling` — what a live settlement writes back to the store;
* :mod:`rules.serve.app` — the ASGI application (GraphQL over HTTP, operator routes);
* :mod:`rules.serve.running` — uvicorn, in the foreground or in a thread;
* :mod:`rules.serve.client` — a small standard-library client (tests, benchmark, plugin, fetch);
* :mod:`rules.serve.fetch` — ``context fetch``: the generated queries against a server;
* :mod:`rules.serve.pytest_plugin` and :mod:`rules.serve.pytest_fixtures` — the pytest plugin.

The assumptions where the public docs are silent are written once, in docs/serve.md.
"""

from __future__ import annotations

from rules.serve.app import LedgerApp
from rules.serve.books import organisation_seed
from rules.serve.running import ServerThread
from rules.serve.store import Store

#: An organisation with no reference data, for a server started without a context file.
EMPTY_SEED = b"{}"


def create_app(contexts: list[bytes] | tuple[bytes, ...] = (), *, db: str = ":memory:") -> LedgerApp:
    """The application over the database ``db``, seeded with each context file's bytes (one
    organisation each; none given: one empty organisation). Raises
    :class:`~ledger.context.ContextError` for a broken context file."""
    seeds = [organisation_seed(data) for data in (contexts or (EMPTY_SEED,))]
    store = Store.open(db)
    store.seed(seeds)
    return LedgerApp(store)


__all__ = ["EMPTY_SEED", "LedgerApp", "ServerThread", "Store", "create_app"]
