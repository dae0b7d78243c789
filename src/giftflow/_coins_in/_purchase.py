"""A purchase of coins: the exact split of what the viewer pays, and the lots it credits."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

import attrs

from giftflow._coins_in._fees import (
    Fee,
    FeeBasis,
    FeeCharge,
    FeeKind,
    Qualification,
    check_proceeds,
)
from giftflow._coins_in._lots import CoinLot, CostBasis, LotKind
from giftflow._coins_in._pricing import Quote
from giftflow._values._checks import check_instance, check_name, check_tuple_of, valid_name
from giftflow._values._errors import CurrencyMismatchError, InvalidTypeError, InvalidValueError
from giftflow._values._money import ExactMoney, Money
from giftflow._values._rounding import Rounding
from giftflow._values._units import Coins

__all__ = [
    "CostBasis",
    "Purchase",
    "PurchaseBreakdown",
    "RoundingNote",
    "checkout",
    "expires_after",
]


def _check_step(instance: Any, attribute: attrs.Attribute[str], value: Any) -> None:
    # A label (valid_name); checkout's "<kind> fee (<fee name>)" may be longer than 64
    # characters, since a fee's name may be 64, so that form checks the fee's name.
    if isinstance(value, str) and value.endswith(")"):
        head, found, name = value[:-1].partition(" fee (")
        if found and head in _FEE_KINDS:
            try:
                valid_name("step", name)
                return
            except InvalidValueError:
                pass  # refused below, naming the whole step
    valid_name("step", value)


_FEE_KINDS = frozenset(kind.value for kind in FeeKind)


@attrs.frozen(kw_only=True)
class RoundingNote:
    """One rounding step of a computation: the exact value, the result and the mode used.

    ``step`` is a label (``'tax'``, ``'store fee (apple)'``), never empty.
    """

    step: str = attrs.field(validator=_check_step)
    exact: ExactMoney = attrs.field(validator=check_instance(ExactMoney, "ExactMoney.zero('USD')"))
    rounded: Money = attrs.field(validator=check_instance(Money, "Money.zero('USD')"))
    rounding: Rounding = attrs.field(validator=check_instance(Rounding, "Rounding.HALF_UP"))

    def __attrs_post_init__(self) -> None:
        if self.rounded != self.exact.round(self.rounding):
            raise InvalidValueError(
                "rounded",
                self.rounded,
                f"is not {self.exact} rounded {self.rounding.name}",
                "round the exact value with the note's rounding",
            )

    @classmethod
    def _unchecked(
        cls, step: str, exact: ExactMoney, rounded: Money, rounding: Rounding
    ) -> RoundingNote:
        # Built by checkout from a rounding it has just done: skip the validators.
        note = _new(RoundingNote)
        _set(note, "step", step)
        _set(note, "exact", exact)
        _set(note, "rounded", rounded)
        _set(note, "rounding", rounding)
        return note

    @property
    def remainder(self) -> ExactMoney:
        """What rounding left over: ``exact - rounded``."""
        return self.exact - self.rounded

    def __str__(self) -> str:
        return f"{self.step}: {self.exact} -> {self.rounded} ({self.rounding.name})"


def _check_part(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Money:
        raise InvalidTypeError(
            attribute.name, value, "must be Money", "take the breakdown from checkout"
        )
    if value.minor < 0:
        raise InvalidValueError(
            attribute.name, value, "must not be negative", "no part of a payment pays the buyer"
        )


_new = object.__new__
_set = object.__setattr__


@attrs.frozen(kw_only=True)
class PurchaseBreakdown:
    """Where every minor unit of one payment goes: ``gross = tax + fees + net``, exactly.

    Attributes:
        price: The listed price.
        gross: What the viewer paid (the price, plus tax when tax is added on top).
        tax: Tax collected, rounded by the storefront's tax rounding.
        fees: Each store and processor fee, in the order charged.
        net: The platform's net revenue: whatever is left, so nothing is lost.
        roundings: Every rounding step, with its exact value and mode.
    """

    price: Money = attrs.field(validator=_check_part)
    gross: Money = attrs.field(validator=_check_part)
    tax: Money = attrs.field(validator=_check_part)
    fees: tuple[FeeCharge, ...] = attrs.field(validator=check_tuple_of(FeeCharge))
    net: Money = attrs.field(validator=_check_part)
    roundings: tuple[RoundingNote, ...] = attrs.field(validator=check_tuple_of(RoundingNote))

    def __attrs_post_init__(self) -> None:
        currency = self.gross.currency
        for name, part in (("price", self.price), ("tax", self.tax), ("net", self.net)):
            if part.currency != currency:
                raise CurrencyMismatchError(
                    f"book {name} with gross", part.currency, currency, argument="currency"
                )
        # "currency", not the part's path: which part is wrong (this one, or the gross and
        # all the others) only the storefront's currency tells, which Purchase checks.
        for charge in self.fees:
            if charge.amount.currency != currency:
                raise CurrencyMismatchError(
                    "book a fee with gross", charge.amount.currency, currency, argument="currency"
                )
        # The net is what is left, so a sum that does not hold names the net.
        left = self.gross.minor - self.tax.minor - sum(c.amount.minor for c in self.fees)
        if left != self.net.minor:
            raise InvalidValueError(
                "net",
                self.net,
                f"must be gross - tax - fees ({Money._unchecked(left, currency)})",
                "take the breakdown from checkout",
            )
        if self.gross.minor not in (self.price.minor, self.price.minor + self.tax.minor):
            raise InvalidValueError(
                "gross",
                self.gross,
                f"must be the price {self.price}, or the price plus tax {self.tax}",
                "take the breakdown from checkout",
            )

    @classmethod
    def _unchecked(cls, **fields: Any) -> PurchaseBreakdown:
        # Built by checkout, which has just computed every part: skip the validators.
        breakdown = _new(PurchaseBreakdown)
        for name, value in fields.items():
            _set(breakdown, name, value)
        return breakdown

    @property
    def store_fee(self) -> Money:
        """The sum of the app-store fees."""
        return Money.total(
            (f.amount for f in self.fees if f.kind is FeeKind.STORE), self.gross.currency
        )

    @property
    def processor_fee(self) -> Money:
        """The sum of the payment-processor fees."""
        return Money.total(
            (f.amount for f in self.fees if f.kind is FeeKind.PROCESSOR), self.gross.currency
        )

    def rows(self) -> tuple[tuple[str, Money], ...]:
        """The parts of ``gross`` as (label, amount) rows: tax, each fee, net."""
        return (
            ("tax", self.tax),
            *((f"{fee.kind.value} fee ({fee.name})", fee.amount) for fee in self.fees),
            ("platform net", self.net),
        )

    def __str__(self) -> str:
        width = max(len(label) for label, _ in self.rows())
        lines = [f"{'gross paid':<{width}}  {self.gross}"]
        lines += [f"{label:<{width}}  {amount}" for label, amount in self.rows()]
        return "\n".join(lines)


@attrs.frozen(kw_only=True)
class Purchase:
    """A completed purchase: its id, quote, exact breakdown and the coin lots it credits."""

    id: str = attrs.field(validator=check_name)
    quote: Quote = attrs.field(validator=check_instance(Quote, "book.quote(...)"))
    breakdown: PurchaseBreakdown = attrs.field(
        validator=check_instance(PurchaseBreakdown, "checkout(quote, ...).breakdown")
    )
    lots: tuple[CoinLot, ...] = attrs.field(validator=check_tuple_of(CoinLot))

    def __attrs_post_init__(self) -> None:
        _check_breakdown(self.quote, self.breakdown)
        _check_lots(self.id, self.quote, self.breakdown, self.lots)

    @classmethod
    def _unchecked(
        cls, id: str, quote: Quote, breakdown: PurchaseBreakdown, lots: tuple[CoinLot, ...]
    ) -> Purchase:
        # Built by checkout from the quote it has just split: skip the checks.
        purchase = _new(Purchase)
        _set(purchase, "id", id)
        _set(purchase, "quote", quote)
        _set(purchase, "breakdown", breakdown)
        _set(purchase, "lots", lots)
        return purchase

    @property
    def coins(self) -> Coins:
        """Every coin credited."""
        return Coins(sum(lot.coins.amount for lot in self.lots))

    @property
    def base_coins(self) -> Coins:
        """The package's base coins."""
        return self.quote.package.coins

    @property
    def bonus_coins(self) -> Coins:
        """Bonus plus promotional coins."""
        return self.quote.package.bonus + self.quote.promotional


