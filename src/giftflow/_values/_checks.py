"""Shared validators and converters, at the very bottom of the package (private).

Each rule that more than one class checks lives here once: names, country codes,
aware datetimes, exact types, positive counts. Every rule has a plain form that
takes the argument's name (for functions such as ``settle``) and an attrs
validator that names the field. This module imports only the errors, so every
other module may use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

import attrs

from giftflow._values._errors import InvalidTypeError, InvalidValueError, NaiveDatetimeError

T = TypeVar("T")

__all__ = [
    "as_tuple",
    "check_aware",
    "check_aware_field",
    "check_country",
    "check_instance",
    "check_name",
    "check_optional_aware",
    "check_positive_count",
    "check_tuple_of",
    "upper",
    "valid_country",
    "valid_name",
]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def upper(value: str) -> str:
    """Attrs converter: upper-case a string, pass anything else to the validator."""
    return value.upper() if isinstance(value, str) else value


def as_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """Attrs converter: lists and other iterables of items become tuples; the rest passes."""
    if isinstance(value, list | set | frozenset):
        return tuple(value)
    return value  # type: ignore[return-value]  # anything else: the validator refuses it


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.+/()%-]{0,63}", re.ASCII)
_COUNTRY = re.compile(r"[A-Z]{2}")
_NAME_RULE = "must be 1-64 letters, digits, spaces or _.+/()%-, starting with a letter or digit"


def valid_name(argument: str, value: Any) -> str:
    r"""A short, printable identifier or label: 1-64 characters, starting with a letter or digit.

    Ids are compared exactly, so nothing is normalised: what could read as the same id
    twice is refused instead, with a fix. Whitespace at either end or two spaces in a row
    (``"ana "``), control characters (``"ana\n"``) and letters outside ASCII (a Cyrillic a
    looks like a Latin one) are refused; case is kept, and ``"Ana"`` and
    ``"ana"`` are two ids.

    >>> valid_name("creator", "ana")
    'ana'
    >>> valid_name("creator", "")
    Traceback (most recent call last):
    giftflow.InvalidValueError: creator must be 1-64 letters, digits, spaces or _.+/()%-, ...
    >>> valid_name("viewer", "ana ")
    Traceback (most recent call last):
    giftflow.InvalidValueError: viewer must not start or end with whitespace, got 'ana ' (str); strip it: 'ana'
    """
    if isinstance(value, str) and _NAME.fullmatch(value) and value[-1] != " " and "  " not in value:
        return value
    raise InvalidValueError(argument, value, *_name_problem(value))


def _name_problem(value: Any) -> tuple[str, str]:
    # The most specific reason a name is refused, and its fix.
    if not isinstance(value, str) or not value:
        return _NAME_RULE, "pass a short label such as 'apple' or 'card processor'"
    if value != value.strip():
        return "must not start or end with whitespace", f"strip it: {value.strip()!r}"
    if not value.isprintable():
        return "must not contain control characters such as newlines", "remove them"
    if not value.isascii():
        return (
            "must be ASCII",
            "ids are compared exactly, and look-alike letters of other scripts would make "
            "two ids that read the same; write it in ASCII",
        )
    if "  " in value:
        return "must not contain two spaces in a row", f"write {' '.join(value.split())!r}"
    if len(value) > 64:
        return "must be at most 64 characters", "use a shorter id"
    return _NAME_RULE, "pass a short label such as 'apple' or 'card processor'"


def check_name(instance: Any, attribute: attrs.Attribute[str], value: Any) -> None:
    """Attrs validator: :func:`valid_name`, for the field."""
    valid_name(attribute.name, value)


def valid_country(argument: str, value: Any) -> str:
    """An ISO 3166-1 alpha-2 country code, upper case.

    >>> valid_country("country", "GB")
    'GB'
    >>> valid_country("countries", "uk")
    Traceback (most recent call last):
    giftflow.InvalidValueError: countries must be an ISO 3166-1 alpha-2 code, got 'uk' (str); ...
    """
    if not isinstance(value, str) or not _COUNTRY.fullmatch(value):
        raise InvalidValueError(
            argument, value, "must be an ISO 3166-1 alpha-2 code", "pass e.g. 'US' or 'GB'"
        )
    return value


def check_country(instance: Any, attribute: attrs.Attribute[str], value: Any) -> None:
    """Attrs validator: :func:`valid_country`, reported as ``country`` whatever the field."""
    valid_country("country", value)


def check_aware(argument: str, value: Any) -> datetime:
    """Return ``value`` if it is a timezone-aware datetime; raise a clear error otherwise.

    >>> from datetime import timezone
    >>> check_aware("at", datetime(2026, 1, 1, tzinfo=timezone.utc)).year
    2026
    >>> check_aware("at", datetime(2026, 1, 1))
    Traceback (most recent call last):
    ...
    giftflow.NaiveDatetimeError: at must be timezone-aware, got datetime.datetime(2026, 1, 1, 0, 0) ...
    """
    if not isinstance(value, datetime):
        raise InvalidTypeError(
            argument, value, "must be a datetime", "pass datetime(..., tzinfo=timezone.utc)"
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(
            argument,
            value,
            "must be timezone-aware",
            "attach a zone, e.g. datetime(2026, 1, 1, tzinfo=timezone.utc) or ZoneInfo(...)",
        )
    return value


def check_aware_field(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Attrs validator: :func:`check_aware`, for the field."""
    check_aware(attribute.name, value)


def check_optional_aware(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Attrs validator: ``None`` or :func:`check_aware`, for the field."""
    if value is not None:
        check_aware(attribute.name, value)


def check_tuple_of(kind: type) -> Validator:
    """Attrs validator factory: a tuple whose items are all exactly ``kind``."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple) or not all(type(v) is kind for v in value):
            raise InvalidTypeError(
                attribute.name, value, f"must be a tuple of {kind.__name__}", "pass a tuple"
            )

    return validate


def check_instance(kind: type, example: str) -> Validator:
    """Attrs validator factory: exactly ``kind`` (bool never passes for int)."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not kind:
            raise InvalidTypeError(
                attribute.name, value, f"must be a {kind.__name__}", f"pass e.g. {example}"
            )

    return validate


def check_positive_count(hint: str) -> Validator:
    """Attrs validator factory: a positive int (never a bool), with ``hint`` as the fix."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not int or value < 1:
            raise InvalidValueError(attribute.name, value, "must be a positive int", hint)

    return validate
