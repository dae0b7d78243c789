"""The ledger checks what it books: purchases against its price book, time order, one writer."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    AccountClosedError,
    AccountForfeited,
    Channel,
    ChargedBack,
    Coins,
    CoinsExpired,
    CoinsPurchased,
    ConcurrentApplyError,
    Diamonds,
    DiamondsReconverted,
    EventOrderError,
    GiftEvent,
    GiftflowError,
    GiftSent,
    InvalidValueError,
    Ledger,
    LedgerEvent,
    Money,
    PayoutFailed,
    PayoutLeg,
    PayoutLegKind,
    PayoutRequested,
    PayoutSettled,
    Purchase,
    Rate,
    Refunded,
    checkout,
    presets,
    to_data,
)
from giftflow._ledger import _book

T0 = datetime(2026, 11, 24, 12, tzinfo=UTC)
# Not about spending rules (tests/ledger/test_ledger_spending.py): TikTok's minimum age is
# taken out, so these books need no viewer profiles.
TIKTOK = attrs.evolve(presets.tiktok(), spending_rules=None)
BOOK = TIKTOK.price_book


def purchase(
    pid: str = "p1",
    package: str = "coins_65",
    *,
    at: datetime = T0,
    channel: Channel = Channel.IOS,
    proceeds: Money | None = None,
) -> Purchase:
    quote = BOOK.quote(package, country="US", channel=channel, at=at)
    return checkout(quote, purchase_id=pid, proceeds_to_date=proceeds)


def bought(pid: str = "p1", viewer: str = "v1", at: datetime = T0) -> CoinsPurchased:
    return CoinsPurchased(id=pid, viewer=viewer, purchase=purchase(pid, at=at))


def gift(gid: str, count: int, *, at: datetime, viewer: str = "v1") -> GiftSent:
    return GiftSent(
        gift=GiftEvent(
            id=gid, viewer=viewer, gift="Rose", count=count, recipients="ana", country="US", at=at
        )
    )


def refused(ledger: Ledger, event: LedgerEvent, error: type[GiftflowError], text: str) -> str:
    """Apply ``event``, expect ``error`` mentioning ``text``, and the ledger unchanged."""
    before = to_data(ledger)
    with pytest.raises(error) as caught:
        ledger.apply(event)
    assert text in str(caught.value)
    assert to_data(ledger) == before
    return str(caught.value)


class TestPurchasesAgainstThePriceBook:
    def test_refuses_lots_that_claim_more_coins_than_the_package(self) -> None:
        real = purchase()
        forged_quote = attrs.evolve(
            real.quote, package=attrs.evolve(real.quote.package, coins=Coins(6_500))
        )
        with pytest.raises(InvalidValueError, match="lots claim 65 coins"):
            attrs.evolve(real, quote=forged_quote)  # a purchase disagreeing with itself
        forged = checkout(forged_quote, purchase_id="p1")  # agrees with itself, not the book
        message = refused(
            Ledger(TIKTOK),
            CoinsPurchased(id="p1", viewer="v1", purchase=forged),
            InvalidValueError,
            "purchase",
        )
        assert "purchase.quote.package.coins of purchase 'p1' claims 6,500 coins" in message
        assert "the price book sells coins_65 in US on ios" in message
        assert "with 65 coins" in message

    def test_refuses_a_price_the_book_does_not_charge(self) -> None:
        real = purchase()
        cheaper = attrs.evolve(real.quote, price=Money.parse("0.01", "USD"))
        forged = checkout(cheaper, purchase_id="p1")
        message = refused(
            Ledger(TIKTOK),
            CoinsPurchased(id="p1", viewer="v1", purchase=forged),
            InvalidValueError,
            "claims 0.01 USD price",
        )
        assert "with 0.99 USD price" in message

    def test_refuses_a_package_the_book_does_not_sell(self) -> None:
        real = purchase().quote
        unknown = attrs.evolve(real, package=attrs.evolve(real.package, id="coins_7"))
        forged = checkout(unknown, purchase_id="p1")
        refused(
            Ledger(TIKTOK),
            CoinsPurchased(id="p1", viewer="v1", purchase=forged),
            InvalidValueError,
            "does not sell",
        )

    def test_refuses_a_storefront_without_the_store_fee(self) -> None:
        real = purchase()
        storefront = real.quote.storefront
        no_fee = attrs.evolve(storefront, fees=((Channel.IOS, ()),))
        forged = checkout(attrs.evolve(real.quote, storefront=no_fee), purchase_id="p1")
        assert not forged.breakdown.fees
        refused(
            Ledger(TIKTOK),
            CoinsPurchased(id="p1", viewer="v1", purchase=forged),
            InvalidValueError,
            "purchase.quote.storefront",
        )

    def test_refuses_a_cost_basis_the_economy_does_not_use(self) -> None:
        stars = presets.facebook_stars()  # its packs carry bonus coins, so the bases differ
        quote = stars.price_book.quote("stars_45", country="US", channel=Channel.WEB, at=T0)
        other = next(basis for basis in type(stars.cost_basis) if basis is not stars.cost_basis)
        forged = checkout(quote, purchase_id="p1", cost_basis=other)
        assert forged.lots != checkout(quote, purchase_id="p1").lots
        refused(
            Ledger(stars),
            CoinsPurchased(id="p1", viewer="v1", purchase=forged),
            InvalidValueError,
            "cost basis",
        )

    @pytest.mark.parametrize(
        ("proceeds", "rate"),
        [("0", "15%"), ("999999.50", None), ("1000000", "30%"), ("2000000", "30%")],
        ids=["below", "crossing", "at-the-limit", "above"],
    )
    def test_accepts_each_charge_a_threshold_fee_can_make(
        self, proceeds: str, rate: str | None
    ) -> None:
        bought = purchase(
            "p1", "coins_3300", channel=Channel.GOOGLE_PLAY, proceeds=Money.parse(proceeds, "USD")
        )
        (charge,) = bought.breakdown.fees
        if rate is None:
            assert Rate.parse("15%") < charge.rate < Rate.parse("30%")
        else:
            assert charge.rate == Rate.parse(rate)
        ledger = Ledger(TIKTOK)
        ledger.apply(CoinsPurchased(id="p1", viewer="v1", purchase=bought))
        assert ledger.totals()["USD"] == 0

    def test_refuses_a_threshold_rate_no_proceeds_give(self) -> None:
        real = purchase("p1", "coins_3300", channel=Channel.GOOGLE_PLAY, proceeds=Money.zero("USD"))
        (charge,) = real.breakdown.fees
        odd = attrs.evolve(charge, rate=Rate.parse("20%"))
        with pytest.raises(InvalidValueError, match="at 15% to 30%"):  # no fee charges that
            attrs.evolve(real, breakdown=attrs.evolve(real.breakdown, fees=(odd,)))

    def test_refuses_a_purchase_booked_before_it_was_quoted(self) -> None:
        with pytest.raises(EventOrderError, match="before purchase 'p1' was quoted"):
            CoinsPurchased(id="p1", viewer="v1", purchase=purchase(), at=T0 - timedelta(1))
        event = CoinsPurchased(id="p1", viewer="v1", purchase=purchase())
        with pytest.raises(EventOrderError, match="before purchase 'p1' was quoted"):
            attrs.evolve(event, at=T0 - timedelta(1))

    def test_a_purchase_booked_after_its_quote_is_verified_at_the_quote_time(self) -> None:
        ledger = Ledger(TIKTOK)
        late = T0 + timedelta(hours=2)
        ledger.apply(CoinsPurchased(id="p1", viewer="v1", purchase=purchase(), at=late))
        assert ledger.transaction("p1").at == late


class TestTimeOrder:
    def test_refuses_a_gift_dated_before_the_purchase_of_its_coins(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought())
        message = refused(
            ledger, gift("g1", 5, at=T0 - timedelta(minutes=1)), EventOrderError, "at "
        )
        assert "the last event of 'v1' (gift.viewer)" in message
        assert "'p1'" in message

    def test_refuses_any_event_before_an_accounts_last_event(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought())
        ledger.apply(gift("g1", 5, at=T0 + timedelta(hours=1)))
        refused(ledger, bought("p2", at=T0 + timedelta(minutes=30)), EventOrderError, "'g1'")
        # the creator's accounts are ordered too: ana's last event is g1
        late = DiamondsReconverted(
            id="d1", at=T0, creator="ana", diamonds=Diamonds(2), coins_per_diamond=Rate.parse("1/2")
        )
        refused(ledger, late, EventOrderError, "the last event of 'ana' (creator)")

    def test_accepts_back_dated_events_of_other_accounts_and_equal_times(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1", "v1", at=T0 + timedelta(days=1)))
        ledger.apply(bought("p2", "v2", at=T0))  # v2 has no later event
        ledger.apply(gift("g2", 5, at=T0, viewer="v2"))  # before p1, but no account of p1's
        ledger.apply(gift("g1", 5, at=T0 + timedelta(days=1)))  # the same time as p1
        assert ledger.totals() == {"USD": 0, "coins": 0, "diamonds": 0}

    def test_refuses_a_refund_before_its_purchase(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1", "v1", at=T0))
        ledger.apply(bought("p2", "v2", at=T0 + timedelta(days=2)))
        event = Refunded(id="r1", at=T0 - timedelta(hours=1), purchase_id="p1")
        refused(ledger, event, EventOrderError, "before purchase 'p1'")

    def test_refuses_an_expiry_whose_window_ends_after_it(self) -> None:
        with pytest.raises(EventOrderError, match="acquired_before is after the expiry itself"):
            CoinsExpired(
                id="x1",
                at=T0 + timedelta(days=1),
                viewer="v1",
                acquired_before=T0 + timedelta(days=2),
            )

    def test_refuses_a_settlement_before_its_request(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought())
        ledger.apply(gift("g1", 40, at=T0))
        ledger.apply(
            PayoutRequested(
                id="po1", at=T0 + timedelta(days=2), creator="ana", diamonds=Diamonds(20)
            )
        )
        ledger.apply(bought("p2", "v2", at=T0 + timedelta(days=3)))
        for event in (
            PayoutSettled(id="s1", at=T0 + timedelta(days=1), payout_id="po1", legs=()),
            PayoutFailed(id="s1", at=T0 + timedelta(days=1), payout_id="po1"),
        ):
            refused(ledger, event, EventOrderError, "before")

    def test_refuses_every_event_for_a_closed_account(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought())
        ledger.apply(AccountForfeited(id="f1", at=T0 + timedelta(days=1), owner="v1"))
        later = T0 + timedelta(days=2)
        for event in (
            CoinsExpired(id="x1", at=later, viewer="v1", acquired_before=later),
            Refunded(id="r1", at=later, purchase_id="p1"),
            ChargedBack(id="c1", at=later, purchase_id="p1"),
            bought("p2", at=later),
            gift("g1", 1, at=later),
        ):
            refused(ledger, event, AccountClosedError, "forfeited by event 'f1'")

    def test_refuses_to_forfeit_an_account_with_a_pending_payout(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought())
        ledger.apply(gift("g1", 40, at=T0))
        ledger.apply(PayoutRequested(id="po1", at=T0, creator="ana", diamonds=Diamonds(20)))
        refused(ledger, AccountForfeited(id="f1", at=T0, owner="ana"), InvalidValueError, "po1")
        ledger.apply(PayoutFailed(id="x1", at=T0, payout_id="po1"))
        ledger.apply(AccountForfeited(id="f1", at=T0, owner="ana"))

    @given(
        offsets=st.lists(st.integers(-3, 3), min_size=1, max_size=12),
        viewers=st.lists(st.sampled_from(("v1", "v2")), min_size=12, max_size=12),
    )
    def test_per_account_order_is_exactly_the_rule(
        self, offsets: list[int], viewers: list[str]
    ) -> None:
        """Purchases at random times: accepted iff not before their viewer's last purchase."""
        ledger = Ledger(TIKTOK)
        last: dict[str, datetime] = {}
        for index, (offset, viewer) in enumerate(zip(offsets, viewers, strict=False)):
            at = T0 + timedelta(hours=offset)
            event = bought(f"p{index}", viewer, at=at)
            if viewer in last and at < last[viewer]:
                refused(ledger, event, EventOrderError, "at ")
            else:
                ledger.apply(event)
                last[viewer] = at
        assert set(ledger.totals().values()) == {0}


