"""from_data's leaves refuse what the values refuse: the same digit limits, with a path (#12)."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from typing import Any

import pytest

from giftflow import Coins, DataError, Diamonds, ExactMoney, Money, Rate, from_data, to_data

TOO_MANY = 10**40


class TestLeafLimits:
    @pytest.mark.parametrize(
        ("kind", "data", "path", "problem"),
        [
            pytest.param(Coins, TOO_MANY, "data", "more than 40 digits", id="coins"),
            pytest.param(Diamonds, -TOO_MANY, "data", "more than 40 digits", id="diamonds"),
            pytest.param(Coins, 10 ** (10**5), "data", "more than 40 digits", id="coins-huge"),
            pytest.param(
                Money,
                {"amount": "1" * 41, "currency": "JPY"},
                "amount",
                "more than 40 digits",
                id="money",
            ),
            pytest.param(
                Money,
                {"amount": "1" * 39 + ".00", "currency": "USD"},
                "amount",
                "more than 40 digits",
                id="money-cents",
            ),
            pytest.param(Rate, "1/" + "3" * 1001, "data", "more than 1,000 digits", id="rate"),
            pytest.param(Rate, "0." + "1" * 1001, "data", "more than 1,000 digits", id="rate-dec"),
            pytest.param(
                ExactMoney,
                {"minor": "1/" + "7" * 1001, "currency": "USD"},
                "minor",
                "more than 1,000 digits",
                id="exact-money",
            ),
        ],
    )
    def test_over_the_limit_is_a_data_error_naming_the_path(
        self, kind: type, data: Any, path: str, problem: str
    ) -> None:
        with pytest.raises(DataError) as info:
            from_data(kind, data)
        assert path == info.value.argument
        assert problem in info.value.problem

    @pytest.mark.parametrize(
        "value",
        [
            pytest.param(Coins(10**40 - 1), id="coins"),
            pytest.param(Money.of_minor(-(10**40) + 1, "USD"), id="money"),
            pytest.param(Rate.ratio(1, 10**1000 - 1), id="rate"),
        ],
    )
    def test_the_largest_values_round_trip(self, value: Any) -> None:
        assert value == from_data(type(value), to_data(value))
