"""A purchase of coins: the exact split of what the viewer pays, and the lots it credits."""

from __future__ import annotations

from fractions import Fraction

import attrs

from giftflow._coins_in._fees import FeeBasis, FeeCharge, FeeKind
from giftflow._coins_in._pricing import Quote
from giftflow._coins_in._wallet import CoinLot, CostBasis, LotKind
from giftflow._values._checks import check_instance, check_name
from giftflow._values._errors import InvalidTypeError
from giftflow._values._money import ExactMoney, Money
from giftflow._values._rounding import Rounding
from giftflow._values._units import Coins

__all__ = ["CostBasis", "Purchase", "PurchaseBreakdown", "RoundingNote", "checkout"]


@attrs.frozen(kw_only=True)
class RoundingNote:
    """One rounding step of a computation: the exact value, the result and the mode used."""

    step: str
    exact: ExactMoney
    rounded: Money
    rounding: Rounding

    @property
    def remainder(self) -> ExactMoney:
        """What rounding left over: ``exact - rounded``."""
        return self.exact - self.rounded

    def __str__(self) -> str:
        return f"{self.step}: {self.exact} -> {self.rounded} ({self.rounding.name})"


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

    price: Money
    gross: Money
    tax: Money
    fees: tuple[FeeCharge, ...]
    net: Money
    roundings: tuple[RoundingNote, ...]

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
    breakdown: PurchaseBreakdown
    lots: tuple[CoinLot, ...]

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
    cost_basis: CostBasis = CostBasis.SPREAD,
) -> Purchase:
    """Complete a purchase at ``quote``: split the payment exactly and credit coin lots.

    Tax comes first (from the storefront's :class:`~giftflow.Tax`), then each fee
    of the channel in order, on its own basis (gross, or net of tax); the
    platform's net revenue is what is left, so ``gross == tax + fees + net`` in
    minor units, always. Pure: the caller passes the store's yearly
    ``proceeds_to_date`` when a fee has a threshold.

    Args:
        quote: From :meth:`PriceBook.quote` or :meth:`PriceBook.quote_custom`.
        purchase_id: The caller's id for this purchase (lot ids derive from it).
        proceeds_to_date: Proceeds so far this calendar year, for threshold fees.
        cost_basis: How net revenue is spread over base, bonus and promotional coins.

    Raises:
        InvalidValueError: A threshold fee is charged without ``proceeds_to_date``.

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
    if type(cost_basis) is not CostBasis:
        raise InvalidTypeError("cost_basis", cost_basis, "must be a CostBasis", "CostBasis.SPREAD")
    storefront = quote.storefront
    tax_rule = storefront.tax
    gross, tax, tax_exact = tax_rule.split(quote.price)
    roundings = [RoundingNote(step="tax", exact=tax_exact, rounded=tax, rounding=tax_rule.rounding)]
    net_of_tax = gross - tax
    charges: list[FeeCharge] = []
    for fee in storefront.fees_for(quote.channel):
        base = gross if fee.basis is FeeBasis.GROSS else net_of_tax
        charge = fee.charge(base, proceeds_to_date=proceeds_to_date if fee.threshold else None)
        charges.append(charge)
        roundings.append(
            RoundingNote(
                step=f"{fee.kind.value} fee ({fee.name})",
                exact=charge.exact,
                rounded=charge.amount,
                rounding=charge.rounding,
            )
        )
    net = net_of_tax - Money.total((c.amount for c in charges), gross.currency)
    breakdown = PurchaseBreakdown(
        price=quote.price,
        gross=gross,
        tax=tax,
        fees=tuple(charges),
        net=net,
        roundings=tuple(roundings),
    )
    return Purchase(
        id=purchase_id,
        quote=quote,
        breakdown=breakdown,
        lots=_lots(purchase_id, quote, breakdown, cost_basis),
    )


def _lots(
    purchase_id: str, quote: Quote, breakdown: PurchaseBreakdown, cost_basis: CostBasis
) -> tuple[CoinLot, ...]:
    parts = (
        (LotKind.PURCHASED, quote.package.coins),
        (LotKind.BONUS, quote.package.bonus),
        (LotKind.PROMOTIONAL, quote.promotional),
    )
    paying = quote.coins if cost_basis is CostBasis.SPREAD else quote.package.coins
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
            CoinLot(
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
            )
        )
    return tuple(lots)
