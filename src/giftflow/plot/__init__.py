"""Pictures of the money, drawn with matplotlib (``pip install 'giftflow[plot]'``).

Every amount is computed exactly by giftflow and becomes a float only where it is
drawn. ``import giftflow.plot`` never imports matplotlib; drawing does, and without it
raises :class:`~giftflow.ExtraMissingError` naming the ``plot`` extra.

>>> from datetime import datetime, timezone
>>> from matplotlib.figure import Figure
>>> from giftflow import Channel, compare_channels, presets
>>> (swan,) = compare_channels(presets.tiktok(), "Swan", country="US",
...     at=datetime(2026, 11, 24, tzinfo=timezone.utc), channels=[Channel.IOS])
>>> ax = waterfall(swan, shares=True, ax=Figure().subplots())
>>> sum(bar.get_width() for bar in ax.patches[1:])  # the parts add up to the payment
1.0
"""

from types import FunctionType as _FunctionType

from giftflow.plot._waterfall import waterfall

__all__ = ["waterfall"]

# Public functions report the package as their home, as giftflow.testing's do.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, _FunctionType):
        _obj.__module__ = __name__
del _name, _obj, _FunctionType
