"""Records, text and HTML of cash out: payout plans and payout statements.

The functions here are the ``to_records`` and ``_repr_html_`` methods of
:class:`~giftflow.PayoutPlan` and :class:`~giftflow.PayoutStatement` (each class binds
them), and the rows their ``str()`` shows, so a terminal and a notebook read the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from typing import TYPE_CHECKING

from giftflow._cash_out._schedule import show_instant
from giftflow._values._display import show_money, show_units
from giftflow._values._money import Money
from giftflow._values._tables import (
    Record,
    exact_text,
    html_block,
    html_fields,
    html_table,
    instant_text,
)

if TYPE_CHECKING:
    from giftflow._cash_out._plan import PayoutPlan
    from giftflow._cash_out._statement import PayoutStatement

__all__ = [
    "plan_fields",
    "plan_html",
    "plan_records",
    "statement_fields",
    "statement_html",
    "statement_records",
]


def plan_fields(plan: PayoutPlan) -> list[tuple[str, str]]:
    """What a plan says, label by label: its ``str()`` and its HTML summary."""
    rows = [
        ("initiated", show_instant(plan.initiated_at, plan.initiated_at.tzinfo or UTC)),
        ("diamonds", f"{plan.diamonds.amount:,} of {plan.balance.amount:,}"),
        ("gross value", str(plan.gross_value)),
        ("gross", show_money(plan.gross)),
    ]
    if plan.withholding.minor:
        rows.append((f"withholding ({plan.withholding_rate})", show_money(plan.withholding)))
    for fee in plan.fees:
        rows.append((f"fee {fee.name} ({fee.bearer.value})", show_money(fee.amount)))
    rows.append(("net", show_money(plan.net)))
    if plan.fx_rate is not None and plan.paid.currency != plan.gross.currency:
        home, target = plan.gross.currency.code, plan.paid.currency.code
        label = f"paid (1 {home} = {plan.fx_rate._canonical()} {target})"
        rows.append((label, show_money(plan.paid)))
    else:
        rows.append(("paid", show_money(plan.paid)))
    if plan.arrives_by is not None:
        rows.append(("arrives by", show_instant(plan.arrives_by, plan.arrives_by.tzinfo or UTC)))
    rows += [("because", str(reason)) for reason in plan.reasons]
    return rows


def plan_records(plan: PayoutPlan) -> list[Record]:
    """The plan's money legs as plain records, in the order of :attr:`~giftflow.PayoutPlan.legs`.

    Columns, in order: ``kind`` (``'net'``, ``'withholding'``, ``'creator_fee'``,
    ``'platform_fee'``), ``name``, ``amount`` (decimal text in major units) and
    ``currency`` (the valuation currency's code). Every leg but platform fees adds up
    to ``gross`` exactly; a plan that pays nothing has no legs.

    >>> from datetime import date, datetime, timezone
    >>> from giftflow import (Creator, Diamonds, DiamondValuation, Earning, ExactMoney,
    ...                       Rounding, plan_payout, presets)
    >>> utc = timezone.utc
    >>> plan = plan_payout(
    ...     presets.tiktok_payout_policy(), payouts=[], method="paypal", payout_currency="USD",
    ...     earnings=[Earning(at=datetime(2026, 11, 1, tzinfo=utc), diamonds=Diamonds(20_000))],
    ...     now=datetime(2026, 12, 1, tzinfo=utc), rounding=Rounding.DOWN,
    ...     creator=Creator(country="US", birth_date=date(1990, 1, 1),
    ...                     payout_account_since=datetime(2026, 1, 1, tzinfo=utc)),
    ...     valuation=DiamondValuation.of(ExactMoney.parse("0.005", "USD")))
    >>> plan.to_records()
    [{'kind': 'net', 'name': 'creator', 'amount': '100.00', 'currency': 'USD'}]
    """
    return [
        {
            "kind": leg.kind.value,
            "name": leg.name,
            "amount": exact_text(leg.amount),
            "currency": leg.amount.currency.code,
        }
        for leg in plan.legs
    ]


def plan_html(plan: PayoutPlan) -> str:
    """The plan as HTML: what :func:`plan_fields` says, then its legs."""
    legs = plan.legs
    summary = html_fields(plan_fields(plan), caption=f"payout plan: {plan.policy}, {plan.method}")
    if not legs:
        return summary
    return html_block(
        summary,
        html_table(
            ["leg", "name", "amount"],
            ((leg.kind.value, leg.name, show_money(leg.amount)) for leg in legs),
            size=len(legs),
            right={2},
        ),
    )


def statement_fields(statement: PayoutStatement) -> list[tuple[str, str]]:
    """What a payout statement says, label by label: its ``str()`` and its HTML summary."""
    period, names = statement.period, statement.names
    assert period.start is not None
    assert period.end is not None
    return [
        ("period", f"{period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}"),
        ("opening balance", show_units(statement.opening, names)),
        ("earned", show_units(statement.earned, names)),
        ("paid out", show_units(statement.paid_out, names)),
        ("closing balance", show_units(statement.closing, names)),
        ("gross", show_money(statement.gross)),
        ("fees", show_money(statement.fees)),
        ("withheld", show_money(statement.withheld)),
        ("net", show_money(statement.net)),
    ]


def _text(amount: Money | None) -> str | None:
    return None if amount is None else exact_text(amount)


def statement_records(statement: PayoutStatement) -> list[Record]:
    """The statement's payouts as plain records, oldest first.

    Columns, in order: ``at`` (ISO 8601), ``diamonds`` (``int``), ``amount`` (the gross
    withdrawn), ``fees`` (borne by the creator), ``withheld``, ``currency`` (the
    valuation currency's code; these four amounts are decimal text in it), ``paid``
    (decimal text) and ``paid_currency`` (the payout currency's code). ``None`` where the
    record did not say. Diamonds add up to ``paid_out``, amounts to ``gross``, fees to
    ``fees`` and withholding to ``withheld``, exactly.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Diamonds, Money, PayoutRecord, Window, payout_statement
    >>> def day(d): return datetime(2026, 11, d, tzinfo=timezone.utc)
    >>> statement = payout_statement(
    ...     earnings=[], period=Window(start=day(1), end=day(30)), currency="USD",
    ...     payouts=[PayoutRecord(at=day(10), diamonds=Diamonds(4000),
    ...                           amount=Money.parse("20", "USD"), fees=Money.parse("0.40", "USD"))])
    >>> statement.to_records()
    [{'at': '2026-11-10T00:00:00+00:00', 'diamonds': 4000, 'amount': '20.00', 'fees': '0.40', 'withheld': None, 'currency': 'USD', 'paid': None, 'paid_currency': None}]
    """
    code = statement.gross.currency.code
    return [
        {
            "at": instant_text(record.at),
            "diamonds": record.diamonds.amount,
            "amount": exact_text(record.amount),
            "fees": _text(record.fees),
            "withheld": _text(record.withheld),
            "currency": code,
            "paid": _text(record.paid),
            "paid_currency": None if record.paid is None else record.paid.currency.code,
        }
        for record in statement.payouts
    ]


def statement_html(statement: PayoutStatement) -> str:
    """The statement as HTML: what :func:`statement_fields` says, then its first payouts."""
    payouts = statement.payouts

    summary = html_fields(statement_fields(statement), caption="payout statement")
    if not payouts:
        return summary
    return html_block(
        summary,
        html_table(
            ["payout", "diamonds", "gross", "fees", "withheld", "paid"],
            _payout_rows(statement),
            size=len(payouts),
            right={1, 2, 3, 4, 5},
        ),
    )


def _shown(amount: Money | None) -> str:
    return "" if amount is None else show_money(amount)


def _payout_rows(statement: PayoutStatement) -> Iterator[tuple[str, ...]]:
    for record in statement.payouts:
        yield (
            show_instant(record.at, record.at.tzinfo or UTC),
            show_units(record.diamonds, statement.names),
            show_money(record.amount),
            _shown(record.fees),
            _shown(record.withheld),
            _shown(record.paid),
        )
