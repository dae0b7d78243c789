"""The tour reconciles: every total it prints is added up here from the figures it printed.

These tests read only the printed text (as a reader would), never the library, so a tour
that printed a figure it had not shown the terms of, or a sum that does not add up, fails.
"""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import io
import re
from collections import Counter
from decimal import Decimal

import pytest

from giftflow._cli import main

NUMBER = r"-?~?[\d,]+(?:\.\d+)?"


@pytest.fixture(scope="module")
def tour() -> str:
    out = io.StringIO()
    assert 0 == main([], out)
    return out.getvalue()


def section(tour: str, number: int) -> str:
    """The text of section ``number`` (from its heading to the next one)."""
    match = re.search(rf"^{number}\. .*?(?=^{number + 1}\. |\Z)", tour, re.M | re.S)
    assert match is not None, f"no section {number}"
    return match.group(0)


def value(text: str) -> Decimal:
    return Decimal(text.replace("~", "").replace(",", ""))


def terms(expression: str) -> list[Decimal]:
    """The signed terms of ``a + b - c``."""
    expression = expression.strip()
    parts = re.findall(r"([+-]?)\s*(~?[\d,]+(?:\.\d+)?)", expression)
    assert parts, expression
    return [-value(number) if sign == "-" else value(number) for sign, number in parts]


def amount(line: str, label: str) -> Decimal:
    match = re.search(rf"{re.escape(label)}\s+({NUMBER}) USD", line)
    assert match is not None, (label, line)
    return value(match.group(1))


class TestExactMoney:
    def test_splits_and_remainders_add_back_to_the_whole(self, tour: str) -> None:
        text = section(tour, 1)
        split = re.search(r"(\S+) USD split 30:70 -> (\S+) USD \+ (\S+) USD", text)
        assert split is not None
        whole, store, rest = (value(part) for part in split.groups())
        assert (whole, Decimal("0.30")) == (store + rest, store)
        thirds = re.search(r"1\.00 USD in three -> (\S+) USD, (\S+) USD, (\S+) USD", text)
        assert thirds is not None
        assert Decimal("1.00") == sum(value(part) for part in thirds.groups())
        fee = re.search(r"2\.9% of (\S+) USD is (\S+) USD exactly: (\S+) USD .*, (\S+) USD", text)
        assert fee is not None
        price, exact, rounded, remainder = (value(part) for part in fee.groups())
        assert price * Decimal("0.029") == exact == rounded + remainder


class TestPurchases:
    def test_each_payment_splits_into_tax_fee_and_net(self, tour: str) -> None:
        blocks = re.findall(
            r"gross paid\s+(\S+) USD\n\s+tax\s+(\S+) USD\n\s+\w+ fee \(\w+\)\s+(\S+) USD\n"
            r"\s+platform net\s+(\S+) USD",
            section(tour, 2),
        )
        assert 3 == len(blocks)
        for gross, tax, fee, net in blocks:
            assert value(gross) == value(tax) + value(fee) + value(net)

    def test_the_viewers_total_adds_the_payments_and_the_coins(self, tour: str) -> None:
        text = section(tour, 2)
        grosses = [value(g) for g in re.findall(r"gross paid\s+(\S+) USD", text)]
        coins = [value(c) for c in re.findall(r"buys ([\d,]+) coins", text)]
        match = re.search(r"the viewers paid (.+?) = (\S+) USD for (.+?) = ([\d,]+) coins", text)
        assert match is not None
        assert grosses == terms(match.group(1))
        assert sum(grosses) == value(match.group(2))
        assert coins == terms(match.group(3))
        assert sum(coins) == value(match.group(4))


def traces(tour: str) -> list[str]:
    return re.findall(r"^   \d+ x .*?creator take rate: .*?$", section(tour, 3), re.M | re.S)


class TestTraces:
    def test_every_trace_adds_up_to_its_paid_line_and_to_100_percent(self, tour: str) -> None:
        found = traces(tour)
        assert 4 == len(found)
        for block in found:
            rows = re.findall(rf"^\s+(.+?)\s+({NUMBER}) USD\s+(-?[\d.]+)%$", block, re.M)
            (label, paid, share), *parts = rows
            assert ("paid", "100.0") == (label, share)
            assert value(paid) == sum(value(part) for _, part, _ in parts), block
            assert Decimal(100) == sum(Decimal(share) for _, _, share in parts), block

    def test_the_booked_diamonds_are_the_traced_ones_and_add_up(self, tour: str) -> None:
        text = section(tour, 3)
        traced = [value(d) for d in re.findall(r"creator ana: (\d+) diamonds", text)]
        booked = [value(d) for d in re.findall(r"booked: ana \+([\d,]+) diamonds", text)]
        assert traced == booked
        match = re.search(
            r"ana received (.+?) = ([\d,]+) diamonds, worth (\S+) USD each: (\S+) USD", text
        )
        assert match is not None
        assert booked == terms(match.group(1))
        assert sum(booked) == value(match.group(2))
        assert value(match.group(2)) * value(match.group(3)) == value(match.group(4))

    def test_each_gift_books_what_its_deferred_revenue_recognises(self, tour: str) -> None:
        for deferred, platform, agency in re.findall(
            r"deferred revenue -(\S+) USD, platform revenue \+(\S+) USD, agency \+(\S+) USD",
            section(tour, 3),
        ):
            assert value(deferred) == value(platform) + value(agency)


def postings(text: str) -> Counter[str]:
    """The sum per unit of ``account +N unit`` lines."""
    totals: Counter[str] = Counter()
    for number, unit in re.findall(r"^\s+\S+:?\S* ([+-][\d,.]+) (\w+)$", text, re.M):
        totals[unit] += value(number)  # type: ignore[assignment]
    return totals


