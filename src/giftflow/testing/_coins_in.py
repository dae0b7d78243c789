"""Strategies for buying coins: channels, taxes, fees, storefronts, price books, quotes, purchases.

Money is in currencies of exponent 0, 2 and 3 unless a currency is given.
"""

from __future__ import annotations

import functools
import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from giftflow import (
    Channel,
    CoinPackage,
    Coins,
    Crossing,
    Currency,
    CustomAmount,
    Fee,
    FeeBasis,
    FeeKind,
    FeePeriod,
    FeeSchedule,
    Money,
    PackagePrice,
    PriceBook,
    Promotion,
    Qualification,
    Quote,
    Rate,
    Storefront,
    Tax,
    TaxMode,
    Threshold,
    Window,
)
from giftflow._values._currency import resolve_currency as _resolve_currency
from giftflow.testing._base import (
    _countries,
    _from_draw,
    _instants,
    _labels,
    _pick,
    _sampled,
    check_instance,
    check_strategy,
)
from giftflow.testing._values import (
    _draw_recurrence,
    _draw_window,
    _instant_in,
    _rates,
    _successive_windows,
    currencies,
    rates,
    roundings,
)

_COIN_EXPONENTS = frozenset({0, 2, 3})


@functools.cache
def _coin_currencies() -> st.SearchStrategy[Currency]:
    # Each exponent equally often: ISO has few currencies of exponent 0 and 3.
    by_exponent = {e: currencies(exponents={e}, custom=False) for e in _COIN_EXPONENTS}
    return st.sampled_from(sorted(by_exponent)).flatmap(by_exponent.__getitem__)


def _coin_currency(
    currency: Currency | str | st.SearchStrategy[Currency] | None,
) -> st.SearchStrategy[Currency]:
    if isinstance(currency, st.SearchStrategy):
        return currency
    if currency is None:
        return _coin_currencies()
    return st.just(_resolve_currency("currency", currency))


@functools.cache
def _price_minor() -> st.SearchStrategy[int]:
    # Mostly small prices, where rounding bites, sometimes very large ones.
    return st.one_of(st.integers(1, 10_000), st.integers(1, 10**10))


@functools.cache
def _channels() -> st.SearchStrategy[Channel]:
    builtin = st.sampled_from([Channel.IOS, Channel.GOOGLE_PLAY, Channel.WEB, Channel.IOS_LINK_OUT])
    return st.one_of(builtin, _labels().map(Channel))


@functools.cache
def _channel_lists(min_size: int, max_size: int) -> st.SearchStrategy[list[Channel]]:
    return st.lists(_channels(), min_size=min_size, max_size=max_size, unique=True)


@functools.cache
def _index_lists(count: int) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0, count - 1), min_size=1, max_size=2)


@functools.cache
def _bonus_rates() -> st.SearchStrategy[Rate]:
    return rates(min_value=Rate.parse("0.0001"))


def _draw_price(draw: st.DrawFn, unit: Currency) -> Money:
    return Money.of_minor(draw(_price_minor()), unit)


def _draw_optional_amount(draw: st.DrawFn, unit: Currency) -> Money | None:
    if draw(st.booleans()):
        return None
    return Money.of_minor(draw(st.integers(0, 10_000)), unit)


def _draw_tax(draw: st.DrawFn) -> Tax:
    return Tax(
        rate=draw(_rates()),
        mode=draw(_sampled(tuple(TaxMode))),
        rounding=draw(roundings()),
        name=draw(_sampled(("tax", "VAT", "GST", "sales tax"))),
    )


def _draw_threshold(draw: st.DrawFn, unit: Currency) -> Threshold:
    return Threshold(
        limit=_draw_price(draw, unit),
        rate_above=draw(_rates()),
        crossing=draw(_sampled(tuple(Crossing))),
        qualification=draw(_sampled(tuple(Qualification))),
    )


def _draw_fee(draw: st.DrawFn, unit: Currency) -> Fee:
    minimum, maximum = _draw_optional_amount(draw, unit), _draw_optional_amount(draw, unit)
    if minimum is not None and maximum is not None and maximum < minimum:
        minimum, maximum = maximum, minimum
    return Fee(
        name=draw(_sampled(("apple", "google play", "card", "wallet", "fx"))),
        kind=draw(_sampled(tuple(FeeKind))),
        basis=draw(_sampled(tuple(FeeBasis))),
        rounding=draw(roundings()),
        rate=draw(_rates()),
        fixed=_draw_optional_amount(draw, unit),
        minimum=minimum,
        maximum=maximum,
        threshold=None if draw(st.booleans()) else _draw_threshold(draw, unit),
    )


