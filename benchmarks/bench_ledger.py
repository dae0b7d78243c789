"""Ledger benchmark (issue #7, item 2): apply gift events one by one, idempotency included.

The workload is a stream of purchases and gifts under the TikTok preset: 1,000 viewers
who each buy a large coin package, then gifts of the cheap catalog gifts (streaks of 1-10)
to 100 creators. The baseline is the same bookkeeping in plain dicts (an idempotency
set, coin balances, diamond balances and deferred money), without validation, lots,
exact cost basis or journal: the floor a host would write by hand. Each viewer buys
once, so one (net, coins) pair per viewer is enough for the floor's cumulative release.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta

from benchmarks._harness import Benchmark, Both, Group, Settings, TimesOf, Under, Workload
from giftflow import (
    Channel,
    CoinsPurchased,
    FxRate,
    FxRates,
    GiftEvent,
    GiftSent,
    Ledger,
    LedgerEvent,
    Money,
    Viewer,
    checkout,
    presets,
)

_GIFTS = (("Rose", 1), ("Finger Heart", 5), ("Rosa", 10), ("Perfume", 20))
_START = datetime(2026, 11, 24, tzinfo=UTC)
_ADULT = Viewer(country="US", birth_date=date(1990, 5, 1))


def profiles(events: Sequence[LedgerEvent]) -> dict[str, Viewer]:
    """Every viewer of ``events`` as an adult in the US: TikTok's ledger checks their age."""
    found: dict[str, Viewer] = {}
    for event in events:
        if isinstance(event, CoinsPurchased):
            found[event.viewer] = _ADULT
        elif isinstance(event, GiftSent):
            found[event.gift.viewer] = _ADULT
    return found


def ledger_events(settings: Settings, rng: random.Random) -> list[CoinsPurchased | GiftSent]:
    """A deterministic stream: one purchase per viewer, then gifts from random viewers."""
    return _stream(settings, rng, country="US", package="coins_16500", gifts=200_000, most=10)


def _stream(
    settings: Settings,
    rng: random.Random,
    *,
    country: str,
    package: str,
    gifts: int,
    most: int,
    fx: FxRates | None = None,
) -> list[CoinsPurchased | GiftSent]:
    # One purchase of ``package`` per viewer in ``country``, then ``gifts`` streaks of
    # 1 to ``most`` cheap gifts from random viewers to 100 creators, carrying ``fx``.
    economy = presets.tiktok()
    viewers = settings.size(full=1_000, quick=3)
    count = settings.size(full=gifts, quick=20)
    quote = economy.price_book.quote(package, country=country, channel=Channel.IOS, at=_START)
    events: list[CoinsPurchased | GiftSent] = [
        CoinsPurchased(id=f"p{v}", viewer=f"v{v}", purchase=checkout(quote, purchase_id=f"p{v}"))
        for v in range(viewers)
    ]
    for i in range(count):
        name, _ = rng.choice(_GIFTS)
        gift = GiftEvent(
            id=f"g{i}",
            viewer=f"v{rng.randrange(viewers)}",
            gift=name,
            count=rng.randint(1, most),
            recipients=f"c{rng.randrange(100)}",
            country="US",
            at=_START + timedelta(seconds=i),
        )
        events.append(GiftSent(gift=gift, fx=fx))
    return events


def plain_dicts(events: list[CoinsPurchased | GiftSent]) -> dict[str, int]:
    """The same books in plain dicts: the floor for the ledger."""
    prices = dict(_GIFTS)
    seen: set[str] = set()
    coins: dict[str, int] = {}
    diamonds: dict[str, int] = {}
    deferred = revenue = 0
    net_per_coin: dict[str, tuple[int, int]] = {}
    used: dict[str, int] = {}
    for event in events:
        if event.id in seen:
            continue
        seen.add(event.id)
        if isinstance(event, CoinsPurchased):
            purchase = event.purchase
            n = purchase.coins.amount
            coins[event.viewer] = coins.get(event.viewer, 0) + n
            deferred += purchase.breakdown.net.minor
            net_per_coin[event.viewer] = (purchase.breakdown.net.minor, n)
            continue
        gift = event.gift
        spent = prices[gift.gift] * gift.count
        if coins.get(gift.viewer, 0) < spent:
            continue
        coins[gift.viewer] -= spent
        net, n = net_per_coin[gift.viewer]
        before = used.get(gift.viewer, 0)
        used[gift.viewer] = before + spent
        released = net * (before + spent) // n - net * before // n
        deferred -= released
        revenue += released
        creator = gift.recipients[0].creator
        diamonds[creator] = diamonds.get(creator, 0) + spent
    return {"deferred": deferred, "revenue": revenue, "diamonds": sum(diamonds.values())}


