"""to_data / from_data / to_document / from_document: the public data format, and DataError."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from fractions import Fraction
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs
import pytest
from dateutil import tz
from hypothesis import given
from hypothesis import strategies as st

import giftflow
from giftflow import (
    Agency,
    AgeRule,
    CapPeriod,
    Carry,
    Catalog,
    Channel,
    CoinLot,
    CoinPackage,
    Coins,
    CoinsPurchased,
    CostBasis,
    Creator,
    Crossing,
    Currency,
    CurrencyMismatchError,
    CustomAmount,
    DataError,
    DiamondRatio,
    Diamonds,
    DiamondsReconverted,
    DiamondValuation,
    Earning,
    Economy,
    Eligibility,
    ExactMoney,
    Fee,
    FeeBasis,
    FeeBearer,
    FeeKind,
    FeeSchedule,
    FixedValue,
    FoldedGift,
    FxRate,
    FxRates,
    GiftEvent,
    GiftflowError,
    GiftReceipt,
    InvalidTypeError,
    InvalidValueError,
    Ledger,
    LotKind,
    Mission,
    Money,
    NaiveDatetimeError,
    PackagePrice,
    PayoutLegKind,
    PayoutPlan,
    PayoutPolicy,
    PayoutReason,
    PayoutReasonKind,
    PayoutSchedule,
    PolicySchedule,
    PriceBook,
    Promotion,
    Purchase,
    Quote,
    Rate,
    Recipient,
    Recurrence,
    Refusal,
    RevenueShare,
    RewardSchedule,
    Rounded,
    Rounding,
    ScheduleKind,
    Spend,
    SpendingCap,
    SpendingDecision,
    SpendingRules,
    SpendPolicy,
    SpendRecord,
    Storefront,
    StreakClose,
    StreakKind,
    Tax,
    TaxMode,
    Transaction,
    UnfinishedStreaks,
    UnitNames,
    Viewer,
    Wallet,
    Window,
    WithholdingRule,
    checkout,
    currency,
    from_data,
    from_document,
    plan_payout,
    presets,
    send_gift,
    testing,
    to_data,
    to_document,
)
from giftflow.testing import (
    coins,
    currencies,
    diamonds,
    exact_money,
    money,
    rates,
    rounded,
    roundings,
    unit_names,
)
from tests.format.raw import raw_data

# Strategies for the configuration and flow types, from giftflow.testing.
GENERATED: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
    "age_rules": testing.age_rules,
    "channels": testing.channels,
    "coin_lots": testing.coin_lots,
    "coin_packages": testing.coin_packages,
    "custom_amounts": testing.custom_amounts,
    "fee_periods": testing.fee_periods,
    "fee_schedules": testing.fee_schedules,
    "fees": testing.fees,
    "package_prices": testing.package_prices,
    "price_books": testing.price_books,
    "promotions": testing.promotions,
    "purchases": testing.purchases,
    "quotes": testing.quotes,
    "recurrences": testing.recurrences,
    "spend_policies": testing.spend_policies,
    "spend_records": testing.spend_records,
    "spending_caps": testing.spending_caps,
    "spending_rules": testing.spending_rules,
    "storefronts": testing.storefronts,
    "taxes": testing.taxes,
    "thresholds": testing.thresholds,
    "viewers": testing.viewers,
    "wallets": testing.wallets,
    "windows": testing.windows,
    # the ledger
    "accounts": testing.accounts,
    "applied_results": testing.applied_results,
    "balance_guards": testing.balance_guards,
    "clawbacks": testing.clawbacks,
    "diamond_balances": testing.diamond_balances,
    "ledger_events": testing.ledger_events,
    "postings": testing.postings,
    "statement_lines": testing.statement_lines,
    "statements": testing.statements,
    "transactions": testing.transactions,
    # settlement
    "creator_totals": testing.creator_totals,
    "settlements": testing.settlements,
    # coins out
    "agencies": testing.agencies,
    "carries": testing.carries,
    "catalog_versions": testing.catalog_versions,
    "catalogs": testing.catalogs,
    "conversion_policies": testing.conversion_policies,
    "creator_shares": testing.creator_shares,
    "economies": testing.economies,
    "folded_gifts": testing.folded_gifts,
    "gift_events": testing.gift_events,
    "gift_receipts": testing.gift_receipts,
    "gifter_levels": testing.gifter_levels,
    "gifts": testing.gifts,
    "leaderboard_entries": testing.leaderboard_entries,
    "creator_entries": testing.creator_entries,
    "missions": testing.missions,
    "policy_schedules": testing.policy_schedules,
    "recipients": lambda: testing.recipients().map(lambda found: found[0]),
    "reward_schedules": testing.reward_schedules,
    "sponsor_budgets": testing.sponsor_budgets,
    "streak_events": testing.streak_events,
    "trace_rows": testing.trace_rows,
    "value_traces": testing.value_traces,
    # payouts
    "creators": testing.creators,
    "diamond_valuations": testing.diamond_valuations,
    "earnings": testing.earnings,
    "eligibilities": testing.eligibilities,
    "fx_rate_tables": testing.fx_rate_tables,
    "fx_rates": testing.fx_rates,
    "payout_caps": testing.payout_caps,
    "payout_fee_charges": testing.payout_fee_charges,
    "payout_fees": testing.payout_fees,
    "payout_legs": testing.payout_legs,
    "payout_methods": testing.payout_methods,
    "payout_plans": testing.payout_plans,
    "payout_policies": testing.payout_policies,
    "payout_reasons": testing.payout_reasons,
    "payout_records": testing.payout_records,
    "payout_schedules": testing.payout_schedules,
    "payout_statements": testing.payout_statements,
    "withdrawal_limits": testing.withdrawal_limits,
    "withholding_rules": testing.withholding_rules,
    "histories": testing.histories,
    "idempotencies": testing.idempotencies,
    "ledger_snapshots": testing.ledger_snapshots,
}

USD = currency("USD")
GEM = Currency(code="GEM", exponent=0, name="Gem")
LONDON = ZoneInfo("Europe/London")
NOON = datetime(2026, 11, 24, 12, tzinfo=ZoneInfo("America/New_York"))
# TikTok's economy has a minimum age: the ledger needs the profile of every viewer who spends.
VIEWERS = {"v1": Viewer(country="US", birth_date=date(1990, 5, 1))}


def assert_plain(data: Any) -> None:
    """Only dicts with str keys, lists, str, int, bool and None: what JSON libraries read exactly."""
    if isinstance(data, dict):
        for key, value in data.items():
            assert type(key) is str
            assert_plain(value)
    elif isinstance(data, list):
        for item in data:
            assert_plain(item)
    else:
        assert data is None or type(data) in (str, int, bool), repr(data)


def round_trip(value: Any) -> Any:
    """Write ``value``, send it through JSON text, read it back; return what was read."""
    data = to_data(value)
    assert_plain(data)
    back = from_data(type(value), json.loads(json.dumps(data, allow_nan=False)))
    assert value == back
    assert data == to_data(back)  # one value, one spelling
    assert value == from_document(json.loads(json.dumps(to_document(value))))
    return back


def refusal(kind: type, data: Any) -> DataError:
    with pytest.raises(DataError) as caught:
        from_data(kind, data)
    return caught.value


# -- values worth writing --------------------------------------------------------------------


def a_purchase() -> Purchase:
    book = presets.tiktok_price_book()
    return checkout(
        book.quote("coins_65", country="US", channel=Channel.IOS, at=NOON), purchase_id="p1"
    )


def a_spend() -> Spend:
    purchase = a_purchase()
    return Wallet().credit(*purchase.lots).spend(Coins(10), SpendPolicy.FIFO)


def a_promotion() -> Promotion:
    return Promotion(
        id="fridays",
        bonus_rate=Rate.parse("10%"),
        channels=(Channel.WEB,),
        countries=("GB",),
        window=Window(start=datetime(2026, 1, 1, tzinfo=LONDON)),
        recurrence=Recurrence(
            rule="FREQ=WEEKLY;BYDAY=FR",
            start=datetime(2026, 1, 2, 18, tzinfo=LONDON),
            duration=timedelta(hours=6, microseconds=5),
        ),
    )


def a_decision() -> SpendingDecision:
    rules = SpendingRules(
        age=presets.tiktok_age_rule(),
        caps=(
            SpendingCap(
                name="daily coins",
                limit=Coins(100),
                period=CapPeriod.CALENDAR_DAY,
                zone=timezone(timedelta(hours=5, minutes=30)),
            ),
        ),
    )
    history = [SpendRecord(at=NOON - timedelta(hours=1), amount=Coins(90))]
    viewer = Viewer(country="KR", birth_date=date(2008, 12, 31))
    return rules.check(Coins(20), now=NOON, history=history, viewer=viewer)


def a_custom_amount() -> CustomAmount:
    return CustomAmount(
        country="US",
        channel=Channel.WEB,
        price_per=Money.parse("1.29", "USD"),
        per=100,
        min_coins=Coins(30),
        max_coins=Coins(2_500_000),
        rounding=Rounding.HALF_UP,
    )


def a_receipt() -> GiftReceipt:
    economy = presets.twitch_bits()
    at = datetime(2026, 11, 24, 20, tzinfo=UTC)
    quote = economy.price_book.quote("bits_100", country="US", channel=Channel.WEB, at=at)
    wallet = Wallet().credit(*checkout(quote, purchase_id="p1").lots)
    event = GiftEvent(
        id="e1",
        viewer="v1",
        gift="Cheer100",
        count=1,
        recipients=[Recipient("ana", 2), Recipient("bo")],
        country="US",
        at=at,
        battle=True,
    )
    return send_gift(
        economy,
        wallet,
        event,
        carry=Carry({"ana": Fraction(1, 3)}),
        agencies={"bo": Agency(id="agency-1", rate=Rate.parse("10%"))},
    )


WITHHOLDING = WithholdingRule(
    rounding=Rounding.HALF_UP,
    default=Rate.parse("30%"),
    by_country={"DE": Rate.parse("15%")},
    by_form={"W-9": Rate.ZERO},
)


def a_payout_policy() -> PayoutPolicy:
    return attrs.evolve(presets.twitch_payout_policy(), withholding=WITHHOLDING)


def a_plan() -> PayoutPlan:
    return plan_payout(
        a_payout_policy(),
        earnings=[Earning(at=datetime(2026, 9, 3, tzinfo=UTC), diamonds=Diamonds(20_000))],
        payouts=[],
        now=datetime(2026, 11, 24, tzinfo=UTC),
        creator=Creator(
            country="DE",
            birth_date=date(1990, 1, 1),
            payout_account_since=datetime(2026, 1, 5, tzinfo=UTC),
            tax_form="W-8BEN",
        ),
        method="standard",
        payout_currency="EUR",
        valuation=DiamondValuation.of(Money.parse("0.01", "USD")),
        rounding=Rounding.HALF_EVEN,
        fx=FxRates((FxRate.of("USD", "EUR", "0.92"),)),
        requested=Diamonds(30_000),
    )


def a_schedule() -> PolicySchedule:
    usd = Money.parse("0.01", "USD")
    rewards = RewardSchedule(
        base=Rate.parse("20%"),
        cap=Rate.parse("53%"),
        missions=(
            Mission(name="25 min", metric="live_minutes", at_least=25, bonus=Rate.parse("18%")),
            Mission(
                name="violations",
                metric="violations",
                at_least=1,
                bonus=Rate.parse("5%"),
                penalty=True,
            ),
        ),
    )
    return PolicySchedule(
        (
            (None, FixedValue(value_per_coin=usd)),
            (datetime(2025, 2, 10, tzinfo=UTC), RevenueShare(share=rewards, diamond_value=usd)),
        )
    )


VALUES: list[Any] = [
    a_purchase(),
    a_spend(),
    a_promotion(),
    a_decision(),
    a_custom_amount(),
    presets.twitch_bits_price_book(),
    presets.youtube_supers_spending_rules(),
    SpendingRules(age=presets.tiktok_age_rule()),
    SpendRecord(at=NOON, amount=Money.parse("5.00", "EUR")),
    Money.of_minor(-5, GEM),
    ExactMoney(Fraction(-297, 10), currency("KWD")),
    UnitNames(coin="Bit", coins="Bits", diamond="Bit", diamonds="Bits"),
    presets.bigo(),
    a_schedule(),
    a_receipt(),
    a_payout_policy(),
    a_plan(),
]


# -- to_data -----------------------------------------------------------------------------


class TestToData:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Money.parse("10.50", "USD"), {"amount": "10.50", "currency": "USD"}),
            (Money.parse("-0.05", "USD"), {"amount": "-0.05", "currency": "USD"}),
            (Money.parse("500", "JPY"), {"amount": "500", "currency": "JPY"}),
            (Money.parse("1.234", "KWD"), {"amount": "1.234", "currency": "KWD"}),
            (Money.zero("USD"), {"amount": "0.00", "currency": "USD"}),
            (
                Money.of_minor(12, GEM),
                {
                    "amount": "12",
                    "currency": {"code": "GEM", "exponent": 0, "numeric": None, "name": "Gem"},
                },
            ),
            (ExactMoney(Fraction(297, 10), USD), {"minor": "297/10", "currency": "USD"}),
            (ExactMoney(Fraction(-5), USD), {"minor": "-5", "currency": "USD"}),
            (Rate.parse("0.005"), "0.005"),
            (Rate.parse("1/3"), "1/3"),
            (Rate.parse("30%"), "0.3"),
            (Rate.ZERO, "0"),
            (Rate.parse("5"), "5"),
            (Coins(65), 65),
            (Diamonds(-3), -3),
            (Rounded(units=2, remainder=Fraction(1, 2)), {"units": 2, "remainder": "1/2"}),
            (Rounding.HALF_EVEN, "ROUND_HALF_EVEN"),
            (TaxMode.INCLUDED, "included"),
            (FeeBasis.NET_OF_TAX, "net_of_tax"),
            (Channel.GOOGLE_PLAY, "google_play"),
            (USD, "USD"),
            (GEM, {"code": "GEM", "exponent": 0, "numeric": None, "name": "Gem"}),
            (
                Currency(code="USD", exponent=4),
                {"code": "USD", "exponent": 4, "numeric": None, "name": ""},
            ),
        ],
    )
    def test_writes_the_documented_shape(self, value: Any, expected: Any) -> None:
        assert expected == to_data(value)

    @pytest.mark.parametrize(
        ("moment", "expected"),
        [
            # A skipped local time (clocks go forward at 01:00): kept as written.
            (
                datetime(2026, 3, 29, 1, 30, tzinfo=LONDON),
                "2026-03-29T01:30:00+00:00[Europe/London]",
            ),
            # A repeated local time: the offset says which of the two it is.
            (
                datetime(2026, 10, 25, 1, 30, tzinfo=LONDON),
                "2026-10-25T01:30:00+01:00[Europe/London]",
            ),
            (
                datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=LONDON),
                "2026-10-25T01:30:00+00:00[Europe/London]",
            ),
            (datetime(2026, 1, 1, tzinfo=UTC), "2026-01-01T00:00:00+00:00"),
            (
                datetime(
                    2026, 1, 1, 9, 15, 0, 250, tzinfo=timezone(timedelta(hours=5, minutes=30))
                ),
                "2026-01-01T09:15:00.000250+05:30",
            ),
            (datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")), "2026-01-01T00:00:00+00:00[UTC]"),
        ],
    )
    def test_writes_datetimes_as_rfc_3339_with_the_iana_zone(
        self, moment: datetime, expected: str
    ) -> None:
        assert {"start": expected, "end": None} == to_data(Window(start=moment))

    @pytest.mark.parametrize(
        ("zone", "expected"),
        [
            (UTC, "UTC"),
            (timezone(timedelta(0), "GMT"), "UTC"),
            (timezone(timedelta(hours=5, minutes=30)), "+05:30"),
            (timezone(-timedelta(hours=3, minutes=30)), "-03:30"),
            (LONDON, "Europe/London"),
        ],
    )
    def test_writes_zones_as_utc_an_offset_or_an_iana_name(self, zone: Any, expected: str) -> None:
        cap = SpendingCap(name="daily", limit=Coins(5), period=CapPeriod.CALENDAR_DAY, zone=zone)
        assert {
            "name": "daily",
            "limit": {"coins": 5},
            "period": "calendar_day",
            "zone": expected,
        } == to_data(cap)

    def test_tags_fields_that_hold_several_types(self) -> None:
        decision = a_decision()
        assert {
            "refusals": [
                {
                    "rule": "minimum age",
                    "limit": {"int": 19},
                    "spent": {"int": 0},
                    "attempted": {"int": 17},
                    "excess": {"int": 2},
                },
                {
                    "rule": "daily coins",
                    "limit": {"coins": 100},
                    "spent": {"coins": 90},
                    "attempted": {"coins": 20},
                    "excess": {"coins": 10},
                },
            ]
        } == to_data(decision)
        record = SpendRecord(at=datetime(2026, 1, 1, tzinfo=UTC), amount=Money.parse("5", "USD"))
        assert {
            "at": "2026-01-01T00:00:00+00:00",
            "amount": {"money": {"amount": "5.00", "currency": "USD"}},
        } == to_data(record)

    def test_writes_storefront_fees_as_a_list_per_channel(self) -> None:
        storefront = presets.facebook_stars_price_book().storefronts[0]
        assert {
            "country": "US",
            "currency": "USD",
            "tax": {"rate": "0", "mode": "included", "rounding": "ROUND_HALF_EVEN", "name": "tax"},
            "fees": [
                {
                    "channel": "web",
                    "fees": [
                        {
                            "name": "card",
                            "kind": "processor",
                            "basis": "gross",
                            "rounding": "ROUND_HALF_UP",
                            "rate": "0.029",
                            "fixed": {"amount": "0.30", "currency": "USD"},
                            "minimum": None,
                            "maximum": None,
                            "threshold": None,
                        }
                    ],
                }
            ],
        } == to_data(storefront)

    def test_writes_durations_dates_and_ages(self) -> None:
        recurrence = a_promotion().recurrence
        assert recurrence is not None
        assert {
            "rule": "FREQ=WEEKLY;BYDAY=FR",
            "start": "2026-01-02T18:00:00+00:00[Europe/London]",
            "duration": {"days": 0, "seconds": 21600, "microseconds": 5},
        } == to_data(recurrence)
        viewer = Viewer(country="KR", birth_date=date(2008, 1, 31))
        assert {"country": "KR", "birth_date": "2008-01-31"} == to_data(viewer)
        assert {"years": 18, "by_country": {"KR": 19}} == to_data(presets.tiktok_age_rule())

    def test_refuses_a_value_that_is_not_a_giftflow_type(self) -> None:
        with pytest.raises(InvalidTypeError):
            to_data(datetime(2026, 1, 1, tzinfo=UTC))
        with pytest.raises(InvalidTypeError):
            to_data({"amount": "1.00"})

    def test_refuses_a_naive_datetime_naming_its_path(self) -> None:
        with pytest.raises(NaiveDatetimeError):  # a Quote validates (issue #12)
            attrs.evolve(a_purchase().quote, at=datetime(2026, 1, 1))
        quote = forced(a_purchase().quote, at=datetime(2026, 1, 1))
        with pytest.raises(DataError) as caught:  # and to_data still checks what it writes
            to_data(quote)
        assert "at" == caught.value.argument
        assert "must be timezone-aware" in str(caught.value)

    def test_refuses_a_time_zone_it_cannot_name(self) -> None:
        window = Window(start=datetime(2026, 1, 1, tzinfo=tz.gettz("Europe/London")))
        with pytest.raises(DataError) as caught:
            to_data(window)
        assert "start" == caught.value.argument

    def test_refuses_floats_and_bools_hidden_in_unvalidated_fields(self) -> None:
        breakdown = a_purchase().breakdown
        with pytest.raises(InvalidTypeError, match="note must be a str"):  # validated now
            attrs.evolve(breakdown.fees[0], note=1.5)  # type: ignore[arg-type]
        charge = forced(breakdown.fees[0], note=1.5)
        with pytest.raises(DataError) as caught:
            to_data(forced(breakdown, fees=(charge,)))
        assert "fees[0].note" == caught.value.argument
        with pytest.raises(InvalidTypeError, match="units must be an int"):
            Rounded(units=True, remainder=Fraction(0))  # Rounded validates now (issue #12)
        with pytest.raises(DataError) as caught:  # and to_data still checks what it writes
            to_data(Rounded._unchecked(True, Fraction(0)))
        assert "units" == caught.value.argument


T = TypeVar("T")


def forced(value: T, **changes: object) -> T:
    """A copy of ``value`` with fields set past every validator: what to_data still checks."""
    twin = copy.copy(value)
    for name, new in changes.items():
        object.__setattr__(twin, name, new)
    return twin


# -- from_data ---------------------------------------------------------------------------


class TestFromData:
    @given(money())
    def test_round_trips_money(self, value: Money) -> None:
        round_trip(value)

    @given(exact_money())
    def test_round_trips_exact_money(self, value: ExactMoney) -> None:
        round_trip(value)

    @given(rates(max_value=None))
    def test_round_trips_rates(self, value: Rate) -> None:
        round_trip(value)

    @given(coins(min_value=None, max_value=None), diamonds(min_value=None, max_value=None))
    def test_round_trips_units(self, some_coins: Coins, some_diamonds: Diamonds) -> None:
        round_trip(some_coins)
        round_trip(some_diamonds)

    @given(currencies())
    def test_round_trips_currencies(self, value: Currency) -> None:
        round_trip(value)

    @given(roundings(), rounded(), unit_names())
    def test_round_trips_roundings_and_names(
        self, mode: Rounding, result: Rounded, names: UnitNames
    ) -> None:
        round_trip(mode)
        round_trip(result)
        round_trip(names)

    @given(
        st.datetimes(
            min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.timezones()
        )
        | st.datetimes(
            timezones=st.integers(-1439, 1439).map(lambda m: timezone(timedelta(minutes=m)))
        )
    )
    def test_round_trips_datetimes_keeping_zone_and_fold(self, moment: datetime) -> None:
        back = round_trip(Window(start=moment)).start
        assert moment.tzinfo == back.tzinfo
        assert moment.utcoffset() == back.utcoffset()
        if moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset():
            assert moment.fold == back.fold  # which of a repeated or skipped time it is
        assert moment.replace(tzinfo=None) == back.replace(tzinfo=None)

    @given(
        st.timezones() | st.integers(-1439, 1439).map(lambda m: timezone(timedelta(minutes=m))),
        st.timedeltas(min_value=timedelta(microseconds=1)),
    )
    def test_round_trips_zones_and_durations(self, zone: Any, duration: timedelta) -> None:
        if zone != ZoneInfo("UTC"):  # written "UTC", read back as datetime.timezone.utc
            round_trip(
                SpendingCap(name="cap", limit=Coins(1), period=CapPeriod.ROLLING_DAY, zone=zone)
            )
        start = datetime(2026, 1, 2, tzinfo=zone)
        round_trip(Recurrence(rule="FREQ=DAILY", start=start, duration=duration))

    @pytest.mark.parametrize("name", sorted(GENERATED))
    @given(data=st.data())
    def test_round_trips_generated_values(self, name: str, data: st.DataObject) -> None:
        round_trip(data.draw(GENERATED[name]()))

    @pytest.mark.parametrize(
        "value",
        [
            presets.tiktok_price_book(),
            presets.twitch_bits_price_book(),
            presets.facebook_stars_price_book(),
            presets.youtube_supers_spending_rules(),
            presets.tiktok_age_rule(),
            presets.tiktok(),
            presets.twitch_bits(),
            presets.facebook_stars(),
            presets.youtube_supers(),
            presets.youtube(),
            presets.tiktok_catalog(),
            presets.tiktok_scaled_rewards_2025(),
            presets.tiktok_payout_policy(),
            presets.facebook_stars_payout_policy(),
            presets.instagram_gifts_payout_policy(),
            presets.bigo_payout_policy(),
            # Illustrative bundle prices and Rubies per Jewel: none is published.
            presets.youtube_jewels(
                presets.youtube_jewels_price_book({Channel.IOS: {100: Money.parse("2.00", "USD")}}),
                rubies_per_jewel=Rate.parse("1/2"),
            ),
            presets.instagram_gifts(
                presets.instagram_gifts_price_book(
                    {Channel.GOOGLE_PLAY: {100: Money.parse("1.80", "USD")}}
                )
            ),
            *VALUES,
        ],
        ids=lambda value: type(value).__name__,
    )
    def test_round_trips_presets_and_flows(self, value: Any) -> None:
        round_trip(value)

    def test_round_trips_a_wallet_after_credit_and_spend(self) -> None:
        purchase = a_purchase()
        wallet = Wallet().credit(*purchase.lots)
        spend = wallet.spend(Coins(10), SpendPolicy.PROMOTIONAL_FIRST)
        assert wallet == round_trip(wallet)
        assert spend == round_trip(spend)
        assert spend.wallet.balance == round_trip(spend.wallet).balance

    def test_round_trips_every_enum_member(self) -> None:
        for kind in (
            Rounding,
            TaxMode,
            FeeBasis,
            FeeKind,
            Crossing,
            CapPeriod,
            CostBasis,
            LotKind,
            SpendPolicy,
            StreakKind,
            StreakClose,
            UnfinishedStreaks,
            ScheduleKind,
            FeeBearer,
            PayoutLegKind,
            PayoutReasonKind,
        ):
            for member in kind:
                assert member is from_data(kind, to_data(member))

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2026-03-29T01:30:00Z", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
            ("2026-03-29T01:30:00.5-00:00", datetime(2026, 3, 29, 1, 30, 0, 500000, tzinfo=UTC)),
            (
                "2026-07-01T11:00:00Z[Europe/London]",
                datetime(2026, 7, 1, 12, tzinfo=LONDON),
            ),
        ],
    )
    def test_reads_other_rfc_3339_spellings(self, text: str, expected: datetime) -> None:
        moment = from_data(Window, {"start": text, "end": None}).start
        assert moment is not None
        assert (expected, expected.tzinfo) == (moment, moment.tzinfo)

    def test_reads_a_repeated_local_time_by_its_offset(self) -> None:
        first = from_data(
            Window, {"start": "2026-10-25T01:30:00+01:00[Europe/London]", "end": None}
        )
        second = from_data(
            Window, {"start": "2026-10-25T01:30:00+00:00[Europe/London]", "end": None}
        )
        assert first.start is not None
        assert second.start is not None
        assert (0, 1) == (first.start.fold, second.start.fold)
        assert timedelta(hours=1) == second.start.astimezone(UTC) - first.start.astimezone(UTC)

    def test_names_the_path_of_a_bad_amount_deep_in_a_price_book(self) -> None:
        data = raw_data(presets.tiktok_price_book())
        data["prices"][2]["price"]["amount"] = "9.9"
        error = refusal(PriceBook, data)
        assert "prices[2].price.amount" == error.argument
        assert "9.9" == error.value
        assert "write '9.90'" == error.hint
        assert isinstance(error, GiftflowError)
        assert isinstance(error, ValueError)

    @pytest.mark.parametrize(
        ("data", "argument", "problem"),
        [
            ({"amount": 10.5, "currency": "USD"}, "amount", "must be a string"),
            ({"amount": 1050, "currency": "USD"}, "amount", "must be a string"),
            ({"amount": "10.5", "currency": "USD"}, "amount", "exactly 2 decimal places"),
            ({"amount": "1.005", "currency": "USD"}, "amount", "more decimal places than USD"),
            ({"amount": "-0.00", "currency": "USD"}, "amount", "no extra signs"),
            ({"amount": "+1.00", "currency": "USD"}, "amount", "no extra signs"),
            ({"amount": "01.00", "currency": "USD"}, "amount", "no extra signs"),
            ({"amount": "1e3", "currency": "USD"}, "amount", "not a decimal number"),
            ({"amount": " 1.00", "currency": "USD"}, "amount", "not a decimal number"),
            ({"amount": "1.00", "currency": "usd"}, "currency", "upper-case"),
            ({"amount": "1.00", "currency": "ZZZ"}, "currency", "not an ISO 4217"),
            ({"amount": "1.00", "currency": None}, "currency", "ISO 4217 code or a currency"),
            ({"amount": "1.00"}, "currency", "is missing"),
            ({"amount": "1.00", "currency": "USD", "note": ""}, "note", "not a key"),
            (["1.00", "USD"], "data", "must be an object"),
            (
                {
                    "amount": "1",
                    "currency": {"code": "gem", "exponent": 0, "numeric": None, "name": ""},
                },
                "currency.code",
                "upper case",
            ),
            (
                {
                    "amount": "1",
                    "currency": {"code": "GEM", "exponent": 0.0, "numeric": None, "name": ""},
                },
                "currency.exponent",
                "must be an integer",
            ),
            (
                {
                    "amount": "1",
                    "currency": {"code": "GEM", "exponent": 99, "numeric": None, "name": ""},
                },
                "currency.exponent",
                "between 0 and 18",
            ),
            (
                {"amount": "1", "currency": {"code": "GEM", "exponent": 0, "name": ""}},
                "currency.numeric",
                "is missing",
            ),
        ],
    )
    def test_refuses_bad_money(self, data: Any, argument: str, problem: str) -> None:
        error = refusal(Money, data)
        assert argument == error.argument
        assert problem in error.problem

    @pytest.mark.parametrize(
        ("kind", "data", "problem"),
        [
            (Rate, "50%", "canonical"),
            (Rate, "0.50", "canonical"),
            (Rate, "2/6", "canonical"),
            (Rate, "-1/2", "must not be negative"),
            (Rate, "1/0", "divides by zero"),
            (Rate, 0.5, "must be a string"),
            (Rate, "half", "is not a rate"),
            (Coins, True, "must be an integer"),
            (Coins, 1.0, "must be an integer"),
            (Coins, "5", "must be an integer"),
            (Diamonds, None, "must be an integer"),
            (Rounding, "ROUND_SOMETIMES", "is not a Rounding"),
            (Rounding, "HALF_EVEN", "is not a Rounding"),
            (Channel, "iOS", "lower-case identifier"),
            (Channel, 1, "must be a string"),
            (Currency, "EURO", "not an ISO 4217"),
            (ExactMoney, {"minor": "6/4", "currency": "USD"}, "lowest terms"),
            (ExactMoney, {"minor": "1/0", "currency": "USD"}, "divides by zero"),
            (ExactMoney, {"minor": "0.5", "currency": "USD"}, "not an exact fraction"),
            (ExactMoney, {"minor": 5, "currency": "USD"}, "must be a string"),
            (Rounded, {"units": 1, "remainder": "1/2", "extra": 0}, "not a key"),
        ],
    )
    def test_refuses_bad_leaves(self, kind: type, data: Any, problem: str) -> None:
        assert problem in refusal(kind, data).problem

    @pytest.mark.parametrize(
        ("text", "problem"),
        [
            ("2026-03-29T01:30:00", "naive"),
            ("2026-03-29T01:30", "naive"),
            ("2026-03-29 01:30:00Z", "not an RFC 3339"),
            ("2026-03-29T01:30:00+0100", "not an RFC 3339"),
            ("2026-03-29T01:30:00.1234567Z", "not an RFC 3339"),
            ("2026-02-30T00:00:00Z", "not a valid date and time"),
            ("2026-03-29T24:00:00Z", "not a valid date and time"),
            ("2026-03-29T01:30:00+24:00", "not a valid date and time"),
            ("2026-03-29T01:30:00+01:60", "not a valid date and time"),
            ("2026-07-01T12:00:00+00:00[Europe/London]", "does not use at that time"),
            ("2026-07-01T12:00:00+01:00[Europe/Atlantis]", "not an IANA time zone"),
            ("2026-07-01T12:00:00+01:00[../../etc/passwd]", "not an IANA time zone"),
        ],
    )
    def test_refuses_bad_datetimes(self, text: str, problem: str) -> None:
        error = refusal(Window, {"start": None, "end": text})
        assert "end" == error.argument
        assert problem in error.problem

    @pytest.mark.parametrize(
        ("data", "argument", "problem"),
        [
            (
                {"days": 0, "seconds": 86400, "microseconds": 0},
                "duration.seconds",
                "from 0 to 86399",
            ),
            ({"days": 0, "seconds": 0, "microseconds": -1}, "duration.microseconds", "from 0"),
            ({"days": 10**10, "seconds": 0, "microseconds": 0}, "duration.days", "out of range"),
            ({"days": 0, "seconds": 0, "microseconds": 0}, "duration", "must be positive"),
            ({"days": 0, "seconds": 60}, "duration.microseconds", "is missing"),
            (3600, "duration", "must be an object"),
        ],
    )
    def test_refuses_bad_durations(self, data: Any, argument: str, problem: str) -> None:
        recurrence = raw_data(a_promotion().recurrence)
        recurrence["duration"] = data
        error = refusal(Recurrence, recurrence)
        assert argument == error.argument
        assert problem in error.problem

    @pytest.mark.parametrize(
        ("zone", "problem"),
        [
            ("utc", "not an IANA"),
            ("+5:30", "not an IANA"),
            ("+25:00", "not a valid offset"),
            (0, "string"),
        ],
    )
    def test_refuses_bad_zones(self, zone: Any, problem: str) -> None:
        data = raw_data(presets.youtube_supers_spending_rules())
        data["caps"][1]["zone"] = zone
        error = refusal(SpendingRules, data)
        assert "caps[1].zone" == error.argument
        assert problem in error.problem

    @pytest.mark.parametrize(
        ("limit", "argument", "problem"),
        [
            (5, "caps[0].limit", "exactly one of the keys money, coins"),
            ({}, "caps[0].limit", "exactly one of the keys"),
            (
                {"coins": 5, "money": {"amount": "1.00", "currency": "USD"}},
                "caps[0].limit",
                "exactly one kind",
            ),
            ({"diamonds": 5}, "caps[0].limit.diamonds", "not a kind this field can hold"),
            ({"coins": 5.0}, "caps[0].limit.coins", "must be an integer"),
            (
                {"money": {"amount": "5", "currency": "USD"}},
                "caps[0].limit.money.amount",
                "exactly 2",
            ),
            ({"coins": -5}, "caps[0].limit", "must not be negative"),
        ],
    )
    def test_refuses_bad_tagged_values(self, limit: Any, argument: str, problem: str) -> None:
        data = raw_data(presets.youtube_supers_spending_rules())
        data["caps"][0]["limit"] = limit
        error = refusal(SpendingRules, data)
        assert argument == error.argument
        assert problem in error.problem

    def test_refuses_what_the_classes_refuse_naming_the_field(self) -> None:
        window = {"start": "2026-02-01T00:00:00Z", "end": "2026-01-01T00:00:00Z"}
        assert "end" == refusal(Window, window).argument
        data = raw_data(presets.tiktok_price_book())
        data["prices"][3]["window"] = window
        error = refusal(PriceBook, data)
        assert "prices[3].window.end" == error.argument
        assert "must be after start" in error.problem
        data = raw_data(presets.tiktok_price_book())
        data["packages"][0]["coins"] = 0
        assert "packages[0].coins" == refusal(PriceBook, data).argument
        data = raw_data(presets.tiktok_age_rule())
        data["by_country"]["KR"] = 151
        assert "by_country" == refusal(AgeRule, data).argument

    def test_refuses_an_inconsistent_whole_naming_the_object(self) -> None:
        data = raw_data(presets.twitch_bits_price_book())
        data["prices"][0]["price"]["currency"] = "EUR"
        error = refusal(PriceBook, data)
        assert "data" == error.argument
        assert isinstance(error.__cause__, CurrencyMismatchError)
        data = raw_data(presets.twitch_bits_price_book())
        data["prices"][0]["channel"] = "ios"
        error = refusal(PriceBook, data)
        assert "data" == error.argument
        assert "channel does not sell" in error.problem

    def test_refuses_keys_of_ages_that_are_not_country_codes(self) -> None:
        error = refusal(AgeRule, {"years": 18, "by_country": {"korea": 19}})
        assert "by_country.korea" == error.argument
        error = refusal(AgeRule, {"years": 18, "by_country": {"KR": "19"}})
        assert "by_country.KR" == error.argument

    def test_refuses_a_missing_key_even_when_the_field_has_a_default(self) -> None:
        data = raw_data(a_purchase())
        del data["quote"]["package"]["bonus"]
        error = refusal(Purchase, data)
        assert "quote.package.bonus" == error.argument
        assert "is missing" in error.problem

    def test_refuses_an_extra_key(self) -> None:
        data = raw_data(a_purchase())
        data["quote"]["storefront"]["fees"][0]["fees"][0]["colour"] = "red"
        assert "quote.storefront.fees[0].fees[0].colour" == refusal(Purchase, data).argument

    def test_refuses_a_tuple_where_a_list_belongs(self) -> None:
        data = raw_data(presets.twitch_bits_price_book())
        data["packages"] = tuple(data["packages"])
        assert "packages" == refusal(PriceBook, data).argument

    def test_refuses_a_kind_that_is_not_a_giftflow_type(self) -> None:
        with pytest.raises(InvalidTypeError):
            from_data(datetime, "2026-01-01T00:00:00Z")

    def test_leaves_the_data_unchanged(self) -> None:
        data = raw_data(presets.tiktok_price_book())
        data["prices"][-1]["price"]["currency"] = "EUR"
        before = copy.deepcopy(data)
        refusal(PriceBook, data)
        assert before == data


# -- coins out and payouts ----------------------------------------------------------------


class TestCoinsOutAndPayoutData:
    def test_writes_conversion_policies_with_tags_and_schedules_as_entries(self) -> None:
        cent = {"minor": "1", "currency": "USD"}
        assert {
            "entries": [
                {"start": None, "policy": {"fixed_value": {"value_per_coin": cent}}},
                {
                    "start": "2025-02-10T00:00:00+00:00",
                    "policy": {
                        "revenue_share": {
                            "share": {
                                "reward_schedule": {
                                    "base": "0.2",
                                    "cap": "0.53",
                                    "missions": [
                                        {
                                            "name": "25 min",
                                            "metric": "live_minutes",
                                            "at_least": 25,
                                            "bonus": "0.18",
                                            "penalty": False,
                                        },
                                        {
                                            "name": "violations",
                                            "metric": "violations",
                                            "at_least": 1,
                                            "bonus": "0.05",
                                            "penalty": True,
                                        },
                                    ],
                                }
                            },
                            "diamond_value": cent,
                        }
                    },
                },
            ]
        } == to_data(a_schedule())
        policy = RevenueShare(share=Rate.parse("50%"), diamond_value=Money.parse("0.01", "USD"))
        assert {"share": {"rate": "0.5"}, "diamond_value": cent} == to_data(policy)
        ratio = DiamondRatio(
            diamonds_per_coin=Rate.ONE, diamond_value=ExactMoney.parse("0.005", "USD")
        )
        assert {"diamonds_per_coin": "1", "diamond_value": {"minor": "1/2", "currency": "USD"}} == (
            to_data(ratio)
        )

    def test_writes_mappings_as_objects(self) -> None:
        assert {"remainders": {"ana": "1/3", "bo": "-1/2"}} == to_data(
            Carry({"ana": Fraction(1, 3), "bo": Fraction(-1, 2)})
        )
        assert {
            "rounding": "ROUND_HALF_UP",
            "default": "0.3",
            "by_country": {"DE": "0.15"},
            "by_form": {"W-9": "0"},
        } == to_data(WITHHOLDING)

    def test_writes_schedules_valuations_and_rates(self) -> None:
        schedule = PayoutSchedule.weekly(4, zone=LONDON, time_of_day=time(9, 30))
        assert {
            "kind": "weekly",
            "zone": "Europe/London",
            "weekday": 4,
            "day": None,
            "net_days": None,
            "time_of_day": "09:30:00",
            "processing_days": 0,
        } == to_data(schedule)
        valuation = DiamondValuation(
            (
                (None, ExactMoney.parse("0.005", "USD")),
                (datetime(2026, 1, 1, tzinfo=UTC), Money.parse("0.01", "USD")),
            )
        )
        assert {
            "values": [
                {"start": None, "value": {"minor": "1/2", "currency": "USD"}},
                {"start": "2026-01-01T00:00:00+00:00", "value": {"minor": "1", "currency": "USD"}},
            ]
        } == to_data(valuation)
        assert {
            "rates": [
                {"source": "EUR", "target": "USD", "rate": "1.0812", "effective": None},
            ]
        } == to_data(FxRates((FxRate.of("EUR", "USD", "1.0812"),)))

    @pytest.mark.parametrize(
        ("limit", "expected"),
        [
            (None, None),
            (Diamonds(2000), {"diamonds": 2000}),
            (Money.parse("10", "USD"), {"money": {"amount": "10.00", "currency": "USD"}}),
            (18, {"int": 18}),
        ],
    )
    def test_tags_a_limit_of_several_kinds_or_none(self, limit: Any, expected: Any) -> None:
        reason = PayoutReason(kind=PayoutReasonKind.BELOW_MINIMUM, message="m", limit=limit)
        assert {
            "kind": "below_minimum",
            "message": "m",
            "diamonds": 0,
            "limit": expected,
            "until": None,
            "blocking": False,
        } == to_data(reason)
        assert reason == round_trip(reason)

    def test_documents_name_the_type(self) -> None:
        document = to_document(presets.bigo())
        assert ("Economy", 3) == (document["type"], document["version"])
        assert presets.bigo() == from_document(document)

    def test_reads_every_public_value_class(self) -> None:
        # A known type with bad data is refused at data, an unknown one at type.
        # GiftRecord is a NamedTuple for streaming into settle(), not a stored value;
        # a Protocol (ArrowStreamExportable) describes what a caller passes, not a value.
        classes = {
            name
            for name in giftflow.__all__
            if isinstance(getattr(giftflow, name), type)
            and not issubclass(getattr(giftflow, name), BaseException)
            and not getattr(getattr(giftflow, name), "_is_protocol", False)
            and name != "GiftRecord"
        }
        for name in sorted(classes):
            document = {"schema": "giftflow", "version": 1, "type": name, "data": 1.5}
            with pytest.raises(DataError) as caught:
                from_document(document)
            assert caught.value.argument.startswith("data"), name

    def test_refuses_to_write_a_time_it_cannot_spell(self) -> None:
        schedule = PayoutSchedule.daily(time_of_day=time(1, 30, fold=1))
        with pytest.raises(DataError) as caught:
            to_data(schedule)
        assert "time_of_day" == caught.value.argument

    @pytest.mark.parametrize(
        ("change", "argument", "problem"),
        [
            ({"time_of_day": "9:30:00"}, "time_of_day", "not a local time"),
            ({"time_of_day": "09:30"}, "time_of_day", "not a local time"),
            ({"time_of_day": "09:30:00.000000"}, "time_of_day", "canonical"),
            ({"time_of_day": "24:00:00"}, "time_of_day", "not a valid time"),
            ({"time_of_day": 930}, "time_of_day", "must be a string"),
            ({"day": 3}, "day", "does not apply to a weekly schedule"),
            ({"weekday": 7}, "weekday", "between 0 and 6"),
            ({"weekday": True}, "weekday", "must be an integer"),
            ({"kind": "fortnightly"}, "kind", "not a ScheduleKind"),
        ],
    )
    def test_refuses_bad_schedules(
        self, change: dict[str, Any], argument: str, problem: str
    ) -> None:
        data = {**raw_data(PayoutSchedule.weekly(4, time_of_day=time(9, 30))), **change}
        error = refusal(PayoutSchedule, data)
        assert argument == error.argument
        assert problem in error.problem

    @pytest.mark.parametrize(
        ("policy", "argument", "problem"),
        [
            ({"fixed_valu": {}}, "entries[0].policy.fixed_valu", "not a kind this field"),
            ({}, "entries[0].policy", "exactly one of the keys"),
            (
                {"fixed_value": {"value_per_coin": {"minor": "0", "currency": "USD"}}},
                "entries[0].policy.fixed_value.value_per_coin",
                "must be positive",
            ),
            ({"rate": "0.5"}, "entries[0].policy.rate", "not a kind this field"),
        ],
    )
    def test_refuses_bad_policies_naming_the_path(
        self, policy: Any, argument: str, problem: str
    ) -> None:
        data = raw_data(a_schedule())
        data["entries"][0]["policy"] = policy
        error = refusal(PolicySchedule, data)
        assert argument == error.argument
        assert problem in error.problem

    def test_refuses_entries_out_of_order_naming_the_entry(self) -> None:
        data = raw_data(a_schedule())
        data["entries"].append({**data["entries"][1], "start": "2024-01-01T00:00:00Z"})
        error = refusal(PolicySchedule, data)
        assert "entries[2].start" == error.argument
        assert "must be after the previous start" in error.problem
        data = raw_data(a_schedule())
        data["entries"][1] = [None, data["entries"][1]["policy"]]
        assert "entries[1]" == refusal(PolicySchedule, data).argument
        data = raw_data(DiamondValuation.of(Money.parse("0.01", "USD")))
        data["values"].append(data["values"][0])
        error = refusal(DiamondValuation, data)
        assert "values[1].start" == error.argument

    @pytest.mark.parametrize(
        ("kind", "data", "argument", "problem"),
        [
            (Carry, {"remainders": {"ana": "2/6"}}, "remainders.ana", "lowest terms"),
            (Carry, {"remainders": {"ana": 0.5}}, "remainders.ana", "must be a string"),
            (Carry, {"remainders": [["ana", "1/2"]]}, "remainders", "must be an object"),
            (Carry, {"remainders": {2: "1/2"}}, "remainders", "key that is not a string"),
            (AgeRule, {"years": 18, "by_country": {None: 19}}, "by_country", "not a string"),
            (
                Mission,
                {"name": "m", "metric": "x", "at_least": 1, "bonus": "0.1", "penalty": 0},
                "penalty",
                "must be true or false",
            ),
            (
                Mission,
                {"name": "m", "metric": "x", "at_least": 1, "bonus": "0.1", "penalty": "false"},
                "penalty",
                "must be true or false",
            ),
            (
                WithholdingRule,
                {
                    "rounding": "ROUND_HALF_UP",
                    "default": "0",
                    "by_country": {"de": "0.1"},
                    "by_form": {},
                },
                "by_country.de",
                "ISO 3166-1",
            ),
            (
                WithholdingRule,
                {
                    "rounding": "ROUND_HALF_UP",
                    "default": "0",
                    "by_country": {},
                    "by_form": {"W-9": "1.5"},
                },
                "by_form['W-9']",
                "at most 100%",
            ),
            (
                Eligibility,
                {
                    "age": None,
                    "countries": ["US", "GB"],
                    "good_standing": True,
                    "payout_account": True,
                    "forfeit_after_months": None,
                },
                "countries",
                "canonical form",
            ),
        ],
    )
    def test_refuses_bad_fields_naming_the_path(
        self, kind: type, data: Any, argument: str, problem: str
    ) -> None:
        error = refusal(kind, data)
        assert argument == error.argument
        assert problem in error.problem

    def test_refuses_a_spelling_the_class_would_normalise(self) -> None:
        data = raw_data(presets.tiktok_catalog())
        data["versions"][0]["gifts"][0]["regions"] = ["us"]
        error = refusal(Catalog, data)
        assert "versions[0].gifts[0].regions" == error.argument
        assert "write ['US']" == error.hint
        data = raw_data(a_receipt())
        data["event"]["country"] = "us"
        assert "event.country" == refusal(GiftReceipt, data).argument

    def test_refuses_a_bad_conversion_in_an_economy_naming_the_path(self) -> None:
        data = raw_data(presets.bigo())
        data["conversion"]["entries"][0]["policy"] = {"revenue_share": {"share": {"rate": "0.5"}}}
        error = refusal(Economy, data)
        assert "conversion.entries[0].policy.revenue_share.diamond_value" == error.argument
        assert "is missing" in error.problem


# -- folded gifts: why closed, and the shape of version 2 -------------------------------

FOLDED = FoldedGift(
    event_id="e7",
    viewer="v1",
    creator="ana",
    gift="Rose",
    count=3,
    country="US",
    first_at=datetime(2026, 11, 24, 20, tzinfo=UTC),
    at=datetime(2026, 11, 24, 20, 0, 5, tzinfo=UTC),
    closed=StreakClose.TIMED_OUT,
)
FOLDED_DATA = {
    "event_id": "e7",
    "viewer": "v1",
    "creator": "ana",
    "gift": "Rose",
    "count": 3,
    "country": "US",
    "first_at": "2026-11-24T20:00:00+00:00",
    "at": "2026-11-24T20:00:05+00:00",
    "closed": "timed_out",
}


class TestFoldedGiftData:
    def test_writes_why_it_was_closed(self) -> None:
        assert FOLDED_DATA == to_data(FOLDED)
        assert FOLDED == from_data(FoldedGift, FOLDED_DATA)

    @pytest.mark.parametrize(
        ("complete", "closed"), [(True, StreakClose.ENDED), (False, StreakClose.NOT_RECORDED)]
    )
    def test_reads_the_version_2_shape_without_guessing_a_reason(
        self, complete: bool, closed: StreakClose
    ) -> None:
        old = {key: value for key, value in FOLDED_DATA.items() if key != "closed"}
        old["complete"] = complete
        document = {"schema": "giftflow", "version": 2, "type": "FoldedGift", "data": old}
        before = copy.deepcopy(document)
        read = from_document(document)
        assert attrs.evolve(FOLDED, closed=closed) == read
        assert before == document
        assert {**FOLDED_DATA, "closed": closed.value} == to_data(read)

    @pytest.mark.parametrize("bad", [1, "true", None])
    def test_refuses_a_version_2_complete_that_is_not_a_bool(self, bad: object) -> None:
        old = {key: value for key, value in FOLDED_DATA.items() if key != "closed"}
        with pytest.raises(DataError) as caught:
            from_data(FoldedGift, {**old, "complete": bad})
        assert "complete" == caught.value.argument

    def test_refuses_both_shapes_at_once(self) -> None:
        with pytest.raises(DataError) as caught:
            from_data(FoldedGift, {**FOLDED_DATA, "complete": True})
        assert "complete" == caught.value.argument

    def test_refuses_an_unknown_reason(self) -> None:
        with pytest.raises(DataError) as caught:
            from_data(FoldedGift, {**FOLDED_DATA, "closed": "lost"})
        assert "closed" == caught.value.argument


EXPIRING = CoinLot(
    id="p1/promotional",
    kind=LotKind.PROMOTIONAL,
    coins=Coins(6),
    acquired_at=datetime(2026, 11, 24, 12, tzinfo=UTC),
    net_per_coin=ExactMoney(Fraction(0), USD),
    gross_per_coin=ExactMoney(Fraction(0), USD),
    expires_at=datetime(2026, 12, 1, 12, tzinfo=UTC),
)


class TestExpiryData:
    """Fields added with expiring coins: written always, and optional in older data."""

    def test_writes_a_lot_s_expiry(self) -> None:
        data = raw_data(EXPIRING)
        assert "2026-12-01T12:00:00+00:00" == data["expires_at"]
        assert EXPIRING == from_data(CoinLot, data)
        assert raw_data(attrs.evolve(EXPIRING, expires_at=None))["expires_at"] is None

    @pytest.mark.parametrize(
        ("value", "field"),
        [
            (attrs.evolve(EXPIRING, expires_at=None), "expires_at"),
            (Promotion(id="welcome", bonus_coins=Coins(5)), "validity"),
            (
                DiamondsReconverted(
                    id="d1",
                    at=datetime(2026, 12, 1, tzinfo=UTC),
                    creator="ana",
                    diamonds=Diamonds(2),
                    coins_per_diamond=Rate.parse("1/2"),
                ),
                "expires_at",
            ),
        ],
    )
    def test_reads_data_from_before_the_field_as_its_default(
        self, value: object, field: str
    ) -> None:
        old = {key: item for key, item in raw_data(value).items() if key != field}
        document = {"schema": "giftflow", "version": 2, "type": type(value).__name__, "data": old}
        before = copy.deepcopy(document)
        assert value == from_document(document)
        assert before == document

    def test_reads_a_quote_from_before_validity(self) -> None:
        quote = presets.tiktok_price_book().quote(
            "coins_65", country="US", channel=Channel.IOS, at=NOON
        )
        old = {key: item for key, item in raw_data(quote).items() if key != "promotional_validity"}
        assert quote == from_data(Quote, old)

    def test_still_refuses_a_bad_expiry(self) -> None:
        data = {**raw_data(EXPIRING), "expires_at": "2026-11-24T12:00:00+00:00"}
        with pytest.raises(DataError) as caught:
            from_data(CoinLot, data)
        assert "expires_at" == caught.value.argument

    def test_a_new_spend_policy_is_written_as_its_value(self) -> None:
        assert ("lifo", SpendPolicy.EXPIRING_FIRST) == (
            to_data(SpendPolicy.LIFO),
            from_data(SpendPolicy, "expiring_first"),
        )


# -- documents -----------------------------------------------------------------------------


class TestToDocument:
    def test_wraps_data_with_schema_version_and_type(self) -> None:
        assert {
            "schema": "giftflow",
            "version": 3,
            "type": "Money",
            "data": {"amount": "0.99", "currency": "USD"},
        } == to_document(Money.parse("0.99", "USD"))

    def test_refuses_a_value_that_is_not_a_giftflow_type(self) -> None:
        with pytest.raises(InvalidTypeError):
            to_document(1)


def paths(data: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every key and index in ``data``, as paths from its root."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*prefix, index))
    return found


def spelled(path: tuple[str | int, ...]) -> str:
    """The path as DataError.argument spells it: data.prices[2].price.amount."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not part.isidentifier():
            text += f"[{part!r}]"  # a key such as 'W-9'
        else:
            text += f".{part}" if text else part
    return text or "document"


