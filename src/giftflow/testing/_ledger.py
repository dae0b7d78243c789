"""Strategies for the ledger: accounts, postings, transactions, events and ledgers built from them.

Ledgers come from applying generated events to a real :class:`~giftflow.Ledger`
(TikTok's economy by default) in time order, skipping those it refuses, so their
books are ones the ledger itself wrote.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import NamedTuple, TypeVar

import attrs
from hypothesis import strategies as st

from giftflow import (
    Account,
    AccountKind,
    Agency,
    Applied,
    BalanceGuards,
    Clawback,
    Coins,
    Currency,
    DiamondBalance,
    Diamonds,
    Economy,
    GiftflowError,
    History,
    Idempotency,
    Ledger,
    LedgerEvent,
    LedgerSnapshot,
    Money,
    Posting,
    SponsorBudget,
    Statement,
    StatementLine,
    Transaction,
    Viewer,
    currency,
)
from giftflow._ledger._config import checked_configuration
from giftflow.testing._base import (
    _CREATORS,
    _VIEWERS,
    _from_draw,
    _instants,
    _labels,
    _utc,
    check_economy,
)
from giftflow.testing._coins_out import agencies as agency_strategy
from giftflow.testing._coins_out import sponsor_budgets
from giftflow.testing._ledger_plan import (
    _LEDGER_START,
    _Cast,
    _draw_event,
    _funding,
    _Plan,
    _plan,
    _tiktok_plan,
    _time_in,
)
from giftflow.testing._spending import viewers as viewer_profiles

_T = TypeVar("_T")
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


def _given(value: _T | st.SearchStrategy[_T] | None, default: _T) -> _T:
    # The value a host gave for a setting: what the Ledger checks now (a strategy's values
    # are checked by the Ledger as they are drawn).
    return default if value is None or isinstance(value, st.SearchStrategy) else value


def _setting(
    value: _T | st.SearchStrategy[_T] | None, default: st.SearchStrategy[_T]
) -> st.SearchStrategy[_T]:
    # One of the ledger's settings: a strategy of it, a value, or None for ``default``.
    if value is None:
        return default
    if isinstance(value, st.SearchStrategy):
        return value
    return st.just(value)


def ledger_events(
    *,
    economy: Economy | None = None,
    agencies: Mapping[str, Agency] | None = None,
    viewers: Mapping[str, Viewer] | None = None,
) -> st.SearchStrategy[LedgerEvent]:
    """Generate every kind of ledger event for a ledger of ``economy`` (TikTok's if ``None``).

    Everything comes from the economy: events happen in a month in which it sells coins
    and sends gifts (November 2026 for every preset); purchases are of its packages and
    custom amounts on sale then, in their own countries, channels and currencies; gifts
    are its catalog's. Settlements (:class:`~giftflow.PayableSettled`,
    :class:`~giftflow.StoreSettled`) name the payables its storefronts accrue (tax per
    country and withholding, each store and processor fee) and its agencies', for any
    amount. Each event is valid on its own; whether a ledger accepts it depends on what
    it holds (a refund needs its purchase), which :func:`ledgers` takes care of.

    Args:
        economy: The ledger's economy (any preset's or a hand-built one).
        agencies: The ledger's agencies, per creator: gifts go to those creators too,
            and settlements name those agencies.
        viewers: The ledger's viewers' profiles: events name those viewers (a few
            others if ``None`` or empty).

    >>> from datetime import date
    >>> from hypothesis import find
    >>> from giftflow import CoinsPurchased, GiftflowError, Ledger, Viewer, presets
    >>> from giftflow.testing import FIND_FIRST, assert_ledger_balanced
    >>> adult = {"ana": Viewer(country="US", birth_date=date(1990, 5, 1))}
    >>> ledger = Ledger(presets.bigo(), viewers=adult)
    >>> events = ledger_events(economy=presets.bigo(), viewers=adult)
    >>> event = find(events, lambda event: isinstance(event, CoinsPurchased), settings=FIND_FIRST)
    >>> event.viewer, ledger.apply(event).transaction.kind
    ('ana', 'coins_purchased')
    >>> try:
    ...     _ = ledger.apply(find(events, lambda event: True, settings=FIND_FIRST))
    ... except GiftflowError:
    ...     pass  # refused, e.g. a refund of a purchase this ledger has not booked
    >>> assert_ledger_balanced(ledger)
    """
    check_economy("economy", economy)
    plan = _plan(economy)
    # The Ledger's own checks of what the host passes it.
    checked_configuration(
        plan.economy,
        None,
        Clawback.PLATFORM_ABSORBS,
        agencies,
        None,
        viewers,
        History.ALL,
        Idempotency.ALL,
    )
    cast = _Cast.of(viewers or {}, agencies or {})
    return _from_draw(lambda draw: _draw_event(draw, plan, cast))


@functools.cache
def _profiles() -> st.SearchStrategy[dict[str, Viewer]]:
    return st.fixed_dictionaries({viewer: viewer_profiles() for viewer in _VIEWERS})


@functools.cache
def _some_agencies() -> st.SearchStrategy[dict[str, Agency]]:
    return st.dictionaries(st.sampled_from(_CREATORS), agency_strategy(), max_size=2)


def _budgets(plan: _Plan) -> st.SearchStrategy[dict[str, SponsorBudget]]:
    # Budgets for some of the sponsors the catalog names, in the currency of its diamonds.
    named = sorted({g.sponsor for v in plan.economy.catalog.versions for g in v.gifts if g.sponsor})
    unit = plan.economy.conversion.at(plan.window.start or _LEDGER_START).value_currency
    budget = sponsor_budgets(currency=unit)
    return st.fixed_dictionaries(
        {}, optional={sponsor: budget.map(_budget_of(sponsor)) for sponsor in named}
    )


def _budget_of(sponsor: str) -> Callable[[SponsorBudget], SponsorBudget]:
    return lambda budget: attrs.evolve(budget, sponsor=sponsor)


class _Settings(NamedTuple):
    guards: st.SearchStrategy[BalanceGuards]
    clawback: st.SearchStrategy[Clawback]
    agencies: st.SearchStrategy[Mapping[str, Agency]]
    sponsors: st.SearchStrategy[Mapping[str, SponsorBudget]]
    viewers: st.SearchStrategy[Mapping[str, Viewer]]
    history: st.SearchStrategy[History]
    idempotency: st.SearchStrategy[Idempotency]


def _applies(ledger: Ledger, event: LedgerEvent) -> bool:
    # Whether the ledger took the event (one it refuses changes nothing).
    try:
        ledger.apply(event)
    except GiftflowError:
        return False
    return True


@st.composite
def _ledger(draw: st.DrawFn, plan: _Plan, settings: _Settings) -> Ledger:
    profiles = draw(settings.viewers)
    represented = draw(settings.agencies)
    ledger = Ledger(
        plan.economy,
        guards=draw(settings.guards),
        clawback=draw(settings.clawback),
        agencies=represented,
        sponsors=draw(settings.sponsors),
        viewers=profiles,
        history=draw(settings.history),
        idempotency=draw(settings.idempotency),
    )
    cast = _Cast.of(profiles, represented)
    # Most ledgers start with viewers buying coins, each at the first instant it is on
    # sale; the events that follow name the viewers whose purchase the ledger took (if
    # any), so that gifts and refunds land.
    buyers: dict[str, None] = {}
    for index, viewer in enumerate(draw(st.lists(st.sampled_from(cast.viewers), max_size=4))):
        funding = _funding(draw, plan, viewer, f"p{index + 1}", first=True)
        if funding is not None and _applies(ledger, funding):
            buyers[viewer] = None
    cast = cast._replace(viewers=tuple(buyers) or cast.viewers)
    events = draw(st.lists(_from_draw(lambda d: _draw_event(d, plan, cast)), max_size=12))
    # The ledger refuses an event dated before the last one of an account it touches, so
    # events are applied in time order.
    for event in sorted(events, key=lambda event: _utc(event.at)):
        _applies(ledger, event)
    return ledger


def ledgers(
    *,
    economy: Economy | None = None,
    guards: BalanceGuards | st.SearchStrategy[BalanceGuards] | None = None,
    clawback: Clawback | st.SearchStrategy[Clawback] | None = None,
    agencies: Mapping[str, Agency] | st.SearchStrategy[Mapping[str, Agency]] | None = None,
    sponsors: Mapping[str, SponsorBudget]
    | st.SearchStrategy[Mapping[str, SponsorBudget]]
    | None = None,
    viewers: Mapping[str, Viewer] | st.SearchStrategy[Mapping[str, Viewer]] | None = None,
    history: History | st.SearchStrategy[History] = History.ALL,
    idempotency: Idempotency | st.SearchStrategy[Idempotency] = Idempotency.ALL,
) -> st.SearchStrategy[Ledger]:
    """Generate :class:`~giftflow.Ledger` holding what a random sequence of events left.

    The ledger is configured as the host's is: each argument is what
    :class:`~giftflow.Ledger` takes, given as a value (used as it is), a strategy (drawn
    for each ledger) or ``None``. Most ledgers start with a few viewers buying what
    ``economy`` sells; then events from :func:`ledger_events` (for this economy, these
    viewers and agencies) are applied in time order (the ledger refuses an event dated
    before an account's last one); those it refuses are skipped.

    Args:
        economy: The ledger's economy (any preset's or a hand-built one);
            ``presets.tiktok()`` if ``None``.
        guards: If ``None``, from :func:`balance_guards`.
        clawback: If ``None``, from :func:`clawbacks`.
        agencies: If ``None``, agencies from :func:`agencies` for some of a few creators.
        sponsors: If ``None``, budgets from :func:`sponsor_budgets` for some of the
            sponsors the economy's catalog names.
        viewers: If ``None``, a :class:`~giftflow.Viewer` profile from :func:`viewers`
            for each of a few viewers, so an economy's spending rules apply (TikTok's
            refuses the viewers under 18).
        history: How much of its journal the ledger keeps.
        idempotency: Which event ids it remembers.

    Raises:
        InvalidValueError: ``economy.price_book`` sells no coins in a month the catalog
            sends gifts in (no viewer could fund a gift; apply :func:`ledger_events` to
            a ledger of your own instead), or a value the Ledger refuses.
        InvalidTypeError: A value of the wrong type.

    >>> from hypothesis import find
    >>> from giftflow import BalanceGuards, Clawback, Coins, presets
    >>> from giftflow.testing import FIND_FIRST, assert_ledger_balanced
    >>> ledger = find(ledgers(), lambda ledger: len(ledger.journal) >= 2, settings=FIND_FIRST)
    >>> assert_ledger_balanced(ledger)
    >>> host = ledgers(economy=presets.youtube(), clawback=Clawback.WALLET_OVERDRAFT,
    ...                guards=BalanceGuards(viewer_overdraft=Coins(500)), agencies={})
    >>> ledger = find(host, lambda ledger: len(ledger.journal) >= 2, settings=FIND_FIRST)
    >>> ledger.clawback, ledger.guards.viewer_overdraft, dict(ledger.agencies)
    (<Clawback.WALLET_OVERDRAFT: 'wallet_overdraft'>, Coins(500), {})
    >>> assert_ledger_balanced(ledger)
    """
    check_economy("economy", economy)
    plan = _plan(economy)
    # The Ledger's own checks of the values the host gives (not of its strategies').
    checked_configuration(
        plan.economy,
        _given(guards, None),
        _given(clawback, Clawback.PLATFORM_ABSORBS),
        _given(agencies, None),
        _given(sponsors, None),
        _given(viewers, None),
        History.ALL if isinstance(history, st.SearchStrategy) else history,
        Idempotency.ALL if isinstance(idempotency, st.SearchStrategy) else idempotency,
    )
    plan.require_sales()
    settings = _Settings(
        guards=_setting(guards, balance_guards()),
        clawback=_setting(clawback, clawbacks()),
        agencies=_setting(agencies, _some_agencies()),
        sponsors=_setting(sponsors, _budgets(plan)),
        viewers=_setting(viewers, _profiles()),
        history=_setting(history, st.just(History.ALL)),
        idempotency=_setting(idempotency, st.just(Idempotency.ALL)),
    )
    return _ledger(plan, settings)


@st.composite
def _statement(draw: st.DrawFn) -> Statement:
    ledger = draw(ledgers())
    active = sorted(ledger.balances())
    pick_active: bool = draw(st.booleans())
    if active and pick_active:  # often an account the events moved
        account, code = draw(st.sampled_from(active))
    else:
        account = draw(accounts())
        code = draw(st.sampled_from(("coins", "diamonds", "USD")))
    unit = Coins if code == "coins" else Diamonds if code == "diamonds" else currency(code)
    start = _time_in(draw, _tiktok_plan().window) - timedelta(days=draw(st.integers(0, 30)))
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


def ledger_snapshots(
    *,
    economy: Economy | None = None,
    guards: BalanceGuards | st.SearchStrategy[BalanceGuards] | None = None,
    clawback: Clawback | st.SearchStrategy[Clawback] | None = None,
    agencies: Mapping[str, Agency] | st.SearchStrategy[Mapping[str, Agency]] | None = None,
    sponsors: Mapping[str, SponsorBudget]
    | st.SearchStrategy[Mapping[str, SponsorBudget]]
    | None = None,
    viewers: Mapping[str, Viewer] | st.SearchStrategy[Mapping[str, Viewer]] | None = None,
    history: History | st.SearchStrategy[History] = History.ALL,
    idempotency: Idempotency | st.SearchStrategy[Idempotency] = Idempotency.ALL,
) -> st.SearchStrategy[LedgerSnapshot]:
    """Generate :class:`~giftflow.LedgerSnapshot`: the snapshot of a ledger from :func:`ledgers`.

    Args:
        economy: As for :func:`ledgers`.
        guards: As for :func:`ledgers`.
        clawback: As for :func:`ledgers`.
        agencies: As for :func:`ledgers`.
        sponsors: As for :func:`ledgers`.
        viewers: As for :func:`ledgers`.
        history: As for :func:`ledgers`.
        idempotency: As for :func:`ledgers`.

    >>> from hypothesis import find
    >>> from giftflow import Ledger, presets
    >>> from giftflow.testing import FIND_FIRST
    >>> snapshot = find(ledger_snapshots(), lambda s: len(s.balances) > 0, settings=FIND_FIRST)
    >>> Ledger.restore(snapshot).snapshot() == snapshot
    True
    >>> bits = find(ledger_snapshots(economy=presets.twitch_bits()), lambda s: len(s.balances) > 0,
    ...             settings=FIND_FIRST)
    >>> Ledger.restore(bits).economy == presets.twitch_bits()
    True
    """
    made = ledgers(
        economy=economy,
        guards=guards,
        clawback=clawback,
        agencies=agencies,
        sponsors=sponsors,
        viewers=viewers,
        history=history,
        idempotency=idempotency,
    )
    return made.map(lambda ledger: ledger.snapshot())
