"""Payouts planned from the book: a ledger-planned payout is never refused by apply."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Account,
    AccountClosedError,
    AccountForfeited,
    AccountKind,
    BalanceGuards,
    CapPeriod,
    Channel,
    ChargedBack,
    Clawback,
    Coins,
    CoinsPurchased,
    Creator,
    DiamondBalance,
    Diamonds,
    DiamondsReconverted,
    DiamondValuation,
    Fee,
    FeeBasis,
    FeeKind,
    GiftEvent,
    GiftflowError,
    GiftSent,
    InsufficientBalanceError,
    InvalidValueError,
    Ledger,
    Money,
    PayoutFailed,
    PayoutFee,
    PayoutMethod,
    PayoutPlan,
    PayoutPolicy,
    PayoutReasonKind,
    PayoutRequested,
    PayoutSchedule,
    PayoutSettled,
    Rate,
    Refunded,
    Rounding,
    WithdrawalLimit,
    WithholdingRule,
    checkout,
    from_data,
    plan_payout,
    presets,
    to_data,
)
from giftflow.testing import clawbacks, diamond_balances
from tests.format.raw import raw_data

K = AccountKind
T0 = datetime(2026, 11, 2, 12, tzinfo=UTC)
ECONOMY = attrs.evolve(
    presets.tiktok(), spending_rules=None
)  # spending rules: test_ledger_spending
PROFILE = Creator(
    country="US", birth_date=date(1990, 5, 1), payout_account_since=datetime(2026, 1, 1, tzinfo=UTC)
)
# One withdrawal per calendar week, a creator-borne 2% fee and 10% US withholding: the
# limits a host would otherwise count from a table of its own. (No platform-borne fee:
# the ledger checks every leg, a platform fee among them, against the diamonds' value.)
WEEKLY = PayoutPolicy(
    name="weekly",
    schedule=PayoutSchedule.on_demand(processing_days=3),
    methods=(
        PayoutMethod(
            name="paypal",
            fees=(
                PayoutFee(
                    fee=Fee(
                        name="paypal",
                        kind=FeeKind.PROCESSOR,
                        basis=FeeBasis.NET_OF_TAX,
                        rounding=Rounding.HALF_UP,
                        rate=Rate.parse("2%"),
                    )
                ),
            ),
        ),
    ),
    minimum=Money.parse("10", "USD"),
    withdrawals=WithdrawalLimit(count=1, period=CapPeriod.CALENDAR_WEEK),
    withholding=WithholdingRule(rounding=Rounding.HALF_UP, by_country={"US": Rate.parse("10%")}),
)
POLICIES = {
    "tiktok": presets.tiktok_payout_policy(),
    "bigo": presets.bigo_payout_policy(),
    "twitch": presets.twitch_payout_policy(),
    "facebook": presets.facebook_stars_payout_policy(),
    "weekly": WEEKLY,
}
CREATORS = ("ana", "bo")
VIEWERS = ("v1", "v2")


def planned(
    ledger: Ledger, creator: str, policy: PayoutPolicy, now: datetime, **more: object
) -> PayoutPlan:
    arguments: dict[str, object] = {
        "now": now,
        "method": policy.methods[0].name,
        "payout_currency": "USD",
        "profile": PROFILE,
        "rounding": Rounding.DOWN,
        **more,
    }
    return ledger.plan_payout(creator, policy, **arguments)  # type: ignore[arg-type]


def buy(ledger: Ledger, purchase_id: str, viewer: str, at: datetime, package: str) -> None:
    quote = ECONOMY.price_book.quote(package, country="US", channel=Channel.IOS, at=at)
    ledger.apply(
        CoinsPurchased(
            id=purchase_id, viewer=viewer, purchase=checkout(quote, purchase_id=purchase_id)
        )
    )


def gift(
    ledger: Ledger, gift_id: str, viewer: str, creator: str, name: str, count: int, at: datetime
) -> None:
    event = GiftEvent(
        id=gift_id, viewer=viewer, gift=name, count=count, recipients=creator, country="US", at=at
    )
    ledger.apply(GiftSent(gift=event))


def request_and_settle(ledger: Ledger, plan: PayoutPlan, payout_id: str, creator: str) -> None:
    ledger.apply(PayoutRequested.from_plan(plan, id=payout_id, creator=creator))
    ledger.apply(PayoutSettled.from_plan(plan, id=f"{payout_id}-s", payout_id=payout_id))


# -- the property ------------------------------------------------------------------------


@st.composite
def stories(draw: st.DrawFn) -> tuple[Ledger, datetime, int]:
    """A ledger after random purchases, gifts, refunds, chargebacks and planned payouts.

    Returns the ledger, the time of its last event and how many payouts it planned.
    Non-payout events the ledger refuses (a refund of nothing left) are skipped; every
    payout in the story is planned by the ledger and must be accepted.
    """
    clawback = draw(clawbacks())
    guards = BalanceGuards(
        viewer_overdraft=Coins(draw(st.integers(0, 20_000))),
        creator_overdraft=Diamonds(draw(st.integers(0, 20_000))),
    )
    ledger = Ledger(ECONOMY, guards=guards, clawback=clawback)
    at = T0
    purchases = ["p1", "p2"]  # most stories start with coins, so that gifts land
    buy(ledger, "p1", "v1", at, "coins_16500")
    buy(ledger, "p2", "v2", at, draw(st.sampled_from(("coins_3300", "coins_16500"))))
    payouts = 0
    for step in draw(st.lists(st.integers(0, 6), min_size=1, max_size=20)):
        at += timedelta(hours=draw(st.integers(0, 96)))
        index = len(ledger.events)
        creator = draw(st.sampled_from(CREATORS))
        viewer = draw(st.sampled_from(VIEWERS))
        with contextlib.suppress(GiftflowError):  # a refusal changes nothing
            if step == 0:
                package = draw(st.sampled_from(("coins_3300", "coins_16500")))
                buy(ledger, f"p{index}", viewer, at, package)
                purchases.append(f"p{index}")
            elif step in (1, 2):
                name = draw(st.sampled_from(("Rose", "Rosa", "Swan", "Swan")))
                gift(ledger, f"g{index}", viewer, creator, name, draw(st.integers(1, 12)), at)
            elif step == 3:
                minor = draw(st.none() | st.integers(1, 20_000))
                amount = None if minor is None else Money.of_minor(minor, "USD")
                kind = draw(st.sampled_from((Refunded, ChargedBack)))
                purchase_id = draw(st.sampled_from(purchases))
                ledger.apply(kind(id=f"r{index}", at=at, purchase_id=purchase_id, amount=amount))
            elif step == 4:
                ledger.apply(
                    DiamondsReconverted(
                        id=f"c{index}",
                        at=at,
                        creator=creator,
                        diamonds=Diamonds(2 * draw(st.integers(1, 500))),
                        coins_per_diamond=Rate.parse("1/2"),
                    )
                )
        if step < 5:
            continue
        policy = POLICIES[draw(st.sampled_from(sorted(POLICIES)))]
        plan = planned(ledger, creator, policy, at)
        if not plan.pays:
            continue
        payout_id = f"po{index}"
        ledger.apply(PayoutRequested.from_plan(plan, id=payout_id, creator=creator))
        payouts += 1
        at = max(at, plan.initiated_at)
        outcome = draw(st.sampled_from(("settle", "part", "fail", "pending")))
        if outcome == "settle":
            ledger.apply(PayoutSettled.from_plan(plan, id=f"s{index}", payout_id=payout_id, at=at))
        elif outcome == "part" and plan.diamonds.amount > 1:
            part = Diamonds(draw(st.integers(1, plan.diamonds.amount - 1)))
            ledger.apply(
                PayoutSettled(id=f"s{index}", at=at, payout_id=payout_id, legs=(), diamonds=part)
            )
        elif outcome == "fail":
            ledger.apply(PayoutFailed(id=f"f{index}", at=at, payout_id=payout_id))
    return ledger, at, payouts


class TestPlannedPayoutIsNeverRefused:
    @given(
        story=stories(), creator=st.sampled_from(CREATORS), policy=st.sampled_from(sorted(POLICIES))
    )
    def test_a_planned_payout_is_accepted_and_settles(
        self, story: tuple[Ledger, datetime, int], creator: str, policy: str
    ) -> None:
        ledger, at, _ = story
        balance = ledger.diamonds(creator)
        plan = planned(ledger, creator, POLICIES[policy], at + timedelta(days=3))
        assert plan.diamonds.amount <= max(balance.available.amount, 0)
        assert plan.balance.amount <= max(balance.available.amount, 0)
        if plan.pays:
            ledger.apply(PayoutRequested.from_plan(plan, id="final", creator=creator))
            ledger.apply(PayoutSettled.from_plan(plan, id="final-s", payout_id="final"))
            assert balance.available - plan.diamonds == ledger.diamonds(creator).available

    @given(story=stories(), creator=st.sampled_from(CREATORS))
    def test_the_balance_is_the_books(
        self, story: tuple[Ledger, datetime, int], creator: str
    ) -> None:
        ledger, _, _ = story
        balance = ledger.diamonds(creator)
        assert (
            ledger.balance(Account(K.CREATOR_BALANCE, creator), Diamonds).amount
            == balance.available.amount
        )
        assert (
            ledger.balance(Account(K.PAYOUT_CLEARING, creator), Diamonds).amount
            == balance.pending.amount
        )
        assert balance.available.amount + balance.pending.amount == balance.posted.amount

    @given(story=stories(), creator=st.sampled_from(CREATORS))
    def test_replaying_the_events_plans_the_same(
        self, story: tuple[Ledger, datetime, int], creator: str
    ) -> None:
        ledger, at, _ = story
        again = from_data(Ledger, to_data(ledger))
        now = at + timedelta(days=1)
        assert planned(ledger, creator, WEEKLY, now) == planned(again, creator, WEEKLY, now)
        assert ledger.payout_records(creator) == again.payout_records(creator)


# -- examples ----------------------------------------------------------------------------


def clawback_story() -> Ledger:
    """v1 buys 16,500 coins, gifts ana 20 Swans (13,980 diamonds), then charges them all back."""
    ledger = Ledger(
        ECONOMY,
        guards=BalanceGuards(creator_overdraft=Diamonds(20_000)),
        clawback=Clawback.CREATOR_CLAWBACK,
    )
    buy(ledger, "p1", "v1", T0, "coins_16500")
    buy(ledger, "p2", "v2", T0, "coins_3300")
    gift(ledger, "g1", "v1", "ana", "Swan", 20, T0 + timedelta(hours=1))
    gift(ledger, "g2", "v2", "ana", "Swan", 4, T0 + timedelta(hours=2))
    ledger.apply(ChargedBack(id="cb1", at=T0 + timedelta(days=1), purchase_id="p1"))
    return ledger


class TestCreatorClawback:
    def test_the_issue_plan_from_earnings_is_refused_by_the_ledger(self) -> None:
        ledger = clawback_story()
        now = T0 + timedelta(days=5)
        plan = plan_payout(
            presets.tiktok_payout_policy(),
            earnings=ledger.earnings("ana"),
            payouts=[],
            now=now,
            creator=PROFILE,
            method="paypal",
            payout_currency="USD",
            valuation=DiamondValuation.from_conversion(ECONOMY.conversion),
            rounding=Rounding.DOWN,
        )
        assert plan.diamonds.amount > ledger.diamonds("ana").available.amount
        with pytest.raises(InsufficientBalanceError):
            ledger.apply(PayoutRequested.from_plan(plan, id="po1", creator="ana"))

    def test_the_ledger_plans_what_is_left_and_it_is_accepted(self) -> None:
        ledger = clawback_story()
        left = ledger.diamonds("ana").available
        assert Diamonds(4 * 699) == left
        plan = planned(ledger, "ana", presets.tiktok_payout_policy(), T0 + timedelta(days=5))
        assert left == plan.diamonds
        request_and_settle(ledger, plan, "po1", "ana")
        assert DiamondBalance(posted=Diamonds(0), pending=Diamonds(0), available=Diamonds(0)) == (
            ledger.diamonds("ana")
        )

    def test_a_balance_below_zero_pays_nothing(self) -> None:
        ledger = clawback_story()
        plan = planned(ledger, "ana", presets.tiktok_payout_policy(), T0 + timedelta(days=5))
        request_and_settle(ledger, plan, "po1", "ana")
        ledger.apply(ChargedBack(id="cb2", at=T0 + timedelta(days=30), purchase_id="p2"))
        assert ledger.diamonds("ana").available.amount < 0
        later = planned(ledger, "ana", presets.tiktok_payout_policy(), T0 + timedelta(days=31))
        assert not later.pays
        assert Diamonds(0) == later.balance
        assert [PayoutReasonKind.NOTHING_TO_PAY] == [reason.kind for reason in later.reasons]


def earned_ledger() -> Ledger:
    """ana earns 24 Swans' worth (16,776 diamonds, $83.88) over two days."""
    ledger = Ledger(ECONOMY)
    buy(ledger, "p1", "v1", T0, "coins_16500")
    buy(ledger, "p2", "v2", T0, "coins_16500")
    gift(ledger, "g1", "v1", "ana", "Swan", 20, T0 + timedelta(hours=1))
    gift(ledger, "g2", "v2", "ana", "Swan", 4, T0 + timedelta(days=1))
    return ledger


