"""Strategies for the ledger: accounts, postings, transactions, events and ledgers built from them.

Ledgers come from applying generated events to a real :class:`~giftflow.Ledger`
(TikTok's economy by default) in time order, skipping those it refuses, so their
books are ones the ledger itself wrote.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from giftflow import (
    Account,
    AccountForfeited,
    AccountKind,
    Applied,
    BalanceGuards,
    Channel,
    ChargedBack,
    Clawback,
    Coins,
    CoinsExpired,
    CoinsPurchased,
    Currency,
    DiamondBalance,
    Diamonds,
    DiamondsReconverted,
    Economy,
    FeeKind,
    FxRate,
    FxRates,
    GiftflowError,
    GiftSent,
    History,
    Idempotency,
    Ledger,
    LedgerEvent,
    LedgerSnapshot,
    Money,
    PayableSettled,
    PayoutFailed,
    PayoutLeg,
    PayoutLegKind,
    PayoutRequested,
    PayoutSettled,
    Posting,
    Rate,
    Refunded,
    Statement,
    StatementLine,
    StoreSettled,
    Transaction,
    checkout,
    currency,
    presets,
)
from giftflow.testing._base import _CREATORS, _VIEWERS, _instants, _labels, check_economy
from giftflow.testing._coins_in import _draw_purchase, _draw_quote
from giftflow.testing._coins_out import gift_events
from giftflow.testing._spending import viewers
from giftflow.testing._values import rates

_LEDGER_START = datetime(2026, 11, 1, tzinfo=UTC)
_OWNERS = (*_VIEWERS, *_CREATORS)


def accounts() -> st.SearchStrategy[Account]:
    """Generate :class:`~giftflow.Account`: any kind, owned by a viewer, a creator or the platform.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> account = find(accounts(), lambda account: account.owner, settings=FIND_FIRST)
    >>> str(account) == f"{account.kind.value}:{account.owner}"
    True
    """
    return st.builds(Account, st.sampled_from(AccountKind), st.sampled_from(("", *_OWNERS)))


def _amounts_in(unit: Currency | str) -> Callable[[int], Money | Coins | Diamonds]:
    if unit == "coins":
        return Coins
    if unit == "diamonds":
        return Diamonds
    return lambda minor: Money.of_minor(minor, unit)


def postings() -> st.SearchStrategy[Posting]:
    """Generate :class:`~giftflow.Posting`: a signed amount of money, coins or diamonds.

    >>> from hypothesis import find
    >>> from giftflow import Coins
    >>> from giftflow.testing import FIND_FIRST
    >>> posting = find(postings(), lambda p: p.unit == "coins", settings=FIND_FIRST)
    >>> posting.amount == Coins(posting.units)
    True
    """
    units = st.sampled_from(("coins", "diamonds", "USD", "JPY", "KWD"))
    return st.builds(
        lambda account, unit, n: Posting(account, _amounts_in(unit)(n)),
        accounts(),
        units,
        st.integers(-(10**12), 10**12),
    )


@st.composite
def _transaction(draw: st.DrawFn) -> Transaction:
    legs: list[Posting] = []
    for unit in draw(st.lists(st.sampled_from(("coins", "diamonds", "USD")), max_size=3)):
        make = _amounts_in(unit)
        parts = draw(st.lists(st.integers(-(10**9), 10**9), min_size=1, max_size=3))
        legs += [Posting(draw(accounts()), make(n)) for n in parts]
        legs.append(Posting(draw(accounts()), make(-sum(parts))))
    return Transaction(
        event_id=draw(_labels()),
        kind=draw(st.sampled_from(("coins_purchased", "gift_sent", "refunded"))),
        at=draw(_instants()),
        postings=tuple(legs),
        metadata=draw(st.dictionaries(_labels(), _labels(), max_size=2)),
    )


def transactions() -> st.SearchStrategy[Transaction]:
    """Generate balanced :class:`~giftflow.Transaction`: postings summing to zero in each unit.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST, assert_balanced
    >>> tx = find(transactions(), lambda tx: tx.postings, settings=FIND_FIRST)
    >>> assert_balanced([p.amount for p in tx.postings])
    """
    return _transaction()


def applied_results() -> st.SearchStrategy[Applied]:
    """Generate :class:`~giftflow.Applied`: a transaction, first applied or replayed.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> find(applied_results(), lambda a: a.replayed, settings=FIND_FIRST).replayed
    True
    """
    return st.builds(Applied, transactions(), st.booleans())


def clawbacks() -> st.SearchStrategy[Clawback]:
    """Generate each :class:`~giftflow.Clawback` policy.

    >>> from hypothesis import find
    >>> from giftflow import Clawback
    >>> from giftflow.testing import FIND_FIRST
    >>> other = find(clawbacks(), lambda c: c is not Clawback.PLATFORM_ABSORBS, settings=FIND_FIRST)
    >>> other in Clawback
    True
    """
    return st.sampled_from(Clawback)


def balance_guards() -> st.SearchStrategy[BalanceGuards]:
    """Generate :class:`~giftflow.BalanceGuards`: no overdraft, or a bounded one.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> guards = find(balance_guards(), lambda g: g.viewer_overdraft.amount > 0, settings=FIND_FIRST)
    >>> 0 < guards.viewer_overdraft.amount <= 10_000
    True
    """
    return st.builds(
        BalanceGuards,
        viewer_overdraft=st.builds(Coins, st.integers(0, 10_000)),
        creator_overdraft=st.builds(Diamonds, st.integers(0, 10_000)),
    )


def diamond_balances() -> st.SearchStrategy[DiamondBalance]:
    """Generate :class:`~giftflow.DiamondBalance`: some reserved, available below zero at times.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> balance = find(diamond_balances(), lambda b: b.pending.amount > 0, settings=FIND_FIRST)
    >>> balance.posted.amount == balance.available.amount + balance.pending.amount
    True
    """
    return st.builds(
        lambda available, pending: DiamondBalance(
            posted=Diamonds(available + pending),
            pending=Diamonds(pending),
            available=Diamonds(available),
        ),
        st.integers(-10_000, 10**9),
        st.integers(0, 10**9),
    )


def _ledger_time(draw: st.DrawFn) -> datetime:
    return _LEDGER_START + timedelta(minutes=draw(st.integers(0, 60 * 24 * 30)))


def _money_or_none(draw: st.DrawFn) -> Money | None:
    minor = draw(st.none() | st.integers(1, 10_000))
    return None if minor is None else Money.of_minor(minor, "USD")


def _payables(economy: Economy) -> list[tuple[Account, Currency]]:
    """The payables a ledger of ``economy`` can hold, each in a currency it can hold it in."""
    found: dict[tuple[Account, Currency], None] = {}
    for storefront in economy.price_book.storefronts:
        unit = storefront.currency
        for owner in (storefront.country, "withholding"):
            found[(Account(AccountKind.TAX_PAYABLE, owner), unit)] = None
        for channel in storefront.channels:
            for fee in (f for p in storefront.schedule_for(channel).periods for f in p.fees):
                kind = AccountKind.STORE_PAYABLE
                if fee.kind is not FeeKind.STORE:
                    kind = AccountKind.PROCESSOR_PAYABLE
                found[(Account(kind, fee.name), unit)] = None
        found[(Account(AccountKind.AGENCY_PAYABLE, "agency-1"), unit)] = None
    return list(found) or [(Account(AccountKind.AGENCY_PAYABLE, "agency-1"), currency("USD"))]


def _settlement(draw: st.DrawFn, economy: Economy, event_id: str, at: datetime) -> LedgerEvent:
    payable, unit = draw(st.sampled_from(_payables(economy)))
    minor = draw(st.integers(1, 5_000))
    if payable.kind is AccountKind.STORE_PAYABLE and draw(st.booleans()):
        gross = minor + draw(st.integers(0, 100_000))
        return StoreSettled(
            id=event_id,
            at=at,
            payable=payable,
            gross=Money.of_minor(gross, unit),
            net=Money.of_minor(gross - minor, unit),
        )
    return PayableSettled(id=event_id, at=at, payable=payable, amount=Money.of_minor(minor, unit))


def _gift_rates(economy: Economy, at: datetime) -> st.SearchStrategy[FxRates]:
    """Rates from every currency the economy sells coins in into its diamonds' currency."""
    value = economy.conversion.at(at).value_currency
    sold = sorted({s.currency for s in economy.price_book.storefronts} - {value}, key=str)
    if not sold:
        return st.just(FxRates(()))
    positive = rates(min_value=Rate.parse("0.0001"), max_value=Rate.parse("1000"))
    return st.lists(positive, min_size=len(sold), max_size=len(sold)).map(
        lambda drawn: FxRates(
            tuple(FxRate(source=c, target=value, rate=r) for c, r in zip(sold, drawn, strict=True))
        )
    )


