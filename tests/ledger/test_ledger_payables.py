"""Payables settle: agencies are paid, tax remitted, stores keep their fee from what they collected."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import find, given
from hypothesis import strategies as st

from giftflow import (
    Account,
    AccountKind,
    Agency,
    Channel,
    CoinsPurchased,
    Economy,
    EventOrderError,
    GiftEvent,
    GiftflowError,
    GiftSent,
    InsufficientBalanceError,
    InvalidValueError,
    Ledger,
    LedgerEvent,
    Money,
    PayableSettled,
    Rate,
    Refunded,
    StoreSettled,
    checkout,
    currency,
    from_data,
    presets,
    to_data,
)
from giftflow.testing import FIND_FIRST, ledger_events
from tests.ledger.units import unit as unit_of_code
from tests.ledger.units import units

K = AccountKind
T0 = datetime(2026, 11, 2, 12, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)
TIKTOK = attrs.evolve(presets.tiktok(), spending_rules=None)  # spending rules: test_ledger_spending
AGENCY = Account(K.AGENCY_PAYABLE, "a1")
APPLE = Account(K.STORE_PAYABLE, "apple")
TAX_GB = Account(K.TAX_PAYABLE, "GB")
CARD = Account(K.PROCESSOR_PAYABLE, "card")


def bought(
    pid: str,
    *,
    viewer: str = "v1",
    package: str = "coins_330",
    country: str = "US",
    channel: Channel = Channel.IOS,
    at: datetime = T0,
) -> CoinsPurchased:
    quote = TIKTOK.price_book.quote(package, country=country, channel=channel, at=at)
    return CoinsPurchased(id=pid, viewer=viewer, purchase=checkout(quote, purchase_id=pid))


def gift(
    gid: str, *, at: datetime, viewer: str = "v1", name: str = "Paper Crane", to: str = "ana"
) -> GiftSent:
    event = GiftEvent(id=gid, viewer=viewer, gift=name, count=1, recipients=to, country="US", at=at)
    return GiftSent(gift=event)


def paid(payable: Account, minor: int, *, at: datetime, id: str = "s1") -> PayableSettled:
    currency = "GBP" if payable.owner == "GB" else "USD"
    return PayableSettled(id=id, at=at, payable=payable, amount=Money.of_minor(minor, currency))


def agency_ledger() -> Ledger:
    """v1 bought 330 coins on iOS and sent ana, represented by agency a1, three Paper Cranes."""
    ledger = Ledger(TIKTOK, agencies={"ana": Agency(id="a1", rate=Rate.parse("10%"))})
    ledger.apply(bought("p1"))
    for i in range(3):
        ledger.apply(gift(f"g{i}", at=T0 + i * H))
    return ledger


def refused(ledger: Ledger, event: LedgerEvent, error: type[GiftflowError], text: str) -> None:
    before = to_data(ledger)
    with pytest.raises(error) as caught:
        ledger.apply(event)
    assert text in str(caught.value)
    assert before == to_data(ledger)


class TestPayableSettled:
    def test_an_agency_is_paid_exactly_to_zero(self) -> None:
        ledger = agency_ledger()
        owed = ledger.balance(AGENCY, currency("USD")).minor
        assert owed > 0
        applied = ledger.apply(paid(AGENCY, owed, at=T0 + D))
        assert 0 == ledger.balance(AGENCY, currency("USD")).minor
        assert owed == ledger.balance(Account(K.EXTERNAL, "agency/a1"), currency("USD")).minor
        assert "payable_settled" == applied.transaction.kind
        assert {"payable": "agency_payable:a1"} == dict(applied.transaction.metadata)
        assert {"USD": 0, "coins": 0, "diamonds": 0} == ledger.totals()
        assert AGENCY not in {account for account, _ in ledger.payables()}

    def test_the_statement_shows_the_settlement(self) -> None:
        ledger = agency_ledger()
        owed = ledger.balance(AGENCY, currency("USD")).minor
        ledger.apply(paid(AGENCY, owed, at=T0 + D))
        statement = ledger.statement(AGENCY, currency("USD"), start=T0 + 12 * H, end=T0 + 2 * D)
        assert owed == statement.opening
        assert [("payable_settled", "s1", -owed, 0)] == [
            (line.kind, line.event_id, line.amount, line.balance) for line in statement.lines
        ]
        assert 0 == statement.closing

    def test_tax_is_remitted_to_the_authority(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1", package="coins_65", country="GB"))
        tax = ledger.balance(TAX_GB, currency("GBP")).minor
        assert 17 == tax  # 20% VAT included in 0.99 GBP: 0.99 - 0.99 / 1.2, rounded half up
        ledger.apply(paid(TAX_GB, 10, at=T0 + D))
        ledger.apply(paid(TAX_GB, 7, at=T0 + 2 * D, id="s2"))
        assert 0 == ledger.balance(TAX_GB, currency("GBP")).minor
        assert 17 == ledger.balance(Account(K.EXTERNAL, "tax/GB"), currency("GBP")).minor

    def test_a_processor_is_paid(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1", package="coins_350", channel=Channel.WEB))
        owed = ledger.balance(CARD, currency("USD")).minor
        ledger.apply(paid(CARD, owed, at=T0 + D))
        assert {} == {key: v for key, v in ledger.payables().items() if key[0] == CARD}

    def test_overpaying_is_refused_and_changes_nothing(self) -> None:
        ledger = agency_ledger()
        owed = ledger.balance(AGENCY, currency("USD")).minor
        refused(
            ledger,
            paid(AGENCY, owed + 1, at=T0 + D),
            InsufficientBalanceError,
            "agency_payable:a1 would hold -1 USD, below its floor of 0 by 1",
        )

    def test_paying_what_was_never_owed_is_refused(self) -> None:
        refused(
            Ledger(TIKTOK),
            paid(AGENCY, 1, at=T0),
            InsufficientBalanceError,
            "agency_payable:a1 would hold -1 USD",
        )

    def test_a_wrong_currency_is_refused(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1", package="coins_65", country="GB"))
        event = PayableSettled(
            id="s1", at=T0 + D, payable=TAX_GB, amount=Money.parse("0.17", "USD")
        )
        refused(ledger, event, InvalidValueError, "is in USD but tax_payable:GB holds only GBP")

    def test_a_settlement_dated_before_what_it_pays_is_refused(self) -> None:
        ledger = agency_ledger()
        owed = ledger.balance(AGENCY, currency("USD")).minor
        refused(ledger, paid(AGENCY, owed, at=T0 + H), EventOrderError, "'g2' at")

    def test_the_same_settlement_again_is_a_replay(self) -> None:
        ledger = agency_ledger()
        event = paid(AGENCY, 1, at=T0 + D)
        first = ledger.apply(event)
        again = ledger.apply(event)
        assert again.replayed
        assert first.transaction == again.transaction
        assert ledger.balance(AGENCY, currency("USD")).minor >= 0

    def test_refuses_an_account_that_is_no_payable(self) -> None:
        with pytest.raises(InvalidValueError, match="payable must be a payable"):
            PayableSettled(
                id="s1",
                at=T0,
                payable=Account(K.PLATFORM_REVENUE),
                amount=Money.parse("1", "USD"),
            )

    def test_refuses_a_zero_amount(self) -> None:
        with pytest.raises(InvalidValueError, match="amount must be positive"):
            PayableSettled(id="s1", at=T0, payable=AGENCY, amount=Money.zero("USD"))

    def test_a_refund_after_settling_leaves_money_owed_back(self) -> None:
        # The store kept its fee; the viewer's refund reverses it: the store owes it back.
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1", package="coins_65"))
        fee = ledger.balance(APPLE, currency("USD")).minor
        ledger.apply(paid(APPLE, fee, at=T0 + D))
        ledger.apply(Refunded(id="r1", at=T0 + 2 * D, purchase_id="p1"))
        assert {(APPLE, "USD"): -fee} == ledger.payables()
        assert {"USD": 0, "coins": 0} == ledger.totals()


class TestStoreSettled:
    def test_the_fee_kept_settles_the_store(self) -> None:
        ledger = Ledger(TIKTOK)
        for i in range(3):
            ledger.apply(bought(f"p{i}", viewer=f"v{i}"))
        fee = ledger.balance(APPLE, currency("USD")).minor
        gross = -sum(
            ledger.balance(Account(K.EXTERNAL, f"v{i}"), currency("USD")).minor for i in range(3)
        )
        event = StoreSettled(
            id="apple-2026-11",
            at=T0 + D,
            payable=APPLE,
            gross=Money.of_minor(gross, "USD"),
            net=Money.of_minor(gross - fee, "USD"),
        )
        tx = ledger.apply(event).transaction
        assert 0 == ledger.balance(APPLE, currency("USD")).minor
        assert fee == ledger.balance(Account(K.EXTERNAL, "store/apple"), currency("USD")).minor
        assert "store_settled" == tx.kind
        assert {
            "payable": "store_payable:apple",
            "gross": str(event.gross),
            "net": str(event.net),
        } == dict(tx.metadata)

    def test_a_fee_above_what_is_owed_is_refused(self) -> None:
        ledger = Ledger(TIKTOK)
        ledger.apply(bought("p1"))
        fee = ledger.balance(APPLE, currency("USD")).minor
        event = StoreSettled(
            id="s1",
            at=T0 + D,
            payable=APPLE,
            gross=Money.of_minor(10_000, "USD"),
            net=Money.of_minor(10_000 - fee - 1, "USD"),
        )
        refused(ledger, event, InsufficientBalanceError, "store_payable:apple would hold -1 USD")

    @pytest.mark.parametrize(
        ("net", "text"),
        [
            (Money.parse("10", "USD"), "less than the gross"),
            (Money.parse("-1", "USD"), "at least zero"),
            (Money.parse("1", "EUR"), "is in EUR but the gross is in USD"),
        ],
    )
    def test_refuses_a_report_that_does_not_add_up(self, net: Money, text: str) -> None:
        with pytest.raises(InvalidValueError, match=text):
            StoreSettled(id="s1", at=T0, payable=APPLE, gross=Money.parse("10", "USD"), net=net)

    def test_refuses_an_agency_payable(self) -> None:
        with pytest.raises(InvalidValueError, match="STORE_PAYABLE"):
            StoreSettled(
                id="s1",
                at=T0,
                payable=AGENCY,
                gross=Money.parse("10", "USD"),
                net=Money.parse("7", "USD"),
            )


def test_a_ledger_with_settlements_replays_identically() -> None:
    ledger = agency_ledger()
    ledger.apply(paid(AGENCY, ledger.balance(AGENCY, currency("USD")).minor, at=T0 + D))
    fee = ledger.balance(APPLE, currency("USD")).minor
    ledger.apply(
        StoreSettled(
            id="st1",
            at=T0 + D,
            payable=APPLE,
            gross=Money.parse("4.99", "USD"),
            net=Money.of_minor(499 - fee, "USD"),
        )
    )
    data = to_data(ledger)
    back = from_data(Ledger, data)
    assert ledger.journal == back.journal
    assert ledger.balances() == back.balances()
    assert data == to_data(back)
    assert ledger.events[-1] == from_data(StoreSettled, to_data(ledger.events[-1]))


# -- a property: random stories of purchases, gifts, refunds and settlements ----------

AGENCIES = {"ana": Agency(id="a1", rate=Rate.parse("10%")), "bo": Agency(id="a2", rate=Rate.ONE)}
_PURCHASES = (
    ("coins_330", "US", Channel.IOS),
    ("coins_350", "US", Channel.WEB),
    ("coins_330", "US", Channel.GOOGLE_PLAY),
    ("coins_65", "GB", Channel.IOS),
)


def _settlement(
    data: st.DataObject, ledger: Ledger, at: datetime, event_id: str
) -> PayableSettled | StoreSettled | None:
    owed = sorted(ledger.payables().items())
    if not owed:
        return None
    (payable, unit), balance = data.draw(st.sampled_from(owed))
    # Mostly what is owed or less; sometimes one unit more, which must be refused.
    minor = data.draw(st.integers(1, max(1, balance) + 1))
    if payable.kind is K.STORE_PAYABLE and data.draw(st.booleans()):
        gross = minor + data.draw(st.integers(0, 10_000))
        return StoreSettled(
            id=event_id,
            at=at,
            payable=payable,
            gross=Money.of_minor(gross, unit),
            net=Money.of_minor(gross - minor, unit),
        )
    return PayableSettled(id=event_id, at=at, payable=payable, amount=Money.of_minor(minor, unit))


def _event(data: st.DataObject, ledger: Ledger, step: int, at: datetime) -> LedgerEvent | None:
    kind = data.draw(st.sampled_from(("purchase", "gift", "refund", "settle", "settle")))
    event_id = f"e{step}"
    if kind == "purchase":
        package, country, channel = data.draw(st.sampled_from(_PURCHASES))
        viewer = data.draw(st.sampled_from(("v1", "v2")))
        quote = TIKTOK.price_book.quote(package, country=country, channel=channel, at=at)
        proceeds = Money.zero("USD") if channel is Channel.GOOGLE_PLAY else None
        purchase = checkout(quote, purchase_id=event_id, proceeds_to_date=proceeds)
        return CoinsPurchased(id=event_id, viewer=viewer, purchase=purchase)
    if kind == "gift":
        viewer = data.draw(st.sampled_from(("v1", "v2")))
        to = data.draw(st.sampled_from(("ana", "bo", "cy")))
        name = data.draw(st.sampled_from(("Rose", "Paper Crane", "Doughnut")))
        return GiftSent(
            gift=GiftEvent(
                id=event_id, viewer=viewer, gift=name, count=1, recipients=to, country="US", at=at
            )
        )
    if kind == "refund":
        purchases = [e.id for e in ledger.events if isinstance(e, CoinsPurchased)]
        if not purchases:
            return None
        target = data.draw(st.sampled_from(purchases))
        return Refunded(id=event_id, at=at, purchase_id=target)
    return _settlement(data, ledger, at, event_id)


@given(st.data())
def test_settlements_never_overdraw_and_every_unit_sums_to_zero(data: st.DataObject) -> None:
    ledger = Ledger(TIKTOK, agencies=AGENCIES)
    # Per payable, what refunds took from it after it was first settled: money the party
    # owes back, the only way a payable goes below zero.
    owed_back: dict[tuple[Account, str], int] = {}
    at = T0
    for step in range(data.draw(st.integers(1, 25))):
        at += timedelta(minutes=data.draw(st.integers(0, 600)))
        event = _event(data, ledger, step, at)
        if event is None:
            continue
        before = ledger.payables()
        settled = set(owed_back)
        try:
            tx = ledger.apply(event).transaction
        except GiftflowError:
            assert before == ledger.payables()
            continue
        if isinstance(event, PayableSettled | StoreSettled):
            money = event.amount if isinstance(event, PayableSettled) else event.gross
            key = (event.payable, money.currency.code)
            owed_back.setdefault(key, 0)
            assert 0 <= units(ledger.balance(event.payable, unit_of_code(key[1])))
        elif isinstance(event, Refunded):
            for posting in tx.postings:
                key = (posting.account, posting.unit)
                if key in settled and posting.units < 0:
                    owed_back[key] += -posting.units
        assert all(0 == total for total in ledger.totals().values()), ledger.totals()
        for key, balance in ledger.payables().items():
            assert balance >= -owed_back.get(key, 0), (key, balance)
    # Settling each payable's full balance leaves it exactly zero.
    for index, ((payable, unit), balance) in enumerate(sorted(ledger.payables().items())):
        if balance > 0:
            amount = Money.of_minor(balance, unit)
            ledger.apply(PayableSettled(id=f"last{index}", at=at, payable=payable, amount=amount))
            assert 0 == units(ledger.balance(payable, unit_of_code(unit)))
    assert all(balance < 0 for balance in ledger.payables().values())
    assert all(0 == total for total in ledger.totals().values())


@pytest.mark.parametrize(
    "economy",
    [
        presets.tiktok(),
        presets.twitch_bits(),
        presets.youtube(),
        presets.youtube_supers(),
        presets.facebook_stars(),
        presets.bigo(),
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
    ],
    ids=[
        "tiktok",
        "twitch_bits",
        "youtube",
        "youtube_supers",
        "facebook_stars",
        "bigo",
        "youtube_jewels",
        "instagram_gifts",
    ],
)
def test_ledger_events_include_settlements_for_every_preset(economy: Economy) -> None:
    settlement = find(
        ledger_events(economy=economy),
        lambda event: isinstance(event, PayableSettled),
        settings=FIND_FIRST,
    )
    assert isinstance(settlement, PayableSettled)
    held = {storefront.currency for storefront in economy.price_book.storefronts}
    assert settlement.amount.currency in held
    ledger = Ledger(economy)
    with pytest.raises(InsufficientBalanceError):  # an empty ledger owes nothing
        ledger.apply(settlement)
    assert {} == ledger.payables()
