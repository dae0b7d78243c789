"""Before and after in one run: the same benchmarks on two source trees, interleaved.

``python -m benchmarks.compare BEFORE AFTER [--rounds N] [-k TEXT ...]`` runs
``python -m benchmarks -k TEXT`` in each tree (with that tree's ``src`` first on the
path and its own ``benchmarks``), alternating which tree goes first in each round, and
times ``import giftflow`` in fresh interpreters of each. It prints, per operation, the
median over rounds of each tree's median and their ratio (after / before), so drift of
the machine during the run falls on both sides alike. A tree is any checkout, such as
``git worktree add /tmp/before <commit>``.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from collections.abc import Iterator, Sequence

_ROW = re.compile(r"\|\s*(.+?)\s*\|\s*([\d.]+)\s*(ns|µs|ms|s)(?:/\w+)?\s*\|")
_NS = {"ns": 1.0, "µs": 1e3, "ms": 1e6, "s": 1e9}
_IMPORT = "import time; t = time.perf_counter(); import giftflow; print(time.perf_counter() - t)"


def _environment(tree: str) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=os.path.join(tree, "src"))


def medians(tree: str, text: str, repeat: int) -> Iterator[tuple[str, float]]:
    """The (operation, median ns) rows of ``python -m benchmarks -k text`` in ``tree``."""
    command = [sys.executable, "-m", "benchmarks", "-k", text, "--repeat", str(repeat)]
    done = subprocess.run(
        command, cwd=tree, env=_environment(tree), capture_output=True, text=True, check=True
    )
    yield from rows(done.stdout)


def rows(table: str) -> Iterator[tuple[str, float]]:
    """The (operation, median ns) rows of a table the harness printed."""
    for line in table.splitlines():
        match = _ROW.match(line)
        if match:
            yield match.group(1), float(match.group(2)) * _NS[match.group(3)]


def import_ns(tree: str) -> float:
    """How long ``import giftflow`` takes in a fresh interpreter, in ns."""
    command = [sys.executable, "-c", _IMPORT]
    done = subprocess.run(
        command, env=_environment(tree), capture_output=True, text=True, check=True
    )
    return float(done.stdout) * 1e9


def _show(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per benchmark")
    parser.add_argument("--imports", type=int, default=5, help="import timings per round")
    parser.add_argument("-k", "--filter", action="append", default=[], metavar="TEXT")
    args = parser.parse_args(argv)
    filters = args.filter or [""]
    times: dict[tuple[str, str], dict[str, list[float]]] = {}
    trees = (("before", args.before), ("after", args.after))
    for round_ in range(args.rounds):
        for label, tree in trees if round_ % 2 == 0 else trees[::-1]:
            for text in filters:
                for name, ns in medians(tree, text, args.repeat):
                    times.setdefault((text, name), {}).setdefault(label, []).append(ns)
            for _ in range(args.imports):
                times.setdefault(("", "import giftflow"), {}).setdefault(label, []).append(
                    import_ns(tree)
                )
        print(f"round {round_ + 1} of {args.rounds} done", file=sys.stderr, flush=True)
    print("| -k | operation | before | after | after / before |")
    print("| --- | --- | ---: | ---: | ---: |")
    for (text, name), by in times.items():
        if "before" in by and "after" in by:
            before, after = statistics.median(by["before"]), statistics.median(by["after"])
            print(f"| {text} | {name} | {_show(before)} | {_show(after)} | {after / before:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
