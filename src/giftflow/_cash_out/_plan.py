"""The values of cash out: earnings and payout records in, plans with reasons and legs out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs

from giftflow._cash_out._policy import FeeBearer, check_positive_diamonds
from giftflow._cash_out._tables import plan_fields, plan_html, plan_records
from giftflow._cash_out._valuation import convert_exact
from giftflow._coins_in._fees import FeeCharge
from giftflow._values._checks import check_aware, check_aware_field, check_instance, check_name
from giftflow._values._currency import Currency
from giftflow._values._errors import (
    Choice,
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
)
from giftflow._values._money import ExactMoney, Money, check_optional_money
from giftflow._values._rate import Rate
from giftflow._values._refusals import PayoutRefusedError
from giftflow._values._tables import text_fields
from giftflow._values._units import Diamonds

__all__ = [
    "Earning",
    "PayoutFeeCharge",
    "PayoutLeg",
    "PayoutLegKind",
    "PayoutPlan",
    "PayoutReason",
    "PayoutReasonKind",
    "PayoutRecord",
    "check_records",
    "same_currency",
]


def _typed(kind: type) -> Any:
    return check_instance(kind, f"a {kind.__name__}")


def _check_optional(*kinds: type) -> Any:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and type(value) not in kinds:
            names = " or ".join(kind.__name__ for kind in kinds)
            raise InvalidTypeError(attribute.name, value, f"must be {names} or None", "")
        if isinstance(value, datetime):
            check_aware(attribute.name, value)

    return validate


def check_records(argument: str, values: Any, kind: type) -> list[Any]:
    """``values`` as a list, refusing anything but an iterable of exactly ``kind``."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError(
            argument, values, f"must be an iterable of {kind.__name__}", "pass a list"
        )
    items = list(values)
    for item in items:
        if type(item) is not kind:
            raise InvalidTypeError(
                argument, item, f"must hold only {kind.__name__}", f"build each as {kind.__name__}"
            )
    return items


def same_currency(argument: str, amount: Money | ExactMoney, home: Currency) -> None:
    """Raise :class:`CurrencyMismatchError` naming ``argument`` unless ``amount`` is in ``home``."""
    if amount.currency != home:
        raise CurrencyMismatchError(f"mix {argument} in", amount.currency, home)


def _tuple_of(kind: type) -> Any:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple) or not all(type(item) is kind for item in value):
            raise InvalidTypeError(
                attribute.name, value, f"must be a tuple of {kind.__name__}", "wrap in a tuple"
            )

    return validate


@attrs.frozen(kw_only=True)
class PayoutFeeCharge:
    """One payout fee as charged: the fee's own breakdown and who bears it.

    >>> from giftflow import FeeKind
    >>> wire = Fee(name="wire", kind=FeeKind.PROCESSOR, basis=FeeBasis.GROSS,
    ...            rounding=Rounding.HALF_UP, fixed=Money.parse("15", "USD"))
    >>> charge = PayoutFeeCharge(charge=wire.charge(Money.parse("100", "USD")),
    ...                          bearer=FeeBearer.PLATFORM)
    >>> charge.name, charge.amount
    ('wire', Money.parse('15.00', 'USD'))
    """

    charge: FeeCharge = attrs.field(validator=_typed(FeeCharge))
    bearer: FeeBearer = attrs.field(validator=_typed(FeeBearer))

    @property
    def name(self) -> str:
        """The fee's name."""
        return self.charge.name

    @property
    def amount(self) -> Money:
        """The fee, rounded."""
        return self.charge.amount


# -- history ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Earning:
    """Diamonds a creator earned at a moment (from the ledger, or passed in).

    >>> from datetime import datetime, timezone
    >>> Earning(at=datetime(2026, 11, 1, tzinfo=timezone.utc), diamonds=Diamonds(500)).diamonds
    Diamonds(500)
    """

    at: datetime = attrs.field(validator=check_aware_field)
    diamonds: Diamonds = attrs.field(validator=check_positive_diamonds)


