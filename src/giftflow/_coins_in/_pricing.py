"""Coin packages, their effective-dated prices, promotions, quotes and price books."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs

from giftflow._coins_in._fees import Channel
from giftflow._coins_in._storefront import Storefront
from giftflow._values._checks import (
    as_tuple,
    check_aware,
    check_aware_field,
    check_country,
    check_instance,
    check_name,
    upper,
)
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    OverlapError,
    UnknownPackageError,
)
from giftflow._values._money import Money
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding
from giftflow._values._time import Recurrence, Window
from giftflow._values._units import Coins

__all__ = [
    "CoinPackage",
    "CustomAmount",
    "PackagePrice",
    "PriceBook",
    "Promotion",
    "Quote",
]


def _check_coins(instance: Any, attribute: attrs.Attribute[Coins], value: Any) -> None:
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
    coins: Coins = attrs.field(validator=_check_coins)
    bonus: Coins = attrs.field(default=Coins(0), validator=_check_coins)

    def __attrs_post_init__(self) -> None:
        if self.coins.amount == 0:
            raise InvalidValueError(
                "coins", self.coins, "must be positive", "a package sells at least one coin"
            )

    @property
    def total(self) -> Coins:
        """Coins credited for one purchase: base plus bonus."""
        return self.coins + self.bonus


def _check_price(instance: Any, attribute: attrs.Attribute[Money], value: Any) -> None:
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
    price: Money = attrs.field(validator=_check_price)
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
    price_per: Money = attrs.field(validator=_check_price)
    per: int = attrs.field(validator=_check_positive_int)
    min_coins: Coins = attrs.field(validator=_check_coins)
    max_coins: Coins = attrs.field(validator=_check_coins)
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


def _countries(value: Any) -> Any:
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
    do not stack.

    >>> from datetime import datetime, timezone
    >>> promo = Promotion(id="web10", bonus_rate=Rate.parse("10%"), channels=(Channel.WEB,))
    >>> package = CoinPackage(id="p", coins=Coins(330))
    >>> now = datetime(2026, 11, 24, tzinfo=timezone.utc)
    >>> promo.extra_for(package, country="US", channel=Channel.WEB, at=now)
    Coins(33)
    """

    id: str = attrs.field(validator=check_name)
    bonus_coins: Coins = attrs.field(default=Coins(0), validator=_check_coins)
    bonus_rate: Rate | None = attrs.field(default=None, validator=_check_bonus_rate)
    packages: tuple[str, ...] = attrs.field(
        default=(), converter=as_tuple, validator=_check_str_tuple
    )
    channels: tuple[Channel, ...] = attrs.field(
        default=(), converter=as_tuple, validator=_check_channel_tuple
    )
    countries: tuple[str, ...] = attrs.field(
        default=(), converter=_countries, validator=_check_countries
    )
    window: Window = attrs.field(factory=Window, validator=check_instance(Window, "Window()"))
    recurrence: Recurrence | None = attrs.field(default=None)

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


def _check_optional_name(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_name(instance, attribute, value)


@attrs.frozen(kw_only=True)
class Quote:
    """What a viewer would get and pay for a purchase at a time: the listed price and coins.

    ``price`` is the listed price (tax included or not, by the storefront's
    :class:`~giftflow.TaxMode`); ``promotion`` names the promotion that added
    ``promotional`` coins, if any.
    """

    storefront: Storefront = attrs.field(
        validator=check_instance(Storefront, "book.storefront('US')")
    )
    channel: Channel = attrs.field(validator=check_instance(Channel, "Channel.IOS"))
    package: CoinPackage = attrs.field(
        validator=check_instance(CoinPackage, "book.package('coins_65')")
    )
    price: Money = attrs.field(validator=_check_price)
    promotional: Coins = attrs.field(validator=_check_coins)
    promotion: str | None = attrs.field(validator=_check_optional_name)
    at: datetime = attrs.field(validator=check_aware_field)

    def __attrs_post_init__(self) -> None:
        storefront = self.storefront
        storefront.fees_for(self.channel, at=self.at)
        if self.price.currency != storefront.currency:
            raise CurrencyMismatchError("price", self.price.currency, storefront.currency)
        if (self.promotion is None) != (self.promotional.amount == 0):
            raise InvalidValueError(
                "promotion",
                self.promotion,
                f"must name the promotion exactly when promotional coins are given "
                f"(promotional is {self.promotional})",
                "quote through PriceBook.quote, which sets both",
            )

    @property
    def coins(self) -> Coins:
        """Every coin the purchase credits: base, bonus and promotional."""
        return self.package.total + self.promotional


def _check_tuple_of(kind: type) -> Any:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple) or not all(type(v) is kind for v in value):
            raise InvalidTypeError(
                attribute.name, value, f"must be a tuple of {kind.__name__}", "pass a tuple"
            )

    return validate


