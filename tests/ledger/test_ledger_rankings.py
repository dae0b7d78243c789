"""Rankings read from the ledger are the rankings of the receipts it booked; windows; settlements."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Channel,
    CoinsPurchased,
    CreatorEntry,
    Diamonds,
    GiftEvent,
    GiftReceipt,
    GiftSent,
    History,
    InvalidValueError,
    Ledger,
    Recipient,
    Window,
    checkout,
    creator_leaderboard,
    leaderboard,
    presets,
    send_gift,
    settle,
)
from giftflow.testing import gift_events
from tests.coins_out.test_recognition import festival_economy

T0 = datetime(2026, 11, 24, 20, tzinfo=UTC)


# Twitch Bits with a 1.5x festival gift, as the receipts-only leaderboard tests use.
ECONOMY = festival_economy()


def book(events: list[GiftEvent]) -> tuple[Ledger, list[GiftReceipt]]:
    """Apply ``events`` (in time order) to a ledger, buying Bits first where needed.

    Each receipt is the one the ledger books: made from its wallet and carry just before.
    """
    ledger = Ledger(ECONOMY)
    receipts = []
    for number, event in enumerate(sorted(events, key=lambda event: event.at)):
        price = ECONOMY.catalog.gift(event.gift, country=event.country, at=event.at).price
        while ledger.wallet(event.viewer).balance.amount < price.amount * event.count:
            quote = ECONOMY.price_book.quote(
                "bits_25000", country="US", channel=Channel.WEB, at=event.at
            )
            purchase = checkout(quote, purchase_id=f"p{number}-{len(ledger.journal)}")
            ledger.apply(CoinsPurchased(id=purchase.id, viewer=event.viewer, purchase=purchase))
        receipts.append(send_gift(ECONOMY, ledger.wallet(event.viewer), event, carry=ledger.carry))
        ledger.apply(GiftSent(gift=event))
    return ledger, receipts


def unique(events: list[GiftEvent]) -> list[GiftEvent]:
    return [attrs.evolve(event, id=f"g{i}") for i, event in enumerate(events)]


class TestFromTheLedger:
    @given(
        st.lists(gift_events(economy=ECONOMY, max_count=3), max_size=6).map(unique),
        st.sampled_from([None, "ana", "bo"]),
        st.sampled_from([None, 1, 2]),
    )
    def test_the_ledger_ranks_as_its_receipts_do(
        self, events: list[GiftEvent], creator: str | None, top: int | None
    ) -> None:
        ledger, receipts = book(events)
        assert leaderboard(receipts, creator=creator, top=top) == leaderboard(
            ledger, creator=creator, top=top
        )
        assert creator_leaderboard(receipts, top=top) == creator_leaderboard(ledger, top=top)

    @given(
        st.lists(gift_events(economy=ECONOMY, max_count=3), max_size=6).map(unique),
        st.integers(-3, 3),
    )
    def test_a_window_keeps_the_gifts_sent_in_it(self, events: list[GiftEvent], days: int) -> None:
        ledger, receipts = book(events)
        first = min((event.at for event in events), default=T0)
        window = Window.day((first + timedelta(days=days)).date(), UTC)
        inside = [r for r in receipts if window.contains(r.event.at)]
        assert leaderboard(inside) == leaderboard(ledger, window=window)
        assert creator_leaderboard(inside) == creator_leaderboard(receipts, window=window)
        assert creator_leaderboard(inside) == creator_leaderboard(ledger, window=window)

    def test_co_hosts_split_the_coins_by_largest_remainder(self) -> None:
        lion = GiftEvent(
            id="g1",
            viewer="v1",
            gift="Cheer1",
            count=5,
            recipients=(Recipient("ana"), Recipient("bo")),
            country="US",
            at=T0,
        )
        ledger, _ = book([lion])
        assert [("ana", 3), ("bo", 2)] == [
            (entry.creator, entry.coins) for entry in creator_leaderboard(ledger)
        ]
        assert [3] == [entry.coins for entry in leaderboard(ledger, creator="ana")]

    def test_a_ledger_without_its_history_is_refused_with_the_fix(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            leaderboard(Ledger(ECONOMY, history=History.NONE))
        assert "history" == caught.value.argument
        assert "receipts" in caught.value.hint


class TestFromASettlement:
    def test_ranks_creators_by_diamonds_then_coins_then_name(self) -> None:
        economy = presets.tiktok()
        day = settle(
            economy,
            [("cy", "Rose", 5), ("ana", "Rose", 5), ("bo", "Swan", 1)],
            country="US",
            at=T0,
        )
        assert (
            CreatorEntry(rank=1, creator="bo", diamonds=Diamonds(699), coins=699, reached_at=None),
            CreatorEntry(rank=2, creator="ana", diamonds=Diamonds(5), coins=5, reached_at=None),
            CreatorEntry(rank=3, creator="cy", diamonds=Diamonds(5), coins=5, reached_at=None),
        ) == creator_leaderboard(day)
        assert ("bo",) == tuple(entry.creator for entry in creator_leaderboard(day, top=1))

    def test_refuses_a_window_it_cannot_apply(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            creator_leaderboard(settle(ECONOMY, [], country="US", at=T0), window=Window())
        assert "window" == caught.value.argument


class TestWindows:
    def test_a_day_runs_from_local_midnight_to_local_midnight(self) -> None:
        london = ZoneInfo("Europe/London")
        day = Window.day(date(2026, 3, 29), london)  # clocks go forward: 23 hours
        assert day.start is not None
        assert day.end is not None
        # Python subtracts two times of one zone by wall clock: compare instants.
        assert timedelta(hours=23) == day.end.astimezone(UTC) - day.start.astimezone(UTC)
        assert day.contains(datetime(2026, 3, 29, 23, 30, tzinfo=london))
        assert not day.contains(datetime(2026, 3, 28, 23, 30, tzinfo=UTC))

    @given(st.dates(min_value=date(1901, 1, 1), max_value=date(8999, 1, 1)), st.integers(0, 6))
    def test_a_week_holds_its_day_and_starts_on_its_weekday(self, on: date, first: int) -> None:
        week = Window.week(on, UTC, first_weekday=first)
        assert week.start is not None
        assert week.end is not None
        assert week.contains(datetime(on.year, on.month, on.day, 12, tzinfo=UTC))
        assert first == week.start.weekday()
        assert timedelta(days=7) == week.end - week.start

    def test_the_last_day_of_the_calendar_is_refused_by_name(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            Window.day(date(9999, 12, 31), UTC)
        assert "on" == caught.value.argument
