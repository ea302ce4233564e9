"""What several sub-commands share: reading sources, loading the context, building the engine."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from ledger.books.sales_accounts import POLICIES
from ledger.context import Context
from ledger.io.context_file import load_context
from ledger.io.jsontext import decode_bytes, loads
from ledger.io.limits import FileTooBig, read_whole
from ledger.io.sources import RawDocument, RawText, read_documents, split_documents
from rules.cli import UsageError
from rules.engine import Engine
from rules.env import Options


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--context", metavar="FILE", help="reference data of the organisation (JSON)")
    parser.add_argument("--select", metavar="CODES", help="only these codes or prefixes, e.g. BAL,TAX002")
    parser.add_argument("--ignore", metavar="CODES", help="skip these codes or prefixes")
    parser.add_argument(
        "--severity",
        metavar="CODE=LEVEL",
        action="append",
        default=[],
        help="re-grade a rule (error, warning, info); repeatable",
    )
    parser.add_argument("--format", choices=("text", "json", "jsonl"), default="text")
    parser.add_argument("--strict", action="store_true", help="warnings also make the exit status 1")
    parser.add_argument("--currency", help="currency of the amounts (default: the context's, else EUR)")
    parser.add_argument(
        "--tax-rounding",
        default="half-up",
        help="rounding of taxBase x taxPercentage for TAX002 (half-up, half-even, …)",
    )
    parser.add_argument("--tax-tolerance", default="0", help="accepted |difference| for TAX002, e.g. 0.01")
    parser.add_argument(
        "--sales-account-policy",
        choices=POLICIES,
        default="vies",
        help="PST001: choose the revenue account by VIES classification, or the legacy rule",
    )
    parser.add_argument("--no-progress", action="store_true", help="never show the progress line")


def load_context_file(path: str | None) -> Context | None:
    """The context of ``--context`` when it is given (the commands where it is optional)."""
    return read_context_file(path) if path is not None else None


def read_context_file(path: str) -> Context:
    """The context file's contents, loaded (the commands whose ``--context`` is required); the file
    is read no further than ``max_file_bytes`` (:func:`ledger.io.limits.read_whole`)."""
    where = f"cannot read context file {path}:"
    data = _read_bounded(path, cannot_open=where, too_big=where)
    return load_context(data)  # ContextError -> exit 2 in rules.cli


def _read_bounded(path: str, *, cannot_open: str, too_big: str) -> bytes:
    """The bytes of the file at ``path``, read no further than ``max_file_bytes``; an unreadable or
    oversized file is a usage error starting with the caller's words for each case."""
    try:
        with open(path, "rb") as stream:
            return read_whole(stream)
    except OSError as exc:
        raise UsageError(f"{cannot_open} {exc.strerror or exc}") from None
    except FileTooBig as exc:
        raise UsageError(f"{too_big} {exc}") from None


def standard_input() -> IO[bytes]:
    """Standard input as bytes; when the process was started without one (``<&-``), a usage error."""
    stdin = sys.stdin
    if stdin is None or getattr(stdin, "buffer", None) is None:
        raise UsageError("cannot read standard input: it is closed")
    return stdin.buffer


def read_json_file(path: str) -> Any:
    """The one JSON document in ``path`` (``-``: standard input), for the commands that read a single
    file (``render``, ``post-sales-invoice``, ``context build``); any failure is a usage error naming
    the file. It is read no further than ``max_file_bytes``. The sources of ``check``, ``fix`` and
    ``audit`` go through :mod:`ledger.io` instead."""
    if path == "-":
        try:
            data = read_whole(standard_input())
        except OSError as exc:
            raise UsageError(f"cannot open {path}: {exc.strerror or exc}") from None
        except FileTooBig as exc:
            raise UsageError(f"{path}: {exc}") from None
    else:
        data = _read_bounded(path, cannot_open=f"cannot open {path}:", too_big=f"{path}:")
    try:
        return loads(decode_bytes(data))
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:  # the decoder's own depth guard (~1,000 levels); found by tests/test_fuzz.py
        raise UsageError(f"{path}: nested too deeply to read (see max_depth in docs/robustness.md)") from None


