"""Settlement values: exact per-creator totals of gift records, which merge.

A :class:`Settlement` is what :func:`~giftflow.settle` returns for a stream of gift
records: exact sums per creator, per gift and per agency, rounded once. Settlements
of parts of the records merge (associative, commutative, with an identity), so
partitions settled on different workers add up to the settlement of all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any, NamedTuple

import attrs

from giftflow._coins_out._conversion import Carry
from giftflow._coins_out._tables import settlement_html, settlement_pretty, settlement_records
from giftflow._coins_out._totals import Columns, CreatorTotal, Totals
from giftflow._values._checks import valid_name
from giftflow._values._currency import Currency
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    SettlementError,
)
from giftflow._values._money import ExactMoney, Money
from giftflow._values._rounding import Rounding
from giftflow._values._units import Diamonds

__all__ = ["CreatorTotal", "GiftRecord", "Settlement"]

_ZERO = Fraction(0)


class GiftRecord(NamedTuple):
    """One gift event, as light as a tuple: what :func:`settle` needs and nothing more.

    A plain ``(creator, gift, count)`` tuple is the same record with the defaults.

    Attributes:
        creator: Who receives the gift.
        gift: The gift's id or name in the economy's catalog.
        count: How many (a finished streak of 10 Roses is one record with count 10).
        battle: Whether the gift counts toward a battle the creator won.
        net: What the platform received for the gift's coins (``receipt.funding.net``
            of :func:`~giftflow.send_gift`), in the currency diamonds are valued in;
            needed for a revenue share, an agency's commission and the platform's total.

    >>> GiftRecord("ana", "Rose", 10)
    GiftRecord(creator='ana', gift='Rose', count=10, battle=False, net=None)
    >>> GiftRecord("ana", "Rose", 10) == ("ana", "Rose", 10, False, None)
    True
    """

    creator: str
    gift: str
    # Shadows tuple.count on purpose: the name GiftEvent uses; a record is not searched.
    count: int  # type: ignore[assignment]
    battle: bool = False
    net: ExactMoney | Money | None = None


def _frozen(value: Mapping[str, object]) -> Mapping[str, object]:
    if type(value) is Totals:
        return value
    if isinstance(value, Mapping):
        return MappingProxyType(dict(sorted(value.items())))
    return value


# One converter per field, so that mypy (whose attrs plugin takes no generic converter)
# checks what a caller passes against each map's value type.
def _frozen_creators(value: Mapping[str, CreatorTotal]) -> Mapping[str, CreatorTotal]:
    return _frozen(value)  # type: ignore[return-value]  # the validator checks the values


def _frozen_counts(value: Mapping[str, int]) -> Mapping[str, int]:
    return _frozen(value)  # type: ignore[return-value]  # the validator checks the values


def _frozen_money(value: Mapping[str, ExactMoney]) -> Mapping[str, ExactMoney]:
    return _frozen(value)  # type: ignore[return-value]  # the validator checks the values


def _check_map(kind: type) -> Any:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is Totals:
            return  # checked when built; its mode and currency are compared after
        if not isinstance(value, Mapping) or not all(
            isinstance(key, str) and type(item) is kind for key, item in value.items()
        ):
            raise InvalidTypeError(
                attribute.name, value, f"must map str to {kind.__name__}", "see Settlement"
            )

    return validate


def _check_count(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or value < 0:
        raise InvalidValueError(attribute.name, value, "must be an int >= 0", "pass 0")


def _check_optional(kind: type) -> Any:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and type(value) is not kind:
            raise InvalidTypeError(
                attribute.name, value, f"must be a {kind.__name__} or None", "see Settlement"
            )

    return validate


_new = object.__new__


def _show_map(value: Mapping[str, Any]) -> str:
    return repr(dict(value))


@attrs.frozen(kw_only=True, eq=False)
class Settlement:
    """The exact result of settling gift records: totals that merge with other settlements.

    Build one with :func:`settle`; combine the settlements of parts of the events with
    :meth:`merge` (or ``+``). Merging is associative and commutative, and
    :meth:`empty` is its identity, so the parts of any partition of the events, merged
    in any order, give the settlement of all of them.

    Attributes:
        rounding: The economy's diamond rounding (``None`` only when empty).
        currency: The currency diamonds are valued in (``None`` only when empty).
        events: How many records were settled.
        unfunded_events: How many of them carried no ``net``.
        creators: Per creator, the totals: a read-only mapping in name order, kept
            as columns of ints (a few dozen bytes a creator); each total is built
            when read.
        gifts: Per gift id, how many were sent.
        agencies: Per agency id, the commission earned.
        funded_net: The sum of the ``net`` the records carried.

    ``to_records()`` gives the creators' totals as plain records (for polars, pandas
    or JSON); ``_repr_html_()`` a summary and the first creators for notebooks.

    >>> from datetime import datetime, timezone
    >>> from giftflow import presets
    >>> at = datetime(2026, 11, 24, tzinfo=timezone.utc)
    >>> economy = presets.tiktok()
    >>> morning = settle(economy, [("ana", "Rose", 1), ("bo", "Swan", 1)], at=at, country="US")
    >>> evening = settle(economy, [GiftRecord("ana", "Rose", 2)], at=at, country="US")
    >>> day = morning + evening
    >>> day.creators["ana"].diamonds, day.gifts["5655"], day.diamonds
    (Diamonds(3), 3, Diamonds(702))
    >>> day == Settlement.empty() + evening + morning
    True
    """

    rounding: Rounding | None = attrs.field(default=None, validator=_check_optional(Rounding))
    currency: Currency | None = attrs.field(default=None, validator=_check_optional(Currency))
    events: int = attrs.field(default=0, validator=_check_count)
    unfunded_events: int = attrs.field(default=0, validator=_check_count)
    creators: Mapping[str, CreatorTotal] = attrs.field(
        factory=dict, converter=_frozen_creators, validator=_check_map(CreatorTotal), repr=_show_map
    )
    gifts: Mapping[str, int] = attrs.field(
        factory=dict, converter=_frozen_counts, validator=_check_map(int), repr=_show_map
    )
    agencies: Mapping[str, ExactMoney] = attrs.field(
        factory=dict, converter=_frozen_money, validator=_check_map(ExactMoney), repr=_show_map
    )
    funded_net: Fraction = attrs.field(default=_ZERO)

    def __attrs_post_init__(self) -> None:
        if type(self.funded_net) is not Fraction:
            raise InvalidTypeError("funded_net", self.funded_net, "must be a Fraction", "")
        if self.unfunded_events > self.events:
            raise InvalidValueError(
                "unfunded_events", self.unfunded_events, f"exceeds events={self.events}", ""
            )
        if (self.rounding is None) != (self.currency is None) or (
            self.rounding is None and (self.creators or self.agencies or self.gifts or self.events)
        ):
            raise InvalidValueError(
                "rounding",
                self.rounding,
                "and currency must both be set, or both None for the empty settlement",
                "build settlements with settle() and Settlement.empty()",
            )
        for money in self.agencies.values():
            if money.currency != self.currency:
                raise CurrencyMismatchError("settle", money.currency, self.currency)
        creators = self.creators
        if type(creators) is Totals and creators.under() == (self.rounding, self.currency):
            return  # checked when built, under this mode and currency
        for creator, total in creators.items():
            valid_name("creators", creator)
            assert self.rounding is not None
            if total.diamonds.amount != self.rounding.round(total.entitlement).units:
                raise InvalidValueError(
                    f"creators[{creator!r}]", total, f"is not rounded {self.rounding.name}", ""
                )
            if total.value.currency != self.currency:
                raise CurrencyMismatchError("settle", total.value.currency, self.currency)
        # Kept in columns (see _totals); the checks above hold for every total in them.
        object.__setattr__(
            self,
            "creators",
            creators.rehomed(self.rounding, self.currency)
            if type(creators) is Totals
            else Totals.of(creators.items(), self.rounding, self.currency),
        )

    @classmethod
    def _unchecked(cls, **fields: Any) -> Settlement:
        # Built from validated parts inside this package: skip the validators. The
        # creators come as Totals under the same mode and currency.
        settlement = _new(Settlement)
        assert type(fields["creators"]) is Totals
        for name in ("gifts", "agencies"):
            fields[name] = MappingProxyType(dict(sorted(fields[name].items())))
        for name, value in fields.items():
            object.__setattr__(settlement, name, value)
        return settlement

    @classmethod
    def empty(cls) -> Settlement:
        """The settlement of no events: the identity of :meth:`merge`.

        >>> Settlement.empty().events
        0
        """
        return _EMPTY

    @classmethod
    def total(cls, parts: Iterable[Settlement]) -> Settlement:
        """Merge any number of settlements (the empty settlement for none).

        Parts are merged in pairs, then pairs of pairs (as a balanced tree), so each
        part's creators are copied about log2(parts) times, not once per later part.

        >>> Settlement.total([]) == Settlement.empty()
        True
        """
        try:
            source = iter(parts)
        except TypeError:
            raise InvalidTypeError(
                "parts", parts, "must be an iterable of Settlement", "pass a list of settlements"
            ) from None
        # (how many parts, their merge), fewer parts further up: a binary counter.
        merged: list[tuple[int, Settlement]] = []
        for index, part in enumerate(source):
            if type(part) is not Settlement:
                raise InvalidTypeError(
                    f"parts[{index}]",
                    part,
                    "must be a Settlement",
                    "settle the events with settle() first",
                )
            count = 1
            while merged and merged[-1][0] == count:
                count, part = count * 2, merged.pop()[1].merge(part)
            merged.append((count, part))
        result = _EMPTY
        for _, part in reversed(merged):
            result = part.merge(result)
        return result

    def merge(self, other: Settlement) -> Settlement:
        """The settlement of both parts' events together.

        Raises:
            InvalidTypeError: ``other`` is not a Settlement.
            SettlementError: The parts were rounded with different modes.
            CurrencyMismatchError: Their diamonds are valued in different currencies.
        """
        if type(other) is not Settlement:
            raise InvalidTypeError(
                "other", other, "must be a Settlement", "settle the events with settle() first"
            )
        # Only the empty settlement lacks a rounding mode: it is the identity.
        if other.rounding is None:
            return self
        if self.rounding is None:
            return other
        if self.rounding is not other.rounding:
            raise SettlementError(
                "other",
                other.rounding,
                f"was rounded with another mode than {self.rounding}",
                "settle every part with the same economy",
            )
        if self.currency != other.currency:
            raise CurrencyMismatchError("merge", self.currency, other.currency)
        assert self.currency is not None
        creators = _totals(self).merge(_totals(other))
        gifts = dict(self.gifts)
        for gift, count in other.gifts.items():
            gifts[gift] = gifts.get(gift, 0) + count
        agencies = {agency: money.minor for agency, money in self.agencies.items()}
        for agency, money in other.agencies.items():
            agencies[agency] = agencies.get(agency, _ZERO) + money.minor
        return Settlement._unchecked(
            rounding=self.rounding,
            currency=self.currency,
            events=self.events + other.events,
            unfunded_events=self.unfunded_events + other.unfunded_events,
            creators=creators,
            gifts=gifts,
            agencies={key: ExactMoney(value, self.currency) for key, value in agencies.items()},
            funded_net=self.funded_net + other.funded_net,
        )

    def __add__(self, other: object) -> Settlement:
        # A GiftflowError rather than NotImplemented: Python's own TypeError would not
        # say what to do, and no other type adds a Settlement.
        if type(other) is not Settlement:
            raise InvalidTypeError(
                "other",
                other,
                "cannot be added to a Settlement",
                "add Settlement values only; merge many with Settlement.total(parts)",
            )
        return self.merge(other)

    def __radd__(self, other: object) -> Settlement:
        # sum(settlements) starts from 0: say what to use instead.
        raise InvalidTypeError(
            "other",
            other,
            "cannot be added to a Settlement",
            "use Settlement.total(parts) rather than sum(parts)",
        )

    def __eq__(self, other: object) -> bool:
        if type(other) is not Settlement:
            return NotImplemented
        return _key(self) == _key(other)

    def __hash__(self) -> int:
        return hash(_key(self))

    to_records = settlement_records
    _repr_html_ = settlement_html
    _repr_pretty_ = settlement_pretty

    def __reduce__(self) -> tuple[Any, ...]:
        # MappingProxyType does not pickle; rebuild from plain data (Dask, multiprocessing):
        # the creators as their sorted names and columns of ints, the rest as pairs.
        return (_rebuild, _state(self))

    @property
    def diamonds(self) -> Diamonds:
        """Whole diamonds issued to every creator together."""
        return Diamonds(_totals(self).diamonds())

    @property
    def value(self) -> ExactMoney | None:
        """The money value of every creator's entitlement (``None`` when empty)."""
        if self.currency is None:
            return None
        return ExactMoney(_totals(self).value(), self.currency)

    @property
    def net(self) -> ExactMoney | None:
        """What the platform received for all the coins, if every record carried ``net``."""
        if self.currency is None or self.unfunded_events:
            return None
        return ExactMoney(self.funded_net, self.currency)

    @property
    def platform(self) -> ExactMoney | None:
        """What the platform keeps: net less creators' values and agencies' commissions.

        The ``platform`` row of each gift's value trace, added up; ``None`` unless
        every record carried ``net``.
        """
        net, value = self.net, self.value
        if net is None or value is None:
            return None
        paid = sum((money.minor for money in self.agencies.values()), _ZERO)
        return ExactMoney(net.minor - value.minor - paid, net.currency)

    @property
    def carry(self) -> Carry:
        """The remainders a one-by-one run with :class:`~giftflow.Carry` ends with."""
        return Carry(_totals(self).carries())