@attrs.frozen(kw_only=True)
class PayoutRecord:
    """A payout already made or reserved: when, how many diamonds, and their value.

    ``amount`` is the gross value withdrawn, in the valuation currency; it counts
    toward money caps. ``fees`` (borne by the creator), ``withheld`` and ``paid``
    (net, in the payout currency) are for statements; ``None`` means unknown or
    zero. A failed payout that returned its diamonds is not a record.

    >>> from datetime import datetime, timezone
    >>> PayoutRecord(at=datetime(2026, 11, 2, tzinfo=timezone.utc), diamonds=Diamonds(2000),
    ...              amount=Money.parse("10", "USD")).amount
    Money.parse('10.00', 'USD')
    """

    at: datetime = attrs.field(validator=check_aware_field)
    diamonds: Diamonds = attrs.field(validator=check_positive_diamonds)
    amount: Money = attrs.field(validator=check_instance(Money, "Money.parse('10', 'USD')"))
    fees: Money | None = attrs.field(default=None, validator=check_optional_money)
    withheld: Money | None = attrs.field(default=None, validator=check_optional_money)
    paid: Money | None = attrs.field(default=None, validator=check_optional_money)

    def __attrs_post_init__(self) -> None:
        if self.amount.minor < 0:
            raise InvalidValueError("amount", self.amount, "must not be negative", "pass 0 or more")
        for name in ("fees", "withheld"):
            part = getattr(self, name)
            if part is None:
                continue
            same_currency(name, part, self.amount.currency)
            if part.minor < 0:
                raise InvalidValueError(name, part, "must not be negative", "pass 0 or more")
        if self.paid is not None and self.paid.minor < 0:
            raise InvalidValueError("paid", self.paid, "must not be negative", "pass 0 or more")


# -- reasons and plans -------------------------------------------------------------------------


class PayoutReasonKind(Choice):
    """Why a payout is smaller than the balance, or nothing.

    >>> PayoutReasonKind.BELOW_MINIMUM.value
    'below_minimum'
    """

    NOTHING_TO_PAY = "nothing_to_pay"
    """No diamonds are left that were not paid out already."""
    BELOW_MINIMUM = "below_minimum"
    """What could be paid is below the minimum withdrawal."""
    HELD = "held"
    """Diamonds still in a holding period, or not yet due under a Net-N schedule."""
    CAP = "cap"
    """A maximum per withdrawal or period limits the payout."""
    WITHDRAWAL_LIMIT = "withdrawal_limit"
    """The withdrawals allowed in the period were already made."""
    UNDER_AGE = "under_age"
    """The creator is younger than the minimum age."""
    AGE_UNKNOWN = "age_unknown"
    """A minimum age applies but the creator's birth date is unknown."""
    COUNTRY = "country"
    """Payouts are not offered in the creator's country."""
    STANDING = "standing"
    """The account is not in good standing."""
    NO_PAYOUT_ACCOUNT = "no_payout_account"
    """No payout account is set up."""
    FORFEITED = "forfeited"
    """Unclaimed earnings were forfeited."""
    FEES_EXCEED = "fees_exceed"
    """Fees and withholding would take the whole amount."""
    REQUEST_EXCEEDS_BALANCE = "request_exceeds_balance"
    """The creator asked for more than can be paid."""


@attrs.frozen(kw_only=True)
class PayoutReason:
    """One reason a payout is smaller than the balance, or nothing; ``str()`` reads it out.

    Attributes:
        kind: What kind of reason.
        message: The human sentence, e.g. ``"2,000 diamonds (10.00 USD) short of the minimum"``.
        diamonds: The diamonds concerned (short, held, left over by a cap, forfeited).
        limit: The limit involved (a minimum, a cap, a count, an age), if any.
        until: When the reason lifts (release of a hold, reset of a cap), if known.
        blocking: Whether the reason alone stops the whole payout.

    >>> reason = PayoutReason(kind=PayoutReasonKind.BELOW_MINIMUM, diamonds=Diamonds(2000),
    ...                       limit=Diamonds(2000), blocking=True,
    ...                       message="2,000 diamonds short of the minimum of 2,000 diamonds")
    >>> print(reason)
    2,000 diamonds short of the minimum of 2,000 diamonds
    """

    kind: PayoutReasonKind = attrs.field(validator=_typed(PayoutReasonKind))
    message: str = attrs.field(validator=_typed(str))
    diamonds: Diamonds = attrs.field(factory=lambda: Diamonds(0), validator=_typed(Diamonds))
    limit: Money | Diamonds | int | None = attrs.field(
        default=None, validator=_check_optional(Money, Diamonds, int)
    )
    until: datetime | None = attrs.field(default=None, validator=_check_optional(datetime))
    blocking: bool = attrs.field(default=False, validator=_typed(bool))

    def __str__(self) -> str:
        return self.message


