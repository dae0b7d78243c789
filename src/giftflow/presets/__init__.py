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

from datetime import UTC, datetime, timedelta, tzinfo

import attrs

from giftflow._cash_out._policy import (
    Eligibility,
    PayoutCap,
    PayoutMethod,
    PayoutPolicy,
    WithdrawalLimit,
)
from giftflow._cash_out._schedule import PayoutSchedule
from giftflow._coins_in._fees import Crossing, Fee, FeeBasis, FeeKind, Tax, TaxMode, Threshold
from giftflow._coins_in._pricing import (
    Channel,
    CoinPackage,
    CustomAmount,
    PackagePrice,
    PriceBook,
    Storefront,
)
from giftflow._coins_in._rules import AgeRule, CapPeriod, SpendingCap, SpendingRules
from giftflow._coins_in._wallet import SpendPolicy
from giftflow._coins_out._catalog import Catalog, CatalogVersion, Gift, StreakKind
from giftflow._coins_out._conversion import (
    DiamondRatio,
    FixedValue,
    Mission,
    PolicySchedule,
    RevenueShare,
    RewardSchedule,
)
from giftflow._coins_out._economy import Economy
from giftflow._values._currency import Currency, currency
from giftflow._values._errors import InvalidValueError
from giftflow._values._money import ExactMoney, Money
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding
from giftflow._values._time import Window
from giftflow._values._units import Coins, Diamonds, UnitNames

