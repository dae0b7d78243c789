"""Batch settlement: streamed gift records into exact per-creator totals that merge.

``settle`` gives, for a whole stream of gifts, what sending them one by one with
:func:`~giftflow.send_gift` and a :class:`~giftflow.Carry` gives: the same diamonds,
carried remainders, money values, agency commissions and platform portion. It keeps
only exact sums (per creator, per gift, per agency), never the events, and rounds once,
at the end, which is the same as rounding each gift with a carry for the rounding
modes where the carry's result does not depend on the order of the gifts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from fractions import Fraction
from itertools import chain, islice
from operator import length_hint
from types import MappingProxyType
from typing import Any, NamedTuple

import attrs

from giftflow._coins_in._pricing import check_country
from giftflow._coins_out._catalog import Gift
from giftflow._coins_out._conversion import (
    Carry,
)
from giftflow._coins_out._economy import Economy
from giftflow._coins_out._issuance import Agency, Issuance
from giftflow._values._checks import check_name
from giftflow._values._currency import Currency
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    SettlementError,
)
from giftflow._values._money import ExactMoney, Money
from giftflow._values._rounding import Rounding, round_fraction
from giftflow._values._time import check_aware
from giftflow._values._units import Coins, Diamonds

__all__ = ["CreatorTotal", "GiftRecord", "Settlement", "settle"]

_ZERO = Fraction(0)

# Modes for which issuing with a carry, gift by gift, ends with exactly
# mode(total entitlement) whatever the order, for non-negative entitlements.
# FLOOR and CEILING commute with adding an integer; DOWN is FLOOR and HALF_DOWN is
# ceil(x - 1/2) on every value a carry can reach; HALF_UP is floor(x + 1/2) there
# unless a gift earns exactly nothing (then a carry of -1/2 rounds to -1). UP and
# HALF_EVEN depend on the order (see docs/design.md, "Settlement").
_ORDER_FREE = frozenset(
    {Rounding.FLOOR, Rounding.CEILING, Rounding.DOWN, Rounding.HALF_DOWN, Rounding.HALF_UP}
)


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
            check_name(None, _argument("creators"), creator)
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
        result = _EMPTY
        for part in parts:
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
        if type(other) is not Settlement:
            return NotImplemented
        return self.merge(other)

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


class _NamedArgument:
    # Stands in for an attrs.Attribute where a validator only reads ``.name``.
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


def _argument(name: str) -> Any:
    # check_name and check_country are attrs validators; they read only the name.
    return _NamedArgument(name)


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
_END = object()  # what next() returns at the end of the records


class _Settler:
    """The mutable state of one :func:`settle` call; never leaves it.

    Records whose entitlement is linear in their coins (no revenue share, no agency,
    no net) are summed as plain ints: coins per creator (``coins``, or
    ``battle_coins`` for won battles) and gifts per gift key (``counts``), exactly
    what a hand-written loop would keep. Entitlements and values are computed from
    those sums once, in :meth:`finish`. The other records are computed one by one,
    in exact fractions (``exact``, ``paid``).
    """

    __slots__ = (
        "agencies",
        "at",
        "battle_bonus",
        "battle_coins",
        "by_event",
        "coins",
        "country",
        "counts",
        "currency",
        "economy",
        "exact",
        "funded",
        "funded_net",
        "gift_ids",
        "issuance",
        "metrics",
        "paid",
        "prices",
    )

    def __init__(
        self,
        economy: Economy,
        issuance: Issuance,
        *,
        at: datetime,
        country: str,
        metrics: Mapping[str, Mapping[str, int]],
        agencies: Mapping[str, Agency],
    ) -> None:
        self.economy = economy
        self.issuance = issuance
        self.at = at
        self.country = country
        self.metrics = metrics
        self.agencies = agencies
        self.currency = issuance.currency
        self.battle_bonus = bool(issuance.bonus)
        # Whether any record may need its own computation (a revenue share, an agency).
        self.by_event = not issuance.by_coins() or bool(agencies)
        self.coins: dict[str, int] = {}
        self.battle_coins: dict[str, int] = {}
        self.counts: dict[str, int] = {}  # by gift key (id or name), as records name them
        self.prices: dict[str, int] = {}  # by gift key
        self.gift_ids: dict[str, str] = {}  # gift key -> gift id
        self.exact: dict[str, list[Any]] = {}  # creator -> [coins, entitlement]
        self.paid: dict[str, Fraction] = {}  # agency id -> commission
        self.funded_net = _ZERO
        self.funded = 0  # records with a net; every other record is unfunded

    def admit_gift(self, index: int, key: Any) -> int:
        """Return a gift's price, looking it up in the catalog the first time."""
        price = self.prices.get(key) if isinstance(key, str) else None
        if price is not None:
            return price
        if not isinstance(key, str):
            raise InvalidTypeError(
                f"events[{index}].gift", key, "must be a gift id or name (str)", "pass 'Rose'"
            )
        gift: Gift = self.economy.catalog.gift(key, country=self.country, at=self.at)
        if gift.sponsor is not None:
            raise SettlementError(
                f"events[{index}].gift",
                key,
                f"is sponsored by {gift.sponsor!r}; settle does not charge sponsor budgets",
                "send sponsored gifts with send_gift, which does",
            )
        self.gift_ids[key] = gift.id
        self.counts[key] = 0
        self.prices[key] = gift.price.amount
        return gift.price.amount

    def admit_creator(self, index: int, creator: Any, *, funded: bool) -> None:
        """Check a creator's name, and that a record without net is enough for them."""
        check_name(None, _argument(f"events[{index}].creator"), creator)
        if not funded and self.by_event and not self.by_coins(creator):
            raise SettlementError(
                f"events[{index}]",
                creator,
                "has no net, which a revenue share or an agency's commission needs",
                "pass GiftRecord(creator, gift, count, net=receipt.funding.net)",
            )

    def add_plain(self, index: int, creator: Any, key: Any, count: int) -> None:
        """The hot path's first sight of a gift or a creator: check them, then add."""
        price = self.admit_gift(index, key)
        if not isinstance(creator, str) or creator not in self.coins:
            self.admit_creator(index, creator, funded=False)
            self.coins[creator] = 0
        self.coins[creator] += price * count
        self.counts[key] += count

    def add(self, index: int, record: Any) -> None:
        """Settle a record the hot path does not take (battle, net, or to refuse)."""
        if not isinstance(record, tuple) or len(record) not in (3, 5):
            raise InvalidTypeError(
                f"events[{index}]",
                record,
                "must be a GiftRecord or a (creator, gift, count) tuple",
                "pass GiftRecord('ana', 'Rose', 1)",
            )
        creator, key, count, battle, net = record if len(record) == 5 else (*record, False, None)
        _check_record_count(index, record, count)
        if type(battle) is not bool:
            raise InvalidTypeError(
                f"events[{index}].battle", battle, "must be a bool", "pass True or False"
            )
        net_minor = self.net(index, net)
        if net_minor is None and not battle:
            self.add_plain(index, creator, key, count)
            return
        price = self.admit_gift(index, key)
        self.admit_creator(index, creator, funded=net_minor is not None)
        if net_minor is not None:
            self.funded += 1
            self.funded_net += net_minor
        if self.by_event and not self.by_coins(creator):
            assert net_minor is not None
            self.add_exact(creator, key, price * count, battle, net_minor)
        else:
            totals = self.battle_coins if battle and self.battle_bonus else self.coins
            totals[creator] = totals.get(creator, 0) + price * count
        self.counts[key] += count

    def net(self, index: int, net: Any) -> Fraction | None:
        if net is None:
            return None
        if type(net) is Money:
            net = net.exact()
        if type(net) is not ExactMoney:
            raise InvalidTypeError(
                f"events[{index}].net", net, "must be ExactMoney, Money or None", "pass None"
            )
        if net.currency != self.currency:
            raise CurrencyMismatchError("settle", net.currency, self.currency)
        minor: Fraction = net.minor
        return minor

    def by_coins(self, creator: str) -> bool:
        """Whether the creator's diamonds follow from coin counts alone (summed as ints)."""
        return self.issuance.by_coins(agency=creator in self.agencies)

    def add_exact(self, creator: str, key: str, coins: int, battle: bool, net: Fraction) -> None:
        """Issue one funded record exactly, as send_gift does for a single recipient."""
        issuance = self.issuance
        funding = ExactMoney._unchecked(net, self.currency)
        earned = issuance.earned(coins, funding, self.metrics.get(creator, {}))
        entitlement = issuance.with_bonus(earned, battle)
        if entitlement <= 0:
            self.refuse_unsigned(creator, key, Fraction(entitlement))
        entry = self.exact.get(creator)
        if entry is None:
            entry = self.exact[creator] = [0, _ZERO]
        entry[0] += coins
        entry[1] += entitlement
        agency = self.agencies.get(creator)
        if agency is not None:
            commission = issuance.commission(agency, funding, earned)
            self.paid[agency.id] = self.paid.get(agency.id, _ZERO) + commission

    def refuse_unsigned(self, creator: str, key: str, entitlement: Fraction) -> None:
        # FLOOR and CEILING commute with integer shifts for any sign; DOWN and HALF_DOWN
        # need entitlements >= 0 (a carry then never changes sign), HALF_UP > 0.
        rounding = self.economy.diamond_rounding
        if rounding in (Rounding.FLOOR, Rounding.CEILING):
            return
        if entitlement == 0 and rounding is not Rounding.HALF_UP:
            return
        earns = "nothing" if entitlement == 0 else f"a negative {entitlement} diamonds"
        raise SettlementError(
            "economy.diamond_rounding",
            rounding,
            f"depends on the order of gifts when one earns {earns}"
            f" ({key!r} for {creator!r}, from its net)",
            "settle with Rounding.FLOOR, or send these gifts one by one with send_gift",
        )

    def finish(self, events: int) -> Settlement:
        issuance = self.issuance
        rounding = issuance.rounding
        totals: dict[str, list[Any]] = {}
        for creator, coins in self.coins.items():
            if coins:  # a creator only seen in won battles or funded records has 0 here
                totals[creator] = [coins, issuance.earned(coins, None, {})]
        for creator, coins in self.battle_coins.items():
            entry = totals.setdefault(creator, [0, _ZERO])
            entry[0] += coins
            entry[1] += issuance.with_bonus(issuance.earned(coins, None, {}), True)
        for creator, (coins, entitlement) in self.exact.items():
            entry = totals.setdefault(creator, [0, _ZERO])
            entry[0] += coins
            entry[1] += entitlement
        gifts: dict[str, int] = {}
        for key, count in self.counts.items():
            gift_id = self.gift_ids[key]
            gifts[gift_id] = gifts.get(gift_id, 0) + count
        currency = self.currency
        return Settlement._unchecked(
            rounding=rounding,
            currency=currency,
            events=events,
            unfunded_events=events - self.funded,
            creators={
                creator: CreatorTotal._unchecked(
                    coins, entitlement, rounding, issuance.value(entitlement)
                )
                for creator, (coins, entitlement) in totals.items()
            },
            gifts={gift_id: count for gift_id, count in gifts.items() if count},
            agencies={agency: ExactMoney(paid, currency) for agency, paid in self.paid.items()},
            funded_net=self.funded_net,
        )


