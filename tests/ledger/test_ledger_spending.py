"""The ledger enforces its economy's spending rules: minimum ages and caps (issue #13, item 6)."""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import event as note
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    AgeRule,
    CapPeriod,
    Channel,
    Coins,
    CoinsPurchased,
    Diamonds,
    DiamondsReconverted,
    Economy,
    GiftEvent,
    GiftflowError,
    GiftSent,
    InsufficientCoinsError,
    InvalidTypeError,
    InvalidValueError,
    Ledger,
    Money,
    Rate,
    SpendingCap,
    SpendingRefusedError,
    SpendingRules,
    SpendRecord,
    Viewer,
    checkout,
    currency,
    from_data,
    presets,
    to_data,
)
from giftflow.testing import spending_rules, viewers

T0 = datetime(2026, 11, 24, 12, tzinfo=UTC)
ADULT = Viewer(country="US", birth_date=date(1990, 5, 1))
KID = Viewer(country="US", birth_date=date(2012, 3, 1))
TIKTOK = presets.tiktok()
SUPERS = presets.youtube_supers()


def super_chat(event_id: str, dollars: int, at: datetime, viewer: str = "v1") -> CoinsPurchased:
    """A Super Chat bought on the web: ``dollars`` as that many hundred cents ("coins")."""
    quote = SUPERS.price_book.quote_custom(
        Coins(dollars * 100), country="US", channel=Channel.WEB, at=at
    )
    return CoinsPurchased(
        id=event_id, viewer=viewer, purchase=checkout(quote, purchase_id=event_id)
    )


def bought(
    event_id: str, at: datetime, viewer: str = "v1", package: str = "coins_65"
) -> CoinsPurchased:
    quote = TIKTOK.price_book.quote(package, country="US", channel=Channel.IOS, at=at)
    return CoinsPurchased(
        id=event_id, viewer=viewer, purchase=checkout(quote, purchase_id=event_id)
    )


def roses(event_id: str, count: int, at: datetime, viewer: str = "v1") -> GiftSent:
    return GiftSent(
        gift=GiftEvent(
            id=event_id,
            viewer=viewer,
            gift="Rose",
            count=count,
            recipients="ana",
            country="US",
            at=at,
        )
    )


def books(ledger: Ledger) -> tuple[Any, ...]:
    """Everything a refused event must leave as it was."""
    # The journal and events are live views: snapshot them as tuples.
    journal, events = tuple(ledger.journal), tuple(ledger.events)
    return (ledger.balances(), journal, events, ledger.wallet("v1"), ledger.carry)


class TestCapsOnPurchases:
    def test_youtube_stops_a_viewer_at_500_dollars_a_day(self) -> None:
        ledger = Ledger(SUPERS)
        for n in range(2):
            ledger.apply(super_chat(f"sc{n}", 200, T0 + timedelta(minutes=n)))
        before = books(ledger)
        with pytest.raises(SpendingRefusedError) as caught:
            ledger.apply(super_chat("sc2", 200, T0 + timedelta(minutes=12)))
        error = caught.value
        (refusal,) = error.refusals
        assert ("supers per day", "500.00 USD", "400.00 USD", "200.00 USD", "100.00 USD") == (
            refusal.rule,
            str(refusal.limit),
            str(refusal.spent),
            str(refusal.attempted),
            str(refusal.excess),
        )
        assert "purchase.breakdown.gross" == error.argument
        assert error.decision is not None
        assert error.refusals == error.decision.refusals
        message = str(error)
        for words in (
            "coins_purchased 'sc2' by viewer 'v1'",
            "400.00 USD spent + 200.00 USD attempted exceeds the limit of 500.00 USD",
            "rolling_day: counted from 2026-11-23T12:12:00+00:00",
            "leaves room for 100.00 USD",
            "retried under the same id",
        ):
            assert words in message
        assert before == books(ledger)

    def test_the_six_thousand_dollars_in_twelve_minutes_stop_after_500(self) -> None:
        ledger = Ledger(SUPERS)
        accepted, refused = [], []
        for n in range(12):
            event = super_chat(f"sc{n}", 500, T0 + timedelta(minutes=n))
            try:
                ledger.apply(event)
                accepted.append(event.id)
            except SpendingRefusedError:
                refused.append(event.id)
        assert (["sc0"], 11) == (accepted, len(refused))
        assert (
            -50_000 == ledger.balance(ledger.journal[0].postings[0].account, currency("USD")).minor
        )

    def test_the_same_purchase_is_accepted_once_the_day_has_rolled_over(self) -> None:
        ledger = Ledger(SUPERS)
        ledger.apply(super_chat("sc0", 400, T0))
        late = super_chat("sc1", 200, T0 + timedelta(hours=23, minutes=59))
        with pytest.raises(SpendingRefusedError):
            ledger.apply(late)
        next_day = super_chat("sc1", 200, T0 + timedelta(hours=24, seconds=1))
        assert not ledger.apply(next_day).replayed
        assert ["sc0", "sc1"] == [event.id for event in ledger.events]

    def test_the_weekly_cap_counts_the_whole_week(self) -> None:
        ledger = Ledger(SUPERS)
        for day in range(4):
            ledger.apply(super_chat(f"sc{day}", 500, T0 + timedelta(days=day, minutes=day)))
        with pytest.raises(SpendingRefusedError) as caught:
            ledger.apply(super_chat("sc4", 1, T0 + timedelta(days=4, minutes=4)))
        assert ["supers per week"] == [refusal.rule for refusal in caught.value.refusals]
        assert "2000.00 USD spent + 1.00 USD attempted" in str(caught.value)
        ledger.apply(super_chat("sc4", 1, T0 + timedelta(days=7, minutes=1)))
        assert 5 == len(ledger.events)