class TestRefundAndPayout:
    def test_the_refund_balances_in_every_unit(self, tour: str) -> None:
        booked = postings(section(tour, 5))
        assert {"USD", "coins"} == set(booked)
        assert all(total == 0 for total in booked.values()), booked

    def test_the_payout_is_the_diamonds_value_less_what_rounding_leaves(self, tour: str) -> None:
        text = section(tour, 6)
        worth = value(re.search(r"worth (\S+) USD each: (\S+) USD", tour).group(2))  # type: ignore[union-attr]
        diamonds = re.search(r"diamonds\s+([\d,]+) of ([\d,]+)", text)
        assert diamonds is not None
        received = re.search(r"= ([\d,]+) diamonds, worth", tour)
        assert received is not None
        assert value(received.group(1)) == value(diamonds.group(1))
        assert worth == amount(text, "gross value")
        match = re.search(r"(\S+) USD rounded down is (\S+) USD: the (\S+) USD left", text)
        assert match is not None
        exact, gross, left = (value(part) for part in match.groups())
        assert (worth, amount(text, "gross")) == (exact, gross)
        assert exact == gross + left


class TestParties:
    def lines(self, tour: str) -> list[tuple[str, Decimal, str]]:
        text = section(tour, 7)
        found = re.findall(
            r"^   (\w+:?[\w-]*)\s+(-?[\d.]+) USD(?:  (.*)|\n      (.*))?$", text, re.M
        )
        return [(account, value(money), a or b) for account, money, a, b in found]

    def test_every_party_total_adds_the_postings_it_names(self, tour: str) -> None:
        lines = self.lines(tour)
        assert 9 == len(lines)
        for account, total, note in lines:
            if account.startswith("external:viewer"):
                paid = re.match(r"paid (\S+) USD(?:, refunded (\S+) USD)?", note)
                assert paid is not None, note
                refunded = value(paid.group(2)) if paid.group(2) else Decimal(0)
                assert -value(paid.group(1)) + refunded == total, (account, note)
            elif ":" in note:
                assert total == sum(terms(note.split(":")[-1])), (account, note)

    def test_every_posting_named_was_printed_before(self, tour: str) -> None:
        before = tour[: tour.index("\n7. ")]
        printed = Counter(abs(value(n)) for n in re.findall(r"[+-]?(\d[\d,]*\.\d\d) USD", before))
        for account, _, note in self.lines(tour):
            if ":" not in note:
                continue
            for term in terms(note.split(":")[-1]):
                assert printed[abs(term)] > 0, (account, term)

    def test_the_payout_line_is_the_plan_and_the_book_sums_to_zero(self, tour: str) -> None:
        lines = self.lines(tour)
        paid = {account: total for account, total, _ in lines}["external:ana"]
        assert amount(section(tour, 6), "paid") == paid
        match = re.search(r"sum: (.+) = (\S+) USD", section(tour, 7))
        assert match is not None
        assert [total for _, total, _ in lines] == terms(match.group(1))
        assert Decimal(0) == sum(terms(match.group(1))) == value(match.group(2))
        assert "trial balance, every unit: USD 0, coins 0, diamonds 0" in tour

    def test_the_coins_left_are_those_bought_less_those_sent_and_refunded(self, tour: str) -> None:
        bought = [value(c) for c in re.findall(r"buys ([\d,]+) coins", section(tour, 2))]
        sent = Counter[str]()
        for viewer, coins in re.findall(r"\(([\d,]+) coins?\), paid by (\S+)", section(tour, 3)):
            sent[coins] += int(value(viewer))
        refunded = value(re.search(r"viewer_wallet:\S+ -(\d+) coins", tour).group(1))  # type: ignore[union-attr]
        match = re.search(r"coins still in wallets: (.+?) = ([\d,]+) \((.+)\)", tour)
        assert match is not None
        viewers = match.group(3).split(", ")
        expected = [
            coins - sent[viewer] - (refunded if viewer == "viewer-web" else 0)
            for viewer, coins in zip(
                ["viewer-ios", "viewer-web", "viewer-whale"], bought, strict=True
            )
        ]
        assert (["viewer-ios", "viewer-web", "viewer-whale"], expected) == (
            viewers,
            terms(match.group(1)),
        )
        assert sum(expected) == value(match.group(2))
        assert re.search(rf"for the {match.group(2)} coins|coins not yet spent", tour)


class TestTracedBack:
    def test_the_payout_traces_back_to_the_printed_traces(self, tour: str) -> None:
        found = traces(tour)
        paid = [value(re.search(rf"paid\s+({NUMBER}) USD", b).group(1)) for b in found]  # type: ignore[union-attr]
        earned = [
            value(re.search(rf"creator ana: \d+ diamonds\s+({NUMBER}) USD", b).group(1))  # type: ignore[union-attr]
            for b in found
        ]
        text = section(tour, 8)
        sums = re.findall(r"((?:~?[\d.]+ \+ )+~?[\d.]+) = (~?[\d.]+) USD", text)
        assert 2 == len(sums)
        (viewers, viewers_total), (creator, creator_total) = sums
        assert (paid, sum(paid)) == (terms(viewers), value(viewers_total))
        assert (earned, sum(earned)) == (terms(creator), value(creator_total))
        match = re.search(r"was paid (\S+) USD \(.*the (\S+) USD rounded off", text)
        assert match is not None
        assert value(creator_total) == value(match.group(1)) + value(match.group(2))
        residue = re.search(r"rounding residue kept beside the books: (\S+) USD", tour)
        assert residue is not None
        assert value(residue.group(1)) == value(match.group(2))
