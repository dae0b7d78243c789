"""One book in every currency: conversions, rounding and payouts across currencies.

The economy is TikTok's with one more storefront: an illustrative German one in
EUR (its prices are made up for the test, not published figures). Coins bought in
GBP and EUR fund gifts whose diamonds are valued in USD; rates travel in the events.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Account,
    AccountKind,
    Agency,
    BalanceGuards,
    Channel,
    ChargedBack,
    Clawback,
    CoinsPurchased,
    Creator,
    Diamonds,
    DiamondValuation,
    Economy,
    FxRate,
    FxRates,
    GiftEvent,
    GiftflowError,
    GiftSent,
    InvalidValueError,
    Ledger,
    LedgerEvent,
    MissingRateError,
    Money,
    PayableSettled,
    PayoutPlan,
    PayoutRequested,
    PayoutSettled,
    Rate,
    Refunded,
    Rounding,
    Storefront,
    Tax,
    TaxMode,
    checkout,
    currency,
    from_data,
    plan_payout,
    presets,
    send_gift,
    to_data,
)
from giftflow.presets import apple_fee
from giftflow.presets._common import package_prices
from tests.ledger.units import unit as unit_of_code
from tests.ledger.units import units

K = AccountKind
T0 = datetime(2026, 11, 2, 12, tzinfo=UTC)
RATES = FxRates(
    (
        FxRate.of("GBP", "USD", "1.2634"),
        FxRate.of("EUR", "USD", "1.0812"),
        FxRate.of("USD", "EUR", "0.9249"),
    )
)
AGENCY = Agency(id="agency-1", rate=Rate.parse("10%"))
FX = Account(K.FX_CONVERSION)
ROUNDING = Account(K.ROUNDING)
REVENUE = Account(K.PLATFORM_REVENUE)


def economy(conversion: object = None) -> Economy:
    """TikTok's economy with an illustrative EUR storefront (made-up prices)."""
    base = attrs.evolve(presets.tiktok(), spending_rules=None)  # tested in test_ledger_spending
    eur = currency("EUR")
    germany = Storefront(
        country="DE",
        currency=eur,
        tax=Tax(rate=Rate.parse("19%"), mode=TaxMode.INCLUDED, rounding=Rounding.HALF_UP),
        fees={Channel.IOS: (apple_fee(eur),)},
    )
    prices = package_prices(
        "DE",
        Channel.IOS,
        [("coins_65", "1.09"), ("coins_330", "5.49"), ("coins_3300", "54.99")],
        "EUR",
    )
    book = attrs.evolve(
        base.price_book,
        storefronts=(*base.price_book.storefronts, germany),
        prices=(*base.price_book.prices, *prices),
    )
    changed = attrs.evolve(base, price_book=book)
    if conversion is not None:
        changed = attrs.evolve(changed, conversion=conversion)  # type: ignore[arg-type]
    return changed


def buy(
    ledger: Ledger, purchase_id: str, viewer: str, country: str, package: str, at: datetime = T0
) -> None:
    quote = ledger.economy.price_book.quote(package, country=country, channel=Channel.IOS, at=at)
    ledger.apply(
        CoinsPurchased(
            id=purchase_id, viewer=viewer, purchase=checkout(quote, purchase_id=purchase_id)
        )
    )


def gift(
    gift_id: str,
    viewer: str,
    name: str,
    count: int,
    recipients: object,
    at: datetime = T0,
    fx: FxRates | None = RATES,
) -> GiftSent:
    event = GiftEvent(
        id=gift_id,
        viewer=viewer,
        gift=name,
        count=count,
        recipients=recipients,  # type: ignore[arg-type]
        country="US",
        at=at,
    )
    return GiftSent(gift=event, fx=None if fx is None else fx.at(at))


def assert_balanced(ledger: Ledger) -> None:
    assert all(total == 0 for total in ledger.totals().values()), ledger.totals()
    assert all(-1 < residue < 1 for residue in ledger.residues().values())


