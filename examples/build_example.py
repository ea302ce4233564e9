#!/usr/bin/env python3
"""Build the bundled example: Atelier Lumen SARL, a small lighting studio in Lyon.

Writes, next to this script:

* ``context.json``  -- the organisation's reference data (the ``--context`` file);
* ``batch.json``    -- a JSON array of GraphQL request bodies, one accounting entry each;
* ``expected.json`` -- the mistakes planted in ``batch.json``: ``{document, code, path}``.

Standard library only, and deterministic: every id is ``uuid5`` over a readable name, every amount is
computed with :class:`decimal.Decimal` and written as a JSON number with its exact digits (never through
float), so running the script twice gives byte-identical files::

    python examples/build_example.py
"""

from __future__ import annotations

import json
import re
import uuid
from collections import OrderedDict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------------------
# Ids and numbers
# --------------------------------------------------------------------------------------------------

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://ledger-rules.invalid/examples/atelier-lumen")


def uid(kind: str, name: str) -> str:
    """A stable UUID for the record ``kind/name`` (e.g. ``account/411000``)."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}/{name}"))


D = Decimal
CENT = D("0.01")
ZERO = D("0")


class Raw:
    """A JSON number written with exactly the digits given (no float on the way)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        if not re.fullmatch(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?", text):
            raise ValueError(f"not a JSON number: {text!r}")
        self.text = text


def money(value: Decimal) -> Raw:
    """An amount: ``0`` for zero, else exactly two decimals (``1824.67``, ``2480.00``).

    An amount that carries more than two decimals keeps them all: that is the BAL006 mistake.
    """
    if value == 0:
        return Raw("0")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent >= -2:
        return Raw(f"{value.quantize(CENT):f}")
    return Raw(f"{value:f}")


def pct(value: Decimal) -> Raw:
    """A percentage as written by the API: ``20``, ``10``, ``5.5``, ``2.1``."""
    return Raw(f"{value:f}")


def vat(base: Decimal, rate: Decimal) -> Decimal:
    """``base × rate / 100`` rounded half-up to the cent (the rule TAX002 checks)."""
    return (base * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)


_MARK = "@@ledger-rules-raw-number@@"


def _default(obj: object) -> str:
    if isinstance(obj, Raw):
        return _MARK + obj.text
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable here (amounts go through money())")


def dumps(data: object) -> str:
    text = json.dumps(data, indent=2, ensure_ascii=False, default=_default)
    return re.sub('"' + re.escape(_MARK) + r'(-?[0-9.]+)"', r"\1", text) + "\n"


# --------------------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------------------

# Document types of the FR legislation (D34): 01 SIRET, 02 TVA intracommunautaire, 06 autre document.
DOC_SIRET = uid("documentType", "FR-01-SIRET")
DOC_VAT = uid("documentType", "FR-02-TVA-INTRACOMMUNAUTAIRE")
DOC_OTHER = uid("documentType", "FR-06-AUTRE")

JOURNALS = [
    # code, name, type, deactivated
    ("VTE", "Ventes", "SALES_INVOICE", False),
    ("ACH", "Achats", "PURCHASE_INVOICE", False),
    ("OD", "Opérations diverses", "GENERAL", False),
    ("BQ", "Banque CIC Lyon", "FINANCIAL", False),
    ("AN", "À-nouveaux", "CARRY_FORWARD", False),
    ("BP", "Banque Populaire (compte clôturé)", "FINANCIAL", True),
]

ACCOUNTS = [
    # code, name, accountLevel, subAccountType, deactivated
    ("101000", "Capital", "SUB_ACCOUNT", "CAPITAL", False),
    ("120000", "Résultat de l'exercice (bénéfice)", "SUB_ACCOUNT", "RESULT_BALANCE_SHEET", False),
    ("401000", "Fournisseurs", "SUB_ACCOUNT", "PROVIDER", False),
    ("41", "Clients et comptes rattachés", "ACCOUNT", "UNDEFINED", False),
    ("411000", "Clients", "SUB_ACCOUNT", "CUSTOMER", False),
    ("421000", "Personnel - rémunérations dues", "SUB_ACCOUNT", "EMPLOYEE", False),
    ("445660", "TVA déductible sur autres biens et services", "SUB_ACCOUNT", "INPUT_TAX", False),
    ("445710", "TVA collectée", "SUB_ACCOUNT", "OUTPUT_TAX", False),
    ("512000", "Banque CIC Lyon", "SUB_ACCOUNT", "BANK", False),
    ("512100", "Banque Populaire (compte clôturé)", "SUB_ACCOUNT", "BANK", True),
    ("530000", "Caisse", "SUB_ACCOUNT", "CASH", False),
    ("607000", "Achats de marchandises", "SUB_ACCOUNT", "CHARGE", False),
    ("626000", "Frais postaux et de télécommunications", "SUB_ACCOUNT", "CHARGE", False),
    ("641000", "Rémunérations du personnel", "SUB_ACCOUNT", "CHARGE", False),
    ("706000", "Prestations de services", "SUB_ACCOUNT", "REVENUE", False),
    ("707000", "Ventes de marchandises", "SUB_ACCOUNT", "REVENUE", False),
    ("707100", "Ventes de marchandises - intracommunautaires", "SUB_ACCOUNT", "REVENUE", False),
    ("707200", "Ventes de marchandises - export", "SUB_ACCOUNT", "REVENUE", False),
]

CUSTOMERS = [
    # code, socialName, documentTypeId, documentId, countryAcronym, vatNumber
    ("HOTCELESTINS", "Hôtel des Célestins SAS", DOC_SIRET, "83291745400015", "FR", "FR73832917454"),
    ("SCITILLEULS", "SCI Les Tilleuls", DOC_SIRET, "79154362200025", "FR", None),
    ("VERHAEGEN", "Maison Verhaegen SRL", DOC_VAT, "BE0481926781", "BE", "BE0481926781"),
    ("LICHTHAUSKOELN", "Lichthaus Köln GmbH", DOC_VAT, "DE813264591", "DE", "DE813264591"),
    ("BRIGHTLINE", "Brightline Studio Inc.", DOC_OTHER, "84-2917365", "US", None),
]

SUPPLIERS = [
    ("ELECTRORHONE", "Électro Distribution Rhône SAS", DOC_SIRET, "51238476900034", "FR", "FR72512384769"),
    ("RHONETELECOM", "Rhône Télécom Services SAS", DOC_SIRET, "88420913100017", "FR", "FR27884209131"),
    ("MURANOLUCE", "Vetreria Muranese Luce S.r.l.", DOC_VAT, "IT04182750267", "IT", "IT04182750267"),
]

EMPLOYEES = [
    # code, name, documentTypeId, documentId (NIR)
    ("SAL001", "Camille Rousseau", DOC_OTHER, "291036938112714"),
]

RATES = [D("20"), D("10"), D("5.5"), D("2.1")]

PRODUCTS = [
    # code, sales account
    ("ETUDE-ECLAIRAGE", "706000"),
    ("POSE-LUMINAIRES", "706000"),
    ("SUSPENSION-LUMEN", "707000"),
    ("APPLIQUE-VERRE", "707000"),
]

YEARS = {2024: "CLOSED", 2025: "OPEN", 2026: "OPEN"}

MONTH_END = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def month_end(year: int, month: int) -> int:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else MONTH_END[month - 1]


def third_record(kind: str, row: tuple) -> dict:
    code, social_name, doc_type, doc_id, country, vat_number = row
    record = OrderedDict(
        id=uid(kind, code),
        code=code,
        socialName=social_name,
        documentTypeId=doc_type,
        documentId=doc_id,
        countryAcronym=country,
    )
    if vat_number:
        record["vatNumber"] = vat_number
    return record


def account_id(code: str) -> str:
    return uid("account", code)


def journal_id(code: str) -> str:
    return uid("journal", code)


TREATMENTS = {
    # registerType -> (treatment id, tax group id)
    "ISSUED": (uid("taxTreatment", "TVA-VENTES-FR"), uid("taxGroup", "TVA-VENTES-FR")),
    "RECEIVED": (uid("taxTreatment", "TVA-ACHATS-FR"), uid("taxGroup", "TVA-ACHATS-FR")),
}


def tax_id(register_type: str, rate: Decimal) -> str:
    return uid("tax", f"{register_type}-{rate}")


def build_context() -> dict:
    exercises = []
    for year, status in YEARS.items():
        exercises.append(
            OrderedDict(
                id=uid("exercise", str(year)),
                startDate=f"{year}-01-01",
                endDate=f"{year}-12-31",
                status=status,
                periods=[
                    OrderedDict(
                        startDate=f"{year}-{month:02d}-01",
                        endDate=f"{year}-{month:02d}-{month_end(year, month):02d}",
                        isClosed=status == "CLOSED",
                    )
                    for month in range(1, 13)
                ],
            )
        )

    taxes = []
    for register_type, (_treatment, group) in TREATMENTS.items():
        for rate in RATES:
            taxes.append(
                OrderedDict(
                    id=tax_id(register_type, rate), groupId=group, percentage=pct(rate), taxType="TVA"
                )
            )

    posted_invoice = uid("salesInvoice", "FA-2025-0008")
    return OrderedDict(
        organization=OrderedDict(
            legislationCode="FR",
            currency="EUR",
            accountingSetup=OrderedDict(
                defaultSaleProductsAccountId=account_id("707000"),
                intracommunityAccountId=account_id("707100"),
                foreignAccountId=account_id("707200"),
                defaultPurchaseProductsAccountId=account_id("607000"),
                defaultCustomersAccountId=account_id("411000"),
                defaultSuppliersAccountId=account_id("401000"),
            ),
        ),
        journalTypes=[
            OrderedDict(id=journal_id(code), code=code, name=name, type=type_, deactivated=deactivated)
            for code, name, type_, deactivated in JOURNALS
        ],
        accountingAccounts=[
            OrderedDict(
                id=account_id(code),
                code=code,
                name=name,
                accountLevel=level,
                subAccountType=sub_type,
                deactivated=deactivated,
            )
            for code, name, level, sub_type, deactivated in ACCOUNTS
        ],
        customers=[third_record("customer", row) for row in CUSTOMERS],
        suppliers=[third_record("supplier", row) for row in SUPPLIERS],
        employees=[
            OrderedDict(
                id=uid("employee", code), code=code, name=name, documentTypeId=doc_type, documentId=doc_id
            )
            for code, name, doc_type, doc_id in EMPLOYEES
        ],
        taxTreatments=[
            OrderedDict(id=treatment, taxGroupId=group, taxType="TVA", registerType=register_type)
            for register_type, (treatment, group) in TREATMENTS.items()
        ],
        taxes=taxes,
        products=[
            OrderedDict(id=uid("product", code), code=code, salesAccountingAccountId=account_id(account))
            for code, account in PRODUCTS
        ],
        accountingExercises=exercises,
        sessions=[
            OrderedDict(id=uid("session", "Principale"), name="Principale", deactivated=False, isDefault=True)
        ],
        paymentMethods=[
            OrderedDict(
                id=uid("paymentMethod", "CIC-LYON"),
                type="BANK_ACCOUNT",
                journalTypeId=journal_id("BQ"),
                subAccountId=account_id("512000"),
            )
        ],
        openItems=[
            # The posted sales invoice FA-2025-0008 (SCI Les Tilleuls, 2 530.00), in two instalments.
            OrderedDict(
                id=uid("openItem", "FA-2025-0008/1"),
                amount=money(D("1265.00")),
                paidAmountAccumulated=money(D("500.00")),
                status="PARTIAL",
                dueDate="2025-08-31",
                thirdPartyId=uid("customer", "SCITILLEULS"),
                ledger="SALES",
                invoicePosted=True,
            ),
            OrderedDict(
                id=uid("openItem", "FA-2025-0008/2"),
                amount=money(D("1265.00")),
                paidAmountAccumulated=money(ZERO),
                status="NOT_SPECIFIED",
                dueDate="2025-09-30",
                thirdPartyId=uid("customer", "SCITILLEULS"),
                ledger="SALES",
                invoicePosted=True,
            ),
            # A supplier invoice of Électro Distribution Rhône, still unpaid.
            OrderedDict(
                id=uid("openItem", "EDR-25-00987/1"),
                amount=money(D("1014.36")),
                paidAmountAccumulated=money(ZERO),
                status="NOT_SPECIFIED",
                dueDate="2025-06-30",
                thirdPartyId=uid("supplier", "ELECTRORHONE"),
                ledger="PURCHASE",
                invoicePosted=True,
            ),
        ],
        salesInvoices=[
            OrderedDict(
                id=uid("salesInvoice", "FA-2025-0009"),
                status="Closed",
                customerId=uid("customer", "HOTCELESTINS"),
            ),
            OrderedDict(id=posted_invoice, status="Posted", customerId=uid("customer", "SCITILLEULS")),
        ],
    )


# --------------------------------------------------------------------------------------------------
# Accounting entries
# --------------------------------------------------------------------------------------------------

QUERY_FULL = (
    "mutation ($values: AccountingEntryCreateGLDtoInput!) "
    "{ createAccountingEntry(input: $values) { id number } }"
)
QUERY_CODES = (
    "mutation ($values: AccountingEntryCreateUsingCodesGLDtoInput!) "
    "{ createAccountingEntryUsingCodes(input: $values) { id number } }"
)

CUSTOMER = {row[0]: third_record("customer", row) for row in CUSTOMERS}
SUPPLIER = {row[0]: third_record("supplier", row) for row in SUPPLIERS}
EMPLOYEE = {
    code: OrderedDict(
        id=uid("employee", code), code=code, name=name, documentTypeId=doc_type, documentId=doc_id
    )
    for code, name, doc_type, doc_id in EMPLOYEES
}


def third_party(origin: str, code: str) -> dict:
    """``accountingEntryThirdParty`` filled from the record, as seed 001 says (D28)."""
    if origin == "CUSTOMER":
        record, name = CUSTOMER[code], CUSTOMER[code]["socialName"]
    elif origin == "SUPPLIER":
        record, name = SUPPLIER[code], SUPPLIER[code]["socialName"]
    else:
        record, name = EMPLOYEE[code], EMPLOYEE[code]["name"]
    return OrderedDict(
        thirdPartyId=record["id"],
        socialName=name,
        code=record["code"],
        origin=origin,
        identificationTypeId=record["documentTypeId"],
        documentId=record["documentId"],
    )


def line(
    account: str,
    description: str | None,
    debit: Decimal = ZERO,
    credit: Decimal = ZERO,
    *,
    register: str = "UNDEFINED",
    third: dict | None = None,
    invoice: dict | None = None,
    description_key: str = "description",
) -> dict:
    out = OrderedDict()
    if description is not None:
        out[description_key] = description
    out["debitAmount"] = money(debit)
    out["creditAmount"] = money(credit)
    out["subAccountId"] = account_id(account)
    out["registerType"] = register
    if third is not None:
        out["accountingEntryThirdParty"] = third
    if invoice is not None:
        out["accountingEntryInvoice"] = invoice
    return out


def entry(date: str, journal: str, description: str, document_number: str, lines: list) -> dict:
    return OrderedDict(
        entryType="GENERAL",
        date=date,
        journalTypeId=journal_id(journal),
        description=description,
        documentNumber=document_number,
        accountingEntryLines=lines,
    )


def request(values: dict, query: str = QUERY_FULL) -> dict:
    return OrderedDict(query=query, variables=OrderedDict(values=values))


def invoice_entry(
    kind: str,
    *,
    date: str,
    party: str,
    number: str,
    description: str,
    items: list[tuple[str, str, Decimal | None, str]],
    registers: bool = True,
    operation_date: str | None = None,
    expedition_date: str | None = None,
    invoice_amount: Decimal | None = None,
    tax_amount_override: Decimal | None = None,
    item_shortfall: Decimal = ZERO,
) -> dict:
    """A sales (``kind='sale'``) or purchase (``kind='purchase'``) invoice entry.

    ``items`` = ``(account, base, rate, label)``: one revenue/expense line each; ``rate`` None = no VAT
    (intracommunity or export). One register per VAT rate, on the summed base of that rate; one VAT line.
    The keyword arguments after ``registers`` exist only to plant the example's mistakes.
    """
    sale = kind == "sale"
    origin, register_type = ("CUSTOMER", "ISSUED") if sale else ("SUPPLIER", "RECEIVED")
    journal, party_account, tax_account = ("VTE", "411000", "445710") if sale else ("ACH", "401000", "445660")
    treatment, group = TREATMENTS[register_type]

    bases: OrderedDict[Decimal, Decimal] = OrderedDict()
    for _account, base, rate, _label in items:
        if rate is not None:
            bases[rate] = bases.get(rate, ZERO) + D(base)
    taxes = []
    for rate, base in bases.items():
        amount = vat(base, rate) if tax_amount_override is None else tax_amount_override
        taxes.append((rate, base, amount))

    total_base = sum((D(base) for _a, base, _r, _l in items), ZERO)
    total_tax = sum((amount for _r, _b, amount in taxes), ZERO)
    total = total_base + total_tax

    invoice = OrderedDict(
        documentDate=date,
        expeditionDate=expedition_date or date,
        operationDate=operation_date or date,
        settlementDate=date,
        externalInvoiceNumber=number,
        amount=money(total if invoice_amount is None else invoice_amount),
        registerType=register_type,
    )
    if registers and taxes:
        invoice["accountingEntryTaxes"] = [
            OrderedDict(
                taxTreatmentId=treatment,
                taxGroupId=group,
                taxType="TVA",
                taxId=tax_id(register_type, rate),
                taxPercentage=pct(rate),
                taxBase=money(base),
                taxAmount=money(amount),
                deductible=not sale,
                regimeType="GENERAL",
            )
            for rate, base, amount in taxes
        ]

    party_side = {"debit": total} if sale else {"credit": total}
    lines = [
        line(
            party_account,
            description,
            **party_side,
            register=register_type,
            third=third_party(origin, party),
            invoice=invoice,
        )
    ]
    for index, (account, base, _rate, label) in enumerate(items):
        amount = D(base) - (item_shortfall if index == 0 else ZERO)
        lines.append(
            line(account, f"{number} {label}", **({"credit": amount} if sale else {"debit": amount}))
        )
    if total_tax:
        tax_label = f"{number} TVA collectée" if sale else f"{number} TVA déductible"
        lines.append(
            line(tax_account, tax_label, **({"credit": total_tax} if sale else {"debit": total_tax}))
        )
    return entry(date, journal, description, number, lines)


def codes_entry(
    *,
    date: str,
    journal: str,
    document_number: str,
    description: str,
    lines: list[tuple[str, str | None, str, Decimal, Decimal]],
) -> dict:
    """A bare ``createAccountingEntryUsingCodes`` input (D8, D29)."""
    out_lines = []
    for account, third, text, debit, credit in lines:
        row = OrderedDict(subAccountCode=account)
        if third is not None:
            row["thirdCode"] = third
        row["description"] = text
        row["debitAmount"] = money(debit)
        row["creditAmount"] = money(credit)
        out_lines.append(row)
    return OrderedDict(
        date=date,
        journalTypeCode=journal,
        documentDate=date,
        documentNumber=document_number,
        description=description,
        accountingEntryLines=out_lines,
    )


def build_batch() -> tuple[list, list]:
    documents: list[dict] = []
    expected: list[dict] = []

    def add(values: dict, *mistakes: tuple[str, str], query: str = QUERY_FULL) -> None:
        for code, path in mistakes:
            expected.append(OrderedDict(document=len(documents), code=code, path=path))
        documents.append(request(values, query))

    # Opening balances of 2025 (the 2024 year is closed).
    add(
        entry(
            "2025-01-01",
            "AN",
            "À-nouveaux au 01/01/2025",
            "AN-2025",
            [
                line("512000", "Solde banque CIC au 31/12/2024", debit=D("18450.00")),
                line("101000", "Capital social", credit=D("10000.00")),
                line("120000", "Résultat 2024 en attente d'affectation", credit=D("8450.00")),
            ],
        )
    )

    # Lighting study for a hotel: the seed 001 figures (1 520.56 × 20 % = 304.112 -> 304.11).
    add(
        invoice_entry(
            "sale",
            date="2025-01-15",
            party="HOTCELESTINS",
            number="FA-2025-0001",
            description="Facture FA-2025-0001 Hôtel des Célestins - étude d'éclairage",
            items=[("706000", "1520.56", D("20"), "étude d'éclairage salle de réception")],
        )
    )

    add(
        invoice_entry(
            "purchase",
            date="2025-01-20",
            party="ELECTRORHONE",
            number="EDR-25-00412",
            description="Facture EDR-25-00412 Électro Distribution Rhône - luminaires LED",
            items=[("607000", "3120.00", D("20"), "luminaires LED")],
        )
    )

    # Intracommunity delivery to Belgium: exempt, no VAT line, no tax register.
    add(
        invoice_entry(
            "sale",
            date="2025-01-31",
            party="VERHAEGEN",
            number="FA-2025-0002",
            description="Facture FA-2025-0002 Maison Verhaegen - livraison intracommunautaire",
            items=[("707100", "4275.00", None, "suspensions Lumen (livraison intracommunautaire exonérée)")],
        )
    )

    # Fibre subscription: 49.99 × 20 % = 9.998 -> 10.00.
    add(
        invoice_entry(
            "purchase",
            date="2025-02-05",
            party="RHONETELECOM",
            number="RTS-2501-3381",
            description="Facture RTS-2501-3381 Rhône Télécom - abonnement fibre janvier 2025",
            items=[("626000", "49.99", D("20"), "abonnement fibre")],
        )
    )

    hotel = third_party("CUSTOMER", "HOTCELESTINS")
    add(
        entry(
            "2025-02-10",
            "BQ",
            "Règlement FA-2025-0001 Hôtel des Célestins",
            "VIR-250210-01",
            [
                line("512000", "Virement reçu Hôtel des Célestins", debit=D("1824.67")),
                line("411000", "Règlement FA-2025-0001", credit=D("1824.67"), third=hotel),
            ],
        )
    )

    # Renovation of a residential building: installation at 10 %, goods delivered at 20 %.
    # 1 850.45 × 10 % = 185.045 -> 185.05 (half-up; half-even would give 185.04).
    add(
        invoice_entry(
            "sale",
            date="2025-02-28",
            party="SCITILLEULS",
            number="FA-2025-0003",
            description="Facture FA-2025-0003 SCI Les Tilleuls - rénovation de l'éclairage",
            items=[
                ("706000", "1850.45", D("10"), "pose de luminaires (TVA 10 %)"),
                ("707000", "412.50", D("20"), "appliques livrées (TVA 20 %)"),
            ],
            operation_date="2025-02-26",
            expedition_date="2025-02-26",
        )
    )

    # Intracommunity acquisition from Italy: invoiced without VAT, no register.
    add(
        invoice_entry(
            "purchase",
            date="2025-03-04",
            party="MURANOLUCE",
            number="VML/2025/118",
            description="Facture VML/2025/118 Vetreria Muranese Luce - verrerie soufflée",
            items=[("607000", "2480.00", None, "verrerie soufflée (acquisition intracommunautaire)")],
        )
    )

    # MISTAKE REG001: a bank receipt whose customer line says ISSUED instead of UNDEFINED.
    verhaegen = third_party("CUSTOMER", "VERHAEGEN")
    add(
        entry(
            "2025-03-05",
            "BQ",
            "Règlement FA-2025-0002 Maison Verhaegen",
            "VIR-250305-01",
            [
                line("512000", "Virement reçu Maison Verhaegen", debit=D("4275.00")),
                line(
                    "411000",
                    "Règlement FA-2025-0002",
                    credit=D("4275.00"),
                    register="ISSUED",
                    third=verhaegen,
                ),
            ],
        ),
        ("REG001", "accountingEntryLines[1].registerType"),
    )

    # Export to the United States: outside the EU, no VAT.
    add(
        invoice_entry(
            "sale",
            date="2025-03-18",
            party="BRIGHTLINE",
            number="FA-2025-0004",
            description="Facture FA-2025-0004 Brightline Studio - export suspensions Lumen",
            items=[("707200", "9860.00", None, "suspensions Lumen (exportation exonérée)")],
        )
    )

    add(
        invoice_entry(
            "purchase",
            date="2025-03-25",
            party="ELECTRORHONE",
            number="EDR-25-00987",
            description="Facture EDR-25-00987 Électro Distribution Rhône - câbles et drivers",
            items=[("607000", "845.30", D("20"), "câbles et drivers")],
        )
    )

    employee = third_party("EMPLOYEE", "SAL001")
    add(
        entry(
            "2025-03-31",
            "OD",
            "Salaire mars 2025 Camille Rousseau",
            "PAIE-2025-03",
            [
                line("641000", "Salaire mars 2025", debit=D("2480.00")),
                line("421000", "Net à payer mars 2025", credit=D("2480.00"), third=employee),
            ],
        )
    )

    # MISTAKE FLD006: `descripton` on the bank line (`description` is optional, and absent there).
    add(
        entry(
            "2025-04-02",
            "BQ",
            "Virement salaire mars 2025 Camille Rousseau",
            "VIR-250402-01",
            [
                line("421000", "Virement salaire mars 2025", debit=D("2480.00"), third=employee),
                line(
                    "512000",
                    "Virement salaire C. Rousseau",
                    credit=D("2480.00"),
                    description_key="descripton",
                ),
            ],
        ),
        ("FLD006", "accountingEntryLines[1].descripton"),
    )

    electro = third_party("SUPPLIER", "ELECTRORHONE")
    add(
        entry(
            "2025-04-10",
            "BQ",
            "Règlement EDR-25-00412 Électro Distribution Rhône",
            "VIR-250410-01",
            [
                line("401000", "Règlement EDR-25-00412", debit=D("3744.00"), third=electro),
                line("512000", "Virement Électro Distribution Rhône", credit=D("3744.00")),
            ],
        )
    )

    # MISTAKE TAX002: 100.00 × 20 % is 20.00, the register (and the VAT line, and the total) say 20.50.
    add(
        invoice_entry(
            "sale",
            date="2025-04-22",
            party="HOTCELESTINS",
            number="FA-2025-0005",
            description="Facture FA-2025-0005 Hôtel des Célestins - ampoules de rechange",
            items=[("707000", "100.00", D("20"), "ampoules de rechange")],
            tax_amount_override=D("20.50"),
        ),
        ("TAX002", "accountingEntryLines[0].accountingEntryInvoice.accountingEntryTaxes[0].taxAmount"),
    )

    # MISTAKE BAL001: the expense line was typed 1 198.99 instead of 1 199.00 (debits 0.01 short).
    add(
        invoice_entry(
            "purchase",
            date="2025-05-06",
            party="ELECTRORHONE",
            number="EDR-25-01377",
            description="Facture EDR-25-01377 Électro Distribution Rhône - appliques murales",
            items=[("607000", "1199.00", D("20"), "appliques murales")],
            item_shortfall=D("0.01"),
        ),
        ("BAL001", "accountingEntryLines"),
    )

    add(
        invoice_entry(
            "sale",
            date="2025-05-20",
            party="LICHTHAUSKOELN",
            number="FA-2025-0006",
            description="Facture FA-2025-0006 Lichthaus Köln - livraison intracommunautaire",
            items=[("707100", "2130.40", None, "appliques verre (livraison intracommunautaire exonérée)")],
        )
    )

    # MISTAKE BAL006: amounts with three decimals (3 parcels × 6.125), balanced but not in cents.
    add(
        entry(
            "2025-05-31",
            "OD",
            "Reclassement affranchissement de 3 colis (3 × 6,125)",
            "OD-2025-05-01",
            [
                line("626000", "Affranchissement colis", debit=D("18.375")),
                line("607000", "Reclassement affranchissement", credit=D("18.375")),
            ],
        ),
        ("BAL006", "accountingEntryLines[0].debitAmount"),
        ("BAL006", "accountingEntryLines[1].creditAmount"),
    )

    # MISTAKE INV004: the invoice says 1 200.00, its line (and the real total 1 050.00 + 210.00) 1 260.00.
    # No tax register, so TAX007 has nothing to compare.
    add(
        invoice_entry(
            "sale",
            date="2025-06-12",
            party="SCITILLEULS",
            number="FA-2025-0007",
            description="Facture FA-2025-0007 SCI Les Tilleuls - suspensions hall d'entrée",
            items=[("707000", "1050.00", D("20"), "suspensions hall d'entrée")],
            registers=False,
            invoice_amount=D("1200.00"),
        ),
        ("INV004", "accountingEntryLines[0].accountingEntryInvoice.amount"),
    )

    # MISTAKE REF006: December's telecom invoice, entered in June 2025 with its own date in the closed 2024.
    add(
        invoice_entry(
            "purchase",
            date="2024-12-31",
            party="RHONETELECOM",
            number="RTS-2412-3381",
            description="Facture RTS-2412-3381 Rhône Télécom - abonnement fibre décembre 2024",
            items=[("626000", "49.99", D("20"), "abonnement fibre")],
        ),
        ("REF006", "date"),
    )

    # The simplified operation: codes instead of ids, the server expands it (D8, D29).
    add(
        codes_entry(
            date="2026-01-14",
            journal="VTE",
            document_number="FA-2026-0001",
            description="Facture FA-2026-0001 Hôtel des Célestins - appliques verre",
            lines=[
                ("411000", "HOTCELESTINS", "Facture FA-2026-0001", D("768.00"), ZERO),
                ("707000", None, "Appliques verre soufflé", ZERO, D("640.00")),
                ("445710", None, "TVA 20 %", ZERO, D("128.00")),
            ],
        ),
        query=QUERY_CODES,
    )

    add(
        codes_entry(
            date="2026-01-20",
            journal="BQ",
            document_number="VIR-260120-01",
            description="Règlement FA-2025-0003 SCI Les Tilleuls",
            lines=[
                ("512000", None, "Virement reçu SCI Les Tilleuls", D("2530.50"), ZERO),
                ("411000", "SCITILLEULS", "Règlement FA-2025-0003", ZERO, D("2530.50")),
            ],
        ),
        query=QUERY_CODES,
    )

    add(
        codes_entry(
            date="2026-01-23",
            journal="OD",
            document_number="CAISSE-2026-01",
            description="Timbres La Poste payés en espèces",
            lines=[
                ("626000", None, "Timbres", D("23.40"), ZERO),
                ("530000", None, "Sortie de caisse", ZERO, D("23.40")),
            ],
        ),
        query=QUERY_CODES,
    )

    return documents, expected


def main() -> None:
    documents, expected = build_batch()
    outputs = {
        "context.json": build_context(),
        "batch.json": documents,
        "expected.json": expected,
    }
    for name, data in outputs.items():
        (HERE / name).write_text(dumps(data), encoding="utf-8", newline="\n")
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
