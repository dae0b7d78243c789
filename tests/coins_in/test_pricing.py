"""Storefronts, channels, coin packages, custom amounts, promotions and effective-dated price books."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import giftflow
from giftflow import (
    Channel,
    CoinPackage,
    Coins,
    CurrencyMismatchError,
    CustomAmount,
    Fee,
    FeeBasis,
    FeeKind,
    GiftflowError,
    InvalidTypeError,
    InvalidValueError,
    Money,
    NaiveDatetimeError,
    OverlapError,
    PackagePrice,
    PriceBook,
    Promotion,
    Quote,
    Rate,
    Recurrence,
    Rounding,
    Storefront,
    Tax,
    UnknownChannelError,
    UnknownPackageError,
    Window,
    currency,
)
from giftflow.testing import (
    channels,
    coin_packages,
    custom_amounts,
    package_prices,
    price_books,
    promotions,
    quotes,
    storefronts,
)

USD = currency("USD")
GBP = currency("GBP")
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
JUNE = datetime(2026, 6, 1, tzinfo=UTC)

# Price books are big values: under a loaded machine their generation can trip the
# speed and size health checks, which say nothing about the code under test.
BIG = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def usd(text: str) -> Money:
    return Money.parse(text, USD)


def card() -> Fee:
    return Fee(
        name="card",
        kind=FeeKind.PROCESSOR,
        basis=FeeBasis.GROSS,
        rounding=Rounding.HALF_UP,
        rate=Rate.parse("2.9%"),
        fixed=usd("0.30"),
    )


def us_store() -> Storefront:
    return Storefront(
        country="US", currency=USD, tax=Tax.none(), fees={Channel.WEB: (card(),), Channel.IOS: ()}
    )


def price(
    package: str = "coins_70",
    amount: str = "0.74",
    *,
    channel: Channel = Channel.WEB,
    window: Window | None = None,
) -> PackagePrice:
    return PackagePrice(
        package=package,
        country="US",
        channel=channel,
        price=usd(amount),
        window=Window() if window is None else window,
    )


def book(*prices: PackagePrice, **extra: Any) -> PriceBook:
    packages = (
        CoinPackage(id="coins_70", coins=Coins(70)),
        CoinPackage(id="coins_350", coins=Coins(350)),
    )
    return PriceBook(
        storefronts=(us_store(),),
        packages=packages,
        prices=prices or (price(),),
        **extra,
    )


class TestChannel:
    def test_has_the_three_builtin_channels(self) -> None:
        assert ["ios", "google_play", "web"] == [
            str(channel) for channel in (Channel.IOS, Channel.GOOGLE_PLAY, Channel.WEB)
        ]

    def test_custom_channels_compare_by_id(self) -> None:
        assert Channel("huawei") == Channel("huawei")
        assert Channel("huawei") != Channel.WEB

    @given(channels())
    def test_repr_builds_the_same_channel(self, channel: Channel) -> None:
        assert channel == eval(repr(channel), {"Channel": Channel})

    @pytest.mark.parametrize("bad", ["IOS", "", "web shop", "1web", 3])
    def test_refuses_an_id_that_is_not_a_lower_case_identifier(self, bad: Any) -> None:
        with pytest.raises(InvalidValueError, match=r"^id must be a lower-case identifier"):
            Channel(bad)


class TestStorefront:
    def test_upper_cases_the_country(self) -> None:
        store = Storefront(country="us", currency=USD, tax=Tax.none(), fees={Channel.WEB: ()})
        assert "US" == store.country

    def test_lists_the_channels_that_sell(self) -> None:
        assert (Channel.IOS, Channel.WEB) == us_store().channels

    def test_fees_for_a_channel_keep_their_order(self) -> None:
        apple = Fee(
            name="apple", kind=FeeKind.STORE, basis=FeeBasis.NET_OF_TAX, rounding=Rounding.HALF_UP
        )
        store = Storefront(
            country="US", currency=USD, tax=Tax.none(), fees={Channel.IOS: (apple, card())}
        )
        assert (apple, card()) == store.fees_for(Channel.IOS)

    def test_refuses_an_unknown_channel_and_names_the_known_ones(self) -> None:
        with pytest.raises(UnknownChannelError, match=r"storefront US.*use one of ios, web"):
            us_store().fees_for(Channel.GOOGLE_PLAY)

    def test_refuses_a_fee_in_another_currency(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="GBP and USD"):
            Storefront(country="GB", currency=GBP, tax=Tax.none(), fees={Channel.WEB: (card(),)})

    def test_refuses_a_channel_listed_twice(self) -> None:
        with pytest.raises(OverlapError, match=r"^fees lists a channel twice"):
            Storefront(
                country="US",
                currency=USD,
                tax=Tax.none(),
                fees=((Channel.WEB, ()), (Channel.WEB, (card(),))),
            )

    @pytest.mark.parametrize("country", ["USA", "U", "1S", None])
    def test_refuses_a_country_that_is_not_alpha_2(self, country: Any) -> None:
        with pytest.raises(InvalidValueError, match=r"^country must be an ISO 3166-1 alpha-2"):
            Storefront(country=country, currency=USD, tax=Tax.none(), fees={Channel.WEB: ()})

    def test_refuses_fees_that_are_not_fees(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^fees must hold a tuple of Fee"):
            Storefront(country="US", currency=USD, tax=Tax.none(), fees={Channel.WEB: ("2.9%",)})  # type: ignore[dict-item]

    @given(storefronts())
    def test_every_channel_has_fees_in_the_storefront_currency(self, store: Storefront) -> None:
        for channel in store.channels:
            for period in store.schedule_for(channel).periods:
                for fee in period.fees:
                    assert fee.currency in (None, store.currency)


class TestCoinPackage:
    def test_total_is_coins_plus_bonus(self) -> None:
        assert Coins(80) == CoinPackage(id="stars_45", coins=Coins(45), bonus=Coins(35)).total

    @given(coin_packages())
    def test_generated_packages_sell_at_least_one_coin(self, package: CoinPackage) -> None:
        assert package.coins + package.bonus == package.total
        assert package.coins > Coins(0)

    def test_refuses_a_package_of_zero_coins(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^coins must be positive"):
            CoinPackage(id="empty", coins=Coins(0), bonus=Coins(10))

    def test_refuses_negative_bonus(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^bonus must not be negative"):
            CoinPackage(id="p", coins=Coins(10), bonus=Coins(-1))

    def test_refuses_coins_that_are_not_coins(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^coins must be Coins"):
            CoinPackage(id="p", coins=65)  # type: ignore[arg-type]


class TestPackagePrice:
    @pytest.mark.parametrize("amount", ["0", "-0.99"])
    def test_refuses_a_price_that_is_not_positive(self, amount: str) -> None:
        with pytest.raises(InvalidValueError, match=r"^price must be positive"):
            price(amount=amount)

    def test_refuses_a_price_that_is_not_money(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^price must be Money"):
            PackagePrice(package="p", country="US", channel=Channel.WEB, price="0.99")  # type: ignore[arg-type]

    def test_is_valid_forever_by_default(self) -> None:
        assert Window() == price().window

    @given(package_prices())
    def test_generated_prices_are_positive(self, entry: PackagePrice) -> None:
        assert entry.price.minor > 0


class TestCustomAmount:
    def custom(self, **changes: Any) -> CustomAmount:
        fields: dict[str, Any] = {
            "country": "US",
            "channel": Channel.WEB,
            "price_per": usd("1.29"),
            "per": 100,
            "min_coins": Coins(30),
            "max_coins": Coins(2_500_000),
            "rounding": Rounding.HALF_UP,
        }
        return CustomAmount(**{**fields, **changes})

    @pytest.mark.parametrize(
        ("count", "expected"),
        [(30, "0.39"), (100, "1.29"), (1234, "15.92"), (2_500_000, "32250.00")],
    )
    def test_prices_a_count_at_the_per_coin_price(self, count: int, expected: str) -> None:
        assert usd(expected) == self.custom().price_of(Coins(count))

    @pytest.mark.parametrize("count", [29, 2_500_001, 0, -5])
    def test_refuses_a_count_outside_its_range(self, count: int) -> None:
        with pytest.raises(InvalidValueError, match=r"^coins must be between 30 coins and"):
            self.custom().price_of(Coins(count))

    def test_refuses_a_count_that_would_cost_nothing(self) -> None:
        cheap = self.custom(price_per=usd("0.01"), min_coins=Coins(1))
        with pytest.raises(InvalidValueError, match=r"^coins would cost 0.00 USD"):
            cheap.price_of(Coins(10))

    @pytest.mark.parametrize("amount", ["0", "-1.29"])
    def test_refuses_a_price_per_that_is_not_positive(self, amount: str) -> None:
        with pytest.raises(InvalidValueError, match=r"^price_per must be positive"):
            self.custom(price_per=usd(amount))

    def test_refuses_a_maximum_below_the_minimum(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^max_coins must be at least min_coins"):
            self.custom(min_coins=Coins(100), max_coins=Coins(99))

    def test_refuses_a_zero_minimum(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^max_coins must be at least min_coins"):
            self.custom(min_coins=Coins(0))

    @pytest.mark.parametrize("per", [0, -1, True, 1.5])
    def test_refuses_a_per_that_is_not_a_positive_int(self, per: Any) -> None:
        with pytest.raises(InvalidValueError, match=r"^per must be a positive int"):
            self.custom(per=per)

    @given(custom_amounts(), st.data())
    def test_every_count_in_range_has_a_positive_price(
        self, custom: CustomAmount, data: st.DataObject
    ) -> None:
        count = data.draw(st.integers(custom.min_coins.amount, custom.max_coins.amount))
        assert custom.price_of(Coins(count)).minor > 0


class TestPromotion:
    package = CoinPackage(id="coins_350", coins=Coins(350))

    def test_bonus_rate_rounds_down_to_whole_coins(self) -> None:
        promo = Promotion(id="p", bonus_rate=Rate.parse("10%"))
        # 10% of 350 is 35; of 355 would be 35.5, rounded down.
        assert Coins(35) == promo.extra_for(self.package, country="US", channel=Channel.WEB, at=NOW)
        odd = CoinPackage(id="odd", coins=Coins(355))
        assert Coins(35) == promo.extra_for(odd, country="US", channel=Channel.WEB, at=NOW)

    def test_adds_bonus_coins_and_rate_together(self) -> None:
        promo = Promotion(id="p", bonus_coins=Coins(5), bonus_rate=Rate.parse("10%"))
        assert Coins(40) == promo.extra_for(self.package, country="US", channel=Channel.WEB, at=NOW)

    @pytest.mark.parametrize(
        ("changes", "applies"),
        [
            ({}, True),
            ({"packages": ("coins_350",)}, True),
            ({"packages": ("coins_70",)}, False),
            ({"channels": (Channel.WEB,)}, True),
            ({"channels": [Channel.IOS]}, False),
            ({"countries": ("us",)}, True),
            ({"countries": {"GB"}}, False),
            ({"window": Window(end=NOW)}, False),
            ({"window": Window(start=NOW)}, True),
        ],
    )
    def test_applies_only_to_its_packages_channels_countries_and_window(
        self, changes: dict[str, Any], applies: bool
    ) -> None:
        promo = Promotion(id="p", bonus_coins=Coins(10), **changes)
        assert applies == promo.applies(self.package, country="US", channel=Channel.WEB, at=NOW)
        extra = promo.extra_for(self.package, country="US", channel=Channel.WEB, at=NOW)
        assert (Coins(10) if applies else Coins(0)) == extra

    def test_a_recurring_promotion_applies_during_its_occurrences(self) -> None:
        fridays = Recurrence(
            rule="FREQ=WEEKLY;BYDAY=FR",
            start=datetime(2026, 1, 2, tzinfo=UTC),
            duration=timedelta(days=1),
        )
        promo = Promotion(id="friday", bonus_coins=Coins(10), recurrence=fridays)
        friday, saturday = (
            datetime(2026, 11, 27, 12, tzinfo=UTC),
            datetime(2026, 11, 28, 12, tzinfo=UTC),
        )
        assert [True, False] == [
            promo.applies(self.package, country="US", channel=Channel.WEB, at=at)
            for at in (friday, saturday)
        ]

    @pytest.mark.parametrize("changes", [{}, {"bonus_coins": Coins(0)}, {"bonus_rate": Rate.ZERO}])
    def test_refuses_a_promotion_that_gives_nothing(self, changes: dict[str, Any]) -> None:
        with pytest.raises(InvalidValueError, match=r"^bonus_coins and bonus_rate give nothing"):
            Promotion(id="nothing", **changes)

    def test_refuses_a_recurrence_that_is_not_a_recurrence(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^recurrence must be a Recurrence"):
            Promotion(id="p", bonus_coins=Coins(1), recurrence="FREQ=WEEKLY")  # type: ignore[arg-type]

    @given(promotions(), coin_packages(), channels())
    def test_extra_coins_are_never_negative(
        self, promo: Promotion, package: CoinPackage, channel: Channel
    ) -> None:
        assert promo.extra_for(package, country="US", channel=channel, at=NOW) >= Coins(0)


class TestPriceBook:
    def test_quotes_the_listed_price(self) -> None:
        quote = book().quote("coins_70", country="us", channel=Channel.WEB, at=NOW)
        assert (usd("0.74"), Coins(70), None) == (quote.price, quote.coins, quote.promotion)

    def test_a_price_change_takes_effect_from_its_date(self) -> None:
        prices = book(
            price(amount="0.79", window=Window(end=JUNE)),
            price(amount="0.74", window=Window(start=JUNE)),
        )
        quoted = [
            prices.quote("coins_70", country="US", channel=Channel.WEB, at=at).price
            for at in (JUNE - timedelta(microseconds=1), JUNE, NOW)
        ]
        assert [usd("0.79"), usd("0.74"), usd("0.74")] == quoted

    def test_refuses_overlapping_windows_for_the_same_package_and_channel(self) -> None:
        with pytest.raises(OverlapError, match=r"^prices has overlapping windows") as error:
            book(
                price(amount="0.79", window=Window(end=JUNE + timedelta(days=1))),
                price(amount="0.74", window=Window(start=JUNE)),
            )
        assert ("coins_70", "US", Channel.WEB) == error.value.value

    def test_overlapping_windows_on_different_channels_are_fine(self) -> None:
        prices = book(price(), price(channel=Channel.IOS, amount="0.99"))
        assert (
            usd("0.99") == prices.quote("coins_70", country="US", channel=Channel.IOS, at=NOW).price
        )

    def test_refuses_overlapping_custom_amount_windows(self) -> None:
        custom = CustomAmount(
            country="US",
            channel=Channel.WEB,
            price_per=usd("1.29"),
            per=100,
            min_coins=Coins(100),
            max_coins=Coins(1000),
            rounding=Rounding.HALF_UP,
        )
        with pytest.raises(OverlapError, match=r"^custom has overlapping windows"):
            book(custom=(custom, custom))

    def test_refuses_a_naive_time(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^at must be timezone-aware"):
            book().quote("coins_70", country="US", channel=Channel.WEB, at=datetime(2026, 11, 24))

    def test_refuses_a_channel_the_storefront_does_not_sell_on(self) -> None:
        with pytest.raises(UnknownChannelError, match=r"^channel does not sell in storefront US"):
            book().quote("coins_70", country="US", channel=Channel.GOOGLE_PLAY, at=NOW)

    def test_refuses_a_channel_that_is_not_a_channel(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^channel must be a Channel"):
            book().quote("coins_70", country="US", channel="web", at=NOW)  # type: ignore[arg-type]

    def test_refuses_an_unknown_package_and_names_the_known_ones(self) -> None:
        with pytest.raises(UnknownPackageError, match=r"use one of coins_70, coins_350$"):
            book().quote("coins_65", country="US", channel=Channel.WEB, at=NOW)

    def test_refuses_a_package_without_a_price_then_and_there(self) -> None:
        with pytest.raises(UnknownPackageError, match=r"^package has no price in US on ios"):
            book().quote("coins_70", country="US", channel=Channel.IOS, at=NOW)

    def test_refuses_an_unknown_country(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^country has no storefront.*use one of US$"):
            book().quote("coins_70", country="FR", channel=Channel.WEB, at=NOW)

    def test_refuses_a_price_for_a_package_it_does_not_have(self) -> None:
        with pytest.raises(UnknownPackageError, match=r"^prices names no package of this book"):
            book(price(package="coins_65"))

    def test_refuses_a_price_in_another_currency_than_its_storefront(self) -> None:
        pounds = PackagePrice(
            package="coins_70", country="US", channel=Channel.WEB, price=Money.parse("0.74", GBP)
        )
        with pytest.raises(CurrencyMismatchError, match="GBP and USD"):
            book(pounds)

    def test_refuses_a_price_on_a_channel_the_storefront_lacks(self) -> None:
        with pytest.raises(UnknownChannelError):
            book(price(channel=Channel.GOOGLE_PLAY))

    def test_refuses_two_packages_with_one_id(self) -> None:
        package = CoinPackage(id="coins_70", coins=Coins(70))
        with pytest.raises(OverlapError, match=r"^packages appears twice"):
            PriceBook(storefronts=(us_store(),), packages=(package, package), prices=())

    def test_quotes_a_custom_amount(self) -> None:
        custom = CustomAmount(
            country="US",
            channel=Channel.WEB,
            price_per=usd("1.29"),
            per=100,
            min_coins=Coins(30),
            max_coins=Coins(2_500_000),
            rounding=Rounding.HALF_UP,
        )
        quote = book(custom=(custom,)).quote_custom(
            Coins(1234), country="US", channel=Channel.WEB, at=NOW
        )
        assert (usd("15.92"), Coins(1234)) == (quote.price, quote.coins)

    def test_refuses_a_custom_amount_where_none_is_sold(self) -> None:
        with pytest.raises(
            UnknownPackageError, match=r"^coins cannot be bought as a custom amount"
        ):
            book().quote_custom(Coins(100), country="US", channel=Channel.WEB, at=NOW)

    def test_the_best_promotion_applies_and_promotions_do_not_stack(self) -> None:
        promos = (
            Promotion(id="small", bonus_coins=Coins(5)),
            Promotion(id="big", bonus_rate=Rate.parse("10%")),
            Promotion(id="ios only", bonus_coins=Coins(100), channels=(Channel.IOS,)),
        )
        quote = book(price(package="coins_350", amount="3.74"), promotions=promos).quote(
            "coins_350", country="US", channel=Channel.WEB, at=NOW
        )
        assert ("big", Coins(35), Coins(385)) == (quote.promotion, quote.promotional, quote.coins)

    @BIG
    @given(price_books())
    def test_generated_books_quote_every_price_inside_its_window(self, prices: PriceBook) -> None:
        for entry in prices.prices:
            # The instant just before the end, computed in UTC: wall-clock arithmetic in a
            # zone with DST (end - 1 µs) can land after the end when the end is in a gap.
            at = entry.window.start or (
                entry.window.end.astimezone(UTC) - timedelta(microseconds=1)
                if entry.window.end
                else NOW
            )
            quote = prices.quote(entry.package, country=entry.country, channel=entry.channel, at=at)
            assert entry.price == quote.price

    @BIG
    @given(price_books(), st.text(max_size=8), st.sampled_from(["US", "AA", "zz", ""]))
    def test_any_package_name_quotes_or_raises_a_giftflow_error(
        self, prices: PriceBook, package: str, country: str
    ) -> None:
        with contextlib.suppress(GiftflowError):
            prices.quote(package, country=country, channel=Channel.WEB, at=NOW)


class TestQuote:
    @BIG
    @given(quotes())
    def test_coins_are_base_plus_bonus_plus_promotional_at_a_positive_price(
        self, quote: Quote
    ) -> None:
        assert quote.package.coins + quote.package.bonus + quote.promotional == quote.coins
        assert quote.storefront.currency == quote.price.currency
        assert quote.price.minor > 0


class TestPromotionCountries:
    def test_refuses_a_country_that_is_not_a_code(self) -> None:
        with pytest.raises(giftflow.InvalidValueError, match="ISO 3166"):
            giftflow.Promotion(id="p", bonus_coins=giftflow.Coins(1), countries=("usa",))


class TestPromotionValidity:
    package = CoinPackage(id="coins_350", coins=Coins(350))

    def test_the_quote_carries_the_validity_of_the_promotion_that_applies(self) -> None:
        week, month = timedelta(days=7), timedelta(days=30)
        promotions = (
            Promotion(id="small", bonus_coins=Coins(5), validity=month),
            Promotion(id="big", bonus_coins=Coins(50), validity=week),
        )
        quote = book(price("coins_350", "3.49"), promotions=promotions).quote(
            "coins_350", country="US", channel=Channel.WEB, at=NOW
        )
        assert ("big", Coins(50), week) == (
            quote.promotion,
            quote.promotional,
            quote.promotional_validity,
        )

    def test_a_promotion_without_validity_gives_coins_that_never_expire(self) -> None:
        quote = book(promotions=(Promotion(id="p", bonus_coins=Coins(5)),)).quote(
            "coins_70", country="US", channel=Channel.WEB, at=NOW
        )
        assert (Coins(5), None) == (quote.promotional, quote.promotional_validity)

    def test_a_quote_without_promotion_has_no_validity(self) -> None:
        promo = Promotion(
            id="p", bonus_coins=Coins(5), validity=timedelta(days=1), window=Window(end=NOW)
        )
        quote = book(promotions=(promo,)).quote(
            "coins_70", country="US", channel=Channel.WEB, at=NOW
        )
        assert (None, None) == (quote.promotion, quote.promotional_validity)

    @pytest.mark.parametrize("validity", [timedelta(0), timedelta(seconds=-1)])
    def test_refuses_a_validity_that_is_not_positive(self, validity: timedelta) -> None:
        with pytest.raises(InvalidValueError, match=r"^validity must be positive"):
            Promotion(id="p", bonus_coins=Coins(1), validity=validity)

    def test_refuses_a_validity_that_is_not_a_timedelta(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^validity must be a timedelta or None"):
            Promotion(id="p", bonus_coins=Coins(1), validity=30)  # type: ignore[arg-type]

    def test_a_quote_refuses_a_validity_without_a_promotion(self) -> None:
        quote = book().quote("coins_70", country="US", channel=Channel.WEB, at=NOW)
        with pytest.raises(InvalidValueError, match=r"^promotional_validity must be None without"):
            attrs.evolve(quote, promotional_validity=timedelta(days=1))
        with pytest.raises(InvalidValueError, match=r"^promotional_validity must be positive"):
            attrs.evolve(
                quote, promotion="p", promotional=Coins(1), promotional_validity=timedelta(0)
            )
