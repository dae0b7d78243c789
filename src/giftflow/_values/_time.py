"""Time windows and recurrences over timezone-aware datetimes."""

from __future__ import annotations

import functools
import math
import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import attrs
from dateutil import rrule
from dateutil.relativedelta import relativedelta

from giftflow._values._checks import check_aware
from giftflow._values._errors import InvalidTypeError, InvalidValueError, refuse_operators
from giftflow._values._operators import plain_hint

__all__ = ["Recurrence", "Window"]

_INTERVAL = re.compile(r"INTERVAL=([^;\s]*)", re.IGNORECASE)


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _instant(argument: str, value: Any) -> datetime:
    # An aware datetime that also exists in UTC: 0001-01-01 00:00+05:00 is in year 0 UTC,
    # which Python cannot represent, so no comparison could ever place it.
    check_aware(argument, value)
    try:
        return _utc(value)
    except OverflowError:
        raise InvalidValueError(
            argument,
            value,
            "lies outside the calendar in UTC (before 0001-01-01 or after 9999-12-31)",
            "pass an instant between years 1 and 9999 in UTC",
        ) from None


def _check_optional_aware(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _instant(attribute.name, value)


def _check_date(argument: str, value: Any) -> date:
    if type(value) is not date:
        raise InvalidTypeError(argument, value, "must be a date", "pass e.g. date(2026, 12, 3)")
    return value


def _next(on: Any, days: int, argument: str) -> date:
    """``on`` moved by ``days``, refused by name past the calendar's ends."""
    _check_date(argument, on)
    try:
        moved: date = on + timedelta(days=days)
    except OverflowError:
        raise InvalidValueError(argument, on, "is too near the calendar's end", "") from None
    return moved


def _local_midnight(argument: str, on: Any, zone: Any) -> datetime:
    _check_date(argument, on)
    if not isinstance(zone, tzinfo):
        raise InvalidTypeError("zone", zone, "must be a tzinfo", "pass ZoneInfo('Europe/London')")
    try:
        return datetime(on.year, on.month, on.day, tzinfo=zone)
    except OverflowError:
        raise InvalidValueError(
            argument, on, "is out of range", "pass a date before 9999"
        ) from None


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

    @classmethod
    def day(cls, on: date, zone: tzinfo) -> Window:
        """The calendar day ``on`` in ``zone``: local midnight to the next local midnight.

        A day across a daylight-saving change is 23 or 25 hours long, as a daily
        leaderboard's day is.

        >>> from datetime import date
        >>> from zoneinfo import ZoneInfo
        >>> print(Window.day(date(2026, 11, 1), ZoneInfo("America/New_York")))
        [2026-11-01T00:00:00-04:00, 2026-11-02T00:00:00-05:00)
        """
        start = _local_midnight("on", on, zone)
        return cls(start=start, end=_local_midnight("on", _next(on, 1, "on"), zone))

    @classmethod
    def week(cls, containing: date, zone: tzinfo, *, first_weekday: int = 0) -> Window:
        """The week holding ``containing`` in ``zone``, from ``first_weekday`` (0 = Monday).

        >>> from datetime import date, timezone
        >>> print(Window.week(date(2026, 12, 3), timezone.utc))
        [2026-11-30T00:00:00+00:00, 2026-12-07T00:00:00+00:00)
        """
        if type(first_weekday) is not int or not 0 <= first_weekday <= 6:
            raise InvalidValueError(
                "first_weekday", first_weekday, "must be an int from 0 to 6", "0 is Monday"
            )
        _check_date("containing", containing)
        first = _next(containing, -((containing.weekday() - first_weekday) % 7), "containing")
        start = _local_midnight("containing", first, zone)
        end = _local_midnight("containing", _next(first, 7, "containing"), zone)
        return cls(start=start, end=end)

    def contains(self, at: datetime) -> bool:
        """Whether ``at`` falls inside the window (start inclusive, end exclusive)."""
        instant = _instant("at", at)
        if self.start is None and self.end is None:  # the common "always"
            return True
        return (self.start is None or _utc(self.start) <= instant) and (
            self.end is None or instant < _utc(self.end)
        )

    def overlaps(self, other: Window) -> bool:
        """Whether the two windows share any instant.

        >>> Window().overlaps(Window())
        True
        """
        if type(other) is not Window:
            raise InvalidTypeError("other", other, "must be a Window", "pass Window(start=...)")
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


# -- Limits that keep every Recurrence a bounded amount of work (docs/design.md, "Limits") --

FIRST_YEAR, LAST_YEAR = 1900, 9000
"""A recurrence starts in these years (inclusive), so that every search stays in the calendar."""
FIRST_WITHIN_YEARS = 50
"""A rule must have an occurrence within this many years of its start."""
MAX_PERIODS = 100_000
"""``contains`` looks at most this many periods (INTERVAL x FREQ) past the start."""
MAX_COUNT = 10_000
"""The largest COUNT a rule may set."""
MAX_REPEAT = 10
"""How many 400-year Gregorian cycles a rule's INTERVAL may take to repeat its pattern."""

_FREQS = {"YEARLY": 0, "MONTHLY": 1, "WEEKLY": 2, "DAILY": 3, "HOURLY": 4}
# The Gregorian calendar repeats every 400 years: in each FREQ's own unit.
_CYCLE = {0: 400, 1: 4800, 2: 20871, 3: 146097, 4: 146097 * 24}
_RANGES = {
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYSETPOS": (1, 366, True),
    "BYHOUR": (0, 23, False),
    "BYMINUTE": (0, 59, False),
    "BYSECOND": (0, 59, False),
}
_REFUSED = ("DTSTART", "EXRULE", "EXDATE", "RDATE", "BYEASTER")
_HINT = "write one RRULE such as 'FREQ=WEEKLY;BYDAY=FR' (any UNTIL in UTC, ending in Z)"


def _parts(value: str) -> dict[str, str]:
    text = value.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for item in text.split(";"):
        key, _, part = item.partition("=")
        parts[key.strip().upper()] = part.strip()
    return parts


def _check_rule(instance: Recurrence, attribute: attrs.Attribute[str], value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(
            "rule", value, "must be a str", "pass an RRULE such as 'FREQ=WEEKLY'"
        )
    upper = value.upper()
    if "DTSTART" in upper:
        raise InvalidValueError("rule", value, "must not set DTSTART", "pass start= instead")
    for word in _REFUSED[1:]:
        if word in upper:
            raise InvalidValueError(
                "rule", value, f"must not use {word}: a Recurrence is one RRULE", _HINT
            )
    # dateutil accepts INTERVAL=0 and then loops forever looking for the next occurrence.
    for interval in _INTERVAL.findall(value):
        if not interval.isdigit() or int(interval) < 1:
            raise InvalidValueError(
                "rule", value, f"has INTERVAL={interval}", "use a positive INTERVAL, e.g. 1"
            )
    parts = _parts(value)
    freq = parts.get("FREQ", "")
    if freq and freq not in _FREQS:
        raise InvalidValueError(
            "rule",
            value,
            f"has FREQ={freq}; giftflow accepts {', '.join(_FREQS)}",
            "promotions recur at most hourly: use FREQ=HOURLY with BYMINUTE for finer spans",
        )
    count = parts.get("COUNT")
    if count is not None and (not count.isdigit() or not 1 <= int(count) <= MAX_COUNT):
        raise InvalidValueError(
            "rule", value, f"has COUNT={count}", f"use a COUNT from 1 to {MAX_COUNT:,}"
        )
    for key, (low, high, signed) in _RANGES.items():
        for item in filter(None, parts.get(key, "").split(",")):
            number = item.lstrip("+-")
            if not number.isdigit():
                continue  # dateutil's parser names the bad text
            size = int(number)
            if not low <= size <= high or (item[0] == "-" and not signed) or size == 0 < low:
                shown = f"±{low}..{high}" if signed else f"{low}..{high}"
                raise InvalidValueError(
                    "rule", value, f"has {key}={item}, never matched", f"use {key} in {shown}"
                )
    if freq:
        interval = int(parts.get("INTERVAL") or 1)
        unit = _FREQS[freq]
        repeat = interval // math.gcd(interval, _CYCLE[unit])
        if repeat > MAX_REPEAT:
            raise InvalidValueError(
                "rule",
                value,
                f"repeats its pattern only every {repeat * 400:,} years (INTERVAL={interval} "
                f"with FREQ={freq}); giftflow checks a rule over at most {MAX_REPEAT * 400:,}",
                f"use an INTERVAL of at most {MAX_REPEAT}, or one that divides 400 years",
            )


def _parse_rule(rule: str, start: datetime) -> rrule.rrule:
    # Parsed against the real start: an aware start needs UNTIL in UTC, which a
    # check against a naive placeholder start would get backwards.
    try:
        parsed = rrule.rrulestr(rule, dtstart=start, forceset=False)
    except (ValueError, TypeError, OverflowError, AttributeError, KeyError) as error:
        raise InvalidValueError(
            "rule", rule, f"is not an RFC 5545 RRULE for start {start.isoformat()} ({error})", _HINT
        ) from None
    if not isinstance(parsed, rrule.rrule) or _parts(rule).get("FREQ") not in _FREQS:
        raise InvalidValueError("rule", rule, "must be a single RRULE with a FREQ", _HINT)
    return parsed


def _first(rule: str, start: datetime) -> datetime | None:
    """The first occurrence of ``rule`` from ``start``, if within FIRST_WITHIN_YEARS; bounded work.

    dateutil searches a rule that never matches until year 9999 (seconds, or hours
    for an hourly rule). The pattern of a rule repeats every ``repeat`` 400-year
    cycles, and COUNT counts from the start, so the search runs on a copy moved
    whole cycles towards the end of the calendar, where it stops soon.
    """
    parsed = _parse_rule(rule, start)
    parts = _parts(rule)
    interval = int(parts.get("INTERVAL") or 1)
    freq = _FREQS[parts["FREQ"]]  # _parse_rule has refused a rule without FREQ
    step = 400 * (interval // math.gcd(interval, _CYCLE[freq]))
    room = datetime.max.year - FIRST_WITHIN_YEARS - 1 - start.year
    years = step * max(0, room // step)
    until = getattr(parsed, "_until", None)
    if until is not None and until < start:
        return None
    try:
        probe_start = start.replace(year=start.year + years)
        probe = parsed.replace(
            dtstart=probe_start,
            until=None if until is None else _shift(until, years),
        )
        first = probe.after(probe_start, inc=True)
    except (ValueError, TypeError, OverflowError):  # dateutil fails on some empty rules
        return None
    if first is None or first >= probe_start + relativedelta(years=FIRST_WITHIN_YEARS):
        return None
    return first.replace(year=first.year - years) if years else first


def _shift(until: datetime, years: int) -> datetime | None:
    # An UNTIL moved with the probe; past the calendar it no longer ends the search.
    try:
        return until.replace(year=until.year + years)
    except ValueError:
        return None


@functools.lru_cache(maxsize=16)
def _occurrences(rule: str, start: datetime) -> rrule.rrule | rrule.rruleset:
    """The parsed rule, kept with dateutil's occurrence cache for later ``contains`` calls.

    A pure memo: a rule and start (already validated by the Recurrence) always parse
    to the same occurrences, so caching them changes nothing but the time. Each
    holds at most MAX_PERIODS occurrences, so the memo stays small.
    """
    return rrule.rrulestr(rule, dtstart=start, forceset=False, cache=True)


_EPOCH = datetime(1, 1, 1)


def _position(unit: int, at: datetime) -> int:
    """``at``'s wall-clock position in whole units of a FREQ (years ... hours) since year 1."""
    wall = at.replace(tzinfo=None)
    if unit <= 1:
        delta = relativedelta(wall, _EPOCH)
        return delta.years if unit == 0 else delta.years * 12 + delta.months
    days = wall.toordinal()
    return days // 7 if unit == 2 else days if unit == 3 else days * 24 + wall.hour


def _check_start(instance: Recurrence, attribute: attrs.Attribute[datetime], value: Any) -> None:
    instant = _instant("start", value)
    if not FIRST_YEAR <= instant.year <= LAST_YEAR:
        raise InvalidValueError(
            "start",
            value,
            f"must lie in the years {FIRST_YEAR} to {LAST_YEAR} (UTC), so that every search "
            "stays within the calendar",
            f"start the recurrence between {FIRST_YEAR} and {LAST_YEAR}",
        )
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
        if _first(self.rule, self.start) is None:
            raise InvalidValueError(
                "rule",
                self.rule,
                f"has no occurrence within {FIRST_WITHIN_YEARS} years of start "
                f"{self.start.isoformat()} (a rule that never matches would make every "
                "contains search to the end of the calendar)",
                "check BYMONTH, BYMONTHDAY, INTERVAL and UNTIL against the start",
            )

    def contains(self, at: datetime) -> bool:
        """Whether ``at`` falls inside one of the occurrences.

        Bounded work: the rule is followed at most :data:`MAX_PERIODS` periods
        (INTERVAL x FREQ) past its start, unless it ends sooner (COUNT, UNTIL).

        Raises:
            NaiveDatetimeError: ``at`` has no time zone.
            InvalidValueError: ``at`` lies further ahead than the rule is followed,
                or outside the calendar.
        """
        instant = _instant("at", at)
        start = self.start
        if instant < _utc(start):
            return False
        try:
            local = at.astimezone(start.tzinfo)
        except OverflowError:
            raise InvalidValueError(
                "at",
                at,
                "lies outside the calendar in the recurrence's zone",
                "pass an earlier instant",
            ) from None
        occurrences = _occurrences(self.rule, start)
        parts = _parts(self.rule)
        until = getattr(occurrences, "_until", None)
        if until is not None and instant >= _utc(until) + self.duration:
            return False
        if "COUNT" not in parts:
            unit = _FREQS[parts["FREQ"]]
            periods = (_position(unit, local) - _position(unit, start)) // int(
                parts.get("INTERVAL") or 1
            )
            if periods > MAX_PERIODS:
                raise InvalidValueError(
                    "at",
                    at,
                    f"is {periods:,} periods of rule {self.rule!r} after its start; contains "
                    f"follows a rule at most {MAX_PERIODS:,} periods",
                    "start a new Recurrence nearer the time (or end the rule with COUNT or UNTIL)",
                )
        latest = occurrences.before(local, inc=True)
        if latest is None:
            return False
        try:
            return local < latest + self.duration
        except OverflowError:  # the occurrence lasts past the end of the calendar
            return True
