"""App stores and payment processors: the fees the platforms' price books charge (private)."""

from __future__ import annotations

from giftflow import (
    Crossing,
    Currency,
    Fee,
    FeeBasis,
    FeeKind,
    InvalidTypeError,
    InvalidValueError,
    Money,
    Rate,
    Rounding,
    Threshold,
    currency,
)
from giftflow.presets._common import flag

__all__ = ["apple_fee", "card_processor_fee", "google_play_fee"]


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
    _check_currency(currency)
    if not flag("small_business", small_business):
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


def _check_currency(value: Currency) -> None:
    if type(value) is not Currency:
        raise InvalidTypeError(
            "currency", value, "must be a Currency", "pass the storefront's, e.g. currency('USD')"
        )


def _usd_only(value: Currency) -> Currency:
    _check_currency(value)
    usd = currency("USD")
    if value != usd:
        raise InvalidValueError(
            "currency",
            value,
            "has no published threshold (the stores state it in USD)",
            "use the standard 30% fee, or build a Fee with your own Threshold",
        )
    return usd
