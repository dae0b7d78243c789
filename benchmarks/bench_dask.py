"""Dask benchmark (issue #15): 8 Parquet files settled on 2 worker processes against one.

``PYTHONPATH=src:. python -m benchmarks.bench_dask`` writes (once, then reuses) a day of
8 Parquet files of 4M gift events each with ``examples/dask_settlement.py``'s
``write_day`` (1,000 creators, the TikTok preset's gift names, dictionary columns),
then measures, in one run and with the harness (repetitions interleaved, medians):

- **one process, one thread**: ``settle_files``, one ``settle_columns`` over every
  file's batches, pyarrow decoding without threads (the baseline: one core);
- **one process, pyarrow threads**: the same with pyarrow's decoding threads, as a
  plain script gets it (they use the second core for part of the decoding);
- **LocalCluster, 2 worker processes**: ``settle_on_cluster``, the example's pattern:
  each file read and settled on a worker (``threads_per_worker=1``), the partial
  settlements merged on the workers as a tree, one settlement sent back.

The cluster is started, and every worker has imported giftflow and pyarrow, before
anything is timed; each timed run still scatters the economy, schedules 8 + 3 tasks,
moves the partial settlements between workers and the result to the client. Before
timing, every row's settlement is checked equal to the baseline's.

Goal (issue #15): the cluster at least 1.7x faster than one process (one core). The
machine's load average is printed before and after: other processes on a 2-core
machine take the second core the cluster needs.

It starts processes and writes about 75 MB, so ``python -m benchmarks`` does not run
it (``GROUPS`` is empty); ``--quick`` runs it on tiny files to check that it works.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks._harness import (
    Benchmark,
    FasterThan,
    Group,
    Result,
    Settings,
    Workload,
    render,
    run_groups,
)
from giftflow import Settlement, presets

if TYPE_CHECKING:
    from distributed import Client

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import dask_settlement as example

GROUPS: tuple[Group, ...] = ()
"""Empty: this benchmark runs on its own (see the module's docstring)."""

BASELINE = "one process, one thread"
THREADED = "one process, pyarrow threads"
GOAL = 1.7


def cached_day(directory: Path, *, files: int, events: int, seed: int) -> list[Path]:
    """The day's files under ``directory``, written once per shape and seed, then reused."""
    where = directory / f"{files}x{events}-seed{seed}"
    paths = [where / f"day-{index:03d}.parquet" for index in range(files)]
    if all(path.exists() for path in paths):
        return paths
    scratch = Path(tempfile.mkdtemp(prefix="writing-", dir=directory))
    example.write_day(scratch, files=files, events=events, seed=seed)
    shutil.rmtree(where, ignore_errors=True)
    scratch.rename(where)  # whole or not at all: an interrupted write is never reused
    return paths


def groups(client: Client, paths: Sequence[Path], workers: int) -> tuple[Group, ...]:
    """The benchmark group over ``paths``, the cluster's rows run through ``client``."""
    economy = presets.tiktok()
    at, country = example.AT, example.COUNTRY
    expected: list[Settlement] = []

    def here(threads: bool) -> Workload:
        def run() -> Settlement:
            return example.settle_files(paths, economy, at=at, country=country, threads=threads)

        result = run()
        if expected:
            assert expected[0] == result, "one process settles differently with threads"
        expected.append(result)
        return Workload(run, result.events)

    def there() -> Workload:
        def run() -> Settlement:
            return example.settle_on_cluster(client, paths, economy, at=at, country=country)

        result = run()
        assert expected, "the one-process rows are set up first"
        assert expected[0] == result, "the cluster settles differently"
        return Workload(run, result.events)

    cluster = f"LocalCluster, {workers} worker processes"
    return (
        Group(
            f"Settle {len(paths)} Parquet files on Dask (TikTok preset, 1,000 creators)",
            Benchmark(BASELINE, lambda settings, rng: here(False), unit="event"),
            (
                Benchmark(THREADED, lambda settings, rng: here(True), unit="event"),
                Benchmark(
                    cluster, lambda settings, rng: there(), FasterThan(BASELINE, GOAL), unit="event"
                ),
            ),
        ),
    )


def measure(
    paths: Sequence[Path], settings: Settings, *, workers: int
) -> tuple[list[Result], tuple[float, float, float]]:
    """Run the group on a fresh local cluster; return the results and the load before."""
    from distributed import Client

    with (
        example.local_cluster(workers) as cluster,
        Client(cluster) as client,
    ):
        client.run(example.warm_up)
        load = os.getloadavg()
        return run_groups(groups(client, paths, workers), settings), load


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_dask", description=__doc__.partition("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="tiny files, one repetition")
    parser.add_argument("--repeat", type=int, default=5, help="timed repetitions (default 5)")
    parser.add_argument("--files", type=int, default=8, help="Parquet files (default 8)")
    parser.add_argument(
        "--events", type=int, default=4_000_000, help="events per file (default 4,000,000)"
    )
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--seed", type=int, default=20240601, help="seed of the files")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "giftflow-bench-dask",
        help="where the files are written once and reused",
    )
    args = parser.parse_args(argv)
    if min(args.repeat, args.files, args.events, args.workers) < 1:
        parser.error("--repeat, --files, --events and --workers must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> list[Result]:
    """Write or reuse the files, measure, print the table; goals are never enforced."""
    args = _parse(argv)
    settings = Settings(quick=args.quick, repeat=1 if args.quick else args.repeat, seed=args.seed)
    events = settings.size(full=args.events, quick=2_000)
    args.cache.mkdir(parents=True, exist_ok=True)
    paths = cached_day(args.cache, files=args.files, events=events, seed=args.seed)
    results, before = measure(paths, settings, workers=args.workers)
    after = os.getloadavg()
    print(render(results, settings))
    print()
    print(f"files: {len(paths)} x {events:,} events in {paths[0].parent}")
    print("totals: identical in every row (checked before timing)")
    print(f"load average (1, 5, 15 min) before: {_load(before)}; after: {_load(after)}")
    return results


def _load(load: tuple[float, float, float]) -> str:
    return ", ".join(f"{value:.2f}" for value in load)


if __name__ == "__main__":
    main()
