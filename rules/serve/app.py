"""The ASGI application: GraphQL over HTTP at ``/graphql``, and the operator's routes.

A plain ASGI callable, no web framework: the server has one GraphQL route and three operator routes,
and everything a framework would add (routing tables, middleware, dependency injection) is more than
that needs. Any ASGI server runs it (``ledger-rules serve`` uses uvicorn), and a user's own test app
can mount it.

``POST /graphql`` takes ``{"query", "variables", "operationName"}`` as JSON and answers
``{"data": …, "errors": [{"message", "locations", "path", "extensions": {"code", …}}]}``. A request is
refused BEFORE execution, with the status the GraphQL-over-HTTP convention and Sage's docs use
(S42: 400 invalid request, 401 bad token or key), when:

* an authentication header is missing (401): ``Authorization``, ``X-TenantId``, ``X-OrganizationId``
  and ``x-api-key`` are required and checked for presence only;
* the body is larger than ``max_document_bytes`` (413) — the same limit, and the same reader
  (:func:`ledger.io.sources.document_from_text`), as ``check``: the body is read no further than the
  limit, and a body beyond the other limits (depth, items, digits…) is a 400 naming the limit;
* it is not UTF-8 JSON, not an object with a string ``query``, or its query does not parse or
  validate against the schema, or names an unknown operation (400);
* ``X-OrganizationId`` names no organisation of the server (403), unless the request only asks for
  ``organizations`` (how a client discovers the id).

Everything else executes, and answers 200 — business errors included (S42): a mutation the rules
refuse is an ``errors`` entry per violation with the rule's ``code``, ``severity`` and the ``path`` in
the input under ``extensions``. A failure of the server itself is a 500 with one error, never a
dropped connection.

Operator routes (no authentication; they are the test harness's, not the API's): ``POST
/_ledger/reset`` (back to the seed), ``GET /_ledger/state`` (the whole state as JSON) and ``GET
/_ledger/requests`` (the log of ``/graphql`` requests received, with their responses).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, MutableMapping
from decimal import Decimal
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    NamedTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    validate,
)

from ledger.io.jsontext import dumps
from ledger.io.limits import DEFAULT_LIMITS, Breach, Limits, first_breach, root_fields_breach, too_big
from ledger.io.sources import document_from_text
from rules.serve.books import Books, EngineCache
from rules.serve.resolvers import Rejected, root_value
from rules.serve.schema import server_schema
from rules.serve.store import Store

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: The headers the API requires (checked for presence), lower case as ASGI gives them.
AUTH_HEADERS = ("authorization", "x-tenantid", "x-organizationid", "x-api-key")
#: Root fields answered without a known organisation: how a client discovers the id.
_DISCOVERY = frozenset({"organizations", "__typename", "__schema", "__type"})


class _Refused(Exception):
    """A request refused before execution: its HTTP status and one GraphQL error."""

    def __init__(self, status: int, message: str, code: str, **extensions: Any) -> None:
        super().__init__(message)
        self.status = status
        self.error = {"message": message, "extensions": {"code": code, **extensions}}


def _breach(breach: Breach) -> _Refused:
    status = 413 if breach.limit == "max_document_bytes" else 400
    return _Refused(status, breach.message, "LIMIT_EXCEEDED", limit=breach.limit, hint=breach.hint)


def format_error(error: GraphQLError) -> list[dict[str, Any]]:
    """One GraphQL error as the response's entries: a rejected mutation gives one per violation."""
    original = error.original_error
    if isinstance(original, Rejected):
        out = []
        for violation in original.violations:
            extensions: dict[str, Any] = {
                "code": violation.code,
                "name": violation.name,
                "severity": violation.severity.value,
                "path": violation.path,
            }
            if violation.hint:
                extensions["hint"] = violation.hint
            out.append(
                {
                    **error.formatted,
                    "message": f"{violation.code}: {violation.message}",
                    "extensions": extensions,
                }
            )
        return out
    formatted: dict[str, Any] = dict(error.formatted)
    extensions = dict(error.extensions or {})
    if original is not None and not isinstance(original, GraphQLError):
        extensions = {"code": "INTERNAL_SERVER_ERROR"}
    else:
        extensions.setdefault("code", "BAD_USER_INPUT")
    formatted["extensions"] = extensions
    return [formatted]


