"""The loader's fast path: per model class, one generated function that loads a VALID object.

:mod:`ledger.io.loading` walks a JSON object key by key through a table of converter closures, so that
every shape problem is found and reported in the order of the document. That generality costs ~1.5 µs
per field, and a valid document — the common case a whole year of entries consists of — pays it for
nothing: it has no problem to report.

This module compiles, once per (class, mode), straight-line Python source (the approach of attrs' own
``__init__`` and cattrs' structure functions): one ``data.get`` per field of the class, the type test
of the field's kind inline, nested objects and lists through their own compiled functions, then one
call of the class. It has ONE contract, which keeps it small and safe:

* it returns the very object the generic loader would build when the generic loader would report no
  problem, and
* it returns :data:`DOUBT` whenever it is not sure — an unknown or read-only key, a missing required
  field, a value of an unusual type (a ``bool`` where a number belongs, an ``EnumLiteral``, a
  subclass), an over-long string, a repeated key (``DuplicateKeyDict`` is not ``dict``), anything.

It never reports a problem itself: on DOUBT the caller runs the generic walk from the start of the
document, which finds and words every problem exactly as before. Being over-cautious costs only time;
being under-cautious would be a bug, and ``tests/ledger/io/test_compiled_load.py`` checks the two paths agree on
valid documents, on every planted shape fault and on Hypothesis-built documents.

Numbers: the fast path accepts a Decimal without re-checking it against the number limits, so it is
only used by callers that have already proven every number of the document within them (the engine
and the audit do that before loading: FLD001); :meth:`ledger.io.loading.Loader.load` takes ``bounded``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ledger.fields import ApiField, Kind

#: What a compiled function returns when it cannot vouch for the object (the generic walk decides).
DOUBT = object()


def compile_fast_loader(
    cls: type,
    fields: list[tuple[str, ApiField, bool]],
    required: frozenset[str],
    nested: Callable[[type], Callable[[dict], Any]],
    parse_date: Callable[[str], Any],
    uuid_match: Callable[[str], Any],
) -> Callable[[dict], Any]:
    """The fast function of ``cls``: ``fields`` are ``(attribute, field, refused)`` in class order,
    ``required`` the API names a create input must give, ``nested(model)`` the fast function of a
    nested class."""
    allowed = frozenset(field.name for _, field, refused in fields if not refused)
    namespace: dict[str, Any] = {
        "DOUBT": DOUBT,
        "ALLOWED": allowed,
        "cls": cls,
        "Decimal": Decimal,
        "dict": dict,
        "list": list,
        "str": str,
        "int": int,
        "tuple": tuple,
        "type": type,
        "parse_date": parse_date,
        "uuid_match": uuid_match,
    }
    body = [
        "def fast(data):",
        # Not a plain dict (a DuplicateKeyDict), or a key that is unknown or read-only here.
        "    if type(data) is not dict or not data.keys() <= ALLOWED:",
        "        return DOUBT",
    ]
    arguments = []
    for index, (attr, field, refused) in enumerate(fields):
        if refused:
            continue  # absent (ALLOWED excludes it): the attribute keeps its default, None
        value, out = f"v{index}", f"a{index}"
        body.append(f"    {value} = data.get({field.name!r})")
        body.append(f"    if {value} is None:")
        if field.name in required:
            body.append("        return DOUBT")
        else:
            body.append(f"        {out} = None")
        body.append("    else:")
        body.extend("        " + line for line in _convert(field, value, out, index, namespace, nested))
        arguments.append(f"{attr}={out}")
    body.append(f"    return cls({', '.join(arguments)})")
    source = "\n".join(body)
    exec(compile(source, f"<fast loader of {cls.__name__}>", "exec"), namespace)
    return namespace["fast"]


def _convert(
    field: ApiField,
    value: str,
    out: str,
    index: int,
    namespace: dict[str, Any],
    nested: Callable[[type], Callable[[dict], Any]],
) -> list[str]:
    """Lines that set ``out`` from the non-null ``value`` or return DOUBT (a mirror of the generic
    converter's ACCEPTING branch only; every refusal is left to the generic walk)."""
    kind = field.kind
    if kind is Kind.DECIMAL:
        return [
            f"if type({value}) is Decimal and {value}.is_finite():",
            f"    {out} = {value}",
            f"elif type({value}) is int:",
            f"    {out} = Decimal({value})",
            "else:",
            "    return DOUBT",
        ]
    if kind is Kind.INT:
        return [
            f"if type({value}) is Decimal and {value}.is_finite() and {value} == {value}.to_integral_value():",
            f"    {out} = int({value})",
            f"elif type({value}) is int:",
            f"    {out} = {value}",
            "else:",
            "    return DOUBT",
        ]
    if kind is Kind.STRING:
        limit = None if field.checked_by else field.max_length
        test = f"type({value}) is not str" + (f" or len({value}) > {limit}" if limit is not None else "")
        return [f"if {test}:", "    return DOUBT", f"{out} = {value}"]
    if kind is Kind.DATE:
        return [
            f"if type({value}) is not str:",
            "    return DOUBT",
            f"{out} = parse_date({value})",
            f"if {out} is None:",
            "    return DOUBT",
        ]
    if kind is Kind.UUID:
        return [
            f"if type({value}) is not str or not uuid_match({value}):",
            "    return DOUBT",
            f"{out} = {value}",
        ]
    if kind is Kind.ID:
        return [f"if type({value}) is not str or not {value}:", "    return DOUBT", f"{out} = {value}"]
    if kind is Kind.BOOL:
        return [f"if {value} is not True and {value} is not False:", "    return DOUBT", f"{out} = {value}"]
    if kind is Kind.ENUM:
        members = f"members{index}"
        namespace[members] = {m.value: m for m in field.enum_type}
        return [
            f"if type({value}) is not str:",
            "    return DOUBT",
            f"{out} = {members}.get({value})",
            f"if {out} is None:",
            "    return DOUBT",
        ]
    if kind is Kind.ID_LIST:
        return [
            f"if type({value}) is not list:",
            "    return DOUBT",
            f"for item in {value}:",
            "    if type(item) is not str or not item:",
            "        return DOUBT",
            f"{out} = tuple({value})",
        ]
    resolver = f"nested{index}"
    namespace[resolver] = nested(field.nested_model)
    if kind is Kind.OBJECT:
        return [
            f"if type({value}) is not dict:",
            "    return DOUBT",
            f"{out} = {resolver}({value})",
            f"if {out} is DOUBT:",
            "    return DOUBT",
        ]
    if kind is Kind.LIST:
        return [
            f"if type({value}) is not list:",
            "    return DOUBT",
            f"{out} = []",
            f"for item in {value}:",
            f"    item = {resolver}(item)",
            "    if item is DOUBT:",
            "        return DOUBT",
            f"    {out}.append(item)",
            f"{out} = tuple({out})",
        ]
    raise AssertionError(kind)  # pragma: no cover - every kind is handled above
