"""Conversion policies: how coins spent on gifts become a creator's diamonds and their value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import attrs

from giftflow._values._checks import as_tuple, check_aware, check_instance, check_name, valid_name
from giftflow._values._currency import Currency
from giftflow._values._errors import CurrencyMismatchError, InvalidTypeError, InvalidValueError
from giftflow._values._money import ExactMoney, Money
from giftflow._values._numbers import MAX_DIGITS
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounded, Rounding
from giftflow._values._units import Diamonds

__all__ = [
    "Carry",
    "ConversionPolicy",
    "DiamondRatio",
    "FixedValue",
    "Mission",
    "PolicySchedule",
    "RevenueShare",
    "RewardSchedule",
]


_ONE = Fraction(1)


def _exact(value: Money | ExactMoney) -> Any:
    # Lossless widening of Money to ExactMoney; anything else goes to the validator.
    return value.exact() if type(value) is Money else value


def _check_unit_value(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not ExactMoney:
        raise InvalidTypeError(
            attribute.name,
            value,
            "must be Money or ExactMoney",
            "pass ExactMoney.parse('0.005', 'USD') for values below the minor unit",
        )
    if value.minor <= 0:
        raise InvalidValueError(attribute.name, value, "must be positive", "pass e.g. $0.01")


def _check_metric(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int:
        raise InvalidTypeError(attribute.name, value, "must be an int", "pass a whole number")
    if value < 0:
        raise InvalidValueError(
            attribute.name, value, "must not be negative", "metrics count from 0; pass e.g. 25"
        )


def _check_at_most_one(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Rate:
        raise InvalidTypeError(attribute.name, value, "must be a Rate", "pass Rate.parse('50%')")
    if value.value > _ONE:
        raise InvalidValueError(
            attribute.name, value, "must be at most 100%", "pass a share such as Rate.parse('50%')"
        )


def _check_coins(coins: Any) -> None:
    if type(coins) is not int or coins < 0:
        raise InvalidValueError(
            "coins", coins, "must be an int >= 0", "pass the coins spent, e.g. coins=100"
        )


@attrs.frozen(kw_only=True)
class Mission:
    """A reward step: ``bonus`` is earned when metric ``metric`` is at least ``at_least``.

    A negative effect (a penalty for violations, say) is a Mission with
    ``penalty=True``: its ``bonus`` is subtracted instead.

    >>> Mission(name="25+ minutes live", metric="live_minutes", at_least=25,
    ...         bonus=Rate.parse("18%")).earned({"live_minutes": 40})
    True
    """

    name: str = attrs.field(validator=check_name)
    metric: str = attrs.field(validator=check_name)
    at_least: int = attrs.field(validator=_check_metric)
    bonus: Rate = attrs.field(validator=check_instance(Rate, "Rate.parse('2%')"))
    penalty: bool = attrs.field(default=False, validator=check_instance(bool, "False"))

    def earned(self, metrics: Mapping[str, int]) -> bool:
        """Whether ``metrics`` meet this mission (a missing metric counts as 0)."""
        _check_metrics(metrics)
        value: int = metrics.get(self.metric, 0)
        return value >= self.at_least


def _check_metrics(metrics: Any) -> None:
    if not isinstance(metrics, Mapping):
        raise InvalidTypeError("metrics", metrics, "must be a mapping", "pass {'live_minutes': 30}")
    for name, value in metrics.items():
        if not isinstance(name, str) or type(value) is not int:
            raise InvalidTypeError(
                f"metrics[{name!r}]",
                value,
                "must be an int, keyed by metric name",
                "pass whole numbers",
            )


def _check_missions(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not tuple or not all(type(m) is Mission for m in value):
        raise InvalidTypeError("missions", value, "must be a tuple of Mission", "pass (m1, m2)")


@attrs.frozen(kw_only=True)
class RewardSchedule:
    """A share that depends on the creator's metrics, passed in by the caller.

    ``rate = clamp(base + earned bonuses - earned penalties, 0, cap)``. Models
    mission-based schemes such as TikTok's 2025 US "Scaled LIVE rewards".

    >>> schedule = RewardSchedule(base=Rate.parse("20%"), cap=Rate.parse("53%"), missions=(
    ...     Mission(name="25 min", metric="live_minutes", at_least=25, bonus=Rate.parse("18%")),
    ...     Mission(name="followers", metric="new_followers", at_least=5, bonus=Rate.parse("2%")),
    ... ))
    >>> schedule.rate_for({"live_minutes": 30, "new_followers": 2})
    Rate.parse('0.38')
    """

    base: Rate = attrs.field(validator=_check_at_most_one)
    cap: Rate = attrs.field(validator=_check_at_most_one)
    # A tuple, not any iterable: a list would be a second accepted type (STYLE.md).
    missions: tuple[Mission, ...] = attrs.field(default=(), validator=_check_missions)

    def rate_for(self, metrics: Mapping[str, int]) -> Rate:
        """The share earned with ``metrics``."""
        _check_metrics(metrics)
        total = self.base.value
        for mission in self.missions:
            if mission.earned(metrics):
                total += -mission.bonus.value if mission.penalty else mission.bonus.value
        return Rate(min(max(total, Fraction(0)), self.cap.value))

    def explain(self, metrics: Mapping[str, int]) -> tuple[str, ...]:
        """One line per mission: earned or not, and its effect."""
        _check_metrics(metrics)
        lines = [f"base {self.base}"]
        for mission in self.missions:
            sign = "-" if mission.penalty else "+"
            state = "earned" if mission.earned(metrics) else "not earned"
            lines.append(f"{sign}{mission.bonus} {mission.name}: {state}")
        lines.append(f"capped at {self.cap}")
        return tuple(lines)


def _check_share(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) not in (Rate, RewardSchedule):
        raise InvalidTypeError(
            "share", value, "must be a Rate or a RewardSchedule", "pass Rate.parse('50%')"
        )
    if type(value) is Rate:
        _check_at_most_one(instance, attribute, value)


@attrs.frozen(kw_only=True)
class RevenueShare:
    """The creator gets ``share`` of what the platform actually received for the coins.

    The platform's receipts come from the coin lots' cost basis (net of tax, store
    and processor fees). Diamonds are that money divided by ``diamond_value``.
    TikTok describes its LIVE rewards this way ("up to 50%" of net revenue); so
    do YouTube's Supers (70% after tax and iOS store fees).

    >>> from fractions import Fraction
    >>> policy = RevenueShare(share=Rate.parse("70%"), diamond_value=Money.parse("0.01", "USD"))
    >>> policy.diamonds_for(coins=100, net=ExactMoney(Fraction(700), policy.diamond_value.currency),
    ...                     metrics={})
    Fraction(490, 1)
    """

    share: Rate | RewardSchedule = attrs.field(validator=_check_share)
    diamond_value: ExactMoney = attrs.field(converter=_exact, validator=_check_unit_value)

    @property
    def value_currency(self) -> Currency:
        """The currency diamonds are worth money in."""
        return self.diamond_value.currency

    def rate(self, metrics: Mapping[str, int]) -> Rate:
        """The creator's share with these metrics."""
        _check_metrics(metrics)
        return self.share if type(self.share) is Rate else self.share.rate_for(metrics)  # type: ignore[union-attr]

    def coin_ratio(self) -> Fraction | None:
        """``None``: a revenue share's diamonds depend on what the platform received.

        >>> RevenueShare(share=Rate.parse("50%"),
        ...              diamond_value=Money.parse("0.01", "USD")).coin_ratio() is None
        True
        """
        return None

    def diamonds_for(self, *, coins: int, net: ExactMoney, metrics: Mapping[str, int]) -> Fraction:
        """Exact diamonds earned for ``coins`` that brought the platform ``net``."""
        _check_coins(coins)
        if type(net) is not ExactMoney:
            raise InvalidTypeError(
                "net", net, "must be ExactMoney", "pass what the platform received, exactly"
            )
        if net.currency != self.diamond_value.currency:
            raise CurrencyMismatchError(
                "combine net and diamond_value in", net.currency, self.diamond_value.currency
            )
        return net.minor * self.rate(metrics).value / self.diamond_value.minor


