"""Ready-made configurations of real platforms, each number with its source and date.

Platforms change prices often and publish few of them; every preset is a
snapshot of what public sources reported, not an official price list. Each
number's source, date and confidence (``stated`` by the platform, ``reported``
by a third party, or ``inferred`` by arithmetic on sourced numbers) is listed
in :data:`SOURCES` and in the docstring of the function that uses it. Where no
source gives a number, the preset says so and either leaves it out or uses a
value marked *illustrative*.

>>> from datetime import datetime, timezone
>>> from giftflow import Channel, checkout
>>> book = tiktok_price_book()
>>> quote = book.quote("coins_65", country="US", channel=Channel.IOS,
...                    at=datetime(2026, 11, 24, tzinfo=timezone.utc))
>>> checkout(quote, purchase_id="p1").breakdown.net
Money.parse('0.69', 'USD')
"""

from __future__ import annotations

from datetime import UTC

import attrs

from giftflow._currency import Currency, currency
from giftflow._fees import Crossing, Fee, FeeBasis, FeeKind, Tax, TaxMode, Threshold
from giftflow._money import Money
from giftflow._pricing import Channel, CoinPackage, PackagePrice, PriceBook, Storefront
from giftflow._rate import Rate
from giftflow._rounding import Rounding
from giftflow._rules import AgeRule, CapPeriod, SpendingCap, SpendingRules
from giftflow._units import Coins

__all__ = [
    "SOURCES",
    "Source",
    "apple_fee",
    "card_processor_fee",
    "facebook_stars_price_book",
    "google_play_fee",
    "tiktok_age_rule",
    "tiktok_price_book",
    "twitch_bits_price_book",
    "youtube_supers_spending_rules",
]


@attrs.frozen(kw_only=True)
class Source:
    """Where a preset's numbers come from.

    Attributes:
        what: The numbers this source supports.
        where: The page (title and address) they were read from.
        date: The page's date as shown, or ``"n.d."``.
        confidence: ``"stated"``, ``"reported"``, ``"inferred"`` or ``"illustrative"``.
    """

    what: str
    where: str
    date: str
    confidence: str


