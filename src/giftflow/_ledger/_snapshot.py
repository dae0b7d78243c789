"""A ledger's state apart from its history: a snapshot, and the state restored from it.

:class:`LedgerSnapshot` holds the configuration a ledger was built with and every
part of its state (balances, lots, purchases, payouts, carry, residues, the spending
and idempotency it remembers), in space proportional to that state, never to the
journal. :meth:`Ledger.snapshot <giftflow.Ledger.snapshot>` takes one and
:meth:`Ledger.restore <giftflow.Ledger.restore>` builds a ledger from one; fed the
same events, the restored ledger books exactly what the original books. Its parts
are plain records written by the data format like any attrs class (``docs/format.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from giftflow._cash_out._plan import Earning
from giftflow._coins_in._lots import CoinLot
from giftflow._coins_in._rules import SpendRecord, Viewer
from giftflow._coins_out._conversion import Carry
from giftflow._coins_out._economy import Economy
from giftflow._coins_out._gifts import SponsorBudget
from giftflow._coins_out._issuance import Agency
from giftflow._ledger._journal import Account
from giftflow._ledger._options import BalanceGuards, Clawback, History, Idempotency
from giftflow._ledger._spending import Spending
from giftflow._ledger._state import HeldLot, PendingPayout, PurchaseState, State, Unpaid
from giftflow._values._checks import check_instance
from giftflow._values._currency import Currency
from giftflow._values._errors import InvalidTypeError, InvalidValueError
from giftflow._values._money import ExactMoney
from giftflow._values._units import Diamonds

if TYPE_CHECKING:  # annotations only: the ledger passes its ids in
    from giftflow._ledger._idempotency import Seen

__all__ = [
    "SNAPSHOT_VERSION",
    "BalanceEntry",
    "LedgerSnapshot",
    "LegEntry",
    "LotEntry",
    "MarkEntry",
    "MoveEntry",
    "PayoutEntry",
    "PurchaseEntry",
    "configuration_of",
    "journal_not_whole",
    "restore_state",
    "snapshot_of",
]

SNAPSHOT_VERSION = 1
"""The shape of a snapshot; a change to it (or to how ids are digested) is a new version."""


def _frozen(value: Mapping[str, object]) -> Mapping[str, object]:
    # Typed loosely on purpose (mypy's attrs plugin takes no generic converter): the
    # fields' own annotations give each map's value type to readers.
    return MappingProxyType(dict(value)) if isinstance(value, Mapping) else value


@attrs.frozen
class BalanceEntry:
    """One balance: an account's whole units of ``unit``."""

    account: Account
    unit: str
    units: int


@attrs.frozen
class LotEntry:
    """A lot as credited, the coins left in it, and its purchase's scale (1 if none)."""

    lot: CoinLot
    remaining: int
    scale: int


@attrs.frozen
class LegEntry:
    """A purchase's tax or fee leg: its payable and the minor units it took."""

    account: Account
    minor: int


@attrs.frozen(kw_only=True)
class PurchaseEntry:
    """What the ledger remembers of a purchase, to release and refund it exactly."""

    viewer: str
    at: datetime
    currency: Currency
    coins: int
    gross: int
    legs: tuple[LegEntry, ...]
    net: int
    scale: int
    consumed: int
    refunded: int
    gifted_coins: int
    attributed: Mapping[str, Fraction] = attrs.field(converter=_frozen)
    clawed_coins: int
    clawed: Mapping[str, int] = attrs.field(converter=_frozen)


@attrs.frozen(kw_only=True)
class PayoutEntry:
    """A payout request and how it was resolved (``settled`` 0 after a failure)."""

    creator: str
    diamonds: int
    at: datetime
    value: ExactMoney
    resolved_by: str | None
    settled: int | None


@attrs.frozen
class MarkEntry:
    """The latest event that touched an owner: its time and id."""

    at: datetime
    event_id: str


@attrs.frozen
class MoveEntry:
    """The latest-dated transaction that moved a payable in one unit."""

    account: Account
    unit: str
    at: datetime
    event_id: str