class TestGiftsAcrossCurrencies:
    def test_an_agency_gift_paid_in_gbp_needs_a_rate_and_names_pair_time_and_agency(self) -> None:
        ledger = Ledger(economy(), agencies={"ana": AGENCY})
        buy(ledger, "p1", "v1", "GB", "coins_65")
        before = (ledger.balances(), tuple(ledger.journal), ledger.residues())
        with pytest.raises(MissingRateError) as caught:
            ledger.apply(gift("g1", "v1", "Rose", 5, "ana", fx=None))
        assert ("fx", "GBP->USD") == (caught.value.argument, caught.value.value)
        assert T0.isoformat() in str(caught.value)
        assert "agency-1" in str(caught.value)
        assert "'ana'" in str(caught.value)
        assert before == (ledger.balances(), tuple(ledger.journal), ledger.residues())

    def test_an_agency_gift_paid_in_gbp_books_revenue_and_commission_in_usd(self) -> None:
        ledger = Ledger(economy(), agencies={"ana": AGENCY})
        buy(ledger, "p1", "v1", "GB", "coins_65")
        deferred = ledger.balance(Account(K.DEFERRED_REVENUE), currency("GBP")).minor
        tx = ledger.apply(gift("g1", "v1", "Rose", 65, "ana")).transaction
        assert "1 GBP = 1.2634 USD" == tx.metadata["fx"]
        # All of the purchase's deferred GBP is released and converted.
        assert 0 == ledger.balance(Account(K.DEFERRED_REVENUE), currency("GBP")).minor
        assert deferred == ledger.balance(FX, currency("GBP")).minor
        converted = Fraction(deferred) * Fraction("1.2634")
        usd_out = -ledger.balance(FX, currency("USD")).minor
        # What left the conversion account in USD plus the residue below a cent is
        # exactly the GBP's value; the whole cents of residue are in the rounding account.
        assert converted == usd_out + ledger.residues().get("USD", 0)
        commission = ledger.balance(Account(K.AGENCY_PAYABLE, "agency-1"), currency("USD")).minor
        assert commission > 0
        assert (
            usd_out
            == ledger.balance(REVENUE, currency("USD")).minor
            + commission
            + ledger.balance(ROUNDING, currency("USD")).minor
        )
        assert 0 == ledger.balance(REVENUE, currency("GBP")).minor
        assert_balanced(ledger)

    def test_the_ledger_issues_what_send_gift_computes_with_the_same_rates(self) -> None:
        net_share = economy(presets.tiktok_net_share())
        ledger = Ledger(net_share)
        buy(ledger, "p1", "v1", "GB", "coins_65")
        wallet, carry = ledger.wallet("v1"), ledger.carry
        event = gift("g1", "v1", "Rose", 7, "ana")
        receipt = send_gift(net_share, wallet, event.gift, carry=carry, fx=event.fx)
        ledger.apply(event)
        assert (
            receipt.diamonds.amount
            == ledger.balance(Account(K.CREATOR_BALANCE, "ana"), Diamonds).amount
        )
        assert receipt.funding.net.currency == currency("USD")

    def test_co_hosts_share_a_gift_paid_from_gbp_and_eur_lots(self) -> None:
        ledger = Ledger(economy())
        buy(ledger, "p1", "v1", "GB", "coins_65")
        buy(ledger, "p2", "v1", "DE", "coins_65")
        with pytest.raises(MissingRateError) as caught:
            ledger.apply(gift("g0", "v1", "Rose", 100, ("ana", "bo"), fx=None))
        assert "EUR and GBP" in str(caught.value)
        tx = ledger.apply(gift("g1", "v1", "Rose", 100, ("ana", "bo"))).transaction
        assert {"1 GBP = 1.2634 USD", "1 EUR = 1.0812 USD"} == set(tx.metadata["fx"].split("; "))
        ana = ledger.balance(Account(K.CREATOR_BALANCE, "ana"), Diamonds).amount
        bo = ledger.balance(Account(K.CREATOR_BALANCE, "bo"), Diamonds).amount
        assert 100 == ana + bo + sum(ledger.carry.remainders.values())
        assert ledger.balance(FX, currency("GBP")).minor > 0
        assert ledger.balance(FX, currency("EUR")).minor > 0
        assert_balanced(ledger)

    def test_a_plain_gift_without_rates_keeps_revenue_in_the_currency_paid(self) -> None:
        ledger = Ledger(economy())
        buy(ledger, "p1", "v1", "GB", "coins_65")
        ledger.apply(gift("g1", "v1", "Rose", 65, "ana", fx=None))
        assert ledger.balance(REVENUE, currency("GBP")).minor > 0
        assert (
            0
            == ledger.balance(FX, currency("GBP")).minor
            == ledger.balance(FX, currency("USD")).minor
        )


