"""Records and HTML of coins out: value traces and settlements.

The functions here are the ``to_records`` and ``_repr_html_`` methods of
:class:`~giftflow.ValueTrace` and :class:`~giftflow.Settlement` (each class binds them),
written with the shared helpers of ``_values/_tables.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from giftflow._coins_out._totals import Totals
from giftflow._values._display import show_exact
from giftflow._values._money import ExactMoney
from giftflow._values._tables import (
    Pretty,
    Record,
    exact_text,
    fraction_text,
    html_block,
    html_fields,
    html_table,
    short_repr,
)

if TYPE_CHECKING:
    from giftflow._coins_out._settlement import Settlement
    from giftflow._coins_out._trace import ValueTrace

__all__ = [
    "settlement_html",
    "settlement_pretty",
    "settlement_records",
    "trace_html",
    "trace_records",
]


def trace_records(trace: ValueTrace) -> list[Record]:
    """The rows as plain records, one per destination of the money, in the trace's order.

    Columns, in order: ``party`` (``'tax'``, ``'store'``, ``'creator'``, ...), ``label``,
    ``amount`` (exact text in major units: a decimal, or a ratio such as ``'1/3'`` when
    it never ends), ``currency`` (the code of the currency paid) and ``diamonds`` (an
    ``int`` on creator rows, else ``None``). The amounts add up exactly to ``paid``.

    >>> from datetime import datetime, timezone
    >>> from fractions import Fraction
    >>> from giftflow import Carry, Channel, GiftEvent, Wallet, checkout, presets, send_gift, trace
    >>> economy = presets.twitch_bits()
    >>> at = datetime(2026, 11, 24, 20, tzinfo=timezone.utc)
    >>> quote = economy.price_book.quote("bits_100", country="US", channel=Channel.WEB, at=at)
    >>> wallet = Wallet().credit(*checkout(quote, purchase_id="p1").lots)
    >>> cheer = GiftEvent(id="e1", viewer="v1", gift="Cheer100", count=1, recipients="ana",
    ...                   country="US", at=at)
    >>> records = trace(send_gift(economy, wallet, cheer, carry=Carry())).to_records()
    >>> records[0]
    {'party': 'creator', 'label': 'creator ana: 100 Bits', 'amount': '1.00', 'currency': 'USD', 'diamonds': 100}
    >>> sum(Fraction(row["amount"]) for row in records)
    Fraction(7, 5)
    """
    code = trace.currency.code
    return [
        {
            "party": row.party,
            "label": row.label,
            "amount": exact_text(row.amount),
            "currency": code,
            "diamonds": None if row.diamonds is None else row.diamonds.amount,
        }
        for row in trace.rows
    ]


def trace_html(trace: ValueTrace) -> str:
    """The trace as an HTML table: where each amount went and its share of what was paid."""
    lines = trace._lines()
    paid, take_rate = trace._heading()
    return html_table(
        ["where", "amount", "share"],
        lines,
        size=len(lines),
        caption=f"{trace.count} x {trace.gift}, paid {paid}",
        right={1, 2},
        tail=[("creator take rate", "", take_rate)],
    )


def settlement_records(settlement: Settlement) -> list[Record]:
    """Per creator, in name order, the totals as plain records.

    Columns, in order: ``creator``, ``coins`` and ``diamonds`` (``int``),
    ``entitlement`` and ``carry`` (exact diamonds as text: a decimal, or a ratio such
    as ``'1/3'``), ``value`` (the entitlement's worth, exact text in major units) and
    ``currency`` (the code diamonds are valued in). Diamonds add up to
    :attr:`~giftflow.Settlement.diamonds`, values to :attr:`~giftflow.Settlement.value`,
    exactly. Gifts and agencies are the plain mappings ``gifts`` and ``agencies``.

    >>> from datetime import datetime, timezone
    >>> from giftflow import presets, settle
    >>> day = settle(presets.tiktok(), [("ana", "Rose", 3), ("bo", "Swan", 1)],
    ...              at=datetime(2026, 11, 24, tzinfo=timezone.utc), country="US")
    >>> day.to_records()[0]
    {'creator': 'ana', 'coins': 3, 'diamonds': 3, 'entitlement': '3', 'carry': '0', 'value': '0.015', 'currency': 'USD'}
    """
    currency = settlement.currency
    if currency is None:
        return []
    creators = settlement.creators
    assert type(creators) is Totals  # a settlement keeps its creators in columns
    code, scale, places = currency.code, 10**currency.exponent, currency.exponent
    # Read from the columns in ints: a million creators take seconds, not minutes.
    return [
        {
            "creator": name,
            "coins": coins,
            "diamonds": diamonds,
            "entitlement": fraction_text(numerator, denominator),
            "carry": fraction_text(numerator - diamonds * denominator, denominator),
            "value": fraction_text(value, unit * scale, places),
            "currency": code,
        }
        for name, coins, diamonds, numerator, denominator, value, unit in creators.rows()
    ]


def _optional(amount: ExactMoney | None) -> str:
    return "unknown (a record without net)" if amount is None else show_exact(amount)


def settlement_html(settlement: Settlement) -> str:
    """A summary of the settlement and its first creators' totals, as HTML."""
    fields = [
        ("events", f"{settlement.events:,} ({settlement.unfunded_events:,} without net)"),
        ("creators", f"{len(settlement.creators):,}"),
        ("diamonds", f"{settlement.diamonds.amount:,}"),
    ]
    value = settlement.value
    if value is not None:
        fields += [
            ("value", show_exact(value)),
            ("net", _optional(settlement.net)),
            ("platform", _optional(settlement.platform)),
        ]
    if settlement.rounding is not None:
        fields.append(("rounding", settlement.rounding.name))

    def rows() -> Iterator[tuple[str, str, str, str]]:
        for creator, total in settlement.creators.items():
            coins, diamonds = total.coins.amount, total.diamonds.amount
            yield creator, f"{coins:,}", f"{diamonds:,}", show_exact(total.value)

    return html_block(
        html_fields(fields, caption="settlement"),
        html_table(
            ["creator", "coins", "diamonds", "value"],
            rows(),
            size=len(settlement.creators),
            right={1, 2, 3},
        ),
    )


def settlement_pretty(settlement: Settlement, printer: Pretty, cycle: bool) -> None:
    """IPython's plain text: the ``repr``, or a summary when there are many creators."""
    value = settlement.value
    worth = "" if value is None else f", value {show_exact(value)}"
    summary = (
        f"<giftflow.Settlement: {settlement.events:,} events, {len(settlement.creators):,} "
        f"creators, {settlement.diamonds.amount:,} diamonds{worth}>"
    )
    short_repr(printer, settlement, len(settlement.creators), summary)
