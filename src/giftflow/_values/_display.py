"""Amounts for people: thousands grouped, the currency's places, the economy's words."""

from __future__ import annotations

from giftflow._values._money import ExactMoney, Money
from giftflow._values._numbers import grouped_scaled, terminating_decimal
from giftflow._values._rounding import Rounding
from giftflow._values._units import Diamonds, UnitNames

__all__ = ["show_exact", "show_money", "show_units"]


def show_money(amount: Money) -> str:
    """An amount for people: thousands grouped, the currency's places, its code.

    >>> show_money(Money.parse("1234567.5", "USD"))
    '1,234,567.50 USD'
    """
    return f"{grouped_scaled(amount.minor, amount.currency.exponent)} {amount.currency.code}"


def show_exact(amount: ExactMoney) -> str:
    """An exact amount for people: as :func:`show_money`, with more places where it has them.

    An amount whose decimals never end (a third of a cent) is shown to the
    currency's places, rounded half-even, after ``about``.

    >>> from fractions import Fraction
    >>> show_exact(ExactMoney.parse("1234.025", "USD")), show_exact(ExactMoney.parse("1", "USD"))
    ('1,234.025 USD', '1.00 USD')
    >>> show_exact(ExactMoney(Fraction(1000, 3), Money.parse("1", "USD").currency))
    'about 3.33 USD'
    """
    minor, exponent = amount.minor, amount.currency.exponent
    if terminating_decimal(minor) is None:
        units = Rounding.HALF_EVEN.round(minor).units
        return f"about {grouped_scaled(units, exponent)} {amount.currency.code}"
    places = exponent
    while minor.denominator != 1:  # ends: the denominator holds only 2s and 5s
        minor *= 10
        places += 1
    return f"{grouped_scaled(int(minor), places)} {amount.currency.code}"


def show_units(diamonds: Diamonds | int, names: UnitNames) -> str:
    """Diamonds for people, in the economy's words: ``1 diamond``, ``2,000 Beans``."""
    count = diamonds if type(diamonds) is int else diamonds.amount  # type: ignore[union-attr]
    word = names.diamond if abs(count) == 1 else names.diamonds
    return f"{count:,} {word}"