class TestMoneyInTheRightCurrency:
    def test_refuses_a_chargeback_fee_in_another_currency(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought())
        event = ChargedBack(id="c1", at=T0, purchase_id="p1", fee=Money.parse("15", "EUR"))
        refused(ledger, event, InvalidValueError, "fee is in EUR but purchase 'p1' was paid in USD")

    def paid_ledger(self) -> Ledger:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought())
        ledger.apply(gift("g1", 40, at=T0))
        ledger.apply(PayoutRequested(id="po1", at=T0, creator="ana", diamonds=Diamonds(40)))
        return ledger

    def test_refuses_payout_legs_in_another_currency(self) -> None:
        leg = PayoutLeg(kind=PayoutLegKind.NET, name="creator", amount=Money.parse("0.20", "EUR"))
        event = PayoutSettled(id="s1", at=T0, payout_id="po1", legs=(leg,))
        refused(self.paid_ledger(), event, InvalidValueError, "legs pay EUR")

    def test_refuses_payout_legs_worth_more_than_the_diamonds(self) -> None:
        leg = PayoutLeg(kind=PayoutLegKind.NET, name="creator", amount=Money.parse("0.21", "USD"))
        event = PayoutSettled(id="s1", at=T0, payout_id="po1", legs=(leg,))
        message = refused(self.paid_ledger(), event, InvalidValueError, "legs pay 0.21 USD")
        assert "40 diamonds worth 0.20 USD" in message

    def test_accepts_legs_worth_the_diamonds(self) -> None:
        ledger = self.paid_ledger()
        leg = PayoutLeg(kind=PayoutLegKind.NET, name="creator", amount=Money.parse("0.20", "USD"))
        ledger.apply(PayoutSettled(id="s1", at=T0, payout_id="po1", legs=(leg,)))
        assert ledger.totals()["diamonds"] == 0


