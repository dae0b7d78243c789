"""Data format benchmark (issue #14, item 3): a Ledger document of 100k events, both ways.

The ledger is the ledger benchmark's stream cut to 100,000 events: 1,000 viewers who
each buy a large package once, then 99,000 gifts to 100 creators (TikTok preset, every
viewer with a profile). ``to_data`` writes it with compact events; ``from_data`` reads
it back, which replays every event through ``Ledger.apply``, so the baseline is that
replay alone. Reading the same ledger in the full shape of format version 1 (each
purchase with its storefront, quote, breakdown and lots) is measured too.

``python -m benchmarks -k "ledger document"`` times it with the harness;
``python -m benchmarks.bench_format`` prints the JSON bytes per event of each kind in
both shapes and one timing of each direction (quick to compare two trees: run it with
each tree's ``src`` first on the path).
"""

from __future__ import annotations

import json
import random
import sys
import time
from typing import Any

from benchmarks._harness import Benchmark, Group, Settings, Workload, format_bytes
from benchmarks.bench_ledger import _stream, profiles
from giftflow import Data, Ledger, from_data, presets, to_data

__all__ = ["GROUPS", "bytes_per_event", "format_ledger", "full_data", "main"]

_SEED = 20240601


def format_ledger(settings: Settings, rng: random.Random) -> Ledger:
    """The ledger of the benchmark: 1,000 purchases, then 99,000 gifts (3 and 20 if quick).

    >>> ledger = format_ledger(Settings(quick=True), random.Random(7))
    >>> len(ledger.events)
    23
    """
    events = _stream(settings, rng, country="US", package="coins_16500", gifts=99_000, most=10)
    ledger = Ledger(presets.tiktok(), viewers=profiles(events))
    for event in events:
        ledger.apply(event)
    return ledger


def fields(data: Data) -> dict[str, Any]:
    """A value's data as a dict (a ledger's is one), to read its fields."""
    if not isinstance(data, dict):
        raise TypeError(f"expected the data of a ledger, got {type(data).__name__}")
    return data


def full_data(ledger: Ledger) -> dict[str, Any]:
    """The ledger's data in the full shape of format version 1 (each event as ``to_data``).

    >>> ledger = format_ledger(Settings(quick=True), random.Random(7))
    >>> sorted(full_data(ledger)["events"][0]["coins_purchased"])
    ['at', 'id', 'purchase', 'viewer']
    """
    data = fields(to_data(ledger))
    data.pop("events_shape", None)
    data["events"] = [
        {ledger.transaction(event.id).kind: to_data(event)} for event in ledger.events
    ]
    return data


def bytes_per_event(data: dict[str, Any]) -> dict[str, float]:
    """The mean bytes of ``json.dumps`` of one event of each kind in a Ledger's ``data``.

    >>> bytes_per_event({"events": [{"refunded": {"id": "r1"}}, {"refunded": {"id": "r22"}}]})
    {'refunded': 26.5}
    """
    sizes: dict[str, list[int]] = {}
    for event in data["events"]:
        ((kind, _),) = event.items()
        sizes.setdefault(kind, []).append(len(json.dumps(event)))
    return {kind: sum(found) / len(found) for kind, found in sizes.items()}


def _replay(settings: Settings, rng: random.Random) -> Workload:
    ledger = format_ledger(settings, rng)
    economy, viewers, events = ledger.economy, ledger.viewers, ledger.events

    def run() -> Ledger:
        fresh = Ledger(economy, viewers=viewers)
        for event in events:
            fresh.apply(event)
        return fresh

    return Workload(run, len(events))


def _writing(settings: Settings, rng: random.Random) -> Workload:
    ledger = format_ledger(settings, rng)
    return Workload(lambda: to_data(ledger), len(ledger.events))


def _reading(full: bool) -> Any:
    def setup(settings: Settings, rng: random.Random) -> Workload:
        ledger = format_ledger(settings, rng)
        data = json.loads(json.dumps(full_data(ledger) if full else to_data(ledger)))
        return Workload(lambda: from_data(Ledger, data), len(ledger.events))

    return setup


GROUPS = (
    Group(
        "Ledger document of 100k events (1,000 purchases, 99,000 gifts): to_data, from_data",
        Benchmark("Ledger.apply of the events (the replay from_data does)", _replay, unit="event"),
        (
            Benchmark("to_data(ledger), compact events", _writing, unit="event"),
            Benchmark("from_data(Ledger, data), compact events", _reading(False), unit="event"),
            Benchmark(
                "from_data(Ledger, data), full events (version 1)", _reading(True), unit="event"
            ),
        ),
    ),
)


def main() -> None:
    """Print bytes per event by kind in both shapes, and one timing of each direction."""
    quick = "--quick" in sys.argv
    ledger = format_ledger(Settings(quick=quick), random.Random(_SEED))
    start = time.perf_counter()
    data = fields(to_data(ledger))
    wrote = time.perf_counter() - start
    text = json.dumps(data)
    full = full_data(ledger)
    compact_sizes, full_sizes = bytes_per_event(data), bytes_per_event(full)
    print(f"{len(ledger.events):,} events, events_shape={data.get('events_shape')!r}")
    print(f"{'kind':<18}{'events':>8}{'bytes (written)':>17}{'bytes (full, v1)':>18}")
    for kind, size in compact_sizes.items():
        count = sum(1 for event in data["events"] if kind in event)
        print(f"{kind:<18}{count:>8,}{size:>17,.1f}{full_sizes[kind]:>18,.1f}")
    print(
        f"document: {format_bytes(len(text))} written, {format_bytes(len(json.dumps(full)))} full"
    )
    parsed = json.loads(text)
    start = time.perf_counter()
    from_data(Ledger, parsed)
    read = time.perf_counter() - start
    parsed_full = json.loads(json.dumps(full))
    start = time.perf_counter()
    from_data(Ledger, parsed_full)
    read_full = time.perf_counter() - start
    print(
        f"to_data {wrote:.2f} s, from_data {read:.2f} s, from_data of the full data {read_full:.2f} s"
    )


if __name__ == "__main__":
    main()
