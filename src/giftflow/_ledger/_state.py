"""The ledger's working state, and the draft an event is booked into before it commits.

:class:`State` holds everything a :class:`~giftflow.Ledger` remembers besides its
configuration: balances, the journal it keeps, lots per viewer, carried diamonds,
purchases being released, pending payouts, closed accounts, creators' unpaid earnings.
Everything but the journal and the event log is the state a snapshot holds
(``_snapshot``); nothing that books an event reads the journal. Only the booking functions
(``_booking``) change it, and only through the commits of a :class:`Draft`, which
run after every check has passed; a refused event leaves the state untouched.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, MutableSequence
from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from giftflow._coins_in._lots import CoinLot, is_expired
from giftflow._coins_in._wallet import Wallet
from giftflow._coins_out._conversion import Carry, ConversionPolicy
from giftflow._coins_out._economy import Economy
from giftflow._coins_out._issuance import Agency, Issuance
from giftflow._ledger._errors import AccountClosedError, EventOrderError
from giftflow._ledger._journal import Account, AccountKind, Posting, Transaction, whole_units
from giftflow._values._currency import Currency
from giftflow._values._fx import converted_minor
from giftflow._values._money import ExactMoney, Money
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding
from giftflow._values._units import Coins, Diamonds

if TYPE_CHECKING:  # annotations only: the state never builds events or budgets
    from giftflow._coins_out._gifts import SponsorBudget
    from giftflow._ledger._events import LedgerEvent

__all__ = [
    "DEFERRED",
    "FX",
    "ROUNDING",
    "Draft",
    "HeldLot",
    "PendingPayout",
    "PurchaseState",
    "State",
    "Unpaid",
    "released",
]

K = AccountKind
DEFERRED = Account(K.DEFERRED_REVENUE)
FX = Account(K.FX_CONVERSION)
ROUNDING = Account(K.ROUNDING)
_posting = Posting._unchecked
_money = Money._unchecked


def released(before: int | Fraction, after: int | Fraction, scale: int = 1) -> int:
    """Whole units released when an exact running total grows from ``before`` to ``after``.

    Both totals are in ``1/scale`` units. What has been released so far is always
    ``floor`` of the running total, so releases are whole, never run ahead of what
    is owed, and a total that reaches a whole number has released exactly it: the
    rule for deferred revenue, agency commissions, sponsor charges and refunds.

    >>> released(Fraction(1, 3), Fraction(5, 3)), released(7, 15, scale=4)
    (1, 2)
    """
    return after // scale - before // scale


class HeldLot:
    """A lot the ledger holds for a viewer: the lot as credited, and the coins left in it."""

    __slots__ = ("key", "lot", "net_units", "remaining", "viewer")

    def __init__(self, viewer: str, lot: CoinLot, key: Any, scale: int) -> None:
        self.viewer = viewer
        self.lot = lot
        self.remaining = lot.coins.amount
        self.key = key
        # The net per coin in 1/scale minor units, where scale is the purchase's.
        self.net_units = int(lot.net_per_coin.minor * scale)

    @classmethod
    def _restored(cls, viewer: str, lot: CoinLot, key: Any, scale: int, remaining: int) -> HeldLot:
        """A lot as a snapshot holds it: credited as ``lot``, ``remaining`` coins left."""
        held = cls(viewer, lot, key, scale)
        held.remaining = remaining
        return held


class PurchaseState:
    """What the ledger remembers about one purchase, to release and refund it exactly.

    Drafts work on a copy (:meth:`copy`) and the copy replaces the original on
    commit; the two dicts are shared by copies, so code that changes them copies
    them first.
    """

    __slots__ = (
        "at",
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
        "scale",
        "viewer",
    )

    def __init__(
        self,
        viewer: str,
        at: datetime,
        currency: Currency,
        coins: int,
        gross: int,
        legs: tuple[tuple[Account, int], ...],
        net: int,
        scale: int,
    ) -> None:
        self.viewer = viewer
        self.at = at  # when the purchase was booked: nothing may refund it earlier
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
        self.gifted_coins = 0
        self.attributed: dict[str, Fraction] = {}  # exact diamonds per creator
        self.clawed_coins = 0
        self.clawed: dict[str, int] = {}

    def _restore(
        self,
        consumed: int,
        refunded: int,
        gifted_coins: int,
        attributed: dict[str, Fraction],
        clawed_coins: int,
        clawed: dict[str, int],
    ) -> PurchaseState:
        """Set what a snapshot holds of the purchase's progress; returns the purchase."""
        self.consumed, self.refunded, self.gifted_coins = consumed, refunded, gifted_coins
        self.attributed, self.clawed_coins, self.clawed = attributed, clawed_coins, clawed
        return self

    def copy(self) -> PurchaseState:
        """A working copy for a draft (the dicts are shared until changed)."""
        twin = object.__new__(PurchaseState)
        twin.viewer, twin.at = self.viewer, self.at
        twin.currency, twin.coins = self.currency, self.coins
        twin.gross, twin.legs, twin.net, twin.scale = self.gross, self.legs, self.net, self.scale
        twin.consumed, twin.refunded = self.consumed, self.refunded
        twin.gifted_coins, twin.attributed = self.gifted_coins, self.attributed
        twin.clawed_coins, twin.clawed = self.clawed_coins, self.clawed
        return twin


