"""Batch settlement (issue #7): settle() equals send_gift one by one, and partials merge."""

from __future__ import annotations

import itertools
import pickle
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from giftflow import (
    Agency,
    Carry,
    Coins,
    CreatorTotal,
    CurrencyMismatchError,
    DiamondRatio,
    Diamonds,
    Economy,
    ExactMoney,
    GiftEvent,
    GiftflowError,
    GiftRecord,
    InvalidTypeError,
    InvalidValueError,
    Money,
    Rate,
    Rounding,
    Settlement,
    SettlementError,
    UnknownGiftError,
    currency,
    presets,
    settle,
    trace,
)
from giftflow.testing import (
    SETTLE_AT,
    agencies,
    creator_totals,
    economies,
    gift_events,
    gift_records,
    settlements,
)
from tests.gift_scenarios import CREATORS, Scenario, funded_wallet, run, with_a_free_gift

AT = SETTLE_AT
USD = currency("USD")
ORDER_FREE = (
    Rounding.FLOOR,
    Rounding.CEILING,
    Rounding.DOWN,
    Rounding.HALF_DOWN,
    Rounding.HALF_UP,
)


def tiktok(**changes: Any) -> Economy:
    return attrs.evolve(presets.tiktok(), **changes)


def usd(text: str) -> ExactMoney:
    return ExactMoney.parse(text, "USD")


# -- settle() against send_gift, one gift at a time -----------------------------------


@attrs.frozen
class OneByOne:
    """Gifts to send one by one (a scenario without sponsors), at one time and place."""

    scenario: Scenario
    at: datetime
    country: str


@st.composite
def one_by_one(draw: st.DrawFn) -> OneByOne:
    economy = attrs.evolve(draw(economies()), diamond_rounding=draw(st.sampled_from(ORDER_FREE)))
    # Any sendable event fixes a time and place where the catalog prices gifts.
    first = draw(gift_events(economy=economy))
    at, country = first.at, first.country
    economy = with_a_free_gift(economy, first)
    sendable = [g for g in economy.catalog.gifts_at(country=country, at=at) if g.sponsor is None]
    assume(bool(sendable))
    viewers = ("v1", "v2")
    events = []
    for index in range(draw(st.integers(0, 8))):
        gift = draw(st.sampled_from(sendable))
        events.append(
            GiftEvent(
                id=f"e{index}",
                viewer=draw(st.sampled_from(viewers)),
                gift=draw(st.sampled_from([gift.id, gift.name])),
                count=draw(st.integers(1, 12)),
                recipients=draw(st.sampled_from(CREATORS)),
                country=country,
                at=at,
                battle=draw(st.booleans()),
            )
        )

    def spent(viewer: str) -> int:
        prices = {g.id: g.price.amount for g in sendable} | {
            g.name: g.price.amount for g in sendable
        }
        return sum(prices[e.gift] * e.count for e in events if e.viewer == viewer)

    metric = st.integers(0, 60)
    scenario = Scenario(
        economy=economy,
        wallets={v: draw(funded_wallet(economy, max(spent(v), 1), at)) for v in viewers},
        events=tuple(events),
        carry=Carry(),  # a settlement starts from no carry
        metrics={
            c: {"live_minutes": draw(metric), "new_followers": draw(metric)} for c in CREATORS
        },
        agencies={c: draw(agencies()) for c in draw(st.lists(st.sampled_from(CREATORS)))},
        sponsors={},
    )
    return OneByOne(scenario=scenario, at=at, country=country)


def platform_row(receipt: Any) -> Fraction:
    (row,) = [row for row in trace(receipt).rows if row.party == "platform"]
    minor: Fraction = row.amount.minor
    return minor


