"""Where coins are sold: sales channels, and each country's storefront with its tax and fees."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import attrs

from giftflow._coins_in._fees import Fee, Tax
from giftflow._values._checks import check_country, check_instance, upper
from giftflow._values._currency import Currency
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    OverlapError,
    UnknownChannelError,
)

__all__ = ["Channel", "Storefront"]

_CHANNEL_ID = re.compile(r"[a-z][a-z0-9_]{0,31}")


def _check_channel_id(instance: Any, attribute: attrs.Attribute[str], value: Any) -> None:
    if not isinstance(value, str) or not _CHANNEL_ID.fullmatch(value):
        raise InvalidValueError(
            "id", value, "must be a lower-case identifier", "pass e.g. 'ios', 'web' or 'huawei'"
        )


@attrs.frozen
class Channel:
    """Where a purchase happens: Apple in-app, Google Play, the web, or a custom channel.

    >>> Channel.IOS
    Channel('ios')
    >>> Channel("huawei") == Channel("huawei")
    True
    """

    id: str = attrs.field(validator=_check_channel_id)

    IOS: ClassVar[Channel]
    GOOGLE_PLAY: ClassVar[Channel]
    WEB: ClassVar[Channel]

    def __repr__(self) -> str:
        return f"Channel({self.id!r})"

    def __str__(self) -> str:
        return self.id


Channel.IOS = Channel("ios")
Channel.GOOGLE_PLAY = Channel("google_play")
Channel.WEB = Channel("web")


def _fee_map(value: Any) -> Any:
    # Normalise a dict of channel -> fees into a sorted tuple of pairs (hashable).
    if isinstance(value, dict):
        return tuple(sorted(value.items(), key=lambda item: str(item[0])))
    return value


def _check_fees(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple):
        raise InvalidTypeError(
            attribute.name, value, "must be a dict of Channel to fees", "pass {Channel.IOS: (...)}"
        )
    seen: set[Channel] = set()
    for item in value:
        if not (isinstance(item, tuple) and len(item) == 2 and type(item[0]) is Channel):
            raise InvalidTypeError(
                attribute.name, item, "must map a Channel to a tuple of Fee", "see Storefront"
            )
        channel, fees = item
        if channel in seen:
            raise OverlapError(attribute.name, channel, "lists a channel twice", "merge them")
        seen.add(channel)
        if not isinstance(fees, tuple) or not all(type(fee) is Fee for fee in fees):
            raise InvalidTypeError(
                attribute.name, fees, f"must hold a tuple of Fee for {channel}", "wrap in a tuple"
            )


@attrs.frozen(kw_only=True)
class Storefront:
    """A country's shop: its currency, its tax, and the fees of each sales channel.

    Fees for a channel are applied in order (e.g. the store's commission, then a
    processor fee); a channel missing from ``fees`` cannot sell here.

    >>> from giftflow import Fee, FeeBasis, Rounding, Rate, Tax, currency
    >>> us = Storefront(country="us", currency=currency("USD"), tax=Tax.none(),
    ...                 fees={Channel.WEB: ()})
    >>> (us.country, us.channels)
    ('US', (Channel('web'),))
    """

    country: str = attrs.field(converter=upper, validator=check_country)
    currency: Currency = attrs.field(validator=check_instance(Currency, "currency('USD')"))
    tax: Tax = attrs.field(validator=check_instance(Tax, "Tax.none()"))
    fees: tuple[tuple[Channel, tuple[Fee, ...]], ...] = attrs.field(
        converter=_fee_map, validator=_check_fees
    )

    def __attrs_post_init__(self) -> None:
        for _channel, fees in self.fees:
            for fee in fees:
                if fee.currency is not None and fee.currency != self.currency:
                    raise CurrencyMismatchError("configure", self.currency, fee.currency)

    @property
    def channels(self) -> tuple[Channel, ...]:
        """The channels that sell in this storefront."""
        return tuple(channel for channel, _ in self.fees)

    def fees_for(self, channel: Channel) -> tuple[Fee, ...]:
        """Return the fees of ``channel``, in the order they are charged.

        Raises:
            UnknownChannelError: The channel does not sell in this storefront.
        """
        for candidate, fees in self.fees:
            if candidate == channel:
                return fees
        raise UnknownChannelError(
            "channel",
            channel,
            f"does not sell in storefront {self.country}",
            f"use one of {', '.join(str(c) for c in self.channels) or 'no channels (none set)'}",
        )
