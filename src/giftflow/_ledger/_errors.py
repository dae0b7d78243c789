"""The ledger's refusals: unbalanced postings, guards, order, writers (and idempotency conflicts).

They live with the ledger they describe; the facade exports them with every other error.
``IdempotencyConflictError`` is defined with the rule it reports (``_values/_conflicts``),
below the ledger, and re-exported here.
"""

from __future__ import annotations

from typing import Any

from giftflow._values._conflicts import IdempotencyConflictError
from giftflow._values._errors import GiftflowError, InvalidValueError

__all__ = [
    "AccountClosedError",
    "ConcurrentApplyError",
    "EventOrderError",
    "IdempotencyConflictError",
    "InsufficientBalanceError",
    "UnbalancedTransactionError",
]


class UnbalancedTransactionError(GiftflowError, ValueError):
    """Postings that do not sum to zero in some unit; ``totals`` maps each such unit to its sum.

    >>> str(UnbalancedTransactionError({"coins": 5}))
    "postings must sum to zero in every unit, but they sum to {'coins': 5}; add the missing leg"
    """

    def __init__(self, totals: dict[str, int]) -> None:
        self.totals = totals
        super().__init__(
            f"postings must sum to zero in every unit, but they sum to {totals}; add the missing leg"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.totals,))


class InsufficientBalanceError(GiftflowError, ValueError):
    """An event would take an account below its guard; the numbers are attributes.

    >>> error = InsufficientBalanceError("creator_balance:ana", "diamonds", 40, 0, -60)
    >>> (error.shortfall, str(error))
    (60, 'creator_balance:ana would hold -60 diamonds, below its floor of 0 by 60; the event was refused and nothing changed')
    """

    def __init__(self, account: str, unit: str, balance: int, floor: int, after: int) -> None:
        self.account = account
        self.unit = unit
        self.balance = balance
        self.floor = floor
        self.after = after
        self.shortfall = floor - after
        super().__init__(
            f"{account} would hold {after} {unit}, below its floor of {floor} by "
            f"{self.shortfall}; the event was refused and nothing changed"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.account, self.unit, self.balance, self.floor, self.after))


class AccountClosedError(InvalidValueError):
    """An event involves an account that was forfeited; ``closed_by`` names the forfeiting event.

    >>> error = AccountClosedError("viewer", "v1", "f1")
    >>> (error.closed_by, str(error))
    ('f1', "viewer is closed (forfeited by event 'f1'), got 'v1' (str); events for a forfeited account are refused")
    """

    def __init__(self, argument: str, value: object, closed_by: str) -> None:
        self.closed_by = closed_by
        super().__init__(
            argument,
            value,
            f"is closed (forfeited by event {closed_by!r})",
            "events for a forfeited account are refused",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.argument, self.value, self.closed_by))


class EventOrderError(InvalidValueError):
    """An event is dated before something it depends on: the ledger's time-order policy.

    An event may not be dated before the last event of an account it touches, nor
    before what it spends, refunds, expires or settles (``docs/design.md``, "Time order").

    >>> from datetime import datetime, timezone
    >>> error = EventOrderError("at", datetime(2026, 1, 1, tzinfo=timezone.utc),
    ...                         "is before v1's last event 'p2' (2026-02-01T00:00:00+00:00)")
    >>> error.argument
    'at'
    """

    def __init__(self, argument: str, value: object, problem: str) -> None:
        super().__init__(
            argument,
            value,
            problem,
            "apply each account's events in time order; date a correction at or after the"
            " account's last event",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.argument, self.value, self.problem))


class ConcurrentApplyError(GiftflowError, RuntimeError):
    """A second thread called :meth:`Ledger.apply` while another was applying an event.

    A ledger has one writer; the second call is refused before it reads anything.

    >>> str(ConcurrentApplyError("g2"))
    "event 'g2' was refused: another thread is applying an event to this ledger; a ledger has one writer: serialise applies (one thread, or a lock or queue in front of it)"
    """

    def __init__(self, event_id: object) -> None:
        self.event_id = event_id
        super().__init__(
            f"event {event_id!r} was refused: another thread is applying an event to this"
            " ledger; a ledger has one writer: serialise applies (one thread, or a lock or"
            " queue in front of it)"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.event_id,))
