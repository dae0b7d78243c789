"""Currencies: ISO 4217 data from the ``iso4217`` package, or the caller's own."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

import attrs

from giftflow._values._errors import (
    InvalidTypeError,
    InvalidValueError,
    UnknownCurrencyError,
    refuse_operators,
)
from giftflow._values._operators import plain_hint

__all__ = ["Currency", "currency", "iso_currencies"]

_CODE = re.compile(r"[A-Z][A-Z0-9]{1,11}", re.ASCII)
_MAX_EXPONENT = 18


def _check_code(instance: Currency, attribute: attrs.Attribute[str], value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError("code", value, "must be a str", "pass a code such as 'USD'")
    if not _CODE.fullmatch(value):
        raise InvalidValueError(
            "code",
            value,
            "must be 2-12 upper-case letters or digits, starting with a letter",
            "pass a code such as 'USD' or 'GEMS'",
        )


def _check_exponent(instance: Currency, attribute: attrs.Attribute[int], value: Any) -> None:
    if type(value) is not int:
        raise InvalidTypeError(
            "exponent", value, "must be an int", "pass the number of decimal places, e.g. 2"
        )
    if not 0 <= value <= _MAX_EXPONENT:
        raise InvalidValueError(
            "exponent",
            value,
            f"must be between 0 and {_MAX_EXPONENT}",
            "pass the number of decimal places of the minor unit, e.g. 2 for cents",
        )


def _check_numeric(instance: Currency, attribute: attrs.Attribute[int | None], value: Any) -> None:
    if value is None:
        return
    if type(value) is not int or not 0 < value < 1000:
        raise InvalidValueError(
            "numeric", value, "must be None or an int from 1 to 999", "pass the ISO numeric code"
        )


def _check_name(instance: Currency, attribute: attrs.Attribute[str], value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError("name", value, "must be a str", "pass a display name")


def _upper(value: str) -> Any:
    # Normalises only; never widens the accepted types (the validator checks them).
    return value.upper() if isinstance(value, str) else value


@refuse_operators(plain_hint("currency"))
@attrs.frozen(kw_only=True)
class Currency:
    """A currency: a code and the number of decimal places of its minor unit.

    ISO 4217 currencies come from :func:`currency`. A caller may define its own
    (a token, a loyalty point, a test currency) without touching any global
    state; it is then a different currency from every ISO one, even one with the
    same code, because equality compares every field.

    Attributes:
        code: The code, upper case (``"USD"``).
        exponent: Decimal places of the minor unit (2 for cents, 0 for yen).
        numeric: The ISO 4217 numeric code, or ``None`` for a custom currency.
        name: A display name.

    >>> gems = Currency(code="gem", exponent=0, name="Gem")
    >>> gems
    Currency(code='GEM', exponent=0, numeric=None, name='Gem')
    >>> currency("JPY").exponent
    0
    """

    code: str = attrs.field(converter=_upper, validator=_check_code)
    exponent: int = attrs.field(validator=_check_exponent)
    numeric: int | None = attrs.field(default=None, validator=_check_numeric)
    name: str = attrs.field(default="", validator=_check_name)

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        if self.numeric is not None and _iso_lookup(self.code) == self:
            return f"currency({self.code!r})"
        return (
            f"Currency(code={self.code!r}, exponent={self.exponent!r}, "
            f"numeric={self.numeric!r}, name={self.name!r})"
        )

    @property
    def is_iso(self) -> bool:
        """Whether this is exactly the ISO 4217 currency of its code.

        >>> currency("EUR").is_iso
        True
        >>> Currency(code="EUR", exponent=4).is_iso
        False
        """
        return _iso_lookup(self.code) == self


def currency(code: str) -> Currency:
    """Return the ISO 4217 currency with this alphabetic code (case-insensitive).

    The data (code, numeric code, minor unit, name) comes from the ``iso4217``
    package, generated from the ISO 4217 maintenance agency's published table.
    Codes that ISO lists without a minor unit (gold ``XAU``, the SDR ``XDR``…)
    are refused: define a :class:`Currency` with the exponent you need.

    Args:
        code: A three-letter code such as ``"USD"``.

    Returns:
        The currency, the same object on every call.

    Raises:
        InvalidTypeError: ``code`` is not a string.
        UnknownCurrencyError: ISO 4217 has no such code with a minor unit.

    >>> currency("usd")
    currency('USD')
    >>> (currency("KWD").exponent, currency("KWD").numeric)
    (3, 414)
    """
    if not isinstance(code, str):
        raise InvalidTypeError(
            "code", code, "must be a str", "pass a code such as 'USD', or a Currency"
        )
    found = _iso_lookup(code.upper())
    if found is None:
        raise UnknownCurrencyError(
            "code",
            code,
            "is not an ISO 4217 currency code",
            "check the spelling, or define your own with Currency(code=..., exponent=...)",
        )
    return found


def iso_currencies() -> tuple[Currency, ...]:
    """Return every ISO 4217 currency that has a minor unit, sorted by code.

    >>> codes = [c.code for c in iso_currencies()]
    >>> "USD" in codes and "XAU" not in codes
    True
    """
    return tuple(sorted(_iso_table().values(), key=lambda c: c.code))


def _iso_lookup(code: str) -> Currency | None:
    return _iso_table().get(code)


@cache
def _iso_table() -> Mapping[str, Currency]:
    # Loaded on first use: importing giftflow reads no data files. The table is
    # immutable data, built once; nothing can register into it.
    import iso4217

    table: dict[str, Currency] = {}
    for entry in iso4217.Currency:
        if entry.exponent is None:
            continue
        table[entry.code] = Currency(
            code=entry.code,
            exponent=entry.exponent,
            numeric=entry.number,
            name=entry.currency_name,
        )
    return MappingProxyType(table)


def resolve_currency(argument: str, value: Any) -> Currency:
    """A Currency, or the ISO currency of a code; errors name the caller's ``argument``."""
    if type(value) is Currency:
        return value
    if isinstance(value, str):
        try:
            return currency(value)
        except UnknownCurrencyError as error:
            # Name the caller's argument ("currency"), not currency()'s own ("code").
            raise UnknownCurrencyError(argument, value, error.problem, error.hint) from None
    raise InvalidTypeError(
        argument, value, "must be a Currency or an ISO 4217 code", "pass 'USD' or currency('USD')"
    )


def is_code(value: object) -> bool:
    """Whether ``value`` is spelled as a currency code may be (``'USD'``, ``'GEMS'``).

    >>> is_code("USD"), is_code("usd"), is_code(7)
    (True, False, False)
    """
    return isinstance(value, str) and _CODE.fullmatch(value) is not None
