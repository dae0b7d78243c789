"""Folding live-platform streak events into gift events without double counting."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import attrs

from giftflow._values._checks import (
    check_aware_field,
    check_country,
    check_instance,
    check_name,
    upper,
)
from giftflow._values._errors import Choice, InvalidTypeError, InvalidValueError

__all__ = ["FoldedGift", "StreakEvent", "UnfinishedStreaks", "fold_streaks"]


_MAX_COUNT = 10**9  # as GiftEvent.count: a folded gift becomes a GiftEvent


def _check_count(instance: Any, attribute: attrs.Attribute[int], value: Any) -> None:
    if type(value) is not int or not 1 <= value <= _MAX_COUNT:
        raise InvalidValueError(
            attribute.name, value, f"must be an int from 1 to {_MAX_COUNT:,}", "count from 1"
        )


def _check_repeat(instance: Any, attribute: attrs.Attribute[int], value: Any) -> None:
    if type(value) is not int or not 1 <= value <= _MAX_COUNT:
        raise InvalidValueError(
            "repeat_count",
            value,
            f"must be an int from 1 to {_MAX_COUNT:,}",
            "pass the running count, from 1",
        )


def _check_optional_name(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_name(instance, attribute, value)


@attrs.frozen(kw_only=True)
class StreakEvent:
    """One raw gift event as a live platform emits it.

    TikTok emits events for a streakable gift (``gift_type = 1``) over and over
    while the streak runs, each with the running ``repeat_count``, and a last one
    with ``repeat_end = True``. Other gifts come as single events.

    Attributes:
        id: The platform's event id.
        viewer: Who sends.
        creator: Who receives.
        gift: The gift id.
        repeat_count: The running count of the streak (or the count of a single event).
        repeat_end: Whether this event ends the streak.
        streakable: Whether the gift streaks (TikTok's ``gift_type == 1``).
        country: Where the viewer is.
        at: When the platform emitted it.
        group: The platform's streak group id, if it sends one.
    """

    id: str = attrs.field(validator=check_name)
    viewer: str = attrs.field(validator=check_name)
    creator: str = attrs.field(validator=check_name)
    gift: str = attrs.field(validator=check_name)
    repeat_count: int = attrs.field(validator=_check_repeat)
    repeat_end: bool = attrs.field(validator=check_instance(bool, "True"))
    streakable: bool = attrs.field(validator=check_instance(bool, "True"))
    country: str = attrs.field(converter=upper, validator=check_country)
    at: datetime = attrs.field(validator=check_aware_field)
    group: str | None = attrs.field(default=None, validator=_check_optional_name)


class UnfinishedStreaks(Choice):
    """What to do with streaks still running when the input ends.

    >>> UnfinishedStreaks.EMIT.value
    'emit'
    """

    EMIT = "emit"
    """Count them with their last running count (a disconnect lost the end event)."""
    DROP = "drop"
    """Leave them out; the caller will feed them again with the rest of the stream."""


@attrs.frozen(kw_only=True)
class FoldedGift:
    """A gift as counted once: ``count`` of ``gift`` from ``viewer`` to ``creator``.

    ``event_id`` is the id of the event that ended the streak (or the single
    event); ``first_at`` and ``at`` bound the streak in time (``first_at <= at``);
    ``complete`` is False for a streak whose end event never came.

    >>> from datetime import datetime, timezone
    >>> t0 = datetime(2026, 11, 24, 20, tzinfo=timezone.utc)
    >>> FoldedGift(event_id="e1", viewer="v1", creator="ana", gift="rose", count=0,
    ...            country="US", first_at=t0, at=t0, complete=True)
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: count must be an int from 1 to 1,000,000,000, got 0 (int); ...
    """

    event_id: str = attrs.field(validator=check_name)
    viewer: str = attrs.field(validator=check_name)
    creator: str = attrs.field(validator=check_name)
    gift: str = attrs.field(validator=check_name)
    count: int = attrs.field(validator=_check_count)
    country: str = attrs.field(converter=upper, validator=check_country)
    first_at: datetime = attrs.field(validator=check_aware_field)
    at: datetime = attrs.field(validator=check_aware_field)
    complete: bool = attrs.field(validator=check_instance(bool, "True"))

    def __attrs_post_init__(self) -> None:
        if self.first_at > self.at:
            raise InvalidValueError(
                "first_at",
                self.first_at,
                f"is after at={self.at.isoformat()}, so the streak ends before it starts",
                "pass the first event's time as first_at and the last one's as at",
            )

    @classmethod
    def _unchecked(cls, *values: Any) -> FoldedGift:
        # Built by fold_streaks from checked StreakEvents: the fields in order, unchecked.
        folded = _new(FoldedGift)
        for setter, value in zip(_FOLDED_SLOTS, values, strict=True):
            setter(folded, value)
        return folded


_new = object.__new__
_FOLDED_SLOTS = tuple(FoldedGift.__dict__[field.name].__set__ for field in attrs.fields(FoldedGift))


def fold_streaks(
    events: Iterable[StreakEvent], *, unfinished: UnfinishedStreaks
) -> Iterator[FoldedGift]:
    """Fold a raw event stream into gifts, each counted once.

    A streak (same viewer, creator, gift and group) yields one gift when its end
    event arrives, with the end event's ``repeat_count``. A running count that
    drops back (a new streak began without an end event) closes the old streak
    at its last count. Single (non-streakable) events yield at once. Streams from
    many viewers may interleave freely. Lazy: memory grows with the number of
    streaks open at once, not with the stream.

    Args:
        events: Raw events, in the order the platform emitted them.
        unfinished: What to do with streaks still open when ``events`` ends.

    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2026, 11, 24, 20, tzinfo=timezone.utc)
    >>> def rose(i, viewer, count, end):
    ...     return StreakEvent(id=f"e{i}", viewer=viewer, creator="ana", gift="rose",
    ...                        repeat_count=count, repeat_end=end, streakable=True,
    ...                        country="US", at=t0 + timedelta(seconds=i))
    >>> stream = [rose(1, "a", 1, False), rose(2, "b", 1, False), rose(3, "a", 2, False),
    ...           rose(4, "b", 2, True), rose(5, "a", 3, True)]
    >>> [(g.viewer, g.count) for g in fold_streaks(stream, unfinished=UnfinishedStreaks.EMIT)]
    [('b', 2), ('a', 3)]
    """
    # Checked here, when called, not on the first next() of a generator.
    if type(unfinished) is not UnfinishedStreaks:
        raise InvalidTypeError(
            "unfinished", unfinished, "must be an UnfinishedStreaks", "pass UnfinishedStreaks.EMIT"
        )
    try:
        source = iter(events)
    except TypeError:
        raise InvalidTypeError(
            "events", events, "must be an iterable of StreakEvent", "pass a list or a stream"
        ) from None
    return _fold(source, unfinished)


def _fold(events: Iterable[StreakEvent], unfinished: UnfinishedStreaks) -> Iterator[FoldedGift]:
    open_streaks: dict[tuple[str, str, str, str | None], tuple[StreakEvent, datetime]] = {}
    for event in events:
        if type(event) is not StreakEvent:
            raise InvalidTypeError("events", event, "must hold StreakEvent", "convert raw events")
        if not event.streakable:
            yield _folded(event, event.at, complete=True)
            continue
        key = (event.viewer, event.creator, event.gift, event.group)
        current = open_streaks.get(key)
        first_at = event.at
        if current is not None:
            last, started = current
            if event.repeat_count < last.repeat_count:
                yield _folded(last, started, complete=False)
            else:
                first_at = started
        if event.repeat_end:
            open_streaks.pop(key, None)
            yield _folded(event, first_at, complete=True)
        else:
            open_streaks[key] = (event, first_at)
    if unfinished is UnfinishedStreaks.EMIT:
        for last, started in open_streaks.values():
            yield _folded(last, started, complete=False)


def _folded(event: StreakEvent, first_at: datetime, *, complete: bool) -> FoldedGift:
    # The fields of a checked StreakEvent; first_at is never after at, even when a
    # platform's clock sent the streak's events out of order.
    return _folded_gift(
        event.id,
        event.viewer,
        event.creator,
        event.gift,
        event.repeat_count,
        event.country,
        min(first_at, event.at),
        event.at,
        complete,
    )


_folded_gift = FoldedGift._unchecked
