"""Strategies for values: currencies, money, rates, roundings, units, ratios and time windows."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable
from datetime import datetime, timedelta
from fractions import Fraction

from hypothesis import strategies as st

from giftflow import (
    Coins,
    Currency,
    Diamonds,
    ExactMoney,
    InvalidTypeError,
    InvalidValueError,
    Money,
    Rate,
    Recurrence,
    Rounded,
    Rounding,
    UnitNames,
    Window,
    iso_currencies,
)
from giftflow._values._currency import resolve_currency as _resolve_currency
from giftflow.testing._base import (
    _fractions,
    _from_draw,
    _instants,
    _sampled,
    _utc,
    _zones,
    check_int,
    check_range,
)

# Large enough to reach far past any real balance (and past 2**63, where
# serialisers to other languages break), small enough to keep examples readable.
_MAX_MINOR = 10**20


def currencies(
    *, exponents: Iterable[int] | None = None, custom: bool = True
) -> st.SearchStrategy[Currency]:
    """Generate currencies: ISO 4217 ones and, if ``custom``, caller-defined ones.

    Args:
        exponents: Only currencies whose minor-unit exponent is in this set
            (e.g. ``{0, 2, 3}``); all of them if ``None``.
        custom: Also generate custom currencies (codes that are not ISO).

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> find(currencies(exponents={3}), lambda c: c.is_iso, settings=FIND_FIRST).exponent
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
    raise InvalidTypeError(
        argument,
        bound,
        "must be Money, an int of minor units or None",
        "pass e.g. Money.parse('1.00', 'USD') or 100",
    )


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
    >>> from giftflow.testing import FIND_FIRST
    >>> yen = money(currency="JPY", min_value=0, max_value=100)
    >>> amount = find(yen, lambda m: m.minor > 50, settings=FIND_FIRST)
    >>> amount.currency.code, 50 < amount.minor <= 100
    ('JPY', True)
    """
    if isinstance(currency, st.SearchStrategy):
        currency_strategy = currency
        fixed = None
    else:
        fixed = None if currency is None else _resolve_currency("currency", currency)
        currency_strategy = currencies() if fixed is None else st.just(fixed)
    low = _minor_bound("min_value", min_value, fixed)
    high = _minor_bound("max_value", max_value, fixed)
    check_range("min_value", low, "max_value", high)
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
    >>> from giftflow import Rounding
    >>> from giftflow.testing import FIND_FIRST, assert_sums_to
    >>> exact = find(exact_money(currency="USD"), lambda m: m.minor.denominator > 1,
    ...              settings=FIND_FIRST)
    >>> cents, rest = exact.round_with_remainder(Rounding.HALF_EVEN)
    >>> assert_sums_to([cents, rest], exact)
    >>> rest.minor != 0
    True
    """
    if isinstance(currency, st.SearchStrategy):
        currency_strategy = currency
    elif currency is None:
        currency_strategy = currencies()
    else:
        currency_strategy = st.just(_resolve_currency("currency", currency))
    return st.builds(ExactMoney, _fractions(max_denominator=10**6), currency_strategy)


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
    >>> from giftflow.testing import FIND_FIRST
    >>> half = Rate.parse("50%")
    >>> Rate.ZERO < find(rates(max_value=half), lambda r: r > Rate.ZERO, settings=FIND_FIRST) <= half
    True
    """
    for argument, bound in (("min_value", min_value), ("max_value", max_value)):
        if bound is not None and type(bound) is not Rate:
            raise InvalidTypeError(
                argument, bound, "must be a Rate or None", "pass e.g. Rate.parse('50%')"
            )
    check_range("min_value", min_value, "max_value", max_value)
    check_int("max_denominator", max_denominator, least=1)
    low = Fraction(0) if min_value is None else min_value.value
    high = None if max_value is None else max_value.value
    values = _fractions(low, high, max_denominator)
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

    >>> from fractions import Fraction
    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> half = find(roundings(), lambda mode: mode.name.startswith("HALF"), settings=FIND_FIRST)
    >>> half.round(Fraction(7, 3)).units, half.round(Fraction(8, 3)).units
    (2, 3)
    """
    return _sampled(tuple(Rounding))


def rounded() -> st.SearchStrategy[Rounded]:
    """Generate :class:`~giftflow.Rounded` results of rounding a random fraction.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> result = find(rounded(), lambda r: r.remainder != 0, settings=FIND_FIRST)
    >>> 0 < abs(result.remainder) < 1
    True
    """
    return st.builds(
        lambda value, mode: mode.round(value),
        _fractions(-(10**12), 10**12, 10**6),
        roundings(),
    )


def coins(*, min_value: int | None = 0, max_value: int | None = 10**12) -> st.SearchStrategy[Coins]:
    """Generate :class:`~giftflow.Coins`, non-negative by default.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> 5 < find(coins(max_value=10), lambda c: c.amount > 5, settings=FIND_FIRST).amount <= 10
    True
    """
    _check_bounds(min_value, max_value)
    return st.integers(min_value=min_value, max_value=max_value).map(Coins)


