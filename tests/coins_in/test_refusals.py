"""Issue #12 in coins in: each rule refuses its bad input naming the argument, one id each.

Fees and checkout refuse bad proceeds; breakdowns, rounding notes, coin costs, lot debits,
spends, age rules, refusals and spending decisions check their invariants however they
are built (``attrs.evolve`` runs the validators, as the constructors and ``from_data``
do). The values the hot paths build without the checks pass them when rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

import attrs
import pytest

from giftflow import (
    AgeRule,
    Channel,
    Coins,
    CurrencyMismatchError,
    ExactMoney,
    Fee,
    FeeBasis,
    FeeKind,
    GiftflowError,
    InvalidTypeError,
    InvalidValueError,
    Money,
    Rate,
    Refusal,
    Rounding,
    RoundingNote,
    Spend,
    SpendingDecision,
    SpendPolicy,
    Storefront,
    Tax,
    Wallet,
    checkout,
    currency,
    from_data,
    presets,
    to_data,
)

USD, EUR = currency("USD"), currency("EUR")
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
BOOK = presets.tiktok_price_book()
IOS = BOOK.quote("coins_65", country="US", channel=Channel.IOS, at=NOW)
PLAY = BOOK.quote("coins_65", country="US", channel=Channel.GOOGLE_PLAY, at=NOW)
PURCHASE = checkout(IOS, purchase_id="p1")
BREAKDOWN = PURCHASE.breakdown
LOT = PURCHASE.lots[0]
COST = LOT.cost_of(Coins(5))
SPEND = Wallet(PURCHASE.lots).spend(Coins(5), SpendPolicy.FIFO)
DEBIT = SPEND.debits[0]
DOLLAR, EURO = Money.parse("1.00", "USD"), Money.parse("1.00", "EUR")
PLAY_FEE = presets.google_play_fee(USD)
RULES = presets.youtube_supers_spending_rules()


def _fee(**changes: Any) -> Fee:
    fields: dict[str, Any] = {
        "name": "apple",
        "kind": FeeKind.STORE,
        "basis": FeeBasis.NET_OF_TAX,
        "rounding": Rounding.HALF_UP,
        "rate": Rate.parse("0.3"),
    }
    return Fee(**(fields | changes))


def _call(function: Callable[..., object], *args: Any, **kwargs: Any) -> Callable[[], object]:
    # The bad call, unchecked by mypy: the point is to pass what the types forbid.
    return lambda: function(*args, **kwargs)


def _evolve(value: Any, **changes: Any) -> Callable[[], object]:
    return lambda: attrs.evolve(value, **changes)


def _exact(text: str, code: str = "USD") -> ExactMoney:
    return ExactMoney.parse(text, code)


def _refusal(**changes: Any) -> Callable[[], object]:
    fields: dict[str, Any] = {
        "rule": "day",
        "limit": DOLLAR,
        "spent": DOLLAR,
        "attempted": DOLLAR,
        "excess": DOLLAR,
    }
    return lambda: Refusal(**(fields | changes))


BAD: dict[str, tuple[Callable[[], object], type[GiftflowError], str]] = {
    # -- fees and checkout: currencies named by the argument, proceeds never negative --
    "fee-maximum-other-currency": (
        lambda: _fee(minimum=DOLLAR, maximum=EURO * 2),
        CurrencyMismatchError,
        "maximum",
    ),
    "fee-threshold-limit-other-currency": (
        lambda: attrs.evolve(PLAY_FEE, fixed=EURO),
        CurrencyMismatchError,
        "threshold.limit",
    ),
    "fee-charge-base-other-currency": (
        lambda: _fee(fixed=DOLLAR).charge(EURO),
        CurrencyMismatchError,
        "base",
    ),
    "fee-charge-proceeds-other-currency": (
        lambda: PLAY_FEE.charge(DOLLAR, proceeds_to_date=EURO),
        CurrencyMismatchError,
        "proceeds_to_date",
    ),
    "fee-charge-proceeds-negative": (
        lambda: PLAY_FEE.charge(DOLLAR, proceeds_to_date=-DOLLAR),
        InvalidValueError,
        "proceeds_to_date",
    ),
    "fee-charge-proceeds-negative-without-threshold": (
        lambda: _fee().charge(DOLLAR, proceeds_to_date=-DOLLAR),
        InvalidValueError,
        "proceeds_to_date",
    ),
    "fee-charge-proceeds-int-without-threshold": (
        _call(_fee().charge, DOLLAR, proceeds_to_date=5),
        InvalidTypeError,
        "proceeds_to_date",
    ),
    "fee-charge-record-amount-other-currency": (
        _evolve(BREAKDOWN.fees[0], amount=EURO),
        CurrencyMismatchError,
        "amount",
    ),
    "fee-charge-record-exact-other-currency": (
        _evolve(BREAKDOWN.fees[0], exact=_exact("0.297", "EUR")),
        CurrencyMismatchError,
        "exact",
    ),
    "storefront-fee-other-currency": (
        lambda: Storefront(
            country="US", currency=USD, tax=Tax.none(), fees={Channel.IOS: (_fee(fixed=EURO),)}
        ),
        CurrencyMismatchError,
        "fees",
    ),
    "checkout-proceeds-other-currency": (
        lambda: checkout(PLAY, purchase_id="p1", proceeds_to_date=EURO),
        CurrencyMismatchError,
        "proceeds_to_date",
    ),
    "checkout-proceeds-negative": (
        lambda: checkout(PLAY, purchase_id="p1", proceeds_to_date=-DOLLAR),
        InvalidValueError,
        "proceeds_to_date",
    ),
    "checkout-proceeds-negative-without-threshold": (
        lambda: checkout(IOS, purchase_id="p1", proceeds_to_date=-DOLLAR),
        InvalidValueError,
        "proceeds_to_date",
    ),
    # -- breakdowns and rounding notes --
    "breakdown-tax-other-currency": (
        _evolve(BREAKDOWN, tax=Money.zero("EUR")),
        CurrencyMismatchError,
        "currency",
    ),
    "breakdown-fee-other-currency": (
        _evolve(
            BREAKDOWN,
            fees=(
                attrs.evolve(
                    BREAKDOWN.fees[0],
                    base=EURO,
                    exact=_exact("0.3", "EUR"),
                    amount=Money.parse("0.30", "EUR"),
                ),
            ),
        ),
        CurrencyMismatchError,
        "currency",
    ),
    "breakdown-net-negative": (
        _evolve(
            BREAKDOWN,
            fees=(
                attrs.evolve(
                    BREAKDOWN.fees[0], exact=_exact("1.49"), amount=Money.parse("1.49", "USD")
                ),
            ),
            net=Money.parse("-0.50", "USD"),
        ),
        InvalidValueError,
        "net",
    ),
    "rounding-note-step-empty": (
        _evolve(BREAKDOWN.roundings[0], step=""),
        InvalidValueError,
        "step",
    ),
    "rounding-note-step-whitespace": (
        _evolve(BREAKDOWN.roundings[0], step="tax "),
        InvalidValueError,
        "step",
    ),
    "rounding-note-step-int": (
        _evolve(BREAKDOWN.roundings[0], step=1),
        InvalidValueError,
        "step",
    ),
    "rounding-note-fee-step-bad-name": (
        _evolve(BREAKDOWN.roundings[1], step="store fee (apple\n)"),
        InvalidValueError,
        "step",
    ),
    # -- coin lots and coin costs --
    "coin-lot-cost-of-negative": (lambda: LOT.cost_of(Coins(-1)), InvalidValueError, "coins"),
    "coin-lot-cost-of-more-than-lot": (
        lambda: LOT.cost_of(Coins(66)),
        InvalidValueError,
        "coins",
    ),
    "coin-lot-cost-of-int": (_call(LOT.cost_of, 5), InvalidTypeError, "coins"),
    "coin-lot-net-value-int": (_call(LOT.net_value, 5), InvalidTypeError, "coins"),
    "coin-cost-net-other-currency": (
        _evolve(COST, net=_exact("1", "EUR")),
        CurrencyMismatchError,
        "net.currency",
    ),
    "coin-cost-tax-other-currency": (
        _evolve(COST, tax=_exact("0", "EUR")),
        CurrencyMismatchError,
        "tax.currency",
    ),
    "coin-cost-gross-none": (_evolve(COST, gross=None), InvalidTypeError, "gross"),
    "coin-cost-net-none": (_evolve(COST, net=None), InvalidTypeError, "net"),
    "coin-cost-tax-negative": (_evolve(COST, tax=_exact("-0.01")), InvalidValueError, "tax"),
    "coin-cost-only-some-items": (_evolve(COST, store_fee=None), InvalidValueError, "tax"),
    "coin-cost-parts-exceed-gross": (
        _evolve(COST, net=COST.gross + COST.gross),
        InvalidValueError,
        "net",
    ),
    "coin-cost-parts-below-gross": (
        _evolve(COST, net=_exact("0")),
        InvalidValueError,
        "net",
    ),
    "coin-cost-net-above-gross-unitemised": (
        _evolve(COST, tax=None, store_fee=None, processor_fee=None, net=COST.gross + COST.gross),
        InvalidValueError,
        "net",
    ),
    # -- lot debits and spends --
    "lot-debit-kind-str": (_evolve(DEBIT, kind="purchased"), InvalidTypeError, "kind"),
    "lot-debit-lot-id-empty": (_evolve(DEBIT, lot_id=""), InvalidValueError, "lot_id"),
    "lot-debit-coins-zero": (_evolve(DEBIT, coins=Coins(0)), InvalidValueError, "coins"),
    "lot-debit-coins-int": (_evolve(DEBIT, coins=5), InvalidTypeError, "coins"),
    "lot-debit-net-value-negative": (
        _evolve(DEBIT, net_value=_exact("-1"), cost=None),
        InvalidValueError,
        "net_value",
    ),
    "lot-debit-gross-value-none": (
        _evolve(DEBIT, gross_value=None),
        InvalidTypeError,
        "gross_value",
    ),
    "lot-debit-net-above-gross": (
        _evolve(DEBIT, net_value=DEBIT.gross_value + DEBIT.gross_value, cost=None),
        InvalidValueError,
        "net_value",
    ),
    "lot-debit-currencies-mixed": (
        _evolve(DEBIT, net_value=_exact("0.01", "EUR"), cost=None),
        CurrencyMismatchError,
        "net_value.currency",
    ),
    "lot-debit-purchase-id-empty": (
        _evolve(DEBIT, purchase_id=""),
        InvalidValueError,
        "purchase_id",
    ),
    "lot-debit-cost-str": (_evolve(DEBIT, cost="cheap"), InvalidTypeError, "cost"),
    "lot-debit-cost-of-other-coins": (
        _evolve(DEBIT, cost=LOT.cost_of(Coins(4))),
        InvalidValueError,
        "cost",
    ),
    "spend-wallet-none": (_call(Spend, wallet=None, debits=()), InvalidTypeError, "wallet"),
    "spend-debits-list": (
        _call(Spend, wallet=Wallet(), debits=[DEBIT]),
        InvalidTypeError,
        "debits",
    ),
    "spend-debits-ints": (
        _call(Spend, wallet=Wallet(), debits=(5,)),
        InvalidTypeError,
        "debits",
    ),
    # -- spending rules --
    "age-rule-by-country-bad-code": (
        lambda: AgeRule(years=18, by_country={"U S": 18}),
        InvalidValueError,
        "by_country",
    ),
    "age-rule-minimum-for-int": (
        _call(AgeRule(years=18).minimum_for, 5),
        InvalidValueError,
        "country",
    ),
    "age-rule-minimum-for-bad-code": (
        lambda: AgeRule(years=18).minimum_for("usa"),
        InvalidValueError,
        "country",
    ),
    "spending-rules-check-history-none": (
        _call(RULES.check, DOLLAR, now=NOW, history=None),
        InvalidTypeError,
        "history",
    ),
    "spending-rules-check-history-int": (
        _call(RULES.check, DOLLAR, now=NOW, history=5),
        InvalidTypeError,
        "history",
    ),
    "spending-decision-refusals-list": (
        _call(SpendingDecision, refusals=[]),
        InvalidTypeError,
        "refusals",
    ),
    "spending-decision-refusals-ints": (
        _evolve(SpendingDecision(refusals=()), refusals=(5,)),
        InvalidTypeError,
        "refusals",
    ),
    "refusal-rule-empty": (_refusal(rule=""), InvalidValueError, "rule"),
    "refusal-rule-whitespace": (_refusal(rule=" day"), InvalidValueError, "rule"),
    "refusal-excess-other-currency": (_refusal(excess=EURO), CurrencyMismatchError, "excess"),
    "refusal-spent-coins-with-money-limit": (
        _refusal(spent=Coins(5)),
        InvalidValueError,
        "spent",
    ),
    "refusal-attempted-str": (_refusal(attempted="1.00"), InvalidTypeError, "attempted"),
    "refusal-limit-bool": (_refusal(limit=True), InvalidTypeError, "limit"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_refuses_naming_the_argument(case: str) -> None:
    make, error, argument = BAD[case]
    with pytest.raises(error) as caught:
        make()
    assert argument == caught.value.argument  # type: ignore[attr-defined]
    assert str(caught.value).startswith(argument)


def test_a_currency_mismatch_without_an_argument_keeps_its_message() -> None:
    with pytest.raises(CurrencyMismatchError) as caught:
        DOLLAR + EURO
    assert caught.value.argument is None
    assert str(caught.value).startswith("cannot add USD and EUR")


@pytest.mark.parametrize(
    ("proceeds", "quote"),
    [(EURO, IOS), (Money.zero(USD), IOS), (Money.zero(USD), PLAY)],
    ids=["other-currency-without-threshold", "zero-without-threshold", "zero-with-threshold"],
)
def test_checkout_accepts_proceeds_it_can_use_or_ignore(proceeds: Money, quote: Any) -> None:
    # A channel without a threshold fee ignores the proceeds: any currency is plausible.
    assert checkout(quote, purchase_id="p1", proceeds_to_date=proceeds).breakdown.net.minor > 0


def test_the_values_a_spend_builds_unchecked_pass_the_checks() -> None:
    spend = Wallet(PURCHASE.lots).spend(Coins(65), SpendPolicy.FIFO)
    for debit in spend.debits:
        assert debit == attrs.evolve(debit)
        assert debit.cost is not None
        assert debit.cost == attrs.evolve(debit.cost)
    assert spend == Spend(wallet=spend.wallet, debits=spend.debits)
    assert LOT.cost_of(Coins(0)).gross == ExactMoney(Fraction(0), USD)
    assert LOT.cost_of(LOT.coins) == attrs.evolve(LOT.cost_of(LOT.coins))


def test_a_refusal_of_the_minimum_age_counts_years() -> None:
    refusal = Refusal(rule="minimum age", limit=18, spent=0, attempted=16, excess=2)
    assert str(refusal).endswith("(2 years short)")


def test_a_fee_with_the_longest_name_still_reads_back() -> None:
    # Its rounding note's step, "store fee (<64 characters>)", is longer than a name.
    name = "f" * 64
    fee = _fee(name=name, basis=FeeBasis.GROSS)
    storefront = Storefront(country="US", currency=USD, tax=Tax.none(), fees={Channel.IOS: (fee,)})
    note = RoundingNote(
        step=f"store fee ({name})",
        exact=_exact("0.297"),
        rounded=Money.parse("0.30", "USD"),
        rounding=Rounding.HALF_UP,
    )
    assert from_data(RoundingNote, to_data(note)) == note
    assert storefront.fees_for(Channel.IOS) == (fee,)
