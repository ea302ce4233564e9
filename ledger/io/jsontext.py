"""Exact JSON: numbers become Decimals straight from their text, and nothing is silently lost.

The standard library's decoder is fast (it is C), so we keep it and only change what it builds:

* every number, integer or not, becomes a :class:`~decimal.Decimal` from its own digits (``parse_float``
  and ``parse_int``), so ``0.1`` is 0.1 and a 5,000-digit integer does not trip Python's int-string
  limit;
* ``NaN``, ``Infinity`` and ``-Infinity`` (which Python accepts but JSON forbids) become a
  :class:`NonFinite` marker that the loader reports, instead of a float; a number literal whose
  exponent no decimal can hold (``1e-9999999999999999999``) stays its text too (:class:`HugeExponent`),
  for the limits to report;
* an object that repeats a key becomes a :class:`DuplicateKeyDict` that remembers the repeated keys —
  the API would silently keep one of them, so the loader reports it.

Writing is the mirror image: :func:`dumps` writes Decimals as their exact digits.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any


class NonFinite(str):
    """The text of a NaN / Infinity token, kept so that the report can quote it."""

    __slots__ = ()


class HugeExponent(NonFinite):
    """The text of a number literal whose exponent no decimal can hold (``1e-9999999999999999999``:
    beyond about ±10^18, the decimal module refuses it with InvalidOperation). Kept as text, like NaN:
    the limits report it (FLD001, max_number_exponent) and the loader refuses it as a value."""

    __slots__ = ()


def exact_number(literal: str) -> Decimal | HugeExponent:
    """A JSON (or GraphQL) number literal as its exact Decimal, or :class:`HugeExponent` when no
    decimal can hold its exponent."""
    try:
        return Decimal(literal)
    except InvalidOperation:  # found by benchmarks/fuzz_long.py (seed 12): it escaped as a crash
        return HugeExponent(literal)


#: The most significant digits a float's shortest repr may have and still be read as that decimal.
#: A binary64 float round-trips every decimal of up to 15 significant digits (DBL_DIG), so such a
#: float was parsed from exactly the decimal its repr shows; from 16 digits on, two decimals a JSON
#: text could have held may share one float, and which one was written is no longer known.
FLOAT_DIGITS = 15


def float_as_decimal(value: float) -> Decimal | None:
    """The decimal a JSON text meant by ``value`` (a float from ``json.load`` without
    ``parse_float=Decimal``), or None when it cannot be known.

    This is the one rule for binary floats that reach the library from a caller's own parsing: a
    finite float whose shortest repr has at most :data:`FLOAT_DIGITS` significant digits is
    ``Decimal(repr(value))`` (``1824.67`` stays 1824.67 exactly); any other float (``0.1 + 0.2``,
    NaN, infinities) is refused, and the loader reports it as FLD003.
    """
    if not math.isfinite(value):
        return None
    number = Decimal(repr(value))
    if len(number.normalize().as_tuple().digits) > FLOAT_DIGITS:
        return None
    return number


class EnumLiteral(str):
    """A bare GraphQL enum literal (``{id: JeCRVx}``): a name, not a string; only enum fields take it."""

    __slots__ = ()


class StringLiteral(str):
    """A quoted GraphQL string literal (``{registerType: "UNDEFINED"}``): a string, which no enum field
    takes. JSON has no enum values, so a variable's string is an enum's only spelling there; inside a
    GraphQL literal the two are told apart, and the loader tells them apart the same way."""

    __slots__ = ()


class DuplicateKeyDict(dict):
    """A JSON object in which some key appeared more than once (the last value wins, as in JSON)."""

    __slots__ = ("duplicate_keys",)

    def __init__(self, pairs: Iterable[tuple[str, Any]], duplicate_keys: tuple[str, ...]) -> None:
        super().__init__(pairs)
        self.duplicate_keys = duplicate_keys


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict:
    result = dict(pairs)
    if len(result) == len(pairs):  # the common case costs one length comparison
        return result
    seen: set[str] = set()
    repeated: list[str] = []
    for key, _ in pairs:
        if key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    return DuplicateKeyDict(pairs, tuple(repeated))


_DECODER = json.JSONDecoder(
    parse_float=exact_number,
    parse_int=Decimal,  # an integer literal has no exponent: any length is a valid Decimal
    parse_constant=NonFinite,
    object_pairs_hook=_object_pairs,
)


def loads(text: str) -> Any:
    """Decode JSON text exactly. Raises :class:`json.JSONDecodeError` (with line and column)."""
    return _DECODER.decode(text)


#: A number literal of at most this many characters, without an exponent, is "ordinary": it has at
#: most this many digits and an adjusted exponent below it, so it cannot break a number limit
#: (:mod:`ledger.io.limits`) unless the limits are set below it.
ORDINARY_NUMBER_CHARS = 24


class _UnusualNumber(Exception):
    """Raised inside the decoder by a number literal that is not ordinary (see :func:`loads_screened`)."""


def _ordinary_number(literal: str) -> Decimal:
    if len(literal) > ORDINARY_NUMBER_CHARS or "e" in literal or "E" in literal:
        raise _UnusualNumber
    return Decimal(literal)


_SCREENING_DECODER = json.JSONDecoder(
    parse_float=_ordinary_number,
    parse_int=_ordinary_number,
    parse_constant=NonFinite,
    object_pairs_hook=_object_pairs,
)


def loads_screened(text: str) -> tuple[Any, bool]:
    """:func:`loads`, also telling whether every number literal was ordinary (short, no exponent).

    Real documents hold only ordinary numbers; learning it while decoding costs one length test per
    number and lets the engine skip the walk over the value that looks for a number beyond the limits
    (:func:`ledger.io.limits.within_limits_by_text`). The first unusual literal aborts the fast decode and
    the text is decoded again by :func:`loads` (same value), answering False.
    """
    try:
        return _SCREENING_DECODER.decode(text), True
    except _UnusualNumber:
        return _DECODER.decode(text), False


_SPACE = re.compile(r"[ \t\n\r]*")


def _after_space(text: str, index: int) -> int:
    """The index of the first character at or after ``index`` that is not JSON white space."""
    # the pattern matches the empty string too, so it matches at every index
    match = _SPACE.match(text, index)
    assert match is not None
    return match.end()


# Splitting a batch only needs to know where each element starts and ends: this decoder builds the
# cheapest values it can (number literals stay strings: no Decimal, and never a float) and they are
# dropped at once. Same C scanner, so it accepts and refuses exactly what :func:`loads` does.
_SPLITTER = json.JSONDecoder(parse_float=str, parse_int=str, parse_constant=str)


def element_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets in ``text`` of each element of a JSON array, the array validated.

    A batch file's elements are then decoded one at a time, as they are checked (``text[start:end]``
    with :func:`loads_screened`), so a large array costs its text plus one element in memory, not
    every parsed element at once; and each element can be held to the per-document size limit
    (:mod:`ledger.io.limits`) — the array as a whole is a batch, not a document. Raises
    :class:`json.JSONDecodeError` exactly where :func:`loads` would (the whole array is refused: after a
    syntax error there is no reliable way to resynchronise), and ValueError when the text is not an
    array at all.
    """
    index = _after_space(text, 0)
    if text[index : index + 1] != "[":
        raise ValueError("not a JSON array")
    index = _after_space(text, index + 1)
    spans: list[tuple[int, int]] = []
    if text[index : index + 1] != "]":
        while True:
            end = _SPLITTER.raw_decode(text, index)[1]
            spans.append((index, end))
            index = _after_space(text, end)
            delimiter = text[index : index + 1]
            if delimiter == ",":
                index = _after_space(text, index + 1)
            elif delimiter == "]":
                break
            else:
                raise json.JSONDecodeError("Expecting ',' delimiter", text, index)
    end = _after_space(text, index + 1)
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return spans


