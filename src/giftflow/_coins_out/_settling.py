"""Settling: streamed gift records into a :class:`~giftflow.Settlement`, in one pass.

``settle`` gives, for a whole stream of gifts, what sending them one by one with
:func:`~giftflow.send_gift` and a :class:`~giftflow.Carry` gives: the same diamonds,
carried remainders, money values, agency commissions and platform portion. It keeps
only exact sums (per creator, per gift, per agency), never the events, and rounds once,
at the end, which is the same as rounding each gift with a carry for the rounding
modes where the carry's result does not depend on the order of the gifts. Every
entitlement, bonus and commission comes from the issuance core (``_issuance``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from fractions import Fraction
from itertools import chain, islice
from operator import length_hint
from typing import Any

from giftflow._coins_out._catalog import Gift
from giftflow._coins_out._economy import Economy
from giftflow._coins_out._issuance import Agency, Issuance
from giftflow._coins_out._settlement import GiftRecord, Settlement
from giftflow._coins_out._totals import Columns, Totals, build
from giftflow._values._checks import check_aware, valid_country, valid_name
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    SettlementError,
    UnknownGiftError,
)
from giftflow._values._money import ExactMoney, Money
from giftflow._values._rounding import Rounding

__all__ = ["settle"]

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

_END = object()  # what next() returns at the end of the records
_VALUES = 4096  # distinct entitlements whose value finish remembers


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

    def admit_gift(self, index: int, key: Any, argument: str | None = None) -> int:
        """Return a gift's price, looking it up in the catalog the first time.

        ``argument`` names the gift in an error (``events[index].gift`` by default).
        """
        price = self.prices.get(key) if isinstance(key, str) else None
        if price is not None:
            return price
        where = f"events[{index}].gift" if argument is None else argument
        if not isinstance(key, str):
            raise InvalidTypeError(where, key, "must be a gift id or name (str)", "pass 'Rose'")
        try:
            gift: Gift = self.economy.catalog.gift(key, country=self.country, at=self.at)
        except UnknownGiftError as error:
            if argument is None or error.argument != "gift":
                raise
            raise UnknownGiftError(where, key, error.problem, error.hint) from None
        if gift.sponsor is not None:
            raise SettlementError(
                where,
                key,
                f"is sponsored by {gift.sponsor!r}; settle does not charge sponsor budgets",
                "send sponsored gifts with send_gift, which does",
            )
        self.gift_ids[key] = gift.id
        self.counts[key] = 0
        self.prices[key] = gift.price.amount
        return gift.price.amount

    def admit_creator(
        self, index: int, creator: Any, *, funded: bool, argument: str | None = None
    ) -> None:
        """Check a creator's name, and that a record without net is enough for them.

        ``argument`` names the creator in an error (``events[index].creator`` by default).
        """
        valid_name(f"events[{index}].creator" if argument is None else argument, creator)
        if not funded and self.by_event and not self.by_coins(creator):
            raise SettlementError(
                f"events[{index}]" if argument is None else argument,
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
            raise CurrencyMismatchError(
                f"combine events[{index}].net and diamond values in", net.currency, self.currency
            )
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
            creators=Totals(*build(self.fill), rounding, currency),
            gifts={gift_id: count for gift_id, count in gifts.items() if count},
            agencies={agency: ExactMoney(paid, currency) for agency, paid in self.paid.items()},
            funded_net=self.funded_net,
        )

    def fill(self, columns: Columns) -> list[str]:
        """Append each creator's totals to ``columns`` in name order; return the names.

        Coins summed as ints become entitlements here, once per creator; the value
        is that of the whole entitlement. No per-creator list or dict is built.
        """
        issuance = self.issuance
        plain, battle, exact = self.coins, self.battle_coins, self.exact
        # A creator only seen in won battles or funded records has 0 in ``plain``.
        names = sorted(creator for creator, coins in plain.items() if coins)
        if battle or exact:
            names = sorted({*names, *battle, *exact})
        earned, with_bonus, value = issuance.earned, issuance.with_bonus, issuance.value_parts
        # Many creators earn the same (small) totals: value each distinct one once.
        values: dict[int | Fraction, tuple[int, int]] = {}
        add_coins, add_numerator, add_denominator, add_value, add_unit = (
            column.append for column in columns
        )
        for creator in names:
            coins = plain.get(creator, 0)
            entitlement = earned(coins, None, {}) if coins else 0
            if battle:
                more = battle.get(creator, 0)
                coins += more
                entitlement += with_bonus(earned(more, None, {}), True) if more else 0
            if exact:
                more, part = exact.get(creator, (0, 0))
                coins += more
                entitlement += part
            worth = values.get(entitlement)
            if worth is None:
                worth = value(entitlement)
                if len(values) < _VALUES:
                    values[entitlement] = worth
            add_coins(coins)
            add_numerator(entitlement.numerator)
            add_denominator(entitlement.denominator)
            add_value(worth[0])
            add_unit(worth[1])
        return names


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
    valid_country("country", code)
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
    events: Iterable[
        GiftRecord | tuple[str, str, int] | tuple[str, str, int, bool, ExactMoney | Money | None]
    ],
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
        events: :class:`GiftRecord` values, ``(creator, gift, count)`` tuples, or
            ``(creator, gift, count, battle, net)`` tuples in GiftRecord's order.
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
        try:
            iterator = iter(events)
        except TypeError:
            raise InvalidTypeError(
                "events",
                events,
                "must be an iterable of GiftRecord or (creator, gift, count) tuples",
                "pass a list or a stream of records",
            ) from None
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
