"""Settling a day of gifts stored as Parquet files, on the workers of a Dask cluster.

A platform's day of gift events arrives as several Parquet files (one per hour, per
shard, per ingest job). This example settles them in parallel without moving a single
event through the client:

1. the economy is sent to every worker once (``client.scatter(..., broadcast=True)``);
2. each worker opens *its* file and streams it batch by batch into
   :func:`giftflow.settle_columns` (:func:`settle_file`): a file is never read whole,
   so a 100M-row file settles in the memory of one batch;
3. the partial settlements are merged on the workers (:func:`merge_parts`): first
   each worker's own, where they are, then (with many workers) those, as a tree; only
   one settlement per worker moves between processes, and the few that are left
   travel back to the client (a :class:`~giftflow.Settlement` of a thousand creators
   is about 47 kB and pickles and rebuilds in about half a millisecond).

Merging is exact, associative and commutative, so the result equals settling every
file in one process (:func:`settle_files`), which :func:`main` checks. The same three
steps work with any engine that maps a function over files and reduces with a binary
operator (Spark's ``mapPartitions`` and ``treeReduce``, a Beam ``CombineFn``).

:func:`write_day` writes a synthetic day: creators and gift names as Parquet
dictionary columns (what a categorical column becomes), gift names from the TikTok
preset catalog, cheap gifts sent far more often than dear ones, a few creators
receiving most of them.

Run it (needs ``pip install 'giftflow[dask]'``)::

    python examples/dask_settlement.py --files 8 --events 1000000 --workers 2

numpy, pyarrow and dask are imported by the functions that use them, so importing
this module costs nothing and ``giftflow`` itself never imports them.
"""

from __future__ import annotations

import argparse
import importlib
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from giftflow import Economy, InvalidValueError, Rounding, Settlement, presets, settle_columns

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
"""The instant whose catalog and conversion policy the synthetic day uses."""
COUNTRY = "US"
READ = ("creator", "gift", "count", "battle", "net")
"""The columns settle_columns understands: only these are decoded from a file."""
DICTIONARIES = ("creator", "gift")
"""Read as Arrow dictionaries: one string per distinct value, not one per row."""
BATCH_ROWS = 1 << 16
"""Rows per batch read from a file: the memory of a task is a few batches, not a file."""


# -- the synthetic day ------------------------------------------------------------------


