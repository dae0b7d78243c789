"""Virtual units: coins viewers buy and spend, diamonds creators receive."""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, ClassVar, Self

import attrs

from giftflow._values._allocation import allocate_units, check_parts, weights_of
from giftflow._values._errors import (
    InvalidTypeError,
    InvalidValueError,
    ParseError,
    refuse,
    refuse_operators,
)
from giftflow._values._numbers import bounded, check_amount, parse_int
from giftflow._values._operators import units_hint
from giftflow._values._rate import Rate

__all__ = ["Coins", "Diamonds", "UnitNames"]

_INTEGER = re.compile(r"\s*([+-]?\d+)\s*(\S*)\s*", re.ASCII)
_new = object.__new__
_set = object.__setattr__


def _check_amount(instance: Any, attribute: Any, value: Any) -> None:
    if type(value) is not int:
        raise InvalidTypeError(
            "amount",
            value,
            "must be an int",
            f"virtual units are whole numbers, e.g. {type(instance).__name__}(5)",
        )
    check_amount("amount", value)


@refuse_operators(units_hint)
@attrs.frozen(order=False, repr=False)
class _Units:
    """Shared behaviour of whole-number virtual units; each subclass is its own unit."""

    amount: int = attrs.field(validator=_check_amount)

    _unit: ClassVar[str]

    @classmethod
    def parse(cls, text: str, names: UnitNames | None = None) -> Self:
        """Parse ``"65"`` or ``"65 coins"`` (the unit word must be one of ``names``)."""
        if not isinstance(text, str):
            raise InvalidTypeError("text", text, "must be a str", "pass text such as '65'")
        if names is not None and not isinstance(names, UnitNames):
            raise InvalidTypeError(
                "names", names, "must be a UnitNames or None", "pass UnitNames(coin=..., ...)"
            )
        match = _INTEGER.fullmatch(text)
        amount = None if match is None else parse_int(match.group(1))
        if match is None or amount is None:
            raise ParseError("text", text, "is not a whole number", "write it like '65'")
        check_amount("text", amount)
        word = match.group(2)
        if word:
            singular, plural = (names or UnitNames()).words(cls._unit)
            if word not in (singular, plural):
                raise ParseError(
                    "text",
                    text,
                    f"names the unit {word!r}, not {singular!r} or {plural!r}",
                    "write the number alone, or pass the UnitNames of this economy",
                )
        return cls._unchecked(amount)

    @classmethod
    def _unchecked(cls, amount: int) -> Self:
        # Build without validating, for an amount already known to be an int.
        units = _new(cls)
        _set(units, "amount", amount)
        return units

    def allocate(self, ratios: Sequence[int | Fraction | Rate]) -> tuple[Self, ...]:
        """Split into parts proportional to ``ratios``, by the same rule as Money.allocate."""
        return tuple(
            self._unchecked(part) for part in allocate_units(self.amount, weights_of(ratios))
        )

    def split(self, count: int) -> tuple[Self, ...]:
        """Split into ``count`` parts as equal as possible, earlier parts larger."""
        parts = allocate_units(self.amount, [1] * check_parts(count))
        return tuple(self._unchecked(part) for part in parts)

    def __add__(self, other: Self) -> Self:
        if type(other) is not type(self):
            refuse(self, "+", other, units_hint)
            return NotImplemented
        return self._unchecked(self.amount + other.amount)

    def __sub__(self, other: Self) -> Self:
        if type(other) is not type(self):
            refuse(self, "-", other, units_hint)
            return NotImplemented
        return self._unchecked(self.amount - other.amount)

    def __neg__(self) -> Self:
        return self._unchecked(-self.amount)

    def __pos__(self) -> Self:
        return self

    def __abs__(self) -> Self:
        return self if self.amount >= 0 else self._unchecked(-self.amount)

    def __mul__(self, other: int) -> Self:
        if type(other) is not int:
            refuse(self, "*", other, units_hint)
            return NotImplemented
        return self._unchecked(bounded(self.amount * other))

    def __rmul__(self, other: int) -> Self:
        if type(other) is not int:
            refuse(self, "*", other, units_hint, reflected=True)
            return NotImplemented
        return self._unchecked(bounded(self.amount * other))

    def __floordiv__(self, other: int) -> Self:
        if type(other) is not int:
            refuse(self, "//", other, units_hint)
            return NotImplemented
        if other == 0:
            raise InvalidValueError(
                "divisor", other, "must not be zero", "divide by a non-zero int"
            )
        return self._unchecked(self.amount // other)

    def __bool__(self) -> bool:
        return self.amount != 0

    def __lt__(self, other: Self) -> bool:
        if type(other) is not type(self):
            refuse(self, "<", other, units_hint)
            return NotImplemented
        return self.amount < other.amount

    def __le__(self, other: Self) -> bool:
        if type(other) is not type(self):
            refuse(self, "<=", other, units_hint)
            return NotImplemented
        return self.amount <= other.amount

    def __gt__(self, other: Self) -> bool:
        if type(other) is not type(self):
            refuse(self, ">", other, units_hint)
            return NotImplemented
        return self.amount > other.amount

    def __ge__(self, other: Self) -> bool:
        if type(other) is not type(self):
            refuse(self, ">=", other, units_hint)
            return NotImplemented
        return self.amount >= other.amount

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.amount})"

    def __str__(self) -> str:
        return _DEFAULT_NAMES._show(self)


