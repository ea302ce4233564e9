"""Seeded, realistic batches for the benchmark suite: the documents a year of bookkeeping produces.

The organisation is the bundled example's (``examples/context.json``: Atelier Lumen SARL, a lighting
studio in Lyon — French VAT, customers in France, Belgium, Germany and the United States, suppliers in
France and Italy). Every document is VALID against that context under every rule (the smoke test and the
suite itself check it): the point is to time the common case, a clean batch, where every rule runs to
the end instead of stopping at the first fault.

What a batch holds (weights of :data:`MIX`, 3 to 5 lines per entry like real batches):

* sales invoices (``VTE``) — customer line carrying the invoice and its tax registers (one per VAT
  rate), 1–3 revenue lines on the account posting would choose for the customer's country (national,
  intra-community, export), one VAT line; exempt invoices have 2–4 revenue lines and no register;
* purchase invoices (``ACH``) — the mirror image with supplier, expense and deductible-VAT lines;
* bank entries (``BQ``) — a bank line against 2–4 customer receipts or supplier payments;
* general entries (``OD``) — payroll and cash expenses;
* a few simplified ``createAccountingEntryUsingCodes`` requests (codes instead of ids), so the
  expansion path is part of the measurement.

:func:`read_entries` writes the other input of the suite: entries as READ back from the API
(``audit``), with ids, numbers, open items on invoices, and lettering (``accountingEntryPayment``)
that joins each invoice to the bank entry that settles it — full matches (upper case, balanced),
partial ones (lower case, part paid) and unpaid invoices — valid for every LET and OIT rule.

Determinism: one :class:`random.Random` seeded by the caller drives every choice; ids are derived from
it, so the same seed gives byte-identical files. Amounts are integers of cents turned into
:class:`~decimal.Decimal` and written with their exact digits (never through float).
"""

from __future__ import annotations

import json
import random
import re
import uuid
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from ledger.books.lettering import letter_text
from ledger.books.vies import is_vies_member
from ledger.io.jsontext import loads
from ledger.money import percentage_of, round_to_minor_unit
from ledger.operations import BY_NAME

EXAMPLE_CONTEXT = Path(__file__).resolve().parent.parent / "examples" / "context.json"

CENT = Decimal("0.01")
ZERO = Decimal("0")

#: Kinds of document and their share of a batch (roughly what a small business books in a year).
MIX = (
    ("sale", 35),
    ("purchase", 25),
    ("bank", 25),
    ("general", 10),
    ("codes", 5),
)
#: The share of read invoices settled in full, in part, or not at all (``audit``).
SETTLEMENT_MIX = (("full", 85), ("partial", 10), ("unpaid", 5))

QUERY_FULL = BY_NAME["createAccountingEntry"].request_query("values")
QUERY_CODES = BY_NAME["createAccountingEntryUsingCodes"].request_query("values")

YEAR = 2025  # the example's open fiscal year
_SALE_LABELS = (
    "étude d'éclairage",
    "pose de luminaires",
    "suspensions Lumen",
    "appliques verre",
    "rénovation de l'éclairage",
    "maintenance annuelle",
    "rails et spots LED",
)
_PURCHASE_LABELS = (
    "luminaires LED",
    "câbles et drivers",
    "verrerie soufflée",
    "abonnement fibre",
    "affranchissement",
    "visserie et fixations",
    "transformateurs",
)


def cents(value: int) -> Decimal:
    """An amount from an integer of cents: ``182467`` -> ``Decimal('1824.67')``, 0 -> ``0``."""
    return ZERO if value == 0 else Decimal(value).scaleb(-2)


def vat(base: Decimal, rate: Decimal) -> Decimal:
    """``base × rate / 100`` rounded half-up to the cent: TAX002's own computation (its default mode)."""
    return round_to_minor_unit(percentage_of(base, rate), "EUR")