def write_day(
    directory: Path,
    *,
    files: int,
    events: int,
    creators: int = 1_000,
    seed: int = 0,
    economy: Economy | None = None,
    row_group: int = 1 << 20,
) -> list[Path]:
    """Write ``files`` Parquet files of ``events`` gift events each; return their paths.

    Columns: ``creator`` and ``gift`` dictionary-encoded strings, ``count`` int64.
    Creator ``k`` (``creator-00000`` is the most popular) receives gifts with weight
    ``1 / (k + 1) ** 1.1``; gifts are the catalog's names at :data:`AT` in
    :data:`COUNTRY`, the cheapest the most often (weight ``1 / rank ** 1.5``);
    streakable gifts come in streaks of 1 to 10, the others one at a time. Each file
    draws from its own generator seeded by ``(seed, index)``, so the same arguments
    write the same files.

    Args:
        directory: Where to write ``day-000.parquet``, ``day-001.parquet``, ...
        files: How many files.
        events: Events (rows) per file.
        creators: How many distinct creators.
        seed: The seed of every file's generator.
        economy: Whose catalog names the gifts (the TikTok preset by default).
        row_group: Rows per Parquet row group.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    economy = presets.tiktok() if economy is None else economy
    gifts = sorted(economy.catalog.gifts_at(country=COUNTRY, at=AT), key=lambda g: g.price.amount)
    gift_names = pa.array([gift.name for gift in gifts], pa.string())
    streakable = np.array([gift.streak.name == "STREAKABLE" for gift in gifts])
    gift_weights = 1 / np.arange(1, len(gifts) + 1) ** 1.5
    creator_names = pa.array([f"creator-{index:05d}" for index in range(creators)], pa.string())
    creator_weights = 1 / np.arange(1, creators + 1) ** 1.1
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(files):
        draw = np.random.default_rng([seed, index])
        who = draw.choice(creators, events, p=creator_weights / creator_weights.sum())
        what = draw.choice(len(gifts), events, p=gift_weights / gift_weights.sum())
        many = np.where(streakable[what], draw.integers(1, 11, events), 1)
        table = pa.table(
            {
                "creator": pa.DictionaryArray.from_arrays(who.astype(np.int32), creator_names),
                "gift": pa.DictionaryArray.from_arrays(what.astype(np.int32), gift_names),
                "count": pa.array(many, pa.int64()),
            }
        )
        path = directory / f"day-{index:03d}.parquet"
        pq.write_table(table, path, row_group_size=row_group)
        paths.append(path)
    return paths


# -- the pattern: settle each file where it is read, merge as a tree -----------------


def file_batches(path: Path | str, *, threads: bool = True) -> Iterator[Any]:
    """Stream a Parquet file's gift columns as Arrow record batches of :data:`BATCH_ROWS`.

    Only the columns in :data:`READ` are decoded, creators and gifts as dictionaries:
    asked for explicitly, pyarrow keeps a Parquet column's dictionary pages instead of
    decoding every row's string and encoding the column again (several times faster on
    :func:`write_day`'s files).

    Args:
        path: The file.
        threads: Let pyarrow decode columns in parallel threads. On a Dask worker with
            one thread, ``False`` keeps each worker on its own core.
    """
    import pyarrow.parquet as pq

    with pq.ParquetFile(path, read_dictionary=DICTIONARIES) as file:
        names = [name for name in READ if name in file.schema_arrow.names]
        yield from file.iter_batches(batch_size=BATCH_ROWS, columns=names, use_threads=threads)


def settle_file(
    path: Path | str, *, economy: Economy, at: datetime, country: str, threads: bool = False
) -> Settlement:
    """Settle one Parquet file of gift events, streamed batch by batch (runs on a worker)."""
    return settle_columns(economy, file_batches(path, threads=threads), at=at, country=country)


def merge_parts(*parts: Settlement) -> Settlement:
    """Merge partial settlements (runs on a worker; one node of the reduction tree)."""
    return Settlement.total(parts)


def warm_up() -> None:
    """Import what a task needs; run it on every worker first: ``client.run(warm_up)``."""
    importlib.import_module("pyarrow.parquet")
    settle_columns(
        presets.tiktok(), {"creator": [], "gift": [], "count": []}, at=AT, country=COUNTRY
    )


def local_cluster(workers: int) -> LocalCluster:
    """A cluster of ``workers`` single-threaded worker processes on this machine.

    No dashboard; the scheduler's HTTP endpoints listen on a free port, so two
    clusters on one machine neither clash nor warn (``dashboard_address=None`` alone
    still tries port 8787). Two of distributed's defaults are turned off for the
    workers, each worth about a tenth of a settlement's CPU time here:

    - the statistical profiler, which samples every running task's stack every 10 ms
      for the dashboard;
    - ``MALLOC_TRIM_THRESHOLD_=65536``, which also freezes glibc's mmap threshold at
      128 KiB, so every batch-sized array is a fresh ``mmap`` whose pages fault in
      again; without it the arrays reuse the heap (a worker's memory stays bounded by
      its batches either way). A variable the parent process already has still reaches
      the workers.
    """
    import dask
    from distributed import LocalCluster

    with dask.config.set(
        {
            "distributed.worker.profile.enabled": False,
            "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
        }
    ):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": ":0"},
        )


def settle_on_cluster(
    client: Client,
    paths: Sequence[Path | str],
    economy: Economy,
    *,
    at: datetime,
    country: str,
    files_per_task: int = 1,
    split_every: int = 8,
) -> Settlement:
    """Settle every file on the cluster's workers and merge the partials there.

    Each task settles ``files_per_task`` files (one :func:`settle_columns` over their
    batches) into one partial settlement. Whatever its events, a partial costs about
    2 ms per thousand creators on a 2-core test machine (building it, merging it and,
    for one per worker, moving it) besides its task's round trip, against about 15 ns
    per event for reading and settling them: give each task millions of events, and
    enough tasks for every worker to stay busy to the end (``benchmarks/bench_dask.py``
    measures a task per file and a task per worker).

    The merge is a tree whose first level is each worker's own partials, merged where
    they are: no settlement moves between processes but one per worker. Those are
    merged ``split_every`` at a time on the workers until at most ``split_every`` are
    left, which come back and are merged here.

    Args:
        client: A client of the cluster (the workers must be able to import giftflow
            and read ``paths``).
        paths: The Parquet files.
        economy: The platform configuration, sent to each worker once.
        at: The instant whose catalog and conversion policy apply.
        country: Where the gifts are sent.
        files_per_task: Files settled by one task, in the order of ``paths``.
        split_every: Settlements merged by one task above the first level, and at most
            sent back to be merged here.

    Returns:
        The settlement of every file's events, equal to :func:`settle_files`.

    Raises:
        GiftflowError: As :func:`settle_columns`, for the first file that fails.
    """
    from distributed import wait

    if split_every < 2:
        raise InvalidValueError(
            "split_every", split_every, "must be at least 2", "merge two or more parts per task"
        )
    if files_per_task < 1:
        raise InvalidValueError(
            "files_per_task", files_per_task, "must be at least 1", "give each task a file"
        )
    if not paths:
        return Settlement.empty()
    # hash=False: a key of its own, so a call never races the release of a previous one.
    [shared] = client.scatter([economy], broadcast=True, hash=False)
    # pure=False: a file is settled again on every call, never answered from a cache.
    names = [str(path) for path in paths]
    groups = [
        names[start : start + files_per_task] for start in range(0, len(names), files_per_task)
    ]
    parts: list[Future[Settlement]] = client.map(
        settle_files, groups, economy=shared, at=at, country=country, threads=False, pure=False
    )
    wait(parts)
    for part in parts:
        if part.status == "error":
            part.result()  # raises the worker's error here
    holders = client.who_has(parts)
    by_worker: dict[str | None, list[Future[Settlement]]] = {}
    for part in parts:
        where = holders.get(part.key) or [None]  # None: lost meanwhile, recomputed anywhere
        by_worker.setdefault(where[0], []).append(part)
    merged = [
        client.submit(
            merge_parts,
            *held,
            workers=None if worker is None else [worker],
            allow_other_workers=True,
            pure=False,
        )
        for worker, held in by_worker.items()
    ]
    while len(merged) > split_every:
        merged = [
            client.submit(merge_parts, *merged[start : start + split_every], pure=False)
            for start in range(0, len(merged), split_every)
        ]
    # The root here: gathering a few small settlements beats one more task's round trip.
    return merge_parts(*client.gather(merged))


def settle_files(
    paths: Sequence[Path | str],
    economy: Economy,
    *,
    at: datetime,
    country: str,
    threads: bool = True,
) -> Settlement:
    """Settle every file in this process: one :func:`settle_columns` over all batches."""
    batches = (batch for path in paths for batch in file_batches(path, threads=threads))
    return settle_columns(economy, batches, at=at, country=country)


# -- the command line -----------------------------------------------------------------


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python examples/dask_settlement.py",
        description="Settle a synthetic day of Parquet gift events on a local Dask cluster.",
    )
    parser.add_argument("--files", type=int, default=8, help="Parquet files (default 8)")
    parser.add_argument(
        "--events", type=int, default=1_000_000, help="events per file (default 1,000,000)"
    )
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument(
        "--files-per-task", type=int, default=1, help="files settled by one task (default 1)"
    )
    parser.add_argument("--creators", type=int, default=1_000, help="creators (default 1,000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic day")
    parser.add_argument(
        "--directory", type=Path, default=None, help="where to write the files (a temporary one)"
    )
    args = parser.parse_args(argv)
    for name in ("files", "events", "workers", "creators", "files_per_task"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> dict[str, object]:
    """Write a day of events, settle it on a local cluster and in one process, compare."""
    args = _parse(argv)
    with tempfile.TemporaryDirectory(prefix="giftflow-day-") as scratch:
        directory = args.directory if args.directory is not None else Path(scratch)
        return _run(args, directory)


def _run(args: argparse.Namespace, directory: Path) -> dict[str, object]:
    from distributed import Client

    economy = presets.tiktok()
    paths = write_day(
        directory, files=args.files, events=args.events, creators=args.creators, seed=args.seed
    )
    start = time.perf_counter()
    here = settle_files(paths, economy, at=AT, country=COUNTRY)
    one_process = time.perf_counter() - start
    with (
        local_cluster(args.workers) as cluster,
        Client(cluster) as client,
    ):
        client.run(warm_up)  # imports on the workers are not the settlement's time
        start = time.perf_counter()
        there = settle_on_cluster(
            client, paths, economy, at=AT, country=COUNTRY, files_per_task=args.files_per_task
        )
        on_cluster = time.perf_counter() - start
    value = there.value
    report: dict[str, object] = {
        "files": len(paths),
        "events": there.events,
        "creators": len(there.creators),
        "diamonds": there.diamonds.amount,
        "value": None if value is None else str(value.round(Rounding.DOWN)),
        "gifts": dict(sorted(there.gifts.items(), key=lambda item: -item[1])),
        "equal to one process": there == here,
        "seconds, one process": round(one_process, 3),
        f"seconds, {args.workers} workers": round(on_cluster, 3),
    }
    for key, item in report.items():
        print(f"{key}: {item}")
    if there != here:
        raise SystemExit("the cluster's settlement differs from one process's")
    return report


if __name__ == "__main__":
    main()