class PendingPayout:
    """A payout request: whose diamonds are reserved, how many, and what resolved it.

    ``value`` is one diamond's value when the request was booked (the economy's
    conversion policy then), so the payout can be counted as a record of money
    withdrawn; ``settled`` is how many diamonds the settlement paid (0 after a
    failure, ``None`` while pending).
    """

    __slots__ = ("at", "creator", "diamonds", "resolved_by", "settled", "value")

    def __init__(self, creator: str, diamonds: int, at: datetime, value: ExactMoney) -> None:
        self.creator = creator
        self.diamonds = diamonds
        self.at = at
        self.value = value
        self.resolved_by: str | None = None
        self.settled: int | None = None

    def _restore(self, resolved_by: str | None, settled: int | None) -> PendingPayout:
        """Set how a snapshot says the payout was resolved; returns the payout."""
        self.resolved_by, self.settled = resolved_by, settled
        return self


class Unpaid:
    """A creator's newest gift earnings: enough of them to cover every diamond still payable.

    A plan needs the time of each diamond not yet paid out (holds, maturity and
    forfeiture count from it). Those are the newest ``max(available, 0) + pending``
    diamonds of the creator's earnings (``_payouts``), and that number grows only by
    gifts, which add newer earnings than any kept, so older ones can go: the state
    does not grow with gifts once they are paid out. Earnings at one instant are one.
    """

    __slots__ = ("lots", "total")

    def __init__(self) -> None:
        self.lots: deque[list[Any]] = deque()  # [at, diamonds], oldest first
        self.total = 0

    def add(self, at: datetime, diamonds: int) -> None:
        """Commit: a gift credited the creator ``diamonds`` at ``at``."""
        lots = self.lots
        if lots and lots[-1][0] == at:
            lots[-1][1] += diamonds
        else:
            lots.append([at, diamonds])
        self.total += diamonds

    def keep(self, needed: int) -> None:
        """Commit: drop the oldest earnings the newest ``needed`` diamonds do not reach."""
        lots = self.lots
        while lots and self.total - lots[0][1] >= needed:
            self.total -= lots.popleft()[1]

    def newest(self, needed: int) -> list[tuple[datetime, int]]:
        """The newest ``needed`` diamonds of earnings, oldest first."""
        found: list[tuple[datetime, int]] = []
        for at, diamonds in reversed(self.lots):
            if needed <= 0:
                break
            taken = min(diamonds, needed)
            found.append((at, taken))
            needed -= taken
        return found[::-1]


