"""The benchmarks run once on tiny inputs (quick mode), so they cannot rot.

Nothing here checks a speed or a goal: a benchmark is never a test. What is checked is
that every benchmark runs and reports sane numbers, that the harness keeps its promises
(seeded inputs, baselines, goals reported but never enforced), and that the plain-int
floors compute the same numbers as giftflow, so the comparisons are like for like.
"""

from __future__ import annotations

import io
import random
from fractions import Fraction

import pytest

from benchmarks import bench_money, bench_reads, bench_settlement, compare
from benchmarks._harness import (
    Benchmark,
    Both,
    FasterThan,
    Group,
    Result,
    Settings,
    TimesOf,
    Under,
    Workload,
    _time,
    discover,
    format_ns,
    main,
    render,
    run_groups,
)
from benchmarks._workload import AT, COUNTRY, events, gift_workload
from giftflow import GiftRecord, Money, Rate, Rounding, currency, settle

QUICK = Settings(quick=True, repeat=1)  # what `python -m benchmarks --quick` runs

MONEY_BENCHMARKS = {
    "Money + Money": [
        "int + int",
        "giftflow Money + Money",
        "giftflow Coins + Coins",
        "py-moneyed Money + Money",
    ],
    "Money.allocate into 3 ratios": [
        "pure-int largest remainder (3 ratios)",
        "Money.allocate (3 ratios)",
    ],
    "Money.allocate into 100 ratios": [
        "pure-int largest remainder (100 ratios)",
        "Money.allocate (100 ratios)",
    ],
    "Money.parse": [
        "Decimal(text)",
        "giftflow Money.parse(text, 'USD')",
        "py-moneyed Money(text, 'USD')",
    ],
    "Money.multiply(rate, rounding)": [
        "pure-int multiply, round half even",
        "giftflow Money.multiply(rate, HALF_EVEN)",
        "py-moneyed (Money * Decimal).round(2)",
    ],
}

SETTLEMENT_BENCHMARKS = {
    "Settle 1M gift events (TikTok preset)": [
        "plain-int loop (the floor)",
        "giftflow settle, (creator, gift, count) tuples",
        "giftflow settle, GiftRecord values",
        "py-moneyed Money per event",
    ],
    "Settlement peak memory (streamed events)": [
        "settle 1M streamed events",
        "settle 4M streamed events",
    ],
    "Settlement scaling (streamed events)": [
        "settle 100k streamed events",
        "settle 1M streamed events",
        "settle 4M streamed events",
        "generate only, 1M events",
    ],
}


@pytest.fixture(scope="module")
def quick_results() -> list[Result]:
    return run_groups(discover(), QUICK)


def _constant(ns: float) -> Benchmark:
    """A benchmark whose workload does nothing, for checking the harness itself."""

    def setup(settings: Settings, rng: random.Random) -> Workload:
        return Workload(lambda: None, 1)

    return Benchmark(f"noop {ns}", setup, Under(ns))


class TestDiscover:
    def test_finds_the_money_groups(self) -> None:
        titles = [group.title for group in discover()]
        assert list(MONEY_BENCHMARKS) == [t for t in titles if t in MONEY_BENCHMARKS]

    def test_finds_the_settlement_groups(self) -> None:
        titles = [group.title for group in discover()]
        assert list(SETTLEMENT_BENCHMARKS) == [t for t in titles if t in SETTLEMENT_BENCHMARKS]

    def test_titles_are_unique(self) -> None:
        titles = [group.title for group in discover()]
        assert len(set(titles)) == len(titles)


