"""PriceBook's with_ methods: one part replaced, everything else as it was (issue #16, item 6)."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from giftflow import (
    Channel,
    Coins,
    CurrencyMismatchError,
    Fee,
    FeeBasis,
    FeeKind,
    FeeSchedule,
    GiftflowError,
    InvalidTypeError,
    InvalidValueError,
    Money,
    PriceBook,
    Rate,
    Rounding,
    UnknownChannelError,
    UnknownPackageError,
    Window,
    checkout,
    currency,
    presets,
)
from giftflow.testing import fee_schedules, fees, price_books

USD = currency("USD")
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
JULY = datetime(2026, 7, 1, tzinfo=UTC)
BOOK = presets.tiktok_price_book()
SUPERS = presets.youtube_supers().price_book


def usd(text: str) -> Money:
    return Money.parse(text, "USD")


def flat(rate: str, name: str = "flat") -> Fee:
    return Fee(
        name=name,
        kind=FeeKind.STORE,
        basis=FeeBasis.NET_OF_TAX,
        rounding=Rounding.HALF_UP,
        rate=Rate.parse(rate),
    )


def without(book: PriceBook, **parts: object) -> dict[str, object]:
    # Every field of the book but those named: what a with_ method must leave alone.
    return {k: v for k, v in attrs.asdict(book, recurse=False).items() if k not in parts}


class TestWithFees:
    def test_replaces_one_channel_in_one_storefront(self) -> None:
        book = BOOK.with_fees(Channel.IOS, [flat("20%")], country="US")
        assert (flat("20%"),) == book.storefront("US").fees_for(Channel.IOS)
        assert BOOK.storefront("GB") == book.storefront("GB")
        us_before, us_after = BOOK.storefront("US"), book.storefront("US")
        for channel in (Channel.GOOGLE_PLAY, Channel.WEB):
            assert us_before.fees_for(channel) == us_after.fees_for(channel)
        assert without(BOOK, storefronts=1) == without(book, storefronts=1)

    def test_without_country_replaces_every_storefront_that_sells_on_the_channel(self) -> None:
        book = BOOK.with_fees(Channel.IOS, (flat("20%"),))
        assert all((flat("20%"),) == s.fees_for(Channel.IOS) for s in book.storefronts)
        assert BOOK.storefront("US").fees_for(Channel.WEB) == book.storefront("US").fees_for(
            Channel.WEB
        )

    def test_a_schedule_replaces_a_tuple(self) -> None:
        schedule = presets.apple_fee_schedule(USD, small_business=True)
        book = BOOK.with_fees(Channel.IOS, schedule, country="US")
        assert schedule == book.storefront("US").schedule_for(Channel.IOS)
        quote = book.quote("coins_65", country="US", channel=Channel.IOS, at=NOW)
        purchase = checkout(
            quote, purchase_id="p", proceeds_to_date=usd("0"), prior_year_proceeds=usd("0")
        )
        assert usd("0.15") == purchase.breakdown.fees[0].amount

    def test_an_empty_iterable_charges_nothing(self) -> None:
        book = BOOK.with_fees(Channel.WEB, iter(()), country="US")
        quote = book.quote("coins_70", country="US", channel=Channel.WEB, at=NOW)
        assert quote.price == checkout(quote, purchase_id="p").breakdown.net

    def test_the_original_is_unchanged(self) -> None:
        before = copy.deepcopy(BOOK)
        BOOK.with_fees(Channel.IOS, [flat("1%")])
        assert before == BOOK

    def test_refuses_a_country_with_no_storefront(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^country has no storefront"):
            BOOK.with_fees(Channel.IOS, [], country="FR")

    def test_refuses_a_channel_the_storefront_does_not_sell_on(self) -> None:
        with pytest.raises(UnknownChannelError, match=r"^channel does not sell in storefront GB"):
            BOOK.with_fees(Channel.WEB, [], country="GB")

    def test_refuses_a_channel_no_storefront_sells_on(self) -> None:
        with pytest.raises(UnknownChannelError, match=r"^channel sells in no storefront"):
            BOOK.with_fees(Channel.IOS_LINK_OUT, [])

    def test_refuses_a_bare_fee(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^fees must hold a tuple of Fee"):
            BOOK.with_fees(Channel.WEB, flat("1%"))  # type: ignore[arg-type]

    def test_refuses_a_fee_in_another_currency(self) -> None:
        small = presets.apple_fee(USD, small_business=True)
        with pytest.raises(CurrencyMismatchError, match=r"^fees: cannot configure GBP and USD"):
            BOOK.with_fees(Channel.IOS, [small])  # the GB storefront sells in GBP


class TestWithPrice:
    def test_without_at_replaces_the_only_price(self) -> None:
        book = BOOK.with_price("coins_65", country="US", channel=Channel.IOS, price=usd("1.09"))
        assert (
            usd("1.09") == book.quote("coins_65", country="US", channel=Channel.IOS, at=NOW).price
        )
        assert (
            usd("0.99")
            == book.quote("coins_65", country="US", channel=Channel.GOOGLE_PLAY, at=NOW).price
        )
        assert len(BOOK.prices) == len(book.prices)
        assert without(BOOK, prices=1) == without(book, prices=1)

    def test_with_at_cuts_the_price_in_force(self) -> None:
        book = BOOK.with_price(
            "coins_65", country="US", channel=Channel.IOS, price=usd("1.09"), at=JULY
        )
        quote = book.quote
        assert (
            usd("0.99")
            == quote(
                "coins_65", country="US", channel=Channel.IOS, at=JULY - timedelta(microseconds=1)
            ).price
        )
        assert usd("1.09") == quote("coins_65", country="US", channel=Channel.IOS, at=JULY).price
        windows = [
            p.window
            for p in book.prices
            if (p.package, p.country, p.channel) == ("coins_65", "US", Channel.IOS)
        ]
        assert [Window(end=JULY), Window(start=JULY)] == windows

    def test_with_at_keeps_later_dated_prices(self) -> None:
        dated = BOOK.with_price(
            "coins_65", country="US", channel=Channel.IOS, price=usd("1.09"), at=JULY
        )
        march = datetime(2026, 3, 1, tzinfo=UTC)
        book = dated.with_price(
            "coins_65", country="US", channel=Channel.IOS, price=usd("0.89"), at=march
        )
        prices = [
            (p.window, p.price)
            for p in book.prices
            if (p.package, p.country, p.channel) == ("coins_65", "US", Channel.IOS)
        ]
        assert [
            (Window(end=march), usd("0.99")),
            (Window(start=march, end=JULY), usd("0.89")),
            (Window(start=JULY), usd("1.09")),
        ] == prices

    def test_at_the_start_of_a_window_replaces_its_price(self) -> None:
        dated = BOOK.with_price(
            "coins_65", country="US", channel=Channel.IOS, price=usd("1.09"), at=JULY
        )
        book = dated.with_price(
            "coins_65", country="US", channel=Channel.IOS, price=usd("1.19"), at=JULY
        )
        assert len(dated.prices) == len(book.prices)
        assert (
            usd("1.19") == book.quote("coins_65", country="US", channel=Channel.IOS, at=NOW).price
        )

    def test_without_at_refuses_a_package_with_dated_prices(self) -> None:
        dated = BOOK.with_price(
            "coins_65", country="US", channel=Channel.IOS, price=usd("1.09"), at=JULY
        )
        with pytest.raises(InvalidValueError, match=r"^at is required: coins_65 has 2 dated"):
            dated.with_price("coins_65", country="US", channel=Channel.IOS, price=usd("1"))

    def test_refuses_a_time_no_price_covers(self) -> None:
        late = attrs.evolve(
            BOOK,
            prices=[
                attrs.evolve(p, window=Window(start=JULY)) if p.package == "coins_65" else p
                for p in BOOK.prices
            ],
        )
        with pytest.raises(UnknownPackageError, match=r"^at is outside every price window"):
            late.with_price(
                "coins_65",
                country="US",
                channel=Channel.IOS,
                price=usd("1"),
                at=NOW - timedelta(days=365),
            )

    def test_refuses_a_package_with_no_price_there(self) -> None:
        with pytest.raises(UnknownPackageError, match=r"^package has no price in US on ios"):
            BOOK.with_price("coins_70", country="US", channel=Channel.IOS, price=usd("1"))

    @pytest.mark.parametrize(
        ("price", "error", "message"),
        [
            (usd("0"), InvalidValueError, r"^price must be positive"),
            (Money.parse("1", "GBP"), CurrencyMismatchError, r"cannot price GBP and USD"),
            (1.09, InvalidTypeError, r"^price must be Money"),
        ],
    )
    def test_refuses_a_bad_price_as_the_constructor_does(
        self, price: object, error: type[GiftflowError], message: str
    ) -> None:
        with pytest.raises(error, match=message):
            BOOK.with_price("coins_65", country="US", channel=Channel.IOS, price=price)  # type: ignore[arg-type]


class TestWithCustomRange:
    def test_replaces_the_bounds_given(self) -> None:
        book = SUPERS.with_custom_range(max_coins=Coins(20_000))
        assert [(Coins(100), Coins(20_000))] * 2 == [
            (c.min_coins, c.max_coins) for c in book.custom
        ]
        assert [c.price_per for c in SUPERS.custom] == [c.price_per for c in book.custom]
        assert without(SUPERS, custom=1) == without(book, custom=1)

    def test_only_the_channel_named(self) -> None:
        book = SUPERS.with_custom_range(min_coins=Coins(500), channel=Channel.WEB)
        assert {Channel.WEB: Coins(500), Channel.IOS: Coins(100)} == {
            c.channel: c.min_coins for c in book.custom
        }

    def test_a_quote_follows_the_new_range(self) -> None:
        book = SUPERS.with_custom_range(max_coins=Coins(20_000))
        assert (
            usd("200.00")
            == book.quote_custom(Coins(20_000), country="US", channel=Channel.WEB, at=NOW).price
        )
        with pytest.raises(InvalidValueError, match=r"^coins must be between 100 coins and"):
            book.quote_custom(Coins(20_001), country="US", channel=Channel.WEB, at=NOW)

    def test_refuses_no_bound(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^min_coins and max_coins are both None"):
            SUPERS.with_custom_range()

    def test_refuses_an_empty_range(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^max_coins must be at least min_coins"):
            SUPERS.with_custom_range(min_coins=Coins(60_000))

    def test_refuses_a_channel_with_no_custom_amount(self) -> None:
        with pytest.raises(UnknownChannelError, match=r"^channel selects no custom amount"):
            SUPERS.with_custom_range(max_coins=Coins(1000), channel=Channel.GOOGLE_PLAY)

    def test_refuses_a_book_with_no_custom_amount(self) -> None:
        with pytest.raises(UnknownChannelError, match=r"custom amounts: none"):
            BOOK.with_custom_range(max_coins=Coins(1000))


class TestRestrictedTo:
    def test_keeps_only_the_countries_named(self) -> None:
        book = BOOK.restricted_to(countries=["gb"])
        assert ["GB"] == [s.country for s in book.storefronts]
        assert {"GB"} == {p.country for p in book.prices}
        assert BOOK.packages == book.packages

    def test_keeps_only_the_channels_named_dropping_storefronts_left_empty(self) -> None:
        book = BOOK.restricted_to(channels=[Channel.GOOGLE_PLAY, Channel.WEB])
        assert [("US", (Channel.GOOGLE_PLAY, Channel.WEB))] == [
            (s.country, s.channels) for s in book.storefronts
        ]
        assert {Channel.GOOGLE_PLAY, Channel.WEB} == {p.channel for p in book.prices}

    def test_restricts_custom_amounts(self) -> None:
        book = SUPERS.restricted_to(channels=[Channel.IOS])
        assert [Channel.IOS] == [c.channel for c in book.custom]

    def test_none_keeps_everything(self) -> None:
        assert BOOK == BOOK.restricted_to()

    def test_refuses_a_named_country_left_with_no_channel(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^countries must list storefronts that sell"):
            BOOK.restricted_to(countries=["US", "GB"], channels=[Channel.WEB])

    def test_refuses_a_channel_the_kept_storefronts_do_not_sell_on(self) -> None:
        with pytest.raises(UnknownChannelError, match=r"^channels must list channels the"):
            BOOK.restricted_to(countries=["GB"], channels=[Channel.WEB])

    @pytest.mark.parametrize("countries", ["US", [], ["FR"]])
    def test_refuses_bad_countries(self, countries: object) -> None:
        with pytest.raises(GiftflowError, match=r"^countries "):
            BOOK.restricted_to(countries=countries)  # type: ignore[arg-type]


# -- properties ----------------------------------------------------------------------------

PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(book=price_books(), data=st.data())
def test_with_fees_then_quote_charges_the_new_fees(book: PriceBook, data: st.DataObject) -> None:
    storefront = data.draw(st.sampled_from(book.storefronts))
    assume(storefront.channels)
    channel = data.draw(st.sampled_from(storefront.channels))
    replacement = data.draw(
        st.lists(fees(currency=storefront.currency), max_size=2)
        | fee_schedules(currency=storefront.currency, gaps=False)
    )
    changed = book.with_fees(channel, replacement, country=storefront.country)
    expected = replacement if isinstance(replacement, FeeSchedule) else tuple(replacement)
    after = changed.storefront(storefront.country)
    at = data.draw(st.sampled_from([NOW, JULY, datetime(2001, 1, 1, tzinfo=UTC)]))
    got = after.fees_for(channel, at=at)
    assert (expected.fees_at(at) if isinstance(expected, FeeSchedule) else expected) == got
    # Nothing else changed: other channels, other storefronts, every other field.
    for other in storefront.channels:
        if other != channel:
            assert storefront.schedule_for(other) == after.schedule_for(other)
    assert [s for s in book.storefronts if s.country != storefront.country] == [
        s for s in changed.storefronts if s.country != storefront.country
    ]
    assert without(book, storefronts=1) == without(changed, storefronts=1)


@PROPERTY
@given(book=price_books(), data=st.data())
def test_with_price_changes_one_price_from_at_and_nothing_else(
    book: PriceBook, data: st.DataObject
) -> None:
    entry = data.draw(st.sampled_from(book.prices))
    storefront = book.storefront(entry.country)
    price = Money.of_minor(data.draw(st.integers(1, 10**6)), storefront.currency)
    start = entry.window.start or datetime(2000, 1, 1, tzinfo=UTC)
    at = start + timedelta(hours=data.draw(st.integers(0, 24 * 365)))
    assume(entry.window.contains(at))
    changed = book.with_price(
        entry.package, country=entry.country, channel=entry.channel, price=price, at=at
    )
    quote = changed.quote(entry.package, country=entry.country, channel=entry.channel, at=at)
    assert price == quote.price
    key = (entry.package, entry.country, entry.channel)
    # Every other price is as it was, and before `at` the old price still holds.
    assert [p for p in book.prices if (p.package, p.country, p.channel) != key] == [
        p for p in changed.prices if (p.package, p.country, p.channel) != key
    ]
    if entry.window.start is None or at > entry.window.start:
        before = at - timedelta(microseconds=1)
        old = changed.quote(entry.package, country=entry.country, channel=entry.channel, at=before)
        assert entry.price == old.price
    assert without(book, prices=1) == without(changed, prices=1)


@PROPERTY
@given(book=price_books(), data=st.data())
def test_a_refused_revision_leaves_the_book_as_it_was(book: PriceBook, data: st.DataObject) -> None:
    before = copy.deepcopy(book)
    attempts: list[Callable[[], object]] = [
        lambda: book.with_fees(Channel("nowhere"), []),
        lambda: book.with_fees(book.storefronts[0].channels[0], [1]),  # type: ignore[list-item]
        lambda: book.with_price("no_such", country="US", channel=Channel.WEB, price=usd("1")),
        lambda: book.with_custom_range(),
        lambda: book.restricted_to(countries=[]),
    ]
    bad = data.draw(st.sampled_from(attempts))
    assume(book.storefronts[0].channels)
    with pytest.raises(GiftflowError):
        bad()
    assert before == book
