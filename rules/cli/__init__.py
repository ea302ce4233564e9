"""The ``ledger-rules`` command line (``python -m rules`` is the same program).

Each sub-command lives in its own module under :mod:`rules.cli` and exposes
``register(subparsers)``; this module only assembles them and owns the error policy: a usage problem,
an unreadable file or a broken context is ONE line on standard error and exit status 2 — never a
traceback. Exit status 1 means "checked, and something is wrong"; 0 means all clear.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from typing import NoReturn, TypeAlias

from ledger.context import ContextError

#: What each command module's ``register`` receives: the table of sub-commands of the parser.
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class UsageError(Exception):
    """Bad arguments, unreadable files, invalid context: exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 too; keep its one-line form
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    import rules.cli as package

    parser = _Parser(
        prog="ledger-rules",
        description="Offline pre-flight checks for Sage Active and Luca Regnskap accounting payloads.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{info.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"ledger-rules: error: {exc}", file=sys.stderr)
        return 2
    except ContextError as exc:
        print(f"ledger-rules: error: invalid context: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ledger-rules: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `ledger-rules check … | head`
        return 1
    except Exception as exc:  # a bug of ours: still one line and exit 2, unless asked for the trace
        if os.environ.get("LEDGER_RULES_DEBUG"):
            raise
        print(
            f"ledger-rules: internal error: {type(exc).__name__}: {exc} "
            "(please report it; set LEDGER_RULES_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