def _totals(settlement: Settlement) -> Totals:
    # What __attrs_post_init__ and _unchecked keep in ``creators``.
    totals = settlement.creators
    assert type(totals) is Totals
    return totals


def _key(settlement: Settlement) -> tuple[Any, ...]:
    # What equality compares: every field, the creators as their Totals.
    return (
        settlement.rounding,
        settlement.currency,
        settlement.events,
        settlement.unfunded_events,
        settlement.creators,
        tuple(settlement.gifts.items()),
        tuple(settlement.agencies.items()),
        settlement.funded_net,
    )


def _state(settlement: Settlement) -> tuple[Any, ...]:
    return (
        settlement.rounding,
        settlement.currency,
        settlement.events,
        settlement.unfunded_events,
        *_totals(settlement).plain(),
        tuple(settlement.gifts.items()),
        tuple(settlement.agencies.items()),
        settlement.funded_net,
    )


def _rebuild(
    rounding: Rounding | None,
    currency: Currency | None,
    events: int,
    unfunded_events: int,
    names: str,
    columns: Columns,
    gifts: tuple[tuple[str, int], ...],
    agencies: tuple[tuple[str, ExactMoney], ...],
    funded_net: Fraction,
) -> Settlement:
    # A pickle's plain data: the creators as their sorted names, one a line, and five
    # columns of ints (arrays, or lists where an int does not fit in 64 bits; see
    # _totals), checked.
    return Settlement(
        rounding=rounding,
        currency=currency,
        events=events,
        unfunded_events=unfunded_events,
        creators=Totals.checked(names, columns, rounding, currency),
        gifts=dict(gifts),
        agencies=dict(agencies),
        funded_net=funded_net,
    )


_EMPTY = Settlement()
