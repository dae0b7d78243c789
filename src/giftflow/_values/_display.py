"""Amounts for people: thousands grouped, the currency's places, the economy's words."""

from __future__ import annotations

from giftflow._values._money import Money
from giftflow._values._numbers import grouped_scaled
from giftflow._values._units import Diamonds, UnitNames

__all__ = ["show_money", "show_units"]


def show_money(amount: Money) -> str:
    """An amount for people: thousands grouped, the currency's places, its code.

    >>> show_money(Money.parse("1234567.5", "USD"))
    '1,234,567.50 USD'
    """
    return f"{grouped_scaled(amount.minor, amount.currency.exponent)} {amount.currency.code}"


def show_units(diamonds: Diamonds | int, names: UnitNames) -> str:
    """Diamonds for people, in the economy's words: ``1 diamond``, ``2,000 Beans``."""
    count = diamonds if type(diamonds) is int else diamonds.amount  # type: ignore[union-attr]
    word = names.diamond if abs(count) == 1 else names.diamonds
    return f"{count:,} {word}"
