"""Idempotency bound to content, in memory proportional to the ids remembered, not the events.

The ledger remembers each event id it booked. While the event and its transaction
are in memory (the ledger's :class:`~giftflow.History`), a replay is compared with
the first event field by field and returns the first transaction; once they have
left it (or the ledger was restored from a snapshot), the id keeps a 16-byte digest
of the event's content, so a replay is still recognised and a conflict still refused.
See ``docs/design.md`` ("State and history").
"""

from __future__ import annotations

from collections.abc import Mapping
from hashlib import blake2b

from giftflow._ledger._events import EVENT_KINDS, LedgerEvent
from giftflow._ledger._journal import Transaction
from giftflow._ledger._options import Applied
from giftflow._ledger._state import State
from giftflow._values._conflicts import IdempotencyConflictError, differences

__all__ = ["NOT_KEPT", "Seen", "digest"]

NOT_KEPT = "not_kept"
"""The metadata key of the stand-in transaction a replay returns when the first is gone."""


def digest(event: LedgerEvent) -> bytes:
    """A stable 16-byte digest of ``event``'s content: BLAKE2b of its canonical ``repr``.

    Reprs are canonical (they parse back, and hold no set whose order could vary), and
    unlike ``hash()`` of a str they do not change between processes, so the digest
    survives a snapshot. About 3 µs for a gift (a purchase's repr is ten times longer).

    >>> from datetime import datetime, timezone
    >>> from giftflow import CoinsExpired
    >>> at = datetime(2026, 11, 24, tzinfo=timezone.utc)
    >>> len(digest(CoinsExpired(id="x1", at=at, viewer="v1", acquired_before=at)))
    16
    """
    return blake2b(repr(event).encode(), digest_size=16).digest()


class Seen:
    """The ids a ledger remembers: a digest each, and the first event and transaction while kept.

    ``digests`` is in the order applied (the oldest id leaves first under a window);
    its value is ``None`` while the event is in ``kept`` (computed when it leaves).
    """

    __slots__ = ("digests", "keep", "kept")

    def __init__(self, keep: int | None) -> None:
        self.keep = keep
        self.digests: dict[str, bytes | None] = {}
        self.kept: dict[str, tuple[LedgerEvent, Transaction]] = {}

    def replay(self, event: LedgerEvent) -> Applied | None:
        """The replay of an id seen before, or ``None`` for a new id.

        Raises:
            IdempotencyConflictError: The id was booked with different content
                (naming the fields while the first event is in memory).
        """
        event_id = event.id
        if event_id not in self.digests:
            return None
        first = self.kept.get(event_id)
        if first is not None:
            if first[0] == event:
                return Applied._unchecked(first[1], True)
            raise IdempotencyConflictError(event_id, differences(first[0], event))
        if digest(event) != self.digests[event_id]:
            raise IdempotencyConflictError(event_id, ())
        # The first transaction has left memory: an honest stand-in, with no postings.
        stand_in = Transaction._unchecked(
            event_id,
            EVENT_KINDS[type(event)],
            event.at,
            (),
            {NOT_KEPT: "the first transaction is no longer in memory; read it from your journal"},
            {},
        )
        return Applied._unchecked(stand_in, True)

    def add(self, event: LedgerEvent, transaction: Transaction, *, kept: bool) -> None:
        """Commit: remember a booked event (with its transaction, if the history keeps it)."""
        event_id = event.id
        digests = self.digests
        if kept:
            digests[event_id] = None
            self.kept[event_id] = (event, transaction)
        else:
            digests[event_id] = digest(event)
        if self.keep is not None and len(digests) > self.keep:
            del digests[next(iter(digests))]

    def commit(
        self, state: State, event: LedgerEvent, transaction: Transaction, keep: int | None
    ) -> None:
        """Commit: the journal and event log keep ``transaction`` as ``keep`` says; remember it."""
        journal = state.journal
        if keep is None or len(journal) < keep:
            journal.append(transaction)
            state.events.append(event)
        elif keep:  # the oldest leaves as this one comes
            self.release(journal[0])
            journal.append(transaction)
            state.events.append(event)
        self.add(event, transaction, kept=keep != 0)

    def release(self, transaction: Transaction) -> None:
        """Commit: the history no longer keeps ``transaction``; keep its event's digest only."""
        event_id = transaction.event_id
        first = self.kept.get(event_id)
        if first is None or first[1] is not transaction:
            return  # a later event reused an id this ledger had forgotten
        del self.kept[event_id]
        if event_id in self.digests and self.digests[event_id] is None:
            self.digests[event_id] = digest(first[0])

    def transaction(self, event_id: str) -> Transaction | None:
        """The first transaction of ``event_id`` if it is in memory."""
        first = self.kept.get(event_id)
        return None if first is None or event_id not in self.digests else first[1]

    def keys(self) -> dict[str, str]:
        """Every id remembered and its digest in hex, oldest first (for a snapshot)."""
        digests = self.digests
        for event_id, known in digests.items():
            if known is None:  # cached: a later snapshot does not digest it again
                digests[event_id] = digest(self.kept[event_id][0])
        return {event_id: known.hex() for event_id, known in digests.items() if known}

    def restore(self, keys: Mapping[str, str]) -> None:
        """Remember the ids of a snapshot (its digests in hex, oldest first)."""
        self.digests = {event_id: bytes.fromhex(known) for event_id, known in keys.items()}
        self.kept = {}
