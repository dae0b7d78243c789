"""The ledger by example and by property: each event's postings, guards, idempotency, refunds."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Account,
    AccountKind,
    Agency,
    BalanceGuards,
    Carry,
    Catalog,
    Channel,
    ChargedBack,
    Clawback,
    Coins,
    CoinsExpired,
    CoinsPurchased,
    DiamondRatio,
    Diamonds,
    DiamondsReconverted,
    Economy,
    ExactMoney,
    Gift,
    GiftEvent,
    GiftSent,
    IdempotencyConflictError,
    InsufficientBalanceError,
    InsufficientCoinsError,
    InvalidTypeError,
    InvalidValueError,
    Ledger,
    Money,
    PayoutFailed,
    PayoutLeg,
    PayoutLegKind,
    PayoutRequested,
    PayoutSettled,
    Posting,
    Rate,
    Recipient,
    Refunded,
    Rounding,
    SponsorBudget,
    Statement,
    Transaction,
    UnbalancedTransactionError,
    Wallet,
    checkout,
    currency,
    presets,
    send_gift,
    unit_of,
)
from giftflow.testing import assert_ledger_balanced, ledgers, statements

K = AccountKind
T0 = datetime(2026, 11, 24, 12, tzinfo=UTC)
# Not about spending rules (tests/ledger/test_ledger_spending.py): TikTok's minimum age is
# taken out, so these books need no viewer profiles.
TIKTOK = attrs.evolve(presets.tiktok(), spending_rules=None)
WALLET = Account(K.VIEWER_WALLET, "v1")
ANA = Account(K.CREATOR_BALANCE, "ana")
DEFERRED = Account(K.DEFERRED_REVENUE)
REVENUE = Account(K.PLATFORM_REVENUE)
APPLE = Account(K.STORE_PAYABLE, "apple")
CASH = Account(K.EXTERNAL, "v1")


def bought(
    pid: str, package: str = "coins_65", viewer: str = "v1", at: datetime = T0
) -> CoinsPurchased:
    quote = TIKTOK.price_book.quote(package, country="US", channel=Channel.IOS, at=at)
    return CoinsPurchased(id=pid, viewer=viewer, purchase=checkout(quote, purchase_id=pid))


def gift(gid: str, count: int, name: str = "Rose", to: str | list[Recipient] = "ana") -> GiftSent:
    event = GiftEvent(
        id=gid, viewer="v1", gift=name, count=count, recipients=to, country="US", at=T0
    )
    return GiftSent(gift=event)


def postings(ledger: Ledger, event_id: str) -> list[str]:
    return [str(p) for p in ledger.transaction(event_id).postings]


class TestJournal:
    def test_a_transaction_must_balance_in_every_unit(self) -> None:
        with pytest.raises(UnbalancedTransactionError) as caught:
            Transaction(
                event_id="e",
                kind="coins_expired",
                at=T0,
                postings=(Posting(WALLET, Coins(5)), Posting(CASH, Money.parse("1", "USD"))),
            )
        assert caught.value.totals == {"coins": 5, "USD": 100}

    def test_units(self) -> None:
        assert [unit_of(Money.parse("1", "EUR")), unit_of(Coins(1)), unit_of(Diamonds(1))] == [
            "EUR",
            "coins",
            "diamonds",
        ]
        with pytest.raises(InvalidTypeError):
            Posting(WALLET, 5)  # type: ignore[arg-type]


class TestPurchase:
    def test_books_every_leg_and_defers_the_net(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1"))
        assert postings(ledger, "p1") == [
            "external:v1 -0.99 USD",
            "store_payable:apple +0.30 USD",
            "deferred_revenue +0.69 USD",
            "coin_issuance -65 coins",
            "viewer_wallet:v1 +65 coins",
        ]
        assert ledger.wallet("v1").balance == Coins(65)

    def test_the_same_purchase_twice_under_new_ids_is_refused(self) -> None:
        ledger = Ledger(TIKTOK)
        event = bought("p1")
        ledger.apply(event)
        with pytest.raises(InvalidValueError, match="already recorded"):
            ledger.apply(CoinsPurchased(id="other", viewer="v1", purchase=event.purchase))


class TestGift:
    def test_spending_all_coins_releases_exactly_the_net(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1"))
        for i in range(13):  # 13 x 5 coins, each releasing floor-of-cumulative cents
            ledger.apply(gift(f"g{i}", 5))
        assert ledger.balance(DEFERRED, currency("USD")).minor == 0
        assert ledger.balance(REVENUE, currency("USD")).minor == 69
        assert ledger.balance(ANA, Diamonds).amount == 65

    def test_co_hosts_and_agency(self) -> None:
        economy = TIKTOK
        agency = Agency(id="agency-1", rate=Rate.parse("10%"))
        ledger = Ledger(economy, agencies={"ana": agency})
        ledger.apply(bought("p1", "coins_330"))
        ledger.apply(gift("g1", 1, "Paper Crane", [Recipient("ana", 2), Recipient("bo")]))
        tx = ledger.transaction("g1")
        assert tx.amount(ANA, Diamonds).amount == 66
        assert tx.amount(Account(K.CREATOR_BALANCE, "bo"), Diamonds).amount == 33
        # The agency gets 10% of what the platform keeps from ana's two thirds.
        agency_cents = tx.amount(Account(K.AGENCY_PAYABLE, "agency-1"), currency("USD")).minor
        assert agency_cents >= 0
        assert_ledger_balanced(ledger)

    def test_a_sponsored_gift_is_paid_from_the_budget(self) -> None:
        version = TIKTOK.catalog.version_at(country="US", at=T0)
        sponsored = Gift(id="brand_rose", name="Brand Rose", price=Coins(10), sponsor="brand")
        catalog = Catalog(versions=(attrs.evolve(version, gifts=(*version.gifts, sponsored)),))
        economy = attrs.evolve(TIKTOK, catalog=catalog)
        budget = SponsorBudget(
            sponsor="brand", cap=Money.parse("1", "USD"), value_per_coin=Money.parse("0.01", "USD")
        )
        ledger = Ledger(economy, sponsors={"brand": budget})
        ledger.apply(gift("g1", 1, "Brand Rose"))
        ledger.apply(gift("g2", 1, "Brand Rose"))
        assert ledger.balance(Account(K.SPONSOR_BUDGET, "brand"), currency("USD")).minor == -20
        assert ledger.balance(REVENUE, currency("USD")).minor == 20
        assert ledger.sponsor("brand").remaining.minor == 80

    def test_too_few_coins_changes_nothing(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1"))
        before = ledger.balances()
        with pytest.raises(InsufficientCoinsError):
            ledger.apply(gift("g1", 1, "Swan"))
        assert ledger.balances() == before
        assert len(ledger.journal) == 1


class TestIdempotency:
    def test_replay_changes_nothing_and_says_so(self) -> None:
        ledger = Ledger(TIKTOK)
        first = ledger.apply(bought("p1"))
        again = ledger.apply(bought("p1"))
        assert (first.replayed, again.replayed) == (False, True)
        assert again.transaction == first.transaction
        assert len(ledger.journal) == 1

    def test_same_id_different_content_names_the_fields(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1"))
        ledger.apply(gift("g1", 5))
        with pytest.raises(IdempotencyConflictError) as caught:
            ledger.apply(gift("g1", 6))
        assert caught.value.fields == ("gift.count",)
        assert "(gift.count)" in str(caught.value)
        with pytest.raises(IdempotencyConflictError) as caught:
            ledger.apply(Refunded(id="g1", at=T0, purchase_id="p1"))
        assert caught.value.fields == ("type",)


class TestRefunds:
    def test_a_full_refund_of_an_unspent_purchase_reverses_every_leg(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1"))
        ledger.apply(Refunded(id="r1", at=T0, purchase_id="p1"))
        assert postings(ledger, "r1") == [
            "external:v1 +0.99 USD",
            "store_payable:apple -0.30 USD",
            "deferred_revenue -0.69 USD",
            "viewer_wallet:v1 -65 coins",
            "coin_issuance +65 coins",
        ]
        assert ledger.balances() == {}

    def test_refunding_more_than_is_left_is_refused(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1"))
        ledger.apply(Refunded(id="r1", at=T0, purchase_id="p1", amount=Money.parse("0.50", "USD")))
        with pytest.raises(InvalidValueError, match="exceeds what is left"):
            ledger.apply(
                Refunded(id="r2", at=T0, purchase_id="p1", amount=Money.parse("0.50", "USD"))
            )
        ledger.apply(Refunded(id="r3", at=T0, purchase_id="p1"))
        with pytest.raises(InvalidValueError, match="nothing left"):
            ledger.apply(Refunded(id="r4", at=T0, purchase_id="p1"))

    @given(
        cuts=st.lists(st.integers(1, 498), max_size=6, unique=True),
        spent=st.integers(0, 330),
        clawback=st.sampled_from(Clawback),
        chargeback=st.booleans(),
    )
    def test_partial_refunds_that_add_up_end_where_one_full_refund_does(
        self, cuts: list[int], spent: int, clawback: Clawback, chargeback: bool
    ) -> None:
        def run(parts: list[int | None] | None) -> Ledger:
            guards = BalanceGuards(viewer_overdraft=Coins(400), creator_overdraft=Diamonds(400))
            ledger = Ledger(TIKTOK, guards=guards, clawback=clawback)
            ledger.apply(bought("p1", "coins_330"))
            if spent:
                ledger.apply(gift("g1", spent))
            kind = ChargedBack if chargeback else Refunded
            for i, part in enumerate(parts or [None]):
                amount = None if part is None else Money.of_minor(part, "USD")
                ledger.apply(kind(id=f"r{i}", at=T0, purchase_id="p1", amount=amount))
            return ledger

        bounds = [0, *sorted(cuts), 499]
        parts: list[int | None] = [b - a for a, b in itertools.pairwise(bounds)]
        assert sum(p or 0 for p in parts) == 499  # coins_330 costs 4.99 USD
        assert run(parts).balances() == run(None).balances()

    def test_creator_clawback_takes_diamonds_in_proportion(self) -> None:
        ledger = Ledger(
            TIKTOK,
            clawback=Clawback.CREATOR_CLAWBACK,
            guards=BalanceGuards(creator_overdraft=Diamonds(100)),
        )
        ledger.apply(bought("p1"))
        ledger.apply(gift("g1", 1, "Rosa", [Recipient("ana", 2), Recipient("bo")]))
        ledger.apply(gift("g2", 55))  # all 65 coins spent: ana 62 diamonds, bo 3
        ledger.apply(Refunded(id="r1", at=T0, purchase_id="p1", amount=Money.parse("0.50", "USD")))
        # 0.50 of 0.99 takes back floor(65 x 50/99) = 32 coins of 65 spent: half, floored.
        tx = ledger.transaction("r1")
        assert tx.amount(ANA, Diamonds).amount == -(62 * 32 // 65)
        assert tx.amount(Account(K.CREATOR_BALANCE, "bo"), Diamonds).amount == -(3 * 32 // 65)
        ledger.apply(Refunded(id="r2", at=T0, purchase_id="p1"))
        assert ledger.balance(ANA, Diamonds).amount == 0
        assert ledger.balance(Account(K.CREATOR_BALANCE, "bo"), Diamonds).amount == 0

    def test_a_clawback_beyond_the_overdraft_is_refused_with_numbers(self) -> None:
        ledger = Ledger(
            TIKTOK,
            clawback=Clawback.WALLET_OVERDRAFT,
            guards=BalanceGuards(viewer_overdraft=Coins(10)),
        )
        ledger.apply(bought("p1"))
        ledger.apply(gift("g1", 60))
        before = ledger.balances()
        with pytest.raises(InsufficientBalanceError) as caught:
            ledger.apply(Refunded(id="r1", at=T0, purchase_id="p1"))
        error = caught.value
        assert (error.account, error.unit, error.balance, error.floor, error.after) == (
            "viewer_wallet:v1",
            "coins",
            5,
            -10,
            -60,
        )
        assert error.shortfall == 50
        assert ledger.balances() == before

    def test_an_overdraft_is_repaid_by_the_next_purchase(self) -> None:
        ledger = Ledger(
            TIKTOK,
            clawback=Clawback.WALLET_OVERDRAFT,
            guards=BalanceGuards(viewer_overdraft=Coins(100)),
        )
        ledger.apply(bought("p1"))
        ledger.apply(gift("g1", 60))
        ledger.apply(Refunded(id="r1", at=T0, purchase_id="p1"))
        assert ledger.overdraft("v1") == Coins(60)
        assert ledger.balance(WALLET, Coins).amount == -60
        ledger.apply(bought("p2", "coins_330"))
        assert ledger.overdraft("v1") == Coins(0)
        assert ledger.wallet("v1").balance == Coins(270)
        assert ledger.balance(WALLET, Coins).amount == 270

    def test_a_chargeback_fee_is_paid_by_the_platform(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1"))
        fee = Money.parse("15", "USD")
        ledger.apply(ChargedBack(id="c1", at=T0, purchase_id="p1", fee=fee, fee_to="card"))
        assert ledger.balance(Account(K.PROCESSOR_PAYABLE, "card"), currency("USD")).minor == 1500
        assert ledger.balance(REVENUE, currency("USD")).minor == -1500


class TestExpiryAndReconversion:
    def test_expired_coins_go_to_breakage_with_their_money(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1"))
        ledger.apply(bought("p2", at=T0 + timedelta(days=400)))
        ledger.apply(
            CoinsExpired(
                id="x1",
                at=T0 + timedelta(days=500),
                viewer="v1",
                acquired_before=T0 + timedelta(days=365),
            )
        )
        assert postings(ledger, "x1") == [
            "viewer_wallet:v1 -65 coins",
            "breakage +65 coins",
            "deferred_revenue -0.69 USD",
            "breakage +0.69 USD",
        ]
        assert ledger.wallet("v1").balance == Coins(65)

    def test_reconversion_must_give_whole_coins(self) -> None:
        with pytest.raises(InvalidValueError, match="multiple of 2"):
            DiamondsReconverted(
                id="d1",
                at=T0,
                creator="ana",
                diamonds=Diamonds(3),
                coins_per_diamond=Rate.parse("0.5"),
            )


class TestPayouts:
    def ledger_with_diamonds(self) -> Ledger:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1", "coins_330"))
        ledger.apply(gift("g1", 300))
        return ledger

    def test_reserve_then_settle_part_returns_the_rest(self) -> None:
        ledger = self.ledger_with_diamonds()
        ledger.apply(PayoutRequested(id="po1", at=T0, creator="ana", diamonds=Diamonds(200)))
        assert ledger.balance(ANA, Diamonds).amount == 100
        net = PayoutLeg(kind=PayoutLegKind.NET, name="creator", amount=Money.parse("0.50", "USD"))
        tax = PayoutLeg(
            kind=PayoutLegKind.WITHHOLDING, name="tax", amount=Money.parse("0.10", "USD")
        )
        ledger.apply(
            PayoutSettled(id="s1", at=T0, payout_id="po1", legs=(net, tax), diamonds=Diamonds(120))
        )
        assert ledger.balance(ANA, Diamonds).amount == 180
        assert ledger.balance(Account(K.PAYOUT_CLEARING, "ana"), Diamonds).amount == 0
        assert ledger.balance(Account(K.EXTERNAL, "ana"), currency("USD")).minor == 50
        assert ledger.balance(Account(K.TAX_PAYABLE, "withholding"), currency("USD")).minor == 10
        with pytest.raises(InvalidValueError, match="at most once"):
            ledger.apply(PayoutFailed(id="f1", at=T0, payout_id="po1"))

    def test_a_failed_payout_returns_the_diamonds_exactly(self) -> None:
        ledger = self.ledger_with_diamonds()
        before = ledger.balance(ANA, Diamonds).amount
        ledger.apply(PayoutRequested(id="po1", at=T0, creator="ana", diamonds=Diamonds(250)))
        ledger.apply(PayoutFailed(id="f1", at=T0, payout_id="po1", reason="bank rejected"))
        assert ledger.balance(ANA, Diamonds).amount == before
        assert ledger.transaction("f1").metadata["reason"] == "bank rejected"

    def test_a_payout_never_overdraws_even_with_an_overdraft_guard(self) -> None:
        ledger = Ledger(TIKTOK, guards=BalanceGuards(creator_overdraft=Diamonds(1000)))
        with pytest.raises(InsufficientBalanceError) as caught:
            ledger.apply(PayoutRequested(id="po1", at=T0, creator="ana", diamonds=Diamonds(5)))
        assert caught.value.floor == 0


class TestReading:
    def test_balance_as_of_a_time(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1", at=T0))
        ledger.apply(bought("p2", at=T0 + timedelta(days=1)))
        assert ledger.balance(WALLET, Coins, at=T0).amount == 65
        assert ledger.balance(WALLET, Coins, at=T0 - timedelta(seconds=1)).amount == 0
        assert ledger.balance(WALLET, Coins).amount == 130

    def test_rejects_a_bad_configuration(self) -> None:
        with pytest.raises(InvalidTypeError, match="economy"):
            Ledger("tiktok")  # type: ignore[arg-type]
        budget = SponsorBudget(
            sponsor="brand", cap=Money.parse("1", "USD"), value_per_coin=Money.parse("0.01", "USD")
        )
        with pytest.raises(InvalidValueError, match="sponsors"):
            Ledger(TIKTOK, sponsors={"other": budget})
        with pytest.raises(InvalidValueError, match="viewer_overdraft"):
            BalanceGuards(viewer_overdraft=Coins(-1))

    def test_an_unknown_sponsor_is_named(self) -> None:
        with pytest.raises(InvalidValueError, match="has no budget") as caught:
            Ledger(TIKTOK).sponsor("brand")
        assert "sponsor" == caught.value.argument


class TestProperties:
    @given(ledgers())
    def test_any_ledger_balances_and_replays_to_the_same_books(self, ledger: Ledger) -> None:
        assert_ledger_balanced(ledger)
        # The same configuration: guards, clawback, agencies, sponsors' budgets, viewers.
        again = Ledger(
            ledger.economy,
            guards=ledger.guards,
            clawback=ledger.clawback,
            agencies=ledger.agencies,
            sponsors=ledger.snapshot().sponsors,
            viewers=ledger.viewers,
        )
        for event in ledger.events:
            again.apply(event)
        assert again.journal == ledger.journal
        assert again.balances() == ledger.balances()
        for event in ledger.events:
            assert again.apply(event).replayed

    @given(statements())
    def test_statements_add_up(self, statement: Statement) -> None:
        total = statement.opening + sum(line.amount for line in statement.lines)
        assert statement.closing == total
        assert all(statement.start <= line.at < statement.end for line in statement.lines)


class TestStatements:
    def test_a_viewer_history_and_the_balance_as_of_its_end_agree(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1", at=T0))
        ledger.apply(gift("g1", 5))
        ledger.apply(bought("p2", at=T0 + timedelta(days=3)))
        end = T0 + timedelta(days=2)
        history = ledger.viewer_history("v1", start=T0 - timedelta(days=1), end=end)
        assert [(line.kind, line.amount, line.balance) for line in history.lines] == [
            ("coins_purchased", 65, 65),
            ("gift_sent", -5, 60),
        ]
        assert history.closing == ledger.balance(WALLET, Coins, at=end).amount

    def test_refuses_an_empty_period(self) -> None:
        with pytest.raises(InvalidValueError, match="end"):
            Ledger(TIKTOK).creator_statement("ana", start=T0, end=T0)


def _economies() -> list[Economy]:
    tiktok = TIKTOK
    ratio = DiamondRatio(
        diamonds_per_coin=Rate.parse("7/10"), diamond_value=ExactMoney.parse("0.005", "USD")
    )
    return [
        tiktok,
        attrs.evolve(tiktok, conversion=ratio, diamond_rounding=Rounding.HALF_EVEN),
        attrs.evolve(
            tiktok, conversion=ratio, diamond_rounding=Rounding.UP, battle_bonus=Rate.parse("10%")
        ),
    ]


class TestAgainstSendGift:
    """The ledger books exactly what send_gift computes, whichever of its paths a gift takes."""

    @given(
        economy=st.sampled_from(_economies()),
        sends=st.lists(
            st.tuples(
                st.sampled_from(("Rose", "Finger Heart", "Rosa", "Paper Crane")),
                st.integers(1, 10),
                st.sampled_from((("ana",), ("bo",), ("ana", "bo"), ("cy", "ana"))),
                st.booleans(),
            ),
            min_size=1,
            max_size=25,
        ),
    )
    def test_diamonds_carry_and_coins_match(
        self, economy: Economy, sends: list[tuple[str, int, tuple[str, ...], bool]]
    ) -> None:
        agencies = {"cy": Agency(id="agency-1", rate=Rate.parse("10%"))}
        ledger = Ledger(economy, agencies=agencies)
        quote = economy.price_book.quote("coins_16500", country="US", channel=Channel.IOS, at=T0)
        purchase = checkout(quote, purchase_id="p1")
        ledger.apply(CoinsPurchased(id="p1", viewer="v1", purchase=purchase))
        wallet, carry = Wallet().credit(*purchase.lots), Carry()
        diamonds: dict[str, int] = {}
        for i, (name, count, recipients, battle) in enumerate(sends):
            event = GiftEvent(
                id=f"g{i}",
                viewer="v1",
                gift=name,
                count=count,
                recipients=list(recipients),
                country="US",
                at=T0,
                battle=battle,
            )
            receipt = send_gift(economy, wallet, event, carry=carry, agencies=agencies)
            wallet, carry = receipt.wallet, receipt.carry
            for share in receipt.shares:
                diamonds[share.creator] = diamonds.get(share.creator, 0) + share.diamonds.amount
            ledger.apply(GiftSent(gift=event))
        assert ledger.carry == carry
        assert ledger.wallet("v1").balance == wallet.balance
        for creator, expected in diamonds.items():
            assert expected == ledger.balance(Account(K.CREATOR_BALANCE, creator), Diamonds).amount
        assert_ledger_balanced(ledger)