def decode_bytes(data: bytes) -> str:
    """Bytes to text: UTF-8 (a BOM is dropped); anything else is refused with a clear error.

    Raises UnicodeDecodeError; callers turn it into an FLD001 with :func:`not_utf8`.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8")


def not_utf8(error: UnicodeDecodeError, offset: int | None = None) -> str:
    """The one wording of "these bytes are not UTF-8" (check, the batch reader and audit say the same):
    the offending byte and its offset (``offset`` when the caller counts from elsewhere than ``error``)."""
    return f"not UTF-8 text: byte 0x{error.object[error.start]:02x} at offset {error.start if offset is None else offset}"


def _scalar(value: Any) -> str:
    if isinstance(value, HugeExponent):
        return str(value)  # it was a number literal: written back as one
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write the non-finite number {value} as JSON")
        return str(value)
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        raise TypeError("refusing to write a binary float: amounts must be Decimal")
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(value: Any, *, indent: int | None = None) -> str:
    """Encode JSON with Decimals written exactly (``str(Decimal)``: ``1E+2`` stays ``1E+2``, which is
    valid JSON and reads back as the same Decimal). ``indent`` lays objects and lists out one item per
    line, as ``json.dumps(indent=...)`` does.

    The writer is iterative (an explicit stack of pending text and values), so a deeply nested value
    cannot exhaust Python's recursion limit — the fuzz suite once crashed the interpreter with a
    recursive version while ``fix`` wrote back a 600-level document.
    """
    out: list[str] = []
    stack: list[Any] = [(value, 0)]
    while stack:
        item = stack.pop()
        if type(item) is str:  # pending punctuation (values are pushed as tuples)
            out.append(item)
            continue
        node, level = item
        if isinstance(node, dict) and node:
            opening, separator, closing = _layout("{", "}", indent, level)
            pending: list[Any] = []
            for position, (key, child) in enumerate(node.items()):
                pending.append(
                    (separator if position else opening) + json.dumps(str(key), ensure_ascii=False) + ": "
                )
                pending.append((child, level + 1))
            pending.append(closing)
            stack.extend(reversed(pending))
        elif isinstance(node, (list, tuple)) and node:
            opening, separator, closing = _layout("[", "]", indent, level)
            pending = []
            for position, child in enumerate(node):
                pending.append(separator if position else opening)
                pending.append((child, level + 1))
            pending.append(closing)
            stack.extend(reversed(pending))
        elif isinstance(node, dict):
            out.append("{}")
        elif isinstance(node, (list, tuple)):
            out.append("[]")
        else:
            out.append(_scalar(node))
    return "".join(out)


def _layout(opening: str, closing: str, indent: int | None, level: int) -> tuple[str, str, str]:
    if indent is None:
        return opening, ", ", closing
    inner, outer = "\n" + " " * (indent * (level + 1)), "\n" + " " * (indent * level)
    return opening + inner, "," + inner, outer + closing