def checkout(
    quote: Quote,
    *,
    purchase_id: str,
    proceeds_to_date: Money | None = None,
    prior_year_proceeds: Money | None = None,
    cost_basis: CostBasis = CostBasis.SPREAD,
) -> Purchase:
    """Complete a purchase at ``quote``: split the payment exactly and credit coin lots.

    Tax comes first (from the storefront's :class:`~giftflow.Tax`), then each fee
    the channel charges at the quote's time, in order, on its own basis (gross, or
    net of tax); the platform's net revenue is what is left, so
    ``gross == tax + fees + net`` in minor units, always. Pure: the caller passes the
    store's yearly proceeds when a fee has a threshold. The promotional coins' lot
    expires ``quote.promotional_validity`` after the quote's time, if the promotion
    gives them one; the other lots never expire.

    Args:
        quote: From :meth:`PriceBook.quote` or :meth:`PriceBook.quote_custom`.
        purchase_id: The caller's id for this purchase (lot ids derive from it).
        proceeds_to_date: Proceeds so far this calendar year, for threshold fees.
        prior_year_proceeds: Proceeds in the whole prior calendar year, for threshold
            fees that qualify by the prior year (:attr:`Qualification.PRIOR_YEAR`,
            Apple's Small Business Program).
        cost_basis: How net revenue is spread over base, bonus and promotional coins.

    Raises:
        InvalidValueError: A threshold fee is charged without the proceeds it needs,
            or proceeds are negative.
        CurrencyMismatchError: Proceeds are not in a threshold's currency.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Channel, presets
    >>> book = presets.tiktok_price_book()
    >>> quote = book.quote("coins_65", country="US", channel=Channel.IOS,
    ...                    at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    >>> purchase = checkout(quote, purchase_id="p1")
    >>> print(purchase.breakdown)
    gross paid                 0.99 USD
    tax                        0.00 USD
    store fee (apple)          0.30 USD
    platform net               0.69 USD
    """
    if type(quote) is not Quote:
        raise InvalidTypeError("quote", quote, "must be a Quote", "use PriceBook.quote(...)")
    valid_name("purchase_id", purchase_id)
    check_proceeds("proceeds_to_date", proceeds_to_date)
    check_proceeds("prior_year_proceeds", prior_year_proceeds)
    if type(cost_basis) is not CostBasis:
        raise InvalidTypeError("cost_basis", cost_basis, "must be a CostBasis", "CostBasis.SPREAD")
    storefront = quote.storefront
    fees = storefront.fees_for(quote.channel, at=quote.at)
    if proceeds_to_date is not None or prior_year_proceeds is not None:
        _check_proceeds(proceeds_to_date, prior_year_proceeds, fees)
    tax_rule = storefront.tax
    gross, tax, tax_exact = tax_rule.split(quote.price)
    net_of_tax = gross - tax
    charges: list[FeeCharge] = []
    for fee in fees:
        base = gross if fee.basis is FeeBasis.GROSS else net_of_tax
        if fee.threshold is None:
            charges.append(fee.charge(base))
        else:
            charges.append(
                fee.charge(
                    base,
                    proceeds_to_date=proceeds_to_date,
                    prior_year_proceeds=prior_year_proceeds,
                )
            )
    net = net_of_tax - Money.total((c.amount for c in charges), gross.currency)
    if net.minor < 0:
        raise InvalidValueError(
            "quote",
            quote.price,
            f"leaves {net} after tax {tax} and fees "
            f"{Money.total((c.amount for c in charges), gross.currency)}: the fees of "
            f"{quote.channel} in {storefront.country} exceed what the buyer pays",
            "raise the price or lower the fees; a purchase never has a negative net",
        )
    breakdown = PurchaseBreakdown._unchecked(
        price=quote.price,
        gross=gross,
        tax=tax,
        fees=tuple(charges),
        net=net,
        roundings=_notes(tax_exact, tax, tax_rule.rounding, charges),
    )
    return Purchase._unchecked(
        purchase_id, quote, breakdown, _lots(purchase_id, quote, breakdown, cost_basis, _fast)
    )


