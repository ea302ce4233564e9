"""The schema the server executes: the generated SDL, built anew, with its scalars taught to be exact.

The server does not write a schema of its own: it parses the very SDL ``ledger-rules codegen`` emits
(:func:`codegen.schema.schema_sdl`) with graphql-core's ``build_ast_schema``. That gives a private
copy — :func:`codegen.schema.build_schema` is shared with the engine's validation and must stay
untouched — on which three things are set:

* the ``Decimal`` scalar reads a literal from its TEXT (``12.30`` is ``Decimal("12.30")``, never a
  float) and writes a Decimal as is, for :func:`ledger.io.jsontext.dumps` to print as a JSON number;
  a value of the wrong kind (``"12.30"``) is passed on for the engine to report as FLD003, exactly
  as ``check`` does, rather than refused by the coercion with a message of its own;
* ``accountingEntries`` takes the Hot Chocolate ``where:`` and ``order:`` arguments (S1) the
  offline schema leaves out (:mod:`rules.serve.filters` builds their input types and applies them);
* nothing else: resolvers are not attached to the types but handed to ``execute`` as the root value
  (:mod:`rules.serve.resolvers`), so the schema stays the generated one, field for field.
"""

from __future__ import annotations

import functools
from typing import Any

from graphql import (
    FloatValueNode,
    GraphQLScalarType,
    GraphQLSchema,
    IntValueNode,
    StringValueNode,
    ValueNode,
    build_ast_schema,
    parse,
    value_from_ast_untyped,
)

from codegen.schema import schema_sdl
from ledger.io.jsontext import exact_number
from rules.serve.filters import with_entry_filters


def _decimal_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> Any:
    if isinstance(node, (IntValueNode, FloatValueNode)):
        return exact_number(node.value)
    if isinstance(node, StringValueNode):
        return node.value  # the engine reports a quoted number as FLD003, as check does
    return value_from_ast_untyped(node, variables)


@functools.cache
def server_schema() -> GraphQLSchema:
    """The executable schema (built once per process; read-only once built)."""
    document = with_entry_filters(parse(schema_sdl()))
    schema = build_ast_schema(document)
    decimal = schema.type_map["Decimal"]
    assert isinstance(decimal, GraphQLScalarType)
    decimal.parse_literal = _decimal_literal  # type: ignore[method-assign]
    return schema
