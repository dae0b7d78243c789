"""Recognition: leaderboards of top gifters and gifter levels."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any, NamedTuple

import attrs

from giftflow._coins_out._gifts import GiftReceipt
from giftflow._values._checks import (
    as_tuple,
    check_aware,
    check_aware_field,
    check_instance,
    check_name,
    valid_name,
)
from giftflow._values._errors import InvalidTypeError, InvalidValueError
from giftflow._values._time import Window
from giftflow._values._units import Coins, Diamonds

__all__ = [
    "CreatorEntry",
    "GifterLevels",
    "Gifting",
    "LeaderboardEntry",
    "check_ranking",
    "creator_totals",
    "rank_creators",
    "rank_gifters",
    "receipt_giftings",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _check_coins(instance: Any, attribute: attrs.Attribute[int], value: Any) -> None:
    if type(value) is not int or value < 0:
        raise InvalidValueError("coins", value, "must be an int >= 0", "pass the coins received")


def _check_optional_aware(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_aware(attribute.name, value)


def _check_positive(instance: Any, attribute: attrs.Attribute[int], value: Any) -> None:
    if type(value) is not int or value < 1:
        raise InvalidValueError(attribute.name, value, "must be a positive int", "count from 1")


def _check_points(instance: Any, attribute: attrs.Attribute[Fraction], value: Any) -> None:
    if type(value) is not Fraction or value < 0:
        raise InvalidValueError(
            "points", value, "must be a Fraction >= 0", "pass coins x multiplier, e.g. Fraction(5)"
        )


@attrs.frozen(kw_only=True)
class LeaderboardEntry:
    """A gifter's place on a leaderboard.

    ``points`` weighs coins by each gift's ``multiplier`` (festival gifts count
    more); ``coins`` is what they spent. Ranks count from 1.

    >>> from fractions import Fraction
    >>> from datetime import datetime, timezone
    >>> LeaderboardEntry(rank=1, viewer="v1", coins=100, points=Fraction(100),
    ...                  reached_at=datetime(2026, 11, 24, tzinfo=timezone.utc)).rank
    1
    """

    rank: int = attrs.field(validator=_check_positive)
    viewer: str = attrs.field(validator=check_name)
    coins: int = attrs.field(validator=_check_positive)
    points: Fraction = attrs.field(validator=_check_points)
    reached_at: datetime = attrs.field(validator=check_aware_field)


@attrs.frozen(kw_only=True)
class CreatorEntry:
    """A creator's place on a ranking of creators: diamonds received, then coins.

    ``reached_at`` is when they reached their total, or ``None`` when the source
    holds no times (a :class:`~giftflow.Settlement`). Ranks count from 1.

    >>> from giftflow import Diamonds
    >>> CreatorEntry(rank=1, creator="ana", diamonds=Diamonds(317), coins=317,
    ...              reached_at=None).diamonds
    Diamonds(317)
    """

    rank: int = attrs.field(validator=_check_positive)
    creator: str = attrs.field(validator=check_name)
    diamonds: Diamonds = attrs.field(validator=check_instance(Diamonds, "Diamonds(317)"))
    coins: int = attrs.field(validator=_check_coins)
    reached_at: datetime | None = attrs.field(validator=_check_optional_aware)


class Gifting(NamedTuple):
    """One viewer's gift to one creator, as the rankings count it (private).

    Every source (receipts, the ledger's events) is turned into these, and one ranking
    ranks them, so a leaderboard is the same whichever source it is read from.
    """

    viewer: str
    creator: str
    coins: int
    points: Fraction
    diamonds: int
    at: datetime


def receipt_giftings(receipts: Iterable[GiftReceipt], argument: str) -> Iterator[Gifting]:
    """The giftings of ``receipts``: one per recipient share (its coins, diamonds, time)."""
    try:
        source = iter(receipts)
    except TypeError:
        raise InvalidTypeError(
            argument, receipts, "must be an iterable of GiftReceipt", "pass a list"
        ) from None
    for receipt in source:
        if type(receipt) is not GiftReceipt:
            raise InvalidTypeError(argument, receipt, "must hold GiftReceipt", "use send_gift")
        multiplier = receipt.gift.multiplier.value
        event = receipt.event
        for share in receipt.shares:
            coins = share.coins.amount
            yield Gifting(
                event.viewer,
                share.creator,
                coins,
                coins * multiplier,
                share.diamonds.amount,
                event.at,
            )


def check_ranking(top: Any, window: Any, creator: Any = None) -> None:
    """Refuse a bad ``top``, ``window`` or ``creator`` before anything is read."""
    if top is not None and (type(top) is not int or top < 1):
        raise InvalidValueError("top", top, "must be a positive int or None", "pass e.g. 10")
    if window is not None and type(window) is not Window:
        raise InvalidTypeError(
            "window", window, "must be a Window or None", "pass Window.day(date, zone)"
        )
    if creator is not None:
        valid_name("creator", creator)


def rank_gifters(
    giftings: Iterable[Gifting], *, creator: str | None, window: Window | None, top: int | None
) -> tuple[LeaderboardEntry, ...]:
    """Rank viewers by points, then by who reached their total first, then by id."""
    totals: dict[str, list[Any]] = {}
    for gifting in giftings:
        if creator is not None and gifting.creator != creator:
            continue
        if gifting.coins == 0 or (window is not None and not window.contains(gifting.at)):
            continue
        entry = totals.get(gifting.viewer)
        if entry is None:
            totals[gifting.viewer] = [gifting.coins, gifting.points, gifting.at]
        else:
            entry[0] += gifting.coins
            entry[1] += gifting.points
            entry[2] = max(entry[2], gifting.at)
    ordered = sorted(totals.items(), key=lambda item: (-item[1][1], item[1][2], item[0]))
    return tuple(
        LeaderboardEntry(rank=index + 1, viewer=viewer, coins=c, points=Fraction(p), reached_at=at)
        for index, (viewer, (c, p, at)) in enumerate(ordered[:top])
    )


def rank_creators(
    totals: Iterable[tuple[str, int, int, datetime | None]], top: int | None
) -> tuple[CreatorEntry, ...]:
    """Rank ``(creator, diamonds, coins, reached_at)`` by diamonds, coins, time, name."""

    def key(item: tuple[str, int, int, datetime | None]) -> tuple[Any, ...]:
        name, diamonds, coins, at = item
        return (-diamonds, -coins, at is None, at or _EPOCH, name)

    ordered = sorted(totals, key=key)
    return tuple(
        CreatorEntry(
            rank=index + 1, creator=name, diamonds=Diamonds(diamonds), coins=coins, reached_at=at
        )
        for index, (name, diamonds, coins, at) in enumerate(ordered[:top])
    )


def creator_totals(
    giftings: Iterable[Gifting], window: Window | None
) -> list[tuple[str, int, int, datetime | None]]:
    """Per creator, the diamonds and coins of ``giftings`` in ``window`` and the last time."""
    totals: dict[str, list[Any]] = {}
    for gifting in giftings:
        if window is not None and not window.contains(gifting.at):
            continue
        entry = totals.get(gifting.creator)
        if entry is None:
            totals[gifting.creator] = [gifting.diamonds, gifting.coins, gifting.at]
        else:
            entry[0] += gifting.diamonds
            entry[1] += gifting.coins
            entry[2] = max(entry[2], gifting.at)
    return [(name, d, c, at) for name, (d, c, at) in totals.items()]


def _check_thresholds(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(v) is int and v > 0 for v in value):
        raise InvalidTypeError(
            "thresholds", value, "must be a tuple of positive ints", "pass (1, 100, 1000)"
        )
    if list(value) != sorted(set(value)):
        raise InvalidValueError(
            "thresholds", value, "must strictly increase", "sort them and remove repeats"
        )


def _thresholds(value: Iterable[int]) -> tuple[int, ...]:
    return as_tuple(value)


@attrs.frozen
class GifterLevels:
    """Gifter levels from lifetime coins: level N once the N-th threshold is reached.

    >>> levels = GifterLevels((1, 100, 1_000, 10_000))
    >>> [levels.level(coins) for coins in (0, 1, 99, 100, 25_000)]
    [0, 1, 1, 2, 4]
    >>> levels.to_next(150)
    850
    """

    thresholds: tuple[int, ...] = attrs.field(converter=_thresholds, validator=_check_thresholds)

    def level(self, coins: Coins | int) -> int:
        """The level reached with ``coins`` spent in total (``Coins`` or an int).

        >>> GifterLevels((1, 100)).level(Coins(150))
        2
        """
        spent = _lifetime(coins)
        return sum(1 for threshold in self.thresholds if spent >= threshold)

    def to_next(self, coins: Coins | int) -> int | None:
        """Coins still needed for the next level, or ``None`` at the top level."""
        spent = _lifetime(coins)
        level = self.level(spent)
        if level == len(self.thresholds):
            return None
        return self.thresholds[level] - spent


def _lifetime(coins: Any) -> int:
    spent = coins.amount if type(coins) is Coins else coins
    if type(spent) is not int or spent < 0:
        raise InvalidValueError(
            "coins", coins, "must be Coins or an int >= 0", "pass lifetime coins, e.g. Coins(150)"
        )
    return spent
