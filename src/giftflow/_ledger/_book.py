"""The ledger: one place where every movement of coins, diamonds and money is journalled.

:class:`Ledger` is an explicit state object whose only mutator is
:meth:`Ledger.apply`. Applying an event first computes its transaction and the
new state without touching anything, then checks the balance guards, and only
then commits; a refused event leaves the ledger exactly as it was. See
``docs/design.md`` ("The ledger") for why this shape and not an immutable snapshot.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from fractions import Fraction
from math import floor, lcm
from typing import Any

import attrs

from giftflow._cash_out._plan import Earning, PayoutLegKind
from giftflow._coins_in._fees import FeeKind
from giftflow._coins_in._wallet import CoinLot, LotKind, Wallet
from giftflow._coins_out._conversion import Carry, RevenueShare
from giftflow._coins_out._economy import Economy
from giftflow._coins_out._gifts import Agency, SponsorBudget, send_gift
from giftflow._ledger._events import (
    EVENT_KINDS,
    AccountForfeited,
    ChargedBack,
    CoinsExpired,
    CoinsPurchased,
    DiamondsReconverted,
    GiftSent,
    LedgerEvent,
    PayoutFailed,
    PayoutRequested,
    PayoutSettled,
    Refunded,
)
from giftflow._ledger._journal import (
    Account,
    AccountKind,
    Posting,
    Transaction,
    trusted_posting,
    trusted_transaction,
    whole_units,
)
from giftflow._ledger._statements import Statement, StatementLine
from giftflow._values._currency import Currency
from giftflow._values._errors import (
    AccountClosedError,
    CurrencyMismatchError,
    IdempotencyConflictError,
    InsufficientBalanceError,
    InsufficientCoinsError,
    InvalidTypeError,
    InvalidValueError,
)
from giftflow._values._money import ExactMoney, Money
from giftflow._values._money import _money as trusted_money
from giftflow._values._time import check_aware
from giftflow._values._units import Coins, Diamonds

__all__ = ["Applied", "BalanceGuards", "Clawback", "Ledger"]

K = AccountKind
_REVENUE = Account(K.PLATFORM_REVENUE)
_DEFERRED = Account(K.DEFERRED_REVENUE)
_COINS = Account(K.COIN_ISSUANCE)
_DIAMONDS = Account(K.DIAMOND_ISSUANCE)
_BREAKAGE = Account(K.BREAKAGE)


class Clawback(enum.Enum):
    """What a refund or chargeback does about coins the viewer has already spent.

    >>> [policy.value for policy in Clawback]
    ['platform_absorbs', 'wallet_overdraft', 'creator_clawback']
    """

    PLATFORM_ABSORBS = "platform_absorbs"
    """The platform refunds the money from its revenue; gifts already sent stand."""
    WALLET_OVERDRAFT = "wallet_overdraft"
    """The spent coins are taken from the viewer's other coins, then into overdraft
    (which the viewer's next purchase repays first); needs a viewer overdraft guard."""
    CREATOR_CLAWBACK = "creator_clawback"
    """Diamonds the spent coins earned are clawed back from the creators who got them,
    in proportion; a creator balance may go into overdraft if the guards allow."""


def _check_overdraft(kind: type) -> Any:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not kind or getattr(value, "amount", -1) < 0:
            raise InvalidValueError(
                attribute.name, value, f"must be {kind.__name__} >= 0", f"pass {kind.__name__}(0)"
            )

    return validate


@attrs.frozen(kw_only=True)
class BalanceGuards:
    """How far below zero a viewer's coins or a creator's diamonds may go (default: not at all).

    An overdraft arises only from a clawback; purchases and gifts never borrow.

    >>> BalanceGuards(creator_overdraft=Diamonds(500)).floor(AccountKind.CREATOR_BALANCE)
    -500
    >>> BalanceGuards().floor(AccountKind.PLATFORM_REVENUE) is None
    True
    """

    viewer_overdraft: Coins = attrs.field(default=Coins(0), validator=_check_overdraft(Coins))
    creator_overdraft: Diamonds = attrs.field(
        default=Diamonds(0), validator=_check_overdraft(Diamonds)
    )

    def floor(self, kind: AccountKind) -> int | None:
        """The lowest balance an account of ``kind`` may hold, or ``None`` if unguarded."""
        if kind is K.VIEWER_WALLET:
            return -self.viewer_overdraft.amount
        if kind is K.CREATOR_BALANCE:
            return -self.creator_overdraft.amount
        return None


@attrs.frozen
class Applied:
    """The outcome of :meth:`Ledger.apply`: the event's transaction, and whether it was a replay.

    A replay (the same event applied again) changes nothing and returns the
    transaction recorded the first time.

    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 11, 24, tzinfo=timezone.utc)
    >>> Applied(Transaction(event_id="x1", kind="coins_expired", at=at, postings=())).replayed
    False
    """

    transaction: Transaction
    replayed: bool = False


_set_transaction = Applied.__dict__["transaction"].__set__
_set_replayed = Applied.__dict__["replayed"].__set__


# -- internal state ---------------------------------------------------------------


class _Lot:
    """A lot the ledger holds for a viewer: the lot as credited, and the coins left in it."""

    __slots__ = ("key", "lot", "net_units", "remaining", "viewer")

    def __init__(self, viewer: str, lot: CoinLot, key: Any, scale: int) -> None:
        self.viewer = viewer
        self.lot = lot
        self.remaining = lot.coins.amount
        self.key = key
        # The net per coin in 1/scale minor units, where scale is the purchase's.
        self.net_units = int(lot.net_per_coin.minor * scale)


class _PurchaseState:
    """What the ledger remembers about one purchase, to release and refund it exactly.

    Drafts work on a copy (:meth:`copy`) and the copy replaces the original on
    commit; the two dicts are shared by copies, so code that changes them copies
    them first.
    """

    __slots__ = (
        "attributed",
        "clawed",
        "clawed_coins",
        "coins",
        "consumed",
        "currency",
        "gifted_coins",
        "gross",
        "legs",
        "net",
        "refunded",
        "refunded_coins",
        "refunded_legs",
        "scale",
        "viewer",
    )

    def __init__(
        self,
        viewer: str,
        currency: Currency,
        coins: int,
        gross: int,
        legs: tuple[tuple[Account, int], ...],
        net: int,
        scale: int,
    ) -> None:
        self.viewer = viewer
        self.currency = currency
        self.coins = coins
        self.gross = gross
        self.legs = legs  # tax and fees, in order; the net is what is left
        self.net = net
        # The exact net value of coins that left its lots, in 1/scale minor units: scale
        # is the common denominator of its lots' net per coin, so this stays an int.
        self.scale = scale
        self.consumed = 0
        self.refunded = 0  # gross refunded so far
        self.refunded_legs = (0,) * len(legs)
        self.refunded_coins = 0
        self.gifted_coins = 0
        self.attributed: dict[str, Fraction] = {}  # exact diamonds per creator
        self.clawed_coins = 0
        self.clawed: dict[str, int] = {}

    def copy(self) -> _PurchaseState:
        twin = object.__new__(_PurchaseState)
        twin.viewer, twin.currency, twin.coins = self.viewer, self.currency, self.coins
        twin.gross, twin.legs, twin.net, twin.scale = self.gross, self.legs, self.net, self.scale
        twin.consumed, twin.refunded = self.consumed, self.refunded
        twin.refunded_legs, twin.refunded_coins = self.refunded_legs, self.refunded_coins
        twin.gifted_coins, twin.attributed = self.gifted_coins, self.attributed
        twin.clawed_coins, twin.clawed = self.clawed_coins, self.clawed
        return twin


@attrs.define
class _Payout:
    creator: str
    diamonds: int
    resolved_by: str | None = None


class _Draft:
    """The postings and state changes of one event, collected before anything is committed."""

    __slots__ = ("clawback", "commits", "ledger", "metadata", "postings", "purchases", "taken")

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.postings: list[Posting] = []
        self.metadata: dict[str, str] = {}
        self.commits: list[Callable[[], None]] = []
        self.purchases: dict[str, _PurchaseState] = {}
        self.taken: dict[_Lot, int] = {}  # coins taken from lots, applied on commit
        self.clawback = False  # only a clawback may take a balance into overdraft

    def post(self, account: Account, amount: Money | Coins | Diamonds) -> None:
        if whole_units(amount):
            self.postings.append(trusted_posting(account, amount))

    def move(self, source: Account, target: Account, amount: Money | Coins | Diamonds) -> None:
        if whole_units(amount):
            self.postings.append(trusted_posting(source, -amount))
            self.postings.append(trusted_posting(target, amount))

    def purchase(self, purchase_id: str) -> _PurchaseState:
        """A working copy of a purchase's state (committed with the draft)."""
        state = self.purchases.get(purchase_id)
        if state is None:
            state = self.ledger._purchases[purchase_id].copy()
            self.purchases[purchase_id] = state
        return state

    def available(self, lot: _Lot) -> int:
        """Coins left in ``lot`` after what this draft already took."""
        return lot.remaining - self.taken.get(lot, 0)

    def take(self, lots: Iterable[_Lot], coins: int) -> list[tuple[_Lot, int]]:
        """Take up to ``coins`` from ``lots`` in order; return what was taken from each."""
        takes = []
        for lot in lots:
            if coins <= 0:
                break
            n = min(coins, self.available(lot))
            if n:
                self.taken[lot] = self.taken.get(lot, 0) + n
                takes.append((lot, n))
                coins -= n
        return takes

    def consume(self, takes: Iterable[tuple[_Lot, int]], to: Account | None) -> int:
        """Release the deferred money behind coins that left their lots, to ``to``.

        Released money is ``floor`` of the exact net value consumed so far, per
        purchase, so releases are whole minor units and a purchase whose coins
        are all gone has released exactly its net. With ``to=None`` only the
        deferred side is posted (the caller posts the other); returns the total
        released, in minor units.
        """
        total = 0
        for lot, n in takes:
            purchase_id = lot.lot.purchase_id
            if purchase_id is None:
                continue
            state = self.purchase(purchase_id)
            scale = state.scale
            before = state.consumed // scale
            state.consumed += lot.net_units * n
            released = trusted_money(state.consumed // scale - before, state.currency)
            self.post(_DEFERRED, -released)
            if to is not None:
                self.post(to, released)
            total += released.minor
        return total


# -- the ledger ---------------------------------------------------------------------


class Ledger:
    """Balances, wallets and the journal of an economy, changed only by :meth:`apply`.

    Args:
        economy: The platform configuration (catalog, conversion, rounding, spend policy).
        guards: How far viewer and creator balances may go below zero.
        clawback: What refunds do about coins already spent.
        agencies: Per creator, the agency that represents them.
        sponsors: Per sponsor id, the budget that pays for its sponsored gifts.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Channel, GiftEvent, checkout, presets
    >>> economy = presets.tiktok()
    >>> at = datetime(2026, 11, 24, 20, tzinfo=timezone.utc)
    >>> quote = economy.price_book.quote("coins_65", country="US", channel=Channel.IOS, at=at)
    >>> ledger = Ledger(economy)
    >>> _ = ledger.apply(CoinsPurchased(id="p1", viewer="v1",
    ...                                 purchase=checkout(quote, purchase_id="p1")))
    >>> gift = GiftEvent(id="g1", viewer="v1", gift="Rose", count=5, recipients="ana",
    ...                  country="US", at=at)
    >>> print(ledger.apply(GiftSent(gift=gift)).transaction)
    2026-11-24T20:00:00+00:00  gift_sent g1
      viewer_wallet:v1 -5 coins
      coin_issuance +5 coins
      deferred_revenue -0.05 USD
      platform_revenue +0.05 USD
      creator_balance:ana +5 diamonds
      diamond_issuance -5 diamonds
    >>> ledger.balance(Account(AccountKind.VIEWER_WALLET, "v1"), "coins")
    60
    >>> ledger.apply(GiftSent(gift=gift)).replayed
    True
    """

    def __init__(
        self,
        economy: Economy,
        *,
        guards: BalanceGuards | None = None,
        clawback: Clawback = Clawback.PLATFORM_ABSORBS,
        agencies: Mapping[str, Agency] | None = None,
        sponsors: Mapping[str, SponsorBudget] | None = None,
    ) -> None:
        if type(economy) is not Economy:
            raise InvalidTypeError("economy", economy, "must be an Economy", "presets.tiktok()")
        guards = BalanceGuards() if guards is None else guards
        if type(guards) is not BalanceGuards:
            raise InvalidTypeError("guards", guards, "must be BalanceGuards", "BalanceGuards()")
        if type(clawback) is not Clawback:
            raise InvalidTypeError(
                "clawback", clawback, "must be a Clawback", "Clawback.PLATFORM_ABSORBS"
            )
        agencies = dict(agencies or {})
        for creator, agency in agencies.items():
            if type(creator) is not str or type(agency) is not Agency:
                raise InvalidTypeError(
                    "agencies", (creator, agency), "must map creators to Agency", ""
                )
        sponsors = dict(sponsors or {})
        for sponsor, budget in sponsors.items():
            if type(budget) is not SponsorBudget or budget.sponsor != sponsor:
                raise InvalidValueError(
                    "sponsors",
                    (sponsor, budget),
                    "must map each sponsor id to its own SponsorBudget",
                    "pass {budget.sponsor: budget}",
                )
        self.economy = economy
        self.guards = guards
        self.clawback = clawback
        self.agencies: Mapping[str, Agency] = agencies
        self._sponsors: dict[str, SponsorBudget] = sponsors
        self._balances: dict[tuple[Account, str], int] = {}
        self._journal: list[Transaction] = []
        self._applied: dict[str, tuple[LedgerEvent, Transaction]] = {}
        self._events: list[LedgerEvent] = []
        self._initial_sponsors: Mapping[str, SponsorBudget] = dict(sponsors)
        self._lots: dict[str, list[_Lot]] = {}  # per viewer, in spending order
        self._overdraft: dict[str, int] = {}
        self._carry: dict[str, Fraction] = {}
        self._accounts: dict[tuple[AccountKind, str], Account] = {}
        self._sort_key = economy.spend_policy.sort_key
        self._ratios: dict[int, int | Fraction] = {}
        guarded = (K.VIEWER_WALLET, K.CREATOR_BALANCE)
        self._floors = {kind: guards.floor(kind) for kind in guarded}
        self._no_overdraft = dict.fromkeys(guarded, 0)
        self._purchases: dict[str, _PurchaseState] = {}
        self._agency_accrued: dict[str, Fraction] = {}
        self._sponsor_spent: dict[str, Fraction] = {}
        self._payouts: dict[str, _Payout] = {}
        self._closed: dict[str, str] = {}

    # -- reading ----------------------------------------------------------------

    def balance(self, account: Account, unit: str, *, at: datetime | None = None) -> int:
        """The balance of ``account`` in ``unit`` (minor units for money), now or as of ``at``.

        As of ``at`` counts every transaction effective at or before ``at``,
        whatever order the events were applied in.
        """
        if type(account) is not Account:
            raise InvalidTypeError("account", account, "must be an Account", "Account(kind, owner)")
        if at is None:
            return self._balances.get((account, unit), 0)
        check_aware("at", at)
        return sum(tx.amount(account, unit) for tx in self._journal if tx.at <= at)

    def balances(self) -> dict[tuple[Account, str], int]:
        """Every non-zero balance, by account and unit, sorted.

        >>> from giftflow import presets
        >>> Ledger(presets.tiktok()).balances()
        {}
        """
        return {key: value for key, value in sorted(self._balances.items()) if value}

    def totals(self) -> dict[str, int]:
        """The sum of all balances in each unit: zero in every unit, always.

        >>> from datetime import datetime, timezone
        >>> from giftflow import Channel, checkout, presets
        >>> economy = presets.tiktok()
        >>> quote = economy.price_book.quote("coins_65", country="US", channel=Channel.IOS,
        ...                                  at=datetime(2026, 11, 24, tzinfo=timezone.utc))
        >>> ledger = Ledger(economy)
        >>> _ = ledger.apply(CoinsPurchased(id="p1", viewer="v1",
        ...                                 purchase=checkout(quote, purchase_id="p1")))
        >>> ledger.totals()
        {'USD': 0, 'coins': 0}
        """
        sums: dict[str, int] = {}
        for (_, unit), value in self._balances.items():
            sums[unit] = sums.get(unit, 0) + value
        return sums

    @property
    def journal(self) -> tuple[Transaction, ...]:
        """Every transaction, in the order applied."""
        return tuple(self._journal)

    @property
    def events(self) -> tuple[LedgerEvent, ...]:
        """Every event applied (replays excluded), in order: replaying them rebuilds the ledger."""
        return tuple(self._events)

    def statement(
        self, account: Account, unit: str, *, start: datetime, end: datetime
    ) -> Statement:
        """``account``'s movements in ``unit`` from ``start`` (inclusive) to ``end`` (exclusive).

        >>> from datetime import datetime, timezone
        >>> from giftflow import Channel, GiftEvent, checkout, presets
        >>> economy, utc = presets.tiktok(), timezone.utc
        >>> ledger = Ledger(economy)
        >>> for day in (1, 2):
        ...     at = datetime(2026, 11, day, 20, tzinfo=utc)
        ...     quote = economy.price_book.quote("coins_65", country="US",
        ...                                      channel=Channel.IOS, at=at)
        ...     _ = ledger.apply(CoinsPurchased(id=f"p{day}", viewer="v1",
        ...                                     purchase=checkout(quote, purchase_id=f"p{day}")))
        ...     _ = ledger.apply(GiftSent(gift=GiftEvent(
        ...         id=f"g{day}", viewer="v1", gift="Rosa", count=day, recipients="ana",
        ...         country="US", at=at)))
        >>> print(ledger.creator_statement("ana", start=datetime(2026, 11, 2, tzinfo=utc),
        ...                                end=datetime(2026, 12, 1, tzinfo=utc)))
        creator_balance:ana in diamonds, 2026-11-02 00:00 to 2026-12-01 00:00
                          opening balance        10
        2026-11-02 20:00  gift_sent g2      +20  30
                          closing balance        30
        """
        if type(account) is not Account:
            raise InvalidTypeError("account", account, "must be an Account", "Account(kind, owner)")
        check_aware("start", start)
        check_aware("end", end)
        if end <= start:
            raise InvalidValueError("end", end, "must be after start", "pass a later end")
        entries = sorted(
            ((tx.at, index, tx) for index, tx in enumerate(self._journal) if tx.at < end),
            key=lambda entry: (entry[0], entry[1]),
        )
        balance = 0
        opening = 0
        lines = []
        for at, _, tx in entries:
            amount = tx.amount(account, unit)
            if not amount:
                continue
            balance += amount
            if at < start:
                opening = balance
            else:
                lines.append(
                    StatementLine(
                        at=at, event_id=tx.event_id, kind=tx.kind, amount=amount, balance=balance
                    )
                )
        return Statement(
            account=account,
            unit=unit,
            start=start,
            end=end,
            opening=opening,
            lines=tuple(lines),
            closing=balance,
        )

    def creator_statement(self, creator: str, *, start: datetime, end: datetime) -> Statement:
        """A creator's diamonds over a period: earned, clawed back, reserved, returned."""
        return self.statement(Account(K.CREATOR_BALANCE, creator), "diamonds", start=start, end=end)

    def viewer_history(self, viewer: str, *, start: datetime, end: datetime) -> Statement:
        """A viewer's coins over a period: bought, spent, refunded, expired."""
        return self.statement(Account(K.VIEWER_WALLET, viewer), "coins", start=start, end=end)

    def earnings(self, creator: str) -> tuple[Earning, ...]:
        """A creator's diamond earnings from gifts, in journal order, for :func:`plan_payout`.

        Each gift that credited the creator is one :class:`~giftflow.Earning`
        (clawbacks, reconversions and payouts are not earnings; pass payouts made
        as records, or plan from the balance).

        >>> from giftflow import presets
        >>> Ledger(presets.tiktok()).earnings("ana")
        ()
        """
        account = Account(K.CREATOR_BALANCE, creator)
        found = []
        for tx in self._journal:
            if tx.kind != "gift_sent":
                continue
            diamonds = tx.amount(account, "diamonds")
            if diamonds > 0:
                found.append(Earning(at=tx.at, diamonds=Diamonds(diamonds)))
        return tuple(found)

    def wallet(self, viewer: str) -> Wallet:
        """A viewer's coin lots, in spending order (their coins less any overdraft).

        >>> from giftflow import presets
        >>> Ledger(presets.tiktok()).wallet("v1").balance
        Coins(0)
        """
        return Wallet(
            tuple(
                held.lot
                if held.remaining == held.lot.coins.amount
                else attrs.evolve(held.lot, coins=Coins(held.remaining))
                for held in self._lots.get(viewer, ())
            )
        )

    def overdraft(self, viewer: str) -> Coins:
        """Coins a viewer owes after a clawback (repaid first by their next purchase)."""
        return Coins(self._overdraft.get(viewer, 0))

    @property
    def carry(self) -> Carry:
        """Creators' carried fractional diamonds."""
        return Carry(self._carry)

    def sponsor(self, sponsor: str) -> SponsorBudget:
        """A sponsor's budget as spent so far.

        Raises:
            InvalidValueError: The ledger was given no budget for ``sponsor``.
        """
        budget = self._sponsors.get(sponsor)
        if budget is None:
            raise InvalidValueError(
                "sponsor", sponsor, "has no budget in this ledger", "pass sponsors={id: budget}"
            )
        return budget

    def transaction(self, event_id: str) -> Transaction:
        """The transaction an event produced."""
        try:
            return self._applied[event_id][1]
        except KeyError:
            raise InvalidValueError(
                "event_id", event_id, "was never applied", "pass the id of an applied event"
            ) from None

    # -- applying ----------------------------------------------------------------

    def apply(self, event: LedgerEvent) -> Applied:
        """Apply ``event``: validate it, compute its transaction, check the guards, commit.

        Applying an event with an id seen before changes nothing: if it equals
        the first one, the result says ``replayed``; if it differs, the error
        names the fields. A refused event changes nothing and is not recorded,
        so it may be retried with the same id.

        Raises:
            IdempotencyConflictError: Same id, different content.
            InsufficientBalanceError: A guarded balance would fall below its floor.
            AccountClosedError: The event involves a forfeited account.
            GiftflowError: Any other refusal, naming the argument and the fix.
        """
        handler = _HANDLERS.get(type(event))
        if handler is None:
            raise InvalidTypeError(
                "event", event, "must be a ledger event", "e.g. CoinsPurchased or GiftSent"
            )
        event_id = event.id
        seen = self._applied.get(event_id)
        if seen is not None:
            if seen[0] == event:
                return Applied(seen[1], replayed=True)
            raise IdempotencyConflictError(event_id, _differences(seen[0], event))
        draft = _Draft(self)
        handler(self, event, draft)
        changes: dict[tuple[Account, str], int] = {}
        sums: dict[str, int] = {}
        for posting in draft.postings:
            amount = posting.amount
            if type(amount) is Money:
                unit, units = amount.currency.code, amount.minor
            else:
                unit, units = _UNIT_NAMES[type(amount)], amount.amount  # type: ignore[union-attr]
            key = (posting.account, unit)
            changes[key] = changes.get(key, 0) + units
            sums[unit] = sums.get(unit, 0) + units
        transaction = trusted_transaction(
            event_id,
            EVENT_KINDS[type(event)],
            event.at,
            tuple(draft.postings),
            draft.metadata,
            sums,
        )
        self._check_guards(changes, overdraft=draft.clawback)
        # Commit: nothing below can fail.
        for commit in draft.commits:
            commit()
        emptied = set()
        for lot, n in draft.taken.items():
            lot.remaining -= n
            if not lot.remaining:
                emptied.add(lot.viewer)
        for viewer in emptied:
            self._lots[viewer] = [lot for lot in self._lots[viewer] if lot.remaining]
        self._purchases.update(draft.purchases)
        balances = self._balances
        for key, change in changes.items():
            balances[key] = balances.get(key, 0) + change
        self._journal.append(transaction)
        self._applied[event_id] = (event, transaction)
        self._events.append(event)
        applied = object.__new__(Applied)  # trusted: both fields are known good
        _set_transaction(applied, transaction)
        _set_replayed(applied, False)
        return applied

    def _check_guards(self, changes: Mapping[tuple[Account, str], int], *, overdraft: bool) -> None:
        floors = self._floors if overdraft else self._no_overdraft
        for key, change in changes.items():
            if change >= 0:
                continue
            floor_ = floors.get(key[0].kind)
            if floor_ is None:
                continue
            balance = self._balances.get(key, 0)
            if balance + change < floor_:
                raise InsufficientBalanceError(
                    str(key[0]), key[1], balance, floor_, balance + change
                )

    def _account(self, kind: AccountKind, owner: str) -> Account:
        account = self._accounts.get((kind, owner))
        if account is None:
            account = self._accounts[(kind, owner)] = Account(kind, owner)
        return account

    def _open(self, argument: str, owner: str) -> None:
        closed_by = self._closed.get(owner)
        if closed_by is not None:
            raise AccountClosedError(argument, owner, closed_by)

    def _credit(
        self, viewer: str, lots: Iterable[CoinLot], draft: _Draft, scale: int = 1
    ) -> list[_Lot]:
        """New lots for ``viewer``, added on commit; returns the viewer's lots with them."""
        new = [_Lot(viewer, lot, self._sort_key(lot), scale) for lot in lots]
        merged = sorted([*self._lots.get(viewer, ()), *new], key=lambda held: held.key)
        draft.commits.append(lambda: self._lots.__setitem__(viewer, merged))
        return merged

    def _repay(self, viewer: str, lots: list[_Lot], coins: int, draft: _Draft) -> None:
        """Repay an overdraft from coins just credited (the lots hold nothing else then)."""
        owed = self._overdraft.get(viewer, 0)
        repaid = min(owed, coins)
        if not repaid:
            return
        draft.consume(draft.take(lots, repaid), _REVENUE)
        draft.metadata["overdraft_repaid"] = str(repaid)
        draft.commits.append(lambda: self._set_overdraft(viewer, owed - repaid))

    def _set_overdraft(self, viewer: str, owed: int) -> None:
        if owed:
            self._overdraft[viewer] = owed
        else:
            self._overdraft.pop(viewer, None)

    # -- coins in ------------------------------------------------------------------

    def _coins_purchased(self, event: CoinsPurchased, draft: _Draft) -> None:
        purchase, viewer = event.purchase, event.viewer
        self._open("viewer", viewer)
        if purchase.id in self._purchases:
            raise InvalidValueError(
                "purchase", purchase.id, "was already recorded", "give each purchase its own id"
            )
        breakdown = purchase.breakdown
        currency = breakdown.gross.currency
        legs: list[tuple[Account, int]] = [
            (Account(K.TAX_PAYABLE, purchase.quote.storefront.country), breakdown.tax.minor)
        ]
        for charge in breakdown.fees:
            kind = K.STORE_PAYABLE if charge.kind is FeeKind.STORE else K.PROCESSOR_PAYABLE
            legs.append((Account(kind, charge.name), charge.amount.minor))
        coins = purchase.coins.amount
        scale = lcm(*(lot.net_per_coin.minor.denominator for lot in purchase.lots))
        draft.purchases[purchase.id] = _PurchaseState(
            viewer, currency, coins, breakdown.gross.minor, tuple(legs), breakdown.net.minor, scale
        )
        draft.post(Account(K.EXTERNAL, viewer), -breakdown.gross)
        for account, amount in legs:
            draft.post(account, Money.of_minor(amount, currency))
        draft.post(_DEFERRED, breakdown.net)
        draft.move(_COINS, self._account(K.VIEWER_WALLET, viewer), Coins(coins))
        lots = self._credit(viewer, purchase.lots, draft, scale)
        self._repay(viewer, lots, coins, draft)
        draft.metadata["purchase"] = purchase.id

    # -- coins out -----------------------------------------------------------------

    def _gift_sent(self, event: GiftSent, draft: _Draft) -> None:
        gift = event.gift
        self._open("viewer", gift.viewer)
        for recipient in gift.recipients:
            self._open("recipients", recipient.creator)
        economy = self.economy
        found = economy.catalog.gift(gift.gift, country=gift.country, at=gift.at)
        policy = economy.conversion.at(gift.at)
        if (
            found.sponsor is None
            and len(gift.recipients) == 1
            and type(policy) is not RevenueShare
            and not (gift.battle and economy.battle_bonus)
            and gift.recipients[0].creator not in self.agencies
        ):
            self._plain_gift(event, found.name, found.price.amount * gift.count, policy, draft)
        else:
            self._any_gift(event, draft)

    def _plain_gift(
        self, event: GiftSent, name: str, coins: int, policy: Any, draft: _Draft
    ) -> None:
        """Send a plain gift: send_gift's arithmetic without its intermediate values.

        One recipient, no sponsor, agency or battle bonus, diamonds by coin count.
        Tests check that this path and :meth:`_any_gift` book the same.
        """
        gift = event.gift
        viewer, creator = gift.viewer, gift.recipients[0].creator
        lots = self._lots.get(viewer, ())
        takes = draft.take(lots, coins)
        taken = 0
        for _, n in takes:
            taken += n
        if taken < coins:
            raise InsufficientCoinsError(requested=coins, available=taken)
        draft.metadata["gift"] = name
        draft.move(self._account(K.VIEWER_WALLET, viewer), _COINS, Coins._of(coins))
        draft.consume(takes, _REVENUE)
        ratio = self._ratios.get(id(policy))  # the economy keeps its policies alive
        if ratio is None:  # diamonds per coin; an int when whole, so most gifts stay in ints
            per_coin = policy.diamonds_for(coins=1, net=None, metrics={})
            ratio = per_coin.numerator if per_coin.denominator == 1 else per_coin
            self._ratios[id(policy)] = ratio
        entitlement = coins * ratio
        carried = self._carry.get(creator)
        exact = entitlement if carried is None else entitlement + carried
        if exact.denominator == 1:
            units, remainder = exact.numerator, _ZERO
        else:
            rounded = self.economy.diamond_rounding.round(exact)
            units, remainder = rounded.units, rounded.remainder
        diamonds = Diamonds._of(units)
        draft.post(self._account(K.CREATOR_BALANCE, creator), diamonds)
        draft.post(_DIAMONDS, -diamonds)
        self._attribute(takes, coins, ((creator, entitlement),), draft)
        if remainder or carried is not None:
            draft.commits.append(lambda: self._set_carry(creator, remainder))

    def _set_carry(self, creator: str, remainder: Fraction) -> None:
        if remainder:
            self._carry[creator] = remainder
        else:
            self._carry.pop(creator, None)

    def _attribute(
        self,
        takes: list[tuple[_Lot, int]],
        total: int,
        earned: Iterable[tuple[str, Fraction | int]],
        draft: _Draft,
    ) -> None:
        """Remember which creators each purchase's coins paid, for a creator clawback."""
        if self.clawback is not Clawback.CREATOR_CLAWBACK:
            return
        earned = tuple(earned)
        for lot, n in takes:
            purchase_id = lot.lot.purchase_id
            if purchase_id is None:
                continue
            state = draft.purchase(purchase_id)
            state.gifted_coins += n
            draft.commits.append(
                lambda state=state, n=n: _add_attribution(state, earned, n, total)  # type: ignore[misc]
            )

    def _any_gift(self, event: GiftSent, draft: _Draft) -> None:
        gift = event.gift
        viewer = gift.viewer
        lots = self._lots.get(viewer, [])
        by_id = {held.lot.id: held for held in lots}
        receipt = send_gift(
            self.economy,
            self.wallet(viewer),
            gift,
            carry=self.carry,
            metrics=event.metrics,
            agencies=self.agencies,
            sponsors=self._sponsors,
        )
        draft.metadata["gift"] = receipt.gift.name
        takes = []
        for debit in receipt.debits:
            held = by_id[debit.lot_id]
            draft.taken[held] = draft.taken.get(held, 0) + debit.coins.amount
            takes.append((held, debit.coins.amount))
        if takes:
            draft.move(self._account(K.VIEWER_WALLET, viewer), _COINS, receipt.coins)
            draft.consume(takes, _REVENUE)
        sponsor = receipt.sponsor
        if sponsor is not None:
            spent = self._sponsor_spent.get(sponsor.sponsor, Fraction(0))
            now = spent + receipt.funding.net.minor
            charged = floor(now) - floor(spent)
            draft.move(
                Account(K.SPONSOR_BUDGET, sponsor.sponsor),
                _REVENUE,
                Money.of_minor(charged, receipt.funding.net.currency),
            )
            draft.metadata["sponsor"] = sponsor.sponsor
            draft.commits.append(lambda: self._sponsor_spent.__setitem__(sponsor.sponsor, now))
            draft.commits.append(lambda: self._sponsors.__setitem__(sponsor.sponsor, sponsor))
        for share in receipt.shares:
            draft.post(self._account(K.CREATOR_BALANCE, share.creator), share.diamonds)
        draft.post(_DIAMONDS, -receipt.diamonds)
        accrued: dict[str, Fraction] = {}
        for share in receipt.shares:
            if share.agency is None or share.agency_value is None:
                continue
            before = accrued.get(share.agency, self._agency_accrued.get(share.agency, _ZERO))
            after = before + share.agency_value.minor
            accrued[share.agency] = after
            draft.move(
                _REVENUE,
                Account(K.AGENCY_PAYABLE, share.agency),
                Money.of_minor(floor(after) - floor(before), share.agency_value.currency),
            )
        earned = ((s.creator, s.entitlement + s.battle_bonus) for s in receipt.shares)
        self._attribute(takes, receipt.coins.amount, earned, draft)
        carry = dict(receipt.carry.remainders)
        draft.commits.append(lambda: setattr(self, "_carry", carry))
        draft.commits.append(lambda: self._agency_accrued.update(accrued))

    # -- refunds and chargebacks ------------------------------------------------------

    def _refunded(self, event: Refunded | ChargedBack, draft: _Draft) -> None:
        if event.purchase_id not in self._purchases:
            raise InvalidValueError(
                "purchase_id",
                event.purchase_id,
                "names no recorded purchase",
                "apply its CoinsPurchased first",
            )
        state = draft.purchase(event.purchase_id)
        left = state.gross - state.refunded
        amount = left if event.amount is None else event.amount.minor
        if event.amount is not None and event.amount.currency != state.currency:
            raise CurrencyMismatchError("refund", state.currency, event.amount.currency)
        if left <= 0:
            raise InvalidValueError(
                "purchase_id",
                event.purchase_id,
                "has nothing left to refund",
                "refund nothing more",
            )
        if amount > left:
            raise InvalidValueError(
                "amount",
                event.amount,
                f"exceeds what is left to refund ({left} minor units)",
                "refund at most what is left, or pass amount=None",
            )
        currency, viewer = state.currency, state.viewer
        refunded = state.refunded + amount
        # Each leg's refund so far is floor(leg x refunded / gross), so the legs of any
        # sequence of partial refunds telescope to those of one full refund.
        legs_after = tuple(leg * refunded // state.gross for _, leg in state.legs)
        deltas = [
            after - before for after, before in zip(legs_after, state.refunded_legs, strict=True)
        ]
        net_refund = amount - sum(deltas)
        draft.post(Account(K.EXTERNAL, viewer), Money.of_minor(amount, currency))
        for (account, _), delta in zip(state.legs, deltas, strict=True):
            draft.post(account, Money.of_minor(-delta, currency))
        coins_after = state.coins * refunded // state.gross
        coins = coins_after - state.refunded_coins
        state.refunded, state.refunded_legs, state.refunded_coins = (
            refunded,
            legs_after,
            coins_after,
        )
        # Coins come back from the purchase's own lots first; their deferred money
        # goes towards the refund, and the platform pays the rest from revenue.
        lots = self._lots.get(viewer, [])
        own = [held for held in lots if held.lot.purchase_id == event.purchase_id]
        takes = draft.take(own, coins)
        returned = sum(n for _, n in takes)
        released = draft.consume(takes, None)
        draft.post(_REVENUE, Money.of_minor(released - net_refund, currency))
        shortfall = coins - returned
        draft.metadata.update(
            {
                "purchase": event.purchase_id,
                "coins_returned": str(returned),
                "coins_already_spent": str(shortfall),
            }
        )
        taken = returned
        draft.clawback = True
        if shortfall and self.clawback is Clawback.WALLET_OVERDRAFT:
            others = draft.take(lots, shortfall)
            draft.consume(others, _REVENUE)
            owed = self._overdraft.get(viewer, 0) + shortfall - sum(n for _, n in others)
            taken += shortfall
            draft.commits.append(lambda: self._set_overdraft(viewer, owed))
        elif shortfall and self.clawback is Clawback.CREATOR_CLAWBACK:
            self._claw_diamonds(state, shortfall, draft)
        draft.move(self._account(K.VIEWER_WALLET, viewer), _COINS, Coins(taken))
        if isinstance(event, ChargedBack) and event.fee is not None:
            draft.move(_REVENUE, Account(K.PROCESSOR_PAYABLE, event.fee_to), event.fee)

    _charged_back = _refunded

    def _claw_diamonds(self, state: _PurchaseState, coins: int, draft: _Draft) -> None:
        coins = min(coins, state.gifted_coins - state.clawed_coins)
        if coins <= 0:
            return
        state.clawed_coins += coins
        state.clawed = dict(state.clawed)  # shared with the committed state until now
        clawed_total = 0
        for creator, earned in sorted(state.attributed.items()):
            target = floor(earned * state.clawed_coins / state.gifted_coins)
            delta = target - state.clawed.get(creator, 0)
            state.clawed[creator] = target
            draft.post(self._account(K.CREATOR_BALANCE, creator), Diamonds(-delta))
            clawed_total += delta
        draft.post(_DIAMONDS, Diamonds(clawed_total))

    # -- expiry, forfeiture, reconversion ------------------------------------------

    def _coins_expired(self, event: CoinsExpired, draft: _Draft) -> None:
        cutoff = event.acquired_before
        lots = [held for held in self._lots.get(event.viewer, ()) if held.lot.acquired_at < cutoff]
        self._expire(event.viewer, lots, draft)

    def _expire(self, viewer: str, lots: list[_Lot], draft: _Draft) -> None:
        takes = draft.take(lots, sum(held.remaining for held in lots))
        coins = sum(n for _, n in takes)
        if not coins:
            return
        draft.move(self._account(K.VIEWER_WALLET, viewer), _BREAKAGE, Coins(coins))
        draft.consume(takes, _BREAKAGE)
        draft.metadata["coins_expired"] = str(coins)

    def _account_forfeited(self, event: AccountForfeited, draft: _Draft) -> None:
        owner = event.owner
        self._open("owner", owner)
        self._expire(owner, list(self._lots.get(owner, ())), draft)
        diamonds = self._balances.get((Account(K.CREATOR_BALANCE, owner), "diamonds"), 0)
        if diamonds > 0:
            draft.move(Account(K.CREATOR_BALANCE, owner), _BREAKAGE, Diamonds(diamonds))
            draft.metadata["diamonds_forfeited"] = str(diamonds)
        draft.commits.append(lambda: self._closed.__setitem__(owner, event.id))

    def _diamonds_reconverted(self, event: DiamondsReconverted, draft: _Draft) -> None:
        creator = event.creator
        self._open("creator", creator)
        coins = event.coins
        draft.move(Account(K.CREATOR_BALANCE, creator), _DIAMONDS, event.diamonds)
        draft.move(_COINS, self._account(K.VIEWER_WALLET, creator), coins)
        zero = ExactMoney.zero(self.economy.conversion.at(event.at).value_currency)
        lot = CoinLot(
            id=f"{event.id}/reconverted",
            kind=LotKind.RECONVERTED,
            coins=coins,
            acquired_at=event.at,
            net_per_coin=zero,
            gross_per_coin=zero,
            tax_per_coin=zero,
            store_fee_per_coin=zero,
            processor_fee_per_coin=zero,
        )
        lots = self._credit(creator, (lot,), draft)
        self._repay(creator, lots, coins.amount, draft)

    # -- payouts ------------------------------------------------------------------

    def _payout_requested(self, event: PayoutRequested, draft: _Draft) -> None:
        self._open("creator", event.creator)
        draft.move(
            Account(K.CREATOR_BALANCE, event.creator),
            Account(K.PAYOUT_CLEARING, event.creator),
            event.diamonds,
        )
        payout = _Payout(event.creator, event.diamonds.amount)
        draft.commits.append(lambda: self._payouts.__setitem__(event.id, payout))

    def _pending(self, payout_id: str) -> _Payout:
        payout = self._payouts.get(payout_id)
        if payout is None:
            raise InvalidValueError(
                "payout_id", payout_id, "names no requested payout", "apply PayoutRequested first"
            )
        if payout.resolved_by is not None:
            raise InvalidValueError(
                "payout_id",
                payout_id,
                f"was already resolved by event {payout.resolved_by!r}",
                "a payout settles or fails at most once",
            )
        return payout

    def _payout_settled(self, event: PayoutSettled, draft: _Draft) -> None:
        payout = self._pending(event.payout_id)
        settled = payout.diamonds if event.diamonds is None else event.diamonds.amount
        if settled > payout.diamonds:
            raise InvalidValueError(
                "diamonds",
                event.diamonds,
                f"exceeds the {payout.diamonds} reserved",
                "settle at most what was requested",
            )
        clearing = Account(K.PAYOUT_CLEARING, payout.creator)
        draft.move(clearing, _DIAMONDS, Diamonds(settled))
        draft.move(
            clearing,
            Account(K.CREATOR_BALANCE, payout.creator),
            Diamonds(payout.diamonds - settled),
        )
        for leg in event.legs:
            if leg.kind is PayoutLegKind.NET:
                target = Account(K.EXTERNAL, payout.creator)
            elif leg.kind is PayoutLegKind.WITHHOLDING:
                target = Account(K.TAX_PAYABLE, "withholding")
            else:
                target = Account(K.PROCESSOR_PAYABLE, leg.name)
            draft.move(_REVENUE, target, leg.amount)
        draft.metadata["payout"] = event.payout_id
        if event.residue is not None:
            draft.metadata["residue"] = str(event.residue)
        draft.commits.append(lambda: setattr(payout, "resolved_by", event.id))

    def _payout_failed(self, event: PayoutFailed, draft: _Draft) -> None:
        payout = self._pending(event.payout_id)
        draft.move(
            Account(K.PAYOUT_CLEARING, payout.creator),
            Account(K.CREATOR_BALANCE, payout.creator),
            Diamonds(payout.diamonds),
        )
        draft.metadata["payout"] = event.payout_id
        if event.reason:
            draft.metadata["reason"] = event.reason
        draft.commits.append(lambda: setattr(payout, "resolved_by", event.id))


def _add_attribution(
    state: _PurchaseState, earned: tuple[tuple[str, Fraction | int], ...], coins: int, total: int
) -> None:
    attributed = state.attributed
    for creator, diamonds in earned:
        attributed[creator] = attributed.get(creator, _ZERO) + Fraction(diamonds) * coins / total


_ZERO = Fraction(0)
_UNIT_NAMES: dict[type, str] = {Coins: "coins", Diamonds: "diamonds"}
_HANDLERS: dict[type, Callable[[Ledger, Any, _Draft], None]] = {
    kind: getattr(Ledger, f"_{name}") for kind, name in EVENT_KINDS.items()
}


def _differences(first: Any, second: Any) -> tuple[str, ...]:
    if type(first) is not type(second):
        return ("type",)
    return tuple(
        field.name
        for field in attrs.fields(type(first))
        if getattr(first, field.name) != getattr(second, field.name)
    ) or ("content",)
