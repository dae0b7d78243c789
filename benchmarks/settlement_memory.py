"""Memory at many creators (issue #15): bytes per creator to settle, merge and pickle.

``python -m benchmarks.settlement_memory [CREATORS] [--repeat N]`` (with a tree's ``src``
first on the path) builds CREATORS events (default 1,000,000), each to a creator of its
own (``c0000000`` ..., in shuffled order, a gift of the benchmark workload's 40-gift catalog,
streak counts 1-10, the TikTok preset), before any measurement, and prints:

- **settle**: :func:`giftflow.settle` of the events (a list of tuples): the peak traced
  memory of the call over the creators, and what the settlement retains once built
  (the names are the events' strings, already allocated, so they count in neither);
- **merge, same creators**: the settlement of a second draw of events to the same
  creators merged into the first (the peak during ``merge`` and what the result retains
  beyond its inputs, over the creators);
- **merge, disjoint creators**: the same with a second set of creators (``c0000000x``
  ...), each sorting right after one of the first, so the result has twice as many,
  interleaved one by one; per creator of the result;
- **pickle**: the size of ``pickle.dumps(settlement)`` (highest protocol) per creator,
  the peak while pickling and while loading (whose result has names of its own);
- **reading**: the time of ``creators[name]`` (100,000 names in the events' order) and
  per total of reading each once (``creators.values()``, none kept).

Memory is :mod:`tracemalloc`'s, with the garbage collector on (``gc.collect()`` before
each measurement, not during it). Times are medians of ``--repeat`` untraced runs
(default 3). Nothing here is enforced; docs/performance.md reports the numbers.
"""

from __future__ import annotations

import argparse
import functools
import gc
import pickle
import random
import statistics
import time
import tracemalloc
from collections import deque
from collections.abc import Callable, Sequence
from typing import TypeVar

from benchmarks._workload import AT, COUNTRY, gift_workload
from giftflow import Settlement, settle

T = TypeVar("T")
_SEED = 20240601


def records(count: int, suffix: str, seed: int) -> list[tuple[str, str, int]]:
    """``count`` events, one per creator ``c`` + a 7-digit number + ``suffix``, shuffled."""
    rng = random.Random(seed)
    gifts = list(gift_workload().prices)
    names = [f"c{index:07d}{suffix}" for index in range(count)]
    rng.shuffle(names)
    return [(name, rng.choice(gifts), rng.randint(1, 10)) for name in names]


def traced(run: Callable[[], T]) -> tuple[T, int, int]:
    """``run()``, its peak traced memory and the memory its result retains (bytes)."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = run()
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak - before, current - before


def timed(run: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``run()`` over ``repeat`` runs (untraced, the collector on)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _settler(events: list[tuple[str, str, int]]) -> Callable[[], Settlement]:
    economy = gift_workload().economy
    return lambda: settle(economy, events, at=AT, country=COUNTRY)


def _row(name: str, creators: int, peak: int, kept: int | None, seconds: float) -> str:
    shown = "" if kept is None else f"{kept / creators:,.0f} B"
    return (
        f"| {name} | {creators:,} | {peak / creators:,.0f} B | {shown} |"
        f" {peak / 1e6:,.0f} MB | {seconds:,.2f} s |"
    )


def main(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("creators", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args(argv)
    count, repeat = arguments.creators, arguments.repeat
    first, again, other = (
        records(count, "", _SEED),
        records(count, "", _SEED + 1),
        records(count, "x", _SEED + 2),
    )
    print("| operation | creators | peak / creator | retained / creator | peak | time (median) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    seconds = timed(_settler(first), repeat)
    left, peak, kept = traced(_settler(first))
    print(_row("settle", count, peak, kept, seconds))
    same, disjoint = _settler(again)(), _settler(other)()
    del again, other
    for name, part, creators in (
        ("merge, same creators", same, count),
        ("merge, disjoint creators", disjoint, 2 * count),
    ):
        merge = functools.partial(left.merge, part)
        seconds = timed(merge, repeat)
        merged, peak, kept = traced(merge)
        assert len(merged.creators) == creators
        print(_row(name, creators, peak, kept, seconds))
        del merged
    del same, disjoint
    data, peak, _ = traced(lambda: pickle.dumps(left, pickle.HIGHEST_PROTOCOL))
    seconds = timed(lambda: pickle.dumps(left, pickle.HIGHEST_PROTOCOL), repeat)
    print(_row("pickle.dumps", count, peak, None, seconds))
    loaded, peak, kept = traced(lambda: pickle.loads(data))
    assert loaded == left
    seconds = timed(lambda: pickle.loads(data), repeat)
    print(_row("pickle.loads", count, peak, kept, seconds))
    print(f"\npickled size: {len(data) / count:,.1f} B per creator ({len(data) / 1e6:,.1f} MB)")
    names = [name for name, _, _ in first[:100_000]]
    creators = left.creators
    lookups = timed(lambda: deque(map(creators.__getitem__, names), maxlen=0), repeat)
    every = timed(lambda: deque(creators.values(), maxlen=0), repeat) / count
    print(
        f"reading: creators[name] {lookups / len(names) * 1e9:,.0f} ns ({len(names):,} names in event order);"
        f" every total once, in name order (creators.values()) {every * 1e9:,.0f} ns each"
    )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
