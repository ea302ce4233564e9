"""Assemble a context file from saved API responses to the generated reference-data queries.

A user runs ``journalTypes.graphql``, ``accountingAccounts.graphql``… against their organisation, saves
each response, and hands the files to ``ledger-rules context build``. Each response's root fields are
matched against the generated surface (:mod:`codegen.surface`, where every query says which context key
it fills), so the mapping cannot drift from the documents:

* a list query's value may be a connection in ``nodes`` form, in ``edges { node }`` form, or a plain
  list; several pages (several files, or a JSON array of responses in one file) are concatenated and
  records repeated by ``id`` are kept once (first wins);
* ``organizations`` must hold exactly one organisation — or the one ``organization`` (``context build
  --organization ID``) picks, the others being dropped; ``organizationAccountingSetupByOrgId`` fills its
  ``accountingSetup``. A context is ONE organisation's: organisations of different ``id`` across the
  responses are an error naming both (each with the file it came from), never merged — merging gave
  one organisation's legislation and another's setup. Only the ``organizations`` response names its
  organisation: the other responses (journals, accounts, the setup…) carry no organisation id, so
  the builder cannot tell whose they are and takes them as the chosen organisation's (give it only
  that organisation's responses). An organisation record without ``id`` cannot be told apart and is
  merged with the one that has it;
* ``accountingEntries`` (the generated query, any page, nodes/edges/list) fills ``openItems`` with
  the open items of the entries' invoices (``accountingEntryInvoice.openItems``), each record as
  :func:`ledger.books.settlement.open_item_records` builds it: ``id``, ``amount``,
  ``paidAmountAccumulated``, ``status`` and ``dueDate`` as read; ``thirdPartyId`` and
  ``subAccountId`` from the invoice's line; ``invoiceId`` the invoice's ``id``; ``ledger`` from the
  invoice's ``registerType`` (ISSUED: SALES, RECEIVED: PURCHASE), else the line's third-party
  origin — an item whose side neither tells is left out; ``invoicePosted`` true (an invoice with an
  accounting entry has been posted, S34). The entries themselves are not kept: a context holds
  reference data, the entries are ``audit``'s input. Only open items that are still in the books
  when the response is saved are known: save it just before checking settlements;
* Luca's ``bookkeepingJournal`` (and a ``saleInvoice`` whose journal was fetched with its postings)
  contributes ``postings[].postingLines[]`` to ``luca.postingLines``; a saved
  ``bookkeepingEntryMatchCreate`` response contributes an existing match to ``luca.entryMatches``.

Records keep only the fields the model knows (``__typename``, ``cursor`` and extra fields a user added
to a query are dropped). Each response is validated on its own with
:func:`ledger.io.context_file.context_from_dict`, so an error names the file it came from. Anything else — a
response with ``errors``, an unknown root field, a shape that is not a list or connection — raises
:class:`ResponseError`, a one-line message naming the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from codegen.surface import ROOT_FIELDS, RootField
from ledger.books.lettering import Ledger
from ledger.books.settlement import open_item_records
from ledger.context import LIST_KEYS, LUCA_KEYS, ContextError
from ledger.entries import AccountingEntry
from ledger.fields import ApiModel, Kind, field_by_api_name
from ledger.io.api_entries import connection_nodes
from ledger.io.context_file import context_from_dict
from ledger.io.loading import Fault, Loader, dump
from ledger.luca import PostingLine
from ledger.reference import AccountingSetup, Organization


class ResponseError(ValueError):
    """A saved response cannot be used; the message names the file."""


_BY_FIELD: dict[str, RootField] = {root.name: root for root in ROOT_FIELDS if root.context_key}
# Aliased queries (`sessions: accountingEntrySessions`) answer under the context key itself — those
# whose records ARE the key's (accountingEntries fills openItems, but an `openItems` answer is no entry).
for _root in tuple(_BY_FIELD.values()):
    if _root.context_key in LIST_KEYS and LIST_KEYS[_root.context_key] is _root.result:
        _BY_FIELD.setdefault(_root.context_key, _root)
del _root


def _json_kind(value: Any) -> str:
    """What a JSON value is, in JSON's words (a message never shows a Python type name)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "a number"  # an object is what was expected


def _project(cls: type[ApiModel], value: Any, where: str) -> dict:
    """Keep the fields of ``cls`` (recursively); wrong types are left for the context loader to name."""
    if not isinstance(value, dict):
        raise ResponseError(f"{where}: expected an object, found {_json_kind(value)}")
    fields = field_by_api_name(cls)
    out = {}
    for key, item in value.items():
        spec = fields.get(key)
        if spec is None:
            continue
        _, field = spec
        if field.kind is Kind.OBJECT and isinstance(item, dict):
            item = _project(field.nested_model, item, f"{where}.{key}")
        elif field.kind is Kind.LIST and isinstance(item, list):
            item = [_project(field.nested_model, v, f"{where}.{key}[{i}]") for i, v in enumerate(item)]
        out[key] = item
    return out


