"""Spending protection as data: minimum ages, and caps per transaction, day, week and month."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import giftflow
from giftflow import (
    AgeRule,
    CapPeriod,
    Coins,
    InvalidTypeError,
    InvalidValueError,
    Money,
    NaiveDatetimeError,
    Refusal,
    SpendingCap,
    SpendingDecision,
    SpendingRefusedError,
    SpendingRules,
    SpendRecord,
    Viewer,
    currency,
    presets,
)
from giftflow.testing import spend_records, spending_caps, spending_rules, viewers

USD = currency("USD")
NOW = datetime(2026, 11, 24, 15, tzinfo=UTC)  # a Tuesday
SEOUL = ZoneInfo("Asia/Seoul")
LONDON = ZoneInfo("Europe/London")
ADULT = Viewer(country="US", birth_date=date(1990, 5, 1))


def usd(text: str) -> Money:
    return Money.parse(text, USD)


def spent(amount: str, ago: timedelta) -> SpendRecord:
    return SpendRecord(at=NOW - ago, amount=usd(amount))


def units(amount: Money | Coins | int) -> int:
    if isinstance(amount, Money):
        return amount.minor
    if isinstance(amount, Coins):
        return amount.amount
    return amount


class TestCapPeriod:
    def test_a_transaction_has_no_history(self) -> None:
        assert CapPeriod.TRANSACTION.start(NOW, UTC) is None

    def test_a_calendar_day_starts_at_local_midnight(self) -> None:
        # 15:00 UTC on the 24th is 00:00 on the 25th in Seoul.
        start = CapPeriod.CALENDAR_DAY.start(NOW, SEOUL)
        assert datetime(2026, 11, 25, tzinfo=SEOUL) == start

    def test_a_calendar_week_starts_on_monday(self) -> None:
        assert datetime(2026, 11, 23, tzinfo=UTC) == CapPeriod.CALENDAR_WEEK.start(NOW, UTC)

    def test_a_calendar_month_starts_on_the_first(self) -> None:
        assert datetime(2026, 11, 1, tzinfo=UTC) == CapPeriod.CALENDAR_MONTH.start(NOW, UTC)

    @pytest.mark.parametrize(
        ("period", "length"),
        [(CapPeriod.ROLLING_DAY, timedelta(days=1)), (CapPeriod.ROLLING_WEEK, timedelta(days=7))],
    )
    def test_a_rolling_period_is_elapsed_time_even_across_a_dst_change(
        self, period: CapPeriod, length: timedelta
    ) -> None:
        # London springs forward on 2026-03-29: that local day lasts 23 hours.
        now = datetime(2026, 3, 29, 12, tzinfo=LONDON)
        start = period.start(now, LONDON)
        assert start is not None
        assert length == now.astimezone(UTC) - start.astimezone(UTC)


class TestSpendingCap:
    def test_refuses_a_negative_limit(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^limit must not be negative"):
            SpendingCap(name="daily", limit=usd("-1"), period=CapPeriod.CALENDAR_DAY, zone=UTC)

    @pytest.mark.parametrize(
        ("field", "value"), [("limit", 500), ("limit", 500.0), ("zone", "UTC"), ("period", "day")]
    )
    def test_refuses_fields_of_the_wrong_type(self, field: str, value: Any) -> None:
        fields: dict[str, Any] = {
            "name": "daily",
            "limit": usd("500"),
            "period": CapPeriod.CALENDAR_DAY,
            "zone": UTC,
        }
        with pytest.raises(InvalidTypeError, match=rf"^{field} must be"):
            SpendingCap(**{**fields, field: value})

    @given(spending_caps())
    def test_generated_caps_have_a_limit_of_zero_or_more(self, cap: SpendingCap) -> None:
        assert units(cap.limit) >= 0


class TestAgeRule:
    def test_has_per_country_exceptions(self) -> None:
        rule = AgeRule(years=18, by_country={"kr": 19})
        assert (19, 18) == (rule.minimum_for("KR"), rule.minimum_for("us"))

    @pytest.mark.parametrize("years", [-1, 151, True, "18", 18.0])
    def test_refuses_an_age_that_is_not_whole_years(self, years: Any) -> None:
        with pytest.raises(InvalidValueError, match=r"^years must be an int age in years"):
            AgeRule(years=years)

    def test_refuses_a_bad_age_for_a_country(self) -> None:
        with pytest.raises(InvalidValueError, match=r"must be an int age in years"):
            AgeRule(years=18, by_country={"KR": -19})


class TestViewer:
    @pytest.mark.parametrize(("on", "age"), [(date(2026, 11, 24), 17), (date(2026, 11, 25), 18)])
    def test_age_counts_whole_years_on_the_date_of_now(self, on: date, age: int) -> None:
        viewer = Viewer(country="kr", birth_date=date(2008, 11, 25))
        assert age == viewer.age_at(datetime(on.year, on.month, on.day, 12, tzinfo=UTC))

    def test_age_is_taken_on_the_local_date_of_now(self) -> None:
        viewer = Viewer(country="KR", birth_date=date(2008, 11, 25))
        # 15:00 UTC on the 24th is already the 25th in Seoul.
        assert (17, 18) == (viewer.age_at(NOW), viewer.age_at(NOW.astimezone(SEOUL)))

    def test_upper_cases_the_country(self) -> None:
        assert "KR" == Viewer(country="kr", birth_date=date(2000, 1, 1)).country

    def test_refuses_a_naive_now(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^now must be timezone-aware"):
            ADULT.age_at(datetime(2026, 11, 24))

    def test_refuses_a_birth_datetime(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^birth_date must be a date"):
            Viewer(country="US", birth_date=datetime(2000, 1, 1, tzinfo=UTC))

    @given(viewers())
    def test_generated_viewers_have_an_alpha_2_country(self, viewer: Viewer) -> None:
        assert 2 == len(viewer.country)
        assert viewer.country.isupper()


class TestSpendRecord:
    def test_refuses_a_naive_time(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^at must be timezone-aware"):
            SpendRecord(at=datetime(2026, 11, 24), amount=usd("1"))

    def test_refuses_an_amount_that_is_not_money_or_coins(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^amount must be Money or Coins"):
            SpendRecord(at=NOW, amount=1.5)  # type: ignore[arg-type]

    @given(spend_records())
    def test_generated_records_are_positive(self, record: SpendRecord) -> None:
        assert units(record.amount) > 0


class TestRefusal:
    def test_a_cap_refusal_reads_with_its_numbers(self) -> None:
        refusal = Refusal(
            rule="daily", limit=Coins(100), spent=Coins(90), attempted=Coins(20), excess=Coins(10)
        )
        expected = (
            "daily: 90 coins spent + 20 coins attempted exceeds the limit of 100 coins by 10 coins"
        )
        assert expected == str(refusal)

    @pytest.mark.parametrize(("excess", "words"), [(1, "1 year short"), (3, "3 years short")])
    def test_an_age_refusal_says_how_many_years_short(self, excess: int, words: str) -> None:
        refusal = Refusal(
            rule="minimum age", limit=19, spent=0, attempted=19 - excess, excess=excess
        )
        assert f"minimum age: the viewer is {19 - excess}, the minimum is 19 ({words})" == str(
            refusal
        )


class TestSpendingDecision:
    def test_allows_when_nothing_refused(self) -> None:
        decision = SpendingDecision(refusals=())
        decision.raise_if_refused()
        assert decision.allowed

    def test_raises_with_every_refusal(self) -> None:
        refusal = Refusal(
            rule="daily", limit=usd("500"), spent=usd("450"), attempted=usd("60"), excess=usd("10")
        )
        decision = SpendingDecision(refusals=(refusal,))
        with pytest.raises(SpendingRefusedError, match=r"^daily: 450.00 USD spent") as error:
            decision.raise_if_refused()
        assert ((refusal,), False) == (error.value.refusals, decision.allowed)


class TestSpendingRules:
    youtube = presets.youtube_supers_spending_rules()

    def test_youtube_refuses_more_than_500_dollars_a_day(self) -> None:
        decision = self.youtube.check(
            usd("60"), now=NOW, history=[spent("450", timedelta(hours=2))]
        )
        expected = Refusal(
            rule="supers per day",
            limit=usd("500"),
            spent=usd("450"),
            attempted=usd("60"),
            excess=usd("10"),
        )
        assert (expected,) == decision.refusals
        assert (
            "supers per day: 450.00 USD spent + 60.00 USD attempted exceeds the limit of "
            "500.00 USD by 10.00 USD"
        ) == str(decision.refusals[0])

    def test_youtube_allows_exactly_500_dollars_a_day(self) -> None:
        decision = self.youtube.check(
            usd("50"), now=NOW, history=[spent("450", timedelta(hours=2))]
        )
        assert decision.allowed

    def test_youtube_refuses_more_than_2000_dollars_a_week(self) -> None:
        history = [spent("450", timedelta(days=days, hours=1)) for days in (1, 2, 3, 4)]
        decision = self.youtube.check(usd("250"), now=NOW, history=history)
        assert [("supers per week", usd("1800"), usd("50"))] == [
            (refusal.rule, refusal.spent, refusal.excess) for refusal in decision.refusals
        ]

    def test_youtube_counts_the_last_24_hours_not_the_calendar_day(self) -> None:
        history = [spent("450", timedelta(hours=23))]  # yesterday, by the calendar
        assert not self.youtube.check(usd("60"), now=NOW, history=history).allowed
        older = [spent("450", timedelta(hours=25))]
        assert self.youtube.check(usd("60"), now=NOW, history=older).allowed

    def test_a_rolling_day_is_24_hours_across_a_dst_change(self) -> None:
        now = datetime(2026, 3, 29, 12, tzinfo=LONDON)  # 11:00 UTC; the day before had 23 h
        history = [SpendRecord(at=datetime(2026, 3, 28, 11, 30, tzinfo=LONDON), amount=usd("450"))]
        # 23.5 hours earlier: inside the rolling 24 hours.
        assert not self.youtube.check(usd("60"), now=now, history=history).allowed

    def test_ignores_history_after_now_and_in_other_units(self) -> None:
        history = [
            SpendRecord(at=NOW + timedelta(minutes=1), amount=usd("450")),
            SpendRecord(at=NOW - timedelta(hours=1), amount=Money.parse("450", "EUR")),
            SpendRecord(at=NOW - timedelta(hours=1), amount=Coins(45_000)),
        ]
        assert self.youtube.check(usd("100"), now=NOW, history=history).allowed

    def test_caps_in_coins_count_coins(self) -> None:
        rules = SpendingRules(
            caps=(
                SpendingCap(
                    name="coins per gift", limit=Coins(1000), period=CapPeriod.TRANSACTION, zone=UTC
                ),
            )
        )
        decision = rules.check(Coins(29_999), now=NOW, history=[])
        assert [Coins(28_999)] == [refusal.excess for refusal in decision.refusals]
        assert rules.check(usd("1000"), now=NOW, history=[]).allowed

    @pytest.mark.parametrize(
        ("country", "birth_date", "refusal"),
        [
            ("US", date(2008, 11, 24), None),  # 18 today
            ("US", date(2008, 11, 25), (18, 17, 1)),
            ("KR", date(2008, 1, 1), (19, 18, 1)),  # 18 is not enough in South Korea
            ("KR", date(2007, 11, 24), None),
            ("KR", date(2012, 6, 1), (19, 14, 5)),
        ],
    )
    def test_tiktok_age_rule_is_18_and_19_in_south_korea(
        self, country: str, birth_date: date, refusal: tuple[int, int, int] | None
    ) -> None:
        rules = SpendingRules(age=presets.tiktok_age_rule())
        viewer = Viewer(country=country, birth_date=birth_date)
        decision = rules.check(Coins(1), now=NOW, history=[], viewer=viewer)
        found = [(r.limit, r.attempted, r.excess) for r in decision.refusals]
        assert ([] if refusal is None else [refusal]) == found
        assert all("minimum age" == r.rule for r in decision.refusals)

    def test_an_age_rule_needs_the_viewer(self) -> None:
        rules = SpendingRules(age=presets.tiktok_age_rule())
        with pytest.raises(InvalidValueError, match=r"^viewer is required by the age rule"):
            rules.check(Coins(1), now=NOW, history=[])

    def test_refuses_an_age_that_is_not_an_age_rule(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^age must be an AgeRule or None"):
            SpendingRules(age=18)  # type: ignore[arg-type]

    def test_refuses_caps_that_are_not_a_tuple_of_caps(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^caps must be a tuple of SpendingCap"):
            SpendingRules(caps=[])  # type: ignore[arg-type]

    def test_refuses_history_that_is_not_spend_records(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^history must hold only SpendRecord"):
            self.youtube.check(usd("1"), now=NOW, history=[(NOW, usd("450"))])  # type: ignore[list-item]

    def test_refuses_a_naive_now(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^now must be timezone-aware"):
            self.youtube.check(usd("1"), now=datetime(2026, 11, 24), history=[])

    def test_refuses_an_amount_that_is_not_money_or_coins(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^amount must be Money or Coins"):
            self.youtube.check(1, now=NOW, history=[])  # type: ignore[arg-type]

    @given(
        spending_rules(),
        st.lists(spend_records(), max_size=6),
        st.one_of(
            st.integers(1, 10**6).map(Coins),
            st.integers(1, 10**8).map(lambda minor: Money.of_minor(minor, USD)),
        ),
        viewers(),
    )
    def test_every_refusal_names_its_rule_and_the_excess_in_numbers(
        self,
        rules: SpendingRules,
        history: list[SpendRecord],
        amount: Money | Coins,
        viewer: Viewer,
    ) -> None:
        decision = rules.check(amount, now=NOW, history=history, viewer=viewer)
        caps = {cap.name: cap for cap in rules.caps}
        for refusal in decision.refusals:
            if refusal.rule == "minimum age":
                assert rules.age is not None
                assert units(refusal.limit) - units(refusal.attempted) == units(refusal.excess)
            else:
                assert refusal.rule in caps
                assert amount == refusal.attempted
                total = units(refusal.spent) + units(refusal.attempted)
                assert total - units(refusal.limit) == units(refusal.excess)
            assert units(refusal.excess) > 0
        assert (not decision.refusals) == decision.allowed

    @given(spending_rules())
    def test_nothing_spent_before_and_within_every_limit_is_allowed(
        self, rules: SpendingRules
    ) -> None:
        coin_limits = [cap.limit for cap in rules.caps if isinstance(cap.limit, Coins)]
        amount = min(coin_limits, default=Coins(1))
        if not amount:
            return
        decision = rules.check(amount, now=NOW, history=[], viewer=ADULT)
        assert [] == [r for r in decision.refusals if r.rule != "minimum age"]


class TestAgeRuleCountries:
    def test_refuses_a_country_that_is_not_a_code(self) -> None:
        with pytest.raises(giftflow.InvalidValueError, match="ISO 3166"):
            giftflow.AgeRule(years=18, by_country={"korea": 19})

    def test_refuses_a_country_named_twice(self) -> None:
        with pytest.raises(giftflow.InvalidValueError, match="names KR twice"):
            giftflow.AgeRule(years=18, by_country=(("KR", 20), ("KR", 21)))
