"""The limits the library enforces on one document, so that hostile input costs bounded time and memory.

A validator is fed whatever exporters produce — and whatever an attacker writes. Every limit below is
far beyond any real accounting payload, and each one closes a concrete way to make the checker crash,
hang or blow up:

=====================  ===========  ==========================================================================
Limit                  Default      Why this value / what it prevents
=====================  ===========  ==========================================================================
max_document_bytes     32 MiB       One document's UTF-8 text: room for a 50,000-line entry of typical lines
                                    (400-600 bytes each). Checked on the text BEFORE parsing (JSON Lines: per
                                    line, read in bounded chunks; an array file: per element's text; one
                                    document: the whole file, never read past the limit).
max_depth              64           Nesting of objects and lists. Real payloads nest 5–6 deep (body →
                                    variables → input → lines → invoice → taxes). Deeper text is refused
                                    without recursion (Python's ``json`` would raise RecursionError near 1000
                                    levels; graphql-core stops at its own limit).
max_items              50,000       Items of any one list (lines per entry, taxes per invoice, linkages) and
                                    keys of any one object. A 50,000-line entry is still checked, in linear
                                    time (see tests/ledger/io/test_limits.py).
max_string_chars       100,000      Any string (keys included) other than the request's GraphQL ``query``
                                    text, which is bounded by the document size (its literal values are
                                    checked after parsing).
max_number_digits      1,000        Significant digits written in one number. The API's Decimal holds 28–29;
                                    BAL007 reports anything from 29 digits up, so 1,000 leaves BAL007 its
                                    job while keeping Decimal arithmetic cheap (its cost grows with digits).
max_number_exponent    1,000        ``|adjusted exponent|`` of one number: ``1e400`` and ``1e-400`` are still
                                    BAL007's, but ``1e999999999`` would overflow Decimal arithmetic (the
                                    default context stops at 10^999999) or turn ``int()`` into a hang.
max_file_bytes         128 MiB      A file read whole that is not a batch of documents: a context file (``check
                                    --context``), a saved response (``context build``), the input of ``render``
                                    and ``post-sales-invoice``. A real context (every account, customer and
                                    supplier of an organisation) is a few MB; the read stops at the limit, so
                                    ``--context /dev/zero`` is an error at once, not a MemoryError.
max_source_bytes       1 GiB        A source read whole although it is a batch: a JSON array of documents (its
                                    elements are split from its text), a saved API response or an FEC file in
                                    ``audit``, and a pipe that ``audit`` copies to look at its head. JSON Lines
                                    are streamed a line at a time and never held to it, except that a line
                                    beyond ``max_document_bytes`` is skipped looking for its end no further
                                    than this: an endless line (``/dev/zero`` after a first line) stops the
                                    source with FLD001 instead of reading forever.
max_root_fields        1,000        Root fields (aliases included) of the request's operation: a request holds
                                    one mutation or a small batch; 200,000 aliases would cost a check each.
                                    Counted while parsing the query, which stops at the first one beyond.
=====================  ===========  ==========================================================================

A document beyond a limit is reported as FLD001, with a message that names the limit
(``max_depth``…), and nothing else is checked in it. This module is the ONE place that decides a limit
is breached, and it answers with a :class:`Breach` — the limit's name and value, the message, the
hint — never a string for the caller to search. Its questions:

* :func:`size_breach` — a document's text, asked by :mod:`ledger.io.sources` BEFORE parsing (per JSON
  Lines line, per array element, the one document), for ``check`` and ``audit`` alike;
* :func:`depth_breach` — text the JSON decoder could not even nest into;
* :func:`first_breach` — a parsed value, in ONE iterative walk (no recursion, so no depth can crash
  it) that stops at the first breach; the engine and the audit ask it of every document not proven
  within the limits by :func:`within_limits_by_text` (counts of commas and brackets, and the decoder's
  note that every number literal was short: a real document is proven without the walk);
* :func:`read_whole` — a file read whole (not a batch), never further than ``max_file_bytes``; and,
  with ``limit="max_source_bytes"``, a source read whole although it is a batch (a regular file's size
  is taken from the file system first, so a file beyond the limit is refused unread);
  :func:`line_without_end` — a JSON Lines line skipped for its size that has not ended within
  ``max_source_bytes``: the source is read no further;
  :func:`past_limit` — a single document read from a stream that goes on past ``max_document_bytes``
  and whose size is not known (a pipe, a device): it is read no further;
* :func:`root_fields_breach` — the root fields of a request's operation, asked by
  :mod:`ledger.io.requests` while parsing the query (once per query text);
* :func:`number_breach` — one number, asked by the loader of every number it reads (its own message
  names the field: the guard on every other road into the model).

Configuration is one frozen value: ``Engine(limits=Limits(max_items=200_000))``;
:func:`~ledger.io.sources.read_documents` and :class:`~ledger.io.sources.JsonEntriesReader` take the
same value for the checks they do while reading.
"""

