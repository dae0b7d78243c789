"""Strategies for holding and spending coins: coin lots, wallets and spending rules."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from fractions import Fraction

from hypothesis import strategies as st

from giftflow import (
    AgeRule,
    CapPeriod,
    CoinLot,
    Coins,
    Currency,
    ExactMoney,
    LotKind,
    Money,
    SpendingCap,
    SpendingRules,
    SpendPolicy,
    SpendRecord,
    Viewer,
    Wallet,
)
from giftflow.testing._base import (
    _countries,
    _fractions,
    _from_draw,
    _instants,
    _labels,
    _zones,
    check_int,
)
from giftflow.testing._coins_in import _coin_currencies, _coin_currency
from giftflow.testing._values import coins


def _draw_coin_lot(draw: st.DrawFn, unit: Currency) -> CoinLot:
    # Every part of the cost is non-negative and the gross is their sum, as checkout makes it.
    per_coin = _fractions(0, 10**4, 10**4)
    net = draw(per_coin)
    parts: tuple[ExactMoney | None, ...] = (None, None, None)
    if not draw(st.booleans()):
        itemised = [draw(per_coin) for _ in range(3)]
        parts = tuple(ExactMoney(part, unit) for part in itemised)
        gross = net + sum(itemised, Fraction(0))
    else:
        gross = net + draw(per_coin)
    acquired = draw(_instants())
    expires = None
    if draw(st.booleans()):
        # Elapsed time, in UTC: a wall clock plus a day can be less than a day later.
        validity = draw(st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(400)))
        expires = (acquired.astimezone(UTC) + validity).astimezone(acquired.tzinfo)
    return CoinLot(
        id=draw(_labels()),
        kind=draw(st.sampled_from(LotKind)),
        coins=Coins(draw(st.integers(1, 10**6))),
        acquired_at=acquired,
        net_per_coin=ExactMoney(net, unit),
        gross_per_coin=ExactMoney(gross, unit),
        purchase_id=draw(st.none() | _labels()),
        tax_per_coin=parts[0],
        store_fee_per_coin=parts[1],
        processor_fee_per_coin=parts[2],
        expires_at=expires,
    )


def _amounts(*, least: int) -> st.SearchStrategy[Money | Coins]:
    in_money = st.builds(Money.of_minor, st.integers(least, 10**8), _coin_currencies())
    return st.one_of(in_money, coins(min_value=least, max_value=10**7))


def coin_lots(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None
) -> st.SearchStrategy[CoinLot]:
    """Generate :class:`~giftflow.CoinLot`: any kind, itemised or not, expiring or not.

    Half of the lots expire, from a second to 400 days after they were acquired.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST, assert_sums_to
    >>> lot = find(coin_lots(currency="USD"), lambda lot: lot.tax_per_coin, settings=FIND_FIRST)
    >>> per_coin = [lot.net_per_coin, lot.tax_per_coin, lot.store_fee_per_coin,
    ...             lot.processor_fee_per_coin]
    >>> assert_sums_to(per_coin, lot.gross_per_coin)
    >>> dated = find(coin_lots(), lambda lot: lot.expires_at, settings=FIND_FIRST)
    >>> dated.expired(dated.acquired_at), dated.expired(dated.expires_at)
    (False, True)
    """
    units = _coin_currency(currency)
    return _from_draw(lambda draw: _draw_coin_lot(draw, draw(units)))


def wallets(
    *, currency: Currency | str | st.SearchStrategy[Currency] | None = None, max_lots: int = 6
) -> st.SearchStrategy[Wallet]:
    """Generate :class:`~giftflow.Wallet` holding up to ``max_lots`` lots with distinct ids.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST, assert_sums_to
    >>> wallet = find(wallets(), lambda wallet: len(wallet.lots) > 1, settings=FIND_FIRST)
    >>> assert_sums_to([lot.coins for lot in wallet.lots], wallet.balance)
    """
    check_int("max_lots", max_lots)
    lots = st.lists(coin_lots(currency=currency), max_size=max_lots, unique_by=lambda lot: lot.id)
    return lots.map(lambda items: Wallet(tuple(items)))


def spend_policies() -> st.SearchStrategy[SpendPolicy]:
    """Generate every :class:`~giftflow.SpendPolicy`.

    >>> from hypothesis import find
    >>> from giftflow import SpendPolicy
    >>> from giftflow.testing import FIND_FIRST
    >>> find(spend_policies(), lambda policy: True, settings=FIND_FIRST) in SpendPolicy
    True
    """
    return st.sampled_from(SpendPolicy)


def spending_caps() -> st.SearchStrategy[SpendingCap]:
    """Generate :class:`~giftflow.SpendingCap` in money or coins, for every period and assorted zones.

    >>> from hypothesis import find
    >>> from giftflow import CapPeriod
    >>> from giftflow.testing import FIND_FIRST
    >>> cap = find(spending_caps(), lambda cap: True, settings=FIND_FIRST)
    >>> cap.period in CapPeriod and cap.zone is not None
    True
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
    >>> from giftflow.testing import FIND_FIRST
    >>> rule = find(age_rules(), lambda rule: rule.by_country, settings=FIND_FIRST)
    >>> all(len(country) == 2 and 0 <= years <= 25 for country, years in rule.by_country)
    True
    """
    ages = st.integers(0, 25)
    return st.builds(
        AgeRule, years=ages, by_country=st.dictionaries(_countries(), ages, max_size=3)
    )


def spending_rules() -> st.SearchStrategy[SpendingRules]:
    """Generate :class:`~giftflow.SpendingRules`: an optional age rule and up to three caps.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> rules = find(spending_rules(), lambda rules: rules.age is not None, settings=FIND_FIRST)
    >>> 0 <= rules.age.years <= 25 and len(rules.caps) <= 3
    True
    """
    return st.builds(
        SpendingRules,
        age=st.none() | age_rules(),
        caps=st.lists(spending_caps(), max_size=3).map(tuple),
    )


def viewers() -> st.SearchStrategy[Viewer]:
    """Generate :class:`~giftflow.Viewer`: a country and a birth date from 1900 to 2030.

    >>> from hypothesis import find
    >>> from giftflow.testing import FIND_FIRST
    >>> viewer = find(viewers(), lambda viewer: True, settings=FIND_FIRST)
    >>> len(viewer.country), 1900 <= viewer.birth_date.year <= 2030
    (2, True)
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
    >>> from giftflow.testing import FIND_FIRST
    >>> record = find(spend_records(), lambda r: isinstance(r.amount, Coins), settings=FIND_FIRST)
    >>> record.amount >= Coins(1)
    True
    """
    return st.builds(SpendRecord, at=_instants(), amount=_amounts(least=1))