def _creator() -> Creator:
    return Creator(
        country="DE",
        birth_date=date(1990, 5, 1),
        payout_account_since=datetime(2026, 1, 1, tzinfo=UTC),
    )


def _eur_plan(ledger: Ledger, now: datetime) -> PayoutPlan:
    return plan_payout(
        presets.tiktok_payout_policy(),
        earnings=ledger.earnings("ana"),
        payouts=[],
        now=now,
        creator=_creator(),
        method=presets.tiktok_payout_policy().methods[0].name,
        payout_currency="EUR",
        valuation=DiamondValuation.from_conversion(ledger.economy.conversion),
        rounding=Rounding.DOWN,
        fx=RATES,
    )


class TestPayoutsAcrossCurrencies:
    def earned(self) -> Ledger:
        ledger = Ledger(economy())
        buy(ledger, "p1", "v1", "GB", "coins_6607")
        ledger.apply(gift("g1", "v1", "Swan", 9, "ana"))
        return ledger

    def test_a_eur_payout_pays_eur_through_the_conversion_account(self) -> None:
        ledger = self.earned()
        plan = _eur_plan(ledger, T0 + timedelta(days=20))
        assert plan.pays
        assert currency("EUR") == plan.paid.currency
        ledger.apply(PayoutRequested.from_plan(plan, id="po1", creator="ana"))
        settled = PayoutSettled.from_plan(plan, id="s1", payout_id="po1")
        usd_before = ledger.balance(FX, currency("USD")).minor
        tx = ledger.apply(settled).transaction
        assert plan.paid.minor == ledger.balance(Account(K.EXTERNAL, "ana"), currency("EUR")).minor
        assert 0 == ledger.balance(Account(K.EXTERNAL, "ana"), currency("USD")).minor
        assert plan.net.minor == ledger.balance(FX, currency("USD")).minor - usd_before
        exact = Fraction(plan.net.minor) * Fraction("0.9249")
        eur_out = -ledger.balance(FX, currency("EUR")).minor
        assert exact == eur_out + ledger.residues().get("EUR", 0)
        assert eur_out == plan.paid.minor + ledger.balance(ROUNDING, currency("EUR")).minor
        assert "1 USD = 0.9249 EUR" == tx.metadata["fx"]
        assert_balanced(ledger)

    def test_paid_that_is_not_the_net_converted_is_refused_and_changes_nothing(self) -> None:
        ledger = self.earned()
        plan = _eur_plan(ledger, T0 + timedelta(days=20))
        ledger.apply(PayoutRequested.from_plan(plan, id="po1", creator="ana"))
        settled = PayoutSettled.from_plan(plan, id="s1", payout_id="po1")
        forged = attrs.evolve(settled, paid=Money.of_minor(plan.paid.minor + 100, "EUR"))
        before = ledger.balances()
        with pytest.raises(InvalidValueError) as caught:
            ledger.apply(forged)
        assert "paid" == caught.value.argument
        assert before == ledger.balances()

    def test_forfeited_diamonds_go_to_breakage_with_the_request(self) -> None:
        ledger = self.earned()
        request = PayoutRequested(
            id="po1",
            at=T0 + timedelta(days=20),
            creator="ana",
            diamonds=Diamonds(1_000),
            forfeited=Diamonds(99),
        )
        held = ledger.balance(Account(K.CREATOR_BALANCE, "ana"), Diamonds).amount
        ledger.apply(request)
        assert 99 == ledger.balance(Account(K.BREAKAGE), Diamonds).amount
        assert held - 1_099 == ledger.balance(Account(K.CREATOR_BALANCE, "ana"), Diamonds).amount
        assert_balanced(ledger)