class PayoutLegKind(Choice):
    """What a money leg of a payout is, for posting it to a ledger.

    >>> PayoutLegKind.NET.value
    'net'
    """

    NET = "net"
    """Paid to the creator (before any currency conversion)."""
    WITHHOLDING = "withholding"
    """Withheld for tax; owed to a tax authority."""
    CREATOR_FEE = "creator_fee"
    """A fee deducted from the creator's payout; owed to the processor."""
    PLATFORM_FEE = "platform_fee"
    """A fee the platform pays on top; not part of the value withdrawn."""


@attrs.frozen(kw_only=True)
class PayoutLeg:
    """One money leg of a payout, in the valuation currency.

    >>> print(PayoutLeg(kind=PayoutLegKind.NET, name="creator", amount=Money.parse("9.80", "USD")))
    net creator: 9.80 USD
    """

    kind: PayoutLegKind = attrs.field(validator=_typed(PayoutLegKind))
    name: str = attrs.field(validator=check_name)
    amount: Money = attrs.field(validator=_typed(Money))

    @amount.validator
    def _check_amount(self, attribute: Any, value: Money) -> None:
        if value.minor < 0:
            raise InvalidValueError(
                "amount", value, "must not be negative", "a leg moves money one way: pass 0 or more"
            )

    def __str__(self) -> str:
        return f"{self.kind.value} {self.name}: {self.amount}"


