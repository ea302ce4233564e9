"""Entries as the Sage Active API returns them: the shapes a saved read response takes, and one record
per entry.

A user saves what a read query returned, in one of these forms, and the audit accepts them all:

* the response, ``{"data": {"accountingEntries": {"nodes": [...]}}}``, or its ``edges: [{node}]`` form;
* the connection alone (``{"nodes": [...]}`` / ``{"edges": [...]}``) or a plain list of entries;
* one entry on its own.

:func:`records` turns one parsed value into :class:`EntryRecord` values — one per entry, named
``source:entries[N]`` with ``N`` counted across the source — or one record carrying why the value
holds no entries (a response with ``errors`` and no ``data``). Splitting a source into values (one
document, an array, JSON Lines) is :mod:`ledger.io.sources`' job; checking the entries is the audit's.

A reader of any format is a :class:`LedgerReader`; its records may carry the API JSON of each entry or
an already built :class:`~ledger.entries.AccountingEntry`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any, Protocol, runtime_checkable

import attrs

from ledger.entries import AccountingEntry
from ledger.io.limits import Breach, KeepsBreach, problem_parts

#: What a source's content may be: its bytes, or a binary stream (read from its current position).
SourceData = bytes | IO[bytes]

#: Keys that make an object a response or a connection rather than one entry (see :func:`entries_of`).
SHAPE_KEYS = frozenset(("data", "errors", "accountingEntries", "nodes", "edges"))


@attrs.frozen
class EntryRecord(KeepsBreach):
    """One entry of a source: its API JSON (``value``), or a built model (``entry``), or an error.

    ``error`` is given as a message or as the :class:`~ledger.io.limits.Breach` that refused the entry;
    the record keeps the message as ``error`` and the breach as ``breach`` (its hint goes with it)."""

    source: str
    value: Any = None
    error: str | None = None
    entry: AccountingEntry | None = None
    #: The JSON text ``value`` was decoded from, when it was one line of its own, and whether its number
    #: literals were all ordinary (:func:`ledger.io.jsontext.loads_screened`): with them the auditor proves
    #: the entry within the limits without walking it (:func:`ledger.io.limits.within_limits_by_text`).
    text: str | None = attrs.field(default=None, eq=False, repr=False)
    ordinary: bool = attrs.field(default=False, eq=False, repr=False)
    #: The limit the entry's text broke, when that is why it could not be read.
    breach: Breach | None = None

    @classmethod
    def failed(cls, source: str, problem: str | Breach) -> EntryRecord:
        """The entry that could not be read, for ``problem`` (a message, or the breached limit)."""
        message, breach = problem_parts(problem)
        return cls(source, error=message, breach=breach)


class LedgerReader(Protocol):
    """A format the audit reads: ``detect`` looks at the first bytes, ``read`` gives the records."""

    name: str

    def detect(self, name: str, head: bytes) -> bool: ...

    def read(self, name: str, data: bytes) -> Iterable[EntryRecord]: ...


@runtime_checkable
class StreamingReader(Protocol):
    """A reader that reads a binary stream as it goes (``streams`` true): it is handed the stream, not
    the bytes, so a large source is never held whole."""

    name: str
    streams: bool

    def detect(self, name: str, head: bytes) -> bool: ...

    def read(self, name: str, data: SourceData) -> Iterable[EntryRecord]: ...


def connection_nodes(connection: Any) -> list | None:
    """The nodes of a GraphQL connection (``nodes`` or ``edges[].node``) or a plain list."""
    if isinstance(connection, list):
        return connection
    if isinstance(connection, dict):
        if isinstance(connection.get("nodes"), list):
            return connection["nodes"]
        if isinstance(connection.get("edges"), list):
            return [edge.get("node") if isinstance(edge, dict) else edge for edge in connection["edges"]]
    return None


def entries_of(value: Any) -> tuple[list | None, str | None]:
    """(entries, None) for a response or a list; (None, why) when the value holds no entries."""
    if isinstance(value, list):
        return value, None
    if not isinstance(value, dict):
        return None, None
    if "data" in value or "errors" in value:
        data = value.get("data")
        if not isinstance(data, dict):
            errors = value.get("errors")
            message = ""
            if isinstance(errors, list) and errors and isinstance(errors[0], dict):
                message = f": {errors[0].get('message')}"
            return None, f"the response holds no data{message}"
        value = data
    if "accountingEntries" in value:
        nodes = connection_nodes(value["accountingEntries"])
        if nodes is None:
            return None, "`accountingEntries` must hold `nodes`, `edges` or a list of entries"
        return nodes, None
    nodes = connection_nodes(value) if ("nodes" in value or "edges" in value) else None
    return nodes, None


def records(name: str, value: Any, *, start: int = 0, line: int | None = None) -> Iterator[EntryRecord]:
    """The records of one parsed value (a freshly parsed one: its entries are released from it as
    they are handed out, so a large document shrinks while it is audited)."""
    entries, why = entries_of(value)
    if why is not None:
        yield EntryRecord(name if line is None else f"{name}:{line}", error=why)
        return
    if entries is None:  # one entry on its own
        entries = [value]
    del value
    for k in range(len(entries)):
        entry, entries[k] = entries[k], None
        yield EntryRecord(f"{name}:entries[{start + k}]", entry)
