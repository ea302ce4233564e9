"""``ledger-rules codegen [--out DIR] [--check]``: write, or verify, the generated GraphQL files.

The default directory is ``codegen/generated`` under the CURRENT directory, for writing and checking
alike: in a clone's root that is the committed folder (so ``ledger-rules codegen --check`` there checks
it, as the test suite does), and anywhere else it is a folder of the user's own. It is never the copy
inside the installed package, which a pip install puts in site-packages: a command must not rewrite its
own installation.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rules.cli import Subcommands

#: Relative on purpose: resolved against the directory the command runs in, and printed as given.
DEFAULT_OUT = Path("codegen", "generated")


def register(sub: Subcommands) -> None:
    parser = sub.add_parser(
        "codegen",
        help="write (or verify) the generated GraphQL schema and operation documents",
        description="Generate schema.graphql and one <operation>.graphql per operation from the ledger "
        "model. With --check, write nothing: list stale files and exit 1 if there are any.",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=DEFAULT_OUT,
        help=f"output directory (default: {DEFAULT_OUT} under the current directory, never the installed package)",
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
            again = "ledger-rules codegen" + ("" if args.out == DEFAULT_OUT else f" --out {args.out}")
            print(f"{len(stale)} generated file(s) out of date; run `{again}` to regenerate")
            return 1
        print(f"generated files in {args.out} are up to date")
        return 0
    changed = write_files(args.out)
    print(f"{len(changed)} file(s) written to {args.out}" if changed else f"{args.out} already up to date")
    return 0
