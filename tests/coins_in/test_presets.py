"""Presets for buying coins: sourced numbers for TikTok, Twitch Bits, Facebook Stars, stores.

YouTube's Jewel bundles and Instagram's Stars have no published price: their price books take
the caller's, so the prices in these tests are illustrative.
"""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

import pytest

from giftflow import (
    CapPeriod,
    Channel,
    Coins,
    Crossing,
    CurrencyMismatchError,
    FeeBasis,
    FeeKind,
    InvalidTypeError,
    InvalidValueError,
    Money,
    PriceBook,
    Rate,
    Rounding,
    TaxMode,
    UnknownChannelError,
    checkout,
    currency,
    presets,
)

USD = currency("USD")
GBP = currency("GBP")
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
APP_LADDER = [
    (65, "0.99"),
    (330, "4.99"),
    (660, "9.99"),
    (1321, "19.99"),
    (3300, "49.99"),
    (6607, "99.99"),
    (16500, "249.99"),
]
WEB_LADDER = [
    (70, "0.74"),
    (350, "3.74"),
    (700, "7.49"),
    (1400, "14.99"),
    (3500, "37.49"),
    (7000, "74.99"),
    (17500, "187.49"),
]
# The sources the coins-in presets cite.
COINS_IN_SOURCES = [
    "apple_commission",
    "card_processor",
    "facebook_stars_other",
    "facebook_stars_store",
    "google_play_commission",
    "instagram_gifts_value",
    "tiktok_70_ladder",
    "tiktok_age",
    "tiktok_app_ladder",
    "tiktok_app_ladder_3300",
    "tiktok_app_ladder_middle",
    "tiktok_uk_app",
    "tiktok_web",
    "tiktok_web_ladder",
    "twitch_bits",
    "uk_vat",
    "youtube_google_play",
    "youtube_jewels_launch",
    "youtube_rubies",
    "youtube_supers_caps",
]


def usd(text: str) -> Money:
    return Money.parse(text, USD)


def ladder(book: PriceBook, country: str, channel: Channel) -> list[tuple[int, Money]]:
    return [
        (book.package(entry.package).coins.amount, entry.price)
        for entry in book.prices
        if entry.country == country and entry.channel == channel
    ]


def threshold_of(fee: object) -> tuple[Money, Rate, Crossing]:
    threshold = getattr(fee, "threshold", None)
    assert threshold is not None
    return (threshold.limit, threshold.rate_above, threshold.crossing)


class TestSources:
    @pytest.mark.parametrize("key", COINS_IN_SOURCES)
    def test_every_number_has_a_source_a_date_and_a_confidence(self, key: str) -> None:
        source = presets.SOURCES[key]
        assert all([source.what, source.where, source.date])
        assert source.confidence.startswith(("stated", "reported", "inferred", "illustrative"))

    def test_the_module_says_prices_are_snapshots(self) -> None:
        assert "snapshot" in (presets.__doc__ or "")
        assert "change" in (presets.__doc__ or "")


