"""Columnar settlement benchmarks (issue #15): settle_columns against the numpy exact floor.

The workload is :mod:`benchmarks._workload` (1,000 creators, a 40-gift catalog, the
TikTok preset's conversion) as Arrow columns, the way a Parquet file of a day's gifts
reads: ``creator`` and ``gift`` dictionary-encoded, ``count`` int64. The 10M workload
is the 1M events ten times over (ten record batches sharing one dictionary, as a
file's row groups do).

- **The floor** is the least exact computation a careful numpy programmer writes for
  the same totals from the same columns: gifts per (creator, gift) pair in int64 with
  ``np.add.at`` (no float ``bincount`` weights), coins per creator by one int64 product
  with the prices, half-even cents in integers, overflow asserted first. It checks no
  identifier, builds no :class:`~giftflow.Settlement`, and does not move a single int
  into Python.
- **settle_columns** on the dictionary columns, on plain string columns (Arrow
  dictionary-encodes them first), and on the same table as a stream of 64k-row batches.
- **Streaming memory**: 2M and 20M events made batch by batch (1M rows each, numpy
  random codes into the workload's dictionaries) and settled from a
  ``RecordBatchReader``, under :mod:`tracemalloc` (which sees numpy's buffers, not
  Arrow's pool; each batch is dropped once summed). The peak must not grow with the
  stream's length: a 100M-row file never sits in memory whole.

Goal (issue #15): ``settle_columns`` at 100M events/s or more (under 10 ns/event) on
one core, within 2x of the floor, on the 1M and 10M workloads; totals are identical
(checked by :func:`check_identical` before anything is timed).
"""

from __future__ import annotations

import functools
import random
from typing import Any

from benchmarks._harness import Benchmark, Both, Group, Settings, TimesOf, Under, Workload
from benchmarks._workload import AT, COUNTRY, events, gift_workload
from benchmarks.bench_settlement import MB, PeakWithin
from giftflow import Settlement, settle, settle_columns

FLOOR = "numpy exact int64 floor"
INT64_MAX = 2**63 - 1


@functools.lru_cache(maxsize=2)
def _columns(count: int, seed: int) -> tuple[Any, dict[str, int]]:
    """One table of ``count`` events (a multiple of 1M repeats the first million)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    block = min(count, 1_000_000)
    drawn = list(events(gift_workload(), block, seed=seed))
    table = pa.table(
        {
            "creator": pc.dictionary_encode(pa.array([e[0] for e in drawn])),
            "gift": pc.dictionary_encode(pa.array([e[1] for e in drawn])),
            "count": pa.array([e[2] for e in drawn], pa.int64()),
        }
    )
    if count > block:
        table = pa.concat_tables([table] * (count // block))
    return table, gift_workload().prices


def numpy_floor(table: Any, prices: dict[str, int]) -> tuple[Any, Any, Any]:
    """Coins and half-even cents per creator entry, gifts per gift entry: exact int64."""
    import numpy as np

    creators = table.column("creator")
    width = len(creators.chunk(0).dictionary)
    gifts = table.column("gift")
    price = np.array([prices[g] for g in gifts.chunk(0).dictionary.to_pylist()], np.int64)
    pairs = np.zeros(width * len(price), dtype=np.int64)
    for c, g, n in zip(creators.chunks, gifts.chunks, table.column("count").chunks, strict=True):
        counts = n.to_numpy()
        assert len(counts) * int(counts.max()) * int(price.max()) <= INT64_MAX
        index = c.indices.to_numpy() * len(price) + g.indices.to_numpy()
        np.add.at(pairs, index, counts)
    table2 = pairs.reshape(width, len(price))
    coins = table2 @ price  # one diamond per coin
    half_cents = coins  # a diamond is worth half a cent: value in half cents
    quotient, remainder = np.divmod(half_cents, 2)
    cents = quotient + ((remainder == 1) & (quotient % 2 == 1))  # half to even
    return coins, cents, table2.sum(axis=0)


def check_identical(table: Any, prices: dict[str, int]) -> Settlement:
    """settle_columns, the floor and settle agree on every creator's coins; returns the settlement."""
    economy = gift_workload().economy
    result = settle_columns(economy, table, at=AT, country=COUNTRY)
    coins, _, sent = numpy_floor(table, prices)
    names = table.column("creator").chunk(0).dictionary.to_pylist()
    floor = {name: int(c) for name, c in zip(names, coins.tolist(), strict=True) if c}
    mine = {name: total.coins.amount for name, total in result.creators.items()}
    assert mine == floor, "settle_columns and the numpy floor disagree"
    assert sum(result.gifts.values()) == int(sent.sum())
    return result


def _table(size: int) -> Any:
    def setup(settings: Settings, rng: random.Random) -> tuple[Any, dict[str, int]]:
        count = settings.size(full=size, quick=400)
        table, prices = _columns(count, rng.getrandbits(32))
        return table, prices

    return setup


