"""Booking: the only code that turns a ledger event into postings and state changes.

One function per event kind, found through the explicit table :data:`BOOKINGS`.
Each reads the :class:`~giftflow._ledger._state.State`, writes postings, metadata and
commit closures into a :class:`~giftflow._ledger._state.Draft`, and changes nothing
itself: the ledger checks the guards and only then runs the commits. A gift's
arithmetic comes from the issuance core (``_issuance``), through
:func:`~giftflow.send_gift` or, for a plain gift, directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction
from math import floor, lcm
from typing import Any

from giftflow._coins_in._fees import FeeKind
from giftflow._coins_in._lots import CoinLot, LotKind, is_expired
from giftflow._coins_out._gifts import SponsorBudget, send_gift
from giftflow._coins_out._issuance import Issuance, missing_rate
from giftflow._ledger._errors import EventOrderError
from giftflow._ledger._events import (
    AccountForfeited,
    ChargedBack,
    CoinsExpired,
    CoinsPurchased,
    DiamondsReconverted,
    GiftSent,
    LedgerEvent,
    Refunded,
)
from giftflow._ledger._journal import Account, AccountKind
from giftflow._ledger._payable_events import PayableSettled, StoreSettled
from giftflow._ledger._payables import book_payable_settled, book_store_settled
from giftflow._ledger._state import (
    DEFERRED,
    Draft,
    HeldLot,
    PurchaseState,
    State,
    released,
)
from giftflow._ledger._verify import verify_purchase
from giftflow._values._currency import Currency
from giftflow._values._errors import InsufficientCoinsError, InvalidValueError
from giftflow._values._fx import FxRates, show_rate
from giftflow._values._money import ExactMoney, Money
from giftflow._values._units import Coins, Diamonds

__all__ = ["BOOKINGS", "Booking"]

K = AccountKind
_REVENUE = Account(K.PLATFORM_REVENUE)
_COINS = Account(K.COIN_ISSUANCE)
_DIAMONDS = Account(K.DIAMOND_ISSUANCE)
_BREAKAGE = Account(K.BREAKAGE)
_ZERO = Fraction(0)
_coins = Coins._unchecked
_diamonds = Diamonds._unchecked
_money = Money._unchecked

Booking = Callable[[State, Any, Draft], None]
"""Books one event of its kind: ``(state, event, draft) -> None``."""


# -- coins in ----------------------------------------------------------------------


def _credit(
    state: State, viewer: str, lots: Iterable[CoinLot], draft: Draft, scale: int = 1
) -> list[HeldLot]:
    """New lots for ``viewer``, added on commit; returns the viewer's lots with them."""
    new = [HeldLot(viewer, lot, state.sort_key(lot), scale) for lot in lots]
    merged = sorted([*state.lots.get(viewer, ()), *new], key=lambda held: held.key)
    draft.commits.append(lambda: state.lots.__setitem__(viewer, merged))
    return merged


def _repay(state: State, viewer: str, lots: list[HeldLot], coins: int, draft: Draft) -> None:
    """Repay an overdraft from coins just credited (the lots hold nothing else then)."""
    owed = state.overdraft.get(viewer, 0)
    repaid = min(owed, coins)
    if not repaid:
        return
    draft.consume(draft.take(lots, repaid), _REVENUE)
    draft.metadata["overdraft_repaid"] = str(repaid)
    draft.commits.append(lambda: state.set_overdraft(viewer, owed - repaid))


def book_purchase(state: State, event: CoinsPurchased, draft: Draft) -> None:
    """Money in: tax and fees to their payables, the net deferred, coins to the wallet."""
    purchase, viewer = event.purchase, event.viewer
    draft.touch("viewer", viewer)
    if purchase.id in state.purchases:
        raise InvalidValueError(
            "purchase", purchase.id, "was already recorded", "give each purchase its own id"
        )
    verify_purchase(state.economy, purchase)
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
    draft.purchases[purchase.id] = PurchaseState(
        viewer,
        event.at,
        currency,
        coins,
        breakdown.gross.minor,
        tuple(legs),
        breakdown.net.minor,
        scale,
    )
    draft.post(Account(K.EXTERNAL, viewer), -breakdown.gross)
    for account, amount in legs:
        draft.post(account, Money.of_minor(amount, currency))
    draft.post(DEFERRED, breakdown.net)
    draft.move(_COINS, state.account(K.VIEWER_WALLET, viewer), Coins(coins))
    lots = _credit(state, viewer, purchase.lots, draft, scale)
    _repay(state, viewer, lots, coins, draft)
    draft.metadata["purchase"] = purchase.id
    draft.spend = ("viewer", viewer, breakdown.gross)


