"""Breaking exactly one rule: a valid drawn input with ONE targeted mutation per rule code.

Each breaker is registered with :func:`_breaker` under the code it breaks, with the kinds and forms
where that rule applies and the codes that unavoidably come with it (:data:`UNAVOIDABLE`). The breakers
only build payloads: checking them with the engine is the tests' job, so this module (like all of
:mod:`ledger.testing`) imports only :mod:`ledger`.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ledger.enums import AccountLevel, ExerciseStatus, JournalType, Origin, TaxType
from ledger.reference import Account, Journal
from ledger.testing.kinds import ENTRY_KINDS, FORMS, INVOICE_KINDS, PLAIN_KINDS, Scenario
from ledger.testing.organisations import Org, validate_org
from ledger.testing.payloads import Drawn, drawn_scenarios, line_units, third_party_block
from ledger.testing.values import choices

__all__ = ["BREAKABLE_CODES", "UNAVOIDABLE", "breaking"]

#: Codes that another code unavoidably accompanies when :func:`breaking` breaks them (code -> codes
#: that MAY also be reported). Every other code is broken alone.
#:
#: ======  =========  =================================================================================
#: code    also       why
#: ======  =========  =================================================================================
#: BAL002  BAL001     A one-line entry cannot balance (an EMPTY line list, also drawn, is BAL002 alone).
#: REG003  REG004     A customer line turned RECEIVED (or supplier ISSUED) no longer equals its invoice's
#:                    registerType; turning the invoice too breaks REG004's "ISSUED for a customer".
#: INV002  REG004     An invoice outside an invoice journal sits on an UNDEFINED line (REG001), so its
#:                    registerType (ISSUED/RECEIVED by the third party) differs from the line's.
#: INV006  INV002     A lone invoice on a line without a third party: in an invoice journal that is a
#:                    second invoice (INV003) or a missing one (INV001); we use a non-invoice journal.
#: ======  =========  =================================================================================
#:
#: Notes on what is broken where: TPY002 is broken by an absent/null ``socialName``,
#: ``identificationTypeId`` or ``documentId`` (a missing ``code`` is TPY007's warning, see its doc);
#: INV008 is an info note (same-third-party lines merged by the simplified operations), drawn so that
#: the note can be tested like a fault; INV009 (a warning) flips the third-party line alone and keeps the
#: entry balanced with one more revenue/charge line, so it is not a mirrored credit note;
#: REF007/REF008 use a German (DE) organisation.
UNAVOIDABLE: dict[str, frozenset[str]] = {}

#: A breaker: ``(draw, base) -> values``, a copy of the base's valid input with one mutation.
_Mutation = Callable[[st.DrawFn, "_Base"], dict]
_BREAKERS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str | None, dict[str, bool], _Mutation]] = {}


def _breaker(
    code: str,
    *,
    kinds: Iterable[str] = ENTRY_KINDS,
    forms: Iterable[str] = tuple(FORMS),
    also: Iterable[str] = (),
    legislation: str | None = None,
    **options: bool,
) -> Callable[[_Mutation], _Mutation]:
    def register(mutate: _Mutation) -> _Mutation:
        _BREAKERS[code] = (tuple(kinds), tuple(forms), legislation, options, mutate)
        UNAVOIDABLE[code] = frozenset(also)
        return mutate

    return register


class _Base(NamedTuple):
    context: dict
    org: Org
    drawn: Drawn

    @property
    def values(self) -> dict:
        return copy.deepcopy(self.drawn.input)

    @property
    def full(self) -> bool:
        return self.drawn.form == "full"

    def new_id(self, name: str) -> str:
        namespace = uuid.UUID(self.drawn.lines[0].account.id) if self.drawn.lines else uuid.NAMESPACE_URL
        return str(uuid.uuid5(namespace, "unknown:" + name))

    def indexes(self, *roles: str) -> list[int]:
        return [i for i, line in enumerate(self.drawn.lines) if line.role in roles]

    def journal_key(self) -> str:
        return "journalTypeCode" if self.drawn.form == "codes" else "journalTypeId"

    def journal_ref(self, journal: Journal) -> str | None:
        return journal.code if self.drawn.form == "codes" else journal.id

    def account_key(self) -> str:
        return "subAccountCode" if self.drawn.form == "codes" else "subAccountId"

    def account_ref(self, account: Account) -> str | None:
        return account.code if self.drawn.form == "codes" else account.id

    def third_key(self) -> str:
        return {"full": "accountingEntryThirdParty", "ids": "thirdId", "codes": "thirdCode"}[self.drawn.form]


def _plain_line_of(draw: st.DrawFn, values: dict, base: _Base) -> dict:
    """A drawn one of the input's plain lines (no third party, no tax), in ``values``."""
    return values["accountingEntryLines"][draw(st.sampled_from(base.indexes("plain")))]