def _plain(settings: Settings, rng: random.Random) -> Workload:
    events = ledger_events(settings, rng)
    return Workload(lambda: plain_dicts(events), len(events))


def _applying(events: Sequence[LedgerEvent]) -> Workload:
    # Apply ``events`` one at a time to a fresh TikTok ledger that knows every viewer.
    economy, viewers = presets.tiktok(), profiles(events)

    def run() -> Ledger:
        ledger = Ledger(economy, viewers=viewers)
        for event in events:
            ledger.apply(event)
        return ledger

    return Workload(run, len(events))


def _ledger(settings: Settings, rng: random.Random) -> Workload:
    return _applying(ledger_events(settings, rng))


def purchase_events(settings: Settings, rng: random.Random) -> list[CoinsPurchased]:
    """Purchases only, of every package on every channel: the events the ledger re-prices."""
    economy = presets.tiktok()
    book = economy.price_book
    count = settings.size(full=5_000, quick=6)
    listed = [price for price in book.prices if price.country == "US"]
    events = []
    for i in range(count):
        price = rng.choice(listed)
        at = _START + timedelta(seconds=i)
        quote = book.quote(price.package, country="US", channel=price.channel, at=at)
        proceeds = Money.zero("USD")  # the Google Play fee has a yearly threshold
        purchase = checkout(quote, purchase_id=f"p{i}", proceeds_to_date=proceeds)
        events.append(CoinsPurchased(id=f"p{i}", viewer=f"v{i % 1_000}", purchase=purchase))
    return events


def _checkouts(settings: Settings, rng: random.Random) -> Workload:
    events = purchase_events(settings, rng)
    quotes = [(event.purchase.quote, event.id) for event in events]
    zero = Money.zero("USD")

    def run() -> int:
        for quote, pid in quotes:
            checkout(quote, purchase_id=pid, proceeds_to_date=zero)
        return len(quotes)

    return Workload(run, len(events))


def _purchases(settings: Settings, rng: random.Random) -> Workload:
    return _applying(purchase_events(settings, rng))


_GBP_USD = FxRates((FxRate.of("GBP", "USD", "1.2634"),))  # an illustrative rate


def currency_events(
    settings: Settings, rng: random.Random, *, across: bool
) -> list[CoinsPurchased | GiftSent]:
    """Gifts from coins bought in USD (``across=False``) or in GBP valued in USD at a rate."""
    if across:
        return _stream(
            settings, rng, country="GB", package="coins_6607", gifts=50_000, most=3, fx=_GBP_USD
        )
    return _stream(settings, rng, country="US", package="coins_16500", gifts=50_000, most=3)


def _currency_gifts(across: bool) -> Callable[[Settings, random.Random], Workload]:
    return lambda settings, rng: _applying(currency_events(settings, rng, across=across))


GROUPS = (
    Group(
        "Ledger.apply, one event at a time",
        Benchmark("plain dicts (no validation, no journal)", _plain, unit="event"),
        (
            # 50,000 events per second is 20 µs per event, and at most 3x the floor.
            Benchmark(
                "giftflow Ledger.apply",
                _ledger,
                Both(Under(20_000), TimesOf("plain dicts (no validation, no journal)", 3)),
                unit="event",
            ),
            Benchmark(
                "giftflow Ledger.apply, garbage collector paused",
                _ledger,
                unit="event",
                collect=False,
            ),
        ),
    ),
    Group(
        "Ledger.apply, purchases (each re-priced and checked out again by the ledger)",
        Benchmark("checkout alone (what the caller already paid)", _checkouts, unit="event"),
        (Benchmark("giftflow Ledger.apply of a purchase", _purchases, unit="event"),),
    ),
    Group(
        "Ledger.apply, gifts across currencies (GBP coins, diamonds valued in USD)",
        Benchmark("same currency: USD coins, no rate", _currency_gifts(False), unit="event"),
        (
            Benchmark(
                "across currencies: GBP coins converted at the gift's rate",
                _currency_gifts(True),
                unit="event",
            ),
        ),
    ),
)
