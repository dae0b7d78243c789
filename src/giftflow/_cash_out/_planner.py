"""Cash out: a pure planner from a creator's diamonds to money in their bank.

The planner answers "how much will I receive, when, and why not more", exactly:
the value of the diamonds withdrawn is split into net pay, fees, withholding and
rounding residue with nothing created or lost, and every limit that stops or
shrinks a payout is reported as a :class:`PayoutReason` with its numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from giftflow._cash_out._plan import (
    Earning,
    PayoutFeeCharge,
    PayoutPlan,
    PayoutReason,
    PayoutReasonKind,
    PayoutRecord,
    check_records,
)
from giftflow._cash_out._policy import (
    PERIOD_SPANS,
    PERIOD_WORDS,
    Creator,
    Eligibility,
    FeeBearer,
    Limit,
    PayoutMethod,
    PayoutPolicy,
    show_limit,
)
from giftflow._cash_out._schedule import (
    counted_in_period,
    localize,
    period_reset,
    show_instant,
    supported,
)
from giftflow._cash_out._valuation import DiamondValuation, FxRates, convert_exact
from giftflow._coins_in._fees import FeeBasis
from giftflow._coins_in._rules import CapPeriod
from giftflow._values._currency import Currency
from giftflow._values._currency import resolve_currency as _resolve_currency
from giftflow._values._display import show_exact, show_money, show_units
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    MissingRateError,
)
from giftflow._values._money import ExactMoney, Money
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding
from giftflow._values._units import Diamonds

Lot = tuple[datetime, int]  # when diamonds were earned (UTC), and how many

__all__ = ["plan_payout"]


# -- planning ----------------------------------------------------------------------------------


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _require(argument: str, value: Any, kind: type, example: str) -> None:
    if type(value) is not kind:
        raise InvalidTypeError(
            argument, value, f"must be a {kind.__name__}", f"pass e.g. {example}"
        )


def _in_diamonds(limit: Limit, per: ExactMoney, *, ceiling: bool) -> int:
    """A limit in whole diamonds: the fewest worth at least it, or the most worth at most it."""
    if type(limit) is Diamonds:
        return limit.amount
    assert type(limit) is Money
    share = Fraction(limit.minor) / per.minor
    return math.ceil(share) if ceiling else math.floor(share)


def _unpaid(earned: list[Earning], previous: list[PayoutRecord], now: datetime) -> list[Lot]:
    """Earnings up to ``now`` less everything paid out, oldest earnings used up first."""
    # Sorted by instant, then size: the order the caller passed never matters.
    lots = sorted((_utc(e.at), e.diamonds.amount) for e in earned if _utc(e.at) <= _utc(now))
    spent = sum(record.diamonds.amount for record in previous)
    total = sum(amount for _, amount in lots)
    if spent > total:
        raise InvalidValueError(
            "payouts",
            Diamonds(spent),
            f"withdraw more diamonds than were earned by now ({total:,})",
            "pass every earning, and only payouts that were made or reserved",
        )
    unpaid: list[Lot] = []
    for at, amount in lots:
        used = min(spent, amount)
        spent -= used
        if amount > used:
            unpaid.append((at, amount - used))
    return unpaid


@attrs.frozen
class _Balance:
    payable: int
    held: int
    forfeited: int
    releases: tuple[Lot, ...]


def _sort_out(
    unpaid: list[Lot], policy: PayoutPolicy, creator: Creator, now: datetime, initiated: datetime
) -> _Balance:
    """Split unpaid diamonds into payable at ``initiated``, held, and forfeited by ``now``."""
    months = policy.eligibility.forfeit_after_months
    account = creator.payout_account_since
    zone, schedule = policy.zone, policy.schedule
    payable = held = forfeited = 0
    releases: list[Lot] = []
    for at, amount in unpaid:
        if months is not None:
            wall = at.astimezone(zone).replace(tzinfo=None) + relativedelta(months=months)
            deadline = _utc(localize(wall, zone))
            if deadline <= _utc(now) and (account is None or _utc(account) > deadline):
                forfeited += amount
                continue
        free = at + policy.hold
        due = schedule.matures_at(at)
        if due is not None and _utc(due) > free:
            free = _utc(due)
        if free <= _utc(initiated):
            payable += amount
        else:
            held += amount
            releases.append((free, amount))
    return _Balance(payable, held, forfeited, tuple(releases))


def _balance_reasons(balance: _Balance, policy: PayoutPolicy) -> list[PayoutReason]:
    names, zone = policy.names, policy.zone
    reasons = []
    if balance.forfeited:
        months = policy.eligibility.forfeit_after_months
        reasons.append(
            PayoutReason(
                kind=PayoutReasonKind.FORFEITED,
                diamonds=Diamonds(balance.forfeited),
                limit=months,
                message=f"{show_units(balance.forfeited, names)} forfeited: no payout account "
                f"was set up within {months} months of earning them",
            )
        )
    if balance.held:
        first, last = min(balance.releases), max(balance.releases)
        text = f"{show_units(balance.held, names)} held until {show_instant(first[0], zone)}"
        if first[0] != last[0]:
            text = (
                f"{show_units(balance.held, names)} held: the first "
                f"{show_units(first[1], names)} until {show_instant(first[0], zone)}, all by "
                f"{show_instant(last[0], zone)}"
            )
        reasons.append(
            PayoutReason(
                kind=PayoutReasonKind.HELD,
                diamonds=Diamonds(balance.held),
                until=first[0].astimezone(zone),
                blocking=balance.payable == 0,
                message=text,
            )
        )
    if not (balance.payable or balance.held or balance.forfeited):
        reasons.append(
            PayoutReason(
                kind=PayoutReasonKind.NOTHING_TO_PAY,
                blocking=True,
                message=f"no {names.diamonds} left to pay out",
            )
        )
    return reasons


def _eligibility_reasons(rules: Eligibility, creator: Creator, now: datetime) -> list[PayoutReason]:
    reasons = []
    if rules.age is not None:
        minimum = rules.age.minimum_for(creator.country)
        age = creator.age_at(now)
        if age is None:
            reasons.append(
                PayoutReason(
                    kind=PayoutReasonKind.AGE_UNKNOWN,
                    message=f"payouts need age {minimum} or older and the birth date is unknown",
                    limit=minimum,
                    blocking=True,
                )
            )
        elif age < minimum:
            assert creator.birth_date is not None
            birthday = creator.birth_date + relativedelta(years=minimum)
            reasons.append(
                PayoutReason(
                    kind=PayoutReasonKind.UNDER_AGE,
                    message=f"the creator is {age}; payouts need age {minimum} or older",
                    limit=minimum,
                    until=datetime.combine(birthday, datetime.min.time(), UTC),
                    blocking=True,
                )
            )
    problems = [
        (
            rules.countries is not None and creator.country not in rules.countries,
            PayoutReasonKind.COUNTRY,
            f"payouts are not offered in {creator.country}",
        ),
        (
            rules.good_standing and not creator.good_standing,
            PayoutReasonKind.STANDING,
            "the account is not in good standing",
        ),
        (
            rules.payout_account
            and (
                creator.payout_account_since is None
                or _utc(creator.payout_account_since) > _utc(now)
            ),
            PayoutReasonKind.NO_PAYOUT_ACCOUNT,
            "no payout account is set up",
        ),
    ]
    for applies, kind, message in problems:
        if applies:
            reasons.append(PayoutReason(kind=kind, message=message, blocking=True))
    return reasons


def _itself(moment: datetime) -> datetime:
    return moment


def _record_time(record: PayoutRecord) -> datetime:
    return record.at


def _withdrawal_reason(
    policy: PayoutPolicy, previous: list[PayoutRecord], initiated: datetime, count: int
) -> PayoutReason | None:
    limit, zone = policy.withdrawals, policy.zone
    if limit is None:
        return None
    made = counted_in_period([r.at for r in previous], limit.period, initiated, zone, _itself)
    if len(made) < limit.count:
        return None
    drop = len(made) - limit.count + 1
    reset = period_reset(made, limit.period, initiated, zone, drop=drop)
    noun = "withdrawal" if limit.count == 1 else "withdrawals"
    return PayoutReason(
        kind=PayoutReasonKind.WITHDRAWAL_LIMIT,
        diamonds=Diamonds(count),
        limit=limit.count,
        until=reset,
        blocking=True,
        message=f"{limit.count} {noun} per {PERIOD_SPANS[limit.period]} already made; "
        f"next from {show_instant(reset, zone)}",
    )


def _apply_caps(
    policy: PayoutPolicy,
    previous: list[PayoutRecord],
    initiated: datetime,
    per: ExactMoney,
    count: int,
) -> tuple[int, list[PayoutReason]]:
    """Lower ``count`` to what every cap allows, with a reason for each cap that bites."""
    names, zone = policy.names, policy.zone
    reasons = []
    for cap in policy.caps:
        counted: list[PayoutRecord] = []
        if cap.period is not CapPeriod.TRANSACTION:
            counted = counted_in_period(previous, cap.period, initiated, zone, _record_time)
        if type(cap.limit) is Money:
            used_money = Money.total((r.amount for r in counted), per.currency)
            left = Fraction(cap.limit.minor - used_money.minor)
            room = math.floor(left / per.minor)
            used = show_money(used_money)
        else:
            used_units = sum(r.diamonds.amount for r in counted)
            room = _in_diamonds(cap.limit, per, ceiling=False) - used_units
            used = show_units(used_units, names)
        room = max(room, 0)
        if count <= room:
            continue
        reset = None
        if cap.period is not CapPeriod.TRANSACTION:
            reset = period_reset([r.at for r in counted], cap.period, initiated, zone)
        label = f"{PERIOD_WORDS[cap.period]} cap of {show_limit(cap.limit, names)}"
        rolling = cap.period in (CapPeriod.ROLLING_DAY, CapPeriod.ROLLING_WEEK)
        when = "" if reset is None else f"; {'frees up from' if rolling else 'resets'} "
        when += "" if reset is None else show_instant(reset, zone)
        if room == 0:
            text = f"{label} reached{when}"
        else:
            withdrawn = f"{used} already withdrawn, " if counted else ""
            text = f"{label}: {withdrawn}{show_units(count - room, names)} left for later{when}"
        reasons.append(
            PayoutReason(
                kind=PayoutReasonKind.CAP,
                diamonds=Diamonds(count - room),
                limit=cap.limit,
                until=reset,
                blocking=room == 0,
                message=text,
            )
        )
        count = room
    return count, reasons


def _minimum_reason(
    policy: PayoutPolicy, method: PayoutMethod, per: ExactMoney, count: int
) -> PayoutReason | None:
    minimum, limit = 0, None
    for candidate in (policy.minimum, method.minimum):
        if candidate is not None and _in_diamonds(candidate, per, ceiling=True) > minimum:
            minimum, limit = _in_diamonds(candidate, per, ceiling=True), candidate
    if limit is None or not 0 < count < minimum:
        return None
    names = policy.names
    shown = show_limit(limit, names)
    if type(limit) is Money:
        shown += f" = {show_units(minimum, names)}"
    worth = limit.minor if type(limit) is Money else minimum * per.minor  # the minimum's
    money_short = ExactMoney(worth - count * per.minor, per.currency)  # less the diamonds'
    short = f"{show_units(minimum - count, names)} ({show_exact(money_short)})"
    return PayoutReason(
        kind=PayoutReasonKind.BELOW_MINIMUM,
        diamonds=Diamonds(minimum - count),
        limit=limit,
        blocking=True,
        message=f"{short} short of the minimum ({shown})",
    )


def plan_payout(
    policy: PayoutPolicy,
    *,
    earnings: Iterable[Earning],
    payouts: Iterable[PayoutRecord],
    now: datetime,
    creator: Creator,
    method: str,
    payout_currency: Currency | str,
    valuation: DiamondValuation,
    rounding: Rounding,
    fx: FxRates | None = None,
    requested: Diamonds | None = None,
) -> PayoutPlan:
    """Plan a creator's payout at ``now``: how much, when, where the money goes, and why not more.

    A pure function: the same inputs give the same plan, whatever the order of
    ``earnings`` and ``payouts``. Earlier payouts use up the oldest earnings first,
    so no diamond is ever paid twice; earnings after ``now`` are ignored.

    Steps: earnings not yet paid out form the balance; those forfeited (no payout
    account within ``forfeit_after_months``) and those still held (``hold``, or
    not yet due under a Net-N schedule) are set aside; what remains is limited
    by ``requested``, by the number of withdrawals per period and by each cap
    (counting earlier payouts in the cap's period); then it must reach the
    minimum (the policy's or the method's, whichever is larger). Money limits
    compare with the exact value of the diamonds. The diamonds are valued at
    ``initiated_at`` and rounded once with ``rounding``; withholding and fees
    are taken from that; the net is converted into ``payout_currency`` at the
    rate in force at ``initiated_at``, rounded once with ``rounding``.

    Args:
        policy: The payout policy.
        earnings: The creator's diamond earnings.
        payouts: Payouts already made or reserved (their diamonds are spent).
        now: The time of the request (timezone-aware).
        creator: Who is paid (country, birth date, standing, account, tax form).
        method: The name of one of ``policy.methods``.
        payout_currency: The currency the creator receives.
        valuation: What a diamond is worth, effective from dates.
        rounding: How the value of the diamonds, and the conversion, are rounded.
        fx: Exchange rates; needed when ``payout_currency`` differs from the valuation's.
        requested: How many diamonds the creator asks for; ``None`` for all that can be paid.

    Returns:
        The :class:`PayoutPlan`; when nothing can be paid, ``plan.reasons`` say why.

    Raises:
        NaiveDatetimeError: ``now`` has no time zone.
        InvalidValueError: An unknown ``method``; ``payouts`` withdraw more diamonds
            than were earned; a non-positive ``requested``; a ``now`` so late that a
            date of the payout would pass year 9999.
        MissingRateError: No FX rate or diamond value in force at ``initiated_at``.
        CurrencyMismatchError: Money limits or records not in the valuation currency.

    >>> from datetime import date, datetime, timezone
    >>> from giftflow.presets import tiktok_payout_policy
    >>> now = datetime(2026, 12, 1, 14, tzinfo=timezone.utc)
    >>> plan = plan_payout(
    ...     tiktok_payout_policy(),
    ...     earnings=[Earning(at=datetime(2026, 11, 20, tzinfo=timezone.utc), diamonds=Diamonds(3001))],
    ...     payouts=[], now=now, method="paypal", payout_currency="USD",
    ...     creator=Creator(country="US", birth_date=date(1990, 1, 1),
    ...                     payout_account_since=datetime(2026, 1, 1, tzinfo=timezone.utc)),
    ...     valuation=DiamondValuation.of(ExactMoney.parse("0.005", "USD")),
    ...     rounding=Rounding.DOWN)
    >>> (plan.diamonds, plan.gross, plan.valuation_residue.minor, plan.paid)
    (Diamonds(3001), Money.parse('15.00', 'USD'), Fraction(1, 2), Money.parse('15.00', 'USD'))
    >>> plan.arrives_by.date()
    datetime.date(2026, 12, 16)
    """
    _require("policy", policy, PayoutPolicy, "tiktok_payout_policy()")
    supported("now", now)
    _require("creator", creator, Creator, "Creator(country='US')")
    _require("valuation", valuation, DiamondValuation, "DiamondValuation.of(...)")
    _require("rounding", rounding, Rounding, "Rounding.DOWN")
    if fx is not None:
        _require("fx", fx, FxRates, "FxRates((FxRate.of('USD', 'EUR', '0.92'),))")
    if requested is not None:
        _require("requested", requested, Diamonds, "Diamonds(2000)")
        if requested.amount <= 0:
            raise InvalidValueError(
                "requested", requested, "must be positive", "pass Diamonds(1) or more"
            )
    chosen = policy.method(method)
    target = _resolve_currency("payout_currency", payout_currency)
    earned = check_records("earnings", earnings, Earning)
    previous = check_records("payouts", payouts, PayoutRecord)

    try:
        initiated = policy.schedule.first_at_or_after(now)
        per = valuation.value_at(initiated)
        home = per.currency
        own = policy.currency
        if own is not None and own != home:
            raise CurrencyMismatchError("compare", own, home)
        for record in previous:
            if record.amount.currency != home:
                raise CurrencyMismatchError("add", record.amount.currency, home)

        balance = _sort_out(_unpaid(earned, previous, now), policy, creator, now, initiated)
        reasons = _balance_reasons(balance, policy)
        blocking = _eligibility_reasons(policy.eligibility, creator, now)
        reasons += blocking
        count = balance.payable
        if requested is not None and requested.amount > count:
            reasons.append(
                PayoutReason(
                    kind=PayoutReasonKind.REQUEST_EXCEEDS_BALANCE,
                    diamonds=Diamonds(requested.amount - count),
                    limit=Diamonds(count),
                    message=f"requested {show_units(requested, policy.names)}, "
                    f"{show_units(count, policy.names)} can be paid",
                )
            )
        elif requested is not None:
            count = requested.amount
        limited = _withdrawal_reason(policy, previous, initiated, count)
        if limited is not None:
            reasons.append(limited)
            count = 0
        count, capped = _apply_caps(policy, previous, initiated, per, count)
        reasons += capped
        short = _minimum_reason(policy, chosen, per, count)
        if short is not None:
            reasons.append(short)
        if blocking or short is not None:
            count = 0
        return _value(
            policy=policy,
            method=chosen,
            creator=creator,
            now=now,
            initiated=initiated,
            balance=balance,
            count=count,
            per=per,
            target=target,
            fx=fx,
            rounding=rounding,
            reasons=reasons,
        )

    except OverflowError:  # a date the plan needs (its run, a cap's period, arrival) > 9999
        raise InvalidValueError(
            "now",
            now,
            "is too near the end of the calendar: a date this payout needs is past year 9999",
            "plan with an earlier now",
        ) from None


def _value(
    *,
    policy: PayoutPolicy,
    method: PayoutMethod,
    creator: Creator,
    now: datetime,
    initiated: datetime,
    balance: _Balance,
    count: int,
    per: ExactMoney,
    target: Currency,
    fx: FxRates | None,
    rounding: Rounding,
    reasons: list[PayoutReason],
) -> PayoutPlan:
    """Value ``count`` diamonds and split the value into withholding, fees, net and residue."""
    home = per.currency
    gross_value = ExactMoney(per.minor * count, home)
    gross, valuation_residue = gross_value.round_with_remainder(rounding)
    rate = policy.withholding.rate_for(creator.country, creator.tax_form)
    withholding = gross.multiply(rate, policy.withholding.rounding)
    charges = []
    for payout_fee in method.fees if count else ():
        fee = payout_fee.fee
        base = gross - withholding if fee.basis is FeeBasis.NET_OF_TAX else gross
        charges.append(PayoutFeeCharge(charge=fee.charge(base), bearer=payout_fee.bearer))
    by_creator = [c.amount for c in charges if c.bearer is FeeBearer.CREATOR]
    by_platform = [c.amount for c in charges if c.bearer is FeeBearer.PLATFORM]
    creator_fees = Money.total(by_creator, home)
    net = gross - withholding - creator_fees
    if count and net.minor <= 0:
        reasons.append(
            PayoutReason(
                kind=PayoutReasonKind.FEES_EXCEED,
                diamonds=Diamonds(count),
                blocking=True,
                message=f"withholding and fees ({show_money(withholding + creator_fees)}) "
                f"leave nothing of {show_money(gross)}",
            )
        )
        return _value(
            policy=policy,
            method=method,
            creator=creator,
            now=now,
            initiated=initiated,
            balance=balance,
            count=0,
            per=per,
            target=target,
            fx=fx,
            rounding=rounding,
            reasons=reasons,
        )
    fx_rate: Rate | None = None
    paid, fx_residue = Money.zero(target), ExactMoney.zero(target)
    if count and target == home:
        fx_rate, paid = Rate.ONE, net
    elif count:
        if fx is None:
            raise MissingRateError(
                "fx",
                None,
                f"is needed to pay in {target.code}: diamonds are valued in {home.code}",
                f"pass fx=FxRates((FxRate.of({home.code!r}, {target.code!r}, '...'),))",
            )
        fx_rate = fx.rate(home, target, at=initiated)
        paid, fx_residue = convert_exact(net.exact(), fx_rate, target).round_with_remainder(
            rounding
        )
    return PayoutPlan(
        policy=policy.name,
        method=method.name,
        now=now,
        initiated_at=initiated,
        arrives_by=policy.schedule.arrival(initiated, method.transit_days) if count else None,
        balance=Diamonds(balance.payable + balance.held),
        held=Diamonds(balance.held),
        forfeited=Diamonds(balance.forfeited),
        diamonds=Diamonds(count),
        diamond_value=per,
        gross_value=gross_value,
        gross=gross,
        valuation_residue=valuation_residue,
        withholding_rate=rate,
        withholding=withholding,
        fees=tuple(charges),
        creator_fees=creator_fees,
        platform_fees=Money.total(by_platform, home),
        net=net,
        fx_rate=fx_rate,
        paid=paid,
        fx_residue=fx_residue,
        reasons=tuple(reasons),
    )
