"""Reads by index: per account and unit, the ledger's movements in effective-time order.

A :class:`~giftflow.Ledger` commits each transaction to its journal and, through
:meth:`ReadIndex.add`, to one :class:`Movements` per (account, unit) it changed. Reads
then cost what they return, not the length of the history: ``balance(at=...)`` is a
bisect, a statement a bisect and its lines, a creator's earnings that creator's entries.

Each transaction's time, event id and kind are kept once, by commit number; an
account's movements are columns of commit numbers and amounts (and running balances,
computed when read) kept sorted by time, ties in commit order: exactly the order
:func:`~giftflow._ledger._statements.statement_of` sorts a journal in, which stays the
definition the index is tested against. An account's own events come in time order
(the ledger refuses one dated before the owner's last), so most commits append; but
platform accounts are shared by every owner, and a refund's clawback moves creators
it does not date-check, so a movement may land before the last one. It is then
inserted (a ``memmove``), and the running balances from there on are dropped. Reads
extend the running balances as far as they need (``itertools.accumulate``), so a commit
costs two appends per account it moves, and a read what was committed since the last.

The index holds what the reads need and nothing of the journal's (no postings,
metadata or transaction), so it stays whole if the journal is ever trimmed.
``docs/design.md`` ("Reads by index") says why this shape.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, MutableSequence, Sequence
from datetime import datetime
from itertools import accumulate
from typing import Any, TypeVar, overload

from giftflow._cash_out._plan import Earning
from giftflow._ledger._journal import TRANSACTION_KINDS, Account, AccountKind, Transaction
from giftflow._ledger._statements import Statement, StatementLine
from giftflow._values._units import Diamonds

__all__ = ["Movements", "ReadIndex", "Transactions", "View", "account_order", "sorted_balances"]

T = TypeVar("T")
Key = tuple[Account, str]

_KINDS = tuple(sorted(TRANSACTION_KINDS))
_CODES = {kind: code for code, kind in enumerate(_KINDS)}
_GIFT = _CODES["gift_sent"]


def _column() -> MutableSequence[int]:
    # Whole units in 8 bytes each; a column that meets a larger number (amounts may
    # have 40 digits) becomes a list of ints.
    return array("q")


class Transactions:
    """What reads need of each transaction committed, by commit number: time, id, kind."""

    __slots__ = ("ats", "ids", "kinds")

    def __init__(self) -> None:
        self.ats: list[datetime] = []
        self.ids: list[str] = []
        self.kinds = bytearray()


class Movements:
    """One account's movements in one unit, sorted by time (ties in commit order).

    Each movement is a commit number (into :class:`Transactions`) and an amount;
    ``running[i]`` is the balance after movement ``i``, of which only a prefix is held
    (:meth:`settled` extends it when read), so a commit appends two numbers.
    ``reorders`` counts the movements inserted before the last one, so readers can tell
    whether commit order is still time order.
    """

    __slots__ = ("amounts", "last", "reorders", "running", "seqs")

    def __init__(self, at: datetime) -> None:
        self.seqs: MutableSequence[int] = array("q")
        self.amounts = _column()
        self.running = _column()
        self.last = at  # the latest time of a movement
        self.reorders = 0

    def insert(self, txs: Transactions, at: datetime, seq: int, amount: int) -> None:
        """Record a movement dated before the last one, after those at the same instant."""
        where = bisect_right(self.seqs, at, key=txs.ats.__getitem__)
        del self.running[where:]
        try:
            self.amounts.insert(where, amount)
        except OverflowError:
            self.amounts = [*self.amounts]
            self.amounts.insert(where, amount)
        self.seqs.insert(where, seq)
        self.reorders += 1

    def settled(self, count: int) -> MutableSequence[int]:
        """The running balances, holding at least the first ``count``."""
        running = self.running
        held = len(running)
        if held < count:
            values = list(accumulate(self.amounts[held:count], initial=running[-1] if held else 0))
            del values[0]
            try:
                running.extend(values)
            except OverflowError:  # an array keeps what it took before the error
                running = self.running = [*running[:held], *values]
        return running

    def count_to(self, txs: Transactions, at: datetime, *, inclusive: bool) -> int:
        """How many movements are dated before ``at`` (or at it, if ``inclusive``)."""
        find = bisect_right if inclusive else bisect_left
        return find(self.seqs, at, key=txs.ats.__getitem__)

    def balance_at(self, txs: Transactions, at: datetime) -> int:
        """The balance after every movement at or before ``at``."""
        count = self.count_to(txs, at, inclusive=True)
        return self.settled(count)[count - 1] if count else 0

    def statement(
        self, txs: Transactions, account: Account, unit: str, start: datetime, end: datetime
    ) -> Statement:
        """The statement from ``start`` (inclusive) to ``end`` (exclusive)."""
        first = self.count_to(txs, start, inclusive=False)
        stop = self.count_to(txs, end, inclusive=False)
        running = self.settled(stop)
        ats, ids, kinds = txs.ats, txs.ids, txs.kinds
        seqs, amounts = self.seqs, self.amounts
        lines = tuple(
            StatementLine(
                at=ats[seqs[i]],
                event_id=ids[seqs[i]],
                kind=_KINDS[kinds[seqs[i]]],
                amount=amounts[i],
                balance=running[i],
            )
            for i in range(first, stop)
        )
        return Statement(
            account=account,
            unit=unit,
            start=start,
            end=end,
            opening=running[first - 1] if first else 0,
            lines=lines,
            closing=running[stop - 1] if stop else 0,
        )

    def gifts(self, txs: Transactions, start: int) -> list[tuple[int, Earning]]:
        """From movement ``start`` on, each gift's credit as ``(seq, earning)``."""
        ats, kinds = txs.ats, txs.kinds
        seqs, amounts = self.seqs, self.amounts
        return [
            (seqs[i], Earning(at=ats[seqs[i]], diamonds=Diamonds(amounts[i])))
            for i in range(start, len(seqs))
            if kinds[seqs[i]] == _GIFT and amounts[i] > 0
        ]


