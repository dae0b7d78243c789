"""Cash out through the ledger: a payout plan becomes reserve, post and void events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from giftflow import (
    Account,
    AccountKind,
    Channel,
    CoinsPurchased,
    Creator,
    Diamonds,
    DiamondValuation,
    ExactMoney,
    GiftEvent,
    GiftSent,
    Ledger,
    PayoutFailed,
    PayoutPlan,
    PayoutRefusedError,
    PayoutRequested,
    PayoutSettled,
    Rounding,
    Viewer,
    checkout,
    currency,
    plan_payout,
    presets,
)

K = AccountKind
T0 = datetime(2026, 11, 2, 12, tzinfo=UTC)
ANA = Account(K.CREATOR_BALANCE, "ana")


def earning_ledger() -> Ledger:
    economy = presets.tiktok()
    ledger = Ledger(economy, viewers={"v1": Viewer(country="US", birth_date=date(1990, 5, 1))})
    quote = economy.price_book.quote("coins_16500", country="US", channel=Channel.IOS, at=T0)
    ledger.apply(CoinsPurchased(id="p1", viewer="v1", purchase=checkout(quote, purchase_id="p1")))
    for i in range(4):
        gift = GiftEvent(
            id=f"g{i}",
            viewer="v1",
            gift="Swan",
            count=1 + i,
            recipients="ana",
            country="US",
            at=T0 + timedelta(days=i),
        )
        ledger.apply(GiftSent(gift=gift))
    return ledger


def plan(ledger: Ledger, now: datetime) -> PayoutPlan:
    return plan_payout(
        presets.tiktok_payout_policy(),
        earnings=ledger.earnings("ana"),
        payouts=[],
        now=now,
        creator=Creator(
            country="US",
            birth_date=date(1990, 5, 1),
            payout_account_since=datetime(2026, 1, 1, tzinfo=UTC),
        ),
        method=presets.tiktok_payout_policy().methods[0].name,
        payout_currency="USD",
        valuation=DiamondValuation.of(ExactMoney.parse("0.005", "USD")),
        rounding=Rounding.DOWN,
    )


def test_earnings_come_from_gifts() -> None:
    ledger = earning_ledger()
    assert [e.diamonds.amount for e in ledger.earnings("ana")] == [699, 1398, 2097, 2796]


def test_a_plan_settles_through_the_ledger_exactly() -> None:
    ledger = earning_ledger()
    payout = plan(ledger, T0 + timedelta(days=20))
    assert payout.pays
    ledger.apply(PayoutRequested.from_plan(payout, id="po1", creator="ana"))
    assert (
        ledger.balance(Account(K.PAYOUT_CLEARING, "ana"), Diamonds).amount == payout.diamonds.amount
    )
    ledger.apply(PayoutSettled.from_plan(payout, id="s1", payout_id="po1"))
    paid = ledger.balance(Account(K.EXTERNAL, "ana"), currency("USD")).minor
    fees = sum(leg.amount.minor for leg in payout.legs if leg.kind.value.endswith("fee"))
    withheld = ledger.balance(Account(K.TAX_PAYABLE, "withholding"), currency("USD")).minor
    assert payout.net.minor == paid
    assert payout.gross.minor == paid + withheld + fees - payout.platform_fees.minor
    assert ledger.balance(ANA, Diamonds).amount == 6990 - payout.diamonds.amount
    assert ledger.transaction("s1").metadata["residue"] == str(payout.residue)


def test_a_failed_payout_returns_the_diamonds_exactly() -> None:
    ledger = earning_ledger()
    payout = plan(ledger, T0 + timedelta(days=20))
    before = ledger.balances()
    ledger.apply(PayoutRequested.from_plan(payout, id="po1", creator="ana"))
    ledger.apply(PayoutFailed(id="f1", at=T0 + timedelta(days=21), payout_id="po1"))
    after = ledger.balances()
    assert {k: v for k, v in after.items() if k[0].kind is not K.PAYOUT_CLEARING} == before


def test_a_plan_that_pays_nothing_makes_no_event() -> None:
    economy = presets.tiktok()
    ledger = Ledger(economy)
    nothing = plan(ledger, T0)
    with pytest.raises(PayoutRefusedError):
        PayoutRequested.from_plan(nothing, id="po1", creator="ana")
