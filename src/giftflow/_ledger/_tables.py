"""Records, repr and HTML of the ledger: its trial balance, transactions and statements.

The functions here are methods of :class:`~giftflow.Ledger`,
:class:`~giftflow.Transaction` and :class:`~giftflow.Statement` (each class binds them),
written with the shared helpers of ``_values/_tables.py``. A ledger's balances are whole
units of a unit named by its code (minor units for money), as
:meth:`~giftflow.Ledger.balance` returns them, so its tables keep them as ``int``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from giftflow._values._money import Money
from giftflow._values._tables import (
    Pretty,
    Record,
    exact_text,
    html_block,
    html_fields,
    html_table,
    instant_text,
    short_repr,
)

if TYPE_CHECKING:
    from giftflow._ledger._book import Ledger
    from giftflow._ledger._journal import Transaction
    from giftflow._ledger._statements import Statement

__all__ = [
    "ledger_html",
    "ledger_records",
    "ledger_repr",
    "statement_closing",
    "statement_heading",
    "statement_html",
    "statement_pretty",
    "statement_records",
    "statement_rows",
    "transaction_html",
    "transaction_records",
]


def ledger_records(ledger: Ledger) -> list[Record]:
    """The trial balance as plain records: every non-zero balance, by account and unit.

    Columns, in order: ``account`` (as ``str(account)`` prints it: ``'viewer_wallet:v1'``),
    ``account_kind`` (``'viewer_wallet'``), ``owner`` (``''`` for the platform's own
    accounts), ``unit`` (a currency code, ``'coins'`` or ``'diamonds'``) and ``balance``
    (an ``int`` of whole units, minor units for money, as :meth:`balance` returns). Rows
    are in the order of :meth:`balances`; each unit's balances add up to zero. The
    journal's postings are :meth:`Transaction.to_records <giftflow.Transaction.to_records>`.

    >>> from datetime import date, datetime, timezone
    >>> from giftflow import Channel, CoinsPurchased, Ledger, Viewer, checkout, presets
    >>> economy = presets.tiktok()
    >>> quote = economy.price_book.quote("coins_65", country="US", channel=Channel.IOS,
    ...                                  at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    >>> ledger = Ledger(economy, viewers={"v1": Viewer(country="US", birth_date=date(1990, 5, 1))})
    >>> _ = ledger.apply(CoinsPurchased(id="p1", viewer="v1",
    ...                                 purchase=checkout(quote, purchase_id="p1")))
    >>> ledger.to_records()[-1]
    {'account': 'viewer_wallet:v1', 'account_kind': 'viewer_wallet', 'owner': 'v1', 'unit': 'coins', 'balance': 65}
    >>> sum(row["balance"] for row in ledger.to_records() if row["unit"] == "USD")
    0
    """
    return [
        {
            "account": str(account),
            "account_kind": account.kind.value,
            "owner": account.owner,
            "unit": unit,
            "balance": balance,
        }
        for (account, unit), balance in ledger.balances().items()
    ]


def _summary(ledger: Ledger) -> tuple[str, int, list[str]]:
    # What the ledger holds: its events, how many accounts have a balance, in which units.
    balances = ledger.balances()
    events = f"{len(ledger.events):,} events"
    keep = ledger.history.keep
    if keep is not None:
        events += f" kept (the latest {keep:,})" if keep else " kept (History.NONE)"
    elif not ledger._whole:
        events += " since restored"
    accounts = len({account for account, _ in balances})
    return events, accounts, sorted({unit for _, unit in balances})


def ledger_repr(ledger: Ledger) -> str:
    """A short summary: ``<giftflow.Ledger 'tiktok': 2 events, 5 accounts, units USD, coins>``.

    >>> from giftflow import Ledger, presets
    >>> Ledger(presets.tiktok())
    <giftflow.Ledger 'tiktok': 0 events, 0 accounts>
    """
    events, accounts, units = _summary(ledger)
    shown = f", units {', '.join(units)}" if units else ""
    return f"<giftflow.Ledger {ledger.economy.name!r}: {events}, {accounts:,} accounts{shown}>"


def ledger_html(ledger: Ledger) -> str:
    """The summary and the first rows of the trial balance, as HTML."""
    events, accounts, units = _summary(ledger)
    balances = ledger.balances()
    fields = [
        ("economy", ledger.economy.name),
        ("events", events),
        ("accounts", f"{accounts:,}"),
        ("units", ", ".join(units) or "none"),
        ("each unit sums to", "0"),
    ]
    return html_block(
        html_fields(fields, caption="ledger"),
        html_table(
            ["account", "unit", "balance"],
            ((str(account), unit, f"{value:,}") for (account, unit), value in balances.items()),
            size=len(balances),
            caption="trial balance (whole units; money in minor units)",
            right={2},
        ),
    )


def transaction_records(transaction: Transaction) -> list[Record]:
    """The postings as plain records, in the transaction's order.

    Columns, in order: ``event_id``, ``kind``, ``at`` (ISO 8601), ``account``,
    ``account_kind``, ``owner``, ``unit`` (a currency code, ``'coins'`` or
    ``'diamonds'``), ``units`` (the signed ``int`` of whole units, minor units for
    money) and ``amount`` (the same exactly, as decimal text in major units:
    ``'-0.05'``, ``'65'``). Each unit's ``units`` add up to zero. A whole journal is
    ``[row for tx in ledger.journal for row in tx.to_records()]``.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Account, AccountKind, Coins, Posting, Transaction
    >>> tx = Transaction(event_id="e1", kind="coins_expired",
    ...                  at=datetime(2026, 11, 24, tzinfo=timezone.utc),
    ...                  postings=(Posting(Account(AccountKind.VIEWER_WALLET, "v1"), Coins(-5)),
    ...                            Posting(Account(AccountKind.COIN_ISSUANCE), Coins(5))))
    >>> tx.to_records()[0]
    {'event_id': 'e1', 'kind': 'coins_expired', 'at': '2026-11-24T00:00:00+00:00', 'account': 'viewer_wallet:v1', 'account_kind': 'viewer_wallet', 'owner': 'v1', 'unit': 'coins', 'units': -5, 'amount': '-5'}
    """
    at = instant_text(transaction.at)
    rows: list[Record] = []
    for posting in transaction.postings:
        account, amount, units = posting.account, posting.amount, posting.units
        rows.append(
            {
                "event_id": transaction.event_id,
                "kind": transaction.kind,
                "at": at,
                "account": str(account),
                "account_kind": account.kind.value,
                "owner": account.owner,
                "unit": posting.unit,
                "units": units,
                "amount": exact_text(amount) if type(amount) is Money else str(units),
            }
        )
    return rows


def transaction_html(transaction: Transaction) -> str:
    """The postings, and the metadata if any, as HTML."""
    postings = transaction.postings
    table = html_table(
        ["account", "amount"],
        ((str(posting.account), posting._signed()) for posting in postings),
        size=len(postings),
        caption=f"{transaction.kind} {transaction.event_id} at {instant_text(transaction.at)}",
        right={1},
    )
    if not transaction.metadata:
        return table
    return html_block(table, html_fields(transaction.metadata.items(), caption="metadata"))


def _minute(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M")


def statement_heading(statement: Statement) -> str:
    """What a statement covers: ``creator_balance:ana in diamonds, 2026-11-02 00:00 to ...``."""
    period = f"{_minute(statement.start)} to {_minute(statement.end)}"
    return f"{statement.account} in {statement.unit}, {period}"


def statement_rows(statement: Statement) -> Iterator[tuple[str, str, str, str]]:
    """The opening balance, then each line: (time, movement, amount, balance after)."""
    yield "", "opening balance", "", f"{statement.opening:,}"
    for line in statement.lines:
        movement = f"{line.kind} {line.event_id}"
        yield _minute(line.at), movement, f"{line.amount:+,}", f"{line.balance:,}"


def statement_closing(statement: Statement) -> tuple[str, str, str, str]:
    """The last row of a statement: its closing balance."""
    return "", "closing balance", "", f"{statement.closing:,}"


def statement_records(statement: Statement) -> list[Record]:
    """The lines as plain records, in the statement's (effective-time) order.

    Columns, in order: ``account``, ``unit``, ``at`` (ISO 8601), ``event_id``, ``kind``,
    ``amount`` and ``balance`` (``int`` whole units, minor units for money: the change
    and the balance after it). ``opening`` plus the amounts is ``closing``, exactly.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Account, AccountKind, Statement, StatementLine
    >>> day = datetime(2026, 11, 24, tzinfo=timezone.utc)
    >>> line = StatementLine(at=day, event_id="p1", kind="coins_purchased", amount=65, balance=65)
    >>> Statement(account=Account(AccountKind.VIEWER_WALLET, "v1"), unit="coins", start=day,
    ...           end=day.replace(day=25), opening=0, lines=(line,), closing=65).to_records()
    [{'account': 'viewer_wallet:v1', 'unit': 'coins', 'at': '2026-11-24T00:00:00+00:00', 'event_id': 'p1', 'kind': 'coins_purchased', 'amount': 65, 'balance': 65}]
    """
    account = str(statement.account)
    return [
        {
            "account": account,
            "unit": statement.unit,
            "at": instant_text(line.at),
            "event_id": line.event_id,
            "kind": line.kind,
            "amount": line.amount,
            "balance": line.balance,
        }
        for line in statement.lines
    ]


def statement_html(statement: Statement) -> str:
    """The statement as HTML: opening balance, the first lines, closing balance."""
    return html_table(
        ["at", "movement", "amount", "balance"],
        statement_rows(statement),
        size=len(statement.lines) + 1,
        caption=statement_heading(statement),
        right={2, 3},
        tail=[statement_closing(statement)],
    )


def statement_pretty(statement: Statement, printer: Pretty, cycle: bool) -> None:
    """IPython's plain text: the ``repr``, or a summary when there are many lines."""
    summary = (
        f"<giftflow.Statement {statement_heading(statement)}: opening {statement.opening:,}, "
        f"{len(statement.lines):,} lines, closing {statement.closing:,}>"
    )
    short_repr(printer, statement, len(statement.lines), summary)
