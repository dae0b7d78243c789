"""The ledger's tables: the trial balance, postings and statements as records, repr and HTML."""

# Asserts read `expected == actual` (tests/README.md).

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given

from giftflow import (
    Account,
    AccountKind,
    Channel,
    Coins,
    CoinsPurchased,
    GiftEvent,
    GiftSent,
    History,
    Ledger,
    Money,
    Posting,
    Statement,
    Transaction,
    checkout,
    presets,
)
from giftflow._values._tables import HTML_ROWS
from giftflow.testing import ledgers, statements, transactions

K = AccountKind
T0 = datetime(2026, 11, 24, 12, tzinfo=UTC)
TIKTOK = attrs.evolve(presets.tiktok(), spending_rules=None)  # no viewer profiles needed
LEDGER_COLUMNS = ["account", "account_kind", "owner", "unit", "balance"]
POSTING_COLUMNS = [
    *("event_id", "kind", "at", "account", "account_kind", "owner", "unit", "units", "amount")
]
LINE_COLUMNS = ["account", "unit", "at", "event_id", "kind", "amount", "balance"]


def bought(pid: str, viewer: str = "v1", at: datetime = T0) -> CoinsPurchased:
    quote = TIKTOK.price_book.quote("coins_65", country="US", channel=Channel.IOS, at=at)
    return CoinsPurchased(id=pid, viewer=viewer, purchase=checkout(quote, purchase_id=pid))


def gift(gid: str, count: int = 5, at: datetime = T0) -> GiftSent:
    return GiftSent(
        gift=GiftEvent(
            id=gid, viewer="v1", gift="Rose", count=count, recipients="ana", country="US", at=at
        )
    )


def book(*, history: History = History.ALL) -> Ledger:
    ledger = Ledger(TIKTOK, history=history)
    ledger.apply(bought("p1"))
    ledger.apply(gift("g1"))
    return ledger


def cells(html: str) -> list[list[str]]:
    return [[cell.text or "" for cell in row] for row in ElementTree.fromstring(html).iter("tr")]


class TestLedgerRecords:
    def test_is_the_trial_balance_in_the_documented_columns(self) -> None:
        ledger = book()
        records = ledger.to_records()
        assert all(LEDGER_COLUMNS == list(row) for row in records)
        assert {(str(a), unit): v for (a, unit), v in ledger.balances().items()} == {
            (row["account"], row["unit"]): row["balance"] for row in records
        }
        assert [row["account"] for row in records] == [
            str(Account(K(row["account_kind"]), str(row["owner"]))) for row in records
        ]
        assert {
            "account": "viewer_wallet:v1",
            "account_kind": "viewer_wallet",
            "owner": "v1",
            "unit": "coins",
            "balance": 60,
        } in records

    @given(ledgers())
    def test_each_units_balances_add_up_to_the_ledgers_totals(self, ledger: Ledger) -> None:
        sums: dict[str, int] = {}
        for row in ledger.to_records():
            assert type(row["balance"]) is int
            assert type(row["unit"]) is str
            sums[row["unit"]] = sums.get(row["unit"], 0) + row["balance"]
        # totals() also lists a unit whose every balance is back at zero (a purchase
        # refunded in full), which has no rows: the rows' units are a subset, each summing
        # to its total, and every other total is zero.
        totals = ledger.totals()
        assert set(sums) <= set(totals)
        assert {unit: sums.get(unit, 0) for unit in totals} == totals
        assert [str(account) for account, _ in ledger.balances()] == [
            row["account"] for row in ledger.to_records()
        ]

    def test_an_empty_ledger_has_no_rows(self) -> None:
        assert [] == Ledger(TIKTOK).to_records()

    def test_becomes_a_polars_frame_whose_units_sum_to_zero(self) -> None:
        pl = pytest.importorskip("polars")
        frame = pl.DataFrame(book().to_records())
        assert LEDGER_COLUMNS == frame.columns
        assert pl.Int64 == frame.schema["balance"]
        sums = frame.group_by("unit").agg(pl.col("balance").sum()).sort("unit")
        assert [("USD", 0), ("coins", 0), ("diamonds", 0)] == sums.rows()