class TestRunGroups:
    def test_money_benchmarks_have_the_expected_names(self, quick_results: list[Result]) -> None:
        found: dict[str, list[str]] = {}
        for result in quick_results:
            if result.group in MONEY_BENCHMARKS:
                found.setdefault(result.group, []).append(result.name)
        assert found == MONEY_BENCHMARKS

    def test_settlement_benchmarks_have_the_expected_names(
        self, quick_results: list[Result]
    ) -> None:
        found: dict[str, list[str]] = {}
        for result in quick_results:
            if result.group in SETTLEMENT_BENCHMARKS:
                found.setdefault(result.group, []).append(result.name)
        assert found == SETTLEMENT_BENCHMARKS

    def test_memory_benchmarks_report_a_peak_and_judge_it(
        self, quick_results: list[Result]
    ) -> None:
        memory = [r for r in quick_results if r.group == "Settlement peak memory (streamed events)"]
        for result in memory:
            assert result.peak_bytes is not None
            assert result.peak_bytes > 0
            assert isinstance(result.met, bool)
            assert result.achieved is not None
            assert "MB" in result.achieved
        others = [r for r in quick_results if r.group == "Settle 1M gift events (TikTok preset)"]
        assert all(result.peak_bytes is None for result in others)

    def test_every_benchmark_reports_a_positive_median(self, quick_results: list[Result]) -> None:
        assert quick_results
        for result in quick_results:
            assert result.median_ns > 0, result.name
            assert result.per_second > 0, result.name
            assert len(result.samples_ns) == QUICK.repeat
            assert result.number == 1  # quick mode never calibrates

    def test_each_group_has_one_baseline_at_ratio_one(self, quick_results: list[Result]) -> None:
        baselines = [result for result in quick_results if result.baseline]
        assert len({result.group for result in quick_results}) == len(baselines)
        for result in baselines:
            assert result.ratio == 1.0

    def test_ratios_are_medians_over_the_baseline_median(self, quick_results: list[Result]) -> None:
        base = {result.group: result.median_ns for result in quick_results if result.baseline}
        for result in quick_results:
            assert result.median_ns / base[result.group] == pytest.approx(result.ratio)

    def test_the_issue_goals_are_evaluated(self, quick_results: list[Result]) -> None:
        goals = {result.name: result for result in quick_results if result.goal is not None}
        add, allocate = goals["giftflow Money + Money"], goals["Money.allocate (3 ratios)"]
        assert add.goal == "≥ 3x faster than py-moneyed Money + Money"
        assert allocate.goal == "under 3.00 µs"
        for result in (add, allocate):
            assert isinstance(result.met, bool)
            assert result.achieved

    def test_repeat_gives_one_sample_per_repetition(self) -> None:
        (result,) = run_groups([Group("g", _constant(1e9))], Settings(quick=True, repeat=3))
        assert len(result.samples_ns) == 3

    def test_an_unmet_goal_is_reported_not_raised(self) -> None:
        (result,) = run_groups([Group("g", _constant(1e-6))], QUICK)
        assert result.met is False

    def test_calibrates_outside_quick_mode(self) -> None:
        settings = Settings(repeat=2, min_time=0.001)
        (result,) = run_groups([Group("g", _constant(1e9))], settings)
        assert result.number > 1
        assert result.met is True

    def test_rejects_repeated_names(self) -> None:
        group = Group("g", _constant(1.0), (_constant(1.0),))
        with pytest.raises(ValueError, match="repeat"):
            run_groups([group], QUICK)


class TestSettings:
    def test_inputs_depend_only_on_seed_and_group(self) -> None:
        first = [Settings(seed=5).rng("g").random() for _ in range(2)]
        assert first[0] == first[1]
        assert Settings(seed=5).rng("g").random() != Settings(seed=6).rng("g").random()
        assert Settings(seed=5).rng("g").random() != Settings(seed=5).rng("h").random()

    def test_size_is_tiny_in_quick_mode(self) -> None:
        assert QUICK.size(full=1000, quick=3) == 3
        assert Settings().size(full=1000, quick=3) == 1000


class TestGoals:
    def test_under(self) -> None:
        assert Under(3000).evaluate(2500.0, {}) == ("2.50 µs", True)
        assert Under(3000).evaluate(3000.0, {}) == ("3.00 µs", False)

    def test_faster_than(self) -> None:
        assert FasterThan("peer", 3).evaluate(100.0, {"peer": 300.0}) == ("3.00x", True)
        assert FasterThan("peer", 3).evaluate(100.0, {"peer": 200.0}) == ("2.00x", False)

    def test_times_of(self) -> None:
        assert TimesOf("floor", 3).evaluate(300.0, {"floor": 100.0}) == ("3.00x floor", True)
        assert TimesOf("floor", 3).evaluate(301.0, {"floor": 100.0}) == ("3.01x floor", False)

    def test_both_needs_both(self) -> None:
        goal = Both(Under(3000), TimesOf("floor", 3))
        assert goal.evaluate(2500.0, {"floor": 1000.0}) == ("2.50 µs; 2.50x floor", True)
        assert goal.evaluate(2500.0, {"floor": 500.0}) == ("2.50 µs; 5.00x floor", False)
        assert goal.evaluate(3500.0, {"floor": 2000.0})[1] is False
        assert "under 3.00 µs and ≤ 3x floor" == goal.describe()

    def test_the_garbage_collector_runs_unless_told_not_to(self) -> None:
        import gc

        seen: list[bool] = []
        _time(lambda: seen.append(gc.isenabled()), 1)
        _time(lambda: seen.append(gc.isenabled()), 1, collect=False)
        assert [True, False] == seen


class TestMain:
    def test_quick_run_prints_a_table_and_exits_zero(self) -> None:
        out = io.StringIO()
        assert main(["--quick", "--repeat", "2", "-k", "money + money"], out=out) == 0
        text = out.getvalue()
        assert "2 repetitions" in text
        assert "### Money + Money" in text
        assert "### Money.parse" not in text
        for name in MONEY_BENCHMARKS["Money + Money"]:
            assert f"| {name} " in text

    def test_rejects_zero_repetitions(self) -> None:
        with pytest.raises(SystemExit):
            main(["--quick", "--repeat", "0"], out=io.StringIO())


