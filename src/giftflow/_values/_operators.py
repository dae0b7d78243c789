"""The fixes for operators the values refuse: one hint per kind of value (private).

:func:`~giftflow._values._errors.refuse_operators` and
:func:`~giftflow._values._errors.refuse` raise the error; these functions say what to
do instead. They read the operand's type by name and import nothing, so that every
value module, however low, may use them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["exact_hint", "money_hint", "plain_hint", "rate_hint", "units_hint"]

Hint = Callable[[str, Any], str]

_SPLIT = "split it so the parts add up: .split(count) or .allocate(ratios)"


def _kind(other: Any) -> str:
    return type(other).__name__


def money_hint(symbol: str, other: Any) -> str:
    """The fix for an operator :class:`Money` refuses."""
    kind = _kind(other)
    if symbol in ("+", "-"):
        if kind == "int" and other == 0:
            return "sum() starts from 0: add amounts up with Money.total(amounts, currency)"
        if kind in ("Coins", "Diamonds"):
            return (
                f"money and {kind.lower()} are different units: convert with the "
                "economy's conversion (price book for coins, diamond valuation for diamonds)"
            )
        return (
            "add Money of the same currency, e.g. Money.of_minor(5, 'USD'); for many, Money.total"
        )
    if symbol == "*":
        if kind == "float":
            return (
                "a float is never exact: use amount.multiply(Rate.parse('1.5'), rounding), "
                "or amount.multiply_exact(rate) to round later"
            )
        if kind in ("Rate", "Fraction", "Decimal"):
            return (
                "a rate needs a rounding mode: use amount.multiply(rate, rounding) with a Rate, "
                "or amount.multiply_exact(rate) to round later"
            )
        return "multiply by an int, or use amount.multiply(rate, rounding) with a Rate"
    if symbol in ("/", "//", "%", "divmod"):
        return f"{_SPLIT}; amount // n divides by an int and rounds down"
    if symbol in ("<", "<=", ">", ">="):
        if kind == "int":
            return "compare with Money of the same currency, e.g. amount > Money.zero('USD')"
        return "compare with Money of the same currency"
    if symbol in ("int()", "index()"):
        return "use amount.minor for the int of minor units"
    if symbol in ("float()", "complex()"):  # float-ok: the refusal of float(money)
        return "money is exact and a float is not: use amount.to_decimal() or amount.minor"
    if symbol in ("round()", "math.floor()", "math.ceil()", "math.trunc()"):
        return "Money is already whole minor units; round an ExactMoney with .round(rounding)"
    return "Money adds, subtracts, compares and scales by an int; see Money.multiply for rates"


def exact_hint(symbol: str, other: Any) -> str:
    """The fix for an operator :class:`ExactMoney` refuses."""
    kind = _kind(other)
    if symbol in ("+", "-"):
        if kind == "int" and other == 0:
            return "sum() starts from 0: pass a start, sum(values, ExactMoney.zero(currency))"
        return "add ExactMoney or Money of the same currency"
    if symbol == "*":
        return "multiply by a Rate with value.multiply(rate); floats are never exact"
    if symbol in ("int()", "index()", "float()", "complex()", "round()"):  # float-ok
        return "round it with value.round(rounding), or read value.minor (a Fraction)"
    if symbol in ("math.floor()", "math.ceil()", "math.trunc()"):
        return "round it with value.round(Rounding.FLOOR) or another explicit mode"
    if symbol in ("<", "<=", ">", ">="):
        return "compare value.minor of two amounts in the same currency"
    return "ExactMoney adds, subtracts, negates and multiplies by a Rate; round it to get Money"


def units_hint(symbol: str, other: Any) -> str:
    """The fix for an operator :class:`Coins` or :class:`Diamonds` refuses."""
    kind = _kind(other)
    if symbol in ("+", "-", "<", "<=", ">", ">="):
        if kind in ("Coins", "Diamonds"):
            return (
                "coins and diamonds are different units: a gift converts coins to "
                "diamonds with the economy's conversion policy"
            )
        if kind in ("Money", "ExactMoney"):
            return (
                "virtual units are not money: convert with the economy's price book "
                "(coins) or diamond valuation (diamonds)"
            )
        if kind == "int" and other == 0 and symbol in ("+", "-"):
            return "sum() starts from 0: pass a start, sum(values, Coins(0))"
        return "combine units of the same kind, e.g. Coins(5), or read .amount"
    if symbol == "*":
        return "multiply by an int; for a share use .allocate(ratios), which adds up exactly"
    if symbol in ("/", "//", "%", "divmod"):
        return f"{_SPLIT}; units // n divides by an int and rounds down"
    if symbol in ("int()", "index()", "float()", "complex()", "round()"):  # float-ok
        return "read .amount, the int"
    return "virtual units add, subtract, compare and scale by an int"


def rate_hint(symbol: str, other: Any) -> str:
    """The fix for an operator :class:`Rate` refuses."""
    if symbol in ("<", "<=", ">", ">="):
        return "compare with another Rate, e.g. rate <= Rate.ONE or Rate.parse('0.5')"
    if symbol in ("*", "/") and _kind(other) in ("Money", "Coins", "Diamonds"):
        return "apply a rate with amount.multiply(rate, rounding) or .allocate(ratios)"
    if symbol in ("int()", "index()", "float()", "complex()", "round()"):  # float-ok
        return "read rate.value (an exact Fraction), or format it with rate.percent(places, mode)"
    if symbol == "-x":
        return "a rate is never negative; apply the sign to the amount"
    return "rates add, subtract, multiply and divide by a Rate or an int >= 0"


def plain_hint(what: str) -> Hint:
    """A hint for a value that is not a number at all (a currency, a window...)."""

    def hint(symbol: str, other: Any) -> str:
        return f"a {what} is not a number and has no order; compare with =="

    return hint
