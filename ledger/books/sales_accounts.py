"""Which revenue account posting a sales invoice uses: the VIES rule and the legacy rule.

Why this module exists
----------------------
When Sage Active posts a sales invoice (``postSalesInvoice``, [SA-post]) it chooses the revenue
account of every invoice line. [SA-post] documents two generations of that choice:

* **legacy** ("Currently", [SA-post]): the product's ``salesAccountingAccountId``, else the
  organisation setup's ``defaultSaleProductsAccountId`` — for every customer;
* **vies** (the "new logic", S33; [SA-post] says "next release", [SA-copy] 09 says it is in force):
  a *national* customer (same country as the organisation's legislation) keeps the legacy choice;
  a customer in a *VIES* country gets ``intracommunityAccountId``; anyone else gets
  ``foreignAccountId``.

The same selection serves two consumers, so it lives here, once: the posting simulator
(:mod:`ledger.books.posting`) asks "which account for this line?" (:func:`select_sales_account`), and rule
PST001 (``rules/families/pst.py``) asks "which accounts may a revenue line of this entry use?"
(:func:`revenue_expectation`) — an entry does not name its products, so for a national customer the
answer is a set of accounts to *exclude* rather than one account to require.

Design: pure functions over the reference records of :mod:`ledger.reference`; the classification of a
country on a date is :func:`ledger.books.vies.classify_customer`'s (date-aware VIES membership, GR→EL,
MC→FR, IM→GB).

Assumptions (ids and certainty levels from docs/sources.md)
-----------------------------------------------------------
* The new logic keys on ``countries.viesCode`` being non-null (S28): **low** (inference; the docs say
  only "customer from a VIES country"). We use :mod:`ledger.books.vies`'s date-aware table instead of the
  country resource, which gives the same answer for every current member.
* Northern Ireland (``XI``) is VIES from 2021-01-01 although that holds for goods only (S70): **low**
  for posting (an invoice line does not say goods or services).
* Monaco is France (S68, **high** in law; **low** that Sage classifies it so — its country row probably has
  no viesCode).
* Which generation is in force (S33: [SA-post] "next release" **high**, [SA-copy] 09 "in force" **medium**): we
  cannot know the tenant's release, so the policy is a switch, ``"vies"`` by default.
* A customer record without ``countryAcronym`` is *unknown* (None), not national: S48 says Sage
  defaults the field to the legislation country when the customer is created, so a record without it
  is an incomplete export, and guessing would hide a real VIES/foreign customer.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Literal

import attrs

from ledger.books.vies import CustomerClass, classify_customer
from ledger.reference import AccountingSetup, Product, ThirdPartyRecord

__all__ = [
    "POLICIES",
    "Policy",
    "RevenueExpectation",
    "check_policy",
    "classify_customer_record",
    "customer_country",
    "revenue_expectation",
    "select_sales_account",
]

Policy = Literal["vies", "legacy"]
#: The selection policies: ``vies`` (S33, default) and ``legacy`` ([SA-post] "Currently").
POLICIES: tuple[str, ...] = ("vies", "legacy")


def check_policy(policy: str) -> str:
    """Return ``policy`` if it is one of :data:`POLICIES`, else raise ValueError naming them."""
    if policy not in POLICIES:
        raise ValueError(f"unknown sales-account policy {policy!r}; use vies or legacy")
    return policy


def _product_or_default(setup: AccountingSetup | None, product: Product | None) -> str | None:
    if product is not None and product.sales_accounting_account_id:
        return product.sales_accounting_account_id
    return setup.default_sale_products_account_id if setup is not None else None


def select_sales_account(
    setup: AccountingSetup | None,
    customer_class: CustomerClass | None,
    product: Product | None = None,
    *,
    policy: str = "vies",
) -> str | None:
    """The revenue account id posting chooses for one invoice line (S33, [SA-post]).

    * ``policy="legacy"``: the product's ``salesAccountingAccountId``, else
      ``setup.defaultSaleProductsAccountId``, whatever the customer (``customer_class`` may be None).
    * ``policy="vies"``: NATIONAL → as legacy; VIES → ``setup.intracommunityAccountId``;
      FOREIGN → ``setup.foreignAccountId``.

    Returns None when the setup lacks the account the rule names, or (vies policy) when
    ``customer_class`` is None (the country is unknown): the caller decides what that means.
    """
    check_policy(policy)
    if policy == "legacy" or customer_class is CustomerClass.NATIONAL:
        return _product_or_default(setup, product)
    if setup is None or customer_class is None:
        return None
    if customer_class is CustomerClass.VIES:
        return setup.intracommunity_account_id
    return setup.foreign_account_id


def customer_country(record: ThirdPartyRecord | None) -> str | None:
    """The customer's country as recorded (``countryAcronym``), or None when unknown or blank."""
    if record is None:
        return None
    country = record.country_acronym
    return country.strip() if country and country.strip() else None


def classify_customer_record(
    record: ThirdPartyRecord | None, legislation_code: str, on: datetime.date
) -> CustomerClass | None:
    """Classify a customer record for an organisation of ``legislation_code`` on the day ``on``.

    None when the record is absent or has no ``countryAcronym`` (see the module's assumptions).
    Raises ValueError when a code is not two letters (see :func:`ledger.books.vies.to_vies_code`).
    """
    return classify_customer(customer_country(record), legislation_code, on)


@attrs.frozen
class RevenueExpectation:
    """Which accounts the revenue lines of one sales-invoice entry may use.

    Either ``required`` is set (VIES / FOREIGN customer under the vies policy: exactly that account),
    or ``forbidden`` lists the accounts a national (or legacy-policy) posting never picks: the setup's
    intracommunity and foreign accounts, unless the default sales account or a product names them.
    """

    customer_class: CustomerClass | None
    policy: str
    required: str | None = None
    forbidden: frozenset[str] = frozenset()

    def allows(self, account_id: str) -> bool:
        if self.required is not None:
            return account_id == self.required
        return account_id not in self.forbidden


def revenue_expectation(
    setup: AccountingSetup | None,
    customer_class: CustomerClass | None,
    products: Iterable[Product] = (),
    *,
    policy: str = "vies",
) -> RevenueExpectation | None:
    """What PST001 expects of the revenue lines, or None when nothing can be decided.

    None when the setup is absent, when (vies policy) the class is unknown, or when the setup lacks
    the account the rule names (e.g. a VIES customer and no ``intracommunityAccountId``): Sage's
    behaviour then is undocumented, and guessing would report false positives.
    """
    check_policy(policy)
    if setup is None:
        return None
    if policy == "vies" and customer_class is None:
        return None
    if policy == "vies" and customer_class is not CustomerClass.NATIONAL:
        required = select_sales_account(setup, customer_class, policy=policy)
        if required is None:
            return None
        return RevenueExpectation(customer_class, policy, required=required)
    # National customer, or any customer under the legacy rule: the product's account or the
    # default one. The entry does not say which product a line sold, so any account is fine except
    # the two the product/default choice never yields.
    allowed = {setup.default_sale_products_account_id}
    allowed.update(p.sales_accounting_account_id for p in products)
    forbidden = {
        a
        for a in (setup.intracommunity_account_id, setup.foreign_account_id)
        if a is not None and a not in allowed
    }
    return RevenueExpectation(customer_class, policy, forbidden=frozenset(forbidden))
