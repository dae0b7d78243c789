"""Payout plans and statements as tables: legs and payouts that add up, text and HTML alike."""

# Asserts read `expected == actual` (tests/README.md).

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given

from giftflow import (
    Creator,
    Diamonds,
    DiamondValuation,
    Earning,
    ExactMoney,
    Money,
    PayoutLegKind,
    PayoutPlan,
    PayoutRecord,
    PayoutStatement,
    Rounding,
    Window,
    payout_statement,
    plan_payout,
    presets,
)
from giftflow.testing import payout_plans, payout_statements

PLAN_COLUMNS = ["kind", "name", "amount", "currency"]
STATEMENT_COLUMNS = [
    *("at", "diamonds", "amount", "fees", "withheld", "currency", "paid", "paid_currency")
]


def day(d: int) -> datetime:
    return datetime(2026, 11, d, tzinfo=UTC)


def paying_plan() -> PayoutPlan:
    return plan_payout(
        presets.tiktok_payout_policy(),
        earnings=[Earning(at=day(1), diamonds=Diamonds(20_000))],
        payouts=[],
        now=datetime(2026, 12, 1, tzinfo=UTC),
        method="paypal",
        payout_currency="USD",
        rounding=Rounding.DOWN,
        creator=Creator(
            country="US", birth_date=date(1990, 1, 1), payout_account_since=day(1).replace(month=1)
        ),
        valuation=DiamondValuation.of(ExactMoney.parse("0.005", "USD")),
    )


def november() -> PayoutStatement:
    return payout_statement(
        earnings=[Earning(at=day(1), diamonds=Diamonds(9000))],
        payouts=[
            PayoutRecord(
                at=day(10),
                diamonds=Diamonds(4000),
                amount=Money.parse("20", "USD"),
                fees=Money.parse("0.40", "USD"),
                withheld=Money.parse("3", "USD"),
                paid=Money.parse("15.41", "EUR"),
            ),
            PayoutRecord(at=day(20), diamonds=Diamonds(1000), amount=Money.parse("5", "USD")),
        ],
        period=Window(start=day(1), end=day(30)),
        currency="USD",
    )


def cells(html: str) -> list[list[str]]:
    return [[cell.text or "" for cell in row] for row in ElementTree.fromstring(html).iter("tr")]


class TestPlanRecords:
    @given(payout_plans())
    def test_legs_but_platform_fees_add_up_to_gross(self, plan: PayoutPlan) -> None:
        records = plan.to_records()
        assert all(PLAN_COLUMNS == list(row) for row in records)
        assert [leg.kind.value for leg in plan.legs] == [row["kind"] for row in records]
        paid = [row for row in records if row["kind"] != PayoutLegKind.PLATFORM_FEE.value]
        if plan.pays:
            scale = 10**plan.gross.currency.exponent
            assert plan.gross.minor == sum(Decimal(str(row["amount"])) * scale for row in paid)
            assert {plan.gross.currency.code} == {row["currency"] for row in records}
        else:
            assert [] == records
        root = ElementTree.fromstring(plan._repr_html_())
        assert f"payout plan: {plan.policy}, {plan.method}" == root.findtext(".//caption")
        tables = list(root) if plan.legs else [root]
        assert (2 if plan.legs else 1) == len(tables)
        if plan.legs:
            assert len(plan.legs) == len(tables[1].findall("./tbody/tr"))

    def test_become_a_polars_frame(self) -> None:
        pl = pytest.importorskip("polars")
        frame = pl.DataFrame(paying_plan().to_records())
        assert PLAN_COLUMNS == frame.columns
        assert [("net", "creator", "100.00", "USD")] == frame.rows()


class TestPlanText:
    def test_html_says_what_the_text_says_then_the_legs(self) -> None:
        plan = paying_plan()
        summary, legs = list(ElementTree.fromstring(plan._repr_html_()))
        shown = cells(ElementTree.tostring(summary, encoding="unicode"))
        text = [line.split("  ", 1) for line in str(plan).splitlines()]
        assert [[label.strip(), value.strip()] for label, value in text] == shown
        assert [["leg", "name", "amount"], ["net", "creator", "100.00 USD"]] == cells(
            ElementTree.tostring(legs, encoding="unicode")
        )


class TestStatementRecords:
    def test_are_the_payouts_in_the_documented_columns(self) -> None:
        assert [
            {
                "at": "2026-11-10T00:00:00+00:00",
                "diamonds": 4000,
                "amount": "20.00",
                "fees": "0.40",
                "withheld": "3.00",
                "currency": "USD",
                "paid": "15.41",
                "paid_currency": "EUR",
            },
            {
                "at": "2026-11-20T00:00:00+00:00",
                "diamonds": 1000,
                "amount": "5.00",
                "fees": None,
                "withheld": None,
                "currency": "USD",
                "paid": None,
                "paid_currency": None,
            },
        ] == november().to_records()

    @given(payout_statements())
    def test_add_up_exactly_to_the_statements_totals(self, statement: PayoutStatement) -> None:
        records = statement.to_records()
        assert all(STATEMENT_COLUMNS == list(row) for row in records)
        scale = 10**statement.gross.currency.exponent

        def total(column: str) -> Decimal:
            return sum((Decimal(str(row[column] or 0)) * scale for row in records), Decimal(0))

        assert statement.gross.minor == total("amount")
        assert statement.fees.minor == total("fees")
        assert statement.withheld.minor == total("withheld")
        assert statement.paid_out.amount == sum(int(row["diamonds"] or 0) for row in records)
        assert records == json.loads(json.dumps(records))

    def test_become_a_polars_frame_with_nulls_where_unknown(self) -> None:
        pl = pytest.importorskip("polars")
        frame = pl.DataFrame(november().to_records())
        assert STATEMENT_COLUMNS == frame.columns
        assert [4000, 1000] == frame["diamonds"].to_list()
        assert 1 == frame["fees"].null_count()
        total = frame["amount"].cast(pl.Decimal(scale=2)).sum()
        assert Decimal("25.00") == Decimal(str(total))


class TestStatementText:
    def test_html_says_what_the_text_says_then_the_payouts(self) -> None:
        statement = november()
        summary, payouts = list(ElementTree.fromstring(statement._repr_html_()))
        shown = cells(ElementTree.tostring(summary, encoding="unicode"))
        text = [line.split("  ", 1) for line in str(statement).splitlines()]
        assert [[label.strip(), value.strip()] for label, value in text] == shown
        assert [
            ["payout", "diamonds", "gross", "fees", "withheld", "paid"],
            [
                "2026-11-10 00:00 UTC",
                "4,000 diamonds",
                "20.00 USD",
                "0.40 USD",
                "3.00 USD",
                "15.41 EUR",
            ],
            ["2026-11-20 00:00 UTC", "1,000 diamonds", "5.00 USD", "", "", ""],
        ] == cells(ElementTree.tostring(payouts, encoding="unicode"))

    def test_html_of_a_statement_without_payouts_is_its_summary(self) -> None:
        empty = payout_statement(
            earnings=[], payouts=[], period=Window(start=day(1), end=day(30)), currency="USD"
        )
        assert "table" == ElementTree.fromstring(empty._repr_html_()).tag