class TestPayoutHistory:
    def test_a_second_payout_in_the_week_is_refused_with_the_policys_reason(self) -> None:
        ledger = earned_ledger()
        first = planned(ledger, "ana", WEEKLY, T0 + timedelta(days=2), requested=Diamonds(4000))
        request_and_settle(ledger, first, "po1", "ana")
        second = planned(ledger, "ana", WEEKLY, first.arrives_by or T0)
        assert not second.pays
        assert PayoutReasonKind.WITHDRAWAL_LIMIT in [reason.kind for reason in second.reasons]
        next_week = planned(ledger, "ana", WEEKLY, T0 + timedelta(days=14))
        assert Diamonds(16_776 - 4000) == next_week.diamonds

    def test_a_pending_payout_counts_as_a_withdrawal(self) -> None:
        ledger = earned_ledger()
        first = planned(ledger, "ana", WEEKLY, T0 + timedelta(days=2), requested=Diamonds(4000))
        ledger.apply(PayoutRequested.from_plan(first, id="po1", creator="ana"))
        assert DiamondBalance(
            posted=Diamonds(16_776), pending=Diamonds(4000), available=Diamonds(12_776)
        ) == ledger.diamonds("ana")
        second = planned(ledger, "ana", WEEKLY, T0 + timedelta(days=2))
        assert PayoutReasonKind.WITHDRAWAL_LIMIT in [reason.kind for reason in second.reasons]

    def test_a_failed_payout_does_not_count(self) -> None:
        ledger = earned_ledger()
        first = planned(ledger, "ana", WEEKLY, T0 + timedelta(days=2), requested=Diamonds(4000))
        ledger.apply(PayoutRequested.from_plan(first, id="po1", creator="ana"))
        ledger.apply(PayoutFailed(id="f1", at=T0 + timedelta(days=2), payout_id="po1"))
        assert () == ledger.payout_records("ana")
        again = planned(ledger, "ana", WEEKLY, T0 + timedelta(days=2))
        assert Diamonds(16_776) == again.diamonds
        ledger.apply(PayoutRequested.from_plan(again, id="po2", creator="ana"))

    def test_a_partly_settled_payout_counts_what_settled(self) -> None:
        ledger = earned_ledger()
        first = planned(ledger, "ana", WEEKLY, T0 + timedelta(days=2), requested=Diamonds(4000))
        ledger.apply(PayoutRequested.from_plan(first, id="po1", creator="ana"))
        ledger.apply(
            PayoutSettled(
                id="s1",
                at=T0 + timedelta(days=3),
                payout_id="po1",
                legs=(),
                diamonds=Diamonds(1001),
            )
        )
        (record,) = ledger.payout_records("ana")
        assert (Diamonds(1001), Money.parse("5.01", "USD")) == (record.diamonds, record.amount)
        assert Diamonds(16_776 - 1001) == ledger.diamonds("ana").available

    def test_a_daily_money_cap_counts_the_ledgers_payouts(self) -> None:
        ledger = Ledger(ECONOMY)
        for index in range(14):
            buy(ledger, f"p{index}", "v1", T0, "coins_16500")
        gift(ledger, "g1", "v1", "ana", "Swan", 300, T0 + timedelta(hours=1))
        tiktok = presets.tiktok_payout_policy()
        now = T0 + timedelta(days=2)
        first = planned(ledger, "ana", tiktok, now, requested=Diamonds(150_000))
        ledger.apply(PayoutRequested.from_plan(first, id="po1", creator="ana"))
        same_day = planned(ledger, "ana", tiktok, now)
        assert Diamonds(50_000) == same_day.diamonds  # $1,000 a day, $750 already withdrawn
        assert PayoutReasonKind.CAP in [reason.kind for reason in same_day.reasons]
        ledger.apply(PayoutSettled.from_plan(first, id="s1", payout_id="po1"))
        next_day = planned(ledger, "ana", tiktok, first.arrives_by or now)
        assert Diamonds(209_700 - 150_000) == next_day.diamonds  # a new day: the rest

    def test_records_are_valued_at_the_request_rounded_up(self) -> None:
        ledger = earned_ledger()
        plan = planned(ledger, "ana", WEEKLY, T0 + timedelta(days=2), requested=Diamonds(3001))
        request_and_settle(ledger, plan, "po1", "ana")
        (record,) = ledger.payout_records("ana")
        assert (plan.initiated_at, Diamonds(3001)) == (record.at, record.diamonds)
        assert Money.parse("15.01", "USD") == record.amount  # 15.005 rounded up
        assert Money.parse("15.00", "USD") == plan.gross


