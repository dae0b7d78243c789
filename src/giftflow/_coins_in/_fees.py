"""Taxes and fees as data: what part of a payment goes to the state, the store, the processor.

Which fees each sales channel charges in a country, and when, is the storefront's
(``_pricing.py``).
"""

from __future__ import annotations

from typing import Any

import attrs

from giftflow._values._checks import check_instance, check_name
from giftflow._values._currency import Currency
from giftflow._values._errors import (
    Choice,
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
)
from giftflow._values._money import ExactMoney, Money, check_optional_money
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding

__all__ = [
    "Crossing",
    "Fee",
    "FeeBasis",
    "FeeCharge",
    "FeeKind",
    "Qualification",
    "Tax",
    "TaxMode",
    "Threshold",
]


class TaxMode(Choice):
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

        Raises:
            InvalidTypeError: ``price`` is not Money.
        """
        if type(price) is not Money:
            raise InvalidTypeError(
                "price", price, "must be Money", "pass the listed price: Money.parse('0.99', 'USD')"
            )
        value = self.rate.value
        if self.mode is TaxMode.INCLUDED:
            exact = price.multiply_exact(Rate(value / (1 + value)))
            tax = exact.round(self.rounding)
            return price, tax, exact
        exact = price.multiply_exact(self.rate)
        tax = exact.round(self.rounding)
        return price + tax, tax, exact


class FeeBasis(Choice):
    """What a percentage fee is a percentage of. Never implicit: getting it wrong is a classic bug.

    >>> FeeBasis.NET_OF_TAX.value
    'net_of_tax'
    """

    GROSS = "gross"
    """Everything the buyer paid, tax included."""
    NET_OF_TAX = "net_of_tax"
    """What the buyer paid less tax."""


class FeeKind(Choice):
    """Who a fee is paid to: the app store or the payment processor.

    >>> FeeKind.STORE.value
    'store'
    """

    STORE = "store"
    """The app store's commission (Apple, Google Play)."""
    PROCESSOR = "processor"
    """A payment processor's fee (cards, wallets)."""


class Crossing(Choice):
    """How a purchase that crosses an annual threshold is charged.

    >>> Crossing.SPLIT.value
    'split'
    """

    WHOLE_PURCHASE = "whole_purchase"
    """The crossing purchase pays the rate above the threshold in full (Apple Small Business)."""
    SPLIT = "split"
    """The part within the threshold pays the lower rate, the rest the higher one (Google Play)."""


class Qualification(Choice):
    """Which years a threshold fee's own (lower) rate is open to.

    >>> Qualification.PRIOR_YEAR.value
    'prior_year'
    """

    EVERY_YEAR = "every_year"
    """Every calendar year starts at the fee's own rate (Google Play's first $1M)."""
    PRIOR_YEAR = "prior_year"
    """Only a year after one whose proceeds stayed within the limit (Apple Small Business).

    A year after one above the limit pays ``rate_above`` throughout; the caller passes
    the prior calendar year's proceeds.
    """


def _check_fee_rate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Rate:
        raise InvalidTypeError(attribute.name, value, "must be a Rate", "pass Rate.parse('30%')")
    if value.value > 1:
        raise InvalidValueError(
            attribute.name,
            value,
            "must be at most 100%: a fee cannot take more than its base",
            "pass a rate from 0% to 100%, e.g. Rate.parse('30%')",
        )