class TestCapsOnGifts:
    daily = SpendingCap(
        name="gifts per day", limit=Coins(50), period=CapPeriod.CALENDAR_DAY, zone=UTC
    )
    economy = attrs.evolve(TIKTOK, spending_rules=SpendingRules(caps=(daily,)))

    def test_a_coin_cap_counts_the_coins_gifts_take(self) -> None:
        ledger = Ledger(self.economy)
        ledger.apply(bought("p1", T0, package="coins_330"))
        ledger.apply(roses("g1", 30, T0 + timedelta(minutes=1)))
        before = books(ledger)
        with pytest.raises(SpendingRefusedError) as caught:
            ledger.apply(roses("g2", 21, T0 + timedelta(minutes=2)))
        assert "gift.count" == caught.value.argument
        assert "30 coins spent + 21 coins attempted exceeds the limit of 50 coins by 1 coin" in (
            str(caught.value)
        )
        assert "calendar_day in UTC: counted from 2026-11-24T00:00:00+00:00" in str(caught.value)
        assert before == books(ledger)
        ledger.apply(roses("g2", 20, T0 + timedelta(minutes=2)))
        assert Coins(330 - 50) == ledger.wallet("v1").balance

    def test_a_money_cap_does_not_count_gifts(self) -> None:
        cap = SpendingCap(
            name="per day", limit=Money.parse("5", "USD"), period=CapPeriod.ROLLING_DAY, zone=UTC
        )
        ledger = Ledger(attrs.evolve(TIKTOK, spending_rules=SpendingRules(caps=(cap,))))
        ledger.apply(bought("p1", T0, package="coins_330"))  # $4.99
        ledger.apply(roses("g1", 300, T0 + timedelta(minutes=1)))  # the coins were paid for
        with pytest.raises(SpendingRefusedError):
            ledger.apply(bought("p2", T0 + timedelta(minutes=2)))  # $0.99 more: $5.98
        assert 2 == len(ledger.events)