def engine_from_args(
    args: argparse.Namespace, context: Context | None, *, operation: str | None = None
) -> Engine:
    severity = {}
    for item in args.severity:
        code, sep, level = item.partition("=")
        if not sep:
            raise UsageError(f"--severity takes CODE=LEVEL, not {item!r}")
        severity[code.strip().upper()] = level.strip()
    try:
        tolerance = Decimal(args.tax_tolerance)
        if not tolerance.is_finite() or tolerance < 0:
            raise InvalidOperation
    except InvalidOperation:
        raise UsageError(
            f"--tax-tolerance must be a non-negative number, not {args.tax_tolerance!r}"
        ) from None
    try:
        options = Options(
            currency=args.currency,
            tax_rounding=args.tax_rounding,
            tax_tolerance=tolerance,
            sales_account_policy=args.sales_account_policy,
        )
        if args.currency:
            from ledger.money import minor_unit_digits

            minor_unit_digits(args.currency)
        return Engine(
            context=context,
            select=args.select,
            ignore=args.ignore,
            severity=severity,
            options=options,
            operation=operation,
        )
    except ValueError as exc:  # bad codes, severities, rounding names, currencies, operation names
        raise UsageError(str(exc)) from None


def open_sources(paths: list[str]) -> list[tuple[str, IO[bytes]]]:
    """Open every source up front, so an unreadable file is a usage error before any output."""
    opened = []
    for path in paths or ["-"]:
        if path == "-":
            opened.append(("<stdin>", standard_input()))
            continue
        try:
            opened.append((path, open(path, "rb")))
        except OSError as exc:
            for _, stream in opened:
                _close(stream)
            raise UsageError(f"cannot open {path}: {exc.strerror or exc}") from None
    return opened


def _close(stream: IO[bytes]) -> None:
    """Close a source opened by :func:`open_sources`, not the process's standard input."""
    if stream is not getattr(sys.stdin, "buffer", None):
        stream.close()


def iter_documents(opened: list[tuple[str, IO[bytes]]]) -> Iterator[RawDocument]:
    for name, stream in opened:
        try:
            yield from read_documents(name, stream)
        finally:
            _close(stream)


def iter_split_documents(opened: list[tuple[str, IO[bytes]]]) -> Iterator[RawDocument | RawText]:
    """:func:`iter_documents` without parsing JSON Lines: for ``check --jobs``, whose workers parse."""
    for name, stream in opened:
        try:
            yield from split_documents(name, stream, defer=True)
        finally:
            _close(stream)


def write_atomically(path: str, pieces: Iterable[bytes]) -> None:
    """Write ``pieces`` to ``path`` so that ``path`` holds either its old content or all
    of the new one, never a part: the text goes to a new file in the same folder (so the rename cannot
    cross a file system), is flushed and synced to the disk, then renamed over ``path`` (``os.replace``,
    atomic). ``path`` may be a file the command is still reading (``fix -o x x``): the reader keeps the
    old file open, the rename only changes what the name points to. A symbolic link is followed, so the
    link stays a link. Any failure removes the new file and leaves ``path`` as it was.
    """
    target = os.path.realpath(path)
    folder, base = os.path.split(target)
    temporary = os.path.join(folder, f".{base}.{secrets.token_hex(4)}.tmp")
    try:
        # 0o666 through the umask, as any new file gets; an existing file's mode is kept below.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with open(fd, "wb") as out:
            for piece in pieces:
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.chmod(temporary, os.stat(target).st_mode & 0o7777)
        except FileNotFoundError:
            pass
        os.replace(temporary, target)
    except BaseException as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    _sync_folder(folder)


def _sync_folder(folder: str) -> None:
    # The rename is durable once the folder's entry is on the disk too; where a folder cannot be
    # opened for that (some platforms, some file systems) the rename has still happened.
    try:
        fd = os.open(folder or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
