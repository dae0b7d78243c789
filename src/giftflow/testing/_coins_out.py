"""Strategies for spending coins on gifts: catalogs, conversion policies, economies.

Also carries, agencies, sponsor budgets, streak events, gifter levels and
leaderboard entries. Gift prices and counts stay small, so a test can fund a
wallet for a whole sequence of gifts; creators, viewers and sponsors come from
small pools, so carries, budgets and leaderboards see the same ones again. Gift
events, and the recipients they go to, are in ``_gift_events``.
"""

from __future__ import annotations

import functools
import operator
from datetime import datetime, timedelta
from fractions import Fraction

import attrs
from hypothesis import assume
from hypothesis import strategies as st

from giftflow import (
    Agency,
    Carry,
    Catalog,
    CatalogVersion,
    Coins,
    ConversionPolicy,
    CostBasis,
    Currency,
    DiamondRatio,
    Economy,
    ExactMoney,
    FixedValue,
    FoldedGift,
    Gift,
    GifterLevels,
    LeaderboardEntry,
    Mission,
    Money,
    PolicySchedule,
    Rate,
    RevenueShare,
    RewardSchedule,
    SpendPolicy,
    SponsorBudget,
    StreakClose,
    StreakEvent,
    StreakKind,
    UnfinishedStreaks,
    Window,
    fold_streaks,
)
from giftflow.testing._base import (
    _CREATORS,
    _LOWER,
    _SPONSORS,
    _UPPER,
    _VIEWERS,
    _countries,
    _fractions,
    _from_draw,
    _instants,
    _labels,
    _pick,
    _sampled,
    _utc,
    check_int,
)
from giftflow.testing._coins_in import _coin_currency, _draw_price_book
from giftflow.testing._values import (
    _draw_window,
    _overlap,
    _rates,
    _successive_windows,
    rates,
    roundings,
    unit_names,
)

_METRICS = ("live_minutes", "new_followers", "weekly_long_lives", "violations")


@functools.cache
def _gift_names() -> st.SearchStrategy[str]:
    # Capitalised, so a name never equals the (lower-case) id of another gift.
    word = st.builds(operator.add, st.sampled_from(_UPPER), st.text(_LOWER, max_size=7))
    return st.lists(word, min_size=1, max_size=2).map(" ".join)


@functools.cache
def _multipliers() -> st.SearchStrategy[Rate]:
    return st.just(Rate.ONE) | rates(min_value=Rate.parse("0.1"), max_value=Rate.parse("3"))


def _draw_regions(draw: st.DrawFn) -> tuple[str, ...]:
    return tuple(draw(st.lists(_countries(), min_size=1, max_size=2, unique=True)))


def _draw_gift(draw: st.DrawFn, max_price: int) -> Gift:
    return Gift(
        id=draw(_labels()),
        name=draw(_gift_names()),
        price=Coins(draw(st.integers(1, max_price))),
        category=draw(_sampled(("basic", "premium", "luxury", "event"))),
        window=Window() if draw(st.booleans()) else _draw_window(draw),
        regions=() if draw(st.booleans()) else _draw_regions(draw),
        sponsor=None if draw(st.booleans()) else draw(_sampled(_SPONSORS)),
        streak=draw(_sampled(tuple(StreakKind))),
        multiplier=draw(_multipliers()),
    )


def gifts(*, max_price: int = 1000) -> st.SearchStrategy[Gift]:
    """Generate :class:`~giftflow.Gift`: often sendable anywhere, any time; some limited or sponsored.

    Args:
        max_price: The largest price in coins.

    >>> from hypothesis import find
    >>> from giftflow import Coins
    >>> from giftflow.testing import FIND_FIRST
    >>> gift = find(gifts(max_price=5), lambda gift: gift.price > Coins(1), settings=FIND_FIRST)
    >>> Coins(1) < gift.price <= Coins(5)
    True
    """
    check_int("max_price", max_price, least=1)
    return _from_draw(lambda draw: _draw_gift(draw, max_price))