def _records(value: Any, where: str) -> list:
    """The records of a response list: :func:`ledger.io.api_entries.connection_nodes`, stricter in
    that an edge without ``node`` is an error here (a context must not lose a record silently)."""
    if (
        isinstance(value, dict)
        and not isinstance(value.get("nodes"), list)
        and isinstance(value.get("edges"), list)
    ):
        for index, edge in enumerate(value["edges"]):
            if not isinstance(edge, dict) or "node" not in edge:
                raise ResponseError(f"{where}.edges[{index}]: an edge must be an object with `node`")
    nodes = connection_nodes(value)
    if nodes is None:
        raise ResponseError(f"{where}: expected a connection with `nodes` or `edges`, or a list")
    return nodes


def _open_items(entries: list, where: str) -> list[dict]:
    """The ``openItems`` records of saved entries: each invoice's open items, as
    :func:`ledger.books.settlement.open_item_records` reads them from a ledger."""
    loader = Loader()
    loaded = []
    for index, value in enumerate(entries):
        result = loader.load(AccountingEntry, value, mode="read", path=f"{where}[{index}]")
        serious = [p for p in result.problems if p.fault is not Fault.UNKNOWN]
        if serious:
            raise ResponseError(f"{serious[0].path}: {serious[0].message}")
        loaded.append(result.model)
    return [dump(record) for record in open_item_records(Ledger(tuple(loaded)))]


def _posting_lines(journal: Any, where: str) -> list[dict]:
    if not isinstance(journal, dict) or not isinstance(journal.get("postings"), list):
        raise ResponseError(f"{where}: expected a journal with `postings[].postingLines[]`")
    lines = []
    for p_index, posting in enumerate(journal["postings"]):
        posting_where = f"{where}.postings[{p_index}]"
        if not isinstance(posting, dict) or not isinstance(posting.get("postingLines"), list):
            raise ResponseError(f"{posting_where}: expected `postingLines` (a list)")
        for l_index, line in enumerate(posting["postingLines"]):
            lines.append(_project(PostingLine, line, f"{posting_where}.postingLines[{l_index}]"))
    return lines


def _entry_match(value: Any, where: str) -> dict:
    if not isinstance(value, dict) or "id" not in value:
        raise ResponseError(f"{where}: expected an entry match with `id`")
    ids = []
    for side in ("postingEntriesDebit", "postingEntriesCredit"):
        for index, line in enumerate(value.get(side) or ()):
            if not isinstance(line, dict) or "id" not in line:
                raise ResponseError(f"{where}.{side}[{index}]: expected an object with `id`")
            if line["id"] not in ids:
                ids.append(line["id"])
    return {"id": value["id"], "postingLineIds": ids}


def _data_of(response: Any, source: str) -> dict:
    if not isinstance(response, dict):
        raise ResponseError(f"{source}: a response must be a JSON object with `data`")
    errors = response.get("errors")
    if errors:
        first = (
            errors[0].get("message") if isinstance(errors, list) and isinstance(errors[0], dict) else errors
        )
        raise ResponseError(f"{source}: the response reports errors ({first}); save a successful one")
    if "data" in response:
        data = response["data"]
        if not isinstance(data, dict):
            raise ResponseError(f"{source}: `data` must be an object")
        return data
    if response and all(key in _BY_FIELD for key in response):
        return response  # the `data` object saved on its own
    raise ResponseError(f"{source}: not a GraphQL response (no `data`)")


def _same_id(found: Any, wanted: str) -> bool:
    """Whether an organisation's ``id`` is ``wanted`` (UUIDs compare regardless of letter case)."""
    return isinstance(found, str) and found.lower() == wanted.lower()


def _org_names(orgs: Iterable[dict]) -> list[str]:
    return [str(org.get("id", "(no id)")) for org in orgs]


