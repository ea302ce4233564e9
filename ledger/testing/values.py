"""Small values every strategy needs, and the argument checks they share.

Ids are UUID strings as the API writes them; amounts are exact :class:`~decimal.Decimal` values drawn as
integers of minor units (never from floats, so they shrink towards one minor unit). The checks raise
:class:`hypothesis.errors.InvalidArgument` when a strategy is BUILT, as Hypothesis's own strategies do.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ledger.money import UnknownCurrency, minor_unit_digits, to_minor_units

__all__ = ["amounts", "choices", "currency_digits", "uuids_as_str"]


def uuids_as_str() -> st.SearchStrategy[str]:
    """UUIDs as the lower-case strings the API uses (never the nil UUID)."""
    return st.uuids().map(str)


def currency_digits(currency: Any) -> int:
    if not isinstance(currency, str):
        raise InvalidArgument(f"currency={currency!r} must be an ISO 4217 code such as 'EUR'")
    try:
        return minor_unit_digits(currency)
    except UnknownCurrency:
        raise InvalidArgument(f"currency={currency!r} is not an ISO 4217 currency") from None


def _units_of(name: str, value: Any, currency: str) -> int:
    if isinstance(value, float) or isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise InvalidArgument(
            f"{name}={value!r} must be an int, a Decimal or a decimal string (never a float)"
        )
    try:
        amount = Decimal(value)
    except ArithmeticError:
        raise InvalidArgument(f"{name}={value!r} is not a decimal number") from None
    if not amount.is_finite():
        raise InvalidArgument(f"{name}={value!r} must be finite")
    try:
        return to_minor_units(amount, currency)
    except ValueError:
        raise InvalidArgument(f"{name}={value!r} is not a whole number of {currency} minor units") from None


def amounts(
    *, currency: str = "EUR", min_value: Any = None, max_value: Any = None
) -> st.SearchStrategy[Decimal]:
    """Exact amounts of ``currency``: a Decimal with exactly the currency's decimals (EUR ``12.30``).

    Drawn as an integer number of minor units, so an amount never has more decimals than the currency
    allows and shrinks towards ``min_value`` (default: one minor unit, i.e. the smallest positive
    amount). ``min_value``/``max_value`` are ints, Decimals or decimal strings; floats are refused.
    """
    digits = currency_digits(currency)
    low = 1 if min_value is None else _units_of("min_value", min_value, currency)
    high = 10 ** (12 + digits) - 1 if max_value is None else _units_of("max_value", max_value, currency)
    if low > high:
        raise InvalidArgument(f"min_value={min_value!r} is greater than max_value={max_value!r}")
    return st.integers(min_value=low, max_value=high).map(lambda units: Decimal(units).scaleb(-digits))


def choices(name: str, value: Any, allowed: Iterable[str]) -> tuple[str, ...]:
    allowed = tuple(allowed)
    if value is None:
        return allowed
    values = (
        (value,)
        if isinstance(value, str)
        else tuple(value)
        if isinstance(value, (list, tuple, set, frozenset))
        else None
    )
    if not values or any(not isinstance(v, str) or v not in allowed for v in values):
        raise InvalidArgument(f"{name}={value!r}: use one of {', '.join(allowed)} (or a list of them)")
    return tuple(dict.fromkeys(values))
