"""What a preset economy takes from its caller: rounding, store program, fees, storefronts (private).

Each setting is applied to the economy the preset builds with the economy's own
``with_...`` methods (and :meth:`~giftflow.Economy.restricted_to`), so a preset holds no
second copy of their rules, and a preset called with its defaults returns exactly the
economy it always returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from giftflow import (
    Channel,
    Economy,
    Fee,
    FeeSchedule,
    InvalidTypeError,
    InvalidValueError,
    PackagePrice,
    Rounding,
    currency,
)
from giftflow.presets._common import flag
from giftflow.presets._stores import (
    apple_fee,
    apple_fee_schedule,
    google_play_fee_schedule,
)

__all__ = ["preset_options"]


def preset_options(
    economy: Economy,
    *,
    diamond_rounding: Rounding,
    fees: Mapping[Channel, Iterable[Fee] | FeeSchedule] | None,
    countries: Iterable[str] | None = None,
    channels: Iterable[Channel] | None = None,
    small_business: bool = False,
    dated_store_fees: bool = False,
    prices: Iterable[PackagePrice] | None = None,
) -> Economy:
    """``economy`` with the caller's settings, in this order: storefronts, store program, fees, prices, rounding.

    ``countries`` and ``channels`` restrict the storefronts first, so a store program
    or a fee for a channel that is no longer sold is refused rather than ignored.
    """
    flag("small_business", small_business)
    flag("dated_store_fees", dated_store_fees)
    if countries is not None or channels is not None:
        economy = economy.restricted_to(countries=countries, channels=channels)
    economy = _store_program(economy, small_business, dated_store_fees)
    if fees is not None:
        if not isinstance(fees, Mapping):
            raise InvalidTypeError(
                "fees",
                fees,
                "must map a Channel to its fees",
                "pass e.g. fees={Channel.WEB: [presets.card_processor_fee()]}",
            )
        for channel, entry in fees.items():
            if type(channel) is not Channel:
                raise InvalidTypeError(
                    "fees", channel, "must have Channel keys", "pass e.g. fees={Channel.WEB: []}"
                )
            economy = economy.with_fees(channel, entry)
    if prices is not None:
        economy = _with_prices(economy, prices)
    if diamond_rounding is not economy.diamond_rounding:
        economy = economy.with_rounding(diamond_rounding)
    return economy


def _store_program(economy: Economy, small_business: bool, dated: bool) -> Economy:
    # The app stores' fees (a preset's iOS fees are Apple's commission alone, its Google
    # Play fees Google's): Small Business and/or the dated schedules of _stores.
    if not (small_business or dated):
        return economy
    storefronts = economy.price_book.storefronts
    apple = [s for s in storefronts if Channel.IOS in s.channels]
    if small_business and not apple:
        raise InvalidValueError(
            "small_business",
            small_business,
            "changes Apple's fee, but no storefront of this economy sells on iOS",
            "drop small_business=True, or keep Channel.IOS in channels",
        )
    usd = currency("USD")
    for storefront in apple:
        if small_business and storefront.currency != usd:
            raise InvalidValueError(
                "small_business",
                small_business,
                f"needs USD storefronts (Apple states the $1,000,000 limit in USD), but "
                f"{storefront.country} sells in {storefront.currency.code}",
                "restrict the storefronts, e.g. countries=['US'], or set that storefront's "
                "fees with Economy.with_fees",
            )
        own = storefront.currency
        ios = (
            apple_fee_schedule(own, small_business=small_business)
            if dated
            else (apple_fee(own, small_business=small_business),)
        )
        economy = economy.with_fees(Channel.IOS, ios, country=storefront.country)
    if dated:
        for storefront in storefronts:
            if Channel.GOOGLE_PLAY in storefront.channels:
                google = google_play_fee_schedule(storefront.currency)
                economy = economy.with_fees(Channel.GOOGLE_PLAY, google, country=storefront.country)
    return economy


def _with_prices(economy: Economy, prices: Iterable[PackagePrice]) -> Economy:
    # Each PackagePrice replaces the price in force from its window's start (the only
    # price if it has none) to that price's end, through Economy.with_price.
    if isinstance(prices, (str, bytes, PackagePrice)) or not isinstance(prices, Iterable):
        raise InvalidTypeError(
            "prices",
            prices,
            "must be a list of PackagePrice",
            "pass e.g. prices=[PackagePrice(package=..., country=..., channel=..., price=...)]",
        )
    for index, price in enumerate(list(prices)):
        if type(price) is not PackagePrice:
            raise InvalidTypeError(
                f"prices[{index}]", price, "must be a PackagePrice", "pass PackagePrice(...)"
            )
        if price.window.end is not None:
            raise InvalidValueError(
                f"prices[{index}].window",
                price.window,
                "has an end, but an override runs to the end of the price it replaces",
                "give the window only a start (or none), or build the PriceBook itself",
            )
        economy = economy.with_price(
            price.package,
            country=price.country,
            channel=price.channel,
            price=price.price,
            at=price.window.start,
        )
    return economy
