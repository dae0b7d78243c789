"""The tables of ``test_catalogue.py``: bad inputs for every public callable (issue #12).

Kept apart from the tests so that a failing case's traceback stays short (pytest parses
the file of each frame it shows). Each ``add`` is one case, one test id; ``add_event``
is a bad ledger event and the ledger it is applied to.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

import attrs

import giftflow
import giftflow.plot
import giftflow.presets
import giftflow.testing
from giftflow import (
    Account,
    AccountKind,
    Channel,
    Coins,
    CoinsPurchased,
    Diamonds,
    ExactMoney,
    GiftEvent,
    GiftSent,
    Ledger,
    Money,
    Purchase,
    Quote,
    Rate,
    Rounding,
    checkout,
    presets,
)
from giftflow._ledger._snapshot import BalanceEntry
from tests.format.raw import raw_data

T = TypeVar("T")

# -- the shapes of a case ---------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One bad call: ``run`` makes it; the refusal must name ``argument``."""

    id: str
    names: tuple[str, ...]  # the public names it exercises, e.g. ("Money", "Money.parse")
    argument: str
    run: Callable[[], object]


@dataclass(frozen=True)
class LedgerCase:
    """One bad event: ``event`` builds it, ``setup`` the ledger it is applied to."""

    id: str
    names: tuple[str, ...]
    argument: str
    setup: Callable[[], Ledger]
    event: Callable[[], object]


def forge(value: T, **changes: object) -> T:
    """``attrs.evolve`` unchecked by mypy: the validators still run, which is the point."""
    evolve: Callable[..., T] = attrs.evolve
    return evolve(value, **changes)


# Loop variables shared by the tables below (each loop reuses them with its own values).
label: str
bad: object
changes: Mapping[str, object]
kind: type


CASES: list[Case] = []
LEDGER_CASES: list[LedgerCase] = []


def call(function: Callable[..., object], *args: object, **kwargs: object) -> Callable[[], object]:
    """The bad call, unchecked by mypy: the point is to pass what the types forbid."""
    return lambda: function(*args, **kwargs)


def add(names: str, id: str, argument: str, run: Callable[[], object]) -> None:
    CASES.append(Case(id, tuple(names.split()), argument, run))


def add_event(
    names: str,
    id: str,
    argument: str,
    setup: Callable[[], Ledger],
    event: Callable[[], object],
) -> None:
    LEDGER_CASES.append(LedgerCase(id, ("Ledger.apply", *names.split()), argument, setup, event))


def drain(function: Callable[..., object], *args: object, **kwargs: object) -> Callable[[], object]:
    """The bad call of a lazy function (a generator or a strategy), forced to do its work."""

    def run() -> object:
        result = function(*args, **kwargs)
        validate = getattr(result, "validate", None)
        if callable(validate):
            validate()  # a Hypothesis strategy builds itself here
            return result
        return list(result)  # type: ignore[call-overload]

    return run


# -- shared good values (immutable, so built once) -------------------------------------

T0 = datetime(2026, 11, 2, 12, tzinfo=UTC)
NAIVE = datetime(2026, 11, 2, 12)
LATE = datetime(9999, 12, 31, 23, tzinfo=UTC)
USD = giftflow.currency("USD")
EUR = giftflow.currency("EUR")
ECONOMY = presets.tiktok()
# TikTok's economy has a minimum age: the ledger needs the profile of every viewer who spends.
VIEWERS = {"v1": giftflow.Viewer(country="US", birth_date=date(1990, 5, 1))}
BOOK = ECONOMY.price_book
QUOTE = BOOK.quote("coins_65", country="US", channel=Channel.IOS, at=T0)
GOOGLE_PLAY_QUOTE = BOOK.quote("coins_65", country="US", channel=Channel.GOOGLE_PLAY, at=T0)
PURCHASE = checkout(QUOTE, purchase_id="p1")
LOT = PURCHASE.lots[0]
FEE = PURCHASE.breakdown.fees[0]
BREAKDOWN = PURCHASE.breakdown
DOLLAR = Money.parse("1.00", "USD")
EURO = Money.parse("1.00", "EUR")
CENT = Money.parse("0.01", "USD")
EXACT = ExactMoney.parse("0.005", "USD")
HALF = Rate.parse("0.5")
ROSE = GiftEvent(
    id="g1",
    viewer="v1",
    gift="Rose",
    count=5,
    recipients="ana",
    country="US",
    at=T0 + timedelta(hours=1),
)
WALLET = giftflow.Wallet(PURCHASE.lots)
CARRY = giftflow.Carry()
RECEIPT = giftflow.send_gift(ECONOMY, WALLET, ROSE, carry=CARRY)
TRACE = giftflow.trace(RECEIPT)
SCHEDULE = giftflow.PayoutSchedule.weekly(0)
POLICY = presets.tiktok_payout_policy()
CREATOR = giftflow.Creator(
    country="US", birth_date=date(1990, 5, 1), payout_account_since=datetime(2026, 1, 1, tzinfo=UTC)
)
EARNINGS = (giftflow.Earning(at=T0, diamonds=Diamonds(20_000)),)
VALUATION = giftflow.DiamondValuation.of(ExactMoney.parse("0.005", "USD"))


def plan(**changes: object) -> giftflow.PayoutPlan:
    arguments: dict[str, object] = {
        "earnings": EARNINGS,
        "payouts": [],
        "now": T0 + timedelta(days=20),
        "creator": CREATOR,
        "method": POLICY.methods[0].name,
        "payout_currency": "USD",
        "valuation": VALUATION,
        "rounding": Rounding.DOWN,
    }
    arguments.update(changes)
    return giftflow.plan_payout(POLICY, **arguments)  # type: ignore[arg-type]


PLAN = plan()
LEG = giftflow.PayoutLeg(kind=giftflow.PayoutLegKind.NET, name="creator", amount=CENT)
ACCOUNT = Account(AccountKind.VIEWER_WALLET, "v1")
APPLE = Account(AccountKind.STORE_PAYABLE, "apple")
POSTING = giftflow.Posting(ACCOUNT, Coins(5))
TRANSACTION = giftflow.Transaction(
    event_id="x1",
    kind="coins_expired",
    at=T0,
    postings=(
        giftflow.Posting(ACCOUNT, Coins(-5)),
        giftflow.Posting(Account(AccountKind.DEFERRED_REVENUE), Coins(5)),
    ),
)
PERIOD = giftflow.Window(start=T0 - timedelta(days=1), end=T0 + timedelta(days=30))
SETTLEMENT = giftflow.settle(ECONOMY, [("ana", "Rose", 1)], at=T0, country="US")


def evolve(value: object, **changes: object) -> Callable[[], object]:
    return call(forge, value, **changes)


# == values ============================================================================

# Constructors of the numeric values, each given the types a caller might wrongly pass.
for kind, argument in ((Coins, "amount"), (Diamonds, "amount")):
    slug = kind.__name__.lower()
    for label, bad in (
        ("float", 1.5),
        ("str", "5"),
        ("none", None),
        ("bool", True),
        ("decimal", Decimal(5)),
    ):
        add(kind.__name__, f"{slug}-{label}", argument, call(kind, bad))
    add(kind.__name__, f"{slug}-5000-digits", argument, call(kind, 10**5000))
for label, bad in (
    ("float", 1.5),
    ("str", "100"),
    ("none", None),
    ("bool", True),
    ("fraction", Fraction(1, 2)),
):
    add("Money", f"money-minor-{label}", "minor", call(Money, bad, USD))
    add("Money.of_minor", f"money-of-minor-{label}", "minor", call(Money.of_minor, bad, "USD"))
add("Money", "money-currency-str", "currency", call(Money, 100, "USD"))
add("Money", "money-currency-none", "currency", call(Money, 100, None))
add("Money", "money-5000-digits", "minor", call(Money, 10**5000, USD))
add("Money.of_minor", "money-of-minor-5000-digits", "minor", call(Money.of_minor, 10**5000, "USD"))
add("Money.of_minor", "money-of-minor-unknown-currency", "code", call(Money.of_minor, 5, "ZZZ"))
for label, bad in (
    ("float", 1.5),
    ("int", 10),
    ("none", None),
    ("words", "ten dollars"),
    ("nan", "NaN"),
    ("infinity", "Infinity"),
    ("decimal-nan", Decimal("NaN")),
    ("too-precise", "1.005"),
    ("5000-digits", "9" * 5000),
    ("huge-exponent", Decimal("1E+999999999")),
):
    add("Money.parse", f"money-parse-{label}", "amount", call(Money.parse, bad, "USD"))
add("Money.parse", "money-parse-no-currency", "currency", call(Money.parse, "1.00"))
add("Money.parse", "money-parse-unknown-currency", "code", call(Money.parse, "1.00", "ZZZ"))
add(
    "Money.parse",
    "money-parse-text-currency-differs",
    "currency",
    call(Money.parse, "1.00 EUR", "USD"),
)
add("Money.zero", "money-zero-none", "currency", call(Money.zero, None))
add("Money.zero", "money-zero-unknown", "code", call(Money.zero, "ZZZ"))
add("Money.total", "money-total-mixed-currencies", "EUR", call(Money.total, [DOLLAR, EURO], "USD"))
add("Money.total", "money-total-ints", "amounts", call(Money.total, [1, 2], "USD"))
add("Money.total", "money-total-none", "amounts", call(Money.total, None, "USD"))
add("Money", "money-sum-builtin", "Money.total", call(sum, [DOLLAR, DOLLAR]))
add("Money", "money-mul-float", "multiply", call(operator.mul, DOLLAR, 1.5))
add("Money", "money-rmul-float", "multiply", call(operator.mul, 1.5, DOLLAR))
add("Money", "money-mul-rate", "multiply", call(operator.mul, DOLLAR, HALF))
add("Money", "money-mul-decimal", "multiply", call(operator.mul, DOLLAR, Decimal("1.5")))
add("Money", "money-mul-money", "multiply", call(operator.mul, DOLLAR, DOLLAR))
add("Money", "money-add-int", "other", call(operator.add, DOLLAR, 1))
add("Money", "money-add-other-currency", "EUR", call(operator.add, DOLLAR, EURO))
add("Money", "money-sub-other-currency", "EUR", call(operator.sub, DOLLAR, EURO))
add("Money", "money-add-exact", "other", call(operator.add, DOLLAR, 0.5))
add("Money", "money-floordiv-zero", "divisor", call(operator.floordiv, DOLLAR, 0))
add("Money", "money-floordiv-float", "other", call(operator.floordiv, DOLLAR, 1.5))
add("Money", "money-truediv", "split", call(operator.truediv, DOLLAR, 3))
add("Money", "money-lt-other-currency", "EUR", call(operator.lt, DOLLAR, EURO))
add("Money", "money-lt-int", "other", call(operator.lt, DOLLAR, 1))
add("Money.multiply", "money-multiply-float", "rate", call(DOLLAR.multiply, 1.5, Rounding.DOWN))
add(
    "Money.multiply",
    "money-multiply-rounding-str",
    "rounding",
    call(DOLLAR.multiply, HALF, "ROUND_DOWN"),
)
add("Money.multiply", "money-multiply-rounding-none", "rounding", call(DOLLAR.multiply, HALF, None))
add("Money.multiply_exact", "money-multiply-exact-float", "rate", call(DOLLAR.multiply_exact, 0.5))
add("Money.allocate", "money-allocate-empty", "ratios", call(DOLLAR.allocate, []))
add("Money.allocate", "money-allocate-zeros", "ratios", call(DOLLAR.allocate, [0, 0]))
add("Money.allocate", "money-allocate-negative", "ratios", call(DOLLAR.allocate, [-1, 2]))
add("Money.allocate", "money-allocate-float", "ratios", call(DOLLAR.allocate, [0.5, 0.5]))
add("Money.allocate", "money-allocate-none", "ratios", call(DOLLAR.allocate, None))
add(
    "Money.allocate",
    "money-allocate-5000-digit-denominators",
    "ratios",
    call(DOLLAR.allocate, [Fraction(1, 10**5000 + 1), Fraction(1, 10**5000 + 3)]),
)
add("Money.split", "money-split-zero", "count", call(DOLLAR.split, 0))
add("Money.split", "money-split-negative", "count", call(DOLLAR.split, -2))
add("Money.split", "money-split-float", "count", call(DOLLAR.split, 1.5))
add("Money.split", "money-split-huge", "count", call(DOLLAR.split, 10**12))

for label, bad in (("float", 0.5), ("int", 5), ("none", None)):
    add("ExactMoney", f"exact-money-minor-{label}", "minor", call(ExactMoney, bad, USD))
add("ExactMoney", "exact-money-currency-str", "currency", call(ExactMoney, Fraction(1, 2), "USD"))
add(
    "ExactMoney",
    "exact-money-5000-digit-denominator",
    "minor",
    call(ExactMoney, Fraction(1, 10**5000), USD),
)
add("ExactMoney.parse", "exact-money-parse-float", "amount", call(ExactMoney.parse, 0.5, "USD"))
add("ExactMoney.parse", "exact-money-parse-words", "amount", call(ExactMoney.parse, "half", "USD"))
add("ExactMoney.parse", "exact-money-parse-nan", "amount", call(ExactMoney.parse, "NaN", "USD"))
add(
    "ExactMoney.parse",
    "exact-money-parse-5000-digits",
    "amount",
    call(ExactMoney.parse, "1." + "1" * 5000, "USD"),
)
add("ExactMoney.zero", "exact-money-zero-unknown", "code", call(ExactMoney.zero, "ZZZ"))
add("ExactMoney", "exact-money-add-other-currency", "EUR", call(operator.add, EXACT, EURO))
add("ExactMoney", "exact-money-add-int", "other", call(operator.add, EXACT, 1))
add("ExactMoney", "exact-money-mul-float", "multiply", call(operator.mul, EXACT, 1.5))
add("ExactMoney.multiply", "exact-money-multiply-float", "rate", call(EXACT.multiply, 0.5))
add("ExactMoney.round", "exact-money-round-str", "rounding", call(EXACT.round, "ROUND_DOWN"))
add(
    "ExactMoney.round_with_remainder",
    "exact-money-round-with-remainder-none",
    "rounding",
    call(EXACT.round_with_remainder, None),
)

for label, bad in (("float", 0.5), ("str", "0.5"), ("int", 1), ("none", None)):
    add("Rate", f"rate-value-{label}", "value", call(Rate, bad))
add("Rate", "rate-negative-fraction", "value", call(Rate, Fraction(-1, 2)))
for label, bad in (
    ("float", 0.5),
    ("words", "half"),
    ("nan", Decimal("NaN")),
    ("5000-digits", "0." + "1" * 5000),
    ("huge-exponent", Decimal("1E+999999999")),
    ("none", None),
    ("bool", True),
    ("zero-denominator", "1/0"),
):
    add("Rate.parse", f"rate-parse-{label}", "rate", call(Rate.parse, bad))
add("Rate.ratio", "rate-ratio-zero-denominator", "denominator", call(Rate.ratio, 1, 0))
add("Rate.ratio", "rate-ratio-float", "numerator", call(Rate.ratio, 1.5, 2))
add("Rate.ratio", "rate-ratio-5000-digit-denominator", "denominator", call(Rate.ratio, 1, 10**5000))
add("Rate", "rate-mul-float", "other", call(operator.mul, HALF, 1.5))
add("Rate", "rate-div-zero", "other", call(operator.truediv, HALF, 0))
add("Rate", "rate-add-int", "other", call(operator.add, HALF, 1))
add("Rate", "rate-lt-float", "other", call(operator.lt, HALF, 0.5))
add("Rate.complement", "rate-complement-above-one", "rate", call(Rate.parse("1.5").complement))
add("Rate.percent", "rate-percent-negative-places", "places", call(HALF.percent, -1, Rounding.DOWN))
add("Rate.percent", "rate-percent-rounding-str", "rounding", call(HALF.percent, 2, "ROUND_DOWN"))

for kind in (Coins, Diamonds):
    slug = kind.__name__.lower()
    one = kind(1)
    other = Diamonds(1) if kind is Coins else Coins(1)
    add(
        kind.__name__,
        f"{slug}-add-{type(other).__name__.lower()}",
        type(other).__name__,
        call(operator.add, one, other),
    )
    add(
        kind.__name__,
        f"{slug}-sub-{type(other).__name__.lower()}",
        type(other).__name__,
        call(operator.sub, one, other),
    )
    add(
        kind.__name__,
        f"{slug}-lt-{type(other).__name__.lower()}",
        type(other).__name__,
        call(operator.lt, one, other),
    )
    add(kind.__name__, f"{slug}-add-int", "other", call(operator.add, one, 1))
    add(kind.__name__, f"{slug}-mul-float", "other", call(operator.mul, one, 1.5))

# Not bad input: Currency(code="usd") is USD (codes are upper-cased when built, and
# from_data refuses the lower-case spelling so a document has one spelling).
add("Currency", "currency-class-code-empty", "code", call(giftflow.Currency, code="", exponent=2))
add("Currency", "currency-class-code-none", "code", call(giftflow.Currency, code=None, exponent=2))
add(
    "Currency",
    "currency-class-exponent-negative",
    "exponent",
    call(giftflow.Currency, code="ZZC", exponent=-1),
)
add(
    "Currency",
    "currency-class-exponent-float",
    "exponent",
    call(giftflow.Currency, code="ZZC", exponent=1.5),
)
add(
    "Currency",
    "currency-class-exponent-huge",
    "exponent",
    call(giftflow.Currency, code="ZZC", exponent=10**6),
)
add(
    "Currency",
    "currency-class-numeric-str",
    "numeric",
    call(giftflow.Currency, code="ZZC", exponent=2, numeric="840"),
)
add("currency", "currency-unknown", "code", call(giftflow.currency, "ZZZ"))
add("currency", "currency-none", "code", call(giftflow.currency, None))
add("currency", "currency-int", "code", call(giftflow.currency, 840))
add("currency", "currency-no-minor-unit", "code", call(giftflow.currency, "XAU"))
add("currency", "currency-with-space", "code", call(giftflow.currency, " USD"))

add("Rounded", "rounded-units-float", "units", call(giftflow.Rounded, 1.5, Fraction(0)))
add("Rounded", "rounded-remainder-float", "remainder", call(giftflow.Rounded, 1, 0.5))
add(
    "Rounded", "rounded-remainder-out-of-range", "remainder", call(giftflow.Rounded, 1, Fraction(3))
)

ENUMS = [
    "Rounding",
    "CapPeriod",
    "CostBasis",
    "Crossing",
    "FeeBasis",
    "FeeKind",
    "Qualification",
    "LotKind",
    "SpendPolicy",
    "TaxMode",
    "StreakKind",
    "StreakClose",
    "UnfinishedStreaks",
    "FeeBearer",
    "PayoutLegKind",
    "PayoutReasonKind",
    "ScheduleKind",
    "AccountKind",
    "Clawback",
]
for name in ENUMS:
    add(
        name,
        f"enum-{name.lower()}-unknown-value",
        name,
        call(getattr(giftflow, name), "no such member"),
    )

add("UnitNames", "unit-names-empty", "coin", call(giftflow.UnitNames, coin=""))
add("UnitNames", "unit-names-int", "coins", call(giftflow.UnitNames, coins=5))
add("UnitNames.words", "unit-names-words-unknown", "unit", call(giftflow.UnitNames().words, "bits"))
add("UnitNames.show", "unit-names-show-int", "units", call(giftflow.UnitNames().show, 5))

add("Window", "window-start-naive", "start", call(giftflow.Window, start=NAIVE))
add(
    "Window",
    "window-end-before-start",
    "end",
    call(giftflow.Window, start=T0, end=T0 - timedelta(days=1)),
)
add("Window", "window-empty", "end", call(giftflow.Window, start=T0, end=T0))
add("Window", "window-start-str", "start", call(giftflow.Window, start="2026-11-02"))
add("Window.contains", "window-contains-naive", "at", call(giftflow.Window().contains, NAIVE))
add("Window.contains", "window-contains-none", "at", call(giftflow.Window().contains, None))
add("Window.overlaps", "window-overlaps-int", "other", call(giftflow.Window().overlaps, 5))

