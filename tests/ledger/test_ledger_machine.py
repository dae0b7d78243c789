"""Random sequences of every ledger event, checked after each step against a simple model.

The reference model below knows nothing of postings: it counts coins per viewer (lots
by id, spent oldest first as the ledger's FIFO policy does), diamonds per creator and
in payout clearing, money paid in and out per viewer, and the deferred revenue of each
purchase as ``net - floor(net x coins used / coins)``. After every step the ledger must
agree with it, every unit must sum to zero, no guarded balance may be below its floor,
replaying an earlier event must change nothing, and a refused event must change nothing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import event as event_note
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    precondition,
    rule,
)

from giftflow import (
    Account,
    AccountClosedError,
    AccountForfeited,
    AccountKind,
    BalanceGuards,
    Channel,
    ChargedBack,
    Clawback,
    Coins,
    CoinsExpired,
    CoinsPurchased,
    Diamonds,
    DiamondsReconverted,
    GiftEvent,
    GiftflowError,
    GiftSent,
    IdempotencyConflictError,
    Ledger,
    LedgerEvent,
    Money,
    PayoutFailed,
    PayoutLeg,
    PayoutLegKind,
    PayoutRequested,
    PayoutSettled,
    Rate,
    Refunded,
    checkout,
    currency,
    presets,
)
from tests.ledger.units import unit as unit_of_code
from tests.ledger.units import units

K = AccountKind
T0 = datetime(2026, 11, 24, 12, tzinfo=UTC)
# Not about spending rules (tests/ledger/test_ledger_spending.py): TikTok's minimum age is
# taken out, so these books need no viewer profiles.
ECONOMY = attrs.evolve(presets.tiktok(), spending_rules=None)
VIEWERS = ("v1", "v2")
CREATORS = ("ana", "bo")
GIFTS = {"Rose": 1, "Finger Heart": 5, "Rosa": 10, "Doughnut": 30, "Paper Crane": 99}
PACKAGES = ("coins_65", "coins_330")
OVERDRAFT = 400


@dataclass
class RefPurchase:
    viewer: str
    coins: int
    gross: int
    net: int
    used: int = 0  # coins that left the purchase's lots
    refunded: int = 0
    refunded_coins: int = 0
    gifted: dict[str, int] = field(default_factory=dict)  # coins per creator
    clawed_coins: int = 0
    clawed: dict[str, int] = field(default_factory=dict)

    @property
    def deferred(self) -> int:
        return self.net - self.net * self.used // self.coins


@dataclass
class RefLot:
    at: datetime
    id: str
    purchase: str | None
    coins: int


@dataclass
class Reference:
    """What the books must say, computed without the ledger's machinery."""

    clawback: Clawback
    lots: dict[str, list[RefLot]] = field(default_factory=dict)
    overdraft: dict[str, int] = field(default_factory=dict)
    diamonds: dict[str, int] = field(default_factory=dict)
    clearing: dict[str, int] = field(default_factory=dict)
    external: dict[str, int] = field(default_factory=dict)
    purchases: dict[str, RefPurchase] = field(default_factory=dict)
    payouts: dict[str, tuple[str, int]] = field(default_factory=dict)
    closed: set[str] = field(default_factory=set)

    def coins(self, viewer: str) -> int:
        held = sum(lot.coins for lot in self.lots.get(viewer, []))
        return held - self.overdraft.get(viewer, 0)

    def take(self, viewer: str, coins: int, only: str | None = None) -> list[tuple[str, int]]:
        """Take coins oldest first (by time, then lot id); return (purchase, coins) taken."""
        taken = []
        lots = sorted(self.lots.get(viewer, []), key=lambda lot: (lot.at, lot.id))
        for lot in lots:
            if coins == 0:
                break
            if only is not None and lot.purchase != only:
                continue
            n = min(coins, lot.coins)
            lot.coins -= n
            coins -= n
            if lot.purchase is not None and n:
                taken.append((lot.purchase, n))
        self.lots[viewer] = [lot for lot in lots if lot.coins]
        return taken

    def use(self, taken: list[tuple[str, int]]) -> None:
        for purchase_id, n in taken:
            self.purchases[purchase_id].used += n


