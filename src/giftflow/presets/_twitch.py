"""Twitch Bits: Bits bought on the web, cheered at a cent each, paid Net-15 (private)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, tzinfo

from giftflow import (
    Catalog,
    CatalogVersion,
    Channel,
    CoinPackage,
    Coins,
    Economy,
    Fee,
    FeeSchedule,
    FixedValue,
    Gift,
    Money,
    PackagePrice,
    PayoutMethod,
    PayoutPolicy,
    PayoutSchedule,
    PriceBook,
    Rounding,
    Storefront,
    Tax,
    UnitNames,
    currency,
)
from giftflow.presets._common import package_prices
from giftflow.presets._options import preset_options

__all__ = ["twitch_bits", "twitch_bits_price_book", "twitch_payout_policy"]


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
        storefronts=(us,),
        packages=packages,
        prices=package_prices("US", Channel.WEB, ladder, "USD"),
    )


def twitch_bits(
    *,
    diamond_rounding: Rounding = Rounding.DOWN,
    fees: Mapping[Channel, Iterable[Fee] | FeeSchedule] | None = None,
    prices: Iterable[PackagePrice] | None = None,
) -> Economy:
    """Twitch Bits: bought on the web (``twitch_bits``), cheered at $0.01 per Bit (``twitch_cheer``).

    Cheers are gifts named after the Cheermote tiers (Cheer1 ... Cheer100000)
    priced in Bits; the streamer's unit is also called a Bit.

    Args:
        diamond_rounding: How exact earnings become whole Bits (the rest is carried).
        fees: The web's fees, ``{Channel.WEB: [...]}``: Twitch publishes no payment
            processing cost, so by default there is none.
        prices: Package prices replacing the preset's, each a
            :class:`~giftflow.PackagePrice` whose window has at most a start: from
            that start on (the only price, if none) the package costs its price in
            that storefront and channel (:meth:`~giftflow.Economy.with_price`).

    Raises:
        InvalidTypeError: An argument of the wrong type.
        UnknownChannelError: A channel in ``fees`` other than the web.
        UnknownPackageError: A price in ``prices`` for a package, storefront or
            channel the preset does not sell.

    >>> economy = twitch_bits()
    >>> [g.name for g in economy.catalog.versions[0].gifts][:3]
    ['Cheer1', 'Cheer100', 'Cheer500']
    >>> from giftflow import Channel, presets
    >>> carded = twitch_bits(fees={Channel.WEB: [presets.card_processor_fee()]})  # illustrative
    >>> [fee.name for fee in carded.price_book.storefront("US").fees_for(Channel.WEB)]
    ['card']
    """
    tiers = (1, 100, 500, 1000, 5000, 10_000, 100_000)
    gifts = tuple(Gift(id=f"cheer{t}", name=f"Cheer{t}", price=Coins(t)) for t in tiers)
    economy = Economy(
        name="twitch",
        names=UnitNames(coin="Bit", coins="Bits", diamond="Bit", diamonds="Bits"),
        price_book=twitch_bits_price_book(),
        catalog=Catalog(versions=(CatalogVersion(version="cheermotes", gifts=gifts),)),
        conversion=FixedValue(value_per_coin=Money.parse("0.01", "USD")),
        diamond_rounding=Rounding.DOWN,
    )
    return preset_options(economy, diamond_rounding=diamond_rounding, fees=fees, prices=prices)


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
