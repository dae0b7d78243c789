"""Settlement benchmarks (issue #7): throughput against the floor and py-moneyed, memory, scaling.

The workload is :mod:`benchmarks._workload`: 10,000 viewers, 1,000 creators, a 40-gift
catalog with Zipf-like popularity, streak counts 1-10, the TikTok preset's conversion.

- **Settle 1M gift events**: one list of events, built before timing, settled by
  :func:`giftflow.settle`, by a hand-written plain-int loop computing the same
  per-creator totals (the pure-Python floor), and by the same computation per event
  with py-moneyed ``Money`` objects.
- **Peak memory**: events streamed from the generator (never held in a list), settled
  under :mod:`tracemalloc`; the peak covers the generator's current block too.
- **Scaling**: streamed events at 100k, 1M and 4M; the time per event includes drawing
  the events, which the "generate only" row measures alone.

Every timed loop lives in its own function (CPython specialises bytecode per code
object; see bench_money).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import moneyed

from benchmarks._harness import Benchmark, Both, FasterThan, Group, Settings, TimesOf, Workload
from benchmarks._workload import AT, COUNTRY, GiftWorkload, events, gift_workload
from giftflow import GiftRecord, Settlement, settle

FLOOR = "plain-int loop (the floor)"
SETTLE_TUPLES = "giftflow settle, (creator, gift, count) tuples"
SETTLE_RECORDS = "giftflow settle, GiftRecord values"
PEER = "py-moneyed Money per event"
STREAM_1M = "settle 1M streamed events"
STREAM_100K = "settle 100k streamed events"
MB = 1_000_000


# -- goals that the harness does not define --------------------------------------------


@dataclass(frozen=True)
class PeakWithin:
    """Peak traced memory at most ``factor`` times ``other``'s (if given) and under ``limit``.

    >>> PeakWithin(50_000_000, "small", 1.1).evaluate_memory(1_050_000, {"small": 1_000_000})
    ('1.05 MB, 1.05x', True)
    """

    limit: int
    other: str | None = None
    factor: float = 1.0

    def describe(self) -> str:
        text = f"under {self.limit / MB:g} MB"
        return text if self.other is None else f"≤ {self.factor:g}x {self.other}, {text}"

    def evaluate_memory(self, peak: int, group: Mapping[str, int]) -> tuple[str, bool]:
        shown = f"{peak / MB:.3g} MB"
        if self.other is None:
            return shown, peak < self.limit
        ratio = peak / group[self.other]
        return f"{shown}, {ratio:.2f}x", peak < self.limit and ratio <= self.factor


# -- the floor and the peer -------------------------------------------------------------


def plain_int_settle(
    records: Iterable[tuple[str, str, int]], prices: Mapping[str, int]
) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    """Settle like the TikTok preset, in plain ints: the pure-Python floor.

    One diamond per coin, rounded down (a no-op for whole diamonds), each worth half
    a cent. Returns per creator ``(diamonds, value in half-cents)`` and gifts sent per
    gift id, with no validation and no value objects.

    >>> plain_int_settle([("ana", "rose", 3), ("ana", "swan", 1)], {"rose": 1, "swan": 699})
    ({'ana': (702, 702)}, {'rose': 3, 'swan': 1})
    """
    coins: dict[str, int] = {}
    gifts: dict[str, int] = {}
    for creator, gift, count in records:
        coins[creator] = coins.get(creator, 0) + prices[gift] * count
        gifts[gift] = gifts.get(gift, 0) + count
    # One diamond per coin, half a cent each: both totals are the coins.
    return {creator: (total, total) for creator, total in coins.items()}, gifts


_DIAMOND_VALUE = moneyed.Money("0.005", "USD")
_ZERO = moneyed.Money("0", "USD")


def moneyed_settle(
    records: Iterable[tuple[str, str, int]], prices: Mapping[str, int]
) -> tuple[dict[str, tuple[int, moneyed.Money]], dict[str, int]]:
    """The same computation per event, with py-moneyed ``Money`` values.

    >>> totals, _ = moneyed_settle([("ana", "rose", 3)], {"rose": 1})
    >>> totals["ana"][1]
    Money('0.015', 'USD')
    """
    diamonds: dict[str, int] = {}
    values: dict[str, moneyed.Money] = {}
    gifts: dict[str, int] = {}
    for creator, gift, count in records:
        coins = prices[gift] * count
        diamonds[creator] = diamonds.get(creator, 0) + coins
        values[creator] = values.get(creator, _ZERO) + _DIAMOND_VALUE * coins
        gifts[gift] = gifts.get(gift, 0) + count
    return {creator: (diamonds[creator], values[creator]) for creator in diamonds}, gifts


def as_plain(result: Settlement) -> tuple[dict[str, tuple[int, Fraction]], dict[str, int]]:
    """A settlement's per-creator diamonds and values (minor units), and its gift counts."""
    return (
        {c: (t.diamonds.amount, t.value.minor) for c, t in result.creators.items()},
        dict(result.gifts),
    )


