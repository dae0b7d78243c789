"""What the ledger checks against its own configuration before it books an event.

An event is the caller's claim. A purchase claims a price, a split and coin lots; the
ledger prices the package again from its economy's price book at the quote's time and
checks out again, and books the purchase only if the two agree in every field. A
payout claims money legs; the ledger values the settled diamonds at the economy's
diamond value and refuses legs in another currency, or worth more. Each refusal names
the claimed figure and the configured one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from fractions import Fraction
from math import ceil
from typing import Any

from giftflow._cash_out._plan import PayoutLeg
from giftflow._coins_in._fees import Fee, FeeCharge
from giftflow._coins_in._pricing import PriceBook, Quote
from giftflow._coins_in._purchase import Purchase, checkout
from giftflow._coins_out._economy import Economy
from giftflow._values._errors import GiftflowError, InvalidValueError
from giftflow._values._money import Money

__all__ = ["verify_payout_legs", "verify_purchase"]

_FIX = "build the purchase with checkout(ledger.economy.price_book.quote(...), ...)"


def verify_purchase(economy: Economy, purchase: Purchase) -> None:
    """Refuse ``purchase`` unless the economy's price book and checkout give exactly it.

    The package, price, promotion, storefront (tax and fees) and channel must be what
    the price book quotes at the quote's time, and the breakdown and lots what
    :func:`~giftflow.checkout` makes of that quote with the economy's cost basis.
    A threshold fee's rate depends on the store's proceeds so far this year, which
    only the caller knows: the proceeds its charge implies are recovered and the fee
    charged again, so the charge must be one the fee can make.
    """
    quote = purchase.quote
    expected_quote = _quote_again(economy.price_book, purchase)
    if expected_quote != quote:
        _refuse_quote(purchase, expected_quote)
    proceeds = _implied_proceeds(purchase)
    expected = checkout(
        expected_quote,
        purchase_id=purchase.id,
        proceeds_to_date=proceeds,
        cost_basis=economy.cost_basis,
    )
    if expected.breakdown != purchase.breakdown:
        _refuse_breakdown(purchase, expected)
    if expected.lots != purchase.lots:
        claimed = sum(lot.coins.amount for lot in purchase.lots)
        raise InvalidValueError(
            "purchase",
            purchase.id,
            f"credits lots that checkout does not make of its quote ({claimed:,} coins in"
            f" {len(purchase.lots)} lots; checkout makes {expected.coins.amount:,} coins in"
            f" {len(expected.lots)} lots with the economy's {economy.cost_basis.name} cost"
            " basis)",
            _FIX,
        )


def _quote_again(book: PriceBook, purchase: Purchase) -> Quote:
    quote = purchase.quote
    package = quote.package
    try:
        if package.id == "custom" and not any(p.id == "custom" for p in book.packages):
            return book.quote_custom(
                package.coins, country=quote.storefront.country, channel=quote.channel, at=quote.at
            )
        return book.quote(
            package.id, country=quote.storefront.country, channel=quote.channel, at=quote.at
        )
    except GiftflowError as error:
        raise InvalidValueError(
            "purchase",
            purchase.id,
            f"quotes what the economy's price book does not sell ({error})",
            _FIX,
        ) from None


def _refuse_quote(purchase: Purchase, expected: Quote) -> None:
    claimed = purchase.quote
    checks: tuple[tuple[str, Any, Any], ...] = (
        ("coins", claimed.package.coins, expected.package.coins),
        ("bonus coins", claimed.package.bonus, expected.package.bonus),
        ("promotional coins", claimed.promotional, expected.promotional),
        ("promotion", claimed.promotion, expected.promotion),
        ("price", claimed.price, expected.price),
        ("storefront", claimed.storefront, expected.storefront),
        ("channel", claimed.channel, expected.channel),
    )
    label, mine, theirs = _first_difference(checks, ("quote", claimed, expected))
    raise InvalidValueError(
        "purchase",
        purchase.id,
        f"claims {label} {_show(mine)}; the price book sells {expected.package.id} in"
        f" {expected.storefront.country} on {expected.channel} at {expected.at.isoformat()}"
        f" with {label} {_show(theirs)}",
        _FIX,
    )


def _refuse_breakdown(purchase: Purchase, expected: Purchase) -> None:
    claimed, theirs = purchase.breakdown, expected.breakdown
    checks: list[tuple[str, Any, Any]] = [
        ("gross", claimed.gross, theirs.gross),
        ("tax", claimed.tax, theirs.tax),
        ("fees", tuple(f.name for f in claimed.fees), tuple(f.name for f in theirs.fees)),
        *(
            (f"fee {mine.name!r}", mine.amount, other.amount)
            for mine, other in zip(claimed.fees, theirs.fees, strict=False)
        ),
        ("net", claimed.net, theirs.net),
    ]
    label, mine, other = _first_difference(checks, ("breakdown", "a different split", "another"))
    raise InvalidValueError(
        "purchase",
        purchase.id,
        f"claims {label} {_show(mine)}; checkout of its quote gives {_show(other)}",
        _FIX,
    )


def _first_difference(
    checks: Iterable[tuple[str, Any, Any]], otherwise: tuple[str, Any, Any]
) -> tuple[str, Any, Any]:
    """The first (label, claimed, configured) whose two figures differ."""
    return next((check for check in checks if check[1] != check[2]), otherwise)


def _show(value: Any) -> str:
    amount = getattr(value, "amount", None)
    if type(amount) is int:
        return f"{amount:,}"
    return str(value)


def _implied_proceeds(purchase: Purchase) -> Money | None:
    """The year's proceeds so far that a threshold fee's charge implies (None: no such fee)."""
    fees = purchase.quote.storefront.fees_for(purchase.quote.channel)
    by_name = {charge.name: charge for charge in purchase.breakdown.fees}
    for fee in fees:
        threshold = fee.threshold
        if threshold is None:
            continue
        charge = by_name.get(fee.name)
        if charge is None:
            return None  # checkout will add the fee, and the comparison names it
        return _proceeds_for(fee, charge)
    return None


def _proceeds_for(fee: Fee, charge: FeeCharge) -> Money:
    threshold = fee.threshold
    assert threshold is not None
    limit = threshold.limit
    low, high = fee.rate.value, threshold.rate_above.value
    rate = charge.rate.value
    if rate == low or low == high:
        return Money.zero(limit.currency)
    if rate == high:
        return limit
    # A split crossing: rate x base = h / (1 - low) x low + (base - h / (1 - low)) x high,
    # for the headroom h left under the limit; solve for h (the fee checks the rest).
    headroom = (high - rate) * charge.base.minor * (1 - low) / (high - low)
    if headroom.denominator != 1 or not 0 < headroom < limit.minor:
        return limit  # no proceeds give this rate: the charge again will not match
    return Money.of_minor(limit.minor - int(headroom), limit.currency)


def verify_payout_legs(
    economy: Economy, payout_id: str, diamonds: int, legs: tuple[PayoutLeg, ...], at: datetime
) -> None:
    """Refuse payout ``legs`` not in the diamonds' value currency, or worth more than them.

    The settled ``diamonds`` are worth ``diamonds x diamond_value`` of the conversion
    policy in force at ``at``; the legs (net, withholding, fees) share that value, so
    together they may not exceed it, rounded up to a whole minor unit.
    """
    if not legs:
        return
    policy = economy.conversion.at(at)
    value = policy.diamond_value
    currency = value.currency
    for leg in legs:
        if leg.amount.currency != currency:
            raise InvalidValueError(
                "legs",
                leg,
                f"pay {leg.amount.currency} but payout {payout_id!r}'s diamonds are valued in"
                f" {currency} at {at.isoformat()}",
                f"pay the legs in {currency} (the plan's currency)",
            )
    paid = sum(leg.amount.minor for leg in legs)
    worth = ceil(Fraction(diamonds) * value.minor)
    if paid > worth:
        raise InvalidValueError(
            "legs",
            legs,
            f"pay {Money.of_minor(paid, currency)} for {diamonds:,} diamonds worth"
            f" {Money.of_minor(worth, currency)} at {value} each",
            "pay at most what the settled diamonds are worth (plan_payout computes it)",
        )
