"""Exact money: integer minor units of a currency, and exact unrounded amounts."""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from giftflow._values._allocation import allocate_units, check_parts, weights_of
from giftflow._values._currency import Currency
from giftflow._values._currency import resolve_currency as _resolve_currency
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    ParseError,
    refuse,
    refuse_operators,
)
from giftflow._values._numbers import (
    bounded,
    check_amount,
    check_fraction,
    decimal_text,
    decimal_to_fraction,
    format_scaled,
    parse_decimal_text,
    parse_ratio,
    scaled_minor,
    split_code,
    text_minor,
)
from giftflow._values._operators import exact_hint, money_hint
from giftflow._values._rate import Rate, check_rate
from giftflow._values._rounding import Rounding, check_rounding, round_fraction

__all__ = ["ExactMoney", "Money"]


def _check_minor(instance: Any, attribute: Any, value: Any) -> None:
    if type(value) is not int:
        raise InvalidTypeError(
            "minor",
            value,
            "must be an int of minor units",
            "use Money.parse('1.50', 'USD') for decimal amounts; floats are never exact",
        )
    check_amount("minor", value)


def _check_currency(instance: Any, attribute: Any, value: Any) -> None:
    if type(value) is not Currency:
        raise InvalidTypeError(
            "currency", value, "must be a Currency", "use Money.of_minor(1050, 'USD')"
        )


