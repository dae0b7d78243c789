"""FxRate, FxRates and DiamondValuation: explicit exact rates, effective from dates."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    CurrencyMismatchError,
    Diamonds,
    DiamondValuation,
    ExactMoney,
    FxRate,
    FxRates,
    GiftflowError,
    InvalidTypeError,
    InvalidValueError,
    MissingRateError,
    Money,
    NaiveDatetimeError,
    OverlapError,
    Rate,
    Rounding,
    currency,
)
from giftflow.presets import bigo, tiktok_scaled_rewards_2025
from giftflow.testing import diamond_valuations, exact_money, fx_rate_tables, money, roundings

NOV = datetime(2026, 11, 1, tzinfo=UTC)
DEC = datetime(2026, 12, 1, tzinfo=UTC)


class TestFxRate:
    def test_builds_from_codes_and_text(self) -> None:
        rate = FxRate.of("eur", "USD", "1.0812", effective=NOV)
        assert (currency("EUR"), currency("USD"), Rate.parse("1.0812"), NOV) == (
            rate.source,
            rate.target,
            rate.rate,
            rate.effective,
        )
        assert "1 EUR = 1.0812 USD from 2026-11-01T00:00:00+00:00" == str(rate)

    def test_refuses_a_zero_rate_naming_the_field(self) -> None:
        with pytest.raises(InvalidValueError) as raised:
            FxRate.of("EUR", "USD", "0")
        assert "rate" == raised.value.argument
        assert "positive" in str(raised.value)

    def test_refuses_a_negative_rate_naming_the_field(self) -> None:
        with pytest.raises(InvalidValueError) as raised:
            FxRate.of("EUR", "USD", "-1.08")
        assert "rate" == raised.value.argument

    def test_refuses_a_float_rate(self) -> None:
        with pytest.raises(InvalidTypeError):
            FxRate.of("EUR", "USD", 1.08)  # type: ignore[arg-type]

    def test_refuses_the_same_currency_twice(self) -> None:
        with pytest.raises(InvalidValueError) as raised:
            FxRate.of("USD", "USD", "1")
        assert "target" == raised.value.argument

    def test_refuses_a_naive_effective_date(self) -> None:
        with pytest.raises(NaiveDatetimeError) as raised:
            FxRate.of("EUR", "USD", "1.08", effective=datetime(2026, 1, 1))
        assert "effective" == raised.value.argument


class TestFxRates:
    table = FxRates(
        (
            FxRate.of("USD", "EUR", "0.92"),
            FxRate.of("USD", "EUR", "0.925", effective=NOV),
            FxRate.of("USD", "JPY", "150.5"),
        )
    )

    def test_uses_the_latest_rate_in_force(self) -> None:
        before, after = datetime(2026, 10, 31, 23, 59, tzinfo=UTC), NOV
        assert (Rate.parse("0.92"), Rate.parse("0.925")) == (
            self.table.rate("USD", "EUR", at=before),
            self.table.rate("USD", "EUR", at=after),
        )

    def test_a_currency_converts_to_itself_at_one(self) -> None:
        assert Rate.ONE == self.table.rate("USD", "USD", at=NOV)

    def test_a_missing_pair_names_the_pair(self) -> None:
        with pytest.raises(MissingRateError) as raised:
            self.table.rate("EUR", "USD", at=NOV)
        assert ("rates", "EUR->USD") == (raised.value.argument, raised.value.value)
        assert "FxRate.of('EUR', 'USD'" in str(raised.value)

    def test_never_inverts_a_rate(self) -> None:
        with pytest.raises(MissingRateError):
            FxRates((FxRate.of("EUR", "USD", "1.08"),)).rate("USD", "EUR", at=NOV)

    def test_a_rate_not_yet_in_force_is_missing_and_the_hint_says_when(self) -> None:
        table = FxRates((FxRate.of("USD", "GBP", "0.79", effective=DEC),))
        with pytest.raises(MissingRateError) as raised:
            table.rate("USD", "GBP", at=NOV)
        assert "2026-12-01" in raised.value.hint

    def test_refuses_two_rates_for_one_pair_and_date(self) -> None:
        with pytest.raises(OverlapError) as raised:
            FxRates((FxRate.of("USD", "EUR", "0.92"), FxRate.of("USD", "EUR", "0.93")))
        assert "rates" == raised.value.argument

    def test_refuses_other_items(self) -> None:
        with pytest.raises(InvalidTypeError):
            FxRates((("USD", "EUR", "0.92"),))  # type: ignore[arg-type]

    def test_converts_between_exponents(self) -> None:
        paid, residue = self.table.convert(
            Money.parse("10.01", "USD"), "JPY", at=NOV, rounding=Rounding.HALF_EVEN
        )
        # 10.01 x 150.5 = 1,506.505 yen
        assert (Money.parse("1507", "JPY"), ExactMoney(Fraction(-99, 200), currency("JPY"))) == (
            paid,
            residue,
        )

    def test_refuses_a_float_amount(self) -> None:
        with pytest.raises(InvalidTypeError) as raised:
            self.table.convert(1.5, "EUR", at=NOV, rounding=Rounding.DOWN)  # type: ignore[arg-type]
        assert "amount" == raised.value.argument

    @given(
        money(currency="USD", min_value=-(10**9), max_value=10**9) | exact_money(currency="USD"),
        fx_rate_tables("USD", "KWD"),
        roundings(),
    )
    def test_converted_plus_residue_is_the_exact_value(
        self, amount: Money | ExactMoney, table: FxRates, rounding: Rounding
    ) -> None:
        paid, residue = table.convert(amount, "KWD", at=NOV, rounding=rounding)
        exact = amount.exact() if isinstance(amount, Money) else amount
        rate = table.rate("USD", "KWD", at=NOV)
        expected = exact.minor * rate.value * 10  # KWD has 3 places, USD 2
        assert expected == paid.minor + residue.minor
        assert abs(residue.minor) < 1


class TestDiamondValuation:
    def test_values_diamonds_below_the_minor_unit(self) -> None:
        valuation = DiamondValuation.of(ExactMoney.parse("1/210", "USD"))
        # Bigo's reported minimum: 6,700 Beans at $1/210 = $31.904...
        assert ExactMoney(Fraction(67_000, 21), currency("USD")) == valuation.value(
            Diamonds(6_700), at=NOV
        )

    def test_uses_the_value_in_force(self) -> None:
        valuation = DiamondValuation(
            ((None, Money.parse("0.01", "USD")), (DEC, ExactMoney.parse("0.005", "USD")))
        )
        assert (Fraction(1), Fraction(1, 2)) == (
            valuation.value_at(NOV).minor,
            valuation.value_at(DEC).minor,
        )

    def test_before_the_first_value_is_missing(self) -> None:
        valuation = DiamondValuation(((DEC, ExactMoney.parse("0.005", "USD")),))
        with pytest.raises(MissingRateError) as raised:
            valuation.value_at(NOV)
        assert "valuation" == raised.value.argument

    def test_comes_from_an_economys_conversion_schedule(self) -> None:
        assert ExactMoney.parse("1/210", "USD") == DiamondValuation.from_conversion(
            bigo().conversion
        ).value_at(NOV)
        dated = DiamondValuation.from_conversion(tiktok_scaled_rewards_2025())
        assert 2 == len(dated.values)

    @pytest.mark.parametrize(
        ("values", "error", "argument"),
        [
            ((), InvalidTypeError, "values"),
            (((None, ExactMoney.parse("0", "USD")),), InvalidValueError, "values[0].value"),
            (((None, 0.005),), InvalidTypeError, "values[0]"),
            (
                ((DEC, ExactMoney.parse("0.01", "USD")), (NOV, ExactMoney.parse("0.01", "USD"))),
                InvalidValueError,
                "values[1].start",
            ),
            (
                ((NOV, ExactMoney.parse("0.01", "USD")), (None, ExactMoney.parse("0.01", "USD"))),
                InvalidValueError,
                "values[1].start",
            ),
            (
                ((datetime(2026, 1, 1), ExactMoney.parse("0.01", "USD")),),
                NaiveDatetimeError,
                "values[0].start",
            ),
        ],
    )
    def test_refuses_bad_values_naming_the_field(
        self, values: Any, error: type[InvalidValueError], argument: str
    ) -> None:
        with pytest.raises(error) as raised:
            DiamondValuation(values)
        assert argument == raised.value.argument

    def test_refuses_two_currencies(self) -> None:
        with pytest.raises(CurrencyMismatchError):
            DiamondValuation(
                ((None, ExactMoney.parse("0.01", "USD")), (DEC, ExactMoney.parse("0.01", "EUR")))
            )

    @given(diamond_valuations(), st.integers(0, 10**9))
    def test_value_is_linear_in_diamonds(self, valuation: DiamondValuation, count: int) -> None:
        per = valuation.value_at(DEC)
        assert per.minor * count == valuation.value(Diamonds(count), at=DEC).minor

    @given(st.from_type(object))
    def test_any_input_either_builds_or_raises_a_giftflow_error(self, value: object) -> None:
        with contextlib.suppress(GiftflowError):
            DiamondValuation(value)  # type: ignore[arg-type]