for label, rule in (
    ("bymonth-13", "FREQ=YEARLY;BYMONTH=13"),
    ("february-30", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"),
    ("minus-identical-exrule", "RRULE:FREQ=DAILY\nEXRULE:FREQ=DAILY"),
    ("until-before-start", "FREQ=DAILY;UNTIL=20200101T000000Z"),
    ("empty", ""),
    ("garbage", "every friday"),
):
    add(
        "Recurrence",
        f"recurrence-{label}",
        "rule",
        call(giftflow.Recurrence, rule=rule, start=T0, duration=timedelta(hours=1)),
    )
add(
    "Recurrence",
    "recurrence-start-naive",
    "start",
    call(giftflow.Recurrence, rule="FREQ=DAILY", start=NAIVE, duration=timedelta(hours=1)),
)
add(
    "Recurrence",
    "recurrence-duration-negative",
    "duration",
    call(giftflow.Recurrence, rule="FREQ=DAILY", start=T0, duration=timedelta(hours=-1)),
)
add(
    "Recurrence",
    "recurrence-duration-int",
    "duration",
    call(giftflow.Recurrence, rule="FREQ=DAILY", start=T0, duration=3600),
)
add(
    "Recurrence.contains",
    "recurrence-contains-naive",
    "at",
    call(
        giftflow.Recurrence(rule="FREQ=DAILY", start=T0, duration=timedelta(hours=1)).contains,
        NAIVE,
    ),
)
add(
    "Recurrence.contains",
    "recurrence-contains-int",
    "at",
    call(giftflow.Recurrence(rule="FREQ=DAILY", start=T0, duration=timedelta(hours=1)).contains, 5),
)

# == coins in ==========================================================================

S, P, NOT = giftflow.FeeKind.STORE, giftflow.FeeKind.PROCESSOR, giftflow.FeeBasis.NET_OF_TAX


def fee(**changes: object) -> Callable[[], object]:
    arguments: dict[str, object] = {
        "name": "apple",
        "kind": S,
        "basis": NOT,
        "rounding": Rounding.HALF_UP,
        "rate": Rate.parse("0.3"),
    }
    arguments.update(changes)
    return call(giftflow.Fee, **arguments)


add("Fee", "fee-rate-150-percent", "rate", fee(rate=Rate.parse("1.5")))
add("Fee", "fee-rate-float", "rate", fee(rate=0.3))
add("Fee", "fee-name-empty", "name", fee(name=""))
add("Fee", "fee-name-whitespace", "name", fee(name=" apple"))
add("Fee", "fee-kind-str", "kind", fee(kind="store"))
add("Fee", "fee-basis-str", "basis", fee(basis="gross"))
add("Fee", "fee-fixed-negative", "fixed", fee(fixed=-DOLLAR))
add("Fee", "fee-minimum-above-maximum", "minimum", fee(minimum=DOLLAR * 2, maximum=DOLLAR))
add("Fee", "fee-minimum-maximum-currencies", "maximum", fee(minimum=DOLLAR, maximum=EURO * 2))
add("Fee.charge", "fee-charge-int", "base", call(presets.apple_fee(USD).charge, 5))
add(
    "Fee.charge",
    "fee-charge-proceeds-other-currency",
    "proceeds_to_date",
    call(presets.google_play_fee(USD).charge, DOLLAR, proceeds_to_date=EURO),
)
add(
    "Fee.charge",
    "fee-charge-proceeds-negative",
    "proceeds_to_date",
    call(presets.google_play_fee(USD).charge, DOLLAR, proceeds_to_date=-DOLLAR),
)
SMALL_BUSINESS = presets.apple_fee_schedule(USD, small_business=True).fees_at(T0)[0]
add(
    "Fee.charge",
    "fee-charge-prior-year-missing",
    "prior_year_proceeds",
    call(SMALL_BUSINESS.charge, DOLLAR, proceeds_to_date=DOLLAR),
)
add(
    "Fee.charge",
    "fee-charge-prior-year-other-currency",
    "prior_year_proceeds",
    call(SMALL_BUSINESS.charge, DOLLAR, proceeds_to_date=DOLLAR, prior_year_proceeds=EURO),
)
add(
    "Fee.charge",
    "fee-charge-prior-year-float",
    "prior_year_proceeds",
    call(SMALL_BUSINESS.charge, DOLLAR, proceeds_to_date=DOLLAR, prior_year_proceeds=0.0),
)
add(
    "Fee.charge",
    "fee-charge-base-other-currency",
    "base",
    call(presets.card_processor_fee().charge, EURO),
)
add("FeeCharge", "fee-charge-record-rate-150-percent", "rate", evolve(FEE, rate=Rate.parse("1.5")))
add("FeeCharge", "fee-charge-record-amount-other-currency", "amount", evolve(FEE, amount=EURO))
add("FeeCharge", "fee-charge-record-amount-negative", "amount", evolve(FEE, amount=-CENT))
add("FeeCharge", "fee-charge-record-amount-not-rounded-exact", "amount", evolve(FEE, amount=DOLLAR))

add(
    "Tax",
    "tax-rate-none",
    "rate",
    call(giftflow.Tax, rate=None, mode=giftflow.TaxMode.INCLUDED, rounding=Rounding.HALF_UP),
)
add(
    "Tax",
    "tax-mode-str",
    "mode",
    call(giftflow.Tax, rate=HALF, mode="included", rounding=Rounding.HALF_UP),
)
add(
    "Tax",
    "tax-name-empty",
    "name",
    call(
        giftflow.Tax, rate=HALF, mode=giftflow.TaxMode.INCLUDED, rounding=Rounding.HALF_UP, name=""
    ),
)
add("Tax.split", "tax-split-int", "price", call(giftflow.Tax.none().split, 5))

add(
    "Threshold",
    "threshold-limit-negative",
    "limit",
    call(giftflow.Threshold, limit=-DOLLAR, rate_above=HALF, crossing=giftflow.Crossing.SPLIT),
)
add(
    "Threshold",
    "threshold-rate-above-150-percent",
    "rate_above",
    call(
        giftflow.Threshold,
        limit=DOLLAR,
        rate_above=Rate.parse("1.5"),
        crossing=giftflow.Crossing.SPLIT,
    ),
)
add(
    "Threshold",
    "threshold-crossing-str",
    "crossing",
    call(giftflow.Threshold, limit=DOLLAR, rate_above=HALF, crossing="split"),
)
add(
    "Threshold",
    "threshold-qualification-str",
    "qualification",
    call(
        giftflow.Threshold,
        limit=DOLLAR,
        rate_above=HALF,
        crossing=giftflow.Crossing.SPLIT,
        qualification="prior_year",
    ),
)

for label, bad in (
    ("empty", ""),
    ("int", 5),
    ("leading-space", " ios"),
    ("trailing-space", "ios "),
    ("newline", "i\nos"),
):
    add("Channel", f"channel-id-{label}", "id", call(Channel, bad))

add(
    "CoinPackage",
    "coin-package-coins-zero",
    "coins",
    call(giftflow.CoinPackage, id="c0", coins=Coins(0)),
)
add(
    "CoinPackage",
    "coin-package-coins-negative",
    "coins",
    call(giftflow.CoinPackage, id="c0", coins=Coins(-65)),
)
add("CoinPackage", "coin-package-coins-int", "coins", call(giftflow.CoinPackage, id="c0", coins=65))
add(
    "CoinPackage",
    "coin-package-bonus-negative",
    "bonus",
    call(giftflow.CoinPackage, id="c0", coins=Coins(65), bonus=Coins(-1)),
)
add(
    "CoinPackage", "coin-package-id-empty", "id", call(giftflow.CoinPackage, id="", coins=Coins(65))
)
add(
    "CoinPackage",
    "coin-package-id-whitespace",
    "id",
    call(giftflow.CoinPackage, id="coins_65 ", coins=Coins(65)),
)

PRICE = BOOK.prices[0]
add("PackagePrice", "package-price-negative", "price", evolve(PRICE, price=-PRICE.price))
add("PackagePrice", "package-price-zero", "price", evolve(PRICE, price=Money.zero("USD")))
add("PackagePrice", "package-price-int", "price", evolve(PRICE, price=99))
add("PackagePrice", "package-price-channel-str", "channel", evolve(PRICE, channel="ios"))
add("PackagePrice", "package-price-package-empty", "package", evolve(PRICE, package=""))
add("PackagePrice", "package-price-country-bad", "country", evolve(PRICE, country="USA"))

CUSTOM = giftflow.CustomAmount(
    country="US",
    channel=Channel.WEB,
    price_per=CENT,
    per=1,
    min_coins=Coins(30),
    max_coins=Coins(1000),
    rounding=Rounding.HALF_UP,
)
add("CustomAmount", "custom-amount-per-zero", "per", evolve(CUSTOM, per=0))
add(
    "CustomAmount",
    "custom-amount-min-above-max",
    "min_coins",
    evolve(CUSTOM, min_coins=Coins(2000)),
)
add("CustomAmount", "custom-amount-price-negative", "price_per", evolve(CUSTOM, price_per=-CENT))
add(
    "CustomAmount.price_of",
    "custom-amount-price-of-below-min",
    "coins",
    call(CUSTOM.price_of, Coins(1)),
)
add("CustomAmount.price_of", "custom-amount-price-of-int", "coins", call(CUSTOM.price_of, 50))

STORE = QUOTE.storefront
add("Storefront", "storefront-currency-str", "currency", evolve(STORE, currency="USD"))
add("Storefront", "storefront-tax-none", "tax", evolve(STORE, tax=None))
add("Storefront", "storefront-country-bad", "country", evolve(STORE, country="U S"))
add(
    "Storefront",
    "storefront-fee-other-currency",
    "fees",
    lambda: forge(STORE, fees={Channel.IOS: (fee(fixed=EURO)(),)}),
)
add(
    "Storefront.fees_for",
    "storefront-fees-for-unknown-channel",
    "channel",
    call(STORE.fees_for, Channel("playstation")),
)
add("Storefront.fees_for", "storefront-fees-for-str", "channel", call(STORE.fees_for, "ios"))
LINK_OUT = presets.apple_link_out_fee_schedule()
SCHEDULED = forge(STORE, fees={Channel.IOS_LINK_OUT: LINK_OUT})
add(
    "Storefront.fees_for",
    "storefront-fees-for-scheduled-without-at",
    "at",
    call(SCHEDULED.fees_for, Channel.IOS_LINK_OUT),
)
add(
    "Storefront.fees_for",
    "storefront-fees-for-at-naive",
    "at",
    call(SCHEDULED.fees_for, Channel.IOS_LINK_OUT, at=NAIVE),
)
add(
    "Storefront.schedule_for",
    "storefront-schedule-for-unknown-channel",
    "channel",
    call(STORE.schedule_for, Channel("playstation")),
)
add(
    "Storefront",
    "storefront-schedule-other-currency",
    "fees",
    lambda: forge(
        STORE, fees={Channel.IOS: LINK_OUT.plus(forge(presets.card_processor_fee(), fixed=EURO))}
    ),
)
LINK_OUT_PERIOD = LINK_OUT.periods[0]
add("FeePeriod", "fee-period-window-none", "window", evolve(LINK_OUT_PERIOD, window=None))
add("FeePeriod", "fee-period-fees-str", "fees", evolve(LINK_OUT_PERIOD, fees="apple"))
add("FeePeriod", "fee-period-fees-rates", "fees", evolve(LINK_OUT_PERIOD, fees=(HALF,)))
add("FeePeriod", "fee-period-source-empty", "source", evolve(LINK_OUT_PERIOD, source=""))
add("FeePeriod", "fee-period-source-int", "source", evolve(LINK_OUT_PERIOD, source=5))
add("FeeSchedule", "fee-schedule-empty", "periods", call(giftflow.FeeSchedule, ()))
add("FeeSchedule", "fee-schedule-not-periods", "periods", call(giftflow.FeeSchedule, (HALF,)))
add(
    "FeeSchedule",
    "fee-schedule-overlapping",
    "periods[1]",
    call(giftflow.FeeSchedule, (LINK_OUT_PERIOD, LINK_OUT_PERIOD)),
)
add(
    "FeeSchedule",
    "fee-schedule-out-of-order",
    "periods[1]",
    call(giftflow.FeeSchedule, tuple(reversed(LINK_OUT.periods))),
)
add("FeeSchedule.fees_at", "fee-schedule-fees-at-naive", "at", call(LINK_OUT.fees_at, NAIVE))
add("FeeSchedule.fees_at", "fee-schedule-fees-at-str", "at", call(LINK_OUT.fees_at, "2026-01-01"))
add(
    "FeeSchedule.period_at",
    "fee-schedule-period-at-uncovered",
    "at",
    call(giftflow.FeeSchedule((LINK_OUT.periods[1],)).period_at, T0 - timedelta(days=3650)),
)
add("FeeSchedule.plus", "fee-schedule-plus-rate", "fees", call(LINK_OUT.plus, HALF))

add(
    "Promotion",
    "promotion-bonus-negative",
    "bonus_coins",
    call(giftflow.Promotion, id="x", bonus_coins=Coins(-5)),
)
add("Promotion", "promotion-id-empty", "id", call(giftflow.Promotion, id="", bonus_coins=Coins(5)))
add(
    "Promotion",
    "promotion-recurrence-str",
    "recurrence",
    call(giftflow.Promotion, id="x", bonus_coins=Coins(5), recurrence="FREQ=DAILY"),
)
add(
    "Promotion",
    "promotion-validity-negative",
    "validity",
    call(giftflow.Promotion, id="x", bonus_coins=Coins(5), validity=-timedelta(days=1)),
)
add(
    "Promotion",
    "promotion-validity-int",
    "validity",
    call(giftflow.Promotion, id="x", bonus_coins=Coins(5), validity=30),
)
PROMO = giftflow.Promotion(id="x", bonus_coins=Coins(5))
add(
    "Promotion.applies",
    "promotion-applies-package-str",
    "package",
    call(PROMO.applies, "coins_65", country="US", channel=Channel.IOS, at=T0),
)
add(
    "Promotion.applies",
    "promotion-applies-naive",
    "at",
    call(PROMO.applies, QUOTE.package, country="US", channel=Channel.IOS, at=NAIVE),
)
add(
    "Promotion.extra_for",
    "promotion-extra-for-channel-str",
    "channel",
    call(PROMO.extra_for, QUOTE.package, country="US", channel="ios", at=T0),
)

add("PriceBook", "price-book-storefronts-none", "storefronts", evolve(BOOK, storefronts=None))
add(
    "PriceBook",
    "price-book-price-for-unknown-package",
    "package",
    lambda: forge(BOOK, prices=(*BOOK.prices, evolve(PRICE, package="coins_nope")())),
)
add(
    "PriceBook",
    "price-book-price-in-foreign-currency",
    "price",
    lambda: forge(
        BOOK,
        prices=(
            *BOOK.prices,
            evolve(
                PRICE, price=EURO, window=giftflow.Window(start=datetime(2040, 1, 1, tzinfo=UTC))
            )(),
        ),
    ),
)
add(
    "PriceBook.quote",
    "price-book-quote-unknown-package",
    "package",
    call(BOOK.quote, "coins_nope", country="US", channel=Channel.IOS, at=T0),
)
add(
    "PriceBook.quote",
    "price-book-quote-unknown-country",
    "country",
    call(BOOK.quote, "coins_65", country="ZZ", channel=Channel.IOS, at=T0),
)
add(
    "PriceBook.quote",
    "price-book-quote-channel-str",
    "channel",
    call(BOOK.quote, "coins_65", country="US", channel="ios", at=T0),
)
add(
    "PriceBook.quote",
    "price-book-quote-naive",
    "at",
    call(BOOK.quote, "coins_65", country="US", channel=Channel.IOS, at=NAIVE),
)
add(
    "PriceBook.quote",
    "price-book-quote-at-str",
    "at",
    call(BOOK.quote, "coins_65", country="US", channel=Channel.IOS, at="2026-11-02"),
)
add(
    "PriceBook.quote",
    "price-book-quote-package-whitespace",
    "package",
    call(BOOK.quote, " coins_65", country="US", channel=Channel.IOS, at=T0),
)
add(
    "PriceBook.quote_custom",
    "price-book-quote-custom-negative",
    "coins",
    call(BOOK.quote_custom, Coins(-1), country="US", channel=Channel.WEB, at=T0),
)
add(
    "PriceBook.quote_custom",
    "price-book-quote-custom-int",
    "coins",
    call(BOOK.quote_custom, 100, country="US", channel=Channel.WEB, at=T0),
)
add("PriceBook.storefront", "price-book-storefront-unknown", "country", call(BOOK.storefront, "ZZ"))
add("PriceBook.package", "price-book-package-unknown", "package", call(BOOK.package, "coins_nope"))

# The with_ methods (issue #16, item 6): each refusal names the argument; the economy's
# methods delegate to the price book's, so they are refused the same way.
SUPERS = presets.youtube_supers()
USD_APPLE = (giftflow.presets.apple_fee(USD),)
for owner, revised in (("PriceBook", BOOK), ("Economy", ECONOMY)):
    slug = owner.lower().replace("pricebook", "price-book")
    add(
        f"{owner}.with_fees",
        f"{slug}-with-fees-channel-str",
        "channel",
        call(revised.with_fees, "ios", USD_APPLE),
    )
    add(
        f"{owner}.with_fees",
        f"{slug}-with-fees-channel-unsold",
        "channel",
        call(revised.with_fees, Channel.IOS_LINK_OUT, ()),
    )
    add(
        f"{owner}.with_fees",
        f"{slug}-with-fees-channel-not-in-country",
        "channel",
        call(revised.with_fees, Channel.WEB, (), country="GB"),
    )
    add(
        f"{owner}.with_fees",
        f"{slug}-with-fees-country-unknown",
        "country",
        call(revised.with_fees, Channel.IOS, USD_APPLE, country="ZZ"),
    )
    add(
        f"{owner}.with_fees",
        f"{slug}-with-fees-one-fee",
        "fees",
        call(revised.with_fees, Channel.IOS, USD_APPLE[0], country="US"),
    )
    add(
        f"{owner}.with_fees",
        f"{slug}-with-fees-strs",
        "fees",
        call(revised.with_fees, Channel.IOS, ["apple"], country="US"),
    )
    add(
        f"{owner}.with_fees",
        f"{slug}-with-fees-usd-threshold-in-gb",
        "fees",
        call(
            revised.with_fees,
            Channel.IOS,
            [giftflow.presets.apple_fee(USD, small_business=True)],
        ),
    )
    price = {"country": "US", "channel": Channel.IOS, "price": Money.parse("1.09", "USD")}
    add(
        f"{owner}.with_price",
        f"{slug}-with-price-unknown-package",
        "package",
        call(revised.with_price, "coins_nope", **price),
    )
    add(
        f"{owner}.with_price",
        f"{slug}-with-price-unpriced-there",
        "package",
        call(revised.with_price, "coins_70", **price),
    )
    add(
        f"{owner}.with_price",
        f"{slug}-with-price-country-unknown",
        "country",
        call(revised.with_price, "coins_65", **{**price, "country": "ZZ"}),
    )
    add(
        f"{owner}.with_price",
        f"{slug}-with-price-channel-str",
        "channel",
        call(revised.with_price, "coins_65", **{**price, "channel": "ios"}),
    )
    add(
        f"{owner}.with_price",
        f"{slug}-with-price-float",
        "price",
        call(revised.with_price, "coins_65", **{**price, "price": 1.09}),
    )
    add(
        f"{owner}.with_price",
        f"{slug}-with-price-zero",
        "price",
        call(revised.with_price, "coins_65", **{**price, "price": Money.zero("USD")}),
    )
    add(
        f"{owner}.with_price",
        f"{slug}-with-price-eur",
        "price",
        call(revised.with_price, "coins_65", **{**price, "price": EURO}),
    )
    add(
        f"{owner}.with_price",
        f"{slug}-with-price-naive",
        "at",
        call(revised.with_price, "coins_65", **price, at=NAIVE),
    )
    add(
        f"{owner}.with_price",
        f"{slug}-with-price-at-str",
        "at",
        call(revised.with_price, "coins_65", **price, at="2026-11-02"),
    )
    add(
        f"{owner}.restricted_to",
        f"{slug}-restricted-to-country-str",
        "countries",
        call(revised.restricted_to, countries="US"),
    )
    add(
        f"{owner}.restricted_to",
        f"{slug}-restricted-to-country-unknown",
        "countries",
        call(revised.restricted_to, countries=["ZZ"]),
    )
    add(
        f"{owner}.restricted_to",
        f"{slug}-restricted-to-countries-empty",
        "countries",
        call(revised.restricted_to, countries=[]),
    )
    add(
        f"{owner}.restricted_to",
        f"{slug}-restricted-to-channel-unsold",
        "channels",
        call(revised.restricted_to, channels=[Channel.IOS_LINK_OUT]),
    )
    add(
        f"{owner}.restricted_to",
        f"{slug}-restricted-to-channels-channel",
        "channels",
        call(revised.restricted_to, channels=Channel.WEB),
    )
    add(
        f"{owner}.restricted_to",
        f"{slug}-restricted-to-country-left-empty",
        "countries",
        call(revised.restricted_to, countries=["US", "GB"], channels=[Channel.WEB]),
    )
for owner, revised in (("PriceBook", SUPERS.price_book), ("Economy", SUPERS)):
    slug = owner.lower().replace("pricebook", "price-book")
    add(
        f"{owner}.with_custom_range",
        f"{slug}-with-custom-range-nothing",
        "min_coins",
        call(revised.with_custom_range),
    )
    add(
        f"{owner}.with_custom_range",
        f"{slug}-with-custom-range-int",
        "max_coins",
        call(revised.with_custom_range, max_coins=20_000),
    )
    add(
        f"{owner}.with_custom_range",
        f"{slug}-with-custom-range-empty",
        "max_coins",
        call(revised.with_custom_range, min_coins=Coins(500), max_coins=Coins(499)),
    )
    add(
        f"{owner}.with_custom_range",
        f"{slug}-with-custom-range-min-zero",
        "min_coins",
        call(revised.with_custom_range, min_coins=Coins(0)),
    )
    add(
        f"{owner}.with_custom_range",
        f"{slug}-with-custom-range-min-above-max",
        "min_coins",
        call(revised.with_custom_range, min_coins=Coins(50_001)),
    )
    add(
        f"{owner}.with_custom_range",
        f"{slug}-with-custom-range-channel-unsold",
        "channel",
        call(revised.with_custom_range, max_coins=Coins(100), channel=Channel.GOOGLE_PLAY),
    )
    add(
        f"{owner}.with_custom_range",
        f"{slug}-with-custom-range-country-unknown",
        "country",
        call(revised.with_custom_range, max_coins=Coins(100), country="ZZ"),
    )
add(
    "PriceBook.with_custom_range",
    "price-book-with-custom-range-none-sold",
    "country",
    call(BOOK.with_custom_range, max_coins=Coins(100), country="US"),
)
add(
    "Economy.with_rounding",
    "economy-with-rounding-str",
    "diamond_rounding",
    call(ECONOMY.with_rounding, "down"),
)
add(
    "Economy.with_rounding",
    "economy-with-rounding-none",
    "diamond_rounding",
    call(ECONOMY.with_rounding, None),
)

add("Quote", "quote-price-negative", "price", evolve(QUOTE, price=-QUOTE.price))
add("Quote", "quote-price-zero", "price", evolve(QUOTE, price=Money.zero("USD")))
add(
    "Quote",
    "quote-price-foreign-currency",
    "price",
    evolve(QUOTE, price=Money.parse("0.99", "EUR")),
)
add("Quote", "quote-package-none", "package", evolve(QUOTE, package=None))
add("Quote", "quote-at-naive", "at", evolve(QUOTE, at=NAIVE))
add("Quote", "quote-promotional-negative", "promotional", evolve(QUOTE, promotional=Coins(-5)))
add(
    "Quote", "quote-promotional-without-promotion", "promotion", evolve(QUOTE, promotional=Coins(5))
)
add(
    "Quote",
    "quote-validity-without-promotion",
    "promotional_validity",
    evolve(QUOTE, promotional_validity=timedelta(days=7)),
)
add("Quote", "quote-storefront-none", "storefront", evolve(QUOTE, storefront=None))
add(
    "Quote",
    "quote-channel-not-in-storefront",
    "channel",
    evolve(QUOTE, channel=Channel("playstation")),
)
add("checkout", "checkout-quote-none", "quote", call(checkout, None, purchase_id="p1"))
add(
    "checkout",
    "checkout-quote-negative-price",
    "price",
    lambda: checkout(forge(QUOTE, price=-QUOTE.price), purchase_id="p1"),
)
add("checkout", "checkout-purchase-id-empty", "purchase_id", call(checkout, QUOTE, purchase_id=""))
add(
    "checkout",
    "checkout-purchase-id-whitespace",
    "purchase_id",
    call(checkout, QUOTE, purchase_id=" p1"),
)
add(
    "checkout",
    "checkout-proceeds-other-currency",
    "proceeds_to_date",
    # On Google Play, whose fee has a threshold: a channel without one ignores the proceeds.
    call(checkout, GOOGLE_PLAY_QUOTE, purchase_id="p1", proceeds_to_date=EURO),
)
add(
    "checkout",
    "checkout-proceeds-negative",
    "proceeds_to_date",
    call(checkout, QUOTE, purchase_id="p1", proceeds_to_date=-DOLLAR),
)
add(
    "checkout",
    "checkout-prior-year-negative",
    "prior_year_proceeds",
    call(checkout, QUOTE, purchase_id="p1", prior_year_proceeds=-DOLLAR),
)
add(
    "checkout",
    "checkout-prior-year-str",
    "prior_year_proceeds",
    call(checkout, QUOTE, purchase_id="p1", prior_year_proceeds="0"),
)
add(
    "checkout",
    "checkout-cost-basis-str",
    "cost_basis",
    call(checkout, QUOTE, purchase_id="p1", cost_basis="spread"),
)

add(
    "Purchase",
    "purchase-lot-coins-6500",
    "coins",
    lambda: forge(PURCHASE, lots=(forge(LOT, coins=Coins(6500)),)),
)
add("Purchase", "purchase-lots-empty", "lots", lambda: forge(PURCHASE, lots=()))
add(
    "Purchase",
    "purchase-lot-other-purchase-id",
    "purchase_id",
    lambda: forge(PURCHASE, lots=(forge(LOT, purchase_id="p9"),)),
)
add(
    "Purchase",
    "purchase-extra-bonus-lot",
    "lots",
    lambda: forge(PURCHASE, lots=(LOT, forge(LOT, id="p1/bonus", kind=giftflow.LotKind.BONUS))),
)
add(
    "Purchase",
    "purchase-lot-net-per-coin-forged",
    "per_coin",
    lambda: forge(PURCHASE, lots=(forge(LOT, net_per_coin=LOT.net_per_coin + LOT.net_per_coin),)),
)
add(
    "Purchase",
    "purchase-lot-acquired-before-quote",
    "acquired_at",
    lambda: forge(PURCHASE, lots=(forge(LOT, acquired_at=T0 - timedelta(days=1)),)),
)
add("Purchase", "purchase-id-differs-from-lots", "id", evolve(PURCHASE, id="p2"))
add("Purchase", "purchase-quote-none", "quote", evolve(PURCHASE, quote=None))
add(
    "Purchase",
    "purchase-breakdown-without-store-fee",
    "fees",
    lambda: forge(
        PURCHASE,
        breakdown=forge(BREAKDOWN, fees=(), net=BREAKDOWN.gross, roundings=BREAKDOWN.roundings[:1]),
    ),
)
add(
    "Purchase",
    "purchase-breakdown-of-another-price",
    "price",
    lambda: forge(
        PURCHASE,
        breakdown=checkout(forge(QUOTE, price=DOLLAR * 5), purchase_id="p1").breakdown,
    ),
)
add(
    "PurchaseBreakdown",
    "breakdown-does-not-sum",
    "net",
    evolve(BREAKDOWN, net=BREAKDOWN.net + CENT),
)
add(
    "PurchaseBreakdown",
    "breakdown-net-negative",
    "net",
    # A fee with a fixed part may charge more than its base at a valid rate (a bad rate
    # would be refused first, naming 'rate'): so only the net can be what is wrong.
    lambda: forge(
        BREAKDOWN,
        fees=(
            forge(
                FEE,
                exact=Money.parse("1.49", "USD").exact(),
                amount=Money.parse("1.49", "USD"),
            ),
        ),
        net=Money.parse("-0.50", "USD"),
    ),
)
add(
    "PurchaseBreakdown",
    "breakdown-tax-negative",
    "tax",
    evolve(BREAKDOWN, tax=-CENT, net=BREAKDOWN.net + CENT),
)
add(
    "PurchaseBreakdown",
    "breakdown-currencies-mixed",
    "currency",
    evolve(BREAKDOWN, tax=Money.zero("EUR")),
)
add(
    "PurchaseBreakdown",
    "breakdown-gross-below-price",
    "gross",
    evolve(BREAKDOWN, gross=BREAKDOWN.gross - CENT, net=BREAKDOWN.net - CENT),
)
add(
    "PurchaseBreakdown", "breakdown-fees-list", "fees", evolve(BREAKDOWN, fees=list(BREAKDOWN.fees))
)
add("RoundingNote", "rounding-note-step-empty", "step", evolve(BREAKDOWN.roundings[0], step=""))
add(
    "RoundingNote",
    "rounding-note-currencies-differ",
    "rounded",
    evolve(BREAKDOWN.roundings[0], rounded=Money.zero("EUR")),
)
add(
    "RoundingNote",
    "rounding-note-not-the-rounding-of-exact",
    "rounded",
    evolve(BREAKDOWN.roundings[1], rounded=DOLLAR),
)

add("CoinLot", "coin-lot-coins-negative", "coins", evolve(LOT, coins=Coins(-1)))
add("CoinLot", "coin-lot-acquired-naive", "acquired_at", evolve(LOT, acquired_at=NAIVE))
add("CoinLot", "coin-lot-net-negative", "per_coin", evolve(LOT, net_per_coin=-LOT.net_per_coin))
add(
    "CoinLot",
    "coin-lot-net-above-gross",
    "per_coin",
    evolve(LOT, net_per_coin=LOT.gross_per_coin + LOT.gross_per_coin),
)
add(
    "CoinLot",
    "coin-lot-currencies-mixed",
    "gross_per_coin",
    evolve(LOT, gross_per_coin=ExactMoney.parse("1.5", "EUR")),
)
add("CoinLot", "coin-lot-id-empty", "id", evolve(LOT, id=""))
add("CoinLot", "coin-lot-id-whitespace", "id", evolve(LOT, id="p1/purchased "))
add("CoinLot", "coin-lot-kind-str", "kind", evolve(LOT, kind="purchased"))
add("CoinLot", "coin-lot-expires-naive", "expires_at", evolve(LOT, expires_at=NAIVE))
add("CoinLot", "coin-lot-expires-str", "expires_at", evolve(LOT, expires_at="2027-01-01"))
add(
    "CoinLot",
    "coin-lot-expires-when-acquired",
    "expires_at",
    evolve(LOT, expires_at=LOT.acquired_at),
)
add("CoinLot.expired", "coin-lot-expired-naive", "at", call(LOT.expired, NAIVE))
add("CoinLot.expired", "coin-lot-expired-none", "at", call(LOT.expired, None))
add("CoinLot.cost_of", "coin-lot-cost-of-negative", "coins", call(LOT.cost_of, Coins(-1)))
add("CoinLot.cost_of", "coin-lot-cost-of-more-than-lot", "coins", call(LOT.cost_of, Coins(66)))
add("CoinLot.net_value", "coin-lot-net-value-int", "coins", call(LOT.net_value, 5))
add(
    "CoinLot.gross_value",
    "coin-lot-gross-value-diamonds",
    "coins",
    call(LOT.gross_value, Diamonds(5)),
)
COST = LOT.cost_of(Coins(5))
add("CoinCost", "coin-cost-currencies-mixed", "net", evolve(COST, net=ExactMoney.parse("1", "EUR")))
add("CoinCost", "coin-cost-gross-none", "gross", evolve(COST, gross=None))
add("CoinCost", "coin-cost-parts-exceed-gross", "net", evolve(COST, net=COST.gross + COST.gross))
DEBIT = RECEIPT.debits[0]
add("LotDebit", "lot-debit-kind-str", "kind", evolve(DEBIT, kind="purchased"))
add("LotDebit", "lot-debit-lot-id-empty", "lot_id", evolve(DEBIT, lot_id=""))

add("Wallet", "wallet-lots-list", "lots", call(giftflow.Wallet, [LOT]))
add("Wallet", "wallet-lots-int", "lots", call(giftflow.Wallet, (5,)))
add("Wallet", "wallet-duplicate-lot-ids", "lots", call(giftflow.Wallet, (LOT, LOT)))
add("Wallet.credit", "wallet-credit-int", "lots", call(WALLET.credit, 5))
add("Wallet.credit", "wallet-credit-existing-lot", "lots", call(WALLET.credit, LOT))
add(
    "Wallet.spend",
    "wallet-spend-too-much",
    "coins",
    call(WALLET.spend, Coins(1000), giftflow.SpendPolicy.FIFO),
)
add(
    "Wallet.spend",
    "wallet-spend-negative",
    "coins",
    call(WALLET.spend, Coins(-1), giftflow.SpendPolicy.FIFO),
)
add("Wallet.spend", "wallet-spend-int", "coins", call(WALLET.spend, 5, giftflow.SpendPolicy.FIFO))
add("Wallet.spend", "wallet-spend-policy-str", "policy", call(WALLET.spend, Coins(5), "fifo"))
add(
    "Wallet.spend",
    "wallet-spend-at-naive",
    "at",
    call(WALLET.spend, Coins(5), giftflow.SpendPolicy.FIFO, at=NAIVE),
)
add("Wallet.spendable", "wallet-spendable-naive", "at", call(WALLET.spendable, NAIVE))
add("Wallet.spendable", "wallet-spendable-date", "at", call(WALLET.spendable, date(2026, 1, 1)))
add("Spend", "spend-wallet-none", "wallet", call(giftflow.Spend, wallet=None, debits=()))
add("Spend", "spend-debits-list", "debits", call(giftflow.Spend, wallet=WALLET, debits=[DEBIT]))

add("AgeRule", "age-rule-years-negative", "years", call(giftflow.AgeRule, years=-1))
add("AgeRule", "age-rule-years-float", "years", call(giftflow.AgeRule, years=18.5))
add(
    "AgeRule",
    "age-rule-by-country-bad-code",
    "by_country",
    call(giftflow.AgeRule, years=18, by_country={"U S": 18}),
)
add(
    "AgeRule.minimum_for",
    "age-rule-minimum-for-int",
    "country",
    call(giftflow.AgeRule(years=18).minimum_for, 5),
)
add(
    "SpendingCap",
    "spending-cap-limit-negative",
    "limit",
    call(
        giftflow.SpendingCap,
        name="day",
        limit=-DOLLAR,
        period=giftflow.CapPeriod.CALENDAR_DAY,
        zone=UTC,
    ),
)
add(
    "SpendingCap",
    "spending-cap-zone-none",
    "zone",
    call(
        giftflow.SpendingCap,
        name="day",
        limit=DOLLAR,
        period=giftflow.CapPeriod.CALENDAR_DAY,
        zone=None,
    ),
)
add(
    "SpendingCap",
    "spending-cap-period-str",
    "period",
    call(giftflow.SpendingCap, name="day", limit=DOLLAR, period="calendar_day", zone=UTC),
)
add(
    "SpendingCap",
    "spending-cap-name-empty",
    "name",
    call(
        giftflow.SpendingCap,
        name="",
        limit=DOLLAR,
        period=giftflow.CapPeriod.CALENDAR_DAY,
        zone=UTC,
    ),
)
add("SpendRecord", "spend-record-naive", "at", call(giftflow.SpendRecord, at=NAIVE, amount=DOLLAR))
add("SpendRecord", "spend-record-amount-int", "amount", call(giftflow.SpendRecord, at=T0, amount=5))
RULES = presets.youtube_supers_spending_rules()
add("SpendingRules", "spending-rules-caps-list", "caps", call(giftflow.SpendingRules, caps=[]))
add("SpendingRules", "spending-rules-age-int", "age", call(giftflow.SpendingRules, age=18))
add(
    "SpendingRules.check",
    "spending-rules-check-amount-int",
    "amount",
    call(RULES.check, 5, now=T0, history=[]),
)
add(
    "SpendingRules.check",
    "spending-rules-check-naive",
    "now",
    call(RULES.check, DOLLAR, now=NAIVE, history=[]),
)
add(
    "SpendingRules.check",
    "spending-rules-check-history-none",
    "history",
    call(RULES.check, DOLLAR, now=T0, history=None),
)
add(
    "SpendingRules.check",
    "spending-rules-check-history-ints",
    "history",
    call(RULES.check, DOLLAR, now=T0, history=[5]),
)
add(
    "SpendingDecision",
    "spending-decision-refusals-list",
    "refusals",
    call(giftflow.SpendingDecision, refusals=[]),
)
add(
    "SpendingDecision.raise_if_refused",
    "spending-decision-refusals-ints",
    "refusals",
    lambda: forge(giftflow.SpendingDecision(refusals=()), refusals=(5,)).raise_if_refused(),
)
add(
    "Refusal",
    "refusal-rule-empty",
    "rule",
    call(giftflow.Refusal, rule="", limit=DOLLAR, spent=DOLLAR, attempted=DOLLAR, excess=DOLLAR),
)
add(
    "Refusal",
    "refusal-currencies-mixed",
    "excess",
    call(giftflow.Refusal, rule="day", limit=DOLLAR, spent=DOLLAR, attempted=DOLLAR, excess=EURO),
)
add(
    "Viewer",
    "viewer-birth-date-str",
    "birth_date",
    call(giftflow.Viewer, country="US", birth_date="1990-01-01"),
)
add(
    "Viewer",
    "viewer-country-bad",
    "country",
    call(giftflow.Viewer, country="U S", birth_date=date(1990, 1, 1)),
)
add(
    "Viewer",
    "viewer-birth-date-datetime",
    "birth_date",
    call(giftflow.Viewer, country="US", birth_date=datetime(2000, 1, 1, tzinfo=UTC)),
)
add(
    "Viewer.age_at",
    "viewer-age-at-naive",
    "now",
    call(giftflow.Viewer(country="US", birth_date=date(1990, 1, 1)).age_at, NAIVE),
)

# == coins out =========================================================================

add("Agency", "agency-id-empty", "id", call(giftflow.Agency, id="", rate=HALF))
add(
    "Agency",
    "agency-rate-150-percent",
    "rate",
    call(giftflow.Agency, id="a1", rate=Rate.parse("1.5")),
)
add("Agency", "agency-rate-float", "rate", call(giftflow.Agency, id="a1", rate=0.1))
for label, bad in (
    ("million", Fraction(10**6)),
    ("one", Fraction(1)),
    ("negative", Fraction(-3, 2)),
    ("float", 0.5),
    ("5000-digit-denominator", Fraction(1, 10**5000)),
):
    add("Carry", f"carry-remainder-{label}", "remainders", call(giftflow.Carry, {"ana": bad}))
add("Carry", "carry-creator-empty", "remainders", call(giftflow.Carry, {"": Fraction(1, 2)}))
add(
    "Carry",
    "carry-creator-whitespace",
    "remainders",
    call(giftflow.Carry, {"ana ": Fraction(1, 2)}),
)
add(
    "Carry",
    "carry-forged-through-evolve",
    "remainders",
    evolve(CARRY, remainders={"ana": Fraction(10**6)}),
)
add("Carry.of", "carry-of-int", "creator", call(CARRY.of, 5))
add("Carry.issue", "carry-issue-float", "entitlement", call(CARRY.issue, "ana", 0.5, Rounding.DOWN))
add(
    "Carry.issue",
    "carry-issue-rounding-str",
    "rounding",
    call(CARRY.issue, "ana", Fraction(1, 2), "ROUND_DOWN"),
)
add(
    "Carry.issue",
    "carry-issue-creator-empty",
    "creator",
    call(CARRY.issue, "", Fraction(1, 2), Rounding.DOWN),
)

CATALOG = ECONOMY.catalog
VERSION = CATALOG.versions[0]
GIFT = VERSION.gift("Rose")
add("Catalog", "catalog-versions-empty", "versions", call(giftflow.Catalog, versions=()))
add(
    "Catalog",
    "catalog-versions-overlap",
    "versions",
    call(giftflow.Catalog, versions=(VERSION, VERSION)),
)
add(
    "Catalog.version_at",
    "catalog-version-at-naive",
    "at",
    call(CATALOG.version_at, country="US", at=NAIVE),
)
add("Catalog.gift", "catalog-gift-unknown", "Nope", call(CATALOG.gift, "Nope", country="US", at=T0))
add("Catalog.gift", "catalog-gift-int", "key", call(CATALOG.gift, 5, country="US", at=T0))
add(
    "Catalog.gifts_at",
    "catalog-gifts-at-naive",
    "at",
    call(CATALOG.gifts_at, country="US", at=NAIVE),
)
add("CatalogVersion", "catalog-version-name-empty", "version", evolve(VERSION, version=""))
add(
    "CatalogVersion",
    "catalog-version-gifts-duplicated",
    "gifts",
    evolve(VERSION, gifts=(GIFT, GIFT)),
)
add("CatalogVersion", "catalog-version-regions-bad", "regions", evolve(VERSION, regions=("U S",)))
add("CatalogVersion.gift", "catalog-version-gift-unknown", "Nope", call(VERSION.gift, "Nope"))
add("Gift", "gift-price-zero", "price", evolve(GIFT, price=Coins(0)))
add("Gift", "gift-price-negative", "price", evolve(GIFT, price=Coins(-1)))
add("Gift", "gift-price-int", "price", evolve(GIFT, price=1))
add("Gift", "gift-id-empty", "id", evolve(GIFT, id=""))
add("Gift", "gift-name-whitespace", "name", evolve(GIFT, name=" Rose"))
add("Gift", "gift-sponsor-empty", "sponsor", evolve(GIFT, sponsor=""))
add("Gift", "gift-streak-str", "streak", evolve(GIFT, streak="single"))
add("Gift.available", "gift-available-naive", "at", call(GIFT.available, country="US", at=NAIVE))

RATIO = giftflow.DiamondRatio(diamonds_per_coin=Rate.parse("1"), diamond_value=EXACT)
add(
    "DiamondRatio",
    "diamond-ratio-value-negative",
    "diamond_value",
    evolve(RATIO, diamond_value=-EXACT),
)
add(
    "DiamondRatio", "diamond-ratio-value-float", "diamond_value", evolve(RATIO, diamond_value=0.005)
)
add("DiamondRatio.rate", "diamond-ratio-rate-metrics-int", "metrics", call(RATIO.rate, 5))
FIXED = giftflow.FixedValue(value_per_coin=EXACT)
add("FixedValue", "fixed-value-negative", "value_per_coin", evolve(FIXED, value_per_coin=-EXACT))
add("FixedValue", "fixed-value-float", "value_per_coin", evolve(FIXED, value_per_coin=0.005))
add(
    "FixedValue.diamonds_for",
    "fixed-value-diamonds-for-float",
    "coins",
    call(FIXED.diamonds_for, coins=1.5, net=EXACT, metrics={}),
)
add(
    "FixedValue.coin_ratio",
    "fixed-value-forged-zero",
    "value_per_coin",
    lambda: forge(FIXED, value_per_coin=ExactMoney.zero("USD")).coin_ratio(),
)
add("FixedValue.rate", "fixed-value-rate-metrics-list", "metrics", call(FIXED.rate, [1]))
SHARE = presets.tiktok_net_share()
add("RevenueShare", "revenue-share-150-percent", "share", evolve(SHARE, share=Rate.parse("1.5")))
add("RevenueShare", "revenue-share-float", "share", evolve(SHARE, share=0.5))
add(
    "RevenueShare.rate",
    "revenue-share-rate-metrics-float",
    "metrics",
    call(SHARE.rate, {"live_minutes": 1.5}),
)
add(
    "RevenueShare.diamonds_for",
    "revenue-share-diamonds-for-foreign-net",
    "net",
    call(SHARE.diamonds_for, coins=5, net=ExactMoney.parse("1", "EUR"), metrics={}),
)
MISSION = giftflow.Mission(name="live", metric="live_minutes", at_least=30, bonus=Rate.parse("0.1"))
add("Mission", "mission-at-least-negative", "at_least", evolve(MISSION, at_least=-1))
add("Mission", "mission-metric-empty", "metric", evolve(MISSION, metric=""))
add(
    "Mission.earned",
    "mission-earned-metrics-float",
    "metrics",
    call(MISSION.earned, {"live_minutes": 30.5}),
)
REWARD = giftflow.RewardSchedule(base=Rate.parse("0.5"), cap=Rate.parse("0.7"), missions=(MISSION,))
add(
    "RewardSchedule",
    "reward-schedule-cap-150-percent",
    "cap",
    evolve(REWARD, cap=Rate.parse("1.5")),
)
add(
    "RewardSchedule",
    "reward-schedule-missions-list",
    "missions",
    evolve(REWARD, missions=[MISSION]),
)
add(
    "RewardSchedule.rate_for",
    "reward-schedule-rate-for-none",
    "metrics",
    call(REWARD.rate_for, None),
)
add("RewardSchedule.explain", "reward-schedule-explain-int", "metrics", call(REWARD.explain, 5))
SCHEDULE_2025 = presets.tiktok_scaled_rewards_2025()
add("PolicySchedule", "policy-schedule-empty", "entries", call(giftflow.PolicySchedule, ()))
add(
    "PolicySchedule",
    "policy-schedule-unsorted",
    "entries",
    call(giftflow.PolicySchedule, tuple(reversed(SCHEDULE_2025.entries))),
)
add(
    "PolicySchedule",
    "policy-schedule-policy-int",
    "entries",
    call(giftflow.PolicySchedule, ((None, 5),)),
)
add("PolicySchedule.at", "policy-schedule-at-naive", "when", call(SCHEDULE_2025.at, NAIVE))

add("CreatorShare", "creator-share-weight-zero", "weight", evolve(RECEIPT.shares[0], weight=0))
add(
    "CreatorShare",
    "creator-share-diamonds-disagree",
    "diamonds",
    evolve(RECEIPT.shares[0], diamonds=Diamonds(10**6)),
)
add(
    "CreatorShare",
    "creator-share-carried-out-forged",
    "carried_out",
    evolve(RECEIPT.shares[0], carried_out=Fraction(10**6)),
)
TOTAL = SETTLEMENT.creators["ana"]
add(
    "CreatorTotal",
    "creator-total-diamonds-disagree",
    "diamonds",
    evolve(TOTAL, diamonds=Diamonds(10**6)),
)
add("CreatorTotal", "creator-total-coins-negative", "coins", evolve(TOTAL, coins=Coins(-1)))
add(
    "CreatorTotal",
    "creator-total-carry-out-of-range",
    "carry",
    evolve(TOTAL, carry=Fraction(10**6)),
)

add("Economy", "economy-name-empty", "name", evolve(ECONOMY, name=""))
add("Economy", "economy-price-book-none", "price_book", evolve(ECONOMY, price_book=None))
add("Economy", "economy-conversion-int", "conversion", evolve(ECONOMY, conversion=5))
add(
    "Economy",
    "economy-rounding-str",
    "diamond_rounding",
    evolve(ECONOMY, diamond_rounding="ROUND_DOWN"),
)
add("Economy", "economy-battle-bonus-float", "battle_bonus", evolve(ECONOMY, battle_bonus=0.5))
add("Economy", "economy-catalog-prices-nothing", "catalog", evolve(ECONOMY, catalog=None))

FOLDED = giftflow.FoldedGift(
    event_id="e1",
    viewer="v1",
    creator="ana",
    gift="Rose",
    count=1,
    country="US",
    first_at=T0,
    at=T0,
    closed=giftflow.StreakClose.ENDED,
)
add("FoldedGift", "folded-gift-count-zero", "count", evolve(FOLDED, count=0))
add(
    "FoldedGift",
    "folded-gift-ends-before-it-starts",
    "first_at",
    evolve(FOLDED, first_at=T0 + timedelta(hours=1)),
)
add("FoldedGift", "folded-gift-naive", "at", evolve(FOLDED, at=NAIVE, first_at=NAIVE))
add("FoldedGift", "folded-gift-closed-str", "closed", evolve(FOLDED, closed="ended"))
add("FoldedGift", "folded-gift-closed-bool", "closed", evolve(FOLDED, closed=True))
add(
    "FoldedGift.to_event",
    "folded-gift-to-event-battle-str",
    "battle",
    call(FOLDED.to_event, battle="yes"),
)
STREAK = giftflow.StreakEvent(
    id="e1",
    viewer="v1",
    creator="ana",
    gift="Rose",
    repeat_count=1,
    repeat_end=True,
    streakable=True,
    country="US",
    at=T0,
)
add("StreakEvent", "streak-event-repeat-count-zero", "repeat_count", evolve(STREAK, repeat_count=0))
add("StreakEvent", "streak-event-naive", "at", evolve(STREAK, at=NAIVE))
add("StreakEvent", "streak-event-group-empty", "group", evolve(STREAK, group=""))
add(
    "fold_streaks",
    "fold-streaks-events-ints",
    "events",
    drain(giftflow.fold_streaks, [5], unfinished=giftflow.UnfinishedStreaks.EMIT),
)
add(
    "fold_streaks",
    "fold-streaks-unfinished-str",
    "unfinished",
    drain(giftflow.fold_streaks, [STREAK], unfinished="emit"),
)
add(
    "fold_streaks",
    "fold-streaks-events-none",
    "events",
    drain(giftflow.fold_streaks, None, unfinished=giftflow.UnfinishedStreaks.EMIT),
)
EMIT = giftflow.UnfinishedStreaks.EMIT
for label, bad in (
    ("int", 30),
    ("zero", timedelta(0)),
    ("negative", timedelta(seconds=-1)),
    ("str", "30s"),
):
    add(
        "fold_streaks",
        f"fold-streaks-timeout-{label}",
        "timeout",
        drain(giftflow.fold_streaks, [STREAK], unfinished=EMIT, timeout=bad),
    )
add(
    "fold_streaks",
    "fold-streaks-now-naive",
    "now",
    drain(giftflow.fold_streaks, [STREAK], unfinished=EMIT, timeout=timedelta(1), now=NAIVE),
)
add(
    "fold_streaks",
    "fold-streaks-now-without-timeout",
    "now",
    drain(giftflow.fold_streaks, [STREAK], unfinished=EMIT, now=T0),
)
add(
    "fold_streaks",
    "fold-streaks-id-again-other-count",
    "repeat_count",
    drain(giftflow.fold_streaks, [STREAK, attrs.evolve(STREAK, repeat_count=2)], unfinished=EMIT),
)

for label, changes in (
    ("count-zero", {"count": 0}),
    ("count-negative", {"count": -1}),
    ("count-float", {"count": 1.5}),
    ("count-bool", {"count": True}),
    ("count-huge", {"count": 10**5000}),
    ("recipients-empty", {"recipients": ()}),
    (
        "recipients-duplicated",
        {"recipients": (giftflow.Recipient("ana"), giftflow.Recipient("ana"))},
    ),
    ("viewer-empty", {"viewer": ""}),
    ("viewer-whitespace", {"viewer": "v1 "}),
    ("id-whitespace", {"id": " g1"}),
    ("gift-empty", {"gift": ""}),
    ("at-naive", {"at": NAIVE}),
    ("country-bad", {"country": "U S"}),
    ("battle-int", {"battle": 1}),
):
    argument = next(iter(changes))
    add("GiftEvent", f"gift-event-{label}", argument, evolve(ROSE, **changes))
add("Recipient", "recipient-creator-empty", "creator", call(giftflow.Recipient, ""))
add("Recipient", "recipient-weight-zero", "weight", call(giftflow.Recipient, "ana", 0))
add("Recipient", "recipient-weight-negative", "weight", call(giftflow.Recipient, "ana", -1))
add("Recipient", "recipient-weight-float", "weight", call(giftflow.Recipient, "ana", 0.5))
add("Recipient", "recipient-creator-whitespace", "creator", call(giftflow.Recipient, " ana"))
add("GiftReceipt", "gift-receipt-event-none", "event", evolve(RECEIPT, event=None))
add("GiftReceipt", "gift-receipt-coins-disagree", "coins", evolve(RECEIPT, coins=Coins(6500)))
add("GiftReceipt", "gift-receipt-carry-int", "carry", evolve(RECEIPT, carry=5))

add("GifterLevels", "gifter-levels-unsorted", "thresholds", call(giftflow.GifterLevels, (10, 5)))
add("GifterLevels", "gifter-levels-negative", "thresholds", call(giftflow.GifterLevels, (-1, 5)))
add(
    "GifterLevels.level",
    "gifter-levels-level-float",
    "coins",
    call(giftflow.GifterLevels((1, 10)).level, 1.5),
)
add(
    "GifterLevels.to_next",
    "gifter-levels-to-next-negative",
    "coins",
    call(giftflow.GifterLevels((1, 10)).to_next, -1),
)
add(
    "LeaderboardEntry",
    "leaderboard-entry-rank-zero",
    "rank",
    call(
        giftflow.LeaderboardEntry, rank=0, viewer="v1", coins=5, points=Fraction(5), reached_at=T0
    ),
)
add(
    "LeaderboardEntry",
    "leaderboard-entry-naive",
    "reached_at",
    call(
        giftflow.LeaderboardEntry,
        rank=1,
        viewer="v1",
        coins=5,
        points=Fraction(5),
        reached_at=NAIVE,
    ),
)
add("leaderboard", "leaderboard-receipts-ints", "source", call(giftflow.leaderboard, [5]))
add("leaderboard", "leaderboard-source-int", "source", call(giftflow.leaderboard, 5))
add(
    "leaderboard",
    "leaderboard-window-tuple",
    "window",
    call(giftflow.leaderboard, [RECEIPT], window=(T0, T0)),
)
add(
    "leaderboard",
    "leaderboard-ledger-history-none",
    "history",
    call(giftflow.leaderboard, giftflow.Ledger(ECONOMY, history=giftflow.History.NONE)),
)
add(
    "creator_leaderboard",
    "creator-leaderboard-settlement-window",
    "window",
    call(giftflow.creator_leaderboard, giftflow.Settlement.empty(), window=giftflow.Window()),
)
add(
    "creator_leaderboard",
    "creator-leaderboard-top-zero",
    "top",
    call(giftflow.creator_leaderboard, [RECEIPT], top=0),
)
add(
    "CreatorEntry",
    "creator-entry-diamonds-int",
    "diamonds",
    call(giftflow.CreatorEntry, rank=1, creator="ana", diamonds=5, coins=5, reached_at=None),
)
add(
    "CreatorEntry",
    "creator-entry-naive",
    "reached_at",
    call(
        giftflow.CreatorEntry,
        rank=1,
        creator="ana",
        diamonds=giftflow.Diamonds(5),
        coins=5,
        reached_at=NAIVE,
    ),
)
add(
    "Window.day",
    "window-day-datetime",
    "on",
    call(giftflow.Window.day, T0, UTC),
)
add(
    "Window.week",
    "window-week-first-weekday",
    "first_weekday",
    call(giftflow.Window.week, T0.date(), UTC, first_weekday=7),
)
add("leaderboard", "leaderboard-top-zero", "top", call(giftflow.leaderboard, [RECEIPT], top=0))
add("leaderboard", "leaderboard-top-negative", "top", call(giftflow.leaderboard, [RECEIPT], top=-1))
add(
    "leaderboard",
    "leaderboard-creator-empty",
    "creator",
    call(giftflow.leaderboard, [RECEIPT], creator=""),
)

AMOUNT = {"id": "a1", "viewer": "v1", "recipients": "ana", "country": "US", "at": T0}
add(
    "amount_gift",
    "amount-gift-float",
    "amount",
    call(giftflow.amount_gift, presets.twitch_bits(), 25.0, **AMOUNT),
)
add(
    "amount_gift",
    "amount-gift-zero",
    "amount",
    call(giftflow.amount_gift, presets.twitch_bits(), giftflow.Coins(0), **AMOUNT),
)
add(
    "amount_gift",
    "amount-gift-ambiguous",
    "gift",
    call(giftflow.amount_gift, ECONOMY, giftflow.Coins(5), **AMOUNT),
)
add(
    "amount_gift",
    "amount-gift-money-without-channel",
    "channel",
    call(
        giftflow.amount_gift, presets.youtube_supers(), giftflow.Money.parse("10", "USD"), **AMOUNT
    ),
)
add(
    "amount_gift",
    "amount-gift-not-one-coin",
    "gift",
    call(giftflow.amount_gift, presets.twitch_bits(), giftflow.Coins(5), gift="Cheer100", **AMOUNT),
)

add(
    "from_document",
    "from-document-kind-dict",
    "kind",
    call(giftflow.from_document, giftflow.to_document(giftflow.Coins(1)), dict),
)

add(
    "explain",
    "explain-channel-str",
    "channel",
    call(giftflow.explain, ECONOMY, "Rose", channel="ios", country="US", at=T0),
)
add(
    "explain",
    "explain-count-zero",
    "count",
    call(
        giftflow.explain,
        ECONOMY,
        "Rose",
        channel=giftflow.Channel.IOS,
        country="US",
        at=T0,
        count=0,
    ),
)
add(
    "explain",
    "explain-economy-str",
    "economy",
    call(giftflow.explain, "tiktok", "Rose", channel=giftflow.Channel.IOS, country="US", at=T0),
)

add(
    "Settlement",
    "settlement-rounding-str",
    "rounding",
    call(giftflow.Settlement, rounding="ROUND_DOWN"),
)
add("Settlement", "settlement-events-negative", "events", call(giftflow.Settlement, events=-1))
add(
    "Settlement",
    "settlement-unfunded-above-events",
    "unfunded_events",
    call(giftflow.Settlement, events=1, unfunded_events=2),
)
add("Settlement.merge", "settlement-merge-int", "other", call(SETTLEMENT.merge, 5))
add("Settlement", "settlement-add-int", "other", call(operator.add, SETTLEMENT, 5))
add("Settlement.total", "settlement-total-ints", "parts", call(giftflow.Settlement.total, [5]))
add(
    "Settlement.merge",
    "settlement-merge-other-rounding",
    "other",
    call(SETTLEMENT.merge, forge(SETTLEMENT, rounding=Rounding.CEILING)),
)
add(
    "GiftRecord settle",
    "settle-record-count-negative",
    "count",
    call(giftflow.settle, ECONOMY, [giftflow.GiftRecord("ana", "Rose", -1)], at=T0, country="US"),
)
add(
    "GiftRecord settle",
    "settle-record-count-float",
    "count",
    call(
        giftflow.settle,
        ECONOMY,
        [giftflow.GiftRecord._make(("ana", "Rose", 1.5, False, None))],
        at=T0,
        country="US",
    ),
)
add(
    "GiftRecord settle",
    "settle-record-creator-empty",
    "creator",
    call(giftflow.settle, ECONOMY, [giftflow.GiftRecord("", "Rose", 1)], at=T0, country="US"),
)
add(
    "GiftRecord settle",
    "settle-record-net-foreign",
    "net",
    call(
        giftflow.settle,
        ECONOMY,
        [giftflow.GiftRecord("ana", "Rose", 1, net=EURO)],
        at=T0,
        country="US",
    ),
)
add(
    "settle",
    "settle-unknown-gift",
    "Nope",
    call(giftflow.settle, ECONOMY, [("ana", "Nope", 1)], at=T0, country="US"),
)
add(
    "settle",
    "settle-record-short-tuple",
    "events",
    call(giftflow.settle, ECONOMY, [("ana", "Rose")], at=T0, country="US"),
)
add(
    "settle",
    "settle-record-int",
    "events",
    call(giftflow.settle, ECONOMY, [5], at=T0, country="US"),
)
add(
    "settle",
    "settle-naive",
    "at",
    call(giftflow.settle, ECONOMY, [("ana", "Rose", 1)], at=NAIVE, country="US"),
)
add(
    "settle",
    "settle-country-bad",
    "country",
    call(giftflow.settle, ECONOMY, [("ana", "Rose", 1)], at=T0, country="U S"),
)
add(
    "settle",
    "settle-economy-none",
    "economy",
    call(giftflow.settle, None, [("ana", "Rose", 1)], at=T0, country="US"),
)
add(
    "settle",
    "settle-events-none",
    "events",
    call(giftflow.settle, ECONOMY, None, at=T0, country="US"),
)

COLUMNS: dict[str, object] = {"creator": ["ana"], "gift": ["Rose"], "count": [1]}
for label, changes, argument in (
    ("count-zero", {"count": [0]}, "columns['count'][0]"),
    ("count-float", {"count": [1.5]}, "columns['count']"),
    ("count-null", {"count": [None]}, "columns['count'][0]"),
    ("creator-int", {"creator": [7]}, "columns['creator']"),
    ("gift-unknown", {"gift": ["Nope"]}, "columns['gift'][0]"),
    ("net-float", {"net": [0.25]}, "columns['net']"),
    ("column-unknown", {"viewer": ["v1"]}, "columns['viewer']"),
    ("lengths-differ", {"count": [1, 2]}, "columns"),
):
    add(
        "settle_columns",
        f"settle-columns-{label}",
        argument,
        call(giftflow.settle_columns, ECONOMY, {**COLUMNS, **changes}, at=T0, country="US"),
    )
add(
    "settle_columns",
    "settle-columns-none",
    "columns",
    call(giftflow.settle_columns, ECONOMY, None, at=T0, country="US"),
)
add(
    "settle_columns",
    "settle-columns-naive",
    "at",
    call(giftflow.settle_columns, ECONOMY, COLUMNS, at=NAIVE, country="US"),
)
add(
    "settle_columns",
    "settle-columns-economy-none",
    "economy",
    call(giftflow.settle_columns, None, COLUMNS, at=T0, country="US"),
)

BUDGET = giftflow.SponsorBudget(sponsor="acme", cap=DOLLAR * 10, value_per_coin=CENT)
add("SponsorBudget", "sponsor-budget-cap-negative", "cap", evolve(BUDGET, cap=-DOLLAR))
add(
    "SponsorBudget",
    "sponsor-budget-currencies-mixed",
    "value_per_coin",
    evolve(BUDGET, value_per_coin=EURO),
)
add(
    "SponsorBudget",
    "sponsor-budget-spent-above-cap",
    "spent",
    lambda: forge(BUDGET, spent=(DOLLAR * 11).exact()),
)
add("SponsorBudget", "sponsor-budget-spent-negative", "spent", evolve(BUDGET, spent=-EXACT))
add(
    "SponsorBudget.charge",
    "sponsor-budget-charge-beyond-cap",
    "budget",
    call(BUDGET.charge, Coins(10**6)),
)
add(
    "SponsorBudget.charge",
    "sponsor-budget-charge-negative",
    "coins",
    call(BUDGET.charge, Coins(-1)),
)
add("SponsorBudget.charge", "sponsor-budget-charge-int", "coins", call(BUDGET.charge, 5))

add(
    "send_gift",
    "send-gift-forged-carry-million",
    "remainders",  # the forged Carry is refused when it is built, before send_gift runs
    lambda: giftflow.send_gift(
        ECONOMY, WALLET, ROSE, carry=forge(CARRY, remainders={"ana": Fraction(10**6)})
    ),
)
add(
    "send_gift",
    "send-gift-carry-none",
    "carry",
    call(giftflow.send_gift, ECONOMY, WALLET, ROSE, carry=None),
)
add(
    "send_gift",
    "send-gift-too-few-coins",
    "coins",
    call(giftflow.send_gift, ECONOMY, giftflow.Wallet(), ROSE, carry=CARRY),
)
add(
    "send_gift",
    "send-gift-event-none",
    "event",
    call(giftflow.send_gift, ECONOMY, WALLET, None, carry=CARRY),
)
add(
    "send_gift",
    "send-gift-wallet-none",
    "wallet",
    call(giftflow.send_gift, ECONOMY, None, ROSE, carry=CARRY),
)
add(
    "send_gift",
    "send-gift-unknown-gift",
    "Nope",
    call(giftflow.send_gift, ECONOMY, WALLET, forge(ROSE, gift="Nope"), carry=CARRY),
)
add(
    "send_gift",
    "send-gift-before-the-coins-were-bought",
    "at",
    call(
        giftflow.send_gift,
        ECONOMY,
        WALLET,
        forge(ROSE, at=T0 - timedelta(days=1)),
        carry=CARRY,
    ),
)
add(
    "send_gift",
    "send-gift-metrics-bad",
    "metrics",
    call(giftflow.send_gift, ECONOMY, WALLET, ROSE, carry=CARRY, metrics={"ana": 5}),
)
add(
    "send_gift",
    "send-gift-agencies-bad",
    "agencies",
    call(giftflow.send_gift, ECONOMY, WALLET, ROSE, carry=CARRY, agencies={"ana": 5}),
)
add(
    "send_gift",
    "send-gift-sponsors-bad",
    "sponsors",
    call(giftflow.send_gift, ECONOMY, WALLET, ROSE, carry=CARRY, sponsors={"acme": 5}),
)

ROW = TRACE.rows[0]
add("TraceRow", "trace-row-party-empty", "party", evolve(ROW, party=""))
add("TraceRow", "trace-row-amount-float", "amount", evolve(ROW, amount=0.5))
add("TraceRow", "trace-row-diamonds-negative", "diamonds", evolve(ROW, diamonds=Diamonds(-1)))
add(
    "ValueTrace",
    "value-trace-rows-do-not-sum",
    "rows",
    lambda: forge(TRACE, rows=(*TRACE.rows, forge(ROW, amount=EXACT))),
)
add("ValueTrace", "value-trace-count-zero", "count", evolve(TRACE, count=0))
add("ValueTrace", "value-trace-rows-list", "rows", evolve(TRACE, rows=list(TRACE.rows)))
add("ValueTrace.total", "value-trace-total-int", "party", call(TRACE.total, 5))
add(
    "ValueTrace.to_records",
    "value-trace-forged-rows",
    "rows",
    lambda: forge(TRACE, rows=(5,)).to_records(),
)
add("trace", "trace-receipt-none", "receipt", call(giftflow.trace, None))
add("trace", "trace-fx-float", "fx", call(giftflow.trace, RECEIPT, fx=1.1))
add("trace", "trace-fx-zero", "fx", call(giftflow.trace, RECEIPT, fx=Rate(Fraction(0))))
add("trace", "trace-channel-str", "channel", call(giftflow.trace, RECEIPT, channel="ios"))
add(
    "compare_channels",
    "compare-channels-unknown-gift",
    "Nope",
    call(
        giftflow.compare_channels,
        ECONOMY,
        "Nope",
        country="US",
        at=T0,
        proceeds_to_date=Money.zero("USD"),
    ),
)
for label, bad in (("count-huge", 10**20), ("count-too-many-packages", 100_000)):
    add(
        "compare_channels",
        f"compare-channels-{label}",
        "count",
        call(
            giftflow.compare_channels,
            ECONOMY,
            "Lion",
            country="US",
            at=T0,
            count=bad,
            proceeds_to_date=Money.zero("USD"),
        ),
    )
add(
    "compare_channels",
    "compare-channels-count-zero",
    "count",
    call(
        giftflow.compare_channels,
        ECONOMY,
        "Rose",
        country="US",
        at=T0,
        count=0,
        proceeds_to_date=Money.zero("USD"),
    ),
)
add(
    "compare_channels",
    "compare-channels-naive",
    "at",
    call(
        giftflow.compare_channels,
        ECONOMY,
        "Rose",
        country="US",
        at=NAIVE,
        proceeds_to_date=Money.zero("USD"),
    ),
)
add(
    "compare_channels",
    "compare-channels-channels-str",
    "channels",
    call(
        giftflow.compare_channels,
        ECONOMY,
        "Rose",
        country="US",
        at=T0,
        channels=["ios"],
        proceeds_to_date=Money.zero("USD"),
    ),
)
add(
    "compare_channels",
    "compare-channels-economy-none",
    "economy",
    call(
        giftflow.compare_channels,
        None,
        "Rose",
        country="US",
        at=T0,
        proceeds_to_date=Money.zero("USD"),
    ),
)

# == cash out ==========================================================================

add("Creator", "creator-country-bad", "country", evolve(CREATOR, country="U S"))
add("Creator", "creator-birth-date-str", "birth_date", evolve(CREATOR, birth_date="1990-05-01"))
add(
    "Creator",
    "creator-account-since-naive",
    "payout_account_since",
    evolve(CREATOR, payout_account_since=NAIVE),
)
add("Creator", "creator-tax-form-empty", "tax_form", evolve(CREATOR, tax_form=""))
add("Creator.age_at", "creator-age-at-naive", "now", call(CREATOR.age_at, NAIVE))
add(
    "DiamondValuation.of",
    "diamond-valuation-of-negative",
    "value",
    call(giftflow.DiamondValuation.of, -EXACT),
)
add(
    "DiamondValuation.of",
    "diamond-valuation-of-float",
    "value",
    call(giftflow.DiamondValuation.of, 0.005),
)
add("DiamondValuation", "diamond-valuation-empty", "values", call(giftflow.DiamondValuation, ()))
add(
    "DiamondValuation.from_conversion",
    "diamond-valuation-from-conversion-int",
    "schedule",
    call(giftflow.DiamondValuation.from_conversion, 5),
)
add(
    "DiamondValuation.value_at",
    "diamond-valuation-value-at-naive",
    "at",
    call(VALUATION.value_at, NAIVE),
)
add(
    "DiamondValuation.value",
    "diamond-valuation-value-coins",
    "diamonds",
    call(VALUATION.value, Coins(5), at=T0),
)
add("Earning", "earning-naive", "at", call(giftflow.Earning, at=NAIVE, diamonds=Diamonds(5)))
add(
    "Earning",
    "earning-diamonds-negative",
    "diamonds",
    call(giftflow.Earning, at=T0, diamonds=Diamonds(-5)),
)
add("Earning", "earning-diamonds-int", "diamonds", call(giftflow.Earning, at=T0, diamonds=5))
add(
    "Eligibility",
    "eligibility-forfeit-negative",
    "forfeit_after_months",
    call(giftflow.Eligibility, forfeit_after_months=-1),
)
add(
    "Eligibility",
    "eligibility-countries-bad",
    "countries",
    call(giftflow.Eligibility, countries=("U S",)),
)
add("Eligibility", "eligibility-age-int", "age", call(giftflow.Eligibility, age=18))
add(
    "FxRate",
    "fx-rate-zero",
    "rate",
    call(giftflow.FxRate, source=USD, target=EUR, rate=Rate(Fraction(0))),
)
add(
    "FxRate",
    "fx-rate-same-currency",
    "target",
    call(giftflow.FxRate, source=USD, target=USD, rate=HALF),
)
add(
    "FxRate",
    "fx-rate-effective-naive",
    "effective",
    call(giftflow.FxRate, source=USD, target=EUR, rate=HALF, effective=NAIVE),
)
add("FxRate.of", "fx-rate-of-words", "rate", call(giftflow.FxRate.of, "USD", "EUR", "ninety"))
add("FxRate.of", "fx-rate-of-float", "rate", call(giftflow.FxRate.of, "USD", "EUR", 0.9))
add(
    "FxRate.of",
    "fx-rate-of-unknown-currency",
    "code",
    call(giftflow.FxRate.of, "USD", "ZZZ", "0.9"),
)
FX = giftflow.FxRates((giftflow.FxRate.of("USD", "EUR", "0.9"),))
add("FxRates", "fx-rates-duplicated", "rates", call(giftflow.FxRates, (FX.rates[0], FX.rates[0])))
add("FxRates", "fx-rates-ints", "rates", call(giftflow.FxRates, (5,)))
add("FxRates.rate", "fx-rates-rate-missing", "JPY", call(FX.rate, "USD", "JPY", at=T0))
add("FxRates.rate", "fx-rates-rate-naive", "at", call(FX.rate, "USD", "EUR", at=NAIVE))
add(
    "FxRates.convert",
    "fx-rates-convert-unknown-currency",
    "code",
    call(FX.convert, DOLLAR, "ZZZ", at=T0, rounding=Rounding.DOWN),
)
add(
    "FxRates.convert",
    "fx-rates-convert-amount-int",
    "amount",
    call(FX.convert, 5, "EUR", at=T0, rounding=Rounding.DOWN),
)
add(
    "FxRates.convert",
    "fx-rates-convert-rounding-str",
    "rounding",
    call(FX.convert, DOLLAR, "EUR", at=T0, rounding="ROUND_DOWN"),
)
add(
    "PayoutCap",
    "payout-cap-limit-negative",
    "limit",
    call(giftflow.PayoutCap, limit=-DOLLAR, period=giftflow.CapPeriod.CALENDAR_MONTH),
)
add(
    "PayoutCap",
    "payout-cap-period-str",
    "period",
    call(giftflow.PayoutCap, limit=DOLLAR, period="calendar_month"),
)
add("PayoutFee", "payout-fee-fee-none", "fee", call(giftflow.PayoutFee, fee=None))
add(
    "PayoutFee",
    "payout-fee-bearer-str",
    "bearer",
    call(giftflow.PayoutFee, fee=presets.card_processor_fee(), bearer="creator"),
)
add(
    "PayoutFeeCharge",
    "payout-fee-charge-charge-none",
    "charge",
    call(giftflow.PayoutFeeCharge, charge=None, bearer=giftflow.FeeBearer.CREATOR),
)
add(
    "PayoutLeg",
    "payout-leg-negative",
    "amount",
    call(giftflow.PayoutLeg, kind=giftflow.PayoutLegKind.NET, name="creator", amount=-DOLLAR),
)
add(
    "PayoutLeg",
    "payout-leg-name-empty",
    "name",
    call(giftflow.PayoutLeg, kind=giftflow.PayoutLegKind.NET, name="", amount=DOLLAR),
)
add(
    "PayoutLeg",
    "payout-leg-kind-str",
    "kind",
    call(giftflow.PayoutLeg, kind="net", name="creator", amount=DOLLAR),
)
add("PayoutMethod", "payout-method-name-empty", "name", call(giftflow.PayoutMethod, name=""))
add(
    "PayoutMethod",
    "payout-method-transit-negative",
    "transit_days",
    call(giftflow.PayoutMethod, name="bank", transit_days=-1),
)
add(
    "PayoutMethod",
    "payout-method-transit-past-year-9999",
    "transit_days",
    call(giftflow.PayoutMethod, name="bank", transit_days=10**9),
)
add(
    "PayoutPlan",
    "payout-plan-diamonds-above-balance",
    "diamonds",
    evolve(PLAN, diamonds=PLAN.balance + Diamonds(1)),
)
add("PayoutPlan", "payout-plan-gross-forged", "gross", evolve(PLAN, gross=PLAN.gross * 100))
add(
    "PayoutPlan",
    "payout-plan-net-other-currency",
    "net",
    evolve(PLAN, net=Money(PLAN.net.minor, EUR)),
)
add("PayoutPlan", "payout-plan-initiated-naive", "initiated_at", evolve(PLAN, initiated_at=NAIVE))
add(
    "PayoutPlan.record",
    "payout-plan-record-forged-diamonds",
    "diamonds",
    lambda: forge(PLAN, diamonds=Diamonds(-1)).record(),
)
add(
    "PayoutPlan.raise_if_refused",
    "payout-plan-refused",
    "diamonds",
    lambda: plan(earnings=()).raise_if_refused(),
)
add("PayoutPolicy", "payout-policy-name-empty", "name", evolve(POLICY, name=""))
add(
    "PayoutPolicy",
    "payout-policy-methods-empty",
    "methods",
    lambda: forge(POLICY, methods=()),
)
add("PayoutPolicy", "payout-policy-hold-negative", "hold", evolve(POLICY, hold=timedelta(days=-1)))
add("PayoutPolicy.method", "payout-policy-method-unknown", "nope", call(POLICY.method, "nope"))
add(
    "PayoutReason",
    "payout-reason-kind-str",
    "kind",
    call(giftflow.PayoutReason, kind="held", message="held"),
)
add(
    "PayoutReason",
    "payout-reason-until-naive",
    "until",
    call(giftflow.PayoutReason, kind=giftflow.PayoutReasonKind.HELD, message="held", until=NAIVE),
)
add(
    "PayoutRecord",
    "payout-record-diamonds-zero",
    "diamonds",
    call(giftflow.PayoutRecord, at=T0, diamonds=Diamonds(0), amount=DOLLAR),
)
add(
    "PayoutRecord",
    "payout-record-amount-negative",
    "amount",
    call(giftflow.PayoutRecord, at=T0, diamonds=Diamonds(5), amount=-DOLLAR),
)
add(
    "PayoutRecord",
    "payout-record-fees-other-currency",
    "fees",
    call(giftflow.PayoutRecord, at=T0, diamonds=Diamonds(5), amount=DOLLAR, fees=EURO),
)
add(
    "PayoutSchedule",
    "payout-schedule-weekly-without-weekday",
    "weekday",
    call(giftflow.PayoutSchedule, kind=giftflow.ScheduleKind.WEEKLY),
)
add(
    "PayoutSchedule.weekly",
    "payout-schedule-weekly-7",
    "weekday",
    call(giftflow.PayoutSchedule.weekly, 7),
)
add(
    "PayoutSchedule.monthly",
    "payout-schedule-monthly-0",
    "day",
    call(giftflow.PayoutSchedule.monthly, 0),
)
add(
    "PayoutSchedule.monthly",
    "payout-schedule-monthly-32",
    "day",
    call(giftflow.PayoutSchedule.monthly, 32),
)
add(
    "PayoutSchedule.net",
    "payout-schedule-net-negative",
    "days",
    call(giftflow.PayoutSchedule.net, -1),
)
add(
    "PayoutSchedule.net",
    "payout-schedule-net-past-year-9999",
    "days",
    call(giftflow.PayoutSchedule.net, 10**7),
)
add(
    "PayoutSchedule.daily",
    "payout-schedule-daily-time-int",
    "time_of_day",
    call(giftflow.PayoutSchedule.daily, time_of_day=5),
)
add(
    "PayoutSchedule.daily",
    "payout-schedule-daily-zone-str",
    "zone",
    call(giftflow.PayoutSchedule.daily, zone="UTC"),
)
add(
    "PayoutSchedule.on_demand",
    "payout-schedule-on-demand-processing-negative",
    "processing_days",
    call(giftflow.PayoutSchedule.on_demand, processing_days=-1),
)
add(
    "PayoutSchedule.next_dates",
    "payout-schedule-next-dates-naive",
    "after",
    call(SCHEDULE.next_dates, NAIVE, 3),
)
add(
    "PayoutSchedule.next_dates",
    "payout-schedule-next-dates-negative",
    "n",
    call(SCHEDULE.next_dates, T0, -1),
)
add(
    "PayoutSchedule.next_dates",
    "payout-schedule-next-dates-year-9999",
    "after",
    call(SCHEDULE.next_dates, datetime(9999, 12, 20, tzinfo=UTC), 5),
)
add(
    "PayoutSchedule.first_at_or_after",
    "payout-schedule-first-at-or-after-year-9999",
    "at",
    call(SCHEDULE.first_at_or_after, LATE),
)
add(
    "PayoutSchedule.first_at_or_after",
    "payout-schedule-first-at-or-after-naive",
    "at",
    call(SCHEDULE.first_at_or_after, NAIVE),
)
add(
    "PayoutSchedule.matures_at",
    "payout-schedule-matures-at-year-9999",
    "earned_at",
    call(giftflow.PayoutSchedule.net(30).matures_at, LATE),
)
add(
    "PayoutSchedule.arrival",
    "payout-schedule-arrival-year-9999",
    "initiated",
    call(giftflow.PayoutSchedule.on_demand(processing_days=3).arrival, LATE),
)
add(
    "PayoutSchedule.arrival",
    "payout-schedule-arrival-extra-negative",
    "extra_days",
    call(SCHEDULE.arrival, T0, -1),
)
add(
    "PayoutSchedule.describe",
    "payout-schedule-describe-forged-weekday",
    "weekday",
    lambda: forge(SCHEDULE, weekday=9).describe(),
)
add(
    "PayoutStatement",
    "payout-statement-does-not-add-up",
    "closing",
    lambda: forge(
        giftflow.payout_statement(
            earnings=EARNINGS,
            payouts=[],
            period=giftflow.Window(start=T0 - timedelta(days=1), end=T0 + timedelta(days=1)),
            currency="USD",
        ),
        closing=Diamonds(10**6),
    ),
)
add(
    "payout_statement",
    "payout-statement-currency-unknown",
    "code",
    call(
        giftflow.payout_statement,
        earnings=EARNINGS,
        payouts=[],
        period=PERIOD,
        currency="ZZZ",
    ),
)
add(
    "payout_statement",
    "payout-statement-earnings-ints",
    "earnings",
    call(
        giftflow.payout_statement,
        earnings=[5],
        payouts=[],
        period=PERIOD,
        currency="USD",
    ),
)
add(
    "payout_statement",
    "payout-statement-period-none",
    "period",
    call(giftflow.payout_statement, earnings=EARNINGS, payouts=[], period=None, currency="USD"),
)
add(
    "payout_statement",
    "payout-statement-payouts-other-currency",
    "payouts",
    call(
        giftflow.payout_statement,
        earnings=EARNINGS,
        payouts=[giftflow.PayoutRecord(at=T0, diamonds=Diamonds(5), amount=EURO)],
        period=PERIOD,
        currency="USD",
    ),
)
add(
    "WithdrawalLimit",
    "withdrawal-limit-zero",
    "count",
    call(giftflow.WithdrawalLimit, count=0, period=giftflow.CapPeriod.CALENDAR_DAY),
)
add(
    "WithdrawalLimit",
    "withdrawal-limit-float",
    "count",
    call(giftflow.WithdrawalLimit, count=1.5, period=giftflow.CapPeriod.CALENDAR_DAY),
)
add(
    "WithholdingRule",
    "withholding-rule-150-percent",
    "default",
    call(giftflow.WithholdingRule, rounding=Rounding.DOWN, default=Rate.parse("1.5")),
)
add(
    "WithholdingRule",
    "withholding-rule-rounding-str",
    "rounding",
    call(giftflow.WithholdingRule, rounding="ROUND_DOWN"),
)
add(
    "WithholdingRule",
    "withholding-rule-by-country-bad",
    "by_country",
    call(giftflow.WithholdingRule, rounding=Rounding.DOWN, by_country={"U S": HALF}),
)
add(
    "WithholdingRule.rate_for",
    "withholding-rule-rate-for-int",
    "country",
    call(giftflow.WithholdingRule.none().rate_for, 5),
)
for label, changes in (
    ("now-naive", {"now": NAIVE}),
    ("method-unknown", {"method": "nope"}),
    ("currency-unknown", {"payout_currency": "ZZZ"}),
    ("requested-zero", {"requested": Diamonds(0)}),
    ("earnings-ints", {"earnings": [5]}),
    ("creator-none", {"creator": None}),
    ("rounding-str", {"rounding": "ROUND_DOWN"}),
    (
        "payouts-more-than-earned",
        {"payouts": [giftflow.PayoutRecord(at=T0, diamonds=Diamonds(10**6), amount=DOLLAR)]},
    ),
    ("fx-missing", {"payout_currency": "JPY", "fx": FX}),
):
    argument = {
        "currency-unknown": "code",
        "fx-missing": "JPY",
        "payouts-more-than-earned": "payouts",
    }.get(label, next(iter(changes)))
    add("plan_payout", f"plan-payout-{label}", argument, call(plan, **changes))
add(
    "plan_payout",
    "plan-payout-policy-none",
    "policy",
    call(
        giftflow.plan_payout,
        None,
        earnings=EARNINGS,
        payouts=[],
        now=T0,
        creator=CREATOR,
        method="bank",
        payout_currency="USD",
        valuation=VALUATION,
        rounding=Rounding.DOWN,
    ),
)
add("plan_payout", "plan-payout-now-year-9999", "now", call(plan, now=LATE))

# == the ledger and its journal, called directly =======================================

add("Account", "account-kind-str", "kind", call(Account, "viewer_wallet", "v1"))
add("Account", "account-owner-int", "owner", call(Account, AccountKind.VIEWER_WALLET, 5))
add("Account", "account-owner-whitespace", "owner", call(Account, AccountKind.VIEWER_WALLET, " v1"))
add("Account", "account-lt-int", "other", call(operator.lt, ACCOUNT, 5))
add("Applied", "applied-transaction-none", "transaction", call(giftflow.Applied, None))
add("Applied", "applied-replayed-int", "replayed", call(giftflow.Applied, TRANSACTION, 1))
add(
    "BalanceGuards",
    "balance-guards-viewer-negative",
    "viewer_overdraft",
    call(giftflow.BalanceGuards, viewer_overdraft=Coins(-1)),
)
add(
    "BalanceGuards",
    "balance-guards-creator-coins",
    "creator_overdraft",
    call(giftflow.BalanceGuards, creator_overdraft=Coins(5)),
)
add(
    "BalanceGuards.floor",
    "balance-guards-floor-str",
    "kind",
    call(giftflow.BalanceGuards().floor, "viewer_wallet"),
)
add("Posting", "posting-account-none", "account", call(giftflow.Posting, None, Coins(5)))
add("Posting", "posting-amount-int", "amount", call(giftflow.Posting, ACCOUNT, 5))
add("Posting", "posting-amount-exact", "amount", call(giftflow.Posting, ACCOUNT, EXACT))
add(
    "Transaction",
    "transaction-unbalanced",
    "postings",
    call(giftflow.Transaction, event_id="x1", kind="coins_expired", at=T0, postings=(POSTING,)),
)
add(
    "Transaction",
    "transaction-event-id-empty",
    "event_id",
    lambda: forge(TRANSACTION, event_id=""),
)
add("Transaction", "transaction-naive", "at", lambda: forge(TRANSACTION, at=NAIVE))
add(
    "Transaction",
    "transaction-kind-unknown",
    "kind",
    lambda: forge(TRANSACTION, kind="magic"),
)
add(
    "Transaction",
    "transaction-postings-list",
    "postings",
    lambda: forge(TRANSACTION, postings=list(TRANSACTION.postings)),
)
add(
    "Transaction.amount",
    "transaction-amount-unit-unknown",
    "unit",
    call(TRANSACTION.amount, ACCOUNT, "bits"),
)
add(
    "Transaction.amount",
    "transaction-amount-account-str",
    "account",
    call(TRANSACTION.amount, "v1", Coins),
)
LINE = giftflow.StatementLine(at=T0, event_id="p1", kind="coins_purchased", amount=65, balance=65)
add("StatementLine", "statement-line-naive", "at", lambda: forge(LINE, at=NAIVE))
add("StatementLine", "statement-line-amount-float", "amount", lambda: forge(LINE, amount=6.5))
add(
    "Statement",
    "statement-does-not-add-up",
    "closing",
    call(
        giftflow.Statement,
        account=ACCOUNT,
        unit="coins",
        start=T0,
        end=T0 + timedelta(days=1),
        opening=0,
        lines=(LINE,),
        closing=10**6,
    ),
)
add(
    "Statement",
    "statement-ends-before-start",
    "end",
    call(
        giftflow.Statement,
        account=ACCOUNT,
        unit="coins",
        start=T0,
        end=T0 - timedelta(days=1),
        opening=0,
        lines=(),
        closing=0,
    ),
)
add(
    "Statement",
    "statement-unit-unknown",
    "unit",
    call(
        giftflow.Statement,
        account=ACCOUNT,
        unit="bits",
        start=T0,
        end=T0 + timedelta(days=1),
        opening=0,
        lines=(),
        closing=0,
    ),
)
add("unit_of", "unit-of-int", "amount", call(giftflow.unit_of, 5))
add("unit_of", "unit-of-exact-money", "amount", call(giftflow.unit_of, EXACT))
add("Ledger", "ledger-economy-none", "economy", call(Ledger, None))
add("Ledger", "ledger-guards-int", "guards", call(Ledger, ECONOMY, guards=5))
add("Ledger", "ledger-clawback-str", "clawback", call(Ledger, ECONOMY, clawback="platform_absorbs"))
add("Ledger", "ledger-agencies-bad", "agencies", call(Ledger, ECONOMY, agencies={"ana": 5}))
add(
    "Ledger",
    "ledger-sponsors-mismatch",
    "sponsors",
    call(Ledger, ECONOMY, sponsors={"other": BUDGET}),
)
add("Ledger", "ledger-viewers-list", "viewers", call(Ledger, ECONOMY, viewers=["v1"]))
add("Ledger", "ledger-viewers-bad", "viewers", call(Ledger, ECONOMY, viewers={"v1": "adult"}))
add(
    "Ledger",
    "ledger-agencies-creator-whitespace",
    "agencies",
    call(Ledger, ECONOMY, agencies={" ana": giftflow.Agency(id="a1", rate=HALF)}),
)

add("History", "history-negative", "keep", call(giftflow.History, -1))
add("History", "history-float", "keep", call(giftflow.History, 1.5))
add("History.last", "history-last-zero", "n", call(giftflow.History.last, 0))
add("Idempotency", "idempotency-zero", "keep", call(giftflow.Idempotency, 0))
add("Idempotency.window", "idempotency-window-bool", "n", call(giftflow.Idempotency.window, True))
add("Ledger", "ledger-history-int", "history", call(Ledger, ECONOMY, history=10))
add("Ledger", "ledger-idempotency-none", "idempotency", call(Ledger, ECONOMY, idempotency=None))
add("Ledger.restore", "ledger-restore-dict", "snapshot", call(Ledger.restore, {}))
add(
    "LedgerSnapshot",
    "ledger-snapshot-version-2",
    "version",
    lambda: forge(Ledger(ECONOMY).snapshot(), version=2),
)
add(
    "LedgerSnapshot",
    "ledger-snapshot-unbalanced",
    "balances",
    lambda: forge(
        Ledger(ECONOMY).snapshot(),
        balances=(BalanceEntry(ACCOUNT, "coins", 5),),
    ),
)

# == ledger events, built directly =====================================================

EVENTS = (
    (giftflow.Refunded, {"id": "r1", "at": T0, "purchase_id": "p1"}),
    (giftflow.ChargedBack, {"id": "c1", "at": T0, "purchase_id": "p1"}),
    (giftflow.CoinsExpired, {"id": "x1", "at": T0, "viewer": "v1", "acquired_before": T0}),
    (giftflow.AccountForfeited, {"id": "f1", "at": T0, "owner": "v1"}),
    (
        giftflow.DiamondsReconverted,
        {
            "id": "d1",
            "at": T0,
            "creator": "ana",
            "diamonds": Diamonds(2),
            "coins_per_diamond": HALF,
        },
    ),
    (giftflow.PayoutRequested, {"id": "po1", "at": T0, "creator": "ana", "diamonds": Diamonds(5)}),
    (giftflow.PayoutSettled, {"id": "s1", "at": T0, "payout_id": "po1", "legs": (LEG,)}),
    (giftflow.PayoutFailed, {"id": "pf1", "at": T0, "payout_id": "po1"}),
    (CoinsPurchased, {"id": "p1", "viewer": "v1", "purchase": PURCHASE}),
    (giftflow.PayableSettled, {"id": "ps1", "at": T0, "payable": APPLE, "amount": DOLLAR}),
    (
        giftflow.StoreSettled,
        {"id": "ss1", "at": T0, "payable": APPLE, "gross": DOLLAR, "net": CENT},
    ),
)
for kind, good in EVENTS:
    slug = kind.__name__
    for field in (
        "id",
        *(key for key in ("viewer", "owner", "creator", "purchase_id", "payout_id") if key in good),
    ):
        add(
            slug,
            f"event-{slug.lower()}-{field.replace('_', '-')}-empty",
            field,
            call(kind, **{**good, field: ""}),
        )
        add(
            slug,
            f"event-{slug.lower()}-{field.replace('_', '-')}-whitespace",
            field,
            call(kind, **{**good, field: " x"}),
        )
    add(slug, f"event-{slug.lower()}-at-naive", "at", call(kind, **{**good, "at": NAIVE}))
add(
    "CoinsPurchased",
    "event-coinspurchased-purchase-none",
    "purchase",
    call(CoinsPurchased, id="p1", viewer="v1", purchase=None),
)
add(
    "CoinsPurchased",
    "event-coinspurchased-purchase-quote",
    "purchase",
    call(CoinsPurchased, id="p1", viewer="v1", purchase=QUOTE),
)
# Not bad input: an event's id (its idempotency key) and its purchase's id are separate
# keys; booking one purchase under a second event id is refused (`already recorded`).
add(
    "CoinsPurchased",
    "event-coinspurchased-at-before-quote",
    "at",
    call(CoinsPurchased, id="p1", viewer="v1", purchase=PURCHASE, at=T0 - timedelta(days=1)),
)
add("GiftSent", "event-giftsent-gift-none", "gift", call(GiftSent, gift=None))
add(
    "GiftSent",
    "event-giftsent-metrics-float",
    "metrics",
    call(GiftSent, gift=ROSE, metrics={"ana": {"live_minutes": 1.5}}),
)
add(
    "GiftSent",
    "event-giftsent-metrics-for-non-recipient",
    "metrics",
    call(GiftSent, gift=ROSE, metrics={"bo": {"live_minutes": 30}}),
)
add(
    "Refunded",
    "event-refunded-amount-zero",
    "amount",
    call(giftflow.Refunded, id="r1", at=T0, purchase_id="p1", amount=Money.zero("USD")),
)
add(
    "Refunded",
    "event-refunded-amount-negative",
    "amount",
    call(giftflow.Refunded, id="r1", at=T0, purchase_id="p1", amount=-DOLLAR),
)
add(
    "ChargedBack",
    "event-chargedback-fee-negative",
    "fee",
    call(giftflow.ChargedBack, id="c1", at=T0, purchase_id="p1", fee=-DOLLAR),
)
add(
    "ChargedBack",
    "event-chargedback-fee-to-empty",
    "fee_to",
    call(giftflow.ChargedBack, id="c1", at=T0, purchase_id="p1", fee_to=""),
)
add(
    "ChargedBack",
    "event-chargedback-fee-and-amount-currencies",
    "fee",
    call(giftflow.ChargedBack, id="c1", at=T0, purchase_id="p1", amount=DOLLAR, fee=EURO),
)
add(
    "CoinsExpired",
    "event-coinsexpired-window-ends-after-event",
    "acquired_before",
    call(
        giftflow.CoinsExpired, id="x1", at=T0, viewer="v1", acquired_before=T0 + timedelta(days=1)
    ),
)
add(
    "DiamondsReconverted",
    "event-diamondsreconverted-diamonds-zero",
    "diamonds",
    call(
        giftflow.DiamondsReconverted,
        id="d1",
        at=T0,
        creator="ana",
        diamonds=Diamonds(0),
        coins_per_diamond=HALF,
    ),
)
add(
    "DiamondsReconverted",
    "event-diamondsreconverted-not-whole-coins",
    "diamonds",
    call(
        giftflow.DiamondsReconverted,
        id="d1",
        at=T0,
        creator="ana",
        diamonds=Diamonds(3),
        coins_per_diamond=HALF,
    ),
)
add(
    "DiamondsReconverted",
    "event-diamondsreconverted-rate-zero",
    "coins_per_diamond",
    call(
        giftflow.DiamondsReconverted,
        id="d1",
        at=T0,
        creator="ana",
        diamonds=Diamonds(2),
        coins_per_diamond=Rate(Fraction(0)),
    ),
)
add(
    "DiamondsReconverted",
    "event-diamondsreconverted-expires-at-reconversion",
    "expires_at",
    call(
        giftflow.DiamondsReconverted,
        id="d1",
        at=T0,
        creator="ana",
        diamonds=Diamonds(2),
        coins_per_diamond=HALF,
        expires_at=T0,
    ),
)
add(
    "DiamondsReconverted",
    "event-diamondsreconverted-expires-naive",
    "expires_at",
    call(
        giftflow.DiamondsReconverted,
        id="d1",
        at=T0,
        creator="ana",
        diamonds=Diamonds(2),
        coins_per_diamond=HALF,
        expires_at=NAIVE,
    ),
)
add(
    "CoinsExpired",
    "event-coinsexpired-naive-cutoff",
    "acquired_before",
    call(giftflow.CoinsExpired, id="x1", at=T0, viewer="v1", acquired_before=NAIVE),
)
add(
    "PayoutRequested",
    "event-payoutrequested-diamonds-zero",
    "diamonds",
    call(giftflow.PayoutRequested, id="po1", at=T0, creator="ana", diamonds=Diamonds(0)),
)
add(
    "PayoutRequested",
    "event-payoutrequested-diamonds-coins",
    "diamonds",
    call(giftflow.PayoutRequested, id="po1", at=T0, creator="ana", diamonds=Coins(5)),
)
add(
    "PayoutRequested.from_plan",
    "event-payoutrequested-from-plan-none",
    "plan",
    call(giftflow.PayoutRequested.from_plan, None, id="po1", creator="ana"),
)
add(
    "PayoutRequested.from_plan",
    "event-payoutrequested-from-refused-plan",
    "diamonds",
    lambda: giftflow.PayoutRequested.from_plan(plan(earnings=()), id="po1", creator="ana"),
)
add(
    "PayoutSettled",
    "event-payoutsettled-legs-list",
    "legs",
    call(giftflow.PayoutSettled, id="s1", at=T0, payout_id="po1", legs=[LEG]),
)
add(
    "PayoutSettled",
    "event-payoutsettled-legs-mixed-currencies",
    "legs",
    call(
        giftflow.PayoutSettled,
        id="s1",
        at=T0,
        payout_id="po1",
        legs=(LEG, forge(LEG, amount=EURO)),
    ),
)
add(
    "PayoutSettled",
    "event-payoutsettled-diamonds-zero",
    "diamonds",
    call(
        giftflow.PayoutSettled, id="s1", at=T0, payout_id="po1", legs=(LEG,), diamonds=Diamonds(0)
    ),
)
add(
    "PayoutSettled",
    "event-payoutsettled-residue-int",
    "residue",
    call(giftflow.PayoutSettled, id="s1", at=T0, payout_id="po1", legs=(LEG,), residue=5),
)
add(
    "PayoutSettled.from_plan",
    "event-payoutsettled-from-plan-none",
    "plan",
    call(giftflow.PayoutSettled.from_plan, None, id="s1", payout_id="po1"),
)
add(
    "PayoutSettled.from_plan",
    "event-payoutsettled-from-plan-naive",
    "at",
    call(giftflow.PayoutSettled.from_plan, PLAN, id="s1", payout_id="po1", at=NAIVE),
)
add(
    "PayoutFailed",
    "event-payoutfailed-reason-int",
    "reason",
    call(giftflow.PayoutFailed, id="pf1", at=T0, payout_id="po1", reason=5),
)

# == the ledger: bad events applied to real books ======================================

H = timedelta(hours=1)
D = timedelta(days=1)


def funded() -> Ledger:
    """v1 bought coins_65 (p1, $0.99 on iOS) at T0."""
    ledger = Ledger(ECONOMY, viewers=VIEWERS)
    ledger.apply(CoinsPurchased(id="p1", viewer="v1", purchase=PURCHASE))
    return ledger


def gifted() -> Ledger:
    """... and sent ana 5 Roses (g1) an hour later: ana holds 5 diamonds."""
    ledger = funded()
    ledger.apply(GiftSent(gift=ROSE))
    return ledger


def requested() -> Ledger:
    """... and ana asked for a payout of her 5 diamonds (po1) a day after T0."""
    ledger = gifted()
    ledger.apply(giftflow.PayoutRequested(id="po1", at=T0 + D, creator="ana", diamonds=Diamonds(5)))
    return ledger


def settled() -> Ledger:
    """... and it was paid (s1) two days after T0."""
    ledger = requested()
    ledger.apply(giftflow.PayoutSettled(id="s1", at=T0 + 2 * D, payout_id="po1", legs=(LEG,)))
    return ledger


def failed() -> Ledger:
    """... or it failed (pf1) two days after T0."""
    ledger = requested()
    ledger.apply(giftflow.PayoutFailed(id="pf1", at=T0 + 2 * D, payout_id="po1"))
    return ledger


def refunded() -> Ledger:
    """v1's purchase p1 was refunded in full (r1) a day after T0."""
    ledger = funded()
    ledger.apply(giftflow.Refunded(id="r1", at=T0 + D, purchase_id="p1"))
    return ledger


def viewer_closed() -> Ledger:
    """v1 bought coins, sent 5 Roses, then v1's account was forfeited (f1) a day after T0."""
    ledger = gifted()
    ledger.apply(giftflow.AccountForfeited(id="f1", at=T0 + D, owner="v1"))
    return ledger


def creator_closed() -> Ledger:
    """ana earned 5 diamonds, then her account was forfeited (f1) a day after T0."""
    ledger = gifted()
    ledger.apply(giftflow.AccountForfeited(id="f1", at=T0 + D, owner="ana"))
    return ledger


def purchased(purchase: Callable[[], Purchase], **event: object) -> Callable[[], object]:
    """A CoinsPurchased of a forged purchase, built when the case runs."""

    def build() -> object:
        arguments: dict[str, object] = {"id": "p2", "viewer": "v1", "purchase": purchase()}
        arguments.update(event)
        return CoinsPurchased(**arguments)  # type: ignore[arg-type]

    return build


def forged(lots: Callable[[], object] | None = None, **changes: object) -> Callable[[], Purchase]:
    """p2: a good purchase of coins_65 with ``changes`` (and ``lots``) forged in."""

    def build() -> Purchase:
        good = checkout(QUOTE, purchase_id="p2")
        # A change may be a function, called here: a forged part can be refused when built.
        made = {name: value() if callable(value) else value for name, value in changes.items()}
        if lots is not None:
            made["lots"] = lots()
        return forge(good, **made)

    return build


def of_quote(**changes: object) -> Callable[[], Purchase]:
    """p2: the checkout of the coins_65 quote with ``changes`` forged into the quote."""
    return lambda: checkout(forge(QUOTE, **changes), purchase_id="p2")


def p2_lot(**changes: object) -> Callable[[], object]:
    return lambda: (forge(checkout(QUOTE, purchase_id="p2").lots[0], **changes),)


def gift(**changes: object) -> Callable[[], object]:
    """A GiftSent of g2: Rose x1 from v1 to ana two hours after T0, with ``changes``."""
    base = forge(ROSE, id="g2", count=1, at=T0 + 2 * H)
    return lambda: GiftSent(gift=forge(base, **changes))


def event(kind: Callable[..., object], **arguments: object) -> Callable[[], object]:
    return lambda: kind(**arguments)


R, CB, X, F = (
    giftflow.Refunded,
    giftflow.ChargedBack,
    giftflow.CoinsExpired,
    giftflow.AccountForfeited,
)
DR, PR, PS, PF = (
    giftflow.DiamondsReconverted,
    giftflow.PayoutRequested,
    giftflow.PayoutSettled,
    giftflow.PayoutFailed,
)
USD_LEG = LEG
EUR_LEG = giftflow.PayoutLeg(
    kind=giftflow.PayoutLegKind.NET, name="creator", amount=Money.parse("0.01", "EUR")
)

# CoinsPurchased: the purchase must be what the price book sells, at the purchase's time.
e = "CoinsPurchased"
add_event(
    e,
    "ledger-purchase-lot-coins-6500",
    "coins",
    funded,
    purchased(forged(p2_lot(coins=Coins(6500)))),
)
add_event(
    e,
    "ledger-purchase-package-coins-6500",
    "coins",
    funded,
    purchased(of_quote(package=giftflow.CoinPackage(id="coins_65", coins=Coins(6500)))),
)
add_event(
    e,
    "ledger-purchase-package-bonus-forged",
    "bonus",
    funded,
    purchased(
        of_quote(package=giftflow.CoinPackage(id="coins_65", coins=Coins(65), bonus=Coins(1000)))
    ),
)
add_event(
    e,
    "ledger-purchase-unknown-package",
    "package",
    funded,
    purchased(of_quote(package=giftflow.CoinPackage(id="coins_nope", coins=Coins(65)))),
)
add_event(
    e,
    "ledger-purchase-quote-price-negative",
    "price",
    funded,
    purchased(of_quote(price=Money.parse("-0.99", "USD"))),
)
add_event(
    e,
    "ledger-purchase-quote-price-zero",
    "price",
    funded,
    purchased(of_quote(price=Money.zero("USD"))),
)
add_event(
    e,
    "ledger-purchase-quote-price-foreign-currency",
    "price",
    funded,
    purchased(of_quote(price=Money.parse("0.99", "EUR"))),
)
add_event(
    e,
    "ledger-purchase-quote-price-not-the-books",
    "price",
    funded,
    purchased(of_quote(price=Money.parse("0.01", "USD"))),
)
add_event(
    e,
    "ledger-purchase-quote-at-outside-any-price",
    "at",
    funded,
    purchased(of_quote(at=datetime(2001, 1, 1, tzinfo=UTC))),
)
add_event(
    e,
    "ledger-purchase-quote-storefront-without-fees",
    "channel",
    funded,
    purchased(of_quote(storefront=forge(STORE, fees={}))),
)
add_event(
    e,
    "ledger-purchase-quote-promotional-forged",
    "promotional",
    funded,
    purchased(of_quote(promotional=Coins(5000), promotion="x")),
)
add_event(
    e,
    "ledger-purchase-quote-channel-web-at-ios-price",
    "price",
    funded,
    purchased(of_quote(channel=Channel.WEB)),
)
add_event(
    e,
    "ledger-purchase-breakdown-without-store-fee",
    "fees",
    funded,
    purchased(
        forged(
            breakdown=forge(
                BREAKDOWN, fees=(), net=BREAKDOWN.gross, roundings=BREAKDOWN.roundings[:1]
            )
        )
    ),
)
add_event(
    e,
    "ledger-purchase-fee-rate-150-percent",
    "rate",
    funded,
    purchased(
        forged(
            breakdown=lambda: forge(
                BREAKDOWN,
                fees=(
                    forge(
                        FEE,
                        rate=Rate.parse("1.5"),
                        exact=ExactMoney.parse("1.485", "USD"),
                        amount=Money.parse("1.49", "USD"),
                    ),
                ),
                net=Money.parse("-0.50", "USD"),
            )
        )
    ),
)
add_event(
    e,
    "ledger-purchase-breakdown-net-inflated",
    "gross",  # gross and net both inflated: the sum holds, the gross is not the price
    funded,
    purchased(
        forged(
            breakdown=lambda: forge(
                BREAKDOWN, net=BREAKDOWN.net + DOLLAR, gross=BREAKDOWN.gross + DOLLAR
            )
        )
    ),
)
add_event(
    e,
    "ledger-purchase-lot-unknown-purchase-id",
    "purchase_id",
    funded,
    purchased(forged(p2_lot(purchase_id="p9"))),
)
add_event(e, "ledger-purchase-lot-id-taken", "id", funded, purchased(forged(p2_lot(id=LOT.id))))
add_event(
    e,
    "ledger-purchase-lot-net-per-coin-doubled",
    "net_per_coin",
    funded,
    purchased(
        forged(
            p2_lot(
                net_per_coin=LOT.net_per_coin + LOT.net_per_coin,
                gross_per_coin=LOT.gross_per_coin + LOT.net_per_coin,
            )
        )
    ),
)
add_event(
    e,
    "ledger-purchase-lot-acquired-before-purchase",
    "acquired_at",
    funded,
    purchased(forged(p2_lot(acquired_at=T0 - D))),
)
add_event(
    e,
    "ledger-purchase-lot-kind-reconverted",
    "kind",
    funded,
    purchased(forged(p2_lot(kind=giftflow.LotKind.RECONVERTED))),
)
add_event(
    e,
    "ledger-purchase-event-dated-before-quote",
    "at",
    funded,
    purchased(lambda: checkout(QUOTE, purchase_id="p2"), at=T0 - D),
)
add_event(
    e,
    "ledger-purchase-replay-conflict",
    "purchase",
    funded,
    purchased(
        lambda: checkout(
            BOOK.quote("coins_330", country="US", channel=Channel.IOS, at=T0), purchase_id="p1"
        ),
        id="p1",
    ),
)
add_event(
    e,
    "ledger-purchase-for-forfeited-viewer",
    "v1",
    viewer_closed,
    purchased(lambda: checkout(forge(QUOTE, at=T0 + 2 * D), purchase_id="p2")),
)
add_event(
    e,
    "ledger-purchase-id-taken-by-a-gift",
    "type",
    gifted,
    purchased(lambda: checkout(QUOTE, purchase_id="g1"), id="g1"),
)
add_event(e, "ledger-purchase-none", "event", funded, lambda: None)
add_event(e, "ledger-apply-a-quote", "event", funded, lambda: QUOTE)
add_event(e, "ledger-apply-a-purchase", "event", funded, lambda: PURCHASE)

# GiftSent: the coins must exist at the gift's time, the gift be in the catalog then.
e = "GiftSent"
add_event(e, "ledger-gift-before-purchase", "at", funded, gift(at=T0 - H))
add_event(e, "ledger-gift-unknown", "Nope", funded, gift(gift="Nope"))
add_event(e, "ledger-gift-too-few-coins", "coins", funded, gift(count=66))
add_event(e, "ledger-gift-viewer-without-coins", "coins", funded, gift(viewer="v2"))
add_event(e, "ledger-gift-from-forfeited-viewer", "v1", viewer_closed, gift(at=T0 + 2 * D))
add_event(e, "ledger-gift-to-forfeited-creator", "ana", creator_closed, gift(at=T0 + 2 * D))
add_event(e, "ledger-gift-replay-conflict", "gift", gifted, gift(id="g1", count=2))
add_event(e, "ledger-gift-id-taken-by-purchase", "type", funded, gift(id="p1"))
add_event(e, "ledger-gift-spends-refunded-coins", "coins", refunded, gift(at=T0 + 2 * D))
add_event(
    e, "ledger-gift-before-the-catalog", "at", funded, gift(at=datetime(1990, 1, 1, tzinfo=UTC))
)
add_event(
    e,
    "ledger-gift-metrics-for-non-recipient",
    "metrics",
    funded,
    lambda: GiftSent(gift=forge(ROSE, id="g2"), metrics={"bo": {"live_minutes": 30}}),
)
add_event(e, "ledger-gift-count-huge", "count", funded, gift(count=10**30))
add_event(e, "ledger-gift-after-forfeit-dated-before-it", "v1", viewer_closed, gift(at=T0 + 2 * H))

# Refunded and ChargedBack: only what was bought, after it was bought, in its currency.
for kind, slug, args in ((R, "refund", {"id": "r2"}), (CB, "chargeback", {"id": "c2"})):
    e = kind.__name__
    add_event(
        e,
        f"ledger-{slug}-before-purchase",
        "at",
        funded,
        event(kind, **args, at=T0 - D, purchase_id="p1"),
    )
    add_event(
        e,
        f"ledger-{slug}-unknown-purchase",
        "purchase_id",
        funded,
        event(kind, **args, at=T0 + D, purchase_id="p9"),
    )
    add_event(
        e,
        f"ledger-{slug}-more-than-paid",
        "amount",
        funded,
        event(kind, **args, at=T0 + D, purchase_id="p1", amount=DOLLAR * 5),
    )
    add_event(
        e,
        f"ledger-{slug}-amount-foreign-currency",
        "amount",
        funded,
        event(kind, **args, at=T0 + D, purchase_id="p1", amount=Money.parse("0.50", "EUR")),
    )
    add_event(
        e,
        f"ledger-{slug}-after-full-refund",
        "purchase_id",
        refunded,
        event(kind, **args, at=T0 + 2 * D, purchase_id="p1"),
    )
    add_event(
        e,
        f"ledger-{slug}-for-forfeited-viewer",
        "v1",
        viewer_closed,
        event(kind, **args, at=T0 + 2 * D, purchase_id="p1"),
    )
    add_event(
        e,
        f"ledger-{slug}-names-a-gift",
        "purchase_id",
        gifted,
        event(kind, **args, at=T0 + D, purchase_id="g1"),
    )
    add_event(
        e,
        f"ledger-{slug}-id-taken-by-purchase",
        "type",
        funded,
        event(kind, id="p1", at=T0 + D, purchase_id="p1"),
    )
e = "ChargedBack"
add_event(
    e,
    "ledger-chargeback-fee-foreign-currency",
    "fee",
    funded,
    event(CB, id="c2", at=T0 + D, purchase_id="p1", fee=Money.parse("15", "EUR")),
)
add_event(
    e,
    "ledger-chargeback-fee-foreign-currency-with-amount",
    "fee",
    funded,
    event(CB, id="c2", at=T0 + D, purchase_id="p1", amount=CENT, fee=Money.parse("15", "JPY")),
)
add_event(
    e,
    "ledger-refund-replay-conflict",
    "amount",
    refunded,
    event(R, id="r1", at=T0 + D, purchase_id="p1", amount=CENT),
)

# CoinsExpired: the window must close by the event; closed accounts hold nothing to expire.
e = "CoinsExpired"
add_event(
    e,
    "ledger-expiry-window-ends-after-event",
    "acquired_before",
    funded,
    event(X, id="x1", at=T0 + D, viewer="v1", acquired_before=T0 + 2 * D),
)
add_event(
    e,
    "ledger-expiry-for-forfeited-viewer",
    "v1",
    viewer_closed,
    event(X, id="x1", at=T0 + 3 * D, viewer="v1", acquired_before=T0 + 2 * D),
)
add_event(
    e,
    "ledger-expiry-before-the-purchase-it-expires",
    "at",
    funded,
    event(X, id="x1", at=T0 - D, viewer="v1", acquired_before=T0 + D),
)
add_event(
    e,
    "ledger-expiry-id-taken-by-purchase",
    "type",
    funded,
    event(X, id="p1", at=T0 + 2 * D, viewer="v1", acquired_before=T0 + D),
)
add_event(
    e,
    "ledger-expiry-without-cutoff-for-forfeited-viewer",
    "v1",
    viewer_closed,
    event(X, id="x1", at=T0 + 3 * D, viewer="v1"),
)

# AccountForfeited: once, and not before what is already booked for the account.
e = "AccountForfeited"
add_event(
    e, "ledger-forfeit-twice", "v1", viewer_closed, event(F, id="f2", at=T0 + 2 * D, owner="v1")
)
add_event(
    e,
    "ledger-forfeit-before-booked-purchase",
    "at",
    funded,
    event(F, id="f1", at=T0 - D, owner="v1"),
)
add_event(
    e,
    "ledger-forfeit-creator-before-booked-gift",
    "at",
    gifted,
    event(F, id="f1", at=T0, owner="ana"),
)
add_event(
    e,
    "ledger-forfeit-replay-conflict",
    "owner",
    viewer_closed,
    event(F, id="f1", at=T0 + D, owner="ana"),
)

# DiamondsReconverted: only diamonds held at the event's time, by an open account.
e = "DiamondsReconverted"
add_event(
    e,
    "ledger-reconvert-more-than-balance",
    "diamonds",
    gifted,
    event(DR, id="d1", at=T0 + D, creator="ana", diamonds=Diamonds(10), coins_per_diamond=HALF),
)
add_event(
    e,
    "ledger-reconvert-creator-without-diamonds",
    "diamonds",
    gifted,
    event(DR, id="d1", at=T0 + D, creator="bo", diamonds=Diamonds(2), coins_per_diamond=HALF),
)
add_event(
    e,
    "ledger-reconvert-before-the-gift",
    "at",
    gifted,
    event(DR, id="d1", at=T0, creator="ana", diamonds=Diamonds(2), coins_per_diamond=HALF),
)
add_event(
    e,
    "ledger-reconvert-expiring-before-the-gift",
    "at",
    gifted,
    event(
        DR,
        id="d1",
        at=T0,
        creator="ana",
        diamonds=Diamonds(2),
        coins_per_diamond=HALF,
        expires_at=T0 + D,
    ),
)
add_event(
    e,
    "ledger-reconvert-forfeited-creator",
    "ana",
    creator_closed,
    event(DR, id="d1", at=T0 + 2 * D, creator="ana", diamonds=Diamonds(2), coins_per_diamond=HALF),
)
add_event(
    e,
    "ledger-reconvert-reserved-diamonds",
    "diamonds",
    requested,
    event(DR, id="d1", at=T0 + 2 * D, creator="ana", diamonds=Diamonds(2), coins_per_diamond=HALF),
)

# PayoutRequested: only diamonds held at the request's time.
e = "PayoutRequested"
add_event(
    e,
    "ledger-payout-request-more-than-balance",
    "diamonds",
    gifted,
    event(PR, id="po1", at=T0 + D, creator="ana", diamonds=Diamonds(6)),
)
add_event(
    e,
    "ledger-payout-request-before-earnings",
    "at",
    gifted,
    event(PR, id="po1", at=T0, creator="ana", diamonds=Diamonds(5)),
)
add_event(
    e,
    "ledger-payout-request-forfeited-creator",
    "ana",
    creator_closed,
    event(PR, id="po1", at=T0 + 2 * D, creator="ana", diamonds=Diamonds(5)),
)
add_event(
    e,
    "ledger-payout-request-creator-without-diamonds",
    "diamonds",
    gifted,
    event(PR, id="po1", at=T0 + D, creator="bo", diamonds=Diamonds(1)),
)
add_event(
    e,
    "ledger-payout-request-replay-conflict",
    "diamonds",
    requested,
    event(PR, id="po1", at=T0 + D, creator="ana", diamonds=Diamonds(4)),
)
add_event(
    e,
    "ledger-payout-request-twice",
    "diamonds",
    requested,
    event(PR, id="po2", at=T0 + 2 * D, creator="ana", diamonds=Diamonds(5)),
)

# PayoutSettled: a requested payout, after its request, once, in the platform's currency.
e = "PayoutSettled"
add_event(
    e,
    "ledger-payout-settled-before-request",
    "at",
    requested,
    event(PS, id="s1", at=T0 + H, payout_id="po1", legs=(USD_LEG,)),
)
add_event(
    e,
    "ledger-payout-settled-unknown-payout",
    "payout_id",
    requested,
    event(PS, id="s1", at=T0 + 2 * D, payout_id="po9", legs=(USD_LEG,)),
)
add_event(
    e,
    "ledger-payout-settled-legs-foreign-currency",
    "legs",
    requested,
    event(PS, id="s1", at=T0 + 2 * D, payout_id="po1", legs=(EUR_LEG,)),
)
add_event(
    e,
    "ledger-payout-settled-more-diamonds-than-reserved",
    "diamonds",
    requested,
    event(PS, id="s1", at=T0 + 2 * D, payout_id="po1", legs=(USD_LEG,), diamonds=Diamonds(6)),
)
add_event(
    e,
    "ledger-payout-settled-twice",
    "payout_id",
    settled,
    event(PS, id="s2", at=T0 + 3 * D, payout_id="po1", legs=(USD_LEG,)),
)
add_event(
    e,
    "ledger-payout-settled-after-failure",
    "payout_id",
    failed,
    event(PS, id="s1", at=T0 + 3 * D, payout_id="po1", legs=(USD_LEG,)),
)
add_event(
    e,
    "ledger-payout-settled-legs-worth-a-million",
    "legs",
    requested,
    event(
        PS,
        id="s1",
        at=T0 + 2 * D,
        payout_id="po1",
        legs=(forge(USD_LEG, amount=DOLLAR * 10**6),),
    ),
)
add_event(
    e,
    "ledger-payout-settled-names-a-purchase",
    "payout_id",
    requested,
    event(PS, id="s1", at=T0 + 2 * D, payout_id="p1", legs=(USD_LEG,)),
)
add_event(
    e,
    "ledger-payout-settled-replay-conflict",
    "legs",
    settled,
    event(PS, id="s1", at=T0 + 2 * D, payout_id="po1", legs=(forge(USD_LEG, amount=CENT * 2),)),
)

# PayableSettled: a payable of this ledger, in its currency, after what it pays, at most all.
e = "PayableSettled"
PAID = giftflow.PayableSettled
add_event(
    e,
    "ledger-payable-settled-more-than-owed",
    "store_payable:apple",
    funded,
    event(PAID, id="ps1", at=T0 + D, payable=APPLE, amount=DOLLAR),
)
add_event(
    e,
    "ledger-payable-settled-never-owed",
    "agency_payable:a1",
    funded,
    event(
        PAID, id="ps1", at=T0 + D, payable=Account(AccountKind.AGENCY_PAYABLE, "a1"), amount=CENT
    ),
)
add_event(
    e,
    "ledger-payable-settled-foreign-currency",
    "amount",
    funded,
    event(PAID, id="ps1", at=T0 + D, payable=APPLE, amount=Money.parse("0.01", "EUR")),
)
add_event(
    e,
    "ledger-payable-settled-before-it-was-owed",
    "at",
    funded,
    event(PAID, id="ps1", at=T0 - H, payable=APPLE, amount=CENT),
)
add(
    "PayableSettled",
    "event-payablesettled-payable-revenue",
    "payable",
    call(PAID, id="ps1", at=T0, payable=Account(AccountKind.PLATFORM_REVENUE), amount=DOLLAR),
)
add(
    "PayableSettled",
    "event-payablesettled-payable-str",
    "payable",
    call(PAID, id="ps1", at=T0, payable="store_payable:apple", amount=DOLLAR),
)
add(
    "PayableSettled",
    "event-payablesettled-payable-no-owner",
    "payable",
    call(PAID, id="ps1", at=T0, payable=Account(AccountKind.TAX_PAYABLE), amount=DOLLAR),
)
add(
    "PayableSettled",
    "event-payablesettled-amount-zero",
    "amount",
    call(PAID, id="ps1", at=T0, payable=APPLE, amount=Money.zero("USD")),
)
add(
    "PayableSettled",
    "event-payablesettled-amount-int",
    "amount",
    call(PAID, id="ps1", at=T0, payable=APPLE, amount=100),
)

# StoreSettled: the fee kept (gross - net) settles a store payable as PayableSettled does.
e = "StoreSettled"
KEPT = giftflow.StoreSettled
add_event(
    e,
    "ledger-store-settled-fee-above-owed",
    "store_payable:apple",
    funded,
    event(KEPT, id="ss1", at=T0 + D, payable=APPLE, gross=DOLLAR, net=CENT),
)
add_event(
    e,
    "ledger-store-settled-foreign-currency",
    "gross",
    funded,
    event(KEPT, id="ss1", at=T0 + D, payable=APPLE, gross=EURO, net=Money.parse("0.99", "EUR")),
)
add_event(
    e,
    "ledger-store-settled-before-it-was-owed",
    "at",
    funded,
    event(KEPT, id="ss1", at=T0 - H, payable=APPLE, gross=DOLLAR, net=Money.parse("0.99", "USD")),
)
add(
    "StoreSettled",
    "event-storesettled-payable-agency",
    "payable",
    call(
        KEPT,
        id="ss1",
        at=T0,
        payable=Account(AccountKind.AGENCY_PAYABLE, "a1"),
        gross=DOLLAR,
        net=CENT,
    ),
)
add(
    "StoreSettled",
    "event-storesettled-net-equals-gross",
    "net",
    call(KEPT, id="ss1", at=T0, payable=APPLE, gross=DOLLAR, net=DOLLAR),
)
add(
    "StoreSettled",
    "event-storesettled-net-other-currency",
    "net",
    call(KEPT, id="ss1", at=T0, payable=APPLE, gross=DOLLAR, net=EURO),
)
add(
    "StoreSettled",
    "event-storesettled-gross-negative",
    "gross",
    call(KEPT, id="ss1", at=T0, payable=APPLE, gross=-DOLLAR, net=CENT),
)

# PayoutFailed: a requested payout, after its request, once.
e = "PayoutFailed"
add_event(
    e,
    "ledger-payout-failed-before-request",
    "at",
    requested,
    event(PF, id="pf1", at=T0 + H, payout_id="po1"),
)
add_event(
    e,
    "ledger-payout-failed-unknown-payout",
    "payout_id",
    requested,
    event(PF, id="pf1", at=T0 + 2 * D, payout_id="po9"),
)
add_event(
    e,
    "ledger-payout-failed-after-settlement",
    "payout_id",
    settled,
    event(PF, id="pf1", at=T0 + 3 * D, payout_id="po1"),
)
add_event(
    e,
    "ledger-payout-failed-twice",
    "payout_id",
    failed,
    event(PF, id="pf2", at=T0 + 3 * D, payout_id="po1"),
)
add_event(
    e,
    "ledger-payout-failed-names-a-gift",
    "payout_id",
    gifted,
    event(PF, id="pf1", at=T0 + 2 * D, payout_id="g1"),
)

# Reading a ledger: bad arguments to its queries (nothing may change either).
READ = gifted()
LATER = T0 + D
add("Ledger.balance", "ledger-balance-unit-unknown", "unit", call(READ.balance, ACCOUNT, "bits"))
add("Ledger.balance", "ledger-balance-unit-str", "unit", call(READ.balance, ACCOUNT, "diamonds"))
add(
    "Ledger.balance",
    "ledger-balance-unit-odd-minor",
    "unit",
    call(READ.balance, ACCOUNT, giftflow.Currency(code="USD", exponent=3)),
)
add("Ledger.balance", "ledger-balance-account-str", "account", call(READ.balance, "v1", Coins))
add("Ledger.balance", "ledger-balance-naive", "at", call(READ.balance, ACCOUNT, Coins, at=NAIVE))
add(
    "Ledger.statement",
    "ledger-statement-end-before-start",
    "end",
    call(READ.statement, ACCOUNT, Coins, start=LATER, end=T0),
)
add(
    "Ledger.statement",
    "ledger-statement-naive",
    "start",
    call(READ.statement, ACCOUNT, Coins, start=NAIVE, end=LATER),
)
add(
    "Statement.of",
    "statement-of-not-transactions",
    "transactions[0]",
    call(giftflow.Statement.of, ["tx"], ACCOUNT, Coins, start=T0, end=LATER),
)
add(
    "Statement.of",
    "statement-of-end-before-start",
    "end",
    call(giftflow.Statement.of, READ.journal, ACCOUNT, Coins, start=LATER, end=T0),
)
add(
    "Ledger.statement",
    "ledger-statement-no-history",
    "history",
    lambda: Ledger(ECONOMY, history=giftflow.History.NONE).statement(
        ACCOUNT, Coins, start=T0, end=LATER
    ),
)
add(
    "Ledger.creator_statement",
    "ledger-creator-statement-naive",
    "end",
    call(READ.creator_statement, "ana", start=T0, end=NAIVE),
)
add(
    "Ledger.creator_statement",
    "ledger-creator-statement-creator-int",
    "creator",
    call(READ.creator_statement, 5, start=T0, end=LATER),
)
add(
    "Ledger.viewer_history",
    "ledger-viewer-history-end-before-start",
    "end",
    call(READ.viewer_history, "v1", start=LATER, end=T0),
)
add("Ledger.earnings", "ledger-earnings-int", "creator", call(READ.earnings, 5))
add("Ledger.wallet", "ledger-wallet-int", "viewer", call(READ.wallet, 5))
add("Ledger.overdraft", "ledger-overdraft-none", "viewer", call(READ.overdraft, None))
add("Ledger.sponsor", "ledger-sponsor-unknown", "acme", call(READ.sponsor, "acme"))
add("Ledger.transaction", "ledger-transaction-unknown", "nope", call(READ.transaction, "nope"))
add("Ledger.transaction", "ledger-transaction-int", "event_id", call(READ.transaction, 5))
add("Ledger.diamonds", "ledger-diamonds-int", "creator", call(READ.diamonds, 5))
add(
    "Ledger.payout_records",
    "ledger-payout-records-bad-id",
    "creator",
    call(READ.payout_records, " ana"),
)


def plan_from_book(ledger: Ledger, **changes: object) -> Callable[[], object]:
    arguments: dict[str, object] = {
        "now": T0 + 30 * D,
        "method": "paypal",
        "payout_currency": "USD",
        "profile": CREATOR,
        "rounding": Rounding.DOWN,
    }
    creator = changes.pop("creator", "ana")
    policy = changes.pop("policy", POLICY)
    return call(ledger.plan_payout, creator, policy, **{**arguments, **changes})


PLAN_CASES: list[tuple[str, str, dict[str, object]]] = [
    ("creator-int", "creator", {"creator": 5}),
    ("policy-str", "policy", {"policy": "tiktok"}),
    ("now-naive", "now", {"now": NAIVE}),
    ("now-before-last-event", "now", {"now": T0}),
    ("profile-str", "profile", {"profile": "ana"}),
    ("method-unknown", "method", {"method": "carrier pigeon"}),
    ("requested-zero", "requested", {"requested": Diamonds(0)}),
    ("valuation-money", "valuation", {"valuation": Money.parse("0.01", "USD")}),
    ("rounding-str", "rounding", {"rounding": "down"}),
]
for label, bad, changes in PLAN_CASES:
    add(
        "Ledger.plan_payout",
        f"ledger-plan-payout-{label}",
        str(bad),
        plan_from_book(READ, **changes),
    )
add(
    "DiamondBalance",
    "diamond-balance-posted-int",
    "posted",
    call(giftflow.DiamondBalance, posted=5, pending=Diamonds(0), available=Diamonds(5)),
)
add(
    "DiamondBalance",
    "diamond-balance-pending-negative",
    "pending",
    call(giftflow.DiamondBalance, posted=Diamonds(5), pending=Diamonds(-1), available=Diamonds(6)),
)
add(
    "DiamondBalance",
    "diamond-balance-available-not-posted-less-pending",
    "available",
    call(giftflow.DiamondBalance, posted=Diamonds(5), pending=Diamonds(2), available=Diamonds(5)),
)
add_event("", "ledger-apply-int", "event", funded, lambda: 5)

# == the data format ===================================================================

fd, fdoc = giftflow.from_data, giftflow.from_document
MONEY_DATA = {"amount": "1.00", "currency": "USD"}
for label, target, data, argument in (
    ("money-float-amount", Money, {"amount": 1.0, "currency": "USD"}, "amount"),
    ("money-missing-currency", Money, {"amount": "1.00"}, "currency"),
    ("money-extra-key", Money, {**MONEY_DATA, "minor": 100}, "minor"),
    ("money-list", Money, ["1.00", "USD"], "data"),
    (
        "money-amount-5000-digits",
        Money,
        {"amount": "9" * 5000 + ".00", "currency": "USD"},
        "amount",
    ),
    ("money-amount-leading-space", Money, {"amount": " 1.00", "currency": "USD"}, "amount"),
    ("coins-str", Coins, "5", "data"),
    ("coins-bool", Coins, True, "data"),
    ("coins-10-to-the-100000", Coins, 10**100_000, "data"),
    ("rate-negative", Rate, "-1/2", "data"),
    ("rate-5000-digit-denominator", Rate, "1/" + "7" * 5000, "data"),
    ("carry-million", giftflow.Carry, {"remainders": {"ana": "1000000"}}, "remainders"),
    ("carry-negative", giftflow.Carry, {"remainders": {"ana": "-3/2"}}, "remainders"),
    ("purchase-lot-coins-6500", Purchase, None, "lots[0].coins"),
    ("quote-price-negative", Quote, None, "price"),
    ("gift-event-count-zero", GiftEvent, None, "count"),
    ("not-a-giftflow-type", int, 5, "kind"),
    ("none-as-kind", None, 5, "kind"),
):
    if data is None:  # forge the written form of a real value
        if target is Purchase:
            data = raw_data(PURCHASE)
            data["lots"][0]["coins"] = 6500
        elif target is Quote:
            data = raw_data(QUOTE)
            data["price"]["amount"] = "-0.99"
        else:
            data = raw_data(ROSE)
            data["count"] = 0
    add("from_data", f"from-data-{label}", argument, call(fd, target, data))
DOCUMENT: dict[str, object] = dict(giftflow.to_document(DOLLAR))
add("from_document", "from-document-not-a-dict", "document", call(fdoc, [DOCUMENT]))
add(
    "from_document",
    "from-document-wrong-schema",
    "schema",
    call(fdoc, {**DOCUMENT, "schema": "other"}),
)
add(
    "from_document",
    "from-document-future-version",
    "version",
    call(fdoc, {**DOCUMENT, "version": 99}),
)
add(
    "from_document",
    "from-document-version-str",
    "version",
    call(fdoc, {**DOCUMENT, "version": "1"}),
)
add(
    "from_document",
    "from-document-unknown-type",
    "type",
    call(fdoc, {**DOCUMENT, "type": "Bitcoin"}),
)
add(
    "from_document",
    "from-document-bad-data",
    "data.amount",
    call(fdoc, {**DOCUMENT, "data": {"amount": 1, "currency": "USD"}}),
)
add(
    "from_document",
    "from-document-missing-data",
    "data",
    call(fdoc, {key: v for key, v in DOCUMENT.items() if key != "data"}),
)
add("to_data", "to-data-int", "value", call(giftflow.to_data, 5))
add("to_data", "to-data-float", "value", call(giftflow.to_data, 0.5))
add("to_data", "to-data-none", "value", call(giftflow.to_data, None))
add(
    "to_data",
    "to-data-forged-coins-10-to-the-100000",
    "amount",
    lambda: giftflow.to_data(_forged_coins()),
)
add("to_document", "to-document-dict", "value", call(giftflow.to_document, {"amount": "1.00"}))
add("to_document", "to-document-object", "value", call(giftflow.to_document, object()))


def _forged_coins() -> Coins:
    # Coins accepted today at any size; the format must still not write what it cannot read.
    return Coins(10**100_000)


# == giftflow.presets ==================================================================

pre = giftflow.presets
add("presets.apple_fee", "presets-apple-fee-currency-str", "currency", call(pre.apple_fee, "USD"))
add("presets.apple_fee", "presets-apple-fee-currency-none", "currency", call(pre.apple_fee, None))
add(
    "presets.apple_fee",
    "presets-apple-fee-small-business-str",
    "small_business",
    call(pre.apple_fee, USD, small_business="yes"),
)
add(
    "presets.google_play_fee",
    "presets-google-play-fee-currency-none",
    "currency",
    call(pre.google_play_fee, None),
)
add(
    "presets.google_play_fee",
    "presets-google-play-fee-currency-int",
    "currency",
    call(pre.google_play_fee, 840),
)
add(
    "presets.apple_fee_schedule",
    "presets-apple-fee-schedule-currency-str",
    "currency",
    call(pre.apple_fee_schedule, "USD"),
)
add(
    "presets.apple_fee_schedule",
    "presets-apple-fee-schedule-small-business-gbp",
    "currency",
    call(pre.apple_fee_schedule, giftflow.currency("GBP"), small_business=True),
)
add(
    "presets.apple_fee_schedule",
    "presets-apple-fee-schedule-small-business-int",
    "small_business",
    call(pre.apple_fee_schedule, USD, small_business=1),
)
add(
    "presets.apple_fee_schedule",
    "presets-apple-fee-schedule-crossing-str",
    "crossing",
    call(pre.apple_fee_schedule, USD, small_business=True, crossing="split"),
)
EU_OPTIONS: tuple[tuple[str, Mapping[str, object], str], ...] = (
    ("tier-3", {"store_services_tier": 3}, "store_services_tier"),
    ("tier-str", {"store_services_tier": "2"}, "store_services_tier"),
    ("small-business-str", {"store_services_tier": 2, "small_business": "no"}, "small_business"),
    ("initial-int", {"store_services_tier": 2, "initial_acquisition": 0}, "initial_acquisition"),
    ("from-2026-rates", {"store_services_tier": 2, "from_2026": (HALF,)}, "from_2026"),
    ("from-2026-str", {"store_services_tier": 2, "from_2026": "5%"}, "from_2026"),
)
for label, changes, argument in EU_OPTIONS:
    add(
        "presets.apple_eu_alternative_fee_schedule",
        f"presets-apple-eu-alternative-fee-schedule-{label}",
        argument,
        call(pre.apple_eu_alternative_fee_schedule, **changes),
    )
add(
    "presets.google_play_fee_schedule",
    "presets-google-play-fee-schedule-currency-none",
    "currency",
    call(pre.google_play_fee_schedule, None),
)
add(
    "presets.google_play_fee_schedule",
    "presets-google-play-fee-schedule-enrolled-gbp",
    "currency",
    call(pre.google_play_fee_schedule, giftflow.currency("GBP")),
)
add(
    "presets.google_play_fee_schedule",
    "presets-google-play-fee-schedule-enrolled-str",
    "enrolled",
    call(pre.google_play_fee_schedule, USD, enrolled="yes"),
)
for name in (
    "tiktok_payout_policy",
    "twitch_payout_policy",
    "facebook_stars_payout_policy",
    "instagram_gifts_payout_policy",
    "bigo_payout_policy",
):
    slug = name.replace("_", "-")
    add(
        f"presets.{name}",
        f"presets-{slug}-zone-str",
        "zone",
        call(getattr(pre, name), zone="Europe/Paris"),
    )
    add(f"presets.{name}", f"presets-{slug}-zone-none", "zone", call(getattr(pre, name), zone=None))
add(
    "presets.tiktok_payout_policy",
    "presets-tiktok-payout-policy-minimum-2019-str",
    "minimum_2019",
    call(pre.tiktok_payout_policy, minimum_2019="no"),
)
add(
    "presets.instagram_gifts_payout_policy",
    "presets-instagram-launch-threshold-int",
    "launch_threshold",
    call(pre.instagram_gifts_payout_policy, launch_threshold=1),
)
# The economies' settings (issue #16, item 6): refused as the with_ methods refuse them.
for name in ("tiktok", "youtube_supers", "youtube", "twitch_bits", "bigo", "facebook_stars"):
    slug = name.replace("_", "-")
    make = getattr(pre, name)
    for tail, changes, argument in (
        ("rounding-str", {"diamond_rounding": "down"}, "diamond_rounding"),
        ("fees-list", {"fees": [Channel.WEB]}, "fees"),
        ("fees-str-key", {"fees": {"web": ()}}, "fees"),
        ("fees-unsold-channel", {"fees": {Channel.IOS_LINK_OUT: ()}}, "channel"),
        ("fees-one-fee", {"fees": {Channel.WEB: pre.card_processor_fee()}}, "fees"),
    ):
        add(f"presets.{name}", f"presets-{slug}-{tail}", argument, call(make, **changes))
for name in ("tiktok", "youtube_supers", "youtube"):
    slug = name.replace("_", "-")
    make = getattr(pre, name)
    for tail, changes, argument in (
        ("small-business-str", {"small_business": "yes"}, "small_business"),
        ("dated-store-fees-int", {"dated_store_fees": 1}, "dated_store_fees"),
        (
            "small-business-no-ios",
            {"small_business": True, "channels": [Channel.WEB]},
            "small_business",
        ),
        ("channels-str", {"channels": "web"}, "channels"),
        (
            "channels-unsold",
            {"channels": [Channel.GOOGLE_PLAY]}
            if name != "tiktok"
            else {"channels": [Channel.IOS_LINK_OUT]},
            "channels",
        ),
    ):
        add(f"presets.{name}", f"presets-{slug}-{tail}", argument, call(make, **changes))
for name in ("tiktok", "twitch_bits", "bigo", "facebook_stars"):
    slug = name.replace("_", "-")
    make = getattr(pre, name)
    unsold = giftflow.PackagePrice(
        package="nope", country="US", channel=Channel.WEB, price=Money.parse("1", "USD")
    )
    for tail, changes, argument in (
        ("prices-str", {"prices": "coins_65"}, "prices"),
        ("prices-one", {"prices": unsold}, "prices"),
        ("prices-tuple-item", {"prices": [("coins_65", "1.09")]}, "prices[0]"),
        ("prices-unknown-package", {"prices": [unsold]}, "package"),
    ):
        add(f"presets.{name}", f"presets-{slug}-{tail}", argument, call(make, **changes))
add(
    "presets.tiktok",
    "presets-tiktok-small-business-gbp",
    "small_business",
    call(pre.tiktok, small_business=True),
)
add(
    "presets.tiktok",
    "presets-tiktok-countries-unknown",
    "countries",
    call(pre.tiktok, countries=["FR"]),
)
add(
    "presets.tiktok",
    "presets-tiktok-countries-str",
    "countries",
    call(pre.tiktok, countries="US"),
)
# Jewel and Instagram Stars bundles: the caller's prices (these are illustrative).
BUNDLE = {Channel.IOS: {100: Money.parse("2.00", "USD")}}
for name in ("youtube_jewels_price_book", "instagram_gifts_price_book"):
    slug = name.replace("_", "-")
    make = getattr(pre, name)
    for tail, bad, argument in (
        ("none", None, "bundles"),
        ("empty", {}, "bundles"),
        ("web", {Channel.WEB: {100: Money.parse("2.00", "USD")}}, "bundles"),
        ("ladder-list", {Channel.IOS: [100]}, "bundles[ios]"),
        ("zero-units", {Channel.IOS: {0: Money.parse("2.00", "USD")}}, "bundles[ios]"),
        ("price-str", {Channel.IOS: {100: "2.00"}}, "bundles[ios][100]"),
        ("price-eur", {Channel.IOS: {100: Money.parse("2.00", "EUR")}}, "bundles[ios][100]"),
        ("price-zero", {Channel.IOS: {100: Money.parse("0", "USD")}}, "bundles[ios][100]"),
    ):
        add(f"presets.{name}", f"presets-{slug}-{tail}", argument, call(make, bad))
JEWELS_BOOK = pre.youtube_jewels_price_book(BUNDLE)
add(
    "presets.youtube_jewels",
    "presets-youtube-jewels-book-dict",
    "price_book",
    call(pre.youtube_jewels, BUNDLE, rubies_per_jewel=Rate.ONE),
)
add(
    "presets.youtube_jewels",
    "presets-youtube-jewels-rubies-per-jewel-str",
    "rubies_per_jewel",
    call(pre.youtube_jewels, JEWELS_BOOK, rubies_per_jewel="1"),
)
add(
    "presets.youtube_jewels",
    "presets-youtube-jewels-rubies-per-jewel-zero",
    "rubies_per_jewel",
    call(pre.youtube_jewels, JEWELS_BOOK, rubies_per_jewel=Rate.parse("0")),
)
add(
    "presets.youtube_jewels",
    "presets-youtube-jewels-catalog-list",
    "catalog",
    call(pre.youtube_jewels, JEWELS_BOOK, rubies_per_jewel=Rate.ONE, catalog=[]),
)
add(
    "presets.youtube_jewels",
    "presets-youtube-jewels-rounding-str",
    "diamond_rounding",
    call(pre.youtube_jewels, JEWELS_BOOK, rubies_per_jewel=Rate.ONE, diamond_rounding="down"),
)
add(
    "presets.instagram_gifts",
    "presets-instagram-gifts-rounding-none",
    "diamond_rounding",
    call(
        pre.instagram_gifts,
        pre.instagram_gifts_price_book(BUNDLE),
        diamond_rounding=None,
    ),
)
add(
    "presets.instagram_gifts",
    "presets-instagram-gifts-book-none",
    "price_book",
    call(pre.instagram_gifts, None),
)
add(
    "presets.instagram_gifts",
    "presets-instagram-gifts-catalog-str",
    "catalog",
    call(pre.instagram_gifts, pre.instagram_gifts_price_book(BUNDLE), catalog="gifts"),
)
add(
    "presets.Source",
    "presets-source-what-empty",
    "what",
    call(pre.Source, what="", where="https://example.com", date="2026-01-01", confidence="high"),
)
add(
    "presets.Source",
    "presets-source-date-int",
    "date",
    call(pre.Source, what="x", where="https://example.com", date=2026, confidence="stated"),
)
add(
    "presets.Source",
    "presets-source-confidence-unknown",
    "confidence",
    call(pre.Source, what="x", where="https://example.com", date="2026-01-01", confidence="sure"),
)

# == giftflow.testing: strategies and assertions =======================================

tst = giftflow.testing
for name, kwargs, argument in (
    ("coins", {"min_value": 10, "max_value": 5}, "min_value"),
    ("coins", {"min_value": 1.5}, "min_value"),
    ("diamonds", {"min_value": 10, "max_value": 5}, "min_value"),
    ("diamonds", {"max_value": "5"}, "max_value"),
    ("currencies", {"exponents": [-1]}, "exponents"),
    ("currencies", {"exponents": []}, "exponents"),
    ("exact_money", {"currency": "ZZZ"}, "code"),
    ("money", {"currency": "ZZZ"}, "code"),
    ("money", {"currency": "USD", "min_value": 10, "max_value": 5}, "min_value"),
    ("money", {"currency": "USD", "min_value": Money.parse("1", "EUR")}, "min_value"),
    ("rates", {"min_value": Rate.parse("1"), "max_value": Rate.parse("0.5")}, "min_value"),
    ("rates", {"max_denominator": 0}, "max_denominator"),
    ("ratios", {"min_size": 0}, "min_size"),
    ("ratios", {"min_size": 5, "max_size": 2}, "min_size"),
    ("coin_lots", {"currency": "ZZZ"}, "code"),
    ("custom_amounts", {"currency": 5}, "currency"),
    ("fees", {"currency": "ZZZ"}, "code"),
    ("package_prices", {"currency": "ZZZ"}, "code"),
    ("storefronts", {"currency": "ZZZ"}, "code"),
    ("thresholds", {"currency": "ZZZ"}, "code"),
    ("fee_periods", {"currency": "ZZZ"}, "code"),
    ("fee_schedules", {"currency": "ZZZ"}, "code"),
    ("fee_schedules", {"gaps": 1}, "gaps"),
    ("wallets", {"max_lots": -1}, "max_lots"),
    ("wallets", {"currency": "ZZZ"}, "code"),
    ("proceeds_for", {"quote": None}, "quote"),
    ("purchases", {"quotes_from": 5}, "quotes_from"),
    ("quotes", {"books": 5}, "books"),
    ("catalog_versions", {"max_price": 0}, "max_price"),
    ("catalogs", {"max_price": -1}, "max_price"),
    ("gifts", {"max_price": 0}, "max_price"),
    ("conversion_policies", {"currency": "ZZZ"}, "code"),
    ("policy_schedules", {"currency": "ZZZ"}, "code"),
    ("sponsor_budgets", {"currency": "ZZZ"}, "code"),
    ("creator_totals", {"currency": "ZZZ"}, "code"),
    ("gift_events", {"economy": 5}, "economy"),
    ("gift_events", {"max_count": 0}, "max_count"),
    ("gift_records", {"at": NAIVE}, "at"),
    ("settlements", {"country": "U S"}, "country"),
    ("diamond_valuations", {"currency": "ZZZ"}, "code"),
    ("earnings", {"days": -1}, "days"),
    ("earnings", {"max_diamonds": 0}, "max_diamonds"),
    ("fx_rate_tables", {"source": "USD", "target": "USD"}, "target"),
    ("fx_rates", {"target": "ZZZ"}, "code"),
    ("payout_caps", {"currency": "ZZZ"}, "code"),
    ("payout_fee_charges", {"currency": "ZZZ"}, "code"),
    ("payout_fees", {"currency": "ZZZ"}, "code"),
    ("payout_legs", {"currency": "ZZZ"}, "code"),
    ("payout_methods", {"currency": "ZZZ"}, "code"),
    ("payout_plans", {"policies": 5}, "policies"),
    ("payout_policies", {"currency": "ZZZ"}, "code"),
    ("payout_reasons", {"currency": "ZZZ"}, "code"),
    ("payout_records", {"currency": "ZZZ"}, "code"),
    ("payout_schedules", {"zones": 5}, "zones"),
    ("payout_statements", {"currency": "ZZZ"}, "code"),
    ("ledger_events", {"economy": 5}, "economy"),
    ("ledger_events", {"agencies": {"ana": 0.1}}, "agencies"),
    ("ledger_events", {"viewers": 5}, "viewers"),
    ("ledgers", {"economy": 5}, "economy"),
    ("ledgers", {"guards": 5}, "guards"),
    ("ledgers", {"clawback": "platform_absorbs"}, "clawback"),
    ("ledgers", {"agencies": {"ana": 0.1}}, "agencies"),
    ("ledgers", {"sponsors": {"brand": 5}}, "sponsors"),
    ("ledgers", {"viewers": {"v 1 ": None}}, "viewers"),
    ("ledgers", {"history": None}, "history"),
    ("ledgers", {"idempotency": 5}, "idempotency"),
    ("ledger_snapshots", {"economy": 5}, "economy"),
    ("ledger_snapshots", {"clawback": "platform_absorbs"}, "clawback"),
):
    shown = "-".join(
        f"{key}-" + repr(value).replace("-", "minus ") for key, value in kwargs.items()
    )
    label = re.sub(r"[^a-z0-9]+", "-", shown.lower()).strip("-")
    add(
        f"testing.{name}",
        f"testing-{name.replace('_', '-')}-{label}",
        argument,
        drain(getattr(tst, name), **kwargs),
    )
# Economies a strategy cannot serve: refused when the strategy is made, naming what is missing.
_book = presets.youtube().price_book
SELLS_NOTHING = attrs.evolve(
    presets.youtube(),
    price_book=giftflow.PriceBook(storefronts=_book.storefronts, packages=(), prices=(), custom=()),
)
SPONSORED_ONLY = attrs.evolve(
    presets.bigo(),
    catalog=giftflow.Catalog(
        versions=(
            giftflow.CatalogVersion(
                version="s",
                gifts=(giftflow.Gift(id="promo", name="Promo", price=Coins(1), sponsor="brand"),),
            ),
        )
    ),
)
for name in ("ledgers", "ledger_snapshots"):
    add(
        f"testing.{name}",
        f"testing-{name.replace('_', '-')}-economy-selling-no-coins",
        "economy.price_book",
        drain(getattr(tst, name), economy=SELLS_NOTHING),
    )
for name in ("gift_records", "settlements"):
    add(
        f"testing.{name}",
        f"testing-{name.replace('_', '-')}-economy-of-sponsored-gifts-only",
        "economy.catalog",
        drain(getattr(tst, name), economy=SPONSORED_ONLY),
    )
add(
    "testing.gift_records",
    "testing-gift-records-funded-false-for-a-revenue-share",
    "funded",
    drain(tst.gift_records, economy=presets.youtube(), funded=False),
)
add(
    "testing.assert_balanced",
    "testing-assert-balanced-int",
    "amounts",
    call(tst.assert_balanced, 5),
)
add(
    "testing.assert_balanced",
    "testing-assert-balanced-floats",
    "amounts",
    call(tst.assert_balanced, [0.5, -0.5]),
)
add(
    "testing.assert_ledger_balanced",
    "testing-assert-ledger-balanced-none",
    "ledger",
    call(tst.assert_ledger_balanced, None),
)
add(
    "testing.assert_payout_conserves",
    "testing-assert-payout-conserves-none",
    "plan",
    call(tst.assert_payout_conserves, None),
)
add(
    "testing.assert_sums_to",
    "testing-assert-sums-to-whole-none",
    "whole",
    call(tst.assert_sums_to, [DOLLAR], None),
)
add(
    "testing.assert_sums_to",
    "testing-assert-sums-to-parts-int",
    "parts",
    call(tst.assert_sums_to, 5, DOLLAR),
)

# -- giftflow.plot ------------------------------------------------------------------------

plot = giftflow.plot
for label, changes, argument in (
    ("trace-none", {"trace": None}, "trace"),
    ("trace-receipt", {"trace": RECEIPT}, "trace"),
    ("payout-int", {"payout": 5}, "payout"),
    ("payout-pays-nothing", {"payout": plan(earnings=())}, "payout"),
    ("shares-int", {"shares": 1}, "shares"),
    ("ax-str", {"ax": "axes"}, "ax"),
):
    add(
        "plot.waterfall",
        f"plot-waterfall-{label}",
        argument,
        call(plot.waterfall, **{"trace": TRACE, **changes}),
    )
