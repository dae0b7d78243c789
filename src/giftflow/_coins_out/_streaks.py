"""Folding live-platform streak events into gift events without double counting.

Live clients lose end frames and deliver events twice; the fold counts each gift once
anyway: a re-delivered event (same id, same content) is ignored, a streak whose end
frame never comes is closed by the next streak of its key, by a timeout, or at the end
of the input, and every folded gift says which (:class:`StreakClose`).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

import attrs

from giftflow._coins_out._gifts import GiftEvent
from giftflow._values._checks import (
    check_aware,
    check_aware_field,
    check_country,
    check_instance,
    check_name,
    upper,
)
from giftflow._values._conflicts import IdempotencyConflictError, differences
from giftflow._values._errors import Choice, InvalidTypeError, InvalidValueError

__all__ = ["FoldedGift", "StreakClose", "StreakEvent", "UnfinishedStreaks", "fold_streaks"]


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
    with ``repeat_end = True``. Other gifts come as single events. Each event has
    its own ``id``: an event delivered again keeps it, which is how
    :func:`fold_streaks` knows it for a re-delivery.

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


class StreakClose(Choice):
    """Why a folded gift was closed: its end frame, or what stood in for a lost one.

    >>> StreakClose.TIMED_OUT.value
    'timed_out'
    """

    ENDED = "ended"
    """Its end frame came (a single gift is its own end): the count is final."""
    RESTARTED = "restarted"
    """A new streak of its viewer, creator, gift and group began (the running count fell
    back) before its end frame came: counted at its last count, which is final."""
    TIMED_OUT = "timed_out"
    """No frame of it came for longer than the fold's timeout: counted at its last count."""
    UNFINISHED = "unfinished"
    """Still open when the input ended (:attr:`UnfinishedStreaks.EMIT`): counted at its
    last count so far, which a later frame might have raised."""
    NOT_RECORDED = "not_recorded"
    """Its end frame never came, for a reason not recorded: read from data written before
    folded gifts said why (format version 2, ``"complete": false``). Never folded."""


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

    ``event_id`` is the id of the event that ended the streak (or the single event,
    or the last frame of a streak whose end never came); ``first_at`` and ``at``
    bound the streak in time (``first_at <= at``); ``closed`` says why it was closed,
    and ``count`` is the last running count seen. :meth:`to_event` makes it the
    :class:`~giftflow.GiftEvent` that :func:`~giftflow.send_gift` and the ledger take.

    >>> import attrs
    >>> from datetime import datetime, timezone
    >>> t0 = datetime(2026, 11, 24, 20, tzinfo=timezone.utc)
    >>> gift = FoldedGift(event_id="e1", viewer="v1", creator="ana", gift="Rose", count=3,
    ...                   country="US", first_at=t0, at=t0, closed=StreakClose.TIMED_OUT)
    >>> gift.complete
    False
    >>> attrs.evolve(gift, count=0)
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
    closed: StreakClose = attrs.field(validator=check_instance(StreakClose, "StreakClose.ENDED"))

    def __attrs_post_init__(self) -> None:
        if self.first_at > self.at:
            raise InvalidValueError(
                "first_at",
                self.first_at,
                f"is after at={self.at.isoformat()}, so the streak ends before it starts",
                "pass the first event's time as first_at and the last one's as at",
            )

    @property
    def complete(self) -> bool:
        """Whether its end frame came (``closed is StreakClose.ENDED``)."""
        return self.closed is StreakClose.ENDED

    def to_event(self, *, battle: bool = False) -> GiftEvent:
        """The gift event of this gift, for :func:`~giftflow.send_gift` or a ``GiftSent``.

        Its id is ``event_id`` (so folding a stream again gives the same ids, which the
        ledger then recognises as replays), its time ``at`` (when the gift was counted)
        and its one recipient ``creator``. ``gift`` must be what the economy's catalog
        calls it (its id or name). Whether to send a gift that is not
        :attr:`complete` is the caller's choice: ``closed`` says why.

        Args:
            battle: Whether the gift counts toward a battle its recipient won.

        >>> from datetime import datetime, timezone
        >>> t0 = datetime(2026, 11, 24, 20, tzinfo=timezone.utc)
        >>> gift = FoldedGift(event_id="e9", viewer="v1", creator="ana", gift="Rose", count=3,
        ...                   country="US", first_at=t0, at=t0, closed=StreakClose.ENDED)
        >>> event = gift.to_event()
        >>> event.id, event.count, event.recipients
        ('e9', 3, (Recipient(creator='ana', weight=1),))
        """
        return GiftEvent(
            id=self.event_id,
            viewer=self.viewer,
            gift=self.gift,
            count=self.count,
            recipients=self.creator,
            country=self.country,
            at=self.at,
            battle=battle,
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
    events: Iterable[StreakEvent],
    *,
    unfinished: UnfinishedStreaks,
    timeout: timedelta | None = None,
    now: datetime | None = None,
) -> Iterator[FoldedGift]:
    """Fold a raw event stream into gifts, each counted once.

    A streak (same viewer, creator, gift and group) yields one gift when its end
    event arrives, with the end event's ``repeat_count`` (:attr:`StreakClose.ENDED`).
    A running count that drops back (a new streak began without an end event)
    closes the old streak at its last count (``RESTARTED``). Single
    (non-streakable) events yield at once. Streams from many viewers may
    interleave freely.

    Idempotent by event id: an event whose id came before with the same content
    (a re-delivery) is ignored, wherever it arrives; the same id with other content
    is refused. So a stream with events delivered twice folds into exactly the
    gifts it folds into without them.

    With a ``timeout``, a streak none of whose frames came for longer than
    ``timeout`` is closed at its last count (``TIMED_OUT``). The clock is the
    latest ``at`` of the events so far (the fold reads no clock of its own), and
    ``now`` at the end of the input. Choose a timeout longer than the platform's
    pause between a streak's frames plus how late an event may arrive after a
    later one; a frame that comes after its streak timed out starts a new streak.
    Streaks still open at the end (not timed out) go as ``unfinished`` says.

    Lazy: each gift is yielded as soon as it is known. Memory grows with the
    streaks open at once, and with the events seen, which are kept to recognise a
    re-delivery and name what a conflict changed (about 340 bytes each for TikTok-like
    events): fold each LIVE session on its own.

    Args:
        events: Raw events, in the order the platform delivered them.
        unfinished: What to do with streaks still open when ``events`` ends.
        timeout: Close a streak with no frame for longer than this (a positive
            ``timedelta``); ``None`` never times out.
        now: The time the input was read up to (timezone-aware), only with a
            ``timeout``: at the end, streaks with no frame for longer than
            ``timeout`` before it time out. ``None`` for the latest event's time.

    Raises:
        IdempotencyConflictError: An event reuses an earlier event's id with other
            content; ``fields`` names what differs (``repeat_count``). The gifts
            yielded before stand.

    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2026, 11, 24, 20, tzinfo=timezone.utc)
    >>> def rose(i, viewer, count, end):
    ...     return StreakEvent(id=f"e{i}", viewer=viewer, creator="ana", gift="rose",
    ...                        repeat_count=count, repeat_end=end, streakable=True,
    ...                        country="US", at=t0 + timedelta(seconds=i))
    >>> stream = [rose(1, "a", 1, False), rose(2, "b", 1, False), rose(3, "a", 2, False),
    ...           rose(4, "b", 2, True), rose(5, "a", 3, True), rose(5, "a", 3, True)]
    >>> [(g.viewer, g.count) for g in fold_streaks(stream, unfinished=UnfinishedStreaks.EMIT)]
    [('b', 2), ('a', 3)]
    >>> lost = [rose(1, "a", 1, False), rose(2, "a", 2, False)]
    >>> [(g.count, g.closed.value) for g in fold_streaks(
    ...     lost, unfinished=UnfinishedStreaks.DROP, timeout=timedelta(seconds=10),
    ...     now=t0 + timedelta(minutes=1))]
    [(2, 'timed_out')]
    """
    # Checked here, when called, not on the first next() of a generator.
    if type(unfinished) is not UnfinishedStreaks:
        raise InvalidTypeError(
            "unfinished", unfinished, "must be an UnfinishedStreaks", "pass UnfinishedStreaks.EMIT"
        )
    if timeout is not None and type(timeout) is not timedelta:
        raise InvalidTypeError(
            "timeout", timeout, "must be a timedelta or None", "pass e.g. timedelta(seconds=30)"
        )
    if timeout is not None and timeout <= timedelta(0):
        raise InvalidValueError(
            "timeout",
            timeout,
            "must be positive",
            "pass e.g. timedelta(seconds=30), or None to never time out",
        )
    if now is not None:
        check_aware("now", now)
        if timeout is None:
            raise InvalidValueError(
                "now",
                now,
                "has no effect without a timeout",
                "pass timeout=timedelta(...) with it, or leave now out",
            )
    try:
        source = iter(events)
    except TypeError:
        raise InvalidTypeError(
            "events", events, "must be an iterable of StreakEvent", "pass a list or a stream"
        ) from None
    return _fold(source, unfinished, timeout, now)


