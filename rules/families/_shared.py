"""What the rule families share: look-ups in the environment, line paths, and amounts that may be unknown.

The entry families (REG, TPY, INV, TAX, REF) read the same things — the entry's journal, a line's
account, whether the subject is a create input or an entry read back, whether it is the expansion of a
simplified input — and name lines the same way; the list rules of several families (BAL, MAT, SET)
judge a list too short or an item listed twice the same way. Those small functions live here, not in one family:
a family module imported by another would register its rules twice. The leading underscore keeps
:func:`rules.families.family_modules` from taking this module for a family.

The expansion (:mod:`ledger.books.expansion`) reports its problems as data, without codes: the
engine's :data:`rules.engine.EXPANSION_CODES` says under which rule each kind is reported, and
:func:`rules.violation.as_finding` turns a problem into the finding a rule would have yielded.
REF001 and REF003 use the same problem constructors for a full entry, so each message is written once.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sized
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from ledger.context import Context
from ledger.entries import AccountingEntryLine
from ledger.enums import JournalType
from ledger.inputs import OpenItemLinkagePaidAmount, SettlementInput
from ledger.reference import Account, Journal
from rules.violation import Finding, finding

if TYPE_CHECKING:
    from rules.env import Env

__all__ = [
    "account_of",
    "all_known",
    "article",
    "creating",
    "describe_journal",
    "journal_of",
    "journal_of_kind",
    "line_path",
    "needed_context",
    "on_expansion",
    "repeats",
    "settlement_linkages",
    "settlement_list_name",
    "too_few",
]

K = TypeVar("K", bound=Hashable)


def article(word: str) -> str:
    """``word`` with its indefinite article: "an intra-community", "an ISSUED", "a sales".

    Messages name values (enum members, kinds) inside sentences; the article follows the value's
    first letter, which is how every value these messages name is pronounced."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def line_path(index: int, rest: str = "") -> str:
    return f"accountingEntryLines[{index}]{rest}"


def creating(env: Env) -> bool:
    """True for create inputs; False for entries read back from the API (``audit``)."""
    return env.mode != "read"


def on_expansion(env: Env) -> bool:
    """True when the subject is the server-side expansion of a simplified input (S22, S23)."""
    return env.operation is not None and env.operation.simplified


def needed_context(env: Env) -> Context:
    """The context of a rule that ``needs`` context keys: the runner runs such a rule only with one."""
    context = env.context
    if context is None:  # pragma: no cover - the runner skips the rule when there is no context
        raise RuntimeError("a rule that needs context keys was run without a context")
    return context


def journal_of(entry: object, env: Env) -> Journal | None:
    """The entry's journal record, or None (no context, no journalTypes, no id, or unknown: REF001's)."""
    ctx = env.context
    journal_id = getattr(entry, "journal_type_id", None)
    if ctx is None or journal_id is None or not ctx.has("journalTypes"):
        return None
    return ctx.journal(journal_id)


def journal_of_kind(entry: object, env: Env, *, invoice: bool) -> tuple[Journal, JournalType] | None:
    """The entry's journal and its type when the type is known and is (``invoice``) or is not an
    invoice journal; else None. The invoice-journal rules (INV, REG) judge an entry only then."""
    journal = journal_of(entry, env)
    if journal is None or journal.type is None or journal.type.is_invoice_journal != invoice:
        return None
    return journal, journal.type


def account_of(line: AccountingEntryLine, env: Env) -> Account | None:
    """The line's account record, or None (no context, no accountingAccounts, no id, or unknown)."""
    ctx = env.context
    if ctx is None or line.sub_account_id is None or not ctx.has("accountingAccounts"):
        return None
    return ctx.account(line.sub_account_id)


def all_known(values: Iterable[Decimal | None]) -> list[Decimal] | None:
    """The amounts, or None when one of them is unreadable (None): a rule skips what it cannot read."""
    known = []
    for value in values:
        if value is None:
            return None
        known.append(value)
    return known


def describe_journal(journal: Journal) -> str:
    return f"{journal.code or journal.id} ({journal.type.value if journal.type else 'no type'})"


def too_few(field: str, items: Sized | None, subject: str, items_name: str, hint: str) -> Iterator[Finding]:
    """The finding on a list ``field`` that holds fewer than the two items double entry needs (an
    absent list is FLD002's): "<subject> needs at least two <items_name>; this one has N" (BAL002,
    MAT003)."""
    if items is not None and len(items) < 2:
        yield finding(
            field,
            f"{subject} needs at least two {items_name}; this one has {len(items)}",
            hint,
            lines=len(items),
        )


def repeats(keyed: Iterable[tuple[str, K]]) -> Iterator[tuple[str, K, str]]:
    """``(path, key, first path)`` for each later occurrence of a key among ``(path, key)`` pairs.

    A list that must name each thing once reports the second (and later) occurrence, citing the
    first: the duplicate-listing rules (MAT004, SET007) read their lists through this one function.
    """
    seen: dict[K, str] = {}
    for path, key in keyed:
        first = seen.setdefault(key, path)
        if first != path:
            yield path, key, first


def settlement_list_name(settlement: SettlementInput) -> str:
    """The API name of a settlement's list of paid amounts (it differs per operation)."""
    from ledger.fields import api_fields

    for attr, field in api_fields(type(settlement)):
        if attr == "linkages":
            return field.name
    return "openItemLinkagePaidAmounts"  # pragma: no cover - every settlement class has linkages


def settlement_linkages(settlement: SettlementInput) -> Iterator[tuple[str, OpenItemLinkagePaidAmount]]:
    """``(path, linkage)`` for each open item a settlement pays (SET's rules and BAL006)."""
    name = settlement_list_name(settlement)
    for k, linkage in enumerate(settlement.linkages or ()):
        yield f"{name}[{k}]", linkage
