"""Time windows and recurrences over timezone-aware datetimes."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from dateutil import rrule

from giftflow._values._checks import check_aware
from giftflow._values._errors import InvalidTypeError, InvalidValueError, refuse_operators
from giftflow._values._operators import plain_hint

__all__ = ["Recurrence", "Window"]

_INTERVAL = re.compile(r"INTERVAL=([^;\s]*)", re.IGNORECASE)


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _check_optional_aware(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _check_instant(attribute.name, value)


def _check_instant(argument: str, value: Any) -> datetime:
    # Every comparison is in UTC; a local time at the very ends of the calendar
    # (year 1 east of UTC, year 9999 west of it) has no UTC instant to compare.
    aware = check_aware(argument, value)
    try:
        _utc(aware)
    except OverflowError:
        raise InvalidValueError(
            argument,
            value,
            "falls outside the calendar in UTC (years 1 to 9999)",
            "use a date further from the ends of the calendar",
        ) from None
    return aware


@refuse_operators(plain_hint("window"))
@attrs.frozen(kw_only=True)
class Window:
    """A half-open span of time ``[start, end)``; ``None`` leaves a side open.

    Both ends are timezone-aware datetimes; naive ones are refused.

    >>> from datetime import datetime, timezone
    >>> jan = Window(start=datetime(2026, 1, 1, tzinfo=timezone.utc),
    ...              end=datetime(2026, 2, 1, tzinfo=timezone.utc))
    >>> jan.contains(datetime(2026, 1, 31, 23, 59, tzinfo=timezone.utc))
    True
    >>> jan.contains(datetime(2026, 2, 1, tzinfo=timezone.utc))
    False
    """

    start: datetime | None = attrs.field(default=None, validator=_check_optional_aware)
    end: datetime | None = attrs.field(default=None, validator=_check_optional_aware)

    # Every comparison is between instants, in UTC: Python compares two datetimes that
    # share a tzinfo by wall clock, which gets the hour a DST change repeats wrong.

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and _utc(self.end) <= _utc(self.start):
            raise InvalidValueError(
                "end", self.end, f"must be after start ({self.start.isoformat()})", "swap them"
            )

    def contains(self, at: datetime) -> bool:
        """Whether ``at`` falls inside the window (start inclusive, end exclusive)."""
        _check_instant("at", at)
        if self.start is None and self.end is None:  # the common "always"
            return True
        instant = _utc(at)
        return (self.start is None or _utc(self.start) <= instant) and (
            self.end is None or instant < _utc(self.end)
        )

    def overlaps(self, other: Window) -> bool:
        """Whether the two windows share any instant.

        >>> Window().overlaps(Window())
        True
        """
        if type(other) is not Window:
            raise InvalidTypeError("other", other, "must be a Window", "pass Window(start, end)")
        starts_before_other_ends = (
            self.start is None or other.end is None or _utc(self.start) < _utc(other.end)
        )
        ends_after_other_starts = (
            self.end is None or other.start is None or _utc(other.start) < _utc(self.end)
        )
        return starts_before_other_ends and ends_after_other_starts

    def __str__(self) -> str:
        start = "-inf" if self.start is None else self.start.isoformat()
        end = "+inf" if self.end is None else self.end.isoformat()
        return f"[{start}, {end})"


def _check_rule(instance: Recurrence, attribute: attrs.Attribute[str], value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(
            "rule", value, "must be a str", "pass an RRULE such as 'FREQ=WEEKLY'"
        )
    if "DTSTART" in value.upper():
        raise InvalidValueError("rule", value, "must not set DTSTART", "pass start= instead")
    # dateutil accepts INTERVAL=0 and then loops forever looking for the next occurrence.
    for interval in _INTERVAL.findall(value):
        if not interval.isdigit() or int(interval) < 1:
            raise InvalidValueError(
                "rule", value, f"has INTERVAL={interval}", "use a positive INTERVAL, e.g. 1"
            )


def _parse_rule(rule: str, start: datetime) -> rrule.rrule | rrule.rruleset:
    # Parsed against the real start: an aware start needs UNTIL in UTC, which a
    # check against a naive placeholder start would get backwards.
    try:
        return rrule.rrulestr(rule, dtstart=start, forceset=False)
    except (ValueError, TypeError, OverflowError) as error:
        raise InvalidValueError(
            "rule",
            rule,
            f"is not an RFC 5545 RRULE for start {start.isoformat()} ({error})",
            "write e.g. 'FREQ=WEEKLY;BYDAY=FR' (any UNTIL in UTC, ending in Z)",
        ) from None


@functools.lru_cache(maxsize=256)
def _occurrences(rule: str, start: datetime) -> rrule.rrule | rrule.rruleset:
    """The parsed rule, kept with dateutil's occurrence cache for later ``contains`` calls.

    A pure memo: a rule and start (already validated by the Recurrence) always parse
    to the same occurrences, so caching them changes nothing but the time.
    """
    return rrule.rrulestr(rule, dtstart=start, forceset=False, cache=True)


def _check_start(instance: Recurrence, attribute: attrs.Attribute[datetime], value: Any) -> None:
    _check_instant("start", value)
    # RRULEs count in whole seconds: dateutil drops the microseconds of the start, so
    # the occurrences would begin up to a second before it.
    if value.microsecond:
        raise InvalidValueError(
            "start",
            value,
            "must be a whole second",
            "drop the microseconds: .replace(microsecond=0)",
        )


def _check_duration(
    instance: Recurrence, attribute: attrs.Attribute[timedelta], value: Any
) -> None:
    if not isinstance(value, timedelta):
        raise InvalidTypeError("duration", value, "must be a timedelta", "pass timedelta(hours=24)")
    if value <= timedelta(0):
        raise InvalidValueError("duration", value, "must be positive", "pass timedelta(hours=24)")


@refuse_operators(plain_hint("recurrence"))
@attrs.frozen(kw_only=True)
class Recurrence:
    """A repeating span of time: an RFC 5545 RRULE from ``start``, each lasting ``duration``.

    Uses dateutil's ``rrule``; occurrences follow ``start``'s time zone (so a
    weekly Friday promotion stays on Friday local time across DST changes).

    >>> from datetime import datetime, timedelta, timezone
    >>> fridays = Recurrence(rule="FREQ=WEEKLY;BYDAY=FR",
    ...                      start=datetime(2026, 1, 2, tzinfo=timezone.utc),
    ...                      duration=timedelta(days=1))
    >>> fridays.contains(datetime(2026, 11, 27, 12, tzinfo=timezone.utc))
    True
    >>> fridays.contains(datetime(2026, 11, 28, 12, tzinfo=timezone.utc))
    False
    """

    rule: str = attrs.field(validator=_check_rule)
    start: datetime = attrs.field(validator=_check_start)
    duration: timedelta = attrs.field(validator=_check_duration)

    def __attrs_post_init__(self) -> None:
        _parse_rule(self.rule, self.start)

    def contains(self, at: datetime) -> bool:
        """Whether ``at`` falls inside one of the occurrences."""
        _check_instant("at", at)
        try:
            local = at.astimezone(self.start.tzinfo)
            latest = _occurrences(self.rule, self.start).before(local, inc=True)
        except (OverflowError, ValueError) as error:
            raise InvalidValueError(
                "at",
                at,
                f"cannot be placed among the occurrences of {self.rule!r} ({error})",
                "use a date further from the ends of the calendar",
            ) from None
        # local - latest, not latest + duration: the sum may pass the end of the calendar.
        return latest is not None and local - latest < self.duration
