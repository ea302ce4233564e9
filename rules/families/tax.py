"""TAX: the tax registers of an invoice, ``accountingEntryTaxes`` ([SA-entry-v0], S12, S49, S24).

A register line names a tax treatment (TAX001) and copies its group, type, tax and percentage from it
(TAX005); its amount is base × rate rounded to the currency (TAX002), its ``regimeType`` GENERAL
(TAX003), its ``deductible`` flag follows the invoice's side (TAX004); and the registers agree with the
entry's tax lines (TAX006) and with the invoice total (TAX007). Registers are optional: [SA-entry-v0]'s own
example has none, and every rule here is silent on an invoice without them.

Rounding (TAX002) goes through :mod:`ledger.money` with the mode and tolerance of ``env.options``
(``tax_rounding``, default half-up; ``tax_tolerance``, default 0): the public docs give neither (S84).

Withholding registers (taxType IRPF, ES) reduce the invoice total and are booked on a withholding
account, not on an INPUT/OUTPUT tax account: TAX006 leaves them out and TAX007 subtracts them.

Read mode (``audit``): TAX001 and TAX003 are create-input requirements ("must be associated", "always
fill in") and are skipped on read entries; the others judge values and run in both modes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeAlias

from ledger.conventions import deductible
from ledger.entries import AccountingEntry, EntryInvoice, TaxRegister
from ledger.enums import TaxType
from ledger.money import percentage_of, round_to_minor_unit, total
from rules.families._shared import account_of, all_known, creating, line_path, needed_context
from rules.registry import rule
from rules.violation import Finding, finding

if TYPE_CHECKING:
    from rules.env import Env


#: (line index, invoice, register index, register, path prefix of the register)
_Register: TypeAlias = tuple[int, EntryInvoice, int, TaxRegister, str]


def _registers(entry: AccountingEntry) -> Iterator[_Register]:
    """(line index, invoice, register index, register, path prefix) for every tax register."""
    for i, line in enumerate(entry.lines):
        invoice = line.accounting_entry_invoice
        if invoice is None:
            continue
        for t, tax in enumerate(invoice.taxes):
            yield i, invoice, t, tax, line_path(i, f".accountingEntryInvoice.accountingEntryTaxes[{t}]")


def registers_of(entry: AccountingEntry, env: Env) -> tuple[_Register, ...]:
    """:func:`_registers` as a tuple, worked out once per entry and shared by the TAX rules."""
    return env.derived("tax.registers", entry, lambda e: tuple(_registers(e)))


def _withholding(tax: TaxRegister) -> bool:
    return tax.tax_type is TaxType.IRPF


@rule("TAX001", "missing-tax-treatment", "error", targets=[AccountingEntry])
def missing_tax_treatment(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """A tax register without ``taxTreatmentId``.

    What it checks:
        Every ``accountingEntryTaxes`` line of a create input has a ``taxTreatmentId``.
    Why it matters:
        [SA-entry-v0]: "A tax Treatment must be associated to each line of accounting Entry taxes". The
        treatment (the "tax code") decides the register, the accounts and the group of the tax.
    Example:
        A register with base, rate and amount but no ``taxTreatmentId``.
    How to fix:
        Set the id of the tax treatment (query taxTreatments), and copy its ``taxGroupId`` and
        ``taxType``.
    Source:
        S12 (docs/sources.md).
    """
    if not creating(env):
        return
    for *_, tax, prefix in registers_of(entry, env):
        if tax.tax_treatment_id is None:
            yield finding(
                prefix + ".taxTreatmentId",
                "tax register has no taxTreatmentId",
                "set the tax treatment's id (query taxTreatments)",
            )


@rule("TAX002", "tax-amount-inconsistent", "warning", targets=[AccountingEntry])
def tax_amount_inconsistent(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The register's ``taxAmount`` is not ``taxBase`` × ``taxPercentage`` / 100, rounded.

    What it checks:
        ``taxAmount`` = ``taxBase`` × ``taxPercentage`` / 100 rounded to the currency's minor unit
        (EUR: cents) with the configured rounding (default half-up), within the configured tolerance
        (default 0). Registers with an unreadable figure are not judged.
    Why it matters:
        The server wants "the VAT amount and the associated taxable base … consistent with the VAT rate
        of the tax code". If they are not, the simplified operations do not reject the entry: they
        silently create it WITHOUT its tax registers (S24), and the VAT return misses the invoice.
    Example:
        Base 100.00 at 20 % with a tax of 20.50 (expected 20.00). [SA-entry-v0]: 1 520.56 × 20 % = 304.112 ->
        304.11 is consistent.
    How to fix:
        Compute the tax from the base and rate, rounded to the cent, and carry the same figure on the
        VAT line and in the invoice total.
    Assumption:
        Neither the rounding mode nor a tolerance is documented (S84): half-up, tolerance 0, both
        configurable (``--tax-rounding``, ``--tax-tolerance``). A warning, since the server does not
        refuse the entry. The message gives the figures alone: what S24 describes (an entry booked
        WITHOUT registers) is the simplified operations' behaviour, and they send no register to
        judge — their expansion carries none, the server derives them — so every register this rule
        sees is a ``createAccountingEntry`` input's or a read entry's, for which the consequence is
        not documented.
    Source:
        S12, S24, S84 (docs/sources.md).
    """
    currency = env.currency
    mode = env.options.tax_rounding
    tolerance = env.options.tax_tolerance
    for *_, tax, prefix in registers_of(entry, env):
        base, rate, amount = tax.tax_base, tax.tax_percentage, tax.tax_amount
        if base is None or rate is None or amount is None:
            continue
        expected = round_to_minor_unit(percentage_of(base, rate), currency, mode)
        difference = abs(amount - expected)
        if difference > tolerance:
            yield finding(
                prefix + ".taxAmount",
                f"taxAmount {amount} ≠ {base} × {rate} % = {expected}",
                f"set taxAmount to {expected}, and the VAT line and the invoice total with it",
                base=base,
                percentage=rate,
                expected=expected,
                actual=amount,
                difference=difference,
            )