class Coins(_Units):
    """A whole number of coins: what viewers buy with money and spend on gifts.

    Coins only combine with coins: adding :class:`Diamonds` or :class:`Money` is
    a type error for mypy and raises :class:`InvalidTypeError` (a ``TypeError``)
    at run time, saying to convert with the economy's rules. An economy calls
    them what it likes (Bits, Stars, Jewels) through :class:`UnitNames`.

    Attributes:
        amount: The number of coins, an ``int`` (negative for a debit).

    >>> Coins(65) + Coins(5)
    Coins(70)
    >>> print(Coins(1))
    1 coin
    >>> Coins(100).allocate([1, 1, 1])
    (Coins(34), Coins(33), Coins(33))
    >>> Coins.parse("1321 coins")
    Coins(1321)
    """

    __slots__ = ()
    _unit = "coins"


class Diamonds(_Units):
    """A whole number of diamonds: what creators receive for gifts and cash out.

    Diamonds only combine with diamonds. An economy calls them what it likes
    (beans, Rubies) through :class:`UnitNames`.

    Attributes:
        amount: The number of diamonds, an ``int`` (negative for a debit).

    >>> Diamonds(10) * 3
    Diamonds(30)
    >>> Diamonds(1) + Coins(1)
    Traceback (most recent call last):
    ...
    giftflow.InvalidTypeError: other is not an operand of Diamonds +, got Coins(1) (Coins); ...
    """

    __slots__ = ()
    _unit = "diamonds"


def _check_word(instance: Any, attribute: attrs.Attribute[str], value: Any) -> None:
    # No whitespace of any kind inside: "5 Bits" must parse back with the word intact.
    if not isinstance(value, str) or value.split() != [value]:
        raise InvalidValueError(
            attribute.name, value, "must be one non-empty word", "pass e.g. 'Bits' or 'Stars'"
        )


@attrs.frozen(kw_only=True)
class UnitNames:
    """What an economy calls its coins and diamonds, singular and plural.

    The types stay :class:`Coins` and :class:`Diamonds`; only the words change, so
    a Twitch-like economy shows Bits and a Bigo-like one shows beans without
    any new type. The default is TikTok's words.

    >>> bits = UnitNames(coin="Bit", coins="Bits", diamond="Bit", diamonds="Bits")
    >>> bits.show(Coins(100))
    '100 Bits'
    >>> UnitNames().show(Diamonds(1))
    '1 diamond'
    """

    coin: str = attrs.field(default="coin", validator=_check_word)
    coins: str = attrs.field(default="coins", validator=_check_word)
    diamond: str = attrs.field(default="diamond", validator=_check_word)
    diamonds: str = attrs.field(default="diamonds", validator=_check_word)

    def words(self, unit: str) -> tuple[str, str]:
        """Return the (singular, plural) words of ``unit``, ``"coins"`` or ``"diamonds"``.

        >>> UnitNames().words("coins")
        ('coin', 'coins')
        """
        if unit == "coins":
            return self.coin, self.coins
        if unit == "diamonds":
            return self.diamond, self.diamonds
        raise InvalidValueError("unit", unit, "is not a unit", "pass 'coins' or 'diamonds'")

    def show(self, units: Coins | Diamonds) -> str:
        """Render ``units`` with this economy's word, e.g. ``'65 coins'``.

        >>> UnitNames().show(Coins(-1))
        '-1 coin'
        """
        if not isinstance(units, _Units):
            raise InvalidTypeError("units", units, "must be Coins or Diamonds", "pass Coins(5)")
        return self._show(units)

    def _show(self, units: _Units) -> str:
        singular, plural = self.words(units._unit)
        return f"{units.amount} {singular if abs(units.amount) == 1 else plural}"


_DEFAULT_NAMES = UnitNames()