_new = object.__new__
# Never the ambient context: its 28 digits would round large amounts silently.
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def check_optional_money(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Attrs validator: ``None`` or a non-negative Money."""
    if value is None:
        return
    if type(value) is not Money:
        raise InvalidTypeError(
            attribute.name, value, "must be Money or None", "pass Money.parse('0.30', 'USD')"
        )
    if value.minor < 0:
        raise InvalidValueError(attribute.name, value, "must not be negative", "pass 0 or more")


@refuse_operators(money_hint)
@attrs.frozen(order=False, repr=False)
class Money:
    """An exact amount of money: a whole number of minor units of one currency.

    Build it with :meth:`of_minor` (``1050`` cents) or :meth:`parse` (``"10.50"``);
    floats are refused everywhere. Amounts of one currency add, subtract, compare
    and hash; mixing currencies raises :class:`CurrencyMismatchError`. Multiplying
    by a :class:`Rate` is never implicit: :meth:`multiply` names its rounding mode,
    and :meth:`multiply_exact` keeps the exact result for later rounding.

    Attributes:
        minor: The amount in minor units (cents for USD), an ``int``.
        currency: The :class:`Currency`.

    >>> price = Money.parse("10.50", "USD")
    >>> price + Money.of_minor(25, "USD")
    Money.parse('10.75', 'USD')
    >>> price.allocate([70, 30])
    (Money.parse('7.35', 'USD'), Money.parse('3.15', 'USD'))
    >>> print(price * 3)
    31.50 USD
    """

    minor: int = attrs.field(validator=_check_minor)
    currency: Currency = attrs.field(validator=_check_currency)

    @classmethod
    def _unchecked(cls, minor: int, currency: Currency) -> Money:
        # The one way to build without validating, for values the caller has already
        # validated (arithmetic, the ledger's hot path): an int and a Currency.
        money = _new(Money)
        _set_minor(money, minor)
        _set_currency(money, currency)
        return money

    @classmethod
    def of_minor(cls, minor: int, currency: Currency | str) -> Money:
        """Build an amount from whole minor units.

        Args:
            minor: Minor units (cents for USD, yen for JPY), an ``int``.
            currency: A :class:`Currency` or an ISO 4217 code.

        Raises:
            InvalidTypeError: ``minor`` is not an ``int`` (floats and bools are refused).
            UnknownCurrencyError: ``currency`` is an unknown code.

        >>> Money.of_minor(1050, "USD")
        Money.parse('10.50', 'USD')
        >>> Money.of_minor(500, "JPY")
        Money.parse('500', 'JPY')
        """
        _check_minor(None, None, minor)
        return _money(minor, _resolve_currency("currency", currency))

    @classmethod
    def parse(cls, amount: str | Decimal, currency: Currency | str | None = None) -> Money:
        """Parse an amount in major units, exactly.

        Text is a plain decimal (``"10.50"``, ``"-3"``), optionally followed by the
        currency code (``"10.50 USD"``, the form :func:`str` produces). A value
        with more precision than the currency's minor unit is refused, never
        rounded; trailing zeros beyond it are fine (``"1.500"`` USD).

        Args:
            amount: Decimal text or a :class:`~decimal.Decimal`.
            currency: A :class:`Currency` or ISO code; may be omitted when the text
                ends with an ISO code.

        Raises:
            InvalidTypeError: ``amount`` is a float, int, bool or other type.
            ParseError: The text is not a plain decimal number.
            InvalidValueError: The Decimal is NaN or infinite, or written out it needs
                more than 4,300 digits (``Decimal("1E+999999999")``, say).
            PrecisionLossError: The amount has more precision than the currency.
            CurrencyMismatchError: The code in the text is not ``currency``.
            UnknownCurrencyError: The code is not an ISO 4217 code.

        >>> Money.parse("10.50 USD") == Money.parse(Decimal("10.5"), "USD")
        True
        >>> Money.parse("1.005", "USD")
        Traceback (most recent call last):
        ...
        giftflow.PrecisionLossError: amount has more decimal places than USD allows (2), ...
        """
        if isinstance(amount, str):
            text, code = split_code(amount)
            if code is not None:
                named = _resolve_currency("currency", code) if currency is None else None
                if currency is not None:
                    target = _resolve_currency("currency", currency)
                    if target.code != code.upper():
                        raise CurrencyMismatchError("parse", code.upper(), target.code)
                    named = target
                assert named is not None
                target = named
            elif currency is None:
                raise InvalidValueError(
                    "currency",
                    None,
                    "is needed when the text names no currency",
                    f"pass it, e.g. Money.parse({amount!r}, 'USD')",
                )
            else:
                target = _resolve_currency("currency", currency)
            return _money(text_minor(amount, text, target.exponent, target.code), target)
        if isinstance(amount, Decimal):
            if currency is None:
                raise InvalidValueError(
                    "currency", None, "is needed with a Decimal amount", "pass 'USD' or a Currency"
                )
            target = _resolve_currency("currency", currency)
            value = decimal_to_fraction("amount", amount)[0]
        else:
            hint = "use Money.parse('10.50', 'USD')"
            if type(amount) is int and amount.bit_length() < 64:
                hint = (
                    f"for minor units use Money.of_minor({amount}, ...); "
                    f"for major units pass the text '{amount}'"
                )
            raise InvalidTypeError("amount", amount, "must be a str or a Decimal", hint)
        return _money(scaled_minor(amount, value, target.exponent, target.code), target)

    @classmethod
    def zero(cls, currency: Currency | str) -> Money:
        """Return zero in ``currency``.

        >>> Money.zero("EUR")
        Money.parse('0.00', 'EUR')
        """
        return _money(0, _resolve_currency("currency", currency))

    @classmethod
    def total(cls, amounts: Iterable[Money], currency: Currency | str) -> Money:
        """Add up ``amounts``, all in ``currency``; an empty iterable gives zero.

        The currency is required so that an empty sum still has one, and so that
        ``sum()`` never needs a special case for ``0``.

        Raises:
            CurrencyMismatchError: An amount is in another currency.
            InvalidTypeError: An item is not a :class:`Money`.

        >>> Money.total([Money.of_minor(1, "USD"), Money.of_minor(2, "USD")], "USD")
        Money.parse('0.03', 'USD')
        """
        target = _resolve_currency("currency", currency)
        if isinstance(amounts, str | bytes) or not hasattr(amounts, "__iter__"):
            raise InvalidTypeError("amounts", amounts, "must be an iterable of Money", "a list")
        minor = 0
        for amount in amounts:
            if type(amount) is not Money:
                raise InvalidTypeError(
                    "amounts", amount, "must hold only Money", "convert other values first"
                )
            if amount.currency != target:
                raise CurrencyMismatchError("add", target, amount.currency)
            minor += amount.minor
        return _money(minor, target)

    def to_decimal(self) -> Decimal:
        """Return the amount in major units as an exact :class:`~decimal.Decimal`.

        >>> Money.of_minor(-1050, "USD").to_decimal()
        Decimal('-10.50')
        """
        return Decimal(self.minor).scaleb(-self.currency.exponent, _EXACT)

    def exact(self) -> ExactMoney:
        """Return this amount as an :class:`ExactMoney`.

        >>> Money.of_minor(5, "USD").exact()
        ExactMoney(minor=Fraction(5, 1), currency=currency('USD'))
        """
        return ExactMoney(Fraction(self.minor), self.currency)

    def multiply_exact(self, rate: Rate) -> ExactMoney:
        """Multiply by ``rate`` exactly; round the result later with :meth:`ExactMoney.round`.

        >>> Money.parse("0.99", "USD").multiply_exact(Rate.parse("30%"))
        ExactMoney(minor=Fraction(297, 10), currency=currency('USD'))
        """
        check_rate(rate)
        return ExactMoney(self.minor * rate.value, self.currency)

    def multiply(self, rate: Rate, rounding: Rounding) -> Money:
        """Multiply by ``rate`` and round to whole minor units with ``rounding``.

        What rounding leaves over is returned by
        ``self.multiply_exact(rate).round_with_remainder(rounding)``; use that when
        the remainder must be booked.

        >>> Money.parse("0.99", "USD").multiply(Rate.parse("30%"), Rounding.HALF_EVEN)
        Money.parse('0.30', 'USD')
        """
        check_rate(rate)
        check_rounding(rounding)
        value = rate.value
        numerator = self.minor * value.numerator
        return _money(
            bounded(round_fraction(numerator, value.denominator, rounding)), self.currency
        )

    def allocate(self, ratios: Sequence[int | Fraction | Rate]) -> tuple[Money, ...]:
        """Split into parts proportional to ``ratios``; the parts add up exactly.

        Rule (largest remainder, Hamilton): each part gets the floor of its exact
        share, then the minor units left over go one at a time to the parts with
        the largest fractional remainder, ties to the earlier part. A negative
        amount splits as the mirror image of its absolute value, so a refund
        splits exactly like the payment it reverses.

        Args:
            ratios: Non-negative ints, Fractions or Rates, not all zero.

        Raises:
            InvalidTypeError: A ratio is a float, bool or other type.
            InvalidValueError: ``ratios`` is empty, has a negative, or is all zero.

        >>> [str(part) for part in Money.parse("1.00", "USD").allocate([1, 1, 1])]
        ['0.34 USD', '0.33 USD', '0.33 USD']
        >>> [str(part) for part in Money.parse("0.05", "USD").allocate([70, 30])]
        ['0.04 USD', '0.01 USD']
        >>> [str(part) for part in Money.parse("1.00", "USD").allocate([0, 1, 1])]
        ['0.00 USD', '0.50 USD', '0.50 USD']
        """
        currency = self.currency
        parts = allocate_units(self.minor, weights_of(ratios))
        return tuple([_money(part, currency) for part in parts])

    def split(self, count: int) -> tuple[Money, ...]:
        """Split into ``count`` parts as equal as possible, earlier parts larger.

        >>> [str(part) for part in Money.parse("0.10", "USD").split(3)]
        ['0.04 USD', '0.03 USD', '0.03 USD']
        """
        currency = self.currency
        parts = allocate_units(self.minor, [1] * check_parts(count))
        return tuple([_money(part, currency) for part in parts])

    def __add__(self, other: Money) -> Money:
        if type(other) is not Money:
            _decline(self, "+", other)
            return NotImplemented
        currency = self.currency
        if other.currency is not currency and other.currency != currency:
            raise CurrencyMismatchError("add", currency, other.currency)
        money = _new(Money)  # _money, inlined: this is the hottest path
        _set_minor(money, self.minor + other.minor)
        _set_currency(money, currency)
        return money

    def __sub__(self, other: Money) -> Money:
        if type(other) is not Money:
            _decline(self, "-", other)
            return NotImplemented
        if other.currency is not self.currency and other.currency != self.currency:
            raise CurrencyMismatchError("subtract", self.currency, other.currency)
        return _money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return _money(-self.minor, self.currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return self if self.minor >= 0 else _money(-self.minor, self.currency)

    def __mul__(self, other: int) -> Money:
        if type(other) is not int:
            refuse(self, "*", other, money_hint)
            return NotImplemented
        return _money(bounded(self.minor * other), self.currency)

    __rmul__ = __mul__  # 1.5 * amount: refused like amount * 1.5

    def __floordiv__(self, other: int) -> Money:
        if type(other) is not int:
            refuse(self, "//", other, money_hint)
            return NotImplemented
        if other == 0:
            raise InvalidValueError(
                "divisor", other, "must not be zero", "divide by a non-zero int"
            )
        return _money(self.minor // other, self.currency)

    def __bool__(self) -> bool:
        return self.minor != 0

    def _comparable(self, other: Any, symbol: str) -> bool:
        if type(other) is not Money:
            refuse(self, symbol, other, money_hint)
            return False
        if other.currency is not self.currency and other.currency != self.currency:
            raise CurrencyMismatchError("compare", self.currency, other.currency)
        return True

    def __lt__(self, other: Money) -> bool:
        if not self._comparable(other, "<"):
            return NotImplemented
        return self.minor < other.minor

    def __le__(self, other: Money) -> bool:
        if not self._comparable(other, "<="):
            return NotImplemented
        return self.minor <= other.minor

    def __gt__(self, other: Money) -> bool:
        if not self._comparable(other, ">"):
            return NotImplemented
        return self.minor > other.minor

    def __ge__(self, other: Money) -> bool:
        if not self._comparable(other, ">="):
            return NotImplemented
        return self.minor >= other.minor

    def __str__(self) -> str:
        return f"{format_scaled(self.minor, self.currency.exponent)} {self.currency.code}"

    def __repr__(self) -> str:
        text = format_scaled(self.minor, self.currency.exponent)
        code = repr(self.currency.code) if self.currency.is_iso else repr(self.currency)
        return f"Money.parse({text!r}, {code})"


# The slot descriptors of Money's two fields: setting through them skips the frozen
# class's __setattr__ guard, about 70 ns per field cheaper than object.__setattr__.
_set_minor = Money.__dict__["minor"].__set__
_set_currency = Money.__dict__["currency"].__set__


_money = Money._unchecked  # a module-level alias for the hot paths below


def _decline(money: Money, symbol: str, other: Any) -> None:
    # ExactMoney handles Money + ExactMoney and Money - ExactMoney (its reflected side).
    if type(other) is not ExactMoney:
        refuse(money, symbol, other, money_hint)


@refuse_operators(exact_hint)
@attrs.frozen(order=False, repr=False)
class ExactMoney:
    """An exact, unrounded amount: a fraction of minor units of one currency.

    The result of applying rates before rounding, so that a chain of steps is
    rounded once, at the end, with a named mode. The only ways back to
    :class:`Money` are :meth:`round` and :meth:`round_with_remainder`.

    Attributes:
        minor: The amount in minor units, a :class:`~fractions.Fraction`.
        currency: The :class:`Currency`.

    >>> cost = Money.parse("0.99", "USD").multiply_exact(Rate.parse("1/3"))
    >>> print(cost)
    0.33 USD
    >>> third = Money.of_minor(1, "USD").multiply_exact(Rate.parse("1/3"))
    >>> print(third)
    1/3 USD minor units
    >>> paid, residue = (cost + third).round_with_remainder(Rounding.HALF_EVEN)
    >>> print(paid, "|", residue)
    0.33 USD | 1/3 USD minor units
    """

    minor: Fraction = attrs.field()
    currency: Currency = attrs.field(validator=_check_currency)

    @minor.validator
    def _check(self, attribute: Any, value: Any) -> None:
        if type(value) is not Fraction:
            raise InvalidTypeError(
                "minor", value, "must be a Fraction of minor units", "use Money.multiply_exact"
            )
        check_fraction("minor", value)

    @classmethod
    def _unchecked(cls, minor: Fraction, currency: Currency) -> ExactMoney:
        # Build without validating: ``minor`` is a Fraction and ``currency`` a Currency
        # by construction (settlement's sums, the issuance core).
        money = _new(ExactMoney)
        _set_exact_minor(money, minor)
        _set_exact_currency(money, currency)
        return money

    @classmethod
    def parse(cls, amount: str | Decimal, currency: Currency | str) -> ExactMoney:
        """Parse an exact amount in major units: decimal text of any precision or a ratio.

        For values below the minor unit, such as a diamond worth half a cent.

        Raises:
            InvalidTypeError: ``amount`` is not a str or Decimal (floats are refused).
            ParseError: The text is neither a decimal nor a ratio of integers, or has
                more than 4,300 digits in a row.
            InvalidValueError: A ratio divides by zero; the Decimal is NaN or infinite,
                or written out it needs more than 4,300 digits.

        >>> ExactMoney.parse("0.005", "USD").minor
        Fraction(1, 2)
        >>> ExactMoney.parse("1/210", "USD").minor
        Fraction(10, 21)
        """
        target = _resolve_currency("currency", currency)
        if isinstance(amount, Decimal):
            value = decimal_to_fraction("amount", amount)[0]
        elif isinstance(amount, str):
            text = amount.strip()
            ratio = parse_ratio("amount", text)
            parsed = parse_decimal_text(text) if ratio is None else None
            if ratio is not None:
                value = ratio
            elif parsed is not None:
                value = parsed[0]
            else:
                raise ParseError(
                    "amount", amount, "is not a decimal or a ratio", "write '0.005' or '1/210'"
                )
        else:
            raise InvalidTypeError(
                "amount", amount, "must be a str or a Decimal", "write it as text, e.g. '0.005'"
            )
        return cls(value * 10**target.exponent, target)

    @classmethod
    def zero(cls, currency: Currency | str) -> ExactMoney:
        """Return exact zero in ``currency``.

        >>> ExactMoney.zero("USD").minor
        Fraction(0, 1)
        """
        return cls(Fraction(0), _resolve_currency("currency", currency))

    def multiply(self, rate: Rate) -> ExactMoney:
        """Multiply by ``rate``, exactly.

        >>> Money.of_minor(10, "USD").exact().multiply(Rate.parse("1/4")).minor
        Fraction(5, 2)
        """
        check_rate(rate)
        return ExactMoney(self.minor * rate.value, self.currency)

    def round(self, rounding: Rounding) -> Money:
        """Round to whole minor units with ``rounding``, dropping the remainder knowingly.

        >>> Money.of_minor(5, "USD").multiply_exact(Rate.parse("1/2")).round(Rounding.HALF_EVEN)
        Money.parse('0.02', 'USD')
        """
        check_rounding(rounding)
        minor = self.minor
        units = round_fraction(minor.numerator, minor.denominator, rounding)
        return _money(bounded(units), self.currency)

    def round_with_remainder(self, rounding: Rounding) -> tuple[Money, ExactMoney]:
        """Round with ``rounding`` and return ``(rounded, remainder)``; they add up to ``self``.

        >>> half = Money.of_minor(5, "USD").multiply_exact(Rate.parse("1/2"))
        >>> rounded, rest = half.round_with_remainder(Rounding.UP)
        >>> (rounded.minor, rest.minor)
        (3, Fraction(-1, 2))
        """
        rounded = self.round(rounding)
        return rounded, ExactMoney(self.minor - rounded.minor, self.currency)

    def __add__(self, other: ExactMoney | Money) -> ExactMoney:
        if type(other) is Money:
            other = other.exact()
        elif type(other) is not ExactMoney:
            refuse(self, "+", other, exact_hint)
            return NotImplemented
        if other.currency != self.currency:
            raise CurrencyMismatchError("add", self.currency, other.currency)
        return ExactMoney(self.minor + other.minor, self.currency)

    def __radd__(self, other: Money) -> ExactMoney:
        if type(other) is not Money:
            refuse(self, "+", other, exact_hint, reflected=True)
            return NotImplemented
        return self + other

    def __sub__(self, other: ExactMoney | Money) -> ExactMoney:
        if type(other) is Money:
            other = other.exact()
        elif type(other) is not ExactMoney:
            refuse(self, "-", other, exact_hint)
            return NotImplemented
        if other.currency != self.currency:
            raise CurrencyMismatchError("subtract", self.currency, other.currency)
        return ExactMoney(self.minor - other.minor, self.currency)

    def __rsub__(self, other: Money) -> ExactMoney:
        if type(other) is not Money:
            refuse(self, "-", other, exact_hint, reflected=True)
            return NotImplemented
        return other.exact() - self

    def __neg__(self) -> ExactMoney:
        return ExactMoney(-self.minor, self.currency)

    def __bool__(self) -> bool:
        return self.minor != 0

    def __str__(self) -> str:
        exponent = self.currency.exponent
        minor = self.minor
        number = decimal_text(minor.numerator, minor.denominator * 10**exponent, exponent)
        if number is None:
            return f"{self.minor} {self.currency.code} minor units"
        return f"{number} {self.currency.code}"

    def __repr__(self) -> str:
        return f"ExactMoney(minor={self.minor!r}, currency={self.currency!r})"


# ExactMoney's slot descriptors, for ExactMoney._unchecked (as for Money above).
_set_exact_minor = ExactMoney.__dict__["minor"].__set__
_set_exact_currency = ExactMoney.__dict__["currency"].__set__
