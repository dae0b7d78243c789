"""Rounding: the seven modes of the decimal module, on exact values, with a remainder."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import decimal
import math
import pickle
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from giftflow import InvalidTypeError, Rounded, Rounding
from giftflow.testing import roundings

# Enough digits that quantizing to an integer never rounds for any other reason.
EXACT = decimal.Context(prec=10_000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def decimal_round(numerator: int, places: int, mode: Rounding) -> int:
    """Round ``numerator / 10**places`` to an int with the decimal module."""
    value = Decimal(numerator).scaleb(-places, EXACT)
    return int(value.quantize(Decimal(1), rounding=mode.value, context=EXACT))


def terminating() -> st.SearchStrategy[tuple[int, int]]:
    """(numerator, places) of n / 10**places, with exact ties (…5) made likely."""
    numerators = st.one_of(
        st.integers(-(10**30), 10**30),
        st.integers(-(10**12), 10**12).map(lambda n: 10 * n + 5),
        st.integers(-100, 100),
    )
    return st.tuples(numerators, st.integers(0, 12))


class TestRounding:
    def test_has_the_seven_decimal_modes(self) -> None:
        expected = {
            "HALF_EVEN": decimal.ROUND_HALF_EVEN,
            "HALF_UP": decimal.ROUND_HALF_UP,
            "HALF_DOWN": decimal.ROUND_HALF_DOWN,
            "UP": decimal.ROUND_UP,
            "DOWN": decimal.ROUND_DOWN,
            "CEILING": decimal.ROUND_CEILING,
            "FLOOR": decimal.ROUND_FLOOR,
        }
        assert expected == {mode.name: mode.value for mode in Rounding}

    @pytest.mark.parametrize("mode", list(Rounding))
    def test_pickles_and_looks_up_by_value(self, mode: Rounding) -> None:
        assert mode is pickle.loads(pickle.dumps(mode))
        assert mode is Rounding(mode.value)
        assert mode is Rounding[mode.name]


# Every mode on the values where modes disagree: ±2.5, ±3.5, ±2.4, ±2.6.
TABLE = {
    "HALF_EVEN": [2, -2, 4, -4, 2, -2, 3, -3],
    "HALF_UP": [3, -3, 4, -4, 2, -2, 3, -3],
    "HALF_DOWN": [2, -2, 3, -3, 2, -2, 3, -3],
    "UP": [3, -3, 4, -4, 3, -3, 3, -3],
    "DOWN": [2, -2, 3, -3, 2, -2, 2, -2],
    "CEILING": [3, -2, 4, -3, 3, -2, 3, -2],
    "FLOOR": [2, -3, 3, -4, 2, -3, 2, -3],
}
TABLE_VALUES = [Fraction(n, 10) for n in (25, -25, 35, -35, 24, -24, 26, -26)]


class TestRoundingRound:
    @pytest.mark.parametrize(("name", "expected"), TABLE.items())
    def test_table(self, name: str, expected: list[int]) -> None:
        mode = Rounding[name]
        assert expected == [mode.round(value).units for value in TABLE_VALUES]

    @given(terminating(), roundings())
    @example((5, 1), Rounding.HALF_EVEN)
    @example((-5, 1), Rounding.HALF_DOWN)
    @example((-15, 1), Rounding.HALF_UP)
    @example((10**30 + 5, 1), Rounding.HALF_EVEN)
    def test_agrees_with_the_decimal_module(self, value: tuple[int, int], mode: Rounding) -> None:
        numerator, places = value
        expected = decimal_round(numerator, places, mode)
        assert expected == mode.round(Fraction(numerator, 10**places)).units

    @given(st.integers(-(10**30), 10**30), st.integers(1, 10**12), roundings())
    def test_units_and_remainder_add_back_to_the_value(
        self, numerator: int, denominator: int, mode: Rounding
    ) -> None:
        value = Fraction(numerator, denominator)
        result = mode.round(value)
        assert value == result.units + result.remainder
        assert abs(result.remainder) < 1
        assert int is type(result.units)
        assert Fraction is type(result.remainder)

    @given(st.fractions(), roundings())
    def test_agrees_with_the_fraction_operations(self, value: Fraction, mode: Rounding) -> None:
        away = math.ceil(value) if value > 0 else math.floor(value)
        nearest = {  # only ties are decided by the mode
            Rounding.HALF_EVEN: round(value),
            Rounding.HALF_UP: away
            if abs(value - math.trunc(value)) == Fraction(1, 2)
            else round(value),
            Rounding.HALF_DOWN: math.trunc(value)
            if abs(value - math.trunc(value)) == Fraction(1, 2)
            else round(value),
            Rounding.UP: away,
            Rounding.DOWN: math.trunc(value),
            Rounding.CEILING: math.ceil(value),
            Rounding.FLOOR: math.floor(value),
        }
        assert nearest[mode] == mode.round(value).units

    @given(st.fractions(), roundings())
    def test_remainder_has_the_sign_the_mode_implies(self, value: Fraction, mode: Rounding) -> None:
        remainder = mode.round(value).remainder
        if mode is Rounding.FLOOR:
            assert 0 <= remainder
        elif mode is Rounding.CEILING:
            assert remainder <= 0
        elif mode is Rounding.DOWN:
            assert 0 <= remainder * value
        elif mode is Rounding.UP:
            assert remainder * value <= 0
        else:
            assert abs(remainder) <= Fraction(1, 2)

    @given(st.integers(), roundings())
    def test_an_int_is_already_whole(self, value: int, mode: Rounding) -> None:
        assert Rounded(value, Fraction(0)) == mode.round(value)
        assert Rounded(value, Fraction(0)) == mode.round(Fraction(value))

    @pytest.mark.parametrize(
        "value", [2.5, Decimal("2.5"), True, "5/2", None, decimal.Decimal("NaN"), complex(1)]
    )
    def test_refuses_anything_but_int_or_fraction(self, value: Any) -> None:
        with pytest.raises(InvalidTypeError) as info:
            Rounding.HALF_EVEN.round(value)
        assert ("value", value) == (info.value.argument, info.value.value)
        assert repr(value) in str(info.value)


class TestRounded:
    def test_holds_units_and_remainder(self) -> None:
        result = Rounding.HALF_UP.round(Fraction(7, 2))
        assert (4, Fraction(-1, 2)) == (result.units, result.remainder)
        assert Rounded(units=4, remainder=Fraction(-1, 2)) == result

    def test_is_immutable(self) -> None:
        result = Rounding.FLOOR.round(Fraction(7, 2))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            result.units = 4  # type: ignore[misc]

    def test_repr_round_trips(self) -> None:
        result = Rounding.UP.round(Fraction(-7, 3))
        assert result == eval(repr(result), {"Rounded": Rounded, "Fraction": Fraction})
