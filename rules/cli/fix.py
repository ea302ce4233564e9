"""``ledger-rules fix``: apply the documented defaults (see :mod:`rules.fixing`) and say what changed.

``fix`` never loses what it was given. Its output keeps the input's form, decided by the one splitter
(:func:`ledger.io.sources.split_documents`), so that ``fix -o x x`` rewrites ``x`` in place:

* **JSON Lines stay JSON Lines**, one line per line: a line ``fix`` changed is written again (compact,
  with the line's own ending and, on line 1, its byte order mark); every other line — unchanged,
  blank, or not a document at all (not JSON, not UTF-8) — is copied byte for byte from the input, the
  last one said on standard error. The copy is read through a second handle on the input (standard
  input is first spooled to a temporary file), line by line as the splitter reaches it.
* **An array or one document** is written as before: the fixed value(s), indented.
* **What cannot be copied is never dropped**: a broken single document or array, or a line beyond
  ``max_document_bytes`` (the splitter does not keep it), stops the fix: nothing is written (the output
  file, the input itself included, is left as it was), and the status is 1.

``-o`` writes atomically (:func:`rules.cli._common.write_atomically`): the output holds either its old
content or the whole new one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from itertools import chain
from typing import IO, Any, cast

from ledger.context import Context
from ledger.io.jsontext import dumps
from ledger.io.sources import BOM, RawDocument, RawText, parse_text, split_documents
from ledger.operations import UnknownOperation, operation_named
from rules.cli import Subcommands, UsageError
from rules.cli._common import load_context_file, open_sources, write_atomically


def register(sub: Subcommands) -> None:
    parser = sub.add_parser(
        "fix",
        help="fill the documented defaults into create inputs",
        description="Apply only documented, safe defaults (entryType, invoice dates, registerType, "
        "regimeType, deductible; with --context the third-party fields and the expansion of simplified "
        "inputs). Never changes an amount, an account or a date you gave. JSON Lines stay JSON Lines "
        "(a line that cannot be read is copied unchanged); -o may name the input itself.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--context", metavar="FILE")
    parser.add_argument("--operation", metavar="NAME", help="operation of bare inputs")
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write here (atomically; may be FILE) instead of standard output",
    )
    parser.set_defaults(func=run)


class _NotWritten(Exception):
    """The input holds something ``fix`` could not carry over: nothing is written."""


class _Fixer:
    """Fixes one document at a time and says on standard error what it changed."""

    def __init__(self, operation: str | None, context: Context | None) -> None:
        from rules.fixing import fix_document  # only when fixing (see rules.cli.audit)

        self.fix_document = fix_document
        self.operation = operation
        self.context = context
        self.status = 0

    def fix(self, raw: RawDocument) -> tuple[Any, bool]:
        """The fixed document and whether anything changed (``raw`` was read)."""
        result = self.fix_document(raw.value, operation=self.operation, context=self.context)
        for change in result.changes:
            print(f"{raw.source}: fixed {change.describe()}", file=sys.stderr)
        for note in result.notes:
            print(f"{raw.source}: {note}", file=sys.stderr)
        return result.document, bool(result.changes)

    def refuse(self, raw: RawDocument) -> _NotWritten:
        print(f"{raw.source}: not fixed: {raw.error}", file=sys.stderr)
        self.status = 1
        return _NotWritten()


def run(args: argparse.Namespace) -> int:
    if args.operation is not None:
        try:
            operation_named(args.operation)
        except UnknownOperation as exc:
            raise UsageError(str(exc)) from None
    fixer = _Fixer(args.operation, load_context_file(args.context))
    with ExitStack() as stack:
        name, stream, reopen = _open_input(args.file, stack)
        pieces = _fixed(name, stream, reopen, fixer)
        try:
            if args.output:
                write_atomically(args.output, pieces)
            else:
                _write_out(b"".join(pieces))  # all or nothing, as with -o
        except _NotWritten:
            print(f"{name}: nothing written (the input could not be carried over whole)", file=sys.stderr)
    return fixer.status


def _write_out(data: bytes) -> None:
    """The output's bytes on standard output (a copied line may not be UTF-8: bytes, not text). A
    standard output without bytes underneath (a text buffer in a test, an embedding) gets the text,
    with any such byte carried as an escape it can hold."""
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:
        sys.stdout.write(data.decode("utf-8", "surrogateescape"))
        return
    sys.stdout.flush()
    binary.write(data)
    binary.flush()


class _Tee:
    """Standard input as the splitter reads it, every byte read also written to ``spool``: the copy
    of the lines reads the spool, always behind the splitter (a line is read whole before its
    document is yielded). Only what the splitter reads is spooled, so the splitter's limits bound it
    (``fix - < /dev/zero`` stops at ``max_document_bytes``); ``fileno`` and ``tell`` are standard
    input's, so the splitter judges the stream (a pipe, a device, a file) as it would unwrapped."""

    def __init__(self, source: IO[bytes], spool: IO[bytes]) -> None:
        self.source = source
        self.spool = spool

    def _kept(self, data: bytes) -> bytes:
        self.spool.write(data)
        self.spool.flush()
        return data

    def read(self, size: int = -1) -> bytes:
        return self._kept(self.source.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._kept(self.source.readline(size))

    def fileno(self) -> int:
        return self.source.fileno()

    def tell(self) -> int:
        return self.source.tell()


def _open_input(path: str, stack: ExitStack) -> tuple[str, IO[bytes], Callable[[], IO[bytes]]]:
    """The source's name, a stream for the splitter, and how to open a second one for the copy."""
    ((name, stream),) = open_sources([path])
    if stream is sys.stdin.buffer:
        # Standard input can be read once: what the splitter reads of it is spooled, for the copy.
        spool = stack.enter_context(tempfile.NamedTemporaryFile(prefix="ledger-rules-fix-"))
        path = spool.name
        stream = cast(IO[bytes], _Tee(stream, spool))
    else:
        stack.callback(stream.close)

    def reopen() -> IO[bytes]:
        second = open(path, "rb")
        stack.callback(second.close)
        return second

    return name, stream, reopen


def _line_number(name: str, source: str) -> int | None:
    """N for a JSON Lines document named ``NAME:N``, else None (an array element, the one document)."""
    prefix, _, number = source.rpartition(":")
    return int(number) if prefix == name and number.isdigit() else None


def _fixed(name: str, stream: IO[bytes], reopen: Callable[[], IO[bytes]], fixer: _Fixer) -> Iterator[bytes]:
    """The output's bytes, piece by piece; raises :class:`_NotWritten` for what cannot be carried over."""
    items = split_documents(name, stream)
    first = next(items, None)
    if first is None:  # no documents (``[]``): the input is written back as it was
        yield from _rest(reopen())
        return
    if _line_number(name, first.source) is not None:
        yield from _json_lines(name, first, items, reopen(), fixer)
        return
    values = []
    for item in chain((first,), items):
        raw = parse_text(item) if isinstance(item, RawText) else item
        if raw.error is not None:
            raise fixer.refuse(raw)
        values.append(fixer.fix(raw)[0])
    single = len(values) == 1 and first.source == name
    yield (dumps(values[0] if single else values, indent=2) + "\n").encode("utf-8")


def _json_lines(
    name: str,
    first: RawDocument | RawText,
    items: Iterator[RawDocument | RawText],
    copy: IO[bytes],
    fixer: _Fixer,
) -> Iterator[bytes]:
    """JSON Lines, one output line per input line: the fixed ones rewritten, every other one copied."""
    copied = 0  # physical lines of the input read from ``copy`` so far
    for item in chain((first,), items):
        number = _line_number(name, item.source)
        raw = parse_text(item) if isinstance(item, RawText) else item
        if isinstance(item, RawDocument) or number is None:  # a line beyond the size limit: not kept
            raise fixer.refuse(raw)
        while copied < number - 1:  # the blank lines before it
            yield copy.readline()
            copied += 1
        original = copy.readline()
        copied += 1
        if raw.error is not None:
            print(f"{raw.source}: not fixed: {raw.error} (line copied unchanged)", file=sys.stderr)
            fixer.status = 1
            yield original
            continue
        document, changed = fixer.fix(raw)
        if not changed:
            yield original
            continue
        body = original.rstrip(b"\r\n")
        yield (BOM if body.startswith(BOM) else b"") + dumps(document).encode("utf-8") + original[len(body) :]
    yield from _rest(copy)  # the blank lines after the last document


def _rest(copy: IO[bytes]) -> Iterator[bytes]:
    """What is left of the input, as it is, a bounded piece at a time."""
    return iter(lambda: copy.read(1 << 20), b"")
