"""A settlement's tables: per-creator records that add up exactly, and bounded HTML."""

# Asserts read `expected == actual` (tests/README.md).

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from fractions import Fraction

import pytest
from hypothesis import given

from giftflow import Settlement, presets, settle
from giftflow._values._tables import HTML_ROWS
from giftflow.testing import SETTLE_AT, settlements

COLUMNS = ["creator", "coins", "diamonds", "entitlement", "carry", "value", "currency"]


def bigo() -> Settlement:
    # Bigo values a Bean at 1/210 USD: values whose decimals never end.
    return settle(
        presets.bigo(),
        [("ana", "diamonds", 1000), ("bo", "diamonds", 7)],
        at=SETTLE_AT,
        country="US",
    )


def cells(html: str) -> list[list[str]]:
    return [[cell.text or "" for cell in row] for row in ElementTree.fromstring(html).iter("tr")]


class TestSettlementRecords:
    def test_are_the_creators_totals_in_the_documented_columns(self) -> None:
        assert [
            {
                "creator": "ana",
                "coins": 1000,
                "diamonds": 500,
                "entitlement": "500",
                "carry": "0",
                "value": "50/21",
                "currency": "USD",
            },
            {
                "creator": "bo",
                "coins": 7,
                "diamonds": 3,
                "entitlement": "3.5",
                "carry": "0.5",
                "value": "1/60",
                "currency": "USD",
            },
        ] == bigo().to_records()

    def test_the_empty_settlement_has_no_rows(self) -> None:
        assert [] == Settlement.empty().to_records()

    @given(settlements())
    def test_add_up_exactly_to_the_settlements_totals(self, settlement: Settlement) -> None:
        records = settlement.to_records()
        assert all(COLUMNS == list(row) for row in records)
        assert list(settlement.creators) == [row["creator"] for row in records]
        assert settlement.diamonds.amount == sum(int(row["diamonds"] or 0) for row in records)
        value = sum((Fraction(str(row["value"])) for row in records), Fraction(0))
        if settlement.value is not None:
            assert settlement.value.minor == value * 10**settlement.value.currency.exponent
        for row, total in zip(records, settlement.creators.values(), strict=True):
            assert total.entitlement == Fraction(str(row["entitlement"]))
            assert total.carry == Fraction(str(row["carry"]))
            assert total.coins.amount == row["coins"]
        assert records == json.loads(json.dumps(records))

    def test_become_a_polars_frame_with_exact_sums(self) -> None:
        pl = pytest.importorskip("polars")
        day = settle(
            presets.tiktok(),
            [("ana", "Rose", 3), ("bo", "Swan", 1), ("ana", "Swan", 2)],
            at=SETTLE_AT,
            country="US",
        )
        frame = pl.DataFrame(day.to_records())
        assert COLUMNS == frame.columns
        assert pl.Int64 == frame.schema["diamonds"]
        assert day.diamonds.amount == frame["diamonds"].sum()
        # Decimal values cast exactly; the sum is the settlement's value.
        value = frame["value"].cast(pl.Decimal(scale=3)).sum()
        assert day.value is not None
        assert day.value.minor == Fraction(value) * 100


class TestSettlementHtml:
    def test_is_a_summary_and_the_creators(self) -> None:
        block = ElementTree.fromstring(bigo()._repr_html_())
        summary, creators = list(block)
        shown = cells(ElementTree.tostring(summary, encoding="unicode"))
        fields = {row[0]: row[1] for row in shown}
        assert "2 (2 without net)" == fields["events"]
        assert "503" == fields["diamonds"]
        assert "about 2.40 USD" == fields["value"]
        assert "unknown (a record without net)" == fields["net"]
        assert [
            ["creator", "coins", "diamonds", "value"],
            ["ana", "1,000", "500", "about 2.38 USD"],
            ["bo", "7", "3", "about 0.02 USD"],
        ] == cells(ElementTree.tostring(creators, encoding="unicode"))

    def test_shows_the_first_creators_of_many(self) -> None:
        many = settle(
            presets.tiktok(),
            [(f"c{n:04}", "Rose", 1) for n in range(1000)],
            at=SETTLE_AT,
            country="US",
        )
        rows = cells(many._repr_html_())
        assert ["… 980 more"] == rows[-1]
        assert [f"c{n:04}" for n in range(HTML_ROWS)] == [
            row[0] for row in rows[-1 - HTML_ROWS : -1]
        ]

    def test_notebook_text_of_many_creators_is_a_summary(self) -> None:
        pretty = pytest.importorskip("IPython.lib.pretty")
        records = [(f"c{n:04}", "Rose", 2) for n in range(HTML_ROWS + 1)]
        many = settle(presets.tiktok(), records, at=SETTLE_AT, country="US")
        assert (
            "<giftflow.Settlement: 21 events, 21 creators, 42 diamonds, value 0.21 USD>"
            == pretty.pretty(many)
        )
        assert repr(bigo()) == pretty.pretty(bigo())

    def test_the_empty_settlement_is_a_summary(self) -> None:
        fields = cells(Settlement.empty()._repr_html_())
        assert ["events", "0 (0 without net)"] == fields[0]
