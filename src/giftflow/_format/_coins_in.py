"""Coins in: the hooks of the one leaf of its own, the sales channel.

A :class:`~giftflow.Channel` is an attrs class, but it is written as its id
(``"ios"``), not field by field. The rest of the wing's shapes (``Storefront.fees``,
``AgeRule.by_country``) are entries in the registry. Loaded with the converter.
"""

from __future__ import annotations

from typing import Any

from giftflow import Channel
from giftflow._format._leaves import str_in
from giftflow._format._paths import PathError, refused

__all__ = ["channel_in", "channel_out"]


def channel_out(value: Any) -> str:
    if type(value) is not Channel:
        raise PathError(value, "must be a Channel", "use Channel.IOS or Channel('huawei')")
    return value.id


def channel_in(obj: Any, _: Any = None) -> Channel:
    value = str_in(obj)
    try:
        return Channel(value)
    except Exception as error:
        raise refused(obj, error) from None
