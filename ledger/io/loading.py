"""Loading API JSON into the model, and dumping it back, driven by the field metadata.

:func:`load` never raises on bad data. It walks the JSON once, builds the model objects, and collects
every shape problem (:class:`ShapeProblem`, with the path into the document) — a missing required
field, a string where an amount belongs, an unknown enum value, an over-long string, an unknown or
read-only field, a repeated key. A binary float (a caller's own ``json.load``) is read by the one rule
of :func:`ledger.io.jsontext.float_as_decimal`. A value that cannot be read is left ``None`` in the model, so business
rules skip it instead of reporting the same fault twice (rules.md, "one fault, one code").

The walk is compiled once per model class into a tuple of small converter closures (see
:class:`_ClassPlan`), so loading a million entries does no per-document schema work.

:func:`dump` is the inverse: model -> API JSON (Decimals stay Decimals; dates become ISO strings);
``load(dump(x)) == x`` for every model the loader can produce.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

import attrs

from ledger.fields import ApiField, ApiModel, Kind, api_fields
from ledger.io.compiled_load import DOUBT, compile_fast_loader
from ledger.io.jsontext import DuplicateKeyDict, EnumLiteral, NonFinite, StringLiteral, float_as_decimal
from ledger.io.limits import DEFAULT_LIMITS, Limits, number_breach
from ledger.spelling import closest

Mode = Literal["create", "read"]


class Fault(enum.Enum):
    """The kinds of shape problem; :mod:`rules` maps each to its FLD code."""

    MISSING = "missing"  # FLD002
    INVALID = "invalid"  # FLD003
    ENUM = "enum"  # FLD004
    TOO_LONG = "too-long"  # FLD005
    UNKNOWN = "unknown"  # FLD006
    READ_ONLY = "read-only"  # FLD007


@attrs.frozen
class ShapeProblem:
    fault: Fault
    path: str
    message: str
    hint: str | None = None


@attrs.frozen
class Loaded:
    """A model object (None when the value was not an object at all) and its shape problems."""

    model: Any
    problems: tuple[ShapeProblem, ...]


# fullmatch, not match with ^…$: "$" also matches before a final newline, which let "<uuid>\n" pass.
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def one_line(text: str | None) -> str | None:
    """Text quoted from a document as ONE printable line: control characters (a key such as ``"\\n"``
    or ``"\\x1b[31m"``) are written as escapes, so they cannot break or colour a report line; found
    by tests/test_fuzz.py. The loader uses it for keys in its messages, the engine for every message."""
    if text is None or text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
        for ch in text
    )


def _describe(value: Any) -> str:
    if isinstance(value, NonFinite):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, EnumLiteral):
        return f"the bare GraphQL enum literal {value} (quote it, or better, pass it in a variable)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, float):
        return f"the binary float {value!r}"
    return str(value)


def parse_date(value: str) -> date | None:
    """A Sage DateTime as a date: ``YYYY-MM-DD`` or an ISO date-time (the time is ignored, S17)."""
    try:
        if _DATE.fullmatch(value):
            return date.fromisoformat(value)
        if len(value) > 10 and value[10] in "Tt ":
            return datetime.fromisoformat(value.replace("z", "Z")).date()
    except ValueError:
        return None
    return None


# A converter takes (value, prefix, key, problems) and returns the model value (None when unreadable).
# The field's path is ``prefix + key``; it is joined only when a problem is reported (most values have
# none), which keeps string building off the path of a valid document.
Converter = Callable[[Any, str, str, list[ShapeProblem]], Any]


def _invalid(problems: list[ShapeProblem], path: str, field: ApiField, value: Any, expected: str) -> None:
    problems.append(
        ShapeProblem(
            Fault.INVALID,
            path,
            f"`{field.name}` must be {expected}, not {_describe(value)}",
            _HINTS.get(field.kind),
        )
    )


def _quoted_enum(problems: list[ShapeProblem], path: str, field: ApiField, value: str) -> None:
    """An enum value quoted inside a GraphQL literal: a server refuses a string where an enum is expected
    (GraphQL spec, "Enum Value"), though a variable's JSON string is right (JSON has no enum values)."""
    problems.append(
        ShapeProblem(
            Fault.INVALID,
            path,
            f"`{field.name}` must be the enum value {value}, not the string {_describe(value)}"
            " (in a GraphQL literal an enum value has no quotes)",
            f"write {field.name}: {value} without quotes, or pass the input in a variable",
        )
    )


