"""Recognition: leaderboards of top gifters and gifter levels."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from fractions import Fraction
from typing import Any

import attrs

from giftflow._coins_out._gifts import GiftReceipt
from giftflow._values._checks import as_tuple, check_aware_field, check_name, valid_name
from giftflow._values._errors import InvalidTypeError, InvalidValueError

__all__ = ["GifterLevels", "LeaderboardEntry", "leaderboard"]


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


def leaderboard(
    receipts: Iterable[GiftReceipt], *, creator: str | None = None, top: int | None = None
) -> tuple[LeaderboardEntry, ...]:
    """Rank gifters by points (coins x gift multiplier), for one creator or all.

    Ties are broken deterministically: whoever reached their total first ranks
    higher, then by viewer id. A gift to co-hosts counts the coins attributed to
    ``creator``.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Carry, Channel, GiftEvent, Wallet, checkout, presets, send_gift
    >>> economy = presets.twitch_bits()
    >>> at = datetime(2026, 11, 24, 20, tzinfo=timezone.utc)
    >>> quote = economy.price_book.quote("bits_100", country="US", channel=Channel.WEB, at=at)
    >>> def cheer(viewer: str) -> GiftEvent:
    ...     return GiftEvent(id=viewer, viewer=viewer, gift="Cheer100", count=1,
    ...                      recipients="ana", country="US", at=at)
    >>> wallet = Wallet().credit(*checkout(quote, purchase_id="p1").lots)
    >>> receipts = [send_gift(economy, wallet, cheer(v), carry=Carry()) for v in ("v2", "v1")]
    >>> [(entry.rank, entry.viewer, entry.coins) for entry in leaderboard(receipts)]
    [(1, 'v1', 100), (2, 'v2', 100)]
    >>> leaderboard([], top=3)
    ()
    """
    if top is not None and (type(top) is not int or top < 1):
        raise InvalidValueError("top", top, "must be a positive int or None", "pass e.g. 10")
    if creator is not None:
        valid_name("creator", creator)
    try:
        source = iter(receipts)
    except TypeError:
        raise InvalidTypeError(
            "receipts", receipts, "must be an iterable of GiftReceipt", "pass a list"
        ) from None
    totals: dict[str, list[Any]] = {}
    for receipt in source:
        if type(receipt) is not GiftReceipt:
            raise InvalidTypeError("receipts", receipt, "must hold GiftReceipt", "use send_gift")
        if creator is None:
            coins = receipt.coins.amount
        else:
            coins = sum(s.coins.amount for s in receipt.shares if s.creator == creator)
        if coins == 0:
            continue
        entry = totals.setdefault(receipt.event.viewer, [0, Fraction(0), receipt.event.at])
        entry[0] += coins
        entry[1] += coins * receipt.gift.multiplier.value
        entry[2] = max(entry[2], receipt.event.at)
    ordered = sorted(totals.items(), key=lambda item: (-item[1][1], item[1][2], item[0]))
    if top is not None:
        ordered = ordered[:top]
    return tuple(
        LeaderboardEntry(rank=index + 1, viewer=viewer, coins=c, points=p, reached_at=at)
        for index, (viewer, (c, p, at)) in enumerate(ordered)
    )


def _check_thresholds(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(v) is int and v > 0 for v in value):
        raise InvalidTypeError(
            "thresholds", value, "must be a tuple of positive ints", "pass (1, 100, 1000)"
        )
    if list(value) != sorted(set(value)):
        raise InvalidValueError(
            "thresholds", value, "must strictly increase", "sort them and remove repeats"
        )


@attrs.frozen
class GifterLevels:
    """Gifter levels from lifetime coins: level N once the N-th threshold is reached.

    >>> levels = GifterLevels((1, 100, 1_000, 10_000))
    >>> [levels.level(coins) for coins in (0, 1, 99, 100, 25_000)]
    [0, 1, 1, 2, 4]
    >>> levels.to_next(150)
    850
    """

    thresholds: tuple[int, ...] = attrs.field(converter=as_tuple, validator=_check_thresholds)

    def level(self, coins: int) -> int:
        """The level reached with ``coins`` spent in total."""
        if type(coins) is not int or coins < 0:
            raise InvalidValueError("coins", coins, "must be an int >= 0", "pass lifetime coins")
        return sum(1 for threshold in self.thresholds if coins >= threshold)

    def to_next(self, coins: int) -> int | None:
        """Coins still needed for the next level, or ``None`` at the top level."""
        level = self.level(coins)
        if level == len(self.thresholds):
            return None
        return self.thresholds[level] - coins