@attrs.frozen(kw_only=True)
class PayoutPlan:
    """The outcome of planning a payout: what is withdrawn, where its value goes, and why.

    All money before ``paid`` is in the valuation currency ``gross.currency``. The
    value of the diamonds withdrawn splits exactly:
    ``gross_value == net + creator_fees + withholding + valuation_residue``, and the
    conversion of ``net`` at ``fx_rate`` is exactly ``paid + fx_residue``.
    Platform-borne fees are paid on top and are not part of the value withdrawn.

    For a ledger: reserve ``diamonds`` from the creator's balance; post the
    :attr:`legs` (which add up to ``gross``); book the two residues to a rounding
    account; ``forfeited`` diamonds go to breakage. Nothing here is stateful: the
    same inputs always give the same plan. ``to_records()`` gives the legs as plain
    records, ``_repr_html_()`` the plan and its legs for notebooks.

    Attributes:
        policy: The policy's name.
        method: The payout method's name.
        now: When the plan was made.
        initiated_at: When the payout is initiated (``now`` on demand, else the next run).
        arrives_by: The latest arrival, or ``None`` when nothing is paid.
        balance: Diamonds earned by ``now``, not paid out and not forfeited.
        held: Diamonds of the balance still held (or not yet due).
        forfeited: Diamonds forfeited (unclaimed too long).
        diamonds: Diamonds withdrawn by this payout (to reserve).
        diamond_value: The value of one diamond at ``initiated_at``.
        gross_value: The exact value of ``diamonds``.
        gross: ``gross_value`` rounded with the plan's rounding mode.
        valuation_residue: ``gross_value - gross``.
        withholding_rate: The share withheld.
        withholding: Tax withheld.
        fees: Each fee charged, with who bears it.
        creator_fees: Fees deducted from the payout.
        platform_fees: Fees the platform pays on top.
        net: ``gross - withholding - creator_fees``.
        fx_rate: The rate from the valuation currency to the payout currency, or
            ``None`` when nothing was converted.
        paid: What the creator receives, in the payout currency.
        fx_residue: What conversion rounding left over, in the payout currency.
        reasons: Why the payout is less than the balance, or nothing.

    >>> from datetime import datetime, timezone
    >>> from giftflow import FeeKind
    >>> utc = timezone.utc
    >>> paypal = PayoutMethod(name="paypal", fees=(PayoutFee(fee=Fee(
    ...     name="paypal", kind=FeeKind.PROCESSOR, basis=FeeBasis.NET_OF_TAX,
    ...     rounding=Rounding.HALF_UP, rate=Rate.parse("2%"), maximum=Money.parse("20", "USD"))),))
    >>> policy = PayoutPolicy(
    ...     name="demo", schedule=PayoutSchedule.on_demand(processing_days=3), methods=(paypal,),
    ...     minimum=Money.parse("10", "USD"),
    ...     withholding=WithholdingRule(rounding=Rounding.HALF_UP, by_country={"DE": Rate.parse("15%")}))
    >>> plan = plan_payout(
    ...     policy, earnings=[Earning(at=datetime(2026, 11, 2, tzinfo=utc), diamonds=Diamonds(4001))],
    ...     payouts=[], now=datetime(2026, 11, 24, 9, 30, tzinfo=utc), method="paypal",
    ...     creator=Creator(country="DE", payout_account_since=datetime(2026, 1, 1, tzinfo=utc)),
    ...     valuation=DiamondValuation.of(ExactMoney.parse("0.005", "USD")),
    ...     payout_currency="EUR", fx=FxRates((FxRate.of("USD", "EUR", "0.9250"),)),
    ...     rounding=Rounding.DOWN)
    >>> print(plan)
    initiated                 2026-11-24 09:30 UTC
    diamonds                  4,001 of 4,001
    gross value               20.005 USD
    gross                     20.00 USD
    withholding (15%)         3.00 USD
    fee paypal (creator)      0.34 USD
    net                       16.66 USD
    paid (1 USD = 0.925 EUR)  15.41 EUR
    arrives by                2026-11-27 09:30 UTC
    >>> [str(leg) for leg in plan.legs]
    ['net creator: 16.66 USD', 'withholding tax: 3.00 USD', 'creator_fee paypal: 0.34 USD']
    >>> (str(plan.valuation_residue), str(plan.fx_residue))
    ('0.005 USD', '0.0005 EUR')
    >>> plan.gross_value == plan.paid_value + plan.creator_fees + plan.withholding + plan.residue
    True
    """

    policy: str = attrs.field(validator=_typed(str))
    method: str = attrs.field(validator=_typed(str))
    now: datetime = attrs.field(validator=check_aware_field)
    initiated_at: datetime = attrs.field(validator=check_aware_field)
    arrives_by: datetime | None = attrs.field(validator=_check_optional(datetime))
    balance: Diamonds = attrs.field(validator=_typed(Diamonds))
    held: Diamonds = attrs.field(validator=_typed(Diamonds))
    forfeited: Diamonds = attrs.field(validator=_typed(Diamonds))
    diamonds: Diamonds = attrs.field(validator=_typed(Diamonds))
    diamond_value: ExactMoney = attrs.field(validator=_typed(ExactMoney))
    gross_value: ExactMoney = attrs.field(validator=_typed(ExactMoney))
    gross: Money = attrs.field(validator=_typed(Money))
    valuation_residue: ExactMoney = attrs.field(validator=_typed(ExactMoney))
    withholding_rate: Rate = attrs.field(validator=_typed(Rate))
    withholding: Money = attrs.field(validator=_typed(Money))
    fees: tuple[PayoutFeeCharge, ...] = attrs.field(validator=_tuple_of(PayoutFeeCharge))
    creator_fees: Money = attrs.field(validator=_typed(Money))
    platform_fees: Money = attrs.field(validator=_typed(Money))
    net: Money = attrs.field(validator=_typed(Money))
    fx_rate: Rate | None = attrs.field(validator=_check_optional(Rate))
    paid: Money = attrs.field(validator=_typed(Money))
    fx_residue: ExactMoney = attrs.field(validator=_typed(ExactMoney))
    reasons: tuple[PayoutReason, ...] = attrs.field(validator=_tuple_of(PayoutReason))

    def __attrs_post_init__(self) -> None:
        _check_diamonds(self)
        _check_money(self)
        _check_paid(self)

    @property
    def pays(self) -> bool:
        """Whether anything is paid out."""
        return self.diamonds.amount > 0

    @property
    def carried(self) -> Diamonds:
        """Diamonds of the balance left for a later payout."""
        return self.balance - self.diamonds

    @property
    def legs(self) -> tuple[PayoutLeg, ...]:
        """The money legs, in the valuation currency; all but platform fees add up to ``gross``.

        Empty when nothing is paid.
        """
        if not self.pays:
            return ()
        legs = [PayoutLeg(kind=PayoutLegKind.NET, name="creator", amount=self.net)]
        if self.withholding.minor:
            legs.append(
                PayoutLeg(kind=PayoutLegKind.WITHHOLDING, name="tax", amount=self.withholding)
            )
        for fee in self.fees:
            kind = (
                PayoutLegKind.CREATOR_FEE
                if fee.bearer is FeeBearer.CREATOR
                else PayoutLegKind.PLATFORM_FEE
            )
            legs.append(PayoutLeg(kind=kind, name=fee.name, amount=fee.amount))
        return tuple(legs)

    @property
    def paid_value(self) -> ExactMoney:
        """``paid`` measured back in the valuation currency, exactly (``paid / fx_rate``)."""
        return self._back(self.paid)

    @property
    def fx_residue_value(self) -> ExactMoney:
        """``fx_residue`` measured back in the valuation currency, exactly."""
        return self._back(self.fx_residue)

    @property
    def residue(self) -> ExactMoney:
        """All rounding residue, in the valuation currency.

        ``gross_value == paid_value + creator_fees + withholding + residue``, exactly.
        """
        return self.valuation_residue + self.fx_residue_value

    def _back(self, amount: Money | ExactMoney) -> ExactMoney:
        exact = amount.exact() if isinstance(amount, Money) else amount
        home = self.gross.currency
        if exact.currency == home:
            return exact
        if self.fx_rate is None:  # nothing was converted: the amount is zero
            return ExactMoney.zero(home)
        return convert_exact(exact, Rate(1 / self.fx_rate.value), home)

    def record(self) -> PayoutRecord:
        """This payout as a :class:`PayoutRecord`, to pass to later plans and statements.

        Raises:
            PayoutRefusedError: The plan pays nothing.
        """
        self.raise_if_refused()
        return PayoutRecord(
            at=self.initiated_at,
            diamonds=self.diamonds,
            amount=self.gross,
            fees=self.creator_fees,
            withheld=self.withholding,
            paid=self.paid,
        )

    def raise_if_refused(self) -> None:
        """Raise :class:`~giftflow.PayoutRefusedError` with the reasons if nothing is paid."""
        if not self.pays:
            raise PayoutRefusedError(self.reasons)

    to_records = plan_records
    _repr_html_ = plan_html

    def __str__(self) -> str:
        return text_fields(plan_fields(self))