def moneyed_as_plain(
    totals: Mapping[str, tuple[int, moneyed.Money]],
) -> dict[str, tuple[int, Fraction]]:
    """py-moneyed totals in the same form (values in exact minor units)."""
    return {c: (d, Fraction(value.amount * Decimal(100))) for c, (d, value) in totals.items()}


# -- inputs ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _workload() -> GiftWorkload:
    return gift_workload()


@functools.lru_cache(maxsize=1)
def _event_list(count: int, seed: int) -> list[tuple[str, str, int]]:
    # Shared by every benchmark of the group (same rng, same seed): built once.
    return list(events(_workload(), count, seed=seed))


def _listed(settings: Settings, rng: random.Random) -> list[tuple[str, str, int]]:
    return _event_list(settings.size(full=1_000_000, quick=300), rng.getrandbits(64))


# -- settle 1M events ----------------------------------------------------------------------


def _floor(settings: Settings, rng: random.Random) -> Workload:
    records, prices = _listed(settings, rng), _workload().prices
    return Workload(lambda: plain_int_settle(records, prices), len(records))


def _settle_tuples(settings: Settings, rng: random.Random) -> Workload:
    records, economy = _listed(settings, rng), _workload().economy
    return Workload(lambda: settle(economy, records, at=AT, country=COUNTRY), len(records))


def _settle_records(settings: Settings, rng: random.Random) -> Workload:
    records = [GiftRecord(*record) for record in _listed(settings, rng)]
    economy = _workload().economy
    return Workload(lambda: settle(economy, records, at=AT, country=COUNTRY), len(records))


def _moneyed(settings: Settings, rng: random.Random) -> Workload:
    records, prices = _listed(settings, rng), _workload().prices
    return Workload(lambda: moneyed_settle(records, prices), len(records))


# -- streamed events ---------------------------------------------------------------------


Setup = Callable[[Settings, random.Random], Workload]


def _streamed(full: int, quick: int, *, settling: bool = True) -> Setup:
    """Settle ``full`` (``quick``) events drawn while settling, never held in a list.

    With ``settling=False``, only draw the events and drop them: the part of a
    streamed run that is not settling.
    """

    def setup(settings: Settings, rng: random.Random) -> Workload:
        count, seed = settings.size(full=full, quick=quick), rng.getrandbits(64)
        workload = _workload()

        def run() -> Settlement | None:
            stream = events(workload, count, seed=seed)
            if settling:
                return settle(workload.economy, stream, at=AT, country=COUNTRY)
            for _ in stream:
                pass
            return None

        return Workload(run, count)

    return setup


GROUPS = (
    Group(
        "Settle 1M gift events (TikTok preset)",
        Benchmark(FLOOR, _floor, unit="event"),
        (
            Benchmark(
                SETTLE_TUPLES,
                _settle_tuples,
                Both(TimesOf(FLOOR, 1.3), FasterThan(PEER, 10)),
                unit="event",
            ),
            Benchmark(SETTLE_RECORDS, _settle_records, unit="event"),
            Benchmark(PEER, _moneyed, unit="event"),
        ),
    ),
    Group(
        "Settlement peak memory (streamed events)",
        Benchmark(
            STREAM_1M, _streamed(1_000_000, 200), PeakWithin(50 * MB), unit="event", memory=True
        ),
        (
            Benchmark(
                "settle 4M streamed events",
                _streamed(4_000_000, 800),
                PeakWithin(50 * MB, STREAM_1M, 1.10),
                unit="event",
                memory=True,
            ),
        ),
    ),
    Group(
        "Settlement scaling (streamed events)",
        Benchmark(STREAM_100K, _streamed(100_000, 100), unit="event"),
        (
            Benchmark(
                "settle 1M streamed events",
                _streamed(1_000_000, 400),
                TimesOf(STREAM_100K, 1.1),
                unit="event",
            ),
            Benchmark(
                "settle 4M streamed events",
                _streamed(4_000_000, 1600),
                TimesOf(STREAM_100K, 1.1),
                unit="event",
            ),
            Benchmark(
                "generate only, 1M events", _streamed(1_000_000, 400, settling=False), unit="event"
            ),
        ),
    ),
)
