"""What diamonds are worth in money, and explicit exchange rates between currencies.

Both are tables of exact values effective from dates, passed in by the caller:
giftflow never fetches a rate, never inverts one silently and never rounds
without a named mode.
"""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

import attrs

from giftflow._coins_out._conversion import PolicySchedule
from giftflow._values._checks import as_tuple, check_aware, check_instance
from giftflow._values._currency import Currency
from giftflow._values._currency import resolve_currency as _resolve_currency
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    MissingRateError,
    OverlapError,
)
from giftflow._values._money import ExactMoney, Money
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding
from giftflow._values._units import Diamonds

__all__ = ["DiamondValuation", "FxRate", "FxRates"]


def _check_effective(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_aware(attribute.name, value)


def _check_positive_rate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Rate:
        raise InvalidTypeError(
            "rate",
            value,
            "must be a Rate",
            "pass Rate.parse('1.0812') (units of target per source)",
        )
    if value.value <= 0:
        raise InvalidValueError(
            "rate",
            value,
            "must be positive: an exchange rate of zero would make money vanish",
            "pass the price of one unit of source in target, e.g. Rate.parse('1.0812')",
        )


def _sort_key(effective: datetime | None) -> tuple[int, datetime]:
    # None (in force since forever) sorts before every date.
    if effective is None:
        return (0, datetime.min.replace(tzinfo=UTC))
    return (1, effective.astimezone(UTC))


def _in_force(effective: datetime | None, at: datetime) -> bool:
    return effective is None or effective.astimezone(UTC) <= at.astimezone(UTC)


@attrs.frozen(kw_only=True)
class FxRate:
    """One exchange rate: ``rate`` units of ``target`` per unit of ``source``, from ``effective``.

    Rates are exact (:class:`Rate`) and strictly positive. ``effective=None`` means
    in force since forever; otherwise a timezone-aware datetime.

    Attributes:
        source: The currency converted from.
        target: The currency converted to.
        rate: Major units of ``target`` per major unit of ``source``.
        effective: When the rate takes effect (inclusive), or ``None``.

    >>> eur_usd = FxRate.of("EUR", "USD", "1.0812")
    >>> (eur_usd.source.code, eur_usd.target.code, eur_usd.rate)
    ('EUR', 'USD', Rate.parse('1.0812'))
    >>> FxRate.of("EUR", "USD", "0")
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: rate must be positive: an exchange rate of zero would make money vanish, ...
    """

    source: Currency = attrs.field(validator=check_instance(Currency, "currency('EUR')"))
    target: Currency = attrs.field(validator=check_instance(Currency, "currency('USD')"))
    rate: Rate = attrs.field(validator=_check_positive_rate)
    effective: datetime | None = attrs.field(default=None, validator=_check_effective)

    def __attrs_post_init__(self) -> None:
        if self.source == self.target:
            raise InvalidValueError(
                "target",
                self.target,
                "must differ from source",
                "leave same-currency pairs out: converting a currency to itself needs no rate",
            )

    @classmethod
    def of(
        cls,
        source: Currency | str,
        target: Currency | str,
        rate: str | Rate,
        *,
        effective: datetime | None = None,
    ) -> FxRate:
        """Build a rate from codes and text, e.g. ``FxRate.of("EUR", "USD", "1.0812")``.

        Raises:
            UnknownCurrencyError: A code is not ISO 4217.
            InvalidValueError: The rate is zero or negative, or the currencies are equal.
            ParseError: The rate text is not a number.
        """
        parsed = rate if isinstance(rate, Rate) else Rate.parse(rate)
        return cls(
            source=_resolve_currency("source", source),
            target=_resolve_currency("target", target),
            rate=parsed,
            effective=effective,
        )

    def __str__(self) -> str:
        since = "" if self.effective is None else f" from {self.effective.isoformat()}"
        return f"1 {self.source.code} = {self.rate._canonical()} {self.target.code}{since}"


def _check_fx_rates(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(rate) is FxRate for rate in value):
        raise InvalidTypeError(
            "rates", value, "must be a tuple of FxRate", "pass (FxRate.of('EUR', 'USD', '1.08'),)"
        )
    seen: set[tuple[Currency, Currency, tuple[int, datetime]]] = set()
    for rate in value:
        key = (rate.source, rate.target, _sort_key(rate.effective))
        if key in seen:
            raise OverlapError(
                "rates",
                str(rate),
                "lists the same pair twice from the same date",
                "keep one rate per pair and effective date",
            )
        seen.add(key)


@attrs.frozen
class FxRates:
    """An explicit table of exchange rates passed in by the caller, effective from dates.

    A pair is looked up exactly as given: the table never inverts ``EUR->USD`` to
    get ``USD->EUR`` (real conversions have a spread), so a missing pair raises
    :class:`MissingRateError` naming it. Converting a currency to itself needs no
    entry. For each pair the entry in force is the one with the latest
    ``effective`` at or before the time asked.

    >>> from datetime import datetime, timezone
    >>> nov = datetime(2026, 11, 1, tzinfo=timezone.utc)
    >>> table = FxRates((FxRate.of("USD", "EUR", "0.92"),
    ...                  FxRate.of("USD", "EUR", "0.9250", effective=nov)))
    >>> table.rate("USD", "EUR", at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    Rate.parse('0.925')
    >>> paid, residue = table.convert(Money.parse("10.01", "USD"), "EUR",
    ...                               at=nov, rounding=Rounding.DOWN)
    >>> print(paid, "|", residue)
    9.25 EUR | 0.00925 EUR
    """

    rates: tuple[FxRate, ...] = attrs.field(converter=as_tuple, validator=_check_fx_rates)

    def rate(self, source: Currency | str, target: Currency | str, *, at: datetime) -> Rate:
        """The rate from ``source`` to ``target`` in force at ``at`` (one for the same currency).

        Raises:
            MissingRateError: No entry for the pair is in force at ``at``.
            NaiveDatetimeError: ``at`` has no time zone.
        """
        src = _resolve_currency("source", source)
        tgt = _resolve_currency("target", target)
        check_aware("at", at)
        if src == tgt:
            return Rate.ONE
        best: FxRate | None = None
        later: FxRate | None = None
        for entry in self.rates:
            if entry.source != src or entry.target != tgt:
                continue
            if _in_force(entry.effective, at):
                if best is None or _sort_key(entry.effective) > _sort_key(best.effective):
                    best = entry
            elif later is None or _sort_key(entry.effective) < _sort_key(later.effective):
                later = entry
        if best is not None:
            return best.rate
        hint = f"add FxRate.of({src.code!r}, {tgt.code!r}, '...', effective=...) in force by then"
        if later is not None and later.effective is not None:
            hint += f" (the first one is effective from {later.effective.isoformat()})"
        raise MissingRateError(
            "rates",
            f"{src.code}->{tgt.code}",
            f"has no rate from {src.code} to {tgt.code} in force at {at.isoformat()}",
            hint,
        )

    def convert(
        self,
        amount: Money | ExactMoney,
        to: Currency | str,
        *,
        at: datetime,
        rounding: Rounding,
    ) -> tuple[Money, ExactMoney]:
        """Convert ``amount`` into ``to`` at the rate in force at ``at``, rounding once.

        Returns:
            ``(converted, residue)``, both in ``to``: the exact converted value is
            ``converted + residue``, exactly. Book the residue to a rounding account.

        Raises:
            MissingRateError: The pair has no rate in force at ``at``.
            InvalidTypeError: ``amount`` is not Money or ExactMoney, or ``rounding`` is not a Rounding.
        """
        if type(amount) is Money:
            exact = amount.exact()
        elif type(amount) is ExactMoney:
            exact = amount
        else:
            raise InvalidTypeError(
                "amount", amount, "must be Money or ExactMoney", "pass Money.parse('10.00', 'USD')"
            )
        if type(rounding) is not Rounding:
            raise InvalidTypeError(
                "rounding",
                rounding,
                "must be a Rounding",
                "pass e.g. Rounding.HALF_EVEN explicitly",
            )
        target = _resolve_currency("to", to)
        rate = self.rate(exact.currency, target, at=at)
        return convert_exact(exact, rate, target).round_with_remainder(rounding)


def convert_exact(amount: ExactMoney, rate: Rate, target: Currency) -> ExactMoney:
    """``amount`` times ``rate`` in ``target``, exactly, minding both currencies' exponents."""
    scale = Fraction(10) ** (target.exponent - amount.currency.exponent)
    return ExactMoney(amount.minor * rate.value * scale, target)


def _exact_value(value: Any) -> Any:
    # Lossless widening of Money to ExactMoney; anything else goes to the validator.
    return value.exact() if type(value) is Money else value


def _values(value: Any) -> Any:
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
