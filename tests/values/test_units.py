"""Coins and Diamonds: whole virtual units of distinct types; UnitNames: what they are called."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import operator
import pickle
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Generic, TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giftflow import (
    Coins,
    Diamonds,
    GiftflowError,
    InvalidArgumentError,
    InvalidTypeError,
    InvalidValueError,
    Money,
    ParseError,
    Rate,
    UnitNames,
)
from giftflow.testing import assert_sums_to, coins, diamonds, money, rates, ratios, unit_names

U = TypeVar("U", Coins, Diamonds)

# TestCoins and TestDiamonds run the same contract methods. Hypothesis warns when one
# test function runs in two classes, because a failure saved by one replays in the
# other; here both take the same inputs, so a replayed example is still meaningful.
contract = settings(suppress_health_check=[HealthCheck.differing_executors])
Ratio = int | Fraction | Rate

NAMESPACE: dict[str, Any] = {}
exec("from giftflow import *", NAMESPACE)
# Amounts within giftflow's limit (fewer than 40 digits, so a sum of two stays within it).
AMOUNTS = st.integers(-(10**39) + 1, 10**39 - 1)
BITS = UnitNames(coin="Bit", coins="Bits", diamond="Star", diamonds="Stars")


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
        st.sampled_from([Decimal("NaN"), Decimal("Infinity")]),
        st.fractions(),
        st.lists(st.integers(), max_size=3),
        money(),
        rates(),
        coins(),
        diamonds(),
        st.from_type(object),
    )


def value_of(ratio: Ratio) -> Fraction:
    return ratio.value if isinstance(ratio, Rate) else Fraction(ratio)


class UnitsContract(Generic[U]):
    """What Coins and Diamonds both promise; TestCoins and TestDiamonds run it."""

    unit: type[U]
    other: type[Coins] | type[Diamonds]
    word: str

    def values(self) -> st.SearchStrategy[U]:
        raise NotImplementedError

    def test_holds_an_int(self) -> None:
        assert 5 == self.unit(5).amount

    @pytest.mark.parametrize("amount", [1.0, 1.5, True, "1", Decimal(1), Fraction(1), None])
    def test_rejects_anything_but_an_int(self, amount: Any) -> None:
        with pytest.raises(InvalidTypeError) as info:
            self.unit(amount)
        assert ("amount", amount) == (info.value.argument, info.value.value)
        assert repr(amount) in str(info.value)
        assert f"{self.unit.__name__}(5)" in str(info.value)

    def test_is_immutable(self) -> None:
        units = self.unit(5)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            units.amount = 6  # type: ignore[misc]
        assert self.unit(5) == units

    @contract
    @given(st.data())
    def test_equal_values_are_equal_and_hash_equal(self, data: st.DataObject) -> None:
        units = data.draw(self.values())
        assert self.unit(units.amount) == units
        assert hash(self.unit(units.amount)) == hash(units)

    @contract
    @given(st.data())
    def test_pickles_and_reprs_back(self, data: st.DataObject) -> None:
        units = data.draw(self.values())
        assert units == pickle.loads(pickle.dumps(units))
        assert units == eval(repr(units), NAMESPACE)
        assert f"{self.unit.__name__}({units.amount})" == repr(units)

    def test_never_equals_another_unit_or_a_number(self) -> None:
        assert (self.unit(1) == self.other(1)) is False
        assert (self.unit(1) == 1) is False
        assert self.unit(1) != Money.of_minor(1, "USD")

    @contract
    @given(AMOUNTS, AMOUNTS)
    def test_adds_subtracts_and_compares_like_ints(self, a: int, b: int) -> None:
        assert self.unit(a + b) == self.unit(a) + self.unit(b)
        assert self.unit(a - b) == self.unit(a) - self.unit(b)
        assert (a < b) == (self.unit(a) < self.unit(b))
        assert (a <= b) == (self.unit(a) <= self.unit(b))
        assert (a > b) == (self.unit(a) > self.unit(b))
        assert (a >= b) == (self.unit(a) >= self.unit(b))

    @contract
    @given(st.integers(-(10**33), 10**33), st.integers(-(10**6), 10**6))
    def test_multiplies_and_floor_divides_by_ints(self, a: int, k: int) -> None:
        assert self.unit(a * k) == self.unit(a) * k
        assert self.unit(a * k) == k * self.unit(a)
        if k:
            assert self.unit(a // k) == self.unit(a) // k

    @contract
    @given(AMOUNTS)
    def test_negates_and_takes_the_absolute_value(self, a: int) -> None:
        assert self.unit(-a) == -self.unit(a)
        assert self.unit(abs(a)) == abs(self.unit(a))
        assert self.unit(a) == +self.unit(a)
        assert (a != 0) == bool(self.unit(a))

    def test_refuses_to_divide_by_zero(self) -> None:
        with pytest.raises(InvalidValueError, match="divisor"):
            self.unit(5) // 0

    @pytest.mark.parametrize(
        "operation", [operator.add, operator.sub, operator.lt, operator.le, operator.gt]
    )
    def test_never_mixes_with_other_units_money_or_numbers(
        self, operation: Callable[[Any, Any], Any]
    ) -> None:
        for other in [self.other(1), Money.of_minor(1, "USD"), 1, 1.0, Rate.ONE, None]:
            with pytest.raises(TypeError):
                operation(self.unit(1), other)
            with pytest.raises(TypeError):
                operation(other, self.unit(1))

    @pytest.mark.parametrize("factor", [1.5, True, Decimal(2), Fraction(1, 2), Rate.ONE])
    def test_multiplies_only_by_ints(self, factor: Any) -> None:
        with pytest.raises(TypeError):
            self.unit(2) * factor
        with pytest.raises(TypeError):
            factor * self.unit(2)
        with pytest.raises(TypeError):
            self.unit(2) // factor

    # -- text -------------------------------------------------------------------

    def test_str_uses_the_default_words(self) -> None:
        singular, plural = UnitNames().words(self.word)
        assert f"1 {singular}" == str(self.unit(1))
        assert f"-1 {singular}" == str(self.unit(-1))
        assert f"0 {plural}" == str(self.unit(0))
        assert f"65 {plural}" == str(self.unit(65))

    @contract
    @given(st.data())
    def test_parse_reads_str(self, data: st.DataObject) -> None:
        units = data.draw(self.values())
        assert units == self.unit.parse(str(units))
        assert units == self.unit.parse(str(units.amount))

    @contract
    @given(st.data(), unit_names())
    def test_parse_reads_what_unit_names_show(self, data: st.DataObject, names: UnitNames) -> None:
        units = data.draw(self.values())
        assert units == self.unit.parse(names.show(units), names)

    @pytest.mark.parametrize(
        "text",
        ["", "coins", "1.5", "1e3", "1,000", "½", "١٢", "--1", "1 2", "1 coins coins", "1" * 5000],
    )
    def test_parse_refuses_malformed_text(self, text: str) -> None:
        with pytest.raises(ParseError) as info:
            self.unit.parse(text)
        assert ("text", text) == (info.value.argument, info.value.value)

    def test_parse_refuses_the_other_units_word(self) -> None:
        other_word = "diamonds" if self.word == "coins" else "coins"
        with pytest.raises(ParseError, match=other_word):
            self.unit.parse(f"5 {other_word}")

    def test_parse_uses_the_economys_words(self) -> None:
        singular, plural = BITS.words(self.word)
        assert self.unit(5) == self.unit.parse(f"5 {plural}", BITS)
        assert self.unit(1) == self.unit.parse(f"1 {singular}", BITS)
        with pytest.raises(ParseError):
            self.unit.parse(f"5 {self.word}", BITS)

    @pytest.mark.parametrize("value", [5, 5.0, None, b"5", Decimal(5)])
    def test_parse_refuses_what_is_not_text(self, value: Any) -> None:
        with pytest.raises(InvalidTypeError, match="text"):
            self.unit.parse(value)

    @pytest.mark.parametrize("names", ["Bits", {"coin": "Bit"}, 1])
    def test_parse_refuses_names_that_are_not_unit_names(self, names: Any) -> None:
        with pytest.raises(InvalidTypeError, match="names"):
            self.unit.parse(f"5 {self.word}", names)

    @contract
    @given(st.text())
    def test_parse_of_any_text_succeeds_or_raises_giftflow_error(self, text: str) -> None:
        try:
            units = self.unit.parse(text)
        except GiftflowError:
            return
        assert self.unit is type(units)

    @contract
    @given(anything(), st.one_of(st.none(), unit_names(), anything()))
    def test_parse_of_anything_succeeds_or_raises_giftflow_error(
        self, value: Any, names: Any
    ) -> None:
        try:
            units = self.unit.parse(value, names)
        except GiftflowError:
            return
        assert self.unit is type(units)

    # -- allocation -------------------------------------------------------------

    @contract
    @given(st.data(), ratios())
    def test_allocate_parts_add_up_to_the_whole(
        self, data: st.DataObject, weights: list[Ratio]
    ) -> None:
        whole = data.draw(self.values())
        parts = whole.allocate(weights)
        assert len(weights) == len(parts)
        assert all(self.unit is type(part) for part in parts)
        assert whole.amount == sum(part.amount for part in parts)
        assert_sums_to(parts, whole)

    @contract
    @given(st.data(), ratios())
    def test_allocate_parts_are_within_one_unit_of_their_share(
        self, data: st.DataObject, weights: list[Ratio]
    ) -> None:
        whole = data.draw(self.values())
        values = [value_of(ratio) for ratio in weights]
        total = sum(values, Fraction(0))
        for part, value in zip(whole.allocate(weights), values, strict=True):
            share = whole.amount * value / total
            assert abs(part.amount - share) < 1
            if value == 0:
                assert 0 == part.amount

    @contract
    @given(st.data(), ratios())
    def test_allocate_is_money_allocation_mirrored_and_deterministic(
        self, data: st.DataObject, weights: list[Ratio]
    ) -> None:
        whole = data.draw(self.values())
        expected = [part.minor for part in Money.of_minor(whole.amount, "JPY").allocate(weights)]
        assert expected == [part.amount for part in whole.allocate(weights)]
        assert tuple(-part for part in whole.allocate(weights)) == (-whole).allocate(weights)
        assert whole.allocate(weights) == whole.allocate(weights)

    @pytest.mark.parametrize(
        ("whole", "weights", "parts"),
        [(100, [1, 1, 1], [34, 33, 33]), (5, [70, 30], [4, 1]), (100, [0, 1, 1], [0, 50, 50])],
    )
    def test_allocate_examples(self, whole: int, weights: list[int], parts: list[int]) -> None:
        assert tuple(map(self.unit, parts)) == self.unit(whole).allocate(weights)
        negative = tuple(self.unit(-part) for part in parts)
        assert negative == self.unit(-whole).allocate(weights)

    @pytest.mark.parametrize(
        ("weights", "error"),
        [([0.5, 0.5], InvalidTypeError), ([True], InvalidTypeError), ([0], InvalidValueError)],
    )
    def test_allocate_refuses_bad_ratios(
        self, weights: Any, error: type[InvalidArgumentError]
    ) -> None:
        with pytest.raises(error, match="ratios"):
            self.unit(5).allocate(weights)

    @contract
    @given(st.data(), st.integers(1, 40))
    def test_split_is_equal_but_for_one_earlier_unit(self, data: st.DataObject, count: int) -> None:
        whole = data.draw(self.values())
        amounts = [part.amount for part in whole.split(count)]
        assert whole.amount == sum(amounts)
        assert max(amounts) - min(amounts) <= 1
        assert sorted(amounts, reverse=whole.amount >= 0) == amounts

    @pytest.mark.parametrize("count", [0, -1, 1.0, True])
    def test_split_refuses_a_bad_count(self, count: Any) -> None:
        with pytest.raises(InvalidArgumentError, match="count"):
            self.unit(5).split(count)


class TestCoins(UnitsContract[Coins]):
    unit = Coins
    other = Diamonds
    word = "coins"

    def values(self) -> st.SearchStrategy[Coins]:
        return coins(min_value=-(10**15), max_value=10**15)


class TestDiamonds(UnitsContract[Diamonds]):
    unit = Diamonds
    other = Coins
    word = "diamonds"

    def values(self) -> st.SearchStrategy[Diamonds]:
        return diamonds(min_value=-(10**15), max_value=10**15)


class TestUnitNames:
    def test_default_words_are_tiktoks(self) -> None:
        names = UnitNames()
        assert ("coin", "coins") == names.words("coins")
        assert ("diamond", "diamonds") == names.words("diamonds")

    @pytest.mark.parametrize("field", ["coin", "coins", "diamond", "diamonds"])
    @pytest.mark.parametrize(
        "word", ["", " Bits", "Bits ", "two words", "tab\tbed", "nb\u00a0sp", "line\n", None, 1]
    )
    def test_rejects_a_word_that_is_not_one_word(self, field: str, word: Any) -> None:
        with pytest.raises(InvalidValueError) as info:
            UnitNames(**{field: word})
        assert (field, word) == (info.value.argument, info.value.value)

    def test_fields_are_keyword_only(self) -> None:
        with pytest.raises(TypeError):
            UnitNames("Bit")  # type: ignore[call-arg]

    def test_is_immutable_and_hashable(self) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            BITS.coin = "Bitz"  # type: ignore[misc]
        assert hash(UnitNames(coin="Bit", coins="Bits", diamond="Star", diamonds="Stars")) == hash(
            BITS
        )

    @given(unit_names())
    def test_repr_round_trips(self, names: UnitNames) -> None:
        assert names == eval(repr(names), NAMESPACE)


class TestUnitNamesShow:
    @pytest.mark.parametrize(
        ("units", "text"),
        [
            (Coins(1), "1 Bit"),
            (Coins(100), "100 Bits"),
            (Diamonds(-1), "-1 Star"),
            (Diamonds(0), "0 Stars"),
        ],
    )
    def test_uses_singular_for_one_and_plural_otherwise(
        self, units: Coins | Diamonds, text: str
    ) -> None:
        assert text == BITS.show(units)

    @given(coins(min_value=None, max_value=None), unit_names())
    def test_shows_the_amount_and_a_word(self, units: Coins, names: UnitNames) -> None:
        amount, word = names.show(units).split(" ")
        assert units.amount == int(amount)
        assert word == (names.coin if abs(units.amount) == 1 else names.coins)

    @pytest.mark.parametrize("units", [5, Money.of_minor(5, "USD"), None])
    def test_refuses_what_is_not_coins_or_diamonds(self, units: Any) -> None:
        with pytest.raises(InvalidTypeError, match="units"):
            BITS.show(units)


class TestUnitNamesWords:
    def test_refuses_an_unknown_unit(self) -> None:
        with pytest.raises(InvalidValueError, match="unit"):
            UnitNames().words("gems")

    @given(unit_names())
    def test_returns_singular_and_plural(self, names: UnitNames) -> None:
        assert (names.coin, names.coins) == names.words("coins")
        assert (names.diamond, names.diamonds) == names.words("diamonds")