SOURCES: dict[str, Source] = {
    "tiktok_app_ladder": Source(
        what="TikTok US app coin packages 65/330/660/16,500 coins for $0.99/$4.99/$9.99/$249.99",
        where="Sportskeeda, 'How much is Lion worth on TikTok'",
        date="n.d. (~2021)",
        confidence="reported",
    ),
    "tiktok_app_ladder_middle": Source(
        what="TikTok US app packages 1,321 = $19.99 and 6,607 = $99.99",
        where="bloc4you.com TikTok coins guide (https://bloc4you.com/?p=8857)",
        date="n.d.",
        confidence="reported",
    ),
    "tiktok_app_ladder_3300": Source(
        what="TikTok US app package 3,300 = $49.99",
        where="public GitHub code catalog commented 'official TikTok pricing'",
        date="2025-11",
        confidence="reported (low)",
    ),
    "tiktok_uk_app": Source(
        what="TikTok UK app packages 65 = GBP 0.99, 6,607 = GBP 99.99",
        where="blog.tiktokcoins.ai, 'Understanding TikTok Coins in the UK'",
        date="n.d.",
        confidence="reported",
    ),
    "tiktok_70_ladder": Source(
        what="TikTok '70-coin' ladder 70/350/700/1,400/3,500/7,000/17,500 coins "
        "for $0.99/$4.99/$9.99/$19.99/$49.99/$99.99/$249.99",
        where="backtofrontshow.com 'How much are TikTok gifts worth'; businesshab.com",
        date="n.d.",
        confidence="reported",
    ),
    "tiktok_web": Source(
        what="TikTok web recharge: 'options typically start at 70 coins for $0.74'; web is "
        "'25-30%' cheaper than the app",
        where="hiwildflower.com 'How to buy TikTok recharge coins'; appsnaptik.com (2025)",
        date="n.d. / 2025",
        confidence="reported",
    ),
    "tiktok_web_ladder": Source(
        what="TikTok web prices for 350-17,500 coins: the 70-coin ladder's prices x 0.75, "
        "rounded half-up to the cent; matches the one sourced web price (70 for $0.74)",
        where="arithmetic on the two sources above",
        date="2026-11",
        confidence="inferred",
    ),
    "tiktok_age": Source(
        what="Buying coins and sending gifts: 18+ (19+ in South Korea)",
        where="support.tiktok.com, 'Send a gift during a LIVE on TikTok'",
        date="n.d.",
        confidence="stated",
    ),
    "apple_commission": Source(
        what="Apple App Store commission 30%; Small Business Program 15% while proceeds stay "
        "within $1M in the calendar year, 30% for the rest of a year in which they exceed it",
        where="Apple newsroom, quoted by devdiscourse/sdtimes",
        date="2020-11-18",
        confidence="stated",
    ),
    "google_play_commission": Source(
        what="Google Play: 15% on the first $1M of earnings each year, 30% above (enrolled)",
        where="support.google.com/googleplay/android-developer/answer/112622",
        date="2021",
        confidence="stated",
    ),
    "card_processor": Source(
        what="A web card processor charging 2.9% + $0.30 of the gross payment",
        where="the common US card-processing price (example only; no platform publishes "
        "its processor contract)",
        date="n.d.",
        confidence="illustrative",
    ),
    "uk_vat": Source(
        what="UK VAT standard rate 20%, included in consumer prices",
        where="gov.uk, 'VAT rates'",
        date="n.d.",
        confidence="stated",
    ),
    "twitch_bits": Source(
        what="Twitch Bits (US): 100 = $1.40; 500 = $7.00; 1,500 = $19.95; 5,000 = $64.40; "
        "10,000 = $126.00; 25,000 = $308.00",
        where="Sportskeeda (2020-07-03); dviouscontent.com",
        date="2020-07-03",
        confidence="reported",
    ),
    "facebook_stars_store": Source(
        what="Facebook web Stars Store: 45 (+35 bonus) = $0.99; 530 (+420) = $9.99; "
        "6,400 (+3,600) = $99.99",
        where="TechCrunch, from the live site",
        date="2021-12-07",
        confidence="reported",
    ),
    "facebook_stars_other": Source(
        what="Other web Stars packs: 145 (+90) = $2.99; 310 (+180) = $5.99; 1,500 (+735) = "
        "$24.99; 3,000 (+1,465) = $49.99 (its 530 (+300) conflicts with TechCrunch and is "
        "left out)",
        where="voonze.com",
        date="~2021",
        confidence="reported",
    ),
    "youtube_supers_caps": Source(
        what="Super Chat and Super Stickers purchases up to $500 per day or $2,000 per week",
        where="support.google.com/youtube/answer/9178363",
        date="n.d.",
        confidence="stated",
    ),
}

_UTC = UTC


def apple_fee(currency: Currency, *, small_business: bool = False) -> Fee:
    """Apple's App Store commission on the price net of tax (source: ``apple_commission``).

    Standard: 30%. Small Business Program: 15% while the developer's proceeds in the
    calendar year stay within $1,000,000 (a purchase that crosses it, and the rest
    of that year, pay 30%); the threshold is in USD, so the small-business fee
    only exists for USD storefronts here.

    >>> from giftflow import currency
    >>> apple_fee(currency("USD")).rate
    Rate.parse('0.3')
    >>> apple_fee(currency("USD"), small_business=True).threshold.crossing
    <Crossing.WHOLE_PURCHASE: 'whole_purchase'>
    """
    if not small_business:
        return Fee(
            name="apple",
            kind=FeeKind.STORE,
            basis=FeeBasis.NET_OF_TAX,
            rounding=Rounding.HALF_UP,
            rate=Rate.parse("30%"),
        )
    return Fee(
        name="apple small business",
        kind=FeeKind.STORE,
        basis=FeeBasis.NET_OF_TAX,
        rounding=Rounding.HALF_UP,
        rate=Rate.parse("15%"),
        threshold=Threshold(
            limit=Money.parse("1000000", _usd_only(currency)),
            rate_above=Rate.parse("30%"),
            crossing=Crossing.WHOLE_PURCHASE,
        ),
    )


