"""Payout policies as data: methods and fees, withholding, eligibility, limits, schedule."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from giftflow._cash_out._schedule import PayoutSchedule
from giftflow._cash_out._withholding import WithholdingRule
from giftflow._coins_in._fees import Fee
from giftflow._coins_in._rules import AgeRule, CapPeriod
from giftflow._values._checks import (
    as_tuple,
    check_aware,
    check_country,
    check_instance,
    check_name,
    check_optional_aware,
    check_positive_count,
    upper,
    valid_country,
)
from giftflow._values._currency import Currency
from giftflow._values._display import show_money, show_units
from giftflow._values._errors import (
    Choice,
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    LimitConflictError,
    OverlapError,
)
from giftflow._values._money import Money
from giftflow._values._units import Diamonds, UnitNames

__all__ = [
    "Creator",
    "Eligibility",
    "FeeBearer",
    "PayoutCap",
    "PayoutFee",
    "PayoutMethod",
    "PayoutPolicy",
    "WithdrawalLimit",
]

Limit = Money | Diamonds

# -- formatting --------------------------------------------------------------------


def show_limit(limit: Limit, names: UnitNames) -> str:
    if isinstance(limit, Money):
        return show_money(limit)
    return show_units(limit, names)


PERIOD_WORDS = {
    CapPeriod.TRANSACTION: "per-withdrawal",
    CapPeriod.CALENDAR_DAY: "daily",
    CapPeriod.CALENDAR_WEEK: "weekly",
    CapPeriod.CALENDAR_MONTH: "monthly",
    CapPeriod.ROLLING_DAY: "24-hour",
    CapPeriod.ROLLING_WEEK: "7-day",
}
PERIOD_SPANS = {
    CapPeriod.CALENDAR_DAY: "calendar day",
    CapPeriod.CALENDAR_WEEK: "calendar week",
    CapPeriod.CALENDAR_MONTH: "calendar month",
    CapPeriod.ROLLING_DAY: "24 hours",
    CapPeriod.ROLLING_WEEK: "7 days",
}

# -- shared validators ---------------------------------------------------------------


def limit_units(limit: Limit) -> int:
    return limit.minor if type(limit) is Money else limit.amount  # type: ignore[union-attr]


def _check_limit(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) not in (Money, Diamonds):
        raise InvalidTypeError(
            attribute.name,
            value,
            "must be Money or Diamonds",
            "pass Money.parse('10', 'USD') or Diamonds(2000)",
        )
    if limit_units(value) <= 0:
        raise InvalidValueError(attribute.name, value, "must be positive", "pass 1 or more")


def _check_optional_limit(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _check_limit(instance, attribute, value)


def check_positive_diamonds(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Diamonds:
        raise InvalidTypeError(attribute.name, value, "must be Diamonds", "pass Diamonds(2000)")
    if value.amount <= 0:
        raise InvalidValueError(
            attribute.name, value, "must be positive", "pass Diamonds(1) or more"
        )


def _check_days(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or not 0 <= value <= 366:
        raise InvalidValueError(
            attribute.name, value, "must be an int number of days from 0 to 366", "pass e.g. 3"
        )


def money_currency(amounts: Iterable[Any]) -> Currency | None:
    found: Currency | None = None
    for amount in amounts:
        if type(amount) is not Money:
            continue
        if found is None:
            found = amount.currency
        elif amount.currency != found:
            raise CurrencyMismatchError("mix", found, amount.currency)
    return found


# -- methods and fees ----------------------------------------------------------------


class FeeBearer(Choice):
    """Who pays a payout fee.

    >>> FeeBearer.PLATFORM.value
    'platform'
    """

    CREATOR = "creator"
    """Deducted from what the creator receives."""
    PLATFORM = "platform"
    """Paid by the platform on top; the creator receives the full amount."""


def _check_payout_fee(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Fee:
        raise InvalidTypeError("fee", value, "must be a Fee", "see Fee")
    if value.threshold is not None:
        raise InvalidValueError(
            "fee",
            value,
            "has a yearly threshold, which payouts do not track",
            "use a Fee without threshold",
        )


@attrs.frozen(kw_only=True)
class PayoutFee:
    """A fee on a payout (bank, PayPal, wire), and who bears it.

    The :class:`Fee` gives the rate, fixed part, minimum, maximum and rounding. Its
    basis says what the percentage applies to: ``FeeBasis.GROSS`` is the value
    withdrawn, ``FeeBasis.NET_OF_TAX`` that value less withholding. Fixed parts
    must be in the currency diamonds are valued in.

    >>> paypal = PayoutFee(fee=Fee(name="paypal", kind=FeeKind.PROCESSOR, basis=FeeBasis.GROSS,
    ...                            rounding=Rounding.HALF_UP, rate=Rate.parse("2%"),
    ...                            maximum=Money.parse("1.00", "USD")))
    >>> paypal.bearer
    <FeeBearer.CREATOR: 'creator'>
    """

    fee: Fee = attrs.field(validator=_check_payout_fee)
    bearer: FeeBearer = attrs.field(
        default=FeeBearer.CREATOR, validator=check_instance(FeeBearer, "FeeBearer.CREATOR")
    )


def _check_payout_fees(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(fee) is PayoutFee for fee in value):
        raise InvalidTypeError(
            "fees", value, "must be a tuple of PayoutFee", "pass (PayoutFee(...),)"
        )


def _payout_fees(value: Iterable[PayoutFee]) -> tuple[PayoutFee, ...]:
    return as_tuple(value)


@attrs.frozen(kw_only=True)
class PayoutMethod:
    """A way to receive money (bank, PayPal, wire): its fees, own minimum and transit time.

    Attributes:
        name: A label, unique within a policy ("paypal").
        fees: The fees charged on each payout by this method.
        minimum: A minimum of this method, above the policy's (Twitch: $100 by wire).
        transit_days: Calendar days the method adds after the platform's processing.

    >>> wire = PayoutMethod(name="wire", minimum=Money.parse("100", "USD"))
    >>> wire.minimum
    Money.parse('100.00', 'USD')
    """

    name: str = attrs.field(validator=check_name)
    fees: tuple[PayoutFee, ...] = attrs.field(
        default=(), converter=_payout_fees, validator=_check_payout_fees
    )
    minimum: Limit | None = attrs.field(default=None, validator=_check_optional_limit)
    transit_days: int = attrs.field(default=0, validator=_check_days)

    def __attrs_post_init__(self) -> None:
        amounts: list[Any] = [self.minimum]
        for payout_fee in self.fees:
            fee = payout_fee.fee
            amounts += [fee.fixed, fee.minimum, fee.maximum]
        money_currency(amounts)


# -- eligibility and the creator ---------------------------------------------------------


def _countries(value: Iterable[str] | None) -> Any:
    if isinstance(value, list | set | frozenset | tuple):
        return tuple(sorted({v.upper() if isinstance(v, str) else v for v in value}))
    return value


def _check_countries(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, tuple) or not value:
        raise InvalidTypeError(
            "countries", value, "must be None or a non-empty set of country codes", "pass {'US'}"
        )
    for code in value:
        valid_country("countries", code)


def _check_optional_age(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and type(value) is not AgeRule:
        raise InvalidTypeError("age", value, "must be an AgeRule or None", "pass AgeRule(years=18)")


def _check_months(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (type(value) is not int or not 1 <= value <= 120):
        raise InvalidValueError(
            attribute.name, value, "must be None or an int from 1 to 120 months", "pass e.g. 6"
        )


@attrs.frozen(kw_only=True)
class Eligibility:
    """Who may be paid: age, country, standing, a payout account; when earnings are forfeited.

    Attributes:
        age: A minimum age (per country), or ``None``.
        countries: Countries where payouts are offered, or ``None`` for everywhere.
        good_standing: Whether the account must be in good standing.
        payout_account: Whether a payout account must be set up.
        forfeit_after_months: Earnings are forfeited when no payout account was set up
            within this many months of earning them (Instagram: 6), or ``None``.

    >>> rules = Eligibility(age=AgeRule(years=18), countries={"us", "GB"},
    ...                     forfeit_after_months=6)
    >>> rules.countries
    ('GB', 'US')
    """

    age: AgeRule | None = attrs.field(default=None, validator=_check_optional_age)
    countries: tuple[str, ...] | None = attrs.field(
        default=None, converter=_countries, validator=_check_countries
    )
    good_standing: bool = attrs.field(default=True, validator=check_instance(bool, "True"))
    payout_account: bool = attrs.field(default=True, validator=check_instance(bool, "True"))
    forfeit_after_months: int | None = attrs.field(default=None, validator=_check_months)


def _check_optional_date(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (type(value) is not date):
        raise InvalidTypeError(
            attribute.name, value, "must be a date or None", "pass date(2000, 1, 1)"
        )


def _check_optional_form(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidValueError(
            attribute.name, value, "must be None or a non-empty str", "pass e.g. 'W-8BEN'"
        )


@attrs.frozen(kw_only=True)
class Creator:
    """The creator being paid, as eligibility and withholding need to know them.

    Attributes:
        country: Where the creator lives (ISO 3166-1 alpha-2).
        birth_date: Needed when the policy has a minimum age.
        good_standing: Whether the account is in good standing.
        payout_account_since: When a payout account was set up, or ``None``.
        tax_form: The tax form the creator filed ("W-9", "W-8BEN"), or ``None``.

    >>> from datetime import date, datetime, timezone
    >>> ana = Creator(country="us", birth_date=date(1999, 5, 1),
    ...               payout_account_since=datetime(2026, 1, 5, tzinfo=timezone.utc))
    >>> ana.country, ana.age_at(datetime(2026, 11, 24, tzinfo=timezone.utc))
    ('US', 27)
    """

    country: str = attrs.field(converter=upper, validator=check_country)
    birth_date: date | None = attrs.field(default=None, validator=_check_optional_date)
    good_standing: bool = attrs.field(default=True, validator=check_instance(bool, "True"))
    payout_account_since: datetime | None = attrs.field(
        default=None, validator=check_optional_aware
    )
    tax_form: str | None = attrs.field(default=None, validator=_check_optional_form)

    def age_at(self, now: datetime) -> int | None:
        """Age in whole years on ``now``'s date, or ``None`` without a birth date."""
        check_aware("now", now)
        if self.birth_date is None:
            return None
        return relativedelta(now.date(), self.birth_date).years