@attrs.frozen(kw_only=True)
class FixedValue:
    """Each coin spent is worth ``value_per_coin`` to the creator, whatever the viewer paid.

    One diamond per coin (Twitch: $0.01 per Bit; Facebook and Instagram Stars:
    $0.01). The platform's share is what is left, and moves with package prices,
    channels and bonuses. (YouTube's Rubies are worth $0.01 too, but how many a Jewel
    earns is not published: :class:`DiamondRatio` takes that ratio.)

    >>> from fractions import Fraction
    >>> FixedValue(value_per_coin=Money.parse("0.01", "USD")).diamonds_for(
    ...     coins=100, net=ExactMoney(Fraction(140), currency("USD")), metrics={})
    Fraction(100, 1)
    """

    value_per_coin: ExactMoney = attrs.field(converter=_exact, validator=_check_unit_value)

    @property
    def diamond_value(self) -> ExactMoney:
        """The money value of one diamond (= one coin)."""
        return self.value_per_coin

    @property
    def value_currency(self) -> Currency:
        """The currency diamonds are worth money in."""
        return self.value_per_coin.currency

    def diamonds_for(self, *, coins: int, net: ExactMoney, metrics: Mapping[str, int]) -> Fraction:
        """Exact diamonds for ``coins``: one per coin."""
        _check_coins(coins)
        _check_metrics(metrics)
        return Fraction(coins)

    def coin_ratio(self) -> Fraction | None:
        """Diamonds per coin: exactly one.

        >>> FixedValue(value_per_coin=Money.parse("0.01", "USD")).coin_ratio()
        Fraction(1, 1)
        """
        return _ONE

    def rate(self, metrics: Mapping[str, int]) -> Rate | None:
        """``None``: the creator's earnings are no share of the platform's receipts."""
        _check_metrics(metrics)
        return None


