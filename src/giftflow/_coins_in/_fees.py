"""Taxes and fees as data: what part of a payment goes to the state, the store, the processor."""

from __future__ import annotations

import enum

import attrs

from giftflow._values._checks import check_instance, check_name
from giftflow._values._currency import Currency
from giftflow._values._errors import CurrencyMismatchError, InvalidTypeError, InvalidValueError
from giftflow._values._money import ExactMoney, Money, check_optional_money
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding

__all__ = ["Crossing", "Fee", "FeeBasis", "FeeCharge", "FeeKind", "Tax", "TaxMode", "Threshold"]


class TaxMode(enum.Enum):
    """Whether a listed price already includes tax (VAT/GST) or tax is added on top (sales tax).

    >>> TaxMode.INCLUDED.value
    'included'
    """

    INCLUDED = "included"
    """The price includes tax: tax = price x r / (1 + r) (EU VAT, UK VAT, GST)."""
    ADDED = "added"
    """Tax is added on top of the price: tax = price x r (US sales tax)."""


@attrs.frozen(kw_only=True)
class Tax:
    """A tax on purchases in one storefront: a rate, a mode and the rounding of the tax amount.

    >>> vat = Tax(rate=Rate.parse("20%"), mode=TaxMode.INCLUDED, rounding=Rounding.HALF_UP)
    >>> vat.split(Money.parse("0.99", "GBP"))
    (Money.parse('0.99', 'GBP'), Money.parse('0.17', 'GBP'), ExactMoney(...))
    >>> Tax.none().split(Money.parse("0.99", "USD"))[1]
    Money.parse('0.00', 'USD')
    """

    rate: Rate = attrs.field(validator=check_instance(Rate, "Rate.parse('20%')"))
    mode: TaxMode = attrs.field(validator=check_instance(TaxMode, "TaxMode.INCLUDED"))
    rounding: Rounding = attrs.field(validator=check_instance(Rounding, "Rounding.HALF_UP"))
    name: str = attrs.field(default="tax", validator=check_name)

    @classmethod
    def none(cls) -> Tax:
        """No tax (a 0% rate), e.g. where the platform or the store remits tax itself.

        >>> Tax.none().rate
        Rate.parse('0')
        """
        return cls(rate=Rate.ZERO, mode=TaxMode.INCLUDED, rounding=Rounding.HALF_EVEN)

    def split(self, price: Money) -> tuple[Money, Money, ExactMoney]:
        """Return ``(gross, tax, exact_tax)`` for a listed ``price``.

        ``gross`` is what the buyer pays: the price itself when tax is included,
        the price plus tax when it is added. ``exact_tax`` is the unrounded tax.
        """
        value = self.rate.value
        if self.mode is TaxMode.INCLUDED:
            exact = price.multiply_exact(Rate(value / (1 + value)))
            tax = exact.round(self.rounding)
            return price, tax, exact
        exact = price.multiply_exact(self.rate)
        tax = exact.round(self.rounding)
        return price + tax, tax, exact


class FeeBasis(enum.Enum):
    """What a percentage fee is a percentage of. Never implicit: getting it wrong is a classic bug.

    >>> FeeBasis.NET_OF_TAX.value
    'net_of_tax'
    """

    GROSS = "gross"
    """Everything the buyer paid, tax included."""
    NET_OF_TAX = "net_of_tax"
    """What the buyer paid less tax."""


class FeeKind(enum.Enum):
    """Who a fee is paid to: the app store or the payment processor.

    >>> FeeKind.STORE.value
    'store'
    """

    STORE = "store"
    """The app store's commission (Apple, Google Play)."""
    PROCESSOR = "processor"
    """A payment processor's fee (cards, wallets)."""


class Crossing(enum.Enum):
    """How a purchase that crosses an annual threshold is charged.

    >>> Crossing.SPLIT.value
    'split'
    """

    WHOLE_PURCHASE = "whole_purchase"
    """The crossing purchase pays the rate above the threshold in full (Apple Small Business)."""
    SPLIT = "split"
    """The part within the threshold pays the lower rate, the rest the higher one (Google Play)."""