# -- limits and the policy ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PayoutCap:
    """A maximum withdrawn per period, in money (value withdrawn) or in diamonds.

    Calendar periods are taken in the policy's schedule zone; rolling ones end at
    the payout. ``CapPeriod.TRANSACTION`` caps each withdrawal on its own.

    >>> PayoutCap(limit=Money.parse("1000", "USD"), period=CapPeriod.CALENDAR_DAY).limit
    Money.parse('1000.00', 'USD')
    """

    limit: Limit = attrs.field(validator=_check_limit)
    period: CapPeriod = attrs.field(validator=check_instance(CapPeriod, "CapPeriod.CALENDAR_DAY"))


def _check_period_span(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_instance(CapPeriod, "CapPeriod.ROLLING_WEEK")(instance, attribute, value)
    if value is CapPeriod.TRANSACTION:
        raise InvalidValueError(
            "period", value, "must be a span of time", "pass e.g. CapPeriod.ROLLING_WEEK"
        )


@attrs.frozen(kw_only=True)
class WithdrawalLimit:
    """At most ``count`` withdrawals per ``period`` (Bigo: one per 7 days).

    >>> WithdrawalLimit(count=1, period=CapPeriod.ROLLING_WEEK).count
    1
    """

    count: int = attrs.field(validator=check_positive_count("pass 1"))
    period: CapPeriod = attrs.field(validator=_check_period_span)


def _check_methods(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not value or not all(type(m) is PayoutMethod for m in value):
        raise InvalidTypeError(
            "methods",
            value,
            "must be a non-empty tuple of PayoutMethod",
            "pass (PayoutMethod(name='bank'),)",
        )
    names = [method.name for method in value]
    for name in names:
        if names.count(name) > 1:
            raise OverlapError("methods", name, "names a method twice", "give each its own name")


def _check_caps(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(cap) is PayoutCap for cap in value):
        raise InvalidTypeError("caps", value, "must be a tuple of PayoutCap", "pass (cap,)")


def _check_hold(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, timedelta):
        raise InvalidTypeError("hold", value, "must be a timedelta", "pass timedelta(hours=48)")
    if value < timedelta(0):
        raise InvalidValueError("hold", value, "must not be negative", "pass timedelta(0)")


def _check_optional_withdrawals(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and type(value) is not WithdrawalLimit:
        raise InvalidTypeError(
            "withdrawals", value, "must be a WithdrawalLimit or None", "see WithdrawalLimit"
        )


def _methods(value: Iterable[PayoutMethod]) -> tuple[PayoutMethod, ...]:
    return as_tuple(value)


def _caps(value: Iterable[PayoutCap]) -> tuple[PayoutCap, ...]:
    return as_tuple(value)


@attrs.frozen(kw_only=True)
class PayoutPolicy:
    """Everything a platform configures about cash out, as one immutable value.

    Money limits (minimum, caps, methods' minimums and fees) must share one
    currency, the one diamonds are valued in. A minimum above a cap of the same
    unit is refused with :class:`LimitConflictError`: nothing could ever be paid.

    Attributes:
        name: A label ("tiktok").
        schedule: When payouts run, the zone of calendar periods, processing time.
        methods: The ways to be paid.
        minimum: The minimum withdrawal (value or diamonds), or ``None``.
        caps: Maximums per withdrawal, day, week or month.
        withdrawals: At most so many withdrawals per period, or ``None``.
        hold: New earnings are unavailable for this long (Bigo: 48 hours).
        withholding: Tax withheld.
        eligibility: Who may be paid; forfeiture of unclaimed earnings.
        names: What the platform calls diamonds (Beans, Bits, Stars).

    >>> policy = PayoutPolicy(name="demo", schedule=PayoutSchedule.on_demand(),
    ...                       methods=(PayoutMethod(name="bank"),),
    ...                       minimum=Money.parse("10", "USD"),
    ...                       caps=(PayoutCap(limit=Money.parse("1000", "USD"),
    ...                                       period=CapPeriod.CALENDAR_DAY),))
    >>> policy.currency, policy.method("bank").name
    (currency('USD'), 'bank')
    """

    name: str = attrs.field(validator=check_name)
    schedule: PayoutSchedule = attrs.field(
        validator=check_instance(PayoutSchedule, "PayoutSchedule.on_demand()")
    )
    methods: tuple[PayoutMethod, ...] = attrs.field(converter=_methods, validator=_check_methods)
    minimum: Limit | None = attrs.field(default=None, validator=_check_optional_limit)
    caps: tuple[PayoutCap, ...] = attrs.field(default=(), converter=_caps, validator=_check_caps)
    withdrawals: WithdrawalLimit | None = attrs.field(
        default=None, validator=_check_optional_withdrawals
    )
    hold: timedelta = attrs.field(default=timedelta(0), validator=_check_hold)
    withholding: WithholdingRule = attrs.field(
        factory=WithholdingRule.none,
        validator=check_instance(WithholdingRule, "WithholdingRule.none()"),
    )
    eligibility: Eligibility = attrs.field(
        factory=Eligibility, validator=check_instance(Eligibility, "Eligibility()")
    )
    names: UnitNames = attrs.field(
        factory=UnitNames, validator=check_instance(UnitNames, "UnitNames()")
    )

    def __attrs_post_init__(self) -> None:
        money_currency(self._amounts())
        minimums = [("minimum", self.minimum)] + [
            (f"methods[{m.name!r}].minimum", m.minimum) for m in self.methods
        ]
        for argument, minimum in minimums:
            if minimum is None:
                continue
            for cap in self.caps:
                if type(cap.limit) is type(minimum) and limit_units(minimum) > limit_units(
                    cap.limit
                ):
                    raise LimitConflictError(
                        argument,
                        minimum,
                        f"exceeds the {PERIOD_WORDS[cap.period]} cap of "
                        f"{show_limit(cap.limit, self.names)}, so nothing could ever be paid out",
                        "lower the minimum or raise the cap",
                    )

    @property
    def currency(self) -> Currency | None:
        """The currency of the policy's money limits and fees, if it has any."""
        return money_currency(self._amounts())

    def _amounts(self) -> list[Any]:
        # Every amount of money the policy holds, None for those left out.
        amounts: list[Any] = [self.minimum, *(cap.limit for cap in self.caps)]
        for method in self.methods:
            amounts.append(method.minimum)
            for payout_fee in method.fees:
                amounts += [payout_fee.fee.fixed, payout_fee.fee.minimum, payout_fee.fee.maximum]
        return amounts

    @property
    def zone(self) -> tzinfo:
        """The time zone of the schedule and of calendar periods."""
        return self.schedule.zone

    def method(self, name: str) -> PayoutMethod:
        """The payout method called ``name``.

        Raises:
            InvalidValueError: The policy has no such method.
        """
        for method in self.methods:
            if method.name == name:
                return method
        known = ", ".join(repr(m.name) for m in self.methods)
        raise InvalidValueError("method", name, "is not a method of this policy", f"pick {known}")