class TestRender:
    def test_marks_baseline_goal_and_verdict(self) -> None:
        results = run_groups([Group("title", _constant(1e9), (_constant(1e-6),))], QUICK)
        text = render(results, QUICK)
        assert "### title" in text
        assert "baseline" in text
        assert "| yes" in text
        assert "| NO" in text

    def test_memory_column_only_for_groups_with_peaks(self, quick_results: list[Result]) -> None:
        text = render(quick_results, QUICK)
        with_peaks = {r.group for r in quick_results if r.peak_bytes is not None}
        assert "Settlement peak memory (streamed events)" in with_peaks
        for section in text.split("\n### ")[1:]:
            title, _, table = section.partition("\n")
            header = next(line for line in table.splitlines() if line.startswith("| operation"))
            assert ("| peak memory |" in header) == (title in with_peaks), title

    def test_format_ns(self) -> None:
        assert [format_ns(v) for v in (999, 1000, 12.34e6)] == ["999 ns", "1.00 µs", "12.3 ms"]


class TestFloors:
    """The plain-int baselines compute what giftflow computes, on the benchmark's inputs."""

    def test_largest_remainder_matches_money_allocate(self) -> None:
        usd = currency("USD")
        rng = random.Random(2)
        for _ in range(500):
            weights = [rng.randint(0, 100) for _ in range(rng.randint(1, 12))]
            if not any(weights):
                continue
            amount = rng.randint(0, 10**7)
            parts = Money.of_minor(amount, usd).allocate(weights)
            assert [part.minor for part in parts] == bench_money.largest_remainder(amount, weights)

    def test_half_even_matches_money_multiply(self) -> None:
        usd = currency("USD")
        rng = random.Random(3)
        for _ in range(500):
            minor, percent = rng.randint(-(10**6), 10**6), rng.randint(0, 100)
            rate = Rate.ratio(percent, 100)
            expected = Money.of_minor(minor, usd).multiply(rate, Rounding.HALF_EVEN).minor
            value = rate.value
            assert expected == bench_money.half_even(minor * value.numerator, value.denominator)

    def test_plain_int_settle_matches_settle(self) -> None:
        workload = gift_workload()
        records = list(events(workload, 3000, seed=4))
        totals, gifts = bench_settlement.plain_int_settle(records, workload.prices)
        expected = bench_settlement.as_plain(
            settle(workload.economy, records, at=AT, country=COUNTRY)
        )
        assert expected == ({c: (d, Fraction(v, 2)) for c, (d, v) in totals.items()}, gifts)

    def test_moneyed_settle_matches_settle(self) -> None:
        workload = gift_workload()
        records = list(events(workload, 3000, seed=5))
        totals, gifts = bench_settlement.moneyed_settle(records, workload.prices)
        expected = bench_settlement.as_plain(
            settle(workload.economy, records, at=AT, country=COUNTRY)
        )
        assert expected == (bench_settlement.moneyed_as_plain(totals), gifts)

    def test_gift_records_settle_like_tuples(self) -> None:
        workload = gift_workload()
        records = list(events(workload, 500, seed=6))
        as_records = [GiftRecord(*record) for record in records]
        assert settle(workload.economy, records, at=AT, country=COUNTRY) == settle(
            workload.economy, as_records, at=AT, country=COUNTRY
        )


class TestReadsHistory:
    def test_every_event_of_the_history_is_booked(self) -> None:
        events = bench_reads.history(300, seed=3)
        ledger = bench_reads.built(300, seed=3)
        assert (300, 300) == (len(events), len(ledger.journal))
        assert [event.id for event in events] == [event.id for event in ledger.events]


class TestWorkload:
    def test_is_deterministic_and_streams_any_length(self) -> None:
        workload = gift_workload()
        assert list(events(workload, 5000, seed=1)) == list(events(workload, 5000, seed=1))
        assert list(events(workload, 10, seed=1)) != list(events(workload, 10, seed=2))
        assert 4097 == sum(1 for _ in events(workload, 4097, seed=1))

    def test_has_the_issues_shape(self) -> None:
        workload = gift_workload()
        assert (40, 1000, 10_000) == (
            len(workload.prices),
            len(workload.creators),
            len(workload.viewers),
        )
        counts = {count for _, _, count in events(workload, 2000, seed=3)}
        assert set(range(1, 11)) == counts
        sent: dict[str, int] = {}
        for _, gift, _ in events(workload, 20_000, seed=3):
            sent[gift] = sent.get(gift, 0) + 1
        cheapest = min(workload.prices, key=workload.prices.__getitem__)
        assert max(sent, key=sent.__getitem__) == cheapest  # Zipf: the cheapest leads


class TestCompare:
    def test_reads_the_medians_of_a_printed_table(self) -> None:
        table = (
            "| operation | median | ± |\n"
            "| --- | ---: | ---: |\n"
            "| giftflow Ledger.apply | 18.6 µs/event | 1.0% |\n"
            "| int + int | 25 ns | 0.5% |\n"
        )
        assert [("giftflow Ledger.apply", 18_600.0), ("int + int", 25.0)] == list(
            compare.rows(table)
        )
