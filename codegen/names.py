"""The ONE name converter: every GraphQL name the code generator emits is decided here.

Field names are never invented: they are the API's own, read from each attribute's
:class:`~ledger.fields.ApiField`. Type names are where the public material runs out. Sage publishes no
schema (S83 in docs/sources.md) and Luca's is visible only through introspection on a
live account, so apart from the names the docs DO give, the names below are our convention — stable and
readable, but an assumption. Type names matter only to variable declarations and fragments; what the
server actually checks is the field names and value shapes, which come from the docs.

Documented (certainty high unless noted; S25 and the pages [SA-entry-v0], [SA-entries], [SA-post],
[SA-settle-preview]):

* the root input types of the Sage mutations (``AccountingEntryCreateGLDtoInput``,
  ``PostSalesInvoiceGLDtoInput``, ``SalesOpenItemSettlementGLDtoInput``…), taken from
  :attr:`ledger.operations.Operation.input_type`;
* ``AccountingEntryGLDto``, the type ``accountingEntries`` returns ([SA-entry-v0]);
* ``OpenItemSettlementOutputGLDto``, the preview settlement's result (S32, medium);
* the scalars ``UUID``, ``Decimal``, ``DateTime`` (the field tables of [SA-entry-v0], [SA-entries], [SA-post], [SA-settle-preview]) and Luca's ``ID``.

Our convention (assumption, certainty low):

* **nested input types** take the nested class's ``graphql_name`` plus the suffix that the operation's
  documented root type adds to the root class's ``graphql_name``. ``AccountingEntry`` ->
  ``AccountingEntryCreateGLDtoInput`` gives the suffix ``CreateGLDtoInput``, so a line is
  ``AccountingEntryLineCreateGLDtoInput`` and a tax register ``AccountingEntryTaxCreateGLDtoInput``;
  the settlements' root suffix is ``GLDtoInput``, so their list items are
  ``OpenItemLinkagePaidAmountGLDtoInput``; Luca's ``EntryMatchInput`` gives ``PostingLineReferenceInput``;
* **Sage output types** are ``graphql_name + "GLDto"`` (``AccountingEntryLineGLDto``,
  ``JournalTypeGLDto``…), following the one documented ``AccountingEntryGLDto``; **Luca output types**
  are the bare ``graphql_name`` (``SaleInvoice``, ``BookkeepingJournal``, ``PostingLine``…), as a
  Rails-style GraphQL API names them;
* **connections** follow Hot Chocolate's default (S1): named after the root field, ``journalTypes`` ->
  ``JournalTypesConnection`` / ``JournalTypesEdge``, with the shared ``PageInfo``;
* **enum types** are the Python enum class names of :mod:`ledger.enums` (``RegisterType``, ``TaxType``,
  ``OpenItemStatus``…) except where the bare name says too little (``Origin`` ->
  ``ThirdPartyOrigin``, ``Matching`` -> ``MatchingType``). Only one enum type name is public at all
  (``UnitOfMeasurementNameType``, S21, S60), and it is not one we need;
* **operation documents** are named after their root field in PascalCase (``CreateAccountingEntry``,
  ``JournalTypes``) and stored as ``<rootField>.graphql``; every variable is named after the argument
  it feeds (``$input``, as in [SA-post]/[SA-settle-preview]; Luca's ``$entryMatch`` and ``$id``).
"""

from __future__ import annotations

import enum

from ledger.enums import Matching, Origin
from ledger.fields import ApiField, ApiModel, Kind
from ledger.operations import Operation

SCHEMA_FILE = "schema.graphql"
PAGE_INFO = "PageInfo"

#: Custom scalars (Sage field tables: "Decimal", "UUID", "DateTime"; S17: only the date counts).
DECIMAL = "Decimal"
DATE_TIME = "DateTime"
UUID = "UUID"

SCALAR_DESCRIPTIONS = {
    DECIMAL: "An exact decimal number, written as a JSON number (never a string, never a float).",
    DATE_TIME: "A date or date-time in ISO 8601; Sage Active keeps only the date (S17).",
    UUID: "A Sage Active record id, e.g. 3f2504e0-4f89-11d3-9a0c-0305e82c3301 (S15).",
}

_ENUM_NAMES: dict[type[enum.Enum], str] = {
    Origin: "ThirdPartyOrigin",
    Matching: "MatchingType",
}

_OUTPUT_SUFFIX = {"sage": "GLDto", "luca": ""}
_DEFAULT_INPUT_SUFFIX = "Input"


def field_name(field: ApiField) -> str:
    """A field's GraphQL name: the API's own, as declared in the model."""
    return field.name


def output_type_name(cls: type[ApiModel], vendor: str) -> str:
    """The object type a query or mutation returns for model class ``cls``."""
    return cls.graphql_name + _OUTPUT_SUFFIX[vendor]


def input_suffix(operation: Operation) -> str:
    """What the documented root input type adds to the root class's name (see the module doc)."""
    root = operation.model.graphql_name
    if operation.input_type.startswith(root) and len(operation.input_type) > len(root):
        return operation.input_type[len(root) :]
    return _DEFAULT_INPUT_SUFFIX


def input_type_name(cls: type[ApiModel], operation: Operation) -> str:
    """The input object type for ``cls`` when it appears in ``operation``'s argument."""
    if cls is operation.model:
        return operation.input_type
    return cls.graphql_name + input_suffix(operation)


def enum_type_name(enum_cls: type[enum.Enum]) -> str:
    return _ENUM_NAMES.get(enum_cls, enum_cls.__name__)


def scalar_name(kind: Kind) -> str:
    """The GraphQL scalar that holds a field of this kind."""
    return _SCALARS[kind]


_SCALARS = {
    Kind.DECIMAL: DECIMAL,
    Kind.INT: "Int",
    Kind.STRING: "String",
    Kind.DATE: DATE_TIME,
    Kind.UUID: UUID,
    Kind.ID: "ID",
    Kind.BOOL: "Boolean",
    Kind.ID_LIST: "ID",
}


def _upper_first(name: str) -> str:
    return name[:1].upper() + name[1:]


def connection_type_name(root_field: str) -> str:
    return _upper_first(root_field) + "Connection"


def edge_type_name(root_field: str) -> str:
    return _upper_first(root_field) + "Edge"


def document_name(root_field: str) -> str:
    """The operation name inside a generated document."""
    return _upper_first(root_field)


def document_file(root_field: str) -> str:
    return f"{root_field}.graphql"


def variable_name(argument: str) -> str:
    return argument
