"""Invariants of the coins-in values hold however a value is made: constructor or evolve.

One test id per bad input. Each case takes a good value made by checkout and
changes one field with ``attrs.evolve`` (which runs the validators, as the
constructors and ``from_data`` do); every case must raise a GiftflowError that
names the field, never a bare builtin exception.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

import attrs
import pytest

from giftflow import (
    Channel,
    CoinLot,
    CoinPackage,
    Coins,
    CostBasis,
    Crossing,
    CurrencyMismatchError,
    ExactMoney,
    Fee,
    FeeBasis,
    FeeKind,
    GiftflowError,
    InvalidTypeError,
    InvalidValueError,
    LotKind,
    Money,
    PackagePrice,
    PriceBook,
    Promotion,
    Purchase,
    Quote,
    Rate,
    Rounding,
    SpendPolicy,
    Storefront,
    Tax,
    Threshold,
    Wallet,
    checkout,
    currency,
    presets,
)

USD, EUR = currency("USD"), currency("EUR")
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def _quote(package: str = "coins_65", channel: Channel = Channel.IOS) -> Quote:
    return presets.tiktok_price_book().quote(package, country="US", channel=channel, at=NOW)


def _web_purchase() -> Purchase:
    # The web channel charges a processor fee, so the breakdown has a fee to forge.
    return checkout(_quote("coins_350", Channel.WEB), purchase_id="p1")


PURCHASE = checkout(_quote(), purchase_id="p1")
WEB = _web_purchase()
BREAKDOWN = PURCHASE.breakdown
CHARGE = BREAKDOWN.fees[0]
QUOTE = PURCHASE.quote
LOT = PURCHASE.lots[0]


def usd(text: str) -> Money:
    return Money.parse(text, USD)


def exact(minor: int | Fraction, unit: Any = USD) -> ExactMoney:
    return ExactMoney(Fraction(minor), unit)


def _evolve(value: Any, **changes: Any) -> Callable[[], Any]:
    return lambda: attrs.evolve(value, **changes)


GROWN = attrs.evolve(LOT, coins=Coins(6500))
OTHER_STORE = Storefront(country="US", currency=EUR, tax=Tax.none(), fees={Channel.IOS: ()})

BAD: dict[str, tuple[Callable[[], Any], type[GiftflowError], str]] = {
    # -- FeeCharge --
    "charge-negative-amount": (
        _evolve(CHARGE, amount=usd("-0.30")),
        InvalidValueError,
        "amount",
    ),
    "charge-negative-exact": (_evolve(CHARGE, exact=exact(-1)), InvalidValueError, "exact"),
    "charge-negative-base": (_evolve(CHARGE, base=usd("-0.99")), InvalidValueError, "base"),
    "charge-rate-over-100%": (_evolve(CHARGE, rate=Rate.parse("150%")), InvalidValueError, "rate"),
    "charge-amount-not-rounded-exact": (
        _evolve(CHARGE, amount=usd("0.01")),
        InvalidValueError,
        "amount",
    ),
    "charge-amount-float": (_evolve(CHARGE, amount=0.3), InvalidTypeError, "amount"),
    "charge-other-currency": (
        _evolve(CHARGE, amount=Money.parse("0.30", EUR), exact=exact(30, EUR)),
        CurrencyMismatchError,
        "",
    ),
    "charge-kind-str": (_evolve(CHARGE, kind="store"), InvalidTypeError, "kind"),
    "charge-rounding-none": (_evolve(CHARGE, rounding=None), InvalidTypeError, "rounding"),
    "charge-name-empty": (_evolve(CHARGE, name=""), InvalidValueError, "name"),
    # -- Fee and Threshold --
    "fee-rate-150%": (
        lambda: Fee(
            name="x",
            kind=FeeKind.STORE,
            basis=FeeBasis.GROSS,
            rounding=Rounding.HALF_UP,
            rate=Rate.parse("150%"),
        ),
        InvalidValueError,
        "rate",
    ),
    "fee-rate-float": (
        lambda: Fee(
            name="x",
            kind=FeeKind.STORE,
            basis=FeeBasis.GROSS,
            rounding=Rounding.UP,
            rate=0.3,  # type: ignore[arg-type]
        ),
        InvalidTypeError,
        "rate",
    ),
    "fee-negative-fixed": (
        lambda: Fee(
            name="x",
            kind=FeeKind.PROCESSOR,
            basis=FeeBasis.GROSS,
            rounding=Rounding.UP,
            fixed=usd("-0.30"),
        ),
        InvalidValueError,
        "fixed",
    ),
    "threshold-rate-above-101%": (
        lambda: Threshold(
            limit=usd("1000"),
            rate_above=Rate.parse("101%"),
            crossing=Crossing.SPLIT,
        ),
        InvalidValueError,
        "rate_above",
    ),
    # -- PurchaseBreakdown --
    "breakdown-negative-net": (
        _evolve(BREAKDOWN, net=usd("-0.01"), gross=usd("0.29")),
        InvalidValueError,
        "net",
    ),
    "breakdown-negative-tax": (_evolve(BREAKDOWN, tax=usd("-0.01")), InvalidValueError, "tax"),
    "breakdown-parts-exceed-gross": (
        _evolve(BREAKDOWN, net=usd("0.70")),
        InvalidValueError,
        "net",
    ),
    "breakdown-without-fees": (_evolve(BREAKDOWN, fees=()), InvalidValueError, "net"),
    "breakdown-fees-list": (_evolve(BREAKDOWN, fees=[CHARGE]), InvalidTypeError, "fees"),
    "breakdown-net-in-euro": (
        _evolve(BREAKDOWN, net=Money.parse("0.69", EUR)),
        CurrencyMismatchError,
        "",
    ),
    "breakdown-gross-not-price": (
        _evolve(BREAKDOWN, gross=usd("1.99"), net=usd("1.69")),
        InvalidValueError,
        "gross",
    ),
    "breakdown-price-none": (_evolve(BREAKDOWN, price=None), InvalidTypeError, "price"),
    "breakdown-roundings-str": (_evolve(BREAKDOWN, roundings="tax"), InvalidTypeError, "roundings"),
    # -- Quote --
    "quote-zero-price": (_evolve(QUOTE, price=usd("0")), InvalidValueError, "price"),
    "quote-negative-price": (_evolve(QUOTE, price=usd("-0.99")), InvalidValueError, "price"),
    "quote-price-in-euro": (
        _evolve(QUOTE, price=Money.parse("0.99", EUR)),
        CurrencyMismatchError,
        "",
    ),
    "quote-negative-promotional": (
        _evolve(QUOTE, promotional=Coins(-5), promotion="p"),
        InvalidValueError,
        "promotional",
    ),
    "quote-promotional-without-promotion": (
        _evolve(QUOTE, promotional=Coins(5)),
        InvalidValueError,
        "promotion",
    ),
    "quote-promotion-without-coins": (
        _evolve(QUOTE, promotion="black friday"),
        InvalidValueError,
        "promotion",
    ),
    "quote-naive-at": (_evolve(QUOTE, at=datetime(2026, 1, 1)), InvalidValueError, "at"),
    "quote-at-str": (_evolve(QUOTE, at="2026-01-01"), InvalidTypeError, "at"),
    "quote-channel-not-sold": (
        _evolve(QUOTE, channel=Channel("huawei")),
        InvalidValueError,
        "channel",
    ),
    "quote-channel-str": (_evolve(QUOTE, channel="ios"), InvalidTypeError, "channel"),
    "quote-package-str": (_evolve(QUOTE, package="coins_65"), InvalidTypeError, "package"),
    "quote-storefront-none": (_evolve(QUOTE, storefront=None), InvalidTypeError, "storefront"),
    # -- Purchase --
    "purchase-lot-6500-coins": (
        _evolve(PURCHASE, lots=(GROWN,)),
        InvalidValueError,
        "lots[0].coins",
    ),
    "purchase-no-lots": (_evolve(PURCHASE, lots=()), InvalidValueError, "lots"),
    "purchase-lot-of-another-purchase": (
        lambda: attrs.evolve(PURCHASE, id="p2"),
        InvalidValueError,
        "lots[0].id",
    ),
    "purchase-lot-cheaper": (
        _evolve(
            PURCHASE,
            lots=(
                attrs.evolve(
                    LOT,
                    net_per_coin=exact(Fraction(1, 65)),
                    gross_per_coin=exact(Fraction(31, 65)),
                ),
            ),
        ),
        InvalidValueError,
        "lots[0].net_per_coin",
    ),
    "purchase-without-store-fee": (
        _evolve(
            PURCHASE,
            breakdown=attrs.evolve(BREAKDOWN, fees=(), net=usd("0.99"), roundings=()),
        ),
        InvalidValueError,
        "breakdown.fees",
    ),
    "purchase-smaller-store-fee": (
        _evolve(
            PURCHASE,
            breakdown=attrs.evolve(
                BREAKDOWN,
                fees=(attrs.evolve(CHARGE, amount=usd("0.10"), exact=exact(10)),),
                net=usd("0.89"),
            ),
        ),
        InvalidValueError,
        "fees['apple']",
    ),
    "purchase-processor-fee-dropped": (
        _evolve(
            WEB,
            breakdown=attrs.evolve(
                WEB.breakdown,
                fees=(),
                net=WEB.breakdown.net + WEB.breakdown.processor_fee,
                roundings=WEB.breakdown.roundings[:1],
            ),
        ),
        InvalidValueError,
        "breakdown.fees",
    ),
    "purchase-quote-with-more-bonus": (
        _evolve(
            PURCHASE,
            quote=attrs.evolve(
                QUOTE, package=CoinPackage(id="coins_65", coins=Coins(65), bonus=Coins(10))
            ),
        ),
        InvalidValueError,
        "lots",
    ),
    "purchase-quote-cheaper": (
        _evolve(PURCHASE, quote=attrs.evolve(QUOTE, price=usd("0.49"))),
        InvalidValueError,
        "breakdown.price",
    ),
    "purchase-rounding-notes-dropped": (
        _evolve(PURCHASE, breakdown=attrs.evolve(BREAKDOWN, roundings=())),
        InvalidValueError,
        "breakdown.roundings",
    ),
    "purchase-lots-list": (_evolve(PURCHASE, lots=list(PURCHASE.lots)), InvalidTypeError, "lots"),
    "purchase-breakdown-dict": (_evolve(PURCHASE, breakdown={}), InvalidTypeError, "breakdown"),
    "purchase-id-blank": (_evolve(PURCHASE, id=" "), InvalidValueError, "id"),
    # -- CoinLot --
    "lot-zero-coins": (_evolve(LOT, coins=Coins(0)), InvalidValueError, "coins"),
    "lot-negative-coins": (_evolve(LOT, coins=Coins(-1)), InvalidValueError, "coins"),
    "lot-coins-int": (_evolve(LOT, coins=65), InvalidTypeError, "coins"),
    "lot-negative-net": (
        _evolve(LOT, net_per_coin=exact(-1), store_fee_per_coin=exact(Fraction(30 + 65, 65))),
        InvalidValueError,
        "net_per_coin",
    ),
    "lot-negative-gross": (
        lambda: CoinLot(
            id="a",
            kind=LotKind.PURCHASED,
            coins=Coins(1),
            acquired_at=NOW,
            net_per_coin=exact(0),
            gross_per_coin=exact(-1),
        ),
        InvalidValueError,
        "gross_per_coin",
    ),
    "lot-negative-tax": (
        _evolve(LOT, tax_per_coin=exact(-1), net_per_coin=LOT.net_per_coin + exact(1)),
        InvalidValueError,
        "tax_per_coin",
    ),
    "lot-gross-in-euro": (
        _evolve(LOT, gross_per_coin=exact(Fraction(99, 65), EUR)),
        InvalidValueError,
        "gross_per_coin",
    ),
    "lot-naive-acquired-at": (
        _evolve(LOT, acquired_at=datetime(2026, 1, 1)),
        InvalidValueError,
        "acquired_at",
    ),
    "lot-purchase-id-empty": (_evolve(LOT, purchase_id=""), InvalidValueError, "purchase_id"),
    "lot-purchase-id-int": (_evolve(LOT, purchase_id=7), InvalidValueError, "purchase_id"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_every_invariant_holds_through_evolve(case: str) -> None:
    make, error, argument = BAD[case]
    with pytest.raises(error) as caught:
        make()
    if argument:
        assert argument == caught.value.argument  # type: ignore[attr-defined]


def test_a_forged_lot_message_names_both_figures() -> None:
    with pytest.raises(InvalidValueError) as caught:
        attrs.evolve(PURCHASE, lots=(GROWN,))
    assert "its lots claim 6,500 coins; the quote sells coins_65 with 65 coins" in str(caught.value)


@pytest.mark.parametrize("basis", list(CostBasis))
@pytest.mark.parametrize(
    ("package", "channel"),
    [
        ("coins_65", Channel.IOS),
        ("coins_6607", Channel.IOS),
        ("coins_330", Channel.GOOGLE_PLAY),
        ("coins_70", Channel.WEB),
        ("coins_17500", Channel.WEB),
    ],
)
def test_a_checkout_rebuilds_through_the_validating_constructor(
    package: str, channel: Channel, basis: CostBasis
) -> None:
    purchase = checkout(
        _quote(package, channel),
        purchase_id="p1",
        cost_basis=basis,
        proceeds_to_date=Money.zero(USD),
    )
    assert purchase == Purchase(
        id=purchase.id, quote=purchase.quote, breakdown=purchase.breakdown, lots=purchase.lots
    )
    assert purchase.breakdown == attrs.evolve(purchase.breakdown)


def test_checkout_refuses_fees_above_the_price() -> None:
    card = Fee(
        name="card",
        kind=FeeKind.PROCESSOR,
        basis=FeeBasis.GROSS,
        rounding=Rounding.HALF_UP,
        fixed=usd("0.30"),
    )
    shop = Storefront(country="US", currency=USD, tax=Tax.none(), fees={Channel.WEB: (card,)})
    book = PriceBook(
        storefronts=(shop,),
        packages=(CoinPackage(id="tiny", coins=Coins(1)),),
        prices=(
            PackagePrice(package="tiny", country="US", channel=Channel.WEB, price=usd("0.10")),
        ),
    )
    quote = book.quote("tiny", country="US", channel=Channel.WEB, at=NOW)
    with pytest.raises(InvalidValueError, match=r"^quote leaves -0.20 USD after tax"):
        checkout(quote, purchase_id="p1")


def test_a_fee_of_exactly_the_net_leaves_zero() -> None:
    everything = Fee(
        name="all", kind=FeeKind.STORE, basis=FeeBasis.GROSS, rounding=Rounding.UP, rate=Rate.ONE
    )
    shop = Storefront(country="US", currency=USD, tax=Tax.none(), fees={Channel.WEB: (everything,)})
    book = PriceBook(
        storefronts=(shop,),
        packages=(CoinPackage(id="p", coins=Coins(3)),),
        prices=(PackagePrice(package="p", country="US", channel=Channel.WEB, price=usd("0.10")),),
    )
    purchase = checkout(
        book.quote("p", country="US", channel=Channel.WEB, at=NOW), purchase_id="p1"
    )
    assert usd("0") == purchase.breakdown.net
    assert purchase == attrs.evolve(purchase)


# -- No bare builtin exception from a public callable, whatever the arguments --

BOOK = presets.tiktok_price_book()
FEE = presets.tiktok_price_book().storefront("US").fees_for(Channel.IOS)[0]
PROMO = (Promotion(id="web10", bonus_rate=Rate.parse("10%"), channels=(Channel.WEB,)),)
WALLET = Wallet(PURCHASE.lots)

CALLS: dict[str, Callable[[], Any]] = {
    "quote-package-none": lambda: BOOK.quote(None, country="US", channel=Channel.IOS, at=NOW),  # type: ignore[arg-type]
    "quote-package-int": lambda: BOOK.quote(65, country="US", channel=Channel.IOS, at=NOW),  # type: ignore[arg-type]
    "quote-unknown-package": lambda: BOOK.quote("nope", country="US", channel=Channel.IOS, at=NOW),
    "quote-country-none": lambda: BOOK.quote("coins_65", country=None, channel=Channel.IOS, at=NOW),  # type: ignore[arg-type]
    "quote-country-int": lambda: BOOK.quote("coins_65", country=1, channel=Channel.IOS, at=NOW),  # type: ignore[arg-type]
    "quote-channel-str": lambda: BOOK.quote("coins_65", country="US", channel="ios", at=NOW),  # type: ignore[arg-type]
    "quote-at-none": lambda: BOOK.quote("coins_65", country="US", channel=Channel.IOS, at=None),  # type: ignore[arg-type]
    "quote-at-naive": lambda: BOOK.quote(
        "coins_65", country="US", channel=Channel.IOS, at=datetime(2026, 1, 1)
    ),
    "quote-custom-coins-int": lambda: BOOK.quote_custom(
        100,  # type: ignore[arg-type]
        country="US",
        channel=Channel.WEB,
        at=NOW,
    ),
    "quote-custom-coins-none": lambda: BOOK.quote_custom(
        None,  # type: ignore[arg-type]
        country="US",
        channel=Channel.WEB,
        at=NOW,
    ),
    "storefront-none": lambda: BOOK.storefront(None),  # type: ignore[arg-type]
    "package-list": lambda: BOOK.package([]),  # type: ignore[arg-type]
    "fees-for-str": lambda: BOOK.storefront("US").fees_for("ios"),  # type: ignore[arg-type]
    "checkout-none": lambda: checkout(None, purchase_id="p1"),  # type: ignore[arg-type]
    "checkout-int": lambda: checkout(1, purchase_id="p1"),  # type: ignore[arg-type]
    "checkout-purchase-id-none": lambda: checkout(QUOTE, purchase_id=None),  # type: ignore[arg-type]
    "checkout-purchase-id-int": lambda: checkout(QUOTE, purchase_id=1),  # type: ignore[arg-type]
    "checkout-proceeds-int": lambda: checkout(QUOTE, purchase_id="p1", proceeds_to_date=5),  # type: ignore[arg-type]
    "checkout-basis-str": lambda: checkout(QUOTE, purchase_id="p1", cost_basis="spread"),  # type: ignore[arg-type]
    "fee-charge-none": lambda: FEE.charge(None),  # type: ignore[arg-type]
    "fee-charge-float": lambda: FEE.charge(0.99),  # type: ignore[arg-type]
    "fee-verify-none": lambda: FEE.verify(None),  # type: ignore[arg-type]
    "tax-split-none": lambda: Tax.none().split(None),  # type: ignore[arg-type]
    "tax-split-int": lambda: Tax.none().split(99),  # type: ignore[arg-type]
    "lot-cost-of-int": lambda: LOT.cost_of(5),  # type: ignore[arg-type]
    "lot-net-value-none": lambda: LOT.net_value(None),  # type: ignore[arg-type]
    "lot-gross-value-float": lambda: LOT.gross_value(1.5),  # type: ignore[arg-type]
    "wallet-spend-int": lambda: WALLET.spend(5, SpendPolicy.FIFO),  # type: ignore[arg-type]
    "wallet-spend-policy-str": lambda: WALLET.spend(Coins(5), "fifo"),  # type: ignore[arg-type]
    "wallet-credit-none": lambda: WALLET.credit(None),  # type: ignore[arg-type]
    "sort-key-none": lambda: SpendPolicy.FIFO.sort_key(None),  # type: ignore[arg-type]
    "promotion-applies-country-int": lambda: PROMO[0].applies(
        QUOTE.package,
        country=1,  # type: ignore[arg-type]
        channel=Channel.IOS,
        at=NOW,
    ),
    "promotion-applies-package-str": lambda: PROMO[0].applies(
        "coins_65",  # type: ignore[arg-type]
        country="US",
        channel=Channel.IOS,
        at=NOW,
    ),
    "promotion-extra-for-at-none": lambda: PROMO[0].extra_for(
        QUOTE.package,
        country="US",
        channel=Channel.IOS,
        at=None,  # type: ignore[arg-type]
    ),
    "promotion-applies-channel-str": lambda: PROMO[0].applies(
        QUOTE.package,
        country="US",
        channel="web",  # type: ignore[arg-type]
        at=NOW,
    ),
}


@pytest.mark.parametrize("case", list(CALLS))
def test_bad_arguments_raise_a_giftflow_error(case: str) -> None:
    with pytest.raises(GiftflowError):
        CALLS[case]()