@attrs.frozen(kw_only=True)
class Threshold:
    """A yearly limit on proceeds above which a fee's rate changes (the store's 15% tiers).

    Attributes:
        limit: Proceeds per calendar year charged at the fee's own rate.
        rate_above: The rate once proceeds exceed ``limit``.
        crossing: How the purchase that crosses the limit is charged.
        qualification: Which years start at the fee's own rate: every year, or only
            a year after one whose proceeds stayed within ``limit``.

    >>> apple = Threshold(limit=Money.parse("1000000", "USD"), rate_above=Rate.parse("30%"),
    ...                   crossing=Crossing.WHOLE_PURCHASE,
    ...                   qualification=Qualification.PRIOR_YEAR)
    >>> apple.qualification.value
    'prior_year'
    """

    limit: Money = attrs.field(validator=check_instance(Money, "Money.parse('1000000', 'USD')"))
    rate_above: Rate = attrs.field(validator=_check_fee_rate)
    crossing: Crossing = attrs.field(validator=check_instance(Crossing, "Crossing.SPLIT"))
    qualification: Qualification = attrs.field(
        default=Qualification.EVERY_YEAR,
        validator=check_instance(Qualification, "Qualification.PRIOR_YEAR"),
    )

    def __attrs_post_init__(self) -> None:
        if self.limit.minor <= 0:
            raise InvalidValueError("limit", self.limit, "must be positive", "pass e.g. $1,000,000")


