"""``render(operation, input) -> (query, variables)``: a request body for one operation.

The query is the operation's generated document, always the same text; the input goes into
``variables`` and nowhere else, so no quote, backslash, brace or ``#`` in a description can change the
meaning of the document (the failure mode of the vendor examples, S77). Amounts stay
:class:`~decimal.Decimal` — write the body with :func:`ledger.io.jsontext.dumps`, which prints them digit
for digit.

For a mutation, ``input`` is a model object (dumped with :func:`ledger.io.loading.dump`) or the input as a
dict — passed through unchanged, unknown fields included, so that checking the rendered body gives the
same verdict as checking the bare input with ``--operation``. The seeds' ``{"values": {...}}`` wrapper is
unwrapped exactly as the engine's intake does. For a query, ``input`` is the variables (``{"first":
100}``, ``{"id": "4LCGvv"}``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from codegen import names
from codegen.documents import document_text
from codegen.surface import RootField, root_field
from ledger.fields import field_by_api_name
from ledger.io.loading import dump
from ledger.operations import Operation


def render(operation: str | Operation, input: Any = None) -> tuple[str, dict[str, Any]]:
    """The GraphQL ``query`` text and the ``variables`` object for ``operation`` with ``input``.

    Raises KeyError for an unknown operation, TypeError for a value JSON cannot carry exactly (a binary
    float, a model object of the wrong class), ValueError for variables the document does not declare
    and for a value beyond :mod:`ledger.io.limits` (``check`` would call it FLD001).
    """
    if not attrs.has(type(input)):
        from ledger.io.limits import first_breach

        breach = first_breach(input)  # before the recursive copy below (found by tests/test_fuzz.py)
        if breach is not None:
            raise ValueError(f"the input is beyond the library's limits: {breach}")
    root = root_field(operation.name if isinstance(operation, Operation) else operation)
    query = document_text(root.name)
    if root.root == "mutation":
        (argument,) = root.arguments
        return query, {names.variable_name(argument.name): _mutation_value(root, input)}
    return query, _query_variables(root, input)


def _mutation_value(root: RootField, value: Any) -> Any:
    operation = root.input_operation
    if attrs.has(type(value)):
        if not isinstance(value, operation.model):
            raise TypeError(f"{root.name} takes a {operation.model.__name__}, not a {type(value).__name__}")
        value = dump(value)
    elif isinstance(value, dict):
        value = _unwrap_values(value, operation)
    elif not operation.scalar_argument:
        raise TypeError(f"{root.name} takes an input object (a dict or a {operation.model.__name__})")
    if operation.scalar_argument:
        # The argument is the input's only field (Luca's destroy takes the match id itself).
        (field_name,) = field_by_api_name(operation.model)
        if isinstance(value, dict):
            extra = sorted(set(value) - {field_name})
            if extra:
                raise ValueError(f"{root.name} takes only `{field_name}`; got also {', '.join(extra)}")
            value = value.get(field_name)
    return _plain(value, root.name)


def _unwrap_values(value: dict, operation: Operation) -> dict:
    # The seeds' variables object {"values": {...}}: one key that is not a field of the input, holding
    # an object. Mirrors ledger.io.requests.Intake._bare so a rendered body checks like the bare input.
    if len(value) == 1:
        ((key, inner),) = value.items()
        if isinstance(inner, dict) and key not in field_by_api_name(operation.model):
            return inner
    return value


def _query_variables(root: RootField, value: Any) -> dict[str, Any]:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise TypeError(f"the variables of {root.name} must be a dict")
    declared = {names.variable_name(a.name): a for a in root.arguments if a.in_document}
    unknown = sorted(set(value) - set(declared))
    if unknown:
        raise ValueError(
            f"{root.name} declares no variable {', '.join('$' + u for u in unknown)}; "
            f"it takes {', '.join('$' + d for d in declared) or 'none'}"
        )
    missing = [name for name, a in declared.items() if a.required and value.get(name) is None]
    if missing:
        raise ValueError(f"{root.name} needs {', '.join('$' + m for m in missing)}")
    return {name: _plain(item, root.name) for name, item in value.items()}


def _plain(value: Any, where: str) -> Any:
    """A JSON-ready copy: dicts, lists, strings, Decimals, ints, booleans, None; dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): _plain(v, where) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, where) for v in value]
    if isinstance(value, float):
        raise TypeError(f"{where}: refusing the binary float {value!r}; amounts must be Decimal")
    if isinstance(value, Decimal) and not value.is_finite():
        raise TypeError(f"{where}: {value} is not a JSON number")
    if isinstance(value, (str, bool, int, Decimal)) or value is None:
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{where}: cannot put a {type(value).__name__} in GraphQL variables")