class LedgerMachine(RuleBasedStateMachine):
    purchases = Bundle("purchases")
    payouts = Bundle("payouts")
    events = Bundle("events")

    def __init__(self) -> None:
        super().__init__()
        self.ledger: Ledger | None = None
        self.ref: Reference | None = None
        self.step = 0
        self.ids = 0

    # -- helpers ----------------------------------------------------------------

    def _next(self, prefix: str) -> tuple[str, datetime]:
        self.ids += 1
        self.step += 1
        return f"{prefix}{self.ids}", T0 + timedelta(minutes=self.step)

    def _apply(self, event: LedgerEvent) -> bool:
        """Apply; on refusal check that nothing changed and return False."""
        assert self.ledger is not None
        before = (self.ledger.balances(), len(self.ledger.journal), tuple(self.ledger.events))
        try:
            applied = self.ledger.apply(event)
        except GiftflowError:
            after = (self.ledger.balances(), len(self.ledger.journal), tuple(self.ledger.events))
            assert after == before
            return False
        assert not applied.replayed
        event_note(type(event).__name__)
        return True

    # -- rules ------------------------------------------------------------------

    @initialize(clawback=st.sampled_from(Clawback))
    def start(self, clawback: Clawback) -> None:
        guards = BalanceGuards(
            viewer_overdraft=Coins(OVERDRAFT), creator_overdraft=Diamonds(OVERDRAFT)
        )
        self.ledger = Ledger(ECONOMY, guards=guards, clawback=clawback)
        self.ref = Reference(clawback)

    @rule(
        target=purchases,
        viewer=st.sampled_from(VIEWERS),
        package=st.sampled_from(PACKAGES),
    )
    def buy(self, viewer: str, package: str) -> str:
        return self._buy(viewer, package)

    def _buy(self, viewer: str, package: str) -> str:
        assert self.ref is not None
        pid, at = self._next("p")
        quote = ECONOMY.price_book.quote(package, country="US", channel=Channel.IOS, at=at)
        purchase = checkout(quote, purchase_id=pid)
        event = CoinsPurchased(id=pid, viewer=viewer, purchase=purchase)
        if not self._apply(event):
            assert viewer in self.ref.closed
            return pid
        ref = self.ref
        b = purchase.breakdown
        ref.purchases[pid] = RefPurchase(viewer, purchase.coins.amount, b.gross.minor, b.net.minor)
        ref.external[viewer] = ref.external.get(viewer, 0) - b.gross.minor
        ref.lots.setdefault(viewer, []).append(
            RefLot(at, f"{pid}/purchased", pid, purchase.coins.amount)
        )
        owed = ref.overdraft.get(viewer, 0)
        if owed:
            repaid = min(owed, purchase.coins.amount)
            ref.use(ref.take(viewer, repaid))
            ref.overdraft[viewer] = owed - repaid
        return pid

    @rule(
        viewer=st.sampled_from(VIEWERS),
        creator=st.sampled_from(CREATORS),
        gift=st.sampled_from(sorted(GIFTS)),
        count=st.integers(1, 12),
    )
    def send(self, viewer: str, creator: str, gift: str, count: int) -> None:
        self._send(viewer, creator, gift, count)

    def _send(self, viewer: str, creator: str, gift: str, count: int) -> None:
        assert self.ref is not None
        ref = self.ref
        gid, at = self._next("g")
        event = GiftEvent(
            id=gid, viewer=viewer, gift=gift, count=count, recipients=creator, country="US", at=at
        )
        coins = GIFTS[gift] * count
        held = sum(lot.coins for lot in ref.lots.get(viewer, []))
        applied = self._apply(GiftSent(gift=event))
        assert applied == (held >= coins and not {viewer, creator} & ref.closed)
        if not applied:
            return
        taken = ref.take(viewer, coins)
        ref.use(taken)
        for purchase_id, n in taken:
            gifted = ref.purchases[purchase_id].gifted
            gifted[creator] = gifted.get(creator, 0) + n
        ref.diamonds[creator] = ref.diamonds.get(creator, 0) + coins  # 1 diamond per coin

    @rule(
        target=purchases,
        viewer=st.sampled_from(VIEWERS),
        creator=st.sampled_from(CREATORS),
        gift=st.sampled_from(sorted(GIFTS)),
        count=st.integers(1, 3),
    )
    def buy_and_send(self, viewer: str, creator: str, gift: str, count: int) -> str:
        """Most runs should reach gifts, so the refunds after them meet spent coins."""
        purchase = self._buy(viewer, "coins_330")
        self._send(viewer, creator, gift, count)
        return purchase

    @rule(
        purchase=purchases,
        part=st.one_of(st.none(), st.integers(1, 60)),
        chargeback=st.booleans(),
    )
    def refund(self, purchase: str, part: int | None, chargeback: bool) -> None:
        assert self.ref is not None
        ref = self.ref
        state = ref.purchases.get(purchase)
        rid, at = self._next("r")
        amount = None if part is None else Money.of_minor(part, "USD")
        event: Refunded | ChargedBack = (
            ChargedBack(id=rid, at=at, purchase_id=purchase, amount=amount)
            if chargeback
            else Refunded(id=rid, at=at, purchase_id=purchase, amount=amount)
        )
        applied = self._apply(event)
        if state is None or state.refunded == state.gross or state.viewer in ref.closed:
            assert not applied
            return
        left = state.gross - state.refunded
        refund = left if part is None else part
        if refund > left:
            assert not applied
            return
        refunded = state.refunded + refund
        coins = state.coins * refunded // state.gross - state.refunded_coins
        # A refund may be refused only by an overdraft guard; check after simulating.
        snapshot = copy.deepcopy(ref)
        taken = ref.take(state.viewer, coins, only=purchase)
        returned = sum(n for _, n in taken)
        ref.use(taken)
        shortfall = coins - returned
        if shortfall and ref.clawback is Clawback.WALLET_OVERDRAFT:
            other = ref.take(state.viewer, shortfall)
            ref.use(other)
            ref.overdraft[state.viewer] = (
                ref.overdraft.get(state.viewer, 0) + shortfall - sum(n for _, n in other)
            )
        elif shortfall and ref.clawback is Clawback.CREATOR_CLAWBACK:
            gifted = sum(state.gifted.values())
            claw = min(shortfall, gifted - state.clawed_coins)
            if claw > 0:
                state.clawed_coins += claw
                for creator, n in sorted(state.gifted.items()):
                    target = n * state.clawed_coins // gifted
                    ref.diamonds[creator] = ref.diamonds.get(creator, 0) - (
                        target - state.clawed.get(creator, 0)
                    )
                    state.clawed[creator] = target
        within = ref.coins(state.viewer) >= -OVERDRAFT and all(
            ref.diamonds.get(c, 0) >= -OVERDRAFT for c in CREATORS
        )
        assert applied == within
        if not applied:
            self.ref = snapshot
            return
        state.refunded, state.refunded_coins = refunded, state.refunded_coins + coins
        ref.external[state.viewer] = ref.external.get(state.viewer, 0) + refund

    @rule(viewer=st.sampled_from(VIEWERS), age=st.integers(0, 30))
    def expire(self, viewer: str, age: int) -> None:
        assert self.ref is not None
        xid, at = self._next("x")
        cutoff = at - timedelta(minutes=age)
        applied = self._apply(CoinsExpired(id=xid, at=at, viewer=viewer, acquired_before=cutoff))
        assert applied == (viewer not in self.ref.closed)
        for lot in self.ref.lots.get(viewer, []):
            if lot.at < cutoff:
                if lot.purchase is not None:
                    self.ref.purchases[lot.purchase].used += lot.coins
                lot.coins = 0
        self.ref.lots[viewer] = [lot for lot in self.ref.lots.get(viewer, []) if lot.coins]

    @rule(owner=st.sampled_from(VIEWERS + CREATORS), draw=st.integers(0, 29))
    def forfeit(self, owner: str, draw: int) -> None:
        assert self.ref is not None
        if draw:  # rare: a closed account makes later steps dull
            return
        fid, at = self._next("f")
        applied = self._apply(AccountForfeited(id=fid, at=at, owner=owner))
        pending = any(creator == owner for creator, _ in self.ref.payouts.values())
        assert applied == (owner not in self.ref.closed and not pending)
        if applied:
            for lot in self.ref.lots.pop(owner, []):
                if lot.purchase is not None:
                    self.ref.purchases[lot.purchase].used += lot.coins
            if self.ref.diamonds.get(owner, 0) > 0:
                self.ref.diamonds[owner] = 0
            self.ref.closed.add(owner)

    @rule(creator=st.sampled_from(CREATORS), pairs=st.integers(1, 20))
    def reconvert(self, creator: str, pairs: int) -> None:
        assert self.ref is not None
        ref = self.ref
        did, at = self._next("d")
        event = DiamondsReconverted(
            id=did,
            at=at,
            creator=creator,
            diamonds=Diamonds(2 * pairs),
            coins_per_diamond=Rate.parse("0.5"),
        )
        applied = self._apply(event)
        assert applied == (creator not in ref.closed and ref.diamonds.get(creator, 0) >= 2 * pairs)
        if applied:
            ref.diamonds[creator] -= 2 * pairs
            ref.lots.setdefault(creator, []).append(RefLot(at, f"{did}/reconverted", None, pairs))
            owed = ref.overdraft.get(creator, 0)
            if owed:
                repaid = min(owed, pairs)
                ref.take(creator, repaid)
                ref.overdraft[creator] = owed - repaid

    @rule(target=payouts, creator=st.sampled_from(CREATORS), diamonds=st.integers(1, 300))
    def request_payout(self, creator: str, diamonds: int) -> str:
        assert self.ref is not None
        ref = self.ref
        pid, at = self._next("po")
        event = PayoutRequested(id=pid, at=at, creator=creator, diamonds=Diamonds(diamonds))
        applied = self._apply(event)
        assert applied == (creator not in ref.closed and ref.diamonds.get(creator, 0) >= diamonds)
        if applied:
            ref.diamonds[creator] -= diamonds
            ref.clearing[creator] = ref.clearing.get(creator, 0) + diamonds
            ref.payouts[pid] = (creator, diamonds)
        return pid

    @rule(payout=consumes(payouts), part=st.integers(0, 300), fail=st.booleans())
    def resolve_payout(self, payout: str, part: int, fail: bool) -> None:
        assert self.ref is not None
        ref = self.ref
        sid, at = self._next("s")
        pending = ref.payouts.pop(payout, None)
        if fail:
            applied = self._apply(PayoutFailed(id=sid, at=at, payout_id=payout))
        else:
            # Half a cent per diamond, paid in whole cents to the creator.
            settled = None if part == 0 else Diamonds(part)
            n = pending[1] if pending and settled is None else part
            leg = PayoutLeg(
                kind=PayoutLegKind.NET, name="creator", amount=Money.of_minor(n // 2, "USD")
            )
            event = PayoutSettled(id=sid, at=at, payout_id=payout, legs=(leg,), diamonds=settled)
            applied = self._apply(event)
        if pending is None:
            assert not applied
            return
        creator, reserved = pending
        if not fail and part > reserved:
            assert not applied
            ref.payouts[payout] = pending
            return
        assert applied
        settled_diamonds = 0 if fail else (reserved if part == 0 else part)
        ref.clearing[creator] -= reserved
        ref.diamonds[creator] = ref.diamonds.get(creator, 0) + reserved - settled_diamonds
        if not fail:
            ref.external[creator] = ref.external.get(creator, 0) + settled_diamonds // 2

    @precondition(lambda self: self.ledger is not None and len(self.ledger.events) > 0)
    @rule(data=st.data())
    def replay(self, data: st.DataObject) -> None:
        assert self.ledger is not None
        event = data.draw(st.sampled_from(tuple(self.ledger.events)))
        before = (self.ledger.balances(), tuple(self.ledger.journal))
        applied = self.ledger.apply(event)
        assert applied.replayed
        assert applied.transaction == self.ledger.transaction(event.id)
        assert (self.ledger.balances(), tuple(self.ledger.journal)) == before

    @precondition(lambda self: self.ledger is not None and len(self.ledger.events) > 0)
    @rule(data=st.data())
    def conflict(self, data: st.DataObject) -> None:
        assert self.ledger is not None
        event = data.draw(st.sampled_from(tuple(self.ledger.events)))
        other = CoinsExpired(id=event.id, at=T0, viewer="v9", acquired_before=T0)
        before = (self.ledger.balances(), tuple(self.ledger.journal))
        with pytest.raises(IdempotencyConflictError):
            self.ledger.apply(other)
        assert (self.ledger.balances(), tuple(self.ledger.journal)) == before

    # -- invariants ---------------------------------------------------------------

    @invariant()
    def every_unit_sums_to_zero(self) -> None:
        if self.ledger is not None:
            assert all(total == 0 for total in self.ledger.totals().values())

    @invariant()
    def guarded_balances_respect_their_floors(self) -> None:
        if self.ledger is None:
            return
        for (account, unit), value in self.ledger.balances().items():
            if account.kind in (K.VIEWER_WALLET, K.CREATOR_BALANCE):
                assert value >= -OVERDRAFT, (account, unit, value)
            elif account.kind in (K.PAYOUT_CLEARING, K.DEFERRED_REVENUE):
                assert value >= 0

    @invariant()
    def balances_match_the_reference(self) -> None:
        if self.ledger is None or self.ref is None:
            return
        ledger, ref = self.ledger, self.ref

        def balance(kind: AccountKind, owner: str, unit: str) -> int:
            return units(ledger.balance(Account(kind, owner), unit_of_code(unit)))

        for viewer in VIEWERS + CREATORS:
            assert balance(K.VIEWER_WALLET, viewer, "coins") == ref.coins(viewer), viewer
            assert ledger.wallet(viewer).balance.amount - ledger.overdraft(
                viewer
            ).amount == ref.coins(viewer)
            assert balance(K.EXTERNAL, viewer, "USD") == ref.external.get(viewer, 0)
        for creator in CREATORS:
            assert balance(K.CREATOR_BALANCE, creator, "diamonds") == ref.diamonds.get(creator, 0)
            assert balance(K.PAYOUT_CLEARING, creator, "diamonds") == ref.clearing.get(creator, 0)
        deferred = sum(p.deferred for p in ref.purchases.values())
        assert ledger.balance(Account(K.DEFERRED_REVENUE), currency("USD")).minor == deferred


TestLedgerMachine = LedgerMachine.TestCase
TestLedgerMachine.settings = settings(stateful_step_count=40)


def test_a_refused_event_is_not_recorded_and_may_be_retried() -> None:
    ledger = Ledger(ECONOMY)
    gift = GiftEvent(
        id="g1", viewer="v1", gift="Rose", count=1, recipients="ana", country="US", at=T0
    )
    with pytest.raises(GiftflowError):
        ledger.apply(GiftSent(gift=gift))
    assert () == tuple(ledger.events)
    quote = ECONOMY.price_book.quote("coins_65", country="US", channel=Channel.IOS, at=T0)
    ledger.apply(CoinsPurchased(id="p1", viewer="v1", purchase=checkout(quote, purchase_id="p1")))
    assert not ledger.apply(GiftSent(gift=gift)).replayed


def test_closed_accounts_refuse_events() -> None:
    ledger = Ledger(ECONOMY)
    ledger.apply(AccountForfeited(id="f1", at=T0, owner="v1"))
    quote = ECONOMY.price_book.quote("coins_65", country="US", channel=Channel.IOS, at=T0)
    with pytest.raises(AccountClosedError) as caught:
        ledger.apply(
            CoinsPurchased(id="p1", viewer="v1", purchase=checkout(quote, purchase_id="p1"))
        )
    assert (caught.value.argument, caught.value.value, caught.value.closed_by) == (
        "viewer",
        "v1",
        "f1",
    )
