"""The value trace: every minor unit a viewer paid for a gift, and where it went."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
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
    CoinLot,
    Coins,
    CurrencyMismatchError,
    Diamonds,
    Economy,
    ExactMoney,
    Gift,
    GiftEvent,
    GiftReceipt,
    InvalidTypeError,
    InvalidValueError,
    LotKind,
    Money,
    Rate,
    SponsorBudget,
    TraceRow,
    ValueTrace,
    Wallet,
    amount_gift,
    checkout,
    compare_channels,
    currency,
    explain,
    presets,
    send_gift,
    trace,
)
from giftflow.testing import value_traces
from tests.gift_scenarios import Scenario, run, scenarios

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
USD, GBP = currency("USD"), currency("GBP")
PROCEEDS = Money.parse("5000000", "USD")
PARTIES = ("tax", "store", "processor", "fees", "creator", "rounding", "agency", "platform")


def cents(value: Fraction | int) -> ExactMoney:
    return ExactMoney(Fraction(value), USD)


def send(
    economy: Economy,
    gift: str,
    count: int = 1,
    *,
    package: str | None = None,
    channel: Channel = Channel.WEB,
    country: str = "US",
    battle: bool = False,
    agency: Agency | None = None,
) -> GiftReceipt:
    """Buy one ``package`` (or exactly the coins needed, where amounts are custom) and send."""
    book = economy.price_book
    if package is None:
        price = economy.catalog.gift(gift, country=country, at=AT).price
        quote = book.quote_custom(price * count, country=country, channel=channel, at=AT)
    else:
        quote = book.quote(package, country=country, channel=channel, at=AT)
    purchase = checkout(quote, purchase_id="p1", proceeds_to_date=PROCEEDS)
    event = GiftEvent(
        id="e1",
        viewer="v1",
        gift=gift,
        count=count,
        recipients="ana",
        country=country,
        at=AT,
        battle=battle,
    )
    agencies = {} if agency is None else {"ana": agency}
    return send_gift(
        economy, Wallet().credit(*purchase.lots), event, carry=Carry(), agencies=agencies
    )


def rows(value_trace: ValueTrace) -> list[tuple[str, Fraction]]:
    return [(row.party, row.amount.minor) for row in value_trace.rows]


class TestTraceRow:
    def test_holds_party_label_amount_and_diamonds(self) -> None:
        row = TraceRow(party="creator", label="ana", amount=cents(100), diamonds=Diamonds(100))
        assert ("creator", Diamonds(100)) == (row.party, row.diamonds)


class TestValueTrace:
    def supers(self) -> ValueTrace:
        return trace(send(presets.youtube_supers(), "Super Chat", 1000, channel=Channel.IOS))

    def test_str_is_a_table_of_every_row(self) -> None:
        expected = "\n".join(
            [
                "1000 x Super Chat (1000 cents), paid by v1",
                "  paid                    10.0000 USD  100.0%",
                "  store fee                3.0000 USD   30.0%",
                "  creator ana: 490 cents   4.9000 USD   49.0%",
                "  platform                 2.1000 USD   21.0%",
                "  creator take rate: 49.0%",
            ]
        )
        assert expected == str(self.supers())

    def test_str_names_the_channel_when_given(self) -> None:
        receipt = send(presets.youtube_supers(), "Super Chat", 1000, channel=Channel.IOS)
        first_line = str(trace(receipt, channel=Channel.IOS)).splitlines()[0]
        assert "1000 x Super Chat (1000 cents), paid by v1 via ios" == first_line

    def test_html_is_a_well_formed_table_of_every_row(self) -> None:
        table = ElementTree.fromstring(self.supers()._repr_html_())
        cells = [[cell.text or "" for cell in row] for row in table.iter("tr")]
        assert "table" == table.tag
        assert "1000 x Super Chat, paid 10.0000 USD" == table.findtext("caption")
        assert [
            ["where", "amount", "share"],
            ["store fee", "3.0000 USD", "30.0%"],
            ["creator ana: 490 cents", "4.9000 USD", "49.0%"],
            ["platform", "2.1000 USD", "21.0%"],
            ["creator take rate", "", "49.0%"],
        ] == cells

    def test_records_are_plain_rows_with_exact_amounts(self) -> None:
        records = self.supers().to_records()
        assert [
            {
                "party": "store",
                "label": "store fee",
                "amount": "3.00",
                "currency": "USD",
                "diamonds": None,
            },
            {
                "party": "creator",
                "label": "creator ana: 490 cents",
                "amount": "4.90",
                "currency": "USD",
                "diamonds": 490,
            },
            {
                "party": "platform",
                "label": "platform",
                "amount": "2.10",
                "currency": "USD",
                "diamonds": None,
            },
        ] == records

    def test_records_write_an_amount_that_never_ends_as_a_ratio(self) -> None:
        rose = trace(send(presets.tiktok(), "Rose", package="coins_65", channel=Channel.IOS))
        records = rose.to_records()
        assert all("/" not in str(r["amount"]) or "." not in str(r["amount"]) for r in records)
        assert any("/" in str(r["amount"]) for r in records)
        assert rose.paid.minor / 100 == sum(Fraction(str(r["amount"])) for r in records)

    @given(value_traces())
    def test_records_add_up_exactly_to_what_was_paid(self, traced: ValueTrace) -> None:
        records = traced.to_records()
        scale = 10**traced.currency.exponent
        assert traced.paid.minor == sum(Fraction(str(r["amount"])) * scale for r in records)
        assert [None if row.diamonds is None else row.diamonds.amount for row in traced.rows] == [
            r["diamonds"] for r in records
        ]
        assert {traced.currency.code} >= {r["currency"] for r in records}

    def test_records_become_a_polars_frame(self) -> None:
        pl = pytest.importorskip("polars")
        frame = pl.DataFrame(self.supers().to_records())
        assert ["party", "label", "amount", "currency", "diamonds"] == frame.columns
        assert [None, 490, None] == frame["diamonds"].to_list()
        assert "10.00" == str(frame["amount"].cast(pl.Decimal(scale=2)).sum())

    def test_marks_amounts_that_do_not_terminate_as_approximate(self) -> None:
        rose = trace(send(presets.tiktok(), "Rose", package="coins_65", channel=Channel.IOS))
        lines = str(rose).splitlines()
        assert "  paid                    ~0.0152 USD  100.0%" == lines[1]
        assert "  creator ana: 1 diamond   0.0050 USD   32.8%" == lines[3]

    def test_total_adds_the_rows_of_a_party(self) -> None:
        assert cents(490) == self.supers().total("creator")
        assert cents(0) == self.supers().total("agency")

    def test_rejects_rows_that_do_not_add_up(self) -> None:
        with pytest.raises(InvalidValueError, match="add up to 99, not 100") as caught:
            ValueTrace(
                gift="Rose",
                count=1,
                coins=1,
                paid_by="v1",
                paid=cents(100),
                rows=(TraceRow(party="platform", label="platform", amount=cents(99)),),
            )
        assert "rows" == caught.value.argument

    def test_take_rate_of_nothing_paid_is_zero(self) -> None:
        empty = ValueTrace(gift="Rose", count=1, coins=1, paid_by="v1", paid=cents(0), rows=())
        assert Rate.ZERO == empty.creator_take_rate


class TestTrace:
    def test_100_bits_for_1_40_give_the_streamer_1_00_and_twitch_0_40(self) -> None:
        bits = trace(send(presets.twitch_bits(), "Cheer100", package="bits_100"))
        assert [("creator", Fraction(100)), ("platform", Fraction(40))] == rows(bits)
        assert (cents(140), Diamonds(100)) == (bits.paid, bits.rows[0].diamonds)
        assert Rate.parse("5/7") == bits.creator_take_rate

    def test_a_10_dollar_super_chat_on_ios_pays_the_store_3_and_the_creator_4_90(self) -> None:
        supers = trace(send(presets.youtube_supers(), "Super Chat", 1000, channel=Channel.IOS))
        # No sales tax; Apple takes 30% of $10; the creator gets 70% of the remaining $7.00.
        expected = [
            ("store", Fraction(300)),
            ("creator", Fraction(490)),
            ("platform", Fraction(210)),
        ]
        assert expected == rows(supers)
        assert Rate.parse("49%") == supers.creator_take_rate

    def test_a_10_dollar_super_chat_on_the_web_pays_the_creator_7(self) -> None:
        supers = trace(send(presets.youtube_supers(), "Super Chat", 1000, channel=Channel.WEB))
        assert [("creator", Fraction(700)), ("platform", Fraction(300))] == rows(supers)

    def test_a_rose_bought_on_ios(self) -> None:
        rose = trace(send(presets.tiktok(), "Rose", package="coins_65", channel=Channel.IOS))
        # 65 coins for $0.99; Apple takes 30% ($0.297, rounded half up to $0.30).
        # One coin: 99/65 cents paid, 30/65 to Apple, half a cent to the creator.
        assert [
            ("store", Fraction(30, 65)),
            ("creator", Fraction(1, 2)),
            ("platform", Fraction(69, 65) - Fraction(1, 2)),
        ] == rows(rose)
        assert cents(Fraction(99, 65)) == rose.paid
        assert Rate(Fraction(1, 2) / Fraction(99, 65)) == rose.creator_take_rate

    def test_a_rose_bought_on_the_web(self) -> None:
        rose = trace(send(presets.tiktok(), "Rose", package="coins_70", channel=Channel.WEB))
        # 70 coins for $0.74; the card fee is 2.9% + $0.30 = $0.32146, rounded to $0.32.
        assert [
            ("processor", Fraction(32, 70)),
            ("creator", Fraction(1, 2)),
            ("platform", Fraction(42, 70) - Fraction(1, 2)),
        ] == rows(rose)
        assert Rate(Fraction(35, 74)) == rose.creator_take_rate

    def test_ten_roses_issue_five_diamonds_worth_five_cents(self) -> None:
        roses = trace(send(presets.tiktok(), "Rose", 10, package="coins_70"))
        assert ("creator", Fraction(5)) == rows(roses)[1]
        assert Diamonds(10) == roses.rows[1].diamonds

    def test_a_lion_bought_on_ios(self) -> None:
        # Two packs of 16,500 coins at $249.99; Apple takes $75.00 of each.
        (lion,) = compare_channels(
            presets.tiktok(), "Lion", country="US", at=AT, channels=[Channel.IOS]
        )
        per_coin = Fraction(24999, 16500)
        assert [
            ("store", 29999 * Fraction(7500, 16500)),
            ("creator", Fraction(29999, 2)),
            ("platform", 29999 * Fraction(17499, 16500) - Fraction(29999, 2)),
        ] == rows(lion)
        assert cents(29999 * per_coin) == lion.paid
        assert Rate(Fraction(8250, 24999)) == lion.creator_take_rate

    def test_a_lion_bought_on_the_web(self) -> None:
        # Two packs of 17,500 coins at $187.49; the card fee is $5.74 on each.
        (lion,) = compare_channels(
            presets.tiktok(), "Lion", country="US", at=AT, channels=[Channel.WEB]
        )
        assert [
            ("processor", 29999 * Fraction(574, 17500)),
            ("creator", Fraction(29999, 2)),
            ("platform", 29999 * Fraction(18175, 17500) - Fraction(29999, 2)),
        ] == rows(lion)
        assert Rate(Fraction(8750, 18749)) == lion.creator_take_rate

    def test_agency_commission_comes_from_the_platforms_part(self) -> None:
        agency = Agency(id="agency", rate=Rate.parse("10%"))
        alone = trace(send(presets.tiktok(), "Rose", 100, package="coins_700"))
        represented = trace(send(presets.tiktok(), "Rose", 100, package="coins_700", agency=agency))
        assert alone.total("creator") == represented.total("creator")
        platform = alone.total("platform").minor
        assert cents(platform / 10) == represented.total("agency")
        assert cents(platform * 9 / 10) == represented.total("platform")
        assert "agency agency" == represented.rows[2].label

    def test_a_battle_bonus_is_paid_by_the_platform(self) -> None:
        economy = presets.bigo()
        plain = trace(send(economy, "Diamonds", 1000, package="diamonds_1000"))
        battle = trace(send(economy, "Diamonds", 1000, package="diamonds_1000", battle=True))
        # 1,000 Diamonds give 500 Beans, +8% = 540 Beans; 210 Beans are worth a dollar.
        assert (Diamonds(500), Diamonds(540)) == (plain.rows[1].diamonds, battle.rows[1].diamonds)
        bonus = Fraction(40 * 100, 210)
        assert cents(bonus) == battle.total("creator") - plain.total("creator")
        assert cents(-bonus) == battle.total("platform") - plain.total("platform")
        assert plain.total("processor") == battle.total("processor")
        assert "creator ana: 540 Beans incl. battle bonus" == battle.rows[1].label

    def test_a_sponsored_gift_is_paid_by_the_sponsor(self) -> None:
        twitch = presets.twitch_bits()
        brand = Gift(id="brand_cheer", name="Brand Cheer", price=Coins(10), sponsor="brand")
        economy = attrs.evolve(
            twitch, catalog=Catalog(versions=(CatalogVersion(version="v", gifts=(brand,)),))
        )
        budget = SponsorBudget(
            sponsor="brand", cap=Money.parse("1", "USD"), value_per_coin=Money.parse("0.02", "USD")
        )
        event = GiftEvent(
            id="e1", viewer="v1", gift="Brand Cheer", count=5, recipients="ana", country="US", at=AT
        )
        receipt = send_gift(economy, Wallet(), event, carry=Carry(), sponsors={"brand": budget})
        sponsored = trace(receipt)
        assert ("sponsor brand", cents(100)) == (sponsored.paid_by, sponsored.paid)
        assert [("creator", Fraction(50)), ("platform", Fraction(50))] == rows(sponsored)

    def test_a_gbp_purchase_valued_in_usd_needs_an_fx_rate(self) -> None:
        receipt = send(
            presets.tiktok(), "Rose", package="coins_65", channel=Channel.IOS, country="GB"
        )
        with pytest.raises(CurrencyMismatchError):
            trace(receipt)
        # GBP 0.99 for 65 coins includes 20% VAT (GBP 0.165, rounded half up to 0.17);
        # Apple takes 30% of GBP 0.82 (0.246, so 0.25). Half a US cent at 0.8 GBP per USD
        # is 0.4 pence.
        rose = trace(receipt, fx=Rate.parse("0.8"))
        assert [
            ("tax", Fraction(17, 65)),
            ("store", Fraction(25, 65)),
            ("creator", Fraction(2, 5)),
            ("platform", Fraction(57, 65) - Fraction(2, 5)),
        ] == rows(rose)
        assert GBP == rose.currency

    def test_lots_without_itemised_fees_show_one_fees_row(self) -> None:
        per_coin = ExactMoney(Fraction(3, 2), USD)
        lot = CoinLot(
            id="gift-card",
            kind=LotKind.PROMOTIONAL,
            coins=Coins(10),
            acquired_at=AT,
            net_per_coin=ExactMoney(Fraction(1), USD),
            gross_per_coin=per_coin,
        )
        event = GiftEvent(
            id="e1", viewer="v1", gift="Cheer1", count=10, recipients="ana", country="US", at=AT
        )
        receipt = send_gift(presets.twitch_bits(), Wallet((lot,)), event, carry=Carry())
        assert [
            ("fees", Fraction(5)),
            ("creator", Fraction(10)),
            ("platform", Fraction(0)),
        ] == rows(trace(receipt))

    def test_rejects_anything_but_a_receipt(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            trace("receipt")  # type: ignore[arg-type]
        assert "receipt" == caught.value.argument

    @given(scenarios())
    def test_every_trace_adds_up_to_what_was_paid(self, scenario: Scenario) -> None:
        receipts, _ = run(scenario, scenario.events)
        for receipt in receipts:
            value_trace = trace(receipt)
            funding = receipt.funding
            assert funding.gross == value_trace.paid
            assert set(PARTIES) >= {row.party for row in value_trace.rows}
            by_party = [value_trace.total(party).minor for party in PARTIES]
            assert value_trace.paid.minor == sum(by_party, Fraction(0))
            if funding.tax is not None:
                assert funding.tax == value_trace.total("tax")
                assert funding.store_fee == value_trace.total("store")
                assert funding.processor_fee == value_trace.total("processor")
            earned = sum((s.value.minor for s in receipt.shares), Fraction(0))
            creators = value_trace.total("creator").minor + value_trace.total("rounding").minor
            assert earned == creators
            issued = [row.diamonds for row in value_trace.rows if row.party == "creator"]
            assert [s.diamonds for s in receipt.shares] == issued
            agency = sum(
                (s.agency_value.minor for s in receipt.shares if s.agency_value), Fraction(0)
            )
            assert agency == value_trace.total("agency").minor
            assert funding.net.minor - earned - agency == value_trace.total("platform").minor


class TestCompareChannels:
    def test_a_rose_costs_the_creator_most_on_ios_and_google_play(self) -> None:
        traces = compare_channels(
            presets.tiktok(), "Rose", country="US", at=AT, proceeds_to_date=PROCEEDS
        )
        assert [Channel.GOOGLE_PLAY, Channel.IOS, Channel.WEB] == [t.channel for t in traces]
        assert [
            Rate(Fraction(65, 198)),
            Rate(Fraction(65, 198)),
            Rate(Fraction(35, 74)),
        ] == [t.creator_take_rate for t in traces]

    def test_google_play_is_cheaper_for_the_platform_below_the_threshold(self) -> None:
        (small,) = compare_channels(
            presets.tiktok(),
            "Rose",
            country="US",
            at=AT,
            channels=[Channel.GOOGLE_PLAY],
            proceeds_to_date=Money.parse("0", "USD"),
        )
        # 15% of $0.99 is $0.1485, rounded half up to $0.15.
        assert cents(Fraction(15, 65)) == small.total("store")

    def test_buys_enough_packages_for_the_count(self) -> None:
        (roses,) = compare_channels(
            presets.tiktok(), "Rose", country="US", at=AT, count=100, channels=[Channel.WEB]
        )
        assert (100, 100) == (roses.count, roses.coins)
        assert cents(100 * Fraction(374, 350)) == roses.paid  # from 350 coins for $3.74

    def test_custom_amounts_buy_exactly_the_coins_needed(self) -> None:
        traces = compare_channels(
            presets.youtube_supers(), "Super Chat", country="US", at=AT, count=500
        )
        assert [(Channel.IOS, Rate.parse("49%")), (Channel.WEB, Rate.parse("70%"))] == [
            (t.channel, t.creator_take_rate) for t in traces
        ]
        assert [cents(500), cents(500)] == [t.paid for t in traces]

    def test_agency_lowers_the_platform_not_the_creator(self) -> None:
        agency = Agency(id="agency", rate=Rate.parse("10%"))
        (alone,) = compare_channels(
            presets.tiktok(), "Lion", country="US", at=AT, channels=[Channel.WEB]
        )
        (represented,) = compare_channels(
            presets.tiktok(), "Lion", country="US", at=AT, channels=[Channel.WEB], agency=agency
        )
        assert alone.creator_take_rate == represented.creator_take_rate
        assert alone.total("platform") == represented.total("platform") + represented.total(
            "agency"
        )

    def test_refuses_a_channel_that_does_not_sell(self) -> None:
        with pytest.raises(
            InvalidValueError, match="sells neither a package nor 1 coins"
        ) as caught:
            compare_channels(
                presets.twitch_bits(), "Cheer1", country="US", at=AT, channels=[Channel.IOS]
            )
        assert "channels" == caught.value.argument

    def test_refuses_a_country_without_a_storefront(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            compare_channels(presets.tiktok(), "Rose", country="FR", at=AT)
        assert "country" == caught.value.argument

    def test_refuses_an_unknown_gift(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            compare_channels(presets.tiktok(), "Unicorn", country="US", at=AT)
        assert "gift" == caught.value.argument

    def test_values_a_gbp_purchase_with_an_fx_rate(self) -> None:
        (rose,) = compare_channels(
            presets.tiktok(), "Rose", country="GB", at=AT, fx=Rate.parse("0.8")
        )
        assert (GBP, Channel.IOS) == (rose.currency, rose.channel)
        assert Rate(Fraction(2, 5) / Fraction(99, 65)) == rose.creator_take_rate


class TestExplain:
    """``explain`` is ``compare_channels`` for one channel: one call, the same trace."""

    @given(
        st.sampled_from(["Rose", "Doughnut", "Swan", "Lion"]),
        st.integers(1, 20),
        st.sampled_from(["ios", "google_play", "web"]),
    )
    def test_is_the_comparison_of_one_channel(self, gift: str, count: int, channel: str) -> None:
        at = datetime(2026, 11, 24, tzinfo=UTC)
        economy = presets.tiktok()
        proceeds = Money.parse("5000000", "USD")  # Google Play's tier needs the year's proceeds
        one = explain(
            economy,
            gift,
            channel=Channel(channel),
            country="US",
            at=at,
            count=count,
            proceeds_to_date=proceeds,
        )
        (compared,) = compare_channels(
            economy,
            gift,
            country="US",
            at=at,
            count=count,
            channels=(Channel(channel),),
            proceeds_to_date=proceeds,
        )
        assert compared == one
        assert one.paid.minor == sum(row.amount.minor for row in one.rows)

    def test_refuses_a_channel_that_is_not_a_channel(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            explain(
                presets.tiktok(),
                "Rose",
                channel="ios",  # type: ignore[arg-type]
                country="US",
                at=datetime(2026, 11, 24, tzinfo=UTC),
            )
        assert "channel" == caught.value.argument


class TestAmountGift:
    """An amount sent directly: the one-coin gift, that many times."""

    @given(st.integers(1, 10**6))
    def test_sends_bits_as_that_many_cheer1(self, bits: int) -> None:
        at = datetime(2026, 11, 24, tzinfo=UTC)
        event = amount_gift(
            presets.twitch_bits(),
            Coins(bits),
            id="c1",
            viewer="v1",
            recipients="ana",
            country="US",
            at=at,
        )
        assert ("Cheer1", bits) == (event.gift, event.count)

    @given(st.integers(100, 50_000))
    def test_a_super_chat_of_money_is_its_cents(self, cents: int) -> None:
        at = datetime(2026, 11, 24, tzinfo=UTC)
        economy = presets.youtube_supers()
        amount = Money.of_minor(cents, "USD")
        event = amount_gift(
            economy,
            amount,
            id="s1",
            viewer="v1",
            recipients="ana",
            country="US",
            at=at,
            channel=Channel.WEB,
        )
        assert ("Super Chat", cents) == (event.gift, event.count)
        # The coins bought for that money are exactly the coins sent.
        quote = economy.price_book.quote_custom(
            Coins(event.count), country="US", channel=Channel.WEB, at=at
        )
        assert amount == quote.price

    def test_names_the_gift_where_several_cost_one_coin(self) -> None:
        at = datetime(2026, 11, 24, tzinfo=UTC)
        with pytest.raises(InvalidValueError) as caught:
            amount_gift(
                presets.tiktok(),
                Coins(5),
                id="g1",
                viewer="v1",
                recipients="ana",
                country="US",
                at=at,
            )
        assert ("gift", "pass gift='Rose'") == (caught.value.argument, caught.value.hint)
        event = amount_gift(
            presets.tiktok(),
            Coins(5),
            id="g1",
            viewer="v1",
            recipients="ana",
            country="US",
            at=at,
            gift="Rose",
        )
        assert ("Rose", 5) == (event.gift, event.count)