def _draw_fees(draw: st.DrawFn, unit: Currency) -> tuple[Fee, ...]:
    return tuple(_draw_fee(draw, unit) for _ in range(draw(st.integers(0, 2))))


def _draw_fee_schedule(draw: st.DrawFn, unit: Currency, *, gaps: bool) -> FeeSchedule:
    # Periods at sorted, distinct cut points; without gaps they cover all time, so a
    # storefront's channel sells whenever its prices do.
    cuts = sorted({moment.astimezone(UTC) for moment in draw(st.lists(_instants(), max_size=3))})
    edges: list[datetime | None] = [None, *cuts, None]
    windows = [Window(start=start, end=end) for start, end in itertools.pairwise(edges)]
    if gaps:
        kept = [window for window in windows if draw(st.booleans())]
        windows = kept or windows[:1]
    return FeeSchedule(tuple(_draw_fee_period(draw, unit, window) for window in windows))


def _draw_fee_period(draw: st.DrawFn, unit: Currency, window: Window) -> FeePeriod:
    source = draw(_sampled((None, "apple_commission", "apple_link_out_us")))
    return FeePeriod(window=window, fees=_draw_fees(draw, unit), source=source)


def _draw_storefront(draw: st.DrawFn, unit: Currency, country: str) -> Storefront:
    chosen = draw(_channel_lists(1, 3))
    return Storefront(
        country=country,
        currency=unit,
        tax=_draw_tax(draw),
        fees={
            channel: _draw_fee_schedule(draw, unit, gaps=False)
            if draw(st.integers(0, 3)) == 0
            else _draw_fees(draw, unit)
            for channel in chosen
        },
    )


def _draw_package(draw: st.DrawFn) -> CoinPackage:
    bonus = 0 if draw(st.booleans()) else draw(st.integers(0, 10**6))
    return CoinPackage(
        id=draw(_labels()), coins=Coins(draw(st.integers(1, 10**6))), bonus=Coins(bonus)
    )


def _draw_custom_amount(
    draw: st.DrawFn, country: str, channel: Channel, unit: Currency, window: Window
) -> CustomAmount:
    per = draw(st.integers(1, 100))
    # At least ``per`` coins, so that every count in range costs at least one minor unit.
    least = draw(st.integers(per, 10 * per))
    return CustomAmount(
        country=country,
        channel=channel,
        price_per=_draw_price(draw, unit),
        per=per,
        min_coins=Coins(least),
        max_coins=Coins(least + draw(st.integers(0, 10**6))),
        rounding=draw(roundings()),
        window=window,
    )


def _draw_promotion(draw: st.DrawFn) -> Promotion:
    bonus_rate = None if draw(st.booleans()) else draw(_bonus_rates())
    least = 1 if bonus_rate is None else 0
    return Promotion(
        id=draw(_labels()),
        bonus_coins=Coins(draw(st.integers(least, 10**5))),
        bonus_rate=bonus_rate,
        packages=tuple(draw(st.lists(_labels(), max_size=2, unique=True))),
        channels=tuple(draw(_channel_lists(0, 2))),
        countries=tuple(draw(st.lists(_countries(), max_size=2, unique=True))),
        window=_draw_window(draw),
        recurrence=None if draw(st.booleans()) else _draw_recurrence(draw),
        validity=None if draw(st.booleans()) else draw(_validities()),
    )


@functools.cache
def _validities() -> st.SearchStrategy[timedelta]:
    return st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=90))


@functools.cache
def _package_lists() -> st.SearchStrategy[list[CoinPackage]]:
    return st.lists(_from_draw(_draw_package), min_size=1, max_size=4, unique_by=_package_id)


def _package_id(package: CoinPackage) -> str:
    return package.id


def _draw_price_book(draw: st.DrawFn) -> PriceBook:
    countries = draw(st.lists(_countries(), min_size=1, max_size=2, unique=True))
    shops = [_draw_storefront(draw, draw(_coin_currencies()), country) for country in countries]
    packages = draw(_package_lists())
    prices: list[PackagePrice] = []
    custom: list[CustomAmount] = []
    for shop in shops:
        for channel in shop.channels:
            for package in packages:
                skip = draw(st.booleans())
                if prices and skip:
                    continue
                offers = _successive_windows(draw)
                # Indices into the offers, as st.sampled_from(offers) would draw them, from a
                # strategy made once rather than one to validate for every price.
                picks = draw(_index_lists(len(offers)))
                chosen = [offers[index] for index in picks]
                prices += [
                    PackagePrice(
                        package=package.id,
                        country=shop.country,
                        channel=channel,
                        price=_draw_price(draw, shop.currency),
                        window=window,
                    )
                    for window in dict.fromkeys(chosen)
                ]
            if draw(st.integers(0, 3)) == 0:
                custom.append(
                    _draw_custom_amount(draw, shop.country, channel, shop.currency, Window())
                )
    return PriceBook(
        storefronts=tuple(shops),
        packages=tuple(packages),
        prices=tuple(prices),
        custom=tuple(custom),
        promotions=() if draw(st.booleans()) else (_draw_promotion(draw),),
    )


