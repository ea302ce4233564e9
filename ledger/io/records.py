"""What a ledger reader hands the audit: one :class:`EntryRecord` per entry of a source.

A record is the meeting point of the readers (API JSON in :mod:`rules.audit`, French FEC files in
:mod:`rules.fec_audit`) and the auditor: the readers build records, the auditor consumes them. It lives
below both so that neither reader imports the other's module (there was an import circle
``rules.audit`` <-> ``rules.fec_audit`` for this one class).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any, Protocol

import attrs

from ledger.entries import AccountingEntry

#: What a source's content may be: its bytes, or a binary stream (read from its current position).
SourceData = bytes | IO[bytes]


@attrs.frozen
class EntryRecord:
    """One entry of a source: its API JSON (``value``), or a built model (``entry``), or an error."""

    source: str
    value: Any = None
    error: str | None = None
    entry: AccountingEntry | None = None
    #: The JSON text ``value`` was decoded from, when it was one line of its own, and whether its number
    #: literals were all ordinary (:func:`ledger.io.jsontext.loads_screened`): with them the auditor proves
    #: the entry within the limits without walking it (:func:`ledger.io.limits.within_limits_by_text`).
    text: str | None = attrs.field(default=None, eq=False, repr=False)
    ordinary: bool = attrs.field(default=False, eq=False, repr=False)


class LedgerReader(Protocol):
    """A file format the audit reads: ``detect`` looks at the head of a source, ``read`` gives its records."""

    name: str

    def detect(self, name: str, head: bytes) -> bool: ...

    def read(self, name: str, data: bytes) -> Iterable[EntryRecord]: ...


__all__ = ["EntryRecord", "LedgerReader", "SourceData"]
