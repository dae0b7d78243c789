"""Rate: exact non-negative rationals for rates, shares and percentages."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import operator
import pickle
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from giftflow import (
    Coins,
    GiftflowError,
    InvalidTypeError,
    InvalidValueError,
    Money,
    ParseError,
    Rate,
)
from giftflow.testing import money, rates

NAMESPACE: dict[str, Any] = {}
exec("from giftflow import *", NAMESPACE)


def anything() -> st.SearchStrategy[object]:
    """Any object, with the values parsers most often get wrong made likely."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(),
        st.binary(),
        st.decimals(),
        st.sampled_from(
            [Decimal("NaN"), Decimal("-sNaN"), Decimal("Infinity"), Decimal("-Infinity")]
        ),
        st.fractions(),
        st.lists(st.integers(), max_size=3),
        money(),
        rates(),
        st.from_type(object),
    )


class TestRate:
    def test_holds_a_fraction(self) -> None:
        assert Fraction(7, 10) == Rate(Fraction(7, 10)).value

    @pytest.mark.parametrize("value", [0.5, 1, True, Decimal("0.5"), "1/2", None])
    def test_rejects_anything_but_a_fraction(self, value: Any) -> None:
        with pytest.raises(InvalidTypeError, match="value"):
            Rate(value)

    def test_rejects_a_negative_fraction(self) -> None:
        with pytest.raises(InvalidValueError, match="negative"):
            Rate(Fraction(-1, 2))

    def test_is_immutable(self) -> None:
        rate = Rate.parse("0.5")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            rate.value = Fraction(1)  # type: ignore[misc]

    def test_has_zero_and_one(self) -> None:
        assert (Fraction(0), Fraction(1)) == (Rate.ZERO.value, Rate.ONE.value)

    @given(rates(max_value=None))
    def test_equal_values_are_equal_and_hash_equal(self, rate: Rate) -> None:
        twin = Rate(Fraction(rate.value.numerator, rate.value.denominator))
        assert rate == twin
        assert hash(rate) == hash(twin)

    @pytest.mark.parametrize("other", [Fraction(1, 2), 0.5, "50%", Decimal("0.5"), None])
    def test_never_equals_a_foreign_type(self, other: object) -> None:
        assert (Rate.parse("1/2") == other) is False

    @given(rates(max_value=None))
    def test_pickles(self, rate: Rate) -> None:
        assert rate == pickle.loads(pickle.dumps(rate))

    @pytest.mark.parametrize(
        ("rate", "text", "shown"),
        [
            (Rate(Fraction(1, 2)), "Rate.parse('0.5')", "50%"),
            (Rate(Fraction(1, 200)), "Rate.parse('0.005')", "0.5%"),
            (Rate(Fraction(1, 3)), "Rate.parse('1/3')", "1/3"),
            (Rate(Fraction(3)), "Rate.parse('3')", "300%"),
            (Rate.ZERO, "Rate.parse('0')", "0%"),
        ],
    )
    def test_repr_is_code_and_str_is_a_percentage(self, rate: Rate, text: str, shown: str) -> None:
        assert text == repr(rate)
        assert shown == str(rate)

    @given(rates(max_value=None, max_denominator=10**12))
    def test_repr_and_str_round_trip(self, rate: Rate) -> None:
        assert rate == eval(repr(rate), NAMESPACE)
        assert rate == Rate.parse(str(rate))

    # -- arithmetic matches Fraction arithmetic --------------------------------

    @given(rates(max_value=None), rates(max_value=None))
    def test_adds_and_multiplies_like_fractions(self, a: Rate, b: Rate) -> None:
        assert Rate(a.value + b.value) == a + b
        assert Rate(a.value * b.value) == a * b

    @given(rates(max_value=None), rates(max_value=None))
    def test_subtracts_like_fractions_down_to_zero(self, a: Rate, b: Rate) -> None:
        high, low = max(a, b), min(a, b)
        assert Rate(high.value - low.value) == high - low
        if high != low:
            with pytest.raises(InvalidValueError, match="cannot be negative"):
                low - high

    @given(rates(max_value=None), rates(min_value=Rate.parse("1/1000000"), max_value=None))
    def test_divides_like_fractions(self, a: Rate, b: Rate) -> None:
        assert Rate(a.value / b.value) == a / b

    @given(rates(max_value=None), st.integers(0, 10**6))
    def test_scales_by_non_negative_ints(self, rate: Rate, factor: int) -> None:
        assert Rate(rate.value * factor) == rate * factor
        assert rate * factor == factor * rate
        if factor:
            assert Rate(rate.value / factor) == rate / factor

    @given(rates(max_value=None), rates(max_value=None))
    def test_compares_like_fractions(self, a: Rate, b: Rate) -> None:
        assert (a.value < b.value) == (a < b)
        assert (a.value <= b.value) == (a <= b)
        assert (a.value > b.value) == (a > b)
        assert (a.value >= b.value) == (a >= b)
        assert (a.value == b.value) == (a == b)

    @pytest.mark.parametrize("zero", [Rate.ZERO, 0])
    def test_refuses_to_divide_by_zero(self, zero: Rate | int) -> None:
        with pytest.raises(InvalidValueError, match="zero"):
            Rate.ONE / zero

    @pytest.mark.parametrize(
        "operation",
        [operator.add, operator.sub, operator.mul, operator.truediv, operator.lt, operator.ge],
    )
    @pytest.mark.parametrize(
        "other", [0.5, Fraction(1, 2), Decimal("0.5"), True, -1, "1/2", Coins(1), None]
    )
    def test_foreign_types_are_a_type_error(
        self, operation: Callable[[Any, Any], Any], other: Any
    ) -> None:
        # A negative int is the right type for * and /, but the wrong value.
        expected = (
            ValueError
            if other == -1 and operation in (operator.mul, operator.truediv)
            else TypeError
        )
        with pytest.raises(expected):
            operation(Rate.ONE, other)
        with pytest.raises(TypeError if operation is not operator.mul else expected):
            operation(other, Rate.ONE)

    @pytest.mark.parametrize("operation", [operator.mul, operator.truediv])
    @pytest.mark.parametrize("other", [-1, -(10**30)])
    def test_refuses_to_scale_by_a_negative_int(
        self, operation: Callable[[Any, Any], Any], other: int
    ) -> None:
        with pytest.raises(InvalidValueError, match="must not be negative") as info:
            operation(Rate.parse("30%"), other)
        assert ("other", other) == (info.value.argument, info.value.value)
        assert "never negative" in info.value.hint

    def test_refuses_a_negative_int_on_either_side_of_a_product(self) -> None:
        with pytest.raises(InvalidValueError, match="must not be negative"):
            -1 * Rate.parse("30%")

    @pytest.mark.parametrize(
        "operation", [operator.add, operator.sub, operator.mul, operator.truediv]
    )
    @pytest.mark.parametrize(
        ("other", "hint"),
        [
            (0.5, "float"),
            (True, "bool"),
            (Decimal("0.5"), "Rate.parse(Decimal('0.5'))"),
            (Fraction(1, 2), "Rate.parse(Fraction(1, 2))"),
        ],
    )
    def test_refuses_other_numbers_as_operands_with_a_giftflow_error(
        self, operation: Callable[[Any, Any], Any], other: Any, hint: str
    ) -> None:
        with pytest.raises(InvalidTypeError) as info:
            operation(Rate.parse("30%"), other)
        assert ("other", other) == (info.value.argument, info.value.value)
        assert hint in info.value.hint

    @pytest.mark.parametrize("operation", [operator.add, operator.sub])
    def test_refuses_to_add_an_int(self, operation: Callable[[Any, Any], Any]) -> None:
        with pytest.raises(InvalidTypeError, match="must be a Rate") as info:
            operation(Rate.parse("30%"), 1)
        assert "Rate.parse(1)" in info.value.hint

    def test_never_multiplies_money_implicitly(self) -> None:
        price = Money.parse("0.99", "USD")
        with pytest.raises(TypeError):
            price * Rate.parse("30%")  # type: ignore[operator]
        with pytest.raises(TypeError):
            Rate.parse("30%") * price  # type: ignore[operator]


