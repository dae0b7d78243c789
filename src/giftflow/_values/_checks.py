"""Shared attrs validators and converters (private)."""

from __future__ import annotations

import re
from typing import Any

import attrs

from giftflow._values._errors import InvalidTypeError, InvalidValueError
from giftflow._values._money import Money


def upper(value: Any) -> Any:
    """Attrs converter: upper-case a string, pass anything else to the validator."""
    return value.upper() if isinstance(value, str) else value


def as_tuple(value: Any) -> Any:
    """Attrs converter: lists and other iterables of items become tuples; the rest passes."""
    if isinstance(value, list | set | frozenset):
        return tuple(value)
    return value


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.+/()%-]{0,63}")


def check_name(instance: Any, attribute: attrs.Attribute[str], value: Any) -> None:
    """Attrs validator: a short, printable identifier or label."""
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise InvalidValueError(
            attribute.name,
            value,
            "must be 1-64 letters, digits, spaces or _.+/()%-, starting with a letter or digit",
            "pass a short label such as 'apple' or 'card processor'",
        )


def check_instance(kind: type, example: str) -> Any:
    """Attrs validator factory: exactly ``kind`` (bool never passes for int)."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not kind:
            raise InvalidTypeError(
                attribute.name, value, f"must be a {kind.__name__}", f"pass e.g. {example}"
            )

    return validate


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