def _quote_entry(
    draw: st.DrawFn, book: PriceBook, entry: PackagePrice | CustomAmount, at: datetime
) -> Quote:
    # A quote of one of the book's entries at a time it is on sale (a count of coins in
    # range for a custom amount).
    if isinstance(entry, PackagePrice):
        return book.quote(entry.package, country=entry.country, channel=entry.channel, at=at)
    count = draw(st.integers(entry.min_coins.amount, entry.max_coins.amount))
    return book.quote_custom(Coins(count), country=entry.country, channel=entry.channel, at=at)


def _draw_quote(draw: st.DrawFn, book: PriceBook) -> Quote:
    entries: list[PackagePrice | CustomAmount] = [*book.prices, *book.custom]
    entry = _pick(draw, entries)
    return _quote_entry(draw, book, entry, _instant_in(draw, entry.window))


def channels() -> st.SearchStrategy[Channel]:
    """Generate :class:`~giftflow.Channel`: the four built-in channels and custom ones.

    >>> from hypothesis import find
    >>> from giftflow import Channel
    >>> from giftflow.testing import FIND_FIRST
    >>> builtin = (Channel.IOS, Channel.GOOGLE_PLAY, Channel.WEB, Channel.IOS_LINK_OUT)
    >>> custom = find(channels(), lambda channel: channel not in builtin, settings=FIND_FIRST)
    >>> custom == Channel(custom.id)
    True
    """
    return _channels()


def taxes() -> st.SearchStrategy[Tax]:
    """Generate :class:`~giftflow.Tax`: included or added, any rate from 0% to 100%, any rounding.

    >>> from hypothesis import find
    >>> from giftflow import Rate, TaxMode
    >>> from giftflow.testing import FIND_FIRST
    >>> added = find(taxes(), lambda tax: tax.mode is TaxMode.ADDED, settings=FIND_FIRST)
    >>> Rate.ZERO <= added.rate <= Rate.ONE
    True
    """
    return _from_draw(_draw_tax)


