"""Reads by index: every read agrees with a full scan of the journal, whatever the order.

The scans are the definitions: :func:`statement_of` over the journal for statements,
the sum of the journal's amounts up to a time for ``balance(at=...)``, the journal's
gifts for ``earnings``, and the journal's postings summed and sorted for ``balances``.
Ledgers come from :func:`giftflow.testing.ledgers` (events applied in time order) and
from events applied in the order drawn, so that platform accounts, shared by every
owner, receive movements dated before their last one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Account,
    AccountKind,
    Channel,
    CoinsPurchased,
    Diamonds,
    Earning,
    GiftflowError,
    Ledger,
    LedgerEvent,
    Transaction,
    Viewer,
    checkout,
    presets,
    testing,
)
from giftflow._ledger._index import ReadIndex, View
from giftflow._ledger._statements import statement_of
from tests.ledger.units import unit as unit_of_code
from tests.ledger.units import units

T0 = datetime(2026, 10, 31, tzinfo=UTC)  # before the times of testing.ledger_events()
ADULT = Viewer(country="US", birth_date=datetime(1990, 5, 1).date())
UNITS = ("coins", "diamonds", "USD", "GBP", "EUR")


@st.composite
def shuffled_ledgers(draw: st.DrawFn) -> Ledger:
    """A ledger given events in the order drawn: shared accounts see times go back."""
    economy = presets.tiktok()
    viewers = {f"v{n}": ADULT for n in range(1, 5)}
    ledger = Ledger(economy, clawback=draw(testing.clawbacks()), viewers=viewers)
    # Coins for every viewer before any other event, so that gifts and refunds land.
    quote = economy.price_book.quote("coins_3300", country="US", channel=Channel.IOS, at=T0)
    events: list[LedgerEvent] = [
        CoinsPurchased(id=f"p{n}", viewer=f"v{n}", purchase=checkout(quote, purchase_id=f"p{n}"))
        for n in range(1, draw(st.integers(1, 4)) + 1)
    ]
    events += draw(st.lists(testing.ledger_events(), max_size=30))
    for event in events:
        with contextlib.suppress(GiftflowError):
            ledger.apply(event)
    return ledger


any_ledger = st.one_of(testing.ledgers(), shuffled_ledgers())


def balances_by_scan(journal: Sequence[Transaction]) -> dict[tuple[Account, str], int]:
    sums: dict[tuple[Account, str], int] = {}
    for tx in journal:
        for posting in tx.postings:
            key = (posting.account, posting.unit)
            sums[key] = sums.get(key, 0) + posting.units
    return {key: value for key, value in sorted(sums.items()) if value}


def earnings_by_scan(journal: Sequence[Transaction], creator: str) -> tuple[Earning, ...]:
    account = Account(AccountKind.CREATOR_BALANCE, creator)
    return tuple(
        Earning(at=tx.at, diamonds=Diamonds(tx.amount(account, Diamonds).amount))
        for tx in journal
        if tx.kind == "gift_sent" and tx.amount(account, Diamonds).amount > 0
    )


def keys(ledger: Ledger, data: st.DataObject) -> list[tuple[Account, str]]:
    moved = {(p.account, p.unit) for tx in ledger.journal for p in tx.postings}
    return [*sorted(moved), (data.draw(testing.accounts()), data.draw(st.sampled_from(UNITS)))]


def instants(ledger: Ledger, data: st.DataObject) -> datetime:
    # Often exactly a transaction's time (ties at the ends of a period), else any time.
    times = [tx.at for tx in ledger.journal]
    exact: bool = data.draw(st.booleans())
    if times and exact:
        nudge = timedelta(minutes=data.draw(st.sampled_from((-1, 0, 1))))
        return data.draw(st.sampled_from(times)) + nudge
    return T0 + timedelta(minutes=data.draw(st.integers(-60, 60 * 24 * 32)))


class TestReadsAgreeWithTheJournal:
    @given(any_ledger, st.data())
    def test_statements(self, ledger: Ledger, data: st.DataObject) -> None:
        for account, unit in keys(ledger, data):
            start = instants(ledger, data)
            end = start + timedelta(minutes=data.draw(st.integers(1, 60 * 24 * 40)))
            expected = statement_of(ledger.journal, account, unit, start=start, end=end)
            assert expected == ledger.statement(account, unit_of_code(unit), start=start, end=end)

    @given(any_ledger, st.data())
    def test_balances_at(self, ledger: Ledger, data: st.DataObject) -> None:
        for account, unit in keys(ledger, data):
            at = instants(ledger, data)
            typed = unit_of_code(unit)
            expected = sum(units(tx.amount(account, typed)) for tx in ledger.journal if tx.at <= at)
            assert expected == units(ledger.balance(account, typed, at=at))

    @given(any_ledger)
    def test_earnings(self, ledger: Ledger) -> None:
        for creator in ("ana", "bo", "cy", "dee", "nobody"):
            assert earnings_by_scan(ledger.journal, creator) == ledger.earnings(creator)

    @given(any_ledger)
    def test_balances_and_payables(self, ledger: Ledger) -> None:
        expected = balances_by_scan(ledger.journal)
        assert list(expected.items()) == list(ledger.balances().items())  # in order
        payables = {k: v for k, v in expected.items() if k[0].kind.value.endswith("_payable")}
        assert list(payables.items()) == list(ledger.payables().items())

    @given(testing.ledgers())
    def test_balances_are_a_fresh_dict_each_call(self, ledger: Ledger) -> None:
        first = ledger.balances()
        first[(Account(AccountKind.BREAKAGE), "coins")] = 1
        first.clear()
        assert balances_by_scan(ledger.journal) == ledger.balances()

    @given(shuffled_ledgers(), st.data())
    def test_reads_between_events_see_each_state(self, ledger: Ledger, data: st.DataObject) -> None:
        # Read while replaying: cached earnings and running balances follow every commit.
        again = Ledger(ledger.economy, clawback=ledger.clawback, viewers=ledger.viewers)
        applied: list[Transaction] = []
        for event in ledger.events:
            applied.append(again.apply(event).transaction)
            creator = data.draw(st.sampled_from(("ana", "bo", "cy", "dee")))
            assert earnings_by_scan(applied, creator) == again.earnings(creator)
            account, unit = data.draw(st.sampled_from(keys(again, data)))
            start = instants(again, data)
            end = start + timedelta(days=1)
            expected = statement_of(applied, account, unit, start=start, end=end)
            assert expected == again.statement(account, unit_of_code(unit), start=start, end=end)
        assert balances_by_scan(applied) == again.balances()


class TestReadIndex:
    @given(st.lists(st.tuples(st.integers(-(10**40), 10**40), st.integers(0, 20)), max_size=40))
    def test_takes_any_whole_number_in_any_order(self, moves: list[tuple[int, int]]) -> None:
        account = Account(AccountKind.PLATFORM_REVENUE)
        index, journal = ReadIndex(), []
        for n, (amount, minutes) in enumerate(moves):
            at = T0 + timedelta(minutes=minutes)
            index.add(at, f"e{n}", "gift_sent", {(account, "USD"): amount})
            journal.append((at, n, amount))
        for minutes in range(-1, 22):
            at = T0 + timedelta(minutes=minutes)
            expected = sum(amount for when, _, amount in journal if when <= at)
            assert expected == index.balance_at((account, "USD"), at)
        start, end = T0 + timedelta(minutes=5), T0 + timedelta(minutes=15)
        statement = index.statement((account, "USD"), start, end)
        in_period = sorted((at, n, a) for at, n, a in journal if start <= at < end and a)
        assert [(at, f"e{n}", a) for at, n, a in in_period] == [
            (line.at, line.event_id, line.amount) for line in statement.lines
        ]

    @given(any_ledger)
    def test_rebuilt_from_a_journal_reads_alike(self, ledger: Ledger) -> None:
        index = ReadIndex.of(ledger.journal)
        rebuilt = index.balances(balances_by_scan(ledger.journal))
        assert list(ledger.balances().items()) == list(rebuilt.items())
        for creator in ("ana", "bo"):
            assert ledger.earnings(creator) == index.earnings(creator)


class TestView:
    def test_reads_the_list_without_copying_it(self) -> None:
        items = [1, 2, 3]
        view = View(items)
        items.append(4)
        assert (4, 4, (2, 3), [4, 3, 2, 1]) == (len(view), view[-1], view[1:3], [*reversed(view)])
        assert (True, 2, 1) == (3 in view, view.index(3), view.count(2))
        assert View([1, 2]) == View([1, 2])
        assert View([1, 2]) != (1, 2)
        with pytest.raises(TypeError):
            hash(view)
        with pytest.raises(IndexError):
            view[9]

    def test_the_ledger_journal_and_events_are_views(self) -> None:
        ledger = Ledger(presets.tiktok())
        journal, events = ledger.journal, ledger.events
        assert (0, 0) == (len(journal), len(events))
        assert isinstance(journal, Sequence)
        assert () == tuple(events)
        with pytest.raises(AttributeError):
            journal.append  # type: ignore[attr-defined]  # noqa: B018
