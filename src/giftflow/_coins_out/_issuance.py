"""Issuance: how the coins of a gift become creators' diamonds, bonuses and commissions.

The one place where the arithmetic of a gift lives. :func:`~giftflow.send_gift`, the
ledger and :func:`~giftflow.settle` all call it: coins spent and the money behind them
(the funding) give each recipient's exact entitlement under the conversion policy,
its battle bonus, the whole diamonds issued with the carried remainder, its money
value and its agency's commission. An :class:`Issuance` is built once per policy and
economy and reused; its fast paths (whole diamonds per coin kept as an ``int``) live
here, never in a caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from fractions import Fraction
from math import gcd
from typing import TYPE_CHECKING, Any

import attrs

from giftflow._coins_in._lots import CoinCost
from giftflow._values._checks import check_instance, check_name, valid_name
from giftflow._values._currency import Currency
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    MissingRateError,
)
from giftflow._values._fx import convert_exact
from giftflow._values._money import ExactMoney
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding
from giftflow._values._units import Coins, Diamonds

if TYPE_CHECKING:  # annotations only: the core reads these, never builds or checks them
    from giftflow._coins_in._wallet import LotDebit
    from giftflow._coins_out._conversion import Carry, ConversionPolicy
    from giftflow._coins_out._economy import Economy
    from giftflow._values._fx import FxRates

__all__ = [
    "Agency",
    "CreatorShare",
    "Issuance",
    "check_one_currency",
    "debit_funding",
    "missing_rate",
    "sponsor_funding",
    "valued_funding",
]

_ZERO = Fraction(0)


@attrs.frozen(kw_only=True)
class Agency:
    """An agency representing a creator, paid ``rate`` of the platform's share of their gifts.

    The commission comes out of what the platform keeps, never out of the
    creator's diamonds (as TikTok describes its agency programme).

    >>> Agency(id="agency-1", rate=Rate.parse("10%")).rate
    Rate.parse('0.1')
    """

    id: str = attrs.field(validator=check_name)
    rate: Rate = attrs.field(validator=check_instance(Rate, "Rate.parse('10%')"))

    def __attrs_post_init__(self) -> None:
        if self.rate > Rate.ONE:
            raise InvalidValueError("rate", self.rate, "must be at most 100%", "pass e.g. 10%")


@attrs.frozen(kw_only=True)
class CreatorShare:
    """What one recipient earned from a gift, exactly, and what was issued.

    ``entitlement + battle_bonus + carried_in == diamonds + carried_out`` exactly
    (in diamonds); ``value`` is ``entitlement + battle_bonus`` in money. The
    constructor (and so ``attrs.evolve`` and ``from_data``) checks this balance, the
    types, a positive weight, coins of at least 0 and carried remainders within
    (-1, 1), so a share that creates diamonds cannot be built.

    >>> import attrs
    >>> from fractions import Fraction
    >>> share = CreatorShare(creator="ana", weight=1, coins=Coins(5), rate=None,
    ...     entitlement=Fraction(5, 2), battle_bonus=Fraction(0), carried_in=Fraction(0),
    ...     diamonds=Diamonds(2), carried_out=Fraction(1, 2),
    ...     value=ExactMoney.parse("0.0125", "USD"), agency=None, agency_value=None)
    >>> attrs.evolve(share, diamonds=Diamonds(3))
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: diamonds must be entitlement + battle_bonus + carried_in - ...
    """

    creator: str
    weight: int
    coins: Coins
    rate: Rate | None
    entitlement: Fraction
    battle_bonus: Fraction
    carried_in: Fraction
    diamonds: Diamonds
    carried_out: Fraction
    value: ExactMoney
    agency: str | None
    agency_value: ExactMoney | None

    def __attrs_post_init__(self) -> None:
        _check_share(self)

    @classmethod
    def _unchecked(cls, *values: Any) -> CreatorShare:
        # Built by Issuance.shares from checked inputs and the carry's own arithmetic:
        # the fields in declaration order, without the checks.
        share = _new(CreatorShare)
        for setter, value in zip(_SHARE_SLOTS, values, strict=True):
            setter(share, value)
        return share


_new = object.__new__
_SHARE_SLOTS = tuple(
    CreatorShare.__dict__[field.name].__set__ for field in attrs.fields(CreatorShare)
)


def _check_share(share: CreatorShare) -> None:
    valid_name("creator", share.creator)
    if type(share.weight) is not int or share.weight < 1:
        raise InvalidValueError("weight", share.weight, "must be a positive int", "pass 1")
    if type(share.coins) is not Coins or share.coins.amount < 0:
        raise InvalidValueError("coins", share.coins, "must be Coins >= 0", "pass Coins(5)")
    if share.rate is not None and type(share.rate) is not Rate:
        raise InvalidTypeError("rate", share.rate, "must be a Rate or None", "pass None")
    for name in ("entitlement", "battle_bonus", "carried_in", "carried_out"):
        if type(getattr(share, name)) is not Fraction:
            raise InvalidTypeError(name, getattr(share, name), "must be a Fraction", "Fraction(0)")
    for name in ("carried_in", "carried_out"):
        if not -1 < getattr(share, name) < 1:
            raise InvalidValueError(
                name,
                getattr(share, name),
                "must lie strictly between -1 and 1 (a rounding remainder)",
                "whole diamonds are issued, not carried",
            )
    if type(share.diamonds) is not Diamonds:
        raise InvalidTypeError("diamonds", share.diamonds, "must be Diamonds", "Diamonds(0)")
    expected = share.entitlement + share.battle_bonus + share.carried_in - share.carried_out
    if share.diamonds.amount != expected:
        raise InvalidValueError(
            "diamonds",
            share.diamonds,
            f"must be entitlement + battle_bonus + carried_in - carried_out = {expected}",
            "a share issues exactly what was earned and carried",
        )
    if type(share.value) is not ExactMoney:
        raise InvalidTypeError("value", share.value, "must be ExactMoney", "see send_gift")
    if share.agency is None:
        if share.agency_value is not None:
            raise InvalidValueError(
                "agency_value", share.agency_value, "must be None without an agency", "pass None"
            )
        return
    valid_name("agency", share.agency)
    if type(share.agency_value) is not ExactMoney or share.agency_value.minor < 0:
        raise InvalidValueError(
            "agency_value", share.agency_value, "must be ExactMoney >= 0", "see send_gift"
        )
    if share.agency_value.currency != share.value.currency:
        raise CurrencyMismatchError(
            "combine value and agency_value in", share.value.currency, share.agency_value.currency
        )


def check_one_currency(currencies: Iterable[Currency]) -> Currency:
    """The one currency of the money behind some coins; refuse a mix.

    >>> from giftflow import currency
    >>> check_one_currency([currency("USD"), currency("USD")]).code
    'USD'
    """
    distinct = set(currencies)
    if len(distinct) != 1:
        raise CurrencyMismatchError("combine", *sorted(str(c) for c in distinct)[:2])
    (only,) = distinct
    return only


def missing_rate(
    source: Currency, target: Currency, at: datetime, purpose: str
) -> MissingRateError:
    """The refusal of a gift whose money must be valued in another currency, without rates."""
    why = f" ({purpose})" if purpose else ""
    return MissingRateError(
        "fx",
        f"{source.code}->{target.code}",
        f"is needed to value money paid in {source.code} in {target.code}, the currency"
        f" diamonds are valued in, at {at.isoformat()}{why}",
        f"pass fx=FxRates((FxRate.of({source.code!r}, {target.code!r}, '...'),)) with the gift",
    )


def debit_funding(
    debits: Sequence[LotDebit],
    *,
    into: Currency | None = None,
    fx: FxRates | None = None,
    at: datetime | None = None,
) -> CoinCost:
    """The exact money behind coins spent from lots: the sums of their debits' costs.

    Tax and fees are ``None`` when any lot did not itemise them. Debits in one
    currency sum in it. With ``into``, each debit's cost is valued in that currency
    first, at the rate ``fx`` gives for its own currency at ``at`` (exactly, no
    rounding): how coins bought in GBP and EUR fund one gift valued in USD.

    Raises:
        CurrencyMismatchError: The debits mix currencies and no ``into`` is given.
        MissingRateError: A debit's currency has no rate into ``into`` (see :func:`valued_funding`).
    """
    if into is not None:
        assert at is not None  # the caller values at the gift's time
        purpose = "the coins were bought in " + " and ".join(
            sorted({debit.net_value.currency.code for debit in debits})
        )
        parts = [valued_funding(_cost_of(debit), into, fx, at, purpose=purpose) for debit in debits]
        return _sum_costs(parts, into)
    currency = check_one_currency(debit.net_value.currency for debit in debits)
    return _sum_costs([_cost_of(debit) for debit in debits], currency)


def _cost_of(debit: LotDebit) -> CoinCost:
    # A debit's money as a CoinCost (its lot may not itemise tax and fees).
    cost = debit.cost
    if cost is not None:
        return cost
    return CoinCost._unchecked(
        gross=debit.gross_value,
        net=debit.net_value,
        tax=None,
        store_fee=None,
        processor_fee=None,
    )


def _sum_costs(costs: Sequence[CoinCost], currency: Currency) -> CoinCost:
    def total(parts: Sequence[ExactMoney | None]) -> ExactMoney | None:
        if any(part is None for part in parts):
            return None
        return ExactMoney(sum((p.minor for p in parts if p is not None), _ZERO), currency)

    gross = total([cost.gross for cost in costs])
    net = total([cost.net for cost in costs])
    assert gross is not None
    assert net is not None
    # Sums of checked costs (Wallet.spend's debits, or their exact conversions): skip
    # CoinCost's checks (the hot path of every gift), which these sums pass.
    return CoinCost._unchecked(
        gross=gross,
        net=net,
        tax=total([cost.tax for cost in costs]),
        store_fee=total([cost.store_fee for cost in costs]),
        processor_fee=total([cost.processor_fee for cost in costs]),
    )


def valued_funding(
    funding: CoinCost, currency: Currency, fx: FxRates | None, at: datetime, *, purpose: str = ""
) -> CoinCost:
    """``funding`` valued in ``currency``: each part times the rate in force at ``at``, exactly.

    Money already in ``currency`` is returned as it is. The rate comes from the
    caller's ``fx`` (for the ledger, the table the event carries); nothing is rounded,
    so the rounding happens once, where the ledger books whole units.

    >>> from datetime import datetime, timezone
    >>> from giftflow import FxRate, FxRates, currency
    >>> gbp = ExactMoney.parse("0.70", "GBP")
    >>> cost = CoinCost(gross=gbp, net=gbp, tax=None, store_fee=None, processor_fee=None)
    >>> at = datetime(2026, 11, 24, tzinfo=timezone.utc)
    >>> print(valued_funding(cost, currency("USD"), FxRates((FxRate.of("GBP", "USD", "1.25"),)),
    ...                      at).net)
    0.875 USD
    >>> valued_funding(cost, currency("USD"), None, at)
    Traceback (most recent call last):
    ...
    giftflow.MissingRateError: fx is needed ...

    Raises:
        MissingRateError: ``fx`` is ``None``, or has no rate for the pair in force at ``at``.
    """
    source = funding.net.currency
    if source == currency:
        return funding
    if fx is None:
        raise missing_rate(source, currency, at, purpose)
    rate = fx.rate(source, currency, at=at)

    def value(part: ExactMoney | None) -> ExactMoney | None:
        return None if part is None else convert_exact(part, rate, currency)

    gross, net = value(funding.gross), value(funding.net)
    assert gross is not None
    assert net is not None
    return CoinCost._unchecked(
        gross=gross,
        net=net,
        tax=value(funding.tax),
        store_fee=value(funding.store_fee),
        processor_fee=value(funding.processor_fee),
    )


def sponsor_funding(cost: ExactMoney) -> CoinCost:
    """The money behind a sponsored gift's coins: what the sponsor pays, all of it net."""
    zero = ExactMoney(_ZERO, cost.currency)
    return CoinCost(gross=cost, net=cost, tax=zero, store_fee=zero, processor_fee=zero)