from __future__ import annotations

import io
import os
import stat
from decimal import Decimal
from typing import IO, Any

import attrs

from ledger.io.jsontext import ORDINARY_NUMBER_CHARS, HugeExponent

MIB = 1024 * 1024


def _positive(instance: Limits, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"Limits.{attribute.name} must be a positive integer, not {value!r}")


@attrs.frozen
class Limits:
    """The per-document limits (see the module documentation for why each default)."""

    max_document_bytes: int = attrs.field(default=32 * MIB, validator=_positive)
    max_depth: int = attrs.field(default=64, validator=_positive)
    max_items: int = attrs.field(default=50_000, validator=_positive)
    max_string_chars: int = attrs.field(default=100_000, validator=_positive)
    max_number_digits: int = attrs.field(default=1_000, validator=_positive)
    max_number_exponent: int = attrs.field(default=1_000, validator=_positive)
    max_file_bytes: int = attrs.field(default=128 * MIB, validator=_positive)
    max_source_bytes: int = attrs.field(default=1024 * MIB, validator=_positive)
    max_root_fields: int = attrs.field(default=1_000, validator=_positive)


DEFAULT_LIMITS = Limits()

HINT = "split the document or fix the exporter; the limits are documented in docs/robustness.md"


@attrs.frozen
class Breach:
    """Why a document is refused: the limit it breaks (its name in :class:`Limits` and its value) and
    the FLD001 message, which names the limit too. Whoever reports it takes :attr:`hint` with it;
    nobody has to search the message to learn that a limit was the reason."""

    limit: str
    value: int
    message: str

    @property
    def hint(self) -> str:
        return HINT

    def __str__(self) -> str:
        return self.message


def _breach(limits: Limits, limit: str, message: str) -> Breach:
    return Breach(limit, getattr(limits, limit), message)


def _beyond(limits: Limits, limit: str, what: str, count: int, unit: str, *, verb: str = "has") -> Breach:
    """The one wording of a count beyond a limit: ``a list has 20,000 items, beyond the limit of
    10,000 (max_items)``."""
    value = getattr(limits, limit)
    return Breach(limit, value, f"{what} {verb} {count:,} {unit}, beyond the limit of {value:,} ({limit})")


def problem_parts(problem: str | Breach | None) -> tuple[str | None, Breach | None]:
    """A reader's problem as (message, breach): a record keeps the message as its ``error`` (text, as
    it is reported) and the :class:`Breach`, when a limit was the reason, beside it."""
    if isinstance(problem, Breach):
        return problem.message, problem
    return problem, None


class KeepsBreach:
    """A record of something read, which may have failed: its ``error`` (the message, as reported) and
    its ``breach`` (the limit, when that is why). Given a :class:`Breach` as ``error``, the record keeps
    the message as ``error`` and the breach beside it: readers hand over what the limits answered."""

    __slots__ = ()
    error: str | None
    breach: Breach | None

    def __attrs_post_init__(self) -> None:
        if isinstance(self.error, Breach):
            message, breach = problem_parts(self.error)
            object.__setattr__(self, "error", message)
            object.__setattr__(self, "breach", breach)


def root_fields_breach(count: int, limits: Limits = DEFAULT_LIMITS) -> Breach | None:
    """The breach of a root selection set that has reached ``count`` fields (aliases included), asked
    by :mod:`ledger.io.requests` WHILE parsing the query, at each root field: the parse stops at the
    first one beyond the limit, so the message says "more than" (the rest is never counted)."""
    if count <= limits.max_root_fields:
        return None
    value = limits.max_root_fields
    return _breach(
        limits,
        "max_root_fields",
        f"the query selects more than {value:,} root fields, aliases included (max_root_fields)",
    )


def size_breach(size: int, limits: Limits = DEFAULT_LIMITS) -> Breach | None:
    """The breach of a document text of ``size`` bytes, or None when it is within the limit."""
    return too_big(size, limits) if size > limits.max_document_bytes else None


