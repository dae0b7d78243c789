"""benchmarks/settlement_memory.py runs (on a few creators), so the script cannot rot."""

from __future__ import annotations

import pytest

from benchmarks.settlement_memory import main, records, traced


def test_records_go_to_a_creator_each() -> None:
    events = records(50, "x", 1)
    assert 50 == len({creator for creator, _, _ in events})
    assert all(creator.endswith("x") for creator, _, _ in events)
    assert events == records(50, "x", 1)


def test_traced_reports_what_a_result_keeps() -> None:
    kept, peak, retained = traced(lambda: [object() for _ in range(1_000)])
    assert 1_000 == len(kept)
    assert peak >= retained > 1_000 * 8


def test_prints_one_row_per_operation(capsys: pytest.CaptureFixture[str]) -> None:
    main(["40", "--repeat", "1"])
    out = capsys.readouterr().out
    for operation in ("settle", "merge, same", "merge, disjoint", "pickle.dumps", "pickle.loads"):
        assert f"| {operation}" in out
    assert "pickled size:" in out
    assert "creators[name]" in out
