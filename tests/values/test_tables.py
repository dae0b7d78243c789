"""The shared table helpers: exact text that reads back, escaped and bounded HTML."""

# Asserts read `expected == actual` (tests/README.md).

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from giftflow import ExactMoney, Money
from giftflow._values._tables import (
    HTML_ROWS,
    exact_text,
    html_block,
    html_fields,
    html_table,
    ratio_text,
    text_fields,
)
from giftflow.testing import exact_money, money

# Text that XML 1.0 can carry: no control characters, no lone surrogates.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)


def cells(html: str) -> list[list[str]]:
    """Every row's cell texts, header included, as a browser would read them."""
    return [[cell.text or "" for cell in row] for row in ElementTree.fromstring(html).iter("tr")]


class TestExactText:
    def test_money_has_its_currencys_places(self) -> None:
        assert ["10.50", "-0.05", "1000"] == [
            exact_text(Money.parse("10.5", "USD")),
            exact_text(Money.parse("-0.05", "USD")),
            exact_text(Money.parse("1000", "JPY")),
        ]

    def test_an_exact_amount_keeps_every_place_it_has(self) -> None:
        assert ["0.005", "0.50", "-0.0025"] == [
            exact_text(ExactMoney.parse("0.005", "USD")),
            exact_text(ExactMoney.parse("0.5", "USD")),
            exact_text(ExactMoney.parse("-0.0025", "USD")),
        ]

    def test_an_amount_that_never_ends_is_a_ratio_of_major_units(self) -> None:
        assert ["1/210", "-1/300"] == [
            exact_text(ExactMoney.parse("1/210", "USD")),
            exact_text(ExactMoney(Fraction(-1, 3), Money.zero("USD").currency)),
        ]

    @given(money())
    def test_money_reads_back_exactly(self, amount: Money) -> None:
        text = exact_text(amount)
        assert amount == Money.parse(text, amount.currency)
        assert amount.to_decimal() == Decimal(text)

    @given(exact_money())
    def test_an_exact_amount_reads_back_exactly(self, amount: ExactMoney) -> None:
        text = exact_text(amount)
        assert amount == ExactMoney.parse(text, amount.currency)
        assert amount.minor == Fraction(text) * 10**amount.currency.exponent


class TestRatioText:
    @given(st.fractions())
    def test_reads_back_exactly(self, value: Fraction) -> None:
        assert value == Fraction(ratio_text(value))

    def test_is_a_decimal_when_it_ends(self) -> None:
        assert ["2.5", "-3", "1/3"] == [
            ratio_text(Fraction(5, 2)),
            ratio_text(Fraction(-3)),
            ratio_text(Fraction(1, 3)),
        ]


class TestHtmlTable:
    @given(st.lists(st.tuples(TEXT, TEXT), max_size=HTML_ROWS), TEXT)
    def test_any_text_is_escaped_into_well_formed_html(
        self, rows: list[tuple[str, str]], caption: str
    ) -> None:
        html = html_table(["a", "b"], rows, size=len(rows), caption=caption or "x")
        assert [["a", "b"], *map(list, rows)] == cells(html)
        assert (caption or "x") == ElementTree.fromstring(html).findtext("caption")

    def test_markup_in_a_cell_stays_text(self) -> None:
        html = html_table(["who"], [['<script>alert("x")</script>']], size=1)
        assert "<script>" not in html
        assert [["who"], ['<script>alert("x")</script>']] == cells(html)

    def test_shows_the_first_rows_then_how_many_more(self) -> None:
        rows = ([str(n)] for n in range(HTML_ROWS + 5))
        shown = cells(html_table(["n"], rows, size=HTML_ROWS + 5, tail=[["total"]]))
        assert [["n"], *([str(n)] for n in range(HTML_ROWS)), ["… 5 more"], ["total"]] == shown

    def test_reads_only_the_rows_it_shows(self) -> None:
        read = 0

        def endless() -> Iterator[list[str]]:
            nonlocal read
            for n in itertools.count():
                read += 1
                yield [str(n)]

        html = html_table(["n"], endless(), size=10**12)
        assert HTML_ROWS == read
        assert ["… 999,999,999,980 more"] == cells(html)[-1]

    def test_aligns_the_columns_named_right(self) -> None:
        table = ElementTree.fromstring(html_table(["a", "n"], [["x", "1"]], size=1, right={1}))
        styles = [cell.get("style") for cell in table.iter("td")]
        assert [None, "text-align:right"] == styles


class TestHtmlFields:
    @given(st.lists(st.tuples(TEXT, TEXT), max_size=5))
    def test_labels_and_values_are_rows(self, fields: list[tuple[str, str]]) -> None:
        assert [list(pair) for pair in fields] == cells(html_fields(fields))

    def test_a_block_holds_tables_one_under_the_other(self) -> None:
        block = ElementTree.fromstring(html_block(html_fields([("a", "1")]), html_fields([])))
        assert ["table", "table"] == [child.tag for child in block]


class TestTextFields:
    def test_values_line_up(self) -> None:
        assert "a    1\nbbb  2" == text_fields([("a", "1"), ("bbb", "2")])

    def test_no_fields_is_no_text(self) -> None:
        assert "" == text_fields([])
