"""Coin lots with their cost basis, and wallets that spend them by a named policy."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    CoinLot,
    Coins,
    ExactMoney,
    InsufficientCoinsError,
    InvalidTypeError,
    InvalidValueError,
    LotDebit,
    LotKind,
    NaiveDatetimeError,
    OverlapError,
    Spend,
    SpendPolicy,
    Wallet,
    currency,
)
from giftflow.testing import assert_sums_to, coin_lots, spend_policies, wallets

USD = currency("USD")
T0 = datetime(2026, 11, 1, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def per_coin(value: str | int) -> ExactMoney:
    return ExactMoney(Fraction(value), USD)


def lot(
    id: str,
    coins: int,
    *,
    kind: LotKind = LotKind.PURCHASED,
    at: datetime = T0,
    net: str = "1",
    gross: str = "1.5",
) -> CoinLot:
    return CoinLot(
        id=id,
        kind=kind,
        coins=Coins(coins),
        acquired_at=at,
        net_per_coin=per_coin(net),
        gross_per_coin=per_coin(gross),
    )


def spending_order(policy: SpendPolicy, lots: tuple[CoinLot, ...]) -> list[CoinLot]:
    """The order the policy names, written out: each policy's rule, then oldest first, then id."""

    def instant(moment: datetime) -> datetime:
        return moment.astimezone(UTC)

    def by_age(items: list[CoinLot]) -> list[CoinLot]:
        return sorted(items, key=lambda item: (instant(item.acquired_at), item.id))

    if policy is SpendPolicy.LIFO:
        # Newest first; lots of one instant by id.
        newest = sorted({instant(item.acquired_at) for item in lots}, reverse=True)
        return [
            item
            for moment in newest
            for item in sorted(lots, key=lambda lot: lot.id)
            if instant(item.acquired_at) == moment
        ]
    if policy is SpendPolicy.EXPIRING_FIRST:
        dated = [item for item in lots if item.expires_at is not None]
        undated = [item for item in lots if item.expires_at is None]
        soonest = sorted(by_age(dated), key=lambda item: instant(item.expires_at or T0))
        return soonest + by_age(undated)
    if policy is SpendPolicy.FIFO:
        return by_age(list(lots))
    return [item for kind in policy.order for item in by_age(list(lots)) if item.kind is kind]


def spent(spend: Spend) -> list[tuple[str, int]]:
    return [(debit.lot_id, debit.coins.amount) for debit in spend.debits]


class TestLotKind:
    def test_names_how_coins_were_obtained(self) -> None:
        assert ["purchased", "bonus", "promotional", "reconverted"] == [k.value for k in LotKind]


