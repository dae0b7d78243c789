"""Ledger reads against a long history (issue #14, item 4): flat from 10k to 1M events.

Each group times one read on TikTok ledgers holding 10k (the baseline), 100k and 1M
events of history, so the ratio column says how the read grows with the history. The
history is gifts one second apart from 1,000 viewers to 100 creators, each viewer buying
coins again when they run low; a ledger is built once per run and size, shared by every
group (1M events take about a minute). Quick mode builds 40, 80 and 120 events.
The goals are the issue's, reported and never enforced: a one-hour creator statement at
1M events under 5 ms, and every read flat from 10k to 1M (ratio near 1). Each benchmark
repeats its reads, so ``earnings`` and ``balances`` measure the ledger's kept results
(a first read of ``earnings`` costs the creator's gifts). Run only these with
``python -m benchmarks -k reads:``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from benchmarks._harness import Benchmark, Group, Settings, Under, Workload
from giftflow import (
    Account,
    AccountKind,
    Channel,
    CoinsPurchased,
    Diamonds,
    GiftEvent,
    GiftSent,
    Ledger,
    LedgerEvent,
    Viewer,
    checkout,
    currency,
    presets,
)

_GIFTS = (("Rose", 1), ("Finger Heart", 5), ("Rosa", 10), ("Perfume", 20))
_START = datetime(2026, 11, 24, tzinfo=UTC)
_ADULT = Viewer(country="US", birth_date=date(1990, 5, 1))
_VIEWERS, _CREATORS = 1_000, 100
_SIZES = (("10k", 10_000, 40), ("100k", 100_000, 80), ("1M", 1_000_000, 120))
_QUICK = {full: quick for _, full, quick in _SIZES}
_QUERIES = 64  # reads per repetition, at random times and accounts drawn in advance

_built: dict[tuple[int, int], tuple[Ledger, int]] = {}


def history(size: int, seed: int) -> list[LedgerEvent]:
    """``size`` events: gifts one second apart, and a purchase whenever a viewer runs low."""
    economy = presets.tiktok()
    rng = random.Random(f"reads:{seed}")
    package, coins = "coins_16500", 16_500
    left: dict[int, int] = {}
    events: list[LedgerEvent] = []
    bought = 0
    while len(events) < size:
        at = _START + timedelta(seconds=len(events))
        name, price = rng.choice(_GIFTS)
        count = rng.randint(1, 10)
        viewer = rng.randrange(_VIEWERS)
        if left.get(viewer, 0) < price * count:
            quote = economy.price_book.quote(package, country="US", channel=Channel.IOS, at=at)
            pid = f"p{bought}"
            bought += 1
            purchase = checkout(quote, purchase_id=pid)
            events.append(CoinsPurchased(id=pid, viewer=f"v{viewer}", purchase=purchase))
            left[viewer] = left.get(viewer, 0) + coins
            continue
        left[viewer] -= price * count
        gift = GiftEvent(
            id=f"g{len(events)}",
            viewer=f"v{viewer}",
            gift=name,
            count=count,
            recipients=f"c{rng.randrange(_CREATORS)}",
            country="US",
            at=at,
        )
        events.append(GiftSent(gift=gift))
    return events


def built(size: int, seed: int) -> Ledger:
    """The ledger of :func:`history`, built once per size and seed (and kept)."""
    found = _built.get((size, seed))
    if found is None:
        events = history(size, seed)
        ledger = Ledger(presets.tiktok(), viewers={f"v{v}": _ADULT for v in range(_VIEWERS)})
        for event in events:
            ledger.apply(event)
        found = _built[(size, seed)] = (ledger, len(events))
    return found[0]


Read = Callable[[Ledger, random.Random, int], Callable[[], object]]
"""Given a ledger, a generator and its history's length, one read to time."""


def _reads(size: int, read: Read) -> Callable[[Settings, random.Random], Workload]:
    def setup(settings: Settings, rng: random.Random) -> Workload:
        n = settings.size(full=size, quick=_QUICK[size])
        ledger = built(n, settings.seed)
        calls = [read(ledger, rng, n) for _ in range(settings.size(full=_QUERIES, quick=2))]

        def run() -> None:
            for call in calls:
                call()

        return Workload(run, len(calls))

    return setup


def _creator(rng: random.Random) -> str:
    return f"c{rng.randrange(_CREATORS)}"


def _instant(rng: random.Random, n: int) -> datetime:
    return _START + timedelta(seconds=rng.randrange(max(n, 1)))


def _statement(ledger: Ledger, rng: random.Random, n: int) -> Callable[[], object]:
    # An hour within the history, so every size returns as many lines (about 36).
    creator, start = _creator(rng), _instant(rng, n - 3600 if n > 3600 else n)
    end = start + timedelta(hours=1)
    return lambda: ledger.creator_statement(creator, start=start, end=end)


def _balance_at(ledger: Ledger, rng: random.Random, n: int) -> Callable[[], object]:
    account, at = Account(AccountKind.CREATOR_BALANCE, _creator(rng)), _instant(rng, n)
    return lambda: ledger.balance(account, Diamonds, at=at).amount


def _revenue_at(ledger: Ledger, rng: random.Random, n: int) -> Callable[[], object]:
    account, at, usd = Account(AccountKind.PLATFORM_REVENUE), _instant(rng, n), currency("USD")
    return lambda: ledger.balance(account, usd, at=at).minor


def _earnings(ledger: Ledger, rng: random.Random, n: int) -> Callable[[], object]:
    creator = _creator(rng)
    return lambda: ledger.earnings(creator)


def _last(ledger: Ledger, rng: random.Random, n: int) -> Callable[[], object]:
    return lambda: ledger.journal[-1]


def _count(ledger: Ledger, rng: random.Random, n: int) -> Callable[[], object]:
    return lambda: len(ledger.events)


def _balances(ledger: Ledger, rng: random.Random, n: int) -> Callable[[], object]:
    return ledger.balances


def _group(title: str, read: Read, goal: Under | None = None) -> Group:
    (label, n, _), *larger = _SIZES
    return Group(
        title,
        Benchmark(f"{label} events", _reads(n, read), unit="read"),
        tuple(
            Benchmark(f"{label} events", _reads(n, read), goal if n == 1_000_000 else None, "read")
            for label, n, _ in larger
        ),
    )


GROUPS = (
    _group("Reads: Ledger.creator_statement, one hour", _statement, Under(5_000_000)),
    _group("Reads: Ledger.balance(creator, at=...)", _balance_at),
    _group("Reads: Ledger.balance(platform_revenue, at=...)", _revenue_at),
    _group("Reads: Ledger.earnings(creator), as read before", _earnings),
    _group("Reads: Ledger.journal[-1]", _last),
    _group("Reads: len(Ledger.events)", _count),
    _group("Reads: Ledger.balances(), no commit since the last", _balances),
)