def _contribution(data: dict, source: str, organization: str | None = None) -> dict:
    """The part of a context one response provides (of ``organization`` only, when one is chosen)."""
    part: dict[str, Any] = {}
    for field, value in data.items():
        root = _BY_FIELD.get(field)
        where = f"{source}: {field}"
        if root is None:
            raise ResponseError(
                f"{source}: unknown response field `{field}`; expected one of {', '.join(sorted(_BY_FIELD))}"
            )
        if value is None:
            raise ResponseError(f"{where} is null (not found, or not allowed?)")
        key = root.context_key
        if root.result is AccountingEntry:
            part.setdefault("openItems", []).extend(_open_items(_records(value, where), where))
        elif key in LIST_KEYS:
            cls = LIST_KEYS[key]
            records = _records(value, where)
            part.setdefault(key, []).extend(
                _project(cls, record, f"{where}[{i}]") for i, record in enumerate(records)
            )
        elif key == "organization":
            records = _records(value, where)
            if not records:
                raise ResponseError(f"{where}: holds 0 organisations; save the response for yours")
            found = [_project(Organization, record, where) for record in records]
            if organization is not None:
                found = [org for org in found if _same_id(org.get("id"), organization)]
            if len(found) > 1:
                raise ResponseError(
                    f"{where}: holds {len(found)} organisations ({', '.join(_org_names(found))}); "
                    "pass --organization ID to keep one"
                )
            if found:
                part.setdefault("organization", {}).update(found[0])
        elif key == "organization.accountingSetup":
            part.setdefault("organization", {})["accountingSetup"] = _project(AccountingSetup, value, where)
        elif key == "luca.postingLines":
            journal = value.get("bookkeepingJournal") if root.name == "saleInvoice" else value
            if root.name == "saleInvoice" and not (isinstance(journal, dict) and "postings" in journal):
                continue  # step 1 of [LUCA-close-api] only names the journal: nothing to add
            part.setdefault("luca", {}).setdefault("postingLines", []).extend(_posting_lines(journal, where))
        elif key == "luca.entryMatches":
            part.setdefault("luca", {}).setdefault("entryMatches", []).append(_entry_match(value, where))
        else:  # pragma: no cover - every context_key of the surface is handled above
            raise AssertionError(key)
    return part


def _listed_organizations(data: dict) -> list[dict]:
    """The organisations an ``organizations`` response lists (for a message naming what was found)."""
    value = data.get("organizations")
    nodes = connection_nodes(value) if value is not None else None
    return [org for org in nodes or () if isinstance(org, dict)]


def _dedupe(records: list) -> list:
    seen: set = set()
    kept = []
    for record in records:
        key = record.get("id") if isinstance(record, dict) else None
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        kept.append(record)
    return kept


def build_context(responses: Iterable[tuple[str, Any]], *, organization: str | None = None) -> dict[str, Any]:
    """A context dict (the ``--context`` file; see ledger.context) from ``(source name, parsed response)`` pairs.

    A parsed response may be a JSON array of responses (pages saved together). ``organization`` (an
    organisation id) keeps that organisation of the ``organizations`` responses and drops the others;
    without it, responses naming two organisations are an error. Raises :class:`ResponseError`
    naming the source.
    """
    chosen: dict[str, Any] = {}
    first_seen: tuple[str, str] | None = None  # (organisation id, the source that named it)
    found_ids: list[str] = []
    lists: dict[str, list] = {}
    luca: dict[str, list] = {}
    for source, response in responses:
        items = (
            [(f"{source}[{i}]", r) for i, r in enumerate(response)]
            if isinstance(response, list)
            else [(source, response)]
        )
        for name, item in items:
            data = _data_of(item, name)
            found_ids += _org_names(_listed_organizations(data))
            part = _contribution(data, name, organization)
            try:
                context_from_dict(part)
            except ContextError as exc:
                raise ResponseError(f"{name}: {exc}") from None
            if "organization" in part:
                org_id = part["organization"].get("id")
                if isinstance(org_id, str):
                    if first_seen is not None and not _same_id(org_id, first_seen[0]):
                        raise ResponseError(
                            f"responses from two organisations: {first_seen[0]} ({first_seen[1]}) and "
                            f"{org_id} ({name}); a context is one organisation's: pass --organization ID "
                            "to keep one"
                        )
                    first_seen = first_seen or (org_id, name)
                setup = part["organization"].pop("accountingSetup", None)
                chosen.update(part["organization"])
                if setup is not None:
                    chosen.setdefault("accountingSetup", {}).update(setup)
            for key in LIST_KEYS:
                if key in part:
                    lists.setdefault(key, []).extend(part[key])
            for key, records in part.get("luca", {}).items():
                luca.setdefault(key, []).extend(records)
    if organization is not None and first_seen is None:
        found = f"found: {', '.join(found_ids)}" if found_ids else "no organizations response was given"
        raise ResponseError(f"no organizations response holds organisation {organization} ({found})")
    context: dict[str, Any] = {}
    if chosen:
        context["organization"] = chosen
    for key in LIST_KEYS:  # the context format's own order
        if key in lists:
            context[key] = _dedupe(lists[key])
    if luca:
        context["luca"] = {key: _dedupe(luca[key]) for key in LUCA_KEYS if key in luca}
    try:
        context_from_dict(context)
    except ContextError as exc:  # pragma: no cover - each part was valid; merging keeps it so
        raise ResponseError(f"the assembled context is invalid: {exc}") from None
    return context
