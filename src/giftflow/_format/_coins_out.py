"""Coins out: reading the folded gifts of format version 2, which said only whether complete.

A :class:`~giftflow.FoldedGift` says why it was closed (``"closed": "timed_out"``) since
format version 3; version 2 wrote ``"complete": true`` or ``false`` in its place. Such
data is still read: ``true`` as ``"ended"``, ``false`` as ``"not_recorded"`` (the reason
was not written, and is not guessed). Written, a folded gift always has ``closed``.
Loaded with the converter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from giftflow import StreakClose
from giftflow._format._leaves import bool_in
from giftflow._format._paths import at

if TYPE_CHECKING:
    import cattrs

__all__ = ["folded_gift_in", "folded_gift_out"]

_CLOSED = {True: StreakClose.ENDED.value, False: StreakClose.NOT_RECORDED.value}


def _class_hooks() -> Any:
    # The generic shapes import the registry, which imports this module: take them
    # when the converter is built, once the registry is loaded.
    from giftflow._format import _shapes

    return _shapes


def folded_gift_in(kind: Any, converter: cattrs.Converter) -> Any:
    current = _class_hooks().class_in(kind, converter)

    def structure(obj: Any, _: Any) -> Any:
        if type(obj) is dict and "complete" in obj and "closed" not in obj:
            upgraded = {key: value for key, value in obj.items() if key != "complete"}
            upgraded["closed"] = _CLOSED[at("complete", bool_in, obj["complete"])]
            return current(upgraded, kind)
        return current(obj, kind)

    return structure


def folded_gift_out(kind: Any, converter: cattrs.Converter) -> Any:
    return _class_hooks().class_out(kind, converter)
