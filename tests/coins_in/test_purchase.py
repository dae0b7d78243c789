"""Checkout: the exact split of what the viewer pays, and the coin lots a purchase credits."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from giftflow import (
    Channel,
    Coins,
    CostBasis,
    ExactMoney,
    FeeBasis,
    FeeKind,
    InvalidTypeError,
    InvalidValueError,
    LotKind,
    Money,
    Promotion,
    Purchase,
    Quote,
    Rate,
    Rounding,
    RoundingNote,
    TaxMode,
    checkout,
    currency,
    presets,
)
from giftflow.testing import assert_sums_to, proceeds_for, quotes

USD = currency("USD")
GBP = currency("GBP")
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)

# Price books are big values: under a loaded machine their generation can trip the
# speed and size health checks, which say nothing about the code under test.
BIG = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def payable_purchases(draw: st.DrawFn) -> Purchase:
    """``purchases()`` without the quotes whose fees exceed what the buyer pays.

    Checkout refuses those (a purchase never has a negative net), but the price
    book strategy still draws fees of up to 10,000 minor units on prices from 1.
    """
    quote = draw(quotes())
    try:
        return checkout(
            quote,
            purchase_id="p1",
            proceeds_to_date=draw(proceeds_for(quote)),
            prior_year_proceeds=draw(proceeds_for(quote)),
            cost_basis=draw(st.sampled_from(CostBasis)),
        )
    except InvalidValueError as error:
        assume(error.argument != "quote")
        raise


def usd(text: str) -> Money:
    return Money.parse(text, USD)


def gbp(text: str) -> Money:
    return Money.parse(text, GBP)


def tiktok(package: str, channel: Channel, country: str = "US") -> Quote:
    return presets.tiktok_price_book().quote(package, country=country, channel=channel, at=NOW)


def parts(purchase: Purchase) -> tuple[Money, Money, Money, Money, Money]:
    """(gross, tax, store fee, processor fee, platform net)."""
    b = purchase.breakdown
    return (b.gross, b.tax, b.store_fee, b.processor_fee, b.net)


class TestCheckout:
    @BIG
    @given(payable_purchases())
    def test_breakdown_sums_exactly_to_the_gross(self, purchase: Purchase) -> None:
        breakdown = purchase.breakdown
        fees = [charge.amount for charge in breakdown.fees]
        assert breakdown.gross == breakdown.tax + Money.total(fees, breakdown.gross.currency) + (
            breakdown.net
        )
        assert_sums_to([breakdown.tax, *fees, breakdown.net], breakdown.gross)
        assert_sums_to(
            [breakdown.tax, breakdown.store_fee, breakdown.processor_fee, breakdown.net],
            breakdown.gross,
        )

    @BIG
    @given(payable_purchases())
    def test_tax_and_every_fee_follow_their_own_rules(self, purchase: Purchase) -> None:
        breakdown, store = purchase.breakdown, purchase.quote.storefront
        price, rate = purchase.quote.price, store.tax.rate.value
        if store.tax.mode is TaxMode.INCLUDED:
            exact_tax = price.minor * rate / (1 + rate)
            assert price == breakdown.gross
        else:
            exact_tax = price.minor * rate
            assert price.minor + store.tax.rounding.round(exact_tax).units == breakdown.gross.minor
        assert store.tax.rounding.round(exact_tax).units == breakdown.tax.minor
        fees = store.fees_for(purchase.quote.channel, at=purchase.quote.at)
        assert [fee.name for fee in fees] == [charge.name for charge in breakdown.fees]
        for charge in breakdown.fees:
            on_gross = charge.basis is FeeBasis.GROSS
            assert (breakdown.gross if on_gross else breakdown.gross - breakdown.tax) == charge.base
            assert charge.rounding.round(charge.exact.minor).units == charge.amount.minor
        # One rounding note for the tax, then one per fee, each exact -> rounded.
        assert ["tax", *(f"{c.kind.value} fee ({c.name})" for c in breakdown.fees)] == [
            note.step for note in breakdown.roundings
        ]
        for note in breakdown.roundings:
            assert note.rounding.round(note.exact.minor).units == note.rounded.minor

    @BIG
    @given(quotes(), st.data())
    def test_coins_and_lot_values_add_up_for_both_cost_bases(
        self, quote: Quote, data: st.DataObject
    ) -> None:
        proceeds, prior_year = data.draw(proceeds_for(quote)), data.draw(proceeds_for(quote))
        for cost_basis in CostBasis:
            try:
                purchase = checkout(
                    quote,
                    purchase_id="p1",
                    proceeds_to_date=proceeds,
                    prior_year_proceeds=prior_year,
                    cost_basis=cost_basis,
                )
            except InvalidValueError as error:  # fees above the price: see payable_purchases
                assume(error.argument != "quote")
                raise
            package, breakdown = quote.package, purchase.breakdown
            assert package.coins + package.bonus + quote.promotional == purchase.coins
            assert quote.coins == purchase.coins
            assert_sums_to([lot.coins for lot in purchase.lots], purchase.coins)
            assert_sums_to([lot.net_value(lot.coins) for lot in purchase.lots], breakdown.net)
            assert_sums_to([lot.gross_value(lot.coins) for lot in purchase.lots], breakdown.gross)
            costs = [lot.cost_of(lot.coins) for lot in purchase.lots]
            assert_sums_to([cost.tax for cost in costs if cost.tax], breakdown.tax)
            assert_sums_to(
                [cost.store_fee for cost in costs if cost.store_fee], breakdown.store_fee
            )
            assert_sums_to(
                [cost.processor_fee for cost in costs if cost.processor_fee],
                breakdown.processor_fee,
            )
            assert all(lot.acquired_at == quote.at for lot in purchase.lots)

    def test_ios_purchase_of_65_coins_for_99_cents_pays_apple_30_percent(self) -> None:
        purchase = checkout(tiktok("coins_65", Channel.IOS), purchase_id="p1")
        assert (usd("0.99"), usd("0.00"), usd("0.30"), usd("0.00"), usd("0.69")) == parts(purchase)
        # 99 x 30% = 29.7 cents, rounded half up: Apple keeps the extra 0.3 cent.
        assert ExactMoney(Fraction("29.7"), USD) == purchase.breakdown.fees[0].exact
        assert Coins(65) == purchase.coins

    @pytest.mark.parametrize(
        ("package", "proceeds", "fee", "net"),
        [
            ("coins_65", "500000", "0.15", "0.84"),  # 99 x 15% = 14.85 cents
            ("coins_65", "5000000", "0.30", "0.69"),  # TikTok is far past $1M
            ("coins_65", "999999.50", "0.21", "0.78"),  # crosses: 15% up to the limit, 30% after
            ("coins_16500", "500000", "37.50", "212.49"),  # 249.99 x 15% = 37.4985
            ("coins_16500", "5000000", "75.00", "174.99"),  # 249.99 x 30% = 74.997
        ],
    )
    def test_google_play_charges_15_percent_below_1m_and_30_above(
        self, package: str, proceeds: str, fee: str, net: str
    ) -> None:
        quote = tiktok(package, Channel.GOOGLE_PLAY)
        purchase = checkout(quote, purchase_id="p1", proceeds_to_date=usd(proceeds))
        assert (usd(fee), usd(net)) == (purchase.breakdown.store_fee, purchase.breakdown.net)

    def test_google_play_needs_the_proceeds_to_date(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^proceeds_to_date is required"):
            checkout(tiktok("coins_65", Channel.GOOGLE_PLAY), purchase_id="p1")

    def test_web_purchase_of_70_coins_for_74_cents_pays_the_card_fee(self) -> None:
        purchase = checkout(tiktok("coins_70", Channel.WEB), purchase_id="p1")
        # 74 x 2.9% + 30 = 32.146 cents.
        assert (usd("0.74"), usd("0.00"), usd("0.00"), usd("0.32"), usd("0.42")) == parts(purchase)

    def test_uk_vat_inclusive_99p_purchase(self) -> None:
        purchase = checkout(tiktok("coins_65", Channel.IOS, country="GB"), purchase_id="p1")
        # VAT: 99 x 0.2 / 1.2 = 16.5p -> 17p (half up); Apple: 30% of 82p = 24.6p -> 25p.
        assert (gbp("0.99"), gbp("0.17"), gbp("0.25"), gbp("0.00"), gbp("0.57")) == parts(purchase)
        assert gbp("0.82") == purchase.breakdown.fees[0].base
        assert FeeBasis.NET_OF_TAX is purchase.breakdown.fees[0].basis

    def test_facebook_stars_web_pack_credits_bonus_stars(self) -> None:
        quote = presets.facebook_stars_price_book().quote(
            "stars_45", country="US", channel=Channel.WEB, at=NOW
        )
        purchase = checkout(quote, purchase_id="fb1")
        # 99 x 2.9% + 30 = 32.871 cents -> 33.
        assert (usd("0.99"), usd("0.00"), usd("0.00"), usd("0.33"), usd("0.66")) == parts(purchase)
        assert (Coins(45), Coins(35), Coins(80)) == (
            purchase.base_coins,
            purchase.bonus_coins,
            purchase.coins,
        )
        assert [(LotKind.PURCHASED, Coins(45)), (LotKind.BONUS, Coins(35))] == [
            (lot.kind, lot.coins) for lot in purchase.lots
        ]

    def test_twitch_100_bits_for_140_keeps_everything_without_fees(self) -> None:
        quote = presets.twitch_bits_price_book().quote(
            "bits_100", country="US", channel=Channel.WEB, at=NOW
        )
        purchase = checkout(quote, purchase_id="tw1")
        assert (usd("1.40"), usd("0.00"), usd("0.00"), usd("0.00"), usd("1.40")) == parts(purchase)
        assert ExactMoney(Fraction("1.4"), USD) == purchase.lots[0].net_per_coin

    @pytest.mark.parametrize("channel", [Channel.IOS, Channel.GOOGLE_PLAY, Channel.WEB])
    def test_every_tiktok_ladder_price_splits_exactly(self, channel: Channel) -> None:
        book = presets.tiktok_price_book()
        for entry in book.prices:
            if entry.channel != channel:
                continue
            quote = book.quote(entry.package, country=entry.country, channel=channel, at=NOW)
            purchase = checkout(quote, purchase_id="p1", proceeds_to_date=usd("5000000"))
            b = purchase.breakdown
            assert_sums_to([b.tax, b.store_fee, b.processor_fee, b.net], b.gross)
            assert b.net < b.gross

    def test_promotional_coins_form_their_own_lot(self) -> None:
        promo = Promotion(id="web10", bonus_rate=Rate.parse("10%"), channels=(Channel.WEB,))
        book = attrs.evolve(presets.tiktok_price_book(), promotions=(promo,))
        quote = book.quote("coins_350", country="US", channel=Channel.WEB, at=NOW)
        purchase = checkout(quote, purchase_id="p2")
        assert [("p2/purchased", Coins(350)), ("p2/promotional", Coins(35))] == [
            (lot.id, lot.coins) for lot in purchase.lots
        ]

    def test_refuses_what_is_not_a_quote(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^quote must be a Quote"):
            checkout("coins_65", purchase_id="p1")  # type: ignore[arg-type]

    def test_refuses_a_cost_basis_that_is_not_one(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^cost_basis must be a CostBasis"):
            checkout(tiktok("coins_65", Channel.IOS), purchase_id="p1", cost_basis="spread")  # type: ignore[arg-type]

    def test_refuses_a_purchase_id_that_is_not_a_label(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^purchase_id must be"):
            checkout(tiktok("coins_65", Channel.IOS), purchase_id="")


class TestPurchase:
    def test_base_bonus_and_all_coins(self) -> None:
        quote = presets.facebook_stars_price_book().quote(
            "stars_530", country="US", channel=Channel.WEB, at=NOW
        )
        purchase = checkout(quote, purchase_id="fb2")
        assert (Coins(530), Coins(420), Coins(950)) == (
            purchase.base_coins,
            purchase.bonus_coins,
            purchase.coins,
        )

    def test_lots_remember_the_purchase(self) -> None:
        purchase = checkout(tiktok("coins_65", Channel.IOS), purchase_id="order-7")
        lot = purchase.lots[0]
        assert ("order-7/purchased", "order-7", LotKind.PURCHASED) == (
            lot.id,
            lot.purchase_id,
            lot.kind,
        )


class TestPurchaseBreakdown:
    def test_separates_store_and_processor_fees(self) -> None:
        breakdown = checkout(tiktok("coins_70", Channel.WEB), purchase_id="p1").breakdown
        assert (usd("0.00"), usd("0.32")) == (breakdown.store_fee, breakdown.processor_fee)
        assert FeeKind.PROCESSOR is breakdown.fees[0].kind

    def test_rows_list_tax_each_fee_and_net(self) -> None:
        breakdown = checkout(tiktok("coins_65", Channel.IOS), purchase_id="p1").breakdown
        assert (
            ("tax", usd("0.00")),
            ("store fee (apple)", usd("0.30")),
            ("platform net", usd("0.69")),
        ) == breakdown.rows()

    def test_prints_as_a_table(self) -> None:
        breakdown = checkout(tiktok("coins_65", Channel.IOS, "GB"), purchase_id="p1").breakdown
        expected = (
            "gross paid         0.99 GBP\n"
            "tax                0.17 GBP\n"
            "store fee (apple)  0.25 GBP\n"
            "platform net       0.57 GBP"
        )
        assert expected == str(breakdown)


class TestCostBasis:
    def quote(self) -> Quote:
        return presets.facebook_stars_price_book().quote(
            "stars_45", country="US", channel=Channel.WEB, at=NOW
        )

    def test_spread_gives_every_star_the_same_cost(self) -> None:
        purchase = checkout(self.quote(), purchase_id="p1", cost_basis=CostBasis.SPREAD)
        # 66 cents of net revenue over 80 Stars.
        assert [Fraction(66, 80)] * 2 == [lot.net_per_coin.minor for lot in purchase.lots]
        assert [Fraction(99, 80)] * 2 == [lot.gross_per_coin.minor for lot in purchase.lots]

    def test_paid_coins_puts_the_whole_cost_on_the_base_coins(self) -> None:
        purchase = checkout(self.quote(), purchase_id="p1", cost_basis=CostBasis.PAID_COINS)
        assert [Fraction(66, 45), Fraction(0)] == [lot.net_per_coin.minor for lot in purchase.lots]


class TestRoundingNote:
    def test_records_each_rounding_step_and_what_it_left_over(self) -> None:
        breakdown = checkout(tiktok("coins_65", Channel.IOS, "GB"), purchase_id="p1").breakdown
        tax, apple = breakdown.roundings
        assert (
            RoundingNote(
                step="tax",
                exact=ExactMoney(Fraction(33, 2), GBP),
                rounded=gbp("0.17"),
                rounding=Rounding.HALF_UP,
            )
            == tax
        )
        assert (Fraction(-1, 2), Fraction(-2, 5)) == (tax.remainder.minor, apple.remainder.minor)
        assert "store fee (apple): 0.246 GBP -> 0.25 GBP (HALF_UP)" == str(apple)


class TestExpiringCoins:
    def quote(self, at: datetime, validity: timedelta | None) -> Quote:
        promo = Promotion(id="welcome", bonus_rate=Rate.parse("10%"), validity=validity)
        book = attrs.evolve(presets.tiktok_price_book(), promotions=(promo,))
        return book.quote("coins_660", country="US", channel=Channel.IOS, at=at)

    def test_only_the_promotional_lot_expires_its_validity_after_the_purchase(self) -> None:
        purchase = checkout(self.quote(NOW, timedelta(days=7)), purchase_id="p1")
        assert [
            (LotKind.PURCHASED, None),
            (LotKind.PROMOTIONAL, NOW + timedelta(days=7)),
        ] == [(lot.kind, lot.expires_at) for lot in purchase.lots]

    def test_validity_is_elapsed_time_across_a_change_of_daylight_saving(self) -> None:
        # A day after 12:00 on 24 October in London (BST) is 11:00 on the 25th (GMT).
        london = ZoneInfo("Europe/London")
        at = datetime(2026, 10, 24, 12, tzinfo=london)
        purchase = checkout(self.quote(at, timedelta(days=1)), purchase_id="p1")
        expires = purchase.lots[-1].expires_at
        assert expires is not None
        assert (datetime(2026, 10, 25, 11, tzinfo=london), london) == (expires, expires.tzinfo)
        assert timedelta(days=1) == expires.astimezone(UTC) - at.astimezone(UTC)

    def test_refuses_lots_whose_expiry_is_not_what_checkout_gives(self) -> None:
        purchase = checkout(self.quote(NOW, timedelta(days=7)), purchase_id="p1")
        forged = (purchase.lots[0], attrs.evolve(purchase.lots[1], expires_at=None))
        with pytest.raises(InvalidValueError, match=r"^lots\[1\]\.expires_at of purchase p1"):
            attrs.evolve(purchase, lots=forged)

    @BIG
    @given(payable_purchases())
    def test_generated_purchases_expire_only_their_promotional_coins(
        self, purchase: Purchase
    ) -> None:
        validity = purchase.quote.promotional_validity
        for lot in purchase.lots:
            if lot.kind is LotKind.PROMOTIONAL and validity is not None:
                assert lot.expires_at is not None
                assert validity == lot.expires_at.astimezone(UTC) - lot.acquired_at.astimezone(UTC)
            else:
                assert lot.expires_at is None
