"""Intake: from one parsed document to "this value, checked as that operation".

Splitting a source into documents is :mod:`ledger.io.sources`' job (the same splitter serves ``check``
and ``audit``); this module takes over from there. :class:`Intake` resolves one document into
:class:`Target` values. A GraphQL request body
   (``{"query", "variables"}``) is parsed with graphql-core — once per distinct query text, since a batch
   repeats the same mutation — and each root field the engine knows becomes a target, its ``input`` (or
   Luca's ``entryMatch``) taken from the variables or from an inline literal. Literal numbers are read
   exactly from their text (``FloatValueNode.value``), never through float. A bare input is accepted when
   the operation is named, and so is the seeds' variables object ``{"values": {...}}``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import attrs
from graphql import GraphQLError, parse
from graphql.language import ast

from ledger.fields import field_by_api_name
from ledger.io.jsontext import DuplicateKeyDict, EnumLiteral, StringLiteral, exact_number
from ledger.operations import BY_NAME, Operation, UnknownOperation, operation_named


@attrs.frozen
class Target:
    """One operation input found in a document."""

    operation: Operation
    value: Any
    path: str = ""  # prefix for paths when a document holds several operations


@attrs.frozen
class Resolution:
    targets: tuple[Target, ...] = ()
    error: str | None = None
    hint: str | None = None


# -- GraphQL request bodies -------------------------------------------------------------------------


class _Unresolvable(Exception):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


class _Failure(NamedTuple):
    """An error every document with a given query meets (kept in the intake's plan cache)."""

    message: str
    hint: str | None


def _literal(node: ast.ValueNode, variables: dict) -> Any:
    """A GraphQL literal as a JSON-like value; numbers exactly, enum names and quoted strings marked
    as such (the loader decides, from each field's description, which of the two the field takes)."""
    if isinstance(node, ast.VariableNode):
        name = node.name.value
        if name not in variables:
            raise _Unresolvable(
                f"variable ${name} is used but has no value in `variables`",
                f'add "{name}" to the request\'s variables',
            )
        return variables[name]
    if isinstance(node, ast.ObjectValueNode):
        pairs = [(f.name.value, _literal(f.value, variables)) for f in node.fields]
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
        return [_literal(v, variables) for v in node.values]
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

    def __init__(self, *, cache_size: int = 256):
        self._plans: dict[tuple[str, str | None], tuple] = {}  # per (query, operationName): _plan
        self._cache_size = cache_size

    @staticmethod
    def _parsed(query: str) -> ast.DocumentNode:
        """The parsed query (parsed once per query: :meth:`_plan` keeps what is worked out from it)."""
        try:
            return parse(query, no_location=False)
        except GraphQLError as exc:
            location = (
                f" at line {exc.locations[0].line}, column {exc.locations[0].column}" if exc.locations else ""
            )
            raise _Unresolvable(
                f"the query is not valid GraphQL: {exc.message}{location}",
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
            return Resolution(error=str(exc), hint=exc.hint)

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
                raise _Unresolvable(step.message, step.hint)  # a fresh exception: a cached one would
                # keep every traceback it was ever raised with
            op, node, prefix = step
            value = _literal(node, variables)  # a new value per document, even for a literal
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
                plan = self._work_out(self._parsed(query), wanted)
            except _Unresolvable as exc:
                plan = (_Failure(str(exc), exc.hint),)
            if key is not None:
                if len(self._plans) >= self._cache_size:
                    self._plans.pop(next(iter(self._plans)))
                self._plans[key] = plan
        return plan

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
        fields = [s for s in operations[0].selection_set.selections if isinstance(s, ast.FieldNode)]
        if len(fields) != len(operations[0].selection_set.selections):
            raise _Unresolvable("fragments at the root of an operation are not supported")
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
            steps.append((op, argument.value, prefix))
        return tuple(steps)


def _did_you_mean(name: str) -> str:
    return UnknownOperation(name, BY_NAME).hint