class State:
    """Everything a ledger holds besides its configuration; changed only by commits."""

    __slots__ = (
        "accounts",
        "agencies",
        "agency_accrued",
        "attributes",
        "balances",
        "carry",
        "closed",
        "earnings",
        "economy",
        "events",
        "issuances",
        "journal",
        "last",
        "lots",
        "overdraft",
        "overdraws",
        "payable_moves",
        "payouts",
        "purchases",
        "residues",
        "sort_key",
        "sponsor_spent",
        "sponsors",
    )

    def __init__(
        self,
        economy: Economy,
        agencies: Mapping[str, Agency],
        sponsors: dict[str, SponsorBudget],
        *,
        overdraws: bool,
        attributes: bool,
        keep: int | None = None,
    ) -> None:
        self.economy = economy
        # What a refund does about coins already spent (the ledger's Clawback): take
        # them from the wallet into overdraft, or claw back the diamonds they earned,
        # which needs each purchase's gifts attributed to creators as they happen.
        self.overdraws = overdraws
        self.attributes = attributes
        self.agencies = agencies
        self.sponsors = sponsors
        self.balances: dict[tuple[Account, str], int] = {}
        # The history kept in memory (History): all of it in lists, the latest in deques.
        self.journal: MutableSequence[Transaction] = [] if keep is None else deque(maxlen=keep)
        self.events: MutableSequence[LedgerEvent] = [] if keep is None else deque(maxlen=keep)
        self.lots: dict[str, list[HeldLot]] = {}  # per viewer, in spending order
        self.overdraft: dict[str, int] = {}
        self.carry: dict[str, Fraction] = {}
        self.accounts: dict[tuple[AccountKind, str], Account] = {}
        self.sort_key = economy.spend_policy.sort_key
        self.issuances: dict[int, Issuance] = {}  # by id(policy): the economy keeps them alive
        self.purchases: dict[str, PurchaseState] = {}
        self.agency_accrued: dict[str, Fraction] = {}
        self.sponsor_spent: dict[str, Fraction] = {}
        self.payouts: dict[str, PendingPayout] = {}
        self.closed: dict[str, str] = {}
        # Per currency code, the exact rounding residue booked so far; the rounding
        # account holds it rounded toward zero, the fraction is kept here.
        self.residues: dict[str, Fraction] = {}
        # Per owner (viewer or creator), the latest event that touched their accounts:
        # (time, event id). The time-order policy refuses an event dated before it.
        self.last: dict[str, tuple[datetime, str]] = {}
        # Per payable and unit, the latest-dated transaction that moved it (see _payables).
        self.payable_moves: dict[tuple[Account, str], tuple[datetime, str]] = {}
        # Per creator, the newest gift earnings, for plans (see Unpaid).
        self.earnings: dict[str, Unpaid] = {}

    def account(self, kind: AccountKind, owner: str) -> Account:
        """The account of ``kind`` for ``owner``, built once."""
        account = self.accounts.get((kind, owner))
        if account is None:
            account = self.accounts[(kind, owner)] = Account(kind, owner)
        return account

    def issuance(self, policy: ConversionPolicy) -> Issuance:
        """The issuance core for ``policy``, built once per policy."""
        issuance = self.issuances.get(id(policy))
        if issuance is None:
            issuance = self.issuances[id(policy)] = Issuance.under(self.economy, policy)
        return issuance

    def wallet(self, viewer: str) -> Wallet:
        """A viewer's lots as a :class:`~giftflow.Wallet`, with what is left in each."""
        return Wallet(
            tuple(
                held.lot
                if held.remaining == held.lot.coins.amount
                else attrs.evolve(held.lot, coins=Coins(held.remaining))
                for held in self.lots.get(viewer, ())
            )
        )

    def carried(self) -> Carry:
        """Creators' carried fractional diamonds."""
        return Carry(self.carry)

    def set_overdraft(self, viewer: str, owed: int) -> None:
        """Commit: what a viewer owes after a clawback."""
        if owed:
            self.overdraft[viewer] = owed
        else:
            self.overdraft.pop(viewer, None)

    def set_carry(self, creator: str, remainder: Fraction) -> None:
        """Commit: a creator's carried remainder."""
        if remainder:
            self.carry[creator] = remainder
        else:
            self.carry.pop(creator, None)


