"""Conservation checks: amounts that add up, balance, and plans and ledgers that lose nothing."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from giftflow import (
    AccountKind,
    Coins,
    Diamonds,
    ExactMoney,
    InvalidTypeError,
    Ledger,
    Money,
    PayoutPlan,
)
from giftflow._cash_out._valuation import convert_exact
from giftflow.testing._base import check_instance

Amount = Money | ExactMoney | Coins | Diamonds


_AMOUNT_KINDS = (Money, ExactMoney, Coins, Diamonds)


def _unit_of(argument: str, amount: Any) -> tuple[str, Any]:
    kind = type(amount)
    if kind is Money or kind is ExactMoney:
        return ("money", amount.currency)
    if kind is Coins or kind is Diamonds:
        return (kind.__name__.lower(), None)
    raise InvalidTypeError(
        argument,
        amount,
        "must hold only amounts: Money, ExactMoney, Coins or Diamonds",
        "convert the item, e.g. Money.parse('0.50', 'USD') rather than 0.5",
    )


def _amounts(argument: str, amounts: Any) -> list[Amount]:
    # An iterable of amounts, as a list (a generator is read once); a lone value is refused.
    if isinstance(amounts, str | bytes) or not isinstance(amounts, Iterable):
        raise InvalidTypeError(
            argument,
            amounts,
            "must be an iterable of Money, ExactMoney, Coins or Diamonds"
            + (", or one of them" if argument == "whole" else ""),
            "pass a list of amounts, e.g. [Money.parse('1.00', 'USD')]",
        )
    return list(amounts)


def _totals(argument: str, amounts: Any) -> dict[tuple[str, Any], Fraction]:
    totals: dict[tuple[str, Any], Fraction] = {}
    for amount in _amounts(argument, amounts):
        key = _unit_of(argument, amount)
        value = amount.minor if isinstance(amount, Money | ExactMoney) else amount.amount
        totals[key] = totals.get(key, Fraction(0)) + value
    return totals


def _describe(key: tuple[str, Any]) -> str:
    return str(key[1]) if key[0] == "money" else key[0]


def assert_sums_to(parts: Iterable[Amount], whole: Amount | Iterable[Amount]) -> None:
    """Assert that ``parts`` add up to ``whole`` exactly, separately in every unit.

    Each currency, coins and diamonds are summed on their own; a unit missing on
    one side counts as zero. Use it in tests to prove a split, a breakdown or a
    trace neither creates nor loses value.

    Raises:
        AssertionError: Listing every unit whose totals differ, and by how much.

    >>> from giftflow import Money
    >>> whole = Money.parse("1.00", "USD")
    >>> assert_sums_to(whole.allocate([1, 1, 1]), whole)
    >>> assert_sums_to([Money.parse("0.99", "USD")], whole)
    Traceback (most recent call last):
    ...
    AssertionError: parts do not add up to the whole: USD: parts 99, whole 100 (minor units)
    """
    wholes = [whole] if isinstance(whole, _AMOUNT_KINDS) else whole
    got, want = _totals("parts", parts), _totals("whole", wholes)
    problems = [
        f"{_describe(key)}: parts {got.get(key, 0)}, whole {want.get(key, 0)}"
        for key in sorted({*got, *want}, key=lambda key: (key[0], str(key[1])))
        if got.get(key, 0) != want.get(key, 0)
    ]
    if problems:
        money_only = all(not p.startswith(("coins", "diamonds")) for p in problems)
        suffix = " (minor units)" if money_only else ""
        raise AssertionError("parts do not add up to the whole: " + "; ".join(problems) + suffix)


def assert_balanced(amounts: Iterable[Amount]) -> None:
    """Assert that signed ``amounts`` sum to zero in every unit (a balanced transaction).

    >>> from giftflow import Coins
    >>> assert_balanced([Coins(65), Coins(-65)])
    >>> assert_balanced([Coins(65), Coins(-60)])
    Traceback (most recent call last):
    ...
    AssertionError: amounts do not balance: coins: 5
    """
    totals = _totals("amounts", amounts)
    problems = [f"{_describe(key)}: {total}" for key, total in totals.items() if total != 0]
    if problems:
        raise AssertionError("amounts do not balance: " + "; ".join(problems))


def assert_payout_conserves(plan: PayoutPlan) -> None:
    """Assert that a plan creates and loses nothing, exactly.

    In the valuation currency, ``gross_value == net + creator_fees + withholding +
    valuation_residue`` and ``net + creator_fees + withholding == gross``; the
    conversion of ``net`` is ``paid + fx_residue``; and the money legs other than
    platform fees add up to ``gross``.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST, payout_plans
    >>> assert_payout_conserves(find(payout_plans(), lambda plan: plan.pays, settings=FIND_FIRST))
    """
    check_instance("plan", plan, PayoutPlan, "a PayoutPlan from giftflow.plan_payout(...)")
    home = plan.gross.currency
    taken = plan.net + plan.creator_fees + plan.withholding
    if taken != plan.gross:
        raise AssertionError(f"net + creator fees + withholding = {taken}, gross is {plan.gross}")
    if plan.gross.exact() + plan.valuation_residue != plan.gross_value:
        raise AssertionError(
            f"gross {plan.gross} + residue {plan.valuation_residue} != {plan.gross_value}"
        )
    if plan.fx_rate is not None:
        converted = convert_exact(plan.net.exact(), plan.fx_rate, plan.paid.currency)
        if plan.paid.exact() + plan.fx_residue != converted:
            raise AssertionError(
                f"paid {plan.paid} + residue {plan.fx_residue} != {converted} at {plan.fx_rate}"
            )
    elif plan.paid.minor or plan.fx_residue.minor:
        raise AssertionError(f"nothing was converted but {plan.paid} was paid")
    legs = [leg.amount for leg in plan.legs if leg.kind.value != "platform_fee"]
    if plan.pays and Money.total(legs, home) != plan.gross:
        raise AssertionError(f"legs {legs} do not add up to {plan.gross}")
    exact = plan.paid_value + plan.creator_fees + plan.withholding + plan.residue
    if exact != plan.gross_value:
        raise AssertionError(
            f"paid + fees + withholding + residue = {exact}, not {plan.gross_value}"
        )


def assert_ledger_balanced(ledger: Ledger) -> None:
    """Assert a ledger's books: every unit sums to zero and every guarded balance is in bounds.

    >>> from giftflow import Ledger, presets
    >>> assert_ledger_balanced(Ledger(presets.tiktok()))
    """
    check_instance("ledger", ledger, Ledger, "a giftflow.Ledger")
    problems = [f"{unit}: {total}" for unit, total in ledger.totals().items() if total]
    if problems:
        raise AssertionError("the ledger does not balance: " + "; ".join(problems))
    for (account, unit), value in ledger.balances().items():
        floor = ledger.guards.floor(account.kind)
        if floor is not None and value < floor:
            raise AssertionError(f"{account} holds {value} {unit}, below its floor of {floor}")
    for (account, unit), value in ledger.balances().items():
        if (
            account.kind in (AccountKind.PAYOUT_CLEARING, AccountKind.DEFERRED_REVENUE)
            and value < 0
        ):
            raise AssertionError(f"{account} holds {value} {unit}; it can never be negative")
