"""Plain JSON-compatible data for every value type, and back, exactly.

The format is public and documented in ``docs/format.md``. Data is built only from
dicts with string keys, lists, strings, ints and ``None``: never floats, so every
amount survives any JSON library in any language. Reading is strict: every key is
required, no other key is allowed, numbers written as text must be in their one
canonical spelling, and every class validator runs. Bad data raises
:class:`~giftflow.DataError` naming the path of the bad field, and nothing is built.

cattrs does the walking (one private converter with ``forbid_extra_keys`` and
detailed validation, :mod:`giftflow._format._converter`); the registry
(:mod:`giftflow._format._registry`) says what each type needs, and the hooks define
the format of the leaf values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeAlias, TypeVar, overload

from giftflow._format._paths import PathError, data_error, object_fields
from giftflow._values._errors import InvalidTypeError

if TYPE_CHECKING:
    import cattrs

__all__ = ["Data", "from_data", "from_document", "to_data", "to_document"]

T = TypeVar("T")

Data: TypeAlias = "dict[str, Data] | list[Data] | str | int | None"
"""Plain data in giftflow's format: dicts with string keys, lists, strings, ints, ``None``.

What :func:`to_data` returns and :func:`from_data` reads; never a float (amounts and
rates are exact text). A reader narrows it (``isinstance(data, dict)``) before indexing.
"""

SCHEMA = "giftflow"
VERSION = 3
"""The version :func:`to_document` writes: 3 since a folded gift says why it was closed."""
READS = (1, 2, 3)
"""The versions :func:`from_document` reads (a version-1 Ledger holds its events in full,
a folded gift of version 1 or 2 says only whether it was complete)."""

# -- the public functions --------------------------------------------------------------


def to_data(value: object) -> Data:
    """Return ``value`` as plain JSON-compatible data, in the documented format.

    The result holds only dicts with string keys, lists, strings, ints and
    ``None``: amounts are exact decimal text, rates exact text, never floats.
    :func:`from_data` reads it back to an equal value.

    Args:
        value: A giftflow value: money, rates, units, configuration (price books,
            fees, rules, catalogs, conversion policies, economies, payout policies),
            purchases, wallets, gift receipts, payout plans, or one of the enums.

    Returns:
        Data that :func:`json.dumps` accepts as it is.

    Raises:
        InvalidTypeError: ``value`` is not a giftflow value type.
        DataError: A field holds something the format cannot write (a naive
            datetime, a float, a time zone other than ``datetime.timezone`` or
            ``zoneinfo.ZoneInfo``); ``argument`` is its path.

    >>> from giftflow import Coins, Money, Rate
    >>> to_data(Money.parse("10.50", "USD"))
    {'amount': '10.50', 'currency': 'USD'}
    >>> to_data(Rate.parse("1/3")), to_data(Coins(65))
    ('1/3', 65)
    """
    kind = type(value)
    if kind not in _value_types().values():
        raise InvalidTypeError(
            "value",
            value,
            "is not a giftflow value type",
            "pass e.g. a Money, a PriceBook or a Wallet",
        )
    try:
        data: Data = _converter().unstructure(value, kind)
        return data
    except PathError as bad:
        raise data_error(bad, ()) from bad.cause


def from_data(kind: type[T], data: object) -> T:
    """Build a ``kind`` from data in the documented format; the inverse of :func:`to_data`.

    Reading is strict, so that one value has one spelling and nothing is guessed:
    every key is required and no other is allowed, floats and bools are refused
    where numbers are expected, decimal text must have exactly the currency's
    places, and the classes' own validators run. Either the whole value is built or
    nothing is.

    Args:
        kind: The type to build, e.g. ``Money`` or ``PriceBook``.
        data: Plain data, such as the result of :func:`json.loads`.

    Returns:
        The value; ``from_data(type(v), to_data(v)) == v``.

    Raises:
        InvalidTypeError: ``kind`` is not a giftflow value type.
        DataError: The data does not describe a valid ``kind``; ``argument`` is the
            path of the bad field (``prices[2].price.amount``), ``value`` what is there.

    >>> from giftflow import Money
    >>> from_data(Money, {"amount": "10.50", "currency": "USD"})
    Money.parse('10.50', 'USD')
    >>> from_data(Money, {"amount": 10.5, "currency": "USD"})
    Traceback (most recent call last):
    ...
    giftflow.DataError: amount must be a string of decimal text, got 10.5 (float); ...
    """
    if kind not in _value_types().values():
        raise InvalidTypeError(
            "kind", kind, "is not a giftflow value type", "pass e.g. Money, PriceBook or Wallet"
        )
    try:
        return _converter().structure(data, kind)
    except PathError as bad:
        raise data_error(bad, ()) from bad.cause


def to_document(value: object) -> dict[str, Data]:
    """Wrap :func:`to_data` in a self-describing document with a schema version.

    Store or send documents rather than bare data: :func:`from_document` needs no
    type, and refuses data written by a format version it does not know.

    Args:
        value: A giftflow value, as for :func:`to_data`.

    Returns:
        ``{"schema": "giftflow", "version": 3, "type": "<class name>", "data": ...}``.

    Raises:
        InvalidTypeError: ``value`` is not a giftflow value type.
        DataError: A field cannot be written (see :func:`to_data`).

    >>> from giftflow import Coins
    >>> to_document(Coins(65))
    {'schema': 'giftflow', 'version': 3, 'type': 'Coins', 'data': 65}
    """
    data = to_data(value)
    return {"schema": SCHEMA, "version": VERSION, "type": type(value).__name__, "data": data}


@overload
def from_document(document: object) -> object: ...


@overload
def from_document(document: object, kind: type[T]) -> T: ...


def from_document(document: object, kind: type[T] | None = None) -> T | object:
    """Read a document written by :func:`to_document` back into its value.

    Pass ``kind`` to say what the document must hold: the result is then typed as a
    ``kind`` (``from_document(doc, Ledger)`` is a ``Ledger`` to mypy), and a document
    of another type is refused before its data is read.

    Args:
        document: A dict with exactly the keys ``schema``, ``version``, ``type``
            and ``data``.
        kind: The type the document must hold, or ``None`` for any giftflow type.

    Returns:
        The value the document describes.

    Raises:
        DataError: The document is not a giftflow document, has an unknown
            ``version`` or ``type``, or bad data; ``argument`` names the field
            (``version``, ``type``, ``data.prices[2].price.amount``...).

    >>> from giftflow import Money
    >>> from_document(to_document(Money.parse("0.99", "USD")))
    Money.parse('0.99', 'USD')
    >>> from giftflow import Coins
    >>> from_document(to_document(Coins(65)), Money)
    Traceback (most recent call last):
    ...
    giftflow.DataError: type is not the type asked for (Money), got 'Coins' (str); ...
    >>> from_document({"schema": "giftflow", "version": 4, "type": "Money", "data": None})
    Traceback (most recent call last):
    ...
    giftflow.DataError: version is not a version this giftflow reads, got 4 (int); ...
    """
    try:
        fields = object_fields(document, "document", ("schema", "version", "type", "data"))
        if fields["schema"] != SCHEMA or type(fields["schema"]) is not str:
            raise PathError(
                fields["schema"],
                "is not 'giftflow'",
                "this is not a giftflow document",
                parts=("schema",),
            )
        version = fields["version"]
        if type(version) is not int or version not in READS:
            raise PathError(
                version,
                "is not a version this giftflow reads",
                f"write version {VERSION} (versions {', '.join(map(str, READS[:-1]))} and"
                f" {READS[-1]} are read),"
                " or read it with the giftflow that wrote it",
                parts=("version",),
            )
        if kind is not None and kind not in _value_types().values():
            raise InvalidTypeError(
                "kind", kind, "is not a giftflow value type", "pass e.g. Money, Ledger or None"
            )
        name = fields["type"]
        found = _value_types().get(name) if type(name) is str else None
        if found is None:
            raise PathError(
                name,
                "is not a giftflow value type",
                "use a class name such as 'Money' or 'PriceBook'",
                parts=("type",),
            )
        if kind is not None and found is not kind:
            raise PathError(
                name,
                f"is not the type asked for ({kind.__name__})",
                f"read it with from_document(document, {name}), or pass a {kind.__name__} document",
                parts=("type",),
            )
    except PathError as bad:
        # Problems with the envelope itself: a path of () is the document.
        raise data_error(bad, (), root="document") from bad.cause
    try:
        return _converter().structure(fields["data"], found)
    except PathError as bad:
        raise data_error(bad, ("data",)) from bad.cause


# -- the registry and the converter, on first use --------------------------------------
# Imported here, not at the top: the registry takes the value classes from the facade,
# which imports this module before it has them, and the converter imports cattrs,
# which `import giftflow` does not.


def _value_types() -> Mapping[str, type]:
    from giftflow._format._registry import VALUE_TYPES

    return VALUE_TYPES


def _converter() -> cattrs.Converter:
    from giftflow._format._converter import converter

    return converter()