def _check_proceeds(
    proceeds: Money | None, prior_year: Money | None, fees: tuple[Fee, ...]
) -> None:
    # Up front, whatever the channel: a threshold's proceeds are in its limit's currency.
    # A channel without threshold fees ignores them (and a fee without a prior-year
    # qualification ignores the prior year's).
    limits = {fee.threshold.limit.currency for fee in fees if fee.threshold is not None}
    prior_limits = {
        fee.threshold.limit.currency
        for fee in fees
        if fee.threshold is not None and fee.threshold.qualification is Qualification.PRIOR_YEAR
    }
    for argument, amount, currencies in (
        ("proceeds_to_date", proceeds, limits),
        ("prior_year_proceeds", prior_year, prior_limits),
    ):
        if amount is not None and currencies and amount.currency not in currencies:
            raise CurrencyMismatchError(
                "compare", amount.currency, min(currencies, key=str), argument=argument
            )


def _notes(
    tax_exact: ExactMoney, tax: Money, rounding: Rounding, charges: Iterable[FeeCharge]
) -> tuple[RoundingNote, ...]:
    notes = [RoundingNote._unchecked("tax", tax_exact, tax, rounding)]
    notes += (
        RoundingNote._unchecked(
            f"{charge.kind.value} fee ({charge.name})", charge.exact, charge.amount, charge.rounding
        )
        for charge in charges
    )
    return tuple(notes)


