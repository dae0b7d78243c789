"""Half-open time windows and RRULE recurrences over timezone-aware datetimes."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giftflow import (
    GiftflowError,
    InvalidTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    Recurrence,
    Window,
)
from giftflow.testing import recurrences, windows

LONDON = ZoneInfo("Europe/London")
JAN = datetime(2026, 1, 1, tzinfo=UTC)
FEB = datetime(2026, 2, 1, tzinfo=UTC)
TINY = timedelta(microseconds=1)


def friday_evenings() -> Recurrence:
    """Every Friday from 18:00 to midnight, London time, from January 2026."""
    return Recurrence(
        rule="FREQ=WEEKLY;BYDAY=FR",
        start=datetime(2026, 1, 2, 18, tzinfo=LONDON),
        duration=timedelta(hours=6),
    )


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


class TestWindow:
    def test_is_half_open_start_inclusive_end_exclusive(self) -> None:
        january = Window(start=JAN, end=FEB)
        assert [False, True, True, False] == [
            january.contains(at) for at in (JAN - TINY, JAN, FEB - TINY, FEB)
        ]

    def test_an_open_side_reaches_forever(self) -> None:
        assert Window(end=FEB).contains(datetime(1900, 1, 1, tzinfo=UTC))
        assert Window(start=JAN).contains(datetime(2999, 1, 1, tzinfo=UTC))
        assert Window().contains(JAN)

    def test_compares_instants_not_wall_clocks(self) -> None:
        # 12:00 in London in January is 12:00 UTC; in Seoul it is 03:00 UTC.
        window = Window(start=datetime(2026, 1, 1, 12, tzinfo=LONDON), end=FEB)
        assert not window.contains(datetime(2026, 1, 1, 12, tzinfo=ZoneInfo("Asia/Seoul")))

    def test_handles_the_hour_a_dst_change_repeats(self) -> None:
        first = datetime(2026, 10, 25, 1, 30, tzinfo=LONDON)  # BST: 00:30 UTC
        second = datetime(2026, 10, 25, 1, 15, tzinfo=LONDON, fold=1)  # GMT: 01:15 UTC
        window = Window(start=first, end=second)  # 45 minutes long, though 01:15 < 01:30
        assert window.contains(datetime(2026, 10, 25, 1, 0, tzinfo=UTC))
        later = Window(start=second, end=second + timedelta(hours=1))
        assert not later.contains(first)

    def test_adjacent_windows_do_not_overlap(self) -> None:
        assert not Window(end=FEB).overlaps(Window(start=FEB))
        assert Window(end=FEB + TINY).overlaps(Window(start=FEB))

    @pytest.mark.parametrize(("start", "end"), [(FEB, JAN), (JAN, JAN)])
    def test_refuses_an_end_not_after_the_start(self, start: datetime, end: datetime) -> None:
        with pytest.raises(InvalidValueError, match=r"^end must be after start"):
            Window(start=start, end=end)

    @pytest.mark.parametrize("field", ["start", "end"])
    def test_refuses_a_naive_datetime(self, field: str) -> None:
        with pytest.raises(NaiveDatetimeError, match=rf"^{field} must be timezone-aware"):
            Window(**{field: datetime(2026, 1, 1)})

    def test_refuses_what_is_not_a_datetime(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^start must be a datetime"):
            Window(start="2026-01-01")  # type: ignore[arg-type]

    def test_contains_refuses_a_naive_datetime(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^at must be timezone-aware"):
            Window().contains(datetime(2026, 1, 1))

    @given(windows(), windows())
    def test_overlaps_is_symmetric(self, first: Window, second: Window) -> None:
        assert first.overlaps(second) == second.overlaps(first)

    @given(windows(), windows())
    def test_overlapping_windows_share_an_instant(self, first: Window, second: Window) -> None:
        starts = [w.start.astimezone(UTC) for w in (first, second) if w.start is not None]
        ends = [w.end.astimezone(UTC) for w in (first, second) if w.end is not None]
        latest_start = max(starts, default=None)
        if latest_start is None:
            earliest_end = min(ends, default=None)
            shared = JAN if earliest_end is None else earliest_end - TINY
        else:
            shared = latest_start
        share = first.contains(shared) and second.contains(shared)
        assert share == first.overlaps(second)


class TestRecurrence:
    def test_a_weekly_friday_promotion_keeps_local_time_across_dst(self) -> None:
        fridays = friday_evenings()
        # Winter: 18:00 GMT is 18:00 UTC. Summer: 18:00 BST is 17:00 UTC.
        assert [True, False, False] == [
            fridays.contains(at)
            for at in (utc(2026, 3, 27, 18, 30), utc(2026, 3, 27, 17, 30), utc(2026, 3, 28, 0, 30))
        ]
        assert [True, True, False] == [
            fridays.contains(at)
            for at in (utc(2026, 4, 3, 17, 30), utc(2026, 4, 3, 22, 59), utc(2026, 4, 3, 23, 0))
        ]
        # And back to GMT at the end of October.
        assert [False, True] == [
            fridays.contains(at) for at in (utc(2026, 10, 30, 17, 30), utc(2026, 10, 30, 18, 30))
        ]

    def test_is_never_on_before_its_start(self) -> None:
        assert not friday_evenings().contains(utc(2025, 12, 26, 19))

    def test_stops_after_until_in_utc(self) -> None:
        until = Recurrence(
            rule="FREQ=DAILY;UNTIL=20260104T120000Z", start=JAN, duration=timedelta(hours=1)
        )
        assert [True, False] == [
            until.contains(at) for at in (utc(2026, 1, 4, 0, 30), utc(2026, 1, 5, 0, 30))
        ]

    def test_refuses_an_until_that_is_not_in_utc(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^rule is not an RFC 5545 RRULE"):
            Recurrence(rule="FREQ=DAILY;UNTIL=20260105", start=JAN, duration=timedelta(hours=1))

    @pytest.mark.parametrize(
        "rule", ["DTSTART:20260102T000000Z\nRRULE:FREQ=WEEKLY", "FREQ=WEEKLY;DTSTART=20260102"]
    )
    def test_refuses_a_rule_with_its_own_dtstart(self, rule: str) -> None:
        with pytest.raises(InvalidValueError, match=r"^rule must not set DTSTART") as error:
            Recurrence(rule=rule, start=JAN, duration=timedelta(days=1))
        assert "pass start= instead" in str(error.value)

    @pytest.mark.parametrize("rule", ["", "FREQ", "FREQ=WEEKLY;BYDAY=XX"])
    def test_refuses_text_that_is_not_an_rrule(self, rule: str) -> None:
        with pytest.raises(InvalidValueError, match=r"^rule is not an RFC 5545 RRULE"):
            Recurrence(rule=rule, start=JAN, duration=timedelta(days=1))

    @pytest.mark.parametrize("interval", ["0", "-1", "x"])
    def test_refuses_an_interval_that_is_not_positive(self, interval: str) -> None:
        # dateutil accepts INTERVAL=0, and then never finds the next occurrence.
        with pytest.raises(InvalidValueError, match=rf"^rule has INTERVAL={interval}"):
            Recurrence(
                rule=f"FREQ=DAILY;INTERVAL={interval}", start=JAN, duration=timedelta(days=1)
            )

    @pytest.mark.parametrize(
        ("field", "value", "error"),
        [
            ("start", datetime(2026, 1, 1), NaiveDatetimeError),
            ("duration", timedelta(0), InvalidValueError),
            ("duration", 3600, InvalidTypeError),
            ("rule", None, InvalidTypeError),
        ],
    )
    def test_refuses_bad_fields_and_names_them(
        self, field: str, value: Any, error: type[Exception]
    ) -> None:
        fields: dict[str, Any] = {"rule": "FREQ=DAILY", "start": JAN, "duration": timedelta(1)}
        with pytest.raises(error, match=rf"^{field} "):
            Recurrence(**{**fields, field: value})

    @given(st.text(max_size=40))
    def test_any_rule_text_builds_or_raises_a_giftflow_error(self, rule: str) -> None:
        with contextlib.suppress(GiftflowError):
            Recurrence(rule=rule, start=JAN, duration=timedelta(days=1))

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(
                    [
                        "FREQ",
                        "INTERVAL",
                        "COUNT",
                        "UNTIL",
                        "BYDAY",
                        "BYHOUR",
                        "BYMONTHDAY",
                        "BYSETPOS",
                        "WKST",
                        "BYWEEKNO",
                        "BYYEARDAY",
                        "BYEASTER",
                    ]
                ),
                st.one_of(
                    st.sampled_from(["DAILY", "WEEKLY", "MO", "FR,SA", "-1", "0", "1", "53"]),
                    st.integers(-(10**20), 10**20).map(str),
                    st.text(alphabet="0123456789TZ+-,", max_size=20),
                ),
            ),
            max_size=4,
        ).map(lambda parts: ";".join(f"{key}={value}" for key, value in parts))
    )
    def test_any_rrule_like_text_builds_or_raises_a_giftflow_error(self, rule: str) -> None:
        with contextlib.suppress(GiftflowError):
            Recurrence(rule=rule, start=JAN, duration=timedelta(days=1))

    @given(recurrences())
    def test_no_occurrence_begins_before_the_start(self, recurrence: Recurrence) -> None:
        assert not recurrence.contains(recurrence.start - TINY)

    def test_refuses_a_start_with_microseconds(self) -> None:
        # dateutil would drop them, and the occurrences would begin before the start.
        with pytest.raises(InvalidValueError, match=r"^start must be a whole second"):
            Recurrence(rule="FREQ=DAILY", start=JAN + TINY, duration=timedelta(days=1))


class TestRecurrenceCache:
    @given(
        recurrence=recurrences(),
        offsets=st.lists(st.integers(-(10**6), 10**8), min_size=1, max_size=6),
    )
    def test_cached_occurrences_answer_like_a_fresh_parse(
        self, recurrence: Recurrence, offsets: list[int]
    ) -> None:
        from dateutil import rrule

        fresh = rrule.rrulestr(recurrence.rule, dtstart=recurrence.start, forceset=False)
        for seconds in offsets:
            at = (recurrence.start + timedelta(seconds=seconds)).astimezone(UTC)
            local = at.astimezone(recurrence.start.tzinfo)
            latest = fresh.before(local, inc=True)
            expected = latest is not None and local < latest + recurrence.duration
            assert expected == recurrence.contains(at)


EAST = timezone(timedelta(hours=14))
WEST = timezone(timedelta(hours=-12))


class TestTheEndsOfTheCalendar:
    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(
                lambda: Window(start=datetime(1, 1, 1, tzinfo=EAST)),
                id="window-start",
            ),
            pytest.param(
                lambda: Window(end=datetime(9999, 12, 31, 23, tzinfo=WEST)),
                id="window-end",
            ),
            pytest.param(
                lambda: Recurrence(
                    rule="FREQ=DAILY",
                    start=datetime(1, 1, 1, tzinfo=EAST),
                    duration=timedelta(days=1),
                ),
                id="recurrence-start",
            ),
        ],
    )
    def test_an_end_without_a_utc_instant_is_refused_when_built(self, build: Any) -> None:
        with pytest.raises(InvalidValueError, match="outside the calendar in UTC"):
            build()

    @pytest.mark.parametrize("kind", ["window", "recurrence"])
    def test_contains_refuses_an_instant_outside_the_calendar(self, kind: str) -> None:
        span: Window | Recurrence = Window()
        if kind == "recurrence":
            span = Recurrence(
                rule="FREQ=DAILY", start=datetime(2026, 1, 1, tzinfo=UTC), duration=timedelta(1)
            )
        with pytest.raises(InvalidValueError, match="outside the calendar"):
            span.contains(datetime(9999, 12, 31, 23, tzinfo=WEST))


class TestRecurrenceLimits:
    """Bounded work: what can never match is refused when built, and contains is bounded."""

    @pytest.mark.parametrize(
        ("rule", "says"),
        [
            ("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13"),
            ("FREQ=YEARLY;BYMONTH=0", "BYMONTH=0"),
            ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY=32"),
            ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0"),
            ("FREQ=YEARLY;BYYEARDAY=367", "BYYEARDAY=367"),
            ("FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO=54"),
            ("FREQ=HOURLY;BYHOUR=24", "BYHOUR=24"),
            ("FREQ=HOURLY;BYMINUTE=60", "BYMINUTE=60"),
            ("FREQ=DAILY;BYSETPOS=0", "BYSETPOS=0"),
            ("FREQ=DAILY;COUNT=0", "COUNT=0"),
            ("FREQ=DAILY;COUNT=10001", "COUNT=10001"),
            ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "no occurrence within 50 years"),
            ("FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31", "no occurrence within 50 years"),
            ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "no occurrence within 50 years"),
            ("FREQ=HOURLY;BYMONTH=11;BYMONTHDAY=31", "no occurrence within 50 years"),
            ("FREQ=WEEKLY;BYMONTH=6;BYMONTHDAY=31", "no occurrence within 50 years"),
            ("FREQ=DAILY;INTERVAL=14;BYDAY=FR", "no occurrence within 50 years"),
            ("FREQ=HOURLY;INTERVAL=2;BYHOUR=1", "not an RFC 5545 RRULE"),
            ("FREQ=DAILY;UNTIL=20251231T000000Z", "no occurrence within 50 years"),
            ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO;UNTIL=20401231T000000Z", "no occ"),
            ("FREQ=YEARLY;INTERVAL=11", "every 4,400 years"),
            ("FREQ=DAILY;INTERVAL=1000", "every 400,000 years"),
            ("FREQ=MINUTELY", "FREQ=MINUTELY"),
            ("FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=SECONDLY"),
            ("FREQ=SOMETIMES", "FREQ=SOMETIMES"),
            ("RRULE:FREQ=DAILY\nEXRULE:FREQ=DAILY", "EXRULE"),
            ("FREQ=DAILY;BYEASTER=0", "BYEASTER"),
            ("RRULE:FREQ=DAILY\nEXDATE:20260105T000000Z", "EXDATE"),
            ("RRULE:FREQ=DAILY\nRDATE:20260105T000000Z", "RDATE"),
        ],
        ids=lambda value: value.replace("\n", " "),
    )
    def test_refuses_what_can_never_match_when_built(self, rule: str, says: str) -> None:
        with pytest.raises(InvalidValueError, match=r"^rule ") as caught:
            Recurrence(rule=rule, start=JAN, duration=timedelta(hours=1))
        assert says in str(caught.value)

    @pytest.mark.parametrize(
        ("rule", "at", "expected"),
        [
            ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", datetime(2028, 2, 29, 0, 30, tzinfo=UTC), True),
            (
                "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",
                datetime(2044, 2, 29, 0, 30, tzinfo=UTC),
                True,
            ),
            ("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU", datetime(2026, 1, 3, 0, 30, tzinfo=UTC), True),
            ("FREQ=YEARLY;INTERVAL=8", datetime(2034, 1, 1, 0, 30, tzinfo=UTC), True),
            ("FREQ=DAILY;INTERVAL=14;BYDAY=TH", datetime(2026, 1, 15, 0, 30, tzinfo=UTC), True),
            ("FREQ=HOURLY;INTERVAL=24", datetime(2026, 1, 2, 0, 30, tzinfo=UTC), True),
            ("FREQ=DAILY;COUNT=3", datetime(2026, 1, 4, 0, 30, tzinfo=UTC), False),
            ("FREQ=DAILY;UNTIL=20260103T000000Z", datetime(9999, 12, 31, tzinfo=UTC), False),
        ],
        ids=lambda value: value if isinstance(value, str) else None,
    )
    def test_accepts_rare_but_real_rules(self, rule: str, at: datetime, expected: bool) -> None:
        recurrence = Recurrence(rule=rule, start=JAN, duration=timedelta(hours=1))
        assert expected == recurrence.contains(at)

    @pytest.mark.parametrize(
        "start",
        [
            datetime(1899, 12, 31, tzinfo=UTC),
            datetime(9001, 1, 1, tzinfo=UTC),
            datetime(1, 1, 1, tzinfo=EAST),
            datetime(9999, 12, 31, 23, tzinfo=WEST),
        ],
        ids=["1899", "9001", "year-1-east", "year-9999-west"],
    )
    def test_refuses_a_start_outside_the_supported_years(self, start: datetime) -> None:
        with pytest.raises(InvalidValueError, match=r"^start "):
            Recurrence(rule="FREQ=DAILY", start=start, duration=timedelta(hours=1))

    def test_a_start_in_9000_still_builds_and_answers(self) -> None:
        start = datetime(9000, 12, 31, tzinfo=UTC)
        recurrence = Recurrence(rule="FREQ=YEARLY", start=start, duration=timedelta(days=2))
        assert recurrence.contains(datetime(9001, 1, 1, tzinfo=UTC))

    @pytest.mark.parametrize(
        ("rule", "at"),
        [
            ("FREQ=HOURLY", datetime(2038, 1, 1, tzinfo=UTC)),
            ("FREQ=DAILY", datetime(2300, 1, 1, tzinfo=UTC)),
            ("FREQ=WEEKLY;BYDAY=FR", datetime(9999, 12, 31, tzinfo=UTC)),
        ],
        ids=["hourly-12-years", "daily-274-years", "weekly-to-9999"],
    )
    def test_contains_refuses_an_instant_beyond_the_periods_it_follows(
        self, rule: str, at: datetime
    ) -> None:
        recurrence = Recurrence(rule=rule, start=JAN, duration=timedelta(hours=1))
        with pytest.raises(InvalidValueError, match=r"^at is .* periods of rule .* 100,000"):
            recurrence.contains(at)

    @pytest.mark.parametrize(
        "at",
        [
            datetime(1, 1, 1, tzinfo=UTC),
            datetime(1, 1, 1, tzinfo=WEST),
            datetime.min.replace(tzinfo=EAST),
            datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
            datetime.max.replace(tzinfo=WEST),
            datetime.max.replace(tzinfo=EAST),
        ],
        ids=["year-1", "year-1-west", "min-east", "9999", "max-west", "max-east"],
    )
    @pytest.mark.parametrize(
        "rule", ["FREQ=YEARLY", "FREQ=DAILY;COUNT=2", "FREQ=DAILY;UNTIL=20270101T000000Z"]
    )
    def test_contains_near_the_ends_of_the_calendar_answers_or_says_why(
        self, rule: str, at: datetime
    ) -> None:
        recurrence = Recurrence(
            rule=rule, start=datetime(2026, 1, 1, tzinfo=EAST), duration=timedelta(days=400)
        )
        outcome: object
        try:
            outcome = recurrence.contains(at)
        except GiftflowError as error:
            outcome = error.argument  # type: ignore[attr-defined]
        assert outcome in (True, False, "at")

    def test_an_occurrence_lasting_past_the_calendar_contains_its_end(self) -> None:
        recurrence = Recurrence(
            rule="FREQ=YEARLY;COUNT=1",
            start=datetime(9000, 1, 1, tzinfo=UTC),
            duration=timedelta(days=999_999_999),
        )
        assert recurrence.contains(datetime(9999, 12, 31, 23, tzinfo=UTC))

    # No deadline: a first contains centuries after the start follows ~20,000 weekly
    # periods (bounded, but slower than Hypothesis' 200 ms on a loaded machine).
    @settings(deadline=None)
    @given(
        recurrences(),
        st.datetimes(timezones=st.sampled_from([UTC, EAST, WEST, LONDON])),
    )
    def test_contains_answers_or_raises_a_giftflow_error_for_any_instant(
        self, recurrence: Recurrence, at: datetime
    ) -> None:
        with contextlib.suppress(GiftflowError):
            assert recurrence.contains(at) in (True, False)

    @pytest.mark.parametrize(
        "changes",
        [
            {"rule": "FREQ=YEARLY;BYMONTH=13"},
            {"rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"},
            {"start": datetime(1, 1, 1, tzinfo=UTC)},
            {"duration": timedelta(0)},
        ],
        ids=["bymonth-13", "february-30", "year-1", "no-duration"],
    )
    def test_evolve_does_not_bypass_the_limits(self, changes: dict[str, Any]) -> None:
        with pytest.raises(InvalidValueError):
            attrs.evolve(friday_evenings(), **changes)


class TestWindowLimits:
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("start", datetime(1, 1, 1, tzinfo=EAST)),
            ("end", datetime.max.replace(tzinfo=WEST)),
        ],
        ids=["start-before-year-1-in-utc", "end-after-9999-in-utc"],
    )
    def test_refuses_an_end_outside_the_calendar_in_utc(self, field: str, value: datetime) -> None:
        with pytest.raises(InvalidValueError, match=rf"^{field} lies outside the calendar"):
            Window(**{field: value})

    @pytest.mark.parametrize(
        "at",
        [datetime(1, 1, 1, tzinfo=EAST), datetime.max.replace(tzinfo=WEST)],
        ids=["year-0-in-utc", "year-10000-in-utc"],
    )
    def test_contains_refuses_an_instant_outside_the_calendar(self, at: datetime) -> None:
        with pytest.raises(InvalidValueError, match=r"^at lies outside the calendar"):
            Window(start=JAN).contains(at)

    @pytest.mark.parametrize("other", [None, JAN, (JAN, FEB)], ids=["none", "datetime", "tuple"])
    def test_overlaps_refuses_what_is_not_a_window(self, other: Any) -> None:
        with pytest.raises(InvalidTypeError, match=r"^other must be a Window"):
            Window().overlaps(other)

    @pytest.mark.parametrize(
        "changes",
        [{"end": JAN - timedelta(days=1)}, {"start": datetime(2026, 1, 1)}, {"end": "2026"}],
        ids=["end-before-start", "naive-start", "str-end"],
    )
    def test_evolve_does_not_bypass_the_checks(self, changes: dict[str, Any]) -> None:
        with pytest.raises(GiftflowError):
            attrs.evolve(Window(start=JAN, end=FEB), **changes)
