"""Idempotency bound to content: which fields of two events under one id differ, and the error.

An event id is a key: the same event again is a re-delivery, ignored (or replayed);
the same id with other content is a conflict, refused. The ledger and
:func:`~giftflow.fold_streaks` refuse conflicts with :class:`IdempotencyConflictError`,
naming the fields that differ by their path
(``gift.count``, ``gift.recipients[0].weight``), so a caller can see which part of
its event changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from giftflow._values._errors import GiftflowError

__all__ = ["IdempotencyConflictError", "differences"]


class IdempotencyConflictError(GiftflowError, ValueError):
    """An event id was seen before with different content; ``fields`` names what differs.

    Each field is a path into the event: ``gift.count`` for the count of a
    ``GiftSent``'s gift, ``type`` when the kinds differ. ``fields`` is empty when the
    first event is no longer in memory (the ledger keeps only a digest of its
    content, see :class:`~giftflow.Idempotency`).

    >>> str(IdempotencyConflictError("e1", ("gift.count",)))
    "event 'e1' was already seen with different content (gift.count); give a new event a new id"
    >>> str(IdempotencyConflictError("e1", ()))
    "event 'e1' was already seen with different content (its digest differs; the first event is no longer in memory); give a new event a new id"
    """

    def __init__(self, event_id: str, fields: tuple[str, ...]) -> None:
        self.event_id = event_id
        self.fields = fields
        shown = (
            ", ".join(fields)
            if fields
            else "its digest differs; the first event is no longer in memory"
        )
        super().__init__(
            f"event {event_id!r} was already seen with different content ({shown});"
            " give a new event a new id"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.event_id, self.fields))


def differences(first: object, second: object) -> tuple[str, ...]:
    """The paths of the innermost fields where ``second`` differs from ``first``.

    Attrs classes are compared field by field and entered where a field differs,
    tuples of one length item by item (``recipients[1]``), mappings with the same
    keys key by key (``metrics['ana']``); anything else that differs is named
    whole. ``('type',)`` when the two are of different types, ``('content',)`` when
    they differ but no field does (a class with its own ``__eq__``).

    >>> from datetime import datetime, timezone
    >>> from giftflow import GiftEvent, GiftSent, Recipient
    >>> at = datetime(2026, 11, 24, 20, tzinfo=timezone.utc)
    >>> rose = GiftEvent(id="g1", viewer="v1", gift="Rose", count=5, recipients="ana",
    ...                  country="US", at=at)
    >>> differences(GiftSent(gift=rose), GiftSent(gift=attrs.evolve(rose, count=6)))
    ('gift.count',)
    >>> shared = attrs.evolve(rose, recipients=[Recipient("ana"), Recipient("bo", 2)])
    >>> differences(shared, attrs.evolve(shared, recipients=["ana", "bo"], country="GB"))
    ('recipients[1].weight', 'country')
    """
    if type(first) is not type(second):
        return ("type",)
    return tuple(path for path in _walk(first, second, "") if path) or ("content",)


def _walk(first: Any, second: Any, path: str) -> list[str]:
    if first == second:
        return []
    if type(first) is not type(second):
        return [path]
    if attrs.has(type(first)):
        found = []
        for field in attrs.fields(type(first)):
            if not field.eq:
                continue
            one, other = getattr(first, field.name), getattr(second, field.name)
            key = field.eq_key  # a field's own comparison (attrs.cmp_using), if it has one
            if key is not None and key(one) == key(other):
                continue
            found += _walk(one, other, f"{path}.{field.name}" if path else field.name)
        return found or [path]
    if isinstance(first, tuple) and len(first) == len(second):
        found = []
        for index, (one, other) in enumerate(zip(first, second, strict=True)):
            found += _walk(one, other, f"{path}[{index}]")
        return found or [path]
    if isinstance(first, Mapping) and first.keys() == second.keys():
        found = []
        for key in first:
            found += _walk(first[key], second[key], f"{path}[{key!r}]")
        return found or [path]
    return [path]
