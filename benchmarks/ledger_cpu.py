"""CPU time of ``Ledger.apply`` on the ledger benchmark's streams, for a busy machine.

``python -m benchmarks.ledger_cpu LABEL`` (with a tree's ``src`` first on the path)
prints the median CPU time (``time.process_time``, which other processes on the machine
disturb far less than wall time) per event over three repetitions: the first 60,000
events of the TikTok stream (purchases, then gifts) and 2,000 purchases alone. Run it
alternately in two trees to get a before/after ratio in one sitting (docs/performance.md).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Sequence

from benchmarks._harness import Settings
from benchmarks.bench_ledger import ledger_events, profiles, purchase_events
from giftflow import Ledger, LedgerEvent, presets

_SEED = 20240601


def cpu_per_event(events: Sequence[LedgerEvent]) -> float:
    """Microseconds of CPU per event for applying ``events`` to a fresh TikTok ledger."""
    ledger = Ledger(presets.tiktok(), viewers=profiles(events))
    start = time.process_time()
    for event in events:
        ledger.apply(event)
    return (time.process_time() - start) / len(events) * 1e6


def main(argv: Sequence[str]) -> None:
    label = argv[0] if argv else "tree"
    settings = Settings()
    stream: list[LedgerEvent] = [*ledger_events(settings, random.Random(_SEED))[:60_000]]
    buys: list[LedgerEvent] = [*purchase_events(settings, random.Random(_SEED))[:2_000]]
    mixed = statistics.median(cpu_per_event(stream) for _ in range(3))
    alone = statistics.median(cpu_per_event(buys) for _ in range(3))
    print(
        f"{label} purchases then gifts: {mixed:.2f} µs/event CPU;"
        f" purchases only: {alone:.1f} µs/event CPU"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
