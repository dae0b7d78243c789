"""What a purchase costs and pays: storefronts and their fee schedules, quotes, price books.

A :class:`Storefront` is a country's tax and each sales channel's fees: a tuple of
:class:`~giftflow.Fee`, or a :class:`FeeSchedule` of dated :class:`FeePeriod` entries
(store programs change on dates). A :class:`PriceBook`'s quotes pick the price, the
promotion and the fees in force at the purchase's time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from giftflow._coins_in._fees import Fee, Tax
from giftflow._coins_in._packages import (
    Channel,
    CoinPackage,
    CustomAmount,
    PackagePrice,
    Promotion,
    check_coins,
    check_price,
    check_validity,
    customs_tuple,
    packages_tuple,
    prices_tuple,
    promotions_tuple,
)
from giftflow._coins_in._revisions import PriceBookRevisions
from giftflow._values._checks import (
    as_tuple,
    check_aware,
    check_aware_field,
    check_country,
    check_instance,
    check_name,
    check_tuple_of,
    upper,
    valid_name,
)
from giftflow._values._currency import Currency
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    OverlapError,
    UnknownChannelError,
    UnknownPackageError,
)
from giftflow._values._money import Money
from giftflow._values._time import Window
from giftflow._values._units import Coins

__all__ = ["FeePeriod", "FeeSchedule", "PriceBook", "Quote", "Storefront"]


# Typed converters: attrs takes each __init__ parameter's type from its converter, so
# mypy refuses `fees=42` while the validators refuse it at run time.


def _fee_tuple(value: Iterable[Fee]) -> tuple[Fee, ...]:
    return as_tuple(value)


def _period_tuple(value: Iterable[FeePeriod]) -> tuple[FeePeriod, ...]:
    return as_tuple(value)


def _storefronts(value: Iterable[Storefront]) -> tuple[Storefront, ...]:
    return as_tuple(value)


def _check_source(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        valid_name("source", value)


def _fees_currency(fees: tuple[Fee, ...], argument: str) -> Currency | None:
    # The one currency of the fees' fixed parts and thresholds, if any has one.
    found: Currency | None = None
    for fee in fees:
        own = fee.currency
        if own is None:
            continue
        if found is not None and own != found:
            raise CurrencyMismatchError("configure", found, own, argument=argument)
        found = own
    return found


@attrs.frozen(kw_only=True)
class FeePeriod:
    """The fees a channel charges within a window of time, and where their terms come from.

    Attributes:
        window: When the fees apply: ``[start, end)``, either side open.
        fees: The fees, in the order charged (an empty tuple charges none).
        source: A label for the terms, such as a key of :data:`giftflow.presets.SOURCES`.

    >>> from datetime import datetime, timezone
    >>> ruling = datetime(2025, 4, 30, tzinfo=timezone.utc)
    >>> FeePeriod(window=Window(start=ruling), fees=(), source="apple_link_out_us").window
    Window(start=datetime.datetime(2025, 4, 30, 0, 0, tzinfo=datetime.timezone.utc), end=None)
    """

    window: Window = attrs.field(validator=check_instance(Window, "Window(start=...)"))
    fees: tuple[Fee, ...] = attrs.field(converter=_fee_tuple, validator=check_tuple_of(Fee))
    source: str | None = attrs.field(default=None, validator=_check_source)

    def __attrs_post_init__(self) -> None:
        _fees_currency(self.fees, "fees")


def _check_periods(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_tuple_of(FeePeriod)(instance, attribute, value)
    if not value:
        raise InvalidValueError(
            "periods", value, "must not be empty", "give at least one FeePeriod"
        )
    for index, (earlier, later) in enumerate(itertools.pairwise(value)):
        if earlier.window.overlaps(later.window):
            raise OverlapError(
                f"periods[{index + 1}]",
                later.window,
                f"overlaps periods[{index}] {earlier.window}",
                "end one period where the next begins",
            )
        start, earlier_start = later.window.start, earlier.window.start
        if start is None or (
            earlier_start is not None and start.astimezone(UTC) < earlier_start.astimezone(UTC)
        ):
            raise InvalidValueError(
                f"periods[{index + 1}]",
                later.window,
                f"starts before periods[{index}] {earlier.window}",
                "list the periods in time order",
            )
    fees = tuple(fee for period in value for fee in period.fees)
    _fees_currency(fees, "periods")


@attrs.frozen
class FeeSchedule:
    """A channel's fees over time: dated periods, in time order, that never overlap.

    A purchase pays the fees of the period whose window holds its time (the quote's
    ``at``); a time no period covers cannot be sold (the terms are not known then).

    >>> from datetime import datetime, timezone
    >>> from giftflow import presets
    >>> schedule = presets.apple_link_out_fee_schedule()  # Apple's US link-out terms
    >>> [p.window.start for p in schedule.periods][1]
    datetime.datetime(2025, 4, 30, 0, 0, tzinfo=datetime.timezone.utc)
    >>> [fee.rate for fee in schedule.fees_at(datetime(2025, 4, 29, tzinfo=timezone.utc))]
    [Rate.parse('0.27')]
    """

    periods: tuple[FeePeriod, ...] = attrs.field(converter=_period_tuple, validator=_check_periods)

    @property
    def currency(self) -> Currency | None:
        """The currency of the fees' fixed parts and thresholds, if any has one."""
        return _fees_currency(tuple(fee for p in self.periods for fee in p.fees), "periods")

    def period_at(self, at: datetime) -> FeePeriod:
        """The period in force at ``at``.

        Raises:
            NaiveDatetimeError: ``at`` has no time zone.
            UnknownChannelError: No period covers ``at``.
        """
        return self._period_at(at, "")

    def fees_at(self, at: datetime) -> tuple[Fee, ...]:
        """The fees charged at ``at``, in order (see :meth:`period_at`)."""
        return self._period_at(at, "").fees

    def plus(self, *fees: Fee) -> FeeSchedule:
        """The same schedule with ``fees`` charged after each period's own (a processor's).

        >>> from datetime import datetime, timezone
        >>> from giftflow import presets
        >>> link_out = presets.apple_link_out_fee_schedule().plus(presets.card_processor_fee())
        >>> [fee.name for fee in link_out.fees_at(datetime(2026, 1, 1, tzinfo=timezone.utc))]
        ['apple link-out', 'card']
        """
        if not all(type(fee) is Fee for fee in fees):
            raise InvalidTypeError("fees", fees, "must all be Fee", "pass card_processor_fee()")
        return FeeSchedule(
            tuple(attrs.evolve(period, fees=period.fees + fees) for period in self.periods)
        )

    def _period_at(self, at: datetime, where: str) -> FeePeriod:
        check_aware("at", at)
        for period in self.periods:
            if period.window.contains(at):
                return period
        windows = ", ".join(str(period.window) for period in self.periods)
        raise UnknownChannelError(
            "at",
            at,
            f"is outside every period of the fee schedule{where} ({windows})",
            "sell at a time a period covers, or add a FeePeriod for it",
        )


