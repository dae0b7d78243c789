"""An economy: everything a platform configures, in one immutable value."""

from __future__ import annotations

from typing import Any

import attrs

from giftflow._coins_in._lots import CostBasis
from giftflow._coins_in._pricing import PriceBook
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
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding
from giftflow._values._units import UnitNames

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
