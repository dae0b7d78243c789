"""Changing one part of a price book: one channel's fees, one price, a custom range, a subset.

:class:`~giftflow.PriceBook` takes these methods from :class:`PriceBookRevisions`, kept
apart so that ``_pricing`` stays one concept within the module size limit. Each builds
its result with ``attrs.evolve``, which runs every check of the constructors again (the
book's, and the storefront's, price's or custom amount's that changed): a change the
constructor would refuse is refused, and the book it was called on is never touched
(values are immutable). This module imports only the value layer, so that ``_pricing``,
which inherits from it, sits no deeper in the import graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, cast

import attrs

from giftflow._values._checks import check_aware
from giftflow._values._errors import (
    InvalidTypeError,
    InvalidValueError,
    UnknownChannelError,
    UnknownPackageError,
)

if TYPE_CHECKING:
    from giftflow._coins_in._fees import Fee
    from giftflow._coins_in._packages import Channel, CustomAmount, PackagePrice
    from giftflow._coins_in._pricing import FeeSchedule, PriceBook, Storefront
    from giftflow._values._money import Money
    from giftflow._values._units import Coins

__all__ = ["PriceBookRevisions"]


class PriceBookRevisions:
    """The ``with_...`` methods of :class:`~giftflow.PriceBook` (a base of that class only)."""

    __slots__ = ()

    def with_fees(
        self,
        channel: Channel,
        fees: Iterable[Fee] | FeeSchedule,
        *,
        country: str | None = None,
    ) -> PriceBook:
        """The same book with the fees of ``channel`` replaced by ``fees``.

        Args:
            channel: The channel whose fees change.
            fees: The new fees, in the order charged (any iterable of
                :class:`~giftflow.Fee`; an empty one charges none), or a
                :class:`~giftflow.FeeSchedule` of dated fees.
            country: The storefront to change; ``None`` changes every storefront
                that sells on ``channel``.

        Raises:
            InvalidValueError: ``country`` has no storefront.
            UnknownChannelError: ``channel`` does not sell in that storefront (or, with
                ``country=None``, in any).
            InvalidTypeError: ``fees`` is neither Fees nor a FeeSchedule.
            CurrencyMismatchError: A fee's fixed part or threshold is in another
                currency than a storefront it would apply to.

        >>> from datetime import datetime, timezone
        >>> from giftflow import Channel, Money, checkout, currency, presets
        >>> small = presets.apple_fee(currency("USD"), small_business=True)  # 15% up to $1M
        >>> book = presets.tiktok_price_book().with_fees(Channel.IOS, [small], country="US")
        >>> quote = book.quote("coins_65", country="US", channel=Channel.IOS,
        ...                    at=datetime(2026, 11, 24, tzinfo=timezone.utc))
        >>> purchase = checkout(quote, purchase_id="p1", proceeds_to_date=Money.zero("USD"))
        >>> purchase.breakdown.fees[0].amount
        Money.parse('0.15', 'USD')
        """
        book = _book(self)
        if country is None:
            changed = {s.country for s in book.storefronts if channel in s.channels}
            if not changed:
                raise UnknownChannelError(
                    "channel",
                    channel,
                    "sells in no storefront of this price book",
                    f"use one of {_channels(book.storefronts)}",
                )
        else:
            storefront = book.storefront(country)
            storefront.schedule_for(channel)  # refuses a channel it does not sell on
            changed = {storefront.country}
        entry = _fee_entry(fees)
        storefronts = tuple(
            _replace_fees(s, channel, entry) if s.country in changed else s
            for s in book.storefronts
        )
        return attrs.evolve(book, storefronts=storefronts)

    def with_price(
        self,
        package: str,
        *,
        country: str,
        channel: Channel,
        price: Money,
        at: datetime | None = None,
    ) -> PriceBook:
        """The same book with one package's price in one storefront and channel replaced.

        Without ``at``, the package must have one price there (whatever its window),
        and that price changes. With ``at``, the price in force at ``at`` changes from
        ``at`` on: its window is cut at ``at``, the part before keeps the old price and
        the part from ``at`` to the old window's end has the new one (if ``at`` is the
        window's start, the price is simply replaced). Later dated prices are kept.

        Args:
            package: The package's id.
            country: The storefront's country.
            channel: The channel the price is for.
            price: The new price, in the storefront's currency.
            at: When the new price takes effect; ``None`` replaces the only price.

        Raises:
            UnknownPackageError: No such package, or no price of it there (then or ever).
            InvalidValueError: ``country`` has no storefront; or ``at`` is ``None`` and
                the package has several dated prices there; or ``price`` is not positive.
            UnknownChannelError: ``channel`` does not sell in that storefront.
            CurrencyMismatchError: ``price`` is not in the storefront's currency.

        >>> from datetime import datetime, timezone
        >>> from giftflow import Channel, Money, presets
        >>> july = datetime(2026, 7, 1, tzinfo=timezone.utc)
        >>> book = presets.tiktok_price_book().with_price(
        ...     "coins_65", country="US", channel=Channel.IOS, price=Money.parse("1.09", "USD"),
        ...     at=july)
        >>> [book.quote("coins_65", country="US", channel=Channel.IOS, at=at).price
        ...  for at in (datetime(2026, 6, 30, tzinfo=timezone.utc), july)]
        [Money.parse('0.99', 'USD'), Money.parse('1.09', 'USD')]
        """
        book = _book(self)
        chosen = book.package(package)
        storefront = book.storefront(country)
        storefront.schedule_for(channel)
        if at is not None:
            check_aware("at", at)
        key = (chosen.id, storefront.country, channel)
        found = [i for i, p in enumerate(book.prices) if (p.package, p.country, p.channel) == key]
        if not found:
            raise UnknownPackageError(
                "package",
                package,
                f"has no price in {storefront.country} on {channel} to replace",
                "price it there in the PriceBook itself: with_price changes a price, it adds "
                "no new place to sell",
            )
        prices: list[PackagePrice] = list(book.prices)
        if at is None:
            if len(found) > 1:
                raise InvalidValueError(
                    "at",
                    at,
                    f"is required: {chosen.id} has {len(found)} dated prices in "
                    f"{storefront.country} on {channel}",
                    "pass at= to change the price in force from then on",
                )
            prices[found[0]] = attrs.evolve(prices[found[0]], price=price)
            return attrs.evolve(book, prices=prices)
        index = next((i for i in found if prices[i].window.contains(at)), None)
        if index is None:
            windows = ", ".join(str(prices[i].window) for i in found)
            raise UnknownPackageError(
                "at",
                at,
                f"is outside every price window of {chosen.id} in {storefront.country} on "
                f"{channel} ({windows})",
                "pass a time a price is in force at",
            )
        entry = prices[index]
        if entry.window.start == at:
            prices[index] = attrs.evolve(entry, price=price)
        else:
            before = attrs.evolve(entry, window=attrs.evolve(entry.window, end=at))
            after = attrs.evolve(entry, price=price, window=attrs.evolve(entry.window, start=at))
            prices[index : index + 1] = [before, after]
        return attrs.evolve(book, prices=prices)

    def with_custom_range(
        self,
        *,
        min_coins: Coins | None = None,
        max_coins: Coins | None = None,
        country: str | None = None,
        channel: Channel | None = None,
    ) -> PriceBook:
        """The same book with the range of coins its custom amounts sell replaced.

        Every :class:`~giftflow.CustomAmount` of ``country`` and ``channel`` (each
        ``None``: any), in every window, gets the ``min_coins`` and ``max_coins`` given
        (``None`` keeps its own); prices per coin and windows are kept.

        Raises:
            InvalidValueError: Neither bound is given, ``country`` has no storefront, or
                the range is empty or starts below one coin.
            UnknownChannelError: No custom amount matches ``country`` and ``channel``.
            InvalidTypeError: A bound is not Coins.

        >>> from giftflow import Coins, presets
        >>> book = presets.youtube_supers().price_book.with_custom_range(max_coins=Coins(20_000))
        >>> [(c.channel.id, c.min_coins, c.max_coins) for c in book.custom]
        [('web', Coins(100), Coins(20000)), ('ios', Coins(100), Coins(20000))]
        """
        book = _book(self)
        if min_coins is None and max_coins is None:
            raise InvalidValueError(
                "min_coins",
                min_coins,
                "and max_coins are both None: there is nothing to replace",
                "pass min_coins=, max_coins= or both, e.g. max_coins=Coins(20_000)",
            )
        code = None if country is None else book.storefront(country).country
        found = [
            i
            for i, c in enumerate(book.custom)
            if (code is None or c.country == code) and (channel is None or c.channel == channel)
        ]
        if not found:
            where = " ".join(
                part for part in ("" if code is None else f"in {code}", _on(channel)) if part
            )
            sold = ", ".join(f"{c.country} on {c.channel}" for c in book.custom) or "none"
            # Name what narrowed the search: the channel, the country, else the bound.
            argument, value = next(
                (name, given)
                for name, given in (
                    ("channel", channel),
                    ("country", country),
                    ("max_coins", max_coins),
                    ("min_coins", min_coins),
                )
                if given is not None
            )
            raise UnknownChannelError(
                argument,
                value,
                f"selects no custom amount of this price book{' ' if where else ''}{where} "
                f"(custom amounts: {sold})",
                "pick a country and channel that sell custom amounts, or add a CustomAmount",
            )
        custom: list[CustomAmount] = list(book.custom)
        for index in found:
            entry = custom[index]
            custom[index] = attrs.evolve(
                entry,
                min_coins=entry.min_coins if min_coins is None else min_coins,
                max_coins=entry.max_coins if max_coins is None else max_coins,
            )
        return attrs.evolve(book, custom=custom)

    def restricted_to(
        self,
        *,
        countries: Iterable[str] | None = None,
        channels: Iterable[Channel] | None = None,
    ) -> PriceBook:
        """The same book selling only in ``countries`` and on ``channels`` (``None``: all).

        Storefronts of other countries go, and so do other channels' fees, prices and
        custom amounts; a storefront left with no channel goes too (unless ``countries``
        names it: then the call is refused). Packages and promotions are kept: they
        sell nothing by themselves.

        Raises:
            InvalidTypeError: ``countries`` or ``channels`` is not an iterable (a
                single string is refused: pass ``["US"]``).
            InvalidValueError: An empty list, a country with no storefront, or a named
                country that sells on none of ``channels``.
            UnknownChannelError: A channel no storefront kept sells on.

        >>> from giftflow import Channel, presets
        >>> book = presets.tiktok_price_book().restricted_to(channels=[Channel.WEB])
        >>> [(s.country, [c.id for c in s.channels]) for s in book.storefronts]
        [('US', ['web'])]
        """
        book = _book(self)
        named = None if countries is None else _listed("countries", countries)
        wanted = None if channels is None else _listed("channels", channels)
        storefronts = list(book.storefronts)
        if named is not None:
            known = {s.country for s in storefronts}
            codes = set()
            for given in named:
                code = given.upper() if isinstance(given, str) else given
                codes.add(code)
                if code not in known:
                    raise InvalidValueError(
                        "countries",
                        given,
                        "has no storefront in this price book",
                        f"use some of {', '.join(sorted(known))}",
                    )
            storefronts = [s for s in storefronts if s.country in codes]
        if wanted is not None:
            sold = [c for s in storefronts for c in s.channels]
            for channel in wanted:
                if channel not in sold:
                    raise UnknownChannelError(
                        "channels",
                        channel,
                        "must list channels the storefronts kept sell on "
                        f"({', '.join(s.country for s in storefronts)})",
                        f"use some of {_channels(storefronts)}",
                    )
            kept = []
            for s in storefronts:
                fees = tuple((c, f) for c, f in s.fees if c in wanted)
                if fees:
                    kept.append(attrs.evolve(s, fees=fees))
                elif named is not None:
                    raise InvalidValueError(
                        "countries",
                        s.country,
                        "must list storefronts that sell on a channel kept "
                        f"({', '.join(map(str, wanted))})",
                        f"drop {s.country} or keep one of its channels ({_channels([s])})",
                    )
            storefronts = kept
        sells = {(s.country, c) for s in storefronts for c in s.channels}
        return attrs.evolve(
            book,
            storefronts=tuple(storefronts),
            prices=tuple(p for p in book.prices if (p.country, p.channel) in sells),
            custom=tuple(c for c in book.custom if (c.country, c.channel) in sells),
        )


def _book(revisions: PriceBookRevisions) -> PriceBook:
    # PriceBook is the only class built on PriceBookRevisions.
    return cast("PriceBook", revisions)


def _channels(storefronts: Iterable[Storefront]) -> str:
    found: list[str] = []
    for storefront in storefronts:
        found += [repr(c) for c in storefront.channels if repr(c) not in found]
    return ", ".join(found) or "(none)"


def _on(channel: Channel | None) -> str:
    return "" if channel is None else f"on {channel}"


def _fee_entry(fees: Iterable[Fee] | FeeSchedule) -> tuple[Fee, ...] | FeeSchedule:
    # Fees as a storefront holds them: any iterable becomes a tuple; a FeeSchedule (or a
    # value the storefront refuses, naming it) passes as it is.
    if isinstance(fees, Iterable) and not isinstance(fees, str):
        return tuple(fees)
    return fees


def _replace_fees(
    storefront: Storefront, channel: Channel, entry: tuple[Fee, ...] | FeeSchedule
) -> Storefront:
    fees = tuple((c, entry if c == channel else f) for c, f in storefront.fees)
    return attrs.evolve(storefront, fees=fees)


def _listed(argument: str, values: Iterable[object]) -> tuple[object, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError(
            argument,
            values,
            "must be a list or tuple",
            f"pass e.g. {argument}=['US']"
            if argument == "countries"
            else f"pass e.g. {argument}=[Channel.WEB]",
        )
    listed = tuple(values)
    if not listed:
        raise InvalidValueError(
            argument, values, "must not be empty", f"name at least one, or pass {argument}=None"
        )
    return listed
