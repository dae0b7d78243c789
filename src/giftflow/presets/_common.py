"""Helpers the platform presets share: price ladders, payout methods, unit gifts (private)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from giftflow import (
    Catalog,
    CatalogVersion,
    Channel,
    CoinPackage,
    Coins,
    CurrencyMismatchError,
    Fee,
    Gift,
    InvalidTypeError,
    InvalidValueError,
    Money,
    PackagePrice,
    PayoutMethod,
    PriceBook,
    Rate,
    Storefront,
    StreakKind,
    Tax,
    UnknownChannelError,
    currency,
)

__all__ = [
    "bundle_price_book",
    "flag",
    "package_prices",
    "payout_methods",
    "positive_rate",
    "unit_gift_catalog",
]


def flag(argument: str, value: Any) -> bool:
    """A preset's switch: ``True`` or ``False``, nothing merely truthy (``"no"`` is truthy)."""
    if type(value) is not bool:
        raise InvalidTypeError(argument, value, "must be True or False", f"pass {argument}=True")
    return value


def positive_rate(argument: str, value: Any, example: str) -> Rate:
    """A number a preset takes from its caller because no source publishes it: a Rate > 0."""
    if type(value) is not Rate:
        raise InvalidTypeError(argument, value, "must be a Rate", f"pass {argument}={example}")
    if not value.value:
        raise InvalidValueError(
            argument, value, "must be positive", f"pass the rate you read, e.g. {example}"
        )
    return value


def package_prices(
    country: str, channel: Channel, prices: list[tuple[str, str]], currency_code: str
) -> list[PackagePrice]:
    """One storefront channel's price list: ``(package id, price text)`` pairs in one currency."""
    return [
        PackagePrice(
            package=package,
            country=country,
            channel=channel,
            price=Money.parse(price, currency_code),
        )
        for package, price in prices
    ]


_BUNDLES_EXAMPLE = "{Channel.IOS: {100: Money.parse('1.00', 'USD')}}"


def bundle_price_book(
    bundles: Any, *, unit: str, fees: Mapping[Channel, tuple[Fee, ...]]
) -> PriceBook:
    """A US price book of bundles whose prices the platform does not publish (the caller's).

    ``bundles`` maps each channel to ``{units in the bundle: price in USD}``; the
    packages are named ``f"{unit}_{units}"`` (``jewels_100``). Only the channels given
    sell, each with its ``fees``; a channel ``fees`` does not list is refused.
    """
    if not isinstance(bundles, Mapping) or not bundles:
        raise InvalidTypeError(
            "bundles",
            bundles,
            "must be a non-empty mapping of Channel to {units: price}",
            f"pass the prices you read, e.g. {_BUNDLES_EXAMPLE}",
        )
    usd = currency("USD")
    sizes: set[int] = set()
    prices: list[PackagePrice] = []
    for channel, ladder in bundles.items():
        if type(channel) is not Channel or channel not in fees:
            raise UnknownChannelError(
                "bundles",
                channel,
                "is not a channel these bundles are sold on",
                f"use {' or '.join(f'Channel.{c.id.upper()}' for c in fees)}",
            )
        where = f"bundles[{channel}]"
        if not isinstance(ladder, Mapping) or not ladder:
            raise InvalidTypeError(
                where, ladder, "must be a non-empty mapping of units to price", _BUNDLES_EXAMPLE
            )
        for units, price in ladder.items():
            if type(units) is not int or units <= 0:
                raise InvalidValueError(
                    where, units, f"must count the {unit} in a bundle, an int > 0", "pass e.g. 100"
                )
            if type(price) is not Money:
                raise InvalidTypeError(
                    f"{where}[{units}]", price, "must be Money", "pass Money.parse('1.00', 'USD')"
                )
            if price.currency != usd:
                raise CurrencyMismatchError(
                    "price", price.currency, usd, argument=f"{where}[{units}]"
                )
            if price.minor <= 0:
                raise InvalidValueError(
                    f"{where}[{units}]", price, "must be positive", "pass what a bundle costs"
                )
            sizes.add(units)
            prices.append(
                PackagePrice(package=f"{unit}_{units}", country="US", channel=channel, price=price)
            )
    us = Storefront(
        country="US",
        currency=usd,
        tax=Tax.none(),
        fees={channel: fees[channel] for channel in bundles},
    )
    packages = [CoinPackage(id=f"{unit}_{units}", coins=Coins(units)) for units in sorted(sizes)]
    return PriceBook(storefronts=(us,), packages=packages, prices=prices)


def unit_gift_catalog(gift_id: str, name: str) -> Catalog:
    """One gift of one unit, sent in any count: where no source lists a platform's gifts.

    A gift worth N units is sent as N of it (Facebook's "Stars", Bigo's "Diamonds").
    """
    gift = Gift(id=gift_id, name=name, price=Coins(1), streak=StreakKind.STREAKABLE)
    return Catalog(versions=(CatalogVersion(version=gift_id, gifts=(gift,)),))


# Payout policies: minimums, caps, schedules, methods and eligibility as reported. Where
# no source gives a number (most payout fees, every withholding rate, several methods and
# age limits), the preset leaves it out and the docstring says so; SOURCES lists what is
# missing under "payout_not_found".


def payout_methods(*names: str) -> tuple[PayoutMethod, ...]:
    """Payout methods known only by name: no source gives their minimums or fees."""
    return tuple(PayoutMethod(name=name) for name in names)
