"""Exact JSON: numbers become Decimals straight from their text, and nothing is silently lost.

The standard library's decoder is fast (it is C), so we keep it and only change what it builds:

* every number, integer or not, becomes a :class:`~decimal.Decimal` from its own digits (``parse_float``
  and ``parse_int``), so ``0.1`` is 0.1 and a 5,000-digit integer does not trip Python's int-string
  limit;
* ``NaN``, ``Infinity`` and ``-Infinity`` (which Python accepts but JSON forbids) become a
  :class:`NonFinite` marker that the loader reports, instead of a float;
* an object that repeats a key becomes a :class:`DuplicateKeyDict` that remembers the repeated keys —
  the API would silently keep one of them, so the loader reports it.

Writing is the mirror image: :func:`dumps` writes Decimals as their exact digits.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


class NonFinite(str):
    """The text of a NaN / Infinity token, kept so that the report can quote it."""

    __slots__ = ()


class EnumLiteral(str):
    """A bare GraphQL enum literal (``{id: JeCRVx}``): a name, not a string; only enum fields take it."""

    __slots__ = ()


class DuplicateKeyDict(dict):
    """A JSON object in which some key appeared more than once (the last value wins, as in JSON)."""

    __slots__ = ("duplicate_keys",)

    def __init__(self, pairs, duplicate_keys):
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
    parse_float=Decimal,
    parse_int=Decimal,
    parse_constant=NonFinite,
    object_pairs_hook=_object_pairs,
)


def loads(text: str) -> Any:
    """Decode JSON text exactly. Raises :class:`json.JSONDecodeError` (with line and column)."""
    return _DECODER.decode(text)


def decode_bytes(data: bytes) -> str:
    """Bytes to text: UTF-8 (a BOM is dropped); anything else is refused with a clear error.

    Raises UnicodeDecodeError; callers turn it into an FLD001 naming the byte offset.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8")


def _encode(value: Any, out: list[str]) -> None:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write the non-finite number {value} as JSON")
        out.append(str(value))
    elif isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, dict):
        out.append("{")
        first = True
        for key, item in value.items():
            if not first:
                out.append(", ")
            first = False
            out.append(json.dumps(str(key), ensure_ascii=False))
            out.append(": ")
            _encode(item, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(", ")
            _encode(item, out)
        out.append("]")
    elif isinstance(value, float):
        raise TypeError("refusing to write a binary float: amounts must be Decimal")
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(value: Any, *, indent: int | None = None) -> str:
    """Encode JSON with Decimals written exactly. ``indent`` re-formats through the json module
    only for layout: numbers are protected as raw text first."""
    if indent is None:
        out: list[str] = []
        _encode(value, out)
        return "".join(out)
    return _indented(value, indent, 0)


def _indented(value: Any, indent: int, level: int) -> str:
    pad, inner = " " * (indent * level), " " * (indent * (level + 1))
    if isinstance(value, dict) and value:
        items = [
            f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_indented(v, indent, level + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)) and value:
        items = [inner + _indented(v, indent, level + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return dumps(value)