# -- coins out ---------------------------------------------------------------------


def book_gift(state: State, event: GiftSent, draft: Draft) -> None:
    """Coins out: debit the viewer, release the money, issue the creators' diamonds."""
    gift = event.gift
    draft.touch("gift.viewer", gift.viewer)
    for index, recipient in enumerate(gift.recipients):
        draft.touch(f"gift.recipients[{index}].creator", recipient.creator)
    economy = state.economy
    found = economy.catalog.gift(gift.gift, country=gift.country, at=gift.at)
    issuance = state.issuance(economy.conversion.at(gift.at))
    if issuance.by_coins(
        recipients=len(gift.recipients),
        sponsored=found.sponsor is not None,
        agency=gift.recipients[0].creator in state.agencies,
    ):
        _book_plain_gift(state, event, found.name, found.price.amount * gift.count, issuance, draft)
    else:
        _book_any_gift(state, event, draft)


def _book_plain_gift(
    state: State, event: GiftSent, name: str, coins: int, issuance: Issuance, draft: Draft
) -> None:
    """A gift whose diamonds follow from its coins alone: no receipt is built.

    The issuance core's arithmetic with the ledger's own lots and carry, so most
    gifts stay in ints. A property test (tests/ledger/test_ledger_fx.py) checks that it
    books what :func:`_book_any_gift` does, with and without rates.
    """
    gift = event.gift
    viewer, creator = gift.viewer, gift.recipients[0].creator
    lots = state.lots.get(viewer, ())
    takes = draft.take(lots, coins, gift.at)  # as send_gift, never a lot expired by then
    taken = 0
    for _, n in takes:
        taken += n
    if taken < coins:
        raise InsufficientCoinsError(requested=coins, available=taken, argument="gift.count")
    if len(takes) > 1 and event.fx is None:  # as send_gift: a mix needs rates to be valued
        currencies = sorted({held.lot.net_per_coin.currency for held, _ in takes}, key=str)
        if len(currencies) > 1:
            bought = " and ".join(c.code for c in currencies)
            raise missing_rate(
                currencies[0], issuance.currency, gift.at, f"the coins were bought in {bought}"
            )
    draft.metadata["gift"] = name
    draft.spend = ("gift.viewer", viewer, _coins(coins))
    draft.move(state.account(K.VIEWER_WALLET, viewer), _COINS, _coins(coins))
    _recognise(state, draft, takes, event.fx, issuance.currency)
    entitlement = issuance.with_bonus(issuance.earned(coins, None, {}), gift.battle)
    carried = state.carry.get(creator)
    units, remainder = issuance.issue(entitlement if carried is None else entitlement + carried)
    diamonds = _diamonds(units)
    draft.post(state.account(K.CREATOR_BALANCE, creator), diamonds)
    draft.post(_DIAMONDS, -diamonds)
    _attribute(state, takes, coins, ((creator, entitlement),), draft)
    if remainder or carried is not None:
        draft.commits.append(lambda: state.set_carry(creator, remainder))


