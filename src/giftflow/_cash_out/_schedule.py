"""When payouts happen: on demand, daily, weekly, monthly or Net-N days after the month ends."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs
from dateutil import rrule
from dateutil.relativedelta import relativedelta

from giftflow._coins_in._rules import CapPeriod
from giftflow._values._checks import check_aware, check_instance
from giftflow._values._errors import Choice, InvalidTypeError, InvalidValueError

__all__ = [
    "PayoutSchedule",
    "ScheduleKind",
    "counted_in_period",
    "period_bounds",
    "period_reset",
    "show_instant",
    "supported",
]

EARLIEST = datetime(2, 1, 1, tzinfo=UTC)
"""The earliest instant a payout schedule or period accepts."""
LATEST = datetime(9998, 1, 1, tzinfo=UTC)
"""The end (exclusive) of the instants a payout schedule or period accepts: every date it
derives (a month on, Net-366 plus processing days) then still exists in the calendar."""


def supported(argument: str, value: Any) -> datetime:
    """``value`` if it is an aware instant from EARLIEST to before LATEST; a clear error if not."""
    checked = check_aware(argument, value)
    try:
        inside = EARLIEST <= checked.astimezone(UTC) < LATEST
    except OverflowError:  # 0001-01-01 in UTC+14 is in year 0 in UTC
        inside = False
    if not inside:
        raise InvalidValueError(
            argument,
            value,
            "lies outside the instants payout schedules support, 0002-01-01 to 9997-12-31 "
            "(UTC): dates derived from it could fall off the calendar",
            "pass an instant within those years",
        )
    return checked


def _calendar_end(after: datetime, wanted: str) -> InvalidValueError:
    return InvalidValueError(
        "after",
        after,
        f"leaves fewer than {wanted} before the end of the calendar (9999-12-31)",
        "ask for fewer dates, or from an earlier instant",
    )


def _check_zone_argument(zone: Any) -> tzinfo:
    if not isinstance(zone, tzinfo):
        raise InvalidTypeError(
            "zone", zone, "must be a tzinfo", "pass ZoneInfo('America/New_York') or timezone.utc"
        )
    return zone


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class ScheduleKind(Choice):
    """How often payouts run.

    >>> ScheduleKind.NET_DAYS.value
    'net_days'
    """

    ON_DEMAND = "on_demand"
    """Whenever the creator asks (TikTok, Bigo)."""
    DAILY = "daily"
    """Every day at a local time."""
    WEEKLY = "weekly"
    """Every week on an anchor weekday."""
    MONTHLY = "monthly"
    """Every month on an anchor day; days 29-31 fall on the last day of shorter months."""
    NET_DAYS = "net_days"
    """N days after the last day of the month the diamonds were earned (Twitch Net-15)."""


def zone_name(zone: tzinfo) -> str:
    """A short name for ``zone``: the IANA key, ``UTC``, or the zone's own name."""
    if isinstance(zone, ZoneInfo):
        return zone.key
    if zone is UTC:
        return "UTC"
    return zone.tzname(None) or str(zone)


def show_instant(at: datetime, zone: tzinfo) -> str:
    """``at`` as local time in ``zone``, to the minute, with the zone's name.

    >>> from zoneinfo import ZoneInfo
    >>> show_instant(datetime(2026, 11, 25, 5, tzinfo=UTC), ZoneInfo("America/New_York"))
    '2026-11-25 00:00 America/New_York'
    """
    supported("at", at)
    _check_zone_argument(zone)
    return f"{at.astimezone(zone):%Y-%m-%d %H:%M} {zone_name(zone)}"


def localize(wall: datetime, zone: tzinfo) -> datetime:
    """Attach ``zone`` to a naive wall-clock time and normalise it to a real local time.

    A wall time that falls in a DST gap is read with the offset in force before
    the change (PEP 495, fold=0), so it moves forward by the gap: 02:30 on the
    night clocks jump from 02:00 to 03:00 becomes 03:30.
    """
    return wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)


def _check_zone(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tzinfo):
        raise InvalidTypeError(
            "zone", value, "must be a tzinfo", "pass ZoneInfo('America/New_York') or timezone.utc"
        )


def _check_optional_int(low: int, high: int, hint: str) -> Any:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        if type(value) is not int:
            raise InvalidTypeError(attribute.name, value, "must be an int or None", hint)
        if not low <= value <= high:
            raise InvalidValueError(
                attribute.name, value, f"must be between {low} and {high}", hint
            )

    return validate


