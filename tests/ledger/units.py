"""The typed unit of a unit code, for tests that walk ``Ledger.balances()`` (keyed by code)."""

from giftflow import Coins, Diamonds, Money, Unit, currency


def unit(code: str) -> Unit:
    """``Coins`` for ``'coins'``, ``Diamonds`` for ``'diamonds'``, else the ISO currency."""
    if code == "coins":
        return Coins
    if code == "diamonds":
        return Diamonds
    return currency(code)


def units(value: Coins | Diamonds | Money) -> int:
    """The whole units of a typed balance (minor units of money)."""
    return value.minor if isinstance(value, Money) else value.amount
