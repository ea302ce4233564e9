"""FLD: the shape of the input (every operation).

FLD001 is reported by the intake (a document that is not JSON, not an object, or not a request body
the engine understands); FLD002–FLD007 by the loader while it builds the model (see
:mod:`ledger.io.loading`); FLD008 is an ordinary rule on the entry. Where a specific rule owns a field
(FLD008 ``entryType``, TAX003 ``regimeType``, LET005 ``matchingLetter``, INV005 the invoice dates), the
field's metadata says so (``checked_by``) and the generic checks stay silent.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ledger.entries import AccountingEntry
from rules.registry import declared, rule
from rules.violation import Finding, finding

if TYPE_CHECKING:
    from rules.env import Env


FLD001 = declared(
    "FLD001",
    "invalid-document",
    "error",
    """The document cannot be read as a request the engine understands.

    What it checks:
        The document is valid JSON (UTF-8), is a JSON object, and is either a GraphQL request body
        whose query parses and names only known operations, or a bare input with the operation named
        (``--operation``). Also: variables that are used but not given, several operations without an
        ``operationName``, and documents beyond the library's size limits.
    Why it matters:
        The API answers such a request with a GraphQL error before any business control runs; nothing
        else about the document can be checked.
    Example:
        ``bookkeepingJournal(id: 4LCGvv)`` ([LUCA-close-api]) does not even lex: an id must be quoted, and
        better passed as a variable.
    How to fix:
        Send the exact body you would POST; name the operation for bare inputs; quote ids.
    Source:
        S77, S83 (docs/sources.md); the document forms the engine reads: README, "The command line".
    """,
)

FLD002 = declared(
    "FLD002",
    "missing-required-field",
    "error",
    """A required field is absent or null.

    What it checks:
        Entry: ``date``, ``journalTypeId`` (or ``journalTypeCode``), ``accountingEntryLines``; line:
        ``subAccountId`` (or ``subAccountCode``), ``debitAmount``, ``creditAmount``, ``registerType``
        (full form); third party: ``thirdPartyId``, ``origin``; invoice: ``documentDate``, ``amount``,
        ``registerType``; settlement: ``entryDate``, ``paymentMethodId``, ``thirdPartyId``, the list of
        paid amounts; postSalesInvoice: ``salesInvoiceId``, ``journalTypeId``; Luca entry match:
        ``postingLines``, ``accountId``.
    Why it matters:
        The API rejects the mutation ("mandatory value", [SA-entry-v0]) or cannot apply its controls.
    Example:
        A line with ``"debitAmount": 100`` and no ``creditAmount``: write ``"creditAmount": 0``.
    How to fix:
        Add the field; ``ledger-rules fix`` fills the documented defaults.
    Source:
        S5, S10, S31, S35 (docs/sources.md).
    """,
)

FLD003 = declared(
    "FLD003",
    "invalid-value",
    "error",
    """A value has the wrong JSON type or format.

    What it checks:
        Amounts are JSON numbers (strings, booleans, NaN and Infinity are refused); dates are
        ``YYYY-MM-DD`` or ISO date-times; Sage ids are UUIDs (Luca ids are opaque strings); booleans are
        true/false; objects and lists where the API expects them. A key repeated in one object is also
        reported here (the API would silently keep one of the values).
    Why it matters:
        GraphQL coerces inputs by type: a quoted amount or a malformed UUID fails the whole request.
    Example:
        ``"debitAmount": "1824.67"`` — the amount is a string.
    How to fix:
        Write amounts as plain JSON numbers, ids as UUID strings, dates as YYYY-MM-DD.
    Assumption:
        A binary float in a document a caller parsed with plain ``json.load`` stands for the decimal
        its shortest repr shows when that repr has at most 15 significant digits (a binary float keeps
        every such decimal), and is read as that decimal; any other float is reported here, with a hint
        naming ``json.load(f, parse_float=Decimal)``. JSON text given to the library never yields a float.
    Source:
        S3, S15, S17 (docs/sources.md).
    """,
)

FLD004 = declared(
    "FLD004",
    "unknown-enum-value",
    "error",
    """An enum field holds a value outside its documented values.

    What it checks:
        ``registerType`` {UNDEFINED, ISSUED, RECEIVED}, ``origin`` {CUSTOMER, SUPPLIER, EMPLOYEE},
        ``taxType``, ``matching``, open-item ``status``, and the other enums of S21, S60. The hint
        names the closest valid value.
    Why it matters:
        GraphQL rejects an unknown enum value before any business control runs.
    Example:
        ``"registerType": "ISSUE"`` — did you mean ISSUED?
    How to fix:
        Use one of the listed values, spelled exactly (upper case).
    Source:
        S5, S11, S21, S60 (docs/sources.md).
    """,
)

FLD005 = declared(
    "FLD005",
    "value-too-long",
    "error",
    """A string is longer than the API allows.

    What it checks:
        Entry/line ``description`` 200, ``documentNumber`` 50, third party ``socialName`` 70, ``code``
        17, ``documentId`` 25, ``vatNumber`` 25, ``countryAcronym`` 2, ``externalInvoiceNumber`` 50,
        ``accountingEntryDescription`` 200. (A lettering letter's length is LET005's.)
    Why it matters:
        The API refuses over-long strings; truncating silently would change the record.
    Example:
        A 75-character ``socialName``.
    How to fix:
        Shorten the text to the documented length.
    Source:
        S16, S61 (docs/sources.md).
    """,
)

FLD006 = declared(
    "FLD006",
    "unknown-field",
    "error",
    """A field that the operation's input type does not define.

    What it checks:
        Every key of the input, at every level, against the fields of its input type. The hint gives
        the closest known field name.
    Why it matters:
        GraphQL rejects undefined input fields: one typo fails the whole request.
    Example:
        ``"debitAmmount": 100`` — did you mean ``debitAmount``?
    How to fix:
        Correct the spelling, or remove the field.
    Source:
        S78, S83 (docs/sources.md).
    """,
)

FLD007 = declared(
    "FLD007",
    "read-only-field",
    "warning",
    """A read-only field is set in a create input.

    What it checks:
        Fields that exist only when reading — ``id``, ``number``, ``isClosed``, ``closeDate``,
        ``sourceType``, ``accountingEntryPayment``, ``openItems``, ``viesCode`` — present in the input
        of a create mutation.
    Why it matters:
        The server assigns these; sending them means the payload was copied from a read result and may
        carry stale data (e.g. lettering that the API cannot create, S13).
    Example:
        A line with ``"accountingEntryPayment": {"matchingLetter": "A"}``.
    How to fix:
        Remove the field from the create input.
    Assumption:
        Whether the server rejects or ignores such fields is not documented; hence a warning.
    Source:
        S13, S18 (docs/sources.md).
    """,
)


@rule("FLD008", "entry-type-not-general", "error", targets=[AccountingEntry])
def entry_type_not_general(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """``entryType`` on ``createAccountingEntry`` is absent or not GENERAL.

    What it checks:
        The entry header's ``entryType`` is present and equal to ``GENERAL`` on create. (Entries read
        back from the API may carry other types: they are not checked.)
    Why it matters:
        The documentation says "Always fill in GENERAL"; other values are for the server's own
        year-end and adjustment entries.
    Example:
        An entry without ``entryType``, or with ``"entryType": "OPENING"``.
    How to fix:
        Set ``"entryType": "GENERAL"`` (``ledger-rules fix`` does).
    Source:
        S4 (docs/sources.md).
    """
    if env.mode != "create" or entry.entry_type_is_general:
        return
    if entry.entry_type is None:
        yield finding(
            "entryType",
            "`entryType` is missing; create inputs must say GENERAL",
            'add "entryType": "GENERAL"',
        )
    else:
        yield finding(
            "entryType",
            f"`entryType` is {entry.entry_type!r}; create inputs must say GENERAL",
            'set "entryType": "GENERAL"',
        )
