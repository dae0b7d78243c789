"""giftflow.testing over every preset economy and hand-built ones: what each strategy draws holds.

Every strategy that takes an ``economy`` runs over every preset returning an Economy,
found from ``giftflow.presets.__all__`` (so a new preset is covered with no change
here), and over economies from ``giftflow.testing.economies()``. Each draws a handful
of examples, derandomized, and checks what holds of any of them (the ledger's trial
balance is zero, a settlement conserves entitlements). An economy a strategy cannot
serve is refused when the strategy is made, by an error naming the argument.
"""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import contextlib
import functools
import inspect
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import giftflow.testing
from giftflow import (
    Account,
    AccountKind,
    Agency,
    BalanceGuards,
    Catalog,
    CatalogVersion,
    Clawback,
    Coins,
    CoinsPurchased,
    Diamonds,
    Economy,
    Gift,
    GiftEvent,
    GiftflowError,
    GiftRecord,
    GiftSent,
    History,
    Idempotency,
    InvalidTypeError,
    InvalidValueError,
    Ledger,
    LedgerEvent,
    LedgerSnapshot,
    PriceBook,
    Rate,
    Rounding,
    Settlement,
    SettlementError,
    Viewer,
    Window,
    presets,
)
from giftflow.testing import (
    FIND_FIRST,
    assert_ledger_balanced,
    economies,
    gift_events,
    gift_records,
    ledger_events,
    ledgers,
    settlements,
)

