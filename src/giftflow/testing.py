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

import math
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from giftflow._currency import Currency, iso_currencies
from giftflow._errors import InvalidTypeError, InvalidValueError
from giftflow._money import ExactMoney, Money, _resolve_currency
from giftflow._rate import Rate
from giftflow._rounding import Rounded, Rounding
from giftflow._units import Coins, Diamonds, UnitNames

__all__ = [
    "assert_balanced",
    "assert_sums_to",
    "coins",
    "currencies",
    "diamonds",
    "exact_money",
    "money",
    "rates",
    "ratios",
    "rounded",
    "roundings",
    "unit_names",
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
    >>> half = Rate.parse("50%")
    >>> Rate.parse("40%") < find(rates(max_value=half), lambda r: r > Rate.parse("40%")) <= half
    True
    """
    low = Fraction(0) if min_value is None else min_value.value
    high = None if max_value is None else max_value.value
    values = st.fractions(min_value=low, max_value=high, max_denominator=max_denominator)
    # Decimal-looking rates (percentages with a few places) are what configurations hold:
    # multiples of 1/10**4 within the bounds (up to 100 more than ``low`` if unbounded).
    first = math.ceil(low * 10**4)
    last = first + 10**6 if high is None else math.floor(high * 10**4)
    if first > last:
        return values.map(Rate)
    decimals = st.integers(first, last).map(lambda n: Fraction(n, 10**4))
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