def related(left: str, right: str) -> bool:
    """Whether one path is the other or contains it."""
    short, long = sorted((left, right), key=len)
    return short == long or long.startswith((f"{short}.", f"{short}["))


def read_or_refuse(document: Any) -> str | None:
    """Read ``document``: None if it reads (and round-trips), else the path DataError names."""
    try:
        value = from_document(document)
    except DataError as error:
        return error.argument
    # Only a change to another valid value may pass, and the value round-trips.
    assert value == from_data(type(value), to_data(value))
    return None


DOCUMENTS = [to_document(value) for value in [presets.tiktok_price_book(), *VALUES]]
REPLACEMENTS: list[Any] = [1.5, True, None, "x", [], {}]
JSON: st.SearchStrategy[Any] = st.deferred(
    lambda: (
        st.none()
        | st.booleans()
        | st.floats()
        | st.integers()
        | st.text()
        | st.lists(JSON, max_size=4)
        | st.dictionaries(st.text(), JSON, max_size=4)
    )
)
TYPE_NAMES = sorted({type(value).__name__ for value in VALUES} | {"PriceBook", "Window"})


class TestFromDocument:
    def test_reads_what_to_document_writes(self) -> None:
        purchase = a_purchase()
        assert purchase == from_document(json.loads(json.dumps(to_document(purchase))))

    @pytest.mark.parametrize(
        ("change", "argument", "problem"),
        [
            ({"schema": "other"}, "schema", "is not 'giftflow'"),
            ({"version": 4}, "version", "not a version this giftflow reads"),
            ({"version": 0}, "version", "not a version this giftflow reads"),
            ({"version": True}, "version", "not a version this giftflow reads"),
            ({"version": 1.0}, "version", "not a version this giftflow reads"),
            ({"type": "Bitcoin"}, "type", "not a giftflow value type"),
            ({"type": "DataError"}, "type", "not a giftflow value type"),
            ({"type": None}, "type", "not a giftflow value type"),
            ({"extra": 1}, "extra", "not a key of document"),
            ({"data": {"amount": "1", "currency": "USD"}}, "data.amount", "exactly 2"),
        ],
    )
    def test_refuses_a_bad_envelope(
        self, change: dict[str, Any], argument: str, problem: str
    ) -> None:
        document = {**to_document(Money.parse("0.99", "USD")), **change}
        with pytest.raises(DataError) as caught:
            from_document(document)
        assert argument == caught.value.argument
        assert problem in caught.value.problem

    @pytest.mark.parametrize("key", ["schema", "version", "type", "data"])
    def test_refuses_a_missing_envelope_key(self, key: str) -> None:
        document = to_document(Coins(1))
        del document[key]
        with pytest.raises(DataError) as caught:
            from_document(document)
        assert key == caught.value.argument

    def test_refuses_what_is_not_a_document(self) -> None:
        with pytest.raises(DataError) as caught:
            from_document([1])
        assert "document" == caught.value.argument

    @given(st.data())
    def test_refuses_any_mutation_naming_the_mutated_field(self, data: st.DataObject) -> None:
        original = data.draw(st.sampled_from(DOCUMENTS), label="document")
        path = data.draw(st.sampled_from(paths(original)[1:]), label="path")
        document = copy.deepcopy(original)
        *parents, last = path
        parent: Any = document
        for part in parents:
            parent = parent[part]
        target = parent[last]
        mutations = ["replace"] + (["drop"] if isinstance(parent, dict) else [])
        mutations += ["add"] if isinstance(target, dict) else []
        mutation = data.draw(st.sampled_from(mutations), label="mutation")
        if mutation == "drop":
            del parent[last]
            exact = False
        elif mutation == "add":
            target["unexpected"] = 0
            path = (*path, "unexpected")
            exact = True
        else:
            replacement = data.draw(st.sampled_from(REPLACEMENTS), label="replacement")
            if replacement == target and type(replacement) is type(target):
                return
            parent[last] = replacement
            # Floats are valid nowhere and bools only in bool fields, so the error is
            # exactly there.
            exact = type(replacement) is float or (
                type(replacement) is bool and type(target) is not bool
            )
        before = copy.deepcopy(document)
        named = read_or_refuse(document)
        assert before == document  # nothing is changed, nothing is built in part
        expected = spelled(path)
        if exact:
            assert expected == named
        elif named is not None:
            # A value of the right type may break a rule across fields, which the
            # class may blame on a sibling of the field or of an object holding it.
            sibling = named.rpartition("[" if named.endswith("]") else ".")[0]
            assert related(expected, named) or related(expected, sibling), (expected, named)

    @pytest.mark.parametrize(
        "value",
        [
            a_purchase(),
            a_spend(),
            a_decision(),
            a_promotion(),
            a_schedule(),
            a_receipt(),
            a_payout_policy(),
            a_plan(),
        ],
        ids=lambda v: type(v).__name__,
    )
    def test_refuses_a_value_of_another_json_kind_exactly_where_it_is(self, value: Any) -> None:
        original = to_document(value)
        for path in paths(original)[1:]:
            *parents, last = path
            target: Any = original
            for part in path:
                target = target[part]
            if target is None:
                continue  # an optional field: its other kind may be valid
            for replacement in [1.5, True, 7, "x", []]:
                if type(replacement) is type(target):
                    continue
                document = copy.deepcopy(original)
                parent: Any = document
                for part in parents:
                    parent = parent[part]
                parent[last] = replacement
                with pytest.raises(DataError) as caught:
                    from_document(document)
                assert spelled(path) == caught.value.argument, replacement

    @given(JSON, st.sampled_from(TYPE_NAMES))
    def test_refuses_arbitrary_data_with_a_data_error_only(self, data: Any, name: str) -> None:
        named = read_or_refuse({"schema": "giftflow", "version": 1, "type": name, "data": data})
        assert named is None or named.startswith("data")


