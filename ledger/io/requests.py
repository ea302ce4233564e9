"""Intake: from bytes on disk to "this value, checked as that operation".

Two jobs, kept apart:

1. :func:`read_documents` splits a source into documents without ever giving up on the batch: a JSON
   array yields its elements, JSON Lines yield one document per line (read as a stream, so memory stays
   flat), a single object is one document. A line or file that is not JSON becomes a document carrying
   the error, which the engine reports as FLD001 — the other documents are still checked.

2. :class:`Intake` resolves one document into :class:`Target` values. A GraphQL request body
   (``{"query", "variables"}``) is parsed with graphql-core — once per distinct query text, since a batch
   repeats the same mutation — and each root field the engine knows becomes a target, its ``input`` (or
   Luca's ``entryMatch``) taken from the variables or from an inline literal. Literal numbers are read
   exactly from their text (``FloatValueNode.value``), never through float. A bare input is accepted when
   the operation is named, and so is the seeds' variables object ``{"values": {...}}``.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any, NamedTuple

import attrs
from graphql import GraphQLError, parse
from graphql.language import ast

from ledger.fields import field_by_api_name
from ledger.io.jsontext import (
    DuplicateKeyDict,
    EnumLiteral,
    element_spans,
    exact_number,
    loads_screened,
    not_utf8,
)
from ledger.io.limits import DEFAULT_LIMITS, Limits, depth_breach, size_breach, within_limits_by_text
from ledger.operations import BY_NAME, Operation, UnknownOperation, operation_named


@attrs.frozen
class RawDocument:
    """One document of a source: its parsed JSON value, or why it could not be parsed."""

    source: str
    value: Any = None
    error: str | None = None
    #: True when the text was proven within every limit while it was read
    #: (:func:`ledger.io.limits.within_limits_by_text`): the engine skips the limits walk.
    screened: bool = False


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


@contextmanager
def _collector_paused():
    # Parsing one big JSON array allocates millions of containers at once; the cyclic garbage
    # collector would walk the growing tree again and again (halving throughput) although JSON
    # cannot contain cycles. Pause it for the parse only, and restore whatever state it had.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _decode_line(raw: bytes, first: bool) -> str:
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return raw.decode("utf-8")


def _error_text(exc: Exception, limits: Limits = DEFAULT_LIMITS) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
    if isinstance(exc, UnicodeDecodeError):
        return not_utf8(exc)
    if isinstance(exc, RecursionError):  # the C decoder's own depth guard (~1,000 levels)
        return depth_breach(limits)
    return f"not a usable document: {exc}"


def parse_document(source: str, text: str, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """One document's text, decoded exactly, screened against the limits; an error names the fault."""
    try:
        value, ordinary = loads_screened(text)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        return RawDocument(source, error=_error_text(exc, limits))
    return RawDocument(source, value, screened=within_limits_by_text(text, ordinary, limits))


class RawText(NamedTuple):
    """One document's text, split from its source but not parsed yet: :func:`parse_text` parses it.

    :func:`split_documents` yields these so that ``check --jobs`` can send the text to a worker process
    and parse it THERE; :func:`read_documents` parses them at once. Both call :func:`parse_text`, so the
    two paths give the same document (value, error text, source) for the same text.
    """

    source: str
    # A JSON Lines line as read (bytes, its newline included, a UTF-8 BOM of line 1 removed), or the
    # text of an array's element (str, already decoded).
    data: bytes | str


