"""What is sold, where and when: channels, coin packages, their prices, promotions.

A :class:`Channel` names where a purchase happens; a :class:`PackagePrice` prices a
:class:`CoinPackage` in one storefront and channel within a window of time, a
:class:`CustomAmount` prices any number of coins, and a :class:`Promotion` adds coins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, ClassVar

import attrs

from giftflow._values._checks import (
    as_tuple,
    check_aware,
    check_country,
    check_instance,
    check_name,
    upper,
)
from giftflow._values._errors import InvalidTypeError, InvalidValueError
from giftflow._values._money import Money
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding
from giftflow._values._time import Recurrence, Window
from giftflow._values._units import Coins

__all__ = [
    "Channel",
    "CoinPackage",
    "CustomAmount",
    "PackagePrice",
    "Promotion",
    "check_coins",
    "check_price",
    "check_validity",
    "customs_tuple",
    "packages_tuple",
    "prices_tuple",
    "promotions_tuple",
]


_CHANNEL_ID = re.compile(r"[a-z][a-z0-9_]{0,31}")


def _check_channel_id(instance: Any, attribute: attrs.Attribute[str], value: Any) -> None:
    if not isinstance(value, str) or not _CHANNEL_ID.fullmatch(value):
        raise InvalidValueError(
            "id", value, "must be a lower-case identifier", "pass e.g. 'ios', 'web' or 'huawei'"
        )


@attrs.frozen
class Channel:
    """Where a purchase happens: Apple in-app, Google Play, the web, a link out, or a custom one.

    >>> Channel.IOS
    Channel('ios')
    >>> Channel("huawei") == Channel("huawei")
    True
    """

    id: str = attrs.field(validator=_check_channel_id)

    IOS: ClassVar[Channel]
    """Apple in-app purchase."""
    GOOGLE_PLAY: ClassVar[Channel]
    """Google Play billing."""
    WEB: ClassVar[Channel]
    """The platform's own web shop."""
    IOS_LINK_OUT: ClassVar[Channel]
    """A purchase on the web through a link out of the iOS app (Apple's US link-out terms)."""

    def __repr__(self) -> str:
        return f"Channel({self.id!r})"

    def __str__(self) -> str:
        return self.id


Channel.IOS = Channel("ios")
Channel.GOOGLE_PLAY = Channel("google_play")
Channel.WEB = Channel("web")
Channel.IOS_LINK_OUT = Channel("ios_link_out")


def check_coins(instance: Any, attribute: attrs.Attribute[Coins], value: Any) -> None:
    if type(value) is not Coins:
        raise InvalidTypeError(attribute.name, value, "must be Coins", "pass Coins(65)")
    if value.amount < 0:
        raise InvalidValueError(attribute.name, value, "must not be negative", "pass Coins(0)+")


@attrs.frozen(kw_only=True)
class CoinPackage:
    """A package of coins sold at a price: ``coins`` plus optional ``bonus`` coins.

    >>> CoinPackage(id="coins_65", coins=Coins(65)).total
    Coins(65)
    >>> CoinPackage(id="stars_45", coins=Coins(45), bonus=Coins(35)).total
    Coins(80)
    """

    id: str = attrs.field(validator=check_name)
    coins: Coins = attrs.field(validator=check_coins)
    bonus: Coins = attrs.field(default=Coins(0), validator=check_coins)

    def __attrs_post_init__(self) -> None:
        if self.coins.amount == 0:
            raise InvalidValueError(
                "coins", self.coins, "must be positive", "a package sells at least one coin"
            )

    @property
    def total(self) -> Coins:
        """Coins credited for one purchase: base plus bonus."""
        return self.coins + self.bonus


def check_price(instance: Any, attribute: attrs.Attribute[Money], value: Any) -> None:
    name = attribute.name  # price, or price_per for a custom amount
    if type(value) is not Money:
        raise InvalidTypeError(name, value, "must be Money", "pass Money.parse('0.99', 'USD')")
    if value.minor <= 0:
        raise InvalidValueError(name, value, "must be positive", "free coins are a Promotion")


@attrs.frozen(kw_only=True)
class PackagePrice:
    """The price of a package in one storefront and channel, valid within a window.

    >>> PackagePrice(package="coins_65", country="US", channel=Channel.IOS,
    ...              price=Money.parse("0.99", "USD")).window
    Window(start=None, end=None)
    """

    package: str = attrs.field(validator=check_name)
    country: str = attrs.field(converter=upper, validator=check_country)
    channel: Channel = attrs.field(validator=check_instance(Channel, "Channel.IOS"))
    price: Money = attrs.field(validator=check_price)
    window: Window = attrs.field(factory=Window, validator=check_instance(Window, "Window()"))