class TestDataError:
    def test_is_an_invalid_value_error_with_the_facts(self) -> None:
        error = refusal(Money, {"amount": "0.5", "currency": "USD"})
        assert isinstance(error, InvalidValueError)
        assert ("amount", "0.5", "write '0.50'") == (error.argument, error.value, error.hint)
        assert str(error).startswith("amount must have exactly 2 decimal places")

    def test_shortens_a_large_value_in_its_message(self) -> None:
        error = DataError("data", list(range(10_000)), "is wrong", "fix it")
        assert len(str(error)) < 200
        assert isinstance(error.value, list)
        assert 10_000 == len(error.value)

    def test_pickles(self) -> None:
        error = refusal(Coins, 1.5)
        copied = pickle.loads(pickle.dumps(error))
        assert (str(error), error.argument) == (str(copied), copied.argument)

    def test_helps_with_a_missing_key(self) -> None:
        data = raw_data(a_custom_amount())
        del data["window"]
        error = refusal(CustomAmount, data)
        assert "window" == error.argument
        assert "is missing from the CustomAmount object" == error.problem
        assert data == error.value


def test_storefront_and_packages_read_back_as_built() -> None:
    """The classes' converters (dict to tuple, sorting) see data already in their form."""
    storefront = presets.tiktok_price_book().storefronts[0]
    assert storefront.fees == from_data(Storefront, to_data(storefront)).fees
    package = CoinPackage(id="stars_45", coins=Coins(45), bonus=Coins(35))
    assert package == round_trip(package)
    price = PackagePrice(
        package="p", country="US", channel=Channel.WEB, price=Money.parse("1.00", "USD")
    )
    assert price == round_trip(price)
    lot = a_purchase().lots[0]
    assert isinstance(round_trip(lot), CoinLot)
    assert isinstance(round_trip(a_purchase().quote), Quote)
    assert isinstance(
        round_trip(Refusal(rule="r", limit=1, spent=0, attempted=2, excess=1)), Refusal
    )