_HINTS = {
    Kind.DECIMAL: "write the amount as a plain JSON number, e.g. 1824.67 (no quotes)",
    Kind.INT: "write a whole JSON number, e.g. 15000",
    Kind.DATE: "use YYYY-MM-DD, e.g. 2024-03-01",
    Kind.UUID: "Sage Active ids are UUIDs such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    Kind.BOOL: "write true or false (no quotes)",
}


_FLOAT_HINT = "read the JSON with json.load(f, parse_float=Decimal) so that amounts keep their exact digits"


def _from_float(
    value: float, problems: list[ShapeProblem], path: str, field: ApiField, expected: str
) -> Decimal | None:
    """A binary float (from a caller's ``json.load``) as its decimal, by the one rule of
    :func:`ledger.io.jsontext.float_as_decimal`; otherwise FLD003 with a hint that names the fix."""
    number = float_as_decimal(value)
    if number is None:
        problems.append(
            ShapeProblem(
                Fault.INVALID, path, f"`{field.name}` must be {expected}, not {_describe(value)}", _FLOAT_HINT
            )
        )
    return number


def _beyond_limits(problems: list, path: str, field: ApiField, value: Decimal, limits: Limits) -> bool:
    """Refuse a number beyond ``limits`` (digits, exponent) before anything computes with it.

    The engine already reports such a document as FLD001; this guard protects every other road into the
    model (audit, contexts, direct callers): ``int(Decimal("1e999999999"))`` never returns, and ``abs()``
    of it raises decimal.Overflow.
    """
    if number_breach(value, limits) is None:  # ledger.io.limits decides; the message here is the field's
        return False
    digits, exponent = len(value.as_tuple().digits), value.adjusted()
    problems.append(
        ShapeProblem(
            Fault.INVALID,
            path,
            f"`{field.name}` is beyond the library's number limits ({digits} digits, exponent {exponent})",
            "check the exporter's column: no real value has this many digits",
        )
    )
    return True