_Key = tuple[str, str, str, str | None]


class _Open:
    """A streak still open: its last frame, when it began, and its place in the queue."""

    __slots__ = ("last", "seq", "started")

    def __init__(self, last: StreakEvent, started: datetime, seq: int) -> None:
        self.last, self.started, self.seq = last, started, seq


def _fold(
    events: Iterator[StreakEvent],
    unfinished: UnfinishedStreaks,
    timeout: timedelta | None,
    now: datetime | None,
) -> Iterator[FoldedGift]:
    open_streaks: dict[_Key, _Open] = {}
    seen: dict[str, StreakEvent] = {}
    # With a timeout: the open streaks by their last frame's time, oldest first. An
    # entry whose seq is no longer its streak's is stale (a later frame came) and skipped.
    queue: list[tuple[datetime, int, _Key]] = []
    clock: datetime | None = None
    seq = 0
    for event in events:
        if type(event) is not StreakEvent:
            raise InvalidTypeError("events", event, "must hold StreakEvent", "convert raw events")
        first = seen.get(event.id)
        if first is not None:
            if first == event:
                continue  # delivered again
            raise IdempotencyConflictError(event.id, differences(first, event))
        seen[event.id] = event
        if timeout is not None:
            clock = event.at if clock is None or event.at > clock else clock
            yield from _timed_out(open_streaks, queue, clock, timeout)
        if not event.streakable:
            yield _folded(event, event.at, StreakClose.ENDED)
            continue
        key = (event.viewer, event.creator, event.gift, event.group)
        current = open_streaks.get(key)
        first_at = event.at
        if current is not None:
            if event.repeat_count < current.last.repeat_count:
                yield _folded(current.last, current.started, StreakClose.RESTARTED)
            else:
                first_at = current.started
        if event.repeat_end:
            open_streaks.pop(key, None)
            yield _folded(event, first_at, StreakClose.ENDED)
            continue
        seq += 1
        if current is None:
            open_streaks[key] = _Open(event, first_at, seq)
        else:  # the streak keeps its place in the order open streaks are emitted
            current.last, current.started, current.seq = event, first_at, seq
        if timeout is not None:
            heapq.heappush(queue, (event.at, seq, key))
    if timeout is not None:
        end = clock if now is None or (clock is not None and clock > now) else now
        if end is not None:
            yield from _timed_out(open_streaks, queue, end, timeout)
    if unfinished is UnfinishedStreaks.EMIT:
        for streak in open_streaks.values():
            yield _folded(streak.last, streak.started, StreakClose.UNFINISHED)


def _timed_out(
    open_streaks: dict[_Key, _Open],
    queue: list[tuple[datetime, int, _Key]],
    clock: datetime,
    timeout: timedelta,
) -> Iterator[FoldedGift]:
    # Subtracting, not adding the timeout to a frame's time, which could pass datetime.max.
    while queue and clock - queue[0][0] > timeout:
        _, seq, key = heapq.heappop(queue)
        streak = open_streaks.get(key)
        if streak is not None and streak.seq == seq:
            del open_streaks[key]
            yield _folded(streak.last, streak.started, StreakClose.TIMED_OUT)


def _folded(event: StreakEvent, first_at: datetime, closed: StreakClose) -> FoldedGift:
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
        closed,
    )


_folded_gift = FoldedGift._unchecked
