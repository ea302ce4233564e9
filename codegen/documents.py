"""Operation documents, built as graphql-core AST nodes and printed with ``print_ast``.

Never string templates: a value spliced into GraphQL text is how the vendor examples went wrong ([LUCA-close-api]
writes ids inline and unquoted, ``bookkeepingJournal(id: 4LCGvv)``, which does not even lex; S77).
Here every argument is a variable, declared with the type the schema gives that argument (read back
from :func:`codegen.schema.build_schema`, so the declaration cannot disagree with the schema), and
every value travels in ``variables``. The document text therefore never depends on the input: one
document per operation, printed once, identical for every request.

Selection sets are derived from the model: an explicit selection in :mod:`codegen.surface` (the response
fields the seeds show) is checked field by field against the result class, and ``None`` means every
field of the class, recursively, in the model's declaration order — stable and readable. List queries
select ``totalCount``, ``pageInfo { hasNextPage endCursor }`` and ``nodes { … }``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from graphql import (
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLSchema,
    GraphQLType,
    print_ast,
)
from graphql.language import ast

from codegen import names
from codegen.schema import build_schema
from codegen.surface import ROOT_FIELDS, RootField, Selection, root_field
from ledger.fields import ApiModel, Kind, api_fields, field_by_api_name


def _name(value: str) -> ast.NameNode:
    return ast.NameNode(value=value)


def _field(
    name: str, selections: tuple[ast.SelectionNode, ...] = (), arguments: Iterable[ast.ArgumentNode] = ()
) -> ast.FieldNode:
    return ast.FieldNode(
        alias=None,
        name=_name(name),
        arguments=tuple(arguments),
        directives=(),
        selection_set=ast.SelectionSetNode(selections=selections) if selections else None,
    )


def type_node(gql_type: GraphQLType) -> ast.TypeNode:
    """The AST of a schema type reference (``UUID!``, ``[X!]``)."""
    if isinstance(gql_type, GraphQLNonNull):
        return ast.NonNullTypeNode(type=_nullable_type_node(gql_type.of_type))
    return _nullable_type_node(gql_type)


def _nullable_type_node(gql_type: GraphQLType) -> ast.NamedTypeNode | ast.ListTypeNode:
    # GraphQL has no non-null of a non-null, so the node under `!` is a name or a list.
    if isinstance(gql_type, GraphQLList):
        return ast.ListTypeNode(type=type_node(gql_type.of_type))
    assert isinstance(gql_type, GraphQLNamedType)
    return ast.NamedTypeNode(name=_name(gql_type.name))


def _model_selection(cls: type[ApiModel]) -> tuple[ast.SelectionNode, ...]:
    """Every field of ``cls`` as read, recursively (the model has no cycles)."""
    selections = []
    for _, field in api_fields(cls):
        if field.kind in (Kind.OBJECT, Kind.LIST):
            selections.append(_field(names.field_name(field), _model_selection(field.nested_model)))
        else:
            selections.append(_field(names.field_name(field)))
    return tuple(selections)


def _explicit_selection(cls: type[ApiModel], selection: Selection) -> tuple[ast.SelectionNode, ...]:
    fields = field_by_api_name(cls)
    selections = []
    for item in selection:
        name, nested = (item, None) if isinstance(item, str) else item
        if name not in fields:
            raise LookupError(f"codegen: {cls.graphql_name} has no field {name!r} to select")
        _, field = fields[name]
        if field.kind in (Kind.OBJECT, Kind.LIST):
            model = field.nested_model
            inner = _explicit_selection(model, nested) if nested else _model_selection(model)
            selections.append(_field(name, inner))
        else:
            if nested:
                raise LookupError(f"codegen: {cls.graphql_name}.{name} is a leaf; it takes no selection")
            selections.append(_field(name))
    return tuple(selections)


def _result_selection(root: RootField) -> tuple[ast.SelectionNode, ...]:
    if root.selection is None:
        node = _model_selection(root.result)
    else:
        node = _explicit_selection(root.result, root.selection)
    if not root.connection:
        return node
    return (
        _field("totalCount"),
        _field("pageInfo", (_field("hasNextPage"), _field("endCursor"))),
        _field("nodes", node),
    )


def build_document(root: RootField, schema: GraphQLSchema | None = None) -> ast.DocumentNode:
    """The operation document of one root field: variables for every argument, a model-derived selection."""
    schema = schema or build_schema()
    parent = schema.query_type if root.root == "query" else schema.mutation_type
    if parent is None:
        raise LookupError(f"codegen: the schema has no {root.root} type for {root.name}")
    schema_field = parent.fields[root.name]
    variables, arguments = [], []
    for argument in root.arguments:
        if not argument.in_document:
            continue
        variable = ast.VariableNode(name=_name(names.variable_name(argument.name)))
        variables.append(
            ast.VariableDefinitionNode(
                variable=variable,
                type=type_node(schema_field.args[argument.name].type),
                default_value=None,
                directives=(),
            )
        )
        arguments.append(ast.ArgumentNode(name=_name(argument.name), value=variable))
    operation = ast.OperationDefinitionNode(
        operation=ast.OperationType.QUERY if root.root == "query" else ast.OperationType.MUTATION,
        name=_name(names.document_name(root.name)),
        variable_definitions=tuple(variables),
        directives=(),
        selection_set=ast.SelectionSetNode(
            selections=(_field(root.name, _result_selection(root), arguments),)
        ),
    )
    return ast.DocumentNode(definitions=(operation,))


@functools.cache
def document_text(name: str) -> str:
    """The printed document of the root field ``name`` (what goes in a request's ``query``)."""
    return print_ast(build_document(root_field(name)))


def all_documents() -> dict[str, str]:
    """Root-field name -> printed document, for every root field of the surface, in table order."""
    return {root.name: document_text(root.name) for root in ROOT_FIELDS}