# -- a plan's own consistency: however it was made, it must add up -------------------------


def _refuse(argument: str, value: Any, problem: str) -> InvalidValueError:
    return InvalidValueError(
        argument, value, problem, "build plans with plan_payout, not by editing one"
    )


def _check_diamonds(plan: PayoutPlan) -> None:
    for name in ("balance", "held", "forfeited", "diamonds"):
        if getattr(plan, name).amount < 0:
            raise _refuse(name, getattr(plan, name), "must not be negative")
    if plan.held.amount > plan.balance.amount:
        raise _refuse("held", plan.held, f"must be at most the balance ({plan.balance.amount:,})")
    payable = plan.balance.amount - plan.held.amount
    if plan.diamonds.amount > payable:
        raise _refuse(
            "diamonds", plan.diamonds, f"must be at most the balance not held ({payable:,})"
        )
    if plan.initiated_at < plan.now:
        raise _refuse("initiated_at", plan.initiated_at, "must not be before now")
    if (plan.arrives_by is None) is plan.pays:
        raise _refuse("arrives_by", plan.arrives_by, "must be set exactly when the plan pays")
    if plan.arrives_by is not None and plan.arrives_by < plan.initiated_at:
        raise _refuse("arrives_by", plan.arrives_by, "must not be before initiated_at")
    if not plan.pays and not plan.reasons:
        raise _refuse("reasons", plan.reasons, "must say why a plan pays nothing")


