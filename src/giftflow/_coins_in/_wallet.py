"""Coin lots that remember what they cost, and wallets that spend them by a named policy."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs

from giftflow._values._checks import check_aware_field, check_instance, check_name
from giftflow._values._errors import (
    Choice,
    CurrencyMismatchError,
    InsufficientCoinsError,
    InvalidTypeError,
    InvalidValueError,
    OverlapError,
)
from giftflow._values._money import ExactMoney
from giftflow._values._units import Coins

__all__ = [
    "CoinCost",
    "CoinLot",
    "CostBasis",
    "LotDebit",
    "LotKind",
    "Spend",
    "SpendPolicy",
    "Wallet",
]


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

    def __attrs_post_init__(self) -> None:
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


def _count(coins: Any) -> int:
    if type(coins) is not Coins:
        raise InvalidTypeError("coins", coins, "must be Coins", "pass Coins(10)")
    return coins.amount


def _check_optional_cost(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and type(value) is not CoinCost:
        raise InvalidTypeError(
            "cost", value, "must be a CoinCost or None", "take it from CoinLot.cost_of"
        )


@attrs.frozen(kw_only=True)
class LotDebit:
    """Coins taken from one lot by a spend, with the exact money they stand for.

    However it is built, it debits a positive number of coins from a named lot, and
    its values (non-negative, one currency, net at most gross) agree with ``cost``.

    >>> import attrs
    >>> from datetime import datetime, timezone
    >>> from fractions import Fraction
    >>> from giftflow import currency
    >>> per = ExactMoney(Fraction(1), currency("USD"))
    >>> lot = CoinLot(id="a", kind=LotKind.PURCHASED, coins=Coins(5), net_per_coin=per,
    ...               gross_per_coin=per, acquired_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    >>> debit = Wallet((lot,)).spend(Coins(2), SpendPolicy.FIFO).debits[0]
    >>> attrs.evolve(debit, lot_id="")
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: lot_id must be 1-64 letters, digits, spaces or _.+/()%-, ...
    """

    lot_id: str = attrs.field(validator=check_name)
    kind: LotKind = attrs.field(validator=check_instance(LotKind, "LotKind.PURCHASED"))
    coins: Coins = attrs.field(validator=_check_lot_coins)
    net_value: ExactMoney = attrs.field(validator=_check_per_coin)
    gross_value: ExactMoney = attrs.field(validator=_check_per_coin)
    purchase_id: str | None = attrs.field(validator=_check_optional_name)
    cost: CoinCost | None = attrs.field(default=None, validator=_check_optional_cost)

    def __attrs_post_init__(self) -> None:
        if self.net_value.currency != self.gross_value.currency:
            raise CurrencyMismatchError(
                "debit",
                self.gross_value.currency,
                self.net_value.currency,
                argument="net_value.currency",
            )
        if self.net_value.minor > self.gross_value.minor:
            raise InvalidValueError(
                "net_value",
                self.net_value,
                f"must not exceed gross_value ({self.gross_value})",
                "take debits from Wallet.spend",
            )
        cost = self.cost
        if cost is not None and (cost.net, cost.gross) != (self.net_value, self.gross_value):
            raise InvalidValueError(
                "cost",
                cost,
                f"must have the debit's net {self.net_value} and gross {self.gross_value}",
                "take debits from Wallet.spend",
            )

    @classmethod
    def _unchecked(cls, **fields: Any) -> LotDebit:
        # Built by Wallet.spend from a checked lot and count: skip the validators.
        debit = _new(LotDebit)
        for name, value in fields.items():
            _set(debit, name, value)
        return debit


class SpendPolicy(Choice):
    """The order in which a wallet spends its lots. Within a kind, oldest first (then by id).

    >>> SpendPolicy.PROMOTIONAL_FIRST.order
    (<LotKind.PROMOTIONAL: 'promotional'>, <LotKind.BONUS: 'bonus'>, <LotKind.RECONVERTED: 'reconverted'>, <LotKind.PURCHASED: 'purchased'>)
    """

    FIFO = "fifo"
    """Oldest lot first, whatever its kind."""
    PROMOTIONAL_FIRST = "promotional_first"
    """Promotional coins, then bonus, then reconverted, then purchased coins."""
    PURCHASED_FIRST = "purchased_first"
    """Purchased coins, then reconverted, then bonus, then promotional coins."""

    @property
    def order(self) -> tuple[LotKind, ...]:
        """The kinds in spending order (all kinds together for FIFO)."""
        if self is SpendPolicy.PROMOTIONAL_FIRST:
            return (LotKind.PROMOTIONAL, LotKind.BONUS, LotKind.RECONVERTED, LotKind.PURCHASED)
        if self is SpendPolicy.PURCHASED_FIRST:
            return (LotKind.PURCHASED, LotKind.RECONVERTED, LotKind.BONUS, LotKind.PROMOTIONAL)
        return tuple(LotKind)

    def sort_key(self, lot: CoinLot) -> tuple[int, datetime, str]:
        """Key that puts lots in spending order."""
        if type(lot) is not CoinLot:
            raise InvalidTypeError("lot", lot, "must be a CoinLot", "pass a lot of a wallet")
        rank = 0 if self is SpendPolicy.FIFO else self.order.index(lot.kind)
        # In UTC: two times sharing a ZoneInfo compare by wall clock, which puts the
        # hour a DST change repeats out of order.
        return (rank, lot.acquired_at.astimezone(UTC), lot.id)


def _check_wallet(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Wallet:
        raise InvalidTypeError("wallet", value, "must be a Wallet", "take spends from Wallet.spend")


def _check_debits(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not tuple or not all(type(debit) is LotDebit for debit in value):
        raise InvalidTypeError(
            "debits", value, "must be a tuple of LotDebit", "take spends from Wallet.spend"
        )


@attrs.frozen(kw_only=True)
class Spend:
    """The result of spending from a wallet: the new wallet and the lots debited, in order.

    >>> Spend(wallet=Wallet(), debits=[])
    Traceback (most recent call last):
    ...
    giftflow.InvalidTypeError: debits must be a tuple of LotDebit, got [] (list); ...
    """

    wallet: Wallet = attrs.field(validator=_check_wallet)
    debits: tuple[LotDebit, ...] = attrs.field(validator=_check_debits)

    @classmethod
    def _unchecked(cls, wallet: Wallet, debits: tuple[LotDebit, ...]) -> Spend:
        # Built by Wallet.spend: skip the validators.
        spend = _new(Spend)
        _set(spend, "wallet", wallet)
        _set(spend, "debits", debits)
        return spend

    @property
    def coins(self) -> Coins:
        """Total coins spent."""
        return Coins(sum(debit.coins.amount for debit in self.debits))


def _check_lots(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(lot) is CoinLot for lot in value):
        raise InvalidTypeError("lots", value, "must be a tuple of CoinLot", "pass purchase.lots")
    ids = [lot.id for lot in value]
    if len(set(ids)) != len(ids):
        raise OverlapError("lots", ids, "holds two lots with the same id", "give each lot an id")


@attrs.frozen
class Wallet:
    """A viewer's coins as lots with cost basis; immutable, so every change returns a new wallet.

    >>> from datetime import datetime, timezone
    >>> from fractions import Fraction
    >>> from giftflow import ExactMoney, currency
    >>> usd, now = currency("USD"), datetime(2026, 11, 24, tzinfo=timezone.utc)
    >>> def lot(id, kind, coins):
    ...     per = ExactMoney(Fraction(1), usd)
    ...     return CoinLot(id=id, kind=kind, coins=Coins(coins), acquired_at=now,
    ...                    net_per_coin=per, gross_per_coin=per)
    >>> wallet = Wallet().credit(lot("a", LotKind.PURCHASED, 60), lot("b", LotKind.PROMOTIONAL, 5))
    >>> spend = wallet.spend(Coins(10), SpendPolicy.PROMOTIONAL_FIRST)
    >>> [(d.lot_id, d.coins.amount) for d in spend.debits], spend.wallet.balance
    ([('b', 5), ('a', 5)], Coins(55))
    """

    lots: tuple[CoinLot, ...] = attrs.field(default=(), validator=_check_lots)

    @property
    def balance(self) -> Coins:
        """All coins in the wallet."""
        return Coins(sum(lot.coins.amount for lot in self.lots))

    def credit(self, *lots: CoinLot) -> Wallet:
        """Return a wallet with ``lots`` added (lot ids must be new)."""
        return Wallet(self.lots + lots)

    def spend(self, coins: Coins, policy: SpendPolicy) -> Spend:
        """Spend ``coins`` from the lots in ``policy`` order.

        Raises:
            InsufficientCoinsError: The wallet holds fewer coins (nothing changes).
            InvalidValueError: ``coins`` is not positive.
        """
        if type(coins) is not Coins:
            raise InvalidTypeError("coins", coins, "must be Coins", "pass Coins(1)")
        if coins.amount <= 0:
            raise InvalidValueError("coins", coins, "must be positive", "spend at least one coin")
        if type(policy) is not SpendPolicy:
            raise InvalidTypeError(
                "policy", policy, "must be a SpendPolicy", "e.g. SpendPolicy.FIFO"
            )
        available = self.balance.amount
        if available < coins.amount:
            raise InsufficientCoinsError(requested=coins.amount, available=available)
        remaining = coins.amount
        debits: list[LotDebit] = []
        taken: dict[str, int] = {}
        for lot in sorted(self.lots, key=policy.sort_key):
            if remaining == 0:
                break
            take = min(remaining, lot.coins.amount)
            if take == 0:
                continue
            remaining -= take
            taken[lot.id] = take
            cost = lot.cost_of(Coins(take))
            debits.append(
                LotDebit._unchecked(
                    lot_id=lot.id,
                    kind=lot.kind,
                    coins=Coins(take),
                    net_value=cost.net,
                    gross_value=cost.gross,
                    purchase_id=lot.purchase_id,
                    cost=cost,
                )
            )
        kept = tuple(
            attrs.evolve(lot, coins=Coins(lot.coins.amount - taken[lot.id]))
            if lot.id in taken
            else lot
            for lot in self.lots
            if taken.get(lot.id) != lot.coins.amount  # an emptied lot leaves the wallet
        )
        return Spend._unchecked(Wallet(kept), tuple(debits))
