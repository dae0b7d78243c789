"""Explicit exchange rates between currencies: exact, effective from dates, never inverted.

A table of :class:`FxRate` passed in by the caller: giftflow never fetches a rate,
never inverts one silently and never rounds without a named mode. The ledger
records the rates an event used in the event itself, so replay needs no rate source.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

import attrs

from giftflow._values._checks import as_tuple, check_aware, check_instance
from giftflow._values._currency import Currency
from giftflow._values._currency import resolve_currency as _resolve_currency
from giftflow._values._errors import (
    InvalidTypeError,
    InvalidValueError,
    MissingRateError,
    OverlapError,
)
from giftflow._values._money import ExactMoney, Money
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding

__all__ = [
    "FxRate",
    "FxRates",
    "convert_exact",
    "converted_minor",
    "in_force",
    "show_rate",
    "sort_key",
]


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


def sort_key(effective: datetime | None) -> tuple[int, datetime]:
    # None (in force since forever) sorts before every date.
    if effective is None:
        return (0, datetime.min.replace(tzinfo=UTC))
    return (1, effective.astimezone(UTC))


def in_force(effective: datetime | None, at: datetime) -> bool:
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
        return f"{show_rate(self.source, self.rate, self.target)}{since}"


def _check_fx_rates(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(rate) is FxRate for rate in value):
        raise InvalidTypeError(
            "rates", value, "must be a tuple of FxRate", "pass (FxRate.of('EUR', 'USD', '1.08'),)"
        )
    seen: set[tuple[Currency, Currency, tuple[int, datetime]]] = set()
    for rate in value:
        key = (rate.source, rate.target, sort_key(rate.effective))
        if key in seen:
            raise OverlapError(
                "rates",
                str(rate),
                "lists the same pair twice from the same date",
                "keep one rate per pair and effective date",
            )
        seen.add(key)


def _rates(value: Iterable[FxRate]) -> tuple[FxRate, ...]:
    return as_tuple(value)


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

    rates: tuple[FxRate, ...] = attrs.field(converter=_rates, validator=_check_fx_rates)

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
            if in_force(entry.effective, at):
                if best is None or sort_key(entry.effective) > sort_key(best.effective):
                    best = entry
            elif later is None or sort_key(entry.effective) < sort_key(later.effective):
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

    def at(self, at: datetime) -> FxRates:
        """The entries in force at ``at``, one per pair: what an event dated ``at`` carries.

        >>> from datetime import datetime, timezone
        >>> nov = datetime(2026, 11, 1, tzinfo=timezone.utc)
        >>> table = FxRates((FxRate.of("GBP", "USD", "1.25"),
        ...                  FxRate.of("GBP", "USD", "1.27", effective=nov),
        ...                  FxRate.of("EUR", "USD", "1.08", effective=nov)))
        >>> [str(rate) for rate in table.at(datetime(2026, 10, 2, tzinfo=timezone.utc)).rates]
        ['1 GBP = 1.25 USD']
        """
        check_aware("at", at)
        best: dict[tuple[Currency, Currency], FxRate] = {}
        for entry in self.rates:
            if not in_force(entry.effective, at):
                continue
            pair = (entry.source, entry.target)
            held = best.get(pair)
            if held is None or sort_key(entry.effective) > sort_key(held.effective):
                best[pair] = entry
        return FxRates(
            tuple(best[pair] for pair in sorted(best, key=lambda p: (p[0].code, p[1].code)))
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


@functools.lru_cache(maxsize=1024)  # the same few rates are written on every gift
def show_rate(source: Currency, rate: Rate, target: Currency) -> str:
    """A rate as people read it, e.g. ``'1 GBP = 1.2634 USD'`` (what transactions record).

    >>> from giftflow import currency
    >>> show_rate(currency("GBP"), Rate.parse("1.2634"), currency("USD"))
    '1 GBP = 1.2634 USD'
    """
    return f"1 {source.code} = {rate._canonical()} {target.code}"


def convert_exact(amount: ExactMoney, rate: Rate, target: Currency) -> ExactMoney:
    """``amount`` times ``rate`` in ``target``, exactly, minding both currencies' exponents."""
    return ExactMoney(converted_minor(amount.minor, rate, amount.currency, target), target)


def converted_minor(
    minor: int | Fraction, rate: Rate, source: Currency, target: Currency
) -> Fraction:
    """``minor`` units of ``source`` in minor units of ``target`` at ``rate``, exactly.

    The rule :func:`convert_exact` applies, on bare numbers (the ledger's hot path).

    >>> from giftflow import currency
    >>> converted_minor(749, Rate.parse("1.2634"), currency("GBP"), currency("JPY"))  # ¥9.46
    Fraction(4731433, 500000)
    """
    shift = target.exponent - source.exponent
    exact: Fraction = rate.value * minor
    if not shift:
        return exact
    scale: int = 10 ** abs(shift)
    return exact * scale if shift > 0 else exact / scale