def _check_money(plan: PayoutPlan) -> None:
    home = plan.diamond_value.currency
    named: list[tuple[str, Money | ExactMoney]] = [
        ("gross_value", plan.gross_value),
        ("gross", plan.gross),
        ("valuation_residue", plan.valuation_residue),
        ("withholding", plan.withholding),
        ("creator_fees", plan.creator_fees),
        ("platform_fees", plan.platform_fees),
        ("net", plan.net),
        *((f"fees[{i}]", fee.amount) for i, fee in enumerate(plan.fees)),
    ]
    for name, amount in named:
        same_currency(name, amount, home)
    for name, amount in named[3:]:
        if amount.minor < 0:
            raise _refuse(name, amount, "must not be negative")
    if plan.gross_value.minor != plan.diamond_value.minor * plan.diamonds.amount:
        raise _refuse(
            "gross_value", plan.gross_value, "must be diamond_value times diamonds, exactly"
        )
    if not -1 < plan.valuation_residue.minor < 1:
        raise _refuse(
            "valuation_residue", plan.valuation_residue, "must be less than one minor unit"
        )
    if plan.gross.minor + plan.valuation_residue.minor != plan.gross_value.minor:
        raise _refuse("gross", plan.gross, "must be gross_value less valuation_residue")
    if plan.withholding_rate.value > 1 or plan.withholding.minor > plan.gross.minor:
        raise _refuse("withholding", plan.withholding, "must be at most 100% of gross")
    for name, bearer in (
        ("creator_fees", FeeBearer.CREATOR),
        ("platform_fees", FeeBearer.PLATFORM),
    ):
        total = sum(fee.amount.minor for fee in plan.fees if fee.bearer is bearer)
        if getattr(plan, name).minor != total:
            raise _refuse(name, getattr(plan, name), f"must be the sum of those fees ({total})")
    if plan.net.minor != plan.gross.minor - plan.withholding.minor - plan.creator_fees.minor:
        raise _refuse("net", plan.net, "must be gross less withholding and creator_fees")
    if plan.pays and plan.net.minor <= 0:
        raise _refuse("net", plan.net, "must be positive when the plan pays")


def _check_paid(plan: PayoutPlan) -> None:
    target = plan.paid.currency
    same_currency("fx_residue", plan.fx_residue, target)
    if plan.paid.minor < 0:
        raise _refuse("paid", plan.paid, "must not be negative")
    if not plan.pays:
        if plan.fx_rate is not None or plan.paid.minor or plan.fx_residue.minor:
            raise _refuse("paid", plan.paid, "must be zero, with no fx_rate, when nothing is paid")
        return
    if plan.fx_rate is None:
        raise _refuse("fx_rate", plan.fx_rate, "must be set when the plan pays")
    if target == plan.gross.currency and plan.fx_rate.value != 1:
        raise _refuse("fx_rate", plan.fx_rate, "must be 1 when nothing is converted")
    if not -1 < plan.fx_residue.minor < 1:
        raise _refuse("fx_residue", plan.fx_residue, "must be less than one minor unit")
    converted = convert_exact(plan.net.exact(), plan.fx_rate, target)
    if plan.paid.minor + plan.fx_residue.minor != converted.minor:
        raise _refuse("paid", plan.paid, "must be net at fx_rate, less fx_residue")
