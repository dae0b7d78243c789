"""What the ledger checks against its own configuration before it books an event.

An event is the caller's claim. A purchase claims a price, a split and coin lots; the
ledger prices the package again from its economy's price book at the quote's time and
checks out again, and books the purchase only if the two agree in every field. A
payout claims money legs; the ledger values the settled diamonds at the economy's
diamond value and refuses legs in another currency, or worth more. Each refusal names
the claimed figure and the configured one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from fractions import Fraction
from math import ceil
from typing import Any

import attrs

from giftflow._cash_out._plan import PayoutLeg, PayoutLegKind
from giftflow._coins_in._fees import Fee, FeeCharge, Qualification
from giftflow._coins_in._packages import Channel
from giftflow._coins_in._pricing import PriceBook, Quote
from giftflow._coins_in._purchase import Purchase, checkout
from giftflow._coins_out._economy import Economy
from giftflow._values._errors import GiftflowError, InvalidValueError
from giftflow._values._money import ExactMoney, Money
from giftflow._values._units import Coins

__all__ = [
    "custom_coins",
    "implied_proceeds",
    "quote_again",
    "reprice",
    "verify_payout_legs",
    "verify_purchase",
]

_FIX = "build the purchase with checkout(ledger.economy.price_book.quote(...), ...)"


def verify_purchase(economy: Economy, purchase: Purchase) -> None:
    """Refuse ``purchase`` unless the economy's price book and checkout give exactly it.

    The package, price, promotion, storefront (tax and fees) and channel must be what
    the price book quotes at the quote's time, and the breakdown and lots what
    :func:`~giftflow.checkout` makes of that quote with the economy's cost basis.
    A threshold fee's rate depends on the store's proceeds so far this year (and,
    for Apple's Small Business Program, the prior year's), which only the caller
    knows: the proceeds its charge implies are recovered and the fee charged again,
    so the charge must be one the fee can make.
    """
    quote = purchase.quote
    expected_quote = _quote_again(economy.price_book, purchase)
    if expected_quote != quote:
        _refuse_quote(purchase, expected_quote)
    expected = reprice(economy, expected_quote, purchase.id, implied_proceeds(purchase))
    if expected.breakdown != purchase.breakdown:
        _refuse_breakdown(purchase, expected)
    if expected.lots != purchase.lots:
        _refuse_lots(purchase, expected, economy)


def custom_coins(book: PriceBook, quote: Quote) -> Coins | None:
    """The coins of ``quote`` if it prices a custom amount of ``book``, else None (a package).

    A custom amount is quoted as a package named ``custom``, unless the book lists a
    package of that name.
    """
    package = quote.package
    if package.id == "custom" and not any(p.id == "custom" for p in book.packages):
        return package.coins
    return None


def quote_again(
    book: PriceBook,
    *,
    package: str,
    coins: Coins | None,
    country: str,
    channel: Channel,
    at: datetime,
) -> Quote:
    """The quote ``book`` gives: of ``coins`` as a custom amount if given, else of ``package``.

    Raises what :meth:`PriceBook.quote <giftflow.PriceBook.quote>` and
    :meth:`~giftflow.PriceBook.quote_custom` raise, naming their own arguments.
    """
    if coins is not None:
        return book.quote_custom(coins, country=country, channel=channel, at=at)
    return book.quote(package, country=country, channel=channel, at=at)


def reprice(
    economy: Economy, quote: Quote, purchase_id: str, proceeds_to_date: Money | None
) -> Purchase:
    """What :func:`~giftflow.checkout` makes of ``quote`` with the economy's cost basis.

    A fee that qualifies by the prior year is charged as in a year after one within
    its limit, unless this year's proceeds have reached it: then as in a year after
    one above it. The proceeds so far this year, as :func:`implied_proceeds` solves
    them, so imply every rate the fee can charge: no prior year is written or solved.
    """
    return checkout(
        quote,
        purchase_id=purchase_id,
        proceeds_to_date=proceeds_to_date,
        prior_year_proceeds=_implied_prior_year(quote, proceeds_to_date),
        cost_basis=economy.cost_basis,
    )


def _implied_prior_year(quote: Quote, proceeds_to_date: Money | None) -> Money | None:
    for fee in quote.storefront.fees_for(quote.channel, at=quote.at):
        threshold = fee.threshold
        if threshold is None or threshold.qualification is not Qualification.PRIOR_YEAR:
            continue
        limit = threshold.limit
        reached = (
            proceeds_to_date is not None
            and proceeds_to_date.currency == limit.currency
            and proceeds_to_date.minor >= limit.minor
        )
        return Money.of_minor(limit.minor + 1 if reached else 0, limit.currency)
    return None


def _quote_again(book: PriceBook, purchase: Purchase) -> Quote:
    quote = purchase.quote
    try:
        return quote_again(
            book,
            package=quote.package.id,
            coins=custom_coins(book, quote),
            country=quote.storefront.country,
            channel=quote.channel,
            at=quote.at,
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
    checks: tuple[tuple[str, str, Any, Any], ...] = (
        ("quote.package.coins", "coins", claimed.package.coins, expected.package.coins),
        ("quote.package.bonus", "bonus coins", claimed.package.bonus, expected.package.bonus),
        ("quote.promotional", "promotional coins", claimed.promotional, expected.promotional),
        ("quote.promotion", "promotion", claimed.promotion, expected.promotion),
        (
            "quote.promotional_validity",
            "validity of promotional coins",
            claimed.promotional_validity,
            expected.promotional_validity,
        ),
        ("quote.price", "price", claimed.price, expected.price),
        ("quote.storefront", "storefront", claimed.storefront, expected.storefront),
        ("quote.channel", "channel", claimed.channel, expected.channel),
    )
    path, label, mine, theirs = _first_difference(checks, ("quote", "quote", claimed, expected))
    raise InvalidValueError(
        f"purchase.{path}",
        mine,
        f"of purchase {purchase.id!r} claims {_show(mine)} {label}; the price book sells"
        f" {expected.package.id} in {expected.storefront.country} on {expected.channel} at"
        f" {expected.at.isoformat()} with {_show(theirs)} {label}",
        _FIX,
    )


def _fields(path: str, what: str, mine: Any, other: Any) -> Iterator[tuple[str, str, Any, Any]]:
    """Each attrs field of two values of one class, as (path, label, claimed, expected)."""
    for field in attrs.fields(type(mine)):
        name = field.name
        yield f"{path}.{name}", f"{what} {name}", getattr(mine, name), getattr(other, name)


def _refuse_lots(purchase: Purchase, expected: Purchase, economy: Economy) -> None:
    claimed, theirs = purchase.lots, expected.lots
    if len(claimed) != len(theirs):
        coins = sum(lot.coins.amount for lot in claimed)
        raise InvalidValueError(
            "purchase.lots",
            claimed,
            f"of purchase {purchase.id!r} credit {coins:,} coins in {len(claimed)} lots;"
            f" checkout of its quote credits {expected.coins.amount:,} coins in"
            f" {len(theirs)} lots with the economy's {economy.cost_basis.name} cost basis",
            _FIX,
        )
    checks = (
        check
        for index, (mine, other) in enumerate(zip(claimed, theirs, strict=True))
        for check in _fields(f"lots[{index}]", "a lot's", mine, other)
    )
    path, label, mine, other = _first_difference(checks, ("lots", "lots", claimed, theirs))
    raise InvalidValueError(
        f"purchase.{path}",
        mine,
        f"of purchase {purchase.id!r} claims {label} {_show(mine)}; checkout of its quote with"
        f" the economy's {economy.cost_basis.name} cost basis gives {_show(other)}",
        _FIX,
    )


def _refuse_breakdown(purchase: Purchase, expected: Purchase) -> None:
    claimed, theirs = purchase.breakdown, expected.breakdown
    checks: list[tuple[str, str, Any, Any]] = [
        ("price", "a price of", claimed.price, theirs.price),
        ("tax", "a tax of", claimed.tax, theirs.tax),
        (
            "fees",
            "the fees",
            tuple(f.name for f in claimed.fees),
            tuple(f.name for f in theirs.fees),
        ),
        *(
            check
            for index, (mine, other) in enumerate(zip(claimed.fees, theirs.fees, strict=False))
            for check in _fields(f"fees[{index}]", f"the {mine.name!r} fee's", mine, other)
        ),
        ("net", "a net of", claimed.net, theirs.net),
        ("gross", "a gross of", claimed.gross, theirs.gross),
        ("roundings", "roundings", claimed.roundings, theirs.roundings),
    ]
    path, label, mine, other = _first_difference(checks, ("", "a breakdown", claimed, theirs))
    raise InvalidValueError(
        f"purchase.breakdown.{path}".rstrip("."),
        mine,
        f"of purchase {purchase.id!r} claims {label} {_show(mine)}; checkout of its quote"
        f" gives {_show(other)}",
        _FIX,
    )


def _first_difference(
    checks: Iterable[tuple[str, str, Any, Any]], otherwise: tuple[str, str, Any, Any]
) -> tuple[str, str, Any, Any]:
    """The first (path, label, claimed, configured) whose two figures differ."""
    return next((check for check in checks if check[2] != check[3]), otherwise)


def _show(value: Any) -> str:
    amount = getattr(value, "amount", None)
    if type(amount) is int:
        return f"{amount:,}"
    return str(value)


def implied_proceeds(purchase: Purchase) -> Money | None:
    """The year's proceeds so far that a threshold fee's charge implies (None: no such fee)."""
    quote = purchase.quote
    fees = quote.storefront.fees_for(quote.channel, at=quote.at)
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
    payout_id: str,
    diamonds: int,
    legs: tuple[PayoutLeg, ...],
    value: ExactMoney,
    requested: datetime,
) -> None:
    """Refuse payout ``legs`` not in the diamonds' value currency, or worth more than them.

    The settled ``diamonds`` are worth ``diamonds x value``, one diamond's value when
    the payout was requested (as the plan valued them). The legs that withdraw that
    value (net, withholding, creator-borne fees) may together not exceed it, rounded
    up to a whole minor unit; fees the platform pays on top are its own expense.
    """
    if not legs:
        return
    currency = value.currency
    for leg in legs:
        if leg.amount.currency != currency:
            raise InvalidValueError(
                "legs",
                leg,
                f"pay {leg.amount.currency} but payout {payout_id!r}'s diamonds are valued in"
                f" {currency} (requested {requested.isoformat()})",
                f"pay the legs in {currency} (the plan's currency)",
            )
    paid = sum(leg.amount.minor for leg in legs if leg.kind is not PayoutLegKind.PLATFORM_FEE)
    worth = ceil(Fraction(diamonds) * value.minor)
    if paid > worth:
        raise InvalidValueError(
            "legs",
            legs,
            f"pay {Money.of_minor(paid, currency)} for {diamonds:,} diamonds worth"
            f" {Money.of_minor(worth, currency)} at {value} each",
            "pay at most what the settled diamonds are worth (plan_payout computes it)",
        )
