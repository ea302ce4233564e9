"""The GraphQL schema, converted from the ledger model — never written by hand.

Sage publishes no schema and Luca's is visible only by introspection (S83), yet generated
documents should be checked against *something* before anyone sends them. This module builds that
something from the one description the whole project shares: the attrs classes and the
:class:`~ledger.fields.ApiField` of every attribute. One converter walks the classes (as strawberry's
``schema_converter`` does) and asks :mod:`codegen.names` for every name:

* a class used in a mutation's argument becomes a ``GraphQLInputObjectType`` without its read-only
  fields, its required fields non-null (``!``);
* a class returned by a query or a mutation becomes a ``GraphQLObjectType`` with every field, all
  nullable (a response may omit what it cannot fill);
* Hot Chocolate connections (S1) wrap the list queries: ``nodes``, ``edges { cursor node }``,
  ``pageInfo``, ``totalCount``;
* every enum of :mod:`ledger.enums` is declared with its documented values (S21, S60), even those
  no field uses yet, so the SDL is also the enum reference.

The result is the UNION of two APIs (Sage Active and Luca): the names do not collide (Sage's types end
in ``GLDto``), and a single schema lets one test validate every generated document. Printed with
``print_schema(lexicographic_sort_schema(schema))`` it is byte-stable: the same model always prints the
same SDL, so the committed file can be checked for freshness.
"""

from __future__ import annotations

import enum
import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from graphql import (
    GraphQLArgument,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLID,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    lexicographic_sort_schema,
    print_schema,
    validate_schema,
)

import ledger.enums
from codegen import names
from codegen.surface import ROOT_FIELDS, RootField
from ledger.fields import ApiField, ApiModel, Kind, api_fields
from ledger.operations import Operation

_T = TypeVar("_T")
#: The object type a field of an object kind names: GraphQLObjectType (output) or GraphQLInputObjectType.
_Named = TypeVar("_Named", GraphQLObjectType, GraphQLInputObjectType)

SCHEMA_DESCRIPTION = (
    "Offline schema of the Sage Active and Luca Regnskap operations that ledger-rules checks, "
    "generated from the ledger model by `ledger-rules codegen`. Neither vendor publishes a schema "
    "(docs/sources.md, S83): field names come from the public docs; nested input type names, enum type "
    "names and nullability beyond the documented mandatory fields are our assumptions "
    "(see codegen/names.py)."
)


class SchemaError(Exception):
    """The model cannot be converted (two classes claim one type name, an unknown field…)."""


def _first_paragraph(doc: str | None) -> str | None:
    if not doc:
        return None
    text = inspect.cleandoc(doc).split("\n\n", 1)[0]
    return " ".join(text.split()) or None


def _field_description(field: ApiField, *, output: bool) -> str | None:
    parts = [field.doc] if field.doc else []
    if field.max_length is not None:
        parts.append(f"At most {field.max_length} characters.")
    if output and field.read_only:
        parts.append("Read-only: set by the API, never in a create input.")
    return " ".join(parts) or None


def _all_enums() -> list[type[enum.Enum]]:
    return [
        value
        for value in vars(ledger.enums).values()
        if isinstance(value, type)
        and issubclass(value, enum.Enum)
        and value.__module__ == ledger.enums.__name__
        and not value.__name__.startswith("_")
    ]