@rule("TAX003", "regime-type-not-general", "error", targets=[AccountingEntry])
def regime_type_not_general(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """A tax register's ``regimeType`` is absent or not GENERAL.

    What it checks:
        Every register of a create input says ``"regimeType": "GENERAL"``. This rule, not FLD002 or
        FLD004, reports both the absence and another value. Not checked on read entries (the read
        model may carry other regimes than the create input accepts).
    Why it matters:
        [SA-entry-v0]: "Always fill in GENERAL" — GENERAL is the only value the create input accepts.
    Example:
        A register without ``regimeType``, or with ``"regimeType": "SIMPLIFIED"``.
    How to fix:
        Set ``"regimeType": "GENERAL"`` (``ledger-rules fix`` does).
    Source:
        S12 (docs/sources.md).
    """
    if not creating(env):
        return
    for *_, tax, prefix in registers_of(entry, env):
        if tax.regime_is_general:
            continue
        if tax.regime_type is None:
            yield finding(
                prefix + ".regimeType",
                "tax register has no regimeType; it must be GENERAL",
                'add "regimeType": "GENERAL"',
            )
        else:
            yield finding(
                prefix + ".regimeType",
                f"regimeType is {tax.regime_type!r}; it must be GENERAL",
                'set "regimeType": "GENERAL"',
            )


@rule("TAX004", "deductible-flag-mismatch", "warning", targets=[AccountingEntry])
def deductible_flag_mismatch(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """``deductible`` does not match the invoice's side (collected vs deductible tax).

    What it checks:
        On an invoice whose ``registerType`` is ISSUED (sales: collected tax) every register has
        ``deductible`` false; on a RECEIVED invoice (purchases: deductible tax) true. An absent flag or
        an UNDEFINED register type is not judged.
    Why it matters:
        [SA-entry-v0]: "true for a deductible tax, false for a collected tax". The flag puts the tax on the
        deductible or the collected side of the VAT return.
    Example:
        A purchase invoice (RECEIVED) whose register says ``"deductible": false``.
    How to fix:
        ``false`` on sales invoices, ``true`` on purchase invoices (``ledger-rules fix`` does).
    Assumption:
        Mapping the flag to the invoice's register type is an inference from [SA-entry-v0]'s wording (low);
        a self-assessed (reverse-charge) purchase carries collected tax on a RECEIVED invoice, hence a
        warning.
    Source:
        S12 (docs/sources.md).
    """
    for _, invoice, _, tax, prefix in registers_of(entry, env):
        expected = deductible(invoice.register_type)
        register = invoice.register_type
        if expected is None or register is None or tax.deductible is None or tax.deductible is expected:
            continue  # (a register type is known whenever expected is)
        side = (
            "a sales (ISSUED) invoice: collected"
            if not expected
            else "a purchase (RECEIVED) invoice: deductible"
        )
        yield finding(
            prefix + ".deductible",
            f"deductible is {str(tax.deductible).lower()} on {side} tax",
            f'set "deductible": {str(expected).lower()}',
            registerType=register.value,
        )


@rule(
    "TAX005", "tax-treatment-mismatch", "error", targets=[AccountingEntry], needs=["taxTreatments", "taxes"]
)
def tax_treatment_mismatch(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The register does not copy its tax treatment: group, type, tax or percentage.

    What it checks:
        With ``taxTreatments`` and ``taxes`` in the context: ``taxTreatmentId`` names a known treatment;
        ``taxGroupId`` and ``taxType`` equal the treatment's; ``taxId`` is a tax of the treatment's
        group; ``taxPercentage`` equals that tax's ``percentage`` (without ``taxId``: one of the
        group's percentages). Fields absent on either side are not compared.
    Why it matters:
        [SA-entry-v0] says where each field comes from: "taxGroupId: found in Taxes Treatments", "taxId: Id
        of the tax found by groupId of tax = taxGroupId", "taxPercentage: found in tax". A register that
        mixes two treatments lands in the wrong box of the VAT return.
    Example:
        The sales treatment (group "TVA collectée") with the ``taxId`` of the 20 % PURCHASE tax.
    How to fix:
        Copy ``taxGroupId`` and ``taxType`` from the treatment, pick ``taxId`` among the taxes of that
        group, and copy its percentage.
    Assumption:
        An unknown ``taxTreatmentId`` is reported here too (no other rule owns it).
    Source:
        S12, S49 (docs/sources.md).
    """
    ctx = needed_context(env)
    for *_, tax, prefix in registers_of(entry, env):
        if tax.tax_treatment_id is None:
            continue
        treatment = ctx.tax_treatment(tax.tax_treatment_id)
        if treatment is None:
            yield finding(
                prefix + ".taxTreatmentId",
                f"tax treatment {tax.tax_treatment_id} is not among the organisation's",
                "use the id of an existing tax treatment (query taxTreatments)",
            )
            continue
        group = treatment.tax_group_id
        if tax.tax_group_id is not None and group is not None and tax.tax_group_id != group:
            yield finding(
                prefix + ".taxGroupId",
                "taxGroupId is not the tax treatment's group",
                "copy taxGroupId from the tax treatment",
                expected=group,
                actual=tax.tax_group_id,
            )
        if (
            tax.tax_type is not None
            and treatment.tax_type is not None
            and tax.tax_type is not treatment.tax_type
        ):
            yield finding(
                prefix + ".taxType",
                f"taxType {tax.tax_type} is not the treatment's {treatment.tax_type}",
                "copy taxType from the tax treatment",
                expected=treatment.tax_type.value,
                actual=tax.tax_type.value,
            )
        if group is None:
            continue
        if tax.tax_id is not None:
            record = ctx.tax(tax.tax_id)
            if record is None or record.group_id != group:
                yield finding(
                    prefix + ".taxId",
                    f"taxId {tax.tax_id} is not a tax of the treatment's group",
                    "pick taxId among the taxes whose groupId is the treatment's taxGroupId",
                )
            elif (
                tax.tax_percentage is not None
                and record.percentage is not None
                and tax.tax_percentage != record.percentage
            ):
                yield finding(
                    prefix + ".taxPercentage",
                    f"taxPercentage {tax.tax_percentage} ≠ the tax's percentage {record.percentage}",
                    f"set taxPercentage to {record.percentage}",
                    expected=record.percentage,
                    actual=tax.tax_percentage,
                )
        elif tax.tax_percentage is not None:
            rates = [t.percentage for t in ctx.taxes_of_group(group) if t.percentage is not None]
            if rates and tax.tax_percentage not in rates:
                listed = ", ".join(str(r) for r in rates)
                yield finding(
                    prefix + ".taxPercentage",
                    f"taxPercentage {tax.tax_percentage} is not a rate of the treatment's group",
                    f"use one of {listed}, and set taxId",
                    actual=tax.tax_percentage,
                )


@rule(
    "TAX006",
    "tax-register-lines-mismatch",
    "warning",
    targets=[AccountingEntry],
    needs=["accountingAccounts"],
)
def tax_register_lines_mismatch(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The registers' tax total differs from the amount booked on tax accounts.

    What it checks:
        When the entry has registers: Σ ``taxAmount`` of the registers = the amount of the lines whose
        account is a tax account (``subAccountType`` INPUT_TAX / OUTPUT_TAX and the DE equivalents),
        compared as magnitudes. Withholding registers (IRPF) are left out. Not judged when a line's
        account or nature is unknown, or a figure unreadable.
    Why it matters:
        The registers feed the VAT return, the tax lines the ledger: if they differ, the return and the
        VAT accounts disagree. The simplified operations even drop the registers when the VAT account
        does not match (S24).
    Example:
        A register of 304.11 while the 445710 line is 304.10.
    How to fix:
        Make the VAT line(s) and the register(s) carry the same tax.
    Assumption:
        Amounts are compared as gross magnitudes (each tax line's amount, each register's |taxAmount|)
        so credit notes and self-assessed VAT (one input and one output line) compare correctly (low).
    Source:
        S24, S51 (docs/sources.md).
    """
    registers = [tax for *_, tax, _ in registers_of(entry, env) if not _withholding(tax)]
    register_amounts = all_known(tax.tax_amount for tax in registers)
    if not registers or register_amounts is None:
        return
    tax_lines = []
    for line in entry.lines:
        account = account_of(line, env)
        if account is None or account.sub_account_type is None:
            return  # cannot tell whether this line is a tax line
        if account.sub_account_type.is_tax_account:
            if line.debit_amount is None or line.credit_amount is None:
                return
            tax_lines.append(abs(line.debit_amount) + abs(line.credit_amount))
    in_registers = total(abs(amount) for amount in register_amounts)
    on_lines = total(tax_lines)
    if in_registers != on_lines:
        yield finding(
            "accountingEntryLines",
            f"tax registers total {in_registers} but tax accounts carry {on_lines}",
            "make the VAT line(s) and the tax register(s) carry the same tax",
            registers=in_registers,
            taxLines=on_lines,
            difference=abs(in_registers - on_lines),
        )


@rule("TAX007", "invoice-total-mismatch", "warning", targets=[AccountingEntry])
def invoice_total_mismatch(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The invoice amount differs from its registers' bases plus taxes.

    What it checks:
        When an invoice has registers: ``amount`` = Σ ``taxBase`` + Σ ``taxAmount`` of its registers,
        compared as magnitudes. Withholding registers (IRPF) are subtracted and their base (already
        counted in the VAT base) not added. Not judged when a figure is unreadable.
    Why it matters:
        The invoice amount is the total due (tax included); if it is not the sum of the bases and taxes
        the register describes, either the register misses a rate or the invoice total is wrong.
    Example:
        Invoice 1 824.67 with one register of base 1 520.56 and tax 304.10 (sum 1 824.66).
    How to fix:
        Add the missing register (one per rate), or correct the total.
    Assumption:
        Registers are assumed to cover the whole invoice; an invoice with an exempt part AND a taxed
        part needs a 0 % register for the exempt part (low). Reverse-charge registers (self-assessed VAT)
        may legitimately break this: a warning.
    Source:
        S9, S12 (docs/sources.md).
    """
    for i, line in enumerate(entry.lines):
        invoice = line.accounting_entry_invoice
        if invoice is None or not invoice.taxes or invoice.amount is None:
            continue
        taxes = invoice.taxes
        # Every tax amount, and the base of every register but withholdings, must be readable.
        known_bases = all_known(t.tax_base for t in taxes if not _withholding(t))
        known_amounts = all_known(t.tax_amount for t in taxes if not _withholding(t))
        known_withheld = all_known(t.tax_amount for t in taxes if _withholding(t))
        if known_bases is None or known_amounts is None or known_withheld is None:
            continue
        bases = total(known_bases)
        amounts = total(known_amounts)
        withheld = total(known_withheld)
        expected = total((bases, amounts, -withheld))
        if abs(invoice.amount) != abs(expected):
            yield finding(
                line_path(i, ".accountingEntryInvoice.amount"),
                f"invoice amount {invoice.amount} ≠ registers' bases {bases} + taxes {amounts - withheld}",
                "add the missing register (one per rate) or correct the invoice total",
                invoice=invoice.amount,
                registers=expected,
                difference=abs(abs(invoice.amount) - abs(expected)),
            )
