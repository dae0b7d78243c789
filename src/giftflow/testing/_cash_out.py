"""Strategies for what a platform sets up to pay creators: FX, valuations, schedules, policies.

FX rates and tables, diamond valuations, payout schedules, fees, methods,
withholding, eligibility, creators, caps, withdrawal limits and payout policies.
Amounts stay in USD by default and small enough that generated creators often
reach a policy's minimum, so plans pay something often.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import attrs
from hypothesis import strategies as st

from giftflow import (
    CapPeriod,
    Creator,
    Currency,
    Diamonds,
    DiamondValuation,
    Eligibility,
    ExactMoney,
    Fee,
    FeeBasis,
    FeeBearer,
    FeeKind,
    FxRate,
    FxRates,
    InvalidValueError,
    Money,
    PayoutCap,
    PayoutFee,
    PayoutMethod,
    PayoutPolicy,
    PayoutSchedule,
    Rate,
    WithdrawalLimit,
    WithholdingRule,
)
from giftflow.testing._base import (
    _countries,
    _labels,
    _payout_currency,
    _sampled,
    _utc,
    _zones,
    check_strategy,
)
from giftflow.testing._spending import age_rules
from giftflow.testing._values import roundings

_PAYOUT_START = datetime(2026, 1, 1, tzinfo=UTC)
# Diamond values seen in the presets: TikTok's $0.005, a cent (Bits, Stars), Bigo's $1/210.
_DIAMOND_VALUES = ("0.005", "0.01", "1/210")


# Strategies are made once per argument (functools.cache) and shared by the composites
# below: one built inside a composite is built, and validated, for every value drawn.


@functools.cache
def _payout_times(days: int = 400) -> st.SearchStrategy[datetime]:
    """Aware instants from 2026-01-01 over ``days`` days, to the minute, in any test zone."""
    return st.builds(
        lambda minutes, zone: (_PAYOUT_START + timedelta(minutes=minutes)).astimezone(zone),
        st.integers(0, days * 24 * 60),
        st.sampled_from(_zones()),
    )


def _fx_pair(source: Currency | str, target: Currency | str) -> tuple[Currency, Currency]:
    pair = _payout_currency(source), _payout_currency(target)
    if pair[0] == pair[1]:
        raise InvalidValueError(
            "target",
            target,
            f"must differ from source ({pair[0].code})",
            "pass another currency; a currency needs no rate to itself",
        )
    return pair


def fx_rates(
    source: Currency | str = "USD", target: Currency | str = "EUR"
) -> st.SearchStrategy[FxRate]:
    """Generate :class:`~giftflow.FxRate` from ``source`` to ``target``: positive, exact, dated.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> dated = find(fx_rates(), lambda rate: rate.effective is not None, settings=FIND_FIRST)
    >>> dated.source.code, dated.target.code, dated.effective.year, dated.rate.value > 0
    ('USD', 'EUR', 2026, True)
    """
    return _fx_rates(*_fx_pair(source, target))


@functools.cache
def _fx_rates(source: Currency, target: Currency) -> st.SearchStrategy[FxRate]:
    return st.builds(
        FxRate,
        source=st.just(source),
        target=st.just(target),
        rate=st.builds(Rate.ratio, st.integers(1, 10**6), st.integers(1, 10**4)),
        effective=st.none() | _payout_times(days=60),
    )


def fx_rate_tables(
    source: Currency | str = "USD", target: Currency | str = "EUR"
) -> st.SearchStrategy[FxRates]:
    """Generate :class:`~giftflow.FxRates` holding one to three dated rates for one pair.

    Dates are distinct, and one rate is always in force from the start of time.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> table = find(fx_rate_tables(), lambda table: True, settings=FIND_FIRST)
    >>> table.rates[0].effective is None and 1 <= len(table.rates) <= 3
    True
    """
    return _fx_rate_tables(*_fx_pair(source, target))


@functools.cache
def _fx_rate_tables(source: Currency, target: Currency) -> st.SearchStrategy[FxRates]:
    return _fx_rate_table(source, target)


def diamond_valuations(currency: Currency | str = "USD") -> st.SearchStrategy[DiamondValuation]:
    """Generate :class:`~giftflow.DiamondValuation`: one to three values effective from dates.

    The first value is in force since forever, so every instant has a value.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> valuation = find(diamond_valuations(), lambda v: True, settings=FIND_FIRST)
    >>> valuation.values[0][0] is None and 1 <= len(valuation.values) <= 3
    True
    """
    return _diamond_valuations(_payout_currency(currency))


@functools.cache
def _diamond_valuations(target: Currency) -> st.SearchStrategy[DiamondValuation]:
    return _diamond_valuation(target)


def payout_schedules(
    zones: st.SearchStrategy[tzinfo] | None = None,
) -> st.SearchStrategy[PayoutSchedule]:
    """Generate :class:`~giftflow.PayoutSchedule` of every kind, in zones with and without DST.

    >>> from hypothesis import find
    >>> from giftflow import ScheduleKind
    >>> from giftflow.testing import FIND_FIRST
    >>> monthly = find(payout_schedules(), lambda s: s.kind is ScheduleKind.MONTHLY,
    ...                settings=FIND_FIRST)
    >>> 1 <= monthly.day <= 31
    True
    """
    check_strategy("zones", zones, "st.sampled_from([UTC])")
    return _payout_schedules(zones)


@functools.lru_cache(maxsize=32)  # bounded: a caller may pass a new zones strategy each time
def _payout_schedules(zones: st.SearchStrategy[tzinfo] | None) -> st.SearchStrategy[PayoutSchedule]:
    zone = zones if zones is not None else st.sampled_from(_zones())
    at = st.builds(time, st.integers(0, 23), st.sampled_from([0, 30, 59]))
    days = st.integers(0, 30)
    return st.one_of(
        st.builds(PayoutSchedule.on_demand, zone=zone, processing_days=days),
        st.builds(PayoutSchedule.daily, zone=zone, time_of_day=at, processing_days=days),
        st.builds(
            PayoutSchedule.weekly,
            st.integers(0, 6),
            zone=zone,
            time_of_day=at,
            processing_days=days,
        ),
        st.builds(
            PayoutSchedule.monthly,
            st.integers(1, 31),
            zone=zone,
            time_of_day=at,
            processing_days=days,
        ),
        st.builds(
            PayoutSchedule.net, st.integers(1, 60), zone=zone, time_of_day=at, processing_days=days
        ),
    )


def payout_fees(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutFee]:
    """Generate :class:`~giftflow.PayoutFee`: up to 5% plus up to $2, clamped, borne by either side.

    >>> from hypothesis import find
    >>> from giftflow import FeeBearer, Rate
    >>> from giftflow.testing import FIND_FIRST
    >>> fee = find(payout_fees(), lambda f: f.bearer is FeeBearer.PLATFORM, settings=FIND_FIRST)
    >>> fee.fee.rate <= Rate.parse("5%")
    True
    """
    return _payout_fees(_payout_currency(currency))


@functools.cache
def _payout_fees(target: Currency) -> st.SearchStrategy[PayoutFee]:
    return _payout_fee(target)


def payout_methods(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutMethod]:
    """Generate :class:`~giftflow.PayoutMethod`: up to two fees, an optional minimum, transit days.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> method = find(payout_methods(), lambda m: m.minimum is not None, settings=FIND_FIRST)
    >>> len(method.fees) <= 2 and 0 <= method.transit_days <= 10
    True
    """
    return _payout_methods(_payout_currency(currency))


@functools.cache
def _payout_methods(target: Currency) -> st.SearchStrategy[PayoutMethod]:
    return st.builds(
        PayoutMethod,
        name=_labels(),
        fees=st.lists(payout_fees(target), max_size=2).map(tuple),
        minimum=_minimums(target),
        transit_days=st.integers(0, 10),
    )


@functools.cache
def _minimums(target: Currency) -> st.SearchStrategy[Money | Diamonds | None]:
    return (
        st.none()
        | st.integers(1, 5_000).map(lambda minor: Money.of_minor(minor, target))
        | st.integers(1, 5_000).map(Diamonds)
    )


def withholding_rules() -> st.SearchStrategy[WithholdingRule]:
    """Generate :class:`~giftflow.WithholdingRule`: rates from 0% to 100% by country and form.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> rule = find(withholding_rules(), lambda rule: rule.by_form, settings=FIND_FIRST)
    >>> {form for form, _ in rule.by_form} <= {"W-8BEN", "W-9"}
    True
    """
    return _withholding_rules()


@functools.cache
def _withholding_rules() -> st.SearchStrategy[WithholdingRule]:
    share = st.integers(0, 100).map(lambda percent: Rate.ratio(percent, 100))
    return st.builds(
        WithholdingRule,
        rounding=roundings(),
        default=share,
        by_country=st.dictionaries(_countries(), share, max_size=2),
        by_form=st.dictionaries(st.sampled_from(["W-8BEN", "W-9"]), share, max_size=2),
    )


def eligibilities() -> st.SearchStrategy[Eligibility]:
    """Generate :class:`~giftflow.Eligibility`: age, countries, standing, account, forfeiture.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> rules = find(eligibilities(), lambda rules: rules.forfeit_after_months, settings=FIND_FIRST)
    >>> 1 <= rules.forfeit_after_months <= 12
    True
    """
    return st.builds(
        Eligibility,
        age=st.none() | age_rules(),
        # A list, not a set: a set's order follows string hashes, which change between runs.
        countries=st.none()
        | st.lists(_countries(), min_size=1, max_size=3, unique=True).map(tuple),
        good_standing=st.booleans(),
        payout_account=st.booleans(),
        forfeit_after_months=st.none() | st.integers(1, 12),
    )


def creators() -> st.SearchStrategy[Creator]:
    """Generate :class:`~giftflow.Creator`: country, birth date, standing, account and form.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> find(creators(), lambda c: c.tax_form is not None, settings=FIND_FIRST).tax_form in {
    ...     "W-8BEN", "W-9"}
    True
    """
    return st.builds(
        Creator,
        country=_countries(),
        birth_date=st.none() | st.dates(min_value=date(1940, 1, 1), max_value=date(2015, 1, 1)),
        good_standing=st.booleans(),
        payout_account_since=st.none() | _payout_times(),
        tax_form=st.none() | st.sampled_from(["W-8BEN", "W-9"]),
    )


def payout_caps(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutCap]:
    """Generate :class:`~giftflow.PayoutCap`: a positive limit in money or diamonds, any period.

    >>> from hypothesis import find
    >>> from giftflow import Diamonds
    >>> from giftflow.testing import FIND_FIRST
    >>> cap = find(payout_caps(), lambda cap: isinstance(cap.limit, Diamonds), settings=FIND_FIRST)
    >>> cap.limit >= Diamonds(1)
    True
    """
    return _payout_caps(_payout_currency(currency))


@functools.cache
def _payout_caps(target: Currency) -> st.SearchStrategy[PayoutCap]:
    return st.builds(
        PayoutCap,
        limit=st.integers(1, 10**6).map(lambda minor: Money.of_minor(minor, target))
        | st.integers(1, 10**7).map(Diamonds),
        period=st.sampled_from(CapPeriod),
    )


def withdrawal_limits() -> st.SearchStrategy[WithdrawalLimit]:
    """Generate :class:`~giftflow.WithdrawalLimit`: one to three withdrawals per span of time.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> find(withdrawal_limits(), lambda limit: limit.count > 1, settings=FIND_FIRST).count in {2, 3}
    True
    """
    return _withdrawal_limits()


@functools.cache
def _withdrawal_limits() -> st.SearchStrategy[WithdrawalLimit]:
    spans = [period for period in CapPeriod if period is not CapPeriod.TRANSACTION]
    return st.builds(WithdrawalLimit, count=st.integers(1, 3), period=st.sampled_from(spans))


def payout_policies(
    currency: Currency | str = "USD",
    *,
    schedules: st.SearchStrategy[PayoutSchedule] | None = None,
    eligibility: st.SearchStrategy[Eligibility] | None = None,
) -> st.SearchStrategy[PayoutPolicy]:
    """Generate valid :class:`~giftflow.PayoutPolicy`: no minimum above a cap of its unit.

    Args:
        currency: The currency of money limits and fees (the valuation's).
        schedules: Schedules to draw from (default: every kind).
        eligibility: Eligibility rules (default: any of :func:`eligibilities`).

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> policy = find(payout_policies(), lambda p: p.withdrawals is not None, settings=FIND_FIRST)
    >>> policy.withdrawals.count >= 1
    True
    """
    check_strategy("schedules", schedules, "payout_schedules()")
    check_strategy("eligibility", eligibility, "eligibilities()")
    return _payout_policy(
        _payout_currency(currency),
        schedules if schedules is not None else payout_schedules(),
        eligibility if eligibility is not None else eligibilities(),
    )


def _name(method: PayoutMethod) -> str:
    return method.name


def _units_of(limit: Money | Diamonds) -> int:
    return limit.minor if isinstance(limit, Money) else limit.amount


_FEE_TENTHS = st.integers(0, 50)
_HOLDS = (timedelta(0), timedelta(hours=48), timedelta(days=3))


@functools.cache
def _dates(days: int) -> st.SearchStrategy[list[datetime]]:
    # Up to two distinct effective dates within ``days`` of the start.
    return st.lists(_payout_times(days=days), max_size=2, unique_by=_utc)


@functools.cache
def _fee_cents(target: Currency) -> st.SearchStrategy[Money | None]:
    return st.none() | st.integers(0, 200).map(lambda minor: Money.of_minor(minor, target))


@functools.cache
def _method_lists(target: Currency) -> st.SearchStrategy[list[PayoutMethod]]:
    return st.lists(payout_methods(target), min_size=1, max_size=3, unique_by=_name)


@functools.cache
def _cap_lists(target: Currency) -> st.SearchStrategy[list[PayoutCap]]:
    return st.lists(payout_caps(target), max_size=2)


@functools.cache
def _maybe_withdrawals() -> st.SearchStrategy[WithdrawalLimit | None]:
    return st.none() | withdrawal_limits()


# Composite strategies live at module level: Hypothesis reads a composite's source when
# it is decorated, and doing that once, at import, keeps generation deterministic.


@st.composite
def _fx_rate_table(draw: st.DrawFn, source: Currency, target: Currency) -> FxRates:
    rates = _fx_rates(source, target)
    first = attrs.evolve(draw(rates), effective=None)
    later = [attrs.evolve(draw(rates), effective=effective) for effective in draw(_dates(60))]
    return FxRates((first, *later))


@st.composite
def _diamond_valuation(draw: st.DrawFn, target: Currency) -> DiamondValuation:
    def value() -> ExactMoney:
        return ExactMoney.parse(draw(_sampled(_DIAMOND_VALUES)), target)

    starts = sorted(draw(_dates(400)), key=_utc)
    entries: list[tuple[datetime | None, ExactMoney]] = [(None, value())]
    entries += [(start, value()) for start in starts]
    return DiamondValuation(tuple(entries))


@st.composite
def _payout_fee(draw: st.DrawFn, target: Currency) -> PayoutFee:
    cents = _fee_cents(target)
    low = draw(cents)
    high = draw(cents)
    if low is not None and high is not None and low > high:
        low, high = high, low
    fee = Fee(
        name=draw(_labels()),
        kind=FeeKind.PROCESSOR,
        basis=draw(_sampled(tuple(FeeBasis))),
        rounding=draw(roundings()),
        rate=Rate.ratio(draw(_FEE_TENTHS), 1000),
        fixed=draw(cents),
        minimum=low,
        maximum=high,
    )
    return PayoutFee(fee=fee, bearer=draw(_sampled(tuple(FeeBearer))))


@st.composite
def _payout_policy(
    draw: st.DrawFn,
    target: Currency,
    schedules: st.SearchStrategy[PayoutSchedule],
    eligibility: st.SearchStrategy[Eligibility],
) -> PayoutPolicy:
    methods = draw(_method_lists(target))
    minimum = draw(_minimums(target))
    floors = [m for m in (minimum, *(m.minimum for m in methods)) if m is not None]
    caps = []
    for cap in draw(_cap_lists(target)):
        # Lift a cap to the highest minimum of its unit, so the policy is valid.
        same = [floor for floor in floors if type(floor) is type(cap.limit)]
        highest = max(same, key=_units_of, default=None)
        if highest is not None and _units_of(highest) > _units_of(cap.limit):
            cap = attrs.evolve(cap, limit=highest)
        caps.append(cap)
    return PayoutPolicy(
        name=draw(_labels()),
        schedule=draw(schedules),
        methods=tuple(methods),
        minimum=minimum,
        caps=tuple(caps),
        withdrawals=draw(_maybe_withdrawals()),
        hold=draw(_sampled(_HOLDS)),
        withholding=draw(withholding_rules()),
        eligibility=draw(eligibility),
    )