def _scalar_converter(field: ApiField, mode: Mode, limits: Limits = DEFAULT_LIMITS) -> Converter:
    kind = field.kind

    if kind is Kind.DECIMAL:

        def convert(value: Any, prefix: str, key: str, problems: list[ShapeProblem]) -> Any:
            if isinstance(value, float):
                value = _from_float(value, problems, prefix + key, field, "a JSON number")
                if value is None:
                    return None
            if isinstance(value, Decimal):
                if value.is_finite():
                    return None if _beyond_limits(problems, prefix + key, field, value, limits) else value
            elif isinstance(value, int) and not isinstance(value, bool):
                return Decimal(value)
            _invalid(problems, prefix + key, field, value, "a JSON number")
            return None

    elif kind is Kind.INT:

        def convert(value: Any, prefix: str, key: str, problems: list[ShapeProblem]) -> Any:
            if isinstance(value, float):
                value = _from_float(value, problems, prefix + key, field, "a whole JSON number")
                if value is None:
                    return None
            if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
                return None if _beyond_limits(problems, prefix + key, field, value, limits) else int(value)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            _invalid(problems, prefix + key, field, value, "a whole JSON number")
            return None

    elif kind is Kind.STRING:
        limit = None if field.checked_by else field.max_length
        # A field the API types as an enum, kept as text for its own rule (entryType, regimeType): a
        # GraphQL literal writes it bare, as every enum; the text is kept either way, so that the rule
        # judges the value and a quoted spelling is one fault (FLD003), not two.
        enum_typed = field.enum is not None

        def convert(value: Any, prefix: str, key: str, problems: list[ShapeProblem]) -> Any:
            if enum_typed and isinstance(value, (EnumLiteral, StringLiteral)):
                if isinstance(value, StringLiteral):
                    _quoted_enum(problems, prefix + key, field, value)
                return str(value)
            if not isinstance(value, str) or isinstance(value, (NonFinite, EnumLiteral)):
                _invalid(problems, prefix + key, field, value, "a string")
                return None
            if limit is not None and len(value) > limit:
                problems.append(
                    ShapeProblem(
                        Fault.TOO_LONG,
                        prefix + key,
                        f"`{field.name}` has {len(value)} characters; the API allows {limit}",
                        f"shorten it to at most {limit} characters",
                    )
                )
            return value

    elif kind is Kind.DATE:

        def convert(value: Any, prefix: str, key: str, problems: list[ShapeProblem]) -> Any:
            if isinstance(value, str) and not isinstance(value, EnumLiteral):
                parsed = parse_date(value)
                if parsed is not None:
                    return parsed
            _invalid(problems, prefix + key, field, value, "a date (YYYY-MM-DD)")
            return None

    elif kind is Kind.UUID:

        def convert(value: Any, prefix: str, key: str, problems: list[ShapeProblem]) -> Any:
            if isinstance(value, str) and not isinstance(value, EnumLiteral) and _UUID.fullmatch(value):
                return value
            _invalid(problems, prefix + key, field, value, "a UUID")
            return None

    elif kind is Kind.ID:

        def convert(value: Any, prefix: str, key: str, problems: list[ShapeProblem]) -> Any:
            if isinstance(value, str) and not isinstance(value, (NonFinite, EnumLiteral)) and value:
                return value
            if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
                # GraphQL ID accepts integers; keep the text. Bounded first: int() of 1e999999999
                # never returns, and str() of an int over 4,300 digits raises ValueError.
                if _beyond_limits(problems, prefix + key, field, value, limits):
                    return None
                integral = value.to_integral_value()
                return str(int(integral)) if integral.adjusted() < 1000 else format(integral, "f")
            _invalid(problems, prefix + key, field, value, "an id string")
            return None

    elif kind is Kind.BOOL:

        def convert(value: Any, prefix: str, key: str, problems: list[ShapeProblem]) -> Any:
            if isinstance(value, bool):
                return value
            _invalid(problems, prefix + key, field, value, "true or false")
            return None

    elif kind is Kind.ENUM:
        members = {m.value: m for m in field.enum_type}

        def convert(value: Any, prefix: str, key: str, problems: list[ShapeProblem]) -> Any:
            if isinstance(value, str) and not isinstance(value, NonFinite):
                member = members.get(value)
                if member is not None:
                    if isinstance(value, StringLiteral):
                        _quoted_enum(problems, prefix + key, field, value)  # understood: no cascade
                    return member
                suggestion = closest(value, members)
                problems.append(
                    ShapeProblem(
                        Fault.ENUM,
                        prefix + key,
                        f"`{field.name}` {value!r} is not one of {', '.join(members)}",
                        f"did you mean {suggestion}?" if suggestion else None,
                    )
                )
                return None
            _invalid(problems, prefix + key, field, value, "one of " + ", ".join(members))
            return None

    elif kind is Kind.ID_LIST:

        def convert(value: Any, prefix: str, key: str, problems: list[ShapeProblem]) -> Any:
            if not isinstance(value, list):
                _invalid(problems, prefix + key, field, value, "a list of ids")
                return None
            ids = []
            for index, item in enumerate(value):
                if isinstance(item, str) and item:
                    ids.append(item)
                else:
                    _invalid(problems, f"{prefix}{key}[{index}]", field, item, "an id string")
            return tuple(ids)

    else:  # pragma: no cover - every kind is handled above or in _ClassPlan
        raise AssertionError(kind)
    return convert


