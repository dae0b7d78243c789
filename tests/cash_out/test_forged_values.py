"""Values the library computes check that they add up, however they were made (issue #12).

A plan, a payout statement or a ledger statement that was edited (``attrs.evolve``) or
read from data is refused when one figure no longer agrees with the others.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given

from giftflow import (
    Account,
    AccountKind,
    CurrencyMismatchError,
    Diamonds,
    GiftflowError,
    InvalidValueError,
    Money,
    PayoutPlan,
    PayoutStatement,
    Statement,
    StatementLine,
    from_data,
    to_data,
)
from giftflow.testing import payout_plans, payout_statements

T0 = datetime(2026, 11, 24, tzinfo=UTC)


def forge(value: Any, **changes: Any) -> Any:
    return attrs.evolve(value, **changes)


def one_more(amount: Any) -> Any:
    return attrs.evolve(amount, minor=amount.minor + 1)


PLAN_MONEY = ("gross", "withholding", "creator_fees", "platform_fees", "net")


class TestPayoutPlan:
    @given(payout_plans())
    def test_a_generated_plan_survives_the_round_trip(self, plan: PayoutPlan) -> None:
        assert plan == from_data(PayoutPlan, to_data(plan))

    @pytest.mark.parametrize("field", PLAN_MONEY)
    @given(plan=payout_plans())
    def test_one_minor_unit_more_anywhere_is_refused(self, plan: PayoutPlan, field: str) -> None:
        with pytest.raises(InvalidValueError):
            forge(plan, **{field: one_more(getattr(plan, field))})

    @given(payout_plans())
    def test_more_diamonds_than_the_balance_is_refused(self, plan: PayoutPlan) -> None:
        with pytest.raises(InvalidValueError) as raised:
            forge(plan, diamonds=plan.balance - plan.held + Diamonds(1))
        assert "diamonds" == raised.value.argument

    @given(payout_plans())
    def test_paid_out_of_thin_air_is_refused(self, plan: PayoutPlan) -> None:
        with pytest.raises(InvalidValueError) as raised:
            forge(plan, paid=one_more(plan.paid))
        assert "paid" == raised.value.argument

    @given(payout_plans())
    def test_net_in_another_currency_is_refused_naming_it(self, plan: PayoutPlan) -> None:
        other = "EUR" if plan.net.currency.code != "EUR" else "USD"
        with pytest.raises(CurrencyMismatchError, match="net"):
            forge(plan, net=Money.of_minor(plan.net.minor, other))


class TestPayoutStatement:
    @given(payout_statements())
    def test_a_closing_balance_that_does_not_add_up_is_refused(
        self, statement: PayoutStatement
    ) -> None:
        with pytest.raises(InvalidValueError) as raised:
            forge(statement, closing=statement.closing + Diamonds(1))
        assert "closing" == raised.value.argument

    @given(payout_statements())
    def test_a_gross_that_is_not_the_payouts_total_is_refused(
        self, statement: PayoutStatement
    ) -> None:
        with pytest.raises(GiftflowError, match="gross"):
            forge(statement, gross=one_more(statement.gross))


WALLET = Account(AccountKind.VIEWER_WALLET, "v1")


def line(at: datetime, amount: int, balance: int) -> StatementLine:
    return StatementLine(
        at=at, event_id="p1", kind="coins_purchased", amount=amount, balance=balance
    )


def statement(**changes: Any) -> Statement:
    fields: dict[str, Any] = {
        "account": WALLET,
        "unit": "coins",
        "start": T0,
        "end": T0 + timedelta(days=1),
        "opening": 5,
        "lines": (line(T0, 65, 70),),
        "closing": 70,
    }
    return Statement(**(fields | changes))


class TestStatement:
    def test_a_consistent_statement_is_built(self) -> None:
        assert 70 == statement().closing

    @pytest.mark.parametrize(
        ("changes", "argument"),
        [
            ({"closing": 71}, "closing"),
            ({"lines": (line(T0, 65, 65),)}, "lines[0].balance"),
            ({"lines": (line(T0 - timedelta(seconds=1), 65, 70),)}, "lines[0].at"),
            ({"lines": (line(T0 + timedelta(days=1), 65, 70),)}, "lines[0].at"),
            ({"end": T0}, "end"),
            ({"unit": "bits"}, "unit"),
        ],
    )
    def test_refuses_what_does_not_add_up(self, changes: dict[str, Any], argument: str) -> None:
        with pytest.raises(InvalidValueError) as raised:
            statement(**changes)
        assert argument == raised.value.argument

    def test_lines_out_of_order_are_refused(self) -> None:
        later, earlier = line(T0 + timedelta(hours=2), 65, 70), line(T0 + timedelta(hours=1), 1, 71)
        with pytest.raises(InvalidValueError) as raised:
            statement(lines=(later, earlier), closing=71)
        assert "lines[1].at" == raised.value.argument