def _small_amount(draw: st.DrawFn, base: _Base) -> Decimal:
    """A drawn amount from one minor unit to 10,000 of them: what a breaker adds to unbalance a figure."""
    return base.org.money(draw(st.integers(min_value=1, max_value=10_000)))


def _third_party_line_of(values: dict, base: _Base) -> dict:
    """The drawn input's first third-party line (in ``values``)."""
    return values["accountingEntryLines"][base.indexes("third_party")[0]]


def _third_party_block_of(values: dict, base: _Base) -> dict:
    """The ``accountingEntryThirdParty`` of the drawn input's first third-party line (in ``values``)."""
    return _third_party_line_of(values, base)["accountingEntryThirdParty"]


def _side(line: dict) -> str:
    return "creditAmount" if line["creditAmount"] and not line["debitAmount"] else "debitAmount"


# -- FLD ---------------------------------------------------------------------------------------------


@_breaker("FLD001")
def _fld001(draw: st.DrawFn, base: _Base) -> dict:
    root = base.drawn.operation
    wrong = draw(
        st.sampled_from(
            [root + "s", root.lower(), root[:-1], "create" + root[6:].replace("Entry", "Entries")]
        )
    )
    query = f"mutation ($values: AccountingEntryCreateGLDtoInput!) {{ {wrong}(input: $values) {{ id }} }}"
    return {"query": query, "variables": {"values": base.values}}