def _check_record_count(index: int, record: Any, count: Any) -> None:
    if type(count) is not int or count < 1:
        raise InvalidValueError(
            f"events[{index}].count", count, "must be a positive int", "send at least one gift"
        )


def _check_arguments(
    economy: Any, at: Any, country: Any, metrics: Any, agencies: Any
) -> tuple[Issuance, str]:
    if type(economy) is not Economy:
        raise InvalidTypeError("economy", economy, "must be an Economy", "pass presets.tiktok()")
    check_aware("at", at)
    code = country.upper() if isinstance(country, str) else country
    check_country(None, _argument("country"), code)
    if not isinstance(metrics, Mapping):
        raise InvalidTypeError("metrics", metrics, "must be a mapping", "pass {'ana': {...}}")
    if not isinstance(agencies, Mapping) or not all(
        type(agency) is Agency for agency in agencies.values()
    ):
        raise InvalidTypeError(
            "agencies", agencies, "must map creators to Agency", "pass {'ana': Agency(...)}"
        )
    rounding = economy.diamond_rounding
    if rounding not in _ORDER_FREE:
        raise SettlementError(
            "economy.diamond_rounding",
            rounding,
            "makes issuing with a carry depend on the order of the gifts, so no batch can"
            " reproduce it",
            "settle with Rounding.DOWN, FLOOR, CEILING, HALF_DOWN or HALF_UP, or send the"
            " gifts one by one with send_gift",
        )
    issuance = Issuance.of(economy, at)
    if rounding is Rounding.HALF_UP and issuance.ratio == 0:
        raise SettlementError(
            "economy.diamond_rounding",
            rounding,
            "depends on the order of gifts when they earn nothing (diamonds_per_coin is 0)",
            "settle with Rounding.HALF_DOWN or DOWN",
        )
    return issuance, code