_EMPTY = Movements(datetime.min)


class ReadIndex:
    """Every account's :class:`Movements`, kept by the ledger as it commits.

    Besides, the accounts in sorted order for ``Ledger.balances`` (sorting only the
    accounts new since the last call, and the balances kept until the next commit) and
    each creator's earnings as last read (extended by the gifts since, unless a
    movement was inserted before them).

    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 11, 24, tzinfo=timezone.utc)
    >>> wallet = Account(AccountKind.VIEWER_WALLET, "v1")
    >>> index = ReadIndex()
    >>> index.add(at, "p1", "coins_purchased", {(wallet, "coins"): 65})
    >>> index.balance_at((wallet, "coins"), at)
    65
    """

    __slots__ = ("_balances", "_earnings", "_fresh", "_movements", "_sorted", "_txs")

    def __init__(self) -> None:
        self._txs = Transactions()
        self._movements: dict[Key, Movements] = {}
        self._sorted: list[Key] = []
        self._fresh: list[Key] = []  # accounts not yet in _sorted
        self._earnings: dict[str, tuple[int, int, tuple[Earning, ...]]] = {}
        self._balances: tuple[int, dict[Key, int]] = (0, {})  # as of a number of commits

    @classmethod
    def of(cls, journal: Iterable[Transaction]) -> ReadIndex:
        """The index of ``journal``'s transactions, as if committed in its order."""
        index = cls()
        for tx in journal:
            changes: dict[Key, int] = {}
            for posting in tx.postings:
                key = (posting.account, posting.unit)
                changes[key] = changes.get(key, 0) + posting.units
            index.add(tx.at, tx.event_id, tx.kind, changes)
        return index

    def add(self, at: datetime, event_id: str, kind: str, changes: Mapping[Key, int]) -> None:
        """Commit one transaction: its net change per (account, unit); zeros are skipped."""
        txs = self._txs
        seq = len(txs.ats)
        txs.ats.append(at)
        txs.ids.append(event_id)
        txs.kinds.append(_CODES[kind])
        movements = self._movements
        for key, amount in changes.items():
            if amount:
                found = movements.get(key)
                if found is None:
                    found = movements[key] = Movements(at)
                    self._fresh.append(key)
                if found.last <= at:  # the common case: append (ties: commit order)
                    found.last = at
                    try:
                        found.amounts.append(amount)
                    except OverflowError:
                        found.amounts = [*found.amounts, amount]
                    found.seqs.append(seq)
                else:
                    found.insert(txs, at, seq, amount)

    def balance_at(self, key: Key, at: datetime) -> int:
        """``key``'s balance counting every movement effective at or before ``at``."""
        found = self._movements.get(key)
        return 0 if found is None else found.balance_at(self._txs, at)

    def statement(self, key: Key, start: datetime, end: datetime) -> Statement:
        """``key``'s statement from ``start`` to ``end`` (the caller checked them)."""
        found = self._movements.get(key, _EMPTY)
        return found.statement(self._txs, key[0], key[1], start, end)

    def earnings(self, creator: str) -> tuple[Earning, ...]:
        """Each gift that credited ``creator``, as an earning, in commit order."""
        found = self._movements.get((Account(AccountKind.CREATOR_BALANCE, creator), "diamonds"))
        if found is None:
            return ()
        count, reorders = len(found.seqs), found.reorders
        cached = self._earnings.get(creator)
        if cached is not None and cached[1] == reorders:
            if cached[0] == count:
                return cached[2]
            # Nothing was inserted since: the new movements follow, in commit order.
            new = found.gifts(self._txs, cached[0])
            earned = cached[2] + tuple(earning for _, earning in new)
        else:
            gifts = found.gifts(self._txs, 0)
            if reorders:
                gifts.sort(key=lambda gift: gift[0])
            earned = tuple(earning for _, earning in gifts)
        self._earnings[creator] = (count, reorders, earned)
        return earned

    def balances(self, balances: Mapping[Key, int]) -> dict[Key, int]:
        """The non-zero ``balances`` in account order, kept until the next commit (a copy)."""
        commits, found = self._balances
        if commits != len(self._txs.ats):
            found = {key: value for key in self._accounts() if (value := balances.get(key, 0))}
            self._balances = (len(self._txs.ats), found)
        return dict(found)

    def _accounts(self) -> list[Key]:
        """Every (account, unit) ever moved, sorted by account and then unit."""
        fresh = self._fresh
        if fresh:
            keys = self._sorted
            keys += fresh
            fresh.clear()
            # Timsort merges the sorted run with the new keys; the key compares
            # plain strings (Account's own ordering is Python code).
            keys.sort(key=account_order)
        return self._sorted