class Organisation:
    """The reference data the generator needs, looked up once in a context dict by code.

    The context must be the bundled example's (or one with the same codes): the generator picks
    accounts, journals and third parties by the codes below and refuses a context that lacks them.
    """

    def __init__(self, context: dict):
        self.context = context
        journals = {j["code"]: j["id"] for j in context["journalTypes"]}
        accounts = {a["code"]: a["id"] for a in context["accountingAccounts"]}
        try:
            self.journal = {code: journals[code] for code in ("VTE", "ACH", "OD", "BQ")}
            self.account = {
                code: accounts[code]
                for code in (
                    "401000",
                    "411000",
                    "421000",
                    "445660",
                    "445710",
                    "512000",
                    "530000",
                    "607000",
                    "626000",
                    "641000",
                    "706000",
                    "707000",
                    "707100",
                    "707200",
                )
            }
        except KeyError as missing:
            raise ValueError(f"the benchmark needs the example organisation; {missing} is missing") from None
        self.account_code = {a["id"]: a["code"] for a in context["accountingAccounts"]}
        self.customers = list(context["customers"])
        self.suppliers = list(context["suppliers"])
        self.employees = list(context["employees"])
        self.treatment = {t["registerType"]: t for t in context["taxTreatments"]}
        self.taxes = {}  # (registerType, percentage) -> tax record
        for register_type, treatment in self.treatment.items():
            for tax in context["taxes"]:
                if tax["groupId"] == treatment["taxGroupId"]:
                    self.taxes[register_type, Decimal(str(tax["percentage"]))] = tax
        self.legislation = context["organization"]["legislationCode"]

    def revenue_accounts(self, customer: dict, on: date) -> tuple[tuple[str, ...], bool]:
        """(revenue account codes posting accepts for the customer, whether VAT applies)."""
        country = customer.get("countryAcronym")
        if country == self.legislation:
            return ("706000", "707000"), True
        if country and is_vies_member(country, on):
            return ("707100",), False
        return ("707200",), False

    def expense_accounts(self, supplier: dict) -> tuple[tuple[str, ...], bool]:
        if supplier.get("countryAcronym") == self.legislation:
            return ("607000", "626000"), True
        return ("607000",), False  # intra-community acquisition, invoiced without VAT


def load_example_context(path: Path | str = EXAMPLE_CONTEXT) -> dict:
    """The context dict, read exactly (numbers as Decimals, as ``--context`` reads it)."""
    return loads(Path(path).read_text(encoding="utf-8"))


def third_party(record: dict, origin: str) -> dict:
    """``accountingEntryThirdParty`` copied from the record (TPY002, TPY006)."""
    return {
        "thirdPartyId": record["id"],
        "socialName": record.get("socialName") or record.get("name"),
        "code": record["code"],
        "origin": origin,
        "identificationTypeId": record["documentTypeId"],
        "documentId": record["documentId"],
    }


