"""Strategies for what paying creators gives: earnings, records, plans, statements and legs.

Plans come from really planning with :func:`~giftflow.plan_payout`, statements
from :func:`~giftflow.payout_statement`, so that they hold together as a
platform's would.
"""

from __future__ import annotations

import functools
from datetime import timedelta

import attrs
from hypothesis import strategies as st

from giftflow import (
    Creator,
    Currency,
    Diamonds,
    Earning,
    Eligibility,
    FeeBearer,
    Money,
    PayoutFeeCharge,
    PayoutLeg,
    PayoutLegKind,
    PayoutPlan,
    PayoutPolicy,
    PayoutReason,
    PayoutReasonKind,
    PayoutRecord,
    PayoutStatement,
    Window,
    payout_statement,
    plan_payout,
)
from giftflow.testing._base import (
    _labels,
    _payout_currency,
    _pick,
    _sampled,
    _utc,
    check_int,
    check_strategy,
)
from giftflow.testing._cash_out import (
    _PAYOUT_START,
    _diamond_valuations,
    _fx_rate_tables,
    _payout_times,
    payout_policies,
)
from giftflow.testing._coins_in import fees
from giftflow.testing._values import diamonds, money, roundings


def earnings(days: int = 400, max_diamonds: int = 50_000) -> st.SearchStrategy[Earning]:
    """Generate :class:`~giftflow.Earning`: 1 to ``max_diamonds`` diamonds at an aware instant.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> earning = find(earnings(), lambda e: e.diamonds.amount > 1000, settings=FIND_FIRST)
    >>> 1000 < earning.diamonds.amount <= 50_000 and earning.at.tzinfo is not None
    True
    """
    check_int("days", days)
    check_int("max_diamonds", max_diamonds, least=1)
    return _earnings(days, max_diamonds)


@functools.cache
def _earnings(days: int, max_diamonds: int) -> st.SearchStrategy[Earning]:
    return st.builds(
        Earning,
        at=_payout_times(days=days),
        diamonds=st.integers(1, max_diamonds).map(Diamonds),
    )


def payout_records(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutRecord]:
    """Generate :class:`~giftflow.PayoutRecord`: diamonds and their gross value, fees, withheld.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> record = find(payout_records(), lambda r: r.fees is not None, settings=FIND_FIRST)
    >>> record.fees.currency.code, record.diamonds.amount >= 1
    ('USD', True)
    """
    target = _payout_currency(currency)
    cents = st.integers(0, 10**6).map(lambda minor: Money.of_minor(minor, target))
    return st.builds(
        PayoutRecord,
        at=_payout_times(),
        diamonds=st.integers(1, 10**6).map(Diamonds),
        amount=cents,
        fees=st.none() | cents,
        withheld=st.none() | cents,
    )


def payout_plans(
    policies: st.SearchStrategy[PayoutPolicy] | None = None,
) -> st.SearchStrategy[PayoutPlan]:
    """Generate :class:`~giftflow.PayoutPlan` by planning: a creator earns, asks, is paid, asks again.

    Each plan comes from :func:`~giftflow.plan_payout` after up to three earlier
    requests whose payouts are recorded, so limits and history matter. Half the
    plans pay in another currency (EUR, JPY or KWD) at a generated rate. The
    creator always passes eligibility unless ``policies`` says otherwise.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> plan = find(payout_plans(), lambda plan: True, settings=FIND_FIRST)
    >>> plan.pays or any(reason.blocking for reason in plan.reasons)  # it pays, or says why not
    True
    """
    check_strategy("policies", policies, "payout_policies()")
    if policies is None:
        permissive = st.just(Eligibility(good_standing=False, payout_account=False))
        policies = payout_policies("USD", eligibility=permissive)
    return _payout_plan(policies)


def payout_statements(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutStatement]:
    """Generate :class:`~giftflow.PayoutStatement` from earnings and consistent payouts.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> s = find(payout_statements(), lambda s: s.paid_out.amount > 0, settings=FIND_FIRST)
    >>> s.closing == s.opening + s.earned - s.paid_out
    True
    """
    return _payout_statement(_payout_currency(currency))


# Composite strategies live at module level, for the reason given in _cash_out.


_PLAN_CURRENCIES = ("USD", "USD", "EUR", "JPY", "KWD")
_PLAN_EARNINGS = st.lists(earnings(days=120), max_size=6)
_PLAN_REQUESTS = st.lists(st.integers(0, 120 * 24 * 60), min_size=1, max_size=4)
_STATEMENT_EARNINGS = st.lists(earnings(days=60), max_size=5)