class _Request:
    """What the resolvers see as ``info.context``: the organisation the request names."""

    def __init__(self, app: LedgerApp, org_id: str | None) -> None:
        self._app = app
        self._org_id = org_id
        self.extensions: dict[str, Any] = {}

    def books(self) -> Books:
        books = self._app.books(self._org_id)
        if books is None:  # only discovery queries get here without a known organisation
            raise GraphQLError(f"unknown organisation {self._org_id!r}", extensions={"code": "FORBIDDEN"})
        return books

    def all_books(self) -> list[Books]:
        return self._app.all_books()


class LedgerApp:
    """The ASGI application over one :class:`Store` (seeded by the caller: the organisations are
    fixed for the application's life, and their seeds, which no request changes, are read once)."""

    def __init__(self, store: Store, *, limits: Limits = DEFAULT_LIMITS) -> None:
        self.store = store
        self.limits = limits
        self.schema = server_schema()
        self._roots = root_value()
        self._engines = EngineCache()
        self._seeds = dict(store.organizations())
        # A client sends the same few query texts again and again: parse and validate each once.
        self._parsed = functools.lru_cache(maxsize=256)(self._parse_and_validate)

    def _parse_and_validate(self, query: str) -> tuple[DocumentNode, tuple[GraphQLError, ...]]:
        document = parse(query)
        return document, tuple(validate(self.schema, document))

    def books(self, org_id: str | None) -> Books | None:
        seed = self._seeds.get(org_id) if org_id is not None else None
        return (
            Books(self.store, org_id, seed, self._engines)
            if org_id is not None and seed is not None
            else None
        )

    def all_books(self) -> list[Books]:
        return [Books(self.store, i, seed, self._engines) for i, seed in self._seeds.items()]

    # -- ASGI -------------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        method, path = scope["method"], scope["path"].rstrip("/") or "/"
        try:
            if path == "/graphql":
                if method != "POST":
                    raise _Refused(405, "GraphQL requests are POSTed as JSON", "METHOD_NOT_ALLOWED")
                status, response = await self._graphql(scope, receive)
            elif path == "/_ledger/reset" and method == "POST":
                self.store.reset()
                status, response = 200, {"reset": True}
            elif path == "/_ledger/state" and method == "GET":
                status, response = 200, self.store.dump()
            elif path == "/_ledger/requests" and method == "GET":
                status, response = 200, {"requests": self.store.requests()}
            else:
                raise _Refused(404, f"no route {method} {path}", "NOT_FOUND")
        except _Refused as refused:
            status, response = refused.status, {"errors": [refused.error]}
        except Exception as exc:  # a bug of ours: one error and a 500, never a dropped connection
            status = 500
            response = {
                "errors": [
                    {
                        "message": f"internal error: {type(exc).__name__}: {exc}",
                        "extensions": {"code": "INTERNAL_SERVER_ERROR"},
                    }
                ]
            }
        body = dumps(response).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        if status == 405:
            headers.append((b"allow", b"POST"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes:
        limit = self.limits.max_document_bytes
        for name, value in scope.get("headers") or ():
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                raise _breach(too_big(int(value), self.limits))
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Refused(400, "the client went away", "BAD_REQUEST")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _breach(too_big(size, self.limits))  # read no further
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _graphql(self, scope: Scope, receive: Receive) -> tuple[int, dict[str, Any]]:
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope.get("headers") or ()
        }
        org_id = headers.get("x-organizationid")
        body: Any = None
        operations: list[str] = []
        try:
            missing = [h for h in AUTH_HEADERS if not headers.get(h)]
            if missing:
                raise _Refused(
                    401, "missing authentication header(s): " + ", ".join(missing), "AUTH_NOT_AUTHENTICATED"
                )
            raw = document_from_text("<request>", await self._read_body(scope, receive), self.limits)
            if raw.error is not None:
                if raw.breach is not None:
                    raise _breach(raw.breach)
                raise _Refused(400, raw.error, "BAD_REQUEST")
            body = raw.value
            query = body.get("query") if isinstance(body, dict) else None
            breach = None if raw.screened else first_breach(body, self.limits, exempt=query)
            if breach is not None:
                raise _breach(breach)
            if not isinstance(query, str):
                raise _Refused(400, "the body must be a JSON object with a string `query`", "BAD_REQUEST")
            status, response, operations = self._execute(body, org_id)
        except _Refused as refused:
            status, response = refused.status, {"errors": [refused.error]}
        self.store.log_request(org_id, operations, status, body, response)
        return status, response

    def _execute(self, body: dict, org_id: str | None) -> tuple[int, dict[str, Any], list[str]]:
        variables, name = body.get("variables"), body.get("operationName")
        if variables is not None and not isinstance(variables, dict):
            raise _Refused(400, "`variables` must be a JSON object", "BAD_REQUEST")
        if name is not None and not isinstance(name, str):
            raise _Refused(400, "`operationName` must be a string", "BAD_REQUEST")
        try:
            document, errors = self._parsed(body["query"])
        except GraphQLError as error:
            raise _Refused(
                400, error.message, "GRAPHQL_PARSE_FAILED", locations=error.formatted.get("locations")
            ) from None
        except RecursionError:
            raise _Refused(400, "the query is nested too deeply", "GRAPHQL_PARSE_FAILED") from None
        if errors:
            return (
                400,
                {
                    "errors": [
                        dict(e.formatted, extensions={"code": "GRAPHQL_VALIDATION_FAILED"}) for e in errors
                    ]
                },
                [],
            )
        operation = get_operation_ast(document, name)
        if operation is None:
            message = (
                f"unknown operation {name!r}" if name else "the document holds several operations: name one"
            )
            raise _Refused(400, message, "OPERATION_NOT_FOUND")
        fields = _root_fields(operation)
        variables = _int_variables(operation, variables)
        breach = root_fields_breach(len(fields), self.limits)
        if breach is not None:
            raise _breach(breach)
        if not set(fields) <= _DISCOVERY and self.books(org_id) is None:
            raise _Refused(403, f"X-OrganizationId: no organisation {org_id!r} on this server", "FORBIDDEN")
        request = _Request(self, org_id)
        result = execute(
            self.schema,
            document,
            root_value=self._roots,
            context_value=request,
            variable_values=variables,
            operation_name=name,
        )
        assert isinstance(result, ExecutionResult)  # every resolver is synchronous
        response: dict[str, Any] = {}
        if result.errors:
            response["errors"] = [entry for error in result.errors for entry in format_error(error)]
        response["data"] = result.data
        if request.extensions:
            response["extensions"] = request.extensions
        if result.data is None and result.errors:
            # The variables could not be coerced, so nothing executed: a request error. For a mutation
            # the engine says why in its own terms (FLD002, FLD006…), the codes `check` gives.
            if operation.operation is OperationType.MUTATION and (books := self.books(org_id)) is not None:
                report = books.engine.check(body)
                if not report.valid:
                    rejected = Rejected(tuple(v for v in report.violations if v.is_error))
                    response["errors"] = format_error(GraphQLError("rejected", original_error=rejected))
            return 400, response, fields
        return 200, response, fields


def _int_variables(operation: OperationDefinitionNode, variables: dict | None) -> dict | None:
    """The variables with each ``Int`` one read as an int. The exact JSON reader gives every number as
    a Decimal (so that ``Decimal`` fields keep their text); an integer literal (no point, no exponent)
    declared ``Int`` is the int graphql-core's ``Int`` expects (``first: 4``)."""
    if not variables:
        return variables
    out = dict(variables)
    for definition in operation.variable_definitions or ():
        type_node = definition.type
        if isinstance(type_node, NonNullTypeNode):
            type_node = type_node.type
        name = definition.variable.name.value
        value = out.get(name)
        if (
            isinstance(type_node, NamedTypeNode)
            and type_node.name.value == "Int"
            and isinstance(value, Decimal)
            and value.is_finite()
            and value.as_tuple().exponent == 0
        ):
            out[name] = int(value)
    return out


def _root_fields(operation: OperationDefinitionNode) -> list[str]:
    """The root field names the operation asks for (fragments spread at the root count by name)."""
    return [s.name.value for s in operation.selection_set.selections if isinstance(s, FieldNode)]
