"""Rounding modes and the one primitive that turns an exact value into whole units."""

from __future__ import annotations

import decimal
from fractions import Fraction
from typing import Any

import attrs

from giftflow._values._errors import Choice, InvalidTypeError, InvalidValueError, refuse_operators
from giftflow._values._operators import plain_hint

__all__ = ["Rounded", "Rounding"]


@attrs.frozen
class Rounded:
    """The result of rounding an exact value: whole ``units`` plus what was left over.

    ``units + remainder`` is always exactly the value that was rounded, so the
    remainder can be carried forward or booked to an account instead of being lost.

    >>> from fractions import Fraction
    >>> Rounding.HALF_EVEN.round(Fraction(5, 2))
    Rounded(units=2, remainder=Fraction(1, 2))
    """

    units: int = attrs.field()
    remainder: Fraction = attrs.field()

    @units.validator
    def _check_units(self, attribute: attrs.Attribute[int], value: Any) -> None:
        if type(value) is not int:
            raise InvalidTypeError("units", value, "must be an int", "use Rounding.round(value)")

    @remainder.validator
    def _check_remainder(self, attribute: attrs.Attribute[Fraction], value: Any) -> None:
        if type(value) is not Fraction:
            raise InvalidTypeError(
                "remainder", value, "must be a Fraction", "use Rounding.round(value)"
            )
        if not -1 < value < 1:
            raise InvalidValueError(
                "remainder",
                value,
                "must lie strictly between -1 and 1 (what rounding to whole units leaves)",
                "use Rounding.round(value), which keeps units + remainder == value",
            )

    @classmethod
    def _unchecked(cls, units: int, remainder: Fraction) -> Rounded:
        # Build without validating, for Rounding.round's own results.
        rounded = object.__new__(cls)
        object.__setattr__(rounded, "units", units)
        object.__setattr__(rounded, "remainder", remainder)
        return rounded


@refuse_operators(plain_hint("rounding mode"))
class Rounding(Choice):
    """How to round an exact value to whole units; the same meaning as :mod:`decimal`'s modes.

    Every lossy step in giftflow takes one of these explicitly; there is no default
    and no ambient context. The value of each member is the matching
    :mod:`decimal` constant, so ``Decimal.quantize(..., rounding=mode.value)``
    agrees with :meth:`round`.

    >>> from fractions import Fraction
    >>> [mode.round(Fraction(-5, 2)).units for mode in Rounding]
    [-2, -3, -2, -3, -2, -2, -3]
    """

    HALF_EVEN = decimal.ROUND_HALF_EVEN
    """Nearest; ties to the even neighbour (banker's rounding)."""
    HALF_UP = decimal.ROUND_HALF_UP
    """Nearest; ties away from zero."""
    HALF_DOWN = decimal.ROUND_HALF_DOWN
    """Nearest; ties towards zero."""
    UP = decimal.ROUND_UP
    """Away from zero."""
    DOWN = decimal.ROUND_DOWN
    """Towards zero (truncation)."""
    CEILING = decimal.ROUND_CEILING
    """Towards positive infinity."""
    FLOOR = decimal.ROUND_FLOOR
    """Towards negative infinity."""

    def round(self, value: Fraction | int) -> Rounded:
        """Round ``value`` to a whole number of units with this mode.

        Args:
            value: The exact value, a :class:`~fractions.Fraction` or an ``int``.

        Returns:
            The whole units and the remainder, with ``units + remainder == value``.

        Raises:
            InvalidTypeError: ``value`` is not an ``int`` or a ``Fraction`` (floats,
                bools and Decimals are refused: convert them exactly first).

        >>> Rounding.HALF_UP.round(Fraction(7, 2))
        Rounded(units=4, remainder=Fraction(-1, 2))
        >>> Rounding.DOWN.round(Fraction(-7, 2)).units
        -3
        """
        if type(value) is int:
            return Rounded._unchecked(value, Fraction(0))
        if not isinstance(value, Fraction):
            raise InvalidTypeError(
                "value",
                value,
                "must be an int or a fractions.Fraction",
                "convert it exactly first, e.g. Fraction(Decimal('2.5')) or Rate.parse('2.5')",
            )
        units = round_fraction(value.numerator, value.denominator, self)
        return Rounded._unchecked(units, value - units)


# Module-level aliases: on CPython 3.11 looking a member up on its enum class costs
# about 60 ns, reading a module global about 6 ns, and this is the hot path of rounding.
_FLOOR = Rounding.FLOOR
_CEILING = Rounding.CEILING
_DOWN = Rounding.DOWN
_UP = Rounding.UP
_HALF_EVEN = Rounding.HALF_EVEN
_HALF_UP = Rounding.HALF_UP


def round_fraction(numerator: int, denominator: int, mode: Rounding) -> int:
    """Round ``numerator / denominator`` (denominator > 0) to an int with ``mode``.

    The hot path of every conversion; pure integer arithmetic.
    """
    quotient, remainder = divmod(numerator, denominator)  # floor division
    if remainder == 0:
        return quotient
    # Here quotient < exact < quotient + 1.
    if mode is _FLOOR:
        return quotient
    if mode is _CEILING:
        return quotient + 1
    negative = numerator < 0
    if mode is _DOWN:
        return quotient + 1 if negative else quotient
    if mode is _UP:
        return quotient if negative else quotient + 1
    twice = 2 * remainder
    if twice < denominator:
        return quotient
    if twice > denominator:
        return quotient + 1
    # An exact tie between quotient and quotient + 1.
    if mode is _HALF_EVEN:
        return quotient if quotient % 2 == 0 else quotient + 1
    if mode is _HALF_UP:
        return quotient if negative else quotient + 1
    # HALF_DOWN
    return quotient + 1 if negative else quotient


def check_rounding(rounding: Any) -> None:
    """Refuse anything but a :class:`Rounding` (there is never a default mode)."""
    if type(rounding) is not Rounding:
        raise InvalidTypeError(
            "rounding", rounding, "must be a Rounding", "pass e.g. Rounding.HALF_EVEN explicitly"
        )