# -- Storefronts: a country's tax and each channel's fees --


def _fee_map(
    value: Mapping[Channel, Iterable[Fee] | FeeSchedule]
    | tuple[tuple[Channel, tuple[Fee, ...] | FeeSchedule], ...],
) -> Any:
    # A dict of channel -> fees into a sorted tuple of pairs (hashable). The pairs are
    # a tuple, not any iterable, so mypy reads a dict mixing tuples and schedules.
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
        if type(fees) is FeeSchedule:
            continue
        if not isinstance(fees, tuple) or not all(type(fee) is Fee for fee in fees):
            raise InvalidTypeError(
                attribute.name,
                fees,
                f"must hold a tuple of Fee or a FeeSchedule for {channel}",
                "wrap the fees in a tuple",
            )


@attrs.frozen(kw_only=True)
class Storefront:
    """A country's shop: its currency, its tax, and the fees of each sales channel.

    Fees for a channel are applied in order (e.g. the store's commission, then a
    processor fee); a channel missing from ``fees`` cannot sell here. A channel's
    fees are a tuple (the same at every time) or a :class:`FeeSchedule` (chosen by
    the purchase's time).

    >>> from giftflow import Fee, FeeBasis, Rounding, Rate, Tax, currency
    >>> us = Storefront(country="us", currency=currency("USD"), tax=Tax.none(),
    ...                 fees={Channel.WEB: ()})
    >>> (us.country, us.channels)
    ('US', (Channel('web'),))
    """

    country: str = attrs.field(converter=upper, validator=check_country)
    currency: Currency = attrs.field(validator=check_instance(Currency, "currency('USD')"))
    tax: Tax = attrs.field(validator=check_instance(Tax, "Tax.none()"))
    fees: tuple[tuple[Channel, tuple[Fee, ...] | FeeSchedule], ...] = attrs.field(
        converter=_fee_map, validator=_check_fees
    )

    def __attrs_post_init__(self) -> None:
        for _channel, fees in self.fees:
            own = fees.currency if isinstance(fees, FeeSchedule) else _fees_currency(fees, "fees")
            if own is not None and own != self.currency:
                raise CurrencyMismatchError("configure", self.currency, own, argument="fees")

    @property
    def channels(self) -> tuple[Channel, ...]:
        """The channels that sell in this storefront."""
        return tuple(channel for channel, _ in self.fees)

    def fees_for(self, channel: Channel, *, at: datetime | None = None) -> tuple[Fee, ...]:
        """Return the fees of ``channel`` at time ``at``, in the order they are charged.

        Args:
            channel: The sales channel.
            at: The purchase's time; required when the channel's fees are a
                :class:`FeeSchedule`, ignored otherwise.

        Raises:
            UnknownChannelError: The channel does not sell in this storefront, or
                its schedule has no period at ``at``.
            InvalidValueError: The channel's fees are scheduled and ``at`` is None.
        """
        fees = self._entry(channel)
        if not isinstance(fees, FeeSchedule):
            return fees
        if at is None:
            raise InvalidValueError(
                "at",
                at,
                f"is required: the fees of {channel} in storefront {self.country} follow a "
                "FeeSchedule",
                "pass the purchase's time, e.g. fees_for(quote.channel, at=quote.at)",
            )
        return fees._period_at(at, f" of {channel} in storefront {self.country}").fees

    def schedule_for(self, channel: Channel) -> FeeSchedule:
        """Return the fees of ``channel`` over time (one open period for a plain tuple).

        Raises:
            UnknownChannelError: The channel does not sell in this storefront.

        >>> from giftflow import Tax, currency
        >>> us = Storefront(country="US", currency=currency("USD"), tax=Tax.none(),
        ...                 fees={Channel.WEB: ()})
        >>> us.schedule_for(Channel.WEB).periods[0].window
        Window(start=None, end=None)
        """
        fees = self._entry(channel)
        if isinstance(fees, FeeSchedule):
            return fees
        return FeeSchedule((FeePeriod(window=Window(), fees=fees),))

    def _entry(self, channel: Channel) -> tuple[Fee, ...] | FeeSchedule:
        for candidate, fees in self.fees:
            if candidate == channel:
                return fees
        raise UnknownChannelError(
            "channel",
            channel,
            f"does not sell in storefront {self.country}",
            f"use one of {', '.join(str(c) for c in self.channels) or 'no channels (none set)'}",
        )