class TestSettleEqualsSendingOneByOne:
    @given(one_by_one(), st.randoms(use_true_random=False))
    def test_same_diamonds_carry_values_agencies_and_platform(
        self, case: OneByOne, rng: Any
    ) -> None:
        scenario = case.scenario
        receipts, carry = run(scenario, scenario.events)
        records = [
            GiftRecord(e.recipients[0].creator, e.gift, e.count, battle=e.battle, net=r.funding.net)
            for e, r in zip(scenario.events, receipts, strict=True)
        ]
        rng.shuffle(records)  # any order gives the same result
        try:
            result = settle(
                scenario.economy,
                records,
                at=case.at,
                country=case.country,
                metrics=scenario.metrics,
                agencies=scenario.agencies,
            )
        except SettlementError:
            # Refused only where a carry really depends on the order: HALF_UP and a
            # gift that earns nothing.
            policy = scenario.economy.conversion.at(case.at)
            zero_ratio = type(policy) is DiamondRatio and not policy.diamonds_per_coin.value
            mode = scenario.economy.diamond_rounding
            earned = [s.entitlement + s.battle_bonus for r in receipts for s in r.shares]
            assert mode not in (Rounding.FLOOR, Rounding.CEILING)
            assert any(e < 0 for e in earned) or (
                mode is Rounding.HALF_UP and (zero_ratio or 0 in earned)
            )
            return
        expected: dict[str, list[Any]] = {}
        gifts: dict[str, int] = {}
        paid: dict[str, Fraction] = {}
        for receipt in receipts:
            gifts[receipt.gift.id] = gifts.get(receipt.gift.id, 0) + receipt.event.count
            for share in receipt.shares:
                entry = expected.setdefault(share.creator, [0, 0, Fraction(0)])
                entry[0] += share.coins.amount
                entry[1] += share.diamonds.amount
                entry[2] += share.value.minor
                if share.agency is not None:
                    assert share.agency_value is not None
                    paid[share.agency] = (
                        paid.get(share.agency, Fraction(0)) + share.agency_value.minor
                    )
        actual = {
            c: [t.coins.amount, t.diamonds.amount, t.value.minor]
            for c, t in result.creators.items()
        }
        assert expected == actual
        assert carry == result.carry
        assert gifts == dict(result.gifts)
        assert paid == {a: money.minor for a, money in result.agencies.items()}
        assert len(receipts) == result.events
        assert 0 == result.unfunded_events
        if receipts:
            assert result.platform is not None
            assert sum(platform_row(r) for r in receipts) == result.platform.minor
            assert sum(r.funding.net.minor for r in receipts) == result.funded_net

    def test_tiktok_rounds_down_once_per_creator(self) -> None:
        records = [("ana", "Rose", 3), ("ana", "Swan", 1), ("bo", "TikTok", 2)]
        result = settle(presets.tiktok(), records, at=AT, country="US")
        assert Diamonds(702) == result.creators["ana"].diamonds
        assert usd("3.51") == result.creators["ana"].value
        assert Diamonds(704) == result.diamonds
        assert Carry() == result.carry
        assert {"5655": 3, "swan": 1, "tiktok": 2} == dict(result.gifts)
        assert 3 == result.events == result.unfunded_events
        assert result.net is None
        assert result.platform is None

    def test_a_fractional_ratio_carries_the_remainder(self) -> None:
        economy = tiktok(
            conversion=DiamondRatio(diamonds_per_coin=Rate.parse("1/3"), diamond_value=usd("0.01"))
        )
        result = settle(economy, [("ana", "Rose", 1)] * 5, at=AT, country="US")
        total = result.creators["ana"]
        assert (Fraction(5, 3), Diamonds(1), Fraction(2, 3)) == (
            total.entitlement,
            total.diamonds,
            total.carry,
        )

    def test_battle_bonus_applies_to_won_battles_only(self) -> None:
        economy = tiktok(battle_bonus=Rate.parse("8%"))
        records = [GiftRecord("ana", "Swan", 1, battle=True), GiftRecord("bo", "Swan", 1)]
        result = settle(economy, records, at=AT, country="US")
        assert Fraction(699) * Fraction(108, 100) == result.creators["ana"].entitlement
        assert Fraction(699) == result.creators["bo"].entitlement

    def test_revenue_share_uses_each_records_net(self) -> None:
        economy = tiktok(conversion=presets.tiktok_net_share())
        records = [
            GiftRecord("ana", "Rose", 1, net=usd("0.01")),
            ("ana", "Rose", 1, False, usd("0.02")),
        ]
        result = settle(economy, records, at=AT, country="US")
        # 50% of 3 cents, in diamonds of half a cent.
        assert Diamonds(3) == result.creators["ana"].diamonds
        assert usd("0.015") == result.platform

    def test_agency_commission_comes_from_the_platforms_part(self) -> None:
        records = [GiftRecord("ana", "Rose", 10, net=usd("0.07"))]
        result = settle(
            presets.tiktok(),
            records,
            at=AT,
            country="US",
            agencies={"ana": Agency(id="agency-1", rate=Rate.parse("10%"))},
        )
        # net 7 cents, creator 5 cents, 10% of the platform's 2 cents.
        assert {"agency-1": usd("0.002")} == dict(result.agencies)
        assert usd("0.018") == result.platform

    def test_money_net_is_accepted(self) -> None:
        result = settle(
            presets.tiktok(),
            [GiftRecord("ana", "Rose", 1, net=Money.parse("0.01", "USD"))],
            at=AT,
            country="US",
        )
        assert usd("0.01") == result.net