class TestOneWriter:
    def test_a_second_thread_is_refused_while_one_applies(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        ledger = Ledger(TIKTOK)
        inside, release = threading.Event(), threading.Event()
        book = _book.BOOKINGS[CoinsPurchased]

        def slow(state: object, event: CoinsPurchased, draft: object) -> None:
            inside.set()
            assert release.wait(10)
            book(state, event, draft)  # type: ignore[arg-type]

        monkeypatch.setitem(_book.BOOKINGS, CoinsPurchased, slow)
        first = threading.Thread(target=ledger.apply, args=(bought("p1"),))
        first.start()
        assert inside.wait(10)
        before = ledger.balances()
        with pytest.raises(ConcurrentApplyError, match="one writer"):
            ledger.apply(gift("g1", 1, at=T0))
        assert ledger.balances() == before
        release.set()
        first.join(10)
        monkeypatch.setitem(_book.BOOKINGS, CoinsPurchased, book)
        ledger.apply(gift("g1", 1, at=T0))  # the lock is free again, and nothing was lost
        assert ledger.totals() == {"USD": 0, "coins": 0, "diamonds": 0}

    def test_racing_threads_never_unbalance_the_books(self) -> None:
        ledger = Ledger(TIKTOK)
        refusals: list[ConcurrentApplyError] = []

        def run(viewer: str) -> None:
            for index in range(150):
                event = bought(f"{viewer}-{index}", viewer)
                while True:
                    try:
                        ledger.apply(event)
                        break
                    except ConcurrentApplyError as error:
                        refusals.append(error)

        threads = [threading.Thread(target=run, args=(viewer,)) for viewer in ("v1", "v2")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert len(ledger.events) == 300
        assert ledger.totals() == {"USD": 0, "coins": 0}
        assert all(isinstance(error, GiftflowError) for error in refusals)


class TestReconversion:
    def ledger(self) -> Ledger:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought())
        ledger.apply(gift("g1", 40, at=T0))
        return ledger

    def test_refuses_a_rate_that_makes_diamonds_from_nothing(self) -> None:
        ratio = TIKTOK.conversion.at(T0).coin_ratio()
        assert ratio is not None
        generous = Rate(2 / ratio)
        event = DiamondsReconverted(
            id="d1", at=T0, creator="ana", diamonds=Diamonds(10), coins_per_diamond=generous
        )
        refused(self.ledger(), event, InvalidValueError, "coins_per_diamond")

    def test_accepts_the_round_trip_rate(self) -> None:
        ratio = TIKTOK.conversion.at(T0).coin_ratio()
        assert ratio is not None
        ledger = self.ledger()
        ledger.apply(
            DiamondsReconverted(
                id="d1",
                at=T0,
                creator="ana",
                diamonds=Diamonds(10),
                coins_per_diamond=Rate(1 / ratio),
            )
        )
        assert ledger.wallet("ana").balance == Coins(int(10 / ratio))
