"""State apart from history (issue #14): snapshots, restore, keeping no journal, idempotency.

The property of the issue: a ledger restored from a snapshot taken at any point (also
after ``to_data`` / ``from_data``) and fed the rest of the events books exactly what
a ledger that applied everything books, whatever journal either keeps.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Account,
    AccountKind,
    Channel,
    Coins,
    CoinsPurchased,
    Creator,
    DataError,
    GiftEvent,
    GiftflowError,
    GiftSent,
    History,
    Idempotency,
    IdempotencyConflictError,
    InvalidValueError,
    Ledger,
    LedgerEvent,
    LedgerSnapshot,
    PayoutRequested,
    PayoutSettled,
    Rounding,
    Statement,
    Transaction,
    Viewer,
    checkout,
    from_data,
    presets,
    to_data,
)
from giftflow._ledger._idempotency import NOT_KEPT
from giftflow.testing import balance_guards, clawbacks, histories, ledger_events, viewers
from tests.format.raw import raw_data
from tests.ledger.test_ledger_fx import stories
from tests.ledger.units import unit as unit_of_code

K = AccountKind
T0 = datetime(2026, 11, 2, 12, tzinfo=UTC)
VIEWERS = ("v1", "v2", "v3", "v4")
CREATORS = ("ana", "bo", "cy", "dee")
PROFILE = Creator(
    country="US", birth_date=date(1990, 5, 1), payout_account_since=datetime(2026, 1, 1, tzinfo=UTC)
)


@st.composite
def streams(draw: st.DrawFn) -> tuple[Ledger, list[LedgerEvent]]:
    """A fresh ledger (random guards, clawback, profiles) and events for it, in time order."""
    economy = presets.tiktok()
    profiles = draw(st.fixed_dictionaries({viewer: viewers() for viewer in VIEWERS}))
    ledger = Ledger(
        economy, guards=draw(balance_guards()), clawback=draw(clawbacks()), viewers=profiles
    )
    events: list[LedgerEvent] = []
    for index, viewer in enumerate(draw(st.lists(st.sampled_from(VIEWERS), max_size=4))):
        at = T0 + timedelta(minutes=draw(st.integers(0, 600)))
        quote = economy.price_book.quote("coins_3300", country="US", channel=Channel.IOS, at=at)
        purchase = checkout(quote, purchase_id=f"p{index + 1}")
        events.append(CoinsPurchased(id=f"p{index + 1}", viewer=viewer, purchase=purchase))
    events += draw(st.lists(ledger_events(economy=economy), max_size=16))
    return ledger, sorted(events, key=lambda event: event.at)


def outcome(ledger: Ledger, event: LedgerEvent) -> Any:
    """The transaction an event produced (and whether replayed), or the refusal's type."""
    try:
        applied = ledger.apply(event)
    except GiftflowError as refused:
        return type(refused)
    return applied.transaction, applied.replayed


def plan(ledger: Ledger, creator: str, now: datetime) -> Any:
    policy = presets.tiktok_payout_policy()
    try:
        return ledger.plan_payout(
            creator,
            policy,
            now=now,
            method=policy.methods[0].name,
            payout_currency="USD",
            profile=PROFILE,
            rounding=Rounding.DOWN,
        )
    except GiftflowError as refused:
        return type(refused)


def books(ledger: Ledger, events: list[LedgerEvent]) -> dict[str, Any]:
    """Everything a ledger's books show, read without the journal."""
    now = max([T0, *(event.at for event in events)]) + timedelta(days=40)
    return {
        "balances": ledger.balances(),
        "totals": ledger.totals(),
        "residues": ledger.residues(),
        "carry": ledger.carry,
        "payables": ledger.payables(),
        "wallets": {viewer: ledger.wallet(viewer) for viewer in (*VIEWERS, *CREATORS)},
        "overdrafts": {viewer: ledger.overdraft(viewer) for viewer in VIEWERS},
        "diamonds": {creator: ledger.diamonds(creator) for creator in CREATORS},
        "records": {creator: ledger.payout_records(creator) for creator in CREATORS},
        "plans": {creator: plan(ledger, creator, now) for creator in CREATORS},
        "snapshot": ledger.snapshot(),
    }