def _check_version(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or value != SNAPSHOT_VERSION:
        raise InvalidValueError(
            "version",
            value,
            f"is not a snapshot version this giftflow reads (only {SNAPSHOT_VERSION})",
            "restore it with the giftflow that wrote it, or replay the journal into a new ledger",
        )


def _map() -> Any:
    return attrs.field(converter=_frozen)


@attrs.frozen(kw_only=True)
class LedgerSnapshot:
    """A ledger's configuration and state, without its journal: what restoring it needs.

    Taken with :meth:`Ledger.snapshot <giftflow.Ledger.snapshot>`, restored with
    :meth:`Ledger.restore <giftflow.Ledger.restore>`, written and read by
    :func:`~giftflow.to_data` / :func:`~giftflow.from_data` (``docs/format.md``). Its
    size follows the state: per account and unit a balance, per viewer their lots,
    per purchase and payout a record, per creator the earnings still payable, per event
    id remembered a 16-byte digest (:class:`~giftflow.Idempotency`); gifts that leave
    the state as it was leave the snapshot as it was. A snapshot is trusted like the
    configuration it holds (``docs/design.md``, "Trust boundary"): restore only what
    the host itself wrote.

    Attributes:
        version: The snapshot's shape, 1; another is refused.
        economy, guards, clawback, agencies, viewers, idempotency: The ledger's
            configuration; ``sponsors`` its budgets as configured.
        balances: Every balance the ledger holds (zero ones too: ``totals()`` lists
            their units), sorted by account and unit.
        lots, overdraft, carry, purchases, payouts, budgets, sponsor_spent: The state
            the ledger books events from (budgets as spent so far), with the fields below.
        agency_accrued, residues, closed, last, payable_moves, earnings, spends: The rest
            of that state (spends the spending caps may still count).
        keys: Every event id remembered, oldest first, with its content digest (hex).

    Raises:
        InvalidValueError: ``version`` is not 1, or the balances do not sum to zero in
            every unit.

    >>> from datetime import datetime, timezone
    >>> import attrs
    >>> from giftflow import Channel, CoinsPurchased, Ledger, checkout, presets
    >>> economy = attrs.evolve(presets.tiktok(), spending_rules=None)
    >>> quote = economy.price_book.quote("coins_65", country="US", channel=Channel.IOS,
    ...                                  at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    >>> ledger = Ledger(economy)
    >>> event = CoinsPurchased(id="p1", viewer="v1", purchase=checkout(quote, purchase_id="p1"))
    >>> _ = ledger.apply(event)
    >>> snapshot = ledger.snapshot()
    >>> restored = Ledger.restore(from_data(LedgerSnapshot, to_data(snapshot)))
    >>> restored.balances() == ledger.balances(), restored.apply(event).replayed
    (True, True)
    """

    version: int = attrs.field(validator=_check_version)
    economy: Economy = attrs.field(validator=check_instance(Economy, "presets.tiktok()"))
    guards: BalanceGuards = attrs.field(validator=check_instance(BalanceGuards, "BalanceGuards()"))
    clawback: Clawback = attrs.field(
        validator=check_instance(Clawback, "Clawback.PLATFORM_ABSORBS")
    )
    agencies: Mapping[str, Agency] = _map()
    sponsors: Mapping[str, SponsorBudget] = _map()
    viewers: Mapping[str, Viewer] = _map()
    idempotency: Idempotency = attrs.field(validator=check_instance(Idempotency, "Idempotency.ALL"))
    balances: tuple[BalanceEntry, ...]
    lots: Mapping[str, tuple[LotEntry, ...]] = _map()
    overdraft: Mapping[str, int] = _map()
    carry: Carry
    purchases: Mapping[str, PurchaseEntry] = _map()
    payouts: Mapping[str, PayoutEntry] = _map()
    budgets: Mapping[str, SponsorBudget] = _map()
    sponsor_spent: Mapping[str, Fraction] = _map()
    agency_accrued: Mapping[str, Fraction] = _map()
    residues: Mapping[str, Fraction] = _map()
    closed: Mapping[str, str] = _map()
    last: Mapping[str, MarkEntry] = _map()
    payable_moves: tuple[MoveEntry, ...]
    earnings: Mapping[str, tuple[Earning, ...]] = _map()
    spends: Mapping[str, tuple[SpendRecord, ...]] = _map()
    keys: Mapping[str, str] = _map()

    def __attrs_post_init__(self) -> None:
        sums: dict[str, int] = {}
        for entry in self.balances:
            sums[entry.unit] = sums.get(entry.unit, 0) + entry.units
        unbalanced = {unit: total for unit, total in sorted(sums.items()) if total}
        if unbalanced:
            raise InvalidValueError(
                "balances",
                unbalanced,
                "must sum to zero in every unit",
                "restore only a snapshot taken with Ledger.snapshot()",
            )


def configuration_of(snapshot: Any) -> dict[str, Any]:
    """The configuration ``snapshot`` holds, as ``Ledger``'s keyword arguments."""
    if type(snapshot) is not LedgerSnapshot:
        raise InvalidTypeError(
            "snapshot", snapshot, "must be a LedgerSnapshot", "pass ledger.snapshot()"
        )
    return {
        "economy": snapshot.economy,
        "guards": snapshot.guards,
        "clawback": snapshot.clawback,
        "agencies": snapshot.agencies,
        "sponsors": snapshot.sponsors,
        "viewers": snapshot.viewers,
        "idempotency": snapshot.idempotency,
    }


def journal_not_whole(history: History, read: str) -> InvalidValueError:
    """The refusal of a read of the whole journal by a ledger that does not keep it."""
    if history.keep is None:
        problem = "is History.ALL, but the ledger was restored from a snapshot and keeps only"
        problem += " the journal since"
    else:
        problem = "keeps only the latest transactions" if history.keep else "keeps no journal"
    return InvalidValueError(
        "history",
        history,
        f"{problem}, so {read} cannot be read from this ledger",
        "rebuild it from the journal you persisted: Statement.of(transactions, account, unit,"
        " start=..., end=...), or use a Ledger(history=History.ALL) fed every event",
    )


def snapshot_of(
    state: State,
    spending: Spending | None,
    seen: Seen,
    **configuration: Any,
) -> LedgerSnapshot:
    """The snapshot of ``state`` (``configuration``: the ledger's, by field name)."""
    purchases = {
        purchase_id: PurchaseEntry(
            viewer=p.viewer,
            at=p.at,
            currency=p.currency,
            coins=p.coins,
            gross=p.gross,
            legs=tuple(LegEntry(account, minor) for account, minor in p.legs),
            net=p.net,
            scale=p.scale,
            consumed=p.consumed,
            refunded=p.refunded,
            gifted_coins=p.gifted_coins,
            attributed=p.attributed,
            clawed_coins=p.clawed_coins,
            clawed=p.clawed,
        )
        for purchase_id, p in state.purchases.items()
    }
    scales = {purchase_id: p.scale for purchase_id, p in state.purchases.items()}
    return LedgerSnapshot(
        version=SNAPSHOT_VERSION,
        **configuration,
        balances=tuple(
            BalanceEntry(account, unit, units)
            for (account, unit), units in sorted(state.balances.items())
        ),
        lots={
            viewer: tuple(
                LotEntry(held.lot, held.remaining, scales.get(held.lot.purchase_id or "", 1))
                for held in lots
            )
            for viewer, lots in state.lots.items()
            if lots
        },
        overdraft=state.overdraft,
        carry=state.carried(),
        purchases=purchases,
        payouts={
            payout_id: PayoutEntry(
                creator=p.creator,
                diamonds=p.diamonds,
                at=p.at,
                value=p.value,
                resolved_by=p.resolved_by,
                settled=p.settled,
            )
            for payout_id, p in state.payouts.items()
        },
        budgets=state.sponsors,
        sponsor_spent=state.sponsor_spent,
        agency_accrued=state.agency_accrued,
        residues=state.residues,
        closed=state.closed,
        last={owner: MarkEntry(at, event_id) for owner, (at, event_id) in state.last.items()},
        payable_moves=tuple(
            MoveEntry(account, unit, at, event_id)
            for (account, unit), (at, event_id) in sorted(state.payable_moves.items())
        ),
        earnings={
            creator: tuple(Earning(at=at, diamonds=Diamonds(n)) for at, n in unpaid.lots)
            for creator, unpaid in state.earnings.items()
            if unpaid.lots
        },
        spends={} if spending is None else {v: tuple(r) for v, r in spending.history.items() if r},
        keys=seen.keys(),
    )


def restore_state(
    snapshot: LedgerSnapshot, state: State, spending: Spending | None, seen: Seen
) -> None:
    """Fill a fresh ledger's ``state``, ``spending`` and ``seen`` from ``snapshot``."""
    state.balances = {(entry.account, entry.unit): entry.units for entry in snapshot.balances}
    key = state.sort_key
    state.lots = {
        viewer: [
            HeldLot._restored(viewer, entry.lot, key(entry.lot), entry.scale, entry.remaining)
            for entry in lots
        ]
        for viewer, lots in snapshot.lots.items()
    }
    state.overdraft = dict(snapshot.overdraft)
    state.carry = dict(snapshot.carry.remainders)
    state.purchases = {
        purchase_id: PurchaseState(
            p.viewer,
            p.at,
            p.currency,
            p.coins,
            p.gross,
            tuple((leg.account, leg.minor) for leg in p.legs),
            p.net,
            p.scale,
        )._restore(
            p.consumed,
            p.refunded,
            p.gifted_coins,
            dict(p.attributed),
            p.clawed_coins,
            dict(p.clawed),
        )
        for purchase_id, p in snapshot.purchases.items()
    }
    state.payouts = {
        payout_id: PendingPayout(p.creator, p.diamonds, p.at, p.value)._restore(
            p.resolved_by, p.settled
        )
        for payout_id, p in snapshot.payouts.items()
    }
    state.sponsors.update(snapshot.budgets)
    state.sponsor_spent = dict(snapshot.sponsor_spent)
    state.agency_accrued = dict(snapshot.agency_accrued)
    state.residues = dict(snapshot.residues)
    state.closed = dict(snapshot.closed)
    state.last = {owner: (mark.at, mark.event_id) for owner, mark in snapshot.last.items()}
    state.payable_moves = {
        (move.account, move.unit): (move.at, move.event_id) for move in snapshot.payable_moves
    }
    for creator, earnings in snapshot.earnings.items():
        unpaid = state.earnings[creator] = Unpaid()
        for earning in earnings:
            unpaid.add(earning.at, earning.diamonds.amount)
    if spending is not None:
        spending.history = {viewer: list(spends) for viewer, spends in snapshot.spends.items()}
    elif snapshot.spends:
        raise InvalidValueError(
            "spends",
            dict(snapshot.spends),
            "holds spends, but the snapshot's economy has no spending rules to count them",
            "restore only a snapshot taken with Ledger.snapshot()",
        )
    seen.restore(snapshot.keys)
