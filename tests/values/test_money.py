"""Money and ExactMoney: exact amounts, parsing, arithmetic, rates and allocation."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import contextlib
import decimal
import math
import pickle
import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import giftflow
from giftflow import (
    Coins,
    Currency,
    CurrencyMismatchError,
    Diamonds,
    ExactMoney,
    GiftflowError,
    InvalidArgumentError,
    InvalidTypeError,
    InvalidValueError,
    Money,
    ParseError,
    PrecisionLossError,
    Rate,
    Rounding,
    UnknownCurrencyError,
    currency,
)
from giftflow.testing import (
    assert_sums_to,
    coins,
    currencies,
    exact_money,
    money,
    rates,
    ratios,
    roundings,
)

USD = currency("USD")
EUR = currency("EUR")
JPY = currency("JPY")
KWD = currency("KWD")
CLF = currency("CLF")
GEM = Currency(code="GEM", exponent=0, name="Gem")
USD4 = Currency(code="USD", exponent=4, name="US dollar, to the hundredth of a cent")

# What `from giftflow import *` gives, where reprs must evaluate back to equal values.
NAMESPACE: dict[str, Any] = {"Fraction": Fraction}
exec("from giftflow import *", NAMESPACE)

Ratio = int | Fraction | Rate


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
        coins(),
        currencies(),
        st.from_type(object),
    )


def usd(text: str) -> Money:
    return Money.parse(text, USD)


def value_of(ratio: Ratio) -> Fraction:
    return ratio.value if isinstance(ratio, Rate) else Fraction(ratio)


def exact_shares(minor: int, weights: Sequence[Ratio]) -> list[Fraction]:
    values = [value_of(ratio) for ratio in weights]
    total = sum(values, Fraction(0))
    return [minor * value / total for value in values]


def custom_currencies() -> st.SearchStrategy[Currency]:
    """Caller-defined currencies of every allowed exponent, some named like ISO ones."""
    return st.builds(
        Currency,
        code=st.one_of(
            st.sampled_from(["USD", "JPY", "GEM", "X1"]), st.from_regex(r"\AZ[A-Z]{3}\Z")
        ),
        exponent=st.integers(0, 18),
        name=st.text(max_size=8),
    )


class TestMoney:
    def test_holds_minor_units_and_currency(self) -> None:
        amount = Money(1050, USD)
        assert 1050 == amount.minor
        assert USD is amount.currency

    @pytest.mark.parametrize("minor", [1.5, 10.0, True, "1050", Decimal(1050), None])
    def test_rejects_minor_that_is_not_an_int(self, minor: Any) -> None:
        with pytest.raises(InvalidTypeError, match="minor"):
            Money(minor, USD)

    def test_rejects_a_currency_code_in_the_constructor(self) -> None:
        with pytest.raises(InvalidTypeError, match="currency"):
            Money(1050, "USD")  # type: ignore[arg-type]

    @pytest.mark.parametrize("field", ["minor", "currency", "other"])
    def test_is_immutable(self, field: str) -> None:
        amount = usd("1.00")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(amount, field, 5)
        assert usd("1.00") == amount

    @given(money())
    def test_equal_values_are_equal_and_hash_equal(self, amount: Money) -> None:
        twin = Money.of_minor(amount.minor, amount.currency)
        assert amount == twin
        assert hash(amount) == hash(twin)
        assert 1 == len({amount, twin})

    def test_equality_needs_the_same_currency(self) -> None:
        assert usd("1.00") != Money.parse("1.00", EUR)
        assert Money.of_minor(100, USD) != Money.of_minor(100, USD4)

    @pytest.mark.parametrize("other", [0, 100, Decimal("1.00"), "1.00 USD", Coins(100), None])
    def test_never_equals_a_foreign_type(self, other: object) -> None:
        assert (usd("1.00") == other) is False
        assert (usd("1.00") != other) is True

    @given(money())
    def test_is_true_unless_zero(self, amount: Money) -> None:
        assert (amount.minor != 0) == bool(amount)

    @given(money())
    def test_pickles(self, amount: Money) -> None:
        assert amount == pickle.loads(pickle.dumps(amount))

    # -- text -----------------------------------------------------------------

    @pytest.mark.parametrize(
        ("amount", "text"),
        [
            (Money.of_minor(1050, USD), "10.50 USD"),
            (Money.of_minor(-5, USD), "-0.05 USD"),
            (Money.of_minor(0, USD), "0.00 USD"),
            (Money.of_minor(500, JPY), "500 JPY"),
            (Money.of_minor(-1, KWD), "-0.001 KWD"),
            (Money.of_minor(12345, CLF), "1.2345 CLF"),
            (Money.of_minor(7, GEM), "7 GEM"),
        ],
    )
    def test_str_is_for_people(self, amount: Money, text: str) -> None:
        assert text == str(amount)

    @pytest.mark.parametrize(
        ("amount", "text"),
        [
            (Money.of_minor(1050, USD), "Money.parse('10.50', 'USD')"),
            (Money.of_minor(-500, JPY), "Money.parse('-500', 'JPY')"),
            (
                Money.of_minor(7, GEM),
                "Money.parse('7', Currency(code='GEM', exponent=0, numeric=None, name='Gem'))",
            ),
        ],
    )
    def test_repr_is_code(self, amount: Money, text: str) -> None:
        assert text == repr(amount)

    @given(money(currency=currencies(exponents={0, 2, 3, 4})))
    @example(Money.of_minor(-1, JPY))
    @example(Money.of_minor(10**25 + 1, USD))
    @example(Money.of_minor(-1, KWD))
    @example(Money.of_minor(1, CLF))
    @example(Money.of_minor(0, GEM))
    @example(Money.of_minor(-123456, USD4))
    def test_str_and_repr_round_trip_for_exponents_0_2_3_4(self, amount: Money) -> None:
        assert amount == eval(repr(amount), NAMESPACE)
        assert amount == eval(repr(amount), vars(giftflow))
        assert amount == Money.parse(str(amount), amount.currency)
        if amount.currency.is_iso:
            assert amount == Money.parse(str(amount))

    @given(money(currency=custom_currencies()))
    def test_str_and_repr_round_trip_for_custom_currencies(self, amount: Money) -> None:
        assert amount == eval(repr(amount), NAMESPACE)
        assert amount == Money.parse(str(amount), amount.currency)

    @given(money())
    def test_str_shows_exactly_the_minor_unit_places(self, amount: Money) -> None:
        places = amount.currency.exponent
        fraction = rf"\.\d{{{places}}}" if places else ""
        pattern = rf"-?\d+{fraction} {re.escape(amount.currency.code)}"
        assert re.fullmatch(pattern, str(amount))

    # -- arithmetic -----------------------------------------------------------

    @given(st.data(), currencies())
    def test_adds_and_subtracts_minor_units(self, data: st.DataObject, unit: Currency) -> None:
        a, b = data.draw(money(currency=unit)), data.draw(money(currency=unit))
        assert Money.of_minor(a.minor + b.minor, unit) == a + b
        assert Money.of_minor(a.minor - b.minor, unit) == a - b
        assert a == (a + b) - b

    @given(money())
    def test_negates_and_takes_the_absolute_value(self, amount: Money) -> None:
        assert Money.of_minor(-amount.minor, amount.currency) == -amount
        assert Money.of_minor(abs(amount.minor), amount.currency) == abs(amount)
        assert amount == +amount
        assert amount == -amount * -1

    @given(money(), st.integers(-(10**6), 10**6))
    def test_multiplies_by_an_int_on_either_side(self, amount: Money, factor: int) -> None:
        assert Money.of_minor(amount.minor * factor, amount.currency) == amount * factor
        assert amount * factor == factor * amount

    @given(money(), st.integers(-(10**6), 10**6).filter(bool))
    def test_floor_divides_by_an_int(self, amount: Money, divisor: int) -> None:
        assert Money.of_minor(amount.minor // divisor, amount.currency) == amount // divisor

    def test_refuses_to_divide_by_zero(self) -> None:
        with pytest.raises(InvalidValueError, match="divisor"):
            usd("1.00") // 0

    @given(st.data(), currencies())
    def test_compares_like_its_minor_units(self, data: st.DataObject, unit: Currency) -> None:
        a, b = data.draw(money(currency=unit)), data.draw(money(currency=unit))
        assert (a.minor < b.minor) == (a < b)
        assert (a.minor <= b.minor) == (a <= b)
        assert (a.minor > b.minor) == (a > b)
        assert (a.minor >= b.minor) == (a >= b)
        assert (a.minor == b.minor) == (a == b)

    @pytest.mark.parametrize(
        ("operation", "name"),
        [
            (lambda a, b: a + b, "add"),
            (lambda a, b: a - b, "subtract"),
            (lambda a, b: a < b, "compare"),
            (lambda a, b: a <= b, "compare"),
            (lambda a, b: a > b, "compare"),
            (lambda a, b: a >= b, "compare"),
        ],
    )
    @pytest.mark.parametrize("other", [EUR, USD4])
    def test_refuses_to_mix_currencies(self, operation: Any, name: str, other: Currency) -> None:
        with pytest.raises(CurrencyMismatchError, match=f"cannot {name} USD and (USD|EUR)") as info:
            operation(usd("1.00"), Money.of_minor(100, other))
        assert (USD, other) == (info.value.left, info.value.right)
        assert isinstance(info.value, ValueError)

    @pytest.mark.parametrize(
        "other", [1, 1.5, Decimal(1), Fraction(1), "1.00", None, Coins(1), Diamonds(1)]
    )
    def test_adding_a_foreign_type_is_a_type_error(self, other: Any) -> None:
        amount = usd("1.00")
        with pytest.raises(InvalidTypeError):
            amount + other
        with pytest.raises(InvalidTypeError):
            other + amount
        with pytest.raises(InvalidTypeError):
            amount - other
        with pytest.raises(InvalidTypeError):
            assert amount < other

    @pytest.mark.parametrize("factor", [1.5, True, Decimal(2), Fraction(1, 2), Rate.parse("0.5")])
    def test_multiplying_by_anything_but_an_int_is_a_type_error(self, factor: Any) -> None:
        amount = usd("1.00")
        with pytest.raises(InvalidTypeError, match="multiply"):
            amount * factor
        with pytest.raises(InvalidTypeError, match="multiply"):
            factor * amount
        with pytest.raises(InvalidTypeError):
            amount // factor

    def test_sum_needs_money_total(self) -> None:
        with pytest.raises(InvalidTypeError, match=re.escape("Money.total(amounts, currency)")):
            sum([usd("1.00"), usd("2.00")])  # type: ignore[list-item]


class TestMoneyOfMinor:
    @pytest.mark.parametrize(
        ("minor", "unit", "expected"),
        [
            (1050, "USD", "10.50 USD"),
            (1050, USD, "10.50 USD"),
            (1050, "usd", "10.50 USD"),
            (500, "JPY", "500 JPY"),
            (1234, "KWD", "1.234 KWD"),
            (1, "CLF", "0.0001 CLF"),
            (-3, GEM, "-3 GEM"),
        ],
    )
    def test_builds_from_minor_units(self, minor: int, unit: Currency | str, expected: str) -> None:
        assert expected == str(Money.of_minor(minor, unit))

    @pytest.mark.parametrize("minor", [1.5, 1.0, float("nan"), True, False, "1", Decimal(1), None])
    def test_rejects_anything_but_an_int(self, minor: Any) -> None:
        with pytest.raises(InvalidTypeError) as info:
            Money.of_minor(minor, "USD")
        assert ("minor", minor) == (info.value.argument, info.value.value)
        assert "minor" in str(info.value)
        assert repr(minor) in str(info.value)
        assert "Money.parse" in str(info.value)

    def test_rejects_an_unknown_currency(self) -> None:
        with pytest.raises(UnknownCurrencyError, match=r"^currency .*'ZZZ'") as info:
            Money.of_minor(1, "ZZZ")
        assert ("currency", "ZZZ") == (info.value.argument, info.value.value)

    @pytest.mark.parametrize("unit", [840, None, b"USD", ("USD",)])
    def test_rejects_a_currency_that_is_not_a_currency_or_code(self, unit: Any) -> None:
        with pytest.raises(InvalidTypeError, match="currency"):
            Money.of_minor(1, unit)

    @given(anything(), st.one_of(anything(), st.sampled_from(["USD", "jpy", USD, GEM])))
    def test_any_input_builds_money_or_raises_giftflow_error(self, minor: Any, unit: Any) -> None:
        try:
            amount = Money.of_minor(minor, unit)
        except GiftflowError:
            return
        assert minor == amount.minor


class TestMoneyParse:
    @pytest.mark.parametrize(
        ("text", "unit", "expected"),
        [
            ("10.50", "USD", Money.of_minor(1050, USD)),
            ("10.5", USD, Money.of_minor(1050, USD)),
            ("-3", "USD", Money.of_minor(-300, USD)),
            ("+1.25", "USD", Money.of_minor(125, USD)),
            (".5", "USD", Money.of_minor(50, USD)),
            ("-.5", "USD", Money.of_minor(-50, USD)),
            ("0", "USD", Money.of_minor(0, USD)),
            ("-0.00", "USD", Money.of_minor(0, USD)),
            ("007.10", "USD", Money.of_minor(710, USD)),
            ("1.500", "USD", Money.of_minor(150, USD)),
            ("1.00000000000000000000", "USD", Money.of_minor(100, USD)),
            ("  10.50  ", "USD", Money.of_minor(1050, USD)),
            ("10.50 USD", None, Money.of_minor(1050, USD)),
            ("10.50 USD", "USD", Money.of_minor(1050, USD)),
            ("10.50 USD", "usd", Money.of_minor(1050, USD)),
            ("500", "JPY", Money.of_minor(500, JPY)),
            ("500.000", "JPY", Money.of_minor(500, JPY)),
            ("1.234", "KWD", Money.of_minor(1234, KWD)),
            ("1.2345 CLF", None, Money.of_minor(12345, CLF)),
            ("12", GEM, Money.of_minor(12, GEM)),
            ("12 GEM", GEM, Money.of_minor(12, GEM)),
            ("1.2345 USD", USD4, Money.of_minor(12345, USD4)),
            ("12345678901234567890.12", "USD", Money.of_minor(1234567890123456789012, USD)),
        ],
    )
    def test_parses_decimal_text(
        self, text: str, unit: Currency | str | None, expected: Money
    ) -> None:
        assert expected == Money.parse(text, unit)

    @pytest.mark.parametrize(
        ("value", "minor"),
        [
            (Decimal("10.5"), 1050),
            (Decimal("10.500"), 1050),
            (Decimal("-0"), 0),
            (Decimal("1E+3"), 100000),
            (
                Decimal("12345678901234567890123456789012345.67"),
                1234567890123456789012345678901234567,
            ),
        ],
    )
    def test_parses_decimals(self, value: Decimal, minor: int) -> None:
        assert Money.of_minor(minor, USD) == Money.parse(value, USD)

    @pytest.mark.parametrize(
        ("text", "unit"),
        [
            ("1.005", "USD"),
            ("0.001", "USD"),
            ("-10.501", "USD"),
            ("1.5", "JPY"),
            ("1.0001", "KWD"),
            ("1.00001", "CLF"),
            ("0.5", GEM),
            ("1.005 USD", None),
        ],
    )
    def test_refuses_more_places_than_the_currency_has(
        self, text: str, unit: Currency | str | None
    ) -> None:
        with pytest.raises(PrecisionLossError) as info:
            Money.parse(text, unit)
        assert ("amount", text) == (info.value.argument, info.value.value)
        assert repr(text) in str(info.value)
        assert isinstance(info.value, ValueError)

    def test_refuses_a_decimal_with_more_places_than_the_currency_has(self) -> None:
        with pytest.raises(PrecisionLossError, match=re.escape("Decimal('1.005')")):
            Money.parse(Decimal("1.005"), "USD")

    @given(money(), st.integers(1, 9), st.integers(0, 5))
    def test_refuses_any_extra_nonzero_digit(self, amount: Money, digit: int, zeros: int) -> None:
        text = str(amount).split()[0] + ("." if amount.currency.exponent == 0 else "")
        with pytest.raises(PrecisionLossError):
            Money.parse(f"{text}{'0' * zeros}{digit}", amount.currency)
        assert amount == Money.parse(f"{text}{'0' * zeros}0", amount.currency)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            " ",
            "ten dollars",
            "1e3",
            "1E-2",
            "1e999999999",
            "1,000",
            "1_000",
            "1 000",
            "1.",
            ".",
            "1.2.3",
            "--1",
            "+-1",
            "$1.00",
            "1.00$",
            "USD 1.00",
            "NaN",
            "Infinity",
            "0x10",
            "١٢",  # Arabic-Indic digits: int() reads them, money text must not
            "1 USD USD",
        ],
    )
    def test_refuses_malformed_text(self, text: str) -> None:
        with pytest.raises(ParseError) as info:
            Money.parse(text, "USD")
        assert ("amount", text) == (info.value.argument, info.value.value)
        assert repr(text) in str(info.value)

    @pytest.mark.parametrize(
        ("text", "unit", "minor"),
        [
            ("-0.00", "USD", 0),
            ("+1", "USD", 100),
            ("007.5", "USD", 750),
            ("-12.345", "KWD", -12345),
            ("500", "JPY", 500),
            ("500.00", "JPY", 500),
            ("1.500", "USD", 150),
            (".5", "USD", 50),
            ("9" * 40, "JPY", int("9" * 40)),
        ],
    )
    def test_parses_plain_text_in_minor_units(self, text: str, unit: str, minor: int) -> None:
        assert Money.of_minor(minor, unit) == Money.parse(text, unit)

    @pytest.mark.parametrize("text", ["1.", "-", "+-1", "1.٣", "²", "1 .5", "1.-5", "1" * 4301])
    def test_refuses_text_that_only_looks_plain(self, text: str) -> None:
        with pytest.raises(ParseError):
            Money.parse(text, "USD")

    def test_refuses_a_number_with_too_many_digits_to_convert(self) -> None:
        with pytest.raises(ParseError):
            Money.parse("1" * 5000, "USD")

    @pytest.mark.parametrize(
        "value",
        [
            Decimal("1E+999999999"),  # used to hang, computing 10**999999999
            Decimal("-1E-999999999"),
            Decimal("0E+999999999"),
            Decimal("1E+4300"),
            Decimal("1" * 4301),
        ],
    )
    def test_refuses_a_decimal_of_more_than_4300_digits_written_out(self, value: Decimal) -> None:
        with pytest.raises(InvalidValueError, match="digits written out") as info:
            Money.parse(value, "USD")
        assert ("amount", value) == (info.value.argument, info.value.value)
        assert "exponent" in info.value.hint

    def test_refuses_a_decimal_of_4300_digits_written_out_as_over_the_amount_limit(self) -> None:
        with pytest.raises(InvalidValueError, match="more than 40 digits"):
            Money.parse(Decimal("1E+4299"), "USD")

    def test_accepts_an_amount_of_40_digits(self) -> None:
        assert 10**40 - 1 == Money.parse(Decimal("9" * 38 + ".99"), "USD").minor

    @pytest.mark.parametrize(
        "value",
        [Decimal("NaN"), Decimal("-NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Inf")],
    )
    def test_refuses_nan_and_infinite_decimals(self, value: Decimal) -> None:
        with pytest.raises(InvalidValueError, match="finite") as info:
            Money.parse(value, "USD")
        assert "amount" == info.value.argument
        assert str(value) in str(info.value)

    @pytest.mark.parametrize(
        "value", [1.5, 10.0, float("nan"), True, 10, None, b"10.50", Fraction(21, 2), ["10.50"]]
    )
    def test_refuses_floats_ints_and_other_types(self, value: Any) -> None:
        with pytest.raises(InvalidTypeError) as info:
            Money.parse(value, "USD")
        assert "amount" == info.value.argument
        assert repr(value) in str(info.value)
        assert isinstance(info.value, TypeError)

    def test_tells_an_int_caller_about_of_minor(self) -> None:
        with pytest.raises(InvalidTypeError, match=re.escape("Money.of_minor(10, ...)")):
            Money.parse(10, "USD")  # type: ignore[arg-type]

    @pytest.mark.parametrize("value", ["10.50", Decimal("10.50")])
    def test_needs_a_currency(self, value: str | Decimal) -> None:
        with pytest.raises(InvalidValueError, match="currency"):
            Money.parse(value)

    @pytest.mark.parametrize(
        ("text", "unit"), [("10.50 EUR", "USD"), ("10.50 USD", "EUR"), ("1 USD", GEM)]
    )
    def test_refuses_text_in_another_currency(self, text: str, unit: Currency | str) -> None:
        with pytest.raises(CurrencyMismatchError):
            Money.parse(text, unit)

    @pytest.mark.parametrize(
        ("text", "unit"), [("1.00", "ZZZ"), ("1.00 ZZZ", None), ("1 XAU", None), ("1", "GEM")]
    )
    def test_refuses_an_unknown_currency(self, text: str, unit: str | None) -> None:
        with pytest.raises(UnknownCurrencyError):
            Money.parse(text, unit)

    @given(money())
    def test_reads_its_own_decimal(self, amount: Money) -> None:
        assert amount == Money.parse(amount.to_decimal(), amount.currency)

    @given(st.text(), st.sampled_from(["USD", "JPY", "KWD", "CLF", GEM, USD4, None]))
    def test_any_text_parses_or_raises_giftflow_error(self, text: str, unit: Any) -> None:
        with contextlib.suppress(GiftflowError):
            Money.parse(text, unit)

    @given(st.text(alphabet="0123456789.+-eE,_ %$USDJPYKWD\t\n"))
    def test_numberlike_text_parses_to_its_decimal_value_or_raises_giftflow_error(
        self, text: str
    ) -> None:
        try:
            amount = Money.parse(text, "KWD")
        except GiftflowError:
            return
        number = text.split()[0]
        assert Fraction(Decimal(number)) == Fraction(amount.minor, 1000)

    @given(anything(), st.one_of(anything(), st.sampled_from(["USD", GEM, None])))
    def test_any_input_parses_or_raises_giftflow_error(self, value: Any, unit: Any) -> None:
        with contextlib.suppress(GiftflowError):
            Money.parse(value, unit)


class TestMoneyZero:
    @pytest.mark.parametrize("unit", ["USD", USD, JPY, GEM])
    def test_is_zero_in_the_currency(self, unit: Currency | str) -> None:
        zero = Money.zero(unit)
        assert 0 == zero.minor
        assert (unit if isinstance(unit, Currency) else currency(unit)) == zero.currency
        assert not zero

    @given(money())
    def test_is_the_identity_of_addition(self, amount: Money) -> None:
        assert amount == amount + Money.zero(amount.currency)


class TestMoneyTotal:
    @given(currencies(), st.data())
    def test_adds_up_amounts(self, unit: Currency, data: st.DataObject) -> None:
        amounts = data.draw(st.lists(money(currency=unit), max_size=8))
        expected = Money.of_minor(sum(amount.minor for amount in amounts), unit)
        assert expected == Money.total(amounts, unit)
        assert expected == Money.total(iter(amounts), unit)

    def test_of_nothing_is_zero(self) -> None:
        assert Money.zero(JPY) == Money.total([], "JPY")

    def test_refuses_another_currency(self) -> None:
        with pytest.raises(CurrencyMismatchError) as info:
            Money.total([usd("1.00"), Money.parse("1.00", "EUR")], "USD")
        assert (USD, EUR) == (info.value.left, info.value.right)

    def test_refuses_a_custom_currency_with_an_iso_code(self) -> None:
        with pytest.raises(CurrencyMismatchError):
            Money.total([Money.of_minor(1, USD4)], USD)

    @pytest.mark.parametrize("item", [0, 1.5, Coins(1), Decimal("1.00"), None])
    def test_refuses_items_that_are_not_money(self, item: Any) -> None:
        with pytest.raises(InvalidTypeError, match="amounts"):
            Money.total([usd("1.00"), item], "USD")


class TestMoneyToDecimal:
    @given(money())
    @example(Money.of_minor(10**39 + 1, USD))  # more digits than the default context's 28
    @example(Money.of_minor(-(10**39) + 7, CLF))
    def test_is_exact_with_the_currency_places(self, amount: Money) -> None:
        value = amount.to_decimal()
        assert Fraction(amount.minor, 10**amount.currency.exponent) == Fraction(value)
        assert -amount.currency.exponent == value.as_tuple().exponent

    def test_ignores_the_ambient_decimal_context(self) -> None:
        amount = Money.of_minor(123456789, USD)
        with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)):
            value = amount.to_decimal()
        assert Decimal("1234567.89") == value

    @pytest.mark.parametrize(
        ("amount", "text"),
        [
            (Money.of_minor(-1050, USD), "-10.50"),
            (Money.of_minor(0, KWD), "0.000"),
            (Money.of_minor(5, JPY), "5"),
        ],
    )
    def test_keeps_trailing_zeros(self, amount: Money, text: str) -> None:
        assert text == str(amount.to_decimal())


class TestMoneyExact:
    @given(money())
    def test_is_the_same_value_as_a_fraction(self, amount: Money) -> None:
        exact = amount.exact()
        assert ExactMoney(Fraction(amount.minor), amount.currency) == exact
        assert amount == exact.round(Rounding.HALF_EVEN)


class TestMoneyMultiplyExact:
    @given(money(), rates(max_value=None))
    def test_multiplies_exactly(self, amount: Money, rate: Rate) -> None:
        expected = ExactMoney(amount.minor * rate.value, amount.currency)
        assert expected == amount.multiply_exact(rate)

    @pytest.mark.parametrize("rate", [0.3, Fraction(3, 10), Decimal("0.3"), 3, "30%", None])
    def test_refuses_anything_but_a_rate(self, rate: Any) -> None:
        with pytest.raises(InvalidTypeError, match="rate"):
            usd("1.00").multiply_exact(rate)


class TestMoneyMultiply:
    @given(money(), rates(max_value=None), roundings())
    def test_agrees_with_multiply_exact_then_round(
        self, amount: Money, rate: Rate, mode: Rounding
    ) -> None:
        assert amount.multiply_exact(rate).round(mode) == amount.multiply(rate, mode)

    @pytest.mark.parametrize(
        ("mode", "expected"),
        [
            (Rounding.HALF_EVEN, "0.30"),
            (Rounding.DOWN, "0.29"),
            (Rounding.FLOOR, "0.29"),
            (Rounding.UP, "0.30"),
        ],
    )
    def test_rounds_with_the_named_mode(self, mode: Rounding, expected: str) -> None:
        assert usd(expected) == usd("0.99").multiply(Rate.parse("30%"), mode)

    @pytest.mark.parametrize(
        ("mode", "expected"),
        [
            (Rounding.HALF_EVEN, "-0.02"),
            (Rounding.HALF_UP, "-0.03"),
            (Rounding.HALF_DOWN, "-0.02"),
            (Rounding.CEILING, "-0.02"),
            (Rounding.FLOOR, "-0.03"),
        ],
    )
    def test_rounds_negative_ties_like_decimal(self, mode: Rounding, expected: str) -> None:
        assert usd(expected) == usd("-0.05").multiply(Rate.parse("1/2"), mode)

    @pytest.mark.parametrize("rounding", [None, "HALF_EVEN", decimal.ROUND_HALF_EVEN, 0])
    def test_refuses_a_rounding_that_is_not_a_rounding(self, rounding: Any) -> None:
        with pytest.raises(InvalidTypeError, match="rounding"):
            usd("1.00").multiply(Rate.parse("0.5"), rounding)

    @pytest.mark.parametrize("rate", [0.5, Fraction(1, 2), Decimal("0.5"), 2])
    def test_refuses_a_rate_that_is_not_a_rate(self, rate: Any) -> None:
        with pytest.raises(InvalidTypeError, match="rate"):
            usd("1.00").multiply(rate, Rounding.HALF_EVEN)


ISSUE_EXAMPLES = [
    ("1.00", [1, 1, 1], ["0.34", "0.33", "0.33"]),
    ("0.05", [70, 30], ["0.04", "0.01"]),
    ("1.00", [0, 1, 1], ["0.00", "0.50", "0.50"]),
]


class TestMoneyAllocate:
    @pytest.mark.parametrize(
        ("whole", "weights", "parts"),
        [
            *ISSUE_EXAMPLES,
            ("-1.00", [1, 1, 1], ["-0.34", "-0.33", "-0.33"]),
            ("-0.05", [70, 30], ["-0.04", "-0.01"]),
            ("1.00", [Rate.parse("1/3")] * 3, ["0.34", "0.33", "0.33"]),
            ("0.05", [Rate.parse("70%"), Rate.parse("30%")], ["0.04", "0.01"]),
            ("0.05", [Fraction(7, 10), Fraction(3, 10)], ["0.04", "0.01"]),
            ("1.00", [1, Fraction(1, 2), Rate.parse("0.5")], ["0.50", "0.25", "0.25"]),
            ("0.01", [1, 1], ["0.01", "0.00"]),
            ("0.02", [1, 1, 1], ["0.01", "0.01", "0.00"]),
            ("0.01", [1, 0, 1], ["0.01", "0.00", "0.00"]),
            ("0.10", [1, 2, 2], ["0.02", "0.04", "0.04"]),
            ("0.99", [70, 30], ["0.69", "0.30"]),
            ("0.00", [1, 2], ["0.00", "0.00"]),
            ("5.00", [1], ["5.00"]),
        ],
    )
    def test_examples(self, whole: str, weights: list[Ratio], parts: list[str]) -> None:
        assert tuple(usd(part) for part in parts) == usd(whole).allocate(weights)

    @given(money(), st.lists(st.integers(0, 10**6), min_size=1, max_size=20))
    def test_int_ratios_allocate_like_the_same_fractions(
        self, whole: Money, weights: list[int]
    ) -> None:
        # Lists and tuples of ints take a fast path; Fractions the general one.
        if not any(weights):
            return
        expected = whole.allocate([Fraction(weight) for weight in weights])
        assert expected == whole.allocate(weights) == whole.allocate(tuple(weights))

    @given(money(), ratios())
    def test_parts_add_up_to_the_whole(self, whole: Money, weights: list[Ratio]) -> None:
        parts = whole.allocate(weights)
        assert len(weights) == len(parts)
        assert whole == Money.total(parts, whole.currency)
        assert_sums_to(parts, whole)

    @given(money(), ratios())
    def test_each_part_is_within_one_minor_unit_of_its_exact_share(
        self, whole: Money, weights: list[Ratio]
    ) -> None:
        parts = whole.allocate(weights)
        for part, share in zip(parts, exact_shares(whole.minor, weights), strict=True):
            assert abs(part.minor - share) < 1
            assert whole.currency == part.currency

    @given(money(min_value=0), ratios())
    def test_leftover_units_go_to_the_largest_remainders_ties_to_the_earlier_part(
        self, whole: Money, weights: list[Ratio]
    ) -> None:
        shares = exact_shares(whole.minor, weights)
        parts = [part.minor for part in whole.allocate(weights)]
        extra = [part - math.floor(share) for part, share in zip(parts, shares, strict=True)]
        assert set(extra) <= {0, 1}
        rank = [(-(share - math.floor(share)), index) for index, share in enumerate(shares)]
        lucky = [rank[index] for index, units in enumerate(extra) if units]
        unlucky = [rank[index] for index, units in enumerate(extra) if not units]
        assert max(lucky, default=(-2, -1)) < min(unlucky, default=(2, len(parts)))

    @given(money(min_value=0), st.integers(1, 12), st.integers(1, 1000))
    def test_ties_go_to_the_earlier_part(self, whole: Money, count: int, weight: int) -> None:
        parts = [part.minor for part in whole.allocate([weight] * count)]
        assert sorted(parts, reverse=True) == parts
        assert max(parts) - min(parts) <= 1

    @given(money(), ratios())
    def test_is_deterministic(self, whole: Money, weights: list[Ratio]) -> None:
        assert whole.allocate(weights) == whole.allocate(list(weights))

    @given(money(), ratios(), st.integers(1, 10**6))
    def test_depends_only_on_the_proportions(
        self, whole: Money, weights: list[Ratio], factor: int
    ) -> None:
        values = [value_of(ratio) for ratio in weights]
        expected = whole.allocate(weights)
        assert expected == whole.allocate([value * factor for value in values])
        assert expected == whole.allocate([Rate(value) for value in values])

    @given(money(), ratios())
    def test_a_negative_amount_is_the_mirror_image(
        self, whole: Money, weights: list[Ratio]
    ) -> None:
        assert tuple(-part for part in whole.allocate(weights)) == (-whole).allocate(weights)

    @given(money(), ratios(), st.lists(st.integers(0, 12), max_size=4))
    def test_zero_ratios_get_zero(
        self, whole: Money, weights: list[Ratio], zeros_at: list[int]
    ) -> None:
        weights = list(weights)
        for position in zeros_at:
            weights.insert(position, 0)
        parts = whole.allocate(weights)
        for ratio, part in zip(weights, parts, strict=True):
            if value_of(ratio) == 0:
                assert Money.zero(whole.currency) == part

    @given(money(), st.integers(1, 12))
    def test_one_positive_ratio_gets_everything(self, whole: Money, count: int) -> None:
        weights = [0] * count
        weights[count // 2] = 7
        parts = whole.allocate(weights)
        assert whole == parts[count // 2]

    @pytest.mark.parametrize(
        ("weights", "error"),
        [
            ([0.7, 0.3], InvalidTypeError),
            ([1, 0.5], InvalidTypeError),
            ([True, False], InvalidTypeError),
            ([Decimal("0.7"), Decimal("0.3")], InvalidTypeError),
            ([1, "2"], InvalidTypeError),
            ([1, None], InvalidTypeError),
            ("11", InvalidTypeError),
            ((ratio for ratio in [1, 1]), InvalidTypeError),
            ({1: 1}, InvalidTypeError),
            (None, InvalidTypeError),
            (7, InvalidTypeError),
            ([], InvalidValueError),
            ([0, 0], InvalidValueError),
            ([Rate.ZERO, Fraction(0)], InvalidValueError),
            ([-1, 2], InvalidValueError),
            ([Fraction(-1, 2), 1], InvalidValueError),
        ],
    )
    def test_refuses_bad_ratios(self, weights: Any, error: type[InvalidArgumentError]) -> None:
        with pytest.raises(error) as info:
            usd("1.00").allocate(weights)
        assert "ratios" == info.value.argument

    @given(
        st.one_of(
            st.lists(anything(), max_size=4),
            st.tuples(anything(), anything()),
            st.sampled_from([None, 1, 1.5, "1", b"1", {1: 1}, {1}, range(3), iter([1])]),
        )
    )
    def test_any_ratios_allocate_or_raise_giftflow_error(self, weights: Any) -> None:
        try:
            parts = usd("1.00").allocate(weights)
        except GiftflowError:
            return
        assert_sums_to(parts, usd("1.00"))


class TestMoneySplit:
    @given(money(), st.integers(1, 50))
    def test_parts_are_equal_but_for_one_unit_earlier_larger(
        self, whole: Money, count: int
    ) -> None:
        parts = whole.split(count)
        assert count == len(parts)
        assert whole == Money.total(parts, whole.currency)
        minors = [part.minor for part in parts]
        assert max(minors) - min(minors) <= 1
        assert sorted(minors, reverse=whole.minor >= 0) == minors
        assert whole.allocate([1] * count) == parts

    def test_example(self) -> None:
        assert (usd("0.04"), usd("0.03"), usd("0.03")) == usd("0.10").split(3)

    @pytest.mark.parametrize(
        ("count", "error"),
        [
            (0, InvalidValueError),
            (-2, InvalidValueError),
            (2.0, InvalidTypeError),
            (True, InvalidTypeError),
            ("3", InvalidTypeError),
        ],
    )
    def test_refuses_a_bad_count(self, count: Any, error: type[GiftflowError]) -> None:
        with pytest.raises(error, match="count"):
            usd("1.00").split(count)


class TestExactMoney:
    def test_holds_a_fraction_of_minor_units(self) -> None:
        exact = ExactMoney(Fraction(1, 3), USD)
        assert (Fraction(1, 3), USD) == (exact.minor, exact.currency)

    @pytest.mark.parametrize("minor", [1, 0.5, Decimal("0.5"), True, "1/3"])
    def test_rejects_minor_that_is_not_a_fraction(self, minor: Any) -> None:
        with pytest.raises(InvalidTypeError, match="minor"):
            ExactMoney(minor, USD)

    def test_rejects_a_currency_code(self) -> None:
        with pytest.raises(InvalidTypeError, match="currency"):
            ExactMoney(Fraction(1), "USD")  # type: ignore[arg-type]

    def test_is_immutable(self) -> None:
        exact = ExactMoney(Fraction(1, 3), USD)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            exact.minor = Fraction(1)  # type: ignore[misc]

    @given(exact_money())
    def test_repr_round_trips(self, exact: ExactMoney) -> None:
        assert exact == eval(repr(exact), NAMESPACE)
        assert hash(exact) == hash(eval(repr(exact), NAMESPACE))

    @pytest.mark.parametrize(
        ("exact", "text"),
        [
            (ExactMoney(Fraction(33), USD), "0.33 USD"),
            (ExactMoney(Fraction(-1, 2), USD), "-0.005 USD"),
            (ExactMoney(Fraction(500), USD), "5.00 USD"),
            (ExactMoney(Fraction(1, 3), USD), "1/3 USD minor units"),
            (ExactMoney(Fraction(3, 2), JPY), "1.5 JPY"),
        ],
    )
    def test_str_is_decimal_when_it_can_be(self, exact: ExactMoney, text: str) -> None:
        assert text == str(exact)

    @given(exact_money())
    def test_zero_is_the_identity(self, exact: ExactMoney) -> None:
        assert exact == exact + ExactMoney.zero(exact.currency)
        assert not ExactMoney.zero(exact.currency)

    @given(st.data(), currencies())
    def test_adds_and_subtracts_money_and_exact_money(
        self, data: st.DataObject, unit: Currency
    ) -> None:
        exact = data.draw(exact_money(currency=unit))
        amount = data.draw(money(currency=unit))
        assert ExactMoney(exact.minor + amount.minor, unit) == exact + amount
        assert exact + amount == amount + exact
        assert ExactMoney(exact.minor - amount.minor, unit) == exact - amount
        assert ExactMoney(amount.minor - exact.minor, unit) == amount - exact
        assert ExactMoney(-exact.minor, unit) == -exact

    @pytest.mark.parametrize("other", [Money.zero(EUR), ExactMoney(Fraction(1), USD4)])
    def test_refuses_to_mix_currencies(self, other: Money | ExactMoney) -> None:
        exact = ExactMoney(Fraction(1), USD)
        with pytest.raises(CurrencyMismatchError, match="cannot add"):
            exact + other
        with pytest.raises(CurrencyMismatchError, match="cannot subtract"):
            exact - other

    @pytest.mark.parametrize("other", [1, Fraction(1), Coins(1), 0.5])
    def test_foreign_types_are_a_type_error(self, other: Any) -> None:
        with pytest.raises(TypeError):
            ExactMoney(Fraction(1), USD) + other


class TestExactMoneyParse:
    @pytest.mark.parametrize(
        ("value", "minor"),
        [("0.005", Fraction(1, 2)), ("1/210", Fraction(10, 21)), (Decimal("5E-3"), Fraction(1, 2))],
    )
    def test_parses_decimals_and_ratios(self, value: str | Decimal, minor: Fraction) -> None:
        assert ExactMoney(minor, USD) == ExactMoney.parse(value, "USD")

    @pytest.mark.parametrize("value", [Decimal("1E+999999999"), Decimal("1E-999999999")])
    def test_refuses_a_decimal_of_more_than_4300_digits_written_out(self, value: Decimal) -> None:
        with pytest.raises(InvalidValueError, match="digits written out") as info:
            ExactMoney.parse(value, "USD")
        assert ("amount", value) == (info.value.argument, info.value.value)

    @pytest.mark.parametrize("text", ["1e999999999", "1/" + "3" * 5000, "3" * 5000 + "/1"])
    def test_refuses_exponents_and_too_many_digits(self, text: str) -> None:
        with pytest.raises(ParseError) as info:
            ExactMoney.parse(text, "USD")
        assert ("amount", text) == (info.value.argument, info.value.value)


class TestExactMoneyMultiply:
    @given(exact_money(), rates(max_value=None))
    def test_multiplies_exactly(self, exact: ExactMoney, rate: Rate) -> None:
        assert ExactMoney(exact.minor * rate.value, exact.currency) == exact.multiply(rate)

    def test_refuses_a_fraction(self) -> None:
        with pytest.raises(InvalidTypeError, match="rate"):
            ExactMoney(Fraction(1), USD).multiply(Fraction(1, 2))  # type: ignore[arg-type]


class TestExactMoneyRound:
    @given(exact_money(), roundings())
    def test_rounds_the_minor_units_with_the_mode(self, exact: ExactMoney, mode: Rounding) -> None:
        assert Money.of_minor(mode.round(exact.minor).units, exact.currency) == exact.round(mode)

    def test_refuses_a_missing_mode(self) -> None:
        with pytest.raises(InvalidTypeError, match="rounding"):
            ExactMoney(Fraction(1, 2), USD).round(None)  # type: ignore[arg-type]


class TestExactMoneyRoundWithRemainder:
    @given(exact_money(), roundings())
    def test_parts_add_back_to_the_exact_value(self, exact: ExactMoney, mode: Rounding) -> None:
        rounded, rest = exact.round_with_remainder(mode)
        assert exact.round(mode) == rounded
        assert exact == rest + rounded
        assert exact.minor == rounded.minor + rest.minor
        assert abs(rest.minor) < 1
        assert exact.currency == rest.currency

    @given(money(), rates(max_value=Rate.ratio(10**6, 1)), roundings())
    def test_multiply_keeps_what_rounding_left_over(
        self, amount: Money, rate: Rate, mode: Rounding
    ) -> None:
        rounded, rest = amount.multiply_exact(rate).round_with_remainder(mode)
        assert amount.multiply(rate, mode) == rounded
        assert amount.minor * rate.value == rounded.minor + rest.minor