class TestLedgerRepr:
    def test_says_the_economy_events_accounts_and_units(self) -> None:
        ledger = book()
        accounts = len({account for account, _ in ledger.balances()})
        expected = (
            f"<giftflow.Ledger 'tiktok': 2 events, {accounts} accounts, units USD, coins, diamonds>"
        )
        assert expected == repr(ledger)

    def test_says_how_much_history_is_kept(self) -> None:
        assert repr(book(history=History.NONE)).startswith(
            "<giftflow.Ledger 'tiktok': 0 events kept (History.NONE), "
        )
        assert repr(book(history=History.last(1))).startswith(
            "<giftflow.Ledger 'tiktok': 1 events kept (the latest 1), "
        )
        restored = Ledger.restore(book().snapshot())
        assert repr(restored).startswith("<giftflow.Ledger 'tiktok': 0 events since restored, ")


class TestLedgerHtml:
    def test_is_a_summary_and_the_trial_balance(self) -> None:
        ledger = book()
        block = ElementTree.fromstring(ledger._repr_html_())
        summary, balances = list(block)
        assert ["ledger", "trial balance (whole units; money in minor units)"] == [
            summary.findtext("caption"),
            balances.findtext("caption"),
        ]
        rows = cells(ElementTree.tostring(balances, encoding="unicode"))
        assert ["account", "unit", "balance"] == rows[0]
        assert [[str(a), unit, f"{v:,}"] for (a, unit), v in ledger.balances().items()] == rows[1:]

    def test_shows_a_bounded_trial_balance(self) -> None:
        ledger = Ledger(TIKTOK)
        for n in range(HTML_ROWS):
            ledger.apply(bought(f"p{n}", viewer=f"v{n}", at=T0 + timedelta(seconds=n)))
        rows = cells(ledger._repr_html_())
        more = len(ledger.balances()) - HTML_ROWS
        assert more > 0
        assert [f"… {more:,} more"] == rows[-1]
        balances = ElementTree.fromstring(ledger._repr_html_())[1]
        assert HTML_ROWS + 1 == len(balances.findall("./tbody/tr"))


class TestTransactionRecords:
    def test_are_the_postings_in_the_documented_columns(self) -> None:
        tx = book().journal[1]
        records = tx.to_records()
        assert all(POSTING_COLUMNS == list(row) for row in records)
        assert {
            "event_id": "g1",
            "kind": "gift_sent",
            "at": "2026-11-24T12:00:00+00:00",
            "account": "platform_revenue",
            "account_kind": "platform_revenue",
            "owner": "",
            "unit": "USD",
            "units": 5,
            "amount": "0.05",
        } in records

    @given(transactions())
    def test_each_units_postings_add_up_to_zero_exactly(self, tx: Transaction) -> None:
        sums: dict[str, int] = {}
        for row, posting in zip(tx.to_records(), tx.postings, strict=True):
            units, amount = row["units"], row["amount"]
            assert type(units) is int
            assert type(amount) is str
            sums[posting.unit] = sums.get(posting.unit, 0) + units
            if type(posting.amount) is Money:
                scale = 10**posting.amount.currency.exponent
                assert Decimal(units) == Decimal(amount) * scale
            else:
                assert str(units) == amount
        assert all(total == 0 for total in sums.values())

    def test_a_journal_becomes_one_polars_frame(self) -> None:
        pl = pytest.importorskip("polars")
        ledger = book()
        frame = pl.DataFrame([row for tx in ledger.journal for row in tx.to_records()])
        assert POSTING_COLUMNS == frame.columns
        assert pl.Int64 == frame.schema["units"]
        sums = frame.group_by("event_id", "unit").agg(pl.col("units").sum())
        assert {0} == set(sums["units"].to_list())

    def test_html_lists_the_postings_and_escapes_the_metadata(self) -> None:
        wallet, issuance = Account(K.VIEWER_WALLET, "v1"), Account(K.COIN_ISSUANCE)
        tx = Transaction(
            event_id="e1",
            kind="coins_expired",
            at=T0,
            postings=(Posting(wallet, Coins(-5)), Posting(issuance, Coins(5))),
            metadata={"note": "<b>5 & more</b>"},
        )
        html = tx._repr_html_()
        assert "<b>" not in html
        assert [
            ["account", "amount"],
            ["viewer_wallet:v1", "-5 coins"],
            ["coin_issuance", "+5 coins"],
            ["note", "<b>5 & more</b>"],
        ] == cells(html)

    def test_html_of_a_transaction_without_metadata_is_one_table(self) -> None:
        wallet, issuance = Account(K.VIEWER_WALLET, "v1"), Account(K.COIN_ISSUANCE)
        postings = (Posting(wallet, Coins(-5)), Posting(issuance, Coins(5)))
        tx = Transaction(event_id="e1", kind="coins_expired", at=T0, postings=postings)
        table = ElementTree.fromstring(tx._repr_html_())
        assert "table" == table.tag
        assert "coins_expired e1 at 2026-11-24T12:00:00+00:00" == table.findtext("caption")


