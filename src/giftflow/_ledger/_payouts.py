"""Payouts from the book: a creator's diamonds as posted, pending and available, and the plan.

The ledger holds what :func:`~giftflow.plan_payout` needs and a host would otherwise
keep on the side: the creator's balance, the earnings behind it and every payout
requested so far. This module reads them from the ledger's state; planning itself
stays in ``_cash_out/_planner.py`` (one implementation), which is given

- as payouts, one :class:`~giftflow.PayoutRecord` per request not failed: its diamonds
  (for a settled one, only those that settled) and, as ``amount``, their value at the
  request under the economy's conversion policy, rounded up to a minor unit (the most
  any settlement of them may pay, so money caps count at least what was withdrawn);
- as earnings, the gifts' diamonds net of every diamond that left the balance other
  than by a payout (clawbacks, reconversions, forfeiture), taken from the oldest
  earnings first, so that earnings less payouts is exactly the available balance, or
  zero when a clawback has taken it below zero. Those still payable are the newest
  ``max(available, 0) + pending`` diamonds earned, which the state keeps
  (:class:`~giftflow._ledger._state.Unpaid`, :func:`note_earnings`); the diamonds
  already paid out are one earning older than them, so no journal is read.

So a plan never withdraws more than the ledger will reserve. See ``docs/design.md``
("Payouts from the book").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from math import ceil
from typing import Any

import attrs

from giftflow._cash_out._plan import Earning, PayoutPlan, PayoutRecord
from giftflow._cash_out._planner import plan_payout
from giftflow._cash_out._policy import Creator, PayoutPolicy
from giftflow._cash_out._valuation import DiamondValuation, FxRates
from giftflow._ledger._errors import AccountClosedError
from giftflow._ledger._journal import Account, AccountKind, Transaction, posted_units
from giftflow._ledger._payable_events import PAYABLE_KINDS
from giftflow._ledger._payables import note_move
from giftflow._ledger._state import State, Unpaid
from giftflow._values._checks import check_aware, valid_name
from giftflow._values._currency import Currency
from giftflow._values._errors import InvalidTypeError, InvalidValueError
from giftflow._values._money import Money
from giftflow._values._rounding import Rounding
from giftflow._values._units import Diamonds

__all__ = [
    "DiamondBalance",
    "diamond_balance",
    "gift_earnings",
    "note_transaction",
    "plan_from_book",
    "records",
]

K = AccountKind


def _check_diamonds(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Diamonds:
        raise InvalidTypeError(attribute.name, value, "must be Diamonds", "pass Diamonds(2000)")


@attrs.frozen(kw_only=True)
class DiamondBalance:
    """A creator's diamonds as posted, pending and available (Modern Treasury's three balances).

    Attributes:
        posted: The diamonds the creator owns, those reserved by payouts in flight
            included; below zero after a clawback into overdraft.
        pending: The diamonds reserved in payout clearing, not yet settled or failed.
        available: What a new payout may reserve: ``posted - pending``.

    Raises:
        InvalidValueError: ``pending`` is negative, or ``available`` is not
            ``posted - pending`` (however the value is built: constructor,
            ``attrs.evolve``, ``from_data``).

    >>> balance = DiamondBalance(posted=Diamonds(5000), pending=Diamonds(2000),
    ...                          available=Diamonds(3000))
    >>> balance.available
    Diamonds(3000)
    >>> DiamondBalance(posted=Diamonds(5000), pending=Diamonds(2000), available=Diamonds(5000))
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: available must be posted less pending (3,000 diamonds), ...
    """

    posted: Diamonds = attrs.field(validator=_check_diamonds)
    pending: Diamonds = attrs.field(validator=_check_diamonds)
    available: Diamonds = attrs.field(validator=_check_diamonds)

    def __attrs_post_init__(self) -> None:
        if self.pending.amount < 0:
            raise InvalidValueError(
                "pending", self.pending, "must not be negative", "pass Diamonds(0) or more"
            )
        expected = self.posted.amount - self.pending.amount
        if self.available.amount != expected:
            raise InvalidValueError(
                "available",
                self.available,
                f"must be posted less pending ({expected:,} diamonds)",
                f"pass available=Diamonds({expected})",
            )


def diamond_balance(state: State, creator: str) -> DiamondBalance:
    """``creator``'s balance: available in their balance account, pending in their clearing."""
    balances = state.balances
    available = balances.get((Account(K.CREATOR_BALANCE, creator), "diamonds"), 0)
    pending = balances.get((Account(K.PAYOUT_CLEARING, creator), "diamonds"), 0)
    return DiamondBalance(
        posted=Diamonds(available + pending),
        pending=Diamonds(pending),
        available=Diamonds(available),
    )


def gift_earnings(state: State, creator: str) -> tuple[Earning, ...]:
    """Each gift that credited ``creator``, as an earning, in the order of the journal kept."""
    account = Account(K.CREATOR_BALANCE, creator)
    found = []
    for tx in state.journal:
        if tx.kind != "gift_sent":
            continue
        diamonds = posted_units(tx, account, "diamonds")
        if diamonds > 0:
            found.append(Earning(at=tx.at, diamonds=Diamonds(diamonds)))
    return tuple(found)