@_breaker("FLD002")
def _fld002(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    lines = values["accountingEntryLines"]
    options = ["zero-side"] + (["registerType"] if base.full else [])
    choice = draw(st.sampled_from(options))
    i = draw(
        st.sampled_from(
            range(len(lines))
            if choice == "zero-side"
            else [j for j, l in enumerate(lines) if l["registerType"] == "UNDEFINED"]
        )
    )
    if choice == "zero-side":
        del lines[i]["creditAmount" if _side(lines[i]) == "debitAmount" else "debitAmount"]
    else:
        del lines[i]["registerType"]
    return values


@_breaker("FLD003")
def _fld003(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    lines = values["accountingEntryLines"]
    if draw(st.booleans()):
        day = date.fromisoformat(values["date"])
        values["date"] = draw(
            st.sampled_from([day.strftime("%d/%m/%Y"), day.strftime("%Y%m%d"), day.isoformat() + "Z1"])
        )
    else:
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        zero = "creditAmount" if _side(lines[i]) == "debitAmount" else "debitAmount"
        lines[i][zero] = draw(st.sampled_from(["0", "0.00", "zero"]))
    return values


@_breaker("FLD004", forms=("full",))
def _fld004(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    lines = values["accountingEntryLines"]
    i = draw(st.sampled_from([j for j, l in enumerate(lines) if l["registerType"] == "UNDEFINED"]))
    lines[i]["registerType"] = draw(st.sampled_from(["UNDEFINE", "undefined", "NONE", "UNDEFINED_"]))
    return values


@_breaker("FLD005")
def _fld005(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    if draw(st.booleans()):
        values["description"] = "x" * draw(st.integers(min_value=201, max_value=260))
    else:
        values["documentNumber"] = "N" * draw(st.integers(min_value=51, max_value=80))
    return values


@_breaker("FLD006")
def _fld006(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    where = draw(st.sampled_from(["header", "line"]))
    if where == "header":
        key = draw(st.sampled_from(["descripton", "entryDate", "comment"]))
        values[key] = "x"
    else:
        line = values["accountingEntryLines"][0]
        key = draw(st.sampled_from(["debitAmmount", "amount", "accountId"]))
        line[key] = Decimal(0) if "mount" in key else "x"
    return values


@_breaker("FLD007", forms=("full",))
def _fld007(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    field = draw(st.sampled_from(["id", "number", "isClosed"]))
    values[field] = {"id": base.new_id("entry"), "number": Decimal(785), "isClosed": False}[field]
    return values


@_breaker("FLD008", forms=("full",))
def _fld008(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    value = draw(st.sampled_from([None, "OPENING", "UNDEFINED", "general"]))
    if value is None:
        del values["entryType"]
    else:
        values["entryType"] = value
    return values


# -- BAL ---------------------------------------------------------------------------------------------


@_breaker("BAL001")
def _bal001(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    line = _plain_line_of(draw, values, base)
    side = _side(line)
    line[side] = line[side] + _small_amount(draw, base)
    return values


@_breaker("BAL002", kinds=PLAIN_KINDS, also=("BAL001",))
def _bal002(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    values["accountingEntryLines"] = values["accountingEntryLines"][
        : draw(st.integers(min_value=0, max_value=1))
    ]
    return values


@_breaker("BAL003")
def _bal003(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    line = _plain_line_of(draw, values, base)
    extra = _small_amount(draw, base)
    line["debitAmount"] = line["debitAmount"] + extra
    line["creditAmount"] = line["creditAmount"] + extra
    return values


@_breaker("BAL004")
def _bal004(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    line = _plain_line_of(draw, values, base)
    side = _side(line)
    other = "creditAmount" if side == "debitAmount" else "debitAmount"
    line[other], line[side] = -line[side], Decimal(0)
    return values


@_breaker("BAL005")
def _bal005(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    lines = values["accountingEntryLines"]
    zero = copy.deepcopy(lines[draw(st.sampled_from(base.indexes("plain")))])
    zero["debitAmount"] = zero["creditAmount"] = Decimal(0)
    lines.append(zero)
    return values


def _one_per_side(draw: st.DrawFn, values: dict) -> tuple[dict, dict]:
    lines = values["accountingEntryLines"]
    debit = draw(st.sampled_from([l for l in lines if _side(l) == "debitAmount"]))
    credit = draw(st.sampled_from([l for l in lines if _side(l) == "creditAmount"]))
    return debit, credit


@_breaker("BAL006", kinds=PLAIN_KINDS)
def _bal006(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    debit, credit = _one_per_side(draw, values)
    excess = Decimal(draw(st.integers(min_value=1, max_value=9))).scaleb(-(base.org.digits + 1))
    debit["debitAmount"] += excess
    credit["creditAmount"] += excess
    return values


@_breaker("BAL007", kinds=PLAIN_KINDS)
def _bal007(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    debit, credit = _one_per_side(draw, values)
    huge = Decimal(10) ** draw(st.integers(min_value=15, max_value=20))
    debit["debitAmount"] += huge
    credit["creditAmount"] += huge
    return values


# -- REG ---------------------------------------------------------------------------------------------


@_breaker("REG001", kinds=PLAIN_KINDS, forms=("full",))
def _reg001(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    line = _plain_line_of(draw, values, base)
    line["registerType"] = draw(st.sampled_from(["ISSUED", "RECEIVED"]))
    return values


@_breaker("REG002", kinds=INVOICE_KINDS, forms=("full",))
def _reg002(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    line = values["accountingEntryLines"][draw(st.sampled_from(base.indexes("plain", "tax")))]
    line["registerType"] = draw(st.sampled_from(["ISSUED", "RECEIVED"]))
    return values


@_breaker("REG003", kinds=INVOICE_KINDS, forms=("full",), also=("REG004",))
def _reg003(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    line = _third_party_line_of(values, base)
    line["registerType"] = "RECEIVED" if line["registerType"] == "ISSUED" else "ISSUED"
    return values


@_breaker("REG004", kinds=INVOICE_KINDS, forms=("full",))
def _reg004(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    invoice = _third_party_line_of(values, base)["accountingEntryInvoice"]
    choices = ["UNDEFINED"]
    if "accountingEntryTaxes" not in invoice:  # else TAX004 would judge the deductible flags anew
        choices.append("RECEIVED" if invoice["registerType"] == "ISSUED" else "ISSUED")
    invoice["registerType"] = draw(st.sampled_from(choices))
    return values


# -- TPY ---------------------------------------------------------------------------------------------

#: The kinds whose full form carries a third-party block the user writes (TPY002, TPY006, TPY007).
_BLOCK_KINDS = ("sales-invoice", "purchase-invoice", "general", "financial")


@_breaker("TPY001", kinds=("general", "financial"), third_party=True)
def _tpy001(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    del _third_party_line_of(values, base)[base.third_key()]
    return values


@_breaker("TPY002", forms=("full",), kinds=_BLOCK_KINDS, third_party=True)
def _tpy002(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    block = _third_party_block_of(values, base)
    # Not ``code``: rules.md lists it, but the rule set reports a missing code as TPY007 (a warning),
    # because the [SA-entry-v0] page's own worked example omits it (see TPY007's documentation).
    # Absent or null. (A blank value is TPY002's too, and only TPY002's: TPY006 leaves it alone.)
    field = draw(st.sampled_from(["socialName", "identificationTypeId", "documentId"]))
    if draw(st.booleans()):
        del block[field]
    else:
        block[field] = None
    return values


@_breaker("TPY007", forms=("full",), kinds=_BLOCK_KINDS, third_party=True)
def _tpy007(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    block = _third_party_block_of(values, base)
    del block["code"]
    return values


@_breaker("TPY003", kinds=PLAIN_KINDS, forms=("full",))
def _tpy003(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    org = base.org
    pools = [
        (o, r)
        for o, rs in (
            (Origin.CUSTOMER, org.customers),
            (Origin.SUPPLIER, org.suppliers),
            (Origin.EMPLOYEE, org.employees),
        )
        for r in rs
    ]
    origin, record = draw(st.sampled_from(pools))
    line = _plain_line_of(draw, values, base)
    line["accountingEntryThirdParty"] = third_party_block(origin, record)
    return values


@_breaker("TPY004", kinds=("sales-invoice",))
def _tpy004(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    journal = draw(st.sampled_from(base.org.journals[JournalType.PURCHASE_INVOICE]))
    values[base.journal_key()] = base.journal_ref(journal)
    return values


@_breaker("TPY005", kinds=("purchase-invoice", "general", "financial"), third_party=True)
def _tpy005(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    line = _third_party_line_of(values, base)
    if base.drawn.form == "full":
        line["accountingEntryThirdParty"]["thirdPartyId"] = base.new_id("third party")
    elif base.drawn.form == "ids":
        line["thirdId"] = base.new_id("third party")
    else:
        known = {r.code for r in base.org.ctx.customers + base.org.ctx.suppliers + base.org.ctx.employees}
        line["thirdCode"] = next(
            c for c in ("UNKNOWN", "UNKNOWN1", "UNKNOWN2", "ZZZ999ZZZ") if c not in known
        )
    return values


@_breaker("TPY006", forms=("full",), kinds=_BLOCK_KINDS, third_party=True)
def _tpy006(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    block = _third_party_block_of(values, base)
    field = draw(st.sampled_from(["socialName", "documentId", "code"]))
    old = block[field]
    limit = {"socialName": 70, "documentId": 25, "code": 17}[field]
    block[field] = (old[: limit - 1] + "X") if not old.endswith("X") else (old[: limit - 1] + "Y")
    return values


# -- INV ---------------------------------------------------------------------------------------------


def _invoice_of(values: dict, base: _Base) -> dict:
    return _third_party_line_of(values, base)["accountingEntryInvoice"]


@_breaker("INV001", kinds=INVOICE_KINDS, forms=("full",))
def _inv001(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    del _third_party_line_of(values, base)["accountingEntryInvoice"]
    return values


def _invoice_for(line: dict, day: str, register: str) -> dict:
    return {
        "documentDate": day,
        "expeditionDate": day,
        "operationDate": day,
        "settlementDate": day,
        "amount": line[_side(line)],
        "registerType": register,
    }


@_breaker("INV002", kinds=("financial",), forms=("full",), third_party=True, also=("REG004",))
def _inv002(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    line = _third_party_line_of(values, base)
    origin = line["accountingEntryThirdParty"]["origin"]
    line["accountingEntryInvoice"] = _invoice_for(
        line, values["date"], "ISSUED" if origin == "CUSTOMER" else "RECEIVED"
    )
    return values


@_breaker("INV003", kinds=("purchase-invoice",))
def _inv003(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    lines = values["accountingEntryLines"]
    org = base.org
    first = base.drawn.lines[base.indexes("third_party")[0]]
    assert first.third is not None  # a third-party line has its third party
    others = [s for s in org.suppliers if s.id != first.third[1].id] or org.suppliers
    supplier = draw(st.sampled_from(others))
    amount = org.money(line_units(draw, org))
    charge = copy.deepcopy(lines[base.indexes("plain")[0]])
    charge["debitAmount"], charge["creditAmount"] = amount, Decimal(0)
    second = copy.deepcopy(lines[base.indexes("third_party")[0]])
    second["debitAmount"], second["creditAmount"] = Decimal(0), amount
    account = org.account_for(Origin.SUPPLIER, supplier)
    second[base.account_key()] = base.account_ref(account)
    if base.full:
        second["accountingEntryThirdParty"] = third_party_block(Origin.SUPPLIER, supplier)
        invoice = second["accountingEntryInvoice"]
        invoice.pop("accountingEntryTaxes", None)
        invoice["amount"] = amount
        invoice["externalInvoiceNumber"] = invoice["externalInvoiceNumber"][:45] + "-B"
    else:
        second[base.third_key()] = supplier.id if base.drawn.form == "ids" else supplier.code
    lines.extend([charge, second])
    return values


@_breaker("INV008", kinds=INVOICE_KINDS, forms=("ids", "codes"))
def _inv008(draw: st.DrawFn, base: _Base) -> dict:
    # An info note, not a fault: the third party's amount split over two lines (due dates, say), which
    # the server merges into one line (S23).
    values = base.values
    lines = values["accountingEntryLines"]
    i = base.indexes("third_party")[0]
    side = _side(lines[i])
    units = base.org.units(lines[i][side])
    part = base.org.money(draw(st.integers(min_value=1, max_value=units - 1)))
    second = copy.deepcopy(lines[i])
    second[side] = lines[i][side] - part
    lines[i][side] = part
    lines.insert(i + 1, second)
    return values


@_breaker("INV004", kinds=INVOICE_KINDS, forms=("full",), registers=False)
def _inv004(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    invoice = _invoice_of(values, base)
    delta = _small_amount(draw, base)
    if draw(st.booleans()) and invoice["amount"] > delta:
        delta = -delta
    invoice["amount"] += delta
    return values


@_breaker("INV005", kinds=INVOICE_KINDS, forms=("full",))
def _inv005(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    del _invoice_of(values, base)[
        draw(st.sampled_from(["expeditionDate", "operationDate", "settlementDate"]))
    ]
    return values


@_breaker("INV006", kinds=PLAIN_KINDS, forms=("full",), also=("INV002",))
def _inv006(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    line = _plain_line_of(draw, values, base)
    line["accountingEntryInvoice"] = _invoice_for(line, values["date"], "UNDEFINED")
    return values


@_breaker("INV007", kinds=INVOICE_KINDS, forms=("full",))
def _inv007(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    invoice = _invoice_of(values, base)
    later = date.fromisoformat(invoice["documentDate"]) + timedelta(
        days=draw(st.integers(min_value=1, max_value=60))
    )
    invoice["operationDate"] = later.isoformat()
    return values


@_breaker("INV009", kinds=INVOICE_KINDS)
def _inv009(draw: st.DrawFn, base: _Base) -> dict:
    # A sign flipped on the third-party line alone (a customer credited on a sale, a supplier debited on
    # a purchase), the entry kept balanced by one more line for twice the amount on the side the
    # third-party line left: the counterparts are not mirrored, so this is no credit note. The line is on
    # the revenue (charge) account, so PST001's choice of sales account still holds.
    values = base.values
    lines = values["accountingEntryLines"]
    line = lines[base.indexes("third_party")[0]]
    side = _side(line)
    other = "debitAmount" if side == "creditAmount" else "creditAmount"
    amount = line[side]
    line[side], line[other] = Decimal(0), amount
    key = base.account_key()
    balancing = {key: lines[base.indexes("plain")[0]][key]}
    balancing["debitAmount"] = balancing["creditAmount"] = Decimal(0)
    balancing[side] = 2 * amount
    if base.full:
        balancing["registerType"] = "UNDEFINED"
    lines.append(balancing)
    return values


# -- TAX ---------------------------------------------------------------------------------------------


def _register(draw: st.DrawFn, values: dict, base: _Base) -> tuple[int, dict]:
    taxes = _invoice_of(values, base)["accountingEntryTaxes"]
    r = draw(st.integers(min_value=0, max_value=len(taxes) - 1))
    return r, taxes[r]


@_breaker("TAX001", kinds=INVOICE_KINDS, forms=("full",), registers=True)
def _tax001(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    del _register(draw, values, base)[1]["taxTreatmentId"]
    return values


@_breaker("TAX002", kinds=INVOICE_KINDS, forms=("full",), registers=True)
def _tax002(draw: st.DrawFn, base: _Base) -> dict:
    # The exporter computed one rate's VAT wrong but carried the wrong figure CONSISTENTLY (tax line,
    # invoice total, third-party line): only the base x rate check can see it.
    values = base.values
    lines = values["accountingEntryLines"]
    r, register = _register(draw, values, base)
    delta = _small_amount(draw, base)
    register["taxAmount"] += delta
    tax_line = base.drawn.register_tax_lines[r]
    if tax_line is None:  # a zero tax had no line: give it one now
        zero = copy.deepcopy(lines[base.indexes("plain")[0]])
        side = _side(zero)
        zero[side] = delta
        zero[base.account_key()] = base.account_ref(
            (base.org.output_tax if base.drawn.kind == "sales-invoice" else base.org.input_tax)[0]
        )
        lines.append(zero)
    else:
        lines[tax_line][_side(lines[tax_line])] += delta
    third = lines[base.indexes("third_party")[0]]
    third[_side(third)] += delta
    third["accountingEntryInvoice"]["amount"] += delta
    return values


@_breaker("TAX003", kinds=INVOICE_KINDS, forms=("full",), registers=True)
def _tax003(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    register = _register(draw, values, base)[1]
    value = draw(st.sampled_from([None, "SPECIAL", "general", "SIMPLIFIED"]))
    if value is None:
        del register["regimeType"]
    else:
        register["regimeType"] = value
    return values


@_breaker("TAX004", kinds=INVOICE_KINDS, forms=("full",), registers=True)
def _tax004(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    register = _register(draw, values, base)[1]
    register["deductible"] = not register["deductible"]
    return values


@_breaker("TAX005", kinds=INVOICE_KINDS, forms=("full",), registers=True)
def _tax005(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    register = _register(draw, values, base)[1]
    ctx = base.org.ctx
    twins = [
        t
        for t in ctx.taxes
        if t.id != register["taxId"]
        and t.group_id != register["taxGroupId"]
        and t.percentage == register["taxPercentage"]
    ]
    choices = ["taxType"] + (["taxId"] if twins else [])
    if draw(st.sampled_from(choices)) == "taxType":
        # Not IRPF: a withholding register legitimately changes the invoice total (TAX007 subtracts it).
        register["taxType"] = draw(
            st.sampled_from(
                [t.value for t in TaxType if t.value != register["taxType"] and t is not TaxType.IRPF]
            )
        )
    else:
        register["taxId"] = draw(st.sampled_from(twins)).id
    return values


@_breaker("TAX006", kinds=INVOICE_KINDS, forms=("full",), registers=True)
def _tax006(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    lines = values["accountingEntryLines"]
    tax_lines = [i for i in base.drawn.register_tax_lines if i is not None]
    tax = lines[draw(st.sampled_from(tax_lines))] if tax_lines else None
    plain = lines[draw(st.sampled_from(base.indexes("plain")))]
    side = _side(plain)
    units = base.org.units(plain[side])
    delta = base.org.money(draw(st.integers(min_value=1, max_value=max(1, min(units - 1, 10_000)))))
    if tax is None:  # every tax was zero: book some on the tax account
        tax = copy.deepcopy(plain)
        tax[side] = Decimal(0)
        tax[base.account_key()] = base.account_ref(
            (base.org.output_tax if base.drawn.kind == "sales-invoice" else base.org.input_tax)[0]
        )
        lines.append(tax)
    tax[side] += delta
    plain[side] -= delta
    return values


@_breaker("TAX007", kinds=INVOICE_KINDS, forms=("full",), registers=True)
def _tax007(draw: st.DrawFn, base: _Base) -> dict:
    # An untaxed extra (a fee outside the VAT base) booked on the revenue/charge line and in the total,
    # but never registered: the registers no longer add up to the invoice.
    values = base.values
    lines = values["accountingEntryLines"]
    extra = _small_amount(draw, base)
    plain = lines[draw(st.sampled_from(base.indexes("plain")))]
    plain[_side(plain)] += extra
    third = lines[base.indexes("third_party")[0]]
    third[_side(third)] += extra
    third["accountingEntryInvoice"]["amount"] += extra
    return values


# -- REF ---------------------------------------------------------------------------------------------


@_breaker("REF001")
def _ref001(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    known = {j.code for j in base.org.ctx.journals}
    values[base.journal_key()] = (
        next(c for c in ("XX", "JRNL", "ZZ9") if c not in known)
        if base.drawn.form == "codes"
        else base.new_id("journal")
    )
    return values


@_breaker("REF002", kinds=PLAIN_KINDS)
def _ref002(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    deactivated = [j for j in base.org.ctx.journals if j.deactivated and j.type is JournalType.FINANCIAL]
    values[base.journal_key()] = base.journal_ref(draw(st.sampled_from(deactivated)))
    return values


def _plain_account_swap(draw: st.DrawFn, base: _Base, accounts: list[str | None]) -> dict:
    values = base.values
    line = _plain_line_of(draw, values, base)
    line[base.account_key()] = draw(st.sampled_from(accounts))
    return values


@_breaker("REF003", kinds=PLAIN_KINDS)
def _ref003(draw: st.DrawFn, base: _Base) -> dict:
    known = {a.code for a in base.org.ctx.accounts}
    unknown = (
        next(c for c in ("999999", "9999999", "ZZZ") if c not in known)
        if base.drawn.form == "codes"
        else base.new_id("account")
    )
    return _plain_account_swap(draw, base, [unknown])


@_breaker("REF004", kinds=PLAIN_KINDS)
def _ref004(draw: st.DrawFn, base: _Base) -> dict:
    accounts = [
        a
        for a in base.org.ctx.accounts
        if a.account_level not in (None, AccountLevel.SUB_ACCOUNT)
        and not a.deactivated
        and (a.sub_account_type is None or a.sub_account_type.third_party_origin is None)
    ]
    return _plain_account_swap(draw, base, [base.account_ref(a) for a in accounts])


@_breaker("REF005", kinds=PLAIN_KINDS)
def _ref005(draw: st.DrawFn, base: _Base) -> dict:
    accounts = [
        a
        for a in base.org.ctx.accounts
        if a.deactivated
        and a.account_level is AccountLevel.SUB_ACCOUNT
        and (a.sub_account_type is None or a.sub_account_type.third_party_origin is None)
    ]
    return _plain_account_swap(draw, base, [base.account_ref(a) for a in accounts])


@_breaker("REF006", kinds=PLAIN_KINDS)
def _ref006(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    exercises = base.org.ctx.exercises
    closed = [e for e in exercises if e.status is ExerciseStatus.CLOSED and e.start_date and e.end_date]
    first = min(e.start_date for e in exercises if e.start_date)
    last = max(e.end_date for e in exercises if e.end_date)
    choices = ["before", "after"] + (["closed"] if closed else [])
    where = draw(st.sampled_from(choices))
    if where == "closed":
        e = draw(st.sampled_from(closed))
        assert e.start_date is not None and e.end_date is not None  # closed keeps dated exercises only
        day = e.start_date + timedelta(
            days=draw(st.integers(min_value=0, max_value=(e.end_date - e.start_date).days))
        )
    elif where == "before":
        day = first - timedelta(days=draw(st.integers(min_value=1, max_value=400)))
    else:
        day = last + timedelta(days=draw(st.integers(min_value=1, max_value=400)))
    values["date"] = day.isoformat()
    return values


@_breaker("REF007", kinds=PLAIN_KINDS, forms=("full",), legislation="DE")
def _ref007(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    deactivated = [s.id for s in base.org.ctx.sessions if s.deactivated]
    values["sessionId"] = draw(st.sampled_from(deactivated + [base.new_id("session")]))
    return values


@_breaker("REF008", legislation="DE")
def _ref008(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    del values["documentNumber"]
    return values


@_breaker("REF009", kinds=("sales-invoice-posting",), forms=("full",))
def _ref009(draw: st.DrawFn, base: _Base) -> dict:
    values = base.values
    journals = base.org.journals
    others = [
        j
        for t in (
            JournalType.PURCHASE_INVOICE,
            JournalType.GENERAL,
            JournalType.FINANCIAL,
            JournalType.CARRY_FORWARD,
        )
        for j in journals[t]
    ]
    values["journalTypeId"] = draw(st.sampled_from(others)).id
    return values


#: Every code :func:`breaking` can break (FLD, BAL, REG, TPY, INV, TAX, REF).
BREAKABLE_CODES: tuple[str, ...] = tuple(sorted(_BREAKERS))


def breaking(
    code: str,
    *,
    form: str | Iterable[str] | None = None,
    currency: str = "EUR",
    year: int | None = None,
) -> st.SearchStrategy[Scenario]:
    """``Scenario(context, input, operation)`` where the input breaks the rule ``code`` — and only it.

    The input is a valid drawn input (see :func:`scenarios`) with ONE targeted mutation: a line moved
    off balance for BAL001, a customer line's registerType flipped for REG003, an unknown journal id for
    REF001... Checking it reports ``code``, and any other code reported is in ``UNAVOIDABLE[code]``.
    Each rule is broken on the kinds and forms where it applies (e.g. TAX rules on full-form invoice
    entries with tax registers); ``form`` restricts the forms further (InvalidArgument when that leaves
    none). FLD001 returns a GraphQL request body (a document naming an unknown mutation). REF007 and
    REF008 are German rules: their contexts have ``legislationCode`` DE.
    """
    if not isinstance(code, str) or code.upper() not in _BREAKERS:
        raise InvalidArgument(f"code={code!r}: breaking() knows {', '.join(BREAKABLE_CODES)}")
    code = code.upper()
    kinds, forms, legislation, options, mutate = _BREAKERS[code]
    validate_org(legislation or "FR", currency, year)
    if form is not None:
        wanted = choices("form", form, FORMS)
        forms = tuple(f for f in forms if f in wanted)
        if not forms:
            raise InvalidArgument(
                f"{code} cannot be broken in form {form!r}: it applies to {', '.join(_BREAKERS[code][1])}"
            )

    @st.composite
    def draw_one(draw: st.DrawFn) -> Scenario:
        context, drawn = draw(
            drawn_scenarios(kinds, forms, legislation or "FR", currency.upper(), year, **options)
        )
        base = _Base(context, Org(context), drawn)
        return Scenario(context, mutate(draw, base), drawn.operation)

    return draw_one()
