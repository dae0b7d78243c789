"""Conversion policies, reward schedules, policy schedules and carried remainders."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Carry,
    ConversionPolicy,
    CurrencyMismatchError,
    DiamondRatio,
    Diamonds,
    ExactMoney,
    FixedValue,
    InvalidArgumentError,
    InvalidTypeError,
    InvalidValueError,
    Mission,
    Money,
    NaiveDatetimeError,
    PolicySchedule,
    Rate,
    RevenueShare,
    RewardSchedule,
    Rounding,
    currency,
    presets,
)
from giftflow.testing import (
    carries,
    conversion_policies,
    policy_schedules,
    reward_schedules,
    roundings,
)

USD = currency("USD")
SCALED_FROM = datetime(2025, 2, 10, tzinfo=UTC)


def cents(value: Fraction | int) -> ExactMoney:
    return ExactMoney(Fraction(value), USD)


def rate(text: str) -> Rate:
    return Rate.parse(text)


def scaled_rewards() -> RewardSchedule:
    policy = presets.tiktok_scaled_rewards_2025().at(SCALED_FROM)
    assert type(policy) is RevenueShare
    assert type(policy.share) is RewardSchedule
    return policy.share


METRICS = st.dictionaries(
    st.sampled_from(["live_minutes", "new_followers", "weekly_long_lives", "violations"]),
    st.integers(0, 100),
)


class TestMission:
    def live(self) -> Mission:
        return Mission(name="25 min", metric="live_minutes", at_least=25, bonus=rate("18%"))

    def test_is_earned_from_its_threshold_on(self) -> None:
        assert [False, True, True] == [
            self.live().earned({"live_minutes": minutes}) for minutes in (24, 25, 90)
        ]

    def test_a_missing_metric_counts_as_zero(self) -> None:
        assert not self.live().earned({})

    @pytest.mark.parametrize("value", [30.0, True, "30"])
    def test_refuses_a_metric_that_is_not_an_int(self, value: object) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            self.live().earned({"live_minutes": value})  # type: ignore[dict-item]
        assert "metrics['live_minutes']" == caught.value.argument

    def test_refuses_metrics_that_are_not_a_mapping(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            self.live().earned(["live_minutes"])  # type: ignore[arg-type]
        assert "metrics" == caught.value.argument

    def test_refuses_a_threshold_that_is_not_an_int(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            Mission(name="m", metric="live_minutes", at_least=2.5, bonus=rate("1%"))  # type: ignore[arg-type]
        assert "at_least" == caught.value.argument


class TestRewardSchedule:
    @pytest.mark.parametrize(
        ("metrics", "expected"),
        [
            ({}, "20%"),
            ({"live_minutes": 4}, "20%"),
            ({"live_minutes": 25}, "38%"),
            ({"live_minutes": 30, "new_followers": 5}, "40%"),
            ({"live_minutes": 30, "new_followers": 7, "weekly_long_lives": 1}, "46%"),
            ({"live_minutes": 30, "new_followers": 7, "weekly_long_lives": 2}, "48%"),
            (
                {"live_minutes": 30, "new_followers": 7, "weekly_long_lives": 2, "violations": 1},
                "28%",
            ),
            ({"violations": 3}, "0%"),
        ],
    )
    def test_tiktok_scaled_rewards_for_a_creators_metrics(
        self, metrics: dict[str, int], expected: str
    ) -> None:
        assert rate(expected) == scaled_rewards().rate_for(metrics)

    def test_never_goes_below_zero(self) -> None:
        schedule = RewardSchedule(
            base=rate("10%"),
            cap=rate("50%"),
            missions=(
                Mission(
                    name="strike", metric="violations", at_least=1, bonus=rate("30%"), penalty=True
                ),
            ),
        )
        assert Rate.ZERO == schedule.rate_for({"violations": 1})

    def test_never_goes_above_its_cap(self) -> None:
        schedule = RewardSchedule(
            base=rate("50%"),
            cap=rate("53%"),
            missions=(Mission(name="long", metric="live_minutes", at_least=0, bonus=rate("10%")),),
        )
        assert rate("53%") == schedule.rate_for({})

    def test_explains_each_mission(self) -> None:
        lines = scaled_rewards().explain({"live_minutes": 30, "violations": 1})
        assert (
            "base 20%",
            "+18% LIVE 25+ minutes: earned",
            "+2% 5+ new followers: not earned",
            "+6% weekly one long LIVE: not earned",
            "+2% weekly two long LIVEs: not earned",
            "-20% violations: earned",
            "capped at 53%",
        ) == lines

    @pytest.mark.parametrize("method", ["rate_for", "explain"])
    def test_refuses_metrics_that_are_not_a_mapping(self, method: str) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            getattr(scaled_rewards(), method)([("live_minutes", 30)])
        assert "metrics" == caught.value.argument

    def test_refuses_missions_that_are_not_missions(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            RewardSchedule(base=rate("20%"), cap=rate("53%"), missions=("25 min",))  # type: ignore[arg-type]
        assert "missions" == caught.value.argument

    def test_refuses_a_list_of_missions(self) -> None:
        mission = Mission(name="long", metric="live_minutes", at_least=0, bonus=rate("10%"))
        with pytest.raises(InvalidTypeError) as caught:
            RewardSchedule(base=rate("20%"), cap=rate("53%"), missions=[mission])  # type: ignore[arg-type]
        assert "missions" == caught.value.argument

    def test_refuses_a_cap_above_one(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            RewardSchedule(base=rate("20%"), cap=rate("150%"))
        assert "cap" == caught.value.argument

    @given(reward_schedules(), METRICS)
    def test_rate_stays_between_zero_and_the_cap(
        self, schedule: RewardSchedule, metrics: dict[str, int]
    ) -> None:
        assert Rate.ZERO <= schedule.rate_for(metrics) <= schedule.cap


class TestRevenueShare:
    def test_70_percent_of_a_super_chats_7_dollars_net_is_490_cents(self) -> None:
        supers = RevenueShare(share=rate("70%"), diamond_value=Money.parse("0.01", "USD"))
        assert Fraction(490) == supers.diamonds_for(coins=1000, net=cents(700), metrics={})

    def test_values_diamonds_below_a_cent(self) -> None:
        tiktok = presets.tiktok_net_share()
        # 50% of 69/65 cents (one iOS coin's net) at half a cent per diamond.
        assert Fraction(69, 65) == tiktok.diamonds_for(
            coins=1, net=cents(Fraction(69, 65)), metrics={}
        )

    def test_a_reward_schedule_sets_the_share_from_the_creators_metrics(self) -> None:
        policy = RevenueShare(share=scaled_rewards(), diamond_value=Money.parse("0.01", "USD"))
        assert rate("38%") == policy.rate({"live_minutes": 25})
        assert Fraction(38) == policy.diamonds_for(
            coins=1, net=cents(100), metrics={"live_minutes": 25}
        )

    def test_widens_money_to_exact_money(self) -> None:
        policy = RevenueShare(share=rate("50%"), diamond_value=Money.parse("0.01", "USD"))
        assert cents(1) == policy.diamond_value
        assert USD == policy.value_currency

    def test_refuses_net_revenue_in_another_currency(self) -> None:
        with pytest.raises(CurrencyMismatchError):
            presets.tiktok_net_share().diamonds_for(
                coins=1, net=ExactMoney(Fraction(1), currency("GBP")), metrics={}
            )

    @pytest.mark.parametrize("share", [0.5, "50%", None])
    def test_refuses_a_share_that_is_not_a_rate_or_schedule(self, share: object) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            RevenueShare(share=share, diamond_value=Money.parse("0.01", "USD"))  # type: ignore[arg-type]
        assert "share" == caught.value.argument

    @pytest.mark.parametrize("value", [Money.parse("0", "USD"), Money.parse("-0.01", "USD"), 0.01])
    def test_refuses_a_diamond_value_that_is_not_positive_money(self, value: object) -> None:
        with pytest.raises(InvalidArgumentError) as caught:
            RevenueShare(share=rate("50%"), diamond_value=value)  # type: ignore[arg-type]
        assert "diamond_value" == caught.value.argument


class TestFixedValue:
    def test_one_diamond_per_coin_whatever_the_viewer_paid(self) -> None:
        bits = FixedValue(value_per_coin=Money.parse("0.01", "USD"))
        assert [Fraction(100), Fraction(100)] == [
            bits.diamonds_for(coins=100, net=net, metrics={}) for net in (cents(140), cents(1))
        ]
        assert cents(1) == bits.diamond_value

    def test_refuses_a_value_that_is_not_positive(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            FixedValue(value_per_coin=Money.parse("0", "USD"))
        assert "value_per_coin" == caught.value.argument


class TestDiamondRatio:
    def test_converts_coins_at_the_ratio(self) -> None:
        bigo = DiamondRatio(
            diamonds_per_coin=rate("1/2"), diamond_value=ExactMoney.parse("1/210", "USD")
        )
        assert Fraction(500) == bigo.diamonds_for(coins=1000, net=cents(1874), metrics={})

    def test_refuses_a_ratio_that_is_not_a_rate(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            DiamondRatio(diamonds_per_coin=1, diamond_value=Money.parse("0.01", "USD"))  # type: ignore[arg-type]
        assert "diamonds_per_coin" == caught.value.argument


class TestConversionPolicy:
    @given(conversion_policies(), st.integers(0, 10**6))
    def test_every_policy_is_valued_in_its_currency(
        self, policy: ConversionPolicy, coins: int
    ) -> None:
        net = ExactMoney(Fraction(coins), policy.value_currency)
        diamonds = policy.diamonds_for(coins=coins, net=net, metrics={})
        assert diamonds >= 0
        assert policy.value_currency == policy.diamond_value.currency


class TestPolicySchedule:
    def test_tiktok_switched_to_scaled_rewards_on_10_february_2025(self) -> None:
        schedule = presets.tiktok_scaled_rewards_2025()
        before = schedule.at(SCALED_FROM - timedelta(microseconds=1))
        after = schedule.at(SCALED_FROM)
        assert type(before) is RevenueShare
        assert type(after) is RevenueShare
        assert (rate("50%"), rate("20%")) == (before.rate({}), after.rate({}))

    def test_switches_at_an_instant_whatever_the_time_zone(self) -> None:
        # 10 February, 08:00 in Seoul is still 9 February in UTC.
        seoul = datetime(2025, 2, 10, 8, tzinfo=timezone(timedelta(hours=9)))
        policy = presets.tiktok_scaled_rewards_2025().at(seoul)
        assert type(policy) is RevenueShare
        assert rate("50%") == policy.rate({})

    def test_refuses_a_time_before_the_first_start(self) -> None:
        old = presets.tiktok_net_share()
        schedule = PolicySchedule(((SCALED_FROM, old),))
        with pytest.raises(InvalidValueError) as caught:
            schedule.at(SCALED_FROM - timedelta(days=1))
        assert "when" == caught.value.argument

    def test_refuses_starts_out_of_order(self) -> None:
        old = presets.tiktok_net_share()
        with pytest.raises(InvalidValueError, match="must be after the previous start") as caught:
            PolicySchedule(((None, old), (SCALED_FROM, old), (SCALED_FROM, old)))
        assert "entries[2].start" == caught.value.argument

    def test_refuses_a_naive_start(self) -> None:
        old = presets.tiktok_net_share()
        with pytest.raises(NaiveDatetimeError) as caught:
            PolicySchedule(((None, old), (datetime(2025, 2, 10), old)))
        assert "entries[1].start" == caught.value.argument

    def test_refuses_a_naive_time(self) -> None:
        with pytest.raises(NaiveDatetimeError) as caught:
            presets.tiktok_scaled_rewards_2025().at(datetime(2025, 2, 10))
        assert "when" == caught.value.argument

    @pytest.mark.parametrize("entries", [(), ((None, "50%"),), [(None,)]])
    def test_refuses_entries_that_are_not_start_policy_pairs(self, entries: object) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            PolicySchedule(entries)  # type: ignore[arg-type]
        assert "entries" == caught.value.argument

    @given(policy_schedules(), st.datetimes(timezones=st.just(UTC)))
    def test_the_latest_policy_started_is_in_force(
        self, schedule: PolicySchedule, when: datetime
    ) -> None:
        started = [policy for start, policy in schedule.entries if start is None or start <= when]
        assert started[-1] is schedule.at(when)


class TestCarry:
    def test_carries_what_rounding_down_leaves(self) -> None:
        issued, carry = Carry().issue("ana", Fraction(7, 3), Rounding.DOWN)
        assert (Diamonds(2), Fraction(1, 3)) == (issued, carry.of("ana"))

    def test_rounding_up_carries_a_debt(self) -> None:
        issued, carry = Carry().issue("ana", Fraction(7, 3), Rounding.UP)
        assert (Diamonds(3), Fraction(-2, 3)) == (issued, carry.of("ana"))

    def test_keeps_creators_apart(self) -> None:
        _, carry = Carry({"bo": Fraction(1, 2)}).issue("ana", Fraction(1, 3), Rounding.DOWN)
        assert Carry({"ana": Fraction(1, 3), "bo": Fraction(1, 2)}) == carry

    def test_drops_a_remainder_that_reaches_zero(self) -> None:
        _, carry = Carry({"ana": Fraction(1, 2)}).issue("ana", Fraction(1, 2), Rounding.DOWN)
        assert {} == dict(carry.remainders)

    def test_never_changes_the_carry_it_was_given(self) -> None:
        carry = Carry({"ana": Fraction(1, 2)})
        carry.issue("ana", Fraction(1, 3), Rounding.DOWN)
        assert Fraction(1, 2) == carry.of("ana")

    def test_is_equal_and_hashes_by_its_remainders(self) -> None:
        left, right = Carry({"ana": Fraction(1, 2)}), Carry({"ana": Fraction(1, 2)})
        assert left == right
        assert hash(left) == hash(right)
        assert left != {"ana": Fraction(1, 2)}

    @pytest.mark.parametrize("remainders", [{"ana": 0.5}, {1: Fraction(1, 2)}, [("ana", 1)]])
    def test_refuses_anything_but_creators_and_fractions(self, remainders: object) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            Carry(remainders)  # type: ignore[arg-type]
        assert caught.value.argument.startswith("remainders")

    @pytest.mark.parametrize(
        "remainders",
        [
            pytest.param({"ana": Fraction(10**6)}, id="a-million-diamonds"),
            pytest.param({"ana": Fraction(1)}, id="one-whole-diamond"),
            pytest.param({"ana": Fraction(-1)}, id="minus-one-diamond"),
            pytest.param({"ana": Fraction(-3, 2)}, id="minus-one-and-a-half"),
            pytest.param({"ana": Fraction(1, 10**4300)}, id="denominator-of-4301-digits"),
            pytest.param({"": Fraction(1, 2)}, id="empty-creator"),
            pytest.param({" ana": Fraction(1, 2)}, id="creator-with-leading-space"),
            pytest.param({"a" * 65: Fraction(1, 2)}, id="creator-of-65-characters"),
        ],
    )
    def test_refuses_remainders_that_are_not_a_fraction_of_a_diamond(
        self, remainders: dict[str, Fraction]
    ) -> None:
        with pytest.raises(InvalidValueError) as caught:
            Carry(remainders)
        assert caught.value.argument.startswith("remainders")

    @pytest.mark.parametrize(
        "remainders",
        [{"ana": Fraction(10**6)}, {"ana": Fraction(-1)}, {"ana": 1}, {"": Fraction(1, 3)}],
        ids=["million", "minus-one", "int", "empty-creator"],
    )
    def test_evolve_does_not_bypass_the_checks(self, remainders: dict[str, Fraction]) -> None:
        with pytest.raises(InvalidArgumentError):
            attrs.evolve(Carry(), remainders=remainders)

    def test_accepts_a_denominator_of_4300_digits(self) -> None:
        assert Fraction(1, 10**4300 - 1) == Carry({"ana": Fraction(1, 10**4300 - 1)}).of("ana")

    @pytest.mark.parametrize(
        ("rounding", "good", "bad"),
        [
            (Rounding.DOWN, Fraction(0), Fraction(-1, 3)),
            (Rounding.FLOOR, Fraction(99, 100), Fraction(-1, 100)),
            (Rounding.CEILING, Fraction(-1, 3), Fraction(1, 3)),
            (Rounding.HALF_UP, Fraction(1, 2), Fraction(51, 100)),
            (Rounding.HALF_DOWN, Fraction(-1, 2), Fraction(-51, 100)),
            (Rounding.HALF_EVEN, Fraction(-1, 2), Fraction(2, 3)),
        ],
        ids=lambda value: value.name if isinstance(value, Rounding) else str(value),
    )
    def test_check_rounding_knows_the_range_each_mode_leaves(
        self, rounding: Rounding, good: Fraction, bad: Fraction
    ) -> None:
        Carry({"ana": good}).check_rounding(rounding)
        with pytest.raises(
            InvalidValueError,
            match=rf"^remainders\['ana'\] must lie in .* Rounding\.{rounding.name},",
        ):
            Carry({"ana": bad}).check_rounding(rounding)

    @given(
        st.lists(st.fractions(min_value=0, max_value=10**6, max_denominator=10**4), max_size=20),
        roundings(),
    )
    def test_issuing_leaves_a_carry_its_rounding_accepts(
        self, entitlements: list[Fraction], rounding: Rounding
    ) -> None:
        carry = Carry()
        for entitlement in entitlements:
            _, carry = carry.issue("ana", entitlement, rounding)
            carry.check_rounding(rounding)

    @pytest.mark.parametrize(
        ("args", "error"),
        [
            (("ana", Fraction(-1, 2), Rounding.DOWN), InvalidValueError),
            (("ana", 0.5, Rounding.DOWN), InvalidTypeError),
            (("ana", Fraction(1, 2), "down"), InvalidTypeError),
            ((None, Fraction(1, 2), Rounding.DOWN), InvalidValueError),
            (("", Fraction(1, 2), Rounding.DOWN), InvalidValueError),
        ],
        ids=["negative-entitlement", "float-entitlement", "str-rounding", "none-creator", "empty"],
    )
    def test_issue_refuses_bad_arguments(self, args: tuple[object, ...], error: type) -> None:
        with pytest.raises(error):
            Carry().issue(*args)  # type: ignore[arg-type]

    @pytest.mark.parametrize("creator", [None, 1, ["ana"]], ids=["none", "int", "list"])
    def test_of_refuses_a_creator_that_is_not_a_str(self, creator: object) -> None:
        with pytest.raises(InvalidTypeError):
            Carry().of(creator)  # type: ignore[arg-type]

    def test_rounding_up_a_zero_entitlement_on_a_negative_carry_leaves_a_positive_one(
        self,
    ) -> None:
        # Away from zero, -1/2 rounds to -1: what UP's range (-1, 1) allows for.
        diamonds, carry = Carry({"ana": Fraction(-1, 2)}).issue("ana", Fraction(0), Rounding.UP)
        assert (Diamonds(-1), Fraction(1, 2)) == (diamonds, carry.of("ana"))
        carry.check_rounding(Rounding.UP)

    def test_check_rounding_refuses_a_str(self) -> None:
        with pytest.raises(InvalidTypeError):
            Carry().check_rounding("DOWN")  # type: ignore[arg-type]

    @given(
        carries(),
        st.lists(
            st.tuples(
                st.sampled_from(["ana", "bo"]),
                st.fractions(min_value=0, max_value=10**6, max_denominator=10**4),
            ),
            max_size=20,
        ),
        roundings(),
    )
    def test_issued_plus_carried_is_the_entitlement(
        self, carry: Carry, entitlements: list[tuple[str, Fraction]], rounding: Rounding
    ) -> None:
        start = carry
        issued: dict[str, int] = {}
        for creator, entitlement in entitlements:
            diamonds, carry = carry.issue(creator, entitlement, rounding)
            issued[creator] = issued.get(creator, 0) + diamonds.amount
        for creator in ("ana", "bo"):
            owed = sum((e for c, e in entitlements if c == creator), start.of(creator))
            assert owed == issued.get(creator, 0) + carry.of(creator)

    @given(carries())
    def test_generated_remainders_lie_strictly_within_one_diamond(self, carry: Carry) -> None:
        assert all(0 < abs(value) < 1 for value in carry.remainders.values())