class TestMinimumAge:
    def test_tiktok_refuses_a_viewer_under_18_and_changes_nothing(self) -> None:
        ledger = Ledger(TIKTOK, viewers={"v1": KID})
        before = books(ledger)
        with pytest.raises(SpendingRefusedError) as caught:
            ledger.apply(bought("p1", T0))
        (refusal,) = caught.value.refusals
        assert ("minimum age", 18, 14, 4) == (
            refusal.rule,
            refusal.limit,
            refusal.attempted,
            refusal.excess,
        )
        assert "viewer" == caught.value.argument
        assert "viewers['v1'] was born 2012-03-01" in str(caught.value)
        assert before == books(ledger)

    def test_tiktok_refuses_gifts_from_a_viewer_under_18(self) -> None:
        # A minor who holds coins without buying them: reconverted from diamonds received.
        ledger = Ledger(TIKTOK, viewers={"kid": KID, "v2": ADULT})
        ledger.apply(bought("p1", T0, viewer="v2"))
        gift = GiftEvent(
            id="g1", viewer="v2", gift="Rose", count=10, recipients="kid", country="US", at=T0
        )
        ledger.apply(GiftSent(gift=gift))
        ledger.apply(
            DiamondsReconverted(
                id="d1", at=T0, creator="kid", diamonds=Diamonds(10), coins_per_diamond=Rate.ONE
            )
        )
        before = books(ledger), ledger.wallet("kid")
        with pytest.raises(SpendingRefusedError) as caught:
            ledger.apply(roses("g2", 1, T0 + timedelta(minutes=1), viewer="kid"))
        assert "gift.viewer" == caught.value.argument
        assert "minimum age: the viewer is 14, the minimum is 18" in str(caught.value)
        assert before == (books(ledger), ledger.wallet("kid"))
        assert Coins(10) == ledger.wallet("kid").balance

    def test_is_19_in_south_korea(self) -> None:
        eighteen = Viewer(country="KR", birth_date=date(2008, 1, 1))
        ledger = Ledger(
            TIKTOK, viewers={"v1": eighteen, "v2": attrs.evolve(eighteen, country="US")}
        )
        with pytest.raises(SpendingRefusedError) as caught:
            ledger.apply(bought("p1", T0))
        assert (19, 18) == (caught.value.refusals[0].limit, caught.value.refusals[0].attempted)
        ledger.apply(bought("p2", T0, viewer="v2"))
        assert 1 == len(ledger.events)

    def test_a_viewer_who_turns_18_may_buy(self) -> None:
        birthday = Viewer(country="US", birth_date=date(2008, 11, 25))
        ledger = Ledger(TIKTOK, viewers={"v1": birthday})
        with pytest.raises(SpendingRefusedError):
            ledger.apply(bought("p1", T0))
        ledger.apply(bought("p1", datetime(2026, 11, 25, tzinfo=UTC)))
        assert ["p1"] == [event.id for event in ledger.events]

    def test_refuses_a_purchase_by_a_viewer_without_a_profile(self) -> None:
        ledger = Ledger(TIKTOK)
        with pytest.raises(InvalidValueError) as caught:
            ledger.apply(bought("p1", T0))
        assert ("viewer", "v1") == (caught.value.argument, caught.value.value)
        assert "viewers={'v1': Viewer(" in caught.value.hint
        assert () == tuple(ledger.events)

    def test_refuses_a_gift_by_a_viewer_without_a_profile(self) -> None:
        ledger = Ledger(TIKTOK, viewers={"v2": ADULT})
        ledger.apply(bought("p1", T0, viewer="v2"))
        gift = GiftEvent(
            id="g1", viewer="v2", gift="Rose", count=10, recipients="ana", country="US", at=T0
        )
        ledger.apply(GiftSent(gift=gift))
        ledger.apply(
            DiamondsReconverted(
                id="d1", at=T0, creator="ana", diamonds=Diamonds(10), coins_per_diamond=Rate.ONE
            )
        )
        before = books(ledger)
        with pytest.raises(InvalidValueError) as caught:
            ledger.apply(roses("g2", 1, T0, viewer="ana"))
        assert ("gift.viewer", "ana") == (caught.value.argument, caught.value.value)
        assert before == books(ledger)

    def test_caps_alone_need_no_profile(self) -> None:
        ledger = Ledger(SUPERS)
        ledger.apply(super_chat("sc0", 5, T0))
        assert 1 == len(ledger.events)

    def test_without_rules_nothing_is_checked(self) -> None:
        ledger = Ledger(attrs.evolve(TIKTOK, spending_rules=None))
        ledger.apply(bought("p1", T0))
        assert 1 == len(ledger.events)


class TestConfiguration:
    def test_viewers_are_read_only_configuration(self) -> None:
        profiles = {"v1": ADULT}
        ledger = Ledger(TIKTOK, viewers=profiles)
        profiles["v1"] = KID
        assert ADULT == ledger.viewers["v1"]
        with pytest.raises(TypeError):
            ledger.viewers["v2"] = ADULT  # type: ignore[index]

    @pytest.mark.parametrize("viewers", [["v1"], {"v1": "adult"}, {"v 1 ": ADULT}])
    def test_refuses_bad_viewers(self, viewers: Any) -> None:
        with pytest.raises(GiftflowError) as caught:
            Ledger(TIKTOK, viewers=viewers)
        assert "viewers" == caught.value.argument  # type: ignore[attr-defined]

    def test_refuses_a_non_mapping_with_a_type_error(self) -> None:
        with pytest.raises(InvalidTypeError):
            Ledger(TIKTOK, viewers=[("v1", ADULT)])  # type: ignore[arg-type]

    def test_a_replayed_ledger_refuses_what_the_original_refuses(self) -> None:
        ledger = Ledger(SUPERS, viewers={"v1": ADULT})
        ledger.apply(super_chat("sc0", 450, T0))
        copy = from_data(Ledger, to_data(ledger))
        assert ledger.viewers == copy.viewers
        for books_ in (ledger, copy):
            with pytest.raises(SpendingRefusedError) as caught:
                books_.apply(super_chat("sc1", 60, T0 + timedelta(hours=1)))
            assert "450.00 USD spent" in str(caught.value)

    def test_the_error_pickles(self) -> None:
        ledger = Ledger(SUPERS)
        ledger.apply(super_chat("sc0", 450, T0))
        with pytest.raises(SpendingRefusedError) as caught:
            ledger.apply(super_chat("sc1", 60, T0))
        copied = pickle.loads(pickle.dumps(caught.value))
        assert (str(caught.value), caught.value.refusals, caught.value.argument) == (
            str(copied),
            copied.refusals,
            copied.argument,
        )


