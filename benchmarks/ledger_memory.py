"""What a ledger keeps: memory per event retained, snapshot size and restore time.

``python -m benchmarks.ledger_memory [EVENTS ...]`` (with a tree's ``src`` first on the
path) applies EVENTS events of the reads benchmark's TikTok history (gifts from 1,000
viewers to 100 creators, each viewer buying again when it runs low; default 10,000,
100,000 and 1,000,000), with the garbage collector on, and prints for each size:

- the memory the ledger retains per event (``tracemalloc``: traced memory after the
  events, minus before, over the number of events; the events themselves are built
  before tracing starts and are not counted), keeping its whole journal
  (``History.ALL``), keeping none (``History.NONE``, the journal streamed out), and
  keeping none with only the last 10,000 idempotency keys (``Idempotency.window``);
- the JSON size of ``to_data(ledger.snapshot())``;
- the median time of ``Ledger.restore(from_data(LedgerSnapshot, document))`` over three
  runs, from the parsed JSON document.

Goals of issue #14 (reported, never enforced): at most 300 bytes per event retained
with the journal streamed out; a snapshot after 10^6 events restores in under 1 s.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Sequence

from benchmarks.bench_ledger import profiles
from benchmarks.bench_reads import history
from giftflow import (
    History,
    Idempotency,
    Ledger,
    LedgerEvent,
    LedgerSnapshot,
    from_data,
    presets,
    to_data,
)

_SEED = 20240601
SIZES = (10_000, 100_000, 1_000_000)


def events(count: int) -> list[LedgerEvent]:
    """``count`` events of the reads benchmark's history: gifts from 1,000 viewers to 100
    creators, one second apart, each viewer buying coins again whenever it runs low."""
    return history(count, _SEED)


def retained(
    stream: Sequence[LedgerEvent], history: History, idempotency: Idempotency = Idempotency.ALL
) -> tuple[Ledger, float]:
    """The ledger after ``stream`` and the bytes it retains per event."""
    economy, viewers = presets.tiktok(), profiles(stream)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        ledger = Ledger(economy, viewers=viewers, history=history, idempotency=idempotency)
        for event in stream:
            ledger.apply(event)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return ledger, (after - before) / len(stream)


def restore_time(document: object) -> float:
    """Median seconds of ``Ledger.restore(from_data(LedgerSnapshot, document))``, three runs."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        Ledger.restore(from_data(LedgerSnapshot, document), history=History.NONE)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: Sequence[str]) -> None:
    sizes = [int(arg) for arg in argv] or list(SIZES)
    print(
        "| events | retained, whole journal | no journal | no journal, last 10,000 ids"
        " | snapshot JSON | restore |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        stream = events(size)
        _, whole = retained(stream, History.ALL)
        ledger, streamed = retained(stream, History.NONE)
        _, windowed = retained(stream, History.NONE, Idempotency.window(10_000))
        document = to_data(ledger.snapshot())
        size_bytes = len(json.dumps(document))
        seconds = restore_time(document)
        print(
            f"| {size:,} | {whole:,.0f} B/event | {streamed:,.0f} B/event |"
            f" {windowed:,.0f} B/event |"
            f" {size_bytes / 1e6:,.2f} MB | {seconds * 1e3:,.0f} ms |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