def restored(snapshot: LedgerSnapshot, history: History) -> Ledger:
    written = json.loads(json.dumps(to_data(snapshot)))
    return Ledger.restore(from_data(LedgerSnapshot, written), history=history)


def stand_in(outcome: Any) -> bool:
    """A restored ledger's replay of an id booked before its snapshot (digest only)."""
    return isinstance(outcome, tuple) and outcome[1] and NOT_KEPT in outcome[0].metadata


def replayed(outcome: Any) -> Any:
    """A replay, as a restored ledger can tell it: which event, of what kind, when."""
    transaction, again = outcome
    return (transaction.event_id, transaction.kind, transaction.at, again)


def replay_rest(
    ledger: Ledger, events: list[LedgerEvent], cut: int, history: History
) -> tuple[list[Any], list[Any], Ledger]:
    """Apply all events to ``ledger``; restore a copy at ``cut`` and feed it the rest."""
    outcomes = [outcome(ledger, event) for event in events[:cut]]
    copy = restored(ledger.snapshot(), history)
    rest = [outcome(ledger, event) for event in events[cut:]]
    again = [outcome(copy, event) for event in events[cut:]]
    assert outcomes is not None
    # The first transaction of an id booked before the snapshot is in the journal, not
    # in the snapshot: the copy recognises the replay by its digest and says so, with
    # a stand-in that books nothing.
    for index, answer in enumerate(again):
        if stand_in(answer):
            assert answer[0].postings == ()
            again[index] = replayed(answer)
            if isinstance(rest[index], tuple):
                rest[index] = replayed(rest[index])
    return rest, again, copy


class TestRestoreAtAnyPoint:
    @given(streams(), st.data(), histories())
    def test_a_restored_ledger_fed_the_rest_has_the_books_of_one_that_applied_everything(
        self, story: tuple[Ledger, list[LedgerEvent]], data: st.DataObject, history: History
    ) -> None:
        ledger, events = story
        cut = data.draw(st.integers(0, len(events)), label="cut")
        rest, again, copy = replay_rest(ledger, events, cut, history)
        assert rest == again
        assert books(ledger, events) == books(copy, events)

    @given(stories(), st.data())
    def test_multi_currency_stories_restore_at_any_point(
        self, story: tuple[Ledger, list[LedgerEvent]], data: st.DataObject
    ) -> None:
        template, events = story
        ledger = Ledger(
            template.economy,
            guards=template.guards,
            clawback=template.clawback,
            agencies=template.agencies,
        )
        cut = data.draw(st.integers(0, len(events)), label="cut")
        rest, again, copy = replay_rest(ledger, events, cut, History.NONE)
        assert rest == again
        assert books(ledger, events) == books(copy, events)

    @given(streams())
    def test_the_snapshot_round_trips_through_data(
        self, story: tuple[Ledger, list[LedgerEvent]]
    ) -> None:
        ledger, events = story
        for event in events:
            outcome(ledger, event)
        snapshot = ledger.snapshot()
        assert snapshot == from_data(LedgerSnapshot, to_data(snapshot))
        assert snapshot == Ledger.restore(snapshot).snapshot()

    def test_a_snapshot_restores_the_sponsors_as_spent_and_as_configured(self) -> None:
        ledger = Ledger(presets.tiktok())
        assert Ledger.restore(ledger.snapshot()).snapshot() == ledger.snapshot()


