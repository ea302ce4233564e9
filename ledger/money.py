"""Money: the one place that knows about currencies, minor units and rounding.

Every amount in ledger-rules is a :class:`decimal.Decimal` read straight from the JSON text; no binary
float ever touches it. py-moneyed supplies the ISO 4217 registry (``sub_unit``: EUR 100, JPY 1,
BHD 1000), but it neither rounds to the minor unit nor rounds with an explicit mode (``round()`` uses
the ambient decimal context). So this module wraps it: callers ask for the number of decimals of a
currency and for an explicit, named rounding, and never import moneyed themselves.

The arithmetic context is local (``decimal.localcontext``) with enough precision for the largest
amount we accept (BAL007 rejects magnitudes of 10^15 and more), so results never depend on whatever a
host application did to the global decimal context.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

import moneyed

DEFAULT_CURRENCY = "EUR"

#: Beyond this magnitude an amount is not a bookkeeping amount (and may overflow the server's decimal):
#: BAL007 for entries, FEC004 for a FEC file. One bound, so both say the same.
MAX_MAGNITUDE = Decimal(10) ** 15

#: Rounding modes by the names users write in options and documentation.
ROUNDING_MODES = {
    "half-up": decimal.ROUND_HALF_UP,
    "half-even": decimal.ROUND_HALF_EVEN,
    "half-down": decimal.ROUND_HALF_DOWN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
}

# 40 significant digits holds any amount below 10^15 with far more decimals than any currency has,
# and the product base x percentage of two such amounts, exactly.
_PRECISION = 40


class UnknownCurrency(ValueError):
    """The code is not an ISO 4217 currency that py-moneyed knows."""


@lru_cache(maxsize=64)
def minor_unit_digits(currency: str) -> int:
    """Number of decimals of the currency's minor unit (EUR 2, JPY 0, BHD 3)."""
    try:
        sub_unit = moneyed.get_currency(currency.upper()).sub_unit
    except (moneyed.CurrencyDoesNotExist, AttributeError) as exc:
        raise UnknownCurrency(f"unknown currency {currency!r}") from exc
    digits = 0
    while sub_unit > 1:
        sub_unit //= 10
        digits += 1
    return digits


def decimals_of(amount: Decimal) -> int:
    """How many digits the amount carries after the decimal point (``1.50`` -> 2, ``1E+2`` -> 0)."""
    # str() is positional for every amount a ledger holds and costs a third of as_tuple(), which
    # builds a tuple of every digit; only the scientific forms (1E+2, 1E-7) need the exponent itself.
    text = str(amount)
    if "E" not in text:
        point = text.find(".")
        return len(text) - point - 1 if point >= 0 else 0
    exponent = amount.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def exceeds_minor_unit(amount: Decimal, currency: str) -> bool:
    """True when the amount has more significant decimals than the currency's minor unit.

    Trailing zeros do not count: ``10.500`` is an exact EUR amount, ``10.005`` is not.
    """
    allowed = minor_unit_digits(currency)
    if decimals_of(amount) <= allowed:
        return False
    # Read the digits instead of quantizing: quantize needs a context precision as large as the
    # amount's integer part (InvalidOperation beyond it) and its cost grows with the exponent, so
    # ``1`` followed by 50 digits ``.123`` or ``1e-999999999`` broke or stalled it. The decimals beyond
    # the minor unit are the last ``-exponent - allowed`` digits of the coefficient (fewer digits than
    # that means all of them are decimals); the amount exceeds the unit iff one of them is not zero.
    _, digits, exponent = amount.as_tuple()
    if not isinstance(exponent, int):  # NaN and the infinities: decimals_of() counted 0 decimals
        return False
    extra = -exponent - allowed
    return any(digits[-extra:])


def round_to_minor_unit(amount: Decimal, currency: str, mode: str = "half-up") -> Decimal:
    """Round explicitly to the currency's minor unit with a named mode (see ``ROUNDING_MODES``)."""
    digits = minor_unit_digits(currency)
    exponent = Decimal(1).scaleb(-digits)
    with decimal.localcontext() as ctx:
        # quantize raises InvalidOperation when the result has more digits than the precision: give it
        # room for the amount's integer part (amounts are bounded by ledger.io.limits, so this stays small).
        ctx.prec = max(_PRECISION, amount.adjusted() + digits + 2) if amount.is_finite() else _PRECISION
        return amount.quantize(exponent, rounding=ROUNDING_MODES[mode])


def percentage_of(base: Decimal, percentage: Decimal) -> Decimal:
    """``base x percentage / 100``, exactly (no rounding: callers round with a named mode)."""
    with decimal.localcontext() as ctx:
        ctx.prec = _PRECISION
        return base * percentage / 100


def total(amounts: Iterable[Decimal]) -> Decimal:
    """Exact sum of decimals (``sum()`` would start from the int 0 and use the ambient context)."""
    with decimal.localcontext() as ctx:
        ctx.prec = _PRECISION
        result = Decimal(0)
        for amount in amounts:
            result += amount
        return result


def from_minor_units(units: int, currency: str) -> Decimal:
    """Luca's ``amountCents`` (integer minor units) as a decimal amount: 15000 NOK -> 150.00."""
    return Decimal(units).scaleb(-minor_unit_digits(currency))


def to_minor_units(amount: Decimal, currency: str) -> int:
    """The exact number of minor units; raises ValueError when the amount is not a whole number of them."""
    scaled = amount.scaleb(minor_unit_digits(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of {currency} minor units")
    return int(scaled)


def format_amount(amount: Decimal) -> str:
    """Plain positional notation for reports: never an exponent (``1E+2`` -> ``100``)."""
    return format(amount, "f")
