"""Strategies for what issuing diamonds gives: receipts, shares, traces, settle()'s records.

Receipts come from really sending a generated gift event with
:func:`~giftflow.send_gift`; traces from tracing them. Gift records for
:func:`~giftflow.settle` name a few creators and the catalog's unsponsored gifts,
so that pairs repeat and merging partial settlements has something to add up.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import NamedTuple

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
    Rounding,
    Settlement,
    SponsorBudget,
    TraceRow,
    UnknownGiftError,
    ValueTrace,
    Wallet,
    presets,
    send_gift,
    settle,
    trace,
)
from giftflow._coins_out._issuance import Issuance
from giftflow._values._checks import check_aware, valid_country
from giftflow.testing._base import (
    _CREATORS,
    _fractions,
    _from_draw,
    _instants,
    _labels,
    _payout_currency,
    _sampled,
    check_economy,
    check_int,
)
from giftflow.testing._coins_out import _METRICS, _draw_economy, _gift_candidates, agencies, carries
from giftflow.testing._gift_events import _draw_gift_event
from giftflow.testing._values import _rates, roundings


# Strategies made once: one built on every draw is validated on every draw too.
@functools.cache
def _gross_per_coin() -> st.SearchStrategy[Fraction]:
    return _fractions(0, 10**4, 10**4)


@functools.cache
def _metrics() -> st.SearchStrategy[dict[str, int]]:
    return st.dictionaries(st.sampled_from(_METRICS), st.integers(0, 60))


@functools.cache
def _carries() -> st.SearchStrategy[Carry]:
    return carries()


@functools.cache
def _agencies() -> st.SearchStrategy[Agency]:
    return agencies()


@functools.cache
def _agencies_of(creators: tuple[str, ...]) -> st.SearchStrategy[dict[str, Agency]]:
    # Recipients come from a pool of four creators: few enough tuples to keep each one's.
    return st.dictionaries(st.sampled_from(creators), _agencies())


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
        agencies=draw(_agencies_of(tuple(creators))),
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
"""The instant the settlement strategies settle at by default, if the economy's catalog covers it."""


class _Settling(NamedTuple):
    # Where and when gift_records and settlements settle, and what settle() needs there.
    economy: Economy
    at: datetime
    country: str
    keys: tuple[str, ...]  # the unsponsored gifts sendable then and there, by id and name
    needs_net: bool  # whether settle() needs each record's net (a revenue share's does)
    positive_net: bool  # whether a net of zero is refused (HALF_UP cannot round zero alone)


def _settle_times(economy: Economy) -> list[datetime]:
    # SETTLE_AT, then an instant inside each window a gift is sendable in: from the catalog.
    times = [SETTLE_AT]
    for _, _, window in _gift_candidates(economy.catalog):
        if window.start is not None:
            times.append(window.start)
        elif window.end is not None:
            times.append(window.end - timedelta(microseconds=1))
    return list(dict.fromkeys(times))


def _settle_countries(economy: Economy) -> list[str]:
    # Where the economy sells coins, then every region its catalog names, then "US" (a
    # catalog without regions covers every country).
    found = [storefront.country for storefront in economy.price_book.storefronts]
    for version in economy.catalog.versions:
        found += version.regions
        found += [code for gift in version.gifts for code in gift.regions]
    return list(dict.fromkeys([*found, "US"]))


def _unsponsored(economy: Economy, at: datetime, country: str) -> tuple[str, ...]:
    try:
        sendable = economy.catalog.gifts_at(country=country, at=at)
    except UnknownGiftError:  # no catalog version covers that time and place
        return ()
    gifts = [gift for gift in sendable if gift.sponsor is None]
    return tuple(sorted({key for gift in gifts for key in (gift.id, gift.name)}))