def _check_breakdown(quote: Quote, breakdown: PurchaseBreakdown) -> None:
    # The breakdown must be the one checkout computes for the quote: the same price,
    # the storefront's tax, and exactly the channel's fees on their own bases.
    storefront = quote.storefront
    if breakdown.price != quote.price:
        raise InvalidValueError(
            "breakdown.price",
            breakdown.price,
            f"differs from the quote's price {quote.price}",
            "take the breakdown from checkout",
        )
    gross, tax, tax_exact = storefront.tax.split(quote.price)
    if (breakdown.gross, breakdown.tax) != (gross, tax):
        raise InvalidValueError(
            "breakdown.tax",
            breakdown.tax,
            f"with gross {breakdown.gross} differs from storefront {storefront.country}'s "
            f"{storefront.tax.name}: {tax} with gross {gross}",
            "take the breakdown from checkout",
        )
    fees = storefront.fees_for(quote.channel, at=quote.at)
    if len(fees) != len(breakdown.fees):
        raise InvalidValueError(
            "breakdown.fees",
            tuple(charge.name for charge in breakdown.fees),
            f"must be the fees of {quote.channel} in {storefront.country}: "
            f"{tuple(fee.name for fee in fees)}",
            "take the breakdown from checkout",
        )
    net_of_tax = gross - tax
    for fee, charge in zip(fees, breakdown.fees, strict=True):
        fee.verify(charge)
        base = gross if fee.basis is FeeBasis.GROSS else net_of_tax
        if charge.base != base:
            raise InvalidValueError(
                f"fees[{fee.name!r}].base",
                charge.base,
                f"must be the {fee.basis.value.replace('_', ' ')} amount {base}",
                "take the breakdown from checkout",
            )
    if breakdown.roundings != _notes(tax_exact, tax, storefront.tax.rounding, breakdown.fees):
        raise InvalidValueError(
            "breakdown.roundings",
            breakdown.roundings,
            "must note the tax and each fee's rounding, in order",
            "take the breakdown from checkout",
        )


