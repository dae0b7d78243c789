"""TikTok LIVE: coin packages, gifts, diamonds, creator shares and cash out (private)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, tzinfo

from giftflow import (
    AgeRule,
    CapPeriod,
    Catalog,
    CatalogVersion,
    Channel,
    CoinPackage,
    Coins,
    DiamondRatio,
    Economy,
    Eligibility,
    ExactMoney,
    Fee,
    FeeSchedule,
    Gift,
    Mission,
    Money,
    PackagePrice,
    PayoutCap,
    PayoutPolicy,
    PayoutSchedule,
    PolicySchedule,
    PriceBook,
    Rate,
    RevenueShare,
    RewardSchedule,
    Rounding,
    SpendingRules,
    SpendPolicy,
    Storefront,
    StreakKind,
    Tax,
    TaxMode,
    UnitNames,
    Window,
    currency,
)
from giftflow.presets._common import flag, package_prices, payout_methods
from giftflow.presets._options import preset_options
from giftflow.presets._stores import apple_fee, card_processor_fee, google_play_fee

__all__ = [
    "tiktok",
    "tiktok_age_rule",
    "tiktok_catalog",
    "tiktok_net_share",
    "tiktok_payout_policy",
    "tiktok_price_book",
    "tiktok_scaled_rewards_2025",
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
        package_prices("US", Channel.IOS, _TIKTOK_APP, "USD")
        + package_prices("US", Channel.GOOGLE_PLAY, _TIKTOK_APP, "USD")
        + package_prices("US", Channel.WEB, _TIKTOK_WEB, "USD")
        + package_prices("GB", Channel.IOS, [("coins_65", "0.99"), ("coins_6607", "99.99")], "GBP")
    )
    return PriceBook(storefronts=(us, uk), packages=packages, prices=prices)


def tiktok_age_rule() -> AgeRule:
    """18+ to buy coins or send gifts, 19+ in South Korea (source: ``tiktok_age``).

    The 18 goes back to December 2019, when TikTok said it would "only allow those
    aged 18 and over to purchase, send, or receive virtual gifts" (BBC,
    ``tiktok_gift_age_2019``, stated); the 19 in South Korea is from TikTok's
    current help page (``tiktok_age``, n.d., stated). Receiving is the creators'
    side: see :func:`tiktok_payout_policy`'s eligibility.

    >>> tiktok_age_rule().minimum_for("KR")
    19
    """
    return AgeRule(years=18, by_country={"KR": 19})


_UNIVERSE_CHANGE = datetime(2025, 11, 1, tzinfo=UTC)  # illustrative: see tiktok_universe


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


def tiktok(
    *,
    diamond_rounding: Rounding = Rounding.DOWN,
    small_business: bool = False,
    dated_store_fees: bool = False,
    fees: Mapping[Channel, Iterable[Fee] | FeeSchedule] | None = None,
    countries: Iterable[str] | None = None,
    channels: Iterable[Channel] | None = None,
    prices: Iterable[PackagePrice] | None = None,
) -> Economy:
    """TikTok LIVE as reported: the price book, the catalog, 1 diamond per coin at $0.005.

    Conversion is :class:`~giftflow.DiamondRatio` (``tiktok_diamonds``, reported):
    every coin spent gives one diamond worth $0.005, whatever the viewer paid, so
    the creator's effective share depends on the channel. TikTok itself describes
    "up to 50%" of net revenue (``tiktok_share``); :func:`tiktok_net_share` gives
    that policy. Diamonds are issued whole, rounding down, the remainder carried.

    Spending rules: the minimum age of :func:`tiktok_age_rule`, 18+ to buy coins or
    send gifts and 19+ in South Korea (``tiktok_age``, n.d., stated;
    ``tiktok_gift_age_2019``, BBC, 2019-12, stated). No cap on purchases or gifts
    was found published, so there is none. A
    :class:`~giftflow.Ledger` of this economy needs each spending viewer's
    :class:`~giftflow.Viewer` profile (``Ledger(economy, viewers=...)``).

    Called without arguments, the economy as reported; each argument changes one
    part, through :class:`~giftflow.Economy`'s ``with_...`` methods:

    Args:
        diamond_rounding: How exact diamonds become whole ones (the rest is carried).
        small_business: Apple's Small Business Program on iOS: 15% up to $1,000,000
            of proceeds a year (``apple_small_business``). Its limit is in USD, so a
            storefront in another currency (GB) is refused: pass ``countries=["US"]``.
        dated_store_fees: The store programs as dated schedules
            (:func:`apple_fee_schedule`, :func:`google_play_fee_schedule`, from
            ``apple_commission``, ``apple_small_business`` and
            ``google_play_commission``) instead of today's fees: Small Business then
            qualifies by the prior year's proceeds, and Google Play is sold from
            2021-07-01, where its sourced terms start.
        fees: Each channel's fees, replacing the preset's in every storefront that
            sells on that channel (after the store program).
        countries: The storefronts kept (``"US"``, ``"GB"``); ``None`` keeps both.
        channels: The channels kept; ``None`` keeps every channel.
        prices: Package prices replacing the preset's, each a
            :class:`~giftflow.PackagePrice` whose window has at most a start: from
            that start on (the only price, if none) the package costs its price in
            that storefront and channel (:meth:`~giftflow.Economy.with_price`).

    Raises:
        InvalidTypeError: An argument of the wrong type.
        InvalidValueError: ``small_business=True`` with a non-USD storefront or
            without iOS, or a country with no storefront.
        UnknownChannelError: A channel ``fees`` or ``channels`` names is not sold.
        UnknownPackageError: A price in ``prices`` for a package, storefront or
            channel the preset does not sell.

    >>> economy = tiktok()
    >>> economy.conversion.entries[0][1].diamond_value
    ExactMoney(minor=Fraction(1, 2), currency=currency('USD'))
    >>> economy.spending_rules.age == tiktok_age_rule(), economy.spending_rules.caps
    (True, ())
    >>> from datetime import datetime, timezone
    >>> from giftflow import Channel, Money, checkout
    >>> small = tiktok(small_business=True, countries=["US"])
    >>> quote = small.price_book.quote("coins_65", country="US", channel=Channel.IOS,
    ...                                at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    >>> print(checkout(quote, purchase_id="p1", proceeds_to_date=Money.zero("USD")).breakdown)
    gross paid                        0.99 USD
    tax                               0.00 USD
    store fee (apple small business)  0.15 USD
    platform net                      0.84 USD
    >>> tiktok(small_business=True)
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: small_business needs USD storefronts ..., but GB sells in GBP, ...
    >>> from giftflow import PackagePrice
    >>> dearer = tiktok(prices=[PackagePrice(package="coins_65", country="US",  # illustrative
    ...                                      channel=Channel.IOS, price=Money.parse("1.09", "USD"))])
    >>> dearer.price_book.quote("coins_65", country="US", channel=Channel.IOS, at=quote.at).price
    Money.parse('1.09', 'USD')
    """
    economy = Economy(
        name="tiktok",
        names=UnitNames(),
        price_book=tiktok_price_book(),
        catalog=tiktok_catalog(),
        conversion=DiamondRatio(
            diamonds_per_coin=Rate.ONE, diamond_value=ExactMoney.parse("0.005", "USD")
        ),
        diamond_rounding=Rounding.DOWN,
        spend_policy=SpendPolicy.FIFO,
        # tiktok_age (n.d.) and tiktok_gift_age_2019 (BBC, 2019-12): 18+, 19+ in KR.
        spending_rules=SpendingRules(age=tiktok_age_rule()),
    )
    return preset_options(
        economy,
        diamond_rounding=diamond_rounding,
        fees=fees,
        countries=countries,
        channels=channels,
        small_business=small_business,
        dated_store_fees=dated_store_fees,
        prices=prices,
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
            (datetime(2025, 2, 10, tzinfo=UTC), RevenueShare(share=scaled, diamond_value=value)),
        )
    )


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
    flag("minimum_2019", minimum_2019)
    return PayoutPolicy(
        name="tiktok",
        schedule=PayoutSchedule.on_demand(zone=zone, processing_days=15),
        methods=payout_methods("bank", "paypal"),
        minimum=Money.parse("100" if minimum_2019 else "10", "USD"),
        caps=(PayoutCap(limit=Money.parse("1000", "USD"), period=CapPeriod.CALENDAR_DAY),),
        eligibility=Eligibility(age=AgeRule(years=18)),
    )