def _book_any_gift(state: State, event: GiftSent, draft: Draft) -> None:
    """Any other gift (co-hosts, agencies, sponsors, revenue shares): through send_gift."""
    gift = event.gift
    viewer = gift.viewer
    lots = state.lots.get(viewer, [])
    by_id = {held.lot.id: held for held in lots}
    try:
        receipt = send_gift(
            state.economy,
            state.wallet(viewer),
            gift,
            carry=state.carried(),
            metrics=event.metrics,
            agencies=state.agencies,
            sponsors=state.sponsors,
            fx=event.fx,
        )
    except InsufficientCoinsError as short:
        raise InsufficientCoinsError(short.requested, short.available, "gift.count") from None
    draft.metadata["gift"] = receipt.gift.name
    # What left the viewer's wallet: nothing for a sponsored gift, which the age rule
    # still checks (sending is what TikTok's rule forbids under 18).
    paid = sum(debit.coins.amount for debit in receipt.debits)
    draft.spend = ("gift.viewer", viewer, _coins(paid))
    takes = []
    for debit in receipt.debits:
        held = by_id[debit.lot_id]
        draft.taken[held] = draft.taken.get(held, 0) + debit.coins.amount
        takes.append((held, debit.coins.amount))
    value = receipt.policy.value_currency
    if takes:
        draft.move(state.account(K.VIEWER_WALLET, viewer), _COINS, receipt.coins)
        _recognise(state, draft, takes, event.fx, value)
    sponsor = receipt.sponsor
    if sponsor is not None:
        # The sponsor's charge, in its budget's currency (the funding may be valued in
        # another): recognised like coins' money, through conversion with fx.
        spent = state.sponsor_spent.get(sponsor.sponsor, _ZERO)
        now = spent + _spent(sponsor) - _spent(state.sponsors[sponsor.sponsor])
        amount = Money.of_minor(released(spent, now), sponsor.cap.currency)
        draft.post(Account(K.SPONSOR_BUDGET, sponsor.sponsor), -amount)
        _revenue(state, draft, amount, event.fx, value)
        draft.metadata["sponsor"] = sponsor.sponsor
        draft.commits.append(lambda: state.sponsor_spent.__setitem__(sponsor.sponsor, now))
        draft.commits.append(lambda: state.sponsors.__setitem__(sponsor.sponsor, sponsor))
    for share in receipt.shares:
        draft.post(state.account(K.CREATOR_BALANCE, share.creator), share.diamonds)
    draft.post(_DIAMONDS, -receipt.diamonds)
    accrued: dict[str, Fraction] = {}
    for share in receipt.shares:
        if share.agency is None or share.agency_value is None:
            continue
        before = accrued.get(share.agency, state.agency_accrued.get(share.agency, _ZERO))
        after = before + share.agency_value.minor
        accrued[share.agency] = after
        draft.move(
            _REVENUE,
            Account(K.AGENCY_PAYABLE, share.agency),
            Money.of_minor(released(before, after), share.agency_value.currency),
        )
    earned = ((s.creator, s.entitlement + s.battle_bonus) for s in receipt.shares)
    _attribute(state, takes, receipt.coins.amount, earned, draft)
    carry = dict(receipt.carry.remainders)
    draft.commits.append(lambda: setattr(state, "carry", carry))
    draft.commits.append(lambda: state.agency_accrued.update(accrued))


def _spent(budget: SponsorBudget) -> Fraction:
    return _ZERO if budget.spent is None else budget.spent.minor


def _recognise(
    state: State,
    draft: Draft,
    takes: list[tuple[HeldLot, int]],
    fx: FxRates | None,
    value: Currency,
) -> None:
    """Release the money behind spent coins as platform revenue.

    Without ``fx`` it stays in the currencies it was paid in; with ``fx`` money in
    another currency than ``value`` (the diamonds') is converted into it.
    """
    if fx is None:
        draft.consume(takes, _REVENUE)
        return
    for currency, minor in draft.release(takes).items():
        _revenue(state, draft, _money(minor, currency), fx, value)


def _revenue(
    state: State, draft: Draft, amount: Money, fx: FxRates | None, value: Currency
) -> None:
    """Post ``amount`` to platform revenue, converted into ``value`` at ``fx``'s rate."""
    currency = amount.currency
    if fx is None or currency == value or not amount.minor:
        draft.post(_REVENUE, amount)
        return
    rate = fx.rate(currency, value, at=draft.at)
    draft.convert(amount, rate, value, _REVENUE, state.economy.fx_rounding)
    used = show_rate(currency, rate, value)
    previous = draft.metadata.get("fx")
    if previous is None:
        draft.metadata["fx"] = used
    elif used not in previous.split("; "):
        draft.metadata["fx"] = f"{previous}; {used}"


def _attribute(
    state: State,
    takes: list[tuple[HeldLot, int]],
    total: int,
    earned: Iterable[tuple[str, Fraction | int]],
    draft: Draft,
) -> None:
    """Remember which creators each purchase's coins paid, for a creator clawback."""
    if not state.attributes:
        return
    earned = tuple(earned)
    for lot, n in takes:
        purchase_id = lot.lot.purchase_id
        if purchase_id is None:
            continue
        purchase = draft.purchase(purchase_id)
        purchase.gifted_coins += n
        draft.commits.append(
            lambda purchase=purchase, n=n: _add_attribution(purchase, earned, n, total)  # type: ignore[misc]
        )


