"""``ledger-rules codegen [--out DIR] [--check]``: write, or verify, the generated GraphQL files."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

from rules.cli import Subcommands


def default_dir() -> Path:
    """``codegen/generated``, located without importing :mod:`codegen` (whose import builds the whole
    schema: every CLI start would pay for it just to print this default in ``--help``)."""
    spec = importlib.util.find_spec("codegen")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the codegen package is not installed beside rules")
    return Path(next(iter(spec.submodule_search_locations))).resolve() / "generated"


def register(sub: Subcommands) -> None:
    parser = sub.add_parser(
        "codegen",
        help="write (or verify) the generated GraphQL schema and operation documents",
        description="Generate schema.graphql and one <operation>.graphql per operation from the ledger "
        "model. With --check, write nothing: list stale files and exit 1 if there are any.",
    )
    default = default_dir()
    parser.add_argument(
        "--out", metavar="DIR", type=Path, default=default, help=f"output directory (default: {default})"
    )
    parser.add_argument("--check", action="store_true", help="only verify that the files are up to date")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from codegen.files import stale_files, write_files

    if args.out.exists() and not args.out.is_dir():
        from rules.cli import UsageError

        raise UsageError(f"--out {args.out} is not a directory")
    if args.check:
        stale = stale_files(args.out)
        for name, reason in stale:
            print(f"{args.out / name}: stale ({reason})")
        if stale:
            print(f"{len(stale)} generated file(s) out of date; run `ledger-rules codegen` to regenerate")
            return 1
        print(f"generated files in {args.out} are up to date")
        return 0
    changed = write_files(args.out)
    print(f"{len(changed)} file(s) written to {args.out}" if changed else f"{args.out} already up to date")
    return 0
