"""YouTube: Super Chat (cents, 70% to the creator, viewer caps) and Jewels/Rubies (private)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC

from giftflow import (
    CapPeriod,
    Catalog,
    CatalogVersion,
    Channel,
    Coins,
    CustomAmount,
    DiamondRatio,
    Economy,
    Fee,
    FeeSchedule,
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
from giftflow.presets._common import bundle_price_book, positive_rate, unit_gift_catalog
from giftflow.presets._options import preset_options
from giftflow.presets._stores import apple_fee

__all__ = [
    "youtube",
    "youtube_jewels",
    "youtube_jewels_price_book",
    "youtube_supers",
    "youtube_supers_spending_rules",
]


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


def youtube_supers(
    *,
    diamond_rounding: Rounding = Rounding.DOWN,
    small_business: bool = False,
    dated_store_fees: bool = False,
    fees: Mapping[Channel, Iterable[Fee] | FeeSchedule] | None = None,
    channels: Iterable[Channel] | None = None,
) -> Economy:
    """YouTube Super Chat: 70% to the creator after sales tax and iOS fees (``youtube_supers``).

    A Super Chat is bought directly with money, so a "coin" here is one US cent:
    a custom amount of 100 to 50,000 coins ($1 to $500) on the web or on iOS,
    sent as one "Super Chat" of that many cents. Apple takes 30% on iOS; YouTube
    covers card fees, so the web has none. The creator's unit is a cent of
    earnings. Viewer caps: :func:`youtube_supers_spending_rules`. Another range of
    amounts: :meth:`Economy.with_custom_range <giftflow.Economy.with_custom_range>`.

    Called without arguments, the economy as reported; each argument changes one
    part, through :class:`~giftflow.Economy`'s ``with_...`` methods:

    Args:
        diamond_rounding: How exact earnings become whole cents (the rest is carried).
        small_business: Apple's Small Business Program on iOS (15% up to $1,000,000
            a year, ``apple_small_business``).
        dated_store_fees: Apple's fee as its dated schedule
            (:func:`apple_fee_schedule`) instead of today's fee.
        fees: Each channel's fees (``Channel.WEB``, ``Channel.IOS``), replacing the
            preset's.
        channels: The channels kept; ``None`` keeps the web and iOS.

    Raises:
        InvalidTypeError: An argument of the wrong type.
        InvalidValueError: ``small_business=True`` without iOS.
        UnknownChannelError: A channel ``fees`` or ``channels`` names is not sold.

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
    >>> [str(c) for c in youtube_supers(channels=[Channel.WEB]).price_book.storefront("US").channels]
    ['web']
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
    economy = Economy(
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
    return preset_options(
        economy,
        diamond_rounding=diamond_rounding,
        fees=fees,
        channels=channels,
        small_business=small_business,
        dated_store_fees=dated_store_fees,
    )


def youtube(
    *,
    diamond_rounding: Rounding = Rounding.DOWN,
    small_business: bool = False,
    dated_store_fees: bool = False,
    fees: Mapping[Channel, Iterable[Fee] | FeeSchedule] | None = None,
    channels: Iterable[Channel] | None = None,
) -> Economy:
    """YouTube's Super Chat economy: the same as :func:`youtube_supers`, with its arguments.

    YouTube runs two gift economies with different conversions, so they are two
    :class:`~giftflow.Economy` values: Super Chat (a 70% share of what YouTube
    received) here, and Jewels and Rubies (a cent per Ruby, "no fixed revenue share")
    in :func:`youtube_jewels`, which takes the Jewel bundle prices and the Rubies a
    Jewel earns from the caller because YouTube publishes neither.

    >>> youtube().name
    'youtube'
    >>> from giftflow import Rounding
    >>> youtube(diamond_rounding=Rounding.HALF_UP) == youtube_supers(diamond_rounding=Rounding.HALF_UP)
    True
    """
    return youtube_supers(
        diamond_rounding=diamond_rounding,
        small_business=small_business,
        dated_store_fees=dated_store_fees,
        fees=fees,
        channels=channels,
    )


def youtube_jewels_price_book(bundles: Mapping[Channel, Mapping[int, Money]]) -> PriceBook:
    """YouTube Jewel bundles in the US, at prices the caller supplies: none is published.

    Viewers buy Jewels in bundles whose prices vary by bundle and promotion
    (``youtube_rubies``), but no source gives a single bundle price, so ``bundles``
    maps each channel to ``{Jewels in the bundle: price in USD}``, as the caller read
    them. Only US viewers can buy Jewels and gifts are sent from the mobile app
    (``youtube_jewels_launch``), so the storefront is the US and the channels are
    the app's: iOS, where Apple takes its 30% (``apple_commission``), and Google
    Play, where this preset charges no store fee (``youtube_google_play``,
    inferred). Packages are named ``jewels_<count>``; promotions can be added with
    ``attrs.evolve(book, promotions=...)``.

    >>> from giftflow import Channel, Money
    >>> # Illustrative prices: YouTube publishes no Jewel bundle price.
    >>> book = youtube_jewels_price_book({Channel.IOS: {100: Money.parse("2.00", "USD")}})
    >>> [(p.id, p.coins) for p in book.packages]
    [('jewels_100', Coins(100))]

    Raises:
        InvalidTypeError: ``bundles`` is not a non-empty mapping of mappings, or a
            price is not Money.
        UnknownChannelError: A channel other than iOS or Google Play.
        InvalidValueError: A bundle of no Jewels, or a price of zero.
        CurrencyMismatchError: A price not in USD.
    """
    usd = currency("USD")
    fees = {Channel.IOS: (apple_fee(usd),), Channel.GOOGLE_PLAY: ()}
    return bundle_price_book(bundles, unit="jewels", fees=fees)


def youtube_jewels(
    price_book: PriceBook,
    *,
    rubies_per_jewel: Rate,
    catalog: Catalog | None = None,
    diamond_rounding: Rounding = Rounding.DOWN,
) -> Economy:
    """YouTube Jewels and Rubies: viewers spend Jewels, creators get Rubies worth 1 cent each.

    "1 Ruby equals 1 cent", and there is "no fixed revenue share" (``youtube_rubies``,
    stated by YouTube, as quoted): the creator's Rubies do not depend on what the
    Jewels cost, so YouTube's share moves with the bundle, channel and promotion. No
    source says how many Rubies a gift of so many Jewels earns, so ``rubies_per_jewel``
    is the caller's, one rate for every gift (a :class:`~giftflow.DiamondRatio` of
    Rubies per Jewel, each Ruby worth $0.01, whole Rubies rounding down and the rest
    carried). ``price_book`` holds the bundles (see :func:`youtube_jewels_price_book`);
    ``catalog`` the gifts, priced in Jewels: by default, as no gift's price is
    published either, one "Jewels" gift of one Jewel, sent in any count. Not
    modelled: the launch bonus of 50% of gift earnings up to $1,000 a month for three
    months (``youtube_jewels_launch``), whose monthly cap a conversion cannot hold.
    ``diamond_rounding`` sets how exact Rubies become whole ones (down by default).

    >>> from datetime import datetime, timezone
    >>> from giftflow import Channel, Money, Rate, compare_channels
    >>> # Illustrative: a $2.00 bundle of 100 Jewels and a Ruby per Jewel (neither is published).
    >>> book = youtube_jewels_price_book({Channel.IOS: {100: Money.parse("2.00", "USD")}})
    >>> economy = youtube_jewels(book, rubies_per_jewel=Rate.parse("1"))
    >>> (ios,) = compare_channels(economy, "Jewels", country="US", count=100,
    ...                           at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    >>> print(ios)
    100 x Jewels (100 Jewels), paid by a viewer via ios
      paid                          2.0000 USD  100.0%
      store fee                     0.6000 USD   30.0%
      creator streamer: 100 Rubies  1.0000 USD   50.0%
      platform                      0.4000 USD   20.0%
      creator take rate: 50.0%
    >>> from giftflow import Rounding
    >>> youtube_jewels(book, rubies_per_jewel=Rate.parse("1/3"),
    ...                diamond_rounding=Rounding.HALF_UP).diamond_rounding
    <Rounding.HALF_UP: 'ROUND_HALF_UP'>

    Raises:
        InvalidTypeError: ``rubies_per_jewel`` is not a Rate, or ``price_book``,
            ``catalog`` or ``diamond_rounding`` is of the wrong type.
        InvalidValueError: ``rubies_per_jewel`` is zero.
    """
    rate = positive_rate("rubies_per_jewel", rubies_per_jewel, "Rate.parse('1')")
    economy = Economy(
        name="youtube jewels",
        names=UnitNames(coin="Jewel", coins="Jewels", diamond="Ruby", diamonds="Rubies"),
        price_book=price_book,
        catalog=unit_gift_catalog("jewels", "Jewels") if catalog is None else catalog,
        conversion=DiamondRatio(diamonds_per_coin=rate, diamond_value=Money.parse("0.01", "USD")),
        diamond_rounding=Rounding.DOWN,
    )
    return preset_options(economy, diamond_rounding=diamond_rounding, fees=None)