class TestStatementRecords:
    def test_are_the_lines_in_the_documented_columns(self) -> None:
        ledger = book()
        ledger.apply(gift("g2", count=3, at=T0 + timedelta(hours=1)))
        statement = ledger.creator_statement("ana", start=T0, end=T0 + timedelta(days=1))
        assert [
            {
                "account": "creator_balance:ana",
                "unit": "diamonds",
                "at": "2026-11-24T12:00:00+00:00",
                "event_id": "g1",
                "kind": "gift_sent",
                "amount": 5,
                "balance": 5,
            },
            {
                "account": "creator_balance:ana",
                "unit": "diamonds",
                "at": "2026-11-24T13:00:00+00:00",
                "event_id": "g2",
                "kind": "gift_sent",
                "amount": 3,
                "balance": 8,
            },
        ] == statement.to_records()

    @given(statements())
    def test_opening_and_the_amounts_make_the_closing(self, statement: Statement) -> None:
        records = statement.to_records()
        assert all(LINE_COLUMNS == list(row) for row in records)
        amounts = [row["amount"] for row in records]
        assert all(type(amount) is int for amount in amounts)
        assert statement.closing == statement.opening + sum(amounts)  # type: ignore[arg-type]

    def test_notebook_text_of_many_lines_is_a_summary(self) -> None:
        pretty = pytest.importorskip("IPython.lib.pretty")
        ledger = book()
        for n in range(HTML_ROWS):
            ledger.apply(gift(f"g{n + 2}", count=1, at=T0 + timedelta(minutes=n)))
        end = T0 + timedelta(days=1)
        many = ledger.creator_statement("ana", start=T0, end=end)
        assert (
            "<giftflow.Statement creator_balance:ana in diamonds, 2026-11-24 12:00 to "
            "2026-11-25 12:00: opening 0, 21 lines, closing 25>"
        ) == pretty.pretty(many)
        few = ledger.viewer_history("v1", start=T0, end=T0 + timedelta(seconds=1))
        assert repr(few) == pretty.pretty(few)

    def test_html_reads_as_the_text_does(self) -> None:
        ledger = book()
        statement = ledger.viewer_history("v1", start=T0, end=T0 + timedelta(days=1))
        table = ElementTree.fromstring(statement._repr_html_())
        assert str(statement).splitlines()[0] == table.findtext("caption")
        assert [
            ["at", "movement", "amount", "balance"],
            ["", "opening balance", "", "0"],
            ["2026-11-24 12:00", "coins_purchased p1", "+65", "65"],
            ["2026-11-24 12:00", "gift_sent g1", "-5", "60"],
            ["", "closing balance", "", "60"],
        ] == cells(statement._repr_html_())
