"""Field metadata: how each attribute of the model maps to the API's JSON and GraphQL.

The model classes are plain frozen attrs classes. Each attribute declared with :func:`api` carries an
:class:`ApiField` in its attrs metadata: the API's own field name, its kind (decimal, date, UUID, enum,
nested object, list of objects…), whether the create input requires it, whether it exists only when
reading, and its documented maximum length. Three consumers read that one description, so they can
never drift apart:

* the loader (:mod:`ledger.io.loading`) turns API JSON into model objects and reports shape problems;
* the dumper turns model objects back into API JSON;
* the code generator (:mod:`codegen`) turns the classes into GraphQL types and selection sets.

Validation here is about SHAPE only (is it a decimal, a UUID, a known enum value, short enough). The
model must be able to hold an unbalanced entry or a wrong ``registerType`` so that the rules can report
them; business invariants live in :mod:`rules`, never in constructors.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, ClassVar, Protocol

import attrs


class Kind(Enum):
    """What a field holds, as the API writes it."""

    DECIMAL = "decimal"  # exact amount or percentage (JSON number, never a string)
    INT = "int"  # whole number (e.g. Luca ``amountCents``)
    STRING = "string"
    DATE = "date"  # Sage DateTime fields: only the date counts (S17)
    UUID = "uuid"  # Sage record ids
    ID = "id"  # opaque ids (Luca)
    BOOL = "bool"
    ENUM = "enum"
    OBJECT = "object"  # nested input/output object
    LIST = "list"  # list of nested objects
    ID_LIST = "id_list"  # list of opaque ids


class ApiModel(Protocol):
    """What every model class has besides its :func:`api` attributes: the GraphQL name of its type."""

    graphql_name: ClassVar[str]


@attrs.frozen
class ApiField:
    """How one model attribute appears in the API."""

    name: str
    kind: Kind
    required: bool = False
    read_only: bool = False
    max_length: int | None = None
    # The API's enum type. An ENUM field loads as its member; a STRING field with an enum (entryType,
    # regimeType) is an enum for the API, the schema and GraphQL literals alike, but the model keeps
    # its text so that the rule named by ``checked_by`` reports a wrong value. ONE description: the
    # loader and codegen's schema both read this, so they cannot disagree about a field's type.
    enum: type[Enum] | None = None
    model: type[ApiModel] | None = None  # nested class for OBJECT / LIST
    # A specific rule (e.g. FLD008, TAX003, LET005) reports this field's absence, value or length;
    # the generic shape checks stay silent about it (rules.md: "one fault, one code").
    checked_by: str | None = None
    doc: str = ""

    # The two accessors below are for code that has already dispatched on ``kind``: an OBJECT or LIST
    # field always declares its model class and an ENUM field its enum, so a missing one is a bug in a
    # declaration, not a problem in a document.

    @property
    def nested_model(self) -> type[ApiModel]:
        """The class of an OBJECT or LIST field's items."""
        if self.model is None:
            raise TypeError(f"API field {self.name!r} ({self.kind.name}) declares no model class")
        return self.model

    @property
    def enum_type(self) -> type[Enum]:
        """The enum of an ENUM field."""
        if self.enum is None:
            raise TypeError(f"API field {self.name!r} ({self.kind.name}) declares no enum")
        return self.enum


def api(
    name: str,
    kind: Kind,
    *,
    required: bool = False,
    read_only: bool = False,
    max_length: int | None = None,
    enum: type[Enum] | None = None,
    model: type[ApiModel] | None = None,
    checked_by: str | None = None,
    doc: str = "",
) -> Any:
    """Declare a model attribute that maps to the API field ``name``.

    Every API field is optional in the model (default ``None``, lists included: an absent list and an
    empty one are different inputs, reported by different rules) so that a partial or invalid document
    can still be represented and reported on. Lists are tuples.
    """
    meta = ApiField(name, kind, required, read_only, max_length, enum, model, checked_by, doc)
    return attrs.field(default=None, metadata={"api": meta}, kw_only=True)


def api_fields(cls: type) -> tuple[tuple[str, ApiField], ...]:
    """``(attribute name, ApiField)`` for every API-mapped attribute of a model class, in order."""
    return _api_fields(cls)


_CACHE: dict[type, tuple[tuple[str, ApiField], ...]] = {}


def _api_fields(cls: type) -> tuple[tuple[str, ApiField], ...]:
    # Computed once per class (classes are immutable definitions, so this memo is not state anyone
    # can observe changing).
    cached = _CACHE.get(cls)
    if cached is None:
        cached = tuple((a.name, a.metadata["api"]) for a in attrs.fields(cls) if "api" in a.metadata)
        _CACHE[cls] = cached
    return cached


def field_by_api_name(cls: type) -> dict[str, tuple[str, ApiField]]:
    """Map API field name -> (attribute name, ApiField)."""
    return {f.name: (attr, f) for attr, f in api_fields(cls)}