class TestSettleStreams:
    def test_consumes_a_generator_once(self) -> None:
        def records() -> Iterator[tuple[str, str, int]]:
            for index in range(1000):
                yield (f"c{index % 7}", "Rose", 1 + index % 10)

        stream = records()
        result = settle(presets.tiktok(), stream, at=AT, country="US")
        assert 1000 == result.events
        assert [] == list(stream)

    def test_memory_does_not_grow_with_the_number_of_events(self) -> None:
        economy = presets.tiktok()

        def peak(events: int) -> int:
            stream = ((f"c{i % 50}", "Rose", 1 + i % 10) for i in range(events))
            tracemalloc.start()
            try:
                settle(economy, stream, at=AT, country="US")
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

        small, large = peak(5_000), peak(50_000)
        assert large < small * 1.5 + 20_000

    def test_names_and_ids_of_a_gift_count_as_one_gift(self) -> None:
        result = settle(
            presets.tiktok(), [("ana", "Rose", 1), ("ana", "5655", 2)], at=AT, country="US"
        )
        assert {"5655": 3} == dict(result.gifts)
        assert Diamonds(3) == result.creators["ana"].diamonds

    def test_the_catalog_version_in_force_prices_the_gifts(self) -> None:
        before = datetime(2025, 6, 1, tzinfo=UTC)
        early = settle(presets.tiktok(), [("ana", "universe", 1)], at=before, country="US")
        late = settle(presets.tiktok(), [("ana", "universe", 1)], at=AT, country="US")
        assert (Diamonds(34_999), Diamonds(44_999)) == (early.diamonds, late.diamonds)


class TestTheHotLoopResumes:
    """The hot loop stops at a record it cannot take and resumes after it, in place."""

    @given(
        size=st.integers(1, 1_300),
        odd=st.data(),
        stream=st.booleans(),
        records_first=st.booleans(),
    )
    def test_mixed_records_settle_like_their_tuples(
        self, size: int, odd: st.DataObject, stream: bool, records_first: bool
    ) -> None:
        gifts = ("Rose", "Finger Heart", "Rosa")
        tuples = [(f"c{i % 7}", gifts[i % 3], 1 + i % 4) for i in range(size)]
        # Some records as GiftRecord values and some new creators, anywhere in the chunks.
        picks = odd.draw(st.sets(st.integers(0, size - 1), max_size=20))
        if records_first:  # the GiftRecord loop, meeting plain tuples
            picks = set(range(size)) - picks | {0}
        mixed: list[Any] = [
            GiftRecord(*record) if i in picks else record for i, record in enumerate(tuples)
        ]
        events: Any = iter(mixed) if stream else mixed
        expected = settle(presets.tiktok(), tuples, at=AT, country="US")
        assert expected == settle(presets.tiktok(), events, at=AT, country="US")
        assert expected.events == size

    @pytest.mark.parametrize("stream", [False, True])
    @pytest.mark.parametrize("bad", [0, 511, 512, 700, 1_299])
    def test_a_bad_record_is_named_by_its_position(self, bad: int, stream: bool) -> None:
        records: list[Any] = [("ana", "Rose", 1)] * 1_300
        records[bad] = ("ana", "Rose", 0)
        events: Any = iter(records) if stream else records
        with pytest.raises(InvalidValueError) as caught:
            settle(presets.tiktok(), events, at=AT, country="US")
        assert f"events[{bad}].count" == caught.value.argument


class _Count(int):
    """An int subclass: not an int count (its arithmetic could be anything)."""