class TestReplay:
    def test_a_stored_multi_currency_ledger_replays_without_a_rate_source(self) -> None:
        ledger = Ledger(economy(), agencies={"ana": AGENCY})
        buy(ledger, "p1", "v1", "GB", "coins_65")
        buy(ledger, "p2", "v2", "DE", "coins_330")
        ledger.apply(gift("g1", "v1", "Rose", 30, ("ana", "bo")))
        ledger.apply(gift("g2", "v2", "Rose", 300, "ana", at=T0 + timedelta(hours=1)))
        again = from_data(Ledger, to_data(ledger))
        assert ledger.balances() == again.balances()
        assert ledger.residues() == again.residues()
        assert ledger.journal == again.journal


# -- property: random multi-currency stories balance after every event -------------------

VIEWERS = {"v1": "GB", "v2": "DE", "v3": "US"}
PACKAGES = {
    "GB": ("coins_65", "coins_6607"),
    "DE": ("coins_65", "coins_330", "coins_3300"),
    "US": ("coins_65", "coins_330", "coins_3300"),
}


@st.composite
def stories(draw: st.DrawFn) -> tuple[Ledger, list[LedgerEvent]]:
    clawback = draw(st.sampled_from(list(Clawback)))
    guards = (
        BalanceGuards(creator_overdraft=Diamonds(10**6))
        if clawback is Clawback.CREATOR_CLAWBACK
        else None
    )
    if clawback is Clawback.WALLET_OVERDRAFT:
        from giftflow import Coins

        guards = BalanceGuards(viewer_overdraft=Coins(10**6))
    conversion = draw(st.sampled_from([None, presets.tiktok_net_share()]))
    ledger = Ledger(economy(conversion), guards=guards, clawback=clawback, agencies={"ana": AGENCY})
    events: list[LedgerEvent] = []
    at = T0
    for index in range(draw(st.integers(min_value=1, max_value=14))):
        at += timedelta(minutes=draw(st.integers(min_value=1, max_value=600)))
        kind = draw(st.sampled_from(["buy", "buy", "gift", "gift", "gift", "refund", "chargeback"]))
        viewer = draw(st.sampled_from(sorted(VIEWERS)))
        if kind == "buy":
            package = draw(st.sampled_from(PACKAGES[VIEWERS[viewer]]))
            quote = ledger.economy.price_book.quote(
                package, country=VIEWERS[viewer], channel=Channel.IOS, at=at
            )
            events.append(
                CoinsPurchased(
                    id=f"p{index}", viewer=viewer, purchase=checkout(quote, purchase_id=f"p{index}")
                )
            )
        elif kind == "gift":
            buyers = sorted({e.viewer for e in events if isinstance(e, CoinsPurchased)})
            if not buyers:
                continue
            viewer = draw(st.sampled_from(buyers))
            recipients = draw(st.sampled_from(["ana", "bo", ("ana", "bo"), ("bo", "cy")]))
            name, most = draw(st.sampled_from([("Rose", 60), ("Swan", 8), ("Swan", 8)]))
            count = draw(st.integers(min_value=1, max_value=most))
            events.append(gift(f"g{index}", viewer, name, count, recipients, at=at))
        else:
            bought = [e.id for e in events if isinstance(e, CoinsPurchased)]
            if not bought:
                continue
            purchase_id = draw(st.sampled_from(bought))
            cls = Refunded if kind == "refund" else ChargedBack
            events.append(cls(id=f"r{index}", at=at, purchase_id=purchase_id))
    return ledger, events


def _pay_out_in_eur(ledger: Ledger, creator: str, now: datetime) -> PayoutPlan:
    """A payout the ledger plans itself, paid in EUR, applied: never refused."""
    policy = presets.tiktok_payout_policy()
    plan = ledger.plan_payout(
        creator,
        policy,
        now=now,
        method=policy.methods[0].name,
        payout_currency="EUR",
        profile=_creator(),
        rounding=Rounding.DOWN,
        fx=RATES,
    )
    assert plan.diamonds.amount <= max(ledger.diamonds(creator).available.amount, 0)
    if plan.pays:
        ledger.apply(PayoutRequested.from_plan(plan, id=f"po-{creator}", creator=creator))
        ledger.apply(PayoutSettled.from_plan(plan, id=f"ps-{creator}", payout_id=f"po-{creator}"))
        assert_balanced(ledger)
    return plan


