"""Intake: from one parsed document to "this value, checked as that operation".

Splitting a source into documents is :mod:`ledger.io.sources`' job (the same splitter serves ``check``
and ``audit``); this module takes over from there. :class:`Intake` resolves one document into
:class:`Target` values. A GraphQL request body (``{"query", "variables"}``) is parsed with graphql-core
— once per distinct query text and ``operationName``, since a batch repeats the same mutation — and each
root field the engine knows becomes a target, its ``input`` (or Luca's ``entryMatch``) taken from the
variables or from an inline literal (a variable given no value takes its declared default). Literal
numbers are read exactly from their text (``FloatValueNode.value``), never through float. A bare input
is accepted when the operation is named, and so is the seeds' variables object ``{"values": {...}}``;
the operation is never guessed from a shape (several operations take overlapping inputs), so without a
name such a document is refused with a hint naming ``--operation``.

Each query is validated, in the same once-per-query plan, as the GraphQL spec says: graphql-core's
specified rules against the schema the caller gives (the rules layer gives the generated one; this
layer cannot import it), minus the rules ``_NOT_APPLIED`` lists with the reason each cannot apply
offline. Every error is the document's FLD001, in the rule's own words. Without a schema, the rules that
read the document alone still run.

Work is bounded by the document's size: the operation's root fields (aliases included) are counted while
the query is parsed, which stops at the first one beyond ``Limits.max_root_fields`` — a
:class:`~ledger.io.limits.Breach`, kept in the plan like any other failure and handed over in
:attr:`Resolution.breach`. (That a variable used by many fields is checked once is the engine's part.)
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, NamedTuple

import attrs
from graphql import (
    ASTValidationRule,
    ExecutableDefinitionsRule,
    FieldsOnCorrectTypeRule,
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    KnownFragmentNamesRule,
    KnownTypeNamesRule,
    LoneAnonymousOperationRule,
    NoFragmentCyclesRule,
    NoUndefinedVariablesRule,
    NoUnusedFragmentsRule,
    NoUnusedVariablesRule,
    UniqueArgumentNamesRule,
    UniqueDirectivesPerLocationRule,
    UniqueFragmentNamesRule,
    UniqueInputFieldNamesRule,
    UniqueOperationNamesRule,
    UniqueVariableNamesRule,
    ValuesOfCorrectTypeRule,
    VariablesInAllowedPositionRule,
    specified_rules,
    validate,
)
from graphql.language import ast
from graphql.language.parser import Parser

from ledger.fields import field_by_api_name
from ledger.io.jsontext import DuplicateKeyDict, EnumLiteral, StringLiteral, exact_number
from ledger.io.limits import DEFAULT_LIMITS, Breach, Limits, root_fields_breach
from ledger.operations import BY_NAME, Operation, UnknownOperation, operation_named


@attrs.frozen
class Target:
    """One operation input found in a document."""

    operation: Operation
    value: Any
    path: str = ""  # prefix for paths when a document holds several operations


@attrs.frozen
class Resolution:
    """The targets of a document, or why it has none: ``error`` (FLD001's message) and ``hint``;
    ``breach`` too when a limit is the reason (its message is then ``error``)."""

    targets: tuple[Target, ...] = ()
    error: str | None = None
    hint: str | None = None
    breach: Breach | None = None


# -- GraphQL request bodies -------------------------------------------------------------------------


class _Unresolvable(Exception):
    def __init__(self, message: str, hint: str | None = None, breach: Breach | None = None):
        super().__init__(message)
        self.hint = hint
        self.breach = breach


class _Failure(NamedTuple):
    """An error every document with a given query meets (kept in the intake's plan cache)."""

    message: str
    hint: str | None
    breach: Breach | None = None


class _Step(NamedTuple):
    """One root field of a planned query: its operation, the argument's value node, the path prefix,
    and the default value of each variable the operation declares with one."""

    operation: Operation
    node: ast.ValueNode
    prefix: str
    defaults: Mapping[str, ast.ValueNode]


# -- validation: the GraphQL spec's rules, as far as they can apply offline ---------------------------
#
# Every rule graphql-core specifies runs, except those below, each for a stated reason:
# * KnownTypeNamesRule and VariablesInAllowedPositionRule judge a variable's declared TYPE NAME. Neither
#   vendor publishes its input type names for every operation (Luca's are undocumented), so the
#   generated schema's names are an assumption a real document need not share: `$v: X!` is not refused.
# * ValuesOfCorrectTypeRule and UniqueInputFieldNamesRule judge input VALUES. The loader does, field by
#   field, with the codes and paths a value sent in `variables` gets (FLD002-FLD007), so a literal and
#   a variable are reported alike, never once as one FLD001 and once as a field's code.
# * FieldsOnCorrectTypeRule runs on the root fields only (_RootFieldsOnCorrectType): below them, the
#   schema's output types hold the fields the model reads, not every field the API returns.
_NOT_APPLIED: frozenset[type[ASTValidationRule]] = frozenset(
    {
        KnownTypeNamesRule,
        VariablesInAllowedPositionRule,
        ValuesOfCorrectTypeRule,
        UniqueInputFieldNamesRule,
        FieldsOnCorrectTypeRule,
    }
)

# Without a schema (an Intake built without one), the rules that read only the document.
_DOCUMENT_RULES: tuple[type[ASTValidationRule], ...] = (
    ExecutableDefinitionsRule,
    UniqueOperationNamesRule,
    LoneAnonymousOperationRule,
    UniqueFragmentNamesRule,
    KnownFragmentNamesRule,
    NoUnusedFragmentsRule,
    NoFragmentCyclesRule,
    UniqueVariableNamesRule,
    NoUndefinedVariablesRule,
    NoUnusedVariablesRule,
    UniqueDirectivesPerLocationRule,
    UniqueArgumentNamesRule,
)


class _RootFieldsOnCorrectType(FieldsOnCorrectTypeRule):
    """graphql-core's rule for the operation's own fields: `query { createAccountingEntry … }` asks the
    query type for a mutation field."""

    def enter_field(self, node: ast.FieldNode, *args: Any) -> None:
        schema = self.context.schema
        if self.context.get_parent_type() in (schema.query_type, schema.mutation_type):
            super().enter_field(node, *args)


_SCHEMA_RULES: tuple[type[ASTValidationRule], ...] = (
    *(rule for rule in specified_rules if rule not in _NOT_APPLIED),
    _RootFieldsOnCorrectType,
)


@functools.cache
def _no_schema() -> GraphQLSchema:
    """The schema graphql-core's ``validate`` is given for the document-only rules, which never read it."""
    return GraphQLSchema(query=GraphQLObjectType("Query", {"_": GraphQLField(GraphQLString)}))


def _location(error: GraphQLError) -> str:
    return (
        f" at line {error.locations[0].line}, column {error.locations[0].column}" if error.locations else ""
    )


def _literal(node: ast.ValueNode, variables: dict, defaults: Mapping[str, ast.ValueNode]) -> Any:
    """A GraphQL literal as a JSON-like value; numbers exactly, enum names and quoted strings marked
    as such (the loader decides, from each field's description, which of the two the field takes)."""
    if isinstance(node, ast.VariableNode):
        name = node.name.value
        if name not in variables:
            if name in defaults:  # GraphQL: a variable given no value takes its declared default
                return _literal(defaults[name], {}, {})
            raise _Unresolvable(
                f"variable ${name} is used but has no value in `variables`",
                f'add "{name}" to the request\'s variables',
            )
        return variables[name]
    if isinstance(node, ast.ObjectValueNode):
        pairs = [(f.name.value, _literal(f.value, variables, defaults)) for f in node.fields]
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            repeated: list[str] = []
            for key, _ in pairs:
                if key in seen:
                    repeated.append(key)
                seen.add(key)
            return DuplicateKeyDict(pairs, tuple(repeated))
        return result
    if isinstance(node, ast.ListValueNode):
        return [_literal(v, variables, defaults) for v in node.values]
    if isinstance(node, (ast.IntValueNode, ast.FloatValueNode)):
        return exact_number(node.value)  # 1e-99999999999999999999 is FLD001, not a crash
    if isinstance(node, ast.StringValueNode):
        return StringLiteral(node.value)
    if isinstance(node, ast.BooleanValueNode):
        return node.value
    if isinstance(node, ast.NullValueNode):
        return None
    if isinstance(node, ast.EnumValueNode):
        return EnumLiteral(node.value)
    raise _Unresolvable(f"unsupported GraphQL value {type(node).__name__}")  # pragma: no cover


class Intake:
    """Resolves documents into operation targets; caches what each query asks for (reuse one per batch)."""

    def __init__(
        self, *, schema: GraphQLSchema | None = None, limits: Limits = DEFAULT_LIMITS, cache_size: int = 256
    ):
        """``schema``: the API's schema (the rules layer passes the generated one), against which
        documents are validated where it applies; without it, only the rules that read the document
        alone run. ``limits``: the per-document limits (``max_root_fields`` is this module's)."""
        self._plans: dict[tuple[str, str | None], tuple] = {}  # per (query, operationName): _plan
        self._cache_size = cache_size
        self._schema = schema
        self._limits = limits

    def _parsed(self, query: str) -> ast.DocumentNode:
        """The parsed query (parsed once per query: :meth:`_plan` keeps what is worked out from it)."""
        try:
            return _RootCountingParser(query, self._limits).parse_document()
        except GraphQLError as exc:
            raise _Unresolvable(
                f"the query is not valid GraphQL: {exc.message}{_location(exc)}",
                "quote ids and pass values as variables",
            ) from None

    def resolve(self, value: Any, operation: str | None = None) -> Resolution:
        try:
            if isinstance(value, dict) and "query" in value:
                return Resolution(self._request_body(value))
            if operation is None:
                raise _Unresolvable(
                    "not a GraphQL request body (no `query`), and no operation was named",
                    "send the request body as POSTed to the API, or pass --operation NAME",
                )
            try:
                op: Operation = operation_named(operation)
            except UnknownOperation as exc:
                raise _Unresolvable(exc.problem, exc.hint) from None
            return Resolution((Target(op, self._bare(value, op)),))
        except _Unresolvable as exc:
            return Resolution(error=str(exc), hint=exc.hint, breach=exc.breach)

    @staticmethod
    def _bare(value: Any, op: Operation) -> Any:
        if op.scalar_argument and not isinstance(value, dict):
            return {"id": value}
        if isinstance(value, dict) and len(value) == 1:
            ((key, inner),) = value.items()
            # The seeds' variables object, {"values": {...}}: one key that is not a field of the input.
            if isinstance(inner, dict) and key not in field_by_api_name(op.model):
                return inner
        return value

    def _request_body(self, body: dict) -> tuple[Target, ...]:
        query = body.get("query")
        if not isinstance(query, str):
            raise _Unresolvable("`query` must be a string holding the GraphQL document")
        variables = body.get("variables")
        if variables is None:
            variables = {}
        if not isinstance(variables, dict):
            raise _Unresolvable("`variables` must be a JSON object")
        targets = []
        for step in self._plan(query, body.get("operationName")):
            if isinstance(step, _Failure):
                raise _Unresolvable(step.message, step.hint, step.breach)  # a fresh exception: a cached
                # one would keep every traceback it was ever raised with
            op, node, prefix, defaults = step
            value = _literal(node, variables, defaults)  # a new value per document, even for a literal
            if op.scalar_argument:
                value = {op.argument: value}
            targets.append(Target(op, value, prefix))
        return tuple(targets)

    def _plan(self, query: str, wanted: Any) -> tuple:
        """What a query asks for, worked out once per (query, operationName): per root field, its
        operation, the argument's value node and the path prefix — or the error a document with this
        query gets (an error of the operation's choice first, then each field's, in order, so a document
        meets them exactly where the field-by-field walk met them)."""
        key = (query, wanted) if wanted is None or isinstance(wanted, str) else None
        plan = self._plans.get(key) if key is not None else None
        if plan is None:
            try:
                document = self._parsed(query)
                plan = self._work_out(document, wanted)
                if not any(isinstance(step, _Failure) for step in plan):
                    self._validate(document)
            except _Unresolvable as exc:
                plan = (_Failure(str(exc), exc.hint, exc.breach),)
            if key is not None:
                if len(self._plans) >= self._cache_size:
                    self._plans.pop(next(iter(self._plans)))
                self._plans[key] = plan
        return plan

    def _validate(self, document: ast.DocumentNode) -> None:
        """The GraphQL spec's validation (see _NOT_APPLIED for what is left out, and why), after the
        field-by-field walk, whose messages (an unknown operation, a missing argument) say more. Every
        error is named, in graphql-core's order and words."""
        if self._schema is None:
            errors = validate(_no_schema(), document, _DOCUMENT_RULES)
        else:
            errors = validate(self._schema, document, _SCHEMA_RULES)
        if errors:
            raise _Unresolvable(
                "the query is not valid GraphQL: " + "; ".join(e.message + _location(e) for e in errors),
                "declare every variable the query uses and use every one it declares; send each input "
                "to a mutation field",
            )

    @staticmethod
    def _work_out(document: ast.DocumentNode, wanted: Any) -> tuple:
        operations = [d for d in document.definitions if isinstance(d, ast.OperationDefinitionNode)]
        if wanted is not None:
            operations = [d for d in operations if d.name and d.name.value == wanted]
            if not operations:
                raise _Unresolvable(f"no operation named {wanted!r} in the query")
        if len(operations) != 1:
            raise _Unresolvable(
                "the query holds several operations and no `operationName` says which one runs"
                if operations
                else "the query holds no operation"
            )
        operation = operations[0]
        selections = operation.selection_set.selections
        fields = [s for s in selections if isinstance(s, ast.FieldNode)]
        if len(fields) != len(selections):
            raise _Unresolvable("fragments at the root of an operation are not supported")
        defaults = {
            d.variable.name.value: d.default_value
            for d in operation.variable_definitions or ()
            if d.default_value is not None
        }
        steps: list = []
        for field in fields:
            name = field.name.value
            op = BY_NAME.get(name)
            if op is None:
                steps.append(_Failure(f"unknown operation `{name}`", _did_you_mean(name)))
                break
            # graphql-core gives `arguments=None` (not ()) for a field written without parentheses:
            # `createAccountingEntry { id }` crashed here (found by benchmarks/fuzz_long.py).
            argument = next((a for a in field.arguments or () if a.name.value == op.argument), None)
            if argument is None:
                steps.append(
                    _Failure(
                        f"`{name}` has no `{op.argument}` argument",
                        f"call it as {name}({op.argument}: $values)",
                    )
                )
                break
            prefix = f"{(field.alias or field.name).value}." if len(fields) > 1 else ""
            steps.append(_Step(op, argument.value, prefix, defaults))
        return tuple(steps)


class _RootCountingParser(Parser):
    """graphql-core's parser, which stops as soon as a root selection set (an operation's, or a
    fragment's) holds more than ``max_root_fields`` selections: a request of 200,000 aliases is refused
    after reading 1,001 of them, not after parsing all its megabytes and planning each field."""

    def __init__(self, query: str, limits: Limits) -> None:
        super().__init__(query, no_location=False)
        self._limits = limits
        self._depth = 0
        self._count = 0

    def parse_selection_set(self) -> ast.SelectionSetNode:
        self._depth += 1
        if self._depth == 1:
            self._count = 0
        try:
            return super().parse_selection_set()
        finally:
            self._depth -= 1

    def parse_selection(self) -> ast.SelectionNode:
        if self._depth == 1:
            self._count += 1
            breach = root_fields_breach(self._count, self._limits)
            if breach is not None:
                raise _Unresolvable(breach.message, breach.hint, breach)
        return super().parse_selection()


def _did_you_mean(name: str) -> str:
    return UnknownOperation(name, BY_NAME).hint