class TestNoJournal:
    @given(streams(), histories())
    def test_a_ledger_keeping_no_journal_books_what_one_keeping_all_books(
        self, story: tuple[Ledger, list[LedgerEvent]], history: History
    ) -> None:
        full, events = story
        lean = Ledger(
            full.economy,
            guards=full.guards,
            clawback=full.clawback,
            viewers=full.viewers,
            history=history,
        )
        for event in events:
            first, second = outcome(full, event), outcome(lean, event)
            if type(second) is tuple and NOT_KEPT in second[0].metadata:
                # A replay whose first transaction this ledger no longer keeps.
                assert type(first) is tuple
                assert first[1]
                assert second[1]
                assert first[0].event_id == second[0].event_id
            else:
                assert first == second
        assert books(full, events) == books(lean, events)
        keep = history.keep
        whole = tuple(full.journal)
        expected = whole if keep is None else whole[max(len(whole) - keep, 0) :]
        assert tuple(lean.journal) == (expected if keep != 0 else ())
        assert len(lean.events) == len(lean.journal)

    def test_reads_of_the_whole_journal_name_the_option(self) -> None:
        ledger = Ledger(presets.tiktok(), history=History.last(5))
        account = Account(K.VIEWER_WALLET, "v1")
        for read in (
            lambda: ledger.balance(account, Coins, at=T0).amount,
            lambda: ledger.statement(account, Coins, start=T0, end=T0 + timedelta(days=1)),
            lambda: ledger.earnings("ana"),
        ):
            with pytest.raises(InvalidValueError) as refused:
                read()
            assert "history" == refused.value.argument
            assert "Statement.of" in str(refused.value)
        restored_ledger = Ledger.restore(Ledger(presets.tiktok()).snapshot())
        with pytest.raises(InvalidValueError, match="restored from a snapshot"):
            restored_ledger.earnings("ana")

    def test_to_data_refuses_a_ledger_whose_events_do_not_determine_it(self) -> None:
        with pytest.raises(DataError, match=r"ledger\.snapshot\(\)"):
            to_data(Ledger(presets.tiktok(), history=History.NONE))
        with pytest.raises(DataError, match=r"ledger\.snapshot\(\)"):
            to_data(Ledger.restore(Ledger(presets.tiktok()).snapshot()))

    @given(streams(), st.data())
    def test_reports_rebuilt_from_the_persisted_journal_equal_the_live_ones(
        self, story: tuple[Ledger, list[LedgerEvent]], data: st.DataObject
    ) -> None:
        ledger, events = story
        cut = data.draw(st.integers(0, len(events)), label="cut")
        persisted: list[Transaction] = []
        for event in events[:cut]:
            with contextlib.suppress(GiftflowError):
                applied = ledger.apply(event)
                if not applied.replayed:
                    persisted.append(applied.transaction)
        lean = restored(ledger.snapshot(), History.NONE)
        for event in events[cut:]:
            ledger_outcome = outcome(ledger, event)
            with contextlib.suppress(GiftflowError):
                applied = lean.apply(event)
                if not applied.replayed:
                    persisted.append(applied.transaction)
            assert ledger_outcome is not None
        assert tuple(persisted) == tuple(ledger.journal)
        start = T0 + timedelta(minutes=data.draw(st.integers(0, 60 * 24 * 30), label="start"))
        end = start + timedelta(days=data.draw(st.integers(1, 40), label="days"))
        for account, unit in [*ledger.balances(), (Account(K.VIEWER_WALLET, "v1"), "coins")]:
            typed = unit_of_code(unit)
            live = ledger.statement(account, typed, start=start, end=end)
            assert live == Statement.of(persisted, account, typed, start=start, end=end)
            assert ledger.balance(account, typed) == lean.balance(account, typed)


# -- idempotency ----------------------------------------------------------------------------

ADULTS = {viewer: Viewer(country="US", birth_date=date(1990, 5, 1)) for viewer in VIEWERS}


def purchase(purchase_id: str, viewer: str = "v1", at: datetime = T0) -> CoinsPurchased:
    quote = presets.tiktok().price_book.quote(
        "coins_3300", country="US", channel=Channel.IOS, at=at
    )
    return CoinsPurchased(
        id=purchase_id, viewer=viewer, purchase=checkout(quote, purchase_id=purchase_id)
    )


def gift(gift_id: str, count: int = 1, at: datetime = T0, creator: str = "ana") -> GiftSent:
    return GiftSent(
        gift=GiftEvent(
            id=gift_id,
            viewer="v1",
            gift="Rose",
            count=count,
            recipients=creator,
            country="US",
            at=at,
        )
    )


