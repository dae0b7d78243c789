"""Which fees a purchase pays, where and when: fee schedules and storefronts.

A :class:`Storefront` is a country's tax and the fees of each sales channel. A
channel's fees are a tuple of :class:`~giftflow.Fee` (the same at every time) or a
:class:`FeeSchedule`: effective-dated :class:`FeePeriod` entries, half-open windows
that never overlap, chosen by the purchase's time (store programs change on dates).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import attrs

from giftflow._coins_in._fees import Channel, Fee, Tax
from giftflow._values._checks import (
    as_tuple,
    check_aware,
    check_country,
    check_instance,
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
)
from giftflow._values._time import Window

__all__ = ["FeePeriod", "FeeSchedule", "Storefront"]


def _check_period_fees(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(fee) is Fee for fee in value):
        raise InvalidTypeError(
            "fees", value, "must be a tuple of Fee", "pass e.g. (presets.apple_fee(usd),)"
        )


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
    >>> from giftflow import presets, currency
    >>> ruling = datetime(2025, 4, 30, tzinfo=timezone.utc)
    >>> FeePeriod(window=Window(start=ruling), fees=(), source="apple_link_out_us").window
    Window(start=datetime.datetime(2025, 4, 30, 0, 0, tzinfo=datetime.timezone.utc), end=None)
    """

    window: Window = attrs.field(validator=check_instance(Window, "Window(start=...)"))
    fees: tuple[Fee, ...] = attrs.field(converter=as_tuple, validator=_check_period_fees)
    source: str | None = attrs.field(default=None, validator=_check_source)

    def __attrs_post_init__(self) -> None:
        _fees_currency(self.fees, "fees")


def _check_periods(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(p) is FeePeriod for p in value):
        raise InvalidTypeError(
            "periods", value, "must be a tuple of FeePeriod", "pass (FeePeriod(...), ...)"
        )
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
    >>> from giftflow import Fee, FeeBasis, FeeKind, Rate, Rounding
    >>> ruling = datetime(2025, 4, 30, tzinfo=timezone.utc)
    >>> apple = Fee(name="apple", kind=FeeKind.STORE, basis=FeeBasis.NET_OF_TAX,
    ...             rounding=Rounding.HALF_UP, rate=Rate.parse("27%"))
    >>> schedule = FeeSchedule((
    ...     FeePeriod(window=Window(end=ruling), fees=(apple,)),
    ...     FeePeriod(window=Window(start=ruling), fees=()),
    ... ))
    >>> schedule.fees_at(datetime(2025, 4, 29, tzinfo=timezone.utc))[0].rate
    Rate.parse('0.27')
    >>> schedule.fees_at(ruling)
    ()
    """

    periods: tuple[FeePeriod, ...] = attrs.field(converter=as_tuple, validator=_check_periods)

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
        >>> from giftflow import Money, presets
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