class Generator:
    """Draws documents for one organisation from one seeded random source."""

    def __init__(self, organisation: Organisation, seed: int = 0):
        self.org = organisation
        self.rng = random.Random(seed)
        self.counters: dict[str, int] = {}
        kinds, weights = zip(*MIX)
        self._kinds, self._weights = kinds, weights

    # -- small draws ----------------------------------------------------------------------------

    def _next(self, series: str) -> int:
        self.counters[series] = self.counters.get(series, 0) + 1
        return self.counters[series]

    def _date(self) -> date:
        return date(YEAR, 1, 1) + timedelta(days=self.rng.randrange(365))

    def _amount(self, low: int = 1_000, high: int = 500_000) -> Decimal:
        return cents(self.rng.randrange(low, high))

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    @staticmethod
    def _line(
        account_id: str,
        description: str,
        debit: Decimal = ZERO,
        credit: Decimal = ZERO,
        register: str = "UNDEFINED",
    ) -> dict:
        return {
            "description": description,
            "debitAmount": debit,
            "creditAmount": credit,
            "subAccountId": account_id,
            "registerType": register,
        }

    @staticmethod
    def _entry(day: date, journal_id: str, description: str, number: str, lines: list) -> dict:
        return {
            "entryType": "GENERAL",
            "date": day.isoformat(),
            "journalTypeId": journal_id,
            "description": description,
            "documentNumber": number,
            "accountingEntryLines": lines,
        }

    # -- kinds ----------------------------------------------------------------------------------

    def invoice(self, sale: bool) -> tuple[dict, dict, Decimal]:
        """(entry values, third-party record, invoice total) for a sales or purchase invoice."""
        org, rng = self.org, self.rng
        day = self._date()
        if sale:
            party = rng.choice(org.customers)
            accounts, taxed = org.revenue_accounts(party, day)
            origin, register, journal = "CUSTOMER", "ISSUED", "VTE"
            party_account, tax_account = "411000", "445710"
            number = f"FA-{YEAR}-{self._next('sale'):06d}"
            labels = _SALE_LABELS
        else:
            party = rng.choice(org.suppliers)
            accounts, taxed = org.expense_accounts(party)
            origin, register, journal = "SUPPLIER", "RECEIVED", "ACH"
            party_account, tax_account = "401000", "445660"
            number = f"{party['code'][:3]}-{YEAR % 100}-{self._next('purchase:' + party['code']):05d}"
            labels = _PURCHASE_LABELS
        items = rng.randint(1, 3) if taxed else rng.randint(2, 4)
        bases: dict[Decimal, Decimal] = {}
        item_lines = []
        for _ in range(items):
            base = self._amount()
            label = rng.choice(labels)
            if taxed:
                rate = rng.choice((Decimal("20"), Decimal("20"), Decimal("10"), Decimal("5.5")))
                bases[rate] = bases.get(rate, ZERO) + base
            item_lines.append(
                self._line(
                    org.account[rng.choice(accounts)],
                    f"{number} {label}",
                    **({"credit": base} if sale else {"debit": base}),
                )
            )
        registers = [(rate, base, vat(base, rate)) for rate, base in bases.items()]
        total_tax = sum((amount for _, _, amount in registers), ZERO)
        total = (
            sum((base for base in bases.values()), ZERO)
            if taxed
            else sum((line["creditAmount" if sale else "debitAmount"] for line in item_lines), ZERO)
        )
        total += total_tax
        operation = day - timedelta(days=rng.randrange(4))
        invoice: dict[str, Any] = {
            "documentDate": day.isoformat(),
            "expeditionDate": operation.isoformat(),
            "operationDate": operation.isoformat(),
            "settlementDate": day.isoformat(),
            "externalInvoiceNumber": number,
            "amount": total,
            "registerType": register,
        }
        if registers:
            treatment = org.treatment[register]
            invoice["accountingEntryTaxes"] = [
                {
                    "taxTreatmentId": treatment["id"],
                    "taxGroupId": treatment["taxGroupId"],
                    "taxType": "TVA",
                    "taxId": org.taxes[register, rate]["id"],
                    "taxPercentage": rate,
                    "taxBase": base,
                    "taxAmount": amount,
                    "deductible": not sale,
                    "regimeType": "GENERAL",
                }
                for rate, base, amount in registers
            ]
        name = party["socialName"]
        description = f"Facture {number} {name}"
        head = self._line(
            org.account[party_account],
            description,
            **({"debit": total} if sale else {"credit": total}),
            register=register,
        )
        head["accountingEntryThirdParty"] = third_party(party, origin)
        head["accountingEntryInvoice"] = invoice
        lines = [head, *item_lines]
        if total_tax:
            label = "TVA collectée" if sale else "TVA déductible"
            lines.append(
                self._line(
                    org.account[tax_account],
                    f"{number} {label}",
                    **({"credit": total_tax} if sale else {"debit": total_tax}),
                )
            )
        return self._entry(day, org.journal[journal], description, number, lines), party, total

    def bank(self, settlements: list[tuple[dict, str, Decimal]] | None = None) -> dict:
        """A bank statement entry: 2–4 receipts (or payments) and the bank line.

        ``settlements`` = (third-party record, origin, amount) pairs to settle; drawn when None.
        """
        org, rng = self.org, self.rng
        day = self._date()
        if settlements is None:
            receipts = rng.random() < 0.6
            pool = org.customers if receipts else org.suppliers
            parties = rng.sample(pool, min(len(pool), rng.randint(2, 4)))
            origin = "CUSTOMER" if receipts else "SUPPLIER"
            settlements = [(party, origin, self._amount()) for party in parties]
        receipts = settlements[0][1] == "CUSTOMER"
        number = f"VIR-{day:%y%m%d}-{self._next('bank'):05d}"
        lines = []
        for party, origin, amount in settlements:
            account = org.account["411000" if origin == "CUSTOMER" else "401000"]
            what = "Règlement reçu" if receipts else "Règlement"
            line = self._line(
                account,
                f"{what} {party['socialName']}",
                **({"credit": amount} if receipts else {"debit": amount}),
            )
            line["accountingEntryThirdParty"] = third_party(party, origin)
            lines.append(line)
        total = sum((amount for _, _, amount in settlements), ZERO)
        bank_line = self._line(
            org.account["512000"],
            "Relevé Banque CIC Lyon",
            **({"debit": total} if receipts else {"credit": total}),
        )
        lines.insert(0 if receipts else len(lines), bank_line)
        label = "Encaissements clients" if receipts else "Règlements fournisseurs"
        return self._entry(day, org.journal["BQ"], f"{label} {day:%d/%m/%Y}", number, lines)

    def general(self) -> dict:
        org, rng = self.org, self.rng
        day = self._date()
        if rng.random() < 0.5:
            employee = rng.choice(org.employees)
            number = f"PAIE-{YEAR}-{self._next('payroll'):05d}"
            salary, bonus = self._amount(150_000, 400_000), self._amount(5_000, 60_000)
            net = salary + bonus
            lines = [
                self._line(org.account["641000"], "Salaire de base", debit=salary),
                self._line(org.account["641000"], "Prime", debit=bonus),
            ]
            net_line = self._line(org.account["421000"], f"Net à payer {employee['name']}", credit=net)
            net_line["accountingEntryThirdParty"] = third_party(employee, "EMPLOYEE")
            lines.append(net_line)
            return self._entry(day, org.journal["OD"], f"Paie {day:%m/%Y} {employee['name']}", number, lines)
        number = f"CAISSE-{YEAR}-{self._next('cash'):05d}"
        expenses = [self._amount(100, 20_000) for _ in range(rng.randint(2, 4))]
        lines = [
            self._line(
                org.account[rng.choice(("626000", "607000"))], "Dépense payée en espèces", debit=amount
            )
            for amount in expenses
        ]
        lines.append(self._line(org.account["530000"], "Sortie de caisse", credit=sum(expenses, ZERO)))
        return self._entry(day, org.journal["OD"], f"Dépenses de caisse {day:%d/%m/%Y}", number, lines)

    def codes(self) -> dict:
        """A simplified ``createAccountingEntryUsingCodes`` bank receipt (codes, no ids)."""
        rng = self.rng
        day = self._date()
        parties = rng.sample(self.org.customers, rng.randint(2, 4))
        number = f"REM-{day:%y%m%d}-{self._next('codes'):05d}"
        lines = []
        total = ZERO
        for party in parties:
            amount = self._amount()
            total += amount
            lines.append(
                {
                    "subAccountCode": "411000",
                    "thirdCode": party["code"],
                    "description": f"Règlement {party['socialName']}",
                    "debitAmount": ZERO,
                    "creditAmount": amount,
                }
            )
        lines.insert(
            0,
            {
                "subAccountCode": "512000",
                "description": "Remise de chèques",
                "debitAmount": total,
                "creditAmount": ZERO,
            },
        )
        return {
            "date": day.isoformat(),
            "journalTypeCode": "BQ",
            "documentDate": day.isoformat(),
            "documentNumber": number,
            "description": f"Remise de chèques {day:%d/%m/%Y}",
            "accountingEntryLines": lines,
        }

    def request(self) -> dict:
        """One GraphQL request body, of a kind drawn by :data:`MIX`."""
        kind = self.rng.choices(self._kinds, self._weights)[0]
        if kind == "codes":
            return {"query": QUERY_CODES, "variables": {"values": self.codes()}}
        if kind in ("sale", "purchase"):
            values = self.invoice(kind == "sale")[0]
        elif kind == "bank":
            values = self.bank()
        else:
            values = self.general()
        return {"query": QUERY_FULL, "variables": {"values": values}}