def _check_days(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or not 0 <= value <= 366:
        raise InvalidValueError(
            attribute.name, value, "must be an int number of days from 0 to 366", "pass e.g. 15"
        )


def _check_time(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not time:
        raise InvalidTypeError("time_of_day", value, "must be a datetime.time", "pass time(9, 0)")
    if value.tzinfo is not None:
        raise InvalidValueError(
            "time_of_day",
            value,
            "must be a local wall-clock time without tzinfo",
            "set the schedule's zone instead",
        )


_NEEDS = {
    ScheduleKind.WEEKLY: "weekday",
    ScheduleKind.MONTHLY: "day",
    ScheduleKind.NET_DAYS: "net_days",
}


@attrs.frozen(kw_only=True)
class PayoutSchedule:
    """When payouts run, in a time zone, and how long they take to arrive.

    Build one with a named constructor: :meth:`on_demand`, :meth:`daily`,
    :meth:`weekly`, :meth:`monthly` or :meth:`net`. Dates come from dateutil's
    ``rrule`` and ``relativedelta`` on local wall-clock time in ``zone``, so a
    weekly Friday 09:00 payout stays at 09:00 local across DST changes.

    Attributes:
        kind: How often payouts run.
        zone: The time zone of the schedule (and of a policy's calendar periods).
        weekday: For weekly schedules, 0 (Monday) to 6 (Sunday).
        day: For monthly schedules, 1 to 31; 29-31 fall on the last day of shorter
            months, as Stripe does.
        net_days: For Net-N schedules, N: payouts of a month's earnings run N days
            after the month's last day.
        time_of_day: Local time of each run (naive).
        processing_days: Calendar days a payout may take to arrive after it is
            initiated (TikTok: "within 15 calendar days").

    >>> from datetime import datetime, timezone
    >>> from zoneinfo import ZoneInfo
    >>> monthly = PayoutSchedule.monthly(31, zone=ZoneInfo("Europe/London"))
    >>> after = datetime(2028, 1, 31, tzinfo=timezone.utc)
    >>> [d.date().isoformat() for d in monthly.next_dates(after, 3)]
    ['2028-02-29', '2028-03-31', '2028-04-30']
    >>> net15 = PayoutSchedule.net(15, zone=timezone.utc)
    >>> [d.date().isoformat() for d in net15.next_dates(datetime(2026, 1, 20, tzinfo=timezone.utc), 2)]
    ['2026-02-15', '2026-03-15']
    """

    kind: ScheduleKind = attrs.field(validator=check_instance(ScheduleKind, "ScheduleKind.MONTHLY"))
    zone: tzinfo = attrs.field(default=UTC, validator=_check_zone)
    weekday: int | None = attrs.field(
        default=None, validator=_check_optional_int(0, 6, "pass 0 for Monday ... 6 for Sunday")
    )
    day: int | None = attrs.field(
        default=None,
        validator=_check_optional_int(
            1, 31, "pass a day of the month from 1 to 31 (29-31 clamp to the month's last day)"
        ),
    )
    net_days: int | None = attrs.field(
        default=None, validator=_check_optional_int(1, 366, "pass e.g. 15 for Net-15")
    )
    time_of_day: time = attrs.field(default=time(0), validator=_check_time)
    processing_days: int = attrs.field(default=0, validator=_check_days)

    def __attrs_post_init__(self) -> None:
        needed = _NEEDS.get(self.kind)
        for name in ("weekday", "day", "net_days"):
            value = getattr(self, name)
            if name == needed and value is None:
                raise InvalidValueError(
                    name, None, f"is required by a {self.kind.value} schedule", "pass it"
                )
            if name != needed and value is not None:
                raise InvalidValueError(
                    name, value, f"does not apply to a {self.kind.value} schedule", "leave it out"
                )

    # -- named constructors --------------------------------------------------------

    @classmethod
    def on_demand(cls, *, zone: tzinfo = UTC, processing_days: int = 0) -> PayoutSchedule:
        """Payouts whenever the creator asks; they arrive within ``processing_days``.

        >>> PayoutSchedule.on_demand(processing_days=15).processing_days
        15
        """
        return cls(kind=ScheduleKind.ON_DEMAND, zone=zone, processing_days=processing_days)

    @classmethod
    def daily(
        cls, *, zone: tzinfo = UTC, time_of_day: time = time(0), processing_days: int = 0
    ) -> PayoutSchedule:
        """A payout every day at ``time_of_day`` local time.

        >>> PayoutSchedule.daily(time_of_day=time(9)).next_dates(datetime(2026, 1, 1, tzinfo=UTC), 1)
        (datetime.datetime(2026, 1, 1, 9, 0, tzinfo=datetime.timezone.utc),)
        """
        return cls(
            kind=ScheduleKind.DAILY,
            zone=zone,
            time_of_day=time_of_day,
            processing_days=processing_days,
        )

    @classmethod
    def weekly(
        cls,
        weekday: int,
        *,
        zone: tzinfo = UTC,
        time_of_day: time = time(0),
        processing_days: int = 0,
    ) -> PayoutSchedule:
        """A payout every week on ``weekday`` (0 = Monday).

        >>> PayoutSchedule.weekly(4).next_dates(datetime(2026, 11, 24, tzinfo=UTC), 1)[0].date()
        datetime.date(2026, 11, 27)
        """
        return cls(
            kind=ScheduleKind.WEEKLY,
            zone=zone,
            weekday=weekday,
            time_of_day=time_of_day,
            processing_days=processing_days,
        )

    @classmethod
    def monthly(
        cls,
        day: int,
        *,
        zone: tzinfo = UTC,
        time_of_day: time = time(0),
        processing_days: int = 0,
    ) -> PayoutSchedule:
        """A payout every month on ``day`` (1-31; 29-31 clamp to the month's last day).

        >>> PayoutSchedule.monthly(32)
        Traceback (most recent call last):
        ...
        giftflow.InvalidValueError: day must be between 1 and 31, got 32 (int); ...
        """
        return cls(
            kind=ScheduleKind.MONTHLY,
            zone=zone,
            day=day,
            time_of_day=time_of_day,
            processing_days=processing_days,
        )

    @classmethod
    def net(
        cls,
        days: int,
        *,
        zone: tzinfo = UTC,
        time_of_day: time = time(0),
        processing_days: int = 0,
    ) -> PayoutSchedule:
        """Net-``days``: each month's earnings are paid ``days`` after the month's last day.

        >>> PayoutSchedule.net(30).next_dates(datetime(2026, 1, 1, tzinfo=UTC), 2)[1].date()
        datetime.date(2026, 3, 2)
        """
        return cls(
            kind=ScheduleKind.NET_DAYS,
            zone=zone,
            net_days=days,
            time_of_day=time_of_day,
            processing_days=processing_days,
        )

    # -- dates ---------------------------------------------------------------------

    def next_dates(self, after: datetime, n: int) -> tuple[datetime, ...]:
        """The next ``n`` payout dates strictly after ``after``, strictly increasing.

        Dates are aware, in the schedule's zone. An on-demand schedule has no dates
        of its own and returns ``()``. A local date the zone skips entirely (Samoa
        skipped 2011-12-30) is merged into the next one, so dates never repeat.

        Raises:
            NaiveDatetimeError: ``after`` has no time zone.
            InvalidValueError: ``n`` is not an int >= 0.
        """
        supported("after", after)
        if type(n) is not int or n < 0:
            raise InvalidValueError("n", n, "must be an int >= 0", "pass e.g. 12")
        try:
            dates = tuple(itertools.islice(self._dates(after, inclusive=False), n))
        except (OverflowError, ValueError):  # a local date past 9999-12-31 in UTC
            raise _calendar_end(after, f"{n:,} payout dates") from None
        if len(dates) < n and self.kind is not ScheduleKind.ON_DEMAND:
            raise _calendar_end(after, f"{n:,} payout dates")
        return dates

    def first_at_or_after(self, at: datetime) -> datetime:
        """When a payout asked for (or due) at ``at`` is initiated: ``at`` itself on demand.

        >>> PayoutSchedule.weekly(0).first_at_or_after(datetime(2026, 11, 23, tzinfo=UTC)).day
        23
        """
        supported("at", at)
        if self.kind is ScheduleKind.ON_DEMAND:
            return at
        try:
            return next(self._dates(at, inclusive=True))
        except (OverflowError, ValueError, StopIteration):
            raise _calendar_end(at, "one payout date") from None

    def matures_at(self, earned_at: datetime) -> datetime | None:
        """For Net-N, when diamonds earned at ``earned_at`` are first paid; else ``None``.

        >>> PayoutSchedule.net(15).matures_at(datetime(2028, 2, 29, 23, tzinfo=UTC)).date()
        datetime.date(2028, 3, 15)
        """
        supported("earned_at", earned_at)
        if self.kind is not ScheduleKind.NET_DAYS:
            return None
        assert self.net_days is not None
        local = earned_at.astimezone(self.zone).replace(tzinfo=None)
        month_end = (local + relativedelta(day=31)).date()
        due = month_end + relativedelta(days=self.net_days)
        return localize(datetime.combine(due, self.time_of_day), self.zone)

    def arrival(self, initiated: datetime, extra_days: int = 0) -> datetime:
        """The latest arrival of a payout initiated at ``initiated``.

        ``processing_days + extra_days`` calendar days later, same local time.

        >>> PayoutSchedule.on_demand(processing_days=15).arrival(datetime(2026, 2, 20, tzinfo=UTC))
        datetime.datetime(2026, 3, 7, 0, 0, tzinfo=datetime.timezone.utc)
        """
        supported("initiated", initiated)
        if type(extra_days) is not int or extra_days < 0:
            raise InvalidValueError("extra_days", extra_days, "must be an int >= 0", "pass 0")
        wall = initiated.astimezone(self.zone).replace(tzinfo=None)
        try:
            return localize(wall + relativedelta(days=self.processing_days + extra_days), self.zone)
        except (OverflowError, ValueError):
            raise InvalidValueError(
                "extra_days",
                extra_days,
                f"puts the arrival of a payout initiated {initiated.isoformat()} past the end "
                "of the calendar (9999-12-31)",
                "pass a smaller number of days",
            ) from None

    def describe(self) -> str:
        """A short human description.

        >>> PayoutSchedule.monthly(31).describe()
        'monthly on day 31 (or the last day of shorter months) at 00:00 UTC'
        """
        at = f"at {self.time_of_day:%H:%M} {zone_name(self.zone)}"
        if self.kind is ScheduleKind.ON_DEMAND:
            text = "on demand"
        elif self.kind is ScheduleKind.DAILY:
            text = f"daily {at}"
        elif self.kind is ScheduleKind.WEEKLY:
            assert self.weekday is not None
            text = f"weekly on {_WEEKDAYS[self.weekday]} {at}"
        elif self.kind is ScheduleKind.MONTHLY:
            clamp = " (or the last day of shorter months)" if (self.day or 0) > 28 else ""
            text = f"monthly on day {self.day}{clamp} {at}"
        else:
            text = f"Net-{self.net_days} after the end of the earning month {at}"
        if self.processing_days:
            text += f", arriving within {self.processing_days} days"
        return text

    def _walls(self, after_local: datetime) -> Iterator[datetime]:
        # Naive local wall-clock candidates, in order, from a little before after_local.
        if self.kind is ScheduleKind.NET_DAYS:
            assert self.net_days is not None
            first = (after_local - relativedelta(days=self.net_days, months=1)).replace(
                day=1, hour=0, minute=0, second=0, microsecond=0
            )
            month_ends = rrule.rrule(rrule.MONTHLY, dtstart=first, bymonthday=-1)
            for end in month_ends:
                due = end.date() + relativedelta(days=self.net_days)
                yield datetime.combine(due, self.time_of_day)
            return  # pragma: no cover - rrule without an end never stops
        start = datetime.combine(after_local.date() - timedelta(days=1), time(0))
        if self.kind is ScheduleKind.DAILY:
            rule = rrule.rrule(rrule.DAILY, dtstart=start)
        elif self.kind is ScheduleKind.WEEKLY:
            rule = rrule.rrule(rrule.WEEKLY, dtstart=start, byweekday=self.weekday)
        else:
            assert self.day is not None
            if self.day <= 28:
                rule = rrule.rrule(rrule.MONTHLY, dtstart=start, bymonthday=self.day)
            else:
                # The last existing day among 28..day: day itself, or the month's last day.
                days = tuple(range(28, self.day + 1))
                rule = rrule.rrule(rrule.MONTHLY, dtstart=start, bymonthday=days, bysetpos=-1)
        for day in rule:
            yield datetime.combine(day.date(), self.time_of_day)

    def _dates(self, after: datetime, *, inclusive: bool) -> Iterator[datetime]:
        if self.kind is ScheduleKind.ON_DEMAND:
            return
        instant = after.astimezone(UTC)
        last: datetime | None = None
        for wall in self._walls(after.astimezone(self.zone).replace(tzinfo=None)):
            aware = localize(wall, self.zone)
            moment = aware.astimezone(UTC)
            if moment < instant or (moment == instant and not inclusive):
                continue
            if last is not None and moment <= last:
                continue
            last = moment
            yield aware


# -- calendar and rolling periods of payout limits --------------------------------------------

_ROLLING = {CapPeriod.ROLLING_DAY: timedelta(days=1), CapPeriod.ROLLING_WEEK: timedelta(days=7)}

T = TypeVar("T")


def period_bounds(
    period: CapPeriod, at: datetime, zone: tzinfo
) -> tuple[datetime, datetime | None]:
    """``(start, end)`` of the period that contains ``at``; ``end`` is ``None`` when rolling.

    Calendar periods start at local midnight (Monday's for weeks, the 1st for
    months) in ``zone`` and last one local day, week or month, so a day with a
    DST change is 23 or 25 hours long. Rolling periods are elapsed time.

    >>> from zoneinfo import ZoneInfo
    >>> start, end = period_bounds(CapPeriod.CALENDAR_DAY, datetime(2026, 11, 1, 12, tzinfo=UTC),
    ...                            ZoneInfo("America/New_York"))
    >>> (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600
    25.0
    """
    if type(period) is not CapPeriod:
        raise InvalidTypeError("period", period, "must be a CapPeriod", "CapPeriod.CALENDAR_DAY")
    supported("at", at)
    _check_zone_argument(zone)
    if period in _ROLLING:
        return at.astimezone(UTC) - _ROLLING[period], None
    if period is CapPeriod.TRANSACTION:
        raise InvalidValueError("period", period, "is not a span of time", "pass a calendar period")
    local = at.astimezone(zone).replace(tzinfo=None)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if period is CapPeriod.CALENDAR_DAY:
        start, step = midnight, relativedelta(days=1)
    elif period is CapPeriod.CALENDAR_WEEK:
        start, step = midnight - relativedelta(days=local.weekday()), relativedelta(weeks=1)
    else:
        start, step = midnight.replace(day=1), relativedelta(months=1)
    return localize(start, zone), localize(start + step, zone)


def counted_in_period(
    items: Iterable[T], period: CapPeriod, at: datetime, zone: tzinfo, key: Callable[[T], datetime]
) -> list[T]:
    """The items whose time falls in the period containing ``at``, up to ``at`` inclusive.

    A calendar period counts from its start; a rolling one strictly after
    ``at - length``, so a payout exactly 7 days ago no longer counts toward "one
    per 7 days".
    """
    start, end = period_bounds(period, at, zone)
    if not callable(key):
        raise InvalidTypeError("key", key, "must be callable", "pass e.g. lambda p: p.at")
    low, high = start.astimezone(UTC), at.astimezone(UTC)
    rolling = end is None
    return [
        item
        for item in items
        if (low < key(item).astimezone(UTC) if rolling else low <= key(item).astimezone(UTC))
        and key(item).astimezone(UTC) <= high
    ]


def period_reset(
    counted: Iterable[datetime], period: CapPeriod, at: datetime, zone: tzinfo, *, drop: int = 1
) -> datetime:
    """When the period containing ``at`` next allows more, in ``zone``.

    A calendar period resets at its end. A rolling one frees up when ``drop`` of
    the ``counted`` times have left the window: the ``drop``-th oldest plus its
    length; with fewer counted (a cap smaller than one withdrawal), when a payout
    made at ``at`` leaves it.
    """
    end = period_bounds(period, at, zone)[1]
    if end is not None:
        return end
    if type(drop) is not int:
        raise InvalidTypeError("drop", drop, "must be an int", "pass 1")
    ordered = sorted(supported("counted", moment).astimezone(UTC) for moment in counted)
    oldest = ordered[drop - 1] if 0 < drop <= len(ordered) else at.astimezone(UTC)
    return (oldest + _ROLLING[period]).astimezone(zone)
