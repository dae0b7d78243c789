"""Tables for programs and for people, written once for every value that has rows.

``to_records()`` gives plain rows (:data:`Record`) that JSON, pandas and polars take as
they are; ``_repr_html_()`` a table for notebooks. Every value builds its rows in its
wing's ``_tables`` module with the helpers here, so exact text, escaping and the bound
on rows shown are each written once (``docs/design.md``, "Records and HTML").
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from fractions import Fraction
from itertools import islice
from math import gcd
from typing import Protocol

from giftflow._values._money import ExactMoney, Money
from giftflow._values._numbers import decimal_text, format_scaled

__all__ = [
    "HTML_ROWS",
    "Pretty",
    "Record",
    "exact_text",
    "fraction_text",
    "html_block",
    "html_fields",
    "html_table",
    "instant_text",
    "ratio_text",
    "short_repr",
    "text_fields",
]

Record = dict[str, str | int | None]
"""One row of a ``to_records()`` table: column name to a plain JSON value.

Money is exact decimal text in major units (``'0.05'``) beside a ``currency`` column;
an exact amount whose decimals never end (a third of a cent) is a ratio of major units
(``'1/300'``). Either reads back exactly with ``ExactMoney.parse(text, currency)`` or
``fractions.Fraction(text)``. Coins, diamonds and a ledger's whole units are ``int``;
times are ISO 8601 text; ``None`` is absent or unknown. Each type documents its columns,
always in the same order.
"""

HTML_ROWS = 20
"""The rows an HTML table shows before one row saying how many more there are."""


def ratio_text(value: Fraction) -> str:
    """``value`` as exact text: a decimal when it ends, else a ratio in lowest terms.

    >>> ratio_text(Fraction(15, 2)), ratio_text(Fraction(4)), ratio_text(Fraction(-1, 3))
    ('7.5', '4', '-1/3')
    """
    return fraction_text(value.numerator, value.denominator)


def fraction_text(numerator: int, denominator: int, places: int = 0) -> str:
    """``numerator / denominator`` as :func:`ratio_text` writes it, from ints.

    A decimal with at least ``places`` decimals when it ends; else the ratio in lowest
    terms. ``denominator`` must be positive.

    >>> fraction_text(3, 200, 2), fraction_text(10, 2100)
    ('0.015', '1/210')
    """
    text = decimal_text(numerator, denominator, places)
    if text is not None:
        return text
    common = gcd(numerator, denominator)
    return f"{numerator // common}/{denominator // common}"


def exact_text(amount: Money | ExactMoney) -> str:
    """An amount in major units as exact text, with at least its currency's places.

    Money is always a decimal; an exact amount that never ends is a ratio.

    >>> exact_text(Money.parse("10.5", "USD")), exact_text(ExactMoney.parse("0.005", "USD"))
    ('10.50', '0.005')
    >>> exact_text(ExactMoney.parse("1/210", "USD"))
    '1/210'
    """
    exponent = amount.currency.exponent
    if type(amount) is Money:
        return format_scaled(amount.minor, exponent)
    minor = amount.minor
    return fraction_text(minor.numerator, minor.denominator * 10**exponent, exponent)


def instant_text(at: datetime) -> str:
    """An instant as ISO 8601 text, in the offset it was given with.

    >>> from datetime import timezone
    >>> instant_text(datetime(2026, 11, 24, 20, tzinfo=timezone.utc))
    '2026-11-24T20:00:00+00:00'
    """
    return at.isoformat()


def text_fields(fields: Iterable[tuple[str, str]]) -> str:
    """Labels and values for a terminal, the values lined up.

    >>> print(text_fields([("gross", "20.00 USD"), ("net", "19.60 USD")]))
    gross  20.00 USD
    net    19.60 USD
    """
    rows = list(fields)
    width = max((len(label) for label, _ in rows), default=0)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)


class Pretty(Protocol):
    """What IPython passes to ``_repr_pretty_``: a printer that takes text."""

    def text(self, obj: str) -> None: ...


def short_repr(printer: Pretty, full: object, rows: int, summary: str) -> None:
    """Print ``repr(full)`` for IPython when it has at most :data:`HTML_ROWS` rows, else ``summary``.

    IPython keeps a plain-text form beside the HTML of every output; a value of a
    million rows would otherwise write its whole ``repr`` into the notebook.
    """
    printer.text(repr(full) if rows <= HTML_ROWS else summary)


def _cell(tag: str, text: str, right: bool) -> str:
    # The one place text enters HTML: escaped, quotes included.
    style = ' style="text-align:right"' if right else ""
    return f"<{tag}{style}>{html.escape(text)}</{tag}>"


def _row(cells: Sequence[str], right: Collection[int], tag: str = "td") -> str:
    return "<tr>" + "".join(_cell(tag, text, i in right) for i, text in enumerate(cells)) + "</tr>"


def html_table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    size: int,
    caption: str = "",
    right: Collection[int] = (),
    tail: Iterable[Sequence[str]] = (),
) -> str:
    """A ``<table>`` of the first :data:`HTML_ROWS` of ``rows``, then ``… N more``, then ``tail``.

    Args:
        header: The column names.
        rows: The cells of each row, as text (read lazily: only those shown).
        size: How many rows there are in all.
        caption: Shown above the table.
        right: The columns aligned right (numbers).
        tail: Rows always shown last (totals, a closing balance).

    >>> html_table(["who", "coins"], [["<ana>", "5"]], size=1, right={1})
    '<table><thead><tr><th>who</th><th style="text-align:right">coins</th></tr></thead><tbody><tr><td>&lt;ana&gt;</td><td style="text-align:right">5</td></tr></tbody></table>'
    >>> print(html_table(["n"], ([str(n)] for n in range(10**9)), size=10**9).count("<tr>"))
    22
    """
    parts = ["<table>"]
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append(f"<thead>{_row(header, right, 'th')}</thead><tbody>")
    parts.extend(_row(cells, right) for cells in islice(rows, HTML_ROWS))
    if size > HTML_ROWS:
        more = html.escape(f"… {size - HTML_ROWS:,} more")
        parts.append(f'<tr><td colspan="{len(header)}">{more}</td></tr>')
    parts.extend(_row(cells, right) for cells in tail)
    parts.append("</tbody></table>")
    return "".join(parts)


def html_fields(fields: Iterable[tuple[str, str]], *, caption: str = "") -> str:
    """A two-column ``<table>`` of labels and values (a summary).

    >>> html_fields([("events", "2")], caption="a & b")
    '<table><caption>a &amp; b</caption><tbody><tr><th style="text-align:left">events</th><td>2</td></tr></tbody></table>'
    """
    parts = ["<table>"]
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<tbody>")
    parts.extend(
        f'<tr><th style="text-align:left">{html.escape(label)}</th>'
        f"<td>{html.escape(value)}</td></tr>"
        for label, value in fields
    )
    parts.append("</tbody></table>")
    return "".join(parts)


def html_block(*parts: str) -> str:
    """Tables made by :func:`html_table` and :func:`html_fields`, one under the other.

    >>> html_block(html_fields([]), html_fields([]))
    '<div><table><tbody></tbody></table><table><tbody></tbody></table></div>'
    """
    return "<div>" + "".join(parts) + "</div>"
