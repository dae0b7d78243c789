"""The ledger and its documents with store programs that change on dates.

A purchase through a :class:`~giftflow.FeeSchedule` is verified against the period of its
quote's time; an Apple Small Business fee, which qualifies by the prior year, is charged
again from the proceeds its charge implies (neither year's figure is known to the
ledger), and a Ledger document names neither: reading rebuilds the same purchases.
"""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Channel,
    CoinsPurchased,
    Crossing,
    Economy,
    InvalidValueError,
    Ledger,
    Money,
    Storefront,
    Tax,
    Viewer,
    checkout,
    currency,
    from_data,
    presets,
    to_data,
)

USD = currency("USD")
ADULT = Viewer(country="US", birth_date=date(1990, 5, 1))
CHANNELS = (Channel.IOS, Channel.IOS_LINK_OUT, Channel.GOOGLE_PLAY)


def economy(crossing: Crossing = Crossing.WHOLE_PURCHASE) -> Economy:
    """TikTok's economy, its US storefront selling the app ladder through every US program."""
    tiktok = presets.tiktok()
    book = tiktok.price_book
    us = Storefront(
        country="US",
        currency=USD,
        tax=Tax.none(),
        fees={
            Channel.IOS: presets.apple_fee_schedule(USD, small_business=True, crossing=crossing),
            Channel.IOS_LINK_OUT: presets.apple_link_out_fee_schedule().plus(
                presets.card_processor_fee()
            ),
            Channel.GOOGLE_PLAY: presets.google_play_fee_schedule(USD),
        },
    )
    app = [p for p in book.prices if p.country == "US" and p.channel == Channel.IOS]
    prices = [attrs.evolve(p, channel=channel) for channel in CHANNELS for p in app]
    return attrs.evolve(
        tiktok,
        price_book=attrs.evolve(book, storefronts=(us,), prices=prices, custom=(), promotions=()),
    )


def purchase(
    ledger: Ledger, pid: str, channel: Channel, when: datetime, proceeds: str, prior: str
) -> CoinsPurchased:
    quote = ledger.economy.price_book.quote("coins_660", country="US", channel=channel, at=when)
    bought = checkout(
        quote,
        purchase_id=pid,
        proceeds_to_date=Money.parse(proceeds, USD),
        prior_year_proceeds=Money.parse(prior, USD),
    )
    return CoinsPurchased(id=pid, viewer="v1", purchase=bought, at=when)


def cents(*amounts: str) -> tuple[Money, ...]:
    return tuple(Money.parse(amount, USD) for amount in amounts)


def read_back(ledger: Ledger) -> Ledger:
    back = from_data(Ledger, json.loads(json.dumps(to_data(ledger))))
    assert (back.events, back.balances()) == (ledger.events, ledger.balances())
    return back


class TestStorePrograms:
    def test_books_and_rereads_purchases_of_every_program_and_year(self) -> None:
        ledger = Ledger(economy(), viewers={"v1": ADULT})
        cases = [  # in time order: the ledger books each account's events in order
            (Channel.IOS, datetime(2020, 6, 1, tzinfo=UTC), "0", "0"),  # before the program: 30%
            (Channel.IOS_LINK_OUT, datetime(2025, 4, 1, tzinfo=UTC), "0", "0"),  # 27%
            (Channel.IOS_LINK_OUT, datetime(2025, 5, 1, tzinfo=UTC), "0", "0"),  # 0%
            (Channel.IOS, datetime(2026, 2, 1, tzinfo=UTC), "10", "500000"),  # 15%
            (Channel.IOS, datetime(2026, 3, 1, tzinfo=UTC), "999995", "500000"),  # crossing: 30%
            (Channel.GOOGLE_PLAY, datetime(2026, 5, 1, tzinfo=UTC), "999995", "0"),  # split
            (Channel.IOS, datetime(2027, 4, 1, tzinfo=UTC), "0", "2000000"),  # year after: 30%
        ]
        for index, (channel, when, proceeds, prior) in enumerate(cases):
            ledger.apply(purchase(ledger, f"p{index}", channel, when, proceeds, prior))
        store = [
            tuple(c.amount for c in e.purchase.breakdown.fees)
            for e in ledger.events
            if isinstance(e, CoinsPurchased)
        ]
        assert [
            cents("3.00"),
            cents("2.70", "0.59"),
            cents("0.00", "0.59"),
            cents("1.50"),
            cents("3.00"),
            cents("2.11"),
            cents("3.00"),
        ] == store
        read_back(ledger)

    def test_refuses_a_purchase_charged_by_another_period(self) -> None:
        ledger = Ledger(economy(), viewers={"v1": ADULT})
        link_out = Channel.IOS_LINK_OUT
        after = purchase(ledger, "p1", link_out, datetime(2025, 5, 1, tzinfo=UTC), "0", "0")
        before = purchase(ledger, "p1", link_out, datetime(2025, 4, 1, tzinfo=UTC), "0", "0")
        # The 0% charge of after the ruling, claimed for a purchase quoted before it.
        with pytest.raises(InvalidValueError, match=r"^fees\['apple link-out'\] charges 0.00 USD"):
            attrs.evolve(before.purchase, breakdown=after.purchase.breakdown)

    @given(
        st.sampled_from(CHANNELS),
        st.datetimes(datetime(2021, 7, 1), datetime(2030, 12, 31), timezones=st.just(UTC)),
        st.one_of(st.integers(0, 2 * 10**8), st.integers(10**8 - 5_000, 10**8 + 5_000)),
        st.one_of(st.integers(0, 2 * 10**8), st.integers(10**8 - 5, 10**8 + 5)),
        st.sampled_from(Crossing),
    )
    def test_any_proceeds_at_any_time_are_booked_and_reread(
        self, channel: Channel, when: datetime, proceeds: int, prior: int, crossing: Crossing
    ) -> None:
        ledger = Ledger(economy(crossing), viewers={"v1": ADULT})
        quote = ledger.economy.price_book.quote("coins_660", country="US", channel=channel, at=when)
        bought = checkout(
            quote,
            purchase_id="p1",
            proceeds_to_date=Money.of_minor(proceeds, USD),
            prior_year_proceeds=Money.of_minor(prior, USD),
        )
        ledger.apply(CoinsPurchased(id="p1", viewer="v1", purchase=bought, at=when))
        assert (bought,) == tuple(
            e.purchase for e in ledger.events if isinstance(e, CoinsPurchased)
        )
        read_back(ledger)
