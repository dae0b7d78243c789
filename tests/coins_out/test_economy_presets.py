"""Economies, and the platform presets checked against hand-worked numbers."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import inspect
import re
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    CapPeriod,
    Carry,
    Catalog,
    CatalogVersion,
    Channel,
    Coins,
    DiamondRatio,
    Diamonds,
    Economy,
    ExactMoney,
    FixedValue,
    Gift,
    GiftEvent,
    GiftReceipt,
    InvalidTypeError,
    InvalidValueError,
    Money,
    PolicySchedule,
    Rate,
    RevenueShare,
    Rounding,
    SpendingCap,
    SpendingRules,
    UnitNames,
    Wallet,
    checkout,
    compare_channels,
    currency,
    presets,
    send_gift,
    settle,
    trace,
)
from giftflow.testing import economies, gift_events, gift_records

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
USD = currency("USD")
PROCEEDS = Money.parse("5000000", "USD")


def cents(value: Fraction | int) -> ExactMoney:
    return ExactMoney(Fraction(value), USD)


def send(
    economy: Economy,
    gift: str,
    count: int,
    *,
    package: str | None = None,
    channel: Channel = Channel.WEB,
    battle: bool = False,
    metrics: dict[str, int] | None = None,
) -> GiftReceipt:
    book = economy.price_book
    if package is None:
        price = economy.catalog.gift(gift, country="US", at=AT).price
        quote = book.quote_custom(price * count, country="US", channel=channel, at=AT)
    else:
        quote = book.quote(package, country="US", channel=channel, at=AT)
    purchase = checkout(quote, purchase_id="p1", proceeds_to_date=PROCEEDS)
    event = GiftEvent(
        id="e1",
        viewer="v1",
        gift=gift,
        count=count,
        recipients="ana",
        country="US",
        at=AT,
        battle=battle,
    )
    return send_gift(
        economy,
        Wallet().credit(*purchase.lots),
        event,
        carry=Carry(),
        metrics={"ana": metrics or {}},
    )


def parts(receipt: GiftReceipt) -> dict[str, ExactMoney]:
    value_trace = trace(receipt)
    return {row.party: value_trace.total(row.party) for row in value_trace.rows}


class TestEconomy:
    def economy(self, **changes: Any) -> Economy:
        return attrs.evolve(presets.tiktok(), **changes)

    def test_puts_a_single_policy_in_force_forever(self) -> None:
        policy = presets.tiktok_net_share()
        assert PolicySchedule(((None, policy),)) == self.economy(conversion=policy).conversion

    def test_keeps_a_schedule(self) -> None:
        schedule = presets.tiktok_scaled_rewards_2025()
        assert schedule is self.economy(conversion=schedule).conversion

    def test_refuses_a_battle_bonus_above_one_hundred_percent(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            self.economy(battle_bonus=Rate.parse("101%"))
        assert "battle_bonus" == caught.value.argument

    @pytest.mark.parametrize(
        ("argument", "value"),
        [
            ("battle_bonus", 0.08),
            ("conversion", "50%"),
            ("catalog", ()),
            ("price_book", None),
            ("diamond_rounding", "down"),
            ("names", "coins"),
            ("spending_rules", ()),
        ],
    )
    def test_refuses_parts_of_the_wrong_type(self, argument: str, value: object) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            self.economy(**{argument: value})
        assert argument == caught.value.argument

    def test_spending_rules_are_for_the_caller_to_check(self) -> None:
        # send_gift and checkout never apply them (hosts depend on that); the
        # documentation must say so rather than promise a check.
        per_chat = SpendingCap(
            name="per chat", limit=Money.parse("5", "USD"), period=CapPeriod.TRANSACTION, zone=UTC
        )
        economy = attrs.evolve(
            presets.youtube_supers(), spending_rules=SpendingRules(caps=(per_chat,))
        )
        receipt = send(economy, "Super Chat", 1000)
        assert Diamonds(700) == receipt.diamonds
        assert economy.spending_rules is not None
        decision = economy.spending_rules.check(Money.parse("10", "USD"), now=AT, history=[])
        assert not decision.allowed
        documented = inspect.getdoc(Economy) or ""
        assert "SpendingRules.check" in documented
        assert "checked before purchases and gifts" not in documented

    @given(economies(), st.data())
    def test_generated_economies_can_send_generated_gifts(
        self, economy: Economy, data: st.DataObject
    ) -> None:
        event = data.draw(gift_events(economy=economy))
        gift = economy.catalog.gift(event.gift, country=event.country, at=event.at)
        policy = economy.conversion.at(event.at)
        assert gift.available(country=event.country, at=event.at)
        assert type(policy) in (RevenueShare, FixedValue, DiamondRatio)


class TestTiktok:
    def test_one_diamond_per_coin_worth_half_a_cent(self) -> None:
        economy = presets.tiktok()
        policy = economy.conversion.at(AT)
        assert (
            DiamondRatio(diamonds_per_coin=Rate.ONE, diamond_value=cents(Fraction(1, 2))) == policy
        )
        assert (Rounding.DOWN, UnitNames()) == (economy.diamond_rounding, economy.names)

    def test_ten_roses_give_ten_diamonds_worth_five_cents(self) -> None:
        receipt = send(presets.tiktok(), "Rose", 10, package="coins_70")
        assert (Diamonds(10), cents(5)) == (receipt.diamonds, receipt.shares[0].value)

    def test_a_rose_is_worth_more_to_the_platform_bought_on_the_web(self) -> None:
        ios = parts(send(presets.tiktok(), "Rose", 1, package="coins_65", channel=Channel.IOS))
        web = parts(send(presets.tiktok(), "Rose", 1, package="coins_70", channel=Channel.WEB))
        # iOS: $0.99 for 65 coins, Apple $0.30. Web: $0.74 for 70 coins, card fee $0.32.
        assert {
            "store": cents(Fraction(30, 65)),
            "creator": cents(Fraction(1, 2)),
            "platform": cents(Fraction(69, 65) - Fraction(1, 2)),
        } == ios
        assert {
            "processor": cents(Fraction(32, 70)),
            "creator": cents(Fraction(1, 2)),
            "platform": cents(Fraction(42, 70) - Fraction(1, 2)),
        } == web

    def test_take_rates_of_a_rose_and_a_lion_by_channel(self) -> None:
        expected = {
            # A coin costs 99/65 cents on the app (24999/16500 in the 16,500 pack a Lion
            # needs) and 74/70 cents on the web (18749/17500); the creator gets half a cent.
            "Rose": [Fraction(65, 198), Fraction(65, 198), Fraction(35, 74)],
            "Lion": [Fraction(8250, 24999), Fraction(8250, 24999), Fraction(8750, 18749)],
        }
        for gift, rates in expected.items():
            traces = compare_channels(
                presets.tiktok(), gift, country="US", at=AT, proceeds_to_date=PROCEEDS
            )
            assert [Rate(rate) for rate in rates] == [t.creator_take_rate for t in traces]

    def test_sells_on_ios_google_play_and_the_web_in_the_us_and_on_ios_in_the_uk(self) -> None:
        book = presets.tiktok().price_book
        assert [Channel.GOOGLE_PLAY, Channel.IOS, Channel.WEB] == list(
            book.storefront("US").channels
        )
        assert [Channel.IOS] == list(book.storefront("GB").channels)


class TestTiktokCatalog:
    def test_reported_prices(self) -> None:
        catalog = presets.tiktok_catalog()
        prices = {
            "Rose": 1,
            "TikTok": 1,
            "Finger Heart": 5,
            "Rosa": 10,
            "Perfume": 20,
            "Doughnut": 30,
            "Hat and Mustache": 99,
            "Paper Crane": 99,
            "Swan": 699,
            "Lion": 29_999,
        }
        assert {name: Coins(price) for name, price in prices.items()} == {
            name: catalog.gift(name, country="US", at=AT).price for name in prices
        }

    def test_the_universe_went_from_34999_to_44999_coins(self) -> None:
        catalog = presets.tiktok_catalog()
        before, after = (
            datetime(2025, 10, 31, 23, 59, tzinfo=UTC),
            datetime(2025, 11, 1, tzinfo=UTC),
        )
        assert [Coins(34_999), Coins(44_999)] == [
            catalog.gift("TikTok Universe", country="US", at=at).price for at in (before, after)
        ]

    def test_the_rose_keeps_tiktoks_webcast_id(self) -> None:
        assert "Rose" == presets.tiktok_catalog().gift("5655", country="US", at=AT).name


class TestTiktokNetShare:
    def test_half_of_what_tiktok_netted_for_a_rose_bought_on_ios(self) -> None:
        economy = attrs.evolve(presets.tiktok(), conversion=presets.tiktok_net_share())
        receipt = send(economy, "Rose", 1, package="coins_65", channel=Channel.IOS)
        (share,) = receipt.shares
        # TikTok nets 69/65 cents for a coin bought on iOS; half of it, at half a cent a
        # diamond, is 69/65 diamonds: 1 issued, 4/65 carried.
        assert (Fraction(69, 65), Diamonds(1), Fraction(4, 65)) == (
            share.entitlement,
            share.diamonds,
            share.carried_out,
        )
        assert Rate(Fraction(69, 65) / 2 / Fraction(99, 65)) == trace(receipt).creator_take_rate


class TestTiktokScaledRewards2025:
    def test_a_30_minute_live_earns_38_percent_of_net_revenue(self) -> None:
        economy = attrs.evolve(presets.tiktok(), conversion=presets.tiktok_scaled_rewards_2025())
        receipt = send(economy, "Rose", 700, package="coins_700", metrics={"live_minutes": 30})
        (share,) = receipt.shares
        # $6.97 net for 700 web coins; 38% of 697 cents at half a cent a diamond.
        assert (Rate.parse("38%"), Fraction(697 * 38 * 2, 100)) == (share.rate, share.entitlement)

    @pytest.mark.parametrize(
        ("metrics", "expected"),
        [
            ({}, "20%"),
            ({"live_minutes": 25, "new_followers": 5}, "40%"),
            ({"live_minutes": 25, "new_followers": 5, "weekly_long_lives": 2}, "48%"),
            ({"live_minutes": 25, "violations": 2}, "18%"),
        ],
    )
    def test_rates_for_metric_sets(self, metrics: dict[str, int], expected: str) -> None:
        policy = presets.tiktok_scaled_rewards_2025().at(AT)
        assert type(policy) is RevenueShare
        assert Rate.parse(expected) == policy.rate(metrics)

    def test_50_percent_before_10_february_2025(self) -> None:
        policy = presets.tiktok_scaled_rewards_2025().at(datetime(2025, 2, 9, tzinfo=UTC))
        assert type(policy) is RevenueShare
        assert Rate.parse("50%") == policy.rate({"live_minutes": 90})


class TestTwitchBits:
    @pytest.mark.parametrize(
        ("package", "streamer", "twitch"),
        [("bits_100", 100, 40), ("bits_500", 500, 200), ("bits_25000", 25_000, 5_800)],
    )
    def test_cheered_bits_pay_the_streamer_a_cent_each(
        self, package: str, streamer: int, twitch: int
    ) -> None:
        bits = int(package.removeprefix("bits_"))
        receipt = send(presets.twitch_bits(), "Cheer1", bits, package=package)
        assert {"creator": cents(streamer), "platform": cents(twitch)} == parts(receipt)

    def test_100_bits_bought_for_1_40_and_cheered(self) -> None:
        receipt = send(presets.twitch_bits(), "Cheer100", 1, package="bits_100")
        assert {"creator": cents(100), "platform": cents(40)} == parts(receipt)
        assert "1 x Cheer100 (100 Bits), paid by v1" == str(trace(receipt)).splitlines()[0]

    def test_bits_are_sold_only_on_the_web(self) -> None:
        assert (Channel.WEB,) == presets.twitch_bits().price_book.storefront("US").channels


class TestYoutubeSupers:
    def test_a_10_dollar_super_chat_on_ios(self) -> None:
        receipt = send(presets.youtube_supers(), "Super Chat", 1000, channel=Channel.IOS)
        assert {"store": cents(300), "creator": cents(490), "platform": cents(210)} == parts(
            receipt
        )

    def test_a_10_dollar_super_chat_on_the_web(self) -> None:
        receipt = send(presets.youtube_supers(), "Super Chat", 1000, channel=Channel.WEB)
        assert {"creator": cents(700), "platform": cents(300)} == parts(receipt)

    @pytest.mark.parametrize("coins", [99, 50_001])
    def test_super_chats_run_from_1_to_500_dollars(self, coins: int) -> None:
        book = presets.youtube_supers().price_book
        with pytest.raises(InvalidValueError) as caught:
            book.quote_custom(Coins(coins), country="US", channel=Channel.WEB, at=AT)
        assert "coins" == caught.value.argument

    def test_caps_viewers_at_500_a_day_and_2000_a_week(self) -> None:
        rules = presets.youtube_supers().spending_rules
        assert rules is not None
        assert [Money.parse("500", "USD"), Money.parse("2000", "USD")] == [
            cap.limit for cap in rules.caps
        ]


class TestFacebookStars:
    def test_a_star_is_worth_a_cent_to_the_creator(self) -> None:
        receipt = send(presets.facebook_stars(), "Stars", 100, package="stars_145")
        assert (Diamonds(100), cents(100)) == (receipt.diamonds, receipt.shares[0].value)

    def test_bonus_stars_of_the_smallest_pack_cost_meta_money(self) -> None:
        # 45 + 35 bonus Stars for $0.99; the card fee is 2.9% + $0.30 = $0.33 (half up),
        # so Meta nets 66 cents for 80 Stars and pays the creator 80.
        receipt = send(presets.facebook_stars(), "Stars", 80, package="stars_45")
        assert {"processor": cents(33), "creator": cents(80), "platform": cents(-14)} == parts(
            receipt
        )

    def test_stars_are_sold_on_the_web(self) -> None:
        assert (Channel.WEB,) == presets.facebook_stars().price_book.storefront("US").channels


# Illustrative bundle prices: YouTube publishes no Jewel price, and no Instagram Stars price
# is among the sourced numbers, so both presets take the caller's.
BUNDLES = {
    Channel.IOS: {100: Money.parse("2.00", "USD"), 500: Money.parse("9.00", "USD")},
    Channel.GOOGLE_PLAY: {100: Money.parse("1.80", "USD")},
}


def jewels(rubies_per_jewel: str = "1", **changes: Any) -> Economy:
    book = presets.youtube_jewels_price_book(BUNDLES)
    return presets.youtube_jewels(book, rubies_per_jewel=Rate.parse(rubies_per_jewel), **changes)


def instagram(**changes: Any) -> Economy:
    return presets.instagram_gifts(presets.instagram_gifts_price_book(BUNDLES), **changes)


def bundles() -> st.SearchStrategy[dict[Channel, dict[int, Money]]]:
    """Any ladder of bundles on one or both app channels, at any price (illustrative)."""
    ladder = st.dictionaries(
        st.integers(1, 5_000),
        st.integers(1, 50_000).map(lambda minor: Money.of_minor(minor, USD)),
        min_size=1,
        max_size=4,
    )
    return st.dictionaries(
        st.sampled_from([Channel.IOS, Channel.GOOGLE_PLAY]), ladder, min_size=1, max_size=2
    )


class TestYoutubeJewels:
    @pytest.mark.parametrize(
        ("package", "channel", "store", "youtube"),
        [("jewels_100", Channel.IOS, 60, 40), ("jewels_100", Channel.GOOGLE_PLAY, 0, 80)],
    )
    def test_a_ruby_is_a_cent_whatever_the_jewels_cost(
        self, package: str, channel: Channel, store: int, youtube: int
    ) -> None:
        # 100 Jewels for $2.00 on iOS (Apple 30%) or $1.80 on Google Play (illustrative),
        # a Ruby per Jewel (illustrative): the creator gets 100 Rubies, $1.00, either way.
        receipt = send(jewels(), "Jewels", 100, package=package, channel=channel)
        assert (Diamonds(100), cents(100)) == (receipt.diamonds, receipt.shares[0].value)
        expected = {"creator": cents(100), "platform": cents(youtube)}
        assert ({"store": cents(store)} if store else {}) | expected == parts(receipt)

    def test_rubies_per_jewel_is_the_callers(self) -> None:
        receipt = send(jewels("1/2"), "Jewels", 101, package="jewels_500", channel=Channel.IOS)
        (share,) = receipt.shares
        assert (Fraction(101, 2), Diamonds(50), Fraction(1, 2)) == (
            share.entitlement,
            share.diamonds,
            share.carried_out,
        )
        assert cents(Fraction(101, 2)) == share.value

    def test_is_a_ratio_of_rubies_each_worth_a_cent(self) -> None:
        policy = jewels("3/4").conversion.at(AT)
        assert DiamondRatio(diamonds_per_coin=Rate.parse("3/4"), diamond_value=cents(1)) == policy
        assert None is policy.rate({})  # "no fixed revenue share"

    def test_names_jewels_and_rubies(self) -> None:
        names = jewels().names
        assert ("1 Jewel", "2 Rubies") == (names.show(Coins(1)), names.show(Diamonds(2)))

    def test_sends_the_callers_gifts_priced_in_jewels(self) -> None:
        # An illustrative gift: no YouTube gift's price in Jewels is published.
        heart = Gift(id="heart", name="Heart", price=Coins(50))
        catalog = Catalog(versions=(CatalogVersion(version="mine", gifts=(heart,)),))
        receipt = send(
            jewels(catalog=catalog), "Heart", 2, package="jewels_100", channel=Channel.IOS
        )
        assert (Coins(100), Diamonds(100)) == (receipt.coins, receipt.diamonds)

    def test_sets_no_spending_rules_and_no_battle_bonus(self) -> None:
        economy = jewels()
        assert (None, None) == (economy.spending_rules, economy.battle_bonus)

    @pytest.mark.parametrize("value", ["1", 1, 1.0, Fraction(1), None])
    def test_refuses_a_ratio_that_is_no_rate(self, value: object) -> None:
        book = presets.youtube_jewels_price_book(BUNDLES)
        with pytest.raises(InvalidTypeError) as caught:
            presets.youtube_jewels(book, rubies_per_jewel=value)  # type: ignore[arg-type]
        assert "rubies_per_jewel" == caught.value.argument

    def test_refuses_no_rubies_per_jewel(self) -> None:
        book = presets.youtube_jewels_price_book(BUNDLES)
        with pytest.raises(InvalidValueError) as caught:
            presets.youtube_jewels(book, rubies_per_jewel=Rate.parse("0"))
        assert "rubies_per_jewel" == caught.value.argument

    @pytest.mark.parametrize(
        ("argument", "value"), [("price_book", BUNDLES), ("catalog", ()), ("price_book", None)]
    )
    def test_refuses_parts_of_the_wrong_type(self, argument: str, value: object) -> None:
        arguments: dict[str, Any] = {
            "price_book": presets.youtube_jewels_price_book(BUNDLES),
            "rubies_per_jewel": Rate.ONE,
        }
        with pytest.raises(InvalidTypeError) as caught:
            presets.youtube_jewels(**(arguments | {argument: value}))
        assert argument == caught.value.argument

    def test_youtube_stays_the_super_chat_economy(self) -> None:
        assert presets.youtube_supers() == presets.youtube()
        assert "youtube_jewels" in (presets.youtube.__doc__ or "")

    @given(
        bundles(), st.integers(1, 1_000), st.fractions(Fraction(1, 100), 10, max_denominator=100)
    )
    def test_every_cent_paid_is_traced_and_the_creator_gets_a_cent_a_ruby(
        self, ladder: dict[Channel, dict[int, Money]], count: int, ratio: Fraction
    ) -> None:
        economy = presets.youtube_jewels(
            presets.youtube_jewels_price_book(ladder), rubies_per_jewel=Rate(ratio)
        )
        for value_trace in compare_channels(economy, "Jewels", country="US", at=AT, count=count):
            assert value_trace.paid.minor == sum(row.amount.minor for row in value_trace.rows)
            creator = value_trace.total("creator") + value_trace.total("rounding")
            assert cents(count * ratio) == creator
            store = value_trace.total("store")
            if value_trace.channel == Channel.GOOGLE_PLAY:
                assert cents(0) == store
            assert {"store", "creator", "rounding", "platform"} >= {
                row.party for row in value_trace.rows
            }

    @given(st.lists(gift_records(economy=jewels("2/3")), max_size=20))
    def test_settled_rubies_and_carry_make_the_entitlement(self, records: list[Any]) -> None:
        result = settle(jewels("2/3"), records, at=AT, country="US")
        for total in result.creators.values():
            assert Fraction(2, 3) * total.coins.amount == total.entitlement
            assert total.entitlement == total.diamonds.amount + total.carry
            assert cents(total.entitlement) == total.value


class TestInstagramGifts:
    @pytest.mark.parametrize(
        ("channel", "store", "meta"), [(Channel.IOS, 60, 40), (Channel.GOOGLE_PLAY, 54, 26)]
    )
    def test_a_star_is_a_cent_to_the_creator_on_every_channel(
        self, channel: Channel, store: int, meta: int
    ) -> None:
        # 100 Stars for $2.00 on iOS or $1.80 on Google Play (illustrative); Apple takes
        # 30%, and Google 30% of Meta's sales above its first $1M of the year.
        receipt = send(instagram(), "Stars", 100, package="stars_100", channel=channel)
        assert (Diamonds(100), cents(100)) == (receipt.diamonds, receipt.shares[0].value)
        assert {"store": cents(store), "creator": cents(100), "platform": cents(meta)} == parts(
            receipt
        )

    def test_is_a_fixed_cent_per_star(self) -> None:
        economy = instagram()
        assert FixedValue(value_per_coin=cents(1)) == economy.conversion.at(AT)
        assert UnitNames(coin="Star", coins="Stars", diamond="Star", diamonds="Stars") == (
            economy.names
        )

    def test_sends_the_callers_gifts_priced_in_stars(self) -> None:
        # An illustrative gift: the sources give no Instagram gift's price in Stars.
        rose = Gift(id="rose", name="Rose", price=Coins(10))
        catalog = Catalog(versions=(CatalogVersion(version="mine", gifts=(rose,)),))
        receipt = send(
            instagram(catalog=catalog), "Rose", 3, package="stars_100", channel=Channel.IOS
        )
        assert (Diamonds(30), cents(30)) == (receipt.diamonds, receipt.shares[0].value)

    @pytest.mark.parametrize(("argument", "value"), [("price_book", BUNDLES), ("catalog", [])])
    def test_refuses_parts_of_the_wrong_type(self, argument: str, value: object) -> None:
        arguments: dict[str, Any] = {"price_book": presets.instagram_gifts_price_book(BUNDLES)}
        with pytest.raises(InvalidTypeError) as caught:
            presets.instagram_gifts(**(arguments | {argument: value}))
        assert argument == caught.value.argument

    @given(bundles(), st.integers(1, 1_000))
    def test_every_cent_paid_is_traced_and_the_creator_gets_a_cent_a_star(
        self, ladder: dict[Channel, dict[int, Money]], count: int
    ) -> None:
        economy = presets.instagram_gifts(presets.instagram_gifts_price_book(ladder))
        for value_trace in compare_channels(
            economy, "Stars", country="US", at=AT, count=count, proceeds_to_date=PROCEEDS
        ):
            assert value_trace.paid.minor == sum(row.amount.minor for row in value_trace.rows)
            assert cents(count) == value_trace.total("creator")
            assert cents(0) == value_trace.total("rounding")


class TestBigo:
    def test_1000_diamonds_give_500_beans(self) -> None:
        receipt = send(presets.bigo(), "Diamonds", 1000, package="diamonds_1000")
        # $19.61, card fee 2.9% + $0.30 = $0.87 (half up); 210 Beans are worth a dollar.
        assert {
            "processor": cents(87),
            "creator": cents(Fraction(50_000, 210)),
            "platform": cents(1874 - Fraction(50_000, 210)),
        } == parts(receipt)

    def test_a_won_battle_adds_8_percent_paid_by_the_platform(self) -> None:
        receipt = send(presets.bigo(), "Diamonds", 1000, package="diamonds_1000", battle=True)
        assert Diamonds(540) == receipt.diamonds
        assert cents(1874 - Fraction(54_000, 210)) == parts(receipt)["platform"]

    def test_an_odd_diamond_carries_half_a_bean(self) -> None:
        receipt = send(presets.bigo(), "Diamonds", 1, package="diamonds_100")
        assert (Diamonds(0), Fraction(1, 2)) == (receipt.diamonds, receipt.carry.of("ana"))


class TestSources:
    CONFIDENCE = re.compile(r"(stated|reported|inferred|illustrative)\b")

    def test_every_source_says_what_where_and_when(self) -> None:
        for key, source in presets.SOURCES.items():
            assert source.what, key
            assert source.where, key
            assert source.date, key

    @pytest.mark.parametrize(
        "preset",
        [
            presets.tiktok,
            presets.tiktok_catalog,
            presets.tiktok_net_share,
            presets.tiktok_scaled_rewards_2025,
            presets.twitch_bits,
            presets.facebook_stars,
            presets.youtube_supers,
            presets.youtube_jewels,
            presets.youtube_jewels_price_book,
            presets.instagram_gifts,
            presets.instagram_gifts_price_book,
            presets.bigo,
        ],
    )
    def test_every_preset_cites_known_sources(self, preset: Any) -> None:
        doc = getattr(preset, "__doc__", "") or ""
        # Metric names and the preset's own parameters are quoted too; they are no sources.
        cited = set(re.findall(r"``([a-z_]+)``", doc)) - {
            "live_minutes",
            "new_followers",
            "weekly_long_lives",
            "violations",
            *inspect.signature(preset).parameters,
        }
        assert cited
        assert set() == cited - set(presets.SOURCES)
        for key in cited:
            confidence = presets.SOURCES[key].confidence
            assert self.CONFIDENCE.match(confidence), (key, confidence)