def parse_text(item: RawText, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """The document of one :class:`RawText`: decoded (bytes are UTF-8) and parsed exactly."""
    text = item.data
    if type(text) is not str:
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            return RawDocument(item.source, error=_error_text(exc, limits))
    return parse_document(item.source, text, limits)


class _Oversized(bytes):
    """The first chunk of a line longer than the size limit; ``size`` is the whole line's length.

    The rest of the line was read in bounded chunks and dropped, so one huge line costs bounded memory.
    """

    size: int


class _Partial(bytes):
    """The first ``limit + 1`` bytes of a line that goes on (nothing after them was consumed)."""


def _readline(stream: IO[bytes], limit: int, *, keep: bool = False) -> bytes:
    """One line of at most ``limit`` bytes; a longer one is ``_Oversized`` (or ``_Partial`` with ``keep``)."""
    line = stream.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n"):
        return line
    return _Partial(line) if keep else _finish(line, stream)


def _finish(line: bytes, stream: IO[bytes]) -> _Oversized:
    size = len(line)
    while not line.endswith(b"\n"):
        line = stream.readline(1 << 20)
        if not line:
            break
        size += len(line)
    oversized = _Oversized(b"{}")  # never parsed: only its size is reported
    oversized.size = size
    return oversized


def read_documents(
    name: str, stream: IO[bytes], *, lines: bool | None = None, limits: Limits | None = None
) -> Iterator[RawDocument]:
    """Yield the documents of one source (a binary stream), in order (:func:`split_documents`, parsed)."""
    limits = limits or DEFAULT_LIMITS
    for item in split_documents(name, stream, lines=lines, limits=limits):
        yield parse_text(item, limits) if type(item) is RawText else item


def split_documents(
    name: str,
    stream: IO[bytes],
    *,
    lines: bool | None = None,
    limits: Limits | None = None,
    defer: bool = False,
) -> Iterator[RawDocument | RawText]:
    """Split one source (a binary stream) into its documents, in order, parsing as little as it can.

    JSON Lines come out as :class:`RawText` (the line's bytes, not decoded or parsed:
    :func:`parse_text`), the rest as :class:`RawDocument` (parsed; or carrying the error that made the
    source or the line unreadable). An array is validated whole first (a syntax error anywhere makes the
    whole source one error) by a pass that keeps only each element's offsets
    (:func:`ledger.io.jsontext.element_spans`); its elements are then decoded one at a time as they are
    consumed, so a large array costs its text, not every parsed element at once. With ``defer=True``
    they come out as :class:`RawText`, the text of each element, for a worker process to parse rather
    than receive the parsed value (pickling Decimals costs more than parsing them).

    ``lines=True`` forces JSON Lines (one document per line, streamed); ``None`` decides: ``.jsonl`` and
    ``.ndjson`` names are JSON Lines; otherwise a first line that is a complete JSON object on its own
    means JSON Lines, and anything else is read whole (an array's elements, or one document).

    ``limits.max_document_bytes`` (:mod:`ledger.io.limits`) is enforced here, BEFORE parsing: per line for
    JSON Lines (a longer line is skipped in bounded chunks), per element's text for an array (the array
    is a batch, read whole), and on the whole source for one document (read no further than the limit).
    """
    limits = limits or DEFAULT_LIMITS
    cap = limits.max_document_bytes
    if lines is None and name.lower().endswith((".jsonl", ".ndjson")):
        lines = True
    forced = bool(lines)
    first_raw = b""
    while True:  # skip leading blank lines
        first_raw = _readline(stream, cap, keep=True)
        if not first_raw or first_raw.strip():
            break
    if not first_raw:
        yield RawDocument(name, error="empty input: no JSON document found")
        return
    if lines is None:
        try:
            first_text = "" if isinstance(first_raw, _Partial) else _decode_line(first_raw, True)
            candidate = parse_document(name, first_text, limits)
            lines = candidate.error is None and isinstance(candidate.value, dict)
        except UnicodeDecodeError:
            lines = False
    if lines:
        if isinstance(first_raw, _Partial):
            first_raw = _finish(first_raw, stream)
        yield from _read_lines(name, first_raw, stream, numbered=forced, limits=limits)
        return
    is_array = first_raw.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"[")
    if is_array:
        data = first_raw + stream.read()
    else:  # one document: read no further than the limit
        data = first_raw + stream.read(max(0, cap + 1 - len(first_raw)))
        if len(data) > cap:
            size = len(data) + sum(len(chunk) for chunk in iter(lambda: stream.read(1 << 20), b""))
            yield RawDocument(name, error=size_breach(size, limits))
            return
    try:
        text = _decode_line(data, True)
    except UnicodeDecodeError as exc:
        yield RawDocument(name, error=_error_text(exc, limits))
        return
    del data
    if not is_array:
        with _collector_paused():
            document = parse_document(name, text, limits)
        yield document
        return
    try:
        spans, error = element_spans(text), None
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        spans, error = [], _error_text(exc, limits)
    if error is not None:
        yield RawDocument(name, error=error)
        return
    for index, (start, end) in enumerate(spans):
        source = f"{name}[{index}]"
        # An element's size is its own text. Characters are at most bytes, and a character is at most
        # 4 UTF-8 bytes: encode (to count exactly) only an element whose size could be over the limit.
        breach = None
        if (end - start) * 4 > cap:
            breach = size_breach(len(text[start:end].encode("utf-8", "surrogatepass")), limits)
        if breach:
            yield RawDocument(source, error=breach)
        elif defer and _shallow(text, start, end):
            # whoever checks the element parses its text (pickling Decimals costs more than parsing)
            yield RawText(source, text[start:end])
        else:
            yield parse_document(source, text[start:end], limits)


def _shallow(text: str, start: int, end: int) -> bool:
    # An array element is deferred (sent as text) only when it cannot nest deep enough for the decoder's
    # recursion guard to answer differently in a worker's stack than it did here (~1,000 levels): its
    # brackets bound its depth.
    return text.count("{", start, end) + text.count("[", start, end) <= 500


def _read_lines(
    name: str, first_raw: bytes, stream: IO[bytes], *, numbered: bool, limits: Limits = DEFAULT_LIMITS
) -> Iterator[RawDocument | RawText]:
    # Sources are physical line numbers (leading blank lines were skipped before first_raw, so they
    # count from there). A file that turns out to hold ONE single-line document is named without a
    # line number, unless it is explicitly JSON Lines; learning that needs a look-ahead past blanks.
    cap = limits.max_document_bytes
    pending = [first_raw]
    single = False
    if not numbered:
        while True:
            following = _readline(stream, cap)
            pending.append(following)
            if not following or following.strip():
                break
        single = not pending[-1]

    def physical() -> Iterator[bytes]:
        yield from (line for line in pending if line)
        yield from iter(lambda: _readline(stream, cap), b"")

    for number, raw in enumerate(physical(), 1):
        if raw.isspace():  # a blank line (only ASCII white space): not a document
            continue
        source = name if single else f"{name}:{number}"
        if isinstance(raw, _Oversized):
            yield RawDocument(source, error=size_breach(raw.size, limits))
        elif number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            yield RawText(source, raw[3:])
        else:
            yield RawText(source, raw)


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
    """A GraphQL literal as a JSON-like value; numbers exactly, enum names marked as such."""
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
            repeated = tuple(k for k, _ in pairs if k in seen or seen.add(k))
            return DuplicateKeyDict(pairs, repeated)
        return result
    if isinstance(node, ast.ListValueNode):
        return [_literal(v, variables) for v in node.values]
    if isinstance(node, (ast.IntValueNode, ast.FloatValueNode)):
        return exact_number(node.value)  # 1e-99999999999999999999 is FLD001, not a crash
    if isinstance(node, ast.StringValueNode):
        return node.value
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
                op = operation_named(operation)
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
