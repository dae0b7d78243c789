"""A small benchmark harness: timeit-style loops, medians, ratios to a baseline, goals.

Vocabulary:

- A :class:`Benchmark` names one operation and knows how to build a :class:`Workload`
  for it: a zero-argument ``run`` callable that performs ``ops`` operations on inputs
  prepared in advance (so input generation is never timed).
- A :class:`Group` is a baseline plus the benchmarks compared with it. Everything in a
  group is measured in the same run, repetitions interleaved (round-robin), so slow drift
  of the machine affects the baseline and the candidates alike.
- Every benchmark of a group is set up with a fresh ``random.Random`` seeded from the run's
  seed and the group's title, so benchmarks that draw their inputs the same way get the
  very same inputs, and a run is reproducible from its seed.
- A goal (:class:`Under`, :class:`FasterThan`, or anything with the :class:`Goal` shape)
  is reported as met or not. Goals never change the exit status: a benchmark is not a test.
- A benchmark with ``memory=True`` is also run once under :mod:`tracemalloc`, after its
  timed repetitions, and its peak of traced memory is reported; a :class:`MemoryGoal`
  is judged on that peak instead of the time.

Timing follows :mod:`timeit`, except for the garbage collector: it runs, as it does in
a host, unless a benchmark says ``collect=False`` (kept as a secondary row beside one
that collects, to show what collection costs). ``run`` is called ``number`` times per
repetition (calibrated so a repetition lasts at least ``min_time`` seconds), and the
reported time is the median over repetitions of ``elapsed / (number * ops)``.

>>> settings = Settings(quick=True)
>>> settings.size(full=1000, quick=3)
3
>>> format_ns(1234.5)
'1.23 µs'
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import pkgutil
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Protocol, TextIO, runtime_checkable

__all__ = [
    "Benchmark",
    "FasterThan",
    "Goal",
    "Group",
    "MemoryGoal",
    "Result",
    "Settings",
    "Under",
    "Workload",
    "describe_machine",
    "discover",
    "format_bytes",
    "format_ns",
    "main",
    "render",
    "run_groups",
]

DEFAULT_SEED = 20240601
DEFAULT_REPEAT = 7
DEFAULT_MIN_TIME = 0.1


@dataclass(frozen=True)
class Settings:
    """How a run is done.

    Attributes:
        quick: Tiny inputs, one call per repetition, no calibration: checks that every
            benchmark runs, measures nothing meaningful.
        repeat: Timed repetitions per benchmark; the median is reported.
        seed: Seed of every input generator.
        min_time: Seconds a repetition lasts at least (ignored when ``quick``).
    """

    quick: bool = False
    repeat: int = DEFAULT_REPEAT
    seed: int = DEFAULT_SEED
    min_time: float = DEFAULT_MIN_TIME

    def size(self, *, full: int, quick: int) -> int:
        """Return the input size for this run: ``quick`` in quick mode, else ``full``."""
        return quick if self.quick else full

    def rng(self, group: str) -> random.Random:
        """Return a generator seeded from the run's seed and a group's title."""
        return random.Random(f"{self.seed}:{group}")


@dataclass(frozen=True)
class Workload:
    """Prepared inputs and the loop over them: ``run()`` performs ``ops`` operations."""

    run: Callable[[], object]
    ops: int


@dataclass(frozen=True)
class Result:
    """The measurement of one benchmark in one run.

    Attributes:
        group: The title of its group.
        name: The benchmark's name.
        unit: What one operation is ("op", "event", ...).
        samples_ns: Nanoseconds per operation, one per repetition.
        number: Calls of ``run`` per repetition.
        ops: Operations per call of ``run``.
        baseline: Whether this is the group's baseline.
        ratio: Median time relative to the baseline's median (1.0 for the baseline).
        goal: The goal's description, or None.
        achieved: What was measured against the goal, or None.
        met: Whether the goal was met, or None when there is no goal.
        peak_bytes: Peak traced memory of one call of ``run`` (``memory=True`` only).
    """

    group: str
    name: str
    unit: str
    samples_ns: tuple[float, ...]
    number: int
    ops: int
    baseline: bool
    ratio: float
    goal: str | None = None
    achieved: str | None = None
    met: bool | None = None
    peak_bytes: int | None = None

    @property
    def median_ns(self) -> float:
        """Median nanoseconds per operation."""
        return statistics.median(self.samples_ns)

    @property
    def spread(self) -> float:
        """Median absolute deviation of the samples, relative to the median."""
        median = self.median_ns
        return statistics.median(abs(sample - median) for sample in self.samples_ns) / median

    @property
    def per_second(self) -> float:
        """Operations per second at the median."""
        return 1e9 / self.median_ns


class Goal(Protocol):
    """What a goal must provide; add new kinds (throughput, memory) by implementing it."""

    def describe(self) -> str:
        """Say what the goal is, e.g. ``'under 3 µs'``."""
        ...

    def evaluate(self, median_ns: float, group: Mapping[str, float]) -> tuple[str, bool]:
        """Return what was measured and whether the goal is met.

        Args:
            median_ns: This benchmark's median nanoseconds per operation.
            group: Median nanoseconds per operation of every benchmark in the group.
        """
        ...


@runtime_checkable
class MemoryGoal(Protocol):
    """A goal on the peak traced memory of a ``memory=True`` benchmark."""

    def describe(self) -> str:
        """Say what the goal is, e.g. ``'under 50 MB'``."""
        ...

    def evaluate_memory(self, peak: int, group: Mapping[str, int]) -> tuple[str, bool]:
        """Return what was measured and whether the goal is met.

        Args:
            peak: This benchmark's peak traced memory, in bytes.
            group: Peaks of the group's other ``memory=True`` benchmarks.
        """
        ...


@dataclass(frozen=True)
class Under:
    """The median time per operation is below ``ns`` nanoseconds.

    >>> Under(3000).evaluate(2500.0, {})
    ('2.50 µs', True)
    """

    ns: float

    def describe(self) -> str:
        """Say what the goal is."""
        return f"under {format_ns(self.ns)}"

    def evaluate(self, median_ns: float, group: Mapping[str, float]) -> tuple[str, bool]:
        """Compare the median with the limit."""
        return format_ns(median_ns), median_ns < self.ns


@dataclass(frozen=True)
class FasterThan:
    """At least ``factor`` times faster than the benchmark ``other`` of the same group.

    >>> FasterThan("peer", 3).evaluate(100.0, {"peer": 420.0})
    ('4.20x', True)
    """

    other: str
    factor: float

    def describe(self) -> str:
        """Say what the goal is."""
        return f"≥ {self.factor:g}x faster than {self.other}"

    def evaluate(self, median_ns: float, group: Mapping[str, float]) -> tuple[str, bool]:
        """Compare with the other benchmark's median."""
        speedup = group[self.other] / median_ns
        return f"{speedup:.2f}x", speedup >= self.factor