def too_big(size: int, limits: Limits = DEFAULT_LIMITS) -> Breach:
    """The breach of a document text of ``size`` bytes, known to be beyond ``max_document_bytes``
    (a line the reader skipped for its size)."""
    return _beyond(limits, "max_document_bytes", "document", size, "bytes", verb="is")


def past_limit(limits: Limits = DEFAULT_LIMITS) -> Breach:
    """The breach of one document read from a stream that goes on past ``max_document_bytes`` and
    cannot say its size (a pipe, a device such as ``/dev/zero``): it is not read any further, as
    counting the rest could take forever."""
    value = limits.max_document_bytes
    return Breach(
        "max_document_bytes",
        value,
        f"document goes on past the limit of {value:,} bytes (max_document_bytes); it was read no further",
    )


def line_without_end(limits: Limits = DEFAULT_LIMITS) -> Breach:
    """The breach of a JSON Lines line beyond ``max_document_bytes`` that was skipped, looking for its
    end, for ``max_source_bytes`` without finding one (``/dev/zero`` after a first line): the source is
    read no further, since the next document could only start after an end that may never come."""
    value = limits.max_source_bytes
    return Breach(
        "max_source_bytes",
        value,
        f"a line goes on past {value:,} bytes without ending (max_source_bytes); the source was read no further",
    )


class FileTooBig(Exception):
    """A file read whole (:func:`read_whole`) is beyond its limit: :attr:`breach` says which."""

    def __init__(self, breach: Breach) -> None:
        super().__init__(breach.message)
        self.breach = breach


#: What is read whole under each limit, as the message names it.
_READ_WHOLE = {
    "max_file_bytes": "file",
    "max_source_bytes": "source",
}


def remaining_bytes(stream: IO[bytes]) -> int | None:
    """How many bytes a regular file has left from its position, from the file system; None for
    anything whose size cannot be known without reading it (a pipe, a device, a stream in memory)."""
    if not isinstance(stream, (io.BufferedReader, io.FileIO)):
        return None
    try:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            return None
        return max(0, status.st_size - stream.tell())
    except (OSError, ValueError):
        return None


def read_whole(
    stream: IO[bytes], limits: Limits = DEFAULT_LIMITS, *, limit: str = "max_file_bytes", already: int = 0
) -> bytes:
    """All of what is left of a stream that is read whole, reading no more than the limit + 1 bytes
    (a regular file beyond the limit is not read at all); raise :class:`FileTooBig` when there is more.

    ``limit`` is ``max_file_bytes`` (a context file, a saved response, render's input) or
    ``max_source_bytes`` (a batch read whole: a JSON array, an audited response or FEC file);
    ``already`` bytes of the same source were read before and count against it."""
    value = getattr(limits, limit)
    room = max(0, value - already)
    known = remaining_bytes(stream)
    if known is None or known <= room:
        data = stream.read(room + 1)
        if len(data) <= room:
            return data
    raise FileTooBig(larger_than(limit, limits))


def larger_than(limit: str, limits: Limits = DEFAULT_LIMITS) -> Breach:
    """The breach of what is read whole (:data:`_READ_WHOLE`) beyond ``limit``."""
    value = getattr(limits, limit)
    return Breach(limit, value, f"{_READ_WHOLE[limit]} is larger than the limit of {value:,} bytes ({limit})")


def depth_breach(limits: Limits = DEFAULT_LIMITS) -> Breach:
    """The breach of text the JSON decoder could not even nest into (RecursionError)."""
    return _breach(
        limits, "max_depth", f"document is nested more than {limits.max_depth} levels deep (max_depth)"
    )


def _number_breach(value: Decimal, limits: Limits) -> Breach | None:
    if not value.is_finite():
        return None  # NaN / Infinity objects from Python callers: the loader reports them (FLD003)
    digits = len(value.as_tuple().digits)
    if digits > limits.max_number_digits:
        return _beyond(limits, "max_number_digits", "a number", digits, "digits")
    exponent = value.adjusted()
    if abs(exponent) > limits.max_number_exponent:
        return _breach(
            limits,
            "max_number_exponent",
            f"a number's exponent is {exponent:+,}, beyond ±{limits.max_number_exponent:,} (max_number_exponent)",
        )
    return None