def _check_positive_int(instance: Any, attribute: attrs.Attribute[int], value: Any) -> None:
    if type(value) is not int or value < 1:
        raise InvalidValueError(attribute.name, value, "must be a positive int", "pass e.g. 100")


@attrs.frozen(kw_only=True)
class CustomAmount:
    """A custom number of coins at a per-coin price, between a minimum and a maximum count.

    The price is ``price_per`` for every ``per`` coins (prices per coin are often
    below one cent), rounded once with ``rounding``.

    >>> custom = CustomAmount(country="US", channel=Channel.WEB,
    ...                       price_per=Money.parse("1.29", "USD"), per=100,
    ...                       min_coins=Coins(30), max_coins=Coins(2_500_000),
    ...                       rounding=Rounding.HALF_UP)
    >>> custom.price_of(Coins(1234))
    Money.parse('15.92', 'USD')
    """

    country: str = attrs.field(converter=upper, validator=check_country)
    channel: Channel = attrs.field(validator=check_instance(Channel, "Channel.WEB"))
    price_per: Money = attrs.field(validator=check_price)
    per: int = attrs.field(validator=_check_positive_int)
    min_coins: Coins = attrs.field(validator=check_coins)
    max_coins: Coins = attrs.field(validator=check_coins)
    rounding: Rounding = attrs.field(validator=check_instance(Rounding, "Rounding.HALF_UP"))
    window: Window = attrs.field(factory=Window, validator=check_instance(Window, "Window()"))

    def __attrs_post_init__(self) -> None:
        if self.min_coins.amount < 1 or self.max_coins < self.min_coins:
            raise InvalidValueError(
                "max_coins",
                self.max_coins,
                f"must be at least min_coins ({self.min_coins}), which must be positive",
                "pass 1 <= min_coins <= max_coins",
            )

    def price_of(self, coins: Coins) -> Money:
        """Return the price of ``coins``; refuses counts outside ``[min_coins, max_coins]``."""
        if type(coins) is not Coins:
            raise InvalidTypeError("coins", coins, "must be Coins", "pass Coins(1000)")
        if not self.min_coins <= coins <= self.max_coins:
            raise InvalidValueError(
                "coins",
                coins,
                f"must be between {self.min_coins} and {self.max_coins}",
                "choose a count in range or a package",
            )
        price = self.price_per.multiply(Rate.ratio(coins.amount, self.per), self.rounding)
        if price.minor <= 0:
            raise InvalidValueError(
                "coins",
                coins,
                f"would cost {price} at {self.price_per} per {self.per} ({self.rounding.name})",
                "buy more coins: a purchase must cost at least one minor unit",
            )
        return price


def _check_bonus_rate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and type(value) is not Rate:
        raise InvalidTypeError("bonus_rate", value, "must be a Rate or None", "Rate.parse('10%')")