@dataclass(frozen=True)
class TimesOf:
    """At most ``factor`` times the median of the benchmark ``other`` of the same group.

    >>> TimesOf("floor", 3).evaluate(250.0, {"floor": 100.0})
    ('2.50x floor', True)
    """

    other: str
    factor: float

    def describe(self) -> str:
        """Say what the goal is."""
        return f"≤ {self.factor:g}x {self.other}"

    def evaluate(self, median_ns: float, group: Mapping[str, float]) -> tuple[str, bool]:
        """Compare with the other benchmark's median."""
        ratio = median_ns / group[self.other]
        return f"{ratio:.2f}x {self.other}", ratio <= self.factor


@dataclass(frozen=True)
class Both:
    """Two goals, each reported; met when both are.

    >>> Both(Under(3000), TimesOf("floor", 3)).evaluate(2500.0, {"floor": 1000.0})
    ('2.50 µs; 2.50x floor', True)
    """

    first: Goal
    second: Goal

    def describe(self) -> str:
        """Say what the goals are."""
        return f"{self.first.describe()} and {self.second.describe()}"

    def evaluate(self, median_ns: float, group: Mapping[str, float]) -> tuple[str, bool]:
        """Evaluate both goals."""
        one, first_met = self.first.evaluate(median_ns, group)
        two, second_met = self.second.evaluate(median_ns, group)
        return f"{one}; {two}", first_met and second_met


@dataclass(frozen=True)
class Benchmark:
    """One operation to time.

    Attributes:
        name: Unique within its group; shown in the table.
        setup: Builds the inputs (from the settings and a seeded generator) and returns
            the workload. Called once per run, never timed.
        goal: An optional goal, reported but never enforced.
        unit: What one operation is called in the table.
        memory: Also measure the peak traced memory of one call (see the module).
        collect: Let the garbage collector run while timing, as in a host (default);
            ``False`` pauses it, for a secondary row that shows what it costs.
    """

    name: str
    setup: Callable[[Settings, random.Random], Workload]
    goal: Goal | MemoryGoal | None = None
    unit: str = "op"
    memory: bool = False
    collect: bool = True


@dataclass(frozen=True)
class Group:
    """A baseline and the benchmarks compared with it, measured together."""

    title: str
    baseline: Benchmark
    others: tuple[Benchmark, ...] = field(default=())

    @property
    def benchmarks(self) -> tuple[Benchmark, ...]:
        """The baseline first, then the others."""
        return (self.baseline, *self.others)