class TestSettleRefuses:
    @pytest.mark.parametrize(
        ("record", "argument", "error"),
        [
            (("ana", "Rose", 0), "events[1].count", InvalidValueError),
            (("ana", "Rose", 1.5), "events[1].count", InvalidValueError),
            (("ana", "Rose", True), "events[1].count", InvalidValueError),
            (("", "Rose", 1), "events[1].creator", InvalidValueError),
            ((["ana"], "Rose", 1), "events[1].creator", InvalidValueError),
            (("ana", "Nope", 1), "gift", UnknownGiftError),
            (("ana", 5655, 1), "events[1].gift", InvalidTypeError),
            (("ana", "Rose"), "events[1]", InvalidTypeError),
            (42, "events[1]", InvalidTypeError),
            (GiftRecord("ana", "Rose", 1, battle=1), "events[1].battle", InvalidTypeError),  # type: ignore[arg-type]
            (GiftRecord("ana", "Rose", 1, net=1), "events[1].net", InvalidTypeError),  # type: ignore[arg-type]
        ],
    )
    def test_bad_records(self, record: Any, argument: str, error: type[Exception]) -> None:
        with pytest.raises(error) as caught:
            settle(presets.tiktok(), [("bo", "Rose", 1), record], at=AT, country="US")
        assert isinstance(caught.value, GiftflowError)
        assert argument == caught.value.argument  # type: ignore[attr-defined]

    @pytest.mark.parametrize(
        "count", [0, -1, -(10**30), True, False, 1.0, Fraction(1), "1", None, _Count(1)]
    )
    @pytest.mark.parametrize("shape", [lambda *fields: fields, GiftRecord], ids=["tuple", "record"])
    def test_bad_counts_where_creator_and_gift_are_known(self, count: Any, shape: Any) -> None:
        # The hot loop itself must refuse these: nothing sends them to the careful path.
        records = [shape("bo", "Rose", 1)] * 3 + [shape("bo", "Rose", count)]
        with pytest.raises(InvalidValueError) as caught:
            settle(presets.tiktok(), records, at=AT, country="US")
        assert "events[3].count" == caught.value.argument

    @pytest.mark.parametrize(
        "first", [None, GiftRecord("ana", "Rose", 0), ("ana", "Rose", 1, True)]
    )
    def test_a_bad_first_record(self, first: Any) -> None:
        with pytest.raises(GiftflowError) as caught:
            settle(presets.tiktok(), [first], at=AT, country="US")
        assert caught.value.argument.startswith("events[0]")  # type: ignore[attr-defined]

    @given(
        st.lists(
            st.tuples(
                st.text(max_size=6), st.sampled_from(["Rose", "5655", "Nope", ""]), st.integers()
            )
            | st.tuples(st.none() | st.integers(), st.text(max_size=4), st.floats() | st.booleans())
            | st.tuples(
                st.text(max_size=6),
                st.just("Rose"),
                st.integers(),
                st.booleans(),
                st.none() | st.just(usd("0.01")) | st.integers(),
            ).map(lambda fields: GiftRecord(*fields))  # type: ignore[arg-type]  # an int net, on purpose
            | st.lists(st.integers(), max_size=6).map(tuple)
            | st.none(),
            max_size=6,
        )
    )
    def test_any_records_settle_or_raise_a_giftflow_error(self, records: list[Any]) -> None:
        try:
            result = settle(presets.tiktok(), records, at=AT, country="US")
        except GiftflowError:
            return
        assert len(records) == result.events

    def test_net_in_another_currency(self) -> None:
        record = GiftRecord("ana", "Rose", 1, net=ExactMoney.parse("0.01", "EUR"))
        with pytest.raises(CurrencyMismatchError):
            settle(presets.tiktok(), [record], at=AT, country="US")

    @pytest.mark.parametrize("mode", [Rounding.HALF_EVEN, Rounding.UP])
    def test_order_dependent_rounding(self, mode: Rounding) -> None:
        with pytest.raises(SettlementError, match="order") as caught:
            settle(tiktok(diamond_rounding=mode), [], at=AT, country="US")
        assert "economy.diamond_rounding" == caught.value.argument

    def test_half_up_when_a_gift_earns_nothing(self) -> None:
        economy = tiktok(diamond_rounding=Rounding.HALF_UP, conversion=presets.tiktok_net_share())
        records = [GiftRecord("ana", "Rose", 1, net=usd("0"))]
        with pytest.raises(SettlementError, match="earns nothing"):
            settle(economy, records, at=AT, country="US")

    @pytest.mark.parametrize("mode", [Rounding.DOWN, Rounding.HALF_DOWN, Rounding.HALF_UP])
    def test_a_negative_entitlement_unless_floor_or_ceiling(self, mode: Rounding) -> None:
        # Fees above the price leave a negative net; a revenue share of it is negative.
        records = [GiftRecord("ana", "Rose", 1, net=usd("-0.01"))]
        with pytest.raises(SettlementError, match="negative"):
            settle(
                tiktok(diamond_rounding=mode, conversion=presets.tiktok_net_share()),
                records,
                at=AT,
                country="US",
            )
        economy = tiktok(diamond_rounding=Rounding.FLOOR, conversion=presets.tiktok_net_share())
        assert Diamonds(-1) == settle(economy, records, at=AT, country="US").diamonds

    def test_revenue_share_without_net(self) -> None:
        economy = tiktok(conversion=presets.tiktok_net_share())
        with pytest.raises(SettlementError, match="net") as caught:
            settle(economy, [("bo", "Rose", 1)], at=AT, country="US")
        assert "events[0]" == caught.value.argument

    def test_agency_without_net(self) -> None:
        agency = {"bo": Agency(id="a", rate=Rate.parse("10%"))}
        with pytest.raises(SettlementError, match="agency"):
            settle(
                presets.tiktok(),
                [("ana", "Rose", 1), ("bo", "Rose", 1)],
                at=AT,
                country="US",
                agencies=agency,
            )

    def test_sponsored_gift(self) -> None:
        economy = presets.tiktok()
        (version,) = [v for v in economy.catalog.versions if v.window.contains(AT)]
        gifts = (
            *version.gifts,
            attrs.evolve(version.gifts[0], id="brand", name="Brand", sponsor="acme"),
        )
        catalog = attrs.evolve(economy.catalog, versions=(attrs.evolve(version, gifts=gifts),))
        with pytest.raises(SettlementError, match="sponsor"):
            settle(
                attrs.evolve(economy, catalog=catalog), [("ana", "brand", 1)], at=AT, country="US"
            )

    @pytest.mark.parametrize(
        ("changes", "argument"),
        [
            ({"economy": "tiktok"}, "economy"),
            ({"at": datetime(2026, 1, 1)}, "at"),
            ({"country": "USA"}, "country"),
            ({"metrics": []}, "metrics"),
            ({"agencies": {"ana": "agency"}}, "agencies"),
        ],
    )
    def test_bad_arguments(self, changes: dict[str, Any], argument: str) -> None:
        arguments: dict[str, Any] = {"economy": presets.tiktok(), "at": AT, "country": "US"}
        arguments.update(changes)
        economy = arguments.pop("economy")
        with pytest.raises(GiftflowError) as caught:
            settle(economy, [], **arguments)
        assert argument == caught.value.argument  # type: ignore[attr-defined]


