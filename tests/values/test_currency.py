"""Currencies: ISO 4217 ones from currency(), and the caller's own, with no global state."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Currency,
    CurrencyMismatchError,
    GiftflowError,
    InvalidTypeError,
    InvalidValueError,
    Money,
    UnknownCurrencyError,
    currency,
    iso_currencies,
)
from giftflow.testing import currencies, money

NAMESPACE: dict[str, Any] = {}
exec("from giftflow import *", NAMESPACE)


class TestCurrency:
    def test_custom_currency_needs_only_a_code_and_exponent(self) -> None:
        gem = Currency(code="GEM", exponent=0)
        assert ("GEM", 0, None, "") == (gem.code, gem.exponent, gem.numeric, gem.name)
        assert "7 GEM" == str(Money.of_minor(7, gem))

    def test_custom_currency_touches_no_global_state(self) -> None:
        before = iso_currencies()
        Currency(code="GEM", exponent=0)
        Currency(code="USD", exponent=4)
        assert before == iso_currencies()
        assert currency("USD").exponent == 2
        with pytest.raises(UnknownCurrencyError):
            currency("GEM")

    def test_upper_cases_the_code(self) -> None:
        assert "GEMS" == Currency(code="gems", exponent=2).code

    def test_a_custom_usd_is_not_iso_usd(self) -> None:
        custom = Currency(code="USD", exponent=4)
        assert custom != currency("USD")
        assert not custom.is_iso
        assert hash(Currency(code="USD", exponent=4)) == hash(custom)
        with pytest.raises(CurrencyMismatchError):
            Money.of_minor(1, custom) + Money.of_minor(1, "USD")
        with pytest.raises(CurrencyMismatchError):
            assert Money.of_minor(1, custom) < Money.of_minor(1, "USD")
        assert Money.of_minor(1, custom) != Money.of_minor(1, "USD")

    def test_equal_fields_are_equal_currencies(self) -> None:
        usd = currency("USD")
        twin = Currency(code="USD", exponent=2, numeric=usd.numeric, name=usd.name)
        assert usd == twin
        assert hash(usd) == hash(twin)
        assert twin.is_iso

    @pytest.mark.parametrize("field", ["code", "exponent", "numeric", "name"])
    def test_is_immutable(self, field: str) -> None:
        usd = currency("USD")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(usd, field, "EUR")
        assert "USD" == currency("USD").code

    def test_fields_are_keyword_only(self) -> None:
        with pytest.raises(TypeError):
            Currency("GEM", 0)  # type: ignore[call-arg]

    @pytest.mark.parametrize(
        ("code", "error"),
        [
            ("", InvalidValueError),
            ("G", InvalidValueError),
            ("1GEM", InvalidValueError),
            ("GE M", InvalidValueError),
            ("GEM-1", InvalidValueError),
            ("ABCDEFGHIJKLM", InvalidValueError),
            ("GËM", InvalidValueError),
            (b"GEM", InvalidTypeError),
            (None, InvalidTypeError),
            (1, InvalidTypeError),
        ],
    )
    def test_rejects_a_bad_code(self, code: Any, error: type[GiftflowError]) -> None:
        with pytest.raises(error, match="code"):
            Currency(code=code, exponent=0)

    @pytest.mark.parametrize(
        ("exponent", "error"),
        [
            (-1, InvalidValueError),
            (19, InvalidValueError),
            (2.0, InvalidTypeError),
            (True, InvalidTypeError),
            ("2", InvalidTypeError),
            (None, InvalidTypeError),
        ],
    )
    def test_rejects_a_bad_exponent(self, exponent: Any, error: type[GiftflowError]) -> None:
        with pytest.raises(error, match="exponent"):
            Currency(code="GEM", exponent=exponent)

    @pytest.mark.parametrize("exponent", [0, 2, 3, 4, 18])
    def test_accepts_exponents_from_0_to_18(self, exponent: int) -> None:
        assert exponent == Currency(code="GEM", exponent=exponent).exponent

    @pytest.mark.parametrize("numeric", [0, 1000, -1, 1.0, "840", True])
    def test_rejects_a_bad_numeric_code(self, numeric: Any) -> None:
        with pytest.raises(InvalidValueError, match="numeric"):
            Currency(code="GEM", exponent=0, numeric=numeric)

    @pytest.mark.parametrize("name", [None, 1, b"Gem"])
    def test_rejects_a_name_that_is_not_text(self, name: Any) -> None:
        with pytest.raises(InvalidTypeError, match="name"):
            Currency(code="GEM", exponent=0, name=name)

    @given(currencies())
    def test_repr_round_trips(self, unit: Currency) -> None:
        assert unit == eval(repr(unit), NAMESPACE)

    @pytest.mark.parametrize(
        ("unit", "text"),
        [
            (currency("USD"), "currency('USD')"),
            (
                Currency(code="GEM", exponent=0),
                "Currency(code='GEM', exponent=0, numeric=None, name='')",
            ),
            (
                Currency(code="USD", exponent=4),
                "Currency(code='USD', exponent=4, numeric=None, name='')",
            ),
        ],
    )
    def test_repr_is_code(self, unit: Currency, text: str) -> None:
        assert text == repr(unit)

    @given(currencies())
    def test_str_is_the_code(self, unit: Currency) -> None:
        assert unit.code == str(unit)

    @given(currencies())
    def test_pickles(self, unit: Currency) -> None:
        assert unit == pickle.loads(pickle.dumps(unit))


class TestCurrencyIsIso:
    def test_only_the_iso_currency_itself_is_iso(self) -> None:
        assert currency("EUR").is_iso
        assert not Currency(code="EUR", exponent=4).is_iso
        assert not Currency(code="EUR", exponent=2).is_iso  # no numeric code, no name
        assert not Currency(code="GEM", exponent=0).is_iso


class TestCurrencyFunction:
    @pytest.mark.parametrize(
        ("code", "exponent", "numeric"),
        [("USD", 2, 840), ("EUR", 2, 978), ("JPY", 0, 392), ("KWD", 3, 414), ("CLF", 4, 990)],
    )
    def test_looks_up_iso_4217(self, code: str, exponent: int, numeric: int) -> None:
        found = currency(code)
        assert (code, exponent, numeric) == (found.code, found.exponent, found.numeric)
        assert found.name
        assert found.is_iso

    def test_is_case_insensitive(self) -> None:
        assert currency("USD") == currency("usd") == currency("Usd")

    def test_returns_the_same_object_every_time(self) -> None:
        assert currency("USD") is currency("USD")

    @pytest.mark.parametrize("code", ["ZZZ", "ABC", "", "US", "USDD", "GEM", " USD", "XAU", "XDR"])
    def test_refuses_unknown_codes_and_codes_without_a_minor_unit(self, code: str) -> None:
        with pytest.raises(UnknownCurrencyError) as info:
            currency(code)
        assert ("code", code) == (info.value.argument, info.value.value)
        assert repr(code) in str(info.value)
        assert "Currency(code=" in str(info.value)
        assert isinstance(info.value, ValueError)

    @pytest.mark.parametrize("code", [840, None, b"USD", 1.5, Decimal(840)])
    def test_refuses_a_code_that_is_not_text(self, code: Any) -> None:
        with pytest.raises(InvalidTypeError) as info:
            currency(code)
        assert ("code", code) == (info.value.argument, info.value.value)
        assert isinstance(info.value, TypeError)

    @given(st.text(max_size=5))
    def test_any_text_is_a_currency_or_giftflow_error(self, code: str) -> None:
        try:
            found = currency(code)
        except GiftflowError:
            return
        assert found.is_iso

    @given(st.one_of(st.from_type(object), st.binary(), st.floats(), st.none()))
    def test_any_object_is_a_currency_or_giftflow_error(self, code: Any) -> None:
        try:
            found = currency(code)
        except GiftflowError:
            return
        assert found.is_iso


class TestIsoCurrencies:
    def test_is_sorted_by_code_and_complete(self) -> None:
        codes = [unit.code for unit in iso_currencies()]
        assert sorted(set(codes)) == codes
        assert {"USD", "EUR", "JPY", "KWD", "CLF", "GBP", "CNY"} <= set(codes)
        assert not {"XAU", "XAG", "XDR", "XXX"} & set(codes)

    def test_holds_the_currencies_currency_returns(self) -> None:
        for unit in iso_currencies():
            assert currency(unit.code) is unit
            assert unit.is_iso
            assert unit.exponent in {0, 2, 3, 4}

    @given(money(currency=currencies(custom=False)))
    def test_iso_money_reprs_by_code(self, amount: Money) -> None:
        assert f"Money.parse('{str(amount).split()[0]}', '{amount.currency.code}')" == repr(amount)