class TestPlanRefusals:
    def test_refuses_a_now_before_the_creators_last_event(self) -> None:
        ledger = earned_ledger()
        with pytest.raises(InvalidValueError, match="now is before the last event of 'ana'"):
            planned(ledger, "ana", WEEKLY, T0)

    def test_refuses_a_closed_account(self) -> None:
        ledger = earned_ledger()
        ledger.apply(AccountForfeited(id="x1", at=T0 + timedelta(days=2), owner="ana"))
        with pytest.raises(AccountClosedError):
            planned(ledger, "ana", WEEKLY, T0 + timedelta(days=3))

    def test_refuses_a_profile_that_is_not_a_creator(self) -> None:
        with pytest.raises(GiftflowError, match="profile"):
            planned(earned_ledger(), "ana", WEEKLY, T0 + timedelta(days=3), profile="ana")

    def test_an_unknown_creator_has_nothing_to_pay(self) -> None:
        plan = planned(earned_ledger(), "zoe", WEEKLY, T0 + timedelta(days=3))
        assert [PayoutReasonKind.NOTHING_TO_PAY] == [reason.kind for reason in plan.reasons]


class TestDiamondBalance:
    @given(diamond_balances())
    def test_generated_balances_hold_the_invariant(self, balance: DiamondBalance) -> None:
        assert balance.posted - balance.pending == balance.available
        assert balance.pending.amount >= 0

    @given(diamond_balances())
    def test_evolve_and_from_data_cannot_break_it(self, balance: DiamondBalance) -> None:
        with pytest.raises(InvalidValueError, match="available"):
            attrs.evolve(balance, posted=balance.posted + Diamonds(1))
        data = raw_data(balance)
        assert balance == from_data(DiamondBalance, data)
        with pytest.raises(GiftflowError):
            from_data(DiamondBalance, {**data, "pending": data["pending"] + 1})

    def test_refuses_negative_pending(self) -> None:
        with pytest.raises(InvalidValueError, match="pending"):
            DiamondBalance(posted=Diamonds(0), pending=Diamonds(-1), available=Diamonds(1))