def _add_attribution(
    purchase: PurchaseState, earned: tuple[tuple[str, Fraction | int], ...], coins: int, total: int
) -> None:
    attributed = purchase.attributed
    for creator, diamonds in earned:
        attributed[creator] = attributed.get(creator, _ZERO) + Fraction(diamonds) * coins / total


# -- refunds and chargebacks -------------------------------------------------------


def book_refund(state: State, event: Refunded | ChargedBack, draft: Draft) -> None:
    """Money back to the viewer: each leg by its cumulative floor, coins from the lots."""
    if event.purchase_id not in state.purchases:
        raise InvalidValueError(
            "purchase_id",
            event.purchase_id,
            "names no recorded purchase",
            "apply its CoinsPurchased first",
        )
    purchase = draft.purchase(event.purchase_id)
    if event.at < purchase.at:
        raise EventOrderError(
            "at",
            event.at,
            f"is before purchase {event.purchase_id!r} ({purchase.at.isoformat()})",
        )
    draft.touch("viewer", purchase.viewer)
    left = purchase.gross - purchase.refunded
    amount = left if event.amount is None else event.amount.minor
    if event.amount is not None and event.amount.currency != purchase.currency:
        raise InvalidValueError(
            "amount",
            event.amount,
            f"is in {event.amount.currency} but purchase {event.purchase_id!r} was paid in"
            f" {purchase.currency}",
            f"refund in {purchase.currency}",
        )
    fee = event.fee if isinstance(event, ChargedBack) else None
    if fee is not None and fee.currency != purchase.currency:
        raise InvalidValueError(
            "fee",
            fee,
            f"is in {fee.currency} but purchase {event.purchase_id!r} was paid in"
            f" {purchase.currency}",
            f"charge the dispute fee in {purchase.currency}",
        )
    if left <= 0:
        raise InvalidValueError(
            "purchase_id", event.purchase_id, "has nothing left to refund", "refund nothing more"
        )
    if amount > left:
        raise InvalidValueError(
            "amount",
            event.amount,
            f"exceeds what is left to refund ({left} minor units)",
            "refund at most what is left, or pass amount=None",
        )
    currency, viewer = purchase.currency, purchase.viewer
    before, after, gross = purchase.refunded, purchase.refunded + amount, purchase.gross
    # Each leg has refunded floor(leg x refunded / gross) so far, and the coins likewise,
    # so any sequence of partial refunds telescopes to one full refund.
    deltas = [released(leg * before, leg * after, gross) for _, leg in purchase.legs]
    net_refund = amount - sum(deltas)
    draft.post(Account(K.EXTERNAL, viewer), Money.of_minor(amount, currency))
    for (account, _), delta in zip(purchase.legs, deltas, strict=True):
        draft.post(account, Money.of_minor(-delta, currency))
    coins = released(purchase.coins * before, purchase.coins * after, gross)
    purchase.refunded = after
    # Coins come back from the purchase's own lots first; their deferred money
    # goes towards the refund, and the platform pays the rest from revenue.
    lots = state.lots.get(viewer, [])
    own = [held for held in lots if held.lot.purchase_id == event.purchase_id]
    takes = draft.take(own, coins)
    returned = sum(n for _, n in takes)
    draft.post(_REVENUE, Money.of_minor(draft.consume(takes, None) - net_refund, currency))
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
    if shortfall and state.overdraws:
        others = draft.take(lots, shortfall)
        draft.consume(others, _REVENUE)
        owed = state.overdraft.get(viewer, 0) + shortfall - sum(n for _, n in others)
        taken += shortfall
        draft.commits.append(lambda: state.set_overdraft(viewer, owed))
    elif shortfall and state.attributes:
        _claw_diamonds(state, purchase, shortfall, draft)
    draft.move(state.account(K.VIEWER_WALLET, viewer), _COINS, Coins(taken))
    if isinstance(event, ChargedBack) and fee is not None:
        draft.move(_REVENUE, Account(K.PROCESSOR_PAYABLE, event.fee_to), fee)


