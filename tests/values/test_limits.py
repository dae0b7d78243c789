"""Bounded work: the digits of amounts, rates and exact values are limited when built (issue #12)."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from giftflow import (
    Coins,
    Diamonds,
    ExactMoney,
    InvalidValueError,
    Money,
    Rate,
    Rounding,
    currency,
)
from giftflow._values._numbers import MAX_AMOUNT_DIGITS, MAX_FRACTION_DIGITS, MAX_PARTS

USD = currency("USD")
BIG = 10**MAX_AMOUNT_DIGITS  # the first amount over the limit
WIDE = 10**MAX_FRACTION_DIGITS  # the first numerator or denominator over the limit


class TestTheLimits:
    def test_are_documented_numbers(self) -> None:
        assert (40, 1_000, 1_000_000) == (MAX_AMOUNT_DIGITS, MAX_FRACTION_DIGITS, MAX_PARTS)


class TestAmountLimit:
    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda n: Money.of_minor(n, USD), id="Money.of_minor"),
            pytest.param(lambda n: Money(n, USD), id="Money"),
            pytest.param(lambda n: Coins(n), id="Coins"),
            pytest.param(lambda n: Diamonds(n), id="Diamonds"),
            pytest.param(lambda n: Coins.parse(str(n)), id="Coins.parse"),
            pytest.param(lambda n: Money.parse(str(n), "JPY"), id="Money.parse"),
            pytest.param(lambda n: Money.parse(Decimal(n), "JPY"), id="Money.parse-Decimal"),
        ],
    )
    @pytest.mark.parametrize("sign", [1, -1], ids=["positive", "negative"])
    def test_forty_digits_pass_and_forty_one_are_refused(
        self, build: Callable[[int], Any], sign: int
    ) -> None:
        assert build(sign * (BIG - 1)) is not None
        with pytest.raises(InvalidValueError, match="more than 40 digits") as info:
            build(sign * BIG)
        assert "real amounts" in info.value.hint

    @pytest.mark.parametrize(
        "huge", [10**5000, 10 ** (10**5)], ids=["5,000 digits", "100,000 digits"]
    )
    def test_an_unprintable_amount_is_refused_quickly_and_printably(self, huge: int) -> None:
        started = time.perf_counter()
        with pytest.raises(InvalidValueError) as info:
            Coins(huge)
        assert time.perf_counter() - started < 0.5
        assert "bits>" in str(info.value)  # the message itself never fails to print

    @pytest.mark.parametrize(
        "operation",
        [
            pytest.param(lambda: Money.of_minor(BIG - 1, USD) * 10, id="money*int"),
            pytest.param(lambda: 10 * Money.of_minor(BIG - 1, USD), id="int*money"),
            pytest.param(lambda: Coins(BIG - 1) * 10, id="coins*int"),
            pytest.param(lambda: 10 * Diamonds(BIG - 1), id="int*diamonds"),
            pytest.param(
                lambda: Money.of_minor(BIG - 1, USD).multiply(Rate.ratio(10, 1), Rounding.DOWN),
                id="multiply",
            ),
            pytest.param(
                lambda: ExactMoney(Fraction(BIG), USD).round(Rounding.DOWN), id="exact.round"
            ),
        ],
    )
    def test_a_product_past_the_limit_is_refused(self, operation: Callable[[], Any]) -> None:
        with pytest.raises(InvalidValueError, match="result has more than 40 digits"):
            operation()


class TestFractionLimit:
    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda f: Rate(f), id="Rate"),
            pytest.param(lambda f: Rate.parse(f), id="Rate.parse-Fraction"),
            pytest.param(lambda f: Rate.parse(f"{f.numerator}/{f.denominator}"), id="Rate.parse"),
            pytest.param(lambda f: ExactMoney(f, USD), id="ExactMoney"),
            pytest.param(
                lambda f: ExactMoney.parse(f"{f.numerator}/{f.denominator}", "JPY"),
                id="ExactMoney.parse",
            ),
        ],
    )
    @pytest.mark.parametrize(
        "over",
        [
            pytest.param(lambda: Fraction(1, WIDE), id="denominator"),
            pytest.param(lambda: Fraction(WIDE, 3), id="numerator"),
        ],
    )
    def test_a_thousand_digits_pass_and_more_are_refused(
        self, build: Callable[[Fraction], Any], over: Callable[[], Fraction]
    ) -> None:
        assert build(Fraction(1, WIDE - 1)) is not None
        with pytest.raises(InvalidValueError, match="more than 1,000 digits"):
            build(over())

    def test_exact_arithmetic_past_the_limit_is_refused(self) -> None:
        third = Money.of_minor(1, USD).multiply_exact(Rate.ratio(1, 3**1200))
        with pytest.raises(InvalidValueError, match="more than 1,000 digits"):
            third.multiply(Rate.ratio(1, 3**1200))

    def test_a_rate_of_a_thousand_digits_prints(self) -> None:
        rate = Rate(Fraction(1, WIDE - 1))
        assert str(rate).startswith("1/")
        assert repr(rate).startswith("Rate.parse('1/")


class TestAllocationIsBounded:
    def test_rates_that_need_a_huge_common_denominator_are_refused_quickly(self) -> None:
        primes_like = [Fraction(1, 10**999 + 7 + 2 * i) for i in range(50)]
        started = time.perf_counter()
        with pytest.raises(InvalidValueError, match="common denominator of more than 1,000"):
            Money.of_minor(10**12, USD).allocate(primes_like)
        assert time.perf_counter() - started < 0.5

    def test_a_huge_int_ratio_is_refused(self) -> None:
        with pytest.raises(InvalidValueError, match="more than 1,000 digits"):
            Money.of_minor(100, USD).allocate([WIDE, 1])

    @pytest.mark.parametrize(
        "split",
        [
            pytest.param(lambda: Money.of_minor(100, USD).split(MAX_PARTS + 1), id="money"),
            pytest.param(lambda: Coins(100).split(10**18), id="coins"),
        ],
    )
    def test_too_many_parts_are_refused_before_any_work(self, split: Callable[[], Any]) -> None:
        with pytest.raises(InvalidValueError, match="more than 1,000,000 parts"):
            split()

    def test_rates_sharing_a_denominator_allocate_as_before(self) -> None:
        parts = Money.of_minor(100, USD).allocate([Rate.parse("70%"), Rate.parse("30%")])
        assert (70, 30) == tuple(part.minor for part in parts)


class TestFormattingIsBounded:
    @pytest.mark.parametrize("places", [-1, 1_001, 10**9], ids=["negative", "1,001", "a billion"])
    def test_percent_refuses_places_past_the_fraction_limit(self, places: int) -> None:
        with pytest.raises(InvalidValueError, match="from 0 to 1,000"):
            Rate.parse("1/3").percent(places, Rounding.HALF_EVEN)

    def test_percent_with_a_thousand_places_prints(self) -> None:
        assert 1_000 + 4 == len(Rate.parse("1/3").percent(1_000, Rounding.HALF_EVEN))