def _check_lots(
    purchase_id: str, quote: Quote, breakdown: PurchaseBreakdown, lots: tuple[CoinLot, ...]
) -> None:
    # The lots must be exactly what checkout credits for one of the cost bases.
    candidates = [_lots(purchase_id, quote, breakdown, basis, CoinLot) for basis in CostBasis]
    if lots in candidates:
        return
    # Name the first field that differs from the nearest candidate (fewest differences).
    found = min((_lot_differences(lots, candidate) for candidate in candidates), key=len)
    claimed = sum(lot.coins.amount for lot in lots)
    if claimed != quote.coins.amount:
        path = next((p for p, _, _ in found if p.endswith(".coins")), "lots")
        raise InvalidValueError(
            path,
            Coins(claimed),
            f"of purchase {purchase_id}: its lots claim {claimed:,} coins; the quote sells "
            f"{quote.package.id} with {quote.coins.amount:,} coins",
            "take the lots from checkout",
        )
    if found:
        path, mine, theirs = found[0]
        raise InvalidValueError(
            path,
            mine,
            f"of purchase {purchase_id} is not what checkout credits for its quote ({theirs})",
            "take the lots from checkout",
        )
    raise InvalidValueError(
        "lots",
        tuple(lot.id for lot in lots),
        f"of purchase {purchase_id} are not the lots checkout credits for its quote under any "
        f"cost basis (e.g. {', '.join(f'{lot.id}: {lot.coins}' for lot in candidates[0])})",
        "take the lots from checkout",
    )


def _lot_differences(
    lots: tuple[CoinLot, ...], expected: tuple[CoinLot, ...]
) -> list[tuple[str, object, object]]:
    """Each (path, claimed, expected) field where ``lots`` differ; empty if their counts do."""
    if len(lots) != len(expected):
        return []
    return [
        (f"lots[{index}].{field.name}", getattr(mine, field.name), getattr(theirs, field.name))
        for index, (mine, theirs) in enumerate(zip(lots, expected, strict=True))
        for field in attrs.fields(CoinLot)
        if getattr(mine, field.name) != getattr(theirs, field.name)
    ]


_fast = CoinLot._unchecked


def _lots(
    purchase_id: str,
    quote: Quote,
    breakdown: PurchaseBreakdown,
    cost_basis: CostBasis,
    build: Callable[..., CoinLot],
) -> tuple[CoinLot, ...]:
    parts = (
        (LotKind.PURCHASED, quote.package.coins),
        (LotKind.BONUS, quote.package.bonus),
        (LotKind.PROMOTIONAL, quote.promotional),
    )
    paying = quote.coins if cost_basis is CostBasis.SPREAD else quote.package.coins
    validity = quote.promotional_validity
    expires = None if validity is None else expires_after(quote.at, validity)
    currency = breakdown.gross.currency
    totals = (
        breakdown.net,
        breakdown.gross,
        breakdown.tax,
        breakdown.store_fee,
        breakdown.processor_fee,
    )
    lots = []
    for kind, coins in parts:
        if not coins:
            continue
        carries_cost = cost_basis is CostBasis.SPREAD or kind is LotKind.PURCHASED
        net, gross, tax, store, processor = (
            ExactMoney(
                Fraction(total.minor, paying.amount) if carries_cost else Fraction(0), currency
            )
            for total in totals
        )
        lots.append(
            build(
                id=f"{purchase_id}/{kind.value}",
                kind=kind,
                coins=coins,
                acquired_at=quote.at,
                net_per_coin=net,
                gross_per_coin=gross,
                purchase_id=purchase_id,
                tax_per_coin=tax,
                store_fee_per_coin=store,
                processor_fee_per_coin=processor,
                expires_at=expires if kind is LotKind.PROMOTIONAL else None,
            )
        )
    return tuple(lots)


def expires_after(at: datetime, validity: timedelta) -> datetime:
    """When coins acquired at ``at`` expire after ``validity``, in ``at``'s zone.

    Elapsed time, added in UTC: a wall clock plus a day is 23 or 25 hours later across a
    change of daylight saving time, and can even be earlier in the hour a change repeats.
    """
    return (at.astimezone(UTC) + validity).astimezone(at.tzinfo)
