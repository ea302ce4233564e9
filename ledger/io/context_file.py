"""Reading a context file: JSON text or a parsed value -> :class:`ledger.context.Context`.

The context's nouns (and :class:`ContextError`) live in :mod:`ledger.context`; this module is the
reading side, on top of the exact JSON decoder and the loader, so a context and a document are read by
the same code with the same number rules.
"""

from __future__ import annotations

from typing import Any

from ledger.context import LEGISLATIONS, LIST_KEYS, LUCA_KEYS, Context, ContextError
from ledger.io.jsontext import loads
from ledger.io.loading import Fault, Loader
from ledger.money import UnknownCurrency, minor_unit_digits
from ledger.reference import Organization

__all__ = ["context_from_dict", "load_context"]


def context_from_dict(data: Any) -> Context:
    """Build a :class:`Context` from the parsed JSON; raise :class:`ContextError` naming the key."""
    if not isinstance(data, dict):
        raise ContextError("the context must be a JSON object with keys such as journalTypes")
    loader = Loader()
    given: set[str] = set()
    values: dict[str, Any] = {}

    def load_one(cls: type, value: Any, path: str) -> Any:
        loaded = loader.load(cls, value, mode="read", path=path)
        serious = [p for p in loaded.problems if p.fault is not Fault.UNKNOWN]
        if serious:
            first = serious[0]
            raise ContextError(f"{first.path}: {first.message}")
        return loaded.model

    for key, value in data.items():
        if key == "organization":
            org = load_one(Organization, value, "organization")
            values["organization"] = org
            given.add("organization")
            if org.legislation_code is not None:
                if org.legislation_code not in LEGISLATIONS:
                    raise ContextError(
                        f"organization.legislationCode: {org.legislation_code!r} is not a known legislation "
                        f"(known: {', '.join(LEGISLATIONS)})"
                    )
                given.add("organization.legislationCode")
            if org.accounting_setup is not None:
                given.add("organization.accountingSetup")
            if org.currency:
                try:
                    minor_unit_digits(org.currency)
                except UnknownCurrency as exc:
                    raise ContextError(f"organization.currency: {exc}") from None
        elif key in LIST_KEYS:
            if not isinstance(value, list):
                raise ContextError(f"{key}: must be a list of records")
            values[key] = tuple(load_one(LIST_KEYS[key], item, f"{key}[{i}]") for i, item in enumerate(value))
            given.add(key)
        elif key == "luca":
            if not isinstance(value, dict):
                raise ContextError("luca: must be an object with postingLines and entryMatches")
            for sub, sub_value in value.items():
                if sub not in LUCA_KEYS:
                    raise ContextError(f"luca.{sub}: unknown key (expected postingLines, entryMatches)")
                if not isinstance(sub_value, list):
                    raise ContextError(f"luca.{sub}: must be a list of records")
                values[f"luca.{sub}"] = tuple(
                    load_one(LUCA_KEYS[sub], item, f"luca.{sub}[{i}]") for i, item in enumerate(sub_value)
                )
                given.add(f"luca.{sub}")
        else:
            known = sorted(["organization", "luca", *LIST_KEYS])
            from ledger.io.loading import closest

            suggestion = closest(key, known)
            raise ContextError(
                f"{key}: unknown context key" + (f" (did you mean {suggestion}?)" if suggestion else "")
            )
    return Context(
        given=frozenset(given),
        organization=values.get("organization"),
        journals=values.get("journalTypes", ()),
        accounts=values.get("accountingAccounts", ()),
        customers=values.get("customers", ()),
        suppliers=values.get("suppliers", ()),
        employees=values.get("employees", ()),
        tax_treatments=values.get("taxTreatments", ()),
        taxes=values.get("taxes", ()),
        products=values.get("products", ()),
        exercises=values.get("accountingExercises", ()),
        sessions=values.get("sessions", ()),
        payment_methods=values.get("paymentMethods", ()),
        open_items=values.get("openItems", ()),
        sales_invoices=values.get("salesInvoices", ()),
        posting_lines=values.get("luca.postingLines", ()),
        entry_matches=values.get("luca.entryMatches", ()),
    )


def load_context(text: str | bytes) -> Context:
    """Parse a context file's text; raise :class:`ContextError` on invalid JSON or wrong types."""
    import json

    try:
        if isinstance(text, bytes):
            from ledger.io.jsontext import decode_bytes

            text = decode_bytes(text)
        data = loads(text)
    except UnicodeDecodeError as exc:
        raise ContextError(f"not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ContextError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:  # the JSON decoder's own depth guard (found by tests/test_fuzz.py)
        raise ContextError("nested too deeply to be a context file") from None
    return context_from_dict(data)
