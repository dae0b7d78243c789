"""Sending gifts: coins debited, diamonds issued and carried, shares split exactly."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Agency,
    Carry,
    Catalog,
    CatalogVersion,
    Channel,
    Coins,
    CurrencyMismatchError,
    Diamonds,
    Economy,
    ExactMoney,
    FxRate,
    FxRates,
    Gift,
    GiftEvent,
    GiftflowError,
    InsufficientCoinsError,
    InvalidTypeError,
    InvalidValueError,
    MissingRateError,
    Money,
    NaiveDatetimeError,
    Rate,
    Recipient,
    Rounding,
    SponsorBudget,
    SponsorBudgetError,
    UnknownGiftError,
    Wallet,
    checkout,
    currency,
    presets,
    send_gift,
)
from giftflow.testing import (
    gift_events,
    roundings,
    sponsor_budgets,
)
from tests.gift_scenarios import CREATORS, Scenario, run, scenarios, whole_entitlement

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
USD = currency("USD")


def usd(text: str) -> Money:
    return Money.parse(text, USD)


def exact_usd(text: str) -> ExactMoney:
    return ExactMoney.parse(text, USD)


def bought(
    economy: Economy,
    *packages: str,
    channel: Channel = Channel.WEB,
    country: str = "US",
    at: datetime = AT,
) -> Wallet:
    wallet = Wallet()
    for index, package in enumerate(packages):
        quote = economy.price_book.quote(package, country=country, channel=channel, at=at)
        purchase = checkout(
            quote,
            purchase_id=f"p{index}",
            proceeds_to_date=usd("5000000"),
            cost_basis=economy.cost_basis,
        )
        wallet = wallet.credit(*purchase.lots)
    return wallet


def event(
    gift: str,
    count: int = 1,
    recipients: str | Sequence[str | Recipient] = "ana",
    *,
    viewer: str = "v1",
    battle: bool = False,
    at: datetime = AT,
    event_id: str = "e1",
) -> GiftEvent:
    return GiftEvent(
        id=event_id,
        viewer=viewer,
        gift=gift,
        count=count,
        recipients=recipients if isinstance(recipients, str) else list(recipients),
        country="US",
        at=at,
        battle=battle,
    )


def sponsored_economy() -> Economy:
    """Twitch Bits with a sponsored 'Brand Cheer' of 10 Bits paid by 'brand'."""
    twitch = presets.twitch_bits()
    gifts = (
        *twitch.catalog.versions[0].gifts,
        Gift(id="brand_cheer", name="Brand Cheer", price=Coins(10), sponsor="brand"),
    )
    catalog = Catalog(versions=(CatalogVersion(version="sponsored", gifts=gifts),))
    return attrs.evolve(twitch, catalog=catalog)


# -- tests ----------------------------------------------------------------------------


class TestRecipient:
    def test_defaults_to_weight_one(self) -> None:
        assert Recipient("ana", 1) == Recipient("ana")

    @pytest.mark.parametrize("weight", [0, -1, 1.5, True])
    def test_rejects_weight_that_is_not_a_positive_int(self, weight: object) -> None:
        with pytest.raises(InvalidValueError, match="weight") as caught:
            Recipient("ana", weight)  # type: ignore[arg-type]
        assert "weight" == caught.value.argument

    def test_rejects_bad_creator_name(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            Recipient("")
        assert "creator" == caught.value.argument


class TestGiftEvent:
    def test_turns_a_creator_name_into_one_recipient(self) -> None:
        assert (Recipient("ana"),) == event("Rose").recipients

    def test_accepts_co_hosts_with_weights(self) -> None:
        co_hosts = event("Rose", recipients=[Recipient("ana", 2), "bo"]).recipients
        assert (Recipient("ana", 2), Recipient("bo", 1)) == co_hosts

    def test_upper_cases_the_country(self) -> None:
        made = GiftEvent(
            id="e1", viewer="v", gift="Rose", count=1, recipients="ana", country="gb", at=AT
        )
        assert "GB" == made.country

    @pytest.mark.parametrize("count", [0, -3, 2.0, True])
    def test_rejects_count_that_is_not_a_positive_int(self, count: object) -> None:
        with pytest.raises(InvalidValueError) as caught:
            event("Rose", count)  # type: ignore[arg-type]
        assert "count" == caught.value.argument

    def test_rejects_a_recipient_listed_twice(self) -> None:
        with pytest.raises(InvalidValueError, match="names a creator twice") as caught:
            event("Rose", recipients=["ana", Recipient("ana", 2)])
        assert "recipients" == caught.value.argument

    def test_rejects_no_recipients(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            event("Rose", recipients=[])
        assert "recipients" == caught.value.argument

    def test_rejects_a_naive_datetime(self) -> None:
        with pytest.raises(NaiveDatetimeError) as caught:
            event("Rose", at=datetime(2026, 11, 24, 20))
        assert "at" == caught.value.argument

    def test_rejects_a_bad_country(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            GiftEvent(
                id="e1", viewer="v", gift="Rose", count=1, recipients="ana", country="USA", at=AT
            )
        assert "country" == caught.value.argument

    @given(
        st.fixed_dictionaries(
            {},
            optional={
                field: st.sampled_from(
                    [None, 0, 1, 2.0, True, "", "Rose", "us", [], ["ana", "ana"], AT, Coins(1)]
                )
                for field in ("id", "viewer", "gift", "count", "recipients", "country", "at")
            },
        )
    )
    def test_any_input_is_an_event_or_a_giftflow_error(self, fields: dict[str, object]) -> None:
        complete = {
            "id": "e1",
            "viewer": "v1",
            "gift": "Rose",
            "count": 1,
            "recipients": "ana",
            "country": "US",
            "at": AT,
            **fields,
        }
        with contextlib.suppress(GiftflowError):
            GiftEvent(**complete)  # type: ignore[arg-type]

    @given(gift_events(economy=presets.tiktok()))
    def test_generated_events_name_a_sendable_gift(self, gift_event: GiftEvent) -> None:
        gift = presets.tiktok().catalog.gift(
            gift_event.gift, country=gift_event.country, at=gift_event.at
        )
        assert gift_event.gift in (gift.id, gift.name)


class TestAgency:
    def test_rejects_a_rate_above_one_hundred_percent(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            Agency(id="a", rate=Rate.parse("101%"))
        assert "rate" == caught.value.argument

    def test_rejects_a_rate_that_is_not_a_rate(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            Agency(id="a", rate=0.1)  # type: ignore[arg-type]
        assert "rate" == caught.value.argument


class TestSponsorBudget:
    def budget(self, cap: str = "1.00", per_coin: str = "0.01") -> SponsorBudget:
        return SponsorBudget(sponsor="brand", cap=usd(cap), value_per_coin=usd(per_coin))

    def test_charges_the_value_of_the_coins(self) -> None:
        cost, after = self.budget().charge(Coins(30))
        assert exact_usd("0.30") == cost
        assert exact_usd("0.70") == after.remaining
        assert exact_usd("0.30") == after.spent

    def test_may_spend_exactly_the_cap(self) -> None:
        _, after = self.budget().charge(Coins(100))
        assert exact_usd("0") == after.remaining

    def test_refuses_to_exceed_the_cap_and_changes_nothing(self) -> None:
        budget = self.budget()
        _, after = budget.charge(Coins(60))
        with pytest.raises(SponsorBudgetError) as caught:
            after.charge(Coins(41))
        assert ("brand", exact_usd("0.41"), exact_usd("0.40")) == (
            caught.value.sponsor,
            caught.value.needed,
            caught.value.remaining,
        )
        assert exact_usd("0.40") == after.remaining
        assert exact_usd("1.00") == budget.remaining

    def test_rejects_a_price_in_another_currency(self) -> None:
        with pytest.raises(CurrencyMismatchError):
            SponsorBudget(sponsor="brand", cap=usd("1"), value_per_coin=Money.parse("0.01", "EUR"))

    def test_rejects_spent_beyond_the_cap(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            attrs.evolve(self.budget(), spent=exact_usd("1.01"))
        assert "spent" == caught.value.argument

    def test_rejects_a_negative_cap(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            self.budget(cap="-1")
        assert "cap" == caught.value.argument

    @given(sponsor_budgets(), st.integers(0, 10**6))
    def test_spent_plus_remaining_is_the_cap(self, budget: SponsorBudget, count: int) -> None:
        needed = budget.value_per_coin.minor * count
        if needed > budget.remaining.minor:
            with pytest.raises(SponsorBudgetError):
                budget.charge(Coins(count))
            return
        cost, after = budget.charge(Coins(count))
        assert needed == cost.minor
        assert budget.remaining.minor - cost.minor == after.remaining.minor
        spent = after.spent
        assert spent is not None
        assert budget.cap.minor == spent.minor + after.remaining.minor


class TestGiftReceipt:
    def test_diamonds_add_up_the_shares(self) -> None:
        economy = presets.tiktok()
        wallet = bought(economy, "coins_70")
        receipt = send_gift(
            economy,
            wallet,
            event("Rose", 7, [Recipient("ana", 2), "bo"]),
            carry=Carry(),
        )
        assert Diamonds(sum(s.diamonds.amount for s in receipt.shares)) == receipt.diamonds


class TestCoHostSplits:
    """A gift's diamonds split from the rounded total (issue #16); see docs/design.md."""

    @given(scenarios())
    def test_diamonds_sum_to_the_rounded_whole_gift(self, scenario: Scenario) -> None:
        for gift_event in scenario.events:
            receipt = send_gift(
                scenario.economy,
                scenario.wallets[gift_event.viewer],
                gift_event,
                carry=Carry(),
                metrics=scenario.metrics,
                agencies=scenario.agencies,
                sponsors=scenario.sponsors,
            )
            exact = sum((s.entitlement + s.battle_bonus for s in receipt.shares), Fraction(0))
            rounded = scenario.economy.diamond_rounding.round(exact)
            assert Diamonds(rounded.units) == receipt.diamonds
            assert rounded.remainder == sum(receipt.carry.remainders.values(), Fraction(0))

    @given(scenarios())
    def test_co_hosts_share_what_one_recipient_would_get(self, scenario: Scenario) -> None:
        # One rate for all (the same metrics), so one recipient of the whole gift exists.
        metrics = dict.fromkeys(CREATORS, scenario.metrics["ana"])
        for gift_event in scenario.events:
            first = gift_event.recipients[0].creator
            co_hosts, alone = (
                send_gift(
                    scenario.economy,
                    scenario.wallets[gift_event.viewer],
                    sent,
                    carry=Carry(),
                    metrics=metrics,
                    agencies=scenario.agencies,
                    sponsors=scenario.sponsors,
                )
                for sent in (gift_event, attrs.evolve(gift_event, recipients=first))
            )
            weights = [recipient.weight for recipient in gift_event.recipients]
            # The one recipient's diamonds, split by largest remainder, ties to the earlier.
            assert alone.diamonds.allocate(weights) == tuple(s.diamonds for s in co_hosts.shares)
            # The carries hold what one recipient would carry, and only that.
            carried = sum(co_hosts.carry.remainders.values(), Fraction(0))
            assert alone.carry.of(first) == carried
            if not carried:
                assert Carry() == co_hosts.carry
            # Value is conserved: the shares' values are the one recipient's.
            assert alone.shares[0].value.minor == sum(s.value.minor for s in co_hosts.shares)


