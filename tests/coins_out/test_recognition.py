"""Recognition: leaderboards of top gifters and gifter levels."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Carry,
    Catalog,
    CatalogVersion,
    Channel,
    Coins,
    Economy,
    Gift,
    GifterLevels,
    GiftEvent,
    GiftReceipt,
    InvalidTypeError,
    InvalidValueError,
    LeaderboardEntry,
    Rate,
    Recipient,
    Wallet,
    checkout,
    leaderboard,
    presets,
    send_gift,
)
from giftflow.testing import gift_events, gifter_levels

T0 = datetime(2026, 11, 24, 20, tzinfo=UTC)


def festival_economy() -> Economy:
    """Twitch Bits plus a 100-Bit festival gift that counts 1.5x on leaderboards."""
    twitch = presets.twitch_bits()
    gifts = (
        *twitch.catalog.versions[0].gifts,
        Gift(id="fest", name="Fest", price=Coins(100), multiplier=Rate.parse("1.5")),
    )
    return attrs.evolve(
        twitch, catalog=Catalog(versions=(CatalogVersion(version="fest", gifts=gifts),))
    )


ECONOMY = festival_economy()
BOUGHT = checkout(
    ECONOMY.price_book.quote("bits_25000", country="US", channel=Channel.WEB, at=T0),
    purchase_id="p1",
)
# Enough Bits for any gift of the catalog, at the cost per Bit of the 25,000 package.
# Held since long before any generated gift: send_gift refuses to spend coins bought later.
LONG_AGO = datetime(1970, 1, 1, tzinfo=UTC)
WALLET = Wallet(
    tuple(attrs.evolve(lot, coins=lot.coins * 100, acquired_at=LONG_AGO) for lot in BOUGHT.lots)
)


def sent(
    viewer: str,
    coins: int,
    minute: int = 0,
    *,
    gift: str = "Cheer1",
    to: str | Sequence[str] = "ana",
) -> GiftReceipt:
    event = GiftEvent(
        id=f"{viewer}-{minute}",
        viewer=viewer,
        gift=gift,
        count=coins if gift == "Cheer1" else coins // 100,
        recipients=to if isinstance(to, str) else [Recipient(creator) for creator in to],
        country="US",
        at=T0 + timedelta(minutes=minute),
    )
    return send_gift(ECONOMY, WALLET, event, carry=Carry())


def ranking(entries: Sequence[LeaderboardEntry]) -> list[tuple[int, str, int]]:
    return [(entry.rank, entry.viewer, entry.coins) for entry in entries]


class TestLeaderboard:
    def test_ranks_gifters_by_coins(self) -> None:
        board = leaderboard([sent("v1", 100), sent("v2", 500), sent("v1", 50, 1)])
        assert [(1, "v2", 500), (2, "v1", 150)] == ranking(board)

    def test_a_tie_goes_to_who_reached_the_total_first(self) -> None:
        board = leaderboard([sent("v1", 60, 0), sent("v2", 100, 1), sent("v1", 40, 2)])
        assert [(1, "v2", 100), (2, "v1", 100)] == ranking(board)
        assert [T0 + timedelta(minutes=1), T0 + timedelta(minutes=2)] == [
            entry.reached_at for entry in board
        ]

    def test_a_tie_at_the_same_moment_goes_by_viewer_id(self) -> None:
        board = leaderboard([sent("v3", 100), sent("v1", 100), sent("v2", 100)])
        assert ["v1", "v2", "v3"] == [entry.viewer for entry in board]

    def test_the_order_of_receipts_does_not_matter_for_ties(self) -> None:
        receipts = [sent("v1", 60, 0), sent("v2", 100, 1), sent("v1", 40, 2)]
        assert leaderboard(receipts) == leaderboard(reversed(receipts))

    def test_festival_gifts_weigh_more(self) -> None:
        board = leaderboard([sent("v1", 100, gift="Fest"), sent("v2", 140)])
        assert [("v1", 100, Fraction(150)), ("v2", 140, Fraction(140))] == [
            (entry.viewer, entry.coins, entry.points) for entry in board
        ]

    def test_counts_a_co_hosted_gift_by_each_creators_part(self) -> None:
        receipts = [sent("v1", 101, to=["ana", "bo"]), sent("v2", 60, to="bo")]
        assert [(1, "v1", 51)] == ranking(leaderboard(receipts, creator="ana"))
        assert [(1, "v2", 60), (2, "v1", 50)] == ranking(leaderboard(receipts, creator="bo"))
        assert [(1, "v1", 101), (2, "v2", 60)] == ranking(leaderboard(receipts))

    def test_keeps_the_top_few(self) -> None:
        board = leaderboard([sent(f"v{i}", 10 * i) for i in range(1, 6)], top=2)
        assert [(1, "v5", 50), (2, "v4", 40)] == ranking(board)

    def test_no_gifts_no_leaderboard(self) -> None:
        assert () == leaderboard([], creator="ana", top=3)

    @pytest.mark.parametrize("top", [0, -1, 2.0, True])
    def test_refuses_a_top_that_is_not_a_positive_int(self, top: object) -> None:
        with pytest.raises(InvalidValueError) as caught:
            leaderboard([], top=top)  # type: ignore[arg-type]
        assert "top" == caught.value.argument

    def test_refuses_anything_but_receipts(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            leaderboard([{"viewer": "v1", "coins": 100}])  # type: ignore[list-item]
        assert "source" == caught.value.argument

    @given(
        st.lists(gift_events(economy=ECONOMY, max_count=5), max_size=8),
        st.sampled_from([None, "ana", "bo"]),
        st.data(),
    )
    def test_ranks_every_gifter_once_whatever_the_order(
        self, events: list[GiftEvent], creator: str | None, data: st.DataObject
    ) -> None:
        receipts = [send_gift(ECONOMY, WALLET, event, carry=Carry()) for event in events]
        board = leaderboard(receipts, creator=creator)
        assert board == leaderboard(data.draw(st.permutations(receipts)), creator=creator)
        assert list(range(1, len(board) + 1)) == [entry.rank for entry in board]
        keys = [(-entry.points, entry.reached_at, entry.viewer) for entry in board]
        assert sorted(keys) == keys
        coins = sum(
            s.coins.amount
            for receipt in receipts
            for s in receipt.shares
            if creator is None or s.creator == creator
        )
        assert coins == sum(entry.coins for entry in board)


class TestLeaderboardEntry:
    def test_holds_rank_viewer_coins_points_and_time(self) -> None:
        (entry,) = leaderboard([sent("v1", 100, gift="Fest")])
        assert (
            LeaderboardEntry(rank=1, viewer="v1", coins=100, points=Fraction(150), reached_at=T0)
            == entry
        )


class TestGifterLevels:
    def levels(self) -> GifterLevels:
        return GifterLevels((1, 100, 1_000, 10_000))

    def test_reaches_a_level_at_its_threshold(self) -> None:
        assert [0, 1, 1, 2, 3, 4, 4] == [
            self.levels().level(coins) for coins in (0, 1, 99, 100, 9_999, 10_000, 10**9)
        ]

    def test_says_how_many_coins_the_next_level_needs(self) -> None:
        assert [1, 99, 850, None] == [self.levels().to_next(coins) for coins in (0, 1, 150, 10_000)]

    def test_accepts_a_list(self) -> None:
        assert self.levels() == GifterLevels([1, 100, 1_000, 10_000])

    @pytest.mark.parametrize("thresholds", [(100, 10), (1, 1)])
    def test_refuses_thresholds_that_do_not_strictly_increase(self, thresholds: object) -> None:
        with pytest.raises(InvalidValueError) as caught:
            GifterLevels(thresholds)  # type: ignore[arg-type]
        assert "thresholds" == caught.value.argument

    @pytest.mark.parametrize("thresholds", [(0, 1), (1.5,), (True,), 5, None])
    def test_refuses_thresholds_that_are_not_positive_ints(self, thresholds: object) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            GifterLevels(thresholds)  # type: ignore[arg-type]
        assert "thresholds" == caught.value.argument

    @pytest.mark.parametrize("coins", [-1, 1.0, True])
    def test_refuses_coins_that_are_not_a_count(self, coins: object) -> None:
        with pytest.raises(InvalidValueError) as caught:
            self.levels().level(coins)  # type: ignore[arg-type]
        assert "coins" == caught.value.argument

    @given(gifter_levels(), st.integers(0, 2 * 10**7))
    def test_the_next_level_is_one_up(self, levels: GifterLevels, coins: int) -> None:
        level, needed = levels.level(coins), levels.to_next(coins)
        if needed is None:
            assert len(levels.thresholds) == level
        else:
            assert needed > 0
            assert level + 1 == levels.level(coins + needed)
            assert level == levels.level(coins + needed - 1)
