"""Bigo Live: Diamonds bought, Beans received, weekly-capped withdrawals (private)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, timedelta, tzinfo

from giftflow import (
    CapPeriod,
    Channel,
    CoinPackage,
    Coins,
    DiamondRatio,
    Diamonds,
    Economy,
    ExactMoney,
    Fee,
    FeeSchedule,
    PackagePrice,
    PayoutCap,
    PayoutPolicy,
    PayoutSchedule,
    PriceBook,
    Rate,
    Rounding,
    Storefront,
    Tax,
    UnitNames,
    WithdrawalLimit,
    currency,
)
from giftflow.presets._common import package_prices, payout_methods, unit_gift_catalog
from giftflow.presets._options import preset_options
from giftflow.presets._stores import card_processor_fee

__all__ = ["bigo", "bigo_payout_policy"]


def bigo(
    *,
    diamond_rounding: Rounding = Rounding.DOWN,
    fees: Mapping[Channel, Iterable[Fee] | FeeSchedule] | None = None,
    prices: Iterable[PackagePrice] | None = None,
) -> Economy:
    """Bigo Live: viewers buy Diamonds, streamers receive Beans (``bigo``; low-confidence numbers).

    Diamonds (the coins here) cost $1.96 per 100, $19.61 per 1,000 and $196.06
    per 10,000 on the web; 1,000 Diamonds give 500 Beans (another source says 1:1);
    210 Beans are worth $1. A single "Diamonds" gift is sent in any count. Battles
    use Tango's reported +8% bonus (``tango_battle``) as an example of the feature.

    Args:
        diamond_rounding: How exact Beans become whole ones (the rest is carried).
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

    >>> from giftflow import Channel, Coins
    >>> bigo().names.show(Coins(100))
    '100 Diamonds'
    >>> bigo(fees={Channel.WEB: []}).price_book.storefront("US").fees_for(Channel.WEB)
    ()
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
        storefronts=(us,),
        packages=packages,
        prices=package_prices("US", Channel.WEB, ladder, "USD"),
    )
    economy = Economy(
        name="bigo",
        names=UnitNames(coin="Diamond", coins="Diamonds", diamond="Bean", diamonds="Beans"),
        price_book=book,
        catalog=unit_gift_catalog("diamonds", "Diamonds"),
        conversion=DiamondRatio(
            diamonds_per_coin=Rate.parse("1/2"), diamond_value=ExactMoney.parse("1/210", "USD")
        ),
        diamond_rounding=Rounding.DOWN,
        battle_bonus=Rate.parse("8%"),
    )
    return preset_options(economy, diamond_rounding=diamond_rounding, fees=fees, prices=prices)


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
        methods=payout_methods("standard"),
        minimum=Diamonds(6_700),
        caps=(PayoutCap(limit=Diamonds(1_050_000), period=CapPeriod.ROLLING_WEEK),),
        withdrawals=WithdrawalLimit(count=1, period=CapPeriod.ROLLING_WEEK),
        hold=timedelta(hours=48),
        names=UnitNames(coin="Diamond", coins="Diamonds", diamond="Bean", diamonds="Beans"),
    )