def _settling(economy: Economy | None, at: datetime | None, country: str | None) -> _Settling:
    """The arguments gift_records and settlements share, checked when the strategy is made.

    ``at`` and ``country`` left ``None`` are chosen from the economy: the first time (from
    ``SETTLE_AT`` (2026-11-24 20:00 UTC), then the catalog's windows) and place (its storefronts' countries,
    then its catalog's regions) with an unsponsored gift to send.
    """
    check_economy("economy", economy)
    if at is not None:
        check_aware("at", at)
    if country is not None:
        country = valid_country("country", country)
    chosen = presets.tiktok() if economy is None else economy
    times = [at] if at is not None else _settle_times(chosen)
    places = [country] if country is not None else _settle_countries(chosen)
    found = next(
        (
            (when, where, keys)
            for when in times
            for where in places
            if (keys := _unsponsored(chosen, when, where))
        ),
        None,
    )
    if found is None:
        raise _nothing_to_settle(at, country, chosen)
    when, where, keys = found
    # settle()'s own checks of the economy (its rounding mode), then of one record: so an
    # economy settle() refuses is refused here, by settle() itself, when the strategy is made.
    unit = _value_currency(chosen, when)
    settle(chosen, [], at=when, country=where)
    settle(
        chosen,
        [GiftRecord(_CREATORS[0], keys[0], 1, net=ExactMoney(Fraction(1), unit))],
        at=when,
        country=where,
    )
    return _Settling(
        economy=chosen,
        at=when,
        country=where,
        keys=keys,
        needs_net=not Issuance.of(chosen, when).by_coins(),
        positive_net=chosen.diamond_rounding is Rounding.HALF_UP,
    )


def _nothing_to_settle(
    at: datetime | None, country: str | None, economy: Economy
) -> InvalidValueError:
    if at is not None and country is not None:
        return InvalidValueError(
            "country",
            country,
            f"has no unsponsored gift sendable at {at.isoformat()}",
            "pass a country and time the economy's catalog covers",
        )
    if country is not None:
        return InvalidValueError(
            "country",
            country,
            "has no unsponsored gift sendable at any time the economy's catalog covers",
            "pass another country, or at= a time its catalog sends a gift there",
        )
    if at is not None:
        return InvalidValueError(
            "at",
            at,
            "has no unsponsored gift sendable in any country the economy sells in or names",
            "pass another time, or country= where the economy's catalog sends a gift then",
        )
    return InvalidValueError(
        "economy.catalog",
        economy.catalog,
        "has no unsponsored gift to settle, in any country it names, at any time it covers",
        "pass an economy whose catalog has a gift without a sponsor (settle does not charge"
        " sponsors' budgets), or send sponsored gifts with send_gift",
    )


def _value_currency(economy: Economy, at: datetime) -> Currency:
    return economy.conversion.at(at).value_currency


def _records(
    settling: _Settling, max_count: int, funded: bool | None
) -> st.SearchStrategy[GiftRecord]:
    unit = _value_currency(settling.economy, settling.at)
    no_net: st.SearchStrategy[ExactMoney | None] = st.none()
    # What a gift of up to a few thousand coins can bring, in exact minor units.
    least = Fraction(1, 10**4) if settling.positive_net else 0
    some_net: st.SearchStrategy[ExactMoney | None] = st.builds(
        ExactMoney,
        _fractions(least, 10**7, 10**4),
        st.just(unit),
    )
    if settling.needs_net:
        funded = True
    net = {True: some_net, False: no_net, None: no_net | some_net}[funded]
    return st.builds(
        GiftRecord,
        creator=st.sampled_from(_CREATORS),
        gift=st.sampled_from(settling.keys),
        count=st.integers(1, max_count),
        battle=st.booleans(),
        net=net,
    )


