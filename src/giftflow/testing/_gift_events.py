"""Strategies for gift events: who sends which gift to whom, where and when.

An event's gift is one its economy's catalog can price then and there, drawn among
the gifts each catalog version lists inside its own window and regions (rather
than drawn and then refused), so any economy's events are ones it can send.
"""

from __future__ import annotations

import functools

from hypothesis import assume
from hypothesis import strategies as st

from giftflow import (
    Catalog,
    Economy,
    GiftEvent,
    InvalidValueError,
    Recipient,
    Window,
)
from giftflow.testing._base import (
    _CREATORS,
    _VIEWERS,
    _countries,
    _from_draw,
    _labels,
    _pick,
    _sampled,
    check_economy,
    check_int,
)
from giftflow.testing._coins_out import _Candidate, _draw_economy, _gift_candidates
from giftflow.testing._values import _instant_in


def recipients() -> st.SearchStrategy[tuple[Recipient, ...]]:
    """Generate the recipients of a gift: one to three distinct creators with weights 1-5.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> pair = find(recipients(), lambda found: len(found) > 1, settings=FIND_FIRST)
    >>> len({r.creator for r in pair}) == len(pair) and all(1 <= r.weight <= 5 for r in pair)
    True
    """
    return _recipients_of(_CREATORS)


@functools.cache
def _recipients_of(creators: tuple[str, ...]) -> st.SearchStrategy[tuple[Recipient, ...]]:
    one = st.builds(Recipient, st.sampled_from(creators), st.integers(1, 5))
    most = min(3, len(creators))
    return st.lists(one, min_size=1, max_size=most, unique_by=lambda r: r.creator).map(tuple)


def _draw_gift_from(
    draw: st.DrawFn,
    catalog: Catalog,
    candidates: list[_Candidate],
    max_count: int,
    viewers: tuple[str, ...] = _VIEWERS,
    creators: tuple[str, ...] = _CREATORS,
) -> GiftEvent:
    # A gift event among ``candidates`` (from _gift_candidates), from one of ``viewers`` to
    # some of ``creators``.
    versions = catalog.versions
    version, gift, window = _pick(draw, candidates)
    at = _instant_in(draw, window)
    if version.regions:
        places = [c for c in version.regions if not gift.regions or c in gift.regions]
    else:
        # Where a regional version is in force, it prices the gifts instead.
        taken = {c for v in versions if v.regions and v.window.contains(at) for c in v.regions}
        if gift.regions:
            places = [c for c in gift.regions if c not in taken]
        else:
            # Most times no regional version is in force: no filter to build then.
            countries = _countries().filter(lambda c: c not in taken) if taken else _countries()
            places = [draw(countries)]
    assume(bool(places))
    return GiftEvent(
        id=draw(_labels()),
        viewer=draw(_sampled(viewers)),
        gift=_pick(draw, (gift.id, gift.name)),
        count=draw(st.integers(1, max_count)),
        recipients=draw(_recipients_of(creators)),
        country=_pick(draw, places),
        at=at,
        battle=draw(st.booleans()),
    )


def _draw_gift_event(draw: st.DrawFn, economy: Economy, max_count: int) -> GiftEvent:
    candidates = _gift_candidates(economy.catalog)
    assume(bool(candidates))
    return _draw_gift_from(draw, economy.catalog, candidates, max_count)


def _sendable(economy: Economy, within: Window | None = None) -> list[_Candidate]:
    """The economy's gift candidates; refuse an economy whose catalog can send no gift."""
    candidates = _gift_candidates(economy.catalog, within)
    if not candidates:
        raise InvalidValueError(
            "economy.catalog",
            economy.catalog,
            "has no gift sendable at any time: each gift's window misses its version's,"
            " or their regions do not meet",
            "pass an economy whose catalog lists a gift inside its version's window and regions",
        )
    return candidates


def gift_events(
    *, economy: Economy | None = None, max_count: int = 20
) -> st.SearchStrategy[GiftEvent]:
    """Generate :class:`~giftflow.GiftEvent` that an economy's catalog can price.

    The gift (by id or by name) is sendable where and when the event happens:
    the time is inside the gift's window and its catalog version's, and the
    country is one both cover. Some events go to several co-hosts, some count
    toward a battle.

    Args:
        economy: Whose catalog to send from (any preset's or a hand-built one); one
            from :func:`economies` if ``None``.
        max_count: The largest ``count``.

    Raises:
        InvalidValueError: ``economy.catalog`` has no gift sendable at any time.

    >>> from hypothesis import find
    >>> from giftflow import presets
    >>> from giftflow.testing import FIND_FIRST
    >>> bits = presets.twitch_bits()
    >>> event = find(gift_events(economy=bits), lambda event: event.battle, settings=FIND_FIRST)
    >>> bits.catalog.gift(event.gift, country=event.country, at=event.at).price.amount > 0
    True
    """
    check_economy("economy", economy)
    check_int("max_count", max_count, least=1)
    if economy is None:
        return _from_draw(lambda draw: _draw_gift_event(draw, _draw_economy(draw), max_count))
    catalog, candidates = economy.catalog, _sendable(economy)
    return _from_draw(lambda draw: _draw_gift_from(draw, catalog, candidates, max_count))
