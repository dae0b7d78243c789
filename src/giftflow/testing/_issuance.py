"""Strategies for what issuing diamonds gives: receipts, shares, traces, settle()'s records.

Receipts come from really sending a generated gift event with
:func:`~giftflow.send_gift`; traces from tracing them. Gift records for
:func:`~giftflow.settle` name a few creators and the catalog's unsponsored gifts,
so that pairs repeat and merging partial settlements has something to add up.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from fractions import Fraction

from hypothesis import strategies as st

from giftflow import (
    Agency,
    Carry,
    CoinLot,
    Coins,
    CreatorEntry,
    CreatorShare,
    CreatorTotal,
    Currency,
    Diamonds,
    Economy,
    ExactMoney,
    GiftReceipt,
    GiftRecord,
    InvalidTypeError,
    InvalidValueError,
    LotKind,
    Money,
    Settlement,
    SponsorBudget,
    TraceRow,
    ValueTrace,
    Wallet,
    presets,
    send_gift,
    settle,
    trace,
)
from giftflow._values._checks import check_aware, valid_country
from giftflow.testing._base import (
    _CREATORS,
    _from_draw,
    _instants,
    _labels,
    _payout_currency,
    _sampled,
    check_economy,
    check_int,
)
from giftflow.testing._coins_out import (
    _METRICS,
    _draw_economy,
    _draw_gift_event,
    agencies,
    carries,
)
from giftflow.testing._values import _rates, roundings


# Strategies made once: one built on every draw is validated on every draw too.
@functools.cache
def _gross_per_coin() -> st.SearchStrategy[Fraction]:
    return st.fractions(min_value=0, max_value=10**4, max_denominator=10**4)


@functools.cache
def _metrics() -> st.SearchStrategy[dict[str, int]]:
    return st.dictionaries(st.sampled_from(_METRICS), st.integers(0, 60))


@functools.cache
def _carries() -> st.SearchStrategy[Carry]:
    return carries()


@functools.cache
def _agencies() -> st.SearchStrategy[Agency]:
    return agencies()


def _draw_gift_receipt(draw: st.DrawFn) -> GiftReceipt:
    economy = _draw_economy(draw)
    event = _draw_gift_event(draw, economy, 5)
    gift = economy.catalog.gift(event.gift, country=event.country, at=event.at)
    unit = economy.conversion.at(event.at).value_currency
    gross = draw(_gross_per_coin())
    # Coins bought in the currency diamonds are valued in, enough for the gift.
    lot = CoinLot(
        id=draw(_labels()),
        kind=draw(_sampled(tuple(LotKind))),
        coins=Coins(gift.price.amount * event.count + draw(st.integers(0, 100))),
        acquired_at=min(draw(_instants()), event.at),  # bought before the gift spends it
        net_per_coin=ExactMoney(gross * draw(_rates()).value, unit),
        gross_per_coin=ExactMoney(gross, unit),
    )
    sponsors = {}
    if gift.sponsor is not None:
        sponsors[gift.sponsor] = SponsorBudget(
            sponsor=gift.sponsor,
            cap=Money.of_minor(10**15, unit),
            value_per_coin=Money.of_minor(draw(st.integers(0, 1000)), unit),
        )
    creators = [recipient.creator for recipient in event.recipients]
    return send_gift(
        economy,
        Wallet((lot,)),
        event,
        carry=draw(_carries()),
        metrics={creator: draw(_metrics()) for creator in creators},
        agencies=draw(st.dictionaries(st.sampled_from(creators), _agencies())),
        sponsors=sponsors,
    )


def gift_receipts() -> st.SearchStrategy[GiftReceipt]:
    """Generate :class:`~giftflow.GiftReceipt`: a gift from :func:`gift_events`, really sent.

    The event is sent with :func:`~giftflow.send_gift` in an economy from
    :func:`economies`, from a wallet holding enough coins in the currency diamonds
    are valued in, with a carry, creators' metrics, sometimes agencies, and a
    budget for a sponsored gift.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST, assert_sums_to
    >>> receipt = find(gift_receipts(), lambda receipt: True, settings=FIND_FIRST)
    >>> assert_sums_to([share.coins for share in receipt.shares], receipt.coins)
    """
    return _from_draw(_draw_gift_receipt)


def creator_shares() -> st.SearchStrategy[CreatorShare]:
    """Generate :class:`~giftflow.CreatorShare`: one recipient's share of a receipt.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> share = find(creator_shares(), lambda share: True, settings=FIND_FIRST)
    >>> (share.agency is None) == (share.agency_value is None)  # an agency's cut, if any
    True
    """
    return gift_receipts().flatmap(lambda receipt: st.sampled_from(receipt.shares))


def value_traces() -> st.SearchStrategy[ValueTrace]:
    """Generate :class:`~giftflow.ValueTrace`: the trace of a receipt from :func:`gift_receipts`.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST, assert_sums_to
    >>> found = find(value_traces(), lambda found: found.count > 1, settings=FIND_FIRST)
    >>> assert_sums_to([row.amount for row in found.rows], found.paid)
    """
    return gift_receipts().map(trace)


def trace_rows() -> st.SearchStrategy[TraceRow]:
    """Generate :class:`~giftflow.TraceRow`: one row of a trace from :func:`value_traces`.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> find(trace_rows(), lambda row: row.diamonds is not None, settings=FIND_FIRST).party
    'creator'
    """
    return value_traces().flatmap(lambda found: st.sampled_from(found.rows))


SETTLE_AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
"""The instant the settlement strategies settle at by default."""


def _settle_economy(economy: Economy | None, at: datetime, country: str) -> Economy:
    # The arguments gift_records and settlements share, checked when the strategy is made.
    check_economy("economy", economy)
    check_aware("at", at)
    valid_country("country", country)
    return presets.tiktok() if economy is None else economy


def _value_currency(economy: Economy, at: datetime) -> Currency:
    return economy.conversion.at(at).value_currency


def gift_records(
    *,
    economy: Economy | None = None,
    at: datetime = SETTLE_AT,
    country: str = "US",
    max_count: int = 10,
    funded: bool | None = None,
) -> st.SearchStrategy[GiftRecord]:
    """Generate :class:`~giftflow.GiftRecord` values that :func:`~giftflow.settle` accepts.

    Gifts are the economy's unsponsored gifts sendable in ``country`` at ``at``
    (by id or by name), sent to one of a few creators, some in a won battle.

    Args:
        economy: Whose catalog to send from; ``presets.tiktok()`` if ``None``.
        at: When the gifts are sent.
        country: Where.
        max_count: The largest ``count``.
        funded: ``True`` for records that always carry ``net`` (in the currency
            diamonds are valued in), ``False`` for never, ``None`` for either.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> record = find(gift_records(funded=True), lambda record: True, settings=FIND_FIRST)
    >>> record.net.currency.code, 1 <= record.count <= 10
    ('USD', True)
    """
    chosen = _settle_economy(economy, at, country)
    check_int("max_count", max_count, least=1)
    if funded is not None and type(funded) is not bool:
        raise InvalidTypeError("funded", funded, "must be True, False or None", "pass a bool")
    unit = _value_currency(chosen, at)
    sendable = [g for g in chosen.catalog.gifts_at(country=country, at=at) if g.sponsor is None]
    keys = sorted({key for gift in sendable for key in (gift.id, gift.name)})
    if not keys:
        raise InvalidValueError(
            "country",
            country,
            f"has no unsponsored gift sendable at {at.isoformat()}",
            "pass a country and time the economy's catalog covers",
        )
    no_net: st.SearchStrategy[ExactMoney | None] = st.none()
    # What a gift of up to a few thousand coins can bring, in exact minor units.
    some_net: st.SearchStrategy[ExactMoney | None] = st.builds(
        ExactMoney, st.fractions(min_value=0, max_value=10**7, max_denominator=10**4), st.just(unit)
    )
    net = {True: some_net, False: no_net, None: no_net | some_net}[funded]
    return st.builds(
        GiftRecord,
        creator=st.sampled_from(_CREATORS),
        gift=st.sampled_from(keys),
        count=st.integers(1, max_count),
        battle=st.booleans(),
        net=net,
    )


def creator_totals(currency: Currency | str = "USD") -> st.SearchStrategy[CreatorTotal]:
    """Generate :class:`~giftflow.CreatorTotal`: an exact entitlement, rounded by any mode.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> total = find(creator_totals(), lambda total: total.carry != 0, settings=FIND_FIRST)
    >>> total.diamonds.amount + total.carry == total.entitlement
    True
    """
    unit = _payout_currency(currency)

    @st.composite
    def build(draw: st.DrawFn) -> CreatorTotal:
        entitlement = draw(st.fractions(min_value=0, max_value=10**6, max_denominator=1000))
        rounded = draw(roundings()).round(entitlement)
        value = draw(st.fractions(min_value=0, max_value=10**6, max_denominator=1000))
        return CreatorTotal(
            coins=Coins(draw(st.integers(0, 10**6))),
            entitlement=entitlement,
            diamonds=Diamonds(rounded.units),
            carry=rounded.remainder,
            value=ExactMoney(value, unit),
        )

    return build()


def settlements(
    *,
    economy: Economy | None = None,
    at: datetime = SETTLE_AT,
    country: str = "US",
    max_records: int = 12,
) -> st.SearchStrategy[Settlement]:
    """Generate :class:`~giftflow.Settlement`: the settlement of a few generated records.

    Sometimes :meth:`~giftflow.Settlement.empty`. All settlements from one call
    share the economy, so any two of them merge.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> result = find(settlements(), lambda result: len(result.creators) > 1, settings=FIND_FIRST)
    >>> result.events >= 2
    True
    """
    chosen = _settle_economy(economy, at, country)
    check_int("max_records", max_records)
    records = st.lists(
        gift_records(economy=chosen, at=at, country=country), max_size=max_records
    ).map(lambda items: settle(chosen, items, at=at, country=country))
    return st.just(Settlement.empty()) | records


def creator_entries() -> st.SearchStrategy[CreatorEntry]:
    """Generate :class:`~giftflow.CreatorEntry`: a rank, a creator, diamonds, coins, a time or none.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> entry = find(creator_entries(), lambda entry: entry.reached_at is None, settings=FIND_FIRST)
    >>> entry.rank >= 1 and entry.coins >= 0
    True
    """
    return st.builds(
        CreatorEntry,
        rank=st.integers(1, 1000),
        creator=st.sampled_from(_CREATORS) | _labels(),
        diamonds=st.integers(-(10**6), 10**9).map(Diamonds),
        coins=st.integers(0, 10**9),
        reached_at=st.none() | _instants(),
    )