def check_validity(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Attrs validator: a positive ``timedelta``, or ``None`` (coins that never expire)."""
    name = attribute.name
    if value is None:
        return
    if type(value) is not timedelta:
        raise InvalidTypeError(
            name, value, "must be a timedelta or None", "pass e.g. timedelta(days=30)"
        )
    if value <= timedelta(0):
        raise InvalidValueError(
            name, value, "must be positive", "pass e.g. timedelta(days=30), or None: no expiry"
        )


def _check_str_tuple(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidTypeError(attribute.name, value, "must be a tuple of str", "pass ('US',)")


def _check_channel_tuple(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(v) is Channel for v in value):
        raise InvalidTypeError(
            attribute.name, value, "must be a tuple of Channel", "pass (Channel.WEB,)"
        )


def _check_countries(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _check_str_tuple(instance, attribute, value)
    for country in value:
        check_country(instance, attribute, country)


# Typed converters: attrs takes each __init__ parameter's type from its converter, so
# mypy refuses `channels=42` while the validators refuse it at run time.


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return as_tuple(value)


def _channels(value: Iterable[Channel]) -> tuple[Channel, ...]:
    return as_tuple(value)


def _countries(value: Iterable[str]) -> Any:
    value = as_tuple(value)
    if isinstance(value, tuple):
        return tuple(sorted(v.upper() if isinstance(v, str) else v for v in value))
    return value


@attrs.frozen(kw_only=True)
class Promotion:
    """Extra bonus coins on qualifying purchases while the promotion runs.

    Extra coins are ``bonus_coins`` plus ``bonus_rate`` of the package's base
    coins, rounded down. It applies to the listed packages, channels and
    countries (an empty tuple means all), within ``window`` and, if set, during
    the occurrences of ``recurrence``. The best promotion applies; promotions
    do not stack. With ``validity``, the extra coins expire that long after the
    purchase (elapsed time: a purchase at 12:00 UTC with ``timedelta(days=7)``
    expires at 12:00 UTC a week later, whatever daylight saving does meanwhile).

    >>> from datetime import datetime, timezone
    >>> promo = Promotion(id="web10", bonus_rate=Rate.parse("10%"), channels=(Channel.WEB,))
    >>> package = CoinPackage(id="p", coins=Coins(330))
    >>> now = datetime(2026, 11, 24, tzinfo=timezone.utc)
    >>> promo.extra_for(package, country="US", channel=Channel.WEB, at=now)
    Coins(33)
    """

    id: str = attrs.field(validator=check_name)
    bonus_coins: Coins = attrs.field(default=Coins(0), validator=check_coins)
    bonus_rate: Rate | None = attrs.field(default=None, validator=_check_bonus_rate)
    packages: tuple[str, ...] = attrs.field(
        default=(), converter=_names, validator=_check_str_tuple
    )
    channels: tuple[Channel, ...] = attrs.field(
        default=(), converter=_channels, validator=_check_channel_tuple
    )
    countries: tuple[str, ...] = attrs.field(
        default=(), converter=_countries, validator=_check_countries
    )
    window: Window = attrs.field(factory=Window, validator=check_instance(Window, "Window()"))
    recurrence: Recurrence | None = attrs.field(default=None)
    validity: timedelta | None = attrs.field(default=None, validator=check_validity)

    def __attrs_post_init__(self) -> None:
        if self.bonus_coins.amount == 0 and (self.bonus_rate is None or not self.bonus_rate.value):
            raise InvalidValueError(
                "bonus_coins", self.bonus_coins, "and bonus_rate give nothing", "set one of them"
            )
        if self.recurrence is not None and type(self.recurrence) is not Recurrence:
            raise InvalidTypeError("recurrence", self.recurrence, "must be a Recurrence", "")

    def applies(
        self, package: CoinPackage, *, country: str, channel: Channel, at: datetime
    ) -> bool:
        """Whether the promotion covers this package, place, channel and time.

        Raises:
            InvalidTypeError: An argument has the wrong type.
            NaiveDatetimeError: ``at`` has no time zone.
        """
        if type(package) is not CoinPackage:
            raise InvalidTypeError("package", package, "must be a CoinPackage", "book.package(id)")
        if not isinstance(country, str):
            raise InvalidTypeError("country", country, "must be a str", "pass e.g. 'US'")
        if type(channel) is not Channel:
            raise InvalidTypeError("channel", channel, "must be a Channel", "pass Channel.WEB")
        check_aware("at", at)
        return (
            (not self.packages or package.id in self.packages)
            and (not self.channels or channel in self.channels)
            and (not self.countries or country.upper() in self.countries)
            and self.window.contains(at)
            and (self.recurrence is None or self.recurrence.contains(at))
        )

    def extra_for(
        self, package: CoinPackage, *, country: str, channel: Channel, at: datetime
    ) -> Coins:
        """The extra coins this promotion adds to ``package`` (zero if it does not apply)."""
        if not self.applies(package, country=country, channel=channel, at=at):
            return Coins(0)
        extra = self.bonus_coins.amount
        if self.bonus_rate is not None:
            extra += (
                package.coins.amount
                * self.bonus_rate.value.numerator
                // (self.bonus_rate.value.denominator)
            )
        return Coins(extra)


# Typed converters of sequences of this module's values, for the price book's fields.


def packages_tuple(value: Iterable[CoinPackage]) -> tuple[CoinPackage, ...]:
    return as_tuple(value)


def prices_tuple(value: Iterable[PackagePrice]) -> tuple[PackagePrice, ...]:
    return as_tuple(value)


def customs_tuple(value: Iterable[CustomAmount]) -> tuple[CustomAmount, ...]:
    return as_tuple(value)


def promotions_tuple(value: Iterable[Promotion]) -> tuple[Promotion, ...]:
    return as_tuple(value)
