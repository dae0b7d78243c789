"""What every wing's strategies share: building blocks, time zones and small pools of names.

Every strategy builds valid values through the public constructors, so a generated
value is one a caller could have built. Datetimes are timezone-aware, in UTC, fixed
offsets and zones with DST changes (where the zone database exists).

Speed matters: property tests draw thousands of price books. So the building blocks
are strategies made once (cached) and plain ``_draw_*`` functions that take
Hypothesis' ``draw``, rather than strategies created afresh for every value.

Every public strategy checks its arguments when it is created, with the ``check_*``
helpers here, so a bad argument raises a :class:`~giftflow.GiftflowError` that names
it, and never Hypothesis' ``InvalidArgument`` at the first draw.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from fractions import Fraction
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hypothesis import Phase, settings
from hypothesis import strategies as st

from giftflow import Currency, Economy, InvalidTypeError, InvalidValueError
from giftflow._values._currency import resolve_currency as _resolve_currency

_T = TypeVar("_T")

FIND_FIRST = settings(
    database=None, derandomize=True, deadline=None, max_examples=100, phases=[Phase.generate]
)
"""Settings for ``hypothesis.find`` that give the first example meeting the condition.

The docstring examples of ``giftflow.testing`` use them, so that each runs in well under
a second and the same way on every machine: no shrinking (shrinking a price book or a
ledger takes seconds to a minute), derandomized with no example database (the same
examples on every run and clone), and at most 100 tries. Each condition is one that
many generated values meet (one in six or more, so a miss in 100 tries is a one in ten
million chance even with random examples), and the example checks what holds for *any*
value found, never one particular (shrunk) value.
"""

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_UPPER = _LOWER.upper()
_ZONE_KEYS = ("Europe/London", "America/New_York", "Asia/Seoul", "Australia/Lord_Howe")

# Creators, viewers and sponsors come from small pools, so that carries, budgets,
# leaderboards, ledgers and settlements see the same ones again.
_CREATORS = ("ana", "bo", "cy", "dee")
_VIEWERS = ("v1", "v2", "v3", "v4")
_SPONSORS = ("brand", "fest")


@st.composite
def _from_draw(draw: st.DrawFn, make: Callable[[st.DrawFn], _T]) -> _T:
    return make(draw)


_SAMPLED: dict[tuple[object, ...], st.SearchStrategy[Any]] = {}


def _sampled(values: tuple[_T, ...]) -> st.SearchStrategy[_T]:
    # ``st.sampled_from`` of a fixed tuple, made once: a strategy built afresh on every draw
    # is validated afresh too, which was a fifth of the time of drawing an economy.
    found = _SAMPLED.get(values)
    if found is None:
        found = _SAMPLED[values] = st.sampled_from(values)
    return found


def _pick(draw: st.DrawFn, values: Sequence[_T]) -> _T:
    """One of ``values``, as ``draw(st.sampled_from(values))`` would choose it (by index).

    For values known only at draw time: a ``sampled_from`` built for every draw is
    validated for every draw, while the index strategy for each length is made once.
    Like ``sampled_from``, a single value is taken without drawing anything, and
    none at all rejects the example.
    """
    if len(values) <= 1:
        return values[0] if values else draw(st.nothing())
    return values[draw(_indices(len(values)))]


@functools.cache
def _indices(count: int) -> st.SearchStrategy[int]:
    return st.integers(0, count - 1)


# Bounded: some callers draw the bounds too (a sponsor budget's cap).
@functools.lru_cache(maxsize=256)
def _fractions(
    min_value: Fraction | int | None = None,
    max_value: Fraction | int | None = None,
    max_denominator: int | None = None,
) -> st.SearchStrategy[Fraction]:
    """``st.fractions(min_value, max_value, max_denominator)``, made once, drawn cheaply.

    The same values from the same choices (a denominator, then a numerator in the
    bounds it allows, limited to ``max_denominator``), without the strategy
    ``st.fractions`` builds for every value: four times faster per rate, and every
    economy, fee and carry draws several.
    """
    low = None if min_value is None else Fraction(min_value)
    high = None if max_value is None else Fraction(max_value)
    bounds = [bound for bound in (low, high) if bound is not None]
    if max_denominator is not None and any(b.denominator > max_denominator for b in bounds):
        # Bounds st.fractions refuses: keep its own error.
        return st.fractions(low, high, max_denominator=max_denominator)
    if low is not None and low == high:
        return st.just(low)
    denominators = st.integers(1, max_denominator) if max_denominator else st.integers(min_value=1)

    def draw_fraction(draw: st.DrawFn) -> Fraction:
        # Hypothesis' own algebra (strategies._internal.core.fractions): integer bounds
        # for the numerator over a scaled denominator.
        denom = draw(denominators)
        low_num = high_num = None
        if low is None and high is not None:
            high_num, denom = denom * high.numerator, denom * high.denominator
        elif high is None and low is not None:
            low_num, denom = denom * low.numerator, denom * low.denominator
        elif low is not None and high is not None:
            scale = low.denominator * high.denominator
            bottom, top = low.numerator * high.denominator, high.numerator * low.denominator
            div = math.gcd(scale, math.gcd(bottom, top))
            low_num, high_num = denom * bottom // div, denom * top // div
            denom *= scale // div
        value = Fraction(draw(st.integers(low_num, high_num)), denom)
        return value if max_denominator is None else value.limit_denominator(max_denominator)

    return _from_draw(draw_fraction)


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


def _payout_currency(currency: Currency | str) -> Currency:
    # The payout, ledger and settlement strategies take one fixed currency, by code or object.
    return _resolve_currency("currency", currency)


# -- Argument checks, shared by every public strategy --


def check_int(argument: str, value: Any, *, least: int | None = 0, optional: bool = False) -> Any:
    """Return ``value`` if it is an int (never a bool) of at least ``least`` (or ``None``).

    >>> check_int("max_lots", -1)
    Traceback (most recent call last):
    giftflow.InvalidValueError: max_lots must be at least 0, got -1 (int); pass max_lots=0 or more
    """
    if optional and value is None:
        return value
    if type(value) is not int:
        problem = "must be an int or None" if optional else "must be an int"
        example = 1 if least is None else max(least, 1)
        raise InvalidTypeError(argument, value, problem, f"pass a whole number, e.g. {example}")
    if least is not None and value < least:
        raise InvalidValueError(
            argument, value, f"must be at least {least}", f"pass {argument}={least} or more"
        )
    return value


def check_range(name_low: str, low: Any, name_high: str, high: Any) -> None:
    """Refuse bounds that allow nothing: ``low`` above ``high`` (``None`` is unbounded).

    >>> check_range("min_value", 10, "max_value", 5)
    Traceback (most recent call last):
    giftflow.InvalidValueError: min_value must not exceed max_value (5), got 10 (int); ...
    """
    if low is not None and high is not None and low > high:
        raise InvalidValueError(
            name_low,
            low,
            f"must not exceed {name_high} ({high!r})",
            f"pass {name_low} <= {name_high}, or swap them",
        )


def check_strategy(argument: str, value: Any, example: str) -> None:
    """Refuse what is neither ``None`` nor a Hypothesis strategy (``example`` shows one)."""
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise InvalidTypeError(
            argument,
            value,
            "must be a Hypothesis strategy or None",
            f"pass a strategy such as {example}, or None for the default",
        )


def check_economy(argument: str, value: Any) -> Economy | None:
    """Return ``value`` if it is an :class:`~giftflow.Economy` or ``None``; refuse the rest."""
    if value is not None and not isinstance(value, Economy):
        raise InvalidTypeError(
            argument,
            value,
            "must be an Economy or None",
            "pass e.g. giftflow.presets.tiktok(), or None for the default",
        )
    return value


def check_instance(argument: str, value: Any, kind: type, example: str) -> None:
    """Refuse what is not a ``kind`` (``example`` shows how to make one)."""
    if not isinstance(value, kind):
        raise InvalidTypeError(argument, value, f"must be a {kind.__name__}", f"pass {example}")