def discover() -> tuple[Group, ...]:
    """Return the ``GROUPS`` of every ``benchmarks/bench_*.py`` module, by module name."""
    package = importlib.import_module("benchmarks")
    groups: list[Group] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda info: info.name):
        if not info.name.startswith("bench_"):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        found = getattr(module, "GROUPS", None)
        if not isinstance(found, tuple) or not all(isinstance(g, Group) for g in found):
            raise TypeError(f"benchmarks.{info.name}.GROUPS must be a tuple of Group")
        groups.extend(found)
    return tuple(groups)


def _time(run: Callable[[], object], number: int, collect: bool = True) -> int:
    """Return the nanoseconds ``number`` calls of ``run`` take (the GC paused unless ``collect``)."""
    collecting = gc.isenabled()
    if collect:
        gc.enable()
    else:
        gc.disable()
    try:
        start = time.perf_counter_ns()
        for _ in repeat(None, number):
            run()
        return time.perf_counter_ns() - start
    finally:
        if collecting:
            gc.enable()
        else:
            gc.disable()


def _calibrate(run: Callable[[], object], min_time: float) -> int:
    """Return how many calls of ``run`` last at least ``min_time`` seconds (like timeit)."""
    target = min_time * 1e9
    number = 1
    while True:
        elapsed = _time(run, number)
        if elapsed >= target:
            return number
        if elapsed >= target / 10:
            return max(number + 1, int(number * target / elapsed * 1.05))
        number *= 10