def settle(
    economy: Economy,
    events: Iterable[GiftRecord | tuple[Any, ...]],
    *,
    at: datetime,
    country: str,
    metrics: Mapping[str, Mapping[str, int]] | None = None,
    agencies: Mapping[str, Agency] | None = None,
) -> Settlement:
    """Settle a stream of gift records: per-creator diamonds and values, exactly.

    The result is what sending each gift with :func:`~giftflow.send_gift` (one
    recipient, the catalog and policy in force at ``at`` in ``country``) and a
    :class:`~giftflow.Carry` starting empty gives, in any order: the same diamonds,
    remainders, values, agency commissions and platform portion. ``events`` is
    consumed once; memory grows with the number of creators and gifts, not events.

    Args:
        economy: The platform configuration; its ``diamond_rounding`` must be a mode
            whose result with a carry does not depend on the order of the gifts.
        events: :class:`GiftRecord` values or ``(creator, gift, count)`` tuples.
        at: The instant whose catalog version and conversion policy apply (settle
            each period separately across a change, then merge).
        country: Where the gifts are sent (selects the catalog version).
        metrics: Per creator, metrics for a revenue share's reward schedule.
        agencies: Per creator, the agency paid a commission on their gifts.

    Returns:
        A :class:`Settlement`; merge it with other parts' settlements.

    Raises:
        SettlementError: The rounding mode is order-dependent (``UP``, ``HALF_EVEN``),
            a gift is sponsored, or a record lacks the ``net`` that a revenue share or
            an agency needs.
        InvalidTypeError, InvalidValueError, UnknownGiftError: A bad argument or record
            (``events[i]`` names it). Nothing is returned; a stream is left consumed
            up to the bad record, or up to 511 records past it.

    >>> from datetime import datetime, timezone
    >>> from giftflow import presets
    >>> events = [("ana", "Rose", 10), ("bo", "Swan", 1), ("ana", "Doughnut", 3)]
    >>> result = settle(presets.tiktok(), events, country="US",
    ...                 at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    >>> result.creators["ana"].diamonds
    Diamonds(100)
    >>> print(result.creators["ana"].value.round(Rounding.DOWN))
    0.50 USD
    >>> dict(result.gifts)
    {'5655': 10, 'doughnut': 3, 'swan': 1}
    >>> settle(presets.tiktok(), [("ana", "Rose", 0)], country="US",
    ...        at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    Traceback (most recent call last):
    giftflow.InvalidValueError: events[0].count must be a positive int, got 0 (int); ...
    """
    issuance, code = _check_arguments(
        economy, at, country, {} if metrics is None else metrics, agencies or {}
    )
    settler = _Settler(
        economy, issuance, at=at, country=code, metrics=metrics or {}, agencies=agencies or {}
    )
    records: Iterable[Any]
    if type(events) is list or type(events) is tuple:
        first = events[0] if events else _END
        records = events
    else:
        iterator = iter(events)
        first = next(iterator, _END)
        records = chain((first,), iterator)
    if first is _END:
        return settler.finish(0)
    # One loop per shape, each specialised by CPython for its own records; either
    # hands the records it does not take to the general path.
    if type(first) is GiftRecord:
        return settler.finish(_sum_records(settler, records))
    return settler.finish(_sum_tuples(settler, records))


