"""Money micro-benchmarks (issue #2): addition, allocation, parsing, multiplication.

Each group has a baseline that does the same work with plain Python values (the floor
giftflow's validation and value objects are measured against) and, where it has the
operation, py-moneyed as the peer a user would otherwise pick.

Every timed loop lives in its own function, even when two loops read the same: CPython
3.11 specialises bytecode per code object, so one loop shared by ints and ``Money`` would
be tuned for one type and penalise the other.
"""

from __future__ import annotations

import random
from decimal import Decimal

import moneyed

from benchmarks._harness import Benchmark, FasterThan, Group, Settings, Under, Workload
from giftflow import Coins, Money, Rate, Rounding, currency

USD = currency("USD")
PEER_ADD = "py-moneyed Money + Money"


# -- the plain-int floors ------------------------------------------------------------


def largest_remainder(amount: int, weights: list[int]) -> list[int]:
    """Split ``amount >= 0`` by ``weights`` with the largest-remainder rule, in plain ints.

    The floor for ``Money.allocate``: the same rule (floor of each exact share, leftover
    units to the largest remainders, ties to the earlier part) with no validation, no
    negative amounts and no value objects.

    >>> largest_remainder(100, [1, 1, 1])
    [34, 33, 33]
    >>> largest_remainder(5, [70, 30])
    [4, 1]
    """
    total = sum(weights)
    parts = []
    remainders = []
    for weight in weights:
        part, remainder = divmod(amount * weight, total)
        parts.append(part)
        remainders.append(remainder)
    leftover = amount - sum(parts)
    if leftover:
        # sorted() is stable, so equal remainders keep their order: ties to the earlier part.
        for index in sorted(range(len(parts)), key=remainders.__getitem__, reverse=True)[:leftover]:
            parts[index] += 1
    return parts


def half_even(numerator: int, denominator: int) -> int:
    """Round ``numerator / denominator`` (denominator > 0) half to even, in plain ints.

    The floor for ``Money.multiply(rate, Rounding.HALF_EVEN)``.

    >>> [half_even(n, 2) for n in (1, 3, 5, -1, -3)]
    [0, 2, 2, 0, -2]
    """
    quotient, remainder = divmod(numerator, denominator)
    twice = 2 * remainder
    if twice > denominator or (twice == denominator and quotient % 2):
        return quotient + 1
    return quotient


# -- inputs --------------------------------------------------------------------------


def _minor_pairs(settings: Settings, rng: random.Random) -> list[tuple[int, int]]:
    count = settings.size(full=1000, quick=3)
    return [(rng.randint(-(10**6), 10**6), rng.randint(-(10**6), 10**6)) for _ in range(count)]


def _allocation_inputs(
    settings: Settings, rng: random.Random, ratios: int
) -> tuple[list[int], list[int]]:
    count = settings.size(full=200, quick=2)
    weights = [rng.randint(1, 100) for _ in range(ratios)]
    amounts = [rng.randint(1, 10**7) for _ in range(count)]
    return amounts, weights


def _amount_texts(settings: Settings, rng: random.Random) -> list[str]:
    count = settings.size(full=1000, quick=3)
    texts = []
    for _ in range(count):
        cents = rng.randint(-(10**6), 10**6)
        sign = "-" if cents < 0 else ""
        texts.append(f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}")
    return texts


def _multiply_inputs(settings: Settings, rng: random.Random) -> tuple[list[int], int]:
    count = settings.size(full=1000, quick=3)
    percent = rng.randint(1, 99)
    return [rng.randint(-(10**6), 10**6) for _ in range(count)], percent


def _peer_money(minor: int) -> moneyed.Money:
    return moneyed.Money(Decimal(minor).scaleb(-2), "USD")


# -- Money + Money -------------------------------------------------------------------


def _int_add(settings: Settings, rng: random.Random) -> Workload:
    pairs = _minor_pairs(settings, rng)

    def run() -> None:
        for a, b in pairs:
            a + b

    return Workload(run, len(pairs))


def _money_add(settings: Settings, rng: random.Random) -> Workload:
    pairs = [
        (Money.of_minor(a, USD), Money.of_minor(b, USD)) for a, b in _minor_pairs(settings, rng)
    ]

    def run() -> None:
        for a, b in pairs:
            a + b

    return Workload(run, len(pairs))


def _coins_add(settings: Settings, rng: random.Random) -> Workload:
    pairs = [(Coins(a), Coins(b)) for a, b in _minor_pairs(settings, rng)]

    def run() -> None:
        for a, b in pairs:
            a + b

    return Workload(run, len(pairs))


