"""An economy: everything a platform configures, in one immutable value."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs

from giftflow._coins_in._fees import Fee
from giftflow._coins_in._lots import CostBasis
from giftflow._coins_in._packages import Channel
from giftflow._coins_in._pricing import FeeSchedule, PriceBook
from giftflow._coins_in._rules import SpendingRules
from giftflow._coins_in._wallet import SpendPolicy
from giftflow._coins_out._catalog import Catalog
from giftflow._coins_out._conversion import (
    ConversionPolicy,
    DiamondRatio,
    FixedValue,
    PolicySchedule,
    RevenueShare,
)
from giftflow._values._checks import check_instance, check_name
from giftflow._values._errors import InvalidTypeError, InvalidValueError
from giftflow._values._money import Money
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding
from giftflow._values._units import Coins, UnitNames

__all__ = ["Economy"]


def _schedule(value: PolicySchedule | ConversionPolicy) -> Any:
    if isinstance(value, RevenueShare | FixedValue | DiamondRatio):
        return PolicySchedule(((None, value),))
    return value


def _check_optional_rate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and type(value) is not Rate:
        raise InvalidTypeError(attribute.name, value, "must be a Rate or None", "Rate.parse('8%')")


def _check_optional_rules(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and type(value) is not SpendingRules:
        raise InvalidTypeError(attribute.name, value, "must be SpendingRules or None", "")


@attrs.frozen(kw_only=True)
class Economy:
    """A platform's whole configuration: prices, gifts, conversion, rounding and rules.

    Attributes:
        name: A label ("tiktok").
        names: What coins and diamonds are called.
        price_book: Storefronts, packages and prices.
        catalog: The gift catalog.
        conversion: The conversion policy, or a :class:`PolicySchedule` of policies
            effective from dates (a single policy is wrapped into one).
        diamond_rounding: How exact diamond entitlements become whole diamonds; the
            remainder is carried per creator (see :class:`Carry`).
        spend_policy: The order in which wallets spend lots.
        cost_basis: How a purchase's cost is spread over bonus coins.
        battle_bonus: Extra diamonds, as a share of those earned, for gifts that
            count toward a won battle; paid by the platform (Tango: 8%).
        spending_rules: Spending protection (minimum age, caps). A :class:`Ledger` of
            this economy enforces it on every purchase and gift, with the viewers'
            profiles it is given and the history it booked (``docs/design.md``,
            "Spending rules"). The stateless flows do not: :func:`checkout` and
            :func:`send_gift` neither read nor enforce it; a host using them without a
            ledger checks each spend with :meth:`SpendingRules.check` first.
        fx_rounding: How the ledger rounds a conversion into whole minor units (the
            exact remainder goes to its rounding account, see ``docs/design.md``).

    >>> from datetime import datetime, timezone
    >>> from giftflow import Money, presets
    >>> economy = presets.youtube_supers()
    >>> now = datetime(2026, 11, 24, tzinfo=timezone.utc)
    >>> decision = economy.spending_rules.check(Money.parse("600", "USD"), now=now, history=[])
    >>> print(decision.refusals[0])
    supers per day: 0.00 USD spent + 600.00 USD attempted exceeds the limit of 500.00 USD by 100.00 USD

    One part changes with a ``with_...`` method, which returns a new economy checked as
    the constructor checks it: :meth:`with_rounding`, and :meth:`with_fees`,
    :meth:`with_price`, :meth:`with_custom_range` and :meth:`restricted_to`, which
    change the price book through :class:`PriceBook`'s methods of the same names.
    """

    name: str = attrs.field(validator=check_name)
    names: UnitNames = attrs.field(validator=check_instance(UnitNames, "UnitNames()"))
    price_book: PriceBook = attrs.field(validator=check_instance(PriceBook, "PriceBook(...)"))
    catalog: Catalog = attrs.field(validator=check_instance(Catalog, "Catalog(...)"))
    conversion: PolicySchedule = attrs.field(
        converter=_schedule, validator=check_instance(PolicySchedule, "PolicySchedule(...)")
    )
    diamond_rounding: Rounding = attrs.field(validator=check_instance(Rounding, "Rounding.DOWN"))
    spend_policy: SpendPolicy = attrs.field(
        default=SpendPolicy.FIFO, validator=check_instance(SpendPolicy, "SpendPolicy.FIFO")
    )
    cost_basis: CostBasis = attrs.field(
        default=CostBasis.SPREAD, validator=check_instance(CostBasis, "CostBasis.SPREAD")
    )
    battle_bonus: Rate | None = attrs.field(default=None, validator=_check_optional_rate)
    spending_rules: SpendingRules | None = attrs.field(
        default=None, validator=_check_optional_rules
    )
    fx_rounding: Rounding = attrs.field(
        default=Rounding.HALF_EVEN, validator=check_instance(Rounding, "Rounding.HALF_EVEN")
    )

    def __attrs_post_init__(self) -> None:
        if self.battle_bonus is not None and self.battle_bonus > Rate.ONE:
            raise InvalidValueError(
                "battle_bonus",
                self.battle_bonus,
                "must be at most 100%",
                "pass e.g. Rate.parse('8%')",
            )

    def with_rounding(self, diamond_rounding: Rounding) -> Economy:
        """The same economy issuing whole diamonds with ``diamond_rounding``.

        Raises:
            InvalidTypeError: ``diamond_rounding`` is not a :class:`Rounding`.

        >>> from giftflow import Rounding, presets
        >>> presets.tiktok().with_rounding(Rounding.HALF_EVEN).diamond_rounding
        <Rounding.HALF_EVEN: 'ROUND_HALF_EVEN'>
        """
        return attrs.evolve(self, diamond_rounding=diamond_rounding)

    def with_fees(
        self,
        channel: Channel,
        fees: Iterable[Fee] | FeeSchedule,
        *,
        country: str | None = None,
    ) -> Economy:
        """The same economy with the fees of ``channel`` replaced (see :meth:`PriceBook.with_fees`).

        >>> from giftflow import Channel, currency, presets
        >>> economy = presets.tiktok().with_fees(
        ...     Channel.IOS, presets.apple_fee_schedule(currency("USD"), small_business=True),
        ...     country="US")
        >>> [p.source for p in economy.price_book.storefront("US").schedule_for(Channel.IOS).periods]
        ['apple_commission', 'apple_small_business']
        """
        return self._with_book(self.price_book.with_fees(channel, fees, country=country))

    def with_price(
        self,
        package: str,
        *,
        country: str,
        channel: Channel,
        price: Money,
        at: datetime | None = None,
    ) -> Economy:
        """The same economy with one package's price replaced (see :meth:`PriceBook.with_price`).

        >>> from giftflow import Channel, Money, presets
        >>> economy = presets.twitch_bits().with_price(
        ...     "bits_100", country="US", channel=Channel.WEB, price=Money.parse("1.50", "USD"))
        >>> [p.price for p in economy.price_book.prices][:2]
        [Money.parse('1.50', 'USD'), Money.parse('7.00', 'USD')]
        """
        return self._with_book(
            self.price_book.with_price(
                package, country=country, channel=channel, price=price, at=at
            )
        )

    def with_custom_range(
        self,
        *,
        min_coins: Coins | None = None,
        max_coins: Coins | None = None,
        country: str | None = None,
        channel: Channel | None = None,
    ) -> Economy:
        """The same economy with its custom amounts' range replaced (see :meth:`PriceBook.with_custom_range`).

        >>> from giftflow import Channel, Coins, presets
        >>> supers = presets.youtube_supers().with_custom_range(
        ...     min_coins=Coins(200), channel=Channel.IOS)   # $2 Super Chats and up on iOS
        >>> [(c.channel.id, c.min_coins) for c in supers.price_book.custom]
        [('web', Coins(100)), ('ios', Coins(200))]
        """
        return self._with_book(
            self.price_book.with_custom_range(
                min_coins=min_coins, max_coins=max_coins, country=country, channel=channel
            )
        )

    def restricted_to(
        self,
        *,
        countries: Iterable[str] | None = None,
        channels: Iterable[Channel] | None = None,
    ) -> Economy:
        """The same economy selling only in ``countries`` and on ``channels`` (see :meth:`PriceBook.restricted_to`).

        >>> from giftflow import presets
        >>> [s.country for s in presets.tiktok().restricted_to(countries=["GB"]).price_book.storefronts]
        ['GB']
        """
        return self._with_book(
            self.price_book.restricted_to(countries=countries, channels=channels)
        )

    def _with_book(self, price_book: PriceBook) -> Economy:
        return attrs.evolve(self, price_book=price_book)
