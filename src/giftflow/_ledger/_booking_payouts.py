"""Booking payouts: reserve a creator's diamonds, pay them out (in any currency), or return them.

Part of the booking functions (``_booking``), with the same contract: read the
state, write postings and commits into the draft, change nothing. A payout's
money legs come from platform revenue; a net leg paid in another currency goes
through the conversion account, and what the legs leave of the diamonds' exact
value goes to the rounding account.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from giftflow._cash_out._plan import PayoutLegKind
from giftflow._ledger._errors import EventOrderError
from giftflow._ledger._events import LedgerEvent, PayoutFailed, PayoutRequested, PayoutSettled
from giftflow._ledger._journal import Account, AccountKind
from giftflow._ledger._state import Draft, PendingPayout, State
from giftflow._ledger._verify import verify_payout_legs
from giftflow._values._errors import InvalidValueError
from giftflow._values._fx import convert_exact, show_rate
from giftflow._values._money import Money
from giftflow._values._units import Diamonds

__all__ = ["BOOKINGS"]

K = AccountKind
Booking = Callable[[State, Any, Draft], None]
_REVENUE = Account(K.PLATFORM_REVENUE)
_DIAMONDS = Account(K.DIAMOND_ISSUANCE)
_BREAKAGE = Account(K.BREAKAGE)


def book_payout_request(state: State, event: PayoutRequested, draft: Draft) -> None:
    """Reserve a creator's diamonds in their payout clearing account."""
    draft.touch("creator", event.creator)
    draft.move(
        Account(K.CREATOR_BALANCE, event.creator),
        Account(K.PAYOUT_CLEARING, event.creator),
        event.diamonds,
    )
    if event.forfeited is not None:
        draft.move(Account(K.CREATOR_BALANCE, event.creator), _BREAKAGE, event.forfeited)
        draft.metadata["diamonds_forfeited"] = str(event.forfeited.amount)
    value = state.economy.conversion.at(event.at).diamond_value  # for the payout's record
    payout = PendingPayout(event.creator, event.diamonds.amount, event.at, value)
    draft.commits.append(lambda: state.payouts.__setitem__(event.id, payout))


def _pending(state: State, payout_id: str, draft: Draft) -> PendingPayout:
    payout = state.payouts.get(payout_id)
    if payout is None:
        raise InvalidValueError(
            "payout_id", payout_id, "names no requested payout", "apply PayoutRequested first"
        )
    if draft.at < payout.at:
        raise EventOrderError(
            "at",
            draft.at,
            f"is before payout {payout_id!r} was requested ({payout.at.isoformat()})",
        )
    draft.touch("creator", payout.creator)
    if payout.resolved_by is not None:
        raise InvalidValueError(
            "payout_id",
            payout_id,
            f"was already resolved by event {payout.resolved_by!r}",
            "a payout settles or fails at most once",
        )
    return payout


def _resolve(payout: PendingPayout, event_id: str, settled: int) -> Callable[[], None]:
    def commit() -> None:
        payout.resolved_by = event_id
        payout.settled = settled

    return commit


def book_payout_settled(state: State, event: PayoutSettled, draft: Draft) -> None:
    """Pay out reserved diamonds: the money legs from platform revenue, the rest returns."""
    payout = _pending(state, event.payout_id, draft)
    settled = payout.diamonds if event.diamonds is None else event.diamonds.amount
    if settled > payout.diamonds:
        raise InvalidValueError(
            "diamonds",
            event.diamonds,
            f"exceeds the {payout.diamonds} reserved",
            "settle at most what was requested",
        )
    verify_payout_legs(event.payout_id, settled, event.legs, payout.value, payout.at)
    clearing = Account(K.PAYOUT_CLEARING, payout.creator)
    draft.move(clearing, _DIAMONDS, Diamonds(settled))
    draft.move(
        clearing, Account(K.CREATOR_BALANCE, payout.creator), Diamonds(payout.diamonds - settled)
    )
    value = payout.value  # one diamond's value when the payout was requested, as planned
    withdrawn = 0
    for leg in event.legs:
        if leg.kind is not PayoutLegKind.PLATFORM_FEE:
            withdrawn += leg.amount.minor
        if leg.kind is PayoutLegKind.NET and event.paid is not None:
            _pay_converted(state, event, leg.amount, payout.creator, draft)
            continue
        draft.move(_REVENUE, _leg_account(leg.kind, leg.name, payout.creator), leg.amount)
    if event.legs:
        # What the legs leave of the diamonds' exact value is rounding: to its account.
        draft.round_off(_REVENUE, value.currency, settled * value.minor - withdrawn)
    draft.metadata["payout"] = event.payout_id
    if event.residue is not None:
        draft.metadata["residue"] = str(event.residue)
    draft.commits.append(_resolve(payout, event.id, settled))


def _pay_converted(
    state: State, event: PayoutSettled, net: Money, creator: str, draft: Draft
) -> None:
    """The net leg paid in another currency: through the conversion account, at ``fx``'s rate."""
    paid, fx = event.paid, event.fx
    assert paid is not None
    assert fx is not None  # the event checks that paid comes with fx
    rate = fx.rate(net.currency, paid.currency, at=event.at)
    exact = convert_exact(net.exact(), rate, paid.currency).minor
    if abs(exact - paid.minor) >= 1:
        raise InvalidValueError(
            "paid",
            paid,
            f"is not {net} converted at {show_rate(net.currency, rate, paid.currency)}"
            f" ({convert_exact(net.exact(), rate, paid.currency)}) rounded"
            " to a whole minor unit",
            "pay the plan's paid amount, converted at its fx_rate",
        )
    draft.post(_REVENUE, -net)
    draft.convert(
        net,
        rate,
        paid.currency,
        Account(K.EXTERNAL, creator),
        state.economy.fx_rounding,
        units=paid.minor,
    )
    draft.metadata["fx"] = show_rate(net.currency, rate, paid.currency)


def _leg_account(kind: PayoutLegKind, name: str, creator: str) -> Account:
    if kind is PayoutLegKind.NET:
        return Account(K.EXTERNAL, creator)
    if kind is PayoutLegKind.WITHHOLDING:
        return Account(K.TAX_PAYABLE, "withholding")
    return Account(K.PROCESSOR_PAYABLE, name)


def book_payout_failed(state: State, event: PayoutFailed, draft: Draft) -> None:
    """A failed payout: every reserved diamond returns to the creator."""
    payout = _pending(state, event.payout_id, draft)
    draft.move(
        Account(K.PAYOUT_CLEARING, payout.creator),
        Account(K.CREATOR_BALANCE, payout.creator),
        Diamonds(payout.diamonds),
    )
    draft.metadata["payout"] = event.payout_id
    if event.reason:
        draft.metadata["reason"] = event.reason
    draft.commits.append(_resolve(payout, event.id, 0))


BOOKINGS: dict[type[LedgerEvent], Booking] = {
    PayoutRequested: book_payout_request,
    PayoutSettled: book_payout_settled,
    PayoutFailed: book_payout_failed,
}
"""The booking function of each payout event kind."""
