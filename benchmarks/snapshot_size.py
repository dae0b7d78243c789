"""Snapshot size and restore time after a stream of events (issue #14): a measurement, not a test.

Run ``PYTHONPATH=src:. python -m benchmarks.snapshot_size [gifts]``: the stream of
``bench_ledger.ledger_events`` (1,000 viewers who buy once, gifts to 100 creators),
applied to a ledger keeping no journal; then the bytes of ``json.dumps(to_data(snapshot))``
and the seconds to take, write, read and restore it. :func:`measure` is the function to
wire into ``bench_ledger.py``.
"""

from __future__ import annotations

import json
import random
import sys
import time

from benchmarks._harness import Settings
from benchmarks.bench_format import fields
from benchmarks.bench_ledger import ledger_events, profiles
from giftflow import History, Ledger, LedgerSnapshot, from_data, presets, to_data


def measure(gifts: int = 100_000, seed: int = 20240601) -> dict[str, float]:
    """Apply ``gifts`` events of the ledger benchmark's stream; time and size its snapshot."""
    events = ledger_events(Settings(seed=seed), random.Random(seed))[: 1_000 + gifts]
    ledger = Ledger(presets.tiktok(), viewers=profiles(events), history=History.NONE)
    for event in events:
        ledger.apply(event)
    started = time.perf_counter()
    snapshot = ledger.snapshot()
    taken = time.perf_counter()
    text = json.dumps(to_data(snapshot))
    written = time.perf_counter()
    read = from_data(LedgerSnapshot, json.loads(text))
    parsed = time.perf_counter()
    restored = Ledger.restore(read, history=History.NONE)
    done = time.perf_counter()
    assert restored.balances() == ledger.balances()
    keys = len(json.dumps(fields(to_data(snapshot))["keys"]))
    return {
        "events": len(events),
        "bytes": len(text),
        "bytes_without_keys": len(text) - keys,
        "bytes_per_key": keys / len(snapshot.keys),
        "snapshot_s": taken - started,
        "to_data_and_dumps_s": written - taken,
        "loads_and_from_data_s": parsed - written,
        "restore_s": done - parsed,
    }


if __name__ == "__main__":
    for key, value in measure(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000).items():
        print(f"{key:>24}: {value:,.3f}" if isinstance(value, float) else f"{key:>24}: {value:,}")
