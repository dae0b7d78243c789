"""Booking settlements of payables: money the platform owed leaves for the party it is owed to.

The booking functions of :class:`~giftflow.PayableSettled` and
:class:`~giftflow.StoreSettled`, registered in :data:`~giftflow._ledger._booking.BOOKINGS`.
Both move an amount from the payable to the party's external account, after three
checks: the amount is in a currency the payable holds, the settlement is not dated
before the last transaction that moved the payable in that currency (kept in the
state as each transaction commits, :func:`note_move`), and the payable
holds at least the amount. A refund of a leg already settled may still take a payable
below zero: that is money the party owes back (``docs/design.md``, "Payables").
"""

from __future__ import annotations

from datetime import datetime

from giftflow._ledger._errors import EventOrderError, InsufficientBalanceError
from giftflow._ledger._journal import Account
from giftflow._ledger._payable_events import PayableSettled, StoreSettled
from giftflow._ledger._state import Draft, State
from giftflow._values._errors import InvalidValueError
from giftflow._values._money import Money

__all__ = ["book_payable_settled", "book_store_settled", "note_move"]


def note_move(state: State, key: tuple[Account, str], at: datetime, event_id: str) -> None:
    """Commit: transaction ``event_id`` at ``at`` moved the payable ``key`` (account, unit).

    Kept per payable and unit, the latest-dated movement (``(at, event_id)``), as part
    of the state, so that a settlement's checks read no journal: a ledger that keeps
    none books settlements exactly as one that keeps it all.
    """
    moves = state.payable_moves
    seen = moves.get(key)
    if seen is None or at >= seen[0]:
        moves[key] = (at, event_id)


def _settle(
    state: State, payable: Account, amount: Money, party: Account, draft: Draft, argument: str
) -> None:
    unit = amount.currency.code
    moves = state.payable_moves
    balance = state.balances.get((payable, unit), 0)
    held = sorted(u for (account, u) in moves if account == payable and u != unit)
    if (payable, unit) not in moves and held:
        raise InvalidValueError(
            argument,
            amount,
            f"is in {unit} but {payable} holds only {', '.join(held)}",
            f"settle it in {held[0]}: a payable holds one balance per currency",
        )
    last = moves.get((payable, unit))
    if last is not None and draft.at < last[0]:
        raise EventOrderError(
            "at",
            draft.at,
            f"is before the last movement of {payable}: {last[1]!r} at {last[0].isoformat()}",
        )
    if amount.minor > balance:
        raise InsufficientBalanceError(str(payable), unit, balance, 0, balance - amount.minor)
    draft.move(payable, party, amount)
    draft.metadata["payable"] = str(payable)


def book_payable_settled(state: State, event: PayableSettled, draft: Draft) -> None:
    """The platform pays a payable: the amount moves to the party's external account."""
    _settle(state, event.payable, event.amount, event.party, draft, "amount")


def book_store_settled(state: State, event: StoreSettled, draft: Draft) -> None:
    """A store kept its fee from what it collected: the fee settles the store's payable."""
    _settle(state, event.payable, event.fee, event.party, draft, "gross")
    draft.metadata.update({"gross": str(event.gross), "net": str(event.net)})