def gift_records(
    *,
    economy: Economy | None = None,
    at: datetime | None = None,
    country: str | None = None,
    max_count: int = 10,
    funded: bool | None = None,
) -> st.SearchStrategy[GiftRecord]:
    """Generate :class:`~giftflow.GiftRecord` values that :func:`~giftflow.settle` accepts.

    Gifts are the economy's unsponsored gifts sendable in ``country`` at ``at``
    (by id or by name), sent to one of a few creators, some in a won battle.

    Args:
        economy: Whose catalog to send from (any preset's or a hand-built one);
            ``presets.tiktok()`` if ``None``.
        at: When the gifts are sent; if ``None``, ``SETTLE_AT`` (2026-11-24 20:00 UTC) when the
            economy's catalog sends a gift then, else a time inside one of its windows.
        country: Where; if ``None``, the first of the economy's storefronts'
            countries (then its catalog's regions, then ``"US"``) that has a gift
            to send at ``at``.
        max_count: The largest ``count``.
        funded: ``True`` for records that always carry ``net`` (in the currency
            diamonds are valued in), ``False`` for never, ``None`` for either; under
            a conversion policy that needs the net (a revenue share), ``None`` gives
            records that always carry it.

    Raises:
        InvalidValueError: No unsponsored gift is sendable at ``at`` in ``country``
            (naming ``economy.catalog`` when neither is given); or ``funded=False``
            for an economy whose policy needs each record's net.
        SettlementError: :func:`~giftflow.settle` refuses the economy (its rounding mode).

    >>> from hypothesis import find
    >>> from giftflow import presets
    >>> from giftflow.testing import FIND_FIRST
    >>> record = find(gift_records(funded=True), lambda record: True, settings=FIND_FIRST)
    >>> record.net.currency.code, 1 <= record.count <= 10
    ('USD', True)
    >>> supers = gift_records(economy=presets.youtube())  # a revenue share needs the net
    >>> find(supers, lambda record: True, settings=FIND_FIRST).net is not None
    True
    """
    settling = _settling(economy, at, country)
    check_int("max_count", max_count, least=1)
    if funded is not None and type(funded) is not bool:
        raise InvalidTypeError("funded", funded, "must be True, False or None", "pass a bool")
    if funded is False and settling.needs_net:
        raise InvalidValueError(
            "funded",
            funded,
            f"gives records without net, which {settling.economy.name}'s conversion policy"
            f" at {settling.at.isoformat()} needs (diamonds are a share of the money)",
            "pass funded=True or None",
        )
    return _records(settling, max_count, funded)


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
        entitlement = draw(_fractions(0, 10**6, 1000))
        rounded = draw(roundings()).round(entitlement)
        value = draw(_fractions(0, 10**6, 1000))
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
    at: datetime | None = None,
    country: str | None = None,
    max_records: int = 12,
) -> st.SearchStrategy[Settlement]:
    """Generate :class:`~giftflow.Settlement`: the settlement of a few generated records.

    Records come from :func:`gift_records` (with ``net`` whenever the economy's
    policy needs it); sometimes :meth:`~giftflow.Settlement.empty`. All settlements
    from one call share the economy, time and country, so any two of them merge.

    Args:
        economy: Whose gifts to settle (any preset's or a hand-built one);
            ``presets.tiktok()`` if ``None``.
        at: As for :func:`gift_records`.
        country: As for :func:`gift_records`.
        max_records: The most records in one settlement.

    Raises:
        InvalidValueError: As for :func:`gift_records`.
        SettlementError: :func:`~giftflow.settle` refuses the economy (its rounding mode).

    >>> from hypothesis import find
    >>> from giftflow import presets
    >>> from giftflow.testing import FIND_FIRST
    >>> result = find(settlements(), lambda result: len(result.creators) > 1, settings=FIND_FIRST)
    >>> result.events >= 2
    True
    >>> supers = find(settlements(economy=presets.youtube()), lambda s: s.events > 0,
    ...               settings=FIND_FIRST)
    >>> sum(total.coins.amount for total in supers.creators.values()) > 0
    True
    """
    settling = _settling(economy, at, country)
    check_int("max_records", max_records)
    chosen, when, where = settling.economy, settling.at, settling.country
    records = st.lists(_records(settling, 10, None), max_size=max_records).map(
        lambda items: settle(chosen, items, at=when, country=where)
    )
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