def google_play_fee(currency: Currency) -> Fee:
    """Google Play's service fee for an enrolled developer (source: ``google_play_commission``).

    15% on the first $1,000,000 of earnings each calendar year, 30% above; a
    purchase that crosses the threshold is split between the two rates.

    >>> from giftflow import currency
    >>> google_play_fee(currency("USD")).threshold.crossing
    <Crossing.SPLIT: 'split'>
    """
    return Fee(
        name="google play",
        kind=FeeKind.STORE,
        basis=FeeBasis.NET_OF_TAX,
        rounding=Rounding.HALF_UP,
        rate=Rate.parse("15%"),
        threshold=Threshold(
            limit=Money.parse("1000000", _usd_only(currency)),
            rate_above=Rate.parse("30%"),
            crossing=Crossing.SPLIT,
        ),
    )


def card_processor_fee() -> Fee:
    """An *illustrative* web card processor fee: 2.9% of the gross plus $0.30 (``card_processor``).

    >>> card_processor_fee().charge(Money.parse("0.74", "USD")).amount
    Money.parse('0.32', 'USD')
    """
    return Fee(
        name="card",
        kind=FeeKind.PROCESSOR,
        basis=FeeBasis.GROSS,
        rounding=Rounding.HALF_UP,
        rate=Rate.parse("2.9%"),
        fixed=Money.parse("0.30", "USD"),
    )


def _usd_only(value: Currency) -> Currency:
    usd = currency("USD")
    if value != usd:
        from giftflow._errors import InvalidValueError

        raise InvalidValueError(
            "currency",
            value,
            "has no published threshold (the stores state it in USD)",
            "use the standard 30% fee, or build a Fee with your own Threshold",
        )
    return usd


def _ladder(
    country: str, channel: Channel, prices: list[tuple[str, str]], currency_code: str
) -> list[PackagePrice]:
    return [
        PackagePrice(
            package=package,
            country=country,
            channel=channel,
            price=Money.parse(price, currency_code),
        )
        for package, price in prices
    ]


_TIKTOK_APP = [
    ("coins_65", "0.99"),  # tiktok_app_ladder
    ("coins_330", "4.99"),  # tiktok_app_ladder
    ("coins_660", "9.99"),  # tiktok_app_ladder
    ("coins_1321", "19.99"),  # tiktok_app_ladder_middle
    ("coins_3300", "49.99"),  # tiktok_app_ladder_3300
    ("coins_6607", "99.99"),  # tiktok_app_ladder_middle
    ("coins_16500", "249.99"),  # tiktok_app_ladder
]
_TIKTOK_WEB = [
    ("coins_70", "0.74"),  # tiktok_web (sourced)
    ("coins_350", "3.74"),  # tiktok_web_ladder: 4.99 x 0.75 = 3.7425
    ("coins_700", "7.49"),  # 9.99 x 0.75 = 7.4925
    ("coins_1400", "14.99"),  # 19.99 x 0.75 = 14.9925
    ("coins_3500", "37.49"),  # 49.99 x 0.75 = 37.4925
    ("coins_7000", "74.99"),  # 99.99 x 0.75 = 74.9925
    ("coins_17500", "187.49"),  # 249.99 x 0.75 = 187.4925
]


