"""Issue #14's goals for the ledger, measured in one run and reported met or not.

``PYTHONPATH=src:. python -m benchmarks.ledger_goals`` runs, in one process:

- the ledger group of ``bench_ledger`` (``Ledger.apply`` with the garbage collector on,
  a paused row, and the plain-dict floor), with the harness;
- the read groups of ``bench_reads`` at 10k, 100k and 10^6 events of history;
- the memory a ledger keeping no journal retains per event (``ledger_memory``), with
  every idempotency key and with a window of the last 10,000, over 100,000 events;
- the snapshot of the 10^6-event ledger: its JSON size, and the time from the parsed
  document to a restored ledger (``from_data`` then ``Ledger.restore``), median of three.

It prints the harness tables, then one table of the goals. Goals are never enforced:
this is a measurement (docs/performance.md, "Issue #14: the goals").
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Sequence

from benchmarks import bench_ledger, bench_reads
from benchmarks._harness import Settings, render, run_groups
from benchmarks.ledger_memory import events, retained
from giftflow import History, Idempotency, Ledger, LedgerSnapshot, from_data, to_data

_FLOOR = "plain dicts (no validation, no journal)"


def main(argv: Sequence[str]) -> None:
    settings = Settings(repeat=int(argv[0]) if argv else 5)
    groups = (bench_ledger.GROUPS[0], *bench_reads.GROUPS)
    results = run_groups(groups, settings)
    print(render(results, settings))
    by = {(r.group, r.name): r.median_ns for r in results}
    ledger_title = bench_ledger.GROUPS[0].title
    apply_ns = by[(ledger_title, "giftflow Ledger.apply")]
    floor_ns = by[(ledger_title, _FLOOR)]
    statement = bench_reads.GROUPS[0].title
    flat = {
        group.title: by[(group.title, "1M events")] / by[(group.title, "10k events")]
        for group in bench_reads.GROUPS
    }
    stream = events(100_000)
    _, streamed = retained(stream, History.NONE)
    _, windowed = retained(stream, History.NONE, Idempotency.window(10_000))
    big = bench_reads.built(1_000_000, settings.seed)
    document = to_data(big.snapshot())
    size = len(json.dumps(document))
    times = []
    for _ in range(3):
        start = time.perf_counter()
        Ledger.restore(from_data(LedgerSnapshot, document), history=History.NONE)
        times.append(time.perf_counter() - start)
    restore = statistics.median(times)
    rows = [
        (
            "Ledger.apply ≥ 50,000 events/s, garbage collector on",
            f"{1e9 / apply_ns:,.0f}/s",
            1e9 / apply_ns >= 50_000,
        ),
        (
            "Ledger.apply ≤ 3x the plain-dict floor",
            f"{apply_ns / floor_ns:.1f}x",
            apply_ns <= 3 * floor_ns,
        ),
        (
            "retained ≤ 300 B/event, journal streamed out (every key kept)",
            f"{streamed:,.0f} B/event",
            streamed <= 300,
        ),
        (
            "retained ≤ 300 B/event, journal streamed out (last 10,000 keys)",
            f"{windowed:,.0f} B/event",
            windowed <= 300,
        ),
        (
            "snapshot after 10^6 events restores in under 1 s",
            f"{restore:.2f} s ({size / 1e6:,.1f} MB of JSON)",
            restore < 1,
        ),
        (
            "one-hour statement at 10^6 events under 5 ms",
            f"{by[(statement, '1M events')] / 1e6:.3f} ms",
            by[(statement, "1M events")] < 5e6,
        ),
    ]
    for title, ratio in flat.items():
        name = title.removeprefix("Reads: ")
        rows.append((f"{name}: flat from 10k to 10^6 (≤ 1.5x)", f"{ratio:.2f}x", ratio <= 1.5))
    print("\n| goal | measured | met? |\n| --- | ---: | --- |")
    for goal, measured, met in rows:
        print(f"| {goal} | {measured} | {'yes' if met else 'NO'} |")


if __name__ == "__main__":
    main(sys.argv[1:])
