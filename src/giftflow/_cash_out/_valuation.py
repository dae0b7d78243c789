"""What diamonds are worth in money (exchange rates live in ``giftflow._values._fx``).

A table of exact values effective from dates, passed in by the caller:
giftflow never fetches a rate, never inverts one silently and never rounds
without a named mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from giftflow._coins_out._conversion import PolicySchedule
from giftflow._values._checks import check_aware
from giftflow._values._currency import Currency
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    MissingRateError,
)
from giftflow._values._fx import FxRate, FxRates, convert_exact
from giftflow._values._fx import in_force as _in_force
from giftflow._values._money import ExactMoney, Money
from giftflow._values._units import Diamonds

__all__ = ["DiamondValuation", "FxRate", "FxRates", "convert_exact"]


def _exact_value(value: Any) -> Any:
    # Lossless widening of Money to ExactMoney; anything else goes to the validator.
    return value.exact() if type(value) is Money else value


def _values(value: Sequence[tuple[datetime | None, Money | ExactMoney]]) -> Any:
    if isinstance(value, list | tuple):
        return tuple(
            (entry[0], _exact_value(entry[1]))
            if isinstance(entry, tuple | list) and len(entry) == 2
            else entry
            for entry in value
        )
    return value


def _check_values(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not value:
        raise InvalidTypeError(
            "values",
            value,
            "must be a non-empty tuple of (start, value) pairs",
            "pass ((None, ExactMoney.parse('0.005', 'USD')),)",
        )
    previous: datetime | None = None
    first_currency: Currency | None = None
    for index, entry in enumerate(value):
        if not (isinstance(entry, tuple) and len(entry) == 2 and type(entry[1]) is ExactMoney):
            raise InvalidTypeError(
                f"values[{index}]",
                entry,
                "must be a (start, ExactMoney) pair",
                "pass (None, ExactMoney.parse('0.005', 'USD'))",
            )
        start, money = entry
        if money.minor <= 0:
            raise InvalidValueError(
                f"values[{index}].value", money, "must be positive", "pass e.g. $0.005"
            )
        if first_currency is None:
            first_currency = money.currency
        elif money.currency != first_currency:
            raise CurrencyMismatchError("mix", first_currency, money.currency)
        if start is None:
            if index != 0:
                raise InvalidValueError(
                    f"values[{index}].start", None, "may be None only first", "give a datetime"
                )
            continue
        check_aware(f"values[{index}].start", start)
        if previous is not None and start.astimezone(UTC) <= previous.astimezone(UTC):
            raise InvalidValueError(
                f"values[{index}].start", start, "must be after the previous start", "sort them"
            )
        previous = start


@attrs.frozen
class DiamondValuation:
    """What one diamond is worth in money, effective from dates.

    Each entry applies from its start until the next; the first start may be
    ``None`` (since forever). Values are :class:`ExactMoney`, since real values sit
    below the minor unit (TikTok's reported $0.005, Bigo's $1/210).

    >>> from datetime import datetime, timezone
    >>> valuation = DiamondValuation.of(ExactMoney.parse("0.005", "USD"))
    >>> print(valuation.value(Diamonds(2001), at=datetime(2026, 11, 24, tzinfo=timezone.utc)))
    10.005 USD
    """

    values: tuple[tuple[datetime | None, ExactMoney], ...] = attrs.field(
        converter=_values, validator=_check_values
    )

    @classmethod
    def of(cls, value: Money | ExactMoney) -> DiamondValuation:
        """A valuation that never changes: ``value`` per diamond.

        >>> DiamondValuation.of(Money.parse("0.01", "USD")).currency
        currency('USD')
        """
        return cls(((None, _exact_value(value)),))

    @classmethod
    def from_conversion(cls, schedule: PolicySchedule) -> DiamondValuation:
        """The diamond values of an economy's conversion policies, with the same start dates.

        >>> from giftflow.presets import twitch_bits
        >>> DiamondValuation.from_conversion(twitch_bits().conversion).values[0][1].minor
        Fraction(1, 1)
        """
        if type(schedule) is not PolicySchedule:
            raise InvalidTypeError(
                "schedule", schedule, "must be a PolicySchedule", "pass economy.conversion"
            )
        return cls(tuple((start, policy.diamond_value) for start, policy in schedule.entries))

    @property
    def currency(self) -> Currency:
        """The currency diamonds are valued in."""
        return self.values[0][1].currency

    def value_at(self, at: datetime) -> ExactMoney:
        """The value of one diamond at ``at``.

        Raises:
            MissingRateError: ``at`` is before the first entry's start.
        """
        check_aware("at", at)
        chosen: ExactMoney | None = None
        for start, value in self.values:
            if _in_force(start, at):
                chosen = value
        if chosen is None:
            first = self.values[0][0]
            assert first is not None
            raise MissingRateError(
                "valuation",
                at,
                f"has no diamond value before {first.isoformat()}",
                "add an entry that starts earlier (or with start None)",
            )
        return chosen

    def value(self, diamonds: Diamonds, *, at: datetime) -> ExactMoney:
        """The exact value of ``diamonds`` at ``at``."""
        if type(diamonds) is not Diamonds:
            raise InvalidTypeError("diamonds", diamonds, "must be Diamonds", "pass Diamonds(2000)")
        per = self.value_at(at)
        return ExactMoney(per.minor * diamonds.amount, per.currency)