@attrs.frozen(kw_only=True)
class PriceBook:
    """Every storefront, package, price, custom amount and promotion of an economy.

    Prices are effective-dated: a quote uses the price whose window contains
    the purchase time. Two prices for the same package, storefront and channel
    with overlapping windows are refused, as is a price in a currency other
    than its storefront's.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Tax, currency
    >>> us = Storefront(country="US", currency=currency("USD"), tax=Tax.none(),
    ...                 fees={Channel.WEB: ()})
    >>> book = PriceBook(
    ...     storefronts=(us,),
    ...     packages=(CoinPackage(id="coins_70", coins=Coins(70)),),
    ...     prices=(PackagePrice(package="coins_70", country="US", channel=Channel.WEB,
    ...                          price=Money.parse("0.74", "USD")),),
    ... )
    >>> book.quote("coins_70", country="US", channel=Channel.WEB,
    ...            at=datetime(2026, 11, 24, tzinfo=timezone.utc)).price
    Money.parse('0.74', 'USD')
    """

    storefronts: tuple[Storefront, ...] = attrs.field(
        converter=as_tuple, validator=_check_tuple_of(Storefront)
    )
    packages: tuple[CoinPackage, ...] = attrs.field(
        converter=as_tuple, validator=_check_tuple_of(CoinPackage)
    )
    prices: tuple[PackagePrice, ...] = attrs.field(
        converter=as_tuple, validator=_check_tuple_of(PackagePrice)
    )
    custom: tuple[CustomAmount, ...] = attrs.field(
        default=(), converter=as_tuple, validator=_check_tuple_of(CustomAmount)
    )
    promotions: tuple[Promotion, ...] = attrs.field(
        default=(), converter=as_tuple, validator=_check_tuple_of(Promotion)
    )

    def __attrs_post_init__(self) -> None:
        _unique("storefronts", [s.country for s in self.storefronts])
        _unique("packages", [p.id for p in self.packages])
        _unique("promotions", [p.id for p in self.promotions])
        package_ids = {p.id for p in self.packages}
        for entry in self.prices:
            if entry.package not in package_ids:
                raise UnknownPackageError(
                    "prices", entry.package, "names no package of this book", "add the package"
                )
        entries: list[PackagePrice | CustomAmount] = [*self.prices, *self.custom]
        for item in entries:
            storefront = self.storefront(item.country)
            price = item.price if isinstance(item, PackagePrice) else item.price_per
            if price.currency != storefront.currency:
                raise CurrencyMismatchError("price", price.currency, storefront.currency)
            if item.channel not in storefront.channels:
                storefront.schedule_for(item.channel)  # raises, naming the channels it has
        _no_overlap("prices", [((p.package, p.country, p.channel), p.window) for p in self.prices])
        _no_overlap("custom", [((c.country, c.channel), c.window) for c in self.custom])

    def storefront(self, country: str) -> Storefront:
        """Return the storefront of ``country`` (an ISO 3166 alpha-2 code)."""
        code = country.upper() if isinstance(country, str) else country
        for storefront in self.storefronts:
            if storefront.country == code:
                return storefront
        raise InvalidValueError(
            "country",
            country,
            "has no storefront in this price book",
            f"use one of {', '.join(s.country for s in self.storefronts) or '(none)'}",
        )

    def package(self, package_id: str) -> CoinPackage:
        """Return the package with this id."""
        for package in self.packages:
            if package.id == package_id:
                return package
        raise UnknownPackageError(
            "package",
            package_id,
            "is not a package of this price book",
            f"use one of {', '.join(p.id for p in self.packages) or '(none)'}",
        )

    def quote(self, package: str, *, country: str, channel: Channel, at: datetime) -> Quote:
        """Price ``package`` in ``country`` on ``channel`` at time ``at``.

        Raises:
            UnknownPackageError: No such package, or no price for it then and there.
            UnknownChannelError: The channel does not sell in that storefront, or
                its :class:`~giftflow.FeeSchedule` has no period at ``at``.
            NaiveDatetimeError: ``at`` has no time zone.
        """
        check_aware("at", at)
        if type(channel) is not Channel:
            raise InvalidTypeError("channel", channel, "must be a Channel", "pass Channel.IOS")
        storefront = self.storefront(country)
        storefront.fees_for(channel, at=at)
        chosen = self.package(package)
        for entry in self.prices:
            if (
                entry.package == chosen.id
                and entry.country == storefront.country
                and entry.channel == channel
                and entry.window.contains(at)
            ):
                return self._quote(storefront, channel, chosen, entry.price, at)
        raise UnknownPackageError(
            "package",
            package,
            f"has no price in {storefront.country} on {channel} at {at.isoformat()}",
            "check the channel and the price windows",
        )

    def quote_custom(self, coins: Coins, *, country: str, channel: Channel, at: datetime) -> Quote:
        """Price a custom number of ``coins`` (where the storefront and channel allow it)."""
        check_aware("at", at)
        if type(channel) is not Channel:
            raise InvalidTypeError("channel", channel, "must be a Channel", "pass Channel.WEB")
        storefront = self.storefront(country)
        storefront.fees_for(channel, at=at)
        for entry in self.custom:
            if (
                entry.country == storefront.country
                and entry.channel == channel
                and entry.window.contains(at)
            ):
                package = CoinPackage(id="custom", coins=coins)
                return self._quote(storefront, channel, package, entry.price_of(coins), at)
        raise UnknownPackageError(
            "coins",
            coins,
            f"cannot be bought as a custom amount in {storefront.country} on {channel}",
            "buy a package instead",
        )

    def _quote(
        self,
        storefront: Storefront,
        channel: Channel,
        package: CoinPackage,
        price: Money,
        at: datetime,
    ) -> Quote:
        best, best_id = Coins(0), None
        for promotion in self.promotions:
            extra = promotion.extra_for(package, country=storefront.country, channel=channel, at=at)
            if extra > best:
                best, best_id = extra, promotion.id
        return Quote(
            storefront=storefront,
            channel=channel,
            package=package,
            price=price,
            promotional=best,
            promotion=best_id,
            at=at,
        )


def _unique(argument: str, keys: Iterable[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise OverlapError(argument, key, "appears twice", "give each entry its own id")
        seen.add(key)


def _no_overlap(argument: str, entries: list[tuple[Any, Window]]) -> None:
    for index, (key, window) in enumerate(entries):
        for other_key, other_window in entries[index + 1 :]:
            if key == other_key and window.overlaps(other_window):
                raise OverlapError(
                    argument,
                    key,
                    f"has overlapping windows {window} and {other_window}",
                    "end one window where the next begins",
                )