class Draft:
    """The postings and state changes of one event, collected before anything is committed."""

    __slots__ = (
        "at",
        "clawback",
        "commits",
        "metadata",
        "owners",
        "postings",
        "purchases",
        "residues",
        "spend",
        "state",
        "taken",
    )

    def __init__(self, state: State, at: datetime) -> None:
        self.state = state
        self.at = at
        self.owners: list[str] = []  # whose accounts the event touches, for the time order
        self.postings: list[Posting] = []
        self.metadata: dict[str, str] = {}
        self.commits: list[Callable[[], None]] = []
        self.purchases: dict[str, PurchaseState] = {}
        self.taken: dict[HeldLot, int] = {}  # coins taken from lots, applied on commit
        self.clawback = False  # only a clawback may take a balance into overdraft
        self.residues: dict[str, Fraction] = {}  # changed residues, committed with the draft
        # What a viewer spends, for the spending rules: (the event's field naming the
        # viewer, the viewer, gross money of a purchase or coins of a gift).
        self.spend: tuple[str, str, Money | Coins] | None = None

    def touch(self, argument: str, owner: str) -> None:
        """The event touches ``owner``'s accounts: refuse it if they are closed or it is late.

        Late means dated before the last event that touched them (the time-order
        policy in ``docs/design.md``); on commit the event becomes their last.
        """
        state = self.state
        closed_by = state.closed.get(owner)
        if closed_by is not None:
            raise AccountClosedError(argument, owner, closed_by)
        last = state.last.get(owner)
        if last is not None and self.at < last[0]:
            raise EventOrderError(
                "at",
                self.at,
                f"is before the last event of {owner!r} ({argument}): {last[1]!r} at"
                f" {last[0].isoformat()}",
            )
        self.owners.append(owner)

    def post(self, account: Account, amount: Money | Coins | Diamonds) -> None:
        """Post ``amount`` to ``account`` (nothing for a zero amount)."""
        if whole_units(amount):
            self.postings.append(_posting(account, amount))

    def move(self, source: Account, target: Account, amount: Money | Coins | Diamonds) -> None:
        """Move ``amount`` from ``source`` to ``target`` (nothing for a zero amount)."""
        if whole_units(amount):
            self.postings.append(_posting(source, -amount))
            self.postings.append(_posting(target, amount))

    def purchase(self, purchase_id: str) -> PurchaseState:
        """A working copy of a purchase's state (committed with the draft)."""
        state = self.purchases.get(purchase_id)
        if state is None:
            state = self.state.purchases[purchase_id].copy()
            self.purchases[purchase_id] = state
        return state

    def available(self, lot: HeldLot) -> int:
        """Coins left in ``lot`` after what this draft already took."""
        return lot.remaining - self.taken.get(lot, 0)

    def take(
        self, lots: Iterable[HeldLot], coins: int, at: datetime | None = None
    ) -> list[tuple[HeldLot, int]]:
        """Take up to ``coins`` from ``lots`` in order; return what was taken from each.

        With ``at`` (a spend's time), lots expired by then are skipped, as
        :meth:`~giftflow.Wallet.spend` skips them.
        """
        takes = []
        for lot in lots:
            if coins <= 0:
                break
            if at is not None and is_expired(lot.lot, at):
                continue
            n = min(coins, self.available(lot))
            if n:
                self.taken[lot] = self.taken.get(lot, 0) + n
                takes.append((lot, n))
                coins -= n
        return takes

    def _releases(self, takes: Iterable[tuple[HeldLot, int]]) -> Iterable[Money]:
        # The deferred money released by each take, in its purchase's currency: each
        # purchase releases by ``released`` of the exact net value consumed so far.
        for lot, n in takes:
            purchase_id = lot.lot.purchase_id
            if purchase_id is None:
                continue
            state = self.purchase(purchase_id)
            before = state.consumed
            state.consumed += lot.net_units * n
            yield _money(released(before, state.consumed, state.scale), state.currency)

    def consume(self, takes: Iterable[tuple[HeldLot, int]], to: Account | None) -> int:
        """Release the deferred money behind coins that left their lots, to ``to``.

        Each purchase releases by :func:`released` of the exact net value of its
        coins consumed so far, so a purchase whose coins are all gone has released
        exactly its net. With ``to=None`` only the deferred side is posted (the
        caller posts the other); returns the total released, in minor units.
        """
        total = 0
        for money in self._releases(takes):
            self.post(DEFERRED, -money)
            if to is not None:
                self.post(to, money)
            total += money.minor
        return total

    def release(self, takes: Iterable[tuple[HeldLot, int]]) -> dict[Currency, int]:
        """Like :meth:`consume` with ``to=None``, but the total per currency."""
        totals: dict[Currency, int] = {}
        for money in self._releases(takes):
            self.post(DEFERRED, -money)
            totals[money.currency] = totals.get(money.currency, 0) + money.minor
        return totals

    def round_off(self, source: Account, currency: Currency, remainder: Fraction) -> None:
        """Book an exact rounding ``remainder`` of ``currency``, taken from ``source``.

        The residues of a currency add up exactly; the rounding account holds their
        running total rounded toward zero, receiving (or giving back) each whole unit
        as the total reaches it, and the fraction, within (-1, 1) of a minor unit, is
        kept in the state: nothing is lost.
        """
        if not remainder:
            return
        code = currency.code
        before = self.residues.get(code, self.state.residues.get(code, Fraction(0)))
        after = before + remainder
        self.residues[code] = after
        whole = int(after) - int(before)  # int() of a Fraction rounds toward zero
        if whole:
            self.move(source, ROUNDING, _money(whole, currency))

    def convert(
        self,
        amount: Money,
        rate: Rate,
        into: Currency,
        target: Account,
        rounding: Rounding,
        *,
        units: int | None = None,
    ) -> int:
        """Convert ``amount`` (already taken from its account) into ``into``, to ``target``.

        The two legs of the conversion account balance in each currency, as in
        TigerBeetle's currency-exchange recipe: ``amount`` goes in, the converted
        whole units come out to ``target``. ``units`` (rounded with ``rounding``
        unless given) is what ``target`` receives; the exact remainder of
        ``amount x rate`` goes to :meth:`round_off`. Returns ``units``.
        """
        exact = converted_minor(amount.minor, rate, amount.currency, into)
        if units is None:
            rounded = rounding.round(exact)
            units, remainder = rounded.units, rounded.remainder
        else:
            remainder = exact - units
        self.post(FX, amount)
        self.post(FX, _money(-units, into))
        self.post(target, _money(units, into))
        self.round_off(FX, into, remainder)
        return units

    def commit(self, event_id: str, changes: Mapping[tuple[Account, str], int]) -> None:
        """Commit the draft of ``event_id`` and ``changes``: once every check has passed.

        ``changes`` is the draft's net change per account and unit; nothing here fails.
        """
        state, at = self.state, self.at
        for commit in self.commits:
            commit()
        emptied = set()
        for lot, n in self.taken.items():
            lot.remaining -= n
            if not lot.remaining:
                emptied.add(lot.viewer)
        lots = state.lots
        for viewer in emptied:
            lots[viewer] = [lot for lot in lots[viewer] if lot.remaining]
        state.purchases.update(self.purchases)
        state.residues.update(self.residues)
        last = state.last
        for owner in self.owners:
            last[owner] = (at, event_id)
        balances = state.balances
        for key, change in changes.items():
            balances[key] = balances.get(key, 0) + change
