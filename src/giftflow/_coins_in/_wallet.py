"""Wallets that spend coin lots by a named policy, and the debits a spend makes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from giftflow._coins_in._lots import (
    CoinCost,
    CoinLot,
    LotKind,
    _check_lot_coins,
    _check_optional_name,
    _check_per_coin,
    _new,
    _set,
    is_expired,
)
from giftflow._values._checks import check_aware, check_instance, check_name
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

__all__ = ["LotDebit", "Spend", "SpendPolicy", "Wallet"]


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
    """The order in which a wallet spends its lots; ties go oldest first, then by lot id.

    >>> SpendPolicy.PROMOTIONAL_FIRST.order
    (<LotKind.PROMOTIONAL: 'promotional'>, <LotKind.BONUS: 'bonus'>, <LotKind.RECONVERTED: 'reconverted'>, <LotKind.PURCHASED: 'purchased'>)
    """

    FIFO = "fifo"
    """Oldest lot first, whatever its kind."""
    PROMOTIONAL_FIRST = "promotional_first"
    """Promotional coins, then bonus, then reconverted, then purchased coins."""
    PURCHASED_FIRST = "purchased_first"
    """Purchased coins, then reconverted, then bonus, then promotional coins."""
    LIFO = "lifo"
    """Newest lot first, whatever its kind (lots acquired at one instant by id)."""
    EXPIRING_FIRST = "expiring_first"
    """The lot that expires first, first; lots that never expire last; ties oldest first."""

    @property
    def order(self) -> tuple[LotKind, ...]:
        """The kinds in spending order (all kinds together unless the policy ranks kinds)."""
        if self is SpendPolicy.PROMOTIONAL_FIRST:
            return (LotKind.PROMOTIONAL, LotKind.BONUS, LotKind.RECONVERTED, LotKind.PURCHASED)
        if self is SpendPolicy.PURCHASED_FIRST:
            return (LotKind.PURCHASED, LotKind.RECONVERTED, LotKind.BONUS, LotKind.PROMOTIONAL)
        return tuple(LotKind)

    def sort_key(self, lot: CoinLot) -> tuple[int, timedelta, timedelta, str]:
        """Key that puts lots in spending order: ``(rank, expiry, acquisition, id)``.

        The rank is the lot's kind in :attr:`order` (0 for the policies that do not rank
        kinds; for ``EXPIRING_FIRST``, 0 for a lot that expires and 1 for one that never
        does); the two times are offsets from the Unix epoch, so they compare as
        instants (the acquisition's negated for ``LIFO``, the expiry zero unless
        ``EXPIRING_FIRST``).

        >>> from datetime import datetime, timezone
        >>> from fractions import Fraction
        >>> from giftflow import currency
        >>> per = ExactMoney(Fraction(1), currency("USD"))
        >>> lot = CoinLot(id="a", kind=LotKind.BONUS, coins=Coins(5), net_per_coin=per,
        ...               gross_per_coin=per, acquired_at=datetime(1970, 1, 2, tzinfo=timezone.utc))
        >>> SpendPolicy.LIFO.sort_key(lot)
        (0, datetime.timedelta(0), datetime.timedelta(days=-1), 'a')
        """
        if type(lot) is not CoinLot:
            raise InvalidTypeError("lot", lot, "must be a CoinLot", "pass a lot of a wallet")
        # Offsets from the epoch, an instant: subtracting aware datetimes compares them in
        # UTC, so the hour a DST change repeats stays in order (wall clocks would not).
        acquired = lot.acquired_at - _EPOCH
        if self is SpendPolicy.LIFO:
            return (0, _ZERO, -acquired, lot.id)
        if self is SpendPolicy.EXPIRING_FIRST:
            if lot.expires_at is None:
                return (1, _ZERO, acquired, lot.id)
            return (0, lot.expires_at - _EPOCH, acquired, lot.id)
        rank = 0 if self is SpendPolicy.FIFO else self.order.index(lot.kind)
        return (rank, _ZERO, acquired, lot.id)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ZERO = timedelta(0)


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

    def spendable(self, at: datetime) -> Coins:
        """The coins a spend at ``at`` may take: those of the lots not expired by then.

        >>> from datetime import datetime, timezone
        >>> from fractions import Fraction
        >>> from giftflow import ExactMoney, currency
        >>> day = lambda d: datetime(2026, 11, d, tzinfo=timezone.utc)
        >>> per = ExactMoney(Fraction(1), currency("USD"))
        >>> promo = CoinLot(id="promo", kind=LotKind.PROMOTIONAL, coins=Coins(5), acquired_at=day(1),
        ...                 expires_at=day(8), net_per_coin=per, gross_per_coin=per)
        >>> wallet = Wallet((promo,))
        >>> wallet.spendable(day(7)), wallet.spendable(day(8)), wallet.balance
        (Coins(5), Coins(0), Coins(5))
        """
        check_aware("at", at)
        return Coins(sum(lot.coins.amount for lot in self.lots if not is_expired(lot, at)))

    def spend(self, coins: Coins, policy: SpendPolicy, *, at: datetime | None = None) -> Spend:
        """Spend ``coins`` from the lots in ``policy`` order.

        With ``at`` (the spend's time), lots expired by then are skipped: they stay in
        the wallet, untouched, for an expiry (:class:`~giftflow.CoinsExpired`) to book.
        Without it the wallet cannot tell, and spends every lot.

        Raises:
            InsufficientCoinsError: The wallet holds fewer coins, not counting those
                expired by ``at`` (nothing changes).
            InvalidValueError: ``coins`` is not positive.
            NaiveDatetimeError: ``at`` has no time zone.
        """
        if type(coins) is not Coins:
            raise InvalidTypeError("coins", coins, "must be Coins", "pass Coins(1)")
        if coins.amount <= 0:
            raise InvalidValueError("coins", coins, "must be positive", "spend at least one coin")
        if type(policy) is not SpendPolicy:
            raise InvalidTypeError(
                "policy", policy, "must be a SpendPolicy", "e.g. SpendPolicy.FIFO"
            )
        lots = self.lots
        if at is not None:
            check_aware("at", at)
            lots = tuple(lot for lot in lots if not is_expired(lot, at))
        available = sum(lot.coins.amount for lot in lots)
        if available < coins.amount:
            raise InsufficientCoinsError(requested=coins.amount, available=available)
        remaining = coins.amount
        debits: list[LotDebit] = []
        taken: dict[str, int] = {}
        for lot in sorted(lots, key=policy.sort_key):
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
