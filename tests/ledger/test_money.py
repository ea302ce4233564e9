"""ledger.money: minor units per currency and exact, explicit rounding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.money import (
    exceeds_minor_unit,
    from_minor_units,
    minor_unit_digits,
    round_to_minor_unit,
    to_minor_units,
)


@pytest.mark.parametrize("currency,digits", [("EUR", 2), ("NOK", 2), ("JPY", 0), ("BHD", 3)])
def test_minor_units(currency, digits):
    assert minor_unit_digits(currency) == digits


def test_money_helpers_are_exact_and_explicit():
    assert exceeds_minor_unit(Decimal("10.005"), "EUR") and not exceeds_minor_unit(Decimal("10.500"), "EUR")
    assert round_to_minor_unit(Decimal("304.112"), "EUR") == Decimal("304.11")
    assert round_to_minor_unit(Decimal("185.045"), "EUR") == Decimal("185.05")
    assert round_to_minor_unit(Decimal("185.045"), "EUR", "half-even") == Decimal("185.04")
    assert from_minor_units(15000, "NOK") == Decimal("150.00")
    assert to_minor_units(Decimal("150.00"), "NOK") == 15000
    with pytest.raises(ValueError):
        to_minor_units(Decimal("1.005"), "NOK")
