"""Taxes and fees as data: exact tax splits, both fee bases, minimums, maximums, yearly thresholds."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Crossing,
    Currency,
    CurrencyMismatchError,
    ExactMoney,
    Fee,
    FeeBasis,
    FeeCharge,
    FeeKind,
    InvalidTypeError,
    InvalidValueError,
    Money,
    Rate,
    Rounding,
    Tax,
    TaxMode,
    Threshold,
    currency,
)
from giftflow.testing import currencies, fees, rates, roundings, taxes, thresholds

USD = currency("USD")
GBP = currency("GBP")
COIN_CURRENCIES = currencies(exponents={0, 2, 3})


def usd(text: str) -> Money:
    return Money.parse(text, USD)


def amounts(unit: Currency, *, low: int = 0, high: int = 10**10) -> st.SearchStrategy[Money]:
    return st.integers(low, high).map(lambda minor: Money.of_minor(minor, unit))


def threshold_fee(
    low: str, high: str, crossing: Crossing, limit: Money, rounding: Rounding = Rounding.HALF_UP
) -> Fee:
    return Fee(
        name="store",
        kind=FeeKind.STORE,
        basis=FeeBasis.NET_OF_TAX,
        rounding=rounding,
        rate=Rate.parse(low),
        threshold=Threshold(limit=limit, rate_above=Rate.parse(high), crossing=crossing),
    )


class TestTaxMode:
    def test_names_both_ways_of_charging_tax(self) -> None:
        assert ["included", "added"] == [mode.value for mode in TaxMode]


class TestTax:
    @given(COIN_CURRENCIES.flatmap(amounts), rates(), roundings())
    def test_included_tax_is_price_times_r_over_one_plus_r(
        self, price: Money, rate: Rate, rounding: Rounding
    ) -> None:
        tax = Tax(rate=rate, mode=TaxMode.INCLUDED, rounding=rounding)
        exact = Fraction(price.minor) * rate.value / (1 + rate.value)
        gross, amount, exact_tax = tax.split(price)
        assert price == gross
        assert exact == exact_tax.minor
        assert rounding.round(exact).units == amount.minor

    @given(COIN_CURRENCIES.flatmap(amounts), rates(), roundings())
    def test_added_tax_goes_on_top_of_the_price(
        self, price: Money, rate: Rate, rounding: Rounding
    ) -> None:
        tax = Tax(rate=rate, mode=TaxMode.ADDED, rounding=rounding)
        gross, amount, exact_tax = tax.split(price)
        assert price.minor * rate.value == exact_tax.minor
        assert rounding.round(price.minor * rate.value).units == amount.minor
        assert price + amount == gross

    @given(taxes(), COIN_CURRENCIES.flatmap(amounts))
    def test_gross_less_tax_is_never_negative(self, tax: Tax, price: Money) -> None:
        gross, amount, _ = tax.split(price)
        assert gross - amount >= Money.zero(price.currency)

    def test_uk_vat_on_99p_is_17p_rounding_half_up(self) -> None:
        vat = Tax(rate=Rate.parse("20%"), mode=TaxMode.INCLUDED, rounding=Rounding.HALF_UP)
        gross, amount, exact = vat.split(Money.parse("0.99", GBP))
        # 99 x 0.2 / 1.2 = 16.5 pence exactly: the rounding mode decides the last penny.
        assert (Money.parse("0.99", GBP), Money.parse("0.17", GBP)) == (gross, amount)
        assert Fraction(33, 2) == exact.minor

    def test_the_rounding_mode_is_part_of_the_tax(self) -> None:
        vat = Tax(rate=Rate.parse("20%"), mode=TaxMode.INCLUDED, rounding=Rounding.HALF_EVEN)
        assert Money.parse("0.16", GBP) == vat.split(Money.parse("0.99", GBP))[1]

    def test_us_sales_tax_is_added(self) -> None:
        sales = Tax(rate=Rate.parse("8.875%"), mode=TaxMode.ADDED, rounding=Rounding.HALF_UP)
        gross, amount, _ = sales.split(usd("9.99"))
        assert (usd("10.88"), usd("0.89")) == (gross, amount)

    def test_none_charges_nothing(self) -> None:
        assert (usd("0.99"), usd("0.00")) == Tax.none().split(usd("0.99"))[:2]

    @pytest.mark.parametrize(
        ("field", "value"),
        [("rate", 0.2), ("rate", "20%"), ("mode", "included"), ("rounding", "HALF_UP")],
    )
    def test_refuses_a_field_of_the_wrong_type(self, field: str, value: Any) -> None:
        fields: dict[str, Any] = {
            "rate": Rate.parse("20%"),
            "mode": TaxMode.INCLUDED,
            "rounding": Rounding.HALF_UP,
        }
        with pytest.raises(InvalidTypeError, match=rf"^{field} must be a"):
            Tax(**{**fields, field: value})

    def test_refuses_an_empty_name(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^name must be"):
            Tax(rate=Rate.ZERO, mode=TaxMode.ADDED, rounding=Rounding.HALF_UP, name="")


class TestFeeBasis:
    def test_names_both_bases(self) -> None:
        assert ["gross", "net_of_tax"] == [basis.value for basis in FeeBasis]


class TestFeeKind:
    def test_names_the_store_and_the_processor(self) -> None:
        assert ["store", "processor"] == [kind.value for kind in FeeKind]


class TestCrossing:
    def test_names_both_ways_of_crossing_a_threshold(self) -> None:
        assert ["whole_purchase", "split"] == [crossing.value for crossing in Crossing]


class TestThreshold:
    @pytest.mark.parametrize("limit", ["0", "-1"])
    def test_refuses_a_limit_that_is_not_positive(self, limit: str) -> None:
        with pytest.raises(InvalidValueError, match=r"^limit must be positive"):
            Threshold(limit=usd(limit), rate_above=Rate.parse("30%"), crossing=Crossing.SPLIT)

    def test_refuses_a_limit_that_is_not_money(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^limit must be a Money"):
            Threshold(limit=1_000_000, rate_above=Rate.parse("30%"), crossing=Crossing.SPLIT)  # type: ignore[arg-type]

    @given(thresholds())
    def test_generated_thresholds_have_a_positive_limit(self, threshold: Threshold) -> None:
        assert threshold.limit.minor > 0


class TestFee:
    @given(fees().filter(lambda fee: fee.threshold is None), st.data())
    def test_is_the_clamped_percentage_plus_fixed_rounded_once(
        self, fee: Fee, data: st.DataObject
    ) -> None:
        unit = fee.currency or data.draw(COIN_CURRENCIES)
        base = data.draw(amounts(unit))
        exact = base.minor * fee.rate.value + (fee.fixed.minor if fee.fixed else 0)
        if fee.minimum is not None:
            exact = max(exact, Fraction(fee.minimum.minor))
        if fee.maximum is not None:
            exact = min(exact, Fraction(fee.maximum.minor))
        charge = fee.charge(base)
        assert exact == charge.exact.minor
        assert fee.rounding.round(exact).units == charge.amount.minor
        assert (fee.name, fee.kind, fee.basis, base) == (
            charge.name,
            charge.kind,
            charge.basis,
            charge.base,
        )

    def test_card_fee_on_74_cents_is_32_cents(self) -> None:
        card = Fee(
            name="card",
            kind=FeeKind.PROCESSOR,
            basis=FeeBasis.GROSS,
            rounding=Rounding.HALF_UP,
            rate=Rate.parse("2.9%"),
            fixed=usd("0.30"),
        )
        charge = card.charge(usd("0.74"))
        # 74 x 2.9% = 2.146 cents, plus 30.
        assert (Fraction("32.146"), usd("0.32")) == (charge.exact.minor, charge.amount)

    def test_minimum_applies_to_small_payments(self) -> None:
        fee = Fee(
            name="wallet",
            kind=FeeKind.PROCESSOR,
            basis=FeeBasis.GROSS,
            rounding=Rounding.HALF_UP,
            rate=Rate.parse("1%"),
            minimum=usd("0.05"),
        )
        charge = fee.charge(usd("1.00"))
        assert (usd("0.05"), "minimum 0.05 USD") == (charge.amount, charge.note)

    def test_maximum_caps_large_payments(self) -> None:
        fee = Fee(
            name="wallet",
            kind=FeeKind.PROCESSOR,
            basis=FeeBasis.GROSS,
            rounding=Rounding.HALF_UP,
            rate=Rate.parse("1%"),
            maximum=usd("2.00"),
        )
        charge = fee.charge(usd("500.00"))
        assert (usd("2.00"), "maximum 2.00 USD") == (charge.amount, charge.note)

    def test_refuses_a_minimum_above_the_maximum(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^minimum exceeds maximum"):
            Fee(
                name="x",
                kind=FeeKind.STORE,
                basis=FeeBasis.GROSS,
                rounding=Rounding.HALF_UP,
                minimum=usd("2.00"),
                maximum=usd("1.00"),
            )

    def test_refuses_fixed_parts_in_two_currencies(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="USD and GBP"):
            Fee(
                name="x",
                kind=FeeKind.STORE,
                basis=FeeBasis.GROSS,
                rounding=Rounding.HALF_UP,
                fixed=usd("0.30"),
                minimum=Money.parse("0.10", GBP),
            )

    def test_refuses_a_negative_fixed_fee(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^fixed must not be negative"):
            Fee(
                name="x",
                kind=FeeKind.STORE,
                basis=FeeBasis.GROSS,
                rounding=Rounding.HALF_UP,
                fixed=usd("-0.30"),
            )

    def test_refuses_a_threshold_that_is_not_a_threshold(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^threshold must be a Threshold"):
            Fee(
                name="x",
                kind=FeeKind.STORE,
                basis=FeeBasis.GROSS,
                rounding=Rounding.HALF_UP,
                threshold="1M",  # type: ignore[arg-type]
            )

    def test_refuses_a_base_in_another_currency(self) -> None:
        fee = Fee(
            name="card",
            kind=FeeKind.PROCESSOR,
            basis=FeeBasis.GROSS,
            rounding=Rounding.HALF_UP,
            fixed=usd("0.30"),
        )
        with pytest.raises(CurrencyMismatchError, match="GBP and USD"):
            fee.charge(Money.parse("0.99", GBP))

    def test_refuses_a_base_that_is_not_money(self) -> None:
        fee = Fee(name="x", kind=FeeKind.STORE, basis=FeeBasis.GROSS, rounding=Rounding.UP)
        with pytest.raises(InvalidTypeError, match=r"^base must be Money"):
            fee.charge(99)  # type: ignore[arg-type]

    def test_a_threshold_fee_needs_the_proceeds_to_date(self) -> None:
        fee = threshold_fee("15%", "30%", Crossing.SPLIT, usd("1000000"))
        with pytest.raises(InvalidValueError, match=r"^proceeds_to_date is required") as error:
            fee.charge(usd("0.99"))
        assert "Money.zero" in str(error.value)

    def test_refuses_proceeds_in_another_currency(self) -> None:
        fee = threshold_fee("15%", "30%", Crossing.SPLIT, usd("1000000"))
        with pytest.raises(CurrencyMismatchError):
            fee.charge(usd("0.99"), proceeds_to_date=Money.zero(GBP))

    @pytest.mark.parametrize(
        ("proceeds", "expected", "rate"),
        [
            ("0", "0.15", "15%"),  # 99 x 15% = 14.85 -> 15 cents
            ("999999.15", "0.15", "15%"),  # proceeds 84.15 cents fill the headroom of 85
            ("999999.16", "0.30", "30%"),  # 84.15 > 84: the whole purchase pays 30%
            ("1000000", "0.30", "30%"),
            ("5000000", "0.30", "30%"),
        ],
    )
    def test_whole_purchase_crossing_jumps_to_the_high_rate(
        self, proceeds: str, expected: str, rate: str
    ) -> None:
        fee = threshold_fee("15%", "30%", Crossing.WHOLE_PURCHASE, usd("1000000"))
        charge = fee.charge(usd("0.99"), proceeds_to_date=usd(proceeds))
        assert (usd(expected), Rate.parse(rate)) == (charge.amount, charge.rate)

    def test_split_crossing_blends_the_two_rates(self) -> None:
        fee = threshold_fee("15%", "30%", Crossing.SPLIT, usd("1000000"))
        charge = fee.charge(usd("0.99"), proceeds_to_date=usd("999999.50"))
        # 50 cents of headroom: the first 50 / 0.85 cents of the base pay 15%, the rest 30%.
        low_part = Fraction(50) / Fraction("0.85")
        exact = low_part * Fraction("0.15") + (99 - low_part) * Fraction("0.30")
        assert Fraction(3549, 170) == exact == charge.exact.minor
        assert usd("0.21") == charge.amount
        assert charge.note.startswith("crosses the yearly threshold")

    @given(
        COIN_CURRENCIES.flatmap(
            lambda unit: st.tuples(amounts(unit), amounts(unit, low=1), st.integers(0, 10**10))
        ),
        rates(),
        rates(),
        st.sampled_from(Crossing),
        roundings(),
    )
    def test_threshold_fee_is_low_rate_within_the_headroom_and_high_rate_beyond(
        self,
        amounts_and_proceeds: tuple[Money, Money, int],
        low: Rate,
        high: Rate,
        crossing: Crossing,
        rounding: Rounding,
    ) -> None:
        base, limit, proceeds_minor = amounts_and_proceeds
        unit = base.currency
        fee = Fee(
            name="store",
            kind=FeeKind.STORE,
            basis=FeeBasis.NET_OF_TAX,
            rounding=rounding,
            rate=low,
            threshold=Threshold(limit=limit, rate_above=high, crossing=crossing),
        )
        proceeds = Money.of_minor(proceeds_minor, unit)
        charge = fee.charge(base, proceeds_to_date=proceeds)
        headroom = limit.minor - proceeds_minor
        # The part of the base whose proceeds (base less the low-rate fee) fit in the
        # headroom pays the low rate; the rest pays the high rate.
        if low.value == 1:
            within = Fraction(base.minor) if headroom >= 0 else Fraction(0)
        else:
            within = min(Fraction(base.minor), max(Fraction(0), headroom / (1 - low.value)))
        if crossing is Crossing.WHOLE_PURCHASE and within < base.minor:
            within = Fraction(0)
        exact = within * low.value + (base.minor - within) * high.value
        assert exact == charge.exact.minor
        assert rounding.round(exact).units == charge.amount.minor

    @given(
        COIN_CURRENCIES.flatmap(lambda unit: st.tuples(amounts(unit), amounts(unit, low=1))),
        rates(),
        rates(),
        st.integers(0, 10**10),
    )
    def test_split_fee_lies_between_the_two_rates(
        self, base_and_limit: tuple[Money, Money], low: Rate, high: Rate, proceeds: int
    ) -> None:
        base, limit = base_and_limit
        fee = Fee(
            name="store",
            kind=FeeKind.STORE,
            basis=FeeBasis.NET_OF_TAX,
            rounding=Rounding.HALF_EVEN,
            rate=low,
            threshold=Threshold(limit=limit, rate_above=high, crossing=Crossing.SPLIT),
        )
        exact = fee.charge(base, proceeds_to_date=Money.of_minor(proceeds, base.currency)).exact
        bounds = sorted([base.minor * low.value, base.minor * high.value])
        assert bounds[0] <= exact.minor <= bounds[1]


class TestFeeCharge:
    def test_keeps_the_exact_amount_next_to_the_rounded_one(self) -> None:
        apple = Fee(
            name="apple",
            kind=FeeKind.STORE,
            basis=FeeBasis.NET_OF_TAX,
            rounding=Rounding.HALF_UP,
            rate=Rate.parse("30%"),
        )
        charge = apple.charge(usd("0.99"))
        expected = FeeCharge(
            name="apple",
            kind=FeeKind.STORE,
            basis=FeeBasis.NET_OF_TAX,
            base=usd("0.99"),
            rate=Rate.parse("30%"),
            exact=ExactMoney(Fraction("29.7"), USD),
            amount=usd("0.30"),
            rounding=Rounding.HALF_UP,
        )
        assert expected == charge
        assert Fraction("-0.3") == (charge.exact - charge.amount).minor