def _check_charge_money(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    expected = ExactMoney if attribute.name == "exact" else Money
    if type(value) is not expected:
        raise InvalidTypeError(
            attribute.name, value, f"must be {expected.__name__}", "take charges from Fee.charge"
        )
    if value.minor < 0:
        raise InvalidValueError(
            attribute.name, value, "must not be negative", "a fee never pays the buyer"
        )


@attrs.frozen(kw_only=True)
class FeeCharge:
    """One fee as charged on one payment: the exact amount, the rounded amount, and why.

    ``exact - amount`` is what rounding left over; it stays with the platform's net.
    However it is built, a charge is non-negative, in its base's currency, at a rate
    from 0% to 100%, and ``amount`` is ``exact`` rounded with ``rounding``.

    >>> import attrs
    >>> card = Fee(name="card", kind=FeeKind.PROCESSOR, basis=FeeBasis.GROSS,
    ...            rounding=Rounding.HALF_UP, rate=Rate.parse("2.9%"))
    >>> charge = card.charge(Money.parse("0.99", "USD"))
    >>> attrs.evolve(charge, amount=Money.parse("-0.03", "USD"))
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: amount must not be negative, got Money.parse('-0.03', 'USD') ...
    """

    name: str = attrs.field(validator=check_name)
    kind: FeeKind = attrs.field(validator=check_instance(FeeKind, "FeeKind.STORE"))
    basis: FeeBasis = attrs.field(validator=check_instance(FeeBasis, "FeeBasis.NET_OF_TAX"))
    base: Money = attrs.field(validator=_check_charge_money)
    rate: Rate = attrs.field(validator=_check_fee_rate)
    exact: ExactMoney = attrs.field(validator=_check_charge_money)
    amount: Money = attrs.field(validator=_check_charge_money)
    rounding: Rounding = attrs.field(validator=check_instance(Rounding, "Rounding.HALF_UP"))
    note: str = attrs.field(default="", validator=check_instance(str, "''"))

    def __attrs_post_init__(self) -> None:
        for name in ("exact", "amount"):
            part = getattr(self, name)
            if part.currency != self.base.currency:
                raise CurrencyMismatchError(
                    "charge", self.base.currency, part.currency, argument=name
                )
        rounded = self.exact.round(self.rounding)
        if rounded != self.amount:
            raise InvalidValueError(
                "amount",
                self.amount,
                f"is not the exact fee {self.exact} rounded {self.rounding.name} ({rounded})",
                "take charges from Fee.charge",
            )

    @classmethod
    def _unchecked(cls, **fields: Any) -> FeeCharge:
        # Built by Fee.charge from a validated fee and base: skip the validators.
        charge = _new(FeeCharge)
        for name, value in fields.items():
            _set(charge, name, value)
        return charge


_new = object.__new__
_set = object.__setattr__


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
    rate: Rate = attrs.field(default=Rate.ZERO, validator=_check_fee_rate)
    fixed: Money | None = attrs.field(default=None, validator=check_optional_money)
    minimum: Money | None = attrs.field(default=None, validator=check_optional_money)
    maximum: Money | None = attrs.field(default=None, validator=check_optional_money)
    threshold: Threshold | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if self.threshold is not None and type(self.threshold) is not Threshold:
            raise InvalidTypeError(
                "threshold", self.threshold, "must be a Threshold or None", "see Threshold"
            )
        named = [("fixed", self.fixed), ("minimum", self.minimum), ("maximum", self.maximum)]
        if self.threshold is not None:
            named.append(("threshold.limit", self.threshold.limit))
        amounts = [(name, amount) for name, amount in named if amount is not None]
        for name, amount in amounts[1:]:
            if amount.currency != amounts[0][1].currency:
                raise CurrencyMismatchError(
                    "configure", amounts[0][1].currency, amount.currency, argument=name
                )
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

    def charge(
        self,
        base: Money,
        *,
        proceeds_to_date: Money | None = None,
        prior_year_proceeds: Money | None = None,
    ) -> FeeCharge:
        """Compute this fee on ``base`` (already the right basis: gross or net of tax).

        Args:
            base: The amount the percentage applies to.
            proceeds_to_date: The developer's proceeds so far this calendar year,
                required when the fee has a :class:`Threshold`.
            prior_year_proceeds: The developer's proceeds in the whole prior calendar
                year, required when the threshold's qualification is
                :attr:`Qualification.PRIOR_YEAR` (``Money.zero`` in a first year).

        Raises:
            CurrencyMismatchError: ``base`` is not in the currency of the fixed parts, or
                the proceeds are not in the threshold's.
            InvalidValueError: A threshold fee is charged without the proceeds it
                needs, or with negative proceeds.

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
        >>> small = attrs.evolve(apple, threshold=attrs.evolve(
        ...     apple.threshold, qualification=Qualification.PRIOR_YEAR))
        >>> small.charge(Money.parse("9.99", "USD"), proceeds_to_date=under,
        ...              prior_year_proceeds=Money.parse("1000000.01", "USD")).amount
        Money.parse('3.00', 'USD')
        """
        if type(base) is not Money:
            raise InvalidTypeError("base", base, "must be Money", "pass the fee's basis amount")
        if base.minor < 0:
            raise InvalidValueError("base", base, "must not be negative", "pass what was paid")
        own = self.currency
        if own is not None and own != base.currency:
            raise CurrencyMismatchError("charge", base.currency, own, argument="base")
        check_proceeds("proceeds_to_date", proceeds_to_date)
        check_proceeds("prior_year_proceeds", prior_year_proceeds)
        exact, rate, note = self._percentage(base, proceeds_to_date, prior_year_proceeds)
        return self._finish(base, exact, rate, note)

    def verify(self, charge: FeeCharge) -> None:
        """Refuse a ``charge`` this fee could not have produced on the charge's own base.

        The rate must be the fee's (or, with a threshold, between the rates below
        and above it), and the amounts must be what :meth:`charge` computes at
        that rate: a stored purchase cannot claim a smaller fee than it paid.

        Raises:
            InvalidValueError: The charge names another fee, or its figures differ.

        >>> card = Fee(name="card", kind=FeeKind.PROCESSOR, basis=FeeBasis.GROSS,
        ...            rounding=Rounding.HALF_UP, rate=Rate.parse("2.9%"))
        >>> charge = card.charge(Money.parse("9.99", "USD"))
        >>> card.verify(charge)
        >>> card.verify(attrs.evolve(charge, rate=Rate.ZERO, exact=ExactMoney.zero("USD"),
        ...                          amount=Money.zero("USD")))
        Traceback (most recent call last):
        ...
        giftflow.InvalidValueError: fees['card'] charges 0.00 USD on 9.99 USD ...
        """
        if type(charge) is not FeeCharge:
            raise InvalidTypeError("charge", charge, "must be a FeeCharge", "use Fee.charge")
        argument = f"fees[{self.name!r}]"
        shape = (self.name, self.kind, self.basis, self.rounding)
        if (charge.name, charge.kind, charge.basis, charge.rounding) != shape:
            raise InvalidValueError(
                argument,
                charge.name,
                f"is not charged as fee {self.name!r} ({self.kind.value}, {self.basis.value}, "
                f"{self.rounding.name})",
                "charge the storefront's fees in order, through checkout",
            )
        low = self.rate.value
        high = low if self.threshold is None else self.threshold.rate_above.value
        rate = charge.rate.value
        expected = self._finish(
            charge.base, charge.base.multiply_exact(charge.rate), charge.rate, ""
        )
        if not min(low, high) <= rate <= max(low, high) or (expected.exact, expected.amount) != (
            charge.exact,
            charge.amount,
        ):
            raise InvalidValueError(
                argument,
                charge.amount,
                f"charges {charge.amount} on {charge.base} at {charge.rate}, but the fee "
                f"charges {expected.amount} at {self.rate}"
                + ("" if self.threshold is None else f" to {self.threshold.rate_above}"),
                "take the breakdown from checkout",
            )

    def _finish(self, base: Money, exact: ExactMoney, rate: Rate, note: str) -> FeeCharge:
        # The percentage part is computed: add the fixed part, clamp, round once.
        if self.fixed is not None:
            exact = exact + self.fixed
        if self.minimum is not None and exact.minor < self.minimum.minor:
            exact, note = self.minimum.exact(), f"minimum {self.minimum}"
        if self.maximum is not None and exact.minor > self.maximum.minor:
            exact, note = self.maximum.exact(), f"maximum {self.maximum}"
        return FeeCharge._unchecked(
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
        self, base: Money, proceeds_to_date: Money | None, prior_year: Money | None
    ) -> tuple[ExactMoney, Rate, str]:
        threshold = self.threshold
        if threshold is None:
            return base.multiply_exact(self.rate), self.rate, ""
        low, high = self.rate, threshold.rate_above
        proceeds = self._proceeds("proceeds_to_date", proceeds_to_date, "so far this")
        headroom = threshold.limit.minor - proceeds.minor
        if threshold.qualification is Qualification.PRIOR_YEAR:
            prior = self._proceeds("prior_year_proceeds", prior_year, "in the whole prior")
            if prior.minor > threshold.limit.minor:
                # Not eligible this year: every purchase pays the rate above, with the
                # note of a year past the limit (one spelling for either cause).
                return base.multiply_exact(high), high, "above the yearly threshold"
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

    def _proceeds(self, argument: str, proceeds: Money | None, year: str) -> Money:
        # A threshold's proceeds: required, and in the limit's currency.
        assert self.threshold is not None
        limit = self.threshold.limit
        if type(proceeds) is not Money:
            extra = "" if argument == "proceeds_to_date" else " that qualifies by the prior year"
            raise InvalidValueError(
                argument,
                proceeds,
                f"is required: fee {self.name!r} has a yearly threshold{extra}",
                f"pass the proceeds {year} calendar year as Money (Money.zero(...) if none)",
            )
        if proceeds.currency != limit.currency:
            raise CurrencyMismatchError(
                "compare", proceeds.currency, limit.currency, argument=argument
            )
        return proceeds


def check_proceeds(argument: str, proceeds: Any) -> None:
    """Refuse yearly proceeds that are not Money or are negative (``None`` passes)."""
    if proceeds is None:
        return
    year = "so far this" if argument == "proceeds_to_date" else "in the whole prior"
    if type(proceeds) is not Money:
        raise InvalidTypeError(
            argument,
            proceeds,
            "must be Money or None",
            f"pass the proceeds {year} calendar year, e.g. Money.zero('USD')",
        )
    if proceeds.minor < 0:
        raise InvalidValueError(
            argument,
            proceeds,
            "must not be negative",
            f"pass the proceeds {year} calendar year (Money.zero(...) if none)",
        )