class _ClassPlan:
    """How to load one model class: per API field, the attribute and its converter."""

    def __init__(self, cls: type[ApiModel], mode: Mode, plans: dict, limits: Limits = DEFAULT_LIMITS) -> None:
        self.cls = cls
        self.mode = mode
        self.limits = limits
        # Per API field name: the attribute, its converter, and whether this mode refuses the field
        # (a read-only field in a create input).
        self.fields: dict[str, tuple[str, Converter, bool]] = {}
        self.required: list[ApiField] = []
        for attr, field in api_fields(cls):
            refused = bool(field.read_only) and mode == "create"
            self.fields[field.name] = (attr, self._converter(field, plans), refused)
            if field.required and not field.checked_by and mode == "create":
                self.required.append(field)
        self.required_names = frozenset(field.name for field in self.required)
        self._refused = {name for name, (_, _, refused) in self.fields.items() if refused}
        self._plans = plans
        self._fast: Callable[[dict], Any] | None = None  # compiled on first use (ledger.io.compiled_load)
        self._compiling = False

    def fast(self) -> Callable[[dict], Any]:
        """The compiled fast path of this class (:mod:`ledger.io.compiled_load`): the model of a valid
        object, or DOUBT."""
        fast = self._fast
        if fast is None:
            # Published only once complete: a thread that comes meanwhile compiles its own (same) one.
            self._compiling = True
            try:
                fields = [(attr, field, field.name in self._refused) for attr, field in api_fields(self.cls)]
                fast = compile_fast_loader(
                    self.cls, fields, self.required_names, self._nested_fast, parse_date, _UUID.fullmatch
                )
            finally:
                self._compiling = False
            self._fast = fast
        return fast

    def _nested_fast(self, model: type[ApiModel]) -> Callable[[dict], Any]:
        plan = _plan(model, self.mode, self._plans, self.limits)
        if plan._compiling:  # a class that contains itself: look its function up when called
            return lambda data: plan.fast()(data)
        return plan.fast()

    def _converter(self, field: ApiField, plans: dict) -> Converter:
        if field.kind is Kind.OBJECT:
            nested = field.nested_model

            resolved: list[_ClassPlan] = []  # the nested plan, looked up on first use (plans may recurse)

            def convert(value: Any, prefix: str, key: str, problems: list[ShapeProblem]) -> Any:
                if isinstance(value, dict):
                    if not resolved:
                        resolved.append(_plan(nested, self.mode, plans, self.limits))
                    return resolved[0].load(value, prefix + key, problems)
                _invalid(problems, prefix + key, field, value, "an object")
                return None

            return convert
        if field.kind is Kind.LIST:
            nested = field.nested_model

            items_plan: list[_ClassPlan] = []  # as above

            def convert(value: Any, prefix: str, key: str, problems: list[ShapeProblem]) -> Any:
                if not isinstance(value, list):
                    _invalid(problems, prefix + key, field, value, "a list")
                    return None
                if not items_plan:
                    items_plan.append(_plan(nested, self.mode, plans, self.limits))
                plan = items_plan[0]
                path = prefix + key
                items = []
                for index, item in enumerate(value):
                    item_path = f"{path}[{index}]"
                    if isinstance(item, dict):
                        items.append(plan.load(item, item_path, problems))
                    else:
                        _invalid(problems, item_path, field, item, "an object")
                return tuple(items)

            return convert
        return _scalar_converter(field, self.mode, self.limits)

    def load(self, data: dict, path: str, problems: list) -> Any:
        prefix = f"{path}." if path else ""
        kwargs: dict[str, Any] = {}
        fields = self.fields
        if isinstance(data, DuplicateKeyDict):
            for key in data.duplicate_keys:
                problems.append(
                    ShapeProblem(
                        Fault.INVALID,
                        prefix + key,
                        f"`{one_line(key)}` appears more than once; the API would silently keep only one",
                        "remove the repeated key",
                    )
                )
        saw_null = False
        for key, value in data.items():
            spec = fields.get(key)
            if spec is None:
                self._unknown(key, prefix, problems)
                continue
            attr, convert, refused = spec
            if refused:
                problems.append(
                    ShapeProblem(
                        Fault.READ_ONLY,
                        prefix + key,
                        f"`{key}` is read-only: the API sets it, a create input must not",
                        "remove the field from the input",
                    )
                )
            if value is None:
                saw_null = True
                continue
            converted = convert(value, prefix, key, problems)
            # An unreadable value stays out of kwargs: the attrs default (None) applies.
            if converted is not None:
                kwargs[attr] = converted
        # A required field is missing when its value is absent or null. One C-level subset test
        # settles the common case (every required key present, no null anywhere).
        if self.required and (saw_null or not self.required_names <= data.keys()):
            for field in self.required:
                if data.get(field.name) is None:
                    problems.append(
                        ShapeProblem(
                            Fault.MISSING,
                            prefix + field.name,
                            f"`{field.name}` is required",
                            f"add `{field.name}`",
                        )
                    )
        return self.cls(**kwargs)

    def _unknown(self, key: str, prefix: str, problems: list[ShapeProblem]) -> None:
        suggestion = closest(key, self.fields)
        problems.append(
            ShapeProblem(
                Fault.UNKNOWN,
                prefix + key,
                f"`{one_line(key)}` is not a field of {self.cls.graphql_name}",
                f"did you mean `{suggestion}`?" if suggestion else "remove the field",
            )
        )