def _purchase(draw: st.DrawFn, economy: Economy, purchase_id: str, at: datetime) -> LedgerEvent:
    book = economy.price_book
    viewer = draw(st.sampled_from(_VIEWERS))
    us = [p for p in book.prices if p.country == "US" and p.channel == Channel.IOS]
    if {"coins_65", "coins_330", "coins_660"} <= {p.package for p in us}:
        package = draw(st.sampled_from(("coins_65", "coins_330", "coins_660")))
        quote = book.quote(package, country="US", channel=Channel.IOS, at=at)
        return CoinsPurchased(
            id=purchase_id, viewer=viewer, purchase=checkout(quote, purchase_id=purchase_id)
        )
    if not book.prices and not book.custom:
        return _settlement(draw, economy, purchase_id, at)
    # Another economy's book: whatever it sells, at a time it sells it.
    purchase = _draw_purchase(draw, _draw_quote(draw, book))
    return CoinsPurchased(id=purchase.id, viewer=viewer, purchase=purchase)


@st.composite
def _ledger_event(draw: st.DrawFn, economy: Economy) -> LedgerEvent:
    at = _ledger_time(draw)
    event_id = draw(_labels())
    purchase_id = draw(st.sampled_from(("p1", "p2", "p3")) | _labels())
    kind = draw(st.integers(0, 11))
    if kind == 0:
        return _purchase(draw, economy, purchase_id, at)
    if kind in (10, 11):
        return _settlement(draw, economy, event_id, at)
    if kind == 1:
        gift = draw(gift_events(economy=economy))
        return GiftSent(gift=gift, fx=draw(st.none() | _gift_rates(economy, gift.at)))
    if kind == 2:
        return Refunded(id=event_id, at=at, purchase_id=purchase_id, amount=_money_or_none(draw))
    if kind == 3:
        return ChargedBack(
            id=event_id,
            at=at,
            purchase_id=purchase_id,
            amount=_money_or_none(draw),
            fee=draw(st.none() | st.just(Money.parse("15", "USD"))),
        )
    if kind == 4:
        return CoinsExpired(
            id=event_id, at=at, viewer=draw(st.sampled_from(_VIEWERS)), acquired_before=at
        )
    if kind == 5:
        return AccountForfeited(id=event_id, at=at, owner=draw(st.sampled_from(_OWNERS)))
    if kind == 6:
        return DiamondsReconverted(
            id=event_id,
            at=at,
            creator=draw(st.sampled_from(_CREATORS)),
            diamonds=Diamonds(2 * draw(st.integers(1, 500))),
            coins_per_diamond=Rate.parse("1/2"),
        )
    payout_id = draw(st.sampled_from(("po1", "po2")) | _labels())
    if kind == 7:
        return PayoutRequested(
            id=payout_id,
            at=at,
            creator=draw(st.sampled_from(_CREATORS)),
            diamonds=Diamonds(draw(st.integers(1, 5_000))),
        )
    if kind == 8:
        legs = (
            PayoutLeg(
                kind=PayoutLegKind.NET,
                name="creator",
                amount=Money.of_minor(draw(st.integers(0, 2_500)), "USD"),
            ),
        )
        diamonds = draw(st.none() | st.builds(Diamonds, st.integers(1, 5_000)))
        return PayoutSettled(id=event_id, at=at, payout_id=payout_id, legs=legs, diamonds=diamonds)
    return PayoutFailed(id=event_id, at=at, payout_id=payout_id)