def _claw_diamonds(state: State, purchase: PurchaseState, coins: int, draft: Draft) -> None:
    coins = min(coins, purchase.gifted_coins - purchase.clawed_coins)
    if coins <= 0:
        return
    purchase.clawed_coins += coins
    purchase.clawed = dict(purchase.clawed)  # shared with the committed state until now
    clawed_total = 0
    for creator, earned in sorted(purchase.attributed.items()):
        # A proportional target, not a running total: more gifts may follow a clawback.
        target = floor(earned * purchase.clawed_coins / purchase.gifted_coins)
        delta = target - purchase.clawed.get(creator, 0)
        purchase.clawed[creator] = target
        draft.post(state.account(K.CREATOR_BALANCE, creator), Diamonds(-delta))
        clawed_total += delta
    draft.post(_DIAMONDS, Diamonds(clawed_total))


# -- expiry, forfeiture, reconversion ----------------------------------------------


def book_expiry(state: State, event: CoinsExpired, draft: Draft) -> None:
    """Coins past their lot's expiry, or acquired before the cutoff, go to breakage."""
    draft.touch("viewer", event.viewer)
    cutoff, at = event.acquired_before, event.at
    lots = [
        held
        for held in state.lots.get(event.viewer, ())
        if is_expired(held.lot, at) or (cutoff is not None and held.lot.acquired_at < cutoff)
    ]
    _expire(state, event.viewer, lots, draft)


def _expire(state: State, viewer: str, lots: list[HeldLot], draft: Draft) -> None:
    takes = draft.take(lots, sum(held.remaining for held in lots))
    coins = sum(n for _, n in takes)
    if not coins:
        return
    draft.move(state.account(K.VIEWER_WALLET, viewer), _BREAKAGE, Coins(coins))
    draft.consume(takes, _BREAKAGE)
    draft.metadata["coins_expired"] = str(coins)


def book_forfeiture(state: State, event: AccountForfeited, draft: Draft) -> None:
    """A closed account: its coins and diamonds go to breakage, and it takes no more events."""
    owner = event.owner
    draft.touch("owner", owner)
    for payout_id, payout in state.payouts.items():
        if payout.creator == owner and payout.resolved_by is None:
            raise InvalidValueError(
                "owner",
                owner,
                f"has payout {payout_id!r} pending",
                "settle or fail the payout before forfeiting the account",
            )
    _expire(state, owner, list(state.lots.get(owner, ())), draft)
    diamonds = state.balances.get((Account(K.CREATOR_BALANCE, owner), "diamonds"), 0)
    if diamonds > 0:
        draft.move(Account(K.CREATOR_BALANCE, owner), _BREAKAGE, Diamonds(diamonds))
        draft.metadata["diamonds_forfeited"] = str(diamonds)
    draft.commits.append(lambda: state.closed.__setitem__(owner, event.id))


def book_reconversion(state: State, event: DiamondsReconverted, draft: Draft) -> None:
    """Diamonds back into coins: a lot of zero cost basis (no money was paid for it)."""
    creator = event.creator
    draft.touch("creator", creator)
    coins = event.coins
    policy = state.economy.conversion.at(event.at)
    ratio = policy.coin_ratio()
    if ratio is not None and event.coins_per_diamond.value * ratio > 1:
        # Gifting the coins again would issue more diamonds than were given up.
        raise InvalidValueError(
            "coins_per_diamond",
            event.coins_per_diamond,
            f"turns {event.diamonds.amount:,} diamonds into {coins.amount:,} coins, which"
            f" convert back into {coins.amount * ratio} diamonds at {event.at.isoformat()}",
            f"reconvert at most {1 / ratio} coins per diamond",
        )
    draft.move(Account(K.CREATOR_BALANCE, creator), _DIAMONDS, event.diamonds)
    draft.move(_COINS, state.account(K.VIEWER_WALLET, creator), coins)
    zero = ExactMoney.zero(policy.value_currency)
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
        expires_at=event.expires_at,
    )
    lots = _credit(state, creator, (lot,), draft)
    _repay(state, creator, lots, coins.amount, draft)


BOOKINGS: dict[type[LedgerEvent], Booking] = {
    CoinsPurchased: book_purchase,
    GiftSent: book_gift,
    Refunded: book_refund,
    ChargedBack: book_refund,
    CoinsExpired: book_expiry,
    AccountForfeited: book_forfeiture,
    DiamondsReconverted: book_reconversion,
    PayableSettled: book_payable_settled,
    StoreSettled: book_store_settled,
}
"""The booking function of each event kind here (a refund and a chargeback book alike);
the ledger joins it with the other booking modules' tables (``_booking_payouts``)."""
