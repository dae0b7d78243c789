"""Half-open time windows and RRULE recurrences over timezone-aware datetimes."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
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

    @pytest.mark.parametrize("rule", ["", "FREQ", "FREQ=SOMETIMES", "FREQ=WEEKLY;BYDAY=XX"])
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


EAST = timezone(timedelta(hours=5))
WEST = timezone(timedelta(hours=-5))


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

    def test_contains_at_the_end_of_the_calendar_answers(self) -> None:
        yearly = Recurrence(
            rule="FREQ=YEARLY",
            start=datetime(9999, 1, 1, tzinfo=UTC),
            duration=timedelta(days=400),
        )
        assert yearly.contains(datetime(9999, 12, 31, tzinfo=UTC))

    @pytest.mark.parametrize("kind", ["window", "recurrence"])
    def test_contains_refuses_an_instant_outside_the_calendar(self, kind: str) -> None:
        span: Window | Recurrence = Window()
        if kind == "recurrence":
            span = Recurrence(
                rule="FREQ=DAILY", start=datetime(2026, 1, 1, tzinfo=UTC), duration=timedelta(1)
            )
        with pytest.raises(InvalidValueError, match="outside the calendar"):
            span.contains(datetime(9999, 12, 31, 23, tzinfo=WEST))