_CHUNK = 512  # records held at once from a stream: small, so memory stays flat


def _chunks(events: Iterable[Any]) -> Iterable[Any]:
    """A list or tuple as it is; a stream as lists of ``_CHUNK`` records."""
    if type(events) is list or type(events) is tuple:
        return (events,)
    source = iter(events)
    return iter(lambda: list(islice(source, _CHUNK)), [])


def _sum_tuples(settler: _Settler, events: Iterable[Any]) -> int:
    """The hot path for (creator, gift, count) tuples; returns how many records it read.

    The loop a careful programmer writes with plain ints, plus a check of the count,
    with the tuple unpacked by the loop itself. A list or tuple is walked in place; a
    stream in lists of 512. A record the loop cannot take (a gift or creator seen
    for the first time, a GiftRecord, a bad count, anything malformed) stops it before
    that record changes anything; its position is what the list iterator has left
    (``length_hint``), so no index is counted per record. The careful path
    (:func:`_one_tuple`) takes that record, and the loop resumes after it.
    """
    coins, counts, prices = settler.coins, settler.counts, settler.prices
    start = 0
    for chunk in _chunks(events):
        size = len(chunk)
        remaining = iter(chunk)
        while True:
            try:
                for creator, key, count in remaining:
                    if type(count) is not int or count < 1:
                        raise ValueError  # to the careful path, below
                    coins[creator] += prices[key] * count
                    counts[key] += count
                break
            except (TypeError, ValueError, KeyError):
                pass
            position = size - length_hint(remaining) - 1
            _one_tuple(settler, start + position, chunk[position])
        start += size
    return start


