"""A deterministic gift workload for the settlement benchmarks (issue #7).

10,000 viewers, 1,000 creators, a 40-gift catalog (the TikTok preset's 11 gifts plus 29
made-up ones at prices between theirs) with Zipf-like popularity, streak counts 1-10,
and the TikTok preset's conversion: one diamond per coin, worth $0.005, rounded down.

Each viewer has a favourite creator (creators' audiences are Zipf-like too) and sends
to them four times in five; otherwise to any creator. Events are produced in blocks
from one seeded :class:`random.Random`, so a stream of any length takes constant
memory and the same seed gives the same events.

>>> workload = gift_workload()
>>> len(workload.prices), len(workload.creators), len(workload.viewers)
(40, 1000, 10000)
>>> list(events(workload, 3, seed=1)) == list(events(workload, 3, seed=1))
True
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate

import attrs

from giftflow import Catalog, CatalogVersion, Coins, Economy, Gift, StreakKind, presets

__all__ = ["AT", "COUNTRY", "GiftWorkload", "events", "gift_workload"]

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
COUNTRY = "US"
VIEWERS = 10_000
CREATORS = 1_000
GIFTS = 40
ZIPF_EXPONENT = 1.1
BLOCK = 4096
# Made-up gifts between the preset's prices, so the catalog spans 1 to 44,999 coins.
EXTRA_PRICES = (
    *(2, 3, 5, 9, 15, 19, 25, 49, 55, 88, 100, 150, 199, 299, 399, 500),
    *(899, 1000, 1500, 2000, 3000, 5000, 7499, 10000, 15000, 20000, 25000, 34999, 39999),
)


@dataclass(frozen=True)
class GiftWorkload:
    """The economy and the populations events are drawn from.

    Attributes:
        economy: The TikTok preset with the 40-gift catalog.
        prices: Coins per gift, by gift id, cheapest (most popular) first.
        gift_weights: Cumulative Zipf weights of ``prices``' gifts, in that order.
        creators: Creator ids.
        viewers: Viewer ids.
        favourite: Each viewer's favourite creator (an index into ``creators``).
    """

    economy: Economy
    prices: dict[str, int]
    gift_weights: tuple[float, ...]
    creators: tuple[str, ...]
    viewers: tuple[str, ...]
    favourite: tuple[int, ...]


def _catalog() -> Catalog:
    base = presets.tiktok().catalog
    version = next(v for v in base.versions if v.window.contains(AT))
    extra = tuple(
        Gift(
            id=f"gift_{index:02d}",
            name=f"Gift {index:02d}",
            price=Coins(price),
            streak=StreakKind.STREAKABLE if price < 100 else StreakKind.SINGLE,
        )
        for index, price in enumerate(EXTRA_PRICES)
    )
    gifts = (*version.gifts, *extra)
    assert len(gifts) == GIFTS
    return Catalog(versions=(CatalogVersion(version="bench", gifts=gifts, window=version.window),))


def gift_workload(seed: int = 0) -> GiftWorkload:
    """Build the workload's economy and populations (deterministic for a seed)."""
    rng = random.Random(f"giftflow-workload:{seed}")
    economy = attrs.evolve(presets.tiktok(), catalog=_catalog())
    gifts = sorted(economy.catalog.gifts_at(country=COUNTRY, at=AT), key=lambda g: g.price.amount)
    zipf = [1 / rank**ZIPF_EXPONENT for rank in range(1, len(gifts) + 1)]
    creator_zipf = list(accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, CREATORS + 1)))
    return GiftWorkload(
        economy=economy,
        prices={gift.id: gift.price.amount for gift in gifts},
        gift_weights=tuple(accumulate(zipf)),
        creators=tuple(f"creator-{index:04d}" for index in range(CREATORS)),
        viewers=tuple(f"viewer-{index:05d}" for index in range(VIEWERS)),
        favourite=tuple(rng.choices(range(CREATORS), cum_weights=creator_zipf, k=VIEWERS)),
    )


def events(workload: GiftWorkload, count: int, *, seed: int) -> Iterator[tuple[str, str, int]]:
    """Stream ``count`` gift events as ``(creator, gift id, count)`` tuples.

    A block of events is drawn at a time, so memory stays constant however many
    events are streamed.
    """
    rng = random.Random(seed)
    gift_ids = tuple(workload.prices)
    creators, favourite = workload.creators, workload.favourite
    streaks = range(1, 11)
    left = count
    while left > 0:
        size = min(BLOCK, left)
        left -= size
        viewers = rng.choices(range(VIEWERS), k=size)
        loyal = rng.choices((True, False), cum_weights=(4, 5), k=size)
        anyone = rng.choices(creators, k=size)
        gifts = rng.choices(gift_ids, cum_weights=workload.gift_weights, k=size)
        counts = rng.choices(streaks, k=size)
        for viewer, stays, other, gift, many in zip(
            viewers, loyal, anyone, gifts, counts, strict=True
        ):
            yield (creators[favourite[viewer]] if stays else other, gift, many)