def tiktok_price_book() -> PriceBook:
    """TikTok's coin packages in the US and the UK, on iOS, Google Play and the web.

    ==============  ============================  ==================================
    Channel         Packages                      Source (see :data:`SOURCES`)
    ==============  ============================  ==================================
    iOS, Google     65 / 330 / 660 / 1,321 /      ``tiktok_app_ladder``,
    Play (US)       3,300 / 6,607 / 16,500 coins  ``tiktok_app_ladder_middle``,
                    for $0.99 ... $249.99         ``tiktok_app_ladder_3300`` (reported)
    web (US)        70 coins $0.74; 350 ...       ``tiktok_web`` (reported),
                    17,500 coins $3.74 ...        ``tiktok_web_ladder`` (inferred)
                    $187.49
    iOS (UK)        65 coins GBP 0.99, 6,607      ``tiktok_uk_app`` (reported)
                    coins GBP 99.99
    ==============  ============================  ==================================

    Sources report the 65-coin ladder as the app price without saying which
    store, so it is used for both iOS and Google Play. Fees: Apple 30% and
    Google Play's tiered 15%/30% (TikTok is far above both stores' $1M
    thresholds, so pass its real proceeds), and an *illustrative* card fee on
    the web. US sales tax on digital goods varies by state and is not modelled
    (``Tax.none()``); UK prices include 20% VAT (``uk_vat``).

    >>> book = tiktok_price_book()
    >>> [p.coins.amount for p in book.packages][:4]
    [65, 330, 660, 1321]
    """
    usd, gbp = currency("USD"), currency("GBP")
    us = Storefront(
        country="US",
        currency=usd,
        tax=Tax.none(),
        fees={
            Channel.IOS: (apple_fee(usd),),
            Channel.GOOGLE_PLAY: (google_play_fee(usd),),
            Channel.WEB: (card_processor_fee(),),
        },
    )
    uk = Storefront(
        country="GB",
        currency=gbp,
        tax=Tax(rate=Rate.parse("20%"), mode=TaxMode.INCLUDED, rounding=Rounding.HALF_UP),
        fees={Channel.IOS: (apple_fee(gbp),)},
    )
    packages = [
        CoinPackage(id=package, coins=Coins(int(package.removeprefix("coins_"))))
        for package, _ in _TIKTOK_APP + _TIKTOK_WEB
    ]
    prices = (
        _ladder("US", Channel.IOS, _TIKTOK_APP, "USD")
        + _ladder("US", Channel.GOOGLE_PLAY, _TIKTOK_APP, "USD")
        + _ladder("US", Channel.WEB, _TIKTOK_WEB, "USD")
        + _ladder("GB", Channel.IOS, [("coins_65", "0.99"), ("coins_6607", "99.99")], "GBP")
    )
    return PriceBook(storefronts=(us, uk), packages=packages, prices=prices)


def twitch_bits_price_book() -> PriceBook:
    """Twitch Bits packages bought on the web in the US (source: ``twitch_bits``, 2020).

    100 Bits = $1.40; 500 = $7.00; 1,500 = $19.95; 5,000 = $64.40; 10,000 =
    $126.00; 25,000 = $308.00. iOS Bits prices are reported to be higher but no
    source gives them, so iOS is not offered. Twitch does not publish its payment
    processing costs; none are modelled, so the platform's net equals the price.

    >>> [p.coins.amount for p in twitch_bits_price_book().packages]
    [100, 500, 1500, 5000, 10000, 25000]
    """
    usd = currency("USD")
    us = Storefront(country="US", currency=usd, tax=Tax.none(), fees={Channel.WEB: ()})
    ladder = [
        ("bits_100", "1.40"),
        ("bits_500", "7.00"),
        ("bits_1500", "19.95"),
        ("bits_5000", "64.40"),
        ("bits_10000", "126.00"),
        ("bits_25000", "308.00"),
    ]
    packages = [
        CoinPackage(id=package, coins=Coins(int(package.removeprefix("bits_"))))
        for package, _ in ladder
    ]
    return PriceBook(
        storefronts=(us,), packages=packages, prices=_ladder("US", Channel.WEB, ladder, "USD")
    )


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
    prices = _ladder("US", Channel.WEB, [(i, p) for i, _, _, p in packs], "USD")
    return PriceBook(storefronts=(us,), packages=packages, prices=prices)


def tiktok_age_rule() -> AgeRule:
    """18+ to buy coins or send gifts, 19+ in South Korea (source: ``tiktok_age``).

    >>> tiktok_age_rule().minimum_for("KR")
    19
    """
    return AgeRule(years=18, by_country={"KR": 19})


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
                zone=_UTC,
            ),
            SpendingCap(
                name="supers per week",
                limit=Money.parse("2000", "USD"),
                period=CapPeriod.ROLLING_WEEK,
                zone=_UTC,
            ),
        )
    )