def number_breach(value: Decimal, limits: Limits = DEFAULT_LIMITS) -> Breach | None:
    """The breach of one finite number (digits, exponent), or None; cheap for an ordinary number
    (its positional text bounds both), so the loader asks it of every number it reads."""
    text = str(value)
    if "E" not in text and len(text) <= limits.max_number_digits and len(text) <= limits.max_number_exponent:
        return None
    return _number_breach(value, limits)


def _int_breach(value: int, limits: Limits) -> Breach | None:
    # Python ints come only from callers that build documents in code; compare by bit length first so
    # that even a huge int is judged without converting it to text (int -> str is quadratic and capped).
    magnitude = -value if value < 0 else value
    if magnitude.bit_length() <= 64:
        return None
    bound = 10 ** min(limits.max_number_digits, limits.max_number_exponent + 1)
    if magnitude >= bound:
        return _breach(
            limits,
            "max_number_digits",
            f"an integer has more than {min(limits.max_number_digits, limits.max_number_exponent + 1):,} digits (max_number_digits)",
        )
    return None


def within_limits_by_text(
    text: str, ordinary_numbers: bool, limits: Limits = DEFAULT_LIMITS, start: int = 0, end: int | None = None
) -> bool:
    """True when the JSON text alone proves its value within every limit, so :func:`first_breach`'s
    walk can be skipped (False means "not proven": walk).

    The proof uses counts the C string methods make in microseconds, each an upper bound: no string
    is longer than the text; no list or object has more items than the text has commas, plus one; no
    value nests deeper than the text has ``{`` and ``[`` (those inside strings only raise the bounds).
    Numbers: ``ordinary_numbers`` from :func:`ledger.io.jsontext.loads_screened` (every literal at most
    ``ORDINARY_NUMBER_CHARS`` characters and without exponent). ``start``/``end`` select one element's
    text inside a batch.
    """
    if end is None:
        end = len(text)
    return (
        ordinary_numbers
        and limits.max_number_digits >= ORDINARY_NUMBER_CHARS
        and limits.max_number_exponent >= ORDINARY_NUMBER_CHARS
        and end - start <= limits.max_string_chars
        and text.count(",", start, end) < limits.max_items
        and text.count("{", start, end) + text.count("[", start, end) <= limits.max_depth
    )


def first_breach(value: Any, limits: Limits = DEFAULT_LIMITS, *, exempt: Any = None) -> Breach | None:
    """The :class:`Breach` of the first limit ``value`` breaks, or None.

    One iterative, depth-first walk (an explicit stack: a 100,000-deep value cannot overflow it);
    every node is visited at most once and the walk stops at the first breach, so the cost is linear
    in the size of the value. ``exempt`` is one object (by identity) whose string length is not
    checked — the GraphQL ``query`` text of a request body.
    """
    max_depth, max_items, max_chars = limits.max_depth, limits.max_items, limits.max_string_chars
    stack: list[tuple[Any, int]] = [(value, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        kind = type(node)
        if kind is dict or isinstance(node, dict):
            if depth > max_depth:
                return depth_breach(limits)
            if len(node) > max_items:
                return _beyond(limits, "max_items", "an object", len(node), "keys")
            for key, item in node.items():
                if isinstance(key, str) and len(key) > max_chars:
                    return _beyond(limits, "max_string_chars", "a key", len(key), "characters")
                push((item, depth + 1))
        elif kind is list or kind is tuple or isinstance(node, (list, tuple)):
            if depth > max_depth:
                return depth_breach(limits)
            if len(node) > max_items:
                return _beyond(limits, "max_items", "a list", len(node), "items")
            for item in node:
                push((item, depth + 1))
        elif isinstance(node, str):
            if type(node) is HugeExponent:  # a number literal no decimal can hold (kept as its text)
                shown = node if len(node) <= 40 else node[:37] + "..."
                return _breach(
                    limits,
                    "max_number_exponent",
                    f"a number's exponent ({shown}) is beyond ±{limits.max_number_exponent:,} (max_number_exponent)",
                )
            if len(node) > max_chars and node is not exempt:
                return _beyond(limits, "max_string_chars", "a string", len(node), "characters")
        elif isinstance(node, Decimal):
            breach = _number_breach(node, limits)
            if breach is not None:
                return breach
        elif isinstance(node, int) and not isinstance(node, bool):
            breach = _int_breach(node, limits)
            if breach is not None:
                return breach
    return None