class TestLedgerData:
    """A ledger is written as its configuration and the events it applied; reading replays."""

    @given(testing.ledgers())
    def test_round_trips_any_ledger(self, ledger: Ledger) -> None:
        data = to_data(ledger)
        assert_plain(data)
        back = from_data(Ledger, json.loads(json.dumps(data)))
        assert (back.journal, back.balances(), back.events) == (
            ledger.journal,
            ledger.balances(),
            ledger.events,
        )
        assert data == to_data(back)
        document = from_document(json.loads(json.dumps(to_document(ledger))), Ledger)
        assert document.journal == ledger.journal

    def test_pins_the_format_of_a_transaction(self) -> None:
        ledger = Ledger(presets.tiktok(), viewers=VIEWERS)
        ledger.apply(CoinsPurchased(id="p1", viewer="v1", purchase=a_purchase()))
        assert {
            "event_id": "p1",
            "kind": "coins_purchased",
            "at": "2026-11-24T12:00:00-05:00[America/New_York]",
            "postings": [
                {
                    "account": {"kind": "external", "owner": "v1"},
                    "amount": {"money": {"amount": "-0.99", "currency": "USD"}},
                },
                {
                    "account": {"kind": "store_payable", "owner": "apple"},
                    "amount": {"money": {"amount": "0.30", "currency": "USD"}},
                },
                {
                    "account": {"kind": "deferred_revenue", "owner": ""},
                    "amount": {"money": {"amount": "0.69", "currency": "USD"}},
                },
                {"account": {"kind": "coin_issuance", "owner": ""}, "amount": {"coins": -65}},
                {"account": {"kind": "viewer_wallet", "owner": "v1"}, "amount": {"coins": 65}},
            ],
            "metadata": {"purchase": "p1"},
        } == to_data(ledger.transaction("p1"))

    def test_an_unbalanced_transaction_is_refused(self) -> None:
        ledger = Ledger(presets.tiktok(), viewers=VIEWERS)
        ledger.apply(CoinsPurchased(id="p1", viewer="v1", purchase=a_purchase()))
        data = raw_data(ledger.transaction("p1"))
        data["postings"][3]["amount"] = {"coins": -64}
        error = refusal(Transaction, data)
        assert "add the missing leg" in str(error)

    def test_an_event_the_ledger_refuses_names_its_field_and_builds_nothing(self) -> None:
        ledger = Ledger(presets.tiktok(), viewers=VIEWERS)
        ledger.apply(CoinsPurchased(id="p1", viewer="v1", purchase=a_purchase()))
        data = raw_data(ledger)
        # A compact event leaves out its fields at their default (here amount=None).
        refund = {"id": "r1", "at": NOON.isoformat(), "purchase_id": "p2"}
        data["events"].append({"refunded": refund})
        error = refusal(Ledger, data)
        assert ("events[1].refunded.purchase_id", "names no recorded purchase") == (
            error.argument,
            error.problem,
        )

    def test_a_malformed_event_names_its_field(self) -> None:
        ledger = Ledger(presets.tiktok(), viewers=VIEWERS)
        ledger.apply(CoinsPurchased(id="p1", viewer="v1", purchase=a_purchase()))
        data = raw_data(ledger)
        data["events"][0]["coins_purchased"]["viewer"] = 7
        assert "events[0].coins_purchased.viewer" == refusal(Ledger, data).argument
        data = raw_data(ledger)
        data["events"] = {}
        assert "events" == refusal(Ledger, data).argument