def _peak(run: Callable[[], object]) -> int:
    """Return the peak memory traced while ``run`` runs once, in bytes."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run_groups(
    groups: Sequence[Group],
    settings: Settings,
    progress: Callable[[str], None] | None = None,
) -> list[Result]:
    """Measure every benchmark of ``groups``; return one result per benchmark, in order.

    Args:
        groups: The groups to run.
        settings: Quick or full, repetitions, seed.
        progress: Called with each group's title before it runs.
    """
    results: list[Result] = []
    for group in groups:
        if progress is not None:
            progress(group.title)
        benchmarks = group.benchmarks
        names = [benchmark.name for benchmark in benchmarks]
        if len(set(names)) != len(names):
            raise ValueError(f"benchmark names repeat in group {group.title!r}: {names}")
        workloads = [
            benchmark.setup(settings, settings.rng(group.title)) for benchmark in benchmarks
        ]
        for workload in workloads:
            if workload.ops < 1:
                raise ValueError(f"a workload of {group.title!r} performs no operations")
            workload.run()  # warm up: first-call costs (imports, caches) are not measured
        if settings.quick:
            numbers = [1] * len(workloads)
        else:
            numbers = [_calibrate(workload.run, settings.min_time) for workload in workloads]
        samples: list[list[float]] = [[] for _ in workloads]
        for repetition in range(settings.repeat):
            # Rotate the order each repetition so no benchmark always runs first.
            for offset in range(len(workloads)):
                index = (repetition + offset) % len(workloads)
                workload, number = workloads[index], numbers[index]
                elapsed = _time(workload.run, number, benchmarks[index].collect)
                samples[index].append(max(elapsed, 1) / (number * workload.ops))
        medians = {
            name: statistics.median(sample) for name, sample in zip(names, samples, strict=True)
        }
        peaks = {
            benchmark.name: _peak(workload.run)
            for benchmark, workload in zip(benchmarks, workloads, strict=True)
            if benchmark.memory
        }
        base = medians[group.baseline.name]
        for benchmark, sample, number, workload in zip(
            benchmarks, samples, numbers, workloads, strict=True
        ):
            goal_text = achieved = None
            met = None
            goal = benchmark.goal
            if isinstance(goal, MemoryGoal) and benchmark.memory:
                goal_text = goal.describe()
                achieved, met = goal.evaluate_memory(peaks[benchmark.name], peaks)
            elif goal is not None and not isinstance(goal, MemoryGoal):
                goal_text = goal.describe()
                achieved, met = goal.evaluate(medians[benchmark.name], medians)
            results.append(
                Result(
                    group=group.title,
                    name=benchmark.name,
                    unit=benchmark.unit,
                    samples_ns=tuple(sample),
                    number=number,
                    ops=workload.ops,
                    baseline=benchmark is group.baseline,
                    ratio=medians[benchmark.name] / base,
                    goal=goal_text,
                    achieved=achieved,
                    met=met,
                    peak_bytes=peaks.get(benchmark.name),
                )
            )
    return results


def format_ns(ns: float) -> str:
    """Format a duration with three significant digits and a fitting unit.

    >>> [format_ns(value) for value in (5, 12.345, 1500, 123_400, 2.5e6, 3e9)]
    ['5.00 ns', '12.3 ns', '1.50 µs', '123 µs', '2.50 ms', '3.00 s']
    """
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{_three_digits(ns / scale)} {unit}"
    return f"{_three_digits(ns)} ns"


def _three_digits(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _format_rate(per_second: float) -> str:
    for suffix, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if per_second >= scale:
            return f"{per_second / scale:.3g}{suffix}"
    return f"{per_second:.3g}"


def _format_ratio(ratio: float) -> str:
    return f"{ratio:.2f}x" if ratio < 100 else f"{ratio:.0f}x"


def describe_machine(settings: Settings) -> str:
    """Return a one-paragraph description of the interpreter, machine and settings."""
    implementation = platform.python_implementation()
    mode = "quick" if settings.quick else f"min {settings.min_time:g} s per repetition"
    return (
        f"{implementation} {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs; "
        f"seed {settings.seed}, {settings.repeat} repetitions, {mode}"
    )


_RIGHT = frozenset({1, 2, 3, 4})  # numeric columns of the table


def _row(cells: Sequence[str], widths: Sequence[int], right: frozenset[int] = _RIGHT) -> str:
    padded = (
        cell.rjust(width) if i in right else cell.ljust(width)
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
    )
    return "| " + " | ".join(padded) + " |"


def format_bytes(size: float) -> str:
    """Format a number of bytes in MB (10**6 bytes), with three significant digits.

    >>> format_bytes(12_345_678), format_bytes(2_500)
    ('12.3 MB', '0.0025 MB')
    """
    return f"{size / 1e6:.3g} MB"


def render(results: Sequence[Result], settings: Settings) -> str:
    """Render results as one Markdown table per group (readable in a terminal too).

    A group with ``memory=True`` benchmarks gets a column of peak traced memory.
    """
    columns = ("operation", "median", "±", "per second", "vs baseline", "goal", "met?")
    lines = [f"giftflow benchmarks: {describe_machine(settings)}"]
    by_group: dict[str, list[Result]] = {}
    for result in results:
        by_group.setdefault(result.group, []).append(result)
    for title, members in by_group.items():
        traced = any(result.peak_bytes is not None for result in members)
        headers = (*columns[:5], "peak memory", *columns[5:]) if traced else columns
        rows: list[tuple[str, ...]] = []
        for result in members:
            if result.goal is None:
                goal, met = "", ""
            else:
                goal = f"{result.goal}: {result.achieved}"
                met = "yes" if result.met else "NO"
            cells: tuple[str, ...] = (
                result.name,
                f"{format_ns(result.median_ns)}/{result.unit}",
                f"{result.spread:.1%}",
                _format_rate(result.per_second),
                "baseline" if result.baseline else _format_ratio(result.ratio),
            )
            if traced:
                peak = result.peak_bytes
                cells += ("" if peak is None else format_bytes(peak),)
            rows.append((*cells, goal, met))
        widths = [max(len(row[i]) for row in (headers, *rows)) for i in range(len(headers))]
        right = _RIGHT | {5} if traced else _RIGHT
        rule = [
            "-" * (width - 1) + ":" if i in right else "-" * width for i, width in enumerate(widths)
        ]
        lines += ["", f"### {title}", "", _row(headers, widths, right), _row(rule, widths, right)]
        lines += [_row(row, widths, right) for row in rows]
    return "\n".join(lines)


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run giftflow's benchmarks and print medians, ratios and goals.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny inputs, one call, one repetition: checks that every benchmark runs",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        metavar="N",
        help=f"timed repetitions per benchmark (default {DEFAULT_REPEAT}; 1 with --quick)",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"input seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--min-time",
        type=float,
        default=DEFAULT_MIN_TIME,
        metavar="SECONDS",
        help=f"minimum duration of one repetition (default {DEFAULT_MIN_TIME})",
    )
    parser.add_argument(
        "-k",
        "--filter",
        default=None,
        metavar="TEXT",
        help="run only the groups whose title contains TEXT (case-insensitive)",
    )
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.min_time <= 0:
        parser.error("--min-time must be positive")
    return args


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the benchmarks from the command line; always returns 0 (goals are not tests)."""
    args = _parse_args(argv)
    repeat_count = args.repeat if args.repeat is not None else (1 if args.quick else DEFAULT_REPEAT)
    settings = Settings(
        quick=args.quick, repeat=repeat_count, seed=args.seed, min_time=args.min_time
    )
    groups = discover()
    if args.filter is not None:
        wanted = args.filter.lower()
        groups = tuple(group for group in groups if wanted in group.title.lower())
    stream = out if out is not None else sys.stdout

    def progress(title: str) -> None:
        print(f"running: {title}", file=sys.stderr, flush=True)

    results = run_groups(groups, settings, progress=progress)
    print(render(results, settings), file=stream)
    return 0