def thresholds(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[Threshold]:
    """Generate :class:`~giftflow.Threshold`: a yearly limit, the rate above it, both crossings.

    >>> from hypothesis import find
    >>> from giftflow import Crossing
    >>> from giftflow.testing import FIND_FIRST
    >>> split = find(thresholds(currency="USD"), lambda t: t.crossing is Crossing.SPLIT,
    ...              settings=FIND_FIRST)
    >>> split.limit.currency.code, split.limit.minor > 0
    ('USD', True)
    """
    units = _coin_currency(currency)
    return _from_draw(lambda draw: _draw_threshold(draw, draw(units)))


def fees(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[Fee]:
    """Generate :class:`~giftflow.Fee`: rate, fixed, minimum, maximum, either basis, thresholds.

    Args:
        currency: The currency of the fixed parts and the threshold; a currency
            of exponent 0, 2 or 3 if ``None``.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> fee = find(fees(currency="EUR"), lambda fee: fee.threshold is not None, settings=FIND_FIRST)
    >>> fee.threshold.limit.currency.code
    'EUR'
    """
    units = _coin_currency(currency)
    return _from_draw(lambda draw: _draw_fee(draw, draw(units)))


def fee_periods(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[FeePeriod]:
    """Generate :class:`~giftflow.FeePeriod`: a window, 0-2 fees, sometimes a source label.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> period = find(fee_periods(currency="USD"), lambda p: len(p.fees) == 2, settings=FIND_FIRST)
    >>> {fee.currency.code for fee in period.fees if fee.currency} <= {"USD"}
    True
    """
    units = _coin_currency(currency)
    return _from_draw(lambda draw: _draw_fee_period(draw, draw(units), _draw_window(draw)))


def fee_schedules(
    *,
    currency: Currency | str | st.SearchStrategy[Currency] | None = None,
    gaps: bool = True,
) -> st.SearchStrategy[FeeSchedule]:
    """Generate :class:`~giftflow.FeeSchedule`: 1-4 dated periods in time order.

    Args:
        currency: The currency of the fees' fixed parts and thresholds.
        gaps: Whether some times may lie outside every period; if False, the
            periods cover all time, so every time has fees.

    >>> from datetime import datetime, timezone
    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> schedule = find(fee_schedules(gaps=False), lambda s: len(s.periods) > 1,
    ...                 settings=FIND_FIRST)
    >>> isinstance(schedule.fees_at(datetime(2026, 1, 1, tzinfo=timezone.utc)), tuple)
    True
    """
    units = _coin_currency(currency)
    check_instance("gaps", gaps, bool, "gaps=False")
    return _from_draw(lambda draw: _draw_fee_schedule(draw, draw(units), gaps=gaps))


def storefronts(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[Storefront]:
    """Generate :class:`~giftflow.Storefront`: a country, a tax, 1-3 channels of 0-2 fees each.

    About one channel in four has a :class:`~giftflow.FeeSchedule` covering all time
    instead of a plain tuple of fees.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> shop = find(storefronts(currency="JPY"), lambda s: True, settings=FIND_FIRST)
    >>> shop.currency.exponent, 1 <= len(shop.channels) <= 3
    (0, True)
    """
    units = _coin_currency(currency)
    return _from_draw(lambda draw: _draw_storefront(draw, draw(units), draw(_countries())))


def coin_packages() -> st.SearchStrategy[CoinPackage]:
    """Generate :class:`~giftflow.CoinPackage`: at least one coin, often with bonus coins.

    >>> from hypothesis import find
    >>> from giftflow import Coins
    >>> from giftflow.testing import FIND_FIRST
    >>> package = find(coin_packages(), lambda p: p.bonus > Coins(0), settings=FIND_FIRST)
    >>> package.total == package.coins + package.bonus
    True
    """
    return _from_draw(_draw_package)


def package_prices(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[PackagePrice]:
    """Generate :class:`~giftflow.PackagePrice`: a positive price for a package, place and channel.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> price = find(package_prices(currency="KWD"), lambda p: True, settings=FIND_FIRST).price
    >>> price.currency.code, price.minor > 0
    ('KWD', True)
    """
    units = _coin_currency(currency)

    def make(draw: st.DrawFn) -> PackagePrice:
        return PackagePrice(
            package=draw(_labels()),
            country=draw(_countries()),
            channel=draw(channels()),
            price=_draw_price(draw, draw(units)),
            window=_draw_window(draw),
        )

    return _from_draw(make)


def custom_amounts(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[CustomAmount]:
    """Generate :class:`~giftflow.CustomAmount` whose every count in range has a positive price.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> custom = find(custom_amounts(currency="USD"), lambda c: True, settings=FIND_FIRST)
    >>> custom.min_coins.amount >= custom.per and custom.max_coins >= custom.min_coins
    True
    """
    units = _coin_currency(currency)

    def make(draw: st.DrawFn) -> CustomAmount:
        unit, country, channel = draw(units), draw(_countries()), draw(channels())
        return _draw_custom_amount(draw, country, channel, unit, _draw_window(draw))

    return _from_draw(make)


def promotions() -> st.SearchStrategy[Promotion]:
    """Generate :class:`~giftflow.Promotion` that gives something: bonus coins, a rate or both.

    Half of them give coins that expire (a validity of a second to 90 days).

    >>> from hypothesis import find
    >>> from giftflow import Coins
    >>> from giftflow.testing import FIND_FIRST
    >>> flat = find(promotions(), lambda p: p.bonus_rate is None, settings=FIND_FIRST)
    >>> flat.bonus_coins > Coins(0)
    True
    >>> expiring = find(promotions(), lambda p: p.validity, settings=FIND_FIRST)
    >>> expiring.validity.total_seconds() > 0
    True
    """
    return _from_draw(_draw_promotion)


def price_books() -> st.SearchStrategy[PriceBook]:
    """Generate small, valid :class:`~giftflow.PriceBook` values.

    One or two storefronts (currencies of exponent 0, 2 and 3) with channels,
    taxes and fees; one to four packages, each priced on some channels in
    successive, non-overlapping windows; sometimes a custom amount and a
    promotion.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> book = find(price_books(), lambda book: True, settings=FIND_FIRST)
    >>> 1 <= len(book.storefronts) <= 2 and 1 <= len(book.packages) <= 4 and bool(book.prices)
    True
    """
    return _from_draw(_draw_price_book)


def quotes(books: st.SearchStrategy[PriceBook] | None = None) -> st.SearchStrategy[Quote]:
    """Generate :class:`~giftflow.Quote` from a price book: a priced package or a custom amount.

    The quote's time falls inside the window of the price it uses.

    Args:
        books: Where to quote from; :func:`price_books` if ``None``.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> quote = find(quotes(), lambda quote: True, settings=FIND_FIRST)
    >>> quote.coins == quote.package.coins + quote.package.bonus + quote.promotional
    True
    """
    check_strategy("books", books, "price_books()")
    source = price_books() if books is None else books
    return _from_draw(lambda draw: _draw_quote(draw, draw(source)))
