"""The fake's state: one SQLite database (the standard library's ``sqlite3``), a file or ``:memory:``.

Everything the server knows lives in five tables, created on start if missing, so a file database
keeps its state across restarts:

``organization``
    one row per organisation: its id, the order it was given in, and its SEED — the context file it was
    started with, as JSON text. Reference data (journals, accounts, third parties…) is read from the
    seed: no mutation of the documented API changes it.
``entry``
    the accounting entries created through the API, in READ form (the ``accountingEntries`` node, with
    every id), without their invoices' open items, which live in ``open_item``; beside the JSON body,
    the number (the order of the entries) and ``sourceEntityId`` (which sales invoices are posted).
``open_item``
    every open item: those of the seed (no entry) and those created by invoice lines. The record holds
    the context's fields (``ledger``, ``invoiceId``, ``thirdPartyId``…) and the read fields of an
    entry's item (``creationDate``…): the engine's context and the entries' ``openItems`` are two views
    of one row, so a settlement updates both at once.
``entry_match``
    Luca's entry matches (the seed's, then those created).
``request``
    the log of requests received, what a test asserts on.

Amounts are stored inside JSON text written by :func:`ledger.io.jsontext.dumps` and read back by
:func:`ledger.io.jsontext.loads`: exact Decimals both ways, never a REAL column.

Every mutation runs in :meth:`Store.transaction` (``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on
any exception): a rejected or failed mutation leaves nothing behind. One connection serves the server,
guarded by a lock, because uvicorn may call the application from more than one thread (the pytest
plugin's server runs in a thread of its own).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ledger.io.jsontext import dumps, loads

_TABLES = (
    """CREATE TABLE IF NOT EXISTS organization (
        id TEXT PRIMARY KEY, position INTEGER NOT NULL, seed TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS entry (
        organization TEXT NOT NULL, id TEXT NOT NULL, number INTEGER NOT NULL, source_entity_id TEXT,
        body TEXT NOT NULL, PRIMARY KEY (organization, id), UNIQUE (organization, number))""",
    """CREATE TABLE IF NOT EXISTS open_item (
        organization TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, entry_id TEXT,
        invoice_id TEXT, record TEXT NOT NULL, PRIMARY KEY (organization, id))""",
    "CREATE INDEX IF NOT EXISTS open_item_position ON open_item (organization, position)",
    "CREATE INDEX IF NOT EXISTS open_item_invoice ON open_item (organization, invoice_id)",
    """CREATE TABLE IF NOT EXISTS entry_match (
        organization TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, record TEXT NOT NULL,
        PRIMARY KEY (organization, id))""",
    """CREATE TABLE IF NOT EXISTS request (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, organization TEXT, operations TEXT, status INTEGER NOT NULL,
        body TEXT, response TEXT)""",
)


class Store:
    """The database of one server. Build it with :meth:`open`; close it with :meth:`close`."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._lock = threading.RLock()
        self._depth = 0
        #: Per organisation, bumped by every change to its open items or entry matches: the engine cache
        #: (:class:`rules.serve.books.EngineCache`) rebuilds a context when it moves.
        self._revisions: dict[str, int] = {}

    @classmethod
    def open(cls, path: str = ":memory:") -> Store:
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE in transaction()).
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        store = cls(connection)
        with store.transaction():
            for statement in _TABLES:
                connection.execute(statement)
        return store

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One transaction (nested calls join the outer one): all of it is committed, or none."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            self._db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")
            finally:
                self._depth = 0

    def revision(self, org_id: str) -> int:
        return self._revisions.get(org_id, 0)

    def _changed(self, org_id: str | None = None) -> None:
        for key in (
            [org_id] if org_id is not None else [*self._revisions, *(i for i, _ in self.organizations())]
        ):
            self._revisions[key] = self._revisions.get(key, 0) + 1

    def _rows(self, sql: str, *params: Any) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _run(self, sql: str, *params: Any) -> None:
        with self.transaction():
            self._db.execute(sql, params)

    # -- organisations ----------------------------------------------------------------------------

    def seed(self, organizations: list[tuple[str, dict]]) -> None:
        """Add the organisations not yet stored (a restarted file database keeps its state), and put
        each new one's open items and entry matches in place."""
        with self.transaction():
            known = {row[0] for row in self._rows("SELECT id FROM organization")}
            start = len(known)
            for offset, (org_id, seed) in enumerate(organizations):
                if org_id in known:
                    continue
                self._run("INSERT INTO organization VALUES (?, ?, ?)", org_id, start + offset, dumps(seed))
                self._seed_state(org_id, seed)

    def _seed_state(self, org_id: str, seed: dict) -> None:
        for item in seed.get("openItems") or ():
            self.put_open_item(org_id, item, entry_id=None)
        for match in (seed.get("luca") or {}).get("entryMatches") or ():
            self.put_entry_match(org_id, match)

    def reset(self) -> None:
        """Back to the seed: every entry, open item, match and logged request gone, the seeds' put back."""
        with self.transaction():
            for table in ("entry", "open_item", "entry_match", "request"):
                self._run(f"DELETE FROM {table}")
            for org_id, seed in self.organizations():
                self._seed_state(org_id, seed)
            self._changed()

    def organizations(self) -> list[tuple[str, dict]]:
        return [(i, loads(s)) for i, s in self._rows("SELECT id, seed FROM organization ORDER BY position")]

    def organization(self, org_id: str) -> dict | None:
        rows = self._rows("SELECT seed FROM organization WHERE id = ?", org_id)
        return loads(rows[0][0]) if rows else None

    # -- entries ----------------------------------------------------------------------------------

    def next_number(self, org_id: str) -> int:
        ((last,),) = self._rows("SELECT MAX(number) FROM entry WHERE organization = ?", org_id)
        return (last or 0) + 1

    def put_entry(self, org_id: str, number: int, body: dict) -> None:
        """Insert or replace an entry (read form, without its open items)."""
        source = body.get("sourceEntityId")
        self._run(
            "INSERT OR REPLACE INTO entry VALUES (?, ?, ?, ?, ?)",
            org_id,
            body["id"],
            number,
            source,
            dumps(body),
        )
        if source is not None:
            self._changed(org_id)  # a posted invoice reads Posted in the context (rules.serve.books)

    def source_entities(self, org_id: str) -> set[str]:
        """The ids of what the organisation's entries came from (the sales invoices posted)."""
        rows = self._rows(
            "SELECT DISTINCT source_entity_id FROM entry WHERE organization = ? AND source_entity_id IS NOT NULL",
            org_id,
        )
        return {source for (source,) in rows}

    def delete_entry(self, org_id: str, entry_id: str) -> None:
        with self.transaction():
            self._run("DELETE FROM entry WHERE organization = ? AND id = ?", org_id, entry_id)
            self._run("DELETE FROM open_item WHERE organization = ? AND entry_id = ?", org_id, entry_id)
            self._changed(org_id)

    def entry(self, org_id: str, entry_id: str) -> dict | None:
        rows = self._rows("SELECT body FROM entry WHERE organization = ? AND id = ?", org_id, entry_id)
        return loads(rows[0][0]) if rows else None

    def entries(self, org_id: str) -> list[dict]:
        """The organisation's entries, by number."""
        sql = "SELECT body FROM entry WHERE organization = ? ORDER BY number"
        return [loads(body) for (body,) in self._rows(sql, org_id)]

    # -- open items and entry matches ---------------------------------------------------------------

    def put_open_item(self, org_id: str, record: dict, *, entry_id: str | None) -> None:
        rows = self._rows(
            "SELECT position FROM open_item WHERE organization = ? AND id = ?", org_id, record["id"]
        )
        if rows:
            position = rows[0][0]
        else:
            ((last,),) = self._rows("SELECT MAX(position) FROM open_item WHERE organization = ?", org_id)
            position = -1 if last is None else last
            position += 1
        self._run(
            "INSERT OR REPLACE INTO open_item VALUES (?, ?, ?, ?, ?, ?)",
            org_id,
            record["id"],
            position,
            entry_id,
            record.get("invoiceId"),
            dumps(record),
        )
        self._changed(org_id)

    def record_texts(self, table: str, org_id: str) -> list[tuple[str, str]]:
        """``(id, record JSON text)`` of the organisation's open items or entry matches, in order:
        what the engine cache compares, so that an unchanged record is not decoded again."""
        if table not in ("open_item", "entry_match"):
            raise ValueError(f"no records in {table}")
        sql = f"SELECT id, record FROM {table} WHERE organization = ? ORDER BY position"
        return [(i, text) for i, text in self._rows(sql, org_id)]

    def open_item_entry(self, org_id: str, item_id: str) -> str | None:
        """The id of the entry whose invoice holds the item (None: a seed item)."""
        rows = self._rows("SELECT entry_id FROM open_item WHERE organization = ? AND id = ?", org_id, item_id)
        return rows[0][0] if rows else None

    def open_items(self, org_id: str, invoice_ids: list[str] | None = None) -> list[dict]:
        """The organisation's open items (only those of ``invoice_ids`` when given), in order."""
        params: tuple[str, ...] = ()
        if invoice_ids is None:
            sql = ""
        else:
            sql, params = f" AND invoice_id IN ({', '.join('?' * len(invoice_ids))})", tuple(invoice_ids)
        rows = self._rows(
            f"SELECT record FROM open_item WHERE organization = ?{sql} ORDER BY position", org_id, *params
        )
        return [loads(record) for (record,) in rows]

    def put_entry_match(self, org_id: str, record: dict) -> None:
        ((count,),) = self._rows("SELECT COUNT(*) FROM entry_match WHERE organization = ?", org_id)
        self._run(
            "INSERT OR REPLACE INTO entry_match VALUES (?, ?, ?, ?)",
            org_id,
            record["id"],
            count,
            dumps(record),
        )
        self._changed(org_id)

    def delete_entry_match(self, org_id: str, match_id: str) -> bool:
        with self.transaction():
            found = self._rows(
                "SELECT 1 FROM entry_match WHERE organization = ? AND id = ?", org_id, match_id
            )
            self._run("DELETE FROM entry_match WHERE organization = ? AND id = ?", org_id, match_id)
            self._changed(org_id)
        return bool(found)

    def entry_matches(self, org_id: str) -> list[dict]:
        rows = self._rows("SELECT record FROM entry_match WHERE organization = ? ORDER BY position", org_id)
        return [loads(record) for (record,) in rows]

    # -- the request log ----------------------------------------------------------------------------

    def log_request(
        self, org_id: str | None, operations: list[str], status: int, body: Any, response: Any
    ) -> None:
        self._run(
            "INSERT INTO request (organization, operations, status, body, response) VALUES (?, ?, ?, ?, ?)",
            org_id,
            ",".join(operations),
            status,
            dumps(body) if body is not None else None,
            dumps(response),
        )

    def requests(self) -> list[dict[str, Any]]:
        rows = self._rows(
            "SELECT seq, organization, operations, status, body, response FROM request ORDER BY seq"
        )
        return [
            {
                "seq": seq,
                "organizationId": org,
                "operations": [name for name in operations.split(",") if name],
                "status": status,
                "body": loads(body) if body is not None else None,
                "response": loads(response),
            }
            for seq, org, operations, status, body, response in rows
        ]

    def dump(self) -> dict[str, Any]:
        """The whole state as JSON-ready data (the operator's ``/_ledger/state``)."""
        return {
            "organizations": [
                {
                    "id": org_id,
                    "entries": self.entries(org_id),
                    "openItems": self.open_items(org_id),
                    "entryMatches": self.entry_matches(org_id),
                }
                for org_id, _ in self.organizations()
            ],
            "requests": len(self._rows("SELECT seq FROM request")),
        }
