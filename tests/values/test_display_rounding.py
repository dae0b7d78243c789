"""Rounding a table for display: rows add up to the rounded total (largest remainder)."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import InvalidValueError
from giftflow._values._allocation import round_to_total
from giftflow._values._rounding import Rounding

exact = st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=10**4)


@given(st.lists(exact, min_size=1, max_size=30), st.sampled_from(list(Rounding)))
def test_parts_add_up_to_the_rounded_sum_and_stay_within_one_unit(
    values: list[Fraction], rounding: Rounding
) -> None:
    total = rounding.round(sum(values, Fraction(0))).units
    parts = round_to_total(values, total)
    assert total == sum(parts)
    assert all(abs(part - value) < 1 for part, value in zip(parts, values, strict=True))


@given(st.lists(st.integers(-(10**9), 10**9), min_size=1, max_size=30))
def test_whole_values_are_kept(values: list[int]) -> None:
    assert values == round_to_total([Fraction(v) for v in values], sum(values))


def test_ties_go_to_the_earlier_value() -> None:
    assert [1, 0, 0] == round_to_total([Fraction(1, 3)] * 3, 1)
    assert [1, 1, 0] == round_to_total([Fraction(2, 3)] * 3, 2)


@pytest.mark.parametrize("total", [-1, 4])
def test_a_total_out_of_reach_is_refused(total: int) -> None:
    with pytest.raises(InvalidValueError, match="total"):
        round_to_total([Fraction(1, 3)] * 3, total)


def test_a_trace_adds_up_as_printed() -> None:
    """Every trace the tour's economy prints adds up to its paid line and to 100.0%."""
    from giftflow import compare_channels, presets
    from giftflow._tour import AT, PROCEEDS

    for gift in ("Rose", "Doughnut", "Swan", "Lion"):
        for value in compare_channels(
            presets.tiktok(), gift, country="US", at=AT, proceeds_to_date=PROCEEDS
        ):
            rows = re.findall(r"^\s+(.+?)\s+~?([\d.-]+) USD\s+(-?[\d.]+)%$", str(value), re.M)
            (_, paid, hundred), *parts = rows
            assert "100.0" == hundred
            assert Decimal(paid) == sum(Decimal(amount) for _, amount, _ in parts)
            assert Decimal(100) == sum(Decimal(share) for _, _, share in parts)
            assert f"via {value.channel}" in str(value).splitlines()[0]