# -- Quotes and price books --


def _check_optional_name(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_name(instance, attribute, value)


@attrs.frozen(kw_only=True)
class Quote:
    """What a viewer would get and pay for a purchase at a time: the listed price and coins.

    ``price`` is the listed price (tax included or not, by the storefront's
    :class:`~giftflow.TaxMode`); ``promotion`` names the promotion that added
    ``promotional`` coins, if any, and ``promotional_validity`` is that promotion's
    ``validity``: how long after ``at`` the promotional coins expire (``None``: never).

    >>> from datetime import datetime, timedelta, timezone
    >>> from giftflow import Tax, currency
    >>> us = Storefront(country="US", currency=currency("USD"), tax=Tax.none(),
    ...                 fees={Channel.WEB: ()})
    >>> quote = Quote(storefront=us, channel=Channel.WEB, package=CoinPackage(id="p",
    ...               coins=Coins(70)), price=Money.parse("0.74", "USD"), promotional=Coins(0),
    ...               promotion=None, at=datetime(2026, 11, 24, tzinfo=timezone.utc),
    ...               promotional_validity=timedelta(days=7))
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: promotional_validity must be None without a promotion, ...
    """

    storefront: Storefront = attrs.field(
        validator=check_instance(Storefront, "book.storefront('US')")
    )
    channel: Channel = attrs.field(validator=check_instance(Channel, "Channel.IOS"))
    package: CoinPackage = attrs.field(
        validator=check_instance(CoinPackage, "book.package('coins_65')")
    )
    price: Money = attrs.field(validator=check_price)
    promotional: Coins = attrs.field(validator=check_coins)
    promotion: str | None = attrs.field(validator=_check_optional_name)
    at: datetime = attrs.field(validator=check_aware_field)
    promotional_validity: timedelta | None = attrs.field(default=None, validator=check_validity)

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
        if self.promotion is None and self.promotional_validity is not None:
            raise InvalidValueError(
                "promotional_validity",
                self.promotional_validity,
                "must be None without a promotion, since there are no promotional coins to expire",
                "quote through PriceBook.quote, which takes it from the promotion",
            )

    @property
    def coins(self) -> Coins:
        """Every coin the purchase credits: base, bonus and promotional."""
        return self.package.total + self.promotional


@attrs.frozen(kw_only=True)
class PriceBook(PriceBookRevisions):
    """Every storefront, package, price, custom amount and promotion of an economy.

    Prices are effective-dated: a quote uses the price whose window contains
    the purchase time. Two prices for the same package, storefront and channel
    with overlapping windows are refused, as is a price in a currency other
    than its storefront's. One part changes with a ``with_...`` method (fees,
    a price, a custom range) or :meth:`~giftflow.PriceBook.restricted_to`, each checked as here.

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
        converter=_storefronts, validator=check_tuple_of(Storefront)
    )
    packages: tuple[CoinPackage, ...] = attrs.field(
        converter=packages_tuple, validator=check_tuple_of(CoinPackage)
    )
    prices: tuple[PackagePrice, ...] = attrs.field(
        converter=prices_tuple, validator=check_tuple_of(PackagePrice)
    )
    custom: tuple[CustomAmount, ...] = attrs.field(
        default=(), converter=customs_tuple, validator=check_tuple_of(CustomAmount)
    )
    promotions: tuple[Promotion, ...] = attrs.field(
        default=(), converter=promotions_tuple, validator=check_tuple_of(Promotion)
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
        best, chosen = Coins(0), None
        for promotion in self.promotions:
            extra = promotion.extra_for(package, country=storefront.country, channel=channel, at=at)
            if extra > best:
                best, chosen = extra, promotion
        return Quote(
            storefront=storefront,
            channel=channel,
            package=package,
            price=price,
            promotional=best,
            promotion=None if chosen is None else chosen.id,
            at=at,
            promotional_validity=None if chosen is None else chosen.validity,
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
