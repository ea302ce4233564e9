"""Sub-commands of ``ledger-rules``: one module each, exposing ``register(subparsers)``."""