def records(state: State, creator: str) -> tuple[PayoutRecord, ...]:
    """``creator``'s payouts not failed, in the order requested (see the module's docstring)."""
    found = []
    for payout in state.payouts.values():
        if payout.creator != creator:
            continue
        counted = payout.diamonds if payout.settled is None else payout.settled
        if counted:
            value = payout.value
            found.append(
                PayoutRecord(
                    at=payout.at,
                    diamonds=Diamonds(counted),
                    amount=Money.of_minor(ceil(value.minor * counted), value.currency),
                )
            )
    return tuple(found)


def note_transaction(
    state: State, changes: Mapping[tuple[Account, str], int], transaction: Transaction
) -> None:
    """Commit: keep what the state needs of a committed transaction, read from no journal.

    ``changes`` is its net change per account and unit (balances already updated):
    each payable's last movement (``_payables.note_move``), and each creator's unpaid
    earnings (:func:`note_earnings`, a gift's credit as an earning).
    """
    creators: dict[str, int] = {}
    at, event_id, gift = transaction.at, transaction.event_id, transaction.kind == "gift_sent"
    for key, change in changes.items():
        kind = key[0].kind
        if kind in PAYABLE_KINDS:
            note_move(state, key, at, event_id)
        elif kind is K.CREATOR_BALANCE:
            creators[key[0].owner] = change if gift else creators.get(key[0].owner, 0)
        elif kind is K.PAYOUT_CLEARING:
            creators.setdefault(key[0].owner, 0)
    for creator, earned in creators.items():
        note_earnings(state, creator, earned, at)


def note_earnings(state: State, creator: str, earned: int, at: datetime) -> None:
    """Commit: a transaction at ``at`` changed ``creator``'s diamonds, ``earned`` by a gift.

    Keeps the newest earnings that cover the diamonds still payable (``Unpaid``); on
    the path of every gift, so it reads the balances without building values.
    """
    unpaid = state.earnings.get(creator)
    if unpaid is None:
        if earned <= 0:
            return
        unpaid = state.earnings[creator] = Unpaid()
    if earned > 0:
        unpaid.add(at, earned)
    balances = state.balances
    available = balances.get((state.account(K.CREATOR_BALANCE, creator), "diamonds"), 0)
    pending = balances.get((state.account(K.PAYOUT_CLEARING, creator), "diamonds"), 0)
    unpaid.keep(max(available, 0) + pending)


def _net_earnings(
    state: State, creator: str, balance: DiamondBalance, paid: int
) -> tuple[Earning, ...]:
    """Earnings less what left the balance other than by payouts, oldest first.

    What is left adds up to ``paid`` plus the available balance (zero if negative), so
    the planner's earnings less payouts is what the book holds: the newest unpaid
    diamonds, and before them one earning of what was paid out (the planner takes
    payouts from the oldest earnings first, so it takes exactly that one).
    """
    pending = balance.pending.amount
    unpaid = state.earnings.get(creator)
    lots = [] if unpaid is None else unpaid.newest(max(balance.available.amount, 0) + pending)
    net = [Earning(at=at, diamonds=Diamonds(diamonds)) for at, diamonds in lots]
    settled = paid - pending
    if settled > 0:
        first = lots[0][0] if lots else state.last[creator][0]
        net.insert(0, Earning(at=first, diamonds=Diamonds(settled)))
    return tuple(net)


def plan_from_book(
    state: State,
    creator: str,
    policy: PayoutPolicy,
    *,
    now: datetime,
    method: str | None,
    payout_currency: Currency | str | None,
    profile: Creator,
    rounding: Rounding,
    fx: FxRates | None,
    requested: Diamonds | None,
    valuation: DiamondValuation | None,
) -> PayoutPlan:
    """:func:`~giftflow.plan_payout` for ``creator`` from the book (``Ledger.plan_payout``)."""
    valid_name("creator", creator)
    if type(profile) is not Creator:  # plan_payout would name it "creator", the id here
        raise InvalidTypeError(
            "profile", profile, "must be a Creator (who is paid)", "pass Creator(country='US')"
        )
    check_aware("now", now)
    closed_by = state.closed.get(creator)
    if closed_by is not None:
        raise AccountClosedError("creator", creator, closed_by)
    last = state.last.get(creator)
    if last is not None and now < last[0]:
        raise InvalidValueError(
            "now",
            now,
            f"is before the last event of {creator!r}: {last[1]!r} at {last[0].isoformat()}",
            "plan at or after it: the book holds the balance as of its last event",
        )
    if valuation is None:
        valuation = DiamondValuation.from_conversion(state.economy.conversion)
    if type(policy) is not PayoutPolicy:
        raise InvalidTypeError("policy", policy, "must be a PayoutPolicy", "pass a preset's")
    if type(valuation) is not DiamondValuation:
        raise InvalidTypeError(
            "valuation", valuation, "must be a DiamondValuation", "pass DiamondValuation.of(...)"
        )
    method = policy.methods[0].name if method is None else method
    currency = valuation.values[0][1].currency if payout_currency is None else payout_currency
    balance = diamond_balance(state, creator)
    payouts = records(state, creator)
    paid = sum(record.diamonds.amount for record in payouts)
    earned = _net_earnings(state, creator, balance, paid)
    return plan_payout(
        policy,
        earnings=earned,
        payouts=payouts,
        now=now,
        creator=profile,
        method=method,
        payout_currency=currency,
        valuation=valuation,
        rounding=rounding,
        fx=fx,
        requested=requested,
    )
