"""Running a giftflow ledger in production, with SQLite from the standard library.

The ledger is the one writer of its books; the host owns persistence. This example
keeps three tables:

- ``events``: every event applied, in order (``seq``), as giftflow's JSON document;
- ``journal``: the transaction each event produced, in the same order;
- ``snapshots``: the ledger's state (``ledger.snapshot()``) every ``every`` events.

The ledger itself keeps no journal in memory (``History.NONE``): its memory is its
state. Each event and its transaction are written in one SQL transaction, after
``Ledger.apply`` accepted the event, so the database never holds an event the books
refused. On restart, the latest snapshot is restored and the events after it are
applied again. Reports (a creator's statement) are rebuilt from the stored journal
with ``Statement.of``. See docs/production.md.

Run it: ``python examples/sqlite_ledger.py`` (an in-memory database) prints a story.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

from giftflow import (
    Account,
    AccountKind,
    Channel,
    CoinsPurchased,
    Diamonds,
    GiftEvent,
    GiftSent,
    History,
    Ledger,
    LedgerEvent,
    LedgerSnapshot,
    Statement,
    Transaction,
    Viewer,
    checkout,
    from_data,
    presets,
    to_data,
)

EVENT_TYPES: dict[str, type[LedgerEvent]] = {
    kind.__name__: kind
    for kind in (CoinsPurchased, GiftSent)  # the kinds this host applies
}
"""Each stored event's type by name: the host decides which kinds it accepts back."""

SCHEMA = """
create table if not exists events (seq integer primary key, id text unique, kind text, body text);
create table if not exists journal (seq integer primary key, event_id text, body text);
create table if not exists snapshots (seq integer primary key, body text);
"""


class Store:
    """A ledger and its SQLite tables: apply, persist, snapshot, restore."""

    def __init__(self, db: sqlite3.Connection, make: Ledger, *, every: int = 100) -> None:
        self.db = db
        self.every = every
        db.executescript(SCHEMA)
        self.ledger = self._restore(make)

    def _restore(self, fresh: Ledger) -> Ledger:
        row = self.db.execute(
            "select seq, body from snapshots order by seq desc limit 1"
        ).fetchone()
        if row is None:
            ledger, after = fresh, 0
        else:
            after = row[0]
            snapshot = from_data(LedgerSnapshot, json.loads(row[1]))
            ledger = Ledger.restore(snapshot, history=History.NONE)
        rows = self.db.execute("select kind, body from events where seq > ? order by seq", (after,))
        for kind, body in rows:
            ledger.apply(from_data(EVENT_TYPES[kind], json.loads(body)))
        return ledger

    def apply(self, event: LedgerEvent) -> Transaction:
        """Apply ``event``; store it and its transaction; snapshot every ``every`` events."""
        applied = self.ledger.apply(event)  # refused: raises, and nothing is stored
        if applied.replayed:
            return applied.transaction
        with self.db:  # one SQL transaction: the event and its journal entry, or neither
            cursor = self.db.execute(
                "insert into events (id, kind, body) values (?, ?, ?)",
                (event.id, type(event).__name__, json.dumps(to_data(event))),
            )
            seq = cursor.lastrowid
            self.db.execute(
                "insert into journal (seq, event_id, body) values (?, ?, ?)",
                (seq, event.id, json.dumps(to_data(applied.transaction))),
            )
            if seq is not None and seq % self.every == 0:
                self.db.execute(
                    "insert into snapshots (seq, body) values (?, ?)",
                    (seq, json.dumps(to_data(self.ledger.snapshot()))),
                )
        return applied.transaction

    def journal(self) -> Iterator[Transaction]:
        """Every stored transaction, in the order applied."""
        for (body,) in self.db.execute("select body from journal order by seq"):
            yield from_data(Transaction, json.loads(body))


def story(start: datetime) -> Iterable[LedgerEvent]:
    """An evening: three viewers buy coins, then send roses to two creators."""
    economy = presets.tiktok()
    for n in range(3):
        quote = economy.price_book.quote(
            "coins_330", country="US", channel=Channel.IOS, at=start + timedelta(minutes=n)
        )
        yield CoinsPurchased(
            id=f"p{n}", viewer=f"v{n}", purchase=checkout(quote, purchase_id=f"p{n}")
        )
    for n in range(30):
        yield GiftSent(
            gift=GiftEvent(
                id=f"g{n}",
                viewer=f"v{n % 3}",
                gift="Rose",
                count=1 + n % 5,
                recipients="ana" if n % 2 else "bo",
                country="US",
                at=start + timedelta(minutes=10 + n),
            )
        )


def new_ledger() -> Ledger:
    """TikTok's economy; its ledger checks each viewer's age, so it is given their profiles."""
    adult = Viewer(country="US", birth_date=date(1990, 5, 1))
    return Ledger(
        presets.tiktok(), viewers={f"v{n}": adult for n in range(3)}, history=History.NONE
    )


def main(path: str = ":memory:") -> dict[str, object]:
    """Run the story, restart from the database half-way, and report from the stored journal."""
    start = datetime(2026, 11, 24, 20, tzinfo=UTC)
    events = list(story(start))
    db = sqlite3.connect(path)
    store = Store(db, new_ledger(), every=10)
    for event in events[:20]:
        store.apply(event)
    # A restart: a new process restores the latest snapshot and the events after it.
    store = Store(db, new_ledger(), every=10)
    for event in events[20:]:
        store.apply(event)
    ana = Account(AccountKind.CREATOR_BALANCE, "ana")
    statement = Statement.of(
        store.journal(), ana, Diamonds, start=start, end=start + timedelta(hours=1)
    )
    report = {
        "events stored": db.execute("select count(*) from events").fetchone()[0],
        "snapshots": db.execute("select count(*) from snapshots").fetchone()[0],
        "ana's diamonds (ledger)": store.ledger.balance(ana, Diamonds).amount,
        "ana's diamonds (statement from the stored journal)": statement.closing,
        "totals": store.ledger.totals(),
    }
    db.close()
    return report


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value}")
