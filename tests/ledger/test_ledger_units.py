"""Ledger reads take units as types and return amounts in them (issue #16, item 7)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from hypothesis import given

from giftflow import (
    Account,
    AccountKind,
    Coins,
    Currency,
    Diamonds,
    InvalidTypeError,
    InvalidValueError,
    Ledger,
    Money,
    Transaction,
    currency,
    presets,
)
from giftflow.testing import ledgers, transactions
from tests.ledger.units import unit

WALLET = Account(AccountKind.VIEWER_WALLET, "v1")
START, END = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)


class TestTypedReads:
    @given(ledgers())
    def test_each_balance_reads_back_in_its_unit(self, ledger: Ledger) -> None:
        for (account, code), units in ledger.balances().items():
            typed = ledger.balance(account, unit(code))
            if code == "coins":
                assert typed == Coins(units)
            elif code == "diamonds":
                assert typed == Diamonds(units)
            else:
                assert typed == Money.of_minor(units, code)

    @given(transactions())
    def test_a_transactions_amount_is_the_sum_of_its_postings(self, tx: Transaction) -> None:
        for posting in tx.postings:
            code = posting.unit
            same = sum(
                p.units for p in tx.postings if p.account == posting.account and p.unit == code
            )
            read = tx.amount(posting.account, unit(code))
            assert (read.minor if isinstance(read, Money) else read.amount) == same
            assert type(read) is type(posting.amount)

    def test_an_empty_account_reads_as_zero_in_its_unit(self) -> None:
        ledger = Ledger(presets.tiktok())
        assert ledger.balance(WALLET, Coins) == Coins(0)
        assert ledger.balance(WALLET, Diamonds) == Diamonds(0)
        assert ledger.balance(WALLET, currency("JPY")) == Money.zero("JPY")
        gems = Currency(code="GEM", exponent=0, name="Gem")
        assert ledger.balance(WALLET, gems) == Money.zero(gems)
        assert ledger.statement(WALLET, Coins, start=START, end=END).unit == "coins"


class TestRefusedUnits:
    @pytest.mark.parametrize(
        ("unit", "fix"),
        [
            ("coins", "pass Coins (the class)"),
            ("diamond", "pass Diamonds (the class)"),
            ("usd", "pass currency('USD')"),
            ("bits", "pass Coins, Diamonds (the classes) or a Currency"),
            (5, "pass Coins, Diamonds (the classes) or a Currency"),
            (Money, "pass Coins, Diamonds (the classes) or a Currency"),
        ],
    )
    def test_a_unit_that_is_not_a_type_or_currency_is_refused_with_its_fix(
        self, unit: object, fix: str
    ) -> None:
        ledger = Ledger(presets.tiktok())
        reads: list[Callable[[], object]] = [
            lambda: ledger.balance(WALLET, unit),  # type: ignore[call-overload]
            lambda: ledger.statement(WALLET, unit, start=START, end=END),  # type: ignore[arg-type]
        ]
        for read in reads:
            with pytest.raises(
                InvalidTypeError, match="must be Coins, Diamonds or a Currency"
            ) as caught:
                read()
            assert caught.value.argument == "unit"
            assert fix in str(caught.value)
        assert ledger.balances() == {}

    def test_a_currency_with_an_iso_code_but_another_minor_unit_is_refused(self) -> None:
        odd = Currency(code="USD", exponent=3)
        with pytest.raises(InvalidValueError, match="3 decimal places, but USD has 2"):
            Ledger(presets.tiktok()).balance(WALLET, odd)