def diamonds(
    *, min_value: int | None = 0, max_value: int | None = 10**12
) -> st.SearchStrategy[Diamonds]:
    """Generate :class:`~giftflow.Diamonds`, non-negative by default.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> find(diamonds(min_value=1), lambda d: True, settings=FIND_FIRST).amount >= 1
    True
    """
    _check_bounds(min_value, max_value)
    return st.integers(min_value=min_value, max_value=max_value).map(Diamonds)


def _check_bounds(min_value: int | None, max_value: int | None) -> None:
    check_int("min_value", min_value, least=None, optional=True)
    check_int("max_value", max_value, least=None, optional=True)
    check_range("min_value", min_value, "max_value", max_value)


def unit_names() -> st.SearchStrategy[UnitNames]:
    """Generate :class:`~giftflow.UnitNames` with arbitrary one-word names.

    >>> from hypothesis import find
    >>> from giftflow import Coins
    >>> from giftflow.testing import FIND_FIRST
    >>> names = find(unit_names(), lambda names: names.coin != names.coins, settings=FIND_FIRST)
    >>> names.show(Coins(2)) == f"2 {names.coins}" and names.show(Coins(1)) == f"1 {names.coin}"
    True
    """
    return _unit_names()


@functools.cache
def _unit_names() -> st.SearchStrategy[UnitNames]:
    word = st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=10)
    return st.builds(UnitNames, coin=word, coins=word, diamond=word, diamonds=word)


def ratios(
    *, min_size: int = 1, max_size: int = 12
) -> st.SearchStrategy[list[int | Fraction | Rate]]:
    """Generate valid allocation ratios: ints, Fractions and Rates, >= 0, not all zero.

    Args:
        min_size: The fewest ratios, at least 1 (an allocation needs one).
        max_size: The most ratios.

    >>> from hypothesis import find
    >>> from giftflow import Money
    >>> from giftflow.testing import FIND_FIRST, assert_sums_to
    >>> values = find(ratios(), lambda values: len(values) > 1, settings=FIND_FIRST)
    >>> dollar = Money.parse("1.00", "USD")
    >>> assert_sums_to(dollar.allocate(values), dollar)
    """
    check_int("min_size", min_size, least=1)
    check_int("max_size", max_size, least=1)
    check_range("min_size", min_size, "max_size", max_size)
    ratio: st.SearchStrategy[int | Fraction | Rate] = st.one_of(
        st.integers(0, 1000),
        _fractions(0, 100, 1000),
        rates(max_value=None, max_denominator=1000),
    )
    return st.lists(ratio, min_size=min_size, max_size=max_size).filter(
        lambda values: any(value.value if type(value) is Rate else value for value in values)
    )


@functools.cache
def _rates() -> st.SearchStrategy[Rate]:
    return rates()


# -- Time: windows, and recurrences of common RRULEs --

_RRULES = (
    "FREQ=DAILY",
    "FREQ=WEEKLY;BYDAY=FR",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU",
    "FREQ=MONTHLY;BYMONTHDAY=1",
    "FREQ=HOURLY;INTERVAL=6;COUNT=10",
)


@functools.cache
def _maybe_instants() -> st.SearchStrategy[datetime | None]:
    return st.none() | _instants()


def _draw_window(draw: st.DrawFn) -> Window:
    start, end = draw(_maybe_instants()), draw(_maybe_instants())
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
        rule=draw(_sampled(_RRULES)),
        start=draw(_instants()).replace(microsecond=0),
        duration=timedelta(minutes=minutes),
    )


def _instant_in(draw: st.DrawFn, window: Window) -> datetime:
    zone = draw(_sampled(_zones()))
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


def _overlap(first: Window, second: Window) -> Window | None:
    starts = [w.start for w in (first, second) if w.start is not None]
    ends = [w.end for w in (first, second) if w.end is not None]
    start = max(starts, key=_utc) if starts else None
    end = min(ends, key=_utc) if ends else None
    if start is not None and end is not None and _utc(end) <= _utc(start):
        return None
    return Window(start=start, end=end)


def windows() -> st.SearchStrategy[Window]:
    """Generate :class:`~giftflow.Window`: open, half-open or bounded, in assorted time zones.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> bounded = find(windows(), lambda w: None not in (w.start, w.end), settings=FIND_FIRST)
    >>> bounded.contains(bounded.start), bounded.contains(bounded.end)
    (True, False)
    """
    return _from_draw(_draw_window)


def recurrences() -> st.SearchStrategy[Recurrence]:
    """Generate :class:`~giftflow.Recurrence`: common RRULEs from an aware start, 1 minute to 7 days.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> from datetime import timedelta
    >>> recurrence = find(recurrences(), lambda r: True, settings=FIND_FIRST)
    >>> recurrence.start.tzinfo is not None
    True
    >>> timedelta(minutes=1) <= recurrence.duration <= timedelta(days=7)
    True
    """
    return _from_draw(_draw_recurrence)