class TestSendGift:
    # -- worked examples

    def test_cheering_100_bits_gives_the_streamer_100_bits(self) -> None:
        economy = presets.twitch_bits()
        receipt = send_gift(economy, bought(economy, "bits_100"), event("Cheer100"), carry=Carry())
        (share,) = receipt.shares
        assert (Diamonds(100), Coins(0)) == (share.diamonds, receipt.wallet.balance)
        assert exact_usd("1.00") == share.value
        assert (exact_usd("1.40"), exact_usd("1.40")) == (
            receipt.funding.gross,
            receipt.funding.net,
        )

    def test_debits_price_times_count_from_the_wallet(self) -> None:
        economy = presets.tiktok()
        wallet = bought(economy, "coins_350")
        receipt = send_gift(economy, wallet, event("Finger Heart", 12), carry=Carry())
        assert Coins(60) == receipt.coins
        assert Coins(350 - 60) == receipt.wallet.balance
        assert [Coins(60)] == [debit.coins for debit in receipt.debits]
        assert Coins(350) == wallet.balance

    def test_splits_a_gift_among_co_hosts_by_weight(self) -> None:
        economy = presets.tiktok()
        receipt = send_gift(
            economy,
            bought(economy, "coins_70"),
            event("Rose", 5, [Recipient("ana", 2), "bo"]),
            carry=Carry(),
        )
        ana, bo = receipt.shares
        assert (Coins(3), Coins(2)) == (ana.coins, bo.coins)  # 10/3 and 5/3, largest remainder
        # The 5 diamonds split as the coins do; nothing is fractional, so nothing is carried.
        assert (Fraction(3), Fraction(2)) == (ana.entitlement, bo.entitlement)
        assert (Diamonds(3), Diamonds(2)) == (ana.diamonds, bo.diamonds)
        assert Carry() == receipt.carry

    def test_a_lion_split_50_50_gives_15_000_and_14_999(self) -> None:
        # Issue #16: not 14,999 + 14,999 with half a diamond carried for each.
        economy = presets.tiktok()
        wallet = bought(economy, *["coins_7000"] * 5)
        receipt = send_gift(economy, wallet, event("Lion", 1, ["ana", "bo"]), carry=Carry())
        ana, bo = receipt.shares
        assert (Diamonds(15_000), Diamonds(14_999)) == (ana.diamonds, bo.diamonds)
        assert (Coins(15_000), Coins(14_999)) == (ana.coins, bo.coins)
        assert (Fraction(15_000), Fraction(14_999)) == (ana.entitlement, bo.entitlement)
        assert Carry() == receipt.carry

    def test_co_hosts_keep_their_own_carries(self) -> None:
        # A creator's carry stays theirs: the split moves no remainder between co-hosts.
        economy = presets.tiktok()
        carry = Carry({"ana": Fraction(1, 2), "bo": Fraction(1, 4)})
        receipt = send_gift(
            economy, bought(economy, "coins_70"), event("Rose", 3, ["ana", "bo"]), carry=carry
        )
        assert [Diamonds(2), Diamonds(1)] == [share.diamonds for share in receipt.shares]
        assert carry == receipt.carry

    def test_a_fraction_left_over_is_carried_by_weight(self) -> None:
        # Bigo: a Diamond gives half a Bean. 5 Diamonds make 2 1/2 Beans: 2 split 1 and 1,
        # the half left over carried a quarter each, as one recipient would carry a half.
        economy = presets.bigo()
        receipt = send_gift(
            economy,
            bought(economy, "diamonds_100"),
            event("Diamonds", 5, ["ana", "bo"]),
            carry=Carry(),
        )
        assert [Diamonds(1), Diamonds(1)] == [share.diamonds for share in receipt.shares]
        assert Carry({"ana": Fraction(1, 4), "bo": Fraction(1, 4)}) == receipt.carry

    def test_carries_the_remainder_to_the_next_gift(self) -> None:
        economy = presets.bigo()  # one Diamond gives half a Bean
        wallet = bought(economy, "diamonds_100")
        first = send_gift(economy, wallet, event("Diamonds", 3), carry=Carry())
        second = send_gift(economy, first.wallet, event("Diamonds", 1), carry=first.carry)
        assert (Diamonds(1), Fraction(1, 2)) == (first.diamonds, first.carry.of("ana"))
        assert (Diamonds(1), Fraction(0)) == (second.diamonds, second.carry.of("ana"))

    def test_the_policy_in_force_on_the_day_applies(self) -> None:
        economy = attrs.evolve(presets.tiktok(), conversion=presets.tiktok_scaled_rewards_2025())
        # Bought before the earlier gift: a gift cannot spend coins bought after it.
        wallet = bought(economy, "coins_700", at=datetime(2025, 2, 9, tzinfo=UTC))
        metrics = {"ana": {"live_minutes": 30}}
        before = send_gift(
            economy,
            wallet,
            event("Rose", 10, at=datetime(2025, 2, 9, 23, 59, tzinfo=UTC)),
            carry=Carry(),
            metrics=metrics,
        )
        after = send_gift(economy, wallet, event("Rose", 10), carry=Carry(), metrics=metrics)
        assert (Rate.parse("50%"), Rate.parse("38%")) == (
            before.shares[0].rate,
            after.shares[0].rate,
        )
        # Web coins: 6.97 USD net for 700, so 10 coins bring 697/70 cents; a diamond is
        # worth half a cent, so 50% of that is 697/70 diamonds, and 38% of it 38/50 as many.
        assert (Fraction(697, 70), Fraction(697, 70) * Fraction(38, 50)) == (
            before.shares[0].entitlement,
            after.shares[0].entitlement,
        )

    def test_a_battle_adds_the_bonus_on_top(self) -> None:
        economy = presets.bigo()
        wallet = bought(economy, "diamonds_1000")
        plain = send_gift(economy, wallet, event("Diamonds", 1000), carry=Carry())
        battle = send_gift(economy, wallet, event("Diamonds", 1000, battle=True), carry=Carry())
        assert (Diamonds(500), Diamonds(540)) == (plain.diamonds, battle.diamonds)
        assert (Fraction(500), Fraction(40)) == (
            battle.shares[0].entitlement,
            battle.shares[0].battle_bonus,
        )
        assert plain.funding == battle.funding

    def test_no_battle_bonus_without_one_in_the_economy(self) -> None:
        economy = presets.tiktok()
        receipt = send_gift(
            economy, bought(economy, "coins_70"), event("Rose", battle=True), carry=Carry()
        )
        assert Fraction(0) == receipt.shares[0].battle_bonus

    def test_agency_commission_leaves_the_creator_untouched(self) -> None:
        economy = presets.tiktok()
        wallet = bought(economy, "coins_700")
        agency = Agency(id="agency", rate=Rate.parse("10%"))
        alone = send_gift(economy, wallet, event("Rose", 100), carry=Carry())
        represented = send_gift(
            economy, wallet, event("Rose", 100), carry=Carry(), agencies={"ana": agency}
        )
        assert alone.shares[0].value == represented.shares[0].value
        assert alone.shares[0].diamonds == represented.shares[0].diamonds
        # Web coins: 6.97 USD net for 700, so 100 coins bring 99.571... cents; the
        # creator earns 50 cents; the agency gets 10% of the platform's 49.571... cents.
        platform = Fraction(697, 7) - 50
        assert ExactMoney(platform / 10, USD) == represented.shares[0].agency_value
        assert "agency" == represented.shares[0].agency
        assert None is alone.shares[0].agency_value

    def test_a_sponsored_gift_charges_the_sponsor_not_the_viewer(self) -> None:
        economy = sponsored_economy()
        budget = SponsorBudget(sponsor="brand", cap=usd("1.00"), value_per_coin=usd("0.01"))
        receipt = send_gift(
            economy, Wallet(), event("Brand Cheer", 5), carry=Carry(), sponsors={"brand": budget}
        )
        assert (Coins(50), Coins(0), ()) == (
            receipt.coins,
            receipt.wallet.balance,
            receipt.debits,
        )
        assert receipt.sponsor is not None
        assert exact_usd("0.50") == receipt.sponsor.remaining
        assert exact_usd("1.00") == budget.remaining
        assert Diamonds(50) == receipt.diamonds

    def test_a_budget_under_another_sponsors_key_is_refused(self) -> None:
        economy = sponsored_economy()
        other = SponsorBudget(sponsor="fest", cap=usd("1.00"), value_per_coin=usd("0.01"))
        with pytest.raises(InvalidValueError, match="maps sponsor 'brand' to the budget of 'fest'"):
            send_gift(
                economy, Wallet(), event("Brand Cheer", 1), carry=Carry(), sponsors={"brand": other}
            )

    def test_a_sponsored_gift_beyond_the_cap_is_refused(self) -> None:
        economy = sponsored_economy()
        budget = SponsorBudget(sponsor="brand", cap=usd("1.00"), value_per_coin=usd("0.01"))
        first = send_gift(
            economy, Wallet(), event("Brand Cheer", 6), carry=Carry(), sponsors={"brand": budget}
        )
        assert first.sponsor is not None
        with pytest.raises(SponsorBudgetError) as caught:
            send_gift(
                economy,
                Wallet(),
                event("Brand Cheer", 5),
                carry=first.carry,
                sponsors={"brand": first.sponsor},
            )
        assert (exact_usd("0.50"), exact_usd("0.40")) == (
            caught.value.needed,
            caught.value.remaining,
        )
        assert exact_usd("0.40") == first.sponsor.remaining

    def test_a_sponsored_gift_without_a_budget_is_refused(self) -> None:
        with pytest.raises(InvalidValueError, match="brand") as caught:
            send_gift(sponsored_economy(), Wallet(), event("Brand Cheer"), carry=Carry())
        assert "sponsors" == caught.value.argument

    # -- failures change nothing

    def test_too_few_coins_is_refused_with_the_numbers(self) -> None:
        economy = presets.tiktok()
        wallet = bought(economy, "coins_70")
        carry = Carry({"ana": Fraction(1, 2)})
        with pytest.raises(InsufficientCoinsError) as caught:
            send_gift(economy, wallet, event("Paper Crane"), carry=carry)
        assert (99, 70, 29) == (
            caught.value.requested,
            caught.value.available,
            caught.value.shortfall,
        )
        assert Coins(70) == wallet.balance
        assert Carry({"ana": Fraction(1, 2)}) == carry

    def test_an_unknown_gift_is_refused(self) -> None:
        economy = presets.tiktok()
        wallet = bought(economy, "coins_70")
        with pytest.raises(UnknownGiftError) as caught:
            send_gift(economy, wallet, event("Unicorn"), carry=Carry())
        assert ("gift", "Unicorn") == (caught.value.argument, caught.value.value)
        assert Coins(70) == wallet.balance

    def test_revenue_share_needs_a_rate_for_coins_bought_in_another_currency(self) -> None:
        economy = attrs.evolve(presets.tiktok(), conversion=presets.tiktok_net_share())
        quote = economy.price_book.quote("coins_65", country="GB", channel=Channel.IOS, at=AT)
        wallet = Wallet().credit(*checkout(quote, purchase_id="uk").lots)
        with pytest.raises(MissingRateError) as caught:
            send_gift(economy, wallet, event("Rose"), carry=Carry())
        assert ("fx", "GBP->USD") == (caught.value.argument, caught.value.value)
        assert AT.isoformat() in str(caught.value)

    def test_revenue_share_values_foreign_coins_at_the_rate_given(self) -> None:
        economy = attrs.evolve(presets.tiktok(), conversion=presets.tiktok_net_share())
        quote = economy.price_book.quote("coins_65", country="GB", channel=Channel.IOS, at=AT)
        wallet = Wallet().credit(*checkout(quote, purchase_id="uk").lots)
        fx = FxRates((FxRate.of("GBP", "USD", "1.25"),))
        receipt = send_gift(economy, wallet, event("Rose"), carry=Carry(), fx=fx)
        (debit,) = receipt.debits
        assert "USD" == receipt.funding.net.currency.code
        assert debit.net_value.minor * Fraction(5, 4) == receipt.funding.net.minor
        policy = economy.conversion.at(AT)
        expected = policy.diamonds_for(
            coins=receipt.coins.amount, net=receipt.funding.net, metrics={}
        )
        assert expected == receipt.shares[0].entitlement

    @pytest.mark.parametrize(
        ("argument", "replacement"),
        [("economy", "tiktok"), ("wallet", None), ("event", "Rose"), ("carry", {})],
    )
    def test_rejects_arguments_of_the_wrong_type(self, argument: str, replacement: object) -> None:
        economy = presets.tiktok()
        arguments: dict[str, object] = {
            "economy": economy,
            "wallet": bought(economy, "coins_70"),
            "event": event("Rose"),
            "carry": Carry(),
        }
        arguments[argument] = replacement
        with pytest.raises(InvalidTypeError) as caught:
            send_gift(
                arguments["economy"],  # type: ignore[arg-type]
                arguments["wallet"],  # type: ignore[arg-type]
                arguments["event"],  # type: ignore[arg-type]
                carry=arguments["carry"],  # type: ignore[arg-type]
            )
        assert argument == caught.value.argument

    # -- properties

    @given(scenarios())
    def test_coins_are_conserved(self, scenario: Scenario) -> None:
        before = (dict(scenario.wallets), scenario.carry, dict(scenario.sponsors))
        wallets = dict(scenario.wallets)
        receipts, _ = run(scenario, scenario.events)
        assert before == (dict(scenario.wallets), scenario.carry, dict(scenario.sponsors))
        for receipt in receipts:
            gift = receipt.gift
            viewer = receipt.event.viewer
            assert gift.price * receipt.event.count == receipt.coins
            assert Coins(sum(s.coins.amount for s in receipt.shares)) == receipt.coins
            if gift.sponsor is None:
                assert receipt.coins == Coins(sum(d.coins.amount for d in receipt.debits))
                assert wallets[viewer].balance - receipt.coins == receipt.wallet.balance
                assert receipt.funding.net.minor == sum(d.net_value.minor for d in receipt.debits)
            else:
                assert (wallets[viewer], ()) == (receipt.wallet, receipt.debits)
            wallets[viewer] = receipt.wallet

    @given(scenarios(), roundings())
    def test_entitlement_is_conserved_over_any_sequence_of_gifts(
        self, scenario: Scenario, rounding: Rounding
    ) -> None:
        scenario = attrs.evolve(
            scenario, economy=attrs.evolve(scenario.economy, diamond_rounding=rounding)
        )
        receipts, final = run(scenario, scenario.events)
        issued: dict[str, int] = {}
        exact: dict[str, Fraction] = {}
        for receipt in receipts:
            for share in receipt.shares:
                assert share.entitlement + share.battle_bonus + share.carried_in == (
                    share.diamonds.amount + share.carried_out
                )
                issued[share.creator] = issued.get(share.creator, 0) + share.diamonds.amount
                exact[share.creator] = (
                    exact.get(share.creator, Fraction(0)) + share.entitlement + share.battle_bonus
                )
        for creator in exact:
            assert exact[creator] + scenario.carry.of(creator) == issued[creator] + final.of(
                creator
            )

    @given(scenarios(max_events=3), st.booleans())
    def test_shares_follow_the_policy_and_split_exactly(
        self, scenario: Scenario, same_metrics: bool
    ) -> None:
        if same_metrics:
            scenario = attrs.evolve(
                scenario, metrics=dict.fromkeys(CREATORS, scenario.metrics["ana"])
            )
        receipts, _ = run(scenario, scenario.events)
        economy = scenario.economy
        for receipt in receipts:
            weights = [r.weight for r in receipt.event.recipients]
            assert receipt.coins.allocate(weights) == tuple(s.coins for s in receipt.shares)
            if same_metrics:
                # Co-hosts' exact entitlements add up to the whole gift's.
                whole = whole_entitlement(receipt, scenario.metrics["ana"])
                assert whole == sum((s.entitlement for s in receipt.shares), Fraction(0))
            total = sum(weights)
            bonus = economy.battle_bonus if receipt.event.battle and economy.battle_bonus else None
            exact = Fraction(0)
            for share in receipt.shares:
                whole = whole_entitlement(receipt, scenario.metrics[share.creator])
                weighted = whole * Fraction(share.weight, total)
                exact += weighted if bonus is None else weighted * (1 + bonus.value)
                # Its whole diamonds split by largest remainder: within a diamond of its weight.
                assert abs(share.entitlement - weighted) < 1
                expected_bonus = Fraction(0) if bonus is None else share.entitlement * bonus.value
                assert expected_bonus == share.battle_bonus
                unit = receipt.policy.diamond_value
                assert (share.entitlement + share.battle_bonus) * unit.minor == share.value.minor
            assert exact == sum(
                (s.entitlement + s.battle_bonus for s in receipt.shares), Fraction(0)
            )

    @given(scenarios(one_creator_per_viewer=True), st.data())
    def test_independent_creators_do_not_depend_on_arrival_order(
        self, scenario: Scenario, data: st.DataObject
    ) -> None:
        # Another interleaving of the viewers, each viewer's own gifts still in order.
        queues = {v: [e for e in scenario.events if e.viewer == v] for v in scenario.wallets}
        turns = data.draw(st.permutations([e.viewer for e in scenario.events]))
        shuffled = [queues[viewer].pop(0) for viewer in turns]

        def totals(events: Sequence[GiftEvent]) -> tuple[dict[str, tuple[int, Fraction]], Carry]:
            receipts, carry = run(scenario, events)
            per_creator: dict[str, tuple[int, Fraction]] = {}
            for receipt in receipts:
                for share in receipt.shares:
                    issued, owed = per_creator.get(share.creator, (0, Fraction(0)))
                    per_creator[share.creator] = (
                        issued + share.diamonds.amount,
                        owed + share.entitlement + share.battle_bonus,
                    )
            return per_creator, carry

        assert totals(scenario.events) == totals(shuffled)

    @given(scenarios(max_events=1), st.integers(1, 10**6))
    def test_a_failed_send_changes_nothing(self, scenario: Scenario, extra: int) -> None:
        (gift_event,) = scenario.events
        gift_event = attrs.evolve(gift_event, count=gift_event.count + extra)
        gift = scenario.economy.catalog.gift(
            gift_event.gift, country=gift_event.country, at=gift_event.at
        )
        coins = gift.price.amount * gift_event.count
        # One coin short, or one minor unit short of a sponsor's budget at a minor unit a coin.
        first_lot = scenario.wallets[gift_event.viewer].lots[0]
        short = Wallet((attrs.evolve(first_lot, coins=Coins(coins - 1)),))
        sponsors = {
            name: attrs.evolve(
                budget,
                cap=Money.of_minor(coins - 1, budget.cap.currency),
                value_per_coin=Money.of_minor(1, budget.cap.currency),
            )
            for name, budget in scenario.sponsors.items()
        }
        before = (short, scenario.carry, sponsors)
        with pytest.raises((InsufficientCoinsError, SponsorBudgetError)) as caught:
            send_gift(
                scenario.economy,
                short,
                gift_event,
                carry=scenario.carry,
                sponsors=sponsors,
                metrics=scenario.metrics,
                agencies=scenario.agencies,
            )
        if gift.sponsor is None:
            assert isinstance(caught.value, InsufficientCoinsError)
            assert (coins, coins - 1) == (caught.value.requested, caught.value.available)
        else:
            assert isinstance(caught.value, SponsorBudgetError)
            needed, remaining = caught.value.needed.minor, caught.value.remaining.minor
            assert (Fraction(coins), Fraction(coins - 1)) == (needed, remaining)
        assert before == (short, scenario.carry, sponsors)
        assert Coins(coins - 1) == short.balance