def ledger_events(*, economy: Economy | None = None) -> st.SearchStrategy[LedgerEvent]:
    """Generate every kind of ledger event for ``economy`` (TikTok's if ``None``).

    Settlements (:class:`~giftflow.PayableSettled`, :class:`~giftflow.StoreSettled`)
    name the payables the economy's storefronts accrue (tax per country and
    withholding, each store and processor fee) and an agency's, in the storefront's
    currency, for any amount. Each event is valid on its own; whether a ledger accepts it depends on what
    it holds (a refund needs its purchase), which :func:`ledgers` takes care of.

    >>> from datetime import date
    >>> from hypothesis import find
    >>> from giftflow import GiftflowError, Ledger, Viewer, presets
    >>> from giftflow.testing import FIND_FIRST, assert_ledger_balanced
    >>> adult = Viewer(country="US", birth_date=date(1990, 5, 1))
    >>> ledger = Ledger(presets.tiktok(), viewers={v: adult for v in ("v1", "v2", "v3", "v4")})
    >>> event = find(ledger_events(), lambda event: True, settings=FIND_FIRST)
    >>> try:
    ...     _ = ledger.apply(event)
    ... except GiftflowError:
    ...     pass  # refused, e.g. a refund of a purchase this ledger has not booked
    >>> assert_ledger_balanced(ledger)
    """
    check_economy("economy", economy)
    return _ledger_event(presets.tiktok() if economy is None else economy)