@st.composite
def _payout_plan(draw: st.DrawFn, policies: st.SearchStrategy[PayoutPolicy]) -> PayoutPlan:
    usd = _payout_currency("USD")
    policy = draw(policies)
    valuation = draw(_diamond_valuations(usd))
    target = _payout_currency(draw(_sampled(_PLAN_CURRENCIES)))
    table = draw(_fx_rate_tables(usd, target)) if target != usd else None
    earned = draw(_PLAN_EARNINGS)
    creator = Creator(country="US", payout_account_since=_PAYOUT_START)
    method = _pick(draw, policy.methods).name
    rounding = draw(roundings())
    requests = draw(_PLAN_REQUESTS)
    records: list[PayoutRecord] = []
    plan = None
    for minutes in sorted(requests):
        plan = plan_payout(
            policy,
            earnings=earned,
            payouts=records,
            now=_PAYOUT_START + timedelta(minutes=minutes),
            creator=creator,
            method=method,
            payout_currency=target,
            valuation=valuation,
            rounding=rounding,
            fx=table,
        )
        if plan.pays:
            records.append(plan.record())
    assert plan is not None
    return plan


@st.composite
def _payout_statement(draw: st.DrawFn, target: Currency) -> PayoutStatement:
    earned = draw(_STATEMENT_EARNINGS)
    records = []
    available = 0
    for earning in sorted(earned, key=lambda e: (_utc(e.at), e.diamonds.amount)):
        available += earning.diamonds.amount
        take = draw(st.integers(0, available))
        if take:
            available -= take
            records.append(
                PayoutRecord(
                    at=earning.at, diamonds=Diamonds(take), amount=Money.of_minor(take, target)
                )
            )
    start = draw(_payout_times(days=60))
    window = Window(start=start, end=start + timedelta(days=draw(st.integers(1, 60))))
    return payout_statement(earnings=earned, payouts=records, period=window, currency=target)


def payout_fee_charges(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutFeeCharge]:
    """Generate :class:`~giftflow.PayoutFeeCharge`: a fee from :func:`fees` charged on a payout.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> charge = find(payout_fee_charges(), lambda charge: True, settings=FIND_FIRST).charge
    >>> charge.amount.currency.code, charge.amount.minor >= 0
    ('USD', True)
    """
    target = _payout_currency(currency)
    return st.builds(
        lambda fee, base, bearer: PayoutFeeCharge(charge=fee.charge(base), bearer=bearer),
        # Payouts track no yearly proceeds, so their fees have no threshold.
        fees(currency=target).map(lambda fee: attrs.evolve(fee, threshold=None)),
        money(currency=target, min_value=0, max_value=10**8),
        st.sampled_from(FeeBearer),
    )


def payout_reasons(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutReason]:
    """Generate :class:`~giftflow.PayoutReason`: every kind, with each kind of limit.

    >>> from hypothesis import find
    >>> from giftflow import PayoutReasonKind
    >>> from giftflow.testing import FIND_FIRST
    >>> reason = find(payout_reasons(), lambda reason: reason.blocking, settings=FIND_FIRST)
    >>> reason.blocking and reason.kind in PayoutReasonKind
    True
    """
    target = _payout_currency(currency)
    limits = st.one_of(
        st.none(),
        money(currency=target, min_value=1, max_value=10**8),
        diamonds(min_value=1, max_value=10**9),
        st.integers(1, 120),
    )
    return st.builds(
        PayoutReason,
        kind=st.sampled_from(PayoutReasonKind),
        message=st.text(max_size=40),
        diamonds=diamonds(max_value=10**9),
        limit=limits,
        until=st.none() | _payout_times(),
        blocking=st.booleans(),
    )


def payout_legs(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutLeg]:
    """Generate :class:`~giftflow.PayoutLeg`: a money leg of each kind.

    >>> from hypothesis import find
    >>> from giftflow import PayoutLegKind
    >>> from giftflow.testing import FIND_FIRST
    >>> leg = find(payout_legs(), lambda leg: leg.kind is PayoutLegKind.WITHHOLDING,
    ...            settings=FIND_FIRST)
    >>> leg.amount.currency.code, leg.amount.minor >= 0
    ('USD', True)
    """
    return st.builds(
        PayoutLeg,
        kind=st.sampled_from(PayoutLegKind),
        name=_labels(),
        amount=money(currency=_payout_currency(currency), min_value=0, max_value=10**8),
    )