@attrs.frozen(kw_only=True)
class Threshold:
    """A yearly limit on proceeds above which a fee's rate changes (the store's 15% tiers).

    Attributes:
        limit: Proceeds per calendar year charged at the fee's own rate.
        rate_above: The rate once proceeds exceed ``limit``.
        crossing: How the purchase that crosses the limit is charged.
    """

    limit: Money = attrs.field(validator=check_instance(Money, "Money.parse('1000000', 'USD')"))
    rate_above: Rate = attrs.field(validator=check_instance(Rate, "Rate.parse('30%')"))
    crossing: Crossing = attrs.field(validator=check_instance(Crossing, "Crossing.SPLIT"))

    def __attrs_post_init__(self) -> None:
        if self.limit.minor <= 0:
            raise InvalidValueError("limit", self.limit, "must be positive", "pass e.g. $1,000,000")


@attrs.frozen(kw_only=True)
class FeeCharge:
    """One fee as charged on one payment: the exact amount, the rounded amount, and why.

    ``exact - amount`` is what rounding left over; it stays with the platform's net.
    """

    name: str
    kind: FeeKind
    basis: FeeBasis
    base: Money
    rate: Rate
    exact: ExactMoney
    amount: Money
    rounding: Rounding
    note: str = ""


@attrs.frozen(kw_only=True)
class Fee:
    """A store or payment-processor fee: a percentage of a named basis plus fixed parts.

    ``fee = clamp(base x rate + fixed, minimum, maximum)``, rounded once with
    ``rounding``. With a :class:`Threshold`, the rate depends on the proceeds the
    caller reports for the calendar year so far (the library keeps no state).

    >>> card = Fee(name="card", kind=FeeKind.PROCESSOR, basis=FeeBasis.GROSS, rounding=Rounding.HALF_UP,
    ...            rate=Rate.parse("2.9%"), fixed=Money.parse("0.30", "USD"))
    >>> card.charge(Money.parse("0.99", "USD")).amount
    Money.parse('0.33', 'USD')
    """

    name: str = attrs.field(validator=check_name)
    kind: FeeKind = attrs.field(validator=check_instance(FeeKind, "FeeKind.STORE"))
    basis: FeeBasis = attrs.field(validator=check_instance(FeeBasis, "FeeBasis.NET_OF_TAX"))
    rounding: Rounding = attrs.field(validator=check_instance(Rounding, "Rounding.HALF_UP"))
    rate: Rate = attrs.field(default=Rate.ZERO, validator=check_instance(Rate, "Rate.parse('30%')"))
    fixed: Money | None = attrs.field(default=None, validator=check_optional_money)
    minimum: Money | None = attrs.field(default=None, validator=check_optional_money)
    maximum: Money | None = attrs.field(default=None, validator=check_optional_money)
    threshold: Threshold | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if self.threshold is not None and type(self.threshold) is not Threshold:
            raise InvalidTypeError(
                "threshold", self.threshold, "must be a Threshold or None", "see Threshold"
            )
        amounts = [a for a in (self.fixed, self.minimum, self.maximum) if a is not None]
        if self.threshold is not None:
            amounts.append(self.threshold.limit)
        for amount in amounts[1:]:
            if amount.currency != amounts[0].currency:
                raise CurrencyMismatchError("configure", amounts[0].currency, amount.currency)
        if (
            self.minimum is not None
            and self.maximum is not None
            and self.minimum.minor > self.maximum.minor
        ):
            raise InvalidValueError(
                "minimum", self.minimum, f"exceeds maximum {self.maximum}", "lower it"
            )

    @property
    def currency(self) -> Currency | None:
        """The currency of the fee's fixed amounts, if it has any."""
        for amount in (self.fixed, self.minimum, self.maximum):
            if amount is not None:
                return amount.currency
        return None if self.threshold is None else self.threshold.limit.currency

    def charge(self, base: Money, *, proceeds_to_date: Money | None = None) -> FeeCharge:
        """Compute this fee on ``base`` (already the right basis: gross or net of tax).

        Args:
            base: The amount the percentage applies to.
            proceeds_to_date: The developer's proceeds so far this calendar year,
                required when the fee has a :class:`Threshold`.

        Raises:
            CurrencyMismatchError: ``base`` is not in the currency of the fixed parts.
            InvalidValueError: A threshold fee is charged without ``proceeds_to_date``.

        >>> apple = Fee(name="apple", kind=FeeKind.STORE, basis=FeeBasis.NET_OF_TAX, rounding=Rounding.HALF_UP,
        ...             rate=Rate.parse("15%"),
        ...             threshold=Threshold(limit=Money.parse("1000000", "USD"),
        ...                                 rate_above=Rate.parse("30%"),
        ...                                 crossing=Crossing.WHOLE_PURCHASE))
        >>> under = Money.parse("500", "USD")
        >>> apple.charge(Money.parse("9.99", "USD"), proceeds_to_date=under).amount
        Money.parse('1.50', 'USD')
        >>> over = Money.parse("999999", "USD")
        >>> apple.charge(Money.parse("9.99", "USD"), proceeds_to_date=over).amount
        Money.parse('3.00', 'USD')
        """
        if type(base) is not Money:
            raise InvalidTypeError("base", base, "must be Money", "pass the fee's basis amount")
        own = self.currency
        if own is not None and own != base.currency:
            raise CurrencyMismatchError("charge", base.currency, own)
        exact, rate, note = self._percentage(base, proceeds_to_date)
        if self.fixed is not None:
            exact = exact + self.fixed
        if self.minimum is not None and exact.minor < self.minimum.minor:
            exact, note = self.minimum.exact(), f"minimum {self.minimum}"
        if self.maximum is not None and exact.minor > self.maximum.minor:
            exact, note = self.maximum.exact(), f"maximum {self.maximum}"
        return FeeCharge(
            name=self.name,
            kind=self.kind,
            basis=self.basis,
            base=base,
            rate=rate,
            exact=exact,
            amount=exact.round(self.rounding),
            rounding=self.rounding,
            note=note,
        )

    def _percentage(
        self, base: Money, proceeds_to_date: Money | None
    ) -> tuple[ExactMoney, Rate, str]:
        threshold = self.threshold
        if threshold is None:
            return base.multiply_exact(self.rate), self.rate, ""
        if type(proceeds_to_date) is not Money:
            raise InvalidValueError(
                "proceeds_to_date",
                proceeds_to_date,
                f"is required: fee {self.name!r} has a yearly threshold",
                "pass the proceeds so far this calendar year as Money (Money.zero(...) in January)",
            )
        if proceeds_to_date.currency != threshold.limit.currency:
            raise CurrencyMismatchError(
                "compare", proceeds_to_date.currency, threshold.limit.currency
            )
        low, high = self.rate, threshold.rate_above
        headroom = threshold.limit.minor - proceeds_to_date.minor
        low_exact = base.multiply_exact(low)
        proceeds_if_low = base.minor - low_exact.minor
        if proceeds_if_low <= headroom:
            return low_exact, low, ""
        if headroom <= 0 or threshold.crossing is Crossing.WHOLE_PURCHASE:
            return base.multiply_exact(high), high, "above the yearly threshold"
        # SPLIT: the part of the base whose proceeds fill the headroom pays the low
        # rate; the rest pays the high rate. base_low * (1 - low) == headroom.
        base_low = headroom / (1 - low.value)
        exact = base_low * low.value + (base.minor - base_low) * high.value
        blended = Rate(exact / base.minor)
        note = f"crosses the yearly threshold: {low} up to {threshold.limit}, {high} above"
        return ExactMoney(exact, base.currency), blended, note