# A handful of examples, the same on every run and clone: these tests cannot flake.
FEW = settings(
    max_examples=5,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
ADULT = Viewer(country="US", birth_date=date(1990, 5, 1))
AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
# The rounding modes settle() can batch (docs/design.md, "Settlement").
ORDER_FREE = {Rounding.DOWN, Rounding.FLOOR, Rounding.CEILING, Rounding.HALF_DOWN, Rounding.HALF_UP}


# What a preset needs that no source publishes, supplied here (illustrative values): Jewel
# and Instagram Stars prices are the caller's, so their presets get TikTok's price book; a
# rate (Rubies per Jewel) is one to one.
SUPPLIED: dict[object, Callable[[], object]] = {
    PriceBook: presets.tiktok_price_book,
    Rate: lambda: Rate.ONE,
}


def preset_economies() -> dict[str, Callable[[], Economy]]:
    """Every public preset function returning an Economy, its required arguments supplied.

    A preset that needs an argument of a type not in SUPPLIED fails the enumeration (and
    so the suite), rather than going untested.
    """
    found: dict[str, Callable[[], Economy]] = {}
    for name in presets.__all__:
        make = getattr(presets, name)
        if not inspect.isfunction(make):
            continue
        hints = typing.get_type_hints(make)
        if hints.get("return") is not Economy:
            continue
        required = [
            p.name
            for p in inspect.signature(make).parameters.values()
            if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        unknown = [arg for arg in required if hints[arg] not in SUPPLIED]
        assert not unknown, f"presets.{name} needs {unknown}: add their types to SUPPLIED"
        found[name] = functools.partial(make, **{arg: SUPPLIED[hints[arg]]() for arg in required})
    return found


PRESETS = preset_economies()
# Every public strategy with an ``economy`` argument (a new one must be checked below).
TAKES_ECONOMY = sorted(
    name
    for name in giftflow.testing.__all__
    if "economy" in inspect.signature(getattr(giftflow.testing, name)).parameters
)


def unsponsored(economy: Economy) -> set[str]:
    return {
        key
        for version in economy.catalog.versions
        for gift in version.gifts
        if gift.sponsor is None
        for key in (gift.id, gift.name)
    }


def needs_net(economy: Economy) -> bool:
    # A revenue share's diamonds are a share of the money: settle() needs each record's net.
    return economy.conversion.at(AT).coin_ratio() is None


def refusal(name: str, economy: Economy) -> str | None:
    """The argument a strategy must name in refusing ``economy``, or None if it serves it."""
    book = economy.price_book
    if name in ("ledgers", "ledger_snapshots") and not (book.prices or book.custom):
        return "economy.price_book"
    if name in ("gift_records", "settlements"):
        if not unsponsored(economy):
            return "economy.catalog"
        if economy.diamond_rounding not in ORDER_FREE:
            return "economy.diamond_rounding"
    return None


# -- what any drawn value must satisfy, per strategy ------------------------------------


def check_gift_event(economy: Economy, event: GiftEvent) -> None:
    gift = economy.catalog.gift(event.gift, country=event.country, at=event.at)  # prices it
    assert gift.price.amount >= 1
    assert 1 <= event.count <= 20
    creators = [recipient.creator for recipient in event.recipients]
    assert len(set(creators)) == len(creators) >= 1


def check_gift_record(economy: Economy, record: GiftRecord) -> None:
    assert record.gift in unsponsored(economy)
    assert 1 <= record.count <= 10
    if needs_net(economy):
        assert record.net is not None
    if record.net is not None:
        assert economy.conversion.at(AT).value_currency == record.net.currency


def check_settlement(economy: Economy, result: Settlement) -> None:
    if result == Settlement.empty():
        return
    assert economy.diamond_rounding is result.rounding
    for total in result.creators.values():  # nothing created, nothing lost in rounding
        assert total.entitlement == total.diamonds.amount + total.carry
    assert sum(t.diamonds.amount for t in result.creators.values()) == result.diamonds.amount
    assert set(result.gifts) <= unsponsored(economy)
    assert sum(result.gifts.values()) >= result.events
    if needs_net(economy):
        assert 0 == result.unfunded_events
    twice = result + result  # merging adds up exactly
    assert (2 * result.events, {g: 2 * n for g, n in result.gifts.items()}) == (
        twice.events,
        dict(twice.gifts),
    )
    for creator, total in twice.creators.items():
        assert 2 * result.creators[creator].entitlement == total.entitlement


def check_ledger_event(economy: Economy, event: LedgerEvent) -> None:
    ledger = Ledger(economy, viewers=dict.fromkeys(("v1", "v2", "v3", "v4"), ADULT))
    if isinstance(event, CoinsPurchased):
        # Checked out from the economy's own price book: a fresh ledger books it.
        assert "coins_purchased" == ledger.apply(event).transaction.kind
        assert event.purchase.quote.storefront in economy.price_book.storefronts
    else:
        if isinstance(event, GiftSent):
            check_gift_event(economy, event.gift)
        with contextlib.suppress(GiftflowError):  # a ledger holding nothing refuses a refund
            ledger.apply(event)
    assert_ledger_balanced(ledger)


def check_ledger(economy: Economy, ledger: Ledger) -> None:
    assert economy == ledger.economy
    assert_ledger_balanced(ledger)  # the trial balance is zero in every unit
    again = Ledger.restore(ledger.snapshot())
    assert ledger.balances() == again.balances()


def check_snapshot(economy: Economy, snapshot: LedgerSnapshot) -> None:
    restored = Ledger.restore(snapshot)
    assert economy == restored.economy
    assert snapshot == restored.snapshot()
    assert_ledger_balanced(restored)


CHECKS: dict[str, Callable[[Economy, Any], None]] = {
    "gift_events": check_gift_event,
    "gift_records": check_gift_record,
    "settlements": check_settlement,
    "ledger_events": check_ledger_event,
    "ledgers": check_ledger,
    "ledger_snapshots": check_snapshot,
}


def test_every_economy_taking_strategy_has_a_check() -> None:
    assert sorted(CHECKS) == TAKES_ECONOMY


def test_finds_every_preset_economy() -> None:
    # At least these; a preset added later is found the same way.
    assert {
        "bigo",
        "facebook_stars",
        "instagram_gifts",
        "tiktok",
        "twitch_bits",
        "youtube",
        "youtube_jewels",
    } <= set(PRESETS)
    assert all(type(make()) is Economy for make in PRESETS.values())


@pytest.mark.parametrize("name", TAKES_ECONOMY)
@pytest.mark.parametrize("preset", sorted(PRESETS))
@FEW
@given(data=st.data())
def test_every_strategy_serves_every_preset(name: str, preset: str, data: st.DataObject) -> None:
    economy = PRESETS[preset]()
    make = getattr(giftflow.testing, name)
    refused = refusal(name, economy)
    if refused is not None:  # a preset the strategy cannot serve: a clear error, made at once
        with pytest.raises(InvalidValueError) as caught:
            make(economy=economy)
        assert refused == caught.value.argument
        return
    for _ in range(2):
        CHECKS[name](economy, data.draw(make(economy=economy)))


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_ledgers_of_every_preset_book_gifts(preset: str) -> None:
    # A ledger's viewers buy what the economy sells, so their gifts land (one ledger in
    # twelve to one in four books one, by preset and run).
    economy = PRESETS[preset]()
    if refusal("ledgers", economy) is not None:
        pytest.skip(f"{preset} sells no coins")
    ledger = find(
        ledgers(economy=economy),
        lambda ledger: any(tx.kind == "gift_sent" for tx in ledger.journal),
        settings=FIND_FIRST,
    )
    assert_ledger_balanced(ledger)
    assert any(key[0].kind is AccountKind.CREATOR_BALANCE for key in ledger.balances())


@pytest.mark.parametrize("name", TAKES_ECONOMY)
@FEW
@given(economy=economies(), data=st.data())
def test_every_strategy_serves_hand_built_economies(
    name: str, economy: Economy, data: st.DataObject
) -> None:
    make = getattr(giftflow.testing, name)
    refused: InvalidValueError | None = None
    try:
        strategy = make(economy=economy)
    except InvalidValueError as error:  # e.g. a catalog of sponsored gifts only
        refused = error
    if refused is not None:
        assert refused.argument.startswith("economy.")
        assert refused.hint
        return
    value = data.draw(strategy)
    if name in ("gift_events", "ledger_events", "ledgers", "ledger_snapshots"):
        CHECKS[name](economy, value)  # the others settle at a time and place of their choosing
    elif name == "settlements":
        for total in value.creators.values():
            assert total.entitlement == total.diamonds.amount + total.carry
    else:
        assert value.gift in unsponsored(economy)


# -- the host's configuration ------------------------------------------------------------


@pytest.mark.parametrize("preset", sorted(PRESETS))
@FEW
@given(data=st.data())
def test_ledgers_take_the_hosts_configuration(preset: str, data: st.DataObject) -> None:
    economy = PRESETS[preset]()
    if refusal("ledgers", economy) is not None:
        return
    guards = BalanceGuards(viewer_overdraft=Coins(300), creator_overdraft=Diamonds(40))
    represented = {"zoe": Agency(id="agency-7", rate=Rate.parse("10%"))}
    ledger = data.draw(
        ledgers(
            economy=economy,
            guards=guards,
            clawback=Clawback.CREATOR_CLAWBACK,
            agencies=represented,
            sponsors={},
            viewers={"host-viewer": ADULT},
            history=History.last(50),
            idempotency=st.just(Idempotency.window(100)),
        )
    )
    assert (guards, Clawback.CREATOR_CLAWBACK, represented) == (
        ledger.guards,
        ledger.clawback,
        dict(ledger.agencies),
    )
    assert (History.last(50), Idempotency.window(100)) == (ledger.history, ledger.idempotency)
    wallets = {a.owner for a, _ in ledger.balances() if a.kind is AccountKind.VIEWER_WALLET}
    assert wallets <= {"host-viewer"}  # events name the host's viewers only
    assert_ledger_balanced(ledger)


def test_ledger_events_name_the_hosts_viewers_creators_and_agencies() -> None:
    represented = {"zoe": Agency(id="agency-7", rate=Rate.parse("10%"))}
    events = ledger_events(
        economy=presets.bigo(), agencies=represented, viewers={"host-viewer": ADULT}
    )
    gift = find(events, lambda e: isinstance(e, GiftSent), settings=FIND_FIRST)
    assert isinstance(gift, GiftSent)
    assert "host-viewer" == gift.gift.viewer
    # Some of a few events: a gift to the creator the agency represents, a settlement of
    # what the agency is owed.
    owed = Account(AccountKind.AGENCY_PAYABLE, "agency-7")
    streams = st.lists(events, min_size=8, max_size=8)
    to_zoe = find(
        streams,
        lambda found: any(
            isinstance(e, GiftSent) and "zoe" in {r.creator for r in e.gift.recipients}
            for e in found
        ),
        settings=FIND_FIRST,
    )
    assert any(isinstance(e, GiftSent) for e in to_zoe)
    settled = find(
        streams,
        lambda found: any(getattr(e, "payable", None) == owed for e in found),
        settings=FIND_FIRST,
    )
    assert any(getattr(e, "payable", None) == owed for e in settled)


# -- economies a strategy cannot serve ---------------------------------------------------


def _selling_nothing() -> Economy:
    book = presets.youtube().price_book
    empty = PriceBook(storefronts=book.storefronts, packages=(), prices=(), custom=())
    return attrs.evolve(presets.youtube(), price_book=empty)


def _sponsored_only() -> Economy:
    gift = Gift(id="promo", name="Promo", price=Coins(1), sponsor="brand")
    catalog = Catalog(versions=(CatalogVersion(version="s", gifts=(gift,)),))
    return attrs.evolve(presets.bigo(), catalog=catalog)


@pytest.mark.parametrize("name", ["ledgers", "ledger_snapshots"])
def test_an_economy_selling_no_coins_has_no_ledgers(name: str) -> None:
    with pytest.raises(InvalidValueError, match="sells no coins") as caught:
        getattr(giftflow.testing, name)(economy=_selling_nothing())
    assert "economy.price_book" == caught.value.argument
    assert "ledger_events" in caught.value.hint


def test_an_economy_selling_no_coins_still_has_events() -> None:
    event = find(ledger_events(economy=_selling_nothing()), lambda e: True, settings=FIND_FIRST)
    assert not isinstance(event, CoinsPurchased)


@pytest.mark.parametrize("make", [gift_records, settlements])
def test_a_catalog_of_sponsored_gifts_has_nothing_to_settle(make: Callable[..., Any]) -> None:
    with pytest.raises(InvalidValueError, match="unsponsored") as caught:
        make(economy=_sponsored_only())
    assert "economy.catalog" == caught.value.argument


@pytest.mark.parametrize("make", [gift_records, settlements])
def test_a_rounding_settle_cannot_batch_is_refused_by_settle(make: Callable[..., Any]) -> None:
    economy = attrs.evolve(presets.tiktok(), diamond_rounding=Rounding.HALF_EVEN)
    with pytest.raises(SettlementError) as caught:
        make(economy=economy)
    assert "economy.diamond_rounding" == caught.value.argument


def test_records_without_net_are_refused_for_a_revenue_share() -> None:
    with pytest.raises(InvalidValueError, match="needs") as caught:
        gift_records(economy=presets.youtube(), funded=False)
    assert "funded" == caught.value.argument


def test_a_catalog_that_sends_nothing_has_no_gift_events() -> None:
    # The only gift is sendable from AT on, in a version withdrawn at AT.
    late = Gift(id="late", name="Late", price=Coins(1), window=Window(start=AT))
    early = CatalogVersion(version="early", gifts=(late,), window=Window(end=AT))
    economy = attrs.evolve(presets.bigo(), catalog=Catalog(versions=(early,)))
    with pytest.raises(InvalidValueError, match="no gift sendable") as caught:
        gift_events(economy=economy)
    assert "economy.catalog" == caught.value.argument


def test_settlements_choose_a_time_and_place_the_catalog_covers() -> None:
    # Every gift of this catalog is sendable only in Japan and only from 2031.
    start = datetime(2031, 1, 1, tzinfo=UTC)
    gift = Gift(
        id="sakura",
        name="Sakura",
        price=Coins(5),
        regions=("JP",),
        window=Window(start=start),
    )
    economy = attrs.evolve(
        presets.bigo(), catalog=Catalog(versions=(CatalogVersion(version="jp", gifts=(gift,)),))
    )
    result = find(settlements(economy=economy), lambda s: s.events > 0, settings=FIND_FIRST)
    assert {"sakura"} == set(result.gifts)
    with pytest.raises(InvalidValueError) as caught:
        settlements(economy=economy, country="US")
    assert "country" == caught.value.argument


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"guards": Coins(5)}, "guards"),
        ({"clawback": "platform_absorbs"}, "clawback"),
        ({"agencies": {"ana": 0.1}}, "agencies"),
        ({"viewers": {"v 1 ": ADULT}}, "viewers"),
        ({"history": None}, "history"),
    ],
)
def test_ledgers_refuse_a_bad_setting_when_made(kwargs: dict[str, Any], argument: str) -> None:
    with pytest.raises((InvalidTypeError, InvalidValueError)) as caught:
        ledgers(**kwargs)
    assert argument == caught.value.argument
