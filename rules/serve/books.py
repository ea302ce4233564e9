"""One organisation's books, over the store: its context, its engine, its entries as the API reads them.

The server answers every request for ONE organisation (``X-OrganizationId``); :class:`Books` is that
organisation's view of the :class:`~rules.serve.store.Store`, built per request (it holds no state of
its own). It decides what the API decides when it stores something, in one place:

* **the context the engine checks against** is the seed (the context file) with its ``openItems`` and
  Luca ``entryMatches`` replaced by the store's current ones: a settled item is no longer open to the
  SET rules, an invoice entry's new item is. A seed without ``openItems`` gets the key only once the
  store holds an item, so that until then the rules needing it are skipped exactly as ``check``
  skips them with the same file;
* **a stored entry** gets a number (1, 2, … per organisation, S25 shows it returned on creation) and ids
  derived from the organisation and that number (uuid5: a reset and the same requests give the same
  ids, so a test can name them), ``sourceType`` PUBLIC_API and ``isClosed`` false;
* **a posted sales invoice reads ``Posted``** (S57), in the context and in ``salesInvoices``: the PST
  rules then refuse a second posting as ``check`` would with the updated file;
* **an invoice line creates one open item** for the invoice's amount, unpaid (``NOT_SPECIFIED``, S29),
  due on the invoice's ``settlementDate`` or else its ``documentDate`` (the API's due-date rule is not
  documented: docs/serve.md), in the ledger its register says (:func:`ledger.conventions.invoice_ledger`).

Engines are costly to build (the runner compiles its plans) and cheap to reuse: :class:`EngineCache`
keeps one per organisation, keyed on the store's revision of that organisation's open items and
matches, and is owned by the application (no module-level state).
"""

from __future__ import annotations

import hashlib
import uuid
from decimal import Decimal
from typing import Any

import attrs

from ledger.context import Context
from ledger.conventions import invoice_ledger
from ledger.entries import AccountingEntry, OpenItem
from ledger.enums import OpenItemStatus, SourceType
from ledger.fields import api_fields
from ledger.io.context_file import context_from_dict, load_context
from ledger.io.jsontext import decode_bytes, loads
from ledger.io.loading import Loader, dump
from ledger.luca import EntryMatch
from ledger.reference import OpenItemRecord
from rules.engine import Engine
from rules.serve.store import Store

#: The status a sales invoice takes once posted (S57's spelling, as the PST rules read it).
POSTED = "Posted"

#: The namespace of every id the fake makes (uuid5 of the organisation and a position).
NAMESPACE = uuid.UUID("6d1f4c1e-6a4e-5bb0-9c53-2f1b0c8f5e21")

#: The API field names of the context's records the store keeps.
_MODEL_KEYS: dict[type, frozenset[str]] = {
    cls: frozenset(field.name for _, field in api_fields(cls)) for cls in (OpenItemRecord, EntryMatch)
}
_ITEM_KEYS = tuple(field.name for _, field in api_fields(OpenItem))


def organisation_seed(data: bytes) -> tuple[str, dict[str, Any]]:
    """A context file's bytes -> (organisation id, the context as JSON data).

    The file is first loaded as ``check --context`` loads it (:class:`~ledger.context.ContextError`
    when it is broken). The id is ``organization.id`` when the file has one, else a uuid5 of the
    file's SHA-256: stable for the same file, so a client can discover it once (``organizations``).
    """
    load_context(data)
    seed = loads(decode_bytes(data))
    org = seed.get("organization") if isinstance(seed.get("organization"), dict) else {}
    given = org.get("id") if isinstance(org.get("id"), str) else None
    return given or str(uuid.uuid5(NAMESPACE, hashlib.sha256(data).hexdigest())), seed


def make_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


