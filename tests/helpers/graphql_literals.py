"""Writing an input value as a GraphQL literal, the way the field descriptions type it.

The tests compare a request that sends its input in ``variables`` with the same request written as an
inline literal. JSON has no enum values, so the variables form spells an enum as a string; the literal
form must write it bare. Which fields are enums is read from the one field description
(:class:`ledger.fields.ApiField`), as the loader and the generated schema read it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ledger.fields import Kind, field_by_api_name
from ledger.operations import Operation


def literal(value: Any, model: type | None) -> str:
    """``value`` (a JSON-like input of ``model``) as GraphQL literal text."""
    if isinstance(value, dict):
        fields = field_by_api_name(model) if model is not None else {}
        parts = []
        for key, item in value.items():
            field = fields.get(key, (None, None))[1]
            if field is not None and field.enum is not None and isinstance(item, str):
                parts.append(f"{key}: {item}")
            else:
                nested = field.model if field is not None and field.kind in (Kind.OBJECT, Kind.LIST) else None
                parts.append(f"{key}: {literal(item, nested)}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(item, model) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (Decimal, int)):
        return str(value)
    return json.dumps(value)  # a GraphQL string's escapes are JSON's


def as_literal_request(op: Operation, value: Any) -> dict:
    """A request body holding ``value`` as an inline literal of ``op``'s argument."""
    return {"query": f"mutation {{ {op.name}({op.argument}: {literal(value, op.model)}) {{ __typename }} }}"}


def as_variables_request(op: Operation, value: Any) -> dict:
    """The same request with ``value`` in ``variables`` (the form the CLI writes)."""
    return {"query": op.request_query("values"), "variables": {"values": value}}