def _one_tuple(settler: _Settler, index: int, record: Any) -> None:
    """The careful path for one record the tuple loop stopped at: check it, then add it."""
    try:
        creator, key, count = record
    except (TypeError, ValueError):
        settler.add(index, record)  # a GiftRecord, a 5-tuple, or something to refuse
        return
    if type(count) is not int or count < 1:
        _check_record_count(index, record, count)
    settler.add_plain(index, creator, key, count)


def _sum_records(settler: _Settler, events: Iterable[Any]) -> int:
    """The same hot path for GiftRecord values that carry neither a battle nor a net."""
    coins, counts, prices = settler.coins, settler.counts, settler.prices
    start = 0
    for chunk in _chunks(events):
        size = len(chunk)
        remaining = iter(chunk)
        while True:
            try:
                for creator, key, count, battle, net in remaining:
                    if (
                        battle is not False
                        or net is not None
                        or type(count) is not int
                        or count < 1
                    ):
                        raise ValueError  # to the careful path, below
                    coins[creator] += prices[key] * count
                    counts[key] += count
                break
            except (TypeError, ValueError, KeyError):
                pass
            position = size - length_hint(remaining) - 1
            _one_record(settler, start + position, chunk[position])
        start += size
    return start


def _one_record(settler: _Settler, index: int, record: Any) -> None:
    """The careful path for one record the GiftRecord loop stopped at."""
    try:
        creator, key, count, battle, net = record
    except (TypeError, ValueError):
        settler.add(index, record)
        return
    if battle is not False or net is not None or type(count) is not int or count < 1:
        settler.add(index, record)
        return
    settler.add_plain(index, creator, key, count)
