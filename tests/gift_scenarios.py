"""Generated gift scenarios for the coins-out property tests (tests/coins_out: test_gifts,
test_trace, test_settlement).

A scenario is a generated economy, a funded wallet per viewer, a sequence of gift
events and everything ``send_gift`` needs besides: carried remainders, creator
metrics, agencies and sponsor budgets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from fractions import Fraction

import attrs
from hypothesis import assume
from hypothesis import strategies as st

from giftflow import (
    Agency,
    Carry,
    Currency,
    DiamondRatio,
    Economy,
    FixedValue,
    GiftEvent,
    GiftReceipt,
    InvalidValueError,
    Money,
    Recipient,
    RevenueShare,
    SponsorBudget,
    Wallet,
    checkout,
    send_gift,
)
from giftflow.testing import agencies, carries, economies, gift_events, proceeds_for, quotes

CREATORS = ("ana", "bo", "cy", "dee")
# Made once: a strategy built for every scenario is validated for every scenario.
_ECONOMIES = economies()
_CARRIES = carries()
_AGENCIES = agencies()
_METRIC = st.integers(0, 60)
_REPRESENTED = st.lists(st.sampled_from(CREATORS), unique=True)


def value_currency(economy: Economy) -> Currency:
    return economy.conversion.entries[0][1].value_currency


@attrs.frozen
class Scenario:
    """An economy, a funded wallet per viewer, a sequence of gifts and their context."""

    economy: Economy
    wallets: dict[str, Wallet]
    events: tuple[GiftEvent, ...]
    carry: Carry
    metrics: dict[str, dict[str, int]]
    agencies: dict[str, Agency]
    sponsors: dict[str, SponsorBudget]


def with_a_free_gift(economy: Economy, gift_event: GiftEvent) -> Economy:
    """``economy``, its event's gift unsponsored if no unsponsored gift is sendable then and there.

    For settle (which charges no sponsor): about two in three generated economies have
    only sponsored gifts there, and rejecting them drew three economies per example.
    Taking the sponsor off the event's gift gives one that rejection would have kept
    (and leaves every economy it kept as it was).
    """
    catalog = economy.catalog
    country, at = gift_event.country, gift_event.at
    if any(gift.sponsor is None for gift in catalog.gifts_at(country=country, at=at)):
        return economy
    sent = catalog.gift(gift_event.gift, country=country, at=at).id
    versions = [
        attrs.evolve(
            version,
            gifts=[attrs.evolve(g, sponsor=None) if g.id == sent else g for g in version.gifts],
        )
        for version in catalog.versions
    ]
    return attrs.evolve(economy, catalog=attrs.evolve(catalog, versions=tuple(versions)))


def _price(economy: Economy, gift_event: GiftEvent) -> int:
    gift = economy.catalog.gift(gift_event.gift, country=gift_event.country, at=gift_event.at)
    return 0 if gift.sponsor is not None else gift.price.amount * gift_event.count


@st.composite
def funded_wallet(
    draw: st.DrawFn, economy: Economy, at_least: int, held_by: datetime | None = None
) -> Wallet:
    """One to three purchases in the currency diamonds are valued in, scaled up to ``at_least``.

    Scaling a lot keeps its exact cost per coin, so the wallet is one a viewer could
    hold after buying the same packages many times. With ``held_by``, every lot was
    acquired by then (send_gift refuses a gift dated before the coins it spends).
    """
    unit = value_currency(economy)
    book = economy.price_book
    # Only the prices of storefronts in that currency: a revenue share needs them.
    selling = attrs.evolve(
        book,
        prices=[p for p in book.prices if book.storefront(p.country).currency == unit],
        custom=[c for c in book.custom if book.storefront(c.country).currency == unit],
    )
    lots = []
    quoting = quotes(st.just(selling))
    for index in range(draw(st.integers(1, 3))):
        quote = draw(quoting)
        proceeds = proceeds_for(quote)
        try:
            purchase = checkout(
                quote,
                purchase_id=f"p{index}",
                proceeds_to_date=draw(proceeds),
                prior_year_proceeds=draw(proceeds),
                cost_basis=economy.cost_basis,
            )
        except InvalidValueError as error:  # fees above the price: checkout refuses it
            if error.argument != "quote":
                raise
            continue
        times = max(1, math.ceil(at_least / purchase.coins.amount))
        # The scenarios spend every coin they fund, so no lot expires (a promotion's
        # validity would expire its coins before the gifts; expiry has its own tests).
        lots += [
            attrs.evolve(
                lot,
                coins=lot.coins * times,
                acquired_at=lot.acquired_at if held_by is None else min(lot.acquired_at, held_by),
                expires_at=None,
            )
            for lot in purchase.lots
        ]
    assume(lots)
    return Wallet(tuple(lots))


@st.composite
def scenarios(
    draw: st.DrawFn, *, max_events: int = 6, one_creator_per_viewer: bool = False
) -> Scenario:
    economy = draw(_ECONOMIES)
    unit = value_currency(economy)
    events = draw(st.lists(gift_events(economy=economy), min_size=1, max_size=max_events))
    if one_creator_per_viewer:
        # Each viewer only ever gifts one creator: creators share neither a wallet nor a gift.
        creator_of = dict(zip(sorted({e.viewer for e in events}), CREATORS, strict=False))
        events = [attrs.evolve(e, recipients=(Recipient(creator_of[e.viewer]),)) for e in events]
    events = [attrs.evolve(e, id=f"e{index}") for index, e in enumerate(events)]
    viewers = sorted({e.viewer for e in events})
    wallets = {
        viewer: draw(
            funded_wallet(
                economy,
                sum(_price(economy, e) for e in events if e.viewer == viewer),
                min(e.at for e in events if e.viewer == viewer),
            )
        )
        for viewer in viewers
    }
    sponsors = {
        gift.sponsor: SponsorBudget(
            sponsor=gift.sponsor,
            cap=Money.of_minor(10**15, unit),
            value_per_coin=Money.of_minor(draw(st.integers(0, 1000)), unit),
        )
        for version in economy.catalog.versions
        for gift in version.gifts
        if gift.sponsor is not None
    }
    metrics = {
        creator: {
            "live_minutes": draw(_METRIC),
            "new_followers": draw(_METRIC),
            "weekly_long_lives": draw(st.integers(0, 3)),
            "violations": draw(st.integers(0, 1)),
        }
        for creator in CREATORS
    }
    represented = draw(_REPRESENTED)
    return Scenario(
        economy=economy,
        wallets=wallets,
        events=tuple(events),
        carry=draw(_CARRIES),
        metrics=metrics,
        agencies={creator: draw(_AGENCIES) for creator in represented},
        sponsors=sponsors,
    )


def run(scenario: Scenario, events: Sequence[GiftEvent]) -> tuple[list[GiftReceipt], Carry]:
    wallets, carry, sponsors = dict(scenario.wallets), scenario.carry, dict(scenario.sponsors)
    receipts = []
    for gift_event in events:
        receipt = send_gift(
            scenario.economy,
            wallets[gift_event.viewer],
            gift_event,
            carry=carry,
            metrics=scenario.metrics,
            agencies=scenario.agencies,
            sponsors=sponsors,
        )
        wallets[gift_event.viewer], carry = receipt.wallet, receipt.carry
        if receipt.sponsor is not None:
            sponsors[receipt.sponsor.sponsor] = receipt.sponsor
        receipts.append(receipt)
    return receipts, carry


def whole_entitlement(receipt: GiftReceipt, metrics: Mapping[str, int]) -> Fraction:
    """The exact diamonds for the whole gift, computed from the policy's definition."""
    policy = receipt.policy
    if type(policy) is FixedValue:
        return Fraction(receipt.coins.amount)
    if type(policy) is DiamondRatio:
        return receipt.coins.amount * policy.diamonds_per_coin.value
    assert type(policy) is RevenueShare
    return receipt.funding.net.minor * policy.rate(metrics).value / policy.diamond_value.minor
