"""Operators on the values: every refusal is a GiftflowError that names the fix (issue #12)."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from giftflow import (
    Coins,
    Diamonds,
    GiftflowError,
    InvalidArgumentError,
    InvalidTypeError,
    Money,
    Rate,
    Recurrence,
    Rounding,
    Window,
    currency,
)

# Typed Any: the operations below are type errors for mypy too, which is the point.
USD: Any = currency("USD")
AMOUNT: Any = Money.of_minor(1050, USD)
EXACT: Any = AMOUNT.exact()
RATE: Any = Rate.parse("30%")
COIN: Any = Coins(1)
DIAMOND: Any = Diamonds(1)
START = datetime(2026, 1, 1, tzinfo=UTC)

VALUES: dict[str, Any] = {
    "money": AMOUNT,
    "exact": EXACT,
    "coins": Coins(5),
    "diamonds": Diamonds(5),
    "rate": RATE,
    "currency": USD,
    "rounding": Rounding.HALF_EVEN,
    "window": Window(start=START),
    "recurrence": Recurrence(rule="FREQ=WEEKLY", start=START, duration=timedelta(days=1)),
}
OPERANDS: dict[str, Any] = {
    "zero": 0,
    "int": 2,
    "float": 1.5,
    "bool": True,
    "fraction": Fraction(1, 2),
    "decimal": Decimal("1.5"),
    "str": "x",
    "none": None,
    "money": AMOUNT,
    "coins": Coins(1),
    "diamonds": Diamonds(1),
    "rate": RATE,
    "currency": USD,
}
BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
    "divmod": divmod,
    "**": operator.pow,
    "@": operator.matmul,
    "&": operator.and_,
    "<<": operator.lshift,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
UNARY: dict[str, Callable[[Any], Any]] = {
    "neg": operator.neg,
    "pos": operator.pos,
    "abs": abs,
    "invert": operator.invert,
    "int": int,
    "float": float,
    "complex": complex,
    "index": operator.index,
    "round": round,
    "round2": lambda value: round(value, 2),
    "floor": math.floor,
    "ceil": math.ceil,
    "trunc": math.trunc,
}


def _caught(operation: Callable[[], Any]) -> GiftflowError | None:
    try:
        operation()
    except GiftflowError as error:  # anything else (a bare TypeError, say) fails the test
        return error
    return None


def _runs(operation: Callable[[], Any]) -> None:
    error = _caught(operation)
    if isinstance(error, InvalidArgumentError):
        assert error.hint  # every refusal says what to do instead


class TestNoBareTypeError:
    @pytest.mark.parametrize("symbol", list(BINARY))
    @pytest.mark.parametrize("operand", list(OPERANDS))
    @pytest.mark.parametrize("value", list(VALUES))
    def test_binary_operators_either_work_or_say_why(
        self, value: str, operand: str, symbol: str
    ) -> None:
        function, left, right = BINARY[symbol], VALUES[value], OPERANDS[operand]
        _runs(lambda: function(left, right))
        if not (symbol == "%" and operand == "str"):  # 'x' % value is str formatting
            _runs(lambda: function(right, left))

    @pytest.mark.parametrize("name", list(UNARY))
    @pytest.mark.parametrize("value", list(VALUES))
    def test_unary_operators_and_conversions_either_work_or_say_why(
        self, value: str, name: str
    ) -> None:
        _runs(lambda: UNARY[name](VALUES[value]))

    @pytest.mark.parametrize("value", list(VALUES))
    def test_every_value_hashes_and_has_a_truth_value(self, value: str) -> None:
        hash(VALUES[value])
        bool(VALUES[value])


class TestTheFixIsNamed:
    @pytest.mark.parametrize(
        ("operation", "fix"),
        [
            pytest.param(
                lambda: AMOUNT * 1.5, "multiply(Rate.parse('1.5'), rounding)", id="m*float"
            ),
            pytest.param(
                lambda: 1.5 * AMOUNT, "multiply(Rate.parse('1.5'), rounding)", id="float*m"
            ),
            pytest.param(lambda: AMOUNT * RATE, "amount.multiply(rate, rounding)", id="m*rate"),
            pytest.param(lambda: RATE * AMOUNT, "amount.multiply(rate, rounding)", id="rate*m"),
            pytest.param(lambda: AMOUNT * Fraction(1, 2), "multiply(rate, rounding)", id="m*frac"),
            pytest.param(lambda: AMOUNT * Decimal("1.5"), "multiply(rate, rounding)", id="m*dec"),
            pytest.param(lambda: sum([AMOUNT, AMOUNT]), "Money.total(amounts, currency)", id="sum"),
            pytest.param(lambda: 0 + AMOUNT, "Money.total(amounts, currency)", id="0+m"),
            pytest.param(lambda: AMOUNT + 1, "Money.of_minor", id="m+1"),
            pytest.param(lambda: AMOUNT / 2, ".split(count)", id="m/2"),
            pytest.param(lambda: AMOUNT % 2, ".allocate(ratios)", id="m%2"),
            pytest.param(lambda: divmod(AMOUNT, 2), ".split(count)", id="divmod"),
            pytest.param(lambda: AMOUNT < 1, "Money.zero", id="m<1"),
            pytest.param(lambda: float(AMOUNT), "to_decimal()", id="float(m)"),
            pytest.param(lambda: int(AMOUNT), "amount.minor", id="int(m)"),
            pytest.param(lambda: round(AMOUNT), ".round(rounding)", id="round(m)"),
            pytest.param(lambda: AMOUNT + COIN, "different units", id="m+coins"),
            pytest.param(lambda: COIN + DIAMOND, "different units", id="coins+diamonds"),
            pytest.param(lambda: DIAMOND - COIN, "different units", id="diamonds-coins"),
            pytest.param(lambda: COIN + AMOUNT, "not money", id="coins+m"),
            pytest.param(lambda: COIN < DIAMOND, "different units", id="coins<diamonds"),
            pytest.param(lambda: COIN + 1, "Coins(5)", id="coins+1"),
            pytest.param(lambda: sum([COIN]), "sum(values, Coins(0))", id="sum(coins)"),
            pytest.param(lambda: (COIN * 5) * 1.5, "allocate", id="coins*float"),
            pytest.param(lambda: (COIN * 5) / 2, ".split(count)", id="coins/2"),
            pytest.param(lambda: float(COIN * 5), ".amount", id="float(coins)"),
            pytest.param(lambda: sum([EXACT]), "ExactMoney.zero(currency)", id="sum(exact)"),
            pytest.param(lambda: round(EXACT), "round(rounding)", id="round(exact)"),
            pytest.param(lambda: float(EXACT), "round(rounding)", id="float(exact)"),
            pytest.param(lambda: EXACT < EXACT, "minor", id="exact<exact"),
            pytest.param(lambda: RATE < 1, "Rate.ONE", id="rate<1"),
            pytest.param(lambda: float(RATE), "rate.value", id="float(rate)"),
            pytest.param(lambda: -RATE, "never negative", id="-rate"),
            pytest.param(lambda: USD < USD, "compare with ==", id="currency<currency"),
            pytest.param(lambda: USD + 1, "not a number", id="currency+1"),
        ],
    )
    def test_the_error_says_what_to_do(self, operation: Callable[[], Any], fix: str) -> None:
        with pytest.raises(InvalidTypeError, match=re.escape(fix)) as info:
            operation()
        assert isinstance(info.value, TypeError)


class TestWhatStillWorks:
    def test_equality_with_foreign_types_is_false_not_an_error(self) -> None:
        assert AMOUNT != 0
        assert COIN != 1
        assert RATE != Fraction(3, 10)
        assert COIN != DIAMOND

    def test_money_and_exact_money_combine_both_ways(self) -> None:
        assert Fraction(2100) == (AMOUNT + EXACT).minor
        assert Fraction(2100) == (EXACT + AMOUNT).minor
        assert Fraction(0) == (AMOUNT - EXACT).minor
        assert Fraction(0) == (EXACT - AMOUNT).minor

    def test_scaling_by_an_int_works_from_either_side(self) -> None:
        assert Money.of_minor(3150, USD) == 3 * AMOUNT == AMOUNT * 3
        assert Coins(15) == 3 * Coins(5) == Coins(5) * 3
        assert Rate.parse("90%") == 3 * RATE == RATE * 3

    def test_a_rate_of_zero_is_falsy(self) -> None:
        assert not Rate.ZERO
        assert Rate.ONE

    def test_an_unknown_type_with_the_reflected_operator_gets_its_chance(self) -> None:
        class Handles:
            def __radd__(self, other: Any) -> str:
                return "handled"

            def __rmul__(self, other: Any) -> str:
                return "handled"

        assert "handled" == AMOUNT + Handles()
        assert "handled" == COIN * Handles()
        assert "handled" == USD + Handles()

    def test_an_unknown_type_without_it_is_refused_with_our_error(self) -> None:
        class Plain:
            pass

        with pytest.raises(InvalidTypeError):
            AMOUNT + Plain()
        with pytest.raises(InvalidTypeError):
            Plain() + AMOUNT