class TestTypedDocuments:
    """``from_document(document, kind)`` is typed as ``kind`` and refuses any other type."""

    def test_reads_the_type_asked_for(self) -> None:
        coins: Coins = from_document(to_document(Coins(65)), Coins)
        assert Coins(65) == coins

    def test_refuses_a_document_of_another_type_naming_type(self) -> None:
        with pytest.raises(DataError) as caught:
            from_document(to_document(Coins(65)), Money)
        assert ("type", "Coins") == (caught.value.argument, caught.value.value)

    def test_refuses_a_kind_that_is_not_a_value_type(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            from_document(to_document(Coins(65)), dict)
        assert "kind" == caught.value.argument


# -- store programs: fee schedules, and thresholds that qualify by the prior year --------


class TestFeeScheduleData:
    LINK_OUT = presets.apple_link_out_fee_schedule()

    def link_out_store(self) -> Storefront:
        return Storefront(
            country="US",
            currency=USD,
            tax=Tax.none(),
            fees={Channel.IOS_LINK_OUT: self.LINK_OUT, Channel.WEB: ()},
        )

    def test_a_scheduled_channel_is_tagged_and_a_plain_one_stays_a_list(self) -> None:
        data = raw_data(self.link_out_store())
        link_out, web = data["fees"]
        assert {"channel": "web", "fees": []} == web
        assert ["channel", "fees"] == list(link_out)
        periods = link_out["fees"]["fee_schedule"]["periods"]
        assert {
            "window": {"start": None, "end": "2025-04-30T00:00:00+00:00"},
            "fees": [
                {
                    "name": "apple link-out",
                    "kind": "store",
                    "basis": "net_of_tax",
                    "rounding": "ROUND_HALF_UP",
                    "rate": "0.27",
                    "fixed": None,
                    "minimum": None,
                    "maximum": None,
                    "threshold": None,
                }
            ],
            "source": "apple_link_out_us",
        } == periods[0]
        assert ["apple_link_out_us", "apple_link_out_us_appeal"] == [
            p["source"] for p in periods[1:]
        ]
        round_trip(self.link_out_store())

    def test_writes_a_threshold_s_qualification(self) -> None:
        small = presets.apple_fee_schedule(USD, small_business=True)
        threshold = small.periods[1].fees[0].threshold
        assert threshold is not None
        assert {
            "limit": {"amount": "1000000.00", "currency": "USD"},
            "rate_above": "0.3",
            "crossing": "whole_purchase",
            "qualification": "prior_year",
        } == to_data(threshold)
        round_trip(small)

    def test_reads_a_threshold_written_without_a_qualification_as_every_year(self) -> None:
        threshold = presets.google_play_fee(USD).threshold
        assert threshold is not None
        old = {k: v for k, v in raw_data(threshold).items() if k != "qualification"}
        document = {"schema": "giftflow", "version": 2, "type": "Threshold", "data": old}
        assert threshold == from_document(document)
        book = raw_data(presets.tiktok_price_book())
        for storefront in book["storefronts"]:
            for channel in storefront["fees"]:
                for fee in channel["fees"]:
                    if fee["threshold"] is not None:
                        del fee["threshold"]["qualification"]
        version_2 = {"schema": "giftflow", "version": 2, "type": "PriceBook", "data": book}
        assert presets.tiktok_price_book() == from_document(version_2)

    @pytest.mark.parametrize(
        ("fees", "path", "problem"),
        [
            ({"schedule": {"periods": []}}, "fees[0].fees.schedule", "not a kind this field"),
            ({}, "fees[0].fees", "must be a list or an object"),
            ("apple", "fees[0].fees", "must be a list or an object"),
            ({"fee_schedule": {"periods": []}}, "fees[0].fees.fee_schedule.periods", "empty"),
        ],
    )
    def test_refuses_bad_channel_fees_naming_the_path(
        self, fees: Any, path: str, problem: str
    ) -> None:
        data = raw_data(self.link_out_store())
        data["fees"][0]["fees"] = fees
        error = refusal(Storefront, data)
        assert path == error.argument
        assert problem in error.problem

    def test_refuses_periods_out_of_order_naming_the_period(self) -> None:
        data = raw_data(self.LINK_OUT)
        data["periods"].reverse()
        error = refusal(FeeSchedule, data)
        assert error.argument.startswith("periods[1]")

    def test_refuses_an_unknown_qualification(self) -> None:
        data = raw_data(presets.google_play_fee(USD))
        data["threshold"]["qualification"] = "first_year"
        assert "threshold.qualification" == refusal(Fee, data).argument
