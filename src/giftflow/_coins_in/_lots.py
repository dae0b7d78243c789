"""Coin lots that remember what they cost and, if they expire, when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from giftflow._values._checks import (
    check_aware,
    check_aware_field,
    check_instance,
    check_name,
    check_optional_aware,
)
from giftflow._values._errors import (
    Choice,
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
)
from giftflow._values._money import ExactMoney
from giftflow._values._units import Coins

__all__ = ["CoinCost", "CoinLot", "CostBasis", "LotKind", "is_expired"]


class LotKind(Choice):
    """How coins in a lot were obtained.

    >>> [kind.value for kind in LotKind]
    ['purchased', 'bonus', 'promotional', 'reconverted']
    """

    PURCHASED = "purchased"
    """The base coins of a package the viewer paid for."""
    BONUS = "bonus"
    """A package's built-in bonus coins (e.g. Facebook's web Stars Store bonus)."""
    PROMOTIONAL = "promotional"
    """Coins added by a time-limited promotion."""
    RECONVERTED = "reconverted"
    """Coins a creator got back for diamonds (see :class:`~giftflow.DiamondsReconverted`)."""


def _check_per_coin(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not ExactMoney:
        raise InvalidTypeError(
            attribute.name, value, "must be ExactMoney", "pass ExactMoney(Fraction(69, 65), usd)"
        )
    if value.minor < 0:
        raise InvalidValueError(
            attribute.name, value, "must not be negative", "a coin never costs less than nothing"
        )


def _check_optional_exact(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _check_per_coin(instance, attribute, value)


def _check_optional_name(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_name(instance, attribute, value)


_ITEMS = ("tax", "store_fee", "processor_fee")


@attrs.frozen(kw_only=True)
class CoinCost:
    """The exact money behind some coins: what the viewer paid and where it went.

    ``tax``, ``store_fee`` and ``processor_fee`` are ``None`` when the lot did not
    record them (a lot built by hand); then only ``gross`` and ``net`` are known.
    However it is built, every part is non-negative and in one currency, and the
    parts account for ``gross``: ``net + tax + store_fee + processor_fee == gross``
    when itemised, ``net <= gross`` when not.

    >>> from fractions import Fraction
    >>> from giftflow import currency
    >>> usd = ExactMoney(Fraction(1), currency("USD"))
    >>> CoinCost(gross=usd, net=usd + usd, tax=None, store_fee=None, processor_fee=None)
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: net must not exceed gross (0.01 USD), got ...
    """

    gross: ExactMoney = attrs.field(validator=_check_per_coin)
    net: ExactMoney = attrs.field(validator=_check_per_coin)
    tax: ExactMoney | None = attrs.field(validator=_check_optional_exact)
    store_fee: ExactMoney | None = attrs.field(validator=_check_optional_exact)
    processor_fee: ExactMoney | None = attrs.field(validator=_check_optional_exact)

    def __attrs_post_init__(self) -> None:
        items = (self.tax, self.store_fee, self.processor_fee)
        known = [item for item in items if item is not None]
        if known and len(known) != len(items):
            raise InvalidValueError(
                "tax",
                items,
                "and the two fee fields must be all set or all None",
                "set all three (zero where nothing was charged), or none",
            )
        currency = self.gross.currency
        for name in ("net", *_ITEMS):
            part = getattr(self, name)
            if part is not None and part.currency != currency:
                raise CurrencyMismatchError(
                    "itemise", currency, part.currency, argument=f"{name}.currency"
                )
        parts = self.net.minor + sum(item.minor for item in known)
        if known and parts != self.gross.minor:
            raise InvalidValueError(
                "net",
                self.net,
                f"plus tax and fees must equal gross ({self.gross})",
                "take costs from CoinLot.cost_of",
            )
        if parts > self.gross.minor:
            raise InvalidValueError(
                "net",
                self.net,
                f"must not exceed gross ({self.gross})",
                "take costs from CoinLot.cost_of",
            )

    @classmethod
    def _unchecked(
        cls,
        gross: ExactMoney,
        net: ExactMoney,
        tax: ExactMoney | None,
        store_fee: ExactMoney | None,
        processor_fee: ExactMoney | None,
    ) -> CoinCost:
        # Built from a checked lot and a checked count: skip the validators.
        cost = _new(CoinCost)
        _set(cost, "gross", gross)
        _set(cost, "net", net)
        _set(cost, "tax", tax)
        _set(cost, "store_fee", store_fee)
        _set(cost, "processor_fee", processor_fee)
        return cost


def _check_lot_coins(instance: Any, attribute: attrs.Attribute[Coins], value: Any) -> None:
    if type(value) is not Coins:
        raise InvalidTypeError("coins", value, "must be Coins", "pass Coins(65)")
    if value.amount < 1:
        raise InvalidValueError(
            "coins", value, "must be positive", "a lot holds at least one coin; drop empty lots"
        )


class CostBasis(Choice):
    """How a purchase's net revenue is spread over the coins it credits (each lot's cost).

    >>> CostBasis.SPREAD.value
    'spread'
    """

    SPREAD = "spread"
    """Every coin credited (base, bonus, promotional) carries the same share of the cost."""
    PAID_COINS = "paid_coins"
    """Only the base coins carry the cost; bonus and promotional coins cost nothing."""


@attrs.frozen(kw_only=True)
class CoinLot:
    """Coins from one source with their cost basis: what each coin cost, exactly.

    ``net_per_coin`` is the platform's net revenue per coin (after tax, store and
    processor fees) and ``gross_per_coin`` what the viewer paid per coin, both
    as exact fractions of the purchase currency's minor units, so any coin
    spent later can be traced back to the money that paid for it.

    ``expires_at``, if set, is when the coins expire (after ``acquired_at``): from
    then on a spend that knows its time skips the lot (:meth:`~giftflow.Wallet.spend`), and a
    :class:`~giftflow.CoinsExpired` event books what is left of it to breakage.

    >>> from datetime import datetime, timezone
    >>> from fractions import Fraction
    >>> from giftflow import ExactMoney, currency
    >>> lot = CoinLot(id="p1/purchased", kind=LotKind.PURCHASED, coins=Coins(65),
    ...               acquired_at=datetime(2026, 11, 24, tzinfo=timezone.utc),
    ...               net_per_coin=ExactMoney(Fraction(69, 65), currency("USD")),
    ...               gross_per_coin=ExactMoney(Fraction(99, 65), currency("USD")))
    >>> print(lot.net_value(Coins(65)))
    0.69 USD
    """

    id: str = attrs.field(validator=check_name)
    kind: LotKind = attrs.field(validator=check_instance(LotKind, "LotKind.PURCHASED"))
    coins: Coins = attrs.field(validator=_check_lot_coins)
    acquired_at: datetime = attrs.field(validator=check_aware_field)
    net_per_coin: ExactMoney = attrs.field(validator=_check_per_coin)
    gross_per_coin: ExactMoney = attrs.field(validator=_check_per_coin)
    purchase_id: str | None = attrs.field(default=None, validator=_check_optional_name)
    tax_per_coin: ExactMoney | None = attrs.field(default=None, validator=_check_optional_exact)
    store_fee_per_coin: ExactMoney | None = attrs.field(
        default=None, validator=_check_optional_exact
    )
    processor_fee_per_coin: ExactMoney | None = attrs.field(
        default=None, validator=_check_optional_exact
    )
    expires_at: datetime | None = attrs.field(default=None, validator=check_optional_aware)

    def __attrs_post_init__(self) -> None:
        if self.expires_at is not None and self.expires_at <= self.acquired_at:
            raise InvalidValueError(
                "expires_at",
                self.expires_at,
                f"must be after acquired_at ({self.acquired_at.isoformat()})",
                "give the lot a later expiry, or None for coins that never expire",
            )
        parts = (self.tax_per_coin, self.store_fee_per_coin, self.processor_fee_per_coin)
        known = [part for part in parts if part is not None]
        if known and len(known) != len(parts):
            raise InvalidValueError(
                "tax_per_coin",
                parts,
                "and the two fee fields must be all set or all None",
                "set all three (zero where nothing was charged)",
            )
        for part in (self.gross_per_coin, *known):
            if part.currency != self.net_per_coin.currency:
                raise InvalidValueError(
                    "gross_per_coin", part, "must be in the currency of net_per_coin", ""
                )
        if known:
            total = self.net_per_coin.minor + sum(part.minor for part in known)
            if total != self.gross_per_coin.minor:
                raise InvalidValueError(
                    "gross_per_coin",
                    self.gross_per_coin,
                    "must equal net + tax + store fee + processor fee per coin",
                    "derive the lot from a PurchaseBreakdown (checkout does)",
                )

    @classmethod
    def _unchecked(cls, **fields: Any) -> CoinLot:
        # Built by checkout from a breakdown it has just computed: skip the validators.
        lot = _new(CoinLot)
        for name, value in fields.items():
            _set(lot, name, value)
        return lot

    def expired(self, at: datetime) -> bool:
        """Whether the lot has expired by ``at``: it has an expiry, and ``at`` has reached it.

        Raises:
            NaiveDatetimeError: ``at`` has no time zone.

        >>> from datetime import datetime, timezone
        >>> from fractions import Fraction
        >>> from giftflow import currency
        >>> per = ExactMoney(Fraction(1), currency("USD"))
        >>> lot = CoinLot(id="a", kind=LotKind.PROMOTIONAL, coins=Coins(5), net_per_coin=per,
        ...               gross_per_coin=per, acquired_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
        ...               expires_at=datetime(2026, 2, 1, tzinfo=timezone.utc))
        >>> lot.expired(datetime(2026, 1, 31, tzinfo=timezone.utc)), lot.expired(lot.expires_at)
        (False, True)
        """
        return is_expired(self, check_aware("at", at))

    def cost_of(self, coins: Coins) -> CoinCost:
        """The exact money behind ``coins`` of this lot, itemised where known.

        Raises:
            InvalidTypeError: ``coins`` is not Coins.
            InvalidValueError: ``coins`` is negative or more than the lot holds.

        >>> from datetime import datetime, timezone
        >>> from fractions import Fraction
        >>> from giftflow import currency
        >>> per = ExactMoney(Fraction(1), currency("USD"))
        >>> lot = CoinLot(id="a", kind=LotKind.PURCHASED, coins=Coins(5), net_per_coin=per,
        ...               gross_per_coin=per, acquired_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
        >>> lot.cost_of(Coins(6))
        Traceback (most recent call last):
        ...
        giftflow.InvalidValueError: coins must be from 0 to the lot's 5 coins, got Coins(6) ...
        """
        n = _count(coins)
        if not 0 <= n <= self.coins.amount:
            raise InvalidValueError(
                "coins",
                coins,
                f"must be from 0 to the lot's {self.coins.amount:,} coins",
                "ask for the cost of coins the lot holds",
            )

        def times(value: ExactMoney | None) -> ExactMoney | None:
            return None if value is None else ExactMoney(value.minor * n, value.currency)

        return CoinCost._unchecked(
            gross=ExactMoney(self.gross_per_coin.minor * n, self.gross_per_coin.currency),
            net=ExactMoney(self.net_per_coin.minor * n, self.net_per_coin.currency),
            tax=times(self.tax_per_coin),
            store_fee=times(self.store_fee_per_coin),
            processor_fee=times(self.processor_fee_per_coin),
        )

    def net_value(self, coins: Coins) -> ExactMoney:
        """The platform's exact net revenue for ``coins`` of this lot."""
        return ExactMoney(self.net_per_coin.minor * _count(coins), self.net_per_coin.currency)

    def gross_value(self, coins: Coins) -> ExactMoney:
        """What the viewer paid, exactly, for ``coins`` of this lot."""
        return ExactMoney(self.gross_per_coin.minor * _count(coins), self.gross_per_coin.currency)


_new = object.__new__
_set = object.__setattr__


def is_expired(lot: CoinLot, at: datetime) -> bool:
    """Whether ``lot`` has expired by ``at`` (checked): the one rule of expiry.

    A lot expires at its ``expires_at``: a spend at that instant or later skips it.
    """
    expires = lot.expires_at
    return expires is not None and expires <= at


def _count(coins: Any) -> int:
    if type(coins) is not Coins:
        raise InvalidTypeError("coins", coins, "must be Coins", "pass Coins(10)")
    return coins.amount
