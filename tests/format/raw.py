"""``to_data`` and ``to_document`` typed ``Any``, for tests that edit the data by hand.

The public functions return :data:`giftflow.Data` (a JSON value), which a reader must
narrow before indexing; tests that forge hostile data index and assign freely instead.
"""

from typing import Any

from giftflow import to_data, to_document


def raw_data(value: object) -> Any:
    """:func:`giftflow.to_data`, typed ``Any``."""
    return to_data(value)


def raw_document(value: object) -> Any:
    """:func:`giftflow.to_document`, typed ``Any``."""
    return to_document(value)
