"""Hypothesis strategies for every public giftflow type, and conservation checks.

Host applications use these in their own property-based tests, to generate
giftflow values and to assert that their code neither creates nor loses value.
This module needs Hypothesis (``pip install 'giftflow[testing]'``); the rest of
giftflow does not import it.

>>> from hypothesis import given
>>> from giftflow import Money
>>> @given(money(currency="USD", min_value=0))
... def test_split_conserves(amount: Money) -> None:
...     assert_sums_to(amount.split(3), amount)
>>> test_split_conserves()
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import operator
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from fractions import Fraction
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
from hypothesis import strategies as st

from giftflow._coins_in._fees import Crossing, Fee, FeeBasis, FeeKind, Tax, TaxMode, Threshold
from giftflow._coins_in._pricing import (
    Channel,
    CoinPackage,
    CustomAmount,
    PackagePrice,
    PriceBook,
    Promotion,
    Quote,
    Storefront,
)
from giftflow._coins_in._purchase import CostBasis, Purchase, checkout
from giftflow._coins_in._rules import (
    AgeRule,
    CapPeriod,
    SpendingCap,
    SpendingRules,
    SpendRecord,
    Viewer,
)
from giftflow._coins_in._wallet import CoinLot, LotKind, SpendPolicy, Wallet
from giftflow._values._currency import Currency, iso_currencies
from giftflow._values._errors import InvalidTypeError, InvalidValueError
from giftflow._values._money import ExactMoney, Money, _resolve_currency
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounded, Rounding
from giftflow._values._time import Recurrence, Window
from giftflow._values._units import Coins, Diamonds, UnitNames

__all__ = [
    "accounts",
    "age_rules",
    "agencies",
    "applied_results",
    "assert_balanced",
    "assert_ledger_balanced",
    "assert_payout_conserves",
    "assert_sums_to",
    "balance_guards",
    "carries",
    "catalog_versions",
    "catalogs",
    "channels",
    "clawbacks",
    "coin_lots",
    "coin_packages",
    "coins",
    "conversion_policies",
    "creator_shares",
    "creator_totals",
    "creators",
    "currencies",
    "custom_amounts",
    "diamond_valuations",
    "diamonds",
    "earnings",
    "economies",
    "eligibilities",
    "exact_money",
    "fees",
    "folded_gifts",
    "fx_rate_tables",
    "fx_rates",
    "gift_events",
    "gift_receipts",
    "gift_records",
    "gifter_levels",
    "gifts",
    "leaderboard_entries",
    "ledger_events",
    "ledgers",
    "missions",
    "money",
    "package_prices",
    "payout_caps",
    "payout_fee_charges",
    "payout_fees",
    "payout_legs",
    "payout_methods",
    "payout_plans",
    "payout_policies",
    "payout_reasons",
    "payout_records",
    "payout_schedules",
    "payout_statements",
    "policy_schedules",
    "postings",
    "price_books",
    "proceeds_for",
    "promotions",
    "purchases",
    "quotes",
    "rates",
    "ratios",
    "recipients",
    "recurrences",
    "reward_schedules",
    "rounded",
    "roundings",
    "settlements",
    "spend_policies",
    "spend_records",
    "spending_caps",
    "spending_rules",
    "sponsor_budgets",
    "statement_lines",
    "statements",
    "storefronts",
    "streak_events",
    "taxes",
    "thresholds",
    "trace_rows",
    "transactions",
    "unit_names",
    "value_traces",
    "viewers",
    "wallets",
    "windows",
    "withdrawal_limits",
    "withholding_rules",
]

# Large enough to reach far past any real balance (and past 2**63, where
# serialisers to other languages break), small enough to keep examples readable.
_MAX_MINOR = 10**20

Amount = Money | ExactMoney | Coins | Diamonds


def currencies(
    *, exponents: Iterable[int] | None = None, custom: bool = True
) -> st.SearchStrategy[Currency]:
    """Generate currencies: ISO 4217 ones and, if ``custom``, caller-defined ones.

    Args:
        exponents: Only currencies whose minor-unit exponent is in this set
            (e.g. ``{0, 2, 3}``); all of them if ``None``.
        custom: Also generate custom currencies (codes that are not ISO).

    >>> from hypothesis import find
    >>> find(currencies(exponents={3}), lambda c: c.is_iso).exponent
    3
    """
    allowed = None if exponents is None else frozenset(exponents)
    iso = [c for c in iso_currencies() if allowed is None or c.exponent in allowed]
    strategies: list[st.SearchStrategy[Currency]] = []
    if iso:
        strategies.append(st.sampled_from(iso))
    # An empty or out-of-range set of exponents allows no custom currency at all.
    custom_exponents = None if allowed is None else sorted(e for e in allowed if e in range(19))
    if custom and custom_exponents != []:
        exponent = (
            st.integers(0, 8) if custom_exponents is None else st.sampled_from(custom_exponents)
        )
        strategies.append(
            st.builds(
                lambda code, exp, name: Currency(code=code, exponent=exp, name=name),
                st.from_regex(r"\AX[A-Z]{3,6}\Z"),
                exponent,
                st.text(max_size=12),
            )
        )
    if not strategies:
        raise InvalidValueError(
            "exponents", exponents, "matches no currency", "allow custom=True or other exponents"
        )
    return st.one_of(strategies)


def _minor_bound(argument: str, bound: Money | int | None, target: Currency | None) -> int | None:
    if bound is None or type(bound) is int:
        return bound
    if type(bound) is Money:
        if target is not None and bound.currency != target:
            raise InvalidValueError(
                argument, bound, "is in another currency", "give bounds in the same currency"
            )
        return bound.minor
    raise InvalidTypeError(argument, bound, "must be Money, an int of minor units or None", "")


def money(
    *,
    currency: Currency | str | st.SearchStrategy[Currency] | None = None,
    min_value: Money | int | None = None,
    max_value: Money | int | None = None,
) -> st.SearchStrategy[Money]:
    """Generate :class:`~giftflow.Money`, optionally of one currency and within bounds.

    Args:
        currency: A currency, code or strategy of currencies; any if ``None``.
        min_value: Smallest amount, as Money or an int of minor units.
        max_value: Largest amount, as Money or an int of minor units.

    >>> from hypothesis import find
    >>> find(money(currency="JPY", min_value=0, max_value=100), lambda m: m.minor > 50)
    Money.parse('51', 'JPY')
    """
    if isinstance(currency, st.SearchStrategy):
        currency_strategy = currency
        fixed = None
    else:
        fixed = None if currency is None else _resolve_currency("currency", currency)
        currency_strategy = currencies() if fixed is None else st.just(fixed)
    low = _minor_bound("min_value", min_value, fixed)
    high = _minor_bound("max_value", max_value, fixed)
    minor = st.integers(
        min_value=-_MAX_MINOR if low is None else low,
        max_value=_MAX_MINOR if high is None else high,
    )
    return st.builds(Money.of_minor, minor, currency_strategy)


def exact_money(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[ExactMoney]:
    """Generate :class:`~giftflow.ExactMoney` (fractions of minor units).

    >>> from hypothesis import find
    >>> find(exact_money(currency="USD"), lambda m: m.minor.denominator == 3).minor.denominator
    3
    """
    if isinstance(currency, st.SearchStrategy):
        currency_strategy = currency
    elif currency is None:
        currency_strategy = currencies()
    else:
        currency_strategy = st.just(_resolve_currency("currency", currency))
    return st.builds(ExactMoney, st.fractions(max_denominator=10**6), currency_strategy)


def rates(
    *,
    min_value: Rate | None = Rate.ZERO,
    max_value: Rate | None = Rate.ONE,
    max_denominator: int = 10**6,
) -> st.SearchStrategy[Rate]:
    """Generate exact :class:`~giftflow.Rate` values, between 0% and 100% by default.

    Args:
        min_value: Smallest rate (default 0).
        max_value: Largest rate (default 1, i.e. 100%); ``None`` for no upper bound.
        max_denominator: Largest denominator of the generated fractions.

    >>> from hypothesis import find
    >>> from giftflow import Rate
    >>> half = Rate.parse("50%")
    >>> Rate.parse("40%") < find(rates(max_value=half), lambda r: r > Rate.parse("40%")) <= half
    True
    """
    low = Fraction(0) if min_value is None else min_value.value
    high = None if max_value is None else max_value.value
    values = st.fractions(min_value=low, max_value=high, max_denominator=max_denominator)
    # Decimal-looking rates (percentages with a few places) are what configurations hold:
    # multiples of 1/10**4 (or coarser, within max_denominator) between the bounds, up
    # to 100 more than ``low`` if there is no upper bound.
    scale = 10 ** min(4, len(str(max_denominator)) - 1)
    first = math.ceil(low * scale)
    last = first + 100 * scale if high is None else math.floor(high * scale)
    if first > last:
        return values.map(Rate)
    decimals = st.integers(first, last).map(lambda n: Fraction(n, scale))
    return st.one_of(values, decimals).map(Rate)


def roundings() -> st.SearchStrategy[Rounding]:
    """Generate every :class:`~giftflow.Rounding` mode.

    >>> from hypothesis import find
    >>> find(roundings(), lambda mode: mode.name.startswith("HALF"))
    <Rounding.HALF_EVEN: 'ROUND_HALF_EVEN'>
    """
    return st.sampled_from(Rounding)


def rounded() -> st.SearchStrategy[Rounded]:
    """Generate :class:`~giftflow.Rounded` results of rounding a random fraction.

    >>> from hypothesis import find
    >>> result = find(rounded(), lambda r: r.remainder != 0)
    >>> 0 < abs(result.remainder) < 1
    True
    """
    return st.builds(
        lambda value, mode: mode.round(value),
        st.fractions(min_value=-(10**12), max_value=10**12, max_denominator=10**6),
        roundings(),
    )


def coins(*, min_value: int | None = 0, max_value: int | None = 10**12) -> st.SearchStrategy[Coins]:
    """Generate :class:`~giftflow.Coins`, non-negative by default.

    >>> from hypothesis import find
    >>> find(coins(max_value=10), lambda c: c.amount > 5)
    Coins(6)
    """
    return st.integers(min_value=min_value, max_value=max_value).map(Coins)


def diamonds(
    *, min_value: int | None = 0, max_value: int | None = 10**12
) -> st.SearchStrategy[Diamonds]:
    """Generate :class:`~giftflow.Diamonds`, non-negative by default.

    >>> from hypothesis import find
    >>> find(diamonds(min_value=1), lambda d: True)
    Diamonds(1)
    """
    return st.integers(min_value=min_value, max_value=max_value).map(Diamonds)


def unit_names() -> st.SearchStrategy[UnitNames]:
    """Generate :class:`~giftflow.UnitNames` with arbitrary one-word names.

    >>> from hypothesis import find
    >>> from giftflow import Coins
    >>> find(unit_names(), lambda names: names.coin != names.coins).show(Coins(2)) != "2 coins"
    True
    """
    word = st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=10)
    return st.builds(UnitNames, coin=word, coins=word, diamond=word, diamonds=word)


def ratios(
    *, min_size: int = 1, max_size: int = 12
) -> st.SearchStrategy[list[int | Fraction | Rate]]:
    """Generate valid allocation ratios: ints, Fractions and Rates, >= 0, not all zero.

    >>> from hypothesis import find
    >>> len(find(ratios(), lambda values: len(values) > 1))
    2
    """
    ratio: st.SearchStrategy[int | Fraction | Rate] = st.one_of(
        st.integers(0, 1000),
        st.fractions(min_value=0, max_value=100, max_denominator=1000),
        rates(max_value=None, max_denominator=1000),
    )
    return st.lists(ratio, min_size=min_size, max_size=max_size).filter(
        lambda values: any(value.value if type(value) is Rate else value for value in values)
    )


def _unit_of(amount: Any) -> tuple[str, Any]:
    kind = type(amount)
    if kind is Money or kind is ExactMoney:
        return ("money", amount.currency)
    if kind is Coins or kind is Diamonds:
        return (kind.__name__.lower(), None)
    raise InvalidTypeError(
        "amounts", amount, "must hold only Money, ExactMoney, Coins or Diamonds", ""
    )


def _totals(amounts: Iterable[Amount]) -> dict[tuple[str, Any], Fraction]:
    totals: dict[tuple[str, Any], Fraction] = {}
    for amount in amounts:
        key = _unit_of(amount)
        value = amount.minor if isinstance(amount, Money | ExactMoney) else amount.amount
        totals[key] = totals.get(key, Fraction(0)) + value
    return totals


def _describe(key: tuple[str, Any]) -> str:
    return str(key[1]) if key[0] == "money" else key[0]


def assert_sums_to(parts: Iterable[Amount], whole: Amount | Iterable[Amount]) -> None:
    """Assert that ``parts`` add up to ``whole`` exactly, separately in every unit.

    Each currency, coins and diamonds are summed on their own; a unit missing on
    one side counts as zero. Use it in tests to prove a split, a breakdown or a
    trace neither creates nor loses value.

    Raises:
        AssertionError: Listing every unit whose totals differ, and by how much.

    >>> from giftflow import Money
    >>> whole = Money.parse("1.00", "USD")
    >>> assert_sums_to(whole.allocate([1, 1, 1]), whole)
    >>> assert_sums_to([Money.parse("0.99", "USD")], whole)
    Traceback (most recent call last):
    ...
    AssertionError: parts do not add up to the whole: USD: parts 99, whole 100 (minor units)
    """
    wholes = [whole] if isinstance(whole, Money | ExactMoney | Coins | Diamonds) else list(whole)
    got, want = _totals(parts), _totals(wholes)
    problems = [
        f"{_describe(key)}: parts {got.get(key, 0)}, whole {want.get(key, 0)}"
        for key in sorted({*got, *want}, key=lambda key: (key[0], str(key[1])))
        if got.get(key, 0) != want.get(key, 0)
    ]
    if problems:
        money_only = all(not p.startswith(("coins", "diamonds")) for p in problems)
        suffix = " (minor units)" if money_only else ""
        raise AssertionError("parts do not add up to the whole: " + "; ".join(problems) + suffix)


def assert_balanced(amounts: Iterable[Amount]) -> None:
    """Assert that signed ``amounts`` sum to zero in every unit (a balanced transaction).

    >>> from giftflow import Coins
    >>> assert_balanced([Coins(65), Coins(-65)])
    >>> assert_balanced([Coins(65), Coins(-60)])
    Traceback (most recent call last):
    ...
    AssertionError: amounts do not balance: coins: 5
    """
    totals = _totals(amounts)
    problems = [f"{_describe(key)}: {total}" for key, total in totals.items() if total != 0]
    if problems:
        raise AssertionError("amounts do not balance: " + "; ".join(problems))


# -- Coins in: channels, taxes, fees, price books, purchases, wallets, spending rules --
#
# Every strategy below builds valid values through the public constructors, so a
# generated value is one a caller could have built. Money is in currencies of
# exponent 0, 2 and 3 unless a currency is given; datetimes are timezone-aware, in
# UTC, fixed offsets and zones with DST changes (where the zone database exists).
#
# Speed matters: property tests draw thousands of price books. So the building
# blocks are strategies made once (cached) and plain ``_draw_*`` functions that
# take Hypothesis' ``draw``, rather than strategies created afresh for every value.

_COIN_EXPONENTS = frozenset({0, 2, 3})
_ZONE_KEYS = ("Europe/London", "America/New_York", "Asia/Seoul", "Australia/Lord_Howe")
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_UPPER = _LOWER.upper()
_RRULES = (
    "FREQ=DAILY",
    "FREQ=WEEKLY;BYDAY=FR",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU",
    "FREQ=MONTHLY;BYMONTHDAY=1",
    "FREQ=HOURLY;INTERVAL=6;COUNT=10",
)
_T = TypeVar("_T")


@st.composite
def _from_draw(draw: st.DrawFn, make: Callable[[st.DrawFn], _T]) -> _T:
    return make(draw)


@functools.cache
def _zones() -> tuple[tzinfo, ...]:
    zones: list[tzinfo] = [
        UTC,
        timezone(timedelta(hours=5, minutes=30)),
        timezone(-timedelta(hours=8)),
    ]
    for key in _ZONE_KEYS:
        try:
            zones.append(ZoneInfo(key))
        except ZoneInfoNotFoundError:  # pragma: no cover - a system without tz data
            continue
    return tuple(zones)


@functools.cache
def _instants() -> st.SearchStrategy[datetime]:
    return st.datetimes(
        min_value=datetime(2020, 1, 1),
        max_value=datetime(2035, 12, 31),
        timezones=st.sampled_from(_zones()),
    )


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


@functools.cache
def _labels() -> st.SearchStrategy[str]:
    tail = st.text(alphabet=_LOWER + "0123456789_", max_size=11)
    return st.builds(operator.add, st.sampled_from(_LOWER), tail)


@functools.cache
def _countries() -> st.SearchStrategy[str]:
    letter = st.sampled_from(_UPPER)
    return st.builds(operator.add, letter, letter)


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
def _rates() -> st.SearchStrategy[Rate]:
    return rates()


@functools.cache
def _price_minor() -> st.SearchStrategy[int]:
    # Mostly small prices, where rounding bites, sometimes very large ones.
    return st.one_of(st.integers(1, 10_000), st.integers(1, 10**10))


def _draw_price(draw: st.DrawFn, unit: Currency) -> Money:
    return Money.of_minor(draw(_price_minor()), unit)


def _draw_optional_amount(draw: st.DrawFn, unit: Currency) -> Money | None:
    if draw(st.booleans()):
        return None
    return Money.of_minor(draw(st.integers(0, 10_000)), unit)


def _draw_tax(draw: st.DrawFn) -> Tax:
    return Tax(
        rate=draw(_rates()),
        mode=draw(st.sampled_from(TaxMode)),
        rounding=draw(roundings()),
        name=draw(st.sampled_from(["tax", "VAT", "GST", "sales tax"])),
    )


def _draw_threshold(draw: st.DrawFn, unit: Currency) -> Threshold:
    return Threshold(
        limit=_draw_price(draw, unit),
        rate_above=draw(_rates()),
        crossing=draw(st.sampled_from(Crossing)),
    )


def _draw_fee(draw: st.DrawFn, unit: Currency) -> Fee:
    minimum, maximum = _draw_optional_amount(draw, unit), _draw_optional_amount(draw, unit)
    if minimum is not None and maximum is not None and maximum < minimum:
        minimum, maximum = maximum, minimum
    return Fee(
        name=draw(st.sampled_from(["apple", "google play", "card", "wallet", "fx"])),
        kind=draw(st.sampled_from(FeeKind)),
        basis=draw(st.sampled_from(FeeBasis)),
        rounding=draw(roundings()),
        rate=draw(_rates()),
        fixed=_draw_optional_amount(draw, unit),
        minimum=minimum,
        maximum=maximum,
        threshold=None if draw(st.booleans()) else _draw_threshold(draw, unit),
    )


def _draw_storefront(draw: st.DrawFn, unit: Currency, country: str) -> Storefront:
    chosen = draw(st.lists(channels(), min_size=1, max_size=3, unique=True))
    return Storefront(
        country=country,
        currency=unit,
        tax=_draw_tax(draw),
        fees={
            channel: tuple(_draw_fee(draw, unit) for _ in range(draw(st.integers(0, 2))))
            for channel in chosen
        },
    )


def _draw_package(draw: st.DrawFn) -> CoinPackage:
    bonus = 0 if draw(st.booleans()) else draw(st.integers(0, 10**6))
    return CoinPackage(
        id=draw(_labels()), coins=Coins(draw(st.integers(1, 10**6))), bonus=Coins(bonus)
    )


def _draw_window(draw: st.DrawFn) -> Window:
    start, end = draw(st.none() | _instants()), draw(st.none() | _instants())
    if start is not None and end is not None:
        if _utc(end) < _utc(start):
            start, end = end, start
        if _utc(end) == _utc(start):
            end = _utc(start) + timedelta(seconds=draw(st.integers(1, 10**8)))
    return Window(start=start, end=end)


def _successive_windows(draw: st.DrawFn) -> list[Window]:
    # Windows that follow each other without overlap, from sorted, distinct cut points.
    cuts = draw(st.lists(_instants(), max_size=3, unique_by=_utc))
    cuts.sort(key=_utc)
    edges: list[datetime | None] = list(cuts)
    if not cuts or draw(st.booleans()):
        edges.insert(0, None)
    if len(edges) < 2 or draw(st.booleans()):
        edges.append(None)
    return [Window(start=start, end=end) for start, end in itertools.pairwise(edges)]


def _draw_recurrence(draw: st.DrawFn) -> Recurrence:
    minutes = draw(st.integers(1, 7 * 24 * 60))
    return Recurrence(
        rule=draw(st.sampled_from(_RRULES)),
        start=draw(_instants()).replace(microsecond=0),
        duration=timedelta(minutes=minutes),
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
    bonus_rate = None if draw(st.booleans()) else draw(rates(min_value=Rate.parse("0.0001")))
    least = 1 if bonus_rate is None else 0
    return Promotion(
        id=draw(_labels()),
        bonus_coins=Coins(draw(st.integers(least, 10**5))),
        bonus_rate=bonus_rate,
        packages=tuple(draw(st.lists(_labels(), max_size=2, unique=True))),
        channels=tuple(draw(st.lists(channels(), max_size=2, unique=True))),
        countries=tuple(draw(st.lists(_countries(), max_size=2, unique=True))),
        window=_draw_window(draw),
        recurrence=None if draw(st.booleans()) else _draw_recurrence(draw),
    )


def _draw_price_book(draw: st.DrawFn) -> PriceBook:
    countries = draw(st.lists(_countries(), min_size=1, max_size=2, unique=True))
    shops = [_draw_storefront(draw, draw(_coin_currencies()), country) for country in countries]
    packages = draw(
        st.lists(_from_draw(_draw_package), min_size=1, max_size=4, unique_by=lambda p: p.id)
    )
    prices: list[PackagePrice] = []
    custom: list[CustomAmount] = []
    for shop in shops:
        for channel in shop.channels:
            for package in packages:
                skip = draw(st.booleans())
                if prices and skip:
                    continue
                offers = _successive_windows(draw)
                chosen = draw(st.lists(st.sampled_from(offers), min_size=1, max_size=2))
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


def _instant_in(draw: st.DrawFn, window: Window) -> datetime:
    zone = draw(st.sampled_from(_zones()))
    start, end = window.start, window.end
    if start is None and end is None:
        return draw(_instants())
    if start is not None and end is not None:
        span = (_utc(end) - _utc(start)) // timedelta(microseconds=1)
        offset = timedelta(microseconds=draw(st.integers(0, span - 1)))
        return (_utc(start) + offset).astimezone(zone)
    step = timedelta(microseconds=draw(st.integers(0, 10**15)))
    if start is not None:
        return (_utc(start) + step).astimezone(zone)
    assert end is not None
    return (_utc(end) - timedelta(microseconds=1) - step).astimezone(zone)


def _draw_quote(draw: st.DrawFn, book: PriceBook) -> Quote:
    entries: list[PackagePrice | CustomAmount] = [*book.prices, *book.custom]
    entry = draw(st.sampled_from(entries))
    at = _instant_in(draw, entry.window)
    if isinstance(entry, PackagePrice):
        return book.quote(entry.package, country=entry.country, channel=entry.channel, at=at)
    count = draw(st.integers(entry.min_coins.amount, entry.max_coins.amount))
    return book.quote_custom(Coins(count), country=entry.country, channel=entry.channel, at=at)


def _draw_purchase(draw: st.DrawFn, quote: Quote) -> Purchase:
    return checkout(
        quote,
        purchase_id=draw(_labels()),
        proceeds_to_date=draw(proceeds_for(quote)),
        cost_basis=draw(st.sampled_from(CostBasis)),
    )


def _draw_coin_lot(draw: st.DrawFn, unit: Currency) -> CoinLot:
    per_coin = st.fractions(min_value=0, max_value=10**4, max_denominator=10**4)
    gross = draw(per_coin)
    parts: tuple[ExactMoney | None, ...] = (None, None, None)
    if not draw(st.booleans()):
        itemised = [draw(per_coin) for _ in range(3)]
        parts = tuple(ExactMoney(part, unit) for part in itemised)
        net = gross - sum(itemised, Fraction(0))
    else:
        net = gross - draw(per_coin)
    return CoinLot(
        id=draw(_labels()),
        kind=draw(st.sampled_from(LotKind)),
        coins=Coins(draw(st.integers(0, 10**6))),
        acquired_at=draw(_instants()),
        net_per_coin=ExactMoney(net, unit),
        gross_per_coin=ExactMoney(gross, unit),
        purchase_id=draw(st.none() | _labels()),
        tax_per_coin=parts[0],
        store_fee_per_coin=parts[1],
        processor_fee_per_coin=parts[2],
    )


def _amounts(*, least: int) -> st.SearchStrategy[Money | Coins]:
    in_money = st.builds(Money.of_minor, st.integers(least, 10**8), _coin_currencies())
    return st.one_of(in_money, coins(min_value=least, max_value=10**7))


def channels() -> st.SearchStrategy[Channel]:
    """Generate :class:`~giftflow.Channel`: the three built-in channels and custom ones.

    >>> from hypothesis import find
    >>> find(channels(), lambda channel: True)
    Channel('ios')
    """
    builtin = st.sampled_from([Channel.IOS, Channel.GOOGLE_PLAY, Channel.WEB])
    return st.one_of(builtin, _labels().map(Channel))


def taxes() -> st.SearchStrategy[Tax]:
    """Generate :class:`~giftflow.Tax`: included or added, any rate from 0% to 100%, any rounding.

    >>> from hypothesis import find
    >>> from giftflow import TaxMode
    >>> find(taxes(), lambda tax: tax.mode is TaxMode.ADDED).rate
    Rate.parse('0')
    """
    return _from_draw(_draw_tax)


def thresholds(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[Threshold]:
    """Generate :class:`~giftflow.Threshold`: a yearly limit, the rate above it, both crossings.

    >>> from hypothesis import find
    >>> from giftflow import Crossing
    >>> find(thresholds(currency="USD"), lambda t: t.crossing is Crossing.SPLIT).limit
    Money.parse('0.01', 'USD')
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
    >>> fee = find(fees(currency="EUR"), lambda fee: fee.threshold is not None)
    >>> fee.threshold.limit.currency.code
    'EUR'
    """
    units = _coin_currency(currency)
    return _from_draw(lambda draw: _draw_fee(draw, draw(units)))


def storefronts(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[Storefront]:
    """Generate :class:`~giftflow.Storefront`: a country, a tax, 1-3 channels of 0-2 fees each.

    >>> from hypothesis import find
    >>> find(storefronts(currency="JPY"), lambda s: True).currency.exponent
    0
    """
    units = _coin_currency(currency)
    return _from_draw(lambda draw: _draw_storefront(draw, draw(units), draw(_countries())))


def coin_packages() -> st.SearchStrategy[CoinPackage]:
    """Generate :class:`~giftflow.CoinPackage`: at least one coin, often with bonus coins.

    >>> from hypothesis import find
    >>> from giftflow import Coins
    >>> find(coin_packages(), lambda package: package.bonus > Coins(0)).total
    Coins(2)
    """
    return _from_draw(_draw_package)


def windows() -> st.SearchStrategy[Window]:
    """Generate :class:`~giftflow.Window`: open, half-open or bounded, in assorted time zones.

    >>> from hypothesis import find
    >>> find(windows(), lambda window: window.start is None and window.end is None)
    Window(start=None, end=None)
    """
    return _from_draw(_draw_window)


def recurrences() -> st.SearchStrategy[Recurrence]:
    """Generate :class:`~giftflow.Recurrence`: common RRULEs from an aware start, 1 minute to 7 days.

    >>> from hypothesis import find
    >>> find(recurrences(), lambda r: True).rule
    'FREQ=DAILY'
    """
    return _from_draw(_draw_recurrence)


def package_prices(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[PackagePrice]:
    """Generate :class:`~giftflow.PackagePrice`: a positive price for a package, place and channel.

    >>> from hypothesis import find
    >>> find(package_prices(currency="KWD"), lambda p: True).price
    Money.parse('0.001', 'KWD')
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
    >>> find(custom_amounts(currency="USD"), lambda c: True).min_coins
    Coins(1)
    """
    units = _coin_currency(currency)

    def make(draw: st.DrawFn) -> CustomAmount:
        unit, country, channel = draw(units), draw(_countries()), draw(channels())
        return _draw_custom_amount(draw, country, channel, unit, _draw_window(draw))

    return _from_draw(make)


def promotions() -> st.SearchStrategy[Promotion]:
    """Generate :class:`~giftflow.Promotion` that gives something: bonus coins, a rate or both.

    >>> from hypothesis import find
    >>> find(promotions(), lambda p: p.bonus_rate is None).bonus_coins
    Coins(1)
    """
    return _from_draw(_draw_promotion)


def price_books() -> st.SearchStrategy[PriceBook]:
    """Generate small, valid :class:`~giftflow.PriceBook` values.

    One or two storefronts (currencies of exponent 0, 2 and 3) with channels,
    taxes and fees; one to four packages, each priced on some channels in
    successive, non-overlapping windows; sometimes a custom amount and a
    promotion.

    >>> from hypothesis import Phase, find, settings
    >>> unshrunk = settings(phases=[Phase.generate])  # the first example found
    >>> book = find(price_books(), lambda book: True, settings=unshrunk)
    >>> 1 <= len(book.storefronts) <= 2 and 1 <= len(book.packages) <= 4 and bool(book.prices)
    True
    """
    return _from_draw(_draw_price_book)


def quotes(books: st.SearchStrategy[PriceBook] | None = None) -> st.SearchStrategy[Quote]:
    """Generate :class:`~giftflow.Quote` from a price book: a priced package or a custom amount.

    The quote's time falls inside the window of the price it uses.

    Args:
        books: Where to quote from; :func:`price_books` if ``None``.

    >>> from hypothesis import Phase, find, settings
    >>> unshrunk = settings(phases=[Phase.generate])  # the first example found
    >>> quote = find(quotes(), lambda quote: True, settings=unshrunk)
    >>> quote.coins == quote.package.coins + quote.package.bonus + quote.promotional
    True
    """
    source = price_books() if books is None else books
    return _from_draw(lambda draw: _draw_quote(draw, draw(source)))


def proceeds_for(quote: Quote) -> st.SearchStrategy[Money]:
    """Generate a store's yearly ``proceeds_to_date`` for ``quote``: often near a fee threshold.

    Amounts are in the storefront's currency: around the limit of any threshold
    fee of the quote's channel (below it, at it and past it), and arbitrary ones.

    >>> from datetime import datetime, timezone
    >>> from hypothesis import find
    >>> from giftflow import Channel, presets
    >>> quote = presets.tiktok_price_book().quote(
    ...     "coins_65", country="US", channel=Channel.GOOGLE_PLAY,
    ...     at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    >>> find(proceeds_for(quote), lambda proceeds: proceeds.minor > 99_999_900)
    Money.parse('999999.01', 'USD')
    """
    unit = quote.storefront.currency
    span = 2 * quote.price.minor + 2
    near = [
        st.integers(fee.threshold.limit.minor - span, fee.threshold.limit.minor + span)
        for fee in quote.storefront.fees_for(quote.channel)
        if fee.threshold is not None
    ]
    minor = st.one_of(*near, st.integers(0, 10**12), st.integers(-(10**6), 0))
    return minor.map(lambda value: Money.of_minor(value, unit))


def purchases(quotes_from: st.SearchStrategy[Quote] | None = None) -> st.SearchStrategy[Purchase]:
    """Generate :class:`~giftflow.Purchase` by checking out a quote, with either cost basis.

    ``proceeds_to_date`` comes from :func:`proceeds_for`, so threshold fees are
    charged below, across and above their limits.

    Args:
        quotes_from: The quotes to check out; :func:`quotes` if ``None``.

    >>> from hypothesis import Phase, find, settings
    >>> unshrunk = settings(phases=[Phase.generate])  # the first example found
    >>> purchase = find(purchases(), lambda p: True, settings=unshrunk)
    >>> breakdown = purchase.breakdown
    >>> assert_sums_to([breakdown.tax, *(fee.amount for fee in breakdown.fees), breakdown.net],
    ...                breakdown.gross)
    >>> purchase.coins == purchase.quote.coins
    True
    """
    source = quotes() if quotes_from is None else quotes_from
    return _from_draw(lambda draw: _draw_purchase(draw, draw(source)))


def coin_lots(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[CoinLot]:
    """Generate :class:`~giftflow.CoinLot`: any kind, with or without an itemised cost per coin.

    >>> from hypothesis import Phase, find, settings
    >>> unshrunk = settings(phases=[Phase.generate])  # the first example found
    >>> lot = find(coin_lots(currency="USD"), lambda lot: lot.tax_per_coin, settings=unshrunk)
    >>> per_coin = [lot.net_per_coin, lot.tax_per_coin, lot.store_fee_per_coin,
    ...             lot.processor_fee_per_coin]
    >>> assert_sums_to(per_coin, lot.gross_per_coin)
    """
    units = _coin_currency(currency)
    return _from_draw(lambda draw: _draw_coin_lot(draw, draw(units)))


def wallets(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None, max_lots: int = 6
) -> st.SearchStrategy[Wallet]:
    """Generate :class:`~giftflow.Wallet` holding up to ``max_lots`` lots with distinct ids.

    >>> from hypothesis import Phase, find, settings
    >>> unshrunk = settings(phases=[Phase.generate])  # the first example found
    >>> wallet = find(wallets(), lambda wallet: len(wallet.lots) > 1, settings=unshrunk)
    >>> assert_sums_to([lot.coins for lot in wallet.lots], wallet.balance)
    """
    lots = st.lists(coin_lots(currency=currency), max_size=max_lots, unique_by=lambda lot: lot.id)
    return lots.map(lambda items: Wallet(tuple(items)))


def spend_policies() -> st.SearchStrategy[SpendPolicy]:
    """Generate every :class:`~giftflow.SpendPolicy`.

    >>> from hypothesis import find
    >>> from giftflow import SpendPolicy
    >>> find(spend_policies(), lambda policy: policy is not SpendPolicy.FIFO)
    <SpendPolicy.PROMOTIONAL_FIRST: 'promotional_first'>
    """
    return st.sampled_from(SpendPolicy)


def spending_caps() -> st.SearchStrategy[SpendingCap]:
    """Generate :class:`~giftflow.SpendingCap` in money or coins, for every period and assorted zones.

    >>> from hypothesis import find
    >>> from giftflow import CapPeriod
    >>> find(spending_caps(), lambda cap: cap.period is CapPeriod.ROLLING_WEEK).name
    'a'
    """
    return st.builds(
        SpendingCap,
        name=_labels(),
        limit=_amounts(least=0),
        period=st.sampled_from(CapPeriod),
        zone=st.sampled_from(_zones()),
    )


def age_rules() -> st.SearchStrategy[AgeRule]:
    """Generate :class:`~giftflow.AgeRule`: a minimum age with per-country exceptions.

    >>> from hypothesis import find
    >>> find(age_rules(), lambda rule: rule.by_country).by_country
    (('AA', 0),)
    """
    ages = st.integers(0, 25)
    return st.builds(
        AgeRule, years=ages, by_country=st.dictionaries(_countries(), ages, max_size=3)
    )


def spending_rules() -> st.SearchStrategy[SpendingRules]:
    """Generate :class:`~giftflow.SpendingRules`: an optional age rule and up to three caps.

    >>> from hypothesis import find
    >>> find(spending_rules(), lambda rules: rules.age is not None).age
    AgeRule(years=0, by_country=())
    """
    return st.builds(
        SpendingRules,
        age=st.none() | age_rules(),
        caps=st.lists(spending_caps(), max_size=3).map(tuple),
    )


def viewers() -> st.SearchStrategy[Viewer]:
    """Generate :class:`~giftflow.Viewer`: a country and a birth date from 1900 to 2030.

    >>> from hypothesis import find
    >>> find(viewers(), lambda viewer: True).country
    'AA'
    """
    return st.builds(
        Viewer,
        country=_countries(),
        birth_date=st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
    )


def spend_records() -> st.SearchStrategy[SpendRecord]:
    """Generate :class:`~giftflow.SpendRecord`: a positive amount of money or coins at an aware time.

    >>> from hypothesis import find
    >>> from giftflow import Coins
    >>> find(spend_records(), lambda record: isinstance(record.amount, Coins)).amount
    Coins(1)
    """
    return st.builds(SpendRecord, at=_instants(), amount=_amounts(least=1))


# --- coins out ---
#
# Gifts and catalogs, conversion policies, economies, gift events, carries, agencies,
# sponsor budgets, streak events and gifter levels. Gift prices and counts stay small,
# so a test can fund a wallet for a whole sequence of gifts; creators, viewers and
# sponsors come from small pools, so carries, budgets and leaderboards see the same
# ones again. As above: cached strategies and ``_draw_*`` functions.
#
# These imports sit here rather than at the top so that the coins-out strategies stay
# one block, edited independently of the others.

from hypothesis import assume  # noqa: E402

from giftflow._coins_out._catalog import Catalog, CatalogVersion, Gift, StreakKind  # noqa: E402
from giftflow._coins_out._conversion import (  # noqa: E402
    Carry,
    ConversionPolicy,
    DiamondRatio,
    FixedValue,
    Mission,
    PolicySchedule,
    RevenueShare,
    RewardSchedule,
)
from giftflow._coins_out._economy import Economy  # noqa: E402
from giftflow._coins_out._gifts import (  # noqa: E402
    Agency,
    CreatorShare,
    GiftEvent,
    GiftReceipt,
    Recipient,
    SponsorBudget,
    send_gift,
)
from giftflow._coins_out._recognition import GifterLevels, LeaderboardEntry  # noqa: E402
from giftflow._coins_out._streaks import FoldedGift, StreakEvent, UnfinishedStreaks, fold_streaks  # noqa: E402
from giftflow._coins_out._trace import TraceRow, ValueTrace, trace  # noqa: E402

_CREATORS = ("ana", "bo", "cy", "dee")
_VIEWERS = ("v1", "v2", "v3", "v4")
_SPONSORS = ("brand", "fest")
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
        category=draw(st.sampled_from(["basic", "premium", "luxury", "event"])),
        window=Window() if draw(st.booleans()) else _draw_window(draw),
        regions=() if draw(st.booleans()) else _draw_regions(draw),
        sponsor=None if draw(st.booleans()) else draw(st.sampled_from(_SPONSORS)),
        streak=draw(st.sampled_from(StreakKind)),
        multiplier=draw(_multipliers()),
    )


def gifts(*, max_price: int = 1000) -> st.SearchStrategy[Gift]:
    """Generate :class:`~giftflow.Gift`: often sendable anywhere, any time; some limited or sponsored.

    Args:
        max_price: The largest price in coins.

    >>> from hypothesis import find
    >>> from giftflow import Coins
    >>> find(gifts(), lambda gift: gift.price > Coins(1)).price
    Coins(2)
    """
    return _from_draw(lambda draw: _draw_gift(draw, max_price))


def _draw_catalog(draw: st.DrawFn, max_price: int) -> Catalog:
    pool = draw(
        st.lists(
            _from_draw(lambda d: _draw_gift(d, max_price)),
            min_size=1,
            max_size=5,
            unique_by=(lambda gift: gift.id, lambda gift: gift.name.casefold()),
        )
    )
    some = st.lists(st.sampled_from(pool), min_size=1, unique_by=lambda gift: gift.id)
    versions = []
    for index, window in enumerate(_successive_windows(draw)):
        chosen = [
            # A price may change from one version to the next (TikTok's Universe did).
            attrs.evolve(gift, price=Coins(draw(st.integers(1, max_price))))
            if index and draw(st.booleans())
            else gift
            for gift in draw(some)
        ]
        versions.append(CatalogVersion(version=f"v{index}", gifts=chosen, window=window))
    if draw(st.booleans()):
        versions.append(
            CatalogVersion(
                version="regional",
                gifts=draw(some),
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
    >>> len(find(catalogs(), lambda catalog: len(catalog.versions) > 2).versions)
    3
    """
    return _from_draw(lambda draw: _draw_catalog(draw, max_price))


def missions() -> st.SearchStrategy[Mission]:
    """Generate :class:`~giftflow.Mission`: a bonus or a penalty of up to 50% on one metric.

    >>> from hypothesis import find
    >>> find(missions(), lambda mission: mission.penalty).bonus
    Rate.parse('0')
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
    >>> len(find(reward_schedules(), lambda schedule: len(schedule.missions) > 1).missions)
    2
    """
    return _reward_schedules()


@functools.cache
def _unit_minor() -> st.SearchStrategy[Fraction]:
    # A thousandth of a minor unit to ten major units of a two-place currency.
    tenths = st.integers(1, 10_000).map(lambda n: Fraction(n, 10))
    return st.one_of(tenths, st.fractions(min_value=Fraction(1, 1000), max_value=1000))


def _draw_policy(draw: st.DrawFn, unit: Currency) -> ConversionPolicy:
    value = ExactMoney(draw(_unit_minor()), unit)
    kind = draw(st.sampled_from([RevenueShare, FixedValue, DiamondRatio]))
    if kind is RevenueShare:
        return RevenueShare(share=draw(_rates() | _reward_schedules()), diamond_value=value)
    if kind is FixedValue:
        return FixedValue(value_per_coin=value)
    return DiamondRatio(
        diamonds_per_coin=draw(rates(max_value=Rate.parse("4"))), diamond_value=value
    )


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
    >>> find(conversion_policies(currency="USD"), lambda p: isinstance(p, FixedValue))
    FixedValue(value_per_coin=ExactMoney(minor=Fraction(1, 10), currency=currency('USD')))
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
    >>> len(find(policy_schedules(currency="EUR"), lambda s: len(s.entries) == 2).entries)
    2
    """
    units = _coin_currency(currency)
    return _from_draw(lambda draw: _draw_schedule(draw, draw(units)))


def _draw_economy(draw: st.DrawFn) -> Economy:
    book = _draw_price_book(draw)
    # Diamonds are valued in the currency of a storefront that sells something, so a
    # wallet can hold coins in the currency a revenue share needs.
    selling = {p.country for p in book.prices} | {c.country for c in book.custom}
    unit = draw(st.sampled_from([s for s in book.storefronts if s.country in selling])).currency
    return Economy(
        name=draw(_labels()),
        names=draw(unit_names()),
        price_book=book,
        catalog=_draw_catalog(draw, 1000),
        conversion=_draw_schedule(draw, unit) if draw(st.booleans()) else _draw_policy(draw, unit),
        diamond_rounding=draw(roundings()),
        spend_policy=draw(st.sampled_from(SpendPolicy)),
        cost_basis=draw(st.sampled_from(CostBasis)),
        battle_bonus=None if draw(st.booleans()) else draw(_rates()),
    )


def economies() -> st.SearchStrategy[Economy]:
    """Generate small, valid :class:`~giftflow.Economy` values.

    A price book as from :func:`price_books`, a catalog as from :func:`catalogs`,
    a conversion policy of each kind (or a schedule of them) valued in the
    currency of a storefront that sells coins, any rounding mode, spend policy
    and cost basis, and sometimes a battle bonus.

    >>> from hypothesis import Phase, find, settings
    >>> quick = settings(phases=[Phase.generate], database=None)  # shrinking takes a minute
    >>> find(economies(), lambda e: e.battle_bonus is not None, settings=quick).battle_bonus
    Rate.parse('...')
    """
    return _from_draw(_draw_economy)


def _overlap(first: Window, second: Window) -> Window | None:
    starts = [w.start for w in (first, second) if w.start is not None]
    ends = [w.end for w in (first, second) if w.end is not None]
    start = max(starts, key=_utc) if starts else None
    end = min(ends, key=_utc) if ends else None
    if start is not None and end is not None and _utc(end) <= _utc(start):
        return None
    return Window(start=start, end=end)


@functools.cache
def _recipients() -> st.SearchStrategy[tuple[Recipient, ...]]:
    one = st.builds(Recipient, st.sampled_from(_CREATORS), st.integers(1, 5))
    return st.lists(one, min_size=1, max_size=3, unique_by=lambda r: r.creator).map(tuple)


def recipients() -> st.SearchStrategy[tuple[Recipient, ...]]:
    """Generate the recipients of a gift: one to three distinct creators with weights 1-5.

    >>> from hypothesis import find
    >>> find(recipients(), lambda found: len(found) == 2)
    (Recipient(creator='ana', weight=1), Recipient(creator='bo', weight=1))
    """
    return _recipients()


def _draw_gift_event(draw: st.DrawFn, economy: Economy, max_count: int) -> GiftEvent:
    versions = economy.catalog.versions
    # Gifts that some version lists at a time the gift itself is sendable, in a place
    # both cover; chosen among, rather than drawn and then refused.
    candidates = []
    for version in versions:
        for gift in version.gifts:
            window = _overlap(version.window, gift.window)
            shared = not (version.regions and gift.regions) or (
                set(version.regions) & set(gift.regions)
            )
            if window is not None and shared:
                candidates.append((version, gift, window))
    assume(bool(candidates))
    version, gift, window = draw(st.sampled_from(candidates))
    at = _instant_in(draw, window)
    if version.regions:
        places = [c for c in version.regions if not gift.regions or c in gift.regions]
    else:
        # Where a regional version is in force, it prices the gifts instead.
        taken = {c for v in versions if v.regions and v.window.contains(at) for c in v.regions}
        if gift.regions:
            places = [c for c in gift.regions if c not in taken]
        else:
            places = [draw(_countries().filter(lambda c: c not in taken))]
    assume(bool(places))
    return GiftEvent(
        id=draw(_labels()),
        viewer=draw(st.sampled_from(_VIEWERS)),
        gift=draw(st.sampled_from([gift.id, gift.name])),
        count=draw(st.integers(1, max_count)),
        recipients=draw(_recipients()),
        country=draw(st.sampled_from(places)),
        at=at,
        battle=draw(st.booleans()),
    )


def gift_events(
    *, economy: Economy | None = None, max_count: int = 20
) -> st.SearchStrategy[GiftEvent]:
    """Generate :class:`~giftflow.GiftEvent` that an economy's catalog can price.

    The gift (by id or by name) is sendable where and when the event happens:
    the time is inside the gift's window and its catalog version's, and the
    country is one both cover. Some events go to several co-hosts, some count
    toward a battle.

    Args:
        economy: Whose catalog to send from; one from :func:`economies` if ``None``.
        max_count: The largest ``count``.

    >>> from hypothesis import find
    >>> from giftflow import presets
    >>> find(gift_events(economy=presets.twitch_bits()), lambda event: event.battle).gift
    'cheer1'
    """
    if economy is None:
        return _from_draw(lambda draw: _draw_gift_event(draw, _draw_economy(draw), max_count))
    return _from_draw(lambda draw: _draw_gift_event(draw, economy, max_count))


def carries() -> st.SearchStrategy[Carry]:
    """Generate :class:`~giftflow.Carry`: non-zero remainders strictly between -1 and 1 diamond.

    >>> from hypothesis import find
    >>> find(carries(), lambda carry: len(carry.remainders) == 1).remainders
    mappingproxy({'ana': Fraction(1, 2)})
    """
    remainder = st.fractions(min_value=-1, max_value=1, max_denominator=10**4).filter(
        lambda value: value != 0 and abs(value) != 1
    )
    creators = st.sampled_from(_CREATORS) | _labels()
    return st.dictionaries(creators, remainder, max_size=4).map(Carry)


def agencies() -> st.SearchStrategy[Agency]:
    """Generate :class:`~giftflow.Agency`: a commission from 0% to 100% of the platform's part.

    >>> from hypothesis import find
    >>> from giftflow import Rate
    >>> find(agencies(), lambda agency: agency.rate > Rate.parse("10%")).rate <= Rate.ONE
    True
    """
    return st.builds(Agency, id=_labels(), rate=_rates())


def _draw_sponsor_budget(draw: st.DrawFn, unit: Currency) -> SponsorBudget:
    cap = Money.of_minor(draw(st.integers(0, 10**9)), unit)
    spent = None
    if draw(st.booleans()):
        minor = st.fractions(min_value=0, max_value=cap.minor, max_denominator=1000)
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
    >>> find(sponsor_budgets(currency="USD"), lambda b: b.spent is not None).remaining
    ExactMoney(minor=Fraction(0, 1), currency=currency('USD'))
    """
    units = _coin_currency(currency)
    return _from_draw(lambda draw: _draw_sponsor_budget(draw, draw(units)))


def streak_events() -> st.SearchStrategy[StreakEvent]:
    """Generate :class:`~giftflow.StreakEvent`: raw events, single or part of a streak.

    >>> from hypothesis import find
    >>> find(streak_events(), lambda event: event.repeat_count > 1).repeat_count
    2
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
    >>> find(gifter_levels(), lambda levels: len(levels.thresholds) == 3).thresholds
    (1, 2, 3)
    """
    thresholds = st.lists(st.integers(1, 10**7), max_size=8, unique=True)
    return thresholds.map(lambda values: GifterLevels(tuple(sorted(values))))


def catalog_versions(*, max_price: int = 1000) -> st.SearchStrategy[CatalogVersion]:
    """Generate :class:`~giftflow.CatalogVersion`: a version of a catalog from :func:`catalogs`.

    Args:
        max_price: The largest price in coins.

    >>> from hypothesis import Phase, find, settings
    >>> unshrunk = settings(phases=[Phase.generate])  # the first example found
    >>> version = find(catalog_versions(), lambda v: len(v.gifts) > 1, settings=unshrunk)
    >>> assert len({gift.id for gift in version.gifts}) == len(version.gifts)
    """
    return catalogs(max_price=max_price).flatmap(lambda catalog: st.sampled_from(catalog.versions))


def _draw_gift_receipt(draw: st.DrawFn) -> GiftReceipt:
    economy = _draw_economy(draw)
    event = _draw_gift_event(draw, economy, 5)
    gift = economy.catalog.gift(event.gift, country=event.country, at=event.at)
    unit = economy.conversion.at(event.at).value_currency
    gross = draw(st.fractions(min_value=0, max_value=10**4, max_denominator=10**4))
    # Coins bought in the currency diamonds are valued in, enough for the gift.
    lot = CoinLot(
        id=draw(_labels()),
        kind=draw(st.sampled_from(LotKind)),
        coins=Coins(gift.price.amount * event.count + draw(st.integers(0, 100))),
        acquired_at=draw(_instants()),
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
    metric = st.dictionaries(st.sampled_from(_METRICS), st.integers(0, 60))
    return send_gift(
        economy,
        Wallet((lot,)),
        event,
        carry=draw(carries()),
        metrics={creator: draw(metric) for creator in creators},
        agencies=draw(st.dictionaries(st.sampled_from(creators), agencies())),
        sponsors=sponsors,
    )


def gift_receipts() -> st.SearchStrategy[GiftReceipt]:
    """Generate :class:`~giftflow.GiftReceipt`: a gift from :func:`gift_events`, really sent.

    The event is sent with :func:`~giftflow.send_gift` in an economy from
    :func:`economies`, from a wallet holding enough coins in the currency diamonds
    are valued in, with a carry, creators' metrics, sometimes agencies, and a
    budget for a sponsored gift.

    >>> from hypothesis import Phase, find, settings
    >>> unshrunk = settings(phases=[Phase.generate])  # the first example found
    >>> receipt = find(gift_receipts(), lambda r: len(r.shares) > 1, settings=unshrunk)
    >>> assert_sums_to([share.coins for share in receipt.shares], receipt.coins)
    """
    return _from_draw(_draw_gift_receipt)


def creator_shares() -> st.SearchStrategy[CreatorShare]:
    """Generate :class:`~giftflow.CreatorShare`: one recipient's share of a receipt.

    >>> from hypothesis import Phase, find, settings
    >>> unshrunk = settings(phases=[Phase.generate])  # the first example found
    >>> share = find(creator_shares(), lambda s: s.agency is not None, settings=unshrunk)
    >>> share.agency_value is not None
    True
    """
    return gift_receipts().flatmap(lambda receipt: st.sampled_from(receipt.shares))


def value_traces() -> st.SearchStrategy[ValueTrace]:
    """Generate :class:`~giftflow.ValueTrace`: the trace of a receipt from :func:`gift_receipts`.

    >>> from hypothesis import Phase, find, settings
    >>> unshrunk = settings(phases=[Phase.generate])  # the first example found
    >>> found = find(value_traces(), lambda found: found.count > 1, settings=unshrunk)
    >>> assert_sums_to([row.amount for row in found.rows], found.paid)
    """
    return gift_receipts().map(trace)


def trace_rows() -> st.SearchStrategy[TraceRow]:
    """Generate :class:`~giftflow.TraceRow`: one row of a trace from :func:`value_traces`.

    >>> from hypothesis import Phase, find, settings
    >>> unshrunk = settings(phases=[Phase.generate])  # the first example found
    >>> find(trace_rows(), lambda row: row.diamonds is not None, settings=unshrunk).party
    'creator'
    """
    return value_traces().flatmap(lambda found: st.sampled_from(found.rows))


def folded_gifts() -> st.SearchStrategy[FoldedGift]:
    """Generate :class:`~giftflow.FoldedGift`: streak events from :func:`streak_events`, folded.

    >>> from hypothesis import find
    >>> find(folded_gifts(), lambda gift: not gift.complete).complete
    False
    """
    events = st.lists(streak_events(), min_size=1, max_size=6)
    folded = events.map(lambda found: list(fold_streaks(found, unfinished=UnfinishedStreaks.EMIT)))
    return folded.flatmap(st.sampled_from)


def leaderboard_entries() -> st.SearchStrategy[LeaderboardEntry]:
    """Generate :class:`~giftflow.LeaderboardEntry`: a rank, a viewer, coins and weighted points.

    >>> from hypothesis import find
    >>> find(leaderboard_entries(), lambda entry: entry.rank > 1).rank
    2
    """
    return st.builds(
        LeaderboardEntry,
        rank=st.integers(1, 1000),
        viewer=st.sampled_from(_VIEWERS) | _labels(),
        coins=st.integers(1, 10**9),
        points=st.fractions(min_value=0, max_value=10**10, max_denominator=100),
        reached_at=_instants(),
    )


# --- payouts ---
#
# FX tables, diamond valuations, payout schedules, methods, withholding, eligibility,
# creators, limits, policies, earnings, payout records, plans and statements, plus a
# conservation check for plans. Amounts stay in USD by default and small enough that
# generated creators often reach a policy's minimum, so plans pay something often.
#
# These imports sit here rather than at the top so that the payout strategies stay one
# block, edited independently of the others.

from datetime import time  # noqa: E402

from giftflow._cash_out._plan import (  # noqa: E402
    Earning,
    PayoutFeeCharge,
    PayoutLeg,
    PayoutLegKind,
    PayoutPlan,
    PayoutReason,
    PayoutReasonKind,
    PayoutRecord,
)
from giftflow._cash_out._planner import plan_payout  # noqa: E402
from giftflow._cash_out._policy import (  # noqa: E402
    Creator,
    Eligibility,
    FeeBearer,
    PayoutCap,
    PayoutFee,
    PayoutMethod,
    PayoutPolicy,
    WithdrawalLimit,
    WithholdingRule,
)
from giftflow._cash_out._schedule import PayoutSchedule  # noqa: E402
from giftflow._cash_out._statement import PayoutStatement, payout_statement  # noqa: E402
from giftflow._cash_out._valuation import DiamondValuation, FxRate, FxRates, convert_exact  # noqa: E402

_PAYOUT_START = datetime(2026, 1, 1, tzinfo=UTC)
# Diamond values seen in the presets: TikTok's $0.005, a cent (Bits, Stars), Bigo's $1/210.
_DIAMOND_VALUES = ("0.005", "0.01", "1/210")


def _payout_currency(currency: Currency | str) -> Currency:
    return _resolve_currency("currency", currency)


def _payout_times(days: int = 400) -> st.SearchStrategy[datetime]:
    """Aware instants from 2026-01-01 over ``days`` days, to the minute, in any test zone."""
    return st.builds(
        lambda minutes, zone: (_PAYOUT_START + timedelta(minutes=minutes)).astimezone(zone),
        st.integers(0, days * 24 * 60),
        st.sampled_from(_zones()),
    )


def fx_rates(
    source: Currency | str = "USD", target: Currency | str = "EUR"
) -> st.SearchStrategy[FxRate]:
    """Generate :class:`~giftflow.FxRate` from ``source`` to ``target``: positive, exact, dated.

    >>> from hypothesis import find
    >>> find(fx_rates(), lambda rate: rate.effective is not None).effective.year
    2026
    """
    return st.builds(
        FxRate,
        source=st.just(_payout_currency(source)),
        target=st.just(_payout_currency(target)),
        rate=st.builds(Rate.ratio, st.integers(1, 10**6), st.integers(1, 10**4)),
        effective=st.none() | _payout_times(days=60),
    )


def fx_rate_tables(
    source: Currency | str = "USD", target: Currency | str = "EUR"
) -> st.SearchStrategy[FxRates]:
    """Generate :class:`~giftflow.FxRates` holding one to three dated rates for one pair.

    Dates are distinct, and one rate is always in force from the start of time.

    >>> from hypothesis import Phase, find, settings
    >>> quick = settings(phases=[Phase.generate])  # any example will do: skip shrinking
    >>> len(find(fx_rate_tables(), lambda table: len(table.rates) == 2, settings=quick).rates)
    2
    """
    return _fx_rate_table(_payout_currency(source), _payout_currency(target))


def diamond_valuations(currency: Currency | str = "USD") -> st.SearchStrategy[DiamondValuation]:
    """Generate :class:`~giftflow.DiamondValuation`: one to three values effective from dates.

    The first value is in force since forever, so every instant has a value.

    >>> from hypothesis import find
    >>> find(diamond_valuations(), lambda v: len(v.values) > 1).values[1][0].year
    2026
    """
    return _diamond_valuation(_payout_currency(currency))


def payout_schedules(
    zones: st.SearchStrategy[tzinfo] | None = None,
) -> st.SearchStrategy[PayoutSchedule]:
    """Generate :class:`~giftflow.PayoutSchedule` of every kind, in zones with and without DST.

    >>> from hypothesis import find
    >>> from giftflow import ScheduleKind
    >>> find(payout_schedules(), lambda s: s.kind is ScheduleKind.MONTHLY and s.day > 28).day
    29
    """
    zone = zones if zones is not None else st.sampled_from(_zones())
    at = st.builds(time, st.integers(0, 23), st.sampled_from([0, 30, 59]))
    days = st.integers(0, 30)
    return st.one_of(
        st.builds(PayoutSchedule.on_demand, zone=zone, processing_days=days),
        st.builds(PayoutSchedule.daily, zone=zone, time_of_day=at, processing_days=days),
        st.builds(
            PayoutSchedule.weekly,
            st.integers(0, 6),
            zone=zone,
            time_of_day=at,
            processing_days=days,
        ),
        st.builds(
            PayoutSchedule.monthly,
            st.integers(1, 31),
            zone=zone,
            time_of_day=at,
            processing_days=days,
        ),
        st.builds(
            PayoutSchedule.net, st.integers(1, 60), zone=zone, time_of_day=at, processing_days=days
        ),
    )


def payout_fees(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutFee]:
    """Generate :class:`~giftflow.PayoutFee`: up to 5% plus up to $2, clamped, borne by either side.

    >>> from hypothesis import find
    >>> from giftflow import FeeBearer
    >>> find(payout_fees(), lambda f: f.bearer is FeeBearer.PLATFORM).fee.rate
    Rate.parse('0')
    """
    return _payout_fee(_payout_currency(currency))


def payout_methods(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutMethod]:
    """Generate :class:`~giftflow.PayoutMethod`: up to two fees, an optional minimum, transit days.

    >>> from hypothesis import find
    >>> find(payout_methods(), lambda m: m.minimum is not None).minimum
    Money.parse('0.01', 'USD')
    """
    target = _payout_currency(currency)
    return st.builds(
        PayoutMethod,
        name=_labels(),
        fees=st.lists(payout_fees(target), max_size=2).map(tuple),
        minimum=st.none()
        | st.integers(1, 5_000).map(lambda minor: Money.of_minor(minor, target))
        | st.integers(1, 5_000).map(Diamonds),
        transit_days=st.integers(0, 10),
    )


def withholding_rules() -> st.SearchStrategy[WithholdingRule]:
    """Generate :class:`~giftflow.WithholdingRule`: rates from 0% to 100% by country and form.

    >>> from hypothesis import find
    >>> find(withholding_rules(), lambda rule: rule.by_form).by_form
    (('W-8BEN', Rate.parse('0')),)
    """
    share = st.integers(0, 100).map(lambda percent: Rate.ratio(percent, 100))
    return st.builds(
        WithholdingRule,
        rounding=roundings(),
        default=share,
        by_country=st.dictionaries(_countries(), share, max_size=2),
        by_form=st.dictionaries(st.sampled_from(["W-8BEN", "W-9"]), share, max_size=2),
    )


def eligibilities() -> st.SearchStrategy[Eligibility]:
    """Generate :class:`~giftflow.Eligibility`: age, countries, standing, account, forfeiture.

    >>> from hypothesis import find
    >>> find(eligibilities(), lambda rules: rules.forfeit_after_months).forfeit_after_months
    1
    """
    return st.builds(
        Eligibility,
        age=st.none() | age_rules(),
        countries=st.none() | st.sets(_countries(), min_size=1, max_size=3).map(tuple),
        good_standing=st.booleans(),
        payout_account=st.booleans(),
        forfeit_after_months=st.none() | st.integers(1, 12),
    )


def creators() -> st.SearchStrategy[Creator]:
    """Generate :class:`~giftflow.Creator`: country, birth date, standing, account and form.

    >>> from hypothesis import find
    >>> find(creators(), lambda c: c.tax_form is not None).tax_form
    'W-8BEN'
    """
    return st.builds(
        Creator,
        country=_countries(),
        birth_date=st.none() | st.dates(min_value=date(1940, 1, 1), max_value=date(2015, 1, 1)),
        good_standing=st.booleans(),
        payout_account_since=st.none() | _payout_times(),
        tax_form=st.none() | st.sampled_from(["W-8BEN", "W-9"]),
    )


def payout_caps(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutCap]:
    """Generate :class:`~giftflow.PayoutCap`: a positive limit in money or diamonds, any period.

    >>> from hypothesis import find
    >>> from giftflow import Diamonds
    >>> find(payout_caps(), lambda cap: isinstance(cap.limit, Diamonds)).limit
    Diamonds(1)
    """
    target = _payout_currency(currency)
    return st.builds(
        PayoutCap,
        limit=st.integers(1, 10**6).map(lambda minor: Money.of_minor(minor, target))
        | st.integers(1, 10**7).map(Diamonds),
        period=st.sampled_from(CapPeriod),
    )


def withdrawal_limits() -> st.SearchStrategy[WithdrawalLimit]:
    """Generate :class:`~giftflow.WithdrawalLimit`: one to three withdrawals per span of time.

    >>> from hypothesis import find
    >>> find(withdrawal_limits(), lambda limit: limit.count > 1).count
    2
    """
    spans = [period for period in CapPeriod if period is not CapPeriod.TRANSACTION]
    return st.builds(WithdrawalLimit, count=st.integers(1, 3), period=st.sampled_from(spans))


def payout_policies(
    currency: Currency | str = "USD",
    *,
    schedules: st.SearchStrategy[PayoutSchedule] | None = None,
    eligibility: st.SearchStrategy[Eligibility] | None = None,
) -> st.SearchStrategy[PayoutPolicy]:
    """Generate valid :class:`~giftflow.PayoutPolicy`: no minimum above a cap of its unit.

    Args:
        currency: The currency of money limits and fees (the valuation's).
        schedules: Schedules to draw from (default: every kind).
        eligibility: Eligibility rules (default: any of :func:`eligibilities`).

    >>> from hypothesis import Phase, find, settings
    >>> quick = settings(phases=[Phase.generate])  # any example will do: skip shrinking
    >>> policy = find(payout_policies(), lambda p: p.withdrawals is not None, settings=quick)
    >>> policy.withdrawals.count >= 1
    True
    """
    return _payout_policy(
        _payout_currency(currency),
        schedules if schedules is not None else payout_schedules(),
        eligibility if eligibility is not None else eligibilities(),
    )


def _name(method: PayoutMethod) -> str:
    return method.name


def _units_of(limit: Money | Diamonds) -> int:
    return limit.minor if isinstance(limit, Money) else limit.amount


def earnings(days: int = 400, max_diamonds: int = 50_000) -> st.SearchStrategy[Earning]:
    """Generate :class:`~giftflow.Earning`: 1 to ``max_diamonds`` diamonds at an aware instant.

    >>> from hypothesis import find
    >>> find(earnings(), lambda e: e.diamonds.amount > 1000).diamonds
    Diamonds(1001)
    """
    return st.builds(
        Earning,
        at=_payout_times(days=days),
        diamonds=st.integers(1, max_diamonds).map(Diamonds),
    )


def payout_records(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutRecord]:
    """Generate :class:`~giftflow.PayoutRecord`: diamonds and their gross value, fees, withheld.

    >>> from hypothesis import find
    >>> find(payout_records(), lambda r: r.fees is not None).fees
    Money.parse('0.00', 'USD')
    """
    target = _payout_currency(currency)
    cents = st.integers(0, 10**6).map(lambda minor: Money.of_minor(minor, target))
    return st.builds(
        PayoutRecord,
        at=_payout_times(),
        diamonds=st.integers(1, 10**6).map(Diamonds),
        amount=cents,
        fees=st.none() | cents,
        withheld=st.none() | cents,
    )


def payout_plans(
    policies: st.SearchStrategy[PayoutPolicy] | None = None,
) -> st.SearchStrategy[PayoutPlan]:
    """Generate :class:`~giftflow.PayoutPlan` by planning: a creator earns, asks, is paid, asks again.

    Each plan comes from :func:`~giftflow.plan_payout` after up to three earlier
    requests whose payouts are recorded, so limits and history matter. Half the
    plans pay in another currency (EUR, JPY or KWD) at a generated rate. The
    creator always passes eligibility unless ``policies`` says otherwise.

    >>> from hypothesis import Phase, find, settings
    >>> quick = settings(phases=[Phase.generate], max_examples=2000, database=None)
    >>> find(payout_plans(), lambda plan: plan.pays, settings=quick).pays
    True
    """
    if policies is None:
        permissive = st.just(Eligibility(good_standing=False, payout_account=False))
        policies = payout_policies("USD", eligibility=permissive)
    return _payout_plan(policies)


def payout_statements(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutStatement]:
    """Generate :class:`~giftflow.PayoutStatement` from earnings and consistent payouts.

    >>> from hypothesis import Phase, find, settings
    >>> quick = settings(phases=[Phase.generate])  # any example will do: skip shrinking
    >>> s = find(payout_statements(), lambda s: s.paid_out.amount > 0, settings=quick)
    >>> s.closing == s.opening + s.earned - s.paid_out
    True
    """
    return _payout_statement(_payout_currency(currency))


def assert_payout_conserves(plan: PayoutPlan) -> None:
    """Assert that a plan creates and loses nothing, exactly.

    In the valuation currency, ``gross_value == net + creator_fees + withholding +
    valuation_residue`` and ``net + creator_fees + withholding == gross``; the
    conversion of ``net`` is ``paid + fx_residue``; and the money legs other than
    platform fees add up to ``gross``.

    >>> from hypothesis import Phase, find, settings
    >>> quick = settings(phases=[Phase.generate])  # any example will do: skip shrinking
    >>> assert_payout_conserves(find(payout_plans(), lambda plan: plan.pays, settings=quick))
    """
    home = plan.gross.currency
    taken = plan.net + plan.creator_fees + plan.withholding
    if taken != plan.gross:
        raise AssertionError(f"net + creator fees + withholding = {taken}, gross is {plan.gross}")
    if plan.gross.exact() + plan.valuation_residue != plan.gross_value:
        raise AssertionError(
            f"gross {plan.gross} + residue {plan.valuation_residue} != {plan.gross_value}"
        )
    if plan.fx_rate is not None:
        converted = convert_exact(plan.net.exact(), plan.fx_rate, plan.paid.currency)
        if plan.paid.exact() + plan.fx_residue != converted:
            raise AssertionError(
                f"paid {plan.paid} + residue {plan.fx_residue} != {converted} at {plan.fx_rate}"
            )
    elif plan.paid.minor or plan.fx_residue.minor:
        raise AssertionError(f"nothing was converted but {plan.paid} was paid")
    legs = [leg.amount for leg in plan.legs if leg.kind.value != "platform_fee"]
    if plan.pays and Money.total(legs, home) != plan.gross:
        raise AssertionError(f"legs {legs} do not add up to {plan.gross}")
    exact = plan.paid_value + plan.creator_fees + plan.withholding + plan.residue
    if exact != plan.gross_value:
        raise AssertionError(
            f"paid + fees + withholding + residue = {exact}, not {plan.gross_value}"
        )


# Composite strategies live at module level: Hypothesis reads a composite's source when
# it is decorated, and doing that once, at import, keeps generation deterministic.


@st.composite
def _fx_rate_table(draw: st.DrawFn, source: Currency, target: Currency) -> FxRates:
    first = draw(fx_rates(source, target).map(lambda rate: attrs.evolve(rate, effective=None)))
    dates = draw(st.lists(_payout_times(days=60), max_size=2, unique_by=_utc))
    later = [
        attrs.evolve(draw(fx_rates(source, target)), effective=effective) for effective in dates
    ]
    return FxRates((first, *later))


@st.composite
def _diamond_valuation(draw: st.DrawFn, target: Currency) -> DiamondValuation:
    value = st.sampled_from(_DIAMOND_VALUES).map(lambda text: ExactMoney.parse(text, target))
    starts = sorted(draw(st.lists(_payout_times(days=400), max_size=2, unique_by=_utc)), key=_utc)
    entries: list[tuple[datetime | None, ExactMoney]] = [(None, draw(value))]
    entries += [(start, draw(value)) for start in starts]
    return DiamondValuation(tuple(entries))


@st.composite
def _payout_fee(draw: st.DrawFn, target: Currency) -> PayoutFee:
    cents = st.integers(0, 200).map(lambda minor: Money.of_minor(minor, target))
    low = draw(st.none() | cents)
    high = draw(st.none() | cents)
    if low is not None and high is not None and low > high:
        low, high = high, low
    fee = Fee(
        name=draw(_labels()),
        kind=FeeKind.PROCESSOR,
        basis=draw(st.sampled_from(FeeBasis)),
        rounding=draw(roundings()),
        rate=draw(st.integers(0, 50).map(lambda tenths: Rate.ratio(tenths, 1000))),
        fixed=draw(st.none() | cents),
        minimum=low,
        maximum=high,
    )
    return PayoutFee(fee=fee, bearer=draw(st.sampled_from(FeeBearer)))


@st.composite
def _payout_policy(
    draw: st.DrawFn,
    target: Currency,
    schedules: st.SearchStrategy[PayoutSchedule],
    eligibility: st.SearchStrategy[Eligibility],
) -> PayoutPolicy:
    methods = draw(st.lists(payout_methods(target), min_size=1, max_size=3, unique_by=_name))
    minimum = draw(
        st.none()
        | st.integers(1, 5_000).map(lambda minor: Money.of_minor(minor, target))
        | st.integers(1, 5_000).map(Diamonds)
    )
    floors = [m for m in (minimum, *(m.minimum for m in methods)) if m is not None]
    caps = []
    for cap in draw(st.lists(payout_caps(target), max_size=2)):
        # Lift a cap to the highest minimum of its unit, so the policy is valid.
        same = [floor for floor in floors if type(floor) is type(cap.limit)]
        highest = max(same, key=_units_of, default=None)
        if highest is not None and _units_of(highest) > _units_of(cap.limit):
            cap = attrs.evolve(cap, limit=highest)
        caps.append(cap)
    return PayoutPolicy(
        name=draw(_labels()),
        schedule=draw(schedules),
        methods=tuple(methods),
        minimum=minimum,
        caps=tuple(caps),
        withdrawals=draw(st.none() | withdrawal_limits()),
        hold=draw(st.sampled_from([timedelta(0), timedelta(hours=48), timedelta(days=3)])),
        withholding=draw(withholding_rules()),
        eligibility=draw(eligibility),
    )


_PLAN_CURRENCIES = ("USD", "USD", "EUR", "JPY", "KWD")


@st.composite
def _payout_plan(draw: st.DrawFn, policies: st.SearchStrategy[PayoutPolicy]) -> PayoutPlan:
    usd = _payout_currency("USD")
    policy = draw(policies)
    valuation = draw(_diamond_valuation(usd))
    target = _payout_currency(draw(st.sampled_from(_PLAN_CURRENCIES)))
    table = draw(_fx_rate_table(usd, target)) if target != usd else None
    earned = draw(st.lists(earnings(days=120), max_size=6))
    creator = Creator(country="US", payout_account_since=_PAYOUT_START)
    method = draw(st.sampled_from(policy.methods)).name
    rounding = draw(roundings())
    requests = draw(st.lists(st.integers(0, 120 * 24 * 60), min_size=1, max_size=4))
    records: list[PayoutRecord] = []
    plan = None
    for minutes in sorted(requests):
        plan = plan_payout(
            policy,
            earnings=earned,
            payouts=records,
            now=_PAYOUT_START + timedelta(minutes=minutes),
            creator=creator,
            method=method,
            payout_currency=target,
            valuation=valuation,
            rounding=rounding,
            fx=table,
        )
        if plan.pays:
            records.append(plan.record())
    assert plan is not None
    return plan


@st.composite
def _payout_statement(draw: st.DrawFn, target: Currency) -> PayoutStatement:
    earned = draw(st.lists(earnings(days=60), max_size=5))
    records = []
    available = 0
    for earning in sorted(earned, key=lambda e: (_utc(e.at), e.diamonds.amount)):
        available += earning.diamonds.amount
        take = draw(st.integers(0, available))
        if take:
            available -= take
            records.append(
                PayoutRecord(
                    at=earning.at, diamonds=Diamonds(take), amount=Money.of_minor(take, target)
                )
            )
    start = draw(_payout_times(days=60))
    window = Window(start=start, end=start + timedelta(days=draw(st.integers(1, 60))))
    return payout_statement(earnings=earned, payouts=records, period=window, currency=target)


# -- The ledger: accounts, postings, transactions, events and ledgers built from them --

from giftflow import presets as _presets  # noqa: E402
from giftflow._coins_in._pricing import Channel as _Channel  # noqa: E402
from giftflow._ledger._book import Applied, BalanceGuards, Clawback, Ledger  # noqa: E402
from giftflow._ledger._events import (  # noqa: E402
    AccountForfeited,
    ChargedBack,
    CoinsExpired,
    CoinsPurchased,
    DiamondsReconverted,
    GiftSent,
    LedgerEvent,
    PayoutFailed,
    PayoutRequested,
    PayoutSettled,
    Refunded,
)
from giftflow._ledger._journal import Account, AccountKind, Posting, Transaction  # noqa: E402
from giftflow._ledger._statements import Statement, StatementLine  # noqa: E402
from giftflow._values._errors import GiftflowError  # noqa: E402

_LEDGER_START = datetime(2026, 11, 1, tzinfo=UTC)
_OWNERS = (*_VIEWERS, *_CREATORS)


def accounts() -> st.SearchStrategy[Account]:
    """Generate :class:`~giftflow.Account`: any kind, owned by a viewer, a creator or the platform.

    >>> from hypothesis import find
    >>> from giftflow import AccountKind
    >>> account = find(accounts(), lambda a: a.kind is AccountKind.CREATOR_BALANCE and a.owner)
    >>> str(account).startswith("creator_balance:")
    True
    """
    return st.builds(Account, st.sampled_from(AccountKind), st.sampled_from(("", *_OWNERS)))


def _amounts_in(unit: Currency | str) -> Callable[[int], Money | Coins | Diamonds]:
    if unit == "coins":
        return Coins
    if unit == "diamonds":
        return Diamonds
    return lambda minor: Money.of_minor(minor, unit)


def postings() -> st.SearchStrategy[Posting]:
    """Generate :class:`~giftflow.Posting`: a signed amount of money, coins or diamonds.

    >>> from hypothesis import find
    >>> find(postings(), lambda p: p.unit == "coins" and p.units < 0).units < 0
    True
    """
    units = st.sampled_from(("coins", "diamonds", "USD", "JPY", "KWD"))
    return st.builds(
        lambda account, unit, n: Posting(account, _amounts_in(unit)(n)),
        accounts(),
        units,
        st.integers(-(10**12), 10**12),
    )


@st.composite
def _transaction(draw: st.DrawFn) -> Transaction:
    legs: list[Posting] = []
    for unit in draw(st.lists(st.sampled_from(("coins", "diamonds", "USD")), max_size=3)):
        make = _amounts_in(unit)
        parts = draw(st.lists(st.integers(-(10**9), 10**9), min_size=1, max_size=3))
        legs += [Posting(draw(accounts()), make(n)) for n in parts]
        legs.append(Posting(draw(accounts()), make(-sum(parts))))
    return Transaction(
        event_id=draw(_labels()),
        kind=draw(st.sampled_from(("coins_purchased", "gift_sent", "refunded"))),
        at=draw(_instants()),
        postings=tuple(legs),
        metadata=draw(st.dictionaries(_labels(), _labels(), max_size=2)),
    )


def transactions() -> st.SearchStrategy[Transaction]:
    """Generate balanced :class:`~giftflow.Transaction`: postings summing to zero in each unit.

    >>> from hypothesis import find
    >>> tx = find(transactions(), lambda tx: len({p.unit for p in tx.postings}) == 2)
    >>> assert_balanced([p.amount for p in tx.postings])
    """
    return _transaction()


def applied_results() -> st.SearchStrategy[Applied]:
    """Generate :class:`~giftflow.Applied`: a transaction, first applied or replayed.

    >>> from hypothesis import find
    >>> find(applied_results(), lambda a: a.replayed).replayed
    True
    """
    return st.builds(Applied, transactions(), st.booleans())


def clawbacks() -> st.SearchStrategy[Clawback]:
    """Generate each :class:`~giftflow.Clawback` policy.

    >>> from hypothesis import find
    >>> from giftflow import Clawback
    >>> find(clawbacks(), lambda c: c is not Clawback.PLATFORM_ABSORBS) in Clawback
    True
    """
    return st.sampled_from(Clawback)


def balance_guards() -> st.SearchStrategy[BalanceGuards]:
    """Generate :class:`~giftflow.BalanceGuards`: no overdraft, or a bounded one.

    >>> from hypothesis import find
    >>> find(balance_guards(), lambda g: g.viewer_overdraft.amount > 0).viewer_overdraft.amount > 0
    True
    """
    return st.builds(
        BalanceGuards,
        viewer_overdraft=st.builds(Coins, st.integers(0, 10_000)),
        creator_overdraft=st.builds(Diamonds, st.integers(0, 10_000)),
    )


def _ledger_time(draw: st.DrawFn) -> datetime:
    return _LEDGER_START + timedelta(minutes=draw(st.integers(0, 60 * 24 * 30)))


def _money_or_none(draw: st.DrawFn) -> Money | None:
    minor = draw(st.none() | st.integers(1, 10_000))
    return None if minor is None else Money.of_minor(minor, "USD")


@st.composite
def _ledger_event(draw: st.DrawFn, economy: Economy) -> LedgerEvent:
    at = _ledger_time(draw)
    event_id = draw(_labels())
    purchase_id = draw(st.sampled_from(("p1", "p2", "p3")) | _labels())
    kind = draw(st.integers(0, 9))
    if kind == 0:
        package = draw(st.sampled_from(("coins_65", "coins_330", "coins_660")))
        quote = economy.price_book.quote(package, country="US", channel=_Channel.IOS, at=at)
        viewer = draw(st.sampled_from(_VIEWERS))
        return CoinsPurchased(
            id=purchase_id, viewer=viewer, purchase=checkout(quote, purchase_id=purchase_id)
        )
    if kind == 1:
        return GiftSent(gift=draw(gift_events(economy=economy)))
    if kind == 2:
        return Refunded(id=event_id, at=at, purchase_id=purchase_id, amount=_money_or_none(draw))
    if kind == 3:
        return ChargedBack(
            id=event_id,
            at=at,
            purchase_id=purchase_id,
            amount=_money_or_none(draw),
            fee=draw(st.none() | st.just(Money.parse("15", "USD"))),
        )
    if kind == 4:
        return CoinsExpired(
            id=event_id, at=at, viewer=draw(st.sampled_from(_VIEWERS)), acquired_before=at
        )
    if kind == 5:
        return AccountForfeited(id=event_id, at=at, owner=draw(st.sampled_from(_OWNERS)))
    if kind == 6:
        return DiamondsReconverted(
            id=event_id,
            at=at,
            creator=draw(st.sampled_from(_CREATORS)),
            diamonds=Diamonds(2 * draw(st.integers(1, 500))),
            coins_per_diamond=Rate.parse("1/2"),
        )
    payout_id = draw(st.sampled_from(("po1", "po2")) | _labels())
    if kind == 7:
        return PayoutRequested(
            id=payout_id,
            at=at,
            creator=draw(st.sampled_from(_CREATORS)),
            diamonds=Diamonds(draw(st.integers(1, 5_000))),
        )
    if kind == 8:
        legs = (
            PayoutLeg(
                kind=PayoutLegKind.NET,
                name="creator",
                amount=Money.of_minor(draw(st.integers(0, 2_500)), "USD"),
            ),
        )
        diamonds = draw(st.none() | st.builds(Diamonds, st.integers(1, 5_000)))
        return PayoutSettled(id=event_id, at=at, payout_id=payout_id, legs=legs, diamonds=diamonds)
    return PayoutFailed(id=event_id, at=at, payout_id=payout_id)


def ledger_events(*, economy: Economy | None = None) -> st.SearchStrategy[LedgerEvent]:
    """Generate every kind of ledger event for ``economy`` (TikTok's if ``None``).

    Each event is valid on its own; whether a ledger accepts it depends on what
    it holds (a refund needs its purchase), which :func:`ledgers` takes care of.

    >>> from hypothesis import find
    >>> from giftflow import PayoutFailed
    >>> type(find(ledger_events(), lambda e: isinstance(e, PayoutFailed))).__name__
    'PayoutFailed'
    """
    return _ledger_event(_presets.tiktok() if economy is None else economy)


@st.composite
def _ledger(draw: st.DrawFn, economy: Economy) -> Ledger:
    ledger = Ledger(economy, guards=draw(balance_guards()), clawback=draw(clawbacks()))
    # Most ledgers start with viewers holding coins, so that gifts and refunds land.
    for index, viewer in enumerate(draw(st.lists(st.sampled_from(_VIEWERS), max_size=4))):
        at = _ledger_time(draw)
        quote = economy.price_book.quote("coins_3300", country="US", channel=_Channel.IOS, at=at)
        purchase_id = f"p{index + 1}"
        purchase = checkout(quote, purchase_id=purchase_id)
        with contextlib.suppress(GiftflowError):
            ledger.apply(CoinsPurchased(id=purchase_id, viewer=viewer, purchase=purchase))
    for event in draw(st.lists(_ledger_event(economy), max_size=12)):
        try:
            ledger.apply(event)
        except GiftflowError:
            continue  # refused events change nothing
    return ledger


def ledgers(*, economy: Economy | None = None) -> st.SearchStrategy[Ledger]:
    """Generate :class:`~giftflow.Ledger` holding what a random sequence of events left.

    Events come from :func:`ledger_events`; those the ledger refuses are skipped.

    >>> from hypothesis import find
    >>> ledger = find(ledgers(), lambda ledger: len(ledger.journal) >= 2)
    >>> assert_ledger_balanced(ledger)
    """
    return _ledger(_presets.tiktok() if economy is None else economy)


@st.composite
def _statement(draw: st.DrawFn) -> Statement:
    ledger = draw(ledgers())
    active = sorted(ledger.balances())
    pick_active: bool = draw(st.booleans())
    if active and pick_active:  # often an account the events moved
        account, unit = draw(st.sampled_from(active))
    else:
        account = draw(accounts())
        unit = draw(st.sampled_from(("coins", "diamonds", "USD")))
    start = _ledger_time(draw) - timedelta(days=draw(st.integers(0, 30)))
    end = start + timedelta(minutes=draw(st.integers(1, 60 * 24 * 60)))
    return ledger.statement(account, unit, start=start, end=end)


def statements() -> st.SearchStrategy[Statement]:
    """Generate :class:`~giftflow.Statement` (and its lines) read from :func:`ledgers`.

    >>> from hypothesis import Phase, find, settings
    >>> enough = settings(phases=[Phase.generate], max_examples=2000, database=None)
    >>> statement = find(statements(), lambda s: len(s.lines) > 0, settings=enough)
    >>> statement.opening + sum(line.amount for line in statement.lines) == statement.closing
    True
    """
    return _statement()


def statement_lines() -> st.SearchStrategy[StatementLine]:
    """Generate :class:`~giftflow.StatementLine`: a movement and the balance after it.

    >>> from hypothesis import find
    >>> find(statement_lines(), lambda line: line.amount < 0).amount < 0
    True
    """
    return st.builds(
        StatementLine,
        at=_instants(),
        event_id=_labels(),
        kind=st.sampled_from(("gift_sent", "refunded")),
        amount=st.integers(-(10**9), 10**9).filter(bool),
        balance=st.integers(-(10**9), 10**9),
    )


def assert_ledger_balanced(ledger: Ledger) -> None:
    """Assert a ledger's books: every unit sums to zero and every guarded balance is in bounds.

    >>> from giftflow import Ledger, presets
    >>> assert_ledger_balanced(Ledger(presets.tiktok()))
    """
    problems = [f"{unit}: {total}" for unit, total in ledger.totals().items() if total]
    if problems:
        raise AssertionError("the ledger does not balance: " + "; ".join(problems))
    for (account, unit), value in ledger.balances().items():
        floor = ledger.guards.floor(account.kind)
        if floor is not None and value < floor:
            raise AssertionError(f"{account} holds {value} {unit}, below its floor of {floor}")
    for (account, unit), value in ledger.balances().items():
        if (
            account.kind in (AccountKind.PAYOUT_CLEARING, AccountKind.DEFERRED_REVENUE)
            and value < 0
        ):
            raise AssertionError(f"{account} holds {value} {unit}; it can never be negative")


def payout_fee_charges(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutFeeCharge]:
    """Generate :class:`~giftflow.PayoutFeeCharge`: a fee from :func:`fees` charged on a payout.

    >>> from hypothesis import find
    >>> from giftflow import FeeBearer
    >>> find(payout_fee_charges(), lambda c: c.bearer is FeeBearer.PLATFORM).bearer
    <FeeBearer.PLATFORM: 'platform'>
    """
    target = _payout_currency(currency)
    return st.builds(
        lambda fee, base, bearer: PayoutFeeCharge(charge=fee.charge(base), bearer=bearer),
        # Payouts track no yearly proceeds, so their fees have no threshold.
        fees(currency=target).map(lambda fee: attrs.evolve(fee, threshold=None)),
        money(currency=target, min_value=0, max_value=10**8),
        st.sampled_from(FeeBearer),
    )


def payout_reasons(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutReason]:
    """Generate :class:`~giftflow.PayoutReason`: every kind, with each kind of limit.

    >>> from hypothesis import find
    >>> find(payout_reasons(), lambda reason: reason.blocking).blocking
    True
    """
    target = _payout_currency(currency)
    limits = st.one_of(
        st.none(),
        money(currency=target, min_value=1, max_value=10**8),
        diamonds(min_value=1, max_value=10**9),
        st.integers(1, 120),
    )
    return st.builds(
        PayoutReason,
        kind=st.sampled_from(PayoutReasonKind),
        message=st.text(max_size=40),
        diamonds=diamonds(max_value=10**9),
        limit=limits,
        until=st.none() | _payout_times(),
        blocking=st.booleans(),
    )


def payout_legs(currency: Currency | str = "USD") -> st.SearchStrategy[PayoutLeg]:
    """Generate :class:`~giftflow.PayoutLeg`: a money leg of each kind.

    >>> from hypothesis import find
    >>> from giftflow import PayoutLegKind
    >>> find(payout_legs(), lambda leg: leg.kind is PayoutLegKind.WITHHOLDING).kind
    <PayoutLegKind.WITHHOLDING: 'withholding'>
    """
    return st.builds(
        PayoutLeg,
        kind=st.sampled_from(PayoutLegKind),
        name=_labels(),
        amount=money(currency=_payout_currency(currency), min_value=0, max_value=10**8),
    )


# --- settlement ---
#
# Gift records for settle() and the settlements they give. Records name a few
# creators and the catalog's unsponsored gifts, so that pairs repeat and merging
# partial settlements has something to add up.

from giftflow._coins_out._settlement import CreatorTotal, GiftRecord, Settlement, settle  # noqa: E402

SETTLE_AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
"""The instant the settlement strategies settle at by default."""


def _settle_economy(economy: Economy | None) -> Economy:
    if economy is None:
        from giftflow import presets

        return presets.tiktok()
    return economy


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
    >>> find(gift_records(funded=True), lambda record: record.count > 1).count
    2
    """
    chosen = _settle_economy(economy)
    unit = _value_currency(chosen, at)
    sendable = [g for g in chosen.catalog.gifts_at(country=country, at=at) if g.sponsor is None]
    keys = sorted({key for gift in sendable for key in (gift.id, gift.name)})
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
    >>> find(creator_totals(), lambda total: total.carry != 0).carry
    Fraction(1, 2)
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
    >>> find(settlements(), lambda result: len(result.creators) > 1).events
    2
    """
    chosen = _settle_economy(economy)
    records = st.lists(
        gift_records(economy=chosen, at=at, country=country), max_size=max_records
    ).map(lambda items: settle(chosen, items, at=at, country=country))
    return st.just(Settlement.empty()) | records