@functools.cache
def _gift_pools(max_price: int) -> st.SearchStrategy[list[Gift]]:
    return st.lists(
        _from_draw(lambda draw: _draw_gift(draw, max_price)),
        min_size=1,
        max_size=5,
        unique_by=(lambda gift: gift.id, lambda gift: gift.name.casefold()),
    )


@functools.cache
def _some_of(count: int) -> st.SearchStrategy[list[int]]:
    return st.lists(st.sampled_from(range(count)), min_size=1, unique=True)


def _draw_catalog(draw: st.DrawFn, max_price: int) -> Catalog:
    pool = draw(_gift_pools(max_price))
    # Gifts of the pool by index (their ids are distinct), from a strategy made once per
    # pool size rather than a ``sampled_from(pool)`` built and validated for every catalog.
    some = _some_of(len(pool))
    versions = []
    for index, window in enumerate(_successive_windows(draw)):
        listed = [pool[at] for at in draw(some)]
        chosen = [
            # A price may change from one version to the next (TikTok's Universe did).
            attrs.evolve(gift, price=Coins(draw(st.integers(1, max_price))))
            if index and draw(st.booleans())
            else gift
            for gift in listed
        ]
        versions.append(CatalogVersion(version=f"v{index}", gifts=chosen, window=window))
    if draw(st.booleans()):
        versions.append(
            CatalogVersion(
                version="regional",
                gifts=[pool[at] for at in draw(some)],
                window=_draw_window(draw),
                regions=_draw_regions(draw),
            )
        )
    return Catalog(versions=tuple(versions))


def catalogs(*, max_price: int = 1000) -> st.SearchStrategy[Catalog]:
    """Generate :class:`~giftflow.Catalog`: successive versions for everywhere, maybe a regional one.

    Versions share a pool of one to five gifts; a gift's price may change from
    one version to the next, and a regional version may cover one or two
    countries for a while.

    Args:
        max_price: The largest price in coins.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> catalog = find(catalogs(), lambda catalog: True, settings=FIND_FIRST)
    >>> catalog.versions[0].version, all(version.gifts for version in catalog.versions)
    ('v0', True)
    """
    check_int("max_price", max_price, least=1)
    return _from_draw(lambda draw: _draw_catalog(draw, max_price))


def missions() -> st.SearchStrategy[Mission]:
    """Generate :class:`~giftflow.Mission`: a bonus or a penalty of up to 50% on one metric.

    >>> from hypothesis import find
    >>> from giftflow import Rate
    >>> from giftflow.testing import FIND_FIRST
    >>> penalty = find(missions(), lambda mission: mission.penalty, settings=FIND_FIRST)
    >>> Rate.ZERO <= penalty.bonus <= Rate.parse("50%")
    True
    """
    return st.builds(
        Mission,
        name=_labels(),
        metric=st.sampled_from(_METRICS),
        at_least=st.integers(0, 60),
        bonus=rates(max_value=Rate.parse("1/2")),
        penalty=st.booleans(),
    )


@functools.cache
def _reward_schedules() -> st.SearchStrategy[RewardSchedule]:
    return st.builds(
        RewardSchedule,
        base=_rates(),
        cap=_rates(),
        missions=st.lists(missions(), max_size=4).map(tuple),
    )


def reward_schedules() -> st.SearchStrategy[RewardSchedule]:
    """Generate :class:`~giftflow.RewardSchedule`: a base share, a cap and up to four missions.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> schedule = find(reward_schedules(), lambda s: s.missions, settings=FIND_FIRST)
    >>> 1 <= len(schedule.missions) <= 4
    True
    """
    return _reward_schedules()


@functools.cache
def _unit_minor() -> st.SearchStrategy[Fraction]:
    # A thousandth of a minor unit to ten major units of a two-place currency.
    tenths = st.integers(1, 10_000).map(lambda n: Fraction(n, 10))
    return st.one_of(tenths, _fractions(Fraction(1, 1000), 1000))


