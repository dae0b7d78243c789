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
from giftflow._values._checks import valid_name
from giftflow._values._currency import Currency
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    SettlementError,
)
from giftflow._values._money import ExactMoney, Money
from giftflow._values._rounding import Rounding, round_fraction
from giftflow._values._units import Coins, Diamonds

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

    >>> from giftflow import presets
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
        cls, coins: int, entitlement: int | Fraction, rounding: Rounding, value: ExactMoney
    ) -> CreatorTotal:
        # Built inside settlement from validated sums: skip the checks. An int
        # entitlement (one diamond per coin, say) needs no rounding at all.
        if isinstance(entitlement, int):
            exact, units, carry = Fraction(entitlement), entitlement, _ZERO
        else:
            exact = entitlement
            units = round_fraction(exact.numerator, exact.denominator, rounding)
            carry = exact - units if units != exact else _ZERO
        total = _new(CreatorTotal)
        for setter, item in zip(
            _TOTAL_SLOTS,
            (Coins._unchecked(coins), exact, Diamonds._unchecked(units), carry, value),
            strict=True,
        ):
            setter(total, item)
        return total


_new = object.__new__
_TOTAL_SLOTS = tuple(
    CreatorTotal.__dict__[name].__set__
    for name in ("coins", "entitlement", "diamonds", "carry", "value")
)


def _frozen_map(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType(dict(sorted(value.items())))
    return value


def _check_map(kind: type) -> Any:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
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
        creators: Per creator, the totals.
        gifts: Per gift id, how many were sent.
        agencies: Per agency id, the commission earned.
        funded_net: The sum of the ``net`` the records carried.

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
        factory=dict, converter=_frozen_map, validator=_check_map(CreatorTotal), repr=_show_map
    )
    gifts: Mapping[str, int] = attrs.field(
        factory=dict, converter=_frozen_map, validator=_check_map(int), repr=_show_map
    )
    agencies: Mapping[str, ExactMoney] = attrs.field(
        factory=dict, converter=_frozen_map, validator=_check_map(ExactMoney), repr=_show_map
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
        for creator, total in self.creators.items():
            valid_name("creators", creator)
            assert self.rounding is not None
            if total.diamonds.amount != self.rounding.round(total.entitlement).units:
                raise InvalidValueError(
                    f"creators[{creator!r}]", total, f"is not rounded {self.rounding.name}", ""
                )
            if total.value.currency != self.currency:
                raise CurrencyMismatchError("settle", total.value.currency, self.currency)
        for money in self.agencies.values():
            if money.currency != self.currency:
                raise CurrencyMismatchError("settle", money.currency, self.currency)

    @classmethod
    def _unchecked(cls, **fields: Any) -> Settlement:
        # Built from validated parts inside this module: skip the validators.
        settlement = _new(Settlement)
        for name in ("creators", "gifts", "agencies"):
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

        >>> Settlement.total([]) == Settlement.empty()
        True
        """
        try:
            source = iter(parts)
        except TypeError:
            raise InvalidTypeError(
                "parts", parts, "must be an iterable of Settlement", "pass a list of settlements"
            ) from None
        result = _EMPTY
        for index, part in enumerate(source):
            if type(part) is not Settlement:
                raise InvalidTypeError(
                    f"parts[{index}]",
                    part,
                    "must be a Settlement",
                    "settle the events with settle() first",
                )
            result = result.merge(part)
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
        sums: dict[str, list[Any]] = {}
        for part in (self, other):
            for creator, total in part.creators.items():
                entry = sums.get(creator)
                if entry is None:
                    sums[creator] = [total.coins.amount, total.entitlement, total.value.minor]
                else:
                    entry[0] += total.coins.amount
                    entry[1] += total.entitlement
                    entry[2] += total.value.minor
        creators = {
            creator: CreatorTotal._unchecked(
                coins, entitlement, self.rounding, ExactMoney._unchecked(value, self.currency)
            )
            for creator, (coins, entitlement, value) in sums.items()
        }
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
        return _state(self) == _state(other)

    def __hash__(self) -> int:
        return hash(_state(self))

    def __reduce__(self) -> tuple[Any, ...]:
        # MappingProxyType does not pickle; rebuild from plain dicts (Dask, multiprocessing).
        return (_rebuild, _state(self))

    @property
    def diamonds(self) -> Diamonds:
        """Whole diamonds issued to every creator together."""
        return Diamonds(sum(total.diamonds.amount for total in self.creators.values()))

    @property
    def value(self) -> ExactMoney | None:
        """The money value of every creator's entitlement (``None`` when empty)."""
        if self.currency is None:
            return None
        return ExactMoney(
            sum((total.value.minor for total in self.creators.values()), _ZERO), self.currency
        )

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
        return Carry({c: t.carry for c, t in self.creators.items() if t.carry})


def _state(settlement: Settlement) -> tuple[Any, ...]:
    return (
        settlement.rounding,
        settlement.currency,
        settlement.events,
        settlement.unfunded_events,
        tuple(settlement.creators.items()),
        tuple(settlement.gifts.items()),
        tuple(settlement.agencies.items()),
        settlement.funded_net,
    )


def _rebuild(
    rounding: Rounding | None,
    currency: Currency | None,
    events: int,
    unfunded_events: int,
    creators: tuple[tuple[str, CreatorTotal], ...],
    gifts: tuple[tuple[str, int], ...],
    agencies: tuple[tuple[str, ExactMoney], ...],
    funded_net: Fraction,
) -> Settlement:
    return Settlement(
        rounding=rounding,
        currency=currency,
        events=events,
        unfunded_events=unfunded_events,
        creators=dict(creators),
        gifts=dict(gifts),
        agencies=dict(agencies),
        funded_net=funded_net,
    )


_EMPTY = Settlement()
