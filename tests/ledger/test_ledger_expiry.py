"""Coins that expire: spends skip lots past their expiry, and CoinsExpired books them to breakage."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from math import floor

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Account,
    AccountKind,
    Carry,
    Channel,
    CoinLot,
    Coins,
    CoinsExpired,
    CoinsPurchased,
    Diamonds,
    DiamondsReconverted,
    Economy,
    GiftEvent,
    GiftSent,
    InsufficientCoinsError,
    InvalidValueError,
    Ledger,
    LotKind,
    Money,
    Promotion,
    Purchase,
    Rate,
    SpendPolicy,
    Wallet,
    checkout,
    from_data,
    presets,
    send_gift,
)
from giftflow.testing import assert_ledger_balanced
from tests.format.raw import raw_data

K = AccountKind
T0 = datetime(2026, 11, 24, 12, tzinfo=UTC)
DAY = timedelta(days=1)
WEEK = timedelta(days=7)
BREAKAGE = Account(K.BREAKAGE)
DEFERRED = Account(K.DEFERRED_REVENUE)
WELCOME = Promotion(id="welcome", bonus_rate=Rate.parse("10%"), validity=WEEK)
# TikTok without its minimum age (these books need no viewer profiles), with a
# promotion whose coins expire a week after the purchase.
TIKTOK = attrs.evolve(
    presets.tiktok(),
    spending_rules=None,
    price_book=attrs.evolve(presets.tiktok_price_book(), promotions=(WELCOME,)),
)


def economy(policy: SpendPolicy) -> Economy:
    return attrs.evolve(TIKTOK, spend_policy=policy)


def purchase(pid: str, at: datetime = T0, package: str = "coins_660") -> Purchase:
    quote = TIKTOK.price_book.quote(package, country="US", channel=Channel.IOS, at=at)
    return checkout(quote, purchase_id=pid)


def bought(pid: str, at: datetime = T0, package: str = "coins_660") -> CoinsPurchased:
    return CoinsPurchased(id=pid, viewer="v1", purchase=purchase(pid, at, package))


def gift(gid: str, at: datetime, count: int = 1, to: tuple[str, ...] = ("ana",)) -> GiftEvent:
    return GiftEvent(
        id=gid, viewer="v1", gift="Rose", count=count, recipients=list(to), country="US", at=at
    )


def held(ledger: Ledger, viewer: str = "v1") -> dict[str, int]:
    return {lot.id: lot.coins.amount for lot in ledger.wallet(viewer).lots}


def postings(ledger: Ledger, event_id: str) -> list[str]:
    return [str(p) for p in ledger.transaction(event_id).postings]


def consumed(lots: tuple[CoinLot, ...], wallet: Wallet, purchase_id: str) -> Fraction:
    """The exact net value of a purchase's coins that have left the wallet (minor units)."""
    left = {lot.id: lot.coins.amount for lot in wallet.lots}
    return sum(
        (
            (lot.coins.amount - left.get(lot.id, 0)) * lot.net_per_coin.minor
            for lot in lots
            if lot.purchase_id == purchase_id
        ),
        Fraction(0),
    )


class TestSpendsSkipExpiredCoins:
    def test_a_gift_spends_promotional_coins_first_until_they_expire(self) -> None:
        ledger = Ledger(economy(SpendPolicy.PROMOTIONAL_FIRST))
        ledger.apply(bought("p1"))
        assert {"p1/purchased": 660, "p1/promotional": 66} == held(ledger)
        ledger.apply(GiftSent(gift=gift("g1", T0 + DAY, count=6)))
        assert {"p1/purchased": 660, "p1/promotional": 60} == held(ledger)
        # At the expiry the promotional coins are no longer spent, but stay for the expiry.
        ledger.apply(GiftSent(gift=gift("g2", T0 + WEEK, count=10)))
        assert {"p1/purchased": 650, "p1/promotional": 60} == held(ledger)

    @pytest.mark.parametrize("to", [("ana",), ("ana", "bo")])  # the plain path and send_gift
    def test_a_gift_refuses_to_count_expired_coins(self, to: tuple[str, ...]) -> None:
        ledger = Ledger(economy(SpendPolicy.EXPIRING_FIRST))
        ledger.apply(bought("p1", package="coins_65"))  # 65 coins and 6 promotional ones
        with pytest.raises(
            InsufficientCoinsError, match=r"cannot spend 70 coins: the wallet holds 65"
        ):
            ledger.apply(GiftSent(gift=gift("g1", T0 + WEEK, count=70, to=to)))
        assert {"p1/purchased": 65, "p1/promotional": 6} == held(ledger)


