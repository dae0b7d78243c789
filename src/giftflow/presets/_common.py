"""Helpers the platform presets share: price ladders and payout methods by name (private)."""

from __future__ import annotations

from typing import Any

from giftflow import Channel, InvalidTypeError, Money, PackagePrice, PayoutMethod

__all__ = ["flag", "package_prices", "payout_methods"]


def flag(argument: str, value: Any) -> bool:
    """A preset's switch: ``True`` or ``False``, nothing merely truthy (``"no"`` is truthy)."""
    if type(value) is not bool:
        raise InvalidTypeError(argument, value, "must be True or False", f"pass {argument}=True")
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


# Payout policies: minimums, caps, schedules, methods and eligibility as reported. Where
# no source gives a number (most payout fees, every withholding rate, several methods and
# age limits), the preset leaves it out and the docstring says so; SOURCES lists what is
# missing under "payout_not_found".


def payout_methods(*names: str) -> tuple[PayoutMethod, ...]:
    """Payout methods known only by name: no source gives their minimums or fees."""
    return tuple(PayoutMethod(name=name) for name in names)
