"""Rankings from any source: receipts, the ledger's history, or a settlement.

Each source becomes :class:`~giftflow._coins_out._recognition.Gifting` rows (or, for a
settlement, its per-creator totals), and one ranking in ``_coins_out/_recognition.py``
orders them, so a leaderboard read from the ledger is the one its receipts give.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from giftflow._coins_out._gifts import GiftReceipt
from giftflow._coins_out._recognition import (
    CreatorEntry,
    Gifting,
    LeaderboardEntry,
    check_ranking,
    creator_totals,
    rank_creators,
    rank_gifters,
    receipt_giftings,
)
from giftflow._coins_out._settlement import Settlement
from giftflow._ledger._book import Ledger
from giftflow._ledger._events import GiftSent
from giftflow._ledger._journal import AccountKind
from giftflow._values._errors import InvalidValueError
from giftflow._values._time import Window
from giftflow._values._units import Coins

__all__ = ["creator_leaderboard", "leaderboard"]


def leaderboard(
    source: Ledger | Iterable[GiftReceipt],
    *,
    creator: str | None = None,
    window: Window | None = None,
    top: int | None = None,
) -> tuple[LeaderboardEntry, ...]:
    """Rank gifters by points (coins x gift multiplier), for one creator or all.

    ``source`` is the receipts of :func:`~giftflow.send_gift`, or a
    :class:`~giftflow.Ledger`, read from its history (every event applied, so
    ``History.ALL`` and not restored from a snapshot). ``window`` keeps the gifts sent
    in it: one LIVE (its start and end), a day or a week (:meth:`Window.day
    <giftflow.Window.day>`, :meth:`Window.week <giftflow.Window.week>`). Ties are
    broken deterministically: whoever reached their total first ranks higher, then by
    viewer id. A gift to co-hosts counts the coins attributed to ``creator`` (the gift's
    coins split by weight, by largest remainder). Refunds and clawbacks do not change a
    ranking: it counts what was sent.

    Raises:
        InvalidValueError: ``top`` is not a positive int; the ledger's history is not whole.
        InvalidTypeError: ``source`` is neither a ledger nor receipts; ``window`` is not a
            :class:`~giftflow.Window`.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Carry, Channel, GiftEvent, Wallet, checkout, presets, send_gift
    >>> economy = presets.twitch_bits()
    >>> at = datetime(2026, 11, 24, 20, tzinfo=timezone.utc)
    >>> quote = economy.price_book.quote("bits_100", country="US", channel=Channel.WEB, at=at)
    >>> def cheer(viewer: str) -> GiftEvent:
    ...     return GiftEvent(id=viewer, viewer=viewer, gift="Cheer100", count=1,
    ...                      recipients="ana", country="US", at=at)
    >>> wallet = Wallet().credit(*checkout(quote, purchase_id="p1").lots)
    >>> receipts = [send_gift(economy, wallet, cheer(v), carry=Carry()) for v in ("v2", "v1")]
    >>> [(entry.rank, entry.viewer, entry.coins) for entry in leaderboard(receipts)]
    [(1, 'v1', 100), (2, 'v2', 100)]
    >>> leaderboard(receipts, window=Window(end=at))
    ()
    """
    check_ranking(top, window, creator)
    return rank_gifters(_giftings(source), creator=creator, window=window, top=top)


def creator_leaderboard(
    source: Ledger | Settlement | Iterable[GiftReceipt],
    *,
    window: Window | None = None,
    top: int | None = None,
) -> tuple[CreatorEntry, ...]:
    """Rank creators by diamonds received, then coins, then who reached it first, then name.

    ``source`` is receipts, a :class:`~giftflow.Ledger` (its history, as for
    :func:`leaderboard`) or a :class:`~giftflow.Settlement`. A settlement holds no
    times: rank a window's settlement (settle that window's records) rather than pass
    ``window``, and its entries have ``reached_at=None``.

    Raises:
        InvalidValueError: ``window`` given with a settlement; ``top`` is not positive.

    >>> from datetime import datetime, timezone
    >>> from giftflow import presets, settle
    >>> day = settle(presets.tiktok(), [("ana", "Rose", 5), ("bo", "Swan", 1)],
    ...              country="US", at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    >>> [(entry.rank, entry.creator, entry.diamonds) for entry in creator_leaderboard(day)]
    [(1, 'bo', Diamonds(699)), (2, 'ana', Diamonds(5))]
    """
    check_ranking(top, window)
    if type(source) is Settlement:
        if window is not None:
            raise InvalidValueError(
                "window",
                window,
                "cannot filter a Settlement, which holds no times",
                "settle the window's records and rank that settlement",
            )
        totals = [
            (name, total.diamonds.amount, total.coins.amount, None)
            for name, total in source.creators.items()
        ]
        return rank_creators(totals, top)
    return rank_creators(creator_totals(_giftings(source), window), top)


def _giftings(source: object) -> Iterator[Gifting]:
    if type(source) is Ledger:
        return _ledger_giftings(source)
    return receipt_giftings(source, "source")  # type: ignore[arg-type]


def _ledger_giftings(ledger: Ledger) -> Iterator[Gifting]:
    """Each gift in the ledger's history, per recipient, as its receipt would give it.

    The gift's coins are its price times its count, split among co-hosts by
    :meth:`Coins.allocate <giftflow.Coins.allocate>` (largest remainder, as
    :func:`~giftflow.send_gift` splits them); its diamonds are those the ledger posted.
    """
    try:
        ledger._read("a ranking")  # the history must be whole
    except InvalidValueError as refused:
        raise InvalidValueError(
            "history",
            ledger.history,
            refused.problem,
            "rank the gifts' receipts or a settlement of them instead, or use a"
            " Ledger(history=History.ALL) fed every event",
        ) from None
    events = ledger.events
    catalog = ledger.economy.catalog
    for event in events:
        if type(event) is not GiftSent:
            continue
        gift = event.gift
        found = catalog.gift(gift.gift, country=gift.country, at=gift.at)
        coins = Coins(found.price.amount * gift.count)
        parts = coins.allocate([recipient.weight for recipient in gift.recipients])
        diamonds: dict[str, int] = {}
        for posting in ledger.transaction(gift.id).postings:
            if posting.account.kind is AccountKind.CREATOR_BALANCE:
                owner = posting.account.owner
                diamonds[owner] = diamonds.get(owner, 0) + posting.units
        multiplier = found.multiplier.value
        for recipient, part in zip(gift.recipients, parts, strict=True):
            yield Gifting(
                gift.viewer,
                recipient.creator,
                part.amount,
                part.amount * multiplier,
                diamonds.get(recipient.creator, 0),
                gift.at,
            )
