"""One call for the common questions: explain a gift, compare channels, send an amount."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from giftflow._coins_in._packages import Channel
from giftflow._coins_in._pricing import Quote
from giftflow._coins_in._purchase import checkout
from giftflow._coins_in._wallet import Wallet
from giftflow._coins_out._catalog import Gift
from giftflow._coins_out._conversion import Carry
from giftflow._coins_out._economy import Economy
from giftflow._coins_out._gifts import GiftEvent, Recipient, check_count, send_gift
from giftflow._coins_out._issuance import Agency
from giftflow._coins_out._trace import ValueTrace, trace
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    UnknownGiftError,
)
from giftflow._values._money import Money
from giftflow._values._rate import Rate
from giftflow._values._units import Coins

__all__ = ["amount_gift", "compare_channels", "explain"]


def explain(
    economy: Economy,
    gift: str,
    *,
    channel: Channel,
    country: str,
    at: datetime,
    count: int = 1,
    proceeds_to_date: Money | None = None,
    prior_year_proceeds: Money | None = None,
    metrics: Mapping[str, int] | None = None,
    agency: Agency | None = None,
    fx: Rate | None = None,
) -> ValueTrace:
    """What a creator gets for ``count`` of ``gift`` bought on ``channel`` in ``country``.

    One call for the question that otherwise takes six (quote, checkout, wallet, event,
    send, trace): the viewer buys the smallest package that covers the gift (or enough
    of the largest, or exactly the coins where only custom amounts are sold), sends it
    to one creator with no carried remainder, and the trace shows every part of the
    payment. :func:`compare_channels` is this, for each channel of a storefront.

    Args:
        economy: The platform configuration.
        gift: Gift id or name.
        channel: Where the coins are bought.
        country: The storefront.
        at: When.
        count: How many of the gift.
        proceeds_to_date: The store's yearly proceeds so far, for threshold fees.
        prior_year_proceeds: The store's proceeds in the prior calendar year, for
            threshold fees that qualify by it (Apple's Small Business Program).
        metrics: The creator's metrics for reward schedules.
        agency: The creator's agency, if any.
        fx: When the viewer pays in another currency than diamonds are valued in
            (a UK viewer, diamonds in USD): one unit of that currency in the one paid;
            see :func:`trace`.

    Raises:
        UnknownGiftError: No such gift there and then.
        InvalidValueError: The channel sells nothing there, or ``count`` would take more
            than 1,000 purchases.
        CurrencyMismatchError: The currencies differ and no ``fx`` was given.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Channel, Rate, Rounding, presets
    >>> lion = explain(presets.tiktok(), "Lion", channel=Channel.IOS, country="GB",
    ...                at=datetime(2026, 11, 24, tzinfo=timezone.utc), fx=Rate.parse("0.79"),
    ...                proceeds_to_date=Money.parse("5000000", "USD"))
    >>> lion.paid.round(Rounding.HALF_EVEN), lion.creator_take_rate.percent(1, Rounding.HALF_EVEN)
    (Money.parse('454.00', 'GBP'), '26.1%')
    """
    if type(economy) is not Economy:
        raise InvalidTypeError("economy", economy, "must be an Economy", "pass presets.tiktok()")
    if type(channel) is not Channel:
        raise InvalidTypeError("channel", channel, "must be a Channel", "pass Channel.IOS")
    economy.price_book.storefront(country)
    check_count(count)  # before any purchase is quoted for it
    resolved = economy.catalog.gift(gift, country=country, at=at)
    return _explain(
        economy,
        resolved.id,
        resolved.price.amount * count,
        channel,
        country,
        at,
        count,
        proceeds_to_date,
        prior_year_proceeds,
        metrics,
        agency,
        fx,
    )


def compare_channels(
    economy: Economy,
    gift: str,
    *,
    country: str,
    at: datetime,
    count: int = 1,
    channels: Sequence[Channel] | None = None,
    proceeds_to_date: Money | None = None,
    prior_year_proceeds: Money | None = None,
    metrics: Mapping[str, int] | None = None,
    agency: Agency | None = None,
    fx: Rate | None = None,
) -> tuple[ValueTrace, ...]:
    """Trace the same gift bought through each channel of a storefront, side by side.

    For each channel, :func:`explain`: the viewer buys the smallest package that covers
    the gift (or several of the largest), then sends the gift to one creator with no
    carried remainder.

    Args:
        economy: The platform configuration.
        gift: Gift id or name.
        country: The storefront.
        at: When.
        count: How many of the gift.
        channels: Which channels (all of the storefront's by default).
        proceeds_to_date: The store's yearly proceeds so far, for threshold fees.
        prior_year_proceeds: The store's proceeds in the prior calendar year, for
            threshold fees that qualify by it (Apple's Small Business Program).
        metrics: The creator's metrics for reward schedules.
        agency: The creator's agency, if any.
        fx: See :func:`trace`.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Rounding, presets
    >>> traces = compare_channels(presets.tiktok(), "Rose", country="US",
    ...                           at=datetime(2026, 11, 24, tzinfo=timezone.utc),
    ...                           proceeds_to_date=Money.parse("5000000", "USD"))
    >>> [(str(t.channel), t.creator_take_rate.percent(1, Rounding.HALF_EVEN)) for t in traces]
    [('google_play', '32.8%'), ('ios', '32.8%'), ('web', '47.3%')]
    """
    if type(economy) is not Economy:
        raise InvalidTypeError("economy", economy, "must be an Economy", "pass presets.tiktok()")
    storefront = economy.price_book.storefront(country)
    chosen = tuple(storefront.channels if channels is None else _channels(channels))
    check_count(count)  # before any purchase is quoted for it
    resolved = economy.catalog.gift(gift, country=country, at=at)
    needed = resolved.price.amount * count
    return tuple(
        _explain(
            economy,
            resolved.id,
            needed,
            channel,
            country,
            at,
            count,
            proceeds_to_date,
            prior_year_proceeds,
            metrics,
            agency,
            fx,
        )
        for channel in chosen
    )


def _explain(
    economy: Economy,
    gift: str,
    needed: int,
    channel: Channel,
    country: str,
    at: datetime,
    count: int,
    proceeds_to_date: Money | None,
    prior_year_proceeds: Money | None,
    metrics: Mapping[str, int] | None,
    agency: Agency | None,
    fx: Rate | None,
) -> ValueTrace:
    """The trace of one channel, its arguments checked: buy what covers it, send, trace."""
    wallet = Wallet()
    for index, quote in enumerate(_quotes_covering(economy, needed, country, channel, at, count)):
        purchase = checkout(
            quote,
            purchase_id=f"{channel}-{index}",
            proceeds_to_date=proceeds_to_date,
            prior_year_proceeds=prior_year_proceeds,
            cost_basis=economy.cost_basis,
        )
        wallet = wallet.credit(*purchase.lots)
    event = GiftEvent(
        id=f"compare-{channel}",
        viewer="a viewer",
        gift=gift,
        count=count,
        recipients="streamer",
        country=country,
        at=at,
    )
    receipt = send_gift(
        economy,
        wallet,
        event,
        carry=Carry(),
        metrics={"streamer": dict(metrics or {})},
        agencies={} if agency is None else {"streamer": agency},
    )
    return trace(receipt, fx=fx, channel=channel)


def _channels(channels: Any) -> tuple[Channel, ...]:
    if isinstance(channels, str) or not isinstance(channels, Iterable):
        raise InvalidTypeError(
            "channels", channels, "must be a sequence of Channel", "pass [Channel.IOS]"
        )
    chosen = tuple(channels)
    for channel in chosen:
        if type(channel) is not Channel:
            raise InvalidTypeError(
                "channels", channels, f"holds {channel!r}, not a Channel", "pass [Channel.IOS]"
            )
    return chosen


_MOST_PURCHASES = 1_000  # packages bought for one comparison: bounds its time


def _quotes_covering(
    economy: Economy, needed: int, country: str, channel: Channel, at: datetime, count: int
) -> list[Quote]:
    # The smallest package that covers the gift, else enough of the largest; where
    # the channel sells only custom amounts, exactly the coins needed.
    book = economy.price_book
    offered = []
    for package in book.packages:
        try:
            offered.append(book.quote(package.id, country=country, channel=channel, at=at))
        except InvalidValueError:
            continue
    if offered:
        offered.sort(key=lambda q: (q.coins.amount, q.package.id))
        fitting = [q for q in offered if q.coins.amount >= needed]
        if fitting:
            return [fitting[0]]
        largest = offered[-1]
        many = -(-needed // largest.coins.amount)
        if many > _MOST_PURCHASES:
            raise InvalidValueError(
                "count",
                count,
                f"gifts need {needed:,} coins, which would take {many:,} purchases of the largest package"
                f" ({largest.coins.amount:,} coins) on {channel}; at most"
                f" {_MOST_PURCHASES:,} are compared",
                "compare a smaller count: the rates per channel do not depend on it",
            )
        return [largest] * many
    try:
        return [book.quote_custom(Coins(needed), country=country, channel=channel, at=at)]
    except InvalidValueError:
        raise InvalidValueError(
            "channels",
            channel,
            f"sells neither a package nor {needed} coins in {country} at {at.isoformat()}",
            "choose channels that sell there",
        ) from None


def amount_gift(
    economy: Economy,
    amount: Coins | Money,
    *,
    id: str,
    viewer: str,
    recipients: str | Sequence[str | Recipient],
    country: str,
    at: datetime,
    channel: Channel | None = None,
    gift: str | None = None,
) -> GiftEvent:
    """The gift event that sends ``amount`` directly: 25,000 Bits, a $10 Super Chat.

    Economies where viewers send an amount rather than a gift have a one-coin gift sent
    in any count (Twitch's ``Cheer1``, YouTube's ``Super Chat`` of cents, Facebook's
    ``Stars``); this picks it, the one gift of one coin there and then (``gift`` names
    it where several cost one coin, as TikTok's Rose and TikTok do), and sends
    ``amount`` of it. A ``Money`` amount is the coins a custom purchase of that money
    buys on ``channel`` (required then), which must be whole: $10 of Super Chat is 1,000
    cents.

    Raises:
        UnknownGiftError: No gift costs one coin there and then, or ``gift`` does not.
        InvalidValueError: Several gifts cost one coin and no ``gift`` was named; the
            money buys no whole number of coins on ``channel``; no custom amount is sold.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Channel, Coins, Money, presets
    >>> at = datetime(2026, 11, 24, tzinfo=timezone.utc)
    >>> cheer = amount_gift(presets.twitch_bits(), Coins(25_000), id="c1", viewer="v1",
    ...                     recipients="ana", country="US", at=at)
    >>> cheer.gift, cheer.count
    ('Cheer1', 25000)
    >>> chat = amount_gift(presets.youtube_supers(), Money.parse("10", "USD"), id="s1",
    ...                    viewer="v1", recipients="ana", country="US", at=at,
    ...                    channel=Channel.WEB)
    >>> chat.gift, chat.count
    ('Super Chat', 1000)
    """
    if type(economy) is not Economy:
        raise InvalidTypeError("economy", economy, "must be an Economy", "pass presets.tiktok()")
    if type(amount) is Money:
        coins = _coins_for(economy, amount, country, channel, at)
    elif type(amount) is Coins:
        coins = amount.amount
    else:
        raise InvalidTypeError(
            "amount",
            amount,
            "must be Coins or Money",
            "pass Coins(25_000) or Money.parse('10', 'USD')",
        )
    if coins < 1:
        raise InvalidValueError(
            "amount", amount, "must be at least one coin", "pass Coins(1) or more"
        )
    if gift is None:
        unit = _unit_gift(economy, country, at)
    else:
        unit = economy.catalog.gift(gift, country=country, at=at)
        if unit.price != Coins(1):
            raise InvalidValueError(
                "gift", gift, f"costs {unit.price}, not one coin", "name a gift of one coin"
            )
    return GiftEvent(
        id=id,
        viewer=viewer,
        gift=unit.name,
        count=coins,
        recipients=recipients,
        country=country,
        at=at,
    )


def _unit_gift(economy: Economy, country: str, at: datetime) -> Gift:
    version = economy.catalog.version_at(country=country, at=at)
    units = [
        g for g in version.gifts if g.price == Coins(1) and g.available(country=country, at=at)
    ]
    if not units:
        raise UnknownGiftError(
            "gift",
            None,
            f"has no one-coin gift in {country} at {at.isoformat()}",
            "send a gift by name and count instead",
        )
    if len(units) > 1:
        names = ", ".join(repr(g.name) for g in units)
        raise InvalidValueError(
            "gift",
            None,
            f"is ambiguous: {names} each cost one coin",
            f"pass gift={units[0].name!r}",
        )
    return units[0]


def _coins_for(
    economy: Economy, amount: Money, country: str, channel: Channel | None, at: datetime
) -> int:
    """The coins a custom purchase of exactly ``amount`` buys (refused unless whole)."""
    if channel is None:
        raise InvalidValueError(
            "channel", None, "is needed to turn money into coins", "pass e.g. channel=Channel.WEB"
        )
    if type(channel) is not Channel:
        raise InvalidTypeError("channel", channel, "must be a Channel", "pass Channel.WEB")
    storefront = economy.price_book.storefront(country)
    for entry in economy.price_book.custom:
        if (
            entry.country == storefront.country
            and entry.channel == channel
            and entry.window.contains(at)
        ):
            if entry.price_per.currency != amount.currency:
                raise CurrencyMismatchError(
                    "convert", amount.currency, entry.price_per.currency, "amount"
                )
            coins, left = divmod(amount.minor * entry.per, entry.price_per.minor)
            if left or entry.price_of(Coins(coins)) != amount:
                raise InvalidValueError(
                    "amount",
                    amount,
                    f"buys no whole number of coins at {entry.price_per} per {entry.per}",
                    "pass a multiple of the price per coin, or Coins",
                )
            return coins
    raise InvalidValueError(
        "channel", channel, f"sells no custom amount in {storefront.country}", "pass Coins instead"
    )