@functools.cache
def _policy_kinds() -> st.SearchStrategy[type[ConversionPolicy]]:
    kinds: list[type[ConversionPolicy]] = [RevenueShare, FixedValue, DiamondRatio]
    return st.sampled_from(kinds)


@functools.cache
def _shares() -> st.SearchStrategy[Rate | RewardSchedule]:
    return _rates() | _reward_schedules()


@functools.cache
def _diamond_ratios() -> st.SearchStrategy[Rate]:
    return rates(max_value=Rate.parse("4"))


def _draw_policy(draw: st.DrawFn, unit: Currency) -> ConversionPolicy:
    value = ExactMoney(draw(_unit_minor()), unit)
    kind = draw(_policy_kinds())
    if kind is RevenueShare:
        return RevenueShare(share=draw(_shares()), diamond_value=value)
    if kind is FixedValue:
        return FixedValue(value_per_coin=value)
    return DiamondRatio(diamonds_per_coin=draw(_diamond_ratios()), diamond_value=value)


def conversion_policies(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[ConversionPolicy]:
    """Generate each kind of conversion policy, valued in ``currency``.

    :class:`~giftflow.RevenueShare` (a fixed share or a
    :class:`~giftflow.RewardSchedule`), :class:`~giftflow.FixedValue` and
    :class:`~giftflow.DiamondRatio`.

    Args:
        currency: What diamonds are worth money in; a currency of exponent 0, 2
            or 3 if ``None``.

    >>> from hypothesis import find
    >>> from giftflow import FixedValue
    >>> from giftflow.testing import FIND_FIRST
    >>> fixed = find(conversion_policies(currency="USD"), lambda p: isinstance(p, FixedValue),
    ...              settings=FIND_FIRST)
    >>> fixed.value_per_coin.currency.code, fixed.value_per_coin.minor > 0
    ('USD', True)
    """
    units = _coin_currency(currency)
    return _from_draw(lambda draw: _draw_policy(draw, draw(units)))


def _draw_schedule(draw: st.DrawFn, unit: Currency) -> PolicySchedule:
    starts = draw(st.lists(_instants(), max_size=2, unique_by=_utc))
    starts.sort(key=_utc)
    entries: list[tuple[datetime | None, ConversionPolicy]] = [(None, _draw_policy(draw, unit))]
    entries += [(start, _draw_policy(draw, unit)) for start in starts]
    return PolicySchedule(tuple(entries))


def policy_schedules(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[PolicySchedule]:
    """Generate :class:`~giftflow.PolicySchedule`: one to three policies, the first in force forever.

    Args:
        currency: As for :func:`conversion_policies`.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> schedule = find(policy_schedules(currency="EUR"), lambda s: True, settings=FIND_FIRST)
    >>> schedule.entries[0][0] is None and 1 <= len(schedule.entries) <= 3
    True
    """
    units = _coin_currency(currency)
    return _from_draw(lambda draw: _draw_schedule(draw, draw(units)))


# A gift some catalog version lists, and when it is sendable from that version.
_Candidate = tuple[CatalogVersion, Gift, Window]


def _gift_candidates(catalog: Catalog, within: Window | None = None) -> list[_Candidate]:
    """The gifts a version lists at a time the gift itself is sendable (and ``within``).

    Each in a place both the version and the gift cover; drawn among, rather than drawn
    and then refused.
    """
    candidates = []
    for version in catalog.versions:
        for gift in version.gifts:
            window = _overlap(version.window, gift.window)
            if window is not None and within is not None:
                window = _overlap(window, within)
            shared = not (version.regions and gift.regions) or (
                set(version.regions) & set(gift.regions)
            )
            if window is not None and shared:
                candidates.append((version, gift, window))
    return candidates


def _draw_economy(draw: st.DrawFn) -> Economy:
    book = _draw_price_book(draw)
    catalog = _draw_catalog(draw, 1000)
    assume(bool(_gift_candidates(catalog)))  # a catalog that sends some gift (most do)
    # Diamonds are valued in the currency of a storefront that sells something, so a
    # wallet can hold coins in the currency a revenue share needs.
    selling = {p.country for p in book.prices} | {c.country for c in book.custom}
    unit = _pick(draw, [s for s in book.storefronts if s.country in selling]).currency
    return Economy(
        name=draw(_labels()),
        names=draw(unit_names()),
        price_book=book,
        catalog=catalog,
        conversion=_draw_schedule(draw, unit) if draw(st.booleans()) else _draw_policy(draw, unit),
        diamond_rounding=draw(roundings()),
        spend_policy=draw(_sampled(tuple(SpendPolicy))),
        cost_basis=draw(_sampled(tuple(CostBasis))),
        battle_bonus=None if draw(st.booleans()) else draw(_rates()),
    )


def economies() -> st.SearchStrategy[Economy]:
    """Generate small, valid :class:`~giftflow.Economy` values.

    A price book as from :func:`price_books`, a catalog as from :func:`catalogs`
    with some gift sendable at some time,
    a conversion policy of each kind (or a schedule of them) valued in the
    currency of a storefront that sells coins, any rounding mode, spend policy
    and cost basis, and sometimes a battle bonus.

    >>> from hypothesis import find
    >>> from giftflow import Rate
    >>> from giftflow.testing import FIND_FIRST
    >>> economy = find(economies(), lambda e: e.battle_bonus is not None, settings=FIND_FIRST)
    >>> Rate.ZERO <= economy.battle_bonus <= Rate.ONE
    True
    """
    return _from_draw(_draw_economy)


def carries() -> st.SearchStrategy[Carry]:
    """Generate :class:`~giftflow.Carry`: non-zero remainders strictly between -1 and 1 diamond.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> carry = find(carries(), lambda carry: carry.remainders, settings=FIND_FIRST)
    >>> all(0 < abs(remainder) < 1 for remainder in carry.remainders.values())
    True
    """
    return _carries()


@functools.cache
def _carries() -> st.SearchStrategy[Carry]:
    remainder = _fractions(-1, 1, 10**4).filter(lambda value: value != 0 and abs(value) != 1)
    creators = st.sampled_from(_CREATORS) | _labels()
    return st.dictionaries(creators, remainder, max_size=4).map(Carry)


def agencies() -> st.SearchStrategy[Agency]:
    """Generate :class:`~giftflow.Agency`: a commission from 0% to 100% of the platform's part.

    >>> from hypothesis import find
    >>> from giftflow import Rate
    >>> from giftflow.testing import FIND_FIRST
    >>> Rate.ZERO <= find(agencies(), lambda agency: True, settings=FIND_FIRST).rate <= Rate.ONE
    True
    """
    return st.builds(Agency, id=_labels(), rate=_rates())


def _draw_sponsor_budget(draw: st.DrawFn, unit: Currency) -> SponsorBudget:
    cap = Money.of_minor(draw(st.integers(0, 10**9)), unit)
    spent = None
    if draw(st.booleans()):
        minor = _fractions(0, cap.minor, 1000)
        spent = ExactMoney(draw(minor), unit)
    return SponsorBudget(
        sponsor=draw(st.sampled_from(_SPONSORS) | _labels()),
        cap=cap,
        value_per_coin=Money.of_minor(draw(st.integers(0, 10_000)), unit),
        spent=spent,
    )


def sponsor_budgets(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[SponsorBudget]:
    """Generate :class:`~giftflow.SponsorBudget`: a cap, a price per coin and what is spent so far.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST, assert_sums_to
    >>> budget = find(sponsor_budgets(currency="USD"), lambda b: b.spent is not None,
    ...               settings=FIND_FIRST)
    >>> assert_sums_to([budget.spent, budget.remaining], budget.cap)
    """
    units = _coin_currency(currency)
    return _from_draw(lambda draw: _draw_sponsor_budget(draw, draw(units)))


def streak_events() -> st.SearchStrategy[StreakEvent]:
    """Generate :class:`~giftflow.StreakEvent`: raw events, single or part of a streak.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> event = find(streak_events(), lambda event: event.repeat_count > 1, settings=FIND_FIRST)
    >>> 1 < event.repeat_count <= 100
    True
    """
    return st.builds(
        StreakEvent,
        id=_labels(),
        viewer=st.sampled_from(_VIEWERS),
        creator=st.sampled_from(_CREATORS),
        gift=_labels(),
        repeat_count=st.integers(1, 100),
        repeat_end=st.booleans(),
        streakable=st.booleans(),
        country=_countries(),
        at=_instants(),
        group=st.none() | _labels(),
    )


def gifter_levels() -> st.SearchStrategy[GifterLevels]:
    """Generate :class:`~giftflow.GifterLevels`: up to eight strictly increasing thresholds.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> levels = find(gifter_levels(), lambda levels: len(levels.thresholds) > 1,
    ...               settings=FIND_FIRST)
    >>> list(levels.thresholds) == sorted(set(levels.thresholds))
    True
    """
    thresholds = st.lists(st.integers(1, 10**7), max_size=8, unique=True)
    return thresholds.map(lambda values: GifterLevels(tuple(sorted(values))))


def catalog_versions(*, max_price: int = 1000) -> st.SearchStrategy[CatalogVersion]:
    """Generate :class:`~giftflow.CatalogVersion`: a version of a catalog from :func:`catalogs`.

    Args:
        max_price: The largest price in coins.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> version = find(catalog_versions(), lambda v: True, settings=FIND_FIRST)
    >>> assert len({gift.id for gift in version.gifts}) == len(version.gifts)
    """
    return catalogs(max_price=max_price).flatmap(lambda catalog: st.sampled_from(catalog.versions))


def folded_gifts() -> st.SearchStrategy[FoldedGift]:
    """Generate :class:`~giftflow.FoldedGift`: streak events from :func:`streak_events`, folded.

    Folded with or without a timeout, so every :class:`~giftflow.StreakClose` a fold
    gives occurs; a gift whose end never came may instead say ``NOT_RECORDED``, as
    data of format version 2 reads.

    >>> from hypothesis import find
    >>> from giftflow import StreakClose
    >>> from giftflow.testing import FIND_FIRST
    >>> gift = find(folded_gifts(), lambda gift: gift.closed is StreakClose.TIMED_OUT,
    ...             settings=FIND_FIRST)
    >>> gift.count >= 1 and gift.first_at <= gift.at
    True
    """
    # Ids unique: an id seen again with other content is a conflict, which fold refuses.
    events = st.lists(streak_events(), min_size=1, max_size=6, unique_by=lambda event: event.id)
    timeouts = st.none() | st.integers(1, 10**6).map(lambda seconds: timedelta(seconds=seconds))

    def fold(found: list[StreakEvent], timeout: timedelta | None) -> list[FoldedGift]:
        return list(fold_streaks(found, unfinished=UnfinishedStreaks.EMIT, timeout=timeout))

    def unrecorded(gift: FoldedGift) -> st.SearchStrategy[FoldedGift]:
        if gift.complete:
            return st.just(gift)
        return st.sampled_from([gift, attrs.evolve(gift, closed=StreakClose.NOT_RECORDED)])

    return st.builds(fold, events, timeouts).flatmap(st.sampled_from).flatmap(unrecorded)


def leaderboard_entries() -> st.SearchStrategy[LeaderboardEntry]:
    """Generate :class:`~giftflow.LeaderboardEntry`: a rank, a viewer, coins and weighted points.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> entry = find(leaderboard_entries(), lambda entry: entry.rank > 1, settings=FIND_FIRST)
    >>> 1 < entry.rank <= 1000 and entry.points >= 0
    True
    """
    return st.builds(
        LeaderboardEntry,
        rank=st.integers(1, 1000),
        viewer=st.sampled_from(_VIEWERS) | _labels(),
        coins=st.integers(1, 10**9),
        points=_fractions(0, 10**10, 100),
        reached_at=_instants(),
    )
