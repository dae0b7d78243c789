"""Meta: Facebook Stars (web store, a cent per Star, Net-30) and Instagram Gifts (private)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, tzinfo

from giftflow import (
    AgeRule,
    Catalog,
    Channel,
    CoinPackage,
    Coins,
    Economy,
    Eligibility,
    Fee,
    FeeSchedule,
    FixedValue,
    Money,
    PackagePrice,
    PayoutPolicy,
    PayoutSchedule,
    PriceBook,
    Rounding,
    Storefront,
    Tax,
    UnitNames,
    currency,
)
from giftflow.presets._common import (
    bundle_price_book,
    flag,
    package_prices,
    payout_methods,
    unit_gift_catalog,
)
from giftflow.presets._options import preset_options
from giftflow.presets._stores import apple_fee, card_processor_fee, google_play_fee

__all__ = [
    "facebook_stars",
    "facebook_stars_payout_policy",
    "facebook_stars_price_book",
    "instagram_gifts",
    "instagram_gifts_payout_policy",
    "instagram_gifts_price_book",
]


def facebook_stars_price_book() -> PriceBook:
    """Facebook's web Stars Store (US), where packs carry bonus Stars to avoid app-store fees.

    From ``facebook_stars_store`` (TechCrunch, 2021-12-07): 45 (+35 bonus) $0.99;
    530 (+420) $9.99; 6,400 (+3,600) $99.99. From ``facebook_stars_other``
    (voonze.com, ~2021): 145 (+90) $2.99; 310 (+180) $5.99; 1,500 (+735) $24.99;
    3,000 (+1,465) $49.99. Web fees use the *illustrative* card fee.

    >>> pack = facebook_stars_price_book().package("stars_45")
    >>> (pack.coins, pack.bonus, pack.total)
    (Coins(45), Coins(35), Coins(80))
    """
    usd = currency("USD")
    us = Storefront(
        country="US", currency=usd, tax=Tax.none(), fees={Channel.WEB: (card_processor_fee(),)}
    )
    packs = [
        ("stars_45", 45, 35, "0.99"),
        ("stars_145", 145, 90, "2.99"),
        ("stars_310", 310, 180, "5.99"),
        ("stars_530", 530, 420, "9.99"),
        ("stars_1500", 1500, 735, "24.99"),
        ("stars_3000", 3000, 1465, "49.99"),
        ("stars_6400", 6400, 3600, "99.99"),
    ]
    packages = [CoinPackage(id=i, coins=Coins(c), bonus=Coins(b)) for i, c, b, _ in packs]
    prices = package_prices("US", Channel.WEB, [(i, p) for i, _, _, p in packs], "USD")
    return PriceBook(storefronts=(us,), packages=packages, prices=prices)


def facebook_stars(
    *,
    diamond_rounding: Rounding = Rounding.DOWN,
    fees: Mapping[Channel, Iterable[Fee] | FeeSchedule] | None = None,
    prices: Iterable[PackagePrice] | None = None,
) -> Economy:
    """Facebook Stars: the web Stars Store and 1 cent per Star to the creator.

    Sources: ``facebook_stars_store``, ``facebook_stars_other`` (prices) and
    ``facebook_stars_value`` (stated). Stars are sent as a single "Stars" gift of
    one Star each, in any count.

    Args:
        diamond_rounding: How exact earnings become whole Stars (the rest is carried).
        fees: The web's fees, ``{Channel.WEB: [...]}``, replacing the *illustrative*
            card fee.
        prices: Package prices replacing the preset's, each a
            :class:`~giftflow.PackagePrice` whose window has at most a start: from
            that start on (the only price, if none) the package costs its price in
            that storefront and channel (:meth:`~giftflow.Economy.with_price`).

    Raises:
        InvalidTypeError: An argument of the wrong type.
        UnknownChannelError: A channel in ``fees`` other than the web.
        UnknownPackageError: A price in ``prices`` for a package, storefront or
            channel the preset does not sell.

    >>> facebook_stars().conversion.entries[0][1].value_per_coin.minor
    Fraction(1, 1)
    >>> from giftflow import Rounding
    >>> facebook_stars(diamond_rounding=Rounding.HALF_UP).diamond_rounding
    <Rounding.HALF_UP: 'ROUND_HALF_UP'>
    """
    economy = Economy(
        name="facebook",
        names=UnitNames(coin="Star", coins="Stars", diamond="Star", diamonds="Stars"),
        price_book=facebook_stars_price_book(),
        catalog=unit_gift_catalog("stars", "Stars"),
        conversion=FixedValue(value_per_coin=Money.parse("0.01", "USD")),
        diamond_rounding=Rounding.DOWN,
    )
    return preset_options(economy, diamond_rounding=diamond_rounding, fees=fees, prices=prices)


def facebook_stars_payout_policy(*, zone: tzinfo = UTC) -> PayoutPolicy:
    """Facebook Stars: paid about 30 days after the end of the month (Net-30).

    Net-30 is reported, quoting Facebook (``facebook_stars_net30``): "about" 30
    days. Not found: a minimum payout, methods and fees, the countries list
    (Stars need "country availability"), the zone (``zone``, UTC by default).

    >>> policy = facebook_stars_payout_policy()
    >>> policy.minimum is None, policy.schedule.net_days
    (True, 30)
    """
    return PayoutPolicy(
        name="facebook stars",
        schedule=PayoutSchedule.net(30, zone=zone),
        methods=payout_methods("standard"),
        names=UnitNames(coin="Star", coins="Stars", diamond="Star", diamonds="Stars"),
    )


def instagram_gifts_price_book(bundles: Mapping[Channel, Mapping[int, Money]]) -> PriceBook:
    """Stars for Instagram Gifts in the US, at prices the caller supplies: none is published.

    Viewers buy Stars "directly within the Instagram app" (``instagram_gifts_value``),
    so the channels are the app's: iOS, where Apple takes its 30%
    (``apple_commission``), and Google Play, 15% on Meta's first $1M of the year and
    30% above (``google_play_commission``; pass Meta's proceeds to date at checkout).
    The sources used here give no Stars price for Instagram, so ``bundles`` maps each
    channel to ``{Stars in the bundle: price in USD}``, as the caller read them.
    Packages are named ``stars_<count>``.

    >>> from giftflow import Channel, Money
    >>> # Illustrative prices: no Instagram Stars price is among the sourced numbers.
    >>> book = instagram_gifts_price_book({Channel.GOOGLE_PLAY: {100: Money.parse("3.00", "USD")}})
    >>> [str(channel) for channel in book.storefront("US").channels]
    ['google_play']

    Raises:
        InvalidTypeError: ``bundles`` is not a non-empty mapping of mappings, or a
            price is not Money.
        UnknownChannelError: A channel other than iOS or Google Play.
        InvalidValueError: A bundle of no Stars, or a price of zero.
        CurrencyMismatchError: A price not in USD.
    """
    usd = currency("USD")
    fees = {Channel.IOS: (apple_fee(usd),), Channel.GOOGLE_PLAY: (google_play_fee(usd),)}
    return bundle_price_book(bundles, unit="stars", fees=fees)


def instagram_gifts(
    price_book: PriceBook,
    *,
    catalog: Catalog | None = None,
    diamond_rounding: Rounding = Rounding.DOWN,
) -> Economy:
    """Instagram Gifts: viewers send Stars, creators earn 1 cent for every Star received.

    "$.01 USD for every star received from fans", paid monthly
    (``instagram_gifts_value``, Instagram as quoted): a
    :class:`~giftflow.FixedValue` of a cent per Star, whatever the Stars cost, so
    Meta's share moves with the bundle and channel (about 40% went to creators at the
    Stars prices of February 2023, as reported). ``price_book`` holds the bundles (see
    :func:`instagram_gifts_price_book`); ``catalog`` the gifts, priced in Stars: by
    default, as the sources give no gift's price in Stars, one "Stars" gift of one
    Star, sent in any count. Gifts of "up to $5.99 each" are reported; that is a cap
    in money on something priced in Stars, and what a Star costs is the caller's, so a
    host that enforces it adds a coin cap (:class:`~giftflow.SpendingCap`). Cash out:
    :func:`instagram_gifts_payout_policy`. ``diamond_rounding`` sets how exact earnings
    become whole Stars (down by default).

    >>> from datetime import datetime, timezone
    >>> from giftflow import Channel, Money, compare_channels
    >>> # Illustrative price: no Instagram Stars price is among the sourced numbers.
    >>> book = instagram_gifts_price_book({Channel.IOS: {100: Money.parse("3.00", "USD")}})
    >>> (ios,) = compare_channels(instagram_gifts(book), "Stars", country="US", count=100,
    ...                           at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    >>> print(ios)
    100 x Stars (100 Stars), paid by a viewer via ios
      paid                         3.0000 USD  100.0%
      store fee                    0.9000 USD   30.0%
      creator streamer: 100 Stars  1.0000 USD   33.3%
      platform                     1.1000 USD   36.7%
      creator take rate: 33.3%
    >>> from giftflow import Rounding
    >>> instagram_gifts(book, diamond_rounding=Rounding.HALF_EVEN).diamond_rounding
    <Rounding.HALF_EVEN: 'ROUND_HALF_EVEN'>

    Raises:
        InvalidTypeError: ``price_book``, ``catalog`` or ``diamond_rounding`` is of the
            wrong type.
    """
    economy = Economy(
        name="instagram gifts",
        names=UnitNames(coin="Star", coins="Stars", diamond="Star", diamonds="Stars"),
        price_book=price_book,
        catalog=unit_gift_catalog("stars", "Stars") if catalog is None else catalog,
        conversion=FixedValue(value_per_coin=Money.parse("0.01", "USD")),
        diamond_rounding=Rounding.DOWN,
    )
    return preset_options(economy, diamond_rounding=diamond_rounding, fees=None)


def instagram_gifts_payout_policy(
    *, launch_threshold: bool = False, zone: tzinfo = UTC
) -> PayoutPolicy:
    """Instagram Gifts: $25 minimum ($100 at the 2023 US launch), forfeited after 6 months.

    Reported, quoting Instagram (``instagram_gifts_payout``): cash out from $25
    (``launch_threshold=True``: $100, as at the US launch in February 2023);
    creators 18+; "if no payout account within 6 months, Meta keeps the money".
    The schedule is **not found**: this preset assumes Facebook Stars' Net-30
    (``instagram_gifts_schedule``, illustrative). Methods and fees not found.

    >>> policy = instagram_gifts_payout_policy()
    >>> policy.minimum, policy.eligibility.forfeit_after_months
    (Money.parse('25.00', 'USD'), 6)
    """
    flag("launch_threshold", launch_threshold)
    return PayoutPolicy(
        name="instagram gifts",
        schedule=PayoutSchedule.net(30, zone=zone),
        methods=payout_methods("standard"),
        minimum=Money.parse("100" if launch_threshold else "25", "USD"),
        eligibility=Eligibility(age=AgeRule(years=18), forfeit_after_months=6),
        names=UnitNames(coin="Star", coins="Stars", diamond="Star", diamonds="Stars"),
    )