class Issuance:
    """The rules that turn a gift's coins into diamonds under one policy, precomputed.

    Build it with :meth:`of` (the policy in force at an instant) and reuse it for
    every gift under that policy. ``ratio`` is the policy's diamonds per coin (an
    ``int`` when whole, so sums stay in ints) or ``None`` for a revenue share,
    whose diamonds depend on what the platform received.

    >>> from datetime import datetime, timezone
    >>> from giftflow import presets
    >>> issuance = Issuance.of(presets.tiktok(), datetime(2026, 11, 24, tzinfo=timezone.utc))
    >>> issuance.ratio, issuance.earned(5, None, {}), issuance.issue(Fraction(7, 2))
    (1, 5, (3, Fraction(1, 2)))
    """

    __slots__ = ("bonus", "currency", "policy", "ratio", "rounding", "unit")

    policy: ConversionPolicy
    rounding: Rounding
    bonus: Fraction  # the battle bonus as a share of what was earned (0 when none)
    ratio: int | Fraction | None
    unit: Fraction  # one diamond's value in minor units of ``currency``
    currency: Currency

    def __init__(
        self, policy: ConversionPolicy, rounding: Rounding, battle_bonus: Rate | None
    ) -> None:
        self.policy = policy
        self.rounding = rounding
        self.bonus = _ZERO if battle_bonus is None else battle_bonus.value
        ratio = policy.coin_ratio()
        self.ratio = ratio.numerator if ratio is not None and ratio.denominator == 1 else ratio
        self.unit = policy.diamond_value.minor
        self.currency = policy.value_currency

    @classmethod
    def of(cls, economy: Economy, at: datetime) -> Issuance:
        """The issuance of ``economy`` under the conversion policy in force at ``at``."""
        return cls(economy.conversion.at(at), economy.diamond_rounding, economy.battle_bonus)

    @classmethod
    def under(cls, economy: Economy, policy: ConversionPolicy) -> Issuance:
        """The issuance of ``economy`` under ``policy`` (one of its schedule's)."""
        return cls(policy, economy.diamond_rounding, economy.battle_bonus)

    def by_coins(
        self, *, recipients: int = 1, sponsored: bool = False, agency: bool = False
    ) -> bool:
        """Whether a gift's diamonds follow from its coin count alone (a plain gift).

        True for one recipient, no sponsor and no agency under a policy with a fixed
        ratio of diamonds per coin: then neither the funding nor a share's split is
        needed, and the ledger and settle take their fast paths.
        """
        return self.ratio is not None and recipients == 1 and not sponsored and not agency

    def needs_value(self, *, agency: bool = False) -> bool:
        """Whether a gift's diamonds or commissions need the money behind its coins.

        A revenue share's diamonds and an agency's commission are shares of that
        money, compared with diamonds in :attr:`currency`, so the money must be
        valued in it; a fixed ratio of diamonds per coin without an agency needs no value.
        """
        return self.ratio is None or agency

    def earned(
        self, coins: int, net: ExactMoney | None, metrics: Mapping[str, int]
    ) -> int | Fraction:
        """Exact diamonds earned by ``coins`` that brought the platform ``net``, before bonus.

        ``net`` may be ``None`` when :attr:`ratio` is set (the diamonds do not depend on it).
        """
        ratio = self.ratio
        if ratio is not None:
            return coins * ratio
        if net is None:
            raise InvalidValueError(
                "net", net, "is needed by a revenue share", "pass what the platform received"
            )
        return self.policy.diamonds_for(coins=coins, net=net, metrics=metrics)

    def with_bonus(self, earned: int | Fraction, battle: bool) -> int | Fraction:
        """The entitlement: ``earned`` plus the battle bonus when the gift won a battle."""
        if not battle or not self.bonus:
            return earned
        return earned + earned * self.bonus

    def issue(self, exact: int | Fraction) -> tuple[int, Fraction]:
        """Whole diamonds for an exact entitlement (carry included), and the remainder."""
        if exact.denominator == 1:
            return int(exact), _ZERO
        rounded = self.rounding.round(Fraction(exact))
        return rounded.units, rounded.remainder

    def value(self, diamonds: int | Fraction) -> ExactMoney:
        """The money worth of ``diamonds`` (exact, in the currency diamonds are valued in)."""
        numerator, denominator = self.value_parts(diamonds)
        return ExactMoney(Fraction(numerator, denominator), self.currency)

    def value_parts(self, diamonds: int | Fraction) -> tuple[int, int]:
        """The minor units ``diamonds`` are worth, as a reduced numerator and denominator.

        What :meth:`value` holds, in integer arithmetic: settlement columns keep it so.
        """
        unit = self.unit
        numerator = diamonds.numerator * unit.numerator
        denominator = diamonds.denominator * unit.denominator
        common = gcd(numerator, denominator)
        return numerator // common, denominator // common

    def commission(self, agency: Agency, net: ExactMoney, earned: int | Fraction) -> Fraction:
        """An agency's commission, in minor units: its rate of what the platform keeps.

        The platform's portion before any battle bonus: what it received (``net``)
        less the creator's earnings. Nothing is paid from a loss.
        """
        if type(agency) is not Agency:
            raise InvalidTypeError("agencies", agency, "must map creators to Agency", "")
        if net.currency != self.currency:
            raise CurrencyMismatchError("share", net.currency, self.currency)
        platform = net.minor - earned * self.unit
        return max(platform, _ZERO) * agency.rate.value

    def shares(
        self,
        recipients: Sequence[tuple[str, int]],
        coins: Coins,
        funding: CoinCost,
        *,
        carry: Carry,
        battle: bool,
        metrics: Mapping[str, Mapping[str, int]],
        agencies: Mapping[str, Agency],
    ) -> tuple[tuple[CreatorShare, ...], Carry]:
        """Split a gift among ``(creator, weight)`` recipients and issue each share.

        Each recipient's weighted share of the exact entitlement (at its own rate)
        and of the funding; the gift's diamonds split from the rounded total as
        :meth:`split` says, each part issued against the recipient's own carry; the
        coins split by largest remainder. Returns the shares and the carry after them.
        """
        weights = [weight for _, weight in recipients]
        total_weight = sum(weights)
        coin_parts = coins.allocate(weights)
        policy = self.policy
        net = funding.net
        earned = [
            Fraction(self.earned(coins.amount, net, metrics.get(creator, {})))
            * Fraction(weight, total_weight)
            for creator, weight in recipients
        ]
        exact = [Fraction(self.with_bonus(part, battle)) for part in earned]
        parts = self.split(exact)
        shares = []
        for (creator, weight), coin_part, weighted, share_exact, part in zip(
            recipients, coin_parts, earned, exact, parts, strict=True
        ):
            # The part keeps the share's proportion of battle bonus to earnings.
            entitlement = weighted if share_exact == part else part * weighted / share_exact
            bonus = part - entitlement
            carried_in = carry.of(creator)
            diamonds, carry = carry.issue(creator, part, self.rounding)
            agency = agencies.get(creator)
            agency_value = None
            if agency is not None:
                net_part = ExactMoney(net.minor * Fraction(weight, total_weight), net.currency)
                commission = self.commission(agency, net_part, entitlement)
                agency_value = ExactMoney(commission, net.currency)
            shares.append(
                _share(
                    creator,
                    weight,
                    coin_part,
                    policy.rate(metrics.get(creator, {})),
                    entitlement,
                    bonus,
                    carried_in,
                    diamonds,
                    carry.of(creator),
                    self.value(part),
                    None if agency is None else agency.id,
                    agency_value,
                )
            )
        return tuple(shares), carry

    def split(self, exact: Sequence[Fraction]) -> list[Fraction]:
        """Each co-host's part of a gift whose exact diamonds are ``exact`` per co-host.

        The gift's whole diamonds are what one recipient of it all would get (its sum
        issued with the economy's rounding, no carry), split in proportion to
        ``exact`` by largest remainder, ties to the earlier co-host (as coins split);
        what that rounding leaves is shared out too: a remainder left over in
        proportion to ``exact``, one issued ahead (rounded up) by those who received
        the diamonds, in proportion to them, so no part is negative. The parts add up
        to ``sum(exact)`` exactly, and with no carry each issues its whole diamonds,
        so a carry holds only what the policy itself leaves fractional.

        >>> from datetime import datetime, timezone
        >>> from giftflow import presets
        >>> lion = Issuance.of(presets.tiktok(), datetime(2026, 11, 24, tzinfo=timezone.utc))
        >>> lion.split([Fraction(29_999, 2), Fraction(29_999, 2)])
        [Fraction(15000, 1), Fraction(14999, 1)]
        """
        total = sum(exact, _ZERO)
        if len(exact) == 1 or total <= 0 or any(part < 0 for part in exact):
            # One recipient; or nothing to split; or a negative share, which issuing refuses.
            return list(exact)
        whole, remainder = self.issue(total)
        units = [part.amount for part in Diamonds(whole).allocate(list(exact))]
        if remainder >= 0:
            return [units[i] + remainder * part / total for i, part in enumerate(exact)]
        return [count + remainder * count / whole for count in units]


_share = CreatorShare._unchecked
