"""ledger.books.sales_accounts: which sales account a line should use, and how a customer is classed."""

from __future__ import annotations

import datetime

import pytest

from ledger.books.sales_accounts import (
    classify_customer_record,
    revenue_expectation,
    select_sales_account,
)
from ledger.books.vies import CustomerClass
from ledger.reference import AccountingSetup, Product, ThirdPartyRecord

SETUP = AccountingSetup(
    default_sale_products_account_id="default",
    intracommunity_account_id="intra",
    foreign_account_id="foreign",
)
PRODUCT = Product(id="p", sales_accounting_account_id="product")


@pytest.mark.parametrize(
    "customer_class, product, policy, expected",
    [
        (CustomerClass.NATIONAL, PRODUCT, "vies", "product"),
        (CustomerClass.NATIONAL, None, "vies", "default"),
        (CustomerClass.NATIONAL, Product(id="q"), "vies", "default"),
        (CustomerClass.VIES, PRODUCT, "vies", "intra"),
        (CustomerClass.FOREIGN, PRODUCT, "vies", "foreign"),
        (None, PRODUCT, "vies", None),
        (CustomerClass.VIES, PRODUCT, "legacy", "product"),
        (CustomerClass.FOREIGN, None, "legacy", "default"),
        (None, None, "legacy", "default"),
    ],
)
def test_select_sales_account(customer_class, product, policy, expected):
    assert select_sales_account(SETUP, customer_class, product, policy=policy) == expected


def test_select_sales_account_rejects_unknown_policy():
    with pytest.raises(ValueError, match="vies or legacy"):
        select_sales_account(SETUP, CustomerClass.NATIONAL, policy="new")


def test_classify_customer_record():
    day = datetime.date(2025, 3, 10)
    assert classify_customer_record(ThirdPartyRecord(country_acronym="BE"), "FR", day) is CustomerClass.VIES
    assert (
        classify_customer_record(ThirdPartyRecord(country_acronym=" fr "), "FR", day)
        is CustomerClass.NATIONAL
    )
    assert (
        classify_customer_record(ThirdPartyRecord(country_acronym="US"), "FR", day) is CustomerClass.FOREIGN
    )
    assert classify_customer_record(ThirdPartyRecord(country_acronym=""), "FR", day) is None
    assert classify_customer_record(ThirdPartyRecord(), "FR", day) is None
    assert classify_customer_record(None, "FR", day) is None


def test_revenue_expectation_national_forbids_only_unnamed_special_accounts():
    same = AccountingSetup(
        default_sale_products_account_id="a", intracommunity_account_id="a", foreign_account_id="f"
    )
    expectation = revenue_expectation(same, CustomerClass.NATIONAL)
    assert expectation.allows("a") and not expectation.allows("f") and expectation.allows("anything")
    assert revenue_expectation(SETUP, CustomerClass.VIES).required == "intra"
    assert revenue_expectation(SETUP, None) is None
    assert revenue_expectation(None, CustomerClass.NATIONAL) is None