def _plan(cls: type[ApiModel], mode: Mode, plans: dict, limits: Limits = DEFAULT_LIMITS) -> _ClassPlan:
    key = (cls, mode)
    plan = plans.get(key)
    if plan is None:
        plan = plans[key] = _ClassPlan.__new__(_ClassPlan)
        _ClassPlan.__init__(plan, cls, mode, plans, limits)
    return plan


class Loader:
    """Loads API JSON into model classes; keeps its compiled plans (create an instance and reuse it)."""

    def __init__(self, *, limits: Limits | None = None) -> None:
        self._plans: dict = {}
        self._limits = limits or DEFAULT_LIMITS  # number bounds for every value read (ledger.io.limits)

    def load(
        self, cls: type[ApiModel], data: Any, *, mode: Mode = "create", path: str = "", bounded: bool = False
    ) -> Loaded:
        """Load ``data`` as ``cls``. ``bounded``: the caller has proven every number in ``data`` within
        this loader's limits (the engine's FLD001 check), which allows the compiled fast path for a
        valid object (:mod:`ledger.io.compiled_load`); the result is the same either way."""
        plan = _plan(cls, mode, self._plans, self._limits)
        if bounded:
            model = plan.fast()(data)
            if model is not DOUBT:
                return Loaded(model, ())
        problems: list[ShapeProblem] = []
        if not isinstance(data, dict):
            problems.append(
                ShapeProblem(
                    Fault.INVALID,
                    path,
                    f"the {cls.graphql_name} input must be a JSON object, not {_describe(data)}",
                )
            )
            return Loaded(None, tuple(problems))
        model = plan.load(data, path, problems)
        return Loaded(model, tuple(problems))


def load(cls: type, data: Any, *, mode: Mode = "create", path: str = "") -> Loaded:
    """Load once, without keeping compiled plans (use :class:`Loader` in loops)."""
    return Loader().load(cls, data, mode=mode, path=path)


def dump(model: Any) -> dict:
    """The API JSON for a model object: every known field that is set, under its API name."""
    out: dict[str, Any] = {}
    for attr, field in api_fields(type(model)):
        value = getattr(model, attr)
        if value is None:
            continue
        out[field.name] = _dump_value(value, field)
    return out


def _dump_value(value: Any, field: ApiField) -> Any:
    if field.kind is Kind.OBJECT:
        return dump(value)
    if field.kind is Kind.LIST:
        return [dump(item) for item in value]
    if field.kind is Kind.ID_LIST:
        return list(value)
    if field.kind is Kind.ENUM:
        return value.value
    if field.kind is Kind.DATE:
        return value.isoformat()
    if field.kind is Kind.INT:
        return Decimal(value)
    return value