class TestAppleFee:
    def test_standard_is_30_percent_of_the_price_net_of_tax(self) -> None:
        fee = presets.apple_fee(USD)
        assert (Rate.parse("30%"), FeeBasis.NET_OF_TAX, FeeKind.STORE, Rounding.HALF_UP) == (
            fee.rate,
            fee.basis,
            fee.kind,
            fee.rounding,
        )
        assert fee.threshold is None

    def test_standard_works_in_any_currency(self) -> None:
        assert (
            Money.parse("0.25", GBP)
            == presets.apple_fee(GBP).charge(Money.parse("0.82", GBP)).amount
        )

    @pytest.mark.parametrize(
        ("proceeds", "expected"),
        [("500", "1.50"), ("999990", "1.50"), ("999999", "3.00"), ("1000001", "3.00")],
    )
    def test_small_business_is_15_percent_until_a_purchase_crosses_1m(
        self, proceeds: str, expected: str
    ) -> None:
        fee = presets.apple_fee(USD, small_business=True)
        assert (usd("1000000"), Rate.parse("30%"), Crossing.WHOLE_PURCHASE) == threshold_of(fee)
        assert usd(expected) == fee.charge(usd("9.99"), proceeds_to_date=usd(proceeds)).amount

    def test_small_business_threshold_is_only_known_in_usd(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^currency has no published threshold"):
            presets.apple_fee(GBP, small_business=True)


class TestGooglePlayFee:
    def test_is_15_percent_on_the_first_million_then_30_split_at_the_crossing(self) -> None:
        fee = presets.google_play_fee(USD)
        assert threshold_of(fee) == (usd("1000000"), Rate.parse("30%"), Crossing.SPLIT)
        assert Rate.parse("15%") == fee.rate

    def test_refuses_a_currency_without_a_published_threshold(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^currency has no published threshold"):
            presets.google_play_fee(GBP)


class TestCardProcessorFee:
    def test_is_an_illustrative_29_percent_plus_30_cents_of_the_gross(self) -> None:
        fee = presets.card_processor_fee()
        assert (Rate.parse("2.9%"), usd("0.30"), FeeBasis.GROSS, FeeKind.PROCESSOR) == (
            fee.rate,
            fee.fixed,
            fee.basis,
            fee.kind,
        )
        assert "illustrative" == presets.SOURCES["card_processor"].confidence

    @pytest.mark.parametrize(("gross", "expected"), [("0.74", "0.32"), ("0.99", "0.33")])
    def test_charges_small_payments(self, gross: str, expected: str) -> None:
        assert usd(expected) == presets.card_processor_fee().charge(usd(gross)).amount


class TestTiktokPriceBook:
    book = presets.tiktok_price_book()

    @pytest.mark.parametrize("channel", [Channel.IOS, Channel.GOOGLE_PLAY])
    def test_has_the_65_coin_app_ladder(self, channel: Channel) -> None:
        expected = [(coins, usd(text)) for coins, text in APP_LADDER]
        assert expected == ladder(self.book, "US", channel)

    def test_has_the_web_ladder_starting_at_70_coins_for_74_cents(self) -> None:
        assert [(coins, usd(text)) for coins, text in WEB_LADDER] == ladder(
            self.book, "US", Channel.WEB
        )

    def test_web_ladder_is_the_70_coin_ladder_a_quarter_off(self) -> None:
        seventy = ["0.99", "4.99", "9.99", "19.99", "49.99", "99.99", "249.99"]
        for (_, web), app in zip(WEB_LADDER, seventy, strict=True):
            assert usd(app).multiply(Rate.parse("0.75"), Rounding.HALF_UP) == usd(web)

    def test_a_coin_costs_less_on_the_web_than_in_the_app(self) -> None:
        for (app_coins, app), (web_coins, web) in zip(APP_LADDER, WEB_LADDER, strict=True):
            assert Fraction(usd(web).minor, web_coins) < Fraction(usd(app).minor, app_coins)

    def test_has_uk_prices_in_pounds_including_vat(self) -> None:
        assert [(65, Money.parse("0.99", GBP)), (6607, Money.parse("99.99", GBP))] == ladder(
            self.book, "GB", Channel.IOS
        )
        uk = self.book.storefront("GB")
        assert (TaxMode.INCLUDED, Rate.parse("20%")) == (uk.tax.mode, uk.tax.rate)

    def test_uk_has_no_web_channel(self) -> None:
        with pytest.raises(UnknownChannelError):
            self.book.quote("coins_70", country="GB", channel=Channel.WEB, at=NOW)

    def test_channels_charge_their_own_fees(self) -> None:
        us = self.book.storefront("US")
        assert ["apple", "google play", "card"] == [
            us.fees_for(channel)[0].name
            for channel in (Channel.IOS, Channel.GOOGLE_PLAY, Channel.WEB)
        ]


class TestTwitchBitsPriceBook:
    book = presets.twitch_bits_price_book()

    def test_has_the_bits_packages(self) -> None:
        expected = [
            (100, usd("1.40")),
            (500, usd("7.00")),
            (1500, usd("19.95")),
            (5000, usd("64.40")),
            (10000, usd("126.00")),
            (25000, usd("308.00")),
        ]
        assert expected == ladder(self.book, "US", Channel.WEB)

    def test_100_bits_for_140_leave_140_net(self) -> None:
        quote = self.book.quote("bits_100", country="US", channel=Channel.WEB, at=NOW)
        assert usd("1.40") == checkout(quote, purchase_id="b1").breakdown.net

    def test_is_not_sold_on_ios(self) -> None:
        with pytest.raises(UnknownChannelError):
            self.book.quote("bits_100", country="US", channel=Channel.IOS, at=NOW)


class TestFacebookStarsPriceBook:
    book = presets.facebook_stars_price_book()

    def test_web_packs_carry_bonus_stars(self) -> None:
        packs = [(p.coins.amount, p.bonus.amount) for p in self.book.packages]
        assert [
            (45, 35),
            (145, 90),
            (310, 180),
            (530, 420),
            (1500, 735),
            (3000, 1465),
            (6400, 3600),
        ] == packs

    def test_45_plus_35_stars_for_99_cents(self) -> None:
        quote = self.book.quote("stars_45", country="US", channel=Channel.WEB, at=NOW)
        purchase = checkout(quote, purchase_id="fb1")
        assert (usd("0.99"), Coins(80), usd("0.33")) == (
            quote.price,
            purchase.coins,
            purchase.breakdown.processor_fee,
        )


class TestTiktokAgeRule:
    def test_is_18_and_19_in_south_korea(self) -> None:
        rule = presets.tiktok_age_rule()
        assert (18, 19, 18) == (rule.years, rule.minimum_for("KR"), rule.minimum_for("GB"))


class TestYoutubeSupersSpendingRules:
    def test_caps_500_dollars_a_day_and_2000_a_week(self) -> None:
        caps = presets.youtube_supers_spending_rules().caps
        assert [
            ("supers per day", usd("500"), CapPeriod.ROLLING_DAY),
            ("supers per week", usd("2000"), CapPeriod.ROLLING_WEEK),
        ] == [(cap.name, cap.limit, cap.period) for cap in caps]

    def test_has_no_age_rule(self) -> None:
        assert presets.youtube_supers_spending_rules().age is None


# Illustrative bundle prices: neither YouTube's Jewels nor Instagram's Stars have one published.
BUNDLES = {
    Channel.IOS: {100: usd("2.00"), 500: usd("9.00")},
    Channel.GOOGLE_PLAY: {100: usd("1.80"), 1000: usd("16.00")},
}
BundleBook = Callable[[Any], PriceBook]


@pytest.mark.parametrize(
    ("make", "unit"),
    [(presets.youtube_jewels_price_book, "jewels"), (presets.instagram_gifts_price_book, "stars")],
    ids=["youtube_jewels", "instagram_gifts"],
)
class TestBundlePriceBooks:
    def test_sells_the_callers_bundles_at_the_callers_prices(
        self, make: BundleBook, unit: str
    ) -> None:
        book = make(BUNDLES)
        assert [f"{unit}_100", f"{unit}_500", f"{unit}_1000"] == [p.id for p in book.packages]
        assert [(100, usd("2.00")), (500, usd("9.00"))] == ladder(book, "US", Channel.IOS)
        assert [(100, usd("1.80")), (1000, usd("16.00"))] == ladder(book, "US", Channel.GOOGLE_PLAY)

    def test_sells_only_on_the_channels_given(self, make: BundleBook, unit: str) -> None:
        book = make({Channel.IOS: {100: usd("2.00")}})
        assert (Channel.IOS,) == book.storefront("US").channels
        with pytest.raises(UnknownChannelError):
            book.quote(f"{unit}_100", country="US", channel=Channel.GOOGLE_PLAY, at=NOW)

    def test_is_us_only_in_dollars_without_tax(self, make: BundleBook, unit: str) -> None:
        (us,) = make(BUNDLES).storefronts
        assert ("US", USD, Rate.parse("0")) == (us.country, us.currency, us.tax.rate)

    def test_apple_takes_30_percent_on_ios(self, make: BundleBook, unit: str) -> None:
        quote = make(BUNDLES).quote(f"{unit}_100", country="US", channel=Channel.IOS, at=NOW)
        breakdown = checkout(quote, purchase_id="b1").breakdown
        assert (usd("0.60"), usd("1.40")) == (breakdown.store_fee, breakdown.net)

    def test_refuses_the_web(self, make: BundleBook, unit: str) -> None:
        with pytest.raises(UnknownChannelError) as caught:
            make({Channel.WEB: {100: usd("1.00")}})
        assert ("bundles", Channel.WEB) == (caught.value.argument, caught.value.value)

    @pytest.mark.parametrize(
        ("bundles", "argument"),
        [
            ({}, "bundles"),
            ([(100, usd("1.00"))], "bundles"),
            (None, "bundles"),
            ({Channel.IOS: {}}, "bundles[ios]"),
            ({Channel.IOS: [100]}, "bundles[ios]"),
            ({Channel.IOS: {100: "1.00"}}, "bundles[ios][100]"),
            ({Channel.IOS: {100: 1.0}}, "bundles[ios][100]"),
        ],
    )
    def test_refuses_bundles_of_the_wrong_type(
        self, make: BundleBook, unit: str, bundles: object, argument: str
    ) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            make(bundles)
        assert argument == caught.value.argument

    @pytest.mark.parametrize(
        ("bundles", "argument"),
        [
            ({Channel.IOS: {0: usd("1.00")}}, "bundles[ios]"),
            ({Channel.IOS: {-5: usd("1.00")}}, "bundles[ios]"),
            ({Channel.IOS: {True: usd("1.00")}}, "bundles[ios]"),
            ({Channel.IOS: {"100": usd("1.00")}}, "bundles[ios]"),
            ({Channel.IOS: {100: usd("0.00")}}, "bundles[ios][100]"),
            ({"ios": {100: usd("1.00")}}, "bundles"),
        ],
    )
    def test_refuses_bundles_of_no_units_or_no_price(
        self, make: BundleBook, unit: str, bundles: object, argument: str
    ) -> None:
        with pytest.raises(InvalidValueError) as caught:
            make(bundles)
        assert argument == caught.value.argument

    def test_refuses_prices_in_another_currency(self, make: BundleBook, unit: str) -> None:
        with pytest.raises(CurrencyMismatchError) as caught:
            make({Channel.IOS: {100: Money.parse("1.00", GBP)}})
        assert "bundles[ios][100]" == caught.value.argument


class TestYoutubeJewelsPriceBook:
    def test_google_play_charges_no_store_fee(self) -> None:
        book = presets.youtube_jewels_price_book(BUNDLES)
        assert () == book.storefront("US").fees_for(Channel.GOOGLE_PLAY)
        assert "inferred" == presets.SOURCES["youtube_google_play"].confidence

    def test_a_bundle_bought_on_google_play_nets_its_price(self) -> None:
        book = presets.youtube_jewels_price_book(BUNDLES)
        quote = book.quote("jewels_100", country="US", channel=Channel.GOOGLE_PLAY, at=NOW)
        assert usd("1.80") == checkout(quote, purchase_id="j1").breakdown.net


class TestInstagramGiftsPriceBook:
    def test_google_play_takes_its_tiered_fee(self) -> None:
        book = presets.instagram_gifts_price_book(BUNDLES)
        (fee,) = book.storefront("US").fees_for(Channel.GOOGLE_PLAY)
        assert (usd("1000000"), Rate.parse("30%"), Crossing.SPLIT) == threshold_of(fee)

    def test_meta_above_a_million_pays_google_30_percent(self) -> None:
        book = presets.instagram_gifts_price_book(BUNDLES)
        quote = book.quote("stars_1000", country="US", channel=Channel.GOOGLE_PLAY, at=NOW)
        purchase = checkout(quote, purchase_id="s1", proceeds_to_date=usd("5000000"))
        assert (usd("4.80"), usd("11.20")) == (purchase.breakdown.store_fee, purchase.breakdown.net)