def requests(count: int, *, seed: int = 0, context: dict | None = None) -> Iterator[dict]:
    """``count`` GraphQL request bodies (dicts, amounts as Decimal), valid for ``context``."""
    generator = Generator(Organisation(context or load_example_context()), seed)
    for _ in range(count):
        yield generator.request()


# -- entries as read from the API, with lettering (audit) -------------------------------------------


class _ReadLedger:
    """Turns generated entries into READ entries: ids, numbers, open items, lettering."""

    def __init__(self, generator: Generator):
        self.g = generator
        self.number = 0
        self.letters: dict[tuple[str, str], int] = {}  # (account, third party) -> last letter index
        # Invoices awaiting their bank entry: (record, origin, settled amount, payment block).
        self.pending: dict[str, list[tuple[dict, str, Decimal, dict]]] = {"CUSTOMER": [], "SUPPLIER": []}

    def _letter(self, account: str, party: str, full: bool) -> dict:
        key = (account, party)
        index = self.letters[key] = self.letters.get(key, 0) + 1
        return {
            "id": self.g._uuid(),
            "matching": "FULL_MATCH" if full else "PARTIAL_MATCH",
            "matchingLetter": letter_text(index, full=full),
            "matchId": self.g._uuid(),
        }

    def _stamp(self, values: dict) -> dict:
        self.number += 1
        for line in values["accountingEntryLines"]:
            line["id"] = self.g._uuid()
        return {"id": self.g._uuid(), "number": Decimal(self.number), **values}

    def invoice(self, sale: bool) -> dict:
        g = self.g
        values, party, total = g.invoice(sale)
        head = values["accountingEntryLines"][0]
        invoice = head["accountingEntryInvoice"]
        fate = g.rng.choices(*zip(*SETTLEMENT_MIX))[0]
        paid = {"full": total, "partial": (total * g.rng.randint(2, 8) / 10).quantize(CENT), "unpaid": ZERO}[
            fate
        ]
        origin = "CUSTOMER" if sale else "SUPPLIER"
        status = (
            "NOT_SPECIFIED" if paid == 0 else "PARTIAL" if paid < total else "COLLECTED" if sale else "PAID"
        )
        due = date.fromisoformat(invoice["documentDate"]) + timedelta(days=30)
        invoice["id"] = g._uuid()
        invoice["openItems"] = [
            {
                "id": g._uuid(),
                "amount": total,
                "paidAmountAccumulated": paid,
                "status": status,
                "dueDate": due.isoformat(),
            }
        ]
        if paid:
            payment = self._letter(head["subAccountId"], party["id"], full=paid == total)
            head["accountingEntryPayment"] = payment
            self.pending[origin].append((party, origin, paid, payment))
        return self._stamp(values)

    def settlement(self, origin: str, take: int) -> dict:
        queue = self.pending[origin]
        chosen, self.pending[origin] = queue[:take], queue[take:]
        values = self.g.bank([(party, o, amount) for party, o, amount, _ in chosen])
        settled = [line for line in values["accountingEntryLines"] if "accountingEntryThirdParty" in line]
        for line, (_, _, _, payment) in zip(settled, chosen):
            line["accountingEntryPayment"] = {**payment, "id": self.g._uuid()}
        return self._stamp(values)

    def entries(self, count: int) -> Iterator[dict]:
        g = self.g
        for position in range(count):
            left = count - position
            backlog = [o for o in ("CUSTOMER", "SUPPLIER") if self.pending[o]]
            # Near the end, settle what is still pending so every lettering group is complete.
            flush = sum(-(-len(self.pending[o]) // 4) for o in backlog)
            if backlog and (
                flush >= left or any(len(self.pending[o]) >= 4 for o in backlog) and g.rng.random() < 0.5
            ):
                origin = max(backlog, key=lambda o: len(self.pending[o]))
                yield self.settlement(origin, min(4, max(2, g.rng.randint(2, 4))))
                continue
            kind = g.rng.choices(("sale", "purchase", "general"), (45, 30, 15))[0]
            if kind == "general":
                yield self._stamp(g.general())
            else:
                yield self.invoice(kind == "sale")


def read_entries(count: int, *, seed: int = 0, context: dict | None = None) -> Iterator[dict]:
    """``count`` accounting entries as read from the API, lettered consistently (see the module doc)."""
    generator = Generator(Organisation(context or load_example_context()), seed)
    yield from _ReadLedger(generator).entries(count)


# -- writing ----------------------------------------------------------------------------------------

_MARK = "@@n:"
_RAW = re.compile('"' + re.escape(_MARK) + r'(-?[0-9][0-9.]*)"')


def _number(value: Any) -> str:
    if isinstance(value, Decimal):
        return _MARK + str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable here")


def to_json(value: Any) -> str:
    """One line of JSON with every Decimal written with its exact digits (C encoder + one regex)."""
    return _RAW.sub(r"\1", json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=_number))


def write_jsonl(documents: Iterable[Any], stream: IO[bytes]) -> int:
    """Write one document per line; returns the count."""
    count = 0
    for document in documents:
        stream.write(to_json(document).encode("utf-8"))
        stream.write(b"\n")
        count += 1
    return count


def jsonl_to_array(source: Path, target: Path) -> None:
    """The same documents as ONE JSON array, element bytes identical to the lines (streamed copy)."""
    with open(source, "rb") as lines, open(target, "wb") as out:
        out.write(b"[\n")
        first = True
        for line in lines:
            if not first:
                out.write(b",\n")
            out.write(line.rstrip(b"\n"))
            first = False
        out.write(b"\n]\n")


# -- the same entries for other tools (hledger, ledger, beancount) ----------------------------------


def _postings(values: dict, org: Organisation) -> list[tuple[str, Decimal]]:
    out = []
    for line in values["accountingEntryLines"]:
        code = line.get("subAccountCode") or org.account_code[line["subAccountId"]]
        out.append((code, line["debitAmount"] - line["creditAmount"]))
    return out


def _journal(documents: Iterable[dict], org: Organisation, head: str, posting: str) -> Iterator[str]:
    """The entries as text: ``head`` per entry (``{date}``, ``{number}``), ``posting`` per line
    (``{code}``, ``{amount}``), a blank line after each; the one walk both tools' formats share."""
    for document in documents:
        values = document["variables"]["values"]
        yield head.format(date=values["date"], number=values["documentNumber"])
        for code, amount in _postings(values, org):
            yield posting.format(code=code, amount=amount)
        yield "\n"


def plain_text_journal(documents: Iterable[dict], context: dict | None = None) -> Iterator[str]:
    """The entries in the ledger / hledger journal format (one transaction per entry)."""
    org = Organisation(context or load_example_context())
    yield from _journal(documents, org, "{date} {number}\n", "    a{code}    {amount} EUR\n")


def beancount_journal(documents: Iterable[dict], context: dict | None = None) -> Iterator[str]:
    """The entries in beancount's format (every account opened on the first day of the year)."""
    org = Organisation(context or load_example_context())
    for code in sorted(set(org.account_code.values())):
        yield f"{YEAR}-01-01 open Assets:A{code} EUR\n"
    yield "\n"
    yield from _journal(documents, org, '{date} * "{number}"\n', "  Assets:A{code}  {amount} EUR\n")
