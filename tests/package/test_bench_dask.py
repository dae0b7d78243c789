"""The Dask benchmark runs once on tiny files (quick mode), so it cannot rot.

It checks no speed: only that every row runs on a real two-process cluster, reports a
positive median and a verdict on the goal, and that the files are written once and
reused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("distributed")

from benchmarks import bench_dask


def test_quick_run_measures_every_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    measured = bench_dask.main(["--quick", "--files", "3", "--cache", str(tmp_path)])
    results = measured.results
    names = [result.name for result in results]
    cluster = "LocalCluster, 2 worker processes"
    assert [
        bench_dask.BASELINE,
        bench_dask.THREADED,
        f"{cluster}, {bench_dask.PER_FILE}",
        f"{cluster}, {bench_dask.PER_WORKER}",
        bench_dask.CEILING,
    ] == names
    assert all(result.median_ns > 0 for result in results)
    assert all(result.ops == 3 * 2_000 for result in results)
    assert all(isinstance(result.met, bool) for result in results[2:4])
    assert 3 * 2_000 == measured.events
    assert measured.cpu_single > 0
    assert [bench_dask.PER_FILE, bench_dask.PER_WORKER] == list(measured.cpu_cluster)
    assert all(workers > 0 for workers, _ in measured.cpu_cluster.values())
    out = capsys.readouterr().out
    assert "load average" in out
    assert "totals: identical" in out
    assert "CPU time per run" in out


def test_the_files_are_written_once(tmp_path: Path) -> None:
    first = bench_dask.cached_day(tmp_path, files=2, events=100, seed=1)
    stamps = [path.stat().st_mtime_ns for path in first]
    again = bench_dask.cached_day(tmp_path, files=2, events=100, seed=1)
    assert first == again
    assert stamps == [path.stat().st_mtime_ns for path in again]
    assert [p.name for p in tmp_path.iterdir()] == ["2x100-seed1"]  # no scratch left behind
