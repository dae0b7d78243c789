"""Strategies for checkout: a store's yearly proceeds near its thresholds, and purchases."""

from __future__ import annotations

from hypothesis import reject
from hypothesis import strategies as st

from giftflow import CostBasis, InvalidValueError, Money, Purchase, Quote, checkout
from giftflow.testing._base import (
    _from_draw,
    _labels,
    _pick,
    _sampled,
    check_instance,
    check_strategy,
)
from giftflow.testing._coins_in import quotes


def _try_purchase(
    draw: st.DrawFn, quote: Quote, purchase_id: str, cost_basis: CostBasis | None = None
) -> Purchase | None:
    """Check ``quote`` out with any proceeds (and cost basis, unless given).

    ``None`` if its fees exceed its price.
    """
    try:
        return checkout(
            quote,
            purchase_id=purchase_id,
            proceeds_to_date=_draw_proceeds(draw, quote),
            prior_year_proceeds=_draw_proceeds(draw, quote),
            cost_basis=cost_basis or draw(_sampled(tuple(CostBasis))),
        )
    except InvalidValueError as error:
        if error.argument != "quote":
            raise
        return None  # the drawn fees exceed the price (about one quote in four)


def _draw_purchase(draw: st.DrawFn, quote: Quote) -> Purchase:
    purchase = _try_purchase(draw, quote, draw(_labels()))
    if purchase is None:
        reject()  # no purchase of this quote: draw another
    return purchase


def proceeds_for(quote: Quote) -> st.SearchStrategy[Money]:
    """Generate a store's yearly proceeds for ``quote``: often near a fee threshold.

    For ``proceeds_to_date`` and, for fees that qualify by the prior year,
    ``prior_year_proceeds``.

    Amounts are in the storefront's currency: around the limit of any threshold
    fee of the quote's channel (below it, at it and past it), and arbitrary ones.

    >>> from datetime import datetime, timezone
    >>> from hypothesis import find
    >>> from giftflow import Channel, presets
    >>> from giftflow.testing import FIND_FIRST
    >>> quote = presets.tiktok_price_book().quote(
    ...     "coins_65", country="US", channel=Channel.GOOGLE_PLAY,
    ...     at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    >>> fees = quote.storefront.fees_for(quote.channel, at=quote.at)
    >>> [fee.threshold.limit for fee in fees if fee.threshold]
    [Money.parse('1000000.00', 'USD')]
    >>> near = lambda proceeds: abs(proceeds.minor - 100_000_000) <= 2 * quote.price.minor + 2
    >>> find(proceeds_for(quote), near, settings=FIND_FIRST).currency.code
    'USD'
    """
    check_instance("quote", quote, Quote, "a Quote from PriceBook.quote(...)")
    return _from_draw(lambda draw: _draw_proceeds(draw, quote))


def _draw_proceeds(draw: st.DrawFn, quote: Quote) -> Money:
    span = 2 * quote.price.minor + 2
    ranges = [
        (max(0, fee.threshold.limit.minor - span), fee.threshold.limit.minor + span)
        for fee in quote.storefront.fees_for(quote.channel, at=quote.at)
        if fee.threshold is not None
    ]
    ranges.append((0, 10**12))  # never negative: checkout refuses it
    # A range, then an amount in it, as st.one_of of their st.integers would draw them,
    # without building those strategies for every purchase.
    low, high = _pick(draw, ranges)
    return Money.of_minor(draw(st.integers(low, high)), quote.storefront.currency)


def purchases(quotes_from: st.SearchStrategy[Quote] | None = None) -> st.SearchStrategy[Purchase]:
    """Generate :class:`~giftflow.Purchase` by checking out a quote, with either cost basis.

    ``proceeds_to_date`` and ``prior_year_proceeds`` come from :func:`proceeds_for`, so
    threshold fees are charged below, across and above their limits, in years that
    qualify and years that do not.

    Args:
        quotes_from: The quotes to check out; :func:`quotes` if ``None``.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> purchase = find(purchases(), lambda p: True, settings=FIND_FIRST)
    >>> breakdown = purchase.breakdown
    >>> assert_sums_to([breakdown.tax, *(fee.amount for fee in breakdown.fees), breakdown.net],
    ...                breakdown.gross)
    >>> purchase.coins == purchase.quote.coins
    True
    """
    check_strategy("quotes_from", quotes_from, "quotes()")
    source = quotes() if quotes_from is None else quotes_from
    return _from_draw(lambda draw: _draw_purchase(draw, draw(source)))