class TestIdempotencyAcrossRestore:
    def test_an_event_replayed_after_restore_is_recognised(self) -> None:
        ledger = Ledger(presets.tiktok(), viewers=ADULTS)
        first = ledger.apply(purchase("p1")).transaction
        ledger.apply(gift("g1"))
        again = restored(ledger.snapshot(), History.ALL)
        replay = again.apply(gift("g1"))
        assert replay.replayed
        assert () == replay.transaction.postings  # the first is not in this ledger's memory
        assert NOT_KEPT in replay.transaction.metadata
        assert first.event_id == again.apply(purchase("p1")).transaction.event_id
        assert again.balances() == ledger.balances()

    def test_an_event_applied_after_restore_replays_its_first_transaction(self) -> None:
        ledger = Ledger.restore(Ledger(presets.tiktok(), viewers=ADULTS).snapshot())
        first = ledger.apply(purchase("p1")).transaction
        assert first == ledger.apply(purchase("p1")).transaction
        assert first == ledger.transaction("p1")

    def test_other_content_under_the_same_id_is_refused_after_restore(self) -> None:
        ledger = Ledger(presets.tiktok(), viewers=ADULTS)
        ledger.apply(purchase("p1"))
        ledger.apply(gift("g1"))
        with pytest.raises(IdempotencyConflictError) as in_memory:
            ledger.apply(gift("g1", count=2))
        assert ("gift.count",) == in_memory.value.fields
        again = restored(ledger.snapshot(), History.ALL)
        before = again.snapshot()
        with pytest.raises(IdempotencyConflictError, match="digest differs") as digested:
            again.apply(gift("g1", count=2))
        assert () == digested.value.fields
        assert before == again.snapshot()

    def test_a_ledger_keeping_no_journal_recognises_replays_by_digest(self) -> None:
        ledger = Ledger(presets.tiktok(), viewers=ADULTS, history=History.NONE)
        ledger.apply(purchase("p1"))
        assert ledger.apply(purchase("p1")).replayed
        with pytest.raises(IdempotencyConflictError):
            ledger.apply(purchase("p1", viewer="v2"))
        with pytest.raises(InvalidValueError, match="no longer kept"):
            ledger.transaction("p1")

    def test_a_window_forgets_the_oldest_ids(self) -> None:
        ledger = Ledger(presets.tiktok(), viewers=ADULTS, idempotency=Idempotency.window(2))
        ledger.apply(purchase("p1"))
        ledger.apply(gift("g1"))
        ledger.apply(gift("g2"))
        assert ["g1", "g2"] == list(ledger.snapshot().keys)
        assert ledger.apply(gift("g2")).replayed
        ledger.apply(gift("g3"))
        booked = ledger.apply(gift("g1", count=3))
        assert not booked.replayed  # g1 left the window: a new event, booked as such
        assert Idempotency.window(2) == restored(ledger.snapshot(), History.ALL).idempotency


# -- size ------------------------------------------------------------------------------------


def snapshot_size(gifts: int) -> tuple[int, int]:
    """Bytes of the snapshot after ``gifts`` gifts then paying every creator out, and its keys."""
    ledger = Ledger(presets.tiktok(), viewers=ADULTS)
    for index, viewer in enumerate(VIEWERS):
        ledger.apply(purchase(f"p{index}", viewer))
    for n in range(gifts):
        at = T0 + timedelta(seconds=n)
        event = gift(f"g{n}", 8000 // gifts + 1, at=at, creator=CREATORS[n % len(CREATORS)])
        ledger.apply(attrs.evolve(event, gift=attrs.evolve(event.gift, viewer=VIEWERS[n % 4])))
    now = T0 + timedelta(days=40)
    for creator in CREATORS:
        planned = plan(ledger, creator, now)
        ledger.apply(PayoutRequested.from_plan(planned, id=f"po-{creator}", creator=creator))
        ledger.apply(
            PayoutSettled.from_plan(planned, id=f"ps-{creator}", payout_id=f"po-{creator}")
        )
    data = raw_data(ledger.snapshot())
    keys = len(json.dumps(data["keys"]))
    return len(json.dumps(data)) - keys, keys


def test_the_snapshot_does_not_grow_with_gifts_that_leave_the_state_as_it_was() -> None:
    small, small_keys = snapshot_size(100)
    large, large_keys = snapshot_size(1_000)
    # Only the digits of balances and the ids of the last events differ.
    assert abs(large - small) < 100, (small, large)
    # Each id remembered costs 40 bytes and the id in JSON: 32 hex digits, quotes and
    # separators (the 900 more ids, g100 to g999, are 4 characters each).
    assert 900 * (40 + 4) == large_keys - small_keys
