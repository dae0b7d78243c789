"""Largest-remainder (Hamilton) allocation of whole units (private)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import lcm
from typing import Any

from giftflow._values._errors import InvalidTypeError, InvalidValueError
from giftflow._values._numbers import (
    FRACTION_BOUND,
    MAX_PARTS,
    check_common_denominator,
    check_fraction,
)
from giftflow._values._rate import Rate


def weights_of(ratios: Any) -> list[int]:
    """Validate ``ratios`` and scale them to non-negative integer weights.

    Ratios are ints, Fractions or Rates (never floats or bools), not negative, not
    all zero. Fractions are brought to a common denominator, so the weights are
    proportional to the ratios exactly. The work is bounded: at most
    :data:`~giftflow._values._numbers.MAX_PARTS` ratios, each int within the
    fraction limit, and a common denominator of at most 1,000 digits.

    >>> weights_of([70, 30])
    [70, 30]
    >>> weights_of([Fraction(1, 2), Rate.parse("0.25")])
    [2, 1]
    """
    # Fast path for the usual call, a list or tuple of ints >= 0: one plain loop, no ABC
    # check, no Fractions. Anything else (including every error) takes the checks below.
    if (type(ratios) is list or type(ratios) is tuple) and len(ratios) <= MAX_PARTS:
        for ratio in ratios:
            if type(ratio) is not int or ratio < 0 or ratio >= FRACTION_BOUND:
                break
        else:
            if any(ratios):
                return list(ratios)
    if isinstance(ratios, str | bytes) or not isinstance(ratios, Sequence):
        raise InvalidTypeError(
            "ratios", ratios, "must be a sequence", "pass a list such as [70, 30] or [1, 1, 1]"
        )
    if not ratios:
        raise InvalidValueError("ratios", ratios, "must not be empty", "pass at least one ratio")
    _check_count("ratios", len(ratios))
    exact: list[Fraction | int] = []
    all_ints = True
    for ratio in ratios:
        kind = type(ratio)
        if kind is int:
            check_fraction("ratios", Fraction(ratio))
            exact.append(ratio)
        elif kind is Rate:
            exact.append(ratio.value)
            all_ints = False
        elif kind is Fraction:
            exact.append(ratio)
            all_ints = False
        else:
            raise InvalidTypeError(
                "ratios",
                ratios,
                f"must hold only ints, Fractions or Rates, but holds {ratio!r}",
                "write shares as ints ([70, 30]) or exact rates (Rate.parse('0.7'))",
            )
        if exact[-1] < 0:
            raise InvalidValueError(
                "ratios", ratios, "must not hold a negative ratio", "pass ratios >= 0"
            )
    if all_ints:
        weights: list[int] = exact  # type: ignore[assignment]
    else:
        fractions = [Fraction(value) for value in exact]
        common = 1
        for value in fractions:  # checked as it grows, so a bad list stops early
            common = check_common_denominator("ratios", ratios, lcm(common, value.denominator))
        weights = [value.numerator * (common // value.denominator) for value in fractions]
    if not any(weights):
        raise InvalidValueError(
            "ratios", ratios, "must not all be zero", "give at least one part a positive ratio"
        )
    return weights


def allocate_units(amount: int, weights: list[int]) -> list[int]:
    """Split ``amount`` whole units in proportion to ``weights`` (largest remainder).

    Each part gets the floor of its exact share; the units left over go one at a
    time to the parts with the largest fractional remainder, ties to the earlier
    part. A negative amount is the mirror image of its absolute value.

    >>> allocate_units(100, [1, 1, 1])
    [34, 33, 33]
    >>> allocate_units(-5, [70, 30])
    [-4, -1]
    """
    if amount < 0:
        return [-part for part in allocate_units(-amount, weights)]
    total = sum(weights)
    parts: list[int] = []
    remainders: list[int] = []
    for weight in weights:
        share, remainder = divmod(amount * weight, total)
        parts.append(share)
        remainders.append(remainder)
    leftover = amount - sum(parts)
    if leftover:
        # Fewer than len(parts) units are left, and only parts with a positive
        # remainder can receive one, so zero ratios always get zero.
        # sorted() is stable even with reverse=True, so equal remainders keep their
        # order: ties go to the earlier part.
        ranked = sorted(range(len(parts)), key=remainders.__getitem__, reverse=True)
        for index in ranked[:leftover]:
            parts[index] += 1
    return parts


def round_to_total(values: Sequence[Fraction], total: int) -> list[int]:
    """Round exact ``values`` to whole units that add up to ``total`` (largest remainder).

    Each value is floored; the units ``total`` leaves over go one at a time to the
    values with the largest fractional part, ties to the earlier one. Values may be
    negative. ``total`` must be within ``len(values)`` units of the floors' sum (the
    sum of ``values``, rounded any way, always is): a displayed table whose rows are
    rounded this way adds up to its rounded total, to the last digit shown.

    >>> round_to_total([Fraction(1, 3)] * 3, 1)
    [1, 0, 0]
    >>> round_to_total([Fraction(999, 10), Fraction(1, 20), Fraction(1, 20)], 100)
    [100, 0, 0]
    >>> round_to_total([Fraction(-3, 2), Fraction(5, 2)], 1)
    [-1, 2]
    """
    floors = [value.numerator // value.denominator for value in values]
    leftover = total - sum(floors)
    if not 0 <= leftover <= len(values):
        raise InvalidValueError(
            "total",
            total,
            f"is not within {len(values)} units of the values' sum {sum(values, Fraction(0))}",
            "pass the sum of the values, rounded",
        )
    ranked = sorted(range(len(values)), key=lambda i: values[i] - floors[i], reverse=True)
    for index in ranked[:leftover]:
        floors[index] += 1
    return floors


def check_parts(count: Any) -> int:
    """Validate the ``count`` of an equal split."""
    if type(count) is not int:
        raise InvalidTypeError("count", count, "must be an int", "pass the number of equal parts")
    if count < 1:
        raise InvalidValueError("count", count, "must be at least 1", "pass 1 or more parts")
    return _check_count("count", count)


def _check_count(argument: str, count: int) -> int:
    if count > MAX_PARTS:
        raise InvalidValueError(
            argument,
            count,
            f"asks for more than {MAX_PARTS:,} parts (giftflow's limit for one split)",
            "split in stages, or group the parts first",
        )
    return count