@st.composite
def _ledger(draw: st.DrawFn, economy: Economy) -> Ledger:
    # Every viewer has a profile (some of them under age), for economies with spending rules.
    profiles = draw(st.fixed_dictionaries({viewer: viewers() for viewer in _VIEWERS}))
    ledger = Ledger(
        economy, guards=draw(balance_guards()), clawback=draw(clawbacks()), viewers=profiles
    )
    # Most ledgers start with viewers holding coins, so that gifts and refunds land.
    events: list[LedgerEvent] = []
    for index, viewer in enumerate(draw(st.lists(st.sampled_from(_VIEWERS), max_size=4))):
        at = _ledger_time(draw)
        quote = economy.price_book.quote("coins_3300", country="US", channel=Channel.IOS, at=at)
        purchase_id = f"p{index + 1}"
        purchase = checkout(quote, purchase_id=purchase_id)
        events.append(CoinsPurchased(id=purchase_id, viewer=viewer, purchase=purchase))
    events += draw(st.lists(_ledger_event(economy), max_size=12))
    # The ledger refuses an event dated before the last one of an account it touches, so
    # events are applied in time order (stable: at one instant, the purchases come first).
    for event in sorted(events, key=lambda event: event.at):
        with contextlib.suppress(GiftflowError):
            ledger.apply(event)  # refused events change nothing
    return ledger


def ledgers(*, economy: Economy | None = None) -> st.SearchStrategy[Ledger]:
    """Generate :class:`~giftflow.Ledger` holding what a random sequence of events left.

    Events come from :func:`ledger_events` and are applied in time order (the ledger
    refuses an event dated before an account's last one); those it refuses are skipped.
    Every viewer has a :class:`~giftflow.Viewer` profile from :func:`viewers`, so an
    economy's spending rules apply (TikTok's refuses the viewers under 18).

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST, assert_ledger_balanced
    >>> ledger = find(ledgers(), lambda ledger: len(ledger.journal) >= 2, settings=FIND_FIRST)
    >>> assert_ledger_balanced(ledger)
    """
    check_economy("economy", economy)
    return _ledger(presets.tiktok() if economy is None else economy)


@st.composite
def _statement(draw: st.DrawFn) -> Statement:
    ledger = draw(ledgers())
    active = sorted(ledger.balances())
    pick_active: bool = draw(st.booleans())
    if active and pick_active:  # often an account the events moved
        account, unit = draw(st.sampled_from(active))
    else:
        account = draw(accounts())
        unit = draw(st.sampled_from(("coins", "diamonds", "USD")))
    start = _ledger_time(draw) - timedelta(days=draw(st.integers(0, 30)))
    end = start + timedelta(minutes=draw(st.integers(1, 60 * 24 * 60)))
    return ledger.statement(account, unit, start=start, end=end)


def statements() -> st.SearchStrategy[Statement]:
    """Generate :class:`~giftflow.Statement` (and its lines) read from :func:`ledgers`.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> statement = find(statements(), lambda statement: True, settings=FIND_FIRST)
    >>> statement.opening + sum(line.amount for line in statement.lines) == statement.closing
    True
    """
    return _statement()


def statement_lines() -> st.SearchStrategy[StatementLine]:
    """Generate :class:`~giftflow.StatementLine`: a movement and the balance after it.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> line = find(statement_lines(), lambda line: True, settings=FIND_FIRST)
    >>> line.amount != 0
    True
    """
    return st.builds(
        StatementLine,
        at=_instants(),
        event_id=_labels(),
        kind=st.sampled_from(("gift_sent", "refunded")),
        amount=st.integers(-(10**9), 10**9).filter(bool),
        balance=st.integers(-(10**9), 10**9),
    )


def histories() -> st.SearchStrategy[History]:
    """Generate :class:`~giftflow.History`: keep all, none, or the latest few transactions.

    >>> from hypothesis import find
    >>> from giftflow import History
    >>> from giftflow.testing import FIND_FIRST
    >>> history = find(histories(), lambda h: h.keep is not None and h.keep > 0, settings=FIND_FIRST)
    >>> history == History.last(history.keep)
    True
    """
    return (
        st.just(History.ALL) | st.just(History.NONE) | st.builds(History.last, st.integers(1, 50))
    )


def idempotencies() -> st.SearchStrategy[Idempotency]:
    """Generate :class:`~giftflow.Idempotency`: every id remembered, or a window of the latest.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> find(idempotencies(), lambda i: i.keep is not None, settings=FIND_FIRST).keep >= 1
    True
    """
    return st.just(Idempotency.ALL) | st.builds(Idempotency.window, st.integers(1, 10**6))


def ledger_snapshots(*, economy: Economy | None = None) -> st.SearchStrategy[LedgerSnapshot]:
    """Generate :class:`~giftflow.LedgerSnapshot`: the snapshot of a ledger from :func:`ledgers`.

    >>> from hypothesis import find
    >>> from giftflow import Ledger
    >>> from giftflow.testing import FIND_FIRST
    >>> snapshot = find(ledger_snapshots(), lambda s: len(s.balances) > 0, settings=FIND_FIRST)
    >>> Ledger.restore(snapshot).snapshot() == snapshot
    True
    """
    check_economy("economy", economy)
    return ledgers(economy=economy).map(lambda ledger: ledger.snapshot())
