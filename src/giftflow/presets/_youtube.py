"""YouTube Super Chat: money sent as cents, 70% to the creator, viewer caps (private)."""

from __future__ import annotations

from datetime import UTC

from giftflow import (
    CapPeriod,
    Catalog,
    CatalogVersion,
    Channel,
    Coins,
    CustomAmount,
    Economy,
    Gift,
    Money,
    PriceBook,
    Rate,
    RevenueShare,
    Rounding,
    SpendingCap,
    SpendingRules,
    Storefront,
    Tax,
    UnitNames,
    currency,
)
from giftflow.presets._stores import apple_fee

__all__ = ["youtube", "youtube_supers", "youtube_supers_spending_rules"]


def youtube_supers_spending_rules() -> SpendingRules:
    """YouTube's Supers caps: $500 per day and $2,000 per week (``youtube_supers_caps``).

    YouTube does not say where its day and week start; this preset counts the
    rolling 24 hours and 7 days before each purchase, the stricter reading.

    >>> [cap.limit for cap in youtube_supers_spending_rules().caps]
    [Money.parse('500.00', 'USD'), Money.parse('2000.00', 'USD')]
    """
    return SpendingRules(
        caps=(
            SpendingCap(
                name="supers per day",
                limit=Money.parse("500", "USD"),
                period=CapPeriod.ROLLING_DAY,
                zone=UTC,
            ),
            SpendingCap(
                name="supers per week",
                limit=Money.parse("2000", "USD"),
                period=CapPeriod.ROLLING_WEEK,
                zone=UTC,
            ),
        )
    )


def youtube_supers() -> Economy:
    """YouTube Super Chat: 70% to the creator after sales tax and iOS fees (``youtube_supers``).

    A Super Chat is bought directly with money, so a "coin" here is one US cent:
    a custom amount of 100 to 50,000 coins ($1 to $500) on the web or on iOS,
    sent as one "Super Chat" of that many cents. Apple takes 30% on iOS; YouTube
    covers card fees, so the web has none. The creator's unit is a cent of
    earnings. Viewer caps: :func:`youtube_supers_spending_rules`.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Channel, Coins, checkout
    >>> book = youtube_supers().price_book
    >>> quote = book.quote_custom(Coins(1000), country="US", channel=Channel.IOS,
    ...                           at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    >>> print(checkout(quote, purchase_id="sc1").breakdown)
    gross paid         10.00 USD
    tax                0.00 USD
    store fee (apple)  3.00 USD
    platform net       7.00 USD
    """
    usd = currency("USD")
    us = Storefront(
        country="US",
        currency=usd,
        tax=Tax.none(),
        fees={Channel.WEB: (), Channel.IOS: (apple_fee(usd),)},
    )
    custom = tuple(
        CustomAmount(
            country="US",
            channel=channel,
            price_per=Money.parse("0.01", "USD"),
            per=1,
            min_coins=Coins(100),
            max_coins=Coins(50_000),
            rounding=Rounding.HALF_EVEN,
        )
        for channel in (Channel.WEB, Channel.IOS)
    )
    return Economy(
        name="youtube",
        names=UnitNames(coin="cent", coins="cents", diamond="cent", diamonds="cents"),
        price_book=PriceBook(storefronts=(us,), packages=(), prices=(), custom=custom),
        catalog=Catalog(
            versions=(
                CatalogVersion(
                    version="supers",
                    gifts=(Gift(id="super_chat", name="Super Chat", price=Coins(1)),),
                ),
            )
        ),
        conversion=RevenueShare(share=Rate.parse("70%"), diamond_value=Money.parse("0.01", "USD")),
        diamond_rounding=Rounding.DOWN,
        spending_rules=youtube_supers_spending_rules(),
    )


def youtube() -> Economy:
    """YouTube, as far as its numbers are published: the Super Chat economy.

    The same as :func:`youtube_supers`. Jewels and Rubies are not modelled: YouTube
    states 1 Ruby = $0.01 to the creator, but no source gives Jewel bundle prices or
    the Jewel-to-Ruby rate of each gift, and this library does not invent them.

    >>> youtube().name
    'youtube'
    """
    return youtube_supers()
