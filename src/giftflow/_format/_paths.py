"""Paths to bad data: the problem a hook finds, and the ``DataError`` it becomes.

Every hook raises :class:`PathError` with a path relative to the value it converts;
each containing hook prepends its key or index on the way out (:func:`at`,
:func:`at_index`), and the public functions turn the whole path into a
:class:`~giftflow.DataError` whose ``argument`` reads like ``prices[2].price.amount``.
This module is imported with the facade, so it imports neither cattrs nor the facade.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from giftflow._values._errors import DataError, InvalidArgumentError

__all__ = [
    "Path",
    "PathError",
    "argument_path",
    "at",
    "at_index",
    "data_error",
    "key_list",
    "object_fields",
    "path_text",
    "refused",
    "require",
]

T = TypeVar("T")

Path = tuple[str | int, ...]


class PathError(Exception):
    """A problem found at ``parts``, a path relative to the value being converted."""

    def __init__(
        self,
        value: Any,
        problem: str,
        hint: str,
        *,
        parts: Path = (),
        cause: BaseException | None = None,
    ) -> None:
        super().__init__(problem)
        self.value = value
        self.problem = problem
        self.hint = hint
        self.parts = parts
        self.cause = cause

    def within(self, *outer: str | int) -> PathError:
        """The same problem, found inside ``outer`` (the keys and indexes around it)."""
        self.parts = (*outer, *self.parts)
        # cattrs appends a note at every level it passes; the path is kept in parts.
        self.__notes__ = []
        return self


# -- from problems to public errors ----------------------------------------------------


def data_error(bad: PathError, prefix: Path, *, root: str = "data") -> DataError:
    """The public error for ``bad``, its path under ``prefix`` (``("data",)`` in a document)."""
    return DataError(path_text((*prefix, *bad.parts), root), bad.value, bad.problem, bad.hint)


def path_text(parts: Path, root: str = "data") -> str:
    """Format a path the way a reader writes it: ``prices[2].price.amount``.

    >>> path_text(("prices", 2, "price", "amount"))
    'prices[2].price.amount'
    >>> path_text(()), path_text(("by_country", "two words"))
    ('data', "by_country['two words']")
    """
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier():
            text += f".{part}" if text else part
        else:
            text += f"[{part!r}]" if text else f"{root}[{part!r}]"
    return text or root


def refused(value: Any, error: Exception, *, parts: Path = ()) -> PathError:
    """Turn an error raised by a constructor into a problem with a path.

    Any exception counts, not only GiftflowError: whatever a class raises while
    refusing data, the caller of from_data sees one DataError (with the original
    as its cause), and nothing else.
    """
    if isinstance(error, InvalidArgumentError):
        return PathError(value, error.problem, error.hint, parts=parts, cause=error)
    return PathError(value, "is refused", str(error), parts=parts, cause=error)


def key_list(keys: tuple[str, ...]) -> str:
    """The keys as a message lists them."""
    return ", ".join(keys)


def require(
    obj: Any, what: str, keys: tuple[str, ...], *, omitted: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``obj`` if it is a dict holding every one of ``keys`` (others are allowed).

    ``omitted`` names the keys that may be left out (at their default), for the hint.
    """
    if type(obj) is not dict:
        raise PathError(
            obj,
            f"must be an object (a dict) with the keys {key_list(keys)}",
            f"write the {what} as an object",
        )
    for key in keys:
        if key not in obj:
            hint = (
                f"add it: every key but the defaults ({key_list(omitted)}) is required"
                if omitted
                else f"add it: every key is required ({key_list(keys)}), null where a value is absent"
            )
            raise PathError(obj, f"is missing from the {what} object", hint, parts=(key,))
    return obj


def object_fields(obj: Any, what: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """``obj`` if it is a dict with exactly ``keys``: the shape of every object the hooks read."""
    fields = require(obj, what, keys)
    for key, value in fields.items():
        if key not in keys:
            raise PathError(
                value,
                f"is not a key of {what}",
                f"remove it; the keys are {key_list(keys)}",
                parts=(key,),
            )
    return fields


def at(key: str, hook: Callable[[Any], T], value: Any) -> T:
    """``hook(value)``, a problem in it moved under ``key``."""
    try:
        return hook(value)
    except PathError as bad:
        raise bad.within(key) from None


def at_index(index: int, hook: Callable[[Any], T], value: Any) -> T:
    """``hook(value)``, a problem in it moved under list item ``index``."""
    try:
        return hook(value)
    except PathError as bad:
        raise bad.within(index) from None


# -- a validator's argument, followed into the data ------------------------------------

_FIRST = re.compile(r"[A-Za-z_]\w*", re.ASCII)
_STEP = re.compile(r"\[(\d+)\]|\['([^']*)'\]|\.([A-Za-z_]\w*)", re.ASCII)


def argument_path(
    argument: Any, error: Exception, obj: dict[str, Any], names: tuple[str, ...]
) -> tuple[Path, Any] | None:
    """The path in ``obj`` of what a validator's ``argument`` names, and the data there.

    Validators name fields (``end``), items (``values[2].start``), entries of a mapping
    (``by_country['US']``) or keys (``by_country key``); the path follows the argument
    as far as the data has it.

    >>> data = {"values": [{"start": None, "value": 1}], "by_country": {"us": "0.1"}}
    >>> argument_path("values[0].start", ValueError(), data, ("values",))
    (('values', 0, 'start'), None)
    >>> from giftflow import InvalidValueError
    >>> bad_key = InvalidValueError("by_country key", "us", "is bad", "")
    >>> argument_path("by_country key", bad_key, data, ("by_country",))
    (('by_country', 'us'), 'us')
    >>> argument_path("total", ValueError(), data, ("values",)) is None
    True
    """
    first = _FIRST.match(argument) if isinstance(argument, str) else None
    if first is None or first.group() not in names:
        return None
    parts: list[str | int] = [first.group()]
    node, position = obj[first.group()], first.end()
    while position < len(argument):
        step = _STEP.match(argument, position)
        if step is None:
            break
        index, key, attribute = step.groups()
        if index is not None and type(node) is list and int(index) < len(node):
            parts.append(int(index))
            node = node[int(index)]
        elif type(node) is dict and (key or attribute) in node:
            parts.append(key or attribute)
            node = node[key or attribute]
        else:
            break
        position = step.end()
    value = getattr(error, "value", None)
    if (
        argument[position:] == " key"
        and type(node) is dict
        and type(value) is str
        and value in node
    ):
        return (*parts, value), value
    return tuple(parts), node
