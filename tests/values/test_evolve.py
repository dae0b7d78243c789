"""attrs.evolve runs the same validation as building a value (issue #12)."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

import attrs
import pytest

from giftflow import (
    Coins,
    Currency,
    Diamonds,
    ExactMoney,
    GiftflowError,
    Money,
    Rate,
    Recurrence,
    Rounding,
    UnitNames,
    Window,
    currency,
)

USD = currency("USD")
START = datetime(2026, 1, 1, tzinfo=UTC)
WEEKLY = Recurrence(rule="FREQ=WEEKLY", start=START, duration=timedelta(days=1))
ROUNDED = Rounding.HALF_EVEN.round(Fraction(5, 2))

CASES = [
    (Money.of_minor(1, USD), "minor", 1.5),
    (Money.of_minor(1, USD), "minor", True),
    (Money.of_minor(1, USD), "minor", 10**40),
    (Money.of_minor(1, USD), "currency", "USD"),
    (ExactMoney.zero(USD), "minor", 0.5),
    (ExactMoney.zero(USD), "minor", Fraction(1, 10**1000)),
    (ExactMoney.zero(USD), "currency", None),
    (Coins(1), "amount", 1.5),
    (Coins(1), "amount", 10**40),
    (Diamonds(1), "amount", "1"),
    (Rate.ONE, "value", Fraction(-1)),
    (Rate.ONE, "value", 0.5),
    (Rate.ONE, "value", Fraction(10**1000)),
    (USD, "code", "us dollar"),
    (USD, "exponent", 19),
    (USD, "numeric", 1000),
    (USD, "name", None),
    (UnitNames(), "coin", "two words"),
    (ROUNDED, "units", 2.0),
    (ROUNDED, "remainder", Fraction(3, 2)),
    (ROUNDED, "remainder", 0.5),
    (Window(start=START, end=START + timedelta(days=1)), "end", START),
    (Window(start=START), "start", datetime(2026, 1, 1)),
    (WEEKLY, "rule", "FREQ=WEEKLY;INTERVAL=0"),
    (WEEKLY, "rule", "FREQ=DAILY;BYHOUR=25"),
    (WEEKLY, "start", START.replace(microsecond=5)),
    (WEEKLY, "duration", timedelta(0)),
]


class TestEvolveValidates:
    @pytest.mark.parametrize(
        ("value", "field", "bad"),
        CASES,
        ids=[f"{type(value).__name__}.{field}={bad!r:.30}" for value, field, bad in CASES],
    )
    def test_evolving_to_a_bad_field_is_refused(self, value: Any, field: str, bad: Any) -> None:
        with pytest.raises(GiftflowError):
            attrs.evolve(value, **{field: bad})

    def test_every_attrs_class_of_the_wing_has_a_case(self) -> None:
        classes = {Money, ExactMoney, Coins, Diamonds, Rate, Currency, UnitNames}
        classes |= {type(ROUNDED), Window, Recurrence}
        assert classes == {type(value) for value, _, _ in CASES}

    def test_evolving_to_good_fields_still_works(self) -> None:
        assert Money.of_minor(5, USD) == attrs.evolve(Money.of_minor(1, USD), minor=5)
        assert Coins(5) == attrs.evolve(Coins(1), amount=5)