def _peer_add(settings: Settings, rng: random.Random) -> Workload:
    pairs = [(_peer_money(a), _peer_money(b)) for a, b in _minor_pairs(settings, rng)]

    def run() -> None:
        for a, b in pairs:
            a + b

    return Workload(run, len(pairs))


# -- allocate ------------------------------------------------------------------------


def _int_allocate(ratios: int) -> Benchmark:
    def setup(settings: Settings, rng: random.Random) -> Workload:
        amounts, weights = _allocation_inputs(settings, rng, ratios)

        def run() -> None:
            for amount in amounts:
                largest_remainder(amount, weights)

        return Workload(run, len(amounts))

    return Benchmark(f"pure-int largest remainder ({ratios} ratios)", setup)


def _money_allocate(ratios: int, goal: Under | None) -> Benchmark:
    def setup(settings: Settings, rng: random.Random) -> Workload:
        amounts, weights = _allocation_inputs(settings, rng, ratios)
        money = [Money.of_minor(amount, USD) for amount in amounts]

        def run() -> None:
            for amount in money:
                amount.allocate(weights)

        return Workload(run, len(money))

    return Benchmark(f"Money.allocate ({ratios} ratios)", setup, goal)


# -- parse ---------------------------------------------------------------------------


def _decimal_parse(settings: Settings, rng: random.Random) -> Workload:
    texts = _amount_texts(settings, rng)

    def run() -> None:
        for text in texts:
            Decimal(text)

    return Workload(run, len(texts))


def _money_parse(settings: Settings, rng: random.Random) -> Workload:
    texts = _amount_texts(settings, rng)

    def run() -> None:
        for text in texts:
            Money.parse(text, "USD")

    return Workload(run, len(texts))


def _peer_parse(settings: Settings, rng: random.Random) -> Workload:
    texts = _amount_texts(settings, rng)

    def run() -> None:
        for text in texts:
            moneyed.Money(text, "USD")

    return Workload(run, len(texts))


# -- multiply by a rate, rounded -----------------------------------------------------


def _int_multiply(settings: Settings, rng: random.Random) -> Workload:
    minors, percent = _multiply_inputs(settings, rng)
    rate = Rate.ratio(percent, 100).value
    numerator, denominator = rate.numerator, rate.denominator

    def run() -> None:
        for minor in minors:
            half_even(minor * numerator, denominator)

    return Workload(run, len(minors))


def _money_multiply(settings: Settings, rng: random.Random) -> Workload:
    minors, percent = _multiply_inputs(settings, rng)
    rate = Rate.ratio(percent, 100)
    money = [Money.of_minor(minor, USD) for minor in minors]
    mode = Rounding.HALF_EVEN

    def run() -> None:
        for amount in money:
            amount.multiply(rate, mode)

    return Workload(run, len(money))


def _peer_multiply(settings: Settings, rng: random.Random) -> Workload:
    minors, percent = _multiply_inputs(settings, rng)
    rate = Decimal(percent).scaleb(-2)
    money = [_peer_money(minor) for minor in minors]

    def run() -> None:
        # py-moneyed rounds with the ambient decimal context: ROUND_HALF_EVEN by default.
        for amount in money:
            (amount * rate).round(2)

    return Workload(run, len(money))


GROUPS = (
    Group(
        "Money + Money",
        Benchmark("int + int", _int_add),
        (
            Benchmark("giftflow Money + Money", _money_add, FasterThan(PEER_ADD, 3)),
            Benchmark("giftflow Coins + Coins", _coins_add),
            Benchmark(PEER_ADD, _peer_add),
        ),
    ),
    Group(
        "Money.allocate into 3 ratios",
        _int_allocate(3),
        (_money_allocate(3, Under(3000)),),
    ),
    Group(
        "Money.allocate into 100 ratios",
        _int_allocate(100),
        (_money_allocate(100, None),),
    ),
    Group(
        "Money.parse",
        Benchmark("Decimal(text)", _decimal_parse),
        (
            Benchmark("giftflow Money.parse(text, 'USD')", _money_parse),
            Benchmark("py-moneyed Money(text, 'USD')", _peer_parse),
        ),
    ),
    Group(
        "Money.multiply(rate, rounding)",
        Benchmark("pure-int multiply, round half even", _int_multiply),
        (
            Benchmark("giftflow Money.multiply(rate, HALF_EVEN)", _money_multiply),
            Benchmark("py-moneyed (Money * Decimal).round(2)", _peer_multiply),
        ),
    ),
)