# -- merging partial settlements ------------------------------------------------------


@st.composite
def partitions(draw: st.DrawFn) -> tuple[list[Any], list[list[Any]]]:
    """Records, and the same records shuffled and cut into parts."""
    records = draw(st.lists(gift_records(funded=True) | gift_records(funded=False), max_size=30))
    shuffled = draw(st.permutations(records))
    cuts = sorted(draw(st.lists(st.integers(0, len(records)), max_size=5)))
    bounds = [0, *cuts, len(records)]
    return records, [shuffled[a:b] for a, b in itertools.pairwise(bounds)]


def plain(record: GiftRecord) -> Any:
    """Half the records go in as plain tuples, as a caller reading a file would pass them."""
    if record.battle or record.net is not None:
        return tuple(record)
    return (record.creator, record.gift, record.count)


class TestMerge:
    @given(partitions(), st.randoms(use_true_random=False))
    def test_any_partition_merged_in_any_order_equals_settling_all(
        self, case: tuple[list[Any], list[list[Any]]], rng: Any
    ) -> None:
        records, parts = case
        economy = tiktok(battle_bonus=Rate.parse("8%"))
        agency = {"ana": Agency(id="a1", rate=Rate.parse("10%"))}
        records = [r for r in records if r.creator != "ana" or r.net is not None]
        parts = [
            [plain(r) for r in part if r.creator != "ana" or r.net is not None] for part in parts
        ]

        def run(items: list[Any]) -> Settlement:
            return settle(economy, items, at=AT, country="US", agencies=agency)

        whole = run(records)
        partials = [run(part) for part in parts]
        # Merge in a random tree: pick two neighbours, merge them, until one is left.
        while len(partials) > 1:
            index = rng.randrange(len(partials) - 1)
            left, right = partials[index], partials[index + 1]
            merged = left + right if rng.random() < 0.5 else right.merge(left)
            partials[index : index + 2] = [merged]
        assert whole == (partials[0] if partials else Settlement.empty())

    @given(settlements(), settlements(), settlements())
    def test_is_associative(self, a: Settlement, b: Settlement, c: Settlement) -> None:
        assert (a + b) + c == a + (b + c)

    @given(settlements(), settlements())
    def test_is_commutative(self, a: Settlement, b: Settlement) -> None:
        assert a + b == b + a

    @given(settlements())
    def test_empty_is_the_identity(self, a: Settlement) -> None:
        assert a == a + Settlement.empty() == Settlement.empty() + a
        assert a == Settlement.total([a])

    def test_refuses_another_rounding_mode(self) -> None:
        down = settle(presets.tiktok(), [("ana", "Rose", 1)], at=AT, country="US")
        up = settle(tiktok(diamond_rounding=Rounding.CEILING), [], at=AT, country="US")
        with pytest.raises(SettlementError):
            down.merge(up)

    def test_refuses_another_currency(self) -> None:
        euro = tiktok(
            conversion=DiamondRatio(
                diamonds_per_coin=Rate.ONE, diamond_value=ExactMoney.parse("0.01", "EUR")
            )
        )
        with pytest.raises(CurrencyMismatchError):
            settle(presets.tiktok(), [], at=AT, country="US") + settle(
                euro, [], at=AT, country="US"
            )

    def test_refuses_what_is_not_a_settlement(self) -> None:
        with pytest.raises(InvalidTypeError):
            Settlement.empty().merge(0)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            Settlement.empty() + 0