def _settle_payables(ledger: Ledger, at: datetime) -> None:
    """Pay every payable the platform owes in full: each ends exactly at zero."""
    for index, ((account, unit), owed) in enumerate(sorted(ledger.payables().items())):
        if owed <= 0:  # owed back to the platform after a refund: nothing to pay
            continue
        amount = Money.of_minor(owed, unit)
        ledger.apply(PayableSettled(id=f"settle{index}", at=at, payable=account, amount=amount))
        assert 0 == units(ledger.balance(account, unit_of_code(unit)))
        assert_balanced(ledger)


@given(stories())
def test_multi_currency_stories_balance_in_every_unit_after_every_event(
    story: tuple[Ledger, list[LedgerEvent]],
) -> None:
    ledger, events = story
    for event in events:
        before = ledger.balances()
        try:
            ledger.apply(event)
        except GiftflowError:
            assert before == ledger.balances()
        assert_balanced(ledger)
        for (account, unit), value in ledger.balances().items():
            if account.kind is K.DEFERRED_REVENUE:
                assert value >= 0, (account, unit)
    # Gifts convert GBP and EUR into USD: the conversion account took those in, gave USD out.
    assert all(v >= 0 for (a, u), v in ledger.balances().items() if a == FX and u != "USD")
    assert ledger.balance(FX, currency("USD")).minor <= 0
    # Month end: every creator paid in EUR (a third currency for the GBP coins), payables settled.
    end = max([T0, *(event.at for event in events)]) + timedelta(days=30)
    for creator in ("ana", "bo", "cy"):
        _pay_out_in_eur(ledger, creator, end)
    _settle_payables(ledger, end + timedelta(days=30))
    assert all(owed < 0 for owed in ledger.payables().values())
    again = from_data(Ledger, to_data(ledger))
    assert again.balances() == ledger.balances()
    assert again.residues() == ledger.residues()


@given(stories())
def test_the_plain_gift_fast_path_books_what_send_gift_books(
    story: tuple[Ledger, list[LedgerEvent]],
) -> None:
    # A plain gift (one recipient, fixed ratio, no agency) skips building a receipt; with
    # and without rates it must book exactly what the general path through send_gift does.
    from giftflow._coins_out._issuance import Issuance

    fast, events = story
    fast = Ledger(fast.economy, clawback=fast.clawback, guards=fast.guards)
    slow = Ledger(fast.economy, clawback=fast.clawback, guards=fast.guards)
    original = Issuance.by_coins
    for event in events:
        outcomes = []
        for ledger, plain in ((fast, True), (slow, False)):
            Issuance.by_coins = original if plain else (lambda self, **_: False)  # type: ignore[method-assign]
            try:
                outcomes.append(ledger.apply(event).transaction)
            except GiftflowError as refused:
                outcomes.append(type(refused))  # type: ignore[arg-type]
            finally:
                Issuance.by_coins = original  # type: ignore[method-assign]
        assert outcomes[0] == outcomes[1]
    assert fast.balances() == slow.balances()
    assert fast.carry == slow.carry
    assert fast.residues() == slow.residues()


def test_a_battle_gift_across_currencies_issues_what_send_gift_computes() -> None:
    battle = attrs.evolve(economy(), battle_bonus=Rate.parse("8%"))
    ledger = Ledger(battle, agencies={"ana": AGENCY})
    buy(ledger, "p1", "v1", "GB", "coins_6607")
    buy(ledger, "p2", "v1", "DE", "coins_330")
    event = GiftSent(
        gift=GiftEvent(
            id="g1",
            viewer="v1",
            gift="Swan",
            count=9,
            recipients=("ana", "bo"),
            country="US",
            at=T0,
            battle=True,
        ),
        fx=RATES,
    )
    receipt = send_gift(
        battle,
        ledger.wallet("v1"),
        event.gift,
        carry=ledger.carry,
        agencies=ledger.agencies,
        fx=RATES,
    )
    ledger.apply(event)
    for share in receipt.shares:
        assert share.battle_bonus > 0
        assert (
            share.diamonds.amount
            == ledger.balance(Account(K.CREATOR_BALANCE, share.creator), Diamonds).amount
        )
    assert_balanced(ledger)
