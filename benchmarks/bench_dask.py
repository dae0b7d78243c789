"""Dask benchmark (issue #15): 8 Parquet files settled on 2 worker processes against one.

``PYTHONPATH=src:. python -m benchmarks.bench_dask`` writes (once, then reuses) a day of
8 Parquet files of 4M gift events each with ``examples/dask_settlement.py``'s
``write_day`` (1,000 creators, the TikTok preset's gift names, dictionary columns),
then measures, in one run and with the harness (repetitions interleaved, medians):

- **one process, one thread**: ``settle_files``, one ``settle_columns`` over every
  file's batches, pyarrow decoding without threads (the baseline: one core);
- **one process, pyarrow threads**: the same with pyarrow's decoding threads, as a
  plain script gets it (they use the second core for part of the decoding);
- **LocalCluster, 2 worker processes, a task per file**: ``settle_on_cluster``, the
  example's pattern: each file read and settled on a worker (``threads_per_worker=1``),
  the partial settlements merged on the workers (each worker's own first), one
  settlement sent back;
- **... a task per worker**: the same with ``files_per_task=4``, so that each worker
  builds one partial settlement and runs one task instead of four (each costs a few
  milliseconds, whatever its events);
- **(the same tasks, nothing merged or sent back)**: a diagnostic, not a way to
  settle: the task-per-worker run without its merges and transfers, the ceiling the
  pattern could reach if moving and merging settlements were free.

The cluster is started, and every worker has imported giftflow and pyarrow, before
anything is timed; each timed run still scatters the economy, schedules the tasks
and sends each worker's settlement back to the client.
Before timing, every row's settlement is checked equal to the baseline's.

Goal (issue #15): the cluster at least 1.7x faster than one process (one core). The
machine's load average is printed before and after: other processes on a 2-core
machine take the second core the cluster needs. So the CPU time of a run is counted
too (every worker process, and this process, which holds the client and the
scheduler): it says what the cluster costs beyond one process's work whatever the
load, and bounds the speed-up on idle cores (workers x one process's CPU / the
cluster's).

It starts processes and writes about 75 MB, so ``python -m benchmarks`` does not run
it (``GROUPS`` is empty); ``--quick`` runs it on tiny files to check that it works.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


PER_FILE = "a task per file"
PER_WORKER = "a task per worker"
CEILING = "(the same tasks, nothing merged or sent back)"


@dataclass(frozen=True)
class Runs:
    """The ways of settling the same files, each returning the settlement."""

    single: Callable[[], Settlement]
    threaded: Callable[[], Settlement]
    per_file: Callable[[], Settlement]
    per_worker: Callable[[], Settlement]
    ceiling: Callable[[], object]

    @classmethod
    def of(cls, client: Client, paths: Sequence[Path], workers: int) -> Runs:
        """Settle ``paths`` in this process (without and with threads) or on ``client``."""
        economy = presets.tiktok()
        at, country = example.AT, example.COUNTRY

        def here(threads: bool) -> Callable[[], Settlement]:
            return lambda: example.settle_files(
                paths, economy, at=at, country=country, threads=threads
            )

        def there(files_per_task: int) -> Callable[[], Settlement]:
            return lambda: example.settle_on_cluster(
                client, paths, economy, at=at, country=country, files_per_task=files_per_task
            )

        share = -(-len(paths) // workers)
        names = [str(path) for path in paths]
        groups = [names[start : start + share] for start in range(0, len(names), share)]

        def ceiling() -> object:
            # The tasks of a task per worker, their settlements left where they are.
            from distributed import wait

            [shared] = client.scatter([economy], broadcast=True, hash=False)
            parts = client.map(
                example.settle_files,
                groups,
                economy=shared,
                at=at,
                country=country,
                threads=False,
                pure=False,
            )
            return wait(parts)

        return cls(here(False), here(True), there(1), there(share), ceiling)

    def check(self) -> Settlement:
        """Settle once each way; return the settlement after checking they are identical."""
        expected = self.single()
        assert expected == self.threaded(), "one process settles differently with threads"
        assert expected == self.per_file(), "the cluster settles differently"
        assert expected == self.per_worker(), "the cluster settles differently in groups"
        return expected


def groups(runs: Runs, events: int, files: int, workers: int) -> tuple[Group, ...]:
    """The benchmark group: one process (the baseline, then with threads), the cluster."""

    def timing(run: Callable[[], object]) -> Callable[[Settings, random.Random], Workload]:
        return lambda settings, rng: Workload(run, events)

    cluster = f"LocalCluster, {workers} worker processes"
    goal = FasterThan(BASELINE, GOAL)
    return (
        Group(
            f"Settle {files} Parquet files on Dask (TikTok preset, 1,000 creators)",
            Benchmark(BASELINE, timing(runs.single), unit="event"),
            (
                Benchmark(THREADED, timing(runs.threaded), unit="event"),
                Benchmark(f"{cluster}, {PER_FILE}", timing(runs.per_file), goal, unit="event"),
                Benchmark(f"{cluster}, {PER_WORKER}", timing(runs.per_worker), goal, unit="event"),
                Benchmark(CEILING, timing(runs.ceiling), unit="event"),
            ),
        ),
    )


def cpu_seconds(
    run: Callable[[], object], counters: Sequence[Callable[[], float]], repeat: int
) -> list[float]:
    """The median CPU time of one run, as each of ``counters`` counts it before and after."""
    samples: list[list[float]] = [[] for _ in counters]
    for _ in range(repeat):
        before = [count() for count in counters]
        run()
        for sample, count, start in zip(samples, counters, before, strict=True):
            sample.append(count() - start)
    return [statistics.median(sample) for sample in samples]


@dataclass(frozen=True)
class Measured:
    """What one run of the benchmark measured.

    The CPU times are seconds per run: in this process alone for one process; for the
    cluster, ``(workers, here)``, every worker's and this process's (which holds the
    client and the scheduler).
    """

    results: list[Result]
    events: int
    load: tuple[float, float, float]
    cpu_single: float
    cpu_cluster: dict[str, tuple[float, float]]


def measure(paths: Sequence[Path], settings: Settings, *, workers: int) -> Measured:
    """Run the group on a fresh local cluster, then count the CPU time of each way."""
    from distributed import Client

    with example.local_cluster(workers) as cluster, Client(cluster) as client:
        client.run(example.warm_up)
        runs = Runs.of(client, paths, workers)
        events = runs.check().events
        load = os.getloadavg()
        results = run_groups(groups(runs, events, len(paths), workers), settings)

        def pool() -> float:  # every worker's own process time, user and system
            return float(sum(client.run(time.process_time).values()))

        repeat, counters = settings.repeat, [pool, time.process_time]
        [single] = cpu_seconds(runs.single, [time.process_time], repeat)
        cpu: dict[str, tuple[float, float]] = {}
        for name, run in ((PER_FILE, runs.per_file), (PER_WORKER, runs.per_worker)):
            in_workers, here = cpu_seconds(run, counters, repeat)
            cpu[name] = (in_workers, here)
        return Measured(results, events, load, single, cpu)


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


def main(argv: Sequence[str] | None = None) -> Measured:
    """Write or reuse the files, measure, print the table; goals are never enforced."""
    args = _parse(argv)
    settings = Settings(quick=args.quick, repeat=1 if args.quick else args.repeat, seed=args.seed)
    events = settings.size(full=args.events, quick=2_000)
    args.cache.mkdir(parents=True, exist_ok=True)
    paths = cached_day(args.cache, files=args.files, events=events, seed=args.seed)
    measured = measure(paths, settings, workers=args.workers)
    after = os.getloadavg()
    print(render(measured.results, settings))
    print()
    print(f"files: {len(paths)} x {events:,} events in {paths[0].parent}")
    print("totals: identical in every row (checked before timing)")
    print(f"CPU time per run (median of {settings.repeat}):")
    print(f"- one process: {measured.cpu_single:.3f} s")
    for name, (in_workers, here) in measured.cpu_cluster.items():
        total = in_workers + here
        print(
            f"- cluster, {name}: {total:.3f} s ({in_workers:.3f} s in the workers, {here:.3f} s"
            f" in the client and scheduler), {total / measured.cpu_single:.2f}x one process"
        )
    print(f"load average (1, 5, 15 min) before: {_load(measured.load)}; after: {_load(after)}")
    return measured


def _load(load: tuple[float, float, float]) -> str:
    return ", ".join(f"{value:.2f}" for value in load)


if __name__ == "__main__":
    main()
