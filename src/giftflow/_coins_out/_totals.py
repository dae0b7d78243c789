"""Per-creator totals in columns: what a :class:`~giftflow.Settlement` keeps per creator.

A settlement of a million creators cannot afford one :class:`CreatorTotal` per creator
(an attrs object holding five more, about 420 bytes each). :class:`Totals` keeps the
creators' names, sorted, and five columns of ints: coins, the entitlement's numerator
and denominator, the value's numerator and denominator (in minor units). A column is an
``array('q')`` (8 bytes an entry) when every entry fits in 64 bits, a list of Python ints
otherwise, so sums stay exact at any size. Diamonds and carries follow from the
entitlement and the rounding mode; a :class:`CreatorTotal` is built when it is read.
Two settlements merge by one pass over both sorted name lists, with no dict.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping, ValuesView
from fractions import Fraction
from itertools import islice
from math import gcd
from operator import lt
from typing import Any

import attrs
from attrs.exceptions import FrozenInstanceError

from giftflow._values._checks import valid_name
from giftflow._values._currency import Currency
from giftflow._values._errors import InvalidTypeError, InvalidValueError
from giftflow._values._money import ExactMoney
from giftflow._values._rounding import Rounding, round_fraction
from giftflow._values._units import Coins, Diamonds

__all__ = ["Columns", "CreatorTotal", "Totals"]

_ZERO = Fraction(0)

# coins, entitlement numerator and denominator, value numerator and denominator
Columns = tuple[Any, Any, Any, Any, Any]  # each an array('q') or a list of ints
_WIDTH = 5
_LINE = "\n"  # between names in a pickle; valid_name refuses control characters


def _check_total(instance: CreatorTotal) -> None:
    if type(instance.coins) is not Coins or instance.coins.amount < 0:
        raise InvalidTypeError("coins", instance.coins, "must be Coins >= 0", "pass Coins(0)")
    for name in ("entitlement", "carry"):
        value = getattr(instance, name)
        if type(value) is not Fraction:
            raise InvalidTypeError(name, value, "must be a Fraction", "pass Fraction(0)")
    if type(instance.diamonds) is not Diamonds:
        raise InvalidTypeError("diamonds", instance.diamonds, "must be Diamonds", "Diamonds(0)")
    if type(instance.value) is not ExactMoney:
        raise InvalidTypeError("value", instance.value, "must be ExactMoney", "")
    if instance.diamonds.amount + instance.carry != instance.entitlement:
        raise InvalidValueError(
            "carry",
            instance.carry,
            f"must be entitlement - diamonds = {instance.entitlement - instance.diamonds.amount}",
            "diamonds + carry must equal the entitlement",
        )


@attrs.frozen(kw_only=True)
class CreatorTotal:
    """One creator's totals in a :class:`Settlement`.

    ``diamonds + carry == entitlement`` exactly; ``value`` is the entitlement's worth
    in money (before rounding, as :class:`~giftflow.CreatorShare` reports it).

    Attributes:
        coins: Coins spent on the creator's gifts.
        entitlement: Exact diamonds earned, battle bonus included.
        diamonds: Whole diamonds issued.
        carry: What rounding carried forward (the creator's :class:`~giftflow.Carry`).
        value: The money value of the entitlement.

    >>> from giftflow import presets, settle
    >>> from datetime import datetime, timezone
    >>> total = settle(presets.tiktok(), [("ana", "Rose", 3)], country="US",
    ...                at=datetime(2026, 11, 24, tzinfo=timezone.utc)).creators["ana"]
    >>> total.diamonds, total.value
    (Diamonds(3), ExactMoney(minor=Fraction(3, 2), currency=currency('USD')))
    """

    coins: Coins
    entitlement: Fraction
    diamonds: Diamonds
    carry: Fraction
    value: ExactMoney

    def __attrs_post_init__(self) -> None:
        _check_total(self)

    @classmethod
    def _unchecked(
        cls, coins: int, numerator: int, denominator: int, rounding: Rounding, value: ExactMoney
    ) -> CreatorTotal:
        # Built from validated sums (an entitlement in lowest terms): skip the checks. A
        # whole entitlement (one diamond per coin, say) needs no rounding at all.
        if denominator == 1:
            exact, units, carry = Fraction(numerator), numerator, _ZERO
        else:
            exact = Fraction(numerator, denominator)
            units = round_fraction(numerator, denominator, rounding)
            carry = Fraction(numerator - units * denominator, denominator)
        total = _new(CreatorTotal)
        _set_coins(total, Coins._unchecked(coins))
        _set_entitlement(total, exact)
        _set_diamonds(total, Diamonds._unchecked(units))
        _set_carry(total, carry)
        _set_value(total, value)
        return total


_new = object.__new__
_set = object.__setattr__
_set_coins, _set_entitlement, _set_diamonds, _set_carry, _set_value = (
    CreatorTotal.__dict__[name].__set__
    for name in ("coins", "entitlement", "diamonds", "carry", "value")
)


def _packed(column: list[int]) -> Any:
    """The column as an ``array('q')`` if every entry fits in 64 bits, else as it is."""
    try:
        return array("q", column)
    except OverflowError:
        return column


def _canonical(columns: Iterable[Any]) -> Columns:
    # One object for equal columns (coins and entitlements under one diamond per coin,
    # say): memory once, and pickled once. Columns are never changed once built.
    kept: list[Any] = []
    for column in columns:
        kept.append(next((seen for seen in kept if seen == column), column))
    coins, numerators, denominators, values, units = kept
    return coins, numerators, denominators, values, units


def build(fill: Callable[[Columns], list[str]]) -> tuple[list[str], Columns]:
    """Columns filled by ``fill`` (which appends to them and returns the sorted names).

    ``fill`` runs on ``array('q')`` columns; if an entry does not fit in 64 bits, it runs
    again on lists (it must not change anything else), and each column that fits is
    packed. The same values give the same columns either way.
    """
    try:
        columns: Columns = (array("q"), array("q"), array("q"), array("q"), array("q"))
        names = fill(columns)
    except OverflowError:
        columns = ([], [], [], [], [])
        names = fill(columns)
        columns = (*map(_packed, columns),)
    return names, _canonical(columns)


def _add(numerator: int, denominator: int, other: int, other_denominator: int) -> tuple[int, int]:
    # Two fractions in lowest terms, added, in lowest terms (Fraction's rule, in ints).
    if denominator == other_denominator:
        if denominator == 1:
            return numerator + other, 1
        total = numerator + other
    else:
        total = numerator * other_denominator + other * denominator
        denominator *= other_denominator
    common = gcd(total, denominator)
    return total // common, denominator // common


class _Items(ItemsView[str, CreatorTotal]):
    _mapping: Totals

    def __iter__(self) -> Iterator[tuple[str, CreatorTotal]]:
        totals = self._mapping
        view = totals.view
        return ((name, view(index)) for index, name in enumerate(totals._names))


class _Values(ValuesView[CreatorTotal]):
    _mapping: Totals

    def __iter__(self) -> Iterator[CreatorTotal]:
        return map(self._mapping.view, range(len(self._mapping)))


class Totals(Mapping[str, CreatorTotal]):
    """Per-creator totals in sorted columns, read as a mapping of :class:`CreatorTotal`.

    Immutable; built by :meth:`of`, :meth:`checked`, :func:`build` or :meth:`merge`.
    Lookups bisect the sorted names; iteration is in name order.
    """

    __slots__ = ("_columns", "_currency", "_names", "_rounding")

    _names: list[str]
    _columns: Columns
    _rounding: Rounding | None
    _currency: Currency | None

    def __init__(
        self,
        names: list[str],
        columns: Columns,
        rounding: Rounding | None,
        currency: Currency | None,
    ) -> None:
        # Trusted: sorted unique names, canonical columns of their length (see checked).
        _set(self, "_names", names)
        _set(self, "_columns", columns)
        _set(self, "_rounding", rounding)
        _set(self, "_currency", currency)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError  # read-only, as the mapping proxy it replaces

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError

    @classmethod
    def of(
        cls,
        items: Iterable[tuple[str, CreatorTotal]],
        rounding: Rounding | None,
        currency: Currency | None,
    ) -> Totals:
        """Totals of checked ``(name, total)`` pairs in name order (one name once)."""
        pairs = list(items)

        def fill(columns: Columns) -> list[str]:
            appends = [column.append for column in columns]
            for _, total in pairs:
                entitlement, minor = total.entitlement, total.value.minor
                values = (
                    total.coins.amount,
                    entitlement.numerator,
                    entitlement.denominator,
                    minor.numerator,
                    minor.denominator,
                )
                for append, value in zip(appends, values, strict=True):
                    append(value)
            return [name for name, _ in pairs]

        return cls(*build(fill), rounding, currency)

    @classmethod
    def checked(
        cls, names: Any, columns: Any, rounding: Rounding | None, currency: Currency | None
    ) -> Totals:
        """Totals from plain data (:meth:`plain`): names and columns checked, then packed.

        Raises:
            InvalidTypeError, InvalidValueError: ``names`` is not sorted unique names,
                one a line, or ``columns`` not five columns of ints of their length, with
                coins >= 0 and fractions in lowest terms over positive denominators.
        """
        if type(names) is not str:
            raise InvalidTypeError("creators", names, "must be names, one a line", "")
        names = names.split(_LINE) if names else []
        for name in names:
            valid_name("creators", name)
        if not all(map(lt, names, islice(names, 1, None))):
            raise InvalidValueError("creators", names, "must be sorted, each name once", "")
        if (
            type(columns) is not tuple
            or len(columns) != _WIDTH
            or not all(_is_column(column, len(names)) for column in columns)
        ):
            raise InvalidTypeError(
                "creators", columns, f"must be {_WIDTH} columns of ints, one per name", ""
            )
        coins, numerators, denominators, values, units = columns
        if names and (
            min(coins) < 0
            or min(denominators) < 1
            or min(units) < 1
            or any(map((1).__ne__, map(gcd, numerators, denominators)))
            or any(map((1).__ne__, map(gcd, values, units)))
        ):
            raise InvalidValueError(
                "creators",
                columns,
                "must have coins >= 0 and fractions in lowest terms with positive denominators",
                "",
            )
        packed = (_packed(list(column)) if type(column) is list else column for column in columns)
        return cls(names, _canonical(packed), rounding, currency)

    def under(self) -> tuple[Rounding | None, Currency | None]:
        """The rounding mode and currency the totals were built under."""
        return self._rounding, self._currency

    def rehomed(self, rounding: Rounding | None, currency: Currency | None) -> Totals:
        """The same columns under another rounding mode and currency (checked by the caller)."""
        return Totals(self._names, self._columns, rounding, currency)

    def view(self, index: int) -> CreatorTotal:
        """The :class:`CreatorTotal` of the creator at ``index`` in name order."""
        columns = self._columns
        coins, numerator, denominator = columns[0][index], columns[1][index], columns[2][index]
        value, unit = columns[3][index], columns[4][index]
        assert self._rounding is not None
        assert self._currency is not None
        return CreatorTotal._unchecked(
            coins,
            numerator,
            denominator,
            self._rounding,
            ExactMoney._unchecked(Fraction(value, unit), self._currency),
        )

    def __getitem__(self, name: str) -> CreatorTotal:
        names = self._names
        if isinstance(name, str):
            index = bisect_left(names, name)
            if index < len(names) and names[index] == name:
                return self.view(index)
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __reversed__(self) -> Iterator[str]:
        return reversed(self._names)

    def copy(self) -> dict[str, CreatorTotal]:
        """A dict of the totals (as ``MappingProxyType.copy`` gives)."""
        return dict(self.items())

    def items(self) -> ItemsView[str, CreatorTotal]:
        return _Items(self)

    def values(self) -> ValuesView[CreatorTotal]:
        return _Values(self)

    def __eq__(self, other: object) -> bool:
        if type(other) is not Totals:
            return super().__eq__(other)
        if self._names != other._names or self._columns != other._columns:
            return False
        if self._rounding is other._rounding and self._currency == other._currency:
            return True
        return super().__eq__(other)  # the same sums under another mode: compare totals

    def __hash__(self) -> int:
        # Equal totals have equal columns (they determine each other), whatever the mode.
        return hash(
            (
                tuple(self._names),
                *(
                    column.tobytes() if type(column) is array else tuple(column)
                    for column in self._columns
                ),
            )
        )

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def plain(self) -> tuple[str, Columns]:
        """The names, one string with a line each, and the columns: a pickle's plain data.

        One string rather than a list: a pickler remembers every object it writes, about
        100 bytes each, and a name cannot hold a line break (see :meth:`checked`).
        """
        return _LINE.join(self._names), self._columns

    def diamonds(self) -> int:
        """Whole diamonds issued to every creator together."""
        return sum(row[2] for row in self.rows())

    def rows(self) -> Iterator[tuple[str, int, int, int, int, int, int]]:
        """Per creator in name order, in ints, without building a :class:`CreatorTotal`.

        Name, coins, whole diamonds, the entitlement's numerator and denominator, the
        value's numerator and denominator (minor units).
        """
        rounding = self._rounding
        for name, coins, numerator, denominator, value, unit in zip(
            self._names, *self._columns, strict=True
        ):
            assert rounding is not None  # only the empty totals have none
            whole = (
                numerator if denominator == 1 else round_fraction(numerator, denominator, rounding)
            )
            yield name, coins, whole, numerator, denominator, value, unit

    def value(self) -> Fraction:
        """The sum of every creator's value, in minor units."""
        _, _, _, values, units = self._columns
        by_unit: dict[int, int] = {}
        for value, unit in zip(values, units, strict=True):
            by_unit[unit] = by_unit.get(unit, 0) + value
        return sum((Fraction(value, unit) for unit, value in by_unit.items()), _ZERO)

    def carries(self) -> dict[str, Fraction]:
        """Per creator whose entitlement is not whole, what rounding carried forward."""
        _, numerators, denominators, _, _ = self._columns
        rounding = self._rounding
        carries: dict[str, Fraction] = {}
        for name, numerator, denominator in zip(self._names, numerators, denominators, strict=True):
            if denominator != 1:
                assert rounding is not None
                exact = Fraction(numerator, denominator)
                carries[name] = exact - round_fraction(numerator, denominator, rounding)
        return carries

    def merge(self, other: Totals) -> Totals:
        """Both parts' totals, summed per creator (one pass over the two sorted name lists)."""
        return Totals(
            *build(lambda columns: _merge(self, other, columns)), self._rounding, self._currency
        )


def _is_column(column: Any, size: int) -> bool:
    if type(column) is array:
        return column.typecode == "q" and len(column) == size
    return type(column) is list and len(column) == size and all(type(v) is int for v in column)


def _merge(left: Totals, right: Totals, columns: Columns) -> list[str]:
    # Runs of names only one side has are copied a slice at a time; a name on both
    # sides gets its sums added.
    names: list[str] = []
    ours, theirs = left._names, right._names
    coins, numerators, denominators, values, units = left._columns
    more, other_numerators, other_denominators, other_values, other_units = right._columns
    add_name = names.append
    add_coins, add_numerator, add_denominator, add_value, add_unit = (
        column.append for column in columns
    )
    here = there = 0
    size, other_size = len(ours), len(theirs)
    while here < size and there < other_size:
        name, other = ours[here], theirs[there]
        if name == other:
            add_name(name)
            add_coins(coins[here] + more[there])
            numerator, denominator = _add(
                numerators[here],
                denominators[here],
                other_numerators[there],
                other_denominators[there],
            )
            add_numerator(numerator)
            add_denominator(denominator)
            value, unit = _add(values[here], units[here], other_values[there], other_units[there])
            add_value(value)
            add_unit(unit)
            here += 1
            there += 1
        elif name < other:
            # One row, then the rest of a run at once (bisect) when there is more.
            add_name(name)
            add_coins(coins[here])
            add_numerator(numerators[here])
            add_denominator(denominators[here])
            add_value(values[here])
            add_unit(units[here])
            here += 1
            if here < size and ours[here] < other:
                end = bisect_left(ours, other, here)
                _copy(ours, left._columns, here, end, names, columns)
                here = end
        else:
            add_name(other)
            add_coins(more[there])
            add_numerator(other_numerators[there])
            add_denominator(other_denominators[there])
            add_value(other_values[there])
            add_unit(other_units[there])
            there += 1
            if there < other_size and theirs[there] < name:
                end = bisect_left(theirs, name, there)
                _copy(theirs, right._columns, there, end, names, columns)
                there = end
    _copy(ours, left._columns, here, size, names, columns)
    _copy(theirs, right._columns, there, other_size, names, columns)
    return names


def _copy(
    names: list[str], columns: Columns, start: int, end: int, into: list[str], to: Columns
) -> None:
    if start < end:
        into.extend(names[start:end])
        for column, target in zip(columns, to, strict=True):
            target.extend(column[start:end])