def _floor(size: int) -> Any:
    def setup(settings: Settings, rng: random.Random) -> Workload:
        table, prices = _table(size)(settings, rng)
        check_identical(table, prices)
        return Workload(lambda: numpy_floor(table, prices), table.num_rows)

    return setup


def _columnar(size: int, shape: str) -> Any:
    def setup(settings: Settings, rng: random.Random) -> Workload:
        import pyarrow as pa

        table, _ = _table(size)(settings, rng)
        economy = gift_workload().economy
        if shape == "strings":
            table = pa.table(
                {
                    "creator": table.column("creator").cast(pa.string()),
                    "gift": table.column("gift").cast(pa.string()),
                    "count": table.column("count"),
                }
            )
        if shape == "stream":
            batches = table.to_batches(max_chunksize=1 << 16)

            def run() -> Settlement:
                reader = pa.RecordBatchReader.from_batches(table.schema, iter(batches))
                return settle_columns(economy, reader, at=AT, country=COUNTRY)

            return Workload(run, table.num_rows)
        return Workload(
            lambda: settle_columns(economy, table, at=AT, country=COUNTRY), table.num_rows
        )

    return setup


def _settle_tuples(settings: Settings, rng: random.Random) -> Workload:
    table, _ = _table(1_000_000)(settings, rng)
    economy = gift_workload().economy
    records = list(
        zip(
            table.column("creator").to_pylist(),
            table.column("gift").to_pylist(),
            table.column("count").to_pylist(),
            strict=True,
        )
    )
    return Workload(lambda: settle(economy, records, at=AT, country=COUNTRY), len(records))


def _made_stream(size: int) -> Any:
    """``size`` events in 1M-row batches, each made only when the reader asks for it."""

    def setup(settings: Settings, rng: random.Random) -> Workload:
        import numpy as np
        import pyarrow as pa

        count = settings.size(full=size, quick=500)
        rows = min(count, 1_000_000)
        workload = gift_workload()
        creators = pa.array(list(workload.creators))
        gifts = pa.array(list(workload.prices))
        schema = pa.schema(
            [
                ("creator", pa.dictionary(pa.int32(), pa.string())),
                ("gift", pa.dictionary(pa.int32(), pa.string())),
                ("count", pa.int64()),
            ]
        )
        seed = rng.getrandbits(32)

        def batches() -> Any:
            draw = np.random.default_rng(seed)
            for _ in range(count // rows):
                yield pa.record_batch(
                    [
                        pa.DictionaryArray.from_arrays(
                            draw.integers(0, len(creators), rows, dtype=np.int32), creators
                        ),
                        pa.DictionaryArray.from_arrays(
                            draw.integers(0, len(gifts), rows, dtype=np.int32), gifts
                        ),
                        pa.array(draw.integers(1, 11, rows, dtype=np.int64)),
                    ],
                    schema=schema,
                )

        def run() -> Settlement:
            reader = pa.RecordBatchReader.from_batches(schema, batches())
            return settle_columns(workload.economy, reader, at=AT, country=COUNTRY)

        return Workload(run, count // rows * rows)

    return setup


GOAL = Both(Under(10), TimesOf(FLOOR, 2))
STREAM_2M = "settle_columns, 2M events made batch by batch"

GROUPS = (
    Group(
        "Settle columns, 1M events (TikTok preset, 1,000 creators)",
        Benchmark(FLOOR, _floor(1_000_000), unit="event"),
        (
            Benchmark(
                "settle_columns, dictionary columns",
                _columnar(1_000_000, "dict"),
                GOAL,
                unit="event",
            ),
            Benchmark(
                "settle_columns, string columns", _columnar(1_000_000, "strings"), unit="event"
            ),
            Benchmark(
                "settle_columns, 64k-row stream", _columnar(1_000_000, "stream"), unit="event"
            ),
            Benchmark("settle, the same events as tuples", _settle_tuples, unit="event"),
        ),
    ),
    Group(
        "Settle columns, 10M events (TikTok preset, 1,000 creators)",
        Benchmark(FLOOR, _floor(10_000_000), unit="event"),
        (
            Benchmark(
                "settle_columns, dictionary columns",
                _columnar(10_000_000, "dict"),
                GOAL,
                unit="event",
            ),
            Benchmark(
                "settle_columns, 64k-row stream", _columnar(10_000_000, "stream"), unit="event"
            ),
        ),
    ),
    Group(
        "Settle columns, streamed peak memory",
        Benchmark(
            STREAM_2M, _made_stream(2_000_000), PeakWithin(100 * MB), unit="event", memory=True
        ),
        (
            Benchmark(
                "settle_columns, 20M events made batch by batch",
                _made_stream(20_000_000),
                PeakWithin(100 * MB, STREAM_2M, 1.1),
                unit="event",
                memory=True,
            ),
        ),
    ),
)