# -- the property: the ledger decides exactly as SpendingRules.check ---------------------

_PERIODS = st.sampled_from(CapPeriod)
_ZONES = st.sampled_from((UTC, ZoneInfo("Asia/Seoul"), ZoneInfo("America/New_York")))
# Caps that bite in this stream (US dollars for purchases, coins for gifts), beside the
# generated rules' own caps (any currency, any size).
_BITING_CAPS = st.builds(
    SpendingCap,
    name=st.sampled_from(("daily", "weekly", "each")),
    limit=st.one_of(
        st.builds(Money.of_minor, st.integers(0, 2_500), st.just("USD")),
        st.builds(Coins, st.integers(0, 400)),
    ),
    period=_PERIODS,
    zone=_ZONES,
)
_STEP = st.tuples(
    st.sampled_from(("v1", "v2")),
    st.one_of(st.sampled_from(("coins_65", "coins_330")), st.integers(1, 120)),
    st.sampled_from((timedelta(0), timedelta(minutes=7), timedelta(hours=5), timedelta(days=1))),
)


@st.composite
def _rules(draw: st.DrawFn) -> SpendingRules:
    rules = draw(spending_rules())
    extra = draw(st.lists(_BITING_CAPS, max_size=3))
    age = rules.age if draw(st.booleans()) else AgeRule(years=18)
    return attrs.evolve(
        rules, age=draw(st.sampled_from((None, age))), caps=rules.caps + tuple(extra)
    )


def _amount(event: CoinsPurchased | GiftSent) -> Money | Coins:
    if isinstance(event, CoinsPurchased):
        return event.purchase.breakdown.gross
    return Coins(event.gift.count)  # Roses: one coin each


@given(
    rules=_rules(),
    profiles=st.fixed_dictionaries({}, optional={"v1": viewers(), "v2": viewers()}),
    steps=st.lists(_STEP, min_size=1, max_size=14),
)
def test_the_ledger_accepts_exactly_what_the_rules_allow(
    rules: SpendingRules,
    profiles: dict[str, Viewer],
    steps: list[tuple[str, str | int, timedelta]],
) -> None:
    economy: Economy = attrs.evolve(TIKTOK, spending_rules=rules)
    ledger = Ledger(economy, viewers=profiles)
    history: dict[str, list[SpendRecord]] = {"v1": [], "v2": []}
    at = T0
    for index, (viewer, what, gap) in enumerate(steps):
        at += gap
        event: CoinsPurchased | GiftSent = (
            bought(f"e{index}", at, viewer, what)
            if isinstance(what, str)
            else roses(f"e{index}", what, at, viewer)
        )
        amount = _amount(event)
        before = books(ledger), ledger.wallet(viewer)
        profile = profiles.get(viewer)
        if rules.age is not None and profile is None:
            # Refused for the missing profile, or before that for too few coins.
            with pytest.raises((InvalidValueError, InsufficientCoinsError)):
                ledger.apply(event)
            assert before == (books(ledger), ledger.wallet(viewer))
            continue
        decision = rules.check(amount, now=at, history=history[viewer], viewer=profile)
        try:
            ledger.apply(event)
        except SpendingRefusedError as refused:
            note("refused by the rules")
            refusals = refused.refusals
            assert (False, decision.refusals) == (decision.allowed, refusals)
            assert before == (books(ledger), ledger.wallet(viewer))
            continue
        except InsufficientCoinsError:  # too few coins for the gift: refused before the rules
            assert isinstance(event, GiftSent)
            assert before == (books(ledger), ledger.wallet(viewer))
            continue
        assert decision.allowed
        note("accepted")
        history[viewer].append(SpendRecord(at=at, amount=amount))
    assert [event.id for event in ledger.events] == [
        event.id for event in from_data(Ledger, to_data(ledger)).events
    ]