__all__ = [
    "SOURCES",
    "Source",
    "apple_fee",
    "bigo",
    "bigo_payout_policy",
    "card_processor_fee",
    "facebook_stars",
    "facebook_stars_payout_policy",
    "facebook_stars_price_book",
    "google_play_fee",
    "instagram_gifts_payout_policy",
    "tiktok",
    "tiktok_age_rule",
    "tiktok_catalog",
    "tiktok_net_share",
    "tiktok_payout_policy",
    "tiktok_price_book",
    "tiktok_scaled_rewards_2025",
    "twitch_bits",
    "twitch_bits_price_book",
    "twitch_payout_policy",
    "youtube",
    "youtube_supers",
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
    "tiktok_gifts": Source(
        what="TikTok gift prices in coins: Rose 1 (id 5655), TikTok 1, Finger Heart 5 "
        "(conflicting: one chart says 25), Rosa 10, Perfume 20, Doughnut 30, Hat and "
        "Mustache 99, Paper Crane 99, Swan 699, Lion 29,999",
        where="calculatecreator guides; streamtoearn-sourced code catalog (Nov 2025); "
        "Sportskeeda; webcast test fixtures",
        date="2021-2025",
        confidence="reported",
    ),
    "tiktok_universe": Source(
        what="TikTok Universe 34,999 coins in older sources, 44,999 now; the date of the "
        "change is not published, so the catalog switches on 2025-11-01 (illustrative "
        "boundary, the month of the newest list)",
        where="yandex summary of TikTok's guide; streamtoearn list (Nov 2025)",
        date="2025-11",
        confidence="reported (boundary illustrative)",
    ),
    "tiktok_diamonds": Source(
        what="One diamond per coin of gift price; a diamond worth about $0.005",
        where="streampace.io glossary; Live Success newsletter; calculatecreator.com",
        date="2025",
        confidence="reported",
    ),
    "tiktok_share": Source(
        what="Creators get up to 50% of virtual-item revenue after app-store, processor "
        "and other deductions; agencies are paid from TikTok's portion",
        where="Business Insider, quoting a TikTok spokesperson",
        date="2023-09-13",
        confidence="stated",
    ),
    "tiktok_scaled_rewards": Source(
        what="US Scaled LIVE rewards from 2025-02-10: up to 53% (40% per-LIVE missions, "
        "13% weekly). Third-party reading: under 5 min 20%, 38% above 25 min, +2% for 5+ "
        "new followers, weekly +6% (one 25+ min LIVE) or +8% (two or more), violations "
        "cut up to 20%",
        where="TikTok Creator Academy 'Scaled LIVE rewards' (stated); Live Success newsletter "
        "(reported breakdown)",
        date="2025-02",
        confidence="stated (caps) / reported (steps)",
    ),
    "twitch_cheer": Source(
        what="Streamers earn $0.01 per Bit cheered; Cheermote tiers 1, 100, 500, 1000, 5000, "
        "10000, 100000 Bits",
        where="Twitch monetization text quoted at bossbabenation.co; Helix Get Cheermotes schema",
        date="n.d.",
        confidence="stated (quoted)",
    ),
    "youtube_supers": Source(
        what="Creators get 70% of Supers revenue after local sales tax and iOS App Store fees; "
        "YouTube covers card fees; Super Chat $1-$500",
        where="support.google.com/youtube/answer/7288782; slashgear.com (range)",
        date="n.d.",
        confidence="stated (share) / reported (range)",
    ),
    "facebook_stars_value": Source(
        what="'For every Star you receive from a fan, you earn 1 cent from Meta'",
        where="creators.facebook.com/tools/stars",
        date="n.d.",
        confidence="stated",
    ),
    "bigo": Source(
        what="Viewers buy Diamonds, streamers get Beans; 100 Diamonds $1.96, 1,000 $19.61, "
        "10,000 $196.06; 1,000 Diamonds = 500 Beans (another source says 1:1); 210 Beans = $1",
        where="blog.bigo.tv (currencies, stated); bittopup.com (numbers, a reseller)",
        date="2025-12",
        confidence="stated (model) / reported, low (numbers)",
    ),
    "tango_battle": Source(
        what="Battle winner gets +8% on all diamonds received during the battle",
        where="help.tango.me/en/articles/4874027-competition-broadcasts",
        date="n.d.",
        confidence="stated",
    ),
    "youtube_supers_caps": Source(
        what="Super Chat and Super Stickers purchases up to $500 per day or $2,000 per week",
        where="support.google.com/youtube/answer/9178363",
        date="n.d.",
        confidence="stated",
    ),
    "tiktok_payout_methods": Source(
        what="TikTok pays out by bank account or PayPal and charges no cash-out fee; PayPal or "
        "banks may charge their own (amounts not given)",
        where="support.tiktok.com/en/live-gifts-wallet/wallet",
        date="n.d.",
        confidence="stated",
    ),
    "tiktok_payout_cap": Source(
        what="TikTok withdrawals: at most $1,000 per calendar day (time zone not stated)",
        where="support.tiktok.com/en/live-gifts-wallet/wallet; "
        "support.tiktok.com/knowledge-base/withdrawal-instructions",
        date="n.d. / 2019-02-19",
        confidence="stated",
    ),
    "tiktok_payout_minimum": Source(
        what="TikTok minimum withdrawal 2,000 diamonds ($10); TikTok's current page says only "
        "'certain thresholds'",
        where="followchain.org",
        date="n.d.",
        confidence="reported",
    ),
    "tiktok_payout_minimum_2019": Source(
        what="TikTok minimum withdrawal US$100",
        where="support.tiktok.com/knowledge-base/withdrawal-instructions",
        date="2019-02-19",
        confidence="stated (old)",
    ),
    "tiktok_payout_processing": Source(
        what="Each TikTok withdrawal is reviewed and processed within 15 calendar days; PayPal "
        "or banks may hold it longer (2019: 'a further 21 days')",
        where="support.tiktok.com (wallet page; 2019 withdrawal instructions)",
        date="n.d. / 2019",
        confidence="stated",
    ),
    "tiktok_payout_eligibility": Source(
        what="To collect Diamonds: 18+ (or the local age of majority), in a country where "
        "Diamonds are available, account in good standing",
        where="support.tiktok.com/en/business-and-creator/video-gifts-on-tiktok/diamonds",
        date="n.d.",
        confidence="stated",
    ),
    "twitch_payout_threshold": Source(
        what="Twitch payout threshold $50 (rolled out from 2022-07-15); $100 by wire transfer",
        where="Tubefilter (2022-07-13); Twitch Support tweet via trexgamestudio.com",
        date="2022-07-13",
        confidence="stated",
    ),
    "twitch_payout_net15": Source(
        what="Twitch pays Net-15 (15 days after the end of the month) since 2019, Net-45 before",
        where="streamersquare.com",
        date="2019-04-18",
        confidence="reported",
    ),
    "facebook_stars_net30": Source(
        what="Facebook Stars are paid about 30 days after the end of the month they were "
        "received in ('Net30')",
        where="creator.org, quoting Facebook",
        date="2020-09",
        confidence="reported (quoting official)",
    ),
    "instagram_gifts_payout": Source(
        what="Instagram Gifts: cash out from $100 at the US launch (Feb 2023), later $25; no "
        "payout account within 6 months and Meta keeps the money; creators 18+ with 5,000+ "
        "followers",
        where="socialnationnow (Social Media Today reprint of the Instagram blog); MediaPost",
        date="2023",
        confidence="reported (quoting official)",
    ),
    "instagram_gifts_schedule": Source(
        what="Instagram Gifts payout schedule assumed Net-30 like Facebook Stars (no source "
        "gives Instagram's)",
        where="assumption, see facebook_stars_net30",
        date="2026-11",
        confidence="illustrative",
    ),
    "bigo_withdrawal": Source(
        what="Bigo withdrawals: minimum 6,700 Beans ($31.90), maximum 1,050,000 Beans per week "
        "($5,000), one withdrawal per 7 days, new Beans held 48 hours",
        where="bittopup.com (a top-up reseller)",
        date="2025/26",
        confidence="reported (low)",
    ),
    "payout_not_found": Source(
        what="Not found in any stored source, so left out of the payout presets: PayPal, bank "
        "and wire fees of every platform; tax withholding rates; Twitch, Facebook, Instagram "
        "and Bigo payout methods, processing times and (except Instagram) age rules; country "
        "lists; the time zones of 'calendar day' and 'month end'",
        where="domain facts (November 2026), sections 1d, 2, 4 and 5",
        date="2026-11",
        confidence="not found",
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

    >>> from giftflow import Money
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


_UNIVERSE_CHANGE = datetime(2025, 11, 1, tzinfo=_UTC)  # illustrative: see tiktok_universe


def tiktok_catalog() -> Catalog:
    """TikTok gifts with reported coin prices (``tiktok_gifts``, ``tiktok_universe``).

    Two versions: until 2025-11-01 the TikTok Universe costs 34,999 coins, from
    then on 44,999 (the real change date is not published; the boundary is
    illustrative). Small gifts streak; large ones do not.

    >>> from datetime import datetime, timezone
    >>> catalog = tiktok_catalog()
    >>> catalog.gift("Lion", country="US", at=datetime(2026, 11, 24, tzinfo=timezone.utc)).price
    Coins(29999)
    """
    streak = StreakKind.STREAKABLE
    common = (
        Gift(id="5655", name="Rose", price=Coins(1), streak=streak),
        Gift(id="tiktok", name="TikTok", price=Coins(1), streak=streak),
        Gift(id="finger_heart", name="Finger Heart", price=Coins(5), streak=streak),
        Gift(id="rosa", name="Rosa", price=Coins(10), streak=streak),
        Gift(id="perfume", name="Perfume", price=Coins(20), streak=streak),
        Gift(id="doughnut", name="Doughnut", price=Coins(30), streak=streak),
        Gift(id="hat_and_mustache", name="Hat and Mustache", price=Coins(99), streak=streak),
        Gift(id="paper_crane", name="Paper Crane", price=Coins(99), streak=streak),
        Gift(id="swan", name="Swan", price=Coins(699), category="premium"),
        Gift(id="lion", name="Lion", price=Coins(29_999), category="luxury"),
    )

    def universe(price: int) -> Gift:
        return Gift(id="universe", name="TikTok Universe", price=Coins(price), category="luxury")

    return Catalog(
        versions=(
            CatalogVersion(
                version="before-2025-11",
                gifts=(*common, universe(34_999)),
                window=Window(end=_UNIVERSE_CHANGE),
            ),
            CatalogVersion(
                version="2025-11",
                gifts=(*common, universe(44_999)),
                window=Window(start=_UNIVERSE_CHANGE),
            ),
        )
    )


def tiktok() -> Economy:
    """TikTok LIVE as reported: the price book, the catalog, 1 diamond per coin at $0.005.

    Conversion is :class:`~giftflow.DiamondRatio` (``tiktok_diamonds``, reported):
    every coin spent gives one diamond worth $0.005, whatever the viewer paid, so
    the creator's effective share depends on the channel. TikTok itself describes
    "up to 50%" of net revenue (``tiktok_share``); :func:`tiktok_net_share` gives
    that policy. Diamonds are issued whole, rounding down, the remainder carried.

    >>> economy = tiktok()
    >>> economy.conversion.entries[0][1].diamond_value
    ExactMoney(minor=Fraction(1, 2), currency=currency('USD'))
    """
    return Economy(
        name="tiktok",
        names=UnitNames(),
        price_book=tiktok_price_book(),
        catalog=tiktok_catalog(),
        conversion=DiamondRatio(
            diamonds_per_coin=Rate.ONE, diamond_value=ExactMoney.parse("0.005", "USD")
        ),
        diamond_rounding=Rounding.DOWN,
        spend_policy=SpendPolicy.FIFO,
    )


def tiktok_net_share() -> RevenueShare:
    """TikTok's own description: up to 50% of net revenue (``tiktok_share``, stated).

    Diamonds are valued at the reported $0.005, so a coin that brought TikTok
    more than a cent of net revenue earns more than one diamond.

    >>> tiktok_net_share().share
    Rate.parse('0.5')
    """
    return RevenueShare(share=Rate.parse("50%"), diamond_value=ExactMoney.parse("0.005", "USD"))


def tiktok_scaled_rewards_2025() -> PolicySchedule:
    """The US Scaled LIVE rewards as a metric-dependent share, from 2025-02-10.

    Before: 50% of net revenue (``tiktok_share``). From 2025-02-10, the share is
    computed from the creator's metrics, read from ``tiktok_scaled_rewards``
    (caps stated by TikTok, steps reported by a newsletter): base 20%, +18% for a
    LIVE of 25+ minutes (``live_minutes``), +2% for 5+ ``new_followers``, +6% for
    one and +2% more for two 25-minute LIVEs in the week (``weekly_long_lives``),
    -20% with any ``violations``; capped at 53%. How TikTok combines the steps
    exactly is not published; this is one reading of the reported numbers.

    >>> from datetime import datetime, timezone
    >>> policy = tiktok_scaled_rewards_2025().at(datetime(2026, 1, 1, tzinfo=timezone.utc))
    >>> policy.rate({"live_minutes": 30, "new_followers": 7, "weekly_long_lives": 2})
    Rate.parse('0.48')
    """
    value = ExactMoney.parse("0.005", "USD")
    missions = (
        Mission(
            name="LIVE 25+ minutes", metric="live_minutes", at_least=25, bonus=Rate.parse("18%")
        ),
        Mission(
            name="5+ new followers", metric="new_followers", at_least=5, bonus=Rate.parse("2%")
        ),
        Mission(
            name="weekly one long LIVE",
            metric="weekly_long_lives",
            at_least=1,
            bonus=Rate.parse("6%"),
        ),
        Mission(
            name="weekly two long LIVEs",
            metric="weekly_long_lives",
            at_least=2,
            bonus=Rate.parse("2%"),
        ),
        Mission(
            name="violations",
            metric="violations",
            at_least=1,
            bonus=Rate.parse("20%"),
            penalty=True,
        ),
    )
    scaled = RewardSchedule(base=Rate.parse("20%"), cap=Rate.parse("53%"), missions=missions)
    return PolicySchedule(
        (
            (None, RevenueShare(share=Rate.parse("50%"), diamond_value=value)),
            (datetime(2025, 2, 10, tzinfo=_UTC), RevenueShare(share=scaled, diamond_value=value)),
        )
    )


def twitch_bits() -> Economy:
    """Twitch Bits: bought on the web (``twitch_bits``), cheered at $0.01 per Bit (``twitch_cheer``).

    Cheers are gifts named after the Cheermote tiers (Cheer1 ... Cheer100000)
    priced in Bits; the streamer's unit is also called a Bit.

    >>> economy = twitch_bits()
    >>> [g.name for g in economy.catalog.versions[0].gifts][:3]
    ['Cheer1', 'Cheer100', 'Cheer500']
    """
    tiers = (1, 100, 500, 1000, 5000, 10_000, 100_000)
    gifts = tuple(Gift(id=f"cheer{t}", name=f"Cheer{t}", price=Coins(t)) for t in tiers)
    return Economy(
        name="twitch",
        names=UnitNames(coin="Bit", coins="Bits", diamond="Bit", diamonds="Bits"),
        price_book=twitch_bits_price_book(),
        catalog=Catalog(versions=(CatalogVersion(version="cheermotes", gifts=gifts),)),
        conversion=FixedValue(value_per_coin=Money.parse("0.01", "USD")),
        diamond_rounding=Rounding.DOWN,
    )


def facebook_stars() -> Economy:
    """Facebook Stars: the web Stars Store and 1 cent per Star to the creator.

    Sources: ``facebook_stars_store``, ``facebook_stars_other`` (prices) and
    ``facebook_stars_value`` (stated). Stars are sent as a single "Stars" gift of
    one Star each, in any count.

    >>> facebook_stars().conversion.entries[0][1].value_per_coin.minor
    Fraction(1, 1)
    """
    return Economy(
        name="facebook",
        names=UnitNames(coin="Star", coins="Stars", diamond="Star", diamonds="Stars"),
        price_book=facebook_stars_price_book(),
        catalog=Catalog(
            versions=(
                CatalogVersion(
                    version="stars",
                    gifts=(
                        Gift(
                            id="stars", name="Stars", price=Coins(1), streak=StreakKind.STREAKABLE
                        ),
                    ),
                ),
            )
        ),
        conversion=FixedValue(value_per_coin=Money.parse("0.01", "USD")),
        diamond_rounding=Rounding.DOWN,
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


def bigo() -> Economy:
    """Bigo Live: viewers buy Diamonds, streamers receive Beans (``bigo``; low-confidence numbers).

    Diamonds (the coins here) cost $1.96 per 100, $19.61 per 1,000 and $196.06
    per 10,000 on the web; 1,000 Diamonds give 500 Beans (another source says 1:1);
    210 Beans are worth $1. A single "Diamonds" gift is sent in any count. Battles
    use Tango's reported +8% bonus (``tango_battle``) as an example of the feature.

    >>> from giftflow import Coins
    >>> bigo().names.show(Coins(100))
    '100 Diamonds'
    """
    usd = currency("USD")
    us = Storefront(
        country="US", currency=usd, tax=Tax.none(), fees={Channel.WEB: (card_processor_fee(),)}
    )
    ladder = [("diamonds_100", "1.96"), ("diamonds_1000", "19.61"), ("diamonds_10000", "196.06")]
    packages = [
        CoinPackage(id=package, coins=Coins(int(package.removeprefix("diamonds_"))))
        for package, _ in ladder
    ]
    book = PriceBook(
        storefronts=(us,), packages=packages, prices=_ladder("US", Channel.WEB, ladder, "USD")
    )
    return Economy(
        name="bigo",
        names=UnitNames(coin="Diamond", coins="Diamonds", diamond="Bean", diamonds="Beans"),
        price_book=book,
        catalog=Catalog(
            versions=(
                CatalogVersion(
                    version="diamonds",
                    gifts=(
                        Gift(
                            id="diamonds",
                            name="Diamonds",
                            price=Coins(1),
                            streak=StreakKind.STREAKABLE,
                        ),
                    ),
                ),
            )
        ),
        conversion=DiamondRatio(
            diamonds_per_coin=Rate.parse("1/2"), diamond_value=ExactMoney.parse("1/210", "USD")
        ),
        diamond_rounding=Rounding.DOWN,
        battle_bonus=Rate.parse("8%"),
    )


# -- payouts (cash out) ---------------------------------------------------------------------
#
# Payout policies: minimums, caps, schedules, methods and eligibility as reported. Where
# no source gives a number (most payout fees, every withholding rate, several methods and
# age limits), the preset leaves it out and the docstring says so; SOURCES lists what is
# missing under "payout_not_found".


def _payout_methods(*names: str) -> tuple[PayoutMethod, ...]:
    return tuple(PayoutMethod(name=name) for name in names)


def tiktok_payout_policy(*, minimum_2019: bool = False, zone: tzinfo = UTC) -> PayoutPolicy:
    """TikTok LIVE cash out: on demand, up to $1,000 a day, arriving within 15 days.

    ==========================  ================================================  =========
    minimum                     $10 (2,000 diamonds at $0.005), third parties;    reported
                                ``minimum_2019=True``: US$100 (2019 help page)    stated (old)
    daily cap                   $1,000 per calendar day                           stated
    processing                  within 15 calendar days of the request            stated
    methods                     bank account, PayPal; TikTok charges no fee       stated
    eligibility                 18+, account in good standing, payout account     stated
    ==========================  ================================================  =========

    Not found: the fees PayPal and banks charge (TikTok says they "may"), how much
    longer they may hold the money (the 2019 page said "a further 21 days"), the
    list of countries and the time zone of TikTok's "calendar day" (``zone``,
    UTC by default). Sources: ``tiktok_payout_minimum``, ``tiktok_payout_minimum_2019``,
    ``tiktok_payout_cap``, ``tiktok_payout_processing``, ``tiktok_payout_methods``,
    ``tiktok_payout_eligibility``.

    >>> policy = tiktok_payout_policy()
    >>> policy.minimum, policy.caps[0].limit, policy.schedule.processing_days
    (Money.parse('10.00', 'USD'), Money.parse('1000.00', 'USD'), 15)
    >>> tiktok_payout_policy(minimum_2019=True).minimum
    Money.parse('100.00', 'USD')
    """
    return PayoutPolicy(
        name="tiktok",
        schedule=PayoutSchedule.on_demand(zone=zone, processing_days=15),
        methods=_payout_methods("bank", "paypal"),
        minimum=Money.parse("100" if minimum_2019 else "10", "USD"),
        caps=(PayoutCap(limit=Money.parse("1000", "USD"), period=CapPeriod.CALENDAR_DAY),),
        eligibility=Eligibility(age=AgeRule(years=18)),
    )


def twitch_payout_policy(*, zone: tzinfo = UTC) -> PayoutPolicy:
    """Twitch: Net-15 after the month ends, $50 minimum ($100 by wire transfer).

    The $50 threshold (from 2022-07-15) and $100 by wire are stated
    (``twitch_payout_threshold``); Net-15 is reported (``twitch_payout_net15``).
    Not found: the other methods' names (here ``"standard"``), any payout fee, age
    and country rules, and the zone Twitch's months end in (``zone``, UTC by
    default).

    >>> policy = twitch_payout_policy()
    >>> policy.method("wire").minimum, policy.schedule.describe()
    (Money.parse('100.00', 'USD'), 'Net-15 after the end of the earning month at 00:00 UTC')
    """
    return PayoutPolicy(
        name="twitch",
        schedule=PayoutSchedule.net(15, zone=zone),
        methods=(
            PayoutMethod(name="standard"),
            PayoutMethod(name="wire", minimum=Money.parse("100", "USD")),
        ),
        minimum=Money.parse("50", "USD"),
        names=UnitNames(coin="Bit", coins="Bits", diamond="Bit", diamonds="Bits"),
    )


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
        methods=_payout_methods("standard"),
        names=UnitNames(coin="Star", coins="Stars", diamond="Star", diamonds="Stars"),
    )


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
    return PayoutPolicy(
        name="instagram gifts",
        schedule=PayoutSchedule.net(30, zone=zone),
        methods=_payout_methods("standard"),
        minimum=Money.parse("100" if launch_threshold else "25", "USD"),
        eligibility=Eligibility(age=AgeRule(years=18), forfeit_after_months=6),
        names=UnitNames(coin="Star", coins="Stars", diamond="Star", diamonds="Stars"),
    )


def bigo_payout_policy(*, zone: tzinfo = UTC) -> PayoutPolicy:
    """Bigo Live: Beans on demand, 6,700 to 1,050,000 a week, once per 7 days, 48-hour hold.

    All from one reseller (``bigo_withdrawal``, reported, low confidence): minimum
    6,700 Beans ($31.90), maximum 1,050,000 Beans per week ($5,000), one
    withdrawal per 7 days, new Beans held 48 hours. "Per week" is read as the 7
    days before each withdrawal, consistent with "one per 7 days". Not found:
    methods, fees, processing time, age and country rules.

    >>> policy = bigo_payout_policy()
    >>> policy.minimum, policy.caps[0].limit, policy.hold
    (Diamonds(6700), Diamonds(1050000), datetime.timedelta(days=2))
    """
    return PayoutPolicy(
        name="bigo",
        schedule=PayoutSchedule.on_demand(zone=zone),
        methods=_payout_methods("standard"),
        minimum=Diamonds(6_700),
        caps=(PayoutCap(limit=Diamonds(1_050_000), period=CapPeriod.ROLLING_WEEK),),
        withdrawals=WithdrawalLimit(count=1, period=CapPeriod.ROLLING_WEEK),
        hold=timedelta(hours=48),
        names=UnitNames(coin="Diamond", coins="Diamonds", diamond="Bean", diamonds="Beans"),
    )
