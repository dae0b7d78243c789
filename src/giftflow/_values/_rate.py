"""Exact, non-negative rates, shares and percentages."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from giftflow._values._errors import (
    InvalidTypeError,
    InvalidValueError,
    ParseError,
    refuse,
    refuse_operators,
)
from giftflow._values._numbers import (
    MAX_FRACTION_DIGITS,
    check_fraction,
    format_scaled,
    parse_decimal_text,
    parse_ratio,
    terminating_decimal,
    to_fraction,
)
from giftflow._values._operators import rate_hint
from giftflow._values._rounding import Rounding

__all__ = ["Rate"]


def _check_fraction(instance: Rate, attribute: attrs.Attribute[Fraction], value: Any) -> None:
    if not isinstance(value, Fraction):
        raise InvalidTypeError(
            "value",
            value,
            "must be a fractions.Fraction",
            "use Rate.parse('0.05'), Rate.parse('5%') or Rate.parse('1/20')",
        )
    if value < 0:
        raise InvalidValueError(
            "value", value, "must not be negative", "rates, shares and percentages are >= 0"
        )
    check_fraction("value", value)


@refuse_operators(rate_hint)
@attrs.frozen(order=False)
class Rate:
    """An exact non-negative rational number: a rate, share, percentage or price ratio.

    Rates are never floats. Build one with :meth:`parse` from text (``"0.005"``,
    ``"50%"``, ``"7/10"``), an ``int``, a :class:`~decimal.Decimal` or a
    :class:`~fractions.Fraction`; or pass a ``Fraction`` to the constructor.

    >>> Rate.parse("50%") == Rate.parse("1/2") == Rate.parse("0.5")
    True
    >>> Rate.parse("30%") * Rate.parse("1/2")
    Rate.parse('0.15')
    >>> str(Rate.parse("0.005"))
    '0.5%'

    Rates add, subtract (never below zero), and multiply and divide by a rate or
    by an ``int >= 0``. A rate is never negative, so ``rate * -1`` raises
    :class:`InvalidValueError`, as ``Rate.parse("-1")`` does. Any other number
    (``float``, ``bool``, ``Decimal``, ``Fraction``) raises
    :class:`InvalidTypeError`: write it as a rate first, exactly, as does any
    other operand giftflow knows (``rate * money`` says to use ``money.multiply``).

    >>> Rate.parse("30%") * -1
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: other must not be negative, got -1 (int); ...
    >>> Rate.parse("30%") * 0.5
    Traceback (most recent call last):
    ...
    giftflow.InvalidTypeError: other must be a Rate or an int >= 0, got 0.5 (float); ...
    """

    value: Fraction = attrs.field(validator=_check_fraction)

    ZERO: ClassVar[Rate]
    ONE: ClassVar[Rate]

    @classmethod
    def parse(cls, value: str | int | Decimal | Fraction) -> Rate:
        """Build a rate from text or an exact number.

        Text may be a decimal (``"0.005"``), a percentage (``"12.5%"``) or a ratio
        of integers (``"7/10"``). Surrounding whitespace is ignored.

        Args:
            value: The rate, as ``str``, ``int``, ``Decimal`` or ``Fraction``.

        Returns:
            The exact rate.

        Raises:
            InvalidTypeError: ``value`` is a ``float``, a ``bool`` or another type.
            ParseError: The text is not in one of the forms above.
            InvalidValueError: The rate is negative, or a ratio divides by zero, or a
                ``Decimal`` is NaN, infinite or needs more than 4,300 digits written out.

        >>> Rate.parse("7/10").value
        Fraction(7, 10)
        >>> Rate.parse(0.5)
        Traceback (most recent call last):
        ...
        giftflow.InvalidTypeError: rate must be a str, int, Decimal or Fraction, got 0.5 ...
        """
        exact = _parse_rate_text(value) if isinstance(value, str) else to_fraction("rate", value)
        if exact < 0:
            raise InvalidValueError(
                "rate", value, "must not be negative", "rates, shares and percentages are >= 0"
            )
        return cls(exact)

    @classmethod
    def ratio(cls, numerator: int, denominator: int) -> Rate:
        """Build the rate ``numerator / denominator`` from two non-negative ints.

        >>> Rate.ratio(1, 3)
        Rate.parse('1/3')
        """
        for name, number in (("numerator", numerator), ("denominator", denominator)):
            if type(number) is not int:
                raise InvalidTypeError(name, number, "must be an int", "pass whole numbers")
        if denominator <= 0:
            raise InvalidValueError(
                "denominator", denominator, "must be positive", "pass a whole number above 0"
            )
        return cls.parse(Fraction(numerator, denominator))

    def complement(self) -> Rate:
        """Return ``1 - self``; the rate must not exceed one.

        >>> Rate.parse("30%").complement()
        Rate.parse('0.7')
        """
        if self.value > 1:
            raise InvalidValueError(
                "rate", self, "must be at most 1 to take its complement", "pass a share <= 100%"
            )
        return Rate(1 - self.value)

    def percent(self, places: int, rounding: Rounding) -> str:
        """Format as a percentage with ``places`` decimals, rounded with ``rounding``.

        >>> Rate.parse("65/198").percent(1, Rounding.HALF_EVEN)
        '32.8%'
        """
        if type(places) is not int or not 0 <= places <= MAX_FRACTION_DIGITS:
            raise InvalidValueError(
                "places", places, f"must be an int from 0 to {MAX_FRACTION_DIGITS:,}", "pass e.g. 1"
            )
        if type(rounding) is not Rounding:
            raise InvalidTypeError("rounding", rounding, "must be a Rounding", "Rounding.HALF_EVEN")
        scaled = rounding.round(self.value * 100 * 10**places).units
        return f"{format_scaled(scaled, places)}%"

    def __add__(self, other: Rate) -> Rate:
        if type(other) is not Rate:
            _refuse_number(other, ints=False)
            refuse(self, "+", other, rate_hint)
            return NotImplemented
        return Rate(self.value + other.value)

    def __sub__(self, other: Rate) -> Rate:
        if type(other) is not Rate:
            _refuse_number(other, ints=False)
            refuse(self, "-", other, rate_hint)
            return NotImplemented
        if other.value > self.value:
            raise InvalidValueError(
                "other", other, f"exceeds {self!r}, and rates cannot be negative", "subtract less"
            )
        return Rate(self.value - other.value)

    def __mul__(self, other: Rate | int) -> Rate:
        if type(other) is Rate:
            return Rate(self.value * other.value)
        if type(other) is int and other >= 0:
            return Rate(self.value * other)
        _refuse_number(other, ints=True)
        refuse(self, "*", other, rate_hint)
        return NotImplemented

    def __rmul__(self, other: Rate | int) -> Rate:
        if type(other) is int and other >= 0:
            return Rate(self.value * other)
        _refuse_number(other, ints=True)
        refuse(self, "*", other, rate_hint, reflected=True)
        return NotImplemented

    def __truediv__(self, other: Rate | int) -> Rate:
        if type(other) is Rate:
            divisor = other.value
        elif type(other) is int and other >= 0:
            divisor = Fraction(other)
        else:
            _refuse_number(other, ints=True)
            refuse(self, "/", other, rate_hint)
            return NotImplemented
        if divisor == 0:
            raise InvalidValueError("other", other, "must not be zero", "divide by a positive rate")
        return Rate(self.value / divisor)

    def __lt__(self, other: Rate) -> bool:
        if type(other) is not Rate:
            refuse(self, "<", other, rate_hint)
            return NotImplemented
        return self.value < other.value

    def __le__(self, other: Rate) -> bool:
        if type(other) is not Rate:
            refuse(self, "<=", other, rate_hint)
            return NotImplemented
        return self.value <= other.value

    def __gt__(self, other: Rate) -> bool:
        if type(other) is not Rate:
            refuse(self, ">", other, rate_hint)
            return NotImplemented
        return self.value > other.value

    def __ge__(self, other: Rate) -> bool:
        if type(other) is not Rate:
            refuse(self, ">=", other, rate_hint)
            return NotImplemented
        return self.value >= other.value

    def __bool__(self) -> bool:
        return self.value != 0

    def __repr__(self) -> str:
        return f"Rate.parse({self._canonical()!r})"

    def __str__(self) -> str:
        percent = terminating_decimal(self.value * 100)
        return f"{percent}%" if percent is not None else self._canonical()

    def _canonical(self) -> str:
        text = terminating_decimal(self.value)
        if text is not None:
            return text
        return f"{self.value.numerator}/{self.value.denominator}"


def _refuse_number(other: Any, *, ints: bool) -> None:
    # A number the caller meant as an operand gets an error that says how to write it;
    # anything else falls through to NotImplemented, so that Python raises its own
    # TypeError or lets the other type handle the operation.
    if ints and type(other) is int:  # only negative ints reach here
        raise InvalidValueError(
            "other",
            other,
            "must not be negative",
            "a Rate is never negative (Rate.parse refuses it too); apply the sign to the amount",
        )
    if isinstance(other, int | float | Decimal | Fraction):
        if isinstance(other, bool):
            hint = "a bool is not a number; pass a Rate"
        elif isinstance(other, float):
            hint = "a float has already lost the exact value; write it as Rate.parse('0.5')"
        else:
            hint = f"wrap it: Rate.parse({other!r})"
        raise InvalidTypeError(
            "other", other, "must be a Rate or an int >= 0" if ints else "must be a Rate", hint
        )


Rate.ZERO = Rate(Fraction(0))
Rate.ONE = Rate(Fraction(1))


def _parse_rate_text(text: str) -> Fraction:
    ratio = parse_ratio("rate", text)
    if ratio is not None:
        return ratio
    stripped = text.strip()
    percent = stripped.endswith("%")
    if percent:
        stripped = stripped[:-1].rstrip()
    parsed = parse_decimal_text(stripped)
    if parsed is None:
        raise ParseError(
            "rate", text, "is not a rate", "write a decimal ('0.005'), a percentage or a ratio"
        )
    return parsed[0] / 100 if percent else parsed[0]


def check_rate(rate: Any) -> None:
    """Refuse anything but a :class:`Rate`."""
    if type(rate) is not Rate:
        raise InvalidTypeError("rate", rate, "must be a Rate", "use Rate.parse('0.3') or '30%'")
