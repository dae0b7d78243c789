"""How a ledger is configured (guards, clawback, memory) and what applying an event returns.

Plain values the :class:`~giftflow.Ledger` takes and gives: :class:`Clawback`,
:class:`BalanceGuards` and :class:`Idempotency` are part of its configuration (and of
its data format), :class:`History` says how much of the journal it keeps in memory,
:class:`Applied` is the outcome of :meth:`~giftflow.Ledger.apply`.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from giftflow._ledger._journal import AccountKind, Transaction
from giftflow._values._checks import check_instance, check_positive_count
from giftflow._values._errors import Choice, InvalidTypeError, InvalidValueError
from giftflow._values._units import Coins, Diamonds

__all__ = ["Applied", "BalanceGuards", "Clawback", "History", "Idempotency"]

K = AccountKind


class Clawback(Choice):
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
        if type(kind) is not AccountKind:
            raise InvalidTypeError(
                "kind", kind, "must be an AccountKind", "AccountKind.VIEWER_WALLET"
            )
        if kind is K.VIEWER_WALLET:
            return -self.viewer_overdraft.amount
        if kind is K.CREATOR_BALANCE:
            return -self.creator_overdraft.amount
        return None


def _check_keep(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (type(value) is not int or value < 0):
        raise InvalidValueError(
            attribute.name, value, "must be None (all) or an int >= 0", "use History.last(1000)"
        )


@attrs.frozen
class History:
    """How much of its journal and event log a :class:`~giftflow.Ledger` keeps in memory.

    The books (balances, wallets, carry, payables, payouts) never depend on it: a ledger
    keeping nothing books every event exactly as one keeping everything. The host
    persists the stream of transactions :meth:`~giftflow.Ledger.apply` returns; reads
    that need the whole journal (statements, ``balance(at=...)``, ``earnings``) need
    :attr:`ALL` (and a ledger not restored from a snapshot), else are rebuilt from the
    persisted journal with :meth:`Statement.of <giftflow.Statement.of>`.

    Attributes:
        keep: How many of the latest transactions (and their events) are kept; ``None``
            for all of them.

    >>> History.ALL.keep is None, History.NONE.keep, History.last(1000).keep
    (True, 0, 1000)
    """

    ALL: ClassVar[History]
    """Keep every transaction and event (the default)."""
    NONE: ClassVar[History]
    """Keep none: the ledger holds only its state."""

    keep: int | None = attrs.field(validator=_check_keep)

    @classmethod
    def last(cls, n: int) -> History:
        """Keep the latest ``n`` transactions and events (``n`` >= 1).

        A replay of an event still kept returns its first transaction.

        >>> History.last(3)
        History(keep=3)
        """
        if type(n) is not int or n < 1:
            raise InvalidValueError("n", n, "must be an int >= 1", "use History.NONE to keep none")
        return cls(n)


History.ALL = History(None)
History.NONE = History(0)


@attrs.frozen
class Idempotency:
    """Which event ids a :class:`~giftflow.Ledger` remembers, to recognise a replay.

    Every id is remembered with a 16-byte digest of its event's content (BLAKE2b of
    its canonical ``repr``), so a replay is recognised and a conflict refused even
    after the event and its transaction have left memory or the ledger was restored
    from a snapshot. :meth:`window` keeps only the latest ids, for hosts that keep their
    own key store: an id older than the window is forgotten, and an event reusing it
    is booked as new.

    Attributes:
        keep: How many of the latest ids are remembered; ``None`` for all.

    >>> Idempotency.ALL.keep is None, Idempotency.window(100_000).keep
    (True, 100000)
    """

    ALL: ClassVar[Idempotency]
    """Remember every id (the default)."""

    keep: int | None = attrs.field(
        validator=attrs.validators.optional(check_positive_count("use Idempotency.window(1000)"))
    )

    @classmethod
    def window(cls, n: int) -> Idempotency:
        """Remember the latest ``n`` ids (``n`` >= 1).

        >>> Idempotency.window(10)
        Idempotency(keep=10)
        """
        if type(n) is not int or n < 1:
            raise InvalidValueError(
                "n", n, "must be an int >= 1", "use Idempotency.ALL to remember every id"
            )
        return cls(n)


Idempotency.ALL = Idempotency(None)


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

    transaction: Transaction = attrs.field(
        validator=check_instance(Transaction, "the Transaction an event produced")
    )
    replayed: bool = attrs.field(default=False, validator=check_instance(bool, "False"))

    @classmethod
    def _unchecked(cls, transaction: Transaction, replayed: bool) -> Applied:
        # Build without validating: the ledger's hot path, both fields known good.
        applied = _new(Applied)
        _set_transaction(applied, transaction)
        _set_replayed(applied, replayed)
        return applied


_new = object.__new__
_set_transaction = Applied.__dict__["transaction"].__set__
_set_replayed = Applied.__dict__["replayed"].__set__