class TestRateParse:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("0.005", Fraction(1, 200)),
            ("50%", Fraction(1, 2)),
            ("12.5%", Fraction(1, 8)),
            ("12.5 %", Fraction(1, 8)),
            ("7/10", Fraction(7, 10)),
            (" 7 / 10 ", Fraction(7, 10)),
            ("14/20", Fraction(7, 10)),
            ("0", Fraction(0)),
            ("-0", Fraction(0)),
            ("0/5", Fraction(0)),
            ("2", Fraction(2)),
            (".25", Fraction(1, 4)),
            ("+1.5", Fraction(3, 2)),
            ("250%", Fraction(5, 2)),
            (Decimal("0.005"), Fraction(1, 200)),
            (Decimal("5E-3"), Fraction(1, 200)),
            (3, Fraction(3)),
            (Fraction(1, 3), Fraction(1, 3)),
        ],
    )
    def test_parses_decimals_percentages_and_ratios(
        self, value: str | int | Decimal | Fraction, expected: Fraction
    ) -> None:
        assert Rate(expected) == Rate.parse(value)

    @pytest.mark.parametrize("value", [0.5, 1.0, float("nan"), True, False, None, b"0.5", [1]])
    def test_refuses_floats_bools_and_other_types(self, value: Any) -> None:
        with pytest.raises(InvalidTypeError) as info:
            Rate.parse(value)
        assert ("rate", value) == (info.value.argument, info.value.value)
        assert repr(value) in str(info.value)
        assert isinstance(info.value, TypeError)

    @pytest.mark.parametrize(
        "value", ["-0.5", "-50%", "-1/2", "1/-2", -1, Decimal("-0.1"), Fraction(-1, 3)]
    )
    def test_refuses_negative_rates(self, value: str | int | Decimal | Fraction) -> None:
        with pytest.raises(InvalidValueError, match="negative") as info:
            Rate.parse(value)
        assert ("rate", value) == (info.value.argument, info.value.value)

    @pytest.mark.parametrize("value", ["1/0", "0/0"])
    def test_refuses_division_by_zero(self, value: str) -> None:
        with pytest.raises(InvalidValueError, match="divides by zero"):
            Rate.parse(value)

    @pytest.mark.parametrize(
        "value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity")]
    )
    def test_refuses_nan_and_infinity(self, value: Decimal) -> None:
        with pytest.raises(InvalidValueError, match="finite"):
            Rate.parse(value)

    @pytest.mark.parametrize(
        "value", [Decimal("1E+999999999"), Decimal("1E-999999999"), Decimal("1E+4300")]
    )
    def test_refuses_a_decimal_of_more_than_4300_digits_written_out(self, value: Decimal) -> None:
        # Decimal("1E+999999999") used to hang, computing 10**999999999.
        with pytest.raises(InvalidValueError, match="digits written out") as info:
            Rate.parse(value)
        assert ("rate", value) == (info.value.argument, info.value.value)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "%",
            "half",
            "1e-3",
            "1e999999999",
            "0,5",
            "1/2/3",
            "1.5/2",
            "1/",
            "/2",
            "50%%",
            "%50",
            "0.5.1",
            "inf",
            "NaN",
            "½",
            "\uff11/\uff12",  # full-width digits
            "1" * 5000,
            "1/" + "3" * 5000,
        ],
    )
    def test_refuses_malformed_text(self, text: str) -> None:
        with pytest.raises(ParseError) as info:
            Rate.parse(text)
        assert ("rate", text) == (info.value.argument, info.value.value)

    @given(st.integers(0, 10**12), st.integers(1, 10**12))
    def test_ratio_text_is_the_fraction(self, numerator: int, denominator: int) -> None:
        assert Rate(Fraction(numerator, denominator)) == Rate.parse(f"{numerator}/{denominator}")

    @given(st.integers(0, 10**12), st.integers(0, 8))
    def test_decimal_percent_and_ratio_text_agree(self, units: int, places: int) -> None:
        value = Fraction(units, 10**places)
        decimal_text = format(Decimal(units).scaleb(-places), "f")
        assert Rate(value) == Rate.parse(decimal_text)
        assert Rate(value / 100) == Rate.parse(decimal_text + "%")
        assert Rate(value) == Rate.parse(f"{value.numerator}/{value.denominator}")

    @given(st.text())
    @example("1" * 5000)
    def test_any_text_parses_or_raises_giftflow_error(self, text: str) -> None:
        try:
            rate = Rate.parse(text)
        except GiftflowError:
            return
        assert rate >= Rate.ZERO

    @given(st.text(alphabet="0123456789./%+- eE\t"))
    def test_ratelike_text_parses_or_raises_giftflow_error(self, text: str) -> None:
        try:
            rate = Rate.parse(text)
        except GiftflowError:
            return
        assert rate >= Rate.ZERO

    @given(anything())
    def test_any_input_parses_or_raises_giftflow_error(self, value: Any) -> None:
        try:
            rate = Rate.parse(value)
        except GiftflowError:
            return
        assert rate >= Rate.ZERO


class TestRateRatio:
    @given(st.integers(0, 10**12), st.integers(1, 10**12))
    def test_is_the_fraction(self, numerator: int, denominator: int) -> None:
        assert Rate(Fraction(numerator, denominator)) == Rate.ratio(numerator, denominator)

    @pytest.mark.parametrize(
        ("numerator", "denominator", "error"),
        [
            (1, 0, InvalidValueError),
            (1, -2, InvalidValueError),
            (-1, 2, InvalidValueError),
            (1.0, 2, InvalidTypeError),
            (1, True, InvalidTypeError),
            ("1", 2, InvalidTypeError),
        ],
    )
    def test_refuses_bad_terms(
        self, numerator: Any, denominator: Any, error: type[GiftflowError]
    ) -> None:
        with pytest.raises(error):
            Rate.ratio(numerator, denominator)


class TestRateComplement:
    @given(rates())
    def test_is_one_minus_the_rate(self, rate: Rate) -> None:
        assert Rate(1 - rate.value) == rate.complement()
        assert Rate.ONE == rate + rate.complement()

    def test_refuses_a_rate_above_one(self) -> None:
        with pytest.raises(InvalidValueError, match="at most 1"):
            Rate.parse("101%").complement()