class _Converter:
    """Turns model classes into graphql-core types, once each, refusing two owners for one name."""

    def __init__(self) -> None:
        self._types: dict[str, Any] = {}
        self._owners: dict[str, tuple] = {}
        self.scalars = {
            name: GraphQLScalarType(name, description=description)
            for name, description in names.SCALAR_DESCRIPTIONS.items()
        }
        self._builtin = {
            "Int": GraphQLInt,
            "String": GraphQLString,
            "ID": GraphQLID,
            "Boolean": GraphQLBoolean,
        }
        self.enums = [self.enum(e) for e in _all_enums()]
        self.page_info = self._claim(
            names.PAGE_INFO,
            ("PageInfo",),
            lambda: GraphQLObjectType(
                names.PAGE_INFO,
                lambda: {
                    "hasNextPage": GraphQLField(GraphQLNonNull(GraphQLBoolean)),
                    "hasPreviousPage": GraphQLField(GraphQLNonNull(GraphQLBoolean)),
                    "startCursor": GraphQLField(GraphQLString),
                    "endCursor": GraphQLField(GraphQLString),
                },
                description="Relay cursor pagination (Hot Chocolate, S1).",
            ),
        )

    def _claim(self, name: str, owner: tuple, build: Callable[[], _T]) -> _T:
        known = self._owners.get(name)
        if known is not None:
            if known != owner:
                raise SchemaError(f"two definitions want the GraphQL name {name}: {known} and {owner}")
            return self._types[name]
        self._owners[name] = owner
        built = self._types[name] = build()
        return built

    def scalar(self, kind: Kind) -> GraphQLScalarType:
        name = names.scalar_name(kind)
        return self.scalars.get(name) or self._builtin[name]

    def enum(self, enum_cls: type[enum.Enum]) -> GraphQLEnumType:
        name = names.enum_type_name(enum_cls)
        return self._claim(
            name,
            ("enum", enum_cls),
            lambda: GraphQLEnumType(
                name,
                {member.value: GraphQLEnumValue(member.value) for member in enum_cls},
                description=_first_paragraph(enum_cls.__dict__.get("__doc__")),
            ),
        )

    def _leaf(
        self, cls: type[ApiModel], field: ApiField
    ) -> GraphQLScalarType | GraphQLEnumType | GraphQLList[GraphQLNonNull[GraphQLScalarType]]:
        # An enum-typed field, including the two the model keeps as text for their own rule (entryType,
        # regimeType: Kind.STRING with an enum): the field's description says, here as in the loader.
        if field.enum is not None:
            return self.enum(field.enum_type)
        if field.kind is Kind.ID_LIST:
            return GraphQLList(GraphQLNonNull(self.scalar(Kind.ID)))
        return self.scalar(field.kind)

    def _typed(
        self, cls: type[ApiModel], field: ApiField, nested: Callable[[type[ApiModel]], _Named]
    ) -> (
        _Named
        | GraphQLList[GraphQLNonNull[_Named]]
        | GraphQLScalarType
        | GraphQLEnumType
        | GraphQLList[GraphQLNonNull[GraphQLScalarType]]
    ):
        """A field's type: ``nested`` (the output or the input type) of its model for an object,
        a list of them for a list, else the leaf type; the one mapping both directions share."""
        if field.kind is Kind.OBJECT:
            return nested(field.nested_model)
        if field.kind is Kind.LIST:
            return GraphQLList(GraphQLNonNull(nested(field.nested_model)))
        return self._leaf(cls, field)

    # -- output ---------------------------------------------------------------------------------

    def output(self, cls: type[ApiModel], vendor: str) -> GraphQLObjectType:
        name = names.output_type_name(cls, vendor)
        return self._claim(
            name,
            ("output", cls, vendor),
            lambda: GraphQLObjectType(
                name,
                lambda: self._output_fields(cls, vendor),
                description=_first_paragraph(cls.__doc__),
            ),
        )

    def _output_fields(self, cls: type[ApiModel], vendor: str) -> dict[str, GraphQLField]:
        fields = {}
        for _, field in api_fields(cls):
            gql_type: GraphQLOutputType = self._typed(cls, field, lambda model: self.output(model, vendor))
            fields[names.field_name(field)] = GraphQLField(
                gql_type, description=_field_description(field, output=True)
            )
        return fields

    def connection(self, root: RootField) -> GraphQLObjectType:
        node = self.output(root.result, root.vendor)
        edge_name = names.edge_type_name(root.name)
        edge = self._claim(
            edge_name,
            ("edge", root.name),
            lambda: GraphQLObjectType(
                edge_name,
                {
                    "cursor": GraphQLField(GraphQLNonNull(GraphQLString)),
                    "node": GraphQLField(GraphQLNonNull(node)),
                },
                description=f"An edge of the {root.name} connection.",
            ),
        )
        name = names.connection_type_name(root.name)
        return self._claim(
            name,
            ("connection", root.name),
            lambda: GraphQLObjectType(
                name,
                {
                    "edges": GraphQLField(GraphQLList(GraphQLNonNull(edge))),
                    "nodes": GraphQLField(GraphQLList(GraphQLNonNull(node))),
                    "pageInfo": GraphQLField(GraphQLNonNull(self.page_info)),
                    "totalCount": GraphQLField(GraphQLNonNull(GraphQLInt)),
                },
                description=f"A page of {root.name} (Hot Chocolate connection, S1).",
            ),
        )

    # -- input ----------------------------------------------------------------------------------

    def input(self, cls: type[ApiModel], operation: Operation) -> GraphQLInputObjectType:
        name = names.input_type_name(cls, operation)
        return self._claim(
            name,
            ("input", cls, names.input_suffix(operation)),
            lambda: GraphQLInputObjectType(
                name,
                lambda: self._input_fields(cls, operation),
                description=_first_paragraph(cls.__doc__),
            ),
        )

    def _input_fields(self, cls: type[ApiModel], operation: Operation) -> dict[str, GraphQLInputField]:
        fields = {}
        for _, field in api_fields(cls):
            if field.read_only:
                continue  # FLD007: the API sets them; they exist only in the output types
            gql_type = self._typed(cls, field, lambda model: self.input(model, operation))
            fields[names.field_name(field)] = GraphQLInputField(
                GraphQLNonNull(gql_type) if field.required else gql_type,
                description=_field_description(field, output=False),
            )
        return fields

    # -- root fields ----------------------------------------------------------------------------

    def root(self, root: RootField) -> GraphQLField:
        arguments = {}
        for argument in root.arguments:
            gql_type: GraphQLInputType
            if argument.kind is None:
                operation = root.input_operation
                gql_type = self.input(operation.model, operation)
            else:
                gql_type = self.scalar(argument.kind)
            if argument.required:
                gql_type = GraphQLNonNull(gql_type)
            arguments[argument.name] = GraphQLArgument(gql_type)
        result: GraphQLOutputType = (
            self.connection(root) if root.connection else self.output(root.result, root.vendor)
        )
        vendor = "Sage Active" if root.vendor == "sage" else "Luca Regnskap"
        return GraphQLField(result, arguments, description=f"{vendor}. {root.description}".strip())


@functools.cache
def build_schema() -> GraphQLSchema:
    """The schema of every root field in :mod:`codegen.surface` (built once; treat it as read-only)."""
    converter = _Converter()
    query = {f.name: converter.root(f) for f in ROOT_FIELDS if f.root == "query"}
    mutation = {f.name: converter.root(f) for f in ROOT_FIELDS if f.root == "mutation"}
    schema = GraphQLSchema(
        query=GraphQLObjectType("Query", query),
        mutation=GraphQLObjectType("Mutation", mutation),
        types=[*converter.enums, *converter.scalars.values()],
        description=SCHEMA_DESCRIPTION,
    )
    # Resolving the lazy field thunks here surfaces a naming conflict at build time, not at print.
    errors = [str(e) for e in validate_schema(schema)]
    if errors:
        raise SchemaError("; ".join(errors))
    return schema


def schema_sdl() -> str:
    """The SDL text, byte-stable (sorted), ending with one newline."""
    return print_schema(lexicographic_sort_schema(build_schema())) + "\n"
