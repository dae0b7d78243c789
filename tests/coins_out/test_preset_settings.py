"""Economy's with_ methods and the presets' settings built on them (issue #16, item 6)."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giftflow import (
    Channel,
    Coins,
    Economy,
    FeeSchedule,
    GiftflowError,
    InvalidTypeError,
    InvalidValueError,
    Money,
    PackagePrice,
    Rate,
    Rounding,
    UnknownChannelError,
    UnknownPackageError,
    Window,
    checkout,
    compare_channels,
    currency,
    presets,
)
from giftflow.testing import economies, roundings

USD = currency("USD")
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
PRESETS: dict[str, Callable[..., Economy]] = {
    "tiktok": presets.tiktok,
    "youtube_supers": presets.youtube_supers,
    "youtube": presets.youtube,
    "twitch_bits": presets.twitch_bits,
    "bigo": presets.bigo,
    "facebook_stars": presets.facebook_stars,
}


def usd(text: str) -> Money:
    return Money.parse(text, "USD")


def fields_but(economy: Economy, *names: str) -> dict[str, object]:
    return {k: v for k, v in attrs.asdict(economy, recurse=False).items() if k not in names}


class TestEconomyWithMethods:
    def test_with_rounding_replaces_only_the_rounding(self) -> None:
        economy = presets.tiktok()
        changed = economy.with_rounding(Rounding.HALF_UP)
        assert Rounding.HALF_UP == changed.diamond_rounding
        assert fields_but(economy, "diamond_rounding") == fields_but(changed, "diamond_rounding")

    def test_with_rounding_refuses_a_string(self) -> None:
        with pytest.raises(GiftflowError, match=r"^diamond_rounding must be a Rounding"):
            presets.tiktok().with_rounding("down")  # type: ignore[arg-type]

    def test_the_price_book_methods_are_the_price_books(self) -> None:
        economy = presets.tiktok()
        book = economy.price_book
        small = (presets.apple_fee(USD, small_business=True),)
        assert (
            book.with_fees(Channel.IOS, small, country="US")
            == economy.with_fees(Channel.IOS, small, country="US").price_book
        )
        price = usd("0.79")
        assert book.with_price("coins_70", country="US", channel=Channel.WEB, price=price) == (
            economy.with_price(
                "coins_70", country="US", channel=Channel.WEB, price=price
            ).price_book
        )
        assert book.restricted_to(countries=["US"]) == (
            economy.restricted_to(countries=["US"]).price_book
        )
        supers = presets.youtube_supers()
        assert supers.price_book.with_custom_range(max_coins=Coins(1000)) == (
            supers.with_custom_range(max_coins=Coins(1000)).price_book
        )
        for changed in (
            economy.with_fees(Channel.IOS, small, country="US"),
            economy.restricted_to(countries=["US"]),
        ):
            assert fields_but(economy, "price_book") == fields_but(changed, "price_book")

    def test_with_fees_changes_what_the_creator_gets(self) -> None:
        economy = presets.tiktok().with_fees(Channel.IOS, [], country="US")
        (ios,) = compare_channels(
            economy.restricted_to(countries=["US"], channels=[Channel.IOS]),
            "Rose",
            country="US",
            count=65,
            at=NOW,
        )
        assert "store fee" not in str(ios)


class TestPresetDefaults:
    @pytest.mark.parametrize("name", sorted(PRESETS))
    def test_the_defaults_are_the_economy_as_reported(self, name: str) -> None:
        make = PRESETS[name]
        assert make() == make(diamond_rounding=Rounding.DOWN, fees=None)

    def test_tiktok_defaults(self) -> None:
        assert presets.tiktok() == presets.tiktok(
            small_business=False, dated_store_fees=False, countries=None, channels=None
        )


class TestTiktokSettings:
    def test_small_business_charges_15_percent_in_the_us(self) -> None:
        economy = presets.tiktok(small_business=True, countries=["US"])
        quote = economy.price_book.quote("coins_660", country="US", channel=Channel.IOS, at=NOW)
        purchase = checkout(quote, purchase_id="p", proceeds_to_date=usd("0"))
        assert usd("1.50") == purchase.breakdown.fees[0].amount  # 15% of $9.99, half up
        google = economy.price_book.storefront("US").fees_for(Channel.GOOGLE_PLAY)
        assert (presets.google_play_fee(USD),) == google

    def test_small_business_is_refused_for_a_gbp_storefront(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^small_business needs USD storefronts"):
            presets.tiktok(small_business=True)

    def test_dated_store_fees_are_the_store_schedules(self) -> None:
        economy = presets.tiktok(dated_store_fees=True)
        us, gb = (economy.price_book.storefront(c) for c in ("US", "GB"))
        assert presets.apple_fee_schedule(USD) == us.schedule_for(Channel.IOS)
        assert presets.apple_fee_schedule(currency("GBP")) == gb.schedule_for(Channel.IOS)
        assert presets.google_play_fee_schedule(USD) == us.schedule_for(Channel.GOOGLE_PLAY)
        assert presets.tiktok().price_book.storefront("US").fees_for(Channel.WEB) == us.fees_for(
            Channel.WEB
        )

    def test_dated_small_business_qualifies_by_the_prior_year(self) -> None:
        economy = presets.tiktok(small_business=True, dated_store_fees=True, countries=["US"])
        quote = economy.price_book.quote("coins_660", country="US", channel=Channel.IOS, at=NOW)
        rates = [
            checkout(
                quote,
                purchase_id="p",
                proceeds_to_date=usd("0"),
                prior_year_proceeds=usd(prior),
            )
            .breakdown.fees[0]
            .amount
            for prior in ("800000", "1200000")
        ]
        assert [usd("1.50"), usd("3.00")] == rates

    def test_dated_google_play_is_sold_from_its_sourced_start(self) -> None:
        book = presets.tiktok(dated_store_fees=True).price_book
        with pytest.raises(UnknownChannelError, match=r"^at is outside every period"):
            book.quote(
                "coins_65",
                country="US",
                channel=Channel.GOOGLE_PLAY,
                at=datetime(2021, 6, 30, tzinfo=UTC),
            )

    def test_fees_override_a_channel_after_the_store_program(self) -> None:
        economy = presets.tiktok(small_business=True, countries=["US"], fees={Channel.IOS: []})
        assert () == economy.price_book.storefront("US").fees_for(Channel.IOS)

    def test_countries_and_channels_restrict_the_storefronts(self) -> None:
        economy = presets.tiktok(countries=["US"], channels=[Channel.WEB])
        assert [("US", (Channel.WEB,))] == [
            (s.country, s.channels) for s in economy.price_book.storefronts
        ]

    def test_a_fee_for_a_channel_restricted_away_is_refused(self) -> None:
        with pytest.raises(UnknownChannelError, match=r"^channel sells in no storefront"):
            presets.tiktok(channels=[Channel.WEB], fees={Channel.IOS: []})


class TestPriceOverrides:
    JULY = datetime(2026, 7, 1, tzinfo=UTC)

    def price(self, economy: Economy, package: str, channel: Channel, at: datetime) -> Money:
        return economy.price_book.quote(package, country="US", channel=channel, at=at).price

    def test_a_price_replaces_the_presets_and_nothing_else(self) -> None:
        # Illustrative: a $1.09 65-coin package on iOS.
        new = PackagePrice(package="coins_65", country="US", channel=Channel.IOS, price=usd("1.09"))
        economy = presets.tiktok(prices=[new])
        assert usd("1.09") == self.price(economy, "coins_65", Channel.IOS, NOW)
        assert usd("0.99") == self.price(economy, "coins_65", Channel.GOOGLE_PLAY, NOW)
        default = presets.tiktok()
        assert (
            default.with_price("coins_65", country="US", channel=Channel.IOS, price=usd("1.09"))
            == economy
        )

    def test_a_dated_price_takes_effect_from_its_start(self) -> None:
        new = PackagePrice(
            package="coins_65",
            country="US",
            channel=Channel.IOS,
            price=usd("1.09"),
            window=Window(start=self.JULY),
        )
        economy = presets.tiktok(prices=[new])
        before = datetime(2026, 6, 30, 23, 59, tzinfo=UTC)
        assert usd("0.99") == self.price(economy, "coins_65", Channel.IOS, before)
        assert usd("1.09") == self.price(economy, "coins_65", Channel.IOS, self.JULY)

    @pytest.mark.parametrize(
        ("name", "package"),
        [("twitch_bits", "bits_100"), ("bigo", "diamonds_100"), ("facebook_stars", "stars_45")],
    )
    def test_web_presets_take_prices(self, name: str, package: str) -> None:
        new = PackagePrice(package=package, country="US", channel=Channel.WEB, price=usd("0.50"))
        economy = PRESETS[name](prices=[new])
        assert usd("0.50") == self.price(economy, package, Channel.WEB, NOW)

    def test_a_window_with_an_end_is_refused(self) -> None:
        bounded = PackagePrice(
            package="coins_65",
            country="US",
            channel=Channel.IOS,
            price=usd("1.09"),
            window=Window(start=self.JULY, end=NOW),
        )
        with pytest.raises(InvalidValueError, match="has an end") as caught:
            presets.tiktok(prices=[bounded])
        assert "prices[0].window" == caught.value.argument

    @pytest.mark.parametrize(
        ("prices", "argument"),
        [("coins_65", "prices"), ([("coins_65", "1.09")], "prices[0]"), (5, "prices")],
    )
    def test_anything_but_package_prices_is_refused(self, prices: object, argument: str) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            presets.tiktok(prices=prices)  # type: ignore[arg-type]
        assert argument == caught.value.argument

    def test_a_price_where_the_package_is_not_sold_is_refused(self) -> None:
        web_only = PackagePrice(
            package="coins_70", country="US", channel=Channel.IOS, price=usd("0.99")
        )
        with pytest.raises(UnknownPackageError, match="no price in US on ios"):
            presets.tiktok(prices=[web_only])


class TestOtherPresets:
    def test_youtube_is_youtube_supers_with_the_same_settings(self) -> None:
        assert presets.youtube_supers(small_business=True, channels=[Channel.IOS]) == (
            presets.youtube(small_business=True, channels=[Channel.IOS])
        )

    def test_youtube_dated_store_fees(self) -> None:
        us = presets.youtube_supers(dated_store_fees=True).price_book.storefront("US")
        assert isinstance(us.schedule_for(Channel.IOS), FeeSchedule)
        assert presets.apple_fee_schedule(USD) == us.schedule_for(Channel.IOS)

    @pytest.mark.parametrize("name", ["twitch_bits", "bigo", "facebook_stars"])
    def test_web_fees(self, name: str) -> None:
        economy = PRESETS[name](fees={Channel.WEB: [presets.card_processor_fee()]})
        web = economy.price_book.storefront("US").fees_for(Channel.WEB)
        assert (presets.card_processor_fee(),) == web


# -- properties ----------------------------------------------------------------------------


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(economy=economies(), rounding=roundings())
def test_with_rounding_never_changes_anything_else(economy: Economy, rounding: Rounding) -> None:
    before = copy.deepcopy(economy)
    changed = economy.with_rounding(rounding)
    assert rounding == changed.diamond_rounding
    assert fields_but(before, "diamond_rounding") == fields_but(changed, "diamond_rounding")
    assert before == economy


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=10)
@given(name=st.sampled_from(sorted(PRESETS)), rounding=roundings())
def test_a_preset_rounding_is_the_with_rounding_of_the_default(
    name: str, rounding: Rounding
) -> None:
    make = PRESETS[name]
    assert make().with_rounding(rounding) == make(diamond_rounding=rounding)


class TestCallerPricedPresets:
    def test_rounding_of_jewels_and_instagram_gifts(self) -> None:
        # Illustrative bundle prices: neither platform publishes one.
        bundles = {Channel.IOS: {100: usd("2.00")}}
        jewels = presets.youtube_jewels_price_book(bundles)
        one = Rate.parse("1")
        assert presets.youtube_jewels(jewels, rubies_per_jewel=one).with_rounding(
            Rounding.HALF_UP
        ) == presets.youtube_jewels(jewels, rubies_per_jewel=one, diamond_rounding=Rounding.HALF_UP)
        stars = presets.instagram_gifts_price_book(bundles)
        assert presets.instagram_gifts(stars) == presets.instagram_gifts(
            stars, diamond_rounding=Rounding.DOWN
        )