class TestCoinsExpired:
    def test_books_exactly_the_lots_past_their_expiry_to_breakage(self) -> None:
        ledger = Ledger(economy(SpendPolicy.PURCHASED_FIRST))
        bought_now = bought("p1")
        ledger.apply(bought_now)
        ledger.apply(bought("p2", at=T0 + 3 * DAY))
        ledger.apply(GiftSent(gift=gift("g1", T0 + 3 * DAY, count=700)))
        # Purchased coins first, oldest first: all 660 of p1, then 40 of p2.
        assert {"p1/promotional": 66, "p2/purchased": 620, "p2/promotional": 66} == held(ledger)
        lots = bought_now.purchase.lots
        before = consumed(lots, ledger.wallet("v1"), "p1")
        ledger.apply(CoinsExpired(id="x1", at=T0 + WEEK, viewer="v1"))
        after = consumed(lots, ledger.wallet("v1"), "p1")
        money = floor(after) - floor(before)  # the purchase releases by cumulative floors
        assert after == bought_now.purchase.breakdown.net.minor  # all of p1 has left
        assert [
            "viewer_wallet:v1 -66 coins",
            "breakage +66 coins",
            f"deferred_revenue -{Money.of_minor(money, 'USD')}",
            f"breakage +{Money.of_minor(money, 'USD')}",
        ] == postings(ledger, "x1")
        # p2's promotional coins expire a week after p2, not yet.
        assert {"p2/purchased": 620, "p2/promotional": 66} == held(ledger)
        assert_ledger_balanced(ledger)

    def test_expires_nothing_twice_and_replays(self) -> None:
        ledger = Ledger(economy(SpendPolicy.FIFO))
        ledger.apply(bought("p1"))
        expiry = CoinsExpired(id="x1", at=T0 + WEEK, viewer="v1")
        first = ledger.apply(expiry)
        breakage = ledger.balance(BREAKAGE, Coins).amount
        assert (66, False) == (breakage, first.replayed)
        assert ledger.apply(expiry).replayed
        again = ledger.apply(CoinsExpired(id="x2", at=T0 + 2 * WEEK, viewer="v1"))
        assert ((), 66) == (again.transaction.postings, ledger.balance(BREAKAGE, Coins).amount)

    def test_expires_nothing_before_the_expiry(self) -> None:
        ledger = Ledger(economy(SpendPolicy.FIFO))
        ledger.apply(bought("p1"))
        applied = ledger.apply(
            CoinsExpired(id="x1", at=T0 + WEEK - timedelta(seconds=1), viewer="v1")
        )
        assert () == applied.transaction.postings

    def test_a_cutoff_expires_old_coins_too_expiring_or_not(self) -> None:
        ledger = Ledger(economy(SpendPolicy.FIFO))
        ledger.apply(bought("p1"))
        ledger.apply(bought("p2", at=T0 + 2 * DAY))
        ledger.apply(CoinsExpired(id="x1", at=T0 + 3 * DAY, viewer="v1", acquired_before=T0 + DAY))
        assert {"p2/purchased": 660, "p2/promotional": 66} == held(ledger)

    def test_reconverted_coins_may_expire(self) -> None:
        ledger = Ledger(economy(SpendPolicy.FIFO))
        ledger.apply(bought("p1", package="coins_65"))
        ledger.apply(GiftSent(gift=gift("g1", T0, count=50)))
        end_of_next_month = datetime(2027, 1, 1, tzinfo=UTC)
        reconverted = DiamondsReconverted(
            id="d1",
            at=T0 + DAY,
            creator="ana",
            diamonds=Diamonds(20),
            coins_per_diamond=Rate.parse("1/2"),
            expires_at=end_of_next_month,
        )
        ledger.apply(reconverted)
        (lot,) = ledger.wallet("ana").lots
        assert (LotKind.RECONVERTED, end_of_next_month) == (lot.kind, lot.expires_at)
        ledger.apply(CoinsExpired(id="x1", at=end_of_next_month, viewer="ana"))
        assert ["viewer_wallet:ana -10 coins", "breakage +10 coins"] == postings(ledger, "x1")

    def test_a_reconversion_refuses_an_expiry_not_after_it(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^expires_at must be after the reconversion"):
            DiamondsReconverted(
                id="d1",
                at=T0,
                creator="ana",
                diamonds=Diamonds(20),
                coins_per_diamond=Rate.parse("1/2"),
                expires_at=T0,
            )

    def test_a_ledger_with_expiring_coins_reads_back_the_same(self) -> None:
        ledger = Ledger(economy(SpendPolicy.EXPIRING_FIRST))
        ledger.apply(bought("p1"))
        ledger.apply(GiftSent(gift=gift("g1", T0 + DAY, count=10)))
        ledger.apply(CoinsExpired(id="x1", at=T0 + WEEK, viewer="v1"))
        again = from_data(Ledger, raw_data(ledger))
        assert (held(ledger), ledger.journal) == (held(again), again.journal)
        events = raw_data(ledger)["events"]
        assert {"coins_expired": {"id": "x1", "at": (T0 + WEEK).isoformat(), "viewer": "v1"}} in (
            events
        )


STEPS = st.lists(
    st.tuples(
        st.sampled_from(("buy", "gift", "gift", "gift", "expire")),
        st.integers(0, 20),  # days after T0, sorted below: one viewer's events are in order
        st.integers(1, 300),
        st.sampled_from((("ana",), ("ana", "bo"))),
    ),
    min_size=1,
    max_size=12,
)


class TestAgainstTheWallet:
    @given(st.sampled_from(SpendPolicy), STEPS)
    def test_books_what_send_gift_and_the_lots_say_and_conserves_value(
        self, policy: SpendPolicy, steps: list[tuple[str, int, int, tuple[str, ...]]]
    ) -> None:
        """Gifts spend what send_gift spends from the same wallet (expired lots skipped);
        an expiry books exactly the coins of the lots past their expiry, and the money
        the purchases' cumulative floors release for them; nothing is created or lost."""
        chosen = economy(policy)
        ledger, wallet, carry = Ledger(chosen), Wallet(), Carry()
        lots: dict[str, tuple[CoinLot, ...]] = {}
        expired_coins = 0
        for index, (kind, days, count, to) in enumerate(sorted(steps, key=lambda s: s[1])):
            at = T0 + days * DAY
            if kind == "buy":
                event = bought(f"p{index}", at)
                ledger.apply(event)
                wallet = wallet.credit(*event.purchase.lots)
                lots[f"p{index}"] = event.purchase.lots
            elif kind == "gift":
                sent = gift(f"g{index}", at, count, to)
                if count > wallet.spendable(at).amount:
                    continue  # both refuse it (tested above)
                receipt = send_gift(chosen, wallet, sent, carry=carry)
                ledger.apply(GiftSent(gift=sent))
                wallet, carry = receipt.wallet, receipt.carry
            else:
                gone = tuple(lot for lot in wallet.lots if lot.expired(at))
                coins = sum(lot.coins.amount for lot in gone)
                rest = Wallet(tuple(lot for lot in wallet.lots if lot not in gone))
                money = sum(
                    floor(consumed(own, rest, pid)) - floor(consumed(own, wallet, pid))
                    for pid, own in lots.items()
                )
                ledger.apply(CoinsExpired(id=f"x{index}", at=at, viewer="v1"))
                found = {str(p) for p in ledger.transaction(f"x{index}").postings}
                if coins:
                    assert {f"breakage +{coins} coins", f"viewer_wallet:v1 -{coins} coins"} <= found
                breakage = [p for p in ledger.transaction(f"x{index}").postings if p.unit == "USD"]
                assert money == sum(p.units for p in breakage if p.account == BREAKAGE)
                expired_coins += coins
                wallet = rest
            assert held(ledger) == {lot.id: lot.coins.amount for lot in wallet.lots}
        assert ledger.carry == carry
        assert expired_coins == ledger.balance(BREAKAGE, Coins).amount
        assert_ledger_balanced(ledger)