def account_order(key: Key) -> tuple[str, str, str]:
    """The order balances are listed in: account kind, owner, unit (plain strings)."""
    return (key[0].kind.value, key[0].owner, key[1])


def sorted_balances(index: ReadIndex | None, balances: Mapping[Key, int]) -> dict[Key, int]:
    """The non-zero ``balances`` in account order: the index's kept order, or sorted now."""
    if index is not None:  # keeps the accounts sorted as they appear
        return index.balances(balances)
    ordered = sorted(balances.items(), key=lambda item: account_order(item[0]))
    return {key: value for key, value in ordered if value}


class View(Sequence[T]):
    """A read-only, live view of a list (or bounded deque) the ledger appends to: nothing is copied.

    Indexing, ``len``, iteration and ``in`` read the list itself; a slice is a tuple
    (a copy of the slice only). Two views are equal when their items are; a view is
    not equal to a tuple or list (compare ``tuple(view)``), and it is not hashable.

    >>> items = [1, 2]
    >>> view = View(items)
    >>> items.append(3)
    >>> len(view), view[-1], view[:2]
    (3, 3, (1, 2))
    """

    __slots__ = ("_items",)

    def __init__(self, items: MutableSequence[T]) -> None:
        self._items = items

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if type(index) is slice:
            items = self._items
            if type(items) is list:
                return tuple(items[index])
            return tuple(items[i] for i in range(*index.indices(len(items))))
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def __reversed__(self) -> Iterator[T]:
        return reversed(self._items)

    def __contains__(self, item: object) -> bool:
        return item in self._items

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        """The first position of ``value`` (``ValueError`` if absent), as ``list.index``."""
        items = self._items
        end = len(items) if stop is None else stop
        for position in range(*slice(start, end).indices(len(items))):
            if items[position] == value:
                return position
        raise ValueError(f"{value!r} is not in the view")

    def count(self, value: Any) -> int:
        """How many items equal ``value``."""
        return self._items.count(value)

    def __eq__(self, other: object) -> bool:
        if type(other) is not View:
            return NotImplemented
        return len(self._items) == len(other._items) and all(
            a == b for a, b in zip(self._items, other._items, strict=True)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"View({list(self._items)!r})"
