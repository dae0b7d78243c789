"""The ledger: one place where every movement of coins, diamonds and money is journalled.

:class:`Ledger` is an explicit state object whose only mutator is
:meth:`Ledger.apply`. Applying an event first computes its transaction and the
new state without touching anything, then checks the balance guards, and only
then commits; a refused event leaves the ledger exactly as it was. See
``docs/design.md`` ("The ledger") for why this shape and not an immutable snapshot.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from fractions import Fraction
from types import MappingProxyType
from typing import overload

from giftflow._cash_out._plan import Earning, PayoutPlan, PayoutRecord
from giftflow._cash_out._policy import Creator, PayoutPolicy
from giftflow._cash_out._valuation import DiamondValuation, FxRates
from giftflow._coins_in._rules import Viewer
from giftflow._coins_in._wallet import Wallet
from giftflow._coins_out._conversion import Carry
from giftflow._coins_out._economy import Economy
from giftflow._coins_out._gifts import SponsorBudget
from giftflow._coins_out._issuance import Agency
from giftflow._ledger import _booking, _booking_payouts
from giftflow._ledger._config import Guards, checked_configuration
from giftflow._ledger._errors import ConcurrentApplyError
from giftflow._ledger._events import EVENT_KINDS, LedgerEvent
from giftflow._ledger._idempotency import Seen
from giftflow._ledger._index import ReadIndex, View, sorted_balances
from giftflow._ledger._journal import (
    Account,
    AccountKind,
    Amount,
    Transaction,
    Unit,
    amount_in,
    net_changes,
    unit_key,
)
from giftflow._ledger._options import Applied, BalanceGuards, Clawback, History, Idempotency
from giftflow._ledger._payable_events import PAYABLE_KINDS
from giftflow._ledger._payouts import (
    DiamondBalance,
    diamond_balance,
    note_transaction,
    plan_from_book,
    records,
)
from giftflow._ledger._snapshot import (
    LedgerSnapshot,
    configuration_of,
    journal_not_whole,
    restore_state,
    snapshot_of,
)
from giftflow._ledger._spending import Spending
from giftflow._ledger._state import Draft, State
from giftflow._ledger._statements import Statement
from giftflow._ledger._tables import ledger_html, ledger_records, ledger_repr
from giftflow._values._checks import check_aware, valid_name
from giftflow._values._currency import Currency
from giftflow._values._errors import InvalidTypeError, InvalidValueError
from giftflow._values._money import Money
from giftflow._values._rounding import Rounding
from giftflow._values._units import Coins, Diamonds

__all__ = ["Applied", "BalanceGuards", "Clawback", "History", "Idempotency", "Ledger"]

K = AccountKind
BOOKINGS = {**_booking.BOOKINGS, **_booking_payouts.BOOKINGS}  # each event kind's booking


class Ledger:
    """Balances, wallets and the journal of an economy, changed only by :meth:`apply`.

    Args:
        economy: The platform configuration (catalog, conversion, rounding, spend policy).
        guards: How far viewer and creator balances may go below zero.
        clawback: What refunds do about coins already spent.
        agencies: Per creator, the agency that represents them.
        sponsors: Per sponsor id, the budget that pays for its sponsored gifts.
        viewers: Per viewer id, who they are (country, birth date). When the economy
            has ``spending_rules``, every purchase and gift is checked against them
            (see :meth:`apply`); a viewer with no profile here cannot buy or gift
            under a minimum age rule.
        history: How much of the journal and event log to keep in memory (all by
            default); the books never depend on it (``docs/design.md``, "State and
            history").
        idempotency: Which event ids to remember, to recognise replays (all by default).

    >>> from datetime import date, datetime, timezone
    >>> from giftflow import Channel, Coins, GiftEvent, Viewer, checkout, presets
    >>> economy = presets.tiktok()
    >>> at = datetime(2026, 11, 24, 20, tzinfo=timezone.utc)
    >>> quote = economy.price_book.quote("coins_65", country="US", channel=Channel.IOS, at=at)
    >>> ledger = Ledger(economy, viewers={"v1": Viewer(country="US", birth_date=date(1990, 5, 1))})
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
    >>> ledger.balance(Account(AccountKind.VIEWER_WALLET, "v1"), Coins)
    Coins(60)
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
        viewers: Mapping[str, Viewer] | None = None,
        history: History = History.ALL,
        idempotency: Idempotency = Idempotency.ALL,
    ) -> None:
        guards, agencies, sponsors, viewers = checked_configuration(
            economy, guards, clawback, agencies, sponsors, viewers, history, idempotency
        )
        self.economy = economy
        self.viewers: Mapping[str, Viewer] = MappingProxyType(viewers)
        rules = economy.spending_rules
        self._spending = None if rules is None else Spending(rules, self.viewers)
        self.guards = guards
        self.clawback = clawback
        self.agencies: Mapping[str, Agency] = agencies
        self._initial_sponsors: Mapping[str, SponsorBudget] = dict(sponsors)
        self._state = State(
            economy,
            agencies,
            sponsors,
            overdraws=clawback is Clawback.WALLET_OVERDRAFT,
            attributes=clawback is Clawback.CREATOR_CLAWBACK,
            keep=history.keep,
        )
        self.history = history
        self.idempotency = idempotency
        self._seen = Seen(idempotency.keep)
        self._whole = history is History.ALL  # the journal holds every transaction booked
        self._guards = Guards(guards)
        self._index = ReadIndex() if history is History.ALL else None
        # One writer: held while an event is applied, never waited for (see apply).
        self._writing = threading.Lock()

    to_records, __repr__, _repr_html_ = ledger_records, ledger_repr, ledger_html  # _tables

    # -- reading ----------------------------------------------------------------

    @overload
    def balance(
        self, account: Account, unit: type[Coins], *, at: datetime | None = ...
    ) -> Coins: ...
    @overload
    def balance(
        self, account: Account, unit: type[Diamonds], *, at: datetime | None = ...
    ) -> Diamonds: ...
    @overload
    def balance(self, account: Account, unit: Currency, *, at: datetime | None = ...) -> Money: ...
    def balance(self, account: Account, unit: Unit, *, at: datetime | None = None) -> Amount:
        """The balance of ``account`` in ``unit`` (``Coins``, ``Diamonds`` or a currency), now or as of ``at``.

        The result is in that unit: ``Coins``, ``Diamonds`` or ``Money``.

        As of ``at`` counts every transaction effective at or before ``at``,
        whatever order the events were applied in: a bisect of the account's movements,
        which the ledger indexes while it keeps its whole journal (``History.ALL``, not
        restored).

        Raises:
            InvalidTypeError: ``unit`` is not ``Coins``, ``Diamonds`` or a Currency (a
                string such as ``"diamonds"`` is refused: pass the class).
            InvalidValueError: ``at`` is given and the ledger's journal is not whole.
        """
        if type(account) is not Account:
            raise InvalidTypeError("account", account, "must be an Account", "Account(kind, owner)")
        key = (account, unit_key("unit", unit))
        if at is None:
            return amount_in(unit, self._state.balances.get(key, 0))
        check_aware("at", at)
        return amount_in(unit, self._read("balance(at=...)").balance_at(key, at))

    def balances(self) -> dict[tuple[Account, str], int]:
        """Every non-zero balance, by account and unit, sorted (kept in order as they appear).

        >>> from giftflow import presets
        >>> Ledger(presets.tiktok()).balances()
        {}
        """
        return self._sorted_balances()

    def payables(self) -> dict[tuple[Account, str], int]:
        """What the platform owes, by payable and currency: every non-zero payable balance, sorted.

        The payables are the accounts :class:`~giftflow.PayableSettled` and
        :class:`~giftflow.StoreSettled` settle: agencies, tax authorities, stores and
        processors. A negative balance is owed back to the platform (a refund of a
        leg already settled).

        >>> from datetime import date, datetime, timezone
        >>> from giftflow import Channel, CoinsPurchased, Ledger, Viewer, checkout, presets
        >>> economy = presets.tiktok()
        >>> adult = Viewer(country="US", birth_date=date(1990, 5, 1))
        >>> quote = economy.price_book.quote("coins_65", country="US", channel=Channel.IOS,
        ...                                  at=datetime(2026, 11, 24, tzinfo=timezone.utc))
        >>> ledger = Ledger(economy, viewers={"v1": adult})
        >>> _ = ledger.apply(CoinsPurchased(id="p1", viewer="v1",
        ...                                 purchase=checkout(quote, purchase_id="p1")))
        >>> {str(account): minor for (account, _), minor in ledger.payables().items()}
        {'store_payable:apple': 30}
        """
        balances = self._sorted_balances()
        return {key: value for key, value in balances.items() if key[0].kind in PAYABLE_KINDS}

    def totals(self) -> dict[str, int]:
        """The sum of all balances in each unit, by unit: zero in every unit, always.

        >>> from datetime import date, datetime, timezone
        >>> from giftflow import Channel, CoinsPurchased, Viewer, checkout, presets
        >>> economy = presets.tiktok()
        >>> quote = economy.price_book.quote("coins_65", country="US", channel=Channel.IOS,
        ...                                  at=datetime(2026, 11, 24, tzinfo=timezone.utc))
        >>> adult = Viewer(country="US", birth_date=date(1990, 5, 1))
        >>> ledger = Ledger(economy, viewers={"v1": adult})
        >>> _ = ledger.apply(CoinsPurchased(id="p1", viewer="v1",
        ...                                 purchase=checkout(quote, purchase_id="p1")))
        >>> ledger.totals()
        {'USD': 0, 'coins': 0}
        """
        sums: dict[str, int] = {}
        for (_, unit), value in self._state.balances.items():
            sums[unit] = sums.get(unit, 0) + value
        return dict(sorted(sums.items()))

    def residues(self) -> dict[str, Fraction]:
        """Per currency, the rounding residue within one minor unit not in the rounding account.

        Conversions and payouts round to whole minor units; their exact remainders
        add up per currency, the rounding account holds the running total rounded
        toward zero and this is the rest, in ``(-1, 1)`` minor units, so
        ``balance(ROUNDING) + residue`` is every remainder ever booked, exactly.

        >>> from giftflow import presets
        >>> Ledger(presets.tiktok()).residues()
        {}
        """
        return {
            code: total - int(total)
            for code, total in sorted(self._state.residues.items())
            if total != int(total)
        }

    @property
    def journal(self) -> Sequence[Transaction]:
        """Every transaction, in the order applied: a read-only view, live (not a copy).

        ``len(ledger.journal)`` and ``ledger.journal[-1]`` copy nothing; a slice is a
        tuple, and ``tuple(ledger.journal)`` a snapshot that later events do not change.
        """
        return View(self._state.journal)

    @property
    def events(self) -> Sequence[LedgerEvent]:
        """Every event applied (replays excluded), in order: replaying them rebuilds the ledger.

        A read-only view, live, like :attr:`journal`.
        """
        return View(self._state.events)

    def statement(
        self, account: Account, unit: Unit, *, start: datetime, end: datetime
    ) -> Statement:
        """``account``'s movements in ``unit`` from ``start`` (inclusive) to ``end`` (exclusive).

        Read from the journal, which must hold every transaction (``History.ALL``, a
        ledger not restored from a snapshot); else rebuild it from the journal the host
        persisted with :meth:`Statement.of <giftflow.Statement.of>`.

        >>> from datetime import date, datetime, timezone
        >>> from giftflow import (Channel, CoinsPurchased, GiftEvent, GiftSent, Viewer,
        ...                       checkout, presets)
        >>> economy, utc = presets.tiktok(), timezone.utc
        >>> ledger = Ledger(economy, viewers={"v1": Viewer(country="US",
        ...                                                birth_date=date(1990, 5, 1))})
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
        key = (account, unit_key("unit", unit))
        check_aware("start", start)
        check_aware("end", end)
        if end <= start:
            raise InvalidValueError("end", end, "must be after start", "pass a later end")
        return self._read("statement").statement(key, start, end)

    def creator_statement(self, creator: str, *, start: datetime, end: datetime) -> Statement:
        """A creator's diamonds over a period: earned, clawed back, reserved, returned."""
        account = Account(K.CREATOR_BALANCE, valid_name("creator", creator))
        return self.statement(account, Diamonds, start=start, end=end)

    def viewer_history(self, viewer: str, *, start: datetime, end: datetime) -> Statement:
        """A viewer's coins over a period: bought, spent, refunded, expired."""
        account = Account(K.VIEWER_WALLET, valid_name("viewer", viewer))
        return self.statement(account, Coins, start=start, end=end)

    def earnings(self, creator: str) -> tuple[Earning, ...]:
        """A creator's diamond earnings from gifts, in journal order.

        Each gift that credited the creator is one :class:`~giftflow.Earning`, before
        clawbacks, reconversions and payouts; :meth:`plan_payout` plans from the book
        (its state, never the journal). Read from the journal, which must be whole
        (see :meth:`statement`).

        >>> from giftflow import presets
        >>> Ledger(presets.tiktok()).earnings("ana")
        ()
        """
        return self._read("earnings").earnings(valid_name("creator", creator))

    def diamonds(self, creator: str) -> DiamondBalance:
        """A creator's diamonds: posted, pending (reserved by payouts in flight), available.

        >>> from giftflow import presets
        >>> Ledger(presets.tiktok()).diamonds("ana").available
        Diamonds(0)
        """
        return diamond_balance(self._state, valid_name("creator", creator))

    def payout_records(self, creator: str) -> tuple[PayoutRecord, ...]:
        """A creator's payouts not failed, as :meth:`plan_payout` counts them, in request order.

        A settled payout counts the diamonds that settled; ``amount`` is their value at
        the request, rounded up (``docs/design.md``, "Payouts from the book").

        >>> from giftflow import presets
        >>> Ledger(presets.tiktok()).payout_records("ana")
        ()
        """
        return records(self._state, valid_name("creator", creator))

    def plan_payout(
        self,
        creator: str,
        policy: PayoutPolicy,
        *,
        now: datetime,
        profile: Creator,
        method: str | None = None,
        payout_currency: Currency | str | None = None,
        rounding: Rounding = Rounding.DOWN,
        fx: FxRates | None = None,
        requested: Diamonds | None = None,
        valuation: DiamondValuation | None = None,
    ) -> PayoutPlan:
        """:func:`~giftflow.plan_payout` for ``creator`` from what the book holds.

        Earnings are the gifts net of clawbacks, reconversions and forfeiture (oldest
        first), payouts are :meth:`payout_records`: the plan never withdraws more than is
        available, and limits count the ledger's own payouts. ``profile`` is who is
        paid. Defaults: the policy's first method, the valuation's currency, rounding
        down (never more than the diamonds are worth), the economy's valuation.

        Raises:
            InvalidValueError: ``now`` is before the creator's last event.
            AccountClosedError: The creator's account was forfeited.

        >>> from datetime import date, datetime, timezone
        >>> from giftflow import Creator, Rounding, presets
        >>> plan = Ledger(presets.tiktok()).plan_payout(
        ...     "ana", presets.tiktok_payout_policy(), now=datetime(2026, 12, 1, tzinfo=timezone.utc),
        ...     profile=Creator(country="US", birth_date=date(1990, 1, 1)))
        >>> plan.pays, plan.reasons[0].kind.value
        (False, 'nothing_to_pay')
        """
        return plan_from_book(
            self._state,
            creator,
            policy,
            now=now,
            method=method,
            payout_currency=payout_currency,
            profile=profile,
            rounding=rounding,
            fx=fx,
            requested=requested,
            valuation=valuation,
        )

    def wallet(self, viewer: str) -> Wallet:
        """A viewer's coin lots, in spending order (their coins less any overdraft).

        >>> from giftflow import presets
        >>> Ledger(presets.tiktok()).wallet("v1").balance
        Coins(0)
        """
        return self._state.wallet(valid_name("viewer", viewer))

    def overdraft(self, viewer: str) -> Coins:
        """Coins a viewer owes after a clawback (repaid first by their next purchase)."""
        return Coins(self._state.overdraft.get(valid_name("viewer", viewer), 0))

    @property
    def carry(self) -> Carry:
        """Creators' carried fractional diamonds."""
        return self._state.carried()

    def sponsor(self, sponsor: str) -> SponsorBudget:
        """A sponsor's budget as spent so far.

        Raises:
            InvalidValueError: The ledger was given no budget for ``sponsor``.
        """
        budget = self._state.sponsors.get(valid_name("sponsor", sponsor))
        if budget is None:
            raise InvalidValueError(
                "sponsor", sponsor, "has no budget in this ledger", "pass sponsors={id: budget}"
            )
        return budget

    def transaction(self, event_id: str) -> Transaction:
        """The transaction an event produced, while the ledger's ``history`` keeps it."""
        found = self._seen.transaction(valid_name("event_id", event_id))
        if found is None:
            raise InvalidValueError(
                "event_id",
                event_id,
                "was never applied, or its transaction is no longer kept (history)",
                "pass the id of an applied event, or read your persisted journal",
            )
        return found

    def _read(self, read: str) -> ReadIndex:
        # Reads of history use the index, kept while the journal is whole.
        if self._index is None or not self._whole:
            raise journal_not_whole(self.history, read)
        return self._index

    def _sorted_balances(self) -> dict[tuple[Account, str], int]:
        return sorted_balances(self._index, self._state.balances)

    # -- state apart from history -------------------------------------------------

    def snapshot(self) -> LedgerSnapshot:
        """The ledger's configuration and state without its journal, in time and space of the state.

        >>> from giftflow import presets
        >>> Ledger(presets.tiktok()).snapshot().balances
        ()
        """
        return snapshot_of(
            self._state,
            self._spending,
            self._seen,
            economy=self.economy,
            guards=self.guards,
            clawback=self.clawback,
            agencies=self.agencies,
            sponsors=self._initial_sponsors,
            viewers=self.viewers,
            idempotency=self.idempotency,
        )

    @classmethod
    def restore(cls, snapshot: LedgerSnapshot, *, history: History = History.ALL) -> Ledger:
        """A ledger in the state of ``snapshot``: fed the same events, it books what the original does.

        The snapshot holds the configuration, which decides how events are booked; only
        ``history`` (what is kept in memory) is chosen here. The journal starts empty, so
        reads of the whole journal are refused, and so is ``to_data`` of the ledger
        (store ``ledger.snapshot()`` instead).

        >>> from giftflow import presets
        >>> Ledger.restore(Ledger(presets.tiktok()).snapshot(), history=History.NONE).balances()
        {}
        """
        ledger = cls(**configuration_of(snapshot), history=history)
        restore_state(snapshot, ledger._state, ledger._spending, ledger._seen)
        ledger._whole = False
        ledger._index = None  # its movements before the snapshot are not known
        return ledger

    # -- applying ----------------------------------------------------------------

    def apply(self, event: LedgerEvent) -> Applied:
        """Apply ``event``: validate it, compute its transaction, check the guards, commit.

        Applying an event with an id seen before changes nothing: if it equals
        the first one, the result says ``replayed``; if it differs, the error
        names the fields. A refused event changes nothing and is not recorded,
        so it may be retried with the same id.

        When the economy has ``spending_rules``, a purchase (its gross money) and a
        gift (the coins it takes from the wallet) must pass
        :meth:`SpendingRules.check <giftflow.SpendingRules.check>` for the viewer's
        profile in ``viewers`` and the spends this ledger booked before it. Money
        caps count purchases, coin caps count gifts (``docs/design.md``, "Spending
        rules").

        >>> from datetime import datetime, timezone
        >>> from giftflow import Channel, Coins, CoinsPurchased, Ledger, checkout, presets
        >>> economy = presets.youtube_supers()
        >>> ledger = Ledger(economy)
        >>> for n in range(3):
        ...     at = datetime(2026, 11, 24, 12, n, tzinfo=timezone.utc)
        ...     quote = economy.price_book.quote_custom(Coins(20_000), country="US",
        ...                                             channel=Channel.WEB, at=at)
        ...     _ = ledger.apply(CoinsPurchased(id=f"sc{n}", viewer="v1",
        ...                                     purchase=checkout(quote, purchase_id=f"sc{n}")))
        Traceback (most recent call last):
        ...
        giftflow.SpendingRefusedError: purchase.breakdown.gross: coins_purchased 'sc2' by viewer 'v1' at 2026-11-24T12:02:00+00:00 is refused by economy.spending_rules, and nothing changed: supers per day: 400.00 USD spent + 200.00 USD attempted exceeds the limit of 500.00 USD by 100.00 USD (rolling_day: counted from 2026-11-23T12:02:00+00:00); supers per day leaves room for 100.00 USD in this period; ...
        >>> [event.id for event in ledger.events]
        ['sc0', 'sc1']

        Raises:
            IdempotencyConflictError: Same id, different content.
            SpendingRefusedError: The economy's spending rules refuse the purchase or
                gift; the error carries the decision and the numbers.
            InsufficientBalanceError: A guarded balance would fall below its floor.
            AccountClosedError: The event involves a forfeited account.
            EventOrderError: The event is dated before the last event of an account it
                touches, or before what it spends, refunds, expires or settles.
            ConcurrentApplyError: Another thread is applying an event to this ledger
                (a ledger has one writer; the call is refused, nothing is read).
            GiftflowError: Any other refusal, naming the argument and the fix.
        """
        writing = self._writing
        if not writing.acquire(blocking=False):
            raise ConcurrentApplyError(getattr(event, "id", None))
        try:
            return self._apply(event)
        finally:
            writing.release()

    def _apply(self, event: LedgerEvent) -> Applied:
        book = BOOKINGS.get(type(event))
        if book is None:
            raise InvalidTypeError(
                "event", event, "must be a ledger event", "e.g. CoinsPurchased or GiftSent"
            )
        event_id = event.id
        state = self._state
        replay = self._seen.replay(event)
        if replay is not None:
            return replay
        at = event.at
        draft = Draft(state, at)
        book(state, event, draft)
        spending = self._spending
        if spending is not None and draft.spend is not None:
            spending.check(draft, EVENT_KINDS[type(event)], event_id, draft.spend)
        changes, sums = net_changes(draft.postings)
        transaction = Transaction._unchecked(
            event_id,
            EVENT_KINDS[type(event)],
            at,
            tuple(draft.postings),
            draft.metadata,
            sums,
        )
        self._guards.check(state.balances, changes, overdraft=draft.clawback)
        draft.commit(event_id, changes)  # nothing from here on can fail
        note_transaction(state, changes, transaction)
        self._seen.commit(state, event, transaction, self.history.keep)
        if self._index is not None:
            self._index.add(at, event_id, transaction.kind, changes)
        return Applied._unchecked(transaction, False)