class EngineCache:
    """One engine per organisation, rebuilt when the store's revision of its open items changes; and
    what building one needs, kept: each seed's context as loaded, one loader (its plans compiled once)."""

    def __init__(self) -> None:
        self._engines: dict[str, tuple[int, Context, Engine]] = {}
        self._seeds: dict[str, Context] = {}
        self.loader = Loader()
        self._base = Engine()
        # The context's record models, by (class, id), with the stored record each was loaded from:
        # a context rebuilt after one item changed loads that item only.
        self._records: dict[tuple[type, str], tuple[str, Any]] = {}

    def record(self, cls: type, key: str, text: str) -> Any:
        """A stored record (its JSON ``text``) as the context's model, loaded again only when its text
        changed; only the model's own keys are kept (an open item's read fields, ``creationDate``…,
        are not the context's)."""
        known = self._records.get((cls, key))
        if known is not None and known[0] == text:
            return known[1]
        names = _MODEL_KEYS[cls]
        wanted = {k: v for k, v in loads(text).items() if k in names}
        model = self.loader.load(cls, wanted, mode="read").model
        self._records[(cls, key)] = (text, model)
        return model

    def seed_context(self, books: Books) -> Context:
        context = self._seeds.get(books.org_id)
        if context is None:
            context = self._seeds[books.org_id] = context_from_dict(books.seed)
        return context

    def get(self, books: Books) -> tuple[Context, Engine]:
        revision = books.store.revision(books.org_id)
        cached = self._engines.get(books.org_id)
        if cached is None or cached[0] != revision:
            context = books.build_context()
            # The settings are the same for every organisation and revision: only the context differs,
            # so the compiled loader and the intake are shared, not built again after each invoice.
            cached = self._engines[books.org_id] = (revision, context, self._base.with_context(context))
        return cached[1], cached[2]


