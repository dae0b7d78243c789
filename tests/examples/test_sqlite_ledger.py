"""The production example runs, restarts from its database, and reconciles."""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from giftflow import Account, AccountKind, History, Ledger, Statement

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))

import sqlite_ledger

from giftflow import Diamonds

START = datetime(2026, 11, 24, 20, tzinfo=UTC)


def test_the_example_reconciles_after_a_restart(tmp_path: Path) -> None:
    report = sqlite_ledger.main(str(tmp_path / "books.sqlite"))
    assert 33 == report["events stored"]
    assert 3 == report["snapshots"]
    assert (
        report["ana's diamonds (ledger)"]
        == report["ana's diamonds (statement from the stored journal)"]
    )
    assert {"USD": 0, "coins": 0, "diamonds": 0} == report["totals"]


def test_a_restored_store_books_what_one_ledger_books(tmp_path: Path) -> None:
    events = list(sqlite_ledger.story(START))
    whole = sqlite_ledger.new_ledger()
    whole = Ledger(whole.economy, viewers=whole.viewers, history=History.ALL)
    for event in events:
        whole.apply(event)
    db = sqlite3.connect(tmp_path / "books.sqlite")
    store = sqlite_ledger.Store(db, sqlite_ledger.new_ledger(), every=7)
    for index, event in enumerate(events):
        if index % 11 == 0:  # restart often: from the latest snapshot and the events after it
            store = sqlite_ledger.Store(db, sqlite_ledger.new_ledger(), every=7)
        store.apply(event)
    assert whole.balances() == store.ledger.balances()
    assert list(whole.journal) == list(store.journal())
    bo = Account(AccountKind.CREATOR_BALANCE, "bo")
    end = datetime(2026, 11, 25, tzinfo=UTC)
    assert whole.statement(bo, Diamonds, start=START, end=end) == Statement.of(
        store.journal(), bo, Diamonds, start=START, end=end
    )
    # A replay of a stored event is recognised after a restart and stores nothing new.
    again = sqlite_ledger.Store(db, sqlite_ledger.new_ledger(), every=7)
    count = db.execute("select count(*) from events").fetchone()[0]
    again.apply(events[-1])
    assert count == db.execute("select count(*) from events").fetchone()[0]
    db.close()
