"""Compact events: a Ledger document names a purchase's price-book entry, not its figures.

``to_data(ledger)`` writes ``"events_shape": "compact"``: each purchase as the entry of
the economy's price book it used and the figures that vary, rebuilt on reading from the
document's own economy; every other event without its fields at their default. Data of
format version 1 (events in full, no ``events_shape``) is still read. Sizes are
deterministic, so they are tested; times are measured in ``benchmarks/bench_format.py``.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks._harness import Settings
from benchmarks.bench_format import bytes_per_event, format_ledger, full_data
from giftflow import (
    Channel,
    Coins,
    CoinsPurchased,
    DataError,
    Economy,
    GiftEvent,
    GiftflowError,
    GiftSent,
    Ledger,
    LedgerEvent,
    Money,
    Viewer,
    checkout,
    from_data,
    from_document,
    presets,
    testing,
    to_data,
    to_document,
)
from tests.format.raw import raw_data

T0 = datetime(2026, 11, 2, 12, tzinfo=UTC)
ADULT = Viewer(country="US", birth_date=date(1990, 5, 1))


def profiles(events: Sequence[LedgerEvent]) -> dict[str, Viewer]:
    found = {}
    for event in events:
        if isinstance(event, CoinsPurchased):
            found[event.viewer] = ADULT
        elif isinstance(event, GiftSent):
            found[event.gift.viewer] = ADULT
    return found


def read_back(ledger: Ledger, data: Any) -> Ledger:
    """Read ``data`` through JSON text; assert it is the very ledger, and return it."""
    back = from_data(Ledger, json.loads(json.dumps(data, allow_nan=False)))
    assert (back.balances(), back.journal, back.events) == (
        ledger.balances(),
        ledger.journal,
        ledger.events,
    )
    return back


@st.composite
def ledgers_of(draw: st.DrawFn, economy: Economy) -> Ledger:
    # Any economy's events, on a ledger of the default configuration (testing.ledgers()
    # draws guards, clawback, agencies and sponsors' budgets too).
    events = draw(st.lists(testing.ledger_events(economy=economy), max_size=12))
    ledger = Ledger(economy, viewers=profiles(events))
    for event in sorted(events, key=lambda event: event.at):
        with contextlib.suppress(GiftflowError):
            ledger.apply(event)
    return ledger


class TestRoundTrip:
    @given(testing.ledgers())
    def test_any_ledger_reads_back_identical_from_either_shape(self, ledger: Ledger) -> None:
        data = raw_data(ledger)
        assert "compact" == data["events_shape"]
        assert data == to_data(read_back(ledger, data))  # one ledger, one spelling
        assert data == to_data(read_back(ledger, full_data(ledger)))

    @pytest.mark.parametrize("name", ["bigo", "facebook_stars", "twitch_bits", "youtube_supers"])
    @given(data=st.data())
    def test_any_economys_ledger_reads_back(self, name: str, data: st.DataObject) -> None:
        economy = getattr(presets, name)()
        ledger = data.draw(ledgers_of(economy) | testing.ledgers(economy=economy))
        written = to_data(ledger)
        assert written == to_data(read_back(ledger, written))

    def test_a_custom_amount_is_written_with_its_coins(self) -> None:
        economy = presets.youtube_supers()
        quote = economy.price_book.quote_custom(
            Coins(1234), country="US", channel=Channel.WEB, at=T0
        )
        ledger = Ledger(economy, viewers={"v1": ADULT})
        ledger.apply(
            CoinsPurchased(id="s1", viewer="v1", purchase=checkout(quote, purchase_id="s1"))
        )
        data = raw_data(ledger)
        assert {
            "id": "s1",
            "viewer": "v1",
            "at": "2026-11-02T12:00:00+00:00",
            "package": "custom",
            "coins": 1234,
            "country": "US",
            "channel": "web",
        } == data["events"][0]["coins_purchased"]
        read_back(ledger, data)

    @pytest.mark.parametrize("proceeds", ["0.00", "999950.00", "999999.99", "2000000.00"])
    def test_a_threshold_fee_keeps_the_proceeds_its_charge_implies(self, proceeds: str) -> None:
        # Google Play's fee rises above 1M USD of proceeds a year; a purchase may cross it.
        economy = presets.tiktok()
        quote = economy.price_book.quote(
            "coins_16500", country="US", channel=Channel.GOOGLE_PLAY, at=T0
        )
        purchase = checkout(quote, purchase_id="p1", proceeds_to_date=Money.parse(proceeds, "USD"))
        ledger = Ledger(economy, viewers={"v1": ADULT})
        ledger.apply(CoinsPurchased(id="e1", viewer="v1", purchase=purchase, at=T0 + timedelta(1)))
        data = raw_data(ledger)
        written = data["events"][0]["coins_purchased"]
        assert ("p1", "2026-11-02T12:00:00+00:00") == (written["purchase_id"], written["quoted_at"])
        assert "USD" == written["proceeds_to_date"]["currency"]
        read_back(ledger, data)

    def test_proceeds_that_charge_the_same_are_written_one_way(self) -> None:
        economy = presets.tiktok()
        quote = economy.price_book.quote(
            "coins_65", country="US", channel=Channel.GOOGLE_PLAY, at=T0
        )
        purchase = checkout(quote, purchase_id="p1", proceeds_to_date=Money.parse("5", "USD"))
        ledger = Ledger(economy, viewers={"v1": ADULT})
        ledger.apply(CoinsPurchased(id="p1", viewer="v1", purchase=purchase))
        data = raw_data(ledger)
        fields = data["events"][0]["coins_purchased"]
        assert {"amount": "0.00", "currency": "USD"} == fields["proceeds_to_date"]
        fields["proceeds_to_date"] = {"amount": "5.00", "currency": "USD"}
        with pytest.raises(DataError) as caught:
            from_data(Ledger, data)
        assert "events[0].coins_purchased.proceeds_to_date" == caught.value.argument
        assert "write {'amount': '0.00', 'currency': 'USD'}" in str(caught.value)


class TestShape:
    def test_pins_the_compact_events(self) -> None:
        economy = presets.tiktok()
        quote = economy.price_book.quote("coins_65", country="US", channel=Channel.IOS, at=T0)
        ledger = Ledger(economy, viewers={"v1": ADULT})
        ledger.apply(
            CoinsPurchased(id="p1", viewer="v1", purchase=checkout(quote, purchase_id="p1"))
        )
        gift = GiftEvent(
            id="g1",
            viewer="v1",
            gift="Rose",
            count=5,
            recipients="ana",
            country="US",
            at=T0 + timedelta(hours=1),
        )
        ledger.apply(GiftSent(gift=gift))
        data = raw_data(ledger)
        assert [
            "economy",
            "guards",
            "clawback",
            "agencies",
            "sponsors",
            "viewers",
            "events_shape",
            "events",
        ] == list(data)
        assert [
            {
                "coins_purchased": {
                    "id": "p1",
                    "viewer": "v1",
                    "at": "2026-11-02T12:00:00+00:00",
                    "package": "coins_65",
                    "country": "US",
                    "channel": "ios",
                }
            },
            {
                "gift_sent": {
                    "gift": {
                        "id": "g1",
                        "viewer": "v1",
                        "gift": "Rose",
                        "count": 5,
                        "recipients": [{"creator": "ana"}],
                        "country": "US",
                        "at": "2026-11-02T13:00:00+00:00",
                    }
                }
            },
        ] == data["events"]
        # Outside a Ledger there is no economy to rebuild from: an event is written in full.
        assert {"id", "viewer", "purchase", "at"} == set(raw_data(ledger.events[0]))
        assert {"gift", "metrics", "fx"} == set(raw_data(ledger.events[1]))

    def test_a_version_1_document_is_read(self) -> None:
        ledger = Ledger(presets.tiktok(), viewers={"v1": ADULT})
        quote = presets.tiktok_price_book().quote(
            "coins_65", country="US", channel=Channel.IOS, at=T0
        )
        ledger.apply(
            CoinsPurchased(id="p1", viewer="v1", purchase=checkout(quote, purchase_id="p1"))
        )
        document = {"schema": "giftflow", "version": 1, "type": "Ledger", "data": full_data(ledger)}
        assert ledger.events == from_document(copy.deepcopy(document), Ledger).events
        assert 3 == to_document(ledger)["version"]

    def test_a_full_event_in_a_compact_document_is_refused(self) -> None:
        ledger = Ledger(presets.tiktok(), viewers={"v1": ADULT})
        quote = presets.tiktok_price_book().quote(
            "coins_65", country="US", channel=Channel.IOS, at=T0
        )
        ledger.apply(
            CoinsPurchased(id="p1", viewer="v1", purchase=checkout(quote, purchase_id="p1"))
        )
        data = raw_data(ledger)
        data["events"] = full_data(ledger)["events"]
        with pytest.raises(DataError) as caught:
            from_data(Ledger, data)
        assert "events[0].coins_purchased.purchase" == caught.value.argument


@functools.cache
def typical() -> Ledger:
    """A typical ledger: the benchmark's stream at its quick size (purchases, then gifts)."""
    return format_ledger(Settings(quick=True), random.Random(7))


class TestSize:
    """The bytes of each event (``json.dumps``, default separators) in a typical document."""

    def test_a_purchase_takes_at_most_300_bytes(self) -> None:
        sizes = bytes_per_event(raw_data(typical()))
        assert sizes["coins_purchased"] <= 300, sizes

    def test_a_gift_takes_at_most_200_bytes(self) -> None:
        sizes = bytes_per_event(raw_data(typical()))
        assert sizes["gift_sent"] <= 200, sizes

    def test_the_full_shape_is_ten_times_larger(self) -> None:
        full = bytes_per_event(full_data(typical()))
        compact = bytes_per_event(raw_data(typical()))
        assert full["coins_purchased"] >= 10 * compact["coins_purchased"], (full, compact)