class Books:
    """The organisation ``org_id`` as the API sees it."""

    def __init__(self, store: Store, org_id: str, seed: dict[str, Any], engines: EngineCache) -> None:
        self.store = store
        self.org_id = org_id
        self.seed = seed
        self._engines = engines

    # -- the context ------------------------------------------------------------------------------

    def build_context(self) -> Context:
        seed = self._engines.seed_context(self)
        given = set(seed.given)
        changes: dict[str, Any] = {}
        items = self.store.record_texts("open_item", self.org_id)
        if items or "openItems" in given:
            given.add("openItems")
            changes["open_items"] = tuple(self._engines.record(OpenItemRecord, i, t) for i, t in items)
        matches = self.store.record_texts("entry_match", self.org_id)
        if matches or "luca.entryMatches" in given:
            given.add("luca.entryMatches")
            changes["entry_matches"] = tuple(self._engines.record(EntryMatch, i, t) for i, t in matches)
        posted = self.store.source_entities(self.org_id)
        if posted:
            changes["sales_invoices"] = tuple(
                attrs.evolve(r, status=POSTED) if r.id in posted else r for r in seed.sales_invoices
            )
        return attrs.evolve(seed, given=frozenset(given), **changes) if changes else seed

    @property
    def loader(self) -> Loader:
        return self._engines.loader

    @property
    def context(self) -> Context:
        return self._engines.get(self)[0]

    @property
    def engine(self) -> Engine:
        return self._engines.get(self)[1]

    def records(self, key: str) -> list[Any]:
        """The seed's reference records under a context key (``journalTypes``, ``luca.postingLines``…);
        a sales invoice posted through the server reads ``Posted``, as in the context."""
        if key.startswith("luca."):
            return list((self.seed.get("luca") or {}).get(key[len("luca.") :]) or ())
        records = list(self.seed.get(key) or ())
        if key == "salesInvoices":
            posted = self.store.source_entities(self.org_id)
            records = [{**r, "status": POSTED} if r.get("id") in posted else r for r in records]
        return records

    @property
    def organization(self) -> dict[str, Any]:
        """The ``organizations`` node: the seed's organisation, with its id."""
        return {**(self.seed.get("organization") or {}), "id": self.org_id}

    # -- entries ----------------------------------------------------------------------------------

    def _items_by_invoice(self, invoice_ids: list[str] | None = None) -> dict[str, list[dict]]:
        by_invoice: dict[str, list[dict]] = {}
        for record in self.store.open_items(self.org_id, invoice_ids):
            by_invoice.setdefault(record.get("invoiceId") or "", []).append(record)
        return by_invoice

    def view(self, body: dict[str, Any], by_invoice: dict[str, list[dict]] | None = None) -> dict[str, Any]:
        """A stored entry as ``accountingEntries`` returns it: with its invoices' open items
        (``by_invoice``: every item by invoice id, when the caller has them all at hand)."""
        lines = body.get("accountingEntryLines") or ()
        invoices = [
            line["accountingEntryInvoice"]["id"] for line in lines if line.get("accountingEntryInvoice")
        ]
        if by_invoice is None:
            by_invoice = self._items_by_invoice(invoices) if invoices else {}
        view_lines = []
        for line in lines:
            invoice = line.get("accountingEntryInvoice")
            if invoice:
                items = [{k: r[k] for k in _ITEM_KEYS if k in r} for r in by_invoice.get(invoice["id"], ())]
                line = {**line, "accountingEntryInvoice": {**invoice, "openItems": items}}
            view_lines.append(line)
        return {**body, "accountingEntryLines": view_lines}

    def entries(self) -> list[dict[str, Any]]:
        by_invoice = self._items_by_invoice()
        return [self.view(body, by_invoice) for body in self.store.entries(self.org_id)]

    def entry(self, entry_id: str) -> dict[str, Any] | None:
        body = self.store.entry(self.org_id, entry_id)
        return self.view(body) if body is not None else None

    def store_entry(
        self,
        entry: AccountingEntry,
        *,
        source: SourceType = SourceType.PUBLIC_API,
        source_entity_id: str | None = None,
    ) -> dict[str, Any]:
        """Store a checked entry (full form) with its number, ids and open items; its read view.
        ``source`` and ``source_entity_id`` say where it came from (a posted invoice: SALES and its id)."""
        number = self.store.next_number(self.org_id)
        entry_id = make_id(self.org_id, "entry", number)
        body = dump(entry)
        body.update(id=entry_id, number=Decimal(number), isClosed=False, sourceType=source.value)
        body.setdefault("entryType", "GENERAL")
        if source_entity_id is not None:
            body["sourceEntityId"] = source_entity_id
        lines = []
        for index, (line, model) in enumerate(zip(body.get("accountingEntryLines") or (), entry.lines)):
            line = dict(line, id=make_id(entry_id, "line", index))
            if line.get("accountingEntryPayment") is not None:  # a settlement's lettering
                line["accountingEntryPayment"] = {
                    **line["accountingEntryPayment"],
                    "id": make_id(entry_id, "payment", index),
                }
            third = line.get("accountingEntryThirdParty")
            if third is not None:
                line["accountingEntryThirdParty"] = {**third, "id": make_id(entry_id, "third", index)}
            invoice = line.get("accountingEntryInvoice")
            if invoice is not None:
                invoice_id = make_id(entry_id, "invoice", index)
                taxes = [
                    {**tax, "id": make_id(invoice_id, "tax", t)}
                    for t, tax in enumerate(invoice.get("accountingEntryTaxes") or ())
                ]
                invoice = {k: v for k, v in invoice.items() if k != "openItems"}
                invoice.update(id=invoice_id)
                if taxes:
                    invoice["accountingEntryTaxes"] = taxes
                line["accountingEntryInvoice"] = invoice
                self._open_item(entry_id, body, line, model, invoice)
            lines.append(line)
        body["accountingEntryLines"] = lines
        self.store.put_entry(self.org_id, number, body)
        return self.view(body)

    def _open_item(self, entry_id: str, body: dict, line: dict, model: Any, invoice: dict) -> None:
        model_invoice = model.accounting_entry_invoice
        side = invoice_ledger(model_invoice.register_type, model.origin)
        third = line.get("accountingEntryThirdParty") or {}
        record = {
            "id": make_id(invoice["id"], "openItem", 0),
            "amount": invoice.get("amount"),
            "paidAmountAccumulated": Decimal(0),
            "status": OpenItemStatus.NOT_SPECIFIED.value,
            "dueDate": invoice.get("settlementDate") or invoice.get("documentDate"),
            "thirdPartyId": third.get("thirdPartyId"),
            "ledger": side.value if side is not None else None,
            "invoicePosted": True,
            "invoiceId": invoice["id"],
            "subAccountId": line.get("subAccountId"),
            "creationDate": body.get("date"),
        }
        self.store.put_open_item(
            self.org_id, {k: v for k, v in record.items() if v is not None}, entry_id=entry_id
        )