@attrs.frozen(kw_only=True)
class DiamondRatio:
    """Coins convert to diamonds at ``diamonds_per_coin``; a diamond is worth ``diamond_value``.

    TikTok as reported by third parties: one diamond per coin of gift price, a
    diamond worth about $0.005.

    >>> from fractions import Fraction
    >>> DiamondRatio(diamonds_per_coin=Rate.parse("1/2"),
    ...              diamond_value=Money.parse("0.01", "USD")).diamonds_for(
    ...     coins=3, net=ExactMoney(Fraction(3), currency("USD")), metrics={})
    Fraction(3, 2)
    """

    diamonds_per_coin: Rate = attrs.field(validator=check_instance(Rate, "Rate.parse('1')"))
    diamond_value: ExactMoney = attrs.field(converter=_exact, validator=_check_unit_value)

    @property
    def value_currency(self) -> Currency:
        """The currency diamonds are worth money in."""
        return self.diamond_value.currency

    def diamonds_for(self, *, coins: int, net: ExactMoney, metrics: Mapping[str, int]) -> Fraction:
        """Exact diamonds for ``coins``."""
        _check_coins(coins)
        _check_metrics(metrics)
        return coins * self.diamonds_per_coin.value

    def coin_ratio(self) -> Fraction | None:
        """Diamonds per coin, exactly.

        >>> DiamondRatio(diamonds_per_coin=Rate.parse("1/2"),
        ...              diamond_value=Money.parse("0.01", "USD")).coin_ratio()
        Fraction(1, 2)
        """
        return self.diamonds_per_coin.value

    def rate(self, metrics: Mapping[str, int]) -> Rate | None:
        """``None``: the creator's earnings are no share of the platform's receipts."""
        _check_metrics(metrics)
        return None


ConversionPolicy = RevenueShare | FixedValue | DiamondRatio
_POLICIES = (RevenueShare, FixedValue, DiamondRatio)
"""Every conversion policy has ``diamond_value``, ``value_currency``, ``diamonds_for``,
``coin_ratio`` and ``rate``: the issuance core (``_issuance``) asks them, never their type."""