class TestCoinLot:
    def test_values_coins_at_their_exact_cost(self) -> None:
        bought = lot("p1/purchased", 65, net="69/65", gross="99/65")
        assert (per_coin(69), per_coin(99)) == (
            bought.net_value(Coins(65)),
            bought.gross_value(Coins(65)),
        )
        assert per_coin("69/13") == bought.net_value(Coins(5))

    def test_itemises_the_cost_when_it_knows_it(self) -> None:
        itemised = CoinLot(
            id="p1/purchased",
            kind=LotKind.PURCHASED,
            coins=Coins(65),
            acquired_at=T0,
            net_per_coin=per_coin("69/65"),
            gross_per_coin=per_coin("99/65"),
            tax_per_coin=per_coin(0),
            store_fee_per_coin=per_coin("30/65"),
            processor_fee_per_coin=per_coin(0),
        )
        cost = itemised.cost_of(Coins(13))
        assert (per_coin(6), per_coin("99/5"), per_coin("69/5")) == (
            cost.store_fee,
            cost.gross,
            cost.net,
        )

    def test_refuses_a_naive_acquisition_time(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^acquired_at must be timezone-aware"):
            lot("a", 1, at=datetime(2026, 11, 1))

    def test_refuses_negative_coins(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^coins must be positive"):
            lot("a", -1)

    def test_refuses_a_partly_itemised_cost(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^tax_per_coin .* all set or all None"):
            CoinLot(
                id="a",
                kind=LotKind.PURCHASED,
                coins=Coins(1),
                acquired_at=T0,
                net_per_coin=per_coin(1),
                gross_per_coin=per_coin(2),
                tax_per_coin=per_coin(1),
            )

    def test_refuses_an_itemised_cost_that_does_not_add_up(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^gross_per_coin must equal net \+ tax"):
            CoinLot(
                id="a",
                kind=LotKind.PURCHASED,
                coins=Coins(1),
                acquired_at=T0,
                net_per_coin=per_coin(1),
                gross_per_coin=per_coin(2),
                tax_per_coin=per_coin(0),
                store_fee_per_coin=per_coin(0),
                processor_fee_per_coin=per_coin(0),
            )

    @given(coin_lots())
    def test_an_itemised_cost_adds_up_to_the_gross(self, generated: CoinLot) -> None:
        cost = generated.cost_of(generated.coins)
        known = [part for part in (cost.tax, cost.store_fee, cost.processor_fee) if part]
        if cost.tax is not None:
            assert_sums_to([cost.net, *known], cost.gross)


class TestWallet:
    @given(wallets())
    def test_balance_is_the_sum_of_the_lots(self, wallet: Wallet) -> None:
        assert_sums_to([item.coins for item in wallet.lots], wallet.balance)

    @given(wallets(max_lots=8), spend_policies(), st.data())
    def test_spends_exactly_in_policy_order_without_making_a_lot_negative(
        self, wallet: Wallet, policy: SpendPolicy, data: st.DataObject
    ) -> None:
        if not wallet.balance:
            return
        amount = data.draw(st.integers(1, wallet.balance.amount))
        spend = wallet.spend(Coins(amount), policy)
        assert Coins(amount) == spend.coins
        assert_sums_to([debit.coins for debit in spend.debits], Coins(amount))
        assert wallet.balance - Coins(amount) == spend.wallet.balance
        assert all(item.coins > Coins(0) for item in spend.wallet.lots)
        # The policy's order, taking whole lots until the last, which may be partial.
        expected, remaining = [], amount
        for item in spending_order(policy, wallet.lots):
            take = min(remaining, item.coins.amount)
            if take:
                expected.append((item.id, take))
                remaining -= take
        assert expected == spent(spend)
        before = {item.id: item for item in wallet.lots}
        for debit in spend.debits:
            source = before[debit.lot_id]
            assert source.net_value(debit.coins) == debit.net_value
            assert source.gross_value(debit.coins) == debit.gross_value
        after = {item.id: item.coins.amount for item in spend.wallet.lots}
        for item in wallet.lots:
            taken = dict(spent(spend)).get(item.id, 0)
            assert item.coins.amount - taken == after.get(item.id, 0)

    @given(wallets(), spend_policies(), st.integers(1, 10**6))
    def test_a_failed_spend_changes_nothing_and_says_by_how_much(
        self, wallet: Wallet, policy: SpendPolicy, extra: int
    ) -> None:
        before = Wallet(wallet.lots)
        requested = wallet.balance.amount + extra
        with pytest.raises(InsufficientCoinsError) as error:
            wallet.spend(Coins(requested), policy)
        assert (requested, wallet.balance.amount, extra) == (
            error.value.requested,
            error.value.available,
            error.value.shortfall,
        )
        assert before == wallet

    def test_insufficient_coins_message_has_the_numbers(self) -> None:
        with pytest.raises(
            InsufficientCoinsError, match=r"^coins: cannot spend 100 coins: .* 65, 35 short"
        ):
            Wallet((lot("a", 65),)).spend(Coins(100), SpendPolicy.FIFO)

    def test_fifo_spends_the_oldest_lot_first_then_by_id(self) -> None:
        wallet = Wallet(
            (
                lot("b", 10, at=T0 + timedelta(days=1)),
                lot("a", 10, at=T0 + timedelta(days=1)),
                lot("c", 10, at=T0, kind=LotKind.PROMOTIONAL),
            )
        )
        assert [("c", 10), ("a", 10), ("b", 5)] == spent(wallet.spend(Coins(25), SpendPolicy.FIFO))

    def test_fifo_orders_by_instant_in_the_hour_a_dst_change_repeats(self) -> None:
        # 01:30 BST (00:30 UTC) comes before 01:15 GMT (01:15 UTC), although 01:15 < 01:30.
        first = lot("first", 5, at=datetime(2026, 10, 25, 1, 30, tzinfo=LONDON))
        second = lot("second", 5, at=datetime(2026, 10, 25, 1, 15, tzinfo=LONDON, fold=1))
        wallet = Wallet((second, first))
        assert [("first", 5), ("second", 1)] == spent(wallet.spend(Coins(6), SpendPolicy.FIFO))

    @pytest.mark.parametrize(
        ("policy", "expected"),
        [
            (SpendPolicy.FIFO, [("bought", 10), ("bonus", 2)]),
            (SpendPolicy.PROMOTIONAL_FIRST, [("promo", 5), ("bonus", 5), ("bought", 2)]),
            (SpendPolicy.PURCHASED_FIRST, [("bought", 10), ("bonus", 2)]),
        ],
    )
    def test_spends_by_kind_as_the_policy_says(
        self, policy: SpendPolicy, expected: list[tuple[str, int]]
    ) -> None:
        wallet = Wallet(
            (
                lot("promo", 5, kind=LotKind.PROMOTIONAL, at=T0 + timedelta(days=2)),
                lot("bought", 10, kind=LotKind.PURCHASED, at=T0),
                lot("bonus", 5, kind=LotKind.BONUS, at=T0 + timedelta(days=1)),
            )
        )
        assert expected == spent(wallet.spend(Coins(12), policy))

    def test_an_emptied_lot_leaves_the_wallet(self) -> None:
        wallet = Wallet((lot("a", 5), lot("b", 5, at=T0 + timedelta(days=1))))
        after = wallet.spend(Coins(7), SpendPolicy.FIFO).wallet
        assert [("b", Coins(3))] == [(item.id, item.coins) for item in after.lots]

    def test_credit_adds_lots(self) -> None:
        wallet = Wallet().credit(lot("a", 5), lot("b", 7))
        assert Coins(12) == wallet.balance

    def test_refuses_to_credit_a_lot_id_twice(self) -> None:
        with pytest.raises(OverlapError, match=r"^lots holds two lots with the same id"):
            Wallet((lot("a", 5),)).credit(lot("a", 7))

    def test_refuses_lots_that_are_not_a_tuple_of_lots(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^lots must be a tuple of CoinLot"):
            Wallet([lot("a", 5)])  # type: ignore[arg-type]

    @pytest.mark.parametrize("coins", [Coins(0), Coins(-1)])
    def test_refuses_to_spend_nothing_or_less(self, coins: Coins) -> None:
        with pytest.raises(InvalidValueError, match=r"^coins must be positive"):
            Wallet((lot("a", 5),)).spend(coins, SpendPolicy.FIFO)

    @pytest.mark.parametrize(("coins", "policy"), [(5, SpendPolicy.FIFO), (Coins(5), "fifo")])
    def test_refuses_arguments_of_the_wrong_type(self, coins: Any, policy: Any) -> None:
        with pytest.raises(InvalidTypeError):
            Wallet((lot("a", 5),)).spend(coins, policy)


class TestSpendPolicy:
    def test_orders_kinds(self) -> None:
        assert (
            LotKind.PURCHASED,
            LotKind.RECONVERTED,
            LotKind.BONUS,
            LotKind.PROMOTIONAL,
        ) == SpendPolicy.PURCHASED_FIRST.order
        assert set(LotKind) == set(SpendPolicy.PROMOTIONAL_FIRST.order)

    def test_sort_key_puts_kind_before_age(self) -> None:
        old_promo = lot("x", 1, kind=LotKind.PROMOTIONAL, at=T0)
        new_bought = lot("y", 1, at=T0 + timedelta(days=1))
        ordered = sorted([old_promo, new_bought], key=SpendPolicy.PURCHASED_FIRST.sort_key)
        assert ["y", "x"] == [item.id for item in ordered]


class TestSpend:
    def test_counts_the_coins_spent(self) -> None:
        spend = Wallet((lot("a", 5), lot("b", 5))).spend(Coins(8), SpendPolicy.FIFO)
        assert Coins(8) == spend.coins


class TestLotDebit:
    def test_carries_the_money_behind_the_coins(self) -> None:
        spend = Wallet((lot("a", 65, net="69/65", gross="99/65"),)).spend(
            Coins(13), SpendPolicy.FIFO
        )
        debit = spend.debits[0]
        expected = LotDebit(
            lot_id="a",
            kind=LotKind.PURCHASED,
            coins=Coins(13),
            net_value=per_coin("69/5"),
            gross_value=per_coin("99/5"),
            purchase_id=None,
            cost=debit.cost,
        )
        assert expected == debit
        assert debit.cost is not None
        assert (per_coin("69/5"), None) == (debit.cost.net, debit.cost.tax)


def dated(
    id: str,
    coins: int,
    *,
    at: datetime = T0,
    expires: datetime | None = None,
    kind: LotKind = LotKind.PROMOTIONAL,
    net: str = "1",
) -> CoinLot:
    return attrs.evolve(lot(id, coins, kind=kind, at=at, net=net), expires_at=expires)


DAY = timedelta(days=1)
# A small grid of times, so that lots share acquisition and expiry instants often.
GRID = st.builds(lambda days: T0 + days * DAY, st.integers(0, 6))


@st.composite
def grid_wallets(draw: st.DrawFn) -> Wallet:
    """Wallets of up to 6 lots on a grid of days: ties of time and of expiry are common."""
    lots = []
    for index in range(draw(st.integers(0, 6))):
        acquired = draw(GRID)
        expires = None if draw(st.booleans()) else acquired + draw(st.integers(1, 4)) * DAY
        lots.append(
            dated(
                f"l{draw(st.integers(0, 9))}{index}",
                draw(st.integers(1, 20)),
                at=acquired,
                expires=expires,
                kind=draw(st.sampled_from(LotKind)),
                net=draw(st.sampled_from(("0", "1/3", "69/65", "2"))),
            )
        )
    return Wallet(tuple(lots))


class TestExpiry:
    def test_a_lot_expires_at_its_expiry_and_not_before(self) -> None:
        promo = dated("promo", 5, expires=T0 + DAY)
        assert (False, True, True) == (
            promo.expired(T0 + DAY - timedelta(microseconds=1)),
            promo.expired(T0 + DAY),
            promo.expired(T0 + 2 * DAY),
        )
        assert not lot("a", 5).expired(T0 + 1000 * DAY)  # no expiry: never

    def test_compares_instants_across_zones(self) -> None:
        # 12:30 in London in winter is 12:30 UTC: the lot has expired at 12:30 UTC.
        promo = dated("promo", 5, expires=datetime(2026, 12, 1, 12, 30, tzinfo=LONDON))
        assert promo.expired(datetime(2026, 12, 1, 12, 30, tzinfo=UTC))
        assert not promo.expired(datetime(2026, 12, 1, 12, 29, tzinfo=UTC))

    @pytest.mark.parametrize("expires", [T0, T0 - DAY])
    def test_refuses_an_expiry_not_after_the_acquisition(self, expires: datetime) -> None:
        with pytest.raises(InvalidValueError, match=r"^expires_at must be after acquired_at"):
            dated("a", 5, expires=expires)

    def test_refuses_a_naive_expiry_however_the_lot_is_built(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^expires_at must be timezone-aware"):
            dated("a", 5, expires=datetime(2026, 12, 1))
        with pytest.raises(NaiveDatetimeError, match=r"^at must be timezone-aware"):
            lot("a", 5).expired(datetime(2026, 12, 1))

    def test_a_spend_at_a_time_skips_the_lots_expired_by_then(self) -> None:
        wallet = Wallet(
            (
                dated("old", 5, expires=T0 + DAY),
                dated("new", 5, at=T0 + DAY, expires=T0 + 3 * DAY),
                lot("bought", 10, at=T0 + 2 * DAY),
            )
        )
        spend = wallet.spend(Coins(7), SpendPolicy.PROMOTIONAL_FIRST, at=T0 + 2 * DAY)
        assert [("new", 5), ("bought", 2)] == spent(spend)
        # The expired lot stays, untouched, for an expiry event to book.
        assert Coins(5) == next(item.coins for item in spend.wallet.lots if item.id == "old")
        # Without a time the wallet cannot tell, and spends it.
        assert [("old", 5), ("new", 2)] == spent(wallet.spend(Coins(7), SpendPolicy.FIFO))

    def test_coins_expired_by_then_do_not_count_towards_a_spend(self) -> None:
        wallet = Wallet((dated("promo", 5, expires=T0 + DAY), lot("bought", 10)))
        assert (Coins(15), Coins(10)) == (wallet.spendable(T0), wallet.spendable(T0 + DAY))
        with pytest.raises(InsufficientCoinsError) as error:
            wallet.spend(Coins(11), SpendPolicy.FIFO, at=T0 + DAY)
        assert (11, 10) == (error.value.requested, error.value.available)

    def test_refuses_a_naive_spend_time(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^at must be timezone-aware"):
            Wallet((lot("a", 5),)).spend(Coins(1), SpendPolicy.FIFO, at=datetime(2026, 12, 1))
        with pytest.raises(NaiveDatetimeError, match=r"^at must be timezone-aware"):
            Wallet((lot("a", 5),)).spendable(datetime(2026, 12, 1))


class TestNewOrders:
    def test_lifo_spends_the_newest_lot_first_then_by_id(self) -> None:
        wallet = Wallet(
            (
                lot("c", 10, at=T0, kind=LotKind.PROMOTIONAL),
                lot("b", 10, at=T0 + DAY),
                lot("a", 10, at=T0 + DAY),
            )
        )
        assert [("a", 10), ("b", 10), ("c", 5)] == spent(wallet.spend(Coins(25), SpendPolicy.LIFO))

    def test_lifo_orders_by_instant_in_the_hour_a_dst_change_repeats(self) -> None:
        # 01:15 GMT (01:15 UTC) comes after 01:30 BST (00:30 UTC), although 01:15 < 01:30.
        first = lot("first", 5, at=datetime(2026, 10, 25, 1, 30, tzinfo=LONDON))
        second = lot("second", 5, at=datetime(2026, 10, 25, 1, 15, tzinfo=LONDON, fold=1))
        wallet = Wallet((first, second))
        assert [("second", 5), ("first", 1)] == spent(wallet.spend(Coins(6), SpendPolicy.LIFO))

    def test_expiring_first_spends_the_soonest_expiry_first_and_undated_lots_last(self) -> None:
        wallet = Wallet(
            (
                lot("never-old", 5, at=T0),
                dated("late", 5, at=T0, expires=T0 + 9 * DAY),
                dated("soon-b", 5, at=T0 + DAY, expires=T0 + 5 * DAY),
                dated("soon-a", 5, at=T0 + DAY, expires=T0 + 5 * DAY),
                dated("soon-older", 5, at=T0, expires=T0 + 5 * DAY),
                lot("never-new", 5, at=T0 + DAY),
            )
        )
        # Ties of expiry go oldest first, then by id; lots that never expire go last, FIFO.
        assert [
            ("soon-older", 5),
            ("soon-a", 5),
            ("soon-b", 5),
            ("late", 5),
            ("never-old", 5),
            ("never-new", 2),
        ] == spent(wallet.spend(Coins(27), SpendPolicy.EXPIRING_FIRST))

    def test_new_orders_rank_no_kind(self) -> None:
        assert tuple(LotKind) == SpendPolicy.LIFO.order == SpendPolicy.EXPIRING_FIRST.order

    @given(grid_wallets(), spend_policies(), st.none() | GRID, st.data())
    def test_every_order_spends_unexpired_coins_in_its_order_and_conserves_value(
        self,
        wallet: Wallet,
        policy: SpendPolicy,
        at: datetime | None,
        data: st.DataObject,
    ) -> None:
        usable = tuple(item for item in wallet.lots if at is None or not item.expired(at))
        held = sum(item.coins.amount for item in usable)
        assert Coins(held) == (wallet.balance if at is None else wallet.spendable(at))
        if not held:
            return
        amount = data.draw(st.integers(1, held))
        spend = wallet.spend(Coins(amount), policy, at=at)
        expected, remaining = [], amount
        for item in spending_order(policy, usable):
            take = min(remaining, item.coins.amount)
            if take:
                expected.append((item.id, take))
                remaining -= take
        assert expected == spent(spend)
        # Coins and money are conserved: what the debits carry plus what the lots keep is
        # what the lots held, exactly.
        assert wallet.balance == spend.coins + spend.wallet.balance
        for value in ("net_value", "gross_value"):
            before = [getattr(item, value)(item.coins) for item in wallet.lots]
            after = [getattr(item, value)(item.coins) for item in spend.wallet.lots]
            debited = [getattr(debit, value) for debit in spend.debits]
            assert_sums_to([*debited, *after], sum(before[1:], before[0]))
        # Expired lots are untouched.
        kept = {item.id: item for item in spend.wallet.lots}
        for item in wallet.lots:
            if item not in usable:
                assert item == kept[item.id]