class TestSettlement:
    @given(settlements())
    def test_pickles(self, result: Settlement) -> None:
        assert result == pickle.loads(pickle.dumps(result))

    @given(settlements())
    def test_hash_agrees_with_equality(self, result: Settlement) -> None:
        assert hash(result) == hash(pickle.loads(pickle.dumps(result)))

    @given(settlements())
    def test_diamonds_and_carry_add_up_to_the_entitlement(self, result: Settlement) -> None:
        for total in result.creators.values():
            assert total.entitlement == total.diamonds.amount + total.carry

    def test_empty(self) -> None:
        empty = Settlement.empty()
        assert (0, Diamonds(0), None, None, None) == (
            empty.events,
            empty.diamonds,
            empty.value,
            empty.net,
            empty.platform,
        )

    def test_validates_when_built_directly(self) -> None:
        with pytest.raises(InvalidValueError):
            Settlement(events=1)
        with pytest.raises(InvalidTypeError):
            Settlement(gifts={"rose": 1.5})  # type: ignore[dict-item]  # refused at runtime too
        total = CreatorTotal(
            coins=Coins(1),
            entitlement=Fraction(3, 2),
            diamonds=Diamonds(2),
            carry=Fraction(-1, 2),
            value=usd("0.01"),
        )
        with pytest.raises(InvalidValueError, match="not rounded DOWN"):
            Settlement(rounding=Rounding.DOWN, currency=USD, creators={"ana": total})


class TestCreatorTotal:
    @given(creator_totals())
    def test_diamonds_and_carry_add_up(self, total: CreatorTotal) -> None:
        assert total.entitlement == total.diamonds.amount + total.carry

    def test_refuses_a_carry_that_does_not_add_up(self) -> None:
        with pytest.raises(InvalidValueError, match="carry"):
            CreatorTotal(
                coins=Coins(1),
                entitlement=Fraction(1),
                diamonds=Diamonds(1),
                carry=Fraction(1, 2),
                value=usd("0.01"),
            )


class TestGiftRecord:
    @given(gift_records())
    def test_settles(self, record: GiftRecord) -> None:
        result = settle(presets.tiktok(), [record], at=AT, country="US")
        assert record.count == sum(result.gifts.values())

    def test_is_a_tuple(self) -> None:
        assert ("ana", "Rose", 1, False, None) == GiftRecord("ana", "Rose", 1)
