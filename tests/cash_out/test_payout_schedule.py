"""PayoutSchedule: on demand, daily, weekly, monthly (clamped) and Net-N dates, in a zone."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import calendar
import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    CapPeriod,
    GiftflowError,
    InvalidTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    PayoutSchedule,
    ScheduleKind,
)
from giftflow._cash_out._schedule import (
    LATEST,
    counted_in_period,
    period_bounds,
    period_reset,
    show_instant,
)
from giftflow.testing import payout_schedules

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
SAMOA = ZoneInfo("Pacific/Apia")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def days(dates: tuple[datetime, ...]) -> list[str]:
    return [moment.date().isoformat() for moment in dates]


instants = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2035, 12, 31),
    timezones=st.sampled_from([UTC, NEW_YORK, LONDON, ZoneInfo("Australia/Lord_Howe")]),
)


class TestPayoutSchedule:
    @given(payout_schedules(), instants, st.integers(0, 40))
    def test_next_dates_strictly_increase_after_the_start(
        self, schedule: PayoutSchedule, after: datetime, n: int
    ) -> None:
        dates = schedule.next_dates(after, n)
        instants_utc = [moment.astimezone(UTC) for moment in dates]
        assert all(after.astimezone(UTC) < moment for moment in instants_utc)
        assert all(a < b for a, b in itertools.pairwise(instants_utc))
        expected = 0 if schedule.kind is ScheduleKind.ON_DEMAND else n
        assert expected == len(dates)
        assert all(moment.tzinfo is schedule.zone for moment in dates)

    @given(payout_schedules(), instants)
    def test_first_at_or_after_is_never_before(
        self, schedule: PayoutSchedule, at: datetime
    ) -> None:
        first = schedule.first_at_or_after(at)
        assert at.astimezone(UTC) <= first.astimezone(UTC)
        if schedule.kind is not ScheduleKind.ON_DEMAND:
            assert first == schedule.next_dates(at - timedelta(microseconds=1), 1)[0]

    @given(st.integers(1, 31), instants, st.sampled_from([UTC, NEW_YORK, LONDON]))
    def test_monthly_anchors_clamp_to_the_month_end(
        self, day: int, after: datetime, zone: Any
    ) -> None:
        for moment in PayoutSchedule.monthly(day, zone=zone).next_dates(after, 14):
            last = calendar.monthrange(moment.year, moment.month)[1]
            assert min(day, last) == moment.day
            assert time(0) == moment.time()

    @given(st.integers(1, 60), instants)
    def test_net_days_fall_n_days_after_a_month_end(self, net: int, after: datetime) -> None:
        for moment in PayoutSchedule.net(net, zone=NEW_YORK).next_dates(after, 6):
            month_end = moment.date() - relativedelta(days=net)
            assert month_end == month_end + relativedelta(day=31)

    @given(st.integers(0, 6), instants)
    def test_weekly_dates_fall_on_the_anchor_weekday(self, weekday: int, after: datetime) -> None:
        dates = PayoutSchedule.weekly(weekday, zone=LONDON).next_dates(after, 5)
        assert {weekday} == {moment.weekday() for moment in dates}
        assert all(timedelta(days=7) == b.date() - a.date() for a, b in itertools.pairwise(dates))

    def test_day_31_falls_on_february_29_in_a_leap_year(self) -> None:
        dates = PayoutSchedule.monthly(31).next_dates(utc(2028, 1, 31), 3)
        assert ["2028-02-29", "2028-03-31", "2028-04-30"] == days(dates)

    def test_day_30_falls_on_february_28_in_a_common_year(self) -> None:
        dates = PayoutSchedule.monthly(30).next_dates(utc(2026, 1, 30), 3)
        assert ["2026-02-28", "2026-03-30", "2026-04-30"] == days(dates)

    def test_day_29_stays_on_29_in_a_leap_february(self) -> None:
        common = days(PayoutSchedule.monthly(29).next_dates(utc(2027, 2, 1), 2))
        leap = days(PayoutSchedule.monthly(29).next_dates(utc(2028, 2, 1), 2))
        assert (["2027-02-28", "2027-03-29"], ["2028-02-29", "2028-03-29"]) == (common, leap)

    def test_net_15_pays_january_and_a_leap_february_on_the_15th(self) -> None:
        dates = PayoutSchedule.net(15).next_dates(utc(2028, 1, 20), 3)
        assert ["2028-02-15", "2028-03-15", "2028-04-15"] == days(dates)

    def test_net_30_moves_with_the_length_of_february(self) -> None:
        common = days(PayoutSchedule.net(30).next_dates(utc(2026, 2, 1), 2))
        leap = days(PayoutSchedule.net(30).next_dates(utc(2028, 2, 1), 2))
        assert (["2026-03-02", "2026-03-30"], ["2028-03-01", "2028-03-30"]) == (common, leap)

    def test_daily_payouts_keep_local_time_across_a_dst_change(self) -> None:
        schedule = PayoutSchedule.daily(zone=NEW_YORK, time_of_day=time(9))
        dates = schedule.next_dates(utc(2026, 3, 7), 3)
        assert [time(9)] * 3 == [moment.time() for moment in dates]
        assert [14, 13, 13] == [moment.astimezone(UTC).hour for moment in dates]

    def test_a_run_in_the_spring_gap_moves_forward_by_the_gap(self) -> None:
        schedule = PayoutSchedule.daily(zone=NEW_YORK, time_of_day=time(2, 30))
        dates = schedule.next_dates(datetime(2026, 3, 7, tzinfo=NEW_YORK), 3)
        assert ["02:30", "03:30", "02:30"] == [f"{moment:%H:%M}" for moment in dates]

    def test_a_run_in_the_repeated_hour_is_the_first_one(self) -> None:
        schedule = PayoutSchedule.daily(zone=NEW_YORK, time_of_day=time(1, 30))
        dates = schedule.next_dates(datetime(2026, 10, 31, 12, tzinfo=NEW_YORK), 2)
        assert utc(2026, 11, 1, 5, 30) == dates[0].astimezone(UTC)

    def test_a_day_the_zone_skips_is_merged(self) -> None:
        # Samoa skipped 2011-12-30 when it moved across the date line.
        dates = PayoutSchedule.daily(zone=SAMOA).next_dates(
            datetime(2011, 12, 28, 12, tzinfo=SAMOA), 3
        )
        assert ["2011-12-29", "2011-12-31", "2012-01-01"] == days(dates)

    def test_on_demand_has_no_dates_and_starts_when_asked(self) -> None:
        schedule = PayoutSchedule.on_demand(processing_days=15)
        assert () == schedule.next_dates(utc(2026, 1, 1), 5)
        assert utc(2026, 1, 1, 9) == schedule.first_at_or_after(utc(2026, 1, 1, 9))

    def test_a_run_exactly_now_is_the_first_at_or_after(self) -> None:
        assert utc(2026, 11, 23) == PayoutSchedule.weekly(0).first_at_or_after(utc(2026, 11, 23))

    def test_arrival_adds_calendar_days_in_local_time(self) -> None:
        schedule = PayoutSchedule.on_demand(zone=NEW_YORK, processing_days=15)
        arrival = schedule.arrival(datetime(2026, 2, 25, 9, tzinfo=NEW_YORK), extra_days=1)
        assert datetime(2026, 3, 13, 9, tzinfo=NEW_YORK) == arrival
        assert 9 == arrival.hour

    def test_net_earnings_mature_after_their_month(self) -> None:
        schedule = PayoutSchedule.net(15, zone=NEW_YORK)
        # 2026-02-01 03:00 UTC is still January in New York.
        due = schedule.matures_at(utc(2026, 2, 1, 3))
        assert due is not None
        assert date(2026, 2, 15) == due.date()
        assert None is PayoutSchedule.weekly(4).matures_at(utc(2026, 2, 1))

    def test_describes_itself(self) -> None:
        assert "weekly on Friday at 09:00 America/New_York, arriving within 3 days" == (
            PayoutSchedule.weekly(
                4, zone=NEW_YORK, time_of_day=time(9), processing_days=3
            ).describe()
        )

    @pytest.mark.parametrize(
        ("build", "argument"),
        [
            (lambda: PayoutSchedule.monthly(0), "day"),
            (lambda: PayoutSchedule.monthly(32), "day"),
            (lambda: PayoutSchedule.weekly(7), "weekday"),
            (lambda: PayoutSchedule.net(0), "net_days"),
            (lambda: PayoutSchedule.on_demand(processing_days=-1), "processing_days"),
            (lambda: PayoutSchedule(kind=ScheduleKind.MONTHLY), "day"),
            (lambda: PayoutSchedule(kind=ScheduleKind.DAILY, day=3), "day"),
            (lambda: PayoutSchedule.daily(time_of_day=time(9, tzinfo=UTC)), "time_of_day"),
        ],
    )
    def test_refuses_bad_values_naming_the_field(self, build: Any, argument: str) -> None:
        with pytest.raises(InvalidValueError) as raised:
            build()
        assert argument == raised.value.argument

    @pytest.mark.parametrize(
        ("build", "argument"),
        [
            (lambda: PayoutSchedule.monthly(True), "day"),
            (lambda: PayoutSchedule.monthly(31.0), "day"),  # type: ignore[arg-type]
            (lambda: PayoutSchedule.daily(zone="UTC"), "zone"),  # type: ignore[arg-type]
            (lambda: PayoutSchedule(kind="monthly", day=1), "kind"),  # type: ignore[arg-type]
        ],
    )
    def test_refuses_bad_types_naming_the_field(self, build: Any, argument: str) -> None:
        with pytest.raises(InvalidTypeError) as raised:
            build()
        assert argument == raised.value.argument

    def test_refuses_a_naive_datetime(self) -> None:
        with pytest.raises(NaiveDatetimeError) as raised:
            PayoutSchedule.daily().next_dates(datetime(2026, 1, 1), 3)
        assert "after" == raised.value.argument
        assert "timezone" in str(raised.value)

    @pytest.mark.parametrize("n", [-1, 1.5, True])
    def test_refuses_a_bad_count(self, n: Any) -> None:
        with pytest.raises(GiftflowError):
            PayoutSchedule.daily().next_dates(utc(2026, 1, 1), n)


class TestPeriods:
    def test_a_calendar_day_with_a_dst_change_lasts_25_hours(self) -> None:
        start, end = period_bounds(CapPeriod.CALENDAR_DAY, utc(2026, 11, 1, 12), NEW_YORK)
        assert end is not None
        assert timedelta(hours=25) == end.astimezone(UTC) - start.astimezone(UTC)

    def test_a_calendar_week_starts_on_local_monday(self) -> None:
        start, end = period_bounds(CapPeriod.CALENDAR_WEEK, utc(2026, 11, 30, 3), NEW_YORK)
        assert (
            datetime(2026, 11, 23, tzinfo=NEW_YORK),
            datetime(2026, 11, 30, tzinfo=NEW_YORK),
        ) == (
            start,
            end,
        )

    def test_rolling_periods_count_strictly_after_the_window_start(self) -> None:
        now = utc(2026, 11, 8)
        times = [utc(2026, 11, 1), utc(2026, 11, 1, 0, 1), now, utc(2026, 11, 9)]
        counted = counted_in_period(times, CapPeriod.ROLLING_WEEK, now, UTC, lambda t: t)
        assert [utc(2026, 11, 1, 0, 1), now] == counted
        assert utc(2026, 11, 8, 0, 1) == period_reset(counted, CapPeriod.ROLLING_WEEK, now, UTC)

    def test_shows_an_instant_in_a_zone(self) -> None:
        assert "2026-11-25 00:00 America/New_York" == show_instant(utc(2026, 11, 25, 5), NEW_YORK)
        assert "2026-11-25 10:30 UTC+05:30" == show_instant(
            utc(2026, 11, 25, 5), timezone(timedelta(hours=5, minutes=30))
        )


# -- The ends of the calendar: a clear error, never OverflowError, ValueError or StopIteration --

EAST = timezone(timedelta(hours=14))
WEST = timezone(timedelta(hours=-12))
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")
END_SCHEDULES = {
    "daily-east": PayoutSchedule.daily(zone=EAST),
    "weekly-west": PayoutSchedule.weekly(4, zone=WEST),
    "monthly-31-kiritimati": PayoutSchedule.monthly(31, zone=KIRITIMATI),
    "net-366-east": PayoutSchedule.net(366, zone=EAST, processing_days=366),
    "on-demand-366-days": PayoutSchedule.on_demand(processing_days=366, zone=WEST),
}
EDGES = {
    "9999-12-31-utc": datetime(9999, 12, 31, tzinfo=UTC),
    "9999-12-31-west": datetime(9999, 12, 31, 23, tzinfo=WEST),
    "max-east": datetime.max.replace(tzinfo=EAST),
    "9998-01-01-utc": datetime(9998, 1, 1, tzinfo=UTC),
    "0001-01-01-utc": datetime(1, 1, 1, tzinfo=UTC),
    "0001-01-01-east": datetime(1, 1, 1, tzinfo=EAST),
    "min-west": datetime.min.replace(tzinfo=WEST),
}
CALLS: dict[str, Callable[[PayoutSchedule, datetime], object]] = {
    "next_dates": lambda schedule, at: schedule.next_dates(at, 3),
    "first_at_or_after": lambda schedule, at: schedule.first_at_or_after(at),
    "matures_at": lambda schedule, at: schedule.matures_at(at),
    "arrival": lambda schedule, at: schedule.arrival(at, 5),
}


JAN1 = datetime(2026, 1, 1, tzinfo=UTC)


def bad(value: object) -> Any:
    """A wrongly typed argument, past mypy: the run-time checks are under test."""
    return value


class TestEndsOfTheCalendar:
    @pytest.mark.parametrize("edge", list(EDGES))
    @pytest.mark.parametrize("call", list(CALLS))
    @pytest.mark.parametrize("schedule", list(END_SCHEDULES))
    def test_schedules_refuse_instants_off_the_supported_years(
        self, schedule: str, call: str, edge: str
    ) -> None:
        with pytest.raises(InvalidValueError, match=r"lies outside the instants payout schedules"):
            CALLS[call](END_SCHEDULES[schedule], EDGES[edge])

    @pytest.mark.parametrize("edge", list(EDGES))
    @pytest.mark.parametrize("period", [p for p in CapPeriod if p is not CapPeriod.TRANSACTION])
    @pytest.mark.parametrize("zone", [UTC, EAST, WEST], ids=["utc", "east", "west"])
    def test_periods_refuse_instants_off_the_supported_years(
        self, edge: str, period: CapPeriod, zone: timezone
    ) -> None:
        with pytest.raises(InvalidValueError, match=r"^at lies outside"):
            period_bounds(period, EDGES[edge], zone)
        with pytest.raises(InvalidValueError, match=r"^at lies outside"):
            period_reset([], period, EDGES[edge], zone)

    @pytest.mark.parametrize("schedule", list(END_SCHEDULES))
    def test_the_last_supported_instant_still_answers(self, schedule: str) -> None:
        last = LATEST - timedelta(microseconds=1)
        chosen = END_SCHEDULES[schedule]
        for call in CALLS.values():
            call(chosen, last)
        for period in (CapPeriod.CALENDAR_MONTH, CapPeriod.ROLLING_WEEK):
            period_bounds(period, last, chosen.zone)

    def test_asking_for_dates_past_the_calendar_says_so(self) -> None:
        after = datetime(9997, 12, 31, tzinfo=UTC)
        with pytest.raises(InvalidValueError, match=r"^after leaves fewer than 1,000 payout"):
            PayoutSchedule.daily().next_dates(after, 1000)
        with pytest.raises(InvalidValueError, match=r"^after leaves fewer than 100 payout"):
            PayoutSchedule.monthly(31, zone=WEST).next_dates(after, 100)

    def test_an_arrival_past_the_calendar_names_the_extra_days(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^extra_days puts the arrival"):
            PayoutSchedule.on_demand().arrival(datetime(9997, 12, 1, tzinfo=UTC), 10**6)

    @pytest.mark.parametrize(
        "call",
        [
            lambda: period_bounds(bad("calendar_day"), datetime(2026, 1, 1, tzinfo=UTC), UTC),
            lambda: period_bounds(CapPeriod.CALENDAR_DAY, JAN1, bad("UTC")),
            lambda: period_bounds(CapPeriod.CALENDAR_DAY, bad(None), UTC),
            lambda: show_instant(bad("2026-01-01"), UTC),
            lambda: show_instant(JAN1, bad(None)),
            lambda: counted_in_period([], CapPeriod.CALENDAR_DAY, JAN1, UTC, bad(None)),
            lambda: period_reset([bad(None)], CapPeriod.ROLLING_DAY, JAN1, UTC),
            lambda: period_reset([], CapPeriod.ROLLING_DAY, JAN1, UTC, drop=bad("1")),
            lambda: PayoutSchedule.daily().next_dates(JAN1, bad(None)),
            lambda: PayoutSchedule.daily().arrival(JAN1, bad(1.5)),
        ],
        ids=[
            "period-str",
            "zone-str",
            "at-none",
            "show-str",
            "show-zone-none",
            "key-none",
            "counted-none",
            "drop-str",
            "n-none",
            "extra-days-float",
        ],
    )
    def test_wrong_types_raise_a_giftflow_error(self, call: Any) -> None:
        with pytest.raises(GiftflowError):
            call()