def _check_entries(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not value:
        raise InvalidTypeError(
            "entries", value, "must be a non-empty tuple of (start, policy)", "pass ((None, p),)"
        )
    starts: list[datetime] = []
    for index, entry in enumerate(value):
        if not (isinstance(entry, tuple) and len(entry) == 2 and type(entry[1]) in _POLICIES):
            raise InvalidTypeError(
                "entries", entry, "must be a (start, ConversionPolicy) pair", "see PolicySchedule"
            )
        start = entry[0]
        if index == 0:
            if start is not None:
                check_aware("entries[0].start", start)
                starts.append(start)
            continue
        check_aware(f"entries[{index}].start", start)
        if starts and start <= starts[-1]:
            raise InvalidValueError(
                f"entries[{index}].start", start, "must be after the previous start", "sort them"
            )
        starts.append(start)


def _entries(
    value: Iterable[tuple[datetime | None, ConversionPolicy]],
) -> tuple[tuple[datetime | None, ConversionPolicy], ...]:
    return as_tuple(value)


@attrs.frozen
class PolicySchedule:
    """Conversion policies effective from a date: each applies from its start to the next.

    The first entry's start may be ``None`` (in force since forever).

    >>> from datetime import datetime, timezone
    >>> old = RevenueShare(share=Rate.parse("50%"), diamond_value=Money.parse("0.01", "USD"))
    >>> new = RevenueShare(share=Rate.parse("53%"), diamond_value=Money.parse("0.01", "USD"))
    >>> schedule = PolicySchedule(((None, old), (datetime(2025, 2, 10, tzinfo=timezone.utc), new)))
    >>> schedule.at(datetime(2026, 1, 1, tzinfo=timezone.utc)) is new
    True
    """

    entries: tuple[tuple[datetime | None, ConversionPolicy], ...] = attrs.field(
        converter=_entries, validator=_check_entries
    )

    def at(self, when: datetime) -> ConversionPolicy:
        """The policy in force at ``when``."""
        check_aware("when", when)
        chosen = None
        for start, policy in self.entries:
            if start is None or start <= when:
                chosen = policy
        if chosen is None:
            raise InvalidValueError(
                "when", when, "is before the first policy's start", "add an entry starting earlier"
            )
        return chosen


def _carry_map(value: Mapping[str, Fraction]) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType(dict(value))
    return value


_HALF = Fraction(1, 2)
_CARRY_LIMIT = 10**MAX_DIGITS
_RANGES: dict[Rounding, tuple[Fraction, bool, Fraction, bool]] = {
    # (low, low included, high, high included) of the remainder value - units, where
    # value = entitlement (>= 0) + carry: rounding down leaves [0, 1), up (-1, 0], to
    # nearest [-1/2, 1/2]. UP rounds a value in (-1, 0) (a zero entitlement on a
    # negative carry) away from zero to -1, leaving a positive remainder: (-1, 1).
    Rounding.DOWN: (Fraction(0), True, _ONE, False),
    Rounding.FLOOR: (Fraction(0), True, _ONE, False),
    Rounding.UP: (-_ONE, False, _ONE, False),
    Rounding.CEILING: (-_ONE, False, Fraction(0), True),
    Rounding.HALF_UP: (-_HALF, True, _HALF, True),
    Rounding.HALF_DOWN: (-_HALF, True, _HALF, True),
    Rounding.HALF_EVEN: (-_HALF, True, _HALF, True),
}


def _check_remainder(creator: str, remainder: Any) -> None:
    argument = f"remainders[{creator!r}]"
    if type(remainder) is not Fraction:
        raise InvalidTypeError(
            argument, remainder, "must be a Fraction", "pass e.g. Fraction(1, 2) of a diamond"
        )
    if not -1 < remainder < 1:
        raise InvalidValueError(
            argument,
            remainder,
            "must lie strictly between -1 and 1 diamond: whole diamonds are issued, not carried",
            "issue the whole part with Carry.issue",
        )
    if remainder.denominator >= _CARRY_LIMIT:
        # A carry accumulates the denominators of every gift (coin counts of custom
        # amounts among them), so it may hold more digits than one exact value: up to the
        # most Python prints.
        raise InvalidValueError(
            argument,
            remainder,
            f"has a denominator of more than {MAX_DIGITS:,} digits",
            "settle and pay out this creator's diamonds before carrying more",
        )


def _check_carry(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Mapping):
        raise InvalidTypeError("remainders", value, "must be a mapping", "pass {} or Carry()")
    for creator, remainder in value.items():
        if not isinstance(creator, str):
            raise InvalidTypeError(
                "remainders", creator, "must be keyed by creator names (str)", "see Carry"
            )
        valid_name("remainders", creator)
        _check_remainder(creator, remainder)


@attrs.frozen(eq=False)
class Carry:
    """Each creator's fractional diamond remainder, carried from one gift to the next.

    Issued diamonds plus the carried remainder always equal the exact entitlement:
    rounding never loses or creates value, it only moves it to a later gift. Every
    remainder is a Fraction strictly between -1 and 1 with a denominator of at most
    4,300 digits (a carry accumulates many gifts' denominators), keyed by a valid creator name;
    :meth:`check_rounding` checks the tighter range one rounding mode leaves.

    >>> from fractions import Fraction
    >>> carry = Carry()
    >>> issued, carry = carry.issue("ana", Fraction(5, 2), Rounding.DOWN)
    >>> issued, carry.of("ana")
    (Diamonds(2), Fraction(1, 2))
    >>> issued, carry = carry.issue("ana", Fraction(5, 2), Rounding.DOWN)
    >>> issued, carry.of("ana")
    (Diamonds(3), Fraction(0, 1))
    """

    remainders: Mapping[str, Fraction] = attrs.field(
        factory=dict, converter=_carry_map, validator=_check_carry
    )

    def of(self, creator: str) -> Fraction:
        """The remainder carried for ``creator`` (zero if none)."""
        if not isinstance(creator, str):
            raise InvalidTypeError("creator", creator, "must be a str", "pass a creator's name")
        return self.remainders.get(creator, Fraction(0))

    def issue(
        self, creator: str, entitlement: Fraction, rounding: Rounding
    ) -> tuple[Diamonds, Carry]:
        """Issue whole diamonds for ``entitlement`` plus the carry; return them and the new carry.

        Raises:
            InvalidValueError: ``entitlement`` is negative, or the new remainder
                passes the digit limit.
            InvalidTypeError: An argument has the wrong type.
        """
        valid_name("creator", creator)
        if type(entitlement) not in (Fraction, int):
            raise InvalidTypeError(
                "entitlement", entitlement, "must be a Fraction", "pass the exact diamonds"
            )
        if entitlement < 0:
            raise InvalidValueError(
                "entitlement", entitlement, "must not be negative", "diamonds are only issued"
            )
        if type(rounding) is not Rounding:
            raise InvalidTypeError("rounding", rounding, "must be a Rounding", "Rounding.DOWN")
        rounded: Rounded = rounding.round(entitlement + self.of(creator))
        updated = dict(self.remainders)
        if rounded.remainder:
            _check_remainder(creator, rounded.remainder)
            updated[creator] = rounded.remainder
        else:
            updated.pop(creator, None)
        return Diamonds(rounded.units), Carry._unchecked(updated)

    def check_rounding(self, rounding: Rounding) -> None:
        """Refuse a carry that ``rounding`` of non-negative entitlements cannot leave.

        Rounding down (``DOWN``, ``FLOOR``) leaves remainders in ``[0, 1)``,
        ``CEILING`` in ``(-1, 0]``, to nearest (``HALF_*``) in ``[-1/2, 1/2]``, and
        ``UP`` in ``(-1, 1)`` (away from zero, it rounds a zero entitlement on a
        negative carry to -1). The ledger calls this with its economy's rounding.

        Raises:
            InvalidValueError: A remainder lies outside the range of ``rounding``.

        >>> Carry({"ana": Fraction(1, 2)}).check_rounding(Rounding.DOWN)
        >>> Carry({"ana": Fraction(-1, 2)}).check_rounding(Rounding.DOWN)
        Traceback (most recent call last):
        ...
        giftflow.InvalidValueError: remainders['ana'] must lie in [0, 1) under Rounding.DOWN, ...
        """
        if type(rounding) is not Rounding:
            raise InvalidTypeError("rounding", rounding, "must be a Rounding", "Rounding.DOWN")
        low, low_in, high, high_in = _RANGES[rounding]
        for creator, remainder in self.remainders.items():
            above = low <= remainder if low_in else low < remainder
            below = remainder <= high if high_in else remainder < high
            if not (above and below):
                shown = f"{'[' if low_in else '('}{low}, {high}{']' if high_in else ')'}"
                raise InvalidValueError(
                    f"remainders[{creator!r}]",
                    remainder,
                    f"must lie in {shown} under Rounding.{rounding.name}",
                    "carry only what issuing with the economy's rounding leaves",
                )

    @classmethod
    def _unchecked(cls, remainders: dict[str, Fraction]) -> Carry:
        # Built by issue from a carry it has just checked: skip the validators.
        carry = _new(Carry)
        _set(carry, "remainders", MappingProxyType(remainders))
        return carry

    def __eq__(self, other: object) -> bool:
        if type(other) is not Carry:
            return NotImplemented
        return dict(self.remainders) == dict(other.remainders)

    def __hash__(self) -> int:
        return hash(frozenset(self.remainders.items()))


_new = object.__new__
_set = object.__setattr__
